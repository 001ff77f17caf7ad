"""dynamic_rnn, bidirectional_dynamic_rnn, static_rnn and static_bidirectional_rnn with small
duck-typed cells (the interface the functions accept), checked against numpy loops: values,
sequence_length semantics, nested inputs and states, static shapes, names, variable placement,
gradients, and TF 1.15's argument errors."""
import numpy as np
import pytest

import minitf as tf
from tests.harness import session

RNG = np.random.RandomState(5)
B, T, D, U = 3, 5, 2, 4  # batch, time, depth, units: distinct per axis


class TinyCell:
    """`h' = tanh([x, h] W + b)`, output h' (weights from constant initializers)."""

    def __init__(self, depth=D, units=U, name="tiny", dtype=np.float32, seed=0):
        rng = np.random.RandomState(seed)
        self.units, self.name = units, name
        self.w = (rng.standard_normal((depth + units, units)) * 0.5).astype(dtype)
        self.b = (rng.standard_normal(units) * 0.1).astype(dtype)
        self.calls = 0

    @property
    def state_size(self):
        return self.units

    @property
    def output_size(self):
        return self.units

    def zero_state(self, batch_size, dtype):
        with tf.name_scope("TinyCellZeroState"):
            return tf.zeros([batch_size, self.units], dtype)

    def __call__(self, inputs, state):
        self.calls += 1
        with tf.variable_scope(self.name, reuse=tf.AUTO_REUSE):
            w = tf.get_variable("kernel", self.w.shape, inputs.dtype,
                                tf.constant_initializer(self.w))
            b = tf.get_variable("bias", self.b.shape, inputs.dtype,
                                tf.constant_initializer(self.b))
            h = tf.tanh(tf.matmul(tf.concat([inputs, state], 1), w) + b)
        return h, h

    def step(self, x, h):
        return np.tanh(np.concatenate([x, h], 1) @ self.w + self.b)


class PairCell(TinyCell):
    """State `(c, h)`, output `(h, c * h)`."""

    @property
    def state_size(self):
        return (self.units, self.units)

    @property
    def output_size(self):
        return (self.units, self.units)

    def zero_state(self, batch_size, dtype):
        with tf.name_scope("PairCellZeroState"):
            return (tf.zeros([batch_size, self.units], dtype),
                    tf.zeros([batch_size, self.units], dtype))

    def __call__(self, inputs, state):
        c, h = state
        new_h, _ = TinyCell.__call__(self, inputs, h)
        new_c = 0.5 * c + new_h
        return (new_h, new_c * new_h), (new_c, new_h)


def _reference(cell, x, lengths=None, h0=None):
    """Batch-major numpy loop with TF's sequence_length rule (zero output, frozen state)."""
    b, t = x.shape[:2]
    h = np.zeros((b, cell.units), x.dtype) if h0 is None else h0
    lengths = np.full(b, t) if lengths is None else np.asarray(lengths)
    outs = np.zeros((b, t, cell.units), x.dtype)
    for i in range(t):
        new = cell.step(x[:, i], h)
        live = (i < lengths)[:, None]
        outs[:, i] = np.where(live, new, 0)
        h = np.where(live, new, h)
    return outs, h


def _run(fetches, feed=None):
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed)


X = RNG.standard_normal((B, T, D)).astype(np.float32)


# ---- dynamic_rnn values and names

def test_dynamic_rnn_batch_major_values_names_and_shapes():
    cell = TinyCell()
    x = tf.placeholder(tf.float32, [B, T, D], name="x")
    out, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    assert out.name == "rnn/transpose_1:0" and out.shape.as_list() == [B, T, U]
    assert state.name == "rnn/while/Exit_3:0" and state.shape.as_list() == [B, U]
    names = [op.name for op in tf.get_default_graph().get_operations()]
    for n in ("rnn/transpose", "rnn/TensorArray", "rnn/TensorArray_1",
              "rnn/TensorArrayUnstack/TensorArrayScatter/TensorArrayScatterV3",
              "rnn/while/TensorArrayReadV3", "rnn/while/tiny/MatMul",
              "rnn/while/TensorArrayWrite/TensorArrayWriteV3", "rnn/while/add_1",
              "rnn/TensorArrayStack/TensorArrayGatherV3", "rnn/Minimum", "rnn/time",
              "rnn/TinyCellZeroState/zeros"):
        assert n in names, n
    # the cell is traced once and its variables live outside the loop
    assert cell.calls == 1
    assert [v.name for v in tf.global_variables()] == ["rnn/tiny/kernel:0", "rnn/tiny/bias:0"]
    assert all(v.op._control_flow_context is None for v in tf.global_variables())
    got_out, got_state = _run([out, state], {x: X})
    want_out, want_state = _reference(cell, X)
    np.testing.assert_allclose(got_out, want_out, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_state, want_state, rtol=1e-5, atol=1e-6)


def test_dynamic_rnn_time_major_initial_state_float64():
    cell = TinyCell(dtype=np.float64)
    xt = X.transpose(1, 0, 2).astype(np.float64)
    h0 = RNG.standard_normal((B, U))
    x = tf.placeholder(tf.float64, [T, B, D])
    init = tf.placeholder(tf.float64, [B, U])
    out, state = tf.nn.dynamic_rnn(cell, x, initial_state=init, time_major=True)
    assert out.name == "rnn/TensorArrayStack/TensorArrayGatherV3:0"
    assert out.dtype == tf.float64 and out.shape.as_list() == [T, B, U]
    assert "rnn/transpose" not in [op.name for op in tf.get_default_graph().get_operations()]
    got_out, got_state = _run([out, state], {x: xt, init: h0})
    want_out, want_state = _reference(cell, X.astype(np.float64), h0=h0)
    np.testing.assert_allclose(got_out, want_out.transpose(1, 0, 2), rtol=1e-10)
    np.testing.assert_allclose(got_state, want_state, rtol=1e-10)


def test_dynamic_rnn_sequence_length_zeroes_outputs_and_freezes_state():
    cell = TinyCell()
    lengths = np.array([5, 2, 0])
    x = tf.placeholder(tf.float32, [B, T, D])
    seq = tf.placeholder(tf.int64, [B])
    out, state = tf.nn.dynamic_rnn(cell, x, sequence_length=seq, dtype=tf.float32)
    names = [op.name for op in tf.get_default_graph().get_operations()]
    for n in ("rnn/Cast", "rnn/sequence_length", "rnn/Assert/Assert", "rnn/CheckSeqLen",
              "rnn/Min", "rnn/Max", "rnn/while/GreaterEqual", "rnn/while/Select",
              "rnn/while/Select_1"):
        assert n in names, n
    got_out, got_state = _run([out, state], {x: X, seq: lengths})
    want_out, want_state = _reference(cell, X, lengths)
    np.testing.assert_allclose(got_out, want_out, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_state, want_state, rtol=1e-5, atol=1e-6)
    assert not got_out[1, 2:].any() and not got_state[2].any()


def test_dynamic_rnn_loop_stops_at_longest_sequence():
    x = tf.placeholder(tf.float32, [B, T, D])
    out, state = tf.nn.dynamic_rnn(TinyCell(), x, sequence_length=[2, 1, 2], dtype=tf.float32)
    got_out, got_state = _run([out, state], {x: X})
    want_out, want_state = _reference(TinyCell(), X, [2, 1, 2])
    np.testing.assert_allclose(got_out, want_out, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_state, want_state, rtol=1e-5, atol=1e-6)


def test_dynamic_rnn_wrong_sequence_length_size_fails_at_run_time():
    x = tf.placeholder(tf.float32, [B, T, D])
    seq = tf.placeholder(tf.int32, [None])
    out, _ = tf.nn.dynamic_rnn(TinyCell(), x, sequence_length=seq, dtype=tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Expected shape for Tensor rnn/sequence_length:0 is "):
        _run(out, {x: X, seq: [1, 2]})


def test_dynamic_rnn_tuple_state_and_output_unknown_dims():
    cell = PairCell(depth=D, units=3)
    x = tf.placeholder(tf.float32, [None, None, D])
    (h, ch), (c_final, h_final) = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, scope="enc")
    assert h.shape.as_list() == [None, None, 3] and c_final.shape.as_list() == [None, 3]
    # two output arrays come first in the loop vars
    assert (c_final.name, h_final.name) == ("enc/while/Exit_4:0", "enc/while/Exit_5:0")
    got = _run([h, ch, c_final, h_final], {x: X})
    c = hh = np.zeros((B, 3), np.float32)
    for i in range(T):
        hh = cell.step(X[:, i], hh)
        c = 0.5 * c + hh
        np.testing.assert_allclose(got[0][:, i], hh, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(got[1][:, i], c * hh, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got[2], c, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got[3], hh, rtol=1e-5, atol=1e-6)


def test_dynamic_rnn_nested_inputs():
    seen = []

    class Nested(TinyCell):
        def __call__(self, inputs, state):
            seen.append(inputs)
            return TinyCell.__call__(self, tf.concat(list(inputs), 1), state)

    cell = Nested(depth=D + 1)
    a = tf.placeholder(tf.float32, [B, T, D])
    b = tf.placeholder(tf.float32, [B, T, 1])
    extra = RNG.standard_normal((B, T, 1)).astype(np.float32)
    out, _ = tf.nn.dynamic_rnn(cell, (a, b), dtype=tf.float32)
    assert isinstance(seen[0], tuple) and seen[0][1].shape.as_list() == [B, 1]
    want, _ = _reference(cell, np.concatenate([X, extra], 2))
    np.testing.assert_allclose(_run(out, {a: X, b: extra}), want, rtol=1e-5, atol=1e-6)


def test_dynamic_rnn_twice_in_one_scope_needs_reuse():
    x = tf.placeholder(tf.float32, [B, T, D])
    tf.nn.dynamic_rnn(TinyCell(), x, dtype=tf.float32)
    with tf.variable_scope("rnn", reuse=True) as scope:
        pass
    tf.nn.dynamic_rnn(TinyCell(), x, dtype=tf.float32, scope=scope)
    assert len(tf.global_variables()) == 2


def _gradient_error(run_rnn):
    """The numeric gradient error, w.r.t. the inputs and the kernel, of `sum(out^2) +
    sum(sin(state))` for `(out, state) = run_rnn(cell, x)` over float64 inputs of lengths
    5, 3, 1."""
    cell = TinyCell(dtype=np.float64)
    x = tf.placeholder(tf.float64, [B, T, D])
    out, state = run_rnn(cell, x)
    loss = tf.reduce_sum(tf.square(out)) + tf.reduce_sum(tf.sin(state))
    w = tf.global_variables()[0]
    with session():
        tf.get_default_session().run(tf.global_variables_initializer())
        return tf.test.compute_gradient_error(
            [x, w], [[B, T, D], list(cell.w.shape)], loss, [],
            x_init_value=[X.astype(np.float64), cell.w])


def test_dynamic_rnn_gradients_match_numeric():
    assert _gradient_error(lambda cell, x: tf.nn.dynamic_rnn(
        cell, x, sequence_length=[5, 3, 1], dtype=tf.float64)) < 1e-4


# ---- bidirectional and static

def test_bidirectional_dynamic_rnn_reverses_per_length():
    fw, bw = TinyCell(seed=1), TinyCell(units=3, seed=2)
    lengths = [5, 2, 3]
    x = tf.placeholder(tf.float32, [B, T, D])
    (out_fw, out_bw), (s_fw, s_bw) = tf.nn.bidirectional_dynamic_rnn(
        fw, bw, x, sequence_length=lengths, dtype=tf.float32)
    assert out_bw.name == "ReverseSequence:0"
    assert s_fw.name == "bidirectional_rnn/fw/fw/while/Exit_3:0"
    assert [v.name for v in tf.global_variables()] == [
        "bidirectional_rnn/fw/tiny/kernel:0", "bidirectional_rnn/fw/tiny/bias:0",
        "bidirectional_rnn/bw/tiny/kernel:0", "bidirectional_rnn/bw/tiny/bias:0"]
    got = _run([out_fw, out_bw, s_fw, s_bw], {x: X})
    want_fw, want_sfw = _reference(fw, X, lengths)
    rev = X.copy()
    for r, n in enumerate(lengths):
        rev[r, :n] = X[r, :n][::-1]
    tmp, want_sbw = _reference(bw, rev, lengths)
    want_bw = tmp.copy()
    for r, n in enumerate(lengths):
        want_bw[r, :n] = tmp[r, :n][::-1]
    for g, w in zip(got, [want_fw, want_bw, want_sfw, want_sbw]):
        np.testing.assert_allclose(g, w, rtol=1e-5, atol=1e-6)


def test_bidirectional_dynamic_rnn_time_major_without_lengths_uses_reverse():
    fw, bw = TinyCell(seed=1), TinyCell(seed=2)
    x = tf.placeholder(tf.float32, [T, B, D])
    (_, out_bw), _ = tf.nn.bidirectional_dynamic_rnn(fw, bw, x, dtype=tf.float32,
                                                     time_major=True)
    assert out_bw.name == "ReverseV2:0"
    tmp, _ = _reference(bw, X[:, ::-1])
    np.testing.assert_allclose(_run(out_bw, {x: X.transpose(1, 0, 2)}),
                               tmp[:, ::-1].transpose(1, 0, 2), rtol=1e-5, atol=1e-6)


def test_static_rnn_unrolls_with_reuse_and_lengths():
    cell = TinyCell()
    xs = [tf.constant(X[:, i]) for i in range(T)]
    outs, state = tf.nn.static_rnn(cell, xs, dtype=tf.float32, sequence_length=[5, 2, 0])
    assert cell.calls == T and len(tf.global_variables()) == 2
    assert outs[0].name == "rnn/cond/Merge:0" and outs[1].name == "rnn/cond_1/Merge:0"
    got_outs, got_state = _run([outs, state])
    want_out, want_state = _reference(cell, X, [5, 2, 0])
    np.testing.assert_allclose(np.stack(got_outs, 1), want_out, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_state, want_state, rtol=1e-5, atol=1e-6)


def test_static_rnn_plain_names():
    xs = [tf.constant(X[:, i]) for i in range(3)]
    outs, state = tf.nn.static_rnn(TinyCell(), xs, dtype=tf.float32)
    assert [o.name for o in outs] == ["rnn/tiny/Tanh:0", "rnn/tiny_1/Tanh:0",
                                      "rnn/tiny_2/Tanh:0"]
    assert state is outs[-1]


def test_static_bidirectional_rnn_concatenates_outputs():
    fw, bw = TinyCell(seed=1), TinyCell(units=3, seed=2)
    xs = [tf.constant(X[:, i]) for i in range(T)]
    outs, s_fw, s_bw = tf.nn.static_bidirectional_rnn(fw, bw, xs, dtype=tf.float32)
    assert outs[0].name == "concat:0" and outs[0].shape.as_list() == [B, U + 3]
    got = _run([outs, s_fw, s_bw])
    want_fw, want_sfw = _reference(fw, X)
    tmp, want_sbw = _reference(bw, X[:, ::-1])
    want = np.concatenate([want_fw, tmp[:, ::-1]], 2)
    np.testing.assert_allclose(np.stack(got[0], 1), want, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got[1], want_sfw, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got[2], want_sbw, rtol=1e-5, atol=1e-6)


def test_contrib_and_nn_share_the_functions():
    assert tf.nn.static_rnn.__module__ == "minitf.nn.rnn"
    assert tf.nn.dynamic_rnn.__module__ == "minitf.nn.rnn"


def test_tf0_rnn_is_absent_as_in_tf1():
    # old scripts fall back to static_rnn on AttributeError, as TF 1.x makes them
    cell = tf.nn.rnn_cell.BasicRNNCell(3)
    xs = [tf.zeros([2, 4])] * 2
    try:
        outputs, _ = tf.nn.rnn(cell, xs, dtype=tf.float32)
    except AttributeError:
        outputs, _ = tf.contrib.rnn.static_rnn(cell, xs, dtype=tf.float32)
    assert len(outputs) == 2 and not hasattr(tf.nn, "rnn")


# ---- errors

def test_not_a_cell():
    class NoSizes:
        pass

    with pytest.raises(TypeError, match="The argument 'cell' .* is not an RNNCell: "
                       "'output_size' property is missing, 'state_size' property is missing, "
                       "either 'zero_state' or 'get_initial_state' method is required, "
                       "is not callable."):
        tf.nn.dynamic_rnn(NoSizes(), tf.zeros([B, T, D]), dtype=tf.float32)
    with pytest.raises(TypeError, match="The argument 'cell_bw'"):
        tf.nn.bidirectional_dynamic_rnn(TinyCell(), NoSizes(), tf.zeros([B, T, D]),
                                        dtype=tf.float32)


def test_dynamic_rnn_argument_errors():
    x = tf.zeros([B, T, D])
    with pytest.raises(ValueError, match="If there is no initial_state, you must give a "
                                         "dtype."):
        tf.nn.dynamic_rnn(TinyCell(), x)
    with pytest.raises(ValueError, match=r"sequence_length must be a vector of length "
                                         r"batch_size, but saw shape: \(1, 2\)"):
        tf.nn.dynamic_rnn(TinyCell(), x, sequence_length=[[1, 2]], dtype=tf.float32)
    with pytest.raises(ValueError, match=r"Shape \(3, 2\) must have rank at least 3"):
        tf.nn.dynamic_rnn(TinyCell(), tf.zeros([3, 2]), dtype=tf.float32, time_major=True)
    with pytest.raises(ValueError, match="Expected input tensor .* to have rank at least 2"):
        tf.nn.dynamic_rnn(TinyCell(), tf.zeros([3]), dtype=tf.float32, time_major=True)
    with pytest.raises(ValueError, match="Input size \\(depth of inputs\\) must be accessible "
                                         "via shape inference, but saw value None."):
        tf.nn.dynamic_rnn(TinyCell(), tf.placeholder(tf.float32, [B, T, None]),
                          dtype=tf.float32)
    with pytest.raises(ValueError, match="Time steps is not the same for all the elements"):
        tf.nn.dynamic_rnn(TinyCell(), (x, tf.zeros([B, T + 1, 1])), dtype=tf.float32)
    with pytest.raises(ValueError, match="Batch_size is not the same for all the elements"):
        tf.nn.dynamic_rnn(TinyCell(), (x, tf.zeros([B + 1, T, 1])), dtype=tf.float32)
    with pytest.raises(ValueError, match="State has tensors of different inferred_dtypes"):
        tf.nn.dynamic_rnn(PairCell(), x, initial_state=(tf.zeros([B, U]),
                                                        tf.zeros([B, U], tf.float64)))


def test_static_rnn_argument_errors():
    with pytest.raises(TypeError, match="inputs must be a sequence"):
        tf.nn.static_rnn(TinyCell(), tf.zeros([B, D]), dtype=tf.float32)
    with pytest.raises(ValueError, match="inputs must not be empty"):
        tf.nn.static_rnn(TinyCell(), [], dtype=tf.float32)
    with pytest.raises(ValueError, match="If there is no initial_state, you must give a "
                                         "dtype."):
        tf.nn.static_rnn(TinyCell(), [tf.zeros([B, D])])
    with pytest.raises(ValueError, match=r"Input size \(dimension 0 of inputs\) must be "
                                         r"accessible via shape inference"):
        tf.nn.static_rnn(TinyCell(), [tf.placeholder(tf.float32, [B, None])],
                         dtype=tf.float32)
    with pytest.raises(ValueError, match="sequence_length must be a vector"):
        tf.nn.static_rnn(TinyCell(), [tf.zeros([B, D])], dtype=tf.float32,
                         sequence_length=[[1]])
    with pytest.raises(TypeError, match="inputs must be a sequence"):
        tf.nn.static_bidirectional_rnn(TinyCell(), TinyCell(), tf.zeros([B, D]),
                                       dtype=tf.float32)


def test_get_initial_state_is_preferred_to_zero_state():
    asked = []

    class WithInitial(TinyCell):
        def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
            asked.append((inputs, batch_size, dtype))
            return tf.ones([batch_size, self.units], dtype)

    x = tf.placeholder(tf.float32, [B, T, D])
    cell = WithInitial()
    out, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    assert asked == [(None, B, tf.float32)]
    want, _ = _reference(cell, X, h0=np.ones((B, U), np.float32))
    np.testing.assert_allclose(_run(out, {x: X}), want, rtol=1e-5, atol=1e-6)


# ---- raw_rnn

def _raw_reader(cell, x, lengths, dtype=tf.float32):
    """A loop_fn reading batch-major `x` step by step until `lengths`; finished entries read
    zeros once every entry is done."""
    steps = x.shape.as_list()[1]
    inputs_ta = tf.TensorArray(dtype, size=steps).unstack(tf.transpose(x, [1, 0, 2]))

    def loop_fn(time, output, state, loop_state):
        finished = time >= lengths
        nxt = tf.cond(tf.reduce_all(finished), lambda: tf.zeros([B, D], dtype),
                      lambda: inputs_ta.read(time))
        if output is None:
            return finished, nxt, cell.zero_state(B, dtype), None, None
        return finished, nxt, state, output, None
    return loop_fn


def test_raw_rnn_matches_a_numpy_loop_and_keeps_finished_entries():
    cell, lengths = TinyCell(), [5, 2, 3]
    x = tf.placeholder(tf.float32, [B, T, D])
    emit_ta, state, loop_state = tf.nn.raw_rnn(cell, _raw_reader(cell, x, lengths))
    assert isinstance(emit_ta, tf.TensorArray) and loop_state is None
    outputs = emit_ta.stack()
    assert outputs.shape.as_list() == [None, B, U]
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        got_out, got_state = sess.run((outputs, state), {x: X})
    h = np.zeros((B, U), np.float32)
    want = np.zeros((T, B, U), np.float32)
    for t in range(T):
        alive = (t < np.array(lengths))[:, None]
        h = np.where(alive, cell.step(X[:, t], h), h)
        want[t] = np.where(alive, h, 0)
    np.testing.assert_allclose(got_out, want, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_state, h, rtol=1e-5, atol=1e-6)


def test_raw_rnn_gradients_match_numeric():
    def run(cell, x):
        emit_ta, state, _ = tf.nn.raw_rnn(cell, _raw_reader(cell, x, [5, 3, 1], tf.float64))
        return emit_ta.stack(), state
    assert _gradient_error(run) < 1e-4


def test_raw_rnn_loop_state_counts_steps():
    cell = TinyCell()
    x = tf.placeholder(tf.float32, [B, D])

    def loop_fn(time, output, state, loop_state):
        finished = time >= 4
        if output is None:
            return tf.fill([B], False), x, cell.zero_state(B, tf.float32), None, tf.constant(0)
        return tf.fill([B], finished), output[:, :D], state, output, loop_state + 1
    _, _, steps = tf.nn.raw_rnn(cell, loop_fn)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(steps, {x: X[:, 0]}) == 4


def test_raw_rnn_argument_and_structure_errors():
    cell = TinyCell()
    with pytest.raises(TypeError, match=r"^loop_fn must be a callable$"):
        tf.nn.raw_rnn(cell, None)
    with pytest.raises(TypeError, match="is not an RNNCell"):
        tf.nn.raw_rnn(object(), lambda *a: None)
    x = tf.placeholder(tf.float32, [B, D])

    def pair_state(time, output, state, loop_state):
        return tf.fill([B], False), x, (tf.zeros([B, U]), tf.zeros([B, U])), None, None
    with pytest.raises(ValueError, match="same nested structure"):
        tf.nn.raw_rnn(cell, pair_state)
