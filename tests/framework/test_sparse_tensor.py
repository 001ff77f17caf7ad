"""tf.SparseTensor and tf.SparseTensorValue: conversion, names, static shapes, checks, eval."""
import numpy as np
import pytest

import minitf as tf


def test_sparse_tensor_from_python_values():
    st = tf.SparseTensor([[0, 1], [2, 0]], [1.5, 2.5], [3, 4])
    assert (st.indices.op.name, st.values.op.name, st.dense_shape.op.name) == (
        "SparseTensor/indices", "SparseTensor/values", "SparseTensor/dense_shape")
    assert st.indices.dtype == tf.int64 and st.dtype == tf.float32
    assert st.shape.as_list() == [3, 4] and st.op is st.values.op
    assert str(st).startswith('SparseTensor(indices=Tensor("SparseTensor/indices:0"')
    assert tf.SparseTensor([[0]], [1], [2]).indices.op.name == "SparseTensor_1/indices"
    with tf.Session():
        value = st.eval()
    assert isinstance(value, tf.SparseTensorValue)
    np.testing.assert_array_equal(value.values, [1.5, 2.5])


def test_sparse_tensor_shape_checks():
    with pytest.raises(ValueError, match="must have rank 2"):
        tf.SparseTensor([0, 1], [1.0, 2.0], [4])
    with pytest.raises(ValueError, match="not compatible"):
        tf.SparseTensor([[0, 1]], [1.0, 2.0], [4, 4])
    with pytest.raises(ValueError, match="not compatible"):
        tf.SparseTensor([[0, 1]], [1.0], [4, 4, 4])


def test_from_value_and_fetch_in_nest():
    st = tf.SparseTensor.from_value(tf.SparseTensorValue([[1]], [7], [3]))
    with tf.Session() as sess:
        out = sess.run({"st": st, "n": st.values})
    assert out["st"].dense_shape.tolist() == [3] and out["n"].tolist() == [7]
    with pytest.raises(TypeError, match="Neither a SparseTensor nor SparseTensorValue"):
        tf.SparseTensor.from_value((1, 2, 3))
    with pytest.raises(ValueError, match="No default session"):
        st.eval()
