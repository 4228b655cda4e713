import numpy as np
import pytest

from helpers.exercises import (
    ____, Answer, Incorrect, NumericProblem, Outcome, Problem, activation_name, call_student, describe, expect_close,
    expect_function, expect_keras_model, real_values,
)


def _dot_problem():
    def checker(z):
        expect_close(z, 1.5, name="z", wrong_hints=[(1.25, "close: you forgot the bias b.")])

    return Problem("weighted sum", checker, hints=["z = w . x + b", "np.dot(w, x) + b"], solution="z = 1.5")


@pytest.mark.parametrize("answer, outcome, text", [
    (____, Outcome.NOT_ATTEMPTED, "placeholder"),
    (____ + 1, Outcome.NOT_ATTEMPTED, "placeholder"),
    ({"a": ____}, Outcome.NOT_ATTEMPTED, "placeholder"),
    (1.5, Outcome.CORRECT, ""),
    (np.float32(1.5), Outcome.CORRECT, ""),
    ([[1.5]], Outcome.CORRECT, ""),
    (1.5 + 0j, Outcome.CORRECT, ""),
    (1.25, Outcome.INCORRECT, "forgot the bias"),
    (2.0, Outcome.INCORRECT, "not what we expected"),
    ("1.5", Outcome.INCORRECT, "remove the quotes"),
    (np.array("1.5"), Outcome.INCORRECT, "holds text ('1.5'), not numbers"),
    (np.array(["1.5"], dtype=object), Outcome.INCORRECT, "holds text"),
    (1.5 + 2j, Outcome.INCORRECT, "has an imaginary part"),
    (np.array([1.5 + 1e-3j]), Outcome.INCORRECT, "has an imaginary part"),
    (10**400, Outcome.INCORRECT, "an integer of 401 digits: too large for a float"),
    ([1.5, 1.5], Outcome.INCORRECT, "single number"),
    ([[1.5], [1.5, 2.0]], Outcome.INCORRECT, "rows of different lengths"),
    (None, Outcome.INCORRECT, "forget to assign"),
    ([None], Outcome.INCORRECT, "contains None"),
    (float("inf"), Outcome.INCORRECT, "finite"),
    (True, Outcome.INCORRECT, "number"),
    (np.True_, Outcome.INCORRECT, "A comparison gives True/False"),
    (float, Outcome.INCORRECT, "the class float itself"),
    (np.exp, Outcome.INCORRECT, "the function exp itself (call it"),
])
def test_outcomes_and_messages(answer, outcome, text):
    feedback = _dot_problem().evaluate(answer)
    assert feedback.outcome is outcome
    assert text in feedback.message


def test_check_hint_solution_print_outside_ipython(capsys):
    problem = _dot_problem()
    problem.check(1.5)
    problem.hint()
    problem.hint(2)
    problem.hint(7)
    problem.solution()
    out = capsys.readouterr().out
    assert "Correct" in out and "Hint: z = w . x + b (more: .hint(2))" in out and "np.dot(w, x) + b" in out
    assert "there are 2 hint(s)" in out and "z = 1.5" in out


def test_feedback_html_escapes_student_text():
    html = _dot_problem().evaluate("<script>").__class__("incorrect", "<script>")._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_descriptions_name_the_value_without_memory_addresses():
    def my_sigmoid(z):
        return z

    assert describe(my_sigmoid) == "the function my_sigmoid itself (call it and pass what it returns)"
    assert describe(lambda z: z).startswith("a lambda function itself")
    assert describe(object()) == "an object"
    assert describe(np.array(["a"])) == "an array of shape (1,) holding text"
    assert describe(-(10**400)) == "an integer of 401 digits"
    assert describe([1, 2]) == "a list ([1, 2])"


def test_real_values_keeps_nan_and_inf_and_refuses_what_is_not_real_numbers():
    np.testing.assert_array_equal(real_values([np.nan, np.inf, 1]), [np.nan, np.inf, 1.0])
    assert real_values(np.array([2.0 + 0j])).dtype == np.float64
    for answer, text in [({1.0}, "got a set"), ([1.0, "2"], "holds text"), (np.array([1j]), "imaginary")]:
        with pytest.raises(Incorrect, match=text):
            real_values(answer, "x")


def test_student_function_that_crashes_is_reported_not_raised():
    def checker(f):
        expect_function(f, "sigmoid")
        expect_close(call_student(f, np.array([0.0]), name="sigmoid"), [0.5], name="sigmoid(0)")

    problem = Problem("sigmoid", checker, hints=["h"], solution="")
    assert problem.evaluate(lambda z: 1 / (1 + np.exp(-z))).correct
    crashed = problem.evaluate(lambda z: z.nope)
    assert crashed.outcome is Outcome.INCORRECT
    assert crashed.message == ("calling sigmoid stopped with AttributeError ('numpy.ndarray' object has no "
                               "attribute 'nope').")
    assert "should be a function" in problem.evaluate(3).message
    assert "should be a function" in problem.evaluate(float).message


def test_unexpected_error_in_a_checker_is_a_sentence_without_internals():
    def checker(x):
        return {}[x]  # a checker bug or an odd answer type must not become a traceback

    feedback = Problem("p", checker, hints=["h"], solution="", answers=("x",)).evaluate("k")
    assert feedback.outcome is Outcome.INCORRECT and "could not be checked (got a str ('k'))" in feedback.message
    assert "KeyError" not in feedback.message and "line" not in feedback.message


def test_wrong_number_of_answers_says_what_check_takes():
    problem = Problem("p", lambda w_new, b_new: None, hints=["h"], solution="", answers=("w_new", "b_new"))
    assert problem.evaluate(1.0).message == "this check takes 2 answers, in this order: check(w_new, b_new); it got 1."
    assert problem.evaluate().outcome is Outcome.INCORRECT
    assert problem.evaluate(1.0, 2.0).correct


def test_a_check_never_warns(recwarn, capsys):
    def checker(p):
        expect_close(p, [0.5, 0.5], name="p", wrong_if=[(lambda values: values.sum() > 2, "too large")])

    problem = Problem("p", checker, hints=["h"], solution="", answers=("p",))
    assert "contains NaN or infinite" in problem.evaluate(np.array([np.inf, 0.5])).message
    assert problem.evaluate(np.array([1e308, 1e308])).message == "too large"  # the sum overflows to inf, silently
    assert not recwarn.list and capsys.readouterr().err == ""


def test_expect_keras_model_reads_public_attributes():
    import keras

    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(5, activation="relu"),
                              keras.layers.Dense(1)])
    expect_keras_model(model, [("Dense", 5, "relu"), ("Dense", 1, "linear")], n_params=26)
    with pytest.raises(Incorrect, match="layer 1 has 5 units; expected 4"):
        expect_keras_model(model, [("Dense", 4, "relu"), ("Dense", 1, None)])
    with pytest.raises(Incorrect, match="uses activation 'relu'; expected 'sigmoid'"):
        expect_keras_model(model, [("Dense", 5, "sigmoid"), ("Dense", 1, None)])
    with pytest.raises(Incorrect, match="has 2 layers"):
        expect_keras_model(model, [("Dense", 5, None)])
    with pytest.raises(Incorrect, match="26 parameters; expected 20"):
        expect_keras_model(model, [("Dense", 5, None), ("Dense", 1, None)], n_params=20)
    with pytest.raises(Incorrect, match="should be a Keras model"):
        expect_keras_model([1, 2], [])
    with pytest.raises(Incorrect, match="the class Sequential itself"):
        expect_keras_model(keras.Sequential, [])


def test_a_functional_model_is_described_without_its_input_layer():
    import keras

    inputs = keras.Input(shape=(3,))
    model = keras.Model(inputs, keras.layers.Dense(2, activation="softmax")(inputs))
    expect_keras_model(model, [("Dense", 2, "softmax")], n_params=8)


def test_activations_are_recognised_by_what_they_compute():
    import keras
    import tensorflow as tf

    assert activation_name(tf.nn.softmax) == activation_name(keras.activations.get("softmax")) == "softmax"
    assert activation_name(tf.nn.relu) == activation_name(lambda x: keras.ops.maximum(x, 0.0)) == "relu"
    assert activation_name(lambda x: x) == "linear" and activation_name(tf.sigmoid) == "sigmoid"
    assert activation_name(lambda x: 2 * x) == "<lambda>" and activation_name(None) is None

    def crashes(x):
        raise RuntimeError

    assert activation_name(crashes) == "crashes"


def test_problem_needs_a_hint():
    with pytest.raises(ValueError, match="at least one hint"):
        Problem("p", lambda x: None, hints=[], solution="")


def test_function_still_returning_the_placeholder_is_not_attempted():
    def checker(f):
        expect_close(call_student(f, 0.0, name="sigmoid"), 0.5, name="sigmoid(0)")

    problem = Problem("sigmoid", checker, hints=["h"], solution="")

    def untouched(z):
        return ____

    feedback = problem.evaluate(untouched)
    assert feedback.outcome is Outcome.NOT_ATTEMPTED and "still returns the ____" in feedback.message
    assert problem.evaluate(lambda z: 0.5).correct
