"""The project's vocabulary: the words its documents use that no rule should call misspelt or
wrong. Reading it is part of the config; this module writes it, where the config says:

- with a ``.vale.ini``: Vale's ``accept.txt`` of the first ``Vocab`` it names
  (``StylesPath/config/vocabularies/NAME/accept.txt``), one entry a line;
- else ``[vocabulary] accept`` in the config file in use (``.writer.toml``, ``writer.toml``, or
  ``[tool.writer.vocabulary]`` in ``pyproject.toml``), edited in place so comments and layout stay;
- with no config file, a new ``.writer.toml`` at the top of the repository (or the folder).

Entries are regular expressions, as Vale's are: a word is added with its special characters
escaped (``crates.io`` becomes ``crates\\.io``), so it matches itself only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from writer.errors import ConfigError, WriterError
from writer.infra.atomic import write_atomic
from writer.settings.config import Config

MAX_WORD = 100  # characters: a vocabulary entry is a word or a short phrase
_REGEX_SPECIAL = re.compile(r"([\\.^$*+?()\[\]{}|])")


@dataclass(frozen=True)
class Change:
    """What a vocabulary edit did: the file, and the entries added or removed."""

    path: Path
    changed: tuple[str, ...]
    unchanged: tuple[str, ...]


def entry_for(word: str) -> str:
    """The vocabulary entry (a regular expression) that accepts exactly ``word``."""
    word = word.strip()
    if not word or len(word) > MAX_WORD or "\n" in word or "\r" in word:
        raise WriterError(
            f"{word[:40]!r} cannot be a vocabulary entry: give a word or a short phrase "
            f"(one line, at most {MAX_WORD} characters)"
        )
    return _REGEX_SPECIAL.sub(r"\\\1", word)


def vocabulary_path(config: Config, start: Path) -> Path:
    """The file ``writer vocab`` writes for documents under ``config`` (``start``: where the
    command runs, used when there is no config file yet)."""
    if config.vale_ini is not None:
        return _vale_accept(config.vale_ini)
    if config.path is not None:
        return config.path
    return _repository_root(start) / ".writer.toml"


def add_words(config: Config, words: Sequence[str], start: Path) -> Change:
    """Accept ``words`` in the project's vocabulary; words already there are left alone."""
    entries = [entry_for(word) for word in words]
    path = vocabulary_path(config, start)
    if path.name == "accept.txt":
        return _edit_lines(path, entries, add=True)
    return _edit_toml(path, entries, add=True)


def remove_words(config: Config, words: Sequence[str], start: Path) -> Change:
    """Take ``words`` out of the project's vocabulary (as added: escaped, or as written)."""
    entries = [entry_for(word) for word in words] + [word.strip() for word in words]
    path = vocabulary_path(config, start)
    if not path.exists():
        return Change(path, (), tuple(words))
    if path.name == "accept.txt":
        return _edit_lines(path, entries, add=False)
    return _edit_toml(path, entries, add=False)


def accepted_entries(config: Config) -> tuple[str, ...]:
    """The entries the project accepts, as the checks read them."""
    if config.vale_ini is not None:
        from writer.settings.vale_ini import read_vale_ini

        parsed = read_vale_ini(config.vale_ini)
        if not parsed.vocab or not parsed.styles_path:
            return ()  # no vocabulary: nothing accepted (writing one asks for a Vocab)
        path = _vale_accept(config.vale_ini)
        if not path.is_file():
            return ()
        return tuple(_lines(path.read_text(encoding="utf-8-sig")))
    return config.vocabulary_accept


# -- Vale's accept.txt ----------------------------------------------------------------------------


def _vale_accept(ini: Path) -> Path:
    from writer.settings.vale_ini import read_vale_ini

    parsed = read_vale_ini(ini)
    if not parsed.vocab:
        raise ConfigError(
            str(ini),
            "no Vocab is set: add 'Vocab = Project' (any name) at the top so accepted words have "
            "a place (StylesPath/config/vocabularies/Project/accept.txt)",
        )
    if not parsed.styles_path:
        raise ConfigError(str(ini), "no StylesPath is set: add 'StylesPath = styles'")
    base = parsed.styles_path[0]
    name = parsed.vocab[0]
    for folder in (base / "config" / "vocabularies" / name, base / "Vocab" / name):
        if folder.is_dir():
            return folder / "accept.txt"
    return base / "config" / "vocabularies" / name / "accept.txt"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _edit_lines(path: Path, entries: Sequence[str], *, add: bool) -> Change:
    text = path.read_text(encoding="utf-8-sig") if path.exists() else ""
    present = set(_lines(text))
    if add:
        new = [entry for entry in dict.fromkeys(entries) if entry not in present]
        if new:
            body = text if not text or text.endswith("\n") else text + "\n"
            body += "".join(f"{entry}\n" for entry in new)
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, body.encode("utf-8"))
        return Change(path, tuple(new), tuple(e for e in entries if e in present))
    wanted = set(entries)
    kept = [line for line in text.splitlines() if line.strip() not in wanted]
    removed = tuple(e for e in dict.fromkeys(entries) if e in present)
    if removed:
        write_atomic(path, ("\n".join(kept) + "\n" if kept else "").encode("utf-8"))
    return Change(path, removed, ())


# -- TOML config files ----------------------------------------------------------------------------


def _edit_toml(path: Path, entries: Sequence[str], *, add: bool) -> Change:
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        document = tomlkit.parse(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), f"cannot read it: {exc}") from None
    except TOMLKitError as exc:
        raise ConfigError(str(path), f"invalid TOML: {exc}") from None
    root = document
    if path.name == "pyproject.toml":
        root = document.setdefault("tool", tomlkit.table()).setdefault("writer", tomlkit.table())
    table = root.get("vocabulary")
    if table is None:
        if not add:
            return Change(path, (), tuple(entries))
        table = root["vocabulary"] = tomlkit.table()
    accept = table.get("accept")
    if accept is None:
        accept = tomlkit.array()
        table["accept"] = accept
    present = [str(item) for item in accept]
    if add:
        changed = tuple(e for e in dict.fromkeys(entries) if e not in present)
        for entry in changed:
            accept.append(entry)
        if len(accept) > 3:
            accept.multiline(True)
    else:
        changed = tuple(e for e in dict.fromkeys(entries) if e in present)
        for entry in changed:
            accept.remove(entry)
    if changed:
        write_atomic(path, tomlkit.dumps(document).encode("utf-8"))
    return Change(path, changed, tuple(e for e in entries if e not in changed))


def _repository_root(start: Path) -> Path:
    directory = start.resolve()
    for candidate in (directory, *directory.parents):
        if (candidate / ".git").exists():
            return candidate
    return directory
