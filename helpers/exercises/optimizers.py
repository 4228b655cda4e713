"""Exercises for notebook 06: a gradient-descent step, a mini-batch gradient, a momentum step, a decayed learning rate."""

from __future__ import annotations

import numpy as np

from helpers.exercises import Incorrect, Problem, expect_array, expect_close

# -- q1: one gradient-descent step --------------------------------------------------------------

_Q1_W, _Q1_G, _Q1_ETA = np.array([2.0, -1.0]), np.array([0.5, -4.0]), 0.1


def _check_q1(w_new):
    expect_close(w_new, _Q1_W - _Q1_ETA * _Q1_G, name="w_new", wrong_hints=[
        (_Q1_W + _Q1_ETA * _Q1_G, "you added the gradient: that walks uphill. Subtract it: w - eta * gradient."),
        (_Q1_W - _Q1_G, "you took a full gradient step; scale it by the learning rate eta first."),
        (-_Q1_ETA * _Q1_G, "that is the step alone; the new weights are the old weights plus the step."),
    ])


q1 = Problem(
    "1. One gradient-descent step",
    _check_q1,
    hints=["The update rule is W <- W - eta * dJ/dW, applied to every weight at once (numpy does it elementwise).",
           "w_new = w - (learning rate) * (gradient)"],
    solution="w_new = w - eta * gradient",
    setup="w = np.array([2.0, -1.0])\ngradient = np.array([0.5, -4.0])\neta = 0.1",
    answers=("w_new",),
    correct_message="the second weight moved 8 times further than the first: the step follows the gradient's size.",
)

# -- q2: the mini-batch gradient ----------------------------------------------------------------

_Q2_G = np.random.default_rng(1).normal(size=(100, 3))
_Q2_BATCH = np.array([3, 14, 15, 92, 65])


def _check_q2(g_batch):
    if np.shape(g_batch) == (len(_Q2_BATCH),):
        raise Incorrect("g_batch has one number per example: you averaged over the parameters (axis=1). "
                        "Average over the examples instead, axis=0, to get one number per parameter.")
    expect_array(g_batch, shape=(3,), name="g_batch")
    expect_close(g_batch, _Q2_G[_Q2_BATCH].mean(axis=0), name="g_batch", wrong_hints=[
        (_Q2_G[_Q2_BATCH].sum(axis=0), "that is the sum over the batch; the lecture's formula divides by B: "
                                       "use the mean."),
        (_Q2_G.mean(axis=0), "that is the full-batch gradient over all 100 examples; use only the rows in batch."),
        (_Q2_G[: len(_Q2_BATCH)].mean(axis=0), "you used the first B rows; use the rows whose indices are in batch: "
                                                "G[batch]."),
    ])


q2 = Problem(
    "2. The mini-batch gradient",
    _check_q2,
    hints=["G[batch] picks the rows of the examples in the batch: shape (B, 3).",
           "Average those rows over the examples: .mean(axis=0) gives one number per parameter."],
    solution="g_batch = G[batch].mean(axis=0)",
    setup="rng = np.random.default_rng(1)\nG = rng.normal(size=(100, 3))  # per-example gradients: one row per "
          "example, one column per parameter\nbatch = np.array([3, 14, 15, 92, 65])",
    answers=("g_batch",),
    correct_message="five examples give a noisy but cheap estimate of the full gradient G.mean(axis=0).",
)

# -- q3: one step of SGD with momentum (Keras convention) ----------------------------------------

_Q3 = dict(w=np.array([1.0, -2.0]), g=np.array([0.5, 0.5]), v=np.array([-0.2, 0.1]), lr=0.1, mu=0.9)


def _check_q3(w_new, v_new):
    w, g, v, lr, mu = _Q3["w"], _Q3["g"], _Q3["v"], _Q3["lr"], _Q3["mu"]
    right_v = mu * v - lr * g
    expect_close(v_new, right_v, name="v_new", wrong_hints=[
        (-lr * g, "v_new has forgotten the old velocity: that is plain SGD. Keep a share of it: momentum * v."),
        (mu * v - g, "the gradient term needs the learning rate: momentum * v - learning_rate * g."),
        (mu * v + lr * g, "with Keras' convention the velocity points downhill: subtract learning_rate * g."),
    ])
    expect_close(w_new, w + right_v, name="w_new", wrong_hints=[
        (w + v, "w_new used the old velocity v; move by the new one, v_new."),
        (w - right_v, "Keras adds the velocity: w_new = w + v_new (v_new already points downhill)."),
    ])


q3 = Problem(
    "3. One step of SGD with momentum",
    _check_q3,
    hints=["Keras' rule: first the velocity, v <- momentum * v - learning_rate * g; then the weights, w <- w + v.",
           "Compute v_new first and use it in w_new."],
    solution="v_new = momentum * v - learning_rate * g\nw_new = w + v_new",
    setup="w = np.array([1.0, -2.0])\ng = np.array([0.5, 0.5])  # the gradient at w\n"
          "v = np.array([-0.2, 0.1])  # the velocity from earlier steps\nlearning_rate, momentum = 0.1, 0.9",
    answers=("w_new", "v_new"),
    correct_message="the first weight keeps rolling in its old direction, while the second one's velocity "
                    "(pointing uphill from earlier steps) shrinks and turns.",
)

# -- q4: exponential learning-rate decay --------------------------------------------------------

_Q4 = dict(initial=0.1, rate=0.5, decay_steps=100, step=250)


def _check_q4(learning_rate):
    p = _Q4
    expect_close(learning_rate, p["initial"] * p["rate"] ** (p["step"] / p["decay_steps"]), name="learning_rate",
                 wrong_hints=[
                     (p["initial"] * p["rate"] ** (p["step"] // p["decay_steps"]),
                      "that is the staircase version (whole decay periods only); ExponentialDecay's default "
                      "decays smoothly: use step / decay_steps without rounding."),
                     (p["initial"] * p["rate"] ** p["step"],
                      "the exponent counts decay periods, not steps: divide step by decay_steps."),
                     (p["rate"] ** (p["step"] / p["decay_steps"]),
                      "start from the initial learning rate: multiply by initial_learning_rate."),
                 ])


q4 = Problem(
    "4. Exponential learning-rate decay",
    _check_q4,
    hints=["ExponentialDecay: eta_t = eta_0 * decay_rate ** (t / decay_steps).",
           "After 250 steps, 2.5 decay periods have passed, so the rate has halved 2.5 times."],
    solution="learning_rate = initial_learning_rate * decay_rate ** (step / decay_steps)",
    setup="initial_learning_rate = 0.1\ndecay_rate = 0.5\ndecay_steps = 100\nstep = 250",
    answers=("learning_rate",),
    correct_message="0.1 / 2^2.5 = 0.0177; keras.optimizers.schedules.ExponentialDecay(0.1, 100, 0.5)(250) "
                    "gives the same.",
)

__all__ = ["q1", "q2", "q3", "q4"]
