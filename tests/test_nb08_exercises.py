"""Notebook 08's exercises: typical mistakes get a message that says what is off."""

import numpy as np
import pytest

from helpers.convolution import conv2d
from helpers.exercises import architectures
from helpers.exercises.architectures import q1, q2, q3, q4, q5
from tests.exercise_harness import assert_incorrect, typical_mistakes_test

FLIPPED_LOOP = """def conv2d(image, kernel):
    kernel = kernel[::-1, ::-1]
    kh, kw = kernel.shape
    out = np.zeros((image.shape[0] - kh + 1, image.shape[1] - kw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(image[i:i + kh, j:j + kw] * kernel)
    return out"""

test_typical_mistakes_typed_in_the_notebook = typical_mistakes_test("08_architectures.ipynb", architectures, [
    ("q1", "out_size = 15\nparams = 336", "'valid' size"),
    ("q1", "out_size = (height - k) / stride + 1\nparams = 336", "unrounded"),
    ("q1", "out_size = height\nparams = 336", "size with stride 1"),
    ("q1", "out_size = 16\nparams = k * k * channels * filters", "also has a bias"),
    ("q1", "out_size = 16\nparams = (k * k + 1) * filters", "all 3 input channels"),
    ("q1", "out_size = 16\nparams = 16 * 16 * filters", "number of outputs"),
    ("q2", "h_t = x_t @ W + h_prev @ U + b", "apply the activation"),
    ("q2", "h_t = np.tanh(x_t @ W + b)", "left out the memory"),
    ("q2", "h_t = np.tanh(x_t @ W + U @ h_prev + b)", "h_prev @ U"),
    ("q3", 'best = "Dense"\nworst = "Conv1D"', "stays around 0.9"),
    ("q3", 'best = "GRU"\nworst = "Dense"', "only less well than the GRU"),
    ("q3", 'best = "LSTM"\nworst = "Conv1D"', "is not one of the options"),
    ("q4", FLIPPED_LOOP, "flipped the kernel"),
    ("q5", 'patient_records = "Dense"\nchest_xray = "Dense"\nproduct_reviews = "Conv1D"\n'
           'hourly_power_load = "RNN"\nmri_volume = "Conv3D"', "2-D convnet is the tool for images"),
    ("q5", 'patient_records = "Dense"\nchest_xray = "Conv2D"\nproduct_reviews = "RNN"\n'
           'hourly_power_load = "RNN"\nmri_volume = "Conv3D"', "prefers 1-D convnets for text"),
    ("q5", 'patient_records = "Dense"\nchest_xray = "Conv2D"\nproduct_reviews = "Conv1D"\n'
           'hourly_power_load = "RNN"\nmri_volume = "Conv2D"', "3-D convnet"),
])


def conv2d_flipped(image, kernel):
    return conv2d(image, np.asarray(kernel)[::-1, ::-1])


def _loop_conv(image, kernel):
    kh, kw = kernel.shape
    out = np.zeros((image.shape[0] - kh + 1, image.shape[1] - kw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(image[i:i + kh, j:j + kw] * kernel)
    return out


@pytest.mark.parametrize("function, text", [
    (conv2d_flipped, "flipped the kernel"),
    (lambda image, kernel: _loop_conv(image, np.ones_like(kernel)) * np.mean(kernel), "element-wise"),
    (lambda image, kernel: _loop_conv(image, kernel[:3, :3]) if kernel.shape == (3, 3) else np.zeros((1, 1)),
     "on a test input you have not seen"),
    (lambda image, kernel: conv2d(image, kernel, padding="same"), "shape"),
    (lambda image: image, "should take 2 arguments"),
])
def test_q4_typical_wrong_functions(function, text):
    assert_incorrect(q4.evaluate(function), text)


def test_q4_accepts_the_loop_and_the_vectorised_forms():
    assert q4.evaluate(_loop_conv).correct
    assert q4.evaluate(lambda image, kernel: conv2d(image, kernel)).correct


def test_q1_q2_right_answers_and_the_unrounded_size():
    assert q1.evaluate(16, 336).correct
    assert_incorrect(q1.evaluate(15.5, 336), "unrounded")
    x_t, h_prev = np.array([1.0, -2.0]), np.array([0.5, 0.0, -0.5])
    W = np.array([[0.2, -0.1, 0.4], [0.3, 0.5, -0.2]])
    U = np.array([[0.1, 0.0, 0.2], [-0.3, 0.4, 0.1], [0.2, 0.2, -0.1]])
    b = np.array([0.1, 0.0, -0.1])
    assert q2.evaluate(np.tanh(x_t @ W + h_prev @ U + b)).correct
    assert_incorrect(q2.evaluate(np.tanh(x_t @ W + h_prev @ U)), "add the bias")
    assert_incorrect(q2.evaluate(1 / (1 + np.exp(-(x_t @ W + h_prev @ U + b)))), "not the sigmoid")


def test_q3_and_q5_are_a_prediction_and_a_diagnosis_with_reasons():
    assert q3.kind == "predict" and q5.kind == "diagnose" and q4.kind == "function" and q1.kind == "formula"
    assert q3.evaluate("gru", " conv1d ").correct
    assert_incorrect(q3.evaluate("Conv1D", "GRU"), "forgets where")
    assert q5.evaluate("Dense", "Conv2D", "Conv1D", "RNN", "Conv3D").correct
    assert_incorrect(q5.evaluate("RNN", "Conv2D", "Conv1D", "RNN", "Conv3D"), "order is arbitrary")
    assert_incorrect(q5.evaluate("Dense", "Conv2D", "Conv1D", "Conv1D", "Conv3D"), "prefers RNNs")
