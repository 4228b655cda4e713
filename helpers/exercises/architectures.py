"""Exercises for notebook 08: a Conv2D layer's shape and size, a convolution as a function, one recurrent step,
a prediction on the order task, and which architecture fits which data."""

from __future__ import annotations

import numpy as np

from helpers.convolution import conv2d, conv_output_size
from helpers.exercises import Answer, Choice, ChoiceProblem, FunctionProblem, NumericProblem
from helpers.recurrence import rnn_step

# -- q1: a Conv2D layer's output size and parameter count ---------------------------------------------------

q1 = NumericProblem(
    "1. A Conv2D layer's output size and parameter count",
    setup=("height, width, channels = 32, 32, 3    # one colour image, channels last\n"
           "filters, k, stride = 12, 3, 2         # Conv2D(12, kernel_size=3, strides=2, padding=\"same\")"),
    answers=[
        Answer("out_size", lambda height, k, stride: conv_output_size(height, k, "same", stride), wrong_values=[
            (lambda height, k, stride: conv_output_size(height, k, "valid", stride),
             "floor((32 - 3) / 2) + 1 = 15 is the 'valid' size. 'same' pads the border with zeros so that the "
             "output has ceil(n / s) positions."),
            (lambda height, k, stride: (height - k) / stride + 1,
             "that is the 'valid' formula, unrounded. With 'same' padding the output has ceil(n / s) positions: "
             "a whole number."),
            (lambda height: height, "that is the size with stride 1; with stride 2 the kernel jumps 2 pixels: "
                                    "ceil(n / s)."),
            (lambda height, k: height - k + 1, "that is 'valid' padding with stride 1. Here the padding is 'same' "
                                               "and the stride 2: ceil(n / s)."),
        ]),
        Answer("params", lambda k, channels, filters: (k * k * channels + 1) * filters, wrong_values=[
            (lambda k, channels, filters: k * k * channels * filters,
             "close: each of the 12 filters also has a bias: (k * k * channels + 1) * filters."),
            (lambda k, filters: (k * k + 1) * filters,
             "each filter spans all 3 input channels: it has k * k * channels weights, plus a bias."),
            (lambda height, width, channels, filters: (height * width * channels + 1) * filters,
             "that is a Dense layer's count. A filter is only k x k x channels, shared across all positions."),
            (lambda height, k, stride, filters: conv_output_size(height, k, "same", stride) ** 2 * filters,
             "that is the number of outputs (16 x 16 x 12), not of weights. The weights are shared across positions."),
        ]),
    ],
    hints=["Output size with 'same' padding: ceil(n / s) with n = 32, s = 2 (the kernel size does not enter).",
           "Parameters: each filter has k x k x channels weights and one bias; there are `filters` of them. "
           "The image size does not enter."],
    solution="out_size = int(np.ceil(height / stride))\nparams = (k * k * channels + 1) * filters",
    correct_message=("the output is 16 x 16 x 12, from 336 parameters. A Dense layer from the same 3,072 inputs "
                     "to 16 x 16 x 12 = 3,072 outputs would need 9.4 million."),
)

# -- q2: one recurrent step --------------------------------------------------------------------------------

q2 = NumericProblem(
    "2. One step of a recurrent layer",
    setup=("x_t = np.array([1.0, -2.0])                  # the input at step t (2 features)\n"
           "h_prev = np.array([0.5, 0.0, -0.5])          # the state after step t - 1 (3 units)\n"
           "W = np.array([[0.2, -0.1, 0.4],\n"
           "              [0.3, 0.5, -0.2]])             # input weights, shape (2, 3)\n"
           "U = np.array([[0.1, 0.0, 0.2],\n"
           "              [-0.3, 0.4, 0.1],\n"
           "              [0.2, 0.2, -0.1]])             # recurrent weights, shape (3, 3)\n"
           "b = np.array([0.1, 0.0, -0.1])"),
    answers=[Answer("h_t", lambda x_t, h_prev, W, U, b: rnn_step(x_t, h_prev, W, U, b), wrong_values=[
        (lambda x_t, h_prev, W, U, b: x_t @ W + h_prev @ U + b,
         "apply the activation: SimpleRNN's state is tanh(x_t W + h_prev U + b)."),
        (lambda x_t, W, b: np.tanh(x_t @ W + b),
         "you left out the memory: add h_prev U, the previous state through the recurrent weights."),
        (lambda x_t, h_prev, W, U: np.tanh(x_t @ W + h_prev @ U), "add the bias b inside the tanh."),
        (lambda x_t, h_prev, W, U, b: np.tanh(x_t @ W + U @ h_prev + b),
         "U @ h_prev multiplies by U's transpose; Keras' convention is h_prev @ U (a row vector times the matrix)."),
        (lambda x_t, h_prev, W, U, b: 1 / (1 + np.exp(-(x_t @ W + h_prev @ U + b))),
         "SimpleRNN's default activation is tanh, not the sigmoid."),
    ])],
    hints=["h_t = tanh(x_t W + h_prev U + b): two matrix products, a bias, then tanh.",
           "x_t @ W has shape (3,), h_prev @ U has shape (3,): one number per unit."],
    solution="h_t = np.tanh(x_t @ W + h_prev @ U + b)",
    correct_message="that is exactly what keras.layers.SimpleRNN computes at every step, with the same W, U and b.",
)

# -- q3: which model wins on the order task -----------------------------------------------------------------

_ORDER_WHY = {
    "Dense": ("the Dense network sees every step at once, so it can learn the task, but it must learn each pair of "
              "times separately: the rule 'the first A before the first B' is spread over many weights, and with "
              "750 training sequences it stays around 0.9."),
    "Conv1D": ("a Conv1D with a short kernel and global pooling sees only 3 neighbouring steps at a time and then "
               "forgets where they were: it cannot tell which event came first when they are far apart."),
    "GRU": ("the GRU reads the sequence in order and carries a state: it only has to remember 'I have seen an A "
            "(or a B) already', and the first one fixes the answer."),
}

q3 = ChoiceProblem(
    "3. Predict the winner on an order-dependent sequence task",
    choices=[Choice("best", ["Dense", "Conv1D", "GRU"], "GRU", why=_ORDER_WHY),
             Choice("worst", ["Dense", "Conv1D", "GRU"], "Conv1D", why={
                 "Dense": "the Dense network sees every step at once; it learns the task, only less well than the GRU.",
                 "GRU": "the GRU carries a memory of what came first: it is the one that learns the task best.",
                 "Conv1D": _ORDER_WHY["Conv1D"]})],
    hints=["What must a model remember to answer 'did the first A come before the first B'?",
           "A Conv1D with kernel 3 and global max pooling reports whether a short pattern occurs, not when."],
    solution='best = "GRU"\nworst = "Conv1D"',
    correct_message="the next cell trains all three: watch the validation accuracy.",
    kind="predict",
)

# -- q4: a 2-D convolution as a function --------------------------------------------------------------------


def _conv2d_valid(image, kernel):
    return conv2d(image, kernel)


def _convolution_flipped(image, kernel):
    return conv2d(image, np.asarray(kernel)[::-1, ::-1])


def _conv_cases(rng):
    return [(rng.uniform(0, 1, size=shape), rng.normal(size=kshape))
            for shape, kshape in [((8, 8), (3, 3)), ((6, 9), (3, 3)), ((7, 5), (2, 3)), ((5, 5), (5, 5))]]


q4 = FunctionProblem(
    "4. A 2-D convolution as a function",
    function_name="conv2d",
    reference=_conv2d_valid,
    cases=_conv_cases,
    wrong_functions=[
        (_convolution_flipped, "you flipped the kernel (the textbook convolution). Keras' Conv2D, and this course, "
                               "slide the kernel as it is: out[i, j] = sum(image[i:i+kh, j:j+kw] * kernel)."),
        (lambda image, kernel: conv2d(image, np.ones_like(kernel)) * np.mean(kernel),
         "multiply each patch by the kernel element-wise, then sum: np.sum(patch * kernel)."),
    ],
    setup="image = np.arange(16.0).reshape(4, 4)\nkernel = np.array([[1.0, 0.0], [0.0, -1.0]])",
    hints=["The output has (h - kh + 1) rows and (w - kw + 1) columns ('valid' padding, stride 1).",
           "Loop over the output positions: out[i, j] = np.sum(image[i:i + kh, j:j + kw] * kernel). Take kh, kw "
           "from kernel.shape: the hidden tests use kernels that are not 3 x 3 and images that are not square."],
    solution=("def conv2d(image, kernel):\n"
              "    kh, kw = kernel.shape\n"
              "    out = np.zeros((image.shape[0] - kh + 1, image.shape[1] - kw + 1))\n"
              "    for i in range(out.shape[0]):\n"
              "        for j in range(out.shape[1]):\n"
              "            out[i, j] = np.sum(image[i:i + kh, j:j + kw] * kernel)\n"
              "    return out"),
    correct_message="your function agrees with Keras' Conv2D on images you had not seen (no padding, stride 1).",
)

# -- q5: which architecture for which data ------------------------------------------------------------------

_NETS = ["Dense", "Conv2D", "Conv1D", "RNN", "Conv3D"]
q5 = ChoiceProblem(
    "5. Match each kind of data to an architecture",
    choices=[
        Choice("patient_records", _NETS, "Dense", why={
            "Dense": "a table of measurements is a vector per patient: the columns have no neighbours and no order, "
                     "so Dense layers.",
            "Conv2D": "a row of a table is not an image: its columns have no spatial neighbours for a kernel to slide over.",
            "RNN": "the columns of a record are not a sequence: their order is arbitrary."}),
        Choice("chest_xray", _NETS, "Conv2D", why={
            "Conv2D": "an image: a 2-D convnet shares small filters across positions.",
            "Dense": "a Dense layer on the pixels ignores that neighbouring pixels belong together and needs a weight "
                     "per pixel per unit; a 2-D convnet is the tool for images."}),
        Choice("product_reviews", _NETS, "Conv1D", why={
            "Conv1D": "text: the lecture's table prefers 1-D convnets (RNNs also work).",
            "RNN": "an RNN works on text, but the lecture's table prefers 1-D convnets for text (and RNNs where the "
                   "order is strongly meaningful, as in time series)."}),
        Choice("hourly_power_load", _NETS, "RNN", why={
            "RNN": "a time series, where the order matters most: the lecture prefers RNNs (1-D convnets also work).",
            "Conv1D": "a 1-D convnet works on time series too, but the lecture's table prefers RNNs when the "
                      "order is strongly meaningful, as in a time series."}),
        Choice("mri_volume", _NETS, "Conv3D", why={
            "Conv3D": "a volume (height x width x depth): 3-D convnets.",
            "Conv2D": "an MRI scan is a stack of slices that belong together in depth too: a 3-D convnet slides its "
                      "kernel along all three axes."}),
    ],
    hints=["Ask of each: is it a vector, an image, a sequence (and does its order matter most), or a volume?",
           "The lecture's 'Network architectures' slide: text -> 1-D convnets preferred, time series -> RNNs preferred."],
    solution=('patient_records = "Dense"\nchest_xray = "Conv2D"\nproduct_reviews = "Conv1D"\n'
              'hourly_power_load = "RNN"\nmri_volume = "Conv3D"'),
    correct_message="that is the lecture's table. Section 6 links each row to the example in this notebook.",
    kind="diagnose",
)

__all__ = ["q1", "q2", "q3", "q4", "q5"]
