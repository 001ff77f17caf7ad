"""tf.contrib.legacy_seq2seq's models beyond rnn_decoder (tests/contrib/test_legacy_decoders.py):
tied, embedding, attention and one-to-many seq2seq, feed_previous as a bool and as a boolean
tensor (a cond over two copies of the decoder), and model_with_buckets.

TF 2.x (our only TensorFlow oracle) has no tf.contrib, so the expectations are:
- variable names and shapes read off TF 1.15's legacy_seq2seq/python/ops/seq2seq.py (see
  test_trainable_variables_as_tf115 for the derivation);
- numbers from numpy re-implementations of the same equations, run on the variables' values;
- numeric gradient checks (float64) through attention_decoder and the feed_previous cond.
"""
import inspect

import numpy as np
import pytest

import minitf as tf
from tests.harness import session

seq2seq = tf.contrib.legacy_seq2seq
RNG = np.random.RandomState(11)
B, H, EMB, ENC_SYM, DEC_SYM = 2, 4, 3, 5, 6
ENC_IDS = RNG.randint(0, ENC_SYM, (3, B))
DEC_IDS = RNG.randint(0, DEC_SYM, (3, B))


def _ids(rows):
    return [tf.constant(r, dtype=tf.int32) for r in rows]


def _floats(n, depth, dtype=tf.float32):
    return [tf.constant(RNG.standard_normal((B, depth)), dtype=dtype) for _ in range(n)]


def _names_and_shapes():
    return [(v.name, tuple(v.shape.as_list())) for v in tf.trainable_variables()]


def _run(fetches, values=None, feed=None):
    """Runs `fetches` once the variables hold `values` (by name) or their initial values;
    returns the results and every variable's value by name."""
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        for v in tf.global_variables():
            if values is not None:
                v.load(values[v.name], sess)
        got = sess.run(fetches, feed)
        return got, {v.name: sess.run(v) for v in tf.global_variables()}


# ---- numpy references

def _softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _rnn_step(var, scope):
    """BasicRNNCell: h' = tanh([x, h] @ kernel + bias)."""
    kernel, bias = var[f"{scope}/basic_rnn_cell/kernel:0"], var[f"{scope}/basic_rnn_cell/bias:0"]

    def step(x, h):
        h = np.tanh(np.concatenate([x, h], 1) @ kernel + bias)
        return h, h
    return step


def _lstm_step(var, scope):
    """BasicLSTMCell (forget bias 1): state (c, h), output h."""
    kernel = var[f"{scope}/basic_lstm_cell/kernel:0"]
    bias = var[f"{scope}/basic_lstm_cell/bias:0"]

    def step(x, state):
        c, h = state
        i, j, f, o = np.split(np.concatenate([x, h], 1) @ kernel + bias, 4, axis=1)
        c = c * _sigmoid(f + 1.0) + _sigmoid(i) * np.tanh(j)
        h = np.tanh(c) * _sigmoid(o)
        return h, (c, h)
    return step


def _projected(step, var, scope):
    """OutputProjectionWrapper around `step`, its kernel and bias in `scope`."""
    kernel, bias = var[f"{scope}/kernel:0"], var[f"{scope}/bias:0"]

    def wrapped(x, state):
        out, state = step(x, state)
        return out @ kernel + bias, state
    return wrapped


def _linear(var, scope, args):
    return np.concatenate(args, 1) @ var[f"{scope}/kernel:0"] + var[f"{scope}/bias:0"]


def _np_attention_decoder(var, scope, inputs, state, attention_states, step, num_heads,
                          initial_state_attention=False, loop=None):
    """TF 1.15's attention_decoder: a head reads Σ_l softmax_l(v·tanh(W h_l + U q)) h_l."""
    def attention(query):
        query = np.concatenate(query, 1) if isinstance(query, tuple) else query
        reads = []
        for a in range(num_heads):
            features = attention_states @ var[f"{scope}/AttnW_{a}:0"][0, 0]
            y = _linear(var, f"{scope}/Attention_{a}", [query])
            s = (var[f"{scope}/AttnV_{a}:0"] * np.tanh(features + y[:, None, :])).sum(-1)
            reads.append((_softmax(s)[:, :, None] * attention_states).sum(1))
        return reads
    size = attention_states.shape[2]
    attns = attention(state) if initial_state_attention else \
        [np.zeros((len(inputs[0]), size))] * num_heads
    outputs = []
    for i, inp in enumerate(inputs):
        if loop is not None and i > 0:
            inp = loop(outputs[-1])
        cell_output, state = step(_linear(var, scope, [inp] + attns), state)
        attns = attention(state)
        outputs.append(_linear(var, f"{scope}/AttnOutputProjection", [cell_output] + attns))
    return outputs, state


def _np_encode(var, scope, ids, step):
    """EmbeddingWrapper + static_rnn from a zero state: (outputs, final state)."""
    table = var[f"{scope}/rnn/embedding_wrapper/embedding:0"]
    h = np.zeros((B, H))
    outputs = []
    for row in ids:
        out, h = step(table[row], h)
        outputs.append(out)
    return outputs, h


# ---- variable names and shapes

def _gru(scope, depth, units=H):
    return [(f"{scope}/gru_cell/gates/kernel:0", (depth + units, 2 * units)),
            (f"{scope}/gru_cell/gates/bias:0", (2 * units,)),
            (f"{scope}/gru_cell/candidate/kernel:0", (depth + units, units)),
            (f"{scope}/gru_cell/candidate/bias:0", (units,))]


def _proj(scope, depth, units, symbols):
    """An OutputProjectionWrapper(GRUCell) called first in `scope`."""
    w = f"{scope}/output_projection_wrapper"
    return _gru(w, depth, units) + [(f"{w}/kernel:0", (units, symbols)),
                                    (f"{w}/bias:0", (symbols,))]


def _attention(scope, depth, attn, query, out, heads=1, initial=False, cell=None):
    """attention_decoder's variables in creation order: AttnW_a/AttnV_a per head; the
    Attention_a linears (first made by the initial attention when `initial_state_attention`,
    else after the cell's first step); the input linear `kernel`/`bias` of `[input] + reads`;
    the cell's; AttnOutputProjection over `[cell output] + reads`."""
    heads_vars = []
    for a in range(heads):
        heads_vars += [(f"{scope}/AttnW_{a}:0", (1, 1, attn, attn)),
                       (f"{scope}/AttnV_{a}:0", (attn,))]
    reads = []
    for a in range(heads):
        reads += [(f"{scope}/Attention_{a}/kernel:0", (query, attn)),
                  (f"{scope}/Attention_{a}/bias:0", (attn,))]
    linear = [(f"{scope}/kernel:0", (depth + heads * attn, depth)), (f"{scope}/bias:0", (depth,))]
    cell = cell if cell is not None else _gru(scope, depth)
    cell_out = cell[-1][1][0]
    projection = [(f"{scope}/AttnOutputProjection/kernel:0", (cell_out + heads * attn, out)),
                  (f"{scope}/AttnOutputProjection/bias:0", (out,))]
    if initial:
        return heads_vars + reads + linear + cell + projection
    return heads_vars + linear + cell + reads + projection


def _build_tied():
    seq2seq.tied_rnn_seq2seq(_floats(3, 3), _floats(2, 3), tf.nn.rnn_cell.GRUCell(H))


def _build_embedding_rnn_decoder():
    seq2seq.embedding_rnn_decoder(_ids(DEC_IDS[:2]), tf.zeros([B, H]), tf.nn.rnn_cell.GRUCell(H),
                                  DEC_SYM, EMB)


def _build_embedding_rnn_seq2seq(feed_previous=False):
    seq2seq.embedding_rnn_seq2seq(_ids(ENC_IDS), _ids(DEC_IDS[:2]), tf.nn.rnn_cell.GRUCell(H),
                                  ENC_SYM, DEC_SYM, EMB, feed_previous=feed_previous)


def _build_embedding_tied(feed_previous=False):
    seq2seq.embedding_tied_rnn_seq2seq(_ids(ENC_IDS), _ids(DEC_IDS[:2]),
                                       tf.nn.rnn_cell.GRUCell(H), DEC_SYM, EMB,
                                       num_decoder_symbols=4, feed_previous=feed_previous)


def _build_attention(heads=1, initial=False):
    states = tf.constant(RNG.standard_normal((B, 3, 5)), dtype=tf.float32)
    seq2seq.attention_decoder(_floats(2, 3), tf.zeros([B, H]), states, tf.nn.rnn_cell.GRUCell(H),
                              num_heads=heads, initial_state_attention=initial)


def _build_embedding_attention_decoder():
    states = tf.constant(RNG.standard_normal((B, 3, 5)), dtype=tf.float32)
    seq2seq.embedding_attention_decoder(_ids(DEC_IDS[:2]), tf.zeros([B, H]), states,
                                        tf.nn.rnn_cell.GRUCell(H), DEC_SYM, EMB)


def _build_embedding_attention_seq2seq(feed_previous=False):
    seq2seq.embedding_attention_seq2seq(_ids(ENC_IDS), _ids(DEC_IDS[:2]),
                                        tf.nn.rnn_cell.GRUCell(H), ENC_SYM, DEC_SYM, EMB,
                                        feed_previous=feed_previous)


def _build_one2many(feed_previous=False):
    seq2seq.one2many_rnn_seq2seq(
        _ids(ENC_IDS), {"a": _ids(DEC_IDS[:2]), "b": _ids(DEC_IDS % 2)}, tf.nn.rnn_cell.GRUCell(H),
        {"a": tf.nn.rnn_cell.GRUCell(H), "b": tf.nn.rnn_cell.GRUCell(H)}, ENC_SYM,
        {"a": DEC_SYM, "b": 2}, EMB, feed_previous=feed_previous)


def _build_buckets():
    enc, dec = _ids(ENC_IDS), _ids(DEC_IDS)
    weights = [tf.ones([B])] * 3
    seq2seq.model_with_buckets(
        enc, dec, dec, weights, [(2, 2), (3, 3)],
        lambda e, d: seq2seq.embedding_attention_seq2seq(e, d, tf.nn.rnn_cell.GRUCell(H),
                                                         ENC_SYM, DEC_SYM, EMB))


EAS = "embedding_attention_seq2seq"
EAS_VARS = ([(f"{EAS}/rnn/embedding_wrapper/embedding:0", (ENC_SYM, EMB))]
            + _gru(f"{EAS}/rnn/embedding_wrapper", EMB)
            + [(f"{EAS}/embedding_attention_decoder/embedding:0", (DEC_SYM, EMB))]
            + _attention(f"{EAS}/embedding_attention_decoder/attention_decoder", EMB, H, H,
                         DEC_SYM, cell=_proj(f"{EAS}/embedding_attention_decoder/"
                                             f"attention_decoder", EMB, H, DEC_SYM)))
ERS = "embedding_rnn_seq2seq"
ERS_VARS = ([(f"{ERS}/rnn/embedding_wrapper/embedding:0", (ENC_SYM, EMB))]
            + _gru(f"{ERS}/rnn/embedding_wrapper", EMB)
            + [(f"{ERS}/embedding_rnn_decoder/embedding:0", (DEC_SYM, EMB))]
            + _proj(f"{ERS}/embedding_rnn_decoder/rnn_decoder", EMB, H, DEC_SYM))
ETS = "embedding_tied_rnn_seq2seq"
ETS_VARS = ([(f"{ETS}/embedding:0", (DEC_SYM, EMB))]
            + _proj(f"{ETS}/combined_tied_rnn_seq2seq/tied_rnn_seq2seq", EMB, H, 4))
O2M = "one2many_rnn_seq2seq"
O2M_VARS = ([(f"{O2M}/rnn/embedding_wrapper/embedding:0", (ENC_SYM, EMB))]
            + _gru(f"{O2M}/rnn/embedding_wrapper", EMB)
            + [(f"{O2M}/one2many_decoder_a/embedding_rnn_decoder/embedding:0", (DEC_SYM, EMB))]
            + _proj(f"{O2M}/one2many_decoder_a/embedding_rnn_decoder/rnn_decoder", EMB, H,
                    DEC_SYM)
            + [(f"{O2M}/one2many_decoder_b/embedding_rnn_decoder/embedding:0", (2, EMB))]
            + _proj(f"{O2M}/one2many_decoder_b/embedding_rnn_decoder/rnn_decoder", EMB, H, 2))

# Derived from TF 1.15's seq2seq.py: each function's `variable_scope(scope or "<name>")`;
# static_rnn's `rnn` scope; a cell's variables under its layer name (`embedding_wrapper`,
# `output_projection_wrapper`, `gru_cell/gates`, `gru_cell/candidate`) in the scope current at
# its first call; `Linear` (core_rnn_cell._Linear) making `kernel` [Σ input depths, size] and
# `bias` directly in the current scope; attention_decoder's `AttnW_a` [1, 1, size, size],
# `AttnV_a`, `Attention_a/` and `AttnOutputProjection/`; the encoder copies `cell`, the decoder
# wraps it in an OutputProjectionWrapper when no output_projection is given. Tied models
# build the cell under combined_tied_rnn_seq2seq/tied_rnn_seq2seq, where the decoder reuses
# it. A boolean-tensor feed_previous and later buckets reuse, so they add no variables.
CASES = {
    "tied_rnn_seq2seq": (_build_tied, _gru("combined_tied_rnn_seq2seq/tied_rnn_seq2seq", 3)),
    "embedding_rnn_decoder": (_build_embedding_rnn_decoder,
                              [("embedding_rnn_decoder/embedding:0", (DEC_SYM, EMB))]
                              + _gru("embedding_rnn_decoder/rnn_decoder", EMB)),
    "embedding_rnn_seq2seq": (_build_embedding_rnn_seq2seq, ERS_VARS),
    "embedding_rnn_seq2seq_cond": (lambda: _build_embedding_rnn_seq2seq(
        tf.placeholder(tf.bool, [])), ERS_VARS),
    "embedding_tied_rnn_seq2seq": (_build_embedding_tied, ETS_VARS),
    "embedding_tied_rnn_seq2seq_cond": (lambda: _build_embedding_tied(
        tf.placeholder(tf.bool, [])), ETS_VARS),
    "attention_decoder": (_build_attention, _attention("attention_decoder", 3, 5, H, H)),
    "attention_decoder_2_heads_initial": (
        lambda: _build_attention(2, True),
        _attention("attention_decoder", 3, 5, H, H, heads=2, initial=True)),
    "embedding_attention_decoder": (
        _build_embedding_attention_decoder,
        [("embedding_attention_decoder/embedding:0", (DEC_SYM, EMB))]
        + _attention("embedding_attention_decoder/attention_decoder", EMB, 5, H, H)),
    "embedding_attention_seq2seq": (_build_embedding_attention_seq2seq, EAS_VARS),
    "embedding_attention_seq2seq_cond": (lambda: _build_embedding_attention_seq2seq(
        tf.placeholder(tf.bool, [])), EAS_VARS),
    "one2many_rnn_seq2seq": (_build_one2many, O2M_VARS),
    "one2many_rnn_seq2seq_cond": (lambda: _build_one2many(tf.placeholder(tf.bool, [])),
                                  O2M_VARS),
    "model_with_buckets": (_build_buckets, EAS_VARS),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_trainable_variables_as_tf115(case):
    build, expected = CASES[case]
    build()
    assert _names_and_shapes() == expected


def test_attention_decoder_op_names():
    """TF 1.15's linears are core_rnn_cell._Linear objects made and called in the step's own
    scope; its softmax runs on a float32 cast (a no-op for float32 models)."""
    _build_attention()
    names = {op.name for op in tf.get_default_graph().get_operations()}
    assert {"attention_decoder/Conv2D", "attention_decoder/zeros", "attention_decoder/concat",
            "attention_decoder/MatMul", "attention_decoder/Attention_0/MatMul",
            "attention_decoder/Attention_0_1/Softmax",
            "attention_decoder/AttnOutputProjection_1/BiasAdd"} <= names
    assert not any("Cast" in name for name in names)


# ---- attention_decoder numbers

@pytest.mark.parametrize("heads", [1, 2])
@pytest.mark.parametrize("initial", [False, True])
def test_attention_decoder_values(heads, initial):
    inputs = _floats(3, 2)
    init = tf.constant(RNG.standard_normal((B, H)), dtype=tf.float32)
    states = tf.constant(RNG.standard_normal((B, 5, 3)), dtype=tf.float32)
    outputs, state = seq2seq.attention_decoder(inputs, init, states,
                                               tf.nn.rnn_cell.BasicRNNCell(H), output_size=6,
                                               num_heads=heads, initial_state_attention=initial)
    assert [o.shape.as_list() for o in outputs] == [[B, 6]] * 3
    (got, got_state, xs, h0, att), var = _run([outputs, state, inputs, init, states])
    want, want_state = _np_attention_decoder(var, "attention_decoder", xs, h0, att,
                                             _rnn_step(var, "attention_decoder"), heads, initial)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(got_state, want_state, rtol=1e-4, atol=1e-5)


def test_attention_decoder_tuple_state_unknown_length_and_loop_function():
    """An LSTM's (c, h) query is concatenated; an unknown attention length is read at run
    time; loop_function feeds each step from the previous output."""
    inputs = _floats(3, 2)
    init = tf.nn.rnn_cell.LSTMStateTuple(*_floats(2, H))
    states = tf.placeholder(tf.float32, [B, None, 3])
    def loop(prev, _):
        return tf.tanh(prev)
    outputs, state = seq2seq.attention_decoder(inputs, init, states,
                                               tf.nn.rnn_cell.BasicLSTMCell(H), output_size=2,
                                               loop_function=loop, scope="dec")
    assert isinstance(state, tf.nn.rnn_cell.LSTMStateTuple)
    att = RNG.standard_normal((B, 4, 3))
    (got, got_state, xs, c0, h0), var = _run([outputs, state, inputs, init.c, init.h],
                                             feed={states: att})
    want, want_state = _np_attention_decoder(var, "dec", xs, (c0, h0), att,
                                             _lstm_step(var, "dec"), 1, loop=np.tanh)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(got_state, want_state, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("heads,initial,make_cell", [
    (1, False, lambda: tf.nn.rnn_cell.BasicRNNCell(3)),
    (2, True, lambda: tf.nn.rnn_cell.BasicLSTMCell(3))])
def test_attention_decoder_gradient(heads, initial, make_cell):
    inputs = [tf.placeholder(tf.float64, [B, 2]) for _ in range(2)]
    cell = make_cell()
    starts = [tf.placeholder(tf.float64, [B, 3]) for _ in tf.nest.flatten(cell.state_size)]
    init = tf.nn.rnn_cell.LSTMStateTuple(*starts) if len(starts) == 2 else starts[0]
    states = tf.placeholder(tf.float64, [B, 2, 3])
    outputs, _ = seq2seq.attention_decoder(inputs, init, states, cell, num_heads=heads,
                                           initial_state_attention=initial, dtype=tf.float64)
    softmaxes = [op for op in tf.get_default_graph().get_operations() if op.type == "Softmax"]
    assert softmaxes and all(op.outputs[0].dtype == tf.float32 for op in softmaxes)
    loss = tf.add_n([tf.reduce_sum(o * RNG.standard_normal((B, 3))) for o in outputs])
    variables = tf.trainable_variables()
    xs = inputs + starts + [states] + variables
    inits = [RNG.standard_normal(x.shape.as_list()) * 0.5 for x in xs]
    with session():
        err = tf.test.compute_gradient_error(
            xs, [x.shape.as_list() for x in xs], loss, [], x_init_value=inits, delta=1e-3,
            init_targets=tf.global_variables_initializer())
    assert err < 1e-3, err  # TF 1.15 runs the softmax in float32: ~1e-4 of noise


# ---- embedding models and feed_previous

def _np_embedding_decoder(var, scope, ids, h, step, feed_previous, projection=None):
    """embedding_rnn_decoder: with feed_previous, step t > 0 embeds argmax(previous output),
    projected by (W, B) first when given."""
    table = var[f"{scope}/embedding:0"]
    outputs = []
    for i, row in enumerate(ids):
        if feed_previous and i > 0:
            prev = outputs[-1]
            if projection is not None:
                prev = prev @ projection[0] + projection[1]
            row = prev.argmax(1)
        out, h = step(table[row], h)
        outputs.append(out)
    return outputs, h


@pytest.mark.parametrize("feed_previous", [False, True])
@pytest.mark.parametrize("with_projection", [False, True])
def test_embedding_rnn_seq2seq_values(feed_previous, with_projection):
    projection = (RNG.standard_normal((H, DEC_SYM)).astype(np.float32),
                  RNG.standard_normal(DEC_SYM).astype(np.float32)) if with_projection else None
    outputs, state = seq2seq.embedding_rnn_seq2seq(
        _ids(ENC_IDS), _ids(DEC_IDS), tf.nn.rnn_cell.BasicRNNCell(H), ENC_SYM, DEC_SYM, EMB,
        output_projection=projection, feed_previous=feed_previous)
    (got, got_state), var = _run([outputs, state])
    _, h = _np_encode(var, ERS, ENC_IDS, _rnn_step(var, f"{ERS}/rnn/embedding_wrapper"))
    dec = f"{ERS}/embedding_rnn_decoder"
    if projection is None:
        wrapper = f"{dec}/rnn_decoder/output_projection_wrapper"
        step = _projected(_rnn_step(var, wrapper), var, wrapper)
    else:
        step = _rnn_step(var, f"{dec}/rnn_decoder")
    want, want_state = _np_embedding_decoder(var, dec, DEC_IDS, h, step, feed_previous,
                                             projection)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(got_state, want_state, rtol=1e-4, atol=1e-5)


def _both_ways(build):
    """`build(feed_previous)` with the Python bools and, in another graph on the same variable
    values, with a boolean placeholder fed either way: the four results."""
    with tf.Graph().as_default():
        fixed, values = _run([build(False), build(True)])
    with tf.Graph().as_default():
        flag = tf.placeholder(tf.bool, [])
        fetches = build(flag)
        fed = [_run(fetches, values, {flag: f})[0] for f in (False, True)]
    return fixed, fed


@pytest.mark.parametrize("model", ["embedding_rnn_seq2seq", "embedding_tied_rnn_seq2seq",
                                   "embedding_attention_seq2seq", "one2many_rnn_seq2seq"])
def test_feed_previous_tensor_picks_the_matching_graph(model):
    """The bool-tensor form equals the bool forms, and returns the state's structure."""
    def build(feed):
        with tf.variable_scope("m", reuse=tf.AUTO_REUSE):
            cell = tf.nn.rnn_cell.BasicLSTMCell(H)
            enc, dec = _ids(ENC_IDS), _ids(DEC_IDS)
            if model == "embedding_tied_rnn_seq2seq":
                outputs, state = seq2seq.embedding_tied_rnn_seq2seq(enc, dec, cell, DEC_SYM,
                                                                    EMB, feed_previous=feed)
            elif model == "one2many_rnn_seq2seq":
                outputs, state = seq2seq.one2many_rnn_seq2seq(
                    enc, {"x": dec}, cell, {"x": tf.nn.rnn_cell.BasicLSTMCell(H)}, ENC_SYM,
                    {"x": DEC_SYM}, EMB, feed_previous=feed)
                outputs, state = outputs["x"], state["x"]
            else:
                outputs, state = getattr(seq2seq, model)(enc, dec, cell, ENC_SYM, DEC_SYM, EMB,
                                                         feed_previous=feed)
        assert isinstance(state, tf.nn.rnn_cell.LSTMStateTuple)
        return outputs, state
    fixed, fed = _both_ways(build)
    for want, got in zip(fixed, fed):
        for w, g in zip(tf.nest.flatten(want), tf.nest.flatten(got)):
            np.testing.assert_allclose(g, w, rtol=1e-5, atol=1e-6)
    assert not np.allclose(fixed[0][0], fixed[1][0])


def test_feed_previous_cond_gradient():
    """Gradients reach the variables through the branch the predicate takes (checked on the
    embeddings, the first and the last attention weights, as each checked variable costs a
    backward graph through the cond). The greedy
    branch stops the gradient of the fed-back embeddings (update_embedding_for_previous is
    False under a tensor feed_previous), so there the decoder's embedding is left out."""
    flag = tf.placeholder(tf.bool, [])
    outputs, _ = seq2seq.embedding_attention_seq2seq(
        _ids(ENC_IDS[:2] % 3), _ids(DEC_IDS[:2] % 3), tf.nn.rnn_cell.BasicRNNCell(2), 3, 3, 2,
        feed_previous=flag, dtype=tf.float64)
    loss = tf.add_n([tf.reduce_sum(o * RNG.standard_normal((B, 3))) for o in outputs])
    variables = tf.trainable_variables()
    assert all(v.dtype.base_dtype == tf.float64 for v in variables)
    values = {v: RNG.standard_normal(v.shape.as_list()) * 0.5 for v in variables}
    for taken in (False, True):
        xs = [v for v in variables
              if v.name.endswith(("embedding:0", "AttnW_0:0", "AttnOutputProjection/kernel:0")) and
              not (taken and v.name == f"{EAS}/embedding_attention_decoder/embedding:0")]
        assert len(xs) == (3 if taken else 4)
        with session():
            err = tf.test.compute_gradient_error(
                xs, [v.shape.as_list() for v in xs], loss, [], x_init_value=[values[v] for v in xs],
                delta=1e-3, init_targets=tf.global_variables_initializer(),
                extra_feed_dict={flag: taken})
        assert err < 1e-3, err  # TF 1.15 runs the softmax in float32: ~1e-4 of noise


@pytest.mark.parametrize("update", [True, False])
def test_update_embedding_for_previous(update):
    """Without update_embedding_for_previous only the GO symbols' rows get a gradient."""
    tf.set_random_seed(3)  # initial weights whose greedy picks include symbols not fed
    outputs, _ = seq2seq.embedding_rnn_decoder(
        _ids(DEC_IDS), tf.zeros([B, H]), tf.contrib.rnn.OutputProjectionWrapper(
            tf.nn.rnn_cell.BasicRNNCell(H), DEC_SYM), DEC_SYM, EMB, feed_previous=True,
        update_embedding_for_previous=update)
    embedding = tf.trainable_variables()[0]
    assert embedding.name == "embedding_rnn_decoder/embedding:0"
    grad = tf.convert_to_tensor(tf.gradients(tf.add_n([tf.reduce_sum(o) for o in outputs]),
                                             embedding)[0])
    (g, picked), _ = _run([grad, [tf.argmax(o, 1) for o in outputs[:-1]]])
    fed_back = set(np.ravel(picked)) - set(DEC_IDS[0])
    assert fed_back
    assert not np.any(g[sorted(set(range(DEC_SYM)) - set(DEC_IDS[0]) - fed_back)])
    assert np.any(g[sorted(fed_back)]) == update


def test_tied_rnn_seq2seq_shares_the_cell():
    enc, dec = _floats(3, H), _floats(2, H)
    outputs, state = seq2seq.tied_rnn_seq2seq(enc, dec, tf.nn.rnn_cell.BasicRNNCell(H),
                                              loop_function=lambda prev, i: prev * 0.5)
    (got, got_state, xs, ys), var = _run([outputs, state, enc, dec])
    step = _rnn_step(var, "combined_tied_rnn_seq2seq/tied_rnn_seq2seq")
    h = np.zeros((B, H))
    for x in xs:
        _, h = step(x, h)
    want = []
    for i, y in enumerate(ys):
        out, h = step(y if i == 0 else want[-1] * 0.5, h)
        want.append(out)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(got_state, h, rtol=1e-4, atol=1e-5)


def test_embedding_tied_rnn_seq2seq_values():
    outputs, _ = seq2seq.embedding_tied_rnn_seq2seq(
        _ids(ENC_IDS), _ids(DEC_IDS), tf.nn.rnn_cell.BasicRNNCell(H), DEC_SYM, EMB,
        num_decoder_symbols=DEC_SYM - 1, feed_previous=True)
    got, var = _run(outputs)
    scope = f"{ETS}/combined_tied_rnn_seq2seq/tied_rnn_seq2seq/output_projection_wrapper"
    step = _projected(_rnn_step(var, scope), var, scope)
    table = var[f"{ETS}/embedding:0"]
    h = np.zeros((B, H))
    for row in ENC_IDS:
        _, h = step(table[row], h)
    want = []
    for i, row in enumerate(DEC_IDS):
        out, h = step(table[row if i == 0 else want[-1].argmax(1)], h)
        want.append(out)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


def test_one2many_rnn_seq2seq_values():
    outputs, states = seq2seq.one2many_rnn_seq2seq(
        _ids(ENC_IDS), {"a": _ids(DEC_IDS[:2]), "b": _ids(DEC_IDS % 2)},
        tf.nn.rnn_cell.BasicRNNCell(H),
        {"a": tf.nn.rnn_cell.BasicRNNCell(H), "b": tf.nn.rnn_cell.BasicRNNCell(H)}, ENC_SYM,
        {"a": DEC_SYM, "b": 2}, EMB)
    assert set(outputs) == set(states) == {"a", "b"}
    got, var = _run([outputs, states])
    _, h = _np_encode(var, O2M, ENC_IDS, _rnn_step(var, f"{O2M}/rnn/embedding_wrapper"))
    for name, ids in (("a", DEC_IDS[:2]), ("b", DEC_IDS % 2)):
        dec = f"{O2M}/one2many_decoder_{name}/embedding_rnn_decoder"
        wrapper = f"{dec}/rnn_decoder/output_projection_wrapper"
        want, want_state = _np_embedding_decoder(
            var, dec, ids, h, _projected(_rnn_step(var, wrapper), var, wrapper), False)
        np.testing.assert_allclose(got[0][name], want, rtol=1e-4, atol=1e-5)
        np.testing.assert_allclose(got[1][name], want_state, rtol=1e-4, atol=1e-5)


# ---- model_with_buckets

def _np_attention_seq2seq(var, enc_ids, dec_ids):
    """embedding_attention_seq2seq with a BasicRNNCell and its OutputProjectionWrapper."""
    outs, h = _np_encode(var, EAS, enc_ids, _rnn_step(var, f"{EAS}/rnn/embedding_wrapper"))
    scope = f"{EAS}/embedding_attention_decoder/attention_decoder"
    wrapper = f"{scope}/output_projection_wrapper"
    table = var[f"{EAS}/embedding_attention_decoder/embedding:0"]
    outputs, _ = _np_attention_decoder(var, scope, [table[r] for r in dec_ids], h,
                                       np.stack(outs, 1),
                                       _projected(_rnn_step(var, wrapper), var, wrapper), 1)
    return outputs


def _np_sequence_loss(logits, targets, weights):
    """Per-example Σ_t ce_t w_t / (Σ_t w_t + 1e-12)."""
    ce = [-np.log(_softmax(lg)[np.arange(B), t]) for lg, t in zip(logits, targets)]
    return sum(c * w for c, w in zip(ce, weights)) / (sum(weights) + 1e-12)


@pytest.mark.parametrize("per_example", [False, True])
def test_model_with_buckets_values_and_sharing(per_example):
    buckets = [(2, 2), (3, 3)]
    weights = RNG.randint(0, 2, (3, B)).astype(np.float32)
    weights[0] = 1
    enc, dec = _ids(ENC_IDS), _ids(DEC_IDS)
    targets = _ids(np.roll(DEC_IDS, -1, 0))
    cells = []

    def model(e, d):
        cells.append(tf.nn.rnn_cell.BasicRNNCell(H))
        return seq2seq.embedding_attention_seq2seq(e, d, cells[-1], ENC_SYM, DEC_SYM, EMB)
    outputs, losses = seq2seq.model_with_buckets(enc, dec, targets,
                                                 [tf.constant(w) for w in weights], buckets,
                                                 model, per_example_loss=per_example)
    assert len(tf.trainable_variables()) == 16  # the first bucket's; the second reuses them
    assert [len(o) for o in outputs] == [2, 3]
    assert losses[0].op.name.startswith("model_with_buckets/sequence_loss")
    (got_out, got_loss), var = _run([outputs, losses])
    for (e, d), got_o, got_l in zip(buckets, got_out, got_loss):
        want = _np_attention_seq2seq(var, ENC_IDS[:e], DEC_IDS[:d])
        np.testing.assert_allclose(got_o, want, rtol=1e-4, atol=1e-5)
        loss = _np_sequence_loss(want, np.roll(DEC_IDS, -1, 0)[:d], weights[:d])
        np.testing.assert_allclose(got_l, loss if per_example else loss.sum() / B, rtol=1e-4)


def test_model_with_buckets_shared_cell_cannot_be_copied():
    """As in TF 1.15: the second bucket deep-copies a cell the first one built, whose
    variables hold the graph's lock."""
    cell = tf.nn.rnn_cell.GRUCell(H)
    with pytest.raises(TypeError, match="pickle"):
        seq2seq.model_with_buckets(
            _ids(ENC_IDS), _ids(DEC_IDS), _ids(DEC_IDS), [tf.ones([B])] * 3, [(2, 2), (3, 3)],
            lambda e, d: seq2seq.embedding_attention_seq2seq(e, d, cell, ENC_SYM, DEC_SYM, EMB))


# ---- errors

def _states(shape=(B, 3, 5)):
    return tf.placeholder(tf.float32, shape)


@pytest.mark.parametrize("call,error,match", [
    (lambda: seq2seq.attention_decoder([], tf.zeros([B, H]), _states(),
                                       tf.nn.rnn_cell.GRUCell(H)),
     ValueError, "Must provide at least 1 input to attention decoder."),
    (lambda: seq2seq.attention_decoder(_floats(1, 3), tf.zeros([B, H]), _states(),
                                       tf.nn.rnn_cell.GRUCell(H), num_heads=0),
     ValueError, "With less than 1 heads, use a non-attention decoder."),
    (lambda: seq2seq.attention_decoder(_floats(1, 3), tf.zeros([B, H]), _states((None, 3, None)),
                                       tf.nn.rnn_cell.GRUCell(H)),
     ValueError, r"Shape\[2\] of attention_states must be known: \(\?, 3, \?\)"),
    (lambda: seq2seq.attention_decoder([tf.placeholder(tf.float32, [B, None], name="x")],
                                       tf.zeros([B, H]), _states(), tf.nn.rnn_cell.GRUCell(H)),
     ValueError, "Could not infer input size from input: x:0"),
    (lambda: seq2seq.embedding_rnn_decoder(_ids(DEC_IDS), tf.zeros([B, H]),
                                           tf.nn.rnn_cell.GRUCell(H), DEC_SYM, EMB,
                                           output_projection=(np.zeros((H, 5), np.float32),
                                                              np.zeros(6, np.float32))),
     ValueError, r"Shapes \(4, 5\) and \[None, 6\] are incompatible"),
    (lambda: seq2seq.embedding_attention_decoder(_ids(DEC_IDS), tf.zeros([B, H]), _states(),
                                                 tf.nn.rnn_cell.GRUCell(H), DEC_SYM, EMB,
                                                 output_projection=(0.0, np.zeros(5))),
     ValueError, r"Shapes \(5,\) and \[6\] are incompatible"),
    (lambda: seq2seq.one2many_rnn_seq2seq(_ids(ENC_IDS), {}, "cell", {}, ENC_SYM, {}, EMB),
     TypeError, "enc_cell is not an RNNCell: <class 'str'>"),
    (lambda: seq2seq.one2many_rnn_seq2seq(_ids(ENC_IDS), {"a": []}, tf.nn.rnn_cell.GRUCell(H),
                                          {"b": None}, ENC_SYM, {}, EMB),
     ValueError, "keys of dec_cells_dict != keys of decodre_inputs_dict"),
    (lambda: seq2seq.one2many_rnn_seq2seq(_ids(ENC_IDS), {"a": []}, tf.nn.rnn_cell.GRUCell(H),
                                          {"a": 3}, ENC_SYM, {}, EMB),
     TypeError, "dec_cell is not an RNNCell: <class 'int'>"),
])
def test_argument_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.mark.parametrize("lengths,match", [
    ((2, 3, 3), r"Length of encoder_inputs \(2\) must be at least that of last bucket \(3\)\."),
    ((3, 2, 3), r"Length of targets \(2\) must be at least that of lastbucket \(3\)\."),
    ((3, 3, 2), r"Length of weights \(2\) must be at least that of lastbucket \(3\)\.")])
def test_model_with_buckets_needs_inputs_for_the_last_bucket(lengths, match):
    enc, targets, weights = lengths
    with pytest.raises(ValueError, match=match):
        seq2seq.model_with_buckets(_ids(ENC_IDS[:enc]), _ids(DEC_IDS), _ids(DEC_IDS[:targets]),
                                   [tf.ones([B])] * weights, [(1, 1), (3, 3)], None)


def test_attention_query_parts_must_be_2d():
    state = (tf.zeros([B, H]), tf.zeros([B, 1, H]))
    cell = tf.nn.rnn_cell.GRUCell(H)
    with pytest.raises(AssertionError):
        seq2seq.attention_decoder(_floats(1, 3), state, _states(), cell,
                                  initial_state_attention=True)


# TF 1.15's argument lists (tensorflow.org/versions/r1.15/api_docs/python/tf/contrib/
# legacy_seq2seq), in order, with their defaults; code calling positionally depends on them.
SIGNATURES = {
    "tied_rnn_seq2seq": "encoder_inputs decoder_inputs cell loop_function=None "
                        "dtype=tf.float32 scope=None",
    "embedding_rnn_decoder": "decoder_inputs initial_state cell num_symbols embedding_size "
                             "output_projection=None feed_previous=False "
                             "update_embedding_for_previous=True scope=None",
    "embedding_rnn_seq2seq": "encoder_inputs decoder_inputs cell num_encoder_symbols "
                             "num_decoder_symbols embedding_size output_projection=None "
                             "feed_previous=False dtype=None scope=None",
    "embedding_tied_rnn_seq2seq": "encoder_inputs decoder_inputs cell num_symbols embedding_size "
                                  "num_decoder_symbols=None output_projection=None "
                                  "feed_previous=False dtype=None scope=None",
    "attention_decoder": "decoder_inputs initial_state attention_states cell output_size=None "
                         "num_heads=1 loop_function=None dtype=None scope=None "
                         "initial_state_attention=False",
    "embedding_attention_decoder": "decoder_inputs initial_state attention_states cell "
                                   "num_symbols embedding_size num_heads=1 output_size=None "
                                   "output_projection=None feed_previous=False "
                                   "update_embedding_for_previous=True dtype=None scope=None "
                                   "initial_state_attention=False",
    "embedding_attention_seq2seq": "encoder_inputs decoder_inputs cell num_encoder_symbols "
                                   "num_decoder_symbols embedding_size num_heads=1 "
                                   "output_projection=None feed_previous=False dtype=None "
                                   "scope=None initial_state_attention=False",
    "one2many_rnn_seq2seq": "encoder_inputs decoder_inputs_dict enc_cell dec_cells_dict "
                            "num_encoder_symbols num_decoder_symbols_dict embedding_size "
                            "feed_previous=False dtype=None scope=None",
    "model_with_buckets": "encoder_inputs decoder_inputs targets weights buckets seq2seq "
                          "softmax_loss_function=None per_example_loss=False name=None",
}


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_signatures_as_tf115(name):
    params = inspect.signature(getattr(seq2seq, name)).parameters.values()
    got = " ".join(p.name if p.default is inspect.Parameter.empty else
                   f"{p.name}={'tf.float32' if p.default is tf.float32 else p.default}"
                   for p in params)
    assert got == SIGNATURES[name]
    assert name in seq2seq.__all__
