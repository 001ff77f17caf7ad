"""`tf.metrics`: streaming metrics (mirrors metrics_impl.py of TF 1.15).

A metric keeps running sums in local variables (`GraphKeys.LOCAL_VARIABLES` and
`METRIC_VARIABLES`, zeroed by `tf.local_variables_initializer()`) and returns two tensors: the
value from the sums so far, and an update op that adds a batch to them and gives the new value.
"""
from __future__ import annotations

import logging
from typing import Any

from .framework import dtypes as _dtypes
from .framework.convert import convert_to_tensor
from .framework.graph import GraphKeys, Tensor, add_to_collections, control_dependencies
from .ops import array as array_ops
from .ops import confusion_matrix as confusion_matrix_ops
from .ops import init as init_ops
from .ops import logging_ops
from .ops import losses as losses_ops
from .ops import math as math_ops
from .ops import state as state_ops
from .ops import variable_scope as vs

__all__ = ["accuracy", "auc", "false_negatives", "false_negatives_at_thresholds",
           "false_positives", "false_positives_at_thresholds", "mean", "mean_absolute_error",
           "mean_cosine_distance", "mean_iou", "mean_per_class_accuracy", "mean_relative_error",
           "mean_squared_error", "mean_tensor", "percentage_below", "precision",
           "precision_at_thresholds", "recall", "recall_at_thresholds", "root_mean_squared_error",
           "sensitivity_at_specificity", "specificity_at_sensitivity", "true_negatives",
           "true_negatives_at_thresholds", "true_positives", "true_positives_at_thresholds"]


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
        return _running_mean(total, count, math_ops.reduce_sum(values), values, num_values,
                             metrics_collections, updates_collections)


def _running_mean(total: Any, count: Any, added: Tensor, values: Tensor, num_values: Tensor,
                  metrics_collections: Any, updates_collections: Any) -> tuple[Tensor, Tensor]:
    """`total / count` (`value`) and the same after adding `added` and `num_values` to them
    (`update_op`, the count's update after `values`), in the metric's scope."""
    update_total = state_ops.assign_add(total, added)
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


def mean_absolute_error(labels: Any, predictions: Any, weights: Any = None,
                        metrics_collections: Any = None, updates_collections: Any = None,
                        name: str | None = None) -> tuple[Tensor, Tensor]:
    """`tf.metrics.mean_absolute_error`: the running (weighted) mean of |predictions - labels|."""
    predictions, labels, weights = _remove_squeezable_dimensions(predictions, labels, weights)
    absolute_errors = math_ops.abs(predictions - labels)
    return mean(absolute_errors, weights, metrics_collections, updates_collections,
                name or "mean_absolute_error")


def mean_squared_error(labels: Any, predictions: Any, weights: Any = None,
                       metrics_collections: Any = None, updates_collections: Any = None,
                       name: str | None = None) -> tuple[Tensor, Tensor]:
    """`tf.metrics.mean_squared_error`: the running (weighted) mean of the squared errors."""
    predictions, labels, weights = _remove_squeezable_dimensions(predictions, labels, weights)
    squared_error = math_ops.squared_difference(labels, predictions)
    return mean(squared_error, weights, metrics_collections, updates_collections,
                name or "mean_squared_error")


def root_mean_squared_error(labels: Any, predictions: Any, weights: Any = None,
                            metrics_collections: Any = None, updates_collections: Any = None,
                            name: str | None = None) -> tuple[Tensor, Tensor]:
    """`tf.metrics.root_mean_squared_error`: the square root of `mean_squared_error`, whose
    variables it keeps (`root_mean_squared_error/total`, `.../count`)."""
    predictions, labels, weights = _remove_squeezable_dimensions(predictions, labels, weights)
    mse, update_mse = mean_squared_error(labels, predictions, weights, None, None,
                                         name or "root_mean_squared_error")
    rmse = math_ops.sqrt(mse)
    if metrics_collections:
        add_to_collections(metrics_collections, rmse)
    update_op = math_ops.sqrt(update_mse)
    if updates_collections:
        add_to_collections(updates_collections, update_op)
    return rmse, update_op


def mean_tensor(values: Any, weights: Any = None, metrics_collections: Any = None,
                updates_collections: Any = None, name: str | None = None
                ) -> tuple[Tensor, Tensor]:
    """`tf.metrics.mean_tensor`: the element-wise (weighted) mean of every `values` seen, in
    local variables `mean/total_tensor` and `mean/count_tensor` shaped like `values`."""
    with vs.variable_scope(name, "mean", (values, weights)):
        values = array_ops.cast(values, _dtypes.float32)
        total = _metric_variable(values.shape, _dtypes.float32, "total_tensor")
        count = _metric_variable(values.shape, _dtypes.float32, "count_tensor")
        num_values = array_ops.ones_like(values)
        if weights is not None:
            values, _, weights = _remove_squeezable_dimensions(values, None, weights)
            weights = losses_ops._broadcast_weights(array_ops.cast(weights, _dtypes.float32),
                                                    values)
            values = math_ops.multiply(values, weights)
            num_values = math_ops.multiply(num_values, weights)
        return _running_mean(total, count, values, values, num_values, metrics_collections,
                             updates_collections)


def percentage_below(values: Any, threshold: Any, weights: Any = None,
                     metrics_collections: Any = None, updates_collections: Any = None,
                     name: str | None = None) -> tuple[Tensor, Tensor]:
    """`tf.metrics.percentage_below`: the (weighted) fraction of values below `threshold`."""
    is_below = array_ops.cast(math_ops.less(values, threshold), _dtypes.float32)
    return mean(is_below, weights, metrics_collections, updates_collections,
                name or "percentage_below_threshold")


def mean_relative_error(labels: Any, predictions: Any, normalizer: Any, weights: Any = None,
                        metrics_collections: Any = None, updates_collections: Any = None,
                        name: str | None = None) -> tuple[Tensor, Tensor]:
    """`tf.metrics.mean_relative_error`: the running mean of |labels - predictions| /
    normalizer (0 where the normalizer is 0)."""
    predictions, labels, weights = _remove_squeezable_dimensions(predictions, labels, weights)
    normalizer, predictions, _ = losses_ops._remove_squeezable_dimensions(normalizer,
                                                                          predictions)
    predictions.shape.assert_is_compatible_with(normalizer.shape)
    relative_errors = array_ops.where(
        math_ops.equal(normalizer, 0.0), array_ops.zeros_like(labels),
        math_ops.divide(math_ops.abs(labels - predictions), normalizer))
    return mean(relative_errors, weights, metrics_collections, updates_collections,
                name or "mean_relative_error")


# ---- per-class metrics from a confusion matrix

def _flat(t: Tensor) -> Tensor:
    """Rank > 1 inputs flattened, as the per-class metrics take them."""
    return array_ops.reshape(t, [-1]) if t.shape.ndims > 1 else t


def _streaming_confusion_matrix(labels: Any, predictions: Any, num_classes: int,
                                weights: Any = None) -> tuple[Any, Tensor]:
    """A float64 [num_classes, num_classes] local variable `total_confusion_matrix` and the
    op adding a batch's confusion matrix to it."""
    total_cm = _metric_variable([num_classes, num_classes], _dtypes.float64,
                                "total_confusion_matrix")
    predictions = _flat(array_ops.cast(predictions, _dtypes.int64))
    labels = _flat(array_ops.cast(labels, _dtypes.int64))
    num_classes = array_ops.cast(num_classes, _dtypes.int64)
    if weights is not None:
        weights = _flat(convert_to_tensor(weights))
    current_cm = confusion_matrix_ops.confusion_matrix(labels, predictions, num_classes,
                                                       weights=weights, dtype=_dtypes.float64)
    return total_cm, state_ops.assign_add(total_cm, current_cm)


def mean_iou(labels: Any, predictions: Any, num_classes: int, weights: Any = None,
             metrics_collections: Any = None, updates_collections: Any = None,
             name: str | None = None) -> tuple[Tensor, Tensor]:
    """`tf.metrics.mean_iou`: the mean over classes present of tp / (tp + fp + fn), from the
    accumulated confusion matrix; the update op returns that matrix."""
    with vs.variable_scope(name, "mean_iou", (predictions, labels, weights)):
        predictions, labels = convert_to_tensor(predictions), convert_to_tensor(labels)
        predictions.shape.assert_is_compatible_with(labels.shape)
        total_cm, update_op = _streaming_confusion_matrix(labels, predictions, num_classes,
                                                          weights)
        sum_over_row = array_ops.cast(math_ops.reduce_sum(total_cm, 0), _dtypes.float32)
        sum_over_col = array_ops.cast(math_ops.reduce_sum(total_cm, 1), _dtypes.float32)
        cm_diag = array_ops.cast(init_ops.diag_part(total_cm), _dtypes.float32)
        denominator = sum_over_row + sum_over_col - cm_diag
        # classes absent from both labels and predictions are left out of the mean
        num_valid_entries = math_ops.reduce_sum(
            array_ops.cast(math_ops.not_equal(denominator, 0), dtype=_dtypes.float32))
        denominator = array_ops.where(math_ops.greater(denominator, 0), denominator,
                                      array_ops.ones_like(denominator))
        iou = math_ops.div(cm_diag, denominator)
        value = array_ops.where(math_ops.greater(num_valid_entries, 0),
                                math_ops.reduce_sum(iou, name="mean_iou") / num_valid_entries,
                                0)
        if metrics_collections:
            add_to_collections(metrics_collections, value)
        if updates_collections:
            add_to_collections(updates_collections, update_op)
        return value, update_op


def mean_per_class_accuracy(labels: Any, predictions: Any, num_classes: int,
                            weights: Any = None, metrics_collections: Any = None,
                            updates_collections: Any = None, name: str | None = None
                            ) -> tuple[Tensor, Tensor]:
    """`tf.metrics.mean_per_class_accuracy`: the mean over classes of each class's accuracy,
    from per-class local variables `mean_accuracy/total` and `mean_accuracy/count`; the update
    op returns the per-class accuracies."""
    with vs.variable_scope(name, "mean_accuracy", (predictions, labels, weights)):
        labels = _flat(array_ops.cast(labels, _dtypes.int64))
        predictions = _flat(convert_to_tensor(predictions))
        predictions.shape.assert_is_compatible_with(labels.shape)
        total = _metric_variable([num_classes], _dtypes.float32, "total")
        count = _metric_variable([num_classes], _dtypes.float32, "count")
        ones = array_ops.ones([array_ops.size(labels)], _dtypes.float32)
        if labels.dtype != predictions.dtype:
            predictions = array_ops.cast(predictions, labels.dtype)
        is_correct = array_ops.cast(math_ops.equal(predictions, labels), _dtypes.float32)
        if weights is not None:
            weights = array_ops.cast(_flat(convert_to_tensor(weights)), _dtypes.float32)
            is_correct *= weights
            ones *= weights
        update_total = state_ops.scatter_add(total, labels, ones)
        update_count = state_ops.scatter_add(count, labels, is_correct)
        per_class_accuracy = math_ops.div_no_nan(count, math_ops.maximum(total, 0))
        value = math_ops.reduce_mean(per_class_accuracy, name="mean_accuracy")
        if metrics_collections:
            add_to_collections(metrics_collections, value)
        update_op = math_ops.div_no_nan(update_count, math_ops.maximum(update_total, 0),
                                        name="update_op")
        if updates_collections:
            add_to_collections(updates_collections, update_op)
        return value, update_op


def mean_cosine_distance(labels: Any, predictions: Any, dim: int, weights: Any = None,
                         metrics_collections: Any = None, updates_collections: Any = None,
                         name: str | None = None) -> tuple[Tensor, Tensor]:
    """`tf.metrics.mean_cosine_distance`: 1 - the running mean of the dot products along
    `dim` of (unit-normalized) `labels` and `predictions`."""
    predictions, labels, weights = _remove_squeezable_dimensions(predictions, labels, weights)
    radial_diffs = math_ops.reduce_sum(math_ops.multiply(predictions, labels), axis=[dim],
                                       keepdims=True)
    mean_distance, update_op = mean(radial_diffs, weights, None, None,
                                    name or "mean_cosine_distance")
    mean_distance = math_ops.subtract(1.0, mean_distance)
    update_op = math_ops.subtract(1.0, update_op)
    if metrics_collections:
        add_to_collections(metrics_collections, mean_distance)
    if updates_collections:
        add_to_collections(updates_collections, update_op)
    return mean_distance, update_op


# ---- counts of a boolean condition

def _count_condition(values: Tensor, weights: Any, metrics_collections: Any,
                     updates_collections: Any) -> tuple[Tensor, Tensor]:
    """The (weighted) number of true `values` over every batch, in local variable `count`."""
    logging_ops.assert_type(values, _dtypes.bool)
    count = _metric_variable([], _dtypes.float32, "count")
    values = array_ops.cast(values, _dtypes.float32)
    if weights is not None:
        with control_dependencies((logging_ops.assert_rank_in(
                weights, (0, array_ops.rank(values))),)):
            weights = array_ops.cast(weights, _dtypes.float32)
            values = math_ops.multiply(values, weights)
    value = array_ops.identity(count)
    if metrics_collections:
        add_to_collections(metrics_collections, value)
    update_op = state_ops.assign_add(count, math_ops.reduce_sum(values))
    if updates_collections:
        add_to_collections(updates_collections, update_op)
    return value, update_op


def _count_metric(default_name: str, label: bool, prediction: bool):
    """A `tf.metrics` counter of the elements where labels == `label` and predictions ==
    `prediction` (both cast to bool)."""
    def metric(labels: Any, predictions: Any, weights: Any = None,
               metrics_collections: Any = None, updates_collections: Any = None,
               name: str | None = None) -> tuple[Tensor, Tensor]:
        with vs.variable_scope(name, default_name, (predictions, labels, weights)):
            predictions, labels, weights = _remove_squeezable_dimensions(
                array_ops.cast(predictions, _dtypes.bool), array_ops.cast(labels, _dtypes.bool),
                weights)
            condition = math_ops.logical_and(math_ops.equal(labels, label),
                                             math_ops.equal(predictions, prediction))
            return _count_condition(condition, weights, metrics_collections,
                                    updates_collections)
    metric.__name__ = metric.__qualname__ = default_name
    metric.__doc__ = (f"`tf.metrics.{default_name}`: the (weighted) count of elements whose "
                      f"label is {label} and prediction {prediction}, as (count, update_op).")
    return metric


true_positives = _count_metric("true_positives", True, True)
false_positives = _count_metric("false_positives", False, True)
true_negatives = _count_metric("true_negatives", False, False)
false_negatives = _count_metric("false_negatives", True, False)


def _ratio_metric(name: str | None, default_name: str, other: Any, labels: Any,
                  predictions: Any, weights: Any, metrics_collections: Any,
                  updates_collections: Any) -> tuple[Tensor, Tensor]:
    """tp / (tp + other) over every batch (0 while the sum is 0): precision and recall."""
    with vs.variable_scope(name, default_name, (predictions, labels, weights)):
        predictions, labels, weights = _remove_squeezable_dimensions(
            array_ops.cast(predictions, _dtypes.bool), array_ops.cast(labels, _dtypes.bool),
            weights)
        tp, tp_update = true_positives(labels, predictions, weights)
        other_v, other_update = other(labels, predictions, weights)

        def ratio(a: Tensor, b: Tensor, op_name: str) -> Tensor:
            return array_ops.where(math_ops.greater(a + b, 0), math_ops.divide(a, a + b), 0,
                                   op_name)
        value = ratio(tp, other_v, "value")
        if metrics_collections:
            add_to_collections(metrics_collections, value)
        update_op = ratio(tp_update, other_update, "update_op")
        if updates_collections:
            add_to_collections(updates_collections, update_op)
        return value, update_op


def precision(labels: Any, predictions: Any, weights: Any = None,
              metrics_collections: Any = None, updates_collections: Any = None,
              name: str | None = None) -> tuple[Tensor, Tensor]:
    """`tf.metrics.precision`: tp / (tp + fp) over every batch, from the counters
    `precision/true_positives/count` and `precision/false_positives/count`."""
    return _ratio_metric(name, "precision", false_positives, labels, predictions, weights,
                         metrics_collections, updates_collections)


def recall(labels: Any, predictions: Any, weights: Any = None,
           metrics_collections: Any = None, updates_collections: Any = None,
           name: str | None = None) -> tuple[Tensor, Tensor]:
    """`tf.metrics.recall`: tp / (tp + fn) over every batch, from the counters
    `recall/true_positives/count` and `recall/false_negatives/count`."""
    return _ratio_metric(name, "recall", false_negatives, labels, predictions, weights,
                         metrics_collections, updates_collections)


# ---- AUC

def _confusion_matrix_at_thresholds(labels: Any, predictions: Any, thresholds: list,
                                    weights: Any, includes: tuple = ("tp", "fn", "tn", "fp")
                                    ) -> tuple[dict, dict]:
    """Per threshold, the (weighted) counts named in `includes` (tp, fn, tn, fp) where
    `predictions > threshold` is the positive class: local variables of shape
    [len(thresholds)] and their updates (only those asked for, as TF builds them)."""
    predictions = convert_to_tensor(predictions)
    with control_dependencies([
            logging_ops.assert_greater_equal(
                predictions, array_ops.cast(0.0, predictions.dtype),
                message="predictions must be in [0, 1]"),
            logging_ops.assert_less_equal(
                predictions, array_ops.cast(1.0, predictions.dtype),
                message="predictions must be in [0, 1]")]):
        predictions, labels, weights = _remove_squeezable_dimensions(
            array_ops.cast(predictions, _dtypes.float32), array_ops.cast(labels, _dtypes.bool),
            weights)
    num_thresholds = len(thresholds)
    predictions_2d = array_ops.reshape(predictions, [-1, 1])
    labels_2d = array_ops.reshape(array_ops.cast(labels, _dtypes.bool), [1, -1])
    num_predictions = predictions_2d.shape.as_list()[0]
    if num_predictions is None:
        num_predictions = array_ops.shape(predictions_2d)[0]
    thresh_tiled = array_ops.tile(
        array_ops.expand_dims(array_ops.constant(thresholds), [1]),
        array_ops.stack([1, num_predictions]))
    pred_is_pos = math_ops.greater(
        array_ops.tile(array_ops.transpose(predictions_2d), [num_thresholds, 1]), thresh_tiled)
    pred_is_neg = math_ops.logical_not(pred_is_pos) if {"fn", "tn"} & set(includes) else None
    label_is_pos = array_ops.tile(labels_2d, [num_thresholds, 1])
    label_is_neg = (math_ops.logical_not(label_is_pos) if {"fp", "tn"} & set(includes)
                    else None)
    weights_tiled = None
    if weights is not None:
        weights = losses_ops._broadcast_weights(array_ops.cast(weights, _dtypes.float32),
                                                predictions)
        weights_tiled = array_ops.tile(array_ops.reshape(weights, [1, -1]), [num_thresholds, 1])
        thresh_tiled.shape.assert_is_compatible_with(weights_tiled.shape)
    values, update_ops = {}, {}
    for key, var_name, label_t, pred_t in (("tp", "true_positives", label_is_pos, pred_is_pos),
                                           ("fn", "false_negatives", label_is_pos, pred_is_neg),
                                           ("tn", "true_negatives", label_is_neg, pred_is_neg),
                                           ("fp", "false_positives", label_is_neg, pred_is_pos)):
        if key not in includes:
            continue
        var = _metric_variable([num_thresholds], _dtypes.float32, var_name)
        hits = array_ops.cast(math_ops.logical_and(label_t, pred_t), _dtypes.float32)
        if weights_tiled is not None:
            hits *= weights_tiled
        update_ops[key] = state_ops.assign_add(var, math_ops.reduce_sum(hits, 1))
        values[key] = var
    return values, update_ops


_SUMMATION_METHODS = ("trapezoidal", "careful_interpolation", "minoring", "majoring")


def auc(labels: Any, predictions: Any, weights: Any = None, num_thresholds: int = 200,
        metrics_collections: Any = None, updates_collections: Any = None, curve: str = "ROC",
        name: str | None = None, summation_method: str = "trapezoidal",
        thresholds: Any = None) -> tuple[Tensor, Tensor]:
    """`tf.metrics.auc`: the area under the ROC or PR curve, approximated from confusion counts
    at `num_thresholds` thresholds in [0, 1] (or the given `thresholds` plus two endpoints),
    kept in `auc/true_positives` ... `auc/false_positives`."""
    with vs.variable_scope(name, "auc", (labels, predictions, weights)):
        if curve not in ("ROC", "PR"):
            raise ValueError(f"curve must be either ROC or PR, {curve} unknown")
        kepsilon = 1e-7
        if thresholds is not None:
            thresholds = sorted(thresholds)
            num_thresholds = len(thresholds) + 2
        else:
            thresholds = [(i + 1) * 1.0 / (num_thresholds - 1)
                          for i in range(num_thresholds - 2)]
        thresholds = [0.0 - kepsilon] + list(thresholds) + [1.0 + kepsilon]
        values, update_ops = _confusion_matrix_at_thresholds(labels, predictions, thresholds,
                                                             weights)
        epsilon = 1.0e-6
        n = num_thresholds

        def interpolate_pr_auc(tp: Tensor, fp: Tensor, fn: Tensor) -> Tensor:
            # precision varies linearly in tp over p = tp + fp between thresholds (Davis &
            # Goadrich): each interval integrates to a closed form with a log of p's ratio
            dtp = tp[:n - 1] - tp[1:]
            p = tp + fp
            prec_slope = math_ops.div_no_nan(dtp, math_ops.maximum(p[:n - 1] - p[1:], 0),
                                             name="prec_slope")
            intercept = tp[1:] - math_ops.multiply(prec_slope, p[1:])
            safe_p_ratio = array_ops.where(
                math_ops.logical_and(p[:n - 1] > 0, p[1:] > 0),
                math_ops.div_no_nan(p[:n - 1], math_ops.maximum(p[1:], 0),
                                    name="recall_relative_ratio"),
                array_ops.ones_like(p[1:]))
            return math_ops.reduce_sum(
                math_ops.div_no_nan(prec_slope * (dtp + intercept * math_ops.log(safe_p_ratio)),
                                    math_ops.maximum(tp[1:] + fn[1:], 0),
                                    name="pr_auc_increment"),
                name="interpolate_pr_auc")

        def compute_auc(tp: Tensor, fn: Tensor, tn: Tensor, fp: Tensor,
                        op_name: str) -> Tensor:
            if curve == "PR":
                if summation_method == "trapezoidal":
                    logging.getLogger("tensorflow").warning(
                        "Trapezoidal rule is known to produce incorrect PR-AUCs; please switch "
                        "to \"careful_interpolation\" instead.")
                elif summation_method == "careful_interpolation":
                    return interpolate_pr_auc(tp, fp, fn)
            rec = math_ops.divide(tp + epsilon, tp + fn + epsilon)
            if curve == "ROC":
                x, y = math_ops.divide(fp, fp + tn + epsilon), rec
            else:
                x, y = rec, math_ops.divide(tp + epsilon, tp + fp + epsilon)
            if summation_method not in _SUMMATION_METHODS:
                raise ValueError(f"Invalid summation_method: {summation_method} "
                                 "summation_method should be 'trapezoidal', "
                                 "'careful_interpolation', 'minoring', or 'majoring'.")
            widths = x[:n - 1] - x[1:]
            if summation_method == "minoring":
                heights = math_ops.minimum(y[:n - 1], y[1:])
            elif summation_method == "majoring":
                heights = math_ops.maximum(y[:n - 1], y[1:])
            else:
                heights = (y[:n - 1] + y[1:]) / 2.
            return math_ops.reduce_sum(math_ops.multiply(widths, heights), name=op_name)

        value = compute_auc(values["tp"], values["fn"], values["tn"], values["fp"], "value")
        if metrics_collections:
            add_to_collections(metrics_collections, value)
        update_op = compute_auc(update_ops["tp"], update_ops["fn"], update_ops["tn"],
                                update_ops["fp"], "update_op")
        if updates_collections:
            add_to_collections(updates_collections, update_op)
        return value, update_op


# ---- counts and ratios at thresholds

def _count_at_thresholds(key: str, default_name: str):
    """A `tf.metrics.*_at_thresholds` counter: the (weighted) count `key` at each threshold."""
    def metric(labels: Any, predictions: Any, thresholds: list, weights: Any = None,
               metrics_collections: Any = None, updates_collections: Any = None,
               name: str | None = None) -> tuple[Tensor, Tensor]:
        with vs.variable_scope(name, default_name, (predictions, labels, weights)):
            values, update_ops = _confusion_matrix_at_thresholds(
                labels, predictions, thresholds, weights, includes=(key,))
            value = array_ops.identity(values[key])
            if metrics_collections:
                add_to_collections(metrics_collections, value)
            if updates_collections:
                add_to_collections(updates_collections, update_ops[key])
            return value, update_ops[key]
    metric.__name__ = metric.__qualname__ = f"{default_name}_at_thresholds"
    metric.__doc__ = (f"`tf.metrics.{default_name}_at_thresholds`: the (weighted) number of "
                      f"{default_name.replace('_', ' ')} at each threshold, where "
                      "`predictions > threshold` is positive, as (counts, update_op).")
    return metric


true_positives_at_thresholds = _count_at_thresholds("tp", "true_positives")
false_positives_at_thresholds = _count_at_thresholds("fp", "false_positives")
true_negatives_at_thresholds = _count_at_thresholds("tn", "true_negatives")
false_negatives_at_thresholds = _count_at_thresholds("fn", "false_negatives")


def _ratio_at_thresholds(name: str | None, default_name: str, other: str, labels: Any,
                         predictions: Any, thresholds: list, weights: Any,
                         metrics_collections: Any, updates_collections: Any
                         ) -> tuple[Tensor, Tensor]:
    """tp / (1e-7 + tp + other) at each threshold: precision and recall at thresholds."""
    prefix = default_name.split("_")[0]
    with vs.variable_scope(name, default_name, (predictions, labels, weights)):
        values, update_ops = _confusion_matrix_at_thresholds(
            labels, predictions, thresholds, weights, includes=("tp", other))
        epsilon = 1e-7

        def ratio(counts: dict, suffix: str) -> Tensor:
            return math_ops.divide(counts["tp"], epsilon + counts["tp"] + counts[other],
                                   name=f"{prefix}_{suffix}")
        value = ratio(values, "value")
        if metrics_collections:
            add_to_collections(metrics_collections, value)
        update_op = ratio(update_ops, "update_op")
        if updates_collections:
            add_to_collections(updates_collections, update_op)
        return value, update_op


def precision_at_thresholds(labels: Any, predictions: Any, thresholds: list,
                            weights: Any = None, metrics_collections: Any = None,
                            updates_collections: Any = None, name: str | None = None
                            ) -> tuple[Tensor, Tensor]:
    """`tf.metrics.precision_at_thresholds`: tp / (tp + fp) at each threshold."""
    return _ratio_at_thresholds(name, "precision_at_thresholds", "fp", labels, predictions,
                                thresholds, weights, metrics_collections, updates_collections)


def recall_at_thresholds(labels: Any, predictions: Any, thresholds: list, weights: Any = None,
                         metrics_collections: Any = None, updates_collections: Any = None,
                         name: str | None = None) -> tuple[Tensor, Tensor]:
    """`tf.metrics.recall_at_thresholds`: tp / (tp + fn) at each threshold."""
    return _ratio_at_thresholds(name, "recall_at_thresholds", "fn", labels, predictions,
                                thresholds, weights, metrics_collections, updates_collections)


def _at_rate(name: str | None, default_name: str, rate: float, rate_name: str, labels: Any,
             predictions: Any, weights: Any, num_thresholds: int, metrics_collections: Any,
             updates_collections: Any, at_rate) -> tuple[Tensor, Tensor]:
    """A metric read at the threshold where another one (`at_rate`'s) comes closest to `rate`,
    over `num_thresholds` evenly spaced thresholds."""
    if rate < 0 or rate > 1:
        raise ValueError(f"`{rate_name}` must be in the range [0, 1].")
    with vs.variable_scope(name, default_name, (predictions, labels, weights)):
        kepsilon = 1e-7  # floating point slack at both ends
        thresholds = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        thresholds = [0.0 - kepsilon] + thresholds + [1.0 + kepsilon]
        values, update_ops = _confusion_matrix_at_thresholds(labels, predictions, thresholds,
                                                             weights)
        value = at_rate(values, kepsilon, "value")
        if metrics_collections:
            add_to_collections(metrics_collections, value)
        update_op = at_rate(update_ops, kepsilon, "update_op")
        if updates_collections:
            add_to_collections(updates_collections, update_op)
        return value, update_op


def sensitivity_at_specificity(labels: Any, predictions: Any, specificity: float,
                               weights: Any = None, num_thresholds: int = 200,
                               metrics_collections: Any = None,
                               updates_collections: Any = None, name: str | None = None
                               ) -> tuple[Tensor, Tensor]:
    """`tf.metrics.sensitivity_at_specificity`: tp / (tp + fn) at the threshold whose
    specificity tn / (tn + fp) is nearest `specificity` (the first such)."""
    def at_rate(c: dict, kepsilon: float, op_name: str) -> Tensor:
        specificities = math_ops.div(c["tn"], c["tn"] + c["fp"] + kepsilon)
        index = array_ops.cast(math_ops.argmin(math_ops.abs(specificities - specificity), 0),
                               _dtypes.int32)
        return math_ops.div(c["tp"][index], c["tp"][index] + c["fn"][index] + kepsilon,
                            op_name)
    return _at_rate(name, "sensitivity_at_specificity", specificity, "specificity", labels,
                    predictions, weights, num_thresholds, metrics_collections,
                    updates_collections, at_rate)


def specificity_at_sensitivity(labels: Any, predictions: Any, sensitivity: float,
                               weights: Any = None, num_thresholds: int = 200,
                               metrics_collections: Any = None,
                               updates_collections: Any = None, name: str | None = None
                               ) -> tuple[Tensor, Tensor]:
    """`tf.metrics.specificity_at_sensitivity`: tn / (tn + fp) at the threshold whose
    sensitivity tp / (tp + fn) is nearest `sensitivity` (the last such, as TF's cumsum
    trick picks it)."""
    def at_rate(c: dict, kepsilon: float, op_name: str) -> Tensor:
        sensitivities = math_ops.div(c["tp"], c["tp"] + c["fn"] + kepsilon)
        min_val = math_ops.reduce_min(math_ops.abs(sensitivities - sensitivity))
        at_min = math_ops.equal(math_ops.abs(sensitivities - sensitivity), min_val)
        at_min = math_ops.cumsum(array_ops.cast(at_min, _dtypes.int64))
        index = array_ops.cast(math_ops.argmax(at_min, 0), _dtypes.int32)
        return math_ops.div(c["tn"][index], c["tn"][index] + c["fp"][index] + kepsilon,
                            op_name)
    return _at_rate(name, "specificity_at_sensitivity", sensitivity, "sensitivity", labels,
                    predictions, weights, num_thresholds, metrics_collections,
                    updates_collections, at_rate)
