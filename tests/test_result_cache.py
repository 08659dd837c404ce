"""The result cache: a warm run prints exactly what a run without the cache prints, skips the
work, and notices every change a result depends on."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import CORPORA, ROOT, need_shared, run_cli
from writer.api import Linter, LintOptions
from writer.engine import pipeline
from writer.engine.result_cache import ResultCache, cache_file
from writer.infra.store import Store
from writer.model import codec
from writer.model.findings import FileResult

DOC = """# Checkout outage

## Summary

We utilize a queue. Latency rose significantly after the the change.
"""


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A run that has to parse a document fails: every result must come from the cache."""

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("a document was parsed: the cache was not used")

    monkeypatch.setattr(pipeline, "parse", refuse)


def _corpus_paths(sample: int) -> list[str]:
    """Every corpus: the small ones whole, every ``sample``-th document of the large ones."""
    need_shared(CORPORA)
    paths = [
        str(CORPORA / name)
        for name in (
            "dfds-postmortems",
            "cncf-postmortems",
            "postmortems-wild",
            "reference-templates",
        )
    ]
    large = [
        *sorted((CORPORA / "rust-rfcs").rglob("*.md")),
        *sorted((CORPORA / "kubernetes-enhancements").rglob("*.md")),
    ]
    return paths + [str(path) for path in large[::sample]]


@pytest.mark.corpus
@pytest.mark.parametrize(("fmt", "sample"), [("json", 12), ("text", 40), ("sarif", 40)])
def test_output_is_byte_identical_with_and_without_the_cache(
    fmt: str, sample: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _corpus_paths(sample)
    outputs = {}
    for run in ("no-cache", "cold", "warm"):
        target = tmp_path / f"{run}.out"
        argv = ["lint", "--format", fmt, "--color", "never", "-o", str(target), *paths]
        if run == "no-cache":
            argv.insert(1, "--no-cache")
            assert not cache_file().exists()
        if run == "warm":
            _no_parsing(monkeypatch)
        done = run_cli(argv)
        assert done.code in (0, 1), done.err
        outputs[run] = (target.read_bytes(), done.err)
    assert outputs["cold"] == outputs["no-cache"]
    assert outputs["warm"] == outputs["no-cache"]


def _lint(path: Path, **options: object) -> FileResult:
    linter = Linter(LintOptions(jobs=1, cache=True, **options))  # type: ignore[arg-type]
    (result,) = linter.lint_paths([str(path)]).results
    return result


def test_a_warm_run_reads_results_and_does_not_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = tmp_path / "outage.md"
    doc.write_text(DOC, encoding="utf-8")
    first = _lint(doc)
    assert first.findings
    _no_parsing(monkeypatch)
    assert _lint(doc) == first


def test_no_cache_neither_reads_nor_writes(tmp_path: Path) -> None:
    doc = tmp_path / "outage.md"
    doc.write_text(DOC, encoding="utf-8")
    done = run_cli(["lint", "--no-cache", str(doc)])
    assert done.code == 1
    assert not cache_file().exists()
    run_cli(["lint", str(doc)])
    assert cache_file().exists()


@pytest.mark.parametrize(
    "change",
    ["text", "config", "style", "marker", "options", "template"],
)
def test_each_thing_a_result_depends_on_is_in_its_key(
    change: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    styles = tmp_path / "styles" / "Team"
    styles.mkdir(parents=True)
    rule = styles / "Queue.yml"
    rule.write_text(
        "extends: existence\nmessage: \"Avoid '%s'\"\nlevel: warning\ntokens:\n  - queue\n",
        encoding="utf-8",
    )
    (tmp_path / "templates").mkdir()
    (tmp_path / ".writer.toml").write_text(
        'style_paths = ["styles"]\nstyles = ["house", "Team"]\ntemplate_paths = ["templates"]\n',
        encoding="utf-8",
    )
    doc = tmp_path / "outage.md"
    doc.write_text(DOC, encoding="utf-8")
    options: dict[str, object] = {}
    first = _lint(doc)
    assert any(f.rule == "style.Team.Queue" for f in first.findings)
    if change == "text":
        doc.write_text(DOC.replace("queue", "buffer"), encoding="utf-8")
    elif change == "config":
        (tmp_path / ".writer.toml").write_text(
            'style_paths = ["styles"]\nstyles = ["house"]\n', encoding="utf-8"
        )
    elif change == "style":
        rule.write_text(rule.read_text().replace("queue", "latency"), encoding="utf-8")
        os.utime(rule, ns=(time.time_ns(), time.time_ns() + 10**9))
    elif change == "marker":
        (tmp_path / "kep.yaml").write_text("title: x\n", encoding="utf-8")
    elif change == "options":
        options["ignore"] = ("style.Team",)
    elif change == "template":
        (tmp_path / "templates" / "incident.yaml").write_text(
            "id: incident\ntitle: Incident\nsections:\n  - title: Summary\n", encoding="utf-8"
        )
    fresh = Linter(LintOptions(jobs=1, **options)).lint_paths([str(doc)]).results  # type: ignore[arg-type]
    assert _lint(doc, **options) == fresh[0]
    if change in ("text", "config", "style", "options"):
        assert _lint(doc, **options) != first


def test_a_result_that_depends_on_time_is_not_kept(tmp_path: Path) -> None:
    doc = tmp_path / "outage.md"
    doc.write_text(DOC, encoding="utf-8")
    result = _lint(doc)
    cache = ResultCache(LintOptions(cache=True))
    key = "k" * 64
    cache.put(key, FileResult(**{**result.__dict__, "volatile": True}))
    assert cache.get(key, DOC) is None
    cache.put(key, result)
    assert cache.get(key, result.text or "") == result


def test_the_codec_round_trips_a_result_exactly(tmp_path: Path) -> None:
    doc = tmp_path / "outage.md"
    doc.write_text(DOC + "\n## Impact\n\nTBD\n", encoding="utf-8")
    result = _lint(doc)
    data = codec.encode(result)
    assert data is not None
    again = codec.decode(data, result.text)
    assert again == result and again is not None
    assert again.stats == result.stats and [f.fix for f in again.findings] == [
        f.fix for f in result.findings
    ]
    assert codec.decode(b"not json", None) is None
    assert codec.decode(b"[999]", None) is None


def test_a_damaged_cache_file_is_passed_over(tmp_path: Path) -> None:
    doc = tmp_path / "outage.md"
    doc.write_text(DOC, encoding="utf-8")
    expected = run_cli(["lint", "--no-cache", str(doc)])
    cache_file().parent.mkdir(parents=True, exist_ok=True)
    cache_file().write_bytes(b"this is not a database" * 100)
    done = run_cli(["lint", str(doc)])
    assert (done.code, done.out, done.err) == (expected.code, expected.out, expected.err)


def test_the_store_stays_under_its_size(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3", 40_000)
    for number in range(600):
        store.put(f"key{number}", b"x" * 1000)
    assert store.size() <= 44_000
    assert store.get("key599") == b"x" * 1000
    assert store.get("key0") is None


PROCESS = """
import sys
from writer.cli.main import main
sys.exit(main(["lint", "--jobs", "1", "--format", "json", "-o", sys.argv[1], *sys.argv[2:]]))
"""


def test_processes_at_once_share_the_cache(tmp_path: Path) -> None:
    docs = []
    for number in range(12):
        doc = tmp_path / f"doc{number}.md"
        doc.write_text(DOC.replace("Checkout", f"Checkout {number}"), encoding="utf-8")
        docs.append(str(doc))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", PROCESS, str(tmp_path / f"out{n}.json"), *docs], env=env
        )
        for n in range(4)
    ]
    assert [run.wait(timeout=120) for run in runs] == [1, 1, 1, 1]
    outputs = {(tmp_path / f"out{n}.json").read_bytes() for n in range(4)}
    assert len(outputs) == 1
    again = subprocess.run(
        [sys.executable, "-c", PROCESS, str(tmp_path / "again.json"), *docs], env=env, check=False
    )
    assert again.returncode == 1
    assert (tmp_path / "again.json").read_bytes() in outputs
