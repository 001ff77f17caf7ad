"""Gradient checks of minitf/ops/conv.py's ops: Conv2D and its two backprop ops (each through
every float input), MaxPool with MaxPoolGrad and MaxPoolGradGrad, AvgPool and AvgPoolGrad, in
SAME and VALID padding, NHWC and NCHW."""
import numpy as np

import minitf as tf
from minitf.ops import conv

from . import GradCase

_rng = np.random.RandomState(4321)


def _distinct(*shape):
    """Values whose gaps exceed the finite-difference step, so every pooling window has one
    clear maximum (central differences would straddle a tie)."""
    n = int(np.prod(shape))
    return (_rng.permutation(n).reshape(shape) * 0.1 + _rng.uniform(-0.01, 0.01, shape))


_S = dict(strides=[1, 2, 1, 1], padding="SAME")
_V = dict(strides=[1, 1, 2, 1], padding="VALID")
_POOL = dict(ksize=[1, 3, 2, 1], strides=[1, 2, 1, 1], padding="SAME")
_POOL_V = dict(ksize=[1, 2, 2, 1], strides=[1, 1, 2, 1], padding="VALID")


def _max_pool_grad(x, g):
    return conv.max_pool_grad(x, tf.nn.max_pool(x, **_POOL), g, **_POOL)


def _max_pool_grad_grad(x, g):
    return conv.max_pool_grad_grad(x, tf.nn.max_pool(x, **_POOL), g, **_POOL)


CASES = [
    GradCase("Conv2D", lambda x, f: tf.nn.conv2d(x, f, **_S), [(2, 5, 4, 3), (3, 2, 3, 2)],
             label="same"),
    GradCase("Conv2D", lambda x, f: tf.nn.conv2d(x, f, **_V), [(2, 5, 6, 3), (2, 3, 3, 4)],
             label="valid"),
    GradCase("Conv2D", lambda x, f: tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME",
                                                 dilations=[1, 2, 1, 1]),
             [(1, 6, 4, 2), (2, 2, 2, 3)], label="dilated"),
    GradCase("Conv2D", lambda x, f: tf.nn.conv2d(x, f, [1, 1, 2, 1], "SAME",
                                                 data_format="NCHW"),
             [(2, 3, 5, 4), (2, 3, 3, 2)], label="nchw"),
    GradCase("Conv2DBackpropInput",
             lambda f, dy: conv.conv2d_backprop_input([2, 5, 4, 3], f, dy, **_S),
             [(3, 2, 3, 2), (2, 3, 4, 2)]),
    GradCase("Conv2DBackpropFilter",
             lambda x, dy: conv.conv2d_backprop_filter(x, [2, 3, 3, 4], dy, **_V),
             [(2, 5, 6, 3), (2, 4, 2, 4)]),
    GradCase("MaxPool", lambda x: tf.nn.max_pool(x, **_POOL), [(2, 5, 4, 3)],
             values=[_distinct(2, 5, 4, 3)], label="same"),
    GradCase("MaxPool", lambda x: tf.nn.max_pool(x, **_POOL_V), [(2, 4, 5, 3)],
             values=[_distinct(2, 4, 5, 3)], label="valid"),
    GradCase("MaxPool", lambda x: tf.nn.max_pool(x, [1, 1, 2, 2], [1, 1, 2, 1], "SAME",
                                                 data_format="NCHW"),
             [(2, 3, 4, 5)], values=[_distinct(2, 3, 4, 5)], label="nchw"),
    GradCase("MaxPoolGrad", _max_pool_grad, [(2, 5, 4, 3), (2, 3, 4, 3)],
             values=[_distinct(2, 5, 4, 3), _rng.standard_normal((2, 3, 4, 3))]),
    GradCase("MaxPoolGradGrad", _max_pool_grad_grad, [(2, 5, 4, 3), (2, 5, 4, 3)],
             values=[_distinct(2, 5, 4, 3), _rng.standard_normal((2, 5, 4, 3))]),
    GradCase("AvgPool", lambda x: tf.nn.avg_pool(x, **_POOL), [(2, 5, 4, 3)], label="same"),
    GradCase("AvgPool", lambda x: tf.nn.avg_pool(x, **_POOL_V), [(2, 4, 5, 3)], label="valid"),
    GradCase("AvgPoolGrad", lambda g: conv.avg_pool_grad([2, 5, 4, 3], g, **_POOL),
             [(2, 3, 4, 3)]),
]


_DW = dict(strides=[1, 2, 2, 1], padding="SAME")
_ARGMAX = dict(ksize=[1, 2, 2, 1], strides=[1, 1, 2, 1], padding="SAME")


CASES += [
    GradCase("DepthwiseConv2dNative", lambda x, f: tf.nn.depthwise_conv2d_native(x, f, **_DW),
             [(2, 5, 4, 3), (3, 2, 3, 2)]),
    GradCase("DepthwiseConv2dNative",
             lambda x, f: tf.nn.depthwise_conv2d_native(x, f, [1, 1, 1, 1], "VALID",
                                                        dilations=[1, 2, 1, 1]),
             [(1, 6, 5, 2), (2, 2, 2, 3)], label="dilated"),
    GradCase("DepthwiseConv2dNativeBackpropInput",
             lambda f, dy: tf.nn.depthwise_conv2d_native_backprop_input([2, 5, 4, 3], f, dy,
                                                                        **_DW),
             [(3, 2, 3, 2), (2, 3, 2, 6)]),
    GradCase("DepthwiseConv2dNativeBackpropFilter",
             lambda x, dy: tf.nn.depthwise_conv2d_native_backprop_filter(x, [3, 2, 3, 2], dy,
                                                                         **_DW),
             [(2, 5, 4, 3), (2, 3, 2, 6)]),
    GradCase("MaxPoolWithArgmax", lambda x: tf.nn.max_pool_with_argmax(x, **_ARGMAX)[0],
             [(2, 4, 5, 2)], values=[_distinct(2, 4, 5, 2)]),
]

_C3 = dict(strides=[1, 2, 1, 1, 1], padding="SAME")
CASES += [
    GradCase("Conv3D", lambda x, f: tf.nn.conv3d(x, f, **_C3), [(1, 4, 3, 3, 2), (2, 2, 1, 2, 3)]),
    GradCase("Conv3D", lambda x, f: tf.nn.conv3d(x, f, [1, 1, 1, 1, 1], "VALID",
                                                 dilations=[1, 1, 2, 1, 1]),
             [(1, 3, 4, 3, 2), (2, 2, 2, 2, 2)], label="dilated"),
    GradCase("Conv3DBackpropInputV2",
             lambda f, dy: conv._conv3d_op("Conv3DBackpropInputV2", [[1, 4, 3, 3, 2], f, dy],
                                           **_C3),
             [(2, 2, 1, 2, 3), (1, 2, 3, 3, 3)]),
    GradCase("Conv3DBackpropFilterV2",
             lambda x, dy: conv._conv3d_op("Conv3DBackpropFilterV2", [x, [2, 2, 1, 2, 3], dy],
                                           **_C3),
             [(1, 4, 3, 3, 2), (1, 2, 3, 3, 3)]),
]
