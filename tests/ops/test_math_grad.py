"""Gradients of the math ops and the ops they brought: TF 1.15's names of gradient tensors,
static shapes with unknown dimensions, TF's special cases (ties, Pow at x <= 0, Sign), the
gradient-only ops (TanhGrad ...), Cumsum/Cumprod, ListDiff, UnsortedSegmentSum with its errors,
and IndexedSlices made dense (values, warnings, errors)."""
import warnings

import numpy as np
import pytest

import minitf as tf
from minitf.ops import math as math_ops
from tests.harness import check_op, distinct_shape_input, run


def _grads(build, *shapes, dtype=tf.float32):
    phs = [tf.placeholder(dtype, s) for s in shapes]
    return phs, tf.gradients(build(*phs), phs)


def _names(grads):
    return [g.name for g in grads]


# ---------------------------------------------------------------------------------------------
# TF 1.15's names


@pytest.mark.parametrize("build, shapes, names", [
    (tf.tanh, [(2, 3)], ["gradients/Tanh_grad/TanhGrad:0"]),
    (tf.sigmoid, [(2, 3)], ["gradients/Sigmoid_grad/SigmoidGrad:0"]),
    (tf.sqrt, [(2, 3)], ["gradients/Sqrt_grad/SqrtGrad:0"]),
    (tf.rsqrt, [(2, 3)], ["gradients/Rsqrt_grad/RsqrtGrad:0"]),
    (tf.reciprocal, [(2, 3)], ["gradients/Reciprocal_grad/ReciprocalGrad:0"]),
    (tf.square, [(2, 3)], ["gradients/Square_grad/Mul_1:0"]),
    (tf.exp, [(2, 3)], ["gradients/Exp_grad/mul:0"]),
    (tf.log1p, [(2, 3)], ["gradients/Log1p_grad/mul:0"]),
    (tf.cos, [(2, 3)], ["gradients/Cos_grad/mul:0"]),
    (tf.negative, [(2, 3)], ["gradients/Neg_grad/Neg:0"]),
    (tf.sign, [(2, 3)], ["gradients/Sign_grad/zeros:0"]),
    (tf.matmul, [(2, 3), (3, 4)], ["gradients/MatMul_grad/MatMul:0",
                                   "gradients/MatMul_grad/MatMul_1:0"]),
    (tf.reduce_sum, [(2, 3)], ["gradients/Sum_grad/Tile:0"]),
    (lambda x: tf.reduce_sum(x, 1), [(2, 3)], ["gradients/Sum_grad/Tile:0"]),
    (tf.reduce_mean, [(2, 3)], ["gradients/Mean_grad/truediv:0"]),
    (lambda x: tf.reduce_max(x, 0), [(2, 3)], ["gradients/Max_grad/mul:0"]),
    (lambda x: tf.reduce_prod(x, 1), [(2, 3)], ["gradients/Prod_grad/Reshape_4:0"]),
    (tf.maximum, [(2, 3), (3,)], ["gradients/Maximum_grad/Reshape:0",
                                  "gradients/Maximum_grad/Reshape_1:0"]),
    (tf.squared_difference, [(2, 3), (3,)], ["gradients/SquaredDifference_grad/Reshape:0",
                                             "gradients/SquaredDifference_grad/Neg:0"]),
    (lambda x, y: x * y, [(2, 3), (3,)], ["gradients/mul_grad/Reshape:0",
                                          "gradients/mul_grad/Reshape_1:0"]),
    (lambda x, y: tf.add_n([x, y]), [(2, 3), (2, 3)], ["gradients/Fill:0", "gradients/Fill:0"]),
])
def test_gradient_names(build, shapes, names):
    _, grads = _grads(build, *shapes)
    assert _names(grads) == names


def test_gradient_helper_ops_are_tf115s():
    """Sum over some axes computes the kept-dims shape with a DynamicStitch; Max divides the
    gradient among ties with `div`; Prod builds ListDiff, Cumprod and InvertPermutation."""
    x = tf.placeholder(tf.float32, [2, 3, 4])
    tf.gradients([tf.reduce_sum(x, 1), tf.reduce_max(x, [0, 2]), tf.reduce_prod(x, -1)], x)
    ops = {op.name: op.type for op in tf.get_default_graph().get_operations()}
    assert ops["gradients/Sum_grad/DynamicStitch"] == "DynamicStitch"
    assert ops["gradients/Sum_grad/floordiv"] == "FloorDiv"
    assert ops["gradients/Max_grad/div"] == "RealDiv"
    assert ops["gradients/Prod_grad/ListDiff"] == "ListDiff"
    assert ops["gradients/Prod_grad/Cumprod_1"] == "Cumprod"
    assert ops["gradients/Prod_grad/InvertPermutation"] == "InvertPermutation"
    assert tf.get_default_graph().get_operation_by_name(
        "gradients/Prod_grad/ListDiff").device == "/device:CPU:0"


def test_second_order_names():
    x = tf.placeholder(tf.float32, [2, 3])
    g = tf.gradients(tf.tanh(x) * x, x)[0]
    gg = tf.gradients(g, x)[0]
    types = {op.type for op in tf.get_default_graph().get_operations()
             if op.name.startswith("gradients_1/gradients/Tanh_grad/TanhGrad_grad/")}
    assert "TanhGrad" in types
    assert gg.shape.as_list() == [2, 3]


# ---------------------------------------------------------------------------------------------
# Static shapes with unknown dimensions


@pytest.mark.parametrize("build, shapes, want", [
    (tf.tanh, [(None, 3)], [[None, 3]]),
    (lambda x: tf.reduce_sum(x, 1), [(None, 3)], [[None, 3]]),
    (tf.reduce_sum, [(None, 3)], [[None, 3]]),
    (lambda x: tf.reduce_mean(x, -1, keepdims=True), [(4, None)], [[4, None]]),
    (lambda x: tf.reduce_max(x, 0), [None], [None]),
    (lambda x: tf.reduce_prod(x, 0), [(None, 2, 3)], [[None, 2, 3]]),
    (tf.matmul, [(None, 3), (3, None)], [[None, 3], [3, None]]),
    (tf.matmul, [(None, 3, 4), (4, 5)], [[None, 3, 4], [4, 5]]),
    (tf.pow, [(None, 3), (3,)], [[None, 3], [3]]),
    (tf.maximum, [(None, 1), (1, None)], [[None, 1], [1, None]]),
    (lambda x: tf.cumprod(x, 1), [(None, 4)], [[None, 4]]),
    (lambda x: tf.unsorted_segment_sum(x, [0, 2, 0], 4), [(3, None)], [[3, None]]),
])
def test_gradient_static_shapes(build, shapes, want):
    _, grads = _grads(build, *shapes)
    assert [None if g.shape.ndims is None else g.shape.as_list() for g in grads] == want


def test_gradients_run_with_partially_known_shapes():
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.placeholder(tf.float32, [3])
    loss = tf.reduce_mean(tf.reduce_max(tf.squared_difference(x, y) / (y * y + 1.0), 1))
    gx, gy = tf.gradients(loss, [x, y])
    xv, yv = distinct_shape_input(4, 3), distinct_shape_input(3, seed=1)
    got = run([gx, gy], {x: xv, y: yv})
    d = (xv - yv) ** 2 / (yv * yv + 1.0)
    hit = (d == d.max(1, keepdims=True)) / 4.0
    want_x = hit * 2 * (xv - yv) / (yv * yv + 1.0)
    want_y = (hit * (-2 * (xv - yv) / (yv * yv + 1.0)
                     - d * 2 * yv / (yv * yv + 1.0))).sum(0)
    np.testing.assert_allclose(got[0], want_x, rtol=1e-5)
    np.testing.assert_allclose(got[1], want_y, rtol=1e-5)


# ---------------------------------------------------------------------------------------------
# TF's special cases


def test_max_min_ties_share_the_gradient():
    x = tf.placeholder(tf.float32, [2, 4])
    gmax, = tf.gradients(tf.reduce_max(x, 1), x)
    gmin, = tf.gradients(tf.reduce_min(x), x)
    value = np.array([[1, 3, 3, -2], [3, 0, -2, 3]], np.float32)
    got_max, got_min = run([gmax, gmin], {x: value})
    np.testing.assert_allclose(got_max, [[0, 0.5, 0.5, 0], [0.5, 0, 0, 0.5]])
    np.testing.assert_allclose(got_min, [[0, 0, 0, 0.5], [0, 0, 0.5, 0]])


def test_maximum_minimum_ties_go_to_x():
    x, y = tf.constant([1.0, 2.0, 3.0]), tf.constant([1.0, 5.0, 0.0])
    g_max = tf.gradients(tf.maximum(x, y), [x, y])
    g_min = tf.gradients(tf.minimum(x, y), [x, y])
    got = run(g_max + g_min)
    np.testing.assert_array_equal(got, [[1, 0, 1], [0, 1, 0], [1, 1, 0], [0, 0, 1]])


def test_pow_exponent_gradient_is_zero_where_base_is_not_positive():
    x = tf.constant([0.0, -2.0, 2.0, 0.0])
    y = tf.constant([2.0, 3.0, 3.0, 0.5])
    gx, gy = run(tf.gradients(tf.pow(x, y), [x, y]))
    np.testing.assert_allclose(gy, [0, 0, 8 * np.log(2.0), 0], rtol=1e-6)
    np.testing.assert_allclose(gx[:3], [0, 12, 12], rtol=1e-6)
    assert np.isinf(gx[3])


def test_sign_gradient_is_zeros_and_rounding_has_none():
    x = tf.placeholder(tf.float32, [None, 2])
    gs, = tf.gradients(tf.sign(x), x)
    assert gs.op.type == "Fill"
    np.testing.assert_array_equal(run(gs, {x: np.ones((3, 2), np.float32)}), np.zeros((3, 2)))
    for fn in (tf.floor, tf.ceil, tf.round):
        assert tf.gradients(fn(x), x) == [None]
    assert tf.gradients(tf.floordiv(x, 2.0), x) == [None]


def test_prod_gradient_with_zeros():
    x = tf.constant([[0.0, 2.0, 3.0], [0.0, 0.0, 4.0], [1.0, 2.0, 3.0]])
    g, = tf.gradients(tf.reduce_prod(x, 1), x)
    np.testing.assert_allclose(run(g), [[6, 0, 0], [0, 0, 0], [6, 3, 2]])


def test_mean_gradient_divides_by_the_dynamic_count():
    x = tf.placeholder(tf.float32, [None, None])
    g, = tf.gradients(tf.reduce_mean(x, 0), x)
    np.testing.assert_allclose(run(g, {x: np.ones((4, 2), np.float32)}), np.full((4, 2), 0.25))


def test_mul_gradient_of_broadcast_names_its_products_as_operators():
    x, y = tf.placeholder(tf.float32, [2, 3]), tf.placeholder(tf.float32, [3])
    tf.gradients(x * y, [x, y])
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert "gradients/mul_grad/mul" in names and "gradients/mul_grad/mul_1" in names


# ---------------------------------------------------------------------------------------------
# The gradient-only ops


@pytest.mark.parametrize("fn, ref", [
    (math_ops.tanh_grad, lambda y, dy: dy * (1 - y * y)),
    (math_ops.sigmoid_grad, lambda y, dy: dy * y * (1 - y)),
    (math_ops.sqrt_grad, lambda y, dy: 0.5 * dy / y),
    (math_ops.rsqrt_grad, lambda y, dy: -0.5 * dy * y ** 3),
    (math_ops.reciprocal_grad, lambda y, dy: -dy * y * y),
])
def test_unary_grad_ops(backend, fn, ref):
    y = np.abs(distinct_shape_input(2, 3, 4)) + 0.5
    dy = distinct_shape_input(2, 3, 4, seed=1)
    check_op(fn, [y, dy], ref, backend=backend, rtol=1e-5)


def test_unary_grad_op_shape_dtype_and_errors():
    y, dy = tf.placeholder(tf.float32, [None, 3]), tf.placeholder(tf.float32, [2, None])
    out = math_ops.tanh_grad(y, dy)
    assert (out.name, out.shape.as_list()) == ("TanhGrad:0", [None, 3])
    with pytest.raises(TypeError, match="Value passed to parameter 'y' has DataType int32 not "
                                        "in list of allowed values: bfloat16, float16"):
        math_ops.sigmoid_grad(tf.constant([1, 2]), tf.constant([1, 2]))
    with pytest.raises(TypeError, match="Input 'dy' of 'SqrtGrad' Op has type float64 that "
                                        "does not match type float32 of argument 'y'"):
        math_ops.sqrt_grad(y, tf.placeholder(tf.float64, [2, 3]))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="The two arguments to a cwise op must have same number of "
                             "elements, got 6 and 8"):
        run(out, {y: np.ones((2, 3)), dy: np.ones((2, 4))})
    free = tf.placeholder(tf.float32, None)  # only the number of elements must agree
    np.testing.assert_allclose(run(math_ops.tanh_grad(y, free),
                                   {y: np.zeros((2, 3)), free: np.ones((3, 2))}), np.ones((2, 3)))


def test_complex_grad_ops_conjugate():
    y = tf.constant([1 + 2j], tf.complex64)
    dy = tf.constant([3 - 1j], tf.complex64)
    got = run([math_ops.sqrt_grad(y, dy), math_ops.rsqrt_grad(y, dy),
               math_ops.reciprocal_grad(y, dy)])
    cy = np.conj(1 + 2j)
    np.testing.assert_allclose(got, [[0.5 * (3 - 1j) / cy], [-0.5 * (3 - 1j) * cy ** 3],
                                     [-(3 - 1j) * cy ** 2]], rtol=1e-6)


def test_scalar_mul_keeps_indexed_slices_sparse():
    slices = tf.IndexedSlices(tf.constant([[1.0, 2.0]]), tf.constant([1]), tf.constant([3, 2]))
    out = tf.scalar_mul(3.0, slices)
    assert isinstance(out, tf.IndexedSlices) and out.values.op.type == "Mul"
    np.testing.assert_allclose(run(tf.scalar_mul(2.0, tf.constant([1.5]))), [3.0])
    with pytest.raises(ValueError, match="Only scalar multiply works"):
        tf.scalar_mul([1.0, 2.0], tf.constant([1.0, 2.0]))


# ---------------------------------------------------------------------------------------------
# Cumsum, Cumprod, ListDiff


def _scan_ref(fn, axis, exclusive, reverse):
    def ref(x):
        x = np.flip(x, axis) if reverse else x
        out = fn(x, axis=axis)
        if exclusive:
            first = np.full_like(np.take(x, [0], axis=axis), 0 if fn is np.cumsum else 1)
            out = np.concatenate([first, np.take(out, range(x.shape[axis] - 1), axis=axis)],
                                 axis=axis)
        return np.flip(out, axis) if reverse else out
    return ref


@pytest.mark.parametrize("exclusive", [False, True])
@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("builder, fn", [(tf.cumsum, np.cumsum), (tf.cumprod, np.cumprod)])
def test_scans(backend, builder, fn, exclusive, reverse):
    x = distinct_shape_input(2, 3, 4)
    check_op(lambda t: builder(t, 1, exclusive=exclusive, reverse=reverse), [x],
             _scan_ref(fn, 1, exclusive, reverse), backend=backend, rtol=1e-5)


def test_scan_names_types_and_errors():
    x = tf.placeholder(tf.float32, [None, 3])
    c = tf.cumsum(x, 1)
    assert (c.name, c.op.inputs[1].name, c.shape.as_list()) == ("Cumsum:0", "Cumsum/axis:0",
                                                               [None, 3])
    assert tf.cumprod([1, 2, 3], name="p").name == "p:0"
    np.testing.assert_array_equal(run(tf.cumsum([[1, 2, 3], [4, 5, 6]], 0, exclusive=True)),
                                  [[0, 0, 0], [1, 2, 3]])
    assert run(tf.cumsum(tf.zeros([0, 3]), 0, exclusive=True)).shape == (0, 3)
    with pytest.raises(TypeError, match="Value passed to parameter 'axis' has DataType float32"):
        tf.cumsum(x, 1.0)
    with pytest.raises(TypeError, match="Value passed to parameter 'x' has DataType bool"):
        tf.cumprod(tf.constant([True]))
    axis = tf.placeholder(tf.int32, None)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"ScanOp: Expected scan axis in the range \[-2, 2\), but got 2"):
        run(tf.cumsum(x, axis), {x: np.ones((2, 3)), axis: 2})
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"ScanOp: Expected scan axis in the range \[-2, 2\), but got -1"):
        run(tf.cumsum(x, axis), {x: np.ones((2, 3)), axis: -3})
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"ScanOp: axis must be a scalar, not \[1\]"):
        run(tf.cumsum(x, axis), {x: np.ones((2, 3)), axis: [1]})


def test_setdiff1d(backend):
    out, idx = tf.setdiff1d([5, 1, 3, 5, 2, 7], [7, 2, 9])
    assert (out.name, idx.name, out.shape.as_list()) == ("ListDiff:0", "ListDiff:1", [None])
    got = run([out, idx], backend=backend)
    np.testing.assert_array_equal(got[0], [5, 1, 3, 5])
    np.testing.assert_array_equal(got[1], [0, 1, 2, 3])
    assert tf.setdiff1d([1.0], [2.0], index_dtype=tf.int64).idx.dtype == tf.int64
    assert type(tf.setdiff1d([1], [2])).__name__ == "ListDiff"
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
        tf.setdiff1d([[1]], [1])
    with pytest.raises(TypeError, match="Input 'y' of 'ListDiff' Op has type float32"):
        tf.setdiff1d([1, 2], tf.constant([1.5]))
    x = tf.placeholder(tf.int32, None)
    with pytest.raises(tf.errors.InvalidArgumentError, match="x should be a 1D vector."):
        run(tf.setdiff1d(x, [1])[0], {x: [[1]]})


# ---------------------------------------------------------------------------------------------
# UnsortedSegmentSum


def _segment_sum_ref(ids, n):
    def ref(data):
        out = np.zeros((n,) + data.shape[np.ndim(ids):], data.dtype)
        flat = np.reshape(ids, -1)
        rows = data.reshape((flat.size,) + out.shape[1:])
        for i, k in enumerate(flat):
            if k >= 0:
                out[k] += rows[i]
        return out
    return ref


@pytest.mark.parametrize("ids, n", [([2, 0, -1, 2, 4], 6), ([[0, 1, 1, 3, -2]], 4)])
def test_unsorted_segment_sum(backend, ids, n):
    data = distinct_shape_input(5, 3) if np.ndim(ids) == 1 else distinct_shape_input(1, 5, 3)
    check_op(lambda d: tf.unsorted_segment_sum(d, ids, n), [data], _segment_sum_ref(ids, n),
             backend=backend)


def test_unsorted_segment_sum_names_and_static_shapes():
    data = tf.placeholder(tf.float32, [4, 3])
    s = tf.unsorted_segment_sum(data, [0, 2, 2, 1], 5)
    assert (s.name, s.shape.as_list()) == ("UnsortedSegmentSum:0", [5, 3])
    assert [t.name for t in s.op.inputs[1:]] == ["UnsortedSegmentSum/segment_ids:0",
                                                 "UnsortedSegmentSum/num_segments:0"]
    assert s.op.get_attr("Tindices") == tf.int32 and s.op.get_attr("Tnumsegments") == tf.int32
    ids = tf.placeholder(tf.int64, [None])
    n = tf.placeholder(tf.int32, [])
    assert tf.unsorted_segment_sum(tf.placeholder(tf.float32, [None, 3]), ids,
                                   n).shape.as_list() == [None, 3]
    assert tf.unsorted_segment_sum(tf.placeholder(tf.float32), ids, 7).shape.ndims is None
    assert tf.unsorted_segment_sum(tf.placeholder(tf.float32, [2, 3, 4]), tf.placeholder(
        tf.int32), 7).shape.ndims is None
    assert tf.unsorted_segment_sum(tf.placeholder(tf.float32, [2, 3, 4]),
                                   tf.placeholder(tf.int32, [2, None]),
                                   7, name="seg").shape.as_list() == [7, 4]
    np.testing.assert_array_equal(run(tf.unsorted_segment_sum(tf.constant(3.0), 0, 1)), [3.0])


def test_unsorted_segment_sum_build_errors():
    data = tf.placeholder(tf.float32, [4, 3])
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 4 and 3 for "
                                         "'UnsortedSegmentSum' .* input shapes: \\[4,3\\], "
                                         "\\[3\\], \\[\\]"):
        tf.unsorted_segment_sum(data, [0, 2, 2], 5)
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 4 and 1"):
        tf.unsorted_segment_sum(data, [[0, 2, 2, 1]], 5)
    with pytest.raises(ValueError, match="Shape must be at least rank 3 but is rank 2"):
        tf.unsorted_segment_sum(data, tf.zeros([4, 3, 1], tf.int32), 5)
    with pytest.raises(ValueError, match="Shape must be rank 0 but is rank 1"):
        tf.unsorted_segment_sum(data, [0, 2, 2, 1], [5, 1])
    with pytest.raises(ValueError, match="Dimension size, given by scalar input 2, must be "
                                         "non-negative but is -1"):
        tf.unsorted_segment_sum(data, [0, 2, 2, 1], -1)
    with pytest.raises(TypeError, match="Value passed to parameter 'segment_ids' has DataType "
                                        "float32 not in list of allowed values: int32, int64"):
        tf.unsorted_segment_sum(data, [0, 2, 2, 1.0], 5)
    with pytest.raises(TypeError, match="Value passed to parameter 'num_segments' has DataType "
                                        "float32"):
        tf.unsorted_segment_sum(data, [0, 2, 2, 1], 5.0)
    with pytest.raises(TypeError, match="Value passed to parameter 'data' has DataType bool"):
        tf.unsorted_segment_sum(tf.constant([True]), [0], 1)


def test_unsorted_segment_sum_run_errors():
    data = tf.placeholder(tf.float32, [None, 3])
    ids = tf.placeholder(tf.int32, None)
    n = tf.placeholder(tf.int32, [])
    s = tf.unsorted_segment_sum(data, ids, n)
    x = np.ones((4, 3), np.float32)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"segment_ids\[1\] = 7 is out of range \[0, 5\)"):
        run(s, {data: x, ids: [0, 7, -3, 9], n: 5})
    cube = tf.placeholder(tf.float32, [2, 2, 3])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"segment_ids\[1,0\] = 4 is out of range \[0, 4\)"):
        run(tf.unsorted_segment_sum(cube, ids, n),
            {cube: x.reshape(2, 2, 3), ids: [[0, 1], [4, 1]], n: 4})
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"data.shape = \[4,3\] does not start with segment_ids.shape = "
                             r"\[3\]"):
        run(s, {data: x, ids: [0, 1, 2], n: 4})
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Input num_segments == -2 must not be negative."):
        run(s, {data: x, ids: [0, 1, 2, 3], n: -2})
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"segment_ids\[0\] = 0 is out of range \[0, 0\)"):
        run(s, {data: x, ids: [0, 1, 2, 3], n: 0})


def test_unsorted_segment_sum_gradient_gathers_and_drops_negative_ids():
    data = tf.placeholder(tf.float32, [4, 2])
    s = tf.unsorted_segment_sum(data, [1, -1, 0, 1], 3)
    g, = tf.gradients(s, data, grad_ys=tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]))
    np.testing.assert_array_equal(run(g, {data: np.ones((4, 2))}),
                                  [[3, 4], [0, 0], [1, 2], [3, 4]])


# ---------------------------------------------------------------------------------------------
# IndexedSlices made dense


def _slices(dense_shape):
    return tf.IndexedSlices(tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]),
                            tf.constant([3, 0, 3]), dense_shape)


def test_indexed_slices_to_tensor_sums_rows_into_place():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a small known shape: no warning
        dense = tf.convert_to_tensor(_slices(tf.constant([4, 2])))
    assert (dense.name, dense.op.type, dense.shape.as_list()) == ("UnsortedSegmentSum:0",
                                                                 "UnsortedSegmentSum", [4, 2])
    assert dense.op.inputs[2].op.name == "strided_slice"
    np.testing.assert_array_equal(run(dense), [[3, 4], [0, 0], [0, 0], [6, 8]])
    assert tf.convert_to_tensor(_slices(tf.constant([4, 2])), name="d").name == "d:0"


def test_indexed_slices_to_tensor_warnings_and_errors():
    unknown = tf.placeholder(tf.int32, [2])
    with pytest.warns(UserWarning, match="Converting sparse IndexedSlices to a dense Tensor of "
                                         "unknown shape. This may consume a large amount of "
                                         "memory."):
        dense = tf.convert_to_tensor(_slices(unknown))
    assert dense.shape.as_list() == [None, 2]
    with pytest.warns(UserWarning, match="Converting sparse IndexedSlices to a dense Tensor "
                                         "with 100000000 elements. This may consume a large "
                                         "amount of memory."):
        tf.convert_to_tensor(_slices(tf.constant([50000000, 2])))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tf.convert_to_tensor(_slices(tf.constant([49999999, 2])))
    with pytest.raises(ValueError, match="Tensor conversion requested for IndexedSlices without "
                                         "dense_shape: IndexedSlices\\(indices="):
        tf.convert_to_tensor(_slices(None))
    with pytest.raises(ValueError, match="Tensor conversion requested dtype int32 for "
                                         "IndexedSlices with dtype float32"):
        tf.convert_to_tensor(_slices(tf.constant([4, 2])), dtype=tf.int32)


def test_indexed_slices_negation_and_add_n():
    slices = _slices(tf.constant([4, 2]))
    neg = -slices
    assert isinstance(neg, tf.IndexedSlices) and neg.indices is slices.indices
    assert neg.values.op.type == "Neg"
    total = tf.add_n([slices, tf.ones([4, 2])])
    assert total.name == "AddN:0"
    assert total.op.inputs[0].name == "AddN/inputs_0:0"
    single = tf.add_n([slices])
    assert single.op.type == "UnsortedSegmentSum"
    np.testing.assert_array_equal(run(total), [[4, 5], [1, 1], [1, 1], [7, 9]])
    np.testing.assert_array_equal(run(tf.convert_to_tensor(neg))[3], [-6, -8])


def test_gradients_where_dense_meets_sparse():
    """Tanh's output receives dense gradients and a gather's IndexedSlices: they are
    aggregated as slices, and TanhGrad makes them dense."""
    w = tf.placeholder(tf.float32, [5, 3])
    v = tf.tanh(w)
    loss = tf.reduce_sum(tf.gather(v, [0, 2, 2])) + tf.reduce_sum(v * 2.0)
    g, = tf.gradients(loss, w)
    assert g.op.type == "TanhGrad"
    x = distinct_shape_input(5, 3)
    counts = np.array([1, 0, 2, 0, 0], np.float32)[:, None] + 2.0
    np.testing.assert_allclose(run(g, {w: x}), counts * (1 - np.tanh(x) ** 2), rtol=1e-5)
    sparse, = tf.gradients(tf.gather(-w, [1, 1]), w)  # Neg's gradient of slices is sparse
    assert isinstance(sparse, tf.IndexedSlices)
    assert sparse.values.op.type == "Neg"


# ---------------------------------------------------------------------------------------------
# Lgamma, Digamma, Polygamma, log_sigmoid, reduce_variance/reduce_std: TF 1.15's gradient
# names and numeric checks (float64, central differences)


def _numeric_gradient_error(build, *values, delta=1e-6):
    phs = [tf.placeholder(tf.float64, np.shape(v)) for v in values]
    y = build(*phs)
    with tf.Session():
        return tf.test.compute_gradient_error(phs, [np.shape(v) for v in values], y,
                                              y.shape.as_list(), x_init_value=list(values),
                                              delta=delta)


def test_special_function_gradient_names():
    x = tf.placeholder(tf.float32, [2, 3])
    assert _names(tf.gradients(tf.lgamma(x), x)) == ["gradients/Lgamma_grad/mul:0"]
    assert tf.get_default_graph().get_operation_by_name(
        "gradients/Lgamma_grad/Digamma").type == "Digamma"
    assert _names(tf.gradients(tf.digamma(x), x)) == ["gradients_1/Digamma_grad/mul:0"]
    assert tf.get_default_graph().get_operation_by_name(
        "gradients_1/Digamma_grad/Polygamma").type == "Polygamma"
    a = tf.placeholder(tf.float32, [2, 3])
    grads = tf.gradients(tf.polygamma(a, x), [a, x])
    assert grads[0] is None
    assert grads[1].name == "gradients_2/Polygamma_grad/Reshape:0"
    assert tf.get_default_graph().get_operation_by_name(
        "gradients_2/Polygamma_grad/Polygamma").type == "Polygamma"


def test_special_function_numeric_gradients():
    x = np.array([[0.3, 1.7, 4.2], [-0.6, -2.4, 12.5]])
    assert _numeric_gradient_error(tf.lgamma, x) < 1e-6
    assert _numeric_gradient_error(tf.digamma, x) < 1e-5
    n = np.array([[1.0], [2.0]])
    assert _numeric_gradient_error(lambda t: tf.polygamma(tf.constant(n), t), x) < 1e-4
    # second order: Lgamma -> Digamma -> Polygamma(1) -> Polygamma(2)
    t = tf.placeholder(tf.float64, [4])
    g, = tf.gradients(tf.lgamma(t), t)
    gg, = tf.gradients(g, t)
    ggg, = tf.gradients(gg, t)
    v = np.array([0.5, 1.5, 3.0, -0.5])
    np.testing.assert_allclose(run(gg, {t: v}), run(tf.polygamma(np.ones(4), v)), rtol=1e-12)
    np.testing.assert_allclose(run(ggg, {t: v}), run(tf.polygamma(np.full(4, 2.0), v)),
                               rtol=1e-12)


def test_log_sigmoid_and_moments_numeric_gradients():
    x = distinct_shape_input(2, 3, 4, dtype=np.float64)
    assert _numeric_gradient_error(tf.log_sigmoid, x) < 1e-6
    assert _numeric_gradient_error(lambda t: tf.math.reduce_variance(t, axis=[0, 2]), x) < 1e-6
    assert _numeric_gradient_error(lambda t: tf.math.reduce_std(t, axis=1, keepdims=True),
                                   x) < 1e-6
    assert _numeric_gradient_error(tf.math.reduce_std, x) < 1e-6
    p = tf.placeholder(tf.float32, [3])
    g, = tf.gradients(tf.log_sigmoid(p), p)
    np.testing.assert_allclose(run(g, {p: [-2.0, 0.0, 3.0]}),
                               1 / (1 + np.exp([-2.0, 0.0, 3.0])), rtol=1e-6)


def test_saturate_cast_gradient_passes_inside_the_range():
    p = tf.placeholder(tf.float32, [3])
    g, = tf.gradients(tf.saturate_cast(p, tf.float16), p)
    np.testing.assert_array_equal(run(g, {p: [-1e6, 2.0, 1e6]}), [0.0, 1.0, 0.0])


# ---------------------------------------------------------------------------------------------
# tf.hessians: gradients of gradients, one while_loop per x (TF 1.15's gradients_impl.hessians)


def test_hessians_of_a_quadratic():
    a = np.array([[2.0, -1.0, 0.5], [0.0, 3.0, 1.0], [4.0, 0.5, -2.0]])
    x = tf.placeholder(tf.float64, [3])
    y = tf.reduce_sum(x * tf.squeeze(tf.matmul(tf.constant(a), tf.expand_dims(x, 1)), 1))
    h, = tf.hessians(y, x)
    assert h.name == "Reshape_1:0" and h.shape.as_list() == [3, 3]
    types = {op.type for op in tf.get_default_graph().get_operations()}
    assert {"TensorArrayV3", "TensorArrayWriteV3", "TensorArrayGatherV3", "Exit"} <= types
    np.testing.assert_allclose(run(h, {x: [0.3, -1.2, 2.0]}), a + a.T, rtol=1e-12)


def test_hessians_of_tanh_with_several_and_matrix_xs():
    x = tf.placeholder(tf.float64, [2, 3])
    w = tf.placeholder(tf.float64, [2])
    y = tf.reduce_sum(tf.tanh(x) * x) + tf.reduce_sum(tf.square(w) * w)
    hx, hw = tf.hessians(y, [x, w])
    assert hx.shape.as_list() == [2, 3, 2, 3] and hw.shape.as_list() == [2, 2]
    xv = distinct_shape_input(2, 3, dtype=np.float64)
    wv = np.array([0.5, -2.0])
    got_x, got_w = run([hx, hw], {x: xv, w: wv})
    t = np.tanh(xv).ravel()
    diag = 2 * (1 - t ** 2) - 2 * xv.ravel() * t * (1 - t ** 2)  # d2/dx2 of x tanh(x)
    np.testing.assert_allclose(got_x.reshape(6, 6), np.diag(diag), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(got_w, np.diag(6 * wv), rtol=1e-12)


def test_hessians_with_unknown_shape_and_the_numeric_second_derivative():
    x = tf.placeholder(tf.float64, [None])
    y = tf.reduce_sum(tf.sin(x) * tf.reduce_sum(tf.exp(x)))
    h, = tf.hessians(y, x)
    assert h.shape.ndims is None or h.shape.as_list() == [None, None]
    g, = tf.gradients(y, x)
    v = np.array([0.1, -0.4, 0.7, 1.1])
    eps = 1e-5
    numeric = np.stack([(run(g, {x: v + eps * e}) - run(g, {x: v - eps * e})) / (2 * eps)
                        for e in np.eye(4)])
    np.testing.assert_allclose(run(h, {x: v}), numeric, rtol=1e-7, atol=1e-8)
    np.testing.assert_allclose(run(h, {x: v[:2]}).shape, (2, 2))
