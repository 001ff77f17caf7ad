"""tf.nn.ctc_loss and tf.nn.ctc_greedy_decoder: values against brute force over every path,
flags, the gradient output, and the kernels' errors (golden values: tests/golden sparse_extra)."""
import itertools

import numpy as np
import pytest

import minitf as tf
from minitf.framework import errors
from tests.harness import run


def _labels(rows):
    indices = [[b, i] for b, row in enumerate(rows) for i in range(len(row))]
    return tf.SparseTensor(tf.constant(indices, tf.int64),
                           tf.constant([v for row in rows for v in row], tf.int32),
                           tf.constant([len(rows), max(map(len, rows))], tf.int64))


def _collapse(path, blank, merge):
    out, prev = [], None
    for c in path:
        if c != blank and not (merge and c == prev):
            out.append(c)
        prev = c
    return out


def _brute_force_loss(logits, label, length, merge=True):
    """-log of the summed probability of every path of `length` steps that reads `label`."""
    x = logits[:length].astype(np.float64)
    p = np.exp(x - x.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    blank = x.shape[1] - 1
    total = sum(np.prod(p[np.arange(length), path])
                for path in itertools.product(range(x.shape[1]), repeat=length)
                if _collapse(path, blank, merge) == label)
    return -np.log(total)


@pytest.mark.parametrize("merge", [True, False])
def test_ctc_loss_matches_brute_force(backend, merge):
    rng = np.random.RandomState(3)
    logits = rng.standard_normal((5, 3, 4)).astype(np.float32)
    rows, lengths = [[0, 1], [2, 2], [1]], [5, 4, 3]
    loss = tf.nn.ctc_loss(_labels(rows), tf.constant(logits), lengths, ctc_merge_repeated=merge)
    got = run(loss, backend=backend)
    want = [_brute_force_loss(logits[:, b], rows[b], lengths[b], merge) for b in range(3)]
    np.testing.assert_allclose(got, want, rtol=1e-5)
    assert loss.shape.as_list() == [3] and loss.dtype == tf.float32


def test_ctc_loss_gradient_is_softmax_minus_posterior():
    rng = np.random.RandomState(4)
    logits = rng.standard_normal((4, 1, 3))
    x = tf.constant(logits)
    loss = tf.nn.ctc_loss(_labels([[0, 1]]), x, [4])
    grad = run(tf.gradients(loss, x)[0])
    eps, numeric = 1e-6, np.zeros_like(logits)
    for i in np.ndindex(*logits.shape):
        d = np.zeros_like(logits)
        d[i] = eps
        numeric[i] = (_brute_force_loss(logits[:, 0] + d[:, 0], [0, 1], 4)
                      - _brute_force_loss(logits[:, 0] - d[:, 0], [0, 1], 4)) / (2 * eps)
    np.testing.assert_allclose(grad, numeric, atol=1e-6)


def test_ctc_loss_has_no_second_derivative():
    x = tf.constant(np.zeros((3, 1, 3)))
    g = tf.gradients(tf.nn.ctc_loss(_labels([[1]]), x, [3]), x)[0]
    assert "gradients/CTCLoss_grad/PreventGradient" in [op.name for op in
                                                        tf.get_default_graph().get_operations()]
    with pytest.raises(LookupError, match="Gradient explicitly disabled. Reason: Currently "
                                          "there is no way to take the second derivative"):
        tf.gradients(g, x)


def test_ctc_loss_zero_length_and_ignored_entries_cost_nothing():
    x = tf.constant(np.ones((2, 2, 3), np.float32))
    loss = tf.nn.ctc_loss(_labels([[0, 1, 0], [1]]), x, [2, 0],
                          ignore_longer_outputs_than_inputs=True)
    np.testing.assert_array_equal(run([loss, tf.gradients(loss, x)[0]])[0], [0, 0])


@pytest.mark.parametrize("rows, lengths, kwargs, message", [
    ([[0, 1, 2]], [2], {}, ("Not enough time for target transition sequence (required: 3, "
                           "available: 2)0You can turn this error into a warning")),
    ([[0, 2, 1]], [3], {}, ("Saw a non-null label (index >= num_classes - 1) following a null "
                           "label, batch: 0 num_classes: 3 labels: 0,2,1 labels seen so far: 0")),
    ([[-1]], [3], {}, "All labels must be nonnegative integers, batch: 0 labels: -1"),
    ([[0]], [4], {}, "sequence_length(0) <= 3"),
])
def test_ctc_loss_errors(rows, lengths, kwargs, message):
    loss = tf.nn.ctc_loss(_labels(rows), tf.constant(np.zeros((3, 1, 3), np.float32)), lengths,
                          **kwargs)
    with pytest.raises(errors.InvalidArgumentError) as e:
        run(loss)
    assert message in str(e.value)


def test_ctc_loss_build_errors():
    x = tf.constant(np.zeros((3, 2, 3), np.float32))
    with pytest.raises(TypeError, match="Expected labels"):
        tf.nn.ctc_loss(tf.constant([[0]]), x, [3, 3])
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3"):
        tf.nn.ctc_loss(_labels([[0], [1]]), x, [3, 3, 3])
    with pytest.raises(ValueError, match="Shape must be rank 3 but is rank 2"):
        tf.nn.ctc_loss(_labels([[0]]), tf.zeros([3, 2]), [3])


def test_ctc_greedy_decoder(backend):
    logits = np.full((6, 2, 3), -1.0, np.float32)
    for t, (c0, c1) in enumerate([(0, 1), (0, 2), (2, 1), (0, 1), (1, 0), (1, 0)]):
        logits[t, 0, c0] = logits[t, 1, c1] = 2.0
    (decoded,), neg_sum = tf.nn.ctc_greedy_decoder(tf.constant(logits), [6, 3])
    value, score = run([decoded, neg_sum], backend=backend)
    np.testing.assert_array_equal(value.indices, [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1]])
    np.testing.assert_array_equal(value.values, [0, 0, 1, 1, 1])
    np.testing.assert_array_equal(value.dense_shape, [2, 3])
    np.testing.assert_array_equal(score, [[-12.0], [-6.0]])
    assert neg_sum.shape.as_list() == [2, 1] and decoded.shape.as_list() == [None, None]


def test_ctc_greedy_decoder_errors():
    x = tf.placeholder(tf.float32, [3, None, 4])
    (decoded,), _ = tf.nn.ctc_greedy_decoder(x, tf.constant([3, 3]))
    with pytest.raises(errors.FailedPreconditionError,
                       match=r"len\(sequence_length\) != batch_size"):
        run(decoded, {x: np.zeros((3, 1, 4))})
    (decoded,), _ = tf.nn.ctc_greedy_decoder(tf.zeros([3, 1, 4]), [4])
    with pytest.raises(errors.FailedPreconditionError, match=r"sequence_length\(0\) <= 3"):
        run(decoded)


def test_ctc_beam_search_decoder_errors():
    x = tf.zeros([1, 1, 2])
    with pytest.raises(ValueError, match="Attr 'beam_width' of 'CTCBeamSearchDecoder' Op "
                                         "passed 0 less than minimum 1"):
        tf.nn.ctc_beam_search_decoder(x, [1], beam_width=0)
    with pytest.raises(ValueError, match="Attr 'top_paths' of 'CTCBeamSearchDecoder' Op passed "
                                         "0 less than minimum 1"):
        tf.nn.ctc_beam_search_decoder(x, [1], top_paths=0)
    decoded, log_prob = tf.nn.ctc_beam_search_decoder(x, [1], beam_width=5, top_paths=5)
    assert len(decoded) == 5 and log_prob.shape.as_list() == [1, 5]
    with tf.Session() as sess:  # one step of one label: only two prefixes exist
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="Less leaves in the beam search than requested"):
            sess.run(log_prob)
        lengths = tf.placeholder(tf.int32, [None])
        log_prob = tf.nn.ctc_beam_search_decoder(x, lengths)[1]
        with pytest.raises(tf.errors.FailedPreconditionError, match="len\\(sequence_length\\) "
                                                                    "!= batch_size"):
            sess.run(log_prob, {lengths: [1, 1]})
