"""tf.nn.conv2d, max_pool and avg_pool against direct numpy loops, their layouts, windows and
error paths (gradients are in tests/autodiff/grad_table/conv.py, TF's numbers in the golden
family conv)."""
import numpy as np
import pytest

import minitf as tf
from minitf.ops import conv


def _padded(x, k, s, padding, value=0.0):
    """x padded as TF pads it for windows `k` and steps `s` (NHWC), and the output size."""
    pads, outs = [], []
    for size, kk, ss in zip(x.shape[1:3], k, s):
        if padding == "SAME":
            out = -(-size // ss)
            total = max(0, (out - 1) * ss + kk - size)
            pads.append((total // 2, total - total // 2))
        else:
            out = (size - kk) // ss + 1
            pads.append((0, 0))
        outs.append(out)
    return np.pad(x, [(0, 0)] + pads + [(0, 0)], constant_values=value), outs


def _ref_conv(x, f, s, padding):
    xp, (oh, ow) = _padded(x, f.shape[:2], s, padding)
    out = np.zeros((x.shape[0], oh, ow, f.shape[3]))
    for i in range(oh):
        for j in range(ow):
            win = xp[:, i * s[0]:i * s[0] + f.shape[0], j * s[1]:j * s[1] + f.shape[1]]
            out[:, i, j] = np.einsum("nabc,abco->no", win, f)
    return out


def _ref_pool(x, k, s, padding, reduce):
    xp, (oh, ow) = _padded(x, k, s, padding, np.nan)
    out = np.zeros((x.shape[0], oh, ow, x.shape[3]))
    for i in range(oh):
        for j in range(ow):
            out[:, i, j] = reduce(xp[:, i * s[0]:i * s[0] + k[0], j * s[1]:j * s[1] + k[1]],
                                  axis=(1, 2))
    return out


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
@pytest.mark.parametrize("strides", [(1, 1), (2, 3)])
def test_conv2d_matches_loops(padding, strides):
    rng = np.random.RandomState(0)
    x, f = rng.standard_normal((2, 7, 8, 3)), rng.standard_normal((3, 2, 3, 4))
    y = tf.nn.conv2d(tf.constant(x), tf.constant(f), [1, *strides, 1], padding)
    want = _ref_conv(x, f, strides, padding)
    assert y.shape.as_list() == list(want.shape)
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(y), want, rtol=1e-10, atol=1e-12)


def test_conv2d_dilation_is_a_spread_filter():
    rng = np.random.RandomState(1)
    x, f = rng.standard_normal((1, 6, 7, 2)), rng.standard_normal((2, 3, 2, 3))
    spread = np.zeros((3, 5, 2, 3))
    spread[::2, ::2] = f
    y = tf.nn.conv2d(x, f, [1, 1, 1, 1], "VALID", dilations=[1, 2, 2, 1])
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(y), _ref_conv(x, spread, (1, 1), "VALID"),
                                   rtol=1e-10)


def test_nchw_is_nhwc_transposed():
    rng = np.random.RandomState(2)
    x, f = rng.standard_normal((2, 5, 6, 3)), rng.standard_normal((3, 3, 3, 2))
    nchw = x.transpose(0, 3, 1, 2)
    y = tf.nn.conv2d(nchw, f, [1, 1, 2, 1], "SAME", data_format="NCHW")
    m = tf.nn.max_pool(nchw, [1, 1, 2, 2], [1, 1, 2, 2], "SAME", data_format="NCHW")
    assert y.shape.as_list() == [2, 2, 3, 6] and m.shape.as_list() == [2, 3, 3, 3]
    with tf.Session() as sess:
        got_y, got_m = sess.run([y, m])
    np.testing.assert_allclose(got_y.transpose(0, 2, 3, 1),
                               _ref_conv(x, f, (2, 1), "SAME"), rtol=1e-10)
    np.testing.assert_allclose(got_m.transpose(0, 2, 3, 1),
                               _ref_pool(x, (2, 2), (2, 2), "SAME", np.nanmax))


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
def test_pools_match_loops(padding):
    x = np.random.RandomState(3).standard_normal((2, 7, 5, 3)).astype(np.float32)
    mp = tf.nn.max_pool(x, [1, 3, 2, 1], [1, 2, 2, 1], padding)
    ap = tf.nn.avg_pool(x, [1, 3, 2, 1], [1, 2, 2, 1], padding)
    assert mp.dtype == tf.float32 and mp.op.name == "MaxPool" and ap.op.name == "AvgPool"
    with tf.Session() as sess:
        got_m, got_a = sess.run([mp, ap])
    np.testing.assert_allclose(got_m, _ref_pool(x, (3, 2), (2, 2), padding, np.nanmax))
    np.testing.assert_allclose(got_a, _ref_pool(x, (3, 2), (2, 2), padding, np.nanmean),
                               rtol=1e-6)


def test_max_pool_gradient_goes_to_the_first_maximum():
    x = tf.constant(np.array([[1.0, 3.0], [3.0, 0.0]]).reshape(1, 2, 2, 1))
    g = tf.gradients(tf.nn.max_pool(x, [1, 2, 2, 1], [1, 1, 1, 1], "VALID"), x)[0]
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(g).reshape(2, 2), [[0, 1], [0, 0]])


def test_unknown_dims_stay_unknown():
    x = tf.placeholder(tf.float32, [None, None, 6, 3])
    assert tf.nn.conv2d(x, tf.zeros([2, 2, 3, 5]), [1, 2, 2, 1], "SAME").shape.as_list() == \
        [None, None, 3, 5]
    assert tf.nn.max_pool(x, 2, 2, "VALID").shape.as_list() == [None, None, 3, 3]


def test_filters_alias_and_names():
    x, f = tf.zeros([1, 4, 4, 2]), tf.zeros([2, 2, 2, 1])
    assert tf.nn.conv2d(x, filters=f, strides=1, padding="SAME", name="c").op.name == "c"
    with pytest.raises(ValueError, match="filter and filters arguments cannot both"):
        tf.nn.conv2d(x, f, 1, "SAME", filters=f)
    with pytest.raises(ValueError, match="value and input arguments cannot both"):
        tf.nn.max_pool(x, 2, 2, "SAME", input=x)


@pytest.mark.parametrize("build, match", [
    (lambda: tf.nn.conv2d(tf.zeros([1, 5, 5, 3]), tf.zeros([2, 2, 4, 1]), 1, "SAME"),
     r"Depth of input \(3\) is not a multiple of input depth of filter \(4\)"),
    (lambda: tf.nn.conv2d(tf.zeros([1, 5, 5, 3]), tf.zeros([7, 2, 3, 1]), 1, "VALID"),
     "Negative dimension size caused by subtracting 7 from 5"),
    (lambda: tf.nn.conv2d(tf.zeros([1, 5, 5]), tf.zeros([2, 2, 3, 1]), 1, "SAME"),
     "Shape must be rank 4 but is rank 3"),
    (lambda: tf.nn.conv2d(tf.zeros([1, 5, 5, 3]), tf.zeros([2, 2, 3, 1]), [1, 1, 1], "SAME"),
     "strides should be of length 1, 2 or 4"),
    (lambda: tf.nn.conv2d(tf.zeros([1, 5, 5, 3]), tf.zeros([2, 2, 3, 1]), 1, "FOO"),
     "Attr 'padding' of 'Conv2D' Op passed string 'FOO'"),
    (lambda: tf.nn.conv2d(tf.zeros([1, 5, 5, 3]), tf.zeros([2, 2, 3, 1]), 1, "SAME",
                          data_format="NDHWC"),
     "Attr 'data_format' of 'Conv2D' Op passed string 'NDHWC'"),
    (lambda: conv.conv2d_backprop_input([1, 4, 4, 2], tf.zeros([2, 2, 2, 1]),
                                        tf.zeros([1, 4, 4, 1]), [1, 1, 1], "SAME"),
     "Conv2DBackpropInput requires the stride attribute to contain 4 values, but got: 3"),
    (lambda: tf.nn.max_pool(tf.zeros([1, 5, 5, 3]), [1, 2, 2], 1, "SAME"),
     "ksize should be of length 1, 2 or 4"),
    (lambda: tf.nn.max_pool(tf.zeros([5, 3]), 2, 1, "SAME"), "Shape must be rank 4"),
])
def test_build_errors(build, match):
    with pytest.raises(ValueError, match=match):
        build()


def test_type_errors():
    with pytest.raises(TypeError, match="Value passed to parameter 'input' has DataType int32"):
        tf.nn.conv2d(tf.zeros([1, 4, 4, 2], tf.int32), tf.zeros([2, 2, 2, 1], tf.int32), 1,
                     "SAME")
    with pytest.raises(TypeError, match="Value passed to parameter 'input' has DataType int32"):
        tf.nn.avg_pool(tf.zeros([1, 4, 4, 2], tf.int32), 2, 2, "SAME")


@pytest.mark.parametrize("build, match", [
    (lambda x: tf.nn.conv2d(x, tf.zeros([2, 2, 3, 1]), [2, 1, 1, 1], "SAME"),
     "does not yet support strides in the batch and depth dimensions"),
    (lambda x: tf.nn.max_pool(x, [2, 2, 2, 1], 1, "SAME"),
     "Pooling is not yet supported on the batch or depth dimension"),
    (lambda x: tf.nn.conv2d(x, tf.zeros([2, 2, 4, 1]), 1, "SAME"),
     "input and filter must have the same depth: 3 vs 4"),
    (lambda x: tf.nn.conv2d(x, tf.zeros([9, 2, 3, 1]), 1, "VALID"),
     "Computed output size would be negative"),
])
def test_run_errors(build, match):
    x = tf.placeholder(tf.float32)
    y = build(x)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match=match):
            sess.run(y, {x: np.zeros((1, 5, 5, 3))})


def test_backprop_input_checks_out_backprop_shape():
    dy = tf.placeholder(tf.float32)
    dx = conv.conv2d_backprop_input([1, 4, 4, 2], tf.zeros([2, 2, 2, 3]), dy, [1, 1, 1, 1],
                                    "SAME")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="out_backprop has shape"):
            sess.run(dx, {dy: np.zeros((1, 3, 4, 3))})


def test_gradient_op_run_errors():
    x = tf.placeholder(tf.float32)
    g = tf.placeholder(tf.float32)
    sizes = tf.placeholder(tf.int32)
    pool = dict(ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID")
    cases = [
        (tf.nn.conv2d(x, tf.zeros([2, 2, 3, 1]), 1, "SAME"), {x: np.zeros((5, 5, 3))},
         r"input must be 4-dimensional: \[5,5,3\]"),
        (conv.max_pool_grad(x, tf.nn.max_pool(x, **pool), g, **pool),
         {x: np.zeros((1, 4, 4, 1)), g: np.zeros((1, 3, 2, 1))}, "Expected grad shape"),
        (conv.max_pool_grad_grad(x, tf.nn.max_pool(x, **pool), g, **pool),
         {x: np.zeros((1, 4, 4, 1)), g: np.zeros((1, 2, 2, 1))},
         "input and grad must have the same shape"),
        (conv.avg_pool_grad(sizes, g, **pool), {sizes: [1, 4, 4, 1], g: np.zeros((1, 3, 2, 1))},
         "AvgPoolGrad: grad has shape"),
        (conv.avg_pool_grad(sizes, g, **pool), {sizes: [1, 4, 4], g: np.zeros((1, 2, 2, 1))},
         "must be a 1-D int32 tensor of length 4"),
    ]
    with tf.Session() as sess:
        for y, feed, match in cases:
            with pytest.raises(tf.errors.InvalidArgumentError, match=match):
                sess.run(y, feed)


# ---- conv1d

@pytest.mark.parametrize("padding", ["SAME", "VALID"])
def test_conv1d_is_conv2d_of_height_one(padding):
    rng = np.random.RandomState(5)
    x, f = rng.standard_normal((2, 9, 3)), rng.standard_normal((3, 3, 4))
    y = tf.nn.conv1d(x, f, 2, padding)
    want = _ref_conv(x[:, None], f[None], (1, 2), padding)[:, 0]
    assert y.shape.as_list() == list(want.shape)
    assert y.op.type == "Squeeze" and y.op.inputs[0].op.name == "conv1d"
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(y), want, rtol=1e-10, atol=1e-12)


def test_conv1d_ncw_is_nwc_transposed():
    rng = np.random.RandomState(6)
    x, f = rng.standard_normal((2, 8, 3)), rng.standard_normal((2, 3, 5))
    nwc = tf.nn.conv1d(x, f, 1, "SAME")
    ncw = tf.nn.conv1d(np.transpose(x, (0, 2, 1)), f, 1, "SAME", data_format="NCW")
    assert ncw.shape.as_list() == [2, 5, 8]
    with tf.Session() as sess:
        a, b = sess.run([nwc, ncw])
    np.testing.assert_allclose(np.transpose(b, (0, 2, 1)), a, rtol=1e-10)


def test_conv1d_errors():
    x, f = tf.zeros([1, 4, 2]), tf.zeros([2, 2, 3])
    with pytest.raises(ValueError, match='data_format must be "NWC" or "NCW"'):
        tf.nn.conv1d(x, f, 1, "SAME", data_format="NHWC2")
    with pytest.raises(ValueError, match="value and input arguments cannot both be specified"):
        tf.nn.conv1d(x, f, 1, "SAME", input=x)
    with pytest.raises(ValueError, match="stride should be of length 1"):
        tf.nn.conv1d(x, f, [1, 1], "SAME")
    with pytest.raises(ValueError, match="Dimensions must be equal|input depth"):
        tf.nn.conv1d(x, tf.zeros([2, 3, 3]), 1, "SAME")


# ---- conv2d_transpose, max_pool1d, avg_pool1d

def _ref_conv_transpose(dy, f, x_shape, s, padding):
    """The transpose of _ref_conv: each input position's gradient, by the chain rule through
    the loop convolution (brute force over a basis of inputs)."""
    out = np.zeros(x_shape)
    for idx in np.ndindex(*x_shape):
        basis = np.zeros(x_shape)
        basis[idx] = 1.0
        out[idx] = (_ref_conv(basis, f, s, padding) * dy).sum()
    return out


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
def test_conv2d_transpose_is_the_conv_gradient(padding):
    rng = np.random.RandomState(5)
    x_shape, f = (1, 5, 6, 2), rng.standard_normal((3, 2, 2, 3))
    dy = rng.standard_normal(_ref_conv(np.zeros(x_shape), f, (2, 2), padding).shape)
    y = tf.nn.conv2d_transpose(tf.constant(dy), tf.constant(f), list(x_shape), [1, 2, 2, 1],
                               padding=padding)
    assert (y.op.name, y.op.type) == ("conv2d_transpose", "Conv2DBackpropInput")
    assert y.op.inputs[0].op.name == "conv2d_transpose/input_sizes"
    assert y.shape.as_list() == list(x_shape)
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(y), _ref_conv_transpose(dy, f, x_shape, (2, 2),
                                                                    padding), rtol=1e-10)


def test_conv2d_transpose_arguments():
    v = tf.placeholder(tf.float32, [2, 3, 3, 4])
    f = tf.placeholder(tf.float32, [3, 3, 5, 4])
    y = tf.nn.conv2d_transpose(input=v, filters=f, output_shape=[2, 6, 6, 5], strides=2,
                               name="up")
    assert y.name == "up:0" and y.op.get_attr("strides") == [1, 2, 2, 1]
    assert y.op.get_attr("dilations") == [1, 1, 1, 1] and y.op.get_attr("padding") == "SAME"
    shape = tf.stack([tf.shape(v)[0], 6, 6, 5])
    assert tf.nn.conv2d_transpose(v, f, shape, [1, 2, 2, 1]).shape.as_list() == [2, 6, 6, 5]
    with pytest.raises(ValueError, match="strides should be of length 1, 2 or 4 but was 3"):
        tf.nn.conv2d_transpose(v, f, [2, 6, 6, 5], [1, 2, 2])
    with pytest.raises(ValueError, match="Attr 'padding' of 'Conv2DBackpropInput' Op passed "
                                         "string 'FULL' not in"):
        tf.nn.conv2d_transpose(v, f, [2, 6, 6, 5], 2, padding="FULL")
    with pytest.raises(ValueError, match="Cannot specify both"):
        tf.nn.conv2d_transpose(v, f, [2, 6, 6, 5], 2, input=v)


def test_pool1d_is_pool2d_of_height_one():
    x = np.random.RandomState(2).standard_normal((2, 7, 3))
    m = tf.nn.max_pool1d(tf.constant(x), 3, 2, "VALID")
    a = tf.nn.avg_pool1d(tf.constant(x), [2], [1], "SAME")
    assert (m.name, m.op.inputs[0].op.name, m.op.inputs[0].op.type) == (
        "MaxPool1d/Squeeze:0", "MaxPool1d", "MaxPool")
    assert a.name == "AvgPool1D/Squeeze:0" and a.shape.as_list() == [2, 7, 3]
    want_m = _ref_pool(x[:, None], (1, 3), (1, 2), "VALID", np.nanmax)[:, 0]
    want_a = _ref_pool(x[:, None], (1, 2), (1, 1), "SAME", np.nanmean)[:, 0]
    with tf.Session() as sess:
        got_m, got_a = sess.run([m, a])
    np.testing.assert_allclose(got_m, want_m)
    np.testing.assert_allclose(got_a, want_a)
    # as TF 1.15, "NCW" pools over the inserted height axis (of size 1)
    ncw = tf.nn.max_pool1d(tf.constant(x), 2, 2, "SAME", data_format="NCW")
    assert ncw.op.inputs[0].op.get_attr("data_format") == "NCHW"
    with pytest.raises(ValueError, match="ksize should be of length 1, 1 or 3 but was 2"):
        tf.nn.max_pool1d(tf.constant(x), [2, 2], 2, "VALID")
