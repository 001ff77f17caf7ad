"""tf.image (minitf/ops/image_ops.py): the resize ops against numpy references (values checked
against TF 2.21's compat.v1 while writing them), their gradients, the crop/pad/flip/colour
functions, TF's op types, names and static shapes, and TF's errors."""
import numpy as np
import pytest

import minitf as tf
from minitf.ops import image_ops

from tests.harness import check_op, distinct_shape_input

_rng = np.random.RandomState(7)


# ---- numpy references of TF's resize kernels

def _scale(n_in, n_out, align):
    return (n_in - 1) / (n_out - 1) if align and n_out > 1 else n_in / n_out


def _ref_bilinear(x, oh, ow, align=False, half=False):
    x = x.astype(np.float64)
    out = np.zeros((x.shape[0], oh, ow, x.shape[3]))
    sh, sw = _scale(x.shape[1], oh, align), _scale(x.shape[2], ow, align)
    for i in range(oh):
        y = (i + 0.5) * sh - 0.5 if half else i * sh
        y0, y1 = max(int(np.floor(y)), 0), min(int(np.ceil(y)), x.shape[1] - 1)
        dy = y - np.floor(y)
        for j in range(ow):
            v = (j + 0.5) * sw - 0.5 if half else j * sw
            x0, x1 = max(int(np.floor(v)), 0), min(int(np.ceil(v)), x.shape[2] - 1)
            dx = v - np.floor(v)
            top = x[:, y0, x0] + (x[:, y0, x1] - x[:, y0, x0]) * dx
            bottom = x[:, y1, x0] + (x[:, y1, x1] - x[:, y1, x0]) * dx
            out[:, i, j] = top + (bottom - top) * dy
    return out.astype(np.float32)


def _nearest_index(n_in, n_out, align, half):
    s = _scale(n_in, n_out, align)
    idx = []
    for i in range(n_out):
        p = (i + 0.5) * s if half else i * s
        p = np.floor(p + 0.5) if align else np.floor(p)
        idx.append(max(min(int(p), n_in - 1), 0))
    return idx


def _ref_nearest(x, oh, ow, align=False, half=False):
    rows = _nearest_index(x.shape[1], oh, align, half)
    cols = _nearest_index(x.shape[2], ow, align, half)
    return x[:, rows][:, :, cols]


_MODES = [(False, False), (True, False), (False, True)]
_SIZES = [(3, 4), (8, 11), (1, 1)]


@pytest.mark.parametrize("align, half", _MODES)
@pytest.mark.parametrize("size", _SIZES)
def test_resize_bilinear_values(backend, size, align, half):
    x = distinct_shape_input(2, 5, 7, 3)
    check_op(lambda t: tf.image.resize_bilinear(t, size, align_corners=align,
                                                half_pixel_centers=half),
             [x], lambda v: _ref_bilinear(v, *size, align, half), backend=backend,
             rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("align, half", _MODES)
@pytest.mark.parametrize("size", _SIZES)
def test_resize_nearest_values(backend, size, align, half):
    x = distinct_shape_input(2, 5, 7, 3)
    check_op(lambda t: tf.image.resize_nearest_neighbor(t, size, align_corners=align,
                                                        half_pixel_centers=half),
             [x], lambda v: _ref_nearest(v, *size, align, half), backend=backend)


def test_resize_known_values():
    # TF 1.15: a 2x2 image doubled, legacy and align_corners
    x = np.array([[1.0, 2.0], [3.0, 4.0]], np.float32).reshape(1, 2, 2, 1)
    legacy = tf.image.resize_bilinear(x, [4, 4])
    aligned = tf.image.resize_bilinear(x, [3, 3], align_corners=True)
    nearest = tf.image.resize_nearest_neighbor(x, [3, 3])
    with tf.Session() as sess:
        a, b, c = sess.run([legacy, aligned, nearest])
    np.testing.assert_allclose(a[0, :, :, 0], [[1, 1.5, 2, 2], [2, 2.5, 3, 3],
                                               [3, 3.5, 4, 4], [3, 3.5, 4, 4]])
    np.testing.assert_allclose(b[0, :, :, 0], [[1, 1.5, 2], [2, 2.5, 3], [3, 3.5, 4]])
    np.testing.assert_array_equal(c[0, :, :, 0], [[1, 1, 2], [1, 1, 2], [3, 3, 4]])


def test_resize_dtypes():
    x = _rng.randint(0, 256, (1, 4, 5, 2)).astype(np.uint8)
    bilinear = tf.image.resize_bilinear(x, [3, 3])
    nearest = tf.image.resize_nearest_neighbor(x, [3, 3])
    assert bilinear.dtype == tf.float32 and nearest.dtype == tf.uint8
    with tf.Session() as sess:
        b, n = sess.run([bilinear, nearest])
    np.testing.assert_allclose(b, _ref_bilinear(x, 3, 3), rtol=1e-6)
    np.testing.assert_array_equal(n, _ref_nearest(x, 3, 3))


def _grad_error(build, shape, delta=1e-3):
    x = _rng.standard_normal(shape)
    ph = tf.placeholder(tf.float64, shape)
    y = build(ph)
    with tf.Session():
        return tf.test.compute_gradient_error(ph, list(shape), y, y.shape.as_list(),
                                              x_init_value=x, delta=delta)


@pytest.mark.parametrize("align, half", _MODES)
@pytest.mark.parametrize("size", [(3, 4), (8, 11)])
def test_resize_bilinear_gradient(size, align, half):
    # the forward is float32 whatever the input, so a large step (the op is linear)
    error = _grad_error(lambda t: tf.image.resize_bilinear(t, size, align, half_pixel_centers=half),
                        (2, 5, 6, 2), delta=0.1)
    assert error < 1e-4


@pytest.mark.parametrize("align, half", _MODES)
@pytest.mark.parametrize("size", [(3, 4), (8, 11)])
def test_resize_nearest_gradient(size, align, half):
    error = _grad_error(lambda t: tf.image.resize_nearest_neighbor(
        t, size, align, half_pixel_centers=half), (2, 5, 6, 2))
    assert error < 1e-8


def test_resize_gradient_graphs():
    x = tf.placeholder(tf.float32, [2, 5, 6, 3])
    gb = tf.gradients(tf.image.resize_bilinear(x, [3, 4], align_corners=True), x)[0]
    gn = tf.gradients(tf.image.resize_nearest_neighbor(x, [3, 4]), x)[0]
    assert gb.op.type == "ResizeBilinearGrad" and gb.op.get_attr("align_corners")
    assert gb.op.name == "gradients/ResizeBilinear_grad/ResizeBilinearGrad"
    assert gn.op.type == "ResizeNearestNeighborGrad"
    assert gb.shape.as_list() == gn.shape.as_list() == [2, 5, 6, 3]
    # an integer image has no gradient through ResizeBilinear
    u = tf.placeholder(tf.int32, [1, 4, 4, 1])
    assert tf.gradients(tf.image.resize_bilinear(u, [2, 2]), u) == [None]
    # unknown spatial dims: the size comes from the input's Shape at run time
    xu = tf.placeholder(tf.float64, [1, None, None, 1])
    g = tf.gradients(tf.image.resize_nearest_neighbor(xu, [3, 3]), xu)[0]
    with tf.Session() as sess:
        value = sess.run(g, {xu: np.ones((1, 2, 2, 1))})
    np.testing.assert_array_equal(value.ravel(), [4, 2, 2, 1])


def test_resize_grad_ops_directly():
    g = np.ones((1, 3, 3, 1), np.float32)
    original = np.zeros((1, 2, 2, 1), np.float64)
    b = image_ops.resize_bilinear_grad(g, original, align_corners=True)
    n = image_ops.resize_nearest_neighbor_grad(g, [2, 2])
    assert b.dtype == tf.float64 and b.shape.as_list() == [1, 2, 2, 1]
    assert n.dtype == tf.float32 and n.shape.as_list() == [1, 2, 2, 1]
    with tf.Session() as sess:
        bv, nv = sess.run([b, n])
    np.testing.assert_allclose(bv.ravel(), [2.25, 2.25, 2.25, 2.25])
    np.testing.assert_array_equal(nv.ravel(), [4, 2, 2, 1])


def test_resize_op_errors():
    with pytest.raises(ValueError, match="Shape must be rank 4 but is rank 3"):
        tf.image.resize_bilinear(tf.zeros([4, 4, 1]), [2, 2])
    with pytest.raises(ValueError, match="Dimension must be 2 but is 3"):
        tf.image.resize_nearest_neighbor(tf.zeros([1, 4, 4, 1]), [2, 2, 2])
    with pytest.raises(TypeError, match="DataType bool not in list"):
        tf.image.resize_bilinear(tf.zeros([1, 4, 4, 1], tf.bool), [2, 2])
    y = tf.image.resize_bilinear(tf.zeros([1, 4, 4, 1]), [2, 2], align_corners=True,
                                 half_pixel_centers=True)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="If half_pixel_centers is True, align_corners must be False"):
            sess.run(y)
    size = tf.placeholder(tf.int32, [2])
    z = tf.image.resize_nearest_neighbor(tf.zeros([1, 4, 4, 1]), size)
    assert z.shape.as_list() == [1, None, None, 1]
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="must be positive"):
            sess.run(z, {size: [0, 2]})


# ---- resize_images

def test_resize_images_ops_and_names():
    x4 = tf.placeholder(tf.float32, [2, 5, 6, 3], name="x4")
    x3 = tf.placeholder(tf.float32, [5, 6, 3], name="x3")
    y4 = tf.image.resize_images(x4, [3, 4])
    assert y4.name == "resize/ResizeBilinear:0" and y4.shape.as_list() == [2, 3, 4, 3]
    y3 = tf.image.resize_images(x3, [3, 4], method=tf.image.ResizeMethod.NEAREST_NEIGHBOR)
    assert y3.name == "resize_1/Squeeze:0" and y3.shape.as_list() == [3, 4, 3]
    assert y3.op.inputs[0].op.type == "ResizeNearestNeighbor"
    assert tf.image.resize is tf.image.resize_images
    # the same static size: no resize at all
    same = tf.image.resize_images(x4, [5, 6], method=7)
    assert same is x4
    unknown = tf.image.resize_images(x3, tf.placeholder(tf.int32, [2]))
    assert unknown.shape.as_list() == [None, None, 3]


def test_resize_images_values():
    x = _rng.uniform(0, 255, (5, 7, 2)).astype(np.float32)
    u = x.astype(np.uint8)
    bil = tf.image.resize_images(x, [3, 4], align_corners=True)
    nn = tf.image.resize_images(u, [8, 3], method=tf.image.ResizeMethod.NEAREST_NEIGHBOR)
    ub = tf.image.resize_images(u, [3, 4])
    assert (bil.dtype, nn.dtype, ub.dtype) == (tf.float32, tf.uint8, tf.float32)
    with tf.Session() as sess:
        b, n, c = sess.run([bil, nn, ub])
    np.testing.assert_allclose(b, _ref_bilinear(x[None], 3, 4, True)[0], rtol=1e-5)
    np.testing.assert_array_equal(n, _ref_nearest(u[None], 8, 3)[0])
    np.testing.assert_allclose(c, _ref_bilinear(u[None], 3, 4)[0], rtol=1e-5)


def test_resize_images_preserve_aspect_ratio():
    x = _rng.uniform(size=(2, 4, 8, 1)).astype(np.float32)
    y = tf.image.resize_images(x, [6, 6], preserve_aspect_ratio=True)
    assert y.shape.as_list() == [2, 3, 6, 1]
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(y), _ref_bilinear(x, 3, 6), rtol=1e-5)


@pytest.mark.parametrize("build, error, match", [
    (lambda: tf.image.resize_images(tf.zeros([5, 6]), [3, 4]), ValueError,
     "'images' must have either 3 or 4 dimensions."),
    (lambda: tf.image.resize_images(tf.placeholder(tf.float32), [3, 4]), ValueError,
     "'images' contains no shape."),
    (lambda: tf.image.resize_images(tf.zeros([5, 6, 1]), [3, 4, 5]), ValueError,
     "'size' must be a 1-D Tensor of 2 elements: new_height, new_width"),
    (lambda: tf.image.resize_images(tf.zeros([5, 6, 1]), [3, 4],
                                    method=tf.image.ResizeMethod.BICUBIC), ValueError,
     "Resize method is not implemented."),
    (lambda: tf.image.resize_images(tf.zeros([5, 6, 1]), [3, 4], method=9), ValueError,
     "Resize method is not implemented."),
])
def test_resize_images_errors(build, error, match):
    with pytest.raises(error, match=match):
        build()


# ---- crop and pad

def test_crop_and_pad_to_bounding_box():
    x3 = distinct_shape_input(5, 6, 3)
    x4 = distinct_shape_input(2, 5, 6, 3)
    crop3 = tf.image.crop_to_bounding_box(x3, 1, 2, 3, 3)
    crop4 = tf.image.crop_to_bounding_box(x4, 1, 2, 3, 3)
    pad3 = tf.image.pad_to_bounding_box(x3, 1, 2, 7, 9)
    pad4 = tf.image.pad_to_bounding_box(x4, 1, 2, 7, 9)
    assert crop3.name == "crop_to_bounding_box/Squeeze:0"
    assert crop4.name == "crop_to_bounding_box_1/Slice:0"
    assert pad3.name == "pad_to_bounding_box/Squeeze:0"
    assert pad4.name == "pad_to_bounding_box_1/Pad:0"
    assert crop3.shape.as_list() == [3, 3, 3] and pad4.shape.as_list() == [2, 7, 9, 3]
    with tf.Session() as sess:
        c3, c4, p3, p4 = sess.run([crop3, crop4, pad3, pad4])
    np.testing.assert_array_equal(c3, x3[1:4, 2:5])
    np.testing.assert_array_equal(c4, x4[:, 1:4, 2:5])
    np.testing.assert_array_equal(p3, np.pad(x3, [(1, 1), (2, 1), (0, 0)]))
    np.testing.assert_array_equal(p4, np.pad(x4, [(0, 0), (1, 1), (2, 1), (0, 0)]))


def test_crop_and_pad_unknown_shapes_check_at_run_time():
    x = tf.placeholder(tf.float32, [None, None, 2])
    crop = tf.image.crop_to_bounding_box(x, 1, 1, 2, 2)
    pad = tf.image.pad_to_bounding_box(x, 1, 1, 4, 4)
    assert crop.shape.as_list() == [2, 2, 2] and pad.shape.as_list() == [4, 4, 2]
    value = distinct_shape_input(3, 3, 2)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(crop, {x: value}), value[1:3, 1:3])
        np.testing.assert_array_equal(sess.run(pad, {x: value}),
                                      np.pad(value, [(1, 0), (1, 0), (0, 0)]))
        with pytest.raises(tf.errors.InvalidArgumentError, match="height must be >= target"):
            sess.run(crop, {x: np.zeros((2, 3, 2), np.float32)})
        with pytest.raises(tf.errors.InvalidArgumentError, match="width must be <= target"):
            sess.run(pad, {x: np.zeros((3, 4, 2), np.float32)})


@pytest.mark.parametrize("build, match", [
    (lambda x: tf.image.crop_to_bounding_box(x, 4, 2, 3, 3),
     r"height must be >= target \+ offset."),
    (lambda x: tf.image.crop_to_bounding_box(x, 0, 2, 3, 5),
     r"width must be >= target \+ offset."),
    (lambda x: tf.image.crop_to_bounding_box(x, -1, 0, 3, 3), "offset_height must be >= 0."),
    (lambda x: tf.image.crop_to_bounding_box(x, 0, 0, 0, 3), "target_height must be > 0."),
    (lambda x: tf.image.pad_to_bounding_box(x, 4, 2, 3, 3), "width must be <= target - offset"),
    (lambda x: tf.image.pad_to_bounding_box(x, 0, -1, 9, 9), "offset_width must be >= 0"),
    (lambda x: tf.image.crop_to_bounding_box(tf.zeros([5, 6]), 0, 0, 1, 1),
     r"'image' \(shape \(5, 6\)\) must have either 3 or 4 dimensions."),
    (lambda x: tf.image.resize_image_with_crop_or_pad(x, 0, 3), "target_height must be > 0."),
    (lambda x: tf.image.central_crop(x, 1.5), r"central_fraction must be within \(0, 1\]"),
    (lambda x: tf.image.central_crop(x, 0.0), r"central_fraction must be within \(0, 1\]"),
])
def test_crop_pad_static_errors(build, match):
    with pytest.raises(ValueError, match=match):
        build(tf.zeros([5, 6, 3]))


def _ref_crop_or_pad(x, th, tw):
    h, w = x.shape[-3], x.shape[-2]
    out = np.zeros(x.shape[:-3] + (th, tw, x.shape[-1]), x.dtype)
    ch, cw = min(h, th), min(w, tw)
    sy, sx = max((h - th) // 2, 0), max((w - tw) // 2, 0)
    oy, ox = max((th - h) // 2, 0), max((tw - w) // 2, 0)
    out[..., oy:oy + ch, ox:ox + cw, :] = x[..., sy:sy + ch, sx:sx + cw, :]
    return out


@pytest.mark.parametrize("th, tw", [(3, 9), (8, 2), (5, 6), (6, 5)])
def test_resize_image_with_crop_or_pad(th, tw):
    x3 = distinct_shape_input(5, 6, 3)
    x4 = distinct_shape_input(2, 5, 6, 3)
    y3 = tf.image.resize_image_with_crop_or_pad(x3, th, tw)
    y4 = tf.image.resize_image_with_crop_or_pad(x4, th, tw)
    assert y3.shape.as_list() == [th, tw, 3] and y4.shape.as_list() == [2, th, tw, 3]
    assert y3.name.startswith("resize_image_with_crop_or_pad/Squeeze")
    assert y4.name.startswith("resize_image_with_crop_or_pad_1/control_dependency_1")
    with tf.Session() as sess:
        v3, v4 = sess.run([y3, y4])
    np.testing.assert_array_equal(v3, _ref_crop_or_pad(x3, th, tw))
    np.testing.assert_array_equal(v4, _ref_crop_or_pad(x4, th, tw))


def test_resize_image_with_crop_or_pad_dynamic():
    x = tf.placeholder(tf.float32, [None, None, 1])
    y = tf.image.resize_image_with_crop_or_pad(x, 4, 4)
    assert y.shape.as_list() == [4, 4, 1]
    with tf.Session() as sess:
        for shape in [(2, 7, 1), (6, 3, 1)]:
            value = distinct_shape_input(*shape)
            np.testing.assert_array_equal(sess.run(y, {x: value}),
                                          _ref_crop_or_pad(value, 4, 4))


def test_central_crop():
    x3 = distinct_shape_input(5, 6, 3)
    x4 = distinct_shape_input(2, 7, 9, 3)
    c3 = tf.image.central_crop(x3, 0.5)
    c4 = tf.image.central_crop(x4, 0.33)
    assert c3.name == "central_crop/Slice:0" and c3.shape.as_list() == [3, 4, 3]
    assert c4.shape.as_list() == [2, 3, 3, 3]
    ph = tf.placeholder(tf.float32, [None, None, 3])
    cd = tf.image.central_crop(ph, 0.5)
    assert cd.shape.as_list() == [None, None, 3]
    x = tf.constant(x3)
    assert tf.image.central_crop(x, 1.0) is x
    with tf.Session() as sess:
        v3, v4, vd = sess.run([c3, c4, cd], {ph: x3})
    np.testing.assert_array_equal(v3, x3[1:4, 1:5])
    np.testing.assert_array_equal(v4, x4[:, 2:5, 3:6])
    np.testing.assert_array_equal(vd, x3[1:4, 1:5])


def test_random_crop_is_tf_random_crop():
    assert tf.image.random_crop is tf.random_crop
    x = distinct_shape_input(5, 6, 3)
    y = tf.image.random_crop(x, [2, 3, 3], seed=3)
    with tf.Session() as sess:
        v = sess.run(y)
    assert v.shape == (2, 3, 3)
    windows = [x[i:i + 2, j:j + 3] for i in range(4) for j in range(4)]
    assert any(np.array_equal(v, w) for w in windows)


# ---- convert_image_dtype

_F = np.array([[-0.2, 0.0, 0.25], [0.5, 0.999, 1.3]], np.float32)
_U8 = np.array([0, 1, 127, 128, 254, 255], np.uint8)
_I32 = np.array([-2 ** 31, -1, 0, 2 ** 24, 2 ** 31 - 1], np.int32)


@pytest.mark.parametrize("value, dtype, saturate, expected", [
    (_U8, tf.float32, False, _U8 / np.float32(255)),
    (_U8, tf.int32, False, _U8.astype(np.int32) * (2 ** 31 // 2 ** 8)),
    (_I32, tf.uint8, False, (_I32 // 2 ** 23).astype(np.uint8)),
    (_I32, tf.int16, False, (_I32 // 2 ** 16).astype(np.int16)),
    (_I32, tf.float64, False, _I32 * (1.0 / (2 ** 31 - 1))),
    (_F, tf.uint8, False, (_F * np.float32(255.5)).astype(np.uint8)),
    (_F, tf.uint8, True, np.clip(_F * np.float32(255.5), 0, 255).astype(np.uint8)),
    (_F, tf.float16, False, _F.astype(np.float16)),
])
def test_convert_image_dtype_values(value, dtype, saturate, expected):
    y = tf.image.convert_image_dtype(value, dtype, saturate=saturate)
    assert y.dtype == dtype and y.name == "convert_image:0"
    with tf.Session() as sess:
        got = sess.run(y)
    assert got.dtype == np.dtype(dtype.as_numpy_dtype)
    np.testing.assert_allclose(got.astype(np.float64), np.asarray(expected, np.float64),
                               rtol=1e-6)


def test_convert_image_dtype_ops():
    x = tf.placeholder(tf.float32, [2, 2])
    same = tf.image.convert_image_dtype(x, tf.float32)
    assert same.op.type == "Identity" and same.name == "Identity:0"
    sat = tf.image.convert_image_dtype(x, tf.uint8, saturate=True)
    types = [op.type for op in tf.get_default_graph().get_operations()
             if op.name.startswith("convert_image/") and op.type != "Const"
             or op.name == "convert_image"]
    assert types[-4:] == ["Mul", "Maximum", "Minimum", "Cast"] and sat.op.type == "Cast"
    with pytest.raises(AttributeError, match="dtype must be either floating point or integer"):
        tf.image.convert_image_dtype(x, tf.bool)


# ---- standardization, flips, rotations

def _ref_standardize(x):
    x = x.astype(np.float64)
    axes = (-1, -2, -3)
    mean = x.mean(axis=axes, keepdims=True)
    std = np.maximum(x.std(axis=axes, keepdims=True), 1 / np.sqrt(np.prod(x.shape[-3:])))
    return (x - mean) / std


@pytest.mark.parametrize("shape, dtype", [((5, 6, 3), np.float32), ((2, 4, 5, 3), np.float32),
                                          ((4, 5, 3), np.uint8), ((2, 3, 1), "ones")])
def test_per_image_standardization(shape, dtype):
    if dtype == "ones":
        x = np.ones(shape, np.float32)
    else:
        x = (_rng.uniform(0, 255, shape)).astype(dtype)
    y = tf.image.per_image_standardization(x)
    assert y.dtype == tf.float32 and y.name == "per_image_standardization:0"
    assert y.shape.as_list() == list(shape)
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(y), _ref_standardize(x), rtol=1e-4, atol=1e-5)


def test_flips_and_transpose():
    x3 = distinct_shape_input(5, 6, 3)
    x4 = distinct_shape_input(2, 5, 6, 3)
    ys = [tf.image.flip_left_right(x3), tf.image.flip_left_right(x4),
          tf.image.flip_up_down(x3), tf.image.flip_up_down(x4),
          tf.image.transpose_image(x3), tf.image.transpose(x4)]
    assert [y.name for y in ys] == [
        "flip_left_right/ReverseV2:0", "flip_left_right_1/ReverseV2:0",
        "flip_up_down/ReverseV2:0", "flip_up_down_1/ReverseV2:0",
        "transpose/transpose:0", "transpose_1/transpose:0"]
    assert ys[4].shape.as_list() == [6, 5, 3] and ys[5].shape.as_list() == [2, 6, 5, 3]
    with tf.Session() as sess:
        vals = sess.run(ys)
    expected = [x3[:, ::-1], x4[:, :, ::-1], x3[::-1], x4[:, ::-1],
                x3.transpose(1, 0, 2), x4.transpose(0, 2, 1, 3)]
    for got, want in zip(vals, expected):
        np.testing.assert_array_equal(got, want)
    with pytest.raises(ValueError, match="must be at least three-dimensional"):
        tf.image.flip_left_right(tf.zeros([5, 6]))


def test_flip_of_unknown_rank():
    x = tf.placeholder(tf.float32)
    y = tf.image.flip_left_right(x)
    value = distinct_shape_input(2, 3, 4, 1)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(y, {x: value}), value[:, :, ::-1])
        np.testing.assert_array_equal(sess.run(y, {x: value[0]}), value[0][:, ::-1])


@pytest.mark.parametrize("k", [0, 1, 2, 3, -1, 5])
def test_rot90(k):
    x3 = distinct_shape_input(5, 6, 3)
    x4 = distinct_shape_input(2, 5, 6, 3)
    y3, y4 = tf.image.rot90(x3, k), tf.image.rot90(x4, k)
    assert y3.shape.as_list() == [None, None, 3] and y4.shape.as_list() == [2, None, None, 3]
    assert y3.name == "rot90/cond/Merge:0"
    with tf.Session() as sess:
        v3, v4 = sess.run([y3, y4])
    np.testing.assert_array_equal(v3, np.rot90(x3, k, axes=(0, 1)))
    np.testing.assert_array_equal(v4, np.rot90(x4, k, axes=(1, 2)))


def test_random_flips_structure():
    x3 = distinct_shape_input(3, 4, 2)
    x4 = distinct_shape_input(6, 3, 4, 2)
    y3 = tf.image.random_flip_left_right(x3, seed=1)
    y4 = tf.image.random_flip_up_down(x4, seed=2)
    assert y3.name == "random_flip_left_right/Merge:0" and y3.shape.as_list() == [3, 4, 2]
    assert y4.name == "random_flip_up_down/add:0" and y4.shape.as_list() == [6, 3, 4, 2]
    types = {op.type for op in tf.get_default_graph().get_operations()}
    assert {"RandomUniform", "Switch", "Merge", "ReverseV2", "Round"} <= types
    seen3 = set()
    with tf.Session() as sess:
        for _ in range(12):
            v3, v4 = sess.run([y3, y4])
            seen3.add(np.array_equal(v3, x3[:, ::-1]))
            assert np.array_equal(v3, x3) or np.array_equal(v3, x3[:, ::-1])
            for got, img in zip(v4, x4):
                assert np.array_equal(got, img) or np.array_equal(got, img[::-1])
    assert seen3 == {True, False}


# ---- brightness, contrast, grayscale

def test_adjust_brightness():
    x = _rng.uniform(size=(4, 5, 3)).astype(np.float32)
    u = (x * 255).astype(np.uint8)
    yf = tf.image.adjust_brightness(x, 0.25)
    yu = tf.image.adjust_brightness(u, 0.25)
    assert yf.name == "adjust_brightness/Identity:0" and yf.op.inputs[0].op.type == "Add"
    assert yu.dtype == tf.uint8 and yu.name == "adjust_brightness_1/convert_image_1:0"
    with tf.Session() as sess:
        vf, vu = sess.run([yf, yu])
    np.testing.assert_allclose(vf, x + 0.25, rtol=1e-6)
    want = np.clip((u / np.float32(255) + np.float32(0.25)) * np.float32(255.5), 0, 255)
    np.testing.assert_array_equal(vu, want.astype(np.uint8))


def _ref_contrast(x, factor):
    mean = x.mean(axis=(-3, -2), keepdims=True)
    return (x - mean) * factor + mean


def test_adjust_contrast():
    x = _rng.uniform(size=(2, 4, 5, 3)).astype(np.float32)
    u = (x[0] * 255).astype(np.uint8)
    yf = tf.image.adjust_contrast(x, 1.7)
    yu = tf.image.adjust_contrast(u, 0.3)
    assert yf.op.inputs[0].op.type == "AdjustContrastv2"
    assert yf.op.inputs[0].name == "adjust_contrast:0" and yf.shape.as_list() == [2, 4, 5, 3]
    with tf.Session() as sess:
        vf, vu = sess.run([yf, yu])
    np.testing.assert_allclose(vf, _ref_contrast(x, 1.7), rtol=1e-5, atol=1e-6)
    want = np.clip(_ref_contrast(u / np.float32(255), 0.3) * 255.5, 0, 255).astype(np.uint8)
    assert np.abs(vu.astype(int) - want.astype(int)).max() <= 1
    assert vu.dtype == np.uint8


def test_adjust_contrastv2_op():
    check_op(lambda x: image_ops.adjust_contrastv2(x, 0.5), [distinct_shape_input(2, 3, 4, 5)],
             lambda v: _ref_contrast(v.astype(np.float64), 0.5), rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="Shape must be at least rank 3 but is rank 2"):
        image_ops.adjust_contrastv2(tf.zeros([3, 4]), 0.5)
    with pytest.raises(TypeError, match="DataType float64 not in list"):
        image_ops.adjust_contrastv2(tf.zeros([3, 4, 1], tf.float64), 0.5)


def test_adjust_contrast_has_no_gradient():
    # as TF 1.15, which registers no gradient for AdjustContrastv2
    x = tf.placeholder(tf.float32, [1, 4, 4, 3])
    with pytest.raises(LookupError, match=r"No gradient defined for operation 'adjust_contrast' "
                                          r"\(op type: AdjustContrastv2\)"):
        tf.gradients(tf.image.adjust_contrast(x, 0.5), x)


def test_grayscale():
    x = _rng.uniform(size=(2, 4, 5, 3)).astype(np.float32)
    u = (x[0] * 255).astype(np.uint8)
    g = tf.image.rgb_to_grayscale(x)
    gu = tf.image.rgb_to_grayscale(u)
    rgb = tf.image.grayscale_to_rgb(x[..., :1])
    assert g.name == "rgb_to_grayscale:0" and g.shape.as_list() == [2, 4, 5, 1]
    assert rgb.name == "grayscale_to_rgb:0" and rgb.op.type == "Tile"
    assert rgb.shape.as_list() == [2, 4, 5, 3]
    with tf.Session() as sess:
        vg, vu, vr = sess.run([g, gu, rgb])
    weights = np.array([0.2989, 0.5870, 0.1140], np.float32)
    np.testing.assert_allclose(vg, (x @ weights)[..., None], rtol=1e-5)
    want = (((u / np.float32(255)) @ weights) * np.float32(255.5)).astype(np.uint8)[..., None]
    assert vu.dtype == np.uint8 and np.abs(vu.astype(int) - want.astype(int)).max() <= 1
    np.testing.assert_array_equal(vr, np.repeat(x[..., :1], 3, axis=-1))
    with pytest.raises(ValueError, match="Last dimension of a grayscale image should be size 1"):
        tf.image.grayscale_to_rgb(tf.zeros([4, 5, 3]))


# ---- image_gradients, total_variation, sobel_edges

def test_image_gradients_and_total_variation():
    x4 = distinct_shape_input(2, 4, 5, 3)
    dy, dx = tf.image.image_gradients(x4)
    tv3 = tf.image.total_variation(x4[0])
    tv4 = tf.image.total_variation(x4)
    assert dy.name == "Reshape:0" and dx.name == "Reshape_1:0"
    assert tv3.name == "total_variation/add:0" and tv3.shape.as_list() == []
    assert tv4.shape.as_list() == [2]
    with tf.Session() as sess:
        vy, vx, v3, v4 = sess.run([dy, dx, tv3, tv4])
    want_y = np.zeros_like(x4)
    want_y[:, :-1] = x4[:, 1:] - x4[:, :-1]
    want_x = np.zeros_like(x4)
    want_x[:, :, :-1] = x4[:, :, 1:] - x4[:, :, :-1]
    np.testing.assert_allclose(vy, want_y)
    np.testing.assert_allclose(vx, want_x)
    tv = np.abs(want_y[:, :-1]).sum(axis=(1, 2, 3)) + np.abs(want_x[:, :, :-1]).sum(axis=(1, 2, 3))
    np.testing.assert_allclose(v4, tv, rtol=1e-5)
    np.testing.assert_allclose(v3, tv[0], rtol=1e-5)
    with pytest.raises(ValueError, match=r"image_gradients expects a 4D tensor"):
        tf.image.image_gradients(x4[0])
    with pytest.raises(ValueError, match="'images' must be either 3 or 4-dimensional."):
        tf.image.total_variation(tf.zeros([3, 4]))


def test_sobel_edges():
    x = distinct_shape_input(2, 4, 5, 3).astype(np.float64)
    y = tf.image.sobel_edges(x)
    assert y.shape.as_list() == [2, 4, 5, 3, 2]
    types = {op.type for op in tf.get_default_graph().get_operations()}
    assert {"MirrorPad", "DepthwiseConv2dNative", "Tile"} <= types
    with tf.Session() as sess:
        got = sess.run(y)
    p = np.pad(x, [(0, 0), (1, 1), (1, 1), (0, 0)], mode="reflect")
    ky = np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], np.float64)
    want = np.zeros(x.shape + (2,))
    for k, kernel in enumerate([ky, ky.T]):
        for i in range(3):
            for j in range(3):
                want[..., k] += kernel[i, j] * p[:, i:i + 4, j:j + 5]
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-10)


# ---- RGBToHSV, HSVToRGB

def test_rgb_hsv_round_trip_and_colorsys():
    import colorsys
    rgb = _rng.uniform(size=(3, 4, 3)).astype(np.float32)
    rgb[0, 0], rgb[0, 1], rgb[0, 2] = [0.5, 0.5, 0.5], [0, 0, 0], [1, 0, 0]
    hsv_t = tf.image.rgb_to_hsv(rgb)
    back = tf.image.hsv_to_rgb(hsv_t)
    assert hsv_t.op.type == "RGBToHSV" and hsv_t.name == "RGBToHSV:0"
    assert back.op.type == "HSVToRGB" and back.shape.as_list() == [3, 4, 3]
    with tf.Session() as sess:
        hsv, rgb2 = sess.run([hsv_t, back])
    want = np.array([colorsys.rgb_to_hsv(*p) for p in rgb.reshape(-1, 3)]).reshape(rgb.shape)
    np.testing.assert_allclose(hsv, want, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(rgb2, rgb, rtol=1e-5, atol=1e-6)


def test_hsv_to_rgb_hue_edges():
    # TF's kernel: hues outside [0, 1) (1.0 included) give (v, v - s*v, v - s*v)
    hues = np.array([-0.5, 0.0, 0.999, 1.0, 1.5], np.float64)
    hsv = np.stack([hues, np.full(5, 0.5), np.full(5, 0.8)], -1)
    with tf.Session() as sess:
        got = sess.run(tf.image.hsv_to_rgb(hsv))
    want = [[0.8, 0.4, 0.4], [0.8, 0.4, 0.4], [0.8, 0.4, 0.4024], [0.8, 0.4, 0.4],
            [0.8, 0.4, 0.4]]
    np.testing.assert_allclose(got, want, atol=1e-12)


def test_hsv_errors_and_gradients():
    with pytest.raises(ValueError, match="Dimension must be 3 but is 4"):
        tf.image.rgb_to_hsv(tf.zeros([2, 4]))
    with pytest.raises(TypeError, match="DataType int32 not in list"):
        tf.image.hsv_to_rgb(tf.zeros([2, 3], tf.int32))
    x = tf.placeholder(tf.float32, [None, None])
    y = tf.image.rgb_to_hsv(x)
    assert y.shape.as_list() == [None, 3]
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="input must have 3 channels but input only has 2 channels"):
            sess.run(y, {x: np.zeros((1, 2), np.float32)})
    assert tf.gradients(tf.image.hsv_to_rgb(x), x) == [None]


# ---- crop_and_resize (expected values from TF)

_CAR_IMAGE = np.arange(12, dtype=np.float32).reshape(1, 3, 4, 1)
_CAR_BOXES = np.array([[0.25, 0.2, 0.75, 1.0], [0.9, 0.5, 0.1, 1.4]], np.float32)


def test_crop_and_resize_values_and_gradients():
    x, b = tf.constant(_CAR_IMAGE), tf.constant(_CAR_BOXES)
    y = tf.image.crop_and_resize(x, b, [0, 0], [2, 3], extrapolation_value=-1)
    n = tf.image.crop_and_resize(x, b, box_indices=[0, 0], crop_size=[2, 3], method="nearest")
    gi, gb = tf.gradients(y, [x, b])
    assert y.name == "CropAndResize:0" and y.shape.as_list() == [2, 2, 3, 1]
    assert gi.op.type == "CropAndResizeGradImage" and gb.op.type == "CropAndResizeGradBoxes"
    assert gi.shape.as_list() == [1, 3, 4, 1] and gb.shape.as_list() == [2, 4]
    with tf.Session() as sess:
        vy, vn, vgi, vgb = sess.run([y, n, gi, gb])
    np.testing.assert_allclose(vy.squeeze(), [[[2.6, 3.8, 5.0], [6.6, 7.8, 9.0]],
                                              [[8.7, 10.05, -1.0], [2.3, 3.65, -1.0]]],
                               rtol=1e-6)
    np.testing.assert_array_equal(vn.squeeze(), [[[5, 6, 7], [9, 10, 11]],
                                                 [[10, 11, 0], [2, 3, 0]]])
    np.testing.assert_allclose(vgi.squeeze(), [[0.2, 0.8, 0.92, 1.18], [0.4, 1.0, 1.06, 1.34],
                                               [0.2, 0.8, 0.92, 1.18]], rtol=1e-6)
    np.testing.assert_allclose(vgb, [[24, 9, 24, 3], [16, 9, 16, 3]], rtol=1e-6)


def test_crop_and_resize_whole_image_and_flips():
    img = distinct_shape_input(2, 4, 5, 3)
    boxes = [[0, 0, 1, 1], [1, 1, 0, 0], [0, 0, 1, 1]]
    y = tf.image.crop_and_resize(img, boxes, [1, 0, 0], [4, 5])
    with tf.Session() as sess:
        got = sess.run(y)
    np.testing.assert_allclose(got[0], img[1], rtol=1e-6)
    np.testing.assert_allclose(got[1], img[0][::-1, ::-1], rtol=1e-6)
    np.testing.assert_allclose(got[2], img[0], rtol=1e-6)


def test_crop_and_resize_numeric_gradients():
    boxes = np.array([[0.13, 0.21, 0.77, 0.89], [0.61, 0.07, 0.29, 0.53]], np.float32)
    error = _grad_error(lambda t: tf.image.crop_and_resize(t, boxes, [1, 0], [3, 4]),
                        (2, 5, 6, 2), delta=0.1)
    assert error < 1e-4
    image = _rng.standard_normal((2, 5, 6, 2))
    b = tf.placeholder(tf.float32, [2, 4])
    y = tf.image.crop_and_resize(image, b, [1, 0], [3, 4])
    with tf.Session():
        error = tf.test.compute_gradient_error(b, [2, 4], y, [2, 3, 4, 2],
                                               x_init_value=boxes, delta=1e-3)
    assert error < 2e-2


def test_crop_and_resize_errors():
    img = tf.zeros([1, 4, 4, 1])
    with pytest.raises(ValueError, match="Shape must be rank 4 but is rank 3"):
        tf.image.crop_and_resize(tf.zeros([4, 4, 1]), [[0, 0, 1, 1]], [0], [2, 2])
    with pytest.raises(ValueError, match="Dimension must be 4 but is 3"):
        tf.image.crop_and_resize(img, [[0, 0, 1]], [0], [2, 2])
    with pytest.raises(ValueError, match="Attr 'method' of 'CropAndResize' Op passed string"):
        tf.image.crop_and_resize(img, [[0, 0, 1, 1]], [0], [2, 2], method="bicubic")
    ind = tf.placeholder(tf.int32, [1])
    y = tf.image.crop_and_resize(img, [[0, 0, 1, 1]], ind, [2, 2])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"box_index has values outside \[0, batch_size\)"):
            sess.run(y, {ind: [1]})
