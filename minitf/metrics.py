"""`tf.metrics`: streaming metrics (mirrors metrics_impl.py of TF 1.15).

A metric keeps running sums in local variables (`GraphKeys.LOCAL_VARIABLES` and
`METRIC_VARIABLES`, zeroed by `tf.local_variables_initializer()`) and returns two tensors: the
value from the sums so far, and an update op that adds a batch to them and gives the new value.
"""
from __future__ import annotations

from typing import Any

from .framework import dtypes as _dtypes
from .framework.convert import convert_to_tensor
from .framework.graph import GraphKeys, Tensor, add_to_collections, control_dependencies
from .ops import array as array_ops
from .ops import losses as losses_ops
from .ops import math as math_ops
from .ops import state as state_ops
from .ops import variable_scope as vs

__all__ = ["accuracy", "mean"]


def _metric_variable(shape: list, dtype: Any, name: str) -> state_ops.Variable:
    """A zero-initialized local variable that sums a metric across runs."""
    return state_ops.Variable(
        lambda: array_ops.zeros(shape, dtype), trainable=False,
        collections=[GraphKeys.LOCAL_VARIABLES, GraphKeys.METRIC_VARIABLES],
        synchronization=state_ops.VariableSynchronization.ON_READ,
        aggregation=state_ops.VariableAggregation.SUM, name=name)


def _remove_squeezable_dimensions(predictions: Any, labels: Any, weights: Any
                                  ) -> tuple[Tensor, Tensor | None, Any]:
    """metrics_impl's squeeze: labels against predictions as the losses do it, then a
    trailing size-1 dimension off `weights` (or one added) to match the predictions' rank."""
    predictions = convert_to_tensor(predictions)
    if labels is not None:
        labels, predictions, _ = losses_ops._remove_squeezable_dimensions(labels, predictions)
        predictions.shape.assert_is_compatible_with(labels.shape)
    if weights is None:
        return predictions, labels, None
    weights = convert_to_tensor(weights)
    weights_rank, predictions_rank = weights.shape.ndims, predictions.shape.ndims
    if weights_rank == 0 or weights_rank is None or predictions_rank is None:
        return predictions, labels, weights
    if weights_rank - predictions_rank == 1:
        weights = array_ops.squeeze(weights, [-1])
    elif predictions_rank - weights_rank == 1:
        weights = array_ops.expand_dims(weights, [-1])
    return predictions, labels, weights


def mean(values: Any, weights: Any = None, metrics_collections: Any = None,
         updates_collections: Any = None, name: str | None = None) -> tuple[Tensor, Tensor]:
    """`tf.metrics.mean`: the (weighted) mean of every value seen, as (mean, update_op)."""
    with vs.variable_scope(name, "mean", (values, weights)):
        values = array_ops.cast(values, _dtypes.float32)
        total = _metric_variable([], _dtypes.float32, "total")
        count = _metric_variable([], _dtypes.float32, "count")
        if weights is None:
            num_values = array_ops.cast(array_ops.size(values), _dtypes.float32)
        else:
            values, _, weights = _remove_squeezable_dimensions(values, None, weights)
            weights = losses_ops._broadcast_weights(array_ops.cast(weights, _dtypes.float32),
                                                    values)
            values = math_ops.multiply(values, weights)
            num_values = math_ops.reduce_sum(weights)
        update_total = state_ops.assign_add(total, math_ops.reduce_sum(values))
        with control_dependencies([values]):
            update_count = state_ops.assign_add(count, num_values)
        mean_t = math_ops.div_no_nan(total, math_ops.maximum(count, 0), name="value")
        if metrics_collections:
            add_to_collections(metrics_collections, mean_t)
        update_op = math_ops.div_no_nan(update_total, math_ops.maximum(update_count, 0),
                                        name="update_op")
        if updates_collections:
            add_to_collections(updates_collections, update_op)
        return mean_t, update_op


def accuracy(labels: Any, predictions: Any, weights: Any = None,
             metrics_collections: Any = None, updates_collections: Any = None,
             name: str | None = None) -> tuple[Tensor, Tensor]:
    """`tf.metrics.accuracy`: how often `predictions` equals `labels` over every batch seen,
    as (accuracy, update_op); local variables `accuracy/total` and `accuracy/count`."""
    predictions, labels, weights = _remove_squeezable_dimensions(predictions, labels, weights)
    if labels.dtype != predictions.dtype:
        predictions = array_ops.cast(predictions, labels.dtype)
    is_correct = array_ops.cast(math_ops.equal(predictions, labels), _dtypes.float32)
    return mean(is_correct, weights, metrics_collections, updates_collections,
                name or "accuracy")
