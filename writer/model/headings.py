"""Heading titles, read once for every part of writer: without "(Optional)" markers, numbering,
emoji and punctuation, so that "2.1 Goals (optional)", ":dart: Goals" and "Goals" name the same
section."""

from __future__ import annotations

import functools
import re

_MARKERS = re.compile(r"[\(\[]\s*(?:optional|required|opt\.?|r)\s*[\)\]]", re.IGNORECASE)
_NUMBERING = re.compile(
    r"^\s*(?:(?:section|part|step|appendix)\s+)?(?:\d+(?:\.\d+)*|[ivxlc]+|[a-h])[.):]\s+"
    r"|^\s*\d+(?:\.\d+)+\s+|^\s*\d+\s+(?=[^\W\d])",
    re.IGNORECASE,
)
_PUNCT = re.compile(r"[^\w\s]|_")
# An emoji written as its short code ("## :warning: Leadup"): decoration, as an emoji is.
_SHORTCODE = re.compile(r"(?<![\w:]):[a-z0-9_+-]{1,40}:(?![\w:])")
_DIGITS = re.compile(r"\d+")


@functools.lru_cache(maxsize=4096)
def normalise(title: str) -> str:
    """Lowercase words of a heading without markers, numbering and punctuation."""
    text = _MARKERS.sub(" ", title)
    if ":" in text:
        text = _SHORTCODE.sub(" ", text)
    text = text.replace("&", " and ")
    text = _NUMBERING.sub("", text)
    text = _PUNCT.sub(" ", text.lower())
    return " ".join(text.split())


def plain_title(title: str) -> str:
    """A heading as written, without "(Optional)"/"[optional]" markers and numbering."""
    text = _SHORTCODE.sub(" ", title) if ":" in title else title
    return " ".join(_NUMBERING.sub("", _MARKERS.sub(" ", text)).split())


def numbers(text: str) -> tuple[str, ...]:
    """The numbers in ``text`` without leading zeros ("07" is "7"), as text: a heading may hold
    more digits than Python turns into an integer."""
    return tuple(
        str(int(n)) if len(n) < 100 else n.lstrip("0") or "0" for n in _DIGITS.findall(text)
    )


def strip_numbering(title: str) -> str:
    """The title without leading section numbering ("1.2 ", "iv. ", "b) ")."""
    return _NUMBERING.sub("", title).strip()
