"""Text changes made on the author's behalf, as plain functions over strings: a suppression
comment, a timeline row, an action item.

Each returns an :class:`Insertion` or the new text, so a front applies them its own way (the
drafting screen through its editor, keeping undo; the language server as text edits) and tests
check them without either.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from writer.model.findings import Edit


@dataclass(frozen=True)
class Insertion:
    """Insert ``text`` at ``offset``; the cursor goes to ``offset + cursor``."""

    offset: int
    text: str
    cursor: int


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply non-overlapping edits (offsets into ``text``), last first so offsets stay valid."""
    result = text
    last_start = len(text) + 1
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        if edit.end > last_start or edit.start < 0 or edit.end > len(text):
            raise ValueError("the fix's edits overlap or fall outside the text")
        result = result[: edit.start] + edit.replacement + result[edit.end :]
        last_start = edit.start
    return result


def _line_start(text: str, line: int) -> int:
    offset = 0
    for _ in range(line - 1):
        found = text.find("\n", offset)
        if found < 0:
            return len(text)
        offset = found + 1
    return offset


def _line_at(text: str, line: int) -> str:
    start = _line_start(text, line)
    end = text.find("\n", start)
    return text[start : end if end >= 0 else len(text)]


def suppression(text: str, line: int, rule: str) -> Insertion:
    """Silence ``rule`` on ``line`` (1-based) with a suppression comment.

    On the first line of a block the comment goes on its own line above it
    (``writer-disable-next-line``); inside a paragraph, list or table, where a new line would
    split the block, ``writer-disable-line`` is appended to the line instead.
    """
    current = _line_at(text, line)
    previous = _line_at(text, line - 1) if line > 1 else ""
    starts_block = line == 1 or not previous.strip() or previous.lstrip().startswith("#")
    starts_block = starts_block and not current.lstrip().startswith("|")
    if starts_block or not current.strip():
        indent = current[: len(current) - len(current.lstrip())]
        comment = f"{indent}<!-- writer-disable-next-line {rule} -->\n"
        offset = _line_start(text, line)
        return Insertion(offset, comment, len(comment))
    offset = _line_start(text, line) + len(current)
    comment = f" <!-- writer-disable-line {rule} -->"
    return Insertion(offset, comment, len(comment))


# -- postmortem helpers -----------------------------------------------------------------------

_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)
_ZONE_STATED = re.compile(
    r"\btimes?\s+(?:are\s+|is\s+)?(?:in\s+)?([A-Z][A-Za-z_]+(?:/[A-Za-z_]+)?|[+-]\d{2}:?\d{2})\b",
)
_ZONE_IN_TEXT = re.compile(
    r"\b\d{1,2}:\d{2}(?::\d{2})?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2}|[A-Z][a-z]+/[A-Za-z_]+)\b"
)


def parse_zone(name: str) -> dt.tzinfo | None:
    """A timezone from ``UTC``, ``Z``, ``+02:00``, ``UTC-5`` or an IANA name; None if unknown."""
    name = name.strip()
    if not name:
        return None
    if name.upper() in ("UTC", "Z", "GMT"):
        return dt.timezone.utc
    match = _OFFSET.match(name)
    if match:
        sign = -1 if match.group(1) == "-" else 1
        hours, minutes = int(match.group(2)), int(match.group(3) or 0)
        if hours > 23 or minutes > 59:
            return None
        delta = dt.timedelta(hours=hours, minutes=minutes)
        if name[0].isalpha():
            return dt.timezone(sign * delta, name)
        return dt.timezone(sign * delta)
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except (ImportError, ValueError, KeyError, OSError):
        return None


def document_zone(
    front_matter: Mapping[str, object] | None, section_text: str = ""
) -> tuple[dt.tzinfo, str]:
    """The document's timezone, and the label to print after times.

    Looks at front matter (``timezone``/``tz``), then at times already written in
    ``section_text`` (``14:02 UTC``, ``09:10 +02:00``), then falls back to UTC.
    """
    data = front_matter
    if isinstance(data, Mapping):
        for key in ("timezone", "time_zone", "tz"):
            value = data.get(key)
            if isinstance(value, str):
                zone = parse_zone(value)
                if zone is not None:
                    return zone, value.strip()
    stated = _ZONE_STATED.search(section_text)
    if stated:
        zone = parse_zone(stated.group(1))
        if zone is not None:
            return zone, stated.group(1)
    match = _ZONE_IN_TEXT.search(section_text)
    if match:
        zone = parse_zone(match.group(1))
        if zone is not None:
            return zone, match.group(1)
    return dt.timezone.utc, "UTC"


def table_header(section_text: str) -> list[str]:
    """The header cells of the first table in ``section_text`` (empty when there is none)."""
    lines = section_text.split("\n")
    for index, line in enumerate(lines[1:], start=1):
        stripped = line.strip()
        if re.fullmatch(r"\|?[\s:|-]+\|?", stripped) and "-" in stripped and "|" in stripped:
            header = lines[index - 1].strip().strip("|")
            return [cell.strip() for cell in header.split("|")]
    return []


def uses_dates(section_text: str) -> bool:
    """Whether the timeline already writes dates (``2024-05-01 14:02``) rather than bare times."""
    return bool(re.search(r"\d{4}-\d{2}-\d{2}", section_text))
