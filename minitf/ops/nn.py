"""Neural-network ops: activations, softmax, bias_add, l2_loss (mirrors nn_ops.py, nn_impl.py).

All of them live under `tf.nn` only (`NN_ALL`); TF1 has none of them at the top level.
"""
from __future__ import annotations

import numbers
from typing import Any

from ..framework import errors, registry
from ..framework.convert import constant_value, convert_to_tensor
from ..framework.graph import Tensor, get_default_graph
from ..framework.tensor_shape import TensorShape, unknown_shape
from .common_shapes import (FLOAT_TYPES, NUMBER_TYPES, REAL_TYPES, check_dtype_allowed,
                            same_as_input, shape_str)

__all__: list[str] = []
NN_ALL = ["relu", "relu6", "elu", "softplus", "softmax", "log_softmax", "bias_add", "l2_loss"]

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


registry.register("Relu", infer=same_as_input, kernel=_relu_kernel)
registry.register("Relu6", infer=same_as_input, kernel=_relu6_kernel)
registry.register("Elu", infer=same_as_input, kernel=_elu_kernel)
registry.register("Softplus", infer=same_as_input, kernel=_softplus_kernel)


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


registry.register("Softmax", infer=_softmax_infer, kernel=_softmax_kernel)
registry.register("LogSoftmax", infer=_softmax_infer, kernel=_log_softmax_kernel)


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
    from .array import concat, range as range_, transpose
    perm = concat([range_(dim_index), [last_index], range_(dim_index + 1, last_index),
                   [dim_index]], 0)
    return transpose(x, perm, name=name)


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
    from .array import rank
    from .math import subtract
    ndims_t = rank(logits)  # TF builds the rank twice (Rank, Rank_1): the names follow
    dim = axis + ndims_t if axis < 0 else axis
    input_rank = rank(logits)
    dim_axis = dim % ndims
    swapped = _swap_axis(logits, dim_axis, subtract(input_rank, 1))
    out = g.create_op(op_type, [swapped], {"T": logits.dtype.base_dtype}, name=op_type).outputs[0]
    out = _swap_axis(out, dim_axis, subtract(input_rank, 1), name=name)
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


registry.register("BiasAdd", infer=_bias_add_infer, kernel=_bias_add_kernel)


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


# ---- L2Loss

def _l2_loss_infer(op):
    return [(op.inputs[0].dtype.base_dtype, TensorShape([]))]


def _l2_loss_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def l2_loss(t):
        return xp.square(t).sum() * 0.5
    return l2_loss


registry.register("L2Loss", infer=_l2_loss_infer, kernel=_l2_loss_kernel)


def l2_loss(t: Any, name: str | None = None) -> Tensor:
    """`tf.nn.l2_loss` (op L2Loss): sum(t ** 2) / 2, a scalar."""
    return _unary("L2Loss", t, name, "t", FLOAT_TYPES)
