"""``make fuzz``: the property tests, drawing fresh examples until the time is up.

``make test`` runs each property with a bounded number of examples (the "test" profile in
conftest.py). Here the "fuzz" profile draws 500 per round, with no example database and a
new random seed each round, and rounds repeat for ``FUZZ_SECONDS`` (default 120). A failure
prints Hypothesis's smallest failing example and exits 1.

Run: ``make fuzz`` or ``FUZZ_SECONDS=600 make fuzz``.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

os.environ["HYPOTHESIS_PROFILE"] = "fuzz"  # read when tests.conftest is imported below

from tests import (
    test_formats,
    test_metamorphic,
    test_properties,
    test_render,
)

TARGETS: list[Callable[[], None]] = [
    test_render.test_parse_of_render_gives_the_generated_document_back,
    test_metamorphic.test_copy_artifacts_that_keep_lines_on_generated_dumps,
    test_metamorphic.test_wrapping_and_blank_lines_on_generated_dumps,
    test_metamorphic.test_arbitrary_text_gives_a_document_or_our_error,
    test_metamorphic.test_arbitrary_bytes_give_a_document_or_our_error,
    test_metamorphic.test_text_of_the_patterns_own_characters_gives_a_document_or_our_error,
    test_properties.test_every_generated_paper_is_found_whole,
    test_properties.test_every_abstract_marker_opens_one_entry,
    test_formats.test_orjson_writes_the_bytes_the_standard_library_does,
]


def main() -> int:
    seconds = float(os.environ.get("FUZZ_SECONDS", "120"))
    start = time.monotonic()
    runs = 0
    while time.monotonic() - start < seconds:
        target = TARGETS[runs % len(TARGETS)]
        target()  # raises, with the smallest failing example, if the property fails
        runs += 1
        print(f"fuzz: {target.__name__}: 500 examples passed", flush=True)
    elapsed = time.monotonic() - start
    print(f"fuzz: {runs} runs of 500 examples ({runs * 500} in all) in {elapsed:.0f} s, no failure")
    return 0


if __name__ == "__main__":
    sys.exit(main())
