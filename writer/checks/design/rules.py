"""The design-doc rules: their ids, levels and documentation, apart from the code that checks
them (:mod:`writer.checks.design.checkers` and the modules it uses)."""

from __future__ import annotations

from writer.model.findings import Severity
from writer.model.rules import RuleMeta

GOAL_UNMEASURABLE = RuleMeta(
    id="design.goal-unmeasurable",
    severity=Severity.SUGGESTION,
    summary="A goal only promises 'better', or restates the title, and names nothing to check.",
    explanation=(
        "'Improve the user experience' cannot be met or missed. A goal a reviewer can hold you "
        "to names an observable outcome: a number ('p99 checkout latency under 300 ms'), a "
        "condition that can be tested ('operators can rotate keys without a restart', 'X is "
        "never used for Y'), an API, field or behaviour that will or will not exist. Reported: "
        "goals that only promise to improve, simplify or reduce something, or a quality ('a "
        "feature-rich UI', 'with less risk of conflicts'), with no figure, code or condition "
        "to check them by; and goals that wrap the document's own title ('provide a solution "
        "that enables <title>')."
    ),
    good="- p99 checkout latency under 300 ms at 2k QPS\n- Operators can rotate keys without a "
    "restart",
    bad="- Improve checkout performance",
    source="built-in",
)
NON_GOAL_NEGATED = RuleMeta(
    id="design.non-goal-negated",
    severity=Severity.WARNING,
    summary="A non-goal is a requirement said backwards ('shouldn't crash').",
    explanation=(
        "A non-goal names something deliberately left out of scope ('Supporting Windows "
        "hosts'). 'The service shouldn't crash' is a requirement: move it to the goals or "
        "the requirements, stated positively and measurably."
    ),
    good="- Supporting Windows hosts",
    bad="- The service shouldn't crash under load",
    source="built-in",
)
ALTERNATIVES = RuleMeta(
    id="design.alternatives",
    severity=Severity.WARNING,
    summary="Fewer than two alternatives, or an alternative without the reason it lost.",
    explanation=(
        "A design changes minds when it shows the options it beat. Describe at least two "
        "alternatives (doing nothing counts) and, for each, why it was not chosen. Options "
        "written as sections of their own ('Option 1: ...', 'Option 2: ...') count, and so do "
        "options weighed under 'Trade-offs' or 'Rationale' beside a section that only holds "
        "prior art."
    ),
    good="## Alternatives\n\n- Do nothing: the queue overflows weekly.\n- Kafka: rejected "
    "because the team runs no brokers.",
    bad="## Alternatives\n\n- Kafka.",
    source="built-in",
)
FAILURE_MODES = RuleMeta(
    id="design.failure-modes",
    severity=Severity.WARNING,
    summary="No failure-modes section, an empty one, or 'none' where the document describes "
    "how it fails.",
    explanation=(
        "Reviewers ask what happens when a dependency is slow, a node dies or the data is bad. "
        "Write down the failure modes and what the design does in each. A failure-modes "
        "section or question answered 'None', 'No' or 'N/A' is reported when the document "
        "itself describes how the change can fail elsewhere (the finding quotes that line)."
    ),
    good="## Failure modes\n\nIf the cache is down, reads fall back to the database.",
    bad="## Failure modes\n\n## Rollout",
    source="built-in",
)
ROLLBACK = RuleMeta(
    id="design.rollback",
    severity=Severity.WARNING,
    summary="The design never says how to roll back.",
    explanation=(
        "Every change needs a way back: a flag to turn off, a revert, a downgrade path. Say "
        "how to roll back and what state is left behind."
    ),
    good="## Rollout\n\nBehind the `new-cache` flag; turning it off rolls back.",
    bad="## Rollout\n\nShip to all regions on Monday.",
    source="built-in",
)
OPEN_QUESTIONS = RuleMeta(
    id="design.open-questions",
    severity=Severity.WARNING,
    summary="The document is approved while open questions remain.",
    explanation=(
        "An approved design with open questions was approved before it was decided. Answer "
        "the questions (and move the answers into the design), or set the status back."
    ),
    good="---\nstatus: approved\n---\n\n## Open questions\n\nNone: settled in review.",
    bad="---\nstatus: approved\n---\n\n## Open questions\n\n- Which region first?",
    source="built-in",
)
ESTIMATE_ARITHMETIC = RuleMeta(
    id="design.estimate-arithmetic",
    severity=Severity.WARNING,
    summary="A back-of-the-envelope estimate does not add up.",
    explanation=(
        "Estimates such as '10k QPS x 2 KB = 20 MB/s' are evaluated with their units (SI and "
        "binary prefixes, rates per second or day, percentages). A stated result more than "
        "10% (`design.estimate_tolerance`) from the computed one is reported. KB, MB, GB are "
        "accepted in either their decimal or binary sense."
    ),
    good="3 replicas x 500 GB = 1.5 TB",
    bad="3 replicas x 500 GB = 15 TB",
    source="built-in",
)

CLAIM_CONTRADICTED = RuleMeta(
    id="design.claim-contradicted",
    severity=Severity.WARNING,
    summary="'No risk', 'backward compatible', 'N/A' or 'None' where the document says "
    "otherwise elsewhere.",
    explanation=(
        "A claim the document itself contradicts loses the reader's trust in both places: "
        "'fully backward compatible' above a risk that dashboards stop working on upgrade, "
        "'Upgrade / Downgrade: N/A' next to a note that downgrading leaves objects behind, "
        "'How can a rollback fail? No.' where the rollback needs manual clean-up, 'conversion "
        "without loss' beside a known conversion loss, 'Unresolved questions: None' while a "
        "question is left open elsewhere. The finding sits on the claim and quotes the line "
        "that contradicts it: correct the claim, or explain why the other passage does not "
        "apply."
    ),
    good="## Upgrade / Downgrade Strategy\n\nDowngrading leaves the new objects in place; "
    "delete them first (see Risks).\n\n## Risks\n\nAfter a downgrade, objects with the new "
    "field break pod creation.",
    bad="## Upgrade / Downgrade Strategy\n\nN/A\n\n## Risks\n\nAfter a downgrade, objects "
    "with the new field break pod creation.",
    source="built-in",
)
TEST_PLAN = RuleMeta(
    id="design.test-plan",
    severity=Severity.WARNING,
    summary="A test plan that names no test: only promises, placeholders or work for later.",
    explanation=(
        "'Add e2e tests', 'We should ensure we cover all features' and 'Tests will be added "
        "if time allows' tell a reviewer nothing about how the change will be verified. A "
        "test plan names its tests: a test file or function, a job or suite, a link to a "
        "test grid, the behaviour each test checks. Reported when no item of the test plan "
        "names a test or says what it checks, and when a threshold is left as a question mark "
        "('latency below ? ms')."
    ),
    good="## Test plan\n\n- Unit: `quota/limit_test.go` covers the budget arithmetic.\n- E2E: "
    "`[sig-apps] Quota rejects pods over the limit` in `ci-e2e-quota`.",
    bad="## Test plan\n\n- Add unit tests\n- Add e2e tests",
    source="built-in",
)
MITIGATION = RuleMeta(
    id="design.mitigation",
    severity=Severity.WARNING,
    summary="A risk with no mitigation, or one with no number, condition or mechanism.",
    explanation=(
        "A risk is only half written until it says what limits it. 'Clear documentation', "
        "'open a bug', 'it seems unlikely' and 'benchmark to verify impact' do not say what "
        "happens or when to act. A mitigation names a mechanism (a feature gate, a validation, "
        "a limit), a number or a condition ('roll back when p99 exceeds 300 ms'). Rollback "
        "signals with no threshold ('a significant increase in memory') are reported too."
    ),
    good="## Risks and mitigations\n\n- Pods could exceed the node limit. Mitigation: the "
    "kubelet rejects pods over `podPidsLimit` and emits `PIDLimitCapped`.",
    bad="## Risks and mitigations\n\n- Pods could exceed the node limit. Mitigation: clear "
    "documentation.",
    source="built-in",
)
DRAWBACKS = RuleMeta(
    id="design.drawbacks",
    severity=Severity.SUGGESTION,
    summary="Drawbacks of one word, or 'none' for a change the document shows has costs.",
    explanation=(
        "Every change costs something: code to maintain, behaviour that surprises someone, a "
        "migration. 'Drawbacks: None' next to a risks section that describes breakage, or a "
        "single one-line drawback while the risks list several, tells the reviewer the costs "
        "were not weighed. Name each cost and who pays it."
    ),
    good="## Drawbacks\n\n- Volumes are now deleted for users who relied on the old "
    "behaviour.\n- PVs keep a finalizer after a rollback until it is removed by hand.",
    bad="## Drawbacks\n\nNone.\n\n## Risks\n\nUsers who relied on the old behaviour lose volumes.",
    source="built-in",
)

DESIGN_RULES = (
    GOAL_UNMEASURABLE,
    NON_GOAL_NEGATED,
    ALTERNATIVES,
    FAILURE_MODES,
    ROLLBACK,
    OPEN_QUESTIONS,
    ESTIMATE_ARITHMETIC,
    CLAIM_CONTRADICTED,
    TEST_PLAN,
    MITIGATION,
    DRAWBACKS,
)
