"""The chain of extractors: each reads the normalised text and fills one part of a ``Scan``.

Every extractor module has the same contract: a ``NAME`` and ``extract(scan) -> None``, which
stores raw strings (what the text says) on the scan. Turning them into typed values is
``scholarparse.build``'s job, so each layer can be tested alone. The chains below are the whole
order of work, one per layout.
"""

from __future__ import annotations

from types import ModuleType

from . import abstracts, header, papers
from .scan import Scan

CHAINS: dict[str, tuple[ModuleType, ...]] = {
    "profile": (header, papers),
    "abstracts": (abstracts,),
}


def run_chain(kind: str, scan: Scan) -> Scan:
    """Run the extractors of layout ``kind`` over ``scan`` in order."""
    for extractor in CHAINS[kind]:
        extractor.extract(scan)
    return scan


__all__ = ["CHAINS", "Scan", "run_chain"]
