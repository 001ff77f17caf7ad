"""ExponentialMovingAverage: shadow variables and their names, the update op and its graph,
num_updates, zero_debias, average_name, variables_to_restore, use after a train op, and its
error (numbers against a numpy re-computation; names as TF 1.15's moving_averages.py builds
them, also checked against TF in the golden family core_extra)."""
import numpy as np
import pytest

import minitf as tf


def test_apply_names_and_values():
    v = tf.Variable([1.0, 2.0], name="v")
    with tf.variable_scope("scope"):
        w = tf.get_variable("w", initializer=[[3.0]])
    ema = tf.train.ExponentialMovingAverage(0.9)
    op = ema.apply([v, w])
    assert op.name == "ExponentialMovingAverage" and op.type == "NoOp"
    assert ema.average(v).name == "v/ExponentialMovingAverage:0"
    assert ema.average(w).name == "scope/w/ExponentialMovingAverage:0"
    assert ema.average_name(v) == "v/ExponentialMovingAverage"
    assert ema.average(tf.constant(1.0)) is None
    assert tf.get_collection(tf.GraphKeys.MOVING_AVERAGE_VARIABLES) == [v, w]
    assert tf.trainable_variables() == [v, w]
    g = tf.get_default_graph()
    assert g.get_operation_by_name("ExponentialMovingAverage/AssignMovingAvg").type == \
        "AssignSub"
    assert g.get_operation_by_name("ExponentialMovingAverage/AssignMovingAvg_1/sub").type == \
        "Sub"
    shadow = np.array([1.0, 2.0])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(3):
            sess.run(tf.assign_add(v, [1.0, -1.0]))
            sess.run(op)
            shadow = 0.9 * shadow + 0.1 * np.array([2.0 + step, 1.0 - step])
        np.testing.assert_allclose(sess.run(ema.average(v)), shadow, rtol=1e-6)
        np.testing.assert_allclose(sess.run(ema.average(w)), [[3.0]])


def test_num_updates_caps_the_decay():
    v = tf.Variable(0.0, name="v")
    step = tf.Variable(0, name="step", trainable=False)
    ema = tf.train.ExponentialMovingAverage(0.99, num_updates=step)
    op = ema.apply([v])
    assert tf.get_default_graph().get_operation_by_name(
        "ExponentialMovingAverage/num_updates").type == "Cast"
    shadow = 0.0
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for n in range(3):
            sess.run(tf.assign(v, float(n + 1)))
            sess.run(op)
            sess.run(tf.assign_add(step, 1))
            decay = min(0.99, (1.0 + n) / (10.0 + n))
            shadow = decay * shadow + (1 - decay) * (n + 1)
        np.testing.assert_allclose(sess.run(ema.average(v)), shadow, rtol=1e-6)


def test_tensor_with_zero_debias():
    t = tf.placeholder(tf.float32, [2], name="t")
    ema = tf.train.ExponentialMovingAverage(0.5, zero_debias=True, name="avg")
    op = ema.apply([t])
    assert op.name == "avg" and ema.average(t).name == "t/avg:0"
    assert [x.name for x in tf.global_variables()] == ["t/avg:0", "t/avg/biased:0",
                                                       "t/avg/local_step:0"]
    assert tf.get_collection(tf.GraphKeys.MOVING_AVERAGE_VARIABLES) == []
    assert tf.get_default_graph().get_operation_by_name("avg/AssignMovingAvg").type == "Assign"
    biased = np.zeros(2)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(1, 4):
            value = np.array([step, 2.0 * step])
            sess.run(op, {t: value})
            biased = 0.5 * biased + 0.5 * value
            np.testing.assert_allclose(sess.run(ema.average(t)), biased / (1 - 0.5 ** step),
                                       rtol=1e-6)


def test_after_a_train_op_and_variables_to_restore():
    w = tf.Variable([1.0, 1.0], name="w")
    step = tf.train.get_or_create_global_step()
    train_op = tf.train.GradientDescentOptimizer(0.5).minimize(tf.reduce_sum(w * w),
                                                               global_step=step)
    ema = tf.train.ExponentialMovingAverage(0.5)
    with tf.control_dependencies([train_op]):
        train_and_average = ema.apply()
    assert ema.variables_to_restore() == {"w/ExponentialMovingAverage": w,
                                          "global_step": step}
    assert ema.average_name(step) == "global_step/ExponentialMovingAverage"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train_and_average)
        # w moved to 0 before the average read it: 0.5 * 1 + 0.5 * 0
        np.testing.assert_allclose(sess.run(ema.average(w)), [0.5, 0.5])


def test_integer_variable_is_refused():
    with pytest.raises(TypeError, match="^The variables must be half, float, or double: "
                                        "Variable:0$"):
        tf.train.ExponentialMovingAverage(0.5).apply([tf.Variable([1, 2])])
