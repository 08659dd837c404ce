"""What one lint asks for beyond each file's config: the command line's or the TUI's options."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from writer.model.findings import Severity


@dataclass(frozen=True)
class LintOptions:
    """What the command line (or the TUI) asks for, on top of each file's config."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    template: str | None = None  # a template name, a spec path, or "auto"
    styles: tuple[str, ...] | None = None
    fail_on: Severity | None = None
    min_level: Severity | None = None  # findings below it are not reported
    grammar: str | None = None  # off | auto | languagetool | harper
    languagetool_server: str | None = None
    jobs: int | None = None
    config_path: Path | None = None
    extra: tuple[tuple[str, Any], ...] = ()
    changed_since: str | None = None  # a git ref: only files changed since it are linted
    strict_since: str | None = None  # a date or git ref; overrides the config's strict_since
    new_only: bool = False  # strict_since defaults to HEAD: only new documents must conform
    # Grammar servers a repository's config may send text to (--allow-server); "*": any.
    allowed_servers: tuple[str, ...] = ()
    # Keep each file's result in the user's cache folder and reuse it while nothing it depends
    # on has changed (``writer lint`` turns it on; ``--no-cache`` off).
    cache: bool = False
    # The process stays up and checks again and again (the drafting screen, the language
    # server): slow one-off preparations (harper's word suggestions) are made ahead, in the
    # background, instead of in the first check that needs them.
    resident: bool = False

    def get(self, key: str, default: Any = None) -> Any:
        return dict(self.extra).get(key, default)
