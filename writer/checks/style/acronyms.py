"""Acronyms a reader outside the team cannot know, read with the whole document in view.

The house ``Acronyms`` rule file stays a Vale ``conditional`` rule (``first`` finds an acronym,
``second`` a definition, ``exceptions`` lists the acronyms every engineer knows), so Vale runs it
as it is. A guide that names the rule under ``acronyms`` in its manifest gets this reading instead:

- a definition anywhere in the document counts, before or after the first use: "Full Name (FN)",
  "FN (Full Name)", "FN stands for ...", a glossary line or table row ("FN: Full Name",
  ``| FN | Full Name |``) whose words start with the acronym's letters, or a link on its first
  use (the reader can follow it);
- acronyms that the template's own headings use, and people's initials listed together
  ("AN, JS and RF"), are left alone, as are headings and runs of capitals (shouting);
- each acronym is reported once, at its first use in the prose, with its name in the message.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import regex

from writer.checks.budget import budget
from writer.checks.style.kinds.base import (
    Alert,
    RuleEnv,
    RuleSpec,
    Unit,
    format_message,
    iter_matches,
)
from writer.checks.style.kinds.conditional import Conditional
from writer.infra.data import data_dir
from writer.infra.hunspell import Dictionary, load_dictionary

# An acronym as the rule file writes it, with "S&O" written "S&amp;O" in a table.
_ACRONYM = r"[A-Z](?:&amp;|&)[A-Z]|[A-Z]{2,6}"
# An acronym followed by its words: a glossary line or table row ("FN: Full Name",
# ``| FN | Full Name |``), a reference ("[FN] -- Full Name"), "FN = Full Name".
_GLOSSARY = (
    rf"(?<![\w&])(?P<acronym>{_ACRONYM})s?[*_`\]\"”]*[ \t]*"
    r"(?:--?[ \t]|[:=\u2013\u2014]|\|)[ \t]*[*_\[\"“]*(?P<rest>[^|\n]{1,120})"
)
# "FN - a service that ...", "FN, the team that ...": an explanation set beside the acronym.
_APPOSITIVE = (
    rf"(?<![\w&])(?P<acronym>{_ACRONYM})s?(?: -{{1,2}} |[\u2013\u2014] ?|, )"
    r"(?:a|an|the|our|their)\s+[a-z]"
)
_CALLED = (
    r"(?:or|aka|a\.k\.a\.|i\.e\.|also known as|known as|also called|called"
    r"|(?:abbreviated|acronymized|shortened)(?: to| as)?)"
)
# Words, then the acronym after "or", "aka", "i.e." or a comma: "Universal Function Call Syntax
# or UFCS", "(User Plane Function, UPF)". They define it when they start with its letters.
_WORDS_THEN = (
    r"(?P<words>(?:[A-Za-z][\w'-]*[ \t]+){0,7}[A-Za-z][\w'-]*)[*_\]]*"
    rf"(?:,[ \t]+(?:{_CALLED}[ \t]+)?|[ \t]+{_CALLED}[ \t]+)"
    rf"[(\[\"“]*(?P<acronym>{_ACRONYM})s?\b"
)
# ``[API change proposal][acp]``: a link labelled with the acronym, its text spelling it out.
_LABELLED_LINK = r"\[([^\[\]\n]+)\]\[([A-Za-z&]{2,6})\]"
# Link text, inline (``[text](target)``, not a link to a heading) or by reference.
_LINK_TEXT = r"\[([^\[\]\n]+(?:\n[^\[\]\n]+)?)\](?:\((?!#)[^()\s]+(?:\s[^()]*)?\)|\[[^\]\n]*\])"
# A reference definition (``[PIC]: https://...``): ``[PIC]`` alone is then a link too.
_REFERENCE = r"(?m)^[ ]{0,3}\[([^\[\]\n]+)\]:[ \t]*\S"
_WORD = r"[A-Za-z][A-Za-z0-9']*"
_SMALL = frozenset({"a", "an", "the", "of", "and", "for", "to", "in", "on", "&", "or", "at"})
# Capitals listed together: people's initials ("AN, JS and RF"), constants ("AUDIT_WRITE,
# MKNOD, SETFCAP and SYS_CHROOT").
_INITIALS = (
    r"\b[A-Z][A-Z0-9_]{1,15}"
    r"(?:(?:,\s*|\s*/\s*|,?\s+(?:and|or|&)\s+)[A-Z][A-Z0-9_]{1,15}\b(?!-\w)){2,}"
)
# An acronym given as an example beside other names ("such as Tensorflow and JAX", "like
# Fargate or ACS"): what it is matters less than that it is one of them.
_EXAMPLE = (
    r"\b(?:such as|like|e\.g\.,?|i\.e\.,?|for example,?|for instance,?|including)\s+"
    r"(?:[\w.-]+(?:,\s*|\s+(?:and|or)\s+|\s+))*$"
)
_SHOUT_LETTERS = 12  # a unit with at least this many letters, most of them capitals, shouts
_WORD_LETTERS = 4  # shorter words in capitals are as often acronyms (PAX, DID)
_BARE = " \t.,:;!?*()[]-\u2013\u2014\"'"  # what may stand around an acronym alone in its unit
# A capitalized word right before or after the acronym: together they are a name.
_NAME_BEFORE = r"\b[A-Z][a-z][\w-]*[ \t]+$"
_NAME_AFTER = r"s?[ \t]+[A-Z][a-z]"
_CAMEL = r"\b[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*){1,5}\b"


class _Patterns:
    """The patterns of this module, compiled when a document is first read: the rule is built
    on every run, and most runs never select it."""

    def __init__(self) -> None:
        self.glossary = regex.compile(_GLOSSARY)
        self.appositive = regex.compile(_APPOSITIVE)
        self.words_then = regex.compile(_WORDS_THEN)
        self.labelled_link = regex.compile(_LABELLED_LINK)
        self.link_text = regex.compile(_LINK_TEXT)
        self.reference = regex.compile(_REFERENCE)
        self.word = regex.compile(_WORD)
        self.initials = regex.compile(_INITIALS)
        self.example = regex.compile(_EXAMPLE)
        self.name_before = regex.compile(_NAME_BEFORE)
        self.name_after = regex.compile(_NAME_AFTER)
        self.camel = regex.compile(_CAMEL)


@functools.cache
def _patterns() -> _Patterns:
    return _Patterns()


@dataclass(frozen=True)
class _Use:
    unit: Unit
    start: int
    end: int
    source: int  # offset into the document's text


def _name(observed: str) -> str:
    return observed.replace("&amp;", "&")


def spells_out(acronym: str, words: str) -> bool:
    """Whether ``words`` start with the acronym's letters, in order: "Service Level Objective"
    for SLO, "IT Health Check" for ITHC, "data-transport-layer" for DTL. Small words (of, the)
    may be skipped; a word gives more than one letter only through its own capitals."""
    letters = [c.lower() for c in _name(acronym) if c.isalpha()]
    tokens = _patterns().word.findall(words.replace("-", " "))[: len(letters) * 3]

    def match(li: int, ti: int) -> bool:
        if li == len(letters):
            return True
        if ti == len(tokens):
            return False
        token = tokens[ti]
        if token[0].lower() == letters[li]:
            capitals = [c.lower() for c in token[1:] if c.isupper()]
            taken = 1
            while (
                taken <= len(capitals)
                and li + taken < len(letters)
                and capitals[taken - 1] == letters[li + taken]
            ):
                taken += 1
            if any(match(li + count, ti + 1) for count in range(taken, 0, -1)):
                return True
        return token.lower() in _SMALL and match(li, ti + 1)

    return bool(tokens) and match(0, 0)


def _ends_spelling(acronym: str, words: str) -> bool:
    """Whether the last words of ``words`` spell the acronym out."""
    tokens = words.split()
    letters = sum(c.isalpha() for c in _name(acronym))
    return any(
        spells_out(acronym, " ".join(tokens[start:]))
        for start in range(max(0, len(tokens) - 2 * letters), len(tokens))
    )


def _shouts(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < _SHOUT_LETTERS:
        return False
    return sum(c.isupper() for c in letters) > 0.6 * len(letters)


class AcronymRule(Conditional):
    """The ``conditional`` rule read with the whole document in view (see the module)."""

    def __init__(self, spec: RuleSpec, env: RuleEnv) -> None:
        super().__init__(spec, env)
        self._words: Dictionary | None = None

    def _is_word(self, name: str) -> bool:
        """Whether an acronym of four letters or more is an English word in capitals (JOIN,
        DIRTY, MEDIUM): emphasis, a keyword or a constant, not an abbreviation."""
        if len(name) < _WORD_LETTERS or not name.isalpha():
            return False
        if self._words is None:
            folder = data_dir("dictionaries")
            dic, aff = folder / "en_US.dic", folder / "en_US.aff"
            self._words = load_dictionary(
                dic, aff if aff.is_file() else None, self.env.dictionaries
            )
        return self._words.known(name.lower())

    def document(
        self, units: Sequence[Unit], state: dict[Any, Any]
    ) -> Iterator[tuple[Unit, Alert]]:
        raw = next((unit for unit in units if "raw" in unit.tags), None)
        source = raw.text if raw is not None else ""
        defined = self._definitions(units, source) | self._template_acronyms(state)
        links = _link_spans(source)
        first: dict[str, _Use] = {}
        for unit in units:
            if "raw" in unit.tags or unit.block is None or "heading" in unit.tags:
                continue
            if not self.wants(unit.tags) or _shouts(unit.text):
                continue
            for match in iter_matches(self.first, unit.text):
                name = _name(match.group())
                if name in first or name in defined or not self._reported(unit.text, match):
                    continue
                if self.exceptions.covers(name) or self._is_word(name):
                    continue
                start = unit.source_span(match.start(), match.end())[0]
                first[name] = _Use(unit, match.start(), match.end(), start)
        for name, use in sorted(first.items(), key=lambda item: item[1].source):
            if links and _inside(links, use.source):
                continue  # a link on its first use: the reader can follow it
            if self.phrases is not None and _in_phrase(self.phrases, use):
                continue
            yield use.unit, Alert(use.start, use.end, format_message(self.message, name))

    @staticmethod
    def _reported(text: str, match: regex.Match[str]) -> bool:
        """Whether an acronym in this place is one to spell out: not a list item or cell of
        its own (an attendee's initials, a value), not among initials listed together, not
        part of a name with a capitalized word beside it (OP Mainnet, Ceph RBD)."""
        start, end = match.span()
        if not text[:start].strip(_BARE) and not text[end:].strip(_BARE + "s"):
            return False
        for listed in _patterns().initials.finditer(text):
            if listed.start() <= start and end <= listed.end():
                return False
        if _patterns().example.search(text, max(0, start - 80), start) is not None:
            return False
        before = _patterns().name_before.search(text, 0, start)
        if before is not None and not _opens_sentence(text, before.start()):
            return False
        return _patterns().name_after.match(text, end) is None

    def _definitions(self, units: Sequence[Unit], source: str) -> set[str]:
        """Acronyms the document defines anywhere, in any direction."""
        defined: set[str] = set()
        for unit in units:
            if "raw" in unit.tags:
                continue
            if "(" in unit.text or " " in unit.text:
                for match in iter_matches(self.second, unit.text):
                    defined.update(_name(group) for group in match.groups() if group)
        for match in _patterns().glossary.finditer(source, timeout=budget()):
            acronym = match.group("acronym")
            if spells_out(acronym, match.group("rest")):
                defined.add(_name(acronym))
        for unit in units:
            if "raw" not in unit.tags and unit.block is not None:
                for match in _patterns().appositive.finditer(unit.text, timeout=budget()):
                    defined.add(_name(match.group("acronym")))
        for unit in units:
            if "raw" in unit.tags or unit.block is None:
                continue
            for match in _patterns().words_then.finditer(
                unit.text, overlapped=True, timeout=budget()
            ):
                acronym = _name(match.group("acronym"))
                if acronym not in defined and _ends_spelling(acronym, match.group("words")):
                    defined.add(acronym)
        for match in _patterns().labelled_link.finditer(source, timeout=budget()):
            label = match.group(2).upper()
            if spells_out(label, match.group(1)):
                defined.add(label)
        # A name in CamelCase gives its capitals: ClusterTrustBundle for CTB.
        for match in _patterns().camel.finditer(source, timeout=budget()):
            defined.add("".join(c for c in match.group() if c.isupper()))
        return defined

    @staticmethod
    def _template_acronyms(state: dict[Any, Any]) -> set[str]:
        """Acronyms the template's own headings use (PRR in a KEP): its readers know them."""
        found: set[str] = set()
        for heading in state.get("template_headings", ()):
            found.update(_name(m) for m in regex.findall(rf"\b(?:{_ACRONYM})\b", heading))
        return found


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?:;(|\u2013\u2014-"


def _link_spans(source: str) -> list[tuple[int, int]]:
    """Source spans of the text of every link to another page, sorted."""
    if "[" not in source:
        return []
    spans = [m.span(1) for m in _patterns().link_text.finditer(source, timeout=budget())]
    labels = {
        m.group(1).casefold() for m in _patterns().reference.finditer(source, timeout=budget())
    }
    if labels:
        shortcut = regex.compile(r"\[([^\[\]\n]+)\](?![\[(:])")
        for match in shortcut.finditer(source, timeout=budget()):
            if match.group(1).casefold() in labels:
                spans.append(match.span(1))
    return sorted(spans)


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    index = bisect.bisect_right(spans, (offset, 1 << 62)) - 1
    return index >= 0 and spans[index][0] <= offset < spans[index][1]


def _in_phrase(phrases: regex.Pattern[str], use: _Use) -> bool:
    text = use.unit.text
    return any(
        m.start() <= use.start and use.end <= m.end()
        for m in phrases.finditer(text, timeout=budget())
    )
