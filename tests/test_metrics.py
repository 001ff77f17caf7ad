"""tf.metrics.accuracy and tf.metrics.mean: running values over several updates, weights,
squeezed dimensions, collections, local variables and their initializer, and the errors."""
import numpy as np
import pytest

import minitf as tf


def test_accuracy_accumulates_across_updates():
    labels = tf.placeholder(tf.int32, [None])
    preds = tf.placeholder(tf.int64, [None, 1])
    acc, update = tf.metrics.accuracy(labels, preds)
    assert (acc.name, update.name) == ("accuracy/value:0", "accuracy/update_op:0")
    assert [v.name for v in tf.local_variables()] == ["accuracy/total:0", "accuracy/count:0"]
    assert tf.get_collection(tf.GraphKeys.METRIC_VARIABLES) == tf.local_variables()
    assert tf.global_variables() == [] and tf.trainable_variables() == []
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        assert sess.run(acc) == 0.0
        assert sess.run(update, {labels: [1, 2, 3], preds: [[1], [2], [0]]}) == \
            pytest.approx(2 / 3)
        assert sess.run(update, {labels: [5], preds: [[0]]}) == pytest.approx(0.5)
        assert sess.run(acc) == pytest.approx(0.5)
        sess.run(tf.local_variables_initializer())
        assert sess.run(acc) == 0.0


def test_weighted_accuracy_and_collections():
    acc, update = tf.metrics.accuracy([1, 2, 3, 4], [1, 0, 3, 0], weights=[[1.0], [2.0], [3.0],
                                                                            [0.0]],
                                      metrics_collections=["m"], updates_collections=["u"],
                                      name="acc")
    assert tf.get_collection("m") == [acc] and tf.get_collection("u") == [update]
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        assert sess.run(update) == pytest.approx(4 / 6)


def test_mean_weighted_and_plain():
    values = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    m, update = tf.metrics.mean(values)
    wm, w_update = tf.metrics.mean(values, weights=[[1.0], [0.0]])
    assert m.op.name == "mean/value" and wm.op.name == "mean_1/value"
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        np.testing.assert_allclose(sess.run([update, w_update]), [3.5, 2.0])
        np.testing.assert_allclose(sess.run([update, w_update]), [3.5, 2.0])


def test_errors():
    with pytest.raises(ValueError, match="are incompatible"):
        tf.metrics.accuracy(tf.zeros([3], tf.int32), tf.zeros([4], tf.int32))
    with pytest.raises(ValueError, match="weights can not be broadcast to values"):
        tf.metrics.mean(tf.zeros([2, 3]), weights=tf.zeros([2, 2]))


def test_counters_precision_recall_names_and_values():
    labels = tf.placeholder(tf.int64, [None])
    preds = tf.placeholder(tf.bool, [None])
    p, p_update = tf.metrics.precision(labels, preds, updates_collections=["u"])
    r, r_update = tf.metrics.recall(labels, preds, weights=2.0, metrics_collections=["m"])
    _, fp_update = tf.metrics.false_positives(labels, preds)
    _, tn_update = tf.metrics.true_negatives(labels, preds)
    assert (p.name, p_update.name) == ("precision/value:0", "precision/update_op:0")
    assert [v.name for v in tf.local_variables()] == [
        "precision/true_positives/count:0", "precision/false_positives/count:0",
        "recall/true_positives/count:0", "recall/false_negatives/count:0",
        "false_positives/count:0", "true_negatives/count:0"]
    assert tf.get_collection("u") == [p_update] and tf.get_collection("m") == [r]
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        assert sess.run([p, r]) == [0.0, 0.0]
        feed = {labels: [1, 0, 1, 0], preds: [True, True, False, False]}
        assert sess.run([p_update, r_update, fp_update, tn_update], feed) == [0.5, 0.5, 1, 1]
        sess.run([p_update, r_update], {labels: [1], preds: [True]})
        np.testing.assert_allclose(sess.run([p, r]), [2 / 3, 2 / 3])


def test_auc_perfect_and_errors():
    labels = tf.constant([0, 0, 1, 1])
    scores = tf.constant([0.1, 0.4, 0.35, 0.8])
    roc, roc_update = tf.metrics.auc(labels, scores, num_thresholds=1000)
    _, pr_update = tf.metrics.auc(labels, scores, curve="PR",
                                   summation_method="careful_interpolation")
    assert [v.name for v in tf.local_variables()][:4] == [
        "auc/true_positives:0", "auc/false_negatives:0", "auc/true_negatives:0",
        "auc/false_positives:0"]
    assert roc.shape == [] and tf.local_variables()[0].shape == [1000]
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        assert sess.run(roc_update) == pytest.approx(0.75, abs=1e-3)  # sklearn's roc_auc_score
        assert 0.0 < sess.run(pr_update) <= 1.0
    with pytest.raises(ValueError, match="ROC or PR"):
        tf.metrics.auc(labels, scores, curve="DET")
    with pytest.raises(ValueError, match="Invalid summation_method: simpson"):
        tf.metrics.auc(labels, scores, summation_method="simpson")
    bad = tf.placeholder(tf.float32, [None])
    _, update = tf.metrics.auc([1, 0], bad)
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"predictions must be in"):
            sess.run(update, {bad: [-0.5, 0.5]})


def test_regression_errors():
    labels = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    preds = tf.constant([[1.5, 2.0], [2.0, 6.0]])
    _, mae_update = tf.metrics.mean_absolute_error(labels, preds)
    _, mse_update = tf.metrics.mean_squared_error(labels, preds, weights=[[1.0], [0.0]])
    rmse, rmse_update = tf.metrics.root_mean_squared_error(labels, preds)
    assert rmse.op.type == "Sqrt" and rmse.name == "Sqrt:0"
    assert "root_mean_squared_error/total:0" in [v.name for v in tf.local_variables()]
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        np.testing.assert_allclose(sess.run([mae_update, mse_update, rmse_update]),
                                   [3.5 / 4, 0.125, np.sqrt(5.25 / 4)], rtol=1e-6)
    with pytest.raises(ValueError, match="are incompatible"):
        tf.metrics.mean_squared_error(tf.zeros([2, 3]), tf.zeros([2, 4]))


# Two batches and the values TensorFlow gave for them.
_LABELS = np.array([0, 1, 1, 0, 1, 0, 1, 1], np.int64)
_PREDS = np.array([0, 1, 0, 0, 1, 1, 1, 0], np.int64)
_SCORES = np.array([0.1, 0.9, 0.4, 0.35, 0.8, 0.6, 0.7, 0.2], np.float32)
_WEIGHTS = np.array([1., 2., 0., 1., 1., 3., 1., 0.5], np.float32)


def _stream(value, update, feed_of):
    """The update op's result for each half of the data, then the value."""
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        ups = [sess.run(update, feed_of(slice(0, 4))), sess.run(update, feed_of(slice(4, 8)))]
        return ups, sess.run(value)


def test_mean_iou_and_per_class_accuracy():
    labels, preds = tf.placeholder(tf.int64, [None]), tf.placeholder(tf.int64, [None])
    weights = tf.placeholder(tf.float32, [None])
    iou, iou_update = tf.metrics.mean_iou(labels, preds, 3)
    w_iou, w_update = tf.metrics.mean_iou(labels, preds, 2, weights=weights)
    acc, acc_update = tf.metrics.mean_per_class_accuracy(labels, preds, 3)
    assert (iou.name, iou_update.name, iou_update.dtype) == (
        "mean_iou/Select_1:0", "mean_iou/AssignAdd:0", tf.float64_ref)
    assert (acc.name, acc_update.name) == ("mean_accuracy/mean_accuracy:0",
                                           "mean_accuracy/update_op:0")
    assert [v.name for v in tf.local_variables()] == [
        "mean_iou/total_confusion_matrix:0", "mean_iou_1/total_confusion_matrix:0",
        "mean_accuracy/total:0", "mean_accuracy/count:0"]

    def feed(s):
        return {labels: _LABELS[s], preds: _PREDS[s], weights: _WEIGHTS[s]}
    ups, value = _stream(iou, iou_update, feed)
    np.testing.assert_array_equal(ups[1], [[2, 1, 0], [2, 3, 0], [0, 0, 0]])
    assert value == pytest.approx(0.45)
    assert _stream(w_iou, w_update, feed)[1] == pytest.approx(0.44848487)
    ups, value = _stream(acc, acc_update, feed)
    np.testing.assert_allclose(ups, [[1, 0.5, 0], [2 / 3, 0.6, 0]], rtol=1e-6)
    assert value == pytest.approx(0.42222223)


def test_metrics_at_thresholds():
    labels, scores = tf.placeholder(tf.int64, [None]), tf.placeholder(tf.float32, [None])
    weights = tf.placeholder(tf.float32, [None])
    prec = tf.metrics.precision_at_thresholds(labels, scores, [0.3, 0.5, 0.75])
    rec = tf.metrics.recall_at_thresholds(labels, scores, [0.3, 0.5], weights=weights)
    tp = tf.metrics.true_positives_at_thresholds(labels, scores, [0.3, 0.5])
    fp = tf.metrics.false_positives_at_thresholds(labels, scores, [0.3, 0.5])
    assert [t.name for t in prec + rec] == [
        "precision_at_thresholds/precision_value:0",
        "precision_at_thresholds/precision_update_op:0",
        "recall_at_thresholds/recall_value:0", "recall_at_thresholds/recall_update_op:0"]
    assert tp[0].name == "true_positives/Identity:0"
    assert [v.name for v in tf.local_variables()][:2] == [
        "precision_at_thresholds/true_positives:0", "precision_at_thresholds/false_positives:0"]

    def feed(s):
        return {labels: _LABELS[s], scores: _SCORES[s], weights: _WEIGHTS[s]}
    np.testing.assert_allclose(_stream(*prec, feed)[1], [2 / 3, 0.75, 1.0], rtol=1e-6)
    np.testing.assert_allclose(_stream(*rec, feed)[1], [0.8888889, 0.8888889], rtol=1e-6)
    np.testing.assert_array_equal(_stream(*tp, feed)[0], [[2, 1], [4, 3]])
    np.testing.assert_array_equal(_stream(*fp, feed)[1], [2, 1])


def test_mean_tensor_percentage_below_and_relative_error():
    scores = tf.placeholder(tf.float32, [None])
    mt = tf.metrics.mean_tensor(tf.reshape(scores, [2, 2]))
    pb = tf.metrics.percentage_below(scores, 0.5)
    mre = tf.metrics.mean_relative_error(scores, scores * 1.5, tf.ones_like(scores) * 2.)
    assert [v.name for v in tf.local_variables()][:2] == ["mean/total_tensor:0",
                                                         "mean/count_tensor:0"]
    assert (mt[0].shape.as_list(), pb[0].name, mre[0].name) == (
        [2, 2], "percentage_below_threshold/value:0", "mean_relative_error/value:0")

    def feed(s):
        return {scores: _SCORES[s]}
    np.testing.assert_allclose(_stream(*mt, lambda s: {scores: _SCORES[:4]})[1],
                               [[0.1, 0.9], [0.4, 0.35]])
    assert _stream(*pb, feed)[0] == pytest.approx([0.75, 0.5])
    assert _stream(*mre, feed)[1] == pytest.approx(0.12656249)


def test_per_class_metric_errors():
    with pytest.raises(ValueError, match=r"Shapes \(3,\) and \(2,\) are incompatible"):
        tf.metrics.mean_iou(tf.constant([0, 1]), tf.constant([0, 1, 1]), 2)
    _, update = tf.metrics.mean_iou(tf.constant([0, 5]), tf.constant([0, 1]), 2)
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"\[`labels` out of bound\]"):
            sess.run(update)


def test_rates_at_a_rate_and_mean_cosine_distance():
    # values TensorFlow gave on the same data
    got = []
    for rate in (0.8, 0.95):
        sens = tf.metrics.sensitivity_at_specificity(_LABELS, _SCORES, rate, num_thresholds=20)
        spec = tf.metrics.specificity_at_sensitivity(_LABELS, _SCORES, rate, weights=_WEIGHTS,
                                                     num_thresholds=7)
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            got.append(sess.run([sens[1], spec[1]]))
    np.testing.assert_allclose(got, [[0.8, 1.0], [0.6, 0.2]], rtol=1e-6)
    assert (sens[0].name, spec[1].name) == ("sensitivity_at_specificity_1/value:0",
                                            "specificity_at_sensitivity_1/update_op:0")
    labels, preds = tf.placeholder(tf.float32, [None, 3]), tf.placeholder(tf.float32, [None, 3])
    dist, update = tf.metrics.mean_cosine_distance(labels, preds, 1)
    assert (dist.name, update.name) == ("Sub:0", "Sub_1:0")
    a = np.eye(3, dtype=np.float32)[[0, 1, 2, 0]]
    b = np.array([[0.6, 0.8, 0], [0, 1, 0], [0.6, 0, 0.8], [0, 0, 1]], np.float32)
    ups, value = _stream(dist, update, lambda s: {labels: a[s.start // 2:s.stop // 2],
                                                  preds: b[s.start // 2:s.stop // 2]})
    np.testing.assert_allclose(ups + [value], [0.2, 0.4, 0.4], rtol=1e-6)
    with pytest.raises(ValueError, match=r"`specificity` must be in the range \[0, 1\]\."):
        tf.metrics.sensitivity_at_specificity(_LABELS, _SCORES, 1.5)
    with pytest.raises(ValueError, match=r"`sensitivity` must be in the range \[0, 1\]\."):
        tf.metrics.specificity_at_sensitivity(_LABELS, _SCORES, -0.1)
