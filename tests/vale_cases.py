"""Run Vale's own test expectations (``../shared/vale/conformance/cases.json``) through
``writer lint --config ... --format line`` and compare row for row.

``python -m tests.vale_cases`` prints the pass rate and every failing case with a diff.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import SHARED, run_cli

CONFORMANCE = SHARED / "vale" / "conformance"
CASES = CONFORMANCE / "cases.json"


@dataclass(frozen=True)
class Outcome:
    name: str
    passed: bool
    expected: list[str]
    actual: list[str]
    error: str = ""


def load_cases() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(CASES.read_text(encoding="utf-8"))
    return data


@contextlib.contextmanager
def _chdir(path: Path) -> Iterator[None]:
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def _rewrite_ini(text: str, base: Path, min_level: str | None) -> str:
    def absolute(match: re.Match[str]) -> str:
        entries = [str((base / e.strip()).resolve()) for e in match.group(1).split(",")]
        return "StylesPath = " + ", ".join(entries)

    text = re.sub(r"(?m)^StylesPath\s*=\s*(.+)$", absolute, text)
    if min_level is not None:
        if re.search(r"(?m)^MinAlertLevel\s*=", text):
            text = re.sub(r"(?m)^MinAlertLevel\s*=.*$", f"MinAlertLevel = {min_level}", text)
        else:
            text = f"MinAlertLevel = {min_level}\n" + text
    return text


def run_case(case: dict[str, Any]) -> Outcome:
    root = CONFORMANCE / case["root"]
    cwd = root / case["cwd"]
    config = root / case["config_path"]
    min_level = None
    for flag in case.get("cli_flags", []):
        found = re.match(r"--minAlertLevel='?(\w+)'?", flag)
        if found:
            min_level = found.group(1)
    with tempfile.TemporaryDirectory() as tmp:
        work = cwd
        if not config.exists() and not case.get("materialize"):
            # A config the scenario wrote itself: write it beside a copy, StylesPath absolute.
            config = Path(tmp) / config.name
            config.write_text(_rewrite_ini(case["config_ini"], cwd, min_level), encoding="utf-8")
        elif case.get("materialize") or min_level is not None:
            work = Path(tmp)
            files = dict(case.get("materialize_files") or {})
            for name, text in case["input_files"].items():
                files.setdefault(name, text)
            config_name = Path(case["config_path"]).name
            if config_name not in files:
                files[config_name] = config.read_text(encoding="utf-8")
            for name, text in files.items():
                target = work / name
                target.parent.mkdir(parents=True, exist_ok=True)
                if name == config_name:
                    text = _rewrite_ini(text, cwd, min_level)
                target.write_text(text, encoding="utf-8")
            config = work / config_name
        if not (work / case["input_path"]).exists():
            # An input the scenario wrote itself: lint a copy in a scratch folder.
            work = Path(tmp)
            for name, text in case["input_files"].items():
                target = work / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
        argv = ["lint", "--config", str(config), "--format", "line", "--jobs", "1"]
        argv += ["--select", "style", case["input_path"]]
        # As on a fresh machine: no DICPATH, so Vale.Spelling uses writer's bundled dictionary.
        old_dicpath = os.environ.pop("DICPATH", None)
        try:
            with _chdir(work):
                result = run_cli(argv)
        finally:
            if old_dicpath is None:
                os.environ.pop("DICPATH", None)
            else:
                os.environ["DICPATH"] = old_dicpath
    prefix = case["input_path"] + ":"
    actual = []
    for line in result.out.splitlines():
        if line.startswith(prefix):
            row = line[len(prefix) :]
            parts = row.split(":", 3)
            if len(parts) == 4 and parts[2].startswith("style."):
                parts[2] = parts[2][len("style.") :]
            actual.append(":".join(parts))
    expected = list(case["expected"])
    if case.get("match") == "contains":
        passed = all(row in actual for row in expected)
    else:
        passed = sorted(actual) == sorted(expected)
    error = result.err.strip() if result.code not in (0, 1) else ""
    return Outcome(case["name"], passed and not error, sorted(expected), sorted(actual), error)


def run_all() -> list[Outcome]:
    return [run_case(case) for case in load_cases()]


def main() -> int:
    outcomes = run_all()
    passed = sum(o.passed for o in outcomes)
    for outcome in outcomes:
        if outcome.passed:
            continue
        print(f"FAIL {outcome.name}")
        if outcome.error:
            print(f"  error: {outcome.error}")
        for row in outcome.expected:
            if row not in outcome.actual:
                print(f"  missing:    {row}")
        for row in outcome.actual:
            if row not in outcome.expected:
                print(f"  unexpected: {row}")
    print(f"{passed}/{len(outcomes)} cases pass ({100 * passed / len(outcomes):.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
