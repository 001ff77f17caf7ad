"""tf.contrib.seq2seq's decoding API: dynamic_decode with BasicDecoder and the helpers, and the
Bahdanau/Luong AttentionWrapper.

TF 2.x (our only TensorFlow oracle) has no tf.contrib, so the values are checked against numpy
re-implementations of TF 1.15's equations with every variable set by name after
initialisation; variable names, op names and static shapes against TF 1.15's source; training
end to end on a toy copy task; and each error path against TF 1.15's class and message.
"""
import numpy as np
import pytest

import minitf as tf
from tests.harness import run, session

s2s = tf.contrib.seq2seq
B, T, D, H, V = 3, 5, 4, 6, 7


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def _lstm(x, c, h, kernel, bias):
    """BasicLSTMCell (forget_bias 1): gates i, j, f, o of `[x, h] @ kernel + bias`."""
    i, j, f, o = np.split(np.concatenate([x, h], 1) @ kernel + bias, 4, axis=1)
    c = c * _sigmoid(f + 1.0) + _sigmoid(i) * np.tanh(j)
    return c, np.tanh(c) * _sigmoid(o)


def _set_weights(sess, rng, scale=0.5):
    """Every global variable set to normal draws, in name order; returns name -> value."""
    values = {}
    for v in sorted(tf.global_variables(), key=lambda v: v.name):
        value = (rng.standard_normal(v.shape.as_list()) * scale).astype(np.float32)
        v.load(value, sess)
        values[v.op.name] = value
    return values


def _training_decoder(impute_finished=False, time_major=False, maximum_iterations=None):
    x = tf.placeholder(tf.float32, [T, B, D] if time_major else [B, T, D], name="x")
    lengths = tf.placeholder(tf.int32, [B], name="lengths")
    cell = tf.nn.rnn_cell.BasicLSTMCell(H)
    helper = s2s.TrainingHelper(x, lengths, time_major=time_major)
    decoder = s2s.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32),
                               output_layer=tf.layers.Dense(V))
    result = s2s.dynamic_decode(decoder, output_time_major=time_major,
                                impute_finished=impute_finished,
                                maximum_iterations=maximum_iterations)
    return x, lengths, result


def _reference_training(xs, lengths, w, impute_finished, steps=None):
    """Teacher-forced LSTM + dense over `steps` (max length) steps, batch-major."""
    kernel, bias = w["decoder/basic_lstm_cell/kernel"], w["decoder/basic_lstm_cell/bias"]
    dk, db = w["decoder/dense/kernel"], w["decoder/dense/bias"]
    steps = steps or lengths.max()
    c = np.zeros((B, H), np.float32)
    h = np.zeros((B, H), np.float32)
    outs, ids = [], []
    finished = lengths == 0
    for t in range(steps):
        inp = xs[:, t] if t < xs.shape[1] else np.zeros_like(xs[:, 0])
        if (t + 1 > 0) and finished.all():
            inp = np.zeros_like(xs[:, 0])
        c2, h2 = _lstm(inp, c, h, kernel, bias)
        logits = h2 @ dk + db
        sample = logits.argmax(-1)
        if impute_finished:
            logits = np.where(finished[:, None], 0, logits)
            sample = np.where(finished, 0, sample)
            c2 = np.where(finished[:, None], c, c2)
            h2 = np.where(finished[:, None], h, h2)
        outs.append(logits)
        ids.append(sample)
        c, h = c2, h2
        finished = finished | (t + 1 >= lengths)
    return np.stack(outs, 1), np.stack(ids, 1), (c, h)


@pytest.mark.parametrize("impute_finished", [False, True])
def test_training_helper_values(impute_finished):
    rng = np.random.RandomState(0)
    x, lengths, (outputs, state, seq_lengths) = _training_decoder(impute_finished)
    xs = rng.standard_normal((B, T, D)).astype(np.float32)
    lens = np.array([5, 3, 2], np.int32)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        w = _set_weights(sess, rng)
        got = sess.run([outputs, state, seq_lengths], {x: xs, lengths: lens})
    ref_out, ref_ids, (c, h) = _reference_training(xs, lens, w, impute_finished)
    np.testing.assert_allclose(got[0].rnn_output, ref_out, rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(got[0].sample_id, ref_ids)
    np.testing.assert_array_equal(got[2], lens)
    if impute_finished:  # the state of each entry is its state at its own last step
        np.testing.assert_allclose(got[1].c, c, rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(got[1].h, h, rtol=1e-5, atol=1e-5)
    assert isinstance(got[0], s2s.BasicDecoderOutput)
    assert isinstance(got[1], tf.nn.rnn_cell.LSTMStateTuple)


def test_time_major_and_maximum_iterations():
    rng = np.random.RandomState(1)
    x, lengths, (outputs, _, seq_lengths) = _training_decoder(time_major=True,
                                                              maximum_iterations=3)
    assert outputs.rnn_output.shape.as_list() == [None, B, V]
    assert outputs.sample_id.shape.as_list() == [None, B]
    xs = rng.standard_normal((T, B, D)).astype(np.float32)
    lens = np.array([5, 3, 2], np.int32)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        w = _set_weights(sess, rng)
        got, got_lengths = sess.run([outputs, seq_lengths], {x: xs, lengths: lens})
    ref_out, ref_ids, _ = _reference_training(xs.transpose(1, 0, 2), lens, w, False, steps=3)
    assert got.rnn_output.shape == (3, B, V)
    np.testing.assert_allclose(got.rnn_output, ref_out.transpose(1, 0, 2), rtol=1e-5,
                               atol=1e-5)
    np.testing.assert_array_equal(got.sample_id, ref_ids.T)
    np.testing.assert_array_equal(got_lengths, [3, 3, 2])


def test_names_and_static_shapes():
    _, _, (outputs, state, seq_lengths) = _training_decoder()
    names = {v.name: v.shape.as_list() for v in tf.global_variables()}
    assert names == {"decoder/basic_lstm_cell/kernel:0": [D + H, 4 * H],
                     "decoder/basic_lstm_cell/bias:0": [4 * H],
                     "decoder/dense/kernel:0": [H, V], "decoder/dense/bias:0": [V]}
    assert outputs.rnn_output.shape.as_list() == [B, None, V]
    assert outputs.sample_id.shape.as_list() == [B, None]
    assert outputs.sample_id.dtype == tf.int32
    assert seq_lengths.shape.as_list() == [B]
    assert state.c.shape.as_list() == [B, H]
    assert seq_lengths.name == "decoder/while/Exit_7:0"
    ops = [op.name for op in tf.get_default_graph().get_operations()]
    for name in ["TrainingHelper/transpose", "decoder/TrainingHelperInitialize/Equal",
                 "decoder/while/BasicDecoderStep/basic_lstm_cell/MatMul",
                 "decoder/while/BasicDecoderStep/dense/MatMul",
                 "decoder/while/BasicDecoderStep/TrainingHelperSample/ArgMax",
                 "decoder/while/BasicDecoderStep/TrainingHelperNextInputs/add",
                 "decoder/while/LoopCond"]:
        assert name in ops, name


def test_decoder_output_size_and_dtype():
    cell = tf.nn.rnn_cell.GRUCell(H)
    helper = s2s.TrainingHelper(tf.zeros([B, T, D]), [T] * B)
    plain = s2s.BasicDecoder(cell, helper, cell.zero_state(B, tf.float64))
    assert plain.output_size == s2s.BasicDecoderOutput(H, tf.TensorShape([]))
    assert plain.output_dtype == s2s.BasicDecoderOutput(tf.float64, tf.int32)
    dense = s2s.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32),
                             output_layer=tf.layers.Dense(V))
    assert dense.output_size.rnn_output.as_list() == [V]


def test_greedy_embedding_helper_values():
    rng = np.random.RandomState(2)
    embedding = tf.get_variable("embedding", [V, D])
    start = tf.placeholder(tf.int32, [B], name="start")
    cell = tf.nn.rnn_cell.BasicLSTMCell(H)
    helper = s2s.GreedyEmbeddingHelper(embedding, start, end_token=1)
    decoder = s2s.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32),
                               output_layer=tf.layers.Dense(V))
    outputs, _, seq_lengths = s2s.dynamic_decode(decoder, maximum_iterations=6)
    starts = np.array([0, 2, 3], np.int32)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        w = _set_weights(sess, rng, scale=1.5)
        got, got_lengths = sess.run([outputs, seq_lengths], {start: starts})
    emb = w["embedding"]
    c = h = np.zeros((B, H), np.float32)
    inp = emb[starts]
    finished = np.zeros(B, bool)
    lengths = np.zeros(B, np.int32)
    ids = []
    for t in range(6):
        c, h = _lstm(inp, c, h, w["decoder/basic_lstm_cell/kernel"],
                     w["decoder/basic_lstm_cell/bias"])
        sample = (h @ w["decoder/dense/kernel"] + w["decoder/dense/bias"]).argmax(-1)
        ids.append(sample)
        lengths = np.where(finished, lengths, t + 1)
        finished = finished | (sample == 1)
        if finished.all():
            break
        inp = emb[sample]
    np.testing.assert_array_equal(got.sample_id, np.stack(ids, 1))
    np.testing.assert_array_equal(got_lengths, lengths)


def test_sample_embedding_helper_draws_valid_ids():
    embedding = tf.get_variable("embedding", [V, D])
    cell = tf.nn.rnn_cell.BasicLSTMCell(H)
    helper = s2s.SampleEmbeddingHelper(embedding, tf.zeros([B], tf.int32), end_token=-1,
                                       softmax_temperature=0.5, seed=3)
    decoder = s2s.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32),
                               output_layer=tf.layers.Dense(V))
    outputs, _, seq_lengths = s2s.dynamic_decode(decoder, maximum_iterations=4)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        ids, lengths = sess.run([outputs.sample_id, seq_lengths])
    assert ids.shape == (B, 4) and ids.dtype == np.int32
    assert ((ids >= 0) & (ids < V)).all()
    np.testing.assert_array_equal(lengths, [4] * B)


def test_custom_helper():
    inputs = tf.constant(np.ones((B, D), np.float32))
    helper = s2s.CustomHelper(
        initialize_fn=lambda: (tf.zeros([B], tf.bool), inputs),
        sample_fn=lambda time, outputs, state: tf.fill([B], time),
        next_inputs_fn=lambda time, outputs, state, sample_ids: (
            tf.fill([B], time >= 2), inputs, state))
    cell = tf.nn.rnn_cell.BasicRNNCell(H)
    decoder = s2s.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32))
    outputs, _, seq_lengths = s2s.dynamic_decode(decoder)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        ids, lengths = sess.run([outputs.sample_id, seq_lengths])
    np.testing.assert_array_equal(ids, [[0, 1, 2]] * B)
    np.testing.assert_array_equal(lengths, [3] * B)


def test_copy_task_training_loss_decreases():
    """A seq2seq model (encoder dynamic_rnn, TrainingHelper decoder) learns to copy."""
    rng = np.random.RandomState(4)
    vocab, length, batch, units = 6, 4, 8, 16
    src = tf.placeholder(tf.int32, [batch, length])
    tgt_in = tf.placeholder(tf.int32, [batch, length])
    tgt_out = tf.placeholder(tf.int32, [batch, length])
    embedding = tf.get_variable("embedding", [vocab, 8])
    with tf.variable_scope("encoder"):
        enc_out, enc_state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(units),
                                               tf.nn.embedding_lookup(embedding, src),
                                               dtype=tf.float32)
    mechanism = s2s.LuongAttention(units, enc_out)
    cell = s2s.AttentionWrapper(tf.nn.rnn_cell.BasicLSTMCell(units), mechanism,
                                attention_layer_size=units)
    init = cell.zero_state(batch, tf.float32).clone(cell_state=enc_state)
    helper = s2s.TrainingHelper(tf.nn.embedding_lookup(embedding, tgt_in), [length] * batch)
    decoder = s2s.BasicDecoder(cell, helper, init, output_layer=tf.layers.Dense(vocab))
    outputs, _, _ = s2s.dynamic_decode(decoder)
    loss = s2s.sequence_loss(outputs.rnn_output, tgt_out, tf.ones([batch, length]))
    train = tf.train.AdamOptimizer(0.05).minimize(loss)
    losses = []
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(60):
            seqs = rng.randint(2, vocab, (batch, length)).astype(np.int32)
            feed = {src: seqs, tgt_out: seqs,
                    tgt_in: np.concatenate([np.zeros((batch, 1), np.int32), seqs[:, :-1]], 1)}
            losses.append(sess.run([loss, train], feed)[0])
    assert np.mean(losses[-10:]) < 0.5 * np.mean(losses[:5])


# ---- attention

S, U = 4, 5


def _attention_decoder(kind, memory_lengths=True, attention_layer_size=3, normalize=False,
                       alignment_history=True, output_attention=True):
    x = tf.placeholder(tf.float32, [B, T, D], name="x")
    memory = tf.placeholder(tf.float32, [B, S, H], name="memory")
    mlen = tf.placeholder(tf.int32, [B], name="mlen") if memory_lengths else None
    if kind == "bahdanau":
        mechanism = s2s.BahdanauAttention(U, memory, memory_sequence_length=mlen,
                                          normalize=normalize)
    else:
        mechanism = s2s.LuongAttention(H, memory, memory_sequence_length=mlen, scale=normalize)
    cell = s2s.AttentionWrapper(tf.nn.rnn_cell.BasicLSTMCell(H), mechanism,
                                attention_layer_size=attention_layer_size,
                                alignment_history=alignment_history,
                                output_attention=output_attention)
    helper = s2s.TrainingHelper(x, [T] * B)
    decoder = s2s.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32))
    outputs, state, _ = s2s.dynamic_decode(decoder)
    return x, memory, mlen, outputs, state


def _reference_attention(kind, xs, mem, mlens, w, normalize, attention_layer_size,
                         output_attention):
    pre = "decoder/attention_wrapper/"
    keys = mem if mlens is None else mem * (np.arange(S) < mlens[:, None])[:, :, None]
    values = keys
    keys = keys @ w["memory_layer/kernel"]
    c = h = np.zeros((B, H), np.float32)
    att = np.zeros((B, attention_layer_size or H), np.float32)
    outs, aligns = [], []
    for t in range(T):
        c, h = _lstm(np.concatenate([xs[:, t], att], 1), c, h, w[pre + "basic_lstm_cell/kernel"],
                     w[pre + "basic_lstm_cell/bias"])
        if kind == "bahdanau":
            scope = pre + "bahdanau_attention/"
            q = h @ w[scope + "query_layer/kernel"]
            v = w[scope + "attention_v"]
            if normalize:
                v = w[scope + "attention_g"] * v / np.sqrt((v ** 2).sum())
                score = (v * np.tanh(keys + q[:, None] + w[scope + "attention_b"])).sum(2)
            else:
                score = (v * np.tanh(keys + q[:, None])).sum(2)
        else:
            score = np.einsum("bu,bsu->bs", h, keys)
            if normalize:
                score = w[pre + "luong_attention/attention_g"] * score
        if mlens is not None:
            score = np.where(np.arange(S) < mlens[:, None], score, -np.inf)
        align = _softmax(score)
        context = np.einsum("bs,bsh->bh", align, values)
        att = np.concatenate([h, context], 1) @ w[pre + "attention_layer/kernel"] \
            if attention_layer_size else context
        outs.append(att if output_attention else h)
        aligns.append(align)
    return np.stack(outs, 1), np.stack(aligns, 0), att


@pytest.mark.parametrize("kind,normalize,memory_lengths,layer,output_attention", [
    ("bahdanau", False, True, 3, True),
    ("bahdanau", True, True, None, True),
    ("bahdanau", False, False, 3, False),
    ("luong", False, True, 3, True),
    ("luong", True, True, None, False),
    ("luong", False, False, 2, True),
])
def test_attention_values(kind, normalize, memory_lengths, layer, output_attention):
    rng = np.random.RandomState(5)
    x, memory, mlen, outputs, state = _attention_decoder(
        kind, memory_lengths, layer, normalize, output_attention=output_attention)
    history = state.alignment_history.stack()
    xs = rng.standard_normal((B, T, D)).astype(np.float32)
    mem = rng.standard_normal((B, S, H)).astype(np.float32)
    mlens = np.array([4, 2, 1], np.int32) if memory_lengths else None
    feed = {x: xs, memory: mem}
    if memory_lengths:
        feed[mlen] = mlens
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        w = _set_weights(sess, rng)
        got, got_state, got_history = sess.run(
            [outputs, state._replace(alignment_history=()), history], feed)
    ref_out, ref_aligns, ref_att = _reference_attention(kind, xs, mem, mlens, w, normalize,
                                                        layer, output_attention)
    np.testing.assert_allclose(got.rnn_output, ref_out, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(got_history, ref_aligns, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(got_state.alignments, ref_aligns[-1], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(got_state.attention, ref_att, rtol=1e-4, atol=1e-5)
    assert got_state.time == T
    if memory_lengths:
        assert (got_history[:, 2, 1:] == 0).all()


def test_attention_variable_names_and_shapes():
    _attention_decoder("bahdanau", normalize=True)
    _attention_decoder("luong", normalize=True)
    names = {v.name: v.shape.as_list() for v in tf.global_variables()}
    pre = "decoder/attention_wrapper/"
    assert names == {
        "memory_layer/kernel:0": [H, U],
        pre + "basic_lstm_cell/kernel:0": [D + 3 + H, 4 * H],
        pre + "basic_lstm_cell/bias:0": [4 * H],
        pre + "bahdanau_attention/query_layer/kernel:0": [H, U],
        pre + "bahdanau_attention/attention_v:0": [U],
        pre + "bahdanau_attention/attention_g:0": [],
        pre + "bahdanau_attention/attention_b:0": [U],
        pre + "attention_layer/kernel:0": [H + H, 3],
        "memory_layer_1/kernel:0": [H, H],
        "decoder_1/attention_wrapper/basic_lstm_cell/kernel:0": [D + 3 + H, 4 * H],
        "decoder_1/attention_wrapper/basic_lstm_cell/bias:0": [4 * H],
        "decoder_1/attention_wrapper/luong_attention/attention_g:0": [],
        "decoder_1/attention_wrapper/attention_layer/kernel:0": [H + H, 3],
    }


def test_attention_initial_values():
    """attention_g of normalized Bahdanau starts at sqrt(1/num_units), of scaled Luong at 1."""
    _attention_decoder("bahdanau", normalize=True)
    _attention_decoder("luong", normalize=True)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        g = {v.op.name: v for v in tf.global_variables()}
        bahdanau, luong = sess.run([
            g["decoder/attention_wrapper/bahdanau_attention/attention_g"],
            g["decoder_1/attention_wrapper/luong_attention/attention_g"]])
    np.testing.assert_allclose(bahdanau, np.sqrt(1 / U), rtol=1e-6)
    assert luong == 1


def test_attention_wrapper_state_sizes_and_zero_state():
    memory = tf.zeros([B, S, H])
    mechanism = s2s.BahdanauAttention(U, memory)
    cell = s2s.AttentionWrapper(tf.nn.rnn_cell.GRUCell(H), mechanism, alignment_history=True)
    assert cell.output_size == H
    size = cell.state_size
    assert (size.cell_state, size.attention, size.alignments, size.alignment_history,
            size.attention_state) == (H, H, S, S, S)
    assert size.time == tf.TensorShape([])
    zero = cell.zero_state(B, tf.float32)
    assert isinstance(zero, s2s.AttentionWrapperState)
    assert zero.attention.name == "AttentionWrapperZeroState/zeros_2:0"
    assert zero.cell_state.name == "AttentionWrapperZeroState/checked_cell_state:0"
    assert zero.alignments.shape.as_list() == [B, S]
    assert zero.time.shape.as_list() == [] and zero.time.dtype == tf.int32
    assert isinstance(zero.alignment_history, tf.TensorArray)
    plain = s2s.AttentionWrapper(tf.nn.rnn_cell.GRUCell(H), mechanism).zero_state(B, tf.float32)
    assert plain.alignment_history == ()
    assert hardmax_values() == [[0, 1, 0], [1, 0, 0]]


def hardmax_values():
    with session() as sess:
        return sess.run(s2s.hardmax([[1., 3., 2.], [5., 0., 1.]])).tolist()


def test_clone_replaces_and_checks_shapes():
    memory = tf.zeros([B, S, H])
    cell = s2s.AttentionWrapper(tf.nn.rnn_cell.GRUCell(H), s2s.LuongAttention(H, memory))
    zero = cell.zero_state(B, tf.float32)
    new_state = tf.ones([B, H])
    cloned = zero.clone(cell_state=new_state)
    assert cloned.cell_state is new_state and cloned.attention is zero.attention
    with pytest.raises(ValueError, match=r"Invalid shape for tensor ones_1:0, expected \[3, 6\], "
                                         r"got \(2, 6\)\."):
        zero.clone(cell_state=tf.ones([2, H]))
    unknown = tf.placeholder(tf.float32, [None, H])
    checked = zero.clone(cell_state=unknown)
    assert checked.cell_state.shape.as_list() == [B, H]
    with session() as sess:
        np.testing.assert_array_equal(
            sess.run(checked.cell_state, {unknown: np.ones((B, H))}), np.ones((B, H)))
        with pytest.raises(tf.errors.InvalidArgumentError, match="Wrong shape for"):
            sess.run(checked.cell_state, {unknown: np.ones((2, H))})


def test_initial_cell_state():
    memory = tf.zeros([B, S, H])
    start = tf.fill([B, H], 2.0)
    cell = s2s.AttentionWrapper(tf.nn.rnn_cell.GRUCell(H), s2s.LuongAttention(H, memory),
                                initial_cell_state=start)
    zero = cell.zero_state(B, tf.float32)
    with session() as sess:
        np.testing.assert_array_equal(sess.run(zero.cell_state), np.full((B, H), 2.0))


def test_multiple_mechanisms():
    memory = tf.placeholder(tf.float32, [B, S, H])
    mechanisms = [s2s.LuongAttention(H, memory), s2s.BahdanauAttention(U, memory)]
    cell = s2s.AttentionWrapper(tf.nn.rnn_cell.GRUCell(H), mechanisms,
                                attention_layer_size=[2, 3])
    assert cell.output_size == 5
    assert cell.state_size.alignments == (S, S)
    out, state = tf.nn.dynamic_rnn(cell, tf.zeros([B, T, D]), dtype=tf.float32)
    assert out.shape.as_list() == [B, T, 5]
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        a0, a1 = sess.run(state.alignments, {memory: np.random.rand(B, S, H)})
    np.testing.assert_allclose(a0.sum(1), 1, rtol=1e-5)
    np.testing.assert_allclose(a1.sum(1), 1, rtol=1e-5)


def test_unknown_memory_length_alignments():
    memory = tf.placeholder(tf.float32, [None, None, H])
    mechanism = s2s.LuongAttention(H, memory)
    cell = s2s.AttentionWrapper(tf.nn.rnn_cell.GRUCell(H), mechanism)
    zero = cell.zero_state(tf.shape(memory)[0], tf.float32)
    assert zero.alignments.shape.as_list() == [None, None]
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(zero.alignments, {memory: np.zeros((2, 7, H))}).shape == (2, 7)


# ---- errors (TF 1.15's classes and messages)

def _cell_and_helper():
    cell = tf.nn.rnn_cell.GRUCell(H)
    return cell, s2s.TrainingHelper(tf.zeros([B, T, D]), [T] * B)


def test_dynamic_decode_needs_a_decoder():
    with pytest.raises(TypeError, match="Expected decoder to be type Decoder, but saw: "
                                        "<class 'str'>"):
        s2s.dynamic_decode("decoder")


def test_maximum_iterations_must_be_scalar():
    cell, helper = _cell_and_helper()
    decoder = s2s.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32))
    with pytest.raises(ValueError, match="^maximum_iterations must be a scalar$"):
        s2s.dynamic_decode(decoder, maximum_iterations=[3, 4])


def test_basic_decoder_argument_errors():
    cell, helper = _cell_and_helper()
    state = cell.zero_state(B, tf.float32)
    with pytest.raises(TypeError, match=r"The argument 'cell' \(3\) is not an RNNCell: "
                                        r"'output_size' property is missing"):
        s2s.BasicDecoder(3, helper, state)
    with pytest.raises(TypeError, match="helper must be a Helper, received: <class 'str'>"):
        s2s.BasicDecoder(cell, "helper", state)
    with pytest.raises(TypeError, match="output_layer must be a Layer, received: "
                                        "<class 'function'>"):
        s2s.BasicDecoder(cell, helper, state, output_layer=lambda x: x)


def test_helper_argument_errors():
    with pytest.raises(ValueError, match=r"Expected sequence_length to be a vector, but "
                                         r"received shape: \(3, 1\)"):
        s2s.TrainingHelper(tf.zeros([B, T, D]), tf.zeros([B, 1], tf.int32))
    embedding = tf.zeros([V, D])
    with pytest.raises(ValueError, match="^start_tokens must be a vector$"):
        s2s.GreedyEmbeddingHelper(embedding, 0, 1)
    with pytest.raises(ValueError, match="^end_token must be a scalar$"):
        s2s.GreedyEmbeddingHelper(embedding, [0, 0], [1])
    helper = s2s.GreedyEmbeddingHelper(embedding, [0, 0], 1)
    with pytest.raises(TypeError, match="Expected outputs to be a single Tensor, got: "
                                        "<class 'tuple'>"):
        helper.sample(0, (tf.zeros([2, V]),), None)
    custom = s2s.CustomHelper(lambda: None, lambda **kw: None, lambda **kw: None)
    with pytest.raises(ValueError, match="^batch_size accessed before initialize was called$"):
        _ = custom.batch_size


def test_attention_mechanism_errors():
    with pytest.raises(ValueError, match=r"Expected memory memory:0 to have fully defined "
                                         r"inner dims, but saw shape: \(3, 4, \?\)"):
        s2s.LuongAttention(H, tf.placeholder(tf.float32, [B, S, None], name="memory"))
    memory = tf.zeros([B, S, H])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="memory_sequence_length and memory tensor batch sizes do not "
                             "match."):
        s2s.LuongAttention(H, memory, memory_sequence_length=[1, 2])
    mechanism = s2s.LuongAttention(U, memory)
    with pytest.raises(ValueError, match=r"Incompatible or unknown inner dimensions between "
                                         r"query and keys\.  Query \(.*\) has units: 6\.  Keys "
                                         r"\(.*\) have units: 5\.  Perhaps you need to set "
                                         r"num_units to the keys' dimension \(5\)\?"):
        mechanism(tf.zeros([B, H]), None)


def test_memory_sequence_length_must_be_positive():
    memory = tf.zeros([B, S, H])
    lengths = tf.placeholder(tf.int32, [B])
    mechanism = s2s.LuongAttention(H, memory, memory_sequence_length=lengths)
    alignments, _ = mechanism(tf.ones([B, H]), None)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="All values in memory_sequence_length must greater than zero"):
            sess.run(alignments, {lengths: [2, 0, 1]})


def test_attention_wrapper_errors():
    memory = tf.zeros([B, S, H])
    mechanism = s2s.LuongAttention(H, memory)
    cell = tf.nn.rnn_cell.GRUCell(H)
    with pytest.raises(TypeError, match="attention_mechanism must be an AttentionMechanism or "
                                        "list of multiple AttentionMechanism instances, saw "
                                        "type: str"):
        s2s.AttentionWrapper(cell, "mechanism")
    with pytest.raises(TypeError, match="attention_mechanism must contain only instances of "
                                        "AttentionMechanism, saw type: int"):
        s2s.AttentionWrapper(cell, [mechanism, 3])
    with pytest.raises(ValueError, match="If provided, attention_layer_size must contain "
                                         "exactly one integer per attention_mechanism, saw: "
                                         "2 vs 1"):
        s2s.AttentionWrapper(cell, mechanism, attention_layer_size=[2, 3])
    with pytest.raises(TypeError, match="cell_input_fn must be callable, saw type: int"):
        s2s.AttentionWrapper(cell, mechanism, cell_input_fn=1)
    with pytest.raises(TypeError, match=r"The argument 'cell' \(None\) is not an RNNCell"):
        s2s.AttentionWrapper(None, mechanism)
    wrapper = s2s.AttentionWrapper(cell, mechanism)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="When calling zero_state of AttentionWrapper attention_wrapper: "
                             "Non-matching batch sizes between the memory"):
        wrapper.zero_state(B + 1, tf.float32)
    with pytest.raises(TypeError, match="Expected state to be instance of "
                                        "AttentionWrapperState. Received type <class 'tuple'> "
                                        "instead."):
        wrapper(tf.zeros([B, D]), (tf.zeros([B, H]),))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="When constructing AttentionWrapper attention_wrapper: "
                             "Non-matching batch sizes between the memory \\(encoder output\\) "
                             "and initial_cell_state"):
        s2s.AttentionWrapper(cell, mechanism, initial_cell_state=tf.zeros([B + 1, H]))


def test_attention_wrapper_batch_mismatch_at_run_time():
    memory = tf.placeholder(tf.float32, [None, S, H])
    wrapper = s2s.AttentionWrapper(tf.nn.rnn_cell.GRUCell(H), s2s.LuongAttention(H, memory))
    out, _ = wrapper(tf.zeros([B, D]), wrapper.zero_state(B, tf.float32))
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="When calling zero_state of AttentionWrapper"):
            sess.run(out, {memory: np.zeros((B + 1, S, H))})


# ---- scheduled sampling and InferenceHelper

def _scheduled_decoder(helper_of):
    x = tf.placeholder(tf.float32, [B, T, D], name="x")
    lengths = tf.placeholder(tf.int32, [B], name="lengths")
    cell = tf.nn.rnn_cell.BasicLSTMCell(H)
    helper = helper_of(x, lengths)
    decoder = s2s.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32),
                               output_layer=tf.layers.Dense(V if D == V else D))
    return x, lengths, s2s.dynamic_decode(decoder)


@pytest.mark.parametrize("probability", [0.0, 1.0])
def test_scheduled_embedding_training_helper(probability):
    """Probability 0 is teacher forcing (ids -1); probability 1 always reads the embedding of
    the id sampled from the outputs, which the sample ids report."""
    emb = tf.constant(np.random.RandomState(1).standard_normal((D, D)).astype(np.float32))
    x, lengths, (outputs, _, _) = _scheduled_decoder(
        lambda x, n: s2s.ScheduledEmbeddingTrainingHelper(x, n, emb, probability, seed=3,
                                                          scheduling_seed=4))
    xs = np.random.RandomState(0).standard_normal((B, T, D)).astype(np.float32)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        got = sess.run(outputs, {x: xs, lengths: [5, 3, 2]})
    ids = got.sample_id
    assert ids.dtype == np.int32 and ids.shape == (B, T)
    if probability == 0.0:
        assert (ids == -1).all()
    else:
        assert ((ids >= 0) & (ids < D)).all()


def test_scheduled_output_training_helper_reads_outputs():
    """Probability 1 reads the outputs back (ids all True); 0 is teacher forcing."""
    xs = np.random.RandomState(0).standard_normal((B, T, D)).astype(np.float32)
    ids = {}
    for probability in (1.0, 0.0):
        with tf.variable_scope(f"p{int(probability)}"):
            x, lengths, (outputs, _, _) = _scheduled_decoder(
                lambda x, n, p=probability: s2s.ScheduledOutputTrainingHelper(x, n, p, seed=2))
        ids[probability] = (x, lengths, outputs.sample_id)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        for probability, (x, lengths, sample_id) in ids.items():
            got = sess.run(sample_id, {x: xs, lengths: [5, 5, 5]})
            assert got.dtype == bool and (got.all() if probability else not got.any())
    with pytest.raises(ValueError, match="sampling_probability must be either a scalar or a "
                                         "vector"):
        s2s.ScheduledOutputTrainingHelper(xs, [5, 5, 5], [[0.5]])
    with pytest.raises(TypeError, match="next_input_layer must be a Layer"):
        s2s.ScheduledOutputTrainingHelper(xs, [5, 5, 5], 0.5, next_input_layer=len)


def test_inference_helper_feeds_outputs_back():
    """Continuous outputs fed back as the next inputs until `end_fn` says so."""
    start = tf.zeros([B, D])
    cell = tf.nn.rnn_cell.BasicRNNCell(D)
    helper = s2s.InferenceHelper(sample_fn=lambda out: out, sample_shape=[D],
                                 sample_dtype=tf.float32, start_inputs=start,
                                 end_fn=lambda ids: tf.reduce_sum(tf.abs(ids), 1) > 1e9)
    decoder = s2s.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32))
    outputs, _, lengths = s2s.dynamic_decode(decoder, maximum_iterations=4)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        w = _set_weights(sess, np.random.RandomState(2))
        got, n = sess.run([outputs, lengths])
    kernel, bias = w["decoder/basic_rnn_cell/kernel"], w["decoder/basic_rnn_cell/bias"]
    inp, h, want = np.zeros((B, D)), np.zeros((B, D)), []
    for _ in range(4):
        h = np.tanh(np.concatenate([inp, h], 1) @ kernel + bias)
        want.append(h)
        inp = h
    np.testing.assert_allclose(got.rnn_output, np.stack(want, 1), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got.sample_id, got.rnn_output)
    np.testing.assert_array_equal(n, [4, 4, 4])
    assert helper.sample_ids_shape.as_list() == [D] and helper.sample_ids_dtype == tf.float32


def test_scheduled_output_with_layer_and_auxiliary_inputs():
    """Half the entries sampled: those read `next_input_layer(output)` joined to the auxiliary
    inputs, the others the ground truth joined to them (rows merged by two scatters)."""
    xs = np.random.RandomState(0).standard_normal((B, T, D - 1)).astype(np.float32)
    aux = np.ones((B, T, 1), np.float32)
    x, lengths, (outputs, _, _) = _scheduled_decoder(
        lambda x, n: s2s.ScheduledOutputTrainingHelper(
            xs, n, 0.5, seed=5, next_input_layer=tf.layers.Dense(D - 1), auxiliary_inputs=aux))
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        got = sess.run(outputs, {lengths: [5, 4, 5]})
    assert got.rnn_output.shape == (B, T, D) and got.sample_id.dtype == bool
    assert np.isfinite(got.rnn_output).all()


# ---- monotonic attention

def _np_monotonic(p, previous):
    """The recursion of Raffel et al.: q[i] = (1 - p[i-1]) q[i-1] + prev[i]; a[i] = p[i] q[i]."""
    out = np.zeros_like(p)
    for n in range(p.shape[0]):
        q = 0.0
        for i in range(p.shape[1]):
            q = (1 - p[n, i - 1]) * q + previous[n, i] if i else previous[n, i]
            out[n, i] = p[n, i] * q
    return out


@pytest.mark.parametrize("mode", ["recursive", "parallel", "hard"])
def test_monotonic_attention_modes(mode):
    rng = np.random.RandomState(0)
    p = rng.uniform(0.05, 0.95, (3, 6)).astype(np.float32)
    if mode == "hard":
        p = (p > 0.5).astype(np.float32)
    previous = np.zeros((3, 6), np.float32)
    previous[:, 0] = 1.0
    previous[1] = [0, 0.5, 0.5, 0, 0, 0]
    got = run(s2s.monotonic_attention(p, previous, mode))
    np.testing.assert_allclose(got, _np_monotonic(p, previous), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(run(s2s.safe_cumprod(p, axis=1, exclusive=True)),
                               np.concatenate([np.ones((3, 1)), np.cumprod(p, 1)[:, :-1]], 1),
                               rtol=1e-5, atol=1e-30)  # zeros are clipped to float32's tiny
    with pytest.raises(ValueError, match="mode must be 'recursive', 'parallel', or 'hard'"):
        s2s.monotonic_attention(p, previous, "soft")


@pytest.mark.parametrize("kind", ["BahdanauMonotonicAttention", "LuongMonotonicAttention"])
def test_monotonic_mechanisms_in_a_decoder(kind):
    mem = tf.placeholder(tf.float32, [B, T, H], name="memory")
    mechanism = getattr(s2s, kind)(H, mem, memory_sequence_length=[5, 4, 2],
                                   score_bias_init=-1.0)
    cell = s2s.AttentionWrapper(tf.nn.rnn_cell.BasicRNNCell(H), mechanism,
                                alignment_history=True)
    x = tf.placeholder(tf.float32, [B, 4, D], name="x")
    helper = s2s.TrainingHelper(x, [4, 4, 4])
    decoder = s2s.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32))
    _, state, _ = s2s.dynamic_decode(decoder)
    history = state.alignment_history.stack()
    names = sorted(v.op.name for v in tf.global_variables())
    assert any(n.endswith("attention_score_bias") for n in names)
    initial = mechanism.initial_alignments(B, tf.float32)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        rng = np.random.RandomState(3)
        first, hist = sess.run([initial, history], {
            mem: rng.standard_normal((B, T, H)), x: rng.standard_normal((B, 4, D))})
    np.testing.assert_array_equal(first, np.eye(T)[[0, 0, 0]])
    assert hist.shape == (4, B, T)
    assert (hist.sum(-1) <= 1 + 1e-5).all() and (hist >= 0).all()
    assert (hist[:, 2, 2:] == 0).all()  # past the memory length nothing is attended
