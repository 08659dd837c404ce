"""``extends: spelling``: words not in a hunspell-format dictionary (``.dic`` + ``.aff``) and
not accepted by the vocabulary.

A rule that names no dictionary uses the built-in one, as Vale does: the ``en_US`` dictionary
bundled with writer (SCOWL, see ``dictionaries/README.md``) with a few words of software,
unless Vale's own ``en_US-web`` is in the rule's ``dicpath``, ``<StylesPath>/config/
dictionaries`` or ``DICPATH``. Named dictionaries are looked up in those folders, then the usual
system folders, then the bundled ones. Only prefix and suffix rules are read from the affix file
(no compounding, no suggestions).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import regex

from writer.checks.budget import budget
from writer.checks.style.kinds.base import (
    Alert,
    RuleEnv,
    RuleSpec,
    Unit,
    ValeRule,
    compile_pattern,
    format_message,
    phrase_pattern,
    within_phrase,
)
from writer.infra.data import data_dir
from writer.infra.hunspell import Dictionary, load_dictionary

KEYS = frozenset(
    {"dicpath", "dictionaries", "aff", "dic", "filters", "ignore", "custom", "append", "threshold"}
)

_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
SYSTEM_FOLDERS = ("/usr/share/hunspell", "/usr/share/myspell", "/usr/share/myspell/dicts")
VALE_DICTIONARY = "en_US-web"  # Vale's built-in dictionary, when a style brings it
BUNDLED_DICTIONARY = "en_US"  # writer's own (dictionaries/en_US.dic and .aff)
WEB_WORDS = "web.txt"  # software words Vale's built-in dictionary has and SCOWL lacks
_WORD = regex.compile(r"[\p{L}\p{N}'’‘]+(?:[.\-][\p{L}\p{N}'’‘]+)*")


def load_word_list(path: Path, loaded: dict[Any, Any] | None = None) -> Dictionary:
    """A dictionary of the words listed in ``path`` (one a line, no affixes), remembered in
    ``loaded`` as dictionaries are."""
    key = ("words", path)
    found = loaded.get(key) if loaded is not None else None
    if not isinstance(found, Dictionary):
        found = Dictionary.from_words(_listed_words(path))
        if loaded is not None:
            loaded[key] = found
    return found


def find_dictionary(name: str, folders: list[Path]) -> tuple[Path, Path | None] | None:
    for folder in folders:
        dic = folder / f"{name}.dic"
        if dic.is_file():
            aff = folder / f"{name}.aff"
            return dic, aff if aff.is_file() else None
    return None


class Spelling(ValeRule):
    batchable = True

    def __init__(self, spec: RuleSpec, env: RuleEnv) -> None:
        super().__init__(spec, env)
        folders: list[Path] = []
        style_folder = Path(spec.path).parent
        for entry in spec.strings("dicpath"):
            for base in (style_folder, *map(Path, env.styles_path)):
                folders.append(base / entry)
        for styles in env.styles_path:
            folders.append(Path(styles) / "config" / "dictionaries")
        for entry in os.environ.get("DICPATH", "").split(os.pathsep):
            if entry:
                folders.append(Path(entry))
        names = spec.strings("dictionaries")
        bundled = data_dir("dictionaries")
        extra: list[str] = []
        if spec.get("dic"):
            dic = style_folder / str(spec.get("dic"))
            aff = style_folder / str(spec.get("aff", "")) if spec.get("aff") else None
            pairs = [(dic, aff)]
        elif not names:
            # Vale's built-in dictionary: its own file when one is at hand, else writer's.
            found = find_dictionary(VALE_DICTIONARY, folders) or find_dictionary(
                BUNDLED_DICTIONARY, [bundled]
            )
            pairs = [found] if found is not None else []
            if found is not None and found[0].parent == bundled:
                extra = [WEB_WORDS]
        else:
            pairs = []
            folders.extend(Path(folder) for folder in SYSTEM_FOLDERS)
            folders.append(bundled)
            for name in names:
                found = find_dictionary(name, folders)
                if found is None:
                    raise spec.error(
                        f"dictionary '{name}' not found: put {name}.dic and {name}.aff in "
                        "the rule's dicpath or <StylesPath>/config/dictionaries",
                        "dictionaries",
                    )
                pairs.append(found)
        if spec.get("_all_dictionaries"):
            # Vale's own Spelling rule also reads every dictionary under StylesPath.
            for styles in env.styles_path:
                folder = Path(styles) / "config" / "dictionaries"
                if folder.is_dir():
                    for dic in sorted(folder.glob("*.dic")):
                        aff = dic.with_suffix(".aff")
                        pairs.append((dic, aff if aff.is_file() else None))
        self.dictionaries = [load_dictionary(dic, aff, env.dictionaries) for dic, aff in pairs]
        if extra:
            self.dictionaries.append(load_word_list(bundled / WEB_WORDS, env.dictionaries))
        if not self.dictionaries:
            env.notices.append(
                f"{spec.path}: no hunspell dictionary found for {spec.vale_name} (writer's "
                "bundled en_US is missing from this installation); the rule is skipped"
            )
        self.filters = [compile_pattern(spec, f, "filters") for f in spec.strings("filters")]
        self.accepted = [
            regex.compile(f"(?i)^(?:{term})$") for term in env.accepted if _safe_regex(term)
        ]
        self.phrases = phrase_pattern(env.accepted)
        self.ignored: set[str] = set()
        for entry in spec.strings("ignore"):
            for base in (style_folder, *map(Path, env.styles_path)):
                for path in (base / entry, base / "config" / "ignore" / entry):
                    if path.is_file():
                        self.ignored.update(_word_list(path))
                        break
                else:
                    continue
                break
        if spec.get("_all_dictionaries"):
            # Vale's own Spelling rule takes every word list under <StylesPath>/config/ignore.
            for styles in env.styles_path:
                folder = Path(styles) / "config" / "ignore"
                if folder.is_dir():
                    for path in sorted(folder.rglob("*")):
                        if path.is_file():
                            self.ignored.update(_word_list(path))
        self.ignored_lower = {word.lower() for word in self.ignored}

    def _ok(self, word: str) -> bool:
        # A listed word is accepted as written or in lower case ("nginx" lets "Nginx" pass).
        if word in self.ignored or word.lower() in self.ignored_lower:
            return True
        if any(p.fullmatch(word, timeout=budget()) for p in self.accepted):
            return True
        if any(f.search(word, timeout=budget()) for f in self.filters):
            return True
        if any(ch.isdigit() for ch in word):
            return True
        return any(d.known(word) for d in self.dictionaries)

    def alerts(self, unit: Unit, state: dict[Any, Any]) -> Iterator[Alert]:
        if not self.dictionaries:
            return
        text = unit.text
        for match in _WORD.finditer(text):
            word = match.group().strip("'’‘.")
            if not word or "-" in word or (word.isupper() and len(word) > 1):
                continue  # hyphenated words and acronyms are not spell-checked, as in Vale
            if _CJK.search(word) or self._ok(word):
                continue
            if within_phrase(self.phrases, text, match.start(), match.end()):
                continue
            start = match.start() + match.group().find(word)
            yield Alert(start, start + len(word), format_message(self.message, word))


def _word_list(path: Path) -> list[str]:
    """One word a line; blank lines and ``#`` skipped."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    return [line.strip() for line in lines if line.strip() and line.strip() != "#"]


def _listed_words(path: Path) -> list[str]:
    """One word a line; blank lines and lines starting with ``#`` skipped."""
    return [word for word in _word_list(path) if not word.startswith("#")]


def _safe_regex(term: str) -> bool:
    try:
        regex.compile(term)
    except regex.error:
        return False
    return True
