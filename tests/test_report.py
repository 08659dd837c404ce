"""``writer report``: the figures of a small docs repository worked out by hand (three postmortems
and two design docs in git), in every format, and the JSON against its documented schema."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, run_cli
from tests.report_support import make_repo
from writer.report.dates import due_date, file_name_date, quarter
from writer.report.recurrence import content_words


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path)


def _report(repo: Path, *args: str) -> Any:
    ran = run_cli(
        [
            "report",
            "--format",
            "json",
            "--grammar",
            "off",
            "--as-of",
            "2025-01-01",
            *args,
            str(repo),
        ]
    )
    assert ran.code == 0, ran.err
    return json.loads(ran.out)


def _doc(data: dict[str, Any], name: str) -> dict[str, Any]:
    return next(doc for doc in data["documents"] if doc["path"].endswith(name))


def test_json_follows_its_schema(repo: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "writer" / "report" / "schema.json").read_text(encoding="utf-8"))
    data = _report(repo)
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    assert data["version"] == 1 and data["as_of"] == "2025-01-01"
    assert len(data["documents"]) == 5


def test_each_postmortems_figures_with_the_rows_they_came_from(repo: Path) -> None:
    data = _report(repo)
    checkout = _doc(data, "2024-03-01-checkout.md")["postmortem"]
    assert checkout["date"] == {
        "value": "2024-03-01",
        "quarter": "2024-Q1",
        "source": "timeline",
        "row": {
            "line": 22,
            "text": "2024-03-01 14:02 | Deploy starts returning 500s on checkout",
            "at": "2024-03-01 14:02",
        },
        "unknown": None,
    }
    assert checkout["severity"]["label"] == "SEV-2" and checkout["severity"]["row"]["line"] == 2
    durations = checkout["durations"]
    assert [durations[k]["minutes"] for k in durations] == [6, 18, 43]
    assert durations["time_to_detect"]["from"]["line"] == 22
    assert durations["time_to_detect"]["to"]["line"] == 23
    assert durations["time_to_mitigate"]["to"]["text"].endswith("Rolled back the deploy")
    assert durations["time_to_resolve"]["human"] == "43 min"
    assert all(not d["approximate"] and d["unknown"] is None for d in durations.values())
    items = checkout["action_items"]
    assert (items["open"], items["done"]) == (3, 0)
    assert [(i["owner"], i["due"]) for i in items["items"]] == [
        ("@alice", "2024-04-01"),
        (None, "2099-01-01"),
        ("@bob", "2024-06-30"),
    ]
    payments = _doc(data, "2024-05-10-payments.md")["postmortem"]
    assert payments["severity"]["label"] == "SEV-1"
    assert [payments["durations"][k]["minutes"] for k in payments["durations"]] == [15, 25, 35]
    assert (payments["action_items"]["open"], payments["action_items"]["done"]) == (1, 1)


def test_missing_figures_say_unknown_and_why(repo: Path) -> None:
    queue = _doc(_report(repo), "2024-07-02-queue.md")["postmortem"]
    assert queue["date"]["value"] == "2024-07-02" and queue["date"]["source"] == "file name"
    assert queue["severity"] == {
        "label": None,
        "written": None,
        "row": None,
        "unknown": "the document gives no severity",
    }
    for duration in queue["durations"].values():
        assert duration["minutes"] is None and duration["human"] == "unknown"
        assert duration["unknown"] == "the document has no timeline"
    assert queue["timeline"] == {"line": None, "rows": 0, "zone": None}


def test_spreads_by_quarter_and_severity_name_their_documents(repo: Path) -> None:
    resolve = _report(repo)["postmortems"]["durations"]["time_to_resolve"]
    overall = resolve["all"]
    assert (overall["count"], overall["median"], overall["min"], overall["max"]) == (2, 39, 35, 43)
    assert [s["minutes"] for s in overall["samples"]] == [35, 43]
    assert len(overall["unknown"]) == 1 and overall["unknown"][0].endswith("queue.md")
    assert [q["group"] for q in resolve["by_quarter"]] == ["2024-Q1", "2024-Q2", "2024-Q3"]
    assert resolve["by_quarter"][2]["count"] == 0 and resolve["by_quarter"][2]["median"] is None
    severities = {s["group"]: s["median"] for s in resolve["by_severity"]}
    assert severities == {"SEV-1": 35, "SEV-2": 43, "unknown": None}


def test_overdue_and_unowned_action_items(repo: Path) -> None:
    items = _report(repo)["postmortems"]["action_items"]
    assert (items["open"], items["done"]) == (5, 1)
    overdue = [(i["path"].rsplit("/", 1)[1], i["due"], i["owner"]) for i in items["overdue"]]
    assert overdue == [
        ("2024-03-01-checkout.md", "2024-04-01", "@alice"),
        ("2024-05-10-payments.md", "2024-06-01", "@dan"),
        ("2024-03-01-checkout.md", "2024-06-30", "@bob"),
    ]
    unowned = [i["text"] for i in items["no_owner"]]
    assert unowned == ["Cap retries in the payments client", "Add an alert on queue depth"]


def test_recurrence_clusters_factors_and_services_across_documents(repo: Path) -> None:
    clusters = _report(repo)["postmortems"]["recurrence"]
    by_kind = {(c["kind"], c["label"].lower()): c for c in clusters}
    factor = next(c for c in clusters if c["kind"] == "factor")
    assert len(factor["documents"]) == 2
    assert {m["text"] for m in factor["members"]} == {
        "Database connection pool exhausted under a retry storm",
        "Database connection pool exhausted during a retry storm",
    }
    payments = by_kind[("service", "payments")]
    assert sorted(p.rsplit("/", 1)[1] for p in payments["documents"]) == [
        "2024-03-01-checkout.md",
        "2024-05-10-payments.md",
    ]
    assert ("service", "checkout") not in by_kind  # in one document only
    assert all(c["kind"] != "action" for c in clusters)


def test_design_docs_status_conformance_and_staleness(repo: Path) -> None:
    data = _report(repo)
    design = data["design_docs"]
    assert design["count"] == 2
    assert design["status_counts"] == {"accepted": 1, "draft": 1}
    draft = _doc(data, "design/queue.md")["design"]
    assert draft["status"] == "draft" and draft["status_row"]["line"] == 3
    assert draft["status_changed"] == "2023-01-02" and draft["status_history"] == "git"
    assert draft["required_sections"] and draft["missing_sections"]
    assert 0 <= draft["conformance"] < 1
    accepted = _doc(data, "design/cache.md")["design"]
    assert accepted["status_changed"] == "2024-11-20"
    stale = design["stale"]
    assert [(s["path"].rsplit("/", 2)[-2:], s["days"]) for s in stale] == [
        (["design", "queue.md"], (dt.date(2025, 1, 1) - dt.date(2023, 1, 2)).days)
    ]
    quiet = _report(repo, "--no-history")
    assert quiet["design_docs"]["stale"] == []
    assert _doc(quiet, "design/queue.md")["design"]["status_changed"] is None


def test_text_report_has_tables_and_charts(repo: Path) -> None:
    ran = run_cli(["report", "--grammar", "off", "--as-of", "2025-01-01", str(repo)])
    assert ran.code == 0, ran.err
    out = ran.out
    assert "Postmortems (3)" in out and "Design docs (2)" in out
    assert "TTR: median 39 min (p25 37 min, p75 41 min), 2 of 3 known" in out
    assert "Time to resolve: 2 postmortems with the figure" in out  # the plotext chart
    assert "┌" in out and "█" in out
    assert "Open past their due date (as of 2025-01-01) (3)" in out
    assert "\x1b[" not in out


def test_markdown_report_is_a_page(repo: Path) -> None:
    ran = run_cli(
        ["report", "--format", "markdown", "--grammar", "off", "--as-of", "2025-01-01", str(repo)]
    )
    assert ran.code == 0, ran.err
    page = ran.out
    assert page.startswith("# What our postmortems say\n")
    assert "| document | date | severity | TTD | TTM | TTR | open | done |" in page
    assert "TTD 6 min, line 22 to line 23" in page
    assert "## Design docs" in page and "### No status change in 180 days" in page


def test_html_report_is_one_self_contained_page(repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    ran = run_cli(["report", "--format", "html", "-o", str(target), "--grammar", "off", str(repo)])
    assert ran.code == 0, ran.err
    page = target.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert page.count('<svg class="chart"') >= 4
    for fetches in ("<script", "<link", "src=", "url(", "@import"):
        assert fetches not in page


def test_errors_are_one_line_and_exit_2(repo: Path, tmp_path: Path) -> None:
    ran = run_cli(["report", "--as-of", "yesterday", str(repo)])
    assert ran.code == 2 and ran.err.startswith("writer: --as-of 'yesterday' is not a date")
    assert "Traceback" not in ran.err
    ran = run_cli(["report", "-"])
    assert ran.code == 2 and "standard input" in ran.err
    ran = run_cli(["report", "--similarity", "120", str(repo)])
    assert ran.code == 2 and "--similarity" in ran.err
    (repo / "postmortems" / "broken.md").write_bytes(b"# Outage\n\n\xff\xfe not text\n")
    ran = run_cli(["report", "--format", "json", "--grammar", "off", str(repo)])
    assert ran.code == 2
    data = json.loads(ran.out)
    assert [e["path"].rsplit("/", 1)[1] for e in data["errors"]] == ["broken.md"]
    assert "broken.md" in ran.err
    ran = run_cli(["report", "-o", str(tmp_path / "no" / "such" / "dir.html"), str(repo)])
    assert ran.code == 2 and ran.err.count("\n") == 1 and "dir.html" in ran.err


def test_plotext_is_loaded_only_for_the_text_format(repo: Path) -> None:
    probe = (
        "import sys\n"
        "from writer.cli.main import main\n"
        "main(['report', '--format', sys.argv[1], '--grammar', 'off', '-o', sys.argv[2], "
        "sys.argv[3]])\n"
        "print('plotext' in sys.modules, 'textual' in sys.modules)\n"
    )
    seen = {}
    for name in ("json", "text"):
        done = subprocess.run(
            [sys.executable, "-c", probe, name, str(repo.parent / f"report.{name}"), str(repo)],
            capture_output=True,
            text=True,
            check=True,
        )
        seen[name] = done.stdout.split()
    assert seen == {"json": ["False", "False"], "text": ["True", "False"]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Add a canary (due 2025-03-01)", (dt.date(2025, 3, 1), "2025-03-01")),
        ("by 1 March 2025", (dt.date(2025, 3, 1), "1 March 2025")),
        ("by March 15, 2025", (dt.date(2025, 3, 15), "March 15, 2025")),
        ("Q3 2024", (dt.date(2024, 9, 30), "Q3 2024")),
        ("2024-Q4", (dt.date(2024, 12, 31), "2024-Q4")),
        ("H1 2025", (dt.date(2025, 6, 30), "H1 2025")),
        ("end of March 2025", (dt.date(2025, 3, 31), "end of March 2025")),
        ("due next sprint", (None, "due next sprint")),
        ("Rotate the keys", (None, None)),
    ],
)
def test_due_dates(text: str, expected: tuple[dt.date | None, str | None]) -> None:
    assert due_date(text) == expected


def test_dates_from_file_names_and_quarters() -> None:
    assert file_name_date("20210602-AKS-incident.md") == (dt.date(2021, 6, 2), "20210602")
    assert file_name_date("2021-06-03--database-full.md") == (dt.date(2021, 6, 3), "2021-06-03")
    assert file_name_date("PM2024-003 - Kube state metrics.md") is None
    assert quarter(dt.date(2024, 10, 1)) == "2024-Q4"


def test_phrases_are_compared_by_their_content_words() -> None:
    assert content_words("Alerts were **not** firing for the `db` pool") == (
        "alert",
        "fir",
        "pool",
    )


def test_a_box_of_one_sample_keeps_its_colour() -> None:
    import re

    from writer.report.render import svg

    drawn = svg.boxes("chart-x", "one sample", [("SEV-1", [1320.0]), ("SEV-2", [140.0, 140.0])])
    heights = [
        float(h)
        for h in re.findall(r'<rect [^>]*height="([\d.]+)" fill="#\w+" fill-opacity', drawn)
    ]
    assert heights == [svg.MIN_BOX, svg.MIN_BOX]
