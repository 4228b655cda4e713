"""Notebook 06's exercises: the solution in the cell passes, the untouched cell is not attempted, typical mistakes get help."""

import numpy as np
import pytest

from helpers.exercises.optimizers import q1, q2, q3, q4
from tests.exercise_harness import assert_incorrect


W1, G1, ETA1 = np.array([2.0, -1.0]), np.array([0.5, -4.0]), 0.1


@pytest.mark.parametrize("answer, text", [
    (W1 + ETA1 * G1, "walks uphill"),
    (W1 - G1, "scale it by the learning rate"),
    (-ETA1 * G1, "that is the step alone"),
    (np.array([1.0, 2.0, 3.0]), "shape (2,)"),
    ("w - eta * gradient", "numpy array"),
])
def test_q1_typical_mistakes(answer, text):
    assert_incorrect(q1.evaluate(answer), text)


G2 = np.random.default_rng(1).normal(size=(100, 3))
BATCH = np.array([3, 14, 15, 92, 65])


@pytest.mark.parametrize("answer, text", [
    (G2[BATCH].sum(axis=0), "that is the sum over the batch"),
    (G2.mean(axis=0), "full-batch gradient"),
    (G2[BATCH].mean(axis=1), "averaged over the parameters (axis=1)"),
    (G2[:5].mean(axis=0), "you used the first B rows"),
])
def test_q2_typical_mistakes(answer, text):
    assert_incorrect(q2.evaluate(answer), text)


W3, GR3, V3, LR3, MU3 = np.array([1.0, -2.0]), np.array([0.5, 0.5]), np.array([-0.2, 0.1]), 0.1, 0.9
V3_RIGHT = MU3 * V3 - LR3 * GR3


@pytest.mark.parametrize("w_new, v_new, text", [
    (W3 - LR3 * GR3, -LR3 * GR3, "that is plain SGD"),
    (W3 + MU3 * V3 - GR3, MU3 * V3 - GR3, "needs the learning rate"),
    (W3 - (MU3 * V3 + LR3 * GR3), MU3 * V3 + LR3 * GR3, "the velocity points downhill"),
    (W3 + V3, V3_RIGHT, "used the old velocity"),
    (W3 - V3_RIGHT, V3_RIGHT, "Keras adds the velocity"),
])
def test_q3_typical_mistakes(w_new, v_new, text):
    assert_incorrect(q3.evaluate(w_new, v_new), text)


@pytest.mark.parametrize("answer, text", [
    (0.1 * 0.5 ** 2, "staircase version"),
    (0.1 * 0.5 ** 250, "divide step by decay_steps"),
    (0.5 ** 2.5, "multiply by initial_learning_rate"),
    (float("nan"), "finite number"),
])
def test_q4_typical_mistakes(answer, text):
    assert_incorrect(q4.evaluate(answer), text)


def test_q4_answer_is_what_keras_computes():
    import keras

    schedule = keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=100, decay_rate=0.5)
    assert q4.evaluate(float(schedule(250))).correct
