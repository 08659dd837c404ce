"""Which project a file belongs to, and whether a path leads out of it.

A docs repository can hold symbolic links that point anywhere (``x.md -> /etc/passwd``,
``notes.md -> ../../other-repo/secret.md``). writer reads and writes files of the project it was
pointed at, never files a link leads to outside it: the project is the git work tree the file is
in (the nearest folder above it holding ``.git``), or, outside git, the folder named on the
command line (for a file named directly, the folder it is in).
"""

from __future__ import annotations

import os
from pathlib import Path


def project_root(named: Path) -> Path:
    """The project a path named on the command line belongs to: its git work tree, else the
    folder itself (a file's own folder). Found without following links, from the path as
    written."""
    start = Path(os.path.abspath(named))
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        if os.path.lexists(candidate / ".git"):
            return candidate
    return folder


def real_path(path: Path) -> Path:
    """Where ``path`` really leads, every link along it followed (a link loop: as written)."""
    try:
        return Path(os.path.realpath(path))
    except (OSError, ValueError):
        return Path(os.path.abspath(path))


def outside(path: Path, root: Path) -> Path | None:
    """Where ``path`` really leads when that is outside ``root``, else None."""
    real = real_path(path)
    top = real_path(root)
    if real == top or top in real.parents:
        return None
    return real
