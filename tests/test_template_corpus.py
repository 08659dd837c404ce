"""Templates against real documents: KEPs, Rust RFCs and postmortems in ../shared/corpora."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from tests.conftest import CORPORA, need_shared, run_cli
from writer.model.document import parse
from writer.model.headings import normalise
from writer.templates import bundled_templates, load_template, match_template
from writer.templates.matching import Tier
from writer.templates.resolve import detect_template

pytestmark = pytest.mark.corpus

KEPS = CORPORA / "kubernetes-enhancements" / "keps"
RFCS = CORPORA / "rust-rfcs" / "text"

# Renamed headings seen in real KEPs, and the template section each stands for.
VARIANTS = {
    "Alternatives Considered": "alternatives",
    "Testing Plan": "test-plan",
    "Use Cases": "user-stories",
    "Design": "design-details",
}


def _kep_readmes() -> list[Path]:
    need_shared(KEPS)
    readmes = (p.with_name("README.md") for p in KEPS.rglob("kep.yaml"))
    return sorted(p for p in readmes if p.is_file() and "NNNN-kep-template" not in str(p))


def _year(kep_yaml: Path) -> int | None:
    found = re.search(r"creation-date:\s*\"?(\d{4})", kep_yaml.read_text(errors="replace"))
    return int(found.group(1)) if found else None


def test_no_missing_finding_for_a_section_under_a_known_variant() -> None:
    kep = load_template("kep")
    checked = 0
    for readme in _kep_readmes():
        text = readme.read_text(errors="replace")
        present = {
            heading.strip() for heading in re.findall(r"^#{2,6} +(.+?) *#*$", text, re.MULTILINE)
        }
        variants = {v: s for v, s in VARIANTS.items() if v in present}
        if not variants:
            continue
        document = parse(text)
        titles = {normalise(h.title) for h in document.headings}
        matched = match_template(document, kep)
        missing = {section.id for section in matched.missing}
        for variant, section_id in variants.items():
            section = kep.section(section_id)
            assert section is not None
            if normalise(section.title) in titles:
                continue  # the exact section is there too; the variant is something else
            assert section_id not in missing, f"{readme}: '{variant}' not matched"
            checked += 1
    assert checked >= 10, "expected KEPs with renamed sections in the corpus"


def test_recent_keps_are_mostly_conformant_and_old_ones_are_not() -> None:
    kep = load_template("kep")
    recent: list[int] = []
    old: list[int] = []
    for readme in _kep_readmes()[::4]:
        year = _year(readme.with_name("kep.yaml"))
        if year is None:
            continue
        missing = len(match_template(parse(readme.read_text(errors="replace")), kep).missing)
        (recent if year >= 2023 else old if year < 2021 else []).append(missing)
    assert len(recent) > 20 and len(old) > 20
    assert sum(recent) / len(recent) < 6  # about 3 on average (MANIFEST)
    assert sum(old) / len(old) > 20  # about 32 on average (MANIFEST)


def test_numbered_stories_never_cross_match() -> None:
    kep = load_template("kep")
    for readme in _kep_readmes()[::3]:
        document = parse(readme.read_text(errors="replace"))
        for match in match_template(document, kep).matches:
            if match.spec.id in ("story-1", "story-2"):
                digits = re.findall(r"\d+", match.section.title)
                assert digits == [match.spec.id[-1]], (readme, match.section.title)


def _rfcs() -> list[tuple[Path, int | None, str]]:
    need_shared(RFCS)
    result = []
    for path in sorted(RFCS.glob("*.md")):
        text = path.read_text(errors="replace")
        found = re.search(r"Start Date:\s*\(?(\d{4})", text)
        result.append((path, int(found.group(1)) if found else None, text))
    return result


def test_no_invented_matches_in_pre_2017_rfcs() -> None:
    rfc = load_template("rfc")
    old = [(p, t) for p, year, t in _rfcs() if year is not None and year < 2017]
    assert len(old) > 200
    for path, text in old:
        for match in match_template(parse(text), rfc).matches:
            heading = set(normalise(match.section.title).split())
            names = {w for name in match.spec.names for w in normalise(name).split()}
            # every pairing shares a word with the section's title or an alias, or is one word
            # spelt almost the same ("Motivations")
            similar = max(
                fuzz.ratio(normalise(match.section.title), normalise(name))
                for name in match.spec.names
            )
            assert heading & names or similar >= 90, (path.name, match.section.title)
            assert normalise(match.section.title) != "detailed design", path.name
            if match.tier is Tier.FUZZY:
                assert match.score >= 85


def test_rfcs_are_detected_and_post_2018_ones_mostly_complete() -> None:
    rfc = load_template("rfc")
    specs = bundled_templates()
    recent = [(p, t) for p, year, t in _rfcs() if year is not None and year >= 2018]
    detected = complete = 0
    for _path, text in recent:
        document = parse(text)
        spec, _confidence, _proof = detect_template(document, specs)
        detected += spec is not None and spec.id == "rfc"
        complete += not match_template(document, rfc).missing
    assert detected / len(recent) > 0.9
    assert complete / len(recent) > 0.35


def test_kep_template_itself_is_detected_as_kep() -> None:
    template = need_shared(KEPS / "NNNN-kep-template" / "README.md")
    spec, confidence, proof = detect_template(
        parse(template.read_text()), bundled_templates(), path=template
    )
    assert spec is not None and spec.id == "kep"
    assert confidence > 0.9 and proof


def test_sre_postmortems_are_detected_and_checked() -> None:
    folder = need_shared(CORPORA / "cncf-postmortems")
    paths = sorted(folder.rglob("*.md"))
    assert len(paths) == 3
    result = run_cli(["lint", "--format", "json", "--jobs", "1", *map(str, paths)])
    assert result.code in (0, 1), result.err
    import json

    files = json.loads(result.out)["files"]
    assert [f["template"] for f in files] == ["postmortem"] * 3


def test_dfds_placeholder_row_is_found_with_the_imported_team_template(tmp_path: Path) -> None:
    template = need_shared(CORPORA / "reference-templates" / "dfds-postmortem-template.md")
    spec = tmp_path / "dfds.yaml"
    assert run_cli(["templates", "import", str(template), "-o", str(spec)]).code == 0
    published = (
        CORPORA
        / "dfds-postmortems"
        / ("PM2024-001 - Two Kubernetes nodes went into NotReady state.md")
    )
    result = run_cli(
        [
            "lint",
            "--format",
            "line",
            "--select",
            "structure.placeholder,structure.template-text",
            "--template",
            str(spec),
            str(published),
        ]
    )
    rows = [line[len(str(published)) + 1 :] for line in result.out.splitlines()]
    assert rows[0] == (
        "16:14:structure.placeholder:placeholder 'HH:mm' left in 'Timeline': replace it with "
        "the real value"
    )
    # The team's template text, read from the imported spec's source or the template file
    # beside the postmortems.
    assert rows[1].startswith(
        "16:22:structure.template-text:the template's own text left in 'Timeline' (line 16): "
        "'Short event description' comes from "
    )
    assert len(rows) == 2
