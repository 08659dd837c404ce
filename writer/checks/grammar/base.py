"""What every grammar backend returns, and how a backend says it cannot run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from writer.errors import WriterError
from writer.model.findings import Severity


@dataclass(frozen=True)
class GrammarMatch:
    """One problem a backend found in one text: ``text[start:end]`` in code points."""

    start: int
    end: int
    rule: str  # the backend's own rule id, such as MORFOLOGIK_RULE_EN_US or SpellCheck
    message: str
    issue_type: str  # LanguageTool's issueType, or harper's lint kind
    category: str = ""
    replacements: tuple[str, ...] = ()
    spelling: bool = False

    def to_row(self) -> list[object]:
        return [
            self.start,
            self.end,
            self.rule,
            self.message,
            self.issue_type,
            self.category,
            list(self.replacements),
            self.spelling,
        ]

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> GrammarMatch:
        """Rebuild a match from :meth:`to_row` output; raises ValueError when it is not one."""
        if len(row) != 8 or not isinstance(row[0], int) or not isinstance(row[1], int):
            raise ValueError("not a grammar match row")
        start, end, rule, message, issue_type, category, replacements, spelling = row
        return cls(
            start,
            end,
            rule,
            message,
            issue_type,
            category,
            tuple(replacements),
            spelling,
        )


class GrammarUnavailable(WriterError):
    """The backend cannot check anything in this run; ``str()`` says why and what to do."""


class Backend(Protocol):
    """A grammar checker for plain prose."""

    @property
    def name(self) -> str:
        """``languagetool`` or ``harper``: the middle part of the rule ids."""
        ...

    @property
    def fingerprint(self) -> str:
        """Backend, version, language and settings: what the cached results depend on."""
        ...

    def check(self, texts: Sequence[str]) -> list[list[GrammarMatch]]:
        """The matches for each text. Raises :class:`GrammarUnavailable` when it cannot."""
        ...

    def close(self) -> None: ...


# Issue types (LanguageTool's issueType, harper's lint kinds) that read as mistakes rather than
# matters of style.
_MISTAKES = frozenset(
    {
        # LanguageTool
        "misspelling",
        "grammar",
        "duplication",
        "inconsistency",
        "omission",
        "addition",
        "mistranslation",
        "untranslated",
        # harper
        "spelling",
        "agreement",
        "repetition",
        "typo",
        "boundaryerror",
        "eggcorn",
        "malapropism",
    }
)


# Rules whose issue type undersells them: harper files "a apple" under "Miscellaneous".
_MISTAKE_RULES = frozenset({"AnA"})


def severity_for(issue_type: str, rule: str = "") -> Severity:
    """Mistakes are warnings; style, typography and everything else are suggestions."""
    if issue_type.lower() in _MISTAKES or rule in _MISTAKE_RULES:
        return Severity.WARNING
    return Severity.SUGGESTION
