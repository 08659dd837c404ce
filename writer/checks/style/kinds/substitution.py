"""``extends: substitution``: flag a ``swap`` key and suggest its value."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import regex

from writer.checks.budget import budget
from writer.checks.style.kinds.base import (
    NONWORD_TEMPLATE,
    WORD_TEMPLATE,
    Alert,
    ExceptionTest,
    RuleEnv,
    RuleSpec,
    Unit,
    ValeRule,
    anchored,
    compile_pattern,
    exceptions_pattern,
    format_message,
    iter_matches,
    rule_meta,
)
from writer.checks.style.kinds.literals import required_literals
from writer.model.rules import RuleMeta

KEYS = frozenset({"swap", "ignorecase", "nonword", "exceptions", "vocab", "pos", "capitalize"})


def _is_phrase(text: str) -> bool:
    return " " in text.strip()


def _to_sentence(words: list[str], conjunction: str) -> str:
    quoted = [f"'{word}'" for word in words]
    if len(quoted) <= 1:
        return "".join(quoted)
    if len(quoted) == 2:
        return f"{quoted[0]} {conjunction} {quoted[1]}"
    return ", ".join(quoted[:-1]) + f", {conjunction} " + quoted[-1]


class Substitution(ValeRule):
    batchable = True

    def __init__(
        self,
        spec: RuleSpec,
        env: RuleEnv,
        swap: dict[str, str] | None = None,
        exact_case: bool = False,
    ) -> None:
        self.exact_case = exact_case  # Vale.Terms: matched ignoring case, compared exactly
        self.swap = dict(swap) if swap is not None else self._read_swap(spec)
        super().__init__(spec, env)
        self.ignorecase = spec.flag("ignorecase")
        parts = []
        self.replacements: list[str] = []
        # Longest pattern first, so alternation is greedy (``MPL 2.0`` before ``MPL``).
        ordered = sorted(self.swap.items(), key=lambda item: len(item[0]), reverse=True)
        for index, (key, value) in enumerate(ordered):
            parts.append(f"(?P<s{index}>{key})")
            self.replacements.append(value)
        template = NONWORD_TEMPLATE if spec.flag("nonword") else WORD_TEMPLATE
        source = template % "|".join(parts) if parts else r"(?!x)x"
        if self.ignorecase:
            source = "(?i)" + source
        self.pattern = compile_pattern(spec, source, "swap")
        self.batchable = not anchored(source)
        self.literals = required_literals(list(self.swap))
        accepted = env.accepted if spec.flag("vocab", True) else ()
        self.exceptions = ExceptionTest(
            exceptions_pattern(spec, spec.strings("exceptions"), accepted)
        )
        self._token_cache: dict[str, regex.Pattern[str] | None] = {}
        action = spec.get("action") or {}
        self.replace_action = isinstance(action, dict) and action.get("name") == "replace"
        if self.replace_action and not action.get("params"):
            self.message = _convert_message(self.message)

    def make_meta(self) -> RuleMeta:
        return rule_meta(self.spec, fixable=True)

    @staticmethod
    def _read_swap(spec: RuleSpec) -> dict[str, str]:
        swap = spec.get("swap") or {}
        if not isinstance(swap, dict):
            raise spec.error("'swap' must be a mapping of 'pattern: replacement'", "swap")
        return {str(k): "" if v is None else str(v) for k, v in swap.items()}

    def _same(self, expected: str, observed: str) -> bool:
        if _is_phrase(expected):
            return expected == observed
        if expected not in self._token_cache:
            flags = ""  # Vale compares the replacement with the match case-sensitively
            try:
                self._token_cache[expected] = regex.compile(f"{flags}^(?:{expected})$")
            except regex.error:
                self._token_cache[expected] = None
        pattern = self._token_cache[expected]
        if pattern is None:
            return expected == observed
        return pattern.search(observed, timeout=budget()) is not None

    def alerts(self, unit: Unit, state: dict[Any, Any]) -> Iterator[Alert]:
        for match in iter_matches(self.pattern, unit.text):
            # The named group that matched says which swap entry it was.
            entry = next(
                (i for i in range(len(self.replacements)) if match.start(f"s{i}") != -1), None
            )
            if entry is None:
                continue
            group = f"s{entry}"
            start, end = match.span(group)
            converted = match.group(group)
            expected = self.replacements[entry]
            if "$" in expected:
                expected = _expand(expected, match, group)
            observed = converted.strip()
            if (
                not self.exact_case
                and observed[:1].isupper()
                and expected[:1].islower()
                and (self.spec.flag("capitalize") or expected == expected.lower())
            ):
                expected = expected[:1].upper() + expected[1:]
            options = _options(expected)
            # A ``replace`` action's value is literal text (``...`` is an ellipsis, not three
            # of anything); otherwise it may be a pattern describing the accepted forms.
            same = observed in options if self.replace_action else self._same(expected, observed)
            if same or self.exceptions.covers(observed):
                continue
            options = [option.strip() for option in options if option.strip()]
            expected_text = _to_sentence(options, "or") if self.replace_action else expected
            message = format_message(self.message, expected_text, converted)
            yield Alert(start, end, message, tuple(options))


_UNESCAPED_BAR = regex.compile(r"(?<!\\)\|")


def _options(expected: str) -> list[str]:
    """The suggestions of a swap value: split at each ``|`` not escaped as ``\\|``."""
    parts = _UNESCAPED_BAR.split(expected)
    return [part.replace("\\|", "|") for part in parts if part]


def _expand(template: str, match: regex.Match[str], group: str) -> str:
    """``$1`` in a replacement: the entry's own capture groups, numbered from 1."""
    start, end = match.span(group)
    inner = [
        index
        for index in range(1, (match.re.groups or 0) + 1)
        if match.start(index) != -1
        and start <= match.start(index)
        and match.end(index) <= end
        and match.span(index) != (start, end)
    ]

    def fill(found: regex.Match[str]) -> str:
        number = int(found.group(1)) - 1
        if 0 <= number < len(inner):
            return match.group(inner[number]) or ""
        return ""

    return regex.sub(r"\$(\d+)", fill, template)


def _convert_message(message: str) -> str:
    """The replacement is quoted by the rule itself: drop the message's own first quotes."""
    for spec in ("'%s'", '"%s"'):
        if spec in message:
            return message.replace(spec, "%s", 1)
    return message
