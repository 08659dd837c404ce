"""Configuration: ``.writer.toml`` or ``[tool.writer]`` in ``pyproject.toml``, found by walking up.

Every key is validated; an unknown key is an error that names the file, the line, the key and the
nearest valid key. Keys and their types live in :data:`SCHEMA`, one place to extend.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from writer.model.findings import Severity
from writer.settings.selectors import matches

CONFIG_NAMES = (".writer.toml", "writer.toml", "pyproject.toml")

# A schema node is a Python type, a tuple (list of that type), a dict of keys (``"*"`` means any
# key), or ``Any``. Extend it when a feature gains settings.
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
    "limits": {"rule_timeout": float, "max_findings_per_rule": int, "max_file_mb": float},
}


class ConfigError(Exception):
    """A configuration problem a user must fix; ``str()`` is one line naming file and line."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.detail = message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class GrammarSettings:
    backend: str = "off"  # off | auto | languagetool | harper
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
    max_findings_per_rule: int = 1000  # findings kept per rule per document; the rest counted
    max_file_mb: float = 10.0  # larger documents are not checked (one error entry each)

    def rule_seconds(self, characters: int) -> float:
        """A rule's budget on a document this long: ``rule_timeout`` up to a million
        characters, proportionally more beyond (0: no budget)."""
        return self.rule_timeout * max(1.0, characters / 1_000_000)

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

    def is_excluded(self, path: Path) -> bool:
        relative = self.relative(path)
        return any(glob_match(relative, pattern) for pattern in self.exclude)

    def severity_override(self, rule_id: str) -> str | None:
        """The configured level (or ``off``) for a rule; the most specific entry wins."""
        best: tuple[int, str] | None = None
        for selector, level in self.rules:
            score = matches(rule_id, selector)
            if score and (best is None or score >= best[0]):
                best = (score, level)
        return best[1] if best else None


def glob_match(relative: str, pattern: str) -> bool:
    """Glob matching where ``**`` spans folders and a pattern without ``/`` matches any folder."""
    pattern = pattern.strip()
    if pattern.startswith("./"):
        pattern = pattern[2:]
    if "/" not in pattern.rstrip("/"):
        name_pattern = pattern.rstrip("/")
        parts = relative.split("/")
        if pattern.endswith("/"):
            return any(fnmatch.fnmatchcase(part, name_pattern) for part in parts[:-1])
        return any(fnmatch.fnmatchcase(part, name_pattern) for part in parts)
    if pattern.endswith("/"):
        pattern += "**"
    return _glob_regex(pattern).fullmatch(relative) is not None


def _glob_regex(pattern: str) -> re.Pattern[str]:
    out = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out))


# ---------------------------------------------------------------------------------------------
# Loading


def find_config_file(start: Path) -> Path | None:
    """The nearest config file at or above ``start`` (a directory)."""
    directory = start.resolve()
    while True:
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file():
                if name == "pyproject.toml" and not _has_tool_writer(candidate):
                    continue
                return candidate
        if directory.parent == directory:
            return None
        directory = directory.parent


def _has_tool_writer(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[tool\.writer(?:\.|\])", text, re.MULTILINE) is not None


def load_config(path: Path) -> Config:
    """Load and validate one config file. Raises :class:`ConfigError`."""
    display = str(path)
    if path.suffix == ".ini" or path.name in (".vale", "_vale"):
        return Config(path=path, root=path.parent, vale_ini=path)
    try:
        raw_bytes = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(display, "config file not found") from None
    except IsADirectoryError:
        raise ConfigError(display, "is a directory, not a config file") from None
    except PermissionError:
        raise ConfigError(display, "permission denied: make the config readable") from None
    except OSError as exc:
        raise ConfigError(display, f"cannot read config: {exc.strerror or exc}") from None
    try:
        text = raw_bytes.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(display, "config is not UTF-8 text") from None
    from writer.infra._compat import tomllib  # only when a config file is read

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line = int(found.group(1)) if found else None
        detail = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        raise ConfigError(display, f"invalid TOML: {detail}", line) from None
    prefix = ""
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("writer", {})
        prefix = "tool.writer."
    return config_from_mapping(data, path=path, text=text, prefix=prefix)


def config_from_mapping(
    data: Mapping[str, Any],
    *,
    path: Path | None = None,
    text: str = "",
    prefix: str = "",
) -> Config:
    """Validate a mapping against :data:`SCHEMA` and build a :class:`Config`."""
    display = str(path) if path else "<config>"
    _validate(data, SCHEMA, prefix, display, text)
    root = path.parent if path else Path.cwd()

    def strings(key: str) -> tuple[str, ...]:
        return tuple(data.get(key, ()))

    def level(key: str, default: Severity) -> Severity:
        if key not in data:
            return default
        try:
            return Severity.parse(data[key])
        except ValueError as exc:
            raise ConfigError(display, str(exc), _key_line(text, key)) from None

    rules = tuple((str(k), str(v)) for k, v in data.get("rules", {}).items())
    for rule, value in rules:
        if value.lower() not in ("off", "error", "warning", "suggestion", "info"):
            raise ConfigError(
                display,
                f"rules.{rule} = {value!r}: use error, warning, suggestion or off",
                _key_line(text, rule),
            )
    vocabulary = data.get("vocabulary", {})
    readability = data.get("readability", {})
    grammar_data = dict(data.get("grammar", {}))
    grammar_values: dict[str, Any] = {
        key: tuple(value) if isinstance(value, list) else value
        for key, value in grammar_data.items()
    }
    grammar = GrammarSettings(**grammar_values)
    if grammar.backend not in ("off", "auto", "languagetool", "harper"):
        raise ConfigError(
            display,
            f"grammar.backend = {grammar.backend!r}: use off, auto, languagetool or harper",
            _key_line(text, "backend"),
        )
    for kind in data.get("postmortem", {}).get("action_item_tracking", ()):
        if kind not in ("ticket", "link", "due"):
            raise ConfigError(
                display,
                f"postmortem.action_item_tracking: unknown kind {kind!r}: use ticket, link or due",
                _key_line(text, "action_item_tracking"),
            )
    for key in ("owner_patterns", "ticket_patterns"):
        for pattern in data.get("postmortem", {}).get(key, ()):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ConfigError(
                    display,
                    f"postmortem.{key}: {pattern!r} is not a valid regular expression ({exc})",
                    _key_line(text, key),
                ) from None
    limits = _limits(data.get("limits", {}), display, text)
    styles = data.get("styles")
    return Config(
        path=path,
        root=root,
        template=data.get("template"),
        templates=tuple((str(k), str(v)) for k, v in data.get("templates", {}).items()),
        template_paths=tuple(str(root / p) for p in data.get("template_paths", ())),
        styles=tuple(styles) if styles is not None else None,
        style_paths=tuple(str(root / p) for p in data.get("style_paths", ())),
        select=strings("select"),
        ignore=strings("ignore"),
        extend_select=strings("extend_select"),
        extend_ignore=strings("extend_ignore"),
        rules=rules,
        fail_on=level("fail_on", Severity.WARNING),
        min_level=level("min_level", Severity.SUGGESTION),
        exclude=strings("exclude"),
        include=strings("include"),
        jobs=data.get("jobs"),
        strict_since=data.get("strict_since"),
        vocabulary_accept=tuple(vocabulary.get("accept", ())),
        vocabulary_reject=tuple(vocabulary.get("reject", ())),
        vocabulary_terms=tuple((str(k), tuple(v)) for k, v in vocabulary.get("terms", {}).items()),
        max_grade=readability.get("max_grade"),
        section_max_grade=readability.get("section_max_grade"),
        grammar=grammar,
        structure=dict(data.get("structure", {})),
        postmortem=dict(data.get("postmortem", {})),
        design=dict(data.get("design", {})),
        tui=dict(data.get("tui", {})),
        limits=limits,
    )


# Each limit's allowed range (None: no upper bound) and what to write instead.
_LIMIT_RANGES: tuple[tuple[str, float, float | None, str], ...] = (
    ("rule_timeout", 0, 3600, "use seconds between 0 (no limit) and 3600, such as 1.0"),
    (
        "max_file_mb",
        0,
        256,
        "use megabytes from 0 to 256, such as 10 (0: the most writer ever reads, 256)",
    ),
    ("max_findings_per_rule", 0, None, "use 0 (no cap) or a positive number, such as 1000"),
)


def _limits(data: Mapping[str, Any], display: str, text: str) -> Limits:
    limits = Limits(**data)
    for key, low, high, hint in _LIMIT_RANGES:
        value = getattr(limits, key)
        if not (low <= value and (high is None or value <= high)):
            raise ConfigError(display, f"limits.{key} = {value!r}: {hint}", _key_line(text, key))
    return limits


def _validate(data: Any, schema: Any, prefix: str, display: str, text: str) -> None:
    if schema is Any:
        return
    name = prefix.rstrip(".") or "config"
    if isinstance(schema, dict):
        if not isinstance(data, Mapping):
            raise ConfigError(display, f"{name} must be a table", _key_line(text, name))
        for key, value in data.items():
            if key in schema:
                child = schema[key]
            elif "*" in schema:
                child = schema["*"]
            else:
                known = [k for k in schema if k != "*"]
                near = nearest(key, known)
                hint = f"; did you mean '{near}'?" if near else ""
                valid = ", ".join(sorted(known))
                raise ConfigError(
                    display,
                    f"unknown key '{prefix}{key}'{hint} (valid keys: {valid})",
                    _key_line(text, key),
                )
            _validate(value, child, f"{prefix}{key}.", display, text)
        return
    if isinstance(schema, tuple):
        if isinstance(data, str):
            raise ConfigError(
                display, f'{name} must be a list, such as ["{data}"]', _key_line(text, name)
            )
        if not isinstance(data, list):
            raise ConfigError(display, f"{name} must be a list", _key_line(text, name))
        for item in data:
            _validate(item, schema[0], prefix, display, text)
        return
    expected: tuple[type, ...] = (int, float) if schema is float else (schema,)
    ok = False if isinstance(data, bool) and schema is not bool else isinstance(data, expected)
    if not ok:
        kind = {str: "a string", int: "an integer", float: "a number", bool: "true or false"}
        raise ConfigError(
            display,
            f"{name} must be {kind.get(schema, schema.__name__)}, not {data!r}",
            _key_line(text, name.rsplit(".", 1)[-1]),
        )


def nearest(word: str, candidates: Sequence[str]) -> str | None:
    """The candidate closest to ``word`` (for "did you mean"), or None when none is close."""
    import difflib

    found = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    if found:
        return found[0]
    lowered = {c.lower(): c for c in candidates}
    return lowered.get(word.lower())


def _key_line(text: str, key: str) -> int | None:
    """The first line of ``text`` that sets or opens ``key`` (TOML gives no positions)."""
    if not text:
        return None
    leaf = key.rsplit(".", 1)[-1]
    pattern = re.compile(
        r"^[ \t]*(?:\[{1,2}[^\]]*\b"
        + re.escape(leaf)
        + r"\b[^\]]*\]{1,2}|[\"']?"
        + re.escape(leaf)
        + r"[\"']?\s*=)",
        re.MULTILINE,
    )
    found = pattern.search(text)
    if found is None:
        return None
    return text.count("\n", 0, found.start()) + 1


class ConfigResolver:
    """Finds and caches the config for each file's directory."""

    def __init__(self, explicit: Path | None = None, defaults: Config | None = None) -> None:
        self._explicit = load_config(explicit) if explicit else None
        self._defaults = defaults or Config()
        self._by_file: dict[Path, Config] = {}
        self._by_dir: dict[Path, Path | None] = {}

    def for_path(self, path: Path | None) -> Config:
        if self._explicit is not None:
            return self._explicit
        directory = Path.cwd() if path is None else path.parent if not path.is_dir() else path
        try:
            directory = directory.resolve()
        except (OSError, RuntimeError):
            return self._defaults
        if directory not in self._by_dir:
            self._by_dir[directory] = find_config_file(directory)
        found = self._by_dir[directory]
        if found is None:
            return self._defaults
        if found not in self._by_file:
            self._by_file[found] = load_config(found)
        return self._by_file[found]


def environment_jobs() -> int:
    """How many processes ``--jobs`` uses by default: the cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)
