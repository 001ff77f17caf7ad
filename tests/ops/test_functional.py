"""minitf/ops/functional.py: map_fn, scan, foldl and foldr (values, names, static shapes,
nested structures, errors); their gradients are in the gradient table."""
import numpy as np
import pytest

import minitf as tf
from tests.harness import run


def test_map_fn():
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.map_fn(lambda r: r * 2.0, x)
    assert y.name == "map/TensorArrayStack/TensorArrayGatherV3:0"
    assert y.shape.as_list() == [None, 3]
    v = np.arange(6, dtype=np.float32).reshape(2, 3)
    np.testing.assert_array_equal(run(y, {x: v}), v * 2)
    a, b = tf.map_fn(lambda t: (t[0] + 1.0, tf.cast(t[1], tf.float32)), (v, v.astype(np.int32)),
                     dtype=(tf.float32, tf.float32))
    np.testing.assert_array_equal(run(a), v + 1)
    with pytest.raises(ValueError, match="elems must be a 1\\+ dimensional Tensor"):
        tf.map_fn(lambda r: r, tf.constant(1.0))
    with pytest.raises(ValueError, match="elements in elems must be 1\\+ dimensional"):
        tf.map_fn(lambda r: r, (tf.constant(1.0), tf.constant(2.0)))
    with pytest.raises(TypeError, match="fn must be callable"):
        tf.map_fn(3, x)
    with pytest.raises(ValueError):
        tf.map_fn(lambda r: (r, r), x)


def test_scan_and_folds():
    v = np.arange(12, dtype=np.float32).reshape(4, 3)
    np.testing.assert_array_equal(run(tf.scan(lambda a, r: a + r, v)), np.cumsum(v, 0))
    rev = tf.scan(lambda a, r: a + r, v, initializer=tf.zeros([3]), reverse=True)
    np.testing.assert_array_equal(run(rev), np.cumsum(v[::-1], 0)[::-1])
    np.testing.assert_array_equal(run(tf.foldl(lambda a, r: a - r, v)), v[0] - v[1:].sum(0))
    np.testing.assert_array_equal(run(tf.foldr(lambda a, r: a - r, v, initializer=tf.zeros(3))),
                                  -v.sum(0))
    s, c = tf.scan(lambda acc, r: (acc[0] + r, acc[1] * 2), v,
                   initializer=(tf.zeros([3]), tf.constant(1)))
    np.testing.assert_array_equal(run(c), [2, 4, 8, 16])
    with pytest.raises(TypeError, match="fn must be callable"):
        tf.scan(None, v)
