"""tf.contrib.seq2seq's beam search: tile_batch, gather_tree (op GatherTree) and
BeamSearchDecoder under dynamic_decode, alone and over an AttentionWrapper.

TF 2.x has neither tf.contrib nor a GatherTree op, so values are checked against a plain numpy
beam search written from TF 1.15's rules (top-k of beam_width * vocab log-softmax scores per
batch entry, finished beams extended by end_token at no cost, length penalty
((5 + len) / 6) ** w), with every variable set by name; names, shapes and error messages
against TF 1.15's source.
"""
import numpy as np
import pytest

import minitf as tf
from tests.harness import session

s2s = tf.contrib.seq2seq
B, K, E, H, V = 2, 3, 4, 5, 7
START, END = 1, 2


def _log_softmax(x):
    x = x - x.max(-1, keepdims=True)
    return x - np.log(np.exp(x).sum(-1, keepdims=True))


def _set_weights(sess, rng, scale=1.0):
    values = {}
    for v in sorted(tf.global_variables(), key=lambda v: v.name):
        value = (rng.standard_normal(v.shape.as_list()) * scale).astype(np.float32)
        v.load(value, sess)
        values[v.op.name] = value
    return values


def _gather_tree(step_ids, parent_ids, max_lengths, end):
    """GatherTree, written directly from its definition."""
    steps, batch, beams = step_ids.shape
    out = np.full_like(step_ids, end)
    for b in range(batch):
        n = min(steps, max_lengths[b])
        for k in range(beams):
            if n <= 0:
                continue
            out[n - 1, b, k] = step_ids[n - 1, b, k]
            parent = parent_ids[n - 1, b, k]
            for t in range(n - 2, -1, -1):
                out[t, b, k] = step_ids[t, b, parent]
                parent = parent_ids[t, b, parent]
            ended = np.cumsum(out[:n, b, k] == end) > 0
            out[1:n, b, k][ended[:-1]] = end
    return out


def _reference_search(step_fn, state, embed, batch, beam_width, vocab, max_steps,
                      length_penalty=0.0):
    """A straightforward beam search: `step_fn(inputs, state) -> (logits, state)` on
    `[batch * beam, ...]` arrays. Returns outputs, lengths and the dynamic_decode lengths."""
    min_float = np.finfo(np.float32).min
    log_probs = np.full((batch, beam_width), -np.inf, np.float32)
    log_probs[:, 0] = 0
    finished = np.ones((batch, beam_width), bool)
    finished[:, 0] = False
    lengths = np.zeros((batch, beam_width), np.int64)
    decode_lengths = np.zeros((batch, beam_width), np.int32)
    inputs = embed(np.full((batch * beam_width,), START))
    scores_all, ids_all, parents_all = [], [], []
    for t in range(max_steps):
        logits, state = step_fn(inputs, state)
        step_lp = _log_softmax(logits.reshape(batch, beam_width, vocab))
        done_row = np.full(vocab, min_float, np.float32)
        done_row[END] = 0
        step_lp = np.where(finished[:, :, None], done_row, step_lp)
        total = log_probs[:, :, None] + step_lp
        grow = (~finished)[:, :, None] & (np.arange(vocab) != END)
        new_len = lengths[:, :, None] + grow
        scores = total if length_penalty == 0 else \
            total / (((5.0 + new_len) / 6.0) ** length_penalty)
        flat = scores.reshape(batch, -1)
        idx = np.argsort(-flat, axis=1, kind="stable")[:, :beam_width]
        rows = np.arange(batch)[:, None]
        parent, word = idx // vocab, idx % vocab
        scores_all.append(flat[rows, idx])
        ids_all.append(word)
        parents_all.append(parent)
        decode_lengths = np.where(~finished, t + 1, decode_lengths)
        log_probs = total.reshape(batch, -1)[rows, idx]
        prev_finished = finished[rows, parent]
        finished = prev_finished | (word == END)
        lengths = lengths[rows, parent] + ~prev_finished
        flat_parent = (rows * beam_width + parent).reshape(-1)
        state = [s[flat_parent] for s in state]
        inputs = embed(word.reshape(-1))
        if finished.all():
            break
    ids, parents = np.stack(ids_all), np.stack(parents_all)
    predicted = _gather_tree(ids, parents, lengths.max(1).astype(np.int32), END)
    return {"scores": np.stack(scores_all), "ids": ids, "parents": parents,
            "predicted": predicted, "lengths": lengths, "decode_lengths": decode_lengths,
            "state": state}


def _rnn_decoder(length_penalty=0.0, maximum_iterations=9, output_time_major=False):
    """A BasicRNNCell beam search from a tiled placeholder state."""
    encoder_state = tf.placeholder(tf.float32, [B, H], name="encoder_state")
    embedding = tf.get_variable("embedding", [V, E])
    cell = tf.nn.rnn_cell.BasicRNNCell(H)
    decoder = s2s.BeamSearchDecoder(
        cell, embedding, tf.fill([B], START), END, s2s.tile_batch(encoder_state, K), K,
        output_layer=tf.layers.Dense(V), length_penalty_weight=length_penalty)
    outputs, state, lengths = s2s.dynamic_decode(
        decoder, maximum_iterations=maximum_iterations, output_time_major=output_time_major)
    return encoder_state, outputs, state, lengths


def _rnn_reference(w, h0, length_penalty, max_steps):
    kernel, bias = w["decoder/basic_rnn_cell/kernel"], w["decoder/basic_rnn_cell/bias"]
    dense_w, dense_b = w["decoder/dense/kernel"], w["decoder/dense/bias"]

    def step(x, state):
        h = np.tanh(np.concatenate([x, state[0]], 1) @ kernel + bias)
        return h @ dense_w + dense_b, [h]
    return _reference_search(step, [np.repeat(h0, K, axis=0)], lambda ids: w["embedding"][ids],
                             B, K, V, max_steps, length_penalty)


@pytest.mark.parametrize("length_penalty", [0.0, 0.7])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_beam_search_values(length_penalty, seed):
    rng = np.random.RandomState(seed)
    h0_ph, outputs, state, lengths = _rnn_decoder(length_penalty)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        w = _set_weights(sess, rng, scale=1.5)
        h0 = rng.standard_normal((B, H)).astype(np.float32)
        got_out, got_state, got_lengths = sess.run([outputs, state, lengths], {h0_ph: h0})
    ref = _rnn_reference(w, h0, length_penalty, 9)
    raw = got_out.beam_search_decoder_output
    np.testing.assert_allclose(raw.scores, ref["scores"].transpose(1, 0, 2), rtol=1e-5,
                               atol=1e-5)
    np.testing.assert_array_equal(raw.predicted_ids, ref["ids"].transpose(1, 0, 2))
    np.testing.assert_array_equal(raw.parent_ids, ref["parents"].transpose(1, 0, 2))
    np.testing.assert_array_equal(got_out.predicted_ids, ref["predicted"].transpose(1, 0, 2))
    np.testing.assert_array_equal(got_state.lengths, ref["lengths"])
    np.testing.assert_array_equal(got_lengths, ref["decode_lengths"])
    np.testing.assert_allclose(got_state.cell_state, ref["state"][0].reshape(B, K, H),
                               rtol=1e-5, atol=1e-5)


def test_beam_search_structure_names_and_shapes():
    _, outputs, state, lengths = _rnn_decoder(output_time_major=True)
    assert isinstance(outputs, s2s.FinalBeamSearchDecoderOutput)
    assert type(outputs).__name__ == "FinalBeamSearchDecoderOutput"
    assert isinstance(outputs.beam_search_decoder_output, s2s.BeamSearchDecoderOutput)
    assert isinstance(state, s2s.BeamSearchDecoderState)
    assert state._fields == ("cell_state", "log_probs", "finished", "lengths",
                             "accumulated_attention_probs")
    assert outputs.predicted_ids.op.type == "GatherTree"
    assert outputs.predicted_ids.shape.as_list() == [None, B, K]
    raw = outputs.beam_search_decoder_output
    assert [raw.scores.dtype, raw.predicted_ids.dtype, raw.parent_ids.dtype] == \
        [tf.float32, tf.int32, tf.int32]
    assert raw.scores.shape.as_list() == [None, B, K]
    assert state.cell_state.shape.as_list() == [B, K, H]
    assert state.lengths.dtype == tf.int64 and state.log_probs.shape.as_list() == [B, K]
    assert state.accumulated_attention_probs == ()
    assert lengths.shape.as_list() == [B, K]
    names = sorted(v.op.name for v in tf.global_variables())
    assert names == ["decoder/basic_rnn_cell/bias", "decoder/basic_rnn_cell/kernel",
                     "decoder/dense/bias", "decoder/dense/kernel", "embedding"]
    graph_names = {op.name for op in tf.get_default_graph().get_operations()}
    for name in ["tile_batch/Tile", "tile_batch/Reshape",
                 "decoder/while/BeamSearchDecoderStep/next_beam_word_ids",
                 "decoder/while/BeamSearchDecoderStep/next_beam_parent_ids",
                 "decoder/while/BeamSearchDecoderStep/next_beam_finished",
                 "decoder/while/BeamSearchDecoderStep/TopKV2"]:
        assert name in graph_names, name


def test_decoder_properties():
    decoder = s2s.BeamSearchDecoder(
        tf.nn.rnn_cell.BasicRNNCell(H), lambda ids: tf.one_hot(ids, E), [START] * B, END,
        tf.zeros([B * K, H]), K, output_layer=tf.layers.Dense(V))
    assert decoder.tracks_own_finished
    assert decoder.output_size == s2s.BeamSearchDecoderOutput(
        tf.TensorShape([K]), tf.TensorShape([K]), tf.TensorShape([K]))
    assert decoder.output_dtype == s2s.BeamSearchDecoderOutput(tf.float32, tf.int32, tf.int32)
    finished, inputs, state = decoder.initialize()
    with session() as sess:
        f, x, lp = sess.run([finished, inputs, state.log_probs])
    np.testing.assert_array_equal(f, [[False, True, True]] * B)
    np.testing.assert_array_equal(x, np.broadcast_to(np.eye(E)[START], (B, K, E)))
    np.testing.assert_array_equal(lp, [[0, -np.inf, -np.inf]] * B)


# --------------------------------------------------------------------------------------------
# Attention over tiled memory

def _attention_reference(w, memory, memory_lengths, h0, max_steps, history):
    """Luong attention (attention layer, output_attention) around a BasicRNNCell; each step's
    alignments, in the order the step saw the beams, are appended to `history`."""
    kernel = w["decoder/attention_wrapper/basic_rnn_cell/kernel"]
    bias = w["decoder/attention_wrapper/basic_rnn_cell/bias"]
    att_w = w["decoder/attention_wrapper/attention_layer/kernel"]
    dense_w, dense_b = w["decoder/dense/kernel"], w["decoder/dense/bias"]
    mem = np.repeat(memory, K, axis=0)
    mask = np.arange(mem.shape[1]) < np.repeat(memory_lengths, K)[:, None]
    mem = mem * mask[:, :, None]
    keys = mem @ w["memory_layer/kernel"]

    def step(x, state):
        h, attention = state
        h = np.tanh(np.concatenate([x, attention, h], 1) @ kernel + bias)
        score = np.einsum("bh,bth->bt", h, keys)
        score = np.where(mask, score, -np.inf)
        align = np.exp(score - score.max(1, keepdims=True))
        align /= align.sum(1, keepdims=True)
        history.append(align)
        context = np.einsum("bt,btd->bd", align, mem)
        attention = np.concatenate([h, context], 1) @ att_w
        return attention @ dense_w + dense_b, [h, attention]
    state = [np.repeat(h0, K, axis=0), np.zeros((B * K, 3), np.float32)]
    return _reference_search(step, state, lambda ids: w["embedding"][ids], B, K, V, max_steps)


def _attention_decoder(static_batch):
    Tm, D = 4, 6
    batch = B if static_batch else None
    memory_ph = tf.placeholder(tf.float32, [batch, Tm, D], name="memory")
    lengths_ph = tf.placeholder(tf.int32, [batch], name="memory_lengths")
    h0_ph = tf.placeholder(tf.float32, [batch, H], name="encoder_state")
    start_tokens = tf.fill([B], START) if static_batch else \
        tf.placeholder_with_default([START] * B, [None])
    embedding = tf.get_variable("embedding", [V, E])
    mechanism = s2s.LuongAttention(H, s2s.tile_batch(memory_ph, K),
                                   memory_sequence_length=s2s.tile_batch(lengths_ph, K))
    cell = s2s.AttentionWrapper(tf.nn.rnn_cell.BasicRNNCell(H), mechanism,
                                attention_layer_size=3, alignment_history=True)
    initial = cell.zero_state(tf.size(start_tokens) * K, tf.float32).clone(cell_state=s2s.tile_batch(h0_ph, K))
    decoder = s2s.BeamSearchDecoder(cell, embedding, start_tokens, END, initial, K,
                                    output_layer=tf.layers.Dense(V))
    outputs, state, _ = s2s.dynamic_decode(decoder, maximum_iterations=6)
    return (memory_ph, lengths_ph, h0_ph), outputs, state


@pytest.mark.parametrize("static_batch", [True, False])
def test_beam_search_over_attention_with_tiled_memory(static_batch, caplog):
    rng = np.random.RandomState(5)
    (memory_ph, lengths_ph, h0_ph), outputs, state = _attention_decoder(static_batch)
    assert isinstance(state.cell_state, s2s.AttentionWrapperState)
    history = state.cell_state.alignment_history
    if static_batch:
        # TF 1.15's static check declines to sort a [batch * beam, time] history (with a
        # warning) and leaves it a TensorArray
        assert "TensorArray reordering expects elements to be reshapable to (2, 3, ?)" in \
            caplog.text
        history = history.stack()
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        w = _set_weights(sess, rng)
        memory = rng.standard_normal((B, 4, 6)).astype(np.float32)
        memory_lengths = np.array([4, 2], np.int32)
        h0 = rng.standard_normal((B, H)).astype(np.float32)
        got, got_state, got_history = sess.run(
            [outputs, state.cell_state.cell_state, history],
            {memory_ph: memory, lengths_ph: memory_lengths, h0_ph: h0})
    raw_history = []
    ref = _attention_reference(w, memory, memory_lengths, h0, 6, raw_history)
    np.testing.assert_array_equal(got.predicted_ids, ref["predicted"].transpose(1, 0, 2))
    np.testing.assert_allclose(got.beam_search_decoder_output.scores,
                               ref["scores"].transpose(1, 0, 2), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(got_state, ref["state"][0].reshape(B, K, H), rtol=1e-4,
                               atol=1e-5)
    raw_history = np.stack(raw_history)
    if not static_batch:  # sorted as gather_tree_from_array does
        steps = len(raw_history)
        beam_ids = np.broadcast_to(np.arange(K), (steps, B, K)).astype(np.int32)
        order = _gather_tree(beam_ids, ref["parents"], ref["lengths"].max(1), K + 1)
        in_bounds = np.arange(steps)[:, None, None] < ref["lengths"][None]
        order = np.where(in_bounds, order, beam_ids)
        rows = (np.arange(B)[None, :, None] * K + order).reshape(steps, -1)
        raw_history = raw_history[np.arange(steps)[:, None], rows]
    np.testing.assert_allclose(got_history, raw_history, rtol=1e-4, atol=1e-6)


def test_coverage_penalty_needs_attention():
    with pytest.raises(ValueError, match="coverage_penalty_weight must be 0.0 if no cell is "
                                         "attentional."):
        s2s.BeamSearchDecoder(tf.nn.rnn_cell.BasicRNNCell(H), tf.zeros([V, E]), [START] * B,
                              END, tf.zeros([B * K, H]), K,
                              coverage_penalty_weight=0.5).initialize()


# --------------------------------------------------------------------------------------------
# tile_batch and gather_tree

def test_tile_batch_nested_values_and_shapes():
    a = tf.placeholder(tf.float32, [None, 3], name="a")
    b = tf.constant(np.arange(4, dtype=np.int32).reshape(2, 2))
    tiled = s2s.tile_batch({"a": a, "b": (b,)}, 3)
    assert tiled["a"].shape.as_list() == [None, 3]
    assert tiled["b"][0].shape.as_list() == [6, 2]
    assert tiled["a"].op.name == "tile_batch/Reshape"
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    with session() as sess:
        got = sess.run(tiled, {a: x})
    np.testing.assert_array_equal(got["a"], np.repeat(x, 3, axis=0))
    np.testing.assert_array_equal(got["b"][0], np.repeat(np.arange(4).reshape(2, 2), 3, 0))


def test_tile_batch_needs_a_known_rank_of_one_or_more():
    with pytest.raises(ValueError, match="t must have statically known rank"):
        s2s.tile_batch(tf.constant(1.0), 2)
    with pytest.raises(ValueError, match="t must have statically known rank"):
        s2s.tile_batch(tf.placeholder(tf.float32), 2)


def test_gather_tree_values():
    # TF 1.15's beam_search_ops_test: a path read back through the parents
    step_ids = np.array([[[1, 2, 3]], [[4, 5, 6]], [[7, 8, 9]]], np.int32)
    parent_ids = np.array([[[0, 0, 0]], [[0, 1, 1]], [[2, 1, 2]]], np.int32)
    beams = s2s.gather_tree(step_ids, parent_ids, [3], 10)
    assert beams.op.type == "GatherTree" and beams.op.name == "GatherTree"
    assert [t.op.name for t in beams.op.inputs] == [
        "GatherTree/step_ids", "GatherTree/parent_ids", "GatherTree/max_sequence_lengths",
        "GatherTree/end_token"]
    rng = np.random.RandomState(0)
    steps = rng.randint(0, 5, (6, 3, 4)).astype(np.int32)
    parents = rng.randint(0, 4, (6, 3, 4)).astype(np.int32)
    lengths = np.array([6, 3, 0], np.int32)
    with session() as sess:
        got, got_random = sess.run([beams, s2s.gather_tree(steps, parents, lengths, 2)])
    np.testing.assert_array_equal(got, [[[2, 2, 2]], [[6, 5, 6]], [[7, 8, 9]]])
    np.testing.assert_array_equal(got_random, _gather_tree(steps, parents, lengths, 2))
    assert got_random[:, 2].tolist() == [[2] * 4] * 6


def test_gather_tree_shapes_and_errors():
    ph = tf.placeholder(tf.int32, [None, 3, None])
    assert s2s.gather_tree(ph, tf.placeholder(tf.int32, [5, None, 4]), [1, 2, 3], 0) \
        .shape.as_list() == [5, 3, 4]
    with pytest.raises(ValueError, match="Shape must be rank 3 but is rank 2"):
        s2s.gather_tree(tf.zeros([2, 3], tf.int32), tf.zeros([2, 3], tf.int32), [1, 1], 0)
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 2"):
        s2s.gather_tree(ph, ph, [1, 2], 0)
    with pytest.raises(TypeError, match="Value passed to parameter 'step_ids' has DataType "
                                        "float32 not in list of allowed values: int32"):
        s2s.gather_tree(tf.zeros([1, 1, 1]), tf.zeros([1, 1, 1]), [1], 0)
    assert tf.gradients(s2s.gather_tree(ph, ph, [1, 2, 3], 0), ph) == [None]
    bad = s2s.gather_tree(tf.constant([[[0, 0]], [[0, 5]]]), tf.constant([[[0, 0]], [[0, 5]]]),
                          [2], 9)
    with session() as sess, pytest.raises(tf.errors.InvalidArgumentError,
                                          match=r"Saw invalid parent id 5 at \(batch, time, "
                                                r"beam\) == \(0, 0, 1\)"):
        sess.run(bad)


# --------------------------------------------------------------------------------------------
# BeamSearchDecoder's argument errors

def test_decoder_argument_errors():
    cell, emb, state = tf.nn.rnn_cell.BasicRNNCell(H), tf.zeros([V, E]), tf.zeros([B * K, H])
    with pytest.raises(TypeError, match="The argument .cell. \\(cell\\) is not an RNNCell"):
        s2s.BeamSearchDecoder("cell", emb, [START] * B, END, state, K)
    with pytest.raises(TypeError, match="output_layer must be a Layer, received: "):
        s2s.BeamSearchDecoder(cell, emb, [START] * B, END, state, K, output_layer=len)
    with pytest.raises(ValueError, match="start_tokens must be a vector"):
        s2s.BeamSearchDecoder(cell, emb, START, END, state, K)
    with pytest.raises(ValueError, match="end_token must be a scalar"):
        s2s.BeamSearchDecoder(cell, emb, [START] * B, [END], state, K)
    with pytest.raises(ValueError, match=r"Cannot reshape a tensor with 10 elements to shape "
                                         r"\[2,3,5\] \(30 elements\)"):
        s2s.BeamSearchDecoder(cell, emb, [START] * B, END, tf.zeros([B, H]), K)  # not tiled
    with pytest.raises(ValueError, match=r"Unexpected behavior when reshaping between beam "
                                         r"width and batch size\.  The reshaped tensor has "
                                         r"shape: \(2, 3, 4\)\.  We expected it to have shape "
                                         r"\(batch_size, beam_width, depth\) == \(2, 3, 5\)\."):
        s2s.BeamSearchDecoder(cell, emb, [START] * B, END, tf.zeros([B * K, H - 1]), K)
