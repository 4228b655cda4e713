"""Story tests for notebook 07: every stochastic claim its text makes, under 5 notebook seeds.

Each test rebuilds the notebook's demonstration with the notebook's own model-building functions (read
from the notebook's code cells: ``big_model``, ``dropout_model``, ...), the same helpers and settings (the
data drawn with the notebook's seed, 40 epochs, mini-batches of 10) for notebook seeds 0-4 and asserts
the claim as the text states it, in every seed. The notebook trains each technique with ``ctx.seeds(3)``;
here each notebook seed contributes its first run (data seed = training seed), trained by
``reg.train_seeds`` (the notebook trains that first run of the big model with its own ``model.fit``: the
same training, another shuffle), which tests every claim on five data sets and five initialisations.
"""

import ast
import json
from pathlib import Path

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from helpers import data  # noqa: E402
from helpers import regularization as reg  # noqa: E402
from helpers.widgets.regularization import regularization_grid  # noqa: E402

SEEDS = range(5)
EPOCHS, BATCH = 40, 10  # the notebook's settings
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "07_regularization.ipynb"


def notebook_definitions(*names):
    """The functions and classes ``names`` as the notebook's code cells define them, run in a fresh namespace."""
    namespace = {"np": np, "keras": keras}
    for cell in json.loads(NOTEBOOK.read_text())["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] != "code" or source.lstrip().startswith(("%", "# NBVAL_SKIP")):
            continue
        nodes = [node for node in ast.parse(source).body
                 if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in names]
        exec(compile(ast.Module(body=nodes, type_ignores=[]), str(NOTEBOOK), "exec"), namespace)
    missing = [name for name in names if name not in namespace]
    assert not missing, f"the notebook no longer defines {missing}"
    return namespace


BUILD = notebook_definitions("big_model", "dropout_model", "l2_model", "batch_norm_model", "noise_model",
                             "small_model", "WeightNorms")


def early_stopping():
    return [keras.callbacks.EarlyStopping(monitor="val_loss", patience=10, restore_best_weights=True)]


VARIANTS = {  # the notebook's table, in its order: (its model-building function, fresh callbacks per run)
    "big model": ("big_model", None),
    "dropout 0.5": ("dropout_model", None),
    "L2 1e-3": ("l2_model", None),
    "early stopping": ("big_model", early_stopping),
    "batch norm": ("batch_norm_model", None),
    "input noise 0.3": ("noise_model", None),
    "small model (8 units)": ("small_model", None),
}


def notebook_data(seed):
    """Section 1 of the notebook: 60 training and 240 validation points, standardised."""
    X, y = data.moons(n=300, noise=0.35, seed=seed)
    X_train, X_val, y_train, y_val = data.train_val_split(X, y, val_fraction=0.8, seed=seed)
    X_train, X_val, _ = data.standardize(X_train, X_val)
    return X_train, X_val, y_train, y_val


@pytest.fixture(scope="module")
def runs():
    """``runs[seed][technique]``: the notebook's run of each technique with that notebook seed."""
    result = {}
    for seed in SEEDS:
        X_train, X_val, y_train, y_val = notebook_data(seed)
        result[seed] = {name: reg.train_seeds(name, BUILD[build], X_train, y_train, X_val, y_val, seeds=[seed],
                                              epochs=EPOCHS, batch_size=BATCH, callbacks=callbacks)[0]
                        for name, (build, callbacks) in VARIANTS.items()}
    return result


def climb(run):
    """How much the validation loss of the model kept exceeds the lowest one seen."""
    return run.val_loss - run.best_val_loss


@pytest.mark.parametrize("seed", SEEDS)
def test_big_model_overfits_train_falls_validation_climbs_after_an_early_minimum(runs, seed):
    # Section 2: "the training loss keeps falling, while the validation loss reaches its lowest point
    # within the first epochs and then climbs".
    big = runs[seed]["big model"]
    assert big.best_epoch <= EPOCHS // 2
    assert big.history["loss"][-1] < 0.8 * big.history["loss"][big.best_epoch - 1]
    assert big.history["val_loss"][-1] > big.best_val_loss + 0.07
    assert big.history["val_loss"][-1] > 1.25 * big.best_val_loss


@pytest.mark.parametrize("seed", SEEDS)
def test_dropout_trains_higher_ends_below_the_big_model_and_climbs_less(runs, seed):
    # Section 3: "the training loss is higher ... after 40 epochs [the validation loss] is below the big
    # model's in every seed. It still climbs, though".
    big, dropout = runs[seed]["big model"], runs[seed]["dropout 0.5"]
    assert dropout.history["loss"][-1] > big.history["loss"][-1] + 0.05
    assert dropout.val_loss < big.val_loss - 0.03
    assert climb(dropout) < climb(big)


def test_dropout_does_not_reliably_stop_the_climb(runs):
    # Section 3: "How much it still climbs depends on the data and the seed: dropout slows overfitting, it does
    # not reliably switch it off" -- in some seed it still climbs clearly.
    assert max(climb(runs[seed]["dropout 0.5"]) for seed in SEEDS) > 0.1


@pytest.mark.parametrize("seed", SEEDS)
def test_l2_keeps_the_weights_about_three_times_smaller(runs, seed):
    # Section 4: "in every seed the penalty keeps the weights about three times smaller".
    ratio = reg.kernel_norm(runs[seed]["big model"].model) / reg.kernel_norm(runs[seed]["L2 1e-3"].model)
    assert 2.5 < ratio < 4


@pytest.mark.parametrize("seed", SEEDS)
def test_early_stopping_uses_part_of_the_budget_and_hands_back_the_best_epoch(runs, seed):
    # Section 5: "needed only part of the 40-epoch budget ... its validation loss is the lowest the run saw".
    early = runs[seed]["early stopping"]
    assert early.epochs_run <= 0.75 * EPOCHS
    assert early.val_loss == pytest.approx(early.best_val_loss, abs=1e-5)
    assert early.history["val_loss"][-1] > early.val_loss
    assert reg.early_stopping_epochs(early.history["val_loss"], 10) == (early.epochs_run, early.best_epoch)


@pytest.mark.parametrize("seed", SEEDS)
def test_batch_norm_does_not_speed_training_up(runs, seed):
    # Section 6: "Here batch norm does not speed training up ... Its training loss (green) stays higher ...
    # in every seed" (what it hands back is worded as this run's observation, "here": in other seeds of the
    # data it ends far below the big model).
    big, batch_norm = runs[seed]["big model"], runs[seed]["batch norm"]
    assert batch_norm.history["loss"][-1] > big.history["loss"][-1] + 0.05


@pytest.mark.parametrize("seed", SEEDS)
def test_input_noise_climbs_far_less_than_the_big_model(runs, seed):
    # Section 7: "in every seed we tried it climbs far less than the big model" (that it ends close to its
    # lowest is worded as "here": with notebook seed 4 it climbs by about 0.11, the big model by about 1.0).
    noisy, big = runs[seed]["input noise 0.3"], runs[seed]["big model"]
    assert climb(big) > 2 * climb(noisy) + 0.03


@pytest.mark.parametrize("seed", SEEDS)
def test_small_model_ends_near_its_best_with_curves_much_closer_than_the_big_model(runs, seed):
    # Section 8: "In every seed the two curves stay much closer together than the big model's and the
    # validation loss ends near its lowest" (that it is still falling at epoch 40 is worded as "here").
    small, big = runs[seed]["small model (8 units)"], runs[seed]["big model"]
    gap = abs(small.history["val_loss"][-1] - small.history["loss"][-1])
    assert gap < 0.5 * (big.history["val_loss"][-1] - big.history["loss"][-1])
    assert climb(small) < 0.08


@pytest.mark.parametrize("seed", SEEDS)
def test_the_big_model_climbs_most_of_all_techniques(runs, seed):
    # Section 9: "The unregularized big model climbs the most after its best epoch, in every seed ... and
    # it ends with the largest weights" (the best losses and the other climbs are worded as "here").
    by_name = runs[seed]
    others = [name for name in VARIANTS if name != "big model"]
    assert all(climb(by_name["big model"]) > climb(by_name[name]) + 0.02 for name in others)
    norms = {name: reg.kernel_norm(run.model) for name, run in by_name.items()}
    assert max(norms, key=norms.get) == "big model"


def test_groups_separated_by_spread_only_split_where_ranges_do_not_overlap():
    def fake(values):
        model = reg.build_classifier(hidden=(2,), seed=0)
        return [reg.RunResult("x", i, model, {"loss": [v], "val_loss": [v]}, v, 1) for i, v in enumerate(values)]

    runs = {"a": fake([0.20, 0.25]), "b": fake([0.24, 0.30]), "c": fake([0.40, 0.45]), "d": fake([0.31, 0.50])}
    assert reg.groups_separated_by_spread(runs, "val loss of the model kept") == [["a", "b"], ["d", "c"]]
    assert reg.groups_separated_by_spread({"a": fake([0.1]), "b": fake([0.2])}, "best val loss") == [["a"], ["b"]]
    with pytest.raises(ValueError, match="column must be one of"):
        reg.groups_separated_by_spread(runs, "accuracy")


@pytest.mark.parametrize("seed", SEEDS)
def test_callbacks_run_stops_early_lowers_the_learning_rate_and_the_norms_grow(seed, tmp_path):
    # Section 11: "Each drop of the learning rate follows 4 epochs without validation improvement [there is
    # at least one]. The kernel norms, hidden_2's above all, grow during training ... EarlyStopping ended
    # the run before the 40-epoch budget". The notebook's own fit, with its own WeightNorms callback.
    X_train, X_val, y_train, y_val = notebook_data(seed)
    weight_norms = BUILD["WeightNorms"]()
    callbacks = [keras.callbacks.EarlyStopping(monitor="val_loss", patience=10, restore_best_weights=True),
                 keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=4, min_lr=1e-4),
                 keras.callbacks.CSVLogger(tmp_path / "log.csv"), weight_norms]
    model = BUILD["big_model"](seed)
    history = model.fit(X_train, y_train, epochs=EPOCHS, batch_size=BATCH, validation_data=(X_val, y_val),
                        validation_batch_size=len(X_val), verbose=0, callbacks=callbacks)
    assert len(history.history["val_loss"]) < EPOCHS
    rates = np.loadtxt(tmp_path / "log.csv", delimiter=",", skiprows=1, usecols=1)
    assert rates[-1] < rates[0]
    growth = {name: norms[-1] - norms[0] for name, norms in weight_norms.norms.items()}
    assert all(value > 0 for value in growth.values())
    assert max(growth, key=growth.get) == "hidden_2"
    assert weight_norms.norms["hidden_2"][-1] > 1.1 * weight_norms.norms["hidden_2"][0]


@pytest.mark.parametrize("seed", SEEDS)
def test_big_model_fit_in_the_notebook_overfits_too(seed):
    # Section 2 trains the first seed with the notebook's own model.fit: the same story as the helper's runs.
    X_train, X_val, y_train, y_val = notebook_data(seed)
    history = BUILD["big_model"](seed).fit(X_train, y_train, epochs=EPOCHS, batch_size=BATCH,
                                           validation_data=(X_val, y_val), validation_batch_size=len(X_val),
                                           verbose=0).history
    best = int(np.argmin(history["val_loss"]))
    assert best + 1 <= EPOCHS // 2
    assert history["loss"][-1] < history["loss"][0]  # the training loss ends below where it started
    assert history["val_loss"][-1] > history["val_loss"][best] + 0.07


@pytest.mark.parametrize("seed", range(3))  # the data split is fixed (seed 7): only the initialisation varies
def test_capstone_reference_solution_passes_with_margin(seed):
    # Exercise 7: the reference solution beats the target test MSE with a margin on every seed (three: each
    # seed trains two models for 40 epochs, the slowest part of this file).
    from helpers.exercises import regularization as ex

    keras.utils.set_random_seed(seed)
    namespace = {"np": np}
    exec(ex.q7.setup + "\n" + ex.q7.solution_code, namespace)
    assert ex.q7.evaluate(namespace["baseline_mse"], namespace["model"], namespace["test_mse"]).correct
    assert namespace["test_mse"] < 0.6 * ex.CAPSTONE_TEST_MSE
    val_mse = namespace["model"].evaluate(namespace["X_val"], namespace["y_val"], verbose=0)
    assert namespace["test_mse"] > 0.6 * val_mse  # far from the check's "trained on the test cars?" limit (0.45)


@pytest.fixture(scope="module")
def grids():
    """Section 10's explorer grid (numpy engine) for every notebook seed."""
    result = {}
    for seed in SEEDS:
        X_train, X_val, y_train, y_val = notebook_data(seed)
        result[seed] = regularization_grid(X_train, y_train, X_val, y_val, hidden=(64, 64), epochs=EPOCHS,
                                           batch_size=BATCH, seed=seed)
    return result


@pytest.mark.parametrize("seed", SEEDS)
def test_explorer_stories(grids, seed):
    # Section 10: "with no regularization the validation curve turns up and keeps climbing; raise L2 step
    # by step and watch the weight norm drop; at 1e-2 the validation curve no longer climbs and the gap
    # between the curves is smaller than without the penalty. Dropout 0.5 alone slows the climb."
    grid = grids[seed]
    val, train = grid.val_loss, grid.train_loss
    grid_climb = val[..., -1] - val.min(axis=-1)
    none, strong_l2 = grid.index(0.0, 0.0), grid.index(0.0, 1e-2)
    assert grid_climb[none] > 0.08
    assert np.all(np.diff(grid.kernel_norm[none[0]]) < 0)
    assert grid_climb[strong_l2] < 0.05
    gap = val[..., -1] - train[..., -1]
    assert gap[strong_l2] < gap[none]
    assert grid_climb[grid.index(0.5, 0.0)] < grid_climb[none]
