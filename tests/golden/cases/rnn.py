"""Golden cases: `dynamic_rnn`, `bidirectional_dynamic_rnn`, `static_rnn`,
`static_bidirectional_rnn`. Weights come from constant initializers, so no random stream
matters. Forward cases keep names (ops, reprs, static shapes); gradient cases record op types
only (`names=False`).

The cells here are duck-typed (the interface `dynamic_rnn` accepts: `state_size`,
`output_size`, `zero_state`, `__call__`) and built from plain ops, so the records test the RNN
functions alone; `*_cell_*` cases run the library cells of `tf.nn.rnn_cell`.

TF 2.x's `TensorArray.stack()` reads the array's size statically (a `TensorArrayStack/Const`)
where 1.15 asks for it (`TensorArrayStack/TensorArraySizeV3`): `_stack_115` patches the op list;
`dynamic_rnn` sets the stacked outputs' static shape itself in both versions.
"""
import numpy as np

from . import case, fetched_tensors, normal, tf_add_is_add
from .tensor_array import _stack_115 as ta_stack_115


def _stack_115(rec):
    """Patch: 1.15's `stack()` ops (see the module docstring); the static shapes stay."""
    shapes = [(t, t.get("shape")) for t in fetched_tensors(rec)]
    ta_stack_115(rec)
    for t, shape in shapes:
        if shape is not None:
            t["shape"] = shape


class TinyCell:
    """`h' = tanh([x, h] W + b)`; output h'."""

    def __init__(self, tf, rng, depth, units, name="tiny"):
        self.tf, self.units, self.name = tf, units, name
        self.w = normal(rng, depth + units, units) * 0.5
        self.b = normal(rng, units) * 0.1

    @property
    def state_size(self):
        return self.units

    @property
    def output_size(self):
        return self.units

    def zero_state(self, batch_size, dtype):
        with self.tf.name_scope("TinyCellZeroState"):
            return self.tf.zeros([batch_size, self.units], dtype)

    def __call__(self, inputs, state):
        tf = self.tf
        with tf.variable_scope(self.name, reuse=tf.AUTO_REUSE):
            w = tf.get_variable("kernel", self.w.shape, tf.float32,
                                tf.constant_initializer(self.w))
            b = tf.get_variable("bias", self.b.shape, tf.float32,
                                tf.constant_initializer(self.b))
            h = tf.tanh(tf.matmul(tf.concat([inputs, state], 1), w) + b)
        return h, h


class PairCell(TinyCell):
    """A cell whose state is a pair `(c, h)` and whose output is `(h, c * h)`."""

    @property
    def state_size(self):
        return (self.units, self.units)

    @property
    def output_size(self):
        return (self.units, self.units)

    def zero_state(self, batch_size, dtype):
        with self.tf.name_scope("PairCellZeroState"):
            return (self.tf.zeros([batch_size, self.units], dtype),
                    self.tf.zeros([batch_size, self.units], dtype))

    def __call__(self, inputs, state):
        c, h = state
        new_h, _ = TinyCell.__call__(self, inputs, h)
        new_c = 0.5 * c + new_h
        return (new_h, new_c * new_h), (new_c, new_h)


class NestedInputCell(TinyCell):
    """Takes a pair of inputs `(a, b)` and concatenates them."""

    def __call__(self, inputs, state):
        return TinyCell.__call__(self, self.tf.concat(list(inputs), 1), state)


def _reprs(x):
    if isinstance(x, (tuple, list)):
        return [_reprs(v) for v in x]
    return repr(x)


# ---- dynamic_rnn forward

@case(tf115=_stack_115)
def dynamic_batch_major(tf, rng):
    x = tf.placeholder(tf.float32, [3, 5, 4], name="x")
    cell = TinyCell(tf, rng, 4, 6)
    out, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    return {"fetch": {"out": out, "state": state}, "feed": {x: normal(rng, 3, 5, 4)},
            "init": True, "facts": {"out": repr(out), "state": repr(state)}}


@case(tf115=_stack_115)
def dynamic_time_major_initial_state(tf, rng):
    x = tf.placeholder(tf.float32, [5, 3, 4], name="x")
    h0 = tf.placeholder(tf.float32, [3, 6], name="h0")
    cell = TinyCell(tf, rng, 4, 6)
    out, state = tf.nn.dynamic_rnn(cell, x, initial_state=h0, time_major=True)
    return {"fetch": {"out": out, "state": state},
            "feed": {x: normal(rng, 5, 3, 4), h0: normal(rng, 3, 6)},
            "init": True, "facts": {"out": repr(out), "state": repr(state)}}


@case(tf115=_stack_115)
def dynamic_sequence_length(tf, rng):
    x = tf.placeholder(tf.float32, [4, 6, 3], name="x")
    cell = TinyCell(tf, rng, 3, 5)
    out, state = tf.nn.dynamic_rnn(cell, x, sequence_length=[6, 2, 0, 4], dtype=tf.float32)
    return {"fetch": {"out": out, "state": state}, "feed": {x: normal(rng, 4, 6, 3)},
            "init": True, "facts": {"out": repr(out), "state": repr(state)}}


@case(tf115=_stack_115)
def dynamic_sequence_length_time_major_pair_state(tf, rng):
    x = tf.placeholder(tf.float32, [6, 4, 3], name="x")
    lengths = tf.placeholder(tf.int64, [4], name="lengths")
    cell = PairCell(tf, rng, 3, 5)
    out, state = tf.nn.dynamic_rnn(cell, x, sequence_length=lengths, dtype=tf.float32,
                                   time_major=True)
    return {"fetch": {"out": out, "state": state},
            "feed": {x: normal(rng, 6, 4, 3), lengths: np.array([3, 5, 1, 2])},
            "init": True, "facts": {"out": _reprs(out), "state": _reprs(state)}}


@case(tf115=_stack_115)
def dynamic_unknown_batch_and_time(tf, rng):
    x = tf.placeholder(tf.float32, [None, None, 4], name="x")
    cell = PairCell(tf, rng, 4, 3)
    out, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, scope="enc")
    return {"fetch": {"out": out, "state": state}, "feed": {x: normal(rng, 2, 7, 4)},
            "init": True, "facts": {"out": _reprs(out), "state": _reprs(state)}}


@case(tf115=_stack_115)
def dynamic_unknown_batch_with_lengths(tf, rng):
    x = tf.placeholder(tf.float32, [None, 4, 3], name="x")
    lengths = tf.placeholder(tf.int32, [None], name="lengths")
    out, state = tf.nn.dynamic_rnn(TinyCell(tf, rng, 3, 2), x, sequence_length=lengths,
                                   dtype=tf.float32)
    return {"fetch": {"out": out, "state": state},
            "feed": {x: normal(rng, 5, 4, 3), lengths: np.array([4, 0, 1, 3, 2])},
            "init": True, "facts": {"out": repr(out), "state": repr(state)}}


@case(tf115=_stack_115)
def dynamic_nested_inputs(tf, rng):
    a = tf.placeholder(tf.float32, [2, 4, 3], name="a")
    b = tf.placeholder(tf.float32, [2, 4, 1], name="b")
    cell = NestedInputCell(tf, rng, 4, 5)
    out, state = tf.nn.dynamic_rnn(cell, (a, b), dtype=tf.float32)
    return {"fetch": {"out": out, "state": state},
            "feed": {a: normal(rng, 2, 4, 3), b: normal(rng, 2, 4, 1)},
            "init": True, "facts": {"out": repr(out), "state": repr(state)}}


@case(error="Expected shape for Tensor rnn/sequence_length:0 is ", tf115=_stack_115)
def dynamic_sequence_length_wrong_batch(tf, rng):
    x = tf.placeholder(tf.float32, [2, 3, 2], name="x")
    lengths = tf.placeholder(tf.int32, [None], name="lengths")
    out, _ = tf.nn.dynamic_rnn(TinyCell(tf, rng, 2, 3), x, sequence_length=lengths,
                               dtype=tf.float32)
    return {"fetch": out, "feed": {x: normal(rng, 2, 3, 2), lengths: np.array([1, 2, 3])},
            "init": True}


# ---- bidirectional and static

@case(tf115=_stack_115)
def bidirectional_dynamic(tf, rng):
    x = tf.placeholder(tf.float32, [3, 5, 2], name="x")
    fw, bw = TinyCell(tf, rng, 2, 4), TinyCell(tf, rng, 2, 3)
    outs, states = tf.nn.bidirectional_dynamic_rnn(fw, bw, x, dtype=tf.float32)
    return {"fetch": {"outs": outs, "states": states}, "feed": {x: normal(rng, 3, 5, 2)},
            "init": True, "facts": {"outs": _reprs(outs), "states": _reprs(states)}}


@case(tf115=_stack_115)
def bidirectional_dynamic_sequence_length_time_major(tf, rng):
    x = tf.placeholder(tf.float32, [5, 3, 2], name="x")
    fw, bw = PairCell(tf, rng, 2, 4), TinyCell(tf, rng, 2, 3)
    outs, states = tf.nn.bidirectional_dynamic_rnn(fw, bw, x, sequence_length=[5, 2, 3],
                                                   dtype=tf.float32, time_major=True)
    return {"fetch": {"outs": outs, "states": states}, "feed": {x: normal(rng, 5, 3, 2)},
            "init": True, "facts": {"outs": _reprs(outs), "states": _reprs(states)}}


@case
def static_plain(tf, rng):
    xs = [tf.placeholder(tf.float32, [3, 2], name=f"x{i}") for i in range(4)]
    outs, state = tf.nn.static_rnn(PairCell(tf, rng, 2, 4), xs, dtype=tf.float32)
    return {"fetch": {"outs": outs, "state": state},
            "feed": {x: normal(rng, 3, 2) for x in xs},
            "init": True, "facts": {"outs": _reprs(outs), "state": _reprs(state)}}


@case
def static_sequence_length(tf, rng):
    xs = [tf.placeholder(tf.float32, [3, 2], name=f"x{i}") for i in range(4)]
    outs, state = tf.nn.static_rnn(TinyCell(tf, rng, 2, 4), xs, dtype=tf.float32,
                                   sequence_length=[4, 1, 0])
    return {"fetch": {"outs": outs, "state": state},
            "feed": {x: normal(rng, 3, 2) for x in xs},
            "init": True, "facts": {"outs": _reprs(outs), "state": _reprs(state)}}


@case
def static_bidirectional(tf, rng):
    xs = [tf.placeholder(tf.float32, [3, 2], name=f"x{i}") for i in range(4)]
    outs, sfw, sbw = tf.nn.static_bidirectional_rnn(
        TinyCell(tf, rng, 2, 4), TinyCell(tf, rng, 2, 3), xs, dtype=tf.float32,
        sequence_length=[4, 2, 3])
    return {"fetch": {"outs": outs, "fw": sfw, "bw": sbw},
            "feed": {x: normal(rng, 3, 2) for x in xs},
            "init": True, "facts": {"outs": _reprs(outs), "fw": repr(sfw), "bw": repr(sbw)}}


@case
def static_bidirectional_no_lengths(tf, rng):
    xs = [tf.placeholder(tf.float32, [3, 2], name=f"x{i}") for i in range(3)]
    outs, sfw, sbw = tf.nn.static_bidirectional_rnn(
        TinyCell(tf, rng, 2, 4), TinyCell(tf, rng, 2, 3), xs, dtype=tf.float32)
    return {"fetch": {"outs": outs, "fw": sfw, "bw": sbw},
            "feed": {x: normal(rng, 3, 2) for x in xs},
            "init": True, "facts": {"outs": _reprs(outs)}}


# ---- gradients

def _grad_case(tf, rng, build):
    x = tf.placeholder(tf.float32, [3, 5, 2], name="x")
    out, state, weights = build(x)
    loss = tf.reduce_sum(tf.square(out)) + tf.reduce_sum(tf.sin(state))
    grads = tf.gradients(loss, [x] + weights)
    return {"fetch": {"loss": loss, "grads": grads}, "feed": {x: normal(rng, 3, 5, 2)},
            "init": True, "names": False, "tol": 1e-4}


@case
def grad_dynamic(tf, rng):
    def build(x):
        out, state = tf.nn.dynamic_rnn(TinyCell(tf, rng, 2, 4), x, dtype=tf.float32)
        return out, state, tf.trainable_variables()
    return _grad_case(tf, rng, build)


@case
def grad_dynamic_sequence_length_pair(tf, rng):
    def build(x):
        out, state = tf.nn.dynamic_rnn(PairCell(tf, rng, 2, 4), x, dtype=tf.float32,
                                       sequence_length=[5, 3, 0])
        return out[0] + out[1], state[0] * state[1], tf.trainable_variables()
    return _grad_case(tf, rng, build)


@case
def grad_bidirectional(tf, rng):
    def build(x):
        (fw, bw), (sfw, sbw) = tf.nn.bidirectional_dynamic_rnn(
            TinyCell(tf, rng, 2, 4), TinyCell(tf, rng, 2, 4), x, dtype=tf.float32,
            sequence_length=[4, 5, 2])
        return tf.concat([fw, bw], 2), sfw - sbw, tf.trainable_variables()
    return _grad_case(tf, rng, build)


@case
def grad_static(tf, rng):
    def build(x):
        outs, state = tf.nn.static_rnn(TinyCell(tf, rng, 2, 4), tf.unstack(x, axis=1),
                                       dtype=tf.float32, sequence_length=[5, 3, 4])
        return tf.stack(outs, 1), state, tf.trainable_variables()
    return _grad_case(tf, rng, build)


# ---- errors

@case(error="initial_state")
def error_no_dtype(tf, rng):
    x = tf.placeholder(tf.float32, [2, 3, 4])
    tf.nn.dynamic_rnn(TinyCell(tf, rng, 4, 2), x)


@case(error="is not an RNNCell")
def error_not_a_cell(tf, rng):
    tf.nn.dynamic_rnn(object(), tf.placeholder(tf.float32, [2, 3, 4]), dtype=tf.float32)


@case(error="must be a vector of length")
def error_sequence_length_rank(tf, rng):
    x = tf.placeholder(tf.float32, [2, 3, 4])
    tf.nn.dynamic_rnn(TinyCell(tf, rng, 4, 2), x, sequence_length=[[1, 2]], dtype=tf.float32)


@case(error="must have rank at least 3")
def error_rank_two_input(tf, rng):
    tf.nn.dynamic_rnn(TinyCell(tf, rng, 2, 2), tf.placeholder(tf.float32, [3, 2]),
                      dtype=tf.float32)


@case(error="Input size (depth of inputs) must be accessible via shape inference")
def error_unknown_depth(tf, rng):
    tf.nn.dynamic_rnn(TinyCell(tf, rng, 2, 2), tf.placeholder(tf.float32, [3, 2, None]),
                      dtype=tf.float32)


@case(error="Time steps is not the same for all the elements in the input in a batch")
def error_time_mismatch(tf, rng):
    tf.nn.dynamic_rnn(NestedInputCell(tf, rng, 3, 2),
                      (tf.placeholder(tf.float32, [2, 3, 2]),
                       tf.placeholder(tf.float32, [2, 4, 1])), dtype=tf.float32)


@case(error="Batch_size is not the same for all the elements in the input")
def error_batch_mismatch(tf, rng):
    tf.nn.dynamic_rnn(NestedInputCell(tf, rng, 3, 2),
                      (tf.placeholder(tf.float32, [2, 3, 2]),
                       tf.placeholder(tf.float32, [5, 3, 1])), dtype=tf.float32)


@case(error="must be a sequence")
def error_static_not_sequence(tf, rng):
    tf.nn.static_rnn(TinyCell(tf, rng, 2, 2), tf.placeholder(tf.float32, [3, 2]),
                     dtype=tf.float32)


@case(error="must not be empty")
def error_static_empty(tf, rng):
    tf.nn.static_rnn(TinyCell(tf, rng, 2, 2), [], dtype=tf.float32)


# ---- the library cells (tf.nn.rnn_cell), weights from a shape-driven constant initializer

def _cell_115(rec):
    """Patch: `_stack_115`, and 1.15's BasicLSTMCell adds with `math_ops.add` (op type Add)."""
    _stack_115(rec)
    tf_add_is_add(rec)


def _weights(tf, rng):
    """A scope initializer giving each new variable fresh rng-drawn constants (variables are
    created in the same order on both sides, so they get the same numbers)."""
    def init(shape, dtype=None, partition_info=None):
        return tf.constant(normal(rng, *shape) * 0.5, dtype=dtype)
    return tf.variable_scope("w", initializer=init)


def _cells(tf, kind):
    rc = tf.nn.rnn_cell
    if kind == "basic_rnn":
        return rc.BasicRNNCell(4)
    if kind == "basic_lstm":
        return rc.BasicLSTMCell(5)
    if kind == "lstm":
        return rc.LSTMCell(5, use_peepholes=True, num_proj=3)
    if kind == "gru":
        return rc.GRUCell(4)
    return rc.MultiRNNCell([rc.BasicLSTMCell(4), rc.GRUCell(3)])


def _cell_case(kind, time_major, lengths):
    def fn(tf, rng):
        shape = [5, 3, 2] if time_major else [3, 5, 2]
        x = tf.placeholder(tf.float32, shape, name="x")
        with _weights(tf, rng):
            out, state = tf.nn.dynamic_rnn(_cells(tf, kind), x, dtype=tf.float32,
                                           sequence_length=lengths, time_major=time_major)
        return {"fetch": {"out": out, "state": state}, "feed": {x: normal(rng, *shape)},
                "init": True, "facts": {"out": _reprs(out), "state": _reprs(state),
                                        "vars": [v.name for v in tf.global_variables()]}}
    return fn


for _kind, _tm, _len in [("basic_rnn", False, [5, 2, 0]), ("basic_lstm", True, None),
                         ("basic_lstm", False, [3, 5, 1]), ("lstm", False, [4, 5, 2]),
                         ("lstm", True, None), ("gru", False, None), ("gru", True, [1, 5, 3]),
                         ("multi", False, [5, 3, 2]), ("multi", True, None)]:
    case(name=f"cell_{_kind}_{'time' if _tm else 'batch'}_major{'_lengths' if _len else ''}",
         tf115=_cell_115)(_cell_case(_kind, _tm, _len))


@case(tf115=_cell_115)
def cell_bidirectional_lstm_gru(tf, rng):
    x = tf.placeholder(tf.float32, [3, 5, 2], name="x")
    with _weights(tf, rng):
        outs, states = tf.nn.bidirectional_dynamic_rnn(
            _cells(tf, "basic_lstm"), _cells(tf, "gru"), x, sequence_length=[5, 2, 4],
            dtype=tf.float32)
    return {"fetch": {"outs": outs, "states": states}, "feed": {x: normal(rng, 3, 5, 2)},
            "init": True, "facts": {"outs": _reprs(outs), "states": _reprs(states),
                                    "vars": [v.name for v in tf.global_variables()]}}


@case(tf115=_cell_115)
def cell_static_rnn_lstm(tf, rng):
    xs = [tf.placeholder(tf.float32, [3, 2], name=f"x{i}") for i in range(4)]
    with _weights(tf, rng):
        outs, state = tf.nn.static_rnn(_cells(tf, "basic_lstm"), xs, dtype=tf.float32)
    return {"fetch": {"outs": outs, "state": state},
            "feed": {x: normal(rng, 3, 2) for x in xs},
            "init": True, "facts": {"outs": _reprs(outs), "state": _reprs(state)}}


@case(tf115=_cell_115)
def cell_static_bidirectional_gru_lengths(tf, rng):
    xs = [tf.placeholder(tf.float32, [3, 2], name=f"x{i}") for i in range(4)]
    with _weights(tf, rng):
        outs, sfw, sbw = tf.nn.static_bidirectional_rnn(
            _cells(tf, "gru"), _cells(tf, "gru"), xs, dtype=tf.float32,
            sequence_length=[4, 1, 3])
    return {"fetch": {"outs": outs, "fw": sfw, "bw": sbw},
            "feed": {x: normal(rng, 3, 2) for x in xs},
            "init": True, "facts": {"outs": _reprs(outs)}}


def _cell_grad_case(kind, lengths):
    def fn(tf, rng):
        def build(x):
            with _weights(tf, rng):
                out, state = tf.nn.dynamic_rnn(_cells(tf, kind), x, dtype=tf.float32,
                                               sequence_length=lengths)
            leaves = [tf.reduce_sum(tf.sin(s)) for s in _flat(state)]
            return out, tf.add_n(leaves), tf.trainable_variables()
        return _grad_case(tf, rng, build)
    return fn


def _flat(x):
    if isinstance(x, (tuple, list)):
        return [leaf for v in x for leaf in _flat(v)]
    return [x]


for _kind, _len in [("basic_rnn", [5, 2, 3]), ("basic_lstm", None), ("lstm", [4, 5, 2]),
                    ("gru", [5, 1, 3]), ("multi", None)]:
    case(name=f"grad_cell_{_kind}{'_lengths' if _len else ''}")(_cell_grad_case(_kind, _len))
