"""Turn notebooks into reveal.js slides for the lecture hall, with or without a network.

    python tools/slides.py notebooks/01_perceptron.ipynb [...]           # runs/slides/01_perceptron.slides.html
    python tools/slides.py --offline notebooks/*.ipynb                   # the same, and it works with no network
    python tools/slides.py --output-dir /some/folder notebooks/02_*.ipynb

The slide structure comes from the cells' slideshow metadata (``tools/nbtool.py`` sets it: a markdown
cell starting with ``#`` or ``##`` opens a slide, ``###`` a sub-slide). The slides show the stored
outputs, so execute a notebook before converting it. Widgets are not live in slides: each widget
shows the static PNG of its first figure (the stored widget state is dropped before converting, so
nbconvert falls back to that PNG instead of an empty widget placeholder that needs a CDN).

reveal.js, require.js and MathJax normally come from public CDNs when the slides are opened.
``--offline`` fetches them once with ``npm pack`` (the npm registry) into ``<output-dir>/vendor/``
and points the slides at that copy, so the folder can be carried to a lecture hall with no network.
Open the HTML file in a browser; press ``s`` for the speaker view, ``f`` for full screen.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = ROOT / "runs" / "slides"

#: The front-end packages the slides load, pinned to versions whose layout nbconvert's template expects.
VENDOR_PACKAGES = {"reveal.js": "4.6.1", "requirejs": "2.3.8", "mathjax": "2.7.9", "jquery": "3.7.1"}

#: Exporter settings: a lecture-friendly look, no In/Out prompts, long slides scroll instead of overflowing.
SLIDE_CONFIG = {
    "reveal_theme": "white",  # the one light theme whose fonts ship with reveal.js (no web-font request)
    "reveal_transition": "none",
    "reveal_number": "c/t",
    "reveal_scroll": True,
    "exclude_input_prompt": True,
    "exclude_output_prompt": True,
}

#: nbconvert's reveal template, less the unconditional import of mermaid from a CDN (no notebook draws
#: mermaid diagrams, and offline the import only fails), with headings in their own case.
TEMPLATE_NAME = "dl1_slides.html.j2"
TEMPLATE = """{%- extends 'reveal/index.html.j2' -%}
{% block html_head_js_mermaidjs %}{% endblock %}
{% block html_head_css %}<style>.reveal { --r-heading-text-transform: none; }</style>{% endblock %}
"""


def vendor(folder: Path) -> Path:
    """Fetch the slides' front-end packages from the npm registry into ``folder`` (once); return it.

    Raises
    ------
    RuntimeError
        When ``npm`` is missing or cannot fetch a package (no network and no copy yet).
    """
    folder.mkdir(parents=True, exist_ok=True)
    missing = {name: version for name, version in VENDOR_PACKAGES.items()
               if not (folder / name / ".version").is_file()
               or (folder / name / ".version").read_text().strip() != version}
    if not missing:
        return folder
    if shutil.which("npm") is None:
        raise RuntimeError("--offline needs npm once to fetch reveal.js, require.js and MathJax "
                           "(Debian: apt-get install npm); without --offline the slides load them from CDNs")
    with tempfile.TemporaryDirectory(prefix="dl1-slides-") as tmp:
        specs = [f"{name}@{version}" for name, version in missing.items()]
        result = subprocess.run(["npm", "pack", "--silent", *specs], cwd=tmp, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"npm could not fetch {', '.join(specs)}:\n{result.stderr.strip()[-2000:]}")
        for name, version in missing.items():
            tarball = Path(tmp) / f"{name.replace('/', '-')}-{version}.tgz"
            target = folder / name
            shutil.rmtree(target, ignore_errors=True)
            with tarfile.open(tarball) as archive:
                archive.extractall(tmp, filter="data")
            shutil.move(Path(tmp) / "package", target)
            if name == "mathjax":  # keep the packed build and the TeX fonts: 73 MB -> about 30 MB
                shutil.rmtree(target / "unpacked", ignore_errors=True)
                for fonts in (target / "fonts" / "HTML-CSS").iterdir():
                    if fonts.name != "TeX":
                        shutil.rmtree(fonts)
            (target / ".version").write_text(version)
    return folder


def offline_urls(vendor_folder: str = "vendor") -> dict:
    """Exporter settings that load every front-end file from ``vendor_folder`` (relative to the slides)."""
    return {
        "reveal_url_prefix": f"{vendor_folder}/reveal.js",
        "require_js_url": f"{vendor_folder}/requirejs/require.js",
        "jquery_url": f"{vendor_folder}/jquery/dist/jquery.min.js",
        "mathjax_url": f"{vendor_folder}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
    }


def build_slides(path: Path, output_dir: Path = DEFAULT_OUTPUT, offline: bool = False) -> Path:
    """Convert one notebook to ``<output_dir>/<name>.slides.html``; return the path written."""
    from jinja2 import DictLoader
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    path, output_dir = Path(path), Path(output_dir)
    notebook = nbformat.read(path, as_version=4)
    if not any(cell.metadata.get("slideshow", {}).get("slide_type") == "slide" for cell in notebook.cells):
        raise ValueError(f"{path} has no slide metadata; run `python tools/nbtool.py slides {path}` first")
    # Without the stored widget state nbconvert shows each widget's static PNG fallback.
    notebook.metadata.pop("widgets", None)
    settings = dict(SLIDE_CONFIG)
    if offline:
        vendor(output_dir / "vendor")
        settings.update(offline_urls("vendor"))
    exporter = SlidesExporter(config=Config({"SlidesExporter": settings}), template_file=TEMPLATE_NAME,
                              extra_loaders=[DictLoader({TEMPLATE_NAME: TEMPLATE})])
    body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": path.stem}})
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / f"{path.stem}.slides.html"
    target.write_text(body, encoding="utf-8")
    return target


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--output-dir", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--offline", action="store_true",
                        help="fetch reveal.js, require.js and MathJax once (npm) so the slides need no network")
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.notebooks if not p.is_file()]
    if missing:
        print(f"no such notebook: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        for path in args.notebooks:
            print(f"{path} -> {build_slides(path, args.output_dir, args.offline)}")
    except (RuntimeError, ValueError) as problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
