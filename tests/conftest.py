import os

# Before anything imports TensorFlow: keep it quiet, as every notebook does.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import random  # noqa: E402

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _isolate_global_state():
    """Each test starts from the same global state, whatever ran before it, and leaves it as it found it.

    ``helpers.setup_notebook`` (called by some tests, as a notebook's first cell calls it) applies the
    projector style to ``matplotlib.rcParams`` and seeds Python's and numpy's global generators; a widget
    built afterwards in the same process would get that style (a grid, other fonts) and a test that draws
    from the global generators other numbers. So the style and both generators are restored after every
    test, and open pyplot figures are closed. (Warning filters are restored by pytest itself.)
    """
    import matplotlib.pyplot as plt

    python_state, numpy_state = random.getstate(), np.random.get_state()
    with matplotlib.rc_context():
        yield
    plt.close("all")
    random.setstate(python_state)
    np.random.set_state(numpy_state)
