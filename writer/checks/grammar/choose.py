"""Which grammar backend runs for a ``[grammar]`` setting, and a notice saying why.

``auto`` (the default) is the configured LanguageTool server when there is one, else harper
(offline, in process). A local LanguageTool runs only when asked for by name
(``backend = "languagetool"``): starting Java is not something a default should do. Nothing is
ever downloaded and no text goes anywhere the user did not configure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from writer.checks.grammar.base import Backend, GrammarUnavailable
from writer.settings.config import GrammarSettings

if TYPE_CHECKING:
    from writer.checks.grammar.languagetool import VersionMemo


@dataclass(frozen=True)
class Choice:
    backend: Backend | None
    notices: tuple[str, ...] = ()
    error: str | None = None  # set when the requested grammar check cannot run

    @property
    def status(self) -> str:
        """What ran, for the report's summary: ``harper``, ``languagetool at URL``, or why
        nothing did."""
        if self.backend is not None:
            return describe(self.backend)
        if not self.error:
            return "off"
        return f"none ({self.error})" if len(self.error) <= 60 else "none (see the note above)"


def describe(backend: Backend) -> str:
    return str(getattr(backend, "label", backend.name))


def build(
    name: str,
    settings: GrammarSettings,
    memo: VersionMemo | None = None,
    *,
    eager: bool = False,
    extra_rules: tuple[str, ...] = (),
) -> Backend:
    """Build one backend by name. Raises :class:`GrammarUnavailable`."""
    if name == "harper":
        from writer.checks.grammar.harper import HarperBackend

        return HarperBackend(settings, extra_rules)
    from writer.checks.grammar.languagetool import LanguageToolBackend

    return LanguageToolBackend(settings, memo, eager=eager)


def choose(
    settings: GrammarSettings, memo: VersionMemo | None = None, extra_rules: tuple[str, ...] = ()
) -> Choice:
    """The backend for ``settings``; ``extra_rules`` are harper rules selected by id."""
    if settings.backend == "off":
        return Choice(None)
    if settings.backend != "auto":
        try:
            return Choice(build(settings.backend, settings, memo, extra_rules=extra_rules))
        except GrammarUnavailable as exc:
            return Choice(None, (f"grammar skipped: {exc}",), str(exc))
    return _auto(settings, extra_rules)


def _auto(settings: GrammarSettings, extra_rules: tuple[str, ...]) -> Choice:
    notices: list[str] = []
    if settings.server:
        try:
            return Choice(build("languagetool", settings, eager=True))
        except GrammarUnavailable as exc:
            notices.append(
                f"grammar: the LanguageTool server {settings.server} failed ({exc}); "
                "harper checks this run instead"
            )
    try:
        backend = build("harper", settings, extra_rules=extra_rules)
    except GrammarUnavailable as exc:
        reason = f"harper cannot run: {exc}"
        return Choice(None, (*notices, f"grammar skipped: {reason}"), reason)
    return Choice(backend, tuple(notices))
