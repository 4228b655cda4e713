"""Notebook 02's exercises: solution in the cell passes, the untouched cell is not attempted, typical mistakes explained."""

import numpy as np

from helpers.exercises import Outcome
from helpers.exercises import activations
from tests.exercise_harness import run_student_answer, typical_mistakes_test

NOTEBOOK = "02_activations.ipynb"
PROBLEMS = {"q1": activations.q1, "q2": activations.q2, "q3": activations.q3, "q4": activations.q4}


def _with_student_lines(label, lines):
    """The notebook's cell with the student's lines replaced by ``lines``."""
    return run_student_answer(NOTEBOOK, label, PROBLEMS[label], lines)


_CHAIN = ("a, da_da0 = a0, 1.0\n"
          "for w_l, b_l in zip(w, b):\n"
          "    z = w_l * a + b_l\n"
          "    a = sigmoid(z)\n")

WRONG_ANSWERS = [
    ("q1", "d_sigmoid = s", "that is sigmoid(z) itself"),
    ("q1", "d_sigmoid = s * (1 - z)", "use s, not z"),
    ("q1", "d_sigmoid = 1 - s ** 2", "derivative of tanh"),
    ("q1", "d_sigmoid = s * (1 + s)", "check the sign"),
    ("q2", _CHAIN + "    da_da0 *= a * (1 - a)", "multiplied the g'(z) factors only"),
    ("q2", _CHAIN + "    da_da0 *= w_l * a", "use the derivative g'(z)"),
    ("q2", _CHAIN.replace("1.0", "0.0") + "    da_da0 += w_l * a * (1 - a)", "multiplies the factors"),
    ("q2", "s = sigmoid(w * a0 + b)\nda_da0 = np.prod(w * s * (1 - s))", "not a0"),
    ("q3", "dead_fraction = np.mean(Z <= 0)", "look down each column"),
    ("q3", "dead_fraction = np.mean((Z > 0).any(axis=0))", "alive"),
    ("q3", "dead_fraction = np.mean(~(Z > 0).any(axis=1))", "reduce over axis 0"),
    ("q3", "dead_fraction = np.sum(~(Z > 0).any(axis=0))", "divide by the number of units"),
    ("q4", 'output_activations = ["relu", "sigmoid", "softmax"]', "regression outputs use 'linear'"),
    ("q4", 'output_activations = ["linear", "softmax", "softmax"]', "softmax over a single unit is always 1"),
    ("q4", 'output_activations = ["linear", "sigmoid", "sigmoid"]', "do not sum to 1"),
    ("q4", 'output_activations = "linear, sigmoid, softmax"', "should be a list of 3 activation names"),
    ("q4", 'output_activations = ["linear", "sigmoid"]', "give one activation per task"),
    ("q4", 'import keras\noutput_activations = ["linear", "sigmoid", keras.activations.sigmoid]', "do not sum to 1"),
    ("q4", 'import keras\noutput_activations = ["linear", "sigmoid", keras.layers.Softmax]', "the class Softmax"),
]


test_typical_wrong_answers_get_a_helpful_message = typical_mistakes_test(NOTEBOOK, activations, WRONG_ANSWERS)


def test_wrong_answer_hints_are_distinct_from_the_right_answers():
    # a typical-mistake value that equals the right answer would turn a correct answer into a "wrong" message
    s = activations.sigmoid(np.array([-4.0, -1.0, 0.0, 0.5, 3.0]))
    assert not np.allclose(1 - s**2, s * (1 - s))
    zs, g_primes = activations.chain_factors(np.array([1.5, -2.0, 1.0, 2.5]), np.array([0.0, 0.5, -1.0, 0.2]), 0.8)
    right = np.prod(np.array([1.5, -2.0, 1.0, 2.5]) * g_primes)
    assert 1e-4 < abs(right) < 0.25 ** 2  # a few layers already shrink it
    assert not np.isclose(np.prod(g_primes), right)


def test_answers_of_the_wrong_type_are_incorrect_not_a_traceback():
    for label, lines in [("q1", "d_sigmoid = 's * (1 - s)'"), ("q2", "da_da0 = None"),
                         ("q3", "dead_fraction = [0.4, 0.6]"), ("q4", "output_activations = [1, 2, 3]")]:
        assert _with_student_lines(label, lines).outcome is Outcome.INCORRECT


def test_output_activations_accepted_in_every_correct_form():
    import keras
    import tensorflow as tf

    for answer in [["linear", "sigmoid", "softmax"], (" Linear", "SIGMOID", "softmax"),
                   np.array(["linear", "sigmoid", "softmax"]), [keras.activations.linear, "sigmoid", tf.nn.softmax]]:
        assert activations.q4.evaluate(answer).correct, answer
