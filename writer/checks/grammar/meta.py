"""The grammar rule families: what ``writer rules`` lists and ``--select grammar`` knows,
whether or not grammar is on. Apart from the checker, so a run without grammar need not import it.
"""

from __future__ import annotations

from writer.model.findings import Severity
from writer.model.rules import RuleMeta

_PRIVACY = "Only prose is checked: code, URLs, comments and front matter never leave the document. "
LANGUAGETOOL = RuleMeta(
    id="grammar.languagetool",
    severity=Severity.WARNING,
    summary="Grammar, spelling and style problems found by LanguageTool.",
    explanation=(
        "Each LanguageTool rule reports as grammar.languagetool.<RULE>, such as "
        "grammar.languagetool.MORFOLOGIK_RULE_EN_US for spelling. Spelling and grammar "
        "mistakes are warnings, style and typography suggestions. Replacements are offered as "
        "fixes, applied only on request. Turn it on with --grammar languagetool (a local "
        "LanguageTool) or --languagetool-server URL (your team's server), or [grammar] in the "
        "config. " + _PRIVACY + "Words in the vocabulary accept list are not reported as "
        "misspelt."
    ),
    good="The rollout starts on Monday.",
    bad="The rollout starts on Munday.",
    fixable=True,
    source="built-in",
    dynamic=True,
)
HARPER = RuleMeta(
    id="grammar.harper",
    severity=Severity.WARNING,
    summary="Grammar and spelling problems found by harper, offline.",
    explanation=(
        "Each harper rule reports as grammar.harper.<Rule>, such as grammar.harper.SpellCheck "
        "or grammar.harper.AnA. harper runs inside writer, so nothing leaves the machine. "
        "Spelling and grammar mistakes are warnings, style suggestions. Replacements are "
        "offered as fixes, applied only on request. Turn it on with --grammar harper or "
        'backend = "harper" in [grammar]. ' + _PRIVACY + "Words in the vocabulary accept list "
        "are not reported as misspelt."
    ),
    good="This is a test of the rollout.",
    bad="This is an test of the rollout.",
    fixable=True,
    source="built-in",
    dynamic=True,
)
FAMILIES = {"languagetool": LANGUAGETOOL, "harper": HARPER}
