"""Style guides: folders of Vale-format YAML rules, found by name or path, and ``.vale.ini``.

A style guide is a folder (``styleguides/house/``, a Vale style under a ``StylesPath``) of
``*.yml`` rule files in Vale's format, plus an optional ``writer.yaml`` manifest for what Vale
has no key for (a description, which substitutions are safe to apply, canonical terms). Rule
``Style/Rule.yml`` becomes ``style.Style.Rule``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from writer.checks.style.kinds import COMMON_KEYS, KIND_KEYS, KINDS, build
from writer.checks.style.kinds.base import RuleEnv, RuleError, RuleSpec, ValeRule
from writer.checks.style.kinds.keytypes import MAX_ENTRIES, check_types
from writer.infra.data import data_dir
from writer.infra.safe_yaml import AliasBomb, load_yaml
from writer.infra.yaml_errors import yaml_problem
from writer.model.findings import Severity
from writer.settings.config import nearest

BUILTIN_STYLE = "Vale"
# About fifty times the largest Vale rule file we know of; parsing it takes well under a second.
MAX_RULE_BYTES = 1024 * 1024
MANIFEST = "writer.yaml"


def bundled_styles_dir() -> Path:
    """Where the bundled guides are: inside the wheel, else the source checkout."""
    return data_dir("styleguides")


class ScriptRule(RuleError):
    """A ``script`` rule: refused, and skipped with a notice."""


# -- reading one rule file ------------------------------------------------------------------


def _yaml_load(text: str) -> tuple[Any, dict[str, int]]:
    data, node = load_yaml(text)
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                lines[str(key_node.value)] = key_node.start_mark.line + 1
    return data, lines


def read_rule(path: Path, style: str) -> RuleSpec:
    """Read and validate one rule file. Raises :class:`RuleError` naming file and line."""
    display = str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_RULE_BYTES + 1)
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(display, f"cannot read rule: {exc}") from None
    if len(raw) > MAX_RULE_BYTES:
        raise RuleError(
            display,
            f"rule file is larger than {MAX_RULE_BYTES // 1024:,} KB, the limit for one rule: "
            "split it into several rules",
        )
    try:
        data, lines = _yaml_load(text)
    except AliasBomb as exc:
        problem, line = yaml_problem(exc)
        raise RuleError(display, f"invalid YAML: {problem}", line) from None
    except yaml.YAMLError:
        # Go's YAML reads \' inside double quotes as a quote; PyYAML does not.
        fixed = re.sub(r"(?<!\\)\\'", "'", text)
        try:
            data, lines = _yaml_load(fixed)
        except yaml.YAMLError as exc:
            problem, line = yaml_problem(exc)
            raise RuleError(display, f"invalid YAML: {problem}", line) from None
    if not isinstance(data, dict):
        raise RuleError(display, "a rule file must be a mapping of keys ('extends', 'message')")
    data = {str(key): value for key, value in data.items()}
    spec = RuleSpec(style, path.stem, display, data, lines)
    validate(spec)
    return spec


def validate(spec: RuleSpec) -> None:
    extends = spec.data.get("extends")
    if extends is None:
        raise spec.error("missing the required 'extends' key (existence, substitution, ...)")
    if extends == "script":
        line = spec.key_lines.get("extends")
        raise ScriptRule(
            spec.path,
            f"{spec.vale_name} is a 'script' rule, which writer never runs (style guides are "
            "data, not code); it is skipped: rewrite it as existence, substitution or "
            "occurrence to keep it",
            line,
        )
    if not isinstance(extends, str) or extends not in KINDS:
        near = nearest(str(extends), list(KINDS))
        hint = f"; did you mean '{near}'?" if near else ""
        raise spec.error(
            f"'extends: {extends}' is not a rule kind{hint} (one of {', '.join(KINDS)})",
            "extends",
        )
    if "message" not in spec.data:
        raise spec.error("missing the required 'message' key")
    check_types(spec)
    allowed = COMMON_KEYS | KIND_KEYS[str(extends)]
    for key in spec.data:
        if key in allowed:
            continue
        near = nearest(key, sorted(allowed))
        hint = f"; did you mean '{near}'?" if near else ""
        raise spec.error(f"unknown key '{key}' for a {extends} rule{hint}", key)
    if "level" in spec.data:
        spec.level  # noqa: B018 - raises on a bad level


# -- style guides ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Manifest:
    """Our extensions to a Vale style folder, from its ``writer.yaml`` (Vale reads only
    ``*.yml``, so the manifest never looks like a rule to it)."""

    description: str = ""
    safe_fixes: frozenset[str] = frozenset()
    terms: tuple[tuple[str, tuple[str, ...]], ...] = ()  # canonical form -> variants
    accept: tuple[str, ...] = ()
    examples: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    terminology: bool = False
    once_per_document: frozenset[str] = frozenset()
    proper_nouns_from_text: bool = False
    # Rules that skip the text of links to a heading of the same document (a table of
    # contents): the heading is checked where it stands.
    skip_in_page_links: frozenset[str] = frozenset()
    # Without a template, headings any available template prescribes ("Graduation Criteria")
    # are the template's wording, not the author's: capitalization rules accept them.
    headings_of_any_template: bool = False


_MANIFEST_KEYS = frozenset(
    {
        "description",
        "safe_fixes",
        "terms",
        "accept",
        "examples",
        "terminology",
        "once_per_document",
        "proper_nouns_from_text",
        "skip_in_page_links",
        "headings_of_any_template",
    }
)


def read_manifest(folder: Path) -> Manifest:
    path = folder / MANIFEST
    if not path.is_file():
        return Manifest()
    try:
        data, _ = _yaml_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RuleError(str(path), f"cannot read the manifest: {exc}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise RuleError(str(path), "the manifest must be a mapping of keys")
    for key in data:
        if key not in _MANIFEST_KEYS:
            near = nearest(key, sorted(_MANIFEST_KEYS))
            hint = f"; did you mean '{near}'?" if near else ""
            raise RuleError(str(path), f"unknown key '{key}'{hint}")
    terms = data.get("terms", {})
    return Manifest(
        description=str(data.get("description", "")),
        safe_fixes=frozenset(data.get("safe_fixes", ())),
        terms=tuple((str(k), tuple(v)) for k, v in terms.items()),
        accept=tuple(data.get("accept", ())),
        examples={str(k): dict(v) for k, v in data.get("examples", {}).items()},
        terminology=bool(data.get("terminology", False)),
        once_per_document=frozenset(data.get("once_per_document", ())),
        proper_nouns_from_text=bool(data.get("proper_nouns_from_text", False)),
        skip_in_page_links=frozenset(data.get("skip_in_page_links", ())),
        headings_of_any_template=bool(data.get("headings_of_any_template", False)),
    )


@dataclass(frozen=True)
class StyleGuide:
    """A loaded style: its compiled rules, and what loading had to say."""

    name: str
    folder: Path | None
    rules: tuple[ValeRule, ...]
    manifest: Manifest = field(default_factory=Manifest)
    notices: tuple[str, ...] = ()

    @property
    def description(self) -> str:
        return self.manifest.description


def rule_files(folder: Path) -> list[Path]:
    """Rule files of a style folder (subfolders too, as Vale reads them)."""
    return sorted(p for p in folder.rglob("*.yml") if p.is_file())


def load_style(folder: Path, env: RuleEnv, name: str | None = None) -> StyleGuide:
    """Load and compile every rule in a style folder. Raises :class:`RuleError`."""
    style = name or folder.name
    manifest = read_manifest(folder)
    notices: list[str] = []
    local_env = RuleEnv(
        accepted=(*env.accepted, *manifest.accept),
        rejected=env.rejected,
        styles_path=env.styles_path,
        safe_fixes=manifest.safe_fixes,
        notices=notices,
        dictionaries=env.dictionaries,
    )
    rules = []
    for path in rule_files(folder):
        try:
            spec = read_rule(path, style)
        except ScriptRule as exc:
            notices.append(str(exc))
            continue
        example = manifest.examples.get(spec.name)
        if example:
            spec = RuleSpec(
                spec.style,
                spec.name,
                spec.path,
                {**spec.data, "_good": example.get("good", ""), "_bad": example.get("bad", "")},
                spec.key_lines,
            )
        rule = build(spec, local_env)
        if getattr(rule, "skipped", False):
            continue
        if manifest.proper_nouns_from_text and hasattr(rule, "proper_nouns_from_text"):
            rule.proper_nouns_from_text = True
        if manifest.headings_of_any_template and hasattr(rule, "headings_of_any_template"):
            rule.headings_of_any_template = True
        rules.append(rule)
    return StyleGuide(style, folder, tuple(rules), manifest, tuple(notices))


def builtin_vale_style(env: RuleEnv) -> StyleGuide:
    """Vale's own ``Vale`` style: Spelling, Repetition, and Terms/Avoid from the vocabulary."""
    notices: list[str] = []
    local = RuleEnv(
        env.accepted, env.rejected, env.styles_path, env.safe_fixes, notices, env.dictionaries
    )
    specs = [
        RuleSpec(
            BUILTIN_STYLE,
            "Spelling",
            "built-in",
            {
                "extends": "spelling",
                "message": "Did you really mean '%s'?",
                "level": "error",
                "_all_dictionaries": True,
            },
        ),
        RuleSpec(
            BUILTIN_STYLE,
            "Repetition",
            "built-in",
            {
                "extends": "repetition",
                "message": "'%s' is repeated!",
                "level": "error",
                "ignorecase": True,
                "alpha": True,
                "tokens": [r"[^\s.,;:!?]+"],
            },
        ),
    ]
    by_lower = {term.lower(): term for term in env.accepted if not term.startswith("(?i)")}
    ordered = sorted(by_lower.values(), key=len, reverse=True)  # longest alternative first
    terms = {term: term for term in ordered}
    rules: list[ValeRule] = []
    for spec in specs:
        rule = build(spec, local)
        rules.append(rule)
    if terms:
        from writer.checks.style.kinds.substitution import Substitution

        spec = RuleSpec(
            BUILTIN_STYLE,
            "Terms",
            "built-in",
            {
                "extends": "substitution",
                "message": "Use '%s' instead of '%s'.",
                "level": "error",
                "ignorecase": True,
                "vocab": False,
            },
        )
        rules.append(Substitution(spec, local, swap=terms, exact_case=True))
    if env.rejected:
        spec = RuleSpec(
            BUILTIN_STYLE,
            "Avoid",
            "built-in",
            {
                "extends": "existence",
                "message": "Avoid using '%s'.",
                "level": "error",
                "vocab": False,
                "tokens": list(env.rejected),
            },
        )
        rules.append(build(spec, local))
    return StyleGuide(BUILTIN_STYLE, None, tuple(rules), Manifest(), tuple(notices))


def find_style(name: str, search: Sequence[Path]) -> Path | None:
    """A style folder by name in the search path, or a path to a folder."""
    candidate = Path(name).expanduser()
    if ("/" in name or name.startswith(".")) and candidate.is_dir():
        return candidate
    for folder in search:
        found = folder / name
        if found.is_dir():
            return found
    lowered = name.lower()
    for folder in search:
        if folder.is_dir():
            for child in folder.iterdir():
                if child.is_dir() and child.name.lower() == lowered:
                    return child
    if candidate.is_dir():
        return candidate
    return None


def available_styles(search: Sequence[Path]) -> list[Path]:
    seen: dict[str, Path] = {}
    for folder in search:
        if not folder.is_dir():
            continue
        for child in sorted(folder.iterdir()):
            if child.is_dir() and child.name not in seen and rule_files(child):
                if child.name in ("config", "Vocab"):
                    continue
                seen[child.name] = child
    return list(seen.values())


# -- .vale.ini ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValeSection:
    glob: str
    pattern: re.Pattern[str]
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


def vale_glob(pattern: str) -> re.Pattern[str]:
    """Vale's section globs: ``*`` crosses folders, ``{a,b}`` alternatives."""
    out = []
    i = 0
    depth = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "*":
            out.append(".*")
            while i + 1 < len(pattern) and pattern[i + 1] == "*":
                i += 1
        elif char == "?":
            out.append(".")
        elif char == "{":
            out.append("(?:")
            depth += 1
        elif char == "}" and depth:
            out.append(")")
            depth -= 1
        elif char == "," and depth:
            out.append("|")
        elif char == "[":
            end = pattern.find("]", i)
            if end == -1:
                out.append(re.escape(char))
            else:
                body = (
                    pattern[i + 1 : end].replace("!", "^", 1)
                    if pattern[i + 1 : i + 2] == "!"
                    else pattern[i + 1 : end]
                )
                out.append(f"[{body}]")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out) + ")" * depth)


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
    """Parse a ``.vale.ini``. Raises :class:`RuleError` naming the file and line."""
    display = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(display, f"cannot read the Vale config: {exc}") from None
    import configparser  # only for .vale.ini files

    parser = configparser.ConfigParser(
        interpolation=None, strict=False, delimiters=("=",), comment_prefixes=("#", ";")
    )
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read_string("[__global__]\n" + text, source=display)
    except configparser.Error as exc:
        line = getattr(exc, "lineno", None)
        raise RuleError(
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

    root = path.parent
    glob = dict(parser["__global__"])
    notices: list[str] = []
    for key in glob:
        if key not in _GLOBAL_KEYS and not key[:1].isupper():
            near = nearest(key, sorted(_GLOBAL_KEYS))
            hint = f"; did you mean '{near}'?" if near else ""
            raise RuleError(display, f"unknown key '{key}'{hint}", line_of(key))
    styles_path = tuple(
        (root / entry.strip()).resolve()
        for entry in glob.get("StylesPath", "").split(",")
        if entry.strip()
    )
    try:
        min_level = Severity.parse(glob.get("MinAlertLevel", "suggestion"))
    except ValueError as exc:
        raise RuleError(display, f"MinAlertLevel: {exc}", line_of("MinAlertLevel")) from None
    vocab = tuple(v.strip() for v in glob.get("Vocab", "").split(",") if v.strip())
    sections = []
    for name in parser.sections():
        if name in ("__global__", "formats", "*.formats"):
            continue
        values = dict(parser[name])
        rules = []
        for key, value in values.items():
            if key in _SECTION_KEYS:
                continue
            if not key[:1].isalpha():
                raise RuleError(display, f"[{name}] unknown key '{key}'", line_of(key))
            if "." not in key and value.strip().upper() not in ("YES", "NO"):
                near = nearest(key, sorted(_SECTION_KEYS))
                hint = f"; did you mean '{near}'?" if near else ""
                raise RuleError(display, f"[{name}] unknown key '{key}'{hint}", line_of(key))
            rules.append((key, value.strip()))
        based = values.get("BasedOnStyles")
        negated = name.startswith("!")
        sections.append(
            ValeSection(
                glob=name,
                pattern=vale_glob(name.lstrip("!")),
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


def read_vocab(styles_path: Sequence[Path], names: Sequence[str]) -> tuple[list[str], list[str]]:
    accepted: list[str] = []
    rejected: list[str] = []
    for name in names:
        for base in styles_path:
            for folder in (base / "config" / "vocabularies" / name, base / "Vocab" / name):
                if folder.is_dir():
                    accepted.extend(_vocab_lines(folder / "accept.txt"))
                    rejected.extend(_vocab_lines(folder / "reject.txt"))
    return accepted, rejected


def _vocab_lines(path: Path) -> list[str]:
    if not path.is_file():
        return []
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_RULE_BYTES + 1)
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(str(path), f"cannot read the vocabulary: {exc}") from None
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    if len(raw) > MAX_RULE_BYTES or len(out) > MAX_ENTRIES:
        raise RuleError(
            str(path),
            f"the vocabulary is above the limit of {MAX_ENTRIES:,} terms or "
            f"{MAX_RULE_BYTES // 1024:,} KB: keep it to the names and terms your docs use "
            "(every rule tests each match against it)",
        )
    return out
