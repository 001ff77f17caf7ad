"""Neural-network ops: activations, softmax, bias_add, l2_loss, the cross-entropy ops, and the
partition/stitch ops `embedding_lookup` builds, with their gradients (mirrors nn_ops.py,
gen_nn_ops, nn_grad.py and data_flow_ops.py/data_flow_grad.py of TF 1.15).

The public activations live under `tf.nn` only (`NN_ALL`); `dynamic_partition` and
`dynamic_stitch` are top-level (`__all__`). The gradient-only ops (ReluGrad, BiasAddGrad, ...)
are real ops with kernels, shape rules and their own gradients, built by the module-level
`*_grad` functions as TF's gen_nn_ops builds them. The composites (`tf.nn.dropout`, the
cross-entropy builders, ...) are in nn_impl.py.
"""
from __future__ import annotations

import collections
import numbers
from typing import Any

from ..framework import dtypes as _dtypes
from ..framework import errors, registry
from ..framework.convert import constant, constant_value, convert_n_to_tensor, convert_to_tensor
from ..framework.graph import Tensor, control_dependencies, get_default_graph, name_scope
from ..framework.indexed_slices import IndexedSlices
from ..framework.tensor_shape import TensorShape, merge_checked, unknown_shape
from . import array as array_ops
from . import math as math_ops
from .common_shapes import (FLOAT_TYPES, NUMBER_TYPES, REAL_TYPES, broadcast_shapes,
                            check_dtype_allowed, same_as_input, shape_str)
from .logging_ops import summarize_value

__all__ = ["dynamic_partition", "dynamic_stitch"]
NN_ALL = ["relu", "relu6", "elu", "softplus", "softmax", "log_softmax", "bias_add", "l2_loss",
          "leaky_relu", "selu", "softsign", "top_k", "in_top_k"]

def _unary(op_type: str, x: Any, name: str | None, param: str, allowed: tuple[str, ...]) -> Tensor:
    """A one-input op as TF's generated wrappers build it: a Python value becomes `<op>/<param>`."""
    g = get_default_graph()
    with g.name_scope(name or op_type) as scope:
        x = convert_to_tensor(x, name=param)
        check_dtype_allowed(x.dtype, param, allowed)
        return g.create_op(op_type, [x], {"T": x.dtype.base_dtype}, name=scope).outputs[0]


# ---- Relu, Relu6, Elu, Softplus

def _relu_kernel(ctx: registry.KernelContext):
    maximum = ctx.xp.maximum

    def relu(x):
        return maximum(x, 0)
    return relu


def _relu6_kernel(ctx: registry.KernelContext):
    clip = ctx.xp.clip

    def relu6(x):
        return clip(x, 0, 6)
    return relu6


def _elu_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def elu(x):
        return xp.where(x < 0, xp.expm1(x), x)
    return elu


def _softplus_kernel(ctx: registry.KernelContext):
    logaddexp = ctx.xp.logaddexp

    def softplus(x):  # log(1 + e^x) without overflow for large x or underflow for small x
        return logaddexp(x, 0)
    return softplus


def _relu_grad(op, grad):
    return relu_grad(grad, op.outputs[0])


def _relu6_grad(op, grad):
    return relu6_grad(grad, op.outputs[0])


def _elu_grad(op, grad):
    return elu_grad(grad, op.outputs[0])


def _softplus_grad(op, grad):
    return softplus_grad(grad, op.inputs[0])


registry.register("Relu", infer=same_as_input, kernel=_relu_kernel, grad=_relu_grad)
registry.register("Relu6", infer=same_as_input, kernel=_relu6_kernel, grad=_relu6_grad)
registry.register("Elu", infer=same_as_input, kernel=_elu_kernel, grad=_elu_grad)
registry.register("Softplus", infer=same_as_input, kernel=_softplus_kernel, grad=_softplus_grad)


def relu(features: Any, name: str | None = None) -> Tensor:
    """`tf.nn.relu`: max(features, 0)."""
    return _unary("Relu", features, name, "features", REAL_TYPES + ("qint8",))


def relu6(features: Any, name: str | None = None) -> Tensor:
    """`tf.nn.relu6`: min(max(features, 0), 6)."""
    return _unary("Relu6", features, name, "features", REAL_TYPES)


def elu(features: Any, name: str | None = None) -> Tensor:
    """`tf.nn.elu`: exp(features) - 1 where negative, features elsewhere."""
    return _unary("Elu", features, name, "features", FLOAT_TYPES)


def softplus(features: Any, name: str | None = None) -> Tensor:
    """`tf.nn.softplus`: log(exp(features) + 1), computed stably."""
    return _unary("Softplus", features, name, "features", FLOAT_TYPES)


# ---- ReluGrad, Relu6Grad, EluGrad, SoftplusGrad: (gradients, features or outputs) -> backprops

def _merge_both_infer(op):
    """Both inputs have one shape (TF's MergeBothInputsShapeFn)."""
    g, x = op.inputs
    return [(g.dtype.base_dtype, merge_checked(g.shape, x.shape))]


def _same_size(kernel):
    """TF's activation-gradient kernels refuse inputs of different shapes."""
    def checked(g, a):
        if g.shape != a.shape:
            raise errors.InvalidArgumentError(None, None, "g and a must be the same size")
        return kernel(g, a)
    return checked


def _relu_grad_kernel(ctx: registry.KernelContext):
    def relu_grad_(gradients, features):
        return gradients * (features > 0)
    return _same_size(relu_grad_)


def _relu6_grad_kernel(ctx: registry.KernelContext):
    def relu6_grad_(gradients, features):
        return gradients * ((features > 0) & (features < 6))
    return _same_size(relu6_grad_)


def _elu_grad_kernel(ctx: registry.KernelContext):
    where = ctx.xp.where

    def elu_grad_(gradients, outputs):
        return where(outputs < 0, gradients * (outputs + 1), gradients)
    return _same_size(elu_grad_)


def _softplus_grad_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def softplus_grad_(gradients, features):
        # gradients * sigmoid(features), without overflow for features of either sign
        e = xp.exp(-xp.abs(features))
        return gradients * xp.where(features >= 0, 1 / (1 + e), e / (1 + e))
    return _same_size(softplus_grad_)


def _relu_grad_grad(op, grad):
    x = op.inputs[1]
    return relu_grad(grad, x), array_ops.zeros_like(x)


def _relu6_grad_grad(op, grad):
    x = op.inputs[1]
    return relu6_grad(grad, x), array_ops.zeros_like(x)


def _elu_grad_grad(op, grad):
    elu_x = op.inputs[1]
    return (elu_grad(grad, elu_x),
            array_ops.where(elu_x < 0, grad * op.inputs[0], array_ops.zeros_like(elu_x)))


def _softplus_grad_grad(op, grad):
    # dx = dy * sigmoid(x): d(dx)/d(dy) is SoftplusGrad itself, d(dx)/dx = dy * sigmoid'(x)
    dy, x = op.inputs
    with control_dependencies([grad]):
        ddy = softplus_grad(grad, x)
        d2x = grad * dy / (math_ops.exp(-x) + 2.0 + math_ops.exp(x))
        return ddy, d2x


registry.register("ReluGrad", infer=_merge_both_infer, kernel=_relu_grad_kernel,
                  grad=_relu_grad_grad)
registry.register("Relu6Grad", infer=_merge_both_infer, kernel=_relu6_grad_kernel,
                  grad=_relu6_grad_grad)
registry.register("EluGrad", infer=_merge_both_infer, kernel=_elu_grad_kernel,
                  grad=_elu_grad_grad)
registry.register("SoftplusGrad", infer=_merge_both_infer, kernel=_softplus_grad_kernel,
                  grad=_softplus_grad_grad)


def _gen_binary(op_type: str, params: tuple[str, str], a: Any, b: Any, name: str | None,
                allowed: tuple[str, ...]) -> Tensor:
    """A two-input op of one type attr T, as TF's generated wrappers build it."""
    g = get_default_graph()
    with g.name_scope(name or op_type) as scope:
        a = convert_to_tensor(a, name=params[0])
        b = convert_to_tensor(b, dtype=a.dtype.base_dtype, name=params[1])
        check_dtype_allowed(a.dtype, params[0], allowed)
        return g.create_op(op_type, [a, b], {"T": a.dtype.base_dtype}, name=scope).outputs[0]


def relu_grad(gradients: Any, features: Any, name: str | None = None) -> Tensor:
    """gen_nn_ops.relu_grad (op ReluGrad): `gradients` where `features > 0`, else 0."""
    return _gen_binary("ReluGrad", ("gradients", "features"), gradients, features, name,
                       REAL_TYPES)


def relu6_grad(gradients: Any, features: Any, name: str | None = None) -> Tensor:
    """gen_nn_ops.relu6_grad (op Relu6Grad): `gradients` where `0 < features < 6`, else 0."""
    return _gen_binary("Relu6Grad", ("gradients", "features"), gradients, features, name,
                       REAL_TYPES)


def elu_grad(gradients: Any, outputs: Any, name: str | None = None) -> Tensor:
    """gen_nn_ops.elu_grad (op EluGrad): `gradients * (outputs + 1)` where `outputs < 0`."""
    return _gen_binary("EluGrad", ("gradients", "outputs"), gradients, outputs, name,
                       FLOAT_TYPES)


def softplus_grad(gradients: Any, features: Any, name: str | None = None) -> Tensor:
    """gen_nn_ops.softplus_grad (op SoftplusGrad): `gradients * sigmoid(features)`."""
    return _gen_binary("SoftplusGrad", ("gradients", "features"), gradients, features, name,
                       FLOAT_TYPES)


# ---- LeakyRelu, Selu, Softsign and their gradient ops

_SELU_SCALE = 1.0507009873554804934193349852946
_SELU_SCALE_ALPHA = 1.7580993408473768599402175208123


def _leaky_relu_kernel(ctx: registry.KernelContext):
    where, alpha = ctx.xp.where, ctx.attrs["alpha"]

    def leaky_relu_(x):
        return where(x > 0, x, x * alpha).astype(x.dtype, copy=False)
    return leaky_relu_


def _selu_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def selu_(x):
        return xp.where(x < 0, _SELU_SCALE_ALPHA * xp.expm1(x),
                        _SELU_SCALE * x).astype(x.dtype, copy=False)
    return selu_


def _softsign_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def softsign_(x):
        return x / (1 + xp.abs(x))
    return softsign_


def _leaky_relu_grad(op, grad):
    return leaky_relu_grad(grad, op.inputs[0], alpha=op.get_attr("alpha"))


def _selu_grad(op, grad):
    return selu_grad(grad, op.outputs[0])


def _softsign_grad(op, grad):
    return softsign_grad(grad, op.inputs[0])


registry.register("LeakyRelu", infer=same_as_input, kernel=_leaky_relu_kernel,
                  grad=_leaky_relu_grad)
registry.register("Selu", infer=same_as_input, kernel=_selu_kernel, grad=_selu_grad)
registry.register("Softsign", infer=same_as_input, kernel=_softsign_kernel, grad=_softsign_grad)


def leaky_relu(features: Any, alpha: float = 0.2, name: str | None = None) -> Tensor:
    """`tf.nn.leaky_relu`: op LeakyRelu, `features` where positive, `alpha * features`
    elsewhere; integer features are first cast to float32, as TF does."""
    g = get_default_graph()
    with g.name_scope(name or "LeakyRelu") as scope:
        features = convert_to_tensor(features, name="features")
        if features.dtype.is_integer:
            features = array_ops.cast(features, _dtypes.float32)
        check_dtype_allowed(features.dtype, "features", FLOAT_TYPES)
        return g.create_op("LeakyRelu", [features], {"T": features.dtype.base_dtype,
                                                     "alpha": float(alpha)},
                           name=scope).outputs[0]


def selu(features: Any, name: str | None = None) -> Tensor:
    """`tf.nn.selu`: op Selu, scale * features where positive, scale * alpha * (exp(features)
    - 1) elsewhere, with the self-normalizing constants of Klambauer et al."""
    return _unary("Selu", features, name, "features", FLOAT_TYPES)


def softsign(features: Any, name: str | None = None) -> Tensor:
    """`tf.nn.softsign`: op Softsign, features / (|features| + 1)."""
    return _unary("Softsign", features, name, "features", FLOAT_TYPES)


def _leaky_relu_grad_kernel(ctx: registry.KernelContext):
    where, alpha = ctx.xp.where, ctx.attrs["alpha"]

    def leaky_relu_grad_(gradients, features):
        return where(features > 0, gradients,
                     gradients * alpha).astype(gradients.dtype, copy=False)
    return _same_size(leaky_relu_grad_)


def _selu_grad_kernel(ctx: registry.KernelContext):
    where = ctx.xp.where

    def selu_grad_(gradients, outputs):
        return where(outputs < 0, gradients * (outputs + _SELU_SCALE_ALPHA),
                     gradients * _SELU_SCALE).astype(gradients.dtype, copy=False)
    return _same_size(selu_grad_)


def _softsign_grad_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def softsign_grad_(gradients, features):
        return gradients / xp.square(1 + xp.abs(features))
    return _same_size(softsign_grad_)


def _leaky_relu_grad_grad(op, grad):
    x = op.inputs[1]
    return leaky_relu_grad(grad, x, alpha=op.get_attr("alpha")), array_ops.zeros_like(x)


def _selu_grad_grad(op, grad):
    """SeluGrad is dy * (y + scale * alpha) where y < 0, dy * scale elsewhere: SeluGrad again
    for dy, `grad * dy` where y < 0 for y. (TF 1.15's version builds EluGrad ops that do not
    give this derivative; minitf's passes the numeric check.)"""
    dy, y = op.inputs
    return (selu_grad(grad, y),
            array_ops.where(y < 0, grad * dy, array_ops.zeros_like(y)))


registry.register("LeakyReluGrad", infer=_merge_both_infer, kernel=_leaky_relu_grad_kernel,
                  grad=_leaky_relu_grad_grad)
registry.register("SeluGrad", infer=_merge_both_infer, kernel=_selu_grad_kernel,
                  grad=_selu_grad_grad)
# TF registers no gradient for SoftsignGrad; declared so that a path through it gives None.
registry.register("SoftsignGrad", infer=_merge_both_infer, kernel=_softsign_grad_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)


def leaky_relu_grad(gradients: Any, features: Any, alpha: float = 0.2,
                    name: str | None = None) -> Tensor:
    """gen_nn_ops.leaky_relu_grad (op LeakyReluGrad): `gradients` where `features > 0`, else
    `alpha * gradients`."""
    g = get_default_graph()
    with g.name_scope(name or "LeakyReluGrad") as scope:
        gradients = convert_to_tensor(gradients, name="gradients")
        features = convert_to_tensor(features, dtype=gradients.dtype.base_dtype, name="features")
        check_dtype_allowed(gradients.dtype, "gradients", FLOAT_TYPES)
        return g.create_op("LeakyReluGrad", [gradients, features],
                           {"T": gradients.dtype.base_dtype, "alpha": float(alpha)},
                           name=scope).outputs[0]


def selu_grad(gradients: Any, outputs: Any, name: str | None = None) -> Tensor:
    """gen_nn_ops.selu_grad (op SeluGrad) from Selu's outputs."""
    return _gen_binary("SeluGrad", ("gradients", "outputs"), gradients, outputs, name,
                       FLOAT_TYPES)


def softsign_grad(gradients: Any, features: Any, name: str | None = None) -> Tensor:
    """gen_nn_ops.softsign_grad (op SoftsignGrad): gradients / (1 + |features|)^2."""
    return _gen_binary("SoftsignGrad", ("gradients", "features"), gradients, features, name,
                       FLOAT_TYPES)


# ---- TopKV2, InTopKV2

TopKV2 = collections.namedtuple("TopKV2", ["values", "indices"])


def _top_k_infer(op):
    x, k = op.inputs
    if x.shape.ndims is not None and x.shape.ndims < 1:
        raise ValueError(f"Shape must be at least rank 1 but is rank {x.shape.ndims}")
    if k.shape.ndims is not None and k.shape.ndims != 0:
        raise ValueError(f"Input must be scalar but has rank {k.shape.ndims}")
    value = constant_value(k)
    k_dim = None if value is None else int(value)
    if k_dim is not None and k_dim < 0:
        raise ValueError(f"Dimension size, given by scalar input 1, must be non-negative but is "
                         f"{k_dim}")
    if x.shape.ndims is None:
        shape = unknown_shape()
    else:
        last = x.shape.dims[-1].value
        if k_dim is not None and last is not None and last < k_dim:
            raise ValueError(f"input must have last dimension >= k = {k_dim} but is {last}")
        shape = TensorShape(x.shape.dims[:-1] + [k_dim])
    return [(x.dtype.base_dtype, shape), (_dtypes.int32, shape)]


def _top_k_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    floating = ctx.attrs["T"].is_floating

    def top_k_(x, k):
        if k.ndim != 0:
            raise errors.InvalidArgumentError(
                None, None, f"k must be scalar, got shape {shape_str(k.shape)}")
        k = int(k)
        if k < 0:
            raise errors.InvalidArgumentError(None, None, f"Need k >= 0, got {k}")
        if x.shape[-1] < k:
            raise errors.InvalidArgumentError(
                None, None, f"input must have at least k columns. Had {x.shape[-1]}, needed {k}")
        # a descending key, so that a stable sort keeps ties in index order; NaN ranks first
        # as in TF. ~x reverses integers without overflow.
        key = xp.where(xp.isnan(x), -xp.inf, -x) if floating else xp.invert(x)
        indices = xp.argsort(key, axis=-1, kind="stable")[..., :k]
        return xp.take_along_axis(x, indices, axis=-1), indices.astype(xp.int32)
    return top_k_


def _top_k_grad(op, grad, _):
    """Each selected value's gradient goes back to its position in the input, zeros elsewhere
    (TF scatters with SparseToDense; minitf sums the unique positions with
    UnsortedSegmentSum)."""
    in_shape = array_ops.shape(op.inputs[0])
    ind_shape = array_ops.shape(op.outputs[1])
    ind_lastdim = array_ops.gather(ind_shape, array_ops.size(ind_shape) - 1)
    ind_2d = array_ops.reshape(op.outputs[1], array_ops.stack([-1, ind_lastdim]))
    in_lastdim = array_ops.gather(in_shape, array_ops.size(in_shape) - 1)
    outerdim = array_ops.shape(ind_2d)[0]
    ind = array_ops.reshape(ind_2d + array_ops.expand_dims(
        array_ops.range(0, outerdim * in_lastdim, in_lastdim), -1), [-1])
    flat = math_ops.unsorted_segment_sum(array_ops.reshape(grad, [-1]), ind,
                                         math_ops.reduce_prod(in_shape))
    return [array_ops.reshape(flat, in_shape), array_ops.zeros([], dtype=_dtypes.int32)]


registry.register("TopKV2", infer=_top_k_infer, kernel=_top_k_kernel, grad=_top_k_grad)


def top_k(input: Any, k: Any = 1, sorted: bool = True,  # noqa: A002 - TF's own names
          name: str | None = None) -> TopKV2:
    """`tf.nn.top_k` (`tf.math.top_k`): op TopKV2, the `k` largest entries of the last axis
    and their indices, largest first when `sorted` (ties: the lower index first; with
    `sorted=False` minitf returns them sorted too, an order TF leaves open)."""
    g = get_default_graph()
    with g.name_scope(name or "TopKV2") as scope:
        x = convert_to_tensor(input, name="input")
        check_dtype_allowed(x.dtype, "input", REAL_TYPES)
        k = convert_to_tensor(k, dtype=_dtypes.int32, name="k")
        op = g.create_op("TopKV2", [x, k], {"T": x.dtype.base_dtype, "sorted": bool(sorted)},
                         name=scope)
        return TopKV2(*op.outputs)


# ---- tf.sort / tf.argsort (sort_ops.py): a TopKV2 over the whole axis, moved last when needed

def _descending_sort(values: Tensor, axis: int, return_argsort: bool) -> Tensor:
    """Values (or indices) of `values` sorted largest first along `axis`: a top_k of k = the
    axis' size, with `axis` and the last axis swapped around it when `axis` is not last."""
    k = array_ops.shape(values)[axis]
    rank = array_ops.rank(values)
    static_rank = values.shape.ndims
    if axis == -1 or axis + 1 == static_rank:
        top_k_input, transposition = values, None
    else:
        if axis < 0:
            axis += static_rank or rank
        if static_rank is not None:
            perm = list(range(axis)) + [static_rank - 1] + \
                list(range(axis + 1, static_rank - 1)) + [axis]
            transposition = constant(perm, name="transposition")
        else:
            transposition = array_ops.concat(
                [array_ops.range(axis), [rank - 1], array_ops.range(axis + 1, rank - 1), [axis]],
                axis=0)
        top_k_input = array_ops.transpose(values, transposition)
    values, indices = top_k(top_k_input, k)
    result = indices if return_argsort else values
    if transposition is not None:
        result = array_ops.transpose(result, transposition)
    return result


def _ascending_sort(values: Tensor, axis: int, return_argsort: bool) -> Tensor:
    """The descending sort of `-values`, negated back (TF 1.15's way, for every dtype)."""
    result = _descending_sort(-values, axis, return_argsort)
    return result if return_argsort else -result


_SORT_IMPL = {"ASCENDING": _ascending_sort, "DESCENDING": _descending_sort}


def _sort_or_argsort(values: Any, axis: Any, direction: str, return_argsort: bool) -> Tensor:
    if direction not in _SORT_IMPL:
        raise ValueError(f"{direction} should be one of {', '.join(sorted(_SORT_IMPL))}")
    axis = convert_to_tensor(axis, name="axis")
    axis_static = constant_value(axis)
    if axis.shape.ndims not in (None, 0) or axis_static is None:
        raise ValueError("axis must be a constant scalar")
    values = convert_to_tensor(values, name="values")
    return _SORT_IMPL[direction](values, int(axis_static), return_argsort)


def sort(values: Any, axis: Any = -1, direction: str = "ASCENDING",
         name: str | None = None) -> Tensor:
    """`tf.sort`: `values` sorted along the constant `axis`, built from TopKV2 as TF 1.15 does
    (ascending is the descending sort of the negated values)."""
    with get_default_graph().name_scope(name or "sort"):
        return _sort_or_argsort(values, axis, direction, return_argsort=False)


def argsort(values: Any, axis: Any = -1, direction: str = "ASCENDING", stable: bool = False,
            name: str | None = None) -> Tensor:
    """`tf.argsort`: the int32 indices that sort `values` along `axis` (TopKV2's, whose ties
    keep index order, so every sort is stable and `stable` changes nothing)."""
    del stable
    with get_default_graph().name_scope(name or "argsort"):
        return _sort_or_argsort(values, axis, direction, return_argsort=True)


__all__ += ["sort", "argsort"]


def _in_top_k_infer(op):
    predictions, targets, k = op.inputs
    p_shape, t_shape = predictions.shape, targets.shape
    if p_shape.ndims is not None and p_shape.ndims != 2:
        raise ValueError(f"Shape must be rank 2 but is rank {p_shape.ndims}")
    if t_shape.ndims is not None and t_shape.ndims != 1:
        raise ValueError(f"Shape must be rank 1 but is rank {t_shape.ndims}")
    if k.shape.ndims is not None and k.shape.ndims != 0:
        raise ValueError(f"Shape must be rank 0 but is rank {k.shape.ndims}")
    batch = p_shape.dims[0] if p_shape.ndims is not None else None
    if t_shape.ndims is not None:
        other = t_shape.dims[0]
        if batch is None:
            batch = other
        elif not batch.is_compatible_with(other):
            raise ValueError(f"Dimensions must be equal, but are {batch} and {other}")
        else:
            batch = batch.merge_with(other)
    return [(_dtypes.bool, TensorShape([batch]))]


def _in_top_k_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def in_top_k_(predictions, targets, k):
        if predictions.ndim != 2:
            raise errors.InvalidArgumentError(None, None, "predictions must be 2-dimensional")
        if targets.ndim != 1:
            raise errors.InvalidArgumentError(None, None, "targets must be 1-dimensional")
        if predictions.shape[0] != targets.shape[0]:
            raise errors.InvalidArgumentError(
                None, None, f"First dimension of predictions {predictions.shape[0]} must match "
                            f"length of targets {targets.shape[0]}")
        if k.ndim != 0:
            raise errors.InvalidArgumentError(
                None, None, f"k must be 0-D, got shape {shape_str(k.shape)}")
        classes = predictions.shape[1]
        # a target out of range or with a non-finite prediction is never in the top k
        valid = (targets >= 0) & (targets < classes)
        rows = xp.arange(targets.shape[0])
        target_value = predictions[rows, xp.where(valid, targets, 0)]
        valid &= xp.isfinite(target_value)
        more_probable = xp.sum(predictions > target_value[:, None], axis=1)
        return valid & (more_probable < int(k))
    return in_top_k_


registry.register("InTopKV2", infer=_in_top_k_infer, kernel=_in_top_k_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)


def in_top_k(predictions: Any, targets: Any, k: Any, name: str | None = None) -> Tensor:
    """`tf.nn.in_top_k` (`tf.math.in_top_k`): op InTopKV2 in scope `in_top_k`, whether each
    row's target class is among its `k` largest predictions (ties count for the target; a
    target out of range or a non-finite prediction gives False)."""
    g = get_default_graph()
    with g.name_scope(name or "in_top_k"), g.name_scope(name or "InTopKV2") as scope:
        predictions = convert_to_tensor(predictions, name="predictions")
        if predictions.dtype.base_dtype != _dtypes.float32:
            raise TypeError(f"Input 'predictions' of 'InTopKV2' Op has type "
                            f"{predictions.dtype.base_dtype.name} that does not match "
                            f"expected type of float32.")
        targets = convert_to_tensor(targets, name="targets")
        check_dtype_allowed(targets.dtype, "targets", ("int32", "int64"))
        k = convert_to_tensor(k, dtype=targets.dtype.base_dtype, name="k")
        return g.create_op("InTopKV2", [predictions, targets, k],
                           {"T": targets.dtype.base_dtype}, name=scope).outputs[0]


# ---- Softmax, LogSoftmax (on the last axis; builders transpose for another axis)

def _softmax_infer(op):
    x = op.inputs[0]
    if x.shape.ndims == 0:
        raise ValueError("Shape must be at least rank 1 but is rank 0")
    return [(x.dtype.base_dtype, x.shape)]


def _check_logits(x) -> None:
    if x.ndim < 1:
        raise errors.InvalidArgumentError(
            None, None, f"logits must have >= 1 dimension, got {shape_str(x.shape)}")


def _softmax_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def softmax(x):
        _check_logits(x)
        if x.size == 0:
            return x.copy()
        e = xp.exp(x - x.max(axis=-1, keepdims=True))
        e /= e.sum(axis=-1, keepdims=True)
        return e
    return softmax


def _log_softmax_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def log_softmax(x):
        _check_logits(x)
        if x.size == 0:
            return x.copy()
        shifted = x - x.max(axis=-1, keepdims=True)
        shifted -= xp.log(xp.exp(shifted).sum(axis=-1, keepdims=True))
        return shifted
    return log_softmax


def _softmax_grad(op, grad_softmax):
    # d softmax = (diag(s) - s s^T) g: s * (g - sum(g * s))
    softmax_ = op.outputs[0]
    sum_channels = math_ops.reduce_sum(grad_softmax * softmax_, -1, keepdims=True)
    return (grad_softmax - sum_channels) * softmax_


def _log_softmax_grad(op, grad):
    softmax_ = math_ops.exp(op.outputs[0])
    return grad - math_ops.reduce_sum(grad, -1, keepdims=True) * softmax_


registry.register("Softmax", infer=_softmax_infer, kernel=_softmax_kernel, grad=_softmax_grad)
registry.register("LogSoftmax", infer=_softmax_infer, kernel=_log_softmax_kernel,
                  grad=_log_softmax_grad)


def _axis_argument(axis: Any, dim: Any) -> Any:
    """TF's deprecated `dim` spelling of `axis`; -1 when neither is given."""
    if axis is not None and dim is not None:
        raise ValueError("Cannot specify both 'axis' and 'dim'.")
    axis = dim if axis is None else axis
    return -1 if axis is None else axis


def _static_axis(axis: Any) -> int:
    if isinstance(axis, Tensor):
        value = constant_value(axis)
        if value is None or value.ndim != 0:
            raise TypeError(f"axis must be a Python integer or a constant scalar Tensor, got "
                            f"{axis!r}")
        return int(value)
    if not isinstance(axis, numbers.Integral):
        raise TypeError(f"axis must be an integer, got {axis!r}")
    return int(axis)


def _swap_axis(x: Tensor, dim_index: Any, last_index: Tensor, name: str | None = None) -> Tensor:
    """Transposes `x` so that axes `dim_index` and `last_index` trade places, building the
    permutation in the graph as TF does (range, concat)."""
    perm = array_ops.concat([array_ops.range(dim_index), [last_index],
                             array_ops.range(dim_index + 1, last_index), [dim_index]], 0)
    return array_ops.transpose(x, perm, name=name)


def _softmax_along(op_type: str, logits: Any, axis: Any, name: str | None) -> Tensor:
    """Softmax or LogSoftmax on `axis`: the op itself on the last axis, else transposed there and
    back (TF 1.15's graph: Rank, Sub, range, concat, transpose, op, transpose)."""
    g = get_default_graph()
    logits = convert_to_tensor(logits)
    check_dtype_allowed(logits.dtype, "logits", FLOAT_TYPES)
    axis = _static_axis(axis)
    shape = logits.shape
    if axis == -1:
        return g.create_op(op_type, [logits], {"T": logits.dtype.base_dtype},
                           name=name or op_type).outputs[0]
    ndims = shape.ndims
    if ndims is None:
        raise TypeError("unsupported operand type(s) for -: 'NoneType' and 'int'")
    if axis == ndims - 1:
        return g.create_op(op_type, [logits], {"T": logits.dtype.base_dtype},
                           name=name or op_type).outputs[0]
    if not -ndims <= axis < ndims:
        raise errors.InvalidArgumentError(
            None, None, f"Dimension ({axis}) must be in the range [{-ndims}, {ndims}) where "
                        f"{ndims} is the number of dimensions in the input.")
    ndims_t = array_ops.rank(logits)  # TF builds the rank twice (Rank, Rank_1): names follow
    dim = axis + ndims_t if axis < 0 else axis
    input_rank = array_ops.rank(logits)
    dim_axis = dim % ndims
    swapped = _swap_axis(logits, dim_axis, math_ops.subtract(input_rank, 1))
    out = g.create_op(op_type, [swapped], {"T": logits.dtype.base_dtype}, name=op_type).outputs[0]
    out = _swap_axis(out, dim_axis, math_ops.subtract(input_rank, 1), name=name)
    out.set_shape(shape)
    return out


def softmax(logits: Any, axis: Any = None, name: str | None = None, dim: Any = None) -> Tensor:
    """`tf.nn.softmax` (op Softmax); `axis` (or the deprecated `dim`) defaults to the last."""
    return _softmax_along("Softmax", logits, _axis_argument(axis, dim), name)


def log_softmax(logits: Any, axis: Any = None, name: str | None = None, dim: Any = None) -> Tensor:
    """`tf.nn.log_softmax` (op LogSoftmax): logits - log(sum(exp(logits), axis))."""
    return _softmax_along("LogSoftmax", logits, _axis_argument(axis, dim), name)


# ---- BiasAdd

_DATA_FORMATS = ("NHWC", "NCHW")


def _bias_add_infer(op):
    x, b = op.inputs
    nchw = op.get_attr("data_format") == "NCHW"
    min_rank = 3 if nchw else 2
    if x.shape.ndims is not None and x.shape.ndims < min_rank:
        raise ValueError(f"Shape must be at least rank {min_rank} but is rank {x.shape.ndims}")
    if b.shape.ndims is not None and b.shape.ndims != 1:
        raise ValueError(f"Shape must be rank 1 but is rank {b.shape.ndims}")
    if x.shape.ndims is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    dims = x.shape.as_list()
    channel = 1 if nchw else len(dims) - 1
    bias_dim = b.shape.dims[0].value if b.shape.ndims == 1 else None
    if dims[channel] is not None and bias_dim is not None and dims[channel] != bias_dim:
        raise ValueError(f"Dimensions must be equal, but are {dims[channel]} and {bias_dim}")
    if dims[channel] is None:
        dims[channel] = bias_dim
    return [(x.dtype.base_dtype, TensorShape(dims))]


def _bias_add_kernel(ctx: registry.KernelContext):
    nchw = ctx.attrs["data_format"] == "NCHW"

    def bias_add(x, b):
        if x.ndim < 2:
            raise errors.InvalidArgumentError(
                None, None, f"Input tensor must be at least 2D: {shape_str(x.shape)}")
        if b.ndim != 1:
            raise errors.InvalidArgumentError(
                None, None, f"Biases must be 1D: {shape_str(b.shape)}")
        channels = x.shape[1] if nchw else x.shape[-1]
        if b.shape[0] != channels:
            raise errors.InvalidArgumentError(
                None, None, f"Must provide as many biases as the last dimension of the input "
                            f"tensor: {shape_str(b.shape)} vs. {shape_str(x.shape)}")
        if nchw:
            return x + b.reshape((channels,) + (1,) * (x.ndim - 2))
        return x + b
    return bias_add


def _bias_add_grad(op, received_grad):
    return received_grad, bias_add_grad(received_grad, data_format=op.get_attr("data_format"))


registry.register("BiasAdd", infer=_bias_add_infer, kernel=_bias_add_kernel, grad=_bias_add_grad)


def bias_add(value: Any, bias: Any, data_format: str | None = None,
             name: str | None = None) -> Tensor:
    """`tf.nn.bias_add` (op BiasAdd): adds a 1-D `bias` along the channel axis of `value` (the
    last one for NHWC, axis 1 for NCHW)."""
    data_format = "NHWC" if data_format is None else data_format
    g = get_default_graph()
    with g.name_scope(name or "BiasAdd") as scope:
        value = convert_to_tensor(value, name="input")
        bias = convert_to_tensor(bias, dtype=value.dtype.base_dtype, name="bias")
        check_dtype_allowed(value.dtype, "value", NUMBER_TYPES)
        if data_format not in _DATA_FORMATS:
            allowed = '", "'.join(_DATA_FORMATS)
            raise ValueError(f"Attr 'data_format' of 'BiasAdd' Op passed string '{data_format}' "
                             f"not in: \"{allowed}\".")
        return g.create_op("BiasAdd", [value, bias],
                           {"T": value.dtype.base_dtype, "data_format": data_format},
                           name=scope).outputs[0]


# ---- BiasAddGrad: the bias gradient, the sum over every axis but the channel axis

def _bias_add_grad_infer(op):
    x = op.inputs[0]
    nchw = op.get_attr("data_format") == "NCHW"
    min_rank = 3 if nchw else 2
    if x.shape.ndims is None:
        return [(x.dtype.base_dtype, TensorShape([None]))]
    if x.shape.ndims < min_rank:
        raise ValueError(f"Shape must be at least rank {min_rank} but is rank {x.shape.ndims}")
    return [(x.dtype.base_dtype, TensorShape([x.shape.dims[1 if nchw else -1]]))]


def _bias_add_grad_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    nchw = ctx.attrs["data_format"] == "NCHW"
    total = getattr(xp.add, "reduce", None) or xp.sum  # numpy's sum is this behind a wrapper

    def bias_add_grad_(out_backprop):
        if out_backprop.ndim < 2:
            raise errors.InvalidArgumentError(
                None, None, f"Input tensor must be at least 2D: {shape_str(out_backprop.shape)}")
        channel = 1 if nchw else out_backprop.ndim - 1
        axes = tuple(a for a in range(out_backprop.ndim) if a != channel)
        return total(out_backprop, axis=axes, dtype=out_backprop.dtype)
    return bias_add_grad_


def _bias_add_grad_grad(op, received_grad):
    # The bias gradient summed the channels' slices: its gradient spreads them back (Tile).
    shape = array_ops.shape(op.inputs[0])
    bias_shape = array_ops.shape(received_grad)
    if op.get_attr("data_format") == "NCHW":
        expanded_shape = array_ops.concat([array_ops.ones_like(shape[:1]), bias_shape,
                                           array_ops.ones_like(shape[2:])], 0)
        tile_mults = array_ops.concat([shape[:1], [1], shape[2:]], 0)
    else:
        expanded_shape = array_ops.concat([array_ops.ones_like(shape[:-1]), bias_shape], 0)
        tile_mults = array_ops.concat([shape[:-1], [1]], 0)
    expanded_grad = array_ops.reshape(received_grad, expanded_shape)
    return array_ops.tile(expanded_grad, tile_mults)


registry.register("BiasAddGrad", infer=_bias_add_grad_infer, kernel=_bias_add_grad_kernel,
                  grad=_bias_add_grad_grad)


def bias_add_grad(out_backprop: Any, data_format: str = "NHWC", name: str | None = None) -> Tensor:
    """gen_nn_ops.bias_add_grad (op BiasAddGrad): `out_backprop` summed over all but the
    channel axis (the last for NHWC, axis 1 for NCHW)."""
    g = get_default_graph()
    with g.name_scope(name or "BiasAddGrad") as scope:
        x = convert_to_tensor(out_backprop, name="out_backprop")
        check_dtype_allowed(x.dtype, "out_backprop", NUMBER_TYPES)
        return g.create_op("BiasAddGrad", [x], {"T": x.dtype.base_dtype,
                                                "data_format": data_format},
                           name=scope).outputs[0]


# ---- L2Loss

def _l2_loss_infer(op):
    return [(op.inputs[0].dtype.base_dtype, TensorShape([]))]


def _l2_loss_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def l2_loss(t):
        return xp.square(t).sum() * 0.5
    return l2_loss


def _l2_loss_grad(op, grad):
    return op.inputs[0] * grad


registry.register("L2Loss", infer=_l2_loss_infer, kernel=_l2_loss_kernel, grad=_l2_loss_grad)


def l2_loss(t: Any, name: str | None = None) -> Tensor:
    """`tf.nn.l2_loss` (op L2Loss): sum(t ** 2) / 2, a scalar."""
    return _unary("L2Loss", t, name, "t", FLOAT_TYPES)


# ---- SoftmaxCrossEntropyWithLogits, SparseSoftmaxCrossEntropyWithLogits: (loss, backprop)

SoftmaxCrossEntropyWithLogits = collections.namedtuple("SoftmaxCrossEntropyWithLogits",
                                                       ["loss", "backprop"])
SparseSoftmaxCrossEntropyWithLogits = collections.namedtuple(
    "SparseSoftmaxCrossEntropyWithLogits", ["loss", "backprop"])


def _xent_infer(op):
    """Rank-2 logits and labels of one shape, or shapes that broadcast to a matrix."""
    features, labels = op.inputs
    dtype = features.dtype.base_dtype
    a = features.shape
    if a.ndims in (None, 2):
        a = TensorShape([None, None]) if a.ndims is None else a
        if labels.shape.is_compatible_with(a):
            merged = a.merge_with(labels.shape)
            return [(dtype, TensorShape([merged.dims[0]])), (dtype, merged)]
    out = broadcast_shapes(features.shape, labels.shape)
    if out.ndims is None:
        raise ValueError("Shape must be broadcasted with rank 2, but is rank is unknown.")
    if out.ndims != 2:
        raise ValueError(f"Shape must be broadcasted with rank 2, but is rank {out.ndims}")
    return [(dtype, TensorShape([out.dims[0]])), (dtype, out)]


def _xent_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def softmax_xent(features, labels):
        if features.shape != labels.shape:
            try:
                features, labels = xp.broadcast_arrays(features, labels)
            except ValueError:
                raise errors.InvalidArgumentError(
                    None, None, f"logits and labels must be broadcastable: logits_size="
                                f"{shape_str(features.shape)} labels_size="
                                f"{shape_str(labels.shape)}") from None
        if features.ndim != 2:
            raise errors.InvalidArgumentError(
                None, None, "logits and labels must be either 2-dimensional, or broadcasted to "
                            "be 2-dimensional")
        if features.shape[1] == 0:
            return (xp.zeros(features.shape[:1], features.dtype),
                    xp.zeros(features.shape, features.dtype))
        # Shifted by the row maximum, exp never overflows (logits of 1e4 are fine).
        shifted = features - features.max(axis=1, keepdims=True)
        e = xp.exp(shifted)
        total = e.sum(axis=1, keepdims=True)
        loss = (labels * (xp.log(total) - shifted)).sum(axis=1)
        e /= total
        return loss, e - labels
    return softmax_xent


def _sparse_xent_infer(op):
    features, labels = op.inputs
    f = features.shape
    if f.ndims is not None and f.ndims != 2:
        raise ValueError(f"Shape must be rank 2 but is rank {f.ndims}")
    if labels.shape.ndims is not None and labels.shape.ndims != 1:
        raise ValueError(f"Shape must be rank 1 but is rank {labels.shape.ndims}")
    f = TensorShape([None, None]) if f.ndims is None else f
    batch, label_batch = f.dims[0], (labels.shape.dims or [None])[0]
    if not batch.is_compatible_with(label_batch):
        raise ValueError(f"Dimensions must be equal, but are {batch} and {label_batch}")
    batch = batch.merge_with(label_batch)
    dtype = features.dtype.base_dtype
    return [(dtype, TensorShape([batch])), (dtype, TensorShape([batch, f.dims[1]]))]


def _sparse_xent_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def sparse_softmax_xent(features, labels):
        if features.ndim != 2:
            raise errors.InvalidArgumentError(
                None, None, f"logits must be 2-D, but got shape {shape_str(features.shape)}")
        if labels.ndim != 1:
            raise errors.InvalidArgumentError(
                None, None, f"labels must be 1-D, but got shape {shape_str(labels.shape)}")
        if features.shape[0] != labels.shape[0]:
            raise errors.InvalidArgumentError(
                None, None, f"logits and labels must have the same first dimension, got logits "
                            f"shape {shape_str(features.shape)} and labels shape "
                            f"{shape_str(labels.shape)}")
        classes = features.shape[1]
        if classes == 0:
            raise errors.InvalidArgumentError(
                None, None, f"Must have at least one class, but got logits shape "
                            f"{shape_str(features.shape)}")
        if labels.size:
            low, high = int(labels.min()), int(labels.max())
            if low < 0 or high >= classes:
                raise errors.InvalidArgumentError(
                    None, None, f"Received a label value of {low if low < 0 else high} which is "
                                f"outside the valid range of [0, {classes}).  Label values: "
                                f"{summarize_value(labels, labels.size)}")
        shifted = features - features.max(axis=1, keepdims=True)
        e = xp.exp(shifted)
        total = e.sum(axis=1, keepdims=True)
        picked = shifted[xp.arange(labels.shape[0]), labels]
        loss = xp.log(total).reshape(-1) - picked
        e /= total
        return loss, e - (xp.arange(classes) == labels.reshape(-1, 1))
    return sparse_softmax_xent


def _broadcast_mul(vec: Tensor, mat: Tensor) -> Tensor:
    """`vec` [D0] times each row of `mat` [D0, D1]."""
    return array_ops.expand_dims(vec, -1) * mat


def _is_zero(g: Tensor) -> bool:
    """Whether a received gradient is known to be all zeros (an output nobody used)."""
    if g.op.type in ("ZerosLike", "Zeros"):
        return True
    value = constant_value(g)
    return value is not None and not value.any()


def _xent_logits_grad(op, grad_loss: Tensor, grad_grad: Tensor | None) -> Tensor:
    """The logits' gradient: `backprop` scaled by the loss's gradient, plus, when the backprop
    output itself was used, the softmax Jacobian applied to its gradient."""
    grad = _broadcast_mul(grad_loss, op.outputs[1])
    logits = op.inputs[0]
    if grad_grad is not None and not _is_zero(grad_grad):
        softmax_ = softmax(logits)
        grad += ((grad_grad - array_ops.squeeze(
            math_ops.matmul(array_ops.expand_dims(grad_grad, 1),
                            array_ops.expand_dims(softmax_, 2)), axis=1)) * softmax_)
    return grad


def _xent_grad(op, grad_loss, grad_grad):
    grad = _xent_logits_grad(op, grad_loss, grad_grad)
    return grad, _broadcast_mul(grad_loss, -log_softmax(op.inputs[0]))


def _sparse_xent_grad(op, grad_loss, grad_grad):
    return _xent_logits_grad(op, grad_loss, grad_grad), None


registry.register("SoftmaxCrossEntropyWithLogits", infer=_xent_infer, kernel=_xent_kernel,
                  grad=_xent_grad)
registry.register("SparseSoftmaxCrossEntropyWithLogits", infer=_sparse_xent_infer,
                  kernel=_sparse_xent_kernel, grad=_sparse_xent_grad)


def gen_softmax_cross_entropy_with_logits(features: Any, labels: Any,
                                          name: str | None = None) -> tuple:
    """gen_nn_ops.softmax_cross_entropy_with_logits (op SoftmaxCrossEntropyWithLogits):
    (loss [batch], backprop [batch, classes]) of matrices of logits and label distributions."""
    g = get_default_graph()
    with g.name_scope(name or "SoftmaxCrossEntropyWithLogits") as scope:
        features = convert_to_tensor(features, name="features")
        labels = convert_to_tensor(labels, dtype=features.dtype.base_dtype, name="labels")
        check_dtype_allowed(features.dtype, "features", FLOAT_TYPES)
        op = g.create_op("SoftmaxCrossEntropyWithLogits", [features, labels],
                         {"T": features.dtype.base_dtype}, name=scope)
    return SoftmaxCrossEntropyWithLogits(*op.outputs)


def gen_sparse_softmax_cross_entropy_with_logits(features: Any, labels: Any,
                                                 name: str | None = None) -> tuple:
    """gen_nn_ops.sparse_softmax_cross_entropy_with_logits (op
    SparseSoftmaxCrossEntropyWithLogits): (loss, backprop) of logits [batch, classes] and class
    indices [batch]; an index outside [0, classes) fails when run."""
    g = get_default_graph()
    with g.name_scope(name or "SparseSoftmaxCrossEntropyWithLogits") as scope:
        features = convert_to_tensor(features, name="features")
        labels = convert_to_tensor(labels, preferred_dtype=_dtypes.int64, name="labels")
        check_dtype_allowed(features.dtype, "features", FLOAT_TYPES)
        check_dtype_allowed(labels.dtype, "labels", ("int32", "int64"))
        op = g.create_op("SparseSoftmaxCrossEntropyWithLogits", [features, labels],
                         {"T": features.dtype.base_dtype, "Tlabels": labels.dtype.base_dtype},
                         name=scope)
    return SparseSoftmaxCrossEntropyWithLogits(*op.outputs)


# ---- DynamicPartition, DynamicStitch, ParallelDynamicStitch (data_flow_ops.py)

def _prefix_rest(data: TensorShape, prefix: TensorShape) -> TensorShape:
    """`data` must start with `prefix` (TF's MergePrefix); returns the rest of `data`."""
    if data.ndims is None:
        return unknown_shape()
    if data.ndims < prefix.ndims:
        raise ValueError(f"Shape must be at least rank {prefix.ndims} but is rank {data.ndims}")
    for d, p in zip(data.dims, prefix.dims):
        if not d.is_compatible_with(p):
            raise ValueError(f"Dimensions must be equal, but are {d} and {p}")
    return TensorShape(data.dims[prefix.ndims:])


def _dynamic_partition_infer(op):
    data, partitions = op.inputs
    n = op.get_attr("num_partitions")
    dtype = data.dtype.base_dtype
    if partitions.shape.ndims is None:
        return [(dtype, unknown_shape())] * n
    rest = _prefix_rest(data.shape, partitions.shape)
    return [(dtype, TensorShape([None]).concatenate(rest))] * n


def _slice_position(shape: tuple, flat: int) -> str:
    """TF's SliceDebugString: the multi-index of a flat position, `[1,0]` ('' for scalars)."""
    pos = []
    for d in reversed(shape):
        flat, r = divmod(flat, d)
        pos.append(r)
    return "[" + ",".join(str(p) for p in reversed(pos)) + "]" if shape else ""


def _dynamic_partition_kernel(ctx: registry.KernelContext):
    n = ctx.attrs["num_partitions"]

    def dynamic_partition_(data, partitions):
        rank = partitions.ndim
        if data.shape[:rank] != partitions.shape:
            raise errors.InvalidArgumentError(
                None, None, f"data.shape must start with partitions.shape, got data.shape = "
                            f"{shape_str(data.shape)}, partitions.shape = "
                            f"{shape_str(partitions.shape)}")
        flat = partitions.reshape(-1)
        bad = (flat < 0) | (flat >= n)
        if bad.any():
            k = int(bad.argmax())
            raise errors.InvalidArgumentError(
                None, None, f"partitions{_slice_position(partitions.shape, k)} = "
                            f"{int(flat[k])} is not in [0, {n})")
        rows = data.reshape((flat.size,) + data.shape[rank:])
        return tuple(rows[flat == i] for i in range(n))
    return dynamic_partition_


def _dynamic_partition_grad(op, *grads):
    # Partition the positions of `data` as `data` was, and stitch the gradients back there.
    data, indices = op.inputs
    prefix_shape = array_ops.shape(indices)
    original_indices = array_ops.reshape(
        array_ops.range(math_ops.reduce_prod(prefix_shape)), prefix_shape)
    partitioned_indices = dynamic_partition(original_indices, indices,
                                            op.get_attr("num_partitions"))
    reconstructed = _parallel_dynamic_stitch(partitioned_indices, list(grads))
    return [array_ops.reshape(reconstructed, array_ops.shape(data)), None]


registry.register("DynamicPartition", infer=_dynamic_partition_infer,
                  kernel=_dynamic_partition_kernel, grad=_dynamic_partition_grad)


def dynamic_partition(data: Any, partitions: Any, num_partitions: int,
                      name: str | None = None) -> list[Tensor]:
    """`tf.dynamic_partition` (op DynamicPartition): `num_partitions` tensors, the i-th holding
    the slices of `data` whose entry in `partitions` (int32, a prefix of data's shape) is i."""
    g = get_default_graph()
    with g.name_scope(name or "DynamicPartition") as scope:
        data = convert_to_tensor(data, name="data")
        partitions = convert_to_tensor(partitions, dtype=_dtypes.int32, name="partitions")
        if num_partitions < 1:
            raise ValueError(f"Attr 'num_partitions' of 'DynamicPartition' Op passed "
                             f"{num_partitions} less than minimum 1.")
        op = g.create_op("DynamicPartition", [data, partitions],
                         {"T": data.dtype.base_dtype, "num_partitions": int(num_partitions)},
                         name=scope)
    return list(op.outputs)


def _dynamic_stitch_infer(op):
    n = op.get_attr("N")
    indices, data = op.inputs[:n], op.inputs[n:]
    known = True
    max_index = 0
    extra = unknown_shape()
    for idx, d in zip(indices, data):
        value = constant_value(idx)
        if value is None:
            known = False
        elif value.size:
            max_index = max(max_index, int(value.max()))
        if idx.shape.ndims is None:
            continue
        extra = merge_checked(extra, _prefix_rest(d.shape, idx.shape))
    first = TensorShape([max_index + 1 if known else None])
    return [(data[0].dtype.base_dtype, first.concatenate(extra))]


def _dynamic_stitch_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def dynamic_stitch_(*inputs):
        n = len(inputs) // 2
        indices, data = inputs[:n], inputs[n:]
        max_index = max([int(i.max()) for i in indices if i.size] + [-1])
        for k, (idx, d) in enumerate(zip(indices, data)):
            if d.shape[:idx.ndim] != idx.shape:
                raise errors.InvalidArgumentError(
                    None, None, f"data[{k}].shape = {shape_str(d.shape)} does not start with "
                                f"indices[{k}].shape = {shape_str(idx.shape)}")
            if k and d.shape[idx.ndim:] != data[0].shape[indices[0].ndim:]:
                raise errors.InvalidArgumentError(
                    None, None, f"Need data[0].shape[{indices[0].ndim}:] = data[{k}].shape"
                                f"[{idx.ndim}:], got data[0].shape = {shape_str(data[0].shape)}"
                                f", data[{k}].shape = {shape_str(d.shape)}, indices[0].shape = "
                                f"{shape_str(indices[0].shape)}, indices[{k}].shape = "
                                f"{shape_str(idx.shape)}")
        extra = data[0].shape[indices[0].ndim:]
        merged = xp.zeros((max_index + 1,) + extra, dtype=data[0].dtype)
        for idx, d in zip(indices, data):
            flat = idx.reshape(-1)
            negative = flat < 0
            if negative.any():
                raise errors.InvalidArgumentError(
                    None, None, f"indices[{int(negative.argmax())}] is out of range")
            merged[flat] = d.reshape((flat.size,) + extra)
        return merged
    return dynamic_stitch_


def _dynamic_stitch_grad(op, grad):
    # Each data input gets the rows of the gradient its indices name.
    n = len(op.inputs) // 2
    if isinstance(grad, IndexedSlices):
        output_rows = array_ops.shape(op.outputs[0])[0]
        grad = math_ops.unsorted_segment_sum(grad.values, grad.indices, output_rows)
    return [None] * n + [array_ops.gather(grad, idx) for idx in op.inputs[:n]]


for _op_type in ("DynamicStitch", "ParallelDynamicStitch"):
    registry.register(_op_type, infer=_dynamic_stitch_infer, kernel=_dynamic_stitch_kernel,
                      grad=_dynamic_stitch_grad)


def _stitch(op_type: str, indices: Any, data: Any, name: str | None) -> Tensor:
    g = get_default_graph()
    with g.name_scope(name or op_type) as scope:
        indices = convert_n_to_tensor(list(indices), dtype=_dtypes.int32, name="indices")
        data = convert_n_to_tensor(list(data), name="data")
        if len(data) != len(indices):
            raise ValueError(f"List argument 'data' to '{op_type}' Op with length {len(data)} "
                             f"must match length {len(indices)} of argument 'indices'.")
        types = [d.dtype.base_dtype for d in data]
        if len(set(types)) > 1:
            raise TypeError(f"Tensors in list passed to 'data' of '{op_type}' Op have types "
                            f"[{', '.join(t.name for t in types)}] that don't all match.")
        return g.create_op(op_type, indices + data, {"N": len(indices), "T": types[0]},
                           name=scope).outputs[0]


def dynamic_stitch(indices: Any, data: Any, name: str | None = None) -> Tensor:
    """`tf.dynamic_stitch` (op DynamicStitch): a tensor whose row `indices[i][j]` is
    `data[i][j]`, later inputs winning; rows no index names are zeros."""
    return _stitch("DynamicStitch", indices, data, name)


def _parallel_dynamic_stitch(indices: Any, data: Any, name: str | None = None) -> Tensor:
    """data_flow_ops.parallel_dynamic_stitch (op ParallelDynamicStitch): `dynamic_stitch` as
    `embedding_lookup` and DynamicPartition's gradient build it."""
    return _stitch("ParallelDynamicStitch", indices, data, name)


# ---- crelu (a composite), LRN and LRNGrad

def crelu(features: Any, name: str | None = None, axis: int = -1) -> Tensor:
    """`tf.nn.crelu`: relu of `features` and of `-features` concatenated along `axis`: the
    ConcatV2 is named `CRelu` (or `name`), the Relu `CRelu/Relu`."""
    with name_scope(name, "CRelu", [features]) as name:
        features = convert_to_tensor(features, name="features")
        c = array_ops.concat([features, -features], axis, name=name)
        return relu(c)


_LRN_TYPES = ("float16", "bfloat16", "float32")


def _rank4_infer(op):
    x = op.inputs[0]
    if x.shape.ndims is not None and x.shape.ndims != 4:
        raise ValueError(f"Shape must be rank 4 but is rank {x.shape.ndims}")
    return [(x.dtype.base_dtype, x.shape if x.shape.ndims is not None else TensorShape(
        [None] * 4))]


def _lrn_norm(xp: Any, x: Any, attrs: dict) -> Any:
    """bias + alpha * (sum of squares over the depth window of radius depth_radius), in
    float64."""
    r = attrs["depth_radius"]
    squares = xp.square(x.astype(xp.float64))
    pad = [(0, 0)] * 3 + [(r + 1, r)]
    csum = xp.cumsum(xp.pad(squares, pad), axis=3)
    window = csum[..., 2 * r + 1:] - csum[..., :-2 * r - 1]
    return attrs["bias"] + attrs["alpha"] * window


def _lrn_kernel(ctx: registry.KernelContext):
    xp, attrs = ctx.xp, ctx.attrs

    def lrn_(x):
        if x.ndim != 4:
            raise errors.InvalidArgumentError(None, None, "in must be 4-dimensional")
        return (x / _lrn_norm(xp, x, attrs) ** attrs["beta"]).astype(x.dtype)
    return lrn_


def _lrn_grad_kernel(ctx: registry.KernelContext):
    """TF's LRNGrad: dx[k] = sum over j with k in j's window of
    dy[j] * (delta_jk * norm[j]^-beta - 2 alpha beta x[k] out[j] / norm[j])."""
    xp, attrs = ctx.xp, ctx.attrs
    r = attrs["depth_radius"]

    def window_sum(v):
        csum = xp.cumsum(xp.pad(v, [(0, 0)] * 3 + [(r + 1, r)]), axis=3)
        return csum[..., 2 * r + 1:] - csum[..., :-2 * r - 1]

    def lrn_grad_(dy, x, y):
        if dy.ndim != 4 or x.ndim != 4 or y.ndim != 4:
            raise errors.InvalidArgumentError(None, None, "inputs must be 4-dimensional")
        if not dy.shape == x.shape == y.shape:
            raise errors.InvalidArgumentError(
                None, None, "input_grads, input_image, and out_image should have the same "
                            "shape")
        norm = _lrn_norm(xp, x, attrs)
        g = dy.astype(xp.float64)
        direct = g * norm ** -attrs["beta"]
        cross = window_sum(g * y.astype(xp.float64) / norm)
        dx = direct - 2 * attrs["alpha"] * attrs["beta"] * x.astype(xp.float64) * cross
        return dx.astype(x.dtype)
    return lrn_grad_


def _lrn_attrs(op) -> dict:
    return {k: op.get_attr(k) for k in ("depth_radius", "bias", "alpha", "beta")}


def _lrn_grad(op, grad):
    return [lrn_grad(grad, op.inputs[0], op.outputs[0], **_lrn_attrs(op))]


def _lrn_grad_infer(op):
    dims = [t.shape for t in op.inputs]
    shape = TensorShape([None] * 4)
    for s in dims:
        if s.ndims is not None and s.ndims != 4:
            raise ValueError(f"Shape must be rank 4 but is rank {s.ndims}")
        shape = shape.merge_with(s)
    return [(op.inputs[0].dtype.base_dtype, shape)]


registry.register("LRN", infer=_rank4_infer, kernel=_lrn_kernel, grad=_lrn_grad)
# TF 1.15 registers no gradient for LRNGrad.
registry.register("LRNGrad", infer=_lrn_grad_infer, kernel=_lrn_grad_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)


def lrn(input: Any, depth_radius: int = 5, bias: float = 1.0, alpha: float = 1.0,
        beta: float = 0.5, name: str | None = None) -> Tensor:
    """`tf.nn.lrn` (`tf.nn.local_response_normalization`, op LRN): each entry of a 4-D
    `input` divided by (bias + alpha * sum of squares of its depth_radius neighbours on each
    side along the last axis) ** beta."""
    g = get_default_graph()
    with g.name_scope(name or "LRN") as scope:
        x = convert_to_tensor(input, name="input")
        check_dtype_allowed(x.dtype, "input", _LRN_TYPES)
        attrs = {"T": x.dtype.base_dtype, "depth_radius": int(depth_radius),
                 "bias": float(bias), "alpha": float(alpha), "beta": float(beta)}
        return g.create_op("LRN", [x], attrs, name=scope).outputs[0]


def lrn_grad(input_grads: Any, input_image: Any, output_image: Any, depth_radius: int = 5,
             bias: float = 1.0, alpha: float = 1.0, beta: float = 0.5,
             name: str | None = None) -> Tensor:
    """gen_nn_ops.lrn_grad (op LRNGrad): the gradient of LRN at `input_image`, whose output
    was `output_image`."""
    g = get_default_graph()
    with g.name_scope(name or "LRNGrad") as scope:
        dy = convert_to_tensor(input_grads, name="input_grads")
        check_dtype_allowed(dy.dtype, "input_grads", _LRN_TYPES)
        x = convert_to_tensor(input_image, dtype=dy.dtype, name="input_image")
        y = convert_to_tensor(output_image, dtype=dy.dtype, name="output_image")
        attrs = {"T": dy.dtype.base_dtype, "depth_radius": int(depth_radius),
                 "bias": float(bias), "alpha": float(alpha), "beta": float(beta)}
        return g.create_op("LRNGrad", [dy, x, y], attrs, name=scope).outputs[0]


local_response_normalization = lrn
NN_ALL += ["crelu", "lrn", "local_response_normalization"]
