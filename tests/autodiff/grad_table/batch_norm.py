"""Gradient checks of minitf/ops/batch_norm.py's ops: FusedBatchNormV3 (training and inference,
NHWC and NCHW) and FusedBatchNormGradV3 (its gradient's gradient). The ops take float32 only,
as in TF, so each case casts the float64 placeholders and checks with a float32 tolerance.
The `second_order` cases check the gradient of a whole first-order gradient, where the
backpropagated dy reaching FusedBatchNormGradV3 is itself a function of x."""
import numpy as np

import minitf as tf
from minitf.ops import batch_norm as bn

from . import GradCase

_rng = np.random.RandomState(2468)


def _f32(t):
    return tf.cast(t, tf.float32)


def _f64(t):
    return tf.cast(t, tf.float64)


def _fused(data_format, training):
    def build(x, scale, offset):
        stats = {} if training else {"mean": tf.constant([0.3, -0.2, 0.1]),
                                     "variance": tf.constant([1.5, 0.5, 2.0])}
        y, _, _ = tf.nn.fused_batch_norm(_f32(x), _f32(scale), _f32(offset),
                                         data_format=data_format, is_training=training,
                                         **stats)
        return _f64(y)
    return build


def _fused_grad(training):
    def build(dy, x, scale):
        y, _, _ = tf.nn.fused_batch_norm(_f32(x), _f32(scale), tf.zeros([3]))
        reserve = y.op.outputs[3:6] if training else [
            tf.constant([0.3, -0.2, 0.1]), tf.constant([1.5, 0.5, 2.0]), y.op.outputs[5]]
        dx, dscale, doffset, _, _ = bn.fused_batch_norm_grad_v3(
            _f32(dy), _f32(x), _f32(scale), *reserve, epsilon=0.001, is_training=training)
        return _f64(tf.concat([tf.reshape(dx, [-1]), dscale, doffset], 0))
    return build


def _second_order(data_format, training):
    """d/dx of d(sum(tanh(bn(x)) * w))/dx: dy = w * tanh'(bn(x)) depends on x."""
    def build(x, scale, w):
        stats = {} if training else {"mean": tf.constant([0.3, -0.2, 0.1]),
                                     "variance": tf.constant([1.5, 0.5, 2.0])}
        y, _, _ = tf.nn.fused_batch_norm(_f32(x), _f32(scale), tf.zeros([3]),
                                         data_format=data_format, is_training=training,
                                         **stats)
        dx, dscale = tf.gradients(tf.reduce_sum(tf.tanh(y) * _f32(w)), [x, scale])
        return tf.concat([tf.reshape(dx, [-1]), dscale], 0)
    return build


_X = (2, 3, 2, 3)
_SCALE = _rng.uniform(0.5, 1.5, 3)
_VALUES = [_rng.standard_normal(_X), _SCALE, _rng.standard_normal(3)]
_NCHW = (2, 3, 3, 2)

CASES = [
    GradCase("FusedBatchNormV3", _fused("NHWC", True), [_X, (3,), (3,)], values=_VALUES,
             label="training", tol=5e-3, delta=1e-3),
    GradCase("FusedBatchNormV3", _fused("NHWC", False), [_X, (3,), (3,)], values=_VALUES,
             label="inference", tol=5e-3, delta=1e-3),
    GradCase("FusedBatchNormV3", _fused("NCHW", True), [_NCHW, (3,), (3,)],
             values=[_rng.standard_normal(_NCHW), _SCALE, _rng.standard_normal(3)],
             label="training_nchw", tol=5e-3, delta=1e-3),
    GradCase("FusedBatchNormV3", _fused("NCHW", False), [_NCHW, (3,), (3,)],
             values=[_rng.standard_normal(_NCHW), _SCALE, _rng.standard_normal(3)],
             label="inference_nchw", tol=5e-3, delta=1e-3),
    GradCase("FusedBatchNormGradV3", _fused_grad(True), [_X, _X, (3,)],
             values=[_rng.standard_normal(_X), _rng.standard_normal(_X), _SCALE],
             label="training", tol=5e-3, delta=1e-3),
    GradCase("FusedBatchNormGradV3", _fused_grad(False), [_X, _X, (3,)],
             values=[_rng.standard_normal(_X), _rng.standard_normal(_X), _SCALE],
             label="inference", tol=5e-3, delta=1e-3),
    GradCase("FusedBatchNormGradV3", _second_order("NHWC", True), [_X, (3,), _X],
             values=[_rng.standard_normal(_X), _SCALE, _rng.standard_normal(_X)],
             label="second_order_training", tol=5e-3, delta=1e-3),
    GradCase("FusedBatchNormGradV3", _second_order("NHWC", False), [_X, (3,), _X],
             values=[_rng.standard_normal(_X), _SCALE, _rng.standard_normal(_X)],
             label="second_order_inference", tol=5e-3, delta=1e-3),
    GradCase("FusedBatchNormGradV3", _second_order("NCHW", True), [_NCHW, (3,), _NCHW],
             values=[_rng.standard_normal(_NCHW), _SCALE, _rng.standard_normal(_NCHW)],
             label="second_order_training_nchw", tol=5e-3, delta=1e-3),
]
