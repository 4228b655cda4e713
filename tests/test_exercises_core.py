import numpy as np
import pytest

from helpers.exercises import (
    ____, Incorrect, Outcome, Problem, call_student, expect_close, expect_function, expect_keras_model,
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
    (1.25, Outcome.INCORRECT, "forgot the bias"),
    (2.0, Outcome.INCORRECT, "not what we expected"),
    ("1.5", Outcome.INCORRECT, "remove the quotes"),
    ([1.5, 1.5], Outcome.INCORRECT, "single number"),
    (None, Outcome.INCORRECT, "forget to assign"),
    (float("inf"), Outcome.INCORRECT, "finite"),
    (True, Outcome.INCORRECT, "number"),
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


def test_student_function_that_crashes_is_reported_not_raised():
    def checker(f):
        expect_function(f, "sigmoid")
        expect_close(call_student(f, np.array([0.0]), name="sigmoid"), [0.5], name="sigmoid(0)")

    problem = Problem("sigmoid", checker, hints=["h"], solution="")
    assert problem.evaluate(lambda z: 1 / (1 + np.exp(-z))).correct
    crashed = problem.evaluate(lambda z: z.nope)
    assert crashed.outcome is Outcome.INCORRECT and "raised AttributeError" in crashed.message
    assert "should be a function" in problem.evaluate(3).message


def test_unexpected_error_in_a_checker_is_still_a_message():
    def checker(x):
        return {}[x]  # a checker bug or an odd answer type must not become a traceback

    feedback = Problem("p", checker, hints=["h"], solution="").evaluate("k")
    assert feedback.outcome is Outcome.INCORRECT and "KeyError" in feedback.message


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
