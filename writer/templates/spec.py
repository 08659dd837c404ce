"""Template specs: what a document of a kind must contain, loaded from YAML data files.

A spec names its sections in order (title, aliases, required or optional, level, guidance for the
author, a short skeleton body, a minimum length), the metadata fields it requires and the style
guides that apply. Specs are parsed lazily and cached by path and modification time.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from writer.errors import ConfigError, nearest
from writer.infra.data import data_dir
from writer.infra.yaml_errors import yaml_problem

SPEC_SUFFIXES = (".yaml", ".yml")
STRUCTURE_RULE_LEVELS = ("off", "error", "warning", "suggestion", "info")


class TemplateError(ConfigError):
    """A template spec a user must fix, or a template that cannot be found."""


@dataclass(frozen=True)
class SectionSpec:
    """One section a template expects, in the template's order."""

    id: str  # a stable slug: "timeline", "action-items", ...
    title: str
    aliases: tuple[str, ...] = ()
    required: bool = True
    level: int = 2
    guidance: str = ""
    skeleton: str = ""
    min_words: int = 0
    parent: str | None = None  # id of the enclosing section (from levels), if any
    # The date the template added the section: a document written before it is not asked for it.
    since: dt.date | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)


@dataclass(frozen=True)
class MetadataField:
    """A metadata field: a front matter key or a bold label such as ``**Owner:**``."""

    key: str
    label: str
    required: bool = True
    aliases: tuple[str, ...] = ()
    example: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.key, self.label, *self.aliases)


@dataclass(frozen=True)
class Markers:
    """What proves a document follows a template, beyond its headings: a file beside it
    (a KEP's ``kep.yaml``), front matter keys, a title pattern, header lines, or headings only
    this template has. With ``detect: markers`` the template is detected only on such proof."""

    files: tuple[str, ...] = ()
    front_matter: tuple[str, ...] = ()
    title: str = ""  # a regular expression the title matches
    lines: tuple[str, ...] = ()  # regular expressions a line near the top matches
    headings: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.files or self.front_matter or self.title or self.lines or self.headings)


@dataclass(frozen=True)
class MetadataFile:
    """A file beside the document that holds its metadata (a KEP's ``kep.yaml``), and the keys
    that file must fill in."""

    name: str
    required: tuple[str, ...] = ()


@dataclass(frozen=True)
class TemplateSpec:
    """A template: its sections in order, its metadata, its style guides and rule levels."""

    id: str
    title: str
    description: str = ""
    version: str = "1"
    sections: tuple[SectionSpec, ...] = ()
    metadata: tuple[MetadataField, ...] = ()
    styles: tuple[str, ...] = ()
    levels: tuple[tuple[str, str], ...] = ()  # (structure rule id, level or "off")
    detect: bool = True  # may ``--template auto`` choose this template?
    title_pattern: str = ""  # what the document's first heading looks like, for the skeleton
    path: str = ""
    kind: str = ""  # postmortem | design | adr: the kind of document it is for
    markers: Markers = Markers()
    needs_markers: bool = False  # detected only when a marker proves it (``detect: markers``)
    # The markdown files authors copy the template from: relative to the spec's folder, or to
    # the document's folder or any folder above it (``keps/NNNN-kep-template/README.md``).
    sources: tuple[str, ...] = ()
    metadata_file: MetadataFile | None = None

    @property
    def required_sections(self) -> tuple[SectionSpec, ...]:
        return tuple(section for section in self.sections if section.required)

    def section(self, section_id: str) -> SectionSpec | None:
        for section in self.sections:
            if section.id == section_id:
                return section
        return None

    @functools.cached_property
    def _index(self) -> dict[str, int]:
        return {section.id: number for number, section in enumerate(self.sections)}

    def position(self, section_id: str) -> int:
        return self._index[section_id]

    def level_for(self, rule_id: str) -> str | None:
        for rule, level in self.levels:
            if rule == rule_id:
                return level
        return None


# -- locating bundled data ---------------------------------------------------------------------


def bundled_paths() -> dict[str, Path]:
    """Bundled template names and their spec files."""
    folder = data_dir("templates")
    if not folder.is_dir():
        return {}
    return {
        path.stem: path
        for path in sorted(folder.iterdir())
        if path.suffix in SPEC_SUFFIXES and path.is_file()
    }


def bundled_names() -> list[str]:
    return list(bundled_paths())


def bundled_templates() -> list[TemplateSpec]:
    return [load_spec_file(path) for path in bundled_paths().values()]


def load_template(name_or_path: str | Path, search: Sequence[str | Path] = ()) -> TemplateSpec:
    """A bundled template by name, a template in one of ``search`` folders, or a spec file."""
    text = str(name_or_path)
    candidate = Path(text).expanduser()
    looks_like_path = (
        isinstance(name_or_path, Path) or "/" in text or "\\" in text or candidate.suffix != ""
    )
    if looks_like_path:
        if not candidate.is_file():
            raise TemplateError(text, "template spec not found: give a bundled name or a file")
        return load_spec_file(candidate)
    for folder in search:
        for suffix in SPEC_SUFFIXES:
            path = Path(folder) / f"{text}{suffix}"
            if path.is_file():
                return load_spec_file(path)
    bundled = bundled_paths()
    if text in bundled:
        return load_spec_file(bundled[text])
    names = sorted({*bundled, *_names_in(search)})
    near = nearest(text, names)
    hint = f"; did you mean '{near}'?" if near else ""
    raise TemplateError(
        text, f"no template named '{text}'{hint} (known: {', '.join(names) or 'none'})"
    )


def _names_in(folders: Sequence[str | Path]) -> list[str]:
    names = []
    for folder in folders:
        path = Path(folder)
        if path.is_dir():
            names += [p.stem for p in path.iterdir() if p.suffix in SPEC_SUFFIXES]
    return names


def available_templates(search: Sequence[str | Path] = ()) -> list[TemplateSpec]:
    """Every template a run may use: the config's folders first, then the bundled ones."""
    seen: dict[str, TemplateSpec] = {}
    for folder in search:
        path = Path(folder)
        if not path.is_dir():
            continue
        for spec_path in sorted(path.iterdir()):
            if spec_path.suffix in SPEC_SUFFIXES:
                spec = load_spec_file(spec_path)
                seen.setdefault(spec.id, spec)
    for spec in bundled_templates():
        seen.setdefault(spec.id, spec)
    return list(seen.values())


def load_spec_file(path: Path) -> TemplateSpec:
    """Load one spec file (cached while the file is unchanged)."""
    resolved = Path(path).resolve()
    try:
        stamp = resolved.stat().st_mtime_ns
    except OSError as exc:
        raise TemplateError(str(path), f"cannot read template spec: {exc.strerror}") from None
    return _load_cached(str(resolved), stamp, str(path))


@functools.lru_cache(maxsize=64)
def _load_cached(resolved: str, stamp: int, display: str) -> TemplateSpec:
    try:
        text = Path(resolved).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TemplateError(display, "template spec is not UTF-8 text") from None
    except OSError as exc:
        raise TemplateError(display, f"cannot read template spec: {exc.strerror}") from None
    return parse_spec(text, display)


# -- parsing -----------------------------------------------------------------------------------


class _Mapping(dict[str, Any]):
    """A YAML mapping that remembers the line it starts on and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]


def _loader() -> type[Any]:
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[valid-type,misc]
        pass

    def construct_mapping(loader: Any, node: Any) -> _Mapping:
        loader.flatten_mapping(node)
        result = _Mapping()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            result[str(key)] = loader.construct_object(value_node, deep=True)
            result.key_lines[str(key)] = key_node.start_mark.line + 1
        return result

    Loader.add_constructor("tag:yaml.org,2002:map", construct_mapping)
    return Loader


_SPEC_KEYS = (
    "id",
    "title",
    "description",
    "version",
    "sections",
    "metadata",
    "styles",
    "levels",
    "detect",
    "title_pattern",
    "kind",
    "markers",
    "sources",
    "metadata_file",
)
_MARKER_KEYS = ("files", "front_matter", "title", "lines", "headings")
KINDS = ("postmortem", "design", "adr")
_SECTION_KEYS = (
    "id",
    "title",
    "aliases",
    "required",
    "optional",
    "level",
    "guidance",
    "skeleton",
    "min_words",
    "since",
)
_METADATA_KEYS = ("key", "label", "required", "aliases", "example")
_METADATA_FILE_KEYS = ("name", "required")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(title: str) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower())
    return "-".join(words) or "section"


def parse_spec(text: str, display: str = "<template>") -> TemplateSpec:
    """Parse and validate a spec's YAML text. Errors name the file and the line."""
    import yaml

    from writer.infra.safe_yaml import load_yaml

    try:
        data, _ = load_yaml(text, _loader())
    except yaml.YAMLError as exc:
        problem, line = yaml_problem(exc)
        raise TemplateError(display, f"not valid YAML: {problem}", line) from None
    if not isinstance(data, _Mapping):
        raise TemplateError(display, "a template spec must be a mapping with id and sections", 1)
    return _build_spec(data, display)


def _fail(display: str, data: Mapping[str, Any], key: str | None, message: str) -> TemplateError:
    line = getattr(data, "line", None)
    if key is not None:
        line = getattr(data, "key_lines", {}).get(key, line)
    return TemplateError(display, message, line)


def _check_keys(display: str, data: _Mapping, allowed: Sequence[str], where: str) -> None:
    for key in data:
        if key not in allowed:
            near = nearest(key, list(allowed))
            hint = f"; did you mean '{near}'?" if near else ""
            raise _fail(display, data, key, f"unknown key '{key}' in {where}{hint}")


def _string(display: str, data: _Mapping, key: str, default: str = "") -> str:
    value = data.get(key, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _fail(display, data, key, f"'{key}' must be text")
    return str(value).strip()


def _strings(display: str, data: _Mapping, key: str) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise _fail(display, data, key, f"'{key}' must be a list of text")
    return tuple(str(v) for v in value)


def _bool(display: str, data: _Mapping, key: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise _fail(display, data, key, f"'{key}' must be true or false")
    return value


def _int(display: str, data: _Mapping, key: str, default: int, low: int, high: int) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _fail(display, data, key, f"'{key}' must be a whole number from {low} to {high}")
    return value


def _build_spec(data: _Mapping, display: str) -> TemplateSpec:
    _check_keys(display, data, _SPEC_KEYS, "the template")
    template_id = _string(display, data, "id")
    if not template_id:
        raise _fail(display, data, None, "the template has no 'id': add one such as 'id: my-doc'")
    if not _SLUG.match(template_id):
        raise _fail(display, data, "id", f"id '{template_id}' must be lowercase words and dashes")
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise _fail(display, data, "sections", "'sections' must be a non-empty list of sections")
    sections: list[SectionSpec] = []
    seen: dict[str, int] = {}
    stack: list[tuple[int, str]] = []
    for item in raw_sections:
        if not isinstance(item, _Mapping):
            raise _fail(display, data, "sections", "each section must be a mapping with a title")
        section = _build_section(item, display)
        if section.id in seen:
            raise _fail(
                display,
                item,
                "id",
                f"section id '{section.id}' is used twice (first on line {seen[section.id]}): "
                "give each section its own id",
            )
        seen[section.id] = item.line
        while stack and stack[-1][0] >= section.level:
            stack.pop()
        parent = stack[-1][1] if stack else None
        stack.append((section.level, section.id))
        sections.append(_replace_parent(section, parent))
    metadata: list[MetadataField] = []
    raw_metadata = data.get("metadata", []) or []
    if not isinstance(raw_metadata, list):
        raise _fail(display, data, "metadata", "'metadata' must be a list of fields")
    for item in raw_metadata:
        if isinstance(item, str):
            metadata.append(MetadataField(item, item.replace("_", " ").capitalize()))
            continue
        if not isinstance(item, _Mapping):
            raise _fail(display, data, "metadata", "each metadata field must be a mapping")
        _check_keys(display, item, _METADATA_KEYS, "a metadata field")
        key = _string(display, item, "key")
        if not key:
            raise _fail(display, item, None, "a metadata field has no 'key'")
        metadata.append(
            MetadataField(
                key=key,
                label=_string(display, item, "label", key.replace("_", " ").capitalize()),
                required=_bool(display, item, "required", True),
                aliases=_strings(display, item, "aliases"),
                example=_string(display, item, "example"),
            )
        )
    levels_data = data.get("levels", {}) or {}
    if not isinstance(levels_data, Mapping):
        raise _fail(display, data, "levels", "'levels' must map rule ids to levels")
    levels: list[tuple[str, str]] = []
    for rule, level in levels_data.items():
        if not str(rule).startswith("structure.") or str(level).lower() not in (
            STRUCTURE_RULE_LEVELS
        ):
            raise _fail(
                display,
                levels_data,
                rule,
                f"levels: '{rule}: {level}' must map a structure.* rule to error, warning, "
                "suggestion or off",
            )
        levels.append((str(rule), str(level).lower()))
    return TemplateSpec(
        id=template_id,
        title=_string(display, data, "title", template_id),
        description=_string(display, data, "description"),
        version=_string(display, data, "version", "1"),
        sections=tuple(sections),
        metadata=tuple(metadata),
        styles=_strings(display, data, "styles"),
        levels=tuple(levels),
        detect=data.get("detect", True) is not False,  # true, or "markers"
        title_pattern=_string(display, data, "title_pattern"),
        path=display,
        kind=_kind(display, data),
        markers=_markers(display, data),
        needs_markers=_detect_mode(display, data),
        sources=_strings(display, data, "sources"),
        metadata_file=_metadata_file(display, data),
    )


def _metadata_file(display: str, data: _Mapping) -> MetadataFile | None:
    raw = data.get("metadata_file")
    if raw is None:
        return None
    if isinstance(raw, str):
        raw = _Mapping(name=raw)
    if not isinstance(raw, _Mapping):
        raise _fail(
            display,
            data,
            "metadata_file",
            "'metadata_file' must name a file, or map name and required keys",
        )
    _check_keys(display, raw, _METADATA_FILE_KEYS, "metadata_file")
    name = _string(display, raw, "name")
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise _fail(
            display, raw, "name", "metadata_file: 'name' must be a file name beside the document"
        )
    return MetadataFile(name, _strings(display, raw, "required"))


def _kind(display: str, data: _Mapping) -> str:
    kind = _string(display, data, "kind")
    if kind and kind not in KINDS:
        near = nearest(kind, list(KINDS))
        hint = f"; did you mean '{near}'?" if near else ""
        raise _fail(display, data, "kind", f"kind '{kind}' is not one of {', '.join(KINDS)}{hint}")
    return kind


def _detect_mode(display: str, data: _Mapping) -> bool:
    value = data.get("detect", True)
    if value == "markers":
        return True
    if not isinstance(value, bool):
        raise _fail(display, data, "detect", "'detect' must be true, false or markers")
    return False


def _markers(display: str, data: _Mapping) -> Markers:
    raw = data.get("markers")
    if raw is None:
        return Markers()
    if not isinstance(raw, _Mapping):
        raise _fail(
            display,
            data,
            "markers",
            "'markers' must map files, front_matter, title, "
            "lines or headings to what proves the template",
        )
    _check_keys(display, raw, _MARKER_KEYS, "markers")
    markers = Markers(
        files=_strings(display, raw, "files"),
        front_matter=_strings(display, raw, "front_matter"),
        title=_string(display, raw, "title"),
        lines=_strings(display, raw, "lines"),
        headings=_strings(display, raw, "headings"),
    )
    for pattern in (markers.title, *markers.lines):
        if not pattern:
            continue
        try:
            re.compile(pattern)
        except re.error as exc:
            raise _fail(
                display, raw, None, f"markers: {pattern!r} is not a regular expression ({exc})"
            ) from None
    return markers


def _build_section(item: _Mapping, display: str) -> SectionSpec:
    _check_keys(display, item, _SECTION_KEYS, "a section")
    title = _string(display, item, "title")
    if not title:
        raise _fail(display, item, None, "a section has no 'title'")
    section_id = _string(display, item, "id") or slugify(title)
    if not _SLUG.match(section_id):
        raise _fail(display, item, "id", f"section id '{section_id}' must be lowercase and dashes")
    required = _bool(display, item, "required", True)
    if "optional" in item:
        required = not _bool(display, item, "optional", False)
    guidance = " ".join(_string(display, item, "guidance").split())
    skeleton = _string(display, item, "skeleton")
    return SectionSpec(
        id=section_id,
        title=title,
        aliases=_strings(display, item, "aliases"),
        required=required,
        level=_int(display, item, "level", 2, 1, 6),
        guidance=guidance,
        skeleton=skeleton,
        min_words=_int(display, item, "min_words", 0, 0, 100000),
        since=_since(display, item),
    )


def _since(display: str, item: _Mapping) -> dt.date | None:
    """A section's ``since:`` date (YAML reads an unquoted one as a date already)."""
    raw = item.get("since")
    if raw is None:
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise _fail(
            display, item, "since", f"since: {raw!r} is not a date: write it as YYYY-MM-DD"
        ) from None


def _replace_parent(section: SectionSpec, parent: str | None) -> SectionSpec:
    from dataclasses import replace

    return replace(section, parent=parent)


__all__ = [
    "Markers",
    "MetadataField",
    "MetadataFile",
    "SectionSpec",
    "TemplateError",
    "TemplateSpec",
    "available_templates",
    "bundled_names",
    "bundled_templates",
    "data_dir",
    "load_spec_file",
    "load_template",
    "parse_spec",
    "slugify",
]
