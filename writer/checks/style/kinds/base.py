"""What every Vale-format rule kind shares: the units of text it runs on, scopes, messages.

A rule runs over *units*: a prose block (paragraph, heading, list item, table cell, quote), one
sentence of a paragraph, or the raw file. Each unit carries the scope names it belongs to, so a
rule's ``scope`` (with ``~`` for "not" and ``&`` for "and") picks the units it sees, as in Vale.
"""

from __future__ import annotations

import bisect
import functools
import os
import re
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import regex

from writer.checks.budget import budget
from writer.errors import ConfigError
from writer.model.document import BlockKind, ProseBlock
from writer.model.findings import Severity
from writer.model.rules import RuleMeta


class RuleError(ConfigError):
    """A rule file that cannot be used: ``str()`` names the file, the line and the fix."""


@dataclass(frozen=True)
class RuleSpec:
    """One rule file, read and validated, before its patterns are compiled."""

    style: str
    name: str
    path: str
    data: Mapping[str, Any]
    key_lines: Mapping[str, int] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"style.{self.style}.{self.name}"

    @property
    def vale_name(self) -> str:
        return f"{self.style}.{self.name}"

    @property
    def extends(self) -> str:
        return str(self.data.get("extends", ""))

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if isinstance(value, str):
            return value.strip().lower() in ("true", "yes", "1")
        return bool(value)

    def number(self, key: str, default: float = 0) -> float:
        value = self.data.get(key, default)
        try:
            return float(value)
        except (TypeError, ValueError):
            raise self.error(f"'{key}' must be a number, not {value!r}", key) from None

    def strings(self, key: str) -> list[str]:
        value = self.data.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        if isinstance(value, list):
            return [str(item) for item in value if item is not None]
        raise self.error(f"'{key}' must be a list of strings", key)

    def error(self, message: str, key: str | None = None) -> RuleError:
        line = self.key_lines.get(key) if key else None
        return RuleError(self.path, message, line)

    @property
    def level(self) -> Severity:
        value = str(self.data.get("level", "warning"))
        try:
            return Severity.parse(value)
        except ValueError:
            raise self.error(
                f"level {value!r} is not valid: use suggestion, warning or error", "level"
            ) from None


@dataclass(frozen=True)
class RuleEnv:
    """What rules are compiled against: accepted and rejected vocabulary, dictionaries."""

    accepted: tuple[str, ...] = ()  # regular expressions, Vale's accept.txt entries
    rejected: tuple[str, ...] = ()
    styles_path: tuple[str, ...] = ()  # folders searched for dictionaries
    safe_fixes: frozenset[str] = frozenset()  # rule names whose substitutions are safe
    notices: list[str] = field(default_factory=list, compare=False, hash=False)
    # Hunspell dictionaries loaded for rules compiled against this environment (and copies of
    # it that pass it on), by file: whoever makes the environment owns them.
    dictionaries: dict[Any, Any] = field(default_factory=dict, compare=False, hash=False)


# -- units of text --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    """Text one rule sees once: ``text`` is ``block.text[offset:offset + len(text)]``."""

    text: str
    tags: frozenset[str]
    block: ProseBlock | None  # None: the raw file, offsets are into Document.text
    offset: int = 0
    # Worked out when first asked for (a document may make a million units: no dict each).
    _lower: str | None = field(default=None, init=False, repr=False, compare=False)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        if self.block is None:
            return self.offset + start, self.offset + end
        return self.block.source_span(self.offset + start, self.offset + end)

    @property
    def lower(self) -> str:
        found = self._lower
        if found is None:
            found = self.text.lower()
            object.__setattr__(self, "_lower", found)
        return found


_BLOCK_TAGS = {
    BlockKind.PARAGRAPH: frozenset({"text", "paragraph", "summary"}),
    BlockKind.LIST_ITEM: frozenset({"text", "list", "li", "summary"}),
    BlockKind.TABLE_CELL: frozenset({"text", "table", "table.cell", "summary"}),
    BlockKind.BLOCKQUOTE: frozenset({"text", "blockquote", "summary"}),
}


def block_tags(block: ProseBlock) -> frozenset[str]:
    if block.kind is BlockKind.HEADING:
        return frozenset({"text", "heading"})
    return _BLOCK_TAGS[block.kind]


_HEADING_TAGS = tuple(frozenset({"text", "heading", f"heading.h{level}"}) for level in range(7))
SENTENCE_TAGS = frozenset({"sentence"})


def heading_tags(level: int) -> frozenset[str]:
    """One shared set per level (a document may hold a million headings)."""
    if 0 <= level < len(_HEADING_TAGS):
        return _HEADING_TAGS[level]
    return frozenset({"text", "heading", f"heading.h{level}"})


# -- scopes ---------------------------------------------------------------------------------

SCOPE_NAMES = frozenset(
    {
        "text",
        "raw",
        "sentence",
        "paragraph",
        "heading",
        "list",
        "li",
        "blockquote",
        "table",
        "table.cell",
        "table.header",
        "table.caption",
        "summary",
        "alt",
        "code",
        "link",
        "title",
        "comment",
        "strong",
        "emphasis",
        "b",
        "i",
    }
)


@dataclass(frozen=True)
class Selector:
    """One ``scope`` entry: every positive term must match, no negated term may."""

    positive: tuple[str, ...]
    negative: tuple[str, ...]

    def matches(self, tags: frozenset[str]) -> bool:
        if self.positive:
            if not all(_tag_match(term, tags) for term in self.positive):
                return False
        elif "text" not in tags:
            return False
        return not any(_tag_match(term, tags) for term in self.negative)


def _tag_match(term: str, tags: frozenset[str]) -> bool:
    if term in tags:
        return True
    return any(tag.startswith(term + ".") for tag in tags)


def parse_scope(spec: RuleSpec, default: str = "text") -> tuple[Selector, ...]:
    value = spec.get("scope", default)
    entries = [value] if isinstance(value, str) else list(value or [default])
    selectors = []
    for entry in entries:
        positive: list[str] = []
        negative: list[str] = []
        for term in str(entry).split("&"):
            name = term.strip().lower()
            if not name:
                continue
            target = negative if name.startswith("~") else positive
            name = name.lstrip("~").strip()
            if name.endswith(".md"):
                name = name[:-3]
            base = name.split(".", 1)[0]
            if base not in SCOPE_NAMES and name not in SCOPE_NAMES:
                raise spec.error(
                    f"unknown scope '{name}': use text, sentence, paragraph, heading, list, "
                    "blockquote, table, raw or summary",
                    "scope",
                )
            target.append(name)
        selectors.append(Selector(tuple(positive), tuple(negative)))
    return tuple(selectors)


def selects(selectors: Sequence[Selector], tags: frozenset[str]) -> bool:
    return any(selector.matches(tags) for selector in selectors)


# -- messages, patterns, exceptions ---------------------------------------------------------


def format_message(message: str, *subs: str) -> str:
    """Fill ``%s`` (and ``%[n]s``) placeholders in order, cycling through ``subs`` as Vale does."""
    if "%" not in message or not subs:
        return message.replace("%%", "%")
    if len(subs) == 1 and message.count("%") == message.count("%s"):
        return message.replace("%s", subs[0])  # the usual case, without a regex
    counter = iter(range(10_000))

    def fill(match: re.Match[str]) -> str:
        if match.group() == "%%":
            return "%"
        index = int(match.group(1)) - 1 if match.group(1) else next(counter)
        return subs[index % len(subs)]

    return re.sub(r"%%|%(?:\[(\d+)\])?[sd]", fill, message)


_FLAGS_AT_START = re.compile(r"^\(\?([a-zA-Z]+)\)")


def compile_pattern(spec: RuleSpec, pattern: str, key: str) -> regex.Pattern[str]:
    """Compile a Vale (Go/.NET flavoured) pattern with the ``regex`` module.

    A bundled guide's patterns (tested, so known to compile) are compiled when a rule first
    needs one: most rules never run their pattern on a given document, since the text it
    needs is not there. A user's patterns are compiled at once, so a bad one is reported when
    the guide is loaded."""
    source = translate(pattern)
    if _bundled(spec.path):
        return cast("regex.Pattern[str]", _LazyPattern(source))
    try:
        return regex.compile(source, regex.VERSION0)
    except (regex.error, ValueError, OverflowError) as exc:
        raise spec.error(f"'{key}' is not a valid regular expression: {exc}", key) from None


class _LazyPattern:
    """A pattern compiled on first use; then every attribute is the compiled pattern's."""

    def __init__(self, source: str) -> None:
        self.pattern = source

    def __getattr__(self, name: str) -> Any:
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self.__dict__["_compiled"] = regex.compile(self.pattern, regex.VERSION0)
            # Later calls find the compiled pattern's methods without going through here.
            for method in ("search", "finditer", "match", "fullmatch", "findall", "sub", "split"):
                self.__dict__[method] = getattr(compiled, method)
        return getattr(compiled, name)


@functools.lru_cache(maxsize=1)
def _bundled_folder() -> str:
    from writer.infra.data import data_dir

    return os.path.join(str(data_dir("styleguides").resolve()), "")


def _bundled(path: str) -> bool:
    return os.path.abspath(path).startswith(_bundled_folder())


def translate(pattern: str) -> str:
    """Go/.NET syntax the ``regex`` module reads differently."""
    # Inline flags in the middle of a pattern apply from there on in Go; the regex module
    # wants scoped flags, so ``a(?i)b`` becomes ``a(?i:b)`` up to the enclosing group's end.
    if "(?" in pattern:
        pattern = _scope_inline_flags(pattern)
    return pattern


def _scope_inline_flags(pattern: str) -> str:
    out: list[str] = []
    i = 0
    depth_stack: list[int] = [0]  # open scoped-flag groups at each nesting depth
    length = len(pattern)
    while i < length:
        char = pattern[i]
        if char == "\\" and i + 1 < length:
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if char == "[":
            end = _class_end(pattern, i)
            out.append(pattern[i:end])
            i = end
            continue
        if char == "(":
            flags = re.match(r"\(\?([imsx]+)\)", pattern[i:])
            if flags is not None and i != 0:
                out.append(f"(?{flags.group(1)}:")
                depth_stack[-1] += 1
                i += flags.end()
                continue
            out.append(char)
            depth_stack.append(0)
            i += 1
            continue
        if char == ")":
            if len(depth_stack) > 1:
                out.append(")" * depth_stack.pop())
            out.append(char)
            i += 1
            continue
        if char == "|" and depth_stack[-1]:
            out.append(")" * depth_stack[-1])
            depth_stack[-1] = 0
        out.append(char)
        i += 1
    out.append(")" * depth_stack[0])
    return "".join(out)


def _class_end(pattern: str, start: int) -> int:
    i = start + 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
            continue
        if pattern[i] == "]":
            return i + 1
        i += 1
    return len(pattern)


WORD_TEMPLATE = r"(?m)\b(?:%s)\b"
NONWORD_TEMPLATE = r"(?m)(?:%s)"


def exceptions_pattern(
    spec: RuleSpec, exceptions: Sequence[str], accepted: Sequence[str] = ()
) -> regex.Pattern[str] | None:
    """Vale's exception test: any exception (or accepted term) found in the matched text."""
    terms = [term for term in (*exceptions, *accepted) if term]
    if not terms:
        return None
    terms.sort(key=len, reverse=True)
    return compile_pattern(spec, WORD_TEMPLATE % "|".join(terms), "exceptions")


class ExceptionTest:
    """Vale's exception test for one rule: does an exception (or accepted term) cover the
    matched text? Answers are remembered per text, because the same words recur from block to
    block and document to document."""

    _LIMIT = 50_000  # remembered texts before the memo starts over

    def __init__(self, pattern: regex.Pattern[str] | None) -> None:
        self.pattern = pattern
        self._known: dict[str, bool] = {}

    def covers(self, observed: str) -> bool:
        if self.pattern is None:
            return False
        known = self._known.get(observed)
        if known is None:
            if len(self._known) > self._LIMIT:
                self._known.clear()
            found = self.pattern.search(observed, timeout=budget())
            known = self._known[observed] = found is not None
        return known


def phrase_pattern(accepted: Sequence[str]) -> regex.Pattern[str] | None:
    """Accepted multi-word vocabulary: a match inside one of these phrases is not flagged."""
    phrases = [term for term in accepted if " " in term]
    if not phrases:
        return None
    try:
        return regex.compile("|".join(f"(?:{p})" for p in sorted(phrases, key=len, reverse=True)))
    except regex.error:
        return None


def within_phrase(pattern: regex.Pattern[str] | None, text: str, start: int, end: int) -> bool:
    if pattern is None:
        return False
    matches = pattern.finditer(text, timeout=budget())
    return any(m.start() <= start and end <= m.end() for m in matches)


@dataclass(frozen=True)
class Alert:
    """A match inside a unit: offsets into ``Unit.text``, a message, optional replacements."""

    start: int
    end: int
    message: str
    replacements: tuple[str, ...] = ()


def iter_matches(pattern: regex.Pattern[str], text: str) -> Iterator[regex.Match[str]]:
    return pattern.finditer(text, timeout=budget())


def rule_meta(spec: RuleSpec, *, fixable: bool = False, summary: str | None = None) -> RuleMeta:
    description = str(spec.get("description") or "")
    message = str(spec.get("message") or "")
    shown = summary or format_message(message, "…")
    explanation = description
    link = spec.get("link")
    if link:
        explanation = (explanation + "\n\n" if explanation else "") + f"More: {link}"
    return RuleMeta(
        id=spec.id,
        severity=spec.level,
        summary=shown,
        explanation=explanation,
        good=str(spec.get("_good", "")),
        bad=str(spec.get("_bad", "")),
        fixable=fixable,
        source=spec.path,
    )


class ValeRule:
    """A compiled rule. Kinds override :meth:`alerts` (per unit) or :meth:`document` (whole)."""

    default_scope = "text"
    safe_fix = False
    # Whether alerts depend only on the matched text, so the rule can run once over all units
    # with the same scope joined together (much faster than once per unit).
    batchable = False
    # Lower-case text every match contains (or has around it) one of, so units without any of
    # them are skipped with a substring search; None when no such list is known. See
    # :mod:`writer.checks.style.kinds.literals`.
    literals: tuple[str, ...] | None = None
    # Whether the rule reads the sentence units whatever its scope (document figures).
    reads_sentences = False

    def __init__(self, spec: RuleSpec, env: RuleEnv) -> None:
        self.spec = spec
        self.env = env
        self.selectors = parse_scope(spec, self.default_scope)
        self.message = str(spec.get("message", ""))
        self.limit = int(spec.number("limit", 0))
        self.meta = self.make_meta()
        self._wants: dict[frozenset[str], bool] = {}

    def make_meta(self) -> RuleMeta:
        return rule_meta(self.spec)

    def wants(self, tags: frozenset[str]) -> bool:
        known = self._wants.get(tags)
        if known is None:
            known = self._wants[tags] = selects(self.selectors, tags)
        return known

    def alerts(self, unit: Unit, state: dict[Any, Any]) -> Iterator[Alert]:
        return iter(())

    def document(
        self, units: Sequence[Unit], state: dict[Any, Any]
    ) -> Iterator[tuple[Unit, Alert]]:
        """Run over every unit the rule selects; whole-document kinds override this."""
        if self.batchable:
            yield from self._batched(units, state)
            return
        for unit in units:
            if self.wants(unit.tags):
                for alert in self.alerts(unit, state):
                    yield unit, alert

    def _batched(
        self, units: Sequence[Unit], state: dict[Any, Any]
    ) -> Iterator[tuple[Unit, Alert]]:
        for batch in batches(units, state):
            if not self.wants(batch.tags):
                continue
            if batch.raw is not None:
                if self.literals is None or any(t in batch.raw.lower for t in self.literals):
                    for alert in self.alerts(batch.raw, state):
                        yield batch.raw, alert
                continue
            candidates = self._candidates(batch)
            if candidates is not None:
                # Only the units holding one of the rule's words, each searched on its own.
                for index in candidates:
                    unit = batch.members[index]
                    for alert in self.alerts(unit, state):
                        yield unit, alert
                continue
            found: list[tuple[int, Alert]] = []
            redo: set[int] = set()  # units a match ran into or out of: checked one by one
            starts = batch.starts
            for alert in self.alerts(batch.joined, state):
                index = max(0, bisect.bisect_right(starts, alert.start) - 1)
                offset = starts[index]
                unit = batch.members[index]
                if alert.end > offset + len(unit.text) or alert.start > offset + len(unit.text):
                    last = max(0, bisect.bisect_right(starts, max(alert.end - 1, 0)) - 1)
                    redo.update(range(index, last + 1))
                    continue
                moved = Alert(
                    alert.start - offset, alert.end - offset, alert.message, alert.replacements
                )
                found.append((index, moved))
            for index, alert in found:
                if index not in redo:
                    yield batch.members[index], alert
            for index in sorted(redo):
                unit = batch.members[index]
                for alert in self.alerts(unit, state):
                    yield unit, alert

    def _candidates(self, batch: Batch) -> list[int] | None:
        """Indexes of the batch's units that contain one of :attr:`literals`, in order."""
        if self.literals is None:
            return None
        lower = batch.joined.lower
        if len(lower) != len(batch.joined.text):
            return None  # lower-casing changed the length: offsets would not line up
        starts = batch.starts
        last = len(starts) - 1
        found: set[int] = set()
        for literal in self.literals:
            position = lower.find(literal)
            while position != -1:
                index = bisect.bisect_right(starts, position) - 1
                found.add(index)
                if index >= last:
                    break
                position = lower.find(literal, starts[index + 1])
        return sorted(found)


# Between joined units: not a word character, not matched by ``\s`` or ``.`` as a whole, so
# matches do not run from one unit into the next.
SEPARATOR = "\x00\n\x00"
_ANCHOR = re.compile(r"(?<![\[\\])\^|(?<!\\)\$|\\[AZz]")


def anchored(pattern: str) -> bool:
    r"""Whether a pattern uses ``^``, ``$`` or ``\A``/``\Z``, which need one unit at a time."""
    return _ANCHOR.search(pattern) is not None


@dataclass(frozen=True)
class Batch:
    """Units with the same scope tags, joined by blank lines so one pass covers them all."""

    tags: frozenset[str]
    members: Sequence[Unit]
    starts: Sequence[int]  # machine words: a batch may hold a million units
    joined: Unit
    raw: Unit | None = None


def batches(units: Sequence[Unit], state: dict[Any, Any]) -> list[Batch]:
    cached = state.get("batches")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    groups: dict[frozenset[str], list[Unit]] = {}
    for unit in units:
        groups.setdefault(unit.tags, []).append(unit)
    result = []
    for tags, members in groups.items():
        if "raw" in tags:
            result.append(Batch(tags, members, (0,), members[0], members[0]))
            continue
        starts = array("q")
        position = 0
        for unit in members:
            starts.append(position)
            position += len(unit.text) + len(SEPARATOR)
        joined = SEPARATOR.join(unit.text for unit in members)
        result.append(Batch(tags, members, starts, Unit(joined, tags, None, 0)))
    state["batches"] = result
    return result
