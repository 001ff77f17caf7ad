"""tf.clip_by_value: values, TF1's graph (Minimum then Maximum under `clip_by_value`), shape
checks and dtype errors."""
import numpy as np
import pytest

import minitf as tf
from tests.harness import check_op, distinct_shape_input, run


def test_clip_by_value_with_scalars(backend):
    x = distinct_shape_input(3, 4) * 2
    check_op(lambda v: tf.clip_by_value(v, -1.0, 0.5), [x], lambda v: np.clip(v, -1.0, 0.5),
             backend=backend)


def test_clip_by_value_with_tensor_bounds(backend):
    x = distinct_shape_input(3, 4) * 2
    lo = np.array([-1.0, -0.5, 0.0, 0.2], np.float32)
    hi = np.full((3, 4), 0.8, np.float32)
    check_op(lambda v, a, b: tf.clip_by_value(v, a, b), [x, lo, hi],
             lambda v, a, b: np.minimum(np.maximum(v, a), b), backend=backend)


def test_clip_by_value_integers_and_python_values(backend):
    ints, floats = run([tf.clip_by_value(tf.constant([-5, 0, 5, 10]), 0, 6),
                        tf.clip_by_value([1.0, 5.0, -3.0], 0, 2)], backend=backend)
    assert ints.tolist() == [0, 0, 5, 6] and ints.dtype == np.int32
    assert floats.tolist() == [1.0, 2.0, 0.0] and floats.dtype == np.float32


def test_clip_by_value_graph():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    out = tf.clip_by_value(x, 0.0, 1.0)
    named = tf.clip_by_value(x, 0.0, 1.0, name="c")
    assert (out.name, out.op.type, out.shape.as_list()) == ("clip_by_value:0", "Maximum",
                                                            [None, 3])
    assert named.name == "c:0"
    assert [op.name for op in tf.get_default_graph().get_operations()] == [
        "x", "clip_by_value/Minimum/y", "clip_by_value/Minimum", "clip_by_value/y",
        "clip_by_value", "c/Minimum/y", "c/Minimum", "c/y", "c"]
    tf.clip_by_value([1.0], 0.0, 1.0)
    assert tf.get_default_graph().get_operations()[-5].name == "clip_by_value_1/t"


def test_clip_bounds_may_not_broadcast_the_input():
    x = tf.placeholder(tf.float32, [3])
    with pytest.raises(ValueError, match=r"Shapes \(3,\) and \(2, 3\) are not compatible"):
        tf.clip_by_value(x, tf.placeholder(tf.float32, [2, 3]), 1.0)
    with pytest.raises(ValueError, match=r"Shapes \(3,\) and \(2, 3\) are not compatible"):
        tf.clip_by_value(x, 0.0, tf.placeholder(tf.float32, [2, 3]))


def test_clip_bounds_must_fit_the_dtype():
    with pytest.raises(TypeError, match="Expected int32 passed to parameter 'y' of op 'Maximum', "
                                        "got 0.5 of type 'float' instead."):
        tf.clip_by_value(tf.placeholder(tf.int32, [2]), 0.5, 1)
    with pytest.raises(TypeError, match="Input 'y' of 'Minimum' Op has type float64 that does "
                                        "not match type float32 of argument 'x'."):
        tf.clip_by_value(tf.placeholder(tf.float32, [2]), 0.0,
                         tf.constant(1.0, tf.float64))
