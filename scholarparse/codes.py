"""Every stable code scholarparse reports, with what it means: the README's tables in code.

Warnings land in a document's ``diagnostics`` and on stderr as ``FILE:LINE: warning: … [code]``;
errors stop a file's parse and print ``Error: FILE[:LINE]: … [code]``. Codes never change
meaning; tests check that each one raised is listed here and in the README.
"""

from __future__ import annotations

WARNING_CODES: dict[str, str] = {
    "encoding-guessed": "--encoding auto: the file is not UTF-8 and was read as Windows-1252",
    "missing-name": "the profile's first non-blank line is a metric, heading or paper",
    "text-before-name": "page text above the name (a copy started above the profile); kept "
    "in `extra`",
    "unknown-header-line": "a header line fits no known field; kept in `extra`",
    "duplicate-header-field": "a metric, topic or heading appears twice; the first is kept",
    "paper-count-mismatch": "the `N Papers` heading differs from the papers found",
    "duplicate-paper": "a paper repeats an earlier one (same meta line, title and authors "
    "line): both are kept",
    "missing-title": "a paper meta line has nothing after it",
    "missing-authors": "a paper has no authors line (the paragraph there reads as prose)",
    "bad-date": "a paper's date is not a real date (e.g. Feb 30); `date` is null",
    "date-after-as-of": "a paper is dated after the reference date: is `--as-of` right?",
    "suspect-meta-line": "an abstract line looks like a meta line whose date cannot be read",
    "text-before-first-abstract": "text before the first `Abstract:` marker; kept as `preamble`",
    "empty-abstract": "an `Abstract:` marker with no text",
    "ambiguous-link": "link: an abstract is about as close to two papers; left unmatched "
    "rather than linked to the wrong one",
    "copies-out-of-order": "diff: the OLD copy is dated after the NEW one",
    "undated-export": "bibtex, csl-json, ris: a paper without a readable date is exported "
    "without one (never with a guessed year)",
}

ERROR_CODES: dict[str, str] = {
    "file-not-found": "the file does not exist",
    "is-a-directory": "a directory was named where a file is needed",
    "permission-denied": "the file cannot be read with your permissions",
    "read-error": "the operating system failed to read the file",
    "empty-input": "the input is empty or holds only whitespace",
    "binary-input": "the input holds NUL characters: not a text dump",
    "decode-error": "the bytes are not valid in the encoding (default UTF-8)",
    "unknown-encoding": "the encoding name is not one Python knows",
    "write-error": "the output cannot be written (missing directory, full disk, closed stream)",
    "unknown-layout": "`parse` found neither layout's telling lines",
    "wrong-layout": "`profile` was given an abstract-only dump, or the reverse",
    "unsafe-output-path": "-o names one of the inputs; batch: the output would leave the "
    "--out-dir directory (a symbolic link on the way), replace something that is not a regular "
    "file, or replace an input",
    "output-collision": "batch --out-dir: two inputs map to the same output file (a.txt, a.md)",
    "no-inputs": "batch: no file under the directories named matches --glob",
    "bad-database": "batch --db: the file is not a database scholarparse wrote, or it is damaged",
    "bad-json": "render: the input is not JSON or JSON Lines (the line of the fault is given)",
    "bad-document": "render: the JSON is not a scholarparse document (the wrong field is named)",
    "not-one-document": "render: the input holds several documents (or none); render one",
    "worker-died": "batch --jobs: a worker process was killed (out of memory, a signal); "
    "the batch stops and --resume finishes it",
    "unsupported-format": "the format cannot hold the documents: csv of both layouts (or of a "
    "link or diff), bibtex, csl-json or ris of anything but a profile; the formats that can "
    "are named",
    "missing-extra": "an option needs an optional extra that is not installed (--parquet: "
    "pyarrow, --dask: dask[distributed]); the hint names the pip install",
    "dask-error": "batch --dask: the scheduler cannot be reached, or the cluster cannot start",
    "internal-error": "a bug in scholarparse: please report it with the --debug traceback",
}
