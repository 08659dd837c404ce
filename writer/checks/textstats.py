"""Counts behind readability formulas: words, sentences, syllables and friends."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_SUBTRACT = re.compile(r"(?:cial|tia|cius|cious|giu|ion|iou|sia$|ely$|[^aeiou]ed$|es$)")
_ADD = re.compile(
    r"(?:ia|riet|dien|iu|io|ii|[aeiouym]bl$|[aeiou]{3}|^mc|ism$|([^aeiouy])\1l$|[^l]lien|"
    r"^coa[dglx].|[^gq]ua[^auieo]|dnt$)"
)


_NOT_LETTERS = str.maketrans("", "", "-'’")  # not counted as characters of a word


@functools.lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """An estimate of a word's syllables (English), good enough for readability grades."""
    word = word.lower().strip("'’")
    if not word:
        return 0
    if len(word) <= 3:
        return 1
    if word.endswith("e") and not word.endswith(("le", "ee", "ie", "ye")):
        trimmed = word[:-1]
    else:
        trimmed = word
    count = len(_VOWEL_GROUPS.findall(trimmed))
    count -= len(_SUBTRACT.findall(word))
    count += len(_ADD.findall(word))
    return max(1, count)


@functools.lru_cache(maxsize=65536)
def _word_figures(word: str) -> tuple[int, int, int, int, int]:
    """A word's characters and syllables, and whether it is long (over six characters),
    polysyllabic (three syllables or more) and complex (polysyllabic, not a name, no hyphen)."""
    count = syllables(word)
    poly = count >= 3
    complex_ = poly and not word[:1].isupper() and "-" not in word
    return len(word.translate(_NOT_LETTERS)), count, int(len(word) > 6), int(poly), int(complex_)


@dataclass(frozen=True)
class TextFigures:
    words: int
    sentences: int
    characters: int
    syllables: int
    complex_words: int
    long_words: int
    polysyllabic_words: int

    @classmethod
    def of(cls, sentences: Iterable[str]) -> TextFigures:
        words = sentences_count = characters = total_syllables = 0
        complex_words = long_words = polysyllabic = 0
        for sentence in sentences:
            found = _WORD.findall(sentence)
            if not found:
                continue
            sentences_count += 1
            words += len(found)
            for word in found:
                chars, count, long, poly, complex_ = _word_figures(word)
                characters += chars
                total_syllables += count
                long_words += long
                polysyllabic += poly
                complex_words += complex_
        return cls(
            words,
            sentences_count,
            characters,
            total_syllables,
            complex_words,
            long_words,
            polysyllabic,
        )

    def __add__(self, other: TextFigures) -> TextFigures:
        return TextFigures(
            self.words + other.words,
            self.sentences + other.sentences,
            self.characters + other.characters,
            self.syllables + other.syllables,
            self.complex_words + other.complex_words,
            self.long_words + other.long_words,
            self.polysyllabic_words + other.polysyllabic_words,
        )

    def grades(self) -> dict[str, float]:
        """Named readability scores (U.S. school grade, except Flesch reading ease)."""
        if not self.words or not self.sentences:
            return {}
        wps = self.words / self.sentences
        spw = self.syllables / self.words
        return {
            "Flesch-Kincaid": 0.39 * wps + 11.8 * spw - 15.59,
            "Flesch reading ease": 206.835 - 1.015 * wps - 84.6 * spw,
            "Gunning Fog": 0.4 * (wps + 100 * (self.complex_words / self.words)),
            "Coleman-Liau": 0.0588 * (self.characters / self.words) * 100
            - 0.296 * (self.sentences / self.words) * 100
            - 15.8,
            "SMOG": 1.0430 * math.sqrt(self.polysyllabic_words * 30.0 / self.sentences) + 3.1291,
            "Automated Readability": 4.71 * (self.characters / self.words) + 0.5 * wps - 21.43,
        }
