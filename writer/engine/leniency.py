"""The post-pass for older documents: under ``strict_since`` (or ``--new-only``), a document
written before the cut-off reports its findings at most as warnings and never fails the run."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from writer.errors import ConfigError, GitError
from writer.infra.history import Baselines, is_old
from writer.model.document import Document
from writer.model.findings import FileResult, Severity
from writer.settings.config import Config


def apply_leniency(
    result: FileResult,
    document: Document,
    config: Config,
    path: Path | None,
    since: str,
    baselines: Baselines,
    source: str | None = None,
) -> FileResult:
    """Cap an older document's findings at warning and keep them from failing the run.

    ``source`` names the command-line option ``since`` came from; without it, it came from
    the config, which a bad value is then blamed on."""
    front_matter = document.front_matter.data if document.front_matter else None
    try:
        old = is_old(path, since, front_matter, baselines)
    except GitError as exc:
        if source is not None:
            raise ConfigError(source, str(exc)) from None
        raise ConfigError(str(config.path or "<config>"), f"strict_since = {exc}") from None
    if not old:
        return result
    findings = tuple(
        f.with_severity(Severity.WARNING) if f.severity > Severity.WARNING else f
        for f in result.findings
    )
    notice = (
        f"older than strict_since ({since}): findings are at most warnings and do not fail the run"
    )
    return replace(result, findings=findings, lenient=True, notices=(*result.notices, notice))
