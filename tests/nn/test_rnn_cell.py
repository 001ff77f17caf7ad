"""tf.nn.rnn_cell: the cells' equations against numpy, names (scopes, variables, zero states,
the seed's direct `call`), reuse, MultiRNNCell, the wrappers, LSTMStateTuple, and errors."""
import numpy as np
import pytest

import minitf as tf
from tests.harness import session

RNG = np.random.RandomState(11)
B, D = 3, 5
X = RNG.standard_normal((B, D)).astype(np.float32)


def _sig(x):
    return 1 / (1 + np.exp(-x))


def _run(fetches, feed=None, assign=None):
    """Initialises the variables, gives those in `assign` ({variable: value}) their values."""
    ops = [tf.assign(v, val) for v, val in (assign or {}).items()]
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(ops)
        return sess.run(fetches, feed)


def _weights(cell):
    return {v: (RNG.standard_normal(v.shape.as_list()) * 0.5).astype(np.float32)
            for v in cell.variables}


def _state(*shape):
    return RNG.standard_normal(shape).astype(np.float32)


# ---- LSTMStateTuple and the shared exports

def test_lstm_state_tuple():
    t = tf.nn.rnn_cell.LSTMStateTuple(c=4, h=6)
    assert t == (4, 6) and t._fields == ("c", "h") and repr(t) == "LSTMStateTuple(c=4, h=6)"
    s = tf.nn.rnn_cell.LSTMStateTuple(tf.zeros([2, 3]), tf.ones([2, 3]))
    c, h = s
    assert c is s.c and h is s.h and s.dtype == tf.float32
    with pytest.raises(TypeError, match="Inconsistent internal state: <dtype: 'float32'> vs "
                                        "<dtype: 'float64'>"):
        _ = tf.nn.rnn_cell.LSTMStateTuple(tf.zeros([1]), tf.zeros([1], tf.float64)).dtype
    assert not hasattr(t, "__dict__")


def test_contrib_rnn_exports_the_same_objects():
    for name in ["RNNCell", "BasicRNNCell", "BasicLSTMCell", "LSTMCell", "GRUCell",
                 "MultiRNNCell", "LSTMStateTuple", "DropoutWrapper", "ResidualWrapper",
                 "DeviceWrapper"]:
        assert getattr(tf.contrib.rnn, name) is getattr(tf.nn.rnn_cell, name)


# ---- zero_state

def test_zero_state_names_shapes_and_values():
    cell = tf.nn.rnn_cell.BasicLSTMCell(7)
    z = cell.zero_state(B, tf.float32)
    assert repr(z) == ("LSTMStateTuple(c=<tf.Tensor 'BasicLSTMCellZeroState/zeros:0' "
                       "shape=(3, 7) dtype=float32>, h=<tf.Tensor "
                       "'BasicLSTMCellZeroState/zeros_1:0' shape=(3, 7) dtype=float32>)")
    n = tf.placeholder(tf.int32, [])
    g = tf.nn.rnn_cell.GRUCell(4).zero_state(n, tf.float64)
    assert g.name == "GRUCellZeroState/zeros:0" and g.shape.as_list() == [None, 4]
    assert g.dtype == tf.float64
    zv, gv = _run([z, g], {n: 2})
    assert zv.c.shape == (3, 7) and not zv.c.any() and gv.shape == (2, 4)
    flat = tf.nn.rnn_cell.BasicLSTMCell(2, state_is_tuple=False).zero_state(B, tf.float32)
    assert flat.name == "BasicLSTMCellZeroState_1/zeros:0" and flat.shape.as_list() == [3, 4]


def test_get_initial_state():
    cell = tf.nn.rnn_cell.BasicRNNCell(4)
    s = cell.get_initial_state(inputs=tf.constant(X))
    assert s.shape.as_list() == [B, 4] and s.name == "BasicRNNCellZeroState/zeros:0"
    with pytest.raises(ValueError, match="batch_size and dtype cannot be None"):
        cell.get_initial_state()
    with pytest.raises(ValueError, match="batch size from input tensor is different"):
        cell.get_initial_state(inputs=tf.constant(X), batch_size=2)


# ---- the seed's direct call (TF 1.2-1.4)

def test_direct_call_makes_variables_in_the_current_scope():
    x = tf.placeholder(tf.float32, [32, 100])
    cell = tf.contrib.rnn.BasicLSTMCell(num_units=128)
    h0 = cell.zero_state(32, np.float32)
    output, h1 = cell.call(x, h0)
    assert str(h1.h) == 'Tensor("mul_2:0", shape=(32, 128), dtype=float32)'
    assert str(h1.c) == 'Tensor("add_1:0", shape=(32, 128), dtype=float32)'
    assert output is h1.h
    assert [(v.name, v.shape.as_list()) for v in tf.global_variables()] == [
        ("kernel:0", [228, 512]), ("bias:0", [512])]
    # a second direct call reuses the cached weights
    cell.call(x, h1)
    assert len(tf.global_variables()) == 2


def test_direct_call_basic_rnn_cell():
    x = tf.placeholder(tf.float32, [32, 100])
    cell = tf.contrib.rnn.BasicRNNCell(num_units=128)
    h0 = cell.zero_state(32, np.float32)
    output, h1 = cell.call(x, h0)
    assert output is h1 and h1.shape.as_list() == [32, 128] and h1.name == "Tanh:0"
    with tf.variable_scope("inner"):
        tf.nn.rnn_cell.GRUCell(3).call(x, tf.zeros([32, 3]))
    assert "inner/gates/kernel:0" in [v.name for v in tf.global_variables()]


# ---- equations

def test_basic_rnn_cell_values_and_names():
    cell = tf.nn.rnn_cell.BasicRNNCell(4)
    h = _state(B, 4)
    out, state = cell(tf.constant(X), tf.constant(h))
    assert out is state and out.name == "basic_rnn_cell/Tanh:0"
    assert [v.name for v in cell.variables] == ["basic_rnn_cell/kernel:0",
                                                "basic_rnn_cell/bias:0"]
    w = _weights(cell)
    k, b = w.values()
    got = _run(out, assign=w)
    np.testing.assert_allclose(got, np.tanh(np.concatenate([X, h], 1) @ k + b), rtol=1e-5,
                               atol=1e-6)
    assert cell.state_size == 4 and cell.output_size == 4


def _lstm_ref(x, c, h, k, b, forget_bias, act=np.tanh):
    z = np.concatenate([x, h], 1) @ k + b
    i, j, f, o = np.split(z, 4, axis=1)
    new_c = c * _sig(f + forget_bias) + _sig(i) * act(j)
    return act(new_c) * _sig(o), new_c


@pytest.mark.parametrize("tuple_state", [True, False])
def test_basic_lstm_cell_values(tuple_state):
    cell = tf.nn.rnn_cell.BasicLSTMCell(6, forget_bias=0.3, state_is_tuple=tuple_state)
    c, h = _state(B, 6), _state(B, 6)
    state = (tf.nn.rnn_cell.LSTMStateTuple(tf.constant(c), tf.constant(h)) if tuple_state
             else tf.constant(np.concatenate([c, h], 1)))
    out, new = cell(tf.constant(X), state)
    assert out.name == "basic_lstm_cell/Mul_2:0"
    w = _weights(cell)
    got_out, got_new = _run([out, new], assign=w)
    ref_h, ref_c = _lstm_ref(X, c, h, *w.values(), 0.3)
    np.testing.assert_allclose(got_out, ref_h, rtol=1e-5, atol=1e-6)
    if tuple_state:
        assert new.c.name == "basic_lstm_cell/Add_1:0"
        np.testing.assert_allclose(got_new.c, ref_c, rtol=1e-5, atol=1e-6)
    else:
        assert cell.state_size == 12 and new.shape.as_list() == [B, 12]
        np.testing.assert_allclose(got_new, np.concatenate([ref_c, ref_h], 1), rtol=1e-5,
                                   atol=1e-6)


def test_lstm_cell_all_options():
    cell = tf.nn.rnn_cell.LSTMCell(6, use_peepholes=True, cell_clip=0.5, num_proj=2,
                                   proj_clip=0.4, forget_bias=0.7)
    assert cell.state_size == (6, 2) and cell.output_size == 2
    c, m = _state(B, 6), _state(B, 2)
    out, new = cell(tf.constant(X), tf.nn.rnn_cell.LSTMStateTuple(tf.constant(c),
                                                                 tf.constant(m)))
    assert [(v.name, v.shape.as_list()) for v in cell.variables] == [
        ("lstm_cell/kernel:0", [7, 24]), ("lstm_cell/bias:0", [24]),
        ("lstm_cell/w_f_diag:0", [6]), ("lstm_cell/w_i_diag:0", [6]),
        ("lstm_cell/w_o_diag:0", [6]), ("lstm_cell/projection/kernel:0", [6, 2])]
    w = _weights(cell)
    k, b, wf, wi, wo, p = w.values()
    got = _run([out, new], assign=w)
    i, j, f, o = np.split(np.concatenate([X, m], 1) @ k + b, 4, axis=1)
    nc = _sig(f + 0.7 + wf * c) * c + _sig(i + wi * c) * np.tanh(j)
    nc = np.clip(nc, -0.5, 0.5)
    nm = np.clip((_sig(o + wo * nc) * np.tanh(nc)) @ p, -0.4, 0.4)
    np.testing.assert_allclose(got[0], nm, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got[1].c, nc, rtol=1e-5, atol=1e-6)


def test_lstm_cell_plain_names_and_initializer():
    cell = tf.nn.rnn_cell.LSTMCell(3, initializer=tf.constant_initializer(0.5),
                                   state_is_tuple=False)
    out, new = cell(tf.constant(X), tf.zeros([B, 6]))
    assert out.name == "lstm_cell/mul_2:0" and new.name == "lstm_cell/concat_1:0"
    kernel, bias = _run(cell.variables)
    assert (kernel == 0.5).all() and not bias.any()


def test_gru_cell_values_and_bias():
    cell = tf.nn.rnn_cell.GRUCell(4)
    h = _state(B, 4)
    out, state = cell(tf.constant(X), tf.constant(h))
    assert out is state and out.name == "gru_cell/add:0"
    assert [v.name for v in cell.variables] == [
        "gru_cell/gates/kernel:0", "gru_cell/gates/bias:0", "gru_cell/candidate/kernel:0",
        "gru_cell/candidate/bias:0"]
    assert (_run(cell.variables[1]) == 1).all()
    w = _weights(cell)
    gk, gb, ck, cb = w.values()
    got = _run(out, assign=w)
    r, u = np.split(_sig(np.concatenate([X, h], 1) @ gk + gb), 2, axis=1)
    cand = np.tanh(np.concatenate([X, r * h], 1) @ ck + cb)
    np.testing.assert_allclose(got, u * h + (1 - u) * cand, rtol=1e-5, atol=1e-6)


# ---- scopes and reuse

def test_scopes_reuse_and_names():
    x = tf.constant(X)
    a, b = tf.nn.rnn_cell.BasicLSTMCell(2), tf.nn.rnn_cell.BasicLSTMCell(2)
    with pytest.raises(ValueError, match="has not been used yet"):
        _ = a.scope_name
    s = a.zero_state(B, tf.float32)
    a(x, s)
    out2, _ = a(x, s)
    b(x, s)
    assert out2.name == "basic_lstm_cell/Mul_5:0"
    assert (a.scope_name, b.scope_name) == ("basic_lstm_cell", "basic_lstm_cell_1")
    assert len(tf.global_variables()) == 4
    with tf.variable_scope("enc_outer"):
        named = tf.nn.rnn_cell.GRUCell(2, name="enc")
        named(x, tf.zeros([B, 2]))
    shared = tf.nn.rnn_cell.GRUCell(2, name="enc", reuse=True)
    with tf.variable_scope("enc_outer"):
        shared(x, tf.zeros([B, 2]))
    assert shared.variables == named.variables
    explicit = tf.nn.rnn_cell.BasicRNNCell(2)
    explicit(x, tf.zeros([B, 2]), scope="mine")
    assert explicit.variables[0].name == "mine/kernel:0"


def test_errors():
    cell = tf.nn.rnn_cell.BasicLSTMCell(4)
    with pytest.raises(ValueError, match="Input 0 of layer basic_lstm_cell_1 is incompatible "
                                         "with the layer: expected ndim=2, found ndim=3"):
        cell(tf.zeros([2, 3, 4]), cell.zero_state(2, tf.float32))
    with pytest.raises(ValueError, match="RNN cell only supports floating point inputs, but "
                                         "saw dtype: <dtype: 'int32'>"):
        cell(tf.zeros([2, 3], tf.int32), cell.zero_state(2, tf.float32))
    with pytest.raises(ValueError, match=r"Expected inputs.shape\[-1\] to be known, saw "
                                         r"shape: \(2, None\)"):
        cell(tf.placeholder(tf.float32, [2, None]), cell.zero_state(2, tf.float32))
    with pytest.raises(ValueError, match=r"Expected inputs.shape\[-1\] to be known, saw "
                                         r"shape: \(2, None\)"):
        lstm = tf.nn.rnn_cell.LSTMCell(4)
        lstm(tf.placeholder(tf.float32, [2, None]), lstm.zero_state(2, tf.float32))
    with pytest.raises(ValueError, match=r"Could not infer input size from "
                                         r"inputs.get_shape\(\)\[-1\]"):
        lstm = tf.nn.rnn_cell.LSTMCell(4)
        lstm.call(tf.placeholder(tf.float32, [2, None]), lstm.zero_state(2, tf.float32))
    with pytest.raises(ValueError, match="does not exist"):
        missing = tf.nn.rnn_cell.BasicRNNCell(2, name="absent", reuse=True)
        missing(tf.zeros([2, 3]), tf.zeros([2, 2]))


# ---- MultiRNNCell

def test_multi_rnn_cell_tuple_state():
    cells = [tf.nn.rnn_cell.LSTMCell(4), tf.nn.rnn_cell.GRUCell(3)]
    multi = tf.nn.rnn_cell.MultiRNNCell(cells)
    assert multi.state_size == ((4, 4), 3) and multi.output_size == 3
    z = multi.zero_state(B, tf.float32)
    assert z[0].c.name == "MultiRNNCellZeroState/LSTMCellZeroState/zeros:0"
    assert z[1].name == "MultiRNNCellZeroState/GRUCellZeroState/zeros:0"
    out, state = multi(tf.constant(X), z)
    assert out.name == "multi_rnn_cell/cell_1/gru_cell/add:0"
    assert [v.name for v in multi.variables] == [
        "multi_rnn_cell/cell_0/lstm_cell/kernel:0", "multi_rnn_cell/cell_0/lstm_cell/bias:0",
        "multi_rnn_cell/cell_1/gru_cell/gates/kernel:0",
        "multi_rnn_cell/cell_1/gru_cell/gates/bias:0",
        "multi_rnn_cell/cell_1/gru_cell/candidate/kernel:0",
        "multi_rnn_cell/cell_1/gru_cell/candidate/bias:0"]
    assert isinstance(state, tuple) and isinstance(state[0], tf.nn.rnn_cell.LSTMStateTuple)
    assert state[1] is out


def test_multi_rnn_cell_flat_state_matches_layers():
    g1, g2 = tf.nn.rnn_cell.GRUCell(4), tf.nn.rnn_cell.BasicRNNCell(2)
    multi = tf.nn.rnn_cell.MultiRNNCell([g1, g2], state_is_tuple=False)
    assert multi.state_size == 6
    s = _state(B, 6)
    out, state = multi(tf.constant(X), tf.constant(s))
    w = _weights(multi)
    got_out, got_state = _run([out, state], assign=w)
    gk, gb, ck, cb, k, b = w.values()
    h = s[:, :4]
    r, u = np.split(_sig(np.concatenate([X, h], 1) @ gk + gb), 2, axis=1)
    h1 = u * h + (1 - u) * np.tanh(np.concatenate([X, r * h], 1) @ ck + cb)
    h2 = np.tanh(np.concatenate([h1, s[:, 4:]], 1) @ k + b)
    np.testing.assert_allclose(got_out, h2, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_state, np.concatenate([h1, h2], 1), rtol=1e-5, atol=1e-6)


def test_multi_rnn_cell_errors():
    with pytest.raises(ValueError, match="Must specify at least one cell for MultiRNNCell."):
        tf.nn.rnn_cell.MultiRNNCell([])
    with pytest.raises(TypeError, match="cells must be a list or tuple, but saw: "):
        tf.nn.rnn_cell.MultiRNNCell(tf.nn.rnn_cell.GRUCell(2))
    with pytest.raises(ValueError, match=r"Some cells return tuples of states, but the flag "
                                         r"state_is_tuple is not set.  State sizes are: "
                                         r"\[LSTMStateTuple\(c=4, h=4\)\]"):
        tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(4)], state_is_tuple=False)


def test_multi_rnn_cell_warns_once_when_one_cell_object_repeats(caplog, monkeypatch):
    """`MultiRNNCell([cell] * n)` shares one cell's weights; TF 1.15 logs that, once."""
    monkeypatch.setattr(tf.logging, "_counts", {})  # as if no earlier test had logged it
    cell = tf.nn.rnn_cell.GRUCell(3)
    for _ in range(2):
        tf.nn.rnn_cell.MultiRNNCell([cell] * 2)
    tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.GRUCell(3), tf.nn.rnn_cell.GRUCell(3)])
    warned = [r for r in caplog.records if "same object" in r.getMessage()]
    assert [(r.levelname, r.getMessage()) for r in warned] == [
        ("WARNING", "At least two cells provided to MultiRNNCell are the same object and will "
                    "share weights.")]


# ---- wrappers

def test_dropout_wrapper_keep_one_adds_no_op():
    cell = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.GRUCell(3))
    before = len(tf.get_default_graph().get_operations())
    z = cell.zero_state(B, tf.float32)
    assert z.name == "DropoutWrapperZeroState/GRUCellZeroState/zeros:0"
    out, _ = cell(tf.constant(X), z)
    assert out.name == "gru_cell/add:0"
    assert not [op for op in tf.get_default_graph().get_operations()[before:]
                if "dropout" in op.name]
    assert cell.variables[0].name == "gru_cell/gates/kernel:0"


def test_dropout_wrapper_drops_and_keeps_lstm_c():
    cell = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.BasicLSTMCell(50), state_keep_prob=0.5,
                                         output_keep_prob=0.25, seed=5)
    out, state = cell(tf.constant(np.ones((B, D), np.float32)), cell.zero_state(B, tf.float32))
    assert state.c.name == "basic_lstm_cell/Add_1:0"
    assert state.h.name.startswith("dropout/") and out.name.startswith("dropout_1/")
    got_out, got_state = _run([out, state])
    assert (got_state.c != 0).all() and 0 < (got_state.h == 0).mean() < 1
    assert 0 < (got_out == 0).mean() < 1


def test_dropout_wrapper_variational_masks_shared_over_batch():
    cell = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.BasicRNNCell(40), input_keep_prob=0.5,
                                         output_keep_prob=0.5, variational_recurrent=True,
                                         input_size=D, dtype=tf.float32, seed=2)
    x = tf.constant(np.ones((B, D), np.float32))
    out, _ = cell(x, tf.zeros([B, 40]))
    got = _run(out)
    dropped = got == 0
    assert (dropped == dropped[0]).all() and 0 < dropped.mean() < 1


def test_dropout_wrapper_errors():
    gru = tf.nn.rnn_cell.GRUCell(2)
    with pytest.raises(ValueError, match="Parameter input_keep_prob must be between 0 and 1: 1"):
        tf.nn.rnn_cell.DropoutWrapper(gru, input_keep_prob=1.5)
    with pytest.raises(ValueError, match="When variational_recurrent=True, dtype must be "
                                         "provided"):
        tf.nn.rnn_cell.DropoutWrapper(gru, output_keep_prob=0.5, variational_recurrent=True)
    with pytest.raises(ValueError, match="input_size must be provided"):
        tf.nn.rnn_cell.DropoutWrapper(gru, input_keep_prob=0.5, variational_recurrent=True,
                                      dtype=tf.float32)
    with pytest.raises(TypeError, match="dropout_state_filter_visitor must be callable"):
        tf.nn.rnn_cell.DropoutWrapper(gru, dropout_state_filter_visitor=3)
    with pytest.raises(TypeError, match=r"The argument 'cell' \(cell\) is not an RNNCell: "
                                        r"'output_size' property is missing, 'state_size' "
                                        r"property is missing, either 'zero_state' or "
                                        r"'get_initial_state' method is required, is not "
                                        r"callable\."):
        tf.nn.rnn_cell.DropoutWrapper("cell", output_keep_prob=0.5)


def test_residual_and_device_wrappers():
    res = tf.nn.rnn_cell.ResidualWrapper(tf.nn.rnn_cell.BasicRNNCell(D))
    h = _state(B, D)
    out, state = res(tf.constant(X), tf.constant(h))
    assert out.name == "add:0" and state.name == "basic_rnn_cell/Tanh:0"
    w = _weights(res)
    got_out, got_state = _run([out, state], assign=w)
    np.testing.assert_allclose(got_out, X + got_state, rtol=1e-6)
    bad = tf.nn.rnn_cell.ResidualWrapper(tf.nn.rnn_cell.BasicRNNCell(4))
    with pytest.raises(ValueError, match=r"Shapes \(3, 5\) and \(3, 4\) are incompatible"):
        bad(tf.constant(X), tf.zeros([B, 4]))
    dev = tf.nn.rnn_cell.DeviceWrapper(tf.nn.rnn_cell.GRUCell(2), "/cpu:0")
    z = dev.zero_state(B, tf.float32)
    out, _ = dev(tf.constant(X), z)
    assert z.name == "DeviceWrapperZeroState/GRUCellZeroState/zeros:0"
    assert out.op.device.lower().endswith("cpu:0") and dev.state_size == 2


# ---- through dynamic_rnn and gradients

def test_cells_in_dynamic_rnn_and_gradients():
    x = tf.constant(RNG.standard_normal((B, 4, D)))
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.LSTMCell(3, use_peepholes=True),
                                        tf.nn.rnn_cell.GRUCell(2)])
    out, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float64)
    assert cell.variables[0].name == "rnn/multi_rnn_cell/cell_0/lstm_cell/kernel:0"
    loss = tf.reduce_sum(out * out)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        err = tf.test.compute_gradient_error(cell.variables[0], [D + 3, 12], loss, [])
    assert err < 1e-4
