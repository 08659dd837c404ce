"""The ``harper`` backend: harper-py, an offline grammar checker that runs in this process.

``harper`` is imported only when this backend is built, so ``writer lint`` without grammar never
loads it.
"""

from __future__ import annotations

import bisect
import hashlib
import importlib.util
import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from writer.checks.grammar.base import GrammarMatch, GrammarUnavailable
from writer.settings.config import GrammarSettings

SPELLING_RULES = frozenset({"SpellCheck"})
_DIALECTS = {"en-us": "AMERICAN", "en-gb": "BRITISH", "en-au": "AUSTRALIAN", "en-ca": "CANADIAN"}
_DIALECTS.update({"en-in": "INDIAN", "en": "AMERICAN"})
# Texts joined into one call: harper treats a blank line as a paragraph break. Measured on KEPs,
# about 20 paragraphs a call is faster than one a call or a whole document a call.
_SEPARATOR = "\n\n"
BATCH = 20


def harper_installed() -> bool:
    return importlib.util.find_spec("harper") is not None


def harper_version() -> str:
    """The installed harper-py version, read from its ``dist-info`` folder name: importing
    ``importlib.metadata`` costs more than a cached grammar run spends on everything else."""
    spec = importlib.util.find_spec("harper")
    if spec is not None and spec.origin:
        site = Path(spec.origin).parent.parent
        for info in sorted(site.glob("harper_py-*.dist-info")):
            return info.name[len("harper_py-") : -len(".dist-info")]
    from importlib import metadata

    try:
        return metadata.version("harper-py")
    except metadata.PackageNotFoundError:
        return "unknown"


class HarperBackend:
    """Checks texts with one reused ``harper.Linter``. Building one takes about half a second,
    so it is built when the first text needs checking, not before."""

    name = "harper"

    def __init__(self, settings: GrammarSettings) -> None:
        dialect = _DIALECTS.get(settings.language.lower())
        if dialect is None:
            raise GrammarUnavailable(
                f"harper checks English only; grammar.language = {settings.language!r} is not "
                "one of en-US, en-GB, en-AU, en-CA, en-IN: use languagetool for other languages"
            )
        if not harper_installed():
            raise GrammarUnavailable("harper is not installed: pip install 'writer[harper]'")
        self._harper: Any = None  # imported on first use: a cached run never loads it
        self._dialect_name = dialect
        self._linter: Any = None  # built on first use: a cached run never builds it
        self._lock = threading.Lock()  # a harper Linter must not be entered by two threads
        config: dict[str, bool | None] = {rule: False for rule in settings.disabled_rules}
        config.update({rule: True for rule in settings.enabled_rules})
        self._config = config
        identity = {
            "backend": self.name,
            "version": harper_version(),
            "dialect": dialect,
            "config": sorted(config.items()),
        }
        self.fingerprint = hashlib.sha256(
            json.dumps(identity, sort_keys=True).encode("utf-8")
        ).hexdigest()[:32]

    def check(self, texts: Sequence[str]) -> list[list[GrammarMatch]]:
        results: list[list[GrammarMatch]] = []
        for first in range(0, len(texts), BATCH):
            results.extend(self._check_batch(texts[first : first + BATCH]))
        return results

    def _check_batch(self, texts: Sequence[str]) -> list[list[GrammarMatch]]:
        results: list[list[GrammarMatch]] = [[] for _ in texts]
        if not texts:
            return results
        starts = []
        position = 0
        for text in texts:
            starts.append(position)
            position += len(text) + len(_SEPARATOR)
        joined = _SEPARATOR.join(texts)
        try:
            with self._lock:
                if self._linter is None:
                    self._linter = self._build()
                organized = self._linter.organized_lints(joined, language="plaintext")
        except GrammarUnavailable:
            raise
        except Exception as exc:  # a crash inside the checker skips grammar, never the run
            raise GrammarUnavailable(f"harper failed: {type(exc).__name__}: {exc}") from exc
        for rule, lints in organized.items():
            for lint in lints:
                start, end = lint.span.start, lint.span.end
                index = bisect.bisect_right(starts, start) - 1
                base = starts[index]
                if end > base + len(texts[index]):
                    continue  # crosses two texts: an artefact of joining them
                replacements = tuple(
                    "" if s.kind == self._harper.SuggestionKind.REMOVE else s.replacement_text
                    for s in lint.suggestions
                    if s.kind != self._harper.SuggestionKind.INSERT_AFTER
                )
                results[index].append(
                    GrammarMatch(
                        start=start - base,
                        end=end - base,
                        rule=str(rule),
                        message=str(lint.message),
                        issue_type=str(lint.lint_kind),
                        category=str(lint.lint_kind),
                        replacements=replacements,
                        spelling=rule in SPELLING_RULES or lint.lint_kind == "Spelling",
                    )
                )
        for matches in results:
            matches.sort(key=lambda m: (m.start, m.end, m.rule))
        return results

    def _build(self) -> Any:
        import harper

        self._harper = harper
        linter = harper.Linter(getattr(harper.Dialect, self._dialect_name))
        if self._config:
            known = set(linter.get_default_lint_config())
            unknown = sorted(rule for rule in self._config if rule not in known)
            if unknown:
                raise GrammarUnavailable(
                    f"harper has no rule named {', '.join(unknown)}: check "
                    "grammar.disabled_rules and grammar.enabled_rules"
                )
            linter.set_lint_config(self._config)
        return linter

    def close(self) -> None:
        self._linter = None
