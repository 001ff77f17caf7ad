"""Candidate samplers and ComputeAccidentalHits: graphs, names, attrs and static shapes;
the distributions (frequencies of many draws against the probabilities), TF's expected-count
formulas, `unique`, per-session learned counts, seeds, the word stream's rejection steps, the
alias table, accidental hits against a brute-force reference, and every error path. The seeded
values themselves are TF's (tests/golden/cases/sampled.py)."""
import numpy as np
import pytest

import minitf as tf
from minitf.framework import registry
from minitf.ops import candidate_sampling_ops as cs
from tests.harness import run, session

SAMPLER_TYPES = ("UniformCandidateSampler", "LogUniformCandidateSampler",
                 "LearnedUnigramCandidateSampler", "FixedUnigramCandidateSampler",
                 "AllCandidateSampler")


def _log_uniform_p(values, range_max):
    values = np.asarray(values, np.float64)
    return (np.log((values + 2) / (values + 1)) / np.log(range_max + 1)).astype(np.float32)


def _frequencies(values, range_max):
    return np.bincount(np.asarray(values), minlength=range_max) / len(values)


# ---- graphs

def test_sampler_graph_names_attrs_and_outputs():
    tc = tf.placeholder(tf.int64, [None, 2], name="tc")
    s = tf.nn.log_uniform_candidate_sampler(tc, 2, 5, True, 30, seed=3)
    assert type(s).__name__ == "LogUniformCandidateSampler"
    assert s._fields == ("sampled_candidates", "true_expected_count", "sampled_expected_count")
    assert [t.name for t in s] == ["LogUniformCandidateSampler:0",
                                   "LogUniformCandidateSampler:1",
                                   "LogUniformCandidateSampler:2"]
    assert [t.dtype for t in s] == [tf.int64, tf.float32, tf.float32]
    assert [t.shape.as_list() for t in s] == [[5], [None, 2], [5]]
    op = s[0].op
    assert [op.get_attr(a) for a in ("num_true", "num_sampled", "unique", "range_max", "seed",
                                     "seed2")] == [2, 5, True, 30, 87654321, 3]
    lst = tf.nn.uniform_candidate_sampler([[1, 2, 3]], 3, 4, False, 9, name="u")
    assert lst[0].op.inputs[0].name == "u/true_classes:0"
    assert lst[1].shape.as_list() == [1, 3]
    unknown = tf.nn.uniform_candidate_sampler(tf.placeholder(tf.int64), 2, 4, False, 9)
    assert unknown[1].shape.as_list() == [None, 2]


def test_samplers_under_nn_and_random_and_not_differentiable():
    for name in ("uniform_candidate_sampler", "log_uniform_candidate_sampler",
                 "learned_unigram_candidate_sampler", "fixed_unigram_candidate_sampler",
                 "all_candidate_sampler"):
        assert getattr(tf.random, name) is getattr(tf.nn, name)
    assert not hasattr(tf.random, "compute_accidental_hits")
    for op_type in SAMPLER_TYPES + ("ComputeAccidentalHits",):
        assert registry.lookup(op_type).grad == registry.NOT_DIFFERENTIABLE
    for op_type in SAMPLER_TYPES:
        assert registry.lookup(op_type).stateful
    assert not registry.lookup("ComputeAccidentalHits").stateful


def test_seeds_follow_tf1_rules():
    tc = [[1]]
    tf.set_random_seed(5)
    a = tf.nn.uniform_candidate_sampler(tc, 1, 2, False, 9, seed=7)
    b = tf.nn.fixed_unigram_candidate_sampler(tc, 1, 2, False, 3, unigrams=[1, 2, 3])
    hits = tf.nn.compute_accidental_hits(tc, [1], 1, seed=2)
    assert (a[0].op.get_attr("seed"), a[0].op.get_attr("seed2")) == (5, 7)
    assert b[0].op.get_attr("seed") == 5
    assert (hits[0].op.get_attr("seed"), hits[0].op.get_attr("seed2")) == (5, 2)


@pytest.mark.parametrize("op_type", SAMPLER_TYPES)
def test_static_shapes_match_kernel(op_type, backend):
    build = {
        "UniformCandidateSampler": lambda t: tf.nn.uniform_candidate_sampler(t, 3, 7, True, 11),
        "LogUniformCandidateSampler":
            lambda t: tf.nn.log_uniform_candidate_sampler(t, 3, 7, False, 11),
        "LearnedUnigramCandidateSampler":
            lambda t: tf.nn.learned_unigram_candidate_sampler(t, 3, 7, True, 11),
        "FixedUnigramCandidateSampler": lambda t: tf.nn.fixed_unigram_candidate_sampler(
            t, 3, 7, True, 11, unigrams=list(range(1, 12))),
        "AllCandidateSampler": lambda t: tf.nn.all_candidate_sampler(t, 3, 11, True)}[op_type]
    true = np.array([[1, 2, 3], [4, 5, 6]], np.int64)
    for shape in ([2, 3], [None, 3], None):
        with tf.Graph().as_default():
            out = build(tf.placeholder(tf.int64, shape))
            with session(backend) as sess:
                values = sess.run(out, {out[0].op.inputs[0]: true})
        for t, v in zip(out, values):
            assert t.shape.is_compatible_with(v.shape) and t.dtype.as_numpy_dtype == v.dtype
        known = [t.shape.is_fully_defined() for t in out]
        assert known == [True, shape == [2, 3], True]
    assert values[0].shape == (11 if op_type == "AllCandidateSampler" else 7,)


# ---- the word stream (SimplePhilox) and the alias table

class _FixedBlocks:
    """A stand-in generator whose blocks hold the given words, in order."""

    def __init__(self, words):
        self.words = np.array(list(words) + [0] * (-len(words) % 4), np.uint32)

    def blocks(self, xp, offsets):
        offsets = np.asarray(offsets, np.int64)
        table = np.concatenate([self.words.reshape(-1, 4),
                                np.zeros((int(offsets.max()) + 1, 4), np.uint32)])
        return table[offsets].T


def test_word_stream_reads_words_in_order_and_rejects_as_tf():
    words = cs._Words(np, _FixedBlocks([0, 7, 5, 2**32 - 1, 0x12345678, 0x9ABCDEF0,
                                        0xFFFFFFFF, 1, 0x800000, 0x380000, 2**31]))
    assert words.uniform(3) == 7 % 3  # word 0 is below (2**32 - 1) % 3 + 1 = 1: rejected
    assert words.uniform(8) == 5 & 7  # a power of two: the low bits
    assert words.uniform(5) == (2**32 - 1) % 5
    assert words.rand64() == 0x9ABCDEF0 << 32 | 0x12345678
    assert words.uniform(2**64 - 1, 64) == 0xFFFFFFFF | 1 << 32
    assert words.rand_float() == 0.0  # only the 23 mantissa bits count
    assert words.rand_double() == 0.5 + 2.0**-52 * 2**31  # 20 bits of the first word


def test_word_stream_rejects_64_bit_words_below_the_threshold():
    n = 2**63 + 1  # (2**64 - 1) % n + 1 = 2**63 - 1: words below are rejected
    words = cs._Words(np, _FixedBlocks([0xFFFFFFFE, 0x7FFFFFFF, 0, 2**31]))
    assert words.uniform(n, 64) == 2**63


@pytest.mark.parametrize("weights", [[1.0, 2.0, 3.0, 4.0], [5.0, 0.0, 1.0, 1.0, 1.0, 9.5, 0.25],
                                     list(np.random.RandomState(3).gamma(0.3, 1, 60))])
def test_alias_table_realizes_the_weights(weights):
    """Each bucket gives itself with its prob and its alias otherwise: summed over buckets, the
    chances are the weights' shares (to float32 rounding)."""
    w = np.float32(weights)
    sampler = cs._FixedUnigramSampler(len(w), w)
    n = len(w)
    p = np.zeros(n)
    for bucket, (prob, alias) in enumerate(zip(sampler._prob, sampler._alias)):
        p[bucket] += prob / n
        p[alias] += (1 - prob) / n
    np.testing.assert_allclose(p, w / w.sum(), atol=1e-6)


def test_learned_picker_matches_cumulative_counts():
    """The Fenwick pick is the first class whose running count exceeds the drawn integer."""
    sampler = cs._LearnedUnigramSampler(13)
    rng = np.random.RandomState(0)
    sampler.update(rng.randint(0, 13, 40).tolist())
    cumulative = np.cumsum(sampler._counts)
    for target in range(sampler._total):
        words = cs._Words(np, _FixedBlocks([target]))
        sampler._total, total = 2**32, sampler._total  # a power of two: the word itself
        assert sampler.sample(words) == np.searchsorted(cumulative, target, side="right")
        sampler._total = total


# ---- distributions and expected counts

def _draw(sampler_fn, num_sampled=20000, runs=1, true=((0,), (1,), (5,)), **kw):
    tc = tf.constant(true, tf.int64)
    s = sampler_fn(tc, 1, num_sampled, False, seed=1, **kw)
    with tf.Session() as sess:
        return [sess.run(s) for _ in range(runs)]


def test_uniform_distribution_and_counts():
    (cands, true_ec, samp_ec), = _draw(lambda *a, **k: tf.nn.uniform_candidate_sampler(
        *a, range_max=10, **k))
    np.testing.assert_allclose(_frequencies(cands, 10), 0.1, atol=0.01)
    assert true_ec.dtype == np.float32 and true_ec.shape == (3, 1)
    assert np.all(true_ec == np.float32(0.1) * np.float32(20000))
    assert np.all(samp_ec == np.float32(0.1) * np.float32(20000))


def test_log_uniform_distribution_and_counts():
    (cands, true_ec, samp_ec), = _draw(lambda *a, **k: tf.nn.log_uniform_candidate_sampler(
        *a, range_max=50, **k))
    np.testing.assert_allclose(_frequencies(cands, 50), _log_uniform_p(np.arange(50), 50),
                               atol=0.01)
    np.testing.assert_array_equal(true_ec.ravel(),
                                  _log_uniform_p([0, 1, 5], 50) * np.float32(20000))
    np.testing.assert_array_equal(samp_ec, _log_uniform_p(cands, 50) * np.float32(20000))


def test_fixed_unigram_distribution_distortion_and_reserved_ids():
    unigrams = [3.0, 1.0, 0.5, 8.0, 2.0]
    (cands, true_ec, _), = _draw(lambda *a, **k: tf.nn.fixed_unigram_candidate_sampler(
        *a, range_max=7, num_reserved_ids=2, distortion=0.5, unigrams=unigrams, **k))
    w = np.float32([0, 0] + unigrams) ** np.float32(0.5)
    np.testing.assert_allclose(_frequencies(cands, 7), w / w.sum(), atol=0.01)
    assert not np.isin(cands, [0, 1]).any()  # reserved ids have weight 0
    np.testing.assert_allclose(true_ec.ravel(), w[[0, 1, 5]] / w.sum() * 20000, rtol=1e-6)


def test_fixed_unigram_shards():
    """Shard 1 of 3 keeps reserved id 1, then the ids 1, 4, 7 ... counted from the reserved
    weights kept (TF's numbering): unigrams 0, 3, 6."""
    unigrams = [10.0, 1.0, 1.0, 20.0, 1.0, 1.0, 30.0]
    (cands, true_ec, _), = _draw(lambda *a, **k: tf.nn.fixed_unigram_candidate_sampler(
        *a, range_max=4, num_reserved_ids=3, num_shards=3, shard=1, unigrams=unigrams, **k),
        true=[[0], [3]])
    np.testing.assert_allclose(_frequencies(cands, 4), [0, 1 / 6, 2 / 6, 3 / 6], atol=0.01)
    np.testing.assert_allclose(true_ec.ravel(), [0, 10000], rtol=1e-6)


def test_fixed_unigram_vocab_file(tmp_path):
    path = tmp_path / "vocab.txt"
    path.write_bytes(b"the,4\r\nof,x,2\n,2\nzebra,0\n")
    tc = tf.constant([[1], [3]], tf.int64)
    s = tf.nn.fixed_unigram_candidate_sampler(tc, 1, 4000, False, 5, vocab_file=str(path),
                                              num_reserved_ids=1, seed=2)
    cands, true_ec, _ = run(s)
    np.testing.assert_allclose(_frequencies(cands, 5), [0, 0.5, 0.25, 0.25, 0], atol=0.03)
    np.testing.assert_allclose(true_ec.ravel(), [0.5 * 4000, 0.25 * 4000])


def test_learned_unigram_counts_grow_per_session():
    tc = tf.constant([[3], [3], [7]], tf.int64)
    s = tf.nn.learned_unigram_candidate_sampler(tc, 1, 4, False, 10, seed=1)
    with tf.Session() as sess:
        counts = [sess.run(s.true_expected_count).ravel() for _ in range(3)]
        frequent = sess.run(tf.nn.learned_unigram_candidate_sampler(tc, 1, 1, False, 10))
    for k, got in enumerate(counts):  # run k saw the true classes k times before
        total = 10 + 3 * k
        np.testing.assert_array_equal(got, np.float32([1 + 2 * k, 1 + 2 * k, 1 + k])
                                      / np.float32(total) * np.float32(4))
    assert frequent[1].ravel().tolist() == [np.float32(0.1)] * 3  # another op: its own counts
    with tf.Session() as sess:  # a new session starts over
        np.testing.assert_array_equal(sess.run(s.true_expected_count), counts[0].reshape(3, 1))


def test_learned_unigram_distribution_follows_counts():
    tc = tf.constant([[2]] * 30, tf.int64)
    s = tf.nn.learned_unigram_candidate_sampler(tc, 1, 20000, False, 4, seed=3)
    with tf.Session() as sess:
        first = sess.run(s)[0]
        second = sess.run(s)[0]
    np.testing.assert_allclose(_frequencies(first, 4), 0.25, atol=0.01)
    np.testing.assert_allclose(_frequencies(second, 4), np.array([1, 1, 31, 1]) / 34, atol=0.01)


@pytest.mark.parametrize("make", [
    lambda tc: tf.nn.uniform_candidate_sampler(tc, 1, 25, True, 30, seed=4),
    lambda tc: tf.nn.log_uniform_candidate_sampler(tc, 1, 25, True, 30, seed=4),
    lambda tc: tf.nn.fixed_unigram_candidate_sampler(tc, 1, 25, True, 30, seed=4,
                                                     unigrams=list(range(1, 31))),
    lambda tc: tf.nn.learned_unigram_candidate_sampler(tc, 1, 25, True, 30, seed=4)])
def test_unique_counts_use_the_number_of_tries(make, backend):
    """Unique candidates, and every expected count is 1 - (1 - p)**tries in float32 for one
    number of tries (at least num_sampled), as TF's ExpectedCountHelper."""
    tc = tf.constant([[0], [29]], tf.int64)
    s = make(tc)
    with session(backend) as sess:
        cands, true_ec, samp_ec = sess.run(s)
    assert len(set(cands.tolist())) == 25
    ps = {"UniformCandidateSampler": lambda v: np.full(len(v), np.float32(1 / 30)),
          "LogUniformCandidateSampler": lambda v: _log_uniform_p(v, 30),
          "FixedUnigramCandidateSampler": lambda v: np.float32(np.asarray(v) + 1)
          / np.float32(465),
          "LearnedUnigramCandidateSampler": lambda v: np.full(len(v), np.float32(1 / 30))}
    p = ps[s[0].op.type]

    def counts(values, tries):
        return -np.expm1(np.float32(tries) * np.log1p(-p(values)))
    tries = next(t for t in range(25, 10000) if np.array_equal(counts(cands, t), samp_ec))
    np.testing.assert_array_equal(true_ec.ravel(), counts([0, 29], tries))


def test_all_candidate_sampler():
    a = tf.nn.all_candidate_sampler([[1, 2], [0, 3]], 2, 5, False)
    cands, true_ec, samp_ec = run(a)
    assert cands.tolist() == [0, 1, 2, 3, 4] and cands.dtype == np.int64
    assert true_ec.tolist() == [[1, 1], [1, 1]] and samp_ec.tolist() == [1] * 5


def test_seeded_samplers_repeat_per_session_and_move_on_per_run(backend):
    tc = tf.constant([[1], [2]], tf.int64)
    s = tf.nn.log_uniform_candidate_sampler(tc, 1, 6, False, 1000, seed=9)
    with session(backend) as sess:
        first, second = sess.run(s[0]), sess.run(s[0])
    with session(backend) as sess:
        again = sess.run(s[0])
    assert first.tolist() == again.tolist() and first.tolist() != second.tolist()
    unseeded = tf.nn.uniform_candidate_sampler(tc, 1, 6, False, 2**40)
    assert run(unseeded[0]).tolist() != run(unseeded[0]).tolist()


# ---- compute_accidental_hits

def _hits_reference(true, sampled):
    last = {c: i for i, c in enumerate(sampled)}
    hits = [(row, last[c]) for row, classes in enumerate(true) for c in classes if c in last]
    return [h[0] for h in hits], [h[1] for h in hits]


@pytest.mark.parametrize("seed", range(4))
def test_accidental_hits_against_brute_force(seed, backend):
    rng = np.random.RandomState(seed)
    num_true = seed % 3 + 1
    true = rng.randint(0, 8, (5, num_true)).astype(np.int64)
    sampled = rng.randint(0, 8, 6).astype(np.int64)  # repeats: the last position counts
    hits = tf.nn.compute_accidental_hits(true, sampled, num_true)
    with session(backend) as sess:
        indices, ids, weights = sess.run(hits)
    want_rows, want_ids = _hits_reference(true.tolist(), sampled.tolist())
    assert indices.dtype == np.int32 and ids.dtype == np.int64 and weights.dtype == np.float32
    assert indices.tolist() == want_rows and ids.tolist() == want_ids
    assert weights.tolist() == [-np.finfo(np.float32).max] * len(want_rows)


def test_accidental_hits_graph():
    hits = tf.nn.compute_accidental_hits(tf.placeholder(tf.int64, [None, 2]), [1, 2], 2)
    assert type(hits).__name__ == "ComputeAccidentalHits"
    assert hits._fields == ("indices", "ids", "weights")
    assert [t.shape.as_list() for t in hits] == [[None]] * 3
    assert hits.ids.op.inputs[1].name == "ComputeAccidentalHits/sampled_candidates:0"
    assert (hits[0].op.get_attr("seed"), hits[0].op.get_attr("seed2")) == (0, 0)


# ---- errors

def _run_error(fetch, feed=None):
    with pytest.raises(tf.errors.OpError) as info:
        run(fetch, feed)
    return info


@pytest.mark.parametrize("build, cls, message", [
    (lambda: tf.nn.uniform_candidate_sampler([[1], [3]], 1, 5, True, 4),
     tf.errors.InvalidArgumentError, "Sampler's range is too small."),
    (lambda: tf.nn.log_uniform_candidate_sampler(
        tf.placeholder_with_default(tf.constant([[1], [3]], tf.int64), [None, None]),
        2, 3, False, 10), tf.errors.InvalidArgumentError,
     "true_classes must have num_true columns, expected: 1 was: 2"),
    (lambda: tf.nn.uniform_candidate_sampler(
        tf.placeholder_with_default(tf.constant([1, 3], tf.int64), None), 1, 3, True, 10),
     tf.errors.InvalidArgumentError, "true_classes must be a matrix"),
    (lambda: tf.nn.uniform_candidate_sampler([[1], [17]], 1, 3, True, 10),
     tf.errors.InvalidArgumentError, "`true_candidate` out of range [0, 10), received 17"),
    (lambda: tf.nn.learned_unigram_candidate_sampler([[-1]], 1, 3, True, 10),
     tf.errors.InvalidArgumentError, "`true_candidate` out of range [0, 10), received -1"),
    (lambda: tf.nn.all_candidate_sampler([[5]], 1, 5, True),
     tf.errors.InvalidArgumentError, "`true_candidate` out of range [0, 5), received 5"),
    (lambda: tf.nn.fixed_unigram_candidate_sampler([[1]], 1, 2, True, 4),
     tf.errors.InvalidArgumentError, "Must provide either vocab_file or unigrams."),
    (lambda: tf.nn.fixed_unigram_candidate_sampler([[1]], 1, 2, True, 4, vocab_file="v",
                                                   unigrams=[1.0] * 4),
     tf.errors.InvalidArgumentError, "Must only provide one of vocab_file and unigrams."),
    (lambda: tf.nn.fixed_unigram_candidate_sampler([[1]], 1, 2, True, 4, unigrams=[1.0] * 3),
     tf.errors.InvalidArgumentError, "range is 4 must be equal to weights size  3"),
    (lambda: tf.nn.fixed_unigram_candidate_sampler([[1]], 1, 2, True, 4,
                                                   vocab_file="/nonexistent/vocab"),
     tf.errors.NotFoundError, "/nonexistent/vocab; No such file or directory"),
    (lambda: tf.nn.learned_unigram_candidate_sampler([[1]], 1, 2, True, 2**31 - 1),
     tf.errors.InvalidArgumentError,
     "range_max must be less than 2147483647 for unigram samplers, got 2147483647"),
    (lambda: tf.nn.compute_accidental_hits(
        tf.placeholder_with_default(tf.constant([[1], [2]], tf.int64), None), [1, 2], 2),
     tf.errors.InvalidArgumentError, "true_candidates must be a batch_size * num_true matrix"),
    (lambda: tf.nn.compute_accidental_hits(
        [[1]], tf.placeholder_with_default(tf.constant([[1]], tf.int64), None), 1),
     tf.errors.InvalidArgumentError, ("sampled_candidates must be a vector, which is typically "
                                      "an output from CandidateSampler")),
])
def test_run_time_errors(build, cls, message):
    info = _run_error(build())
    assert info.type is cls and message in str(info.value)


def test_vocab_file_format_error(tmp_path):
    path = tmp_path / "vocab.csv"
    path.write_text("w0,3\n\nw2,1\n")
    info = _run_error(tf.nn.fixed_unigram_candidate_sampler([[1]], 1, 2, True, 3,
                                                            vocab_file=str(path)))
    assert info.type is tf.errors.InvalidArgumentError
    assert str(info.value).splitlines()[0] == "Wrong vocabulary format at line: "


@pytest.mark.parametrize("build, cls, message", [
    (lambda: tf.nn.log_uniform_candidate_sampler(tf.constant([1, 2], tf.int64), 1, 4, True, 4),
     ValueError, "Shape must be rank 2 but is rank 1"),
    (lambda: tf.nn.log_uniform_candidate_sampler([[1]], 1, 0, True, 40), ValueError,
     "Attr 'num_sampled' of 'LogUniformCandidateSampler' Op passed 0 less than minimum 1."),
    (lambda: tf.nn.uniform_candidate_sampler([[1]], 0, 2, False, 3), ValueError,
     "Attr 'num_true' of 'UniformCandidateSampler' Op passed 0 less than minimum 1."),
    (lambda: tf.nn.uniform_candidate_sampler([[1]], 1, 2, False, 0), ValueError,
     "Attr 'range_max' of 'UniformCandidateSampler' Op passed 0 less than minimum 1."),
    (lambda: tf.nn.fixed_unigram_candidate_sampler([[1]], 1, 2, False, 3, num_shards=0,
                                                   unigrams=[1, 2, 3]), ValueError,
     "Attr 'num_shards' of 'FixedUnigramCandidateSampler' Op passed 0 less than minimum 1."),
    (lambda: tf.nn.learned_unigram_candidate_sampler([[1]], 1, 2, False, 2**31), ValueError,
     "Value of range_max:2147483648 is too large to handle"),
    (lambda: tf.nn.uniform_candidate_sampler([[1]], 1, 2.5, False, 3), TypeError,
     "Expected int for argument 'num_sampled' not 2.5."),
    (lambda: tf.nn.uniform_candidate_sampler([[1]], 1, 2, 1, 3), TypeError,
     "Expected bool for argument 'unique' not 1."),
    (lambda: tf.nn.uniform_candidate_sampler(tf.constant([[1]]), 1, 2, False, 4), TypeError,
     ("Input 'true_classes' of 'UniformCandidateSampler' Op has type int32 that does not match "
      "expected type of int64.")),
    (lambda: tf.nn.compute_accidental_hits(tf.constant([[1], [2]], tf.int64), [1, 2], 2),
     ValueError, "Dimension must be 2 but is 1"),
    (lambda: tf.nn.compute_accidental_hits(tf.constant([[1]], tf.int64), [[1, 2]], 1),
     ValueError, "Shape must be rank 1 but is rank 2"),
])
def test_build_time_errors(build, cls, message):
    with pytest.raises(cls) as info:
        build()
    assert message in str(info.value)
