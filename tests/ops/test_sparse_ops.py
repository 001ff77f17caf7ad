"""tf.sparse_to_dense, tf.sparse_tensor_to_dense (tf.sparse.to_dense) and
tf.sparse_placeholder: values, names, validation errors (golden values: sparse_extra)."""
import numpy as np
import pytest

import minitf as tf
from minitf.framework import errors
from tests.harness import run


def test_sparse_to_dense(backend):
    y = tf.sparse_to_dense([[0, 1], [2, 3]], [3, 4], [5.0, 6.0], default_value=-1.0)
    want = np.full((3, 4), -1.0, np.float32)
    want[0, 1], want[2, 3] = 5, 6
    np.testing.assert_array_equal(run(y, backend=backend), want)
    assert y.shape.as_list() == [3, 4] and y.op.name == "SparseToDense"
    assert run(tf.sparse_to_dense(2, [4], 7)).tolist() == [0, 0, 7, 0]


@pytest.mark.parametrize("indices, validate, message", [
    ([[1, 0], [0, 1]], True, "indices[1] = [0,1] is out of order"),
    ([[0, 1], [0, 1]], True, "indices[1] = [0,1] is repeated"),
    ([[0, 1], [2, 0]], True, "indices[1] = [2,0] is out of bounds: need 0 <= index < [2,2]"),
    ([[0, 1], [2, 0]], False, "Indices are not valid (out of bounds).  Shape: [2,2]"),
])
def test_sparse_to_dense_index_errors(indices, validate, message):
    y = tf.sparse_to_dense(indices, [2, 2], [1.0, 2.0], validate_indices=validate)
    with pytest.raises(errors.InvalidArgumentError) as e:
        run(y)
    assert message in str(e.value)


def test_sparse_to_dense_value_errors():
    idx = tf.placeholder(tf.int32, [None, None])
    vals = tf.placeholder(tf.float32, [None])
    y = tf.sparse_to_dense(idx, [2, 2], vals)
    with pytest.raises(errors.InvalidArgumentError, match=r"sparse_values has incorrect shape "
                                                          r"\[3\], should be \[\] or \[1\]"):
        run(y, {idx: [[0, 0]], vals: [1, 2, 3]})
    with pytest.raises(errors.InvalidArgumentError,
                       match="output_shape has incorrect number of elements: 2 should be: 3"):
        run(y, {idx: [[0, 0, 0]], vals: [1]})
    assert run(tf.sparse_to_dense(idx, [2, 2], vals, validate_indices=False),
               {idx: [[1, 1], [0, 0]], vals: [3, 4]}).tolist() == [[4, 0], [0, 3]]


def test_sparse_tensor_to_dense_and_namespace():
    assert tf.sparse.to_dense is tf.sparse_tensor_to_dense
    assert tf.sparse.SparseTensor is tf.SparseTensor
    st = tf.SparseTensorValue(np.array([[0, 0], [1, 2]]), np.array([1, 2], np.int32), [2, 3])
    y = tf.sparse.to_dense(st, default_value=9)
    assert run(y).tolist() == [[1, 9, 9], [9, 9, 2]]
    with pytest.raises(TypeError, match="Input must be a SparseTensor"):
        tf.sparse_tensor_to_dense(tf.constant([1]))


def test_sparse_placeholder_names_and_feeds():
    sp = tf.sparse_placeholder(tf.float32)
    assert [op.name for op in tf.get_default_graph().get_operations()] == [
        "Placeholder", "Placeholder_1", "Placeholder_2"]
    assert (sp.dense_shape.op.name, sp.values.op.name, sp.indices.op.name) == (
        "Placeholder", "Placeholder_1", "Placeholder_2")
    named = tf.sparse.placeholder(tf.int64, shape=[None, 5], name="ids")
    assert (named.dense_shape.op.type, named.indices.shape.as_list()) == ("Placeholder",
                                                                         [None, 2])
    known = tf.sparse_placeholder(tf.float32, shape=[3, 4], name="x")
    assert known.dense_shape.op.name == "x/shape" and known.shape.as_list() == [3, 4]
    value = tf.SparseTensorValue([[0, 1]], [2.0], [2, 3])
    with tf.Session() as sess:
        got = sess.run(sp, {sp: value})
        assert isinstance(got, tf.SparseTensorValue) and got.dense_shape.tolist() == [2, 3]
        assert sess.run(tf.sparse_tensor_to_dense(sp), {sp: tuple(value)})[0, 1] == 2.0
        with pytest.raises(errors.InvalidArgumentError, match="must feed a value"):
            sess.run(tf.sparse_tensor_to_dense(sp))


def test_edit_distance_shapes_empty_sequences_and_errors():
    hyp = tf.sparse_placeholder(tf.int32)
    truth = tf.SparseTensor([[0, 0], [0, 1], [2, 0]], [1, 2, 3], [3, 2])
    dist = tf.edit_distance(hyp, truth, normalize=True)
    assert dist.shape.ndims is None  # the hypothesis's rank is unknown, as in TF
    with tf.Session() as sess:
        got = sess.run(dist, {hyp: ([[0, 0], [1, 0]], [1, 5], [3, 1])})
    # row 0: [1] vs [1, 2] -> 1/2; row 1: [5] vs nothing -> inf; row 2: nothing vs [3] -> 1
    np.testing.assert_array_equal(got, [0.5, np.inf, 1.0])
    cast = tf.cast(truth, tf.int64)
    assert isinstance(cast, tf.SparseTensor) and cast.values.op.name == "Cast"
    assert cast.indices is truth.indices
    with pytest.raises(TypeError, match="does not match type"):
        tf.edit_distance(tf.SparseTensor([[0, 0]], [1.0], [1, 1]), truth)
    with pytest.raises(TypeError, match="Hypothesis must be a SparseTensor"):
        tf.edit_distance([[1]], truth)
