"""Which spellings of a name are the name itself, and which are variants to flag.

A name and a spelling of it share a key (:func:`writer.checks.style.terminology.normal`: no
case, spaces, hyphens or dots). The spelling is the name when it is written as the vocabulary
writes it, or differs only where a writer may differ:

- in capitals throughout (``GITHUB`` in a heading set in capitals, a constant);
- a lower-case word of a name of several words capitalised (``Open Source`` in a title), or a
  space of the name written as a hyphen (``open-source project``, a compound before a noun);
- a one-word name that starts in lower case capitalised at the start of a sentence (``MacOS``,
  ``Etcd``): the checker looks at where the word stands.

Anything else is a variant: a capital of the name dropped (``kubernetes``, ``Github``), one
added (``ElasticSearch``), a name split (``Hacker One``, ``pager duty``) or joined
(``NewRelic``). Words that spell a name only by accident (``linked in``, ``status page``) are
the vocabulary's to accept.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s\-]+")


def same_name(text: str, canonical: str) -> bool:
    """Whether ``text`` (same key as ``canonical``) is the name as it may be written."""
    if text == canonical:
        return True
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        return True  # set in capitals
    words = _SEPARATORS.split(text)
    names = _SEPARATORS.split(canonical)
    if len(words) != len(names):
        return False  # split or joined where the name is not
    if len(names) == 1:
        return False  # "MacOS" is macOS only where a sentence starts: see capitalised()
    return all(_same_word(word, name) for word, name in zip(words, names, strict=True))


def _same_word(word: str, name: str) -> bool:
    # A lower-case word of the name capitalised: a sentence's first word, a title.
    return word == name or (name[:1].islower() and word == name[:1].upper() + name[1:])


def capitalised(text: str, canonical: str) -> bool:
    """Whether ``text`` is a one-word name that starts in lower case (``macOS``, ``gRPC``)
    capitalised: right at the start of a sentence, wrong elsewhere."""
    return canonical[:1].islower() and text == canonical[:1].upper() + canonical[1:]


_OPENERS = "\"'“‘([*_ \t"


def starts_sentence(text: str, begin: int) -> bool:
    """Whether the word at ``text[begin:]`` opens a sentence, a heading, a list item or a cell."""
    before = text[:begin].rstrip(_OPENERS)
    return not before or before[-1] in ".!?:;\n"


def lower_case_of(text: str, canonical: str) -> bool:
    """Whether ``text`` is a name with capitals written all in lower case (``kubernetes``):
    also how a command, package or repository of that name is written."""
    return not any(ch.isupper() for ch in text) and any(ch.isupper() for ch in canonical)
