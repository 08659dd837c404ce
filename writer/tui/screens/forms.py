"""Forms: the document's metadata, and a new postmortem action item."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from writer.templates.textops import ActionItem


def _as_field_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    return str(value)


class MetadataForm(ModalScreen[dict[str, Any] | None]):
    """Edit the front matter fields; returns the new values or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel"),
        Binding("ctrl+s", "submit", "apply"),
    ]

    def __init__(self, fields: Sequence[str], values: dict[str, Any]) -> None:
        super().__init__(classes="dialog-screen")
        self.fields = tuple(fields)
        self.values = values

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form"):
            yield Label("Metadata", classes="dialog-title")
            for name in self.fields:
                yield Label(name.replace("_", " ").capitalize(), classes="field-label")
                yield Input(_as_field_text(self.values.get(name)), id=f"field-{name}")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Apply", id="apply", variant="primary")
                yield Button("Cancel", id="cancel")
            yield Static("enter next field · ctrl+s apply · escape cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        if index + 1 < len(inputs):
            inputs[index + 1].focus()
        else:
            self.action_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "apply":
            self.action_submit()
        else:
            self.dismiss(None)

    def action_submit(self) -> None:
        result: dict[str, Any] = {}
        for name in self.fields:
            raw = self.query_one(f"#field-{name}", Input).value.strip()
            if name in ("authors", "owners", "reviewers", "tags"):
                result[name] = [part.strip() for part in raw.split(",") if part.strip()]
            else:
                result[name] = raw
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)


ACTION_TYPES = ("mitigate", "prevent", "detect", "process", "investigate")
PRIORITIES = ("P0", "P1", "P2", "P3")


class ActionItemForm(ModalScreen[ActionItem | None]):
    """Item, type, priority, owner, ticket and due date of a new action item."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel"),
        Binding("ctrl+s", "submit", "add"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form"):
            yield Label("New action item", classes="dialog-title")
            yield Label("Item", classes="field-label")
            yield Input(id="item", placeholder="what will be done")
            yield Label("Type", classes="field-label")
            yield Select([(t, t) for t in ACTION_TYPES], id="type", prompt="type")
            yield Label("Priority", classes="field-label")
            yield Select([(p, p) for p in PRIORITIES], id="priority", prompt="priority")
            yield Label("Owner", classes="field-label")
            yield Input(id="owner", placeholder="@someone")
            yield Label("Ticket", classes="field-label")
            yield Input(id="ticket", placeholder="PROJ-123 or a URL")
            yield Label("Due", classes="field-label")
            yield Input(id="due", placeholder="YYYY-MM-DD")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add", id="add", variant="primary")
                yield Button("Cancel", id="cancel")
            yield Static("ctrl+s add · escape cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#item", Input).focus()

    def _select(self, widget_id: str) -> str:
        value = self.query_one(f"#{widget_id}", Select).value
        return value if isinstance(value, str) else ""

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "add":
            self.action_submit()
        else:
            self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def action_submit(self) -> None:
        item = self.query_one("#item", Input).value.strip()
        if not item:
            self.notify("An action item needs a description", severity="warning")
            self.query_one("#item", Input).focus()
            return
        self.dismiss(
            ActionItem(
                item=item,
                type=self._select("type"),
                priority=self._select("priority"),
                owner=self.query_one("#owner", Input).value.strip(),
                ticket=self.query_one("#ticket", Input).value.strip(),
                due=self.query_one("#due", Input).value.strip(),
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
