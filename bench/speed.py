"""Start-up, throughput, the result cache and a baseline, side by side in one run.

    python bench/speed.py [--runs N] [--skip-peer]

In one run on this machine: the import floor (``python -c "import markdown_it, rapidfuzz,
yaml, regex"``), ``writer lint ONE.md`` as a whole process (a large KEP and a short postmortem,
no cache), markdownlint-cli2 (installed by ../shared/peers/install.sh) and writer on the KEP
corpus, writer cold (an empty cache) and warm (nothing changed); then a baseline written over a
copy of the corpus, the unchanged copy linted against it, one blame sentence added near the top
of a document (every line below it moves), and the run repeated. Each figure is wall time, CPU
time (user + system, children included) and peak memory; the ratios are what the targets are
about, since absolute times drift with the machine's load. Nothing here asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import KEPS, markdown_files, need, peer, writer_command

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
SMALL = CORPORA / "dfds-postmortems"
POSTMORTEMS = ("dfds-postmortems", "postmortems-wild")
ONE_KEP = "keps/sig-node/2400-node-swap/README.md"
ONE_POSTMORTEM = "dfds-postmortems/PM2020-004 - CoreDNS upgrade issue.md"
# Blame is checked in postmortems; a KEP gets a sentence with a doubled word instead.
BLAME = "The on-call engineer forgot to run the migration check before the rollout.\n"
DOUBLED = "The the rollout waits for the migration check.\n"


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    rss_mb: float
    code: int
    out: bytes


def run(argv: list[str], env: dict[str, str], cwd: Path | None = None) -> Run:
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=cwd
    )
    out = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    return Run(wall, cpu, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), out)


def median(argv: list[str], env: dict[str, str], runs: int) -> Run:
    run(argv, env)  # warm-up: bytecode and disk cache
    done = [run(argv, env) for _ in range(runs)]
    return Run(
        statistics.median(r.wall for r in done),
        statistics.median(r.cpu for r in done),
        max(r.rss_mb for r in done),
        done[-1].code,
        done[-1].out,
    )


def row(label: str, result: Run, note: str = "") -> None:
    print(
        f"{label:<44} wall {result.wall:7.3f} s  cpu {result.cpu:7.3f} s  "
        f"peak {result.rss_mb:6.1f} MB  exit {result.code}  {note}"
    )


def findings(out: bytes) -> list[tuple[str, int, str]]:
    data = json.loads(out)
    return [
        (entry["path"], finding["line"], finding["rule"])
        for entry in data["files"]
        for finding in entry["findings"]
    ]


def baseline_scenario(
    writer: list[str], env: dict[str, str], root: Path, document: str, sentence: str
) -> None:
    """Write a baseline over ``root``, lint it unchanged, add ``sentence`` under the
    document's first section heading (every line below moves), and lint again."""
    base = [*writer, "lint", "--baseline", "writer-baseline.json"]
    written = run([*base, "--update-baseline", "--format", "json", "."], env, root)
    entries = json.loads((root / "writer-baseline.json").read_text())["findings"]
    row(f"--update-baseline ({root.name})", written, f"{len(entries)} entries")
    again = run([*base, "--format", "json", "."], env, root)
    row("unchanged, against the baseline", again, f"{len(findings(again.out))} reported")
    target = root / document
    text = target.read_text(encoding="utf-8")
    after = text.index("\n", text.index("\n## ") + 1) + 1  # under the first section's heading
    target.write_text(text[:after] + "\n" + sentence + text[after:], encoding="utf-8")
    line = text[:after].count("\n") + 2
    edited = run([*base, "--format", "json", "."], env, root)
    reported = findings(edited.out)
    row("one sentence added near the top", edited, f"{len(reported)} reported")
    for path, number, rule in reported:
        print(f"    {path}:{number} {rule} (the new sentence is line {line})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of the short commands")
    parser.add_argument("--skip-peer", action="store_true", help="do not run markdownlint-cli2")
    args = parser.parse_args()
    corpus = need(KEPS)
    files = markdown_files(corpus)
    writer = writer_command()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["NO_COLOR"] = "1"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{len(files)} KEP files; {os.cpu_count()} cores, load average {load:.1f} at the start")
    with tempfile.TemporaryDirectory(prefix="writer-speed-") as tmp:
        work = Path(tmp)
        env["XDG_CACHE_HOME"] = str(work / "cache")
        print("\n-- start-up (median of runs)")
        floor = median(
            [sys.executable, "-c", "import markdown_it, rapidfuzz, yaml, regex"], env, args.runs
        )
        row("import floor", floor)
        small = sorted(SMALL.glob("*.md"))[0] if SMALL.is_dir() else corpus / ONE_KEP
        lint_one = [*writer, "lint", "--no-cache", "--format", "json", "-o", os.devnull]
        for label, path in (("writer lint ONE.md (KEP, 68 KB)", corpus / ONE_KEP),
                            ("writer lint ONE.md (postmortem)", small)):  # fmt: skip
            one = median([*lint_one, str(path)], env, args.runs)
            row(label, one, f"{one.wall / floor.wall:.2f}x floor wall, "
                f"{one.cpu / max(floor.cpu, 1e-3):.2f}x floor cpu")  # fmt: skip
        print("\n-- the KEP corpus")
        lint = [*writer, "lint", "--format", "json", "-o", os.devnull, str(corpus)]
        peer_run = None
        markdownlint = peer("markdownlint-cli2")
        if markdownlint and not args.skip_peer:
            peer_run = run([markdownlint, *map(str, files)], env)
            row("markdownlint-cli2", peer_run)
        elif not args.skip_peer:
            print("markdownlint-cli2: not installed (run ../shared/peers/install.sh); skipped")
        cold = run(lint, env)
        note = f"{peer_run.wall / cold.wall:.2f}x faster than markdownlint-cli2" if peer_run else ""
        row("writer cold (empty cache)", cold, note)
        warm = run(lint, env)
        row("writer warm (nothing changed)", warm, f"{warm.wall / cold.wall:.1%} of cold wall")
        uncached = run([*lint[:2], "--no-cache", *lint[2:]], env)
        row("writer --no-cache", uncached)
        print("\n-- a baseline over a copy of the KEP corpus, then over the postmortems")
        keps = work / "keps"
        shutil.copytree(corpus, keps)
        baseline_scenario(writer, env, keps, ONE_KEP, DOUBLED)
        postmortems = work / "postmortems"
        for name in POSTMORTEMS:
            if (CORPORA / name).is_dir():
                shutil.copytree(CORPORA / name, postmortems / name)
        if (postmortems / ONE_POSTMORTEM).is_file():
            baseline_scenario(writer, env, postmortems, ONE_POSTMORTEM, BLAME)
    return 0


if __name__ == "__main__":
    sys.exit(main())
