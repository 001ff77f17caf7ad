"""tf.confusion_matrix: values, names and static shapes as TF builds them, weights and dtype,
and the run-time asserts and build-time shape errors."""
import numpy as np
import pytest

import minitf as tf


def test_counts_names_and_default_num_classes():
    cm = tf.confusion_matrix([0, 1, 2, 1], [0, 2, 2, 1])
    assert (cm.name, cm.dtype, cm.shape.as_list()) == ("confusion_matrix/ScatterNd:0", tf.int32,
                                                       [3, 3])
    assert tf.math.confusion_matrix is tf.confusion_matrix
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(cm), [[1, 0, 0], [0, 1, 1], [0, 0, 1]])


def test_weights_dtype_num_classes_and_squeezed_labels():
    cm = tf.confusion_matrix([0, 1, 2, 1], [0, 2, 2, 1], num_classes=4,
                             weights=[1., 2., 3., 4.], dtype=tf.float32)
    squeezed = tf.confusion_matrix([[0], [1]], [0, 2])
    assert (cm.name, cm.dtype, cm.shape.as_list()) == ("confusion_matrix/ScatterNd:0",
                                                       tf.float32, [4, 4])
    with tf.Session() as sess:
        got, sq = sess.run([cm, squeezed])
    np.testing.assert_array_equal(got, [[1, 0, 0, 0], [0, 4, 2, 0], [0, 0, 3, 0], [0] * 4])
    np.testing.assert_array_equal(sq, [[1, 0, 0], [0, 0, 1], [0, 0, 0]])


def test_errors():
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"\[`labels` contains negative values\]"):
            sess.run(tf.confusion_matrix([0, -1], [0, 1]))
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"\[`labels` out of bound\]"):
            sess.run(tf.confusion_matrix([0, 3], [0, 1], num_classes=3))
    with pytest.raises(ValueError, match=r"Shapes \(2,\) and \(3,\) are incompatible"):
        tf.confusion_matrix([0, 1], [0, 1], weights=[1., 2., 3.])
    with pytest.raises(ValueError, match="Dimension 0 in both shapes must be equal, but are 2 "
                                         "and 3"):
        tf.confusion_matrix([0, 1], [0, 1, 2])
