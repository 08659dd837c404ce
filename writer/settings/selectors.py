"""Rule selectors: a rule id, a dotted prefix of one, or ``ALL``; as ``--select``, ``--ignore``,
``[rules]`` in the config and suppression comments name rules."""

from __future__ import annotations

from collections.abc import Iterable


def matches(rule_id: str, selector: str) -> int:
    """How specifically ``selector`` names ``rule_id``: 0 for no match, else the selector length.

    A selector is a rule id or a dotted prefix of one (``structure``, ``style.house``); ``ALL``
    matches every rule.
    """
    if selector in ("ALL", "*"):
        return 1
    selector = selector.rstrip(".")
    if rule_id == selector or rule_id.startswith(selector + "."):
        return len(selector) + 1
    return 0


def best_match(rule_id: str, selectors: Iterable[str]) -> int:
    return max((matches(rule_id, selector) for selector in selectors), default=0)


def known(selector: str, ids: Iterable[str], dynamic: Iterable[str] = ()) -> bool:
    """Whether ``selector`` names at least one rule: an id, a dotted prefix of one, ``ALL``, or
    an id below a rule whose findings carry ids of their own (``grammar.harper.SpellCheck``)."""
    if selector in ("ALL", "*"):
        return True
    bare = selector.rstrip(".")
    if any(rule_id == bare or rule_id.startswith(bare + ".") for rule_id in ids):
        return True
    return any(bare.startswith(parent + ".") for parent in dynamic)
