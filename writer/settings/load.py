"""Loading configuration: ``.writer.toml`` or ``[tool.writer]`` in ``pyproject.toml``, found by
walking up from each file.

Every key is validated against :data:`writer.settings.config.SCHEMA`; an unknown key is an error
that names the file, the line, the key and the nearest valid key.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from writer.errors import ConfigError, nearest
from writer.model.findings import Severity
from writer.settings.config import SCHEMA, Config, GrammarSettings, Limits

CONFIG_NAMES = (".writer.toml", "writer.toml", "pyproject.toml")

# A schema node is a Python type, a tuple (list of that type), a dict of keys (``"*"`` means any
# key), or ``Any``. Extend it when a feature gains settings.


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
