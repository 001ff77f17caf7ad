"""`tf.contrib.seq2seq.sequence_loss` (mirrors contrib/seq2seq/python/ops/loss.py of TF 1.15).

The loss is built from public ops so that its graph has TF 1.15's op names under the
`sequence_loss` name scope (`Shape`, `strided_slice`, `Reshape`, the sparse cross-entropy,
`mul`, `Sum`, `div_no_nan`, ...).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...framework import dtypes as _dtypes
from ...framework.convert import convert_to_tensor
from ...framework.graph import Tensor, name_scope
from ...ops import array as array_ops
from ...ops import math as math_ops
from ...ops import nn_impl

__all__ = ["sequence_loss"]


def _count_nonzero(weights: Tensor, axis: Any, dtype: Any) -> Tensor:
    """How many entries of `weights` are non-zero along `axis`, as `dtype`; the ops of TF
    1.15's `count_nonzero` (NotEqual, Cast to int64, Sum, Cast) in scope `count_nonzero`."""
    with name_scope(None, "count_nonzero", [weights]):
        zero = array_ops.zeros([], dtype=weights.dtype)
        nonzero = array_ops.cast(math_ops.not_equal(weights, zero), _dtypes.int64)
        counts = math_ops.reduce_sum(nonzero, axis=axis)
        return array_ops.cast(counts, dtype)


def sequence_loss(logits: Any, targets: Any, weights: Any, average_across_timesteps: bool = True,
                  average_across_batch: bool = True, sum_over_timesteps: bool = False,
                  sum_over_batch: bool = False, softmax_loss_function: Callable | None = None,
                  name: str | None = None) -> Tensor:
    """Weighted cross-entropy of `[batch, time, classes]` logits against `[batch, time]`
    integer targets. `average_*` divides the weighted sum over an axis by the sum of the
    weights there; `sum_over_*` divides it by the number of non-zero weights there; both use
    `div_no_nan`, so all-zero weights give 0 rather than NaN. Returns a scalar when both axes
    are reduced, `[batch]` (time reduced), `[time]` (batch reduced) or `[batch, time]`."""
    logits = convert_to_tensor(logits)
    targets = convert_to_tensor(targets)
    weights = convert_to_tensor(weights)
    if len(logits.get_shape()) != 3:
        raise ValueError("Logits must be a [batch_size x sequence_length x logits] tensor")
    if len(targets.get_shape()) != 2:
        raise ValueError("Targets must be a [batch_size x sequence_length] tensor")
    if len(weights.get_shape()) != 2:
        raise ValueError("Weights must be a [batch_size x sequence_length] tensor")
    if average_across_timesteps and sum_over_timesteps:
        raise ValueError("average_across_timesteps and sum_over_timesteps cannot be set to True "
                         "at same time.")
    if average_across_batch and sum_over_batch:
        raise ValueError("average_across_batch and sum_over_batch cannot be set to True at "
                         "same time.")
    with name_scope(name, "sequence_loss", [logits, targets, weights]):
        num_classes = array_ops.shape(logits)[2]
        logits_flat = array_ops.reshape(logits, [-1, num_classes])
        targets = array_ops.reshape(targets, [-1])
        if softmax_loss_function is None:
            crossent = nn_impl.sparse_softmax_cross_entropy_with_logits(labels=targets,
                                                                       logits=logits_flat)
        else:
            crossent = softmax_loss_function(labels=targets, logits=logits_flat)
        crossent *= array_ops.reshape(weights, [-1])
        if average_across_timesteps and average_across_batch:
            crossent = math_ops.reduce_sum(crossent)
            total_size = math_ops.reduce_sum(weights)
            return math_ops.div_no_nan(crossent, total_size)
        if sum_over_timesteps and sum_over_batch:
            crossent = math_ops.reduce_sum(crossent)
            total_count = _count_nonzero(weights, None, crossent.dtype)
            return math_ops.div_no_nan(crossent, total_count)
        crossent = array_ops.reshape(crossent, array_ops.shape(logits)[0:2])
        if average_across_timesteps or average_across_batch:
            axis = [0] if average_across_batch else [1]
            crossent = math_ops.reduce_sum(crossent, axis=axis)
            total_size = math_ops.reduce_sum(weights, axis=axis)
            return math_ops.div_no_nan(crossent, total_size)
        if sum_over_timesteps or sum_over_batch:
            axis = [0] if sum_over_batch else [1]
            crossent = math_ops.reduce_sum(crossent, axis=axis)
            total_count = _count_nonzero(weights, axis, crossent.dtype)
            return math_ops.div_no_nan(crossent, total_count)
        return crossent
