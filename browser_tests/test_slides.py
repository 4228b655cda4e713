"""Lecturer mode: a notebook turned into reveal.js slides (``tools/slides.py``) and opened in Chromium.

The first notebook is converted twice: as plain ``nbconvert --to slides`` output (reveal.js from a CDN,
which this closed network cannot reach) to check the slide structure, and with ``--offline`` (reveal.js,
require.js and MathJax fetched once from the npm registry) to check that the slides really present:
reveal.js starts, counts the slides, moves on with the arrow key, and MathJax typesets the formulas.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import ARTIFACTS, ROOT, notebooks

sys.path.insert(0, str(ROOT / "tools"))
import slides  # noqa: E402  (tools/slides.py)

VENDOR_CACHE = Path(os.environ.get("DL1_SLIDES_VENDOR", ROOT / "runs" / "slides" / "vendor"))


def _expected(notebook) -> dict:
    kinds = [cell.metadata.get("slideshow", {}).get("slide_type", "-") for cell in notebook.cells]
    first_heading = next(line for cell in notebook.cells if cell.cell_type == "markdown"
                         for line in cell.source.splitlines() if line.startswith("#"))
    widgets = sum("application/vnd.jupyter.widget-view+json" in out.get("data", {})
                  for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs)
    has_math = any("$" in cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    return {"slides": kinds.count("slide"), "subslides": kinds.count("subslide"), "widgets": widgets,
            "title": first_heading.lstrip("#").strip(), "math": has_math}


@pytest.fixture(scope="module")
def deck():
    candidates = notebooks()
    if not candidates:
        pytest.fail("no notebooks to turn into slides")
    path = candidates[0]
    return path, _expected(nbformat.read(path, as_version=4))


@pytest.fixture
def slide_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.external = []
    page.on("request", lambda r: None if r.url.startswith(("file:", "data:", "blob:")) else page.external.append(r.url))
    yield page
    context.close()


SECTIONS = """() => {
    const top = [...document.querySelectorAll('.reveal .slides > section')];
    return {
        slides: top.length,
        subslides: top.reduce((n, s) => n + Math.max(0, s.querySelectorAll(':scope > section').length - 1), 0),
        first: top.length ? top[0].innerText.slice(0, 300) : '',
        images: document.querySelectorAll('.reveal img[src^="data:image/png"]').length,
        widget_placeholders: document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length,
    };
}"""


def test_slides_follow_the_slide_metadata(deck, slide_page, tmp_path):
    path, expected = deck
    html = slides.build_slides(path, tmp_path)
    slide_page.goto(html.as_uri(), wait_until="load")
    found = slide_page.evaluate(SECTIONS)
    assert found["slides"] == expected["slides"], found
    assert found["subslides"] == expected["subslides"], found
    assert expected["title"] in found["first"], f"the first slide must show the title {expected['title']!r}"
    assert found["widget_placeholders"] == 0, "widgets must show their static PNG in slides, not an empty placeholder"
    assert found["images"] >= expected["widgets"], "every widget shows its first figure as a PNG"
    assert all("unpkg.com" in url or "cdnjs" in url for url in slide_page.external), slide_page.external


@pytest.mark.skipif(shutil.which("npm") is None and not (VENDOR_CACHE / "reveal.js").is_dir(),
                    reason="the offline slides need npm once to fetch reveal.js, require.js and MathJax")
def test_offline_slides_present_with_reveal_js(deck, slide_page, tmp_path):
    path, expected = deck
    slides.vendor(VENDOR_CACHE)
    (tmp_path / "vendor").symlink_to(VENDOR_CACHE, target_is_directory=True)
    html = slides.build_slides(path, tmp_path, offline=True)
    slide_page.goto(html.as_uri(), wait_until="load")
    # reveal.js is loaded as a require.js module (no global Reveal): read what it shows instead.
    slide_page.wait_for_selector(".reveal.ready", timeout=30_000)
    total = expected["slides"] + expected["subslides"]
    assert slide_page.inner_text(".slide-number").replace(" ", "") == f"1/{total}"
    assert expected["title"] in slide_page.inner_text(".reveal .slides section.present")
    if expected["math"]:
        slide_page.wait_for_selector(".reveal .MathJax_CHTML", state="attached", timeout=30_000)
    slide_page.screenshot(path=ARTIFACTS / f"{path.stem}-slide1.png")
    slide_page.keyboard.press("ArrowRight")
    slide_page.wait_for_function(f"() => document.querySelector('.slide-number').innerText.replace(/ /g, '') === '2/{total}'",
                                 timeout=5_000)
    slide_page.screenshot(path=ARTIFACTS / f"{path.stem}-slide2.png")
    assert not slide_page.external, f"offline slides must not reach the network: {slide_page.external[:5]}"
