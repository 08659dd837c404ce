"""The reviewer's column: the findings (of the section or the whole document) above the
document's figures. Choosing a finding posts :class:`~writer.tui.messages.FindingChosen`."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.containers import Vertical
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from writer.model.findings import Finding, Severity
from writer.tui.messages import FindingChosen
from writer.tui.widgets.lines import Packed

MARKS = {
    Severity.ERROR: ("✗", "red"),
    Severity.WARNING: ("▲", "yellow"),
    Severity.SUGGESTION: ("·", "cyan"),
}


def finding_prompt(finding: Finding) -> Text:
    mark, style = MARKS[finding.severity]
    text = Text()
    text.append(mark, style=style)
    text.append(f" {finding.line}:{finding.column} ", style="dim")
    text.append(finding.message)
    text.append(f" {finding.rule}", style="dim italic")
    return text


def figure_items(rows: Sequence[tuple[str, str]]) -> list[str]:
    return [
        f"{value} {label}" if label in ("words", "sections") else f"{label} {value}"
        for label, value in rows
    ]


class Figures(Packed):
    """The document's figures, as many to a line as fit; a value is never cut."""

    def show(self, rows: Sequence[tuple[str, str]]) -> None:
        self.set_items(figure_items(rows))


class FindingsPanel(Vertical):
    """The findings list above the document's figures."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(OptionList(id="findings-list"), Figures(id="figures"), id=id)
        self.findings: tuple[Finding, ...] = ()
        self.border_title = "Findings"

    @property
    def list(self) -> OptionList:
        return self.query_one("#findings-list", OptionList)

    def show(self, findings: Sequence[Finding], title: str, total: int) -> None:
        findings = tuple(findings)
        title_text = f"Findings · {title} ({len(findings)})"
        subtitle = f"all {total} · f3" if total != len(findings) else ""
        if findings == self.findings and self.border_title == title_text:
            return
        self.findings = findings
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
        self.border_title = title_text
        self.border_subtitle = subtitle

    def selected(self) -> Finding | None:
        index = self.list.highlighted
        if index is None or not self.findings or index >= len(self.findings):
            return None
        return self.findings[index]

    def show_figures(self, rows: Sequence[tuple[str, str]]) -> None:
        self.query_one(Figures).show(rows)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        finding = self.selected()
        if finding is not None:
            self.post_message(FindingChosen(finding))
