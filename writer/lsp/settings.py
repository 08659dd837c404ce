"""What the server is asked for beyond each document's config: the command line of ``writer lsp``,
then the client's ``initializationOptions`` and ``workspace/didChangeConfiguration`` settings.

Every document still finds its own config (``.writer.toml``, ``writer.toml`` or ``[tool.writer]``
in ``pyproject.toml``) by walking up from its folder, as ``writer lint`` does; ``config`` names one
file for every document instead, as ``writer lint --config`` does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from writer.api import LintOptions

DEBOUNCE_SECONDS = 0.3
# Where a rule's documentation lives: the rule reference, one anchor per rule id.
RULE_DOCS = "https://github.com/writer-docs/writer/blob/main/docs/rules.md#{rule}"
GRAMMAR_BACKENDS = ("off", "auto", "languagetool", "harper")


@dataclass(frozen=True)
class ServerSettings:
    config: Path | None = None  # one config for every document (as ``writer lint --config``)
    template: str | None = None  # as ``--template``: a name, a spec path or ``auto``
    grammar: str | None = None  # as ``--grammar``; None: each config's own
    debounce: float = DEBOUNCE_SECONDS  # pause after a change before the document is checked
    rule_docs: str = RULE_DOCS  # a rule's documentation, ``{rule}`` standing for its id

    def lint_options(self) -> LintOptions:
        return LintOptions(
            config_path=self.config,
            template=self.template,
            grammar=self.grammar,
            jobs=1,
            resident=True,
        )

    def updated(self, options: object) -> tuple[ServerSettings, list[str]]:
        """These settings with the client's ``options`` (a JSON object, or one holding a
        ``writer`` object) applied, and a line for each option that was not understood."""
        if not isinstance(options, Mapping):
            return self, []
        inner = options.get("writer")
        if isinstance(inner, Mapping):
            options = inner
        changes: dict[str, Any] = {}
        problems: list[str] = []
        for key, value in options.items():
            if value is None:
                continue
            if key == "config" and isinstance(value, str):
                changes["config"] = Path(value).expanduser() if value else None
            elif key == "template" and isinstance(value, str):
                changes["template"] = value or None
            elif key == "grammar" and isinstance(value, str) and value in GRAMMAR_BACKENDS:
                changes["grammar"] = value
            elif (
                key in ("debounceMs", "debounce_ms")
                and isinstance(value, (int, float))
                and not isinstance(value, bool)
                and 0 <= value <= 10_000
            ):
                changes["debounce"] = value / 1000
            elif key in ("ruleDocs", "rule_docs") and isinstance(value, str) and value:
                changes["rule_docs"] = value
            else:
                problems.append(f"setting {key!r} = {value!r} is not understood; it is ignored")
        return (replace(self, **changes) if changes else self), problems

    def rule_url(self, rule: str) -> str:
        return self.rule_docs.replace("{rule}", rule)
