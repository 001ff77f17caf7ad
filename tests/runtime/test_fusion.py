"""Plan-level fusion: the LSTM state update runs as one kernel in the plan, gives the plain
plan's values bit for bit (forward, gradients, training steps), and leaves the graph alone; a
loop's input projection is hoisted out of the loop when no gradient needs its parts, and agrees
with the plain plan to float rounding."""
import numpy as np
import pytest

import minitf as tf
from minitf.runtime import fusion
from minitf.runtime import plan as plan_mod

B, T, D, H = 3, 5, 4, 6


def _plans(monkeypatch) -> list:
    made = []
    original = plan_mod.Plan.__init__

    def record(self, *args, **kwargs):
        original(self, *args, **kwargs)
        made.append(self)
    monkeypatch.setattr(plan_mod.Plan, "__init__", record)
    return made


def _fused(plans: list) -> list:
    return [op for p in plans for op in p.ops if isinstance(op, fusion.FusedOp)]


def _lstm_model(cell_fn, dtype=tf.float32, steps=3):
    """Builds a dynamic_rnn LSTM classifier, trains `steps` Adam steps; returns the outputs,
    the final state, the gradients w.r.t. inputs and kernel before training, and the losses."""
    tf.reset_default_graph()
    tf.set_random_seed(3)
    rng = np.random.RandomState(0)
    x = tf.placeholder(dtype, [B, T, D])
    cell = cell_fn()
    out, state = tf.nn.dynamic_rnn(cell, x, sequence_length=[5, 2, 4], dtype=dtype)
    layers = state if isinstance(state, tuple) and not hasattr(state, "c") else (state,)
    loss = tf.reduce_sum(out * out) + tf.add_n([tf.reduce_sum(s.c) for s in layers])
    grads = tf.gradients(loss, [x] + tf.trainable_variables())
    train = tf.train.AdamOptimizer(0.1).minimize(loss)
    feed = {x: rng.randn(B, T, D).astype(dtype.as_numpy_dtype)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = sess.run([out, state, grads], feed)
        losses = [sess.run([loss, train], feed)[0] for _ in range(steps)]
    return first, losses


def _same(a, b):
    if isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            _same(x, y)
    else:
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("cell_fn", [
    lambda: tf.nn.rnn_cell.BasicLSTMCell(H),
    lambda: tf.nn.rnn_cell.BasicLSTMCell(H, forget_bias=0.25),
    lambda: tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(H) for _ in range(2)]),
    lambda: tf.nn.rnn_cell.BasicLSTMCell(1),  # single-column gate views
], ids=["basic", "forget_bias", "multi", "one_unit"])
@pytest.mark.parametrize("dtype", [tf.float32, tf.float64], ids=["f32", "f64"])
def test_fused_lstm_equals_plain_plan(monkeypatch, cell_fn, dtype):
    """The state update's fusion alone is exact (the projection's is checked below)."""
    plans = _plans(monkeypatch)
    monkeypatch.setattr(fusion, "_PATTERNS", {"Split": fusion._PATTERNS["Split"]})
    fused_values = _lstm_model(cell_fn, dtype)
    assert _fused(plans), "the LSTM update was not fused"
    monkeypatch.setattr(fusion, "ENABLED", False)
    plans.clear()
    plain_values = _lstm_model(cell_fn, dtype)
    assert not _fused(plans)
    _same(fused_values, plain_values)


def test_seed_style_step_is_fused_and_names_stay(monkeypatch):
    """The seed's direct `call` (ops built with * and +) is matched too; the graph keeps
    `mul_2`/`add_1` and every op of the step."""
    plans = _plans(monkeypatch)
    tf.set_random_seed(7)  # both sessions initialize the same weights
    cell = tf.nn.rnn_cell.BasicLSTMCell(H)
    x = tf.placeholder(tf.float32, [B, D])
    h0 = cell.zero_state(B, tf.float32)
    out, state = cell.call(x, h0)
    assert (state.h.name, state.c.name) == ("mul_2:0", "add_1:0")
    init = tf.global_variables_initializer()
    n_ops = len(tf.get_default_graph().get_operations())
    feed = {x: np.random.RandomState(1).randn(B, D).astype(np.float32)}
    with tf.Session() as sess:
        sess.run(init)
        fused = sess.run([out, state], feed)
        assert len(_fused(plans)) == 1
    monkeypatch.setattr(fusion, "ENABLED", False)
    with tf.Session() as plain:
        plain.run(init)
        _same(fused, plain.run([out, state], feed))
    assert len(tf.get_default_graph().get_operations()) == n_ops


def test_intermediate_fetches_come_from_the_fused_kernel(monkeypatch):
    """Fetching the gate values of the fused group gives the plain plan's values."""
    plans = _plans(monkeypatch)
    cell = tf.nn.rnn_cell.BasicLSTMCell(H, forget_bias=0.5)
    x = tf.placeholder(tf.float32, [B, D])
    c = tf.placeholder(tf.float32, [B, H])
    _, state = cell(x, tf.nn.rnn_cell.LSTMStateTuple(c, tf.zeros([B, H])))
    g = tf.get_default_graph()
    names = ["basic_lstm_cell/split", "basic_lstm_cell/Add", "basic_lstm_cell/Sigmoid",
             "basic_lstm_cell/Mul", "basic_lstm_cell/Tanh_1", "basic_lstm_cell/Mul_2"]
    fetches = [g.get_tensor_by_name(n + ":0") for n in names] + \
        [g.get_tensor_by_name("basic_lstm_cell/split:3"), state.c]
    rng = np.random.RandomState(2)
    feed = {x: rng.randn(B, D).astype(np.float32), c: rng.randn(B, H).astype(np.float32)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        fused = sess.run(fetches, feed)
        assert _fused(plans)
        kernel, bias = sess.run(tf.trainable_variables())
    gates = np.concatenate([feed[x], np.zeros((B, H), np.float32)], 1) @ kernel + bias
    i, j, f, o = np.split(gates, 4, axis=1)
    sig = 1 / (1 + np.exp(-(f + 0.5)))
    new_c = feed[c] * sig + 1 / (1 + np.exp(-i)) * np.tanh(j)
    want = [i, f + 0.5, sig, feed[c] * sig, np.tanh(new_c),
            np.tanh(new_c) / (1 + np.exp(-o)), o, new_c]
    for got, ref in zip(fused, want):
        np.testing.assert_allclose(got, ref, rtol=1e-5, atol=1e-6)


def test_other_activation_is_not_fused(monkeypatch):
    plans = _plans(monkeypatch)
    cell = tf.nn.rnn_cell.BasicLSTMCell(H, activation=tf.nn.relu)
    out, _ = tf.nn.dynamic_rnn(cell, tf.ones([B, T, D]), dtype=tf.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(out)
    assert not [op for op in _fused(plans) if "Split" in op._type]


def _projections(plans: list) -> list:
    return [op for op in _fused(plans) if "MatMul" in op._type]


def _inference(cell_fn, dtype, seq=None):
    """dynamic_rnn outputs and final state, twice: the second run after new kernel values."""
    tf.reset_default_graph()
    tf.set_random_seed(5)
    rng = np.random.RandomState(4)
    x = tf.placeholder(dtype, [B, T, D])
    out, state = tf.nn.dynamic_rnn(cell_fn(), x, sequence_length=seq, dtype=dtype)
    tf.gradients(tf.reduce_sum(out), x)  # a gradient in the graph, not in the runs
    feed = {x: rng.randn(B, T, D).astype(dtype.as_numpy_dtype)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        values = [sess.run([out, state], feed)]
        for v in tf.trainable_variables():
            v.load(rng.randn(*v.shape.as_list()).astype(dtype.as_numpy_dtype), sess)
        values.append(sess.run([out, state], feed))
    return values


def _close(a, b, rtol):
    if isinstance(a, (list, tuple)):
        for x, y in zip(a, b):
            _close(x, y, rtol)
    else:
        np.testing.assert_allclose(a, b, rtol=rtol, atol=rtol)


@pytest.mark.parametrize("cell_fn", [
    lambda: tf.nn.rnn_cell.BasicLSTMCell(H),
    lambda: tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(H) for _ in range(2)]),
    lambda: tf.nn.rnn_cell.BasicRNNCell(H),
    lambda: tf.nn.rnn_cell.GRUCell(H),
    lambda: tf.nn.rnn_cell.LSTMCell(H, use_peepholes=True, num_proj=3),
], ids=["basic", "multi", "rnn", "gru", "lstm_proj"])
@pytest.mark.parametrize("dtype,rtol", [(tf.float32, 1e-6), (tf.float64, 1e-13)],
                         ids=["f32", "f64"])
@pytest.mark.parametrize("seq", [None, [5, 2, 4]], ids=["full", "lengths"])
def test_hoisted_projection_matches_plain_plan(monkeypatch, cell_fn, dtype, rtol, seq):
    plans = _plans(monkeypatch)
    hoisted = _inference(cell_fn, dtype, seq)
    assert _projections(plans), "the input projection was not fused"
    monkeypatch.setattr(fusion, "ENABLED", False)
    _close(hoisted, _inference(cell_fn, dtype, seq), rtol)


@pytest.mark.parametrize("dtype,rtol", [(tf.float32, 1e-5), (tf.float64, 1e-12)],
                         ids=["f32", "f64"])
def test_training_with_hoisted_projection_matches_plain_plan(monkeypatch, dtype, rtol):
    """Gradients keep the concatenation (for the kernel's) and still get the hoisted sum:
    outputs, gradients and three Adam steps agree with the plain plan to rounding."""
    plans = _plans(monkeypatch)
    cell_fn = lambda: tf.nn.rnn_cell.MultiRNNCell(  # noqa: E731
        [tf.nn.rnn_cell.BasicLSTMCell(H) for _ in range(2)])
    hoisted = _lstm_model(cell_fn, dtype)
    assert _projections(plans)
    monkeypatch.setattr(fusion, "ENABLED", False)
    _close(hoisted, _lstm_model(cell_fn, dtype), rtol)


def _custom_loop(reads: int, size: int):
    """A loop reading a TensorArray of `size` elements, the first 3 written, computing
    `h = tanh([x_t, h] W + b)` for `reads` steps."""
    tf.reset_default_graph()
    rng = np.random.RandomState(6)
    x = tf.constant(rng.randn(3, B, D).astype(np.float32))
    w = tf.constant(rng.randn(D + H, H).astype(np.float32))
    b = tf.constant(rng.randn(H).astype(np.float32))
    ta = tf.TensorArray(tf.float32, size=size).unstack(x)

    def body(t, h):
        return t + 1, tf.tanh(tf.nn.bias_add(tf.matmul(tf.concat([ta.read(t), h], 1), w), b))
    _, h = tf.while_loop(lambda t, h: t < reads, body, (tf.constant(0), tf.zeros([B, H])))
    with tf.Session() as sess:
        return sess.run(h)


def test_incomplete_array_is_read_plainly(monkeypatch):
    """An element not yet written when the loop starts (it might be written later): no
    projection, the plain kernels bit for bit."""
    plans = _plans(monkeypatch)
    fused = _custom_loop(3, size=4)
    assert _projections(plans)
    monkeypatch.setattr(fusion, "ENABLED", False)
    np.testing.assert_array_equal(fused, _custom_loop(3, size=4))


def test_hoisted_read_past_the_end_names_the_read_op(monkeypatch):
    plans = _plans(monkeypatch)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"(?s)Tried to read from index 3 but array size is: 3.*"
                             r"while/TensorArrayReadV3"):
        _custom_loop(4, size=3)
    assert _projections(plans)


def test_gru_reads_its_input_into_two_hoisted_projections(monkeypatch):
    """A GRU step concatenates the same input twice (gates, then candidate): both products are
    hoisted, each with its own kernel."""
    plans = _plans(monkeypatch)
    calls, stores = [], []
    projected = fusion._projected

    def counting(store, w, b, h, xp):
        found = projected(store, w, b, h, xp)
        calls.append(None if found is None else w.shape)
        stores.append(store)
        return found
    monkeypatch.setattr(fusion, "_projected", counting)
    _inference(lambda: tf.nn.rnn_cell.GRUCell(H), tf.float32)
    assert max(len(_projections([p])) for p in plans) == 2
    assert None not in calls and len(calls) == 2 * 2 * T  # two runs, two products a step
    assert set(calls) == {(D + H, 2 * H), (D + H, H)}
    assert all(not store.derived for store in stores)  # dropped when the loop ended
