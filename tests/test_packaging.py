"""The built wheel carries the bundled templates and style guides and works from any directory."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel and unpack it into a bare target folder (dependencies come from here)."""
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    if build.returncode != 0:
        pytest.skip(f"cannot build the wheel here: {build.stderr.strip().splitlines()[-1:]}")
    wheel = next(out.glob("writer-*.whl"))
    target = out / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "writer/_data/templates/README.md" in names
        assert "writer/_data/styleguides/README.md" in names
        assert not any(name.startswith("tests/") for name in names)
        archive.extractall(target)
    return target


def test_wheel_runs_from_another_directory(installed: Path, tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("# T\n\nThe the end.\n", encoding="utf-8")
    env = {"PYTHONPATH": str(installed), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "writer", "lint", "--format", "line", "doc.md"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("doc.md:3:1:prose.repeated-word:")
    located = subprocess.run(
        [sys.executable, "-c", "import writer; print(writer.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert located.stdout.strip().startswith(str(installed))
