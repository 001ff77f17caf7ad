"""tf.layers' convolutions and poolings (minitf/nn/convolutional.py): shapes, variables,
values against tf.nn, reuse, and TF 1.15's argument errors."""
import numpy as np
import pytest

import minitf as tf

RNG = np.random.RandomState(7)


def _run(fetches, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed)


def test_conv2d_is_nn_conv2d_plus_bias():
    x = RNG.standard_normal((2, 6, 5, 3)).astype(np.float32)
    y = tf.layers.conv2d(x, 4, 3, strides=2, padding="Same", activation=tf.nn.relu,
                         bias_initializer=tf.constant_initializer(0.5))
    kernel, bias = tf.global_variables()
    assert (kernel.name, kernel.shape.as_list()) == ("conv2d/kernel:0", [3, 3, 3, 4])
    assert (bias.name, bias.shape.as_list()) == ("conv2d/bias:0", [4])
    assert y.name == "conv2d/Relu:0" and y.shape.as_list() == [2, 3, 3, 4]
    want = tf.nn.relu(tf.nn.conv2d(x, kernel, [1, 2, 2, 1], "SAME") + bias)
    got, ref = _run([y, want])
    np.testing.assert_allclose(got, ref, rtol=1e-6)


def test_dilated_conv2d_layer_goes_through_space_to_batch():
    x = RNG.standard_normal((2, 6, 7, 3)).astype(np.float32)
    y = tf.layers.conv2d(x, 2, 3, dilation_rate=2, padding="same", use_bias=False)
    assert (y.name, y.shape.as_list()) == ("conv2d/BatchToSpaceND:0", [2, 6, 7, 2])
    conv = y.op.inputs[0].op
    assert (conv.name, conv.get_attr("padding"), conv.inputs[0].op.name) == (
        "conv2d/Conv2D", "VALID", "conv2d/SpaceToBatchND")
    (kernel,) = tf.global_variables()
    want = tf.nn.conv2d(x, kernel, [1, 1, 1, 1], "SAME", dilations=[1, 2, 2, 1])
    got, ref = _run([y, want])
    np.testing.assert_allclose(got, ref, rtol=1e-5, atol=1e-6)


def test_conv1d_layer_names_and_causal_padding():
    x = RNG.standard_normal((2, 7, 3)).astype(np.float32)
    y = tf.layers.conv1d(x, 2, 3, padding="causal", use_bias=False)
    assert y.name == "conv1d/conv1d/Squeeze:0" and y.shape.as_list() == [2, 7, 2]
    (kernel,) = tf.global_variables()
    want = tf.nn.conv1d(np.pad(x, [(0, 0), (2, 0), (0, 0)]), kernel, 1, "VALID")
    got, ref = _run([y, want])
    np.testing.assert_allclose(got, ref, rtol=1e-6)


def test_conv_reuse_and_unique_names():
    x = tf.placeholder(tf.float32, [None, 4, 4, 2])
    tf.layers.conv2d(x, 3, 2, name="c")
    tf.layers.conv2d(x, 3, 2, name="c", reuse=True)
    tf.layers.conv2d(x, 3, 2)
    tf.layers.conv2d(x, 3, 2)
    assert [v.name for v in tf.global_variables()] == [
        "c/kernel:0", "c/bias:0", "conv2d/kernel:0", "conv2d/bias:0", "conv2d_1/kernel:0",
        "conv2d_1/bias:0"]


def test_conv_output_shape_and_channels_first():
    layer = tf.layers.Conv2D(5, (3, 2), strides=(2, 1), data_format="channels_first")
    assert layer.compute_output_shape([2, 3, 9, 6]).as_list() == [2, 5, 4, 5]
    y = layer(tf.placeholder(tf.float32, [2, 3, 9, 6]))
    assert y.shape.as_list() == [2, 5, 4, 5] and y.op.type == "BiasAdd"
    y1 = tf.layers.conv1d(tf.placeholder(tf.float32, [2, 3, 9]), 4, 2,
                          data_format="channels_first")
    assert y1.shape.as_list() == [2, 4, 8] and y1.name == "conv1d/add:0"


@pytest.mark.parametrize("pool,ref", [(tf.layers.max_pooling1d, np.max),
                                      (tf.layers.average_pooling1d, np.mean)])
def test_pooling1d_matches_numpy(pool, ref):
    x = RNG.standard_normal((2, 8, 3)).astype(np.float32)
    y = pool(x, 2, 2)
    assert y.shape.as_list() == [2, 4, 3]
    want = ref(x.reshape(2, 4, 2, 3), axis=2)
    np.testing.assert_allclose(_run(y), want, rtol=1e-6)
    cf = pool(np.transpose(x, (0, 2, 1)), 2, 2, data_format="channels_first")
    assert cf.shape.as_list() == [2, 3, 4]
    np.testing.assert_allclose(_run(cf), np.transpose(want, (0, 2, 1)), rtol=1e-6)


def test_pooling2d_is_nn_pool():
    x = RNG.standard_normal((2, 5, 6, 3)).astype(np.float32)
    y = tf.layers.max_pooling2d(x, 2, (1, 2), padding="SAME")
    a = tf.layers.AveragePooling2D(3, 2, name="avg")(x)
    assert (y.name, a.name) == ("max_pooling2d/MaxPool:0", "avg/AvgPool:0")
    got = _run([y, a])
    want = _run([tf.nn.max_pool(x, [1, 2, 2, 1], [1, 1, 2, 1], "SAME"),
                 tf.nn.avg_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "VALID")])
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-6)
    layer = tf.layers.MaxPooling2D(2, 2, data_format="channels_first")
    assert layer.compute_output_shape([2, 3, 5, 6]).as_list() == [2, 3, 2, 3]


def test_argument_errors():
    x4 = tf.placeholder(tf.float32, [None, 4, 4, 3])
    with pytest.raises(ValueError, match="The `kernel_size` argument must be a tuple of 2"):
        tf.layers.conv2d(x4, 2, (3, 3, 3))
    with pytest.raises(ValueError, match="including element a"):
        tf.layers.Conv2D(2, (3, "a"))
    with pytest.raises(ValueError, match="The `padding` argument must be one of"):
        tf.layers.conv2d(x4, 2, 3, padding="full")
    with pytest.raises(ValueError, match="Causal padding is only supported for `Conv1D`"):
        tf.layers.Conv2D(2, 3, padding="causal")
    with pytest.raises(ValueError, match="The `data_format` argument must be one of"):
        tf.layers.Conv2D(2, 3, data_format="NHWC")
    with pytest.raises(ValueError, match="Argument `strides` must not be None"):
        tf.layers.MaxPooling2D(2, None)
    with pytest.raises(ValueError, match="The channel dimension of the inputs should be "
                                         "defined"):
        tf.layers.conv2d(tf.placeholder(tf.float32, [None, 4, 4, None]), 2, 3)
    with pytest.raises(ValueError, match="expected ndim=4, found ndim=3"):
        tf.layers.conv2d(tf.placeholder(tf.float32, [None, 4, 3]), 2, 3)
    with pytest.raises(ValueError, match="expected ndim=3, found ndim=4"):
        tf.layers.max_pooling1d(x4, 2, 2)
    with pytest.raises(ValueError, match="expected axis -1 of input shape to have value 3"):
        layer = tf.layers.Conv2D(2, 1)
        layer(x4)
        layer(tf.placeholder(tf.float32, [None, 4, 4, 5]))


def test_conv2d_transpose_layer():
    x = RNG.standard_normal((2, 5, 5, 3)).astype(np.float32)
    y = tf.layers.conv2d_transpose(x, 4, 3, strides=2, padding="same")
    kernel, bias = tf.global_variables()
    assert (kernel.name, kernel.shape.as_list()) == ("conv2d_transpose/kernel:0", [3, 3, 4, 3])
    assert bias.name == "conv2d_transpose/bias:0"
    assert y.name == "conv2d_transpose/BiasAdd:0" and y.shape.as_list() == [2, 10, 10, 4]
    g = tf.get_default_graph()
    deconv = g.get_operation_by_name("conv2d_transpose/conv2d_transpose")
    assert deconv.type == "Conv2DBackpropInput" and deconv.inputs[0].op.type == "Pack"
    want = tf.nn.conv2d_transpose(x, kernel, [2, 10, 10, 4], [1, 2, 2, 1]) + bias
    got, ref = _run([y, want])
    np.testing.assert_allclose(got, ref, rtol=1e-6)


def test_conv2d_transpose_layer_valid_channels_first_and_unknown_sizes():
    layer = tf.layers.Conv2DTranspose(2, (2, 3), strides=(1, 2), use_bias=False,
                                      activation=tf.nn.relu, name="up")
    y = layer.apply(tf.placeholder(tf.float32, [2, 5, 5, 3]))
    assert y.name == "up/Relu:0" and y.shape.as_list() == [2, 6, 11, 2]
    assert layer.compute_output_shape([None, 4, 4, 3]).as_list() == [None, 5, 9, 2]
    x = RNG.standard_normal((1, 3, 4, 5)).astype(np.float32)
    cf = tf.layers.conv2d_transpose(x, 4, 3, strides=2, data_format="channels_first")
    assert cf.shape.as_list() == [1, 4, 9, 11]
    kernel, bias = tf.global_variables()[-2:]
    assert kernel.name == "conv2d_transpose/kernel:0"
    ref = tf.transpose(tf.nn.conv2d_transpose(tf.transpose(x, [0, 2, 3, 1]), kernel,
                                              [1, 9, 11, 4], [1, 2, 2, 1], "VALID"),
                       [0, 3, 1, 2]) + tf.reshape(bias, [1, 4, 1, 1])
    got, want = _run([cf, ref])
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)
    p = tf.placeholder(tf.float32, [None, None, None, 3])
    dyn = tf.layers.conv2d_transpose(p, 4, 3, strides=2, padding="same")
    assert dyn.shape.as_list() == [None, None, None, 4]
    got = _run(dyn, {p: np.ones((1, 2, 3, 3))})
    assert got.shape == (1, 4, 6, 4)


def test_conv2d_transpose_layer_errors():
    with pytest.raises(ValueError, match="expected ndim=4, found ndim=3"):
        tf.layers.conv2d_transpose(tf.placeholder(tf.float32, [2, 5, 3]), 4, 3)
    with pytest.raises(ValueError, match="The channel dimension of the inputs should be defined. "
                                         "Found `None`."):
        tf.layers.conv2d_transpose(tf.placeholder(tf.float32, [2, 5, 5, None]), 4, 3)


# ---- SeparableConv2D / separable_conv2d

def _ref_separable(x, dw, pw, bias, rate=(1, 1), padding="VALID", stride=(1, 1)):
    """Depthwise (each channel with its own filters, dilated by `rate`) then 1x1 pointwise."""
    kh, kw, c, m = dw.shape
    spread = np.zeros(((kh - 1) * rate[0] + 1, (kw - 1) * rate[1] + 1, c, m))
    spread[::rate[0], ::rate[1]] = dw
    kh, kw = spread.shape[:2]
    n, h, w, _ = x.shape
    if padding == "SAME":
        oh, ow = -(-h // stride[0]), -(-w // stride[1])
        ph, pw_ = max(0, (oh - 1) * stride[0] + kh - h), max(0, (ow - 1) * stride[1] + kw - w)
        x = np.pad(x, [(0, 0), (ph // 2, ph - ph // 2), (pw_ // 2, pw_ - pw_ // 2), (0, 0)])
    else:
        oh, ow = (h - kh) // stride[0] + 1, (w - kw) // stride[1] + 1
    mid = np.zeros((n, oh, ow, c * m))
    for i in range(oh):
        for j in range(ow):
            win = x[:, i * stride[0]:i * stride[0] + kh, j * stride[1]:j * stride[1] + kw]
            mid[:, i, j] = np.einsum("nabc,abcm->ncm", win, spread).reshape(n, -1)
    out = np.einsum("nhwc,co->nhwo", mid, pw[0, 0])
    return out + bias if bias is not None else out


def test_separable_conv2d_layer_variables_ops_and_values():
    x = RNG.standard_normal((2, 7, 8, 3)).astype(np.float32)
    y = tf.layers.separable_conv2d(x, 5, 3, depth_multiplier=2, padding="same",
                                   activation=tf.nn.relu,
                                   bias_initializer=tf.constant_initializer(0.25))
    dw, pw, bias = tf.global_variables()
    assert [(v.name, v.shape.as_list()) for v in (dw, pw, bias)] == [
        ("separable_conv2d/depthwise_kernel:0", [3, 3, 3, 2]),
        ("separable_conv2d/pointwise_kernel:0", [1, 1, 6, 5]),
        ("separable_conv2d/bias:0", [5])]
    assert y.name == "separable_conv2d/Relu:0" and y.shape.as_list() == [2, 7, 8, 5]
    ops = {op.name: op.type for op in tf.get_default_graph().get_operations()}
    assert ops["separable_conv2d/separable_conv2d/depthwise"] == "DepthwiseConv2dNative"
    assert ops["separable_conv2d/separable_conv2d"] == "Conv2D"
    assert ops["separable_conv2d/BiasAdd"] == "BiasAdd"
    got, dw_v, pw_v = _run([y, dw, pw])
    np.testing.assert_allclose(got, np.maximum(_ref_separable(x, dw_v, pw_v, 0.25,
                                                              padding="SAME"), 0),
                               rtol=1e-4, atol=1e-5)


def test_separable_conv2d_layer_class_strides_rate_and_reuse():
    x = tf.placeholder(tf.float32, [2, 7, 8, 3])
    layer = tf.layers.SeparableConv2D(4, (2, 3), strides=(2, 2), use_bias=False, name="sep")
    y = layer(x)
    assert layer.bias is None and len(layer.trainable_variables) == 2
    assert layer.depthwise_kernel.name == "sep/depthwise_kernel:0"
    assert layer.pointwise_kernel.shape.as_list() == [1, 1, 3, 4]
    assert y.name == "sep/separable_conv2d:0" and y.shape.as_list() == [2, 3, 3, 4]
    dilated = tf.layers.separable_conv2d(x, 5, 3, dilation_rate=2)
    assert dilated.name == "separable_conv2d/BiasAdd:0"
    assert dilated.shape.as_list() == [2, 3, 4, 5]
    assert dilated.op.inputs[0].op.inputs[0].op.type == "BatchToSpaceND"
    again = tf.layers.separable_conv2d(x, 5, 3, dilation_rate=2, name="separable_conv2d",
                                       reuse=True)
    assert len(tf.global_variables()) == 5 and again.shape.as_list() == [2, 3, 4, 5]
    xv = RNG.standard_normal((2, 7, 8, 3)).astype(np.float32)
    y_v, d_v, dw, pw, dw2, pw2, b = _run(
        [y, dilated, layer.depthwise_kernel, layer.pointwise_kernel,
         "separable_conv2d/depthwise_kernel:0", "separable_conv2d/pointwise_kernel:0",
         "separable_conv2d/bias:0"], {x: xv})
    np.testing.assert_allclose(y_v, _ref_separable(xv, dw, pw, None, stride=(2, 2)),
                               rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(d_v, _ref_separable(xv, dw2, pw2, b, rate=(2, 2)),
                               rtol=1e-4, atol=1e-5)


def test_separable_conv2d_layer_channels_first_and_errors():
    x = RNG.standard_normal((1, 3, 6, 5)).astype(np.float32)
    y = tf.layers.separable_conv2d(x, 2, 2, data_format="channels_first")
    assert y.shape.as_list() == [1, 2, 5, 4]
    got, dw, pw, b = _run([y] + tf.global_variables())
    np.testing.assert_allclose(got.transpose(0, 2, 3, 1),
                               _ref_separable(x.transpose(0, 2, 3, 1), dw, pw, b),
                               rtol=1e-4, atol=1e-5)
    with pytest.raises(ValueError, match="The channel dimension of the inputs"):
        tf.layers.separable_conv2d(tf.placeholder(tf.float32, [1, 4, 4, None]), 2, 2)
    grads = tf.gradients(tf.reduce_sum(y), tf.trainable_variables())
    assert all(g is not None for g in grads)


# ---- Conv3D / conv3d

def test_conv3d_layer_is_nn_conv3d_plus_bias():
    x = RNG.standard_normal((2, 5, 6, 4, 3)).astype(np.float32)
    y = tf.layers.conv3d(x, 4, 3, strides=(1, 2, 1), padding="same", activation=tf.nn.relu,
                         bias_initializer=tf.constant_initializer(0.5))
    kernel, bias = tf.global_variables()
    assert (kernel.name, kernel.shape.as_list()) == ("conv3d/kernel:0", [3, 3, 3, 3, 4])
    assert (bias.name, bias.shape.as_list()) == ("conv3d/bias:0", [4])
    assert y.name == "conv3d/Relu:0" and y.shape.as_list() == [2, 5, 3, 4, 4]
    assert y.op.inputs[0].op.name == "conv3d/BiasAdd"
    assert y.op.inputs[0].op.inputs[0].op.name == "conv3d/Conv3D"
    want = tf.nn.relu(tf.nn.conv3d(x, kernel, [1, 1, 2, 1, 1], "SAME") + bias)
    got, want_v = _run([y, want])
    np.testing.assert_allclose(got, want_v, rtol=1e-5, atol=1e-6)


def test_conv3d_layer_class_reuse_and_channels_first():
    x = tf.placeholder(tf.float32, [2, 5, 6, 4, 3])
    layer = tf.layers.Conv3D(2, (2, 1, 2), use_bias=False, name="c3")
    y = layer(x)
    assert layer.kernel.name == "c3/kernel:0" and layer.bias is None
    assert y.name == "c3/Conv3D:0" and y.shape.as_list() == [2, 4, 6, 3, 2]
    dilated = tf.layers.conv3d(x, 2, 2, dilation_rate=(2, 1, 1))
    assert dilated.shape.as_list() == [2, 3, 5, 3, 2]
    assert dilated.op.inputs[0].op.get_attr("dilations") == [1, 2, 1, 1, 1]
    again = tf.layers.conv3d(x, 2, 2, dilation_rate=(2, 1, 1), name="conv3d", reuse=True)
    assert again.shape.as_list() == [2, 3, 5, 3, 2] and len(tf.global_variables()) == 3
    xf = RNG.standard_normal((1, 3, 4, 5, 6)).astype(np.float32)
    first = tf.layers.conv3d(xf, 2, 2, data_format="channels_first",
                             bias_initializer=tf.constant_initializer(1.0))
    assert first.shape.as_list() == [1, 2, 3, 4, 5]
    kernel = tf.global_variables()[-2]
    want = tf.transpose(tf.nn.conv3d(np.transpose(xf, (0, 2, 3, 4, 1)), kernel,
                                     [1, 1, 1, 1, 1], "VALID"), (0, 4, 1, 2, 3)) + 1.0
    got, want_v = _run([first, want])
    np.testing.assert_allclose(got, want_v, rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="The channel dimension of the inputs should be "
                                         "defined"):
        tf.layers.conv3d(tf.placeholder(tf.float32, [1, 4, 4, 4, None]), 2, 2)
