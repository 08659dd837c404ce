"""One-line bars whose text changes without a new layout: the title bar, the status line, and
the key hints at the bottom (help and quit always shown, the others as many as fit)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget


class Bar(Widget):
    """A line of text; :meth:`say` repaints it only when the text changes."""

    DEFAULT_CSS = "Bar { height: 1; }"

    def __init__(self, text: str | Text = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text(text) if isinstance(text, str) else text

    @property
    def text(self) -> str:
        return self._text.plain

    def say(self, text: str | Text) -> None:
        new = Text(text) if isinstance(text, str) else text
        if new != self._text:
            self._text = new
            self.refresh()

    def render(self) -> Text:
        text = self._text.copy()
        text.no_wrap = True
        text.overflow = "ellipsis"
        return text


def pack(items: Sequence[str], width: int, separator: str = " · ") -> list[str]:
    """``items`` in lines of ``width``, never splitting one inside a word: an item wider than a
    line goes on lines of its own, broken after its first word (a figure's label, so its value
    stays whole on the next line)."""
    lines: list[str] = []
    current = ""
    for item in items:
        candidate = f"{current}{separator}{item}" if current else item
        if len(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        if len(item) <= width:
            current = item
            continue
        first, _space, rest = item.partition(" ")
        lines.append(first)
        current = rest
    if current:
        lines.append(current)
    return lines


class Packed(Widget):
    """Short items (figures, a legend) packed into as many lines as the width needs."""

    DEFAULT_CSS = "Packed { height: auto; }"

    def __init__(
        self, items: Sequence[str] = (), *, separator: str = " · ", id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.items = tuple(items)
        self.separator = separator

    def set_items(self, items: Sequence[str]) -> None:
        if tuple(items) != self.items:
            self.items = tuple(items)
            self.refresh(layout=True)

    def lines(self, width: int) -> list[str]:
        return pack(self.items, max(1, width), self.separator)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self.lines(width)))

    def render(self) -> Text:
        return Text("\n".join(self.lines(self.content_size.width)), no_wrap=True)


def _hint(key: str, description: str, action: str) -> str:
    return f"[@click={action}][b]{key}[/b] {description}[/]"


class KeyHints(Widget):
    """The keys of the screen: ``fixed`` ones (help, quit) always, on the right; the others
    from the left, as many as fit, in order."""

    DEFAULT_CSS = """
    KeyHints { height: 1; background: $footer-background; color: $footer-foreground; }
    """

    def __init__(
        self,
        hints: Sequence[tuple[str, str, str]],
        fixed: Sequence[tuple[str, str, str]],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.hints = tuple(hints)
        self.fixed = tuple(fixed)

    def set_hints(self, hints: Sequence[tuple[str, str, str]]) -> None:
        if tuple(hints) != self.hints:
            self.hints = tuple(hints)
            self.refresh()

    def fitting(self, width: int) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
        """The hints that fit ``width``: (left, right)."""
        right = list(self.fixed)
        used = sum(len(k) + len(d) + 3 for k, d, _a in right)
        left: list[tuple[str, str, str]] = []
        for hint in self.hints:
            size = len(hint[0]) + len(hint[1]) + 3
            if used + size > width:
                break
            left.append(hint)
            used += size
        return left, right

    def render(self) -> Content:
        width = self.content_size.width
        left, right = self.fitting(width)
        left_markup = "  ".join(_hint(*h) for h in left)
        right_markup = "  ".join(_hint(*h) for h in right)
        left_len = sum(len(k) + len(d) + 1 for k, d, _a in left) + 2 * max(0, len(left) - 1)
        right_len = sum(len(k) + len(d) + 1 for k, d, _a in right) + 2 * max(0, len(right) - 1)
        gap = max(1, width - left_len - right_len - 1)
        return Content.from_markup(" " + left_markup + " " * gap + right_markup)
