"""A dynamic_rnn LSTM loop and its gradient loop run as fused kernels (minitf/runtime/
rnn_loop.py): values, gradients and training steps agree with the plain loops' to float
rounding, the graph is left alone, loops of other shapes are not matched, and a run the fast
form cannot do exactly (an index already written or read, histories the forward kept as lists)
takes the plain loop, with its error."""
import numpy as np
import pytest

import minitf as tf
from minitf.runtime import fusion, rnn_loop

B, T, D, H = 3, 5, 4, 6


def _spy(monkeypatch, name: str, made: list, record) -> None:
    original = getattr(rnn_loop, name)

    def spy(spec, xp):
        run = original(spec, xp)

        def wrapped(values, captured):
            result = run(values, captured)
            made.append(record(result is not None))
            return result
        return wrapped
    monkeypatch.setattr(rnn_loop, name, spy)


@pytest.fixture
def runs(monkeypatch) -> list:
    """One entry per forward loop run by a matched loop's kernel: True when it ran fused."""
    made: list = []
    _spy(monkeypatch, "compile_loop", made, lambda fused: fused)
    return made


@pytest.fixture
def backward(monkeypatch) -> list:
    """One entry per gradient loop run by a matched loop's kernel: True when it ran fused."""
    made: list = []
    _spy(monkeypatch, "compile_backward", made, lambda fused: fused)
    return made


def _model(cell_fn, dtype=tf.float32, time_major=False, initial=False, steps=3):
    """dynamic_rnn outputs, final state, gradients (inputs, weights, initial state) and the
    losses of `steps` Adam steps."""
    tf.reset_default_graph()
    tf.set_random_seed(7)
    rng = np.random.RandomState(0)
    npd = dtype.as_numpy_dtype
    x = tf.placeholder(dtype, [T, B, D] if time_major else [B, T, D])
    cell = cell_fn()
    state0 = None
    if initial:
        state0 = tf.nn.rnn_cell.LSTMStateTuple(tf.constant(rng.randn(B, H).astype(npd)),
                                               tf.constant(rng.randn(B, H).astype(npd)))
    out, state = tf.nn.dynamic_rnn(cell, x, initial_state=state0, time_major=time_major,
                                   dtype=dtype)
    loss = tf.reduce_sum(out * out) + tf.reduce_sum(state.c * state.h)
    xs = [x] + tf.trainable_variables() + ([state0.c, state0.h] if initial else [])
    grads = tf.gradients(loss, xs)
    train = tf.train.AdamOptimizer(0.1).minimize(loss)
    feed = {x: rng.randn(*x.shape.as_list()).astype(npd)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = sess.run([out, state, grads], feed)
        inference = sess.run(out, feed)
        losses = [sess.run([loss, train], feed)[0] for _ in range(steps)]
    return [first, inference, losses]


def _close(a, b, tol):
    if isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            _close(x, y, tol)
    else:
        np.testing.assert_allclose(a, b, rtol=tol, atol=tol)


@pytest.mark.parametrize("case", [
    dict(cell_fn=lambda: tf.nn.rnn_cell.BasicLSTMCell(H)),
    dict(cell_fn=lambda: tf.nn.rnn_cell.BasicLSTMCell(H, forget_bias=0.25)),
    dict(cell_fn=lambda: tf.nn.rnn_cell.LSTMCell(H)),
    dict(cell_fn=lambda: tf.contrib.rnn.BasicLSTMCell(H), time_major=True),
    dict(cell_fn=lambda: tf.nn.rnn_cell.BasicLSTMCell(H), initial=True),
    dict(cell_fn=lambda: tf.nn.rnn_cell.BasicLSTMCell(H), dtype=tf.float64),
], ids=["basic", "forget_bias", "lstm_cell", "time_major", "initial_state", "f64"])
def test_fused_loop_agrees_with_plain_loop(runs, backward, monkeypatch, case):
    fused = _model(**case)
    # forward with gradients, inference, 3 training steps: every loop run was fused
    assert len(runs) == 5 and all(runs) and len(backward) == 4 and all(backward)
    monkeypatch.setattr(fusion, "ENABLED", False)
    runs.clear()
    backward.clear()
    plain = _model(**case)
    assert not runs and not backward
    _close(fused, plain, 1e-12 if case.get("dtype") is tf.float64 else 2e-5)


@pytest.mark.parametrize("cell_fn,kwargs", [
    (lambda: tf.nn.rnn_cell.BasicLSTMCell(H), {"sequence_length": [5, 2, 4]}),
    (lambda: tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(H) for _ in range(2)]), {}),
    (lambda: tf.nn.rnn_cell.GRUCell(H), {}),
    (lambda: tf.nn.rnn_cell.BasicLSTMCell(H, state_is_tuple=False), {}),
    (lambda: tf.nn.rnn_cell.LSTMCell(H, use_peepholes=True), {}),
], ids=["sequence_length", "multi", "gru", "state_not_tuple", "peepholes"])
def test_other_loops_are_not_matched(runs, cell_fn, kwargs):
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [B, T, D])
    out, _ = tf.nn.dynamic_rnn(cell_fn(), x, dtype=tf.float32, **kwargs)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(out, {x: np.ones([B, T, D], np.float32)})
    assert runs == []


def test_graph_is_left_alone(runs):
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [B, T, D])
    out, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(H), x, dtype=tf.float32)
    init = tf.global_variables_initializer()
    g = tf.get_default_graph()
    before = [(op.name, op.type) for op in g.get_operations()]
    with tf.Session() as sess:
        sess.run(init)
        fetched = sess.run([out, state.c, state.h], {x: np.ones([B, T, D], np.float32)})
    assert runs == [True]
    # the final state is the loop's last h and c, yet fetched arrays are independent, as TF's
    for k, a in enumerate(fetched):
        assert not any(np.shares_memory(a, b) for b in fetched[k + 1:])
    assert [(op.name, op.type) for op in g.get_operations()] == before
    assert ("rnn/while/basic_lstm_cell/Mul_2", "Mul") in before


def _manual_loop(pre_write=False, read_before=False, max_iter=None):
    """dynamic_rnn's loop written out: read x_t, the cell, write h; returns the session's
    outputs and final state (or raises the loop's error)."""
    tf.reset_default_graph()
    tf.set_random_seed(5)
    rng = np.random.RandomState(1)
    x = tf.constant(rng.randn(T, B, D).astype(np.float32))
    xs = tf.TensorArray(tf.float32, size=T).unstack(x)
    out = tf.TensorArray(tf.float32, size=T, element_shape=[B, H])
    if pre_write:
        out = out.write(0, tf.zeros([B, H]))
    deps = [xs.read(0)] if read_before else []
    cell = tf.nn.rnn_cell.BasicLSTMCell(H)
    zero = cell.zero_state(B, tf.float32)

    def body(t, ta, c, h):
        o, state = cell(xs.read(t), tf.nn.rnn_cell.LSTMStateTuple(c, h))
        return [t + 1, ta.write(t, o), state.c, state.h]
    with tf.control_dependencies(deps):
        start = tf.constant(0)
    t, ta, c, h = tf.while_loop(lambda t, *_: t < T, body, [start, out, zero.c, zero.h],
                                maximum_iterations=max_iter)
    result = [t, ta.stack(), c, h]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(result)


def test_manual_loop_is_fused_and_maximum_iterations_bounds_it(runs, monkeypatch):
    fused = [_manual_loop(), _manual_loop(max_iter=3)]
    assert runs == [True, True]
    assert fused[1][0] == 3 and np.all(fused[1][1][3:] == 0)
    monkeypatch.setattr(fusion, "ENABLED", False)
    plain = [_manual_loop(), _manual_loop(max_iter=3)]
    _close(fused, plain, 2e-6)


@pytest.mark.parametrize("kwargs,message", [
    ({"pre_write": True}, "because it has already been written to"),
    ({"read_before": True}, "Could not read index 0 twice because it was cleared"),
])
def test_runs_it_cannot_do_take_the_plain_loop(runs, kwargs, message):
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        _manual_loop(**kwargs)
    assert runs == [False]


def test_loop_that_does_not_start_returns_its_inputs(runs):
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [B, None, D])
    out, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(H), x, dtype=tf.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        o, s = sess.run([out, state], {x: np.ones([B, 0, D], np.float32)})
    assert o.shape == (B, 0, H) and np.all(s.c == 0) and runs == [False]


@pytest.mark.parametrize("cache_bytes", [1, 2 * (B * 4 * H * 4 + 1)], ids=["one_step", "two_steps"])
def test_gradient_factors_by_chunks_agree(backward, monkeypatch, cache_bytes):
    """The gradient loop computes its per-step factors a chunk of steps at a time: one step,
    or two (2, 2 and 1 of the 5), give the values of all steps at once."""
    loss_of = lambda out, state: tf.reduce_sum(out * out) + tf.reduce_sum(state.c)  # noqa: E731
    whole = _gradients(loss_of)
    monkeypatch.setattr(rnn_loop, "_CACHE_BYTES", cache_bytes)
    _close(_gradients(loss_of), whole, 1e-6)
    assert backward == [True, True]


def _gradients(loss_of, two=False):
    """The gradients (inputs, weights) of `loss_of(outputs, state)` through dynamic_rnn."""
    tf.reset_default_graph()
    tf.set_random_seed(2)
    x = tf.placeholder(tf.float32, [B, T, D])
    out, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(H), x, dtype=tf.float32)
    loss = loss_of(out, state)
    wrt = [x] + tf.trainable_variables()
    grads = [tf.gradients(loss, wrt)] + ([tf.gradients(2 * loss, wrt)] if two else [])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(grads, {x: np.random.RandomState(3).randn(B, T, D).astype(np.float32)})


@pytest.mark.parametrize("loss_of,two", [
    (lambda out, state: tf.reduce_sum(state.h * state.h), False),
    (lambda out, state: tf.reduce_sum(out[:, -1] * 3.0) + tf.reduce_sum(state.c), False),
    (lambda out, state: tf.reduce_sum(out * out), True),
], ids=["state_only", "last_output", "two_gradient_calls"])
def test_fused_gradient_loop_agrees_with_plain(runs, backward, monkeypatch, loss_of, two):
    """Outputs no gradient reaches read as zeros; two `tf.gradients` calls build two
    gradient loops, each with its own gradient arrays."""
    fused = _gradients(loss_of, two)
    assert runs == [True] and backward == [True] * (1 + two)
    monkeypatch.setattr(fusion, "ENABLED", False)
    _close(fused, _gradients(loss_of, two), 2e-5)


def test_gradient_loop_of_a_plain_run_is_plain(runs, backward, monkeypatch):
    """An output array without a static element shape makes the forward loop run plain (its
    histories are lists); the gradient loop then runs plain too."""
    def build():
        tf.reset_default_graph()
        tf.set_random_seed(4)
        x = tf.constant(np.random.RandomState(1).randn(T, B, D).astype(np.float32))
        xs = tf.TensorArray(tf.float32, size=T, element_shape=[B, D]).unstack(x)
        cell = tf.nn.rnn_cell.BasicLSTMCell(H)
        zero = cell.zero_state(B, tf.float32)

        def body(t, ta, c, h):
            o, state = cell(xs.read(t), tf.nn.rnn_cell.LSTMStateTuple(c, h))
            return [t + 1, ta.write(t, o), state.c, state.h]
        _, ta, c, _ = tf.while_loop(lambda t, *_: t < T, body,
                                    [0, tf.TensorArray(tf.float32, size=T), zero.c, zero.h])
        loss = tf.reduce_sum(ta.stack() ** 2) + tf.reduce_sum(c)
        grads = tf.gradients(loss, [x] + tf.trainable_variables())
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            return sess.run(grads)
    fused = build()
    assert runs == [False] and backward == [False]
    monkeypatch.setattr(fusion, "ENABLED", False)
    _close(fused, build(), 1e-6)


def _bidirectional(batch, steps, depth, units, cell_fn, seed=6):
    """Outputs, states and gradients of a bidirectional_dynamic_rnn (two loops, one of them
    over the reversed input) at the given sizes."""
    tf.reset_default_graph()
    tf.set_random_seed(seed)
    x = tf.placeholder(tf.float32, [batch, steps, depth])
    (fw, bw), (sf, sb) = tf.nn.bidirectional_dynamic_rnn(cell_fn(units), cell_fn(units), x,
                                                         dtype=tf.float32)
    loss = tf.reduce_sum(fw * bw) + tf.reduce_sum(sf.c) - tf.reduce_sum(sb.h * sb.h)
    grads = tf.gradients(loss, [x] + tf.trainable_variables())
    rng = np.random.RandomState(seed)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run([fw, bw, sf, sb, grads], {x: rng.randn(batch, steps, depth) * 2})


@pytest.mark.parametrize("sizes", [(1, 1, 1, 1), (2, 1, 3, 2), (1, 17, 2, 3), (4, 9, 5, 8),
                                   (3, 4, 2, 1)],
                         ids=["one_of_each", "one_step", "long", "wider", "one_unit"])
@pytest.mark.parametrize("cell_fn", [
    lambda n: tf.nn.rnn_cell.BasicLSTMCell(n, forget_bias=0.0),
    lambda n: tf.nn.rnn_cell.LSTMCell(n, forget_bias=2.5),
], ids=["basic_no_forget_bias", "lstm_cell"])
def test_bidirectional_loops_at_edge_sizes(runs, backward, monkeypatch, sizes, cell_fn):
    fused = _bidirectional(*sizes, cell_fn)
    assert runs == [True, True] and backward == [True, True]
    monkeypatch.setattr(fusion, "ENABLED", False)
    _close(fused, _bidirectional(*sizes, cell_fn), 2e-5)
