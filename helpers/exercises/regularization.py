"""Exercises for notebook 07: inverted dropout, the L2 penalty, early stopping and batch normalisation."""

from __future__ import annotations

import numpy as np

from helpers.exercises import Answer, NumericProblem
from helpers.regularization import early_stopping_epochs

# -- q1: inverted dropout -----------------------------------------------------------------------

q1 = NumericProblem(
    "1. Inverted dropout by hand",
    setup="h = np.array([[0.5, 2.0, 1.0, 0.0], [1.5, 0.2, 3.0, 1.0]])\n"
          "keep = np.array([[True, False, True, True], [False, True, True, False]])\nrate = 0.25",
    answers=[Answer("h_train", lambda h, keep, rate: h * keep / (1 - rate), wrong_values=[
        (lambda h, keep: h * keep, "you zeroed the dropped units but did not scale the kept ones: divide by "
                                   "(1 - rate) so the expected activation stays the same as at inference."),
        (lambda h, keep, rate: h * keep * (1 - rate), "you multiplied by (1 - rate); inverted dropout divides by it, "
                                                      "making the kept activations larger, not smaller."),
        (lambda h, keep, rate: h * keep / rate, "Keras's rate is the fraction DROPPED, not kept: divide by "
                                                "(1 - rate), not by rate."),
        (lambda h, keep, rate: h * ~keep / (1 - rate), "keep is True for the units that stay; you kept the dropped "
                                                       "ones."),
        (lambda h, rate: h / (1 - rate), "you scaled every unit but dropped none: multiply by the keep mask too."),
    ])],
    hints=["Two steps: multiply h by the keep mask (False counts as 0), then divide by (1 - rate).",
           "With rate = 0.25, each kept activation is multiplied by 1 / 0.75 = 4/3."],
    solution="h_train = h * keep / (1 - rate)",
    correct_message="with the 1/(1 - rate) scaling at training time, inference needs no change at all: "
                    "that is what Keras's Dropout layer does.",
)

# -- q2: the L2 penalty -------------------------------------------------------------------------


def _squares(W1, W2):
    return np.sum(W1 ** 2) + np.sum(W2 ** 2)


q2 = NumericProblem(
    "2. The L2 penalty Keras adds to the loss",
    setup="W1 = np.array([[1.0, -2.0], [0.5, 0.0]])\nW2 = np.array([[3.0], [-1.0]])\nlam = 0.01",
    answers=[Answer("penalty", lambda W1, W2, lam: lam * _squares(W1, W2), wrong_values=[
        (_squares, "that is the sum of squares without the strength: multiply by lam."),
        (lambda W1, W2, lam: lam * (np.sum(np.abs(W1)) + np.sum(np.abs(W2))),
         "you summed absolute values: that is the L1 penalty. L2 squares each weight."),
        (lambda W1, W2, lam: lam * np.sqrt(_squares(W1, W2)),
         "you took the square root (the norm itself); Keras's L2 adds lam times the SQUARED norm, with no square "
         "root."),
        (lambda W1, lam: lam * np.sum(W1 ** 2), "you only counted W1: the penalty sums over every regularized layer."),
        (lambda W2, lam: lam * np.sum(W2 ** 2), "you only counted W2: the penalty sums over every regularized layer."),
        (lambda W1, W2, lam: 0.5 * lam * _squares(W1, W2),
         "Keras's L2(l2) has no factor 1/2: penalty = l2 * sum(W**2)."),
    ])],
    hints=["Square every weight, add them all up over both matrices, multiply by lam.",
           "np.sum(W1 ** 2) + np.sum(W2 ** 2), times lam."],
    solution="penalty = lam * (np.sum(W1 ** 2) + np.sum(W2 ** 2))",
    correct_message="0.155: exactly what sum(model.losses) reports for kernel_regularizer=L2(0.01) on these kernels.",
)

# -- q3: early stopping -------------------------------------------------------------------------


def _restored(val_loss, patience):
    return early_stopping_epochs(val_loss, patience)[1]


q3 = NumericProblem(
    "3. Where early stopping stops",
    setup="val_loss = [0.60, 0.45, 0.40, 0.42, 0.39, 0.41, 0.43, 0.44, 0.46, 0.47]   # epochs 1, 2, ..., 10\n"
          "patience = 3",
    answers=[
        Answer("restored_epoch", _restored, wrong_values=[
            (lambda val_loss: len(val_loss), "restore_best_weights=True does not keep the last weights: it goes back "
                                             "to the epoch with the lowest validation loss."),
            (lambda val_loss, patience: _restored(val_loss, patience) - 1,
             "val_loss[4] is epoch 5: list positions are 0-based, but Keras counts epochs from 1."),
            (lambda: 3, "epoch 4 (0.42) did not improve on 0.40, but epoch 5 (0.39) did: the counter resets there "
                        "and the best epoch becomes 5."),
        ]),
        Answer("epochs_run", lambda val_loss, patience: early_stopping_epochs(val_loss, patience)[0], wrong_values=[
            (lambda val_loss: len(val_loss), "training stops before the end: after `patience` epochs in a row without "
                                             "improvement."),
            (lambda: 7, "after epoch 5 it takes 3 epochs without improvement (6, 7 and 8) before stopping: it stops "
                        "after epoch 8."),
            (lambda: 9, "the third epoch without improvement after the best (epoch 5) is epoch 8, where it stops."),
        ]),
    ],
    call_order=("epochs_run", "restored_epoch"),
    hints=["Walk through the list keeping the best loss so far; reset a counter when a loss beats it, "
           "add one otherwise. Stop when the counter reaches patience.",
           "The best loss is 0.39 at epoch 5. Epochs 6, 7 and 8 are not better."],
    solution="epochs_run = 8\nrestored_epoch = 5",
    correct_message="Keras's EarlyStopping(patience=3, restore_best_weights=True) stops after epoch 8 and "
                    "puts back the weights of epoch 5.",
)

# -- q4: batch normalisation --------------------------------------------------------------------


def _normalised(Z, mean, var, eps):
    return (Z - mean) / np.sqrt(var + eps)


q4 = NumericProblem(
    "4. Batch normalisation by hand",
    setup="Z = np.array([[1.0, 10.0], [3.0, 30.0], [5.0, 20.0], [7.0, 40.0]])   # 4 examples, 2 units\neps = 1e-3",
    answers=[Answer("Z_hat", lambda Z, eps: _normalised(Z, Z.mean(axis=0), Z.var(axis=0), eps), rtol=1e-4, atol=1e-5,
                    wrong_values=[
        (lambda Z, eps: _normalised(Z, Z.mean(), Z.var(), eps),
         "you used one mean and variance for the whole array; batch norm normalises each unit (column) separately: "
         "axis=0."),
        (lambda Z, eps: _normalised(Z, Z.mean(axis=1, keepdims=True), Z.var(axis=1, keepdims=True), eps),
         "you normalised each example (row); batch norm uses statistics over the batch, per unit: axis=0."),
        (lambda Z, eps: (Z - Z.mean(axis=0)) / (Z.var(axis=0) + eps),
         "divide by the standard deviation, sqrt(var + eps), not by the variance."),
        (lambda Z, eps: _normalised(Z, 0.0, Z.var(axis=0), eps), "subtract the batch mean first."),
        (lambda Z, eps: _normalised(Z, Z.mean(axis=0), Z.var(axis=0, ddof=1), eps),
         "batch norm uses the plain batch variance (divide by n, numpy's default), not the ddof=1 estimate."),
    ])],
    hints=["Per column: mu = Z.mean(axis=0), var = Z.var(axis=0); then (Z - mu) / sqrt(var + eps).",
           "Each column of Z_hat should end up with mean 0 and variance (almost) 1."],
    solution="Z_hat = (Z - Z.mean(axis=0)) / np.sqrt(Z.var(axis=0) + eps)",
    correct_message="both columns now have mean 0 and variance ~1, whatever their original scale; Keras's "
                    "BatchNormalization then applies a learned scale gamma and shift beta.",
)

__all__ = ["q1", "q2", "q3", "q4"]
