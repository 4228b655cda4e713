"""Exercises for notebook 07: inverted dropout, the L2 penalty, early stopping and batch normalisation."""

from __future__ import annotations

import numpy as np

from helpers.exercises import Incorrect, Problem, expect_array, expect_close, expect_number

# -- q1: inverted dropout -----------------------------------------------------------------------

_Q1_SETUP = """h = np.array([[0.5, 2.0, 1.0, 0.0], [1.5, 0.2, 3.0, 1.0]])
keep = np.array([[True, False, True, True], [False, True, True, False]])
rate = 0.25"""
_Q1_H = np.array([[0.5, 2.0, 1.0, 0.0], [1.5, 0.2, 3.0, 1.0]])
_Q1_KEEP = np.array([[True, False, True, True], [False, True, True, False]])
_Q1_RATE = 0.25


def _check_q1(h_train):
    expected = _Q1_H * _Q1_KEEP / (1 - _Q1_RATE)
    expect_close(h_train, expected, name="h_train", wrong_hints=[
        (_Q1_H * _Q1_KEEP, "you zeroed the dropped units but did not scale the kept ones: divide by (1 - rate) so "
                           "the expected activation stays the same as at inference."),
        (_Q1_H * _Q1_KEEP * (1 - _Q1_RATE), "you multiplied by (1 - rate); inverted dropout divides by it, making the "
                                            "kept activations larger, not smaller."),
        (_Q1_H * _Q1_KEEP / _Q1_RATE, "Keras's rate is the fraction DROPPED, not kept: divide by (1 - rate), "
                                      "not by rate."),
        (_Q1_H * ~_Q1_KEEP / (1 - _Q1_RATE), "keep is True for the units that stay; you kept the dropped ones."),
        (_Q1_H / (1 - _Q1_RATE), "you scaled every unit but dropped none: multiply by the keep mask too."),
    ])


q1 = Problem(
    "1. Inverted dropout by hand",
    _check_q1,
    hints=["Two steps: multiply h by the keep mask (False counts as 0), then divide by (1 - rate).",
           "With rate = 0.25, each kept activation is multiplied by 1 / 0.75 = 4/3."],
    solution="h_train = h * keep / (1 - rate)",
    setup=_Q1_SETUP,
    answers=("h_train",),
    correct_message="with the 1/(1 - rate) scaling at training time, inference needs no change at all: "
                    "that is what Keras's Dropout layer does.",
)

# -- q2: the L2 penalty -------------------------------------------------------------------------

_Q2_SETUP = """W1 = np.array([[1.0, -2.0], [0.5, 0.0]])
W2 = np.array([[3.0], [-1.0]])
lam = 0.01"""
_Q2_W1 = np.array([[1.0, -2.0], [0.5, 0.0]])
_Q2_W2 = np.array([[3.0], [-1.0]])
_Q2_LAM = 0.01


def _check_q2(penalty):
    squares = np.sum(_Q2_W1 ** 2) + np.sum(_Q2_W2 ** 2)
    expect_close(penalty, _Q2_LAM * squares, name="penalty", wrong_hints=[
        (squares, "that is the sum of squares without the strength: multiply by lam."),
        (_Q2_LAM * (np.sum(np.abs(_Q2_W1)) + np.sum(np.abs(_Q2_W2))),
         "you summed absolute values: that is the L1 penalty. L2 squares each weight."),
        (_Q2_LAM * np.sqrt(squares), "you took the square root (the norm itself); Keras's L2 adds lam times the "
                                     "SQUARED norm, with no square root."),
        (_Q2_LAM * np.sum(_Q2_W1 ** 2), "you only counted W1: the penalty sums over every regularized layer."),
        (_Q2_LAM * np.sum(_Q2_W2 ** 2), "you only counted W2: the penalty sums over every regularized layer."),
        (0.5 * _Q2_LAM * squares, "Keras's L2(l2) has no factor 1/2: penalty = l2 * sum(W**2)."),
    ])


q2 = Problem(
    "2. The L2 penalty Keras adds to the loss",
    _check_q2,
    hints=["Square every weight, add them all up over both matrices, multiply by lam.",
           "np.sum(W1 ** 2) + np.sum(W2 ** 2), times lam."],
    solution="penalty = lam * (np.sum(W1 ** 2) + np.sum(W2 ** 2))",
    setup=_Q2_SETUP,
    answers=("penalty",),
    correct_message="0.155: exactly what sum(model.losses) reports for kernel_regularizer=L2(0.01) on these kernels.",
)

# -- q3: early stopping -------------------------------------------------------------------------

_Q3_SETUP = """val_loss = [0.60, 0.45, 0.40, 0.42, 0.39, 0.41, 0.43, 0.44, 0.46, 0.47]   # epochs 1, 2, ..., 10
patience = 3"""
_Q3_VAL = [0.60, 0.45, 0.40, 0.42, 0.39, 0.41, 0.43, 0.44, 0.46, 0.47]


def _check_q3(epochs_run, restored_epoch):
    run = expect_number(epochs_run, "epochs_run")
    restored = expect_number(restored_epoch, "restored_epoch")
    if (restored, run) == (4, 7):
        raise Incorrect("these are 0-based positions in the list; count epochs from 1, as Keras's log does.")
    if restored == 3:
        raise Incorrect("epoch 4 (0.42) did not improve on 0.40, but epoch 5 (0.39) did: the counter resets there "
                        "and the best epoch becomes 5.")
    expect_close(restored, 5, name="restored_epoch", wrong_hints=[
        (10, "restore_best_weights=True does not keep the last weights: it goes back to the epoch with the lowest "
             "validation loss."),
        (4, "count epochs from 1: val_loss[4] is epoch 5."),
    ])
    expect_close(run, 8, name="epochs_run", wrong_hints=[
        (10, "training stops before the end: after `patience` epochs in a row without improvement."),
        (7, "after epoch 5 it takes 3 epochs without improvement (6, 7 and 8) before stopping: it stops after epoch 8."),
        (9, "the third epoch without improvement after the best (epoch 5) is epoch 8, where it stops."),
    ])


q3 = Problem(
    "3. Where early stopping stops",
    _check_q3,
    hints=["Walk through the list keeping the best loss so far; reset a counter when a loss beats it, "
           "add one otherwise. Stop when the counter reaches patience.",
           "The best loss is 0.39 at epoch 5. Epochs 6, 7 and 8 are not better."],
    solution="epochs_run = 8\nrestored_epoch = 5",
    setup=_Q3_SETUP,
    answers=("epochs_run", "restored_epoch"),
    correct_message="Keras's EarlyStopping(patience=3, restore_best_weights=True) stops after epoch 8 and "
                    "puts back the weights of epoch 5.",
)

# -- q4: batch normalisation --------------------------------------------------------------------

_Q4_SETUP = """Z = np.array([[1.0, 10.0], [3.0, 30.0], [5.0, 20.0], [7.0, 40.0]])   # 4 examples, 2 units
eps = 1e-3"""
_Q4_Z = np.array([[1.0, 10.0], [3.0, 30.0], [5.0, 20.0], [7.0, 40.0]])
_Q4_EPS = 1e-3


def _check_q4(Z_hat):
    mean, var = _Q4_Z.mean(axis=0), _Q4_Z.var(axis=0)
    expected = (_Q4_Z - mean) / np.sqrt(var + _Q4_EPS)
    answer = expect_array(Z_hat, shape=_Q4_Z.shape, name="Z_hat")
    expect_close(answer, expected, name="Z_hat", rtol=1e-4, atol=1e-5, wrong_hints=[
        ((_Q4_Z - _Q4_Z.mean()) / np.sqrt(_Q4_Z.var() + _Q4_EPS),
         "you used one mean and variance for the whole array; batch norm normalises each unit (column) "
         "separately: axis=0."),
        ((_Q4_Z - _Q4_Z.mean(axis=1, keepdims=True)) / np.sqrt(_Q4_Z.var(axis=1, keepdims=True) + _Q4_EPS),
         "you normalised each example (row); batch norm uses statistics over the batch, per unit: axis=0."),
        ((_Q4_Z - mean) / (var + _Q4_EPS), "divide by the standard deviation, sqrt(var + eps), not by the variance."),
        (_Q4_Z / np.sqrt(var + _Q4_EPS), "subtract the batch mean first."),
        ((_Q4_Z - mean) / np.sqrt(_Q4_Z.var(axis=0, ddof=1) + _Q4_EPS),
         "batch norm uses the plain batch variance (divide by n, numpy's default), not the ddof=1 estimate."),
    ])


q4 = Problem(
    "4. Batch normalisation by hand",
    _check_q4,
    hints=["Per column: mu = Z.mean(axis=0), var = Z.var(axis=0); then (Z - mu) / sqrt(var + eps).",
           "Each column of Z_hat should end up with mean 0 and variance (almost) 1."],
    solution="Z_hat = (Z - Z.mean(axis=0)) / np.sqrt(Z.var(axis=0) + eps)",
    setup=_Q4_SETUP,
    answers=("Z_hat",),
    correct_message="both columns now have mean 0 and variance ~1, whatever their original scale; Keras's "
                    "BatchNormalization then applies a learned scale gamma and shift beta.",
)

__all__ = ["q1", "q2", "q3", "q4"]
