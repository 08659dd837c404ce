"""No section is called missing that is there under any accepted name or in any place: over every
shared corpus, each structure.missing-section finding is held against the document's headings and
bold labels with a looser test of its own (the section's names or aliases, any case, numbering
and qualifiers ignored, anywhere in the document). None may match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import CORPORA, need_shared
from writer.api import Linter, LintOptions
from writer.infra.files import Target
from writer.model.findings import FileResult
from writer.templates.spec import load_template

_NAME = re.compile(r"required sections? ((?:'[^']+'(?:, | and )?)+)")
_SUBSECTIONS = re.compile(r"subsections? ((?:'[^']+'(?:, | and )?)+)")
_WORDS = re.compile(r"[^\W_]+")
_LABEL = re.compile(r"(?m)^\s*(?:[-*+]\s+)?(?:\*\*|__)([^*_\n]{2,240}?)(?:\*\*|__)")


def _words(text: str) -> str:
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)
    words = [w.lower() for w in _WORDS.findall(text) if not w.isdigit()]
    return " ".join(words)


def _corpus_documents() -> list[Path]:
    keps = sorted((CORPORA / "kubernetes-enhancements" / "keps").rglob("README.md"))
    rfcs = sorted((CORPORA / "rust-rfcs" / "text").rglob("*.md"))
    postmortems = [
        path
        for folder in ("postmortems-wild", "dfds-postmortems", "cncf-postmortems")
        for path in sorted((CORPORA / folder).rglob("*"))
        if path.is_file() and path.suffix in (".md", "") and "TEMPLATE" not in path.name
    ]
    return [p for p in (*keps, *rfcs, *postmortems) if "template" not in str(p).lower()]


@pytest.mark.corpus
def test_no_section_present_in_any_form_is_called_missing() -> None:
    need_shared(CORPORA)
    linter = Linter(LintOptions(jobs=1, select=("structure.missing-section",)))
    names_of: dict[str, dict[str, list[str]]] = {}
    wrong = []
    checked = 0
    for path in _corpus_documents():
        outcome = linter.lint_target(Target(path, str(path)))
        if not isinstance(outcome, FileResult) or outcome.template is None:
            continue
        missing = [f for f in outcome.findings if f.rule == "structure.missing-section"]
        if not missing:
            continue
        checked += 1
        if outcome.template not in names_of:
            spec = load_template(outcome.template)
            names_of[outcome.template] = {
                section.title: [_words(name) for name in section.names] for section in spec.sections
            }
        names = names_of[outcome.template]
        # What a reader sees: HTML comments and fenced code are not sections.
        text = re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r"(?ms)^\s*(```|~~~).*?^\s*\1", "", text)
        written = {
            _words(line.lstrip("#")) for line in text.splitlines() if line.lstrip().startswith("#")
        }
        written |= {_words(label) for label in _LABEL.findall(text)}
        for finding in missing:
            titles = []
            for listed in (_NAME.search(finding.message), _SUBSECTIONS.search(finding.message)):
                if listed:
                    titles += re.findall(r"'([^']+)'", listed.group(1))
            for title in titles:
                if set(names.get(title, [_words(title)])) & written:
                    wrong.append(f"{path}:{finding.line}: '{title}' is there")
    assert checked > 50, "the corpora give missing-section findings to check"
    assert not wrong, "\n".join(wrong[:20])
