"""tf.contrib.rnn's own cells: LSTMBlockCell, GRUBlockCell, GRUBlockCellV2 and
LayerNormBasicLSTMCell. Values against numpy re-derivations of TF 1.15's equations, variable
names/shapes/initial values, state structures, errors, and numeric gradient checks (float64).

TF 2.x (our only TensorFlow oracle) has no tf.contrib, so no golden records from TensorFlow
exist for these cells; the expectations are numpy implementations of TF 1.15's kernels.
"""
import numpy as np
import pytest

import minitf as tf
from tests.harness import session

N, D, H = 3, 4, 5
RNG = np.random.RandomState(7)
X = RNG.standard_normal((N, D))
C0 = RNG.standard_normal((N, H))
H0 = RNG.standard_normal((N, H))
rnn = tf.contrib.rnn


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _layer_norm(x, gain=1.0, shift=0.0):
    mean = x.mean(1, keepdims=True)
    var = ((x - mean) ** 2).mean(1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-12) * gain + shift


def _random_values(variables, seed=3):
    rng = np.random.RandomState(seed)
    return {v: rng.standard_normal(v.shape.as_list()) * 0.5 for v in variables}


def _run_with(fetches, values, feed=None):
    """Runs `fetches` after setting each variable of `values` to its numpy value."""
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run([tf.assign(v, val) for v, val in values.items()])
        return sess.run(fetches, feed)


def _names(variables):
    return [v.name for v in variables]


def _inputs():
    return tf.constant(X), tf.constant(C0), tf.constant(H0)


# ---- LSTMBlockCell

def _lstm_block_reference(w, b, forget_bias=1.0, clip=None, wci=None, wcf=None, wco=None):
    gates = np.concatenate([X, H0], 1) @ w + b
    i, j, f, o = np.split(gates, 4, axis=1)
    if wci is not None:
        i, f = i + C0 * wci, f + C0 * wcf
    cs = _sigmoid(i) * np.tanh(j) + _sigmoid(f + forget_bias) * C0
    if clip is not None:
        cs = np.clip(cs, -clip, clip)
    if wco is not None:
        o = o + cs * wco
    return cs, np.tanh(cs) * _sigmoid(o)


def test_lstm_block_cell_names_shapes_and_state():
    cell = rnn.LSTMBlockCell(H)
    assert cell.state_size == rnn.LSTMStateTuple(H, H) and cell.output_size == H
    x, c, h = _inputs()
    out, state = cell(x, rnn.LSTMStateTuple(c, h))
    assert isinstance(state, rnn.LSTMStateTuple)
    assert state.h is out
    assert out.shape.as_list() == [N, H] and state.c.shape.as_list() == [N, H]
    assert out.dtype == tf.float64
    assert _names(tf.global_variables()) == ["lstm_cell/kernel:0", "lstm_cell/bias:0"]
    assert [v.shape.as_list() for v in tf.global_variables()] == [[D + H, 4 * H], [4 * H]]
    assert out.name.startswith("lstm_cell/")
    peep = rnn.LSTMBlockCell(H, use_peephole=True)
    peep(x, (c, h))
    assert _names(tf.global_variables())[2:] == [
        "lstm_cell_1/kernel:0", "lstm_cell_1/bias:0", "lstm_cell_1/w_i_diag:0",
        "lstm_cell_1/w_f_diag:0", "lstm_cell_1/w_o_diag:0"]
    named = rnn.LSTMBlockCell(H, name="enc")
    named(x, (c, h))
    assert _names(tf.global_variables())[-2:] == ["enc/kernel:0", "enc/bias:0"]


def test_lstm_block_cell_bias_starts_at_zero():
    x, c, h = _inputs()
    rnn.LSTMBlockCell(H)(x, (c, h))
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(tf.global_variables()[1]), np.zeros(4 * H))


@pytest.mark.parametrize("kwargs", [
    {}, {"forget_bias": 0.3}, {"cell_clip": 0.4}, {"use_peephole": True},
    {"use_peephole": True, "cell_clip": 0.2, "forget_bias": -0.5}])
def test_lstm_block_cell_values(kwargs):
    x, c, h = _inputs()
    out, state = rnn.LSTMBlockCell(H, **kwargs)(x, (c, h))
    values = _random_values(tf.global_variables())
    got_c, got_h, got_out = _run_with([state.c, state.h, out], values)
    ws = list(values.values())
    peepholes = dict(zip(["wci", "wcf", "wco"], ws[2:])) if kwargs.get("use_peephole") else {}
    want_c, want_h = _lstm_block_reference(ws[0], ws[1], kwargs.get("forget_bias", 1.0),
                                           kwargs.get("cell_clip"), **peepholes)
    np.testing.assert_allclose(got_c, want_c, rtol=1e-10)
    np.testing.assert_allclose(got_h, want_h, rtol=1e-10)
    np.testing.assert_array_equal(got_out, got_h)
    if "cell_clip" in kwargs:
        assert np.abs(got_c).max() <= kwargs["cell_clip"]


def test_lstm_block_cell_reuses_existing_lstm_cell_variables():
    x, c, h = _inputs()
    with tf.variable_scope("lstm_cell"):
        kernel = tf.get_variable("kernel", [D + H, 4 * H], tf.float64)
        bias = tf.get_variable("bias", [4 * H], tf.float64)
    out, _ = rnn.LSTMBlockCell(H, reuse=True)(x, rnn.LSTMStateTuple(c, h))
    assert tf.global_variables() == [kernel, bias]
    values = _random_values([kernel, bias])
    want = _lstm_block_reference(*values.values())[1]
    np.testing.assert_allclose(_run_with(out, values), want, rtol=1e-10)


def test_lstm_block_cell_errors():
    x, c, h = _inputs()
    with pytest.raises(ValueError, match="Expecting state to be a tuple with length 2."):
        rnn.LSTMBlockCell(H)(x, (c, h, h))
    with pytest.raises(ValueError, match=r"Expecting inputs_shape\[1\] to be set: \(3, \?\)"):
        rnn.LSTMBlockCell(H)(tf.placeholder(tf.float64, [N, None]), (c, h))
    with pytest.raises(ValueError, match="expected ndim=2, found ndim=3"):
        rnn.LSTMBlockCell(H)(tf.zeros([N, 2, D], tf.float64), (c, h))


# ---- GRUBlockCell / GRUBlockCellV2

def _gru_reference(w_gate, b_gate, w_cand, b_cand):
    r, u = np.split(_sigmoid(np.concatenate([X, H0], 1) @ w_gate + b_gate), 2, axis=1)
    c = np.tanh(np.concatenate([X, r * H0], 1) @ w_cand + b_cand)
    return (1 - u) * c + u * H0


@pytest.mark.parametrize("cls,names", [
    (rnn.GRUBlockCell, ["gru_cell/w_ru:0", "gru_cell/b_ru:0", "gru_cell/w_c:0",
                        "gru_cell/b_c:0"]),
    (rnn.GRUBlockCellV2, ["gru_cell/gates/kernel:0", "gru_cell/gates/bias:0",
                          "gru_cell/candidate/kernel:0", "gru_cell/candidate/bias:0"])])
def test_gru_block_cells_names_shapes_initial_biases_and_values(cls, names):
    cell = cls(H)
    assert cell.state_size == H and cell.output_size == H
    x, _, h = _inputs()
    with tf.variable_scope(tf.get_variable_scope(), dtype=tf.float64):
        out, state = cell(x, h)
    assert out is state
    assert out.shape.as_list() == [N, H]
    variables = tf.global_variables()
    assert _names(variables) == names
    assert [v.shape.as_list() for v in variables] == [[D + H, 2 * H], [2 * H], [D + H, H], [H]]
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(variables[1]), np.ones(2 * H))
        np.testing.assert_array_equal(sess.run(variables[3]), np.zeros(H))
    values = _random_values(variables)
    np.testing.assert_allclose(_run_with(out, values), _gru_reference(*values.values()),
                               rtol=1e-10)


def test_gru_block_cell_accepts_the_deprecated_cell_size_and_makes_float32_variables():
    # Like TF's, its variables take the variable scope's dtype (float32 by default), not the
    # inputs'.
    out, _ = rnn.GRUBlockCell(cell_size=H)(tf.zeros([N, D]), tf.zeros([N, H]))
    assert out.shape.as_list() == [N, H]
    assert [v.dtype for v in tf.global_variables()] == [tf.float32_ref] * 4


def test_gru_block_cell_errors():
    with pytest.raises(ValueError, match="Exactly one of num_units or cell_size must be "
                                         "provided."):
        rnn.GRUBlockCell()
    with pytest.raises(ValueError, match="Exactly one of num_units or cell_size must be "
                                         "provided."):
        rnn.GRUBlockCell(H, cell_size=H)
    x, _, h = _inputs()
    with pytest.raises(ValueError, match="Shape of h_prev\\[1\\] incorrect: cell_size 4 vs 5"):
        rnn.GRUBlockCell(4)(x, h)
    with pytest.raises(ValueError, match="Expecting input_size to be set."):
        rnn.GRUBlockCellV2(H)(tf.placeholder(tf.float64, [N, None]), h)


# ---- LayerNormBasicLSTMCell

NORM_SCOPES = ["input", "transform", "forget", "output", "state"]


def _layer_norm_lstm_reference(values, forget_bias=1.0, layer_norm=True):
    ws = list(values.values())
    concat = np.concatenate([X, H0], 1) @ ws[0]
    if not layer_norm:
        concat = concat + ws[1]
    i, j, f, o = np.split(concat, 4, axis=1)
    if layer_norm:
        norms = {scope: (ws[1 + 2 * k], ws[2 + 2 * k]) for k, scope in enumerate(NORM_SCOPES)}
        i, j, f, o = (_layer_norm(t, *norms[s]) for t, s in zip((i, j, f, o), NORM_SCOPES))
    new_c = C0 * _sigmoid(f + forget_bias) + _sigmoid(i) * np.tanh(j)
    if layer_norm:
        new_c = _layer_norm(new_c, *norms["state"])
    return new_c, np.tanh(new_c) * _sigmoid(o)


def test_layer_norm_lstm_names_shapes_and_initial_values():
    cell = rnn.LayerNormBasicLSTMCell(H, norm_gain=1.5, norm_shift=-0.25)
    assert cell.state_size == rnn.LSTMStateTuple(H, H) and cell.output_size == H
    x, c, h = _inputs()
    out, state = cell(x, rnn.LSTMStateTuple(c, h))
    assert isinstance(state, rnn.LSTMStateTuple) and state.h is out
    assert out.shape.as_list() == [N, H] and state.c.shape.as_list() == [N, H]
    expected = ["layer_norm_basic_lstm_cell/kernel:0"] + [
        f"layer_norm_basic_lstm_cell/{scope}/{p}:0" for scope in NORM_SCOPES
        for p in ("gamma", "beta")]
    variables = tf.global_variables()
    assert _names(variables) == expected
    assert variables[0].shape.as_list() == [D + H, 4 * H]
    assert all(v.shape.as_list() == [H] for v in variables[1:])
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        got = sess.run(variables[1:])
    for k in range(5):
        np.testing.assert_array_equal(got[2 * k], np.full(H, 1.5))
        np.testing.assert_array_equal(got[2 * k + 1], np.full(H, -0.25))
    # Like TF 1.15's non-layer cells, a second one at the same level would take the same
    # scope (RNNCell re-enters the outer scope object, which forgets the scope counts).
    with tf.variable_scope("plain"):
        rnn.LayerNormBasicLSTMCell(H, layer_norm=False)(x, (c, h))
    assert _names(tf.global_variables())[len(expected):] == [
        "plain/layer_norm_basic_lstm_cell/kernel:0", "plain/layer_norm_basic_lstm_cell/bias:0"]


@pytest.mark.parametrize("kwargs", [{}, {"forget_bias": 0.2}, {"layer_norm": False}])
def test_layer_norm_lstm_values(kwargs):
    x, c, h = _inputs()
    _, state = rnn.LayerNormBasicLSTMCell(H, **kwargs)(x, (c, h))
    values = _random_values(tf.global_variables())
    got_c, got_h = _run_with([state.c, state.h], values)
    want_c, want_h = _layer_norm_lstm_reference(values, **kwargs)
    np.testing.assert_allclose(got_c, want_c, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(got_h, want_h, rtol=1e-9, atol=1e-12)


def _has_dropout(prefix):
    return any(op.name.startswith(prefix + "dropout/")
               for op in tf.get_default_graph().get_operations())


def test_layer_norm_lstm_recurrent_dropout():
    x, c, h = _inputs()
    keep = tf.placeholder(tf.float64, [])
    _, state = rnn.LayerNormBasicLSTMCell(H, dropout_keep_prob=keep,
                                          dropout_prob_seed=4)(x, (c, h))
    assert _has_dropout("layer_norm_basic_lstm_cell/")
    values = _random_values(tf.global_variables())
    want_c, _ = _layer_norm_lstm_reference(values)
    np.testing.assert_allclose(_run_with(state.c, values, {keep: 1.0}), want_c, rtol=1e-9)
    tf.reset_default_graph()
    x, c, h = _inputs()
    _, state = rnn.LayerNormBasicLSTMCell(H, dropout_keep_prob=0.5,
                                          dropout_prob_seed=4)(x, (c, h))
    assert _has_dropout("layer_norm_basic_lstm_cell/")
    with tf.variable_scope("kept"):
        rnn.LayerNormBasicLSTMCell(H, dropout_keep_prob=1.0)(x, (c, h))
    assert not _has_dropout("kept/layer_norm_basic_lstm_cell/")


# ---- gradients

def _gradient_error(build):
    """The numeric-vs-symbolic Jacobian error of a scalar loss of the cell's outputs with
    respect to the inputs, both state parts and every variable."""
    x = tf.placeholder(tf.float64, [N, D])
    c = tf.placeholder(tf.float64, [N, H])
    h = tf.placeholder(tf.float64, [N, H])
    outputs = build(x, c, h)
    weights = [tf.constant(RNG.standard_normal(o.shape.as_list())) for o in outputs]
    loss = tf.add_n([tf.reduce_sum(o * w) for o, w in zip(outputs, weights)])
    variables = tf.global_variables()
    values = _random_values(variables)
    xs = [x, c, h] + variables
    inits = [X, C0, H0] + list(values.values())
    with session():
        return tf.test.compute_gradient_error(
            xs, [t.shape.as_list() for t in xs], loss, [], x_init_value=inits,
            delta=1e-5, init_targets=tf.global_variables_initializer())


@pytest.mark.parametrize("kwargs", [{}, {"use_peephole": True, "cell_clip": 0.9}])
def test_lstm_block_cell_gradient(kwargs):
    def build(x, c, h):
        _, state = rnn.LSTMBlockCell(H, **kwargs)(x, (c, h))
        return [state.c, state.h]
    assert _gradient_error(build) < 1e-7


@pytest.mark.parametrize("cls", [rnn.GRUBlockCell, rnn.GRUBlockCellV2])
def test_gru_block_cell_gradient(cls):
    def build(x, c, h):
        with tf.variable_scope(tf.get_variable_scope(), dtype=tf.float64):
            return [cls(H)(x, h)[0] + 0 * tf.reduce_sum(c)]
    assert _gradient_error(build) < 1e-7


@pytest.mark.parametrize("layer_norm", [True, False])
def test_layer_norm_lstm_gradient(layer_norm):
    def build(x, c, h):
        _, state = rnn.LayerNormBasicLSTMCell(H, layer_norm=layer_norm)(x, (c, h))
        return [state.c, state.h]
    assert _gradient_error(build) < 1e-7


# ---- inside dynamic_rnn

def test_cells_in_dynamic_rnn_names_structures_and_values():
    steps = 6
    seq = RNG.standard_normal((N, steps, D))
    cells = [rnn.LSTMBlockCell(H), rnn.GRUBlockCellV2(H), rnn.LayerNormBasicLSTMCell(H)]
    results = []
    for k, cell in enumerate(cells):
        with tf.variable_scope(f"m{k}", dtype=tf.float64):
            results.append(tf.nn.dynamic_rnn(cell, tf.constant(seq), dtype=tf.float64))
    assert _names(tf.global_variables())[:2] == ["m0/rnn/lstm_cell/kernel:0",
                                                 "m0/rnn/lstm_cell/bias:0"]
    assert _names(tf.global_variables())[2] == "m1/rnn/gru_cell/gates/kernel:0"
    assert _names(tf.global_variables())[6] == "m2/rnn/layer_norm_basic_lstm_cell/kernel:0"
    assert isinstance(results[0][1], rnn.LSTMStateTuple)
    assert isinstance(results[1][1], tf.Tensor)
    assert isinstance(results[2][1], rnn.LSTMStateTuple)
    assert all(out.shape.as_list() == [N, steps, H] for out, _ in results)
    values = _random_values(tf.global_variables()[:2])
    outputs, state = _run_with(list(results[0]), values)
    w, b = values.values()
    c, h = np.zeros((N, H)), np.zeros((N, H))
    for t in range(steps):
        i, j, f, o = np.split(np.concatenate([seq[:, t], h], 1) @ w + b, 4, axis=1)
        c = _sigmoid(i) * np.tanh(j) + _sigmoid(f + 1.0) * c
        h = np.tanh(c) * _sigmoid(o)
        np.testing.assert_allclose(outputs[:, t], h, rtol=1e-9)
    np.testing.assert_allclose(state.c, c, rtol=1e-9)
