"""Composite `tf.nn` functions built from other ops: the cross-entropy losses, dropout,
embedding_lookup, moments and l2_normalize (mirrors nn_impl.py, the composites of nn_ops.py and
embedding_ops.py of TF 1.15, with their graphs, names, signatures and errors).

The ops they build (SoftmaxCrossEntropyWithLogits, DynamicPartition, ...) are in nn.py.
"""
from __future__ import annotations

import math
import numbers
from typing import Any

from ..framework import dtypes as _dtypes
from ..framework.convert import (constant, constant_value, convert_to_tensor, static_value,
                                 convert_to_tensor_or_indexed_slices)
from ..framework.graph import Tensor, control_dependencies, get_default_graph, name_scope
from ..framework.tensor_shape import Dimension, TensorShape, as_shape, dimension_value
from . import array as array_ops
from . import clip as clip_ops
from . import math as math_ops
from . import nn as nn_ops
from .common_shapes import deprecated_argument
from .logging_ops import assert_equal
from .partitioned_variables import PartitionedVariable
from .random import random_uniform

NN_ALL = ["softmax_cross_entropy_with_logits", "softmax_cross_entropy_with_logits_v2",
          "sparse_softmax_cross_entropy_with_logits", "sigmoid_cross_entropy_with_logits",
          "weighted_cross_entropy_with_logits", "dropout", "embedding_lookup", "moments",
          "l2_normalize"]


# --------------------------------------------------------------------------------------------
# Softmax cross entropy

def _ensure_xent_args(name: str, sentinel: Any, labels: Any, logits: Any) -> None:
    """The v1 losses take their arguments by keyword only (`_sentinel` catches the rest)."""
    if sentinel is not None:
        raise ValueError(f"Only call `{name}` with named arguments (labels=..., logits=..., ...)")
    if labels is None or logits is None:
        raise ValueError("Both labels and logits must be provided.")


def _flatten_outer_dims(logits: Tensor) -> Tensor:
    """`logits` reshaped to a matrix that keeps its last dimension, built in the graph."""
    rank = array_ops.rank(logits)
    last_dim_size = array_ops.slice(array_ops.shape(logits), [math_ops.subtract(rank, 1)], [1])
    output = array_ops.reshape(logits, array_ops.concat([[-1], last_dim_size], 0))
    dims = logits.shape.as_list() if logits.shape.ndims is not None else None
    if dims is not None and all(d is not None for d in dims[:-1]):
        product = 1
        for d in dims[:-1]:
            product *= d
        output.set_shape([product, dims[-1]])
    return output


def _move_dim_to_end(tensor: Tensor, dim_index: Any, rank: Tensor) -> Tensor:
    return array_ops.transpose(tensor, array_ops.concat([
        array_ops.range(dim_index), array_ops.range(dim_index + 1, rank), [dim_index]], 0))


def softmax_cross_entropy_with_logits_v2(labels: Any, logits: Any, axis: Any = None,
                                         name: str | None = None, dim: Any = None) -> Tensor:
    """`tf.nn.softmax_cross_entropy_with_logits_v2`: per example, -sum(labels *
    log_softmax(logits)) over `axis` (the last by default; `dim` is its deprecated name).
    Gradients flow into both labels and logits. Output `softmax_cross_entropy_with_logits/
    Reshape_2`, of the logits' shape without `axis`."""
    axis = deprecated_argument("axis", axis, "dim", dim)
    if axis is None:
        axis = -1
    with name_scope(name, "softmax_cross_entropy_with_logits", [logits, labels]) as scope:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, name="labels")
        to_float32 = logits.dtype.base_dtype in (_dtypes.float16, _dtypes.bfloat16)
        precise_logits = array_ops.cast(logits, _dtypes.float32) if to_float32 else logits
        labels = array_ops.cast(labels, precise_logits.dtype)
        input_rank = array_ops.rank(precise_logits)
        shape = logits.shape
        if axis != -1:
            precise_logits = _move_dim_to_end(precise_logits, axis, input_rank)
            labels = _move_dim_to_end(labels, axis, input_rank)
        input_shape = array_ops.shape(precise_logits)
        precise_logits = _flatten_outer_dims(precise_logits)
        labels = _flatten_outer_dims(labels)
        cost, _ = nn_ops.gen_softmax_cross_entropy_with_logits(precise_logits, labels, name=scope)
        output_shape = array_ops.slice(input_shape, [0], [math_ops.subtract(input_rank, 1)])
        cost = array_ops.reshape(cost, output_shape)
        if shape.ndims is not None:
            dims = shape.as_list()
            del dims[axis]
            cost.set_shape(dims)
        return array_ops.cast(cost, logits.dtype) if to_float32 else cost


def softmax_cross_entropy_with_logits(_sentinel: Any = None, labels: Any = None,
                                      logits: Any = None, dim: Any = -1,
                                      name: str | None = None, axis: Any = None) -> Tensor:
    """`tf.nn.softmax_cross_entropy_with_logits` (v1, deprecated in 1.15): as `_v2`, but the
    labels are wrapped in stop_gradient (`softmax_cross_entropy_with_logits_sg/
    labels_stop_gradient`), so no gradient flows into them. Keyword arguments only."""
    dim = deprecated_argument("axis", axis, "dim", dim)
    _ensure_xent_args("softmax_cross_entropy_with_logits", _sentinel, labels, logits)
    with name_scope(name, "softmax_cross_entropy_with_logits_sg", [logits, labels]) as scope:
        labels = array_ops.stop_gradient(labels, name="labels_stop_gradient")
    return softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits, axis=dim,
                                                name=scope)


def sparse_softmax_cross_entropy_with_logits(_sentinel: Any = None, labels: Any = None,
                                             logits: Any = None,
                                             name: str | None = None) -> Tensor:
    """`tf.nn.sparse_softmax_cross_entropy_with_logits`: -log_softmax(logits)[label] per
    example; `labels` (int32/int64) have the logits' shape without the last axis; a label
    outside [0, num_classes) is an InvalidArgumentError when run. Keyword arguments only."""
    _ensure_xent_args("sparse_softmax_cross_entropy_with_logits", _sentinel, labels, logits)
    with name_scope(name, "SparseSoftmaxCrossEntropyWithLogits", [labels, logits]):
        labels = convert_to_tensor(labels)
        logits = convert_to_tensor(logits)
        half = logits.dtype.base_dtype == _dtypes.float16
        precise_logits = array_ops.cast(logits, _dtypes.float32) if half else logits
        labels_static_shape = labels.shape
        labels_shape = array_ops.shape(labels)
        logits_rank = logits.shape.ndims
        static_shapes_fully_defined = (labels_static_shape.is_fully_defined() and
                                       logits.shape[:-1].is_fully_defined())
        if logits_rank == 0:
            raise ValueError(f"Logits cannot be scalars - received shape {logits.shape}.")
        if logits_rank is not None and labels_static_shape.ndims is not None and \
                labels_static_shape.ndims != logits_rank - 1:
            raise ValueError(f"Rank mismatch: Rank of labels (received "
                             f"{labels_static_shape.ndims}) should equal rank of logits minus 1 "
                             f"(received {logits_rank}).")
        if static_shapes_fully_defined and labels_static_shape != logits.shape[:-1]:
            raise ValueError(f"Shape mismatch: The shape of labels (received "
                             f"{labels_static_shape}) should equal the shape of logits except "
                             f"for the last dimension (received {logits.shape}).")
        if logits_rank == 2:
            cost, _ = nn_ops.gen_sparse_softmax_cross_entropy_with_logits(
                precise_logits, labels, name=name)
            return array_ops.cast(cost, _dtypes.float16) if half else cost
        shape_checks = []
        if not static_shapes_fully_defined:
            shape_checks.append(assert_equal(array_ops.shape(labels),
                                             array_ops.shape(logits)[:-1]))
        with control_dependencies(shape_checks):
            num_classes = array_ops.shape(logits)[array_ops.rank(logits) - 1]
            precise_logits = array_ops.reshape(precise_logits, [-1, num_classes])
            labels = array_ops.reshape(labels, [-1])
            cost, _ = nn_ops.gen_sparse_softmax_cross_entropy_with_logits(
                precise_logits, labels, name=name)
            cost = array_ops.reshape(cost, labels_shape)
            cost.set_shape(labels_static_shape)
            return array_ops.cast(cost, _dtypes.float16) if half else cost


# --------------------------------------------------------------------------------------------
# Sigmoid and weighted cross entropy

def _same_shape_operands(logits: Any, labels: Any) -> tuple[Tensor, Tensor]:
    logits = convert_to_tensor(logits, name="logits")
    labels = convert_to_tensor(labels, name="labels")
    if not labels.shape.is_compatible_with(logits.shape):
        raise ValueError(f"logits and labels must have the same shape ({logits.shape} vs "
                         f"{labels.shape})")
    return logits, labels


def sigmoid_cross_entropy_with_logits(_sentinel: Any = None, labels: Any = None,
                                      logits: Any = None, name: str | None = None) -> Tensor:
    """`tf.nn.sigmoid_cross_entropy_with_logits` (Add `logistic_loss`): elementwise
    max(x, 0) - x * z + log(1 + exp(-|x|)) for logits x and labels z, which never overflows.
    Keyword arguments only."""
    _ensure_xent_args("sigmoid_cross_entropy_with_logits", _sentinel, labels, logits)
    with name_scope(name, "logistic_loss", [logits, labels]) as scope:
        logits, labels = _same_shape_operands(logits, labels)
        # max and abs through Select, so that the gradient at 0 is defined
        zeros = array_ops.zeros_like(logits, dtype=logits.dtype)
        cond = logits >= zeros
        relu_logits = array_ops.where(cond, logits, zeros)
        neg_abs_logits = array_ops.where(cond, -logits, logits)
        return math_ops.add(relu_logits - logits * labels,
                            math_ops.log1p(math_ops.exp(neg_abs_logits)), name=scope)


def _weighted_cross_entropy(labels: Any, logits: Any, pos_weight: Any,
                            name: str | None) -> Tensor:
    """(1 - z) * x + (1 + (q - 1) * z) * (log(1 + exp(-|x|)) + max(-x, 0)), stable for any x."""
    with name_scope(name, "logistic_loss", [logits, labels]) as scope:
        logits, labels = _same_shape_operands(logits, labels)
        log_weight = 1 + (pos_weight - 1) * labels
        return math_ops.add(
            (1 - labels) * logits,
            log_weight * (math_ops.log1p(math_ops.exp(-math_ops.abs(logits))) +
                          nn_ops.relu(-logits)),
            name=scope)


def weighted_cross_entropy_with_logits(labels: Any = None, logits: Any = None,
                                       pos_weight: Any = None, name: str | None = None,
                                       targets: Any = None) -> Tensor:
    """`tf.nn.weighted_cross_entropy_with_logits` (Add `logistic_loss`): the sigmoid cross
    entropy with the positive term weighted by `pos_weight`; `targets` is the deprecated name of
    `labels`."""
    labels = deprecated_argument("labels", labels, "targets", targets)
    return _weighted_cross_entropy(labels, logits, pos_weight, name)


# --------------------------------------------------------------------------------------------
# Dropout

def _get_noise_shape(x: Tensor, noise_shape: Any) -> Any:
    """The shape of the random mask: `x`'s (`dropout/Shape`), or `noise_shape` with its unknown
    dimensions taken from `x` where they are known."""
    if noise_shape is None:
        return array_ops.shape(x)
    try:
        given = as_shape(noise_shape)
    except (TypeError, ValueError):
        return noise_shape
    if x.shape.dims is not None and len(x.shape.dims) == len(given.dims):
        return TensorShape([d.value if n.value is None and d.value is not None else n.value
                            for d, n in zip(x.shape.dims, given.dims)])
    return noise_shape


def _dropout_v2(x: Any, rate: Any, noise_shape: Any, seed: int | None,
                name: str | None) -> Tensor:
    """TF 1.15's dropout_v2: keep each element with probability 1 - rate, scaled by
    1 / (1 - rate); nothing at all is built for a rate known to be 0."""
    with name_scope(name, "dropout", [x]):
        x = convert_to_tensor(x, name="x")
        if not x.dtype.is_floating:
            raise ValueError(f"x has to be a floating point tensor since it's going to be "
                             f"scaled. Got a {x.dtype} tensor instead.")
        if isinstance(rate, numbers.Real):
            if not 0 <= rate < 1:
                raise ValueError(f"rate must be a scalar tensor or a float in the range [0, 1), "
                                 f"got {rate:g}")
            if rate == 0:
                return x
        rate = convert_to_tensor(rate, dtype=x.dtype.base_dtype, name="rate")
        rate.shape.assert_is_compatible_with(TensorShape([]))
        known = static_value(rate)  # TF's Python-side value: `1 - keep_prob` is not known
        if known is not None and known == 0:
            return x
        noise_shape = _get_noise_shape(x, noise_shape)
        random_tensor = random_uniform(noise_shape, seed=seed, dtype=x.dtype.base_dtype)
        keep_prob = 1 - rate
        scale = 1 / keep_prob
        # >=: a draw equal to `rate` is kept, so that exactly a fraction 1 - rate survives
        keep_mask = random_tensor >= rate
        ret = x * scale * array_ops.cast(keep_mask, x.dtype)
        ret.set_shape(x.shape)
        return ret


def dropout(x: Any, keep_prob: Any = None, noise_shape: Any = None, seed: int | None = None,
            name: str | None = None, rate: Any = None) -> Tensor:
    """`tf.nn.dropout` (v1): zeroes each element with probability `rate` (or 1 - `keep_prob`,
    the deprecated spelling) and scales the rest by 1 / (1 - rate); `noise_shape` makes
    decisions shared along dimensions of size 1; the mask is a `random_uniform` seeded by
    `seed` and the graph seed. keep_prob 1 (rate 0) returns `x` itself."""
    try:
        rate_from_keep_prob = 1. - keep_prob if keep_prob is not None else None
    except TypeError:
        raise ValueError(f"keep_prob must be a floating point number or Tensor (got "
                         f"{keep_prob!r})") from None
    rate = deprecated_argument("rate", rate, "keep_prob", rate_from_keep_prob)
    if rate is None:
        raise ValueError("You must provide a rate to dropout.")
    return _dropout_v2(x, rate, noise_shape, seed, name)


# --------------------------------------------------------------------------------------------
# embedding_lookup

def _rank(x: Any) -> tuple[Any, bool]:
    """The rank of `x` as a Python int when static (and non-zero), else a Rank tensor."""
    rank = convert_to_tensor(x).shape.ndims
    if rank:
        return rank, True
    return array_ops.rank(x), False


def _clip(params: Tensor, ids: Tensor, max_norm: Any) -> Tensor:
    """Each embedding (the axes after those of `ids`) clipped to an L2 norm of `max_norm`."""
    if max_norm is None:
        return params
    ids_rank, ids_static = _rank(ids)
    params_rank, params_static = _rank(params)
    axes = (list(range(ids_rank, params_rank)) if ids_static and params_static
            else array_ops.range(ids_rank, params_rank))
    return clip_ops.clip_by_norm(params, max_norm, axes=axes)


def _partition_ids(flat_ids: Tensor, params: list, partition_strategy: str) -> tuple:
    """The partition of each id and its row within that partition: `mod` deals ids out in
    turn, `div` gives each partition a contiguous range (the first ones one id more)."""
    np_ = len(params)
    if partition_strategy == "mod":
        return flat_ids % np_, flat_ids // np_
    if partition_strategy != "div":
        raise ValueError(f"Unrecognized partition strategy: {partition_strategy}")
    dim_0_size = Dimension(dimension_value(params[0].shape[0]))
    for p in params[1:]:
        dim_0_size += Dimension(dimension_value(p.shape[0]))
    if dim_0_size.value:
        num_total_ids = constant(dim_0_size.value, flat_ids.dtype)
    else:
        g = get_default_graph()
        dim_0_sizes = []
        for p in params:
            size = dimension_value(p.shape[0])
            if size is None:
                with g.colocate_with(p.op):
                    size = array_ops.shape(p)[0]
            dim_0_sizes.append(size)
        num_total_ids = math_ops.reduce_sum(
            array_ops.cast(array_ops.stack(dim_0_sizes), flat_ids.dtype))
    ids_per_partition = num_total_ids // np_
    extras = num_total_ids % np_
    p_assignments = math_ops.maximum(flat_ids // (ids_per_partition + 1),
                                     (flat_ids - extras) // ids_per_partition)
    new_ids = array_ops.where(p_assignments < extras, flat_ids % (ids_per_partition + 1),
                              (flat_ids - extras) % ids_per_partition)
    return p_assignments, new_ids


def embedding_lookup(params: Any, ids: Any, partition_strategy: str = "mod",
                     name: str | None = None, validate_indices: bool = True,
                     max_norm: Any = None) -> Tensor:
    """`tf.nn.embedding_lookup`: the rows `ids` of `params` (a tensor or variable, or a list of
    them sharded by `partition_strategy` 'mod' or 'div'), each clipped to L2 norm `max_norm`
    when given. One shard is a GatherV2 `embedding_lookup` and `embedding_lookup/Identity`;
    several are split by DynamicPartition and joined by ParallelDynamicStitch. The gradient
    with respect to a variable is an IndexedSlices. `validate_indices` is ignored, as in TF."""
    if params is None:
        raise ValueError("params must be specified")
    if isinstance(params, (list, tuple)) and not params:
        raise ValueError("Need at least one param")
    if not isinstance(params, list):  # a PartitionedVariable: its shards
        params = list(params) if isinstance(params, (tuple, PartitionedVariable)) else [params]
    g = get_default_graph()
    with name_scope(name, "embedding_lookup", params + [ids]) as scope:
        np_ = len(params)
        params = [convert_to_tensor_or_indexed_slices(p, name=f"params_{i}")
                  for i, p in enumerate(params)]
        ids = convert_to_tensor(ids, name="ids")
        if np_ == 1:
            with g.colocate_with(params[0].op):
                result = _clip(array_ops.gather(params[0], ids, name=scope), ids, max_norm)
            return array_ops.identity(result)
        flat_ids = array_ops.reshape(ids, [-1])
        original_indices = array_ops.range(array_ops.size(flat_ids))
        p_assignments, new_ids = _partition_ids(flat_ids, params, partition_strategy)
        p_assignments = array_ops.cast(p_assignments, _dtypes.int32)
        gather_ids = nn_ops.dynamic_partition(new_ids, p_assignments, np_)
        pindices = nn_ops.dynamic_partition(original_indices, p_assignments, np_)
        partitioned_result = []
        for p, pids in zip(params, gather_ids):
            with g.colocate_with(p.op):
                partitioned_result.append(array_ops.gather(p, pids))
        ret = nn_ops._parallel_dynamic_stitch(pindices, partitioned_result, name=scope)
        element_shape_s = params[0].shape[1:]
        for p in params[1:]:
            element_shape_s = element_shape_s.merge_with(p.shape[1:])
        if element_shape_s.is_fully_defined():
            element_shape_d = element_shape_s
        else:
            with g.colocate_with(params[0].op):
                element_shape_d = array_ops.shape(params[0])[1:]
        ret = array_ops.reshape(ret, array_ops.concat([array_ops.shape(ids), element_shape_d],
                                                      0))
        ret.set_shape(ids.shape.concatenate(element_shape_s))
        return _clip(ret, ids, max_norm)


# --------------------------------------------------------------------------------------------
# moments, l2_normalize

def moments(x: Any, axes: Any, shift: Any = None, name: str | None = None,
            keep_dims: bool | None = None, keepdims: bool | None = None) -> tuple:
    """`tf.nn.moments`: (mean, variance) of `x` over `axes` (`moments/mean`,
    `moments/variance`, squeezed unless `keep_dims`/`keepdims`); float16 is computed in
    float32. `shift` is unused, as in TF 1.15."""
    keep_dims = deprecated_argument("keepdims", keepdims, "keep_dims", keep_dims)
    if keep_dims is None:
        keep_dims = False
    with name_scope(name, "moments", [x, axes]):
        half = getattr(x, "dtype", None) == _dtypes.float16
        y = array_ops.cast(x, _dtypes.float32) if half else x
        mean = math_ops.reduce_mean(y, axes, keepdims=True, name="mean")
        # The mean's stop_gradient changes nothing: the variance's gradient to it is zero.
        variance = math_ops.reduce_mean(
            math_ops.squared_difference(y, array_ops.stop_gradient(mean)), axes, keepdims=True,
            name="variance")
        if not keep_dims:
            mean = array_ops.squeeze(mean, axes)
            variance = array_ops.squeeze(variance, axes)
        if half:
            return array_ops.cast(mean, _dtypes.float16), array_ops.cast(variance,
                                                                         _dtypes.float16)
        return mean, variance


def l2_normalize(x: Any, axis: Any = None, epsilon: float = 1e-12, name: str | None = None,
                 dim: Any = None) -> Tensor:
    """`tf.nn.l2_normalize` (Mul `l2_normalize`): x / sqrt(max(sum(x ** 2, axis), epsilon));
    `dim` is the deprecated name of `axis` (None: all axes)."""
    axis = deprecated_argument("axis", axis, "dim", dim)
    with name_scope(name, "l2_normalize", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        square_sum = math_ops.reduce_sum(math_ops.square(x), axis, keepdims=True)
        x_inv_norm = math_ops.rsqrt(math_ops.maximum(square_sum, epsilon))
        return math_ops.multiply(x, x_inv_norm, name=scope)


def _linear_operands(x: Any, weights: Any, biases: Any) -> tuple[Tensor, Tensor, Tensor]:
    return (convert_to_tensor(x, name="x"), convert_to_tensor(weights, name="weights"),
            convert_to_tensor(biases, name="biases"))


def xw_plus_b(x: Any, weights: Any, biases: Any, name: str | None = None) -> Any:
    """`tf.nn.xw_plus_b`: matmul(x, weights) + biases, the BiasAdd named `name` (default
    `xw_plus_b`)."""
    with name_scope(name, "xw_plus_b", [x, weights, biases]) as name:
        x, weights, biases = _linear_operands(x, weights, biases)
        return nn_ops.bias_add(math_ops.matmul(x, weights), biases, name=name)


NN_ALL += ["xw_plus_b"]


def log_poisson_loss(targets: Any, log_input: Any, compute_full_loss: bool = False,
                     name: str | None = None) -> Tensor:
    """`tf.nn.log_poisson_loss`: exp(log_input) - log_input * targets, the Poisson negative log
    likelihood up to a constant; with `compute_full_loss`, plus Stirling's approximation of
    log(targets!) where targets > 1."""
    with name_scope(name, "log_poisson_loss", [log_input, targets]):
        log_input = convert_to_tensor(log_input, name="log_input")
        targets = convert_to_tensor(targets, name="targets")
        try:
            targets.shape.merge_with(log_input.shape)
        except ValueError:
            raise ValueError(f"log_input and targets must have the same shape "
                             f"({log_input.shape} vs {targets.shape})") from None
        result = math_ops.exp(log_input) - log_input * targets
        if compute_full_loss:
            point_five = constant(0.5, dtype=targets.dtype)
            two_pi = constant(2 * math.pi, dtype=targets.dtype)
            stirling_approx = (targets * math_ops.log(targets)) - targets + (
                point_five * math_ops.log(two_pi * targets))
            zeros = array_ops.zeros_like(targets, dtype=targets.dtype)
            ones = array_ops.ones_like(targets, dtype=targets.dtype)
            cond = math_ops.logical_and(targets >= zeros, targets <= ones)
            result += array_ops.where(cond, zeros, stirling_approx)
        return result


NN_ALL += ["log_poisson_loss"]


# --------------------------------------------------------------------------------------------
# relu_layer, swish, zero_fraction

def relu_layer(x: Any, weights: Any, biases: Any, name: str | None = None) -> Tensor:
    """`tf.nn.relu_layer`: relu(matmul(x, weights) + biases), the Relu named `name` (default
    `relu_layer`)."""
    with name_scope(name, "relu_layer", [x, weights, biases]) as name:
        x, weights, biases = _linear_operands(x, weights, biases)
        return nn_ops.relu(nn_ops.bias_add(math_ops.matmul(x, weights), biases), name=name)


def swish(features: Any) -> Tensor:
    """`tf.nn.swish`: x * sigmoid(x), a `@custom_gradient` function as TF 1.15's (Sigmoid,
    mul, then an IdentityN whose gradient recomputes the sigmoid after the incoming gradient,
    so that the forward sigmoid need not be kept)."""
    from ..autodiff.custom_gradient import custom_gradient  # noqa: PLC0415 - autodiff uses ops
    return custom_gradient(_swish)(features)


def _swish(features: Tensor) -> tuple:
    features = convert_to_tensor(features, name="features")

    def grad(dy):
        with control_dependencies([dy]):
            sigmoid = math_ops.sigmoid(features)
        return dy * (sigmoid * (1.0 + features * (1.0 - sigmoid)))
    return features * math_ops.sigmoid(features), grad


def _count_nonzero(value: Tensor, dtype: _dtypes.DType) -> Tensor:
    with name_scope("count_nonzero", values=[value]):
        zero = array_ops.zeros([], dtype=value.dtype)
        nonzero = array_ops.cast(math_ops.not_equal(value, zero), dtype=dtype)
        return math_ops.reduce_sum(nonzero, name="nonzero_count")


def zero_fraction(value: Any, name: str | None = None) -> Tensor:
    """`tf.nn.zero_fraction` (`tf.math.zero_fraction`): the float32 fraction of zeros in
    `value` (NaN when empty), counted in int32 in a cond when the size allows, as TF 1.15."""
    from .control_flow import cond  # noqa: PLC0415
    with name_scope(name, "zero_fraction", [value]):
        value = convert_to_tensor(value, name="value")
        size = array_ops.size(value, out_type=_dtypes.int64)
        num_nonzero = cond(
            size <= _dtypes.int32.max,
            true_fn=lambda: array_ops.cast(_count_nonzero(value, _dtypes.int32), _dtypes.int64),
            false_fn=lambda: _count_nonzero(value, _dtypes.int64))
        with name_scope("counts_to_fraction"):
            num_zero = size - num_nonzero
            num_zero_float32 = array_ops.cast(num_zero, _dtypes.float32)
            size_float32 = array_ops.cast(size, _dtypes.float32)
            fraction = num_zero_float32 / size_float32
        return array_ops.identity(fraction, "fraction")


NN_ALL += ["relu_layer", "swish", "zero_fraction"]


# --------------------------------------------------------------------------------------------
# sufficient_statistics, normalize_moments, weighted_moments

def sufficient_statistics(x: Any, axes: Any, shift: Any = None, keep_dims: bool | None = None,
                          name: str | None = None, keepdims: bool | None = None) -> tuple:
    """`tf.nn.sufficient_statistics`: (count, sum of x - shift, sum of squares of x - shift,
    shift) over `axes`; the count is a constant when those dimensions are known."""
    axes = list(set(axes))
    keep_dims = deprecated_argument("keepdims", keepdims, "keep_dims", keep_dims)
    keep_dims = bool(keep_dims)
    with name_scope(name, "sufficient_statistics", [x, shift]):
        x = convert_to_tensor(x, name="x")
        dims = x.shape.dims
        if dims is not None and all(dims[d].value is not None for d in axes):
            counts = 1
            for d in axes:
                counts *= dims[d].value
            counts = constant(counts, dtype=x.dtype)
        else:
            x_dims = array_ops.gather(array_ops.cast(array_ops.shape(x), x.dtype), axes)
            counts = math_ops.reduce_prod(x_dims, name="count")
        if shift is not None:
            shift = convert_to_tensor(shift, name="shift")
            m_ss = math_ops.subtract(x, shift)
            v_ss = math_ops.squared_difference(x, shift)
        else:
            m_ss = x
            v_ss = math_ops.square(x)
        m_ss = math_ops.reduce_sum(m_ss, axes, keepdims=keep_dims, name="mean_ss")
        v_ss = math_ops.reduce_sum(v_ss, axes, keepdims=keep_dims, name="var_ss")
    return counts, m_ss, v_ss, shift


def normalize_moments(counts: Any, mean_ss: Any, variance_ss: Any, shift: Any,
                      name: str | None = None) -> tuple:
    """`tf.nn.normalize_moments`: (mean, variance) from sufficient statistics, in scope
    `normalize`."""
    with name_scope(name, "normalize", [counts, mean_ss, variance_ss, shift]):
        divisor = math_ops.reciprocal(counts, name="divisor")
        if shift is not None:
            shifted_mean = math_ops.multiply(mean_ss, divisor, name="shifted_mean")
            mean = math_ops.add(shifted_mean, shift, name="mean")
        else:
            shifted_mean = math_ops.multiply(mean_ss, divisor, name="mean")
            mean = shifted_mean
        variance = math_ops.subtract(math_ops.multiply(variance_ss, divisor),
                                     math_ops.square(shifted_mean), name="variance")
    return mean, variance


def weighted_moments(x: Any, axes: Any, frequency_weights: Any, name: str | None = None,
                     keep_dims: bool | None = None, keepdims: bool | None = None) -> tuple:
    """`tf.nn.weighted_moments`: the mean and variance of `x` over `axes` with each element
    counted `frequency_weights` times (broadcast against x), by TF 1.15's two passes
    (the weight sum inverted by a Reciprocal `inv_weight_sum`); float16 is computed in
    float32."""
    keep_dims = deprecated_argument("keepdims", keepdims, "keep_dims", keep_dims)
    keep_dims = bool(keep_dims)
    with name_scope(name, "weighted_moments", [x, frequency_weights, axes]):
        x = convert_to_tensor(x, name="x")
        frequency_weights = convert_to_tensor(frequency_weights, name="frequency_weights")
        needs_cast = x.dtype == _dtypes.float16
        if needs_cast:
            x = array_ops.cast(x, _dtypes.float32)
        if frequency_weights.dtype != x.dtype:
            frequency_weights = array_ops.cast(frequency_weights, x.dtype)
        weighted_input_sum = math_ops.reduce_sum(frequency_weights * x, axes,
                                                 name="weighted_input_sum", keepdims=True)
        broadcasted_weights = frequency_weights + array_ops.zeros_like(x)
        sum_of_weights = math_ops.reduce_sum(broadcasted_weights, axes, name="sum_of_weights",
                                             keepdims=True)
        divisor = math_ops.reciprocal(sum_of_weights, name="inv_weight_sum")
        weighted_mean = math_ops.multiply(weighted_input_sum, divisor)
        weighted_distsq = math_ops.reduce_sum(
            frequency_weights * math_ops.squared_difference(x, weighted_mean), axes,
            name="weighted_distsq", keepdims=True)
        weighted_variance = math_ops.multiply(weighted_distsq, divisor)
        if not keep_dims:
            weighted_mean = array_ops.squeeze(weighted_mean, axis=axes)
            weighted_variance = array_ops.squeeze(weighted_variance, axis=axes)
        if needs_cast:
            weighted_mean = array_ops.cast(weighted_mean, _dtypes.float16)
            weighted_variance = array_ops.cast(weighted_variance, _dtypes.float16)
        return weighted_mean, weighted_variance


NN_ALL += ["sufficient_statistics", "normalize_moments", "weighted_moments"]
