"""Code actions on the findings in a range: apply a finding's fix, ignore it here (a suppression
comment), add a misspelt word to the vocabulary, insert a missing template section; and fix every
safe fix in the document.

Each action edits the version that was checked, so a client that has moved on since refuses it
rather than applying it in the wrong place.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from typing import Any

from lsprotocol import types

from writer.lsp.checking import Checked
from writer.lsp.convert import diagnostic, text_edit, text_edits, workspace_edit
from writer.model.findings import Finding
from writer.templates import textops
from writer.templates.outline import Status

ADD_TO_VOCABULARY = "writer.addToVocabulary"
FIX_ALL = "writer.fixAll"  # the ``data`` of a fix-all action resolved later
SPELLING_SUFFIXES = ("SpellCheck", "Spelling")
MISSING_SECTION = "structure.missing-section"
_MISSING_TITLE = re.compile(
    r"^required section '(.+?)'(?: \(with its \d+ subsections?\))? is missing"
)


def is_spelling(rule: str) -> bool:
    """Whether a rule reports misspelt words (``grammar.harper.SpellCheck``,
    ``style.Vale.Spelling``, a Vale style's own ``Spelling`` rule)."""
    return rule.endswith(SPELLING_SUFFIXES)


def finding_actions(
    checked: Checked, start: int, end: int, rule_url: Callable[[str], str]
) -> list[types.CodeAction]:
    """The quick fixes for the findings whose span touches ``[start, end]``."""
    actions: list[types.CodeAction] = []
    ignored: set[tuple[str, int]] = set()
    words: set[str] = set()
    for finding in checked.findings_at(start, end):
        shown = [diagnostic(finding, checked.lines, rule_url)]
        fix = finding.fix
        if fix is not None and fix.edits:
            actions.append(
                types.CodeAction(
                    title=f"Fix: {fix.description}",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=shown,
                    is_preferred=fix.safe,
                    edit=workspace_edit(checked, text_edits(checked, fix.edits)),
                )
            )
        if finding.rule == MISSING_SECTION:
            for insert in missing_section_actions(checked, finding):
                insert.diagnostics = shown
                actions.append(insert)
        if is_spelling(finding.rule):
            word = checked.document.text[finding.start : finding.end].strip()
            if word and "\n" not in word and word not in words:
                words.add(word)
                actions.append(
                    types.CodeAction(
                        title=f"Add '{word}' to the vocabulary",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=shown,
                        command=types.Command(
                            title=f"Add '{word}' to the vocabulary",
                            command=ADD_TO_VOCABULARY,
                            arguments=[checked.uri, word],
                        ),
                    )
                )
        if (finding.rule, finding.line) not in ignored:
            ignored.add((finding.rule, finding.line))
            actions.append(ignore_action(checked, finding, shown))
    return actions


def ignore_action(
    checked: Checked, finding: Finding, shown: list[types.Diagnostic]
) -> types.CodeAction:
    """Silence this rule on this line with a suppression comment, as the drafting screen's
    "ignore here" does."""
    insertion = textops.suppression(checked.document.text, finding.line, finding.rule)
    edit = text_edit(
        checked.lines, insertion.offset, insertion.offset, insertion.text, checked.document.newline
    )
    return types.CodeAction(
        title=f"Ignore {finding.rule} here",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=shown,
        edit=workspace_edit(checked, [edit]),
    )


def missing_section_actions(checked: Checked, finding: Finding) -> list[types.CodeAction]:
    """One action for each section a missing-section finding names (in its data, else in its
    message)."""
    titles = [value for key, value in finding.data if key == "section"]
    if not titles:
        named = _MISSING_TITLE.match(finding.message)
        titles = [named.group(1)] if named is not None else []
    actions = []
    for title in titles:
        action = missing_section_action(checked, title)
        if action is not None:
            actions.append(action)
    return actions


def missing_section_action(checked: Checked, title: str) -> types.CodeAction | None:
    """Insert a missing section where the template puts it: its heading and its guidance as
    a comment for the author, then the same for each of its subsections that is missing
    too."""
    outline = checked.outline
    index = next(
        (
            i
            for i, entry in enumerate(outline.entries)
            if entry.status is Status.MISSING and entry.title == title
        ),
        None,
    )
    if index is None:
        return None
    text = checked.document.text
    offset = outline.insertion_offset(index, len(text))
    entry = outline.entries[index]
    # The section, then its subsections that are missing too, each with its guidance.
    inserted = [entry]
    for child in outline.entries[index + 1 :]:
        if child.status is not Status.MISSING or child.level <= entry.level:
            break
        inserted.append(child)
    blocks = []
    for section in inserted:
        level = max(1, min(6, section.level + checked.level_shift))
        block = f"{'#' * level} {section.title}\n"
        if section.guidance:
            block += "\n" + guidance_comment(section.guidance) + "\n"
        blocks.append(block)
    block = "\n".join(blocks)
    # One blank line before the heading and one after the block.
    before = text[:offset]
    if not before or before.endswith("\n\n"):
        prefix = ""
    else:
        prefix = "\n" if before.endswith("\n") else "\n\n"
    suffix = "" if offset >= len(text) or text.startswith("\n", offset) else "\n"
    insertion = prefix + block + suffix
    edit = text_edit(checked.lines, offset, offset, insertion, checked.document.newline)
    return types.CodeAction(
        title=f"Insert the missing section '{entry.title}'",
        kind=types.CodeActionKind.QuickFix,
        edit=workspace_edit(checked, [edit]),
    )


def guidance_comment(guidance: str, width: int = 96) -> str:
    """The section's guidance as an HTML comment (never ending early on a ``-->`` inside)."""
    words = " ".join(guidance.split()).replace("--", "- -")
    lines = textwrap.wrap(words, width - 5) or [""]
    if len(lines) == 1:
        return f"<!-- {lines[0]} -->"
    return "<!--\n" + "\n".join(lines) + "\n-->"


def fix_all_action(
    checked: Checked, edit: types.TextEdit | None, *, resolve_later: bool
) -> types.CodeAction | None:
    """Apply every safe fix in the document. With ``resolve_later`` the edit is computed only
    when the client picks the action (``codeAction/resolve``); otherwise ``edit`` is it."""
    if not any(f.fix is not None and f.fix.safe for f in checked.findings):
        return None
    action = types.CodeAction(
        title="Fix all safe fixes in this document", kind=types.CodeActionKind.SourceFixAll
    )
    if resolve_later:
        action.data = fix_all_data(checked)
    elif edit is not None:
        action.edit = workspace_edit(checked, [edit])
    else:
        return None
    return action


def fix_all_data(checked: Checked) -> dict[str, Any]:
    return {"action": FIX_ALL, "uri": checked.uri, "version": checked.version}


def wanted(only: list[str] | None, kind: str) -> bool:
    """Whether the client asked for actions of ``kind`` (``only`` lists kinds and parents)."""
    if not only:
        return True
    return any(kind == asked or kind.startswith(asked + ".") for asked in only)
