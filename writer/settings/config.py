"""Settings types: what a ``.writer.toml`` (or ``[tool.writer]``) can say, as frozen values.

Keys and their types live in :data:`SCHEMA`, one place to extend; :mod:`writer.settings.load`
reads and validates files against it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from writer.infra.globs import glob_match
from writer.model.findings import Severity

SCHEMA: dict[str, Any] = {
    "template": str,
    "templates": {"*": str},
    "template_paths": (str,),
    "styles": (str,),
    "style_paths": (str,),
    "select": (str,),
    "ignore": (str,),
    "extend_select": (str,),
    "extend_ignore": (str,),
    "rules": {"*": str},
    "fail_on": str,
    "min_level": str,
    "exclude": (str,),
    "include": (str,),
    "jobs": int,
    "strict_since": str,
    "baseline": str,
    "kind": str,
    "vocabulary": {"accept": (str,), "reject": (str,), "terms": {"*": (str,)}},
    "readability": {"max_grade": float, "section_max_grade": float},
    "grammar": {
        "backend": str,
        "language": str,
        "server": str,
        "disabled_rules": (str,),
        "disabled_categories": (str,),
        "enabled_rules": (str,),
        "picky": bool,
        "mother_tongue": str,
        "jvm_heap": str,
        "timeout": float,
        "required": bool,
        "cache": bool,
        "cache_dir": str,
        "cache_size_mb": int,
        "download": bool,
    },
    "structure": {
        "detect_threshold": float,
        "levels": {"*": str},
        "min_words": int,
        "templates": {"*": {"levels": {"*": str}}},
    },
    "postmortem": {
        "action_item_tracking": (str,),
        "owner_patterns": (str,),
        "ticket_patterns": (str,),
        "vague_verbs": (str,),
        "coverage_threshold": float,
        "duration_tolerance": float,
        "check_done_items": bool,
    },
    "design": {
        "estimate_tolerance": float,
        "min_alternatives": int,
        "approved_statuses": (str,),
        "status_key": str,
    },
    "tui": {"autosave_seconds": float, "theme": str},
    "limits": {
        "rule_timeout": float,
        "check_timeout": float,
        "max_findings_per_rule": int,
        "max_file_mb": float,
    },
}


@dataclass(frozen=True)
class GrammarSettings:
    backend: str = "auto"  # off | auto (a configured server, else harper) | languagetool | harper
    language: str = "en-US"
    server: str | None = None
    disabled_rules: tuple[str, ...] = ()
    disabled_categories: tuple[str, ...] = ()
    enabled_rules: tuple[str, ...] = ()
    picky: bool = False
    mother_tongue: str | None = None
    jvm_heap: str | None = None
    timeout: float = 10.0
    required: bool = False
    cache: bool = True
    cache_dir: str | None = None
    cache_size_mb: int = 64
    download: bool = False  # let language-tool-python download LanguageTool (about 250 MB)


@dataclass(frozen=True)
class Limits:
    """Bounds on what one rule may cost on one document (0 turns a bound off)."""

    rule_timeout: float = 1.0  # seconds of pattern matching per style rule per document
    # Seconds for any one check (and for reading the document) per document, per million
    # characters in larger ones: a bound for the unforeseen, far above what checks take.
    check_timeout: float = 20.0
    max_findings_per_rule: int = 1000  # findings kept per rule per document; the rest counted
    max_file_mb: float = 10.0  # larger documents are not checked (one error entry each)

    def rule_seconds(self, characters: int) -> float:
        """A rule's budget on a document this long: ``rule_timeout`` up to a million
        characters, proportionally more beyond (0: no budget)."""
        return self.rule_timeout * max(1.0, characters / 1_000_000)

    def check_seconds(self, characters: int) -> float:
        """A check's budget on a document this long (0: no budget), as for rules."""
        return self.check_timeout * max(1.0, characters / 1_000_000)

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1_000_000) if self.max_file_mb else 0


@dataclass(frozen=True)
class Config:
    """Settings for the files under one directory (or the defaults when no file was found)."""

    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    template: str | None = None  # a template name, a spec path, or "auto"
    templates: tuple[tuple[str, str], ...] = ()  # (glob, template) in file order
    template_paths: tuple[str, ...] = ()
    styles: tuple[str, ...] | None = None  # None: the default style guides
    style_paths: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    extend_ignore: tuple[str, ...] = ()
    rules: tuple[tuple[str, str], ...] = ()  # (rule or prefix, level or "off")
    fail_on: Severity = Severity.WARNING
    min_level: Severity = Severity.SUGGESTION
    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    jobs: int | None = None
    strict_since: str | None = None
    baseline: str | None = None  # the baseline file (absolute), for --baseline
    kind: str | None = None  # postmortem | design | adr | none: what the documents are, if known
    vocabulary_accept: tuple[str, ...] = ()
    vocabulary_reject: tuple[str, ...] = ()
    vocabulary_terms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    max_grade: float | None = None
    section_max_grade: float | None = None
    grammar: GrammarSettings = field(default_factory=GrammarSettings)
    structure: Mapping[str, Any] = field(default_factory=dict)
    postmortem: Mapping[str, Any] = field(default_factory=dict)
    design: Mapping[str, Any] = field(default_factory=dict)
    tui: Mapping[str, Any] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)
    vale_ini: Path | None = None  # set when --config names a .vale.ini

    def relative(self, path: Path) -> str:
        """``path`` relative to the config's root, with forward slashes, for glob matching."""
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):  # a symlink loop: use the path as written
            resolved = Path(os.path.abspath(path))
        try:
            return resolved.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def template_for(self, path: Path) -> str | None:
        """The template the config maps ``path`` to (the last matching glob wins), if any."""
        relative = self.relative(path)
        chosen = None
        for pattern, template in self.templates:
            if glob_match(relative, pattern):
                chosen = template
        return chosen

    def is_included(self, path: Path) -> bool:
        """Whether ``include`` adds ``path`` to the files a directory walk lints."""
        if not self.include:
            return False
        relative = self.relative(path)
        return any(glob_match(relative, pattern) for pattern in self.include)

    def is_excluded(self, path: Path) -> bool:
        relative = self.relative(path)
        return any(glob_match(relative, pattern) for pattern in self.exclude)
