"""tf.py_func: values, list/single Tout, unknown static shapes, the result checks and how
Python exceptions surface; not differentiable."""
import numpy as np
import pytest

import minitf as tf


def _run(t):
    with tf.Session() as sess:
        return sess.run(t)


def test_single_and_list_tout():
    x = tf.constant([1.0, 2.0])
    y = tf.py_func(lambda a: a * 3, [x], tf.float32)
    assert y.name == "PyFunc:0" and y.shape.ndims is None
    np.testing.assert_array_equal(_run(y), [3.0, 6.0])
    ys = tf.py_func(lambda a: (a, np.int32(len(a))), [x], [tf.float32, tf.int32], stateful=False)
    assert isinstance(ys, list) and ys[0].op.type == "PyFuncStateless"
    assert _run(ys[1]) == 2


def test_numpy_function_is_a_stateful_py_func():
    x = tf.constant([1.0, 2.0])
    y = tf.numpy_function(lambda a: a * 2, [x], tf.float32, name="double")
    assert (y.name, y.op.type) == ("double:0", "PyFunc")
    np.testing.assert_array_equal(_run(y), [2.0, 4.0])


def test_scalars_arrive_as_numpy_scalars_and_text_as_bytes():
    seen = []
    y = tf.py_func(lambda a, s: seen.append((type(a), s)) or s, [tf.constant(1.5),
                                                                 tf.constant("t")], tf.string)
    assert _run(y) == b"t"
    assert seen == [(np.float32, b"t")]
    assert _run(tf.py_func(lambda: "uni", [], tf.string)) == b"uni"


def test_no_outputs_gives_the_op_and_runs_each_time():
    calls = []
    op = tf.py_func(lambda: calls.append(1), [], [])
    assert isinstance(op, tf.Operation)
    with tf.Session() as sess:
        sess.run(op)
        sess.run(op)
    assert calls == [1, 1]


@pytest.mark.parametrize("func,tout,cls,fragment", [
    (lambda a: a.astype(np.float64), tf.float32, tf.errors.InvalidArgumentError,
     "is double, but expects float"),
    (lambda a: (a, a), tf.float32, tf.errors.InvalidArgumentError,
     "returns 2 values, but expects to see 1 values."),
    (lambda a: None, tf.float32, tf.errors.InvalidArgumentError,
     "returns 0 values, but expects to see 1 values."),
    (lambda a: 1 / 0, tf.float32, tf.errors.UnknownError, "ZeroDivisionError: division by zero"),
    (lambda a: int("x"), tf.float32, tf.errors.InvalidArgumentError, "ValueError: invalid"),
    (lambda a: next(iter(())), tf.float32, tf.errors.OutOfRangeError, "StopIteration"),
])
def test_result_checks_and_exceptions(func, tout, cls, fragment):
    y = tf.py_func(func, [tf.constant([1.0])], tout)
    with pytest.raises(cls, match=fragment) as info:
        _run(y)
    assert "[[node PyFunc" in str(info.value)


def test_not_callable():
    with pytest.raises(TypeError, match="Expected func to be callable"):
        tf.py_func(3, [], tf.float32)


def test_not_differentiable():
    x = tf.constant([1.0])
    y = tf.py_func(lambda a: a, [x], tf.float32)
    assert tf.gradients(y, x) == [None]
