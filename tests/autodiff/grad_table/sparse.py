"""Gradient checks of minitf/ops/sparse_ops.py (SparseToDense) and minitf/ops/ctc_ops.py
(CTCLoss, whose gradient is the op's own second output)."""
import minitf as tf

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
