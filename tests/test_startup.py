"""The library stands alone, and the JSON path stays light (README, Performance)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROFILE_SEED


def modules_after(code: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(result.stdout.split())


def test_library_imports_no_click_rich_or_yaml() -> None:
    loaded = modules_after("import scholarparse; scholarparse.parse_text('Abstract: x')")
    assert not {"click", "rich", "yaml", "orjson"} & loaded


def test_json_output_imports_neither_rich_yaml_nor_orjson() -> None:
    code = (
        "import io, contextlib\nfrom scholarparse.cli import cli\n"
        "try:\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        f"        cli.main(['profile', {str(PROFILE_SEED)!r}, '--format', 'json'])\n"
        "except SystemExit:\n"
        "    pass"
    )
    loaded = modules_after(code)
    assert "json" in loaded
    assert not {"rich", "yaml", "tempfile", "orjson"} & loaded


def test_one_process_batch_imports_no_pool_spool_or_shutil(tmp_path: Path) -> None:
    # shutil alone brings zlib, bz2 and lzma: 3 ms of a batch's start-up.
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(PROFILE_SEED, dumps / name)
    output = tmp_path / "all.jsonl"
    code = (
        "from scholarparse.cli import cli\n"
        "try:\n"
        f"    cli.main(['batch', {str(dumps)!r}, '--jsonl', {str(output)!r}, '-j', '1', '-q'])\n"
        "except SystemExit:\n"
        "    pass"
    )
    loaded = modules_after(code)
    assert output.read_bytes().count(b"\n") == 2
    assert not {"multiprocessing", "tempfile", "shutil"} & loaded
