"""Exercises for notebook 07: predict overfitting, early stopping with ``min_delta``, inverted dropout, the L2
penalty, batch normalisation by hand, diagnose two training logs, and the Auto MPG capstone."""

from __future__ import annotations


import numpy as np

from helpers.exercises import Answer, Choice, ChoiceProblem, FunctionProblem, NumericProblem, Problem
from helpers.exercises.checks import Incorrect, real_values
from helpers.exercises.keras_checks import keras_layers
from helpers.numpy_regularization import early_stopping_epochs

# -- q1: predict the big model's validation loss ----------------------------------------------

q1 = ChoiceProblem(
    "1. Predict: after its best epoch",
    choices=[Choice("prediction", options=["up", "flat", "down"], answer="up", why={
        "flat": "flat would mean the network stops changing once it has fitted the signal. But Adam keeps "
                "lowering the TRAINING loss, and with 17,000 weights and 60 noisy points the only way left to "
                "lower it is to fit the noise: the validation loss pays for that and goes up.",
        "down": "down would mean every step that helps on the 60 training points also helps on new points. "
                "Past the best epoch that is no longer so: what is left to learn in the training points is "
                "their noise, which new points do not share.",
    })],
    hints=["What is left for the network to learn in the training points once it has the shape of the moons?",
           "17,000 weights, 60 noisy points: the training loss can keep falling. Which points pay for that?"],
    solution='prediction = "up"',
    correct_message="the training loss keeps falling by fitting the noise of the 60 points, and that noise is "
                    "wrong everywhere else. Run the next cell and look for the lowest point of the validation "
                    "curve.",
    kind="predict",
)

# -- q2: early stopping with min_delta ----------------------------------------------------------


def early_stopping_min_delta(val_loss, patience, min_delta):
    """The reference: :func:`helpers.numpy_regularization.early_stopping_epochs` with Keras's ``min_delta``."""
    return early_stopping_epochs(val_loss, patience, min_delta)


def _any_lower_is_best(val_loss, patience, min_delta):
    """A typical mistake: the best epoch follows any lower loss, the counter only a big enough one."""
    best, best_epoch, wait, reference = np.inf, 0, 0, np.inf
    for epoch, loss in enumerate(val_loss, start=1):
        if loss < best:
            best, best_epoch = loss, epoch
        if loss < reference - min_delta:
            reference, wait = loss, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_epoch
    return len(val_loss), best_epoch


def _es_cases(rng):
    """Validation curves that fall fast, then creep down by small steps, then climb."""
    cases = []
    for patience, min_delta in [(2, 0.01), (3, 0.02), (3, 0.005), (4, 0.015), (2, 0.0), (5, 0.01)]:
        epochs = np.arange(1, 26)
        curve = 0.3 + 0.5 * np.exp(-epochs / 3) + 0.002 * np.maximum(epochs - 12, 0) ** 1.5
        loss = np.round(curve + rng.normal(0, 0.006, size=epochs.size), 4)
        cases.append((loss.tolist(), patience, min_delta))
    return cases


q2 = FunctionProblem(
    "2. Early stopping with min_delta",
    function_name="early_stopping_min_delta",
    reference=early_stopping_min_delta,
    cases=_es_cases,
    outputs=("epochs_run", "best_epoch"),
    setup="val_loss = [0.60, 0.45, 0.40, 0.395, 0.39, 0.41, 0.38, 0.42, 0.43, 0.44]   # an example: epochs 1..10\n"
          "# early_stopping_min_delta(val_loss, patience=2, min_delta=0.01) should give (5, 3)",
    wrong_functions=[
        (lambda val_loss, patience, min_delta: early_stopping_min_delta(val_loss, patience, 0.0),
         "you ignored min_delta: a loss only counts as an improvement when it is below best - min_delta."),
        (lambda val_loss, patience, min_delta: early_stopping_min_delta(val_loss, patience, -min_delta),
         "the sign of min_delta is flipped: an improvement must beat the best by MORE than min_delta, "
         "loss < best - min_delta."),
        (_any_lower_is_best,
         "a small improvement (less than min_delta) moves neither the best loss nor the best epoch: Keras keeps "
         "best and best_epoch from the last real improvement, so both change only when loss < best - min_delta."),
        (lambda val_loss, patience, min_delta: tuple(e - 1 for e in early_stopping_min_delta(val_loss, patience,
                                                                                             min_delta)),
         "your epochs are 0-based; Keras (and this exercise) counts epochs from 1: enumerate(val_loss, start=1)."),
        (lambda val_loss, patience, min_delta: (early_stopping_min_delta(val_loss, patience, min_delta)[0],) * 2,
         "best_epoch is the epoch whose weights restore_best_weights puts back, the last real improvement, not "
         "the epoch where training stops."),
    ],
    hints=["Start from early_stopping_epochs in section 5 and change one condition.",
           "The improvement test becomes `loss < best - min_delta`; everything else stays."],
    solution="def early_stopping_min_delta(val_loss, patience, min_delta):\n"
             "    best, best_epoch, wait = np.inf, 0, 0\n"
             "    for epoch, loss in enumerate(val_loss, start=1):\n"
             "        if loss < best - min_delta:\n"
             "            best, best_epoch, wait = loss, epoch, 0\n"
             "        else:\n"
             "            wait += 1\n"
             "            if wait >= patience:\n"
             "                return epoch, best_epoch\n"
             "    return len(val_loss), best_epoch",
    correct_message="that is Keras's rule: EarlyStopping(patience=..., min_delta=...) ignores improvements "
                    "smaller than min_delta, so a validation loss that only creeps down stops the run.",
)

# -- q3: inverted dropout -----------------------------------------------------------------------

q3 = NumericProblem(
    "3. Inverted dropout by hand",
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

# -- q4: the L2 penalty -------------------------------------------------------------------------


def _squares(W1, W2):
    return np.sum(W1 ** 2) + np.sum(W2 ** 2)


q4 = NumericProblem(
    "4. The L2 penalty Keras adds to the loss",
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

# -- q5: batch normalisation --------------------------------------------------------------------


def _normalised(Z, mean, var, eps):
    return (Z - mean) / np.sqrt(var + eps)


q5 = NumericProblem(
    "5. Batch normalisation by hand",
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


# -- q6: diagnose two training logs -------------------------------------------------------------

#: Two logged runs (loss per epoch) for q6, drawn in the notebook before the exercise.
DIAGNOSE_LOGS = {
    "run A": {"loss": [0.69, 0.58, 0.71, 0.55, 0.83, 0.62, 0.97, 0.66, 0.78, 1.12, 0.74, 0.91],
              "val_loss": [0.68, 0.61, 0.75, 0.57, 0.88, 0.66, 1.03, 0.70, 0.81, 1.19, 0.77, 0.96]},
    "run B": {"loss": [0.69, 0.65, 0.62, 0.60, 0.59, 0.585, 0.582, 0.580, 0.579, 0.579, 0.578, 0.578],
              "val_loss": [0.69, 0.66, 0.63, 0.61, 0.60, 0.595, 0.592, 0.590, 0.589, 0.589, 0.588, 0.588]},
}

_PROBLEMS = ["overfitting", "underfitting", "learning rate too high"]
_FIXES = ["regularize", "stop earlier", "bigger model", "more epochs", "lower learning rate"]

q6 = ChoiceProblem(
    "6. Diagnose two training logs",
    choices=[
        Choice("problem_A", options=_PROBLEMS, answer="learning rate too high", why={
            "overfitting": "run A's validation loss does not climb away from a falling training loss: the two "
                           "curves jump up and down TOGETHER, so the training loss itself does not go down.",
            "underfitting": "an underfitting run settles smoothly on a high loss; run A never settles: its training "
                            "loss jumps between 0.55 and 1.12, so each step overshoots.",
        }),
        Choice("fix_A", options=_FIXES, answer="lower learning rate", why={
            "regularize": "regularization fights fitting the noise; run A does not even fit the training data, "
                          "because its steps overshoot.",
            "stop earlier": "there is no good epoch to stop at: the loss jumps from the start.",
            "bigger model": "a bigger model takes the same too-large steps.",
            "more epochs": "more epochs of overshooting steps do not settle it: the jumps grow.",
        }),
        Choice("problem_B", options=_PROBLEMS, answer="underfitting", why={
            "overfitting": "the two curves of run B stay together, at a high loss: nothing is fitted that only "
                           "the training data have.",
            "learning rate too high": "run B's loss falls smoothly and then stays flat: no jumps, no overshooting.",
        }),
        Choice("fix_B", options=_FIXES, answer="bigger model", why={
            "regularize": "regularization restricts the model further; run B already cannot fit the training data.",
            "stop earlier": "stopping earlier gives an even higher loss.",
            "more epochs": "the curves have been flat for the last 6 epochs: more of the same epochs change "
                           "nothing. The model is too small to fit the data.",
            "lower learning rate": "smaller steps would reach the same plateau, slower: the plateau is the best "
                                   "this model can do.",
        }),
    ],
    hints=["For each run ask: does the TRAINING loss go down steadily? Do the two curves drift apart?",
           "Jumping curves: the steps overshoot. Both curves flat and high, together: the model is too weak."],
    solution='problem_A, fix_A = "learning rate too high", "lower learning rate"\n'
             'problem_B, fix_B = "underfitting", "bigger model"',
    correct_message="the third pattern, a training loss that keeps falling while the validation loss climbs, is "
                    "overfitting, and its fixes are this notebook's: regularize or stop early.",
    kind="diagnose",
)

# -- q7: the capstone, Auto MPG end to end ------------------------------------------------------

#: The seed of the capstone's fixed split (an exercise's given, like its data).
CAPSTONE_SPLIT_SEED = 7
#: The test MSE (MPG squared) the capstone asks to beat; the mean prediction scores about 60 on these cars.
CAPSTONE_TEST_MSE = 16.0


def capstone_split():
    """The capstone's data, prepared exactly as its setup cell does (steps 1-2 of the checklist).

    Returns
    -------
    X_train, X_val, X_test, y_train, y_val, y_test : numpy.ndarray
        60 / 20 / 20 % of the 398 cars; horsepower filled with the training median; standardised with the
        training mean and standard deviation.
    """
    from helpers import data

    X, y = data.auto_mpg_features()
    X_rest, X_test, y_rest, y_test = data.train_val_split(X, y, val_fraction=0.2, seed=CAPSTONE_SPLIT_SEED)
    X_train, X_val, y_train, y_val = data.train_val_split(X_rest, y_rest, val_fraction=0.25, seed=CAPSTONE_SPLIT_SEED)
    median = np.nanmedian(X_train[:, 2])
    for part in (X_train, X_val, X_test):
        part[np.isnan(part[:, 2]), 2] = median
    X_train, X_val, X_test, _ = data.standardize(X_train, X_val, X_test)
    return X_train, X_val, X_test, y_train, y_val, y_test


def _mse(predictions, y):
    return float(np.mean((np.asarray(predictions, dtype=np.float64).reshape(-1) - y) ** 2))


def _model_mse(model, X, y) -> float:
    """The model's MSE on ``(X, y)``, in inference mode; Incorrect when it cannot predict MPG from X."""
    layers = keras_layers(model, "model")
    if not layers:
        raise Incorrect("model has no layers yet: build it with keras.Sequential([keras.Input(shape=(9,)), ...]).")
    try:
        predictions = np.asarray(model(X.astype(np.float32), training=False), dtype=np.float64)
    except Exception:
        raise Incorrect(f"model could not predict from the {X.shape[1]} features: start it with "
                        f"keras.Input(shape=({X.shape[1]},)).") from None
    if predictions.size != len(y):
        raise Incorrect(f"model should predict one number per car (a last layer Dense(1) with no activation); "
                        f"it gives {predictions.shape[1:] or 'a scalar'} per input.")
    if not np.all(np.isfinite(predictions)):
        raise Incorrect("model predicts NaN or infinity: its training diverged. Lower the learning rate.")
    return _mse(predictions, y)


def _scalar(answer, name):
    values = real_values(answer, name, "one number")
    if values.size != 1:
        raise Incorrect(f"{name} should be one number, got {values.size} values.")
    return float(values.reshape(-1)[0])


def _check_baseline(baseline_mse, X_train, y_train, y_val, y_test):
    value = _scalar(baseline_mse, "baseline_mse")
    right = _mse(np.full_like(y_val, y_train.mean()), y_val)
    if np.isclose(value, right, rtol=1e-3):
        return
    wrong = [(_mse(np.full_like(y_val, y_val.mean()), y_val), "predict the TRAINING mean: a baseline knows only "
              "the training data, and is scored on the validation cars like any model."),
             (_mse(np.full_like(y_test, y_train.mean()), y_test), "that is the baseline on the TEST cars; compare "
              "models on the validation cars and keep the test set for the very end."),
             (_mse(np.full_like(y_train, y_train.mean()), y_train), "that is the baseline on the training cars; "
              "score it on the validation cars."),
             (np.sqrt(right), "that is the root of the MSE (RMSE): leave out the square root."),
             (float(np.mean(np.abs(y_val - y_train.mean()))), "that is the mean ABSOLUTE error: square the "
              "errors.")]
    for number, message in wrong:
        if np.isclose(value, number, rtol=1e-3):
            raise Incorrect(f"baseline_mse: {message}")
    raise Incorrect(f"baseline_mse should be the MSE on the validation cars of always predicting the mean MPG of "
                    f"the training cars; got {value:.4g}.")


def _check_capstone(baseline_mse, model, test_mse):
    X_train, X_val, X_test, y_train, y_val, y_test = capstone_split()
    _check_baseline(baseline_mse, X_train, y_train, y_val, y_test)
    reported = _scalar(test_mse, "test_mse")
    on_test, on_val, on_train = (_model_mse(model, X, y) for X, y in
                                 ((X_test, y_test), (X_val, y_val), (X_train, y_train)))
    penalty = sum(float(np.sum(np.asarray(loss))) for loss in getattr(model, "losses", []))
    if not np.isclose(reported, on_test, rtol=2e-3, atol=1e-3) and not np.isclose(reported, on_test + penalty,
                                                                                   rtol=2e-3, atol=1e-3):
        for number, what in [(on_val, "the validation MSE"), (on_train, "the training MSE"),
                             (np.sqrt(on_test), "the root of the test MSE (RMSE)")]:
            if np.isclose(reported, number, rtol=2e-3):
                raise Incorrect(f"test_mse is {what}; report the model's MSE on the test cars: "
                                f"model.evaluate(X_test, y_test) with loss='mse'.")
        raise Incorrect(f"test_mse ({reported:.4g}) is not what this model scores on the test cars ({on_test:.4g}): "
                        f"report model.evaluate(X_test, y_test) of the model you pass (compiled with loss='mse').")
    baseline_test = _mse(np.full_like(y_test, y_train.mean()), y_test)
    if on_test >= baseline_test:
        raise Incorrect(f"the model does not beat the baseline: its test MSE {on_test:.1f} is not below the mean "
                        f"prediction's {baseline_test:.1f}. Standardised inputs, a ReLU hidden layer, a linear "
                        f"Dense(1) output, loss='mse', and enough epochs.")
    if on_test < 0.45 * on_val:
        raise Incorrect(f"the model fits the test cars much better than the validation cars (MSE {on_test:.1f} "
                        f"against {on_val:.1f}): was it trained or tuned on the test data? Train on X_train only.")
    if on_test > CAPSTONE_TEST_MSE:
        raise Incorrect(f"the model beats the baseline ({baseline_test:.1f}) but its test MSE {on_test:.1f} is above "
                        f"{CAPSTONE_TEST_MSE:g}; a straight line already does better. Train longer, or compare your "
                        f"variants on the validation MSE and keep the best.")


q7 = Problem(
    "7. Capstone: Auto MPG from start to finish",
    _check_capstone,
    setup="import keras\n"
          "from helpers import data\n"
          "X, y = data.auto_mpg_features()   # 398 cars, 9 features (origin one-hot); horsepower missing for 6\n"
          "X_rest, X_test, y_rest, y_test = data.train_val_split(X, y, val_fraction=0.2, seed=7)\n"
          "X_train, X_val, y_train, y_val = data.train_val_split(X_rest, y_rest, val_fraction=0.25, seed=7)\n"
          "median = np.nanmedian(X_train[:, 2])   # fill in horsepower with a TRAINING statistic\n"
          "for part in (X_train, X_val, X_test):\n"
          "    part[np.isnan(part[:, 2]), 2] = median\n"
          "X_train, X_val, X_test, scaler = data.standardize(X_train, X_val, X_test)",
    answers=("baseline_mse", "model", "test_mse"),
    hints=["(a) np.mean((y_val - y_train.mean()) ** 2). (b)-(c) keras.Sequential([keras.Input(shape=(9,)), "
           "Dense(64, relu), Dense(64, relu), Dense(1)]), loss='mse', validation_data=(X_val, y_val).",
           "Regularise the big model with Dropout, an L2 penalty or EarlyStopping(patience=10, "
           "restore_best_weights=True); "
           "then, once, test_mse = model.evaluate(X_test, y_test, verbose=0)."],
    solution="baseline_mse = np.mean((y_val - y_train.mean()) ** 2)\n"
             "def mpg_model(dropout):\n"
             "    model = keras.Sequential([keras.Input(shape=(9,)),\n"
             "                              keras.layers.Dense(128, activation=\"relu\"), keras.layers.Dropout(dropout),\n"
             "                              keras.layers.Dense(128, activation=\"relu\"), keras.layers.Dropout(dropout),\n"
             "                              keras.layers.Dense(1)])\n"
             "    model.compile(optimizer=keras.optimizers.Adam(0.01), loss=\"mse\")\n"
             "    return model\n"
             "big = mpg_model(dropout=0.0)   # (c) overfit: big, many epochs\n"
             "big_history = big.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=40, batch_size=64,\n"
             "                      verbose=0)\n"
             "model = mpg_model(dropout=0.2)   # then regularise: dropout and early stopping\n"
             "stop = keras.callbacks.EarlyStopping(monitor=\"val_loss\", patience=10, restore_best_weights=True)\n"
             "history = model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=40, batch_size=64,\n"
             "                    verbose=0, callbacks=[stop])\n"
             "test_mse = model.evaluate(X_test, y_test, verbose=0)   # (d) once, at the very end",
    correct_message="the model beats the mean prediction by far on cars it has never seen, and the test set was "
                    "used once, at the end. That is the training process of section 1, from start to finish.",
    kind="capstone",
)

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "DIAGNOSE_LOGS", "early_stopping_min_delta", "capstone_split"]
