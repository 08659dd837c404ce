"""Figures every document gets: words, sentences, headings."""

from __future__ import annotations

from collections.abc import Iterable

from writer.checks.base import CheckContext
from writer.model.document import BlockKind
from writer.model.findings import Finding
from writer.model.rules import RuleMeta


class DocumentStats:
    """Figures every document gets: words, sentences, headings."""

    rules: tuple[RuleMeta, ...] = ()

    def check(self, context: CheckContext) -> Iterable[Finding]:
        document = context.document
        context.stats["words"] = document.word_count
        context.stats["sentences"] = sum(
            len(block.sentences) for block in document.blocks if block.kind is BlockKind.PARAGRAPH
        )
        context.stats["headings"] = len(document.sections) - 1
        return ()
