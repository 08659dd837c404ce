"""How reports name files for CI systems: relative to the working directory where possible."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

SOURCE_ROOT = "%SRCROOT%"


def relative_path(path: str) -> str:
    """``path`` relative to the working directory (with ``/``) when it lies inside it."""
    if path == "-":
        return path
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            return candidate.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return candidate.as_posix()
    return candidate.as_posix()


def artifact_location(path: str) -> dict[str, str]:
    """A SARIF ``artifactLocation``: a relative URI under ``%SRCROOT%``, else a ``file:`` URI."""
    if path == "-":
        return {"uri": "stdin"}
    relative = relative_path(path)
    if Path(relative).is_absolute():
        return {"uri": Path(relative).as_uri()}
    # The file name's own bytes, percent-encoded: a name that is not UTF-8 still names its file.
    return {"uri": quote(os.fsencode(relative), safe="/"), "uriBaseId": SOURCE_ROOT}


def source_root_uri() -> str:
    return Path.cwd().as_uri().rstrip("/") + "/"
