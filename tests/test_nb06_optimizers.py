"""Notebook 06's numerics: update rules vs Keras, surface gradients, gradient descent, mini-batch noise."""

import numpy as np
import pytest

from helpers.minibatch_noise import minibatch_gradient_variance
from helpers.seed_runs import SeedRuns, plot_seed_runs, summarize_runs, warm_epoch_seconds
from helpers.surfaces import SURFACES, get_surface
from helpers.trajectories import keras_trajectories, numpy_trajectories, plot_landscapes, save_trajectory_gif
from helpers.update_rules import (DIVERGENCE_LIMIT, OPTIMIZER_NAMES, NumpyOptimizer, gradient_descent,
                                  keras_optimizer)

RNG = np.random.default_rng(6)
W0 = RNG.normal(size=(3, 2))
GRADIENTS = RNG.normal(size=(10, 3, 2))


def _keras_path(name, lr, dtype, **hyper):
    import keras

    var = keras.Variable(W0, dtype=dtype)
    optimizer = keras_optimizer(name, lr, **hyper)
    path = []
    for g in GRADIENTS:
        optimizer.apply_gradients([(keras.ops.convert_to_tensor(g, dtype=dtype), var)])
        path.append(var.numpy().astype(np.float64))
    return np.array(path)


def _numpy_path(name, lr, **hyper):
    optimizer, w, path = NumpyOptimizer(name, lr, **hyper), W0.copy(), []
    for g in GRADIENTS:
        w = optimizer.step(w, g)
        path.append(w)
    return np.array(path)


@pytest.mark.parametrize("name", OPTIMIZER_NAMES)
@pytest.mark.parametrize("lr", [0.001, 0.1])
def test_numpy_rule_matches_keras_for_10_steps_float32(name, lr):
    assert np.abs(_keras_path(name, lr, "float32") - _numpy_path(name, lr)).max() < 1e-6


@pytest.mark.parametrize("name", OPTIMIZER_NAMES)
def test_numpy_rule_matches_keras_for_10_steps_float64(name):
    # in float64 only Keras' float32-stored constants remain, and those we mimic: agreement to ~1e-12
    assert np.abs(_keras_path(name, 0.1, "float64") - _numpy_path(name, 0.1)).max() < 1e-8


@pytest.mark.parametrize("name, hyper", [("RMSprop", {"rho": 0.5}), ("Adam", {"beta_1": 0.5, "epsilon": 1e-3}),
                                         ("Momentum", {"momentum": 0.5}), ("Adadelta", {"rho": 0.8})])
def test_numpy_rule_matches_keras_with_other_hyper_parameters(name, hyper):
    assert np.abs(_keras_path(name, 0.05, "float64", **hyper) - _numpy_path(name, 0.05, **hyper)).max() < 1e-8


def test_the_rules_really_differ():
    # guards against a test that cannot fail: every pair of optimizers gives different paths
    paths = {name: _numpy_path(name, 0.1) for name in OPTIMIZER_NAMES}
    for a in OPTIMIZER_NAMES:
        for b in OPTIMIZER_NAMES:
            if a < b:
                assert np.abs(paths[a] - paths[b]).max() > 1e-3, (a, b)


def test_keras_3_conventions_written_out():
    # RMSprop: epsilon inside the square root; Adam: epsilon on the uncorrected sqrt(v), bias correction in the step
    w, g = np.array([0.0]), np.array([1e-3])
    rms = NumpyOptimizer("RMSprop", 1.0, epsilon=1e-2).step(w, g)
    assert np.isclose(rms[0], -1e-3 / np.sqrt(0.1 * 1e-6 + 1e-2), rtol=1e-6)
    adam = NumpyOptimizer("Adam", 1.0, epsilon=1e-2).step(w, g)
    alpha = np.float32(1.0) * np.sqrt(1 - np.float32(0.999)) / (1 - np.float32(0.9))
    assert np.isclose(adam[0], -alpha * 0.1 * 1e-3 / (np.sqrt(0.001 * 1e-6) + 1e-2), rtol=1e-6)


def test_keras_3_optimizers_have_no_minimize():
    import keras

    assert not hasattr(keras.optimizers.SGD(0.1), "minimize")
    assert hasattr(keras.optimizers.SGD(0.1), "apply_gradients")


def test_lecture_one_step_example_gives_0_9():
    import keras
    import tensorflow as tf

    sgd = keras.optimizers.SGD(learning_rate=0.1)
    var = keras.Variable(1.0)
    with tf.GradientTape() as tape:
        loss = var ** 2 / 2.0
    sgd.apply_gradients([(tape.gradient(loss, var), var)])
    assert np.isclose(float(var.numpy()), 0.9, atol=1e-7)
    assert np.isclose(NumpyOptimizer("SGD", 0.1).step(np.array([1.0]), np.array([1.0]))[0], 0.9)


# -- surfaces ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(SURFACES))
def test_surface_gradient_matches_finite_differences(name):
    s = SURFACES[name]
    (x0, x1), (y0, y1) = s.bounds
    points = np.column_stack([RNG.uniform(x0, x1, 20), RNG.uniform(y0, y1, 20)])
    h = 1e-6
    numeric = np.column_stack([(s(points + [h, 0]) - s(points - [h, 0])) / (2 * h),
                               (s(points + [0, h]) - s(points - [0, h])) / (2 * h)])
    assert np.allclose(s.grad(points), numeric, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", list(SURFACES))
def test_surface_gradient_matches_autodiff(name):
    import tensorflow as tf

    s = SURFACES[name]
    points = tf.Variable(RNG.uniform(-1.5, 1.5, size=(15, 2)))
    with tf.GradientTape() as tape:
        total = tf.reduce_sum(s.loss(points[:, 0], points[:, 1]))
    assert np.allclose(tape.gradient(total, points).numpy(), s.grad(points.numpy()), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", list(SURFACES))
def test_surface_minima_are_stationary_and_lowest_nearby(name):
    s = SURFACES[name]
    for m in s.minima:
        assert np.allclose(s.grad(m), 0.0, atol=1e-9)
        around = np.array(m) + 0.05 * RNG.normal(size=(50, 2))
        assert np.all(s(around) > s(m))


def test_saddle_is_a_saddle_and_trap_has_a_deeper_left_valley():
    saddle = SURFACES["saddle"]
    assert np.allclose(saddle.grad([0.0, 0.0]), 0)
    assert saddle([0.1, 0.0]) > 0 > saddle([0.0, 0.1])
    left, right = SURFACES["trap"].minima
    assert left[0] < 0 < right[0] and SURFACES["trap"](left) < SURFACES["trap"](right) - 1.0


def test_get_surface_rejects_unknown_names():
    with pytest.raises(ValueError, match="unknown surface 'banana'"):
        get_surface("banana")


# -- gradient descent and divergence ----------------------------------------------------------


@pytest.mark.parametrize("eta", [0.05, 0.3, 0.7, 0.95])
def test_gradient_descent_follows_the_factor_1_minus_eta_a(eta):
    result = gradient_descent(lambda w: 2.0 * (w - 1.0), -2.0, eta, steps=12)
    assert not result.diverged
    assert np.allclose(result.path - 1.0, -3.0 * (1 - 2 * eta) ** np.arange(13))


def test_divergence_is_detected_and_never_plotted():
    result = gradient_descent(lambda w: 2.0 * (w - 1.0), -2.0, 1.5, steps=100, limit=1e3)
    assert result.diverged and result.diverged_at == 9  # |w - 1| = 3 * 2^t passes 1000 at t = 9
    assert np.all(np.isfinite(result.path)) and np.abs(result.path).max() <= 1e3


def test_divergence_to_overflow_gives_no_warning_and_no_nan():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = gradient_descent(lambda w: w ** 3, 10.0, 1.0, steps=20)
    assert result.diverged and np.all(np.isfinite(result.path))


def test_gradient_descent_validates_its_inputs():
    with pytest.raises(ValueError, match="learning_rate must be a positive number"):
        gradient_descent(lambda w: w, 1.0, -0.1, 5)
    with pytest.raises(ValueError, match="steps must be a positive integer"):
        gradient_descent(lambda w: w, 1.0, 0.1, 0)


def test_the_bowl_dilemma_as_the_notebook_states_it():
    """40 steps of gradient descent on the bowl: eta = 0.2 crawls (J = 0.2), 0.9 zig-zags and gets to about 0.0005,
    1.05 (just past 2/a = 1 across) diverges; along w1 the factor is 1 - 0.1 eta, across 1 - 2 eta."""
    bowl = SURFACES["bowl"]
    paths = {eta: gradient_descent(bowl.grad, bowl.start, eta, steps=40).path for eta in (0.2, 0.9, 1.05)}
    assert bowl(paths[0.2][-1]) == pytest.approx(0.2, abs=0.005)
    assert 0.0004 < bowl(paths[0.9][-1]) < 0.0006
    assert np.all(np.diff(np.sign(paths[0.9][:, 1])) != 0), "0.9 zig-zags across: w2 changes sign every step"
    assert bowl(paths[1.05][-1]) > 1000 and np.all(np.diff(bowl(paths[1.05])) > 0)
    for eta, path in paths.items():
        np.testing.assert_allclose(path[1] / path[0], [1 - 0.1 * eta, 1 - 2 * eta])


def test_numpy_trajectories_freeze_diverged_runs():
    runs = numpy_trajectories("SGD", "bowl", [0.1, 0.5, 1.2], steps=100)
    assert runs.path.shape == (101, 3, 2) and list(runs.learning_rates) == [0.1, 0.5, 1.2]
    assert list(runs.diverged_at[:2]) == [-1, -1] and runs.diverged_at[2] > 0
    assert np.all(np.isnan(runs.path[runs.diverged_at[2]:, 2]))
    assert np.all(np.abs(runs.path[: runs.diverged_at[2], 2]) < DIVERGENCE_LIMIT)


def test_numpy_trajectories_per_learning_rate_equal_separate_runs():
    together = numpy_trajectories("Adam", "rosenbrock", [0.01, 0.1], steps=30).path
    for i, lr in enumerate([0.01, 0.1]):
        assert np.allclose(together[:, i], numpy_trajectories("Adam", "rosenbrock", [lr], steps=30).path[:, 0])


@pytest.mark.parametrize("name, lr", [("SGD", 0.1), ("Momentum", 0.02), ("RMSprop", 0.05), ("Adam", 0.1),
                                      ("Nadam", 0.1), ("Ftrl", 0.5)])
def test_keras_trajectories_on_all_surfaces_match_numpy(name, lr):
    keras_path = keras_trajectories(keras_optimizer(name, lr), list(SURFACES), steps=30)
    numpy_path = np.stack([numpy_trajectories(name, s, [lr], 30).path[:, 0] for s in SURFACES], axis=1)
    assert keras_path.shape == (31, 4, 2)
    assert np.abs(keras_path - numpy_path).max() < 1e-4


def test_keras_trajectories_validates_its_inputs():
    with pytest.raises(ValueError, match="keras optimizer"):
        keras_trajectories("adam")


def test_the_trap_needs_momentum():
    # the notebook's story: momentum reaches the deeper left valley, plain SGD and Adam stay in the right one
    ends = {n: numpy_trajectories(n, "trap", [lr], 60).path[-1, 0] for n, lr in
            [("SGD", 0.1), ("Momentum", 0.02), ("Adam", 0.1)]}
    assert ends["Momentum"][0] < -1 and ends["SGD"][0] > 1 and ends["Adam"][0] > 1


# -- mini-batches -----------------------------------------------------------------------------


def test_minibatch_variance_matches_theory_and_vanishes_at_full_batch():
    G = RNG.normal(size=(200, 2)) * [1.0, 3.0] + [0.5, -1.0]
    measured, predicted = minibatch_gradient_variance(G, [1, 4, 16, 64, 200], n_batches=3000, seed=1)
    assert np.allclose(measured[:-1], predicted[:-1], rtol=0.1)
    assert measured[-1] < 1e-20 and predicted[-1] == 0
    sigma2 = np.mean(np.sum((G - G.mean(0)) ** 2, axis=1))
    assert np.isclose(predicted[0], sigma2)


def test_minibatch_variance_validates_batch_sizes():
    with pytest.raises(ValueError, match="at most N = 10"):
        minibatch_gradient_variance(np.ones((10, 2)), [20])


# -- a real model: timed epochs, several seeds ------------------------------------------------


def _regression_data(n=64, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3)).astype("float32")
    return X, (X @ np.array([1.0, -2.0, 0.5]) + 0.1 * rng.normal(size=n)).astype("float32")


def _small_network():
    import keras

    return keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(1)])


def test_warm_epoch_seconds_trains_as_many_epochs_as_the_budget_allows():
    import keras

    from helpers.data import batches

    X, y = _regression_data()
    model = _small_network()
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
    data = batches(X, y, 16)                                              # 4 updates per epoch
    seconds = warm_epoch_seconds(model, data, budget=1e-6, min_epochs=2)
    assert seconds > 0 and int(model.optimizer.iterations.numpy()) == 2 * 4, "at least min_epochs, then stop"
    warm_epoch_seconds(model, data, budget=60.0, max_epochs=3)
    assert int(model.optimizer.iterations.numpy()) == 5 * 4, "at most max_epochs"
    with pytest.raises(ValueError, match="compiled keras model"):
        warm_epoch_seconds(_small_network(), data)
    with pytest.raises(ValueError, match="budget must be a positive number"):
        warm_epoch_seconds(model, data, budget=0)


def test_summarize_and_plot_seed_runs():
    import matplotlib.pyplot as plt

    runs = {"SGD": SeedRuns((0, 1), np.array([[9.0, 4.0], [11.0, 6.0]]), np.array([5.0, 7.0])),
            "Adam": SeedRuns((0, 1), np.array([[3.0, 2.0], [5.0, 2.5]]), np.array([2.0, 3.0]))}
    table = summarize_runs(runs, {"SGD": 0.01, "Adam": 0.001})
    assert list(table.index) == ["SGD", "Adam"]
    assert table.loc["SGD", "train, epoch 1"] == "10.0 (9.0-11.0)"
    assert table.loc["Adam", "train, epoch 2"] == "2.2 (2.0-2.5)"
    assert table.loc["SGD", "validation, epoch 2"] == "6.0 (5.0-7.0)"
    fig, axes = plt.subplots(1, 2, sharey=True)
    plot_seed_runs(runs, [("plain", ["SGD"]), ("adaptive", ["Adam"])], axes, colors={"SGD": "#1f77b4"})
    line = axes[0].get_lines()[0]
    np.testing.assert_allclose(line.get_ydata(), [10.0, 5.0])
    assert line.get_color() == "#1f77b4" and axes[1].get_title() == "adaptive" and axes[0].get_yscale() == "log"
    with pytest.raises(ValueError, match="not in runs"):
        plot_seed_runs(runs, [("x", ["Nadam"])], axes)
    with pytest.raises(ValueError, match="SeedRuns"):
        summarize_runs({"SGD": [1, 2]})


def _landscape_paths(steps=12):
    surfaces = list(SURFACES.values())
    return {name: np.stack([numpy_trajectories(name, s, [lr], steps).path[:, 0] for s in surfaces], axis=1)
            for name, lr in {"SGD": 0.1, "Adam": 0.1}.items()}


def test_plot_landscapes_draws_each_path_up_to_the_step_asked():
    import matplotlib.pyplot as plt

    paths = _landscape_paths()
    fig, axes = plt.subplots(2, 2)
    artists = plot_landscapes(paths, upto=5, axes=axes, colors={"SGD": "#1f77b4"})
    assert len(artists) == 2 * 4
    line, dot, k, path = artists[0]
    assert line.axes is axes[0, 0] and line.get_color() == "#1f77b4" and path is paths["SGD"]
    np.testing.assert_allclose(line.get_xydata(), paths["SGD"][:6, 0])
    np.testing.assert_allclose(dot.get_xydata(), paths["SGD"][5:6, 0])
    assert axes[1, 0].get_title() == SURFACES["saddle"].title and axes[1, 0].get_xlim() == SURFACES["saddle"].bounds[0]
    everything = plot_landscapes(paths, axes=plt.subplots(2, 2)[1])
    assert len(everything[-1][0].get_xdata()) == 13, "the whole path by default"
    plt.close("all")
    with pytest.raises(ValueError, match="arrays of shape"):
        plot_landscapes({"SGD": paths["SGD"][:, :2]})
    with pytest.raises(ValueError, match="one axes per surface"):
        plot_landscapes(paths, axes=plt.subplots(1, 2)[1])
    plt.close("all")


def test_trajectory_gif_frames_equal_full_draws_of_the_same_steps(tmp_path):
    """Blitting each frame gives the picture a full draw gives: paths under the stars, squares and legend."""
    import matplotlib.pyplot as plt
    from PIL import Image, ImageSequence

    paths = _landscape_paths(steps=10)
    n_frames = save_trajectory_gif(paths, tmp_path / "paths.gif", every=4, dpi=40)
    assert n_frames == 4, "steps 0, 4, 8 and the last, 10"
    gif = Image.open(tmp_path / "paths.gif")
    frames = [np.asarray(frame.convert("RGB"), dtype=int) for frame in ImageSequence.Iterator(gif)]
    assert len(frames) == n_frames
    for t, frame in [(4, frames[1]), (10, frames[-1])]:
        fig, axes = plt.subplots(2, 2, figsize=(9.0, 6.0), dpi=40)
        plot_landscapes(paths, upto=t, axes=axes, shaded=True)
        axes[0, 0].legend(loc="upper right", fontsize=10)
        fig.suptitle(f"step {t} of 10")
        fig.canvas.draw()
        full = np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(int)
        plt.close(fig)
        # the GIF's 256-colour palette moves colours a little; a path drawn over a star moves them a lot
        far_off = np.abs(frame - full).max(axis=2) > 40
        assert far_off.sum() < 5, f"step {t}: {far_off.sum()} pixels differ from a full draw"
    with pytest.raises(ValueError, match="every must be a positive integer"):
        save_trajectory_gif(paths, tmp_path / "x.gif", every=0)


# -- the notebook's own numpy functions against Keras (moved here from the notebook) ----------------


def _notebook_functions() -> dict:
    """Run the notebook's cell that defines momentum_step, rmsprop_step and adam_step; return its namespace."""
    import json
    from pathlib import Path

    notebook = Path(__file__).resolve().parents[1] / "notebooks" / "06_optimizers.ipynb"
    cells = ["".join(c["source"]) for c in json.loads(notebook.read_text())["cells"] if c["cell_type"] == "code"]
    (source,) = [s for s in cells if "def adam_step(" in s]
    namespace = {"np": np}
    exec(source, namespace)
    return namespace


@pytest.mark.parametrize("name", ["momentum", "RMSprop", "Adam"])
def test_the_notebooks_numpy_functions_match_keras_for_10_steps(name):
    """The notebook says: the same 10 random gradients, the largest difference below 1e-6."""
    import keras

    ns = _notebook_functions()
    rng = np.random.default_rng(0)
    w0, gradients, lr = rng.normal(size=3), rng.normal(size=(10, 3)), 0.1
    keras_opt, step, n_state = {
        "momentum": (keras.optimizers.SGD(lr, momentum=0.9), lambda w, g, s, t: ns["momentum_step"](w, g, *s, lr), 1),
        "RMSprop": (keras.optimizers.RMSprop(lr), lambda w, g, s, t: ns["rmsprop_step"](w, g, *s, lr), 1),
        "Adam": (keras.optimizers.Adam(lr), lambda w, g, s, t: ns["adam_step"](w, g, *s, t, lr), 2),
    }[name]
    var = keras.Variable(w0.astype("float32"))
    w, state = w0, [np.zeros(3)] * n_state
    for t, g in enumerate(gradients, start=1):
        keras_opt.apply_gradients([(g.astype("float32"), var)])
        w, *state = step(w, g, state, t)
        assert np.abs(var.numpy() - w).max() < 1e-6


# -- the numpy engine of the 10-optimizer comparison against model.fit -------------------------------------------


def _cars(seed=0):
    from helpers.data import auto_mpg, standardize, train_val_split

    cars = auto_mpg().dropna()
    cars["Model_year"] = cars["Year"].dt.year
    X = cars[["Cylinders", "Displacement", "Horsepower", "Weight_in_lbs", "Acceleration", "Model_year"]]
    X_tr, X_va, y_tr, y_va = train_val_split(X.to_numpy("float64"), cars["Miles_per_Gallon"].to_numpy("float32"),
                                             seed=seed)
    X_tr, X_va, _ = standardize(X_tr, X_va)
    return X_tr, X_va, y_tr, y_va


def _keras_fit_like_numpy_seed_runs(name, lr, X_tr, y_tr, X_va, y_va, seed, epochs, batch_size=32):
    """What ``numpy_seed_runs`` does, with Keras: the same initial weights (the numpy network's, copied into
    ``Dense(16, relu), Dense(16, relu), Dense(1)``), each epoch ``model.fit(..., shuffle=False)`` on the rows in the
    order numpy draws; returns the logged losses and the final validation MSE."""
    import keras

    from helpers.numpy_net import Network

    rng = np.random.default_rng(seed)
    network = Network((6, 16, 16, 1), "relu", "linear", rng=rng)   # draws the weights as numpy_seed_runs does
    model = keras.Sequential([keras.Input(shape=(6,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])
    model.set_weights(network.parameters)
    model.compile(optimizer=keras_optimizer(name, lr), loss="mse")
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(X_tr))
        history = model.fit(X_tr[order], y_tr[order], epochs=1, batch_size=batch_size, shuffle=False, verbose=0)
        losses += history.history["loss"]
    return np.array(losses), float(model.evaluate(X_va, y_va, verbose=0))


@pytest.mark.parametrize("name, lr", [("SGD", 0.01), ("Adam", 0.01), ("Nadam", 0.01), ("Ftrl", 0.1)])
def test_numpy_seed_runs_match_model_fit(name, lr):
    """The notebook says: the numpy engine runs model.fit's loop with Keras's rules. Same initial weights, same batch
    order: the logged training loss of every epoch and the final validation loss agree with Keras to 1e-4 (relative;
    Keras computes in float32, the numpy engine in float64), while the losses themselves fall from ~600 to ~10."""
    from helpers.seed_runs import numpy_seed_runs

    X_tr, X_va, y_tr, y_va = _cars()
    ours = numpy_seed_runs((6, 16, 16, 1), name, lr, X_tr, y_tr, X_va, y_va, seeds=[3], epochs=4)
    keras_loss, keras_val = _keras_fit_like_numpy_seed_runs(name, lr, X_tr, y_tr, X_va, y_va, seed=3, epochs=4)
    np.testing.assert_allclose(ours.train_loss[0], keras_loss, rtol=1e-4)
    np.testing.assert_allclose(ours.val_loss[0], keras_val, rtol=1e-4)
    assert ours.train_loss[0, -1] < 0.5 * ours.train_loss[0, 0], "the runs compared really trained"


def test_numpy_seed_runs_are_per_seed_and_fail_on_a_wrong_rule():
    """Seed s gives the same run whatever the other seeds; a different rule or learning rate gives other losses
    (so the comparison with Keras above can fail)."""
    from helpers.seed_runs import numpy_seed_runs

    X_tr, X_va, y_tr, y_va = _cars()
    both = numpy_seed_runs((6, 16, 16, 1), "Adam", 0.01, X_tr, y_tr, X_va, y_va, seeds=[3, 4], epochs=3)
    alone = numpy_seed_runs((6, 16, 16, 1), "Adam", 0.01, X_tr, y_tr, X_va, y_va, seeds=[4], epochs=3)
    np.testing.assert_array_equal(both.train_loss[1], alone.train_loss[0])
    assert both.seeds == (3, 4) and both.train_loss.shape == (2, 3) and both.val_loss.shape == (2,)
    assert not np.allclose(both.train_loss[0], both.train_loss[1], rtol=1e-3)
    keras_loss, _ = _keras_fit_like_numpy_seed_runs("Adam", 0.01, X_tr, y_tr, X_va, y_va, seed=3, epochs=3)
    for name, lr in [("Nadam", 0.01), ("Adam", 0.0101)]:
        other = numpy_seed_runs((6, 16, 16, 1), name, lr, X_tr, y_tr, X_va, y_va, seeds=[3], epochs=3)
        assert np.abs(other.train_loss[0] / keras_loss - 1).max() > 1e-3, (name, lr)


def test_numpy_seed_runs_validates_its_inputs():
    from helpers.seed_runs import numpy_seed_runs

    X, y = np.zeros((10, 6)), np.zeros(10)
    with pytest.raises(ValueError, match="sizes must start with the number of features"):
        numpy_seed_runs((5, 16, 1), "Adam", 0.01, X, y, X, y, [0], 2)
    with pytest.raises(ValueError, match="end with 1 output"):
        numpy_seed_runs((6, 16, 2), "Adam", 0.01, X, y, X, y, [0], 2)
    with pytest.raises(ValueError, match="unknown optimizer"):
        numpy_seed_runs((6, 16, 1), "Adamm", 0.01, X, y, X, y, [0], 2)
    with pytest.raises(ValueError, match="learning_rate must be positive"):
        numpy_seed_runs((6, 16, 1), "Adam", -0.01, X, y, X, y, [0], 2)
    with pytest.raises(ValueError, match="seeds must be a non-empty list"):
        numpy_seed_runs((6, 16, 1), "Adam", 0.01, X, y, X, y, [], 2)
    with pytest.raises(ValueError, match="epochs must be a positive integer"):
        numpy_seed_runs((6, 16, 1), "Adam", 0.01, X, y, X, y, [0], 0)
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        numpy_seed_runs((6, 16, 1), "Adam", 0.01, X, y, X, y, [0], 2, batch_size=0)
    with pytest.raises(ValueError, match="the labels for X_train"):
        numpy_seed_runs((6, 16, 1), "Adam", 0.01, X, y[:5], X, y, [0], 2)
