"""Golden cases: `tf.nn.raw_rnn` — the docstring's reader loop over a TensorArray of inputs with
sequence lengths, a greedy decoder feeding back its own argmax embedding through `tf.cond`
(the pattern of TF1 seq2seq tutorials), a loop state and a custom emit structure, gradients
through the loop, and its argument errors. Weights are loaded after initialisation from the
case's random stream, in variable-name order.
"""
from . import case_with, initializer_add, ints, normal, tf_add_is_add
from .rnn import _stack_115
from .rnn_extra import _loaded, _var_facts

case = case_with(initializer_add, tf_add_is_add)


def _reader(tf, inputs, lengths):
    """The loop_fn that reads time step `time` of time-major `inputs` until `lengths`."""
    steps, batch, depth = inputs.shape.as_list()
    inputs_ta = tf.TensorArray(dtype=tf.float32, size=steps).unstack(inputs)

    def loop_fn(time, cell_output, cell_state, loop_state, cell=None):
        emit = cell_output
        state = cell.zero_state(batch, tf.float32) if cell_output is None else cell_state
        finished = time >= lengths
        done = tf.reduce_all(finished)
        nxt = tf.cond(done, lambda: tf.zeros([batch, depth], tf.float32),
                      lambda: inputs_ta.read(time))
        return finished, nxt, state, emit, None
    return loop_fn


@case(tf115=_stack_115)
def reader_lstm(tf, rng):
    inputs = tf.placeholder(tf.float32, [5, 3, 2], name="inputs")
    lengths = tf.placeholder(tf.int32, [3], name="lengths")
    cell = tf.nn.rnn_cell.LSTMCell(4)
    fn = _reader(tf, inputs, lengths)
    emit_ta, state, loop_state = tf.nn.raw_rnn(
        cell, lambda *a: fn(*a, cell=cell))
    outputs = emit_ta.stack()
    feed = {inputs: normal(rng, 5, 3, 2), lengths: [5, 2, 3]}
    return {"fetch": {"outputs": outputs, "c": state.c, "h": state.h}, "feed": feed,
            "run": _loaded(tf, rng, (outputs, state), feed),
            "facts": {"outputs": repr(outputs), "loop_state": repr(loop_state),
                      "emit_ta": type(emit_ta).__name__, "vars": _var_facts(tf)}}


@case(tf115=_stack_115)
def reader_gradients(tf, rng):
    inputs = tf.placeholder(tf.float32, [4, 2, 3], name="inputs")
    lengths = tf.constant([4, 3])
    cell = tf.nn.rnn_cell.GRUCell(3)
    fn = _reader(tf, inputs, lengths)
    emit_ta, state, _ = tf.nn.raw_rnn(cell, lambda *a: fn(*a, cell=cell), scope="dec")
    loss = tf.reduce_sum(emit_ta.stack() ** 2) + tf.reduce_sum(state)
    grads = tf.gradients(loss, [inputs] + tf.trainable_variables())
    feed = {inputs: normal(rng, 4, 2, 3)}
    return {"fetch": {"loss": loss}, "feed": feed, "names": False,
            "run": _loaded(tf, rng, (loss, grads), feed), "facts": {"vars": _var_facts(tf)}}


@case(tf115=_stack_115)
def greedy_decoder(tf, rng):
    vocab, emb_dim, units, batch = 6, 3, 5, 2
    lengths = tf.placeholder(tf.int32, [batch], name="decoder_lengths")
    init = tf.placeholder(tf.float32, [batch, units], name="encoder_state")
    embeddings = tf.get_variable("embeddings", [vocab, emb_dim])
    w = tf.get_variable("W", [units, vocab])
    b = tf.get_variable("b", [vocab])
    eos = tf.nn.embedding_lookup(embeddings, tf.ones([batch], tf.int32))
    pad = tf.nn.embedding_lookup(embeddings, tf.zeros([batch], tf.int32))
    cell = tf.nn.rnn_cell.BasicRNNCell(units)

    def loop_fn(time, previous_output, previous_state, previous_loop_state):
        if previous_state is None:
            return (0 >= lengths), eos, init, None, None

        def next_input():
            logits = tf.add(tf.matmul(previous_output, w), b)
            return tf.nn.embedding_lookup(embeddings, tf.argmax(logits, axis=1))
        finished = time >= lengths
        inp = tf.cond(tf.reduce_all(finished), lambda: pad, next_input)
        return finished, inp, previous_state, previous_output, None

    emit_ta, state, _ = tf.nn.raw_rnn(cell, loop_fn)
    outputs = emit_ta.stack()
    logits = tf.reshape(tf.matmul(tf.reshape(outputs, [-1, units]), w) + b,
                        tf.concat([tf.shape(outputs)[:2], [vocab]], 0))
    prediction = tf.argmax(logits, 2)
    feed = {lengths: [4, 2], init: normal(rng, batch, units)}
    return {"fetch": {"prediction": prediction, "state": state}, "feed": feed,
            "run": _loaded(tf, rng, (outputs, prediction, state), feed),
            "facts": {"outputs": repr(outputs), "logits": repr(logits), "vars": _var_facts(tf)}}


@case(tf115=_stack_115)
def loop_state_and_emit_structure(tf, rng):
    batch = 3
    lengths = tf.constant([3, 1, 2])
    x = tf.placeholder(tf.float32, [batch, 2], name="x")
    cell = tf.nn.rnn_cell.BasicRNNCell(2)

    def loop_fn(time, cell_output, cell_state, loop_state):
        finished = time >= lengths
        if cell_output is None:
            emit = (tf.zeros([2], tf.float32), tf.zeros([], tf.int32))
            return finished, x, cell.zero_state(batch, tf.float32), emit, tf.constant(0.0)
        emit = (2.0 * cell_output, tf.fill([batch], time))
        return finished, cell_output, cell_state, emit, loop_state + tf.reduce_sum(cell_output)

    (doubled, times), state, total = tf.nn.raw_rnn(cell, loop_fn)
    out = (doubled.stack(), times.stack())
    feed = {x: normal(rng, batch, 2)}
    return {"fetch": {"doubled": out[0], "times": out[1], "total": total, "state": state},
            "feed": feed, "run": _loaded(tf, rng, (out, state, total), feed),
            "facts": {"doubled": repr(out[0]), "times": repr(out[1]), "total": repr(total)}}


@case(error="must be a callable")
def loop_fn_not_callable(tf, rng):
    tf.nn.raw_rnn(tf.nn.rnn_cell.BasicRNNCell(2), 3)


@case(error="is not an RNNCell")
def cell_not_a_cell(tf, rng):
    tf.nn.raw_rnn(object(), lambda *a: None)
