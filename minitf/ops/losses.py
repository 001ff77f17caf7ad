"""`tf.losses` (mirrors TF 1.15's losses/losses_impl.py, losses/util.py and the weight checks of
weights_broadcast_ops.py and confusion_matrix.py).

Every loss is a composite of existing ops built under its own name scope (`mean_squared_error`,
`softmax_cross_entropy_loss`, ...): the per-element losses, then `compute_weighted_loss`, which
checks that the weights broadcast, multiplies, reduces and divides with `div_no_nan` into the
scalar `<scope>/value`, and adds the result to the `LOSSES` collection. Gradients flow through
the ops' own gradients.

Weights whose shape is known only when the graph runs are checked in the graph (an Assert on
`tf.cond`s of the shapes), as TF does; where TF counts the bad dimensions with a set
difference (an op minitf lacks), minitf compares the shapes with plain ops.
"""
from __future__ import annotations

from typing import Any

from ..framework import dtypes as _dtypes
from ..framework.convert import constant, constant_value, convert_to_tensor
from ..framework.graph import (GraphKeys, Operation, Tensor, add_to_collection,
                               control_dependencies, get_collection, name_scope)
from . import array as array_ops
from . import control_flow, nn_impl
from . import math as math_ops
from . import nn as nn_ops
from .control_flow import no_op
from .logging_ops import Assert

__all__ = ["Reduction", "compute_weighted_loss", "add_loss", "get_losses",
           "get_regularization_loss", "get_regularization_losses", "get_total_loss",
           "absolute_difference", "cosine_distance", "hinge_loss", "huber_loss", "log_loss",
           "mean_pairwise_squared_error", "mean_squared_error", "sigmoid_cross_entropy",
           "softmax_cross_entropy", "sparse_softmax_cross_entropy"]


class Reduction:
    """How `compute_weighted_loss` reduces the weighted losses (TF1's string keys)."""
    NONE = "none"
    SUM = "weighted_sum"
    MEAN = "weighted_mean"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    SUM_BY_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"
    SUM_OVER_NONZERO_WEIGHTS = SUM_BY_NONZERO_WEIGHTS

    @classmethod
    def all(cls) -> tuple:
        return (cls.NONE, cls.SUM, cls.MEAN, cls.SUM_OVER_BATCH_SIZE,
                cls.SUM_OVER_NONZERO_WEIGHTS, cls.SUM_BY_NONZERO_WEIGHTS)

    @classmethod
    def validate(cls, key: Any) -> None:
        if key not in cls.all():
            raise ValueError(f"Invalid Reduction Key {key}.")


# --------------------------------------------------------------------------------------------
# The loss collection (losses/util.py)

def add_loss(loss: Any, loss_collection: Any = GraphKeys.LOSSES) -> None:
    """`tf.losses.add_loss`: adds `loss` to `loss_collection` (nothing when it is empty)."""
    if loss_collection:
        add_to_collection(loss_collection, loss)


def get_losses(scope: str | None = None, loss_collection: Any = GraphKeys.LOSSES) -> list:
    """`tf.losses.get_losses`: the losses in `loss_collection` (filtered by `scope`)."""
    return get_collection(loss_collection, scope)


def get_regularization_losses(scope: str | None = None) -> list:
    """`tf.losses.get_regularization_losses`: the `REGULARIZATION_LOSSES` collection."""
    return get_collection(GraphKeys.REGULARIZATION_LOSSES, scope)


def get_regularization_loss(scope: str | None = None,
                            name: str = "total_regularization_loss") -> Tensor:
    """`tf.losses.get_regularization_loss`: the sum of the regularization losses (AddN `name`),
    or a constant 0.0 when there are none."""
    losses = get_regularization_losses(scope)
    if losses:
        return math_ops.add_n(losses, name=name)
    return constant(0.0)


def get_total_loss(add_regularization_losses: bool = True, name: str = "total_loss",
                   scope: str | None = None) -> Tensor:
    """`tf.losses.get_total_loss`: AddN `name` of the losses and, by default, the
    regularization losses (ValueError from add_n when there are none)."""
    losses = get_losses(scope=scope)
    if add_regularization_losses:
        losses += get_regularization_losses(scope=scope)
    return math_ops.add_n(losses, name=name)


# --------------------------------------------------------------------------------------------
# Weights that must broadcast to the losses (weights_broadcast_ops.py)

_BROADCAST_ERROR = "weights can not be broadcast to values."


def _has_valid_dims(weights_shape: Tensor, values_shape: Tensor) -> Tensor:
    """Whether each dimension of `weights_shape` is 1 or that of `values_shape` (same length).
    TF 1.15 counts the dimensions outside {1, value} with a set difference; minitf compares."""
    with name_scope(None, "has_invalid_dims", (weights_shape, values_shape)) as scope:
        valid = math_ops.logical_or(math_ops.equal(weights_shape, 1),
                                    math_ops.equal(weights_shape, values_shape))
        return math_ops.reduce_all(valid, name=scope)


def _has_valid_nonscalar_shape(weights_rank: Tensor, weights_shape: Tensor,
                               values_rank: Tensor, values_shape: Tensor) -> Tensor:
    with name_scope(None, "has_valid_nonscalar_shape",
                    (weights_rank, weights_shape, values_rank, values_shape)) as scope:
        is_same_rank = math_ops.equal(values_rank, weights_rank, name="is_same_rank")
        return control_flow.cond(is_same_rank,
                                 lambda: _has_valid_dims(weights_shape, values_shape),
                                 lambda: is_same_rank, name=scope)


def _assert_broadcastable(weights: Any, values: Tensor) -> Operation:
    """An op that checks `weights` broadcast to `values` as TF1 allows: a scalar, or the same
    rank with each dimension 1 or equal. Static shapes are checked now (ValueError) and give a
    NoOp; otherwise an Assert checks the run-time shapes (through tf.cond, as TF)."""
    with name_scope(None, "assert_broadcastable", (weights, values)) as scope:
        with name_scope(None, "weights", (weights,)) as weights_scope:
            weights = convert_to_tensor(weights, name=weights_scope)
            weights_shape = array_ops.shape(weights, name="shape")
            weights_rank = array_ops.rank(weights, name="rank")
        weights_rank_static = constant_value(weights_rank)
        with name_scope(None, "values", (values,)) as values_scope:
            values = convert_to_tensor(values, name=values_scope)
            values_shape = array_ops.shape(values, name="shape")
            values_rank = array_ops.rank(values, name="rank")
        values_rank_static = constant_value(values_rank)
        if weights_rank_static is not None and values_rank_static is not None:
            if weights_rank_static == 0:
                return no_op(name="static_scalar_check_success")
            if weights_rank_static != values_rank_static:
                raise ValueError(f"{_BROADCAST_ERROR} values.rank={values_rank_static}. "
                                 f"weights.rank={weights_rank_static}. "
                                 f"values.shape={values.shape}. weights.shape={weights.shape}.")
            weights_shape_static = constant_value(weights_shape)
            values_shape_static = constant_value(values_shape)
            if weights_shape_static is not None and values_shape_static is not None:
                for i, (w, v) in enumerate(zip(weights_shape_static, values_shape_static)):
                    if w not in (1, v):
                        raise ValueError(f"{_BROADCAST_ERROR} Mismatch at dim {i}. "
                                         f"values.shape={values_shape_static} "
                                         f"weights.shape={weights_shape_static}.")
                return no_op(name="static_dims_check_success")
        is_scalar = math_ops.equal(0, weights_rank, name="is_scalar")
        data = [_BROADCAST_ERROR, "weights.shape=", weights.name, weights_shape,
                "values.shape=", values.name, values_shape, "is_scalar=", is_scalar]
        is_valid_shape = control_flow.cond(
            is_scalar, lambda: is_scalar,
            lambda: _has_valid_nonscalar_shape(weights_rank, weights_shape, values_rank,
                                               values_shape),
            name="is_valid_shape")
        return Assert(is_valid_shape, data, name=scope)


def _broadcast_weights(weights: Any, values: Tensor) -> Tensor:
    """`weights` broadcast to the shape of `values` (`weights * ones_like(values)`), or
    `weights` itself when both shapes are fully known and equal."""
    with name_scope(None, "broadcast_weights", (weights, values)) as scope:
        values = convert_to_tensor(values, name="values")
        weights = convert_to_tensor(weights, dtype=values.dtype.base_dtype, name="weights")
        if (weights.shape.is_fully_defined() and values.shape.is_fully_defined()
                and weights.shape.is_compatible_with(values.shape)):
            return weights
        with control_dependencies((_assert_broadcastable(weights, values),)):
            return math_ops.multiply(weights, array_ops.ones_like(values), name=scope)


# --------------------------------------------------------------------------------------------
# Reductions

def _safe_mean(losses: Tensor, num_present: Any) -> Tensor:
    """The sum of `losses` over `num_present`, 0 when `num_present` is 0 (op `value`)."""
    total_loss = math_ops.reduce_sum(losses)
    return math_ops.div_no_nan(total_loss, num_present, name="value")


def _num_elements(losses: Tensor) -> Tensor:
    """The number of elements of `losses`, in its dtype."""
    with name_scope(None, "num_elements", values=[losses]) as scope:
        return array_ops.cast(array_ops.size(losses, name=scope), dtype=losses.dtype)


def _num_present(losses: Tensor, weights: Any, per_batch: bool = False) -> Tensor:
    """The number of elements of `losses` whose broadcast weight is non-zero (per batch entry
    when `per_batch`)."""
    with name_scope(None, "num_present", (losses, weights)) as scope:
        present = array_ops.where(math_ops.equal(weights, 0.0), array_ops.zeros_like(weights),
                                  array_ops.ones_like(weights))
        present = _broadcast_weights(present, losses)
        if per_batch:
            return math_ops.reduce_sum(present, axis=array_ops.range(1, array_ops.rank(present)),
                                       keepdims=True, name=scope)
        return math_ops.reduce_sum(present, name=scope)


def compute_weighted_loss(losses: Any, weights: Any = 1.0, scope: str | None = None,
                          loss_collection: Any = GraphKeys.LOSSES,
                          reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS) -> Tensor:
    """`tf.losses.compute_weighted_loss`: `losses * weights` (in float32), reduced as
    `reduction` says, cast back to the dtype of `losses` and added to `loss_collection`.

    `weights` must be a scalar or of the rank of `losses`, each dimension 1 or equal to that of
    `losses` (ValueError when the static shapes say otherwise)."""
    Reduction.validate(reduction)
    with name_scope(scope, "weighted_loss", (losses, weights)):
        with control_dependencies((_assert_broadcastable(weights, losses),)):
            losses = convert_to_tensor(losses)
            input_dtype = losses.dtype
            losses = array_ops.cast(losses, dtype=_dtypes.float32)
            weights = array_ops.cast(weights, dtype=_dtypes.float32)
            weighted_losses = math_ops.multiply(losses, weights)
            if reduction == Reduction.NONE:
                loss = weighted_losses
            else:
                loss = math_ops.reduce_sum(weighted_losses)
                if reduction == Reduction.MEAN:
                    loss = _safe_mean(
                        loss, math_ops.reduce_sum(array_ops.ones_like(losses) * weights))
                elif reduction == Reduction.SUM_BY_NONZERO_WEIGHTS:
                    loss = _safe_mean(loss, _num_present(losses, weights))
                elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
                    loss = _safe_mean(loss, _num_elements(losses))
            loss = array_ops.cast(loss, input_dtype)
            add_loss(loss, loss_collection)
            return loss


# --------------------------------------------------------------------------------------------
# Losses

def _check_given(**args: Any) -> None:
    for arg, value in args.items():
        if value is None:
            raise ValueError(f"{arg} must not be None.")


def _float_pair(predictions: Any, labels: Any) -> tuple[Tensor, Tensor]:
    """Both cast to float32; their static shapes must be compatible."""
    predictions = array_ops.cast(predictions, dtype=_dtypes.float32)
    labels = array_ops.cast(labels, dtype=_dtypes.float32)
    predictions.shape.assert_is_compatible_with(labels.shape)
    return predictions, labels


def absolute_difference(labels: Any, predictions: Any, weights: Any = 1.0,
                        scope: str | None = None, loss_collection: Any = GraphKeys.LOSSES,
                        reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS) -> Tensor:
    """`tf.losses.absolute_difference`: weighted `|predictions - labels|`."""
    _check_given(labels=labels, predictions=predictions)
    with name_scope(scope, "absolute_difference",
                    (predictions, labels, weights)) as loss_scope:
        predictions, labels = _float_pair(predictions, labels)
        losses = math_ops.abs(math_ops.subtract(predictions, labels))
        return compute_weighted_loss(losses, weights, loss_scope, loss_collection,
                                     reduction=reduction)


def cosine_distance(labels: Any, predictions: Any, axis: int | None = None, weights: Any = 1.0,
                    scope: str | None = None, loss_collection: Any = GraphKeys.LOSSES,
                    reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS,
                    dim: int | None = None) -> Tensor:
    """`tf.losses.cosine_distance`: weighted `1 - sum(predictions * labels, axis)` (inputs
    assumed unit-normalized); `dim` is the deprecated `axis`."""
    if dim is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'axis' and 'dim'")
        axis = dim
    if axis is None:
        raise ValueError("You must specify 'axis'.")
    _check_given(labels=labels, predictions=predictions)
    with name_scope(scope, "cosine_distance_loss",
                    (predictions, labels, weights)) as loss_scope:
        predictions, labels = _float_pair(predictions, labels)
        radial_diffs = math_ops.multiply(predictions, labels)
        losses = 1 - math_ops.reduce_sum(radial_diffs, axis=(axis,), keepdims=True)
        return compute_weighted_loss(losses, weights, loss_scope, loss_collection,
                                     reduction=reduction)


def hinge_loss(labels: Any, logits: Any, weights: Any = 1.0, scope: str | None = None,
               loss_collection: Any = GraphKeys.LOSSES,
               reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS) -> Tensor:
    """`tf.losses.hinge_loss`: weighted `relu(1 - (2 labels - 1) * logits)` for 0/1 labels."""
    _check_given(labels=labels, logits=logits)
    with name_scope(scope, "hinge_loss", (logits, labels, weights)) as loss_scope:
        logits, labels = _float_pair(logits, labels)
        all_ones = array_ops.ones_like(labels)
        labels = math_ops.subtract(2 * labels, all_ones)
        losses = nn_ops.relu(math_ops.subtract(all_ones, math_ops.multiply(labels, logits)))
        return compute_weighted_loss(losses, weights, loss_scope, loss_collection,
                                     reduction=reduction)


def huber_loss(labels: Any, predictions: Any, weights: Any = 1.0, delta: float = 1.0,
               scope: str | None = None, loss_collection: Any = GraphKeys.LOSSES,
               reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS) -> Tensor:
    """`tf.losses.huber_loss`: weighted `0.5 x^2` for `|x| <= delta`, else
    `0.5 delta^2 + delta (|x| - delta)`, where `x = predictions - labels`."""
    _check_given(labels=labels, predictions=predictions)
    with name_scope(scope, "huber_loss", (predictions, labels, weights)) as loss_scope:
        predictions, labels = _float_pair(predictions, labels)
        error = math_ops.subtract(predictions, labels)
        abs_error = math_ops.abs(error)
        quadratic = math_ops.minimum(abs_error, delta)
        # |x| - min(|x|, delta), not max(|x| - delta, 0): its gradient at |x| == delta is 0
        linear = math_ops.subtract(abs_error, quadratic)
        losses = math_ops.add(
            math_ops.multiply(convert_to_tensor(0.5, dtype=quadratic.dtype),
                              math_ops.multiply(quadratic, quadratic)),
            math_ops.multiply(delta, linear))
        return compute_weighted_loss(losses, weights, loss_scope, loss_collection,
                                     reduction=reduction)


def log_loss(labels: Any, predictions: Any, weights: Any = 1.0, epsilon: float = 1e-7,
             scope: str | None = None, loss_collection: Any = GraphKeys.LOSSES,
             reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS) -> Tensor:
    """`tf.losses.log_loss`: weighted binary cross-entropy of probabilities,
    `-labels log(p + eps) - (1 - labels) log(1 - p + eps)`."""
    _check_given(labels=labels, predictions=predictions)
    with name_scope(scope, "log_loss", (predictions, labels, weights)) as loss_scope:
        predictions, labels = _float_pair(predictions, labels)
        losses = -math_ops.multiply(labels, math_ops.log(predictions + epsilon)) - \
            math_ops.multiply((1 - labels), math_ops.log(1 - predictions + epsilon))
        return compute_weighted_loss(losses, weights, loss_scope, loss_collection,
                                     reduction=reduction)


def mean_pairwise_squared_error(labels: Any, predictions: Any, weights: Any = 1.0,
                                scope: str | None = None,
                                loss_collection: Any = GraphKeys.LOSSES) -> Tensor:
    """`tf.losses.mean_pairwise_squared_error`: per batch entry, the mean over pairs of
    elements of the squared difference of their pairwise differences, weighted and summed."""
    _check_given(labels=labels, predictions=predictions)
    with name_scope(scope, "mean_pairwise_squared_error", (predictions, labels, weights)):
        weights = array_ops.cast(weights, dtype=_dtypes.float32)
        labels = array_ops.cast(labels, dtype=_dtypes.float32)
        with control_dependencies((_assert_broadcastable(weights, labels),)):
            predictions = array_ops.cast(predictions, dtype=_dtypes.float32)
            predictions.shape.assert_is_compatible_with(labels.shape)
            diffs = math_ops.subtract(predictions, labels)
            axis = array_ops.range(1, array_ops.rank(diffs))
            sum_squares_diff_per_batch = math_ops.reduce_sum(math_ops.square(diffs), axis=axis,
                                                             keepdims=True)
            num_present_per_batch = _num_present(diffs, weights, per_batch=True)
            term1 = 2.0 * math_ops.div_no_nan(
                sum_squares_diff_per_batch, math_ops.maximum(num_present_per_batch - 1, 0),
                name="value")
            sum_diff = math_ops.reduce_sum(diffs, axis=axis, keepdims=True)
            term2 = 2.0 * math_ops.div_no_nan(
                math_ops.square(sum_diff),
                math_ops.maximum(math_ops.multiply(num_present_per_batch,
                                                   num_present_per_batch - 1), 0),
                name="value")
            weighted_losses = math_ops.multiply(term1 - term2, weights)
            loss = math_ops.reduce_sum(weighted_losses)
            mean_loss = array_ops.where(math_ops.reduce_sum(num_present_per_batch) > 0, loss,
                                        array_ops.zeros_like(loss), name="value")
            add_loss(mean_loss, loss_collection)
            return mean_loss


def mean_squared_error(labels: Any, predictions: Any, weights: Any = 1.0,
                       scope: str | None = None, loss_collection: Any = GraphKeys.LOSSES,
                       reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS) -> Tensor:
    """`tf.losses.mean_squared_error`: weighted `(predictions - labels)^2`, by default the
    mean over the non-zero weights (`mean_squared_error/value`)."""
    _check_given(labels=labels, predictions=predictions)
    with name_scope(scope, "mean_squared_error",
                    (predictions, labels, weights)) as loss_scope:
        predictions, labels = _float_pair(predictions, labels)
        losses = math_ops.squared_difference(predictions, labels)
        return compute_weighted_loss(losses, weights, loss_scope, loss_collection,
                                     reduction=reduction)


def sigmoid_cross_entropy(multi_class_labels: Any, logits: Any, weights: Any = 1.0,
                          label_smoothing: float = 0, scope: str | None = None,
                          loss_collection: Any = GraphKeys.LOSSES,
                          reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS) -> Tensor:
    """`tf.losses.sigmoid_cross_entropy`: weighted `sigmoid_cross_entropy_with_logits`;
    label smoothing moves the labels towards 1/2: `z (1 - s) + s / 2`."""
    _check_given(multi_class_labels=multi_class_labels, logits=logits)
    with name_scope(scope, "sigmoid_cross_entropy_loss",
                    (logits, multi_class_labels, weights)) as loss_scope:
        logits = convert_to_tensor(logits)
        multi_class_labels = array_ops.cast(multi_class_labels, logits.dtype)
        logits.shape.assert_is_compatible_with(multi_class_labels.shape)
        if label_smoothing > 0:
            multi_class_labels = (multi_class_labels * (1 - label_smoothing)
                                  + 0.5 * label_smoothing)
        losses = nn_impl.sigmoid_cross_entropy_with_logits(labels=multi_class_labels,
                                                           logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, loss_scope, loss_collection,
                                     reduction=reduction)


def softmax_cross_entropy(onehot_labels: Any, logits: Any, weights: Any = 1.0,
                          label_smoothing: float = 0, scope: str | None = None,
                          loss_collection: Any = GraphKeys.LOSSES,
                          reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS) -> Tensor:
    """`tf.losses.softmax_cross_entropy`: weighted softmax cross-entropy of one-hot labels
    (no gradient into the labels); label smoothing mixes in the uniform distribution:
    `y (1 - s) + s / num_classes`."""
    _check_given(onehot_labels=onehot_labels, logits=logits)
    with name_scope(scope, "softmax_cross_entropy_loss",
                    (logits, onehot_labels, weights)) as loss_scope:
        logits = convert_to_tensor(logits)
        onehot_labels = array_ops.cast(onehot_labels, logits.dtype)
        logits.shape.assert_is_compatible_with(onehot_labels.shape)
        if label_smoothing > 0:
            num_classes = array_ops.cast(array_ops.shape(onehot_labels)[-1], logits.dtype)
            smooth_positives = 1.0 - label_smoothing
            smooth_negatives = label_smoothing / num_classes
            onehot_labels = onehot_labels * smooth_positives + smooth_negatives
        onehot_labels = array_ops.stop_gradient(onehot_labels, name="labels_stop_gradient")
        losses = nn_impl.softmax_cross_entropy_with_logits_v2(labels=onehot_labels,
                                                             logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, loss_scope, loss_collection,
                                     reduction=reduction)


def _remove_squeezable_dimensions(labels: Any, predictions: Any, weights: Any = None,
                                  expected_rank_diff: int = 0) -> tuple:
    """Squeezes a trailing size-1 dimension off `labels` or `predictions` when their ranks
    differ by one more or one less than `expected_rank_diff`, and off `weights` when it has
    one dimension more than `labels` (confusion_matrix.remove_squeezable_dimensions); ranks
    known only at run time are compared in the graph, each squeeze behind a tf.cond."""
    with name_scope(None, "remove_squeezable_dimensions", [labels, predictions]):
        predictions = convert_to_tensor(predictions)
        labels = convert_to_tensor(labels)
        predictions_shape, labels_shape = predictions.shape, labels.shape
        predictions_rank, labels_rank = predictions_shape.ndims, labels_shape.ndims
        if labels_rank is not None and predictions_rank is not None:
            rank_diff = predictions_rank - labels_rank
            if (rank_diff == expected_rank_diff + 1
                    and predictions_shape.dims[-1].is_compatible_with(1)):
                predictions = array_ops.squeeze(predictions, [-1])
            elif (rank_diff == expected_rank_diff - 1
                  and labels_shape.dims[-1].is_compatible_with(1)):
                labels = array_ops.squeeze(labels, [-1])
        else:
            rank_diff = array_ops.rank(predictions) - array_ops.rank(labels)
            if predictions_rank is None or predictions_shape.dims[-1].is_compatible_with(1):
                predictions = control_flow.cond(
                    math_ops.equal(expected_rank_diff + 1, rank_diff),
                    lambda: array_ops.squeeze(predictions, [-1]), lambda: predictions)
            if labels_rank is None or labels_shape.dims[-1].is_compatible_with(1):
                labels = control_flow.cond(
                    math_ops.equal(expected_rank_diff - 1, rank_diff),
                    lambda: array_ops.squeeze(labels, [-1]), lambda: labels)
    if weights is None:
        return labels, predictions, weights
    weights = convert_to_tensor(weights)
    labels_rank = labels.shape.ndims
    weights_shape = weights.shape
    weights_rank = weights_shape.ndims
    if labels_rank is not None and weights_rank is not None:
        if weights_rank - labels_rank == 1:
            weights = array_ops.squeeze(weights, [-1])
        return labels, predictions, weights
    rank_diff = array_ops.rank(weights) - array_ops.rank(labels)
    if weights_rank is None or (weights_rank > 0
                                and weights_shape.dims[-1].is_compatible_with(1)):
        weights = control_flow.cond(math_ops.equal(1, rank_diff),
                                    lambda: array_ops.squeeze(weights, [-1]), lambda: weights)
    return labels, predictions, weights


def sparse_softmax_cross_entropy(labels: Any, logits: Any, weights: Any = 1.0,
                                 scope: str | None = None,
                                 loss_collection: Any = GraphKeys.LOSSES,
                                 reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS) -> Tensor:
    """`tf.losses.sparse_softmax_cross_entropy`: weighted softmax cross-entropy of integer
    class labels; a trailing size-1 dimension of `labels` (or `weights`) is squeezed off."""
    _check_given(labels=labels, logits=logits)
    with name_scope(scope, "sparse_softmax_cross_entropy_loss",
                    (logits, labels, weights)) as loss_scope:
        labels, logits, weights = _remove_squeezable_dimensions(labels, logits, weights,
                                                                expected_rank_diff=1)
        losses = nn_impl.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits,
                                                                 name="xentropy")
        return compute_weighted_loss(losses, weights, loss_scope, loss_collection,
                                     reduction=reduction)
