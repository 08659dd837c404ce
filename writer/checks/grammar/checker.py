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
from writer.checks.grammar.text import GrammarText, grammar_text
from writer.settings.config import Config, GrammarSettings

if TYPE_CHECKING:
    from writer.checks.grammar.cache import GrammarCache
from writer.checks.base import CheckContext, Checker
from writer.model.document import BlockKind, Document
from writer.model.findings import Edit, Finding, Fix, Severity
from writer.model.rules import RuleMeta

# Table cells are data, not sentences: a grammar checker mostly misreads them.
_CHECKED_KINDS = frozenset(
    {BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.LIST_ITEM, BlockKind.BLOCKQUOTE}
)


@dataclass
class _Slot:
    """The backend for one ``[grammar]`` setting in this run, and what users must be told."""

    choice: Choice
    backend: Backend | None
    notices: list[str] = field(default_factory=list)
    error: str | None = None
    cache: GrammarCache | None = None


class GrammarSession:
    """Backends and caches for one lint run (or one TUI session), built on first use."""

    def __init__(self) -> None:
        self._slots: dict[GrammarSettings, _Slot] = {}

    def slot(self, settings: GrammarSettings) -> _Slot:
        slot = self._slots.get(settings)
        if slot is None:
            from writer.checks.grammar.cache import GrammarCache  # sqlite3: only with grammar on

            cache = GrammarCache.for_settings(settings)
            choice = choose(settings, cache)
            slot = _Slot(choice, choice.backend, list(choice.notices), choice.error, cache)
            self._slots[settings] = slot
        return slot

    def fail(self, slot: _Slot, reason: str) -> None:
        backend = slot.backend
        name = backend.name if backend is not None else "grammar"
        slot.backend = None
        slot.error = reason
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


def _accept_patterns(words: Sequence[str]) -> list[re.Pattern[str]]:
    patterns = []
    for word in words:
        try:
            patterns.append(re.compile(word))
        except re.error:
            patterns.append(re.compile(re.escape(word)))
    return patterns


# Spelling is for words. Engineering prose is full of names that no dictionary holds and that
# are spelled as meant: acronyms (KEP, SLOs, N/A), names with digits (k8s, e2e, v1beta1) and
# identifiers in camelCase or PascalCase (StatefulSet, kubeProxy). A spelling match on such a
# token is not reported; words in the vocabulary accept list are not either.
_TECHNICAL_TOKEN = re.compile(r"\S*(?:\d|[A-Z]\S*[A-Z]|[a-z][A-Z]|[_/@#])\S*")


def technical_token(word: str) -> bool:
    """Whether ``word`` is a name (acronym, digits, camelCase, path) rather than a word."""
    return _TECHNICAL_TOKEN.fullmatch(word) is not None


# The document memo holds findings after this filtering: bump when what is kept changes.
_MEMO_VERSION = "2"


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

    def __init__(self, session: GrammarSession) -> None:
        self.session = session
        # Findings carry dynamic ids (grammar.harper.SpellCheck): one RuleMeta per id seen.
        self._dynamic: dict[tuple[str, str], RuleMeta] = {}
        self._rule_ids: dict[str, dict[str, str]] = {}  # family, then rule: one string each

    def check(self, context: CheckContext) -> Iterator[Finding]:
        settings = context.config.grammar
        if settings.backend == "off":
            return
        slot = self.session.slot(settings)
        try:
            yield from self._check(context, slot)
        finally:
            context.run_notices.extend(slot.notices)
            if slot.backend is None or slot.error is not None:
                context.volatile = True  # grammar could not run: not a result to keep
            if slot.cache is not None and slot.cache.problem:
                context.run_notices.append(slot.cache.problem)
            if slot.error is not None and settings.required:
                context.fatal = True

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
        accept_words = context.config.vocabulary_accept
        document_key = ""
        if cache is not None:
            identity = "\0".join((fingerprint, "document", _MEMO_VERSION, *accept_words))
            document_key = cache_key(identity, document.text)
            rows = cache.get_value(document_key)
            if isinstance(rows, list):
                try:
                    cached = self._restore(family, rows)
                except (TypeError, ValueError, KeyError, IndexError):
                    pass  # an unreadable entry: check the document again
                else:
                    yield from cached
                    return
        prepared: list[tuple[int, GrammarText, str]] = []
        for index, block in enumerate(document.blocks):
            if block.kind not in _CHECKED_KINDS or not block.text.strip():
                continue
            text = grammar_text(document, block)
            if text.text.strip():
                prepared.append((index, text, cache_key(fingerprint, text.text)))
        known = cache.get_many(key for _, _, key in prepared) if cache is not None else {}
        missing = list({key: text.text for _, text, key in prepared if key not in known}.items())
        if missing:
            try:
                found = backend.check([text for _, text in missing])
            except GrammarUnavailable as exc:
                self.session.fail(slot, str(exc))
                return
            fresh = {key: matches for (key, _), matches in zip(missing, found, strict=True)}
            if cache is not None:
                cache.put_many(fresh)
            known.update(fresh)
        accept = _accept_patterns(accept_words)
        findings = []
        for index, text, key in prepared:
            for match in known.get(key, ()):
                finding = self._finding(context, document, index, text, match, family, accept)
                if finding is not None:
                    findings.append(finding)
        if cache is not None:
            cache.put_value(document_key, [_to_row(family, finding) for finding in findings])
        yield from findings

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
            if len(row) > 10:
                description, replacement, e_line, e_column, e_end_line, e_end_column = row[10:]
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
        accept: list[re.Pattern[str]],
    ) -> Finding | None:
        if text.near_hole(match.start, match.end, touching=not match.spelling):
            return None
        if match.spelling:
            word = text.text[match.start : match.end]
            if technical_token(word) or any(pattern.fullmatch(word) for pattern in accept):
                return None
        plain = text.to_plain(match.start, match.end)
        if plain is None:
            return None
        block = document.blocks[index]
        start, end = block.source_span(*plain)
        fix = None
        if match.replacements:
            replacement = match.replacements[0]
            description = f"Replace with '{replacement}'" if replacement else "Remove it"
            line, column = document.position(start)
            end_line, end_column = document.position(end)
            edit = Edit(start, end, replacement, line, column, end_line, end_column)
            fix = Fix(description, (edit,), safe=False)
        rule = self._dynamic.get((family.id, match.rule))
        if rule is None:
            rule = dataclasses.replace(family, id=f"{family.id}.{match.rule}")
            self._dynamic[(family.id, match.rule)] = rule
        return context.finding(
            rule,
            start,
            end,
            _message(match),
            fix=fix,
            severity=severity_for(match.issue_type, match.rule),
        )


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
    row: list[Any] = [
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
    ]
    if finding.fix is not None:
        edit = finding.fix.edits[0]
        row += [
            finding.fix.description,
            edit.replacement,
            edit.line,
            edit.column,
            edit.end_line,
            edit.end_column,
        ]
    return row


@dataclass
class GrammarProvider:
    """The provider ``writer.api`` calls: one session (and so one backend) per linter."""

    session: GrammarSession = field(default_factory=GrammarSession)

    def __post_init__(self) -> None:
        self._checker = GrammarChecker(self.session)

    def __call__(self, config: Config, options: object, template: object) -> Sequence[Checker]:
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
