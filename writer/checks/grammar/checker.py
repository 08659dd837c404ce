"""The grammar check: send each prose block to the chosen backend (or take it from the cache),
and turn the backend's matches into findings with exact positions.

Rule ids are ``grammar.<backend>.<RULE>`` (``grammar.languagetool.MORFOLOGIK_RULE_EN_US``,
``grammar.harper.SpellCheck``): dynamic ids under a declared family, so ``--select`` and
``--ignore`` take the family, or one rule.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from writer import __version__
from writer.checks.grammar.base import Backend, GrammarMatch, GrammarUnavailable, severity_for
from writer.checks.grammar.choose import Choice, choose
from writer.checks.grammar.meta import FAMILIES, HARPER, LANGUAGETOOL
from writer.checks.grammar.spelling import Candidate, Lexicon, candidates, word_after
from writer.checks.grammar.text import GrammarText, grammar_text
from writer.settings.config import Config, GrammarSettings
from writer.settings.vocabulary import accepted_entries

if TYPE_CHECKING:
    from writer.checks.grammar.cache import GrammarCache
from writer.checks.base import CheckContext, Checker
from writer.model.document import BlockKind, Document
from writer.model.findings import Edit, Finding, Fix, Severity
from writer.model.quoted import inside as inside_quoted
from writer.model.quoted import quoted_spans
from writer.model.rules import RuleMeta

# Table cells are mostly data, not sentences: a grammar checker misreads "| Owner | @alice |".
# A cell of a few words is a sentence more often than not (a timeline's "Builder was shutdown.")
# and is checked; every cell's words are spell-checked.
_CHECKED_KINDS = frozenset(
    {BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.LIST_ITEM, BlockKind.BLOCKQUOTE}
)
_SPELLED_KINDS = _CHECKED_KINDS | {BlockKind.TABLE_CELL}
_SENTENCE_WORDS = 3  # words a table cell needs to be grammar-checked


def grammar_checked(kind: BlockKind, text: str) -> bool:
    """Whether a block of this kind holding ``text`` (its checked text) is sent to the grammar
    backend: prose blocks, and table cells that read as a sentence."""
    if kind in _CHECKED_KINDS:
        return True
    return kind is BlockKind.TABLE_CELL and len(text.split()) >= _SENTENCE_WORDS


@dataclass
class _Slot:
    """The backend for one ``[grammar]`` setting in this run, and what users must be told."""

    choice: Choice
    backend: Backend | None
    notices: list[str] = field(default_factory=list)
    error: str | None = None
    cache: GrammarCache | None = None
    status: str = ""  # what ran, for the report's summary


class GrammarSession:
    """Backends and caches for one lint run (or one TUI session), built on first use."""

    def __init__(self) -> None:
        self._slots: dict[tuple[GrammarSettings, tuple[str, ...]], _Slot] = {}

    def slot(self, settings: GrammarSettings, extra_rules: tuple[str, ...] = ()) -> _Slot:
        slot = self._slots.get((settings, extra_rules))
        if slot is None:
            from writer.checks.grammar.cache import GrammarCache  # sqlite3: only with grammar on

            cache = GrammarCache.for_settings(settings)
            choice = choose(settings, cache, extra_rules)
            slot = _Slot(
                choice, choice.backend, list(choice.notices), choice.error, cache, choice.status
            )
            self._slots[(settings, extra_rules)] = slot
        return slot

    def fail(self, slot: _Slot, reason: str) -> None:
        backend = slot.backend
        name = backend.name if backend is not None else "grammar"
        slot.backend = None
        slot.error = reason
        slot.status = f"{name} stopped (see the note above)"
        slot.notices.append(
            f"grammar ({name}) stopped: {reason}; files checked after that have no grammar "
            "findings, every other check ran"
        )
        if backend is not None:
            backend.close()

    def __getstate__(self) -> dict[str, object]:
        return {"_slots": {}}  # a process started by spawn builds its own backends

    def close(self) -> None:
        for slot in self._slots.values():
            if slot.backend is not None:
                slot.backend.close()
            if slot.cache is not None:
                slot.cache.close()
        self._slots.clear()


# The document memo holds findings after this filtering: bump when what is kept changes.
_MEMO_VERSION = "8"


def _message(match: GrammarMatch) -> str:
    message = " ".join(match.message.split()) or "Possible problem"
    if not match.replacements:
        return message
    first = match.replacements[0]
    advice = f"use '{first}'" if first else "remove it"
    others = [f"'{r}'" for r in match.replacements[1:3] if r]
    if others:
        advice += f" (or {', '.join(others)})"
    if message.endswith("?"):
        return f"{message} {advice[0].upper()}{advice[1:]}"
    return f"{message.rstrip('.')}: {advice}"


class GrammarChecker:
    """Runs the configured grammar backend over a document's prose."""

    rules = (LANGUAGETOOL, HARPER)

    def __init__(self, session: GrammarSession, selected: tuple[str, ...] = ()) -> None:
        self.session = session
        self.selected = selected  # the command line's --select: may name rules that are off
        # Findings carry dynamic ids (grammar.harper.SpellCheck): one RuleMeta per id seen.
        self._dynamic: dict[tuple[str, str], RuleMeta] = {}
        self._rule_ids: dict[str, dict[str, str]] = {}  # family, then rule: one string each
        self._memos: dict[int, tuple[CheckContext, str, Any]] = {}  # looked up by start()
        self._lexicon: Lexicon | None = None  # the bundled word lists, read on first use
        self.resident = False  # see LintOptions.resident

    def _slot(self, context: CheckContext) -> _Slot | None:
        config = context.config
        if config.grammar.backend == "off":
            context.grammar = "off"
            return None
        slot = self.session.slot(config.grammar, selected_rules(config, self.selected))
        context.grammar = slot.status
        return slot

    def start(self, context: CheckContext) -> None:
        """Before the other checks run: look the document up in the cache, and when it is not
        there, let the backend get ready (harper builds its dictionary in a thread meanwhile)."""
        slot = self._slot(context)
        if slot is None:
            return
        backend = slot.backend
        if backend is None:
            return
        key, rows = self._memo(context, slot, backend)
        self._memos[id(context)] = (context, key, rows)
        warm_up = getattr(backend, "warm_up", None)
        if warm_up is None:
            return
        if self.resident:
            warm_up(prime=True)  # checks follow each other: get everything ready now
            self._words()
        elif rows is None:
            warm_up()

    def check(self, context: CheckContext) -> Iterator[Finding]:
        slot = self._slot(context)
        if slot is None:
            return
        settings = context.config.grammar
        quoted = quoted_spans(context.document, examples=True)
        try:
            for finding in self._check(context, slot):
                if quoted and inside_quoted(quoted, finding.start):
                    continue  # quoted or pasted text is not the author's prose
                yield finding
        finally:
            context.grammar = slot.status
            self._memos.pop(id(context), None)
            context.run_notices.extend(slot.notices)
            if slot.backend is None or slot.error is not None:
                context.volatile = True  # grammar could not run: not a result to keep
            if slot.cache is not None and slot.cache.problem:
                context.run_notices.append(slot.cache.problem)
            if slot.error is not None and settings.required:
                context.fatal = True

    def _memo(self, context: CheckContext, slot: _Slot, backend: Backend) -> tuple[str, Any]:
        """The document's key in the cache and its finished findings there (or None)."""
        started = self._memos.get(id(context))
        if started is not None and started[0] is context:
            return started[1], started[2]
        cache = slot.cache
        if cache is None:
            return "", None
        from writer.checks.grammar.cache import cache_key
        from writer.infra.stamps import code_stamp

        fingerprint = f"{backend.fingerprint}:{__version__}"
        accept_words = accepted_entries(context.config)
        # writer's own code too: how matches become findings (which words are names) is its own
        identity = "\0".join((fingerprint, "document", _MEMO_VERSION, code_stamp(), *accept_words))
        key = cache_key(identity, context.document.text)
        rows = cache.get_value(key)
        return key, rows if isinstance(rows, list) else None

    def _check(self, context: CheckContext, slot: _Slot) -> Iterator[Finding]:
        backend = slot.backend
        if backend is None:
            return
        from writer.checks.grammar.cache import cache_key

        document = context.document
        cache = slot.cache
        family = FAMILIES[backend.name]
        # Results depend on the backend and on how this version of writer reads them.
        fingerprint = f"{backend.fingerprint}:{__version__}"
        document_key, rows = self._memo(context, slot, backend)
        if rows is not None:
            try:
                cached = self._restore(family, rows)
            except (TypeError, ValueError, KeyError, IndexError):
                pass  # an unreadable entry: check the document again
            else:
                yield from cached
                return
        prepared: list[tuple[int, GrammarText, str]] = []
        spelled: dict[int, GrammarText] = {}  # every block spelling reads, table cells too
        for index, block in enumerate(document.blocks):
            if block.kind not in _SPELLED_KINDS or not block.text.strip():
                continue
            text = grammar_text(document, block)
            if not text.text.strip():
                continue
            spelled[index] = text
            if grammar_checked(block.kind, text.text):
                prepared.append((index, text, cache_key(fingerprint, text.text)))
        known = cache.get_many(key for _, _, key in prepared) if cache is not None else {}
        missing = list({key: text.text for _, text, key in prepared if key not in known}.items())
        words = candidates(
            document,
            [(index, document.blocks[index].kind, text) for index, text in spelled.items()],
            accepted_entries(context.config),
            self._words(),
        )
        try:
            if missing:
                found = backend.check([text for _, text in missing])
                fresh = {key: matches for (key, _), matches in zip(missing, found, strict=True)}
                if cache is not None:
                    cache.put_many(fresh)
                known.update(fresh)
            misspelt = getattr(backend, "misspelt", None)
            spelling = _spelling_matches(words, misspelt) if misspelt is not None else []
            unread = _unread_articles(prepared, known, misspelt) if misspelt is not None else set()
        except GrammarUnavailable as exc:
            self.session.fail(slot, str(exc))
            return
        wanted = {(word.index, word.start, word.end): word for word in words}
        findings = []
        # Words a grammar rule already reports ("everytime": write "every time"): its advice is
        # better than the nearest dictionary word's, so spelling leaves them to it.
        ruled: set[tuple[int, int]] = set()
        for index, text, key in prepared:
            for match in known.get(key, ()):
                if (index, match.start) in unread:
                    continue
                if not match.spelling:
                    ruled.update((index, offset) for offset in range(match.start, match.end))
                word = None
                if match.spelling:
                    # A backend that spells in context (LanguageTool): only the words worth it.
                    word = wanted.get((index, match.start, match.end))
                    if word is None:
                        continue  # a name, a word the project accepts, or not the author's
                finding = self._finding(context, document, index, text, match, family, word)
                if finding is not None:
                    findings.append(finding)
        for word, match in spelling:
            if (word.index, word.start) in ruled:
                continue
            finding = self._finding(
                context, document, word.index, spelled[word.index], match, family, word
            )
            if finding is not None:
                findings.append(finding)
        if cache is not None and document_key:
            cache.put_value(document_key, [_to_row(family, finding) for finding in findings])
        yield from findings

    def _words(self) -> Lexicon:
        if self._lexicon is None:
            self._lexicon = Lexicon.bundled()
        return self._lexicon

    def _restore(self, family: RuleMeta, rows: list[Any]) -> list[Finding]:
        """The findings a document memo holds (see :func:`_to_row`).

        They were built and checked when the document was first linted, so they are rebuilt as
        pickle rebuilds a dataclass, without running ``__init__`` again: a cached run restores
        tens of thousands of them, and this is most of what a cached grammar run costs. Rule
        ids and sections are shared strings, so results also travel cheaply between processes.
        """
        rule_ids = self._rule_ids.setdefault(family.id, {})
        sections: dict[str, str] = {}
        findings = []
        for row in rows:
            (suffix, level, message, start, end, line, column, end_line, end_column, section) = row[
                :10
            ]
            rule = rule_ids.get(suffix)
            if rule is None:
                rule = rule_ids[suffix] = f"{family.id}.{suffix}"
            if section is not None:
                section = sections.setdefault(section, section)
            fix = None
            if row[10] is not None:
                description, replacement, e_line, e_column, e_end_line, e_end_column = row[10]
                edit = _new(Edit)
                _set(
                    edit,
                    "__dict__",
                    {
                        **_EDIT_DEFAULTS,
                        "start": start,
                        "end": end,
                        "replacement": replacement,
                        "line": e_line,
                        "column": e_column,
                        "end_line": e_end_line,
                        "end_column": e_end_column,
                    },
                )
                fix = _new(Fix)
                _set(
                    fix,
                    "__dict__",
                    {**_FIX_DEFAULTS, "description": description, "edits": (edit,), "safe": False},
                )
            finding = _new(Finding)
            _set(
                finding,
                "__dict__",
                {
                    **_FINDING_DEFAULTS,
                    "rule": rule,
                    "severity": _SEVERITIES[level],
                    "message": message,
                    "line": line,
                    "column": column,
                    "end_line": end_line,
                    "end_column": end_column,
                    "start": start,
                    "end": end,
                    "fix": fix,
                    "section": section,
                    "data": tuple((str(k), str(v)) for k, v in row[11]),
                },
            )
            findings.append(finding)
        return findings

    def _finding(
        self,
        context: CheckContext,
        document: Document,
        index: int,
        text: GrammarText,
        match: GrammarMatch,
        family: RuleMeta,
        word: Candidate | None,
    ) -> Finding | None:
        if text.near_hole(match.start, match.end, touching=not match.spelling):
            return None
        plain = text.to_plain(match.start, match.end)
        if plain is None:
            return None
        block = document.blocks[index]
        start, end = block.source_span(*plain)
        replacements = match.replacements
        fix = None
        if replacements:
            replacement = replacements[0]
            description = f"Replace with '{replacement}'" if replacement else "Remove it"
            line, column = document.position(start)
            end_line, end_column = document.position(end)
            edit = Edit(start, end, replacement, line, column, end_line, end_column)
            fix = Fix(description, (edit,), safe=False)
        rule = self._dynamic.get((family.id, match.rule))
        if rule is None:
            rule = dataclasses.replace(family, id=f"{family.id}.{match.rule}")
            self._dynamic[(family.id, match.rule)] = rule
        finding = context.finding(
            rule,
            start,
            end,
            _message(match),
            fix=fix,
            severity=severity_for(match.issue_type, match.rule),
        )
        if word is not None:
            # What an editor needs to offer "add to vocabulary": the word as written.
            finding = dataclasses.replace(finding, data=(("word", document.text[start:end]),))
        return finding


def selected_rules(config: Config, select: Sequence[str]) -> tuple[str, ...]:
    """harper rules named by their full id (``grammar.harper.LongSentences``) in ``--select``,
    ``select``, ``extend_select`` or ``[rules]`` (at a level, not ``off``): selecting a rule that
    is off by default turns it on."""
    prefix = HARPER.id + "."
    named = [
        *select,
        *config.select,
        *config.extend_select,
        *(rule for rule, level in config.rules if level != "off"),
    ]
    names = [selector[len(prefix) :] for selector in named if selector.startswith(prefix)]
    return tuple(sorted({name for name in names if name and "." not in name}))


# Rules about the article before a word ("a apple"), which guess its sound from its letters.
_ARTICLE_RULES = frozenset({"AnA"})


def _unread_articles(
    prepared: Sequence[tuple[int, GrammarText, str]],
    known: dict[str, list[GrammarMatch]],
    misspelt: Any,
) -> set[tuple[int, int]]:
    """Article matches to drop, as (block, start): those before a word whose sound its letters
    do not tell (an acronym, an identifier, jargon the dictionary lacks: "an rlib", "a SPIFFE
    certificate" are right as their readers say them)."""
    following: dict[tuple[int, int], str | None] = {}
    sounds: set[tuple[int, int]] = set()  # "a unanimous": right as said
    for index, text, key in prepared:
        for match in known.get(key, ()):
            if match.rule in _ARTICLE_RULES:
                named = _capital_letter_name(text.text, match.start, match.end)
                after = None if named else word_after(text.text, match.end)
                following[(index, match.start)] = after
                written = text.text[match.start : match.end].strip().lower()
                if after is not None and written == "a" and _CONSONANT_SOUND.match(after):
                    sounds.add((index, match.start))
    if not following:
        return set()
    words = {word for word in following.values() if word is not None}
    unknown = misspelt(sorted(words)) if words else {}
    return sounds | {place for place, word in following.items() if word is None or word in unknown}


# Words written with a vowel that start with a consonant sound ("a unanimous vote", "a user",
# "a European", "a one-off"): "a" is right before them. "un" as a prefix (an unimportant, an
# uninstall) keeps its vowel.
_CONSONANT_SOUND = re.compile(
    r"(?i)(?:un(?:anim|i(?![nm]))|us(?:[aeu]|ing)|ut(?:[ie]|op)|ur(?:[aei](?!n?g))|ubiq|uku|eu|ewe|"
    r"one(?!r|ro|rous)|once)"
)


_WORD_BEFORE = re.compile(r"[\w,;)\]`'’]\s+$")


def _capital_letter_name(text: str, start: int, end: int) -> bool:
    """Whether a capitalised article inside a sentence ("crate A adds", "node A is") is the
    letter naming something: an article takes a capital only where a sentence starts."""
    article = text[start:end]
    return article[:1].isupper() and bool(_WORD_BEFORE.search(text, max(0, start - 3), start))


def _spelling_matches(
    words: Sequence[Candidate], misspelt: Any
) -> list[tuple[Candidate, GrammarMatch]]:
    """Spelling matches for the candidate words a backend that looks words up does not know."""
    unknown = misspelt(word.query for word in words)
    found: list[tuple[Candidate, GrammarMatch]] = []
    for word in words:
        answer = unknown.get(word.query)
        if answer is None or not word.reportable(answer.replacements):
            continue
        replacements = word.suggestions(answer.replacements)
        message = answer.message
        if word.suggestion is not None:
            message = f"Did you mean `{word.suggestion}`?"
        found.append(
            (
                word,
                GrammarMatch(
                    start=word.start,
                    end=word.end,
                    rule="SpellCheck",
                    message=message,
                    issue_type="Spelling",
                    category="Spelling",
                    replacements=replacements,
                    spelling=True,
                ),
            )
        )
    return found


_SEVERITIES = {int(level): level for level in Severity}


def _defaults(cls: type[Any]) -> dict[str, Any]:
    """The values a dataclass fills in by itself, so a rebuilt value has every field."""
    values: dict[str, Any] = {}
    for item in dataclasses.fields(cls):
        if item.default_factory is not dataclasses.MISSING:
            raise TypeError(f"{cls.__name__}.{item.name}: a default factory cannot be shared")
        if item.default is not dataclasses.MISSING:
            values[item.name] = item.default
    return values


# Values restored from the cache are made as pickle makes them: the fields set, __init__ skipped.
_new = object.__new__
_set = object.__setattr__
_FINDING_DEFAULTS = _defaults(Finding)
_FIX_DEFAULTS = _defaults(Fix)
_EDIT_DEFAULTS = _defaults(Edit)


def _to_row(family: RuleMeta, finding: Finding) -> list[Any]:
    fix: list[Any] | None = None
    if finding.fix is not None:
        edit = finding.fix.edits[0]
        fix = [
            finding.fix.description,
            edit.replacement,
            edit.line,
            edit.column,
            edit.end_line,
            edit.end_column,
        ]
    return [
        finding.rule[len(family.id) + 1 :],
        int(finding.severity),
        finding.message,
        finding.start,
        finding.end,
        finding.line,
        finding.column,
        finding.end_line,
        finding.end_column,
        finding.section,
        fix,
        [list(pair) for pair in finding.data],
    ]


@dataclass
class GrammarProvider:
    """The provider ``writer.api`` calls: one session (and so one backend) per linter."""

    session: GrammarSession = field(default_factory=GrammarSession)

    def __post_init__(self) -> None:
        self._checker = GrammarChecker(self.session)

    def __call__(self, config: Config, options: object, template: object) -> Sequence[Checker]:
        self._checker.selected = tuple(getattr(options, "select", ()) or ())
        return (self._checker,)

    def needs_one_process(self, config: Config) -> bool:
        return needs_one_process(config)


def needs_one_process(config: Config) -> bool:
    """A local LanguageTool is one Java server per process: lint in one process then."""
    settings = config.grammar
    if settings.server or settings.backend not in ("languagetool", "auto"):
        return False
    if settings.backend == "languagetool":
        return True
    from writer.checks.grammar.languagetool import local_languagetool

    return local_languagetool().usable
