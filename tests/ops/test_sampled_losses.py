"""nce_loss and sampled_softmax_loss (minitf/ops/sampled_losses.py): values against a numpy
reference for given sampled values (num_true 1 and 2, accidental hits kept or removed, log q
subtracted or not, sharded weights), the identities with the full losses when every class is
sampled, TF 1.15's names, and numeric gradients for weights, biases and inputs."""
import numpy as np
import pytest

import minitf as tf
from minitf.ops.sampled_losses import _compute_sampled_logits
from tests.harness import run, session

FLT_MAX = float(np.finfo(np.float32).max)
NUM_CLASSES, DIM, BATCH = 7, 3, 4


def _data(num_true, seed=0):
    rng = np.random.RandomState(seed)
    w = rng.standard_normal((NUM_CLASSES, DIM))
    b = rng.standard_normal(NUM_CLASSES)
    x = rng.standard_normal((BATCH, DIM))
    labels = rng.randint(0, NUM_CLASSES, (BATCH, num_true)).astype(np.int64)
    sampled = np.array([2, 5, 0, 6, 5], np.int64)  # 5 twice: only its last place is a hit
    true_ec = rng.uniform(0.2, 1.5, (BATCH, num_true))
    samp_ec = rng.uniform(0.2, 1.5, len(sampled))
    return w, b, x, labels, (sampled, true_ec, samp_ec)


def _reference_logits(w, b, x, labels, sampled_values, remove, subtract_log_q=True):
    sampled, true_ec, samp_ec = sampled_values
    num_true = labels.shape[1]
    true_logits = np.einsum("bd,btd->bt", x, w[labels]) + b[labels]
    sampled_logits = x @ w[sampled].T + b[sampled]
    if remove:
        last = {c: i for i, c in enumerate(sampled.tolist())}
        for row, classes in enumerate(labels.tolist()):
            for c in classes:
                if c in last:
                    sampled_logits[row, last[c]] = sampled_logits[row, last[c]] - FLT_MAX
    if subtract_log_q:
        true_logits = true_logits - np.log(true_ec)
        sampled_logits = sampled_logits - np.log(samp_ec)
    logits = np.concatenate([true_logits, sampled_logits], 1)
    targets = np.concatenate([np.full(true_logits.shape, 1 / num_true),
                              np.zeros(sampled_logits.shape)], 1)
    return logits, targets


def _nce_reference(*args, remove):
    logits, z = _reference_logits(*args, remove=remove)
    xent = np.maximum(logits, 0) - logits * z + np.log1p(np.exp(-np.abs(logits)))
    return xent.sum(1)


def _softmax_reference(*args, remove):
    logits, z = _reference_logits(*args, remove=remove)
    shifted = logits - logits.max(1, keepdims=True)
    return -(z * (shifted - np.log(np.exp(shifted).sum(1, keepdims=True)))).sum(1)


def _constants(sampled_values, dtype=tf.float64):
    sampled, true_ec, samp_ec = sampled_values
    return (tf.constant(sampled), tf.constant(true_ec, dtype), tf.constant(samp_ec, dtype))


@pytest.mark.parametrize("num_true", [1, 2])
@pytest.mark.parametrize("remove", [False, True])
def test_losses_against_numpy(num_true, remove, backend):
    w, b, x, labels, values = _data(num_true, seed=num_true)
    nce = tf.nn.nce_loss(w, b, labels, x, 5, NUM_CLASSES, num_true=num_true,
                         sampled_values=_constants(values), remove_accidental_hits=remove)
    soft = tf.nn.sampled_softmax_loss(w, b, labels, x, 5, NUM_CLASSES, num_true=num_true,
                                      sampled_values=_constants(values),
                                      remove_accidental_hits=remove)
    with session(backend) as sess:
        got_nce, got_soft = sess.run([nce, soft])
    np.testing.assert_allclose(got_nce, _nce_reference(w, b, x, labels, values, remove=remove),
                               rtol=1e-10)
    np.testing.assert_allclose(got_soft,
                               _softmax_reference(w, b, x, labels, values, remove=remove),
                               rtol=1e-10)
    assert nce.shape.as_list() == soft.shape.as_list() == [BATCH]


@pytest.mark.parametrize("subtract_log_q", [False, True])
def test_compute_sampled_logits(subtract_log_q):
    w, b, x, labels, values = _data(2, seed=3)
    logits, targets = _compute_sampled_logits(w, b, labels, x, 5, NUM_CLASSES, num_true=2,
                                              sampled_values=_constants(values),
                                              subtract_log_q=subtract_log_q,
                                              remove_accidental_hits=True)
    want_logits, want_targets = _reference_logits(w, b, x, labels, values, True,
                                                  subtract_log_q)
    got_logits, got_targets = run([logits, targets])
    np.testing.assert_allclose(got_logits, want_logits, rtol=1e-10)
    np.testing.assert_array_equal(got_targets, want_targets)
    assert logits.name == "compute_sampled_logits/concat_4:0"


@pytest.mark.parametrize("strategy", ["mod", "div"])
def test_sharded_weights_are_the_concatenated_ones(strategy):
    w, b, x, labels, values = _data(2, seed=4)
    rows = np.arange(NUM_CLASSES)
    if strategy == "mod":
        shards = [w[rows % 3 == i] for i in range(3)]
    else:
        shards = [w[:3], w[3:5], w[5:]]
    sharded = tf.nn.nce_loss(shards, b, labels, x, 5, NUM_CLASSES, num_true=2,
                             sampled_values=_constants(values), partition_strategy=strategy)
    whole = tf.nn.nce_loss(w, b, labels, x, 5, NUM_CLASSES, num_true=2,
                           sampled_values=_constants(values))
    got, want = run([sharded, whole])
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_every_class_sampled_gives_the_full_losses():
    """With all classes sampled at expected count 1 and the true class removed from them, the
    sampled losses are the full softmax and the full one-hot sigmoid cross entropies (float32:
    the samplers' expected counts are)."""
    w, b, x, labels, _ = _data(1, seed=5)
    w, b, x = (np.float32(a) for a in (w, b, x))
    every = tf.nn.all_candidate_sampler(labels, 1, NUM_CLASSES, True)
    soft = tf.nn.sampled_softmax_loss(w, b, labels, x, NUM_CLASSES, NUM_CLASSES,
                                      sampled_values=every)
    nce = tf.nn.nce_loss(w, b, labels, x, NUM_CLASSES, NUM_CLASSES, sampled_values=every,
                         remove_accidental_hits=True)
    logits = x @ w.T + b
    one_hot = np.eye(NUM_CLASSES, dtype=np.float32)[labels[:, 0]]
    full_soft = tf.nn.softmax_cross_entropy_with_logits_v2(labels=one_hot, logits=logits)
    full_sigmoid = tf.reduce_sum(tf.nn.sigmoid_cross_entropy_with_logits(labels=one_hot,
                                                                         logits=logits), 1)
    got_soft, got_nce, want_soft, want_nce = run([soft, nce, full_soft, full_sigmoid])
    np.testing.assert_allclose(got_soft, want_soft, rtol=1e-6)
    np.testing.assert_allclose(got_nce, want_nce, rtol=1e-6)


def test_default_sampler_and_names():
    w = tf.Variable(np.zeros((10, 4), np.float32), name="w")
    b = tf.Variable(np.zeros(10, np.float32), name="b")
    x = tf.placeholder(tf.float32, [3, 4])
    y = tf.placeholder(tf.int64, [3, 2])
    nce = tf.nn.nce_loss(w, b, y, x, num_sampled=5, num_classes=10, num_true=2)
    soft = tf.nn.sampled_softmax_loss(w, b, y, x, 4, 10, num_true=2, seed=3)
    g = tf.get_default_graph()
    sampler = g.get_operation_by_name("nce_loss/LogUniformCandidateSampler")
    assert [sampler.get_attr(a) for a in ("num_true", "num_sampled", "unique", "range_max")] \
        == [2, 5, True, 10]
    assert g.get_operation_by_name("sampled_softmax_loss/LogUniformCandidateSampler"
                                   ).get_attr("seed2") == 3
    assert g.get_operation_by_name("sampled_losses").type == "Add"
    assert g.get_operation_by_name("labels_stop_gradient").type == "StopGradient"
    assert nce.name == "Reshape:0"
    assert soft.name == "softmax_cross_entropy_with_logits/Reshape_2:0"
    assert "nce_loss/ComputeAccidentalHits" not in [op.name for op in g.get_operations()]
    assert g.get_operation_by_name("sampled_softmax_loss/ComputeAccidentalHits").type == \
        "ComputeAccidentalHits"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        feed = {x: np.ones((3, 4)), y: [[1, 2], [3, 4], [5, 9]]}
        got_nce, got_soft = sess.run([nce, soft], feed)
    assert got_nce.shape == got_soft.shape == (3,) and np.all(np.isfinite(got_nce))


def _check_jacobians(loss_of, values):
    """For each float64 input, the Jacobian tf.gradients builds is not zero and matches
    central differences."""
    phs = [tf.placeholder(tf.float64, v.shape) for v in values]
    y = loss_of(*phs)
    with tf.Session():
        pairs = tf.test.compute_gradient(phs, [v.shape for v in values], y, y.shape.as_list(),
                                         x_init_value=list(values), delta=1e-6)
    for theoretical, numerical in pairs:
        assert np.abs(theoretical).max() > 1e-3
        np.testing.assert_allclose(theoretical, numerical, atol=1e-7)


@pytest.mark.parametrize("loss", [tf.nn.nce_loss, tf.nn.sampled_softmax_loss])
@pytest.mark.parametrize("num_true, remove", [(1, False), (1, True), (2, True), (2, False)])
def test_gradients(loss, num_true, remove):
    w, b, x, labels, values = _data(num_true, seed=6 + num_true)
    _check_jacobians(lambda w_, b_, x_: loss(w_, b_, labels, x_, 5, NUM_CLASSES,
                                             num_true=num_true,
                                             sampled_values=_constants(values),
                                             remove_accidental_hits=remove), [w, b, x])


@pytest.mark.parametrize("strategy", ["mod", "div"])
def test_gradients_through_shards(strategy):
    w, b, x, labels, values = _data(2, seed=9)
    _check_jacobians(lambda w0, w1, b_, x_: tf.nn.sampled_softmax_loss(
        [w0, w1], b_, labels, x_, 5, NUM_CLASSES, num_true=2, sampled_values=_constants(values),
        partition_strategy=strategy), [w[:4], w[4:], b, x])


def test_unknown_partition_strategy():
    w, b, x, labels, values = _data(1)
    with pytest.raises(ValueError, match="Unrecognized partition strategy: block"):
        tf.nn.nce_loss([w[:3], w[3:]], b, labels, x, 5, NUM_CLASSES,
                       sampled_values=_constants(values), partition_strategy="block")
