"""Reading a ``.vale.ini``: its styles path, vocabularies and the glob sections that choose the
styles and rule levels for each file."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from writer.errors import ConfigError, InputError, nearest
from writer.infra.files import MAX_CONFIG_BYTES, read_text
from writer.infra.globs import MAX_GLOBS, Glob, GlobError, vale_glob
from writer.model.findings import Severity


@dataclass(frozen=True)
class ValeSection:
    glob: str
    pattern: Glob
    negated: bool
    based_on: tuple[str, ...] | None
    rules: tuple[tuple[str, str], ...]  # (Style or Style.Rule, YES | NO | level)
    block_ignores: tuple[str, ...]
    token_ignores: tuple[str, ...]

    def matches(self, candidates: Iterable[str]) -> bool:
        hit = any(self.pattern.fullmatch(c) for c in candidates)
        return hit != self.negated


@dataclass(frozen=True)
class ValeIni:
    """A parsed ``.vale.ini``."""

    path: Path
    styles_path: tuple[Path, ...]
    min_level: Severity
    vocab: tuple[str, ...]
    sections: tuple[ValeSection, ...]
    notices: tuple[str, ...] = ()
    skipped_scopes: tuple[str, ...] = ()
    ignored_classes: tuple[str, ...] = ()
    ignored_scopes: tuple[str, ...] = ("code", "tt")  # inline markup whose text is not linted

    def for_file(self, path: str) -> FileSettings:
        """Settings for one file: matching sections in file order, later ones winning."""
        resolved = Path(path)
        candidates = {path, resolved.name}
        try:
            absolute = resolved.resolve()
            candidates.add(absolute.as_posix())
            candidates.add(absolute.relative_to(self.path.parent.resolve()).as_posix())
        except (OSError, ValueError):
            pass
        styles: tuple[str, ...] = ()
        rules: dict[str, str] = {}
        blocks: list[str] = []
        tokens: list[str] = []
        for section in self.sections:
            if not section.matches(candidates):
                continue
            if section.based_on is not None:
                styles = section.based_on
            rules.update(section.rules)
            blocks.extend(section.block_ignores)
            tokens.extend(section.token_ignores)
        return FileSettings(styles, tuple(rules.items()), tuple(blocks), tuple(tokens))


@dataclass(frozen=True)
class FileSettings:
    styles: tuple[str, ...]
    rules: tuple[tuple[str, str], ...]
    block_ignores: tuple[str, ...]
    token_ignores: tuple[str, ...]

    def level(self, style: str, rule: str, default: Severity) -> Severity | None:
        """The rule's level for this file, or None when it is turned off."""
        chosen: str | None = None
        for key, value in self.rules:
            if key in (style, f"{style}.{rule}") and (chosen is None or key == f"{style}.{rule}"):
                chosen = value
        if chosen is None:
            return default
        upper = chosen.strip().upper()
        if upper == "NO":
            return None
        if upper == "YES":
            return default
        try:
            return Severity.parse(chosen)
        except ValueError:
            return default

    def enabled_extra(self) -> list[tuple[str, str]]:
        """``Style.Rule = YES|level`` entries for styles not in BasedOnStyles."""
        out = []
        for key, value in self.rules:
            if "." in key and value.strip().upper() != "NO":
                style, rule = key.split(".", 1)
                if style not in self.styles:
                    out.append((style, rule))
        return out


_GLOBAL_IGNORED = frozenset(
    {
        "IgnoredScopes",
        "SkippedScopes",
        "IgnoredClasses",
        "WordTemplate",
        "Packages",
        "NLPEndpoint",
        "LTPath",
        "SphinxBuildPath",
        "SphinxAutoBuild",
        "Transform",
    }
)
_GLOBAL_KEYS = frozenset({"StylesPath", "MinAlertLevel", "Vocab"}) | _GLOBAL_IGNORED
_SECTION_KEYS = frozenset(
    {
        "BasedOnStyles",
        "BlockIgnores",
        "TokenIgnores",
        "Transform",
        "Lang",
        "CommentDelimiters",
        "IgnorePatterns",
        "IgnoredScopes",
        "SkippedScopes",
        "IgnoredClasses",
    }
)


def read_vale_ini(path: Path) -> ValeIni:
    """Parse a ``.vale.ini``. Raises :class:`ConfigError` naming the file and line."""
    display = str(path)
    try:
        text = read_text(path, MAX_CONFIG_BYTES, kind="config file").removeprefix("\ufeff")
    except InputError as exc:
        raise ConfigError(display, f"cannot read the Vale config: {exc}") from None
    import configparser  # only for .vale.ini files

    parser = configparser.ConfigParser(
        interpolation=None, strict=False, delimiters=("=",), comment_prefixes=("#", ";")
    )
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read_string("[__global__]\n" + text, source=display)
    except configparser.Error as exc:
        line = getattr(exc, "lineno", None)
        raise ConfigError(
            display,
            f"not a valid .vale.ini: {str(exc).splitlines()[0]}",
            line - 1 if isinstance(line, int) else None,
        ) from None
    lines = text.splitlines()

    def line_of(key: str) -> int | None:
        for number, row in enumerate(lines, start=1):
            if row.strip().startswith(key) and "=" in row:
                return number
        return None

    def section_line(name: str) -> int | None:
        for number, row in enumerate(lines, start=1):
            if row.strip() == f"[{name}]":
                return number
        return None

    root = path.parent
    glob = dict(parser["__global__"])
    notices: list[str] = []
    for key in glob:
        if key not in _GLOBAL_KEYS and not key[:1].isupper():
            near = nearest(key, sorted(_GLOBAL_KEYS))
            hint = f"; did you mean '{near}'?" if near else ""
            raise ConfigError(display, f"unknown key '{key}'{hint}", line_of(key))
    styles_path = tuple(
        _styles_folder(root, entry.strip(), display, line_of("StylesPath"))
        for entry in glob.get("StylesPath", "").split(",")
        if entry.strip()
    )
    try:
        min_level = Severity.parse(glob.get("MinAlertLevel", "suggestion"))
    except ValueError as exc:
        raise ConfigError(display, f"MinAlertLevel: {exc}", line_of("MinAlertLevel")) from None
    vocab = tuple(v.strip() for v in glob.get("Vocab", "").split(",") if v.strip())
    sections: list[ValeSection] = []
    for name in parser.sections():
        if name in ("__global__", "formats", "*.formats"):
            continue
        values = dict(parser[name])
        rules = []
        for key, value in values.items():
            if key in _SECTION_KEYS:
                continue
            if not key[:1].isalpha():
                raise ConfigError(display, f"[{name}] unknown key '{key}'", line_of(key))
            if "." not in key and value.strip().upper() not in ("YES", "NO"):
                near = nearest(key, sorted(_SECTION_KEYS))
                hint = f"; did you mean '{near}'?" if near else ""
                raise ConfigError(display, f"[{name}] unknown key '{key}'{hint}", line_of(key))
            rules.append((key, value.strip()))
        based = values.get("BasedOnStyles")
        negated = name.startswith("!")
        if len(sections) >= MAX_GLOBS:
            raise ConfigError(
                display,
                f"more than {MAX_GLOBS:,} sections: merge their globs with {{a,b}}",
                section_line(name),
            )
        try:
            pattern = vale_glob(name.lstrip("!"))
        except GlobError as exc:
            raise ConfigError(display, f"[{name}]: {exc}", section_line(name)) from None
        sections.append(
            ValeSection(
                glob=name,
                pattern=pattern,
                negated=negated,
                based_on=tuple(s.strip() for s in based.split(",") if s.strip())
                if based is not None
                else None,
                rules=tuple(rules),
                # IgnorePatterns is the older name of BlockIgnores.
                block_ignores=_patterns(values.get("BlockIgnores", ""))
                + _patterns(values.get("IgnorePatterns", "")),
                token_ignores=_patterns(values.get("TokenIgnores", "")),
            )
        )

    def listed(key: str) -> tuple[str, ...]:
        return tuple(v.strip() for v in glob.get(key, "").split(",") if v.strip())

    return ValeIni(
        path,
        styles_path,
        min_level,
        vocab,
        tuple(sections),
        tuple(notices),
        skipped_scopes=listed("SkippedScopes"),
        ignored_classes=listed("IgnoredClasses"),
        ignored_scopes=listed("IgnoredScopes") if "IgnoredScopes" in glob else ("code", "tt"),
    )


def _styles_folder(root: Path, entry: str, display: str, line: int | None) -> Path:
    try:
        return (root / entry).resolve()
    except (OSError, RuntimeError) as exc:  # a symbolic link loop
        reason = "a symbolic link loop" if isinstance(exc, RuntimeError) else str(exc)
        raise ConfigError(
            display, f"StylesPath = {entry}: cannot follow it ({reason}); fix the link", line
        ) from None


def _patterns(value: str) -> tuple[str, ...]:
    value = value.strip()
    if not value:
        return ()
    parts = [p.strip() for p in value.split("\n") if p.strip()]
    out = []
    for part in parts:
        for item in re.split(r",\s*(?=\()", part):
            item = item.strip().strip("'\"").strip()
            if item:
                out.append(item)
    return tuple(out)
