"""Glob patterns from a docs repository's config, matched against paths relative to its root."""

from __future__ import annotations

import fnmatch
import re


def glob_match(relative: str, pattern: str) -> bool:
    """Glob matching where ``**`` spans folders and a pattern without ``/`` matches any folder."""
    pattern = pattern.strip()
    if pattern.startswith("./"):
        pattern = pattern[2:]
    if "/" not in pattern.rstrip("/"):
        name_pattern = pattern.rstrip("/")
        parts = relative.split("/")
        if pattern.endswith("/"):
            return any(fnmatch.fnmatchcase(part, name_pattern) for part in parts[:-1])
        return any(fnmatch.fnmatchcase(part, name_pattern) for part in parts)
    if pattern.endswith("/"):
        pattern += "**"
    return _glob_regex(pattern).fullmatch(relative) is not None


def _glob_regex(pattern: str) -> re.Pattern[str]:
    out = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out))
