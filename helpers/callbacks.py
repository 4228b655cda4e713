"""Keras callbacks of notebook 07: the validation loss in the logs."""

from __future__ import annotations

import keras
import numpy as np

from helpers.data import check_xy
from helpers.regularization import binary_crossentropy


class ValidationLoss(keras.callbacks.Callback):
    """Put the validation loss into the epoch's logs as ``"val_loss"``: one batch of ``(X, y)``, inference mode.

    Place it first in ``callbacks``: the callbacks after it (``EarlyStopping``, ``ModelCheckpoint``,
    ``CSVLogger``, ``TensorBoard``, the history) read the same logs. The forward pass is
    ``model.predict_on_batch`` (traced once per model, far cheaper per epoch than a direct eager call); the
    loss is Keras's binary cross-entropy (:func:`helpers.regularization.binary_crossentropy`), without any L2
    penalty.
    """

    def __init__(self, X, y):
        super().__init__()
        self.X, self.y = check_xy(X, y, "X")
        self.X = self.X.astype(np.float32)

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["val_loss"] = binary_crossentropy(self.y, self.model.predict_on_batch(self.X))


__all__ = ["ValidationLoss", "binary_crossentropy"]
