"""Loading configuration: ``.writer.toml`` or ``[tool.writer]`` in ``pyproject.toml``, found by
walking up from each file.

Every key is validated against :data:`writer.settings.config.SCHEMA`; an unknown key is an error
that names the file, the line, the key and the nearest valid key.
"""

from __future__ import annotations

import math
import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from writer.errors import ConfigError, InputError, nearest
from writer.infra.files import MAX_CONFIG_BYTES, read_text
from writer.infra.globs import MAX_GLOBS, check_glob
from writer.model.findings import Severity
from writer.settings.config import SCHEMA, Config, GrammarSettings, Limits

CONFIG_NAMES = (".writer.toml", "writer.toml", "pyproject.toml")

# A schema node is a Python type, a tuple (list of that type), a dict of keys (``"*"`` means any
# key), or ``Any``. Extend it when a feature gains settings.


def find_config_file(start: Path) -> Path | None:
    """The nearest config file at or above ``start`` (a directory). A ``.writer.toml`` or
    ``writer.toml`` that is not a regular file (a folder, a FIFO) is an error, not skipped."""
    directory = start.resolve()
    while True:
        for name in CONFIG_NAMES:
            candidate = directory / name
            try:
                info = candidate.stat()
            except OSError:
                continue
            if not stat.S_ISREG(info.st_mode):
                if name == "pyproject.toml":
                    continue
                raise ConfigError(
                    str(candidate),
                    "not a regular file (a folder, FIFO, socket or device): not read; "
                    "remove it or make it a file",
                )
            if name == "pyproject.toml" and not _has_tool_writer(candidate):
                continue
            return candidate
        if directory.parent == directory:
            return None
        directory = directory.parent


def _has_tool_writer(path: Path) -> bool:
    try:
        text = read_text(path, MAX_CONFIG_BYTES, kind="config file")
    except InputError:
        return False
    return re.search(r"^\s*\[tool\.writer(?:\.|\])", text, re.MULTILINE) is not None


def load_config(path: Path) -> Config:
    """Load and validate one config file. Raises :class:`ConfigError`."""
    display = str(path)
    if path.suffix == ".ini" or path.name in (".vale", "_vale"):
        return Config(path=path, root=path.parent, vale_ini=path)
    text = read_config_text(path)
    from writer.infra._compat import tomllib  # only when a config file is read

    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise ConfigError(
            display, "invalid TOML: arrays or tables nested too deeply to read"
        ) from None
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


def read_config_text(path: Path) -> str:
    """A config file's text: a regular file of at most 1 MB of UTF-8. Raises
    :class:`ConfigError` naming it (never blocks on a FIFO, never reads a device whole)."""
    display = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ConfigError(display, "config file not found") from None
    except OSError as exc:
        raise ConfigError(display, f"cannot read config: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ConfigError(display, "is a directory, not a config file") from None
    if not stat.S_ISREG(info.st_mode):
        raise ConfigError(
            display, "not a regular file (a FIFO, socket or device): not read; use a file"
        )
    try:
        return read_text(path, MAX_CONFIG_BYTES, kind="config file")
    except InputError as exc:
        if "permission denied" in str(exc):
            raise ConfigError(display, "permission denied: make the config readable") from None
        raise ConfigError(display, str(exc).replace("the file", "the config")) from None


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
            raise ConfigError(display, f"{prefix}{key}: {exc}", _key_line(text, key)) from None

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
    for key in ("accept", "reject"):
        for word in data.get("vocabulary", {}).get(key, ()):
            problem = _pattern_problem(word)
            if problem:
                raise ConfigError(
                    display,
                    f"vocabulary.{key}: {word!r} is not a valid regular expression ({problem}); "
                    "escape special characters such as ( [ + with a backslash",
                    _key_line(text, key),
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
    _check_globs(data, display, text)
    _check_ranges(data, display, text, prefix)
    limits = _limits(data.get("limits", {}), display, text)
    if "jobs" in data and data["jobs"] < 1:
        raise ConfigError(
            display, f"jobs = {data['jobs']}: use 1 or more, such as 2", _key_line(text, "jobs")
        )
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
        baseline=str(root / data["baseline"]) if data.get("baseline") else None,
        kind=_kind(data.get("kind"), display, text),
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


KINDS = ("postmortem", "design", "adr", "none", "auto")


def _kind(value: str | None, display: str, text: str) -> str | None:
    if value is None or value == "auto":
        return None
    if value not in KINDS:
        near = nearest(value, list(KINDS))
        hint = f"; did you mean '{near}'?" if near else ""
        raise ConfigError(
            display,
            f"kind = {value!r}: use postmortem, design, adr, none or auto{hint}",
            _key_line(text, "kind"),
        )
    return value


def _pattern_problem(pattern: str) -> str | None:
    """Why a vocabulary entry (a regular expression, as in Vale) does not compile, if it does
    not; checked here so the error names this config, not the rule the entry is added to."""
    import regex

    try:
        regex.compile(pattern)
    except (regex.error, ValueError, OverflowError, RecursionError) as exc:
        return str(exc)
    return None


def _check_globs(data: Mapping[str, Any], display: str, text: str) -> None:
    """Globs are few and short in any real config; a bound keeps matching every file cheap."""
    lists = {
        "exclude": list(data.get("exclude", ())),
        "include": list(data.get("include", ())),
        "templates": list(data.get("templates", {})),
    }
    for key, globs in lists.items():
        if len(globs) > MAX_GLOBS:
            raise ConfigError(
                display,
                f"{key}: {len(globs):,} globs, more than {MAX_GLOBS:,}: use ** to cover folders",
                _key_line(text, key),
            )
        for pattern in globs:
            problem = check_glob(str(pattern))
            if problem:
                raise ConfigError(display, f"{key}: {problem}: shorten it", _key_line(text, key))


# Every other number a config can set: (table, key, lowest, highest, what to write instead).
# Not-a-number, infinities and values out of range are errors naming the key.
_RANGES: tuple[tuple[str, str, float, float, str], ...] = (
    ("", "jobs", 1, 1024, "use a number of processes from 1 to 1024"),
    ("readability", "max_grade", 0, 100, "use a reading grade from 0 to 100, such as 12"),
    ("readability", "section_max_grade", 0, 100, "use a reading grade from 0 to 100, such as 14"),
    ("grammar", "timeout", 0.1, 3600, "use seconds from 0.1 to 3600, such as 10"),
    ("grammar", "cache_size_mb", 1, 100_000, "use megabytes from 1 to 100000, such as 64"),
    ("structure", "detect_threshold", 0, 1, "use a fraction from 0 to 1, such as 0.5"),
    ("structure", "min_words", 0, 100_000, "use a number of words from 0 to 100000"),
    ("postmortem", "coverage_threshold", 0, 100, "use a similarity score from 0 to 100"),
    ("postmortem", "duration_tolerance", 0, 10, "use a fraction from 0 to 10, such as 0.25"),
    ("design", "estimate_tolerance", 0, 10, "use a fraction from 0 to 10, such as 0.1"),
    ("design", "min_alternatives", 0, 100, "use a number from 0 to 100, such as 2"),
    ("tui", "autosave_seconds", 0.2, 5, "use seconds from 0.2 to 5, such as 2"),
)


def _check_ranges(data: Mapping[str, Any], display: str, text: str, prefix: str) -> None:
    for table, key, low, high, hint in _RANGES:
        values = data.get(table, {}) if table else data
        if not isinstance(values, Mapping) or key not in values:
            continue
        value = values[key]
        if not (math.isfinite(value) and low <= value <= high):
            name = f"{prefix}{table}.{key}" if table else f"{prefix}{key}"
            raise ConfigError(display, f"{name} = {value!r}: {hint}", _key_line(text, key))


# Each limit's allowed range (None: no upper bound) and what to write instead.
_LIMIT_RANGES: tuple[tuple[str, float, float | None, str], ...] = (
    ("rule_timeout", 0, 3600, "use seconds between 0 (no limit) and 3600, such as 1.0"),
    ("check_timeout", 0, 3600, "use seconds between 0 (no limit) and 3600, such as 20"),
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
        if not (math.isfinite(value) and low <= value and (high is None or value <= high)):
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
