"""Checking costs time in proportion to the document: doubling an input about doubles the time.

For each shape that once grew faster than its size (a run of backticks, a long autolink, a long
front matter value, many headings, table rows, unclosed comments, ...) and for documents from
the fuzzer's grammar repeated, the CPU time of checking twice the input must stay under about
2.5 times that of the input. Then the hostile inputs themselves, each well under the time it
once took (backticks: 23 s for 2,000 of them and past 120 s for 4,000; a 50 KB autolink: 30 s; a
100 KB front matter value: past 5 minutes).

Benchmark-style: times are CPU times of this process (other processes on the machine barely
move them), the best of a few runs, with generous margins. ``-m "not benchmark"`` leaves these
out on a machine too busy to time anything.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_fuzz import markdown_documents
from writer.api import Linter, LintOptions

pytestmark = pytest.mark.benchmark

POSTMORTEM = (
    "# Checkout outage\n\n## Summary\n\nCheckout failed for 31 minutes.\n\n"
    "## Timeline\n\n| time | event |\n|---|---|\n| 14:02 | alert fired |\n"
    "| 14:33 | rolled back |\n\n## Action items\n\n- Cap retries (@lee, OPS-1)\n"
)

# name -> (document of size n, n giving a tenth of a second or so)
SHAPES: dict[str, tuple[Callable[[int], str], int]] = {
    "backticks": (lambda n: "# T\n\nx " + "`" * n + "\n", 20_000),
    "backtick lines": (lambda n: "# T\n\n" + ("x " + "`" * 50 + "\n\n") * n, 300),
    "autolink dots": (lambda n: "# T\n\n<a@" + "." * n + "\n", 40_000),
    "unclosed comments": (lambda n: "# T\n\n" + "<!-- a " * n + "\n", 5_000),
    "link brackets": (
        lambda n: f"---\ntemplate: postmortem\n---\n{POSTMORTEM}\n" + "](" * n,
        10_000,
    ),
    "front matter value": (
        lambda n: f"---\ntemplate: postmortem\ntimezone: {'a' * n}\n---\n{POSTMORTEM}",
        40_000,
    ),
    "front matter lines": (
        lambda n: f"---\ntemplate: postmortem\ntimezone: '{'x ' * n}'\n---\n{POSTMORTEM}",
        10_000,
    ),
    "front matter keys": (
        lambda n: "---\n" + "".join(f"key{i}: value {i}\n" for i in range(n)) + "---\n# T\n\nX.\n",
        1_500,
    ),
    "headings": (lambda n: "# heading\n" * n, 1_500),
    "table rows": (lambda n: "# T\n\n| a | b |\n|---|---|\n" + "| x | y |\n" * n, 1_500),
    "abbreviations": (lambda n: "# T\n\n" + "A. " * n + "\n", 5_000),
    "repeated words": (lambda n: "# T\n\n" + "the " * n + "\n", 5_000),
}


@pytest.fixture(scope="module")
def linter() -> Linter:
    linter = Linter(LintOptions(jobs=1))
    linter.lint_text(POSTMORTEM, "warm.md")  # style guides and templates loaded once
    return linter


def cpu_seconds(linter: Linter, text: str, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        linter.lint_text(text, "doc.md")
        best = min(best, time.process_time() - started)
    return best


def assert_linear(linter: Linter, make: Callable[[int], str], n: int) -> None:
    once = cpu_seconds(linter, make(n))
    twice = cpu_seconds(linter, make(2 * n))
    # 2.5 times, and 30 ms of slack for the timer's and the machine's noise
    assert twice <= 2.5 * once + 0.03, f"{once:.3f} s for n={n}, {twice:.3f} s for 2n"


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_doubling_the_input_about_doubles_the_time(linter: Linter, shape: str) -> None:
    make, n = SHAPES[shape]
    assert_linear(linter, make, n)


@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(markdown_documents())
def test_fuzzed_documents_repeated_grow_linearly(linter: Linter, text: str) -> None:
    unit = text.rstrip("\n") + "\n\n"
    copies = max(1, 4_000 // len(unit))
    assert_linear(linter, lambda n: unit * n, copies)


# ``WRITER_FUZZ_EXAMPLES=10000`` for a long session: that many documents for each shape.
EXAMPLES = int(os.environ.get("WRITER_FUZZ_EXAMPLES", "0")) or None
CAP_SECONDS = 10


class OverTime(Exception):
    pass


@contextlib.contextmanager
def time_cap(seconds: float) -> Iterator[None]:
    """Raise :class:`OverTime` in this thread if the block runs longer than ``seconds``."""

    def expire(_signum: int, _frame: object) -> None:
        raise OverTime(f"over {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("shape", sorted(SHAPES))
@settings(
    max_examples=EXAMPLES or 4,
    deadline=None,
    derandomize=EXAMPLES is None,
    suppress_health_check=list(HealthCheck),
)
@given(data=st.data())
def test_each_shape_inside_fuzzed_documents_is_checked_within_a_time_cap(
    linter: Linter, shape: str, data: st.DataObject
) -> None:
    make, n = SHAPES[shape]
    hostile = make(data.draw(st.integers(0, n), label="size"))
    around = data.draw(markdown_documents(), label="document")
    where = data.draw(st.sampled_from(("before", "after", "inside")), label="where")
    if where == "before":  # the shape's own front matter, if any, stays first
        text = hostile + around
    elif where == "after":
        text = around + hostile
    else:
        middle = len(around) // 2
        text = around[:middle] + hostile + around[middle:]
    with time_cap(CAP_SECONDS):
        result = linter.lint_text(text, "doc.md")
    assert not any("internal error" in notice for notice in result.notices), result.notices


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("# T\n\nx " + "`" * 4_000 + "\n", id="4,000 backticks"),
        pytest.param("# T\n\n" + ("x " + "`" * 200 + "\n\n") * 100, id="20 KB of backtick lines"),
        pytest.param("# T\n\n<a@" + "." * 50_000 + "\n", id="50 KB autolink"),
        pytest.param(
            f"---\ntemplate: postmortem\ntimezone: {'a' * 100_000}\n---\n{POSTMORTEM}",
            id="100 KB timezone value",
        ),
        pytest.param(
            "---\n" + "".join(f"key{i}: value {i}\n" for i in range(6_000)) + "---\n# T\n\nX.\n",
            id="100 KB front matter of many keys",
        ),
    ],
)
def test_hostile_inputs_are_checked_in_seconds(linter: Linter, text: str) -> None:
    started = time.process_time()
    linter.lint_text(text, "doc.md")
    assert time.process_time() - started < 10  # generous: well under a second here
