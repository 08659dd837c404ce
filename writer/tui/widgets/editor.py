"""The editor: a markdown ``TextArea`` with line numbers, the findings marked in the text, a gutter
mark on each line that has one, and tables kept whole.

Marks come from :class:`writer.tui.state.marks.Marks` and move with every edit until the next
check replaces them. Prose is soft-wrapped; a table row is never wrapped into fragments: it runs
past the edge, and the rows of the table the cursor is in scroll sideways to keep it in view.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual._cells import cell_len
from textual.document._document import EditResult, Location
from textual.document._document_navigator import DocumentNavigator
from textual.document._edit import Edit as TextEdit
from textual.document._wrapped_document import WrappedDocument
from textual.message import Message
from textual.strip import Strip
from textual.widgets import TextArea

from writer.model.findings import Severity
from writer.tui.state.marks import Marks

# Above this many characters the editor does not highlight markdown: the highlighting is
# worked out again over the whole document on every key, which a large document cannot afford.
HIGHLIGHT_LIMIT = 200_000
_SEVERITY_CLASS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.SUGGESTION: "suggestion",
}
_GUTTER_MARK = {Severity.ERROR: "✗", Severity.WARNING: "▲", Severity.SUGGESTION: "·"}


def is_table_row(line: str) -> bool:
    stripped = line.lstrip()
    return stripped.startswith("|") and stripped.count("|") >= 2


class TableKeepingDocument(WrappedDocument):
    """Soft-wraps every line but table rows, which stay whole. Its height is the length of its
    index (the text area asks for it for every line it draws, which must not cost a pass over a
    long document)."""

    @property
    def height(self) -> int:
        return len(self._offset_to_line_info)

    def wrap(self, width: int, tab_width: int | None = None) -> None:
        super().wrap(width, tab_width)
        if width:
            self._unwrap(range(len(self._wrap_offsets)))

    def wrap_range(self, start: Location, old_end: Location, new_end: Location) -> None:
        super().wrap_range(start, old_end, new_end)
        if self._width:
            top = min(start[0], new_end[0])
            bottom = min(max(start[0], new_end[0]) + 1, len(self._wrap_offsets))
            self._unwrap(range(top, bottom))

    def _unwrap(self, rows: range) -> None:
        offsets = self._wrap_offsets
        document = self.document
        changed = False
        for row in rows:
            if offsets[row] and is_table_row(document[row]):
                offsets[row] = []
                changed = True
        if changed:
            self._reindex()

    def _reindex(self) -> None:
        line_info: list[tuple[int, int]] = []
        line_offsets: list[list[int]] = []
        y = 0
        for row, offsets in enumerate(self._wrap_offsets):
            ys = []
            for section in range(len(offsets) + 1):
                line_info.append((row, section))
                ys.append(y)
                y += 1
            line_offsets.append(ys)
        self._offset_to_line_info = line_info
        self._line_index_to_offsets = line_offsets


class DraftEditor(TextArea):
    """The draft's text, with its findings marked."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "draft-editor--error",
        "draft-editor--warning",
        "draft-editor--suggestion",
        "draft-editor--gutter-error",
        "draft-editor--gutter-warning",
        "draft-editor--gutter-suggestion",
        "draft-editor--overflow",
    }
    DEFAULT_CSS = """
    DraftEditor > .draft-editor--error { background: $error 30%; text-style: underline; }
    DraftEditor > .draft-editor--warning { background: $warning 25%; text-style: underline; }
    DraftEditor > .draft-editor--suggestion { text-style: underline; }
    DraftEditor > .draft-editor--gutter-error { color: $error; text-style: bold; }
    DraftEditor > .draft-editor--gutter-warning { color: $warning; text-style: bold; }
    DraftEditor > .draft-editor--gutter-suggestion { color: $accent; }
    DraftEditor > .draft-editor--overflow { color: $text-muted; text-style: bold; }
    """

    class MarkUnderCursor(Message):
        """The cursor moved onto a marked finding (``index`` into the marks' findings) or off
        every mark (None)."""

        def __init__(self, editor: DraftEditor, index: int | None) -> None:
            super().__init__()
            self.editor = editor
            self.index = index

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        self.marks = Marks()  # before the text area's set-up, which moves the cursor
        self._under_cursor: int | None = None
        super().__init__(text, id=id, soft_wrap=True, show_line_numbers=True)
        self.language = _markdown_language(self) if len(text) <= HIGHLIGHT_LIMIT else None
        self.border_title = "Draft"

    # -- the document ----------------------------------------------------------------------------
    @property
    def wrapped_document(self) -> WrappedDocument:
        return self._wrapped

    @wrapped_document.setter
    def wrapped_document(self, value: WrappedDocument) -> None:
        """The text area makes a plain wrapped document (not yet wrapped to a width): keep its
        document, wrapped the way this editor wraps."""
        if not isinstance(value, TableKeepingDocument):
            value = TableKeepingDocument(value.document, tab_width=value._tab_width)
        self._wrapped = value
        self.navigator = DocumentNavigator(value)

    def offset_location(self, offset: int) -> tuple[int, int]:
        """The (row, column) of a character offset into :attr:`text`."""
        text = self.text
        offset = max(0, min(offset, len(text)))
        row = text.count("\n", 0, offset)
        line_start = text.rfind("\n", 0, offset) + 1
        return row, offset - line_start

    # -- marks -------------------------------------------------------------------------------------
    def show_marks(self, marks: Marks) -> None:
        """Mark these findings (found in the text as it is now)."""
        self.marks = marks
        self._line_cache.clear()
        self.refresh()
        self._check_under_cursor()

    def edit(self, edit: TextEdit) -> EditResult:
        top, bottom = edit.top, edit.bottom
        result = super().edit(edit)
        if self.marks.by_row:
            self.marks.edited(top, bottom, result.end_location)
        return result

    def _watch_selection(self, previous_selection: object, selection: object) -> None:
        super()._watch_selection(previous_selection, selection)  # type: ignore[arg-type]
        self._check_under_cursor()

    def _check_under_cursor(self) -> None:
        index = self.marks.at(self.cursor_location)
        if index != self._under_cursor:
            self._under_cursor = index
            self.post_message(self.MarkUnderCursor(self, index))

    @property
    def finding_under_cursor(self) -> int | None:
        return self._under_cursor

    def jump(self, step: int) -> bool:
        """Move the cursor to the next (``step`` 1) or previous (-1) marked finding."""
        location = self.cursor_location
        target = (
            self.marks.next_after(location) if step > 0 else self.marks.previous_before(location)
        )
        if target is None:
            return False
        last = self.document.line_count - 1
        row = min(target[0], last)
        column = min(target[1], len(self.document.get_line(row)))
        self.move_cursor((row, column), center=True)
        return True

    def _mark_style(self, severity: Severity, prefix: str = "draft-editor--") -> Style:
        return self.get_component_rich_style(prefix + _SEVERITY_CLASS[severity], partial=True)

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        marks = self.marks.by_row.get(line_index)
        if marks:
            for mark in sorted(marks, key=lambda m: m.severity):
                line.stylize(self._mark_style(mark.severity), mark.start, mark.end)
        return line

    # -- rendering: gutter marks and tables ----------------------------------------------------
    def _render_line(self, y: int) -> Strip:
        strip = super()._render_line(y)
        scroll_y = self.scroll_offset[1]
        info = self.wrapped_document._offset_to_line_info
        index = y + scroll_y
        if index >= len(info):
            return strip
        row, section = info[index]
        gutter = self.gutter_width
        if gutter and section == 0:
            severity = self.marks.gutter(row)
            if severity is not None:
                mark = Strip(
                    [
                        _segment(
                            _GUTTER_MARK[severity],
                            self._mark_style(severity, "draft-editor--gutter-"),
                            strip,
                            gutter - 2,
                        )
                    ],
                    1,
                )
                strip = Strip.join([strip.crop(0, gutter - 2), mark, strip.crop(gutter - 1)])
        width = self.scrollable_content_region.size.width - gutter
        if width > 4 and strip.cell_length > gutter + width:
            strip = self._crop_table_row(strip, row, gutter, width)
        return strip

    def _crop_table_row(self, strip: Strip, row: int, gutter: int, width: int) -> Strip:
        """Show the part of a long table row the cursor needs, with ‹ › where it is cut."""
        shift = self._table_shift(row, width)
        text = strip.crop(gutter + shift, gutter + shift + width)
        overflow = self.get_component_rich_style("draft-editor--overflow", partial=True)
        pieces = [strip.crop(0, gutter)]
        if shift:
            pieces.append(Strip([_segment("‹", overflow, text, 0)], 1))
            text = text.crop(1)
        if strip.cell_length > gutter + shift + width:
            pieces += [text.crop(0, width - 1 - (1 if shift else 0))]
            pieces.append(Strip([_segment("›", overflow, text, width - 1)], 1))
        else:
            pieces.append(text)
        return Strip.join(pieces)

    def _table_shift(self, row: int, width: int) -> int:
        """How far the table the cursor is in scrolls sideways (0 for any other row)."""
        cursor_row, cursor_column = self.cursor_location
        document = self.document
        if not is_table_row(document[row]) or not is_table_row(document[cursor_row]):
            return 0
        low, high = sorted((row, cursor_row))
        if any(not is_table_row(document[r]) for r in range(low + 1, high)):
            return 0
        line = document[cursor_row].expandtabs(self.indent_width)
        x = cell_len(line[:cursor_column])
        if x < width - 2:
            return 0
        return x - width + 2 + min(12, width // 4)

    def get_target_document_location(self, event: events.MouseEvent) -> Location:
        row, column = super().get_target_document_location(event)
        width = self.scrollable_content_region.size.width - self.gutter_width
        shift = self._table_shift(row, width) if row < self.document.line_count else 0
        if not shift:
            return row, column
        line = self.document[row]
        target = cell_len(line[:column].expandtabs(self.indent_width)) + shift
        position = 0
        for index, char in enumerate(line):
            position += cell_len(char)
            if position > target:
                return row, index
        return row, len(line)


def _segment(char: str, style: Style, strip: Strip, x: int) -> Segment:
    """A one-cell segment drawn over ``strip`` at ``x``, keeping its background."""
    background: Style | None = None
    position = 0
    for segment in strip:
        if position + segment.cell_length > x:
            background = segment.style
            break
        position += segment.cell_length
    base = background or Style()
    return Segment(char, base + style)


def _markdown_language(area: TextArea) -> str | None:
    return "markdown" if "markdown" in area.available_languages else None
