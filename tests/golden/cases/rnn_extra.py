"""Golden cases: RNN behaviour a differential test against TensorFlow found missing — nested
(tuple) inputs through a user `RNNCell` (called directly, in `dynamic_rnn`, `static_rnn`,
`bidirectional_dynamic_rnn`), `activation=` given by name, the variables a user cell gets with
`tf.get_variable` in `call`, LSTMCell's unknown-depth error, and `tf.contrib.rnn`'s
`OutputProjectionWrapper`, `InputProjectionWrapper`, `EmbeddingWrapper` and
`stack_bidirectional_(dynamic_)rnn`.

TF 2.x has no `tf.contrib`: on its side `_contrib(tf)` builds those from TF's own
`tf.nn.rnn_cell.RNNCell` and `bidirectional_dynamic_rnn`/`static_bidirectional_rnn`, following
TF 1.15's contrib source (a wrapper is an RNNCell of that class name whose `call` gets `kernel`
and `bias` with `tf.get_variable`), so names and values come from TF's own scoping. Weights are
loaded after initialisation from the case's random stream, in variable-name order.
"""
import types

from . import case_with, initializer_add, normal, tf_add_is_add
from .rnn import _stack_115

case = case_with(initializer_add, tf_add_is_add)


def _contrib(tf):
    """`tf.contrib.rnn` where it exists (minitf), else TF 1.15's behaviour rebuilt on TF 2.x."""
    if hasattr(tf, "contrib"):
        return tf.contrib.rnn
    base = tf.nn.rnn_cell.RNNCell

    def linear(x, size):
        w = tf.get_variable("kernel", [x.shape[1], size], dtype=x.dtype)
        b = tf.get_variable("bias", [size], dtype=x.dtype,
                            initializer=tf.constant_initializer(0.0, dtype=x.dtype))
        return tf.nn.bias_add(tf.matmul(x, w), b)

    class _Core(base):
        def __init__(self, cell):
            super().__init__()
            self._cell = cell

        @property
        def state_size(self):
            return self._cell.state_size

        @property
        def output_size(self):
            return self._cell.output_size

        def zero_state(self, batch_size, dtype):
            with tf.name_scope(type(self).__name__ + "ZeroState"):
                return self._cell.zero_state(batch_size, dtype)

    class OutputProjectionWrapper(_Core):
        def __init__(self, cell, output_size, activation=None):
            super().__init__(cell)
            self._size, self._act = output_size, activation

        @property
        def output_size(self):
            return self._size

        def call(self, inputs, state):
            out, new_state = self._cell(inputs, state)
            projected = linear(out, self._size)
            return (self._act(projected) if self._act else projected), new_state

    class InputProjectionWrapper(_Core):
        def __init__(self, cell, num_proj, activation=None):
            super().__init__(cell)
            self._size, self._act = num_proj, activation

        def call(self, inputs, state):
            projected = linear(inputs, self._size)
            return self._cell(self._act(projected) if self._act else projected, state)

    class EmbeddingWrapper(_Core):
        def __init__(self, cell, embedding_classes, embedding_size):
            super().__init__(cell)
            self._shape = [embedding_classes, embedding_size]

        def call(self, inputs, state):
            with tf.device("/cpu:0"):
                dtype = state[0].dtype if isinstance(state, tuple) else state.dtype
                table = tf.get_variable(
                    "embedding", self._shape, dtype=dtype,
                    initializer=tf.random_uniform_initializer(-3 ** 0.5, 3 ** 0.5))
                embedded = tf.nn.embedding_lookup(table, tf.reshape(inputs, [-1]))
                return self._cell(embedded, state)

    def stack_bidirectional_dynamic_rnn(cells_fw, cells_bw, inputs, dtype=None):
        states_fw, states_bw, prev = [], [], inputs
        with tf.variable_scope("stack_bidirectional_rnn"):
            for i, (fw, bw) in enumerate(zip(cells_fw, cells_bw)):
                with tf.variable_scope("cell_%d" % i):
                    outputs, (s_fw, s_bw) = tf.nn.bidirectional_dynamic_rnn(
                        fw, bw, prev, dtype=dtype)
                    prev = tf.concat(outputs, 2)
                states_fw.append(s_fw)
                states_bw.append(s_bw)
        return prev, tuple(states_fw), tuple(states_bw)

    def stack_bidirectional_rnn(cells_fw, cells_bw, inputs, dtype=None):
        states_fw, states_bw, prev = [], [], inputs
        with tf.variable_scope("stack_bidirectional_rnn"):
            for i, (fw, bw) in enumerate(zip(cells_fw, cells_bw)):
                with tf.variable_scope("cell_%d" % i) as cell_scope:
                    prev, s_fw, s_bw = tf.nn.static_bidirectional_rnn(
                        fw, bw, prev, dtype=dtype, scope=cell_scope)
                states_fw.append(s_fw)
                states_bw.append(s_bw)
        return prev, tuple(states_fw), tuple(states_bw)

    return types.SimpleNamespace(**{f.__name__: f for f in (
        OutputProjectionWrapper, InputProjectionWrapper, EmbeddingWrapper,
        stack_bidirectional_dynamic_rnn, stack_bidirectional_rnn)})


def _loaded(tf, rng, fetch, feed):
    """A `run` that loads every trainable variable (name order) from `rng`, then fetches."""
    def run(sess):
        sess.run(tf.global_variables_initializer())
        for v in sorted(tf.trainable_variables(), key=lambda v: v.name):
            v.load(rng.uniform(-0.5, 0.5, v.shape.as_list()).astype("float32"), sess)
        return sess.run(fetch, feed)
    return run


def _var_facts(tf):
    return [f"{v.name} {v.shape.as_list()}" for v in tf.global_variables()]


def _pair_cell(tf):
    """A user RNNCell taking a pair of inputs `(a, b)`: `h' = tanh([a, b, h] W)`."""
    class PairInputCell(tf.nn.rnn_cell.RNNCell):
        @property
        def state_size(self):
            return 3

        @property
        def output_size(self):
            return 3

        def call(self, inputs, state):
            a, b = inputs
            joined = tf.concat([a, b, state], 1)
            w = tf.get_variable("w", [joined.shape[1], 3])
            h = tf.tanh(tf.matmul(joined, w))
            return h, h
    return PairInputCell()


# ---- nested inputs

@case
def nested_inputs_direct_call(tf, rng):
    a = tf.placeholder(tf.float32, [2, 2], name="a")
    b = tf.placeholder(tf.float32, [2, 1], name="b")
    cell = _pair_cell(tf)
    out, state = cell((a, b), tf.zeros([2, 3]))
    feed = {a: normal(rng, 2, 2), b: normal(rng, 2, 1)}
    return {"fetch": {"out": out}, "feed": feed, "run": _loaded(tf, rng, out, feed),
            "facts": {"out": repr(out), "variables": [v.name for v in cell.variables]}}


@case(tf115=_stack_115)
def nested_inputs_dynamic_rnn(tf, rng):
    a = tf.placeholder(tf.float32, [2, 4, 2], name="a")
    b = tf.placeholder(tf.float32, [2, 4, 1], name="b")
    cell = _pair_cell(tf)
    out, state = tf.nn.dynamic_rnn(cell, (a, b), dtype=tf.float32)
    feed = {a: normal(rng, 2, 4, 2), b: normal(rng, 2, 4, 1)}
    return {"fetch": {"out": out, "state": state}, "feed": feed,
            "run": _loaded(tf, rng, (out, state), feed),
            "facts": {"out": repr(out), "state": repr(state), "vars": _var_facts(tf),
                      "cell_vars": [v.name for v in cell.trainable_weights]}}


@case
def nested_inputs_static_rnn(tf, rng):
    a = tf.placeholder(tf.float32, [2, 3, 2], name="a")
    b = tf.placeholder(tf.float32, [2, 3, 1], name="b")
    steps = [(a[:, t], b[:, t]) for t in range(3)]
    outs, state = tf.nn.static_rnn(_pair_cell(tf), steps, dtype=tf.float32)
    feed = {a: normal(rng, 2, 3, 2), b: normal(rng, 2, 3, 1)}
    return {"fetch": {"out": outs[-1], "state": state}, "feed": feed,
            "run": _loaded(tf, rng, (outs, state), feed),
            "facts": {"out": repr(outs[-1]), "vars": _var_facts(tf)}}


@case(tf115=_stack_115)
def nested_inputs_bidirectional_dynamic_rnn(tf, rng):
    a = tf.placeholder(tf.float32, [2, 4, 2], name="a")
    b = tf.placeholder(tf.float32, [2, 4, 1], name="b")
    (fw, bw), states = tf.nn.bidirectional_dynamic_rnn(_pair_cell(tf), _pair_cell(tf), (a, b),
                                                       dtype=tf.float32)
    feed = {a: normal(rng, 2, 4, 2), b: normal(rng, 2, 4, 1)}
    return {"fetch": {"fw": fw, "bw": bw}, "feed": feed,
            "run": _loaded(tf, rng, (fw, bw), feed),
            "facts": {"fw": repr(fw), "bw": repr(bw), "vars": _var_facts(tf)}}


@case
def nested_inputs_same_shapes_stay_a_tuple(tf, rng):
    seen = {}

    class Diff(tf.nn.rnn_cell.RNNCell):
        @property
        def state_size(self):
            return 2

        @property
        def output_size(self):
            return 2

        def call(self, inputs, state):
            seen["type"] = type(inputs).__name__
            seen["len"] = len(inputs)
            return inputs[0] - inputs[1], state

    a = tf.placeholder(tf.float32, [3, 2], name="a")
    b = tf.placeholder(tf.float32, [3, 2], name="b")
    out, _ = Diff()((a, b), tf.zeros([3, 2]))
    feed = {a: normal(rng, 3, 2), b: normal(rng, 3, 2)}
    return {"fetch": {"out": out}, "feed": feed,
            "facts": dict(seen, out=repr(out))}


# ---- cells: activation by name, user variables, unknown depth

def _activation_case(make):
    def fn(tf, rng):
        x = tf.placeholder(tf.float32, [2, 4], name="x")
        cell = make(tf)
        out, state = cell(x, cell.zero_state(2, tf.float32))
        feed = {x: normal(rng, 2, 4)}
        return {"fetch": {"out": out, "state": state}, "feed": feed,
                "run": _loaded(tf, rng, (out, state), feed), "facts": {"out": repr(out)}}
    return fn


for _name, _make in [
        ("activation_relu_basic_rnn",
         lambda tf: tf.nn.rnn_cell.BasicRNNCell(3, activation="relu")),
        ("activation_relu_gru", lambda tf: tf.nn.rnn_cell.GRUCell(3, activation="relu")),
        ("activation_tanh_basic_lstm",
         lambda tf: tf.nn.rnn_cell.BasicLSTMCell(3, activation="tanh")),
        ("activation_relu_lstm", lambda tf: tf.nn.rnn_cell.LSTMCell(3, activation="relu")),
        ("activation_sigmoid_lstm_proj",
         lambda tf: tf.nn.rnn_cell.LSTMCell(3, num_proj=2, activation="sigmoid"))]:
    case(name=_name)(_activation_case(_make))


@case(tf115=_stack_115)
def user_cell_get_variable_is_tracked(tf, rng):
    class MyCell(tf.nn.rnn_cell.RNNCell):
        @property
        def state_size(self):
            return 5

        @property
        def output_size(self):
            return 5

        def call(self, inputs, state):
            w = tf.get_variable("W", [inputs.shape[1] + 5, 5])
            step = tf.get_variable("count", [], trainable=False,
                                   initializer=tf.zeros_initializer())
            h = tf.tanh(tf.matmul(tf.concat([inputs, state], 1), w)) + step
            return h, h

    cell = MyCell()
    x = tf.placeholder(tf.float32, [2, 3, 4], name="x")
    out, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    feed = {x: normal(rng, 2, 3, 4)}
    return {"fetch": {"out": out}, "feed": feed,
            "run": _loaded(tf, rng, out, feed),
            "facts": {"variables": [v.name for v in cell.variables],
                      "trainable": [v.name for v in cell.trainable_weights],
                      "non_trainable": [v.name for v in cell.non_trainable_weights]}}


@case(error="Expected inputs.shape[-1] to be known")
def error_lstm_cell_unknown_depth(tf, rng):
    cell = tf.nn.rnn_cell.LSTMCell(6)
    cell(tf.placeholder(tf.float32, [3, None]), cell.zero_state(3, tf.float32))


# ---- tf.contrib.rnn wrappers and stacked bidirectional RNNs

@case(tf115=_stack_115)
def output_projection_wrapper_dynamic_rnn(tf, rng):
    x = tf.placeholder(tf.float32, [2, 3, 4], name="x")
    cell = _contrib(tf).OutputProjectionWrapper(tf.nn.rnn_cell.BasicRNNCell(5), 2)
    out, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    feed = {x: normal(rng, 2, 3, 4)}
    return {"fetch": {"out": out, "state": state}, "feed": feed,
            "run": _loaded(tf, rng, (out, state), feed),
            "facts": {"out": repr(out), "state": repr(state), "vars": _var_facts(tf),
                      "cell_vars": [v.name for v in cell.variables],
                      "sizes": [cell.output_size, cell.state_size]}}


@case
def output_projection_wrapper_static_lstm_activation(tf, rng):
    x = tf.placeholder(tf.float32, [2, 3, 4], name="x")
    cell = _contrib(tf).OutputProjectionWrapper(tf.nn.rnn_cell.LSTMCell(5), 1,
                                                activation=tf.tanh)
    outs, state = tf.nn.static_rnn(cell, tf.unstack(x, axis=1), dtype=tf.float32)
    feed = {x: normal(rng, 2, 3, 4)}
    return {"fetch": {"out": outs[-1], "state": state}, "feed": feed,
            "run": _loaded(tf, rng, (outs, state), feed),
            "facts": {"out": repr(outs[-1]), "vars": _var_facts(tf)}}


@case(tf115=_stack_115)
def input_projection_wrapper_dynamic_rnn(tf, rng):
    x = tf.placeholder(tf.float32, [2, 3, 4], name="x")
    cell = _contrib(tf).InputProjectionWrapper(tf.nn.rnn_cell.GRUCell(5), 3,
                                               activation=tf.tanh)
    out, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    feed = {x: normal(rng, 2, 3, 4)}
    return {"fetch": {"out": out, "state": state}, "feed": feed,
            "run": _loaded(tf, rng, (out, state), feed),
            "facts": {"out": repr(out), "vars": _var_facts(tf),
                      "sizes": [cell.output_size, cell.state_size]}}


@case(tf115=_stack_115)
def embedding_wrapper_dynamic_rnn(tf, rng):
    ids = tf.placeholder(tf.int32, [2, 3, 1], name="ids")
    cell = _contrib(tf).EmbeddingWrapper(tf.nn.rnn_cell.BasicLSTMCell(5), 4, 3)
    out, state = tf.nn.dynamic_rnn(cell, ids, dtype=tf.float32)
    feed = {ids: rng.randint(0, 4, (2, 3, 1)).astype("int32")}
    return {"fetch": {"out": out, "state": state},
            "feed": feed,
            "run": _loaded(tf, rng, (out, state), feed),
            "facts": {"out": repr(out), "vars": _var_facts(tf)}}


@case(tf115=_stack_115)
def stack_bidirectional_dynamic_rnn_two_layers(tf, rng):
    x = tf.placeholder(tf.float32, [2, 3, 4], name="x")
    rnn_cell = tf.nn.rnn_cell
    out, states_fw, states_bw = _contrib(tf).stack_bidirectional_dynamic_rnn(
        [rnn_cell.BasicRNNCell(3), rnn_cell.LSTMCell(2)],
        [rnn_cell.BasicRNNCell(3), rnn_cell.LSTMCell(2)], x, dtype=tf.float32)
    fetch = {"out": out, "fw": states_fw, "bw": states_bw}
    feed = {x: normal(rng, 2, 3, 4)}
    return {"fetch": fetch, "feed": feed,
            "run": _loaded(tf, rng, fetch, feed),
            "facts": {"out": repr(out), "vars": _var_facts(tf)}}


@case
def stack_bidirectional_rnn_static(tf, rng):
    x = tf.placeholder(tf.float32, [2, 3, 4], name="x")
    rnn_cell = tf.nn.rnn_cell
    outs, states_fw, states_bw = _contrib(tf).stack_bidirectional_rnn(
        [rnn_cell.GRUCell(3), rnn_cell.BasicRNNCell(2)],
        [rnn_cell.GRUCell(3), rnn_cell.BasicRNNCell(2)], tf.unstack(x, axis=1),
        dtype=tf.float32)
    fetch = {"out": outs, "fw": states_fw, "bw": states_bw}
    feed = {x: normal(rng, 2, 3, 4)}
    return {"fetch": fetch, "feed": feed,
            "run": _loaded(tf, rng, fetch, feed),
            "facts": {"out": repr(outs[-1]), "vars": _var_facts(tf)}}
