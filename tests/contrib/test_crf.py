"""tf.contrib.crf: log norms, log-likelihoods and sequence scores against brute-force numpy
enumerations of every tag sequence, crf_decode and viterbi_decode against the brute-force best
path, the three cells on values, numeric gradients, a small BiLSTM-CRF whose loss falls, the
names TF 1.15's crf.py gives (reasoned from its source below), and its error paths.

TF 2.x (our only TensorFlow oracle) has no tf.contrib, so no golden records exist for this
module. The padded rows, the zero-length rows and the single-step (max_seq_len == 1) shortcut
are each checked with the static time axis known and unknown (a `tf.cond` at run time).
"""
import itertools

import numpy as np
import pytest

import minitf as tf
from tests.harness import session

crf = tf.contrib.crf
N = 3  # tags
TRANS = np.random.RandomState(7).standard_normal((N, N)).astype(np.float32)


def _path_score(unary, trans, tags):
    return (sum(unary[t, k] for t, k in enumerate(tags))
            + sum(trans[a, b] for a, b in itertools.pairwise(tags)))


def _paths(length, allowed=None):
    for tags in itertools.product(range(N), repeat=length):
        if allowed is None or all(allowed[t, k] for t, k in enumerate(tags)):
            yield tags


def _log_norm(unary, trans, length, allowed=None):
    """log sum over every (allowed) tag sequence of exp(score); 0 for an empty row, as TF."""
    if length <= 0:
        return 0.0
    return np.logaddexp.reduce([_path_score(unary, trans, p)
                                for p in _paths(length, allowed)])


def _best(unary, trans, length):
    return max(_paths(length), key=lambda p: _path_score(unary, trans, p))


def _batch(batch, steps, lengths):
    """Values of their own per shape, whichever tests run (and in which process)."""
    rng = np.random.RandomState(10 * batch + steps)
    unary = rng.standard_normal((batch, steps, N)).astype(np.float32)
    tags = rng.randint(0, N, (batch, steps)).astype(np.int32)
    return unary, tags, np.array(lengths, np.int32)


CASES = [  # (max_seq_len, lengths): full, padded, one step and empty rows
    (1, [1, 1, 0]),
    (2, [2, 1, 0, 2]),
    (4, [4, 2, 1, 3, 0]),
]


def _placeholders(unary, static, tag_dtype=tf.int32):
    batch, steps, _ = unary.shape
    shape = [batch, steps, N] if static else [None, None, N]
    return (tf.placeholder(tf.float32, shape, name="inputs"),
            tf.placeholder(tag_dtype, shape[:2], name="tags"),
            tf.placeholder(tf.int32, [None], name="lengths"))


@pytest.mark.parametrize("static", [True, False], ids=["static", "unknown"])
@pytest.mark.parametrize("steps,lengths", CASES)
def test_log_norm_and_log_likelihood_match_brute_force(steps, lengths, static):
    unary, tags, lens = _batch(len(lengths), steps, lengths)
    x, y, n = _placeholders(unary, static)
    trans = tf.constant(TRANS)
    log_norm = crf.crf_log_norm(x, n, trans)
    likelihood, returned = crf.crf_log_likelihood(x, y, n, trans)
    assert returned is trans
    assert log_norm.shape.as_list() == [unary.shape[0] if static else None]
    # with the time axis unknown the single-step branch's GatherNd has an unknown index depth
    # (the tags' axis 1), so, as in TF, the cond's Merge and the likelihood have unknown rank
    assert likelihood.shape.as_list() == [unary.shape[0]] if static else \
        likelihood.shape.ndims is None
    with session() as sess:
        got_norm, got_ll = sess.run([log_norm, likelihood], {x: unary, y: tags, n: lens})
    norms = [_log_norm(unary[b], TRANS, k) for b, k in enumerate(lens)]
    scores = [_path_score(unary[b], TRANS, tags[b, :k]) for b, k in enumerate(lens)]
    np.testing.assert_allclose(got_norm, norms, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got_ll, np.subtract(scores, norms), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("tag_dtype", [tf.int32, tf.int64])
@pytest.mark.parametrize("static", [True, False], ids=["static", "unknown"])
@pytest.mark.parametrize("steps,lengths", CASES)
def test_sequence_unary_and_binary_scores(steps, lengths, static, tag_dtype):
    unary, tags, lens = _batch(len(lengths), steps, lengths)
    x, y, n = _placeholders(unary, static, tag_dtype)
    trans = tf.constant(TRANS)
    fetches = [crf.crf_sequence_score(x, y, n, trans), crf.crf_unary_score(y, n, x),
               crf.crf_binary_score(y, n, trans)]
    with session() as sess:
        sequence, unary_sum, binary_sum = sess.run(fetches, {x: unary, y: tags, n: lens})
    mask = np.arange(steps)[None, :] < lens[:, None]
    picked = np.take_along_axis(unary, tags[..., None], 2)[..., 0]
    expected_unary = (picked * mask).sum(1)
    expected_binary = (TRANS[tags[:, :-1], tags[:, 1:]] * mask[:, 1:]).sum(1)
    np.testing.assert_allclose(unary_sum, expected_unary, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(binary_sum, expected_binary, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(sequence, expected_unary + expected_binary, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("static", [True, False], ids=["static", "unknown"])
@pytest.mark.parametrize("steps,lengths", [(1, [1, 1]), (3, [3, 2, 1, 0])])
def test_multitag_sequence_score(steps, lengths, static):
    unary, tags, lens = _batch(len(lengths), steps, lengths)
    allowed = np.random.RandomState(steps).rand(len(lengths), steps, N) < 0.5
    allowed[..., 0] = True  # at least one tag per step
    x, y, n = _placeholders(unary, static)
    bitmap = tf.placeholder(tf.bool, x.shape)
    trans = tf.constant(TRANS)
    multi = crf.crf_multitag_sequence_score(x, bitmap, n, trans)
    one_hot = crf.crf_multitag_sequence_score(x, tf.one_hot(y, N, on_value=True, off_value=False),
                                              n, trans)
    single = crf.crf_sequence_score(x, y, n, trans)
    with session() as sess:
        got, got_one_hot, got_single = sess.run([multi, one_hot, single],
                                                {x: unary, y: tags, n: lens, bitmap: allowed})
    expected = [_log_norm(unary[b], TRANS, k, allowed[b]) for b, k in enumerate(lens)]
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got_one_hot, got_single, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("static", [True, False], ids=["static", "unknown"])
@pytest.mark.parametrize("steps,lengths", CASES)
def test_crf_decode_matches_brute_force_and_viterbi_decode(steps, lengths, static):
    unary, _, lens = _batch(len(lengths), steps, lengths)
    x, _, n = _placeholders(unary, static)
    tags, best = crf.crf_decode(x, tf.constant(TRANS), n)
    assert tags.dtype == tf.int32 and best.dtype == tf.float32
    with session() as sess:
        got_tags, got_best = sess.run([tags, best], {x: unary, n: lens})
    assert got_tags.shape == (len(lengths), steps)
    for b, k in enumerate(lens):
        if k == 0:  # TF's construction: step 0's argmax, then the zero outputs of the loops
            assert got_tags[b].tolist() == [unary[b, 0].argmax()] + [0] * (steps - 1)
            assert got_best[b] == unary[b, 0].max()
            continue
        path = _best(unary[b], TRANS, k)
        assert got_tags[b, :k].tolist() == list(path)
        np.testing.assert_allclose(got_best[b], _path_score(unary[b], TRANS, path), atol=1e-5)
        viterbi, score = crf.viterbi_decode(unary[b, :k], TRANS)
        assert viterbi == list(path) and isinstance(viterbi, list)
        np.testing.assert_allclose(score, got_best[b], atol=1e-5)


def test_viterbi_decode_values_and_types():
    score = np.array([[1.0, 0.0], [0.0, 2.0], [0.5, 0.0]])
    trans = np.array([[0.0, -3.0], [1.0, 0.0]])
    viterbi, best = crf.viterbi_decode(score, trans)
    # (1, 1, 0) scores 0 + 2 + 0.5 plus transitions 0 + 1; no other path reaches 3.5
    assert viterbi == [1, 1, 0] and best == pytest.approx(3.5)
    assert all(isinstance(v, np.integer) for v in viterbi) and isinstance(best, np.float64)
    assert crf.viterbi_decode(score[:1], trans) == ([0], 1.0)


def test_cells_on_values():
    rng = np.random.RandomState(1)
    state = rng.standard_normal((2, N)).astype(np.float32)
    inputs = rng.standard_normal((2, N)).astype(np.float32)
    forward = crf.CrfForwardRnnCell(tf.constant(TRANS))
    decode_forward = crf.CrfDecodeForwardRnnCell(tf.constant(TRANS))
    backward = crf.CrfDecodeBackwardRnnCell(N)
    assert forward.state_size == forward.output_size == decode_forward.state_size == N
    assert backward.state_size == backward.output_size == 1
    alphas, alphas_state = forward(tf.constant(inputs), tf.constant(state))
    assert alphas is alphas_state
    pointers, new_state = decode_forward(tf.constant(inputs), tf.constant(state))
    assert pointers.dtype == tf.int32
    backpointers = rng.randint(0, N, (2, N)).astype(np.int32)
    tag, tag_state = backward(tf.constant(backpointers), tf.constant([[2], [0]]))
    assert tag is tag_state and tag.shape.as_list() == [2, 1]
    with session() as sess:
        got = sess.run([alphas, pointers, new_state, tag])
    scores = state[:, :, None] + TRANS[None]
    np.testing.assert_allclose(got[0], inputs + np.logaddexp.reduce(scores, 1), atol=1e-6)
    assert got[1].tolist() == scores.argmax(1).tolist()
    np.testing.assert_allclose(got[2], inputs + scores.max(1), atol=1e-6)
    assert got[3].tolist() == [[backpointers[0, 2]], [backpointers[1, 0]]]


@pytest.mark.parametrize("static", [True, False], ids=["static", "unknown"])
@pytest.mark.parametrize("steps,lengths", [(1, [1, 0]), (3, [3, 1, 2, 0])])
def test_numeric_gradient_of_log_likelihood(steps, lengths, static):
    unary, tags, lens = _batch(len(lengths), steps, lengths)
    x, y, n = _placeholders(unary, static)
    trans = tf.placeholder(tf.float32, [N, N])
    likelihood, _ = crf.crf_log_likelihood(x, y, n, trans)
    feed = {y: tags, n: lens}
    with session():
        for var, shape, value, other in ((x, unary.shape, unary, {trans: TRANS}),
                                         (trans, [N, N], TRANS, {x: unary})):
            if steps == 1 and static and var is trans:
                assert tf.gradients(likelihood, trans) == [None]  # the shortcut skips it
                continue
            err = tf.test.compute_gradient_error(var, list(shape), likelihood, [len(lengths)],
                                                 x_init_value=value,
                                                 extra_feed_dict={**feed, **other})
            assert err < 1e-3, err


def test_numeric_gradient_of_multitag_score():
    unary, _, lens = _batch(3, 3, [3, 2, 1])
    allowed = np.ones_like(unary, bool)
    allowed[0, 1, 1:] = False
    x = tf.placeholder(tf.float32, unary.shape)
    trans = tf.placeholder(tf.float32, [N, N])
    score = crf.crf_multitag_sequence_score(x, tf.constant(allowed), tf.constant(lens), trans)
    with session():
        err = tf.test.compute_gradient_error([x, trans], [list(unary.shape), [N, N]], score,
                                             [3], x_init_value=[unary, TRANS])
    assert err < 1e-3, err


def test_bilstm_crf_loss_falls_and_decodes():
    """A tiny tagger: tag 1 on tokens above 0.5, tag 2 right after one, else 0."""
    tf.set_random_seed(1)
    data = np.random.RandomState(3)
    tokens = data.rand(16, 6, 1).astype(np.float32)
    lens = data.randint(2, 7, 16).astype(np.int32)
    above = tokens[..., 0] > 0.5
    gold = np.where(above, 1, np.where(np.roll(above, 1, 1) & (np.arange(6) > 0), 2, 0))
    x = tf.placeholder(tf.float32, [None, None, 1])
    y = tf.placeholder(tf.int32, [None, None])
    n = tf.placeholder(tf.int32, [None])
    (fw, bw), _ = tf.nn.bidirectional_dynamic_rnn(tf.nn.rnn_cell.LSTMCell(8),
                                                  tf.nn.rnn_cell.LSTMCell(8), x,
                                                  sequence_length=n, dtype=tf.float32)
    logits = tf.layers.dense(tf.concat([fw, bw], -1), N)
    likelihood, trans = crf.crf_log_likelihood(logits, y, n)
    loss = tf.reduce_mean(-likelihood)
    train = tf.train.AdamOptimizer(0.05).minimize(loss)
    decoded, _ = crf.crf_decode(logits, trans, n)
    assert trans.name == "transitions:0" and trans in tf.trainable_variables()
    feed = {x: tokens, y: gold, n: lens}
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        first = sess.run(loss, feed)
        for _ in range(40):
            sess.run(train, feed)
        last, tags = sess.run([loss, decoded], feed)
    mask = np.arange(6)[None, :] < lens[:, None]
    assert last < 0.5 * first
    assert (tags == gold)[mask].mean() > 0.9


# ---- names: what TF 1.15's crf.py builds.
# crf_log_likelihood creates `transitions` with get_variable (variable scope, not name scope);
# with a static max_seq_len > 1 the smart_conds fold, so crf_sequence_score's ops and the
# forward dynamic_rnn (`rnn/while`) sit at the top level and the result is `sub_2` (the binary
# score's num_transitions is `sub`, sequence_lengths - 1 is `sub_1`); with an unknown
# max_seq_len each function is one `tf.cond` (`cond`, `cond_1`) and the rnn is `cond_1/rnn`;
# crf_decode's two dynamic_rnns open `rnn` and `rnn_1`.

def _op_names():
    return {op.name for op in tf.get_default_graph().get_operations()}


def test_names_with_a_static_time_axis():
    x = tf.placeholder(tf.float32, [2, 3, N])
    n = tf.placeholder(tf.int32, [2])
    with tf.variable_scope("crf_layer"), tf.name_scope("ignored"):
        likelihood, trans = crf.crf_log_likelihood(x, tf.zeros([2, 3], tf.int32), n)
    assert trans.name == "crf_layer/transitions:0" and trans.shape.as_list() == [N, N]
    assert likelihood.name == "crf_layer/ignored/sub_2:0"
    names = _op_names()
    assert {"crf_layer/ignored/Equal", "crf_layer/ignored/Equal_1", "crf_layer/ignored/GatherV2",
            "crf_layer/ignored/GatherV2_1", "crf_layer/ignored/Maximum",
            "crf_layer/ignored/rnn/while/ReduceLogSumExp/Add",
            "crf_layer/ignored/ReduceLogSumExp/Add", "crf_layer/ignored/Select"} <= names
    assert not any("cond/" in name or "GatherNd" in name for name in names)
    with tf.variable_scope("crf_layer", reuse=True):
        assert crf.crf_log_likelihood(x, tf.zeros([2, 3], tf.int32), n)[1] is trans
    tags, best = crf.crf_decode(x, trans, n)
    assert tags.name == "ReverseSequence_1:0" and best.name == "Max:0"
    assert {"rnn/while/ArgMax", "rnn_1/while/GatherNd"} <= _op_names()


def test_names_with_a_single_static_step():
    x = tf.placeholder(tf.float32, [2, 1, N])
    likelihood, _ = crf.crf_log_likelihood(x, tf.zeros([2, 1], tf.int32), tf.ones([2], tf.int32))
    tags, best = crf.crf_decode(x, tf.zeros([N, N]), tf.ones([2], tf.int32))
    assert likelihood.name == "sub:0" and tags.name == "Cast:0" and best.name == "Max:0"
    names = _op_names()
    assert "GatherNd" in names and not any("rnn" in name or "cond" in name for name in names)


def test_names_with_an_unknown_time_axis():
    x = tf.placeholder(tf.float32, [None, None, N])
    y = tf.placeholder(tf.int32, [None, None])
    n = tf.placeholder(tf.int32, [None])
    likelihood, _ = crf.crf_log_likelihood(x, y, n)
    tags, best = crf.crf_decode(x, tf.zeros([N, N]), n)
    assert likelihood.name == "sub:0"
    assert tags.name == "cond_2/Merge:0" and best.name == "cond_2/Merge_1:0"
    assert tags.shape.as_list() == [None, None]
    assert {"cond/GatherNd", "cond/GatherV2", "cond_1/rnn/while/ReduceLogSumExp/Add",
            "cond_2/rnn/while/ArgMax", "cond_2/rnn_1/while/GatherNd"} <= _op_names()


def test_tf_module_path():
    from minitf.runner import hook
    hook.install()
    try:
        from tensorflow.contrib.crf import crf_log_likelihood, viterbi_decode
        assert crf_log_likelihood is crf.crf_log_likelihood
        assert viterbi_decode is tf.contrib.crf.viterbi_decode
    finally:
        hook.uninstall()


# ---- errors, as TF 1.15's code raises them

def test_float64_inputs_are_rejected():
    # the float32 sequence masks meet the float64 unary scores
    x = tf.placeholder(tf.float64, [2, 3, N])
    with pytest.raises(TypeError, match=r"^Input 'y' of 'Mul' Op has type float32 that does not "
                                        r"match type float64 of argument 'x'\.$"):
        crf.crf_log_likelihood(x, tf.zeros([2, 3], tf.int32), tf.ones([2], tf.int32))


def test_float_tags_are_rejected():
    x = tf.placeholder(tf.float32, [2, 3, N])
    with pytest.raises(TypeError, match=r"^Input 'y' of 'AddV2' Op has type float32 that does "
                                        r"not match type int32 of argument 'x'\.$"):
        crf.crf_sequence_score(x, tf.zeros([2, 3]), tf.ones([2], tf.int32), tf.zeros([N, N]))


def test_unknown_num_tags():
    x = tf.placeholder(tf.float32, [2, 3, None])
    with pytest.raises(ValueError, match=r"^The initializer passed is not valid\. It should be a "
                                         r"callable with no arguments and the shape should not "
                                         r"be provided .* `shape` should be fully defined\.$"):
        crf.crf_log_likelihood(x, tf.zeros([2, 3], tf.int32), tf.ones([2], tf.int32))
    with pytest.raises(ValueError, match=r"^Cannot convert an unknown Dimension to a Tensor: \?$"):
        crf.crf_binary_score(tf.zeros([2, 3], tf.int32), tf.ones([2], tf.int32),
                             tf.placeholder(tf.float32, [None, None]))


def test_rank_two_inputs():
    x = tf.placeholder(tf.float32, [2, 3])
    with pytest.raises(IndexError):  # inputs.shape[2]
        crf.crf_log_likelihood(x, tf.zeros([2, 3], tf.int32), tf.ones([2], tf.int32))
    with pytest.raises(ValueError, match=r"^Shape must be rank 3 but is rank 2 for 'Slice'"):
        crf.crf_log_norm(x, tf.ones([2], tf.int32), tf.zeros([N, N]))


def test_run_time_errors():
    x = tf.placeholder(tf.float32, [None, None, N])
    n = tf.placeholder(tf.int32, [None])
    y = tf.placeholder(tf.int32, [None, None])
    log_norm = crf.crf_log_norm(x, n, tf.zeros([N, N]))
    score = crf.crf_sequence_score(x, y, n, tf.zeros([N, N]))
    unary = np.zeros((2, 3, N), np.float32)
    with session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"Expected shape for Tensor cond/rnn/sequence_length:0 is "):
            sess.run(log_norm, {x: unary, n: [3, 3, 3]})
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[5\] = 18 is not in "
                                                                 r"\[0, 18\)"):
            sess.run(score, {x: unary, y: [[0, 0, 0], [0, 0, N]], n: [3, 3]})
