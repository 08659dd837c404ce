"""The one API the fronts share (the command line, the drafting screen): lint a text, a file or
paths, fix a text, list the rules. Nothing here imports Textual.

:class:`Linter` runs the per-file pipeline (:mod:`writer.engine.pipeline`); the checks it runs
come from the providers in :mod:`writer.checks.providers`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from writer.engine.pipeline import Linter
from writer.settings.options import LintOptions
from writer.templates.resolved import ResolvedTemplate

if TYPE_CHECKING:
    from writer.engine.fix import FixOutcome, fix_text


def __getattr__(name: str) -> Any:
    """Fixing is imported when a front asks for it: ``writer lint`` never does."""
    if name in ("FixOutcome", "fix_text"):
        from writer.engine import fix

        return getattr(fix, name)
    raise AttributeError(f"module 'writer.api' has no attribute {name!r}")


__all__ = ["FixOutcome", "LintOptions", "Linter", "ResolvedTemplate", "fix_text"]
