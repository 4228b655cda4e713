"""Exercises for notebook 06.

q1 predicts which learning rates diverge on a quadratic (then the next cell runs them); q2 writes the mini-batch
SGD loop; q3 diagnoses two loss curves; q4 the mini-batch mean gradient; q5 a momentum step; q6 a decayed
learning rate.
"""

from __future__ import annotations


import numpy as np

from helpers.exercises import Answer, Choice, ChoiceProblem, FunctionProblem, NumericProblem
from helpers.minibatch_noise import minibatch_sgd, mse_gradient

# -- q1: which learning rates diverge? (predict, then the next cell runs them) ----------------------

q1 = ChoiceProblem(
    "1. Which learning rates diverge?",
    setup="a = 5.0  # J(w) = a * w**2 / 2, so J'(w) = a * w; start at w = 1\n"
          "learning_rates = [0.1, 0.2, 0.3, 0.4, 0.42, 0.5]",
    choices=[Choice("diverging", options=[0.1, 0.2, 0.3, 0.4, 0.42, 0.5], answer={0.42, 0.5}, why={
        0.1: "0.1 converges smoothly: each step multiplies w by 1 - 0.1 * 5 = 0.5.",
        0.2: "0.2 = 1/a lands on the minimum in one step: the factor 1 - 0.2 * 5 is 0.",
        0.3: "0.3 overshoots (factor 1 - 0.3 * 5 = -0.5: w changes sign every step), but |-0.5| < 1, so the "
             "jumps shrink and it converges.",
        0.4: "0.4 = 2/a is the edge: the factor is exactly -1, so w jumps between +1 and -1 forever. It neither "
             "converges nor grows: it does not diverge.",
        0.42: "0.42 diverges: it is just above 2/a = 0.4, so the factor is 1 - 0.42 * 5 = -1.1 and every jump "
              "lands 10% further out. Slowly, but without end.",
        0.5: "0.5 diverges: the factor 1 - 0.5 * 5 = -1.5 makes every jump 1.5 times longer.",
    })],
    hints=["One step multiplies the distance to the minimum by 1 - eta * a. Compute that factor for each rate.",
           "It diverges when |1 - eta * a| > 1, that is eta > 2/a. What is 2/a for a = 5?"],
    solution="diverging = [0.42, 0.5]",
    correct_message="only the rates above 2/a = 0.4 diverge; 0.4 itself bounces between +1 and -1 forever. The next "
                    "cell runs all six.",
    kind="predict",
)

# -- q2: write the mini-batch SGD loop --------------------------------------------------------------


def _sgd_cases(rng):
    """Hidden inputs: least squares (various n, B, epochs, a partial last batch) and a logistic-loss gradient."""
    def logistic_gradient(w, X, y):
        p = 1.0 / (1.0 + np.exp(-(X @ w)))
        return X.T @ (p - y) / len(y)

    cases = []
    for n, d, batch_size, epochs, learning_rate in [(10, 2, 3, 3, 0.1), (12, 3, 4, 2, 0.05), (7, 2, 1, 2, 0.05),
                                                     (8, 2, 8, 3, 0.1), (9, 2, 5, 1, 0.1)]:
        X = rng.normal(size=(n, d))
        y = X @ rng.normal(size=d) + 0.1 * rng.normal(size=n)
        cases.append((rng.normal(size=d), X, y, mse_gradient, learning_rate, batch_size, epochs,
                      np.random.default_rng(int(rng.integers(1000)))))
    X = rng.normal(size=(11, 2))
    labels = (X[:, 0] + X[:, 1] > 0).astype(float)
    cases.append((np.zeros(2), X, labels, logistic_gradient, 0.5, 4, 3, np.random.default_rng(7)))
    return cases


def _loop(w, X, y, gradient, learning_rate, batch_size, epochs, rng, order="each epoch", last=True,
          full=False, sign=-1.0, shuffle_y=True, epochs_run=None):
    """Mini-batch SGD with one of the typical mistakes switched on (the defaults give the right loop)."""
    w = np.array(w, dtype=np.float64)
    n = len(y)
    fixed = rng.permutation(n) if order == "once" else np.arange(n)
    for _ in range(epochs if epochs_run is None else epochs_run):
        this = rng.permutation(n) if order == "each epoch" else fixed
        stop = n if last else n - n % batch_size
        for start in range(0, stop, batch_size):
            batch = this[start:start + batch_size]
            y_batch = y[batch] if shuffle_y else y[start:start + batch_size]
            g = gradient(w, X, y) if full else gradient(w, X[batch], y_batch)
            w = w + sign * learning_rate * g
    return w


def _reshuffled(w, X, y, gradient, learning_rate, batch_size, epochs, rng):
    w = np.array(w, dtype=np.float64)
    order = np.arange(len(y))
    for _ in range(epochs):
        rng.shuffle(order)  # shuffles the previous epoch's order again
        for start in range(0, len(y), batch_size):
            batch = order[start:start + batch_size]
            w = w - learning_rate * gradient(w, X[batch], y[batch])
    return w


def _with_replacement(w, X, y, gradient, learning_rate, batch_size, epochs, rng):
    w = np.array(w, dtype=np.float64)
    n = len(y)
    for _ in range(epochs):
        for _ in range(0, n, batch_size):
            batch = rng.integers(n, size=batch_size)
            w = w - learning_rate * gradient(w, X[batch], y[batch])
    return w


q2 = FunctionProblem(
    "2. Write the mini-batch SGD loop",
    function_name="minibatch_sgd",
    reference=minibatch_sgd,
    cases=_sgd_cases,
    setup="def mse_gradient(w, X, y):  # the mean gradient of (X @ w - y)**2 over the rows of X: try your loop with it\n"
          "    return 2 * X.T @ (X @ w - y) / len(y)",
    wrong_functions=[
        (lambda *args: _loop(*args, order="none"),
         "you stepped through the examples in their stored order. Shuffle them: at the start of every epoch, "
         "order = rng.permutation(n), and take the batches from order."),
        (lambda *args: _loop(*args, order="once"),
         "you shuffled once, before the first epoch, and reused that order. Draw a new order = rng.permutation(n) "
         "at the start of every epoch."),
        (lambda *args: _loop(*args, last=False),
         "you skipped the last, smaller batch when batch_size does not divide n. Keep it: "
         "order[start:start + batch_size] is simply shorter at the end (Keras keeps it too)."),
        (lambda *args: _loop(*args, full=True),
         "every step used the gradient of all n examples: that is full-batch gradient descent. Pass only the "
         "batch: gradient(w, X[batch], y[batch])."),
        (lambda *args: _loop(*args, sign=1.0),
         "your steps go uphill: subtract the gradient, w = w - learning_rate * gradient(...)."),
        (lambda *args: _loop(*args, shuffle_y=False),
         "you shuffled X but took y in its stored order, so each example met another example's target. Index both "
         "with the same batch: X[batch], y[batch]."),
        (lambda *args: _loop(*args, epochs_run=1),
         "your loop ran one epoch; run `epochs` of them, each a full pass in a new order."),
        (_reshuffled,
         "your loop is mini-batch SGD, but its orders differ from the contract's: rng.shuffle on the same index array "
         "starts each epoch from the previous epoch's order. Draw order = rng.permutation(n) at the start of every "
         "epoch (a fresh permutation of 0, ..., n-1), so your orders are the check's."),
        (_with_replacement,
         "you drew each batch at random, with replacement. Mini-batch SGD shuffles once per epoch and then walks "
         "through the order in consecutive batches, so every example is used exactly once per epoch."),
    ],
    hints=["Two loops: for each epoch, order = rng.permutation(n); then for start in range(0, n, batch_size), "
           "batch = order[start:start + batch_size].",
           "The step is the lecture's: w = w - learning_rate * gradient(w, X[batch], y[batch])."],
    solution="def minibatch_sgd(w, X, y, gradient, learning_rate, batch_size, epochs, rng):\n"
             "    n = len(y)\n"
             "    for epoch in range(epochs):\n"
             "        order = rng.permutation(n)\n"
             "        for start in range(0, n, batch_size):\n"
             "            batch = order[start:start + batch_size]\n"
             "            w = w - learning_rate * gradient(w, X[batch], y[batch])\n"
             "    return w",
    correct_message="that is the loop model.fit(X, y, epochs=..., batch_size=...) runs for you: a new order every "
                    "epoch, one step per consecutive batch, the last batch smaller.",
    kind="function",
)

# -- q3: diagnose two loss curves ---------------------------------------------------------------------

_PROBLEMS = ["learning rate too high", "learning rate too low", "batch too small", "too few epochs"]
_FIXES = ["lower the learning rate", "raise the learning rate", "larger batches", "more epochs"]

q3 = ChoiceProblem(
    "3. Diagnose two loss curves",
    setup=f"problems = {_PROBLEMS}\nfixes = {_FIXES}",
    choices=[
        Choice("problem_a", _PROBLEMS, "learning rate too high", why={
            "learning rate too low": "run A's loss grows, by orders of magnitude: a small step can be slow, but it "
                                     "never climbs like that.",
            "batch too small": "small batches make the loss noisy around a level, up and down by a little; run A grows "
                               "by a large factor every epoch, the sign of steps that overshoot further each time.",
            "too few epochs": "more epochs would only let run A's loss grow further.",
        }),
        Choice("fix_a", _FIXES, "lower the learning rate", why={
            "raise the learning rate": "larger steps overshoot even further.",
            "larger batches": "a larger batch gives a less noisy gradient, but the same overshooting step: the "
                              "factor |1 - eta a| stays above 1.",
            "more epochs": "more epochs of a diverging run only make the loss larger.",
        }),
        Choice("problem_b", _PROBLEMS, "learning rate too low", why={
            "learning rate too high": "run B goes down, slowly and smoothly, with no jumps: its steps are too small, "
                                      "not too large.",
            "batch too small": "run B's curve is smooth: no noise to speak of.",
            "too few epochs": "more epochs would help, but at this pace run B needs hundreds of them: the cause is "
                              "the tiny step.",
        }),
        Choice("fix_b", _FIXES, "raise the learning rate", why={
            "lower the learning rate": "run B's steps are already too small.",
            "larger batches": "a larger batch gives a more accurate step, not a longer one.",
            "more epochs": "it would get there eventually, at a hundred times the cost. A larger learning rate "
                           "reaches the minimum in a few epochs.",
        }),
    ],
    hints=["Run A: does the loss go down at all? What makes every step land further from the minimum?",
           "Run B: the curve is smooth and falls, but at a crawl. What sets the length of each step?"],
    solution='problem_a, fix_a = "learning rate too high", "lower the learning rate"\n'
             'problem_b, fix_b = "learning rate too low", "raise the learning rate"',
    correct_message="a loss that grows by a factor every epoch means steps that overshoot (eta above 2/a in the "
                    "steepest direction); a smooth crawl means steps that are too short.",
    kind="diagnose",
)

# -- q4: the mini-batch gradient ----------------------------------------------------------------

q4 = NumericProblem(
    "4. The mini-batch gradient",
    setup="rng = np.random.default_rng(1)\nG = rng.normal(size=(100, 3))  # per-example gradients: one row per "
          "example, one column per parameter\nbatch = np.array([3, 14, 15, 92, 65])",
    answers=[Answer("g_batch", lambda G, batch: G[batch].mean(axis=0), wrong_shapes={
        (5,): "g_batch has one number per example: you averaged over the parameters (axis=1). Average over the "
              "examples instead, axis=0, to get one number per parameter.",
    }, wrong_values=[
        (lambda G, batch: G[batch].sum(axis=0), "that is the sum over the batch; the lecture's formula divides by B: "
                                                "use the mean."),
        (lambda G: G.mean(axis=0), "that is the full-batch gradient over all 100 examples; use only the rows in "
                                   "batch."),
        (lambda G, batch: G[: len(batch)].mean(axis=0), "you used the first B rows; use the rows whose indices are in "
                                                        "batch: G[batch]."),
    ])],
    hints=["G[batch] picks the rows of the examples in the batch: shape (B, 3).",
           "Average those rows over the examples: .mean(axis=0) gives one number per parameter."],
    solution="g_batch = G[batch].mean(axis=0)",
    correct_message="five examples give a noisy but cheap estimate of the full gradient G.mean(axis=0).",
)

# -- q5: one step of SGD with momentum (Keras convention) ----------------------------------------


def _velocity(g, v, learning_rate, momentum):
    """Keras' momentum rule: the new velocity ``momentum * v - learning_rate * g``."""
    return momentum * v - learning_rate * g


q5 = NumericProblem(
    "5. One step of SGD with momentum",
    setup="w = np.array([1.0, -2.0])\ng = np.array([0.5, 0.5])  # the gradient at w\n"
          "v = np.array([-0.2, 0.1])  # the velocity from earlier steps\nlearning_rate, momentum = 0.1, 0.9",
    answers=[
        Answer("v_new", _velocity, wrong_values=[
            (lambda g, learning_rate: -learning_rate * g,
             "v_new has forgotten the old velocity: that is plain SGD. Keep a share of it: momentum * v."),
            (lambda g, v, momentum: momentum * v - g,
             "the gradient term needs the learning rate: momentum * v - learning_rate * g."),
            (lambda g, v, learning_rate, momentum: momentum * v + learning_rate * g,
             "with Keras' convention the velocity points downhill: subtract learning_rate * g."),
        ]),
        Answer("w_new", lambda w, g, v, learning_rate, momentum: w + _velocity(g, v, learning_rate, momentum),
               wrong_values=[
            (lambda w, v: w + v, "w_new used the old velocity v; move by the new one, v_new."),
            (lambda w, g, v, learning_rate, momentum: w - _velocity(g, v, learning_rate, momentum),
             "Keras adds the velocity: w_new = w + v_new (v_new already points downhill)."),
        ]),
    ],
    call_order=("w_new", "v_new"),
    hints=["Keras' rule: first the velocity, v <- momentum * v - learning_rate * g; then the weights, w <- w + v.",
           "Compute v_new first and use it in w_new."],
    solution="v_new = momentum * v - learning_rate * g\nw_new = w + v_new",
    correct_message="the first weight keeps rolling in its old direction, while the second one's velocity "
                    "(pointing uphill from earlier steps) shrinks and turns.",
)

# -- q6: exponential learning-rate decay --------------------------------------------------------

q6 = NumericProblem(
    "6. Exponential learning-rate decay",
    setup="initial_learning_rate = 0.1\ndecay_rate = 0.5\ndecay_steps = 100\nstep = 250",
    answers=[Answer("learning_rate", lambda initial_learning_rate, decay_rate, decay_steps, step:
                    initial_learning_rate * decay_rate ** (step / decay_steps), wrong_values=[
        (lambda initial_learning_rate, decay_rate, decay_steps, step:
         initial_learning_rate * decay_rate ** (step // decay_steps),
         "that is the staircase version (whole decay periods only); ExponentialDecay's default decays smoothly: use "
         "step / decay_steps without rounding."),
        (lambda initial_learning_rate, decay_rate, step: initial_learning_rate * decay_rate ** step,
         "the exponent counts decay periods, not steps: divide step by decay_steps."),
        (lambda decay_rate, decay_steps, step: decay_rate ** (step / decay_steps),
         "start from the initial learning rate: multiply by initial_learning_rate."),
    ])],
    hints=["ExponentialDecay: eta_t = eta_0 * decay_rate ** (t / decay_steps).",
           "After 250 steps, 2.5 decay periods have passed, so the rate has halved 2.5 times."],
    solution="learning_rate = initial_learning_rate * decay_rate ** (step / decay_steps)",
    correct_message="0.1 / 2^2.5 = 0.0177; keras.optimizers.schedules.ExponentialDecay(0.1, 100, 0.5)(250) "
                    "gives the same.",
)

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6"]
