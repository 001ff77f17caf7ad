"""Image ops and `tf.image`'s functions (python/ops/image_ops_impl.py): ResizeBilinear
(ResizeBilinearGrad), ResizeNearestNeighbor (ResizeNearestNeighborGrad), AdjustContrastv2,
RGBToHSV, HSVToRGB and CropAndResize (CropAndResizeGradImage, CropAndResizeGradBoxes), with
TF 1.15's shape functions (core/ops/image_ops.cc), kernels (core/kernels/resize_*_op.cc,
adjust_contrast_op.cc, colorspace_op.h, crop_and_resize_op.cc) and gradients
(python/ops/image_grad.py); then the functions built from ops (crops, pads, flips, dtype
conversion, ...). minitf/image.py re-exports them as `tf.image`.

A resize maps each output row (column) `i` to input coordinates: `i * scale` (legacy) or
`(i + 0.5) * scale - 0.5` (half-pixel centers; nearest neighbour drops the `- 0.5`), where
`scale` is `in / out`, or `(in - 1) / (out - 1)` with `align_corners` and `out > 1`.
"""
from __future__ import annotations

from typing import Any

from ..framework import dtypes as _dtypes
from ..framework import errors, registry
from ..framework.convert import (constant, constant_value, constant_value_as_shape,
                                 convert_to_tensor)
from ..framework.graph import Tensor, get_default_graph
from ..framework.tensor_shape import TensorShape
from . import array as array_ops
from . import conv as conv_ops
from . import control_flow, logging_ops
from . import linalg as linalg_ops
from . import math as math_ops
from . import nn as nn_ops
from . import random as random_ops
from .common_shapes import check_dtype_allowed, deprecated_argument, shape_str

__all__: list[str] = []

_RESIZE_TYPES = ("int8", "uint8", "int16", "uint16", "int32", "int64", "bfloat16", "float16",
                 "float32", "float64")
_GRAD_TYPES = ("float32", "bfloat16", "float16", "float64")
_CONTRAST_TYPES = ("float16", "float32")
_FLOAT_TYPES = ("float16", "bfloat16", "float32", "float64")


# ---- shared pieces

def _rank(shape: TensorShape, rank: int) -> None:
    if shape.ndims is not None and shape.ndims != rank:
        raise ValueError(f"Shape must be rank {rank} but is rank {shape.ndims}")


def _size_dims(size: Tensor) -> list:
    """The [height, width] a size input spells out statically (None where unknown)."""
    _rank(size.shape, 1)
    if size.shape.ndims == 1 and size.shape.dims[0].value not in (None, 2):
        raise ValueError(f"Dimension must be 2 but is {size.shape.dims[0].value}")
    value = constant_value(size)
    if value is None:
        return [None, None]
    dims = [int(v) for v in value.tolist()]
    if any(d < 0 for d in dims):
        raise ValueError(f"Dimension {min(dims)} must be >= 0")
    return dims


def _resize_infer_dims(images: Tensor, size: Tensor) -> TensorShape:
    _rank(images.shape, 4)
    h, w = _size_dims(size)
    if images.shape.ndims is None:
        return TensorShape([None, h, w, None])
    dims = images.shape.as_list()
    return TensorShape([dims[0], h, w, dims[3]])


def _scale(in_size: int, out_size: int, align_corners: bool) -> float:
    if align_corners and out_size > 1:
        return (in_size - 1) / (out_size - 1)
    return in_size / out_size


def _check_resize_attrs(attrs: dict) -> None:
    if attrs["half_pixel_centers"] and attrs["align_corners"]:
        raise errors.InvalidArgumentError(
            None, None, "If half_pixel_centers is True, align_corners must be False.")


def _run_size(images: Any, size: Any) -> tuple[int, int]:
    if images.ndim != 4:
        raise errors.InvalidArgumentError(
            None, None, f"input must be 4-dimensional{shape_str(images.shape)}")
    if size.ndim != 1 or size.shape[0] != 2:
        raise errors.InvalidArgumentError(
            None, None, f"shape_t must have two elements{shape_str(size.shape)}")
    h, w = (int(v) for v in size.tolist())
    if h <= 0 or w <= 0:
        raise errors.InvalidArgumentError(None, None, "output dimensions must be positive")
    return h, w


def _linear_weights(xp: Any, in_size: int, out_size: int, align_corners: bool,
                    half_pixel: bool):
    """Per output index: the lower and upper input indices and the upper one's weight."""
    scale = _scale(in_size, out_size, align_corners)
    pos = xp.arange(out_size, dtype=xp.float64)
    pos = (pos + 0.5) * scale - 0.5 if half_pixel else pos * scale
    floor = xp.floor(pos)
    lower = xp.maximum(floor, 0).astype(xp.int64)
    upper = xp.minimum(xp.ceil(pos), in_size - 1).astype(xp.int64)
    return lower, upper, (pos - floor).astype(xp.float32)


def _nearest_index(xp: Any, in_size: int, out_size: int, align_corners: bool,
                   half_pixel: bool):
    """Per output index, the input index it reads (roundf rounds halves away from zero)."""
    scale = _scale(in_size, out_size, align_corners)
    pos = xp.arange(out_size, dtype=xp.float64)
    pos = (pos + 0.5) * scale if half_pixel else pos * scale
    pos = xp.floor(pos + 0.5) if align_corners else xp.floor(pos)
    index = xp.minimum(pos, in_size - 1)
    if half_pixel:
        index = xp.maximum(index, 0)
    return index.astype(xp.int64)


def _resize_attrs(op) -> dict:
    return {"align_corners": op.get_attr("align_corners"),
            "half_pixel_centers": op.get_attr("half_pixel_centers")}


# ---- ResizeBilinear, ResizeBilinearGrad

def _resize_bilinear_infer(op):
    return [(_dtypes.float32, _resize_infer_dims(*op.inputs))]


def _resize_bilinear_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    _check_resize_attrs(ctx.attrs)
    align, half = ctx.attrs["align_corners"], ctx.attrs["half_pixel_centers"]

    def resize_bilinear(images, size):
        oh, ow = _run_size(images, size)
        x = images.astype(xp.float32)
        top, bottom, ly = _linear_weights(xp, images.shape[1], oh, align, half)
        left, right, lx = _linear_weights(xp, images.shape[2], ow, align, half)
        ly, lx = ly[:, None, None], lx[:, None]
        up, down = x[:, top], x[:, bottom]
        t = up[:, :, left] + (up[:, :, right] - up[:, :, left]) * lx
        b = down[:, :, left] + (down[:, :, right] - down[:, :, left]) * lx
        return (t + (b - t) * ly).astype(xp.float32)
    return resize_bilinear


def _resize_bilinear_grad_infer(op):
    grads, original = op.inputs
    _rank(grads.shape, 4)
    _rank(original.shape, 4)
    return [(original.dtype.base_dtype, original.shape)]


def _scatter_rows(xp: Any, g: Any, index: Any, size: int, axis: int) -> Any:
    """The sum of `g`'s slices along `axis` into `size` slots at `index` (adjoint of take)."""
    shape = list(g.shape)
    shape[axis] = size
    out = xp.zeros(shape, g.dtype)
    moved = xp.moveaxis(out, axis, 0)
    xp.add.at(moved, index, xp.moveaxis(g, axis, 0))
    return out


def _resize_bilinear_grad_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    _check_resize_attrs(ctx.attrs)
    align, half = ctx.attrs["align_corners"], ctx.attrs["half_pixel_centers"]

    def resize_bilinear_grad(grads, original):
        if grads.ndim != 4:
            raise errors.InvalidArgumentError(
                None, None, f"input_grad must be 4-dimensional{shape_str(grads.shape)}")
        if original.ndim != 4:
            raise errors.InvalidArgumentError(
                None, None, f"original_image must be 4-dimensional"
                            f"{shape_str(original.shape)}")
        if grads.shape[0] != original.shape[0] or grads.shape[3] != original.shape[3]:
            raise errors.InvalidArgumentError(
                None, None, "input_grad and original_image must have the same batch size "
                            "and depth")
        ih, iw = original.shape[1], original.shape[2]
        oh, ow = grads.shape[1], grads.shape[2]
        g = grads.astype(xp.float64)
        top, bottom, ly = _linear_weights(xp, ih, oh, align, half)
        left, right, lx = _linear_weights(xp, iw, ow, align, half)
        ly = ly.astype(xp.float64)[:, None, None]
        lx = lx.astype(xp.float64)[:, None]
        rows = (_scatter_rows(xp, g * (1 - ly), top, ih, 1)
                + _scatter_rows(xp, g * ly, bottom, ih, 1))
        out = (_scatter_rows(xp, rows * (1 - lx), left, iw, 2)
               + _scatter_rows(xp, rows * lx, right, iw, 2))
        return out.astype(original.dtype)
    return resize_bilinear_grad


def _resize_bilinear_grad(op, grad):
    if op.inputs[0].dtype.base_dtype not in (_dtypes.float32, _dtypes.float64):
        return [None, None]
    return [resize_bilinear_grad(grad, op.inputs[0], **_resize_attrs(op)), None]


registry.register("ResizeBilinear", infer=_resize_bilinear_infer,
                  kernel=_resize_bilinear_kernel, grad=_resize_bilinear_grad)
registry.register("ResizeBilinearGrad", infer=_resize_bilinear_grad_infer,
                  kernel=_resize_bilinear_grad_kernel, grad=registry.NOT_DIFFERENTIABLE)


def _resize_op(op_type: str, images: Any, size: Any, align_corners: bool,
               half_pixel_centers: bool, name: str | None) -> Tensor:
    g = get_default_graph()
    with g.name_scope(name or op_type) as scope:
        images = convert_to_tensor(images, name="images")
        check_dtype_allowed(images.dtype, "images", _RESIZE_TYPES)
        size = convert_to_tensor(size, dtype=_dtypes.int32, name="size")
        attrs = {"T": images.dtype.base_dtype, "align_corners": bool(align_corners),
                 "half_pixel_centers": bool(half_pixel_centers)}
        return g.create_op(op_type, [images, size], attrs, name=scope).outputs[0]


def resize_bilinear(images: Any, size: Any, align_corners: bool = False,
                    name: str | None = None, half_pixel_centers: bool = False) -> Tensor:
    """`tf.image.resize_bilinear` (op ResizeBilinear): `images` `[batch, h, w, c]` resized to
    `size` (`[new_h, new_w]`) by bilinear interpolation; always float32."""
    return _resize_op("ResizeBilinear", images, size, align_corners, half_pixel_centers, name)


def resize_bilinear_grad(grads: Any, original_image: Any, align_corners: bool = False,
                         half_pixel_centers: bool = False, name: str | None = None) -> Tensor:
    """gen_image_ops.resize_bilinear_grad (op ResizeBilinearGrad): the gradient of
    ResizeBilinear (float32 `grads`) with respect to its input, shaped and typed as
    `original_image`."""
    g = get_default_graph()
    with g.name_scope(name or "ResizeBilinearGrad") as scope:
        grads = convert_to_tensor(grads, dtype=_dtypes.float32, name="grads")
        original = convert_to_tensor(original_image, name="original_image")
        check_dtype_allowed(original.dtype, "original_image", _GRAD_TYPES)
        attrs = {"T": original.dtype.base_dtype, "align_corners": bool(align_corners),
                 "half_pixel_centers": bool(half_pixel_centers)}
        return g.create_op("ResizeBilinearGrad", [grads, original], attrs,
                           name=scope).outputs[0]


# ---- ResizeNearestNeighbor, ResizeNearestNeighborGrad

def _resize_nearest_infer(op):
    return [(op.inputs[0].dtype.base_dtype, _resize_infer_dims(*op.inputs))]


def _resize_nearest_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    _check_resize_attrs(ctx.attrs)
    align, half = ctx.attrs["align_corners"], ctx.attrs["half_pixel_centers"]

    def resize_nearest_neighbor(images, size):
        oh, ow = _run_size(images, size)
        rows = _nearest_index(xp, images.shape[1], oh, align, half)
        cols = _nearest_index(xp, images.shape[2], ow, align, half)
        return xp.ascontiguousarray(images[:, rows][:, :, cols])
    return resize_nearest_neighbor


def _resize_nearest_grad_infer(op):
    grads, size = op.inputs
    return [(grads.dtype.base_dtype, _resize_infer_dims(grads, size))]


def _resize_nearest_grad_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    _check_resize_attrs(ctx.attrs)
    align, half = ctx.attrs["align_corners"], ctx.attrs["half_pixel_centers"]

    def resize_nearest_neighbor_grad(grads, size):
        if grads.ndim != 4:
            raise errors.InvalidArgumentError(
                None, None, f"input must be 4-dimensional{shape_str(grads.shape)}")
        if size.ndim != 1 or size.shape[0] != 2:
            raise errors.InvalidArgumentError(
                None, None, f"shape_t must be 1-dimensional{shape_str(size.shape)}")
        h, w = (int(v) for v in size.tolist())
        rows = _nearest_index(xp, h, grads.shape[1], align, half)
        cols = _nearest_index(xp, w, grads.shape[2], align, half)
        return _scatter_rows(xp, _scatter_rows(xp, grads, rows, h, 1), cols, w, 2)
    return resize_nearest_neighbor_grad


def _resize_nearest_grad(op, grad):
    shape = op.inputs[0].shape
    if shape.ndims == 4 and shape[1:3].is_fully_defined():
        size = shape[1:3].as_list()
    else:
        size = array_ops.shape(op.inputs[0])[1:3]
    return [resize_nearest_neighbor_grad(grad, size, **_resize_attrs(op)), None]


registry.register("ResizeNearestNeighbor", infer=_resize_nearest_infer,
                  kernel=_resize_nearest_kernel, grad=_resize_nearest_grad)
registry.register("ResizeNearestNeighborGrad", infer=_resize_nearest_grad_infer,
                  kernel=_resize_nearest_grad_kernel, grad=registry.NOT_DIFFERENTIABLE)


def resize_nearest_neighbor(images: Any, size: Any, align_corners: bool = False,
                            name: str | None = None,
                            half_pixel_centers: bool = False) -> Tensor:
    """`tf.image.resize_nearest_neighbor` (op ResizeNearestNeighbor): `images`
    `[batch, h, w, c]` resized to `size` by nearest-neighbour sampling, dtype kept."""
    return _resize_op("ResizeNearestNeighbor", images, size, align_corners, half_pixel_centers,
                      name)


def resize_nearest_neighbor_grad(grads: Any, size: Any, align_corners: bool = False,
                                 half_pixel_centers: bool = False,
                                 name: str | None = None) -> Tensor:
    """gen_image_ops.resize_nearest_neighbor_grad (op ResizeNearestNeighborGrad): `grads`
    summed back onto the `size` (`[h, w]`) pixels they were read from."""
    g = get_default_graph()
    with g.name_scope(name or "ResizeNearestNeighborGrad") as scope:
        grads = convert_to_tensor(grads, name="grads")
        check_dtype_allowed(grads.dtype, "grads", ("uint8", "int8", "int32", "float16",
                                                    "float32", "float64", "bfloat16"))
        size = convert_to_tensor(size, dtype=_dtypes.int32, name="size")
        attrs = {"T": grads.dtype.base_dtype, "align_corners": bool(align_corners),
                 "half_pixel_centers": bool(half_pixel_centers)}
        return g.create_op("ResizeNearestNeighborGrad", [grads, size], attrs,
                           name=scope).outputs[0]


# ---- AdjustContrastv2

def _adjust_contrast_infer(op):
    images, factor = op.inputs
    if images.shape.ndims is not None and images.shape.ndims < 3:
        raise ValueError(f"Shape must be at least rank 3 but is rank {images.shape.ndims}")
    _rank(factor.shape, 0)
    return [(images.dtype.base_dtype, images.shape)]


def _adjust_contrast_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def adjust_contrastv2(images, factor):
        if images.ndim < 3:
            raise errors.InvalidArgumentError(
                None, None, f"input must be at least 3-D, got shape{shape_str(images.shape)}")
        if factor.ndim != 0:
            raise errors.InvalidArgumentError(
                None, None, f"contrast_factor must be scalar: {shape_str(factor.shape)}")
        x = images.astype(xp.float32)
        mean = x.mean(axis=(-3, -2), keepdims=True, dtype=xp.float32)
        return ((x - mean) * xp.float32(factor) + mean).astype(images.dtype)
    return adjust_contrastv2


# TF 1.15 registers no gradient: tf.gradients through it is a LookupError
registry.register("AdjustContrastv2", infer=_adjust_contrast_infer,
                  kernel=_adjust_contrast_kernel)


def adjust_contrastv2(images: Any, contrast_factor: Any, name: str | None = None) -> Tensor:
    """gen_image_ops.adjust_contrastv2 (op AdjustContrastv2): each channel of each image
    moved away from (or towards) its mean over height and width by `contrast_factor`."""
    g = get_default_graph()
    with g.name_scope(name or "AdjustContrastv2") as scope:
        images = convert_to_tensor(images, name="images")
        check_dtype_allowed(images.dtype, "images", _CONTRAST_TYPES)
        factor = convert_to_tensor(contrast_factor, dtype=_dtypes.float32,
                                   name="contrast_factor")
        return g.create_op("AdjustContrastv2", [images, factor],
                           {"T": images.dtype.base_dtype}, name=scope).outputs[0]


# ---- RGBToHSV, HSVToRGB

def _color_infer(op):
    images = op.inputs[0]
    shape = images.shape
    if shape.ndims is not None:
        if shape.ndims < 1:
            raise ValueError(f"Shape must be at least rank 1 but is rank {shape.ndims}")
        last = shape.dims[-1].value
        if last is not None and last != 3:
            raise ValueError(f"Dimension must be 3 but is {last}")
        shape = TensorShape(shape.as_list()[:-1] + [3])
    return [(images.dtype.base_dtype, shape)]


def _check_channels(images: Any) -> None:
    if images.ndim < 1:
        raise errors.InvalidArgumentError(
            None, None, f"input must be at least 1D{shape_str(images.shape)}")
    if images.shape[-1] != 3:
        raise errors.InvalidArgumentError(
            None, None, f"input must have 3 channels but input only has "
                        f"{images.shape[-1]} channels.")


def _rgb_to_hsv_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def rgb_to_hsv(images):
        _check_channels(images)
        r, g, b = images[..., 0], images[..., 1], images[..., 2]
        value = xp.maximum(xp.maximum(r, g), b)
        spread = value - xp.minimum(xp.minimum(r, g), b)
        saturation = xp.where(value > 0, spread / xp.where(value > 0, value, 1), 0)
        norm = 1 / (6 * xp.where(spread > 0, spread, 1))
        hue = xp.where(r == value, norm * (g - b),
                       xp.where(g == value, norm * (b - r) + 2 / 6, norm * (r - g) + 4 / 6))
        hue = xp.where(spread > 0, hue, 0)
        hue = xp.where(hue < 0, hue + 1, hue)
        return xp.stack([hue, saturation, value], axis=-1).astype(images.dtype)
    return rgb_to_hsv


def _hsv_to_rgb_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def hsv_to_rgb(images):
        _check_channels(images)
        h, s, v = images[..., 0], images[..., 1], images[..., 2]
        c = s * v
        m = v - c
        dh = h * 6
        category = xp.floor(dh)
        x = c * (1 - xp.abs(xp.mod(dh, 2) - 1))
        zero = xp.zeros_like(c)
        # (r, g, b) per hue sextant 0..5; a hue outside [0, 1) gives (c, 0, 0), as TF's
        table = [(c, x, zero), (x, c, zero), (zero, c, x), (zero, x, c), (x, zero, c),
                 (c, zero, x)]
        conditions = [category == i for i in range(6)]
        channels = [xp.select(conditions, [row[k] for row in table], (c, zero, zero)[k]) + m
                    for k in range(3)]
        return xp.stack(channels, axis=-1).astype(images.dtype)
    return hsv_to_rgb


registry.register("RGBToHSV", infer=_color_infer, kernel=_rgb_to_hsv_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)
registry.register("HSVToRGB", infer=_color_infer, kernel=_hsv_to_rgb_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)


def _color_op(op_type: str, images: Any, name: str | None) -> Tensor:
    g = get_default_graph()
    with g.name_scope(name or op_type) as scope:
        images = convert_to_tensor(images, name="images")
        check_dtype_allowed(images.dtype, "images", _FLOAT_TYPES)
        return g.create_op(op_type, [images], {"T": images.dtype.base_dtype},
                           name=scope).outputs[0]


def rgb_to_hsv(images: Any, name: str | None = None) -> Tensor:
    """`tf.image.rgb_to_hsv` (op RGBToHSV): the last axis (RGB in [0, 1]) as hue,
    saturation and value, each in [0, 1]."""
    return _color_op("RGBToHSV", images, name)


def hsv_to_rgb(images: Any, name: str | None = None) -> Tensor:
    """`tf.image.hsv_to_rgb` (op HSVToRGB): the last axis (hue, saturation, value in
    [0, 1]) as RGB."""
    return _color_op("HSVToRGB", images, name)


__all__ += ["rgb_to_hsv", "hsv_to_rgb"]


# ---- CropAndResize, CropAndResizeGradImage, CropAndResizeGradBoxes

def _crop_infer(op):
    image, boxes, box_ind, crop_size = op.inputs
    _rank(image.shape, 4)
    _rank(boxes.shape, 2)
    _rank(box_ind.shape, 1)
    n = boxes.shape.dims[0].value if boxes.shape.ndims == 2 else None
    if boxes.shape.ndims == 2 and boxes.shape.dims[1].value not in (None, 4):
        raise ValueError(f"Dimension must be 4 but is {boxes.shape.dims[1].value}")
    if box_ind.shape.ndims == 1:
        m = box_ind.shape.dims[0].value
        if n is not None and m is not None and n != m:
            raise ValueError(f"Dimensions must be equal, but are {n} and {m}")
        n = m if n is None else n
    h, w = _size_dims(crop_size)
    depth = image.shape.dims[3].value if image.shape.ndims == 4 else None
    return [(_dtypes.float32, TensorShape([n, h, w, depth]))]


def _crop_points(xp: Any, lo: Any, hi: Any, in_size: int, crop: int):
    """Per box and crop index: the input coordinate (`[n, crop]`) TF samples, in float32
    as TF computes it (a box edge on a pixel row samples exactly that row)."""
    f32 = xp.float32
    steps = xp.arange(crop, dtype=f32)
    if crop > 1:
        scale = (hi - lo) * f32(in_size - 1) / f32(crop - 1)
        return lo[:, None] * f32(in_size - 1) + steps[None, :] * scale[:, None]
    mid = (0.5 * (lo.astype(xp.float64) + hi) * (in_size - 1)).astype(f32)
    return xp.broadcast_to(mid[:, None], (lo.shape[0], crop))


class _CropGeometry:
    """The sample points of a CropAndResize: coordinates, neighbours, weights, validity."""

    def __init__(self, xp: Any, boxes: Any, box_ind: Any, image_shape: tuple,
                 crop: tuple[int, int]):
        batch, ih, iw = image_shape[:3]
        if boxes.ndim != 2 or boxes.shape[1] != 4:
            raise errors.InvalidArgumentError(
                None, None, f"boxes must be 2-D{shape_str(boxes.shape)}")
        if box_ind.ndim != 1 or box_ind.shape[0] != boxes.shape[0]:
            raise errors.InvalidArgumentError(
                None, None, f"box_index has incompatible shape{shape_str(box_ind.shape)}")
        if box_ind.size and (box_ind.min() < 0 or box_ind.max() >= batch):
            raise errors.InvalidArgumentError(
                None, None, "box_index has values outside [0, batch_size)")
        b = boxes.astype(xp.float32)
        self.in_y = _crop_points(xp, b[:, 0], b[:, 2], ih, crop[0])
        self.in_x = _crop_points(xp, b[:, 1], b[:, 3], iw, crop[1])
        self.valid_y = (self.in_y >= 0) & (self.in_y <= ih - 1)
        self.valid_x = (self.in_x >= 0) & (self.in_x <= iw - 1)
        cy = xp.clip(self.in_y, 0, ih - 1)
        cx = xp.clip(self.in_x, 0, iw - 1)
        self.top, self.bottom = xp.floor(cy).astype(xp.int64), xp.ceil(cy).astype(xp.int64)
        self.left, self.right = xp.floor(cx).astype(xp.int64), xp.ceil(cx).astype(xp.int64)
        self.ly = (cy - xp.floor(cy)).astype(xp.float64)
        self.lx = (cx - xp.floor(cx)).astype(xp.float64)
        self.near_y = xp.floor(cy + 0.5).astype(xp.int64)
        self.near_x = xp.floor(cx + 0.5).astype(xp.int64)
        self.ind = box_ind.astype(xp.int64)
        self.mask = (self.valid_y[:, :, None] & self.valid_x[:, None, :])[..., None]

    def gather(self, image: Any, rows: Any, cols: Any) -> Any:
        """`image[ind[n], rows[n, i], cols[n, j]]` as `[n, crop_h, crop_w, depth]`."""
        return image[self.ind[:, None, None], rows[:, :, None], cols[:, None, :]]


def _crop_size(crop_size: Any) -> tuple[int, int]:
    if crop_size.ndim != 1 or crop_size.shape[0] != 2:
        raise errors.InvalidArgumentError(
            None, None, f"crop_size must be a 1-D tensor of length 2{shape_str(crop_size.shape)}")
    h, w = (int(v) for v in crop_size.tolist())
    if h <= 0 or w <= 0:
        raise errors.InvalidArgumentError(None, None, "crop dimensions must be positive")
    return h, w


def _crop_and_resize_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    bilinear = ctx.attrs["method"] == "bilinear"
    extrapolation = ctx.attrs["extrapolation_value"]

    def crop_and_resize(image, boxes, box_ind, crop_size):
        if image.ndim != 4:
            raise errors.InvalidArgumentError(
                None, None, f"input image must be 4-D{shape_str(image.shape)}")
        geo = _CropGeometry(xp, boxes, box_ind, image.shape, _crop_size(crop_size))
        x = image.astype(xp.float64)
        if bilinear:
            lx = geo.lx[:, None, :, None]
            top = (geo.gather(x, geo.top, geo.left) * (1 - lx)
                   + geo.gather(x, geo.top, geo.right) * lx)
            bottom = (geo.gather(x, geo.bottom, geo.left) * (1 - lx)
                      + geo.gather(x, geo.bottom, geo.right) * lx)
            out = top + (bottom - top) * geo.ly[:, :, None, None]
        else:
            out = geo.gather(x, geo.near_y, geo.near_x)
        return xp.where(geo.mask, out, extrapolation).astype(xp.float32)
    return crop_and_resize


def _crop_grad_image_infer(op):
    grads, boxes, box_ind, image_size = op.inputs
    _rank(grads.shape, 4)
    _rank(boxes.shape, 2)
    _rank(box_ind.shape, 1)
    value = constant_value(image_size)
    shape = (TensorShape([None] * 4) if value is None
             else TensorShape([int(v) for v in value.tolist()]))
    return [(op.get_attr("T"), shape)]


def _crop_grad_image_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    bilinear = ctx.attrs["method"] == "bilinear"
    dtype = _dtypes.as_dtype(ctx.attrs["T"]).as_numpy_dtype

    def crop_and_resize_grad_image(grads, boxes, box_ind, image_size):
        if image_size.ndim != 1 or image_size.shape[0] != 4:
            raise errors.InvalidArgumentError(
                None, None, f"image_size must be 1-D with 4 elements"
                            f"{shape_str(image_size.shape)}")
        shape = tuple(int(v) for v in image_size.tolist())
        if grads.ndim != 4 or grads.shape[3] != shape[3]:
            raise errors.InvalidArgumentError(
                None, None, "image_size and grads are incompatible")
        geo = _CropGeometry(xp, boxes, box_ind, shape, grads.shape[1:3])
        g = xp.where(geo.mask, grads.astype(xp.float64), 0)
        out = xp.zeros(shape, xp.float64)
        ind = geo.ind[:, None, None]
        if bilinear:
            ly, lx = geo.ly[:, :, None, None], geo.lx[:, None, :, None]
            for rows, wy in ((geo.top, 1 - ly), (geo.bottom, ly)):
                for cols, wx in ((geo.left, 1 - lx), (geo.right, lx)):
                    xp.add.at(out, (ind, rows[:, :, None], cols[:, None, :]), g * wy * wx)
        else:
            xp.add.at(out, (ind, geo.near_y[:, :, None], geo.near_x[:, None, :]), g)
        return out.astype(dtype)
    return crop_and_resize_grad_image


def _crop_grad_boxes_infer(op):
    grads, image, boxes, box_ind = op.inputs
    _rank(grads.shape, 4)
    _rank(image.shape, 4)
    _rank(boxes.shape, 2)
    _rank(box_ind.shape, 1)
    return [(_dtypes.float32, boxes.shape)]


def _crop_grad_boxes_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def crop_and_resize_grad_boxes(grads, image, boxes, box_ind):
        if image.ndim != 4:
            raise errors.InvalidArgumentError(
                None, None, f"input image must be 4-D{shape_str(image.shape)}")
        ih, iw = image.shape[1], image.shape[2]
        ch, cw = grads.shape[1], grads.shape[2]
        geo = _CropGeometry(xp, boxes, box_ind, image.shape, (ch, cw))
        x = image.astype(xp.float64)
        g = xp.where(geo.mask, grads.astype(xp.float64), 0)
        tl, tr = geo.gather(x, geo.top, geo.left), geo.gather(x, geo.top, geo.right)
        bl, br = geo.gather(x, geo.bottom, geo.left), geo.gather(x, geo.bottom, geo.right)
        ly, lx = geo.ly[:, :, None, None], geo.lx[:, None, :, None]
        grad_y = ((1 - lx) * (bl - tl) + lx * (br - tr)) * g
        grad_x = ((1 - ly) * (tr - tl) + ly * (br - bl)) * g
        grad_y = grad_y.sum(axis=(2, 3))  # [n, crop_h]
        grad_x = grad_x.sum(axis=(1, 3))  # [n, crop_w]
        if ch > 1:
            ratio = xp.arange(ch, dtype=xp.float64) * (ih - 1) / (ch - 1)
            dy1 = (grad_y * ((ih - 1) - ratio)).sum(axis=1)
            dy2 = (grad_y * ratio).sum(axis=1)
        else:
            dy1 = dy2 = grad_y.sum(axis=1) * 0.5 * (ih - 1)
        if cw > 1:
            ratio = xp.arange(cw, dtype=xp.float64) * (iw - 1) / (cw - 1)
            dx1 = (grad_x * ((iw - 1) - ratio)).sum(axis=1)
            dx2 = (grad_x * ratio).sum(axis=1)
        else:
            dx1 = dx2 = grad_x.sum(axis=1) * 0.5 * (iw - 1)
        return xp.stack([dy1, dx1, dy2, dx2], axis=1).astype(xp.float32)
    return crop_and_resize_grad_boxes


def _crop_and_resize_grad(op, grad):
    image = op.inputs[0]
    if image.shape.is_fully_defined():
        image_shape = image.shape.as_list()
    else:
        image_shape = array_ops.shape(image)
    grad0 = None
    if image.dtype.base_dtype in (_dtypes.float16, _dtypes.float32, _dtypes.float64):
        grad0 = crop_and_resize_grad_image(grad, op.inputs[1], op.inputs[2], image_shape,
                                           T=op.get_attr("T"), method=op.get_attr("method"))
    grad1 = crop_and_resize_grad_boxes(grad, op.inputs[0], op.inputs[1], op.inputs[2])
    return [grad0, grad1, None, None]


registry.register("CropAndResize", infer=_crop_infer, kernel=_crop_and_resize_kernel,
                  grad=_crop_and_resize_grad)
registry.register("CropAndResizeGradImage", infer=_crop_grad_image_infer,
                  kernel=_crop_grad_image_kernel, grad=registry.NOT_DIFFERENTIABLE)
registry.register("CropAndResizeGradBoxes", infer=_crop_grad_boxes_infer,
                  kernel=_crop_grad_boxes_kernel, grad=registry.NOT_DIFFERENTIABLE)


def _check_method(op_type: str, method: str, allowed: tuple) -> None:
    if method not in allowed:
        joined = '", "'.join(allowed)
        raise ValueError(f"Attr 'method' of '{op_type}' Op passed string '{method}' not in: "
                         f"\"{joined}\".")


def crop_and_resize(image: Any, boxes: Any, box_ind: Any = None, crop_size: Any = None,
                    method: str = "bilinear", extrapolation_value: float = 0,
                    name: str | None = None, box_indices: Any = None) -> Tensor:
    """`tf.image.crop_and_resize` (op CropAndResize): from each normalized box
    `[y1, x1, y2, x2]` of image `box_ind[i]`, a `crop_size` crop sampled bilinearly (or
    nearest), `extrapolation_value` outside the image; `[num_boxes, h, w, depth]` float32.
    `box_indices` is TF 1.15's new name for `box_ind`."""
    box_ind = deprecated_argument("box_indices", box_indices, "box_ind", box_ind)
    _check_method("CropAndResize", method, ("bilinear", "nearest"))
    g = get_default_graph()
    with g.name_scope(name or "CropAndResize") as scope:
        image = convert_to_tensor(image, name="image")
        check_dtype_allowed(image.dtype, "image", ("uint8", "uint16", "int8", "int16", "int32",
                                                   "int64", "float16", "float32", "float64"))
        boxes = convert_to_tensor(boxes, dtype=_dtypes.float32, name="boxes")
        box_ind = convert_to_tensor(box_ind, dtype=_dtypes.int32, name="box_ind")
        crop_size = convert_to_tensor(crop_size, dtype=_dtypes.int32, name="crop_size")
        attrs = {"T": image.dtype.base_dtype, "method": method,
                 "extrapolation_value": float(extrapolation_value)}
        return g.create_op("CropAndResize", [image, boxes, box_ind, crop_size], attrs,
                           name=scope).outputs[0]


def crop_and_resize_grad_image(grads: Any, boxes: Any, box_ind: Any, image_size: Any,
                               T: Any, method: str = "bilinear",
                               name: str | None = None) -> Tensor:
    """gen_image_ops.crop_and_resize_grad_image (op CropAndResizeGradImage): `grads` of a
    CropAndResize summed back onto an image of `image_size`, of dtype `T`."""
    _check_method("CropAndResizeGradImage", method, ("bilinear", "nearest"))
    g = get_default_graph()
    with g.name_scope(name or "CropAndResizeGradImage") as scope:
        grads = convert_to_tensor(grads, dtype=_dtypes.float32, name="grads")
        boxes = convert_to_tensor(boxes, dtype=_dtypes.float32, name="boxes")
        box_ind = convert_to_tensor(box_ind, dtype=_dtypes.int32, name="box_ind")
        image_size = convert_to_tensor(image_size, dtype=_dtypes.int32, name="image_size")
        T = _dtypes.as_dtype(T).base_dtype
        check_dtype_allowed(T, "T", ("float32", "float16", "float64"))
        return g.create_op("CropAndResizeGradImage", [grads, boxes, box_ind, image_size],
                           {"T": T, "method": method}, name=scope).outputs[0]


def crop_and_resize_grad_boxes(grads: Any, image: Any, boxes: Any, box_ind: Any,
                               method: str = "bilinear", name: str | None = None) -> Tensor:
    """gen_image_ops.crop_and_resize_grad_boxes (op CropAndResizeGradBoxes): the gradient
    of a bilinear CropAndResize with respect to its boxes, `[num_boxes, 4]` float32."""
    _check_method("CropAndResizeGradBoxes", method, ("bilinear",))
    g = get_default_graph()
    with g.name_scope(name or "CropAndResizeGradBoxes") as scope:
        grads = convert_to_tensor(grads, dtype=_dtypes.float32, name="grads")
        image = convert_to_tensor(image, name="image")
        boxes = convert_to_tensor(boxes, dtype=_dtypes.float32, name="boxes")
        box_ind = convert_to_tensor(box_ind, dtype=_dtypes.int32, name="box_ind")
        return g.create_op("CropAndResizeGradBoxes", [grads, image, boxes, box_ind],
                           {"T": image.dtype.base_dtype, "method": method},
                           name=scope).outputs[0]


__all__ += ["crop_and_resize"]


# ---- tf.image's functions built from ops (image_ops_impl.py)

def _is_tensor(x: Any) -> bool:
    return isinstance(x, Tensor)


def _assert(cond: Any, ex_type: type, msg: str) -> list:
    """TF's `_assert`: a Python condition raises `ex_type(msg)` now; a tensor one becomes an
    Assert op (returned in a list) that fails at run time."""
    if _is_tensor(cond):
        return [logging_ops.Assert(cond, [msg])]
    if not cond:
        raise ex_type(msg)
    return []


def _image_dimensions(image: Tensor, rank: int) -> list:
    """The dimensions of `image`: Python ints where static, int32 scalar tensors elsewhere."""
    shape = image.shape
    if shape.is_fully_defined():
        return shape.as_list()
    static = shape.with_rank(rank).as_list()
    dynamic = array_ops.unstack(array_ops.shape(image), rank)
    return [s if s is not None else d for s, d in zip(static, dynamic)]


def _check_at_least_3d(image: Tensor, require_static: bool = True) -> list:
    """TF's `_CheckAtLeast3DImage`: static checks raise ValueError; unknown inner dims add
    run-time asserts."""
    try:
        if image.shape.ndims is None:
            shape = image.shape.with_rank(3)
        else:
            shape = image.shape.with_rank_at_least(3)
    except ValueError:
        raise ValueError(f"'image' (shape {image.shape}) must be at least "
                         f"three-dimensional.") from None
    if require_static and not shape.is_fully_defined():
        raise ValueError("'image' must be fully defined.")
    if any(d.value == 0 for d in shape.dims[-3:]):
        raise ValueError(f"inner 3 dims of 'image.shape' must be > 0: {shape}")
    if not shape[-3:].is_fully_defined():
        return [logging_ops.assert_positive(array_ops.shape(image)[-3:],
                                            ["inner 3 dims of 'image.shape' must be > 0."]),
                logging_ops.assert_greater_equal(
                    array_ops.rank(image), 3,
                    message="'image' must be at least three-dimensional.")]
    return []


def _assert_at_least_3d(image: Tensor) -> Tensor:
    return control_flow.with_dependencies(_check_at_least_3d(image, require_static=False), image)


def _as_batch(image: Tensor) -> tuple[Tensor, bool]:
    """A 3-D image as a batch of one (ExpandDims), as the crop and pad functions take it."""
    ndims = image.shape.ndims
    if ndims == 3:
        return array_ops.expand_dims(image, 0), False
    if ndims is None:
        image = array_ops.expand_dims(image, 0)
        image.set_shape([None] * 4)
        return image, False
    if ndims != 4:
        raise ValueError(f"'image' (shape {image.shape}) must have either 3 or 4 dimensions.")
    return image, True


def _unbatch(image: Tensor, is_batch: bool) -> Tensor:
    return image if is_batch else array_ops.squeeze(image, axis=[0])


def crop_to_bounding_box(image: Any, offset_height: Any, offset_width: Any,
                         target_height: Any, target_width: Any) -> Tensor:
    """`tf.image.crop_to_bounding_box`: the `target_height` x `target_width` window of
    `image` (3-D or 4-D) at (`offset_height`, `offset_width`), a Slice under
    `crop_to_bounding_box`; bad static offsets or sizes raise ValueError."""
    with get_default_graph().name_scope("crop_to_bounding_box"):
        image = convert_to_tensor(image, name="image")
        image, is_batch = _as_batch(image)
        asserts = _check_at_least_3d(image, require_static=False)
        batch, height, width, depth = _image_dimensions(image, rank=4)
        asserts += _assert(offset_width >= 0, ValueError, "offset_width must be >= 0.")
        asserts += _assert(offset_height >= 0, ValueError, "offset_height must be >= 0.")
        asserts += _assert(target_width > 0, ValueError, "target_width must be > 0.")
        asserts += _assert(target_height > 0, ValueError, "target_height must be > 0.")
        asserts += _assert(width >= (target_width + offset_width), ValueError,
                           "width must be >= target + offset.")
        asserts += _assert(height >= (target_height + offset_height), ValueError,
                           "height must be >= target + offset.")
        image = control_flow.with_dependencies(asserts, image)
        cropped = array_ops.slice(image, array_ops.stack([0, offset_height, offset_width, 0]),
                                  array_ops.stack([-1, target_height, target_width, -1]))
        cropped.set_shape([None if _is_tensor(d) else d
                           for d in (batch, target_height, target_width, depth)])
        return _unbatch(cropped, is_batch)


def pad_to_bounding_box(image: Any, offset_height: Any, offset_width: Any, target_height: Any,
                        target_width: Any) -> Tensor:
    """`tf.image.pad_to_bounding_box`: `image` (3-D or 4-D) zero-padded to `target_height` x
    `target_width` with its top-left corner at (`offset_height`, `offset_width`), a Pad under
    `pad_to_bounding_box`; an image that does not fit raises ValueError."""
    with get_default_graph().name_scope("pad_to_bounding_box"):
        image = convert_to_tensor(image, name="image")
        image, is_batch = _as_batch(image)
        batch, height, width, depth = _image_dimensions(image, rank=4)
        after_width = target_width - offset_width - width
        after_height = target_height - offset_height - height
        asserts = _check_at_least_3d(image, require_static=False)
        asserts += _assert(offset_height >= 0, ValueError, "offset_height must be >= 0")
        asserts += _assert(offset_width >= 0, ValueError, "offset_width must be >= 0")
        asserts += _assert(after_width >= 0, ValueError, "width must be <= target - offset")
        asserts += _assert(after_height >= 0, ValueError, "height must be <= target - offset")
        image = control_flow.with_dependencies(asserts, image)
        paddings = array_ops.reshape(
            array_ops.stack([0, 0, offset_height, after_height, offset_width, after_width, 0,
                             0]), [4, 2])
        padded = array_ops.pad(image, paddings)
        padded.set_shape([None if _is_tensor(d) else d
                          for d in (batch, target_height, target_width, depth)])
        return _unbatch(padded, is_batch)


def resize_image_with_crop_or_pad(image: Any, target_height: Any, target_width: Any) -> Tensor:
    """`tf.image.resize_image_with_crop_or_pad`: `image` centrally cropped and/or zero-padded
    to `target_height` x `target_width` (crop_to_bounding_box, then pad_to_bounding_box,
    under `resize_image_with_crop_or_pad`)."""
    with get_default_graph().name_scope("resize_image_with_crop_or_pad"):
        image = convert_to_tensor(image, name="image")
        image, is_batch = _as_batch(image)
        asserts = _check_at_least_3d(image, require_static=False)
        asserts += _assert(target_width > 0, ValueError, "target_width must be > 0.")
        asserts += _assert(target_height > 0, ValueError, "target_height must be > 0.")
        image = control_flow.with_dependencies(asserts, image)
        if _is_tensor(target_height):
            target_height = control_flow.with_dependencies(asserts, target_height)
        if _is_tensor(target_width):
            target_width = control_flow.with_dependencies(asserts, target_width)

        def max_(x, y):
            return math_ops.maximum(x, y) if _is_tensor(x) or _is_tensor(y) else max(x, y)

        def min_(x, y):
            return math_ops.minimum(x, y) if _is_tensor(x) or _is_tensor(y) else min(x, y)

        def equal_(x, y):
            return math_ops.equal(x, y) if _is_tensor(x) or _is_tensor(y) else x == y

        _, height, width, _ = _image_dimensions(image, rank=4)
        width_diff = target_width - width
        offset_crop_width = max_(-width_diff // 2, 0)
        offset_pad_width = max_(width_diff // 2, 0)
        height_diff = target_height - height
        offset_crop_height = max_(-height_diff // 2, 0)
        offset_pad_height = max_(height_diff // 2, 0)
        cropped = crop_to_bounding_box(image, offset_crop_height, offset_crop_width,
                                       min_(target_height, height), min_(target_width, width))
        resized = pad_to_bounding_box(cropped, offset_pad_height, offset_pad_width,
                                      target_height, target_width)
        if resized.shape.ndims is None:
            raise ValueError("resized contains no shape.")
        _, resized_height, resized_width, _ = _image_dimensions(resized, rank=4)
        asserts = _assert(equal_(resized_height, target_height), ValueError,
                          "resized height is not correct.")
        asserts += _assert(equal_(resized_width, target_width), ValueError,
                           "resized width is not correct.")
        resized = control_flow.with_dependencies(asserts, resized)
        return _unbatch(resized, is_batch)


def central_crop(image: Any, central_fraction: float) -> Tensor:
    """`tf.image.central_crop`: the central `central_fraction` (in (0, 1]) of each image's
    height and width, a Slice under `central_crop` (`image` itself for a fraction of 1)."""
    with get_default_graph().name_scope("central_crop"):
        image = convert_to_tensor(image, name="image")
        if central_fraction <= 0.0 or central_fraction > 1.0:
            raise ValueError("central_fraction must be within (0, 1]")
        if central_fraction == 1.0:
            return image
        _assert_at_least_3d(image)
        rank = image.shape.ndims
        if rank not in (3, 4):
            raise ValueError(f"`image` should either be a Tensor with rank = 3 or rank = 4. "
                             f"Had rank = {rank}.")

        def dim(idx):
            static = image.shape.dims[idx].value
            if static is not None:
                return static, False
            return array_ops.shape(image)[idx], True

        first = rank - 3
        img_h, dynamic_h = dim(first)
        img_w, dynamic_w = dim(first + 1)

        def start(size, dynamic):
            if dynamic:
                sized = array_ops.cast(size, _dtypes.float64)
                return array_ops.cast((sized - sized * central_fraction) / 2, _dtypes.int32)
            sized = float(size)
            return int((sized - sized * central_fraction) / 2)

        h_start, w_start = start(img_h, dynamic_h), start(img_w, dynamic_w)
        h_size, w_size = img_h - h_start * 2, img_w - w_start * 2
        if rank == 3:
            begin = array_ops.stack([h_start, w_start, 0])
            size = array_ops.stack([h_size, w_size, -1])
        else:
            begin = array_ops.stack([0, h_start, w_start, 0])
            size = array_ops.stack([-1, h_size, w_size, -1])
        dims = image.shape.as_list()
        image = array_ops.slice(image, begin, size)
        hw = [None if dynamic_h else h_size, None if dynamic_w else w_size]
        image.set_shape(hw + dims[2:] if rank == 3 else dims[:1] + hw + dims[3:])
        return image


class ResizeMethod:
    """`tf.image.ResizeMethod` (TF 1.15's v1 constants)."""
    BILINEAR = 0
    NEAREST_NEIGHBOR = 1
    BICUBIC = 2
    AREA = 3


def _resize_images_common(images: Any, resizer_fn: Any, size: Any,
                          preserve_aspect_ratio: bool, name: str | None,
                          skip_resize_if_same: bool) -> Tensor:
    with get_default_graph().name_scope(name or "resize"):
        images = convert_to_tensor(images, name="images")
        if images.shape.ndims is None:
            raise ValueError("'images' contains no shape.")
        is_batch = True
        if images.shape.ndims == 3:
            is_batch = False
            images = array_ops.expand_dims(images, 0)
        elif images.shape.ndims != 4:
            raise ValueError("'images' must have either 3 or 4 dimensions.")
        _, height, width, _ = images.shape.as_list()
        try:
            size = convert_to_tensor(size, _dtypes.int32, name="size")
        except (TypeError, ValueError):
            raise ValueError("'size' must be a 1-D int32 Tensor") from None
        if not size.shape.is_compatible_with([2]):
            raise ValueError("'size' must be a 1-D Tensor of 2 elements: new_height, new_width")
        new_height, new_width = constant_value_as_shape(size).with_rank(2).as_list()
        if preserve_aspect_ratio:
            _, current_height, current_width, _ = _image_dimensions(images, rank=4)
            f32 = _dtypes.float32
            scale_height = (array_ops.cast(size[0], f32) / array_ops.cast(current_height, f32))
            scale_width = (array_ops.cast(size[1], f32) / array_ops.cast(current_width, f32))
            scale = math_ops.minimum(scale_height, scale_width)
            scaled_height = array_ops.cast(
                math_ops.round(scale * array_ops.cast(current_height, f32)), _dtypes.int32)
            scaled_width = array_ops.cast(
                math_ops.round(scale * array_ops.cast(current_width, f32)), _dtypes.int32)
            size = convert_to_tensor([scaled_height, scaled_width], _dtypes.int32, name="size")
            new_height, new_width = constant_value_as_shape(size).with_rank(2).as_list()
        if (skip_resize_if_same and None not in (new_width, width, new_height, height)
                and width == new_width and height == new_height):
            return _unbatch(images, is_batch)
        images = resizer_fn(images, size)
        images.set_shape([None, new_height, new_width, None])
        return _unbatch(images, is_batch)


def resize_images(images: Any, size: Any, method: int = ResizeMethod.BILINEAR,
                  align_corners: bool = False, preserve_aspect_ratio: bool = False,
                  name: str | None = None) -> Tensor:
    """`tf.image.resize_images` (`tf.image.resize` in TF 1.15): `images` (3-D or 4-D) resized
    to `size` `[new_height, new_width]` under name scope `resize`, by ResizeBilinear (float32
    result) or ResizeNearestNeighbor; no op when the static size is unchanged. minitf has no
    bicubic or area resize: those methods raise TF's ValueError for an unknown method."""
    def resize_fn(images_t, new_size):
        if method in (ResizeMethod.BILINEAR, "bilinear"):
            return resize_bilinear(images_t, new_size, align_corners=align_corners)
        if method in (ResizeMethod.NEAREST_NEIGHBOR, "nearest"):
            return resize_nearest_neighbor(images_t, new_size, align_corners=align_corners)
        raise ValueError("Resize method is not implemented.")
    return _resize_images_common(images, resize_fn, size, preserve_aspect_ratio, name, True)


__all__ += ["resize_images", "resize_bilinear", "resize_nearest_neighbor", "ResizeMethod",
            "resize_image_with_crop_or_pad", "central_crop", "crop_to_bounding_box",
            "pad_to_bounding_box"]


# ---- dtype conversion, standardization, flips, rotations, colour

def convert_image_dtype(image: Any, dtype: Any, saturate: bool = False,
                        name: str | None = None) -> Tensor:
    """`tf.image.convert_image_dtype`: `image` rescaled to `dtype`, floats spanning [0, 1)
    and integers their type's [0, max]: int to int by a power-of-two FloorDiv or Mul,
    int to float by Cast and Mul by `1 / max`, float to int by Mul by `max + 0.5` and Cast
    (a saturate_cast with `saturate`), float to float by a Cast; the same dtype is an
    Identity."""
    image = convert_to_tensor(image, name="image")
    dtype = _dtypes.as_dtype(dtype)
    if not dtype.is_floating and not dtype.is_integer:
        raise AttributeError("dtype must be either floating point or integer")
    if dtype == image.dtype:
        return array_ops.identity(image, name=name)
    src = image.dtype.base_dtype
    with get_default_graph().name_scope(name or "convert_image") as op_name:

        def cast(x, to):
            return (math_ops.saturate_cast(x, to, name=op_name) if saturate
                    else array_ops.cast(x, to, name=op_name))
        if src.is_integer and dtype.is_integer:
            scale_in, scale_out = src.max, dtype.max
            if scale_in > scale_out:
                scale = (scale_in + 1) // (scale_out + 1)
                return cast(math_ops.floordiv(image, scale), dtype)
            scale = (scale_out + 1) // (scale_in + 1)
            converted = (math_ops.saturate_cast(image, dtype) if saturate
                         else array_ops.cast(image, dtype))
            return math_ops.multiply(converted, scale, name=op_name)
        if src.is_floating and dtype.is_floating:
            return array_ops.cast(image, dtype, name=op_name)
        if src.is_integer:
            converted = array_ops.cast(image, dtype)
            return math_ops.multiply(converted, 1.0 / src.max, name=op_name)
        return cast(math_ops.multiply(image, dtype.max + 0.5), dtype)


def per_image_standardization(image: Any) -> Tensor:
    """`tf.image.per_image_standardization`: each image (the last three axes) of float32
    `image` less its mean, over max(stddev, 1 / sqrt(pixels)), as TF 1.15 builds it (a Relu
    of E[x^2] - E[x]^2 for the variance); the result is float32."""
    with get_default_graph().name_scope("per_image_standardization") as scope:
        image = convert_to_tensor(image, name="image")
        image = _assert_at_least_3d(image)
        num_pixels = math_ops.reduce_prod(array_ops.shape(image)[-3:])
        image = array_ops.cast(image, dtype=_dtypes.float32)
        image_mean = math_ops.reduce_mean(image, axis=[-1, -2, -3], keepdims=True)
        variance = (math_ops.reduce_mean(math_ops.square(image), axis=[-1, -2, -3],
                                         keepdims=True) - math_ops.square(image_mean))
        variance = nn_ops.relu(variance)
        stddev = math_ops.sqrt(variance)
        min_stddev = math_ops.rsqrt(array_ops.cast(num_pixels, _dtypes.float32))
        pixel_value_scale = math_ops.maximum(stddev, min_stddev)
        image = math_ops.subtract(image, image_mean)
        return math_ops.div(image, pixel_value_scale, name=scope)


def _fix_flip_shape(image: Tensor, result: Tensor) -> Tensor:
    if image.shape.ndims is None:
        result.set_shape([None, None, None])
    else:
        result.set_shape(image.shape)
    return result


def _flip(image: Any, flip_index: int, scope_name: str) -> Tensor:
    with get_default_graph().name_scope(scope_name):
        image = convert_to_tensor(image, name="image")
        image = _assert_at_least_3d(image)
        ndims = image.shape.ndims
        if ndims is None:
            rank = array_ops.rank(image)
            return control_flow.cond(math_ops.equal(rank, 3),
                                     lambda: array_ops.reverse(image, [flip_index]),
                                     lambda: array_ops.reverse(image, [flip_index + 1]))
        if ndims == 3:
            return array_ops.reverse(image, [flip_index])
        if ndims == 4:
            return array_ops.reverse(image, [flip_index + 1])
        raise ValueError("'image' must have either 3 or 4 dimensions.")


def flip_left_right(image: Any) -> Tensor:
    """`tf.image.flip_left_right`: ReverseV2 of the width axis, under `flip_left_right`."""
    return _flip(image, 1, "flip_left_right")


def flip_up_down(image: Any) -> Tensor:
    """`tf.image.flip_up_down`: ReverseV2 of the height axis, under `flip_up_down`."""
    return _flip(image, 0, "flip_up_down")


def _random_flip(image: Any, flip_index: int, seed: int | None, scope_name: str) -> Tensor:
    with get_default_graph().name_scope(scope_name) as scope:
        image = convert_to_tensor(image, name="image")
        image = _assert_at_least_3d(image)
        ndims = image.shape.ndims
        if ndims == 3 or ndims is None:
            uniform = random_ops.random_uniform([], 0, 1.0, seed=seed)
            mirror = math_ops.less(uniform, .5)
            result = control_flow.cond(mirror, lambda: array_ops.reverse(image, [flip_index]),
                                       lambda: image, name=scope)
            return _fix_flip_shape(image, result)
        if ndims == 4:
            batch_size = array_ops.shape(image)[0]
            uniform = random_ops.random_uniform([batch_size], 0, 1.0, seed=seed)
            flips = math_ops.round(array_ops.reshape(uniform, [batch_size, 1, 1, 1]))
            flips = array_ops.cast(flips, image.dtype)
            flipped = array_ops.reverse(image, [flip_index + 1])
            return flips * flipped + (1 - flips) * image
        raise ValueError("'image' must have either 3 or 4 dimensions.")


def random_flip_left_right(image: Any, seed: int | None = None) -> Tensor:
    """`tf.image.random_flip_left_right`: each image flipped along its width with
    probability 1/2 (a cond for one image, a per-image 0/1 blend for a batch)."""
    return _random_flip(image, 1, seed, "random_flip_left_right")


def random_flip_up_down(image: Any, seed: int | None = None) -> Tensor:
    """`tf.image.random_flip_up_down`: each image flipped along its height with
    probability 1/2 (a cond for one image, a per-image 0/1 blend for a batch)."""
    return _random_flip(image, 0, seed, "random_flip_up_down")


def transpose(image: Any, name: str | None = None) -> Tensor:
    """`tf.image.transpose` (`tf.image.transpose_image`): height and width swapped, a
    Transpose under `transpose`."""
    with get_default_graph().name_scope(name or "transpose"):
        image = convert_to_tensor(image, name="image")
        image = _assert_at_least_3d(image)
        ndims = image.shape.ndims
        if ndims is None:
            raise ValueError("'image' must have either 3 or 4 dimensions.")
        if ndims == 3:
            return array_ops.transpose(image, [1, 0, 2], name=name)
        if ndims == 4:
            return array_ops.transpose(image, [0, 2, 1, 3], name=name)
        raise ValueError("'image' must have either 3 or 4 dimensions.")


def _rot90_3d(image: Tensor, k: Tensor, name_scope: str) -> Tensor:
    cases = [(math_ops.equal(k, 1),
              lambda: array_ops.transpose(array_ops.reverse_v2(image, [1]), [1, 0, 2])),
             (math_ops.equal(k, 2), lambda: array_ops.reverse_v2(image, [0, 1])),
             (math_ops.equal(k, 3),
              lambda: array_ops.reverse_v2(array_ops.transpose(image, [1, 0, 2]), [1]))]
    result = control_flow.case(cases, default=lambda: image, exclusive=True, name=name_scope)
    result.set_shape([None, None, image.shape[2]])
    return result


def _rot90_4d(images: Tensor, k: Tensor, name_scope: str) -> Tensor:
    cases = [(math_ops.equal(k, 1),
              lambda: array_ops.transpose(array_ops.reverse_v2(images, [2]), [0, 2, 1, 3])),
             (math_ops.equal(k, 2), lambda: array_ops.reverse_v2(images, [1, 2])),
             (math_ops.equal(k, 3),
              lambda: array_ops.reverse_v2(array_ops.transpose(images, [0, 2, 1, 3]), [2]))]
    result = control_flow.case(cases, default=lambda: images, exclusive=True, name=name_scope)
    shape = result.shape
    result.set_shape([shape[0], None, None, shape[3]])
    return result


def rot90(image: Any, k: Any = 1, name: str | None = None) -> Tensor:
    """`tf.image.rot90`: each image turned `k` quarter turns counter-clockwise, a `case` over
    `k % 4` (so height and width are unknown statically), under `rot90`."""
    with get_default_graph().name_scope(name or "rot90") as scope:
        image = convert_to_tensor(image, name="image")
        image = _assert_at_least_3d(image)
        k = convert_to_tensor(k, dtype=_dtypes.int32, name="k")
        k.shape.assert_has_rank(0)
        k = math_ops.mod(k, 4)
        ndims = image.shape.ndims
        if ndims is None:
            rank = array_ops.rank(image)
            return control_flow.cond(math_ops.equal(rank, 3),
                                     lambda: _rot90_3d(image, k, scope),
                                     lambda: _rot90_4d(image, k, scope))
        if ndims == 3:
            return _rot90_3d(image, k, scope)
        if ndims == 4:
            return _rot90_4d(image, k, scope)
        raise ValueError(f"'image' (shape {image.shape}) must have either 3 or 4 dimensions.")


def adjust_brightness(image: Any, delta: Any) -> Tensor:
    """`tf.image.adjust_brightness`: `delta` added (an AddV2 `adjust_brightness`) to the image
    as float32 (float16 and float32 images as they are), then converted back, saturating."""
    with get_default_graph().name_scope("adjust_brightness") as scope:
        image = convert_to_tensor(image, name="image")
        orig_dtype = image.dtype.base_dtype
        if orig_dtype in (_dtypes.float16, _dtypes.float32):
            flt_image = image
        else:
            flt_image = convert_image_dtype(image, _dtypes.float32)
        adjusted = math_ops.add(flt_image, array_ops.cast(delta, flt_image.dtype), name=scope)
        return convert_image_dtype(adjusted, orig_dtype, saturate=True)


def adjust_contrast(images: Any, contrast_factor: Any) -> Tensor:
    """`tf.image.adjust_contrast`: AdjustContrastv2 (`adjust_contrast`) of the images as
    float32 (float16 and float32 ones as they are), converted back, saturating."""
    with get_default_graph().name_scope("adjust_contrast") as scope:
        images = convert_to_tensor(images, name="images")
        orig_dtype = images.dtype.base_dtype
        if orig_dtype in (_dtypes.float16, _dtypes.float32):
            flt_images = images
        else:
            flt_images = convert_image_dtype(images, _dtypes.float32)
        adjusted = adjust_contrastv2(flt_images, contrast_factor, name=scope)
        return convert_image_dtype(adjusted, orig_dtype, saturate=True)


def rgb_to_grayscale(images: Any, name: str | None = None) -> Tensor:
    """`tf.image.rgb_to_grayscale`: the last axis (RGB) contracted with TF's weights
    (0.2989, 0.5870, 0.1140) in float32 (a Tensordot), kept as an axis of one, in the
    images' dtype."""
    with get_default_graph().name_scope(name or "rgb_to_grayscale") as scope:
        images = convert_to_tensor(images, name="images")
        orig_dtype = images.dtype.base_dtype
        flt_image = convert_image_dtype(images, _dtypes.float32)
        gray = linalg_ops.tensordot(flt_image, [0.2989, 0.5870, 0.1140], [-1, -1])
        gray = array_ops.expand_dims(gray, -1)
        return convert_image_dtype(gray, orig_dtype, name=scope)


def _check_grayscale(image: Tensor) -> list:
    try:
        if image.shape.ndims is None:
            shape = image.shape.with_rank(2)
        else:
            shape = image.shape.with_rank_at_least(2)
    except ValueError:
        raise ValueError(f"A grayscale image (shape {image.shape}) must be at least "
                         f"two-dimensional.") from None
    if shape.is_fully_defined():
        if shape.as_list()[-1] != 1:
            raise ValueError("Last dimension of a grayscale image should be size 1.")
        return []
    return [logging_ops.assert_equal(
                array_ops.shape(image)[-1], 1,
                message="Last dimension of a grayscale image should be size 1."),
            logging_ops.assert_greater_equal(
                array_ops.rank(image), 3,
                message="A grayscale image must be at least two-dimensional.")]


def grayscale_to_rgb(images: Any, name: str | None = None) -> Tensor:
    """`tf.image.grayscale_to_rgb`: the last axis (of size 1) tiled three times, a Tile
    `grayscale_to_rgb`."""
    with get_default_graph().name_scope(name or "grayscale_to_rgb") as scope:
        images = convert_to_tensor(images)
        images = control_flow.with_dependencies(_check_grayscale(images), images)
        images = convert_to_tensor(images, name="images")
        rank_1 = array_ops.expand_dims(array_ops.rank(images) - 1, 0)
        multiples = array_ops.concat([array_ops.ones(rank_1, dtype=_dtypes.int32),
                                      array_ops.expand_dims(3, 0)], 0)
        rgb = array_ops.tile(images, multiples, name=scope)
        rgb.set_shape(images.shape[:-1].concatenate([3]))
        return rgb


__all__ += ["convert_image_dtype", "per_image_standardization", "flip_left_right",
            "flip_up_down", "random_flip_left_right", "random_flip_up_down", "transpose",
            "rot90", "adjust_brightness", "adjust_contrast", "rgb_to_grayscale",
            "grayscale_to_rgb"]


# ---- image_gradients, total_variation, sobel_edges

def image_gradients(image: Any) -> tuple[Tensor, Tensor]:
    """`tf.image.image_gradients`: (dy, dx), the forward differences of 4-D `image` along
    height and width, zero in the last row (column); built without a name scope, as TF."""
    image = convert_to_tensor(image)
    if image.shape.ndims != 4:
        raise ValueError(f"image_gradients expects a 4D tensor [batch_size, h, w, d], not "
                         f"{image.shape}.")
    image_shape = array_ops.shape(image)
    batch_size, height, width, depth = array_ops.unstack(image_shape)
    dy = image[:, 1:, :, :] - image[:, :-1, :, :]
    dx = image[:, :, 1:, :] - image[:, :, :-1, :]
    shape = array_ops.stack([batch_size, 1, width, depth])
    dy = array_ops.concat([dy, array_ops.zeros(shape, image.dtype)], 1)
    dy = array_ops.reshape(dy, image_shape)
    shape = array_ops.stack([batch_size, height, 1, depth])
    dx = array_ops.concat([dx, array_ops.zeros(shape, image.dtype)], 2)
    dx = array_ops.reshape(dx, image_shape)
    return dy, dx


def total_variation(images: Any, name: str | None = None) -> Tensor:
    """`tf.image.total_variation`: the sum of absolute differences of neighbouring pixels
    (height and width), a scalar for a 3-D image and one per image for a 4-D batch."""
    with get_default_graph().name_scope(name or "total_variation"):
        images = convert_to_tensor(images)
        ndims = images.shape.ndims
        if ndims == 3:
            dif1 = images[1:, :, :] - images[:-1, :, :]
            dif2 = images[:, 1:, :] - images[:, :-1, :]
            sum_axis = None
        elif ndims == 4:
            dif1 = images[:, 1:, :, :] - images[:, :-1, :, :]
            dif2 = images[:, :, 1:, :] - images[:, :, :-1, :]
            sum_axis = [1, 2, 3]
        else:
            raise ValueError("'images' must be either 3 or 4-dimensional.")
        return (math_ops.reduce_sum(math_ops.abs(dif1), axis=sum_axis)
                + math_ops.reduce_sum(math_ops.abs(dif2), axis=sum_axis))


def sobel_edges(image: Any) -> Tensor:
    """`tf.image.sobel_edges`: `[batch, h, w, d, 2]`, the vertical and horizontal 3x3 Sobel
    responses of each channel of the REFLECT-padded 4-D `image` (a depthwise_conv2d of the
    tiled `sobel_filters`), built without a name scope, as TF."""
    image = convert_to_tensor(image)
    static_shape = image.shape
    image_shape = array_ops.shape(image)
    kernels = [[[-1, -2, -1], [0, 0, 0], [1, 2, 1]], [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]]
    # [3, 3, 1, 2]: the two filters stacked on the last axis, one input channel
    taps = [[[[kernels[k][i][j] for k in range(2)]] for j in range(3)] for i in range(3)]
    filters = constant(taps, dtype=image.dtype)
    filters = array_ops.tile(filters, [1, 1, image_shape[-1], 1], name="sobel_filters")
    padded = array_ops.pad(image, [[0, 0], [1, 1], [1, 1], [0, 0]], mode="REFLECT")
    output = conv_ops.depthwise_conv2d(padded, filters, [1, 1, 1, 1], "VALID")
    shape = array_ops.concat([image_shape, [2]], 0)
    output = array_ops.reshape(output, shape=shape)
    output.set_shape(static_shape.concatenate([2]))
    return output


__all__ += ["image_gradients", "total_variation", "sobel_edges"]
