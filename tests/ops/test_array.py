"""Array ops: TF1's op types and names (helper Consts included), static shapes with known and
partial inputs, values against numpy on each backend, and TF1's build-time and run-time errors."""
import numpy as np
import pytest

import minitf as tf
from minitf.framework import registry
from minitf.ops import array as array_ops
from tests.harness import check_op, distinct_shape_input, run


def _ops():
    return [(op.name, op.type) for op in tf.get_default_graph().get_operations()]


def _shape(t):
    return None if t.shape.ndims is None else t.shape.as_list()


def _ph(shape, dtype=tf.float32, name=None):
    return tf.placeholder(dtype, shape, name=name)


# ---------------------------------------------------------------------------------------------
# placeholder_with_default, identity, stop_gradient

def test_placeholder_with_default(backend):
    d = tf.placeholder_with_default([[1.0, 2.0, 3.0]], [None, 3])
    assert d.name == "PlaceholderWithDefault:0" and _shape(d) == [None, 3]
    assert _ops() == [("PlaceholderWithDefault/input", "Const"),
                      ("PlaceholderWithDefault", "PlaceholderWithDefault")]
    np.testing.assert_array_equal(run(d * 2.0, backend=backend), [[2.0, 4.0, 6.0]])
    fed = np.arange(6, dtype=np.float32).reshape(2, 3)
    np.testing.assert_array_equal(run(d, {d: fed}, backend=backend), fed)
    assert tf.placeholder_with_default(5, [], name="five").name == "five:0"


@pytest.mark.parametrize("shape, message", [
    ([None], r"^Shapes must be equal rank, but are 2 and 1 for 'PlaceholderWithDefault' "
             r"\(op: 'PlaceholderWithDefault'\)"),
    ([None, 4], r"^Dimension 1 in both shapes must be equal, but are 3 and 4"),
])
def test_placeholder_with_default_incompatible_shape(shape, message):
    with pytest.raises(ValueError, match=message):
        tf.placeholder_with_default(tf.zeros([2, 3]), shape)


def test_identity_and_stop_gradient(backend):
    x = distinct_shape_input(2, 3)
    check_op(tf.identity, [x], lambda a: a, backend=backend)
    check_op(tf.stop_gradient, [x], lambda a: a, backend=backend)
    assert tf.identity([1, 2]).op.inputs[0].name == "Identity/input:0"
    s = tf.stop_gradient([1.0])
    assert s.name == "StopGradient:0" and s.op.type == "StopGradient"
    assert _ops()[-2:] == [("StopGradient/input", "Const"), ("StopGradient", "StopGradient")]


# ---------------------------------------------------------------------------------------------
# zeros, ones, fill, zeros_like, ones_like

def test_zeros_and_ones_small_static_shapes_are_consts(backend):
    z, o = tf.zeros([2, 3]), tf.ones((3, 1), tf.int64, name="one")
    b, s = tf.zeros([2], tf.bool), tf.zeros([2], tf.string)
    assert _ops() == [("zeros", "Const"), ("one", "Const"), ("zeros_1", "Const"),
                      ("zeros_2", "Const")]
    assert (z.dtype, o.dtype, b.dtype, s.dtype) == (tf.float32, tf.int64, tf.bool, tf.string)
    zv, ov, bv, sv = run([z, o, b, s], backend=backend)
    np.testing.assert_array_equal(zv, np.zeros((2, 3), np.float32))
    np.testing.assert_array_equal(ov, np.ones((3, 1), np.int64))
    assert bv.tolist() == [False, False] and sv.tolist() == [b"", b""]
    assert tf.zeros(tf.TensorShape([2, 2])).shape.as_list() == [2, 2]
    assert tf.ones([tf.Dimension(2), 3], tf.bool).op.type == "Const"


def test_zeros_and_ones_large_or_dynamic_shapes_fill(backend):
    big = tf.ones([40, 30])
    assert big.name == "ones:0" and big.op.type == "Fill"
    assert _ops() == [("ones/shape_as_tensor", "Const"), ("ones/Const", "Const"), ("ones", "Fill")]
    assert run(big, backend=backend).sum() == 1200
    n = _ph([], tf.int32, name="n")
    z = tf.zeros([n, 4], tf.int32)
    assert _shape(z) == [None, 4] and z.op.type == "Fill"
    assert [name for name, _ in _ops()][-4:] == ["zeros/packed/1", "zeros/packed", "zeros/Const",
                                                 "zeros"]
    assert run(z, {n: 3}, backend=backend).shape == (3, 4)
    s = _ph([2], tf.int32)
    assert _shape(tf.zeros(s)) == [None, None]
    scalar = tf.ones(_ph([], tf.int32, name="len"))
    assert scalar.op.inputs[0].op.name == "ones_1/Reshape" and _shape(scalar) == [None]


def test_zeros_and_ones_errors():
    with pytest.raises(ValueError, match=r"^Cannot convert a partially known TensorShape to a "
                                         r"Tensor: \(\?, 3\)$"):
        tf.zeros(tf.TensorShape([None, 3]))
    with pytest.raises(TypeError, match="Expected string"):
        tf.ones([2], tf.string)


def test_fill(backend):
    check_op(lambda v: tf.fill([2, 3, 4], v), [np.float32(1.5)],
             lambda v: np.full([2, 3, 4], v, np.float32), backend=backend)
    d = _ph([None], tf.int32)
    dyn = tf.fill(d, 7)
    assert _shape(dyn) is None
    np.testing.assert_array_equal(run(dyn, {d: [3, 2]}, backend=backend), np.full((3, 2), 7))
    tf.reset_default_graph()
    f = tf.fill([2, 3], 9)
    assert f.name == "Fill:0" and f.dtype == tf.int32 and _shape(f) == [2, 3]
    assert _ops() == [("Fill/dims", "Const"), ("Fill/value", "Const"), ("Fill", "Fill")]
    n = _ph([], tf.int32)
    assert _shape(tf.fill(tf.stack([n, 2]), True)) == [None, 2]


@pytest.mark.parametrize("build, error, message", [
    (lambda: tf.fill([[2]], 1.0), ValueError, r"^Shape must be rank 1 but is rank 2 for 'Fill'"),
    (lambda: tf.fill([2], [1.0, 2.0]), ValueError, r"^Shape must be rank 0 but is rank 1"),
    (lambda: tf.fill([-2, 3], 1.0), ValueError,
     r"^Invalid value in tensor used for shape: -2"),
    (lambda: tf.fill([2.0], 1.0), TypeError,
     r"^Value passed to parameter 'dims' has DataType float32 not in list of allowed values: "
     r"int32, int64$"),
])
def test_fill_errors(build, error, message):
    with pytest.raises(error, match=message):
        build()


def test_fill_negative_dimension_at_run_time(backend):
    d = _ph([2], tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Dimension -2 must be >= 0"):
        run(tf.fill(d, 1.0), {d: [-2, 3]}, backend=backend)


def test_zeros_like_and_ones_like(backend):
    x = distinct_shape_input(2, 3)
    check_op(lambda a: [tf.zeros_like(a), tf.ones_like(a), tf.zeros_like(a, dtype=tf.int32),
                        tf.ones_like(a, tf.bool)],
             [x], lambda a: [np.zeros_like(a), np.ones_like(a), np.zeros((2, 3), np.int32),
                             np.ones((2, 3), bool)], backend=backend)
    check_op(tf.zeros_like, [np.array([b"a", b"bc"], dtype=object)],
             lambda a: np.array([b"", b""], dtype=object), backend=backend)


def test_zeros_like_and_ones_like_graphs():
    p = _ph([None, 3])
    z, o = tf.zeros_like(p), tf.ones_like(p)
    assert (z.name, z.op.type, _shape(z)) == ("zeros_like:0", "ZerosLike", [None, 3])
    assert (o.name, o.op.type, _shape(o)) == ("ones_like:0", "Fill", [None, 3])
    assert _ops()[-4:] == [("zeros_like", "ZerosLike"), ("ones_like/Shape", "Shape"),
                           ("ones_like/Const", "Const"), ("ones_like", "Fill")]
    tf.reset_default_graph()
    c = tf.constant([[1.0, 2.0]])
    z, o = tf.zeros_like(c), tf.ones_like(c)
    assert z.op.type == "Const" and z.name == "zeros_like:0"
    assert _ops() == [("Const", "Const"), ("zeros_like", "Const"), ("ones_like/Shape", "Const"),
                      ("ones_like/Const", "Const"), ("ones_like", "Fill")]
    tf.reset_default_graph()
    d = tf.zeros_like(_ph([None, 2], tf.int32), dtype=tf.float32)
    assert d.dtype == tf.float32 and [n for n, _ in _ops()][1:] == [
        "zeros_like/Shape", "zeros_like/Const", "zeros_like"]


# ---------------------------------------------------------------------------------------------
# shape, size, rank

def test_shape_size_rank_of_static_shapes_are_consts(backend):
    x = _ph([2, 3, 4])
    s, s64, n, r = tf.shape(x), tf.shape(x, out_type=tf.int64), tf.size(x), tf.rank(x)
    assert [(t.name, t.op.type, t.dtype) for t in (s, s64, n, r)] == [
        ("Shape:0", "Const", tf.int32), ("Shape_1:0", "Const", tf.int64),
        ("Size:0", "Const", tf.int32), ("Rank:0", "Const", tf.int32)]
    assert [np.asarray(v).tolist() for v in run([s, s64, n, r], backend=backend)] == [
        [2, 3, 4], [2, 3, 4], 24, 3]
    assert tf.size(_ph([None, 0])).op.type == "Const"
    assert tf.shape([[1, 2]]).op.inputs == () and _ops()[-2:] == [("Shape_2/Const", "Const"),
                                                                  ("Shape_2", "Const")]


def test_shape_size_rank_ops(backend):
    x = np.zeros((2, 3, 4), np.float32)
    check_op(lambda a: [tf.shape(a), tf.size(a), tf.size(a, out_type=tf.int64),
                        tf.shape(a, out_type=tf.int64)],
             [x], lambda a: [np.array(a.shape, np.int32), np.int32(a.size), np.int64(a.size),
                             np.array(a.shape, np.int64)], backend=backend)
    u = _ph(None)
    s, n, r = tf.shape(u), tf.size(u), tf.rank(u)
    assert [(t.op.type, _shape(t)) for t in (s, n, r)] == [("Shape", [None]), ("Size", []),
                                                           ("Rank", [])]
    assert [np.asarray(v).tolist() for v in run([s, n, r], {u: x}, backend=backend)] == [
        [2, 3, 4], 24, 3]
    for op_type in ("Shape", "Size", "Rank"):
        assert registry.lookup(op_type).grad is registry.NOT_DIFFERENTIABLE


def test_shape_folds_for_static_shape_consumers():
    x = _ph([None, 3])
    assert tf.reshape(_ph([6]), tf.shape(x)).shape.as_list() == [2, 3]
    assert tf.zeros(tf.shape(_ph([2, 5]))).shape.as_list() == [2, 5]


# ---------------------------------------------------------------------------------------------
# reshape

@pytest.mark.parametrize("in_shape, target", [
    ((2, 3, 4), [6, 4]), ((2, 3, 4), [-1, 4]), ((2, 3, 4), [4, -1, 3]), ((1, 1), []),
    ((), [1, 1]), ((3, 0), [0, 5]),
])
def test_reshape(backend, in_shape, target):
    x = np.arange(int(np.prod(in_shape)), dtype=np.float32).reshape(in_shape)
    check_op(lambda a: tf.reshape(a, target), [x], lambda a: a.reshape(target), backend=backend)


def test_reshape_graph_and_partial_shapes():
    y = tf.reshape(_ph([None, 3]), [-1])
    assert (y.name, _shape(y)) == ("Reshape:0", [None])
    assert _ops()[1:] == [("Reshape/shape", "Const"), ("Reshape", "Reshape")]
    assert tf.reshape(_ph([]), []).op.inputs[1].dtype == tf.int32
    cases = [([None, 6], [2, -1], [2, None]), ([4, 6], [-1, 3], [8, 3]),
             ([None, 3, 4], [-1, 12], [None, 12]), ([None, 3], [-1, 2], [None, 2]),
             ([None, 0], [-1, 2], [0, 2]), (None, [-1, 3], [None, 3]),
             ([3, None], [-1, 3], [None, 3]), ([2, 3], [-1, -1], [None, None])]
    for in_shape, target, want in cases:
        assert _shape(tf.reshape(_ph(in_shape), target)) == want, (in_shape, target)
    n = _ph([], tf.int32)
    assert _shape(tf.reshape(_ph([12]), tf.stack([n, 3]))) == [4, 3]
    assert _shape(tf.reshape(_ph([None]), tf.stack([n, 3]))) == [None, 3]
    assert _shape(tf.reshape(_ph([12]), _ph([3], tf.int32))) == [None, None, None]


@pytest.mark.parametrize("in_shape, target, error, message", [
    ([2, 3], [4], ValueError, r"^Cannot reshape a tensor with 6 elements to shape \[4\] "
                              r"\(4 elements\) for 'Reshape' \(op: 'Reshape'\) with input shapes: "
                              r"\[2,3\], \[1\]\.$"),
    ([2, 3], [4, -1], ValueError, r"^Dimension size must be evenly divisible by 4 but is 6"),
    ([None, 3], [4], ValueError, r"^Dimension size must be evenly divisible by 3 but is 4"),
    ([2, 3], [-2, 3], ValueError, r"^Invalid value in tensor used for shape: -2"),
    ([2, 3], 6, ValueError, r"^Shape must be rank 1 but is rank 0"),
    ([2, 3], [2.0], TypeError, r"^Value passed to parameter 'shape' has DataType float32"),
])
def test_reshape_errors(in_shape, target, error, message):
    with pytest.raises(error, match=message):
        tf.reshape(_ph(in_shape), target)


@pytest.mark.parametrize("target, message", [
    ([4, -1], r"^Input to reshape is a tensor with 6 values, but the requested shape requires "
              r"a multiple of 4"),
    ([4, 2], r"^Input to reshape is a tensor with 6 values, but the requested shape has 8"),
    ([-1, -1], r"^Only one input size may be -1, not both 0 and 1"),
])
def test_reshape_errors_at_run_time(backend, target, message):
    x, s = _ph([None, 3]), _ph([2], tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        run(tf.reshape(x, s), {x: np.zeros((2, 3)), s: target}, backend=backend)


@pytest.mark.parametrize("value_shape, target, want", [
    ((2, 0, 3), [-1, 0, 3], (2, 0, 3)), ((2, 0, 3), [0, -1], (0, 6)), ((0, 3), [-1, 3], (0, 3)),
    ((0, 3), [-1, 0], (3, 0)),
])
def test_reshape_zero_size_infers_minus_one_from_nonzero_dims(backend, value_shape, target, want):
    x = _ph(None)
    out = run(tf.reshape(x, target), {x: np.zeros(value_shape)}, backend=backend)
    assert out.shape == want


# ---------------------------------------------------------------------------------------------
# transpose, expand_dims, squeeze

def test_transpose(backend):
    x = distinct_shape_input(2, 3, 4)
    check_op(lambda a: [tf.transpose(a), tf.transpose(a, [1, 0, 2]), tf.transpose(a, [2, -3, 1])],
             [x], lambda a: [a.T, a.transpose(1, 0, 2), a.transpose(2, 0, 1)], backend=backend)
    p = _ph([3], tf.int32)
    np.testing.assert_array_equal(run(tf.transpose(x, p), {p: [2, 0, 1]}, backend=backend),
                                  x.transpose(2, 0, 1))
    c = np.array([[1 + 2j, 3 - 1j]], np.complex64)
    check_op(lambda a: tf.transpose(a, conjugate=True), [c], lambda a: a.conj().T,
             backend=backend)


def test_transpose_graph():
    t = tf.transpose(_ph([None, 3]))
    assert (t.name, _shape(t)) == ("transpose:0", [3, None])
    assert _ops()[1:] == [("transpose/perm", "Const"), ("transpose", "Transpose")]
    tf.reset_default_graph()
    u = tf.transpose(_ph(None), name="t")
    assert _shape(u) is None and [n for n, _ in _ops()][1:] == [
        "t/Rank", "t/sub/y", "t/sub", "t/Range/limit", "t/Range/delta", "t/Range", "t"]
    assert _shape(tf.transpose(_ph(None), [1, 0, 2])) == [None, None, None]
    assert _shape(tf.transpose(_ph([2, 3, 4]), _ph([3], tf.int32))) == [None, None, None]
    assert tf.transpose([[1, 2, 3]]).op.inputs[0].name == "transpose_2/a:0"


def test_transpose_unknown_rank_runs(backend):
    u = _ph(None)
    x = distinct_shape_input(2, 3, 4)
    np.testing.assert_array_equal(run(tf.transpose(u), {u: x}, backend=backend), x.T)


@pytest.mark.parametrize("perm, message", [
    ([1, 0, 2], r"^Dimension must be 2 but is 3 for 'transpose' \(op: 'Transpose'\)"),
    ([1, 2], r"^perm dim 2 is out of range of input rank 2"),
])
def test_transpose_errors(perm, message):
    with pytest.raises(ValueError, match=message):
        tf.transpose(_ph([2, 3]), perm)


@pytest.mark.parametrize("perm, message", [
    ([1, 1], r"^0 is missing from \{1,1\}\."),
    ([1, 0, 2], r"^transpose expects a vector of size 2. But input\(1\) is a vector of size 3"),
])
def test_transpose_errors_at_run_time(backend, perm, message):
    x, p = _ph([2, 3]), _ph([None], tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        run(tf.transpose(x, p), {x: np.zeros((2, 3)), p: perm}, backend=backend)


def test_expand_dims(backend):
    x = distinct_shape_input(2, 3)
    check_op(lambda a: [tf.expand_dims(a, 0), tf.expand_dims(a, -1), tf.expand_dims(a, dim=1),
                        tf.expand_dims(a, axis=-3)],
             [x], lambda a: [a[None], a[..., None], a[:, None], a[None]], backend=backend)
    e = tf.expand_dims(_ph([None, 3]), 1)
    assert (e.name, _shape(e)) == ("ExpandDims:0", [None, 1, 3])
    assert _ops()[1:] == [("ExpandDims/dim", "Const"), ("ExpandDims", "ExpandDims")]
    assert _shape(tf.expand_dims(_ph([2]), _ph([], tf.int32))) is None


@pytest.mark.parametrize("build, message", [
    (lambda x: tf.expand_dims(x, 3), r"^Tried to expand dim index 3 for tensor with 2 dimensions"
                                     r"\. for 'ExpandDims'"),
    (lambda x: tf.expand_dims(x, -4), r"^Tried to expand dim index -4 for tensor with 2"),
    (lambda x: tf.expand_dims(x), r"^Must specify an axis argument to tf.expand_dims\(\)$"),
    (lambda x: tf.expand_dims(x, 1, dim=1), r"^Cannot specify both 'dim' and 'axis'\.$"),
])
def test_expand_dims_errors(build, message):
    with pytest.raises(ValueError, match=message):
        build(_ph([2, 3]))


def test_expand_dims_error_at_run_time(backend):
    d = _ph([], tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"^Tried to expand dim index 5 for tensor with 2 dimensions\."):
        run(tf.expand_dims(tf.zeros([2, 3]), d), {d: 5}, backend=backend)


def test_squeeze(backend):
    x = distinct_shape_input(1, 3, 1, 2)
    check_op(lambda a: [tf.squeeze(a), tf.squeeze(a, [2]), tf.squeeze(a, axis=[-2, 0]),
                        tf.squeeze(a, squeeze_dims=[0]), tf.squeeze(a, 2)],
             [x], lambda a: [a.reshape(3, 2), a[:, :, 0], a[0, :, 0], a[0], a[:, :, 0]],
             backend=backend)
    s = tf.squeeze(_ph([None, 1, 3]))
    assert (s.name, _shape(s)) == ("Squeeze:0", None)
    assert _shape(tf.squeeze(_ph([None, 1, 3]), [0])) == [1, 3]
    assert tf.squeeze(_ph([1, 2]), [0]).op.get_attr("squeeze_dims") == [0]


@pytest.mark.parametrize("build, message", [
    (lambda: tf.squeeze(_ph([2, 3]), [1]),
     r"^Can not squeeze dim\[1\], expected a dimension of 1, got 3 for 'Squeeze'"),
    (lambda: tf.squeeze(_ph([2, 1]), [2]), r"^squeeze_dims\[0\] not in \[-2,2\)\."),
    (lambda: tf.squeeze(_ph([2, 1]), [1], squeeze_dims=[1]),
     r"^Cannot specify both 'squeeze_dims' and 'axis'\.$"),
])
def test_squeeze_errors(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_squeeze_error_at_run_time(backend):
    x = _ph([None, 1, 3])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"^Can not squeeze dim\[0\], expected a dimension of 1, got 2"):
        run(tf.squeeze(x, [0]), {x: np.zeros((2, 1, 3))}, backend=backend)


# ---------------------------------------------------------------------------------------------
# concat, split

def test_concat(backend):
    a, b = distinct_shape_input(2, 3), distinct_shape_input(2, 5, seed=1)
    check_op(lambda x, y: [tf.concat([x, y], 1), tf.concat([x, y, x], -1),
                           tf.concat([x, x], axis=0)],
             [a, b], lambda x, y: [np.concatenate([x, y], 1), np.concatenate([x, y, x], 1),
                                   np.concatenate([x, x])], backend=backend)
    ax = _ph([], tf.int32)
    np.testing.assert_array_equal(run(tf.concat([a, b], ax), {ax: 1}, backend=backend),
                                  np.concatenate([a, b], 1))


def test_concat_graph_and_partial_shapes():
    c = tf.concat([_ph([None, 3]), _ph([2, None])], 0)
    assert (c.name, _shape(c)) == ("concat:0", [None, 3])
    assert _ops()[2:] == [("concat/axis", "Const"), ("concat", "ConcatV2")]
    assert _shape(tf.concat([_ph([None, 3, None]), _ph([2, None, 4]), _ph([None, 5, None])],
                            1)) == [2, None, 4]
    assert _shape(tf.concat([_ph([None, 3]), _ph([2, 4])], 1)) == [2, 7]
    assert _shape(tf.concat([_ph(None), _ph([2, None])], -1)) == [2, None]
    assert _shape(tf.concat([_ph([2, 3]), _ph([2, 4])], _ph([], tf.int32))) == [None, None]
    assert _shape(tf.concat([_ph(None), _ph(None)], 0)) is None
    tf.reset_default_graph()
    tf.concat([[1, 2], [3]], 0, name="ints")
    assert [n for n, _ in _ops()] == ["ints/values_0", "ints/values_1", "ints/axis", "ints"]
    mixed = tf.concat([_ph([2]), [1, 2]], 0)
    assert mixed.dtype == tf.float32 and mixed.op.inputs[1].name == "concat/values_1:0"


def test_concat_of_one_value_is_identity(backend):
    x = tf.constant([[1, 2]])
    one = tf.concat([x], 0)
    assert (one.name, one.op.type) == ("concat:0", "Identity")
    assert _ops() == [("Const", "Const"), ("concat/concat_dim", "Const"), ("concat", "Identity")]
    np.testing.assert_array_equal(run(tf.concat(x, 1), backend=backend), [[1, 2]])


@pytest.mark.parametrize("build, error, message", [
    (lambda: tf.concat([_ph([2, 3]), _ph([2, 4])], 0), ValueError,
     r"^Dimension 0 in both shapes must be equal, but are 3 and 4\. Shapes are \[3\] and \[4\]\. "
     r"for 'concat' \(op: 'ConcatV2'\) with input shapes: \[2,3\], \[2,4\], \[\]\.$"),
    (lambda: tf.concat([_ph([2, 3]), _ph([2])], 0), ValueError,
     r"^Shape must be rank 2 but is rank 1"),
    (lambda: tf.concat([_ph([2, 3]), _ph([2, 3])], 2), ValueError,
     r"^Shape must be at least rank 3 but is rank 2"),
    (lambda: tf.concat([_ph([]), _ph([])], 0), ValueError,
     r"^Can't concatenate scalars \(use tf.stack instead\)"),
    (lambda: tf.concat([_ph([2]), _ph([2], tf.int32)], 0), TypeError,
     r"^Tensors in list passed to 'values' of 'ConcatV2' Op have types \[float32, int32\] that "
     r"don't all match\.$"),
    (lambda: tf.concat([], 0), ValueError,
     r"^List argument 'values' to 'ConcatV2' Op with length 0 shorter than minimum length 2\.$"),
    (lambda: tf.concat([_ph([2])], [0, 1]), ValueError, r"are incompatible"),
])
def test_concat_errors(build, error, message):
    with pytest.raises(error, match=message):
        build()


@pytest.mark.parametrize("b_shape, axis, message", [
    ((3, 4), 1, r"^ConcatOp : Dimensions of inputs should match: shape\[0\] = \[2,3\] vs\. "
                r"shape\[1\] = \[3,4\]"),
    ((2,), 0, r"^ConcatOp : Ranks of all input tensors should match: shape\[0\] = \[2,3\] vs\. "
              r"shape\[1\] = \[2\]"),
    ((2, 3), 2, r"^ConcatOp : Expected concatenating dimensions in the range \[-2, 2\), but got 2"),
])
def test_concat_errors_at_run_time(backend, b_shape, axis, message):
    a, b, ax = _ph(None), _ph(None), _ph([], tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        run(tf.concat([a, b], ax), {a: np.zeros((2, 3)), b: np.zeros(b_shape), ax: axis},
            backend=backend)


def test_split(backend):
    x = distinct_shape_input(3, 6)
    check_op(lambda a: tf.split(a, 3, 1) + tf.split(a, [1, 2, 3], 1) +
             tf.split(a, [2, -1], axis=-1) + tf.split(a, [1, 2]),
             [x], lambda a: np.split(a, 3, 1) + np.split(a, [1, 3], 1) + np.split(a, [2], 1) +
             np.split(a, [1], 0), backend=backend)


def test_split_and_unstack_into_one_part(backend):
    x = distinct_shape_input(2, 3)
    check_op(lambda a: tf.split(a, 1, 0) + tf.split(a, [3], 1) + tf.unstack(a[:1], num=1),
             [x], lambda a: [a, a, a[0]], backend=backend)
    assert run(tf.unstack(tf.zeros([0, 3])), backend=backend) == []


def test_split_graph_and_partial_shapes():
    parts = tf.split(_ph([None, 6]), 3, 1)
    assert [(t.name, _shape(t)) for t in parts] == [("split:0", [None, 2]), ("split:1", [None, 2]),
                                                    ("split:2", [None, 2])]
    assert _ops()[1:] == [("split/split_dim", "Const"), ("split", "Split")]
    tf.reset_default_graph()
    v = tf.split(_ph([None, 6, 4]), [2, -1, 1], axis=1, name="sv")
    assert [_shape(t) for t in v] == [[None, 2, 4], [None, 3, 4], [None, 1, 4]]
    assert _ops()[1:] == [("Const", "Const"), ("sv/split_dim", "Const"), ("sv", "SplitV")]
    assert [_shape(t) for t in tf.split(_ph(None), 2, 1)] == [None, None]
    assert [_shape(t) for t in tf.split(_ph([2, None]), [1, -1], 1)] == [[2, 1], [2, None]]
    assert [_shape(t) for t in tf.split(_ph([2, 4]), _ph([2], tf.int32), 1)] == [[2, None]] * 2
    assert len(tf.split(_ph([2, 4]), _ph([None], tf.int32), 1, num=3)) == 3


@pytest.mark.parametrize("build, error, message", [
    (lambda x: tf.split(x, 3, 1), ValueError,
     r"^Dimension size must be evenly divisible by 3 but is 4\n\tNumber of ways to split should "
     r"evenly divide the split dimension for 'split' \(op: 'Split'\)"),
    (lambda x: tf.split(x, 2, 2), ValueError,
     r"^Dimension size, given by scalar input 2 must be in range \[-2, 2\)"),
    (lambda x: tf.split(x, [1, 2], 1), ValueError,
     r"^can't split axis of size 4 into pieces of size \[1,2\]"),
    (lambda x: tf.split(x, [-1, -1], 1), ValueError, r"^size_splits can only have one -1"),
    (lambda x: tf.split(x, [5, -1], 1), ValueError, r"^Split size at index 1 must be >= 0\. Got: -1"),
    (lambda x: tf.split(x, _ph([], tf.int32), 1), ValueError,
     r"^Rank-0 tensors are not supported as the num_or_size_splits argument to split"),
    (lambda x: tf.split(x, _ph([None], tf.int32), 1), ValueError, r"^Cannot infer num from shape"),
    (lambda x: tf.split(x, 0, 1), ValueError,
     r"^Attr 'num_split' of 'Split' Op passed 0 less than minimum 1\.$"),
    (lambda x: tf.split(0, 2, x), TypeError,  # TF 0.x's order: the axis is a float tensor
     r"^Input 'split_dim' of 'Split' Op has type float32 that does not match expected type of "
     r"int32\.$"),
    (lambda x: tf.split(x, [2, 2], tf.constant(1.0)), TypeError,
     r"^Input 'split_dim' of 'SplitV' Op has type float32 that does not match expected type"),
    (lambda x: tf.split(x, 2, 0.5), TypeError,
     r"^Expected int32 passed to parameter 'split_dim' of op 'Split', got 0\.5 of type 'float' "
     r"instead\."),
])
def test_split_errors(build, error, message):
    with pytest.raises(error, match=message):
        build(_ph([2, 4]))


@pytest.mark.parametrize("sizes, message", [
    (3, r"^Number of ways to split should evenly divide the split dimension, but got split_dim 1 "
        r"\(size = 4\) and num_split 3"),
    ([1, 2], r"^Determined shape must either match input shape along split_dim exactly if fully "
             r"specified, or be less than the size of the input along split_dim if not fully "
             r"specified\.  Got: 3"),
    ([5, -1], r"Got: 5"),
])
def test_split_errors_at_run_time(backend, sizes, message):
    x = _ph([None, None])
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        run(tf.split(x, sizes, 1), {x: np.zeros((2, 4))}, backend=backend)


# ---------------------------------------------------------------------------------------------
# stack, unstack, auto-packing

def test_stack_and_unstack(backend):
    a, b = distinct_shape_input(2, 3), distinct_shape_input(2, 3, seed=1)
    check_op(lambda x, y: [tf.stack([x, y]), tf.stack([x, y, x], axis=-1),
                           tf.stack([x, y], 1)] + tf.unstack(x, num=2) +
             tf.unstack(y, num=3, axis=1),
             [a, b], lambda x, y: [np.stack([x, y]), np.stack([x, y, x], -1), np.stack([x, y], 1)]
             + list(x) + list(y.T), backend=backend)


def test_stack_graph_and_shapes():
    s = tf.stack([_ph([None, 3]), _ph([2, None])], axis=-1)
    assert (s.name, s.op.type, _shape(s)) == ("stack:0", "Pack", [2, 3, 2])
    assert _shape(tf.stack([_ph(None), _ph([2, 3])], axis=1)) == [2, 2, 3]
    assert _shape(tf.stack([_ph(None), _ph(None)])) is None
    tf.reset_default_graph()
    c = tf.stack([1, 2, 3])
    assert (c.name, c.op.type) == ("stack:0", "Const")
    tf.stack([_ph([2]), [1.0, 2.0]], axis=1)
    tf.stack([[1.0, 2.0], _ph([2])], axis=1)
    assert [n for n, _ in _ops()][1:] == ["Placeholder", "stack_1/values_1", "stack_1",
                                          "Placeholder_1", "stack_2", "stack_3/values_0",
                                          "stack_3"]
    assert tf.stack([]).shape.as_list() == [0]


def test_unstack_graph_and_shapes():
    parts = tf.unstack(_ph([None, 3, None]), axis=1)
    assert [(t.name, _shape(t)) for t in parts] == [(f"unstack:{i}", [None, None])
                                                    for i in range(3)]
    assert [_shape(t) for t in tf.unstack(_ph(None), num=2, axis=1)] == [None, None]
    assert [_shape(t) for t in tf.unstack(_ph([None, 3]), num=2)] == [[3], [3]]
    assert len(tf.unstack([[1, 2]])) == 1


@pytest.mark.parametrize("build, error, message", [
    (lambda: tf.stack([_ph([2, 3]), _ph([2, 4])]), ValueError,
     r"^Dimension 1 in both shapes must be equal, but are 3 and 4\. Shapes are \[2,3\] and "
     r"\[2,4\]\."),
    (lambda: tf.stack([_ph([2, 3]), _ph([2])], axis=1), ValueError,
     r"^Shapes must be equal rank, but are 2 and 1"),
    (lambda: tf.stack([_ph([2, 3]), _ph([2, 3])], 3), ValueError, r"^axis = 3 not in \[-3, 3\)$"),
    (lambda: tf.stack([_ph([2]), _ph([2], tf.int32)], 1), TypeError,
     r"^Tensors in list passed to 'values' of 'Pack' Op have types \[float32, int32\] that "
     r"don't all match\.$"),
    (lambda: tf.unstack(_ph([None, 3])), ValueError, r"^Cannot infer num from shape \(\?, 3\)$"),
    (lambda: tf.unstack(_ph(None)), ValueError, r"^Cannot infer num from shape <unknown>$"),
    (lambda: tf.unstack(_ph([4, 3]), num=2), ValueError,
     r"^Dimension must be 2 but is 4 for 'unstack' \(op: 'Unpack'\)"),
    (lambda: tf.unstack(_ph([4, 3]), axis=2), ValueError, r"^axis = 2 not in \[-2, 2\)$"),
    (lambda: tf.unstack(_ph([])), ValueError, r"^axis = 0 not in \[0, 0\)$"),
    (lambda: tf.unstack(_ph([2, 3]), num=2, axis=3), ValueError,
     r"^Invalid axis: 3; must be in \[-2,2\) for 'unstack' \(op: 'Unpack'\)"),
])
def test_stack_and_unstack_errors(build, error, message):
    with pytest.raises(error, match=message):
        build()


def test_stack_and_unstack_errors_at_run_time(backend):
    x, y = _ph([None]), _ph([None])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"^Shapes of all inputs must match: values\[0\]\.shape = \[3\] != "
                             r"values\[1\]\.shape = \[2\]"):
        run(tf.stack([x, y]), {x: np.zeros(3), y: np.zeros(2)}, backend=backend)
    p = _ph([None, 3])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"^Input shape axis 0 must equal 2, got shape \[3,3\]"):
        run(tf.unstack(p, num=2), {p: np.zeros((3, 3))}, backend=backend)


def test_convert_to_tensor_packs_lists_holding_tensors(backend):
    a, b = _ph([]), _ph([])
    t = tf.convert_to_tensor([a, 2.0, b])
    assert (t.name, t.op.type, _shape(t)) == ("packed:0", "Pack", [3])
    assert _ops()[2:] == [("packed/1", "Const"), ("packed", "Pack")]
    assert run(t, {a: 1.0, b: 3.0}, backend=backend).tolist() == [1.0, 2.0, 3.0]
    nested = tf.convert_to_tensor([[a, 1.0], [2.0, 3.0]], name="pk")
    assert _shape(nested) == [2, 2] and [n for n, _ in _ops()][4:] == [
        "pk/0/1", "pk/0", "pk/1_1", "pk"]
    wide = tf.convert_to_tensor((a, 3.0), dtype=tf.float64)
    assert wide.dtype == tf.float64 and wide.op.inputs[0].op.type == "Cast"
    n = _ph([], tf.int32)
    r = tf.reshape(_ph([6]), [n, 2])
    assert r.op.inputs[1].name == "Reshape/shape:0" and _shape(r) == [3, 2]
    assert tf.convert_to_tensor(np.ones(2)).op.type == "Const"


@pytest.mark.parametrize("values, error, message", [
    (lambda: [_ph([]), _ph([], tf.int32)], TypeError,
     r"^Cannot convert a list containing a tensor of dtype <dtype: 'int32'> to <dtype: "
     r"'float32'> \(Tensor is: <tf.Tensor 'Placeholder_1:0' shape=\(\) dtype=int32>\)$"),
    (lambda: [_ph([2]), _ph([3])], ValueError,
     r"^Dimension 0 in both shapes must be equal, but are 2 and 3"),
])
def test_packing_errors(values, error, message):
    with pytest.raises(error, match=message):
        tf.convert_to_tensor(values())


# ---------------------------------------------------------------------------------------------
# slice, strided_slice, __getitem__

def test_slice(backend):
    x = distinct_shape_input(3, 4, 5)
    check_op(lambda a: [tf.slice(a, [1, 0, 2], [2, 3, 1]), tf.slice(a, [0, 1, 0], [-1, 2, -1])],
             [x], lambda a: [a[1:3, 0:3, 2:3], a[:, 1:3, :]], backend=backend)
    check_op(lambda a, b: tf.slice(a, b, [2, 2, 2]), [x, np.array([1, 2, 3], np.int32)],
             lambda a, b: a[1:3, 2:4, 3:5], backend=backend)
    s = tf.slice(_ph([None, 4]), [1, 1], [-1, -1])
    assert (s.name, _shape(s)) == ("Slice:0", [None, 3])
    assert _ops()[1:] == [("Slice/begin", "Const"), ("Slice/size", "Const"), ("Slice", "Slice")]
    assert _shape(tf.slice(_ph([4, 3]), _ph([2], tf.int32), [-1, 2])) == [None, 2]
    assert _shape(tf.slice(_ph(None), [0, 1], [1, 2])) == [1, 2]


@pytest.mark.parametrize("begin, size, error, message", [
    ([0], [2], ValueError, r"^Shape must be rank 1 but is rank 2 for 'Slice'"),
    ([0, 0], [2], ValueError, r"^Dimension 0 in both shapes must be equal, but are 2 and 1"),
    ([0, 0], [-2, 1], ValueError, r"^Invalid value in tensor used for shape: -2"),
    ([3, 0], [-1, 1], ValueError, r"^Negative dimension size caused by subtracting 3 from 2"),
    ([0, 0], tf.constant([1, 1], tf.int64), TypeError,
     r"^Input 'size' of 'Slice' Op has type int64 that does not match type int32 of argument "
     r"'begin'\.$"),
])
def test_slice_errors(begin, size, error, message):
    with pytest.raises(error, match=message):
        tf.slice(_ph([2, 3]), begin, size)


@pytest.mark.parametrize("begin, size, message", [
    ([1, 1], [3, 1], r"^Expected size\[0\] in \[0, 1\], but got 3"),
    ([3, 1], [-1, 1], r"^Expected begin\[0\] in \[0, 2\], but got 3"),
])
def test_slice_errors_at_run_time(backend, begin, size, message):
    x = _ph([None, 3])
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        run(tf.slice(x, begin, size), {x: np.zeros((2, 3))}, backend=backend)


SLICES = {
    "int": lambda t: t[1],
    "negative": lambda t: t[-1],
    "range": lambda t: t[1:3],
    "step": lambda t: t[::2],
    "reverse": lambda t: t[::-1],
    "neg_step_range": lambda t: t[3:0:-2],
    "neg_step_from_end": lambda t: t[-2::-3, ::-2],
    "column": lambda t: t[:, 1],
    "ellipsis_last": lambda t: t[..., 1],
    "ellipsis_mid": lambda t: t[1, ..., ::-2],
    "newaxis_front": lambda t: t[None],
    "newaxis_mid": lambda t: t[:, tf.newaxis, 1:],
    "newaxis_around_ellipsis": lambda t: t[None, 1, None, ..., 2],
    "newaxis_after_ellipsis": lambda t: t[..., None, 1:-1:2],
    "two_ints": lambda t: t[1, -2],
    "three_ints": lambda t: t[1, 2, 3],
    "mixed": lambda t: t[1:-1, :2, 3],
    "empty": lambda t: t[3:1],
    "empty_reverse": lambda t: t[1:3:-1],
    "beyond_end": lambda t: t[2:10, -100:],
    "reverse_past_start": lambda t: t[4:-10:-1],
    "all": lambda t: t[:],
    "ellipsis_only": lambda t: t[...],
    "list_spec": lambda t: t[[1, 2]],
}


@pytest.mark.parametrize("name", list(SLICES))
def test_getitem_matches_numpy(backend, name):
    x = distinct_shape_input(4, 5, 6)
    check_op(SLICES[name], [x], SLICES[name] if name != "list_spec" else lambda a: a[1, 2],
             backend=backend)


def test_getitem_graph_and_partial_shapes():
    t = _ph([None, 5, None])[1:, ::2, -1]
    assert (t.name, _shape(t)) == ("strided_slice:0", [None, 3])
    assert _ops()[1:] == [("strided_slice/stack", "Const"), ("strided_slice/stack_1", "Const"),
                          ("strided_slice/stack_2", "Const"), ("strided_slice", "StridedSlice")]
    op = t.op
    assert [op.get_attr(k) for k in ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask",
                                     "shrink_axis_mask")] == [2, 3, 0, 0, 4]
    assert _shape(_ph([4, None, 6])[..., None, 1:-1:2]) == [4, None, 1, 2]
    assert _shape(_ph(None)[1:, 2]) is None and _shape(_ph([])[...]) == []
    assert _shape(_ph([4, 6])[3:1]) == [0, 6]


def test_getitem_with_tensor_indices(backend):
    x = _ph([4, 5])
    i = _ph([], tf.int32, name="i")
    row, span = x[i], x[i:i + 2, 1]
    assert _shape(row) == [5] and _shape(span) == [None]
    assert [n for n, _ in _ops()][2:] == [
        "add/y", "add", "strided_slice/stack", "strided_slice/stack_1", "strided_slice/stack_2",
        "strided_slice", "add_1/y", "add_1", "strided_slice_1/stack/1", "strided_slice_1/stack",
        "strided_slice_1/stack_1/1", "strided_slice_1/stack_1", "strided_slice_1/stack_2",
        "strided_slice_1"]
    v = np.arange(20, dtype=np.float32).reshape(4, 5)
    r, s = run([row, span], {x: v, i: 2}, backend=backend)
    np.testing.assert_array_equal(r, v[2])
    np.testing.assert_array_equal(s, v[2:4, 1])
    j = _ph([], tf.int64)
    k = x[j, 1]
    assert k.op.inputs[3].op.type == "Cast" and k.op.get_attr("Index") == tf.int64
    assert run(k, {x: v, j: 3}, backend=backend) == 16.0
    assert _shape(x[tf.Dimension(1)]) == [5]


@pytest.mark.parametrize("build, error, message", [
    (lambda x: x[5], ValueError, r"^slice index 5 of dimension 0 out of bounds\. for "
                                 r"'strided_slice' \(op: 'StridedSlice'\)"),
    (lambda x: x[-5], ValueError, r"^slice index -1 of dimension 0 out of bounds\."),
    (lambda x: x[1, 2, 3], ValueError, r"^Index out of range using input dim 2; input has only 2 "
                                       r"dims"),
    (lambda x: x[..., ...], ValueError, r"^Multiple ellipses in slice spec not allowed"),
    (lambda x: x[::0], ValueError, r"^strides\[0\] must be non-zero"),
    (lambda x: x[1.5], TypeError, r"^Only integers, slices \(`:`\), ellipsis \(`\.\.\.`\), "
                                  r"tf\.newaxis \(`None`\) and scalar tf\.int32/tf\.int64 tensors "
                                  r"are valid indices, got 1\.5$"),
    (lambda x: x[tf.constant([1, 2])], TypeError, r"are valid indices, got <tf.Tensor 'Const:0'"),
    (lambda x: x[tf.constant(1.0)], TypeError, r"are valid indices, got <tf.Tensor"),
    (lambda x: x[:tf.constant(1.0)], TypeError, r"are valid indices"),
    (lambda x: tf.placeholder(tf.float32, [])[1], ValueError,
     r"^Attempting to slice scalar input\."),
    (lambda x: tf.strided_slice(x, [1, 0], [3], [1, 1]), ValueError,
     r"^Dimension 0 in both shapes must be equal, but are 2 and 1|^Dimensions must be equal, "
     r"but are 2 and 1"),
    (lambda x: tf.strided_slice(x, [1], tf.constant([3], tf.int64)), TypeError,
     r"^Input 'end' of 'StridedSlice' Op has type int64 that does not match type int32"),
])
def test_strided_slice_errors(build, error, message):
    with pytest.raises(error, match=message):
        build(_ph([4, 6]))


def test_strided_slice_error_at_run_time(backend):
    x = _ph([None, 6])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"^slice index 5 of dimension 0 out of bounds\."):
        run(x[5], {x: np.zeros((2, 6))}, backend=backend)


def test_strided_slice(backend):
    x = distinct_shape_input(4, 5, 6)
    check_op(lambda a: [
        tf.strided_slice(a, [0, 1, 2], [3, 4, 6], [1, 2, 3]),
        tf.strided_slice(a, [1, 0, 0], [0, 3, 0], [1, 1, 1], begin_mask=2, end_mask=5),
        tf.strided_slice(a, [1, 0], [2, 5], [1, 1], shrink_axis_mask=1),
        tf.strided_slice(a, [0, 0], [1, 2], [1, 1], new_axis_mask=1),
        tf.strided_slice(a, [0, 1], [0, 3], [1, 1], ellipsis_mask=1),
        tf.strided_slice(a, [-1, 0, 0], [-5, 5, 6], [-1, 1, 2]),
        tf.strided_slice(a, [1], [3])],
        [x], lambda a: [a[0:3, 1:4:2, 2:6:3], a[1:, 0:3, :], a[1, 0:5], a[None, 0:2],
                        a[..., 1:3], a[-1:-5:-1, 0:5, 0:6:2], a[1:3]], backend=backend)
    s = tf.strided_slice(_ph([4, 3]), [1], [3])
    assert s.name == "StridedSlice:0" and [n for n, _ in _ops()][1:] == [
        "ones_like/tensor", "ones_like/Shape", "ones_like/Const", "ones_like",
        "StridedSlice/begin", "StridedSlice/end", "StridedSlice"]
    b = _ph([3], tf.int32)
    assert _shape(tf.strided_slice(_ph([None, 5, 6]), b, [3, 4, 6], [1, 2, 3], begin_mask=1,
                                   end_mask=1, shrink_axis_mask=4)) == [None, None]
    assert _shape(tf.strided_slice(_ph([4, 5, 6]), b, b, b)) is None


# ---------------------------------------------------------------------------------------------
# gather, tile, pad

def test_gather(backend):
    x = distinct_shape_input(5, 3, 4)
    check_op(lambda a: [tf.gather(a, [4, 0, 2]), tf.gather(a, [[0, 1], [4, 4]]),
                        tf.gather(a, [2, 0], axis=1), tf.gather(a, 1),
                        tf.gather(a, tf.constant([3, 1], tf.int64), axis=-1)],
             [x], lambda a: [a[[4, 0, 2]], a[[[0, 1], [4, 4]]], a[:, [2, 0]], a[1],
                             a[:, :, [3, 1]]], backend=backend)
    check_op(lambda a, i: tf.gather(a, i, axis=1), [x, np.array([[2], [0]], np.int32)],
             lambda a, i: np.take(a, i, axis=1), backend=backend)


def test_gather_batch_dims(backend):
    x = distinct_shape_input(3, 5, 4)
    i = np.array([[1, 0], [3, 3], [2, 3]], np.int32)
    check_op(lambda a, b: [tf.gather(a, b, axis=1, batch_dims=1),
                           tf.gather(a, b[:, :1], axis=2, batch_dims=1)],
             [x, i], lambda a, b: [np.stack([a[k][b[k]] for k in range(3)]),
                                   np.stack([a[k][:, b[k, :1]] for k in range(3)])],
             backend=backend)


def test_gather_graph_and_shapes():
    g = tf.gather(_ph([None, 6]), [0, 2], axis=1)
    assert (g.name, _shape(g)) == ("GatherV2:0", [None, 2])
    assert _ops()[1:] == [("GatherV2/indices", "Const"), ("GatherV2/axis", "Const"),
                          ("GatherV2", "GatherV2")]
    assert _shape(tf.gather(_ph([None, 5, 6]), _ph([None, 2], tf.int64), axis=-1)) == [
        None, 5, None, 2]
    assert _shape(tf.gather(_ph(None), [1, 2], axis=1)) is None
    assert _shape(tf.gather(_ph([3, 6, 5]), _ph([None, 2], tf.int32), axis=_ph([], tf.int32))) \
        == [None] * 4
    assert _shape(tf.gather([10, 20, 30], [2, 2, 0], validate_indices=True)) == [3]


@pytest.mark.parametrize("build, error, message", [
    (lambda: tf.gather(_ph([4, 6]), [1], axis=2), ValueError,
     r"^Shape must be at least rank 3 but is rank 2 for 'GatherV2'"),
    (lambda: tf.gather(_ph([4, 6]), [1.0]), TypeError,
     r"^Value passed to parameter 'indices' has DataType float32 not in list of allowed values: "
     r"int32, int64$"),
    (lambda: tf.gather(_ph([]), [0]), ValueError, r"^Shape must be at least rank 1 but is rank 0"),
])
def test_gather_errors(build, error, message):
    with pytest.raises(error, match=message):
        build()


@pytest.mark.parametrize("indices, axis, message", [
    ([1, 7], 1, r"^indices\[1\] = 7 is not in \[0, 6\)"),
    ([[1, 2], [3, 9]], 0, r"^indices\[1,1\] = 9 is not in \[0, 4\)"),
    ([0, -1], 0, r"^indices\[1\] = -1 is not in \[0, 4\)"),
])
def test_gather_errors_at_run_time(backend, indices, axis, message):
    x = _ph([4, 6])
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        run(tf.gather(x, indices, axis=axis), {x: np.zeros((4, 6))}, backend=backend)


def test_tile(backend):
    x = distinct_shape_input(2, 3)
    check_op(lambda a: [tf.tile(a, [2, 1]), tf.tile(a, [1, 3]), tf.tile(a, [2, 0])], [x],
             lambda a: [np.tile(a, [2, 1]), np.tile(a, [1, 3]), np.tile(a, [2, 0])],
             backend=backend)
    m = _ph([2], tf.int32)
    np.testing.assert_array_equal(run(tf.tile(x, m), {m: [2, 2]}, backend=backend),
                                  np.tile(x, [2, 2]))
    tf.reset_default_graph()
    t = tf.tile(_ph([None, 1, 3]), [2, 5, 1])
    assert (t.name, _shape(t)) == ("Tile:0", [None, 5, 3])
    assert _ops()[1:] == [("Tile/multiples", "Const"), ("Tile", "Tile")]
    assert _shape(tf.tile(_ph(None), [2, 5])) == [None, None]
    assert _shape(tf.tile(_ph([4, 1]), tf.stack([_ph([], tf.int32), 3]))) == [None, 3]


@pytest.mark.parametrize("multiples, message", [
    (2, r"^Shape must be rank 1 but is rank 0 for 'Tile'"),
    ([1, 2, 3], r"^Shape must be rank 2 but is rank 3"),
    ([1, -2], r"^Invalid value in tensor used for shape: -2"),
])
def test_tile_errors(multiples, message):
    with pytest.raises(ValueError, match=message):
        tf.tile(_ph([4, 6]), multiples)


@pytest.mark.parametrize("multiples, message", [
    ([1, -1], r"^Expected multiples\[1\] >= 0, but got -1"),
    ([1, 2, 3], r"^Expected multiples argument to be a vector of length 2 but got length 3"),
])
def test_tile_errors_at_run_time(backend, multiples, message):
    x, m = _ph([2, 3]), _ph([None], tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        run(tf.tile(x, m), {x: np.zeros((2, 3)), m: multiples}, backend=backend)


def test_pad(backend):
    x = distinct_shape_input(3, 4)
    pads = [[1, 2], [0, 3]]
    check_op(lambda a: [tf.pad(a, pads), tf.pad(a, pads, constant_values=5.0),
                        tf.pad(a, pads, "REFLECT"), tf.pad(a, pads, "SYMMETRIC"),
                        tf.pad(a, [[2, 2], [4, 1]], mode="symmetric")],
             [x], lambda a: [np.pad(a, pads), np.pad(a, pads, constant_values=5.0),
                             np.pad(a, pads, "reflect"), np.pad(a, pads, "symmetric"),
                             np.pad(a, [[2, 2], [4, 1]], "symmetric")], backend=backend)
    check_op(lambda a: tf.pad(a, [[1, 0], [0, 2]], constant_values=-1),
             [np.array([[1, 2]], np.int32)], lambda a: np.pad(a, [[1, 0], [0, 2]],
                                                              constant_values=-1), backend=backend)


def test_pad_graph_and_shapes():
    p = _ph([None, 6])
    a, b, c = tf.pad(p, [[1, 2], [3, 4]]), tf.pad(p, [[1, 2], [3, 4]], constant_values=1.0), \
        tf.pad(p, [[1, 2], [3, 4]], "REFLECT")
    assert [(t.name, _shape(t)) for t in (a, b, c)] == [
        ("Pad:0", [None, 13]), ("PadV2:0", [None, 13]), ("MirrorPad:0", [None, 13])]
    assert _ops()[1:] == [("Pad/paddings", "Const"), ("Pad", "Pad"), ("PadV2/paddings", "Const"),
                          ("PadV2/constant_values", "Const"), ("PadV2", "PadV2"),
                          ("MirrorPad/paddings", "Const"), ("MirrorPad", "MirrorPad")]
    assert c.op.get_attr("mode") == "REFLECT"
    assert tf.pad(p, [[0, 0], [1, 1]], constant_values=0.0).op.type == "Pad"
    assert tf.pad(p, [[0, 0], [1, 1]], constant_values=tf.constant(0.0)).op.type == "PadV2"
    assert _shape(tf.pad(_ph(None), [[1, 1], [2, 2]])) == [None, None]
    assert _shape(tf.pad(_ph([4, 6]), _ph([2, 2], tf.int32))) == [None, None]


@pytest.mark.parametrize("paddings, mode, error, message", [
    ([[1, 2]], "CONSTANT", ValueError, r"^Shape must be rank 1 but is rank 2 for 'Pad'"),
    ([[1, 2, 3], [1, 1, 1]], "CONSTANT", ValueError, r"^Dimension must be 2 but is 3"),
    ([[-1, 2], [1, 1]], "CONSTANT", ValueError, r"^Paddings must be non-negative"),
    ([[1, 1], [1, 1]], "WRAP", ValueError, r"^Unknown padding mode: WRAP$"),
])
def test_pad_errors(paddings, mode, error, message):
    with pytest.raises(error, match=message):
        tf.pad(_ph([4, 6]), paddings, mode)


@pytest.mark.parametrize("paddings, mode, message", [
    ([[2, 1], [2, 2]], "REFLECT", r"^paddings must be less than the dimension size: 2, 1 not "
                                  r"less than 2"),
    ([[3, 1], [2, 2]], "SYMMETRIC", r"^paddings must be no greater than the dimension size: 3, 1 "
                                    r"greater than 2"),
    ([[-1, 1], [2, 2]], "CONSTANT", r"^Paddings must be non-negative: -1 1"),
])
def test_pad_errors_at_run_time(backend, paddings, mode, message):
    x, p = _ph([None, 3]), _ph([2, 2], tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        run(tf.pad(x, p, mode), {x: np.zeros((2, 3)), p: paddings}, backend=backend)


# ---------------------------------------------------------------------------------------------
# range, one_hot

def test_range_values_and_dtypes(backend):
    rs = [tf.range(5), tf.range(1, 10, 3), tf.range(5.0), tf.range(10, 1, -3),
          tf.range(3, dtype=tf.float64), tf.range(1, 2.5, 0.5), tf.range(2, limit=6),
          tf.range(0), tf.range(0.0, 1.0, 0.1), tf.range(tf.constant(3, tf.int64), 10)]
    want = [np.arange(5), np.arange(1, 10, 3), np.arange(5.0), np.arange(10, 1, -3),
            np.arange(3.0), np.arange(1, 2.5, 0.5), np.arange(2, 6), np.arange(0),
            np.cumsum(np.array([0] + [0.1] * 9, np.float32), dtype=np.float32),
            np.arange(3, 10)]
    dtypes = [tf.int32, tf.int32, tf.float32, tf.int32, tf.float64, tf.float32, tf.int32,
              tf.int32, tf.float32, tf.int64]
    for r, w, d, v in zip(rs, want, dtypes, run(rs, backend=backend)):
        assert r.dtype == d and _shape(r) == [len(w)] and v.dtype == d.as_numpy_dtype
        np.testing.assert_array_equal(v, w.astype(d.as_numpy_dtype))
    n = _ph([], tf.int32)
    dyn = tf.range(n)
    assert _shape(dyn) == [None] and run(dyn, {n: 4}, backend=backend).tolist() == [0, 1, 2, 3]


def test_range_graph():
    tf.range(1, 5, 0.5)
    assert _ops() == [("range/start", "Const"), ("range/limit", "Const"), ("range/delta", "Const"),
                      ("range/Cast", "Cast"), ("range/Cast_1", "Cast"), ("range", "Range")]
    assert tf.range(3, name="r").name == "r:0"
    assert registry.lookup("Range").grad is registry.NOT_DIFFERENTIABLE


@pytest.mark.parametrize("build, error, message", [
    (lambda: tf.range(0, 5, 0), ValueError, r"^Requires delta != 0 for 'range' \(op: 'Range'\)"),
    (lambda: tf.range(5, 1), ValueError, r"^Requires start <= limit when delta > 0: 5/1"),
    (lambda: tf.range(1, 5, -1), ValueError, r"^Requires start >= limit when delta < 0: 1/5"),
    (lambda: tf.range(2.5, 1.0), ValueError, r"^Requires start <= limit when delta > 0: 2.5/1"),
    (lambda: tf.range(_ph([2], tf.int32)), ValueError, r"^Shape must be rank 0 but is rank 1"),
    (lambda: tf.range(True), AssertionError, r"^$"),
])
def test_range_errors(build, error, message):
    with pytest.raises(error, match=message):
        build()


@pytest.mark.parametrize("delta, limit, message", [
    (0, 5, r"^Requires delta != 0: 0"),
    (1, -3, r"^Requires start <= limit when delta > 0: 0/-3"),
    (-1, 3, r"^Requires start >= limit when delta < 0: 0/3"),
])
def test_range_errors_at_run_time(backend, delta, limit, message):
    d, n = _ph([], tf.int32), _ph([], tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        run(tf.range(0, n, d), {d: delta, n: limit}, backend=backend)


def _one_hot(i, depth, axis=-1, on=1.0, off=0.0, dtype=np.float32):
    out = np.where(np.expand_dims(i, -1) == np.arange(depth), on, off).astype(dtype)
    return np.moveaxis(out, -1, axis)


def test_one_hot(backend):
    i = np.array([[0, 2, -1], [1, 3, 2]], np.int32)
    check_op(lambda a: [tf.one_hot(a, 3), tf.one_hot(a, 3, on_value=5.0, off_value=-1.0),
                        tf.one_hot(a, 4, axis=0), tf.one_hot(a, 4, axis=1, dtype=tf.int32),
                        tf.one_hot(a, 2, on_value=True, off_value=False)],
             [i], lambda a: [_one_hot(a, 3), _one_hot(a, 3, on=5.0, off=-1.0),
                             _one_hot(a, 4, axis=0), _one_hot(a, 4, axis=1, dtype=np.int32),
                             _one_hot(a, 2, on=True, off=False, dtype=bool)], backend=backend)
    check_op(lambda a: tf.one_hot(a, 3), [np.array([1, 0], np.int64)],
             lambda a: _one_hot(a, 3), backend=backend)
    d = _ph([], tf.int32)
    np.testing.assert_array_equal(run(tf.one_hot([1, 0], d), {d: 3}, backend=backend),
                                  _one_hot(np.array([1, 0]), 3))


def test_one_hot_graph_and_shapes():
    h = tf.one_hot([1, 2], 4)
    assert (h.name, h.dtype, _shape(h)) == ("one_hot:0", tf.float32, [2, 4])
    assert _ops() == [("one_hot/on_value", "Const"), ("one_hot/off_value", "Const"),
                      ("one_hot/indices", "Const"), ("one_hot/depth", "Const"),
                      ("one_hot", "OneHot")]
    assert h.op.inputs[0].dtype == tf.int64  # TI's default type, as TF 1.15 converts it
    tf.reset_default_graph()
    tf.one_hot(_ph([None], tf.int32), 3, on_value=2.0, off_value=0.0)
    assert [n for n, _ in _ops()][1:] == ["one_hot/Const", "one_hot/Const_1", "one_hot/depth",
                                          "one_hot"]
    assert _shape(tf.one_hot(_ph([None, 3], tf.int32), 4, axis=1)) == [None, 4, 3]
    assert _shape(tf.one_hot(_ph([2], tf.int32), _ph([], tf.int32))) == [2, None]
    assert _shape(tf.one_hot(_ph(None, tf.int32), 2)) is None
    assert tf.one_hot([1], 2, dtype=tf.int64).dtype == tf.int64
    assert registry.lookup("OneHot").grad is registry.NOT_DIFFERENTIABLE


@pytest.mark.parametrize("build, error, message", [
    (lambda: tf.one_hot([1, 2], 3, on_value=2.0, off_value=0), TypeError,
     r"^dtype <dtype: 'float32'> of on_value does not match dtype <dtype: 'int32'> of off_value$"),
    (lambda: tf.one_hot([1, 2], 3, on_value=2.0, dtype=tf.int32), TypeError,
     r"^dtype <dtype: 'float32'> of on_value does not match dtype parameter <dtype: 'int32'>$"),
    (lambda: tf.one_hot([1, 2], 3, off_value=tf.constant(2), dtype=tf.float64), TypeError,
     r"^dtype <dtype: 'int32'> of off_value does not match dtype parameter"),
    (lambda: tf.one_hot([1, 2], 3, axis=-2), ValueError, r"^axis must be >= -1 for 'one_hot'"),
    (lambda: tf.one_hot([1, 2], -3), ValueError,
     r"^Dimension size, given by scalar input 1, must be non-negative but is -3"),
    (lambda: tf.one_hot([1.0, 2.0], 3), TypeError,
     r"^Value passed to parameter 'indices' has DataType float32 not in list of allowed values: "
     r"uint8, int32, int64$"),
])
def test_one_hot_errors(build, error, message):
    with pytest.raises(error, match=message):
        build()


def test_one_hot_errors_at_run_time(backend):
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"^Expected axis to be -1 or between \[0, 2\)\.  But received: 3"):
        run(tf.one_hot([1, 2], 3, axis=3), backend=backend)
    d = _ph([], tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"^depth must be non-negative"):
        run(tf.one_hot([1, 2], d), {d: -1}, backend=backend)


# ---------------------------------------------------------------------------------------------
# reverse, reverse_sequence, sequence_mask

def test_reverse(backend):
    x = distinct_shape_input(2, 3, 4)
    check_op(lambda a: [tf.reverse(a, [1]), tf.reverse(a, [0, -1]), tf.reverse(a, []),
                        tf.reverse_v2(a, axis=[2])],
             [x], lambda a: [a[:, ::-1], a[::-1, :, ::-1], a, a[..., ::-1]], backend=backend)
    r = tf.reverse(_ph([None, 3]), [1])
    assert (r.name, _shape(r)) == ("ReverseV2:0", [None, 3])
    assert _ops()[1:] == [("ReverseV2/axis", "Const"), ("ReverseV2", "ReverseV2")]
    assert tf.reverse(_ph([2]), []).op.inputs[1].dtype == tf.int32


@pytest.mark.parametrize("axis, message", [
    ([2], r"^'axis'\[0\] = 2 is out of valid range \[0, 1 for 'ReverseV2'"),
    ([1, -1], r"^axis 1 specified more than once\."),
    (1, r"^Shape must be rank 1 but is rank 0"),
])
def test_reverse_errors(axis, message):
    with pytest.raises(ValueError, match=message):
        tf.reverse(_ph([2, 3]), axis)


def test_reverse_errors_at_run_time(backend):
    a = _ph([None], tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"^axis 0 specified more than once"):
        run(tf.reverse(tf.zeros([2, 3]), a), {a: [0, 0]}, backend=backend)


def _reverse_sequence(x, lengths, seq_axis, batch_axis):
    out = np.array(x)
    for b, n in enumerate(lengths):
        index = [slice(None)] * x.ndim
        index[batch_axis] = b
        index[seq_axis] = slice(0, n)
        out[tuple(index)] = np.flip(x[tuple(index)], axis=seq_axis - (seq_axis > batch_axis))
    return out


def test_reverse_sequence(backend):
    x = distinct_shape_input(3, 4, 2)
    t = distinct_shape_input(4, 3, seed=1)
    check_op(lambda a, b: [tf.reverse_sequence(a, [1, 4, 0], seq_axis=1, batch_axis=0),
                           tf.reverse_sequence(b, tf.constant([2, 0, 4], tf.int64), 0, 1),
                           tf.reverse_sequence(a, [2, 1], seq_dim=0, batch_dim=2)],
             [x, t], lambda a, b: [_reverse_sequence(a, [1, 4, 0], 1, 0),
                                   _reverse_sequence(b, [2, 0, 4], 0, 1),
                                   _reverse_sequence(a, [2, 1], 0, 2)], backend=backend)
    r = tf.reverse_sequence(_ph([None, 4, None]), _ph([5], tf.int32), seq_axis=1, batch_axis=2)
    assert (r.name, _shape(r)) == ("ReverseSequence:0", [None, 4, 5])
    assert _shape(tf.reverse_sequence(_ph(None), [1, 2], 0, 1)) is None
    s = tf.reverse_sequence([[1, 2, 3], [4, 5, 6]], [2, 3], seq_axis=1)
    assert s.op.get_attr("batch_dim") == 0 and s.op.inputs[1].dtype == tf.int64
    assert [t.op.name for t in s.op.inputs] == ["ReverseSequence_2/input",
                                                "ReverseSequence_2/seq_lengths"]


@pytest.mark.parametrize("build, error, message", [
    (lambda x: tf.reverse_sequence(x, [1, 2], seq_axis=1), ValueError,
     r"^Dimensions must be equal, but are 3 and 2 for 'ReverseSequence'"),
    (lambda x: tf.reverse_sequence(x, [1, 2, 3], seq_axis=2), ValueError,
     r"^seq_dim must be < input rank: 2 vs\. 2"),
    (lambda x: tf.reverse_sequence(x, [1, 2, 3], seq_axis=1, batch_axis=2), ValueError,
     r"^batch_dim must be < input rank: 2 vs\. 2"),
    (lambda x: tf.reverse_sequence(x, [1, 2, 3], seq_axis=1, seq_dim=1), ValueError,
     r"^Cannot specify both 'seq_dim' and 'seq_axis'\.$"),
    (lambda x: tf.reverse_sequence(x, [[1, 2, 3]], seq_axis=1), ValueError,
     r"^Shape must be rank 1 but is rank 2"),
    (lambda x: tf.reverse_sequence(x, [1, 2, 3]), TypeError,
     r"^Expected int for argument 'seq_dim' not None\.$"),
])
def test_reverse_sequence_errors(build, error, message):
    with pytest.raises(error, match=message):
        build(_ph([3, 4]))


@pytest.mark.parametrize("lengths, seq_axis, message", [
    ([1, 5, 2], 1, r"^seq_lens\(1\) > input\.dims\(1\)"),
    ([1, -1, 2], 1, r"^seq_lens\(1\) < 0"),
    ([1, 2], 1, r"^Length of seq_lengths != input\.dims\(0\), \(2 vs\. 3\)"),
    ([1, 2, 3], 0, r"^batch_dim == seq_dim == 0"),
])
def test_reverse_sequence_errors_at_run_time(backend, lengths, seq_axis, message):
    x, n = _ph([3, 4]), _ph([None], tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        run(tf.reverse_sequence(x, n, seq_axis, 0), {x: np.zeros((3, 4)), n: lengths},
            backend=backend)


def test_sequence_mask(backend):
    lengths = np.array([1, 3, 0], np.int32)
    check_op(lambda n: [tf.sequence_mask(n, 4), tf.sequence_mask(n, 3, dtype=tf.float32)],
             [lengths], lambda n: [np.arange(4) < n[:, None],
                                   (np.arange(3) < n[:, None]).astype(np.float32)],
             backend=backend)
    m = np.array([[1, 2], [0, 3]], np.int64)
    p = _ph([None, None], tf.int64)
    auto = tf.sequence_mask(p)
    assert _shape(auto) == [None, None, None]
    np.testing.assert_array_equal(run(auto, {p: m}, backend=backend), np.arange(3) < m[..., None])


def test_sequence_mask_graph():
    m = tf.sequence_mask(tf.constant([1, 3, 2]))
    assert (m.name, _shape(m), m.dtype) == ("SequenceMask/Less:0", [3, 3], tf.bool)
    assert [n for n, _ in _ops()][1:] == [
        "SequenceMask/Const", "SequenceMask/Max", "SequenceMask/Const_1", "SequenceMask/Maximum",
        "SequenceMask/Const_2", "SequenceMask/Const_3", "SequenceMask/Range",
        "SequenceMask/ExpandDims/dim", "SequenceMask/ExpandDims", "SequenceMask/Cast",
        "SequenceMask/Less"]
    f = tf.sequence_mask([1, 2], 4, dtype=tf.float32, name="m")
    assert (f.name, _shape(f)) == ("m/Cast_1:0", [2, 4])
    assert _shape(tf.sequence_mask(_ph([None, 3], tf.int32))) == [None, 3, None]
    assert _shape(tf.sequence_mask(_ph(None, tf.int32), 4)) is None
    with pytest.raises(ValueError, match=r"^maxlen must be scalar for sequence_mask$"):
        tf.sequence_mask([1, 2], [3])


# ---------------------------------------------------------------------------------------------
# where, boolean_mask

def test_where_indices(backend):
    c = np.array([[True, False, True], [False, False, True]])
    b, f = _ph([2, None], tf.bool), _ph([None])
    wb, wf = tf.where(b), tf.where(f)
    assert _shape(wb) == [None, 2] and _shape(wf) == [None, 1]
    got_b, got_f = run([wb, wf], {b: c, f: [1.5, 0.0, -2.0]}, backend=backend)
    assert got_b.dtype == np.int64 and got_b.tolist() == np.argwhere(c).tolist()
    assert got_f.dtype == np.int64 and got_f.tolist() == [[0], [2]]
    tf.reset_default_graph()
    w = tf.where(_ph([None, 3], tf.bool))
    assert (w.name, w.dtype, _shape(w)) == ("Where:0", tf.int64, [None, 2])
    assert _shape(tf.where(_ph(None, tf.bool))) == [None, None]
    assert tf.where([True]).op.inputs[0].name == "Where_2/condition:0"
    assert registry.lookup("Where").grad is registry.NOT_DIFFERENTIABLE


def test_where_select(backend):
    c = np.array([[True, False, True], [False, False, True]])
    rows = np.array([True, False])
    x, y = distinct_shape_input(2, 3), distinct_shape_input(2, 3, seed=1)
    check_op(lambda a, b, d, r: [tf.where(a, b, d), tf.where(r, b, d), tf.where(True, b, d)],
             [c, x, y, rows], lambda a, b, d, r: [np.where(a, b, d), np.where(r[:, None], b, d),
                                                  b], backend=backend)
    s = tf.where([True, False], [1, 2], [3, 4])
    assert (s.name, s.op.type) == ("Select:0", "Select")
    assert [n for n, _ in _ops()] == ["Select/condition", "Select/t", "Select/e", "Select"]
    assert run(s, backend=backend).tolist() == [1, 4]
    assert _shape(tf.where(_ph([None], tf.bool), _ph([None, 2]), _ph([3, None]))) == [3, 2]
    assert _shape(tf.where(_ph(None, tf.bool), _ph([None, 2]), _ph([3, None]))) == [3, 2]
    assert tf.where(_ph([2], tf.bool), _ph([2]), [1, 2]).dtype == tf.float32


@pytest.mark.parametrize("build, error, message", [
    (lambda: tf.where(_ph([3], tf.bool), _ph([3])), ValueError,
     r"^x and y must both be non-None or both be None\.$"),
    (lambda: tf.where(_ph([4], tf.bool), _ph([3, 2]), _ph([3, 2])), ValueError,
     r"^Dimension 0 in both shapes must be equal, but are 4 and 3\. Shapes are \[4\] and \[3\]\. "
     r"for 'Select'"),
    (lambda: tf.where(_ph([3, 2], tf.bool), _ph([3, 2]), _ph([3, 1])), ValueError,
     r"^Dimension 1 in both shapes must be equal, but are 2 and 1"),
    (lambda: tf.where(_ph([3, 1], tf.bool), _ph([3, 2]), _ph([3, 2])), ValueError,
     r"^Dimension 1 in both shapes must be equal, but are 2 and 1\. Shapes are \[3,2\] and "
     r"\[3,1\]\."),
    (lambda: tf.where(_ph([3], tf.bool), _ph([3]), _ph([3], tf.int32)), TypeError,
     r"^Input 'e' of 'Select' Op has type int32 that does not match type float32 of argument "
     r"'t'\.$"),
    (lambda: tf.where(_ph([3], tf.bool), [1, 2, 3], _ph([3])), TypeError,
     r"^Input 'e' of 'Select' Op has type float32 that does not match type int32"),
    (lambda: tf.where(_ph([3]), _ph([3]), _ph([3])), TypeError,
     r"^Input 'condition' of 'Select' Op has type float32 that does not match expected type "
     r"of bool\.$"),
    (lambda: tf.where([1, 0], _ph([2]), _ph([2])), TypeError,
     r"^Expected bool passed to parameter 'condition' of op 'Select', got \[1, 0\]"),
])
def test_where_errors(build, error, message):
    with pytest.raises(error, match=message):
        build()


@pytest.mark.parametrize("cond, y_shape, message", [
    (np.array([True, False]), (3, 2), r"^Number of batches of 'then' must match size of 'cond', "
                                      r"but saw: 3 vs\. 2"),
    (np.ones((3, 1), bool), (3, 2), r"^Inputs to operation Select of type Select must have the "
                                    r"same size and shape\.  Input 0: \[3,1\] != input 1: \[3,2\]"),
    (np.ones(3, bool), (2, 2), r"^'then' and 'else' must have the same size\.  but received: "
                               r"\[3,2\] vs\. \[2,2\]"),
    (np.array(True), (2, 2), r"^'then' and 'else' must have the same size"),
])
def test_where_errors_at_run_time(backend, cond, y_shape, message):
    c, x, y = _ph(None, tf.bool), _ph(None), _ph(None)
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        run(tf.where(c, x, y), {c: cond, x: np.ones((3, 2)), y: np.zeros(y_shape)},
            backend=backend)


def test_where_v2_broadcasts_all_three(backend):
    cond = np.array([True, False, True, False])
    x, y = distinct_shape_input(2, 3, 4), distinct_shape_input(3, 1, seed=1)
    check_op(lambda c, a, b: tf.where_v2(c, a, b), [cond, x, y], np.where, backend=backend)
    out = tf.where_v2([[True], [False]], 1, [7, 8, 9], name="picked")
    assert (out.name, out.shape.as_list()) == ("picked:0", [2, 3])
    assert run(out).tolist() == [[1, 1, 1], [7, 8, 9]]
    assert run(tf.where_v2([[True, False]])).tolist() == [[0, 0]]  # the coordinates, as Where


def test_where_v2_errors():
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3"):
        tf.where_v2([True, False], [1.0, 2.0, 3.0], 1.0)
    with pytest.raises(ValueError, match="x and y must both be non-None or both be None."):
        tf.where_v2([True], [1.0])
    x = tf.placeholder(tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"condition \[2\], then \[3\], and else \[\] must be broadcastable"):
        run(tf.where_v2([True, False], x, 1.0), {x: [1.0, 2.0, 3.0]})


def test_boolean_mask(backend):
    x = distinct_shape_input(4, 5, 6)
    m2 = np.random.RandomState(3).rand(4, 5) > 0.5
    m1 = np.array([True, False, False, True, True])
    p, q, v = _ph([4, 5, 6]), _ph([4, 5], tf.bool), _ph([6])
    a, b, c = tf.boolean_mask(p, q), tf.boolean_mask(p, m1, axis=1), v[np.array([True, False] * 3)]
    assert [_shape(t) for t in (a, b, c)] == [[None, 6], [4, None, 6], [None]]
    got = run([a, b, c], {p: x, q: m2, v: x[0, 0]}, backend=backend)
    for g, want in zip(got, [x[m2], x[:, m1], x[0, 0, ::2]]):
        np.testing.assert_array_equal(g, want)
    tf.reset_default_graph()
    b = tf.boolean_mask(_ph([None, 3, 4]), _ph([None, 3], tf.bool))
    assert (b.name, _shape(b)) == ("boolean_mask/GatherV2:0", [None, 4])
    assert [n for n, _ in _ops()][2:7] == ["boolean_mask/Shape", "boolean_mask/strided_slice/stack",
                                           "boolean_mask/strided_slice/stack_1",
                                           "boolean_mask/strided_slice/stack_2",
                                           "boolean_mask/strided_slice"]
    with pytest.raises(ValueError, match=r"^mask cannot be scalar\.$"):
        tf.boolean_mask(_ph([3]), True)
    with pytest.raises(ValueError, match=r"^Number of mask dimensions must be specified"):
        tf.boolean_mask(_ph([3]), _ph(None, tf.bool))
    with pytest.raises(ValueError, match=r"^Shapes \(3,\) and \(2,\) are incompatible"):
        tf.boolean_mask(_ph([3]), _ph([2], tf.bool))


# ---------------------------------------------------------------------------------------------
# cast

CASTS = [(np.float32, tf.int32), (np.float32, tf.int64), (np.float32, tf.bool),
         (np.float32, tf.float16), (np.float32, tf.float64), (np.int32, tf.float32),
         (np.int64, tf.int32), (np.bool_, tf.float32), (np.bool_, tf.int32),
         (np.int32, tf.uint8), (np.complex64, tf.float32)]


@pytest.mark.parametrize("src, dst", CASTS, ids=[f"{np.dtype(s).name}-{d.name}" for s, d in CASTS])
def test_cast(backend, src, dst):
    x = (distinct_shape_input(2, 3) * 3).astype(src) if src is not np.bool_ else \
        np.array([[True, False, True], [False, True, True]])
    ref = (lambda a: a.real.astype(dst.as_numpy_dtype)) if src is np.complex64 else \
        (lambda a: a.astype(dst.as_numpy_dtype))
    check_op(lambda a: tf.cast(a, dst), [x], ref, backend=backend)


def test_cast_graph():
    x = _ph([None, 2])
    assert tf.cast(x, tf.float32) is x and tf.to_float(x) is x
    c = tf.cast(x, tf.int32)
    assert (c.name, c.op.type, _shape(c)) == ("Cast:0", "Cast", [None, 2])
    assert c.op.get_attr("SrcT") == tf.float32 and c.op.get_attr("DstT") == tf.int32
    assert [(t.name, t.dtype) for t in (tf.to_int32(x), tf.to_int64(x), tf.to_double(x),
                                        tf.to_float(tf.to_int32(x), name="f"))] == [
        ("ToInt32:0", tf.int32), ("ToInt64:0", tf.int64), ("ToDouble:0", tf.float64),
        ("f:0", tf.float32)]
    tf.reset_default_graph()
    same = tf.cast([1, 2], tf.int32)
    assert same.name == "Cast/x:0" and same.op.type == "Const"
    assert tf.cast([1, 2], tf.float32).op.inputs[0].name == "Cast_1/x:0"


def test_cast_of_strings_is_unimplemented(backend):
    s = _ph([2], tf.string)
    with pytest.raises(tf.errors.UnimplementedError, match=r"^Cast string to int32 is not "
                                                           r"supported"):
        run(tf.cast(s, tf.int32), {s: np.array([b"1", b"2"], dtype=object)}, backend=backend)
    with pytest.raises(tf.errors.UnimplementedError, match=r"^Cast string to float is not "):
        run(tf.cast(s, tf.float32), {s: np.array([b"1", b"2"], dtype=object)}, backend=backend)


# ---------------------------------------------------------------------------------------------
# Namespace and registry

def test_public_names_are_exported():
    for name in array_ops.__all__:
        assert getattr(tf, name) is getattr(array_ops, name), name
    assert tf.newaxis is None and tf.reverse_v2 is tf.reverse


def test_gradient_declarations():
    not_differentiable = {"Placeholder", "Shape", "Size", "Rank", "ZerosLike", "OneHot", "Where",
                          "StopGradient", "Range"}
    differentiable = {"Fill", "Reshape", "Transpose", "ConjugateTranspose", "ExpandDims",
                      "Squeeze", "ConcatV2", "Split", "SplitV", "Pack", "Unpack", "Slice",
                      "StridedSlice", "GatherV2", "Tile", "Pad", "PadV2", "MirrorPad",
                      "ReverseV2", "ReverseSequence", "Cast", "Select", "Identity",
                      "PlaceholderWithDefault"}
    ops = registry.registered_ops()
    for op_type in not_differentiable:
        assert ops[op_type].grad is registry.NOT_DIFFERENTIABLE, op_type
    for op_type in differentiable:
        assert ops[op_type].grad is not registry.NOT_DIFFERENTIABLE, op_type


def test_stack_and_split_shape_errors_carry_tf_context_lines():
    with pytest.raises(ValueError, match=r"^Shapes must be equal rank, but are 2 and 1\n\tFrom "
                                         r"merging shape 1 with other shapes\. for 'stack_1'"):
        tf.stack([tf.zeros([2, 3]), tf.zeros([2, 3]), tf.zeros([3])])


def test_gather_of_one_index_is_a_fresh_slice():
    """A scalar index takes one slice along the axis (the loop pattern `tf.gather(x, t)`): a
    copy, never a view of the fed array, and TF's error out of range."""
    x = tf.placeholder(tf.float32, [4, 2, 3])
    i = tf.placeholder(tf.int32, [])
    rows, cols = tf.gather(x, i), tf.gather(x, i, axis=2)
    xv = np.arange(24, dtype=np.float32).reshape(4, 2, 3)
    with tf.Session() as sess:
        r, c = sess.run([rows, cols], {x: xv, i: 2})
        np.testing.assert_array_equal(r, xv[2])
        np.testing.assert_array_equal(c, xv[:, :, 2])
        r[...] = -1
        assert xv[2].min() >= 0
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices = 4 is not in \[0, 4\)"):
            sess.run(rows, {x: xv, i: 4})


# ---- gather_nd, scatter_nd, broadcast_to

def test_gather_nd_values(backend):
    p = distinct_shape_input(3, 4, 2)
    idx = np.array([[2, 1], [0, 3], [2, 1]])
    check_op(lambda x: tf.gather_nd(x, idx), [p], lambda x: x[idx[:, 0], idx[:, 1]],
             backend=backend)
    check_op(lambda x: tf.gather_nd(x, np.zeros((2, 0), np.int32)), [p],
             lambda x: np.broadcast_to(x, (2, 3, 4, 2)), backend=backend)


def test_gather_nd_errors():
    with pytest.raises(ValueError, match=r"indices.shape\[-1\] must be <= params.rank"):
        tf.gather_nd(tf.zeros([3, 2]), [[0, 1, 0]])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"indices\[1\] = \[3, 0\] does not index into param shape \[3,2\]"):
        run(tf.gather_nd(tf.zeros([3, 2]), [[0, 1], [3, 0]]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="index innermost dimension"):
        p = tf.placeholder(tf.float32, None)
        run(tf.gather_nd(p, [[0, 1, 0]]), {p: np.zeros((3, 2))})


def test_scatter_nd_values_and_errors(backend):
    u = distinct_shape_input(3, 2)

    def ref(x):
        out = np.zeros((5, 2), np.float32)
        np.add.at(out, [1, 3, 1], x)
        return out
    check_op(lambda x: tf.scatter_nd([[1], [3], [1]], x, [5, 2]), [u], ref, backend=backend)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"indices\[1\] = \[6\] does not index into shape \[5\]"):
        run(tf.scatter_nd([[1], [6]], [1.0, 2.0], [5]))
    with pytest.raises(ValueError, match="The outer 1 dimensions of indices.shape"):
        tf.scatter_nd([[1], [2]], [1.0, 2.0, 3.0], [5])
    with pytest.raises(ValueError, match="The inner 1 dimensions of output.shape"):
        tf.scatter_nd([[1], [2]], tf.zeros([2, 3]), [5, 4])


def test_broadcast_to_values_and_errors(backend):
    x = distinct_shape_input(3, 1)
    check_op(lambda t: tf.broadcast_to(t, [2, 3, 4]), [x],
             lambda t: np.broadcast_to(t, (2, 3, 4)), backend=backend)
    s = tf.placeholder(tf.int32, [3])
    assert tf.broadcast_to(tf.zeros([4, 1]), s).shape.as_list() == [None, 4, None]
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 4"):
        tf.broadcast_to(tf.zeros([2, 3]), [4, 3])
    with pytest.raises(ValueError, match="Cannot broadcast a tensor with shape"):
        tf.broadcast_to(tf.zeros([2, 3]), [3])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Incompatible shapes: \[2\]"):
        run(tf.broadcast_to([1.0, 2.0], s), {s: [2, 2, 3]})


def test_is_tensor():
    assert tf.is_tensor(tf.zeros([2])) and not tf.is_tensor(np.zeros(2))


# ---------------------------------------------------------------------------------------------
# SelectV2, EnsureShape, IdentityN, BroadcastArgs, Roll, searchsorted, UnravelIndex, meshgrid

def test_where_v2_broadcasts(backend):
    x, y = distinct_shape_input(3, 2), distinct_shape_input(2, seed=1)
    cond = np.array([True, False])
    out = check_op(lambda a, b: tf.where_v2(cond, a, b), [x, y],
                   lambda a, b: np.where(cond, a, b), backend=backend)
    assert out[0].shape == (3, 2)
    t = tf.where_v2(tf.constant([True, False]), tf.ones([3, 2]), 0.0)
    assert t.op.type == "SelectV2" and t.op.name == "SelectV2" and t.shape.as_list() == [3, 2]
    assert tf.where_v2([True, False]).op.type == "Where"


def test_where_v2_errors():
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3"):
        tf.where_v2(tf.constant([True, False]), tf.ones([3]), 0.0)
    with pytest.raises(ValueError, match="x and y must both be non-None or both be None."):
        tf.where_v2([True], 1.0)
    with pytest.raises(TypeError, match="Input 'condition' of 'SelectV2' Op has type int32 that "
                                        "does not match expected type of bool."):
        tf.where_v2(tf.constant([1, 0]), 1.0, 2.0)
    c = tf.placeholder(tf.bool)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"condition \[2\], then \[3\], and else \[\] must be broadcastable"):
        run(tf.where_v2(c, tf.ones([3]), 0.0), {c: [True, False]})


def test_ensure_shape():
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.ensure_shape(x, [2, 3])
    assert (y.op.type, y.op.name, y.shape.as_list()) == ("EnsureShape", "EnsureShape", [2, 3])
    np.testing.assert_array_equal(run(y, {x: np.ones((2, 3))}), np.ones((2, 3)))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Shape of tensor input \[3,3\] is not compatible with expected "
                             r"shape \[2,3\]."):
        run(y, {x: np.ones((3, 3))})
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
        tf.ensure_shape(x, [2])
    with pytest.raises(ValueError, match=r"Dimension 1 in both shapes must be equal, but are 4 "
                                         r"and 3. Shapes are \[2,4\] and \[\?,3\]."):
        tf.ensure_shape(x, [2, 4])


def test_identity_n():
    a, b = tf.placeholder(tf.float32, [None, 3]), tf.constant(1)
    out = tf.identity_n([a, b])
    assert [t.name for t in out] == ["IdentityN:0", "IdentityN:1"]
    assert out[0].shape.as_list() == [None, 3] and out[1].dtype == tf.int32
    got = run(out, {a: np.ones((1, 3))})
    np.testing.assert_array_equal(got[0], np.ones((1, 3)))
    assert got[1] == 1


def test_broadcast_static_and_dynamic_shape():
    assert tf.broadcast_static_shape(tf.TensorShape([2, 1]), tf.TensorShape([None, 4])) == \
        tf.TensorShape([2, 4])
    with pytest.raises(ValueError, match=r"^Incompatible shapes for broadcasting: \(2, 3\) and "
                                         r"\(4,\)$"):
        tf.broadcast_static_shape(tf.TensorShape([2, 3]), tf.TensorShape([4]))
    s0, s1 = tf.placeholder(tf.int32, [None]), tf.placeholder(tf.int32, [None])
    d = tf.broadcast_dynamic_shape(s0, s1)
    assert (d.op.type, d.op.name, d.shape.as_list()) == ("BroadcastArgs", "BroadcastArgs", [None])
    np.testing.assert_array_equal(run(d, {s0: [2, 1, 3], s1: [5, 1]}), [2, 5, 3])
    assert tf.broadcast_dynamic_shape(tf.constant([2, 3]), tf.constant([4])).shape.as_list() == [2]
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Incompatible shapes: \[2,3\] vs. "
                                                             r"\[4\]"):
        run(tf.broadcast_dynamic_shape(tf.constant([2, 3]), tf.constant([4])))
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
        tf.broadcast_dynamic_shape(tf.constant([[2]]), s1)
    with pytest.raises(TypeError, match="Input 's1' of 'BroadcastArgs' Op has type int32 that "
                                        "does not match type int64 of argument 's0'."):
        tf.broadcast_dynamic_shape(tf.constant([2], tf.int64), s1)


def test_roll(backend):
    x = distinct_shape_input(3, 4, 5)
    check_op(lambda t: tf.roll(t, [1, -2, 7], [0, 2, 2]), [x],
             lambda t: np.roll(t, [1, 5], [0, 2]), backend=backend)
    y = tf.roll(tf.placeholder(tf.float32, [None, 3]), 1, 1)
    assert (y.op.type, y.op.name, y.shape.as_list()) == ("Roll", "Roll", [None, 3])
    assert y.op.inputs[1].op.name == "Roll/shift" and y.op.inputs[2].op.name == "Roll/axis"


def test_roll_errors():
    with pytest.raises(ValueError, match="Shape must be at least rank 1 but is rank 0"):
        tf.roll(tf.constant(1), 1, 0)
    with pytest.raises(ValueError, match=r"Dimension 0 in both shapes must be equal, but are 2 "
                                         r"and 1. Shapes are \[2\] and \[1\]."):
        tf.roll(tf.constant([1, 2]), [1, 2], [0])
    shift, axis, x = tf.placeholder(tf.int32), tf.placeholder(tf.int32), tf.placeholder(tf.int32)
    y = tf.roll(x, shift, axis)
    for feed, message in (({x: [1, 2], shift: 1, axis: 2}, "axis 2 is out of range"),
                          ({x: [1, 2], shift: [1, 2], axis: [0]},
                           "shift and axis must have the same size"),
                          ({x: [1, 2], shift: [[1]], axis: [0]},
                           r"shift must be a scalar or a 1-D vector. Found: \[1,1\]"),
                          ({x: [1, 2], shift: 1, axis: [[0]]},
                           r"axis must be a scalar or a 1-D vector. Found: \[1,1\]"),
                          ({x: 3, shift: 1, axis: 0}, "input must be 1-D or higher")):
        with pytest.raises(tf.errors.InvalidArgumentError, match=message):
            run(y, feed)


@pytest.mark.parametrize("side", ["left", "right"])
def test_searchsorted(backend, side):
    seq = np.sort(distinct_shape_input(2, 5), axis=1)
    values = distinct_shape_input(2, 3, seed=1)
    values[0, 0] = seq[0, 2]  # a tie: left and right differ
    out = check_op(lambda s, v: tf.searchsorted(s, v, side=side), [seq, values],
                   lambda s, v: np.stack([np.searchsorted(a, b, side=side)
                                          for a, b in zip(s, v)]).astype(np.int32),
                   backend=backend)
    assert out[0][0, 0] == (2 if side == "left" else 3)
    y = tf.searchsorted(tf.constant([1.0, 3.0, 5.0]), tf.constant([2.0, 5.0]), out_type=tf.int64)
    assert y.dtype == tf.int64 and y.op.type == "Reshape" and y.shape.as_list() == [2]
    assert y.op.inputs[0].op.type == "LowerBound"
    np.testing.assert_array_equal(run(y), [1, 2])


def test_searchsorted_errors():
    with pytest.raises(ValueError, match=r"^side must be either 'right' or 'left'.  Saw: x.$"):
        tf.searchsorted([1.0], [1.0], side="x")
    s, v = tf.placeholder(tf.float32), tf.placeholder(tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Leading dim_size of both tensors must match."):
        run(tf.searchsorted(s, v), {s: [[1.0, 2.0]], v: [[1.0], [2.0]]})


def test_unravel_index():
    y = tf.unravel_index(tf.constant([1, 5, 7]), [2, 4])
    assert (y.op.type, y.op.name, y.shape.as_list()) == ("UnravelIndex", "UnravelIndex", [2, 3])
    np.testing.assert_array_equal(run(y), [[0, 1, 1], [1, 1, 3]])
    scalar = tf.unravel_index(5, [2, 4])
    assert scalar.shape.as_list() == [2]
    np.testing.assert_array_equal(run(scalar), [1, 1])
    assert tf.unravel_index(tf.constant([1], tf.int64), [2, 4]).dtype == tf.int64
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
        tf.unravel_index([1], [[2, 4]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="index is out of bound as with dims"):
        run(tf.unravel_index([9], [2, 4]))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r'The indices can only be scalar or vector, got "\[1,2\]"'):
        run(tf.unravel_index([[1, 2]], [2, 4]))


def test_meshgrid():
    xy = tf.meshgrid([1, 2, 3], [4, 5])
    assert [t.name for t in xy] == ["meshgrid/mul:0", "meshgrid/mul_1:0"]
    got = run(xy)
    want = np.meshgrid([1, 2, 3], [4, 5])
    for g, w in zip(got, want):
        np.testing.assert_array_equal(g, w)
    ij = run(tf.meshgrid([1.0, 2.0], [3.0, 4.0, 5.0], [6.0], indexing="ij"))
    for g, w in zip(ij, np.meshgrid([1.0, 2.0], [3.0, 4.0, 5.0], [6.0], indexing="ij")):
        np.testing.assert_array_equal(g, w)
    with pytest.raises(ValueError, match="indexing parameter must be either 'xy' or 'ij'"):
        tf.meshgrid([1, 2], indexing="zz")
    with pytest.raises(TypeError, match="'foo' is an invalid keyword argument for this "
                                        "function"):
        tf.meshgrid([1, 2], foo=1)


# ---------------------------------------------------------------------------------------------
# space_to_batch_nd, batch_to_space_nd

def _ref_space_to_batch(x, block, paddings):
    """TF's definition, by loops: output[(i_0 * b_1 + i_1) * batch + n, h, w, ...] =
    padded[n, h * b_0 + i_0, w * b_1 + i_1, ...] (two spatial dims)."""
    x = np.pad(x, [(0, 0)] + [tuple(p) for p in paddings] + [(0, 0)] * (x.ndim - 3))
    n, h, w = x.shape[:3]
    out = np.zeros((n * block[0] * block[1], h // block[0], w // block[1]) + x.shape[3:],
                   x.dtype)
    for i0 in range(block[0]):
        for i1 in range(block[1]):
            for b in range(n):
                out[(i0 * block[1] + i1) * n + b] = x[b, i0::block[0], i1::block[1]]
    return out


def test_space_to_batch_nd(backend):
    x = distinct_shape_input(2, 5, 6, 3, dtype=np.float64)
    out = check_op(lambda t: tf.space_to_batch_nd(t, [2, 3], [[1, 0], [0, 0]]), [x],
                   lambda v: _ref_space_to_batch(v, (2, 3), [[1, 0], [0, 0]]), backend=backend)
    back = check_op(lambda t: tf.batch_to_space_nd(t, [2, 3], [[1, 0], [0, 0]]), [out[0]],
                    lambda v: x, backend=backend)
    np.testing.assert_array_equal(back[0], x)
    y = tf.space_to_batch_nd(tf.zeros([2, 5, 6, 3]), [2, 3], [[1, 0], [0, 0]])
    assert y.name == "SpaceToBatchND:0" and _shape(y) == [12, 3, 2, 3]
    assert [op.name for op in tf.get_default_graph().get_operations()][-3:] == [
        "SpaceToBatchND/block_shape", "SpaceToBatchND/paddings", "SpaceToBatchND"]
    assert y.op.get_attr("Tpaddings") == tf.int32
    z = tf.batch_to_space_nd(y, [2, 3], [[1, 0], [0, 0]], name="b2s")
    assert z.name == "b2s:0" and _shape(z) == [2, 5, 6, 3]
    assert z.op.get_attr("Tcrops") == tf.int32


def _ref_batch_to_space(x, block, crops):
    """TF's definition, by loops: full[n, h * b_0 + i_0, w * b_1 + i_1, ...] =
    x[(i_0 * b_1 + i_1) * batch + n, h, w, ...], then the crops cut off."""
    n = x.shape[0] // (block[0] * block[1])
    full = np.zeros((n, x.shape[1] * block[0], x.shape[2] * block[1]) + x.shape[3:], x.dtype)
    for i0 in range(block[0]):
        for i1 in range(block[1]):
            for b in range(n):
                full[b, i0::block[0], i1::block[1]] = x[(i0 * block[1] + i1) * n + b]
    (t, d), (l, r) = crops
    return full[:, t:full.shape[1] - d, l:full.shape[2] - r]


def test_batch_to_space_nd_crops(backend):
    x = distinct_shape_input(4, 2, 3, 5, dtype=np.float32)
    check_op(lambda t: tf.batch_to_space_nd(t, [2, 2], [[1, 0], [1, 1]]), [x],
             lambda v: _ref_batch_to_space(v, (2, 2), [[1, 0], [1, 1]]), backend=backend)
    x = distinct_shape_input(6, 2, 1, 3, dtype=np.float64)
    check_op(lambda t: tf.batch_to_space_nd(t, [3, 2], [[0, 2], [1, 0]]), [x],
             lambda v: _ref_batch_to_space(v, (3, 2), [[0, 2], [1, 0]]), backend=backend)


def test_space_to_batch_nd_partial_shapes():
    p = _ph([None, 4, None, 3])
    assert _shape(tf.space_to_batch_nd(p, [2, 2], [[0, 0], [0, 0]])) == [None, 2, None, 3]
    blocks = _ph([2], tf.int32)
    assert _shape(tf.space_to_batch_nd(_ph([2, 4, 4, 3]), blocks, [[0, 0], [0, 0]])) == [
        None, None, None, 3]
    assert _shape(tf.batch_to_space_nd(_ph([8, 2, 3, 3]), [2, 2], [[0, 1], [0, 0]])) == [
        2, 3, 6, 3]


def test_space_to_batch_nd_gradients():
    rng = np.random.RandomState(3)
    for build, shape in [
            (lambda t: tf.space_to_batch_nd(t, [2, 2], [[1, 0], [0, 1]]), (2, 3, 3, 2)),
            (lambda t: tf.batch_to_space_nd(t, [2, 1], [[0, 1], [0, 0]]), (4, 3, 2, 2))]:
        x = rng.standard_normal(shape)
        p = tf.placeholder(tf.float64, shape)
        y = build(p)
        with tf.Session():
            assert tf.test.compute_gradient_error(p, shape, y, y.shape.as_list(),
                                                  x_init_value=x) < 1e-8


def test_space_to_batch_nd_errors():
    with pytest.raises(ValueError, match="Dimension size must be evenly divisible by 2 but "
                                         "is 5"):
        tf.space_to_batch_nd(tf.zeros([1, 5, 4, 1]), [2, 2], [[0, 0], [0, 0]])
    with pytest.raises(ValueError, match="paddings cannot be negative"):
        tf.space_to_batch_nd(tf.zeros([1, 4, 4, 1]), [2, 2], [[-1, 1], [0, 0]])
    with pytest.raises(ValueError, match="block_shape must be positive"):
        tf.space_to_batch_nd(tf.zeros([1, 4, 4, 1]), [0, 2], [[0, 0], [0, 0]])
    with pytest.raises(ValueError, match="crops cannot be negative"):
        tf.batch_to_space_nd(tf.zeros([4, 2, 2, 1]), [2, 2], [[0, -1], [0, 0]])
    with pytest.raises(ValueError, match="Dimension size must be evenly divisible by 4 but "
                                         "is 6"):
        tf.batch_to_space_nd(tf.zeros([6, 2, 2, 1]), [2, 2], [[0, 0], [0, 0]])
    with pytest.raises(ValueError, match="Negative dimension size caused by subtracting 5 "
                                         "from 4"):
        tf.batch_to_space_nd(tf.zeros([4, 2, 2, 1]), [2, 2], [[2, 3], [0, 0]])
    with pytest.raises(TypeError, match="'block_shape' has DataType float32"):
        tf.space_to_batch_nd(tf.zeros([1, 4, 4, 1]), tf.constant([2.0, 2.0]),
                             [[0, 0], [0, 0]])
    x = _ph(None)
    b = _ph(None, tf.int32)
    cases = [
        (tf.space_to_batch_nd(x, b, [[0, 0], [0, 0]]), {x: np.zeros((1, 5, 4, 1)), b: [2, 2]},
         r"padded_shape\[0\]=5 is not divisible by block_shape\[0\]=2"),
        (tf.batch_to_space_nd(x, b, [[0, 0], [0, 0]]), {x: np.zeros((6, 2, 2, 1)), b: [2, 2]},
         r"Input batch dimension \(6\) is not divisible by product of block sizes \(4\)"),
        (tf.space_to_batch_nd(x, b, [[0, 0], [0, 0]]), {x: np.zeros((4,)), b: [2, 2]},
         "input rank should be >= 3 instead of 1"),
    ]
    for y, feed, match in cases:
        with pytest.raises(tf.errors.InvalidArgumentError, match=match):
            run(y, feed)


# ---------------------------------------------------------------------------------------------
# space_to_depth, depth_to_space

def _ref_space_to_depth(x, bs):
    """out[n, h, w, (i * bs + j) * C + c] = x[n, h * bs + i, w * bs + j, c], by loops."""
    n, h, w, c = x.shape
    out = np.zeros((n, h // bs, w // bs, bs * bs * c), x.dtype)
    for i in range(bs):
        for j in range(bs):
            out[..., (i * bs + j) * c:(i * bs + j + 1) * c] = x[:, i::bs, j::bs]
    return out


def test_space_to_depth_and_back(backend):
    x = distinct_shape_input(2, 4, 6, 3, dtype=np.float64)
    y = check_op(lambda t: tf.space_to_depth(t, 2), [x], lambda v: _ref_space_to_depth(v, 2),
                 backend=backend)[0]
    check_op(lambda t: tf.depth_to_space(t, 2), [y], lambda v: x, backend=backend)
    x3 = distinct_shape_input(1, 6, 3, 2, dtype=np.float32)
    check_op(lambda t: tf.nn.space_to_depth(t, 3), [x3], lambda v: _ref_space_to_depth(v, 3),
             backend=backend)
    # NCHW is NHWC transposed
    nchw = check_op(lambda t: tf.space_to_depth(t, 2, data_format="NCHW"),
                    [x.transpose(0, 3, 1, 2)], None, backend=backend)[0]
    np.testing.assert_array_equal(nchw.transpose(0, 2, 3, 1), _ref_space_to_depth(x, 2))
    back = check_op(lambda t: tf.depth_to_space(t, 2, data_format="NCHW"), [nchw], None,
                    backend=backend)[0]
    np.testing.assert_array_equal(back, x.transpose(0, 3, 1, 2))


def test_space_to_depth_names_and_shapes():
    a = tf.space_to_depth(tf.zeros([2, 4, 6, 3]), 2)
    b = tf.depth_to_space(tf.zeros([2, 2, 3, 8]), 2, name="d2s")
    assert (a.name, _shape(a), a.op.get_attr("block_size")) == ("SpaceToDepth:0",
                                                               [2, 2, 3, 12], 2)
    assert (b.name, _shape(b), b.op.get_attr("data_format")) == ("d2s:0", [2, 4, 6, 2], "NHWC")
    assert tf.nn.depth_to_space is tf.depth_to_space and \
        tf.nn.space_to_depth is tf.space_to_depth
    assert _shape(tf.space_to_depth(_ph([None, 4, None, 3]), 2)) == [None, 2, None, 12]
    assert _shape(tf.depth_to_space(_ph([None, 4, 2, None]), 2)) == [None, 8, 4, None]
    assert _shape(tf.depth_to_space(_ph(None), 2)) == [None] * 4


def test_space_to_depth_gradients():
    rng = np.random.RandomState(5)
    for build, shape in [(lambda t: tf.space_to_depth(t, 2), (2, 4, 2, 3)),
                         (lambda t: tf.depth_to_space(t, 2), (1, 2, 3, 8)),
                         (lambda t: tf.space_to_depth(t, 2, data_format="NCHW"), (1, 2, 4, 2))]:
        x = rng.standard_normal(shape)
        p = tf.placeholder(tf.float64, shape)
        y = build(p)
        with tf.Session():
            assert tf.test.compute_gradient_error(p, shape, y, y.shape.as_list(),
                                                  x_init_value=x) < 1e-8
    x = tf.zeros([1, 2, 2, 4])
    assert tf.gradients(tf.depth_to_space(x, 2), x)[0].op.type == "SpaceToDepth"
    assert tf.gradients(tf.space_to_depth(x, 2), x)[0].op.type == "DepthToSpace"


def test_space_to_depth_errors():
    with pytest.raises(ValueError, match="Attr 'block_size' of 'SpaceToDepth' Op passed 1 "
                                         "less than minimum 2."):
        tf.space_to_depth(tf.zeros([1, 4, 4, 1]), 1)
    with pytest.raises(ValueError, match="Dimension size must be evenly divisible by 2 but is "
                                         "3"):
        tf.space_to_depth(tf.zeros([2, 3, 6, 3]), 2)
    with pytest.raises(ValueError, match="Dimension size must be evenly divisible by 4 but is "
                                         "3"):
        tf.depth_to_space(tf.zeros([2, 4, 6, 3]), 2)
    with pytest.raises(ValueError, match="Shape must be rank 4 but is rank 3"):
        tf.space_to_depth(tf.zeros([4, 6, 3]), 2)
    with pytest.raises(ValueError, match="Attr 'data_format' of 'DepthToSpace' Op passed "
                                         "string 'NDHWC' not in"):
        tf.depth_to_space(tf.zeros([1, 2, 2, 4]), 2, data_format="NDHWC")
    with pytest.raises(TypeError, match="Expected int for argument 'block_size'"):
        tf.space_to_depth(tf.zeros([1, 4, 4, 1]), 2.0)
    x = _ph(None)
    cases = [
        (tf.space_to_depth(x, 2), np.zeros((1, 5, 4, 1)),
         "Image width 4 and height 5 should be divisible by block_size: 2"),
        (tf.depth_to_space(x, 2), np.zeros((1, 2, 2, 3)),
         "Input depth dimension 3 should be divisible by: 4"),
        (tf.space_to_depth(x, 2), np.zeros((2, 2, 3)), "Input rank should be: 4 instead of: 3"),
        (tf.space_to_depth(x, 2, data_format="NCHW_VECT_C"), np.zeros((1, 2, 2, 4)),
         "Only NHWC data_format supported on CPU. Got NCHW_VECT_C"),
    ]
    for y, value, match in cases:
        with pytest.raises(tf.errors.InvalidArgumentError, match=match):
            run(y, {x: value})


# ---------------------------------------------------------------------------------------------
# scatter_nd_update (a state op on a ref variable)

def test_scatter_nd_update():
    v = tf.Variable(np.arange(12, dtype=np.float32).reshape(4, 3))
    rows = tf.scatter_nd_update(v, [[1], [3]], [[10.0, 11, 12], [20, 21, 22]])
    assert (rows.name, rows.dtype, _shape(rows)) == ("ScatterNdUpdate:0", tf.float32_ref, [4, 3])
    assert [t.name for t in rows.op.inputs] == ["Variable:0", "ScatterNdUpdate/indices:0",
                                                "ScatterNdUpdate/updates:0"]
    assert rows.op.get_attr("use_locking") is True
    cells = tf.scatter_nd_update(v, [[0, 0], [2, 1]], [-1.0, -2.0], use_locking=False,
                                 name="cells")
    assert cells.name == "cells:0" and cells.op.get_attr("use_locking") is False
    method = v.scatter_nd_update([[3, 2]], [99.0])
    assert method.op.type == "ScatterNdUpdate"
    with tf.Session() as sess:
        sess.run(v.initializer)
        want = np.arange(12, dtype=np.float32).reshape(4, 3)
        want[1], want[3] = [10, 11, 12], [20, 21, 22]
        np.testing.assert_array_equal(sess.run(rows), want)
        want[0, 0], want[2, 1] = -1, -2
        np.testing.assert_array_equal(sess.run(cells), want)
        want[3, 2] = 99
        np.testing.assert_array_equal(sess.run(method), want)
        np.testing.assert_array_equal(sess.run(v), want)


def test_scatter_nd_update_errors():
    v = tf.Variable(np.zeros((4, 3), np.float32))
    with pytest.raises(ValueError, match="The inner 1 dimensions of input.shape=\\[4,3\\] must "
                                         "match the inner 1 dimensions of updates.shape=\\[2,2\\]"):
        tf.scatter_nd_update(v, [[1], [3]], [[1.0, 2], [3, 4]])
    with pytest.raises(ValueError, match="The outer 1 dimensions of indices.shape=\\[2,1\\] must "
                                         "match the outer 1 dimensions of updates.shape"):
        tf.scatter_nd_update(v, [[1], [3]], [[1.0, 2, 3]])
    with pytest.raises(TypeError, match="Value passed to parameter 'indices' has DataType "
                                        "float32"):
        tf.scatter_nd_update(v, [[1.0]], [[1.0, 2, 3]])
    with pytest.raises(TypeError, match="Input 'updates' of 'ScatterNdUpdate' Op has type "
                                        "int32 that does not match type float32"):
        tf.scatter_nd_update(v, [[1]], tf.constant([[1, 2, 3]]))
    i = tf.placeholder(tf.int32)
    u = tf.placeholder(tf.float32)
    op = tf.scatter_nd_update(v, i, u)
    with tf.Session() as sess:
        sess.run(v.initializer)
        for feed, match in [
                ({i: [[5]], u: [[1, 2, 3]]},
                 r"indices\[0\] = \[5\] does not index into param shape \[4,3\]"),
                ({i: [[1]], u: [[1, 2]]}, "Must have updates.shape = indices.shape"),
                ({i: [[1, 1, 1]], u: [1]}, "indices.shape\\[-1\\] must be <= params.rank")]:
            with pytest.raises(tf.errors.InvalidArgumentError, match=match):
                sess.run(op, feed)
