"""Look at a notebook's figures as a colour-blind student sees them.

    python tools/cvd.py notebooks/06_optimizers.ipynb [...]   # -> runs/cvd/06_optimizers/cell12_1.png, ...

For every PNG a notebook's stored outputs hold, writes one image with four panels (2 x 2): the
figure as stored, and as seen with protanopia, deuteranopia and tritanopia
(:func:`helpers.colors.simulate_color_vision`, Machado et al. 2009, severity 1).
"""

from __future__ import annotations

import base64
import io
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from helpers.colors import DEFICIENCIES, simulate_color_vision  # noqa: E402


def stored_pngs(path: Path):
    """``(cell index, n, RGB array)`` for each PNG in the notebook's outputs."""
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        pngs = [out["data"]["image/png"] for out in cell.get("outputs", []) if "image/png" in out.get("data", {})]
        for n, data in enumerate(pngs, start=1):
            yield index, n, plt.imread(io.BytesIO(base64.b64decode(data)), format="png")


def write_simulations(path: Path, out_dir: Path) -> list[Path]:
    """Write the four-panel comparison of each stored figure; return the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for index, n, image in stored_pngs(path):
        views = [("as stored", image)] + [(d, simulate_color_vision(image, d)) for d in DEFICIENCIES]
        height, width = image.shape[:2]
        fig, axes = plt.subplots(2, 2, figsize=(2 * width / 100, 2 * height / 100 + 0.6), dpi=100)
        for ax, (title, view) in zip(axes.ravel(), views):
            ax.imshow(view)
            ax.set_title(title, fontsize=10)
            ax.set_axis_off()
        target = out_dir / f"cell{index}_{n}.png"
        fig.savefig(target)
        plt.close(fig)
        written.append(target)
    return written


def main(paths: list[str]) -> None:
    if not paths:
        sys.exit(__doc__)
    for name in paths:
        path = Path(name)
        files = write_simulations(path, ROOT / "runs" / "cvd" / path.stem)
        print(f"{path.name}: {len(files)} figures -> {files[0].parent if files else 'none'}")


if __name__ == "__main__":
    main(sys.argv[1:])
