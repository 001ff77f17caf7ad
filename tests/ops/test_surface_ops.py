"""tf.multinomial (seeding, distribution, shapes, errors) and tf.nn.xw_plus_b (names, values)."""
import numpy as np
import pytest

import minitf as tf


def test_multinomial_follows_the_softmax():
    logits = tf.log([[0.2, 0.8, 1e-9], [0.5, 0.25, 0.25]])
    draws = tf.multinomial(logits, 4000, seed=1)
    assert draws.shape.as_list() == [2, 4000] and draws.dtype == tf.int64
    assert draws.op.name == "multinomial/Multinomial"
    with tf.Session() as sess:
        got = sess.run(draws)
    np.testing.assert_allclose(np.bincount(got[0], minlength=3) / 4000, [0.2, 0.8, 0],
                               atol=0.03)
    np.testing.assert_allclose(np.bincount(got[1], minlength=3) / 4000, [0.5, 0.25, 0.25],
                               atol=0.03)


def test_multinomial_seeds_and_dtypes():
    logits = tf.placeholder(tf.float64, [None, 5])
    a = tf.multinomial(logits, 7, seed=3, output_dtype=tf.int32, name="a")
    n = tf.placeholder(tf.int32, [])
    b = tf.multinomial(logits, n, seed=3)
    assert a.dtype == tf.int32 and a.op.name == "a/Multinomial"
    assert b.shape.as_list() == [None, None]
    feed = {logits: np.zeros((3, 5)), n: 7}
    with tf.Session() as s1, tf.Session() as s2:
        first = s1.run(a, feed)
        np.testing.assert_array_equal(first, s2.run(a, feed))
        assert not np.array_equal(first, s1.run(a, feed)) or first.std() == 0
        assert s1.run(b, feed).shape == (3, 7)


def test_multinomial_errors():
    with pytest.raises(ValueError, match="Shape must be rank 2 but is rank 1"):
        tf.multinomial(tf.zeros([3]), 2)
    with pytest.raises(TypeError, match="output_dtype"):
        tf.multinomial(tf.zeros([2, 3]), 2, output_dtype=tf.float32)
    with pytest.raises(TypeError, match="parameter 'logits' has DataType bool"):
        tf.multinomial(tf.zeros([2, 3], tf.bool), 2)
    logits = tf.placeholder(tf.float32)
    n = tf.placeholder(tf.int32)
    draws = tf.multinomial(logits, n)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="logits should be a matrix"):
            sess.run(draws, {logits: np.zeros(3), n: 1})
        with pytest.raises(tf.errors.InvalidArgumentError, match="num_classes should be positive"):
            sess.run(draws, {logits: np.zeros((2, 0)), n: 1})
        with pytest.raises(tf.errors.InvalidArgumentError, match="num_samples should be nonneg"):
            sess.run(draws, {logits: np.zeros((2, 2)), n: -1})


def test_xw_plus_b():
    x, w, b = np.ones((2, 3)), np.arange(12.0).reshape(3, 4), np.arange(4.0)
    y = tf.nn.xw_plus_b(x, w, b)
    named = tf.nn.xw_plus_b(x, w, b, name="logits")
    assert (y.op.name, y.op.type, named.op.name) == ("xw_plus_b", "BiasAdd", "logits")
    assert y.op.inputs[0].op.name == "xw_plus_b/MatMul"
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(y), x @ w + b)
