"""The reviewer column: findings (for the section or the whole document) and the figures."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from writer.model.findings import Finding, Severity

_MARKS = {
    Severity.ERROR: ("✗", "red"),
    Severity.WARNING: ("▲", "yellow"),
    Severity.SUGGESTION: ("·", "cyan"),
}


def finding_prompt(finding: Finding) -> Text:
    mark, style = _MARKS[finding.severity]
    text = Text()
    text.append(mark, style=style)
    text.append(f" {finding.line}:{finding.column} ", style="dim")
    text.append(finding.message)
    text.append(f" {finding.rule}", style="dim italic")
    return text


class FindingsView(Vertical):
    """The findings list above the document's figures."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.findings: tuple[Finding, ...] = ()
        self.border_title = "Findings"

    def compose(self) -> ComposeResult:
        yield OptionList(id="findings-list")
        yield Static("", id="figures")

    @property
    def list(self) -> OptionList:
        return self.query_one("#findings-list", OptionList)

    def show(self, findings: Sequence[Finding], title: str, total: int) -> None:
        self.findings = tuple(findings)
        option_list = self.list
        highlighted = option_list.highlighted
        if findings:
            options = [Option(finding_prompt(f), id=str(i)) for i, f in enumerate(findings)]
        else:
            options = [
                Option(Text("nothing to report", style="dim green"), id="none", disabled=True)
            ]
        option_list.set_options(options)
        if highlighted is not None and findings:
            option_list.highlighted = min(highlighted, len(findings) - 1)
        self.border_title = f"Findings · {title} ({len(findings)})"
        self.border_subtitle = f"all {total}" if total != len(findings) else ""

    def selected(self) -> Finding | None:
        index = self.list.highlighted
        if index is None or not self.findings or index >= len(self.findings):
            return None
        return self.findings[index]

    def show_figures(self, rows: Sequence[tuple[str, str]]) -> None:
        parts = [
            f"{value} {label}" if label in ("words", "sections") else f"{label} {value}"
            for label, value in rows
        ]
        self.query_one("#figures", Static).update(" · ".join(parts))
