"""Exercises for notebook 06: a gradient-descent step, a mini-batch gradient, a momentum step, a decayed learning rate."""

from __future__ import annotations

from helpers.exercises import Answer, NumericProblem

# -- q1: one gradient-descent step --------------------------------------------------------------

q1 = NumericProblem(
    "1. One gradient-descent step",
    setup="w = np.array([2.0, -1.0])\ngradient = np.array([0.5, -4.0])\neta = 0.1",
    answers=[Answer("w_new", lambda w, gradient, eta: w - eta * gradient, wrong_values=[
        (lambda w, gradient, eta: w + eta * gradient,
         "you added the gradient: that walks uphill. Subtract it: w - eta * gradient."),
        (lambda w, gradient: w - gradient, "you took a full gradient step; scale it by the learning rate eta first."),
        (lambda gradient, eta: -eta * gradient, "that is the step alone; the new weights are the old weights plus the "
                                                "step."),
    ])],
    hints=["The update rule is W <- W - eta * dJ/dW, applied to every weight at once (numpy does it elementwise).",
           "w_new = w - (learning rate) * (gradient)"],
    solution="w_new = w - eta * gradient",
    correct_message="the second weight moved 8 times further than the first: the step follows the gradient's size.",
)

# -- q2: the mini-batch gradient ----------------------------------------------------------------

q2 = NumericProblem(
    "2. The mini-batch gradient",
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

# -- q3: one step of SGD with momentum (Keras convention) ----------------------------------------


def _velocity(g, v, learning_rate, momentum):
    """Keras' momentum rule: the new velocity ``momentum * v - learning_rate * g``."""
    return momentum * v - learning_rate * g


q3 = NumericProblem(
    "3. One step of SGD with momentum",
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

# -- q4: exponential learning-rate decay --------------------------------------------------------

q4 = NumericProblem(
    "4. Exponential learning-rate decay",
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

__all__ = ["q1", "q2", "q3", "q4"]
