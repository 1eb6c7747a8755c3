"""Optional extras: heavy packages a few options need (``pyarrow`` for ``--parquet``, ``dask``
for ``--dask``), imported only by those options, and a plain error when one is missing."""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import ScholarparseError


class MissingExtra(ScholarparseError):
    """An option needs a package that is not installed; the hint says how to install it."""

    code = "missing-extra"

    def __str__(self) -> str:  # about the installation, not about a file
        return f"{self.message} [{self.code}]"


def require(module: str, extra: str, needed_by: str) -> ModuleType:
    """Import ``module``, or raise ``MissingExtra`` naming ``pip install 'scholarparse[extra]'``."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(
            f"{needed_by} needs {module.split('.')[0]}, which is not installed",
            hint=f"pip install 'scholarparse[{extra}]'",
        ) from None
