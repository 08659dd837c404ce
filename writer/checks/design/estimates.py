"""Back-of-the-envelope arithmetic: find estimates such as "10k QPS x 2 KB = 20 MB/s" or
"3 replicas * 500 GB = 1.5 TB" and evaluate them with units.

Quantities carry a value in base units (bytes, seconds) and a dimension (powers of bytes and
seconds). SI prefixes (k, M, G, T, P) and binary ones (Ki, Mi, Gi, Ti, Pi) are understood; ``KB``
and ``MB`` are ambiguous in practice, so an estimate is accepted when it holds with either
reading. Rates (``/s``, ``per day``, ``QPS``), durations, percentages (``0.1% of 30 days``) and
plain counts (``3 replicas``) combine with ``x``, ``×``, ``*``, ``/``, ``+``, ``-`` and ``of``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

Dimension = tuple[int, int]  # (bytes exponent, seconds exponent)

_SI = {"k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15}
_BIN = {"Ki": 2.0**10, "Mi": 2.0**20, "Gi": 2.0**30, "Ti": 2.0**40, "Pi": 2.0**50}
_AMBIGUOUS_BIN = {
    "k": 2.0**10,
    "K": 2.0**10,
    "M": 2.0**20,
    "G": 2.0**30,
    "T": 2.0**40,
    "P": 2.0**50,
}

_TIME_UNITS = {
    "ns": 1e-9,
    "nanosecond": 1e-9,
    "nanoseconds": 1e-9,
    "µs": 1e-6,
    "us": 1e-6,
    "microsecond": 1e-6,
    "microseconds": 1e-6,
    "ms": 1e-3,
    "millisecond": 1e-3,
    "milliseconds": 1e-3,
    "s": 1.0,
    "sec": 1.0,
    "secs": 1.0,
    "second": 1.0,
    "seconds": 1.0,
    "min": 60.0,
    "mins": 60.0,
    "minute": 60.0,
    "minutes": 60.0,
    "h": 3600.0,
    "hr": 3600.0,
    "hrs": 3600.0,
    "hour": 3600.0,
    "hours": 3600.0,
    "d": 86400.0,
    "day": 86400.0,
    "days": 86400.0,
    "week": 604800.0,
    "weeks": 604800.0,
    "month": 2592000.0,
    "months": 2592000.0,
    "mo": 2592000.0,
    "year": 31536000.0,
    "years": 31536000.0,
    "yr": 31536000.0,
}
_RATE_WORDS = {"qps", "rps", "tps", "ops", "iops", "rpm", "qpm"}
_MAGNITUDES = {
    "k": 1e3,
    "K": 1e3,
    "thousand": 1e3,
    "M": 1e6,
    "m": 1e6,
    "mm": 1e6,
    "million": 1e6,
    "B": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "G": 1e9,
    "T": 1e12,
    "trillion": 1e12,
}


@dataclass(frozen=True)
class Quantity:
    value: float
    dim: Dimension = (0, 0)
    ambiguous: bool = False  # uses K/M/G/T with bytes (SI or binary)

    def __mul__(self, other: Quantity) -> Quantity:
        return Quantity(
            self.value * other.value,
            (self.dim[0] + other.dim[0], self.dim[1] + other.dim[1]),
            self.ambiguous or other.ambiguous,
        )

    def __truediv__(self, other: Quantity) -> Quantity:
        return Quantity(
            self.value / other.value if other.value else math.inf,
            (self.dim[0] - other.dim[0], self.dim[1] - other.dim[1]),
            self.ambiguous or other.ambiguous,
        )


def _unit(word: str, binary: bool) -> tuple[float, Dimension, bool] | None:
    """A unit word or symbol: (factor, dimension, ambiguous prefix). None when not a unit."""
    if not word:
        return (1.0, (0, 0), False)
    if "/" in word or " per " in word:
        top, _, bottom = re.split(r"(/| per )", word, maxsplit=1)
        upper = _unit(top.strip(), binary) if top.strip() else (1.0, (0, 0), False)
        lower = _unit(bottom.strip(), binary)
        if upper is None or lower is None:
            return None
        return (
            upper[0] / lower[0],
            (upper[1][0] - lower[1][0], upper[1][1] - lower[1][1]),
            upper[2] or lower[2],
        )
    if word == "%":
        return (0.01, (0, 0), False)
    if word in _TIME_UNITS:
        return (_TIME_UNITS[word], (0, 1), False)
    lowered = word.lower()
    if lowered in _RATE_WORDS:
        return (1.0 / 60 if lowered.endswith("m") else 1.0, (0, -1), False)
    if lowered in ("bytes", "byte"):
        return (1.0, (1, 0), False)
    if lowered in ("bits", "bit"):
        return (0.125, (1, 0), False)
    found = re.fullmatch(r"([kKMGTP]i?)?(B|b|bps|Bps|byte|bytes|bit|bits)", word)
    if found:
        prefix, base = found.group(1) or "", found.group(2)
        ambiguous = False
        if prefix.endswith("i"):
            factor = _BIN[prefix]
        elif prefix:
            factor = _AMBIGUOUS_BIN[prefix] if binary else _SI[prefix]
            ambiguous = base in ("B", "byte", "bytes")
        else:
            factor = 1.0
        if base in ("b", "bit", "bits", "bps"):
            factor /= 8
        if base in ("bps", "Bps"):
            return (factor, (1, -1), ambiguous)
        return (factor, (1, 0), ambiguous)
    if re.fullmatch(r"[A-Za-z][A-Za-z-]*", word) and word.lower() not in _NOT_COUNTS:
        return (1.0, (0, 0), False)  # a count of things: replicas, users, nodes
    return None


_NOT_COUNTS = frozenset({"and", "or", "to", "is", "are", "of", "the", "a", "an", "which", "for"})

_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_UNIT = (
    r"%|[kKMGTP]i?(?:bps|Bps|B|b)(?:\s?(?:/|per\s)\s?[A-Za-z]+)?|"
    r"(?![x×](?![A-Za-z]))[A-Za-z]+(?:\s?/\s?[A-Za-z]+|\s+per\s+[A-Za-z]+)?"
)
_MAG = r"(?:k|K|M|B(?=\s+[a-z])|bn|thousand|million|billion|trillion)"
_QUANTITY = re.compile(
    rf"(?P<num>{_NUMBER})(?:\s?(?P<mag>{_MAG})(?![A-Za-z]))?"
    rf"(?:\s?(?P<unit>{_UNIT}))?"
)
_OPERATOR = re.compile(r"\s*(?P<op>[x×*/÷+−-]|times|of|divided by)\s*")
_EQUALS = re.compile(
    r",?\s*(?P<eq>=|≈|~=|≅|->|→|=>|which is|that is|is about|is roughly|is approximately|"
    r"gives(?: us)?|"
    r"comes to|works out to|totals?|equals)\s*(?:about|roughly|approximately|approx\.?|~)?\s*"
)


@dataclass(frozen=True)
class Estimate:
    """A stated calculation and what it evaluates to."""

    start: int  # offsets in the text given
    end: int
    result_start: int
    result_end: int
    expression: str
    stated: str
    computed: float | None  # in the stated result's unit
    error: float | None  # relative difference between stated and computed
    unit: str


def _quantity(match: re.Match[str], binary: bool) -> Quantity | None:
    number = float(match.group("num").replace(",", ""))
    mag = match.group("mag")
    unit_text = (match.group("unit") or "").strip()
    factor = 1.0
    if mag:
        factor = _MAGNITUDES[mag]
    unit = _unit(unit_text, binary)
    if unit is None:
        return None
    return Quantity(number * factor * unit[0], unit[1], unit[2])


def _trim_unit(match: re.Match[str], text: str) -> int:
    """End of the quantity, with trailing connector words dropped from the unit."""
    unit = match.group("unit")
    if unit and unit.lower() in _NOT_COUNTS:
        return match.start("unit")
    return match.end()


def find_estimates(text: str, tolerance: float = 0.10) -> Iterator[Estimate]:
    """Every ``a op b [op c ...] = r`` in ``text`` with its evaluation."""
    position = 0
    while position < len(text):
        first = _QUANTITY.search(text, position)
        if first is None:
            return
        before = text[: first.start()].rstrip()
        if first.start() > 0 and (
            text[first.start() - 1].isalnum()
            or text[first.start() - 1] in "._-/:^"
            or (before and before[-1] in "*×/+^()\\<>")
        ):
            # Part of a longer expression (exponents, brackets, chains) or of a word: skip.
            position = first.end() or first.start() + 1
            continue
        parts: list[re.Match[str]] = [first]
        operators: list[str] = []
        cursor = first.end()
        while True:
            op = _OPERATOR.match(text, cursor)
            if op is None:
                break
            nxt = _QUANTITY.match(text, op.end())
            if nxt is None:
                break
            operators.append(op.group("op"))
            parts.append(nxt)
            cursor = nxt.end()
        expression = text[first.start() : cursor]
        if _NOT_ARITHMETIC.search(expression) or text[cursor : cursor + 1] in ("^", "(", ")"):
            position = cursor if cursor > first.start() else first.start() + 1
            continue
        equals = _EQUALS.match(text, cursor)
        result = _QUANTITY.match(text, equals.end()) if equals else None
        if not operators and result is not None and not _is_conversion(first, result):
            result = None
        if equals is None or result is None or result.end() == equals.end():
            position = parts[-1].end() if len(parts) > 1 else first.end()
            position = max(position, first.start() + 1)
            continue
        after = text[result.end() : result.end() + 1]
        if after and (after.isdigit() or after in "*x×/+"):
            position = result.end()
            continue
        yield _evaluate(text, parts, operators, result, tolerance)
        position = result.end()


_NOT_ARITHMETIC = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d\^|\*\*")
_KNOWN_WORD = re.compile(
    r"(?i)^(?:[kKMGTP]i?)?(?:B|b|bps|Bps|bytes?|bits?)$|^(?:qps|rps|tps|ops|iops|rpm|qpm|%)$"
)


def _known_unit(unit: str) -> bool:
    """Every part of the unit is a size, a time or a rate (not a count of things)."""
    parts = [p for p in re.split(r"\s*/\s*|\s+per\s+", unit) if p]
    return bool(parts) and all(p in _TIME_UNITS or _KNOWN_WORD.match(p) for p in parts)


def _is_conversion(source: re.Match[str], result: re.Match[str]) -> bool:
    """``100 GB/day = 1.16 MB/s``: one quantity restated in other units of the same kind."""
    left, right = (source.group("unit") or "").strip(), (result.group("unit") or "").strip()
    if not left or not right or not (_known_unit(left) and _known_unit(right)):
        return False
    units = _unit(left, False), _unit(right, False)
    if units[0] is None or units[1] is None:
        return False
    return units[0][1] == units[1][1] != (0, 0) and units[0][0] != units[1][0]


def _combine(values: list[Quantity], operators: list[str]) -> Quantity | None:
    """Evaluate with the usual precedence: x, *, /, of before + and -."""
    terms: list[Quantity] = [values[0]]
    signs: list[str] = []
    for op, value in zip(operators, values[1:], strict=False):
        if op in ("+", "-", "−"):
            terms.append(value)
            signs.append(op)
        elif op in ("/", "÷", "divided by"):
            terms[-1] = terms[-1] / value
        else:
            terms[-1] = terms[-1] * value
    total = terms[0]
    for sign, term in zip(signs, terms[1:], strict=False):
        if term.dim != total.dim:
            return None
        summed = total.value + term.value if sign == "+" else total.value - term.value
        total = Quantity(summed, total.dim, total.ambiguous or term.ambiguous)
    return total


def _evaluate(
    text: str,
    parts: list[re.Match[str]],
    operators: list[str],
    result: re.Match[str],
    tolerance: float,
) -> Estimate:
    best_error: float | None = None
    best_computed: float | None = None
    for binary in (False, True):
        values = [_quantity(part, binary) for part in parts]
        stated = _quantity(result, binary)
        if stated is None or any(v is None for v in values):
            continue
        total = _combine([v for v in values if v is not None], operators)
        if total is None:
            continue
        if total.dim != stated.dim:
            # "10k x 2 KB = 20 MB/s": a count times a size read as a rate is unclear; skip.
            continue
        stated_number = float(result.group("num").replace(",", ""))
        unit_of_result = _unit((result.group("unit") or "").strip(), binary)
        scale = stated.value / stated_number if stated_number else 0.0
        if not stated_number and unit_of_result is not None:
            scale = unit_of_result[0] * (
                _MAGNITUDES[result.group("mag")] if result.group("mag") else 1
            )
        decimals = len(result.group("num").split(".")[1]) if "." in result.group("num") else None
        if decimals is not None and scale and round(total.value / scale, decimals) == stated_number:
            error = 0.0  # "3/1528 = .00": the result rounded to the digits it shows
        elif stated.value == 0 and total.value == 0:
            error = 0.0
        elif total.value == 0 or not math.isfinite(total.value):
            continue
        else:
            error = abs(stated.value - total.value) / abs(total.value)
        unit_factor = (
            stated.value / float(result.group("num").replace(",", ""))
            if float(result.group("num").replace(",", ""))
            else 1.0
        )
        computed = total.value / unit_factor if unit_factor else total.value
        if best_error is None or (error < best_error and error <= tolerance):
            best_error, best_computed = error, computed
    return Estimate(
        start=parts[0].start(),
        end=result.end(),
        result_start=result.start(),
        result_end=result.end(),
        expression=text[parts[0].start() : parts[-1].end()],
        stated=text[result.start() : result.end()],
        computed=best_computed,
        error=best_error,
        unit=(result.group("unit") or "").strip(),
    )


def format_number(value: float) -> str:
    """A figure as an engineer would write it: three significant digits, no trailing zeros."""
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    digits = max(0, 2 - magnitude)
    text = f"{value:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
