"""Forms: the document's metadata, a timeline row, and a postmortem action item.

Each field is one line (a label and an input), so a form fits an 80x24 terminal. Tab and
shift+tab move between fields; what is typed right after lands in the field the cursor is in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from writer.checks.postmortem.edits import (
    FIELDS,
    ActionItem,
    check_due,
    parse_clock,
    parse_day,
)
from writer.tui.keys import focus_now, settle

T = TypeVar("T")

ACTION_TYPES = ("mitigate", "prevent", "detect", "process", "investigate")
PRIORITIES = ("P0", "P1", "P2", "P3")
_LABELS = {
    "item": "Item",
    "type": "Type",
    "priority": "Priority",
    "owner": "Owner",
    "ticket": "Ticket",
    "due": "Due",
}
_PLACEHOLDERS = {
    "item": "what will be done",
    "type": "mitigate, prevent, detect, process",
    "priority": "P0 to P3",
    "owner": "@someone or a team",
    "ticket": "PROJ-123 or a URL",
    "due": "YYYY-MM-DD",
}


def _as_field_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    return str(value)


class Form(ModalScreen[T], Generic[T]):
    """A column of one-line fields with a title, an error line and a hint line.

    ``enter_submits``: enter in any field submits (else it moves to the next field and submits
    from the last)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel"),
        Binding("ctrl+s", "submit", "submit"),
        Binding("enter", "enter", "submit", show=False, priority=True),
    ]
    enter_submits = True
    title_text = ""
    hint_text = "enter add · tab next field · escape cancel"

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    def fields(self) -> Sequence[tuple[str, str, str, str]]:
        """(id, label, value, placeholder) of each field."""
        return ()

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form"):
            yield Label(self.title_text, classes="dialog-title")
            for field_id, label, value, placeholder in self.fields():
                with Horizontal(classes="field"):
                    yield Label(label, classes="field-label")
                    yield Input(
                        value,
                        id=f"field-{field_id}",
                        placeholder=placeholder,
                        compact=True,
                        suggester=self.suggester(field_id),
                    )
            yield Static("", id="form-error")
            yield Static(self.hint_text, classes="dialog-hint")

    def suggester(self, field_id: str) -> SuggestFromList | None:
        return None

    def on_mount(self) -> None:
        first = self.query(Input).first()
        focus_now(first)
        first.select_on_focus = True

    def value(self, field_id: str) -> str:
        return self.query_one(f"#field-{field_id}", Input).value.strip()

    def refuse(self, field_id: str, message: str) -> None:
        """Say what is wrong (in the form, in one line) and put the cursor in that field."""
        self.query_one("#form-error", Static).update(message)
        focus_now(self.query_one(f"#field-{field_id}", Input))

    async def action_enter(self) -> None:
        focused = self.focused
        if not isinstance(focused, Input):
            raise SkipAction()
        await settle(focused)
        inputs = list(self.query(Input))
        if not self.enter_submits and focused in inputs and focused is not inputs[-1]:
            focus_now(inputs[inputs.index(focused) + 1])
            return
        self.action_submit()

    def action_submit(self) -> None:
        result = self.result()
        if result is not None:
            self.dismiss(result)

    def result(self) -> T | None:
        """The form's value, or None after :meth:`refuse` (the form stays open)."""
        return None

    def action_cancel(self) -> None:
        self.dismiss(None)


class MetadataForm(Form[dict[str, Any]]):
    """Edit the front matter fields; returns the new values or None when cancelled."""

    enter_submits = False
    title_text = "Metadata"
    hint_text = "enter next field · ctrl+s apply · escape cancel"

    def __init__(self, names: Sequence[str], values: dict[str, Any]) -> None:
        super().__init__()
        self.names = tuple(names)
        self.values = values

    def fields(self) -> Sequence[tuple[str, str, str, str]]:
        return [
            (name, name.replace("_", " ").capitalize(), _as_field_text(self.values.get(name)), "")
            for name in self.names
        ]

    def result(self) -> dict[str, Any] | None:
        values: dict[str, Any] = {}
        for name in self.names:
            raw = self.value(name)
            if name in ("authors", "owners", "reviewers", "tags"):
                values[name] = [part.strip() for part in raw.split(",") if part.strip()]
            else:
                values[name] = raw
        return values


class TimelineForm(Form[tuple[dt.datetime, str]]):
    """When (time and date, now by default) and what happened; the row goes in order."""

    title_text = "Timeline row"
    hint_text = "enter add · tab next field · escape cancel"

    def __init__(self, now: dt.datetime, zone_label: str) -> None:
        super().__init__()
        self.now = now
        self.zone_label = zone_label

    def fields(self) -> Sequence[tuple[str, str, str, str]]:
        return [
            ("time", f"Time ({self.zone_label})", self.now.strftime("%H:%M"), "HH:MM"),
            ("date", "Date", self.now.strftime("%Y-%m-%d"), "YYYY-MM-DD"),
            ("event", "Event", "", "what happened"),
        ]

    def result(self) -> tuple[dt.datetime, str] | None:
        clock = parse_clock(self.value("time"))
        if clock is None:
            self.refuse("time", f"time {self.value('time')!r}: write it as HH:MM, e.g. 14:02")
            return None
        day = parse_day(self.value("date"))
        if day is None:
            self.refuse("date", f"date {self.value('date')!r}: write it as YYYY-MM-DD")
            return None
        return dt.datetime.combine(day, clock), self.value("event")


class ActionItemForm(Form[ActionItem]):
    """The fields of a new action item: the columns of the section's table, or the usual ones
    (item, type, priority, owner, ticket, due)."""

    title_text = "New action item"

    def __init__(self, fields: Sequence[str] = FIELDS, labels: Sequence[str] = ()) -> None:
        super().__init__()
        self.names = tuple(fields)
        self.labels = tuple(labels) or tuple(_LABELS.get(n, n) for n in self.names)

    def fields(self) -> Sequence[tuple[str, str, str, str]]:
        return [
            (_field_id(name), label, "", _PLACEHOLDERS.get(name, ""))
            for name, label in zip(self.names, self.labels, strict=False)
        ]

    def suggester(self, field_id: str) -> SuggestFromList | None:
        if field_id == "type":
            return SuggestFromList(ACTION_TYPES, case_sensitive=False)
        if field_id == "priority":
            return SuggestFromList(PRIORITIES, case_sensitive=False)
        return None

    def result(self) -> ActionItem | None:
        values = {name: self.value(_field_id(name)) for name in self.names}
        item_field = "item" if "item" in values else self.names[0]
        if not values.get(item_field):
            self.refuse(_field_id(item_field), "An action item needs a description")
            return None
        if "due" in values:
            problem = check_due(values["due"])
            if problem is not None:
                self.refuse("due", problem)
                return None
        known = {name: values.get(name, "") for name in FIELDS}
        if item_field != "item":
            known["item"] = values[item_field]
        other = {name: value for name, value in values.items() if name not in FIELDS}
        return ActionItem(other=other, **known)


def _field_id(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-") or "field"
