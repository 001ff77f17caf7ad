"""tf.contrib.seq2seq.sequence_loss: values of every averaging/summing mode against a numpy
reference, op names under `sequence_loss`, static shapes, the rank and option errors,
div_no_nan on all-zero weights, a custom softmax_loss_function, and a numeric gradient check;
and tf.contrib.legacy_seq2seq's list-based sequence_loss_by_example / sequence_loss.

TF 2.x (our only TensorFlow oracle) has no tf.contrib, so no golden records from TensorFlow
exist for this module; the expectations are numpy re-derivations of TF 1.15's equations.
"""
import numpy as np
import pytest

import minitf as tf
from minitf.contrib import legacy_seq2seq
from tests.harness import session

B, T, C = 3, 4, 5
RNG = np.random.RandomState(5)
LOGITS = RNG.standard_normal((B, T, C))
TARGETS = RNG.randint(0, C, size=(B, T)).astype(np.int32)
WEIGHTS = np.array([[1, 1, 1, 0], [1, 1, 0, 0], [0.5, 2, 1, 1]], dtype=np.float64)
seq2seq = tf.contrib.seq2seq


def _ce():
    shifted = LOGITS - LOGITS.max(-1, keepdims=True)
    logp = shifted - np.log(np.exp(shifted).sum(-1, keepdims=True))
    return -np.take_along_axis(logp, TARGETS[..., None], -1)[..., 0]


def _reference(avg_t, avg_b, sum_t, sum_b, w=WEIGHTS):
    cw = _ce() * w
    nz = (w != 0).astype(np.float64)
    if avg_t and avg_b:
        return cw.sum() / w.sum()
    if sum_t and sum_b:
        return cw.sum() / nz.sum()
    if avg_t or avg_b:  # a mix of average and sum applies only the average
        axis = 0 if avg_b else 1
        return cw.sum(axis) / w.sum(axis)
    if sum_t or sum_b:
        axis = 0 if sum_b else 1
        return cw.sum(axis) / nz.sum(axis)
    return cw


def _run(x):
    with session() as sess:
        return sess.run(x)


MODES = [
    (True, True, False, False, []),
    (True, False, False, False, [B]),
    (False, True, False, False, [T]),
    (False, False, False, False, [B, T]),
    (False, False, True, True, []),
    (False, False, True, False, [B]),
    (False, False, False, True, [T]),
    (True, False, False, True, [B]),
    (False, True, True, False, [T]),
]


@pytest.mark.parametrize("avg_t,avg_b,sum_t,sum_b,shape", MODES)
def test_values_and_shapes_of_every_mode(avg_t, avg_b, sum_t, sum_b, shape):
    loss = seq2seq.sequence_loss(tf.constant(LOGITS), tf.constant(TARGETS), tf.constant(WEIGHTS),
                                 average_across_timesteps=avg_t, average_across_batch=avg_b,
                                 sum_over_timesteps=sum_t, sum_over_batch=sum_b)
    assert loss.dtype == tf.float64
    assert loss.shape.as_list() == shape
    np.testing.assert_allclose(_run(loss), _reference(avg_t, avg_b, sum_t, sum_b), rtol=1e-10)


def test_default_names_and_graph():
    logits = tf.placeholder(tf.float32, [None, None, C])
    loss = seq2seq.sequence_loss(logits, tf.placeholder(tf.int32, [None, None]),
                                 tf.placeholder(tf.float32, [None, None]))
    assert loss.name == "sequence_loss/div_no_nan:0"
    assert loss.shape.as_list() == []
    ops = [op.name for op in tf.get_default_graph().get_operations()]
    assert "sequence_loss/Reshape" in ops and "sequence_loss/Reshape_1" in ops
    assert "sequence_loss/mul" in ops
    second = seq2seq.sequence_loss(logits, tf.placeholder(tf.int32, [None, None]),
                                   tf.placeholder(tf.float32, [None, None]), name="seq")
    assert second.name == "seq/div_no_nan:0"
    batch = seq2seq.sequence_loss(logits, tf.placeholder(tf.int32, [None, None]),
                                  tf.placeholder(tf.float32, [None, None]),
                                  average_across_batch=False)
    assert batch.name == "sequence_loss_1/div_no_nan:0"
    assert batch.shape.as_list() == [None]
    counted = seq2seq.sequence_loss(logits, tf.placeholder(tf.int32, [None, None]),
                                    tf.placeholder(tf.float32, [None, None]),
                                    average_across_timesteps=False, average_across_batch=False,
                                    sum_over_timesteps=True, sum_over_batch=True)
    assert counted.op.inputs[1].op.name == "sequence_loss_2/count_nonzero/Cast_1"
    assert counted.op.inputs[1].dtype == tf.float32
    full = seq2seq.sequence_loss(logits, tf.placeholder(tf.int32, [None, None]),
                                 tf.placeholder(tf.float32, [None, None]),
                                 average_across_timesteps=False, average_across_batch=False)
    assert full.op.type == "Reshape" and full.shape.as_list() == [None, None]


def test_feeds_with_unknown_shapes():
    logits = tf.placeholder(tf.float64, [None, None, None])
    targets = tf.placeholder(tf.int32, [None, None])
    weights = tf.placeholder(tf.float64, [None, None])
    loss = seq2seq.sequence_loss(logits, targets, weights, average_across_timesteps=False)
    with session() as sess:
        got = sess.run(loss, {logits: LOGITS, targets: TARGETS, weights: WEIGHTS})
    np.testing.assert_allclose(got, _reference(False, True, False, False), rtol=1e-10)


def test_all_zero_weights_give_zero_not_nan():
    zero = np.zeros((B, T))
    for avg_t, avg_b, sum_t, sum_b in [(True, True, False, False), (True, False, False, False),
                                       (False, False, True, True), (False, False, False, True)]:
        loss = seq2seq.sequence_loss(tf.constant(LOGITS), tf.constant(TARGETS),
                                     tf.constant(zero), average_across_timesteps=avg_t,
                                     average_across_batch=avg_b, sum_over_timesteps=sum_t,
                                     sum_over_batch=sum_b)
        got = _run(loss)
        assert np.all(got == 0.0)


def test_partially_zero_rows_are_zero():
    w = WEIGHTS.copy()
    w[1] = 0
    loss = seq2seq.sequence_loss(tf.constant(LOGITS), tf.constant(TARGETS), tf.constant(w),
                                 average_across_batch=False)
    got = _run(loss)
    assert got[1] == 0.0
    with np.errstate(invalid="ignore"):
        expected = _reference(True, False, False, False, w)
    np.testing.assert_allclose(got[[0, 2]], expected[[0, 2]])


def test_custom_softmax_loss_function_gets_flat_keyword_arguments():
    seen = {}

    def loss_fn(labels, logits):
        seen["labels"], seen["logits"] = labels.shape.as_list(), logits.shape.as_list()
        return tf.reduce_sum(logits, axis=1) * tf.cast(labels, logits.dtype)

    loss = seq2seq.sequence_loss(tf.constant(LOGITS), tf.constant(TARGETS), tf.constant(WEIGHTS),
                                 average_across_timesteps=False, average_across_batch=False,
                                 softmax_loss_function=loss_fn)
    assert seen == {"labels": [B * T], "logits": [B * T, C]}
    np.testing.assert_allclose(_run(loss), LOGITS.sum(-1) * TARGETS * WEIGHTS, rtol=1e-10)


@pytest.mark.parametrize("which,message", [
    (0, r"Logits must be a \[batch_size x sequence_length x logits\] tensor"),
    (1, r"Targets must be a \[batch_size x sequence_length\] tensor"),
    (2, r"Weights must be a \[batch_size x sequence_length\] tensor"),
])
def test_rank_errors(which, message):
    args = [tf.constant(LOGITS), tf.constant(TARGETS), tf.constant(WEIGHTS)]
    args[which] = tf.expand_dims(args[which], 0)
    with pytest.raises(ValueError, match=message):
        seq2seq.sequence_loss(*args)


def test_conflicting_options():
    args = (tf.constant(LOGITS), tf.constant(TARGETS), tf.constant(WEIGHTS))
    with pytest.raises(ValueError, match="average_across_timesteps and sum_over_timesteps "
                                         "cannot be set to True at same time."):
        seq2seq.sequence_loss(*args, sum_over_timesteps=True)
    with pytest.raises(ValueError, match="average_across_batch and sum_over_batch "
                                         "cannot be set to True at same time."):
        seq2seq.sequence_loss(*args, average_across_timesteps=False, sum_over_batch=True)


@pytest.mark.parametrize("avg_t,avg_b,sum_t,sum_b", [
    (True, True, False, False), (True, False, False, False), (False, False, True, True),
    (False, False, False, True)])
def test_numeric_gradient(avg_t, avg_b, sum_t, sum_b):
    logits = tf.placeholder(tf.float64, [B, T, C])
    loss = seq2seq.sequence_loss(logits, tf.constant(TARGETS), tf.constant(WEIGHTS),
                                 average_across_timesteps=avg_t, average_across_batch=avg_b,
                                 sum_over_timesteps=sum_t, sum_over_batch=sum_b)
    with session():
        err = tf.test.compute_gradient_error(logits, [B, T, C], loss, loss.shape.as_list(),
                                             x_init_value=LOGITS)
    assert err < 1e-7


# ---- tf.contrib.legacy_seq2seq (lists of timesteps)

def _legacy_inputs(dtype=tf.float64):
    logits = [tf.constant(LOGITS[:, t], dtype) for t in range(T)]
    targets = [tf.constant(TARGETS[:, t]) for t in range(T)]
    weights = [tf.constant(WEIGHTS[:, t], dtype) for t in range(T)]
    return logits, targets, weights


def test_legacy_sequence_loss_by_example_values_and_names():
    logits, targets, weights = _legacy_inputs()
    per_example = legacy_seq2seq.sequence_loss_by_example(logits, targets, weights)
    raw = legacy_seq2seq.sequence_loss_by_example(logits, targets, weights,
                                                  average_across_timesteps=False)
    assert per_example.name == "sequence_loss_by_example/truediv:0"
    assert raw.name == "sequence_loss_by_example_1/AddN:0"
    assert per_example.shape.as_list() == [B]
    got, got_raw = _run([per_example, raw])
    cw = _ce() * WEIGHTS
    np.testing.assert_allclose(got, cw.sum(1) / (WEIGHTS.sum(1) + 1e-12), rtol=1e-10)
    np.testing.assert_allclose(got_raw, cw.sum(1), rtol=1e-10)


def test_legacy_sequence_loss_values_and_names():
    logits, targets, weights = _legacy_inputs()
    loss = legacy_seq2seq.sequence_loss(logits, targets, weights)
    summed = legacy_seq2seq.sequence_loss(logits, targets, weights, average_across_batch=False,
                                          average_across_timesteps=False)
    assert loss.name == "sequence_loss/truediv:0" and loss.shape.as_list() == []
    assert summed.name == "sequence_loss_1/Sum:0"
    got, got_summed = _run([loss, summed])
    cw = _ce() * WEIGHTS
    np.testing.assert_allclose(got, (cw.sum(1) / (WEIGHTS.sum(1) + 1e-12)).sum() / B,
                               rtol=1e-10)
    np.testing.assert_allclose(got_summed, cw.sum(), rtol=1e-10)


def test_legacy_all_zero_weights_are_finite():
    logits, targets, _ = _legacy_inputs()
    zeros = [tf.zeros([B], tf.float64) for _ in range(T)]
    assert _run(legacy_seq2seq.sequence_loss(logits, targets, zeros)) == 0.0


def test_legacy_custom_loss_and_length_error():
    logits, targets, weights = _legacy_inputs()

    def loss_fn(labels, logits):
        return tf.reduce_sum(logits, axis=1) + tf.cast(labels, logits.dtype)

    loss = legacy_seq2seq.sequence_loss_by_example(logits, targets, weights,
                                                   average_across_timesteps=False,
                                                   softmax_loss_function=loss_fn)
    want = ((LOGITS.sum(-1) + TARGETS) * WEIGHTS).sum(1)
    np.testing.assert_allclose(_run(loss), want, rtol=1e-10)
    with pytest.raises(ValueError, match="Lengths of logits, weights, and targets must be the "
                                         "same 4, 3, 4."):
        legacy_seq2seq.sequence_loss_by_example(logits, targets, weights[:3])


def test_legacy_numeric_gradient():
    logits = [tf.placeholder(tf.float64, [B, C]) for _ in range(T)]
    _, targets, weights = _legacy_inputs()
    loss = legacy_seq2seq.sequence_loss(logits, targets, weights)
    with session():
        err = tf.test.compute_gradient_error(logits, [[B, C]] * T, loss, [],
                                             x_init_value=[LOGITS[:, t] for t in range(T)])
    assert err < 1e-7
