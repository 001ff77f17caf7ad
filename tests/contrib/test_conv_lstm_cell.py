"""tf.contrib.rnn's ConvLSTMCell, Conv1DLSTMCell and Conv2DLSTMCell against a numpy
transcription of TF 1.15's equations (contrib/rnn/python/ops/rnn_cell.py; TF 2.x has no contrib)
with a brute-force SAME convolution, run by `dynamic_rnn` and `static_rnn`.

Expected variables, read off that source: the cells are plain RNNCells named
`conv_lstm_cell`/`conv_1d_lstm_cell`/`conv_2d_lstm_cell`; `_conv` makes `kernel`
`kernel_shape + [in_channels + output_channels, 4·output_channels]` and, with `use_bias`,
`biases` `[4·output_channels]` (zeros).
"""
import numpy as np
import pytest

import minitf as tf
from tests.contrib.cell_harness import (check_rollout, names_and_shapes, run_with, sigmoid,
                                        step_gradient_error)
from tests.harness import session

rnn = tf.contrib.rnn
B, T = 2, 3
RNG = np.random.RandomState(31)


def _same_conv(x, kernel):
    """Stride-1 SAME correlation of `x` `[batch, *spatial, in]` with `kernel`
    `[*k, in, out]`, element by element."""
    spatial = x.shape[1:-1]
    ks = kernel.shape[:-2]
    pads = [((k - 1) // 2, k - 1 - (k - 1) // 2) for k in ks]
    xp = np.pad(x, [(0, 0)] + pads + [(0, 0)])
    out = np.zeros(x.shape[:1] + spatial + kernel.shape[-1:])
    for pos in np.ndindex(*spatial):
        for off in np.ndindex(*ks):
            idx = tuple(p + o for p, o in zip(pos, off))
            out[(slice(None),) + pos] += xp[(slice(None),) + idx] @ kernel[off]
    return out


def _conv_lstm_step(p, x, state, use_bias=True, skip=False, forget_bias=1.0):
    c, h = state
    z = _same_conv(np.concatenate([x, h], -1), p["kernel"])
    if use_bias:
        z = z + p["biases"]
    i, j, f, o = np.split(z, 4, axis=-1)
    c = sigmoid(f + forget_bias) * c + sigmoid(i) * np.tanh(j)
    out = np.tanh(c) * sigmoid(o)
    if skip:
        out = np.concatenate([out, x], -1)
    return out, (c, out)


CASES = {
    "1d": (lambda **kw: rnn.Conv1DLSTMCell(input_shape=[5, 2], output_channels=3,
                                           kernel_shape=[3], **kw),
           "conv_1d_lstm_cell", (5, 2), [3]),
    "2d": (lambda **kw: rnn.Conv2DLSTMCell(input_shape=[4, 3, 2], output_channels=3,
                                           kernel_shape=[3, 2], **kw),
           "conv_2d_lstm_cell", (4, 3, 2), [3, 2]),
    "generic_2d": (lambda **kw: rnn.ConvLSTMCell(2, [4, 3, 2], 3, [1, 3], **kw),
                   "conv_lstm_cell", (4, 3, 2), [1, 3]),
    "3d": (lambda **kw: rnn.Conv3DLSTMCell(input_shape=[3, 2, 2, 2], output_channels=3,
                                           kernel_shape=[2, 1, 3], **kw),
           "conv_3d_lstm_cell", (3, 2, 2, 2), [2, 1, 3]),
}


@pytest.mark.parametrize("key,kwargs", [("1d", {}), ("2d", {}), ("generic_2d", {}), ("3d", {}),
                                        ("1d", {"use_bias": False, "forget_bias": 0.0}),
                                        ("2d", {"forget_bias": 2.0})])
def test_conv_lstm_cells_variables_and_steps(key, kwargs):
    make, scope, shape, kernel_shape = CASES[key]
    cell = make(**kwargs)
    state_shape = tf.TensorShape(list(shape[:-1]) + [3])
    assert cell.state_size == rnn.LSTMStateTuple(state_shape, state_shape)
    assert cell.output_size == state_shape
    x = RNG.standard_normal((B, T) + shape)
    got = check_rollout(lambda: make(**kwargs),
                        lambda p, xt, s: _conv_lstm_step(p, xt, s, kwargs.get("use_bias", True),
                                                         False, kwargs.get("forget_bias", 1.0)),
                        x, scope)
    want = [("kernel", kernel_shape + [2 + 3, 12])]
    if kwargs.get("use_bias", True):
        want.append(("biases", [12]))
    assert names_and_shapes(got) == [(f"dyn/rnn/{scope}/{n}:0", s) for n, s in want]


def test_conv_lstm_cell_zero_state_bias_and_skip_connection():
    cell = rnn.Conv1DLSTMCell(input_shape=[5, 2], output_channels=3, kernel_shape=[3],
                              skip_connection=True)
    assert cell.output_size == tf.TensorShape([5, 5])
    zero = cell.zero_state(B, tf.float64)
    assert [t.shape.as_list() for t in zero] == [[B, 5, 3], [B, 5, 3]]
    assert zero.c.name.startswith("Conv1DLSTMCellZeroState/")
    x = RNG.standard_normal((B, 5, 2))
    with tf.variable_scope("skip", dtype=tf.float64):
        out, state = cell(tf.constant(x), zero)
    assert out.shape.as_list() == [B, 5, 5] and state.h is out
    variables = tf.global_variables()
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(variables[1]), np.zeros(12))
    values = {v: RNG.standard_normal(v.shape.as_list()) for v in variables}
    params = {v.name.split("/")[-1][:-2]: val for v, val in values.items()}
    want_out, (want_c, _) = _conv_lstm_step(params, x, (np.zeros((B, 5, 3)),) * 2, skip=True)
    got_out, got_c = run_with([out, state.c], values)
    np.testing.assert_allclose(got_out, want_out, rtol=1e-10)
    np.testing.assert_allclose(got_c, want_c, rtol=1e-10)


def test_conv_lstm_cell_errors():
    with pytest.raises(ValueError, match=r"Invalid input_shape \[5, 2\] for conv_ndims=2."):
        rnn.ConvLSTMCell(2, [5, 2], 3, [3])
    with pytest.raises(ValueError, match=r"Invalid input_shape \[2, 2, 1\] for conv_ndims=3."):
        rnn.Conv3DLSTMCell(input_shape=[2, 2, 1], output_channels=2, kernel_shape=[1, 1, 1])


@pytest.mark.parametrize("key", ["1d", "2d"])
def test_conv_lstm_cell_step_gradients(key):
    make, _, shape, _ = CASES[key]
    x = RNG.standard_normal((1,) + shape)
    state = rnn.LSTMStateTuple(*(RNG.standard_normal((1,) + shape[:-1] + (3,))
                                 for _ in range(2)))
    assert step_gradient_error(make, x, state) < 1e-7
