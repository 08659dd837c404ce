"""The grammar provider :mod:`writer.api` uses: the grammar rules are known on every run, while
the checker and what it imports are loaded only when a config turns grammar on.

``writer lint --grammar off`` (or ``backend = "off"``) thus skips importing the grammar checker, its
backend chooser and its text mapping, and still lists, selects and ignores the grammar rules.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from writer.checks.base import CheckContext, Checker
from writer.checks.grammar.meta import HARPER, LANGUAGETOOL
from writer.model.findings import Finding
from writer.settings.config import Config

if TYPE_CHECKING:
    from writer.checks.grammar.checker import GrammarChecker


class GrammarProvider:
    """One grammar checker (and so one session and one backend) per linter."""

    def __init__(self) -> None:
        self._checker = _DeferredChecker()

    def __call__(self, config: Config, options: object, template: object) -> Sequence[Checker]:
        self._checker.selected = tuple(getattr(options, "select", ()) or ())
        self._checker.resident = bool(getattr(options, "resident", False))
        return (self._checker,)

    def needs_one_process(self, config: Config) -> bool:
        """A local LanguageTool is one Java server per process: lint in one process then."""
        if config.grammar.backend == "off":
            return False
        from writer.checks.grammar.checker import needs_one_process

        return needs_one_process(config)


class _DeferredChecker:
    """The grammar rules, and the grammar checker built on the first check with grammar on."""

    rules = (LANGUAGETOOL, HARPER)
    bounded = True  # grammar.timeout bounds each request: no other time limit on top

    def __init__(self) -> None:
        self._checker: GrammarChecker | None = None
        self.selected: tuple[str, ...] = ()
        self.resident = False

    def _real(self, context: CheckContext) -> GrammarChecker | None:
        if context.config.grammar.backend == "off":
            context.grammar = "off"
            return None
        if self._checker is None:
            from writer.checks.grammar.checker import GrammarChecker, GrammarSession

            self._checker = GrammarChecker(GrammarSession())
        self._checker.selected = self.selected
        self._checker.resident = self.resident
        return self._checker

    def start(self, context: CheckContext) -> None:
        checker = self._real(context)
        if checker is not None:
            checker.start(context)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        checker = self._real(context)
        if checker is not None:
            yield from checker.check(context)
