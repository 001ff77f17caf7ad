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


# ---- sparse_tensor_dense_matmul (tf.sparse.sparse_dense_matmul, tf.sparse.matmul)

def _dense(indices, values, shape):
    out = np.zeros(shape)
    for (i, j), v in zip(indices, values):
        out[i, j] += v
    return out


@pytest.mark.parametrize("adjoint_a", [False, True])
@pytest.mark.parametrize("adjoint_b", [False, True])
def test_sparse_tensor_dense_matmul(adjoint_a, adjoint_b, backend):
    rng = np.random.RandomState(1)
    indices, values = [[0, 1], [1, 0], [1, 2], [0, 1]], rng.standard_normal(4)
    a = _dense(indices, values, (2, 3))
    a_op = a.T if adjoint_a else a
    b = rng.standard_normal((4, a_op.shape[1]) if adjoint_b else (a_op.shape[1], 4))
    sp = tf.SparseTensor(indices, values, [2, 3])
    y = tf.sparse_tensor_dense_matmul(sp, b, adjoint_a=adjoint_a, adjoint_b=adjoint_b)
    assert y.shape.as_list() == [a_op.shape[0], 4] and y.dtype == tf.float64
    np.testing.assert_allclose(run(y, backend=backend), a_op @ (b.T if adjoint_b else b),
                               rtol=1e-12)


def test_sparse_tensor_dense_matmul_names_and_aliases():
    assert tf.sparse.sparse_dense_matmul is tf.sparse_tensor_dense_matmul
    assert tf.sparse.matmul is tf.sparse_tensor_dense_matmul
    sp = tf.SparseTensor([[0, 1]], [1.0], [2, 3])
    y = tf.sparse_tensor_dense_matmul(sp, np.ones((3, 4), np.float32))
    assert y.name == "SparseTensorDenseMatMul/SparseTensorDenseMatMul:0"
    assert y.op.inputs[3].name == "SparseTensorDenseMatMul/b:0"
    assert y.op.get_attr("Tindices") == tf.int64 and y.op.get_attr("adjoint_a") is False
    y2 = tf.sparse.sparse_dense_matmul(sp, np.ones((4, 3), np.float32), adjoint_b=True,
                                       name="mm")
    assert y2.name == "mm/SparseTensorDenseMatMul:0" and y2.shape.as_list() == [2, 4]
    p = tf.sparse_placeholder(tf.float32)
    assert tf.sparse_tensor_dense_matmul(p, tf.zeros([3, 5])).shape.as_list() == [None, 5]
    g = tf.gradients(y, [sp.values])[0]
    assert g.name.startswith("gradients/SparseTensorDenseMatMul/SparseTensorDenseMatMul_grad/")


@pytest.mark.parametrize("adjoint_a", [False, True])
@pytest.mark.parametrize("adjoint_b", [False, True])
def test_sparse_tensor_dense_matmul_gradient(adjoint_a, adjoint_b):
    rng = np.random.RandomState(2)
    indices = np.array([[0, 1], [1, 0], [1, 2], [2, 2]], np.int64)
    values = rng.standard_normal(4)
    shape = [3, 3]
    b_shape = (2, 3) if adjoint_b else (3, 2)
    b = rng.standard_normal(b_shape)
    vp = tf.placeholder(tf.float64, [4])
    bp = tf.placeholder(tf.float64, b_shape)
    y = tf.sparse_tensor_dense_matmul(tf.SparseTensor(indices, vp, shape), bp,
                                      adjoint_a=adjoint_a, adjoint_b=adjoint_b)
    with tf.Session():
        err = tf.test.compute_gradient_error([vp, bp], [(4,), b_shape], y, y.shape.as_list(),
                                             x_init_value=[values, b])
    assert err < 1e-8


def test_sparse_tensor_dense_matmul_errors():
    sp = tf.SparseTensor([[0, 1]], [1.0], [2, 3])
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 4"):
        tf.sparse_tensor_dense_matmul(sp, tf.zeros([4, 2]))
    with pytest.raises(ValueError, match="Shape must be rank 2 but is rank 1"):
        tf.sparse_tensor_dense_matmul(sp, tf.zeros([3]))
    with pytest.raises(TypeError, match="Input 'b' of 'SparseTensorDenseMatMul' Op has type "
                                        "int32 that does not match type float32 of argument "
                                        "'a_values'."):
        tf.sparse_tensor_dense_matmul(sp, tf.zeros([3, 2], tf.int32))
    i = tf.placeholder(tf.int64, [None, 2])
    shape = tf.placeholder(tf.int64, [2])
    b = tf.placeholder(tf.float32)
    y = tf.sparse_tensor_dense_matmul(tf.SparseTensor(i, [1.0], shape), b)
    cases = [
        ({i: [[0, 1]], shape: [2, 3], b: np.zeros((4, 2))},
         r"Cannot multiply A and B because inner dimension does not match: 3 vs. 4.  Did you "
         r"forget a transpose\?  Dimensions of A: \[2, 3\).  Dimensions of B: \[4,2\]"),
        ({i: [[0, 3]], shape: [2, 3], b: np.zeros((3, 2))},
         r"k \(3\) from index\[0,1\] out of bounds \(>=3\)"),
        ({i: [[2, 0]], shape: [2, 3], b: np.zeros((3, 2))},
         r"m \(2\) from index\[0,0\] out of bounds \(>=2\)"),
        ({i: [[0, 0]], shape: [2, 3], b: np.zeros(3)}, "Tensor 'b' is not a matrix"),
    ]
    with tf.Session() as sess:
        for feed, match in cases:
            with pytest.raises(errors.InvalidArgumentError, match=match):
                sess.run(y, feed)


# ---- sparse_reduce_sum (tf.sparse.reduce_sum)

def test_sparse_reduce_sum(backend):
    indices, values, shape = [[0, 1, 0], [1, 0, 2], [1, 2, 1], [1, 0, 2]], [1.0, 2, 3, 4], \
        [2, 3, 3]
    dense = np.zeros(shape)
    for idx, v in zip(indices, values):
        dense[tuple(idx)] += v
    sp = tf.SparseTensor(indices, values, shape)
    cases = [(tf.sparse_reduce_sum(sp, 1), dense.sum(1)),
             (tf.sparse.reduce_sum(sp, axis=[0, -1], keepdims=True),
              dense.sum((0, 2), keepdims=True)),
             (tf.sparse_reduce_sum(sp), dense.sum()),
             (tf.sparse_reduce_sum(sp, reduction_axes=2, keep_dims=True),
              dense.sum(2, keepdims=True))]
    for y, want in cases:
        assert y.shape.as_list() == list(want.shape)
        np.testing.assert_allclose(run(y, backend=backend), want)


def test_sparse_reduce_sum_names_and_shapes():
    assert tf.sparse.reduce_sum is tf.sparse_reduce_sum
    sp = tf.SparseTensor([[0, 1]], [1.0], [2, 3])
    y = tf.sparse_reduce_sum(sp, 1)
    assert (y.name, y.op.inputs[3].name) == ("SparseReduceSum:0",
                                             "SparseReduceSum/reduction_axes:0")
    assert y.op.get_attr("keep_dims") is False
    all_axes = tf.sparse_reduce_sum(sp)
    assert all_axes.op.inputs[3].op.name == "Const" and all_axes.shape.as_list() == []
    p = tf.sparse_placeholder(tf.float32)
    assert tf.sparse_reduce_sum(p, 0).shape.ndims is None
    with pytest.raises(ValueError, match="Cannot specify both"):
        tf.sparse_reduce_sum(sp, axis=1, reduction_axes=1)


def test_sparse_reduce_sum_gradient():
    indices = np.array([[0, 1, 0], [1, 0, 2], [1, 2, 1], [0, 0, 0]], np.int64)
    rng = np.random.RandomState(3)
    for axis, keep in [(1, False), ([0, 2], True), (None, False)]:
        vp = tf.placeholder(tf.float64, [4])
        y = tf.sparse_reduce_sum(tf.SparseTensor(indices, vp, [2, 3, 3]), axis, keepdims=keep)
        with tf.Session():
            err = tf.test.compute_gradient_error(vp, (4,), y, y.shape.as_list(),
                                                 x_init_value=rng.standard_normal(4))
        assert err < 1e-8


def test_sparse_reduce_sum_errors():
    sp = tf.SparseTensor([[0, 1]], [1.0], [2, 3])
    with pytest.raises(ValueError, match="Invalid reduction dimension 2, for input with 2 "
                                         "dimensions."):
        tf.sparse_reduce_sum(sp, 2)
    axis = tf.placeholder(tf.int32)
    i = tf.placeholder(tf.int64, [None, 2])
    y = tf.sparse_reduce_sum(tf.SparseTensor(i, [1.0], [2, 3]), axis)
    with tf.Session() as sess:
        with pytest.raises(errors.InvalidArgumentError, match="Invalid reduction dimension -3, "
                                                              "for input with 2 dimensions."):
            sess.run(y, {axis: -3, i: [[0, 1]]})
        with pytest.raises(errors.InvalidArgumentError, match=r"indices\[0\] = \[2,1\] is out "
                                                              r"of bounds: need 0 <= index < "
                                                              r"\[2,3\]"):
            sess.run(y, {axis: 0, i: [[2, 1]]})


# ---- embedding_lookup_sparse (SparseSegmentSum/Mean/SqrtN and their gradient ops)

_IDS = dict(indices=[[0, 0], [0, 1], [2, 0], [2, 1], [2, 2]], values=[1, 3, 3, 0, 3],
            dense_shape=[3, 3])
_WEIGHTS = [1.0, 2.0, 0.5, 1.0, 1.5]


def _ref_embedding_sparse(params, combiner, weights=None):
    """Per row of _IDS: the (weighted) sum of its ids' rows, then / sum(w) ('mean') or
    / sqrt(sum(w^2)) ('sqrtn'); an empty row is 0 without weights, 0/0 with them."""
    w = np.ones(5) if weights is None else np.asarray(weights)
    out = np.zeros((3, params.shape[1]))
    total, squares = np.zeros(3), np.zeros(3)
    for (row, _), i, wi in zip(_IDS["indices"], _IDS["values"], w):
        out[row] += wi * params[i]
        total[row] += wi
        squares[row] += wi * wi
    with np.errstate(invalid="ignore", divide="ignore"):
        if combiner == "mean":
            div = total
        elif combiner == "sqrtn":
            div = np.sqrt(squares)
        else:
            return out
        if weights is None:
            div = np.where(div == 0, 1, div)
        return out / div[:, None]


@pytest.mark.parametrize("combiner", ["sum", "mean", "sqrtn"])
@pytest.mark.parametrize("weighted", [False, True])
def test_embedding_lookup_sparse(combiner, weighted, backend):
    params = np.random.RandomState(4).standard_normal((5, 3))
    sp_ids = tf.SparseTensor(_IDS["indices"], tf.constant(_IDS["values"], tf.int64),
                             _IDS["dense_shape"])
    sp_w = tf.SparseTensor(_IDS["indices"], _WEIGHTS, _IDS["dense_shape"]) if weighted \
        else None
    y = tf.nn.embedding_lookup_sparse(tf.constant(params), sp_ids, sp_w, combiner=combiner)
    assert y.name == "embedding_lookup_sparse:0" and y.shape.as_list() == [None, 3]
    want_type = ("SegmentSum" if combiner == "sum" else "RealDiv") if weighted else \
        {"sum": "SparseSegmentSum", "mean": "SparseSegmentMean",
         "sqrtn": "SparseSegmentSqrtN"}[combiner]
    assert y.op.type == want_type
    np.testing.assert_allclose(run(y, backend=backend),
                               _ref_embedding_sparse(params, combiner,
                                                     _WEIGHTS if weighted else None),
                               rtol=1e-12)


def test_embedding_lookup_sparse_structure_and_partitions():
    params = np.arange(15, dtype=np.float32).reshape(5, 3)
    sp_ids = tf.SparseTensor(_IDS["indices"], tf.constant(_IDS["values"], tf.int64),
                             _IDS["dense_shape"])
    y = tf.nn.embedding_lookup_sparse(tf.constant(params), sp_ids, None)
    types = [op.type for op in tf.get_default_graph().get_operations()
             if op.name.startswith("embedding_lookup_sparse/")]
    assert types[:5] == ["Const", "Const", "Const", "StridedSlice", "Cast"]
    assert "Unique" in types and "GatherV2" in types
    assert y.op.type == "SparseSegmentMean"  # the default combiner
    shards = [tf.constant(params[0::2]), tf.constant(params[1::2])]  # 'mod' sharding
    y2 = tf.nn.embedding_lookup_sparse(shards, sp_ids, None, combiner="sum", name="els")
    assert y2.name == "els:0"
    got, got2 = run([y, y2])
    np.testing.assert_allclose(got, _ref_embedding_sparse(params.astype(np.float64), "mean"),
                               rtol=1e-6)
    np.testing.assert_allclose(got2, _ref_embedding_sparse(params.astype(np.float64), "sum"),
                               rtol=1e-6)


@pytest.mark.parametrize("combiner", ["sum", "mean", "sqrtn"])
@pytest.mark.parametrize("weighted", [False, True])
def test_embedding_lookup_sparse_gradient(combiner, weighted):
    rng = np.random.RandomState(5)
    # no empty row here: a weighted mean of nothing is 0/0
    indices = [[0, 0], [0, 1], [1, 0], [2, 0], [2, 1]]
    p = tf.placeholder(tf.float64, [5, 3])
    sp_ids = tf.SparseTensor(indices, tf.constant([1, 3, 3, 0, 3], tf.int64), [3, 2])
    w = tf.placeholder(tf.float64, [5])
    sp_w = tf.SparseTensor(indices, w, [3, 2]) if weighted else None
    y = tf.nn.embedding_lookup_sparse(p, sp_ids, sp_w, combiner=combiner)
    y.set_shape([3, 3])
    xs, shapes, values = [p], [(5, 3)], [rng.standard_normal((5, 3))]
    if weighted:
        xs, shapes, values = xs + [w], shapes + [(5,)], values + [rng.uniform(0.5, 2, 5)]
    with tf.Session():
        err = tf.test.compute_gradient_error(xs, shapes, y, [3, 3], x_init_value=values)
    assert err < 1e-6


def test_sparse_segment_gradient_ops():
    from minitf.ops import sparse_ops
    rng = np.random.RandomState(6)
    indices, segment_ids = [0, 2, 2, 1], [0, 0, 2, 2]
    for op_type in ("SparseSegmentMeanGrad", "SparseSegmentSqrtNGrad"):
        g = tf.placeholder(tf.float64, [3, 2])
        y = sparse_ops._segment_op(op_type, [g, indices, segment_ids, 4], None)
        assert y.op.type == op_type and y.shape.as_list() == [4, 2]
        with tf.Session():
            assert tf.test.compute_gradient_error(g, (3, 2), y, [4, 2],
                                                  x_init_value=rng.standard_normal((3, 2))) \
                < 1e-8
    data = tf.constant(np.arange(8.0).reshape(4, 2))
    mean = sparse_ops._segment_op("SparseSegmentMean", [data, indices, segment_ids], None)
    sqrtn = sparse_ops._segment_op("SparseSegmentSqrtN", [data, indices, segment_ids], None)
    d = np.arange(8.0).reshape(4, 2)
    got_mean, got_sqrtn = run([mean, sqrtn])
    np.testing.assert_allclose(got_mean, [(d[0] + d[2]) / 2, [0, 0], (d[2] + d[1]) / 2])
    np.testing.assert_allclose(got_sqrtn, [(d[0] + d[2]) / np.sqrt(2), [0, 0],
                                           (d[2] + d[1]) / np.sqrt(2)])
    dmean = tf.gradients(mean, data)[0]
    assert dmean.op.type == "SparseSegmentMeanGrad"


def test_embedding_lookup_sparse_errors():
    params = tf.zeros([5, 3])
    sp_ids = tf.SparseTensor([[0, 0]], tf.constant([1], tf.int64), [1, 1])
    with pytest.raises(ValueError, match="combiner must be one of 'mean', 'sqrtn' or 'sum'"):
        tf.nn.embedding_lookup_sparse(params, sp_ids, None, combiner="max")
    with pytest.raises(TypeError, match="sp_ids must be SparseTensor"):
        tf.nn.embedding_lookup_sparse(params, tf.constant([[1]]), None)
    with pytest.raises(TypeError, match="sp_weights must be either None or SparseTensor"):
        tf.nn.embedding_lookup_sparse(params, sp_ids, tf.constant([1.0]))
    with pytest.raises(ValueError):
        tf.nn.embedding_lookup_sparse(params, sp_ids, tf.SparseTensor([[0, 0], [0, 1]],
                                                                      [1.0, 2.0], [1, 2]))
    from minitf.ops import sparse_ops
    i = tf.placeholder(tf.int32, [None])
    s = tf.placeholder(tf.int32, [None])
    y = sparse_ops._segment_op("SparseSegmentSum", [tf.zeros([4, 2]), i, s], None)
    with tf.Session() as sess:
        for feed, match in [({i: [0, 1], s: [1, 0]}, "segment ids are not increasing"),
                            ({i: [0, 4], s: [0, 0]},
                             r"Bad: indices\[1\] == 4 out of range \[0, 4\)"),
                            ({i: [0, 1], s: [0]}, ("segment_ids and indices should have "
                                                   "same size"))]:
            with pytest.raises(errors.InvalidArgumentError, match=match):
                sess.run(y, feed)
