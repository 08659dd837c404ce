"""The report's formats: ``text`` (tables and terminal charts), ``json`` (data, with the rows
every figure came from), ``markdown`` (a page for the docs site) and ``html`` (one page with SVG
charts). Each format's module is imported only when it is used."""

from __future__ import annotations

import importlib

from writer.report.model import Report

FORMATS = ("text", "json", "markdown", "html")
_MODULES = {
    "text": "writer.report.render.text",
    "json": "writer.report.render.json_format",
    "markdown": "writer.report.render.markdown",
    "html": "writer.report.render.html",
}


def render(report: Report, format_name: str) -> str:
    """The report in ``format_name``, one of :data:`FORMATS`."""
    module = importlib.import_module(_MODULES[format_name])
    text: str = module.render(report)
    return text
