"""Review mode without a screen: step through a document's findings and decide on each one.

Every decision is kept in the coordinates of the original text, so the result is always the
original plus exactly the changes chosen: the fixes applied, the suppression comments of the
findings ignored here, and the spots edited by hand. Undo drops the last decision and the text is
worked out again from the list. A finding whose text an earlier change already rewrote, that a
comment now silences, or whose word was added to the vocabulary, is passed over. Nothing here
imports Textual or writes a file; the screen does that once, at the end.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from writer.model.findings import Edit, Finding
from writer.templates.textops import apply_edits, suppression

SPELLING_SUFFIXES = ("SpellCheck", "Spelling")
_WORD_EDGES = re.compile(r"^[\W_]+|[\W_]+$")


class Decision(str, enum.Enum):
    APPLY = "apply"
    SKIP = "skip"
    IGNORE = "ignore"
    VOCABULARY = "vocabulary"
    EDIT = "edit"


@dataclass(frozen=True)
class Choice:
    """What the author decided about finding ``index``."""

    index: int
    decision: Decision
    edit: Edit | None = None  # EDIT: the original text's span and what replaces it
    word: str = ""  # VOCABULARY


def is_spelling(finding: Finding) -> bool:
    """A spelling finding (harper's ``SpellCheck``, a style guide's ``Spelling`` rule)."""
    return finding.rule.endswith(SPELLING_SUFFIXES)


@dataclass
class _Replay:
    """The state the decisions add up to."""

    edits: list[tuple[Edit, int]] = field(default_factory=list)  # (edit, choice number)
    ignores: dict[int, list[str]] = field(default_factory=dict)  # line -> rules ignored there
    ignore_edits: dict[int, Edit] = field(default_factory=dict)  # line -> its comment
    words: list[str] = field(default_factory=list)

    def all_edits(self) -> list[Edit]:
        return [edit for edit, _n in self.edits] + list(self.ignore_edits.values())


@dataclass(frozen=True)
class Context:
    """The current text around a finding: numbered lines, the span to highlight in them (line
    index, start, end), and the lines as the fix would leave them (empty: no fix to show)."""

    first_line: int
    lines: tuple[str, ...]
    spans: tuple[tuple[int, int, int], ...]
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


class Review:
    """The findings of one text, in document order, and the decisions made so far."""

    def __init__(self, text: str, findings: Iterable[Finding]) -> None:
        self.original = text
        self.findings: tuple[Finding, ...] = tuple(sorted(findings, key=Finding.sort_key))
        self.choices: list[Choice] = []
        self._version = 0  # counts every decision and undo: what the caches are good for
        self._replay_cache: tuple[int, _Replay] | None = None
        self._text_cache: tuple[int, str] | None = None
        self.index: int | None = self._open_from(0)

    # -- where we are ------------------------------------------------------------------------
    @property
    def current(self) -> Finding | None:
        return None if self.index is None else self.findings[self.index]

    @property
    def done(self) -> bool:
        return self.index is None

    def _replay(self) -> _Replay:
        version = self._version
        if self._replay_cache is not None and self._replay_cache[0] == version:
            return self._replay_cache[1]
        state = _Replay()
        for number, choice in enumerate(self.choices):
            finding = self.findings[choice.index]
            if choice.decision is Decision.APPLY and finding.fix is not None:
                state.edits += [(edit, number) for edit in finding.fix.edits]
            elif choice.decision is Decision.EDIT and choice.edit is not None:
                self._absorb(state, choice.edit)
                state.edits.append((choice.edit, number))
            elif choice.decision is Decision.IGNORE:
                rules = state.ignores.setdefault(finding.line, [])
                if finding.rule not in rules:
                    rules.append(finding.rule)
                insertion = suppression(self.original, finding.line, " ".join(rules))
                state.ignore_edits[finding.line] = Edit(
                    insertion.offset, insertion.offset, insertion.text
                )
            elif choice.decision is Decision.VOCABULARY and choice.word not in state.words:
                state.words.append(choice.word)
        self._replay_cache = (version, state)
        return state

    @staticmethod
    def _absorb(state: _Replay, edit: Edit) -> None:
        """A hand edit replaces what it covers: earlier changes inside it are part of its text."""
        state.edits = [
            (e, n) for e, n in state.edits if not (edit.start <= e.start and e.end <= edit.end)
        ]
        for line, comment in list(state.ignore_edits.items()):
            if edit.start <= comment.start <= edit.end:
                del state.ignore_edits[line]
                del state.ignores[line]

    def _settled(self, index: int, state: _Replay) -> bool:
        """Whether an earlier decision already took care of finding ``index``."""
        finding = self.findings[index]
        end = max(finding.end, finding.start + 1)
        for edit, _n in state.edits:
            if edit.start < edit.end and edit.start < end and finding.start < edit.end:
                return True
        if finding.rule in state.ignores.get(finding.line, ()):
            return True
        return is_spelling(finding) and self.word_of(index) in state.words

    def _open_from(self, start: int) -> int | None:
        state = self._replay()
        for index in range(start, len(self.findings)):
            if not self._settled(index, state):
                return index
        return None

    def position(self) -> tuple[int, int]:
        """(1-based number of the current finding, how many there are)."""
        total = len(self.findings)
        return (total if self.index is None else self.index + 1), total

    # -- what can be done ---------------------------------------------------------------------
    def fix_problem(self, index: int | None = None) -> str | None:
        """Why the fix of finding ``index`` (default: the current one) cannot be applied, or
        None when it can."""
        index = self.index if index is None else index
        if index is None:
            return "no finding left"
        fix = self.findings[index].fix
        if fix is None or not fix.edits:
            return "this finding has no fix: e edits the text by hand"
        taken = [edit for edit, _n in self._replay().edits if edit.start < edit.end]
        for edit in fix.edits:
            if not 0 <= edit.start <= edit.end <= len(self.original):
                return "the fix no longer fits the text"
            for other in taken:
                inside = other.start < edit.start < other.end
                if inside or (edit.start < other.end and other.start < edit.end):
                    return "an earlier change already rewrote this text"
        return None

    def word_of(self, index: int | None = None) -> str:
        """The word a spelling finding is about (its span, without surrounding punctuation)."""
        index = self.index if index is None else index
        if index is None:
            return ""
        finding = self.findings[index]
        return _WORD_EDGES.sub("", self.original[finding.start : finding.end]).strip()

    # -- deciding -----------------------------------------------------------------------------
    def _decide(self, choice: Choice) -> None:
        self.choices.append(choice)
        self._version += 1
        self.index = self._open_from(choice.index + 1)

    def apply(self) -> str | None:
        """Apply the current finding's fix; returns why not when it cannot be applied."""
        problem = self.fix_problem()
        if problem is None and self.index is not None:
            self._decide(Choice(self.index, Decision.APPLY))
        return problem

    def skip(self) -> None:
        if self.index is not None:
            self._decide(Choice(self.index, Decision.SKIP))

    def ignore(self) -> None:
        """Silence the current finding's rule on its line with a suppression comment."""
        if self.index is not None:
            self._decide(Choice(self.index, Decision.IGNORE))

    def accept_word(self) -> str | None:
        """Accept the current spelling finding's word; returns why not when it is no spelling
        finding or has no word."""
        if self.index is None:
            return "no finding left"
        if not is_spelling(self.findings[self.index]):
            return "v is for spelling findings: this one is not about a word's spelling"
        word = self.word_of()
        if not word:
            return "no word to add here"
        self._decide(Choice(self.index, Decision.VOCABULARY, word=word))
        return None

    def edit_span(self, index: int | None = None) -> tuple[int, int]:
        """The original text's span a hand edit of finding ``index`` covers: its whole lines,
        widened over any earlier change it cuts into."""
        index = self.index if index is None else index
        assert index is not None
        finding = self.findings[index]
        start = self.original.rfind("\n", 0, finding.start) + 1
        end = self.original.find("\n", max(finding.start, finding.end - 1))
        end = len(self.original) if end < 0 else end
        changed = True
        while changed:
            changed = False
            for edit, _n in self._replay().edits:
                if (
                    edit.start < end
                    and start < edit.end
                    and not (start <= edit.start and edit.end <= end)
                ):
                    start, end = min(start, edit.start), max(end, edit.end)
                    changed = True
        return start, end

    def editable_text(self, index: int | None = None) -> str:
        """What the hand edit starts from: the current text of :meth:`edit_span`."""
        start, end = self.edit_span(index)
        state = self._replay()
        inside = [e for e in state.all_edits() if start <= e.start and e.end <= end]
        shifted = [Edit(e.start - start, e.end - start, e.replacement) for e in inside]
        return apply_edits(self.original[start:end], shifted)

    def edit(self, replacement: str) -> None:
        """Replace the current finding's lines (as :meth:`editable_text` showed them)."""
        if self.index is None:
            return
        start, end = self.edit_span()
        self._decide(Choice(self.index, Decision.EDIT, edit=Edit(start, end, replacement)))

    def undo(self) -> Choice | None:
        """Take the last decision back; the review returns to that finding."""
        if not self.choices:
            return None
        choice = self.choices.pop()
        self._version += 1
        self.index = choice.index
        return choice

    # -- the outcome ---------------------------------------------------------------------------
    def text(self) -> str:
        """The original text with every change decided so far."""
        version = self._version
        if self._text_cache is not None and self._text_cache[0] == version:
            return self._text_cache[1]
        text = apply_edits(self.original, self._replay().all_edits())
        self._text_cache = (version, text)
        return text

    def words(self) -> tuple[str, ...]:
        """The words to add to the vocabulary."""
        return tuple(self._replay().words)

    def counts(self) -> dict[Decision, int]:
        counts = dict.fromkeys(Decision, 0)
        for choice in self.choices:
            counts[choice.decision] += 1
        return counts

    @property
    def changed(self) -> bool:
        return self.text() != self.original or bool(self.words())

    # -- showing it -----------------------------------------------------------------------------
    def _current_offset(self, offset: int, state: _Replay) -> int:
        """Where an original offset is in the current text (after changes before it)."""
        delta = 0
        for edit in state.all_edits():
            if edit.end <= offset:  # insertions at the offset come before it
                delta += len(edit.replacement) - (edit.end - edit.start)
        return offset + delta

    def context(self, index: int | None = None, around: int = 2) -> Context:
        """The current text around finding ``index``, and its fix applied there."""
        index = self.index if index is None else index
        if index is None:
            return Context(1, (), ())
        finding = self.findings[index]
        state = self._replay()
        text = self.text()
        start = self._current_offset(finding.start, state)
        end = max(start, self._current_offset(finding.end, state))
        line_start = text.rfind("\n", 0, start) + 1
        for _ in range(around):
            if line_start == 0:
                break
            line_start = text.rfind("\n", 0, line_start - 1) + 1
        last_end = text.find("\n", max(start, end - 1))
        last_end = len(text) if last_end < 0 else last_end
        tail = last_end
        for _ in range(around):
            if tail >= len(text):
                break
            following = text.find("\n", tail + 1)
            tail = len(text) if following < 0 else following
        lines = tuple(text[line_start:tail].split("\n"))
        first_line = text.count("\n", 0, line_start) + 1
        spans = _spans(text, line_start, start, max(end, start + 1), len(lines))
        before: tuple[str, ...] = ()
        after: tuple[str, ...] = ()
        if self.fix_problem(index) is None and finding.fix is not None:
            changed_start = text.rfind("\n", 0, start) + 1
            region = text[changed_start:last_end]
            delta = changed_start
            shifted = []
            for edit in finding.fix.edits:
                s = self._current_offset(edit.start, state) - delta
                e = self._current_offset(edit.end, state) - delta
                shifted.append(Edit(max(0, s), max(0, e), edit.replacement))
            try:
                fixed = apply_edits(region, shifted)
            except ValueError:
                fixed = region
            before, after = tuple(region.split("\n")), tuple(fixed.split("\n"))
        return Context(first_line, lines, spans, before, after)


def _spans(
    text: str, origin: int, start: int, end: int, count: int
) -> tuple[tuple[int, int, int], ...]:
    """(line index, start, end) pieces of ``start..end`` in the lines that begin at ``origin``."""
    spans: list[tuple[int, int, int]] = []
    line_start = origin
    for index in range(count):
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        if start <= line_end and end > line_start:
            spans.append(
                (index, max(start, line_start) - line_start, min(end, line_end + 1) - line_start)
            )
        line_start = line_end + 1
    return tuple(spans)


def replay(text: str, findings: Sequence[Finding], keys: str) -> Review:
    """Run a review on ``text`` with the keys ``a``, ``s``, ``i``, ``u`` (tests, property tests)."""
    review = Review(text, findings)
    for key in keys:
        if key == "a":
            review.apply()
        elif key == "s":
            review.skip()
        elif key == "i":
            review.ignore()
        elif key == "u":
            review.undo()
    return review
