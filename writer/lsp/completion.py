"""Completion in a postmortem: in the timeline, a row stamped with the current time in the
document's own format (table or list, with or without dates) and timezone; in the action items,
a row in the section's own format (the table's columns, or a checklist item).

The item replaces what the line holds before the cursor (a ``|`` or ``-`` typed to start a row),
so it is offered only on a line that holds nothing else yet.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from lsprotocol import types

from writer.checks.postmortem.edits import ActionItem, add_action_item, timeline_row_at
from writer.lsp.checking import Checked
from writer.lsp.convert import newline_text, span
from writer.lsp.positions import LineMap
from writer.model.headings import normalise
from writer.templates import textops
from writer.templates.outline import Entry

Clock = Callable[[], dt.datetime]
_ROW_START = re.compile(r"^\s*(?:\||[-*+](?:\s*\[?\s*\]?)?)?\s*$")
_SNIPPET_SPECIAL = re.compile(r"([$}\\])")


def may_start_row(text: str, position: types.Position, encoding: str) -> bool:
    """Whether a row could start at ``position`` in the client's ``text``: the line holds at
    most a row's opening (``|``, ``-``) before it and nothing after. Decided before any check,
    so typing a hyphen in prose costs nothing."""
    lines = LineMap(text, encoding)
    if not 0 <= position.line < lines.line_count:
        return False
    line = lines.line_text(position.line)
    offset = lines.offset(position.line, position.character) - lines.starts[position.line]
    return bool(_ROW_START.match(line[:offset])) and not line[offset:].strip()


def is_postmortem(checked: Checked) -> bool:
    """Taken for a postmortem, or checked against a postmortem (or incident) template."""
    template = checked.template
    named = template is not None and ("postmortem" in template.id or "incident" in template.id)
    return named or checked.kind == "postmortem"


def completions(
    checked: Checked, offset: int, clock: Clock, snippets: bool
) -> list[types.CompletionItem]:
    """The rows that may start at ``offset`` (an offset into the checked text)."""
    if not is_postmortem(checked):
        return []
    document = checked.document
    line, _column = document.position(offset)
    line_start, line_end = document.index.line_span(line)
    typed = document.text[line_start:offset]
    if not _ROW_START.match(typed) or document.text[offset:line_end].strip():
        return []
    index = checked.outline.entry_at(offset)
    if index is None and offset == len(document.text) and offset:
        index = checked.outline.entry_at(offset - 1)  # the end of the text ends its last section
    if index is None:
        return []
    entry = checked.outline.entries[index]
    name = normalise(entry.title) + " " + entry.key.lower()
    replace = span(checked.lines, line_start, offset)
    if "timeline" in name:
        typed_line = (line_start, min(line_end + 1, len(document.text)))
        return [_timeline_item(checked, entry, replace, clock, snippets, typed_line)]
    if "action" in name or "follow" in name:
        return [_action_item(checked, entry, replace, snippets)]
    return []


def _own_text(checked: Checked, entry: Entry) -> tuple[str, int]:
    """The section's own text (its heading and body, before any subsection) and its start."""
    assert entry.section is not None
    document = checked.document
    section = document.sections[entry.section]
    end = document.sections[section.children[0]].start if section.children else section.end
    return document.text[section.start : end], section.start


def _row(insertion: textops.Insertion) -> tuple[str, int]:
    """The inserted row alone (without the line breaks around it), and the cursor in it."""
    text = insertion.text.lstrip("\n")
    cursor = insertion.cursor - (len(insertion.text) - len(text))
    text = text.rstrip("\n")
    return text, min(max(cursor, 0), len(text))


def _timeline_item(
    checked: Checked,
    entry: Entry,
    replace: types.Range,
    clock: Clock,
    snippets: bool,
    typed_line: tuple[int, int],
) -> types.CompletionItem:
    section_text, start = _own_text(checked, entry)
    # The line being typed is where the row goes: it is not a row of the timeline yet.
    cut_start, cut_end = typed_line[0] - start, typed_line[1] - start
    if 0 <= cut_start <= cut_end <= len(section_text):
        section_text = section_text[:cut_start] + section_text[cut_end:]
    front = checked.document.front_matter
    zone, label = textops.document_zone(front.data if front is not None else None, section_text)
    now = clock().astimezone(zone)
    skeleton = _skeleton(checked, entry.key)
    text, cursor = _row(timeline_row_at(section_text, start, now, "", label, skeleton))
    stamp = now.strftime("%H:%M")
    return _item(
        checked,
        f"timeline row {stamp} {label}",
        "a timeline entry stamped now, in the document's format and timezone",
        text,
        cursor,
        replace,
        snippets,
    )


def _action_item(
    checked: Checked, entry: Entry, replace: types.Range, snippets: bool
) -> types.CompletionItem:
    section_text, start = _own_text(checked, entry)
    header = textops.table_header(section_text)
    text, cursor = _row(add_action_item(section_text, start, ActionItem(""), ""))
    if text.startswith("|") and header:
        if snippets:
            cells = [
                f"${{{n}:{_escape(name.strip().lower())}}}" for n, name in enumerate(header, 1)
            ]
            return _snippet_item(
                checked,
                "action item",
                "a row of the action items table: " + ", ".join(header),
                "| " + " | ".join(cells) + " |",
                text,
                replace,
            )
    elif snippets:
        snippet = (
            "- [ ] ${1:item} (${2:type}, ${3:priority}, owner: ${4:owner}, ${5:ticket}, "
            "due ${6:date})"
        )
        return _snippet_item(
            checked,
            "action item",
            "an action item: owner, ticket and due date",
            snippet,
            text,
            replace,
        )
    return _item(checked, "action item", "a row of the action items", text, cursor, replace, False)


def _skeleton(checked: Checked, key: str) -> str:
    template = checked.template
    if template is None:
        return ""
    for section in template.sections:
        if section.id == key:
            return section.skeleton
    return ""


def _item(
    checked: Checked,
    label: str,
    detail: str,
    text: str,
    cursor: int,
    replace: types.Range,
    snippets: bool,
) -> types.CompletionItem:
    newline = checked.document.newline
    if snippets:
        body = _escape(text[:cursor]) + "$0" + _escape(text[cursor:])
        return _snippet_item(checked, label, detail, body, text, replace)
    return types.CompletionItem(
        label=label,
        kind=types.CompletionItemKind.Snippet,
        detail=detail,
        filter_text=text,
        text_edit=types.TextEdit(range=replace, new_text=newline_text(text, newline)),
        insert_text_format=types.InsertTextFormat.PlainText,
        sort_text="0",
        preselect=True,
    )


def _snippet_item(
    checked: Checked, label: str, detail: str, snippet: str, plain: str, replace: types.Range
) -> types.CompletionItem:
    return types.CompletionItem(
        label=label,
        kind=types.CompletionItemKind.Snippet,
        detail=detail,
        filter_text=plain,
        text_edit=types.TextEdit(
            range=replace, new_text=newline_text(snippet, checked.document.newline)
        ),
        insert_text_format=types.InsertTextFormat.Snippet,
        sort_text="0",
        preselect=True,
    )


def _escape(text: str) -> str:
    return _SNIPPET_SPECIAL.sub(r"\\\1", text)
