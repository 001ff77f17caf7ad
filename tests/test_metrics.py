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
