"""tf.contrib.layers.optimize_loss and linear, tf.contrib.framework's global step: the
optimizer forms (string, class, instance, factory), the learning-rate variable and decay,
gradient clipping, multipliers and noise, the returned tensor, and every error."""
import numpy as np
import pytest

import minitf as tf

layers = tf.contrib.layers


def _problem():
    x = tf.constant(np.random.RandomState(0).standard_normal((4, 3)).astype(np.float32))
    y = layers.linear(x, 2)
    return tf.reduce_mean(tf.square(y - 1.0))


def test_linear_is_fully_connected_without_activation():
    y = layers.linear(tf.zeros([2, 3]), 4)
    assert y.op.type == "BiasAdd" and y.op.name == "fully_connected/BiasAdd"
    assert [v.name for v in tf.trainable_variables()] == ["fully_connected/weights:0",
                                                          "fully_connected/biases:0"]


@pytest.mark.parametrize("optimizer", ["SGD", "Adam", "Adagrad", "RMSProp",
                                       tf.train.GradientDescentOptimizer,
                                       lambda lr: tf.train.AdamOptimizer(lr)])
def test_optimizers_lower_the_loss(optimizer):
    loss = _problem()
    step = tf.contrib.framework.get_or_create_global_step()
    train = layers.optimize_loss(loss, step, 0.05, optimizer)
    assert train.op.name == "OptimizeLoss/control_dependency"
    assert "OptimizeLoss/learning_rate:0" in [v.name for v in tf.global_variables()]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = sess.run(loss)
        for _ in range(5):
            sess.run(train)
        assert sess.run(loss) < first
        assert tf.train.global_step(sess, step) == 5
        assert isinstance(tf.train.global_step(sess, step), int)


def test_instance_clipping_multipliers_noise_and_decay():
    loss = _problem()
    step = tf.train.get_or_create_global_step()
    w = tf.trainable_variables()[0]
    train = layers.optimize_loss(
        loss, step, learning_rate=0.1, optimizer=tf.train.MomentumOptimizer(0.1, 0.9),
        clip_gradients=0.5, gradient_multipliers={w: 0.5}, gradient_noise_scale=1e-4,
        learning_rate_decay_fn=lambda lr, gs: tf.train.exponential_decay(lr, gs, 10, 0.5),
        increment_global_step=False, name="opt")
    assert train.op.name == "opt/control_dependency"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = sess.run(loss)
        for _ in range(3):
            sess.run(train)
        assert sess.run(loss) < first and sess.run(step) == 0


def test_clip_gradients_callable_and_tensor_learning_rate():
    loss = _problem()
    seen = []

    def clip(grads_and_vars):
        seen.append(len(grads_and_vars))
        return grads_and_vars
    layers.optimize_loss(loss, None, tf.constant(0.1), "SGD", clip_gradients=clip)
    assert seen == [2]


@pytest.mark.parametrize("kwargs, match", [
    (dict(learning_rate=-1.0, optimizer="SGD"), "Invalid learning_rate -1.0"),
    (dict(learning_rate=1, optimizer="SGD"), "Learning rate should be 0d Tensor or float"),
    (dict(learning_rate=None, optimizer="SGD"), "Learning rate is None, but should be "
                                                "specified if optimizer is string"),
    (dict(learning_rate=None, optimizer=tf.train.AdamOptimizer),
     "Learning rate is None, but should be specified if optimizer is class"),
    (dict(learning_rate=0.1, optimizer="Nadam"), "Optimizer name should be one of"),
    (dict(learning_rate=0.1, optimizer=lambda lr: 3), "function should return subclass"),
    (dict(learning_rate=0.1, optimizer=3), "Unrecognized optimizer: should be string"),
    (dict(learning_rate=0.1, optimizer="SGD", summaries=["weights"]),
     "Summaries should be one of"),
    (dict(learning_rate=0.1, optimizer="SGD", clip_gradients=1),
     "Unknown type <class 'int'> for clip_gradients"),
    (dict(learning_rate=0.1, optimizer="SGD", learning_rate_decay_fn=lambda lr, gs: lr),
     "global_step is required for learning_rate_decay_fn"),
    (dict(learning_rate=0.1, optimizer="SGD", variables=[]), "No variables to optimize"),
])
def test_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        layers.optimize_loss(_problem(), None, **kwargs)


def test_loss_and_global_step_checks():
    with pytest.raises(ValueError, match="Expected scalar shape"):
        layers.optimize_loss(tf.zeros([2]), None, 0.1, "SGD")
    with pytest.raises(TypeError, match="does not have integer type"):
        layers.optimize_loss(_problem(), tf.Variable(0.0), 0.1, "SGD")


def test_contrib_framework_global_step_is_train_s():
    step = tf.contrib.framework.get_or_create_global_step()
    assert step is tf.train.get_global_step() is tf.contrib.framework.get_global_step()
    assert step.name == "global_step:0" and step.dtype == tf.int64_ref


def test_sparse_gradients_take_multipliers_by_name_and_noise():
    emb = tf.Variable(np.ones((5, 2), np.float32), name="emb")
    loss = tf.reduce_sum(tf.nn.embedding_lookup(emb, [1, 3]))
    train = layers.optimize_loss(loss, None, 0.5, "SGD", gradient_multipliers={"emb:0": 2.0},
                                 gradient_noise_scale=1e-6)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        np.testing.assert_allclose(sess.run(emb)[[0, 1, 3]], [[1, 1], [0, 0], [0, 0]],
                                   atol=1e-4)
