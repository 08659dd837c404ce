"""``writer report`` beside ``writer lint`` on the same files: the shared postmortems.

    python bench/report_vs_lint.py [--repeat N] [--format json|text|html] [-- extra writer args]

Both commands run as whole processes, with the same options, one after the other in each round
(so a load on the machine weighs on both), after one warm-up run of each (the grammar cache is
then warm for both, as in daily use). Prints each one's median, min and max wall time, peak RSS,
and the ratio of the medians, which the report should keep at 2 or under.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import CORPORA, Timing, markdown_files, need, time_command, writer_command

FOLDERS = ("postmortems-wild", "dfds-postmortems", "cncf-postmortems")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--format", default="json", choices=("json", "text", "markdown", "html"))
    parser.add_argument("extra", nargs="*", help="extra arguments for both commands")
    args = parser.parse_args()
    folders = [str(need(CORPORA / name)) for name in FOLDERS]
    files = [path for folder in folders for path in markdown_files(Path(folder))]
    writer = writer_command()
    with tempfile.TemporaryDirectory() as scratch:
        lint = [*writer, "lint", "--format", "json", "-o", f"{scratch}/lint.json", "--exit-zero"]
        report = [
            *writer,
            "report",
            "--format",
            args.format,
            "-o",
            f"{scratch}/report.{args.format}",
        ]
        lint += [*args.extra, *folders]
        report += [*args.extra, *folders]
        print(f"{len(files)} markdown files in {', '.join(FOLDERS)}")
        time_command("warm-up lint", lint, repeat=1)
        time_command("warm-up report", report, repeat=1)
        lint_runs: list[Timing] = []
        report_runs: list[Timing] = []
        for _ in range(args.repeat):
            lint_runs.append(time_command("writer lint", lint, repeat=1))
            report_runs.append(time_command("writer report", report, repeat=1))
    whole = []
    for label, runs in (
        ("writer lint --format json", lint_runs),
        (f"writer report --format {args.format}", report_runs),
    ):
        timing = Timing(
            label,
            tuple(t for run in runs for t in run.runs),
            max(run.peak_rss_mb for run in runs),
            runs[-1].exit_code,
        )
        whole.append(timing)
        print(timing.row())
    ratios = [b.runs[0] / a.runs[0] for a, b in zip(lint_runs, report_runs, strict=True)]
    print(
        f"report / lint: {whole[1].median / whole[0].median:.2f} (medians); per round "
        f"median {statistics.median(ratios):.2f}, max {max(ratios):.2f} (target: 2 or under)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
