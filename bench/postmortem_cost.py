"""What the postmortem checks add to a 5,000-word postmortem's lint, the drafting screen's case.

    python bench/postmortem_cost.py [--words N] [--repeat N]

Lints the same synthetic postmortem ``bench/tui_refresh.py`` uses, with every default check and
then with every default check but the postmortem family, parse included, after a one-character
edit each round as typing would make; prints the medians side by side and their difference
(the postmortem checks' share of the 150 ms refresh budget). Then the reader alone:
:func:`writer.checks.postmortem.incident.read_incident` and the statements checked against it.
Nothing here asserts a time; on a busy machine the figures are noisy.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tui_refresh import postmortem

from writer.api import Linter, LintOptions


def timed(linter: Linter, text: str, repeat: int) -> list[float]:
    linter.lint_text(text, "docs/postmortems/checkout.md")
    out = []
    for round_ in range(repeat):
        edited = text.replace("The canary stage", "The canary stage" + "x" * (round_ % 2), 1)
        started = time.perf_counter()
        linter.lint_text(edited, "docs/postmortems/checkout.md")
        out.append(time.perf_counter() - started)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    text = postmortem(args.words)
    everything = Linter(LintOptions(grammar="off"))
    without = Linter(LintOptions(grammar="off", ignore=("postmortem",)))
    with_runs, without_runs = [], []
    for _ in range(3):  # interleaved, so machine load hits both alike
        with_runs += timed(everything, text, args.repeat // 3 + 1)
        without_runs += timed(without, text, args.repeat // 3 + 1)
    a, b = statistics.median(with_runs) * 1000, statistics.median(without_runs) * 1000
    print(f"postmortem: {len(text.split())} words")
    print(f"all default checks          median {a:7.1f} ms")
    print(f"without the postmortem ones median {b:7.1f} ms")
    print(f"postmortem checks add       {a - b:7.1f} ms ({100 * (a - b) / max(a, 1e-9):.0f}%)")
    from writer.checks.postmortem.consistency import problems
    from writer.checks.postmortem.incident import read_incident
    from writer.model.document import parse
    from writer.templates.matching import TemplateMatcher

    document = parse(text, "checkout.md")
    matcher = TemplateMatcher()
    incident = read_incident(document, None, matcher)
    reads, checks = [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        incident = read_incident(document, None, matcher)
        middle = time.perf_counter()
        problems(document, incident, matcher)
        reads.append(middle - started)
        checks.append(time.perf_counter() - middle)
    print(f"read_incident               median {statistics.median(reads) * 1000:7.1f} ms")
    print(f"statements vs the timeline  median {statistics.median(checks) * 1000:7.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
