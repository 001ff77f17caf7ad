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
