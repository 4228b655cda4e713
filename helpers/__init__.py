"""Helpers for the Deep Learning I notebooks.

The package is split by purpose:

- :mod:`helpers.setup`       -- one call at the top of every notebook (seeds, quiet TensorFlow, plot style).
- :mod:`helpers.data`        -- seeded toy datasets and the offline real ones (wine, Auto MPG, digits/MNIST).
- :mod:`helpers.activations` -- activation functions and their derivatives, in numpy.
- :mod:`helpers.plots`       -- decision surfaces, class scatters, activation and history plots.
- :mod:`helpers.widgets`     -- interactive figures: controls wired to pure update functions.
- :mod:`helpers.exercises`   -- check / hint / solution problems for the students.

Importing :mod:`helpers` itself is cheap: nothing here imports TensorFlow.
"""

from helpers.setup import run_dir, setup_notebook

__all__ = ["setup_notebook", "run_dir"]
