"""Gradients of the array ops (TF 1.15's array_grad.py): the names TF gives the gradient
tensors, gather's IndexedSlices, unknown shapes; and the ops those gradients use (ShapeN,
InvertPermutation, ConcatOffset, StridedSliceGrad, MirrorPadGrad) and `tf.unique`, with their
values, static shapes and errors. Numeric checks of every gradient are in the gradient table
(tests/autodiff/grad_table/array.py)."""
import numpy as np
import pytest

import minitf as tf
from minitf.ops import array as array_ops
from tests.harness import check_op, distinct_shape_input, run


def _ph(shape, dtype=tf.float32, name=None):
    return tf.placeholder(dtype, shape, name=name)


def _grad_ops(scope="gradients/"):
    return [(op.name, op.type) for op in tf.get_default_graph().get_operations()
            if op.name.startswith(scope)]


def _names(ts):
    return [None if t is None else t.name for t in ts]


# ---------------------------------------------------------------------------------------------
# TF's names for the gradient tensors

@pytest.mark.parametrize("build, want", [
    (lambda x: tf.reshape(x, [-1]), ["gradients/Reshape_grad/Reshape:0"]),
    (lambda x: tf.squeeze(tf.expand_dims(x, 1)), ["gradients/ExpandDims_grad/Reshape:0"]),
    (lambda x: tf.transpose(x), ["gradients/transpose_grad/transpose:0"]),
    (lambda x: tf.tile(x, [2, 3]), ["gradients/Tile_grad/Sum:0"]),
    (lambda x: tf.slice(x, [1, 1], [2, 3]), ["gradients/Slice_grad/Pad:0"]),
    (lambda x: x[1:3, ::2], ["gradients/strided_slice_grad/StridedSliceGrad:0"]),
    (lambda x: tf.pad(x, [[1, 2], [0, 1]]), ["gradients/Pad_grad/Slice_1:0"]),
    (lambda x: tf.pad(x, [[1, 2], [0, 1]], constant_values=3.0),
     ["gradients/PadV2_grad/Slice_1:0"]),
    (lambda x: tf.pad(x, [[1, 2], [0, 1]], "REFLECT"),
     ["gradients/MirrorPad_grad/MirrorPadGrad:0"]),
    (lambda x: tf.reverse(x, [1]), ["gradients/ReverseV2_grad/ReverseV2:0"]),
    (lambda x: tf.reverse_sequence(x, [1, 2, 3, 4], seq_axis=1, batch_axis=0),
     ["gradients/ReverseSequence_grad/ReverseSequence:0"]),
    (lambda x: tf.cast(x, tf.float64), ["gradients/Cast_grad/Cast:0"]),
    (lambda x: tf.split(x, 5, 1)[0], ["gradients/split_grad/concat:0"]),
    (lambda x: tf.split(x, [1, 4], 1)[1], ["gradients/split_grad/concat:0"]),
    (lambda x: tf.unstack(x)[0], ["gradients/unstack_grad/stack:0"]),
])
def test_gradient_names(build, want):
    x = _ph([4, 5])
    assert _names(tf.gradients(build(x), x)) == want


def test_concat_gradient_ops_and_names():
    x, y = _ph([2, 3]), _ph([2, 4])
    gx, gy = tf.gradients(tf.concat([x, y], 1), [x, y])
    assert (gx.name, gy.name) == ("gradients/concat_grad/Slice:0",
                                  "gradients/concat_grad/Slice_1:0")
    assert _grad_ops("gradients/concat_grad/") == [
        ("gradients/concat_grad/Rank", "Const"), ("gradients/concat_grad/mod", "FloorMod"),
        ("gradients/concat_grad/Shape", "Const"), ("gradients/concat_grad/Shape_1", "Const"),
        ("gradients/concat_grad/ConcatOffset", "ConcatOffset"),
        ("gradients/concat_grad/Slice", "Slice"), ("gradients/concat_grad/Slice_1", "Slice")]


def test_slice_tile_pad_gradient_ops():
    x = _ph([4, 5])
    tf.gradients(tf.slice(x, [1, 1], [2, 3]), x)
    assert _grad_ops("gradients/Slice_grad/") == [
        ("gradients/Slice_grad/Rank", "Const"), ("gradients/Slice_grad/Shape", "Const"),
        ("gradients/Slice_grad/stack/1", "Const"), ("gradients/Slice_grad/stack", "Pack"),
        ("gradients/Slice_grad/Reshape", "Reshape"), ("gradients/Slice_grad/Shape_1", "Const"),
        ("gradients/Slice_grad/sub", "Sub"), ("gradients/Slice_grad/sub_1", "Sub"),
        ("gradients/Slice_grad/Reshape_1", "Reshape"),
        ("gradients/Slice_grad/concat/axis", "Const"), ("gradients/Slice_grad/concat", "ConcatV2"),
        ("gradients/Slice_grad/Pad", "Pad")]
    tf.gradients(tf.tile(x, [2, 3]), x)
    assert [n for n, _ in _grad_ops("gradients_1/Tile_grad/")] == [
        "gradients_1/Tile_grad/" + n for n in
        ("Shape", "stack", "transpose/perm", "transpose", "Reshape/shape", "Reshape", "Size",
         "range/start", "range/delta", "range", "Reshape_1", "Sum")]
    tf.gradients(tf.pad(x, [[1, 2], [0, 1]]), x)
    assert [n for n, _ in _grad_ops("gradients_2/Pad_grad/")] == [
        "gradients_2/Pad_grad/" + n for n in
        ("Rank", "stack/1", "stack", "Slice/begin", "Slice", "Reshape/shape", "Reshape", "Shape",
         "Slice_1")]


def test_transpose_and_select_gradient_ops():
    x, y = _ph([4, 5]), _ph([4, 5])
    tf.gradients(tf.transpose(x), x)
    assert _grad_ops("gradients/transpose_grad/") == [
        ("gradients/transpose_grad/InvertPermutation", "InvertPermutation"),
        ("gradients/transpose_grad/transpose", "Transpose")]
    gx, gy = tf.gradients(tf.where(x > 0, x, y), [x, y])
    assert (gx.name, gy.name) == ("gradients_1/Select_grad/Select:0",
                                  "gradients_1/Select_grad/Select_1:0")
    assert _grad_ops("gradients_1/Select_grad/")[0] == ("gradients_1/Select_grad/zeros_like",
                                                        "Const")


def test_pack_gradient_is_one_unpack():
    x, y = _ph([3, 6]), _ph([3, 6])
    gx, gy = tf.gradients(tf.stack([x, y], 1), [x, y])
    assert (gx.name, gy.name) == ("gradients/stack_grad/unstack:0",
                                  "gradients/stack_grad/unstack:1")


def test_fill_gradient_is_the_sum():
    v = _ph([])
    g, = tf.gradients(tf.fill([2, 3], v) * np.arange(6, dtype=np.float32).reshape(2, 3), v)
    assert g.name == "gradients/Fill_grad/Sum:0"
    assert run(g, {v: 1.0}) == pytest.approx(15.0)


def test_gradient_values(backend):
    x = _ph([3, 4])
    xv = distinct_shape_input(3, 4)
    w = distinct_shape_input(3, 4, seed=1)
    g, = tf.gradients(tf.reduce_sum(tf.reverse(x, [1]) * w), x)
    np.testing.assert_allclose(run(g, {x: xv}, backend=backend), w[:, ::-1], rtol=1e-6)
    g, = tf.gradients(tf.reduce_sum(tf.slice(x, [1, 1], [2, 2]) * w[:2, :2]), x)
    want = np.zeros((3, 4), np.float32)
    want[1:3, 1:3] = w[:2, :2]
    np.testing.assert_allclose(run(g, {x: xv}, backend=backend), want, rtol=1e-6)


# ---------------------------------------------------------------------------------------------
# Gradients that are None

def test_integer_and_index_inputs_get_none():
    x = _ph([4])
    i = _ph([4], tf.int32)
    assert tf.gradients(tf.cast(i, tf.float32), i) == [None]
    assert tf.gradients(tf.cast(x, tf.int32), x) == [None]
    assert tf.gradients(tf.cast(tf.cast(x, tf.int32), tf.float32), x) == [None]


def test_cast_between_float_types_casts_back():
    x = _ph([2], tf.float64)
    g, = tf.gradients(tf.cast(x, tf.float32), x)
    assert g.dtype == tf.float64
    np.testing.assert_array_equal(run(g, {x: [1.0, 2.0]}), [1.0, 1.0])


def test_padv2_constant_gets_no_gradient():
    x, c = _ph([3]), _ph([])
    gx, gc = tf.gradients(tf.pad(x, [[1, 1]], constant_values=c), [x, c])
    assert gc is None
    np.testing.assert_array_equal(run(gx, {x: [1, 2, 3], c: 0.5}), [1, 1, 1])


# ---------------------------------------------------------------------------------------------
# GatherV2: IndexedSlices on axis 0

def test_gather_gradient_is_indexed_slices():
    params = _ph([5, 3])
    g, = tf.gradients(tf.gather(params, [1, 2, 1]), params)
    assert isinstance(g, tf.IndexedSlices)
    assert g.values.name == "gradients/GatherV2_grad/Reshape:0"
    assert g.indices.name == "gradients/GatherV2_grad/Reshape_1:0"
    assert g.dense_shape.name == "gradients/GatherV2_grad/Cast:0"
    assert g.values.shape.as_list() == [3, 3] and g.indices.shape.as_list() == [3]
    assert g.dense_shape.dtype == tf.int32 and g.shape.as_list() == [5, 3]
    value = run(g, {params: np.zeros((5, 3), np.float32)})
    assert isinstance(value, tf.IndexedSlicesValue)
    np.testing.assert_array_equal(value.values, np.ones((3, 3)))
    np.testing.assert_array_equal(value.indices, [1, 2, 1])  # duplicates are kept, not summed
    np.testing.assert_array_equal(value.dense_shape, [5, 3])


def test_gather_gradient_with_duplicates_weights_each_row(backend):
    params = _ph([4, 2])
    ids = tf.constant([[3, 0], [3, 3]], tf.int64)
    w = np.arange(8, dtype=np.float32).reshape(2, 2, 2)
    g, = tf.gradients(tf.reduce_sum(tf.gather(params, ids) * w), params)
    value = run(g, {params: np.zeros((4, 2), np.float32)}, backend=backend)
    assert value.indices.dtype == np.int64
    np.testing.assert_array_equal(value.indices, [3, 0, 3, 3])
    np.testing.assert_array_equal(value.values, w.reshape(4, 2))
    dense = np.zeros((4, 2), np.float32)
    np.add.at(dense, value.indices, value.values)
    np.testing.assert_array_equal(dense, [[2, 3], [0, 0], [0, 0], [0 + 4 + 6, 1 + 5 + 7]])


def test_gather_gradient_with_unknown_shapes():
    params = _ph([None, 3])
    ids = tf.placeholder(tf.int32, [None])
    g, = tf.gradients(tf.gather(params, ids), params)
    assert g.values.shape.ndims == 2 and g.indices.shape.as_list() == [None]
    assert [t for _, t in _grad_ops("gradients/GatherV2_grad/")][:3] == ["Shape", "Cast",
                                                                          "Size"]
    value = run(g, {params: np.zeros((6, 3), np.float32), ids: [5, 0]})
    np.testing.assert_array_equal(value.dense_shape, [6, 3])
    np.testing.assert_array_equal(value.indices, [5, 0])


def test_gather_gradient_through_concat_splits_the_rows():
    a, b = _ph([2, 3]), _ph([3, 3])
    ga, gb = tf.gradients(tf.gather(tf.concat([a, b], 0), [4, 0, 2, 4]), [a, b])
    assert isinstance(ga, tf.IndexedSlices) and isinstance(gb, tf.IndexedSlices)
    va, vb = run([ga, gb], {a: np.zeros((2, 3)), b: np.zeros((3, 3))})
    np.testing.assert_array_equal(va.indices, [0])
    np.testing.assert_array_equal(vb.indices, [2, 0, 2])
    np.testing.assert_array_equal(va.dense_shape, [2, 3])
    np.testing.assert_array_equal(vb.dense_shape, [3, 3])


def test_gather_gradient_through_concat_on_columns():
    a, b = _ph([4, 1]), _ph([4, 2])
    ga, gb = tf.gradients(tf.gather(tf.concat([a, b], -1), [3, 1]) * [[1.0, 2.0, 3.0]], [a, b])
    va, vb = run([ga, gb], {a: np.zeros((4, 1)), b: np.zeros((4, 2))})
    np.testing.assert_array_equal(va.indices, [3, 1])
    np.testing.assert_array_equal(va.values, [[1], [1]])
    np.testing.assert_array_equal(vb.values, [[2, 3], [2, 3]])


def test_gather_gradient_through_tile_sums_the_copies():
    x = _ph([3, 2])
    w = np.arange(16, dtype=np.float32).reshape(4, 4)
    g, = tf.gradients(tf.reduce_sum(tf.gather(tf.tile(x, [2, 2]), [4, 0, 1, 4]) * w), x)
    assert g.name == "gradients/Tile_grad/Sum:0" and g.shape.as_list() == [3, 2]
    tiled = np.zeros((6, 4), np.float32)
    np.add.at(tiled, [4, 0, 1, 4], w)
    np.testing.assert_array_equal(run(g, {x: np.zeros((3, 2))}),
                                  tiled.reshape(2, 3, 2, 2).sum(axis=(0, 2)))


def test_concat_indexed_slices_gradient_needs_a_static_axis():
    a, b = _ph([2, 3]), _ph([3, 3])
    axis = tf.placeholder(tf.int32, [])
    with pytest.raises(ValueError, match="^Can only compute IndexedSlices gradient with "
                                         "statically-known concat_dim$"):
        tf.gradients(tf.gather(tf.concat([a, b], axis), [0]), [a, b])


# ---------------------------------------------------------------------------------------------
# Unknown shapes

def test_concat_gradient_with_an_unknown_shape_uses_shape_n():
    x, y = _ph([None, 3]), _ph([2, 4])
    gx, gy = tf.gradients(tf.concat([x, y], 1), [x, y])
    types = [t for _, t in _grad_ops("gradients/concat_grad/")]
    assert types == ["Const", "FloorMod", "Shape", "ShapeN", "ConcatOffset", "Slice", "Slice"]
    assert gx.shape.as_list() == [None, 3] and gy.shape.as_list() == [2, 4]
    vx, vy = run([gx, gy], {x: np.zeros((2, 3)), y: np.zeros((2, 4))})
    assert vx.shape == (2, 3) and vy.shape == (2, 4)


def test_gradients_with_unknown_rank():
    x = _ph(None)
    y = tf.reshape(x, [-1]) * [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    g, = tf.gradients(tf.reduce_sum(y), x)
    np.testing.assert_array_equal(run(g, {x: np.zeros((2, 3))}), [[1, 2, 3], [4, 5, 6]])
    s = tf.strided_slice(x, [1], [3], [1])
    g, = tf.gradients(s, x)
    assert g.shape.ndims is None
    np.testing.assert_array_equal(run(g, {x: np.zeros(4)}), [0, 1, 1, 0])
    t = tf.tile(x, [2, 1])
    g, = tf.gradients(t, x)
    np.testing.assert_array_equal(run(g, {x: np.zeros((2, 3))}), np.full((2, 3), 2.0))


# ---------------------------------------------------------------------------------------------
# ShapeN

def test_shape_n():
    a, b = _ph([2, None]), _ph(None)
    s = tf.shape_n([a, b])
    assert _names(s) == ["ShapeN:0", "ShapeN:1"]
    assert [t.shape.as_list() if t.shape.ndims is not None else None for t in s] == [[2], [None]]
    assert [t.dtype for t in s] == [tf.int32, tf.int32]
    va, vb = run(s, {a: np.zeros((2, 5)), b: np.zeros((3, 1, 4))})
    np.testing.assert_array_equal(va, [2, 5])
    np.testing.assert_array_equal(vb, [3, 1, 4])
    c = tf.zeros([3, 4])
    s64 = tf.shape_n([c], out_type=tf.int64, name="shapes")
    assert s64[0].name == "shapes:0" and s64[0].dtype == tf.int64
    np.testing.assert_array_equal(run(s64[0]), [3, 4])


def test_shape_n_errors():
    with pytest.raises(TypeError, match="^Value passed to parameter 'out_type' has DataType "
                                        "float32 not in list of allowed values: int32, int64$"):
        tf.shape_n([tf.zeros([2])], out_type=tf.float32)
    with pytest.raises(TypeError, match=r"^Tensors in list passed to 'input' of 'ShapeN' Op "
                                        r"have types \[float32, int32\] that don't all match\.$"):
        tf.shape_n([tf.zeros([2]), tf.constant([1])])


# ---------------------------------------------------------------------------------------------
# InvertPermutation

def test_invert_permutation(backend):
    check_op(tf.invert_permutation, [np.array([2, 0, 3, 1], np.int32)],
             lambda p: np.argsort(p).astype(np.int32), backend=backend)
    check_op(tf.invert_permutation, [np.array([1, 0], np.int64)],
             lambda p: np.array([1, 0], np.int64), backend=backend)
    t = tf.invert_permutation([2, 0, 1])
    assert t.name == "InvertPermutation:0" and t.shape.as_list() == [3]
    assert tf.invert_permutation(_ph(None, tf.int32)).shape.as_list() == [None]


@pytest.mark.parametrize("perm, message", [
    ([2, 2, 1], "2 is duplicated in the input."),
    ([3, 0, 1], "3 is not between 0 and 3"),
    ([-1, 0, 1], "-1 is not between 0 and 3"),
])
def test_invert_permutation_run_errors(perm, message):
    p = _ph([3], tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        run(tf.invert_permutation(p), {p: perm})


def test_invert_permutation_build_errors():
    with pytest.raises(ValueError, match="^Shape must be rank 1 but is rank 2 for "
                                         "'InvertPermutation'"):
        tf.invert_permutation([[0]])
    with pytest.raises(TypeError, match="^Value passed to parameter 'x' has DataType float32 "
                                        "not in list of allowed values: int32, int64$"):
        tf.invert_permutation([0.0])
    p = _ph(None, tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="invert_permutation expects a 1D vector."):
        run(tf.invert_permutation(p), {p: [[0]]})


# ---------------------------------------------------------------------------------------------
# ConcatOffset

def test_concat_offset():
    out = array_ops.concat_offset(1, [[2, 3, 4], [2, 5, 4], [2, 1, 4]])
    assert _names(out) == ["ConcatOffset:0", "ConcatOffset:1", "ConcatOffset:2"]
    assert [t.shape.as_list() for t in out] == [[3], [3], [3]]
    np.testing.assert_array_equal(run(out), [[0, 0, 0], [0, 3, 0], [0, 8, 0]])
    np.testing.assert_array_equal(run(array_ops.concat_offset(-1, [[2, 3], [2, 5]])),
                                  [[0, 0], [0, 3]])


@pytest.mark.parametrize("dim, shapes, message", [
    (3, [[2, 3, 4], [2, 5, 4]], r"^Concat dim is out of range: 3 vs\. 3"),
    (1, [[2, 3, 4], [2, 5]], r"^input 1 should contain 3 elements, but got 2"),
    (1, [[2, 3, 4], [3, 5, 4]], (r"^All dimensions except 1 must match\. Input 1 has shape "
                                 r"\[3 5 4\] and doesn't match input 0 with shape \[2 3 4\]\.")),
    (-1, [[2, 3, 4], [2, 5, 4]], (r"^All dimensions except 2 must match\. Input 1 has shape "
                                  r"\[2 5 4\] and doesn't match input 0 with shape \[2 3 4\]\.")),
    (1, [[[2, 3, 4]], [[3, 5, 4]]], r"^input 1 should be a vector, but got shape \[1,3\]"),
    ([1], [[2, 3, 4], [2, 3, 4]], (r"^Concat dim tensor should be a scalar integer, but got "
                                   r"shape \[1\]")),
])
def test_concat_offset_run_errors(dim, shapes, message):
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        run(array_ops.concat_offset(dim, shapes))


def test_concat_offset_needs_two_shapes():
    with pytest.raises(ValueError, match="^List argument 'shape' to 'ConcatOffset' Op with "
                                         "length 1 shorter than minimum length 2.$"):
        array_ops.concat_offset(1, [[2, 3, 4]])


# ---------------------------------------------------------------------------------------------
# StridedSliceGrad

def _strided_slice_grad_reference(shape, index, dy):
    positions = np.arange(np.prod(shape)).reshape(shape)[index]
    out = np.zeros(int(np.prod(shape)), dy.dtype)
    np.add.at(out, positions.ravel(), dy.ravel())
    return out.reshape(shape)


@pytest.mark.parametrize("args, masks, index, dy_shape", [
    (([4, 5], [1, 0], [3, 5], [1, 2]), {}, np.s_[1:3, 0:5:2], (2, 3)),
    (([4, 5], [3, 0], [0, 5], [-1, 1]), {"end_mask": 1}, np.s_[3::-1, :], (4, 5)),
    (([3, 4, 5], [0, 1], [0, 2], [1, 1]), {"ellipsis_mask": 1, "shrink_axis_mask": 2},
     np.s_[..., 1], (3, 4)),
    (([3, 4], [1, 0, 0], [2, 0, 4], [1, 1, 1]), {"shrink_axis_mask": 1, "new_axis_mask": 2},
     np.s_[1, None, 0:4], (1, 4)),
])
def test_strided_slice_grad(backend, args, masks, index, dy_shape):
    dy = distinct_shape_input(*dy_shape)
    shape = args[0]
    check_op(lambda d: array_ops.strided_slice_grad(*args, d, **masks), [dy],
             lambda d: _strided_slice_grad_reference(shape, index, d), backend=backend)


def test_strided_slice_grad_static_shape():
    dy = tf.ones([2, 3])
    assert array_ops.strided_slice_grad([4, 5], [1, 0], [3, 5], [1, 2], dy).name == \
        "StridedSliceGrad:0"
    shape = _ph([3], tf.int32)
    assert array_ops.strided_slice_grad(shape, [1, 0], [3, 5], [1, 2], dy).shape.as_list() == \
        [None, None, None]
    assert array_ops.strided_slice_grad(_ph(None, tf.int32), [1, 0], [3, 5], [1, 2],
                                        dy).shape.ndims is None
    assert array_ops.strided_slice_grad(tf.constant([4, -1]), [1, 0], [3, 5], [1, 2],
                                        dy).shape.as_list() == [4, None]
    with pytest.raises(ValueError, match="^Shape must be rank 1 but is rank 2 for "
                                         "'StridedSliceGrad_4'"):
        array_ops.strided_slice_grad([[4, 5]], [1, 0], [3, 5], [1, 2], dy)


@pytest.mark.parametrize("args, dy_shape, masks, message", [
    (([4, 5], [1, 0], [3, 5], [1, 2]), (2, 2), {},
     r"^shape of dy was \[2,2\] instead of \[2,3\]"),
    (([4, 5], [1, 0, 0], [2, 0, 5], [1, 1, -1]), (1, 5),
     {"shrink_axis_mask": 1, "new_axis_mask": 2}, r"^shape of dy was \[1,5\] instead of \[1,0\]"),
    (([4, 5], [1, 0], [3, 5], [1, 0]), (2, 3), {}, r"^strides\[1\] must be non-zero"),
])
def test_strided_slice_grad_run_errors(args, dy_shape, masks, message):
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        run(array_ops.strided_slice_grad(*args, tf.ones(dy_shape), **masks))


def test_strided_slice_grad_gradient_is_a_strided_slice():
    dy = _ph([2, 3])
    out = array_ops.strided_slice_grad([4, 5], [1, 0], [3, 5], [1, 2], dy)
    g, = tf.gradients(out, dy)
    assert g.op.type == "StridedSlice"
    assert g.name == "gradients/StridedSliceGrad_grad/StridedSlice:0"


# ---------------------------------------------------------------------------------------------
# MirrorPadGrad

def _mirror_pad_grad_reference(x, paddings, mode):
    shape = tuple(d - a - b for d, (a, b) in zip(x.shape, paddings))
    sources = np.pad(np.arange(int(np.prod(shape))).reshape(shape), paddings, mode=mode.lower())
    out = np.zeros(int(np.prod(shape)), x.dtype)
    np.add.at(out, sources.ravel(), x.ravel())
    return out.reshape(shape)


@pytest.mark.parametrize("mode, paddings", [
    ("REFLECT", [[1, 1], [0, 2]]), ("REFLECT", [[1, 2], [2, 3]]), ("SYMMETRIC", [[1, 1], [0, 2]]),
    ("SYMMETRIC", [[2, 3], [3, 3]]), ("REFLECT", [[0, 0], [0, 0]]),
])
def test_mirror_pad_grad(backend, mode, paddings):
    x = distinct_shape_input(8, 9)
    check_op(lambda v: array_ops.mirror_pad_grad(v, paddings, mode), [x],
             lambda v: _mirror_pad_grad_reference(v, paddings, mode), backend=backend,
             rtol=1e-5)


def test_mirror_pad_grad_values_and_shapes():
    x = tf.reshape(tf.range(20.0), [4, 5])
    out = array_ops.mirror_pad_grad(x, [[1, 1], [0, 2]], "REFLECT")
    assert out.name == "MirrorPadGrad:0" and out.shape.as_list() == [2, 3]
    np.testing.assert_array_equal(run(out), [[48, 48, 24], [28, 28, 14]])
    sym = array_ops.mirror_pad_grad(x, [[1, 1], [0, 2]], "SYMMETRIC")
    np.testing.assert_array_equal(run(sym), [[5, 20, 20], [25, 60, 60]])
    assert array_ops.mirror_pad_grad(_ph([None, 5]), [[1, 1], [0, 2]],
                                     "REFLECT").shape.as_list() == [None, 3]
    assert array_ops.mirror_pad_grad(_ph(None), [[1, 1], [0, 2]],
                                     "REFLECT").shape.as_list() == [None, None]
    assert array_ops.mirror_pad_grad(_ph(None), _ph(None, tf.int32),
                                      "REFLECT").shape.ndims is None
    with pytest.raises(ValueError, match="^Negative dimension size caused by subtracting 6 "
                                         "from 4 for 'MirrorPadGrad_5'"):
        array_ops.mirror_pad_grad(x, [[3, 3], [0, 2]], "REFLECT")


def test_mirror_pad_grad_mode_must_be_upper_case():
    with pytest.raises(ValueError, match="^Attr 'mode' of 'MirrorPadGrad' Op passed string "
                                         "'reflect' not in: \"REFLECT\", \"SYMMETRIC\".$"):
        array_ops.mirror_pad_grad(tf.zeros([4, 5]), [[1, 1], [0, 0]], "reflect")


@pytest.mark.parametrize("mode, paddings, message", [
    ("REFLECT", [[2, 1], [0, 2]],
     "^paddings must be less than the output dimension size: 2, 1 not less than 1"),
    ("SYMMETRIC", [[2, 1], [0, 3]],
     "^paddings must be no greater than the output dimension size: 2, 1 greater than 1"),
    ("REFLECT", [[-1, 1], [0, 2]], "^Paddings must be non-negative: -1, 1"),
])
def test_mirror_pad_grad_run_errors(mode, paddings, message):
    x = _ph([4, 5])
    p = _ph([2, 2], tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        run(array_ops.mirror_pad_grad(x, p, mode), {x: np.ones((4, 5)), p: paddings})


def test_mirror_pad_grad_gradient_is_a_mirror_pad():
    x = _ph([6, 3])
    out = array_ops.mirror_pad_grad(x, [[1, 2], [1, 0]], "SYMMETRIC")
    g, = tf.gradients(out, x)
    assert g.op.type == "MirrorPad" and g.op.get_attr("mode") == "SYMMETRIC"
    assert g.name == "gradients/MirrorPadGrad_grad/MirrorPad:0"


# ---------------------------------------------------------------------------------------------
# Unique

def test_unique(backend):
    u = tf.unique([3, 1, 3, 2, 1])
    assert type(u).__name__ == "Unique" and u._fields == ("y", "idx")
    assert _names(u) == ["Unique:0", "Unique:1"]
    assert u.y.shape.as_list() == [None] and u.idx.shape.as_list() == [5]
    y, idx = run(u, backend=backend)
    np.testing.assert_array_equal(y, [3, 1, 2])
    assert idx.dtype == np.int32
    np.testing.assert_array_equal(idx, [0, 1, 0, 2, 1])


def test_unique_dtypes_and_empty(backend):
    x = _ph([None])
    u = tf.unique(x, out_idx=tf.int64, name="u")
    assert u.y.name == "u:0" and u.y.dtype == tf.float32 and u.idx.dtype == tf.int64
    y, idx = run(u, {x: [0.5, -2.0, 0.5, 0.5]}, backend=backend)
    assert y.dtype == np.float32 and idx.dtype == np.int64
    np.testing.assert_array_equal(y, [0.5, -2.0])
    np.testing.assert_array_equal(idx, [0, 1, 0, 0])
    y, idx = run(u, {x: np.zeros(0, np.float32)}, backend=backend)
    assert y.shape == (0,) and idx.shape == (0,)
    s = tf.unique(["b", "a", "b"])
    y, idx = run(s)
    assert list(y) == [b"b", b"a"]
    np.testing.assert_array_equal(idx, [0, 1, 0])


def test_unique_errors():
    with pytest.raises(ValueError, match=r"^Shape must be rank 1 but is rank 2 for 'Unique' "
                                         r"\(op: 'Unique'\)"):
        tf.unique([[1, 2], [3, 4]])
    with pytest.raises(TypeError, match="^Value passed to parameter 'out_idx' has DataType "
                                        "float32 not in list of allowed values: int32, int64$"):
        tf.unique([1, 2], out_idx=tf.float32)
    p = tf.placeholder(tf.int32)
    u = tf.unique(p)
    assert u.idx.shape.ndims is None
    with pytest.raises(tf.errors.InvalidArgumentError, match="unique expects a 1D vector."):
        run(u, {p: [[1, 2]]})
    x = _ph([3])
    assert tf.gradients(tf.unique(x).y, x) == [None]  # declared non-differentiable
