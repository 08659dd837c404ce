"""Resource bounds: one very large document, and a tree of very many small ones.

Generates the input in a temporary folder, runs ``writer lint`` on it once under GNU time
(``/usr/bin/time -v``) and prints the wall time, the peak resident memory, the exit code, and
how many findings and notes the JSON report holds. Nothing here asserts; it prints figures.

    python bench/large_inputs.py document [--mb 50] [--max-file-mb 60] [--format json] [--keep DIR]
    python bench/large_inputs.py tree [--files 100000] [--format json] [--keep DIR]

``document`` writes one markdown file of about ``--mb`` megabytes: a postmortem whose sections
repeat realistic prose (with words the bundled style guide flags), lists, tables and code, so
every kind of check has work to do and some rules match tens of thousands of times.
``tree`` writes ``--files`` small documents spread over nested folders (100 per folder).
Documents above ``[limits] max_file_mb`` (10 MB by default) are refused unread; pass
``--max-file-mb`` to raise the limit (a ``writer.toml`` beside the input sets it) and measure the
whole check. Run it niced on a shared machine (``nice -n 10``) and say so beside the figures.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._common import POSTMORTEM_OPENING, writer_command  # noqa: E402

HEAD = (
    "---\ntitle: Checkout outage\nstatus: draft\n---\n# Checkout outage postmortem\n\n"
    + POSTMORTEM_OPENING
    + "\n"
)

CHAPTER = """## Contributing factors {n}

Basically, the config push simply changed the pool size, which was obviously too small, and
the the retry storm that followed very quickly filled every queue. It was decided that the
rollback would be done by the team, and errors rose significantly while we waited.

- The alert fired late because the threshold was set to 5% in 2019 and never revisited.
- Retries were not capped: each client retried up to 10 times with no backoff.
- The runbook said to "just restart it", which utilize a path nobody had tested.

| factor | owner | ticket |
|---|---|---|
| pool size | @dana | OPS-{n} |
| retry cap | @lee | OPS-{m} |

```yaml
pool_size: 4   # the the value that was pushed
retries: 10
```

> Note: in order to avoid this, we should leverage the canary stage going forward.

"""

TAIL = """## Action items

- [ ] Cap client retries at 3 with jittered backoff (@lee, OPS-1, due 2026-12-01)
- [ ] Alert on error rate above 1% for 2 minutes (@dana, OPS-2, due 2026-12-01)

## Lessons learned

Config pushes need the same canary stage as code.
"""


def write_document(path: Path, megabytes: float) -> int:
    target = int(megabytes * 1_000_000)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        size = len(HEAD)
        n = 0
        while size < target:
            chunk = CHAPTER.format(n=n, m=n + 1)
            out.write(chunk)
            size += len(chunk.encode("utf-8"))
            n += 1
        out.write(TAIL)
    return path.stat().st_size


TINY = """# Note {n}

The service {n} simply restarts when the the health check fails. See OPS-{n}.
"""


def write_tree(root: Path, files: int, per_folder: int = 100) -> int:
    total = 0
    for n in range(files):
        folder = root / f"d{n // (per_folder * 100):03d}" / f"d{(n // per_folder) % 100:02d}"
        if n % per_folder == 0:
            folder.mkdir(parents=True, exist_ok=True)
        text = TINY.format(n=n)
        (folder / f"note-{n}.md").write_text(text, encoding="utf-8")
        total += len(text)
    return total


def run_writer(paths: list[str], fmt: str, cwd: Path) -> dict[str, object]:
    gnu_time = shutil.which("time") or "/usr/bin/time"
    report = cwd / "report.out"
    command = [gnu_time, "-v", *writer_command(), "lint", "--format", fmt, *paths]
    start = time.perf_counter()
    with report.open("w") as out:
        done = subprocess.run(command, stdout=out, stderr=subprocess.PIPE, text=True, cwd=cwd)
    wall = time.perf_counter() - start
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    figures: dict[str, object] = {
        "command": " ".join(command[2:]),
        "wall_s": round(wall, 2),
        "peak_rss_mb": round(int(peak.group(1)) / 1024, 1) if peak else None,
        "exit": done.returncode,
        "report_mb": round(report.stat().st_size / 1e6, 2),
    }
    if fmt == "json":
        try:
            data = json.loads(report.read_text(encoding="utf-8"))
        except ValueError:
            figures["report"] = "not JSON"
        else:
            files = data.get("files", [])
            figures["files"] = len(files)
            figures["errors"] = len(data.get("errors", []))
            figures["findings"] = sum(len(f.get("findings", [])) for f in files)
            figures["notes"] = sum(len(f.get("notices", [])) for f in files)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    document = sub.add_parser("document", help="one large document")
    document.add_argument("--mb", type=float, default=50.0)
    document.add_argument("--max-file-mb", type=float, help="raise [limits] max_file_mb")
    tree = sub.add_parser("tree", help="many small documents")
    tree.add_argument("--files", type=int, default=100_000)
    for each in (document, tree):
        each.add_argument("--format", default="json", choices=("json", "text", "line", "sarif"))
        each.add_argument("--keep", type=Path, help="write the input here and keep it")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="writer-bench-")) if args.keep is None else args.keep
    folder.mkdir(parents=True, exist_ok=True)
    try:
        start = time.perf_counter()
        if args.what == "document":
            path = folder / "large.md"
            size = write_document(path, args.mb)
            made = f"1 document, {size / 1e6:.1f} MB"
            paths = [str(path)]
            if args.max_file_mb is not None:
                config = folder / "writer.toml"
                config.write_text(f"[limits]\nmax_file_mb = {args.max_file_mb}\n")
                paths = ["--config", str(config), *paths]
        else:
            docs = folder / "docs"
            size = write_tree(docs, args.files)
            made = f"{args.files:,} documents, {size / 1e6:.1f} MB in all"
            paths = [str(docs)]
        print(f"input: {made} (written in {time.perf_counter() - start:.1f} s)")
        figures = run_writer(paths, args.format, folder)
        for key, value in figures.items():
            print(f"  {key:<12} {value}")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
