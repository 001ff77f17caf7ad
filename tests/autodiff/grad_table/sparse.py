"""Gradient checks of minitf/ops/sparse_ops.py (SparseToDense) and minitf/ops/ctc_ops.py
(CTCLoss, whose gradient is the op's own second output)."""
import minitf as tf
from minitf.ops import sparse_ops

from . import GradCase


def _labels():
    return tf.SparseTensor(tf.constant([[0, 0], [0, 1], [1, 0], [1, 1], [1, 2]], tf.int64),
                           tf.constant([0, 2, 1, 1, 0], tf.int32),
                           tf.constant([2, 3], tf.int64))


CASES = [
    GradCase("SparseToDense",
             lambda v, d: tf.sparse_to_dense([[0, 1], [1, 0], [2, 3]], [3, 4], v, d),
             [(3,), ()]),
    GradCase("CTCLoss", lambda x: tf.nn.ctc_loss(_labels(), x, [5, 4]), [(5, 2, 3)]),
    GradCase("CTCLoss", lambda x: tf.nn.ctc_loss(_labels(), x, [4, 5], ctc_merge_repeated=False,
                                                 time_major=False),
             [(2, 5, 3)], label="batch_major_no_merge"),
]



_SP_IDX = [[0, 1], [1, 0], [1, 2], [2, 2]]
_SEG = dict(indices=[0, 2, 2, 1], segment_ids=[0, 0, 2, 2])


def _segment(op_type, n_inputs):
    """The op on _SEG; its row count (from the segment ids' values) set statically."""
    def build(x):
        extra = [] if n_inputs == 3 else [4]
        y = sparse_ops._segment_op(op_type, [x, _SEG["indices"], _SEG["segment_ids"]] + extra,
                                   None)
        y.set_shape([3 if n_inputs == 3 else 4, 2])
        return y
    return build


CASES += [
    GradCase("SparseTensorDenseMatMul",
             lambda v, b: tf.sparse_tensor_dense_matmul(tf.SparseTensor(_SP_IDX, v, [3, 3]), b),
             [(4,), (3, 2)]),
    GradCase("SparseTensorDenseMatMul",
             lambda v, b: tf.sparse_tensor_dense_matmul(tf.SparseTensor(_SP_IDX, v, [3, 3]), b,
                                                        adjoint_a=True, adjoint_b=True),
             [(4,), (2, 3)], label="adjoint"),
    GradCase("SparseReduceSum",
             lambda v: tf.sparse_reduce_sum(tf.SparseTensor(_SP_IDX, v, [3, 3]), 1),
             [(4,)]),
    GradCase("SparseReduceSum",
             lambda v: tf.sparse_reduce_sum(tf.SparseTensor(_SP_IDX, v, [3, 3]), [0, 1],
                                            keepdims=True),
             [(4,)], label="keepdims"),
    GradCase("SparseSegmentSum", _segment("SparseSegmentSum", 3), [(4, 2)]),
    GradCase("SparseSegmentMean", _segment("SparseSegmentMean", 3), [(4, 2)]),
    GradCase("SparseSegmentSqrtN", _segment("SparseSegmentSqrtN", 3), [(4, 2)]),
    GradCase("SparseSegmentMeanGrad", _segment("SparseSegmentMeanGrad", 4), [(3, 2)]),
    GradCase("SparseSegmentSqrtNGrad", _segment("SparseSegmentSqrtNGrad", 4), [(3, 2)]),
]
