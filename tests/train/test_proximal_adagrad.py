"""ProximalAdagradOptimizer: its slot, op names and argument check (the numbers are checked in
test_optimizers.py and the golden family core_extra)."""
import numpy as np
import pytest

import minitf as tf


def test_slot_and_names():
    w = tf.Variable(np.ones(3, np.float32), name="w")
    opt = tf.train.ProximalAdagradOptimizer(0.1, initial_accumulator_value=0.3)
    train_op = opt.minimize(tf.reduce_sum(w * w))
    assert train_op.name == "ProximalAdagrad" and opt.get_slot_names() == ["accumulator"]
    assert opt.get_slot(w, "accumulator").name == "w/ProximalAdagrad:0"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(opt.get_slot(w, "accumulator")), [0.3] * 3)


def test_initial_accumulator_must_be_positive():
    with pytest.raises(ValueError, match="^initial_accumulator_value must be positive: 0.0$"):
        tf.train.ProximalAdagradOptimizer(0.1, initial_accumulator_value=0.0)
