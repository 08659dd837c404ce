"""Each file's result kept between runs, reused while nothing it depends on has changed.

A result is keyed by everything that decides it: the file's text, its path (which picks its
template and kind) and the marker files beside it, the file's resolved config with the command
line's options, the style guides and templates that can apply (every file under their folders,
by size and modification time), the grammar settings and backend, and writer itself (its
version, and its code and bundled data by size and modification time). A change to any of them
is a new key, so a stale result is never read back. Results that depend on anything else (a
rule stopped by its time budget, a grammar backend that could not run) are not kept.

The results live in ``$XDG_CACHE_HOME/writer/results-v1.sqlite3`` beside the grammar cache,
shared by processes running at once and kept under :data:`MAX_BYTES`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import sys
from pathlib import Path

from writer import __version__
from writer.infra.cachedir import cache_home
from writer.infra.stamps import code_stamp, folders_stamp, library_stamp
from writer.infra.store import Store
from writer.model import codec
from writer.model.findings import FileResult
from writer.settings.config import Config
from writer.settings.options import LintOptions

SCHEMA = 1
MAX_BYTES = 128 * 1024 * 1024
# Libraries whose behaviour is part of a result: an upgrade of one is a new key.
_GRAMMAR_LIBRARIES = ("harper", "language_tool_python")
# Front matter that names a template by path: the path is read relative to the document, so
# such a document is not cached (its template file is outside what the key covers).
_TEMPLATE_PATH = re.compile(r"(?m)^template\s*[:=]\s*[\"']?[^\n]*(?:[/\\]|\.ya?ml\b)")


def cache_file() -> Path:
    return cache_home() / f"results-v{SCHEMA}.sqlite3"


class ResultCache:
    """Looks results up and keeps them, for one linter (one set of options)."""

    def __init__(self, options: LintOptions, path: Path | None = None) -> None:
        self.store = Store(path or cache_file(), MAX_BYTES)
        kept = dataclasses.replace(
            options, jobs=None, changed_since=None, strict_since=None, new_only=False, cache=False
        )
        self._options = repr(kept)
        self._settings: dict[int, tuple[Config, str, tuple[str, ...]]] = {}

    # -- keys --------------------------------------------------------------------------------
    def key(self, text: str, path: Path, display: str, config: Config) -> str | None:
        """The key of ``text`` read from ``path`` under ``config``, or None when the result
        cannot be cached."""
        head = text[:4000]
        if "template" in head and _TEMPLATE_PATH.search(head):
            return None
        if config.grammar.backend != "off" and not config.grammar.cache:
            return None  # grammar results are not to be kept: neither is what holds them
        settings, markers = self._settings_for(config)
        digest = hashlib.sha256()
        digest.update(settings.encode("utf-8"))
        digest.update(b"\0")
        digest.update(display.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
        digest.update(os.path.abspath(path).encode("utf-8", "surrogatepass"))
        for name in markers:
            digest.update(b"\1" if (path.parent / name).is_file() else b"\0")
        digest.update(b"\0")
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _settings_for(self, config: Config) -> tuple[str, tuple[str, ...]]:
        """What every file under ``config`` shares in its key, and the marker file names to
        look for beside each file; worked out once per config."""
        known = self._settings.get(id(config))
        if known is not None and known[0] is config:
            return known[1], known[2]
        markers = _marker_names(config)
        parts = [
            f"schema {SCHEMA} codec {codec.FORMAT} writer {__version__} python {sys.version}",
            code_stamp(),
            self._options,
            repr(config),
            "markers " + " ".join(markers),
            *_environment(config),
        ]
        settings = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
        self._settings[id(config)] = (config, settings, markers)
        return settings, markers

    # -- reading and keeping -----------------------------------------------------------------
    def get(self, key: str, text: str) -> FileResult | None:
        data = self.store.get(key)
        if data is None:
            return None
        return codec.decode(data, text)

    def put(self, key: str, result: FileResult) -> None:
        if result.volatile or result.fatal or result.lenient:
            return
        data = codec.encode(result)
        if data is not None:
            self.store.put(key, data)

    def close(self) -> None:
        self.store.close()


def _environment(config: Config) -> list[str]:
    """Files and settings outside the config that a result can depend on."""
    root = config.root
    folders: list[Path] = []
    for entry in (*config.template_paths, *config.style_paths):
        folder = Path(entry).expanduser()
        folders.append(folder if folder.is_absolute() else root / folder)
    for name in (*(config.styles or ()), config.template or "", *(t for _g, t in config.templates)):
        if "/" in name or "\\" in name or name.endswith((".yaml", ".yml")):
            candidate = Path(name).expanduser()
            folders.append(candidate if candidate.is_absolute() else root / candidate)
            folders.append(Path(name))  # as the command line gives it, from here
    if config.vale_ini is not None:
        folders.append(config.vale_ini)
        folders.extend(_vale_styles(config.vale_ini))
    lines = [folders_stamp(folders)]
    dicpath = os.environ.get("DICPATH", "")
    lines.append(f"DICPATH {dicpath}")
    if dicpath:
        lines.append(folders_stamp(Path(p) for p in dicpath.split(os.pathsep) if p))
    if config.grammar.backend != "off":
        lines.append(f"LTP_PATH {os.environ.get('LTP_PATH', '')}")
        lines.extend(library_stamp(name) for name in _GRAMMAR_LIBRARIES)
    return lines


def _vale_styles(ini: Path) -> list[Path]:
    """The folders a ``.vale.ini`` reads styles and vocabularies from."""
    from writer.errors import WriterError
    from writer.settings.vale_ini import read_vale_ini

    try:
        return list(read_vale_ini(ini).styles_path)
    except (WriterError, OSError):
        return []


def _marker_names(config: Config) -> tuple[str, ...]:
    """The files whose presence beside a document marks its template (a KEP's kep.yaml)."""
    from writer.errors import WriterError
    from writer.templates.spec import available_templates

    try:
        templates = available_templates(config.template_paths)
    except WriterError:
        return ()
    return tuple(sorted({name for spec in templates for name in spec.markers.files}))
