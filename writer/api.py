"""The one API the command line and the TUI share: lint a text or paths, list rules.

Nothing here imports Textual. Checks are gathered from providers (built-in rules, style guides,
templates, reviewer checks, grammar); each provider turns a file's config into checkers.
"""

from __future__ import annotations

import itertools
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from writer.checks.base import Checker, RuleMeta, RuleRegistry
from writer.checks.grammar.provider import GrammarProvider
from writer.checks.structure.generic import builtin_checkers
from writer.engine.engine import Engine, Selection
from writer.infra.files import InputError, Target, discover, read_text
from writer.model.document import Document, parse
from writer.model.findings import FileError, FileResult, LintRun, Severity
from writer.settings.config import Config, ConfigError, ConfigResolver, environment_jobs

# Re-exported: callers of the API name the options and the resolved template from here.
from writer.settings.options import LintOptions as LintOptions
from writer.settings.options import ResolvedTemplate as ResolvedTemplate

if TYPE_CHECKING:
    from writer.templates.matching import TemplateMatcher

log = logging.getLogger(__name__)

# Below this many files, or this much text, linting in one process is faster than starting
# workers (measured with bench/lint_latency.py: 20 postmortems, 57 KB, lint faster in one).
PARALLEL_THRESHOLD = 8
PARALLEL_MIN_BYTES = 256 * 1024
_CHUNK = 16  # files a worker checks per batch, at most
_FULL_CHUNK_FILES = _CHUNK * 8  # files per process from which batches are full
_BATCHES_AHEAD = 4  # batches per process handed out before the oldest is read


# A provider turns a file's config (and template) into checkers.
Provider = Callable[[Config, LintOptions, ResolvedTemplate], Sequence[Checker]]
TemplateResolverFn = Callable[[Document, Config, LintOptions, Path | None], ResolvedTemplate]


def builtin_provider(
    config: Config, options: LintOptions, template: ResolvedTemplate
) -> Sequence[Checker]:
    return builtin_checkers()


def structure_provider(
    config: Config, options: LintOptions, template: ResolvedTemplate
) -> Sequence[Checker]:
    from writer.checks.structure.template import structure_checkers

    return structure_checkers()


def no_template(
    document: Document, config: Config, options: LintOptions, path: Path | None
) -> ResolvedTemplate:
    return ResolvedTemplate(None, None, "no template")


def reviewer_provider(
    config: Config, options: LintOptions, template: ResolvedTemplate
) -> Sequence[Checker]:
    """Postmortem and design-doc checks, for documents checked against those templates."""
    from writer.checks.providers import reviewer_checkers

    return reviewer_checkers(template.name, template.spec)


def default_providers() -> list[Provider]:
    """Every source of checks, in order. New kinds of check add their provider here."""
    from writer.checks.style.checker import StyleProvider

    return [
        builtin_provider,
        structure_provider,
        reviewer_provider,
        StyleProvider(),
        GrammarProvider(),
    ]


def default_template_resolver() -> TemplateResolverFn:
    """A template resolver with a matcher of its own, which the linter also gives the checks."""
    from writer.templates.resolve import TemplateResolver

    return TemplateResolver()


@dataclass
class Linter:
    """Lints documents with per-directory configs; caches configs and compiled checkers."""

    options: LintOptions = field(default_factory=LintOptions)
    providers: list[Provider] = field(default_factory=default_providers)
    resolve_template: TemplateResolverFn = field(default_factory=default_template_resolver)

    def __post_init__(self) -> None:
        self._configs = ConfigResolver(self.options.config_path)
        # Keyed by identity; each entry keeps its key objects alive, so an id is never reused.
        self._applied: dict[int, tuple[Config, Config]] = {}
        self._engines: dict[tuple[int, str | None, int], tuple[Config, object, Engine]] = {}
        self._run_notices: list[str] = []
        self._baselines: Any = None  # writer.infra.history.Baselines, made when first needed
        # Template matches for the checks: the resolver's matcher when it has one, so a match
        # made to detect the template is not made again by the structure checks.
        matcher = getattr(self.resolve_template, "matcher", None)
        if matcher is None:
            from writer.templates.matching import TemplateMatcher

            matcher = TemplateMatcher()
        self.matcher: TemplateMatcher = matcher

    # -- configuration -----------------------------------------------------------------------
    def config_for(self, path: Path | None) -> Config:
        """The config for ``path`` with the command line's options applied: one object per
        config file, so the engine built for it is built once."""
        base = self._configs.for_path(path)
        applied = self._applied.get(id(base))
        if applied is None or applied[0] is not base:
            applied = self._applied[id(base)] = (base, self._apply_options(base))
        return applied[1]

    def _apply_options(self, config: Config) -> Config:
        options = self.options
        changes: dict[str, Any] = {}
        if options.template is not None:
            changes["template"] = options.template
        if options.styles is not None:
            changes["styles"] = options.styles
        if options.fail_on is not None:
            changes["fail_on"] = options.fail_on
        if options.min_level is not None:
            changes["min_level"] = options.min_level
        grammar = config.grammar
        if options.grammar is not None:
            grammar = replace(
                grammar, backend=options.grammar, required=options.grammar not in ("off", "auto")
            )
        if options.languagetool_server is not None:
            grammar = replace(grammar, server=options.languagetool_server)
            if options.grammar is None and grammar.backend == "off":
                grammar = replace(grammar, backend="languagetool")
        if grammar is not config.grammar:
            changes["grammar"] = grammar
        return replace(config, **changes) if changes else config

    def engine_for(self, config: Config, template: ResolvedTemplate) -> Engine:
        key = (id(config), template.name, id(template.spec))
        cached = self._engines.get(key)
        if cached is not None and cached[0] is config and cached[1] is template.spec:
            return cached[2]
        checkers: list[Checker] = []
        for provider in self.providers:
            checkers.extend(provider(config, self.options, template))
        selection = Selection.from_config(config, self.options.select, self.options.ignore)
        engine = Engine(checkers, selection)
        self._engines[key] = (config, template.spec, engine)
        return engine

    # -- linting -----------------------------------------------------------------------------
    def lint_text(self, text: str, path: str | None = None) -> FileResult:
        """Lint markdown text; ``path`` (real or not) picks the config and names the result."""
        file_path = Path(path) if path else None
        config = self.config_for(file_path)
        document = parse(text, path or "-")
        return self.lint_document(document, config, file_path)

    def lint_document(
        self, document: Document, config: Config, path: Path | None = None
    ) -> FileResult:
        template = self.resolve_template(document, config, self.options, path)
        engine = self.engine_for(config, template)
        notices = [template.notice] if template.notice else []
        if document.front_matter is not None and document.front_matter.error:
            line = document.front_matter.error_line
            where = f" (line {line})" if line else ""
            notices.append(f"{document.front_matter.error}{where}; front matter ignored")
        return engine.run(
            document,
            config,
            template=template.spec,
            template_name=template.name,
            options=dict(self.options.extra),
            notices=notices,
            matcher=self.matcher,
        )

    def lint_target(self, target: Target) -> FileResult | FileError:
        """Lint one discovered file; every failure becomes a :class:`FileError`."""
        if target.error is not None:
            return FileError(target.display, target.error)
        try:
            config = self.config_for(target.path)
            text = read_text(target.path, config.limits.max_file_bytes, "limits.max_file_mb")
        except InputError as exc:
            return FileError(target.display, str(exc), exc.line)
        except ConfigError as exc:
            return FileError(exc.path, exc.detail, exc.line)
        try:
            document = parse(text, target.display)
            result = self.lint_document(document, config, target.path)
            return self._leniency(result, document, config, target.path)
        except ConfigError as exc:
            return FileError(exc.path, exc.detail, exc.line)
        except RecursionError:
            return FileError(target.display, "document is nested too deeply to check")
        except MemoryError:
            return FileError(target.display, "not enough memory to check this document")
        except Exception as exc:  # an internal error in one file never stops the others
            log.exception("internal error on %s", target.display)
            return FileError(
                target.display,
                f"internal error: {type(exc).__name__}: {exc} (please report this)",
            )

    def strict_since(self, config: Config) -> str | None:
        """The date or git ref before which documents are held to the lower bar, if any."""
        since = self.options.strict_since or config.strict_since
        if since is None and self.options.new_only:
            since = "HEAD"
        return since

    def _leniency(
        self, result: FileResult, document: Document, config: Config, path: Path | None
    ) -> FileResult:
        """Cap an older document's findings at warning and keep them from failing the run."""
        since = self.strict_since(config)
        if not since or not result.findings:
            return result
        from writer.infra.history import Baselines, GitError, is_old

        if self._baselines is None:
            self._baselines = Baselines()
        front_matter = document.front_matter.data if document.front_matter else None
        try:
            old = is_old(path, since, front_matter, self._baselines)
        except GitError as exc:
            raise ConfigError(str(config.path or "--strict-since"), str(exc)) from None
        if not old:
            return result
        findings = tuple(
            f.with_severity(Severity.WARNING) if f.severity > Severity.WARNING else f
            for f in result.findings
        )
        notice = (
            f"older than strict_since ({since}): findings are at most warnings and do not "
            "fail the run"
        )
        return replace(result, findings=findings, lenient=True, notices=(*result.notices, notice))

    def targets(self, paths: Iterable[str]) -> Iterator[Target]:
        changed = None
        if self.options.changed_since:
            from writer.infra.history import ChangedFiles

            changed = ChangedFiles(self.options.changed_since)
        skipped = 0
        for target in discover(paths):
            if changed is not None and target.error is None and target.path not in changed:
                skipped += 1
                continue
            if target.error is None:
                try:
                    config = self._configs.for_path(target.path)
                except ConfigError:
                    yield target  # reported when the file is linted
                    continue
                if config.is_excluded(target.path) and target.display == str(target.path):
                    continue
            yield target
        if changed is not None and skipped:
            self._run_notices.append(
                f"--changed-since {self.options.changed_since}: {skipped} unchanged "
                f"file{'s' if skipped != 1 else ''} not checked"
            )

    def lint_paths(self, paths: Sequence[str]) -> LintRun:
        """Lint files and directories; ``-`` is read from stdin by the caller, not here."""
        outcomes = list(self.stream_paths(paths))
        results = tuple(o for o in outcomes if isinstance(o, FileResult))
        errors = tuple(o for o in outcomes if isinstance(o, FileError))
        return LintRun.collect(results, errors, self._run_notices)

    def stream_paths(self, paths: Sequence[str]) -> Iterator[FileResult | FileError]:
        """Each file's outcome as soon as it is checked, in the order the files are found.

        Files are found as they are checked, and none is kept here once read. Only the first
        few are looked at before this returns: enough to fail early on a bad
        ``--changed-since`` ref and to decide whether to check in parallel. Notices about the
        run (:attr:`run_notices`) are complete once the outcomes have been read to their end.
        """
        targets = self.targets(paths)
        jobs = self.options.jobs or environment_jobs()
        head: list[Target] = []
        readable = 0
        size = 0
        for target in targets:
            head.append(target)
            if jobs == 1:
                break  # the first one, so that a bad --changed-since ref fails here
            if target.error is None:
                readable += 1
                if size < PARALLEL_MIN_BYTES:
                    size += _size(target)
            if (
                readable >= PARALLEL_THRESHOLD
                and size >= PARALLEL_MIN_BYTES
                and len(head) >= jobs * _FULL_CHUNK_FILES
            ):
                break  # enough to decide, and to size the chunks as for the whole run
        rest = itertools.chain(head, targets)
        first = next((t for t in head if t.error is None), None)
        if (
            readable >= PARALLEL_THRESHOLD
            and size >= PARALLEL_MIN_BYTES
            and first is not None
            and not self._needs_one_process(first)
        ):
            chunk = max(1, min(_CHUNK, len(head) // (jobs * 8) or 1))
            return _parallel(self, rest, jobs, chunk)
        return (self.lint_target(target) for target in rest)

    @property
    def run_notices(self) -> tuple[str, ...]:
        """Notices about the run as a whole found while looking for files."""
        return tuple(self._run_notices)

    def _needs_one_process(self, target: Target) -> bool:
        """Whether a provider shares something costly per process, such as a local grammar
        server that each worker would otherwise start for itself."""
        try:
            config = self.config_for(target.path)
        except ConfigError:
            return False
        for provider in self.providers:
            check = getattr(provider, "needs_one_process", None)
            if check is not None and check(config):
                return True
        return False

    # -- rules ------------------------------------------------------------------------------
    def registry(self, path: Path | None = None) -> RuleRegistry:
        """Every rule the providers know for ``path``'s config (all templates included)."""
        config = self.config_for(path)
        registry = RuleRegistry()
        for provider in self.providers:
            for checker in provider(config, self.options, ResolvedTemplate("*", None, "all")):
                if checker.rules:
                    registry.add(checker)
        return registry

    def rules(self) -> list[RuleMeta]:
        return self.registry().rules()


# -- parallel linting --------------------------------------------------------------------------


def _size(target: Target) -> int:
    try:
        return target.path.stat().st_size
    except OSError:
        return 0


_worker_linter: Linter | None = None


def _init_worker(linter: Linter) -> None:
    global _worker_linter
    _worker_linter = linter


def _lint_in_worker(batch: list[Target]) -> list[FileResult | FileError]:
    assert _worker_linter is not None
    return [_worker_linter.lint_target(target) for target in batch]


def _batches(targets: Iterator[Target], size: int) -> Iterator[list[Target]]:
    while batch := list(itertools.islice(targets, size)):
        yield batch


def _parallel(
    linter: Linter, targets: Iterator[Target], jobs: int, chunk: int
) -> Iterator[FileResult | FileError]:
    """Check batches of ``chunk`` files in ``jobs`` processes, yielding outcomes in order.

    A few batches per process are in flight at a time, so neither the files still to check
    nor the outcomes not yet read pile up in memory.
    """
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    batches = _batches(targets, chunk)
    in_flight: deque[tuple[list[Target], Future[list[FileResult | FileError]]]] = deque()
    unsent: list[Target] = []  # a batch read but not yet handed to a process
    try:
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=context, initializer=_init_worker, initargs=(linter,)
        ) as pool:
            for batch in batches:
                unsent = batch
                in_flight.append((batch, pool.submit(_lint_in_worker, batch)))
                unsent = []
                if len(in_flight) > jobs * _BATCHES_AHEAD:
                    outcomes = in_flight[0][1].result()
                    in_flight.popleft()
                    yield from outcomes
            while in_flight:
                outcomes = in_flight[0][1].result()
                in_flight.popleft()
                yield from outcomes
    except (OSError, RuntimeError) as exc:  # no processes available: lint here instead
        log.warning("parallel lint unavailable (%s); linting in one process", exc)
        # Those already reported are not checked again.
        waiting = [batch for batch, _ in in_flight]
        for batch in itertools.chain(waiting, [unsent], batches):
            for target in batch:
                yield linter.lint_target(target)
