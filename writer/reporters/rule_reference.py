"""The rule reference as one markdown page (``writer rules --format markdown``), written from the
rules' own metadata: id, default level, fix, summary, explanation, and a flagged and an accepted
example for each rule, grouped by family (and style rules by guide)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from writer.model.rules import RuleMeta

# Families in the order the page lists them, with a title and a sentence about each. A family
# not named here (a team's own) follows, under its own name.
FAMILIES: tuple[tuple[str, str, str], ...] = (
    (
        "structure",
        "Structure",
        "The document's shape: headings, sections, leftover placeholders, and how well the "
        "document follows its template.",
    ),
    ("prose", "Prose", "Slips any document can have, whatever its style guides."),
    (
        "style",
        "Style guide:",
        "Rules from a style guide in Vale's format; a rule `Guide/Rule.yml` is `style.Guide.Rule`.",
    ),
    (
        "postmortem",
        "Postmortems",
        "Reviewer checks for documents checked against the postmortem template.",
    ),
    (
        "design",
        "Design docs",
        "Reviewer checks for documents checked against a design-doc template (`rfc` and `kep` "
        "too, less failure modes and rollback).",
    ),
    (
        "grammar",
        "Grammar and spelling",
        "Each backend's own rules report under its family, such as "
        "`grammar.harper.SpellCheck`; grammar is off unless you turn it on.",
    ),
)

HEADER = """\
# Rule reference

<!-- Written by `writer rules --format markdown` from the rules' own metadata: change the rules,
     then run that command again, rather than editing this page. -->
<!-- A rule's section quotes what the rule flags, so each section turns its own rule off. -->

Every rule writer can report: the built-in checks, the bundled style guides and the guides the
configuration names. For each rule: its default level, whether its findings carry a fix, what
it flags and why, and an example of text it flags and of text it accepts.
`writer rules RULE` prints the same in a terminal.

Change a level or turn a rule off with `[rules]` in the configuration; `writer fix` applies
only the fixes a rule marks as safe.
"""


def render(rules: Iterable[RuleMeta]) -> str:
    """The whole page, ending with one newline."""
    groups = _groups(rules)
    parts = [HEADER]
    parts.append(_overview(groups))
    for title, about, members in groups:
        parts.append(f"## {title}\n\n{about}\n")
        parts.extend(_rule(rule) for rule in members)
    return "\n".join(parts).rstrip("\n") + "\n"


def _groups(rules: Iterable[RuleMeta]) -> list[tuple[str, str, list[RuleMeta]]]:
    """(title, sentence, rules) per family, and per guide for style rules, in page order."""
    buckets: dict[tuple[int, str, int, str], list[RuleMeta]] = {}
    for rule in rules:
        buckets.setdefault(_group_key(rule), []).append(rule)
    groups = []
    for key in sorted(buckets):
        _rank, family, _guide_rank, guide = key
        members = sorted(buckets[key], key=lambda rule: rule.id)
        if family not in _ABOUT:
            title, about = f"Family {family}", f"Rules whose ids start `{family}.`."
        else:
            title, about = _ABOUT[family]
            title = f"{title} {guide}" if guide else title
        groups.append((title, about, members))
    return groups


_ABOUT = {family: (title, about) for family, title, about in FAMILIES}
_RANK = {family: rank for rank, (family, _, _) in enumerate(FAMILIES)}
# The bundled guides come first, in the order writer applies them; other guides follow by name.
BUNDLED_GUIDES = ("house", "blameless", "inclusive")


def _group_key(rule: RuleMeta) -> tuple[int, str, int, str]:
    """Where a rule's group goes: by family, then (for style rules) by guide."""
    family = rule.family
    guide = rule.id.split(".")[1] if family == "style" and rule.id.count(".") >= 2 else ""
    guide_rank = BUNDLED_GUIDES.index(guide) if guide in BUNDLED_GUIDES else len(BUNDLED_GUIDES)
    return (_RANK.get(family, len(FAMILIES)), family, guide_rank, guide)


def _overview(groups: Sequence[tuple[str, str, list[RuleMeta]]]) -> str:
    rows = ["| rule | default level | fix |", "| --- | --- | --- |"]
    for _title, _about, members in groups:
        for rule in members:
            level = rule.severity.label + ("" if rule.default_enabled else " (off by default)")
            fix = "yes" if rule.fixable else "no"
            rows.append(f"| [`{rule.id}`](#{_anchor(rule.id)}) | {level} | {fix} |")
    return "\n".join(rows) + "\n"


def _anchor(rule_id: str) -> str:
    return rule_id


def _rule(rule: RuleMeta) -> str:
    lines = [
        f'<a id="{_anchor(rule.id)}"></a>',
        "",
        f"### `{rule.id}`",
        "",
        f"<!-- writer-disable {rule.id} -->",
        "",
        _paragraph(rule.summary),
        "",
        f"- Default level: {rule.severity.label}",
        f"- Fix: {'yes' if rule.fixable else 'no'}",
    ]
    if not rule.default_enabled:
        lines.append(f"- Off by default: `--select {rule.id}` turns it on")
    lines.append("")
    if rule.explanation:
        lines += [_paragraphs(rule.explanation), ""]
    if rule.bad:
        lines += ["Flagged:", "", _fenced(rule.bad), ""]
    if rule.good:
        lines += ["Accepted:", "", _fenced(rule.good), ""]
    lines += [f"<!-- writer-enable {rule.id} -->", ""]
    return "\n".join(lines)


def _paragraph(text: str) -> str:
    """One line of markdown: ``<`` outside code spans is escaped, so ``<owner>`` shows."""
    parts = " ".join(text.split()).split("`")
    for index in range(0, len(parts), 2):  # the even parts are outside code spans
        parts[index] = parts[index].replace("<", "&lt;")
    return "`".join(parts)


def _paragraphs(text: str) -> str:
    """Blank-line separated paragraphs, each joined onto one line."""
    blocks = [block for block in text.strip().split("\n\n") if block.strip()]
    return "\n\n".join(_paragraph(block) for block in blocks)


def _fenced(example: str) -> str:
    fence = "```"
    while fence in example:
        fence += "`"
    return f"{fence}markdown\n{example.rstrip()}\n{fence}"
