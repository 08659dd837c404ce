"""The per-file pipeline every front uses: resolve the file's config once, read it within the
limits, parse, run the engine, then the post-passes (leniency for older documents). Lint, fix
(standard input included) and the drafting screen all go through :class:`Linter`.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from writer.checks.base import Checker, RuleRegistry
from writer.checks.providers import Provider, default_providers
from writer.engine import parallel
from writer.engine.engine import Engine, Selection
from writer.errors import ConfigError, InputError, nearest
from writer.infra.deadline import Overrun, deadline
from writer.infra.files import Target, check_inside, discover, read_stream, read_text
from writer.model.document import Document, normalize, parse
from writer.model.findings import FileError, FileResult, LintRun
from writer.model.rules import RuleMeta
from writer.settings.config import Config, GrammarSettings
from writer.settings.load import ConfigResolver, environment_jobs
from writer.settings.options import LintOptions
from writer.settings.selectors import known
from writer.settings.user import ENVIRONMENT, ServerTrust, load_trust, user_config_path
from writer.templates.resolved import EVERY_TEMPLATE, ResolvedTemplate

if TYPE_CHECKING:
    from writer.engine.fix import Lint
    from writer.engine.result_cache import ResultCache
    from writer.infra.history import Baselines
    from writer.templates.matching import TemplateMatcher

log = logging.getLogger(__name__)

TemplateResolverFn = Callable[[Document, Config, LintOptions, Path | None], ResolvedTemplate]


def _line_of(path: Path | None, message: str) -> int | None:
    """The line of a config file that names the selector a message quotes."""
    if path is None:
        return None
    selector = message.split("'")[1]
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for number, line in enumerate(lines, start=1):
        if f'"{selector}"' in line or f"'{selector}'" in line:
            return number
    return None


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
        self._engines: dict[tuple[int, str | None, int, str | None], tuple[Config, object, Engine]]
        self._engines = {}
        self._uncapped_configs: dict[int, tuple[Config, Config]] = {}
        self._server_trust: ServerTrust | None = None  # the user's allowances, read when needed
        # Per applied config (by id, the config kept alive beside): what grammar does with text.
        self._grammar_notices: dict[int, tuple[Config, tuple[str, ...]]] = {}
        self._run_notices: list[str] = []
        self._config_errors: dict[int, ConfigError] = {}
        self._baselines: Baselines | None = None  # git answers for leniency, made when needed
        self._cache: ResultCache | None = None
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
            try:
                self._check_selectors(applied[1])
            except ConfigError as exc:
                self._config_errors[id(base)] = exc
        problem = self._config_errors.get(id(base))
        if problem is not None:
            raise problem
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
        notices: list[str] = []
        if grammar.server and options.languagetool_server is None and config.path is not None:
            grammar = self._trusted_server(config, grammar, notices)
        if options.grammar is not None:
            grammar = replace(
                grammar, backend=options.grammar, required=options.grammar not in ("off", "auto")
            )
        if options.languagetool_server is not None:
            grammar = replace(grammar, server=options.languagetool_server)
            if options.grammar is None and grammar.backend in ("off", "auto"):
                # A server named on the command line is the backend asked for.
                grammar = replace(grammar, backend="languagetool")
        if grammar is not config.grammar:
            changes["grammar"] = grammar
        applied = replace(config, **changes) if changes else config
        if notices:
            self._grammar_notices[id(applied)] = (applied, tuple(notices))
        return applied

    def _trust(self) -> ServerTrust:
        if self._server_trust is None:
            self._server_trust = load_trust(self.options.allowed_servers)
        return self._server_trust

    def _trusted_server(
        self, config: Config, grammar: GrammarSettings, notices: list[str]
    ) -> GrammarSettings:
        """The grammar settings of a config file, without the server it names unless the user
        allowed that server: then grammar runs offline (a local LanguageTool, harper, or none)
        and one notice says so."""
        server = grammar.server or ""
        if self._trust().allows(server) is not None:
            return grammar
        notices.append(
            f"grammar: {config.path} names the LanguageTool server {server}, which was not "
            "used: document text goes to a server only when you allow it (--allow-server "
            f"{server}, {ENVIRONMENT}, or grammar.allowed_servers in {user_config_path()}); "
            "grammar ran offline instead"
        )
        backend = "auto" if grammar.backend == "languagetool" else grammar.backend
        return replace(grammar, server=None, backend=backend, required=False)

    def engine_for(self, config: Config, template: ResolvedTemplate) -> Engine:
        key = (id(config), template.name, id(template.spec), template.kind)
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
        document = self.parse(text, path or "-", config)
        return self.lint_document(document, config, file_path)

    def parse(self, text: str, display: str, config: Config) -> Document:
        """Parse ``text`` within the config's time limit for a check. Raises
        :class:`InputError` when reading it takes longer."""
        seconds = config.limits.check_seconds(len(text))
        try:
            with deadline(seconds):
                return parse(text, display)
        except Overrun:
            raise InputError(
                f"reading the document took longer than {seconds:g} s: not checked (raise "
                "limits.check_timeout, and please report this)"
            ) from None

    def template_for(
        self, document: Document, config: Config, path: Path | None = None
    ) -> ResolvedTemplate:
        """The template ``document`` is checked against, and how it was chosen."""
        return self.resolve_template(document, config, self.options, path)

    def lint_document(
        self,
        document: Document,
        config: Config,
        path: Path | None = None,
        template: ResolvedTemplate | None = None,
    ) -> FileResult:
        """Lint a parsed document; ``template``, when the caller resolved it already
        (:meth:`template_for`), is not resolved again."""
        if template is None:
            template = self.template_for(document, config, path)
        engine = self.engine_for(config, template)
        notices = [template.notice] if template.notice else []
        if document.front_matter is not None and document.front_matter.error:
            line = document.front_matter.error_line
            where = f" (line {line})" if line else ""
            notices.append(f"{document.front_matter.error}{where}; front matter ignored")
        if document.too_deep is not None:
            notices.append(
                f"lists or quotes nest deeper than writer follows (line {document.too_deep}): "
                "the text from there on may not have been checked; nest them less deeply"
            )
        result = engine.run(
            document,
            config,
            template=template.spec,
            template_name=template.name,
            options=dict(self.options.extra),
            notices=notices,
            matcher=self.matcher,
            kind=template.kind,
            certainty=template.certainty,
            path=path,
            confidence=template.confidence,
        )
        result = replace(
            result,
            kind=template.kind,
            confidence=template.confidence,
            evidence=template.evidence,
            certainty=template.certainty,
            decided=template.reason,
        )
        grammar = self._grammar_notices.get(id(config))
        if grammar is not None and grammar[0] is config:  # said once for the run
            result = replace(result, run_notices=(*grammar[1], *result.run_notices))
        return result

    def explain(self, target: Target) -> list[str]:
        """What kind of document ``target`` is, its template and the evidence, as lines."""
        from writer.templates.explain import explain

        if target.error is not None:
            raise InputError(target.error)
        config, text = self.read(target)
        document = self.parse(text, target.display, config)
        resolved = self.resolve_template(document, config, self.options, target.path)
        return explain(document, resolved, self.matcher)

    def read(self, target: Target) -> tuple[Config, str]:
        """A file's config and its text, read within the config's size limit. Raises
        :class:`InputError` or :class:`ConfigError`."""
        check_inside(target.path, target.root)
        config = self.config_for(target.path)
        text = read_text(target.path, config.limits.max_file_bytes, "limits.max_file_mb")
        return config, text

    def read_stream(self, stream: BinaryIO, name: str | None) -> str:
        """Text from standard input (``name``: the file it stands for, which picks the config),
        read within the config's size limit. Raises :class:`InputError`."""
        limits = self.config_for(Path(name) if name else None).limits
        return read_stream(stream, limits.max_file_bytes, "limits.max_file_mb")

    def lint_target(self, target: Target) -> FileResult | FileError:
        """Lint one discovered file; every failure becomes a :class:`FileError`."""
        if target.error is not None:
            return FileError(target.display, target.error)
        try:
            config, text = self.read(target)
        except InputError as exc:
            return FileError(target.display, str(exc), exc.line)
        except ConfigError as exc:
            return FileError(exc.path, exc.detail, exc.line)
        try:
            cache = self._result_cache()
            key = cache.key(text, target.path, target.display, config) if cache else None
            cached = cache.get(key, normalize(text)[0]) if cache and key else None
            if cached is not None:
                return self._lenient(cached, None, config, target.path)
            document = self.parse(text, target.display, config)
            result = self.lint_document(document, config, target.path)
            if cache is not None and key is not None:
                cache.put(key, result)
            return self._lenient(result, document, config, target.path)
        except InputError as exc:
            return FileError(target.display, str(exc), exc.line)
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

    def _lenient(
        self, result: FileResult, document: Document | None, config: Config, path: Path | None
    ) -> FileResult:
        since = self.strict_since(config)
        if not since or not result.findings:
            return result
        from writer.engine.leniency import apply_leniency  # git: only for older documents
        from writer.infra.history import Baselines

        if self._baselines is None:
            self._baselines = Baselines()
        source = None
        if self.options.strict_since:
            source = "--strict-since"
        elif config.strict_since is None:
            source = "--new-only"
        if document is None:  # a cached result: its front matter is read again
            document = self.parse(result.text or "", result.path, config)
        return apply_leniency(result, document, config, path, since, self._baselines, source)

    def _result_cache(self) -> ResultCache | None:
        """The result cache, when the options ask for one (made on first use)."""
        if not self.options.cache:
            return None
        if self._cache is None:
            from writer.engine.result_cache import ResultCache

            self._cache = ResultCache(self.options)
        return self._cache

    def linter_for_fixes(self, path: Path | None, display: str) -> Lint:
        """Lints successive versions of one file's text with that file's config, as
        :func:`writer.engine.fix.fix_text` asks."""
        config = self._uncapped(self.config_for(path))

        def lint(text: str) -> tuple[Document, FileResult]:
            document = self.parse(text, display, config)
            return document, self.lint_document(document, config, path)

        return lint

    def _uncapped(self, config: Config) -> Config:
        """``config`` for fixing: no cap on findings per rule (a fix pass applies every safe fix
        it can, and what is left is counted in full), and no grammar (its fixes are never
        applied, so no text needs to go to a grammar server). One object per config, as for
        :meth:`config_for`, so its checks are built once."""
        found = self._uncapped_configs.get(id(config))
        if found is None or found[0] is not config:
            limits = replace(config.limits, max_findings_per_rule=0)
            grammar = replace(config.grammar, backend="off", required=False)
            fixing = replace(config, limits=limits, grammar=grammar)
            found = self._uncapped_configs[id(config)] = (config, fixing)
        return found[1]

    def targets(self, paths: Iterable[str]) -> Iterator[Target]:
        changed = None
        if self.options.changed_since:
            from writer.infra.history import ChangedFiles

            changed = ChangedFiles(self.options.changed_since)
        skipped = 0
        for target in discover(paths, also=self._included):
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
        """Lint files and directories into one run held whole; ``-`` is not read here.

        A run held whole keeps each file's findings and figures, not its text: reporting as
        files are checked (:meth:`stream_paths`) is what quotes the text."""
        outcomes = list(self.stream_paths(paths))
        results = tuple(replace(o, text=None) for o in outcomes if isinstance(o, FileResult))
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
        jobs = self.options.jobs or self._configured_jobs() or environment_jobs()
        head: list[Target] = []
        readable = 0
        size = 0
        for target in targets:
            head.append(target)
            if jobs == 1:
                break  # the first one, so that a bad --changed-since ref fails here
            if target.error is None:
                readable += 1
                if size < parallel.PARALLEL_MIN_BYTES:
                    size += parallel.size_of(target)
            if (
                readable >= parallel.PARALLEL_THRESHOLD
                and size >= parallel.PARALLEL_MIN_BYTES
                and len(head) >= jobs * parallel.FULL_CHUNK_FILES
            ):
                break  # enough to decide, and to size the chunks as for the whole run
        rest = itertools.chain(head, targets)
        first = next((t for t in head if t.error is None), None)
        if (
            readable >= parallel.PARALLEL_THRESHOLD
            and size >= parallel.PARALLEL_MIN_BYTES
            and first is not None
            and not self._needs_one_process(first)
        ):
            chunk = max(1, min(parallel.CHUNK, len(head) // (jobs * 8) or 1))
            return parallel.lint_in_parallel(self, rest, jobs, chunk)
        return (self.lint_target(target) for target in rest)

    def _included(self, path: Path) -> bool:
        try:
            return self._configs.for_path(path).is_included(path)
        except ConfigError:
            return False

    def _configured_jobs(self) -> int | None:
        try:
            return self._configs.for_path(None).jobs
        except ConfigError:
            return None

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
        every = ResolvedTemplate(EVERY_TEMPLATE, None, "all")
        for provider in self.providers:
            for checker in provider(config, self.options, every):
                if checker.rules:
                    registry.add(checker)
        return registry

    def rules(self) -> list[RuleMeta]:
        return self.registry().rules()

    def unknown_selectors(self, selectors: Iterable[str], path: Path | None = None) -> list[str]:
        """The selectors that name no rule ``path``'s config knows, each with a hint."""
        wanted = [selector for selector in selectors if selector]
        if not wanted:
            return []
        rules = self.registry(path).rules()
        ids = [rule.id for rule in rules]
        dynamic = [rule.id for rule in rules if rule.dynamic]
        out = []
        for selector in wanted:
            if known(selector, ids, dynamic):
                continue
            near = nearest(selector, ids) or nearest(
                selector, sorted({i.rsplit(".", 1)[0] for i in ids})
            )
            hint = f"; did you mean '{near}'?" if near else " (see 'writer rules')"
            out.append(f"'{selector}' names no rule{hint}")
        return out

    def _check_selectors(self, config: Config) -> None:
        """A config that selects, ignores or sets a level for a rule that does not exist is an
        error, never silence."""
        selectors = (
            *config.select,
            *config.ignore,
            *config.extend_select,
            *config.extend_ignore,
            *(rule for rule, _level in config.rules),
        )
        if not selectors:
            return
        unknown = self.unknown_selectors(selectors, config.path)
        if unknown:
            where = str(config.path or "config")
            raise ConfigError(where, unknown[0], _line_of(config.path, unknown[0]))
