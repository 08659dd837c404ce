"""``--format json``: the report as data, version 1 (schema in ``writer/report/schema.json``,
described in docs/report.md). Keys are stable: a figure that is unknown is ``null`` with an
``unknown`` reason beside it, never a missing key; every figure carries the rows it came from.
"""

from __future__ import annotations

import json
from typing import Any

from writer.report.dates import quarter
from writer.report.model import (
    METRICS,
    ActionItem,
    Cluster,
    DesignFigures,
    DocumentReport,
    Duration,
    ItemRef,
    PostmortemFigures,
    Report,
    Row,
    Spread,
    group_kind,
    group_name,
)
from writer.report.render.common import human

REPORT_VERSION = 1


def render(report: Report) -> str:
    return json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n"


def to_json(report: Report) -> dict[str, Any]:
    postmortems = report.postmortems
    items = [item for doc in postmortems for item in _items(doc)]
    return {
        "version": REPORT_VERSION,
        "as_of": report.as_of.isoformat(),
        "stale_days": report.stale_days,
        "documents": [document(doc, report) for doc in report.documents],
        "postmortems": {
            "count": len(postmortems),
            "durations": {metric: _metric(report, metric) for metric in METRICS},
            "action_items": {
                "open": sum(1 for item in items if not item.done),
                "done": sum(1 for item in items if item.done),
                "overdue": [_ref(ref, report) for ref in report.overdue],
                "no_owner": [_ref(ref, report) for ref in report.no_owner],
                "unreadable_due": [_ref(ref, report) for ref in report.undated_due],
            },
            "recurrence": [_cluster(cluster) for cluster in report.clusters],
        },
        "design_docs": {
            "count": len(report.design_docs),
            "status_counts": dict(report.status_counts),
            "stale": [
                {
                    "path": stale.path,
                    "status": stale.status,
                    "since": stale.since.isoformat(),
                    "days": stale.days,
                }
                for stale in report.stale
            ],
        },
        "errors": [
            {"path": error.path, "line": error.line, "message": error.message}
            for error in report.errors
        ],
        "notices": list(report.notices),
    }


def _items(doc: DocumentReport) -> tuple[ActionItem, ...]:
    return doc.postmortem.action_items if doc.postmortem is not None else ()


def row(found: Row | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {"line": found.line, "text": found.text, "at": found.at}


def document(doc: DocumentReport, report: Report) -> dict[str, Any]:
    return {
        "path": doc.path,
        "kind": doc.kind,
        "template": doc.template,
        "title": doc.title,
        "findings": dict(doc.findings),
        "severities": dict(doc.severities),
        "postmortem": _postmortem(doc.postmortem, report) if doc.postmortem else None,
        "design": _design(doc.design) if doc.design else None,
        "notices": list(doc.notices),
    }


def duration(found: Duration) -> dict[str, Any]:
    return {
        "minutes": round(found.minutes, 1) if found.minutes is not None else None,
        "human": human(found.minutes),
        "approximate": list(found.approximate),
        "unknown": found.unknown,
        "from": row(found.since),
        "to": row(found.until),
    }


def _postmortem(figures: PostmortemFigures, report: Report) -> dict[str, Any]:
    incident = figures.incident
    date = figures.date
    severity = figures.severity
    return {
        "date": {
            "value": date.value.isoformat() if date else None,
            "quarter": quarter(date.value) if date else None,
            "source": date.source if date else None,
            "row": row(date.row) if date else None,
            "unknown": figures.date_unknown,
        },
        "severity": {
            "label": severity.label if severity else None,
            "written": severity.written if severity else None,
            "row": row(severity.row) if severity else None,
            "unknown": None if severity else "the document gives no severity",
        },
        "timeline": {"line": incident.timeline_line, "rows": incident.rows, "zone": incident.zone},
        "milestones": {
            milestone.name: {"row": row(milestone.row), "reason": milestone.reason}
            for milestone in incident.milestones
        },
        "durations": {found.name: duration(found) for found in incident.durations},
        "stated": [
            {"label": stated.label, "minutes": round(stated.minutes, 1), "row": row(stated.row)}
            for stated in figures.stated
        ],
        "action_items": {
            "line": figures.action_section_line,
            "open": len(figures.open_items),
            "done": len(figures.done_items),
            "items": [_item(item, report) for item in figures.action_items],
        },
        "phrases": {
            name: [
                {"line": phrase.line, "text": phrase.text}
                for phrase in figures.phrases
                if phrase.kind == kind
            ]
            for name, kind in (("factors", "factor"), ("services", "service"), ("tags", "tag"))
        },
    }


def _item(item: ActionItem, report: Report) -> dict[str, Any]:
    return {
        "line": item.line,
        "text": item.text,
        "owner": item.owner,
        "tracking": list(item.tracking),
        "due": item.due.isoformat() if item.due else None,
        "due_text": item.due_text,
        "done": item.done,
        "overdue": bool(not item.done and item.due is not None and item.due < report.as_of),
    }


def _ref(ref: ItemRef, report: Report) -> dict[str, Any]:
    return {"path": ref.path, **_item(ref.item, report)}


def _design(figures: DesignFigures) -> dict[str, Any]:
    required = figures.required_sections
    conformance = None
    if required:
        conformance = round((required - len(figures.missing_sections)) / required, 3)
    return {
        "status": figures.status,
        "status_row": row(figures.status_row),
        "status_file": figures.status_file,
        "status_changed": figures.status_changed.isoformat() if figures.status_changed else None,
        "status_history": figures.status_history,
        "required_sections": required,
        "missing_sections": list(figures.missing_sections),
        "conformance": conformance,
        "structure_findings": figures.structure_findings,
    }


def spread(found: Spread) -> dict[str, Any]:
    def rounded(value: float | None) -> float | None:
        return round(value, 1) if value is not None else None

    values = [sample.minutes for sample in found.samples]
    return {
        "group": group_name(found),
        "count": found.count,
        "median": rounded(found.median),
        "p25": rounded(found.quantile(0.25)),
        "p75": rounded(found.quantile(0.75)),
        "min": rounded(min(values)) if values else None,
        "max": rounded(max(values)) if values else None,
        "approximate": found.approximate,
        "samples": [
            {
                "path": sample.path,
                "minutes": round(sample.minutes, 1),
                "approximate": sample.approximate,
            }
            for sample in found.samples
        ],
        "unknown": list(found.unknown),
    }


def _metric(report: Report, metric: str) -> dict[str, Any]:
    overall = [s for s in report.spreads if s.metric == metric and group_kind(s) == "all"]
    return {
        "all": spread(overall[0]) if overall else None,
        "by_quarter": [spread(s) for s in report.groups(metric, "quarter")],
        "by_severity": [spread(s) for s in report.groups(metric, "severity")],
    }


def _cluster(cluster: Cluster) -> dict[str, Any]:
    return {
        "kind": cluster.kind,
        "label": cluster.label,
        "documents": list(cluster.documents),
        "score": cluster.score,
        "members": [
            {"path": member.path, "line": member.line, "text": member.text}
            for member in cluster.members
        ],
    }
