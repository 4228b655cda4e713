"""Files for TensorBoard's embedding projector: the vectors, one label per row, and the config that names them.

TensorBoard (``tensorboard --logdir <folder>``, then the "Projector" tab) reads ``projector_config.pbtxt`` in the
log folder; each ``embeddings`` entry names a tab-separated file of vectors and a metadata file with one label per
vector (a single column needs no header). The projector then shows them with PCA, t-SNE or UMAP in the browser.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

CONFIG = "projector_config.pbtxt"


def write_projector_files(folder, vectors, labels, name: str = "embedding") -> dict:
    """Write ``<name>_vectors.tsv``, ``<name>_metadata.tsv`` and ``projector_config.pbtxt`` into ``folder``.

    Parameters
    ----------
    folder : path
        The log folder (created if missing), e.g. inside ``ctx.run_dir``.
    vectors : array of shape (n, d)
    labels : sequence of length n
        One label per vector, written as text.
    name : str
        The tensor's name in the projector (letters, digits, ``_`` and ``-``).

    Returns
    -------
    dict
        The three paths, by ``"vectors"``, ``"metadata"`` and ``"config"``.
    """
    vectors = np.asarray(vectors, dtype=np.float64)
    if vectors.ndim != 2 or len(vectors) != len(labels):
        raise ValueError(f"need vectors (n, d) and n labels, got {vectors.shape} and {len(labels)} labels")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"vectors": folder / f"{name}_vectors.tsv", "metadata": folder / f"{name}_metadata.tsv",
             "config": folder / CONFIG}
    np.savetxt(paths["vectors"], vectors, delimiter="\t", fmt="%.5g")
    paths["metadata"].write_text("".join(f"{label}\n" for label in labels))
    paths["config"].write_text(f'embeddings {{\n  tensor_name: "{name}"\n  tensor_path: "{paths["vectors"].name}"\n'
                               f'  metadata_path: "{paths["metadata"].name}"\n}}\n')
    return paths


__all__ = ["write_projector_files", "CONFIG"]
