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
        "fixes, applied only on request. Runs when a server is configured (grammar.server or "
        "--languagetool-server URL: auto prefers it), or with --grammar languagetool (a local "
        "LanguageTool). " + _PRIVACY + "Words in the vocabulary accept list are not reported as "
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
    summary="Spelling and grammar problems found by harper, offline (on by default).",
    explanation=(
        "Each harper rule reports as grammar.harper.<Rule>. By default only the rules right at "
        "least 85% of the time on real design docs and postmortems run: SpellCheck, AnA "
        "('a apple'), Alongside, Straightforward, EveryTime, OpenCompounds ('upto'), Bypass, "
        "ThenThan ('smaller then'), ApartFrom, WorseOrWorst, ThatThis ('the this'), Everyday, "
        "DoubleModal ('should should'), TheMy ('the its'), CorrectNumberSuffix ('1th'), "
        "AllowTo ('allows to skip'), WorthToDo, ArriveTo, AwaitFor, AwareOf, ReasonForDoing, "
        "Unless, DidPast ('did not supported'), ShutdownVerb ('is shutdown'), "
        "CriteriaPhenomena ('this criteria'), EnvironmentVariable, ItsContraction "
        "('its a bug'), ItsPossessive (\"it's own\") and PhrasalVerbAsCompoundNoun ('to "
        "setup'); name others in [grammar] "
        "enabled_rules or select them by full id "
        "(--select grammar.harper.LongSentences). harper runs inside writer, so nothing leaves "
        "the machine. Spelling skips identifiers, acronyms, names capitalised mid-sentence, "
        "words written in code elsewhere in the document, block quotes, the project's "
        "vocabulary and a bundled technical vocabulary; British and American spellings are "
        "both right. Replacements are offered as fixes, applied only on request. "
        + _PRIVACY
        + 'Turn it off with --grammar off or backend = "off" in [grammar]; add a word with '
        "writer vocab add WORD."
    ),
    good="This is a test of the rollout.",
    bad="This is an test of the rolout.",
    fixable=True,
    source="built-in",
    dynamic=True,
)
FAMILIES = {"languagetool": LANGUAGETOOL, "harper": HARPER}
