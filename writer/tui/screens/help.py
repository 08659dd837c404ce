"""The help screen: every key, what the marks mean, where files go. It says at the top how to
close it, so that is never below the fold."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

CLOSE = "escape, f1 or q closes this help"

HELP = f"""\
**{CLOSE}** · arrows and page keys scroll it

| key | action |
|---|---|
| ctrl+s | save (in the background; asks for a name the first time) |
| ctrl+q | quit (asks when there are unsaved changes) |
| alt+down / alt+up | next / previous section |
| f8 / shift+f8 | next / previous finding in the text |
| ctrl+f | apply the fix of the finding at the cursor (or chosen in the list) |
| ctrl+g | ignore here: insert a suppression comment for that finding |
| f7 | add the word of the spelling finding at the cursor to the vocabulary |
| f6 | review the findings one at a time (a s i v e u, q back) |
| ctrl+o / ctrl+l | outline / findings (enter goes there; on a missing section, adds it) |
| f3 | findings for this section / for the whole document |
| f4 | show / hide the side panels |
| f5 | the section's guidance in full / cut short |
| f2 | metadata form (title, authors, status, date, and the template's own) |
| ctrl+r | preview the whole document / back to the editor |
| ctrl+t | postmortems: a timeline row at a time you type, in order |
| ctrl+n | postmortems: add an action item in the section's format |
| ctrl+p | command palette (every action by name) |
| tab / shift+tab | next / previous field or panel |
| f1 | this help |

Findings are marked in the text (red: error, yellow: warning, underlined: suggestion) with ✗ ▲ ·
beside the line number; the status line under the editor says what the finding under the cursor
is. Outline marks: ✓ done · ▲ has findings · ○ empty · ✗ missing (enter adds it) · + a section
the template does not have.

Findings refresh when you pause typing. Your text is autosaved to a recovery file a few
seconds after you stop typing; if writer is killed, the next start offers to restore it.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "close", "close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help") as scroll:
            scroll.border_title = "writer: keys"
            scroll.border_subtitle = CLOSE
            yield Markdown(HELP)

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.dismiss(None)
