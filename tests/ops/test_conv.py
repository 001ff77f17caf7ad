"""tf.nn.conv2d, max_pool and avg_pool against direct numpy loops, their layouts, windows and
error paths (gradients are in tests/autodiff/grad_table/conv.py, TF's numbers in the golden
family conv)."""
import numpy as np
import pytest

import minitf as tf
from minitf.framework import registry
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


def test_refused_attrs_use_up_the_op_name():
    """TF checks attrs inside the op's name scope: the next op is `Conv2D_1`. Conv2D's
    paddings include EXPLICIT (which needs explicit_paddings); MaxPool's do not."""
    x, f = tf.zeros([1, 4, 4, 1]), tf.zeros([2, 2, 1, 1])
    with pytest.raises(ValueError, match=r"^Attr 'padding' of 'Conv2D' Op passed string 'same' "
                                         r"not in: \"SAME\", \"VALID\", \"EXPLICIT\"\.$"):
        tf.nn.conv2d(x, f, [1, 1, 1, 1], "same")
    with pytest.raises(ValueError, match="^explicit_paddings attribute must contain 8 values, "
                                         "but got: 0$"):
        tf.nn.conv2d(x, f, [1, 1, 1, 1], "EXPLICIT")
    with pytest.raises(ValueError, match=r"'MaxPool' Op passed string 'same' not in: \"SAME\", "
                                         r"\"VALID\"\.$"):
        tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "same")
    assert tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME").name == "Conv2D_2:0"
    assert tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME").name == "MaxPool_1:0"


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


# ---- depthwise_conv2d_native, depthwise_conv2d, separable_conv2d, atrous_conv2d

def _ref_depthwise(x, f, s, padding):
    """Each input channel k correlated with filter[:, :, k, :], output channel k * m + q."""
    outs = [_ref_conv(x[..., k:k + 1], f[:, :, k:k + 1, :], s, padding)
            for k in range(x.shape[3])]
    return np.concatenate(outs, axis=3)


def _spread(f, rate):
    """The filter of a dilated window: taps `rate` apart, zeros between."""
    kh, kw = f.shape[:2]
    out = np.zeros(((kh - 1) * rate[0] + 1, (kw - 1) * rate[1] + 1) + f.shape[2:])
    out[::rate[0], ::rate[1]] = f
    return out


def _max_grad_error(xs, y):
    values = [np.asarray(v, np.float64) for v in xs]
    phs = [tf.placeholder(tf.float64, v.shape) for v in values]
    out = y(*phs)
    with tf.Session():
        return tf.test.compute_gradient_error(phs, [v.shape for v in values], out,
                                              out.shape.as_list(), x_init_value=values)


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
@pytest.mark.parametrize("strides", [(1, 1), (2, 2)])
def test_depthwise_conv2d_native_matches_loops(padding, strides):
    rng = np.random.RandomState(7)
    x, f = rng.standard_normal((2, 7, 6, 3)), rng.standard_normal((3, 2, 3, 2))
    y = tf.nn.depthwise_conv2d_native(x, f, [1, *strides, 1], padding)
    want = _ref_depthwise(x, f, strides, padding)
    assert (y.op.name, y.op.type) == ("DepthwiseConv2dNative", "DepthwiseConv2dNative")
    assert y.shape.as_list() == list(want.shape)
    assert y.op.get_attr("dilations") == [1, 1, 1, 1]
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(y), want, rtol=1e-10, atol=1e-12)


def test_depthwise_conv2d_native_nchw_and_unknown_dims():
    rng = np.random.RandomState(8)
    x, f = rng.standard_normal((2, 5, 6, 3)), rng.standard_normal((2, 3, 3, 2))
    y = tf.nn.depthwise_conv2d_native(x.transpose(0, 3, 1, 2), f, [1, 1, 1, 1], "SAME",
                                      data_format="NCHW")
    assert y.shape.as_list() == [2, 6, 5, 6]
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(y).transpose(0, 2, 3, 1),
                                   _ref_depthwise(x, f, (1, 1), "SAME"), rtol=1e-10)
    p = tf.placeholder(tf.float32, [None, None, 6, None])
    assert tf.nn.depthwise_conv2d_native(p, tf.zeros([2, 2, 3, 4]), [1, 2, 2, 1],
                                         "SAME").shape.as_list() == [None, None, 3, 12]


def test_depthwise_native_gradients():
    s = dict(strides=[1, 2, 2, 1], padding="SAME")
    v = dict(strides=[1, 1, 1, 1], padding="VALID", dilations=[1, 2, 1, 1])
    rng = np.random.RandomState(9)
    assert _max_grad_error([rng.standard_normal((2, 5, 4, 3)), rng.standard_normal((3, 2, 3, 2))],
                           lambda x, f: tf.nn.depthwise_conv2d_native(x, f, **s)) < 1e-6
    assert _max_grad_error([rng.standard_normal((1, 6, 5, 2)), rng.standard_normal((2, 2, 2, 3))],
                           lambda x, f: tf.nn.depthwise_conv2d_native(x, f, **v)) < 1e-6
    assert _max_grad_error(
        [rng.standard_normal((3, 2, 3, 2)), rng.standard_normal((2, 3, 2, 6))],
        lambda f, dy: tf.nn.depthwise_conv2d_native_backprop_input([2, 5, 4, 3], f, dy,
                                                                   **s)) < 1e-6
    assert _max_grad_error(
        [rng.standard_normal((2, 5, 4, 3)), rng.standard_normal((2, 3, 2, 6))],
        lambda x, dy: tf.nn.depthwise_conv2d_native_backprop_filter(x, [3, 2, 3, 2], dy,
                                                                    **s)) < 1e-6


def test_depthwise_gradient_ops():
    x, f = tf.zeros([2, 5, 4, 3]), tf.zeros([3, 2, 3, 2])
    y = tf.nn.depthwise_conv2d_native(x, f, [1, 1, 1, 1], "SAME")
    dx, df = tf.gradients(y, [x, f])
    assert dx.op.type == "DepthwiseConv2dNativeBackpropInput" and dx.shape.as_list() == \
        [2, 5, 4, 3]
    assert df.op.type == "DepthwiseConv2dNativeBackpropFilter" and df.shape.as_list() == \
        [3, 2, 3, 2]


def test_depthwise_conv2d_names_and_rate():
    rng = np.random.RandomState(10)
    x, f = rng.standard_normal((2, 7, 8, 3)), rng.standard_normal((3, 2, 3, 2))
    y = tf.nn.depthwise_conv2d(x, f, [1, 1, 1, 1], "SAME")
    assert (y.name, y.op.type) == ("depthwise:0", "DepthwiseConv2dNative")
    assert y.op.inputs[0].op.name == "depthwise/tensor_in"
    y2 = tf.nn.depthwise_conv2d(x, f, [1, 1, 1, 1], "SAME", rate=[2, 3])
    assert (y2.name, y2.op.type) == ("depthwise_1/BatchToSpaceND:0", "BatchToSpaceND")
    inner = y2.op.inputs[0].op
    assert (inner.name, inner.type, inner.get_attr("padding")) == (
        "depthwise_1", "DepthwiseConv2dNative", "VALID")
    assert inner.inputs[0].op.type == "SpaceToBatchND"
    y3 = tf.nn.depthwise_conv2d(x, f, [1, 1, 1, 1], "VALID", dilations=[2, 2], name="dw")
    assert y3.name == "dw/BatchToSpaceND:0" and y3.shape.as_list() == [2, 3, 6, 6]
    with tf.Session() as sess:
        got, got2, got3 = sess.run([y, y2, y3])
    np.testing.assert_allclose(got, _ref_depthwise(x, f, (1, 1), "SAME"), rtol=1e-10)
    np.testing.assert_allclose(got2, _ref_depthwise(x, _spread(f, (2, 3)), (1, 1), "SAME"),
                               rtol=1e-10)
    np.testing.assert_allclose(got3, _ref_depthwise(x, _spread(f, (2, 2)), (1, 1), "VALID"),
                               rtol=1e-10)
    with pytest.raises(ValueError, match="Cannot specify both"):
        tf.nn.depthwise_conv2d(x, f, [1, 1, 1, 1], "SAME", rate=[2, 2], dilations=[2, 2])
    with pytest.raises(ValueError, match="dilation_rate must be positive"):
        tf.nn.depthwise_conv2d(x, f, [1, 1, 1, 1], "SAME", rate=[0, 1])


def test_depthwise_conv2d_rate_with_unknown_shapes():
    rng = np.random.RandomState(11)
    x, f = rng.standard_normal((1, 6, 5, 2)), rng.standard_normal((3, 3, 2, 2))
    px = tf.placeholder(tf.float64, [None, None, None, 2])
    pf = tf.placeholder(tf.float64)
    y = tf.nn.depthwise_conv2d(px, pf, [1, 1, 1, 1], "SAME", rate=[2, 2])
    with tf.Session() as sess:
        got = sess.run(y, {px: x, pf: f})
    np.testing.assert_allclose(got, _ref_depthwise(x, _spread(f, (2, 2)), (1, 1), "SAME"),
                               rtol=1e-10)


def test_depthwise_conv2d_rate_gradient():
    rng = np.random.RandomState(12)
    assert _max_grad_error(
        [rng.standard_normal((1, 5, 6, 2)), rng.standard_normal((2, 2, 2, 2))],
        lambda x, f: tf.nn.depthwise_conv2d(x, f, [1, 1, 1, 1], "SAME", rate=[2, 2])) < 1e-6


def test_separable_conv2d():
    rng = np.random.RandomState(13)
    x, dw = rng.standard_normal((2, 6, 7, 3)), rng.standard_normal((2, 3, 3, 2))
    pw = rng.standard_normal((1, 1, 6, 4))
    y = tf.nn.separable_conv2d(x, dw, pw, [1, 1, 1, 1], "VALID")
    assert (y.name, y.op.type) == ("separable_conv2d:0", "Conv2D")
    assert y.op.inputs[0].op.name == "separable_conv2d/depthwise"
    assert y.op.inputs[1].op.name == "separable_conv2d/pointwise_filter"
    y2 = tf.nn.separable_conv2d(x, dw, pw, [1, 1, 1, 1], "SAME", rate=[2, 2])
    assert y2.op.inputs[0].op.type == "BatchToSpaceND" and y2.shape.as_list() == [2, 6, 7, 4]
    with tf.Session() as sess:
        got, got2 = sess.run([y, y2])
    mid = _ref_depthwise(x, dw, (1, 1), "VALID")
    np.testing.assert_allclose(got, np.einsum("nhwc,co->nhwo", mid, pw[0, 0]), rtol=1e-10)
    mid2 = _ref_depthwise(x, _spread(dw, (2, 2)), (1, 1), "SAME")
    np.testing.assert_allclose(got2, np.einsum("nhwc,co->nhwo", mid2, pw[0, 0]), rtol=1e-10)
    with pytest.raises(ValueError):
        tf.nn.separable_conv2d(x, dw, np.zeros((2, 1, 6, 4)), [1, 1, 1, 1], "VALID")
    rng = np.random.RandomState(14)
    assert _max_grad_error(
        [rng.standard_normal((1, 4, 5, 2)), rng.standard_normal((2, 2, 2, 2)),
         rng.standard_normal((1, 1, 4, 3))],
        lambda a, b, c: tf.nn.separable_conv2d(a, b, c, [1, 1, 1, 1], "SAME")) < 1e-6


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
def test_atrous_conv2d_is_a_dilated_conv2d(padding):
    rng = np.random.RandomState(15)
    x, f = rng.standard_normal((2, 9, 8, 3)), rng.standard_normal((3, 2, 3, 4))
    y = tf.nn.atrous_conv2d(x, f, 2, padding)
    assert (y.name, y.op.type) == ("convolution/BatchToSpaceND:0", "BatchToSpaceND")
    conv_op = y.op.inputs[0].op
    assert (conv_op.name, conv_op.type, conv_op.get_attr("padding")) == (
        "convolution", "Conv2D", "VALID")
    # static block shapes, paddings and crops are Consts of each op's own, as in TF
    assert [t.op.name for t in y.op.inputs[1:] + conv_op.inputs[0].op.inputs[1:]] == [
        "convolution/BatchToSpaceND/block_shape", "convolution/BatchToSpaceND/crops",
        "convolution/SpaceToBatchND/block_shape", "convolution/SpaceToBatchND/paddings"]
    one = tf.nn.atrous_conv2d(x, f, 1, padding, name="plain")
    assert (one.name, one.op.type) == ("plain:0", "Conv2D")
    want = _ref_conv(x, _spread(f, (2, 2)), (1, 1), padding)
    assert y.shape.as_list() == list(want.shape)
    with tf.Session() as sess:
        got, got1 = sess.run([y, one])
    np.testing.assert_allclose(got, want, rtol=1e-10)
    np.testing.assert_allclose(got1, _ref_conv(x, f, (1, 1), padding), rtol=1e-10)


def test_convolution_1d_2d_3d_names_and_values():
    rng = np.random.RandomState(17)
    x, f = rng.standard_normal((2, 9, 8, 3)), rng.standard_normal((3, 2, 3, 4))
    plain = tf.nn.convolution(x, f, "SAME")
    strided = tf.nn.convolution(x, f, "VALID", strides=[2, 1], name="cv")
    dilated = tf.nn.convolution(x, f, "SAME", dilation_rate=[2, 1])
    assert [(t.name, t.op.type) for t in (plain, strided, dilated)] == [
        ("convolution:0", "Conv2D"), ("cv:0", "Conv2D"),
        ("convolution_1/BatchToSpaceND:0", "BatchToSpaceND")]
    x1, f1 = x[:, :, 0], f[:, 0]
    one = tf.nn.convolution(x1, f1, "SAME")
    one_dilated = tf.nn.convolution(x1, f1, "VALID", dilations=[2])
    assert (one.name, one_dilated.name) == ("convolution_2/Squeeze:0",
                                             "convolution_3/BatchToSpaceND:0")
    assert one_dilated.op.inputs[0].op.inputs[0].op.name == "convolution_3"
    x3, f3 = rng.standard_normal((1, 4, 5, 6, 2)), rng.standard_normal((2, 2, 2, 2, 3))
    three = tf.nn.convolution(x3, f3, "VALID")
    assert (three.name, three.op.type, three.shape.as_list()) == ("convolution_4:0", "Conv3D",
                                                                 [1, 3, 4, 5, 3])
    with tf.Session() as sess:
        got = sess.run([plain, strided, dilated, one, one_dilated])
    np.testing.assert_allclose(got[0], _ref_conv(x, f, (1, 1), "SAME"), rtol=1e-10)
    np.testing.assert_allclose(got[1], _ref_conv(x, f, (2, 1), "VALID"), rtol=1e-10)
    np.testing.assert_allclose(got[2], _ref_conv(x, _spread(f, (2, 1)), (1, 1), "SAME"),
                               rtol=1e-10)
    np.testing.assert_allclose(got[3], _ref_conv(x1[:, :, None], f1[:, None], (1, 1),
                                                 "SAME")[:, :, 0], rtol=1e-10)
    np.testing.assert_allclose(got[4], _ref_conv(x1[:, :, None], _spread(f1[:, None], (2, 1)),
                                                 (1, 1), "VALID")[:, :, 0], rtol=1e-10)


def test_convolution_errors():
    x, f = np.zeros((2, 6, 7, 2)), np.zeros((3, 3, 2, 2))
    with pytest.raises(ValueError, match="strides > 1 not supported in conjunction with "
                                         "dilation_rate > 1"):
        tf.nn.convolution(x, f, "SAME", strides=[2, 2], dilation_rate=[2, 2])
    with pytest.raises(ValueError, match=r"^input tensor must have rank 3$"):
        tf.nn.convolution(x, f[:, 0], "SAME")
    with pytest.raises(ValueError, match=r"len\(dilation_rate\)=1 but should be 2"):
        tf.nn.convolution(x, f, "SAME", dilation_rate=[2])
    with pytest.raises(ValueError, match="rank of input or filter must be known"):
        tf.nn.convolution(tf.placeholder(tf.float32), tf.placeholder(tf.float32), "SAME")


def test_atrous_conv2d_gradient_and_errors():
    rng = np.random.RandomState(16)
    assert _max_grad_error(
        [rng.standard_normal((1, 6, 5, 2)), rng.standard_normal((2, 2, 2, 3))],
        lambda x, f: tf.nn.atrous_conv2d(x, f, 2, "SAME")) < 1e-6
    with pytest.raises(ValueError, match="dilation_rate must be positive"):
        tf.nn.atrous_conv2d(tf.zeros([1, 5, 5, 2]), tf.zeros([2, 2, 2, 1]), 0, "SAME")
    with pytest.raises(ValueError, match="Shape must be rank 4"):
        tf.nn.atrous_conv2d(tf.zeros([5, 5, 2]), tf.zeros([2, 2, 2, 1]), 2, "SAME")


def test_depthwise_errors():
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 4"):
        tf.nn.depthwise_conv2d_native(tf.zeros([1, 5, 5, 3]), tf.zeros([2, 2, 4, 1]),
                                      [1, 1, 1, 1], "SAME")
    with pytest.raises(ValueError, match="Shape must be rank 4 but is rank 3"):
        tf.nn.depthwise_conv2d_native(tf.zeros([5, 5, 3]), tf.zeros([2, 2, 3, 1]),
                                      [1, 1, 1, 1], "SAME")
    with pytest.raises(ValueError, match="requires the stride attribute to contain 4 values"):
        tf.nn.depthwise_conv2d_native(tf.zeros([1, 5, 5, 3]), tf.zeros([2, 2, 3, 1]),
                                      [1, 1, 1], "SAME")
    with pytest.raises(ValueError, match="Attr 'padding' of 'DepthwiseConv2dNative' Op"):
        tf.nn.depthwise_conv2d_native(tf.zeros([1, 5, 5, 3]), tf.zeros([2, 2, 3, 1]),
                                      [1, 1, 1, 1], "FULL")
    with pytest.raises(TypeError, match="Value passed to parameter 'input' has DataType int32"):
        tf.nn.depthwise_conv2d_native(tf.zeros([1, 4, 4, 2], tf.int32),
                                      tf.zeros([2, 2, 2, 1], tf.int32), [1, 1, 1, 1], "SAME")
    x = tf.placeholder(tf.float32)
    cases = [
        (tf.nn.depthwise_conv2d_native(x, tf.zeros([2, 2, 4, 1]), [1, 1, 1, 1], "SAME"),
         "input and filter must have the same depth: 3 vs 4"),
        (tf.nn.depthwise_conv2d_native(x, tf.zeros([2, 2, 3, 1]), [1, 2, 1, 1], "SAME"),
         "only supports equal length strides in the row and column dimensions"),
        (tf.nn.depthwise_conv2d_native(x, tf.zeros([2, 2, 3, 1]), [2, 1, 1, 1], "SAME"),
         "does not yet support strides in the batch and depth dimensions"),
        (tf.nn.depthwise_conv2d_native_backprop_input([1, 5, 5, 3], tf.zeros([2, 2, 3, 2]), x,
                                                      [1, 1, 1, 1], "SAME"),
         "out_backprop has shape"),
    ]
    with tf.Session() as sess:
        for y, match in cases:
            with pytest.raises(tf.errors.InvalidArgumentError, match=match):
                sess.run(y, {x: np.zeros((1, 5, 5, 3))})


# ---- max_pool_with_argmax

def _ref_pool_argmax(x, k, s, padding, with_batch):
    """Each window's max and the flat index of its first maximum, by loops."""
    n, h, w, c = x.shape
    _, (oh, ow) = _padded(x, k, s, padding)
    top = max(0, (oh - 1) * s[0] + k[0] - h) // 2 if padding == "SAME" else 0
    left = max(0, (ow - 1) * s[1] + k[1] - w) // 2 if padding == "SAME" else 0
    out, arg = np.zeros((n, oh, ow, c)), np.zeros((n, oh, ow, c), np.int64)
    for b, i, j, ch in np.ndindex(n, oh, ow, c):
        best = None
        for a in range(k[0]):
            for d in range(k[1]):
                r, q = i * s[0] - top + a, j * s[1] - left + d
                if 0 <= r < h and 0 <= q < w and (best is None or x[b, r, q, ch] > best[0]):
                    best = (x[b, r, q, ch], (r * w + q) * c + ch)
        out[b, i, j, ch] = best[0]
        arg[b, i, j, ch] = best[1] + (b * h * w * c if with_batch else 0)
    return out, arg


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
@pytest.mark.parametrize("with_batch", [False, True])
def test_max_pool_with_argmax_matches_loops(padding, with_batch):
    x = np.random.RandomState(17).permutation(2 * 5 * 4 * 3).reshape(2, 5, 4, 3).astype(
        np.float32)
    x[0, 0, 0, 0] = x[0, 0, 1, 0] = 500.0  # a tie goes to the first
    out, arg = tf.nn.max_pool_with_argmax(x, [1, 3, 2, 1], [1, 2, 1, 1], padding,
                                          include_batch_in_index=with_batch)
    assert (out.name, arg.name, arg.dtype) == ("MaxPoolWithArgmax:0", "MaxPoolWithArgmax:1",
                                               tf.int64)
    want_out, want_arg = _ref_pool_argmax(x, (3, 2), (2, 1), padding, with_batch)
    assert out.shape.as_list() == list(want_out.shape) == arg.shape.as_list()
    with tf.Session() as sess:
        got_out, got_arg = sess.run([out, arg])
    np.testing.assert_array_equal(got_out, want_out)
    np.testing.assert_array_equal(got_arg, want_arg)


def test_max_pool_with_argmax_arguments_and_gradient_ops():
    x = tf.constant(np.arange(2 * 4 * 4 * 1, dtype=np.float32).reshape(2, 4, 4, 1))
    out, arg = tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME",
                                          Targmax=tf.int32, name="mp")
    assert (out.name, arg.name, arg.dtype) == ("mp:0", "mp:1", tf.int32)
    assert out.op.get_attr("include_batch_in_index") is False
    assert tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME",
                                      output_dtype=tf.int32)[1].dtype == tf.int32
    g = tf.gradients(out * out, x)[0]
    assert (g.name, g.op.type) == ("gradients/mp_grad/MaxPoolGradWithArgmax:0",
                                   "MaxPoolGradWithArgmax")
    with tf.Session() as sess:
        got = sess.run(g)
    want = np.zeros((2, 4, 4, 1), np.float32)
    want[:, 1::2, 1::2] = 2 * np.arange(32, dtype=np.float32).reshape(2, 4, 4, 1)[:, 1::2, 1::2]
    np.testing.assert_array_equal(got, want)
    p = tf.placeholder(tf.float32, [None, None, 6, 2])
    assert tf.nn.max_pool_with_argmax(p, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")[1].shape \
        .as_list() == [None, None, 3, 2]


def test_max_pool_with_argmax_gradients():
    rng = np.random.RandomState(18)
    pool = dict(ksize=[1, 2, 2, 1], strides=[1, 1, 2, 1], padding="SAME")
    x = rng.permutation(2 * 4 * 5 * 2).reshape(2, 4, 5, 2) * 0.1
    assert _max_grad_error([x], lambda t: tf.nn.max_pool_with_argmax(t, **pool)[0]) < 1e-6


def test_max_pool_grad_with_argmax_has_no_gradient_but_a_users():
    """As TF: no second derivative through the pool (LookupError), so that the unpooling
    tutorials' own `@tf.RegisterGradient("MaxPoolGradWithArgmax")` registers."""
    pool = dict(ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID")
    x = tf.constant(np.arange(16.0).reshape(1, 4, 4, 1))
    y, argmax = tf.nn.max_pool_with_argmax(x, **pool)
    dx = tf.gradients(tf.reduce_sum(y * y), x)[0]
    assert dx.op.type == "MaxPoolGradWithArgmax"
    with pytest.raises(LookupError, match="No gradient defined for operation"):
        tf.gradients(tf.reduce_sum(dx), x)
    opdef = registry.lookup("MaxPoolGradWithArgmax")
    try:
        @tf.RegisterGradient("MaxPoolGradWithArgmax")
        def _unpool_grad(op, grad):
            return [None, conv._argmax_grad_op("MaxPoolGradGradWithArgmax", op.inputs[0],
                                               grad, op.inputs[2], **pool), None]
        up = conv._argmax_grad_op("MaxPoolGradWithArgmax", x, y, argmax, **pool)
        g = tf.gradients(tf.reduce_sum(up * up), y)[0]
        with tf.Session() as sess:
            np.testing.assert_array_equal(sess.run(g), 2 * sess.run(y))
    finally:
        opdef.grad = None


def test_max_pool_with_argmax_errors():
    x = tf.zeros([1, 4, 4, 2])
    with pytest.raises(ValueError, match="Data formats other than 'NHWC' are not yet "
                                         "supported"):
        tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME", data_format="NCHW")
    with pytest.raises(ValueError, match="Attr 'padding' of 'MaxPoolWithArgmax' Op passed"):
        tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], "FULL")
    with pytest.raises(ValueError, match="requires the ksize attribute to contain 4 values"):
        tf.nn.max_pool_with_argmax(x, [1, 2, 2], [1, 2, 2, 1], "SAME")
    with pytest.raises(ValueError, match="Shape must be rank 4 but is rank 3"):
        tf.nn.max_pool_with_argmax(tf.zeros([4, 4, 2]), [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
    with pytest.raises(TypeError, match="Value passed to parameter 'Targmax' has DataType "
                                        "float32"):
        tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME", Targmax=tf.float32)
    with pytest.raises(ValueError, match="Cannot specify both"):
        tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME", Targmax=tf.int32,
                                   output_dtype=tf.int32)
    p = tf.placeholder(tf.float32)
    a = tf.placeholder(tf.int64)
    g = tf.placeholder(tf.float32)
    pool = dict(ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID")
    cases = [
        (tf.nn.max_pool_with_argmax(p, [2, 2, 2, 1], [1, 2, 2, 1], "SAME")[0],
         {p: np.zeros((1, 4, 4, 1))}, "Pooling is not yet supported on the batch or depth"),
        (conv._argmax_grad_op("MaxPoolGradWithArgmax", p, g, a, **pool),
         {p: np.zeros((1, 4, 4, 1)), g: np.zeros((1, 2, 2, 1)), a: np.full((1, 2, 2, 1), 16)},
         "Invalid argmax index"),
        (conv._argmax_grad_op("MaxPoolGradWithArgmax", p, g, a, **pool),
         {p: np.zeros((1, 4, 4, 1)), g: np.zeros((1, 3, 2, 1)), a: np.zeros((1, 3, 2, 1))},
         "Expected grad shape"),
        (conv._argmax_grad_op("MaxPoolGradGradWithArgmax", p, g, a, **pool),
         {p: np.zeros((1, 4, 4, 1)), g: np.zeros((1, 2, 2, 1)), a: np.zeros((1, 2, 2, 1))},
         "input and grad must have the same shape"),
    ]
    with tf.Session() as sess:
        for y, feed, match in cases:
            with pytest.raises(tf.errors.InvalidArgumentError, match=match):
                sess.run(y, feed)


# ---- conv3d (Conv3D, Conv3DBackpropInputV2, Conv3DBackpropFilterV2)

def _ref_conv3d(x, f, s, padding, rate=(1, 1, 1)):
    """NDHWC correlation by loops over the output positions (dilated filter spread out)."""
    k = [(kk - 1) * r + 1 for kk, r in zip(f.shape[:3], rate)]
    spread = np.zeros(tuple(k) + f.shape[3:])
    spread[::rate[0], ::rate[1], ::rate[2]] = f
    pads, outs = [], []
    for size, kk, ss in zip(x.shape[1:4], k, s):
        if padding == "SAME":
            out = -(-size // ss)
            total = max(0, (out - 1) * ss + kk - size)
            pads.append((total // 2, total - total // 2))
        else:
            out = (size - kk) // ss + 1
            pads.append((0, 0))
        outs.append(out)
    xp = np.pad(x, [(0, 0)] + pads + [(0, 0)])
    y = np.zeros((x.shape[0],) + tuple(outs) + (f.shape[4],))
    for a, b, c in np.ndindex(*outs):
        win = xp[:, a * s[0]:a * s[0] + k[0], b * s[1]:b * s[1] + k[1], c * s[2]:c * s[2] + k[2]]
        y[:, a, b, c] = np.einsum("ndhwi,dhwio->no", win, spread)
    return y


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
@pytest.mark.parametrize("strides", [(1, 1, 1), (2, 1, 2)])
def test_conv3d_matches_loops(padding, strides):
    rng = np.random.RandomState(19)
    x, f = rng.standard_normal((2, 5, 6, 4, 3)), rng.standard_normal((3, 2, 2, 3, 4))
    y = tf.nn.conv3d(x, f, [1, *strides, 1], padding)
    want = _ref_conv3d(x, f, strides, padding)
    assert (y.op.name, y.op.type) == ("Conv3D", "Conv3D")
    assert y.shape.as_list() == list(want.shape)
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(y), want, rtol=1e-10, atol=1e-12)


def test_conv3d_dilation_ncdhw_and_names():
    rng = np.random.RandomState(20)
    x, f = rng.standard_normal((1, 6, 5, 4, 2)), rng.standard_normal((2, 2, 2, 2, 3))
    y = tf.nn.conv3d(x, filters=f, strides=[1, 1, 1, 1, 1], padding="SAME",
                     dilations=[1, 2, 1, 2, 1], name="c3")
    first = tf.nn.conv3d(x.transpose(0, 4, 1, 2, 3), f, [1, 1, 1, 2, 1], "VALID",
                         data_format="NCDHW")
    assert y.name == "c3:0" and first.shape.as_list() == [1, 3, 5, 2, 3]
    with tf.Session() as sess:
        got, got_first = sess.run([y, first])
    np.testing.assert_allclose(got, _ref_conv3d(x, f, (1, 1, 1), "SAME", (2, 1, 2)),
                               rtol=1e-10)
    np.testing.assert_allclose(got_first.transpose(0, 2, 3, 4, 1),
                               _ref_conv3d(x, f, (1, 2, 1), "VALID"), rtol=1e-10)
    p = tf.placeholder(tf.float32, [None, 4, None, 6, 2])
    assert tf.nn.conv3d(p, tf.zeros([2, 2, 2, 2, 5]), [1, 2, 1, 2, 1], "SAME").shape \
        .as_list() == [None, 2, None, 3, 5]


def test_conv3d_gradients():
    rng = np.random.RandomState(21)
    s = dict(strides=[1, 2, 1, 1, 1], padding="SAME")
    x, f = rng.standard_normal((1, 4, 3, 3, 2)), rng.standard_normal((2, 2, 1, 2, 3))
    assert _max_grad_error([x, f], lambda a, b: tf.nn.conv3d(a, b, **s)) < 1e-6
    assert _max_grad_error(
        [rng.standard_normal((1, 3, 4, 3, 2)), rng.standard_normal((2, 2, 2, 2, 2))],
        lambda a, b: tf.nn.conv3d(a, b, [1, 1, 1, 1, 1], "VALID",
                                  dilations=[1, 1, 2, 1, 1])) < 1e-6
    dy = rng.standard_normal((1, 2, 3, 3, 3))
    assert _max_grad_error(
        [f, dy], lambda b, g: conv._conv3d_op("Conv3DBackpropInputV2", [[1, 4, 3, 3, 2], b, g],
                                              **s)) < 1e-6
    assert _max_grad_error(
        [x, dy], lambda a, g: conv._conv3d_op("Conv3DBackpropFilterV2", [a, [2, 2, 1, 2, 3], g],
                                              **s)) < 1e-6
    xt, ft = tf.constant(x), tf.constant(f)
    dx, df = tf.gradients(tf.nn.conv3d(xt, ft, **s), [xt, ft])
    assert (dx.op.type, df.op.type) == ("Conv3DBackpropInputV2", "Conv3DBackpropFilterV2")
    assert dx.shape.as_list() == [1, 4, 3, 3, 2] and df.shape.as_list() == [2, 2, 1, 2, 3]


def test_conv3d_errors():
    x, f = tf.zeros([1, 4, 4, 4, 3]), tf.zeros([2, 2, 2, 3, 1])
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 4"):
        tf.nn.conv3d(x, tf.zeros([2, 2, 2, 4, 1]), [1, 1, 1, 1, 1], "SAME")
    with pytest.raises(ValueError, match="Shape must be rank 5 but is rank 4"):
        tf.nn.conv3d(tf.zeros([1, 4, 4, 3]), f, [1, 1, 1, 1, 1], "SAME")
    with pytest.raises(ValueError, match="Conv3D requires the stride attribute to contain 5 "
                                         "values, but got: 4"):
        tf.nn.conv3d(x, f, [1, 1, 1, 1], "SAME")
    with pytest.raises(ValueError, match="Attr 'data_format' of 'Conv3D' Op passed string "
                                         "'NHWC'"):
        tf.nn.conv3d(x, f, [1, 1, 1, 1, 1], "SAME", data_format="NHWC")
    with pytest.raises(ValueError, match="Negative dimension size caused by subtracting 5 "
                                         "from 4"):
        tf.nn.conv3d(x, tf.zeros([5, 2, 2, 3, 1]), [1, 1, 1, 1, 1], "VALID")
    with pytest.raises(ValueError, match="Cannot specify both"):
        tf.nn.conv3d(x, f, [1, 1, 1, 1, 1], "SAME", filters=f)
    with pytest.raises(TypeError, match="Value passed to parameter 'input' has DataType int32"):
        tf.nn.conv3d(tf.zeros([1, 4, 4, 4, 3], tf.int32), tf.zeros([2, 2, 2, 3, 1], tf.int32),
                     [1, 1, 1, 1, 1], "SAME")
    p = tf.placeholder(tf.float32)
    g = tf.placeholder(tf.float32)
    cases = [
        (tf.nn.conv3d(p, f, [1, 1, 1, 1, 2], "SAME"), {p: np.zeros((1, 4, 4, 4, 3))},
         "does not yet support strides in the batch and depth dimensions"),
        (tf.nn.conv3d(p, tf.zeros([2, 2, 2, 4, 1]), [1, 1, 1, 1, 1], "SAME"),
         {p: np.zeros((1, 4, 4, 4, 3))}, "Input depth must be equal to filter depth: 3 vs 4"),
        (tf.nn.conv3d(p, f, [1, 1, 1, 1, 1], "SAME"), {p: np.zeros((4, 4, 4, 3))},
         r"input must be 5-dimensional: \[4,4,4,3\]"),
        (conv._conv3d_op("Conv3DBackpropInputV2", [[1, 4, 4, 4, 3], f, g], [1, 1, 1, 1, 1],
                         "SAME"), {g: np.zeros((1, 4, 3, 4, 1))}, "out_backprop has shape"),
    ]
    with tf.Session() as sess:
        for y, feed, match in cases:
            with pytest.raises(tf.errors.InvalidArgumentError, match=match):
                sess.run(y, feed)
