"""Fuzzing from a markdown grammar: nothing writer runs on a document may raise.

Documents are built from a grammar of markdown blocks (nested lists and quotes, tables of any
shape, fences left open, HTML, front matter good and broken, timelines, action items) and from
text full of the characters that break tools: control characters, right-to-left marks,
combining accents, emoji, CJK, lone surrogates (as a decoder with ``surrogateescape`` leaves
them), mixed line endings. Every document goes through the parser, the engine with every
bundled rule (all style guides and every template), the timeline and action-item parsers, the
fixer and every reporter. Positions must stay inside the document and fixing must settle.

The suite runs a bounded number of examples. For a long session set ``WRITER_FUZZ_EXAMPLES``
(for instance ``WRITER_FUZZ_EXAMPLES=20000 python -m pytest tests/test_fuzz.py``).
"""

from __future__ import annotations

import io
import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from writer.api import Linter, LintOptions
from writer.checks.postmortem.action_items import parse_action_items
from writer.checks.postmortem.timeline import parse_timeline, place_rows
from writer.engine.fix import fix_text
from writer.model.document import Document, parse
from writer.model.findings import FileResult, LintRun
from writer.reporters import FORMATS, ReportContext, get_reporter

EXAMPLES = int(os.environ.get("WRITER_FUZZ_EXAMPLES", "0")) or None
FUZZ = settings(
    max_examples=EXAMPLES or 60,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=EXAMPLES is None,  # the suite is repeatable; a long session explores
)

TEMPLATES = ("postmortem", "design-doc", "kep", "rfc", "adr", "auto")
STYLES = ("house", "blameless", "inclusive")

# -- the grammar --------------------------------------------------------------------------------

_AWKWARD = st.sampled_from(
    [
        "\x00", "\x07", "\x1b[31m", "\x7f", "\u0085", "\u2028", "\u2029", "\ufeff", "\u200b",
        "\u200f", "\u202e", "\u0301", "e\u0301\u0301", "😀", "👩‍💻", "数据库", "مرحبا", "שלום",
        "\ud800", "\udcff", "\U0010ffff", "\t", "\\", "&amp;", "&#0;", "&#xD800;",
    ]
)  # fmt: skip
_WORDS = st.sampled_from(
    [
        "the", "the the", "utilize", "in order to", "human error", "should have", "obviously",
        "whitelist", "master", "a lot", "03/04/2025", "yesterday", "click here", "API", "XYZZY",
        "Postgres", "PostgreSQL", "k8s", "Kubernetes", "e-mail", "email", "TODO", "TBD",
        "was deployed", "root cause", "10:32", "2024-05-01 10:32 UTC", "@alice", "JIRA-123",
        "by 2025-01-01", "very", "really", ".", ",", ";", "!", "?", "(", ")", '"', "'",
    ]
)  # fmt: skip
_INLINE_MARKUP = st.sampled_from(
    ["`", "``", "*", "**", "_", "~~", "[", "](", ")", "![", "<", ">", "<span>", "</span>",
     "<!--", "-->", "http://x.test/a_b", "<https://x.test>", "$", "$$", "{{", "}}", "|"]
)  # fmt: skip
_TOKEN = st.one_of(_WORDS, _WORDS, _WORDS, _INLINE_MARKUP, _AWKWARD, st.text(max_size=6))
TEXT = st.lists(_TOKEN, max_size=14).map(" ".join)


def _indent(block: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in block.split("\n"))


def _extend(blocks: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(st.sampled_from(["- ", "* ", "1. ", "10) ", "- [ ] "]), blocks).map(
            lambda p: p[0] + _indent(p[1], " " * len(p[0]))[len(p[0]) :]
        ),
        blocks.map(lambda b: _indent(b, "> ")),
        blocks.map(lambda b: _indent(b, ">")),
        st.lists(blocks, min_size=1, max_size=3).map("\n\n".join),
    )


@st.composite
def tables(draw: st.DrawFn) -> str:
    columns = draw(st.integers(1, 6))
    rows = draw(st.integers(0, 8))
    cell = st.one_of(TEXT, st.just(""), st.just("10:32"), st.just("@bob"))
    header = "| " + " | ".join(draw(cell) for _ in range(columns)) + " |"
    align = st.sampled_from(["---", ":--", "--:", ":-:", "-"])
    rule = "|" + "|".join(draw(align) for _ in range(columns)) + "|"
    body = []
    for _ in range(rows):  # rows may have fewer or more cells than the header
        cells = [draw(cell) for _ in range(draw(st.integers(0, columns + 2)))]
        body.append("| " + " | ".join(cells))
    return "\n".join([header, rule, *body])


LEAVES = st.one_of(
    TEXT,
    TEXT.map(lambda t: "#" * 1 + " " + t),
    st.tuples(st.integers(1, 7), TEXT).map(lambda p: "#" * p[0] + " " + p[1]),
    TEXT.map(lambda t: t + "\n===" if t else "==="),
    TEXT.map(lambda t: t + "\n---"),
    TEXT.map(lambda t: f"```\n{t}\n```"),
    TEXT.map(lambda t: f"~~~python\n{t}"),  # a fence never closed
    TEXT.map(lambda t: f"    {t}"),
    TEXT.map(lambda t: f"<div>\n{t}\n</div>"),
    TEXT.map(lambda t: f"<!-- {t} -->"),
    TEXT.map(lambda t: f"<!-- vale off -->\n{t}\n<!-- vale on -->"),
    TEXT.map(lambda t: f"<!-- writer-disable-next-line -->\n{t}"),
    TEXT.map(lambda t: f"$$\n{t}\n$$"),
    TEXT.map(lambda t: f"- 10:32 UTC {t}"),
    TEXT.map(lambda t: f"| 2024-05-01 09:{len(t) % 60:02d} | {t} |"),
    TEXT.map(lambda t: f"- [ ] {t} (owner: @sam, JIRA-{len(t)})"),
    st.just("***"),
    tables(),
)
BLOCKS = st.recursive(LEAVES, _extend, max_leaves=12)


@st.composite
def markdown_documents(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(BLOCKS, min_size=0, max_size=10))
    text = draw(st.sampled_from(["\n\n", "\n"])).join(blocks)
    front = draw(
        st.sampled_from(
            ["", "---\ntitle: Outage\nstatus: draft\n---\n", "---\ntitle: [unclosed\n---\n",
             "---\n- a list\n---\n", "---\n", "---\n&a [*a, *a]\n---\n", "+++\ntitle = 1\n+++\n"]
        )
    )  # fmt: skip
    text = front + text
    newline = draw(st.sampled_from(["\n", "\r\n", "\r", "mixed"]))
    if newline == "mixed":
        parts = text.split("\n")
        text = "".join(p + draw(st.sampled_from(["\n", "\r\n", "\r"])) for p in parts)
    elif newline != "\n":
        text = text.replace("\n", newline)
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


# -- the properties -----------------------------------------------------------------------------


def _linter(template: str) -> Linter:
    return Linter(LintOptions(template=template, styles=STYLES, grammar="off"))


LINTERS = {name: _linter(name) for name in TEMPLATES}


def _positions_inside(document: Document, result: FileResult) -> None:
    lines = document.index.line_count
    for finding in result.findings:
        assert 1 <= finding.line <= finding.end_line <= max(lines, 1), finding
        assert finding.column >= 1, finding
        assert 0 <= finding.start <= finding.end <= len(document.text), finding
        if finding.fix is not None:
            for edit in finding.fix.edits:
                assert 0 <= edit.start <= edit.end <= len(document.text), finding
    assert not any("internal error" in notice for notice in result.notices), result.notices


@FUZZ
@given(markdown_documents())
def test_the_parser_maps_every_block_inside_the_document(text: str) -> None:
    document = parse(text)
    length = len(document.text)
    for block in document.blocks:
        for piece in block.pieces:
            assert 0 <= piece.source <= piece.source + piece.length <= length
    for start, end in document.masked_spans:
        assert 0 <= start <= end <= length
    for section in document.sections:
        assert 1 <= section.line <= max(section.end_line, 1)
    for offset in (0, length // 2, length):
        line, column = document.position(offset)
        assert 1 <= line <= max(document.index.line_count, 1) and column >= 1


@FUZZ
@given(markdown_documents(), st.sampled_from(TEMPLATES))
def test_every_bundled_rule_runs_and_fixing_settles(text: str, template: str) -> None:
    linter = LINTERS[template]
    config = linter.config_for(None)

    def lint(source: str) -> tuple[Document, FileResult]:
        document = parse(source, "fuzz.md")
        result = linter.lint_document(document, config)
        _positions_inside(document, result)
        return document, result

    _every_reporter(lint(text)[1], text)
    outcome = fix_text(text, lint)
    assert outcome.stable, outcome.applied
    assert fix_text(outcome.fixed, lint).fixed == outcome.fixed  # fixing twice = fixing once


@FUZZ
@given(TEXT.flatmap(lambda _: markdown_documents()))
def test_timeline_and_action_item_parsers_take_any_section(text: str) -> None:
    timeline = parse_timeline(text, first_line=3, offset=10)
    placed, _problems, _gaps = place_rows(timeline.rows, None)
    assert len(placed) <= len(timeline.rows)
    for entry in timeline.entries:
        assert entry.line >= 3
    items = parse_action_items(text, first_line=3, offset=10)
    for item in items:
        assert item.line >= 3


def _every_reporter(result: FileResult, text: str) -> None:
    run = LintRun.collect([result])
    rules = {rule.id: rule for linter in LINTERS.values() for rule in linter.rules()}
    context = ReportContext(rules=rules, version="0")
    # Files are decoded strictly, so only text handed to the API can hold lone surrogates.
    clean = not any(0xD800 <= ord(c) <= 0xDFFF for c in text)
    for name in FORMATS:
        stream = io.StringIO()
        get_reporter(name)(run, context, stream)
        out = stream.getvalue()
        if name in ("json", "sarif"):
            json.loads(out)
        if clean:
            out.encode("utf-8")  # what reaches a terminal or a file is valid UTF-8
