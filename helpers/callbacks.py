"""Keras callbacks of notebook 07: the validation loss in the logs, weight norms, activation histograms."""

from __future__ import annotations

import keras
import numpy as np

from helpers.data import check_xy
from helpers.regularization import binary_crossentropy, layer_outputs


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


class WeightNormHistory(keras.callbacks.Callback):
    """A custom callback: the norm of each ``Dense`` kernel after every epoch.

    Attributes
    ----------
    norms : dict
        layer name -> list of :math:`\\lVert W \\rVert_2` (Frobenius norm), one per epoch.
    """

    def __init__(self):
        super().__init__()
        self.norms = {}

    def on_epoch_end(self, epoch, logs=None):
        for layer in self.model.layers:
            if isinstance(layer, keras.layers.Dense):
                self.norms.setdefault(layer.name, []).append(float(np.linalg.norm(layer.kernel.numpy())))


class ActivationHistograms(keras.callbacks.Callback):
    """Write histograms of some layers' outputs on fixed inputs to TensorBoard every ``every`` epochs.

    Keras's ``TensorBoard`` callback writes histograms of the weights; this adds the activations,
    in ``<log_dir>/activations`` under tags ``activations/<layer name>``.
    """

    def __init__(self, log_dir, X, layer_names, every: int = 5):
        super().__init__()
        if every < 1:
            raise ValueError(f"every must be a positive number of epochs, got {every!r}")
        self.log_dir = str(log_dir)
        self.X = np.asarray(X, dtype=np.float32)
        self.layer_names = list(layer_names)
        self.every = every
        self._writer = None

    def on_train_begin(self, logs=None):
        import tensorflow as tf

        self._writer = tf.summary.create_file_writer(f"{self.log_dir}/activations")

    def on_epoch_end(self, epoch, logs=None):
        import tensorflow as tf

        if epoch % self.every:
            return
        outputs = layer_outputs(self.model, self.layer_names, self.X)
        with self._writer.as_default():
            for name, values in outputs.items():
                tf.summary.histogram(f"activations/{name}", values, step=epoch)
        self._writer.flush()

    def on_train_end(self, logs=None):
        if self._writer is not None:
            self._writer.close()


__all__ = ["ValidationLoss", "binary_crossentropy", "WeightNormHistory", "ActivationHistograms"]
