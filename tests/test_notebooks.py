"""Every notebook keeps the course's conventions: set-up first, goals, summary, checked exercises, clean outputs."""

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _load(path):
    return json.loads(path.read_text())


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_structure(path):
    nb = _load(path)
    cells = nb["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    markdown = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    first = "".join(code[0]["source"])
    assert f'setup_notebook("{path.stem}"' in first, "the first code cell must call setup_notebook with the name"
    assert re.search(r"^#+ .*Goals", markdown, re.M), "the notebook must open with its goals"
    assert re.search(r"^#+ .*Summary", markdown, re.M), "the notebook must end with a summary"
    assert re.search(r"^#+ .*Exercises", markdown, re.M)
    checks = {m for c in code for m in re.findall(r"^(q\d+)\.check\(", "".join(c["source"]), re.M)}
    assert len(checks) >= 3, f"at least three checked exercises, found {sorted(checks)}"
    assert any("NBVAL_CHECK_OUTPUT" in "".join(c["source"]) for c in code), "key numbers must be checked by nbval"
    assert all(c["metadata"].get("slideshow", {}).get("slide_type") for c in cells), "every cell needs slide metadata"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_outputs_are_a_clean_top_to_bottom_run(path):
    code = [c for c in _load(path)["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    counts = [c["execution_count"] for c in code]
    assert counts == list(range(1, len(code) + 1)), "run it top to bottom in a fresh kernel before committing"
    for i, cell in enumerate(code):
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"cell {i} stored an error"
            assert out.get("name") != "stderr", f"cell {i} stored stderr: {''.join(out.get('text', ''))[:200]}"
            text = "".join(out.get("text", "")) + "".join(out.get("data", {}).get("text/plain", ""))
            assert not re.search(r"<matplotlib\.\w+\.\w+ at 0x|<Figure size", text), f"cell {i} leaks a repr"
    assert path.stat().st_size < 3_000_000, "keep notebooks under 3 MB (lower figure size or dpi)"


LITERAL_SEED = re.compile(r"\b(?:seed\s*=\s*\d|default_rng\(\s*\d|set_random_seed\(\s*\d|random_state\s*=\s*\d)")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_random_draw_derives_from_the_notebooks_seed(path):
    """DL1_SEED must move every stochastic result: no literal seed outside the exercises' fixed givens."""
    code = [c for c in _load(path)["cells"] if c["cell_type"] == "code"]
    literal = [(i, m.group(0)) for i, c in enumerate(code) if not re.search(r"^q\d+\.check\(", "".join(c["source"]), re.M)
               for m in LITERAL_SEED.finditer("".join(c["source"]))]
    assert not literal, f"derive these from ctx.seed (or ctx.seeds(n)): {literal}"
