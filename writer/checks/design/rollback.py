"""A way back that a reviewer can follow: how to roll back, and what is left behind.

Two forms are read in every design doc and ADR, whatever its template:

- a rollout or migration section, in a document that nowhere says how to go back (roll back,
  revert, downgrade, disable, turn off, fall back): the rollout is one-way as written;
- a rollback answer that names only the switch ("Disable the feature gate."), in a design that
  writes something that outlives the switch (a new field, stored data, a schema or a migration),
  with no word on what becomes of it once the switch is off.

Templates that ask for a rollout section of their own (``design-doc``) are held to its presence
by :class:`writer.checks.design.checkers.SectionPresenceChecker`; this checker reads what is
written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from writer.checks import sections
from writer.checks.base import CheckContext
from writer.checks.design.analysis import names_switch, says_what_remains
from writer.checks.design.rules import ROLLBACK
from writer.model.document import BlockKind, Document, Section
from writer.model.findings import Finding

# A way back, said as an action: a bare "feature flag" is a way in until it is turned off.
_WAY_BACK = re.compile(
    r"(?i)\b(?:roll(?:ed|ing|s)?[ -]?back|rollbacks?|revert\w*|back[ -]?out|downgrad\w*|undo\w*|"
    r"disabl\w*|turn\w*\s+(?:\w+\s+){0,3}off|switch\w*\s+(?:\w+\s+){0,3}back|kill[ -]?switch|"
    r"fall(?:s|ing)?[ -]?back|fallbacks?|opt(?:s|ing)?[ -]?out|restor\w*|go(?:es|ing)?\s+back|"
    r"back\s+to\s+(?:the\s+)?(?:old|previous|prior|former|original)|unset\w*|set\s+(?:\w+\s+){0,3}"
    r"(?:to\s+)?(?:false|off)|remov\w*\s+(?:the\s+)?(?:flag|gate|setting|option))\b"
)
# A section about going back: its title says so.
_ROLLBACK_TITLE = re.compile(
    r"(?i)\b(?:roll(?:ed|ing)?[ -]?back|rollbacks?|revert\w*|back[ -]?out|disabled\s+once|undo)\b"
)
# What a design writes that outlives a switch.
_WRITES = re.compile(
    r"(?i)\b(?:new\s+(?:api\s+)?(?:fields?|columns?|tables?|resources?|annotations?|labels?)|"
    r"add\w*\s+(?:an?\s+)?(?:new\s+)?(?:optional\s+)?(?:fields?|columns?|tables?)|"
    r"persist\w*|stored\s+in|store[sd]?\s+(?:\w+\s+){0,3}in\s+(?:the\s+)?(?:database|etcd|db)|"
    r"schema\s+(?:change|migration)s?|data\s+migration|migrat\w*\s+(?:the\s+)?(?:data|records|rows)|"
    r"writes?\s+(?:\w+\s+){0,3}to\s+(?:the\s+)?(?:database|etcd|disk|db|storage))\b"
)
# A rollout to running systems, not a migration of users' code or a release of a language
# feature: what a rollback would take back.
_RUNNING = re.compile(
    r"(?i)\b(?:production|canary|canaries|traffic|clusters?|servers?|regions?|fleet|staging|"
    r"data\s*cent(?:er|re)s?|instances|hosts|databases?|nodes|deploy(?:ed|ing|ment)?\s+to|"
    r"cut\s*over|percent\s+of|\d+\s*%)"
)
# A rollout, as a title names it; a "Migration" section is most often about users' code.
_ROLLOUT_TITLE = re.compile(
    r"(?i)\b(?:roll[ -]?outs?|deploy\w*|launch\w*|release\s+plan|cut[ -]?over)\b"
)
MAX_SWITCH_ONLY_WORDS = 40  # an answer longer than this argues more than a switch


class RollbackChecker:
    rules = (ROLLBACK,)

    def __init__(self, *, presence: bool) -> None:
        self.presence = presence

    def check(self, context: CheckContext) -> Iterator[Finding]:
        if not context.wants(ROLLBACK):
            return
        document = context.document
        rollout = sections.find(document, context.template, "rollout", context.matcher)
        if (
            rollout is not None
            and not self.presence
            and _ROLLOUT_TITLE.search(rollout.title)
            and _RUNNING.search(sections.text(document, rollout))
            and _WAY_BACK.search(document.masked_text) is None
        ):
            yield context.finding(
                ROLLBACK,
                *sections.heading_span(document, rollout),
                f"'{rollout.title}' has no way back, and neither has the rest of the "
                "document: say how to roll back (a flag to turn off, a revert, a downgrade) "
                "and what state it leaves",
            )
            return
        if _WRITES.search(document.masked_text) is None:
            return
        answers = [(section, _body(document, section)) for section in _rollback_sections(document)]
        if any(says_what_remains(body) for _, body in answers):
            return  # one of them says what is left; the others may leave it to that one
        for section, body in answers:
            if not body.strip() or len(body.split()) > MAX_SWITCH_ONLY_WORDS:
                continue
            if not names_switch(body):
                continue
            yield context.finding(
                ROLLBACK,
                *sections.heading_span(document, sections.of_section("rollout", section)),
                f"'{_clip(section.title)}' only says to turn the feature off: say what becomes "
                "of what it wrote while it was on (fields, stored data, objects) once it is off",
            )
            return


def _rollback_sections(document: Document) -> Iterator[Section]:
    """Headings about going back, outermost first, each read with what is nested under it."""
    covered = -1
    for section in document.headings:
        if section.line <= covered:
            continue
        if _ROLLBACK_TITLE.search(section.title):
            covered = section.end_line
            yield section


def _body(document: Document, section: Section) -> str:
    return " ".join(
        block.text
        for block in document.blocks_in(section)
        if block.kind is not BlockKind.HEADING and not block.text.strip().startswith("<!--")
    )


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."
