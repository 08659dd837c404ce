"""``extends: metric``: a formula over document figures (words, sentences, headings, ...)
compared with a ``condition``; one finding at the top of the file when it holds."""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from writer.checks.style.kinds.base import Alert, RuleEnv, RuleSpec, Unit, ValeRule, format_message
from writer.checks.textstats import TextFigures

KEYS = frozenset({"formula", "condition"})

_BINARY: dict[type, Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
    ast.Mod: operator.mod,
}
_FUNCTIONS: dict[str, Callable[..., float]] = {
    "math.sqrt": math.sqrt,
    "math.log": math.log,
    "math.abs": abs,
    "math.pow": math.pow,
    "math.floor": math.floor,
    "math.ceil": math.ceil,
    "math.round": round,
    "sqrt": math.sqrt,
    "abs": abs,
}
_COMPARE = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
}


class Undefined(Exception):
    """A formula names a figure the document does not have."""


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def evaluate(tree: ast.expr, variables: dict[str, float]) -> float:
    if isinstance(tree, ast.Constant) and isinstance(tree.value, (int, float)):
        return float(tree.value)
    if isinstance(tree, ast.BinOp) and type(tree.op) in _BINARY:
        return _BINARY[type(tree.op)](
            evaluate(tree.left, variables), evaluate(tree.right, variables)
        )
    if isinstance(tree, ast.UnaryOp) and isinstance(tree.op, (ast.USub, ast.UAdd)):
        value = evaluate(tree.operand, variables)
        return -value if isinstance(tree.op, ast.USub) else value
    if isinstance(tree, ast.Call):
        name = _dotted(tree.func)
        if name in _FUNCTIONS:
            return float(_FUNCTIONS[name](*(evaluate(arg, variables) for arg in tree.args)))
    name = _dotted(tree)
    if name is not None:
        if name not in variables:
            raise Undefined(name)
        return variables[name]
    raise ValueError("unsupported expression")


def _check_tree(tree: ast.expr) -> None:
    for node in ast.walk(tree):
        if not isinstance(
            node,
            (
                ast.Expression,
                ast.BinOp,
                ast.UnaryOp,
                ast.Constant,
                ast.Name,
                ast.Attribute,
                ast.Call,
                ast.Load,
                ast.operator,
                ast.unaryop,
            ),
        ):
            raise ValueError(f"'{type(node).__name__}' is not allowed in a formula")


class Metric(ValeRule):
    reads_sentences = True

    def __init__(self, spec: RuleSpec, env: RuleEnv) -> None:
        super().__init__(spec, env)
        formula = " ".join(str(spec.get("formula", "")).split())
        try:
            self.tree = ast.parse(formula, mode="eval").body
            _check_tree(self.tree)
        except (SyntaxError, ValueError) as exc:
            raise spec.error(f"'formula' cannot be read: {exc}", "formula") from None
        condition = str(spec.get("condition", "")).strip()
        for symbol in (">=", "<=", "==", "!=", ">", "<"):
            if condition.startswith(symbol):
                try:
                    self.threshold = float(condition[len(symbol) :])
                except ValueError:
                    break
                self.compare = _COMPARE[symbol]
                break
        else:
            raise spec.error(
                f"'condition' must be a comparison such as '> 8', not {condition!r}", "condition"
            )
        if not hasattr(self, "compare"):
            raise spec.error(f"'condition' {condition!r} needs a number", "condition")

    def document(
        self, units: Sequence[Unit], state: dict[Any, Any]
    ) -> Iterator[tuple[Unit, Alert]]:
        variables = state.get("metric_variables")
        if variables is None:
            variables = document_variables(units)
            state["metric_variables"] = variables
        try:
            value = evaluate(self.tree, variables)
        except (Undefined, ZeroDivisionError, ValueError, OverflowError):
            return
        if self.compare(value, self.threshold) and units:
            anchor = Unit("", frozenset(), None, 0)
            yield anchor, Alert(0, 0, format_message(self.message, f"{value:.2f}"))


def document_variables(units: Sequence[Unit]) -> dict[str, float]:
    sentences = [u.text for u in units if "sentence" in u.tags]
    figures = TextFigures.of(sentences)
    variables: dict[str, float] = {}
    if figures.words:
        variables.update(
            words=figures.words,
            sentences=figures.sentences,
            characters=figures.characters,
            syllables=figures.syllables,
            complex_words=figures.complex_words,
            long_words=figures.long_words,
            polysyllabic_words=figures.polysyllabic_words,
        )
    for unit in units:
        for tag in unit.tags:
            if tag.startswith("heading.h"):
                variables[tag] = variables.get(tag, 0) + 1
        if "list" in unit.tags:
            variables["list"] = variables.get("list", 0) + 1
        if "blockquote" in unit.tags:
            variables["blockquote"] = variables.get("blockquote", 0) + 1
        if "paragraph" in unit.tags:
            variables["paragraphs"] = variables.get("paragraphs", 0) + 1
    variables.setdefault("list", 0)
    variables.setdefault("blockquote", 0)
    variables.setdefault("pre", 0)
    return variables
