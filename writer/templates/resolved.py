"""The template a document is checked against, its kind, and how both were decided."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from writer.model.findings import Certainty

if TYPE_CHECKING:
    from writer.templates.detect import KindDecision
    from writer.templates.spec import TemplateSpec


# The name that stands for every template at once, when the rules of all of them are listed.
EVERY_TEMPLATE = "*"


@dataclass(frozen=True)
class ResolvedTemplate:
    """The template a document is checked against (or none), and the kind of document."""

    name: str | None
    spec: TemplateSpec | None = None  # None: checked without a template
    reason: str = ""
    notice: str = ""  # shown with the file's findings (a template that could not be used)
    kind: str | None = None  # postmortem | design | adr | None (only general checks)
    confidence: float = 0.0  # how sure the kind and template are (0-1)
    evidence: tuple[str, ...] = ()  # why, one line each
    certainty: Certainty = "none"
    decision: KindDecision | None = None  # the kind decision, with the sections it found
