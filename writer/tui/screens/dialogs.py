"""Small modal dialogs: a question with a few answers, and a file name prompt."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static


class Choice(ModalScreen[str]):
    """Ask ``question``; answers are (key, label) pairs, the first letter of a label picks it.

    Escape dismisses with ``cancel_key``.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "cancel")]

    def __init__(
        self,
        title: str,
        question: str,
        answers: Sequence[tuple[str, str]],
        cancel_key: str = "cancel",
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.question = question
        self.answers = tuple(answers)
        self.cancel_key = cancel_key

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.question, classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                for index, (key, label) in enumerate(self.answers):
                    yield Button(
                        label, id=f"answer-{key}", variant="primary" if index == 0 else "default"
                    )

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_key(self, event: object) -> None:
        character = getattr(event, "character", None)
        if not character or not character.isalpha():
            return
        for key, label in self.answers:
            if label.lstrip("&").lower().startswith(character.lower()):
                event.stop()  # type: ignore[attr-defined]
                self.dismiss(key)
                return

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button_id = event.button.id or ""
        self.dismiss(button_id.removeprefix("answer-"))

    def action_cancel(self) -> None:
        self.dismiss(self.cancel_key)


class FileNamePrompt(ModalScreen[str | None]):
    """Ask where to save; returns the path typed, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "cancel")]

    def __init__(self, suggestion: str) -> None:
        super().__init__(classes="dialog-screen")
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Save as", classes="dialog-title")
            yield Input(self.suggestion, id="filename", placeholder="file name (.md)")
            yield Static("enter save · escape cancel", classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        self.dismiss(value or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
