"""Where a name written in lower case is not a misspelt product name.

``kubernetes``, ``typeorm`` or ``docker`` in lower case is also how the name of a repository,
package, command or binary is written. Such a word is left alone when the document shows it is
one: the word is a command or a package in the document's own code (``docker build .``,
``npm install typeorm``), the text of a link to an address that holds it (``[kubernetes]`` to
``github.com/kubernetes/kubernetes``), or a heading with no capital at all (``### helm``, a
command's own section).
"""

from __future__ import annotations

import re

from writer.model.document import BlockKind, Document, ProseBlock

# The rest of a link's text after a name, when it is at most an issue's or a pull request's
# number ("[kubernetes #88253]"), then the link's destination.
_LINK_REST = re.compile(
    r"[ \t]*(?:(?:#|PR[ \t]*#?|issue[ \t]*#?|pull[ \t]*#?)\d+)?\]\(\s*<?([^)\s>]*)", re.IGNORECASE
)
# What opens a command in code: a prompt, sudo, a pipe or a shell's "then" and "&&".
_PROMPT = r"(?:[$>%]\s+|sudo\s+|\|\s*|&&\s*|;\s*)?"
# A package manager installing a package: the package's name follows, after any flags.
_INSTALL = (
    r"\b(?:pip3?|pipx|npm|npx|pnpm|yarn|go|apt|apt-get|brew|cargo|gem|dnf|yum|apk|snap|choco"
    r"|composer|poetry|uv|conda|helm)[ \t]+(?:install|add|get|i|run|exec)[ \t]+"
    r"(?:-{1,2}[\w-]+(?:=\S+)?[ \t]+)*"
)
# The rest of a link's text, then a destination in the same document.
_IN_PAGE_REST = re.compile(r"[^\[\]\n]{0,300}\]\(#")
_CODE_OPENINGS = ("`", "~", " ", "\t")


class NameContext:
    """One document's code and links, read once, asked about lower-case names."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self._code: str | None = None
        self._known: dict[str, bool] = {}

    def leaves_alone(self, block: ProseBlock, begin: int, end: int, start: int, stop: int) -> bool:
        """Whether the lower-case word at ``block.text[begin:end]`` (``Document.text[start:
        stop]``) names a command, package or repository rather than misspelling a product."""
        word = block.text[begin:end]
        if block.kind is BlockKind.HEADING and not any(ch.isupper() for ch in block.text):
            return True
        if self._link_to_it(word, start, stop):
            return True
        known = self._known.get(word)
        if known is None:
            known = self._known[word] = self._in_code(word)
        return known

    def in_page_link(self, start: int, stop: int) -> bool:
        """``Document.text[start:stop]`` is in the text of a link to a heading of the same
        document (a table of contents)."""
        text = self.document.text
        opening = text.rfind("[", text.rfind("\n", 0, start) + 1, start)
        if opening < 0 or "]" in text[opening:start]:
            return False
        return _IN_PAGE_REST.match(text, stop) is not None

    def _link_to_it(self, word: str, start: int, stop: int) -> bool:
        """The word is a link's text (perhaps with an issue's number) and the link's address
        holds it: the name of a repository or an organisation."""
        text = self.document.text
        if text[start - 1 : start] != "[":
            return False
        rest = _LINK_REST.match(text, stop)
        return rest is not None and word in rest.group(1)

    def _code_text(self) -> str:
        code = self._code
        if code is None:
            text = self.document.text
            code = self._code = "\n".join(
                text[start:end].strip("`~")
                for start, end in self.document.masked_spans
                if text.startswith(_CODE_OPENINGS, start)
            )
        return code

    def _in_code(self, word: str) -> bool:
        """The word opens a command with arguments, or is a package that a package manager
        installs, in the document's code."""
        code = self._code_text()
        if word not in code:
            return False
        name = re.escape(word)
        # A command with its arguments: "docker build .", not the bare word (an organisation's
        # or a namespace's name written as code).
        command = re.compile(rf"(?m)^[ \t]*{_PROMPT}{name}[ \t]+[^\s#]")
        package = re.compile(rf"{_INSTALL}{name}(?![\w./-])")
        return command.search(code) is not None or package.search(code) is not None
