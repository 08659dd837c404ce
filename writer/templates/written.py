"""When a document was written, as it says itself: a date in its front matter, in the metadata
file its template names beside it (a KEP's ``kep.yaml``), or in a header field near its top
("- Start Date: 2017-07-20", "**Date:** 2021-03-02").

Templates grow: a section added to a template in 2022 is not missing from a document written in
2019. A template section may say ``since: YYYY-MM-DD``; a document dated before that is not asked
for it. A document with no date of its own is asked for everything.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from writer.infra.history import DATE_KEYS as _WRITTEN_KEYS
from writer.infra.history import parse_date
from writer.model.document import Document
from writer.templates.metadata import Metadata, front_matter, sidecar_metadata
from writer.templates.sidecar import read_sidecar
from writer.templates.spec import TemplateSpec

# Keys that say when a document was written (a KEP's creation-date first), then a start date.
DATE_KEYS = (*_WRITTEN_KEYS, "start-date", "start_date")
# A header field on one of the first lines: "- Start Date: 2017-07-20", "**Created:** 2021-03-02".
_HEADER = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?(?:start[ \t]+date|created|creation[ \t]+date|date)"
    r"[ \t]*(?:\*\*|__)?[ \t]*:[ \t]*(?:\*\*|__)?[ \t]*(\d{4}-\d{2}-\d{2})",
    re.IGNORECASE,
)
HEADER_LINES = 30


def _from_metadata(metadata: Metadata | None) -> dt.date | None:
    if metadata is None or metadata.error is not None:
        return None
    for key in DATE_KEYS:
        entry = metadata.value(key)
        if entry is not None and entry.value is not None:
            found = parse_date(entry.value.strip().strip("\"'"))
            if found is not None:
                return found
    return None


def written_on(
    document: Document, spec: TemplateSpec | None = None, path: Path | None = None
) -> dt.date | None:
    """The date ``document`` says it was written, or None."""
    found = _from_metadata(front_matter(document))
    if found is not None:
        return found
    sidecar = read_sidecar(spec, path)
    if sidecar is not None:
        found = _from_metadata(sidecar_metadata(sidecar))
        if found is not None:
            return found
    for line in document.text.split("\n", HEADER_LINES)[:HEADER_LINES]:
        header = _HEADER.match(line)
        if header is not None:
            return parse_date(header[1])
    return None
