"""The template picker ``writer new`` shows when no template is named."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList
from textual.widgets.option_list import Option

from writer.tui.state.templating import TemplateInfo


class TemplatePicker(Screen[TemplateInfo]):
    """Every template with its description; enter starts a draft from it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.quit", "quit")]

    def __init__(self, templates: Sequence[TemplateInfo]) -> None:
        super().__init__()
        self.templates = tuple(templates)

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label("What are you writing? (enter to start, escape to quit)", id="picker-title")
            options = []
            for info in self.templates:
                prompt = Text()
                prompt.append(info.name, style="bold")
                prompt.append(f"  {info.title}\n")
                prompt.append(info.description or "", style="dim")
                options.append(Option(prompt, id=info.name))
            yield OptionList(*options, id="picker-list")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.templates[event.option_index])
