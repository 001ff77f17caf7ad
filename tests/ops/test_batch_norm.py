"""tf.nn.fused_batch_norm and tf.nn.batch_normalization against numpy, both layouts, and their
error paths (gradients are in tests/autodiff/grad_table/batch_norm.py, TF's numbers in the
golden family layers_extra)."""
import numpy as np
import pytest

import minitf as tf

RNG = np.random.RandomState(11)
X = (RNG.standard_normal((3, 4, 2, 5)) * 2 + 1).astype(np.float32)
SCALE = RNG.uniform(0.5, 1.5, 5).astype(np.float32)
OFFSET = RNG.standard_normal(5).astype(np.float32)


def test_fused_training_uses_batch_statistics_and_returns_unbiased_variance():
    y, mean, var = tf.nn.fused_batch_norm(X, SCALE, OFFSET, epsilon=0.01)
    assert [t.shape.as_list() for t in (y, mean, var)] == [[3, 4, 2, 5], [5], [5]]
    with tf.Session() as sess:
        got_y, got_mean, got_var = sess.run([y, mean, var])
    m, v = X.mean((0, 1, 2)), X.var((0, 1, 2))
    np.testing.assert_allclose(got_y, (X - m) / np.sqrt(v + 0.01) * SCALE + OFFSET, rtol=1e-4,
                               atol=1e-5)
    np.testing.assert_allclose(got_mean, m, rtol=1e-5)
    np.testing.assert_allclose(got_var, X.var((0, 1, 2), ddof=1), rtol=1e-5)


def test_fused_inference_nchw_and_minimum_epsilon():
    m, v = np.float32([0.1, 0.2, 0.3, 0.4, 0.5]), np.float32([1, 2, 3, 4, 0.5])
    y, mean, var = tf.nn.fused_batch_norm(np.transpose(X, (0, 3, 1, 2)), SCALE, OFFSET, mean=m,
                                          variance=v, epsilon=1e-9, is_training=False,
                                          data_format="NCHW")
    assert y.op.get_attr("epsilon") == pytest.approx(1.001e-5)
    with tf.Session() as sess:
        got_y, got_mean, got_var = sess.run([y, mean, var])
    want = (X - m) / np.sqrt(v + 1.001e-5) * SCALE + OFFSET
    np.testing.assert_allclose(got_y, np.transpose(want, (0, 3, 1, 2)), rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(got_mean, m)
    np.testing.assert_array_equal(got_var, v)


def test_batch_normalization_formula_and_names():
    y = tf.nn.batch_normalization(X, tf.constant(0.5), tf.constant(2.0), None, None, 0.25)
    assert y.name == "batchnorm/add_1:0"
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(y), (X - 0.5) / np.sqrt(2.25), rtol=1e-5,
                                   atol=1e-6)


def test_fused_second_order_gradient_matches_moments_batch_normalization():
    """The gradient of a gradient penalty through the fused op equals the one through
    tf.nn.moments + tf.nn.batch_normalization (regression: FusedBatchNormGradV3's gradient
    followed dy, itself computed from x, back to x and counted that path twice)."""
    w = RNG.standard_normal(X.shape).astype(np.float32)
    x = tf.constant(X)

    def penalty_grads(y):
        dx = tf.gradients(tf.reduce_sum(tf.tanh(y) * w), x)[0]
        return tf.gradients(tf.reduce_sum(dx * dx), x)[0]
    fused = penalty_grads(tf.nn.fused_batch_norm(x, SCALE, OFFSET, epsilon=0.01)[0])
    mean, var = tf.nn.moments(x, [0, 1, 2])
    plain = penalty_grads(tf.nn.batch_normalization(x, mean, var, OFFSET, SCALE, 0.01))
    with tf.Session() as sess:
        got_fused, got_plain = sess.run([fused, plain])
    np.testing.assert_allclose(got_fused, got_plain, rtol=1e-3, atol=1e-3)


def test_fused_errors():
    with pytest.raises(ValueError, match="Both 'mean' and 'variance' must be None"):
        tf.nn.fused_batch_norm(X, SCALE, OFFSET, mean=SCALE)
    with pytest.raises(ValueError, match="Shape must be rank 4 but is rank 3"):
        tf.nn.fused_batch_norm(X[0], SCALE, OFFSET)
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 5 and 4"):
        tf.nn.fused_batch_norm(X, SCALE[:4], OFFSET)
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
        tf.nn.fused_batch_norm(X, SCALE[None], OFFSET)
    with pytest.raises(ValueError, match="data_format"):
        tf.nn.fused_batch_norm(X, SCALE, OFFSET, data_format="NWC")
    with pytest.raises(TypeError, match="float64"):
        tf.nn.fused_batch_norm(X.astype(np.float64), SCALE, OFFSET)
