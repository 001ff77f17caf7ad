"""tf.contrib.rnn's fused cells: LSTMBlockFusedCell (and its base LSTMBlockWrapper),
FusedRNNCellAdaptor, TimeReversedFusedRNN, FusedRNNCell, plus the re-exported RNN utilities
`best_effort_input_batch_size` and `transpose_batch_time`.

TF 2.x has no tf.contrib, so LSTMBlockFusedCell is checked against a numpy transcription of the
BlockLSTM kernel's equations (the LSTMBlockCell step over time, TF 1.15's lstm_ops.py) and of
LSTMBlockWrapper's masking and final-state gathering. Its variables, read off that source, are
made by `build` with `add_variable` in the layer's scope, the layer named `lstm_fused_cell`:
`kernel` `[depth + n, 4n]`, `bias` `[4n]` (zeros), `w_i_diag`, `w_f_diag`, `w_o_diag` `[n]`.
"""
import numpy as np
import pytest

import minitf as tf
from tests.contrib.cell_harness import names_and_shapes, random_values, run_with, sigmoid
from tests.harness import session

rnn = tf.contrib.rnn
T, B, D, H = 4, 3, 2, 5
RNG = np.random.RandomState(37)
X = RNG.standard_normal((T, B, D))


def _block_lstm(params, x, c, h, forget_bias=1.0, clip=None, peep=False):
    """All steps of the BlockLSTM kernel: cell states and outputs, `[time, batch, n]`."""
    cs, hs = [], []
    for t in range(x.shape[0]):
        i, j, f, o = np.split(np.concatenate([x[t], h], 1) @ params["kernel"] + params["bias"],
                              4, axis=1)
        f = f + forget_bias
        if peep:
            i, f = i + c * params["w_i_diag"], f + c * params["w_f_diag"]
        c = sigmoid(i) * np.tanh(j) + sigmoid(f) * c
        if clip is not None:
            c = np.clip(c, -clip, clip)
        if peep:
            o = o + c * params["w_o_diag"]
        h = np.tanh(c) * sigmoid(o)
        cs.append(c)
        hs.append(h)
    return np.stack(cs), np.stack(hs)


def _params(values, prefix="lstm_fused_cell/"):
    return {v.name[len(prefix):-2]: val for v, val in values.items()}


@pytest.mark.parametrize("kwargs", [{}, {"forget_bias": 0.2, "cell_clip": 0.5},
                                    {"use_peephole": True, "cell_clip": 0.3}])
def test_lstm_block_fused_cell_variables_and_values(kwargs):
    cell = rnn.LSTMBlockFusedCell(H, **kwargs)
    assert cell.num_units == H
    outputs, state = cell(tf.constant(X), dtype=tf.float64)
    assert isinstance(state, rnn.LSTMStateTuple)
    assert outputs.shape.as_list() == [T, B, H] and state.c.shape.as_list() == [B, H]
    peep = kwargs.get("use_peephole", False)
    assert names_and_shapes(tf.global_variables()) == [
        ("lstm_fused_cell/kernel:0", [D + H, 4 * H]), ("lstm_fused_cell/bias:0", [4 * H])] + (
        [(f"lstm_fused_cell/w_{g}_diag:0", [H]) for g in "ifo"] if peep else [])
    assert all(v.dtype == tf.float64_ref for v in tf.global_variables())
    values = random_values(tf.global_variables())
    got_out, got_state = run_with([outputs, state], values)
    zero = np.zeros((B, H))
    cs, hs = _block_lstm(_params(values), X, zero, zero, kwargs.get("forget_bias", 1.0),
                         kwargs.get("cell_clip"), peep)
    np.testing.assert_allclose(got_out, hs, rtol=1e-10)
    np.testing.assert_allclose(got_state.c, cs[-1], rtol=1e-10)
    np.testing.assert_allclose(got_state.h, hs[-1], rtol=1e-10)


def test_lstm_block_fused_cell_sequence_lengths_and_initial_state():
    lengths = np.array([2, 0, 4])
    c0, h0 = RNG.standard_normal((B, H)), RNG.standard_normal((B, H))
    x = tf.placeholder(tf.float64, [None, None, D])
    outputs, state = rnn.LSTMBlockFusedCell(H, use_peephole=True)(
        x, initial_state=(tf.constant(c0), tf.constant(h0)), sequence_length=lengths.tolist())
    values = random_values(tf.global_variables())
    got_out, got_state = run_with([outputs, state], values, {x: X})
    cs, hs = _block_lstm(_params(values), X, c0, h0, peep=True)
    mask = (np.arange(T)[:, None] < lengths[None, :])[:, :, None]
    np.testing.assert_allclose(got_out, hs * mask, rtol=1e-10)
    all_c, all_h = np.concatenate([c0[None], cs]), np.concatenate([h0[None], hs * mask])
    np.testing.assert_allclose(got_state.c, all_c[lengths, np.arange(B)], rtol=1e-10)
    np.testing.assert_allclose(got_state.h, all_h[lengths, np.arange(B)], rtol=1e-10)


def test_lstm_block_fused_cell_shares_lstm_block_cell_numbers_and_layer_names():
    with tf.variable_scope("fused"):
        fused_out, _ = rnn.LSTMBlockFusedCell(H)(tf.constant(X), dtype=tf.float64)
    with tf.variable_scope("block", dtype=tf.float64):
        block_out, _ = tf.nn.dynamic_rnn(rnn.LSTMBlockCell(H), tf.constant(X),
                                         dtype=tf.float64, time_major=True)
    fused_vars, block_vars = tf.global_variables()[:2], tf.global_variables()[2:]
    assert [v.name for v in fused_vars] == ["fused/lstm_fused_cell/kernel:0",
                                            "fused/lstm_fused_cell/bias:0"]
    values = random_values(fused_vars)
    values.update({b: values[f] for f, b in zip(fused_vars, block_vars)})
    got_fused, got_block = run_with([fused_out, block_out], values)
    np.testing.assert_allclose(got_fused, got_block, rtol=1e-12)
    second = rnn.LSTMBlockFusedCell(H, dtype=tf.float32)
    second(tf.zeros([T, B, D]), dtype=tf.float32)
    named = rnn.LSTMBlockFusedCell(H, name="lstm_cell")
    named(tf.zeros([T, B, D]), dtype=tf.float32)
    assert [v.name for v in tf.global_variables()[4:]] == [
        "lstm_fused_cell/kernel:0", "lstm_fused_cell/bias:0", "lstm_cell/kernel:0",
        "lstm_cell/bias:0"]
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(tf.global_variables()[5]), np.zeros(4 * H))


def test_lstm_block_fused_cell_errors():
    cell = rnn.LSTMBlockFusedCell(H)
    with pytest.raises(ValueError, match="Either initial_state or dtype needs to be "
                                         "specified"):
        cell(tf.zeros([T, B, D]))
    with pytest.raises(ValueError, match="Expecting initial_state to be a tuple with length 2 "
                                         "or None"):
        rnn.LSTMBlockFusedCell(H)(tf.zeros([T, B, D]), initial_state=(tf.zeros([B, H]),) * 3)
    with pytest.raises(ValueError, match="expected ndim=3, found ndim=2"):
        rnn.LSTMBlockFusedCell(H)(tf.zeros([B, D]), dtype=tf.float32)
    # TF's layer checks its one input spec against each step of a list.
    with pytest.raises(ValueError, match="Layer lstm_fused_cell expects 1 inputs, but it "
                                         "received 4 input tensors"):
        rnn.LSTMBlockFusedCell(H)(tf.unstack(tf.zeros([T, B, D])), dtype=tf.float32)
    with pytest.raises(TypeError, match="abstract"):
        rnn.LSTMBlockWrapper()
    with pytest.raises(TypeError, match="abstract"):
        rnn.FusedRNNCell()


def test_lstm_block_fused_cell_gradient():
    x = tf.placeholder(tf.float64, [3, 2, D])
    c0 = tf.placeholder(tf.float64, [2, H])
    h0 = tf.placeholder(tf.float64, [2, H])
    outputs, state = rnn.LSTMBlockFusedCell(H, use_peephole=True, cell_clip=2.0)(
        x, initial_state=(c0, h0), sequence_length=[3, 1])
    weights = RNG.standard_normal((3, 3, 2, H))
    loss = (tf.reduce_sum(outputs * weights[0]) + tf.reduce_sum(state.c * weights[1][0])
            + tf.reduce_sum(state.h * weights[2][0]))
    variables = tf.global_variables()
    values = random_values(variables)
    xs = [x, c0, h0] + variables
    inits = [RNG.standard_normal((3, 2, D)), RNG.standard_normal((2, H)),
             RNG.standard_normal((2, H))] + list(values.values())
    with session():
        error = tf.test.compute_gradient_error(
            xs, [t.shape.as_list() for t in xs], loss, [], x_init_value=inits, delta=1e-5,
            init_targets=tf.global_variables_initializer())
    assert error < 1e-7


# ---- FusedRNNCellAdaptor, TimeReversedFusedRNN

@pytest.mark.parametrize("use_dynamic_rnn", [False, True])
@pytest.mark.parametrize("as_list", [False, True])
def test_fused_rnn_cell_adaptor_matches_the_rnn_it_runs(use_dynamic_rnn, as_list):
    lengths = [4, 2, 3]
    inputs = tf.unstack(tf.constant(X)) if as_list else tf.constant(X)
    fused = rnn.FusedRNNCellAdaptor(rnn.GRUCell(H), use_dynamic_rnn=use_dynamic_rnn)
    outputs, state = fused(inputs, dtype=tf.float64, sequence_length=lengths, scope="fused")
    assert isinstance(outputs, list) == as_list
    with tf.variable_scope("ref", dtype=tf.float64):
        ref_out, ref_state = tf.nn.dynamic_rnn(rnn.GRUCell(H), tf.constant(X),
                                               sequence_length=lengths, dtype=tf.float64,
                                               time_major=True)
    fused_vars = [v for v in tf.global_variables() if v.name.startswith("fused/")]
    assert [v.name for v in fused_vars] == ["fused/gru_cell/gates/kernel:0",
                                            "fused/gru_cell/gates/bias:0",
                                            "fused/gru_cell/candidate/kernel:0",
                                            "fused/gru_cell/candidate/bias:0"]
    ref_vars = [v for v in tf.global_variables() if v.name.startswith("ref/")]
    values = random_values(fused_vars)
    values.update({r: values[f] for f, r in zip(fused_vars, ref_vars)})
    got_out, got_state, want_out, want_state = run_with(
        [tf.stack(outputs) if as_list else outputs, state, ref_out, ref_state], values)
    np.testing.assert_allclose(got_out, want_out, rtol=1e-12)
    np.testing.assert_allclose(got_state, want_state, rtol=1e-12)


@pytest.mark.parametrize("lengths", [None, [2, 4, 1]])
def test_time_reversed_fused_rnn(lengths):
    cell = rnn.TimeReversedFusedRNN(rnn.LSTMBlockFusedCell(H))
    outputs, state = cell(tf.constant(X), dtype=tf.float64, sequence_length=lengths)
    values = random_values(tf.global_variables())
    got_out, got_state = run_with([outputs, state], values)
    full = np.full(B, T) if lengths is None else np.array(lengths)
    zero = np.zeros((B, H))
    for b in range(B):
        n = full[b]
        cs, hs = _block_lstm(_params(values), X[:n, b:b + 1][::-1], zero[:1], zero[:1])
        np.testing.assert_allclose(got_out[:n, b], hs[::-1, 0], rtol=1e-10)
        np.testing.assert_allclose(got_out[n:, b], 0)
        np.testing.assert_allclose(got_state.c[b], cs[-1, 0], rtol=1e-10)
        np.testing.assert_allclose(got_state.h[b], hs[-1, 0], rtol=1e-10)


def test_time_reversed_fused_rnn_reverses_lists():
    steps = tf.unstack(tf.constant(X))
    fw = rnn.FusedRNNCellAdaptor(rnn.BasicRNNCell(H))
    with tf.variable_scope("s", dtype=tf.float64):
        outputs, state = rnn.TimeReversedFusedRNN(fw)(steps, dtype=tf.float64)
    values = random_values(tf.global_variables())
    got_out, got_state = run_with([outputs, state], values)
    kernel, bias = values.values()
    h = np.zeros((B, H))
    want = []
    for t in reversed(range(T)):
        h = np.tanh(np.concatenate([X[t], h], 1) @ kernel + bias)
        want.append(h)
    np.testing.assert_allclose(np.stack(got_out), np.stack(want[::-1]), rtol=1e-10)
    np.testing.assert_allclose(got_state, h, rtol=1e-10)


# ---- the re-exported RNN utilities

def test_rnn_utilities():
    known = tf.zeros([T, B, D])
    assert rnn.best_effort_input_batch_size([known]) == B
    unknown = tf.placeholder(tf.float32, [None, None, D])
    batch = rnn.best_effort_input_batch_size([unknown])
    with session() as sess:
        assert sess.run(batch, {unknown: np.zeros((T, B, D))}) == B
    with pytest.raises(ValueError, match="to have rank at least 2"):
        rnn.best_effort_input_batch_size([tf.zeros([T])])
    swapped = rnn.transpose_batch_time(known)
    assert swapped.shape.as_list() == [B, T, D]
    np.testing.assert_array_equal(run_with(rnn.transpose_batch_time(tf.constant(X)), {}),
                                  X.transpose(1, 0, 2))
