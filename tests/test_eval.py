"""The evaluation set and its harness (``bench/eval.py``): labels that load and point at real
lines, a judged file in its format, and the harness run end to end on a small slice."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "eval"


def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("writer_eval", ROOT / "bench" / "eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["writer_eval"] = module
    spec.loader.exec_module(module)
    return module


harness = _harness()


def test_every_label_loads_with_known_kinds_and_fields() -> None:
    labels = harness.load_labels(harness.load_kinds())
    assert len([label for label in labels if label.kind == "postmortem"]) >= 40
    assert len([label for label in labels if label.kind in ("design", "adr")]) >= 25
    for label in labels:
        assert label.split in ("dev", "holdout"), label.doc
        for defect in label.defects:
            assert defect.severity in ("error", "warning", "suggestion"), (label.doc, defect)
            assert 1 <= defect.first <= defect.last, (label.doc, defect)
    teams = {label.team for label in labels if label.split == "holdout"}
    assert teams, "some teams are kept apart for testing rules on documents not read"


@pytest.mark.parametrize("path", sorted(EVAL.glob("judged*.tsv")), ids=lambda p: p.name)
def test_the_judged_files_have_six_columns_and_a_verdict_each(path: Path) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows[0] == ["doc", "rule", "line", "match", "verdict", "reason"]
    for number, row in enumerate(rows[1:], start=2):
        assert len(row) == 6, f"{path.name}:{number}: {len(row)} columns"
        assert row[4] in ("useful", "noise", "wrong"), f"{path.name}:{number}: {row[4]!r}"
        assert row[2].isdigit() and row[5].strip(), f"{path.name}:{number}"


@pytest.mark.corpus
def test_labelled_lines_exist_in_their_documents() -> None:
    if not harness.CORPORA.is_dir():
        pytest.skip(f"{harness.CORPORA} is absent: the shared corpora are not beside this checkout")
    for label in harness.load_labels(harness.load_kinds()):
        if not label.path.is_file():
            continue  # a document kept outside the shared corpora, not on this machine
        count = label.path.read_text(encoding="utf-8").count("\n") + 1
        for defect in label.defects:
            assert defect.last <= count, f"{label.doc}: line {defect.last} of {count}"


@pytest.mark.corpus
def test_the_harness_scores_a_small_slice() -> None:
    if not harness.CORPORA.is_dir():
        pytest.skip(f"{harness.CORPORA} is absent: the shared corpora are not beside this checkout")
    labels = [
        label
        for label in harness.load_labels(harness.load_kinds())
        if label.doc.startswith(("dfds-postmortems/PM2021-005", "rust-rfcs/text/2386"))
    ]
    assert len(labels) == 2
    from writer.api import LintOptions

    figures, runs, missing = harness.evaluate(labels, LintOptions(jobs=1))
    assert not missing and len(runs) == 2
    overall = figures["overall"]
    assert sum(overall.values()) == figures["volume"]["findings"] > 0
    # Every finding is useful, noise, wrong or unjudged, and the postmortem's action items
    # without owners are labelled: the owner rule catches some of them.
    recall = figures["recall"]
    assert recall["action-item-owner"].get("caught", 0) >= 1
    assert figures["kinds"]["postmortem -> postmortem"] == 1
