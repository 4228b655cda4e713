"""Notebook 02's exercises: solution in the cell passes, the untouched cell is not attempted, typical mistakes explained."""

import numpy as np

from helpers.exercises import Outcome
from helpers.exercises import activations
from tests.exercise_harness import run_student_answer, typical_mistakes_test

NOTEBOOK = "02_activations.ipynb"
PROBLEMS = {label: getattr(activations, label) for label in ("q1", "q2", "q3", "q4", "q5", "q6", "q7")}


def _with_student_lines(label, lines):
    """The notebook's cell with the student's lines replaced by ``lines``."""
    return run_student_answer(NOTEBOOK, label, PROBLEMS[label], lines)


_CHAIN = ("a, da_da0 = a0, 1.0\n"
          "for w_l, b_l in zip(w, b):\n"
          "    z = w_l * a + b_l\n"
          "    a = sigmoid(z)\n")

WRONG_ANSWERS = [
    ("q1", 'def leaky_relu_backward(dA, Z, alpha):\n    return np.where(Z > 0, 1.0, alpha)', "that is g'(Z) alone"),
    ("q1", 'def leaky_relu_backward(dA, Z, alpha):\n    return dA * (Z > 0)', "plain ReLU's backward pass"),
    ("q1", 'def leaky_relu_backward(dA, Z, alpha):\n    return dA * np.where(Z >= 0, 1.0, alpha)', "except at z = 0 exactly"),
    ("q1", 'def leaky_relu_backward(dA, Z, alpha):\n    return dA * np.where(Z > 0, alpha, 1.0)', "slopes are swapped"),
    ("q1", 'def leaky_relu_backward(dA, Z, alpha):\n    return dA * np.where(Z > 0, 1.0, alpha * Z)', "not alpha * z"),
    ("q1", 'def leaky_relu_backward(dA, Z, alpha):\n    return np.maximum(alpha * Z, Z)', "the leaky ReLU itself"),
    ("q1", 'def leaky_relu_backward(dA, Z, alpha):\n    return dA * np.maximum(alpha * Z, Z)', "not by the activation g(Z)"),
    ("q1", 'def leaky_relu_backward(dA, Z, alpha):\n    return dA * np.where(Z > 0, 1.0, 0.2)', "on a test input you have not seen"),
    ("q1", "def leaky_relu_backward(dA, Z):\n    return dA * np.where(Z > 0, 1.0, 0.2)", "should take 3 arguments"),
    ("q1", "leaky_relu_backward = print", "is a function of Python or numpy, not yours"),
    ("q2", 'keep_gradient = ["sigmoid", "tanh", "relu"]', "about 0.25**14"),
    ("q2", 'keep_gradient = ["relu"]', "tanh keeps it too"),
    ("q2", 'keep_gradient = ["tanh"]', "ReLU keeps it too"),
    ("q2", 'keep_gradient = "relu, tanh"', "is not one of the options"),
    ("q3", "d_sigmoid = s", "that is sigmoid(z) itself"),
    ("q3", "d_sigmoid = s * (1 - z)", "use s, not z"),
    ("q3", "d_sigmoid = 1 - s ** 2", "derivative of tanh"),
    ("q3", "d_sigmoid = s * (1 + s)", "check the sign"),
    ("q4", _CHAIN + "    da_da0 *= a * (1 - a)", "multiplied the g'(z) factors only"),
    ("q4", _CHAIN + "    da_da0 *= w_l * a", "use the derivative g'(z)"),
    ("q4", _CHAIN.replace("1.0", "0.0") + "    da_da0 += w_l * a * (1 - a)", "multiplies the factors"),
    ("q4", "s = sigmoid(w * a0 + b)\nda_da0 = np.prod(w * s * (1 - s))", "not a0"),
    ("q5", "dead_fraction = np.mean(Z <= 0)", "look down each column"),
    ("q5", "dead_fraction = np.mean((Z > 0).any(axis=0))", "alive"),
    ("q5", "dead_fraction = np.mean(~(Z > 0).any(axis=1))", "reduce over axis 0"),
    ("q5", "dead_fraction = np.sum(~(Z > 0).any(axis=0))", "divide by the number of units"),
    ("q6", 'problem_A = "dead units"\nfix_A = "ReLU with He initialisation"\nproblem_B = "dead units"\nfix_B = "lower learning rate"', "a sigmoid cannot die"),
    ("q6", 'problem_A = "vanishing gradients"\nfix_A = "lower learning rate"\nproblem_B = "dead units"\nfix_B = "lower learning rate"', "even less effective"),
    ("q6", 'problem_A = "vanishing gradients"\nfix_A = "train longer"\nproblem_B = "dead units"\nfix_B = "lower learning rate"', "billions of steps"),
    ("q6", 'problem_A = "vanishing gradients"\nfix_A = "ReLU with He initialisation"\nproblem_B = "vanishing gradients"\nfix_B = "lower learning rate"', "not small but exactly 0"),
    ("q6", 'problem_A = "vanishing gradients"\nfix_A = "ReLU with He initialisation"\nproblem_B = "dead units"\nfix_B = "ReLU with He initialisation"', "started healthy"),
    ("q6", 'problem_A = "vanishing gradients"\nfix_A = "ReLU with He initialisation"\nproblem_B = "dead units"\nfix_B = "train longer"', "cannot revive it"),
    ("q6", 'problem_A = "too few epochs"\nfix_A = "ReLU with He initialisation"\nproblem_B = "dead units"\nfix_B = "lower learning rate"', "more of the same"),
    ("q6", 'problem_A = "vanishing gradients"\nfix_A = "ReLU with He initialisation"\nproblem_B = "overfitting"\nfix_B = "lower learning rate"', "at chance on it"),
    ("q7", 'output_activations = ["relu", "sigmoid", "softmax"]', "regression outputs use 'linear'"),
    ("q7", 'output_activations = ["linear", "softmax", "softmax"]', "softmax over a single unit is always 1"),
    ("q7", 'output_activations = ["linear", "sigmoid", "sigmoid"]', "do not sum to 1"),
    ("q7", 'output_activations = "linear, sigmoid, softmax"', "should be a list of 3 activation names"),
    ("q7", 'output_activations = ["linear", "sigmoid"]', "give one activation per task"),
    ("q7", 'import keras\noutput_activations = ["linear", "sigmoid", keras.activations.sigmoid]', "do not sum to 1"),
    ("q7", 'import keras\noutput_activations = ["linear", "sigmoid", keras.layers.Softmax]', "the class Softmax"),
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
    for label, lines in [("q3", "d_sigmoid = 's * (1 - s)'"), ("q4", "da_da0 = None"),
                         ("q5", "dead_fraction = [0.4, 0.6]"), ("q7", "output_activations = [1, 2, 3]"),
                         ("q1", "leaky_relu_backward = 0.2"), ("q2", "keep_gradient = True"),
                         ("q6", "problem_A = fix_A = problem_B = fix_B = None")]:
        assert _with_student_lines(label, lines).outcome is Outcome.INCORRECT


def test_output_activations_accepted_in_every_correct_form():
    import keras
    import tensorflow as tf

    for answer in [["linear", "sigmoid", "softmax"], (" Linear", "SIGMOID", "softmax"),
                   np.array(["linear", "sigmoid", "softmax"]), [keras.activations.linear, "sigmoid", tf.nn.softmax]]:
        assert activations.q7.evaluate(answer).correct, answer


def test_the_leaky_relu_backward_reference_matches_gradient_tape_and_finite_differences():
    """q1's reference is the chain rule through keras.activations.leaky_relu, with TensorFlow's slope at z = 0."""
    import keras
    import tensorflow as tf

    assert any((case[1] == 0).any() for case in activations.q1.cases), "the hidden inputs hit the kink"
    for dA, Z, alpha in activations.q1.cases:
        z = tf.constant(Z)
        with tf.GradientTape() as tape:
            tape.watch(z)
            loss = tf.reduce_sum(tf.constant(dA) * keras.activations.leaky_relu(z, negative_slope=alpha))
        np.testing.assert_allclose(tape.gradient(loss, z).numpy(), activations.leaky_relu_backward(dA, Z, alpha),
                                   rtol=1e-6)
        away = np.abs(Z) > 1e-3
        h = 1e-6
        leaky = lambda v: np.maximum(alpha * v, v)
        finite = dA * (leaky(Z + h) - leaky(Z - h)) / (2 * h)
        np.testing.assert_allclose(finite[away], activations.leaky_relu_backward(dA, Z, alpha)[away], rtol=1e-6)


def test_the_diagnose_logs_agree_with_the_notebook():
    """q6's run A: layer 1 gets about a millionth of layer 12's gradient, as 0.25 per layer over 11 layers predicts
    within the spread the notebook measures (0.2 to 0.32 per layer); run B: a fully dead layer stops every gradient."""
    ratio = 3e-9 / 2e-3
    assert 0.2 ** 11 < ratio < 0.32 ** 11
    assert "100%, 100%" in activations.q6.setup and "of every hidden layer: 0" in activations.q6.setup
