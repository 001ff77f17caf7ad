"""tf.layers.BatchNormalization (minitf/nn/normalization.py): variables, fused and unfused
values, update ops in GraphKeys.UPDATE_OPS exactly when training, the train-op pattern, and
TF 1.15's build errors."""
import numpy as np
import pytest

import minitf as tf

RNG = np.random.RandomState(13)


def _init_run(fetches, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed), sess


@pytest.mark.parametrize("shape,fused", [((6, 3), False), ((4, 3, 2, 3), True),
                                         ((4, 3, 2, 3), False)])
def test_training_normalizes_by_batch_and_updates_moving_averages(shape, fused):
    xv = (RNG.standard_normal(shape) * 3 + 2).astype(np.float32)
    y = tf.layers.batch_normalization(xv, training=True, momentum=0.5, fused=fused)
    assert (y.op.type == "FusedBatchNormV3") == fused
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    assert [u.name for u in updates] == ["batch_normalization/AssignMovingAvg",
                                         "batch_normalization/AssignMovingAvg_1"]
    moving = [v for v in tf.global_variables() if "moving" in v.name]
    assert [v.name for v in tf.trainable_variables()] == ["batch_normalization/gamma:0",
                                                          "batch_normalization/beta:0"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got, _ = sess.run([y, updates])
        mean, var = sess.run(moving)
    axes = tuple(range(len(shape) - 1))
    m, v = xv.mean(axes), xv.var(axes)
    np.testing.assert_allclose(got, (xv - m) / np.sqrt(v + 1e-3), rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(mean, 0.5 * m, rtol=1e-5)
    # the fused kernel's variance is the unbiased one, as in TF
    n = xv.size // shape[-1]
    np.testing.assert_allclose(var, 0.5 + 0.5 * (v * n / (n - 1) if fused else v), rtol=1e-5)


def test_inference_adds_no_updates_and_uses_moving_statistics():
    xv = RNG.standard_normal((5, 4)).astype(np.float32)
    y = tf.layers.batch_normalization(xv, moving_mean_initializer=tf.constant_initializer(1.0),
                                      moving_variance_initializer=tf.constant_initializer(4.0))
    assert tf.get_collection(tf.GraphKeys.UPDATE_OPS) == []
    (got,), _ = _init_run([y])
    np.testing.assert_allclose(got, (xv - 1) / np.sqrt(4.001), rtol=1e-5)


def test_training_placeholder_selects_at_run_time():
    xv = (RNG.standard_normal((4, 2, 2, 3)) + 1).astype(np.float32)
    training = tf.placeholder(tf.bool, [])
    y = tf.layers.batch_normalization(xv, training=training)
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    moving_mean = tf.global_variables()[2]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        infer = sess.run([y, updates], {training: False})[0]
        assert np.all(sess.run(moving_mean) == 0)
        sess.run([y, updates], {training: True})
        np.testing.assert_allclose(sess.run(moving_mean), 0.01 * xv.mean((0, 1, 2)),
                                   rtol=1e-5)
    np.testing.assert_allclose(infer, xv / np.sqrt(1.001), rtol=1e-5)


def test_train_op_pattern_runs_the_updates():
    x = RNG.standard_normal((8, 3)).astype(np.float32)
    h = tf.layers.batch_normalization(tf.layers.dense(x, 2), training=True)
    loss = tf.reduce_mean(tf.square(h))
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    moving_mean = next(v for v in tf.global_variables() if "moving_mean" in v.name)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train_op)
        assert np.any(sess.run(moving_mean) != 0)


def test_layer_object_and_reuse():
    x = tf.placeholder(tf.float32, [None, 3, 4])
    layer = tf.layers.BatchNormalization(axis=1, center=False)
    layer(x, training=True)
    assert [v.name for v in layer.weights] == [
        "batch_normalization/gamma:0", "batch_normalization/moving_mean:0",
        "batch_normalization/moving_variance:0"]
    assert [v.shape.as_list() for v in layer.weights] == [[3]] * 3
    assert len(layer.updates) == 2
    tf.layers.batch_normalization(x, name="bn")
    tf.layers.batch_normalization(x, name="bn", reuse=True)
    assert len([v for v in tf.global_variables() if v.name.startswith("bn/")]) == 4


def test_build_errors():
    with pytest.raises(ValueError, match="Input has undefined `axis` dimension"):
        tf.layers.batch_normalization(tf.placeholder(tf.float32, [None, None]))
    with pytest.raises(ValueError, match="Invalid axis: 5"):
        tf.layers.batch_normalization(tf.placeholder(tf.float32, [None, 3]), axis=5)
    with pytest.raises(ValueError, match=r"Duplicate axis: \[1, 1\]"):
        tf.layers.batch_normalization(tf.placeholder(tf.float32, [None, 3]), axis=[1, -1])
    with pytest.raises(TypeError, match="axis must be int or list"):
        tf.layers.BatchNormalization(axis="1")(tf.placeholder(tf.float32, [None, 3]))
    with pytest.raises(ValueError, match="Input has undefined rank"):
        tf.layers.batch_normalization(tf.placeholder(tf.float32))
