"""Learning-rate schedules: values against their formulas, staircase, dtypes, TF1's graphs
(scopes and op types) and errors."""
import math

import numpy as np
import pytest

import minitf as tf
from tests.harness import session

STEPS = [0, 1, 2, 3, 5, 8, 13]


def _values(lr, step):
    with session() as sess:
        return [float(sess.run(lr, {step: s})) for s in STEPS]


@pytest.fixture
def step():
    return tf.placeholder(tf.int64, [], name="step")


def test_exponential_decay(step):
    lr = tf.train.exponential_decay(0.1, step, 3, 0.5)
    stairs = tf.train.exponential_decay(0.1, step, 3, 0.5, staircase=True, name="stairs")
    assert (lr.name, lr.op.type, lr.dtype, lr.shape.ndims) == ("ExponentialDecay:0", "Mul",
                                                               tf.float32, 0)
    assert [(op.name, op.type) for op in tf.get_default_graph().get_operations()[1:10]] == [
        ("ExponentialDecay/initial_learning_rate", "Const"),
        ("ExponentialDecay/Cast/x", "Const"), ("ExponentialDecay/Cast", "Cast"),
        ("ExponentialDecay/Cast_1/x", "Const"), ("ExponentialDecay/Cast_2", "Cast"),
        ("ExponentialDecay/truediv", "RealDiv"), ("ExponentialDecay/Pow", "Pow"),
        ("ExponentialDecay", "Mul"), ("stairs/initial_learning_rate", "Const")]
    assert stairs.name == "stairs:0"
    assert tf.get_default_graph().get_operation_by_name("stairs/Floor").type == "Floor"
    np.testing.assert_allclose(_values(lr, step), [0.1 * 0.5 ** (s / 3) for s in STEPS],
                               rtol=1e-6)
    np.testing.assert_allclose(_values(stairs, step), [0.1 * 0.5 ** (s // 3) for s in STEPS],
                               rtol=1e-6)


def test_natural_exp_and_inverse_time_decay(step):
    natural = tf.train.natural_exp_decay(0.1, step, 3, 0.5)
    inverse = tf.train.inverse_time_decay(0.1, step, 2, 1.0)
    inverse_stairs = tf.train.inverse_time_decay(0.1, step, 2, 1.0, staircase=True)
    assert natural.name == "ExponentialDecay:0"
    assert [op.type for op in tf.get_default_graph().get_operations()[1:3]] == ["Const", "Neg"]
    assert (inverse.name, inverse.op.type) == ("InverseTimeDecay:0", "RealDiv")
    assert tf.get_default_graph().get_operation_by_name("InverseTimeDecay/Add").type == "Add"
    np.testing.assert_allclose(_values(natural, step), [0.1 * math.exp(-0.5 * s / 3)
                                                        for s in STEPS], rtol=1e-6)
    np.testing.assert_allclose(_values(inverse, step), [0.1 / (1 + s / 2) for s in STEPS],
                               rtol=1e-6)
    np.testing.assert_allclose(_values(inverse_stairs, step), [0.1 / (1 + s // 2)
                                                               for s in STEPS], rtol=1e-6)


def test_polynomial_decay(step):
    linear = tf.train.polynomial_decay(0.1, step, 5)
    squared = tf.train.polynomial_decay(0.1, step, 5, 0.01, power=2.0, name="sq")
    cycle = tf.train.polynomial_decay(0.1, step, 5, 0.01, cycle=True)
    assert (linear.name, linear.op.type) == ("PolynomialDecay:0", "Add")
    assert squared.name == "sq:0"

    def poly(s, end, power, cyc=False):
        steps = 5 * max(1, math.ceil(s / 5)) if cyc else 5
        s = s if cyc else min(s, 5)
        return (0.1 - end) * (1 - s / steps) ** power + end
    np.testing.assert_allclose(_values(linear, step), [poly(s, 1e-4, 1) for s in STEPS],
                               rtol=1e-5)
    np.testing.assert_allclose(_values(squared, step), [poly(s, 0.01, 2) for s in STEPS],
                               rtol=1e-5)
    np.testing.assert_allclose(_values(cycle, step), [poly(s, 0.01, 1, True) for s in STEPS],
                               rtol=1e-5)


def test_schedules_follow_the_rate_dtype():
    step = tf.Variable(4, name="step")
    lr = tf.train.exponential_decay(tf.constant(0.5, tf.float64), step, 2, 0.9)
    inv = tf.train.inverse_time_decay(np.float64(2.0), step, 3, 0.1)
    assert lr.dtype == tf.float64 and inv.dtype == tf.float64
    with session() as sess:
        sess.run(step.initializer)
        # Python hyper-parameters become float32 constants, cast to the rate's dtype
        assert sess.run(lr) == pytest.approx(0.5 * float(np.float32(0.9)) ** 2, rel=1e-12)
        assert sess.run(inv) == pytest.approx(2.0 / (1 + float(np.float32(0.1)) * 4 / 3),
                                              rel=1e-12)


def test_piecewise_constant(step):
    lr = tf.train.piecewise_constant(step, [2, 5], [1.0, 0.5, 0.1])
    assert lr.dtype == tf.float32
    assert tf.train.piecewise_constant_decay is tf.train.piecewise_constant
    assert [(op.name, op.type) for op in tf.get_default_graph().get_operations()[1:8]] == [
        ("Const", "Const"), ("Const_1", "Const"), ("Const_2", "Const"), ("Const_3", "Const"),
        ("Const_4", "Const"), ("Cast", "Cast"), ("Cast_1", "Cast")]
    np.testing.assert_allclose(_values(lr, step), [1.0, 1.0, 1.0, 0.5, 0.5, 0.1, 0.1],
                               rtol=1e-6)
    single = tf.train.piecewise_constant(tf.constant(7), [3], [4, 2], name="single")
    with session() as sess:
        assert sess.run(single) == 2


def test_piecewise_constant_errors():
    x = tf.constant(3)
    with pytest.raises(ValueError, match=r"Boundaries \(<dtype: 'float32'>\) must have the same "
                                         r"dtype as x \(<dtype: 'int32'>\)."):
        tf.train.piecewise_constant(x, [1.0], [0.1, 0.2])
    with pytest.raises(ValueError, match=r"Values must have elements all with the same dtype "
                                         r"\(<dtype: 'float32'> vs <dtype: 'int32'>\)."):
        tf.train.piecewise_constant(x, [1], [0.1, 2])
    with pytest.raises(ValueError, match="The length of boundaries should be 1 less than the "
                                         "length of values"):
        tf.train.piecewise_constant(x, [1, 2], [0.1, 0.2])


def test_decay_drives_an_optimizer():
    w = tf.Variable([1.0], name="w")
    global_step = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(1.0, global_step, 1, 0.5, staircase=True)
    train_op = tf.train.GradientDescentOptimizer(lr).minimize(tf.reduce_sum(w),
                                                              global_step=global_step)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train_op)
        assert sess.run(w).tolist() == [1.0 - 1.0 - 0.5 - 0.25]
        assert sess.run(global_step) == 3


def test_cosine_decay_values_graph_and_alpha(step):
    lr = tf.train.cosine_decay(0.1, step, 5, alpha=0.2)
    # TF 1.15 leaves the last multiply unnamed; names are unique case-insensitively.
    assert (lr.name, lr.op.type) == ("CosineDecay/Mul_3:0", "Mul")
    want = [0.1 * (0.8 * 0.5 * (1 + math.cos(math.pi * min(s, 5) / 5)) + 0.2) for s in STEPS]
    np.testing.assert_allclose(_values(lr, step), want, rtol=1e-6)


def test_linear_cosine_decay_values_and_name(step):
    lr = tf.train.linear_cosine_decay(0.1, step, 8, num_periods=1.0, alpha=0.1, beta=0.01)
    assert (lr.name, lr.op.type) == ("LinearCosineDecay:0", "Mul")

    def formula(s):
        t = min(s, 8)
        cosine = 0.5 * (1 + math.cos(math.pi * 2 * 1.0 * t / 8))
        return 0.1 * ((0.1 + (8 - t) / 8) * cosine + 0.01)
    np.testing.assert_allclose(_values(lr, step), [formula(s) for s in STEPS], rtol=1e-6)
