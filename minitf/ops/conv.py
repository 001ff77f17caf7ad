"""2-D convolution and pooling: Conv2D with its two backprop ops, MaxPool (MaxPoolGrad,
MaxPoolGradGrad) and AvgPool (AvgPoolGrad), with TF 1.15's gradients (nn_grad.py) and its
SAME/VALID window arithmetic (GetWindowedOutputSizeVerboseV2).

Kernels work in NHWC (an NCHW op transposes in and out). A window view is a stride-tricks view
of the padded input, `[batch, out_rows, out_cols, k_rows, k_cols, channels]`; a convolution is
that view contracted with the filter in one tensordot (im2col), and the backward scatters loop
over the filter taps only, never over pixels.
"""
from __future__ import annotations

import itertools
from typing import Any, Callable

from ..framework import dtypes as _dtypes
from ..framework import errors, registry
from ..framework.convert import constant_value_as_shape, convert_to_tensor
from ..framework.graph import Tensor, get_default_graph
from ..framework.tensor_shape import TensorShape
from . import array as array_ops
from .common_shapes import (FLOAT_TYPES, REAL_TYPES, check_dtype_allowed, deprecated_argument,
                            shape_str)

__all__: list[str] = []
NN_ALL = ["conv2d", "max_pool", "avg_pool"]

_PADDINGS = ("SAME", "VALID")
_FORMATS = ("NHWC", "NCHW")
_MAXPOOL_TYPES = ("float16", "bfloat16", "float32", "float64", "int32", "int64", "uint8",
                  "int16", "int8", "uint16", "qint8")


# ---- window arithmetic

def _out_and_pad(size: int | None, k: int, stride: int, dilation: int, padding: str
                 ) -> tuple[int | None, int]:
    """(output size, padding before) of one spatial axis, as TF computes them; a negative
    VALID output is a ValueError."""
    eff = (k - 1) * dilation + 1
    if size is None:
        return None, 0
    if padding == "VALID":
        out = (size - eff + stride) // stride
        if out <= 0:
            raise ValueError(f"Negative dimension size caused by subtracting {eff} from {size}")
        return out, 0
    out = (size + stride - 1) // stride
    return out, max(0, (out - 1) * stride + eff - size) // 2


def _spatial(attr: list, nchw: bool) -> tuple[int, int]:
    return (attr[2], attr[3]) if nchw else (attr[1], attr[2])


def _check_4(name: str, value: Any, op_type: str) -> list[int]:
    value = list(value)
    if len(value) != 4:
        raise ValueError(f"{op_type} requires the {name} attribute to contain 4 values, but "
                         f"got: {len(value)}")
    return [int(v) for v in value]


def _check_ones_outside(attrs: dict, names: tuple[str, ...], message: str) -> None:
    """TF's kernels refuse windows or steps across the batch and depth axes (at run time)."""
    nchw = attrs["data_format"] == "NCHW"
    for name in names:
        attr = attrs[name]
        if ((attr[0], attr[1]) if nchw else (attr[0], attr[3])) != (1, 1):
            raise errors.InvalidArgumentError(None, None, message)


def _nhwc_dims(shape: TensorShape, nchw: bool) -> list[int | None]:
    dims = shape.as_list()
    return [dims[0], dims[2], dims[3], dims[1]] if nchw else dims


def _from_nhwc(dims: list, nchw: bool) -> TensorShape:
    return TensorShape([dims[0], dims[3], dims[1], dims[2]] if nchw else dims)


def _rank4(shape: TensorShape) -> None:
    if shape.ndims is not None and shape.ndims != 4:
        raise ValueError(f"Shape must be rank 4 but is rank {shape.ndims}")


# ---- kernels' shared pieces

class _Geometry:
    """The windows of one op on one NHWC input shape: output size and paddings per axis."""

    def __init__(self, hw: tuple[int, int], k: tuple[int, int], s: tuple[int, int],
                 d: tuple[int, int], padding: str):
        self.k, self.s, self.d = k, s, d
        outs, self.pads = [], []
        for size, kk, ss, dd in zip(hw, k, s, d):
            eff = (kk - 1) * dd + 1
            try:
                out, before = _out_and_pad(size, kk, ss, dd, padding)
            except ValueError:
                raise errors.InvalidArgumentError(
                    None, None, f"Computed output size would be negative: "
                                f"{(size - eff + ss) // ss} [input_size: {size}, "
                                f"effective_filter_size: {eff}, stride: {ss}]") from None
            after = max(0, (out - 1) * ss + eff - size - before) if out else 0
            outs.append(out)
            self.pads.append((before, after))
        self.out = tuple(outs)
        self.hw = hw

    def pad(self, xp: Any, x: Any, value: Any = 0) -> Any:
        (t, b), (l, r) = self.pads
        if not (t or b or l or r):
            return xp.ascontiguousarray(x)
        return xp.pad(x, ((0, 0), (t, b), (l, r), (0, 0)), constant_values=value)

    def windows(self, xp: Any, padded: Any) -> Any:
        """`[n, out_h, out_w, k_h, k_w, c]` view of a padded NHWC array (no copy)."""
        n, _, _, c = padded.shape
        s0, s1, s2, s3 = padded.strides
        shape = (n, self.out[0], self.out[1], self.k[0], self.k[1], c)
        strides = (s0, s1 * self.s[0], s2 * self.s[1], s1 * self.d[0], s2 * self.d[1], s3)
        return xp.lib.stride_tricks.as_strided(padded, shape, strides)

    def scatter(self, xp: Any, cols: Any, dtype: Any) -> Any:
        """The sum of `cols` (`[n, out_h, out_w, k_h, k_w, c]`) into the input positions each
        window entry came from, padding cropped: the adjoint of `windows`."""
        n, c = cols.shape[0], cols.shape[-1]
        (t, b), (l, r) = self.pads
        out = xp.zeros((n, self.hw[0] + t + b, self.hw[1] + l + r, c), dtype)
        oh, ow = self.out
        for i in range(self.k[0]):
            r0 = i * self.d[0]
            for j in range(self.k[1]):
                c0 = j * self.d[1]
                out[:, r0:r0 + self.s[0] * (oh - 1) + 1:self.s[0],
                    c0:c0 + self.s[1] * (ow - 1) + 1:self.s[1], :] += cols[:, :, :, i, j, :]
        return out[:, t:t + self.hw[0], l:l + self.hw[1], :]


def _layout(xp: Any, nchw: bool):
    """(to NHWC, from NHWC) converters for the op's data format."""
    if not nchw:
        return (lambda a: a), (lambda a: a)
    return (lambda a: xp.transpose(a, (0, 2, 3, 1))), (lambda a: xp.transpose(a, (0, 3, 1, 2)))


def _run_4d(value: Any, what: str) -> None:
    if value.ndim != 4:
        raise errors.InvalidArgumentError(None, None, f"{what} must be 4-dimensional: "
                                                      f"{shape_str(value.shape)}")


def _sizes_shape(sizes: Tensor) -> TensorShape:
    """The 4-D static shape a sizes input (input_sizes, filter_sizes, ...) spells out."""
    shape = constant_value_as_shape(sizes)
    return TensorShape([None] * 4) if shape.ndims is None else shape


def _nhwc_sizes(value: Any, nchw: bool) -> tuple[int, ...]:
    sizes = _sizes(value)
    return (sizes[0], sizes[2], sizes[3], sizes[1]) if nchw else sizes


def _sizes(value: Any) -> tuple[int, ...]:
    if value.ndim != 1 or value.shape[0] != 4:
        raise errors.InvalidArgumentError(
            None, None, f"input_sizes must be a 1-D int32 tensor of length 4, got "
                        f"{shape_str(value.shape)}")
    return tuple(int(v) for v in value.tolist())


def _conv_attrs(ctx: registry.KernelContext):
    _check_ones_outside(ctx.attrs, ("strides", "dilations"), "Current implementation does not "
                        "yet support strides in the batch and depth dimensions.")
    nchw = ctx.attrs["data_format"] == "NCHW"
    strides, dilations = ctx.attrs["strides"], ctx.attrs["dilations"]
    return nchw, _spatial(strides, nchw), _spatial(dilations, nchw), ctx.attrs["padding"]


def _conv_geometry(x_shape: tuple, f_shape: tuple, s, d, padding: str) -> _Geometry:
    if x_shape[3] != f_shape[2]:
        raise errors.InvalidArgumentError(
            None, None, f"input and filter must have the same depth: {x_shape[3]} vs "
                        f"{f_shape[2]}")
    return _Geometry((x_shape[1], x_shape[2]), (f_shape[0], f_shape[1]), s, d, padding)


# ---- Conv2D, Conv2DBackpropInput, Conv2DBackpropFilter

def _conv2d_infer(op):
    x, f = op.inputs
    _rank4(x.shape)
    _rank4(f.shape)
    nchw = op.get_attr("data_format") == "NCHW"
    s = _spatial(op.get_attr("strides"), nchw)
    d = _spatial(op.get_attr("dilations"), nchw)
    n, h, w, c = [None] * 4 if x.shape.ndims is None else _nhwc_dims(x.shape, nchw)
    kh, kw, fc, o = [None] * 4 if f.shape.ndims is None else f.shape.as_list()
    if c is not None and fc is not None and c % fc:
        raise ValueError(f"Depth of input ({c}) is not a multiple of input depth of filter "
                         f"({fc})")
    padding = op.get_attr("padding")
    oh = _out_and_pad(h, kh, s[0], d[0], padding)[0] if kh is not None else None
    ow = _out_and_pad(w, kw, s[1], d[1], padding)[0] if kw is not None else None
    return [(x.dtype.base_dtype, _from_nhwc([n, oh, ow, o], nchw))]


def _forward_kernel(attrs: Callable, contract: Callable) -> Callable:
    """A 2-D convolution's kernel factory (Conv2D, DepthwiseConv2dNative): the windows of the
    padded input `[n, h, w, kh, kw, c]`, contracted with the filter by `contract`."""
    def factory(ctx: registry.KernelContext):
        xp = ctx.xp
        nchw, s, d, padding = attrs(ctx)
        to_nhwc, from_nhwc = _layout(xp, nchw)

        def convolution(x, f):
            _run_4d(x, "input")
            _run_4d(f, "filter")
            x = to_nhwc(x)
            geo = _conv_geometry(x.shape, f.shape, s, d, padding)
            cols = geo.windows(xp, geo.pad(xp, x))
            return from_nhwc(contract(xp, cols, f).astype(x.dtype))
        return convolution
    return factory


def _backprop_input_kernel_of(attrs: Callable, depth: Callable, contract: Callable) -> Callable:
    """A 2-D convolution's input-gradient kernel factory: `contract(xp, dy, f)` gives each
    output position's window gradient `[n, h, w, kh, kw, c]`, scattered back onto the input;
    `depth(f_shape)` is the out_backprop depth the filter implies."""
    def factory(ctx: registry.KernelContext):
        xp = ctx.xp
        nchw, s, d, padding = attrs(ctx)
        to_nhwc, from_nhwc = _layout(xp, nchw)

        def backprop_input(input_sizes, f, dy):
            x_shape = _nhwc_sizes(input_sizes, nchw)
            dy = to_nhwc(dy)
            geo = _conv_geometry(x_shape, f.shape, s, d, padding)
            _check_backprop(geo, dy, depth(f.shape))
            return from_nhwc(geo.scatter(xp, contract(xp, dy, f), dy.dtype))
        return backprop_input
    return factory


def _backprop_filter_kernel_of(attrs: Callable, depth: Callable, contract: Callable) -> Callable:
    """A 2-D convolution's filter-gradient kernel factory: the input's windows contracted with
    out_backprop by `contract(xp, cols, dy, f_shape)`."""
    def factory(ctx: registry.KernelContext):
        xp = ctx.xp
        nchw, s, d, padding = attrs(ctx)
        to_nhwc, _ = _layout(xp, nchw)

        def backprop_filter(x, filter_sizes, dy):
            f_shape = _sizes(filter_sizes)
            x, dy = to_nhwc(x), to_nhwc(dy)
            geo = _conv_geometry(x.shape, f_shape, s, d, padding)
            _check_backprop(geo, dy, depth(f_shape))
            cols = geo.windows(xp, geo.pad(xp, x))
            return contract(xp, cols, dy, f_shape).astype(x.dtype)
        return backprop_filter
    return factory


_conv2d_kernel = _forward_kernel(
    _conv_attrs, lambda xp, cols, f: xp.tensordot(cols, f, axes=([3, 4, 5], [0, 1, 2])))


def _backprop_input_infer(op):
    sizes, f, dy = op.inputs
    _rank4(f.shape)
    _rank4(dy.shape)
    shape = _sizes_shape(sizes)
    # the batch comes from out_backprop and the depth from the filter where the sizes lack them
    nchw = op.get_attr("data_format") == "NCHW"
    known = [None] * 4
    if dy.shape.ndims == 4:
        known[0] = dy.shape.dims[0].value
    if f.shape.ndims == 4:
        known[1 if nchw else 3] = f.shape.dims[2].value
    return [(f.dtype.base_dtype, shape.merge_with(TensorShape(known)))]


_backprop_input_kernel = _backprop_input_kernel_of(
    _conv_attrs, lambda f_shape: f_shape[3],
    lambda xp, dy, f: xp.tensordot(dy, f, axes=([3], [3])))


def _check_backprop(geo: _Geometry, dy: Any, depth: int) -> None:
    want = (dy.shape[0],) + geo.out + (depth,)
    if tuple(dy.shape) != want:
        raise errors.InvalidArgumentError(
            None, None, f"Conv2DBackprop: out_backprop has shape {shape_str(dy.shape)}, "
                        f"expected {shape_str(want)}")


def _backprop_filter_infer(op):
    x, sizes, dy = op.inputs
    _rank4(x.shape)
    _rank4(dy.shape)
    return [(x.dtype.base_dtype, _sizes_shape(sizes))]


_backprop_filter_kernel = _backprop_filter_kernel_of(
    _conv_attrs, lambda f_shape: f_shape[3],
    lambda xp, cols, dy, f_shape: xp.tensordot(cols, dy, axes=([0, 1, 2], [0, 1, 2])))


def _conv_attr_kwargs(op) -> dict:
    return {k: op.get_attr(k) for k in ("strides", "padding", "use_cudnn_on_gpu",
                                        "data_format", "dilations")}


def _conv2d_grad(op, grad):
    shapes = array_ops.shape_n([op.inputs[0], op.inputs[1]])
    kw = _conv_attr_kwargs(op)
    return [conv2d_backprop_input(shapes[0], op.inputs[1], grad, **kw),
            conv2d_backprop_filter(op.inputs[0], shapes[1], grad, **kw)]


def _backprop_input_grad(op, grad):
    kw = _conv_attr_kwargs(op)
    return [None,
            conv2d_backprop_filter(grad, array_ops.shape(op.inputs[1]), op.inputs[2], **kw),
            _gen_conv2d(grad, op.inputs[1], **kw)]


def _backprop_filter_grad(op, grad):
    kw = _conv_attr_kwargs(op)
    return [conv2d_backprop_input(array_ops.shape(op.inputs[0]), grad, op.inputs[2], **kw),
            None,
            _gen_conv2d(op.inputs[0], grad, **kw)]


registry.register("Conv2D", infer=_conv2d_infer, kernel=_conv2d_kernel, grad=_conv2d_grad)
registry.register("Conv2DBackpropInput", infer=_backprop_input_infer,
                  kernel=_backprop_input_kernel, grad=_backprop_input_grad)
registry.register("Conv2DBackpropFilter", infer=_backprop_filter_infer,
                  kernel=_backprop_filter_kernel, grad=_backprop_filter_grad)


def _check_choice(op_type: str, attr: str, value: Any, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        joined = '", "'.join(allowed)
        raise ValueError(f"Attr '{attr}' of '{op_type}' Op passed string '{value}' not in: "
                         f"\"{joined}\".")


def _window_op(op_type: str, inputs: list, params: tuple, allowed: tuple, attrs: dict,
               name: str | None, paddings: tuple = _PADDINGS) -> Tensor:
    """A convolution or pooling op as gen_nn_ops builds it: attrs checked (inside its name
    scope, so that a refused op still uses up its name, as TF's), size inputs as int32, the
    data inputs of one dtype (the first one's, checked against `allowed`)."""
    g = get_default_graph()
    with g.name_scope(name or op_type) as scope:
        _check_choice(op_type, "padding", attrs["padding"], paddings)
        _check_choice(op_type, "data_format", attrs["data_format"], _FORMATS)
        if attrs["padding"] == "EXPLICIT":  # the Conv2D ops' shape rule, with no paddings given
            raise ValueError("explicit_paddings attribute must contain 8 values, but got: 0")
        tensors = []
        dtype = None
        for value, param in zip(inputs, params):
            if param.endswith(("sizes", "shape")):
                tensors.append(convert_to_tensor(value, dtype=_dtypes.int32, name=param))
                continue
            t = convert_to_tensor(value, dtype=dtype, name=param)
            if dtype is None:
                check_dtype_allowed(t.dtype, param, allowed)
                dtype = t.dtype.base_dtype
            tensors.append(t)
        return g.create_op(op_type, tensors, {"T": dtype, **attrs}, name=scope).outputs[0]


def _conv_op(op_type: str, inputs: list, params: tuple, strides: Any, padding: str,
             use_cudnn_on_gpu: bool, data_format: str, dilations: Any, name: str | None
             ) -> Tensor:
    attrs = {"strides": _check_4("stride", strides, op_type),
             "use_cudnn_on_gpu": bool(use_cudnn_on_gpu), "padding": padding,
             "explicit_paddings": [], "data_format": data_format,
             "dilations": _check_4("dilations", dilations, op_type)}
    return _window_op(op_type, inputs, params, FLOAT_TYPES, attrs, name,
                      _PADDINGS + ("EXPLICIT",))


def _gen_conv2d(input: Any, filter: Any, strides: Any, padding: str,
                use_cudnn_on_gpu: bool = True, data_format: str = "NHWC",
                dilations: Any = (1, 1, 1, 1), name: str | None = None) -> Tensor:
    return _conv_op("Conv2D", [input, filter], ("input", "filter"), strides, padding,
                    use_cudnn_on_gpu, data_format, dilations, name)


def conv2d(input: Any, filter: Any = None, strides: Any = None, padding: Any = None,
           use_cudnn_on_gpu: bool = True, data_format: str = "NHWC",
           dilations: Any = [1, 1, 1, 1], name: str | None = None,  # noqa: B006 - TF's default
           filters: Any = None) -> Tensor:
    """`tf.nn.conv2d` (op Conv2D): `input` `[batch, h, w, in]` (NHWC) correlated with `filter`
    `[k_h, k_w, in, out]`; `filters` is TF 1.15's new name for `filter`."""
    if filter is not None and filters is not None:
        raise ValueError("filter and filters arguments cannot both be specified.")
    filter = filters if filter is None else filter
    nchw = (data_format or "NHWC").startswith("NC")
    return _gen_conv2d(input, filter, _pool_sequence(strides, "strides", nchw), padding,
                       use_cudnn_on_gpu, data_format or "NHWC",
                       _pool_sequence(dilations, "dilations", nchw), name)


def conv2d_backprop_input(input_sizes: Any, filter: Any, out_backprop: Any, strides: Any,
                          padding: str, use_cudnn_on_gpu: bool = True,
                          data_format: str = "NHWC", dilations: Any = [1, 1, 1, 1],  # noqa: B006
                          name: str | None = None) -> Tensor:
    """`tf.nn.conv2d_backprop_input` (op Conv2DBackpropInput): the gradient of Conv2D with
    respect to its input, of shape `input_sizes`."""
    return _conv_op("Conv2DBackpropInput", [input_sizes, filter, out_backprop],
                    ("input_sizes", "filter", "out_backprop"), strides, padding,
                    use_cudnn_on_gpu, data_format, dilations, name)


def conv2d_backprop_filter(input: Any, filter_sizes: Any, out_backprop: Any, strides: Any,
                           padding: str, use_cudnn_on_gpu: bool = True,
                           data_format: str = "NHWC", dilations: Any = [1, 1, 1, 1],  # noqa: B006
                           name: str | None = None) -> Tensor:
    """`tf.nn.conv2d_backprop_filter` (op Conv2DBackpropFilter): the gradient of Conv2D with
    respect to its filter, of shape `filter_sizes`."""
    return _conv_op("Conv2DBackpropFilter", [input, filter_sizes, out_backprop],
                    ("input", "filter_sizes", "out_backprop"), strides, padding,
                    use_cudnn_on_gpu, data_format, dilations, name)


NN_ALL += ["conv2d_backprop_input", "conv2d_backprop_filter"]


# ---- MaxPool, MaxPoolGrad, MaxPoolGradGrad, AvgPool, AvgPoolGrad

def _pool_infer_dims(op, shape: TensorShape) -> TensorShape:
    _rank4(shape)
    if shape.ndims is None:
        return TensorShape([None] * 4)
    nchw = op.get_attr("data_format") == "NCHW"
    k = _spatial(op.get_attr("ksize"), nchw)
    s = _spatial(op.get_attr("strides"), nchw)
    n, h, w, c = _nhwc_dims(shape, nchw)
    padding = op.get_attr("padding")
    oh = _out_and_pad(h, k[0], s[0], 1, padding)[0]
    ow = _out_and_pad(w, k[1], s[1], 1, padding)[0]
    return _from_nhwc([n, oh, ow, c], nchw)


def _pool_infer(op):
    x = op.inputs[0]
    return [(x.dtype.base_dtype, _pool_infer_dims(op, x.shape))]


def _pool_attrs(ctx: registry.KernelContext):
    _check_ones_outside(ctx.attrs, ("ksize", "strides"), "Pooling is not yet supported on the "
                        "batch or depth dimension.")
    nchw = ctx.attrs["data_format"] == "NCHW"
    return (nchw, _spatial(ctx.attrs["ksize"], nchw), _spatial(ctx.attrs["strides"], nchw),
            ctx.attrs["padding"])


def _pool_geometry(shape: tuple, k, s, padding: str) -> _Geometry:
    return _Geometry((shape[1], shape[2]), k, s, (1, 1), padding)


def _lowest(xp: Any, dtype: Any) -> Any:
    kind = xp.dtype(dtype).kind
    return -xp.inf if kind == "f" else xp.iinfo(dtype).min


def _max_windows(xp: Any, geo: _Geometry, x: Any) -> Any:
    """`[n, oh, ow, kh*kw, c]` windows of `x`, padding never the largest entry."""
    cols = geo.windows(xp, geo.pad(xp, x, _lowest(xp, x.dtype)))
    n, oh, ow, kh, kw, c = cols.shape
    return cols.reshape(n, oh, ow, kh * kw, c)


def _max_pool_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    nchw, k, s, padding = _pool_attrs(ctx)
    to_nhwc, from_nhwc = _layout(xp, nchw)

    def max_pool(x):
        _run_4d(x, "input")
        x = to_nhwc(x)
        geo = _pool_geometry(x.shape, k, s, padding)
        return from_nhwc(_max_windows(xp, geo, x).max(axis=3))
    return max_pool


def _grad_infer(op):
    x, g = op.inputs[0], op.inputs[2]
    return [(g.dtype.base_dtype, x.shape)]


def _grad_grad_infer(op):
    y, g = op.inputs[1], op.inputs[2]
    return [(g.dtype.base_dtype, y.shape)]


def _argmax_geometry(xp: Any, x: Any, k, s, padding: str):
    """The pooling windows of `x` and, per output, which window entry is the (first) max:
    TF routes a max pool's gradient to that one input."""
    geo = _pool_geometry(x.shape, k, s, padding)
    return geo, xp.argmax(_max_windows(xp, geo, x), axis=3)


def _max_pool_grad_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    nchw, k, s, padding = _pool_attrs(ctx)
    to_nhwc, from_nhwc = _layout(xp, nchw)

    def max_pool_grad(x, y, g):
        _run_4d(x, "orig_input")
        x, g = to_nhwc(x), to_nhwc(g)
        geo, arg = _argmax_geometry(xp, x, k, s, padding)
        if tuple(g.shape) != (x.shape[0],) + geo.out + (x.shape[3],):
            raise errors.InvalidArgumentError(
                None, None, f"Expected grad shape to be {shape_str(y.shape)}, but got "
                            f"{shape_str(g.shape)}")
        taps = xp.arange(k[0] * k[1]).reshape(1, 1, 1, -1, 1)
        cols = (taps == arg[:, :, :, None, :]) * g[:, :, :, None, :]
        cols = cols.astype(g.dtype).reshape(cols.shape[:3] + (k[0], k[1], cols.shape[4]))
        return from_nhwc(geo.scatter(xp, cols, g.dtype))
    return max_pool_grad


def _max_pool_grad_grad_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    nchw, k, s, padding = _pool_attrs(ctx)
    to_nhwc, from_nhwc = _layout(xp, nchw)

    def max_pool_grad_grad(x, y, g):
        _run_4d(x, "orig_input")
        x, g = to_nhwc(x), to_nhwc(g)
        if g.shape != x.shape:
            raise errors.InvalidArgumentError(
                None, None, f"input and grad must have the same shape: "
                            f"{shape_str(x.shape)} vs {shape_str(g.shape)}")
        geo, arg = _argmax_geometry(xp, x, k, s, padding)
        cols = geo.windows(xp, geo.pad(xp, g))
        n, oh, ow, kh, kw, c = cols.shape
        picked = xp.take_along_axis(cols.reshape(n, oh, ow, kh * kw, c), arg[:, :, :, None, :],
                                    axis=3)
        return from_nhwc(picked[:, :, :, 0, :])
    return max_pool_grad_grad


def _pool_attr_kwargs(op) -> dict:
    return {k: op.get_attr(k) for k in ("ksize", "strides", "padding", "data_format")}


def _max_pool_grad(op, grad):
    return max_pool_grad(op.inputs[0], op.outputs[0], grad, **_pool_attr_kwargs(op))


def _max_pool_grad_grad(op, grad):
    return [array_ops.zeros_like(op.inputs[0]), array_ops.zeros_like(op.inputs[1]),
            max_pool_grad_grad(op.inputs[0], op.inputs[1], grad, **_pool_attr_kwargs(op))]


def _max_pool_grad_grad_grad(op, grad):
    return [array_ops.zeros_like(op.inputs[0]), array_ops.zeros_like(op.inputs[1]),
            max_pool_grad(op.inputs[0], op.inputs[1], grad, **_pool_attr_kwargs(op))]


def _avg_pool_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    nchw, k, s, padding = _pool_attrs(ctx)
    to_nhwc, from_nhwc = _layout(xp, nchw)

    def avg_pool(x):
        _run_4d(x, "input")
        x = to_nhwc(x)
        geo = _pool_geometry(x.shape, k, s, padding)
        total = geo.windows(xp, geo.pad(xp, x)).sum(axis=(3, 4))
        return from_nhwc((total / _counts(xp, geo, x.dtype)).astype(x.dtype))
    return avg_pool


def _counts(xp: Any, geo: _Geometry, dtype: Any) -> Any:
    """How many real (unpadded) inputs each window averages, `[1, oh, ow, 1]`."""
    ones = xp.ones((1,) + geo.hw + (1,), dtype)
    return geo.windows(xp, geo.pad(xp, ones)).sum(axis=(3, 4))


def _avg_pool_grad_infer(op):
    sizes, g = op.inputs
    _rank4(g.shape)
    return [(g.dtype.base_dtype, _sizes_shape(sizes))]


def _avg_pool_grad_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    nchw, k, s, padding = _pool_attrs(ctx)
    to_nhwc, from_nhwc = _layout(xp, nchw)

    def avg_pool_grad(orig_input_shape, g):
        x_shape = _nhwc_sizes(orig_input_shape, nchw)
        g = to_nhwc(g)
        geo = _pool_geometry(x_shape, k, s, padding)
        if tuple(g.shape) != (x_shape[0],) + geo.out + (x_shape[3],):
            raise errors.InvalidArgumentError(
                None, None, f"AvgPoolGrad: grad has shape {shape_str(g.shape)}, expected "
                            f"{shape_str((x_shape[0],) + geo.out + (x_shape[3],))}")
        share = (g / _counts(xp, geo, g.dtype)).astype(g.dtype)
        cols = xp.broadcast_to(share[:, :, :, None, None, :], share.shape[:3] + k +
                               (share.shape[3],))
        return from_nhwc(geo.scatter(xp, cols, g.dtype))
    return avg_pool_grad


def _avg_pool_grad(op, grad):
    return avg_pool_grad(array_ops.shape(op.inputs[0]), grad, **_pool_attr_kwargs(op))


def _avg_pool_grad_grad(op, grad):
    return [array_ops.stop_gradient(op.inputs[0]),
            _pool_op("AvgPool", [grad], ("value",), FLOAT_TYPES, **_pool_attr_kwargs(op))]


registry.register("MaxPool", infer=_pool_infer, kernel=_max_pool_kernel, grad=_max_pool_grad)
registry.register("MaxPoolGrad", infer=_grad_infer, kernel=_max_pool_grad_kernel,
                  grad=_max_pool_grad_grad)
registry.register("MaxPoolGradGrad", infer=_grad_grad_infer, kernel=_max_pool_grad_grad_kernel,
                  grad=_max_pool_grad_grad_grad)
registry.register("AvgPool", infer=_pool_infer, kernel=_avg_pool_kernel, grad=_avg_pool_grad)
registry.register("AvgPoolGrad", infer=_avg_pool_grad_infer, kernel=_avg_pool_grad_kernel,
                  grad=_avg_pool_grad_grad)


def _get_sequence(value: Any, n: int, channel_index: int, what: str) -> list[int]:
    """TF 1.15's `_get_sequence`: None, an int, or 1, n or n + 2 numbers as the attr of n
    spatial dimensions plus the batch and channel ones (at `channel_index`, 1 or last)."""
    if value is None:
        value = [1]
    elif isinstance(value, int):
        value = [value]
    value = [int(v) for v in value]
    if len(value) == n + 2:
        return value
    if len(value) == 1:
        value = value * n
    elif len(value) != n:
        raise ValueError(f"{what} should be of length 1, {n} or {n + 2} but was {len(value)}")
    return [1, 1] + value if channel_index == 1 else [1] + value + [1]


def _pool_sequence(value: Any, what: str, nchw: bool) -> list[int]:
    """The 4-entry attr of conv2d's and the pools' window arguments."""
    return _get_sequence(value, 2, 1 if nchw else 3, what)


def _pool_op(op_type: str, inputs: list, params: tuple, allowed: tuple, ksize: Any,
             strides: Any, padding: str, data_format: str, name: str | None = None) -> Tensor:
    attrs = {"ksize": _check_4("ksize", ksize, op_type),
             "strides": _check_4("stride", strides, op_type), "padding": padding,
             "data_format": data_format}
    return _window_op(op_type, inputs, params, allowed, attrs, name)


def _pool(op_type: str, default: str, value: Any, ksize: Any, strides: Any, padding: str,
          data_format: str, name: str | None, input: Any, allowed: tuple) -> Tensor:
    if value is not None and input is not None:
        raise ValueError("value and input arguments cannot both be specified.")
    value = input if value is None else value
    nchw = data_format.startswith("NC")
    with get_default_graph().name_scope(name or default) as scope:
        value = convert_to_tensor(value, name="input")
        return _pool_op(op_type, [value], ("input",), allowed,
                        _pool_sequence(ksize, "ksize", nchw),
                        _pool_sequence(strides, "strides", nchw), padding, data_format,
                        name=scope)


def max_pool(value: Any, ksize: Any, strides: Any, padding: str, data_format: str = "NHWC",
             name: str | None = None, input: Any = None) -> Tensor:
    """`tf.nn.max_pool` (op MaxPool): the max of each `ksize` window of `value`."""
    return _pool("MaxPool", "MaxPool", value, ksize, strides, padding, data_format, name, input,
                 _MAXPOOL_TYPES)


def avg_pool(value: Any, ksize: Any, strides: Any, padding: str, data_format: str = "NHWC",
             name: str | None = None, input: Any = None) -> Tensor:
    """`tf.nn.avg_pool` (op AvgPool): the mean of each window's real (unpadded) entries."""
    return _pool("AvgPool", "AvgPool", value, ksize, strides, padding, data_format, name, input,
                 FLOAT_TYPES)


def max_pool_grad(orig_input: Any, orig_output: Any, grad: Any, ksize: Any, strides: Any,
                  padding: str, data_format: str = "NHWC", name: str | None = None) -> Tensor:
    """gen_nn_ops.max_pool_grad (op MaxPoolGrad): each output's gradient sent to the first
    maximal input of its window."""
    return _pool_op("MaxPoolGrad", [orig_input, orig_output, grad],
                    ("orig_input", "orig_output", "grad"), REAL_TYPES, ksize, strides, padding,
                    data_format, name)


def max_pool_grad_grad(orig_input: Any, orig_output: Any, grad: Any, ksize: Any, strides: Any,
                       padding: str, data_format: str = "NHWC",
                       name: str | None = None) -> Tensor:
    """gen_nn_ops.max_pool_grad_grad (op MaxPoolGradGrad): `grad` (input-shaped) read at
    each window's first maximal input."""
    return _pool_op("MaxPoolGradGrad", [orig_input, orig_output, grad],
                    ("orig_input", "orig_output", "grad"), REAL_TYPES, ksize, strides, padding,
                    data_format, name)


def avg_pool_grad(orig_input_shape: Any, grad: Any, ksize: Any, strides: Any, padding: str,
                  data_format: str = "NHWC", name: str | None = None) -> Tensor:
    """gen_nn_ops.avg_pool_grad (op AvgPoolGrad): each output's gradient shared evenly among
    the real inputs of its window."""
    return _pool_op("AvgPoolGrad", [orig_input_shape, grad], ("orig_input_shape", "grad"),
                    FLOAT_TYPES, ksize, strides, padding, data_format, name)


# ---- conv1d: a Conv2D over a height-1 image

def _sequence_1d(value: Any, what: str) -> int:
    """An int or a one-entry sequence, as conv1d's stride and dilations take them."""
    if value is None:
        return 1
    if isinstance(value, int):
        return value
    value = [int(v) for v in value]
    if len(value) != 1:
        raise ValueError(f"{what} should be of length 1, 1 or 3 but was {len(value)}")
    return value[0]


def conv1d(value: Any = None, filters: Any = None, stride: Any = None, padding: Any = None,
           use_cudnn_on_gpu: Any = None, data_format: str | None = None,
           name: str | None = None, input: Any = None, dilations: Any = None) -> Tensor:
    """`tf.nn.conv1d`: `value` `[batch, width, in]` (NWC) correlated with `filters`
    `[k, in, out]`. As in TF, built as ExpandDims of both to 2-D, a Conv2D named `conv1d` and
    a Squeeze of the added axis; `input` is TF 1.15's new name for `value`."""
    if value is not None and input is not None:
        raise ValueError("value and input arguments cannot both be specified.")
    value = input if value is None else value
    if data_format in (None, "NHWC", "NWC"):
        data_format, spatial_start_dim = "NHWC", 1
    elif data_format in ("NCHW", "NCW"):
        data_format, spatial_start_dim = "NCHW", 2
    else:
        raise ValueError('data_format must be "NWC" or "NCW".')
    s = _sequence_1d(stride, "stride")
    d = _sequence_1d(dilations, "dilations")
    strides = [1, 1, 1, s] if data_format == "NCHW" else [1, 1, s, 1]
    dilation_attr = [1, 1, 1, d] if data_format == "NCHW" else [1, 1, d, 1]
    with get_default_graph().name_scope(name or "conv1d") as scope:
        value = array_ops.expand_dims(value, spatial_start_dim)
        filters = array_ops.expand_dims(filters, 0)
        result = _gen_conv2d(value, filters, strides, padding,
                             True if use_cudnn_on_gpu is None else use_cudnn_on_gpu,
                             data_format, dilation_attr, name=scope)
        return array_ops.squeeze(result, [spatial_start_dim])


NN_ALL += ["conv1d"]


# ---- max_pool1d, avg_pool1d: 2-D pools over a height-1 image

def _pool1d(op_type: str, default: str, input: Any, ksize: Any, strides: Any, padding: str,
            data_format: str, name: str | None, allowed: tuple) -> Tensor:
    """As TF 1.15: anything but "NWC" is taken as "NCW", whose height axis is inserted at 2
    while the window stays on that inserted axis (TF's own quirk)."""
    with get_default_graph().name_scope(name or default) as scope:
        if data_format == "NWC":
            data_format, expanding_dim = "NHWC", 1
        else:
            data_format, expanding_dim = "NCHW", 2
        ksize = [1] + _get_sequence(ksize, 1, 2, "ksize")
        strides = [1] + _get_sequence(strides, 1, 2, "strides")
        x = array_ops.expand_dims(input, expanding_dim)
        result = _pool_op(op_type, [x], ("input",), allowed, ksize, strides, padding,
                          data_format, name=scope)
        return array_ops.squeeze(result, [expanding_dim])


def max_pool1d(input: Any, ksize: Any, strides: Any, padding: str, data_format: str = "NWC",
               name: str | None = None) -> Tensor:
    """`tf.nn.max_pool1d`: MaxPool of `input` `[batch, width, channels]` expanded to height
    1 (ExpandDims, MaxPool `MaxPool1d`, Squeeze)."""
    return _pool1d("MaxPool", "MaxPool1d", input, ksize, strides, padding, data_format, name,
                   _MAXPOOL_TYPES)


def avg_pool1d(input: Any, ksize: Any, strides: Any, padding: str, data_format: str = "NWC",
               name: str | None = None) -> Tensor:
    """`tf.nn.avg_pool1d`: AvgPool of `input` `[batch, width, channels]` expanded to height
    1 (ExpandDims, AvgPool `AvgPool1D`, Squeeze)."""
    return _pool1d("AvgPool", "AvgPool1D", input, ksize, strides, padding, data_format, name,
                   FLOAT_TYPES)


# ---- conv2d_transpose: Conv2DBackpropInput with the output shape given

def conv2d_transpose(value: Any = None, filter: Any = None, output_shape: Any = None,
                     strides: Any = None, padding: str = "SAME", data_format: str = "NHWC",
                     name: str | None = None, input: Any = None, filters: Any = None,
                     dilations: Any = None) -> Tensor:
    """`tf.nn.conv2d_transpose`: the transpose of conv2d (its gradient with respect to the
    input), op Conv2DBackpropInput named `conv2d_transpose`, producing `output_shape` from
    `value` with `filter` `[k_h, k_w, out_channels, in_channels]`; `input` and `filters` are
    TF 1.15's new names of `value` and `filter`."""
    value = deprecated_argument("input", input, "value", value)
    filter = deprecated_argument("filters", filters, "filter", filter)
    g = get_default_graph()
    with g.name_scope(name or "conv2d_transpose") as scope:
        data_format = data_format or "NHWC"
        channel_index = 1 if data_format.startswith("NC") else 3
        return conv2d_backprop_input(output_shape, filter, value,
                                     _get_sequence(strides, 2, channel_index, "strides"),
                                     padding, data_format=data_format,
                                     dilations=_get_sequence(dilations, 2, channel_index,
                                                             "dilations"),
                                     name=scope)


NN_ALL += ["max_pool1d", "avg_pool1d", "conv2d_transpose"]


# ---- DepthwiseConv2dNative with its two backprop ops

def _depthwise_infer(op):
    x, f = op.inputs
    _rank4(x.shape)
    _rank4(f.shape)
    nchw = op.get_attr("data_format") == "NCHW"
    s = _spatial(op.get_attr("strides"), nchw)
    d = _spatial(op.get_attr("dilations"), nchw)
    n, h, w, c = [None] * 4 if x.shape.ndims is None else _nhwc_dims(x.shape, nchw)
    kh, kw, fc, m = [None] * 4 if f.shape.ndims is None else f.shape.as_list()
    if c is not None and fc is not None and c != fc:
        raise ValueError(f"Dimensions must be equal, but are {c} and {fc}")
    c = c if c is not None else fc
    padding = op.get_attr("padding")
    oh = _out_and_pad(h, kh, s[0], d[0], padding)[0] if kh is not None else None
    ow = _out_and_pad(w, kw, s[1], d[1], padding)[0] if kw is not None else None
    depth = c * m if c is not None and m is not None else None
    return [(x.dtype.base_dtype, _from_nhwc([n, oh, ow, depth], nchw))]


def _depthwise_attrs(ctx: registry.KernelContext):
    nchw, s, d, padding = _conv_attrs(ctx)
    if s[0] != s[1]:
        raise errors.InvalidArgumentError(
            None, None, "Current implementation only supports equal length strides in the row "
                        "and column dimensions.")
    return nchw, s, d, padding


def _depthwise_depth(f_shape) -> int:
    return f_shape[2] * f_shape[3]


def _depthwise_forward(xp, cols, f):
    y = xp.einsum("nhwabc,abcm->nhwcm", cols, f)
    return y.reshape(y.shape[:3] + (-1,))


def _depthwise_input_windows(xp, dy, f):
    return xp.einsum("nhwcm,abcm->nhwabc", dy.reshape(dy.shape[:3] + f.shape[2:]), f)


def _depthwise_filter(xp, cols, dy, f_shape):
    return xp.einsum("nhwabc,nhwcm->abcm", cols, dy.reshape(dy.shape[:3] + tuple(f_shape[2:])))


_depthwise_kernel = _forward_kernel(_depthwise_attrs, _depthwise_forward)
_depthwise_backprop_input_kernel = _backprop_input_kernel_of(_depthwise_attrs, _depthwise_depth,
                                                             _depthwise_input_windows)
_depthwise_backprop_filter_kernel = _backprop_filter_kernel_of(
    _depthwise_attrs, _depthwise_depth, _depthwise_filter)


def _depthwise_attr_kwargs(op) -> dict:
    return {k: op.get_attr(k) for k in ("strides", "padding", "data_format", "dilations")}


def _depthwise_grad(op, grad):
    kw = _depthwise_attr_kwargs(op)
    return [depthwise_conv2d_native_backprop_input(array_ops.shape(op.inputs[0]), op.inputs[1],
                                                   grad, **kw),
            depthwise_conv2d_native_backprop_filter(op.inputs[0], array_ops.shape(op.inputs[1]),
                                                    grad, **kw)]


def _depthwise_backprop_input_grad(op, grad):
    kw = _depthwise_attr_kwargs(op)
    return [None,
            depthwise_conv2d_native_backprop_filter(grad, array_ops.shape(op.inputs[1]),
                                                    op.inputs[2], **kw),
            depthwise_conv2d_native(grad, op.inputs[1], **kw)]


def _depthwise_backprop_filter_grad(op, grad):
    kw = _depthwise_attr_kwargs(op)
    return [depthwise_conv2d_native_backprop_input(array_ops.shape(op.inputs[0]), grad,
                                                   op.inputs[2], **kw),
            None,
            depthwise_conv2d_native(op.inputs[0], grad, **kw)]


registry.register("DepthwiseConv2dNative", infer=_depthwise_infer, kernel=_depthwise_kernel,
                  grad=_depthwise_grad)
registry.register("DepthwiseConv2dNativeBackpropInput", infer=_backprop_input_infer,
                  kernel=_depthwise_backprop_input_kernel, grad=_depthwise_backprop_input_grad)
registry.register("DepthwiseConv2dNativeBackpropFilter", infer=_backprop_filter_infer,
                  kernel=_depthwise_backprop_filter_kernel, grad=_depthwise_backprop_filter_grad)


def _depthwise_op(op_type: str, inputs: list, params: tuple, strides: Any, padding: str,
                  data_format: str, dilations: Any, name: str | None) -> Tensor:
    attrs = {"strides": _check_4("stride", strides, op_type), "padding": padding,
             "data_format": data_format,
             "dilations": _check_4("dilations", dilations, op_type)}
    return _window_op(op_type, inputs, params, FLOAT_TYPES, attrs, name,
                      _PADDINGS + ("EXPLICIT",))


def depthwise_conv2d_native(input: Any, filter: Any, strides: Any, padding: str,
                            data_format: str = "NHWC",
                            dilations: Any = [1, 1, 1, 1],  # noqa: B006 - TF's default
                            name: str | None = None) -> Tensor:
    """`tf.nn.depthwise_conv2d_native` (op DepthwiseConv2dNative): each input channel `k`
    correlated with `filter[:, :, k, :]` `[k_h, k_w, in, multiplier]`, output channel
    `k * multiplier + q`."""
    return _depthwise_op("DepthwiseConv2dNative", [input, filter], ("input", "filter"),
                         strides, padding, data_format, dilations, name)


def depthwise_conv2d_native_backprop_input(input_sizes: Any, filter: Any, out_backprop: Any,
                                           strides: Any, padding: str,
                                           data_format: str = "NHWC",
                                           dilations: Any = [1, 1, 1, 1],  # noqa: B006
                                           name: str | None = None) -> Tensor:
    """`tf.nn.depthwise_conv2d_native_backprop_input` (op
    DepthwiseConv2dNativeBackpropInput): the gradient of the depthwise convolution with
    respect to its input, of shape `input_sizes`."""
    return _depthwise_op("DepthwiseConv2dNativeBackpropInput", [input_sizes, filter, out_backprop],
                         ("input_sizes", "filter", "out_backprop"), strides, padding, data_format,
                         dilations, name)


def depthwise_conv2d_native_backprop_filter(input: Any, filter_sizes: Any, out_backprop: Any,
                                            strides: Any, padding: str,
                                            data_format: str = "NHWC",
                                            dilations: Any = [1, 1, 1, 1],  # noqa: B006
                                            name: str | None = None) -> Tensor:
    """`tf.nn.depthwise_conv2d_native_backprop_filter` (op
    DepthwiseConv2dNativeBackpropFilter): the gradient of the depthwise convolution with
    respect to its filter, of shape `filter_sizes`."""
    return _depthwise_op("DepthwiseConv2dNativeBackpropFilter",
                         [input, filter_sizes, out_backprop],
                         ("input", "filter_sizes", "out_backprop"), strides, padding,
                         data_format, dilations, name)


NN_ALL += ["depthwise_conv2d_native", "depthwise_conv2d_native_backprop_input",
           "depthwise_conv2d_native_backprop_filter"]
# TF 1.15's shorter aliases of the two backprops (the very same functions)
depthwise_conv2d_backprop_input = depthwise_conv2d_native_backprop_input
depthwise_conv2d_backprop_filter = depthwise_conv2d_native_backprop_filter
NN_ALL += ["depthwise_conv2d_backprop_input", "depthwise_conv2d_backprop_filter"]


# ---- with_space_to_batch: dilation as SpaceToBatchND, a VALID op, BatchToSpaceND

def _required_paddings(input_spatial: Any, base: Any, rate: Any) -> tuple[Any, Any]:
    """TF's required_space_to_batch_paddings, in scope `required_space_to_batch_paddings`:
    Consts when every piece is static, else ops."""
    from ..framework.convert import constant, constant_value
    from . import math as math_ops
    with get_default_graph().name_scope("required_space_to_batch_paddings"):
        shape_t = convert_to_tensor(input_spatial, dtype=_dtypes.int32, name="input_shape")
        base_t = convert_to_tensor(base, dtype=_dtypes.int32, name="base_paddings")
        rate_t = convert_to_tensor(rate, dtype=_dtypes.int32, name="block_shape")
        values = [constant_value(t) for t in (shape_t, base_t, rate_t)]
        if all(v is not None for v in values):
            size, b, r = ([int(v) for v in a.reshape(-1)] for a in values)
            starts, ends = b[0::2], b[1::2]
            extra = [(rr - (s + p0 + p1) % rr) % rr
                     for s, p0, p1, rr in zip(size, starts, ends, r)]
            paddings = [[p0, p1 + e] for p0, p1, e in zip(starts, ends, extra)]
            return (constant(paddings, _dtypes.int32, name="paddings"),
                    constant([[0, e] for e in extra], _dtypes.int32, name="crops"))
        start, end = base_t[:, 0], base_t[:, 1]
        full = shape_t + start + end
        extra = math_ops.floormod(rate_t - math_ops.floormod(full, rate_t), rate_t)
        return (array_ops.stack([start, end + extra], axis=1, name="paddings"),
                array_ops.stack([array_ops.zeros_like(extra), extra], axis=1, name="crops"))


def _space_to_batch_adjust(t: Tensor, fill: Any, nchw: bool) -> Any:
    """TF's _with_space_to_batch_adjust: `t` with a `fill` row for the channel axis of NCHW;
    a static `t` comes back as a Python value, so each op makes a Const of its own
    (`SpaceToBatchND/block_shape`, `BatchToSpaceND/crops`, ...) as in TF."""
    from ..framework.convert import constant_value
    value = constant_value(t)
    if value is not None:
        return ([fill] if nchw else []) + value.tolist()
    return array_ops.concat([[fill], t], 0) if nchw else t


def _with_space_to_batch(input: Tensor, filter_shape: Any, rate: Any, padding: str,
                         data_format: str | None, op) -> Tensor:
    """TF's nn_ops.with_space_to_batch over the spatial dimensions `rate` covers:
    `op(input, padding)` alone when every rate is 1, else `op(..., "VALID")` between
    SpaceToBatchND and BatchToSpaceND with the paddings a SAME (or VALID) dilated window
    needs."""
    from ..framework.convert import constant_value
    rate_t = convert_to_tensor(rate, dtype=_dtypes.int32, name="dilation_rate")
    if rate_t.shape.ndims not in (None, 1):
        raise ValueError("rate must be rank 1")
    if not rate_t.shape.is_fully_defined():
        raise ValueError("rate must have known shape")
    const_rate = constant_value(rate_t)
    if const_rate is not None:
        if (const_rate < 1).any():
            raise ValueError("dilation_rate must be positive")
        if (const_rate == 1).all():
            return op(input, padding)
    if padding not in _PADDINGS:
        raise ValueError(f"Invalid padding method {padding!r}")
    nchw = data_format is not None and data_format.startswith("NC")
    num = rate_t.shape.dims[0].value
    spatial = list(range(2, 2 + num)) if nchw else list(range(1, 1 + num))
    input.shape.with_rank_at_least(spatial[-1] if nchw else spatial[-1] + 1)
    if padding == "SAME":
        filter_shape = convert_to_tensor(filter_shape, name="filter_shape")
        fs = constant_value(filter_shape)
        if fs is not None and const_rate is not None:
            ext = [(int(k) - 1) * int(r) for k, r in zip(fs[:num], const_rate)]
            base = array_ops.stack([[e // 2, e - e // 2] for e in ext])
        else:
            k = filter_shape[:num]
            ext = (k - 1) * rate_t
            start = ext // 2
            base = array_ops.stack([start, ext - start], axis=1)
    else:
        base = [[0, 0]] * num
    dims = input.shape.as_list() if input.shape.ndims is not None else None
    input_spatial = None if dims is None else [dims[i] for i in spatial]
    if input_spatial is None or None in input_spatial:
        shape_t = array_ops.shape(input)
        input_spatial = array_ops.stack([shape_t[i] for i in spatial])
    paddings, crops = _required_paddings(input_spatial, base, rate_t)
    block = _space_to_batch_adjust(rate_t, 1, nchw)
    paddings = _space_to_batch_adjust(paddings, [0, 0], nchw)
    crops = _space_to_batch_adjust(crops, [0, 0], nchw)
    converted = array_ops.space_to_batch_nd(input, block_shape=block, paddings=paddings)
    result = op(converted, "VALID")
    return array_ops.batch_to_space_nd(result, block_shape=block, crops=crops)


def depthwise_conv2d(input: Any, filter: Any, strides: Any, padding: str, rate: Any = None,
                     name: str | None = None, data_format: str | None = None,
                     dilations: Any = None) -> Tensor:
    """`tf.nn.depthwise_conv2d`: DepthwiseConv2dNative named `depthwise` (the scope), with
    `rate` (or its new name `dilations`) above 1 done as SpaceToBatchND, the native op in
    VALID padding and BatchToSpaceND, as TF's with_space_to_batch builds it."""
    rate = deprecated_argument("dilations", dilations, "rate", rate)
    g = get_default_graph()
    with g.name_scope(name or "depthwise") as scope:
        input = convert_to_tensor(input, name="tensor_in")
        filter = convert_to_tensor(filter, name="filter_in")
        if rate is None:
            rate = [1, 1]

        def op(converted, pad):
            return depthwise_conv2d_native(converted, filter, strides, pad,
                                           data_format=data_format or "NHWC", name=scope)

        return _with_space_to_batch(input, array_ops.shape(filter), rate, padding,
                                    data_format, op)


def separable_conv2d(input: Any, depthwise_filter: Any, pointwise_filter: Any, strides: Any,
                     padding: str, rate: Any = None, name: str | None = None,
                     data_format: str | None = None, dilations: Any = None) -> Tensor:
    """`tf.nn.separable_conv2d`: a depthwise convolution (DepthwiseConv2dNative
    `separable_conv2d/depthwise`, dilated by `rate` as depthwise_conv2d is) followed by a 1x1
    Conv2D named `separable_conv2d` with `pointwise_filter` `[1, 1, in * multiplier, out]`."""
    rate = deprecated_argument("dilations", dilations, "rate", rate)
    g = get_default_graph()
    with g.name_scope(name or "separable_conv2d") as scope:
        input = convert_to_tensor(input, name="tensor_in")
        depthwise_filter = convert_to_tensor(depthwise_filter, name="depthwise_filter")
        pointwise_filter = convert_to_tensor(pointwise_filter, name="pointwise_filter")
        pw_shape = pointwise_filter.shape.with_rank(4)
        pw_shape.dims[0].assert_is_compatible_with(1)
        pw_shape.dims[1].assert_is_compatible_with(1)
        if rate is None:
            rate = [1, 1]

        def op(converted, pad):
            return depthwise_conv2d_native(converted, depthwise_filter, strides, pad,
                                           data_format=data_format or "NHWC", name="depthwise")

        depthwise = _with_space_to_batch(input, array_ops.shape(depthwise_filter), rate,
                                         padding, data_format, op)
        return _gen_conv2d(depthwise, pointwise_filter, [1, 1, 1, 1], "VALID",
                           data_format=data_format or "NHWC", name=scope)


def atrous_conv2d(value: Any, filters: Any, rate: int, padding: str,
                  name: str | None = None) -> Tensor:
    """`tf.nn.atrous_conv2d`: TF 1.15's convolution with dilation_rate [rate, rate] in scope
    `convolution`: a plain Conv2D named `convolution` for rate 1, else SpaceToBatchND, a
    VALID Conv2D and BatchToSpaceND."""
    g = get_default_graph()
    with g.name_scope(name or "convolution") as scope:
        value = convert_to_tensor(value, name="input")
        filters = convert_to_tensor(filters, name="filter")
        rates = [int(rate)] * 2
        if rates == [1, 1]:
            return _gen_conv2d(value, filters, [1, 1, 1, 1], padding,
                               dilations=[1, 1, 1, 1], name=scope)
        _rank4(value.shape)
        _rank4(filters.shape)

        def op(converted, pad):
            return _gen_conv2d(converted, filters, [1, 1, 1, 1], pad, name=scope)

        return _with_space_to_batch(value, filters.shape, rates, padding, None, op)


def _strides_and_dilation_rate(num_spatial_dims: int, strides: Any, dilation_rate: Any
                               ) -> tuple[list[int], list[int]]:
    """TF's checks of `convolution`'s per-spatial-dimension strides and dilation rates."""
    def checked(values: Any, what: str) -> list[int]:
        values = [1] * num_spatial_dims if values is None else [int(v) for v in values]
        if len(values) != num_spatial_dims:
            raise ValueError(f"len({what})={len(values)} but should be {num_spatial_dims}")
        if min(values) < 1:
            raise ValueError(f"all values of {what} must be positive")
        return values
    rates, strides = checked(dilation_rate, "dilation_rate"), checked(strides, "strides")
    if max(strides) > 1 and max(rates) > 1:
        raise ValueError("strides > 1 not supported in conjunction with dilation_rate > 1")
    return strides, rates


def _convolution_spatial_dims(input_shape: TensorShape, filter_shape: TensorShape) -> int:
    """The number of spatial dimensions, from the filter's rank (else the input's), with TF's
    errors for ranks that disagree or that no convolution takes."""
    rank = filter_shape.ndims if filter_shape.ndims is not None else input_shape.ndims
    if rank is None:
        raise ValueError("rank of input or filter must be known")
    for shape, what in ((input_shape, "input"), (filter_shape, "filter")):
        if shape.ndims not in (None, rank):
            raise ValueError(f"{what} tensor must have rank {rank}")
    if rank not in (3, 4, 5):
        raise ValueError(f"Input tensor must be of rank 3, 4 or 5 but was {rank}.")
    return rank - 2


def convolution(input: Any, filter: Any = None, padding: Any = None, strides: Any = None,
                dilation_rate: Any = None, name: str | None = None,
                data_format: str | None = None, filters: Any = None,
                dilations: Any = None) -> Tensor:
    """`tf.nn.convolution`: the N-d (N = 1, 2, 3, from the filter's rank) convolution, in
    scope `convolution`: conv1d, Conv2D or Conv3D named after the scope, dilated (rates above 1)
    between SpaceToBatchND and BatchToSpaceND as TF's with_space_to_batch builds it."""
    filter = deprecated_argument("filters", filters, "filter", filter)
    dilation_rate = deprecated_argument("dilations", dilations, "dilation_rate", dilation_rate)
    with get_default_graph().name_scope(name or "convolution") as scope:
        input = convert_to_tensor(input, name="input")
        filter = convert_to_tensor(filter, name="filter")
        num = _convolution_spatial_dims(input.shape, filter.shape)
        strides, rates = _strides_and_dilation_rate(num, strides, dilation_rate)
        channels_first = data_format is not None and data_format.startswith("NC")

        def op(converted: Tensor, pad: str) -> Tensor:
            if num == 1:
                return conv1d(converted, filter, strides[0], pad, data_format=data_format,
                              name=scope)
            full = [1, 1] + strides if channels_first else [1] + strides + [1]
            if num == 2:
                return _gen_conv2d(converted, filter, full, pad,
                                   data_format=data_format or "NHWC", name=scope)
            return conv3d(converted, filter, full, pad, data_format=data_format or "NDHWC",
                          name=scope)
        if max(rates) == 1:
            return op(input, padding)
        return _with_space_to_batch(input, filter.shape, rates, padding, data_format, op)


NN_ALL += ["depthwise_conv2d", "separable_conv2d", "atrous_conv2d", "convolution"]


# ---- MaxPoolWithArgmax, MaxPoolGradWithArgmax, MaxPoolGradGradWithArgmax (NHWC only)

def _argmax_pool_attrs(ctx: registry.KernelContext):
    attrs = dict(ctx.attrs, data_format="NHWC")
    _check_ones_outside(attrs, ("ksize", "strides"), "Pooling is not yet supported on the "
                        "batch or depth dimension.")
    return (_spatial(attrs["ksize"], False), _spatial(attrs["strides"], False),
            attrs["padding"], attrs["include_batch_in_index"])


def _max_pool_argmax_infer(op):
    x = op.inputs[0]
    _rank4(x.shape)
    if x.shape.ndims is None:
        shape = TensorShape([None] * 4)
    else:
        k, s = _spatial(op.get_attr("ksize"), False), _spatial(op.get_attr("strides"), False)
        n, h, w, c = x.shape.as_list()
        padding = op.get_attr("padding")
        shape = TensorShape([n, _out_and_pad(h, k[0], s[0], 1, padding)[0],
                             _out_and_pad(w, k[1], s[1], 1, padding)[0], c])
    return [(x.dtype.base_dtype, shape), (op.get_attr("Targmax"), shape)]


def _flat_argmax(xp: Any, x: Any, k, s, padding: str, with_batch: bool) -> tuple[Any, Any]:
    """(max, index of the first max in the flattened image, `(y * W + x) * C + c`, plus the
    batch's offset `b * H * W * C` when `with_batch`) per window."""
    geo, arg = _argmax_geometry(xp, x, k, s, padding)
    n, h, w, c = x.shape
    oh, ow = geo.out
    rows = (xp.arange(oh) * s[0] - geo.pads[0][0]).reshape(1, oh, 1, 1) + arg // k[1]
    cols = (xp.arange(ow) * s[1] - geo.pads[1][0]).reshape(1, 1, ow, 1) + arg % k[1]
    index = (rows * w + cols) * c + xp.arange(c).reshape(1, 1, 1, c)
    if with_batch:
        index = index + (xp.arange(n) * (h * w * c)).reshape(n, 1, 1, 1)
    return geo, index


def _max_pool_argmax_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    k, s, padding, with_batch = _argmax_pool_attrs(ctx)
    index_type = ctx.attrs["Targmax"].as_numpy_dtype

    def max_pool_with_argmax(x):
        _run_4d(x, "input")
        geo, index = _flat_argmax(xp, x, k, s, padding, with_batch)
        return _max_windows(xp, geo, x).max(axis=3), index.astype(index_type)
    return max_pool_with_argmax


def _argmax_offsets(xp: Any, argmax: Any, size: int, with_batch: bool) -> Any:
    """`argmax` as indices into the whole flattened batch, checked against its `size`."""
    index = argmax.astype(xp.int64)
    if not with_batch:
        per_image = size // max(argmax.shape[0], 1)
        index = index + (xp.arange(argmax.shape[0]) * per_image).reshape(-1, 1, 1, 1)
    if index.size and (int(index.min()) < 0 or int(index.max()) >= size):
        raise errors.InvalidArgumentError(None, None, "Invalid argmax index: an argmax is out "
                                                      "of the input's range")
    return index.reshape(-1)


def _max_pool_grad_argmax_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    k, s, padding, with_batch = _argmax_pool_attrs(ctx)

    def max_pool_grad_with_argmax(x, g, argmax):
        _run_4d(x, "input")
        geo = _pool_geometry(x.shape, k, s, padding)
        want = (x.shape[0],) + geo.out + (x.shape[3],)
        if tuple(g.shape) != want or tuple(argmax.shape) != want:
            raise errors.InvalidArgumentError(
                None, None, f"Expected grad shape to be {shape_str(want)}, but got "
                            f"{shape_str(g.shape)}")
        out = xp.zeros(x.size, g.dtype)
        xp.add.at(out, _argmax_offsets(xp, argmax, x.size, with_batch), g.reshape(-1))
        return out.reshape(x.shape)
    return max_pool_grad_with_argmax


def _max_pool_grad_grad_argmax_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    with_batch = _argmax_pool_attrs(ctx)[3]

    def max_pool_grad_grad_with_argmax(x, g, argmax):
        _run_4d(x, "input")
        if g.shape != x.shape:
            raise errors.InvalidArgumentError(
                None, None, f"input and grad must have the same shape: "
                            f"{shape_str(x.shape)} vs {shape_str(g.shape)}")
        picked = g.reshape(-1)[_argmax_offsets(xp, argmax, x.size, with_batch)]
        return picked.reshape(argmax.shape)
    return max_pool_grad_grad_with_argmax


def _argmax_grad_infer(op):
    x, g = op.inputs[0], op.inputs[1]
    return [(g.dtype.base_dtype, x.shape)]


def _argmax_grad_grad_infer(op):
    g, argmax = op.inputs[1], op.inputs[2]
    return [(g.dtype.base_dtype, argmax.shape)]


def _argmax_kwargs(op) -> dict:
    return {"ksize": op.get_attr("ksize"), "strides": op.get_attr("strides"),
            "padding": op.get_attr("padding"),
            "include_batch_in_index": op.get_attr("include_batch_in_index")}


def _max_pool_argmax_grad(op, grad, unused_argmax_grad):
    return [_argmax_grad_op("MaxPoolGradWithArgmax", op.inputs[0], grad, op.outputs[1],
                            **_argmax_kwargs(op))]


registry.register("MaxPoolWithArgmax", infer=_max_pool_argmax_infer,
                  kernel=_max_pool_argmax_kernel, grad=_max_pool_argmax_grad)
# TF registers no gradient for these two (tf.gradients raises LookupError): tutorials that
# unpool register their own for MaxPoolGradWithArgmax with tf.RegisterGradient
registry.register("MaxPoolGradWithArgmax", infer=_argmax_grad_infer,
                  kernel=_max_pool_grad_argmax_kernel)
registry.register("MaxPoolGradGradWithArgmax", infer=_argmax_grad_grad_infer,
                  kernel=_max_pool_grad_grad_argmax_kernel)


def _argmax_attrs(op_type: str, ksize: Any, strides: Any, padding: str,
                  include_batch_in_index: bool) -> dict:
    _check_choice(op_type, "padding", padding, _PADDINGS)
    return {"ksize": _check_4("ksize", ksize, op_type),
            "strides": _check_4("stride", strides, op_type), "padding": padding,
            "include_batch_in_index": bool(include_batch_in_index)}


def _argmax_grad_op(op_type: str, input: Any, grad: Any, argmax: Any, ksize: Any,
                    strides: Any, padding: str, include_batch_in_index: bool = False,
                    name: str | None = None) -> Tensor:
    attrs = _argmax_attrs(op_type, ksize, strides, padding, include_batch_in_index)
    g = get_default_graph()
    with g.name_scope(name or op_type) as scope:
        x = convert_to_tensor(input, name="input")
        check_dtype_allowed(x.dtype, "input", REAL_TYPES)
        grad = convert_to_tensor(grad, dtype=x.dtype.base_dtype, name="grad")
        argmax = convert_to_tensor(argmax, name="argmax")
        check_dtype_allowed(argmax.dtype, "argmax", ("int32", "int64"))
        return g.create_op(op_type, [x, grad, argmax],
                           {"T": x.dtype.base_dtype, "Targmax": argmax.dtype.base_dtype,
                            **attrs}, name=scope).outputs[0]


def max_pool_with_argmax(input: Any, ksize: Any, strides: Any, padding: str,
                         data_format: str = "NHWC", Targmax: Any = None,  # noqa: N803
                         name: str | None = None, output_dtype: Any = None,
                         include_batch_in_index: bool = False) -> tuple[Tensor, Tensor]:
    """`tf.nn.max_pool_with_argmax` (op MaxPoolWithArgmax): `(output, argmax)`, the max of
    each window and the flat index of its first maximal input, `(y * width + x) * channels +
    c` (plus `b * height * width * channels` with `include_batch_in_index`), int64 unless
    `Targmax` (or its new name `output_dtype`) says int32. NHWC only, as in TF."""
    if data_format != "NHWC":
        raise ValueError("Data formats other than 'NHWC' are not yet supported")
    Targmax = deprecated_argument("output_dtype", output_dtype, "Targmax", Targmax)  # noqa: N806
    Targmax = _dtypes.int64 if Targmax is None else _dtypes.as_dtype(Targmax)  # noqa: N806
    check_dtype_allowed(Targmax, "Targmax", ("int32", "int64"))
    attrs = _argmax_attrs("MaxPoolWithArgmax", ksize, strides, padding, include_batch_in_index)
    g = get_default_graph()
    with g.name_scope(name or "MaxPoolWithArgmax") as scope:
        x = convert_to_tensor(input, name="input")
        check_dtype_allowed(x.dtype, "input", REAL_TYPES)
        op = g.create_op("MaxPoolWithArgmax", [x],
                         {"T": x.dtype.base_dtype, "Targmax": Targmax, **attrs}, name=scope)
        return tuple(op.outputs)


NN_ALL += ["max_pool_with_argmax"]


# ---- Conv3D, Conv3DBackpropInputV2, Conv3DBackpropFilterV2 (NDHWC; NCDHW transposed)

_FORMATS_3D = ("NDHWC", "NCDHW")


class _Geometry3D:
    """The windows of a 3-D convolution on one NDHWC input shape (as _Geometry, one axis
    more)."""

    def __init__(self, dhw: tuple, k: tuple, s: tuple, d: tuple, padding: str):
        self.k, self.s, self.d, self.dhw = k, s, d, dhw
        outs, self.pads = [], []
        for size, kk, ss, dd in zip(dhw, k, s, d):
            eff = (kk - 1) * dd + 1
            try:
                out, before = _out_and_pad(size, kk, ss, dd, padding)
            except ValueError:
                raise errors.InvalidArgumentError(
                    None, None, f"Computed output size would be negative: "
                                f"{(size - eff + ss) // ss} [input_size: {size}, "
                                f"effective_filter_size: {eff}, stride: {ss}]") from None
            outs.append(out)
            self.pads.append((before, max(0, (out - 1) * ss + eff - size - before)))
        self.out = tuple(outs)

    def windows(self, xp: Any, x: Any) -> Any:
        """`[n, od, oh, ow, kd, kh, kw, c]` view of the padded NDHWC `x`."""
        padded = xp.pad(x, [(0, 0)] + self.pads + [(0, 0)])
        n, c = padded.shape[0], padded.shape[4]
        st = padded.strides
        shape = (n,) + self.out + self.k + (c,)
        strides = ((st[0],) + tuple(st[i + 1] * self.s[i] for i in range(3))
                   + tuple(st[i + 1] * self.d[i] for i in range(3)) + (st[4],))
        return xp.lib.stride_tricks.as_strided(padded, shape, strides)

    def scatter(self, xp: Any, cols: Any, dtype: Any) -> Any:
        """The adjoint of `windows`: `cols` summed back into the input positions."""
        n, c = cols.shape[0], cols.shape[-1]
        full = tuple(size + b + a for size, (b, a) in zip(self.dhw, self.pads))
        out = xp.zeros((n,) + full + (c,), dtype)
        for taps in itertools.product(*(range(kk) for kk in self.k)):
            index = tuple(slice(t * dd, t * dd + ss * (oo - 1) + 1, ss)
                          for t, dd, ss, oo in zip(taps, self.d, self.s, self.out))
            out[(slice(None),) + index] += cols[(slice(None),) * 4 + taps]
        crop = tuple(slice(b, b + size) for (b, _), size in zip(self.pads, self.dhw))
        return out[(slice(None),) + crop]


def _spatial3(attr: list, ncdhw: bool) -> tuple:
    return tuple(attr[2:5]) if ncdhw else tuple(attr[1:4])


def _rank5(shape: TensorShape) -> None:
    if shape.ndims is not None and shape.ndims != 5:
        raise ValueError(f"Shape must be rank 5 but is rank {shape.ndims}")


def _conv3d_infer(op):
    x, f = op.inputs
    _rank5(x.shape)
    _rank5(f.shape)
    first = op.get_attr("data_format") == "NCDHW"
    s = _spatial3(op.get_attr("strides"), first)
    d = _spatial3(op.get_attr("dilations"), first)
    dims = [None] * 5 if x.shape.ndims is None else x.shape.as_list()
    if first:
        dims = [dims[0]] + dims[2:] + [dims[1]]
    k = [None] * 5 if f.shape.ndims is None else f.shape.as_list()
    if dims[4] is not None and k[3] is not None and dims[4] != k[3]:
        raise ValueError(f"Dimensions must be equal, but are {dims[4]} and {k[3]}")
    padding = op.get_attr("padding")
    out = [_out_and_pad(size, kk, ss, dd, padding)[0] if kk is not None else None
           for size, kk, ss, dd in zip(dims[1:4], k[:3], s, d)]
    shape = [dims[0]] + out + [k[4]]
    if first:
        shape = [shape[0], shape[4]] + shape[1:4]
    return [(x.dtype.base_dtype, TensorShape(shape))]


def _conv3d_attrs(ctx: registry.KernelContext):
    first = ctx.attrs["data_format"] == "NCDHW"
    for name in ("strides", "dilations"):
        attr = ctx.attrs[name]
        if ((attr[0], attr[1]) if first else (attr[0], attr[4])) != (1, 1):
            raise errors.InvalidArgumentError(
                None, None, f"Current implementation does not yet support {name} in the "
                            f"batch and depth dimensions.")
    to_last = (lambda a: a.transpose(0, 2, 3, 4, 1)) if first else (lambda a: a)
    to_first = (lambda a: a.transpose(0, 4, 1, 2, 3)) if first else (lambda a: a)
    return (first, _spatial3(ctx.attrs["strides"], first),
            _spatial3(ctx.attrs["dilations"], first), ctx.attrs["padding"], to_last, to_first)


def _geometry3(x_shape: tuple, f_shape: tuple, s, d, padding: str) -> _Geometry3D:
    if x_shape[4] != f_shape[3]:
        raise errors.InvalidArgumentError(
            None, None, f"Input depth must be equal to filter depth: {x_shape[4]} vs "
                        f"{f_shape[3]}")
    return _Geometry3D(tuple(x_shape[1:4]), tuple(f_shape[:3]), s, d, padding)


def _run_5d(value: Any, what: str) -> None:
    if value.ndim != 5:
        raise errors.InvalidArgumentError(None, None, f"{what} must be 5-dimensional: "
                                                      f"{shape_str(value.shape)}")


def _sizes5(value: Any, first: bool) -> tuple:
    if value.ndim != 1 or value.shape[0] != 5:
        raise errors.InvalidArgumentError(
            None, None, f"input_sizes must be a 1-D int32 tensor of length 5, got "
                        f"{shape_str(value.shape)}")
    sizes = tuple(int(v) for v in value.tolist())
    return (sizes[0],) + sizes[2:] + (sizes[1],) if first else sizes


def _check_backprop3(geo: _Geometry3D, dy: Any, depth: int) -> None:
    want = (dy.shape[0],) + geo.out + (depth,)
    if tuple(dy.shape) != want:
        raise errors.InvalidArgumentError(
            None, None, f"Conv3DBackprop: out_backprop has shape {shape_str(dy.shape)}, "
                        f"expected {shape_str(want)}")


def _conv3d_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    _, s, d, padding, to_last, to_first = _conv3d_attrs(ctx)

    def conv3d(x, f):
        _run_5d(x, "input")
        _run_5d(f, "filter")
        x = to_last(x)
        geo = _geometry3(x.shape, f.shape, s, d, padding)
        y = xp.tensordot(geo.windows(xp, x), f, axes=([4, 5, 6, 7], [0, 1, 2, 3]))
        return xp.ascontiguousarray(to_first(y.astype(x.dtype)))
    return conv3d


def _conv3d_backprop_input_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    first, s, d, padding, to_last, to_first = _conv3d_attrs(ctx)

    def conv3d_backprop_input_v2(input_sizes, f, dy):
        x_shape = _sizes5(input_sizes, first)
        dy = to_last(dy)
        geo = _geometry3(x_shape, f.shape, s, d, padding)
        _check_backprop3(geo, dy, f.shape[4])
        cols = xp.tensordot(dy, f, axes=([4], [4]))
        return xp.ascontiguousarray(to_first(geo.scatter(xp, cols, dy.dtype)))
    return conv3d_backprop_input_v2


def _conv3d_backprop_filter_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    _, s, d, padding, to_last, _ = _conv3d_attrs(ctx)

    def conv3d_backprop_filter_v2(x, filter_sizes, dy):
        f_shape = _sizes5(filter_sizes, False)
        x, dy = to_last(x), to_last(dy)
        geo = _geometry3(x.shape, f_shape, s, d, padding)
        _check_backprop3(geo, dy, f_shape[4])
        cols = geo.windows(xp, x)
        return xp.tensordot(cols, dy, axes=([0, 1, 2, 3], [0, 1, 2, 3])).astype(x.dtype)
    return conv3d_backprop_filter_v2


def _conv3d_backprop_input_infer(op):
    sizes, f, dy = op.inputs
    _rank5(f.shape)
    _rank5(dy.shape)
    shape = constant_value_as_shape(sizes)
    if shape.ndims is None:
        shape = TensorShape([None] * 5)
    return [(f.dtype.base_dtype, shape)]


def _conv3d_backprop_filter_infer(op):
    x, sizes, dy = op.inputs
    _rank5(x.shape)
    _rank5(dy.shape)
    shape = constant_value_as_shape(sizes)
    return [(x.dtype.base_dtype, TensorShape([None] * 5) if shape.ndims is None else shape)]


def _conv3d_kwargs(op) -> dict:
    return {k: op.get_attr(k) for k in ("strides", "padding", "data_format", "dilations")}


def _conv3d_grad(op, grad):
    kw = _conv3d_kwargs(op)
    return [_conv3d_op("Conv3DBackpropInputV2", [array_ops.shape(op.inputs[0]), op.inputs[1],
                                                 grad], **kw),
            _conv3d_op("Conv3DBackpropFilterV2", [op.inputs[0], array_ops.shape(op.inputs[1]),
                                                  grad], **kw)]


def _conv3d_backprop_input_grad(op, grad):
    kw = _conv3d_kwargs(op)
    return [None,
            _conv3d_op("Conv3DBackpropFilterV2", [grad, array_ops.shape(op.inputs[1]),
                                                  op.inputs[2]], **kw),
            _conv3d_op("Conv3D", [grad, op.inputs[1]], **kw)]


def _conv3d_backprop_filter_grad(op, grad):
    kw = _conv3d_kwargs(op)
    return [_conv3d_op("Conv3DBackpropInputV2", [array_ops.shape(op.inputs[0]), grad,
                                                 op.inputs[2]], **kw),
            None,
            _conv3d_op("Conv3D", [op.inputs[0], grad], **kw)]


registry.register("Conv3D", infer=_conv3d_infer, kernel=_conv3d_kernel, grad=_conv3d_grad)
registry.register("Conv3DBackpropInputV2", infer=_conv3d_backprop_input_infer,
                  kernel=_conv3d_backprop_input_kernel, grad=_conv3d_backprop_input_grad)
registry.register("Conv3DBackpropFilterV2", infer=_conv3d_backprop_filter_infer,
                  kernel=_conv3d_backprop_filter_kernel, grad=_conv3d_backprop_filter_grad)

_CONV3D_PARAMS = {"Conv3D": ("input", "filter"),
                  "Conv3DBackpropInputV2": ("input_sizes", "filter", "out_backprop"),
                  "Conv3DBackpropFilterV2": ("input", "filter_sizes", "out_backprop")}


def _check_5(name: str, value: Any, op_type: str) -> list[int]:
    value = list(value)
    if len(value) != 5:
        raise ValueError(f"{op_type} requires the {name} attribute to contain 5 values, but "
                         f"got: {len(value)}")
    return [int(v) for v in value]


def _conv3d_op(op_type: str, inputs: list, strides: Any, padding: str,
               data_format: str = "NDHWC", dilations: Any = (1, 1, 1, 1, 1),
               name: str | None = None) -> Tensor:
    _check_choice(op_type, "padding", padding, _PADDINGS)
    _check_choice(op_type, "data_format", data_format, _FORMATS_3D)
    attrs = {"strides": _check_5("stride", strides, op_type), "padding": padding,
             "data_format": data_format,
             "dilations": _check_5("dilations", dilations, op_type)}
    g = get_default_graph()
    with g.name_scope(name or op_type) as scope:
        tensors, dtype = [], None
        for value, param in zip(inputs, _CONV3D_PARAMS[op_type]):
            if param.endswith("sizes"):
                tensors.append(convert_to_tensor(value, dtype=_dtypes.int32, name=param))
                continue
            t = convert_to_tensor(value, dtype=dtype, name=param)
            if dtype is None:
                check_dtype_allowed(t.dtype, param, FLOAT_TYPES)
                dtype = t.dtype.base_dtype
            tensors.append(t)
        return g.create_op(op_type, tensors, {"T": dtype, **attrs}, name=scope).outputs[0]


def conv3d(input: Any, filter: Any = None, strides: Any = None, padding: Any = None,
           data_format: str = "NDHWC",
           dilations: Any = [1, 1, 1, 1, 1],  # noqa: B006 - TF's default
           name: str | None = None, filters: Any = None) -> Tensor:
    """`tf.nn.conv3d` (op Conv3D): `input` `[batch, depth, h, w, in]` (NDHWC) correlated with
    `filter` `[k_d, k_h, k_w, in, out]`; `filters` is TF 1.15's new name for `filter`."""
    filter = deprecated_argument("filters", filters, "filter", filter)
    return _conv3d_op("Conv3D", [input, filter], strides, padding, data_format, dilations,
                      name)


NN_ALL += ["conv3d"]
