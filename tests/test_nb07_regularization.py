"""Notebook 07: dropout, L2, early stopping, batch norm, the numpy runs, callbacks and the TensorBoard reader."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from helpers import callbacks as keras_callbacks  # noqa: E402
from helpers import regularization as reg  # noqa: E402
from helpers import tensorboard_logs as tb  # noqa: E402
from helpers.data import moons, train_val_split  # noqa: E402
from helpers.numpy_regularization import train_numpy_mlp, train_numpy_mlps  # noqa: E402


@pytest.fixture(scope="module")
def split():
    X, y = moons(n=80, noise=0.3, seed=1)
    return train_val_split(X, y, val_fraction=0.5, seed=0)


# -- dropout --------------------------------------------------------------------------------------

@pytest.mark.parametrize("rate", [0.2, 0.5])
def test_keras_dropout_scales_survivors_by_one_over_keep_and_is_identity_at_inference(rate):
    x = np.ones((400, 50), dtype="float32")
    layer = keras.layers.Dropout(rate=rate, seed=1)
    out = np.asarray(layer(x, training=True))
    survivors = out[out != 0]
    np.testing.assert_allclose(survivors, 1 / (1 - rate), rtol=1e-6)
    assert abs(np.mean(out == 0) - rate) < 0.02
    assert abs(out.mean() - 1.0) < 0.03  # expectation preserved
    np.testing.assert_array_equal(np.asarray(layer(x, training=False)), x)


# -- L2 ------------------------------------------------------------------------------------------

def test_l2_penalty_equals_lambda_times_sum_of_squared_kernels():
    lam = 3e-3
    model = reg.build_classifier(hidden=(16, 8), l2=lam, seed=2)
    kernels = [model.get_layer(n).kernel.numpy().astype(np.float64) for n in ("hidden_1", "hidden_2")]
    expected = lam * sum(np.sum(W ** 2) for W in kernels)
    assert float(sum(model.losses)) == pytest.approx(expected, rel=1e-5)
    network = train_numpy_mlp(*_tiny_split(), hidden=(16, 8), l2=lam, epochs=1, seed=2).network
    network.layers[0][0][...], network.layers[1][0][...] = kernels
    assert network.penalty() == pytest.approx(expected, rel=1e-6)  # the hidden kernels only, as Keras


def _tiny_split():
    X, y = moons(n=20, noise=0.3, seed=1)
    return X[:10], y[:10], X[10:], y[10:]


def test_stacked_numpy_runs_equal_single_runs_and_l2_shrinks_weights(split):
    X_train, X_val, y_train, y_val = split
    both = train_numpy_mlps(X_train, y_train, X_val, y_val, [0.0, 0.0], [0.0, 1e-2], hidden=(16, 16), epochs=15,
                            seed=0)
    alone = train_numpy_mlp(X_train, y_train, X_val, y_val, hidden=(16, 16), l2=1e-2, epochs=15, seed=0)
    np.testing.assert_allclose(both[1].val_loss, alone.val_loss, rtol=1e-5)
    assert both[1].kernel_norm() < both[0].kernel_norm()
    assert both[0].predict(X_val).shape == (len(X_val),)
    with pytest.raises(ValueError, match="equally long"):
        train_numpy_mlps(X_train, y_train, X_val, y_val, [0.1, 0.2], [0.0], seed=0)
    with pytest.raises(ValueError, match=r"\[0, 1\)"):
        train_numpy_mlp(X_train, y_train, X_val, y_val, dropout=1.0, seed=0)
    with pytest.raises(ValueError, match="non-negative integer"):
        train_numpy_mlp(X_train, y_train, X_val, y_val, seed=-1)


def test_the_numpy_engine_and_its_widgets_load_no_tensorflow():
    import subprocess
    import sys

    modules = ("helpers.numpy_net", "helpers.numpy_regularization", "helpers.regression", "helpers.playground",
               "helpers.regularization", "helpers.widgets.regularization", "helpers.widgets.capacity",
               "helpers.widgets.playground")
    code = f"import sys, {', '.join(modules)}; sys.exit('tensorflow' in sys.modules or 'keras' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


# -- batch norm ----------------------------------------------------------------------------------

def test_batch_norm_in_training_mode_is_the_standardisation_formula():
    Z = np.random.default_rng(0).normal(loc=3.0, scale=4.0, size=(64, 5)).astype("float32")
    expected = (Z - Z.mean(axis=0)) / np.sqrt(Z.var(axis=0) + 1e-3)
    np.testing.assert_allclose(np.asarray(keras.layers.BatchNormalization()(Z, training=True)), expected, atol=1e-4)


# -- early stopping, training runs, checkpoint ---------------------------------------------------

@pytest.mark.parametrize("losses, patience, expected", [
    ([0.6, 0.45, 0.40, 0.42, 0.39, 0.41, 0.43, 0.44, 0.46, 0.47], 3, (8, 5)),
    ([0.5, 0.4, 0.3], 2, (3, 3)),
    ([0.5, 0.6, 0.7], 1, (2, 1)),
])
def test_early_stopping_rule(losses, patience, expected):
    assert reg.early_stopping_epochs(losses, patience) == expected


def test_early_stopping_rule_matches_keras_and_restores_best_weights(split):
    X_train, X_val, y_train, y_val = split
    run = reg.train_variant("es", {"hidden": (64, 64), "early_stopping_patience": 3}, X_train, y_train, X_val, y_val,
                            seed=0, epochs=40, batch_size=10)
    stopper = run.callbacks[-1]
    assert run.stopped_early and stopper.stopped_epoch + 1 == run.epochs_run
    assert reg.early_stopping_epochs(run.history["val_loss"], 3) == (run.epochs_run, run.best_epoch)
    restored = float(run.model.evaluate(X_val, y_val, verbose=0, batch_size=len(X_val)))
    assert restored == pytest.approx(run.best_val_loss, abs=1e-5)
    assert run.val_loss == pytest.approx(restored, abs=1e-5)  # validation_loss == evaluate
    assert restored < run.history["val_loss"][-1]


def test_train_seeds_reuses_one_model_yet_each_run_equals_a_fresh_run_with_its_seed(split):
    X_train, X_val, y_train, y_val = split
    spec = {"hidden": (16, 16), "dropout": 0.2, "input_noise": 0.2, "batch_norm": True}
    runs = reg.train_seeds("v", spec, X_train, y_train, X_val, y_val, seeds=[5, 6], epochs=6, batch_size=10)
    alone = reg.train_variant("v", spec, X_train, y_train, X_val, y_val, seed=6, epochs=6, batch_size=10)
    assert [run.seed for run in runs] == [5, 6]
    np.testing.assert_array_equal(runs[1].history["val_loss"], alone.history["val_loss"])
    np.testing.assert_array_equal(runs[1].history["loss"], alone.history["loss"])
    assert runs[1].val_loss == alone.val_loss
    assert runs[0].history["loss"] != runs[1].history["loss"]  # another seed, another run
    assert runs[0].model is not runs[1].model
    for run in runs:
        assert run.val_loss == pytest.approx(run.history["val_loss"][-1], abs=1e-5)
        assert not run.stopped_early and run.epochs_run == 6


def test_train_seeds_takes_the_notebooks_own_builder_and_fresh_callbacks(split):
    import keras

    X_train, X_val, y_train, y_val = split

    def dropout_model(seed):  # as the notebook writes its builders
        keras.utils.set_random_seed(seed)
        model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(16, activation="relu", name="hidden_1"),
                                  keras.layers.Dropout(0.2), keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="binary_crossentropy")
        return model

    runs = reg.train_seeds("v", dropout_model, X_train, y_train, X_val, y_val, seeds=[5, 6], epochs=8,
                           batch_size=10, callbacks=lambda: [keras.callbacks.EarlyStopping(patience=2)])
    alone = reg.train_variant("v", dropout_model, X_train, y_train, X_val, y_val, seed=6, epochs=8, batch_size=10,
                              callbacks=lambda: [keras.callbacks.EarlyStopping(patience=2)])
    np.testing.assert_array_equal(runs[1].history["val_loss"], alone.history["val_loss"])
    assert runs[0].callbacks[0] is not runs[1].callbacks[0]  # a fresh EarlyStopping per run
    same = reg.build_classifier(hidden=(16,), dropout=0.2, seed=5)  # the spec form builds the same network
    np.testing.assert_array_equal(same.get_layer("hidden_1").kernel.numpy(),
                                  dropout_model(5).get_layer("hidden_1").kernel.numpy())
    with pytest.raises(ValueError, match="build must be a function"):
        reg.train_seeds("v", "big", X_train, y_train, X_val, y_val, seeds=[0], epochs=1, batch_size=10)


def test_train_seeds_reuses_the_compiled_copy_of_a_builder_and_trains_exactly_as_a_fresh_one(split):
    import keras

    X_train, X_val, y_train, y_val = split

    def noisy_model(seed):  # a random layer: its state must be reset from the fresh model too
        keras.utils.set_random_seed(seed)
        model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.GaussianNoise(0.3),
                                  keras.layers.Dense(16, activation="relu"), keras.layers.Dropout(0.2),
                                  keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="binary_crossentropy")
        return model

    def stop():
        return [keras.callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)]

    reg.train_seeds("plain", noisy_model, X_train, y_train, X_val, y_val, seeds=[3], epochs=5, batch_size=10)
    reused = reg.train_seeds("stop", noisy_model, X_train, y_train, X_val, y_val, seeds=[3, 4], epochs=8,
                             batch_size=10, callbacks=stop)
    assert sum(key[0] is noisy_model for key in reg._COMPILED_COPIES) == 1  # one copy for both calls
    for key in [key for key in reg._COMPILED_COPIES if key[0] is noisy_model]:
        del reg._COMPILED_COPIES[key]
    fresh = reg.train_seeds("stop", noisy_model, X_train, y_train, X_val, y_val, seeds=[3, 4], epochs=8,
                            batch_size=10, callbacks=stop)
    for a, b in zip(reused, fresh):
        assert a.history == b.history and a.val_loss == b.val_loss


def test_run_from_fit_keeps_the_history_and_measures_the_model_it_is_given(split):
    import keras

    X_train, X_val, y_train, y_val = split
    model = reg.build_classifier(hidden=(8,), seed=0)
    history = model.fit(X_train, y_train, epochs=3, batch_size=20, validation_data=(X_val, y_val), verbose=0)
    run = reg.run_from_fit("plain", 0, model, history, X_val, y_val, epochs=5)
    assert run.epochs_run == 3 and run.stopped_early
    assert run.val_loss == pytest.approx(history.history["val_loss"][-1], abs=1e-4)
    with pytest.raises(ValueError, match="validation_data"):
        reg.run_from_fit("plain", 0, model, {"loss": [1.0]}, X_val, y_val, epochs=5)
    del keras


def test_train_seeds_needs_explicit_seeds_and_keeps_callbacks_to_one_run(split):
    X_train, X_val, y_train, y_val = split
    with pytest.raises(TypeError):
        reg.train_variant("v", {}, X_train, y_train, X_val, y_val, epochs=2, batch_size=10)  # no silent seed
    with pytest.raises(ValueError, match="at least one seed"):
        reg.train_seeds("v", {}, X_train, y_train, X_val, y_val, seeds=[], epochs=2, batch_size=10)
    with pytest.raises(ValueError, match="non-negative integer"):
        reg.train_seeds("v", {}, X_train, y_train, X_val, y_val, seeds=[0, -1], epochs=2, batch_size=10)
    with pytest.raises(ValueError, match="single seed"):
        reg.train_seeds("v", {"callbacks": [keras.callbacks.History()]}, X_train, y_train, X_val, y_val,
                        seeds=[0, 1], epochs=2, batch_size=10)
    with pytest.raises(TypeError):
        reg.build_classifier(hidden=(4,))


def test_checkpoint_reload_gives_the_best_val_loss(split, tmp_path):
    X_train, X_val, y_train, y_val = split
    checkpoint = keras.callbacks.ModelCheckpoint(tmp_path / "best.keras", monitor="val_loss", save_best_only=True)
    run = reg.train_variant("ckpt", {"hidden": (32,), "callbacks": [checkpoint]}, X_train, y_train, X_val,
                            y_val, seed=0, epochs=12, batch_size=20)
    reloaded = keras.models.load_model(tmp_path / "best.keras")
    assert float(reloaded.evaluate(X_val, y_val, verbose=0, batch_size=len(X_val))) == pytest.approx(
        run.best_val_loss, abs=1e-5)


def _fake_run(name, seed, val_losses, train_losses, kept, hidden=(3,)):
    model = reg.build_classifier(hidden=hidden, seed=seed)
    return reg.RunResult(name, seed, model, {"loss": train_losses, "val_loss": val_losses}, kept, len(val_losses))


def test_results_table_gives_mean_and_range_over_seeds():
    runs = {"a": [_fake_run("a", 0, [0.5, 0.3, 0.4], [0.6, 0.5, 0.2], 0.4),
                  _fake_run("a", 1, [0.5, 0.4, 0.2], [0.6, 0.5, 0.4], 0.2)],
            "b": [_fake_run("b", 0, [0.9, 0.8], [0.7, 0.6], 0.8, hidden=(2, 2))]}
    summary = reg.summarise_runs(runs)
    assert summary.loc["a", ("best val loss", "mean")] == pytest.approx(0.25)
    assert summary.loc["a", ("best val loss", "min")] == pytest.approx(0.2)
    assert summary.loc["a", ("best epoch", "max")] == 3
    assert summary.loc["a", ("val loss of the model kept", "mean")] == pytest.approx(0.3)
    assert summary.loc["a", ("climb after the best", "max")] == pytest.approx(0.1)  # 0.4 kept, 0.3 best
    assert summary.loc["b", ("seeds", "")] == 1 and summary.loc["b", ("parameters", "")] == 2 * 2 + 2 + 2 * 2 + 2 + 3
    assert summary.loc["b", ("kernel norm", "mean")] == pytest.approx(reg.kernel_norm(runs["b"][0].model))
    table = reg.results_table(runs)
    assert table.loc["a", "best val loss"] == "0.25 (0.20\u20130.30)"
    assert table.loc["a", "best epoch"] == "2\u20133" and table.loc["b", "epochs run"] == "2"
    assert table.loc["b", "parameters"] == 15
    with pytest.raises(ValueError, match="non-empty"):
        reg.summarise_runs({"a": []})


def test_validation_loss_per_epoch_is_what_fit_would_log_without_an_l2_penalty(split):
    X_train, X_val, y_train, y_val = split
    plain = reg.train_variant("plain", {"hidden": (16,)}, X_train, y_train, X_val, y_val, seed=0, epochs=3,
                              batch_size=20)
    assert plain.history["val_loss"][-1] == pytest.approx(
        float(plain.model.evaluate(X_val, y_val, verbose=0, batch_size=len(X_val))), abs=1e-6)
    l2 = reg.train_variant("l2", {"hidden": (16,), "l2": 1e-2}, X_train, y_train, X_val, y_val, seed=0, epochs=3,
                           batch_size=20)
    penalty = float(sum(l2.model.losses))
    assert penalty > 0.01
    keras_val_loss = float(l2.model.evaluate(X_val, y_val, verbose=0, batch_size=len(X_val)))
    assert keras_val_loss - l2.history["val_loss"][-1] == pytest.approx(penalty, rel=1e-4)
    assert l2.val_loss == pytest.approx(l2.history["val_loss"][-1], abs=1e-6)


def test_builder_validates_its_arguments():
    with pytest.raises(ValueError, match="fraction dropped"):
        reg.build_classifier(dropout=1.5, seed=0)
    with pytest.raises(ValueError, match="positive integers"):
        reg.build_classifier(hidden=(), seed=0)
    with pytest.raises(ValueError, match="non-negative integer"):
        reg.build_classifier(seed=1.5)
    with pytest.raises(ValueError, match="no layer"):
        reg.layer_outputs(reg.build_classifier(hidden=(4,), seed=0), ["hidden_9"], np.zeros((2, 2)))


# -- the TensorBoard event-file reader -----------------------------------------------------------

@pytest.fixture(scope="module")
def tensorboard_run(split, tmp_path_factory):
    X_train, X_val, y_train, y_val = split
    log_dir = tmp_path_factory.mktemp("tb")
    callbacks = [keras.callbacks.TensorBoard(log_dir=log_dir, histogram_freq=2)]
    run = reg.train_variant("tb", {"hidden": (8,), "callbacks": callbacks}, X_train, y_train, X_val, y_val,
                            seed=0, epochs=5, batch_size=20)
    return log_dir, run


def test_read_scalars_gives_back_the_history(tensorboard_run):
    log_dir, run = tensorboard_run
    scalars = tb.read_scalars(log_dir)
    steps, train_loss = tb.scalar_curve(scalars, "epoch_loss", "train")
    _, val_loss = tb.scalar_curve(scalars, "epoch_loss", "validation")
    np.testing.assert_array_equal(steps, np.arange(5))
    np.testing.assert_allclose(train_loss, run.history["loss"], rtol=1e-6)
    np.testing.assert_allclose(val_loss, run.history["val_loss"], rtol=1e-6)
    with pytest.raises(ValueError, match="no scalar 'epoch_acc'.*'train', 'epoch_loss'"):
        tb.scalar_curve(scalars, "epoch_acc", "train")


def test_read_histograms_counts_every_weight(tensorboard_run):
    log_dir, run = tensorboard_run
    histograms = tb.read_histograms(log_dir)
    kernel = histograms[histograms["tag"].str.contains("hidden_1/kernel")]
    assert list(kernel["step"]) == [0, 2, 4]
    assert all(row.sum() == pytest.approx(2 * 8) for row in kernel["count"])  # a 2x8 kernel
    last = kernel.iloc[-1]
    W = run.model.get_layer("hidden_1").kernel.numpy()
    assert last["left"].min() == pytest.approx(W.min(), abs=1e-6) and last["right"].max() == pytest.approx(W.max(),
                                                                                                           abs=1e-6)
    lines = tb.plot_histogram_steps(histograms, kernel["tag"].iloc[0], run=kernel["run"].iloc[0])
    assert [line.get_label() for line in lines] == ["epoch 1", "epoch 3", "epoch 5"]  # every logged epoch, 1-based
    for line, (_, row) in zip(lines, kernel.iterrows()):
        width = row["right"] - row["left"]
        expected = row["count"] / (row["count"].sum() * width)
        np.testing.assert_allclose(line.get_ydata(), np.where(row["count"] > 0, expected, np.nan))


def test_histogram_density_makes_buckets_of_different_widths_comparable():
    rng = np.random.default_rng(0)
    values = rng.normal(size=20_000)
    densities = []
    for buckets in (10, 40):  # the same data cut into narrow or wide buckets
        count, edges = np.histogram(values, bins=buckets, range=(-4, 4))
        density = tb.histogram_density(edges[:-1], edges[1:], count)
        assert np.sum(density * np.diff(edges)) == pytest.approx(1.0)
        centre = np.searchsorted(edges, 0.0) - 1
        densities.append(density[centre])
    assert densities[0] == pytest.approx(densities[1], rel=0.1)  # raw counts would differ by 4x
    assert np.isnan(tb.histogram_density([1.0, 2.0], [1.0, 3.0], [3, 1])[0])  # zero-width bucket
    with pytest.raises(ValueError, match="equal length"):
        tb.histogram_density([0.0], [1.0, 2.0], [1, 1])
    with pytest.raises(ValueError, match="right >= left"):
        tb.histogram_density([1.0], [0.0], [1])


def test_reader_errors_name_the_problem(tmp_path):
    with pytest.raises(ValueError, match="not a folder"):
        tb.read_scalars(tmp_path / "missing")
    with pytest.raises(ValueError, match="no TensorBoard event files"):
        tb.read_scalars(tmp_path)


def test_validation_loss_callback_logs_keras_binary_crossentropy(split):
    # train_seeds logs val_loss through ValidationLoss (predict_on_batch + numpy): the same number Keras computes.
    X_train, X_val, y_train, y_val = split
    model = reg.build_classifier(hidden=(16,), seed=3)
    callback = keras_callbacks.ValidationLoss(X_val, y_val)
    callback.set_model(model)
    logs = {}
    callback.on_epoch_end(0, logs)
    p = model(X_val.astype("float32"), training=False)
    keras_loss = float(keras.ops.mean(keras.losses.binary_crossentropy(y_val.astype("float32")[:, None], p)))
    assert logs["val_loss"] == pytest.approx(keras_loss, abs=1e-6)
    assert reg.validation_loss(model, X_val, y_val) == pytest.approx(keras_loss, abs=1e-6)
    assert keras_callbacks.binary_crossentropy([1.0, 0.0], [1.0, 0.0]) == pytest.approx(1e-7, abs=1e-7)
