"""tf.contrib.rnn's AttentionCellWrapper, HighwayWrapper and CompiledWrapper against numpy
transcriptions of TF 1.15's equations (contrib/rnn/python/ops/rnn_cell.py; TF 2.x has no
contrib), run by `dynamic_rnn` and `static_rnn`.

Expected variables, read off that source: AttentionCellWrapper is a plain RNNCell, so its scope
is `attention_cell_wrapper`; `call` makes, in order, `_Linear([inputs, attns])` (`kernel`,
`bias`), the wrapped cell (its own scope inside), `attention/attn_w` `[1, 1, attn_size,
attn_vec_size]` and `attention/attn_v`, `_Linear(query)` in `attention/`, and
`_Linear([output, attns])` in `attn_output_projection/`. HighwayWrapper overrides `__call__`
and opens no scope: `carry_w`, `carry_b` (and `transform_w`, `transform_b`) land in the scope
current at the call, after the wrapped cell's variables.
"""
import numpy as np
import pytest

import minitf as tf
from tests.contrib.cell_harness import (check_rollout, names_and_shapes, run_with, sigmoid,
                                        step_gradient_error)
from tests.harness import session

rnn = tf.contrib.rnn
B, T = 3, 4
RNG = np.random.RandomState(23)


def _seq(depth):
    return RNG.standard_normal((B, T, depth))


def _lstm_step(p, x, state, scope):
    c, h = state
    i, j, f, o = np.split(np.concatenate([x, h], 1) @ p[f"{scope}/kernel"] + p[f"{scope}/bias"],
                          4, axis=1)
    c = sigmoid(f + 1.0) * c + sigmoid(i) * np.tanh(j)
    h = sigmoid(o) * np.tanh(c)
    return h, (c, h)


def _basic_rnn_step(p, x, h, scope):
    h = np.tanh(np.concatenate([x, h], 1) @ p[f"{scope}/kernel"] + p[f"{scope}/bias"])
    return h, h


def _gru_step(p, x, h, scope=""):
    r, u = np.split(sigmoid(np.concatenate([x, h], 1) @ p[f"{scope}gates/kernel"]
                            + p[f"{scope}gates/bias"]), 2, axis=1)
    c = np.tanh(np.concatenate([x, r * h], 1) @ p[f"{scope}candidate/kernel"]
                + p[f"{scope}candidate/bias"])
    h = u * h + (1 - u) * c
    return h, h


def _softmax(s):
    e = np.exp(s - s.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


def _attention_step(p, x, state, inner, inner_size, length, size, tuple_state):
    if tuple_state:
        cell_state, attns, window = state
    else:
        cell_state = state[:, :inner_size]
        attns = state[:, inner_size:inner_size + size]
        window = state[:, inner_size + size:]
    window = window.reshape(-1, length, size)
    x = np.concatenate([x, attns], 1) @ p["kernel"] + p["bias"]
    cell_output, cell_state = inner(p, x, cell_state)
    query = np.concatenate([np.asarray(s) for s in
                            (cell_state if isinstance(cell_state, tuple) else [cell_state])], 1)
    features = window @ p["attention/attn_w"][0, 0]
    y = query @ p["attention/kernel"] + p["attention/bias"]
    scores = np.sum(p["attention/attn_v"] * np.tanh(features + y[:, None, :]), axis=2)
    new_attns = np.sum(_softmax(scores)[:, :, None] * window, axis=1)
    output = (np.concatenate([cell_output, new_attns], 1) @ p["attn_output_projection/kernel"]
              + p["attn_output_projection/bias"])
    window = np.concatenate([window[:, 1:], output[:, None, :]], 1).reshape(-1, length * size)
    if tuple_state:
        return output, (cell_state, new_attns, window)
    return output, np.concatenate([cell_state, new_attns, window], 1)


ATTENTION_CASES = [
    # (inner cell, wrapper kwargs, state_is_tuple)
    ("lstm", {"attn_length": 3}, True),
    ("lstm", {"attn_length": 2, "attn_size": 3, "attn_vec_size": 2, "input_size": 6}, True),
    ("basic", {"attn_length": 3, "state_is_tuple": False}, False),
]


@pytest.mark.parametrize("inner,kwargs,tuple_state", ATTENTION_CASES)
def test_attention_cell_wrapper_variables_and_steps(inner, kwargs, tuple_state):
    depth, units = 2, 5
    length = kwargs["attn_length"]
    size = kwargs.get("attn_size", units)
    vec = kwargs.get("attn_vec_size", size)
    input_size = kwargs.get("input_size", depth)
    if inner == "lstm":
        def make_inner():
            return rnn.LSTMCell(units)

        def inner_step(p, x, s):
            return _lstm_step(p, x, s, "lstm_cell")
        inner_vars = [("lstm_cell/kernel", [input_size + units, 4 * units]),
                      ("lstm_cell/bias", [4 * units])]
        query = 2 * units
    else:
        def make_inner():
            return rnn.BasicRNNCell(units)

        def inner_step(p, x, s):
            return _basic_rnn_step(p, x, s, "basic_rnn_cell")
        inner_vars = [("basic_rnn_cell/kernel", [input_size + units, units]),
                      ("basic_rnn_cell/bias", [units])]
        query = units

    def make():
        return rnn.AttentionCellWrapper(make_inner(), **kwargs)

    cell = make()
    state_size = (make_inner().state_size, size, size * length)
    assert cell.state_size == (state_size if tuple_state else units + size + size * length)
    assert cell.output_size == size
    got = check_rollout(
        make, lambda p, x, s: _attention_step(p, x, s, inner_step, units, length, size,
                                              tuple_state),
        _seq(depth), "attention_cell_wrapper")
    want = ([("kernel", [depth + size, input_size]), ("bias", [input_size])] + inner_vars
            + [("attention/attn_w", [1, 1, size, vec]), ("attention/attn_v", [vec]),
               ("attention/kernel", [query, vec]), ("attention/bias", [vec]),
               ("attn_output_projection/kernel", [units + size, size]),
               ("attn_output_projection/bias", [size])])
    assert names_and_shapes(got) == [(f"dyn/rnn/attention_cell_wrapper/{n}:0", s)
                                     for n, s in want]


def test_attention_cell_wrapper_zero_state_and_errors():
    cell = rnn.AttentionCellWrapper(rnn.LSTMCell(4), 2)
    zero = cell.zero_state(B, tf.float32)
    assert isinstance(zero[0], rnn.LSTMStateTuple)
    assert [t.shape.as_list() for t in tf.nest.flatten(zero)] == [[B, 4], [B, 4], [B, 4],
                                                                  [B, 8]]
    assert zero[1].name.startswith("AttentionCellWrapperZeroState/")
    with pytest.raises(TypeError, match="The argument 'cell' .* is not an RNNCell"):
        rnn.AttentionCellWrapper("not a cell", 2)
    with pytest.raises(ValueError, match=r"Cell returns tuple of states, but the flag "
                                         r"state_is_tuple is not set. State size is: "
                                         r"LSTMStateTuple\(c=4, h=4\)"):
        rnn.AttentionCellWrapper(rnn.LSTMCell(4), 2, state_is_tuple=False)
    with pytest.raises(ValueError, match="attn_length should be greater than zero, got 0"):
        rnn.AttentionCellWrapper(rnn.GRUCell(4), 0)


# ---- HighwayWrapper, CompiledWrapper

def _highway_step(p, x, h, coupled):
    y, h = _gru_step(p, x, h, "gru_cell/")
    carry = sigmoid(x @ p["carry_w"] + p["carry_b"])
    transform = 1 - carry if coupled else sigmoid(x @ p["transform_w"] + p["transform_b"])
    return x * carry + y * transform, h


@pytest.mark.parametrize("coupled", [True, False])
def test_highway_wrapper_variables_and_steps(coupled):
    units = 3
    got = check_rollout(
        lambda: rnn.HighwayWrapper(rnn.GRUCell(units), couple_carry_transform_gates=coupled),
        lambda p, x, h: _highway_step(p, x, h, coupled), _seq(units), "")
    want = [("gru_cell/gates/kernel", [6, 6]), ("gru_cell/gates/bias", [6]),
            ("gru_cell/candidate/kernel", [6, 3]), ("gru_cell/candidate/bias", [3]),
            ("carry_w", [3, 3]), ("carry_b", [3])]
    if not coupled:
        want += [("transform_w", [3, 3]), ("transform_b", [3])]
    assert names_and_shapes(got) == [(f"dyn/rnn/{n}:0", s) for n, s in want]


def test_highway_wrapper_initial_biases_sizes_and_errors():
    cell = rnn.HighwayWrapper(rnn.GRUCell(3), couple_carry_transform_gates=False,
                              carry_bias_init=0.7)
    assert cell.state_size == 3 and cell.output_size == 3
    zero = cell.zero_state(B, tf.float32)
    assert zero.name.startswith("HighwayWrapperZeroState/GRUCellZeroState/")
    cell(tf.zeros([B, 3]), zero)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        got = {v.name: sess.run(v) for v in tf.global_variables()}
    np.testing.assert_allclose(got["carry_b:0"], np.full(3, 0.7), rtol=1e-7)
    np.testing.assert_allclose(got["transform_b:0"], np.full(3, -0.7), rtol=1e-7)
    with pytest.raises(ValueError, match=r"Shapes \(3, 2\) and \(3, 4\) are incompatible"):
        rnn.HighwayWrapper(rnn.GRUCell(4))(tf.zeros([B, 2]), tf.zeros([B, 4]))


def test_compiled_wrapper_runs_the_cell_unchanged():
    got = check_rollout(lambda: rnn.CompiledWrapper(rnn.GRUCell(4), compile_stateful=True),
                        lambda p, x, h: _gru_step(p, x, h, "gru_cell/"), _seq(2), "")
    assert [v.name for v in got] == ["dyn/rnn/gru_cell/gates/kernel:0",
                                     "dyn/rnn/gru_cell/gates/bias:0",
                                     "dyn/rnn/gru_cell/candidate/kernel:0",
                                     "dyn/rnn/gru_cell/candidate/bias:0"]
    cell = rnn.CompiledWrapper(rnn.GRUCell(4))
    assert cell.state_size == 4 and cell.output_size == 4
    assert cell.zero_state(B, tf.float32).name.startswith("CompiledWrapperZeroState/")


# ---- gradients of one step (float64 central differences)

@pytest.mark.parametrize("make,state", [
    (lambda: rnn.AttentionCellWrapper(rnn.LSTMCell(2), 2, attn_vec_size=3),
     ((2,), (2,), (2,), (4,))),
    (lambda: rnn.AttentionCellWrapper(rnn.BasicRNNCell(2), 2, state_is_tuple=False), (8,)),
    (lambda: rnn.HighwayWrapper(rnn.GRUCell(2), couple_carry_transform_gates=False), (2,)),
    (lambda: rnn.HighwayWrapper(rnn.BasicRNNCell(2)), (2,)),
])
def test_wrapper_step_gradients(make, state):
    x = RNG.standard_normal((2, 2))
    if isinstance(state[0], tuple):
        value = ((RNG.standard_normal((2,) + state[0]), RNG.standard_normal((2,) + state[1])),
                 RNG.standard_normal((2,) + state[2]), RNG.standard_normal((2,) + state[3]))
        value = (rnn.LSTMStateTuple(*value[0]),) + value[1:]
    else:
        value = RNG.standard_normal((2,) + state)
    assert step_gradient_error(make, x, value) < 1e-7


def test_attention_cell_wrapper_window_keeps_the_last_outputs():
    # After two steps with a window of 3, the window holds [initial, out_1, out_2].
    cell = rnn.AttentionCellWrapper(rnn.GRUCell(2), 3)
    x = tf.constant(RNG.standard_normal((B, 2, 2)))
    with tf.variable_scope("w", dtype=tf.float64):
        outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float64)
    out, (_, _, window) = run_with([outputs, state], {})
    window = window.reshape(B, 3, 2)
    np.testing.assert_array_equal(window[:, 0], np.zeros((B, 2)))
    np.testing.assert_allclose(window[:, 1:], out, rtol=1e-12)
