"""tf.losses: values against numpy, the reductions and weights, names, the LOSSES and
REGULARIZATION_LOSSES collections, TF 1.15's errors, gradients; and tf.div_no_nan, which the
losses divide with."""
import numpy as np
import pytest

import minitf as tf
from tests.harness import session

R = tf.losses.Reduction
RNG = np.random.RandomState(7)
P = RNG.standard_normal((4, 3)).astype(np.float32)
Y = RNG.standard_normal((4, 3)).astype(np.float32)
W = np.array([[1.0, 0.0, 2.0], [0.5, 0.0, 1.0], [0.0, 0.0, 0.0], [3.0, 1.0, 1.0]], np.float32)


def _run(fetches, feed=None):
    with session() as sess:
        return sess.run(fetches, feed)


def _mean_nonzero(losses, weights=1.0):
    weighted = losses * weights
    present = np.broadcast_to(np.asarray(weights) != 0, losses.shape).sum()
    return weighted.sum() / present if present else 0.0


# ---- tf.div_no_nan

def test_div_no_nan_values_names_and_errors():
    x = tf.constant([1.0, -2.0, 3.0, 0.0])
    y = tf.constant([0.0, 4.0, 0.5, 0.0])
    z = tf.div_no_nan(x, y)
    assert z.name == "div_no_nan:0" and z.op.type == "DivNoNan"
    assert tf.div_no_nan(x, 2.0, name="half").name == "half:0"
    np.testing.assert_allclose(_run(z), [0.0, -0.5, 6.0, 0.0])
    b = tf.div_no_nan(tf.constant([[1.0], [2.0]], tf.float64), tf.constant([0.0, 4.0, 8.0],
                                                                            tf.float64))
    assert b.shape.as_list() == [2, 3] and b.dtype == tf.float64
    np.testing.assert_allclose(_run(b), [[0, 0.25, 0.125], [0, 0.5, 0.25]])
    with pytest.raises(TypeError, match="int32 not in list of allowed values"):
        tf.div_no_nan(tf.constant([1, 2]), tf.constant([1, 0]))


def test_div_no_nan_gradient():
    x = tf.constant([1.0, -2.0, 3.0])
    y = tf.constant([0.0, 4.0, 0.5])
    gx, gy = tf.gradients(tf.div_no_nan(x, y), [x, y])
    gx, gy = _run([gx, gy])
    np.testing.assert_allclose(gx, [0.0, 0.25, 2.0])
    np.testing.assert_allclose(gy, [0.0, 2.0 / 16, -3.0 / 0.25])


# ---- mean_squared_error: names, collections, reductions, weights

def test_mean_squared_error_name_value_and_collection():
    p = tf.placeholder(tf.float32, [None, 3])
    y = tf.placeholder(tf.float32, [None, 3])
    loss = tf.losses.mean_squared_error(y, p)
    assert loss.name == "mean_squared_error/value:0" and loss.op.type == "DivNoNan"
    assert loss.shape.as_list() == [] and loss.dtype == tf.float32
    assert tf.get_collection(tf.GraphKeys.LOSSES) == [loss] == tf.losses.get_losses()
    np.testing.assert_allclose(_run(loss, {p: P, y: Y}), ((P - Y) ** 2).mean(), rtol=1e-6)
    second = tf.losses.mean_squared_error(y, p, scope="mine")
    assert second.name == "mine/value:0"
    assert tf.losses.mean_squared_error(y, p).name == "mean_squared_error_1/value:0"
    assert tf.losses.get_losses(scope="mine") == [second]


def test_loss_collection_argument():
    a = tf.losses.absolute_difference(Y, P, loss_collection="extra")
    b = tf.losses.absolute_difference(Y, P, loss_collection=None)
    assert tf.losses.get_losses() == []
    assert tf.losses.get_losses(loss_collection="extra") == [a]
    np.testing.assert_allclose(_run(b), np.abs(P - Y).mean(), rtol=1e-6)


@pytest.mark.parametrize("weights", [W, W[:, :1], np.float32(2.5), W[:1]])
def test_weights_broadcast(weights):
    loss = tf.losses.mean_squared_error(Y, P, weights=tf.constant(weights))
    np.testing.assert_allclose(_run(loss), _mean_nonzero((P - Y) ** 2, weights), rtol=1e-6)


def test_python_float_weights_and_zero_weights():
    np.testing.assert_allclose(_run(tf.losses.mean_squared_error(Y, P, weights=3.0)),
                               3 * ((P - Y) ** 2).mean(), rtol=1e-6)
    assert _run(tf.losses.mean_squared_error(Y, P, weights=0.0)) == 0.0
    assert _run(tf.losses.mean_squared_error(Y, P, weights=tf.zeros([4, 3]))) == 0.0


@pytest.mark.parametrize("reduction", R.all())
def test_reductions(reduction):
    loss = tf.losses.mean_squared_error(Y, P, weights=tf.constant(W), reduction=reduction)
    weighted = (P - Y) ** 2 * W
    expected = {R.NONE: weighted, R.SUM: weighted.sum(), R.MEAN: weighted.sum() / W.sum(),
                R.SUM_OVER_BATCH_SIZE: weighted.sum() / W.size,
                R.SUM_BY_NONZERO_WEIGHTS: weighted.sum() / (W != 0).sum()}[reduction]
    assert loss.shape.as_list() == ([4, 3] if reduction == R.NONE else [])
    np.testing.assert_allclose(_run(loss), expected, rtol=1e-6)


def test_reduction_keys_and_validation():
    assert (R.NONE, R.SUM, R.MEAN) == ("none", "weighted_sum", "weighted_mean")
    assert R.SUM_OVER_BATCH_SIZE == "weighted_sum_over_batch_size"
    assert R.SUM_BY_NONZERO_WEIGHTS == R.SUM_OVER_NONZERO_WEIGHTS \
        == "weighted_sum_by_nonzero_weights"
    R.validate(R.MEAN)
    with pytest.raises(ValueError, match="Invalid Reduction Key mean."):
        tf.losses.mean_squared_error(Y, P, reduction="mean")


def test_compute_weighted_loss_keeps_input_dtype():
    x = tf.constant(np.arange(12.0).reshape(3, 4))
    loss = tf.losses.compute_weighted_loss(x, weights=tf.constant([[1.0], [0.0], [2.0]]))
    assert loss.dtype == tf.float64 and loss.name == "weighted_loss/Cast_1:0"
    np.testing.assert_allclose(_run(loss), (np.arange(4).sum() + 2 * np.arange(8, 12).sum()) / 8)
    assert tf.losses.get_losses() == [loss]
    none = tf.losses.compute_weighted_loss(x, reduction=R.NONE, scope="s")
    assert none.name == "s/Cast_2:0" and none.shape.as_list() == [3, 4]


def test_static_weight_checks():
    ops = [op.name for op in tf.get_default_graph().get_operations()]
    tf.losses.mean_squared_error(Y, P, weights=tf.constant(W))
    ops = [op.name for op in tf.get_default_graph().get_operations()][len(ops):]
    assert "mean_squared_error/assert_broadcastable/static_dims_check_success" in ops
    with pytest.raises(ValueError, match=r"weights can not be broadcast to values. "
                                         r"values.rank=2. weights.rank=1. "
                                         r"values.shape=\(4, 3\). weights.shape=\(3,\)."):
        tf.losses.mean_squared_error(Y, P, weights=tf.ones([3]))
    with pytest.raises(ValueError, match=r"weights can not be broadcast to values. Mismatch at "
                                         r"dim 1. values.shape=\[4 3\] weights.shape=\[4 2\]."):
        tf.losses.absolute_difference(Y, P, weights=tf.ones([4, 2]))


def test_weights_checked_when_run():
    p = tf.placeholder(tf.float32, [None, 3])
    w = tf.placeholder(tf.float32, [None, None])
    loss = tf.losses.mean_squared_error(Y, p, weights=w)
    with session() as sess:
        np.testing.assert_allclose(sess.run(loss, {p: P, w: W[:, :1]}),
                                   _mean_nonzero((P - Y) ** 2, W[:, :1]), rtol=1e-6)
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="weights can not be broadcast to values"):
            sess.run(loss, {p: P, w: np.ones((4, 2), np.float32)})
    unknown = tf.placeholder(tf.float32)
    any_rank = tf.losses.mean_squared_error(Y, P, weights=unknown)
    scalar_weights = tf.losses.mean_squared_error(Y, unknown)
    assert "mean_squared_error_1/assert_broadcastable/is_valid_shape/Merge" in [
        op.name for op in tf.get_default_graph().get_operations()]
    with session() as sess:
        for wv in (np.float32(2.0), W, W[:1]):
            np.testing.assert_allclose(sess.run(any_rank, {unknown: wv}),
                                       _mean_nonzero((P - Y) ** 2, wv), rtol=1e-6)
        for bad in (np.ones(3, np.float32), np.ones((4, 3, 1), np.float32)):
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="weights can not be broadcast to values"):
                sess.run(any_rank, {unknown: bad})
        np.testing.assert_allclose(sess.run(scalar_weights, {unknown: P}),
                                   ((P - Y) ** 2).mean(), rtol=1e-6)


def test_none_and_shape_errors():
    for fn in (tf.losses.mean_squared_error, tf.losses.absolute_difference,
               tf.losses.huber_loss, tf.losses.log_loss, tf.losses.hinge_loss,
               tf.losses.mean_pairwise_squared_error, tf.losses.sparse_softmax_cross_entropy):
        with pytest.raises(ValueError, match="labels must not be None."):
            fn(None, P)
    with pytest.raises(ValueError, match="predictions must not be None."):
        tf.losses.mean_squared_error(Y, None)
    with pytest.raises(ValueError, match="logits must not be None."):
        tf.losses.hinge_loss(Y, None)
    with pytest.raises(ValueError, match="onehot_labels must not be None."):
        tf.losses.softmax_cross_entropy(None, P)
    with pytest.raises(ValueError, match="multi_class_labels must not be None."):
        tf.losses.sigmoid_cross_entropy(None, P)
    with pytest.raises(ValueError, match=r"Shapes \(4, 3\) and \(4, 2\) are incompatible"):
        tf.losses.mean_squared_error(Y[:, :2], P)


# ---- the other losses

def test_absolute_difference_casts_to_float32():
    loss = tf.losses.absolute_difference(tf.constant([[1, 2], [3, 4]]),
                                         tf.constant([[0.5, 2.0], [1.0, 6.0]], tf.float64))
    assert loss.dtype == tf.float32 and loss.name == "absolute_difference/value:0"
    np.testing.assert_allclose(_run(loss), (0.5 + 0 + 2 + 2) / 4)


@pytest.mark.parametrize("delta", [1.0, 0.5])
def test_huber_loss(delta):
    err = np.abs(P * 2 - Y)
    expected = np.where(err <= delta, 0.5 * err ** 2, 0.5 * delta ** 2 + delta * (err - delta))
    loss = tf.losses.huber_loss(Y, P * 2, delta=delta)
    assert loss.name == "huber_loss/value:0"
    np.testing.assert_allclose(_run(loss), expected.mean(), rtol=1e-6)


def test_hinge_loss():
    labels = (Y > 0).astype(np.float32)
    loss = tf.losses.hinge_loss(labels, P, reduction=R.NONE)
    np.testing.assert_allclose(_run(loss), np.maximum(0, 1 - (2 * labels - 1) * P), rtol=1e-6)
    assert tf.losses.hinge_loss(labels, P).name == "hinge_loss_1/value:0"


def test_log_loss():
    prob = 1 / (1 + np.exp(-P))
    labels = (Y > 0).astype(np.float32)
    for eps in (1e-7, 0.1):
        expected = -labels * np.log(prob + eps) - (1 - labels) * np.log(1 - prob + eps)
        np.testing.assert_allclose(_run(tf.losses.log_loss(labels, prob, epsilon=eps)),
                                   expected.mean(), rtol=1e-5)


def test_cosine_distance():
    a = P / np.linalg.norm(P, axis=1, keepdims=True)
    b = Y / np.linalg.norm(Y, axis=1, keepdims=True)
    loss = tf.losses.cosine_distance(b, a, axis=1, reduction=R.NONE)
    assert loss.shape.as_list() == [4, 1] and loss.name == "cosine_distance_loss/Mul_1:0"
    np.testing.assert_allclose(_run(loss), 1 - (a * b).sum(1, keepdims=True), rtol=1e-5)
    np.testing.assert_allclose(_run(tf.losses.cosine_distance(b, a, dim=1)),
                               (1 - (a * b).sum(1)).mean(), rtol=1e-5)
    with pytest.raises(ValueError, match="You must specify 'axis'."):
        tf.losses.cosine_distance(b, a)
    with pytest.raises(ValueError, match="Cannot specify both 'axis' and 'dim'"):
        tf.losses.cosine_distance(b, a, axis=1, dim=1)


def test_mean_pairwise_squared_error():
    weights = np.array([[1.0], [0.0], [2.0], [0.5]], np.float32)
    d = P - Y
    n = d.shape[1]
    per_batch = (2 * (d ** 2).sum(1) / (n - 1) - 2 * d.sum(1) ** 2 / (n * (n - 1)))
    loss = tf.losses.mean_pairwise_squared_error(Y, P, weights=tf.constant(weights))
    assert loss.name == "mean_pairwise_squared_error/value_2:0" and loss.op.type == "Select"
    np.testing.assert_allclose(_run(loss), (per_batch * weights[:, 0]).sum(), rtol=1e-5)
    assert tf.losses.get_losses() == [loss]


def test_sigmoid_cross_entropy():
    labels = (Y > 0).astype(np.float32)
    for smoothing in (0, 0.2):
        z = labels * (1 - smoothing) + 0.5 * smoothing
        expected = np.maximum(P, 0) - P * z + np.log1p(np.exp(-np.abs(P)))
        loss = tf.losses.sigmoid_cross_entropy(labels, P, label_smoothing=smoothing)
        np.testing.assert_allclose(_run(loss), expected.mean(), rtol=1e-5)
    assert loss.name == "sigmoid_cross_entropy_loss_1/value:0"
    big = tf.losses.sigmoid_cross_entropy(tf.constant([[1, 0]]), tf.constant([[1e4, 3.0]]))
    np.testing.assert_allclose(_run(big), (0 + 3 + np.log1p(np.exp(-3))) / 2, rtol=1e-6)


def _log_softmax(x):
    x = x - x.max(-1, keepdims=True)
    return x - np.log(np.exp(x).sum(-1, keepdims=True))


def test_softmax_cross_entropy():
    onehot = np.eye(3, dtype=np.float32)[[0, 2, 1, 1]]
    for smoothing in (0, 0.3):
        smoothed = onehot * (1 - smoothing) + smoothing / 3
        expected = -(smoothed * _log_softmax(P)).sum(1)
        loss = tf.losses.softmax_cross_entropy(onehot, P, label_smoothing=smoothing)
        np.testing.assert_allclose(_run(loss), expected.mean(), rtol=1e-5)
    assert loss.name == "softmax_cross_entropy_loss_1/value:0"
    weighted = tf.losses.softmax_cross_entropy(onehot.astype(np.int32), P,
                                               weights=tf.constant([1.0, 0.0, 2.0, 0.0]))
    expected = -(onehot * _log_softmax(P)).sum(1)
    np.testing.assert_allclose(_run(weighted), (expected[0] + 2 * expected[2]) / 2, rtol=1e-5)
    stable = tf.losses.softmax_cross_entropy([[0.0, 1.0]], tf.constant([[1e4, -1e4]]))
    np.testing.assert_allclose(_run(stable), 2e4)


def test_softmax_cross_entropy_stops_label_gradient():
    labels = tf.constant(np.eye(3, dtype=np.float32)[[0, 2, 1, 1]])
    logits = tf.constant(P)
    loss = tf.losses.softmax_cross_entropy(labels, logits)
    assert tf.gradients(loss, labels) == [None]
    soft = np.exp(_log_softmax(P))
    np.testing.assert_allclose(_run(tf.gradients(loss, logits)[0]),
                               (soft - np.eye(3)[[0, 2, 1, 1]]) / 4, rtol=1e-5, atol=1e-7)


def test_sparse_softmax_cross_entropy():
    labels = np.array([0, 2, 1, 1], np.int32)
    per_row = -_log_softmax(P)[np.arange(4), labels]
    loss = tf.losses.sparse_softmax_cross_entropy(labels, P)
    assert loss.name == "sparse_softmax_cross_entropy_loss/value:0"
    np.testing.assert_allclose(_run(loss), per_row.mean(), rtol=1e-5)
    column = tf.losses.sparse_softmax_cross_entropy(labels[:, None].astype(np.int64), P,
                                                    weights=tf.constant([[1.0], [0.0], [2.0],
                                                                         [0.0]]))
    assert "sparse_softmax_cross_entropy_loss_1/remove_squeezable_dimensions/Squeeze" in [
        op.name for op in tf.get_default_graph().get_operations()]
    np.testing.assert_allclose(_run(column), (per_row[0] + 2 * per_row[2]) / 2, rtol=1e-5)
    unknown = tf.placeholder(tf.int32)
    any_weights = tf.placeholder_with_default(np.ones((4, 1), np.float32), None)
    dynamic = tf.losses.sparse_softmax_cross_entropy(unknown, P, weights=any_weights)
    with session() as sess:
        for lv in (labels, labels[:, None]):
            np.testing.assert_allclose(sess.run(dynamic, {unknown: lv}), per_row.mean(),
                                       rtol=1e-5)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Received a label value of 7"):
        _run(tf.losses.sparse_softmax_cross_entropy([0, 7, 1, 1], P))


# ---- gradients through the losses

def test_gradients_of_weighted_losses():
    p = tf.constant(P)
    w = tf.constant(W)
    g_mse, g_abs = tf.gradients([tf.losses.mean_squared_error(Y, p, weights=w)], p)[0], \
        tf.gradients(tf.losses.absolute_difference(Y, p, weights=w), p)[0]
    n = (W != 0).sum()
    np.testing.assert_allclose(_run(g_mse), 2 * (P - Y) * W / n, rtol=1e-5)
    np.testing.assert_allclose(_run(g_abs), np.sign(P - Y) * W / n, rtol=1e-5)


@pytest.mark.parametrize("build", [
    lambda y, p: tf.losses.huber_loss(y, p, delta=0.7),
    lambda y, p: tf.losses.hinge_loss(tf.cast(y > 0, tf.float64), p),
    lambda y, p: tf.losses.log_loss(tf.cast(y > 0, tf.float64), tf.sigmoid(p)),
    lambda y, p: tf.losses.mean_pairwise_squared_error(y, p),
    lambda y, p: tf.losses.sigmoid_cross_entropy(tf.cast(y > 0, tf.float64), p, 2.0, 0.1),
    lambda y, p: tf.losses.softmax_cross_entropy(tf.nn.softmax(y), p, label_smoothing=0.2),
    lambda y, p: tf.losses.sparse_softmax_cross_entropy(tf.argmax(y, 1), p),
], ids=["huber", "hinge", "log", "pairwise", "sigmoid", "softmax", "sparse"])
def test_numeric_gradients(build):
    y = tf.constant(Y.astype(np.float64))
    p = tf.placeholder(tf.float64, [4, 3])
    loss = build(y, p)
    with session():
        err = tf.test.compute_gradient_error(p, [4, 3], loss, [], x_init_value=P * 1.3,
                                             delta=1e-3)
    assert err < 2e-3


# ---- the loss collections and totals

def test_regularization_losses_and_total_loss():
    w = tf.get_variable("w", initializer=tf.constant([[1.0, -2.0], [3.0, 0.5]]),
                        regularizer=lambda v: tf.reduce_sum(tf.square(v)))
    with tf.variable_scope("sub"):
        tf.get_variable("v", initializer=tf.constant([0.5, -1.5]),
                        regularizer=lambda t: 0.5 * tf.reduce_sum(tf.abs(t)))
        tf.get_variable("u", initializer=tf.constant(1.0), regularizer=lambda t: None)
    regs = tf.losses.get_regularization_losses()
    assert [r.name for r in regs] == ["w/Regularizer/Sum:0", "sub/v/Regularizer/mul:0"]
    assert tf.losses.get_regularization_losses(scope="sub") == regs[1:]
    data = tf.losses.mean_squared_error(tf.ones([2, 2]), w)
    total_reg = tf.losses.get_regularization_loss()
    total = tf.losses.get_total_loss()
    only_data = tf.losses.get_total_loss(add_regularization_losses=False, name="data_only")
    assert (total_reg.name, total.name) == ("total_regularization_loss:0", "total_loss:0")
    assert only_data.name == "data_only:0" and only_data.op.type == "Identity"
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        d, r, t, o = sess.run([data, total_reg, total, only_data])
    assert r == pytest.approx(14.25 + 1.0) and d == pytest.approx((0 + 9 + 4 + 0.25) / 4)
    assert t == pytest.approx(d + r) and o == pytest.approx(d)


def test_add_loss_and_empty_totals():
    zero = tf.losses.get_regularization_loss()
    assert zero.name == "Const:0" and _run(zero) == 0.0
    with pytest.raises(ValueError, match="inputs must be a list of at least one"):
        tf.losses.get_total_loss()
    five = tf.constant(5.0)
    tf.losses.add_loss(five)
    tf.losses.add_loss(tf.constant(1.0), loss_collection=None)
    tf.losses.add_loss(tf.constant(2.0), loss_collection="mine")
    assert tf.losses.get_losses() == [five]
    assert len(tf.losses.get_losses(loss_collection="mine")) == 1
    assert _run(tf.losses.get_total_loss()) == 5.0
