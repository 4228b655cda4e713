"""Helpers for the Deep Learning I notebooks.

The package is split by purpose:

- :mod:`helpers.setup`       -- one call at the top of every notebook (seeds, quiet TensorFlow, plot style).
- :mod:`helpers.data`        -- seeded toy datasets and the offline real ones (wine, Auto MPG, digits/MNIST).
- :mod:`helpers.activations` -- activation functions and their derivatives, in numpy.
- :mod:`helpers.plots`       -- decision surfaces, class scatters, activation and history plots.
- :mod:`helpers.widgets`     -- interactive figures: controls wired to pure update functions.
- :mod:`helpers.exercises`   -- check / hint / solution problems for the students.

Importing :mod:`helpers` itself is cheap: nothing here imports TensorFlow, but it sets the two
environment variables that keep TensorFlow quiet, in case a helper module imports it later.
"""

import os as _os
import sys as _sys

from helpers.setup import QUIET_TF_ENV, run_dir, setup_notebook

# Whatever a notebook imports first from helpers, TensorFlow (if it comes later) starts quietly.
if "tensorflow" not in _sys.modules:
    for _name, _value in QUIET_TF_ENV.items():
        _os.environ.setdefault(_name, _value)

__all__ = ["setup_notebook", "run_dir"]
