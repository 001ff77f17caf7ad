"""Gradient checks of minitf/ops/math.py's ops."""
import numpy as np

import minitf as tf
from minitf.ops import math as math_ops

from . import GradCase


def _away_from_zero(*shape, lo=0.5, hi=2.0, seed=0):
    """Values with |v| in [lo, hi) and mixed signs: no kink of Abs, no pole of Reciprocal."""
    rng = np.random.RandomState(seed)
    return rng.uniform(lo, hi, shape) * rng.choice([-1.0, 1.0], shape)


def _positive(*shape, lo=0.5, hi=2.0, seed=0):
    return np.random.RandomState(seed).uniform(lo, hi, shape)


def _conj_round_trip(x):
    """Conj checked through float64: Re((3 - i) * conj((1 + 2i) x)) is x; without the
    conjugation it would be 5x."""
    z = tf.cast(x, tf.complex128) * tf.constant(1 + 2j, tf.complex128)
    return tf.cast(tf.conj(z) * tf.constant(3 - 1j, tf.complex128), tf.float64)


def _unary(op_type, fn, values=None, label=""):
    shape = (2, 3) if values is None else np.shape(values)
    return GradCase(op_type, fn, [shape], values=None if values is None else [values],
                    label=label)


def _binary(op_type, fn, shapes, values=None, label=""):
    return GradCase(op_type, fn, shapes, values=values, label=label)


def _reduction(op_type, fn, values=None, shape=(2, 3, 4)):
    """Cases for several axes and keepdims; the label names them."""
    out = []
    for label, axis, keep in (("all", None, False), ("axis1", 1, False), ("axes02", [0, 2], False),
                              ("neg_keep", -1, True), ("all_keep", None, True),
                              ("unordered", [2, 0], False)):
        out.append(GradCase(op_type, lambda x, a=axis, k=keep: fn(x, axis=a, keepdims=k),
                            [shape], values=None if values is None else [values], label=label))
    return out


_POW_X = _positive(3, 4, seed=1)
_FLOOR_MOD_X = np.array([[5.3, -2.6, 7.7, -0.4], [1.2, 3.9, -6.1, 2.45]])
_FLOOR_MOD_Y = np.array([1.5, 2.2, -3.1, 0.7])
_MAX_X = np.random.RandomState(7).permutation(24).reshape(2, 3, 4) / 4.0  # distinct values
_PROD_X = _away_from_zero(2, 3, 4, lo=0.8, hi=1.25, seed=3)
_PROD_WITH_ZERO = _PROD_X.copy()
_PROD_WITH_ZERO[1, 2, 0] = 0.0

CASES = [
    # broadcasting binary ops
    GradCase("AddV2", lambda x, y: x + y, [(3, 4), (4,)], label="broadcast"),
    GradCase("AddV2", lambda x, y: x + y, [(3, 4), (3, 4)], label="same"),
    GradCase("Add", lambda x, y: tf.add(x, y), [(2, 1, 4), (3, 1)]),
    GradCase("Sub", lambda x, y: x - y, [(3, 1), (1, 4)]),
    GradCase("Sub", lambda x, y: x - y, [(3, 4), (3, 4)], label="same"),
    GradCase("Mul", lambda x, y: x * y, [(2, 3, 4), (3, 1)]),
    GradCase("Mul", lambda x, y: x * y, [(3, 4), (3, 4)], label="same"),
    GradCase("DivNoNan", lambda x, y: tf.div_no_nan(x, y), [(3, 4), (4,)],
             values=[np.arange(12.0).reshape(3, 4) - 5.5, np.array([1.5, -2.0, 0.75, 3.0])]),
    _binary("RealDiv", lambda x, y: x / y, [(3, 4), (4,)],
            values=[_away_from_zero(3, 4, seed=1), _away_from_zero(4, seed=2)],
            label="broadcast"),
    _binary("RealDiv", lambda x, y: tf.realdiv(x, y), [(2, 3), (2, 3)],
            values=[_away_from_zero(2, 3, seed=1), _away_from_zero(2, 3, seed=2)], label="same"),
    _binary("FloorMod", lambda x, y: tf.mod(x, y), [(2, 4), (4,)],
            values=[_FLOOR_MOD_X, _FLOOR_MOD_Y]),
    _binary("Pow", lambda x, y: tf.pow(x, y), [(3, 4), (4,)],
            values=[_POW_X, np.array([0.5, 2.0, -1.5, 3.0])], label="broadcast"),
    _binary("Pow", lambda x, y: x ** y, [(3, 1), (1, 4)],
            values=[_positive(3, 1, seed=4), np.array([[1.5, -0.5, 2.0, 0.25]])],
            label="outer"),
    _binary("Maximum", lambda x, y: tf.maximum(x, y), [(2, 3, 4), (3, 1)], label="broadcast"),
    _binary("Maximum", lambda x, y: tf.maximum(x, y), [(3, 4), (3, 4)], label="same"),
    _binary("Minimum", lambda x, y: tf.minimum(x, y), [(2, 3, 4), (4,)], label="broadcast"),
    _binary("Minimum", lambda x, y: tf.minimum(x, y), [(3, 4), (3, 4)], label="same"),
    _binary("SquaredDifference", lambda x, y: tf.squared_difference(x, y), [(3, 4), (4,)],
            label="broadcast"),
    _binary("SquaredDifference", lambda x, y: tf.squared_difference(x, y), [(2, 3), (2, 3)],
            label="same"),
    # unary ops
    _unary("Neg", lambda x: -x),
    _unary("Abs", lambda x: tf.abs(x), _away_from_zero(2, 3)),
    _unary("Square", lambda x: tf.square(x)),
    _unary("Sqrt", lambda x: tf.sqrt(x), _positive(2, 3)),
    _unary("Rsqrt", lambda x: tf.rsqrt(x), _positive(2, 3)),
    _unary("Exp", lambda x: tf.exp(x)),
    _unary("Log", lambda x: tf.log(x), _positive(2, 3)),
    _unary("Log1p", lambda x: tf.log1p(x), _positive(2, 3, lo=-0.5, hi=2.0)),
    _unary("Tanh", lambda x: tf.tanh(x)),
    _unary("Sigmoid", lambda x: tf.sigmoid(x)),
    GradCase("Sigmoid", lambda x: tf.sigmoid(x), [()], label="scalar"),
    _unary("Sign", lambda x: tf.sign(x) * x, _away_from_zero(2, 3)),
    _unary("Reciprocal", lambda x: tf.reciprocal(x), _away_from_zero(2, 3)),
    _unary("Sin", lambda x: tf.sin(x)),
    _unary("Cos", lambda x: tf.cos(x)),
    _unary("Conj", _conj_round_trip),
    # the gradient-only ops, checked in both inputs
    GradCase("TanhGrad", lambda y, dy: math_ops.tanh_grad(y, dy), [(2, 3), (2, 3)]),
    GradCase("SigmoidGrad", lambda y, dy: math_ops.sigmoid_grad(y, dy), [(2, 3), (2, 3)]),
    GradCase("SigmoidGrad", lambda y, dy: math_ops.sigmoid_grad(y, dy), [(), ()],
             label="scalar"),
    GradCase("TanhGrad", lambda y, dy: math_ops.tanh_grad(y, dy), [(), ()], label="scalar"),
    GradCase("SqrtGrad", lambda y, dy: math_ops.sqrt_grad(y, dy), [(2, 3), (2, 3)],
             values=[_positive(2, 3), _away_from_zero(2, 3, seed=1)]),
    GradCase("RsqrtGrad", lambda y, dy: math_ops.rsqrt_grad(y, dy), [(2, 3), (2, 3)]),
    GradCase("ReciprocalGrad", lambda y, dy: math_ops.reciprocal_grad(y, dy), [(2, 3), (2, 3)]),
    # AddN, matrix products
    GradCase("AddN", lambda x, y, z: tf.add_n([x, y, z]), [(2, 3)] * 3),
    GradCase("MatMul", lambda a, b: tf.matmul(a, b), [(2, 3), (3, 4)]),
    GradCase("MatMul", lambda a, b: tf.matmul(a, b, transpose_a=True), [(3, 2), (3, 4)],
             label="ta"),
    GradCase("MatMul", lambda a, b: tf.matmul(a, b, transpose_b=True), [(2, 3), (4, 3)],
             label="tb"),
    GradCase("MatMul", lambda a, b: tf.matmul(a, b, transpose_a=True, transpose_b=True),
             [(3, 2), (4, 3)], label="ta_tb"),
    GradCase("BatchMatMulV2", lambda x, y: tf.matmul(x, y), [(2, 3, 4), (2, 4, 5)]),
    GradCase("BatchMatMulV2", lambda x, y: tf.matmul(x, y, adjoint_a=True), [(2, 4, 3), (2, 4, 5)],
             label="adj_x"),
    GradCase("BatchMatMulV2", lambda x, y: tf.matmul(x, y, adjoint_b=True), [(2, 3, 4), (2, 5, 4)],
             label="adj_y"),
    GradCase("BatchMatMulV2", lambda x, y: tf.matmul(x, y, adjoint_a=True, adjoint_b=True),
             [(2, 4, 3), (2, 5, 4)], label="adj_x_adj_y"),
    GradCase("BatchMatMulV2", lambda x, y: tf.matmul(x, y), [(2, 1, 3, 4), (3, 4, 5)],
             label="broadcast"),
    GradCase("BatchMatMulV2", lambda x, y: tf.matmul(x, y, transpose_b=True), [(2, 3, 4), (5, 4)],
             label="rank2_y"),
    # reductions
    *_reduction("Sum", tf.reduce_sum),
    *_reduction("Mean", tf.reduce_mean),
    *_reduction("Prod", tf.reduce_prod, _PROD_X),
    GradCase("Prod", lambda x: tf.reduce_prod(x, axis=1), [(2, 3, 4)], values=[_PROD_WITH_ZERO],
             label="with_zero"),
    *_reduction("Max", tf.reduce_max, _MAX_X),
    *_reduction("Min", tf.reduce_min, _MAX_X),
    # scans, segments
    GradCase("Cumsum", lambda x: tf.cumsum(x, 1), [(2, 3, 4)]),
    GradCase("Cumsum", lambda x: tf.cumsum(x, -1, exclusive=True, reverse=True), [(2, 3, 4)],
             label="exclusive_reverse"),
    GradCase("Cumprod", lambda x: tf.cumprod(x, 0), [(3, 4)], values=[_away_from_zero(3, 4)]),
    GradCase("Cumprod", lambda x: tf.cumprod(x, 1, exclusive=True, reverse=True), [(3, 4)],
             values=[_away_from_zero(3, 4, seed=5)], label="exclusive_reverse"),
    GradCase("UnsortedSegmentSum", lambda x: tf.unsorted_segment_sum(x, [2, 0, -1, 2, 4], 5),
             [(5, 3)]),
    GradCase("UnsortedSegmentSum",
             lambda x: tf.unsorted_segment_sum(x, [[0, 1, 1], [3, -1, 0]], 4), [(2, 3, 2)],
             label="rank2_ids"),
    # more elementwise ops
    _unary("Expm1", tf.expm1),
    _unary("Erf", tf.erf),
    _unary("Erfc", tf.erfc),
    _unary("Erf", tf.erf, np.array([[-3.1, 2.6, 4.0], [-2.49, 2.51, 0.2]]), label="tails"),
    _unary("Tan", tf.tan, _away_from_zero(2, 3, lo=0.1, hi=1.2)),
    _unary("Asin", tf.asin, _away_from_zero(2, 3, lo=0.1, hi=0.9)),
    _unary("Acos", tf.acos, _away_from_zero(2, 3, lo=0.1, hi=0.9)),
    _unary("Atan", tf.atan),
    _unary("Sinh", tf.sinh),
    _unary("Cosh", tf.cosh),
    _unary("Asinh", tf.asinh),
    _unary("Acosh", tf.acosh, _positive(2, 3, lo=1.2, hi=3.0)),
    _unary("Atanh", tf.atanh, _away_from_zero(2, 3, lo=0.1, hi=0.9)),
    _binary("Atan2", lambda y, x: tf.atan2(y, x), [(3, 4), (3, 4)],
            values=[_away_from_zero(3, 4, seed=1), _away_from_zero(3, 4, seed=2)]),
    GradCase("Sqrt", lambda x: tf.norm(x, axis=1), [(3, 4)], label="norm"),
    GradCase("Max", lambda x: tf.norm(x, ord=np.inf, axis=(0, 1)), [(3, 4)],
             values=[_MAX_X[0]], label="norm_inf"),
    # segment reductions: distinct values (no ties at the extrema), a dropped negative id and an
    # empty segment; sorted segments' first dimension is fixed by EnsureShape
    GradCase("SegmentMean", lambda x: tf.ensure_shape(tf.segment_mean(x, [0, 0, 1, 3]),
                                                      [4, 3]), [(4, 3)]),
    GradCase("SegmentMax", lambda x: tf.ensure_shape(tf.segment_max(x, [0, 0, 1, 3]), [4, 3]),
             [(4, 3)], values=[_MAX_X.reshape(4, 6)[:, :3]]),
    GradCase("SegmentMin", lambda x: tf.ensure_shape(tf.segment_min(x, [0, 0, 2, 2]), [3, 3]),
             [(4, 3)], values=[_MAX_X.reshape(4, 6)[:, 3:]]),
    GradCase("UnsortedSegmentMax", lambda x: tf.unsorted_segment_max(x, [2, -1, 0, 2], 4),
             [(4, 3)], values=[_MAX_X.reshape(4, 6)[:, :3]]),
    GradCase("UnsortedSegmentMin", lambda x: tf.unsorted_segment_min(x, [[1, 0], [1, -1]], 3),
             [(2, 2, 3)], values=[_MAX_X.reshape(-1)[:12].reshape(2, 2, 3)]),
    GradCase("UnsortedSegmentProd", lambda x: tf.unsorted_segment_prod(x, [2, -1, 0, 2], 3),
             [(4, 3)], values=[_PROD_X.reshape(-1)[:12].reshape(4, 3)]),
    GradCase("UnsortedSegmentProd", lambda x: tf.unsorted_segment_prod(x, [2, 1, 0, 2, 2], 3),
             [(5, 2)], values=[np.array([[0.0, 1.5], [0.7, 0.0], [1.2, -0.8], [-0.9, 0.0],
                                         [1.1, 0.0]])], label="zeros"),
    GradCase("UnsortedSegmentSum", lambda x: tf.unsorted_segment_sqrt_n(x, [1, 1, -1, 0], 3),
             [(4, 3)], label="sqrt_n"),
    GradCase("EuclideanNorm", lambda x: tf.math.reduce_euclidean_norm(x, [0, 2]), [(2, 3, 4)]),
    GradCase("EuclideanNorm", lambda x: tf.math.reduce_euclidean_norm(x, keepdims=True),
             [(2, 3)], label="all_keep"),
    GradCase("Cross", tf.cross, [(2, 4, 3), (2, 4, 3)]),
]

# Lgamma, Digamma, Polygamma (with respect to x; TF gives no gradient for the order), and the
# linear-algebra ops Cholesky (of a symmetric positive definite matrix built from the input, as
# the op reads one triangle only) and MatrixSolve
_SPECIAL_X = np.array([[0.3, 1.7, 4.2], [-0.6, -2.4, 12.5]])
CASES += [
    _unary("Lgamma", tf.lgamma, _SPECIAL_X),
    _unary("Digamma", tf.digamma, _SPECIAL_X),
    GradCase("Polygamma", lambda x: tf.polygamma(tf.constant([[1.0], [2.0]], tf.float64), x),
             [(2, 3)], values=[_SPECIAL_X], tol=1e-4),
    GradCase("Cholesky", lambda x: tf.cholesky(tf.matmul(x, x, transpose_b=True)
                                               + 3.0 * tf.eye(3, dtype=tf.float64)),
             [(2, 3, 3)]),
    GradCase("MatrixSolve", tf.matrix_solve, [(2, 3, 3), (2, 3, 4)],
             values=[_away_from_zero(2, 3, 3, seed=3) + 4 * np.eye(3),
                     _away_from_zero(2, 3, 4, seed=4)]),
    GradCase("MatrixSolve", lambda a, b: tf.matrix_solve(a, b, adjoint=True),
             [(3, 3), (3, 2)], values=[_away_from_zero(3, 3, seed=5) + 4 * np.eye(3),
                                       _away_from_zero(3, 2, seed=6)], label="adjoint"),
]
CASES += [  # Svd: singular values, and sign-invariant functions of the singular vectors
    GradCase("Svd", lambda x: tf.svd(x)[0], [(3, 4)]),
    GradCase("Svd", lambda x: tf.svd(x, compute_uv=False), [(2, 4, 3)], label="values_only"),
    GradCase("Svd", lambda x: tf.square(tf.svd(x)[1]) + 2.0 * tf.reduce_sum(tf.svd(x)[2]
                                                                            ** 2),
             [(4, 3)], label="vectors"),
    GradCase("Svd", lambda x: tf.square(tf.svd(x, full_matrices=True)[2]), [(3, 4)],
             label="full"),
]
