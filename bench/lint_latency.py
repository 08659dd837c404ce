"""Whole-process latency of ``writer lint`` on 1 and on 20 files, beside peer linters.

This is what a pre-commit hook costs: start the interpreter, import, read the config, lint,
print, exit. Each tool runs on the same copies of real postmortems (``../shared/corpora``), a
warm-up run first, then ``--runs`` timed runs; the figures are the median and the fastest wall
time and the peak resident memory of the process. Peers that are not installed are skipped and
named (install them with ``../shared/peers/install.sh``).

Targets: 1 file at most 0.25 s, 20 files at most 1 s. Nothing here asserts; it prints figures.

    python bench/lint_latency.py [--runs 10] [--peers /tmp/writer-peers] [--json out.json]
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
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._common import POSTMORTEM_OPENING  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "dfds-postmortems"
TARGETS = {1: 0.25, 20: 1.0}
SYNTHETIC = (
    "# Database failover postmortem\n\n"
    + POSTMORTEM_OPENING
    + """
## Action items

- Alert on replication lag above 30 s (owner: Dana, INFRA-211, due 2025-04-01).
"""
)


@dataclass
class Measure:
    tool: str
    files: int
    runs: int
    median_s: float
    fastest_s: float
    median_cpu_s: float
    peak_rss_mb: float
    exit_code: int


def corpus_files(workdir: Path) -> tuple[list[Path], str]:
    """20 real postmortems copied into ``workdir`` (synthetic ones when the corpus is absent)."""
    sources = sorted(CORPUS.glob("*.md")) if CORPUS.is_dir() else []
    files = []
    if len(sources) >= 20:
        for source in sources[:20]:
            target = workdir / source.name
            shutil.copyfile(source, target)
            files.append(target)
        return files, f"20 postmortems from {CORPUS}"
    for number in range(20):
        target = workdir / f"postmortem-{number:02d}.md"
        target.write_text(SYNTHETIC, encoding="utf-8")
        files.append(target)
    return files, "20 synthetic postmortems (the shared corpus is absent)"


def writer_command() -> list[str] | None:
    script = Path(sys.executable).parent / "writer"
    if script.exists():
        return [str(script), "lint", "--no-stats"]
    found = shutil.which("writer")
    return [found, "lint", "--no-stats"] if found else None


def peer_commands(peers: Path) -> tuple[dict[str, list[str]], list[str]]:
    """The peers that are installed, and a line for each one that is not."""
    found: dict[str, list[str]] = {}
    missing: list[str] = []
    markdownlint = peers / "node" / "node_modules" / ".bin" / "markdownlint-cli2"
    if markdownlint.exists():
        found["markdownlint-cli2"] = [str(markdownlint)]
    else:
        missing.append(f"markdownlint-cli2: not found at {markdownlint}")
    proselint = peers / "venv" / "bin" / "proselint"
    if proselint.exists():
        usage = subprocess.run([str(proselint), "--help"], capture_output=True, text=True).stdout
        found["proselint"] = [str(proselint), "check"] if " check " in usage else [str(proselint)]
    else:
        missing.append(f"proselint: not found at {proselint}")
    pymarkdown = peers / "venv" / "bin" / "pymarkdown"
    if pymarkdown.exists():
        found["pymarkdown"] = [str(pymarkdown), "scan"]
    else:
        missing.append(f"pymarkdown: not found at {pymarkdown}")
    return found, missing


def run_once(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, float, int]:
    """Wall time (s), CPU time (s), peak resident memory (MB) and exit code of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, cpu, usage.ru_maxrss / 1024, process.returncode


def measure(
    tool: str, command: list[str], files: list[Path], runs: int, cwd: Path, env: dict[str, str]
) -> Measure:
    argv = [*command, *(str(path.relative_to(cwd)) for path in files)]
    run_once(argv, cwd, env)  # warm-up: bytecode, disk cache
    times, cpu_times, memory, code = [], [], [], 0
    for _ in range(runs):
        elapsed, cpu, rss, code = run_once(argv, cwd, env)
        times.append(elapsed)
        cpu_times.append(cpu)
        memory.append(rss)
    return Measure(
        tool,
        len(files),
        runs,
        statistics.median(times),
        min(times),
        statistics.median(cpu_times),
        max(memory),
        code,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs per tool and size")
    parser.add_argument(
        "--peers", type=Path, default=Path("/tmp/writer-peers"), help="where peers are installed"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    command = writer_command()
    if command is None:
        print("writer is not installed in this environment: pip install -e .", file=sys.stderr)
        return 2
    # Measure writer the way it runs once installed: with its bytecode cache.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["NO_COLOR"] = "1"
    peers, missing = peer_commands(args.peers)
    with tempfile.TemporaryDirectory(prefix="writer-bench-") as tmp:
        workdir = Path(tmp)
        files, source = corpus_files(workdir)
        size = sum(path.stat().st_size for path in files)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"files: {source} ({size / 1024:.0f} KB in all)")
        print(f"machine: {os.cpu_count()} cores, load average {load:.1f} at the start")
        for line in missing:
            print(f"skipped {line} (run ../shared/peers/install.sh)")
        results: list[Measure] = []
        for count in (1, 20):
            subset = files[:count]
            results.append(measure("writer", command, subset, args.runs, workdir, env))
            for name, peer in peers.items():
                results.append(measure(name, peer, subset, args.runs, workdir, env))
    print()
    print(f"{'tool':<20}{'files':>6}{'median s':>10}{'fastest s':>11}{'cpu s':>8}"
          f"{'peak MB':>9}{'exit':>6}{'vs writer':>11}")  # fmt: skip
    for count in (1, 20):
        ours = next(r for r in results if r.tool == "writer" and r.files == count)
        for result in (r for r in results if r.files == count):
            ratio = result.median_s / ours.median_s
            label = "1.00" if result is ours else f"{ratio:.2f}x"
            print(
                f"{result.tool:<20}{result.files:>6}{result.median_s:>10.3f}"
                f"{result.fastest_s:>11.3f}{result.median_cpu_s:>8.3f}"
                f"{result.peak_rss_mb:>9.1f}{result.exit_code:>6}"
                f"{label:>11}"
            )
        target = TARGETS[count]
        verdict = "meets" if ours.median_s <= target else "MISSES"
        cpu_verdict = "meets" if ours.median_cpu_s <= target else "misses"
        print(
            f"  writer on {count} file(s): median {ours.median_s:.3f} s wall, {verdict} the "
            f"{target:.2f} s target (CPU time {ours.median_cpu_s:.3f} s {cpu_verdict} it)\n"
        )
    print("'vs writer' is the peer's median wall time divided by writer's: above 1, writer is")
    print("faster. 'cpu s' is user+system time of the process and its children; on a busy")
    print("machine it is the steadier figure, and wall time approaches it on an idle one.")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
