"""AdagradDAOptimizer: slots, the step it reads from the global step (its int64 value + 1),
and its argument check (numbers: test_optimizers.py and the golden family core_extra)."""
import numpy as np
import pytest

import minitf as tf


def test_slots_and_global_step():
    w = tf.Variable(np.array([1.0, -2.0], np.float32), name="w")
    step = tf.train.get_or_create_global_step()
    opt = tf.train.AdagradDAOptimizer(0.5, step, l1_regularization_strength=0.1)
    train_op = opt.minimize(tf.reduce_sum(w * w), global_step=step)
    assert train_op.name == "AdagradDA" and train_op.type == "AssignAdd"
    assert opt.get_slot(w, "gradient_accumulator").name == "w/AdagradDA:0"
    assert opt.get_slot(w, "gradient_squared_accumulator").name == "w/AdagradDA_1:0"
    g_sum, gg_sum, var = np.zeros(2), np.full(2, 0.1), np.array([1.0, -2.0])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for t in range(1, 4):
            grad = 2 * var
            g_sum, gg_sum = g_sum + grad, gg_sum + grad * grad
            var = 0.5 * np.sign(-g_sum) * np.maximum(np.abs(g_sum) - t * 0.1, 0) / np.sqrt(gg_sum)
            sess.run(train_op)
        np.testing.assert_allclose(sess.run(w), var, rtol=1e-5)
        assert sess.run(step) == 3


def test_initial_value_must_be_positive():
    with pytest.raises(ValueError, match="^initial_gradient_squared_accumulator_value must be "
                                         "positive: -1.0$"):
        tf.train.AdagradDAOptimizer(0.1, None, initial_gradient_squared_accumulator_value=-1.0)
