"""Gradient checks of the ops added with tf.gather_nd, tf.scatter_nd, tf.broadcast_to,
tf.segment_sum, minitf/ops/linalg.py, and of tf.map_fn / tf.scan / tf.foldl / tf.foldr
(through their while loops and TensorArrays)."""
import numpy as np

import minitf as tf

from . import GradCase

_rng = np.random.RandomState(7)
_WELL_CONDITIONED = _rng.standard_normal((2, 3, 3)) * 0.3 + 2 * np.eye(3)
_GATHER_ND = np.array([[[1, 2], [0, 0]], [[2, 3], [1, 2]]])  # repeated, so rows add up
_SCATTER_ND = np.array([[1], [3], [1]])

CASES = [
    GradCase("GatherNd", lambda x: tf.gather_nd(x, _GATHER_ND), [(3, 4)]),
    GradCase("GatherNd", lambda x: tf.gather_nd(x, [[2], [0], [2]]), [(3, 4, 2)],
             label="rows"),
    GradCase("ScatterNd", lambda u: tf.scatter_nd(_SCATTER_ND, u, [5, 2]), [(3, 2)]),
    GradCase("BroadcastTo", lambda x: tf.broadcast_to(x, [2, 3, 4]), [(3, 1)]),
    GradCase("SegmentSum", lambda x: tf.reshape(tf.segment_sum(x, [0, 0, 2, 3]), [4, 3]),
             [(4, 3)]),
    GradCase("MatrixDiag", lambda d: tf.matrix_diag(d), [(2, 3)]),
    GradCase("MatrixDiagPart", lambda x: tf.matrix_diag_part(x), [(2, 3, 3)]),
    GradCase("MatrixDiagPart", lambda x: tf.matrix_diag_part(x), [(2, 3, 4)],
             label="wide"),
    GradCase("MatrixSetDiag", lambda x, d: tf.matrix_set_diag(x, d), [(2, 4, 3), (2, 3)]),
    GradCase("MatrixInverse", lambda x: tf.matrix_inverse(x), [(2, 3, 3)],
             values=[_WELL_CONDITIONED]),
    GradCase("MatrixDeterminant", lambda x: tf.matrix_determinant(x), [(2, 3, 3)],
             values=[_WELL_CONDITIONED]),
    GradCase("MatMul", lambda a, b: tf.tensordot(a, b, [[3, 1], [0, 2]]),
             [(2, 3, 4, 5), (5, 2, 3)], label="tensordot"),
    GradCase("BatchMatMulV2", lambda a, b: tf.einsum("bij,bjk->bik", a, b),
             [(2, 3, 4), (2, 4, 5)], label="einsum"),
    GradCase("TensorArrayGatherV3", lambda x: tf.map_fn(lambda r: tf.tanh(r) * r, x),
             [(4, 3)], label="map_fn"),
    GradCase("TensorArrayGatherV3", lambda x, w: tf.scan(lambda a, r: tf.tanh(a * w + r), x,
                                                         initializer=tf.zeros([3], tf.float64)),
             [(4, 3), (3,)], label="scan"),
    GradCase("TensorArrayGatherV3", lambda x: tf.scan(lambda a, r: a * r, x, reverse=True),
             [(4, 3)], label="scan_reverse"),
    GradCase("Exit", lambda x: tf.foldl(lambda a, r: a * r, x), [(4, 3)], label="foldl"),
    GradCase("Exit", lambda x: tf.foldr(lambda a, r: a * 0.5 + r, x), [(4, 3)],
             label="foldr"),
]


CASES += [
    GradCase("SpaceToBatchND", lambda x: tf.space_to_batch_nd(x, [2, 2], [[1, 0], [0, 1]]),
             [(2, 3, 3, 2)]),
    GradCase("BatchToSpaceND", lambda x: tf.batch_to_space_nd(x, [2, 1], [[0, 1], [0, 0]]),
             [(4, 3, 2, 2)]),
    GradCase("SpaceToDepth", lambda x: tf.space_to_depth(x, 2), [(2, 4, 2, 3)]),
    GradCase("DepthToSpace", lambda x: tf.depth_to_space(x, 2), [(1, 2, 3, 8)]),
]
