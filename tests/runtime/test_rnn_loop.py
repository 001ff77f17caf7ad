"""A dynamic_rnn LSTM loop runs as one fused kernel (minitf/runtime/rnn_loop.py): its values,
gradients and training steps agree with the plain loop's to float rounding, the graph is left
alone, loops of other shapes are not matched, and a run the fast form cannot do exactly (an
index already written or read) takes the plain loop, with its error."""
import numpy as np
import pytest

import minitf as tf
from minitf.runtime import fusion, rnn_loop

B, T, D, H = 3, 5, 4, 6


@pytest.fixture
def runs(monkeypatch) -> list:
    """One entry per loop run by a matched loop's kernel: True when it ran fused."""
    made = []
    original = rnn_loop.compile_loop

    def spy(spec, xp):
        run = original(spec, xp)

        def wrapped(values, captured):
            result = run(values, captured)
            made.append(result is not None)
            return result
        return wrapped
    monkeypatch.setattr(rnn_loop, "compile_loop", spy)
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
def test_fused_loop_agrees_with_plain_loop(runs, monkeypatch, case):
    fused = _model(**case)
    # forward with gradients, inference, 3 training steps: every loop run was fused
    assert runs and all(runs)
    monkeypatch.setattr(fusion, "ENABLED", False)
    runs.clear()
    plain = _model(**case)
    assert not runs
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
    out, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(H), x, dtype=tf.float32)
    init = tf.global_variables_initializer()
    g = tf.get_default_graph()
    before = [(op.name, op.type) for op in g.get_operations()]
    with tf.Session() as sess:
        sess.run(init)
        sess.run(out, {x: np.ones([B, T, D], np.float32)})
    assert runs == [True]
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
