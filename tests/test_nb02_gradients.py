"""helpers.gradients on tiny Keras models whose gradients and dead units are known by hand."""

import numpy as np
import pytest

from helpers import gradients
from helpers.activations import ACTIVATIONS, sigmoid_prime


def _linear_chain(w=2.0, v=3.0):
    """x -> w x -> v (w x), no biases: two one-unit linear layers with known weights."""
    import keras

    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1, use_bias=False),
                              keras.layers.Dense(1, use_bias=False)])
    model.layers[0].set_weights([np.array([[w]])])
    model.layers[1].set_weights([np.array([[v]])])
    return model


def test_gradient_norms_of_a_linear_chain_match_the_chain_rule():
    # prediction p = v w x = 6 for x = 1, target 0, MSE L = p^2: dL/dp = 12,
    # dL/dv = 12 * (w x) = 24 and dL/dw = 12 * v * x = 36.
    norms = gradients.layer_gradient_norms(_linear_chain(), np.array([[1.0]]), np.array([0.0]), "mse")
    np.testing.assert_allclose(norms, [36.0, 24.0], rtol=1e-6)


def test_gradient_norms_average_over_the_batch_and_accept_a_loss_function():
    import keras

    X, y = np.array([[1.0], [2.0]]), np.array([[0.0], [0.0]])
    # p = v w x = 6 x and L = mean(p^2). dL/dw = mean(2 p v x): (2*6*3*1 + 2*12*3*2) / 2 = (36 + 144) / 2 = 90;
    # dL/dv = mean(2 p w x): (2*6*2*1 + 2*12*2*2) / 2 = (24 + 96) / 2 = 60.
    norms = gradients.layer_gradient_norms(_linear_chain(), X, y, keras.losses.mean_squared_error)
    np.testing.assert_allclose(norms, [90.0, 60.0], rtol=1e-6)


def test_gradient_norm_of_a_sigmoid_unit_is_its_derivative_times_the_input():
    import keras

    # one sigmoid unit, MSE against target 0: dL/dw = 2 sigma(z) sigma'(z) x with z = w x + b.
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1, activation="sigmoid")])
    model.layers[0].set_weights([np.array([[0.5]]), np.array([-1.0])])
    x = 3.0
    z = 0.5 * x - 1.0
    expected = 2 * (1 / (1 + np.exp(-z))) * sigmoid_prime(z) * x
    norms = gradients.layer_gradient_norms(model, np.array([[x]]), np.array([0.0]), "mse")
    np.testing.assert_allclose(norms, [expected], rtol=1e-5)


def test_gradient_norms_shrink_through_a_sigmoid_stack_but_not_a_relu_stack():
    import keras

    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(64, 2)), (rng.random(64) > 0.5).astype(float)

    def stack(activation):
        keras.utils.set_random_seed(0)
        hidden = [keras.layers.Dense(16, activation=activation) for _ in range(8)]
        return keras.Sequential([keras.Input(shape=(2,)), *hidden, keras.layers.Dense(1, activation="sigmoid")])

    sig = gradients.layer_gradient_norms(stack("sigmoid"), X, y, "binary_crossentropy")
    relu = gradients.layer_gradient_norms(stack("relu"), X, y, "binary_crossentropy")
    assert sig.shape == relu.shape == (9,)
    assert sig[0] / sig[7] < 0.25 ** 4  # at least the bound for 4 of the 7 layers in between
    assert relu[0] / relu[7] > 0.1


def test_gradient_norms_validate_their_inputs():
    import keras

    model = _linear_chain()
    with pytest.raises(ValueError, match="one target per example"):
        gradients.layer_gradient_norms(model, np.ones((3, 1)), np.ones(2), "mse")
    with pytest.raises(ValueError, match="Keras loss name"):
        gradients.layer_gradient_norms(model, np.ones((3, 1)), np.ones(3), 42)
    with pytest.raises(ValueError, match="non-empty batch"):
        gradients.layer_gradient_norms(model, np.ones(3), np.ones(3), "mse")
    with pytest.raises(ValueError, match="must be a Keras model"):
        gradients.layer_gradient_norms("model", np.ones((3, 1)), np.ones(3), "mse")
    unbuilt = keras.Sequential([keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="keras.Input"):
        gradients.layer_gradient_norms(unbuilt, np.ones((3, 1)), np.ones(3), "mse")


def _relu_layer_with_known_units():
    """Dense(3, relu) on 1 input: unit 0 is z = x (active for x > 0), unit 1 is z = -1 (always dead),
    unit 2 is z = x - 10 (dead on inputs below 10)."""
    import keras

    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(3, activation="relu", name="hidden"),
                              keras.layers.Dense(1)])
    model.layers[0].set_weights([np.array([[1.0, 0.0, 1.0]]), np.array([0.0, -1.0, -10.0])])
    return model


def test_relu_activity_and_dead_fraction_on_known_units():
    model = _relu_layer_with_known_units()
    X = np.array([[-1.0], [2.0], [3.0], [-4.0]])
    np.testing.assert_allclose(gradients.relu_layer_activity(model, X)["hidden"], [0.5, 0.0, 0.0])
    assert gradients.dead_unit_fractions(model, X) == {"hidden": pytest.approx(2 / 3)}
    # an input above 10 brings unit 2 to life; unit 1 stays dead whatever the data
    assert gradients.dead_unit_fractions(model, np.vstack([X, [[12.0]]])) == {"hidden": pytest.approx(1 / 3)}


def test_dead_units_report_every_relu_layer_and_only_those():
    import keras

    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(4, activation="relu", name="a"),
                              keras.layers.Dense(4, activation="tanh", name="b"),
                              keras.layers.Dense(5, activation="relu", name="c", bias_initializer="zeros",
                                                 kernel_initializer="zeros")])
    fractions = gradients.dead_unit_fractions(model, np.random.default_rng(0).normal(size=(50, 2)))
    assert list(fractions) == ["a", "c"]
    assert fractions["c"] == 1.0  # zero weights and bias: z = 0 everywhere, never > 0


def test_dead_units_validate_their_inputs():
    import keras

    no_relu = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(2, activation="tanh")])
    with pytest.raises(ValueError, match="no layer with activation='relu'"):
        gradients.dead_unit_fractions(no_relu, np.ones((4, 2)))
    with pytest.raises(ValueError, match="NaN or infinite"):
        gradients.dead_unit_fractions(_relu_layer_with_known_units(), np.array([[np.nan]]))
    with pytest.raises(ValueError, match="non-empty batch"):
        gradients.dead_unit_fractions(_relu_layer_with_known_units(), np.ones(3))
    with pytest.raises(ValueError, match="must be a Keras model"):
        gradients.dead_unit_fractions([1, 2], np.ones((2, 1)))


def test_a_diverged_layer_is_reported_not_raised_and_its_units_are_not_dead():
    diverged = _relu_layer_with_known_units()
    diverged.layers[0].set_weights([np.full((1, 3), np.nan), np.zeros(3)])
    X = np.array([[-1.0], [2.0]])
    assert np.isnan(gradients.relu_layer_activity(diverged, X)["hidden"]).all()
    fractions = gradients.dead_unit_fractions(diverged, X)
    assert fractions == {"hidden": 0.0}  # a NaN unit is diverged, not dead
    assert fractions.diverged == {"hidden": 1.0}
    assert fractions.has_diverged
    assert fractions.labels() == ["NaN"] and str(fractions) == "NaN"
    assert fractions.describe_divergence() == "every unit of hidden is now NaN"


def test_one_diverged_unit_is_counted_apart_from_the_dead_ones():
    model = _relu_layer_with_known_units()
    model.layers[0].set_weights([np.array([[1.0, 0.0, np.inf]]), np.array([0.0, -1.0, -10.0])])
    X = np.array([[-1.0], [2.0], [3.0], [-4.0]])  # unit 0 active on half, unit 1 dead, unit 2 infinite weight
    activity = gradients.relu_layer_activity(model, X)["hidden"]
    np.testing.assert_allclose(activity[:2], [0.5, 0.0])
    assert np.isnan(activity[2])
    fractions = gradients.dead_unit_fractions(model, X)
    assert fractions == {"hidden": pytest.approx(1 / 3)}
    assert fractions.diverged == {"hidden": pytest.approx(1 / 3)}
    assert fractions.labels() == ["33% + 33% NaN"]
    assert fractions.describe_divergence() == "1 of 3 units of hidden is now NaN"


def test_a_healthy_model_reports_no_divergence_and_prints_percentages():
    model = _relu_layer_with_known_units()
    fractions = gradients.dead_unit_fractions(model, np.array([[-1.0], [2.0]]))
    assert not fractions.has_diverged
    assert fractions.diverged == {"hidden": 0.0}
    assert str(fractions) == "67%" and fractions.describe_divergence() == ""
    assert "DeadUnits" in repr(fractions)


def test_training_outcome_says_how_a_run_ended():
    ok = {"loss": [0.6, 0.2], "accuracy": [0.7, 0.987]}
    assert gradients.training_outcome(ok) == "train accuracy 0.99"
    assert gradients.training_outcome({"loss": [0.6, 0.04512]}) == "train loss 0.0451"
    blown_up = {"loss": [0.7, 5.0, np.nan, np.nan], "accuracy": [0.6, 0.5, 0.5, 0.5]}
    assert gradients.training_outcome(blown_up) == "diverged: the loss became NaN at epoch 3"
    assert gradients.training_outcome({"loss": [0.7, np.inf]}) == "diverged: the loss became infinite at epoch 2"

    diverged = _relu_layer_with_known_units()
    diverged.layers[0].set_weights([np.full((1, 3), np.nan), np.zeros(3)])
    units = gradients.dead_unit_fractions(diverged, np.ones((2, 1)))
    assert gradients.training_outcome(blown_up, units) == (
        "diverged: the loss became NaN at epoch 3, every unit of hidden is now NaN")
    # NaN units with a finite loss history (e.g. the last step blew up) still count as diverged
    assert gradients.training_outcome(ok, units) == "diverged: every unit of hidden is now NaN"


def test_training_outcome_validates_its_inputs():
    with pytest.raises(ValueError, match="what model.fit returned"):
        gradients.training_outcome({"accuracy": [0.5]})
    with pytest.raises(ValueError, match="what model.fit returned"):
        gradients.training_outcome([0.1, 0.2])
    with pytest.raises(ValueError, match="result of dead_unit_fractions"):
        gradients.training_outcome({"loss": [0.1]}, {"hidden": 0.5})


def test_a_fit_that_diverges_is_described_in_words():
    import keras

    keras.utils.set_random_seed(0)
    X = np.random.default_rng(0).normal(size=(64, 2))
    y = 100 * X[:, :1] ** 3
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(8, activation="relu", name="hidden_1"),
                              keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(10.0), loss="mse")
    history = model.fit(X, y, epochs=5, batch_size=16, verbose=0)
    units = gradients.dead_unit_fractions(model, X)  # no exception
    outcome = gradients.training_outcome(history, units)
    assert units.has_diverged
    assert outcome.startswith("diverged: the loss became"), outcome
    assert "hidden_1" in outcome and "NaN" in outcome


def test_divergence_in_words_names_every_layer_that_is_all_nan():
    units = gradients.DeadUnits({"hidden_1": np.full(4, np.nan), "hidden_2": np.array([np.nan, 0.5, 0.0, 1.0]),
                                 "hidden_3": np.full(2, np.nan)})
    assert units.describe_divergence() == ("every unit of hidden_1 and hidden_3 is now NaN, "
                                           "1 of 4 units of hidden_2 is now NaN")
    assert units.labels() == ["NaN", "25% + 25% NaN", "NaN"]


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_central_difference_and_autodiff_match_the_analytic_derivative(name):
    a = ACTIVATIONS[name]
    z = np.array([-3.0, -0.7, 0.4, 2.5])
    np.testing.assert_allclose(gradients.central_difference(a.g, z), a.g_prime(z), atol=1e-8)
    np.testing.assert_allclose(gradients.autodiff_derivative(a.keras_name, z), a.g_prime(z), atol=1e-7)


def test_central_difference_is_second_order_and_validates():
    f = np.exp
    z = np.array([0.3])
    errors = [abs(gradients.central_difference(f, z, h)[0] - np.exp(0.3)) for h in (1e-2, 1e-3)]
    assert errors[0] / errors[1] == pytest.approx(100, rel=0.05)  # error ~ h^2
    with pytest.raises(ValueError, match="small and positive"):
        gradients.central_difference(f, z, h=0.0)
    with pytest.raises(ValueError, match="function of z"):
        gradients.central_difference(3.0, z)
    with pytest.raises(ValueError, match="Keras name"):
        gradients.autodiff_derivative(np.tanh, z)


def _notebook_derivatives():
    """The derivatives notebook 02 writes out in numpy (its cells that define ``*_prime``), run as written."""
    import json
    from pathlib import Path

    cells = json.loads((Path(__file__).resolve().parents[1] / "notebooks" / "02_activations.ipynb").read_text())["cells"]
    namespace = {"np": np}
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and "_prime(z" in source and "def " in source and "print(" in source:
            exec(compile(source, "<notebook 02>", "exec"), namespace)
    return {"sigmoid": namespace["sigmoid_prime"], "tanh": namespace["tanh_prime"], "relu": namespace["relu_prime"],
            "leaky_relu": namespace["leaky_relu_prime"], "softplus": namespace["softplus_prime"],
            "gelu": namespace["gelu_prime"]}


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_the_derivatives_the_notebook_writes_match_finite_differences_and_autodiff(name):
    """The notebook's own g' (its LaTeX table, written in numpy): away from the kink against central differences
    and tf.GradientTape; at z = 0 exactly against GradientTape (the left slope: 0 for ReLU, alpha for leaky ReLU)."""
    g_prime = _notebook_derivatives()[name]
    a = ACTIVATIONS[name]
    z = np.linspace(-6, 6, 241)
    z = z[np.abs(z) > 1e-3]
    np.testing.assert_allclose(g_prime(z), gradients.central_difference(a.g, z), atol=1e-8)
    np.testing.assert_allclose(g_prime(z), gradients.autodiff_derivative(a.keras_name, z), atol=1e-7)
    at_zero = np.array([0.0])
    np.testing.assert_allclose(g_prime(at_zero), gradients.autodiff_derivative(a.keras_name, at_zero), atol=1e-7)


def test_gelu_dips_to_about_minus_0_17_and_its_slope_peaks_at_about_1_13():
    """The notebook: 'its minimum is about -0.17, at z ~ -0.75', 'about 1.13 at z = sqrt 2'."""
    gelu = ACTIVATIONS["gelu"]
    z = np.linspace(-3, 3, 60001)
    assert gelu.g(z).min() == pytest.approx(-0.17, abs=0.005)
    assert z[np.argmin(gelu.g(z))] == pytest.approx(-0.75, abs=0.01)
    assert gelu.g_prime(z).max() == pytest.approx(1.13, abs=0.005)
    assert z[np.argmax(gelu.g_prime(z))] == pytest.approx(np.sqrt(2), abs=1e-3)


def test_glorot_weights_roughly_keep_the_size_of_a_backward_vector():
    """The notebook's bridge: a 32 x 32 Glorot-uniform W has entries of variance 1/32, so ||W^T v|| ~ ||v||."""
    import keras

    rng = np.random.default_rng(0)
    init = keras.initializers.GlorotUniform(seed=0)
    W = np.asarray(init((32, 32)))
    assert np.var(W) == pytest.approx(1 / 32, rel=0.2)
    v = rng.normal(size=(32, 200))
    ratios = np.linalg.norm(W.T @ v, axis=0) / np.linalg.norm(v, axis=0)
    assert 0.8 < ratios.mean() < 1.2
