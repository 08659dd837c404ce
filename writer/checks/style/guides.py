"""Style guides: folders of Vale-format YAML rules, found by name or path, and ``.vale.ini``.

A style guide is a folder (``styleguides/house/``, a Vale style under a ``StylesPath``) of
``*.yml`` rule files in Vale's format, plus an optional ``writer.yaml`` manifest for what Vale
has no key for (a description, which substitutions are safe to apply, canonical terms). Rule
``Style/Rule.yml`` becomes ``style.Style.Rule``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from writer.checks.style.acronyms import AcronymRule
from writer.checks.style.contexts import ROLES, SKIP_CONTEXTS
from writer.checks.style.kinds import COMMON_KEYS, KIND_KEYS, KINDS, build
from writer.checks.style.kinds.base import RuleEnv, RuleError, RuleSpec, ValeRule
from writer.checks.style.kinds.keytypes import MAX_ENTRIES, check_types
from writer.errors import nearest
from writer.infra.data import data_dir
from writer.infra.safe_yaml import AliasBomb, load_yaml
from writer.infra.yaml_errors import yaml_problem

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
    # Spellings of the terms that Terminology alone accepts (lower-case commands such as
    # docker, phrases such as "Mac OS X"): the guide's other rules never read them.
    terms_accept: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()
    examples: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    terminology: bool = False
    once_per_document: frozenset[str] = frozenset()
    # Conditional rules read as acronym rules, with the whole document in view: a definition
    # anywhere counts, as do a glossary and a link on first use (see ``acronyms.py``).
    acronyms: frozenset[str] = frozenset()
    proper_nouns_from_text: bool = False
    # Rules that skip the text of links to a heading of the same document (a table of
    # contents): the heading is checked where it stands.
    skip_in_page_links: frozenset[str] = frozenset()
    # Without a template, headings any available template prescribes ("Graduation Criteria")
    # are the template's wording, not the author's: capitalization rules accept them.
    headings_of_any_template: bool = False
    # Rules that run only when selected (--select, extend_select, [rules]): their findings were
    # mostly not worth a reader's time on real documents, so they are a choice, not a default.
    off_by_default: frozenset[str] = frozenset()
    # Terminology also flags compounds a document spells two ways (data center / datacenter).
    terminology_compounds: bool = False
    # The guide judges the author's own prose: block quotes, pasted chat logs and log lines,
    # and sentences in quotation marks are left alone.
    skip_quoted: bool = False
    # Rules that leave a line to a built-in rule reporting the same problem better
    # (Blame: [postmortem.blame]): a reader sees each problem once.
    yields_to: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Places where a rule's matches are anchored or beside the point (RelativeTime:
    # [dated-sentence, timeline]): its matches there are left alone.
    skip_contexts: dict[str, frozenset[str]] = field(default_factory=dict)
    # Rules that report only inside the sections of these roles (VagueQuantity: [impact]).
    only_in_sections: dict[str, frozenset[str]] = field(default_factory=dict)
    # Occurrence rules whose finding covers the whole unit past the limit, with ``%s`` in the
    # message the unit's opening words and ``%d`` the count (SentenceLength).
    quote_unit: frozenset[str] = frozenset()
    # The line breaks an author types inside a paragraph read as spaces, so that a phrase a
    # hard wrap splits ("should\nhave known") is matched as written on one line. Vale keeps
    # them (a style written for Vale has `\s+` where it means any space), so this is the
    # guide's choice.
    line_breaks_as_spaces: bool = False


_MANIFEST_KEYS = frozenset(
    {
        "description",
        "safe_fixes",
        "terms",
        "terms_accept",
        "accept",
        "examples",
        "terminology",
        "once_per_document",
        "acronyms",
        "proper_nouns_from_text",
        "skip_in_page_links",
        "headings_of_any_template",
        "off_by_default",
        "terminology_compounds",
        "skip_quoted",
        "yields_to",
        "skip_contexts",
        "only_in_sections",
        "quote_unit",
        "line_breaks_as_spaces",
    }
)


def _rule_lists(
    path: Path, key: str, value: Any, allowed: frozenset[str], what: str
) -> dict[str, frozenset[str]]:
    """A manifest mapping of rule names to lists of names from ``allowed``, checked."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RuleError(str(path), f"'{key}' must map rule names to lists of {what}")
    out: dict[str, frozenset[str]] = {}
    for rule, names in value.items():
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list):
            raise RuleError(str(path), f"'{key}: {rule}' must be a list of {what}")
        for name in names:
            if str(name) not in allowed:
                near = nearest(str(name), sorted(allowed))
                hint = f"; did you mean '{near}'?" if near else ""
                raise RuleError(
                    str(path),
                    f"'{key}: {rule}' names '{name}', which is not one of the {what}{hint} "
                    f"({', '.join(sorted(allowed))})",
                )
        out[str(rule)] = frozenset(str(name) for name in names)
    return out


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
        terms=tuple((str(k), _variants(v)) for k, v in terms.items()),
        terms_accept=tuple(str(entry) for entry in data.get("terms_accept") or ()),
        accept=tuple(data.get("accept", ())),
        examples={str(k): dict(v) for k, v in data.get("examples", {}).items()},
        terminology=bool(data.get("terminology", False)),
        once_per_document=frozenset(data.get("once_per_document", ())),
        acronyms=frozenset(data.get("acronyms", ())),
        proper_nouns_from_text=bool(data.get("proper_nouns_from_text", False)),
        skip_in_page_links=frozenset(data.get("skip_in_page_links", ())),
        headings_of_any_template=bool(data.get("headings_of_any_template", False)),
        off_by_default=frozenset(data.get("off_by_default", ())),
        terminology_compounds=bool(data.get("terminology_compounds", False)),
        skip_quoted=bool(data.get("skip_quoted", False)),
        yields_to={
            str(name): tuple(str(other) for other in others)
            for name, others in dict(data.get("yields_to", {})).items()
        },
        skip_contexts=_rule_lists(
            path, "skip_contexts", data.get("skip_contexts"), SKIP_CONTEXTS, "places to skip"
        ),
        only_in_sections=_rule_lists(
            path, "only_in_sections", data.get("only_in_sections"), ROLES, "section roles"
        ),
        quote_unit=frozenset(data.get("quote_unit", ())),
        line_breaks_as_spaces=bool(data.get("line_breaks_as_spaces", False)),
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


def load_style(
    folder: Path, env: RuleEnv, name: str | None = None, *, defaults: bool = True
) -> StyleGuide:
    """Load and compile every rule in a style folder. Raises :class:`RuleError`.

    With ``defaults``, the manifest's ``off_by_default`` rules run only when selected; without
    (a ``.vale.ini`` chooses the rules itself), every rule is on."""
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
        if spec.name in manifest.acronyms and spec.extends == "conditional":
            rule: ValeRule = AcronymRule(spec, local_env)
        else:
            rule = build(spec, local_env)
        if getattr(rule, "skipped", False):
            continue
        if manifest.proper_nouns_from_text and hasattr(rule, "proper_nouns_from_text"):
            rule.proper_nouns_from_text = True
        if spec.name in manifest.quote_unit and hasattr(rule, "quote_unit"):
            rule.quote_unit = True
        if manifest.headings_of_any_template and hasattr(rule, "headings_of_any_template"):
            rule.headings_of_any_template = True
        if defaults and spec.name in manifest.off_by_default:
            rule.meta = replace(rule.meta, default_enabled=False)
        if spec.name in manifest.yields_to:
            rule.meta = replace(rule.meta, yields_to=manifest.yields_to[spec.name])
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


def _variants(value: Any) -> tuple[str, ...]:
    """A term's variants in the manifest: a list, one string, or nothing (the term alone: its
    other spellings are found by comparing them with it)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(item) for item in value)
