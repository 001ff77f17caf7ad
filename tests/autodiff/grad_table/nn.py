"""Gradient checks of minitf/ops/nn.py's and nn_impl.py's ops: the activations, softmax,
bias_add, l2_loss, the gradient-only ops they build (ReluGrad, ...), both cross-entropy ops
(each output), and the partition/stitch ops of embedding_lookup."""
import numpy as np

import minitf as tf
from minitf.ops import nn as nn_ops

from . import GradCase

_rng = np.random.RandomState(1234)


def _away_from(points, *shape, scale=3.0, gap=0.05):
    """Normal draws (times `scale`) at least `gap` away from the kinks `points`, where central
    differences would straddle two pieces."""
    x = _rng.standard_normal(shape) * scale
    for p in points:
        near = np.abs(x - p) < gap
        x[near] = p + np.where(x[near] >= p, 2 * gap, -2 * gap)
    return x


def _distributions(*shape):
    p = _rng.uniform(0.1, 1.0, shape)
    return p / p.sum(-1, keepdims=True)


def _xent(part):
    return lambda x, z: nn_ops.gen_softmax_cross_entropy_with_logits(x, z)[part]


def _xent_backprop_of_logits(labels):
    # TF's gradient of `backprop` ignores the labels (it is softmax(logits) - labels), so only
    # the logits are checked.
    return lambda x: nn_ops.gen_softmax_cross_entropy_with_logits(
        x, tf.constant(labels)).backprop


def _sparse_xent(part, labels):
    return lambda x: nn_ops.gen_sparse_softmax_cross_entropy_with_logits(
        x, tf.constant(labels, tf.int32))[part]


def _partition(k, rows):
    def build(data):
        part = tf.dynamic_partition(data, tf.constant([1, 0, 2, 1, 0, 1]), 3)[k]
        part.set_shape([rows, 2])
        return part
    return build


def _stitch(fn):
    # distinct indices: where two name one row, the later wins, yet TF's gradient reaches both
    return lambda a, b: fn([tf.constant([[3, 0]]), tf.constant([1, 2, 4])], [a, b])


CASES = [
    GradCase("Relu", tf.nn.relu, [(3, 4)], values=[_away_from([0], 3, 4)]),
    GradCase("Relu6", tf.nn.relu6, [(3, 4)], values=[_away_from([0, 6], 3, 4, scale=4)]),
    GradCase("Elu", tf.nn.elu, [(3, 4)], values=[_away_from([0], 3, 4)]),
    GradCase("Softplus", tf.nn.softplus, [(3, 4)], values=[_away_from([], 3, 4)]),
    GradCase("Softmax", tf.nn.softmax, [(3, 5)]),
    GradCase("Softmax", lambda x: tf.nn.softmax(x, axis=1), [(2, 3, 4)], label="axis1"),
    GradCase("LogSoftmax", tf.nn.log_softmax, [(3, 5)]),
    GradCase("BiasAdd", tf.nn.bias_add, [(2, 3, 4), (4,)]),
    GradCase("BiasAdd", lambda x, b: tf.nn.bias_add(x, b, data_format="NCHW"),
             [(2, 3, 4, 5), (3,)], label="nchw"),
    GradCase("L2Loss", tf.nn.l2_loss, [(3, 4)]),
    GradCase("ReluGrad", nn_ops.relu_grad, [(3, 4), (3, 4)],
             values=[_rng.standard_normal((3, 4)), _away_from([0], 3, 4)]),
    GradCase("Relu6Grad", nn_ops.relu6_grad, [(3, 4), (3, 4)],
             values=[_rng.standard_normal((3, 4)), _away_from([0, 6], 3, 4, scale=4)]),
    GradCase("EluGrad", nn_ops.elu_grad, [(3, 4), (3, 4)],
             values=[_rng.standard_normal((3, 4)),
                     np.maximum(_away_from([0], 3, 4), -0.9)]),
    GradCase("SoftplusGrad", nn_ops.softplus_grad, [(3, 4), (3, 4)]),
    GradCase("BiasAddGrad", nn_ops.bias_add_grad, [(2, 3, 4)]),
    GradCase("BiasAddGrad", lambda g: nn_ops.bias_add_grad(g, data_format="NCHW"),
             [(2, 3, 4, 5)], label="nchw"),
    GradCase("SoftmaxCrossEntropyWithLogits", _xent(0), [(3, 4), (3, 4)],
             values=[_rng.standard_normal((3, 4)) * 2, _distributions(3, 4)], label="loss"),
    GradCase("SoftmaxCrossEntropyWithLogits", _xent_backprop_of_logits(_distributions(3, 4)),
             [(3, 4)], label="backprop"),
    GradCase("SparseSoftmaxCrossEntropyWithLogits", _sparse_xent(0, [2, 0, 3]), [(3, 4)],
             label="loss"),
    GradCase("SparseSoftmaxCrossEntropyWithLogits", _sparse_xent(1, [2, 0, 3]), [(3, 4)],
             label="backprop"),
    GradCase("DynamicPartition", _partition(1, 3), [(6, 2)]),
    GradCase("DynamicPartition", _partition(0, 2), [(6, 2)], label="first"),
    GradCase("DynamicStitch", _stitch(tf.dynamic_stitch), [(1, 2, 3), (3, 3)]),
    GradCase("ParallelDynamicStitch", _stitch(nn_ops._parallel_dynamic_stitch),
             [(1, 2, 3), (3, 3)]),
    GradCase("LeakyRelu", lambda x: tf.nn.leaky_relu(x, 0.1), [(3, 4)],
             values=[_away_from([0], 3, 4)]),
    GradCase("Selu", tf.nn.selu, [(3, 4)], values=[_away_from([0], 3, 4)]),
    GradCase("Softsign", tf.nn.softsign, [(3, 4)], values=[_away_from([0], 3, 4)]),
    GradCase("LeakyReluGrad", lambda g, x: nn_ops.leaky_relu_grad(g, x, alpha=0.3),
             [(3, 4), (3, 4)], values=[_rng.standard_normal((3, 4)), _away_from([0], 3, 4)]),
    GradCase("SeluGrad", nn_ops.selu_grad, [(3, 4), (3, 4)],
             values=[_rng.standard_normal((3, 4)), np.maximum(_away_from([0], 3, 4), -1.7)]),
    GradCase("TopKV2", lambda x: tf.nn.top_k(x, 3).values, [(2, 3, 5)],
             values=[_rng.permutation(30).reshape(2, 3, 5) / 7.0]),  # no ties
    GradCase("TopKV2", lambda x: tf.nn.top_k(x, 1).values, [(4,)],
             values=[np.array([0.5, -1.0, 2.0, 1.5])], label="vector"),
    # LRN has no float64 kernel in TF: checked through float32 (looser tolerance)
    GradCase("LRN", lambda x: tf.cast(tf.nn.lrn(tf.cast(x, tf.float32), 2, 1.5, 0.3, 0.6),
                                      tf.float64), [(1, 2, 3, 6)], tol=2e-3, delta=1e-3),
    GradCase("Mul", tf.nn.swish, [(2, 3)], label="swish"),
]
