"""How far along a design is, as it says itself: its status (front matter, the metadata file
beside it such as a KEP's kep.yaml, or a 'Status:' line) and its stage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from writer.checks.base import CheckContext
from writer.templates.metadata import Metadata, Stated, front_matter, stated, status_line

if TYPE_CHECKING:
    from writer.templates.sidecar import Sidecar

DONE_STATUSES = ("implemented", "complete", "completed", "done", "final", "released", "shipped")
DONE_STAGES = ("stable", "ga", "general availability")


@dataclass(frozen=True)
class Progress:
    status: Stated | None
    stage: Stated | None

    @property
    def done(self) -> bool:
        """The document says the change has shipped: implemented, or at its final stage."""
        return _is(self.status, DONE_STATUSES) or _is(self.stage, DONE_STAGES)

    @property
    def shipped(self) -> bool:
        """Implemented by its status, or at its final stage with no status that says otherwise
        (a KEP 'implementable' at stage 'stable' is only aiming there)."""
        if self.status is not None:
            return _is(self.status, DONE_STATUSES)
        return _is(self.stage, DONE_STAGES)

    def describe(self) -> str:
        said = self.status if _is(self.status, DONE_STATUSES) else self.stage
        if said is None:
            return ""
        return f"'{said.value}' ({said.place() if not said.in_document else said.where})"


def progress(context: CheckContext) -> Progress:
    from writer.templates.metadata import sidecar_metadata
    from writer.templates.sidecar import read_sidecar

    sources: list[Metadata] = []
    own = front_matter(context.document)
    if own is not None and own.error is None:
        sources.append(own)
    sidecar = read_sidecar(context.template, context.path) or _any_sidecar(context)
    if sidecar is not None:
        metadata = sidecar_metadata(sidecar)
        if metadata.error is None:
            sources.append(metadata)
    status = stated(tuple(sources), "status") or status_line(context.document)
    return Progress(status, stated(tuple(sources), "stage"))


def _any_sidecar(context: CheckContext) -> Sidecar | None:
    """With no template (a KEP too old to follow today's), the metadata file a known template
    names, when one sits beside the document: its status is the document's all the same."""
    if context.template is not None or context.path is None:
        return None
    from writer.errors import WriterError
    from writer.templates.sidecar import read_sidecar
    from writer.templates.spec import available_templates

    try:
        templates = available_templates(context.config.template_paths)
    except WriterError:
        return None
    for spec in templates:
        if spec.metadata_file is not None:
            found = read_sidecar(spec, context.path)
            if found is not None:
                return found
    return None


def _is(value: Stated | None, words: tuple[str, ...]) -> bool:
    if value is None:
        return False
    lowered = value.value.strip().strip("'\"").lower()
    return any(lowered == word or lowered.startswith(word + " ") for word in words)
