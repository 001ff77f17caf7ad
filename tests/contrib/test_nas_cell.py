"""tf.contrib.rnn.NASCell against a numpy transcription of TF 1.15's equations (contrib's
rnn_cell.py; TF 2.x has no contrib, so no golden record exists), with its variable names,
shapes, projection and bias options."""
import numpy as np
import pytest

import minitf as tf

RNG = np.random.RandomState(11)


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _nas_step(x, c, m, kernel, recurrent, bias=None, projection=None):
    """One NAS step as TF 1.15 computes it."""
    mm = m @ recurrent
    if bias is not None:
        mm = mm + bias
    xs, ms = np.split(x @ kernel, 8, axis=1), np.split(mm, 8, axis=1)
    l1 = [_sigmoid(xs[0] + ms[0]), np.maximum(xs[1] + ms[1], 0), _sigmoid(xs[2] + ms[2]),
          np.maximum(xs[3] * ms[3], 0), np.tanh(xs[4] + ms[4]), _sigmoid(xs[5] + ms[5]),
          np.tanh(xs[6] + ms[6]), _sigmoid(xs[7] + ms[7])]
    l2_0 = np.tanh(np.tanh(l1[0] * l1[1]) + c)
    l2_1 = np.tanh(l1[2] + l1[3])
    l2_2 = np.tanh(l1[4] * l1[5])
    l2_3 = _sigmoid(l1[6] + l1[7])
    new_c = l2_0 * l2_1
    new_m = np.tanh(new_c * np.tanh(l2_2 + l2_3))
    if projection is not None:
        new_m = new_m @ projection
    return new_m, new_c


@pytest.mark.parametrize("num_proj, use_bias", [(None, False), (3, True)])
def test_nas_cell_matches_tf_equations_over_steps(num_proj, use_bias):
    units, batch, size, steps = 4, 2, 5, 3
    cell = tf.contrib.rnn.NASCell(units, num_proj=num_proj, use_bias=use_bias)
    out = num_proj or units
    assert cell.state_size == (units, out) and cell.output_size == out
    xs = [tf.constant(RNG.standard_normal((batch, size))) for _ in range(steps)]
    outputs, state = tf.nn.static_rnn(cell, xs, dtype=tf.float64)
    names = [v.name for v in tf.trainable_variables()]
    want = ["rnn/nas_cell/recurrent_kernel:0", "rnn/nas_cell/kernel:0"] + \
        (["rnn/nas_cell/bias:0"] if use_bias else []) + \
        (["rnn/nas_cell/projection_weights:0"] if num_proj else [])
    assert names == want
    shapes = [v.shape.as_list() for v in tf.trainable_variables()]
    assert shapes[:2] == [[out, 8 * units], [size, 8 * units]]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        values = dict(zip(names, sess.run(tf.trainable_variables())))
        if use_bias:  # zeros by default: give it values that matter
            sess.run(tf.trainable_variables()[2].assign(RNG.standard_normal(8 * units)))
            values["rnn/nas_cell/bias:0"] = sess.run(tf.trainable_variables()[2])
        got_out, got_state, x_values = sess.run([outputs, state, xs])
    c, m = np.zeros((batch, units)), np.zeros((batch, out))
    for x, got in zip(x_values, got_out):
        m, c = _nas_step(x, c, m, values["rnn/nas_cell/kernel:0"],
                         values["rnn/nas_cell/recurrent_kernel:0"],
                         values.get("rnn/nas_cell/bias:0"),
                         values.get("rnn/nas_cell/projection_weights:0"))
        np.testing.assert_allclose(got, m, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(got_state.c, c, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(got_state.h, m, rtol=1e-10, atol=1e-12)


def test_nas_cell_needs_a_known_input_size():
    cell = tf.contrib.rnn.NASCell(3)
    x = tf.placeholder(tf.float32, [2, None])
    with pytest.raises(ValueError, match="Could not infer input size"):
        cell(x, cell.zero_state(2, tf.float32))
