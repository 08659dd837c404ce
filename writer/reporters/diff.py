"""``writer fix --diff``: the fixes of one file as a unified diff that ``git apply`` takes."""

from __future__ import annotations

import difflib

from writer.reporters.paths import relative_path


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of one file: ``a/PATH`` to ``b/PATH`` as ``git diff`` names a relative
    path (so ``git apply`` and ``patch -p1`` take it); an absolute path is shown as it is."""
    shown = relative_path(path)
    absolute = shown.startswith("/")
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=shown if absolute else f"a/{shown}",
        tofile=shown if absolute else f"b/{shown}",
    )
    out = []
    for line in lines:
        if not line.endswith(("\n", "\r")):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out)
