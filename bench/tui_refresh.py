"""How long the drafting screen's refresh takes after a pause, on a 5,000-word postmortem.

    python bench/tui_refresh.py [--words N] [--repeat N] [--select PREFIX ...]

Times :func:`writer.tui.state.checking.check_draft`, the function the TUI's lint worker runs in its
thread after the author pauses: parse once, run the checks, map findings onto the outline.
Each round first makes a one-character edit, as typing would. Prints the median, 95th
percentile and maximum for structure and style checks (the refresh target is 150 ms), then
for every default check (grammar as configured: off unless a config turns it on).
Nothing here asserts a time; on a busy machine the figures are noisy.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from writer.api import Linter, LintOptions
from writer.templates import load_template
from writer.tui.state.checking import check_draft

SENTENCES = (
    "The checkout service returned errors for {n} percent of requests after the config push.",
    "On-call engineers saw the error rate climb on the payments dashboard within four minutes.",
    "We rolled back the change, and the error rate fell to its usual level of 0.1 percent.",
    "The canary stage did not catch the problem because it only received internal traffic.",
    "Customers who retried their orders were charged once; no payment data was lost.",
    "The alert fired late because its threshold was tuned for a much larger traffic volume.",
    "Our runbook described the rollback, but it pointed at a dashboard that no longer exists.",
    "The deploy tool allowed a config change to reach every region at the same time.",
)


def postmortem(words: int) -> str:
    """A realistic postmortem of about ``words`` words, every template section filled."""
    spec = load_template("postmortem")
    parts = [
        "---",
        "template: postmortem",
        "status: draft",
        "authors: [Ada Lovelace]",
        "date: 2026-03-14",
        "severity: SEV-2",
        "---",
        "",
        "# Postmortem: checkout errors after a config push",
        "",
    ]
    prose_sections = [s for s in spec.sections if s.id not in ("timeline", "action-items")]
    per_section = max(40, (words - 1500) // max(1, len(prose_sections)))
    counter = 0
    for section in spec.sections:
        parts += [f"{'#' * section.level} {section.title}", ""]
        if section.id == "timeline":
            parts += ["All times in UTC.", "", "| Time | Event |", "|------|-------|"]
            for minute in range(60):
                parts.append(
                    f"| 2026-03-14 14:{minute:02d} | Responders checked shard {minute} "
                    f"and saw {minute * 3} failed requests in the logs |"
                )
            parts.append("")
            continue
        if section.id == "action-items":
            parts += [
                "| Item | Type | Priority | Owner | Ticket | Due |",
                "|---|---|---|---|---|---|",
            ]
            for number in range(15):
                parts.append(
                    f"| Add a staged rollout for config change kind {number} | prevent | P1 | "
                    f"@team{number} | OPS-{100 + number} | 2026-04-{number + 1:02d} |"
                )
            parts.append("")
            continue
        written = 0
        paragraph: list[str] = []
        while written < per_section:
            sentence = SENTENCES[counter % len(SENTENCES)].format(n=counter % 40 + 1)
            counter += 1
            paragraph.append(sentence)
            written += len(sentence.split())
            if len(paragraph) == 4:
                parts += [" ".join(paragraph), ""]
                paragraph = []
        if paragraph:
            parts += [" ".join(paragraph), ""]
    return "\n".join(parts)


def measure(linter: Linter, text: str, spec: object, repeat: int) -> list[float]:
    path = Path("docs/postmortems/checkout.md")
    check_draft(linter, text, path, spec)  # warm caches: configs, compiled rules, templates
    timings = []
    for round_ in range(repeat):
        edited = text.replace("The canary stage", "The canary stage" + "x" * (round_ % 2), 1)
        started = time.perf_counter()
        check_draft(linter, edited, path, spec, generation=round_)
        timings.append(time.perf_counter() - started)
    return timings


def report(label: str, timings: list[float]) -> None:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(
        f"{label:<34} median {statistics.median(timings) * 1000:7.1f} ms  "
        f"p95 {p95 * 1000:7.1f} ms  max {max(timings) * 1000:7.1f} ms  (n={len(timings)})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    text = postmortem(args.words)
    spec = load_template("postmortem")
    words = len(text.split())
    print(f"postmortem: {words} words, {text.count(chr(10)) + 1} lines, {len(text)} characters")
    structure_style = Linter(LintOptions(select=("structure", "style"), grammar="off"))
    report("structure + style checks", measure(structure_style, text, spec, args.repeat))
    everything = Linter(LintOptions())
    report("all default checks", measure(everything, text, spec, args.repeat))
    print("target: refresh after a pause <= 150 ms for structure and style checks")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
