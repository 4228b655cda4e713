"""Teaching cells show the code a student should write: the lecture's Keras API, no speed tricks.

Students copy what they see. So no notebook trains on tiled copies of its data, hides an input pipeline,
or batches several steps per call; each trains its Keras models with ``model.fit(X, y, epochs=...)``; and
07 builds every regularizer and callback it teaches in plain sight.
"""

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SPEED_TRICKS = {
    r"np\.tile\(": "np.tile copies of the data (an 'epoch' that is not one pass)",
    r"steps_per_execution": "steps_per_execution (several steps per call)",
    r"data\.batches\(": "a hidden input pipeline (helpers.data.batches)",
    r"\.repeat\(": "a repeated tf.data pipeline",
}


def _code(path: Path) -> str:
    cells = json.loads(path.read_text())["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_speed_tricks_in_teaching_cells(path):
    found = [what for pattern, what in SPEED_TRICKS.items() if re.search(pattern, _code(path))]
    assert not found, f"{path.name} shows {found}; train with model.fit(X, y, epochs=..., batch_size=...)"


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.stem[:2] <= "07"], ids=lambda p: p.stem)
def test_keras_models_are_trained_with_fit_in_the_notebook(path):
    code = _code(path)
    assert re.search(r"\bkeras\.Sequential\(|\bkeras\.Model\(", code), f"{path.name} builds no Keras model in sight"
    assert re.search(r"\.fit\(\s*[Xx]\w*,\s*[Yy]\w*,[^)]*epochs=", code), f"{path.name} never calls model.fit(X, y, epochs=...)"


TAUGHT_IN_07 = ["keras.layers.Dropout(", "kernel_regularizer=keras.regularizers.L2(", "keras.layers.BatchNormalization(",
                "keras.layers.GaussianNoise(", "keras.layers.RandomTranslation(", "keras.callbacks.EarlyStopping(",
                "keras.callbacks.ModelCheckpoint(", "keras.callbacks.ReduceLROnPlateau(", "keras.callbacks.CSVLogger(",
                "keras.callbacks.TensorBoard(", "validation_data="]


@pytest.mark.parametrize("taught", TAUGHT_IN_07)
def test_07_builds_what_it_teaches_in_plain_sight(taught):
    path = next(p for p in NOTEBOOKS if p.stem.startswith("07"))
    assert taught in _code(path), f"07 should show {taught} in a code cell where it is taught"
