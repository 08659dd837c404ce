"""The help screen: every key, what the marks mean, where files go."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# writer: drafting keys

| key | action |
|---|---|
| ctrl+s | save (atomically; asks for a name the first time) |
| ctrl+q | quit (asks when there are unsaved changes) |
| alt+down / alt+up | next / previous section |
| ctrl+o | outline (enter on a section goes there; on a missing one, adds it) |
| f2 | metadata form (title, authors, status, severity, date) |
| ctrl+l | findings list (enter moves the cursor to the finding) |
| ctrl+f | apply the fix of the finding at the cursor (or chosen in the list) |
| ctrl+g | ignore here: insert a suppression comment for that finding |
| f3 | findings for this section / for the whole document |
| ctrl+r | preview the whole document / back to the editor |
| ctrl+t | postmortems: insert a timeline row stamped with the current time |
| ctrl+n | postmortems: add an action item through a form |
| ctrl+p | command palette (every action by name) |
| f1 | this help |

Marks in the outline: ✓ fine · ▲ has findings · ○ empty · ✗ missing (enter adds it).

Findings refresh when you pause typing. Your text is autosaved to a recovery file a few
seconds after you stop typing; if writer is killed, the next start offers to restore it.

Press escape or f1 to close.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "close", "close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(HELP)

    def action_close(self) -> None:
        self.dismiss(None)
