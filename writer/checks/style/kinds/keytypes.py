"""What type and range each rule key takes, checked before a rule is compiled.

A rule file from someone else may say ``max: -1``, ``limit: 1e400``, ``tokens: [[a, b]]`` or
``message: {a: 1}``. Each becomes one error naming the file, the line and the fix, instead of a
rule that silently does something else or a crash halfway through a run.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from writer.checks.style.kinds.base import RuleSpec

# Far above the largest real Vale rule (about 1,300 tokens), low enough that compiling a rule
# stays well under a second.
MAX_ENTRIES = 20_000
MAX_COUNT = 1_000_000
# Characters of pattern text in one key (all its entries together): compiling this much takes
# about a second; one huge alternation in ``raw`` would otherwise dodge MAX_ENTRIES.
MAX_PATTERN_CHARS = 256 * 1024

_TEXT = frozenset(
    {
        "extends",
        "message",
        "description",
        "link",
        "name",
        "level",
        "token",
        "first",
        "second",
        "match",
        "formula",
        "condition",
        "prefix",
        "style",
        "pos",
        "dic",
        "aff",
    }
)
_TEXTS = frozenset(
    {
        "tokens",
        "exceptions",
        "raw",
        "filters",
        "ignore",
        "metrics",
        "indicators",
        "dictionaries",
        "dicpath",
        "scope",
    }
)
_FLAGS = frozenset({"ignorecase", "nonword", "append", "vocab", "alpha", "capitalize", "custom"})
_PAIRS = frozenset({"swap", "either"})
_COUNTS = frozenset({"max", "min", "limit"})
_NUMBERS = {"threshold": (0.0, float(MAX_COUNT)), "grade": (0.0, 1000.0)}
_FLAG_WORDS = frozenset({"true", "false", "yes", "no", "on", "off"})


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def check_types(spec: RuleSpec) -> None:
    """Raise the rule's error for the first key with the wrong type or an absurd value."""
    for key, value in spec.data.items():
        if value is None:
            continue  # an empty key: the default
        if key in _TEXT and not _scalar(value):
            raise spec.error(f"'{key}' must be text, not {_shown(value)}", key)
        if key == "tokens" and spec.extends == "sequence":
            continue  # a sequence's tokens are mappings of part-of-speech patterns
        if key in _TEXTS:
            _check_texts(spec, key, value)
        elif key in _FLAGS:
            if not isinstance(value, bool) and str(value).strip().lower() not in _FLAG_WORDS:
                raise spec.error(f"'{key}' must be true or false, not {_shown(value)}", key)
        elif key in _PAIRS:
            _check_pairs(spec, key, value)
        elif key in _COUNTS:
            _check_number(spec, key, value, 0, MAX_COUNT, whole=True)
        elif key in _NUMBERS:
            low, high = _NUMBERS[key]
            _check_number(spec, key, value, low, high, whole=False)
        elif key == "action" and not isinstance(value, Mapping):
            raise spec.error(
                f"'action' must be a mapping such as {{name: replace}}, not {_shown(value)}", key
            )


def _too_long(spec: RuleSpec, key: str, texts: list[Any]) -> None:
    total = sum(len(str(text)) for text in texts if text is not None)
    if total > MAX_PATTERN_CHARS:
        raise spec.error(
            f"'{key}' holds {total:,} characters of patterns, above the limit of "
            f"{MAX_PATTERN_CHARS:,} per rule: split it into several rules",
            key,
        )


def _check_texts(spec: RuleSpec, key: str, value: Any) -> None:
    if _scalar(value):
        _too_long(spec, key, [value])
        return
    if not isinstance(value, list):
        raise spec.error(f"'{key}' must be a list of text, not {_shown(value)}", key)
    if key == "scope" and not value:
        raise spec.error("'scope' is an empty list: name at least one scope, or leave it out", key)
    if len(value) > MAX_ENTRIES:
        raise spec.error(
            f"'{key}' has {len(value):,} entries, above the limit of {MAX_ENTRIES:,} per rule: "
            "split it into several rules",
            key,
        )
    for item in value:
        if item is not None and not _scalar(item):
            raise spec.error(
                f"'{key}' must be a list of text, but one entry is {_shown(item)}", key
            )
    _too_long(spec, key, value)


def _check_pairs(spec: RuleSpec, key: str, value: Any) -> None:
    if not isinstance(value, Mapping):
        return  # the rule kind says what it wants instead
    if len(value) > MAX_ENTRIES:
        raise spec.error(
            f"'{key}' has {len(value):,} entries, above the limit of {MAX_ENTRIES:,} per rule: "
            "split it into several rules",
            key,
        )
    for left, right in value.items():
        if not _scalar(left) or (right is not None and not _scalar(right)):
            raise spec.error(
                f"'{key}' must map text to text, but {_shown(left)} maps to {_shown(right)}", key
            )
    _too_long(spec, key, [*value.keys(), *value.values()])


def _check_number(
    spec: RuleSpec, key: str, value: Any, low: float, high: float, *, whole: bool
) -> None:
    number: float | None = None
    if not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        except (TypeError, ValueError):
            number = None
    kind = "a whole number" if whole else "a number"
    if number is None or math.isnan(number):
        raise spec.error(f"'{key}' must be {kind}, not {_shown(value)}", key)
    if not low <= number <= high or (whole and not number.is_integer()):
        raise spec.error(
            f"'{key}' is {_shown(value)}: use {kind} from {_figure(low)} to {_figure(high)}", key
        )


def _figure(number: float) -> str:
    return f"{int(number):,}" if float(number).is_integer() else f"{number:g}"
