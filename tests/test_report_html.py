"""The HTML report in a real browser: headless Chromium (Debian's package) opens the page from
disk, a screenshot shows every chart drawn where the page lays it out, and the page asks for
nothing beyond itself."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.chromium import Browser, chromium_path
from tests.conftest import ROOT, run_cli
from tests.report_support import make_repo

pytestmark = pytest.mark.skipif(
    chromium_path() is None,
    reason="chromium is not installed (apt-get install chromium; .ci/run installs it)",
)
CORPORA = ROOT.parent / "shared" / "corpora"
WIDTH = 1280
CHARTS_JS = """JSON.stringify({
  height: Math.ceil(document.documentElement.scrollHeight),
  charts: [...document.querySelectorAll('svg.chart')].map(e => {
    const r = e.getBoundingClientRect();
    return {id: e.id, x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height};
  })
})"""


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    started = Browser.start(tmp_path / "profile", width=WIDTH)
    try:
        yield started
    finally:
        started.close()


def _render(tmp_path: Path, *paths: str) -> Path:
    page = tmp_path / "report.html"
    ran = run_cli(
        [
            "report",
            "--format",
            "html",
            "-o",
            str(page),
            "--grammar",
            "off",
            "--as-of",
            "2025-01-01",
            *paths,
        ]
    )
    assert ran.code == 0, ran.err
    return page


def _look(browser: Browser, page: Path, shot: Path) -> tuple[list[dict[str, Any]], Any]:
    import json

    from PIL import Image

    browser.open(page.as_uri())
    layout = json.loads(browser.evaluate(CHARTS_JS))
    png = browser.screenshot(WIDTH, layout["height"])
    shot.write_bytes(png)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return layout["charts"], image


def _check_charts(charts: list[dict[str, Any]], image: Any) -> None:
    assert charts, "no chart on the page"
    for chart in charts:
        assert chart["w"] >= 300 and chart["h"] >= 120, chart
        box = (
            int(chart["x"]),
            int(chart["y"]),
            int(chart["x"] + chart["w"]),
            int(chart["y"] + chart["h"]),
        )
        assert box[2] <= image.width and box[3] <= image.height, (chart, image.size)
        region = image.crop(box)
        raw = region.tobytes()
        pixels = [tuple(raw[i : i + 3]) for i in range(0, len(raw), 3)]
        inked = [p for p in pixels if sum(p) < 720]  # anything but white and near-white
        coloured = {p for p in inked if max(p) - min(p) > 60}  # bars, lines, boxes
        assert len(inked) > 0.02 * len(pixels), f"{chart['id']} is blank"
        assert len(coloured) >= 1, f"{chart['id']} has no coloured mark"


def _no_requests_out(browser: Browser, page: Path) -> None:
    outside = [url for url in browser.requests if url != page.as_uri()]
    assert outside == [], f"the page asked for {outside}"
    refused = [m for m in browser.messages if "Content Security Policy" in m]
    assert refused == [], refused


def test_every_chart_is_drawn_and_nothing_is_fetched(browser: Browser, tmp_path: Path) -> None:
    page = _render(tmp_path, str(make_repo(tmp_path)))
    charts, image = _look(browser, page, tmp_path / "report.png")
    ids = [chart["id"] for chart in charts]
    assert ids == [
        "chart-ttr-distribution",
        "chart-spread",
        "chart-trend",
        "chart-severity",
        "chart-action-items",
        "chart-design-status",
    ]
    _check_charts(charts, image)
    _no_requests_out(browser, page)


@pytest.mark.corpus
def test_the_shared_postmortems_render(browser: Browser, tmp_path: Path) -> None:
    if not CORPORA.is_dir():
        pytest.skip(f"the shared corpora are not at {CORPORA}")
    page = _render(
        tmp_path,
        *(
            str(CORPORA / name)
            for name in ("postmortems-wild", "dfds-postmortems", "cncf-postmortems")
        ),
    )
    charts, image = _look(browser, page, tmp_path / "corpus.png")
    assert len(charts) >= 4
    _check_charts(charts, image)
    _no_requests_out(browser, page)
