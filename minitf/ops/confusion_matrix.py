"""`tf.confusion_matrix` (mirrors TF 1.15's python/ops/confusion_matrix.py): counts of each
(label, prediction) pair, scattered into an [n, n] matrix by ScatterNd, with run-time asserts
that both are non-negative (and below `num_classes` when given)."""
from __future__ import annotations

from typing import Any

from ..framework import dtypes as _dtypes
from ..framework.convert import convert_to_tensor
from ..framework.graph import Tensor, name_scope
from . import array as array_ops
from . import control_flow, logging_ops
from . import math as math_ops
from .losses import _remove_squeezable_dimensions

__all__ = ["confusion_matrix"]


def _checked(check: Any, value: Tensor) -> Tensor:
    """`value` behind the assert `check`, as TF's `with_dependencies` gives it."""
    return control_flow.with_dependencies([check], value)


def confusion_matrix(labels: Any, predictions: Any, num_classes: Any = None,
                     dtype: Any = _dtypes.int32, name: str | None = None,
                     weights: Any = None) -> Tensor:
    """`tf.confusion_matrix`: rows are labels, columns predictions; `num_classes` defaults to
    one more than the largest of either, and `weights` (shaped like `predictions`) replace
    the counts of one."""
    with name_scope(name, "confusion_matrix", (predictions, labels, num_classes, weights)):
        labels, predictions, _ = _remove_squeezable_dimensions(
            convert_to_tensor(labels, name="labels"),
            convert_to_tensor(predictions, name="predictions"))
        predictions = array_ops.cast(predictions, _dtypes.int64)
        labels = array_ops.cast(labels, _dtypes.int64)
        labels = _checked(logging_ops.assert_non_negative(
            labels, message="`labels` contains negative values"), labels)
        predictions = _checked(logging_ops.assert_non_negative(
            predictions, message="`predictions` contains negative values"), predictions)
        if num_classes is None:
            num_classes = math_ops.maximum(math_ops.reduce_max(predictions),
                                           math_ops.reduce_max(labels)) + 1
        else:
            num_classes_int64 = array_ops.cast(num_classes, _dtypes.int64)
            labels = _checked(logging_ops.assert_less(
                labels, num_classes_int64, message="`labels` out of bound"), labels)
            predictions = _checked(logging_ops.assert_less(
                predictions, num_classes_int64, message="`predictions` out of bound"),
                predictions)
        if weights is not None:
            weights = convert_to_tensor(weights, name="weights")
            predictions.shape.assert_is_compatible_with(weights.shape)
            weights = array_ops.cast(weights, dtype)
        shape = array_ops.stack([num_classes, num_classes])
        indices = array_ops.stack([labels, predictions], axis=1)
        values = array_ops.ones_like(predictions, dtype) if weights is None else weights
        return array_ops.scatter_nd(indices=indices, updates=values,
                                    shape=array_ops.cast(shape, _dtypes.int64))
