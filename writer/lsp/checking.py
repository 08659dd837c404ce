"""Checking one open document, as ``writer lint`` would check the file it stands for.

:class:`DocumentChecker` owns the :class:`writer.api.Linter` (its caches of configs, checkers and
template matches) and is used from the check worker's thread only. What a check finds is a
:class:`Checked`: a value the server's loop reads to answer the client (diagnostics, hover, code
actions, symbols, completion) without checking again.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from writer.api import Linter, fix_text
from writer.errors import WriterError
from writer.lsp.documents import Snapshot
from writer.lsp.positions import UTF16, LineMap
from writer.lsp.settings import ServerSettings
from writer.model.document import Document, parse
from writer.model.findings import FileResult, Finding
from writer.model.rules import RuleMeta
from writer.settings.config import Config
from writer.settings.load import CONFIG_NAMES, ConfigResolver
from writer.settings.vocabulary import Change, add_words
from writer.templates.outline import Outline, outline_for
from writer.templates.resolved import ResolvedTemplate
from writer.templates.spec import TemplateSpec

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Checked:
    """What one check of one version of a document found."""

    snapshot: Snapshot
    document: Document  # as checked, less its prose blocks (see :func:`kept`)
    lines: LineMap  # positions over ``document.text`` (the text the findings point into)
    findings: tuple[Finding, ...] = ()
    outline: Outline = field(default_factory=lambda: Outline(()))
    template: TemplateSpec | None = None
    kind: str | None = None  # what kind of document it was taken for (postmortem, design, ...)
    rules: Mapping[str, RuleMeta] = field(default_factory=dict)  # the rules of the findings
    notices: tuple[str, ...] = ()
    problem: str | None = None  # why the document was not checked (a broken config, its size)
    seconds: float = 0.0  # how long the check took
    cpu_seconds: float = 0.0  # of which the check's thread ran (the rest: waiting for a core)

    @property
    def uri(self) -> str:
        return self.snapshot.uri

    @property
    def version(self) -> int:
        return self.snapshot.version

    def offset(self, line: int, character: int) -> int:
        """The offset into ``document.text`` of a client's position."""
        return self.lines.offset(line, character)

    @property
    def level_shift(self) -> int:
        """How much deeper the document writes the template's sections than the template does
        (all one level deeper is fine), read from the first present template section."""
        for entry in self.outline.entries:
            if entry.in_template and entry.section is not None:
                return self.document.sections[entry.section].level - entry.level
        return 0

    def findings_at(self, start: int, end: int | None = None) -> list[Finding]:
        """The findings whose span touches ``[start, end]`` (a point when ``end`` is None)."""
        end = start if end is None else end
        return [f for f in self.findings if f.start <= end and start <= max(f.end, f.start)]


def unchecked(
    snapshot: Snapshot, encoding: str, *, problem: str | None = None, notice: str = ""
) -> Checked:
    """A document that was not checked: no findings, and why (``problem`` is shown to the
    author as a diagnostic on the first line; a ``notice`` only goes to the log)."""
    document = parse("", snapshot.display)
    notices = (notice,) if notice else ()
    return Checked(
        snapshot, document, line_map(document, encoding), notices=notices, problem=problem
    )


def kept(document: Document) -> Document:
    """The document as a check result keeps it: without its prose blocks, which the checks
    read (with every word and sentence of the text) and the features do not. An open document
    then costs a tenth of the memory."""
    return dataclasses.replace(document, blocks=())


def line_map(document: Document, encoding: str) -> LineMap:
    return LineMap(document.text, encoding, "\ufeff" if document.had_bom else "")


class DocumentChecker:
    """Checks documents with one linter; used from one thread at a time."""

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        self._stamps: dict[Path, tuple[tuple[str, int, int], ...]] = {}
        self.linter = Linter()
        self.broken: str | None = None  # why the settings' config cannot be read, if it cannot
        self.reset()

    # -- the linter's configuration ------------------------------------------------------------
    def reset(self, settings: ServerSettings | None = None) -> None:
        """Forget every config, checker and match: the next check reads everything again."""
        if settings is not None:
            self.settings = settings
        self._stamps.clear()
        try:
            self.linter = Linter(self.settings.lint_options())
            self.broken = None
        except WriterError as exc:  # a --config that cannot be read: said on every document
            self.broken = str(exc)

    def config_changed(self, path: Path | None) -> bool:
        """Whether a config file that applies to ``path`` appeared, changed or went away since
        the last check under the same folder (so clients that do not report file changes still
        see a config edited elsewhere). The first look at a folder only records it."""
        folder = (path.parent if path is not None else Path.cwd()).absolute()
        stamp = config_stamp(folder, self.settings.config)
        before = self._stamps.get(folder)
        self._stamps[folder] = stamp
        return before is not None and before != stamp

    # -- checking ------------------------------------------------------------------------------
    def check(self, snapshot: Snapshot, encoding: str = UTF16) -> Checked:
        """Check one version of a document as ``writer lint`` checks a file; a document that
        cannot be checked gets a :class:`Checked` whose ``problem`` says why."""
        started = time.perf_counter()
        cpu_started = time.thread_time()
        path = snapshot.path
        if self.broken is not None:
            return unchecked(snapshot, encoding, problem=self.broken)
        try:
            config = self.linter.config_for(path)
        except WriterError as exc:
            return unchecked(snapshot, encoding, problem=str(exc))
        if path is not None and config.is_excluded(path):
            return unchecked(snapshot, encoding, notice="excluded by the config: not checked")
        limit = config.limits.max_file_bytes
        size = len(snapshot.text.encode("utf-8", "surrogatepass"))
        if limit and size > limit:
            return unchecked(
                snapshot,
                encoding,
                problem=f"this document is {size / 1_000_000:.1f} MB, above limits.max_file_mb "
                f"({config.limits.max_file_mb:g} MB): not checked; raise the limit knowingly",
            )
        try:
            document = parse(snapshot.text, snapshot.display)
            template = self.linter.template_for(document, config, path)
            result = self.linter.lint_document(document, config, path, template)
            outline = outline_for(document, template.spec, result.findings, self.linter.matcher)
            rules = self._rules(result, config, template)
        except WriterError as exc:
            return unchecked(snapshot, encoding, problem=str(exc))
        except RecursionError:
            return unchecked(snapshot, encoding, problem="document is nested too deeply to check")
        except Exception as exc:  # an internal error never stops the server
            log.exception("internal error on %s", snapshot.display)
            return unchecked(
                snapshot,
                encoding,
                problem=f"internal error: {type(exc).__name__}: {exc} (please report this)",
            )
        return Checked(
            snapshot,
            kept(document),
            line_map(document, encoding),
            result.findings,
            outline,
            template.spec,
            result.kind,
            rules,
            result.notices,
            seconds=time.perf_counter() - started,
            cpu_seconds=time.thread_time() - cpu_started,
        )

    def _rules(
        self, result: FileResult, config: Config, template: ResolvedTemplate
    ) -> dict[str, RuleMeta]:
        """The rule of each finding, for hover: a backend's rule (``grammar.harper.AnA``) is
        explained by its family's."""
        engine = self.linter.engine_for(config, template)
        rules: dict[str, RuleMeta] = {}
        for finding in result.findings:
            if finding.rule not in rules:
                rule = engine.rule_for(finding.rule)
                if rule is not None:
                    rules[finding.rule] = rule
        return rules

    def fix_all(self, snapshot: Snapshot) -> str:
        """The document's text with every safe fix applied (as ``writer fix`` would)."""
        try:
            lint = self.linter.linter_for_fixes(snapshot.path, snapshot.display)
            return fix_text(snapshot.text, lint).fixed
        except WriterError as exc:  # the check says so on the document; no fix meanwhile
            log.warning("fixing %s: %s", snapshot.display, exc)
            return snapshot.text

    def add_to_vocabulary(self, snapshot: Snapshot, word: str) -> Change:
        """Accept ``word`` where the document's config keeps its vocabulary; every document is
        checked afresh after."""
        config = ConfigResolver(self.settings.config).for_path(snapshot.path)
        start = snapshot.path.parent if snapshot.path is not None else Path.cwd()
        change = add_words(config, [word], start)
        self.reset()
        return change


def config_stamp(folder: Path, explicit: Path | None) -> tuple[tuple[str, int, int], ...]:
    """The config files that could apply to documents in ``folder``, with their modification
    times and sizes: a few ``stat`` calls, cheap enough for every check."""
    candidates: list[Path] = []
    if explicit is not None:
        candidates.append(explicit)
    else:
        directory = folder
        while True:
            candidates.extend(directory / name for name in CONFIG_NAMES)
            if directory.parent == directory:
                break
            directory = directory.parent
    stamp: list[tuple[str, int, int]] = []
    for candidate in candidates:
        try:
            status = os.stat(candidate)
        except OSError:
            continue
        stamp.append((str(candidate), status.st_mtime_ns, status.st_size))
    return tuple(stamp)
