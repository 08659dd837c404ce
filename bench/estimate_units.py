"""Which units library reads more of the corpora's real estimates: writer's own unit table or
pint.

Every line of prose or plain-text code in the shared KEPs and Rust RFCs that reads like an
estimate (a result sign such as "=", "~", "->", and at least two figures) is collected; each
"figure + unit" in it ("500 GB", "10k QPS", "2 KiB/s", "30 days") is offered to both readers:
writer's table (``writer.checks.design.estimates._known_unit``: sizes, times and rates, the units
the estimate checker computes with) and pint's default registry
(``pint.UnitRegistry().Quantity``, with writer's own magnitude suffixes "k", "M" taken off
first, since pint reads "10k" as ten kelvin). A figure with no unit after it is a plain count
and is left out. The import time of each is measured in a fresh interpreter.

Usage: python bench/estimate_units.py   (pint must be installed: pip install pint)
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import CORPORA, need
from writer.checks.design.estimates import _known_unit

_RESULT = re.compile(r"=|≈|~|→|->|\bwhich is\b|\bgives\b|\bcomes to\b")
_FIGURE_UNIT = re.compile(
    r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)\s*(?:(k|K|M|B|bn)\b\s*)?([A-Za-zµ%][\w/%µ]*(?:\s*/\s*[A-Za-z]+)?)"
)
_NOT_UNITS = frozenset(
    (
        *("and", "or", "of", "the", "a", "an", "to", "in", "on", "at", "for", "with", "from"),
        *("is", "are", "be", "as", "by", "x", "replicas", "nodes", "pods", "users", "requests"),
        *("objects", "items", "times"),
    )
)


def estimates() -> list[str]:
    lines: list[str] = []
    roots = (CORPORA / "kubernetes-enhancements" / "keps", CORPORA / "rust-rfcs" / "text")
    for root in roots:
        for path in sorted(root.rglob("*.md")):
            for line in path.read_text("utf-8", errors="replace").splitlines():
                if _RESULT.search(line) and len(re.findall(r"\d", line)) >= 2:
                    lines.append(line)
    return lines


def main() -> int:
    need(CORPORA)
    try:
        import pint
    except ImportError:
        print("skipped: pint is not installed (pip install pint)")
        return 0
    registry = pint.UnitRegistry()
    found: Counter[str] = Counter()
    ours: Counter[str] = Counter()
    theirs: Counter[str] = Counter()
    samples: dict[str, list[str]] = {"writer only": [], "pint only": []}
    lines = estimates()
    for line in lines:
        for match in _FIGURE_UNIT.finditer(line):
            unit = match.group(3).strip()
            if unit.lower() in _NOT_UNITS or unit.isdigit() or re.search(r"%[0-9A-F]{2}", unit):
                continue  # a word, or a URL's escapes
            token = f"{match.group(1)} {unit}"
            found[token] += 1
            # A unit writer computes with: a size, a time or a rate (a word that is not one is a
            # plain count, "3 replicas").
            mine = _known_unit(unit)
            try:
                registry.Quantity(f"{match.group(1).replace(',', '')} {unit}")
                pints = True
            except Exception:  # pint raises many kinds of errors for what it cannot read
                pints = False
            if mine:
                ours[token] += 1
            if pints:
                theirs[token] += 1
            if mine and not pints and len(samples["writer only"]) < 8:
                samples["writer only"].append(token)
            if pints and not mine and len(samples["pint only"]) < 8:
                samples["pint only"].append(token)
    pint_only: Counter[str] = Counter()
    for token, count in theirs.items():
        if token not in ours:
            pint_only[token.split(" ", 1)[1]] += count
    total = sum(found.values())
    print(f"{len(lines)} lines that read like estimates; {total} figures with a unit after them")
    print(f"  writer's unit table reads {sum(ours.values()):>5} ({_share(ours, total)})")
    print(f"  pint reads                {sum(theirs.values()):>5} ({_share(theirs, total)})")
    for name, tokens in samples.items():
        print(f"  {name}: {', '.join(tokens)}")
    common = ", ".join(f"{unit} x{count}" for unit, count in pint_only.most_common(12))
    print(f"  units only pint reads, most common: {common}")
    for module in ("writer.checks.design.estimates", "pint"):
        seconds = _import_time(module)
        print(f"  import {module}: {seconds * 1000:.0f} ms in a fresh interpreter")
    return 0


def _share(counts: Counter[str], total: int) -> str:
    return f"{100 * sum(counts.values()) / total:.0f}%" if total else "-"


def _import_time(module: str) -> float:
    code = (
        "import time; t = time.perf_counter(); "
        f"import {module}; print(time.perf_counter() - t)"
    )
    runs = []
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        runs.append(float(done.stdout.strip()))
    return sorted(runs)[1]


if __name__ == "__main__":
    sys.exit(main())
