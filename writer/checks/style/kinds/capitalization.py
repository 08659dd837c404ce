"""``extends: capitalization``: a heading (or other unit) in sentence, title, lower or upper
case, or matching a pattern."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import regex

from writer.checks.budget import budget
from writer.checks.style.kinds.base import (
    Alert,
    RuleEnv,
    RuleSpec,
    Unit,
    ValeRule,
    compile_pattern,
    exceptions_pattern,
    format_message,
)
from writer.model.headings import plain_title

KEYS = frozenset({"match", "style", "exceptions", "indicators", "threshold", "vocab", "prefix"})

_WORD = r"[\p{N}\p{L}*]+[^\s]*"
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "en",
        "for",
        "if",
        "in",
        "nor",
        "of",
        "on",
        "or",
        "per",
        "the",
        "to",
        "v",
        "v.",
        "via",
        "vs",
        "vs.",
        "from",
        "into",
        "over",
        "with",
        "up",
        "down",
        "off",
        "out",
    ]
)


_LETTER = regex.compile(r"\p{L}")
_MEMO_LIMIT = 20_000


def _matches(pattern: regex.Pattern[str] | None, word: str) -> bool:
    return pattern is not None and pattern.search(word, timeout=budget()) is not None


def word_pattern(exceptions: regex.Pattern[str] | None) -> regex.Pattern[str]:
    """Words of a heading; an exception (``Visual Studio Code``) counts as one word."""
    return regex.compile(_WORD if exceptions is None else exceptions.pattern + "|" + _WORD)


def _bare(word: str) -> str:
    """The part of a word whose case is judged: ``Pod-level`` is judged by ``Pod``."""
    if "-" in word:
        return word.split("-")[0]
    if "'" in word:
        return word.split("'")[0]
    if "’" in word:
        return word.split("’")[0]
    return word


def sentence_case(
    text: str,
    indicators: Sequence[str],
    exceptions: regex.Pattern[str] | None,
    threshold: float,
    proper: frozenset[str] = frozenset(),
    tokens: Sequence[str] | None = None,
) -> bool:
    """Whether ``text`` is in sentence case; ``tokens`` are its words by :func:`word_pattern`
    when the caller has them."""
    if tokens is None:
        tokens = word_pattern(exceptions).findall(text.rstrip("?!.:"), timeout=budget())
    # After a leading number or code ("1. Install it", "`x` is set") the first word may be
    # capitalized or not.
    first = next((i for i, token in enumerate(tokens) if _LETTER.search(token)), 0)
    count = words = 0.0
    for index, word in enumerate(tokens):
        previous = tokens[index - 1] if index else ""
        if index < first or (first and index == first):
            count += 1
            words += 1
            continue
        token, word = word, _bare(word)
        if (
            word == word.upper()
            or any(previous.endswith(s) for s in indicators)
            or _matches(exceptions, word)
            or word in proper
            or token in proper
        ):
            count += 1
        elif index == 0 and word != word.lower().capitalize():
            return False
        elif index == 0 or word == word.lower():
            count += 1
        words += 1
    return words == 0 or count / words > threshold


def title_case(
    text: str,
    exceptions: regex.Pattern[str] | None,
    threshold: float,
    word_re: regex.Pattern[str] | None = None,
) -> bool:
    tokens = (word_re or word_pattern(exceptions)).findall(text, timeout=budget())
    count = words = 0.0
    last = len(tokens) - 1
    for index, word in enumerate(tokens):
        bare = word.strip(".,:;!?\"'()")
        if index in (0, last) or bare.lower() not in _SMALL_WORDS:
            expected = bare[:1].upper() + bare[1:]
        else:
            expected = bare.lower()
        if bare == expected or _matches(exceptions, word) or bare == bare.upper():
            count += 1
        words += 1
    return words == 0 or count / words > threshold


class Capitalization(ValeRule):
    default_scope = "heading"

    def __init__(self, spec: RuleSpec, env: RuleEnv) -> None:
        super().__init__(spec, env)
        accepted = env.accepted if spec.flag("vocab", True) else ()
        self.exceptions = exceptions_pattern(spec, spec.strings("exceptions"), accepted)
        threshold = spec.number("threshold", 0) or 0.8
        indicators = spec.strings("indicators")
        match = str(spec.get("match", "$sentence"))
        # ``prefix``: text at the start that is not checked (``a. `` in "a. Install it").
        prefix = spec.get("prefix")
        self.prefix = compile_pattern(spec, str(prefix), "prefix") if prefix else None
        # Set by a guide's manifest: capitalized words the document's prose uses mid-sentence
        # are proper nouns (product and team names), not title case.
        self.proper_nouns_from_text = False
        # Set by a guide's manifest: without a template, the titles of every available
        # template count as prescribed headings.
        self.headings_of_any_template = False
        self._proper: frozenset[str] = frozenset()
        self._words = word_pattern(self.exceptions)
        # Headings recur from document to document ("Motivation", "Design Details"): a
        # verdict is kept per text and the proper nouns among its words.
        self._tokens: dict[str, tuple[list[str], frozenset[str]]] = {}
        self._verdicts: dict[tuple[str, frozenset[str]], bool] = {}
        self.check: Callable[[str], bool]
        if match == "$sentence":
            self.check = lambda s: self._sentence_case(s, indicators, threshold)
        elif match == "$title":
            self.check = lambda s: title_case(s, self.exceptions, threshold, self._words)
        elif match == "$lower":
            self.check = lambda s: s == s.lower() or _matches(self.exceptions, s)
        elif match == "$upper":
            self.check = lambda s: s == s.upper() or _matches(self.exceptions, s)
        else:
            pattern = compile_pattern(spec, match, "match")
            self.check = lambda s: (
                pattern.search(s, timeout=budget()) is not None or _matches(self.exceptions, s)
            )

    def _sentence_case(self, text: str, indicators: Sequence[str], threshold: float) -> bool:
        known = self._tokens.get(text)
        if known is None:
            if len(self._tokens) > _MEMO_LIMIT:
                self._tokens.clear()
                self._verdicts.clear()
            tokens = self._words.findall(text.rstrip("?!.:"), timeout=budget())
            known = self._tokens[text] = (tokens, frozenset((*tokens, *map(_bare, tokens))))
        tokens, bare = known
        proper = self._proper & bare
        key = (text, proper)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = sentence_case(
                text, indicators, self.exceptions, threshold, proper, tokens
            )
        return verdict

    def _prescribed(self, text: str, state: dict[Any, Any]) -> bool:
        """Whether a template prescribes this heading: the document's template (in any case,
        or as written without "(Optional)" and numbering), or, when the document has no
        template and the guide asks for it, any available template (as written)."""
        if text.strip().casefold() in state.get("template_titles", ()):
            return True
        plain = plain_title(text)
        if plain in state.get("template_headings", ()):
            return True
        return self.headings_of_any_template and plain in state.get("any_template_headings", ())

    def alerts(self, unit: Unit, state: dict[Any, Any]) -> Iterator[Alert]:
        text = unit.text
        if not text.strip():
            return
        if "heading" in unit.tags and self._prescribed(text, state):
            return  # the template prescribes this heading: not the author's choice
        self._proper = (
            state.get("proper_nouns", frozenset()) if self.proper_nouns_from_text else frozenset()
        )
        checked = text
        if self.prefix is not None:
            found = self.prefix.match(text, timeout=budget())
            if found is not None:
                checked = text[found.end() :]
        if self.check(checked):
            return
        yield Alert(0, len(text), format_message(self.message, text))
