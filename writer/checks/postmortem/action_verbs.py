"""The verbs an action item opens with, for telling an action ("Add alerts for Flux") from a
topic ("Flux metrics and alerts"). A word list, not a tagger: an item's first word is read in
the imperative, and its inflections (``adding``, ``adds``, ``added``) count.
"""

from __future__ import annotations

import functools

_WORDS = """
    accept acknowledge add adjust adopt agree align allow alert analyse analyze announce apply
    archive ask assign audit automate avoid back backport ban block break bring build bump buy
    cache calculate cap capture change check choose clarify clean clear close collect combine
    communicate complete configure confirm connect consider consolidate contact continue
    convert copy correct create cut decide declare decommission dedicate define delete deliver
    deploy deprecate describe design detect determine develop disable discuss distribute
    document double drain drop educate eliminate enable encourage encrypt enforce engage enhance
    ensure escalate establish estimate evaluate examine expand expire explain explore export
    expose extend extract file filter find finish fix flag follow force fork formalise
    formalize fund gate gather generate get give grant group guard handle harden have help hire
    hold host identify implement import improve include increase inform initiate inspect
    install instrument integrate introduce investigate invest isolate issue join keep kill
    label land launch lead learn limit link list load lock log look lower maintain make manage
    mandate mark measure merge migrate minimise minimize mirror mitigate modify monitor move
    name note notify obtain offer onboard open optimise optimize order organise organize own
    page parallelise pass patch pause perform pin plan point populate post prepare present
    prevent prioritise prioritize probe produce promote propose protect prototype provide
    provision publish pull purge push put query queue raise reach read rebuild receive
    recommend record redesign reduce refactor refine reflect register reject release remind
    remove rename reorganise repair replace replicate report request require rerun research
    reserve reset resize resolve restore restrict restructure resume retire retry return reuse
    revert review revise revisit revoke rework rewrite roll rotate route run scale scan
    schedule scope secure select send separate serve set setup share shift ship show shorten
    shrink sign simplify size skip snapshot sort specify split stabilise stabilize stage
    standardise standardize start stop store streamline strengthen submit subscribe supply
    support switch sync synchronise tag take talk teach tell terminate test throttle tidy
    tighten time track train transfer translate trigger trim try tune turn unify uninstall
    unpin update upgrade upload use validate verify version warn watch wire work wrap write
"""
# Endings an inflected form may carry, and what to put back to reach the verb.
_ENDINGS = (("ing", ""), ("ing", "e"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""))


@functools.cache
def _verbs() -> frozenset[str]:
    return frozenset(_WORDS.split())


def is_action_verb(word: str) -> bool:
    """Is ``word`` one of the verbs of an action, as written or inflected ("adding",
    "stopped")?"""
    lowered = word.lower()
    verbs = _verbs()
    if lowered in verbs:
        return True
    for ending, restore in _ENDINGS:
        if not lowered.endswith(ending):
            continue
        base = lowered[: -len(ending)] + restore
        if base in verbs:
            return True
        doubled = ending in ("ing", "ed") and len(base) > 2 and base[-1] == base[-2]
        if doubled and base[:-1] in verbs:  # "stopping", "planned"
            return True
    return False


def is_plain_verb(word: str) -> bool:
    """``word`` written as the verb itself, lower case ("lock" in "Version lock Flux")."""
    return word.islower() and word in _verbs()
