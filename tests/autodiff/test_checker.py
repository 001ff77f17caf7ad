"""tf.test.compute_gradient / compute_gradient_error: Jacobian layout, lists, sessions, errors."""
import numpy as np
import pytest

import minitf as tf


def test_jacobian_layout_rows_are_x_columns_are_y():
    x = tf.placeholder(tf.float64, [2, 1])
    w = tf.constant([[1.0, 2.0, 3.0]], tf.float64)
    y = x * w
    with tf.Session():
        theoretical, numerical = tf.test.compute_gradient(x, [2, 1], y, [2, 3],
                                                          x_init_value=np.array([[1.0], [2.0]]))
    assert theoretical.shape == (2, 6)
    np.testing.assert_allclose(theoretical, [[1, 2, 3, 0, 0, 0], [0, 0, 0, 1, 2, 3]])
    np.testing.assert_allclose(numerical, theoretical, atol=1e-8)


def test_list_of_xs_and_error():
    a = tf.placeholder(tf.float64, [3])
    b = tf.placeholder(tf.float64, [3])
    y = a * b
    pairs = tf.test.compute_gradient([a, b], [[3], [3]], y, [3])
    assert isinstance(pairs, list) and len(pairs) == 2
    assert tf.test.compute_gradient_error([a, b], [[3], [3]], y, [3]) < 1e-8


def test_uses_its_own_session_without_a_default_one():
    x = tf.placeholder(tf.float64, [2, 2])
    assert tf.test.compute_gradient_error(x, [2, 2], x * x, [2, 2]) < 1e-6


def test_wrong_gradient_is_detected():
    @tf.RegisterGradient("CheckerWrongSquare")
    def _wrong(op, grad):
        return [grad * 3.0]
    x = tf.placeholder(tf.float64, [3])
    with tf.get_default_graph().gradient_override_map({"Identity": "CheckerWrongSquare"}):
        y = tf.identity(x)
    assert tf.test.compute_gradient_error(x, [3], y, [3]) > 1.5


def test_unconnected_x_has_zero_jacobian():
    x = tf.placeholder(tf.float64, [2])
    z = tf.placeholder(tf.float64, [2])
    theoretical, numerical = tf.test.compute_gradient(x, [2], z * 2.0, [2],
                                                      extra_feed_dict={z: np.ones(2)})
    assert not theoretical.any() and not numerical.any()


def test_mismatched_lengths():
    x = tf.placeholder(tf.float64, [2])
    with pytest.raises(ValueError, match="same length"):
        tf.test.compute_gradient([x], [[2], [2]], x, [2])
