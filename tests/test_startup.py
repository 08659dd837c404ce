"""``writer lint`` stays quick to start: heavy or situational modules load only when needed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

# Modules a plain lint of one file without a config has no use for.
NOT_NEEDED = (
    "multiprocessing",  # only when enough files are linted in parallel
    "concurrent",
    "subprocess",  # only for --changed-since and strict_since (git)
    "textual",  # only the TUI
    "pygls",  # only the language server
    "lsprotocol",
    "language_tool_python",  # only with a grammar backend
    "asyncio",
    "jsonschema",
    "tomllib",  # only when a config file (or TOML front matter) is read
    "tomli",
)

PROBE = """
import sys
from writer.cli.main import main
code = main(["lint", "--no-stats", sys.argv[1]])
loaded = {name.split(".")[0] for name in sys.modules}
print(" ".join(sorted(loaded)))
"""


def test_lint_of_one_file_loads_only_what_it_needs(tmp_path: Path) -> None:
    document = tmp_path / "plan.md"
    document.write_text("# Plan\n\nThe the rollout starts now.\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(document)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT), "NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
    )
    loaded = set(done.stdout.strip().splitlines()[-1].split())
    assert "writer" in loaded and "markdown_it" in loaded
    assert sorted(loaded.intersection(NOT_NEEDED)) == []
