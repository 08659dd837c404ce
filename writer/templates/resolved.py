"""The template a document is checked against, and how it was chosen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from writer.templates.spec import TemplateSpec

# The name that stands for every template at once, when the rules of all of them are listed.
EVERY_TEMPLATE = "*"


@dataclass(frozen=True)
class ResolvedTemplate:
    """The template a document is checked against, and how it was chosen."""

    name: str | None
    spec: TemplateSpec | None = None  # None: checked without a template
    reason: str = ""
    notice: str = ""  # shown with the file's findings (a template that could not be used)
