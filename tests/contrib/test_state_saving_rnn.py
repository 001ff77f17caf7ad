"""tf.contrib.rnn.static_state_saving_rnn (TF 1.15's python/ops/rnn.py): static_rnn from a
state saver's state, saving the final state back before the last output and the state are
read. Checked with a saver that keeps the state in variables, against numpy rollouts over two
consecutive runs; the numbers were also compared by hand with TF 2.21's
tf.compat.v1.nn.static_state_saving_rnn on the same weights."""
import numpy as np
import pytest

import minitf as tf
from tests.contrib.cell_harness import random_values, sigmoid
from tests.harness import session

rnn = tf.contrib.rnn
T, B, D, H = 3, 2, 3, 4
RNG = np.random.RandomState(41)
X = RNG.standard_normal((B, T, D))


class _VariableStateSaver:
    """Keeps each named state in a float64 variable: `state` reads it, `save_state` assigns."""

    def __init__(self, names):
        self.variables = {name: tf.Variable(np.zeros((B, H)), name=f"saved_{name}")
                          for name in names}
        self.saves = []

    def state(self, name):
        return tf.identity(self.variables[name])

    def save_state(self, name, value):
        op = tf.assign(self.variables[name], value)
        self.saves.append(op)
        return op


def _steps():
    return [tf.constant(X[:, t]) for t in range(T)]


def _run_twice(outputs, state, cell_vars):
    values = random_values(cell_vars)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run([tf.assign(v, val) for v, val in values.items()])
        first = sess.run([outputs, state])
        second = sess.run([outputs, state])
    return values, first, second


def test_static_state_saving_rnn_with_a_tuple_state():
    saver = _VariableStateSaver(["c", "h"])
    with tf.variable_scope("m", dtype=tf.float64):
        outputs, state = rnn.static_state_saving_rnn(rnn.LSTMCell(H), _steps(), saver,
                                                     ("c", "h"))
    assert isinstance(state, rnn.LSTMStateTuple)
    last = outputs[-1]
    assert last.op.type == "Identity" and outputs[0].op.type != "Identity"
    assert set(last.op.control_inputs) == {op.op for op in saver.saves}
    assert set(state.c.op.control_inputs) == {op.op for op in saver.saves}
    cell_vars = [v for v in tf.global_variables() if v.name.startswith("m/rnn/lstm_cell/")]
    values, first, second = _run_twice(outputs, state, cell_vars)
    kernel, bias = values.values()
    c = h = np.zeros((B, H))
    for got_outputs, got_state in (first, second):
        for t in range(T):
            i, j, f, o = np.split(np.concatenate([X[:, t], h], 1) @ kernel + bias, 4, axis=1)
            c = sigmoid(f + 1.0) * c + sigmoid(i) * np.tanh(j)
            h = sigmoid(o) * np.tanh(c)
            np.testing.assert_allclose(got_outputs[t], h, rtol=1e-10)
        np.testing.assert_allclose(got_state.c, c, rtol=1e-10)
        np.testing.assert_allclose(got_state.h, h, rtol=1e-10)


def test_static_state_saving_rnn_with_one_state_and_sequence_lengths():
    saver = _VariableStateSaver(["h"])
    with tf.variable_scope("m", dtype=tf.float64):
        outputs, state = rnn.static_state_saving_rnn(rnn.BasicRNNCell(H), _steps(), saver, "h",
                                                     sequence_length=[3, 1], scope="run")
    cell_vars = [v for v in tf.global_variables() if v.name.startswith("m/run/")]
    assert [v.name for v in cell_vars] == ["m/run/basic_rnn_cell/kernel:0",
                                           "m/run/basic_rnn_cell/bias:0"]
    values, first, second = _run_twice(outputs, state, cell_vars)
    kernel, bias = values.values()
    h = np.zeros((B, H))
    for got_outputs, got_state in (first, second):
        for t in range(T):
            new_h = np.tanh(np.concatenate([X[:, t], h], 1) @ kernel + bias)
            live = np.array([t < 3, t < 1])[:, None]
            h = np.where(live, new_h, h)
            np.testing.assert_allclose(got_outputs[t], np.where(live, new_h, 0), rtol=1e-10)
        np.testing.assert_allclose(got_state, h, rtol=1e-10)


def test_static_state_saving_rnn_errors():
    saver = _VariableStateSaver(["c", "h"])
    with pytest.raises(ValueError, match=r"state_name should be the same type as "
                                         r"cell.state_size.  state_name: c, cell.state_size: "
                                         r"LSTMStateTuple\(c=4, h=4\)"):
        rnn.static_state_saving_rnn(rnn.LSTMCell(H), _steps(), saver, "c")
    with pytest.raises(ValueError, match=r"#elems\(state_name\) != #elems\(state_size\): "
                                         r"1 vs. 2"):
        rnn.static_state_saving_rnn(rnn.LSTMCell(H), _steps(), saver, ("c",))
    with pytest.raises(ValueError, match="state_name should be the same type"):
        rnn.static_state_saving_rnn(rnn.GRUCell(H), _steps(), saver, ("h",))
