"""Array ops: placeholders, constants of a shape, shapes, reshaping, joining and splitting,
slicing (and `Tensor.__getitem__`), gathering, padding, casting, masks, unique (mirrors TF 1.15's
array_ops.py and the array parts of gen_array_ops / math_ops: cast, range), and their gradients
(array_grad.py, and math_grad.py's Cast and Select), with the ops only gradients build
(ConcatOffset, ShapeN, InvertPermutation, StridedSliceGrad, MirrorPadGrad).

Each op: its static rule (TF's C++ shape function: unknown dimensions stay unknown, values known
at build time are used), its kernel on `ctx.xp`, its gradient (the same ops in the same order as
TF's, hence TF's names), its registration, then the public builder named and wired as TF 1.15's
Python wrapper (helper constants such as `concat/axis` included).
"""
from __future__ import annotations

import builtins
import collections
import itertools
import math
import numbers
from typing import Any, Callable, Sequence

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework import errors, nest, registry
from ..framework.convert import (constant, constant_value, constant_value_as_shape,
                                 convert_to_tensor, is_tensor,
                                 register_tensor_conversion_function)
from ..framework.graph import Tensor, get_default_graph, override_operator
from ..framework.indexed_slices import IndexedSlices
from ..framework.tensor_shape import Dimension, TensorShape, as_shape, dims_str, unknown_shape
from .common_shapes import (broadcast_shapes, check_dtype_allowed, deprecated_argument,
                            same_as_input, shape_str)

# The module defines `range` and `slice` builders; Python's own are kept under these names.
_py_range = builtins.range
_py_slice = builtins.slice

__all__ = [
    "placeholder", "placeholder_with_default", "identity", "stop_gradient",
    "zeros", "ones", "fill", "zeros_like", "ones_like",
    "shape", "shape_n", "size", "rank", "reshape", "transpose", "invert_permutation",
    "expand_dims", "squeeze",
    "concat", "split", "stack", "unstack", "slice", "strided_slice", "newaxis",
    "gather", "tile", "pad", "range", "one_hot", "reverse", "reverse_v2", "reverse_sequence",
    "sequence_mask", "boolean_mask", "where", "where_v2", "cast", "to_float", "to_double",
    "to_int32", "to_int64", "unique", "gather_nd", "scatter_nd", "broadcast_to", "is_tensor",
]

newaxis = None

INDEX = ("int32", "int64")


# --------------------------------------------------------------------------------------------
# Static-shape helpers: shapes as lists of int-or-None (None: unknown rank), with the checks
# and messages of TF's C++ InferenceContext.

def _dims(shape: Any) -> list | None:
    shape = shape.shape if isinstance(shape, Tensor) else as_shape(shape)
    return None if shape.ndims is None else [d.value for d in shape.dims]


def _fmt(dims: list | None) -> str:
    return dims_str(TensorShape(dims))


def _with_rank(dims: list | None, rank: int) -> list:
    if dims is None:
        return [None] * rank
    if len(dims) != rank:
        raise ValueError(f"Shape must be rank {rank} but is rank {len(dims)}")
    return dims


def _with_rank_at_least(dims: list | None, rank: int) -> list | None:
    if dims is not None and len(dims) < rank:
        raise ValueError(f"Shape must be at least rank {rank} but is rank {len(dims)}")
    return dims


def _merge_dim(a: int | None, b: int | None) -> int | None:
    if a is not None and b is not None and a != b:
        raise ValueError(f"Dimensions must be equal, but are {a} and {b}")
    return a if a is not None else b


def _merge(a: list | None, b: list | None) -> list | None:
    """Two shapes that must agree: their most precise common form."""
    if a is None:
        return b
    if b is None:
        return a
    if len(a) != len(b):
        raise ValueError(f"Shapes must be equal rank, but are {len(a)} and {len(b)}")
    out = []
    for i, (x, y) in enumerate(zip(a, b)):
        if x is not None and y is not None and x != y:
            raise ValueError(f"Dimension {i} in both shapes must be equal, but are {x} and {y}. "
                             f"Shapes are {_fmt(a)} and {_fmt(b)}.")
        out.append(x if x is not None else y)
    return out


def _with_value(dim: int | None, value: int) -> int:
    if dim is not None and dim != value:
        raise ValueError(f"Dimension must be {value} but is {dim}")
    return value


def _mul_dim(a: int | None, b: int | None) -> int | None:
    if a == 0 or b == 0:
        return 0
    if a is None or b is None:
        return None
    return a * b


def _check_rank(t: Tensor, rank: int) -> None:
    if t.shape.ndims is not None:
        _with_rank(_dims(t), rank)


def _static_scalar(t: Tensor) -> int | None:
    v = constant_value(t)
    return None if v is None or v.size == 0 else int(v.reshape(-1)[0])


def _shape_from_tensor(t: Tensor) -> list | None:
    """A shape given as a 1-D int tensor, partially known where its values are (TF's
    MakeShapeFromShapeTensor): -1 is an unknown dimension, anything below is an error."""
    _check_rank(t, 1)
    value = constant_value(t)
    if value is not None:
        for d in value.reshape(-1).tolist():
            if d < -1:
                raise ValueError(f"Invalid value in tensor used for shape: {d}")
        return [None if d == -1 else int(d) for d in value.reshape(-1).tolist()]
    return _dims(constant_value_as_shape(t))


def _normalize_axis(axis: int, rank: int) -> int:
    return axis + rank if axis < 0 else axis


# --------------------------------------------------------------------------------------------
# Input conversion as TF's op-definition library does it

def _input(value: Any, name: str, allowed: Sequence[str] | None = None,
           default: Any = None) -> Tensor:
    """One op input: a Python value becomes a Const named after the parameter (`Reshape/shape`),
    of the type attr's default type when it can be (TF 1.15's op-definition library: `[]` as a
    shape is int32); its type is checked against the op definition's allowed list."""
    t = convert_to_tensor(value, name=name, preferred_dtype=default)
    if allowed is not None:
        check_dtype_allowed(t.dtype, name, tuple(allowed))
    return t


def _fixed_input(value: Any, name: str, op_type: str, dtype: Any) -> Tensor:
    """An input of one fixed type (Split's `split_dim` is int32), with the messages of TF 1.15's
    op-definition library for a value of another type (`tf.split(0, 2, x)`, TF 0.x's order)."""
    try:
        return convert_to_tensor(value, dtype=dtype, name=name)
    except TypeError as e:
        raise TypeError(f"Expected {dtype.name} passed to parameter '{name}' of op '{op_type}', "
                        f"got {value!r} of type '{type(value).__name__}' instead. Error: {e}"
                        ) from None
    except ValueError:
        observed = convert_to_tensor(value).dtype.base_dtype.name
        raise TypeError(f"Input '{name}' of '{op_type}' Op has type {observed} that does not "
                        f"match expected type of {dtype.name}.") from None


def _same_type(op_type: str, params: Sequence[tuple[str, Any]],
               allowed: Sequence[str] | None = None) -> list[Tensor]:
    """Inputs sharing one type attr: the first one fixes it, the others are converted to it."""
    first_name, first = params[0]
    first = _input(first, first_name, allowed)
    dtype = first.dtype.base_dtype
    out = [first]
    for param, value in params[1:]:
        try:
            out.append(convert_to_tensor(value, dtype=dtype, name=param))
        except TypeError as e:
            raise TypeError(f"Expected {dtype.name} passed to parameter '{param}' of op "
                            f"'{op_type}', got {value!r} of type '{type(value).__name__}' "
                            f"instead. Error: {e}") from None
        except ValueError:
            observed = convert_to_tensor(value).dtype.base_dtype.name
            raise TypeError(f"Input '{param}' of '{op_type}' Op has type {observed} that does "
                            f"not match type {dtype.name} of argument '{first_name}'.") from None
    return out


def _list_input(op_type: str, param: str, values: Any, minimum: int) -> list[Tensor]:
    """A list input of one type (`values` of ConcatV2 and Pack): elements are converted to the
    type of the first tensor among them, and named `values_0`, `values_1` ..."""
    if not isinstance(values, (list, tuple)):
        raise TypeError(f"Expected list for '{param}' argument to '{op_type}' Op, not {values}.")
    if len(values) < minimum:
        raise ValueError(f"List argument '{param}' to '{op_type}' Op with length {len(values)} "
                         f"shorter than minimum length {minimum}.")
    dtype = next((v.dtype.base_dtype for v in values if isinstance(v, Tensor)), None)
    try:
        out = [convert_to_tensor(v, dtype=dtype, name=f"{param}_{i}") for i, v in enumerate(values)]
        if len({t.dtype.base_dtype for t in out}) > 1:
            raise TypeError()
    except (TypeError, ValueError):
        observed = []
        for v in values:
            try:
                observed.append(convert_to_tensor(v).dtype.base_dtype.name)
            except (TypeError, ValueError):
                observed.append("<NOT CONVERTIBLE TO TENSOR>")
        raise TypeError(f"Tensors in list passed to '{param}' of '{op_type}' Op have types "
                        f"[{', '.join(observed)}] that don't all match.") from None
    return out


def _create(op_type: str, inputs: list, attrs: dict, name: str) -> Tensor:
    return get_default_graph().create_op(op_type, inputs, attrs, name=name).outputs[0]


def _host_ints(value: Any) -> list:
    """A small int tensor's values as Python ints (from numpy or cupy alike)."""
    return [int(v) for v in value.tolist()] if value.ndim else [int(value)]


class _ByShape:
    """A kernel's work that depends only on an input's shape and small int tensors (Reshape's
    target, Slice's index), done once per distinct key: loops repeat the same shapes."""

    def __init__(self, compute: Callable):
        self.compute = compute
        self.known: dict = {}

    def __call__(self, shape: tuple, *ints: Any) -> Any:
        key = (shape, *[(v.shape, v.tobytes()) for v in ints])
        found = self.known.get(key)
        if found is None:
            if len(self.known) >= 64:  # shapes that keep changing: stay bounded
                self.known.clear()
            found = self.known[key] = self.compute(shape, *ints)
        return found


def _invalid(message: str) -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(None, None, message)


def _outputs(parts: Sequence[Any]) -> Any:
    """A multi-output kernel's result: a tuple, or the value itself when there is one output."""
    return parts[0] if len(parts) == 1 else tuple(parts)


# --------------------------------------------------------------------------------------------
# Placeholder

def _placeholder_infer(op):
    return [(op.get_attr("dtype"), op.get_attr("shape"))]


def _placeholder_kernel(ctx: registry.KernelContext):
    dtype, shape = ctx.attrs["dtype"], ctx.attrs["shape"]
    shape_part = f" and shape {dims_str(shape)}" if shape.ndims else ""  # not for scalars
    message = (f"You must feed a value for placeholder tensor '{ctx.op_name}' with dtype "
               f"{dtype.tf_name}{shape_part}")

    def missing_feed():
        raise errors.InvalidArgumentError(None, None, message)
    return missing_feed


registry.register("Placeholder", infer=_placeholder_infer, kernel=_placeholder_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, stateful=True)


def placeholder(dtype: Any, shape: Any = None, name: str | None = None) -> Tensor:
    """`tf.placeholder`: a value that must be fed; `shape` may be partial or None."""
    dtype = _dtypes.as_dtype(dtype).base_dtype
    shape = unknown_shape() if shape is None else as_shape(shape)
    op = get_default_graph().create_op("Placeholder", [], {"dtype": dtype, "shape": shape},
                                       name=name or "Placeholder")
    return op.outputs[0]


def _pwd_infer(op):
    shape = op.get_attr("shape")
    _merge(_dims(op.inputs[0]), _dims(shape))  # the default must fit the declared shape
    return [(op.inputs[0].dtype.base_dtype, shape)]


registry.register("PlaceholderWithDefault", infer=_pwd_infer,
                  kernel=lambda ctx: _identity_fn, grad=lambda op, g: [g], stateful=True)


def placeholder_with_default(input: Any, shape: Any, name: str | None = None) -> Tensor:
    """A placeholder that passes `input` through when it is not fed; its static shape is
    `shape`, which must be compatible with the default's."""
    g = get_default_graph()
    with g.name_scope(name or "PlaceholderWithDefault") as scope:
        value = _input(input, "input")
        return _create("PlaceholderWithDefault", [value],
                       {"dtype": value.dtype.base_dtype, "shape": as_shape(shape)}, scope)


# ---- Identity, StopGradient

def _identity_fn(x):
    return x


registry.register("Identity", infer=same_as_input, kernel=lambda ctx: _identity_fn,
                  grad=lambda op, g: [g])


def identity(input: Any, name: str | None = None) -> Tensor:
    """`tf.identity`: the same value under a new name."""
    g = get_default_graph()
    with g.name_scope(name or "Identity") as scope:
        x = _input(input, "input")
        return _create("Identity", [x], {"T": x.dtype.base_dtype}, scope)


registry.register("StopGradient", infer=same_as_input, kernel=lambda ctx: _identity_fn,
                  grad=registry.NOT_DIFFERENTIABLE)


def stop_gradient(input: Any, name: str | None = None) -> Tensor:
    """`tf.stop_gradient`: the value, through which `tf.gradients` does not propagate."""
    g = get_default_graph()
    with g.name_scope(name or "StopGradient") as scope:
        x = _input(input, "input")
        return _create("StopGradient", [x], {"T": x.dtype.base_dtype}, scope)


def _prevent_gradient_grad(op, grad):
    raise LookupError(f"Gradient explicitly disabled. Reason: {op.get_attr('message')}")


registry.register("PreventGradient", infer=same_as_input, kernel=lambda ctx: _identity_fn,
                  grad=_prevent_gradient_grad)


def prevent_gradient(input: Any, message: str = "", name: str | None = None) -> Tensor:
    """The value, through which `tf.gradients` refuses to go, saying why (a gradient that an
    op computes itself and cannot differentiate again, such as CTCLoss's)."""
    g = get_default_graph()
    with g.name_scope(name or "PreventGradient") as scope:
        x = _input(input, "input")
        return _create("PreventGradient", [x], {"T": x.dtype.base_dtype, "message": message},
                       scope)


# --------------------------------------------------------------------------------------------
# Fill, ZerosLike; zeros, ones, fill, zeros_like, ones_like

def _fill_infer(op):
    dims, value = op.inputs
    _check_rank(dims, 1)
    _check_rank(value, 0)
    out = _shape_from_tensor(dims)
    known = constant_value(dims)
    if known is not None and (known < 0).any():
        raise ValueError("Fill dimensions must be >= 0")
    return [(value.dtype.base_dtype, TensorShape(out))]


def _fill_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    np_type = _dtypes.np_dtype(ctx.attrs["T"])

    def fill_(dims, value):
        shape = _host_ints(dims)
        for d in shape:
            if d < 0:
                raise _invalid(f"Dimension {d} must be >= 0")
        return xp.full(tuple(shape), value, dtype=np_type)
    return fill_


def _fill_grad(op, grad):
    from . import math as math_ops  # noqa: PLC0415 - math.py imports this module
    return [None, math_ops.reduce_sum(grad)]


registry.register("Fill", infer=_fill_infer, kernel=_fill_kernel, grad=_fill_grad)


def fill(dims: Any, value: Any, name: str | None = None) -> Tensor:
    """`tf.fill`: a tensor of shape `dims` (op Fill) holding `value` everywhere."""
    g = get_default_graph()
    with g.name_scope(name or "Fill") as scope:
        dims = _input(dims, "dims", INDEX, _dtypes.int32)
        value = _input(value, "value")
        return _create("Fill", [dims, value], {"T": value.dtype.base_dtype,
                                               "index_type": dims.dtype.base_dtype}, scope)


def _zeros_like_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    if ctx.attrs["T"] is _dtypes.string:
        return lambda x: xp.full(x.shape, b"", dtype=object)
    return xp.zeros_like


registry.register("ZerosLike", infer=same_as_input, kernel=_zeros_like_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)


def _constant_if_small(value: Any, shape: Any, dtype: _dtypes.DType, name: str) -> Tensor | None:
    """A Const when the shape is static and holds fewer than 1000 elements, as TF builds it."""
    try:
        if np.prod(shape) < 1000:
            return constant(value, shape=shape, dtype=dtype, name=name)
    except TypeError:  # a shape holding tensors or unknown dimensions
        pass
    return None


def _filled(shape: Any, value: Any, dtype: _dtypes.DType, name: str) -> Tensor:
    """zeros/ones: a small static shape gives a Const `name`; otherwise Fill `name` of a shape
    tensor (`name/shape_as_tensor`) and the value `name/Const`."""
    g = get_default_graph()
    with g.name_scope(name) as scope:
        if not isinstance(shape, Tensor):
            output = _constant_if_small(value, shape, dtype, scope)
            if output is not None:
                return output
            try:
                shape = _tensor_shape_to_tensor(as_shape(shape))
            except (TypeError, ValueError):
                shape = convert_to_tensor(shape, dtype=_dtypes.int32)
        if not shape.shape.ndims:
            shape = reshape(shape, [-1])
        return fill(shape, constant(value, dtype=dtype), name=scope)


def zeros(shape: Any, dtype: Any = _dtypes.float32, name: str | None = None) -> Tensor:
    """`tf.zeros`: a Const `zeros` when small and static, else Fill `zeros`."""
    dtype = _dtypes.as_dtype(dtype).base_dtype
    zero = False if dtype is _dtypes.bool else ("" if dtype is _dtypes.string else 0)
    return _filled(shape, zero, dtype, name or "zeros")


def ones(shape: Any, dtype: Any = _dtypes.float32, name: str | None = None) -> Tensor:
    """`tf.ones`: a Const `ones` when small and static, else Fill `ones`."""
    dtype = _dtypes.as_dtype(dtype).base_dtype
    return _filled(shape, True if dtype is _dtypes.bool else 1, dtype, name or "ones")


def zeros_like(tensor: Any, dtype: Any = None, name: str | None = None,
               optimize: bool = True) -> Tensor:
    """`tf.zeros_like`: zeros of a fully known shape are a constant; otherwise op ZerosLike
    (or a Fill of the runtime shape when a different dtype is asked)."""
    g = get_default_graph()
    with g.name_scope(name or "zeros_like") as scope:
        tensor = _input(tensor, "tensor")
        dtype = _dtypes.as_dtype(dtype) if dtype is not None else None
        if optimize and tensor.shape.is_fully_defined():
            return zeros(tensor.shape, dtype=dtype or tensor.dtype, name=scope)
        if dtype is not None and dtype != tensor.dtype:
            return zeros(_shape_internal(tensor, None, optimize, _dtypes.int32), dtype=dtype,
                         name=scope)
        return _create("ZerosLike", [tensor], {"T": tensor.dtype.base_dtype}, scope)


def ones_like(tensor: Any, dtype: Any = None, name: str | None = None,
              optimize: bool = True) -> Tensor:
    """`tf.ones_like`: Fill `ones_like` of the shape (`ones_like/Shape`, a Const when static)."""
    g = get_default_graph()
    with g.name_scope(name or "ones_like") as scope:
        tensor = _input(tensor, "tensor")
        ones_shape = _shape_internal(tensor, None, optimize, _dtypes.int32)
        out = ones(ones_shape, dtype=tensor.dtype if dtype is None else dtype, name=scope)
        out.set_shape(tensor.shape)
        return out


# ---- TensorShape and Dimension as tensors (`tf.zeros(x.shape)`)

def _tensor_shape_to_tensor(s: TensorShape, dtype: Any = None, name: str | None = None,
                            as_ref: bool = False) -> Tensor:
    if not s.is_fully_defined():
        raise ValueError(f"Cannot convert a partially known TensorShape to a Tensor: {s}")
    dims = s.as_list()
    large = next((d for d in dims if d >= 2 ** 31), 0)
    if dtype is not None:
        dtype = _dtypes.as_dtype(dtype)
        if dtype not in (_dtypes.int32, _dtypes.int64):
            raise TypeError(f"Cannot convert a TensorShape to dtype: {dtype}")
        if dtype == _dtypes.int32 and large:
            raise ValueError(f"Cannot convert a TensorShape to dtype int32; a dimension is too "
                             f"large ({large})")
    else:
        dtype = _dtypes.int64 if large else _dtypes.int32
    return constant(dims, dtype=dtype, name=name or "shape_as_tensor")


def _dimension_to_tensor(d: Dimension, dtype: Any = None, name: str | None = None,
                         as_ref: bool = False) -> Tensor:
    if d.value is None:
        raise ValueError(f"Cannot convert an unknown Dimension to a Tensor: {d}")
    if dtype is not None and _dtypes.as_dtype(dtype) not in (_dtypes.int32, _dtypes.int64):
        raise TypeError(f"Cannot convert a TensorShape to dtype: {_dtypes.as_dtype(dtype)}")
    return constant(d.value, dtype=dtype or _dtypes.int32, name=name or "shape_as_tensor")


register_tensor_conversion_function(TensorShape, _tensor_shape_to_tensor, 100)
register_tensor_conversion_function(Dimension, _dimension_to_tensor, 100)


# --------------------------------------------------------------------------------------------
# Shape, Size, Rank

def _shape_infer(op):
    return [(op.get_attr("out_type"), TensorShape([op.inputs[0].shape.ndims]))]


def _shape_kernel(ctx: registry.KernelContext):
    xp, np_type = ctx.xp, _dtypes.np_dtype(ctx.attrs["out_type"])
    return lambda x: xp.asarray(x.shape, dtype=np_type)


def _shape_fold(op):
    shape = op.inputs[0].shape
    if not shape.is_fully_defined():
        return None
    return (np.array(shape.as_list(), dtype=_dtypes.np_dtype(op.get_attr("out_type"))),)


registry.register("Shape", infer=_shape_infer, kernel=_shape_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, fold=_shape_fold)


def _size_kernel(ctx: registry.KernelContext):
    xp, np_type = ctx.xp, _dtypes.np_dtype(ctx.attrs["out_type"])
    return lambda x: xp.asarray(x.size, dtype=np_type)


def _size_fold(op):
    n = op.inputs[0].shape.num_elements()
    dims = _dims(op.inputs[0])
    if n is None and not (dims and 0 in dims):
        return None
    return (np.array(n or 0, dtype=_dtypes.np_dtype(op.get_attr("out_type"))),)


registry.register("Size", infer=lambda op: [(op.get_attr("out_type"), TensorShape([]))],
                  kernel=_size_kernel, grad=registry.NOT_DIFFERENTIABLE, fold=_size_fold)


def _rank_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    return lambda x: xp.asarray(x.ndim, dtype=xp.int32)


def _rank_fold(op):
    ndims = op.inputs[0].shape.ndims
    return None if ndims is None else (np.array(ndims, dtype=np.int32),)


registry.register("Rank", infer=lambda op: [(_dtypes.int32, TensorShape([]))],
                  kernel=_rank_kernel, grad=registry.NOT_DIFFERENTIABLE, fold=_rank_fold)


def _shape_n_infer(op):
    out_type = op.get_attr("out_type")
    return [(out_type, TensorShape([t.shape.ndims])) for t in op.inputs]


def _shape_n_kernel(ctx: registry.KernelContext):
    xp, np_type = ctx.xp, _dtypes.np_dtype(ctx.attrs["out_type"])
    return lambda *xs: _outputs([xp.asarray(x.shape, dtype=np_type) for x in xs])


def _shape_n_fold(op):
    """The shapes known statically; None for the others (and for all, when none is known)."""
    np_type = _dtypes.np_dtype(op.get_attr("out_type"))
    out = [np.array(t.shape.as_list(), dtype=np_type) if t.shape.is_fully_defined() else None
           for t in op.inputs]
    return None if all(v is None for v in out) else tuple(out)


registry.register("ShapeN", infer=_shape_n_infer, kernel=_shape_n_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, fold=_shape_n_fold)


def shape_n(input: Any, out_type: Any = _dtypes.int32, name: str | None = None) -> list[Tensor]:
    """`tf.shape_n` (op ShapeN): the shapes of a list of tensors of one dtype, one op for all
    (the gradient of a concat of partly unknown shapes uses it)."""
    out_type = _dtypes.as_dtype(out_type).base_dtype
    g = get_default_graph()
    with g.name_scope(name or "ShapeN") as scope:
        tensors = _list_input("ShapeN", "input", input, 1)
        check_dtype_allowed(out_type, "out_type", INDEX)
        op = g.create_op("ShapeN", tensors, {"N": len(tensors), "T": tensors[0].dtype.base_dtype,
                                            "out_type": out_type}, name=scope)
    return op.outputs


# ---- BroadcastGradientArgs: the axes a broadcasting op's gradient sums over, per input

def _broadcast_gradient_args_infer(op):
    for t in op.inputs:
        if t.shape.ndims not in (None, 1):
            raise ValueError(f"Shape must be rank 1 but is rank {t.shape.ndims}")
    dtype = op.get_attr("T")
    return [(dtype, TensorShape([None])), (dtype, TensorShape([None]))]


def _broadcast_reduction_axes(sx: list, sy: list) -> tuple[list, list]:
    """Axes of the broadcast result that each input has size 1 along (padded on the left), as
    TF's BCast gives them: none at all when the shapes are equal."""
    if list(sx) == list(sy):
        return [], []
    rank = max(len(sx), len(sy))
    px = [1] * (rank - len(sx)) + list(sx)
    py = [1] * (rank - len(sy)) + list(sy)
    for a, b in zip(px, py):
        if a != b and a != 1 and b != 1:
            raise _invalid(f"Incompatible shapes: [{','.join(map(str, sx))}] vs. "
                           f"[{','.join(map(str, sy))}]")
    return [i for i, a in enumerate(px) if a == 1], [i for i, b in enumerate(py) if b == 1]


def _broadcast_gradient_args_kernel(ctx: registry.KernelContext):
    xp, np_type = ctx.xp, _dtypes.np_dtype(ctx.attrs["T"])

    def broadcast_gradient_args(sx, sy):
        rx, ry = _broadcast_reduction_axes(_host_ints(sx), _host_ints(sy))
        return xp.asarray(rx, dtype=np_type), xp.asarray(ry, dtype=np_type)
    return broadcast_gradient_args


def _broadcast_gradient_args_fold(op):
    sx, sy = (constant_value(t) for t in op.inputs)
    if sx is None or sy is None:
        return None
    try:
        rx, ry = _broadcast_reduction_axes(sx.tolist(), sy.tolist())
    except errors.InvalidArgumentError:
        return None
    np_type = _dtypes.np_dtype(op.get_attr("T"))
    return np.array(rx, np_type), np.array(ry, np_type)


registry.register("BroadcastGradientArgs", infer=_broadcast_gradient_args_infer,
                  kernel=_broadcast_gradient_args_kernel, grad=registry.NOT_DIFFERENTIABLE,
                  fold=_broadcast_gradient_args_fold)


def broadcast_gradient_args(s0: Any, s1: Any, name: str | None = None) -> tuple[Tensor, Tensor]:
    """The reduction axes for the gradients of two inputs broadcast together (TF's
    gen_array_ops.broadcast_gradient_args): for inputs of shapes `s0` and `s1`."""
    s0 = convert_to_tensor(s0, name="s0")
    s1 = convert_to_tensor(s1, name="s1", dtype=s0.dtype)
    op = get_default_graph().create_op("BroadcastGradientArgs", [s0, s1],
                                       {"T": s0.dtype.base_dtype},
                                       name=name or "BroadcastGradientArgs")
    return op.outputs[0], op.outputs[1]


def _shape_internal(input: Any, name: str | None, optimize: bool, out_type: Any) -> Tensor:
    g = get_default_graph()
    with g.name_scope(name or "Shape") as scope:
        x = convert_to_tensor(input)
        if optimize and x.shape.is_fully_defined():
            return constant(x.shape.as_list(), out_type, name=scope)
        check_dtype_allowed(out_type, "out_type", INDEX)
        return _create("Shape", [x], {"T": x.dtype.base_dtype, "out_type": out_type}, scope)


def shape(input: Any, name: str | None = None, out_type: Any = _dtypes.int32) -> Tensor:
    """`tf.shape`: a Const `Shape` when the static shape is fully known, else op Shape."""
    return _shape_internal(input, name, True, _dtypes.as_dtype(out_type))


def size(input: Any, name: str | None = None, out_type: Any = _dtypes.int32) -> Tensor:
    """`tf.size`: a Const `Size` when the count is static (or a dimension is 0), else op Size."""
    out_type = _dtypes.as_dtype(out_type)
    g = get_default_graph()
    with g.name_scope(name or "Size") as scope:
        x = convert_to_tensor(input)
        dims = _dims(x)
        if x.shape.is_fully_defined():
            return constant(x.shape.num_elements(), out_type, name=scope)
        if dims and 0 in dims:
            return constant(0, out_type, name=scope)
        check_dtype_allowed(out_type, "out_type", INDEX)
        return _create("Size", [x], {"T": x.dtype.base_dtype, "out_type": out_type}, scope)


def rank(input: Any, name: str | None = None) -> Tensor:
    """`tf.rank`: a Const `Rank` when the static rank is known, else op Rank."""
    g = get_default_graph()
    with g.name_scope(name or "Rank") as scope:
        x = convert_to_tensor(input)
        if x.shape.ndims is not None:
            return constant(x.shape.ndims, _dtypes.int32, name=scope)
        return _create("Rank", [x], {"T": x.dtype.base_dtype}, scope)


# --------------------------------------------------------------------------------------------
# Reshape

def _reshape_infer(op):
    x, shape_t = op.inputs
    out = _shape_from_tensor(shape_t)
    in_dims = _dims(x)
    if in_dims is None or out is None:
        return [(x.dtype.base_dtype, TensorShape(out))]
    known_out, out_unknown = _known_product(out)
    known_in, in_unknown = _known_product(in_dims)
    if len(out_unknown) <= 1 and len(in_unknown) <= 1:
        if not in_unknown and not out_unknown:
            if known_in != known_out:
                raise ValueError(f"Cannot reshape a tensor with {known_in} elements to shape "
                                 f"{_fmt(out)} ({known_out} elements)")
        elif not in_unknown and known_out > 0:
            if known_in % known_out:
                raise ValueError(f"Dimension size must be evenly divisible by {known_out} but "
                                 f"is {known_in}")
            out[out_unknown[0]] = known_in // known_out
        elif in_unknown and not out_unknown and known_in != 0:
            if known_out % known_in:
                raise ValueError(f"Dimension size must be evenly divisible by {known_in} but "
                                 f"is {known_out}")
        elif in_unknown and out_unknown and known_in == known_out:
            out[out_unknown[0]] = in_dims[in_unknown[0]]
    return [(x.dtype.base_dtype, TensorShape(out))]


def _product(dims: list) -> int:
    n = 1
    for d in dims:
        n *= d
    return n


def _known_product(dims: list) -> tuple[int, list]:
    """TF's element count of a partial shape: the product of the known dimensions and the
    positions of the unknown ones (none when a dimension is 0: the count is then 0)."""
    if 0 in dims:
        return 0, []
    return _product([d for d in dims if d is not None]), [i for i, d in enumerate(dims)
                                                          if d is None]


def _reshape_kernel(ctx: registry.KernelContext):
    target_of = _ByShape(_reshape_target)

    def reshape_(x, shape):
        return x.reshape(target_of(x.shape, shape))
    return reshape_


def _reshape_target(in_shape: tuple, shape: Any) -> tuple:
    """Reshape's target shape for an input of `in_shape`, with TF's checks."""
    target = _host_ints(shape)
    unknown = [i for i, d in enumerate(target) if d == -1]
    if len(unknown) > 1:
        raise _invalid(f"Only one input size may be -1, not both {unknown[0]} and "
                       f"{unknown[1]}")
    for i, d in enumerate(target):
        if d < -1:
            raise _invalid(f"Size {i} must be non-negative, not {d}")
    # Like TF, zero sizes stay out of the product so that -1 can still be inferred from the
    # other dimensions of a size-0 tensor.
    known = _product([d for d in target if d > 0])
    if unknown:
        has_zero = 0 in target
        count = _product([d for d in in_shape if d > 0 or not has_zero])
        missing = count // known
        if not (has_zero and 0 in in_shape) and missing * known != count:
            raise _invalid(f"Input to reshape is a tensor with {count} values, but the "
                           f"requested shape requires a multiple of {known}")
        target[unknown[0]] = missing
    size = _product(in_shape)
    if _product(target) != size:
        raise _invalid(f"Input to reshape is a tensor with {size} values, but the "
                       f"requested shape has {_product(target)}")
    return tuple(target)


def _reshape_to_input(op, grad):
    """The gradient of an op that only reshapes: `grad` in the shape of input 0."""
    return reshape(grad, shape(op.inputs[0]))


def _reshape_grad(op, grad):
    return [_reshape_to_input(op, grad), None]


registry.register("Reshape", infer=_reshape_infer, kernel=_reshape_kernel, grad=_reshape_grad)


def reshape(tensor: Any, shape: Any, name: str | None = None) -> Tensor:
    """`tf.reshape` (op Reshape, shape Const `Reshape/shape`); one dimension may be -1."""
    g = get_default_graph()
    with g.name_scope(name or "Reshape") as scope:
        x = _input(tensor, "tensor")
        shape = _input(shape, "shape", INDEX, _dtypes.int32)
        return _create("Reshape", [x, shape], {"T": x.dtype.base_dtype,
                                               "Tshape": shape.dtype.base_dtype}, scope)


# --------------------------------------------------------------------------------------------
# Transpose

def _transpose_infer(op):
    x, perm_t = op.inputs
    _check_rank(perm_t, 1)
    perm_dims = _dims(perm_t)
    in_dims = _dims(x)
    rank_ = len(in_dims) if in_dims is not None else (
        perm_dims[0] if perm_dims is not None else None)
    if rank_ is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    if in_dims is None and rank_ < 2:
        # One perm entry fits a scalar as well as a vector: TF leaves the shape unknown.
        return [(x.dtype.base_dtype, unknown_shape())]
    if perm_dims is not None:
        _with_value(perm_dims[0], rank_)
    in_dims = _with_rank(in_dims, rank_)
    perm = constant_value(perm_t)
    if perm is None:
        return [(x.dtype.base_dtype, unknown_shape(rank_))]
    out = []
    for p in perm.reshape(-1).tolist():
        if p >= rank_ or p < -rank_:
            raise ValueError(f"perm dim {p} is out of range of input rank {rank_}")
        out.append(in_dims[p])
    return [(x.dtype.base_dtype, TensorShape(out))]


def _transpose_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def transpose_(x, perm):
        p = _host_ints(perm)
        if len(p) != x.ndim:
            raise _invalid(f"transpose expects a vector of size {x.ndim}. But input(1) is a "
                           f"vector of size {len(p)}")
        for a in p:
            if not -x.ndim <= a < x.ndim:
                raise _invalid(f"{a + x.ndim if a < 0 else a} is out of range [0 .. {x.ndim})")
        norm = [_normalize_axis(a, x.ndim) for a in p]
        for i in _py_range(x.ndim):
            if i not in norm:
                raise _invalid(f"{i} is missing from {{{','.join(str(a) for a in p)}}}.")
        return xp.transpose(x, norm)
    return transpose_


def _transpose_grad(op, grad):
    return [transpose(grad, invert_permutation(op.inputs[1])), None]


registry.register("Transpose", infer=_transpose_infer, kernel=_transpose_kernel,
                  grad=_transpose_grad)


def _conjugate_transpose_kernel(ctx: registry.KernelContext):
    transpose_, conj = _transpose_kernel(ctx), ctx.xp.conj
    return lambda x, perm: conj(transpose_(x, perm))


def _conjugate_transpose_grad(op, grad):
    return [transpose(grad, invert_permutation(op.inputs[1]), conjugate=True), None]


registry.register("ConjugateTranspose", infer=_transpose_infer,
                  kernel=_conjugate_transpose_kernel, grad=_conjugate_transpose_grad)


# ---- InvertPermutation: the permutation that undoes a transpose (its gradient uses it)

def _invert_permutation_infer(op):
    x = op.inputs[0]
    return [(x.dtype.base_dtype, TensorShape(_with_rank(_dims(x), 1)))]


def _invert_permutation_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def invert_permutation_(x):
        if x.ndim != 1:
            raise _invalid("invert_permutation expects a 1D vector.")
        n = x.shape[0]
        inverse = xp.full(n, -1, dtype=x.dtype)
        if n and (int(x.min()) < 0 or int(x.max()) >= n):
            bad = next(d for d in _host_ints(x) if not 0 <= d < n)
            raise _invalid(f"{bad} is not between 0 and {n}")
        inverse[x] = xp.arange(n, dtype=x.dtype)
        if n and int(inverse.min()) < 0:  # some value repeats: name the first repeat
            seen: set = set()
            for d in _host_ints(x):
                if d in seen:
                    raise _invalid(f"{d} is duplicated in the input.")
                seen.add(d)
        return inverse
    return invert_permutation_


registry.register("InvertPermutation", infer=_invert_permutation_infer,
                  kernel=_invert_permutation_kernel, grad=registry.NOT_DIFFERENTIABLE)


def invert_permutation(x: Any, name: str | None = None) -> Tensor:
    """`tf.invert_permutation` (op InvertPermutation): `y[x[i]] = i` for a permutation `x` of
    0..n-1; a value out of range or repeated is an InvalidArgumentError when run."""
    g = get_default_graph()
    with g.name_scope(name or "InvertPermutation") as scope:
        x = _input(x, "x", INDEX)
        return _create("InvertPermutation", [x], {"T": x.dtype.base_dtype}, scope)


def _transpose_op(op_type: str, x: Tensor, perm: Any, scope: str) -> Tensor:
    g = get_default_graph()
    with g.name_scope(scope):
        perm = _input(perm, "perm", INDEX, _dtypes.int32)
        return _create(op_type, [x, perm],
                       {"T": x.dtype.base_dtype, "Tperm": perm.dtype.base_dtype}, scope)


def transpose(a: Any, perm: Any = None, name: str = "transpose",
              conjugate: bool = False) -> Tensor:
    """`tf.transpose`: op Transpose named `transpose`; without `perm` the axes are reversed
    (a Const `transpose/perm`, or computed in the graph when the rank is unknown)."""
    g = get_default_graph()
    with g.name_scope(name or "transpose") as scope:
        x = a if isinstance(a, Tensor) else _input(a, "a")
        op_type = "ConjugateTranspose" if conjugate and x.dtype.is_complex else "Transpose"
        if perm is None:
            ndims = x.shape.ndims
            if ndims is None:
                perm = _range_op(rank(x) - 1, -1, -1, "Range")
            else:
                perm = np.arange(ndims - 1, -1, -1, dtype=np.int32)
        return _transpose_op(op_type, x, perm, scope)


# --------------------------------------------------------------------------------------------
# ExpandDims, Squeeze

def _expand_dims_infer(op):
    x, dim_t = op.inputs
    in_dims = _dims(x)
    value = constant_value(dim_t)
    if value is not None and value.size != 1:
        raise ValueError("'dim' input must be a tensor with a single value")
    dim = _static_scalar(dim_t)
    if in_dims is None or dim is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    r = len(in_dims)
    if dim < -r - 1 or dim > r:
        raise ValueError(f"Tried to expand dim index {dim} for tensor with {r} dimensions.")
    dim = dim + r + 1 if dim < 0 else dim
    return [(x.dtype.base_dtype, TensorShape(in_dims[:dim] + [1] + in_dims[dim:]))]


def _expand_dims_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def expand_dims_(x, dim):
        if dim.size != 1:
            raise _invalid("'dim' must be a tensor with a single value")
        d = _host_ints(dim.reshape(-1))[0]
        if d < -x.ndim - 1 or d > x.ndim:
            raise _invalid(f"Tried to expand dim index {d} for tensor with {x.ndim} dimensions.")
        return xp.expand_dims(x, d)
    return expand_dims_


registry.register("ExpandDims", infer=_expand_dims_infer, kernel=_expand_dims_kernel,
                  grad=_reshape_grad)


def expand_dims(input: Any, axis: Any = None, name: str | None = None, dim: Any = None) -> Tensor:
    """`tf.expand_dims` (op ExpandDims, `ExpandDims/dim`); `dim` is the deprecated `axis`."""
    axis = deprecated_argument("axis", axis, "dim", dim)
    if axis is None:
        raise ValueError("Must specify an axis argument to tf.expand_dims()")
    g = get_default_graph()
    with g.name_scope(name or "ExpandDims") as scope:
        x = _input(input, "input")
        dim = _input(axis, "dim", INDEX, _dtypes.int32)
        return _create("ExpandDims", [x, dim], {"T": x.dtype.base_dtype,
                                                "Tdim": dim.dtype.base_dtype}, scope)


def _squeeze_infer(op):
    x = op.inputs[0]
    in_dims = _dims(x)
    if in_dims is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    r = len(in_dims)
    axes = set()
    for i, a in enumerate(op.get_attr("squeeze_dims")):
        if a < -r or a >= r:
            raise ValueError(f"squeeze_dims[{i}] not in [{-r},{r}).")
        axes.add(_normalize_axis(a, r))
    out = []
    for i, d in enumerate(in_dims):
        if axes:
            if i in axes:
                if d is not None and d != 1:
                    raise ValueError(f"Can not squeeze dim[{i}], expected a dimension of 1, "
                                     f"got {d}")
                continue
        elif d is None:
            return [(x.dtype.base_dtype, unknown_shape())]
        elif d == 1:
            continue
        out.append(d)
    return [(x.dtype.base_dtype, TensorShape(out))]


def _squeeze_kernel(ctx: registry.KernelContext):
    squeeze_dims = ctx.attrs["squeeze_dims"]

    def squeeze_(x):
        if not squeeze_dims:
            return x.reshape([d for d in x.shape if d != 1])
        axes = set()
        for a in squeeze_dims:
            if a < -x.ndim or a >= x.ndim:
                raise _invalid(f"Tried to squeeze dim index {a} for tensor with {x.ndim} "
                               f"dimensions.")
            a = _normalize_axis(a, x.ndim)
            if x.shape[a] != 1:
                raise _invalid(f"Can not squeeze dim[{a}], expected a dimension of 1, got "
                               f"{x.shape[a]}")
            axes.add(a)
        return x.reshape([d for i, d in enumerate(x.shape) if i not in axes])
    return squeeze_


registry.register("Squeeze", infer=_squeeze_infer, kernel=_squeeze_kernel,
                  grad=lambda op, grad: [_reshape_to_input(op, grad)])


def squeeze(input: Any, axis: Any = None, name: str | None = None,
            squeeze_dims: Any = None) -> Tensor:
    """`tf.squeeze` (op Squeeze): removes the size-1 dimensions, or only those in `axis`;
    `squeeze_dims` is the deprecated `axis`."""
    axis = deprecated_argument("axis", axis, "squeeze_dims", squeeze_dims)
    if np.isscalar(axis):
        axis = [axis]
    axis = [int(a) for a in (axis or [])]
    g = get_default_graph()
    with g.name_scope(name or "Squeeze") as scope:
        x = _input(input, "input")
        return _create("Squeeze", [x], {"T": x.dtype.base_dtype, "squeeze_dims": axis}, scope)


# --------------------------------------------------------------------------------------------
# ConcatV2

def _concat_infer(op):
    values, axis_t = op.inputs[:-1], op.inputs[-1]
    dtype = values[0].dtype.base_dtype
    _check_rank(axis_t, 0)
    shapes = [_dims(v) for v in values]
    rank_ = next((len(s) for s in shapes if s is not None), None)
    if rank_ is None:
        return [(dtype, unknown_shape())]
    if rank_ == 0:
        raise ValueError("Can't concatenate scalars (use tf.stack instead)")
    shapes = [_with_rank(s, rank_) for s in shapes]
    axis = _static_scalar(axis_t)
    if axis is None:
        return [(dtype, unknown_shape(rank_))]
    _with_rank_at_least(shapes[-1], -axis if axis < 0 else axis + 1)
    a = _normalize_axis(axis, rank_)
    before, middle, after = shapes[-1][:a], shapes[-1][a], shapes[-1][a + 1:]
    for s in reversed(shapes[:-1]):
        before = _merge(s[:a], before)
        middle = None if middle is None or s[a] is None else middle + s[a]
        after = _merge(s[a + 1:], after)
    return [(dtype, TensorShape(before + [middle] + after))]


def _concat_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def concat_(*args):
        values, axis = args[:-1], int(args[-1])
        try:  # numpy's own checks agree with TF's; TF's wording is found only on failure
            if -values[0].ndim <= axis:
                return xp.concatenate(values, axis=axis)
        except ValueError:
            pass
        raise _concat_error(values, axis)
    return concat_


def _concat_error(values: Sequence[Any], axis: int) -> errors.InvalidArgumentError:
    """TF's message for inputs that cannot be concatenated along `axis`."""
    r = values[0].ndim
    if not -r <= axis < r:
        return _invalid(f"ConcatOp : Expected concatenating dimensions in the range "
                        f"[{-r}, {r}), but got {axis}")
    a = _normalize_axis(axis, r)
    first = values[0].shape
    for i, v in enumerate(values[1:], 1):
        if v.ndim != r:
            return _invalid(f"ConcatOp : Ranks of all input tensors should match: shape[0] = "
                            f"{shape_str(first)} vs. shape[{i}] = {shape_str(v.shape)}")
        for j in _py_range(r):
            if j != a and v.shape[j] != first[j]:
                return _invalid(f"ConcatOp : Dimensions of inputs should match: shape[0] = "
                                f"{shape_str(first)} vs. shape[{i}] = {shape_str(v.shape)}")
    return _invalid(f"ConcatOp : cannot concatenate along axis {axis}")


def _concat_input_shapes(values: Sequence[Tensor]) -> list[Tensor]:
    """The shapes of `values`: Consts when all are static, else one ShapeN (as TF, the first
    non-static `shape` is built before falling back to ShapeN)."""
    sizes = []
    for x in values:
        s = shape(x)
        if s.op.type != "Const":
            return shape_n(values)
        sizes.append(s)
    return sizes


def _concat_grad(op, grad):
    """Slices of `grad` at each input's offset along the axis (ConcatOffset + Slice; SplitV
    for more than 16 inputs); an IndexedSlices `grad` gives each input its own rows."""
    from . import math as math_ops  # noqa: PLC0415 - math.py imports this module
    concat_dim, values = op.inputs[-1], op.inputs[:-1]
    non_neg_concat_dim = concat_dim % rank(values[0])
    if isinstance(grad, Tensor):
        sizes = _concat_input_shapes(values)
        if len(sizes) > 16:
            sizes = squeeze(slice(stack(sizes, axis=1), [non_neg_concat_dim, 0], [1, -1]))
            return split(grad, sizes, non_neg_concat_dim) + [None]
        offsets = concat_offset(non_neg_concat_dim, sizes)
        return [slice(grad, begin, size_) for begin, size_ in zip(offsets, sizes)] + [None]
    static_dim = constant_value(concat_dim)
    if static_dim is None:
        raise ValueError("Can only compute IndexedSlices gradient with statically-known "
                         "concat_dim")
    static_dim = int(static_dim)
    if static_dim < 0:
        static_rank = constant_value(rank(values[0]))
        if static_rank is None:
            raise ValueError("Can only compute IndexedSlices gradient with negative "
                             "concat_dim when first value rank is statically-known.")
        static_dim %= int(static_rank)
    sizes = [shape(x) for x in values]
    out = []
    if static_dim > 0:
        # Every input gets all the rows, its own columns of them.
        shape_of_shape = shape(sizes[0])
        mask = concat([zeros(expand_dims(non_neg_concat_dim, 0), dtype=_dtypes.int32), [1],
                       zeros(shape_of_shape - non_neg_concat_dim - 1, dtype=_dtypes.int32)], 0)
        begin = zeros(shape_of_shape, dtype=_dtypes.int32)
        for size_ in sizes:
            new_values = slice(grad.values, begin, concat([[-1], slice(size_, [1], [-1])], 0))
            out.append(IndexedSlices(new_values, grad.indices, size_))
            begin = math_ops.add(begin, size_ * mask)
        return out + [None]
    # Concatenated along the rows: every input gets the rows that fall in its range.
    start = constant(0, dtype=grad.indices.dtype)
    for size_ in sizes:
        size_concat_dim = gather(size_, non_neg_concat_dim)
        if size_concat_dim.dtype != grad.indices.dtype:
            size_concat_dim = cast(size_concat_dim, grad.indices.dtype)
        end = start + size_concat_dim
        indices_to_select = squeeze(where(math_ops.logical_and(grad.indices >= start,
                                                               grad.indices < end)), axis=[1])
        new_indices = gather(grad.indices, indices_to_select) - start
        new_values = gather(grad.values, indices_to_select)
        out.append(IndexedSlices(new_values, new_indices, size_))
        start = end
    return out + [None]


registry.register("ConcatV2", infer=_concat_infer, kernel=_concat_kernel, grad=_concat_grad)


# ---- ConcatOffset: where each input of a concat starts in its output (for its gradient)

def _concat_offset_infer(op):
    return [(_dtypes.int32, t.shape) for t in op.inputs[1:]]


def _concat_offset_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def concat_offset_(concat_dim, *shapes):
        if concat_dim.ndim != 0:
            raise _invalid(f"Concat dim tensor should be a scalar integer, but got shape "
                           f"{shape_str(concat_dim.shape)}")
        for i, s in enumerate(shapes):
            if s.ndim != 1:
                raise _invalid(f"input {i + 1} should be a vector, but got shape "
                               f"{shape_str(s.shape)}")
        first = _host_ints(shapes[0])
        dims = len(first)
        cdim = int(concat_dim)
        axis = cdim + dims if cdim < 0 else cdim
        if not 0 <= axis < dims:
            raise _invalid(f"Concat dim is out of range: {cdim} vs. {dims}")
        offset, out = 0, []
        for i, s in enumerate(shapes):
            dims_i = _host_ints(s)
            if len(dims_i) != dims:
                raise _invalid(f"input {i} should contain {dims} elements, but got "
                               f"{len(dims_i)}")
            for j in _py_range(dims):
                if j != axis and dims_i[j] != first[j]:
                    raise _invalid(f"All dimensions except {axis} must match. Input {i} has "
                                   f"shape [{' '.join(map(str, dims_i))}] and doesn't match "
                                   f"input 0 with shape [{' '.join(map(str, first))}].")
            row = [0] * dims
            row[axis] = offset
            offset += dims_i[axis]
            out.append(xp.asarray(row, dtype=xp.int32))
        return tuple(out)
    return concat_offset_


registry.register("ConcatOffset", infer=_concat_offset_infer, kernel=_concat_offset_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)


def concat_offset(concat_dim: Any, shape: Any, name: str | None = None) -> list[Tensor]:
    """TF's gen_array_ops.concat_offset (op ConcatOffset): for the shapes of the inputs of a
    concat along `concat_dim`, the offset vector of each input in the output."""
    g = get_default_graph()
    with g.name_scope(name or "ConcatOffset") as scope:
        dim = _input(concat_dim, "concat_dim", ("int32",))
        shapes = _list_input("ConcatOffset", "shape", shape, 2)
        check_dtype_allowed(shapes[0].dtype, "shape", ("int32",))
        op = g.create_op("ConcatOffset", [dim] + shapes, {"N": len(shapes)}, name=scope)
    return op.outputs


def concat(values: Any, axis: Any, name: str = "concat") -> Tensor:
    """`tf.concat` (op ConcatV2, axis Const `concat/axis`); a single value is passed through an
    Identity named `concat`, as TF 1.15 does."""
    if not isinstance(values, (list, tuple)):
        values = [values]
    g = get_default_graph()
    if len(values) == 1:
        with g.name_scope(name) as scope:
            axis_t = convert_to_tensor(axis, dtype=_dtypes.int32, name="concat_dim")
            if not axis_t.shape.is_compatible_with(TensorShape([])):
                raise ValueError(f"Shapes {axis_t.shape} and () are incompatible")
            return identity(values[0], name=scope)
    with g.name_scope(name) as scope:
        tensors = _list_input("ConcatV2", "values", values, 2)
        axis = _input(axis, "axis", INDEX, _dtypes.int32)
        return _create("ConcatV2", tensors + [axis],
                       {"N": len(tensors), "T": tensors[0].dtype.base_dtype,
                        "Tidx": axis.dtype.base_dtype}, scope)


# --------------------------------------------------------------------------------------------
# Split, SplitV

def _split_infer(op):
    dim_t, x = op.inputs
    num = op.get_attr("num_split")
    dtype = x.dtype.base_dtype
    in_dims = _dims(x)
    axis = _static_scalar(dim_t)
    if axis is None or in_dims is None:
        out = unknown_shape(None if in_dims is None else len(in_dims))
        return [(dtype, out)] * num
    r = len(in_dims)
    if not -r <= axis < r:
        raise ValueError(f"Dimension size, given by scalar input {axis} must be in range "
                         f"[-{r}, {r})")
    a = _normalize_axis(axis, r)
    size_ = in_dims[a]
    if size_ is not None and size_ % num:
        raise ValueError(f"Dimension size must be evenly divisible by {num} but is {size_}\n\t"
                         f"Number of ways to split should evenly divide the split dimension")
    out = in_dims[:a] + [None if size_ is None else size_ // num] + in_dims[a + 1:]
    return [(dtype, TensorShape(out))] * num


def _split_kernel(ctx: registry.KernelContext):
    num = ctx.attrs["num_split"]

    cuts: dict = {}  # (axis, size) -> the index tuples of the parts: views, as numpy's split

    def split_(axis, x):
        key = (int(axis), x.shape[int(axis)] if -x.ndim <= int(axis) < x.ndim else None)
        index = cuts.get(key)
        if index is None:
            index = cuts[key] = _split_index(key[0], x, num)
        return _outputs([x[i] for i in index])
    return split_


def _split_index(axis: int, x: Any, num: int) -> list:
    if not -x.ndim <= axis < x.ndim:
        raise _invalid(f"-input rank(-{x.ndim}) <= split_dim < input rank ({x.ndim}), "
                       f"but got {axis}")
    a = _normalize_axis(axis, x.ndim)
    if x.shape[a] % num:
        raise _invalid(f"Number of ways to split should evenly divide the split dimension, "
                       f"but got split_dim {axis} (size = {x.shape[a]}) and num_split {num}")
    step = x.shape[a] // num
    lead = (_py_slice(None),) * a
    return [lead + (_py_slice(k * step, (k + 1) * step),) for k in _py_range(num)]


registry.register("Split", infer=_split_infer, kernel=_split_kernel,
                  grad=lambda op, *grads: [None, concat(list(grads), op.inputs[0])])


def _split_v_infer(op):
    x, sizes_t, dim_t = op.inputs
    num = op.get_attr("num_split")
    dtype = x.dtype.base_dtype
    in_dims = _dims(x)
    axis = _static_scalar(dim_t)
    if axis is None:
        out = unknown_shape(None if in_dims is None else len(in_dims))
        return [(dtype, out)] * num
    if in_dims is None:
        return [(dtype, unknown_shape())] * num
    r = len(in_dims)
    if r == 0:
        raise ValueError("Can't split scalars")
    if not -r <= axis < r:
        raise ValueError(f"Dimension size, given by scalar input {axis} must be in range "
                         f"[{-r}, {r})")
    a = _normalize_axis(axis, r)
    split_size = in_dims[a]
    sizes = constant_value(sizes_t)
    if sizes is None:
        if split_size is not None:
            return [(dtype, TensorShape(in_dims[:a] + [None] + in_dims[a + 1:]))] * num
        return [(dtype, unknown_shape(r))] * num
    sizes = sizes.reshape(-1).tolist()
    if len(sizes) != num:
        raise ValueError(f"Length of size_splits should be equal to num_outputs ({len(sizes)} "
                         f"vs. {num})")
    if sizes.count(-1) > 1:
        raise ValueError("size_splits can only have one -1")
    total = sum(s for s in sizes if s != -1)
    outs = []
    for i, s in enumerate(sizes):
        if s == -1 and split_size is not None:
            s = split_size - total
        if s < -1 or (s == -1 and split_size is not None):
            raise ValueError(f"Split size at index {i} must be >= 0. Got: {s}")
        outs.append((dtype, TensorShape(in_dims[:a] + [None if s == -1 else s] + in_dims[a + 1:])))
    if split_size is not None and (total > split_size if -1 in sizes else total != split_size):
        raise ValueError(f"can't split axis of size {split_size} into pieces of size "
                         f"[{','.join(str(s) for s in sizes)}]")
    return outs


def _split_v_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def split_v(x, size_splits, axis):
        axis = int(axis)
        if not -x.ndim <= axis < x.ndim:
            raise _invalid(f"-input rank(-{x.ndim}) <= split_dim < input rank ({x.ndim}), "
                           f"but got {axis}")
        a = _normalize_axis(axis, x.ndim)
        sizes = _host_ints(size_splits)
        total = sum(s for s in sizes if s != -1)
        if -1 in sizes:
            if total > x.shape[a]:
                raise _invalid("Determined shape must either match input shape along split_dim "
                               "exactly if fully specified, or be less than the size of the "
                               f"input along split_dim if not fully specified.  Got: {total}")
            sizes[sizes.index(-1)] = x.shape[a] - total
        elif total != x.shape[a]:
            raise _invalid("Determined shape must either match input shape along split_dim "
                           "exactly if fully specified, or be less than the size of the input "
                           f"along split_dim if not fully specified.  Got: {total}")
        bounds = list(itertools.accumulate(sizes))[:-1]
        return _outputs(xp.split(x, bounds, axis=a))
    return split_v


registry.register("SplitV", infer=_split_v_infer, kernel=_split_v_kernel,
                  grad=lambda op, *grads: [concat(list(grads), op.inputs[2]), None, None])


def split(value: Any, num_or_size_splits: Any, axis: Any = 0, num: int | None = None,
          name: str = "split") -> list[Tensor]:
    """`tf.split`: a number of equal parts (op Split) or a list of sizes, one of which may be
    -1 (op SplitV); the axis is the Const `split/split_dim`."""
    g = get_default_graph()
    if isinstance(num_or_size_splits, (numbers.Integral, Dimension)):
        num_split = int(num_or_size_splits)
        with g.name_scope(name) as scope:
            axis = _fixed_input(axis, "split_dim", "Split", _dtypes.int32)
            x = _input(value, "value")
            if num_split < 1:
                raise ValueError(f"Attr 'num_split' of 'Split' Op passed {num_split} less than "
                                 f"minimum 1.")
            op = g.create_op("Split", [axis, x], {"T": x.dtype.base_dtype,
                                                 "num_split": num_split}, name=scope)
        return op.outputs
    size_splits = convert_to_tensor(num_or_size_splits)
    if size_splits.shape.ndims == 0:
        raise ValueError(f"Rank-0 tensors are not supported as the num_or_size_splits argument "
                         f"to split. Argument provided: {num_or_size_splits}")
    if num is None:
        dims = _dims(size_splits)
        num = dims[0] if dims else None
        if num is None:
            raise ValueError(f"Cannot infer num from shape {num_or_size_splits}")
    with g.name_scope(name) as scope:
        x = _input(value, "value")
        check_dtype_allowed(size_splits.dtype, "size_splits", INDEX)
        axis = _fixed_input(axis, "split_dim", "SplitV", _dtypes.int32)
        op = g.create_op("SplitV", [x, size_splits, axis],
                         {"T": x.dtype.base_dtype, "Tlen": size_splits.dtype.base_dtype,
                          "num_split": int(num)}, name=scope)
    return op.outputs


# --------------------------------------------------------------------------------------------
# Pack, Unpack; auto-packing of lists holding tensors

def _pack_infer(op):
    values = op.inputs
    axis = op.get_attr("axis")
    cur = _dims(values[-1])
    for i in _py_range(len(values) - 2, -1, -1):
        try:
            cur = _merge(_dims(values[i]), cur)
        except ValueError as e:
            raise ValueError(f"{e}\n\tFrom merging shape {i} with other shapes.") from None
    if cur is None:
        return [(values[0].dtype.base_dtype, unknown_shape())]
    r = len(cur) + 1
    if not -r <= axis < r:
        raise ValueError(f"Invalid axis: {axis}; must be in [{-r},{r})")
    a = _normalize_axis(axis, r)
    return [(values[0].dtype.base_dtype, TensorShape(cur[:a] + [len(values)] + cur[a:]))]


def _pack_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    axis = ctx.attrs["axis"]

    def pack(*values):
        first = values[0].shape
        for i, v in enumerate(values[1:], 1):
            if v.shape != first:
                raise _invalid(f"Shapes of all inputs must match: values[0].shape = "
                               f"{shape_str(first)} != values[{i}].shape = {shape_str(v.shape)}")
        return xp.stack(values, axis=axis)
    return pack


def _pack_grad(op, grad):
    return unstack(grad, num=op.get_attr("N"), axis=op.get_attr("axis"))


registry.register("Pack", infer=_pack_infer, kernel=_pack_kernel, grad=_pack_grad)


def _pack_op(values: Sequence[Any], axis: int, name: str) -> Tensor:
    g = get_default_graph()
    with g.name_scope(name) as scope:
        tensors = _list_input("Pack", "values", values, 1)
        return _create("Pack", tensors, {"N": len(tensors), "T": tensors[0].dtype.base_dtype,
                                         "axis": int(axis)}, scope)


def stack(values: Sequence[Any], axis: int = 0, name: str = "stack") -> Tensor:
    """`tf.stack` (op Pack named `stack`); a list of Python values along axis 0 is a Const."""
    if isinstance(axis, numbers.Integral) and axis == 0:
        try:
            return convert_to_tensor(values, name=name)
        except (TypeError, ValueError):
            pass  # tensors of different types or shapes: the Pack below reports it
    value_shape = convert_to_tensor(values[0], name=name).shape
    if value_shape.ndims is not None:
        expanded = value_shape.ndims + 1
        if not -expanded <= axis < expanded:
            raise ValueError(f"axis = {axis} not in [{-expanded}, {expanded})")
    return _pack_op(values, axis, name)


def _unpack_infer(op):
    x = op.inputs[0]
    num = op.get_attr("num")
    in_dims = _dims(x)
    if in_dims is None:
        return [(x.dtype.base_dtype, unknown_shape())] * num
    r = len(in_dims)
    axis = op.get_attr("axis")
    if not -r <= axis < r:
        raise ValueError(f"Invalid axis: {axis}; must be in [{-r},{r})")
    a = _normalize_axis(axis, r)
    _with_value(in_dims[a], num)
    return [(x.dtype.base_dtype, TensorShape(in_dims[:a] + in_dims[a + 1:]))] * num


def _unpack_kernel(ctx: registry.KernelContext):
    num, axis = ctx.attrs["num"], ctx.attrs["axis"]

    def unpack(x):
        a = _normalize_axis(axis, x.ndim)
        if x.shape[a] != num:
            raise _invalid(f"Input shape axis {a} must equal {num}, got shape "
                           f"{shape_str(x.shape)}")
        lead = (_py_slice(None),) * a
        return _outputs([x[lead + (i,)] for i in _py_range(num)])
    return unpack


registry.register("Unpack", infer=_unpack_infer, kernel=_unpack_kernel,
                  grad=lambda op, *grads: [stack(grads, axis=op.get_attr("axis"))])


def unstack(value: Any, num: int | None = None, axis: int = 0,
            name: str = "unstack") -> list[Tensor]:
    """`tf.unstack` (op Unpack): the slices along `axis`; `num` defaults to that static
    dimension, and a ValueError says when it is not known."""
    value_shape = None
    if num is None:
        value = convert_to_tensor(value)
        value_shape = value.shape
        if value_shape.ndims is not None:
            r = value_shape.ndims
            if not -r <= axis < r:
                raise ValueError(f"axis = {axis} not in [{-r}, {r})")
            num = value_shape.dims[axis].value
    if num is None:
        raise ValueError(f"Cannot infer num from shape {value_shape}")
    g = get_default_graph()
    with g.name_scope(name) as scope:
        x = _input(value, "value")
        op = g.create_op("Unpack", [x], {"T": x.dtype.base_dtype, "num": int(num),
                                         "axis": int(axis)}, name=scope)
    return op.outputs


_NON_AUTOPACKABLE = set(np.ScalarType) | {np.ndarray}


def _tensor_like(x: Any) -> bool:
    return isinstance(x, Tensor) or is_tensor(x)


def _first_tensor_dtype(values: Any) -> _dtypes.DType | None:
    for v in values:
        if _tensor_like(v):
            return convert_to_tensor(v).dtype.base_dtype
        if isinstance(v, (list, tuple)):
            found = _first_tensor_dtype(v)
            if found is not None:
                return found
    return None


def _autopack(values: Sequence[Any], dtype: _dtypes.DType, name: str) -> Any:
    """Packs a (nested) list holding tensors; the other elements become Consts named by their
    position (`packed/1`). A nested list without tensors is returned as it is."""
    g = get_default_graph()
    must_pack = False
    converted = []
    with g.name_scope(name) as scope:
        for i, elem in enumerate(values):
            if _tensor_like(elem):
                t = convert_to_tensor(elem)
                if t.dtype.base_dtype != dtype:
                    raise TypeError(f"Cannot convert a list containing a tensor of dtype "
                                    f"{t.dtype} to {dtype} (Tensor is: {t!r})")
                converted.append(t)
                must_pack = True
            elif isinstance(elem, (list, tuple)):
                sub = _autopack(elem, dtype, str(i))
                must_pack = must_pack or isinstance(sub, Tensor)
                converted.append(sub)
            else:
                converted.append(elem)
        if not must_pack:
            return converted
        tensors = [e if isinstance(e, Tensor) else constant(e, dtype=dtype, name=str(i))
                   for i, e in enumerate(converted)]
        return _create("Pack", tensors, {"N": len(tensors), "T": dtype, "axis": 0}, scope)


def _autopacking_conversion(value: Any, dtype: Any = None, name: str | None = None,
                            as_ref: bool = False) -> Any:
    """`convert_to_tensor` of a list or tuple holding tensors: one Pack named `packed`."""
    if as_ref or all(type(e) in _NON_AUTOPACKABLE for e in nest.flatten(value)):
        return NotImplemented
    inferred = _first_tensor_dtype(value)
    if inferred is None:
        return NotImplemented
    if dtype is None:
        dtype = inferred
    else:
        dtype = _dtypes.as_dtype(dtype).base_dtype
        if dtype != inferred:
            value = nest.map_structure(
                lambda e: cast(e, dtype) if _tensor_like(e) else e, value)
    return _autopack(value, dtype, name or "packed")


register_tensor_conversion_function((list, tuple), _autopacking_conversion, 99)


# --------------------------------------------------------------------------------------------
# Slice

def _slice_infer(op):
    x, begin_t, size_t = op.inputs
    dtype = x.dtype.base_dtype
    begin_dims = _with_rank(_dims(begin_t), 1) if begin_t.shape.ndims is not None else [None]
    size_dims = _with_rank(_dims(size_t), 1) if size_t.shape.ndims is not None else [None]
    n = _merge(begin_dims, size_dims)[0]
    in_dims = _dims(x)
    if n is not None:
        in_dims = _with_rank(in_dims, n)
    sizes = constant_value(size_t)
    if sizes is not None:
        sizes = sizes.reshape(-1).tolist()
        for s in sizes:
            if s < -1:
                raise ValueError(f"Invalid value in tensor used for shape: {s}")
        in_dims = _with_rank(in_dims, len(sizes))
        begins = constant_value(begin_t)
        out = []
        for i, s in enumerate(sizes):
            if s != -1:
                out.append(s)
            elif begins is None or in_dims[i] is None:
                out.append(None)
            else:
                b = int(begins.reshape(-1)[i])
                if in_dims[i] - b < 0:
                    raise ValueError(f"Negative dimension size caused by subtracting {b} from "
                                     f"{in_dims[i]}")
                out.append(in_dims[i] - b)
        return [(dtype, TensorShape(out))]
    partial = _dims(constant_value_as_shape(size_t)) if size_t.shape.ndims == 1 else None
    if partial is not None:
        return [(dtype, TensorShape(partial))]
    if n is not None:
        return [(dtype, unknown_shape(n))]
    return [(dtype, unknown_shape(None if in_dims is None else len(in_dims)))]


def _slice_kernel(ctx: registry.KernelContext):
    index_of = _ByShape(_slice_index)

    def slice_(x, begin, size_):
        return x[index_of(x.shape, begin, size_)]
    return slice_


def _slice_index(in_shape: tuple, begin: Any, size_: Any) -> tuple:
    """Slice's index for an input of `in_shape`, with TF's checks."""
    begins, sizes = _host_ints(begin), _host_ints(size_)
    ndim = len(in_shape)
    if len(begins) != ndim or len(sizes) != ndim:
        raise _invalid(f"Expected begin and size arguments to be 1-D tensors of size "
                       f"{ndim}, but got shapes [{len(begins)}] and [{len(sizes)}] instead.")
    index = []
    for i, (b, s) in enumerate(zip(begins, sizes)):
        dim = in_shape[i]
        if s == -1:
            s = dim - b
        if dim == 0 and (b, s) != (0, 0):
            raise _invalid(f"Expected begin[{i}] == 0 (got {b}) and size[{i}] == 0 (got {s}) "
                           f"when input.dim_size({i}) == 0")
        if not 0 <= b <= dim:
            raise _invalid(f"Expected begin[{i}] in [0, {dim}], but got {b}")
        if not 0 <= s <= dim - b:
            raise _invalid(f"Expected size[{i}] in [0, {dim - b}], but got {s}")
        index.append(_py_slice(b, b + s))
    return tuple(index)


def _slice_grad(op, grad):
    """`grad` padded back to the input's shape: `begin` before, the rest after."""
    input_vec, begin_vec = op.inputs[0], op.inputs[1]
    input_rank = rank(input_vec)
    index_dtype = begin_vec.dtype.base_dtype
    slice_size = shape(op.outputs[0], out_type=index_dtype)
    pad_shape = stack([input_rank, 1])
    before_pad = reshape(begin_vec, pad_shape)
    after_pad = reshape(shape(input_vec, out_type=index_dtype) - slice_size - begin_vec,
                        pad_shape)
    paddings = concat([before_pad, after_pad], 1)
    return [pad(grad, paddings), None, None]


registry.register("Slice", infer=_slice_infer, kernel=_slice_kernel, grad=_slice_grad)


def slice(input_: Any, begin: Any, size: Any, name: str | None = None) -> Tensor:  # noqa: A001
    """`tf.slice` (op Slice): `size` elements from `begin` per axis; a size of -1 takes the
    rest of the axis."""
    g = get_default_graph()
    with g.name_scope(name or "Slice") as scope:
        x = _input(input_, "input")
        begin_t, size_t = _same_type("Slice", [("begin", begin), ("size", size)], INDEX)
        return _create("Slice", [x, begin_t, size_t], {"T": x.dtype.base_dtype,
                                                      "Index": begin_t.dtype.base_dtype}, scope)


# --------------------------------------------------------------------------------------------
# StridedSlice

_NEW_AXIS, _SHRINK_AXIS = -1, -2


def _strided_slice_spec(in_dims: list, begin: list | None, end: list | None, strides: list,
                        begin_mask: int, end_mask: int, ellipsis_mask: int, new_axis_mask: int,
                        shrink_axis_mask: int) -> tuple[list, list]:
    """TF's ValidateStridedSliceOp: the sparse spec (with at most one ellipsis, new axes and
    shrinks) made dense over the input's dimensions, bounds-checked and canonicalized.

    Returns (dense, gather): `dense[i]` is (begin, end, stride, shrink, size) for input dim i
    (begin/end/size None when not known); `gather` has one entry per sparse entry in order: the
    dense index of a kept dim, _SHRINK_AXIS for a removed one (each dense dim appears once, in
    order), or _NEW_AXIS. Raises ValueError with TF's message."""
    n_sparse = len(strides)
    if ellipsis_mask & (ellipsis_mask - 1):
        raise ValueError("Multiple ellipses in slice spec not allowed")
    ellipsis_seen = False
    new_after_ellipsis = 0
    for i in _py_range(n_sparse):
        if ellipsis_seen and (1 << i) & new_axis_mask:
            new_after_ellipsis += 1
        if (1 << i) & ellipsis_mask:
            ellipsis_seen = True
    if not ellipsis_seen:
        ellipsis_mask |= 1 << n_sparse
        n_sparse += 1
    n_dense = len(in_dims)
    d_begin, d_end, d_stride = [0] * n_dense, [0] * n_dense, [1] * n_dense
    d_begin_mask = d_end_mask = d_shrink = 0
    gather: list[int] = []
    full = 0
    for i in _py_range(n_sparse):
        if (1 << i) & ellipsis_mask:
            nxt = min(n_dense - (n_sparse - i) + 1 + new_after_ellipsis, n_dense)
            while full < nxt:
                d_begin_mask |= 1 << full
                d_end_mask |= 1 << full
                gather.append(full)
                full += 1
        elif (1 << i) & new_axis_mask:
            gather.append(_NEW_AXIS)
        else:
            if full == n_dense:
                if n_dense == 0:
                    raise ValueError("Attempting to slice scalar input.")
                raise ValueError(f"Index out of range using input dim {full}; input has only "
                                 f"{n_dense} dims")
            if begin is not None:
                d_begin[full] = begin[i]
            if end is not None:
                d_end[full] = end[i]
            d_stride[full] = strides[i]
            if begin_mask & (1 << i):
                d_begin_mask |= 1 << full
            if end_mask & (1 << i):
                d_end_mask |= 1 << full
            if shrink_axis_mask & (1 << i):
                gather.append(_SHRINK_AXIS)
                d_shrink |= 1 << full
            else:
                gather.append(full)
            full += 1
    dense = []
    for i in _py_range(n_dense):
        b, e, s, dim = d_begin[i], d_end[i], d_stride[i], in_dims[i]
        if s == 0:
            raise ValueError(f"strides[{i}] must be non-zero")
        shrink = bool(d_shrink & (1 << i))
        if dim is None:
            dense.append((None, None, s, shrink, 1 if shrink else None))
            continue
        masked_b, masked_e = bool(d_begin_mask & (1 << i)), bool(d_end_mask & (1 << i))
        lo, hi = (0, dim) if s > 0 else (-1, dim - 1)
        if shrink and s <= 0:
            raise ValueError("only stride 1 allowed on non-range indexing.")
        known = begin is not None and end is not None
        if known:
            if shrink:
                b = b + dim if b < 0 else b
                e = b + 1
                if b < 0 or b >= dim:
                    raise ValueError(f"slice index {b} of dimension {i} out of bounds.")
            else:
                b = _canonical(b, masked_b, s, lo, hi, dim, first=True)
                e = _canonical(e, masked_e, s, lo, hi, dim, first=False)
            length = e - b
        elif shrink:
            b = e = None
            length = 1
        elif masked_b and masked_e:
            b = e = None
            length = -dim if s < 0 else dim
        else:
            dense.append((None, None, s, shrink, None))
            continue
        if length == 0 or (length < 0) != (s < 0):
            count = 0
        else:
            count = length // s + (1 if length % s else 0)
        dense.append((b, e, s, shrink, count))
    return dense, gather


def _canonical(x: int, masked: bool, stride: int, lo: int, hi: int, dim: int,
               first: bool) -> int:
    if masked:
        if stride > 0:
            return lo if first else hi
        return hi if first else lo
    x = dim + x if x < 0 else x
    return lo if x < lo else (hi if x > hi else x)


def _strided_slice_masks(get: Any) -> tuple:
    """The five mask attrs, read with `get` (an op's get_attr or a kernel's attrs lookup)."""
    return tuple(get(k) for k in ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask",
                                  "shrink_axis_mask"))


def _strided_slice_infer(op):
    x, begin_t, end_t, strides_t = op.inputs
    dtype = x.dtype.base_dtype
    for t in (begin_t, end_t, strides_t):
        _check_rank(t, 1)
    spec = _merge(_with_rank(_dims(begin_t), 1), _with_rank(_dims(end_t), 1))
    n = _merge(spec, _with_rank(_dims(strides_t), 1))[0]
    in_dims = _dims(x)
    strides = constant_value(strides_t)
    if in_dims is None or n is None or strides is None:
        return [(dtype, unknown_shape())]
    begin, end = constant_value(begin_t), constant_value(end_t)
    dense, gather = _strided_slice_spec(
        in_dims, None if begin is None else begin.reshape(-1).tolist(),
        None if end is None else end.reshape(-1).tolist(), strides.reshape(-1).tolist(),
        *_strided_slice_masks(op.get_attr))
    out = [1 if g == _NEW_AXIS else dense[g][4] for g in gather if g != _SHRINK_AXIS]
    return [(dtype, TensorShape(out))]


def _strided_slice_indexer(ctx: registry.KernelContext) -> Any:
    """For a kernel: `index(shape, begin, end, strides) -> (numpy index, result shape)`, from
    the op's masks, cached per distinct arguments."""
    masks = _strided_slice_masks(ctx.attrs.__getitem__)
    cache: dict = {}

    def index_of(shape_: tuple, begin: Any, end: Any, strides: Any) -> tuple[tuple, tuple]:
        key = (shape_, tuple(begin.tolist()), tuple(end.tolist()), tuple(strides.tolist()))
        found = cache.get(key)
        if found is not None:
            return found
        try:
            dense, gather = _strided_slice_spec(list(shape_), list(key[1]), list(key[2]),
                                                list(key[3]), *masks)
        except ValueError as e:
            raise _invalid(str(e)) from None
        index = []
        d = 0
        for g in gather:
            if g == _NEW_AXIS:
                index.append(None)
                continue
            b, e, s, shrink, count = dense[d]
            d += 1
            if shrink:
                index.append(b)
            elif count == 0:
                index.append(_py_slice(0, 0))
            else:
                index.append(_py_slice(b, e if e >= 0 else None, s))
        final = tuple(1 if g == _NEW_AXIS else dense[g][4] for g in gather if g != _SHRINK_AXIS)
        found = (tuple(index), final)
        if len(cache) < 64:
            cache[key] = found
        return found
    return index_of


def _strided_slice_kernel(ctx: registry.KernelContext):
    index_of = _strided_slice_indexer(ctx)

    def strided_slice_(x, begin, end, strides):
        return x[index_of(x.shape, begin, end, strides)[0]]
    return strided_slice_


def _strided_slice_attrs(op) -> dict:
    return {k: op.get_attr(k) for k in ("begin_mask", "end_mask", "ellipsis_mask",
                                        "new_axis_mask", "shrink_axis_mask")}


def _strided_slice_grad(op, grad):
    """`grad` scattered into zeros of the input's shape (op StridedSliceGrad)."""
    _, begin, end, strides = op.inputs
    x = shape(op.inputs[0], out_type=begin.dtype.base_dtype)
    return [strided_slice_grad(x, begin, end, strides, grad, **_strided_slice_attrs(op)),
            None, None, None]


registry.register("StridedSlice", infer=_strided_slice_infer, kernel=_strided_slice_kernel,
                  grad=_strided_slice_grad)


def strided_slice(input_: Any, begin: Any, end: Any, strides: Any = None, begin_mask: int = 0,
                  end_mask: int = 0, ellipsis_mask: int = 0, new_axis_mask: int = 0,
                  shrink_axis_mask: int = 0, var: Any = None,
                  name: str | None = None) -> Tensor:
    """`tf.strided_slice` (op StridedSlice): numpy-like slicing spelled as begin/end/strides
    and bit masks; strides default to ones (`ones_like(begin)`). As in TF1 the result has an
    `assign(value, name=None)` method: with `var` (the variable sliced, as `var[...]` passes
    it) it builds `<slice scope>_assign` (op StridedSliceAssign) updating that part of the
    variable in place; without, it raises ValueError."""
    if strides is None:
        strides = ones_like(begin)
    g = get_default_graph()
    with g.name_scope(name or "StridedSlice") as scope:
        x = _input(input_, "input")
        begin_t, end_t, strides_t = _same_type(
            "StridedSlice", [("begin", begin), ("end", end), ("strides", strides)], INDEX)
        masks = {"begin_mask": int(begin_mask), "end_mask": int(end_mask),
                 "ellipsis_mask": int(ellipsis_mask), "new_axis_mask": int(new_axis_mask),
                 "shrink_axis_mask": int(shrink_axis_mask)}
        out = _create("StridedSlice", [x, begin_t, end_t, strides_t],
                      {"T": x.dtype.base_dtype, "Index": begin_t.dtype.base_dtype, **masks},
                      scope)
    default_name = (scope if name is None else name) + "_assign"  # TF appends to `name`

    def assign(value: Any, name: str | None = None) -> Tensor:
        if var is None:
            raise ValueError("Sliced assignment is only supported for variables")
        return var._strided_slice_assign(begin_t, end_t, strides_t, value,
                                         name or default_name, **masks)
    out.assign = assign
    return out


# ---- StridedSliceGrad: the gradient of StridedSlice, `dy` placed into zeros of `shape`

def _strided_slice_grad_infer(op):
    return [(op.inputs[4].dtype.base_dtype, TensorShape(_shape_from_tensor(op.inputs[0])))]


def _strided_slice_grad_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    index_of = _strided_slice_indexer(ctx)

    def strided_slice_grad_(shape_, begin, end, strides, dy):
        if shape_.ndim != 1:
            raise _invalid(f"shape must be 1-D, got shape.shape = {shape_str(shape_.shape)}")
        dims = tuple(_host_ints(shape_))
        index, final = index_of(dims, begin, end, strides)
        if tuple(dy.shape) != final:
            raise _invalid(f"shape of dy was {shape_str(dy.shape)} instead of "
                           f"{shape_str(final)}")
        out = xp.zeros(dims, dtype=dy.dtype)
        out[index] = dy
        return out
    return strided_slice_grad_


def _strided_slice_grad_grad(op, grad):
    _, begin, end, strides, _ = op.inputs
    return [None, None, None, None,
            strided_slice(grad, begin, end, strides, **_strided_slice_attrs(op))]


registry.register("StridedSliceGrad", infer=_strided_slice_grad_infer,
                  kernel=_strided_slice_grad_kernel, grad=_strided_slice_grad_grad)


def strided_slice_grad(shape: Any, begin: Any, end: Any, strides: Any, dy: Any,
                       begin_mask: int = 0, end_mask: int = 0, ellipsis_mask: int = 0,
                       new_axis_mask: int = 0, shrink_axis_mask: int = 0,
                       name: str | None = None) -> Tensor:
    """TF's gen_array_ops.strided_slice_grad (op StridedSliceGrad): zeros of `shape` holding
    `dy` where `strided_slice` with the same arguments would have read."""
    g = get_default_graph()
    with g.name_scope(name or "StridedSliceGrad") as scope:
        shape_t, begin_t, end_t, strides_t = _same_type(
            "StridedSliceGrad", [("shape", shape), ("begin", begin), ("end", end),
                                 ("strides", strides)], INDEX)
        dy = _input(dy, "dy")
        return _create("StridedSliceGrad", [shape_t, begin_t, end_t, strides_t, dy],
                       {"T": dy.dtype.base_dtype, "Index": shape_t.dtype.base_dtype,
                        "begin_mask": int(begin_mask), "end_mask": int(end_mask),
                        "ellipsis_mask": int(ellipsis_mask), "new_axis_mask": int(new_axis_mask),
                        "shrink_axis_mask": int(shrink_axis_mask)}, scope)


_SLICE_TYPE_ERROR = ("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and "
                     "scalar tf.int32/tf.int64 tensors are valid indices")


def _check_index(idx: Any) -> None:
    if isinstance(idx, (numbers.Integral, Dimension)):
        return
    dtype = getattr(idx, "dtype", None)
    ok = dtype is not None
    if ok:
        try:
            ok = _dtypes.as_dtype(dtype).base_dtype in (_dtypes.int32, _dtypes.int64)
        except TypeError:
            ok = False
    if not ok or (idx.shape and len(idx.shape) == 1):
        raise TypeError(f"{_SLICE_TYPE_ERROR}, got {idx!r}")


def _index_value(x: Any) -> Any:
    return x.value if isinstance(x, Dimension) else x


def _is_unknown_dim(x: Any) -> bool:
    return isinstance(x, Dimension) and x.value is None


def _slice_helper(tensor: Tensor, slice_spec: Any, var: Any = None) -> Tensor:
    """`tensor[slice_spec]` as TF1 builds it: one StridedSlice named `strided_slice` whose
    begin/end/strides are Consts (`strided_slice/stack`, `_1`, `_2`), or Packs when an index
    is a tensor; a boolean mask selects with `boolean_mask`."""
    if isinstance(slice_spec, bool) or \
            (isinstance(slice_spec, Tensor) and slice_spec.dtype == _dtypes.bool) or \
            (isinstance(slice_spec, np.ndarray) and slice_spec.dtype == bool):
        return boolean_mask(tensor=tensor, mask=slice_spec)
    if not isinstance(slice_spec, (list, tuple)):
        slice_spec = [slice_spec]
    begin, end, strides = [], [], []
    begin_mask = end_mask = ellipsis_mask = new_axis_mask = shrink_axis_mask = 0
    for index, s in enumerate(slice_spec):
        if isinstance(s, _py_slice):
            parts = []
            for part, default in ((s.start, 0), (s.stop, 0), (s.step, 1)):
                if part is not None and not _is_unknown_dim(part):
                    _check_index(part)
                    parts.append((_index_value(part), False))
                else:
                    parts.append((default, True))
            begin.append(parts[0][0])
            end.append(parts[1][0])
            strides.append(parts[2][0])
            begin_mask |= parts[0][1] << index
            end_mask |= parts[1][1] << index
        elif s is Ellipsis:
            begin.append(0)
            end.append(0)
            strides.append(1)
            ellipsis_mask |= 1 << index
        elif s is newaxis:
            begin.append(0)
            end.append(0)
            strides.append(1)
            new_axis_mask |= 1 << index
        else:
            _check_index(s)
            s = _index_value(s)
            begin.append(s)
            end.append(s + 1)
            strides.append(1)
            shrink_axis_mask |= 1 << index
    g = get_default_graph()
    with g.name_scope("strided_slice") as scope:
        if begin:
            packed = [stack(begin), stack(end), stack(strides)]
            if any(p.dtype == _dtypes.int64 for p in packed):
                packed = [p if p.dtype == _dtypes.int64 else cast(p, _dtypes.int64)
                          for p in packed]
        else:
            empty = constant([], dtype=_dtypes.int32)
            packed = [empty, empty, empty]
        return strided_slice(tensor, *packed, begin_mask=begin_mask, end_mask=end_mask,
                             shrink_axis_mask=shrink_axis_mask, new_axis_mask=new_axis_mask,
                             ellipsis_mask=ellipsis_mask, var=var, name=scope)


override_operator("__getitem__", _slice_helper)


# --------------------------------------------------------------------------------------------
# GatherV2

def _gather_infer(op):
    params, indices, axis_t = op.inputs
    dtype = params.dtype.base_dtype
    batch_dims = op.get_attr("batch_dims")
    p_dims = _with_rank_at_least(_dims(params), 1)
    i_dims = _dims(indices)
    _check_rank(axis_t, 0)
    axis = _static_scalar(axis_t)
    if axis is None:
        if p_dims is not None and i_dims is not None:
            return [(dtype, unknown_shape(len(p_dims) + len(i_dims) - 1 - batch_dims))]
        return [(dtype, unknown_shape())]
    _with_rank_at_least(p_dims, -axis if axis < 0 else axis + 1)
    if p_dims is None or i_dims is None:
        return [(dtype, unknown_shape())]
    if batch_dims < 0:
        batch_dims += len(i_dims)
    a = _normalize_axis(axis, len(p_dims))
    if batch_dims:
        if batch_dims > len(i_dims):
            raise ValueError(f"batch_dims ({batch_dims}) must be less than or equal to rank"
                             f"(indices) ({len(i_dims)}).")
        if a < batch_dims:
            raise ValueError(f"batch_dims ({batch_dims}) must be less than or equal to axis "
                             f"({a}).")
        _merge(p_dims[:batch_dims], i_dims[:batch_dims])
    out = p_dims[:a] + i_dims[batch_dims:] + p_dims[a + 1:]
    return [(dtype, TensorShape(out))]


def _bad_index_message(indices: Any, n: int) -> str:
    """TF's message for the first index out of [0, n), with its position (`indices[1,0]`)."""
    flat = indices.reshape(-1).tolist()
    k = next(k for k, v in enumerate(flat) if not 0 <= v < n)
    pos = []
    for d in reversed(indices.shape):
        k, r = divmod(k, d)
        pos.append(r)
    where_ = ",".join(str(p) for p in reversed(pos))
    bad = next(v for v in flat if not 0 <= v < n)
    at = f"[{where_}]" if indices.ndim else ""
    return f"indices{at} = {bad} is not in [0, {n})"


def _gather_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    batch_dims = ctx.attrs["batch_dims"]

    def gather_(params, indices, axis):
        if axis == 0 and not indices.ndim and not batch_dims and params.ndim:
            i = int(indices)  # a loop reading step t: the row, copied (no index arrays)
            if 0 <= i < params.shape[0]:
                return params[i, ...].copy()
        axis = int(axis)
        if not -params.ndim <= axis < params.ndim:
            raise _invalid(f"Expected axis in the range [{-params.ndim}, {params.ndim}), but "
                           f"got {axis}")
        a = _normalize_axis(axis, params.ndim)
        n = params.shape[a]
        if not indices.ndim and not batch_dims:  # one slice (a loop reading step t): no reductions
            i = int(indices)
            if not 0 <= i < n:
                raise _invalid(_bad_index_message(indices, n))
            return params[(_py_slice(None),) * a + (i,)].copy()
        if indices.size and (int(indices.min()) < 0 or int(indices.max()) >= n):
            raise _invalid(_bad_index_message(indices, n))
        if not batch_dims:
            return xp.take(params, indices, axis=a)
        b = batch_dims + indices.ndim if batch_dims < 0 else batch_dims
        lead = params.shape[:b]
        count = math.prod(lead)
        p = params.reshape((count,) + params.shape[b:])
        i = indices.reshape((count,) + indices.shape[b:])
        parts = [xp.take(p[k], i[k], axis=a - b) for k in _py_range(count)]
        out_tail = params.shape[b:a] + indices.shape[b:] + params.shape[a + 1:]
        if not parts:
            return xp.zeros(lead + out_tail, dtype=params.dtype)
        return xp.stack(parts).reshape(lead + out_tail)
    return gather_


def _gather_grad(op, grad):
    """Along axis 0, the rows of `grad` at `indices` as an IndexedSlices (sparse updates in
    the optimizers); along another axis, those slices summed into place (UnsortedSegmentSum
    on the axis moved to the front, then moved back)."""
    from . import math as math_ops  # noqa: PLC0415 - math.py imports this module
    params, indices, axis = op.inputs
    with get_default_graph().colocate_with(params):
        params_shape = shape(params, out_type=_dtypes.int64)
        params_shape = cast(params_shape, _dtypes.int32)
    indices_size = expand_dims(size(indices), 0)
    axis_static = constant_value(axis)
    batch_dims = op.get_attr("batch_dims")
    if batch_dims < 0:
        if indices.shape.ndims is None:
            raise ValueError(f"Currently, it is unsupported to take the gradient of tf.gather "
                             f"when batch_dims < 0 and the rank of the indices is unknown. "
                             f"Please pass a positive batch_dims or use tf.ensure_shape to "
                             f"update the shape of indices when calling tf.gather. Got "
                             f"batch_dims={batch_dims} and indices={indices}")
        batch_dims += indices.shape.ndims
    if axis_static is not None and int(axis_static) == 0:
        values_shape = concat([indices_size, params_shape[1:]], 0)
        values = reshape(grad, values_shape)
        indices = reshape(indices, indices_size)
        return [IndexedSlices(values, indices, params_shape), None, None]
    if batch_dims:
        return [_batch_gather_grad(op, grad, params_shape, axis, batch_dims), None, None]
    outer_shape = params_shape[:axis]
    outer_dims = size(outer_shape)
    inner_shape = params_shape[axis:][1:]
    inner_dims = size(inner_shape)
    outer_axes_indices = range(outer_dims)
    inner_axes_indices = range(outer_dims + 1, outer_dims + 1 + inner_dims)
    values_shape = concat([outer_shape, indices_size, inner_shape], 0)
    values = reshape(grad, values_shape)
    indices = reshape(indices, indices_size)
    transpose_dims = concat([[outer_dims], outer_axes_indices, inner_axes_indices], 0)
    values_transpose = transpose(values, transpose_dims)
    num_segments = params_shape[axis]
    params_grad = math_ops.unsorted_segment_sum(values_transpose, indices, num_segments)
    invert_transpose_dims = concat([outer_axes_indices + 1, [0], inner_axes_indices], 0)
    return [transpose(params_grad, invert_transpose_dims), None, None]


def _batch_gather_grad(op, grad: Tensor, params_shape: Tensor, axis: Tensor,
                       batch_dims: int) -> Tensor:
    """GatherV2's gradient with batch dimensions (as TF 2.x builds it): the gathered axis
    moved next to the batch axes, the batches flattened into one segment range each."""
    from . import math as math_ops  # noqa: PLC0415 - math.py imports this module
    indices = op.inputs[1]
    outer_shape = params_shape[:axis]
    inner_shape = params_shape[axis:][1:]
    values_shape = concat([outer_shape, [-1], inner_shape], 0)
    values_dims = size(values_shape)
    axis_dims = size(outer_shape)
    outer_batches_indices = range(batch_dims)
    batch_axis_indices = range(batch_dims, axis_dims)
    inner_axes_indices = range(axis_dims + 1, values_dims)
    values = reshape(grad, values_shape)
    transpose_dims = concat([outer_batches_indices, [axis_dims], batch_axis_indices,
                             inner_axes_indices], 0)
    values_transpose = transpose(values, transpose_dims)
    params_shape_transpose = gather(params_shape, transpose_dims)

    # The batch axes flattened: each batch's indices offset into its own range of segments.
    indices_size = expand_dims(size(indices), 0)
    t_values_shape = shape(values_transpose)
    t_outer_shape = t_values_shape[:batch_dims]
    t_inner_shape = t_values_shape[batch_dims:][1:]
    batch_size = math_ops.reduce_prod(t_outer_shape, [0])
    flat_values_shape = concat([[-1], t_inner_shape], 0)
    gather_dim_size = params_shape[axis] * batch_size
    batch_indices = _batch_indices(params_shape_transpose, indices, batch_dims)
    flat_values = reshape(values_transpose, flat_values_shape)
    flat_indices = reshape(batch_indices, indices_size)
    params_grad = math_ops.unsorted_segment_sum(flat_values, flat_indices, gather_dim_size)
    params_grad = reshape(params_grad, concat([t_outer_shape, flat_values_shape], 0))

    invert_transpose_dims = concat([outer_batches_indices, batch_axis_indices + 1,
                                    [batch_dims], inner_axes_indices], 0)
    return transpose(params_grad, invert_transpose_dims)


def _batch_indices(params_shape: Tensor, indices: Tensor, batch_dims: int) -> Tensor:
    """`indices` plus, for each batch position, the offset of its batch in the flattened
    batch axes."""
    dtype = indices.dtype.base_dtype
    casted_params_shape = cast(params_shape, dtype)
    accum_dim_value = ones((), dtype=dtype)
    for dim in _py_range(batch_dims, 0, -1):
        dim_value = casted_params_shape[dim - 1]
        accum_dim_value *= casted_params_shape[dim]
        dim_indices = range(zeros((), dtype=dtype), dim_value, ones((), dtype=dtype))
        dim_indices *= accum_dim_value
        dim_shape = concat([tile([1], [dim - 1]), [dim_value],
                            tile([1], [rank(indices) - dim])], axis=0)
        indices += reshape(dim_indices, dim_shape)
    return indices


registry.register("GatherV2", infer=_gather_infer, kernel=_gather_kernel, grad=_gather_grad)


def gather(params: Any, indices: Any, validate_indices: Any = None, name: str | None = None,
           axis: Any = None, batch_dims: int = 0) -> Tensor:
    """`tf.gather` (op GatherV2, axis Const `GatherV2/axis`): slices of `params` along `axis`
    at `indices`; an index out of range is an InvalidArgumentError when run."""
    if axis is None:
        axis = batch_dims
    g = get_default_graph()
    with g.name_scope(name or "GatherV2") as scope:
        params_t = _input(params, "params")
        indices_t = _input(indices, "indices", INDEX)
        axis_t = _input(axis, "axis", INDEX)
        return _create("GatherV2", [params_t, indices_t, axis_t],
                       {"Tparams": params_t.dtype.base_dtype,
                        "Tindices": indices_t.dtype.base_dtype,
                        "Taxis": axis_t.dtype.base_dtype, "batch_dims": int(batch_dims)}, scope)


# --------------------------------------------------------------------------------------------
# GatherNd, ScatterNd

def _index_depth(indices: Tensor) -> tuple[list | None, int | None]:
    """`indices`' dims (rank at least 1) and its last dimension: how many leading axes each
    index row addresses."""
    i_dims = _with_rank_at_least(_dims(indices), 1)
    return i_dims, None if i_dims is None else i_dims[-1]


def _gather_nd_infer(op):
    params, indices = op.inputs
    dtype = params.dtype.base_dtype
    p_dims = _dims(params)
    i_dims, depth = _index_depth(indices)
    if i_dims is None or depth is None:
        return [(dtype, unknown_shape())]
    if p_dims is None:
        return [(dtype, unknown_shape())]
    if depth > len(p_dims):
        raise ValueError(f"indices.shape[-1] must be <= params.rank, but saw indices shape: "
                         f"{_fmt(i_dims)} and params shape: {_fmt(p_dims)}")
    return [(dtype, TensorShape(i_dims[:-1] + p_dims[depth:]))]


def _first_bad_row(xp: Any, indices: Any, bounds: tuple) -> str | None:
    """TF's `indices[1,0] = [5, 0]` for the first index row outside `bounds`, else None."""
    depth = indices.shape[-1]
    if not depth or not indices.size:
        return None
    rows = indices.reshape(-1, depth)
    limits = xp.asarray(bounds, dtype=rows.dtype)
    bad = ((rows < 0) | (rows >= limits)).any(axis=1)
    if not bad.any():
        return None
    k = int(xp.argmax(bad))
    outer = indices.shape[:-1]
    at = ",".join(str(int(p)) for p in xp.unravel_index(k, outer)) if outer else ""
    return f"indices[{at}] = [{', '.join(str(int(v)) for v in rows[k].tolist())}]"


def _gather_nd_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def gather_nd_(params, indices):
        depth = indices.shape[-1]
        if depth > params.ndim:
            raise _invalid(f"index innermost dimension length must be <= params rank; saw: "
                           f"{depth} vs. {params.ndim}")
        bad = _first_bad_row(xp, indices, params.shape[:depth])
        if bad is not None:
            raise _invalid(f"{bad} does not index into param shape {shape_str(params.shape)}")
        out_shape = indices.shape[:-1] + params.shape[depth:]
        if not depth:
            return xp.broadcast_to(params, out_shape).copy()
        return params[tuple(indices[..., k] for k in _py_range(depth))].reshape(out_shape)
    return gather_nd_


def _gather_nd_grad(op, grad):
    """The gradient scattered back to where each row was read (rows of an IndexedSlices when
    every index addresses one row of `params`)."""
    params, indices = op.inputs
    ref_shape = shape(params, out_type=indices.dtype)
    if indices.shape.ndims == 2 and indices.shape.dims[-1].value == 1:
        return [IndexedSlices(grad, squeeze(indices, axis=-1), ref_shape), None]
    return [scatter_nd(indices, grad, ref_shape), None]


registry.register("GatherNd", infer=_gather_nd_infer, kernel=_gather_nd_kernel,
                  grad=_gather_nd_grad)


def gather_nd(params: Any, indices: Any, name: str | None = None) -> Tensor:
    """`tf.gather_nd` (op GatherNd): the slices of `params` that the rows of `indices`' last
    axis address; an index out of range is an InvalidArgumentError when run."""
    g = get_default_graph()
    with g.name_scope(name or "GatherNd") as scope:
        params_t = _input(params, "params")
        indices_t = _input(indices, "indices", INDEX)
        return _create("GatherNd", [params_t, indices_t],
                       {"Tparams": params_t.dtype.base_dtype,
                        "Tindices": indices_t.dtype.base_dtype}, scope)


def _scatter_nd_infer(op):
    indices, updates, shape_t = op.inputs
    dtype = updates.dtype.base_dtype
    _check_rank(shape_t, 1)
    out = constant_value_as_shape(shape_t)
    check_scatter_nd_shapes(indices, updates, _dims(out), "output")
    return [(dtype, out)]


def check_scatter_nd_shapes(indices: Tensor, updates: Tensor, target: list | None,
                            what: str) -> None:
    """TF's shape rule of ScatterNd ops: the updates' outer dimensions are the indices' and
    their inner ones the `what` tensor's (`target`, its dims) past the index depth."""
    i_dims, depth = _index_depth(indices)
    u_dims = _dims(updates)
    if i_dims is None or depth is None or u_dims is None or target is None or \
            depth > len(target):
        return
    outer = len(i_dims) - 1
    try:
        _merge(i_dims[:outer], u_dims[:outer])
    except ValueError as e:
        raise ValueError(f"The outer {outer} dimensions of indices.shape={_fmt(i_dims)} "
                         f"must match the outer {outer} dimensions of updates.shape="
                         f"{_fmt(u_dims)}: {e}") from None
    try:
        _merge(target[depth:], u_dims[outer:])
    except ValueError as e:
        raise ValueError(f"The inner {len(target) - depth} dimensions of {what}.shape="
                         f"{_fmt(target)} must match the inner {len(u_dims) - outer} "
                         f"dimensions of updates.shape={_fmt(u_dims)}: {e}") from None


def _scatter_nd_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def scatter_nd_(indices, updates, shape_v):
        out_shape = tuple(_host_ints(shape_v))
        depth = indices.shape[-1]
        bad = _first_bad_row(xp, indices, out_shape[:depth])
        if bad is not None:
            raise _invalid(f"{bad} does not index into shape {shape_str(out_shape)}")
        out = xp.zeros(out_shape, dtype=updates.dtype)
        rows = indices.reshape(math.prod(indices.shape[:-1]), depth)
        values = updates.reshape((rows.shape[0],) + out_shape[depth:])
        if not depth:  # every update lands on the whole output
            return out + values.sum(axis=0)
        xp.add.at(out, tuple(rows[:, k] for k in _py_range(depth)), values)
        return out
    return scatter_nd_


def _scatter_nd_grad(op, grad):
    return [None, gather_nd(grad, op.inputs[0]), None]


registry.register("ScatterNd", infer=_scatter_nd_infer, kernel=_scatter_nd_kernel,
                  grad=_scatter_nd_grad)


def scatter_nd(indices: Any, updates: Any, shape: Any, name: str | None = None) -> Tensor:
    """`tf.scatter_nd` (op ScatterNd): a zero tensor of `shape` with `updates` summed in at
    `indices` (repeated indices add up)."""
    g = get_default_graph()
    with g.name_scope(name or "ScatterNd") as scope:
        indices_t = _input(indices, "indices", INDEX)
        updates_t = _input(updates, "updates")
        shape_t = convert_to_tensor(shape, dtype=indices_t.dtype.base_dtype, name="shape")
        return _create("ScatterNd", [indices_t, updates_t, shape_t],
                       {"T": updates_t.dtype.base_dtype,
                        "Tindices": indices_t.dtype.base_dtype}, scope)


# --------------------------------------------------------------------------------------------
# BroadcastTo

def _broadcast_to_infer(op):
    x, shape_t = op.inputs
    _check_rank(shape_t, 1)
    out = constant_value_as_shape(shape_t)
    in_dims, out_dims = _dims(x), _dims(out)
    if in_dims is not None and out_dims is not None:
        if len(in_dims) > len(out_dims):
            raise ValueError(f"Cannot broadcast a tensor with shape {_fmt(in_dims)} shape "
                             f"{_fmt(out_dims)}")
        for a, b in zip(reversed(in_dims), reversed(out_dims)):
            if a is not None and b is not None and a != 1 and a != b:
                raise ValueError(f"Dimensions must be equal, but are {a} and {b}")
        # an unknown target dimension is the input's where that is known and not 1
        k = len(out_dims) - len(in_dims)
        out = TensorShape(out_dims[:k] + [b if b is not None or a == 1 else a
                                          for a, b in zip(in_dims, out_dims[k:])])
    return [(x.dtype.base_dtype, out)]


def _broadcast_to_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def broadcast_to_(x, shape_v):
        target = tuple(_host_ints(shape_v))
        try:
            return xp.broadcast_to(x, target).copy()
        except ValueError:
            raise _invalid(f"Incompatible shapes: {shape_str(x.shape)} vs. "
                           f"{shape_str(target)}") from None
    return broadcast_to_


def _broadcast_to_grad(op, grad):
    """Summed over the broadcast axes, then shaped as the input."""
    from . import math as math_ops  # noqa: PLC0415 - math.py imports this module
    x, broadcast_shape = op.inputs
    x_shape = shape(x)
    _, reduction_axes = broadcast_gradient_args(broadcast_shape, x_shape)
    summed = math_ops.reduce_sum(grad, axis=reduction_axes, keepdims=True)
    return [reshape(summed, x_shape), None]


registry.register("BroadcastTo", infer=_broadcast_to_infer, kernel=_broadcast_to_kernel,
                  grad=_broadcast_to_grad)


def broadcast_to(input: Any, shape: Any, name: str | None = None) -> Tensor:
    """`tf.broadcast_to` (op BroadcastTo): `input` repeated along its size-1 and missing
    leading axes to `shape`."""
    g = get_default_graph()
    with g.name_scope(name or "BroadcastTo") as scope:
        x = _input(input, "input")
        shape_t = _input(shape, "shape", INDEX)
        return _create("BroadcastTo", [x, shape_t],
                       {"T": x.dtype.base_dtype, "Tidx": shape_t.dtype.base_dtype}, scope)


# --------------------------------------------------------------------------------------------
# Unique

def _unique_infer(op):
    x = op.inputs[0]
    _check_rank(x, 1)
    return [(x.dtype.base_dtype, TensorShape([None])), (op.get_attr("out_idx"), x.shape)]


def _unique_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    idx_type = _dtypes.np_dtype(ctx.attrs["out_idx"])

    def unique_(x):
        if x.ndim != 1:
            raise _invalid("unique expects a 1D vector.")
        _, first, inverse = xp.unique(x, return_index=True, return_inverse=True)
        # xp.unique sorts the values; TF keeps them in order of first appearance.
        order = xp.argsort(first)
        position = xp.empty_like(order)
        position[order] = xp.arange(order.size)
        return x[first[order]], position[inverse.reshape(-1)].astype(idx_type)
    return unique_


registry.register("Unique", infer=_unique_infer, kernel=_unique_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)

_UniqueOutput = collections.namedtuple("Unique", ["y", "idx"])


def unique(x: Any, out_idx: Any = _dtypes.int32, name: str | None = None) -> Any:
    """`tf.unique` (op Unique): the distinct values `y` of a vector in order of first
    appearance, and for each element its position `idx` in `y`; a (y, idx) namedtuple."""
    out_idx = _dtypes.as_dtype(out_idx).base_dtype
    g = get_default_graph()
    with g.name_scope(name or "Unique") as scope:
        x = _input(x, "x")
        check_dtype_allowed(out_idx, "out_idx", INDEX)
        op = g.create_op("Unique", [x], {"T": x.dtype.base_dtype, "out_idx": out_idx},
                         name=scope)
    return _UniqueOutput(*op.outputs)


# --------------------------------------------------------------------------------------------
# Tile

def _tile_infer(op):
    x, multiples_t = op.inputs
    in_dims = _dims(x)
    multiples = _shape_from_tensor(multiples_t)
    if in_dims is not None:
        multiples = _with_rank(multiples, len(in_dims))
    if multiples is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    in_dims = _with_rank(in_dims, len(multiples))
    return [(x.dtype.base_dtype, TensorShape([_mul_dim(d, m)
                                              for d, m in zip(in_dims, multiples)]))]


def _tile_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def tile_(x, multiples):
        m = _host_ints(multiples)
        if len(m) != x.ndim:
            raise _invalid(f"Expected multiples argument to be a vector of length {x.ndim} but "
                           f"got length {len(m)}")
        for i, k in enumerate(m):
            if k < 0:
                raise _invalid(f"Expected multiples[{i}] >= 0, but got {k}")
        return xp.tile(x, m)
    return tile_


def _tile_grad(op, grad):
    """`grad` summed over the copies: reshaped to interleaved (multiple, size) axes and
    reduced over the multiples."""
    from . import math as math_ops  # noqa: PLC0415 - math.py imports this module
    input_shape = shape(op.inputs[0], out_type=op.inputs[1].dtype.base_dtype)
    split_shape = reshape(transpose(stack([op.inputs[1], input_shape])), [-1])
    axes = range(0, size(split_shape), 2)
    if isinstance(grad, IndexedSlices):
        input_shape_0 = cast(input_shape[0], grad.indices.dtype)
        grad = math_ops.unsorted_segment_sum(
            grad.values, math_ops.mod(grad.indices, input_shape_0), input_shape_0)
        split_shape = concat([[1], split_shape[1:]], axis=0)
    input_grad = math_ops.reduce_sum(reshape(grad, split_shape), axes)
    input_grad.set_shape(op.inputs[0].shape)
    return [input_grad, None]


registry.register("Tile", infer=_tile_infer, kernel=_tile_kernel, grad=_tile_grad)


def tile(input: Any, multiples: Any, name: str | None = None) -> Tensor:
    """`tf.tile` (op Tile, `Tile/multiples`): `input` repeated `multiples[i]` times on axis i."""
    g = get_default_graph()
    with g.name_scope(name or "Tile") as scope:
        x = _input(input, "input")
        multiples = _input(multiples, "multiples", INDEX, _dtypes.int32)
        return _create("Tile", [x, multiples], {"T": x.dtype.base_dtype,
                                                "Tmultiples": multiples.dtype.base_dtype}, scope)


# --------------------------------------------------------------------------------------------
# Pad, PadV2, MirrorPad

def _pad_infer(op):
    x, paddings_t = op.inputs[:2]
    dtype = x.dtype.base_dtype
    p_dims = _with_rank(_dims(paddings_t), 2) if paddings_t.shape.ndims is not None \
        else [None, None]
    _with_value(p_dims[1], 2)
    n = p_dims[0]
    in_dims = _dims(x)
    if n is not None:
        in_dims = _with_rank(in_dims, n)
    elif in_dims is not None:
        n = len(in_dims)
    paddings = constant_value(paddings_t)
    if paddings is None:
        return [(dtype, unknown_shape(n))]
    out = []
    for d, (before, after) in zip(in_dims, paddings.tolist()):
        if before < 0 or after < 0:
            raise ValueError("Paddings must be non-negative")
        out.append(None if d is None else d + before + after)
    return [(dtype, TensorShape(out))]


def _pad_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    mode = ctx.attrs.get("mode")

    def check(x, paddings):
        pads = [tuple(int(v) for v in row) for row in paddings.tolist()]
        if len(pads) != x.ndim:
            raise _invalid(f"The first dimension of paddings must be the rank of inputs"
                           f"{shape_str((len(pads), 2))} {shape_str(x.shape)}")
        for (before, after), dim in zip(pads, x.shape):
            if before < 0 or after < 0:
                raise _invalid(f"Paddings must be non-negative: {before} {after}")
            if mode == "REFLECT" and (before >= dim or after >= dim):
                raise _invalid(f"paddings must be less than the dimension size: {before}, "
                               f"{after} not less than {dim}")
            if mode == "SYMMETRIC" and (before > dim or after > dim):
                raise _invalid(f"paddings must be no greater than the dimension size: {before}, "
                               f"{after} greater than {dim}")
        return pads

    if mode is not None:
        np_mode = mode.lower()
        return lambda x, paddings: xp.pad(x, check(x, paddings), mode=np_mode)

    def pad_(x, paddings, constant_values=None):
        value = 0 if constant_values is None else constant_values.item()
        return xp.pad(x, check(x, paddings), mode="constant", constant_values=value)
    return pad_


def _pad_grad(op, grad):
    """The input's part of `grad`, sliced from the padding before it; PadV2's constant gets
    no gradient."""
    x, paddings = op.inputs[0], op.inputs[1]
    pad_before = slice(paddings, [0, 0], stack([rank(x), 1]))
    begin = reshape(pad_before, [-1])
    sizes = shape(x, out_type=begin.dtype.base_dtype)
    return [slice(grad, begin, sizes)] + [None] * (len(op.inputs) - 1)


def _mirror_pad_grad(op, grad):
    return [mirror_pad_grad(grad, op.inputs[1], mode=op.get_attr("mode")), None]


registry.register("Pad", infer=_pad_infer, kernel=_pad_kernel, grad=_pad_grad)
registry.register("PadV2", infer=_pad_infer, kernel=_pad_kernel, grad=_pad_grad)
registry.register("MirrorPad", infer=_pad_infer, kernel=_pad_kernel, grad=_mirror_pad_grad)


def pad(tensor: Any, paddings: Any, mode: str = "CONSTANT", name: str | None = None,
        constant_values: Any = 0) -> Tensor:
    """`tf.pad`: op Pad (zeros), PadV2 (another constant) or MirrorPad (REFLECT, SYMMETRIC);
    `paddings[i]` is [before, after] for axis i. The mode is case-insensitive."""
    mode = mode.upper()
    g = get_default_graph()
    if mode == "CONSTANT":
        if not isinstance(constant_values, Tensor) and np.all(np.equal(constant_values, 0)):
            with g.name_scope(name or "Pad") as scope:
                x = _input(tensor, "input")
                p = _input(paddings, "paddings", INDEX, _dtypes.int32)
                return _create("Pad", [x, p], {"T": x.dtype.base_dtype,
                                               "Tpaddings": p.dtype.base_dtype}, scope)
        with g.name_scope(name or "PadV2") as scope:
            x = _input(tensor, "input")
            p = _input(paddings, "paddings", INDEX, _dtypes.int32)
            (x, cv) = _same_type("PadV2", [("input", x), ("constant_values", constant_values)])
            return _create("PadV2", [x, p, cv], {"T": x.dtype.base_dtype,
                                                 "Tpaddings": p.dtype.base_dtype}, scope)
    if mode in ("REFLECT", "SYMMETRIC"):
        with g.name_scope(name or "MirrorPad") as scope:
            x = _input(tensor, "input")
            p = _input(paddings, "paddings", INDEX, _dtypes.int32)
            return _create("MirrorPad", [x, p], {"T": x.dtype.base_dtype, "mode": mode,
                                                 "Tpaddings": p.dtype.base_dtype}, scope)
    raise ValueError(f"Unknown padding mode: {mode}")


# ---- MirrorPadGrad: the gradient of MirrorPad, the mirrored borders folded back in

def _mirror_pad_grad_infer(op):
    x, paddings_t = op.inputs
    dtype = x.dtype.base_dtype
    p_dims = _with_rank(_dims(paddings_t), 2)
    n = p_dims[0]
    if n is None:
        return [(dtype, unknown_shape())]
    in_dims = _with_rank(_dims(x), n)
    _merge(p_dims, [n, 2])
    paddings = constant_value(paddings_t)
    if paddings is None:
        return [(dtype, unknown_shape(n))]
    out = []
    for d, (before, after) in zip(in_dims, paddings.tolist()):
        if d is not None and d - before - after < 0:
            raise ValueError(f"Negative dimension size caused by subtracting {before + after} "
                             f"from {d}")
        out.append(None if d is None else d - before - after)
    return [(dtype, TensorShape(out))]


def _mirror_pad_grad_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    symmetric = ctx.attrs["mode"] == "SYMMETRIC"
    offset = 0 if symmetric else 1  # a REFLECT border leaves out the edge element

    def check(x, paddings):
        pads = [tuple(int(v) for v in row) for row in paddings.tolist()]
        if len(pads) != x.ndim:
            raise _invalid(f"The first dimension of paddings must be the rank of inputs"
                           f"{shape_str((len(pads), 2))} {shape_str(x.shape)}")
        for (before, after), dim in zip(pads, x.shape):
            if before < 0 or after < 0:
                raise _invalid(f"Paddings must be non-negative: {before}, {after}")
            out_size = dim - before - after
            if symmetric and (before > out_size or after > out_size):
                raise _invalid(f"paddings must be no greater than the output dimension size: "
                               f"{before}, {after} greater than {out_size}")
            if not symmetric and (before >= out_size or after >= out_size):
                raise _invalid(f"paddings must be less than the output dimension size: "
                               f"{before}, {after} not less than {out_size}")
        return pads

    def mirror_pad_grad_(x, paddings):
        out = x
        for axis, (before, after) in enumerate(check(x, paddings)):
            if not before and not after:
                continue
            moved = xp.moveaxis(out, axis, 0)
            n = moved.shape[0] - before - after
            core = moved[before:before + n].copy()
            core[offset:offset + before] += moved[:before][::-1]
            core[n - offset - after:n - offset] += moved[before + n:][::-1]
            out = xp.moveaxis(core, 0, axis)
        return out
    return mirror_pad_grad_


registry.register("MirrorPadGrad", infer=_mirror_pad_grad_infer,
                  kernel=_mirror_pad_grad_kernel,
                  grad=lambda op, grad: [pad(grad, op.inputs[1], mode=op.get_attr("mode")),
                                         None])


def mirror_pad_grad(input: Any, paddings: Any, mode: str, name: str | None = None) -> Tensor:
    """TF's gen_array_ops.mirror_pad_grad (op MirrorPadGrad): each border of `input` added
    back onto the elements it mirrors, and cut off."""
    if mode not in ("REFLECT", "SYMMETRIC"):
        raise ValueError(f"Attr 'mode' of 'MirrorPadGrad' Op passed string '{mode}' not in: "
                         f"\"REFLECT\", \"SYMMETRIC\".")
    g = get_default_graph()
    with g.name_scope(name or "MirrorPadGrad") as scope:
        x = _input(input, "input")
        p = _input(paddings, "paddings", INDEX, _dtypes.int32)
        return _create("MirrorPadGrad", [x, p], {"T": x.dtype.base_dtype, "mode": mode,
                                                  "Tpaddings": p.dtype.base_dtype}, scope)


# --------------------------------------------------------------------------------------------
# Range

_RANGE_TYPES = ("bfloat16", "float32", "float64", "int32", "int64")


def _num(v: Any) -> str:
    """A number as TF's C++ messages print it (`0`, `2.5`)."""
    return f"{v:g}" if isinstance(v, (float, np.floating)) else str(v)


def _range_count(start: Any, limit: Any, delta: Any, integer: bool, static: bool) -> int:
    """The length of Range(start, limit, delta), computed in the op's own type as TF does;
    the checks and their wording are those of TF's shape function (`static`) or kernel."""
    if not static and delta == 0:
        raise ValueError(f"Requires delta != 0: {_num(delta)}")
    if delta > 0 and start > limit:
        raise ValueError(f"Requires start <= limit when delta > 0: {_num(start)}/{_num(limit)}")
    if delta < 0 and start < limit:
        raise ValueError(f"Requires start >= limit when delta < 0: {_num(start)}/{_num(limit)}")
    if delta == 0:
        raise ValueError("Requires delta != 0")
    if integer:
        start, limit, delta = int(start), int(limit), int(delta)
        return (abs(limit - start) + abs(delta) - 1) // abs(delta)
    return int(np.ceil(np.abs((limit - start) / delta)))


def _range_infer(op):
    dtype = op.get_attr("Tidx")
    values = []
    for t in op.inputs:
        _check_rank(t, 0)
        values.append(constant_value(t))
    if any(v is None for v in values):
        return [(dtype, TensorShape([None]))]
    start, limit, delta = (v.reshape(())[()] for v in values)
    return [(dtype, TensorShape([_range_count(start, limit, delta, dtype.is_integer, True)]))]


def _range_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    dtype = ctx.attrs["Tidx"]
    np_type = _dtypes.np_dtype(dtype)

    def range_(start, limit, delta):
        start, limit, delta = (v.dtype.type(v.item()) for v in (start, limit, delta))
        try:
            n = _range_count(start, limit, delta, dtype.is_integer, False)
        except ValueError as e:
            raise _invalid(str(e)) from None
        if dtype.is_integer:
            return xp.arange(int(start), int(start) + n * int(delta), int(delta), dtype=np_type)
        steps = xp.full(n, delta, dtype=np_type)  # TF adds delta step by step in the op's type
        if n:
            steps[0] = start
        return xp.cumsum(steps, dtype=np_type)
    return range_


registry.register("Range", infer=_range_infer, kernel=_range_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)


def _range_op(start: Any, limit: Any, delta: Any, name: str) -> Tensor:
    """The Range op itself, as TF's generated wrapper builds it (`Range/start`, ...)."""
    g = get_default_graph()
    with g.name_scope(name) as scope:
        ts = _same_type("Range", [("start", start), ("limit", limit), ("delta", delta)],
                        _RANGE_TYPES)
        return _create("Range", ts, {"Tidx": ts[0].dtype.base_dtype}, scope)


def range(start: Any, limit: Any = None, delta: Any = 1, dtype: Any = None,  # noqa: A001
          name: str = "range") -> Tensor:
    """`tf.range` (op Range named `range`): like Python's range; with no `dtype` the widest of
    the arguments' types (int32 < int64 < float32 < float64) is used, casting the others."""
    if limit is None:
        start, limit = 0, start
    g = get_default_graph()
    with g.name_scope(name or "range") as scope:
        start = convert_to_tensor(start, dtype=dtype, name="start")
        limit = convert_to_tensor(limit, dtype=dtype, name="limit")
        delta = convert_to_tensor(delta, dtype=dtype, name="delta")
        if dtype is None:
            hierarchy = [_dtypes.int32, _dtypes.int64, _dtypes.float32, _dtypes.float64]
            if not all(t.dtype in hierarchy for t in (start, limit, delta)):
                raise AssertionError()
            inferred = max((t.dtype for t in (start, limit, delta)), key=hierarchy.index)
            start, limit, delta = (cast(t, inferred) for t in (start, limit, delta))
        return _range_op(start, limit, delta, scope)


# --------------------------------------------------------------------------------------------
# OneHot

def _one_hot_infer(op):
    indices, depth_t, on_t, off_t = op.inputs
    axis = op.get_attr("axis")
    if axis < -1:
        raise ValueError("axis must be >= -1")
    _check_rank(depth_t, 0)
    depth = _static_scalar(depth_t)
    if depth is not None and depth < 0:
        raise ValueError(f"Dimension size, given by scalar input 1, must be non-negative but "
                         f"is {depth}")
    in_dims = _dims(indices)
    if in_dims is None:
        return [(on_t.dtype.base_dtype, unknown_shape())]
    new_rank = len(in_dims) + 1
    at = (axis + new_rank) % new_rank
    return [(on_t.dtype.base_dtype, TensorShape(in_dims[:at] + [depth] + in_dims[at:]))]


def _one_hot_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    axis = ctx.attrs["axis"]

    def one_hot_(indices, depth, on_value, off_value):
        depth = int(depth)
        if depth < 0:
            raise _invalid(f"depth must be non-negative, got: {depth}")
        r = indices.ndim + 1
        if not -1 <= axis < r:
            raise _invalid(f"Expected axis to be -1 or between [0, {r}).  But received: {axis}")
        at = r - 1 if axis == -1 else axis
        classes = xp.arange(depth).reshape((depth,) + (1,) * (r - 1 - at))
        hot = xp.expand_dims(indices, at) == classes
        return xp.where(hot, on_value, off_value).astype(on_value.dtype, copy=False)
    return one_hot_


registry.register("OneHot", infer=_one_hot_infer, kernel=_one_hot_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)


def one_hot(indices: Any, depth: Any, on_value: Any = None, off_value: Any = None,
            axis: int | None = None, dtype: Any = None, name: str | None = None) -> Tensor:
    """`tf.one_hot` (op OneHot named `one_hot`): `on_value` where the index matches, else
    `off_value`; the new axis is last unless `axis` says otherwise. The dtype comes from
    `dtype`, else from the on/off values, else float32."""
    g = get_default_graph()
    with g.name_scope(name or "one_hot") as scope:
        dtype = _dtypes.as_dtype(dtype) if dtype is not None else None
        on_exists, off_exists = on_value is not None, off_value is not None
        if on_exists:
            on_value = convert_to_tensor(on_value, preferred_dtype=dtype)
        if off_exists:
            off_value = convert_to_tensor(off_value, preferred_dtype=dtype)
        on_dtype = on_value.dtype.base_dtype if on_exists else None
        off_dtype = off_value.dtype.base_dtype if off_exists else None
        if on_exists or off_exists:
            if dtype is not None:
                if on_exists and on_dtype != dtype:
                    raise TypeError(f"dtype {on_dtype} of on_value does not match dtype "
                                    f"parameter {dtype}")
                if off_exists and off_dtype != dtype:
                    raise TypeError(f"dtype {off_dtype} of off_value does not match dtype "
                                    f"parameter {dtype}")
            else:
                dtype = on_dtype if on_exists else off_dtype
        elif dtype is None:
            dtype = _dtypes.float32
        if not on_exists:
            on_value = convert_to_tensor(1, dtype, name="on_value")
            on_dtype = dtype
        if not off_exists:
            off_value = convert_to_tensor(0, dtype, name="off_value")
            off_dtype = dtype
        if on_dtype != off_dtype:
            raise TypeError(f"dtype {on_dtype} of on_value does not match dtype {off_dtype} of "
                            f"off_value")
        indices_t = _input(indices, "indices", ("uint8", "int32", "int64"), _dtypes.int64)
        depth_t = _input(depth, "depth", ("int32",))
        return _create("OneHot", [indices_t, depth_t, on_value, off_value],
                       {"T": on_dtype, "TI": indices_t.dtype.base_dtype,
                        "axis": -1 if axis is None else int(axis)}, scope)


# --------------------------------------------------------------------------------------------
# ReverseV2, ReverseSequence

def _reverse_infer(op):
    x, axis_t = op.inputs
    _check_rank(axis_t, 1)
    in_dims = _dims(x)
    axes = constant_value(axis_t)
    if in_dims is not None and axes is not None:
        r = len(in_dims)
        seen = set()
        for i, a in enumerate(axes.reshape(-1).tolist()):
            if not -r <= a < r:
                raise ValueError(f"'axis'[{i}] = {a} is out of valid range [0, {r - 1}")
            a = _normalize_axis(a, r)
            if a in seen:
                raise ValueError(f"axis {a} specified more than once.")
            seen.add(a)
    return [(x.dtype.base_dtype, x.shape)]


def _reverse_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def reverse_(x, axis):
        if x.ndim == 0:  # TF's kernel passes a scalar through whatever the axes
            return x
        axes = _host_ints(axis)
        norm = []
        for i, a in enumerate(axes):
            if not -x.ndim <= a < x.ndim:
                raise _invalid(f"'axis'[{i}] = {a} is out of valid range [0, {x.ndim - 1}")
            a = _normalize_axis(a, x.ndim)
            if a in norm:
                raise _invalid(f"axis {a} specified more than once.")
            norm.append(a)
        return xp.flip(x, axis=tuple(norm)) if norm else x
    return reverse_


registry.register("ReverseV2", infer=_reverse_infer, kernel=_reverse_kernel,
                  grad=lambda op, grad: [reverse(grad, op.inputs[1]), None])


def reverse(tensor: Any, axis: Any, name: str | None = None) -> Tensor:
    """`tf.reverse` (op ReverseV2, `ReverseV2/axis`): `tensor` reversed along each of `axis`."""
    g = get_default_graph()
    with g.name_scope(name or "ReverseV2") as scope:
        x = _input(tensor, "tensor")
        axis = _input(axis, "axis", INDEX, _dtypes.int32)
        return _create("ReverseV2", [x, axis], {"T": x.dtype.base_dtype,
                                                "Tidx": axis.dtype.base_dtype}, scope)


reverse_v2 = reverse


def _reverse_sequence_infer(op):
    x, lengths = op.inputs
    len_dims = _with_rank(_dims(lengths), 1) if lengths.shape.ndims is not None else [None]
    seq_dim, batch_dim = op.get_attr("seq_dim"), op.get_attr("batch_dim")
    in_dims = _dims(x)
    if in_dims is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    r = len(in_dims)
    if batch_dim >= r:
        raise ValueError(f"batch_dim must be < input rank: {batch_dim} vs. {r}")
    if seq_dim >= r:
        raise ValueError(f"seq_dim must be < input rank: {seq_dim} vs. {r}")
    out = list(in_dims)
    out[batch_dim] = _merge_dim(in_dims[batch_dim], len_dims[0])
    return [(x.dtype.base_dtype, TensorShape(out))]


def _reverse_sequence_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    seq_dim, batch_dim = ctx.attrs["seq_dim"], ctx.attrs["batch_dim"]

    def reverse_sequence_(x, seq_lengths):
        lengths = _host_ints(seq_lengths)
        if seq_dim == batch_dim:
            raise _invalid(f"batch_dim == seq_dim == {seq_dim}")
        if seq_dim >= x.ndim:
            raise _invalid(f"seq_dim must be < input rank ( {seq_dim} vs. {x.ndim})")
        if batch_dim >= x.ndim:
            raise _invalid(f"batch_dim must be < input rank ( {batch_dim} vs. {x.ndim})")
        if len(lengths) != x.shape[batch_dim]:
            raise _invalid(f"Length of seq_lengths != input.dims({batch_dim}), "
                           f"({len(lengths)} vs. {x.shape[batch_dim]})")
        steps = x.shape[seq_dim]
        for b, n in enumerate(lengths):
            if n < 0:
                raise _invalid(f"seq_lens({b}) < 0")
            if n > steps:
                raise _invalid(f"seq_lens({b}) > input.dims({seq_dim})")
        t = xp.arange(steps)
        n = xp.asarray(lengths).reshape(-1, 1)
        source = xp.where(t < n, n - 1 - t, t)
        moved = xp.moveaxis(x, (batch_dim, seq_dim), (0, 1))
        out = moved[xp.arange(len(lengths)).reshape(-1, 1), source]
        return xp.moveaxis(out, (0, 1), (batch_dim, seq_dim))
    return reverse_sequence_


def _reverse_sequence_grad(op, grad):
    """The same reversal again: it undoes itself."""
    return [reverse_sequence(grad, op.inputs[1], seq_axis=op.get_attr("seq_dim"),
                             batch_axis=op.get_attr("batch_dim")), None]


registry.register("ReverseSequence", infer=_reverse_sequence_infer,
                  kernel=_reverse_sequence_kernel, grad=_reverse_sequence_grad)


def reverse_sequence(input: Any, seq_lengths: Any, seq_axis: int | None = None,
                     batch_axis: int | None = None, name: str | None = None,
                     seq_dim: int | None = None, batch_dim: int | None = None) -> Tensor:
    """`tf.reverse_sequence` (op ReverseSequence): for each batch row b, reverses its first
    `seq_lengths[b]` elements along `seq_axis`; `seq_dim`/`batch_dim` are the deprecated names.
    A length beyond the axis is an InvalidArgumentError when run."""
    seq_axis = deprecated_argument("seq_axis", seq_axis, "seq_dim", seq_dim)
    batch_axis = deprecated_argument("batch_axis", batch_axis, "batch_dim", batch_dim)
    if seq_axis is None:
        raise TypeError("Expected int for argument 'seq_dim' not None.")
    g = get_default_graph()
    with g.name_scope(name or "ReverseSequence") as scope:
        x = _input(input, "input")
        lengths = _input(seq_lengths, "seq_lengths", INDEX, _dtypes.int64)
        return _create("ReverseSequence", [x, lengths],
                       {"T": x.dtype.base_dtype, "Tlen": lengths.dtype.base_dtype,
                        "seq_dim": int(seq_axis),
                        "batch_dim": 0 if batch_axis is None else int(batch_axis)}, scope)


# --------------------------------------------------------------------------------------------
# Cast

def _cast_infer(op):
    return [(op.get_attr("DstT"), op.inputs[0].shape)]


def _cast_kernel(ctx: registry.KernelContext):
    src, dst = ctx.attrs["SrcT"], ctx.attrs["DstT"]
    if (src is _dtypes.string) != (dst is _dtypes.string):
        message = f"Cast {src.tf_name} to {dst.tf_name} is not supported"

        def unsupported(x):
            raise errors.UnimplementedError(None, None, message)
        return unsupported
    np_type = _dtypes.np_dtype(dst)
    if src.is_complex and not dst.is_complex:
        return lambda x: x.real.astype(np_type)
    return lambda x: x.astype(np_type)


_CAST_GRAD_TYPES = (_dtypes.float16, _dtypes.float32, _dtypes.float64, _dtypes.bfloat16,
                    _dtypes.complex64, _dtypes.complex128)


def _cast_grad(op, grad):
    """`grad` cast back, between floating and complex types only (None otherwise, as TF)."""
    src = op.inputs[0].dtype.base_dtype
    if src in _CAST_GRAD_TYPES and grad.dtype.base_dtype in _CAST_GRAD_TYPES:
        return [cast(grad, src)]
    return [None]


registry.register("Cast", infer=_cast_infer, kernel=_cast_kernel, grad=_cast_grad)


def cast(x: Any, dtype: Any, name: str | None = None) -> Tensor:
    """`tf.cast` (op Cast): `x` itself when it already has `dtype`; a SparseTensor's values
    cast under the same name (its indices and shape stay)."""
    from ..framework.sparse_tensor import SparseTensor  # noqa: PLC0415 - builds on this module
    base = _dtypes.as_dtype(dtype).base_dtype
    if isinstance(x, Tensor) and x.dtype == base:
        return x
    g = get_default_graph()
    if isinstance(x, SparseTensor):
        with g.name_scope(name or "Cast") as scope:
            return SparseTensor(x.indices, cast(x.values, base, name=scope), x.dense_shape)
    with g.name_scope(name or "Cast") as scope:
        x = convert_to_tensor(x, name="x")
        if x.dtype.base_dtype != base:
            x = _create("Cast", [x], {"SrcT": x.dtype.base_dtype, "DstT": base,
                                      "Truncate": False}, scope)
        return x


def to_float(x: Any, name: str = "ToFloat") -> Tensor:
    """`tf.to_float` (deprecated in TF 1.15): `cast(x, float32)` named `ToFloat`."""
    return cast(x, _dtypes.float32, name=name)


def to_double(x: Any, name: str = "ToDouble") -> Tensor:
    """`tf.to_double`: `cast(x, float64)` named `ToDouble`."""
    return cast(x, _dtypes.float64, name=name)


def to_int32(x: Any, name: str = "ToInt32") -> Tensor:
    """`tf.to_int32`: `cast(x, int32)` named `ToInt32`."""
    return cast(x, _dtypes.int32, name=name)


def to_int64(x: Any, name: str = "ToInt64") -> Tensor:
    """`tf.to_int64`: `cast(x, int64)` named `ToInt64`."""
    return cast(x, _dtypes.int64, name=name)


# --------------------------------------------------------------------------------------------
# Where, Select

def _where_infer(op):
    r = op.inputs[0].shape.ndims
    return [(_dtypes.int64, TensorShape([None, r]))]


def _where_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def where_(x):
        if x.ndim == 0:
            raise _invalid("WhereOp : Unhandled input dimensions: 0")
        return xp.argwhere(x).astype(xp.int64, copy=False)
    return where_


registry.register("Where", infer=_where_infer, kernel=_where_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)


def _select_infer(op):
    cond_t, then_t, else_t = op.inputs
    data = _merge(_dims(then_t), _dims(else_t))
    cond = _dims(cond_t)
    dtype = then_t.dtype.base_dtype
    if cond is None or data is None or len(cond) == 0:
        return [(dtype, TensorShape(data))]
    if len(cond) != 1 or len(data) == 0:
        return [(dtype, TensorShape(_merge(data, cond)))]
    _merge(cond, [data[0]])
    return [(dtype, TensorShape(data))]


def _select_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def select(cond, t, e):
        if cond.ndim == 0:
            if t.shape != e.shape:
                raise _invalid(f"'then' and 'else' must have the same size.  but received: "
                               f"{shape_str(t.shape)} vs. {shape_str(e.shape)}")
            return t if bool(cond) else e
        if cond.ndim == 1 and t.ndim != 1:
            if t.ndim == 0:
                raise _invalid(f"'then' must be at least a vector, but saw shape: "
                               f"{shape_str(t.shape)}")
            if t.shape[0] != cond.shape[0]:
                raise _invalid(f"Number of batches of 'then' must match size of 'cond', but saw: "
                               f"{t.shape[0]} vs. {cond.shape[0]}")
            if t.shape != e.shape:
                raise _invalid(f"'then' and 'else' must have the same size.  but received: "
                               f"{shape_str(t.shape)} vs. {shape_str(e.shape)}")
            return xp.where(cond.reshape(cond.shape + (1,) * (t.ndim - 1)), t, e)
        for i, v in ((1, t), (2, e)):
            if v.shape != cond.shape:
                raise _invalid(f"Inputs to operation Select of type Select must have the same "
                               f"size and shape.  Input 0: {shape_str(cond.shape)} != input {i}: "
                               f"{shape_str(v.shape)}")
        return xp.where(cond, t, e)
    return select


def _select_grad(op, grad):
    cond, x = op.inputs[0], op.inputs[1]
    zero = zeros_like(x)
    return [None, where(cond, grad, zero), where(cond, zero, grad)]


registry.register("Select", infer=_select_infer, kernel=_select_kernel, grad=_select_grad)


def where(condition: Any, x: Any = None, y: Any = None, name: str | None = None) -> Tensor:
    """`tf.where` (TF1): with only `condition`, op Where giving the int64 coordinates of its
    true elements; with `x` and `y`, op Select taking `x` where `condition` holds, else `y`
    (a vector `condition` picks whole rows)."""
    g = get_default_graph()
    if x is None and y is None:
        with g.name_scope(name or "Where") as scope:
            c = convert_to_tensor(condition, preferred_dtype=_dtypes.bool, name="condition")
            return _create("Where", [c], {"T": c.dtype.base_dtype}, scope)
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    from .math import _convert_fixed  # noqa: PLC0415 - math ops build on this module
    with g.name_scope(name or "Select") as scope:
        c = _convert_fixed("Select", "condition", condition, _dtypes.bool)
        t, e = _same_type("Select", [("t", x), ("e", y)])
        return _create("Select", [c, t, e], {"T": t.dtype.base_dtype}, scope)



def _select_v2_infer(op):
    cond_t, then_t, else_t = op.inputs
    data = broadcast_shapes(then_t.shape, else_t.shape)
    return [(then_t.dtype.base_dtype, broadcast_shapes(cond_t.shape, data))]


def _select_v2_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def select_v2(cond, t, e):
        try:
            return xp.where(cond, t, e)
        except ValueError:
            raise _invalid(f"condition {shape_str(cond.shape)}, then {shape_str(t.shape)}, and "
                           f"else {shape_str(e.shape)} must be broadcastable") from None
    return select_v2


def _select_v2_grad(op, grad):
    from .math import reduce_sum  # noqa: PLC0415 - math ops build on this module
    cond, x, y = op.inputs
    zeros_ = zeros([], dtype=grad.dtype.base_dtype)
    out_shape = shape(op.outputs[0])
    grads = []
    for picked, t in ((where_v2(cond, grad, zeros_), x), (where_v2(cond, zeros_, grad), y)):
        t_shape = shape(t)
        axes, _ = broadcast_gradient_args(t_shape, out_shape)
        grads.append(reshape(reduce_sum(picked, keepdims=True, axis=axes), t_shape))
    return [None] + grads


registry.register("SelectV2", infer=_select_v2_infer, kernel=_select_v2_kernel,
                  grad=_select_v2_grad)


def where_v2(condition: Any, x: Any = None, y: Any = None, name: str | None = None) -> Tensor:
    """`tf.where_v2`: with only `condition`, op Where (the coordinates of its true elements);
    with `x` and `y`, op SelectV2 taking `x` where `condition` holds, else `y`, all three
    broadcast together."""
    if x is None and y is None:
        return where(condition, name=name)
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    from .math import _convert_fixed  # noqa: PLC0415 - math ops build on this module
    g = get_default_graph()
    with g.name_scope(name or "SelectV2") as scope:
        c = _convert_fixed("SelectV2", "condition", condition, _dtypes.bool)
        t, e = _same_type("SelectV2", [("t", x), ("e", y)])
        return _create("SelectV2", [c, t, e], {"T": t.dtype.base_dtype}, scope)

# --------------------------------------------------------------------------------------------
# sequence_mask, boolean_mask (composites)

def _all_dimensions(x: Tensor) -> Tensor:
    if x.shape.ndims is not None:
        return constant(np.arange(x.shape.ndims), dtype=_dtypes.int32)
    return _range_op(0, rank(x), 1, "Range")


def sequence_mask(lengths: Any, maxlen: Any = None, dtype: Any = _dtypes.bool,
                  name: str | None = None) -> Tensor:
    """`tf.sequence_mask`: `mask[..., t] = t < lengths[...]`, of `maxlen` columns (default
    `max(lengths)`); the result is `SequenceMask/Less:0`, cast when `dtype` is not bool."""
    from .math import maximum, reduce_max  # noqa: PLC0415 - math ops build on this module
    g = get_default_graph()
    with g.name_scope(name or "SequenceMask"):
        lengths = convert_to_tensor(lengths)
        if maxlen is None:
            maxlen = reduce_max(lengths, _all_dimensions(lengths))
            maxlen = maximum(constant(0, maxlen.dtype), maxlen)
        else:
            maxlen = convert_to_tensor(maxlen)
        if maxlen.shape.ndims is not None and maxlen.shape.ndims != 0:
            raise ValueError("maxlen must be scalar for sequence_mask")
        row_vector = _range_op(constant(0, maxlen.dtype), maxlen, constant(1, maxlen.dtype),
                               "Range")
        matrix = _create("Cast", [expand_dims(lengths, -1)],
                         {"SrcT": lengths.dtype.base_dtype, "DstT": maxlen.dtype.base_dtype,
                          "Truncate": False}, "Cast")
        result = row_vector < matrix
        dtype = _dtypes.as_dtype(dtype) if dtype is not None else None
        if dtype is None or result.dtype.base_dtype == dtype.base_dtype:
            return result
        return _create("Cast", [result], {"SrcT": _dtypes.bool, "DstT": dtype.base_dtype,
                                          "Truncate": False}, "Cast")


def boolean_mask(tensor: Any, mask: Any, name: str = "boolean_mask", axis: Any = None) -> Tensor:
    """`tf.boolean_mask`: the entries of `tensor` where `mask` (of static rank k, matching the
    dimensions from `axis`) is true, flattened into one dimension at `axis`."""
    from .math import reduce_prod  # noqa: PLC0415 - math ops build on this module
    g = get_default_graph()
    with g.name_scope(name):
        tensor = convert_to_tensor(tensor, name="tensor")
        mask = convert_to_tensor(mask, name="mask")
        shape_mask = mask.shape
        ndims_mask = shape_mask.ndims
        shape_tensor = tensor.shape
        if ndims_mask == 0:
            raise ValueError("mask cannot be scalar.")
        if ndims_mask is None:
            raise ValueError("Number of mask dimensions must be specified, even if some "
                             "dimensions are None.  E.g. shape=[None] is ok, but shape=None is "
                             "not.")
        axis = 0 if axis is None else axis
        shape_tensor[axis:axis + ndims_mask].assert_is_compatible_with(shape_mask)
        leading_size = reduce_prod(shape(tensor)[axis:axis + ndims_mask], [0])
        tensor = reshape(tensor, concat([shape(tensor)[:axis], [leading_size],
                                         shape(tensor)[axis + ndims_mask:]], 0))
        first_dim = shape_tensor[axis:axis + ndims_mask].num_elements()
        tensor.set_shape(as_shape(shape_tensor[:axis]).concatenate([first_dim])
                         .concatenate(shape_tensor[axis + ndims_mask:]))
        mask = reshape(mask, [-1])
        indices = squeeze(where(mask), axis=[1])
        return gather(tensor, indices, axis=axis)


# --------------------------------------------------------------------------------------------
# EnsureShape, IdentityN

def _ensure_shape_infer(op):
    x = op.inputs[0]
    desired = _dims(op.get_attr("shape"))
    if desired is not None:
        _with_rank(_dims(x), len(desired))
    return [(x.dtype.base_dtype, TensorShape(_merge(desired, _dims(x))))]


def _ensure_shape_kernel(ctx: registry.KernelContext):
    expected = as_shape(ctx.attrs["shape"])

    def ensure_shape_(x):
        if not expected.is_compatible_with(x.shape):
            raise _invalid(f"Shape of tensor input {shape_str(x.shape)} is not compatible with "
                           f"expected shape {dims_str(expected)}.")
        return x
    return ensure_shape_


registry.register("EnsureShape", infer=_ensure_shape_infer, kernel=_ensure_shape_kernel,
                  grad=lambda op, grad: [grad])


def ensure_shape(x: Any, shape: Any, name: str | None = None) -> Tensor:
    """`tf.ensure_shape` (op EnsureShape): `x` with its static shape merged with `shape`; at
    run time a value of an incompatible shape fails."""
    shape = as_shape(shape)
    g = get_default_graph()
    with g.name_scope(name or "EnsureShape") as scope:
        x = convert_to_tensor(x, name="input")
        return _create("EnsureShape", [x], {"T": x.dtype.base_dtype, "shape": shape}, scope)


def _identity_n_infer(op):
    return [(t.dtype.base_dtype, t.shape) for t in op.inputs]


registry.register("IdentityN", infer=_identity_n_infer,
                  kernel=lambda ctx: lambda *values: _outputs(values),
                  grad=lambda op, *grads: list(grads))


def identity_n(input: Any, name: str | None = None) -> list[Tensor]:
    """`tf.identity_n` (op IdentityN): the tensors of `input` passed through one op."""
    g = get_default_graph()
    with g.name_scope(name or "IdentityN") as scope:
        values = [convert_to_tensor(v, name=f"input_{i}") for i, v in enumerate(input)]
        op = g.create_op("IdentityN", values, {"T": [v.dtype.base_dtype for v in values]},
                         name=scope)
        return list(op.outputs)


# --------------------------------------------------------------------------------------------
# BroadcastArgs (broadcast_dynamic_shape), broadcast_static_shape

def _broadcast_args_infer(op):
    dims = []
    for t in op.inputs:
        d = _with_rank(_dims(t), 1)
        dims.append(d[0])
    out = None if None in dims else max(dims)
    return [(op.inputs[0].dtype.base_dtype, TensorShape([out]))]


def _broadcast_args_kernel(ctx: registry.KernelContext):
    xp, np_type = ctx.xp, _dtypes.np_dtype(ctx.attrs["T"])

    def broadcast_args(s0, s1):
        sx, sy = _host_ints(s0), _host_ints(s1)
        _broadcast_reduction_axes(sx, sy)  # TF's "Incompatible shapes" when they do not
        n = max(len(sx), len(sy))
        px = [1] * (n - len(sx)) + sx
        py = [1] * (n - len(sy)) + sy
        return xp.asarray([a if b == 1 else b for a, b in zip(px, py)], dtype=np_type)
    return broadcast_args


registry.register("BroadcastArgs", infer=_broadcast_args_infer, kernel=_broadcast_args_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)


def broadcast_dynamic_shape(shape_x: Any, shape_y: Any) -> Tensor:
    """`tf.broadcast_dynamic_shape` (op BroadcastArgs): the shape two shapes broadcast to."""
    s0, s1 = _same_type("BroadcastArgs", [("s0", shape_x), ("s1", shape_y)], INDEX)
    return _create("BroadcastArgs", [s0, s1], {"T": s0.dtype.base_dtype}, "BroadcastArgs")


def broadcast_static_shape(shape_x: TensorShape, shape_y: TensorShape) -> TensorShape:
    """`tf.broadcast_static_shape`: the TensorShape two static shapes broadcast to."""
    from .common_shapes import broadcast_shapes  # noqa: PLC0415
    try:
        return broadcast_shapes(as_shape(shape_x), as_shape(shape_y))
    except ValueError:
        raise ValueError(f"Incompatible shapes for broadcasting: {shape_x} and {shape_y}") \
            from None


# --------------------------------------------------------------------------------------------
# Roll (manip_ops)

def _roll_infer(op):
    x, shift, axis = op.inputs
    _with_rank_at_least(_dims(x), 1)
    shifts, axes = _dims(shift), _dims(axis)
    for d in (shifts, axes):
        if d is not None and len(d) > 1:
            raise ValueError(f"Shape must be at most rank 1 but is rank {len(d)}")
    if shifts and axes:
        a, b = shifts[0], axes[0]
        if a is not None and b is not None and a != b:
            raise ValueError(f"Dimension 0 in both shapes must be equal, but are {a} and {b}. "
                             f"Shapes are {_fmt(shifts)} and {_fmt(axes)}.")
    return [(x.dtype.base_dtype, x.shape)]


def _roll_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def roll_(x, shift, axis):
        if x.ndim < 1:
            raise _invalid("input must be 1-D or higher")
        for what, v in (("shift", shift), ("axis", axis)):
            if v.ndim > 1:
                raise _invalid(f"{what} must be a scalar or a 1-D vector. Found: "
                               f"{shape_str(v.shape)}")
        shifts, axes = _host_ints(shift), _host_ints(axis)
        if len(shifts) != len(axes):
            raise _invalid("shift and axis must have the same size")
        total = [0] * x.ndim
        for s, a in zip(shifts, axes):
            if not -x.ndim <= a < x.ndim:
                raise _invalid(f"axis {a} is out of range")
            total[a % x.ndim] += s
        moved = [(s, a) for a, s in enumerate(total) if x.shape[a] and s % x.shape[a]]
        if not moved:
            return x
        return xp.roll(x, [s for s, _ in moved], [a for _, a in moved])
    return roll_


def _roll_grad(op, grad):
    """The same roll backwards."""
    _, shift, axis = op.inputs
    return roll(grad, -shift, axis), None, None


registry.register("Roll", infer=_roll_infer, kernel=_roll_kernel, grad=_roll_grad)


def roll(input: Any, shift: Any, axis: Any, name: str | None = None) -> Tensor:
    """`tf.roll` (`tf.manip.roll`, op Roll): elements shifted by `shift` along each `axis`,
    wrapping around; shifts of one axis named twice add up."""
    g = get_default_graph()
    with g.name_scope(name or "Roll") as scope:
        x = convert_to_tensor(input, name="input")
        shift = _input(shift, "shift", INDEX)
        axis = _input(axis, "axis", INDEX)
        return _create("Roll", [x, shift, axis], {"T": x.dtype.base_dtype,
                                                  "Tshift": shift.dtype.base_dtype,
                                                  "Taxis": axis.dtype.base_dtype}, scope)


# --------------------------------------------------------------------------------------------
# LowerBound, UpperBound (searchsorted), UnravelIndex

def _bound_infer(op):
    sorted_inputs, values = op.inputs
    _with_rank(_dims(sorted_inputs), 2)
    return [(op.get_attr("out_type"), TensorShape(_with_rank(_dims(values), 2)))]


def _bound_kernel(side: str) -> Callable:
    def factory(ctx: registry.KernelContext):
        xp, np_type = ctx.xp, _dtypes.np_dtype(ctx.attrs["out_type"])

        def bound(sorted_inputs, values):
            if sorted_inputs.shape[0] != values.shape[0]:
                raise _invalid("Leading dim_size of both tensors must match.")
            rows = [xp.searchsorted(s, v, side=side) for s, v in zip(sorted_inputs, values)]
            if not rows:
                return xp.zeros(values.shape, dtype=np_type)
            return xp.stack(rows).astype(np_type)
        return bound
    return factory


registry.register("LowerBound", infer=_bound_infer, kernel=_bound_kernel("left"),
                  grad=registry.NOT_DIFFERENTIABLE)
registry.register("UpperBound", infer=_bound_infer, kernel=_bound_kernel("right"),
                  grad=registry.NOT_DIFFERENTIABLE)


def searchsorted(sorted_sequence: Any, values: Any, side: str = "left",
                 out_type: Any = _dtypes.int32, name: str | None = None) -> Tensor:
    """`tf.searchsorted`: for each of `values`, where it would go into the innermost
    dimension of `sorted_sequence` (`left`: before equal entries, op LowerBound; `right`:
    after them, op UpperBound); both flattened to matrices by Reshape and back, as TF 1.15."""
    if side not in ("left", "right"):
        raise ValueError(f"side must be either 'right' or 'left'.  Saw: {side}.")
    out_type = _dtypes.as_dtype(out_type)
    sequence_size = shape(sorted_sequence)[-1]
    values_size = shape(values)[-1]
    sorted_2d = reshape(sorted_sequence, [-1, sequence_size])
    values_2d = reshape(values, [-1, values_size])
    op_type = "UpperBound" if side == "right" else "LowerBound"
    g = get_default_graph()
    with g.name_scope(name or op_type) as scope:
        s, v = _same_type(op_type, [("sorted_inputs", sorted_2d), ("values", values_2d)])
        check_dtype_allowed(out_type, "out_type", INDEX)
        output = _create(op_type, [s, v], {"T": s.dtype.base_dtype, "out_type": out_type},
                         scope)
    return reshape(output, shape(values))


def _unravel_index_infer(op):
    indices, dims = op.inputs
    n = _with_rank(_dims(dims), 1)[0]
    idx = _dims(indices)
    dtype = op.get_attr("Tidx")
    if idx is None:
        return [(dtype, unknown_shape())]
    if not idx:
        return [(dtype, TensorShape([n]))]
    return [(dtype, TensorShape([n, None if None in idx else _product(idx)]))]


def _unravel_index_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def unravel_index_(indices, dims):
        if dims.ndim != 1:
            raise _invalid(f'The indices can only be 1-D, got "{shape_str(dims.shape)}"')
        if indices.ndim > 1:
            raise _invalid(f'The indices can only be scalar or vector, got '
                           f'"{shape_str(indices.shape)}"')
        sizes = _host_ints(dims)
        if indices.size and int(indices.max()) >= _product(sizes):
            raise _invalid("index is out of bound as with dims")
        # C++'s division and remainder, the last dimension varying fastest (negative indices
        # give negative coordinates, as TF's kernel does)
        out, rest = [], indices.astype(xp.int64)
        for d in reversed(sizes):
            out.append(xp.fmod(rest, d))
            rest = (rest - out[-1]) // d
        return xp.stack(out[::-1]).astype(indices.dtype)
    return unravel_index_


registry.register("UnravelIndex", infer=_unravel_index_infer, kernel=_unravel_index_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)


def unravel_index(indices: Any, dims: Any, name: str | None = None) -> Tensor:
    """`tf.unravel_index` (op UnravelIndex): the coordinates of flat `indices` in an array of
    shape `dims`, one row per dimension."""
    g = get_default_graph()
    with g.name_scope(name or "UnravelIndex") as scope:
        idx, d = _same_type("UnravelIndex", [("indices", indices), ("dims", dims)], INDEX)
        return _create("UnravelIndex", [idx, d], {"Tidx": idx.dtype.base_dtype}, scope)


# --------------------------------------------------------------------------------------------
# meshgrid (a composite)

def meshgrid(*args: Any, **kwargs: Any) -> list[Tensor]:
    """`tf.meshgrid`: N-D coordinate grids from 1-D `args`, each reshaped to broadcast along
    its own axis and multiplied by ones of the full shape (`indexing='xy'` swaps the first
    two axes, `'ij'` keeps them)."""
    indexing = kwargs.pop("indexing", "xy")
    name = kwargs.pop("name", "meshgrid")
    if kwargs:
        raise TypeError(f"'{next(iter(kwargs))}' is an invalid keyword argument for this "
                        f"function")
    if indexing not in ("xy", "ij"):
        raise ValueError("indexing parameter must be either 'xy' or 'ij'")
    g = get_default_graph()
    with g.name_scope(name):
        ndim = len(args)
        ones_shape = (1,) * ndim
        output = [reshape(stack(x), ones_shape[:i] + (-1,) + ones_shape[i + 1:])
                  for i, x in enumerate(args)]
        shapes = [size(x) for x in args]
        output_dtype = convert_to_tensor(args[0]).dtype.base_dtype
        if indexing == "xy" and ndim > 1:
            output[0] = reshape(output[0], (1, -1) + (1,) * (ndim - 2))
            output[1] = reshape(output[1], (-1, 1) + (1,) * (ndim - 2))
            shapes[0], shapes[1] = shapes[1], shapes[0]
        mult_fact = ones(shapes, output_dtype)
        return [x * mult_fact for x in output]


__all__ += ["where_v2", "ensure_shape", "identity_n", "broadcast_dynamic_shape",
            "broadcast_static_shape", "roll", "searchsorted", "unravel_index", "meshgrid"]


# --------------------------------------------------------------------------------------------
# SpaceToBatchND, BatchToSpaceND

def _block_and_pairs(op, what: str):
    """(block_shape, [[before, after], ...]) as Python ints when constant, else None; the
    block size M from the block_shape's static length when known."""
    x, block, pairs = op.inputs
    if block.shape.ndims is not None and block.shape.ndims != 1:
        raise ValueError(f"Shape must be rank 1 but is rank {block.shape.ndims}")
    if pairs.shape.ndims is not None and pairs.shape.ndims != 2:
        raise ValueError(f"Shape must be rank 2 but is rank {pairs.shape.ndims}")
    m = block.shape.dims[0].value if block.shape.ndims == 1 else None
    b, p = constant_value(block), constant_value(pairs)
    b = None if b is None else [int(v) for v in np.reshape(b, -1)]
    p = None if p is None else [[int(v) for v in row] for row in np.reshape(p, (-1, 2))]
    if b is not None and builtins.any(v < 1 for v in b):
        raise ValueError("block_shape must be positive")
    if p is not None and builtins.any(v < 0 for row in p for v in row):
        raise ValueError(f"{what} cannot be negative")
    if m is None and b is not None:
        m = len(b)
    return m, b, p


def _space_to_batch_infer(op):
    x = op.inputs[0]
    m, b, p = _block_and_pairs(op, "paddings")
    if x.shape.ndims is None or m is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    if x.shape.ndims < m + 1:
        raise ValueError(f"Shape must be at least rank {m + 1} but is rank {x.shape.ndims}")
    dims = x.shape.as_list()
    out = [None] * len(dims)
    out[m + 1:] = dims[m + 1:]
    if b is not None and dims[0] is not None:
        out[0] = dims[0] * math.prod(b)
    for i in _py_range(m):
        if b is None or p is None or dims[i + 1] is None:
            continue
        padded = dims[i + 1] + p[i][0] + p[i][1]
        if padded % b[i]:
            raise ValueError(f"Dimension size must be evenly divisible by {b[i]} but is "
                             f"{padded}")
        out[i + 1] = padded // b[i]
    return [(x.dtype.base_dtype, TensorShape(out))]


def _space_to_batch_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def space_to_batch_nd(x, block, paddings):
        b = _host_ints(block)
        m = len(b)
        p = [_host_ints(row) for row in paddings.reshape(-1, 2)] if m else []
        if x.ndim < m + 1:
            raise _invalid(f"input rank should be >= {m + 1} instead of {x.ndim}")
        if builtins.any(v < 0 for row in p for v in row):
            raise _invalid("Negative paddings")
        x = xp.pad(x, [(0, 0)] + [tuple(row) for row in p] + [(0, 0)] * (x.ndim - m - 1))
        shape = [x.shape[0]]
        for i in _py_range(m):
            if x.shape[i + 1] % b[i]:
                raise _invalid(f"padded_shape[{i}]={x.shape[i + 1]} is not divisible by "
                               f"block_shape[{i}]={b[i]}")
            shape += [x.shape[i + 1] // b[i], b[i]]
        rest = list(x.shape[m + 1:])
        x = x.reshape(shape + rest)
        perm = ([2 + 2 * i for i in _py_range(m)] + [0] + [1 + 2 * i for i in _py_range(m)]
                + list(_py_range(1 + 2 * m, 1 + 2 * m + len(rest))))
        x = xp.transpose(x, perm)
        return xp.ascontiguousarray(x).reshape(
            [shape[0] * math.prod(b)] + shape[1::2] + rest)
    return space_to_batch_nd


def _batch_to_space_infer(op):
    x = op.inputs[0]
    m, b, c = _block_and_pairs(op, "crops")
    if x.shape.ndims is None or m is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    if x.shape.ndims < m + 1:
        raise ValueError(f"Shape must be at least rank {m + 1} but is rank {x.shape.ndims}")
    dims = x.shape.as_list()
    out = [None] * len(dims)
    out[m + 1:] = dims[m + 1:]
    if b is not None and dims[0] is not None:
        if dims[0] % math.prod(b):
            raise ValueError(f"Dimension size must be evenly divisible by {math.prod(b)} but "
                             f"is {dims[0]}")
        out[0] = dims[0] // math.prod(b)
    for i in _py_range(m):
        if b is None or c is None or dims[i + 1] is None:
            continue
        size = dims[i + 1] * b[i] - c[i][0] - c[i][1]
        if size < 0:
            raise ValueError(f"Negative dimension size caused by subtracting "
                             f"{c[i][0] + c[i][1]} from {dims[i + 1] * b[i]}")
        out[i + 1] = size
    return [(x.dtype.base_dtype, TensorShape(out))]


def _batch_to_space_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def batch_to_space_nd(x, block, crops):
        b = _host_ints(block)
        m = len(b)
        c = [_host_ints(row) for row in crops.reshape(-1, 2)] if m else []
        if x.ndim < m + 1:
            raise _invalid(f"input rank should be >= {m + 1} instead of {x.ndim}")
        if builtins.any(v < 0 for row in c for v in row):
            raise _invalid("Negative crops")
        total = math.prod(b)
        if x.shape[0] % total:
            raise _invalid(f"Input batch dimension ({x.shape[0]}) is not divisible by product "
                           f"of block sizes ({total})")
        batch, spatial, rest = x.shape[0] // total, list(x.shape[1:m + 1]), list(x.shape[m + 1:])
        for i in _py_range(m):
            if c[i][0] + c[i][1] > spatial[i] * b[i]:
                raise _invalid(f"crops must be non-negative and not exceed the size of the "
                               f"block-expanded dimension {i + 1}")
        x = x.reshape(b + [batch] + spatial + rest)
        perm = [m] + [v for i in _py_range(m) for v in (m + 1 + i, i)] + \
            list(_py_range(2 * m + 1, 2 * m + 1 + len(rest)))
        x = xp.ascontiguousarray(xp.transpose(x, perm)).reshape(
            [batch] + [s * k for s, k in zip(spatial, b)] + rest)
        index = (builtins.slice(None),) + tuple(
            builtins.slice(c[i][0], spatial[i] * b[i] - c[i][1]) for i in _py_range(m))
        return xp.ascontiguousarray(x[index])
    return batch_to_space_nd


def _space_to_batch_grad(op, grad):
    return [batch_to_space_nd(grad, op.inputs[1], op.inputs[2]), None, None]


def _batch_to_space_grad(op, grad):
    return [space_to_batch_nd(grad, op.inputs[1], op.inputs[2]), None, None]


registry.register("SpaceToBatchND", infer=_space_to_batch_infer, kernel=_space_to_batch_kernel,
                  grad=_space_to_batch_grad)
registry.register("BatchToSpaceND", infer=_batch_to_space_infer, kernel=_batch_to_space_kernel,
                  grad=_batch_to_space_grad)


def _to_batch_op(op_type: str, input: Any, block_shape: Any, pairs: Any, pairs_name: str,
                 name: str | None) -> Tensor:
    g = get_default_graph()
    with g.name_scope(name or op_type) as scope:
        x = _input(input, "input")
        block = _input(block_shape, "block_shape", INDEX, _dtypes.int32)
        pairs_t = _input(pairs, pairs_name, INDEX, _dtypes.int32)
        return _create(op_type, [x, block, pairs_t],
                       {"T": x.dtype.base_dtype, "Tblock_shape": block.dtype.base_dtype,
                        "T" + pairs_name: pairs_t.dtype.base_dtype}, scope)


def space_to_batch_nd(input: Any, block_shape: Any, paddings: Any,
                      name: str | None = None) -> Tensor:
    """`tf.space_to_batch_nd` (op SpaceToBatchND): the M spatial dimensions after the batch
    padded by `paddings`, then split into `block_shape` blocks moved into the batch (block
    offsets outermost)."""
    return _to_batch_op("SpaceToBatchND", input, block_shape, paddings, "paddings", name)


def batch_to_space_nd(input: Any, block_shape: Any, crops: Any,
                      name: str | None = None) -> Tensor:
    """`tf.batch_to_space_nd` (op BatchToSpaceND): the inverse of space_to_batch_nd, batch
    blocks interleaved back into the spatial dimensions, then `crops` cut off."""
    return _to_batch_op("BatchToSpaceND", input, block_shape, crops, "crops", name)


__all__ += ["space_to_batch_nd", "batch_to_space_nd"]


# --------------------------------------------------------------------------------------------
# SpaceToDepth, DepthToSpace

_DEPTH_FORMATS = ("NHWC", "NCHW", "NCHW_VECT_C")


def _depth_space_infer(op):
    x = op.inputs[0]
    bs = op.get_attr("block_size")
    nchw = op.get_attr("data_format") != "NHWC"
    if x.shape.ndims is None:
        return [(x.dtype.base_dtype, TensorShape([None] * 4))]
    if x.shape.ndims != 4:
        raise ValueError(f"Shape must be rank 4 but is rank {x.shape.ndims}")
    dims = x.shape.as_list()
    n, h, w, c = (dims[0], dims[2], dims[3], dims[1]) if nchw else dims

    def divide(size, by):
        if size is None:
            return None
        if size % by:
            raise ValueError(f"Dimension size must be evenly divisible by {by} but is "
                             f"{size}")
        return size // by

    def times(size, by):
        return None if size is None else size * by

    if op.type == "SpaceToDepth":
        h, w, c = divide(h, bs), divide(w, bs), times(c, bs * bs)
    else:
        c, h, w = divide(c, bs * bs), times(h, bs), times(w, bs)
    return [(x.dtype.base_dtype, TensorShape([n, c, h, w] if nchw else [n, h, w, c]))]


def _depth_space_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    bs = ctx.attrs["block_size"]
    data_format = ctx.attrs["data_format"]
    to_depth = ctx.op_type == "SpaceToDepth"

    def depth_space(x):
        if data_format == "NCHW_VECT_C":
            raise _invalid(f"Only NHWC data_format supported on CPU. Got {data_format}")
        if x.ndim != 4:
            raise _invalid(f"Input rank should be: 4 instead of: {x.ndim}")
        if data_format == "NCHW":
            x = xp.transpose(x, (0, 2, 3, 1))
        n, h, w, c = x.shape
        if to_depth:
            if h % bs or w % bs:
                raise _invalid(f"Image width {w} and height {h} should be divisible by "
                               f"block_size: {bs}")
            y = x.reshape(n, h // bs, bs, w // bs, bs, c).transpose(0, 1, 3, 2, 4, 5)
            y = y.reshape(n, h // bs, w // bs, bs * bs * c)
        else:
            if c % (bs * bs):
                raise _invalid(f"Input depth dimension {c} should be divisible by: {bs * bs}")
            y = x.reshape(n, h, w, bs, bs, c // (bs * bs)).transpose(0, 1, 3, 2, 4, 5)
            y = y.reshape(n, h * bs, w * bs, c // (bs * bs))
        if data_format == "NCHW":
            y = xp.transpose(y, (0, 3, 1, 2))
        return xp.ascontiguousarray(y)
    return depth_space


def _space_to_depth_grad(op, grad):
    if op.get_attr("data_format") == "NCHW_VECT_C":
        raise ValueError("Cannot compute SpaceToDepth gradient with NCHW_VECT_C. "
                         "NCHW_VECT_C requires qint8 data type.")
    return [depth_to_space(grad, op.get_attr("block_size"),
                           data_format=op.get_attr("data_format"))]


def _depth_to_space_grad(op, grad):
    if op.get_attr("data_format") == "NCHW_VECT_C":
        raise ValueError("Cannot compute DepthToSpace gradient with NCHW_VECT_C. "
                         "NCHW_VECT_C requires qint8 data type.")
    return [space_to_depth(grad, op.get_attr("block_size"),
                           data_format=op.get_attr("data_format"))]


registry.register("SpaceToDepth", infer=_depth_space_infer, kernel=_depth_space_kernel,
                  grad=_space_to_depth_grad)
registry.register("DepthToSpace", infer=_depth_space_infer, kernel=_depth_space_kernel,
                  grad=_depth_to_space_grad)


def _depth_space_op(op_type: str, input: Any, block_size: Any, name: str | None,
                    data_format: str) -> Tensor:
    if isinstance(block_size, bool) or not isinstance(block_size, numbers.Integral):
        raise TypeError(f"Expected int for argument 'block_size' not {block_size!r}.")
    if block_size < 2:
        raise ValueError(f"Attr 'block_size' of '{op_type}' Op passed {block_size} less "
                         f"than minimum 2.")
    if data_format not in _DEPTH_FORMATS:
        joined = '", "'.join(_DEPTH_FORMATS)
        raise ValueError(f"Attr 'data_format' of '{op_type}' Op passed string "
                         f"'{data_format}' not in: \"{joined}\".")
    g = get_default_graph()
    with g.name_scope(name or op_type) as scope:
        x = _input(input, "input")
        return _create(op_type, [x], {"T": x.dtype.base_dtype, "block_size": int(block_size),
                                      "data_format": data_format}, scope)


def space_to_depth(input: Any, block_size: int, name: str | None = None,
                   data_format: str = "NHWC") -> Tensor:
    """`tf.space_to_depth` (op SpaceToDepth): each `block_size` x `block_size` spatial block
    moved into the depth, `out[n, h, w, (i * bs + j) * C + c] = in[n, h*bs + i, w*bs + j, c]`."""
    return _depth_space_op("SpaceToDepth", input, block_size, name, data_format)


def depth_to_space(input: Any, block_size: int, name: str | None = None,
                   data_format: str = "NHWC") -> Tensor:
    """`tf.depth_to_space` (op DepthToSpace): the inverse of space_to_depth, depth moved out
    into `block_size` x `block_size` spatial blocks."""
    return _depth_space_op("DepthToSpace", input, block_size, name, data_format)


__all__ += ["space_to_depth", "depth_to_space"]
NN_ALL = ["space_to_depth", "depth_to_space"]
