"""Which grammar backend runs for a ``[grammar]`` setting, and a notice saying why.

``auto`` tries, in order: the configured LanguageTool server, a local LanguageTool already
installed (``LTP_PATH``, or language-tool-python's download folder) with Java, harper if it is
installed, else nothing. Nothing is ever downloaded and no text goes anywhere the user did not
configure.
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


def build(
    name: str, settings: GrammarSettings, memo: VersionMemo | None = None, *, eager: bool = False
) -> Backend:
    """Build one backend by name. Raises :class:`GrammarUnavailable`."""
    if name == "harper":
        from writer.checks.grammar.harper import HarperBackend

        return HarperBackend(settings)
    from writer.checks.grammar.languagetool import LanguageToolBackend

    return LanguageToolBackend(settings, memo, eager=eager)


def choose(settings: GrammarSettings, memo: VersionMemo | None = None) -> Choice:
    if settings.backend == "off":
        return Choice(None)
    if settings.backend != "auto":
        try:
            backend = build(settings.backend, settings, memo)
        except GrammarUnavailable as exc:
            return Choice(None, (f"grammar skipped: {exc}",), str(exc))
        if settings.server and settings.backend == "languagetool":  # say where text goes
            return Choice(
                backend,
                (f"grammar: document prose goes to the LanguageTool server at {settings.server}",),
            )
        return Choice(backend)
    return _auto(settings)


def _auto(settings: GrammarSettings) -> Choice:
    from writer.checks.grammar.harper import harper_installed
    from writer.checks.grammar.languagetool import local_languagetool

    tried: list[str] = []
    if settings.server:
        try:
            backend = build("languagetool", settings, eager=True)
        except GrammarUnavailable as exc:
            tried.append(f"the LanguageTool server {settings.server} failed ({exc})")
        else:
            return Choice(
                backend,
                (
                    f"grammar: auto chose languagetool: document prose goes to the LanguageTool "
                    f"server at {settings.server} (grammar.server is set)",
                ),
            )
    else:
        tried.append("no LanguageTool server is configured")
    local = local_languagetool()
    if local.usable:
        try:
            backend = build("languagetool", settings)
        except GrammarUnavailable as exc:
            tried.append(f"the local LanguageTool failed ({exc})")
        else:
            return Choice(
                backend,
                (f"grammar: auto chose languagetool, the local copy at {local.where}",),
            )
    else:
        tried.append(local.why)
    if harper_installed():
        try:
            backend = build("harper", settings)
        except GrammarUnavailable as exc:
            tried.append(f"harper failed ({exc})")
        else:
            return Choice(backend, (f"grammar: auto chose harper ({'; '.join(tried)})",))
    else:
        tried.append("harper is not installed")
    return Choice(None, (f"grammar: auto found no backend, grammar skipped ({'; '.join(tried)})",))
