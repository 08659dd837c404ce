"""The set-up the README gives for Neovim, run in a real Neovim (headless): the server attaches
to a markdown buffer, its diagnostics land on the right bytes of a line with an emoji and CJK
text, a quick fix applies through Neovim's own code, and the diagnostics follow the edit Neovim
sends as an incremental change. Skipped where Neovim is not installed (``apt-get install
neovim``)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.lsp_client import server_command
from tests.test_lsp_server import POSTMORTEM

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "lsp" / "neovim.lua"


def test_neovim_shows_the_diagnostics_and_applies_a_fix(tmp_path: Path) -> None:
    nvim = shutil.which("nvim")
    if nvim is None:
        pytest.skip("Neovim is not installed here (apt-get install neovim)")
    document = tmp_path / "checkout.md"
    document.write_text(POSTMORTEM, encoding="utf-8")
    out = tmp_path / "seen.json"
    env = {
        **os.environ,
        "WRITER_NVIM_OUT": str(out),
        "WRITER_LSP_CMD": json.dumps(server_command()),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    subprocess.run(
        [nvim, "--headless", "--clean", "-n", "-c", f"luafile {FIXTURE}", str(document)],
        cwd=tmp_path,
        env=env,
        timeout=180,
        check=False,
        capture_output=True,
    )
    seen = json.loads(out.read_text(encoding="utf-8"))
    assert "error" not in seen, seen
    assert seen["steps"] == ["started", "diagnostics", "fixed", "followed"]
    assert seen["encoding"] == "utf-16"
    lines = POSTMORTEM.split("\n")
    human = next(d for d in seen["diagnostics"] if d["code"] == "style.blameless.HumanError")
    line = lines[human["lnum"]]
    start = len(line[: line.index("human error")].encode("utf-8"))  # Neovim counts bytes
    assert (human["col"], human["end_col"]) == (start, start + len("human error"))
    assert "We will add a staged rollout" in seen["fixed_line"]
    assert "prose.repeated-word" not in seen["remaining"]
    assert "style.blameless.HumanError" in seen["remaining"]
