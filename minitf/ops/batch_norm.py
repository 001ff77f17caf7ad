"""Batch normalization ops: FusedBatchNormV3 and its gradient FusedBatchNormGradV3, with TF
1.15's gradients (nn_grad.py), and the builders `tf.nn.fused_batch_norm` and
`tf.nn.batch_normalization` (nn_impl.py).

FusedBatchNormV3 normalizes each channel of a 4-D input. Training: by the batch's own mean and
(biased) variance, returning the batch mean and the *unbiased* (Bessel-corrected) variance, as
TF's kernel does; inference: by the given population mean and variance, which it returns as
they are. reserve_space_1/2 hold the mean and biased variance the gradient reuses;
reserve_space_3 is empty (TF's CPU kernel leaves it so).
"""
from __future__ import annotations

from typing import Any

from ..framework import registry
from ..framework.convert import constant, convert_to_tensor
from ..framework.graph import Tensor, get_default_graph, name_scope
from ..framework.tensor_shape import TensorShape
from . import array as array_ops
from . import math as math_ops
from .common_shapes import check_dtype_allowed

__all__: list[str] = []
NN_ALL = ["fused_batch_norm", "batch_normalization"]

_X_TYPES = ("float16", "bfloat16", "float32")


# ---- shared pieces

def _channels_last(xp: Any, nchw: bool):
    """(to NHWC, from NHWC) converters."""
    if not nchw:
        return (lambda a: a), (lambda a: a)
    return (lambda a: xp.transpose(a, (0, 2, 3, 1))), (lambda a: xp.transpose(a, (0, 3, 1, 2)))


def _vector_shape(t: Tensor, what: str, channels: Any) -> Any:
    """`t`'s one dimension merged with `channels` (ValueError when rank or size disagree)."""
    shape = t.shape
    if shape.ndims is not None and shape.ndims != 1:
        raise ValueError(f"Shape must be rank 1 but is rank {shape.ndims}")
    size = shape.dims[0].value if shape.ndims == 1 else None
    if size is not None and channels is not None and size != channels:
        raise ValueError(f"Dimensions must be equal, but are {channels} and {size}")
    return channels if channels is not None else size


def _channel_count(op, x_shape: TensorShape) -> Any:
    if x_shape.ndims is None:
        return None
    if x_shape.ndims != 4:
        raise ValueError(f"Shape must be rank 4 but is rank {x_shape.ndims}")
    axis = 1 if op.get_attr("data_format") == "NCHW" else 3
    return x_shape.dims[axis].value


# ---- FusedBatchNormV3

def _fused_infer(op):
    x, scale, offset, mean, variance = op.inputs
    channels = _channel_count(op, x.shape)
    channels = _vector_shape(scale, "scale", channels)
    channels = _vector_shape(offset, "offset", channels)
    if not op.get_attr("is_training"):
        channels = _vector_shape(mean, "mean", channels)
        channels = _vector_shape(variance, "variance", channels)
    x_shape = x.shape if x.shape.ndims is not None else TensorShape([None] * 4)
    if x.shape.ndims == 4 and channels is not None:
        dims = x_shape.as_list()
        dims[1 if op.get_attr("data_format") == "NCHW" else 3] = channels
        x_shape = TensorShape(dims)
    u = scale.dtype.base_dtype
    vector = TensorShape([channels])
    return [(x.dtype.base_dtype, x_shape)] + [(u, vector)] * 4 + [(u, TensorShape(None))]


def _fused_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    eps = ctx.attrs["epsilon"]
    training = ctx.attrs["is_training"]
    to_nhwc, from_nhwc = _channels_last(xp, ctx.attrs["data_format"] == "NCHW")

    def fused_batch_norm(x, scale, offset, mean, variance):
        xc = to_nhwc(x).astype(scale.dtype)
        if training:
            count = xc.size // xc.shape[-1]
            mean = xc.mean(axis=(0, 1, 2))
            biased = ((xc - mean) ** 2).mean(axis=(0, 1, 2))
            unbiased = biased * (count / max(count - 1, 1))
        else:
            biased = unbiased = variance
        inv = (1 / xp.sqrt(biased + eps)).astype(scale.dtype)
        y = ((xc - mean) * (inv * scale) + offset).astype(x.dtype)
        return (from_nhwc(y), mean.astype(scale.dtype), unbiased.astype(scale.dtype),
                mean.astype(scale.dtype), biased.astype(scale.dtype),
                xp.zeros((0,), scale.dtype))
    return fused_batch_norm


def _fused_grad(op, dy, *_):
    eps = op.get_attr("epsilon")
    data_format = op.get_attr("data_format")
    training = op.get_attr("is_training")
    x, scale = op.inputs[0], op.inputs[1]
    if training:
        dx, dscale, doffset, _, _ = fused_batch_norm_grad_v3(
            dy, x, scale, op.outputs[3], op.outputs[4], op.outputs[5], epsilon=eps,
            data_format=data_format, is_training=True)
        return [dx, dscale, doffset, None, None]
    # inference: TF computes in NHWC, transposing around the gradient op
    nchw = data_format == "NCHW"
    if nchw:
        x = array_ops.transpose(x, [0, 2, 3, 1])
        dy = array_ops.transpose(dy, [0, 2, 3, 1])
    dx, dscale, doffset, _, _ = fused_batch_norm_grad_v3(
        dy, x, scale, op.inputs[3], op.inputs[4], op.outputs[5], epsilon=eps,
        data_format="NHWC", is_training=False)
    if nchw:
        dx = array_ops.transpose(dx, [0, 3, 1, 2])
    return [dx, dscale, doffset, None, None]


registry.register("FusedBatchNormV3", infer=_fused_infer, kernel=_fused_kernel,
                  grad=_fused_grad)


# ---- FusedBatchNormGradV3

def _fused_grad_infer(op):
    dy, x, scale = op.inputs[0], op.inputs[1], op.inputs[2]
    channels = _channel_count(op, x.shape)
    channels = _vector_shape(scale, "scale", channels)
    x_shape = x.shape.merge_with(dy.shape) if x.shape.ndims is not None else dy.shape
    u = scale.dtype.base_dtype
    return [(x.dtype.base_dtype, x_shape), (u, TensorShape([channels])),
            (u, TensorShape([channels])), (u, TensorShape([0])), (u, TensorShape([0]))]


def _fused_grad_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    eps = ctx.attrs["epsilon"]
    training = ctx.attrs["is_training"]
    to_nhwc, from_nhwc = _channels_last(xp, ctx.attrs["data_format"] == "NCHW")

    def fused_batch_norm_grad(dy, x, scale, mean, variance, _reserve):
        g = to_nhwc(dy).astype(scale.dtype)
        centered = to_nhwc(x).astype(scale.dtype) - mean
        inv = 1 / xp.sqrt(variance + eps)
        dscale = (g * centered).sum(axis=(0, 1, 2)) * inv
        doffset = g.sum(axis=(0, 1, 2))
        if training:
            # the batch statistics depend on x too: remove the mean and the projection on x
            mean_g = g.mean(axis=(0, 1, 2))
            mean_gx = (g * centered).mean(axis=(0, 1, 2))
            dx = scale * inv * (g - mean_g - centered * (mean_gx / (variance + eps)))
        else:
            dx = g * (scale * inv)
        empty = xp.zeros((0,), scale.dtype)
        return (from_nhwc(dx.astype(dy.dtype)), dscale.astype(scale.dtype),
                doffset.astype(scale.dtype), empty, empty)
    return fused_batch_norm_grad


def _batch_norm_grad_graph(dy: Tensor, x: Tensor, scale: Tensor, mean: Tensor,
                           variance: Tensor, eps: float, nchw: bool, training: bool) -> tuple:
    """FusedBatchNormGradV3's three results written with differentiable ops (TF's
    `_BatchNormGrad`), to take the gradient's gradient from."""
    axes = [0, 2, 3] if nchw else [0, 1, 2]

    def channel(v: Tensor) -> Tensor:
        return array_ops.reshape(v, [1, -1, 1, 1]) if nchw else v
    doffset = math_ops.reduce_sum(dy, axes)
    if training:
        batch_mean = math_ops.reduce_mean(x, axes, keepdims=True)
        var = math_ops.reduce_mean(math_ops.squared_difference(
            x, array_ops.stop_gradient(batch_mean)), axes, keepdims=True)
        centered = x - batch_mean
        inv = math_ops.rsqrt(var + eps)
        dy_centered = dy - math_ops.reduce_mean(dy, axes, keepdims=True)
        proj = math_ops.reduce_mean(dy * centered, axes, keepdims=True)
        dx = channel(scale) * inv * (dy_centered - math_ops.reciprocal(var + eps) * proj *
                                     centered)
        dscale = array_ops.reshape(inv, [-1]) * math_ops.reduce_sum(dy * centered, axes)
        return dx, dscale, doffset
    inv = math_ops.rsqrt(channel(variance) + eps)
    dscale = math_ops.reduce_sum(dy * (x - channel(mean)) * inv, axes)
    return dy * channel(scale) * inv, dscale, doffset


def _fused_grad_grad(op, ddx, ddscale, ddoffset, *_):
    from ..autodiff import gradients as autodiff  # noqa: PLC0415 - autodiff builds on ops
    dy, x, scale, mean, variance = op.inputs[:5]
    results = _batch_norm_grad_graph(dy, x, scale, mean, variance, op.get_attr("epsilon"),
                                     op.get_attr("data_format") == "NCHW",
                                     op.get_attr("is_training"))
    # Partial derivatives, as TF's GradientTape over `_BatchNormGrad` takes them: where dy (or
    # the statistics) was itself computed from x, a plain walk would follow that path back to x
    # and count it twice.
    grads = autodiff.gradients(list(results), [dy, x, scale], [ddx, ddscale, ddoffset],
                               stop_gradients=list(op.inputs[:5]))
    return grads + [None, None, None]


registry.register("FusedBatchNormGradV3", infer=_fused_grad_infer, kernel=_fused_grad_kernel,
                  grad=_fused_grad_grad)


# ---- builders

def fused_batch_norm_grad_v3(y_backprop: Any, x: Any, scale: Any, reserve_space_1: Any,
                             reserve_space_2: Any, reserve_space_3: Any,
                             epsilon: float = 1e-4, data_format: str = "NHWC",
                             is_training: bool = True, name: str | None = None) -> tuple:
    """gen_nn_ops.fused_batch_norm_grad_v3 (op FusedBatchNormGradV3): the gradients of
    FusedBatchNormV3 for x, scale and offset (and two empty reserve outputs)."""
    g = get_default_graph()
    with g.name_scope(name or "FusedBatchNormGradV3") as scope:
        dy = convert_to_tensor(y_backprop, name="y_backprop")
        x = convert_to_tensor(x, dtype=dy.dtype, name="x")
        scale = convert_to_tensor(scale, name="scale")
        rest = [convert_to_tensor(r, dtype=scale.dtype, name=f"reserve_space_{i}")
                for i, r in enumerate((reserve_space_1, reserve_space_2, reserve_space_3), 1)]
        attrs = {"T": dy.dtype.base_dtype, "U": scale.dtype.base_dtype,
                 "epsilon": float(epsilon), "data_format": data_format,
                 "is_training": bool(is_training)}
        return tuple(g.create_op("FusedBatchNormGradV3", [dy, x, scale] + rest, attrs,
                                 name=scope).outputs)


def fused_batch_norm(x: Any, scale: Any, offset: Any, mean: Any = None, variance: Any = None,
                     epsilon: float = 0.001, data_format: str = "NHWC", is_training: bool = True,
                     name: str | None = None) -> tuple:
    """`tf.nn.fused_batch_norm` (op FusedBatchNormV3): (y, batch mean, batch variance) of a
    4-D `x`, per channel. Training takes no mean or variance and returns the unbiased batch
    variance; inference normalizes by `mean` and `variance`. `epsilon` is raised to 1.001e-5
    at least (cuDNN's minimum, kept on every device as TF does)."""
    x = convert_to_tensor(x, name="input")
    scale = convert_to_tensor(scale, name="scale")
    offset = convert_to_tensor(offset, name="offset")
    if is_training and (mean is not None or variance is not None):
        raise ValueError("Both 'mean' and 'variance' must be None if is_training is True.")
    if mean is None:
        mean = constant([])
    if variance is None:
        variance = constant([])
    epsilon = max(epsilon, 1.001e-5)
    if data_format not in ("NHWC", "NCHW"):
        raise ValueError(f"Value for attr 'data_format' of \"{data_format}\" is not in the "
                         f"list of allowed values: \"NHWC\", \"NCHW\"")
    g = get_default_graph()
    with g.name_scope(name or "FusedBatchNormV3") as scope:
        check_dtype_allowed(x.dtype, "x", _X_TYPES)
        check_dtype_allowed(scale.dtype, "scale", ("float32",))
        offset = convert_to_tensor(offset, dtype=scale.dtype)
        mean = convert_to_tensor(mean, dtype=scale.dtype)
        variance = convert_to_tensor(variance, dtype=scale.dtype)
        attrs = {"T": x.dtype.base_dtype, "U": scale.dtype.base_dtype, "epsilon": float(epsilon),
                 "data_format": data_format, "is_training": bool(is_training)}
        outputs = g.create_op("FusedBatchNormV3", [x, scale, offset, mean, variance], attrs,
                              name=scope).outputs
    return outputs[0], outputs[1], outputs[2]


def batch_normalization(x: Any, mean: Any, variance: Any, offset: Any, scale: Any,
                        variance_epsilon: Any, name: str | None = None) -> Tensor:
    """`tf.nn.batch_normalization`: `(x - mean) * scale / sqrt(variance + eps) + offset`, in
    scope `batchnorm`, arranged as TF arranges it (one multiply of x, the rest folded into a
    per-channel shift); `offset` and `scale` may be None."""
    with name_scope(name, "batchnorm", [x, mean, variance, scale, offset]):
        inv = math_ops.rsqrt(variance + variance_epsilon)
        if scale is not None:
            inv *= scale
        x = convert_to_tensor(x)
        scaled = x * array_ops.cast(inv, x.dtype)
        shift = offset - mean * inv if offset is not None else -mean * inv
        return scaled + array_ops.cast(shift, x.dtype)

