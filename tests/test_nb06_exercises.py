"""Notebook 06's exercises: the solution in the cell passes, the untouched cell is not attempted, typical mistakes get help.

q1 predicts diverging learning rates, q2 is the student's mini-batch SGD loop (typed into the notebook's own cell),
q3 diagnoses two loss curves, q4 to q6 are formulas.
"""

import numpy as np
import pytest

from helpers.exercises import optimizers
from helpers.exercises.optimizers import q1, q2, q3, q4, q5, q6
from tests.exercise_harness import assert_incorrect, typical_mistakes_test


# -- q1: which learning rates diverge (predict) -----------------------------------------------------


@pytest.mark.parametrize("answer, text", [
    ([0.4, 0.42, 0.5], "0.4 = 2/a is the edge"),
    ([0.3, 0.4, 0.42, 0.5], "0.3 overshoots"),
    ([0.5], "0.42 diverges: it is just above 2/a = 0.4"),
    (0.5, "0.42 diverges"),
    ([0.45], "is not one of the options"),
    ("0.42, 0.5", "is not one of the options"),
])
def test_q1_typical_mistakes(answer, text):
    assert_incorrect(q1.evaluate(answer), text)


def test_q1_answer_is_what_gradient_descent_does():
    from helpers.update_rules import gradient_descent

    diverging = [eta for eta in [0.1, 0.2, 0.3, 0.4, 0.42, 0.5]
                 if gradient_descent(lambda w: 5.0 * w, 1.0, eta, steps=100, limit=1e3).diverged]
    assert q1.evaluate(diverging).correct and diverging == [0.42, 0.5]


# -- q2: the mini-batch SGD loop, typed into the notebook's cell --------------------------------------

LOOP = """def minibatch_sgd(w, X, y, gradient, learning_rate, batch_size, epochs, rng):
    n = len(y)
{body}
    return w"""
RIGHT_STEP = "w = w - learning_rate * gradient(w, X[batch], y[batch])"


def _loop(before_epochs="", order="order = rng.permutation(n)", starts="range(0, n, batch_size)",
          batch="batch = order[start:start + batch_size]", step=RIGHT_STEP, epochs="range(epochs)"):
    lines = ([f"    {before_epochs}"] if before_epochs else []) + [
        f"    for epoch in {epochs}:", f"        {order}", f"        for start in {starts}:",
        f"            {batch}", f"            {step}"]
    return LOOP.format(body="\n".join(lines))


test_q2_typical_mistakes_typed_in_the_cell = typical_mistakes_test("06_optimizers.ipynb", optimizers, [
    ("q2", _loop(order="order = np.arange(n)"), "in their stored order"),
    ("q2", _loop(before_epochs="order = rng.permutation(n)", order="pass"), "you shuffled once"),
    ("q2", _loop(starts="range(0, n - batch_size + 1, batch_size)"), "skipped the last, smaller batch"),
    ("q2", _loop(step="w = w - learning_rate * gradient(w, X, y)"), "full-batch gradient descent"),
    ("q2", _loop(step="w = w + learning_rate * gradient(w, X[batch], y[batch])"), "uphill"),
    ("q2", _loop(step="w = w - learning_rate * gradient(w, X[batch], y[start:start + batch_size])"),
     "shuffled X but took y in its stored order"),
    ("q2", _loop(epochs="range(1)"), "ran one epoch"),
    ("q2", _loop(before_epochs="order = np.arange(n)", order="rng.shuffle(order)"), "starts each epoch from the previous"),
    ("q2", _loop(order="pass", batch="batch = rng.integers(n, size=batch_size)"), "with replacement"),
    ("q2", _loop(order="order = rng.permutation(n)[:n - 1]"), "on a test input you have not seen"),
    ("q2", "def minibatch_sgd(w, X, y, gradient, learning_rate, batch_size, epochs):\n    return w",
     "should take 8 arguments"),
])


def test_q2_accepts_a_loop_written_with_shuffle_and_in_place_steps():
    def student(w, X, y, gradient, learning_rate, batch_size, epochs, rng):
        for _ in range(epochs):
            index = np.arange(len(y))
            rng.shuffle(index)                          # the same draw as rng.permutation(n)
            for start in range(0, len(y), batch_size):
                chosen = index[start:start + batch_size]
                w -= learning_rate * gradient(w, X[chosen], y[chosen])
        return w

    assert q2.evaluate(student).correct


def test_q2_reference_steps_on_each_consecutive_batch_of_one_permutation():
    """The reference loop's steps are those of SGD on each consecutive batch of the permuted data."""
    from helpers.minibatch_noise import minibatch_sgd, mse_gradient

    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(10, 2)), rng.normal(size=10)
    order = np.random.default_rng(5).permutation(10)
    w = np.zeros(2)
    for batch in (order[0:4], order[4:8], order[8:10]):
        w = w - 0.1 * mse_gradient(w, X[batch], y[batch])
    np.testing.assert_allclose(minibatch_sgd(np.zeros(2), X, y, mse_gradient, 0.1, 4, 1, np.random.default_rng(5)), w)


# -- q3: diagnose two loss curves ----------------------------------------------------------------------


@pytest.mark.parametrize("answers, text", [
    (("learning rate too low", "lower the learning rate", "learning rate too low", "raise the learning rate"),
     "never climbs like that"),
    (("batch too small", "larger batches", "learning rate too low", "raise the learning rate"),
     "noisy around a level"),
    (("learning rate too high", "larger batches", "learning rate too low", "raise the learning rate"),
     "the same overshooting step"),
    (("learning rate too high", "lower the learning rate", "too few epochs", "more epochs"), "the tiny step"),
    (("learning rate too high", "lower the learning rate", "learning rate too low", "more epochs"),
     "a hundred times the cost"),
    (("learning rate too high", "lower the learning rate", "learning rate too high", "raise the learning rate"),
     "too small, not too large"),
    (("learning rate too high", "lower the learning rate", "learning rate too low", "dropout"),
     "is not one of the options"),
])
def test_q3_typical_mistakes(answers, text):
    assert_incorrect(q3.evaluate(*answers), text)


def test_q3_is_a_diagnosis_and_q1_a_prediction_and_q2_a_function():
    assert (q1.kind, q2.kind, q3.kind) == ("predict", "function", "diagnose")


# -- q4 to q6 --------------------------------------------------------------------------------------------


G2 = np.random.default_rng(1).normal(size=(100, 3))
BATCH = np.array([3, 14, 15, 92, 65])


@pytest.mark.parametrize("answer, text", [
    (G2[BATCH].sum(axis=0), "that is the sum over the batch"),
    (G2.mean(axis=0), "full-batch gradient"),
    (G2[BATCH].mean(axis=1), "averaged over the parameters (axis=1)"),
    (G2[:5].mean(axis=0), "you used the first B rows"),
])
def test_q4_typical_mistakes(answer, text):
    assert_incorrect(q4.evaluate(answer), text)


W3, GR3, V3, LR3, MU3 = np.array([1.0, -2.0]), np.array([0.5, 0.5]), np.array([-0.2, 0.1]), 0.1, 0.9
V3_RIGHT = MU3 * V3 - LR3 * GR3


@pytest.mark.parametrize("w_new, v_new, text", [
    (W3 - LR3 * GR3, -LR3 * GR3, "that is plain SGD"),
    (W3 + MU3 * V3 - GR3, MU3 * V3 - GR3, "needs the learning rate"),
    (W3 - (MU3 * V3 + LR3 * GR3), MU3 * V3 + LR3 * GR3, "the velocity points downhill"),
    (W3 + V3, V3_RIGHT, "used the old velocity"),
    (W3 - V3_RIGHT, V3_RIGHT, "Keras adds the velocity"),
])
def test_q5_typical_mistakes(w_new, v_new, text):
    assert_incorrect(q5.evaluate(w_new, v_new), text)


@pytest.mark.parametrize("answer, text", [
    (0.1 * 0.5 ** 2, "staircase version"),
    (0.1 * 0.5 ** 250, "divide step by decay_steps"),
    (0.5 ** 2.5, "multiply by initial_learning_rate"),
    (float("nan"), "finite number"),
])
def test_q6_typical_mistakes(answer, text):
    assert_incorrect(q6.evaluate(answer), text)


def test_q6_answer_is_what_keras_computes():
    import keras

    schedule = keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=100, decay_rate=0.5)
    assert q6.evaluate(float(schedule(250))).correct
