"""scholarparse: turn raw text dumps of scholarly pages into clean, typed records.

The library never imports Click, Rich or PyYAML; those belong to the command line and to the
output formats that need them.
"""

from __future__ import annotations

from .api import parse_bytes, parse_file, parse_text, read_file
from .detect import Detection, detect
from .diffing import ProfileDiff, diff
from .errors import InputError, LayoutError, ScholarparseError
from .export import to_bibtex, to_csl_json, to_ris, undated_warnings
from .linking import Link, LinksDocument, link
from .model import (
    SCHEMA_VERSION,
    Abstract,
    AbstractsDocument,
    Diagnostic,
    Document,
    ExtraLine,
    Metrics,
    Paper,
    ProfileDocument,
)
from .render import render
from .stats import Stats, stats

__version__ = "0.7.3"

__all__ = [
    "SCHEMA_VERSION",
    "Abstract",
    "AbstractsDocument",
    "Detection",
    "Diagnostic",
    "Document",
    "ExtraLine",
    "InputError",
    "LayoutError",
    "Link",
    "LinksDocument",
    "Metrics",
    "Paper",
    "ProfileDiff",
    "ProfileDocument",
    "ScholarparseError",
    "Stats",
    "__version__",
    "detect",
    "diff",
    "link",
    "parse_bytes",
    "parse_file",
    "parse_text",
    "read_file",
    "render",
    "stats",
    "to_bibtex",
    "to_csl_json",
    "to_ris",
    "undated_warnings",
]
