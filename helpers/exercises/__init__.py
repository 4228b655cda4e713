"""Exercises with instant feedback, in the style of Kaggle's learntools.

Each exercise is a :class:`Problem`. In the notebook a student sees::

    x = np.array([1.0, 2.0]); w = np.array([0.5, -1.0]); b = 0.25   # given
    z = ____            # your answer replaces the placeholder
    q1.check(z)         # then q1.hint() or q1.solution() if stuck

``check`` never raises and never warns on a student's answer: a wrong value, a wrong type or shape, text,
a complex number, a function where a value belongs, the wrong number of answers, or a function that
crashes all give an *incorrect* message that says what is off; the untouched placeholder ``____`` gives
*not attempted*.

Writing a problem:

- most exercises ask for numbers or arrays: a :class:`NumericProblem` states them as data, the expected
  value and the typical wrong values with their messages, each a function of the givens in ``setup``;
- a function the student writes gets a :class:`FunctionProblem`: the check calls it on inputs the
  student has not seen and compares with a reference, naming typical wrong functions;
- a committed prediction or diagnosis gets a :class:`ChoiceProblem`: options, the right one(s), and
  why each option is right or wrong;
- any other answer (a list of names, a Keras model) gets a :class:`Problem` with a ``checker(*answers)``
  that returns nothing when the answer is right and raises :class:`Incorrect` otherwise, built from the
  ``expect_*`` helpers (:mod:`.checks`, :mod:`.keras_checks`), which already raise friendly messages.

The topic modules (``perceptron``, ``activations``, ...) hold the problems of one notebook each.
"""

from helpers.exercises.checks import (
    ____, Incorrect, call_student, describe, expect_close, expect_function, expect_shape, real_values,
)
from helpers.exercises.choice import Choice, ChoiceProblem
from helpers.exercises.function_problem import FunctionProblem
from helpers.exercises.keras_checks import activation_name, describe_model, expect_keras_model, keras_layers
from helpers.exercises.numeric import Answer, NumericProblem, givens_of
from helpers.exercises.problem import Feedback, Outcome, Problem

__all__ = ["____", "Problem", "NumericProblem", "Answer", "FunctionProblem", "ChoiceProblem", "Choice", "givens_of", "Incorrect", "Outcome", "Feedback",
           "describe", "real_values", "expect_shape", "expect_close", "expect_function", "call_student",
           "activation_name", "keras_layers", "describe_model", "expect_keras_model"]
