"""The style provider: the style guides a file's config names (or its ``.vale.ini``), compiled
once a run, as checkers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from writer.checks.base import Checker
from writer.checks.style.checker import StyleChecker
from writer.checks.style.guides import (
    BUILTIN_STYLE,
    StyleGuide,
    available_styles,
    builtin_vale_style,
    bundled_styles_dir,
    find_style,
    load_style,
    read_vocab,
)
from writer.checks.style.kinds.base import RuleEnv, RuleError
from writer.checks.style.terminology import TerminologyChecker, terminology_rule
from writer.errors import ConfigError, nearest
from writer.settings.config import Config
from writer.settings.options import LintOptions
from writer.templates.resolved import EVERY_TEMPLATE, ResolvedTemplate

if TYPE_CHECKING:
    from writer.settings.vale_ini import ValeIni

DEFAULT_STYLES: tuple[str, ...] = ("house",)


class StyleProvider:
    """Builds the style checker for a file's config; compiled guides are cached for the run."""

    def __init__(self) -> None:
        self._guides: dict[tuple[Any, ...], StyleGuide] = {}
        self._vale: dict[Any, ValeIni] = {}
        self._dictionaries: dict[Any, Any] = {}  # hunspell dictionaries, loaded once a run

    def __call__(
        self, config: Config, options: LintOptions, template: ResolvedTemplate
    ) -> list[Checker]:
        try:
            if config.vale_ini is not None:
                return [self._from_vale_ini(config.vale_ini)]
            return self._from_config(config, template)
        except RuleError as exc:
            raise ConfigError(exc.path, exc.detail, exc.line) from None

    def styles_for(self, config: Config, template: ResolvedTemplate) -> tuple[str, ...]:
        """The guides a file uses. For every template at once (``*``, as ``writer rules`` asks),
        every bundled guide as well: any of them can fire, through a template or ``--style``."""
        if template.name == EVERY_TEMPLATE:
            chosen = config.styles if config.styles is not None else DEFAULT_STYLES
            bundled = (folder.name for folder in available_styles([bundled_styles_dir()]))
            return tuple(dict.fromkeys((*chosen, *bundled)))
        if config.styles is not None:
            return config.styles
        extra = template.spec.styles if template.spec is not None else ()
        if template.kind == "postmortem" and "blameless" not in extra:
            extra = (*extra, "blameless")  # blameless language on every postmortem, template or not
        if extra:
            return tuple(dict.fromkeys((*DEFAULT_STYLES, *extra)))
        return DEFAULT_STYLES

    def search_path(self, config: Config) -> list[Path]:
        return [*(Path(p) for p in config.style_paths), bundled_styles_dir()]

    def _guide(
        self, folder: Path, env: RuleEnv, name: str | None = None, *, defaults: bool = True
    ) -> StyleGuide:
        key = (folder.resolve(), name, env.accepted, env.rejected, env.styles_path, defaults)
        guide = self._guides.get(key)
        if guide is None:
            guide = load_style(folder, env, name, defaults=defaults)
            self._guides[key] = guide
        return guide

    def _from_config(self, config: Config, template: ResolvedTemplate) -> list[Checker]:
        search = self.search_path(config)
        env = RuleEnv(
            accepted=tuple(config.vocabulary_accept),
            rejected=tuple(config.vocabulary_reject),
            styles_path=tuple(str(p) for p in search),
            dictionaries=self._dictionaries,
        )
        guides = []
        for name in self.styles_for(config, template):
            if name == BUILTIN_STYLE:
                guides.append(builtin_vale_style(env))
                continue
            folder = find_style(name, search)
            if folder is None:
                known = [p.name for p in available_styles(search)]
                near = nearest(name, known)
                hint = f"; did you mean '{near}'?" if near else ""
                where = str(config.path) if config.path else "--style"
                raise ConfigError(
                    where,
                    f"style guide '{name}' not found{hint} (available: {', '.join(known)}; "
                    "add folders with style_paths)",
                )
            guides.append(self._guide(folder, env))
        checkers: list[Checker] = [StyleChecker(guides)]
        for guide in guides:
            if guide.manifest.terminology:
                terms = (*guide.manifest.terms, *config.vocabulary_terms)
                rule = terminology_rule(guide.name, str(guide.folder or guide.name))
                compounds = guide.manifest.terminology_compounds
                checkers.append(
                    TerminologyChecker(
                        rule,
                        terms,
                        compounds=compounds,
                        accepted=config.vocabulary_accept,
                        guide_accepted=(*guide.manifest.accept, *guide.manifest.terms_accept),
                        skip_quoted=guide.manifest.skip_quoted,
                    )
                )
        return checkers

    def _from_vale_ini(self, path: Path) -> StyleChecker:
        ini = self._vale.get(path)
        if ini is None:
            from writer.settings.vale_ini import read_vale_ini

            ini = read_vale_ini(path)
            self._vale[path] = ini
        accepted, rejected = read_vocab(ini.styles_path, ini.vocab)
        env = RuleEnv(
            accepted=tuple(accepted),
            rejected=tuple(rejected),
            styles_path=tuple(str(p) for p in ini.styles_path),
            dictionaries=self._dictionaries,
        )
        names: list[str] = []
        for section in ini.sections:
            names.extend(section.based_on or ())
            names.extend(key.split(".", 1)[0] for key, _ in section.rules if "." in key)
        guides = []
        search = [*ini.styles_path, bundled_styles_dir()]
        notices: list[str] = []
        for name in dict.fromkeys(names):
            if name == BUILTIN_STYLE:
                guides.append(builtin_vale_style(env))
                continue
            folder = find_style(name, search) if "/" not in name else None
            if folder is None:
                notices.append(f"{path}: style '{name}' not found in StylesPath; skipped")
                continue
            guides.append(self._guide(folder, env, name, defaults=False))
        return StyleChecker(guides, ini, notices)
