"""Math ops: elementwise arithmetic, comparisons and logic, reductions, argmax, add_n, matmul,
cumulative sums and products, unsorted segment sums, and their gradients (mirrors math_ops.py,
the generated gen_math_ops.py and math_grad.py of TF 1.15).

Each gradient builds the ops TF 1.15's builds, in the same order, so that gradient tensors get
TF's names (`gradients/Tanh_grad/TanhGrad`); the gradient-only ops (TanhGrad, SigmoidGrad,
SqrtGrad, RsqrtGrad, ReciprocalGrad) are registered ops with gradients of their own. The dense
conversion of `IndexedSlices` (an UnsortedSegmentSum) and their negation are installed here.

Also installs Tensor's Python operators, named as TF1 names them (`add`, `sub`, `mul`,
`truediv`, `floordiv`, `mod`, `pow`, `matmul`, `Neg`, `Abs`, `Less`, `and` ...).

Builders of TF's generated ops convert their inputs as TF's op-definition library does: the
first input of a shared type `T` fixes it, later ones must have that type (a Python value is
converted to it), and `T` must be in the op's list of allowed types; the errors are TF's.
"""
from __future__ import annotations

import collections
import operator
import warnings
from typing import Any, Callable, Sequence

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework import errors, registry
from ..framework.convert import (constant, constant_value, convert_to_tensor,
                                 register_tensor_conversion_function)
from ..framework.graph import Tensor, get_default_graph, name_scope, override_operator
from ..framework.indexed_slices import IndexedSlices
from ..framework.tensor_shape import Dimension, TensorShape, dims_str, unknown_shape
from . import array as array_ops
from .common_shapes import (broadcast_shapes, check_dtype_allowed, deprecated_argument,
                            same_as_input, shape_str)

__all__ = [
    "add", "subtract", "multiply", "divide", "truediv", "realdiv", "div", "floordiv",
    "floor_div", "mod", "floormod", "pow", "maximum", "minimum", "squared_difference",
    "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
    "logical_and", "logical_or", "logical_not", "logical_xor",
    "negative", "abs", "square", "sqrt", "rsqrt", "exp", "log", "log1p", "tanh", "sigmoid",
    "sign", "reciprocal", "floor", "ceil", "round", "sin", "cos", "conj",
    "is_finite", "is_nan", "is_inf",
    "add_n", "matmul", "div_no_nan", "scalar_mul", "cumsum", "cumprod", "unsorted_segment_sum",
    "setdiff1d", "segment_sum", "lin_space", "linspace",
    "reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_any",
    "reduce_all", "reduce_logsumexp", "argmax", "argmin",
    "expm1", "erf", "erfc", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "asinh",
    "acosh", "atanh", "rint", "truncatediv", "truncatemod", "count_nonzero", "norm",
]
NN_ALL = ["sigmoid", "tanh"]

# Allowed types of TF's op definitions, in TF's order (they appear in its TypeError messages).
FLOATS = ("bfloat16", "float16", "float32", "float64")
FLOATS_COMPLEX = FLOATS + ("complex64", "complex128")
SIGNED = FLOATS + ("int8", "int16", "int32", "int64")
SIGNED_COMPLEX = SIGNED + ("complex64", "complex128")
ARITHMETIC = ("bfloat16", "float16", "float32", "float64", "uint8", "int8", "uint16", "int16",
              "int32", "uint32", "uint64", "int64", "complex64", "complex128")
SUB = ("bfloat16", "float16", "float32", "float64", "uint8", "int8", "uint16", "int16", "int32",
       "int64", "complex64", "complex128", "uint32", "uint64")
REAL = ("float32", "float64", "int32", "uint8", "int16", "int8", "int64", "bfloat16", "uint16",
        "float16", "uint32", "uint64")
ORDERED = ("bfloat16", "float16", "float32", "float64", "int8", "uint8", "int16", "uint16",
           "int32", "uint32", "int64", "uint64")
FLOOR_MOD = ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
             "bfloat16", "float16", "float32", "float64")
POW = ("bfloat16", "float32", "float16", "float64", "int8", "int16", "int32", "int64",
       "complex64", "complex128")
SQUARED_DIFFERENCE = FLOATS + ("int32", "int64", "complex64", "complex128")
SQUARE = SIGNED + ("uint8", "uint16", "uint32", "uint64", "complex64", "complex128")
ADD = ("bfloat16", "float16", "float32", "float64", "uint8", "int8", "int16", "int32", "int64",
       "complex64", "complex128", "string")
ADD_V2 = ("bfloat16", "float16", "float32", "float64", "uint8", "uint16", "uint32", "uint64",
          "int8", "int16", "int32", "int64", "complex64", "complex128")
SUM = ("float32", "float64", "int32", "uint8", "int16", "int8", "complex64", "int64", "qint8",
       "quint8", "qint32", "bfloat16", "qint16", "quint16", "uint16", "complex128", "float16",
       "uint32", "uint64")
MAX = REAL + ("qint8", "quint8", "qint32", "qint16", "quint16")
ADD_N = SUM + ("variant",)
ARG = MAX + ("bool",)
# TF 1.15's MatMul and BatchMatMulV2 (2.x added int16 and the unsigned types).
MATMUL = ("bfloat16", "float16", "float32", "float64", "int32", "int64", "complex64", "complex128")
BATCH_MATMUL = MATMUL
INDEX = ("int32", "int64")


# --------------------------------------------------------------------------------------------
# Input conversion, as TF's op-definition library does it

def _convert_to_type(op_type: str, param: str, value: Any, dtype: _dtypes.DType,
                     mismatch: str) -> Tensor:
    """`value` as a tensor of `dtype`: a Python value is converted to it, a tensor of another
    type is refused. `mismatch` ends the refusal (`type float32 of argument 'x'`)."""
    try:
        return convert_to_tensor(value, dtype=dtype, name=param)
    except TypeError as e:
        raise TypeError(f"Expected {dtype.name} passed to parameter '{param}' of op '{op_type}', "
                        f"got {value!r} of type '{type(value).__name__}' instead. Error: {e}") \
            from None
    except ValueError:
        observed = convert_to_tensor(value).dtype.name
        raise TypeError(f"Input '{param}' of '{op_type}' Op has type {observed} that does not "
                        f"match {mismatch}.") from None


def _convert_inputs(op_type: str, params: Sequence[tuple[str, Any]],
                    allowed: Sequence[str] | None) -> list[Tensor]:
    """Inputs sharing the type attr `T`: the first fixes `T` (checked against `allowed`)."""
    first_name, first = params[0]
    first = convert_to_tensor(first, name=first_name)
    dtype = first.dtype.base_dtype
    if allowed is not None:
        check_dtype_allowed(dtype, first_name, tuple(allowed))
    out = [first]
    for param, value in params[1:]:
        out.append(_convert_to_type(op_type, param, value, dtype,
                                    f"type {dtype.name} of argument '{first_name}'"))
    return out


def _convert_fixed(op_type: str, param: str, value: Any, dtype: _dtypes.DType) -> Tensor:
    """An input whose type the op definition fixes (LogicalAnd's bool inputs)."""
    return _convert_to_type(op_type, param, value, dtype, f"expected type of {dtype.name}")


def _gen_op(op_type: str, params: Sequence[tuple[str, Any]], name: str | None,
            allowed: Sequence[str] | None) -> Tensor:
    """An op as TF's generated wrappers build it: scope `name` (default the op type) holds the
    constants its Python inputs become (`Sub/y`), and the op takes the scope's name."""
    with name_scope(name or op_type, values=[v for _, v in params]) as scope:
        inputs = _convert_inputs(op_type, params, allowed)
        return get_default_graph().create_op(op_type, inputs, {"T": inputs[0].dtype.base_dtype},
                                             name=scope).outputs[0]


def _gen_logical(op_type: str, params: Sequence[tuple[str, Any]], name: str | None) -> Tensor:
    with name_scope(name or op_type, values=[v for _, v in params]) as scope:
        inputs = [_convert_fixed(op_type, p, v, _dtypes.bool) for p, v in params]
        return get_default_graph().create_op(op_type, inputs, {}, name=scope).outputs[0]


# --------------------------------------------------------------------------------------------
# Kernel helpers

def _no_kernel(op_type: str, dtype: _dtypes.DType) -> Callable:
    """TF registers no CPU kernel for some allowed types (Reciprocal of ints): fail as it does."""
    message = (f"No OpKernel was registered to support Op '{op_type}' with these attrs: "
               f"[T=DT_{dtype.name.upper()}]")

    def kernel(*inputs):
        raise errors.InvalidArgumentError(None, None, message)
    return kernel


def _broadcastable(a: tuple, b: tuple) -> bool:
    return all(x == y or x == 1 or y == 1 for x, y in zip(reversed(a), reversed(b)))


def _explain_binary(e: BaseException, inputs: list) -> str | None:
    """Words numpy's failures of a binary elementwise kernel as TF does (error path only)."""
    x, y = inputs
    if not _broadcastable(x.shape, y.shape):
        return f"Incompatible shapes: {shape_str(x.shape)} vs. {shape_str(y.shape)}"
    if "negative integer powers" in str(e):
        return "Integers to negative integer powers are not allowed"
    return None


def _nonzero_divisor(fn: Callable, xp: Any) -> Callable:
    """Integer division and modulo fail on a zero divisor, as TF's kernels do; like TF's,
    which check each element they compute, an empty result computes none (the gradient of a
    sum over a scalar reduces `[] % 0`)."""
    def kernel(x, y):
        if not xp.all(y) and xp.size(x) and xp.size(y):
            raise errors.InvalidArgumentError(None, None, "Integer division by zero")
        return fn(x, y)
    return kernel


# --------------------------------------------------------------------------------------------
# Binary elementwise ops: rules, kernels, registrations

def _binary_infer(op):
    x, y = op.inputs
    return [(x.dtype.base_dtype, broadcast_shapes(x.shape, y.shape))]


def _compare_infer(op):
    x, y = op.inputs
    return [(_dtypes.bool, broadcast_shapes(x.shape, y.shape))]


def _ufunc(name: str) -> Callable:
    """Kernel factory for an op that is one numpy/CuPy ufunc."""
    return lambda ctx: getattr(ctx.xp, name)


def _operator(name: str) -> Callable:
    """Kernel factory for an op that is one of Python's operators. Values of rank 0 are numpy
    scalars after any ufunc, and their operators skip the ufunc machinery (~0.06 µs instead of
    ~1 µs: a loop's counter and condition); arrays reach the very same ufunc."""
    fn = getattr(operator, name)
    return lambda ctx: fn


def _real_div_kernel(ctx: registry.KernelContext):
    dtype = ctx.attrs["T"]
    if not (dtype.is_floating or dtype.is_complex):
        return _no_kernel(ctx.op_type, dtype)
    return ctx.xp.true_divide


def _floor_div_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    if ctx.attrs["T"].is_floating:
        def floor_div(x, y):  # TF floors the true quotient (1.0 // 0.1 is 10, not 9)
            return xp.floor(xp.true_divide(x, y))
        return floor_div
    return _nonzero_divisor(xp.floor_divide, xp)


def _floor_mod_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    if ctx.attrs["T"].is_floating:
        return xp.remainder
    return _nonzero_divisor(xp.remainder, xp)


def _squared_difference_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    conj = ctx.attrs["T"].is_complex

    def squared_difference(x, y):
        d = xp.subtract(x, y)
        return xp.multiply(d, xp.conj(d) if conj else d)
    return squared_difference


# ---- gradients of broadcasting binary ops: one shared reduction

def _same_known_shapes(x: Tensor, y: Tensor, grad: Any) -> bool:
    """Fully known, equal shapes: nothing was broadcast, so no reduction is built."""
    return (isinstance(grad, Tensor) and x.shape.is_fully_defined()
            and x.shape == y.shape == grad.shape)


def _broadcast_axes(x: Tensor, y: Tensor) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """Shapes of both inputs and the axes each was broadcast along (BroadcastGradientArgs)."""
    sx, sy = array_ops.shape(x), array_ops.shape(y)
    rx, ry = array_ops.broadcast_gradient_args(sx, sy)
    return sx, sy, rx, ry


def _sum_to(grad: Tensor, axes: Tensor, shape: Tensor) -> Tensor:
    """The gradient of a broadcast input: `grad` summed over `axes`, reshaped to `shape`."""
    return array_ops.reshape(reduce_sum(grad, axes), shape)


def _add_grad(op, grad):
    x, y = op.inputs
    if _same_known_shapes(x, y, grad):
        return grad, grad
    sx, sy, rx, ry = _broadcast_axes(x, y)
    return _sum_to(grad, rx, sx), _sum_to(grad, ry, sy)


def _sub_grad(op, grad):
    x, y = op.inputs
    if _same_known_shapes(x, y, grad):
        return grad, negative(grad)
    sx, sy, rx, ry = _broadcast_axes(x, y)
    return _sum_to(grad, rx, sx), array_ops.reshape(negative(reduce_sum(grad, ry)), sy)


def _mul_grad(op, grad):
    x, y = op.inputs
    if _same_known_shapes(x, y, grad) and grad.dtype.base_dtype in (_dtypes.int32,
                                                                    _dtypes.float32):
        return multiply(grad, y), multiply(grad, x)
    sx, sy, rx, ry = _broadcast_axes(x, y)
    x, y = conj(x), conj(y)
    return _sum_to(grad * y, rx, sx), _sum_to(x * grad, ry, sy)


def _real_div_grad(op, grad):
    x, y = op.inputs
    sx, sy, rx, ry = _broadcast_axes(x, y)
    x, y = conj(x), conj(y)
    return (_sum_to(realdiv(grad, y), rx, sx),
            _sum_to(grad * realdiv(realdiv(-x, y), y), ry, sy))


def _floor_mod_grad(op, grad):
    """d(x mod y) = (1, -floor(x / y))."""
    x, y = conj(op.inputs[0]), conj(op.inputs[1])
    sx, sy, rx, ry = _broadcast_axes(x, y)
    floor_xy = floor_div(x, y)
    return _sum_to(grad, rx, sx), _sum_to(grad * negative(floor_xy), ry, sy)


def _pow_grad(op, grad):
    """d(x ** y) = (y * x ** (y - 1), z * log(x)); log(x) counts as 0 where x <= 0 (x == 0 for
    complex x), where TF finds no sensible real value."""
    x, y = op.inputs
    sx, sy, rx, ry = _broadcast_axes(x, y)
    x, y, z = conj(x), conj(y), conj(op.outputs[0])
    gx = _sum_to(grad * y * pow(x, y - 1), rx, sx)
    mask = not_equal(x, 0) if x.dtype.is_complex else x > 0
    safe_x = array_ops.where(mask, x, array_ops.ones_like(x))
    log_x = array_ops.where(mask, log(safe_x), array_ops.zeros_like(x))
    return gx, _sum_to(grad * z * log_x, ry, sy)


def _maximum_minimum_grad(op, grad, selector: Callable) -> tuple[Tensor, Tensor]:
    """Maximum and Minimum: the gradient goes to x where `selector(x, y)` holds (ties go to
    x), to y elsewhere."""
    x, y = op.inputs
    sx, sy, rx, ry = _broadcast_axes(x, y)
    zeros = array_ops.zeros(array_ops.shape(grad), grad.dtype)
    xmask = selector(x, y)
    return (_sum_to(array_ops.where(xmask, grad, zeros), rx, sx),
            _sum_to(array_ops.where(xmask, zeros, grad), ry, sy))


def _maximum_grad(op, grad):
    return _maximum_minimum_grad(op, grad, greater_equal)


def _minimum_grad(op, grad):
    return _maximum_minimum_grad(op, grad, less_equal)


def _squared_difference_grad(op, grad):
    x, y = op.inputs
    sx, sy, rx, ry = _broadcast_axes(x, y)
    with _control_on(grad):
        # scalar_mul first: an IndexedSlices grad stays sparse until it meets (x - y)
        x_grad = scalar_mul(2.0, grad) * (x - y)
    return _sum_to(x_grad, rx, sx), negative(_sum_to(x_grad, ry, sy))


def _register_binary(op_type: str, kernel: Callable, infer: Callable = _binary_infer,
                     grad: Any = None) -> None:
    registry.register(op_type, infer=infer, kernel=kernel, grad=grad, explain=_explain_binary)


_register_binary("AddV2", _operator("add"), grad=_add_grad)
_register_binary("Add", _ufunc("add"), grad=_add_grad)  # strings too: the ufunc's rules
_register_binary("Sub", _operator("sub"), grad=_sub_grad)
_register_binary("Mul", _operator("mul"), grad=_mul_grad)
_register_binary("RealDiv", _real_div_kernel, grad=_real_div_grad)
_register_binary("FloorDiv", _floor_div_kernel, grad=registry.NOT_DIFFERENTIABLE)
_register_binary("FloorMod", _floor_mod_kernel, grad=_floor_mod_grad)
_register_binary("Pow", _ufunc("power"), grad=_pow_grad)
_register_binary("Maximum", _ufunc("maximum"), grad=_maximum_grad)
_register_binary("Minimum", _ufunc("minimum"), grad=_minimum_grad)
_register_binary("SquaredDifference", _squared_difference_kernel, grad=_squared_difference_grad)
for _op_type, _kernel in (("Equal", _ufunc("equal")), ("NotEqual", _ufunc("not_equal")),
                          ("Less", _operator("lt")), ("LessEqual", _operator("le")),
                          ("Greater", _operator("gt")), ("GreaterEqual", _operator("ge")),
                          ("LogicalAnd", _operator("and_")), ("LogicalOr", _operator("or_"))):
    _register_binary(_op_type, _kernel, _compare_infer, registry.NOT_DIFFERENTIABLE)


# ---- builders

def add(x: Any, y: Any, name: str | None = None) -> Tensor:
    """`tf.add`: op Add (TF 1.15's generated `add`), default name `Add`."""
    return _gen_op("Add", [("x", x), ("y", y)], name, ADD)


def subtract(x: Any, y: Any, name: str | None = None) -> Tensor:
    """`tf.subtract`: op Sub."""
    return _gen_op("Sub", [("x", x), ("y", y)], name, SUB)


def multiply(x: Any, y: Any, name: str | None = None) -> Tensor:
    """`tf.multiply`: op Mul."""
    return _gen_op("Mul", [("x", x), ("y", y)], name, ARITHMETIC)


def realdiv(x: Any, y: Any, name: str | None = None) -> Tensor:
    """`tf.realdiv`: op RealDiv, no casting."""
    return _gen_op("RealDiv", [("x", x), ("y", y)], name, ARITHMETIC)


def floor_div(x: Any, y: Any, name: str | None = None) -> Tensor:
    """`tf.floor_div`: op FloorDiv, default name `FloorDiv`."""
    return _gen_op("FloorDiv", [("x", x), ("y", y)], name, ARITHMETIC)


def mod(x: Any, y: Any, name: str | None = None) -> Tensor:
    """`tf.mod` (`tf.floormod`): op FloorMod, the remainder takes the divisor's sign."""
    return _gen_op("FloorMod", [("x", x), ("y", y)], name, FLOOR_MOD)


floormod = mod


def maximum(x: Any, y: Any, name: str | None = None) -> Tensor:
    """`tf.maximum`: op Maximum (NaN propagates)."""
    return _gen_op("Maximum", [("x", x), ("y", y)], name, ORDERED)


def minimum(x: Any, y: Any, name: str | None = None) -> Tensor:
    """`tf.minimum`: op Minimum (NaN propagates)."""
    return _gen_op("Minimum", [("x", x), ("y", y)], name, ORDERED)


def squared_difference(x: Any, y: Any, name: str | None = None) -> Tensor:
    """`tf.squared_difference`: op SquaredDifference, (x - y)**2."""
    return _gen_op("SquaredDifference", [("x", x), ("y", y)], name, SQUARED_DIFFERENCE)


def equal(x: Any, y: Any, name: str | None = None) -> Tensor:
    """`tf.equal`: op Equal, any type (strings too)."""
    return _gen_op("Equal", [("x", x), ("y", y)], name, None)


def not_equal(x: Any, y: Any, name: str | None = None) -> Tensor:
    """`tf.not_equal`: op NotEqual."""
    return _gen_op("NotEqual", [("x", x), ("y", y)], name, None)


def less(x: Any, y: Any, name: str | None = None) -> Tensor:
    """`tf.less`: op Less."""
    return _gen_op("Less", [("x", x), ("y", y)], name, REAL)


def less_equal(x: Any, y: Any, name: str | None = None) -> Tensor:
    """`tf.less_equal`: op LessEqual."""
    return _gen_op("LessEqual", [("x", x), ("y", y)], name, REAL)


def greater(x: Any, y: Any, name: str | None = None) -> Tensor:
    """`tf.greater`: op Greater."""
    return _gen_op("Greater", [("x", x), ("y", y)], name, REAL)


def greater_equal(x: Any, y: Any, name: str | None = None) -> Tensor:
    """`tf.greater_equal`: op GreaterEqual."""
    return _gen_op("GreaterEqual", [("x", x), ("y", y)], name, REAL)


def logical_and(x: Any, y: Any, name: str | None = None) -> Tensor:
    """`tf.logical_and`: op LogicalAnd on bool tensors."""
    return _gen_logical("LogicalAnd", [("x", x), ("y", y)], name)


def logical_or(x: Any, y: Any, name: str | None = None) -> Tensor:
    """`tf.logical_or`: op LogicalOr on bool tensors."""
    return _gen_logical("LogicalOr", [("x", x), ("y", y)], name)


def logical_xor(x: Any, y: Any, name: str = "LogicalXor") -> Tensor:
    """`tf.logical_xor`: (x or y) and not (x and y), built from three ops as TF 1.15 does."""
    return logical_and(logical_or(x, y), logical_not(logical_and(x, y)), name=name)


def pow(x: Any, y: Any, name: str | None = None) -> Tensor:  # noqa: A001 - TF's own name
    """`tf.pow`: op Pow, default name `Pow`; integers to negative powers fail at run time."""
    with name_scope(name, "Pow", [x]) as scope:
        return _gen_op("Pow", [("x", x), ("y", y)], scope, POW)


_TRUEDIV_TYPES = {  # TF 1.15's table: integers become floats as numpy's true division types them
    _dtypes.uint8: _dtypes.float32, _dtypes.int8: _dtypes.float32,
    _dtypes.uint16: _dtypes.float32, _dtypes.int16: _dtypes.float32,
    _dtypes.int32: _dtypes.float64, _dtypes.int64: _dtypes.float64,
    _dtypes.bfloat16: None, _dtypes.float16: None, _dtypes.float32: None,
    _dtypes.float64: None, _dtypes.complex64: None, _dtypes.complex128: None,
}


def truediv(x: Any, y: Any, name: str | None = None) -> Tensor:
    """`tf.truediv` (and `/`): RealDiv named `truediv`; integer operands are first cast to
    float (int8/16 to float32, int32/64 to float64) as Python 3's `/` does."""
    with name_scope(name, "truediv", [x, y]) as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, preferred_dtype=x.dtype.base_dtype, name="y")
        x_dtype, y_dtype = x.dtype.base_dtype, y.dtype.base_dtype
        if x_dtype != y_dtype:
            raise TypeError(f"x and y must have the same dtype, got {x_dtype!r} != {y_dtype!r}")
        if x_dtype not in _TRUEDIV_TYPES:
            raise TypeError(f"Invalid dtype {x_dtype!r} in __truediv__")
        target = _TRUEDIV_TYPES[x_dtype]
        if target is not None:
            from .array import cast  # noqa: PLC0415 - array ops build on this module
            x, y = cast(x, target), cast(y, target)
        return _gen_op("RealDiv", [("x", x), ("y", y)], scope, ARITHMETIC)


def divide(x: Any, y: Any, name: str | None = None) -> Tensor:
    """`tf.divide`: Python's `x / y` (op `truediv`), or `truediv` under `name` when given."""
    if name is not None:
        return truediv(x, y, name=name)
    return x / y


def div(x: Any, y: Any, name: str | None = None) -> Tensor:
    """`tf.div`, Python 2's `/`: named `div`, FloorDiv for integers and RealDiv otherwise."""
    with name_scope(name, "div", [x, y]) as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, dtype=x.dtype.base_dtype, name="y")
        if x.dtype.is_floating or x.dtype.is_complex:
            return _gen_op("RealDiv", [("x", x), ("y", y)], scope, ARITHMETIC)
        return _gen_op("FloorDiv", [("x", x), ("y", y)], scope, ARITHMETIC)


def floordiv(x: Any, y: Any, name: str | None = None) -> Tensor:
    """`tf.floordiv` (and `//`): FloorDiv named `floordiv`, rounding toward -inf."""
    with name_scope(name, "floordiv", [x, y]) as scope:
        return _gen_op("FloorDiv", [("x", x), ("y", y)], scope, ARITHMETIC)


# --------------------------------------------------------------------------------------------
# Unary elementwise ops

def _rsqrt_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def rsqrt(x):
        return xp.reciprocal(xp.sqrt(x))
    return rsqrt


def _sigmoid_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def sigmoid(x):
        t = xp.negative(x)
        if t.ndim:  # one allocation: the rest happens in place
            xp.exp(t, out=t)
            xp.add(t, 1, out=t)
            return xp.divide(1, t, out=t)  # numpy's reciprocal is ~2x slower, same bits
        return 1 / (1 + xp.exp(t))
    return sigmoid


def _reciprocal_kernel(ctx: registry.KernelContext):
    dtype = ctx.attrs["T"]
    if not (dtype.is_floating or dtype.is_complex):
        return _no_kernel(ctx.op_type, dtype)
    return ctx.xp.reciprocal


def _bool_infer(op):
    return [(_dtypes.bool, op.inputs[0].shape)]


# ---- gradients of the unary ops (TF's control dependencies on `grad` keep the factors from
# being computed before the gradient is needed)

def _control_on(grad: Any):
    return get_default_graph().control_dependencies([grad.op])


def _neg_grad(op, grad):
    return -grad


def _abs_grad(op, grad):
    return grad * sign(op.inputs[0])


def _square_grad(op, grad):
    with _control_on(grad):
        x = conj(op.inputs[0])
        two = constant(2.0, dtype=x.dtype)
        return multiply(grad, multiply(x, two))


def _sqrt_grad(op, grad):
    return sqrt_grad(op.outputs[0], grad)


def _rsqrt_grad(op, grad):
    return rsqrt_grad(op.outputs[0], grad)


def _exp_grad(op, grad):
    with _control_on(grad):
        return grad * conj(op.outputs[0])


def _log_grad(op, grad):
    with _control_on(grad):
        return grad * reciprocal(conj(op.inputs[0]))


def _log1p_grad(op, grad):
    with _control_on(grad):
        return grad * reciprocal(1 + conj(op.inputs[0]))


def _tanh_grad(op, grad):
    with _control_on(grad):
        return tanh_grad(conj(op.outputs[0]), grad)


def _sigmoid_grad(op, grad):
    with _control_on(grad):
        return sigmoid_grad(conj(op.outputs[0]), grad)


def _sign_grad(op, grad):
    """Sign is piecewise constant: zeros, as TF returns (not None)."""
    x = op.inputs[0]
    return array_ops.zeros(array_ops.shape(x), dtype=x.dtype)


def _reciprocal_grad(op, grad):
    return reciprocal_grad(op.outputs[0], grad)


def _sin_grad(op, grad):
    with _control_on(grad):
        return grad * cos(conj(op.inputs[0]))


def _cos_grad(op, grad):
    with _control_on(grad):
        return -grad * sin(conj(op.inputs[0]))


def _conj_grad(op, grad):
    return conj(grad)


registry.register("Neg", infer=same_as_input, kernel=_ufunc("negative"), grad=_neg_grad)
registry.register("Abs", infer=same_as_input, kernel=_ufunc("abs"), grad=_abs_grad)
registry.register("Square", infer=same_as_input, kernel=_ufunc("square"), grad=_square_grad)
registry.register("Sqrt", infer=same_as_input, kernel=_ufunc("sqrt"), grad=_sqrt_grad)
registry.register("Rsqrt", infer=same_as_input, kernel=_rsqrt_kernel, grad=_rsqrt_grad)
registry.register("Exp", infer=same_as_input, kernel=_ufunc("exp"), grad=_exp_grad)
registry.register("Log", infer=same_as_input, kernel=_ufunc("log"), grad=_log_grad)
registry.register("Log1p", infer=same_as_input, kernel=_ufunc("log1p"), grad=_log1p_grad)
registry.register("Tanh", infer=same_as_input, kernel=_ufunc("tanh"), grad=_tanh_grad)
registry.register("Sigmoid", infer=same_as_input, kernel=_sigmoid_kernel, grad=_sigmoid_grad)
registry.register("Sign", infer=same_as_input, kernel=_ufunc("sign"), grad=_sign_grad)
registry.register("Reciprocal", infer=same_as_input, kernel=_reciprocal_kernel,
                  grad=_reciprocal_grad)
registry.register("Floor", infer=same_as_input, kernel=_ufunc("floor"),
                  grad=registry.NOT_DIFFERENTIABLE)
registry.register("Ceil", infer=same_as_input, kernel=_ufunc("ceil"),
                  grad=registry.NOT_DIFFERENTIABLE)
registry.register("Round", infer=same_as_input, kernel=_ufunc("round"),  # half to even
                  grad=registry.NOT_DIFFERENTIABLE)
registry.register("Sin", infer=same_as_input, kernel=_ufunc("sin"), grad=_sin_grad)
registry.register("Cos", infer=same_as_input, kernel=_ufunc("cos"), grad=_cos_grad)
registry.register("Conj", infer=same_as_input, kernel=_ufunc("conj"), grad=_conj_grad)
registry.register("LogicalNot", infer=_bool_infer, kernel=_ufunc("logical_not"),
                  grad=registry.NOT_DIFFERENTIABLE)
registry.register("IsFinite", infer=_bool_infer, kernel=_ufunc("isfinite"),
                  grad=registry.NOT_DIFFERENTIABLE)
registry.register("IsNan", infer=_bool_infer, kernel=_ufunc("isnan"),
                  grad=registry.NOT_DIFFERENTIABLE)
registry.register("IsInf", infer=_bool_infer, kernel=_ufunc("isinf"),
                  grad=registry.NOT_DIFFERENTIABLE)


def negative(x: Any, name: str | None = None) -> Tensor:
    """`tf.negative` (and unary `-`): op Neg."""
    return _gen_op("Neg", [("x", x)], name, SIGNED_COMPLEX)


def abs(x: Any, name: str | None = None) -> Tensor:  # noqa: A001 - TF's own name
    """`tf.abs` (and `abs()`): op Abs; the most negative integer stays as it is."""
    with name_scope(name, "Abs", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        return _gen_op("Abs", [("x", x)], scope, SIGNED)


def square(x: Any, name: str | None = None) -> Tensor:
    """`tf.square`: op Square."""
    return _gen_op("Square", [("x", x)], name, SQUARE)


def sqrt(x: Any, name: str | None = None) -> Tensor:
    """`tf.sqrt`: op Sqrt (floats only)."""
    return _gen_op("Sqrt", [("x", x)], name, FLOATS_COMPLEX)


def rsqrt(x: Any, name: str | None = None) -> Tensor:
    """`tf.rsqrt`: op Rsqrt, 1 / sqrt(x)."""
    return _gen_op("Rsqrt", [("x", x)], name, FLOATS_COMPLEX)


def exp(x: Any, name: str | None = None) -> Tensor:
    """`tf.exp`: op Exp."""
    return _gen_op("Exp", [("x", x)], name, FLOATS_COMPLEX)


def log(x: Any, name: str | None = None) -> Tensor:
    """`tf.log`: op Log (natural logarithm)."""
    return _gen_op("Log", [("x", x)], name, FLOATS_COMPLEX)


def log1p(x: Any, name: str | None = None) -> Tensor:
    """`tf.log1p`: op Log1p, log(1 + x)."""
    return _gen_op("Log1p", [("x", x)], name, FLOATS_COMPLEX)


def tanh(x: Any, name: str | None = None) -> Tensor:
    """`tf.tanh` (also `tf.nn.tanh`): op Tanh."""
    with name_scope(name, "Tanh", [x]) as scope:
        return _gen_op("Tanh", [("x", x)], scope, FLOATS_COMPLEX)


def sigmoid(x: Any, name: str | None = None) -> Tensor:
    """`tf.sigmoid` (also `tf.nn.sigmoid`): op Sigmoid, 1 / (1 + exp(-x))."""
    with name_scope(name, "Sigmoid", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        return _gen_op("Sigmoid", [("x", x)], scope, FLOATS_COMPLEX)


def sign(x: Any, name: str | None = None) -> Tensor:
    """`tf.sign`: op Sign (-1, 0 or 1; NaN stays NaN)."""
    return _gen_op("Sign", [("x", x)], name, SIGNED_COMPLEX)


def reciprocal(x: Any, name: str | None = None) -> Tensor:
    """`tf.reciprocal`: op Reciprocal, 1 / x (TF has no kernel for integers)."""
    return _gen_op("Reciprocal", [("x", x)], name, SIGNED_COMPLEX)


def floor(x: Any, name: str | None = None) -> Tensor:
    """`tf.floor`: op Floor (floats only)."""
    return _gen_op("Floor", [("x", x)], name, FLOATS)


def ceil(x: Any, name: str | None = None) -> Tensor:
    """`tf.ceil`: op Ceil (floats only)."""
    return _gen_op("Ceil", [("x", x)], name, FLOATS)


def round(x: Any, name: str | None = None) -> Tensor:  # noqa: A001 - TF's own name
    """`tf.round`: op Round, halves to even (banker's rounding); an integer tensor is returned
    as it is."""
    x = convert_to_tensor(x, name="x")
    if x.dtype.is_integer:
        return x
    return _gen_op("Round", [("x", x)], name, SIGNED_COMPLEX)


def sin(x: Any, name: str | None = None) -> Tensor:
    """`tf.sin`: op Sin."""
    return _gen_op("Sin", [("x", x)], name, FLOATS_COMPLEX)


def cos(x: Any, name: str | None = None) -> Tensor:
    """`tf.cos`: op Cos."""
    return _gen_op("Cos", [("x", x)], name, FLOATS_COMPLEX)


def conj(x: Any, name: str | None = None) -> Tensor:
    """`tf.conj`: op Conj for complex tensors; real tensors are returned as they are."""
    if isinstance(x, Tensor) and (x.dtype.is_floating or x.dtype.is_integer):
        return x
    with name_scope(name, "Conj", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        if x.dtype.is_complex:
            return _gen_op("Conj", [("input", x)], scope, ("complex64", "complex128"))
        if x.dtype.is_floating or x.dtype.is_integer:
            return x
        raise TypeError(f"Expected numeric or variant tensor, got dtype {x.dtype!r}")


def logical_not(x: Any, name: str | None = None) -> Tensor:
    """`tf.logical_not` (and `~` on bool tensors): op LogicalNot."""
    return _gen_logical("LogicalNot", [("x", x)], name)


def is_finite(x: Any, name: str | None = None) -> Tensor:
    """`tf.is_finite`: op IsFinite."""
    return _gen_op("IsFinite", [("x", x)], name, FLOATS)


def is_nan(x: Any, name: str | None = None) -> Tensor:
    """`tf.is_nan`: op IsNan."""
    return _gen_op("IsNan", [("x", x)], name, FLOATS)


def is_inf(x: Any, name: str | None = None) -> Tensor:
    """`tf.is_inf`: op IsInf."""
    return _gen_op("IsInf", [("x", x)], name, FLOATS)


# --------------------------------------------------------------------------------------------
# The gradient-only ops of Tanh, Sigmoid, Sqrt, Rsqrt and Reciprocal: each takes the forward
# op's output `y` (conjugated for complex types by the caller) and the incoming gradient `dy`.

def _sigmoid_grad_fn(xp: Any, y: Any, dy: Any) -> Any:
    """`dy * y * (1 - y)`, in TF's order of products, with one temporary."""
    t = xp.multiply(dy, y)
    return xp.multiply(t, xp.subtract(1, y), out=t if t.ndim else None)  # 0-d: numpy scalars


def _unary_grad_kernel(fn: Callable) -> Callable:
    """A kernel of TF's simple binary cwise ops: `dy` needs only as many elements as `y`."""
    def factory(ctx: registry.KernelContext):
        xp = ctx.xp

        def kernel(y, dy):
            if y.size != dy.size:
                raise errors.InvalidArgumentError(
                    None, None, f"The two arguments to a cwise op must have same number of "
                                f"elements, got {y.size} and {dy.size}")
            if dy.shape != y.shape:
                dy = dy.reshape(y.shape)
            return fn(xp, y, dy)
        return kernel
    return factory


def _tanh_grad_grad(op, grad):
    """TanhGrad is z = b * (1 - a * a)."""
    with _control_on(grad):
        a, b = conj(op.inputs[0]), conj(op.inputs[1])
        return grad * -2.0 * b * a, tanh_grad(a, grad)


def _sigmoid_grad_grad(op, grad):
    """SigmoidGrad is z = b * a * (1 - a)."""
    with _control_on(grad):
        a, b = conj(op.inputs[0]), conj(op.inputs[1])
        gb = grad * b
        return gb - 2.0 * gb * a, sigmoid_grad(a, grad)


def _sqrt_grad_grad(op, grad):
    """SqrtGrad is z = 0.5 * b / conj(a)."""
    with _control_on(grad):
        ga = grad / op.inputs[0]
        return -conj(ga) * op.outputs[0], 0.5 * ga


def _rsqrt_grad_grad(op, grad):
    """RsqrtGrad is z = -0.5 * b * conj(a) ** 3."""
    b = op.inputs[1]
    with _control_on(grad):
        ca, cg = conj(op.inputs[0]), conj(grad)
        return -1.5 * cg * b * square(ca), rsqrt_grad(ca, grad)


def _reciprocal_grad_grad(op, grad):
    """ReciprocalGrad is z = -b * conj(a) ** 2."""
    b = op.inputs[1]
    with _control_on(grad):
        ca, cg = conj(op.inputs[0]), conj(grad)
        return cg * -2.0 * b * ca, reciprocal_grad(ca, grad)


def _sqrt_grad_fn(xp, y, dy):
    return 0.5 * dy / xp.conj(y)


def _rsqrt_grad_fn(xp, y, dy):
    cy = xp.conj(y)
    return -0.5 * (dy * cy) * (cy * cy)


def _reciprocal_grad_fn(xp, y, dy):
    cy = xp.conj(y)
    return -(cy * cy) * dy


registry.register("TanhGrad", infer=same_as_input, grad=_tanh_grad_grad,
                  kernel=_unary_grad_kernel(lambda xp, y, dy: dy * (1 - y * y)))
registry.register("SigmoidGrad", infer=same_as_input, grad=_sigmoid_grad_grad,
                  kernel=_unary_grad_kernel(_sigmoid_grad_fn))
registry.register("SqrtGrad", infer=same_as_input, grad=_sqrt_grad_grad,
                  kernel=_unary_grad_kernel(_sqrt_grad_fn))
registry.register("RsqrtGrad", infer=same_as_input, grad=_rsqrt_grad_grad,
                  kernel=_unary_grad_kernel(_rsqrt_grad_fn))
registry.register("ReciprocalGrad", infer=same_as_input, grad=_reciprocal_grad_grad,
                  kernel=_unary_grad_kernel(_reciprocal_grad_fn))


def tanh_grad(y: Any, dy: Any, name: str | None = None) -> Tensor:
    """Op TanhGrad (TF's gen_math_ops.tanh_grad): dy * (1 - y * y)."""
    return _gen_op("TanhGrad", [("y", y), ("dy", dy)], name, FLOATS_COMPLEX)


def sigmoid_grad(y: Any, dy: Any, name: str | None = None) -> Tensor:
    """Op SigmoidGrad: dy * y * (1 - y)."""
    return _gen_op("SigmoidGrad", [("y", y), ("dy", dy)], name, FLOATS_COMPLEX)


def sqrt_grad(y: Any, dy: Any, name: str | None = None) -> Tensor:
    """Op SqrtGrad: 0.5 * dy / conj(y)."""
    return _gen_op("SqrtGrad", [("y", y), ("dy", dy)], name, FLOATS_COMPLEX)


def rsqrt_grad(y: Any, dy: Any, name: str | None = None) -> Tensor:
    """Op RsqrtGrad: -0.5 * dy * conj(y) ** 3."""
    return _gen_op("RsqrtGrad", [("y", y), ("dy", dy)], name, FLOATS_COMPLEX)


def reciprocal_grad(y: Any, dy: Any, name: str | None = None) -> Tensor:
    """Op ReciprocalGrad: -dy * conj(y) ** 2."""
    return _gen_op("ReciprocalGrad", [("y", y), ("dy", dy)], name, FLOATS_COMPLEX)


def scalar_mul(scalar: Any, x: Any, name: str | None = None) -> Any:
    """`tf.scalar_mul`: op Mul of a scalar and `x`; an IndexedSlices `x` stays sparse (only
    its values are scaled)."""
    scalar = convert_to_tensor(scalar, dtype=x.dtype.base_dtype, name="scalar")
    if scalar.shape.ndims != 0:
        raise ValueError(f"Only scalar multiply works, got shape {scalar.shape}")
    if isinstance(x, IndexedSlices):
        return IndexedSlices(multiply(scalar, x.values, name), x.indices, x.dense_shape)
    return multiply(scalar, x, name)


# --------------------------------------------------------------------------------------------
# AddN

def _merge_shapes(a: TensorShape, b: TensorShape) -> TensorShape:
    """TF's C++ shape merge, with its messages."""
    if a.ndims is None:
        return b
    if b.ndims is None:
        return a
    if a.ndims != b.ndims:
        raise ValueError(f"Shapes must be equal rank, but are {a.ndims} and {b.ndims}")
    dims = []
    for i, (x, y) in enumerate(zip(a.dims, b.dims)):
        if not x.is_compatible_with(y):
            raise ValueError(f"Dimension {i} in both shapes must be equal, but are {x} and {y}. "
                             f"Shapes are {dims_str(a)} and {dims_str(b)}.")
        dims.append(x.merge_with(y))
    return TensorShape(dims)


def _add_n_infer(op):
    shapes = [t.shape for t in op.inputs]
    merged = shapes[-1]
    for i in range(len(shapes) - 2, -1, -1):
        try:
            merged = _merge_shapes(shapes[i], merged)
        except ValueError as e:
            raise ValueError(f"{e}\n\tFrom merging shape {i} with other shapes.") from None
    return [(op.inputs[0].dtype.base_dtype, merged)]


def _add_n_kernel(ctx: registry.KernelContext):
    add_ = ctx.xp.add

    def add_n(first, *rest):
        for i, t in enumerate(rest, 1):
            if t.shape != first.shape:
                raise errors.InvalidArgumentError(
                    None, None, f"Inputs to operation {ctx.op_name} of type AddN must have the "
                                f"same size and shape.  Input 0: {shape_str(first.shape)} != "
                                f"input {i}: {shape_str(t.shape)}")
        total = add_(first, rest[0])
        for t in rest[1:]:
            total = add_(total, t, out=total) if total.ndim else add_(total, t)
        return total
    return add_n


def _add_n_grad(op, grad):
    return [grad] * len(op.inputs)


registry.register("AddN", infer=_add_n_infer, kernel=_add_n_kernel, grad=_add_n_grad)


def add_n(inputs: Sequence[Any], name: str | None = None) -> Tensor:
    """`tf.add_n`: op AddN summing tensors of one shape and dtype; a single input is returned
    as it is (through an Identity when `name` is given)."""
    message = "inputs must be a list of at least one Tensor/IndexedSlices with the same dtype " \
              "and shape"
    if not isinstance(inputs, (list, tuple)) or not inputs:
        raise ValueError(message)
    inputs = [v if isinstance(v, IndexedSlices) else convert_to_tensor(v) for v in inputs]
    if len(inputs) == 1:
        value = convert_to_tensor(inputs[0])
        if name:
            return array_ops.identity(value, name=name)
        return value
    g = get_default_graph()
    with g.name_scope(name or "AddN") as scope:
        # IndexedSlices become dense inside the op's scope, as TF's op-definition library
        # converts them (`AddN/inputs_1`)
        inputs = [convert_to_tensor(v, name=f"inputs_{i}") for i, v in enumerate(inputs)]
        types = [t.dtype.base_dtype for t in inputs]
        if any(t != types[0] for t in types):
            raise TypeError(f"Tensors in list passed to 'inputs' of 'AddN' Op have types "
                            f"[{', '.join(t.name for t in types)}] that don't all match.")
        check_dtype_allowed(types[0], "inputs", ADD_N)
        return g.create_op("AddN", inputs, {"N": len(inputs), "T": types[0]},
                           name=scope).outputs[0]


# --------------------------------------------------------------------------------------------
# MatMul, BatchMatMulV2

def _merge_dims(a: Dimension, b: Dimension) -> None:
    if not a.is_compatible_with(b):
        raise ValueError(f"Dimensions must be equal, but are {a} and {b}")


def _matmul_infer(op):
    a, b = op.inputs
    for t in (a, b):
        if t.shape.ndims is not None and t.shape.ndims != 2:
            raise ValueError(f"Shape must be rank 2 but is rank {t.shape.ndims}")
    if a.shape.ndims is None or b.shape.ndims is None:
        op._attrs["_check_rank"] = True  # the kernel checks the ranks this rule could not
    ta, tb = op.get_attr("transpose_a"), op.get_attr("transpose_b")
    da = a.shape.dims if a.shape.ndims is not None else [Dimension(None)] * 2
    db = b.shape.dims if b.shape.ndims is not None else [Dimension(None)] * 2
    rows, inner_a = (da[1], da[0]) if ta else (da[0], da[1])
    inner_b, cols = (db[1], db[0]) if tb else (db[0], db[1])
    _merge_dims(inner_a, inner_b)
    return [(a.dtype.base_dtype, TensorShape([rows, cols]))]


def _matmul_kernel(ctx: registry.KernelContext):
    """`dot` rather than the `matmul` ufunc: the same GEMM, with less overhead a call."""
    ta, tb = ctx.attrs["transpose_a"], ctx.attrs["transpose_b"]
    dot = ctx.xp.dot
    check_rank = ctx.attrs.get("_check_rank")
    if not (ta or tb or check_rank):
        return dot

    def matmul(a, b):
        if check_rank:  # dot would contract vectors and higher ranks
            for k, t in enumerate((a, b)):
                if t.ndim != 2:
                    raise errors.InvalidArgumentError(
                        None, None, f"In[{k}] is not a matrix. Instead it has shape "
                                    f"{shape_str(t.shape)}")
        return dot(a.T if ta else a, b.T if tb else b)
    return matmul


def _explain_matmul(e: BaseException, inputs: list) -> str | None:
    """MatMul and BatchMatMulV2 errors as TF words them (the kernels let numpy fail)."""
    x, y = inputs
    if not _broadcastable(x.shape[:-2], y.shape[:-2]):
        return (f"In[0] and In[1] must have compatible batch dimensions: {shape_str(x.shape)} "
                f"vs. {shape_str(y.shape)}")
    return f"Matrix size-incompatible: In[0]: {shape_str(x.shape)}, In[1]: {shape_str(y.shape)}"


def _batch_matmul_infer(op):
    x, y = op.inputs
    for t in (x, y):
        if t.shape.ndims is not None and t.shape.ndims < 2:
            raise ValueError(f"Shape must be at least rank 2 but is rank {t.shape.ndims}")
    if x.shape.ndims is None or y.shape.ndims is None:
        op._attrs["_check_rank"] = True  # the kernel checks the ranks this rule could not
        return [(x.dtype.base_dtype, unknown_shape())]
    adj_x, adj_y = op.get_attr("adj_x"), op.get_attr("adj_y")
    dx, dy = x.shape.dims, y.shape.dims
    rows, inner_x = (dx[-1], dx[-2]) if adj_x else (dx[-2], dx[-1])
    inner_y, cols = (dy[-1], dy[-2]) if adj_y else (dy[-2], dy[-1])
    _merge_dims(inner_x, inner_y)
    batch = broadcast_shapes(TensorShape(dx[:-2]), TensorShape(dy[:-2]))
    return [(x.dtype.base_dtype, batch.concatenate([rows, cols]))]


def _batch_matmul_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    adj_x, adj_y = ctx.attrs["adj_x"], ctx.attrs["adj_y"]
    complex_ = ctx.attrs["T"].is_complex
    check_rank = ctx.attrs.get("_check_rank")
    if not (adj_x or adj_y or check_rank):
        return xp.matmul

    def adjoint(t):
        t = xp.swapaxes(t, -1, -2)
        return xp.conj(t) if complex_ else t

    def batch_matmul(x, y):
        if check_rank:  # numpy would take vectors
            for k, t in enumerate((x, y)):
                if t.ndim < 2:
                    raise errors.InvalidArgumentError(
                        None, None, f"In[{k}] ndims must be >= 2: {t.ndim}")
        return xp.matmul(adjoint(x) if adj_x else x, adjoint(y) if adj_y else y)
    return batch_matmul


def _mat_mul(a: Any, b: Any, transpose_a: bool = False, transpose_b: bool = False) -> Tensor:
    """Op MatMul as TF's generated `mat_mul` builds it: no conjugation, never BatchMatMul."""
    with name_scope(None, "MatMul", [a, b]) as scope:
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, dtype=a.dtype.base_dtype, name="b")
        return get_default_graph().create_op(
            "MatMul", [a, b], {"T": a.dtype.base_dtype, "transpose_a": transpose_a,
                               "transpose_b": transpose_b}, name=scope).outputs[0]


def _matmul_grad(op, grad):
    """The two products TF builds for each combination of transposes (`MatMul`, `MatMul_1`)."""
    ta, tb = op.get_attr("transpose_a"), op.get_attr("transpose_b")
    a, b = conj(op.inputs[0]), conj(op.inputs[1])
    if not ta and not tb:
        return _mat_mul(grad, b, transpose_b=True), _mat_mul(a, grad, transpose_a=True)
    if not ta:
        return _mat_mul(grad, b), _mat_mul(grad, a, transpose_a=True)
    if not tb:
        return _mat_mul(b, grad, transpose_b=True), _mat_mul(a, grad)
    return (_mat_mul(b, grad, transpose_a=True, transpose_b=True),
            _mat_mul(grad, a, transpose_a=True, transpose_b=True))


def _batch_matmul_grad(op, grad):
    """Products with adjoints, then the gradient of an input whose batch dimensions were
    broadcast is summed back over them (unless both shapes are known and equal)."""
    x, y = op.inputs
    adj_x, adj_y = op.get_attr("adj_x"), op.get_attr("adj_y")
    if not adj_x and not adj_y:
        gx, gy = matmul(grad, y, adjoint_b=True), matmul(x, grad, adjoint_a=True)
    elif not adj_x:
        gx, gy = matmul(grad, y), matmul(grad, x, adjoint_a=True)
    elif not adj_y:
        gx, gy = matmul(y, grad, adjoint_b=True), matmul(x, grad)
    else:
        gx = matmul(y, grad, adjoint_a=True, adjoint_b=True)
        gy = matmul(grad, x, adjoint_a=True, adjoint_b=True)
    if x.shape.is_fully_defined() and y.shape.is_fully_defined() and x.shape == y.shape:
        return gx, gy
    sx, sy = array_ops.shape(x), array_ops.shape(y)
    rx, ry = array_ops.broadcast_gradient_args(sx[:-2], sy[:-2])
    return _sum_to(gx, rx, sx), _sum_to(gy, ry, sy)


registry.register("MatMul", infer=_matmul_infer, kernel=_matmul_kernel, explain=_explain_matmul,
                  grad=_matmul_grad)
registry.register("BatchMatMulV2", infer=_batch_matmul_infer, kernel=_batch_matmul_kernel,
                  explain=_explain_matmul, grad=_batch_matmul_grad)


def _check_same_type(op_type: str, a: Tensor, b: Tensor, names: tuple[str, str]) -> None:
    if a.dtype.base_dtype != b.dtype.base_dtype:
        raise TypeError(f"Input '{names[1]}' of '{op_type}' Op has type {b.dtype.base_dtype.name}"
                        f" that does not match type {a.dtype.base_dtype.name} of argument "
                        f"'{names[0]}'.")


def matmul(a: Any, b: Any, transpose_a: bool = False, transpose_b: bool = False,
           adjoint_a: bool = False, adjoint_b: bool = False, a_is_sparse: bool = False,
           b_is_sparse: bool = False, name: str | None = None) -> Tensor:
    """`tf.matmul` (and `@`): op MatMul for matrices, BatchMatMulV2 (broadcasting batch
    dimensions) when either operand has rank > 2 or unknown rank. The `*_is_sparse` hints only
    pick an algorithm in TF and change nothing here."""
    with name_scope(name, "MatMul", [a, b]) as scope:
        if transpose_a and adjoint_a:
            raise ValueError("Only one of transpose_a and adjoint_a can be True.")
        if transpose_b and adjoint_b:
            raise ValueError("Only one of transpose_b and adjoint_b can be True.")
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, preferred_dtype=a.dtype.base_dtype, name="b")
        g = get_default_graph()
        ra, rb = a.shape.ndims, b.shape.ndims
        if ra is None or rb is None or ra > 2 or rb > 2:
            # BatchMatMul only knows adjoints: a transpose is the adjoint of the conjugate.
            if transpose_a:
                a, adjoint_a = conj(a), True
            if transpose_b:
                b, adjoint_b = conj(b), True
            check_dtype_allowed(a.dtype, "x", BATCH_MATMUL)
            _check_same_type("BatchMatMulV2", a, b, ("x", "y"))
            return g.create_op("BatchMatMulV2", [a, b],
                               {"T": a.dtype.base_dtype, "adj_x": bool(adjoint_a),
                                "adj_y": bool(adjoint_b)}, name=scope).outputs[0]
        if adjoint_a:
            a, transpose_a = conj(a), True
        if adjoint_b:
            b, transpose_b = conj(b), True
        check_dtype_allowed(a.dtype, "a", MATMUL)
        _check_same_type("MatMul", a, b, ("a", "b"))
        return g.create_op("MatMul", [a, b],
                           {"T": a.dtype.base_dtype, "transpose_a": bool(transpose_a),
                            "transpose_b": bool(transpose_b)}, name=scope).outputs[0]


# --------------------------------------------------------------------------------------------
# Reductions: Sum, Mean, Max, Min, Prod, Any, All

def _reduction_infer(op):
    x, axes = op.inputs
    dtype = x.dtype.base_dtype
    keep = op.get_attr("keep_dims")
    if axes.shape.ndims is not None and axes.shape.ndims > 1:
        raise ValueError(f"Shape must be at most rank 1 but is rank {axes.shape.ndims}")
    rank = x.shape.ndims
    value = constant_value(axes)
    if value is None or rank is None:
        return [(dtype, unknown_shape(rank) if keep and rank is not None else unknown_shape())]
    reduced = set()
    for a in value.reshape(-1).tolist():
        if not -rank <= a < rank:
            raise ValueError(f"Invalid reduction dimension {a} for input with {rank} dimensions.")
        reduced.add(a % rank)
    dims = x.shape.dims
    if keep:
        return [(dtype, TensorShape([1 if i in reduced else d for i, d in enumerate(dims)]))]
    return [(dtype, TensorShape([d for i, d in enumerate(dims) if i not in reduced]))]


def _axes(value: Any, ndim: int) -> tuple:
    """Run-time reduction axes, normalized; TF's error for one out of range."""
    axes = []
    for a in value.reshape(-1).tolist():
        if not -ndim <= a < ndim:
            raise errors.InvalidArgumentError(
                None, None, f"Invalid reduction dimension ({a} for input with {ndim} "
                            f"dimension(s)")
        if a % ndim in axes:
            raise errors.InvalidArgumentError(
                None, None, f"Invalid reduction arguments: Axes contains duplicate dimension: "
                            f"{a % ndim}")
        axes.append(a % ndim)
    return tuple(axes)


def _reduce_kernel(method: str, typed: bool) -> Callable:
    """A reduction that is one xp function; `typed` passes dtype= so that integer sums keep
    their type (numpy widens int32 sums to int64)."""
    def factory(ctx: registry.KernelContext):
        xp = ctx.xp
        fn = getattr(xp, method)
        # numpy's sum/prod are their ufunc's reduce behind a Python wrapper: call it directly
        ufunc = {"sum": getattr(xp, "add", None), "prod": getattr(xp, "multiply", None)}.get(method)
        fn = getattr(ufunc, "reduce", None) or fn
        keep = ctx.attrs["keep_dims"]
        known: dict = {}  # (axes bytes, ndim) -> normalized axes

        def axes_of(axes, ndim):
            key = (axes.tobytes(), axes.ndim, ndim)
            found = known.get(key)
            if found is None:
                found = known[key] = _axes(axes, ndim)
            return found

        # no axes (a gradient's sum over broadcast axes where there were none): the values
        if typed:
            def reduce(x, axes):
                if not axes.size:
                    return x
                return fn(x, axis=axes_of(axes, x.ndim), keepdims=keep, dtype=x.dtype)
        else:
            def reduce(x, axes):
                if not axes.size:
                    return x
                return fn(x, axis=axes_of(axes, x.ndim), keepdims=keep)
        return reduce
    return factory


def _reduced_shape(shape: tuple, axes: tuple, keep: bool) -> tuple:
    if keep:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def _extremum_kernel(method: str, direction: int) -> Callable:
    """Max/Min: an empty reduction gives -inf/+inf (the type's limit for integers) as TF's."""
    def factory(ctx: registry.KernelContext):
        xp = ctx.xp
        fn = getattr(xp, method)
        keep = ctx.attrs["keep_dims"]
        dtype = ctx.attrs["T"]
        if dtype.is_floating:
            identity = float("inf") * direction
        else:
            identity = dtype.max if direction > 0 else dtype.min

        def reduce(x, axes):
            axes = _axes(axes, x.ndim)
            if x.size == 0:
                return xp.full(_reduced_shape(x.shape, axes, keep), identity, dtype=x.dtype)
            return fn(x, axis=axes, keepdims=keep)
        return reduce
    return factory


def _mean_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    keep = ctx.attrs["keep_dims"]
    dtype = ctx.attrs["T"]
    if not dtype.is_integer:
        def mean(x, axes):
            axes = _axes(axes, x.ndim)
            count = 1
            for a in axes:
                count *= x.shape[a]
            if x.dtype.itemsize < 4:  # numpy's mean sums float16 in float32
                return xp.mean(x, axis=axes, keepdims=keep)
            # numpy's mean, without its Python-level steps; 0 / 0 is NaN without a warning
            return xp.sum(x, axis=axes, keepdims=keep) / count
        return mean
    wide = xp.uint64 if dtype.is_unsigned else xp.int64
    out_type = _dtypes.np_dtype(dtype)

    def int_mean(x, axes):  # TF's integer mean truncates toward zero
        axes = _axes(axes, x.ndim)
        count = 1
        for a in axes:
            count *= x.shape[a]
        total = xp.sum(x, axis=axes, keepdims=keep, dtype=wide)
        if count == 0:
            return xp.zeros_like(total).astype(out_type)
        q = total // count
        if not dtype.is_unsigned:
            q = q + ((q * count != total) & (total < 0))
        return q.astype(out_type)
    return int_mean


# ---- gradients of the reductions

def _kept_dims_shape(input_shape: Tensor, axes: Tensor) -> Tensor:
    """The shape a reduction keeps with keep_dims (1 along `axes`), computed in the graph as TF
    1.15's math_ops.reduced_shape does (a DynamicStitch of the shape and ones)."""
    from .nn import dynamic_stitch  # noqa: PLC0415 - nn ops build on this module
    input_shape = array_ops.cast(input_shape, _dtypes.int32)
    axes = array_ops.cast(axes, _dtypes.int32)
    input_rank = array_ops.size(input_shape)
    axes = (axes + input_rank) % input_rank
    axes_shape = array_ops.shape(axes)
    return dynamic_stitch([array_ops.range(input_rank), axes],
                          [input_shape, array_ops.fill(axes_shape, 1)])


def _safe_shape_div(x: Tensor, y: Tensor) -> Tensor:
    """x // y for shapes, with 0 // 0 = 0 (an empty axis)."""
    return x // maximum(y, 1)


def _sum_grad(op, grad):
    """The gradient broadcast back over the reduced axes: Reshape to the kept-dims shape, then
    Tile. When every axis of an input of known rank is reduced, the shapes are constants."""
    x, axes = op.inputs
    rank = x.shape.ndims
    if rank is not None:
        value = constant_value(axes)
        if value is not None and np.array_equal(value, np.arange(rank)):
            grad = array_ops.reshape(grad, [1] * rank)
            if x.shape.is_fully_defined():
                input_shape = constant(x.shape.as_list(), dtype=_dtypes.int32)
            else:
                input_shape = array_ops.shape(x)
            return [array_ops.tile(grad, input_shape), None]
    input_shape = array_ops.shape(x)
    with get_default_graph().colocate_with(input_shape.op):
        kept_dims = _kept_dims_shape(input_shape, axes)
        tile_scaling = _safe_shape_div(input_shape, kept_dims)
    grad = array_ops.reshape(grad, kept_dims)
    return [array_ops.tile(grad, tile_scaling), None]


def _mean_grad(op, grad):
    """Sum's gradient divided by the number of elements averaged (a constant when both shapes
    are fully known)."""
    sum_grad = _sum_grad(op, grad)[0]
    x, y = op.inputs[0], op.outputs[0]
    if x.shape.is_fully_defined() and y.shape.is_fully_defined():
        factor = int(np.prod(x.shape.as_list())) // max(int(np.prod(y.shape.as_list())), 1)
        factor = constant(factor, dtype=sum_grad.dtype)
    else:
        factor = _safe_shape_div(reduce_prod(array_ops.shape(x)),
                                 reduce_prod(array_ops.shape(y)))
    return truediv(sum_grad, array_ops.cast(factor, sum_grad.dtype)), None


def _min_or_max_grad(op, grad):
    """The gradient goes to the elements equal to the extremum, shared equally among ties."""
    x, axes = op.inputs
    input_shape = array_ops.shape(x)
    kept_dims = _kept_dims_shape(input_shape, axes)
    y = array_ops.reshape(op.outputs[0], kept_dims)
    grad = array_ops.reshape(grad, kept_dims)
    indicators = array_ops.cast(equal(y, x), grad.dtype)
    num_selected = array_ops.reshape(reduce_sum(indicators, axes), kept_dims)
    return [div(indicators, num_selected) * grad, None]


def _prod_grad(op, grad):
    """The product of all other elements of each reduced group, from two exclusive cumulative
    products (so that zeros need no division): the reduced axes are moved to the front and
    flattened into one, as TF does."""
    x, axes = op.inputs
    input_shape = array_ops.shape(x)
    reduction_indices = array_ops.reshape(axes, [-1])
    kept_dims = _kept_dims_shape(input_shape, axes)
    tile_scaling = _safe_shape_div(input_shape, kept_dims)
    grad = array_ops.tile(array_ops.reshape(grad, kept_dims), tile_scaling)
    g = get_default_graph()
    with g.device("/cpu:0"):
        rank = array_ops.rank(x)
        reduction_indices = (reduction_indices + rank) % rank
        reduced = array_ops.cast(reduction_indices, _dtypes.int32)
        idx = array_ops.range(0, rank)
        other, _ = setdiff1d(idx, reduced)
        perm = array_ops.concat([reduced, other], 0)
        reduced_num = reduce_prod(array_ops.gather(input_shape, reduced))
        other_num = reduce_prod(array_ops.gather(input_shape, other))
    permuted = array_ops.transpose(x, perm)
    permuted_shape = array_ops.shape(permuted)
    reshaped = array_ops.reshape(permuted, (reduced_num, other_num))
    left = cumprod(reshaped, axis=0, exclusive=True)
    right = cumprod(reshaped, axis=0, exclusive=True, reverse=True)
    y = array_ops.reshape(conj(left) * conj(right), permuted_shape)
    out = grad * array_ops.transpose(y, array_ops.invert_permutation(perm))
    return array_ops.reshape(out, input_shape), None


registry.register("Sum", infer=_reduction_infer, kernel=_reduce_kernel("sum", True),
                  grad=_sum_grad)
registry.register("Prod", infer=_reduction_infer, kernel=_reduce_kernel("prod", True),
                  grad=_prod_grad)
registry.register("Mean", infer=_reduction_infer, kernel=_mean_kernel, grad=_mean_grad)
registry.register("Max", infer=_reduction_infer, kernel=_extremum_kernel("max", -1),
                  grad=_min_or_max_grad)
registry.register("Min", infer=_reduction_infer, kernel=_extremum_kernel("min", 1),
                  grad=_min_or_max_grad)
registry.register("Any", infer=_reduction_infer, kernel=_reduce_kernel("any", False),
                  grad=registry.NOT_DIFFERENTIABLE)
registry.register("All", infer=_reduction_infer, kernel=_reduce_kernel("all", False),
                  grad=registry.NOT_DIFFERENTIABLE)


def _reduction_dims(x: Any, axis: Any) -> Any:
    """The axes to reduce: `axis`, else all axes; a constant `Const` when the rank is known,
    else `range(0, rank(x))` computed in the graph, as TF builds them."""
    if axis is not None:
        return axis
    shape = getattr(x, "shape", None)  # Tensors and Variables: their static rank
    if isinstance(shape, TensorShape) and shape.ndims is not None:
        return constant(np.arange(shape.ndims, dtype=np.int32))
    from .array import range as range_, rank  # noqa: PLC0415 - array ops build on this module
    return range_(0, rank(x))


def _reduce(op_type: str, input_tensor: Any, axis: Any, keepdims: Any, name: str | None,
            allowed: Sequence[str] | None, reduction_indices: Any = None,
            keep_dims: Any = None) -> Tensor:
    axis = deprecated_argument("axis", axis, "reduction_indices", reduction_indices)
    keepdims = deprecated_argument("keepdims", keepdims, "keep_dims", keep_dims)
    keepdims = bool(keepdims) if keepdims is not None else False
    dims = _reduction_dims(input_tensor, axis)
    with name_scope(name or op_type, values=[input_tensor, dims]) as scope:
        if allowed is None:
            x = _convert_fixed(op_type, "input", input_tensor, _dtypes.bool)
        else:
            x = convert_to_tensor(input_tensor, name="input")
            check_dtype_allowed(x.dtype, "input", tuple(allowed))
        dims = convert_to_tensor(dims, preferred_dtype=_dtypes.int32, name="reduction_indices")
        check_dtype_allowed(dims.dtype, "reduction_indices", INDEX)
        attrs = {"keep_dims": keepdims, "Tidx": dims.dtype.base_dtype}
        if allowed is not None:
            attrs["T"] = x.dtype.base_dtype
        out = get_default_graph().create_op(op_type, [x, dims], attrs, name=scope).outputs[0]
    if not keepdims and axis is None and not out.shape.is_fully_defined():
        out.set_shape(())  # all axes reduced: a scalar, whatever the input's rank
    return out


def reduce_sum(input_tensor: Any, axis: Any = None, keepdims: bool | None = None,
               name: str | None = None, reduction_indices: Any = None,
               keep_dims: bool | None = None) -> Tensor:
    """`tf.reduce_sum`: op Sum over `axis` (all axes when None)."""
    return _reduce("Sum", input_tensor, axis, keepdims, name, SUM, reduction_indices, keep_dims)


def reduce_mean(input_tensor: Any, axis: Any = None, keepdims: bool | None = None,
                name: str | None = None, reduction_indices: Any = None,
                keep_dims: bool | None = None) -> Tensor:
    """`tf.reduce_mean`: op Mean; the mean of integers is an integer (truncated) as in TF."""
    return _reduce("Mean", input_tensor, axis, keepdims, name, SUM, reduction_indices, keep_dims)


def reduce_max(input_tensor: Any, axis: Any = None, keepdims: bool | None = None,
               name: str | None = None, reduction_indices: Any = None,
               keep_dims: bool | None = None) -> Tensor:
    """`tf.reduce_max`: op Max (-inf over an empty axis)."""
    return _reduce("Max", input_tensor, axis, keepdims, name, MAX, reduction_indices, keep_dims)


def reduce_min(input_tensor: Any, axis: Any = None, keepdims: bool | None = None,
               name: str | None = None, reduction_indices: Any = None,
               keep_dims: bool | None = None) -> Tensor:
    """`tf.reduce_min`: op Min (+inf over an empty axis)."""
    return _reduce("Min", input_tensor, axis, keepdims, name, MAX, reduction_indices, keep_dims)


def reduce_prod(input_tensor: Any, axis: Any = None, keepdims: bool | None = None,
                name: str | None = None, reduction_indices: Any = None,
                keep_dims: bool | None = None) -> Tensor:
    """`tf.reduce_prod`: op Prod."""
    return _reduce("Prod", input_tensor, axis, keepdims, name, SUM, reduction_indices, keep_dims)


def reduce_any(input_tensor: Any, axis: Any = None, keepdims: bool | None = None,
               name: str | None = None, reduction_indices: Any = None,
               keep_dims: bool | None = None) -> Tensor:
    """`tf.reduce_any`: op Any over a bool tensor."""
    return _reduce("Any", input_tensor, axis, keepdims, name, None, reduction_indices, keep_dims)


def reduce_all(input_tensor: Any, axis: Any = None, keepdims: bool | None = None,
               name: str | None = None, reduction_indices: Any = None,
               keep_dims: bool | None = None) -> Tensor:
    """`tf.reduce_all`: op All over a bool tensor."""
    return _reduce("All", input_tensor, axis, keepdims, name, None, reduction_indices, keep_dims)


def reduce_logsumexp(input_tensor: Any, axis: Any = None, keepdims: bool | None = None,
                     name: str | None = None, reduction_indices: Any = None,
                     keep_dims: bool | None = None) -> Tensor:
    """`tf.reduce_logsumexp`: log(sum(exp(x))), computed as TF 1.15 does around the (finite)
    maximum so that it neither overflows nor turns -inf rows into NaN."""
    from .array import reshape, shape, stop_gradient, where, zeros_like  # noqa: PLC0415
    axis = deprecated_argument("axis", axis, "reduction_indices", reduction_indices)
    keepdims = deprecated_argument("keepdims", keepdims, "keep_dims", keep_dims)
    keepdims = bool(keepdims) if keepdims is not None else False
    x = convert_to_tensor(input_tensor)
    with name_scope(name, "ReduceLogSumExp", [x]):
        raw_max = reduce_max(x, axis=axis, keepdims=True)
        my_max = stop_gradient(where(is_finite(raw_max), raw_max, zeros_like(raw_max)))
        result = log(reduce_sum(exp(subtract(x, my_max)), axis, keepdims=keepdims))
        if not keepdims:
            my_max = reshape(my_max, shape(result))
        result = add(result, my_max)  # TF 1.15 leaves it named `<scope>/Add`
    if not keepdims and axis is None and not result.shape.is_fully_defined():
        result.set_shape(())
    return result


# --------------------------------------------------------------------------------------------
# ArgMax, ArgMin

def _arg_infer(op):
    x, dim = op.inputs
    out = op.get_attr("output_type")
    if dim.shape.ndims is not None and dim.shape.ndims != 0:
        raise ValueError(f"Shape must be rank 0 but is rank {dim.shape.ndims}")
    rank = x.shape.ndims
    if rank is None:
        return [(out, unknown_shape())]
    if rank <= 1:
        return [(out, TensorShape([]))]
    value = constant_value(dim)
    if value is None:
        return [(out, unknown_shape(rank - 1))]
    d = int(value)
    if not -rank <= d < rank:
        raise ValueError(f"Dimension ({d}) must be in the range [{-rank}, {rank}), where {rank} "
                         f"is the number of dimensions in the input.")
    if d < 0:
        d += rank
    return [(out, TensorShape(x.shape.dims[:d] + x.shape.dims[d + 1:]))]


def _arg_kernel(method: str) -> Callable:
    """ArgMax/ArgMin: the first extremum; NaNs are skipped as TF's comparisons skip them."""
    def factory(ctx: registry.KernelContext):
        xp = ctx.xp
        fn = getattr(xp, method)
        out = _dtypes.np_dtype(ctx.attrs["output_type"])
        floating = ctx.attrs["T"].is_floating
        skip = float("-inf") if method == "argmax" else float("inf")

        def arg(x, dim):
            d = int(dim)
            if not -x.ndim <= d < x.ndim:
                raise errors.InvalidArgumentError(
                    None, None, f"Expected dimension in the range [{-x.ndim}, {x.ndim}), but got "
                                f"{d}")
            if x.shape[d] == 0:
                raise errors.InvalidArgumentError(
                    None, None, f"Reduction axis {d} is empty in shape {shape_str(x.shape)}")
            index = fn(x, axis=d)
            if floating:
                picked = xp.take_along_axis(x, xp.expand_dims(index, d), axis=d)
                if xp.isnan(picked).any():
                    index = fn(xp.where(xp.isnan(x), skip, x), axis=d)
            return index.astype(out)
        return arg
    return factory


registry.register("ArgMax", infer=_arg_infer, kernel=_arg_kernel("argmax"),
                  grad=registry.NOT_DIFFERENTIABLE)
registry.register("ArgMin", infer=_arg_infer, kernel=_arg_kernel("argmin"),
                  grad=registry.NOT_DIFFERENTIABLE)


def _arg(op_type: str, input: Any, axis: Any, name: str | None, dimension: Any,
         output_type: Any, out_types: Sequence[str]) -> Tensor:
    axis = deprecated_argument("axis", axis, "dimension", dimension)
    if axis is None:
        axis = 0
    output_type = _dtypes.as_dtype(output_type).base_dtype
    with name_scope(name or op_type, values=[input, axis]) as scope:
        x = convert_to_tensor(input, name="input")
        check_dtype_allowed(x.dtype, "input", ARG)
        dim = convert_to_tensor(axis, preferred_dtype=_dtypes.int32, name="dimension")
        check_dtype_allowed(dim.dtype, "dimension", INDEX)
        check_dtype_allowed(output_type, "output_type", tuple(out_types))
        return get_default_graph().create_op(
            op_type, [x, dim], {"T": x.dtype.base_dtype, "Tidx": dim.dtype.base_dtype,
                                "output_type": output_type}, name=scope).outputs[0]


def argmax(input: Any, axis: Any = None, name: str | None = None,  # noqa: A002 - TF's names
           dimension: Any = None, output_type: Any = _dtypes.int64) -> Tensor:
    """`tf.argmax`: op ArgMax along `axis` (or the deprecated `dimension`; 0 when neither),
    int64 indices by default."""
    return _arg("ArgMax", input, axis, name, dimension, output_type,
                ("int16", "uint16", "int32", "int64"))


def argmin(input: Any, axis: Any = None, name: str | None = None,  # noqa: A002 - TF's names
           dimension: Any = None, output_type: Any = _dtypes.int64) -> Tensor:
    """`tf.argmin`: op ArgMin, as `argmax`."""
    return _arg("ArgMin", input, axis, name, dimension, output_type, INDEX)


def arg_max(input: Any, dimension: Any, output_type: Any = _dtypes.int64,  # noqa: A002
            name: str | None = None) -> Tensor:
    """`tf.arg_max`: the generated wrapper of op ArgMax under its old name, `dimension`
    required."""
    return _arg("ArgMax", input, dimension, name, None, output_type, INDEX)


def arg_min(input: Any, dimension: Any, output_type: Any = _dtypes.int64,  # noqa: A002
            name: str | None = None) -> Tensor:
    """`tf.arg_min`: op ArgMin under its old name."""
    return _arg("ArgMin", input, dimension, name, None, output_type, INDEX)


__all__ += ["arg_max", "arg_min"]


# --------------------------------------------------------------------------------------------
# Cumsum, Cumprod (Prod's gradient is built from exclusive cumulative products)

def _scan_kernel(method: str, identity: int) -> Callable:
    """Cumsum/Cumprod along a run-time axis; `exclusive` shifts in the identity, `reverse` scans
    from the end."""
    def factory(ctx: registry.KernelContext):
        xp = ctx.xp
        fn = getattr(xp, method)
        exclusive, reverse = ctx.attrs["exclusive"], ctx.attrs["reverse"]

        def scan(x, axis):
            if axis.ndim != 0:
                raise errors.InvalidArgumentError(
                    None, None, f"ScanOp: axis must be a scalar, not {shape_str(axis.shape)}")
            a = int(axis)
            a = a + x.ndim if a < 0 else a
            if not 0 <= a < x.ndim:
                raise errors.InvalidArgumentError(
                    None, None, f"ScanOp: Expected scan axis in the range [{-x.ndim}, "
                                f"{x.ndim}), but got {a}")
            if reverse:
                x = xp.flip(x, a)
            out = fn(x, axis=a, dtype=x.dtype)
            if exclusive and x.shape[a]:
                first = xp.full(x.shape[:a] + (1,) + x.shape[a + 1:], identity, dtype=x.dtype)
                out = xp.concatenate([first, out[(slice(None),) * a + (slice(0, -1),)]], axis=a)
            return xp.flip(out, a) if reverse else out
        return scan
    return factory


def _cumsum_grad(op, grad):
    """The gradient of a cumulative sum is the cumulative sum of the gradient the other way."""
    return [cumsum(grad, op.inputs[1], exclusive=op.get_attr("exclusive"),
                   reverse=not op.get_attr("reverse")), None]


def _cumprod_grad(op, grad):
    """As TF: divides by x, so it is not defined where x is 0."""
    x, axis = op.inputs
    exclusive, reverse = op.get_attr("exclusive"), op.get_attr("reverse")
    prod = cumprod(x, axis, exclusive=exclusive, reverse=reverse)
    out = cumsum(prod * grad, axis, exclusive=exclusive, reverse=not reverse)
    return [out / x, None]


registry.register("Cumsum", infer=same_as_input, kernel=_scan_kernel("cumsum", 0),
                  grad=_cumsum_grad)
registry.register("Cumprod", infer=same_as_input, kernel=_scan_kernel("cumprod", 1),
                  grad=_cumprod_grad)


def _scan(op_type: str, x: Any, axis: Any, exclusive: bool, reverse: bool,
          name: str | None) -> Tensor:
    with name_scope(name, op_type, [x]) as scope:
        x = convert_to_tensor(x, name="x")
        check_dtype_allowed(x.dtype, "x", SUM)
        axis = convert_to_tensor(axis, preferred_dtype=_dtypes.int32, name="axis")
        check_dtype_allowed(axis.dtype, "axis", INDEX)
        return get_default_graph().create_op(
            op_type, [x, axis], {"T": x.dtype.base_dtype, "Tidx": axis.dtype.base_dtype,
                                 "exclusive": bool(exclusive), "reverse": bool(reverse)},
            name=scope).outputs[0]


def cumsum(x: Any, axis: Any = 0, exclusive: bool = False, reverse: bool = False,
           name: str | None = None) -> Tensor:
    """`tf.cumsum`: op Cumsum along `axis`; `exclusive` leaves each element out of its own
    sum, `reverse` sums from the end."""
    return _scan("Cumsum", x, axis, exclusive, reverse, name)


def cumprod(x: Any, axis: Any = 0, exclusive: bool = False, reverse: bool = False,
            name: str | None = None) -> Tensor:
    """`tf.cumprod`: op Cumprod, as `cumsum` with products."""
    return _scan("Cumprod", x, axis, exclusive, reverse, name)


# --------------------------------------------------------------------------------------------
# ListDiff (`tf.setdiff1d`; Prod's gradient uses it)

def _list_diff_infer(op):
    for t in op.inputs:
        if t.shape.ndims is not None and t.shape.ndims != 1:
            raise ValueError(f"Shape must be rank 1 but is rank {t.shape.ndims}")
    return [(op.inputs[0].dtype.base_dtype, TensorShape([None])),
            (op.get_attr("out_idx"), TensorShape([None]))]


def _list_diff_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    idx_type = _dtypes.np_dtype(ctx.attrs["out_idx"])

    def list_diff(x, y):
        for v, what in ((x, "x"), (y, "y")):
            if v.ndim != 1:
                raise errors.InvalidArgumentError(None, None, f"{what} should be a 1D vector.")
        keep = xp.logical_not(xp.isin(x, y))
        return x[keep], xp.nonzero(keep)[0].astype(idx_type)
    return list_diff


# No gradient in TF either; declared so that a path through it gives None, not an error.
registry.register("ListDiff", infer=_list_diff_infer, kernel=_list_diff_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)


_ListDiffOutput = collections.namedtuple("ListDiff", ["out", "idx"])


def setdiff1d(x: Any, y: Any, index_dtype: Any = _dtypes.int32,
              name: str | None = None) -> tuple[Tensor, Tensor]:
    """`tf.setdiff1d`: op ListDiff, the values of `x` not in `y` (in order, duplicates kept)
    and their positions in `x`, as the namedtuple `ListDiff(out, idx)` TF's op wrapper gives."""
    index_dtype = _dtypes.as_dtype(index_dtype).base_dtype
    check_dtype_allowed(index_dtype, "out_idx", INDEX)
    with name_scope(name or "ListDiff", values=[x, y]) as scope:
        x, y = _convert_inputs("ListDiff", [("x", x), ("y", y)], None)
        op = get_default_graph().create_op("ListDiff", [x, y],
                                           {"T": x.dtype.base_dtype, "out_idx": index_dtype},
                                           name=scope)
        return _ListDiffOutput(*op.outputs)


# --------------------------------------------------------------------------------------------
# UnsortedSegmentSum/Max/Min/Prod (and IndexedSlices made dense with the sum), with the
# composites unsorted_segment_mean and unsorted_segment_sqrt_n

def _unsorted_segment_infer(op):
    data, ids, num = op.inputs
    if num.shape.ndims is not None and num.shape.ndims != 0:
        raise ValueError(f"Shape must be rank 0 but is rank {num.shape.ndims}")
    if ids.shape.ndims is None:
        return [(data.dtype.base_dtype, unknown_shape())]
    rank = ids.shape.ndims
    if data.shape.ndims is not None:  # data's shape must start with segment_ids' shape
        if data.shape.ndims < rank:
            raise ValueError(f"Shape must be at least rank {rank} but is rank "
                             f"{data.shape.ndims}")
        for d, i in zip(data.shape.dims, ids.shape.dims):
            _merge_dims(d, i)
    value = constant_value(num)
    if value is not None and int(value) < 0:
        raise ValueError(f"Dimension size, given by scalar input 2, must be non-negative but is "
                         f"{int(value)}")
    if data.shape.ndims is None:
        return [(data.dtype.base_dtype, unknown_shape())]
    first = None if value is None else int(value)
    return [(data.dtype.base_dtype, TensorShape([first] + data.shape.dims[rank:]))]


def _segment_identity(reduction: str, dtype: _dtypes.DType) -> Any:
    """The value a reduction starts from, which an empty unsorted segment keeps: 0, 1, or the
    type's lowest/highest value (finite for floats, as C++'s numeric_limits)."""
    if reduction == "maximum":
        return dtype.min
    if reduction == "minimum":
        return dtype.max
    return 1 if reduction == "multiply" else 0


def _unsorted_segment_kernel(reduction: str) -> Callable:
    """`reduction` (a ufunc name) of the rows of data into `num_segments` rows by id;
    negative ids are dropped as TF drops them."""
    def factory(ctx: registry.KernelContext):
        xp = ctx.xp
        at = getattr(xp, reduction).at
        identity = _segment_identity(reduction, ctx.attrs["T"])

        def unsorted_segment(data, ids, num):
            if num.ndim != 0:
                raise errors.InvalidArgumentError(
                    None, None, f"num_segments should be a scalar, not shape "
                                f"{shape_str(num.shape)}")
            if data.shape[:ids.ndim] != ids.shape:
                raise errors.InvalidArgumentError(
                    None, None, f"data.shape = {shape_str(data.shape)} does not start with "
                                f"segment_ids.shape = {shape_str(ids.shape)}")
            n = int(num)
            if n < 0:
                raise errors.InvalidArgumentError(
                    None, None, f"Input num_segments == {n} must not be negative.")
            tail = data.shape[ids.ndim:]
            flat = ids.reshape(-1)
            too_big = flat >= n
            if too_big.any():
                i = int(xp.argmax(too_big))
                at_ = ",".join(str(int(k)) for k in xp.unravel_index(i, ids.shape)) \
                    if ids.ndim else ""
                raise errors.InvalidArgumentError(
                    None, None, f"segment_ids[{at_}] = {int(flat[i])} is out of range [0, {n})")
            out = xp.full((n,) + tail, identity, dtype=data.dtype)
            rows = data.reshape((flat.size,) + tail)
            kept = flat >= 0
            if not kept.all():
                flat, rows = flat[kept], rows[kept]
            at(out, flat, rows)
            return out
        return unsorted_segment
    return factory


def _gather_drop_negatives(params: Tensor, ids: Tensor | None,
                           zero_clipped: Tensor | None = None,
                           is_positive: Tensor | None = None) -> tuple[Tensor, Tensor, Tensor]:
    """Rows of `params` at `ids`, zeros where an id is negative (TF's _GatherDropNegatives),
    with the clipped ids and the mask of kept rows, which a second call may reuse."""
    if zero_clipped is None:
        zero_clipped = maximum(ids, array_ops.zeros_like(ids))
    gathered = array_ops.gather(params, zero_clipped)
    if is_positive is None:
        is_positive = greater_equal(ids, 0)
        for _ in range(gathered.shape.ndims - is_positive.shape.ndims):
            is_positive = array_ops.expand_dims(is_positive, -1)
        is_positive = is_positive & array_ops.ones_like(gathered, dtype=_dtypes.bool)
    zeros = array_ops.zeros_like(gathered)
    return array_ops.where(is_positive, gathered, zeros), zero_clipped, is_positive


def _unsorted_segment_sum_grad(op, grad):
    """Each row of data gets the gradient of its segment (zeros for dropped rows)."""
    return _gather_drop_negatives(grad, op.inputs[1])[0], None, None


def _unsorted_segment_min_or_max_grad(op, grad):
    """The gradient of a segment goes to the rows equal to its extremum, shared among ties."""
    data, ids, num = op.inputs
    gathered, zero_clipped, is_positive = _gather_drop_negatives(op.outputs[0], ids)
    is_selected = logical_and(equal(data, gathered), is_positive)
    num_selected = unsorted_segment_sum(array_ops.cast(is_selected, grad.dtype), ids, num)
    weighted = divide(grad, num_selected)
    gathered_grads = _gather_drop_negatives(weighted, None, zero_clipped, is_positive)[0]
    zeros = array_ops.zeros_like(gathered_grads)
    return array_ops.where(is_selected, gathered_grads, zeros), None, None


def _unsorted_segment_prod_grad(op, grad):
    """The product of the other rows of the segment: the segment's product over the row where
    no row is zero; the product of the others at a segment's only zero; 0 where a segment
    holds two zeros (TF's three cases)."""
    data, ids, num = op.inputs
    is_zero = equal(data, 0)
    num_zeros = unsorted_segment_sum(array_ops.cast(is_zero, _dtypes.int32), ids, num)
    grad = array_ops.where(greater(num_zeros, 1), array_ops.zeros_like(grad), grad)
    non_zero_data = array_ops.where(is_zero, array_ops.ones_like(data), data)
    non_zero_prod = unsorted_segment_prod(non_zero_data, ids, num)
    zero_clipped = maximum(ids, array_ops.zeros_like(ids))
    gathered_prod = array_ops.gather(op.outputs[0], zero_clipped)
    gathered_non_zero_prod = array_ops.gather(non_zero_prod, zero_clipped)
    prod_divided_by_el = gathered_prod / data  # inf/nan where data is 0: not selected below
    partial = array_ops.where(is_zero, gathered_non_zero_prod, prod_divided_by_el)
    gathered_grad = _gather_drop_negatives(grad, ids, zero_clipped)[0]
    return gathered_grad * partial, None, None


for _op_type, _reduction, _grad in (
        ("UnsortedSegmentSum", "add", _unsorted_segment_sum_grad),
        ("UnsortedSegmentMax", "maximum", _unsorted_segment_min_or_max_grad),
        ("UnsortedSegmentMin", "minimum", _unsorted_segment_min_or_max_grad),
        ("UnsortedSegmentProd", "multiply", _unsorted_segment_prod_grad)):
    registry.register(_op_type, infer=_unsorted_segment_infer,
                      kernel=_unsorted_segment_kernel(_reduction), grad=_grad)


def _unsorted_segment(op_type: str, data: Any, segment_ids: Any, num_segments: Any,
                      name: str | None, allowed: Sequence[str]) -> Tensor:
    with name_scope(name or op_type, values=[data, segment_ids, num_segments]) as scope:
        data = convert_to_tensor(data, name="data")
        check_dtype_allowed(data.dtype, "data", allowed)
        ids = convert_to_tensor(segment_ids, name="segment_ids")
        check_dtype_allowed(ids.dtype, "segment_ids", INDEX)
        num = convert_to_tensor(num_segments, preferred_dtype=_dtypes.int32,
                                name="num_segments")
        check_dtype_allowed(num.dtype, "num_segments", INDEX)
        return get_default_graph().create_op(
            op_type, [data, ids, num],
            {"T": data.dtype.base_dtype, "Tindices": ids.dtype.base_dtype,
             "Tnumsegments": num.dtype.base_dtype}, name=scope).outputs[0]


def unsorted_segment_sum(data: Any, segment_ids: Any, num_segments: Any,
                         name: str | None = None) -> Tensor:
    """`tf.unsorted_segment_sum`: op UnsortedSegmentSum, `output[k] = sum of data[i...]` over
    the `i...` with `segment_ids[i...] == k`; negative ids are dropped, ids >= num_segments fail
    at run time."""
    return _unsorted_segment("UnsortedSegmentSum", data, segment_ids, num_segments, name, SUM)


def unsorted_segment_max(data: Any, segment_ids: Any, num_segments: Any,
                         name: str | None = None) -> Tensor:
    """`tf.unsorted_segment_max`: op UnsortedSegmentMax, as the sum; an empty segment holds
    the type's lowest value."""
    return _unsorted_segment("UnsortedSegmentMax", data, segment_ids, num_segments, name, REAL)


def unsorted_segment_min(data: Any, segment_ids: Any, num_segments: Any,
                         name: str | None = None) -> Tensor:
    """`tf.unsorted_segment_min`: op UnsortedSegmentMin; an empty segment holds the type's
    highest value."""
    return _unsorted_segment("UnsortedSegmentMin", data, segment_ids, num_segments, name, REAL)


def unsorted_segment_prod(data: Any, segment_ids: Any, num_segments: Any,
                          name: str | None = None) -> Tensor:
    """`tf.unsorted_segment_prod`: op UnsortedSegmentProd; an empty segment holds 1."""
    return _unsorted_segment("UnsortedSegmentProd", data, segment_ids, num_segments, name, SUM)


def _unsorted_segment_n(data: Tensor, ids: Tensor, num_segments: Any) -> Tensor:
    """How many rows each segment holds (at least 1), shaped to divide the segment sums:
    an UnsortedSegmentSum of ones, reshaped to `[num_segments, 1, ...]`, then Maximum 1."""
    ones = array_ops.ones(array_ops.shape(ids), dtype=data.dtype)
    n = unsorted_segment_sum(ones, ids, num_segments)
    n = array_ops.reshape(n, [num_segments] + [1] * (data.shape.ndims - ids.shape.ndims))
    return maximum(n, 1)


def unsorted_segment_mean(data: Any, segment_ids: Any, num_segments: Any,
                          name: str | None = None) -> Tensor:
    """`tf.unsorted_segment_mean`: each segment's sum over its row count (empty segments 0),
    built as TF 1.15 builds it."""
    with name_scope(name, "UnsortedSegmentMean"):
        data = convert_to_tensor(data)
        ids = convert_to_tensor(segment_ids)
        n = _unsorted_segment_n(data, ids, num_segments)
        return unsorted_segment_sum(data, ids, num_segments) / n


def unsorted_segment_sqrt_n(data: Any, segment_ids: Any, num_segments: Any,
                            name: str | None = None) -> Tensor:
    """`tf.unsorted_segment_sqrt_n`: each segment's sum over the square root of its row
    count."""
    with name_scope(name, "UnsortedSegmentSqrtN"):
        data = convert_to_tensor(data)
        ids = convert_to_tensor(segment_ids)
        n = _unsorted_segment_n(data, ids, num_segments)
        return unsorted_segment_sum(data, ids, num_segments) / sqrt(n)


__all__ += ["unsorted_segment_max", "unsorted_segment_min", "unsorted_segment_prod",
            "unsorted_segment_mean", "unsorted_segment_sqrt_n"]


# --------------------------------------------------------------------------------------------
# Bincount

def _bincount_infer(op):
    _, size, weights = op.inputs
    if size.shape.ndims is not None and size.shape.ndims != 0:
        raise ValueError(f"Shape must be rank 0 but is rank {size.shape.ndims}")
    return [(weights.dtype.base_dtype, TensorShape([None]))]


def _bincount_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    dtype = ctx.attrs["T"].as_numpy_dtype

    def bincount_(arr, size, weights):
        n = int(size)
        if n < 0:
            raise errors.InvalidArgumentError(
                None, None, f"Input size should be >= 0, got {n}")
        flat = arr.reshape(-1)
        if flat.size and int(flat.min()) < 0:
            raise errors.InvalidArgumentError(None, None, "Input arr must be non-negative!")
        kept = flat < n  # values past the last bin are dropped
        if weights.size:
            if weights.shape != arr.shape:
                raise errors.InvalidArgumentError(
                    None, None, f"Input arr and weights must have the same shape: "
                                f"{shape_str(arr.shape)} vs {shape_str(weights.shape)}")
            counts = xp.bincount(flat[kept], weights=weights.reshape(-1)[kept], minlength=n)
        else:
            counts = xp.bincount(flat[kept], minlength=n)
        return counts[:n].astype(dtype, copy=False)
    return bincount_


registry.register("Bincount", infer=_bincount_infer, kernel=_bincount_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)


def bincount(arr: Any, weights: Any = None, minlength: Any = None, maxlength: Any = None,
             dtype: Any = _dtypes.int32) -> Tensor:
    """`tf.bincount` (`tf.math.bincount`): how often each value 0, 1, ... occurs in the
    non-negative int32 `arr` (summing `weights` instead, when given, with an
    UnsortedSegmentSum as TF 1.15), over max(arr) + 1 bins bounded by `minlength`/`maxlength`."""
    arr = convert_to_tensor(arr, name="arr", dtype=_dtypes.int32)
    array_is_nonempty = greater(reduce_prod(array_ops.shape(arr)), 0)
    output_size = array_ops.cast(array_is_nonempty, _dtypes.int32) * (reduce_max(arr) + 1)
    if minlength is not None:
        minlength = convert_to_tensor(minlength, name="minlength", dtype=_dtypes.int32)
        output_size = maximum(minlength, output_size)
    if maxlength is not None:
        maxlength = convert_to_tensor(maxlength, name="maxlength", dtype=_dtypes.int32)
        output_size = minimum(maxlength, output_size)
    if weights is not None:
        weights = convert_to_tensor(weights, name="weights")
        return unsorted_segment_sum(weights, arr, output_size)
    weights = constant([], _dtypes.as_dtype(dtype))
    check_dtype_allowed(weights.dtype, "weights", ("int32", "int64", "float32", "float64"))
    return get_default_graph().create_op(
        "Bincount", [arr, output_size, weights], {"T": weights.dtype.base_dtype},
        name="Bincount").outputs[0]


__all__ += ["bincount"]


# --------------------------------------------------------------------------------------------
# SegmentSum, SegmentMean, SegmentMax, SegmentMin, SegmentProd (sorted segment ids)

def _segment_infer(op):
    data, ids = op.inputs
    if ids.shape.ndims is not None and ids.shape.ndims != 1:
        raise ValueError(f"Shape must be rank 1 but is rank {ids.shape.ndims}")
    if data.shape.ndims is None:
        return [(data.dtype.base_dtype, unknown_shape())]
    if data.shape.ndims < 1:
        raise ValueError(f"Shape must be at least rank 1 but is rank {data.shape.ndims}")
    if ids.shape.ndims is not None:
        _merge_dims(data.shape.dims[0], ids.shape.dims[0])
    return [(data.dtype.base_dtype, TensorShape([None] + data.shape.dims[1:]))]


def _segment_kernel(reduction: str) -> Callable:
    """`reduction` ("add", "maximum", "minimum", "multiply" or "mean") of the rows of data
    whose sorted ids are equal; ids between the used ones give rows of 0 (1 for the product),
    as TF's SegmentReductionOp. An integer mean truncates toward zero."""
    def factory(ctx: registry.KernelContext):
        xp = ctx.xp
        mean = reduction == "mean"
        at = getattr(xp, "add" if mean else reduction).at
        dtype = ctx.attrs["T"]
        identity = _segment_identity(reduction, dtype)
        empty = 1 if reduction == "multiply" else 0

        def segment(data, ids):
            if ids.ndim != 1:
                raise errors.InvalidArgumentError(
                    None, None, f"segment_ids should be a vector, not shape "
                                f"{shape_str(ids.shape)}")
            if ids.shape[0] != data.shape[0]:
                raise errors.InvalidArgumentError(
                    None, None, "segment_ids should be the same size as dimension 0 of input.")
            n = int(ids[-1]) + 1 if ids.size else 0
            if ids.size and int(ids.min()) < 0:
                raise errors.InvalidArgumentError(None, None, "segment ids must be >= 0")
            if ids.size > 1 and bool((ids[1:] < ids[:-1]).any()):
                raise errors.InvalidArgumentError(None, None, "segment ids are not increasing")
            out = xp.full((n,) + data.shape[1:], identity, dtype=data.dtype)
            at(out, ids, data)
            if reduction == "add":
                return out
            counts = xp.bincount(ids, minlength=n).reshape((n,) + (1,) * (data.ndim - 1))
            if mean:
                if dtype.is_integer:
                    total, count = out.astype(xp.int64), xp.maximum(counts, 1)
                    q = xp.abs(total) // count * xp.sign(total)  # toward zero, as C++
                    return q.astype(data.dtype)
                return (out / xp.maximum(counts, 1)).astype(data.dtype, copy=False)
            return xp.where(counts > 0, out, xp.asarray(empty, dtype=data.dtype))
        return segment
    return factory


def _segment_sum_grad(op, grad):
    """Each row gets its segment's gradient."""
    return array_ops.gather(grad, op.inputs[1]), None


def _segment_mean_grad(op, grad):
    """Each row gets its segment's gradient over the segment's row count (a SegmentSum of
    ones shaped `[rows, 1, ...]`)."""
    data, ids = op.inputs
    input_rank = array_ops.rank(data)
    ones_shape = array_ops.concat([array_ops.shape(ids),
                                   array_ops.fill(array_ops.expand_dims(input_rank - 1, 0), 1)],
                                  0)
    ones = array_ops.fill(ones_shape, constant(1, dtype=grad.dtype))
    scaled_grad = divide(grad, segment_sum(ones, ids))
    return array_ops.gather(scaled_grad, ids), None


def _segment_min_or_max_grad(op, grad):
    """The gradient of a segment goes to the rows equal to its extremum, shared among ties."""
    data, ids = op.inputs
    zeros = array_ops.zeros_like(data, dtype=data.dtype)
    gathered_outputs = array_ops.gather(op.outputs[0], ids)
    is_selected = equal(data, gathered_outputs)
    num_selected = segment_sum(array_ops.cast(is_selected, grad.dtype), ids)
    weighted_grads = divide(grad, num_selected)
    gathered_grads = array_ops.gather(weighted_grads, ids)
    return array_ops.where(is_selected, gathered_grads, zeros), None


for _op_type, _reduction, _grad in (
        ("SegmentSum", "add", _segment_sum_grad),
        ("SegmentMean", "mean", _segment_mean_grad),
        ("SegmentMax", "maximum", _segment_min_or_max_grad),
        ("SegmentMin", "minimum", _segment_min_or_max_grad),
        # TF 1.15 registers no gradient for SegmentProd
        ("SegmentProd", "multiply", registry.NOT_DIFFERENTIABLE)):
    registry.register(_op_type, infer=_segment_infer, kernel=_segment_kernel(_reduction),
                      grad=_grad)


def _segment(op_type: str, data: Any, segment_ids: Any, name: str | None,
             allowed: Sequence[str]) -> Tensor:
    with name_scope(name or op_type, values=[data, segment_ids]) as scope:
        data = convert_to_tensor(data, name="data")
        check_dtype_allowed(data.dtype, "data", allowed)
        ids = convert_to_tensor(segment_ids, name="segment_ids")
        check_dtype_allowed(ids.dtype, "segment_ids", INDEX)
        return get_default_graph().create_op(
            op_type, [data, ids],
            {"T": data.dtype.base_dtype, "Tindices": ids.dtype.base_dtype},
            name=scope).outputs[0]


def segment_sum(data: Any, segment_ids: Any, name: str | None = None) -> Tensor:
    """`tf.segment_sum` (op SegmentSum): `output[k]` sums the rows of `data` whose sorted
    `segment_ids` equal k (unsorted or negative ids fail at run time)."""
    return _segment("SegmentSum", data, segment_ids, name, SUM)


def segment_mean(data: Any, segment_ids: Any, name: str | None = None) -> Tensor:
    """`tf.segment_mean` (op SegmentMean): the mean of each segment's rows."""
    return _segment("SegmentMean", data, segment_ids, name, SUM)


def segment_max(data: Any, segment_ids: Any, name: str | None = None) -> Tensor:
    """`tf.segment_max` (op SegmentMax): the maximum of each segment's rows."""
    return _segment("SegmentMax", data, segment_ids, name, REAL)


def segment_min(data: Any, segment_ids: Any, name: str | None = None) -> Tensor:
    """`tf.segment_min` (op SegmentMin): the minimum of each segment's rows."""
    return _segment("SegmentMin", data, segment_ids, name, REAL)


def segment_prod(data: Any, segment_ids: Any, name: str | None = None) -> Tensor:
    """`tf.segment_prod` (op SegmentProd): the product of each segment's rows."""
    return _segment("SegmentProd", data, segment_ids, name, SUM)


__all__ += ["segment_mean", "segment_max", "segment_min", "segment_prod"]


# --------------------------------------------------------------------------------------------
# LinSpace

def _lin_space_infer(op):
    start, stop, num = op.inputs
    for t in (start, stop, num):
        if t.shape.ndims is not None and t.shape.ndims != 0:
            raise ValueError(f"Shape must be rank 0 but is rank {t.shape.ndims}")
    value = constant_value(num)
    if value is not None and int(value) <= 0:
        raise ValueError(f"Requires num > 0: {int(value)}")
    return [(start.dtype.base_dtype, TensorShape([None if value is None else int(value)]))]


def _lin_space_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    dtype = ctx.attrs["T"].as_numpy_dtype

    def lin_space_(start, stop, num):
        n = int(num)
        if n <= 0:
            raise errors.InvalidArgumentError(None, None, f"Requires num > 0: {n}")
        return xp.linspace(start, stop, n, dtype=dtype)
    return lin_space_


registry.register("LinSpace", infer=_lin_space_infer, kernel=_lin_space_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)


def lin_space(start: Any, stop: Any, num: Any, name: str | None = None) -> Tensor:
    """`tf.lin_space` / `tf.linspace` (op LinSpace): `num` evenly spaced values from `start`
    to `stop`, both included."""
    with name_scope(name or "LinSpace", values=[start, stop, num]) as scope:
        start_t, stop_t = _convert_inputs("LinSpace", [("start", start), ("stop", stop)],
                                          ("bfloat16", "float32", "float64"))
        num_t = convert_to_tensor(num, preferred_dtype=_dtypes.int32, name="num")
        check_dtype_allowed(num_t.dtype, "num", INDEX)
        return get_default_graph().create_op(
            "LinSpace", [start_t, stop_t, num_t],
            {"T": start_t.dtype.base_dtype, "Tidx": num_t.dtype.base_dtype},
            name=scope).outputs[0]


linspace = lin_space


_LARGE_SPARSE_NUM_ELEMENTS = 100000000


def _indexed_slices_to_tensor(value: IndexedSlices, dtype: Any = None, name: str | None = None,
                              as_ref: bool = False) -> Tensor:
    """The dense tensor of an IndexedSlices: its rows summed into place (duplicates add up),
    with TF's warnings for a dense shape that is unknown or huge."""
    if dtype and not dtype.is_compatible_with(value.dtype):
        raise ValueError(f"Tensor conversion requested dtype {dtype.name} for IndexedSlices "
                         f"with dtype {value.dtype.name}")
    if value.dense_shape is None:
        raise ValueError(f"Tensor conversion requested for IndexedSlices without dense_shape: "
                         f"{value!s}")
    dense_shape = constant_value(value.dense_shape)
    if dense_shape is None:
        warnings.warn("Converting sparse IndexedSlices to a dense Tensor of unknown shape. "
                      "This may consume a large amount of memory.")
    else:
        num_elements = int(np.prod(dense_shape, dtype=np.int64))
        if num_elements >= _LARGE_SPARSE_NUM_ELEMENTS:
            warnings.warn(f"Converting sparse IndexedSlices to a dense Tensor with "
                          f"{num_elements} elements. This may consume a large amount of "
                          f"memory.")
    return unsorted_segment_sum(value.values, value.indices, value.dense_shape[0], name=name)


def _indexed_slices_neg(self: IndexedSlices) -> IndexedSlices:
    """`-slices`: the same rows, negated (still sparse)."""
    return IndexedSlices(-self.values, self.indices, self.dense_shape)


register_tensor_conversion_function(IndexedSlices, _indexed_slices_to_tensor)
IndexedSlices.__neg__ = _indexed_slices_neg


# --------------------------------------------------------------------------------------------
# Tensor operators, named as TF1 names them

def _add_operator(x: Tensor, y: Tensor, name: str) -> Tensor:
    op_type = "Add" if x.dtype.base_dtype == _dtypes.string else "AddV2"
    return _gen_op(op_type, [("x", x), ("y", y)], name,
                   ADD if op_type == "Add" else ADD_V2)


def _xor_operator(x: Tensor, y: Tensor, name: str) -> Tensor:
    return logical_xor(x, y, name=name)


_BINARY_OPERATORS: dict[str, tuple[str, Callable]] = {
    # Python name -> (TF's name for the op or its scope, builder(x, y, name))
    "add": ("add", _add_operator),
    "sub": ("sub", subtract),
    "mul": ("mul", multiply),
    "truediv": ("truediv", truediv),
    "div": ("div", div),
    "floordiv": ("floordiv", floordiv),
    "mod": ("mod", mod),
    "pow": ("pow", pow),
    "matmul": ("matmul", matmul),
    "and": ("and", logical_and),
    "or": ("or", logical_or),
    "xor": ("xor", _xor_operator),
}

def _install_binary(py_name: str, tf_name: str, fn: Callable) -> None:
    """`x <op> y` and `y <op> x` with a tensor `x`: the other operand is converted to `x`'s
    dtype (a Python value that does not fit it is converted on its own, and the op refuses it)
    inside a scope named as TF names it."""
    def forward(x: Tensor, y: Any) -> Any:
        with name_scope(None, tf_name, [x, y]) as scope:
            if not isinstance(y, Tensor):
                try:
                    y = convert_to_tensor(y, preferred_dtype=x.dtype.base_dtype, name="y")
                except TypeError:
                    if hasattr(type(y), f"__r{py_name}__"):
                        return NotImplemented
                    raise
            return fn(x, y, name=scope)

    def reverse(y: Tensor, x: Any) -> Tensor:
        with name_scope(None, tf_name, [x, y]) as scope:
            x = convert_to_tensor(x, dtype=y.dtype.base_dtype, name="x")
            return fn(x, y, name=scope)

    forward.__name__, reverse.__name__ = f"__{py_name}__", f"__r{py_name}__"
    override_operator(f"__{py_name}__", forward)
    override_operator(f"__r{py_name}__", reverse)


for _py_name, (_tf_name, _fn) in _BINARY_OPERATORS.items():
    _install_binary(_py_name, _tf_name, _fn)


# TF installs the generated comparison ops themselves: `x < 1.0` is `less(x, 1.0)`, named Less.
override_operator("__lt__", less)
override_operator("__le__", less_equal)
override_operator("__gt__", greater)
override_operator("__ge__", greater_equal)
override_operator("__neg__", negative)
override_operator("__abs__", abs)
override_operator("__invert__", logical_not)


# --------------------------------------------------------------------------------------------
# DivNoNan (tf.div_no_nan): the division tf.losses uses for its means

DIV_NO_NAN = ("float16", "float32", "float64", "complex64", "complex128")


def _div_no_nan_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def div_no_nan(x, y):
        zero = y == 0
        return xp.where(zero, xp.zeros((), x.dtype), xp.true_divide(x, xp.where(zero, 1, y))
                        ).astype(x.dtype, copy=False)
    return div_no_nan


def _div_no_nan_grad(op, grad):
    x, y = op.inputs
    sx, sy, rx, ry = _broadcast_axes(x, y)
    x, y = conj(x), conj(y)
    return (_sum_to(div_no_nan(grad, y), rx, sx),
            _sum_to(grad * div_no_nan(div_no_nan(-x, y), y), ry, sy))


_register_binary("DivNoNan", _div_no_nan_kernel, grad=_div_no_nan_grad)


def div_no_nan(x: Any, y: Any, name: str | None = None) -> Tensor:
    """`tf.div_no_nan` (op DivNoNan, default name `div_no_nan`): `x / y`, but 0 where `y` is 0."""
    with name_scope(name, "div_no_nan", [x, y]) as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, dtype=x.dtype.base_dtype, name="y")
        check_dtype_allowed(x.dtype, "x", DIV_NO_NAN)
        return get_default_graph().create_op("DivNoNan", [x, y], {"T": x.dtype.base_dtype},
                                             name=scope).outputs[0]


# --------------------------------------------------------------------------------------------
# More elementwise ops: Expm1, the error functions, trigonometric and hyperbolic functions and
# their inverses, Rint, Atan2, TruncateDiv, TruncateMod

# TF 1.15's BINARY_MORE types (TruncateDiv) and TruncateMod's list, in TF's order.
TRUNCATE_DIV = ("bfloat16", "float16", "float32", "float64", "uint8", "int8", "uint16", "int16",
                "int32", "int64", "complex64", "complex128")
TRUNCATE_MOD = ("int32", "int64", "bfloat16", "float16", "float32", "float64")

_SERIES_TERMS = 45  # erf's series below _ERF_CUT: terms past the 45th are < 1e-17 of the sum
_FRACTION_DEPTH = 60  # erfc's continued fraction above it: relative error < 1e-13
_ERF_CUT = 2.5
_SQRT_PI = float(np.sqrt(np.pi))


def _erf_and_erfc(xp: Any, x: Any) -> tuple[Any, Any]:
    """erf and erfc of |x| in float64 (relative errors below 1e-13 and 3e-12), from `xp` alone
    (numpy has no erf): erf's everywhere-positive series 2/sqrt(pi) e^(-a^2) sum (2a^2)^n a / (2n+1)!!
    below the cut, the continued fraction of erfc above it."""
    a = xp.abs(x.astype(xp.float64))
    s = xp.minimum(a, _ERF_CUT)
    term, total, two_s2 = s, s, 2.0 * s * s
    for n in range(1, _SERIES_TERMS):
        term = term * two_s2 / (2 * n + 1)
        total = total + term
    erf_small = (2.0 / _SQRT_PI) * xp.exp(-s * s) * total
    b = xp.maximum(a, _ERF_CUT)
    t = b
    for n in range(_FRACTION_DEPTH, 0, -1):
        t = b + (n / 2.0) / t
    erfc_large = xp.exp(-b * b) / (_SQRT_PI * t)
    small = a < _ERF_CUT
    return xp.where(small, erf_small, 1.0 - erfc_large), xp.where(small, 1.0 - erf_small,
                                                                    erfc_large)


def _erf_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def erf(x):
        value, _ = _erf_and_erfc(xp, x)
        return xp.copysign(value, x).astype(x.dtype, copy=False)
    return erf


def _erfc_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def erfc(x):
        _, value = _erf_and_erfc(xp, x)
        return xp.where(x < 0, 2.0 - value, value).astype(x.dtype, copy=False)
    return erfc


def _truncate_div_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    dtype = ctx.attrs["T"]
    if dtype.is_floating:
        def truncate_div(x, y):
            return xp.trunc(xp.true_divide(x, y))
        return truncate_div
    if dtype.is_complex:
        return xp.true_divide

    def int_truncate_div(x, y):  # floor division, moved one toward zero where inexact
        q = xp.floor_divide(x, y)
        if not dtype.is_unsigned:
            q = q + ((q < 0) & (q * y != x)).astype(q.dtype)
        return q
    return _nonzero_divisor(int_truncate_div, xp)


def _truncate_mod_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    if ctx.attrs["T"].is_floating:
        return xp.fmod
    return _nonzero_divisor(xp.fmod, xp)


def _expm1_grad(op, grad):
    with _control_on(grad):
        return grad * exp(conj(op.inputs[0]))


def _erf_grad(op, grad):
    """grad * 2/sqrt(pi) * exp(-x^2)."""
    two_over_root_pi = constant(2 / np.sqrt(np.pi), dtype=grad.dtype)
    with _control_on(grad):
        return grad * two_over_root_pi * exp(-square(conj(op.inputs[0])))


def _erfc_grad(op, grad):
    minus_two_over_root_pi = constant(-2 / np.sqrt(np.pi), dtype=grad.dtype)
    with _control_on(grad):
        return grad * minus_two_over_root_pi * exp(-square(conj(op.inputs[0])))


def _tan_grad(op, grad):
    """grad * sec(x)^2."""
    with _control_on(grad):
        return square(reciprocal(cos(conj(op.inputs[0])))) * grad


def _one_minus_square(x: Tensor, grad: Tensor) -> Tensor:
    return subtract(constant(1, dtype=grad.dtype), square(conj(x)))


def _asin_grad(op, grad):
    """grad / sqrt(1 - x^2)."""
    with _control_on(grad):
        return grad * reciprocal(sqrt(_one_minus_square(op.inputs[0], grad)))


def _acos_grad(op, grad):
    """-grad / sqrt(1 - x^2)."""
    with _control_on(grad):
        return -grad * reciprocal(sqrt(_one_minus_square(op.inputs[0], grad)))


def _atan_grad(op, grad):
    """grad / (1 + x^2)."""
    with _control_on(grad):
        x2 = square(conj(op.inputs[0]))
        return grad * reciprocal(add(constant(1, dtype=grad.dtype), x2))


def _sinh_grad(op, grad):
    with _control_on(grad):
        return grad * cosh(conj(op.inputs[0]))


def _cosh_grad(op, grad):
    with _control_on(grad):
        return grad * sinh(conj(op.inputs[0]))


def _asinh_grad(op, grad):
    """grad / cosh(y)."""
    with _control_on(grad):
        return grad / cosh(conj(op.outputs[0]))


def _acosh_grad(op, grad):
    """grad / sinh(y)."""
    with _control_on(grad):
        return grad / sinh(conj(op.outputs[0]))


def _atanh_grad(op, grad):
    """grad / (1 - x^2)."""
    with _control_on(grad):
        return grad * reciprocal(_one_minus_square(op.inputs[0], grad))


def _atan2_grad(op, grad):
    """atan2(y, x): (grad * x, -grad * y) / (x^2 + y^2); no broadcasting reduction, as TF."""
    y, x = op.inputs
    with _control_on(grad):
        grad_inv = grad / (square(x) + square(y))
        return x * grad_inv, -y * grad_inv


registry.register("Expm1", infer=same_as_input, kernel=_ufunc("expm1"), grad=_expm1_grad)
registry.register("Erf", infer=same_as_input, kernel=_erf_kernel, grad=_erf_grad)
registry.register("Erfc", infer=same_as_input, kernel=_erfc_kernel, grad=_erfc_grad)
registry.register("Tan", infer=same_as_input, kernel=_ufunc("tan"), grad=_tan_grad)
registry.register("Asin", infer=same_as_input, kernel=_ufunc("arcsin"), grad=_asin_grad)
registry.register("Acos", infer=same_as_input, kernel=_ufunc("arccos"), grad=_acos_grad)
registry.register("Atan", infer=same_as_input, kernel=_ufunc("arctan"), grad=_atan_grad)
registry.register("Sinh", infer=same_as_input, kernel=_ufunc("sinh"), grad=_sinh_grad)
registry.register("Cosh", infer=same_as_input, kernel=_ufunc("cosh"), grad=_cosh_grad)
registry.register("Asinh", infer=same_as_input, kernel=_ufunc("arcsinh"), grad=_asinh_grad)
registry.register("Acosh", infer=same_as_input, kernel=_ufunc("arccosh"), grad=_acosh_grad)
registry.register("Atanh", infer=same_as_input, kernel=_ufunc("arctanh"), grad=_atanh_grad)
registry.register("Rint", infer=same_as_input, kernel=_ufunc("rint"),  # halves to even
                  grad=registry.NOT_DIFFERENTIABLE)
_register_binary("Atan2", _ufunc("arctan2"), grad=_atan2_grad)
_register_binary("TruncateDiv", _truncate_div_kernel, grad=registry.NOT_DIFFERENTIABLE)
# TF registers no gradient for TruncateMod; declared so that a path through it gives None.
_register_binary("TruncateMod", _truncate_mod_kernel, grad=registry.NOT_DIFFERENTIABLE)


def expm1(x: Any, name: str | None = None) -> Tensor:
    """`tf.expm1`: op Expm1, exp(x) - 1 without cancellation near 0."""
    return _gen_op("Expm1", [("x", x)], name, FLOATS_COMPLEX)


def erf(x: Any, name: str | None = None) -> Tensor:
    """`tf.erf`: op Erf, the Gauss error function."""
    return _gen_op("Erf", [("x", x)], name, FLOATS)


def erfc(x: Any, name: str | None = None) -> Tensor:
    """`tf.erfc`: op Erfc, 1 - erf(x) without cancellation for large x."""
    return _gen_op("Erfc", [("x", x)], name, FLOATS)


def tan(x: Any, name: str | None = None) -> Tensor:
    """`tf.tan`: op Tan."""
    return _gen_op("Tan", [("x", x)], name, FLOATS_COMPLEX)


def asin(x: Any, name: str | None = None) -> Tensor:
    """`tf.asin`: op Asin (NaN outside [-1, 1])."""
    return _gen_op("Asin", [("x", x)], name, FLOATS_COMPLEX)


def acos(x: Any, name: str | None = None) -> Tensor:
    """`tf.acos`: op Acos (NaN outside [-1, 1])."""
    return _gen_op("Acos", [("x", x)], name, FLOATS_COMPLEX)


def atan(x: Any, name: str | None = None) -> Tensor:
    """`tf.atan`: op Atan."""
    return _gen_op("Atan", [("x", x)], name, FLOATS_COMPLEX)


def sinh(x: Any, name: str | None = None) -> Tensor:
    """`tf.sinh`: op Sinh."""
    return _gen_op("Sinh", [("x", x)], name, FLOATS_COMPLEX)


def cosh(x: Any, name: str | None = None) -> Tensor:
    """`tf.cosh`: op Cosh."""
    return _gen_op("Cosh", [("x", x)], name, FLOATS_COMPLEX)


def asinh(x: Any, name: str | None = None) -> Tensor:
    """`tf.asinh`: op Asinh."""
    return _gen_op("Asinh", [("x", x)], name, FLOATS_COMPLEX)


def acosh(x: Any, name: str | None = None) -> Tensor:
    """`tf.acosh`: op Acosh (NaN below 1)."""
    return _gen_op("Acosh", [("x", x)], name, FLOATS_COMPLEX)


def atanh(x: Any, name: str | None = None) -> Tensor:
    """`tf.atanh`: op Atanh (NaN outside [-1, 1])."""
    return _gen_op("Atanh", [("x", x)], name, FLOATS_COMPLEX)


def rint(x: Any, name: str | None = None) -> Tensor:
    """`tf.rint`: op Rint, the nearest integer (halves to even) as a float."""
    return _gen_op("Rint", [("x", x)], name, FLOATS)


def atan2(y: Any, x: Any, name: str | None = None) -> Tensor:
    """`tf.atan2`: op Atan2, the angle of the point (x, y), in (-pi, pi]; broadcasts."""
    return _gen_op("Atan2", [("y", y), ("x", x)], name, FLOATS)


def truncatediv(x: Any, y: Any, name: str | None = None) -> Tensor:
    """`tf.truncatediv`: op TruncateDiv, the quotient rounded toward zero (C's `/`); integer
    division by zero fails at run time."""
    return _gen_op("TruncateDiv", [("x", x), ("y", y)], name, TRUNCATE_DIV)


def truncatemod(x: Any, y: Any, name: str | None = None) -> Tensor:
    """`tf.truncatemod`: op TruncateMod, the remainder with the dividend's sign (C's fmod)."""
    return _gen_op("TruncateMod", [("x", x), ("y", y)], name, TRUNCATE_MOD)


# --------------------------------------------------------------------------------------------
# count_nonzero and norm: composites of the ops above (math_ops.py and linalg_ops.py of TF 1.15)

def count_nonzero(input_tensor: Any = None, axis: Any = None, keepdims: bool | None = None,
                  dtype: Any = _dtypes.int64, name: str | None = None,
                  reduction_indices: Any = None, keep_dims: bool | None = None,
                  input: Any = None) -> Tensor:  # noqa: A002 - TF's own name
    """`tf.count_nonzero`: the number of elements unequal to zero along `axis`, as TF builds
    it: NotEqual against a scalar zero, Cast to int64, Sum, then Cast to `dtype`."""
    input_tensor = deprecated_argument("input", input, "input_tensor", input_tensor)
    keepdims = deprecated_argument("keepdims", keepdims, "keep_dims", keep_dims)
    axis = deprecated_argument("axis", axis, "reduction_indices", reduction_indices)
    with name_scope(name, "count_nonzero", [input_tensor]):
        x = convert_to_tensor(input_tensor, name="input")
        zero = array_ops.zeros([], dtype=x.dtype)
        nonzero = array_ops.cast(not_equal(x, zero), _dtypes.int64)
        counts = reduce_sum(nonzero, axis=axis, keepdims=bool(keepdims))
        return array_ops.cast(counts, dtype)


_MATRIX_NORMS = ["euclidean", "fro", 1, 2, np.inf]
_VECTOR_NORMS = ["euclidean", 1, 2, np.inf]


def _norm_axis_error(axis: Any) -> ValueError:
    return ValueError(f"'axis' must be None, an integer, or a tuple of 2 unique integers, got "
                      f"{axis}")


def norm(tensor: Any, ord: Any = "euclidean", axis: Any = None,  # noqa: A002 - TF's own name
         keepdims: bool | None = None, name: str | None = None,
         keep_dims: bool | None = None) -> Tensor:
    """`tf.norm`: a vector norm along an integer `axis` (or of all elements), or a matrix norm
    over a pair of axes; the ops are TF's (sqrt(sum(x * conj(x))) for the Euclidean and
    Frobenius norms, sums and maxima of Abs for 1 and inf, Pow for other p > 0), squeezed
    unless `keepdims`; the matrix 2-norm is the largest singular value (`_matrix_2_norm`)."""
    keepdims = deprecated_argument("keepdims", keepdims, "keep_dims", keep_dims)
    is_matrix_norm = isinstance(axis, (tuple, list)) and len(axis) == 2
    if is_matrix_norm:
        axis = tuple(axis)
        if not isinstance(axis[0], int) or not isinstance(axis[1], int) or axis[0] == axis[1]:
            raise _norm_axis_error(axis)
        if isinstance(ord, str) and ord not in _MATRIX_NORMS or ord not in _MATRIX_NORMS:
            raise ValueError(f"'ord' must be a supported matrix norm in {_MATRIX_NORMS}, got "
                             f"{ord}")
    else:
        if not (isinstance(axis, int) or axis is None):
            raise _norm_axis_error(axis)
        is_number = not isinstance(ord, str) and np.isreal(ord)
        if ord not in _VECTOR_NORMS and not (is_number and ord > 0):
            raise ValueError(f"'ord' must be a supported vector norm, got {ord}")
        if axis is not None:
            axis = (axis,)
    with name_scope(name, "norm", [tensor]):
        x = convert_to_tensor(tensor)
        if is_matrix_norm and ord == 2:
            result = _matrix_2_norm(x, axis)
        elif ord in ("fro", "euclidean", 2, 2.0):
            result = sqrt(reduce_sum(x * conj(x), axis, keepdims=True))
        else:
            result = abs(x)
            if ord == 1:
                result = reduce_sum(result, None if axis is None else axis[0], keepdims=True)
                if is_matrix_norm:
                    result = reduce_max(result, axis[-1], keepdims=True)
            elif ord == np.inf:
                if is_matrix_norm:
                    result = reduce_sum(result, axis[1], keepdims=True)
                result = reduce_max(result, None if axis is None else axis[0], keepdims=True)
            else:  # a general p-norm, p > 0
                result = pow(reduce_sum(pow(result, ord), axis, keepdims=True), 1.0 / ord)
        if not keepdims:
            result = array_ops.squeeze(result, axis)
        return result


def _matrix_2_norm(x: Tensor, axis: tuple) -> Tensor:
    """The largest singular value over the two `axis`, built as TF 1.15 builds it: the axes
    made positive (map_fn of a cond), moved last by a transpose, an Svd without vectors, the
    maximum of its values, and the inverse transpose (found by map_fn of a Where)."""
    from .control_flow import cond  # noqa: PLC0415 - both modules import this one
    from .functional import map_fn  # noqa: PLC0415
    from .linalg import svd  # noqa: PLC0415
    rank = array_ops.rank(x)
    positive_axis = map_fn(lambda i: cond(i >= 0, lambda: i, lambda: i + rank),
                           convert_to_tensor(axis))
    axes = array_ops.range(rank)
    perm_before = array_ops.concat([setdiff1d(axes, positive_axis)[0], positive_axis], axis=0)
    perm_after = map_fn(lambda i: array_ops.cast(array_ops.squeeze(array_ops.where(
        equal(perm_before, i))), dtype=_dtypes.int32), axes)
    permed = array_ops.transpose(x, perm=perm_before)
    largest = reduce_max(abs(svd(permed, compute_uv=False)), axis=-1, keepdims=True)
    return array_ops.transpose(array_ops.expand_dims(largest, axis=-1), perm=perm_after)


# --------------------------------------------------------------------------------------------
# EuclideanNorm, Cross, HistogramFixedWidth

def _euclidean_norm_kernel(ctx: registry.KernelContext):
    """sqrt(sum(|x|²)) over the axes; integers are summed and rooted in their type (the root
    truncated), as TF's reducer does."""
    xp = ctx.xp
    keep = ctx.attrs["keep_dims"]
    dtype = _dtypes.np_dtype(ctx.attrs["T"])
    integer = ctx.attrs["T"].is_integer

    def euclidean_norm(x, axes):
        axes = _axes(axes, x.ndim)
        squares = (x * xp.conj(x)).real if x.dtype.kind == "c" else x * x
        total = xp.sum(squares, axis=axes, keepdims=keep, dtype=squares.dtype)
        if integer:
            return xp.sqrt(total.astype(xp.float64)).astype(dtype)
        return xp.sqrt(total).astype(dtype, copy=False)
    return euclidean_norm


def _euclidean_norm_grad(op, grad):
    """x / (norm / grad), the norm and its gradient reshaped to keep the reduced axes."""
    x, axes = op.inputs
    output = op.outputs[0]
    if not op.get_attr("keep_dims"):
        kept = _kept_dims_shape(array_ops.shape(x), axes)
        output = array_ops.reshape(output, kept)
        grad = array_ops.reshape(grad, kept)
    return truediv(x, output / grad), None


registry.register("EuclideanNorm", infer=_reduction_infer, kernel=_euclidean_norm_kernel,
                  grad=_euclidean_norm_grad)


def reduce_euclidean_norm(input_tensor: Any, axis: Any = None, keepdims: bool = False,
                          name: str | None = None) -> Tensor:
    """`tf.math.reduce_euclidean_norm`: op EuclideanNorm, sqrt of the sum of squares over
    `axis` (all axes when None)."""
    return _reduce("EuclideanNorm", input_tensor, axis, keepdims, name, SUM)


def _cross_infer(op):
    a, b = op.inputs
    for t in (a, b):
        if t.shape.ndims is not None and t.shape.ndims < 1:
            raise ValueError(f"Shape must be at least rank 1 but is rank {t.shape.ndims}")
    if a.shape.ndims is not None and b.shape.ndims is not None and \
            a.shape.ndims != b.shape.ndims:
        raise ValueError(f"Shapes must be equal rank, but are {a.shape.ndims} and "
                         f"{b.shape.ndims}")
    shape = a.shape.merge_with(b.shape)
    if shape.ndims is not None:
        last = shape.dims[-1].value
        if last is not None and last != 3:
            raise ValueError(f"Dimension must be 3 but is {last}")
        shape = TensorShape(shape.dims[:-1] + [3])
    return [(a.dtype.base_dtype, shape)]


def _cross_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def cross_(a, b):
        if a.shape != b.shape:
            raise errors.InvalidArgumentError(
                None, None, f"Both inputs must be of same shape: {shape_str(a.shape)} vs. "
                            f"{shape_str(b.shape)}")
        if a.ndim < 1:
            raise errors.InvalidArgumentError(None, None, "Input must be at least 1D"
                                                          f"{shape_str(a.shape)}")
        if a.shape[-1] != 3:
            raise errors.FailedPreconditionError(
                None, None, "Cross-products are only defined for 3-element vectors.")
        return xp.cross(a, b).astype(a.dtype, copy=False)
    return cross_


def _cross_grad(op, grad):
    u, v = op.inputs
    return cross(v, grad), cross(grad, u)


registry.register("Cross", infer=_cross_infer, kernel=_cross_kernel, grad=_cross_grad)


def cross(a: Any, b: Any, name: str | None = None) -> Tensor:
    """`tf.cross` (`tf.linalg.cross`, op Cross): the cross products of the 3-vectors along the
    last dimension of `a` and `b`."""
    return _gen_op("Cross", [("a", a), ("b", b)], name, REAL)


def _histogram_fixed_width_infer(op):
    _, value_range, nbins = op.inputs
    if value_range.shape.ndims is not None:
        if value_range.shape.ndims != 1:
            raise ValueError(f"Shape must be rank 1 but is rank {value_range.shape.ndims}")
        n = value_range.shape.dims[0].value
        if n is not None and n != 2:
            raise ValueError(f"Dimension must be 2 but is {n}")
    if nbins.shape.ndims is not None and nbins.shape.ndims != 0:
        raise ValueError(f"Shape must be rank 0 but is rank {nbins.shape.ndims}")
    value = constant_value(nbins)
    if value is not None and int(value) <= 0:
        raise ValueError(f"Requires nbins > 0: {int(value)}")
    return [(op.get_attr("dtype"), TensorShape([None if value is None else int(value)]))]


def _histogram_fixed_width_kernel(ctx: registry.KernelContext):
    """TF's binning: (max(x, lo) - lo) in x's type, as a double, over the bin width
    (hi - lo) / nbins, capped at nbins - 1 and truncated."""
    xp = ctx.xp
    dtype = _dtypes.np_dtype(ctx.attrs["dtype"])

    def histogram_fixed_width_(values, value_range, nbins):
        if value_range.ndim != 1:
            raise errors.InvalidArgumentError(None, None, "value_range should be a vector.")
        if value_range.size != 2:
            raise errors.InvalidArgumentError(None, None,
                                              "value_range should be a vector of 2 elements.")
        if nbins.ndim != 0:
            raise errors.InvalidArgumentError(None, None, "nbins should be a scalar.")
        lo, hi = value_range[0], value_range[1]
        n = int(nbins)
        if not lo < hi:
            raise errors.InvalidArgumentError(
                None, None, f"value_range should satisfy value_range[0] < value_range[1], but "
                            f"got '[{lo.item():g}, {hi.item():g}]'")
        if n <= 0:
            raise errors.InvalidArgumentError(
                None, None, f"nbins should be a positive number, but got '{n}'")
        step = float(hi - lo) / n
        offset = (xp.maximum(values.reshape(-1), lo) - lo).astype(xp.float64)
        bins = xp.minimum(offset / step, n - 1).astype(xp.int32)
        return xp.bincount(bins, minlength=n).astype(dtype)
    return histogram_fixed_width_


registry.register("HistogramFixedWidth", infer=_histogram_fixed_width_infer,
                  kernel=_histogram_fixed_width_kernel, grad=registry.NOT_DIFFERENTIABLE)


def histogram_fixed_width(values: Any, value_range: Any, nbins: Any = 100,
                          dtype: Any = _dtypes.int32, name: str | None = None) -> Tensor:
    """`tf.histogram_fixed_width` (op HistogramFixedWidth): counts of `values` in `nbins`
    equal bins spanning `value_range` [lo, hi]; values below lo count in the first bin, values
    from hi on in the last."""
    dtype = _dtypes.as_dtype(dtype)
    with name_scope(name, "histogram_fixed_width", [values, value_range, nbins]) as scope:
        values, value_range = _convert_inputs("HistogramFixedWidth",
                                              [("values", values),
                                               ("value_range", value_range)],
                                              ("int32", "int64", "float32", "float64"))
        nbins = _convert_fixed("HistogramFixedWidth", "nbins", nbins, _dtypes.int32)
        check_dtype_allowed(dtype, "dtype", INDEX)
        return get_default_graph().create_op(
            "HistogramFixedWidth", [values, value_range, nbins],
            {"T": values.dtype.base_dtype, "dtype": dtype}, name=scope).outputs[0]


__all__ += ["reduce_euclidean_norm", "cross", "histogram_fixed_width"]


# --------------------------------------------------------------------------------------------
# Lgamma, Digamma, Polygamma (math_grad.py of TF 1.15) and log_sigmoid, reduce_variance,
# reduce_std, saturate_cast (math_ops.py)

_HALF_LOG_TWO_PI = 0.5 * float(np.log(2 * np.pi))
_LANCZOS_G = 7.0
_LANCZOS = (0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012,
            9.9843695780195716e-6, 1.5056327351493116e-7)
# B_2k / (2k) for the asymptotic series of digamma, and B_2k / (2k)! for Hurwitz's zeta
_DIGAMMA_SERIES = (1 / 12, -1 / 120, 1 / 252, -1 / 240, 1 / 132, -691 / 32760, 1 / 12)
_ZETA_SERIES = (1 / 12, -1 / 720, 1 / 30240, -1 / 1209600, 1 / 47900160,
                -691 / 1307674368000, 1 / 74724249600, -3617 / 10670622842880000)
_SHIFT = 10.0  # arguments are moved up to at least this before the asymptotic series


def _lgamma_positive(xp: Any, x: Any) -> Any:
    """log Gamma(x) for x >= 0.5 (Lanczos, g = 7, n = 9), in float64."""
    z = x - 1.0
    total = xp.full(z.shape, _LANCZOS[0])
    for k in range(1, len(_LANCZOS)):
        total = total + _LANCZOS[k] / (z + k)
    t = z + _LANCZOS_G + 0.5
    return _HALF_LOG_TWO_PI + (z + 0.5) * xp.log(t) - t + xp.log(total)


def _sin_pi(xp: Any, x: Any) -> Any:
    """|sin(pi x)| with the argument reduced exactly first."""
    return xp.abs(xp.sin(np.pi * (x - xp.round(x))))


def _lgamma(xp: Any, x: Any) -> Any:
    """log |Gamma(x)| in float64: Lanczos above 1/2, the reflection formula below; +inf at
    the poles and at both infinities, as TF's."""
    x = x.astype(xp.float64)
    finite = xp.isfinite(x)
    safe = xp.where(finite, x, 1.0)
    small = safe < 0.5
    right = _lgamma_positive(xp, xp.where(small, 1.0 - safe, safe))
    left = np.log(np.pi) - xp.log(_sin_pi(xp, safe)) - right
    out = xp.where(small, left, right)
    return xp.where(finite, out, xp.abs(x))


def _digamma(xp: Any, x: Any) -> Any:
    """digamma in float64: recurrence up to _SHIFT, then the asymptotic series; reflection
    below 1/2; NaN at the poles (non-positive integers) and at -inf, as TF's."""
    x = x.astype(xp.float64)
    pole = (x <= 0) & (x == xp.floor(x))
    reflect = x < 0.5
    y = xp.where(reflect, 1.0 - x, x)
    y = xp.where(xp.isfinite(y), y, _SHIFT)
    acc = xp.zeros(y.shape)
    for _ in range(int(_SHIFT)):
        below = y < _SHIFT
        acc = acc - xp.where(below, 1.0 / y, 0.0)
        y = xp.where(below, y + 1.0, y)
    inv2 = 1.0 / (y * y)
    series = xp.zeros(y.shape)
    for c in reversed(_DIGAMMA_SERIES[:-1]):
        series = (series + c) * inv2
    out = acc + xp.log(y) - 0.5 / y - series
    with_reflection = out - np.pi / xp.tan(np.pi * (x - xp.round(x)))
    out = xp.where(reflect, with_reflection, out)
    out = xp.where(x == np.inf, np.inf, out)
    return xp.where(pole | (x == -np.inf) | xp.isnan(x), np.nan, out)


def _hurwitz_zeta(xp: Any, s: Any, q: Any) -> Any:
    """zeta(s, q) = sum_k (q + k)^-s for integer s >= 2 and any q off the poles, in float64:
    direct terms until q + k >= _SHIFT (for every element), then Euler-Maclaurin."""
    total = xp.zeros(xp.broadcast(s, q).shape)
    q = q + total
    s = s + total
    while True:
        below = q < _SHIFT
        if not bool(below.any()):
            break
        total = total + xp.where(below, xp.power(xp.where(below, q, 1.0), -s), 0.0)
        q = xp.where(below, q + 1.0, q)
    power = xp.power(q, -s)
    total = total + q * power / (s - 1.0) + 0.5 * power
    factor = s * power / q  # s (s+1) ... (s+2j-2) q^(-s-2j+1), from j = 1
    inv2 = 1.0 / (q * q)
    for j, c in enumerate(_ZETA_SERIES):
        total = total + c * factor
        factor = factor * (s + 2 * j + 1) * (s + 2 * j + 2) * inv2
    return total


def _polygamma(xp: Any, n: Any, x: Any) -> Any:
    """polygamma(n, x) in float64: digamma for n == 0, (-1)^(n+1) n! zeta(n + 1, x) for
    integer n >= 1, 0 at +inf; NaN for other n and at the poles of even n (+inf at those of
    odd n), as TF's."""
    n, x = n.astype(xp.float64), x.astype(xp.float64)
    n, x = xp.broadcast_arrays(n, x)
    valid = (n >= 0) & (n == xp.floor(n)) & xp.isfinite(x)
    higher = valid & (n >= 1)
    pole = (x <= 0) & (x == xp.floor(x))
    nn = xp.where(higher, n, 1.0)
    q = xp.where(higher & ~pole, x, 1.0)
    fact = xp.exp(_lgamma(xp, nn + 1.0))
    sign = xp.where(nn % 2 == 1, 1.0, -1.0)
    at_pole = xp.where(sign > 0, np.inf, np.nan)  # TF's: +inf for odd n, NaN for even n
    higher_value = xp.where(pole, at_pole, sign * fact * _hurwitz_zeta(xp, nn + 1.0, q))
    digamma_value = _digamma(xp, xp.where(valid | (x == np.inf), x, 1.0))
    out = xp.where(higher, higher_value, digamma_value)
    order = (n >= 0) & (n == xp.floor(n))
    out = xp.where(order & (n >= 1) & (x == np.inf), 0.0, out)  # the limit (TF: 0 or NaN)
    return xp.where(valid | order & (x == np.inf), out, np.nan)


def _special_kernel(fn: Callable) -> Callable:
    def factory(ctx: registry.KernelContext):
        xp = ctx.xp

        def special(*inputs):
            return xp.asarray(fn(xp, *inputs)).astype(inputs[-1].dtype, copy=False)
        return special
    return factory


def _lgamma_grad(op, grad):
    """grad * digamma(x)."""
    x = op.inputs[0]
    with _control_on(grad):
        return grad * digamma(conj(x))


def _digamma_grad(op, grad):
    """grad * polygamma(1, x)."""
    x = op.inputs[0]
    with _control_on(grad):
        x = conj(x)
        return grad * polygamma(array_ops.constant(1, dtype=x.dtype), x)


def _polygamma_grad(op, grad):
    """(None, polygamma(n + 1, x) * grad summed over x's broadcast axes)."""
    n, x = op.inputs
    sn, sx = array_ops.shape(n), array_ops.shape(x)
    _, rx = array_ops.broadcast_gradient_args(sn, sx)
    with _control_on(grad):
        n, x = conj(n), conj(x)
        partial_x = polygamma(n + 1, x)
        return None, array_ops.reshape(reduce_sum(partial_x * grad, rx), sx)


registry.register("Lgamma", infer=same_as_input, kernel=_special_kernel(_lgamma),
                  grad=_lgamma_grad)
registry.register("Digamma", infer=same_as_input, kernel=_special_kernel(_digamma),
                  grad=_digamma_grad)
registry.register("Polygamma", infer=_binary_infer, kernel=_special_kernel(_polygamma),
                  grad=_polygamma_grad, explain=_explain_binary)


def lgamma(x: Any, name: str | None = None) -> Tensor:
    """`tf.lgamma` (`tf.math.lgamma`, op Lgamma): log |Gamma(x)|."""
    return _gen_op("Lgamma", [("x", x)], name, FLOATS)


def digamma(x: Any, name: str | None = None) -> Tensor:
    """`tf.digamma` (`tf.math.digamma`, op Digamma): the derivative of lgamma."""
    return _gen_op("Digamma", [("x", x)], name, FLOATS)


def polygamma(a: Any, x: Any, name: str | None = None) -> Tensor:
    """`tf.polygamma` (`tf.math.polygamma`, op Polygamma): the a-th derivative of digamma at
    x, for integer a >= 0 (NaN otherwise); broadcasts."""
    return _gen_op("Polygamma", [("a", a), ("x", x)], name, ("float32", "float64"))


def log_sigmoid(x: Any, name: str | None = None) -> Tensor:
    """`tf.log_sigmoid` (`tf.math.log_sigmoid`): -softplus(-x) under scope `LogSigmoid`, the
    last Neg taking the scope's name, as TF 1.15 builds it."""
    from . import nn as nn_ops  # noqa: PLC0415 - nn builds on this module
    with name_scope(name, "LogSigmoid", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        return get_default_graph().create_op(
            "Neg", [nn_ops.softplus(-x)], {"T": x.dtype.base_dtype}, name=scope).outputs[0]


def reduce_variance(input_tensor: Any, axis: Any = None, keepdims: bool = False,
                    name: str | None = None) -> Tensor:
    """`tf.math.reduce_variance`: mean of squared deviations from the mean over `axis`, built
    as TF 1.15 builds it (Mean, Sub, Square, Mean under scope `reduce_variance`)."""
    with name_scope(name or "reduce_variance"):
        means = reduce_mean(input_tensor, axis=axis, keepdims=True)
        squared_deviations = square(input_tensor - means)
        return reduce_mean(squared_deviations, axis=axis, keepdims=keepdims)


def reduce_std(input_tensor: Any, axis: Any = None, keepdims: bool = False,
               name: str | None = None) -> Tensor:
    """`tf.math.reduce_std`: Sqrt of `reduce_variance`, under scope `reduce_std`."""
    with name_scope(name or "reduce_std"):
        variance = reduce_variance(input_tensor, axis=axis, keepdims=keepdims)
        return sqrt(variance)


def saturate_cast(value: Any, dtype: Any, name: str | None = None) -> Tensor:
    """`tf.saturate_cast` (`tf.dtypes.saturate_cast`): `value` clamped to the range of `dtype`
    (Maximum with `min`, Minimum with `max` where the source range is wider), then Cast, as
    TF 1.15 builds it."""
    with name_scope(name, "saturate_cast", [value]) as scope:
        value = convert_to_tensor(value, name="value")
        dtype = _dtypes.as_dtype(dtype).base_dtype
        if value.dtype.min < dtype.min:
            value = maximum(value, convert_to_tensor(dtype.min, dtype=value.dtype, name="min"))
        if value.dtype.max > dtype.max:
            value = minimum(value, convert_to_tensor(dtype.max, dtype=value.dtype, name="max"))
        return array_ops.cast(value, dtype, name=scope)


__all__ += ["digamma", "lgamma", "log_sigmoid", "polygamma", "saturate_cast"]


# --------------------------------------------------------------------------------------------
# Bitcast and UniqueWithCounts (array_ops of TF 1.15; here with the other ops added with them)

BITCAST = ("bfloat16", "float16", "float32", "float64", "int64", "int32", "uint8", "uint16",
           "uint32", "uint64", "int8", "int16", "complex64", "complex128", "qint8", "quint8",
           "qint16", "quint16", "qint32")


def _bitcast_infer(op):
    x = op.inputs[0]
    in_size, out_size = x.dtype.base_dtype.size, op.get_attr("type").size
    shape = x.shape
    if in_size == out_size or shape.ndims is None:
        return [(op.get_attr("type"), shape)]
    if in_size < out_size:
        if shape.ndims < 1:
            raise ValueError(f"Shape must be at least rank 1 but is rank {shape.ndims}")
        last = shape.dims[-1].value
        ratio = out_size // in_size
        if last is not None and last != ratio:
            raise ValueError(f"Cannot bitcast due to shape. {last} does not match {ratio}")
        return [(op.get_attr("type"), TensorShape(shape.dims[:-1]))]
    return [(op.get_attr("type"), shape.concatenate([in_size // out_size]))]


def _bitcast_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    src, dst = ctx.attrs["T"], ctx.attrs["type"]
    in_size, out_size = src.size, dst.size
    out_dtype = _dtypes.np_dtype(dst)

    def bitcast_(x):
        if in_size < out_size and (x.ndim == 0 or x.shape[-1] != out_size // in_size):
            raise errors.InvalidArgumentError(
                None, None, f"Cannot bitcast from {src.as_datatype_enum} to "
                            f"{dst.as_datatype_enum}: shape {shape_str(x.shape)}")
        shape = x.shape
        if in_size > out_size:  # (ascontiguousarray makes a rank-0 input rank 1)
            return xp.ascontiguousarray(x).reshape(shape + (1,)).view(out_dtype)
        out = xp.ascontiguousarray(x).view(out_dtype)
        return out.reshape(shape[:-1]) if in_size < out_size else out.reshape(shape)
    return bitcast_


registry.register("Bitcast", infer=_bitcast_infer, kernel=_bitcast_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)


def bitcast(input: Any, type: Any, name: str | None = None) -> Tensor:  # noqa: A002 - TF's
    """`tf.bitcast` (op Bitcast): the bytes of `input` read as `type`; a narrower type adds an
    inner dimension of the size ratio, a wider one removes the inner dimension, which must be
    that ratio."""
    g = get_default_graph()
    with g.name_scope(name or "Bitcast") as scope:
        x = convert_to_tensor(input, name="input")
        check_dtype_allowed(x.dtype, "input", BITCAST)
        dst = _dtypes.as_dtype(type).base_dtype
        check_dtype_allowed(dst, "type", BITCAST)
        return g.create_op("Bitcast", [x], {"T": x.dtype.base_dtype, "type": dst},
                           name=scope).outputs[0]


def _unique_with_counts_infer(op):
    x = op.inputs[0]  # no rank check while building, as TF's: the kernel wants a vector
    idx_type = op.get_attr("out_idx")
    return [(x.dtype.base_dtype, TensorShape([None])), (idx_type, x.shape),
            (idx_type, TensorShape([None]))]


def _unique_with_counts_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    idx_type = _dtypes.np_dtype(ctx.attrs["out_idx"])

    def unique_with_counts_(x):
        if x.ndim != 1:
            raise errors.InvalidArgumentError(None, None, "unique expects a 1D vector.")
        _, first, inverse, counts = xp.unique(x, return_index=True, return_inverse=True,
                                              return_counts=True)
        order = xp.argsort(first)  # TF keeps the values in order of first appearance
        position = xp.empty_like(order)
        position[order] = xp.arange(order.size)
        return (x[first[order]], position[inverse.reshape(-1)].astype(idx_type),
                counts[order].astype(idx_type))
    return unique_with_counts_


registry.register("UniqueWithCounts", infer=_unique_with_counts_infer,
                  kernel=_unique_with_counts_kernel, grad=registry.NOT_DIFFERENTIABLE)

_UniqueWithCountsOutput = collections.namedtuple("UniqueWithCounts", ["y", "idx", "count"])


def unique_with_counts(x: Any, out_idx: Any = _dtypes.int32, name: str | None = None) -> Any:
    """`tf.unique_with_counts` (op UniqueWithCounts): the distinct values `y` of a vector in
    order of first appearance, each element's position `idx` in `y`, and how often each value
    occurs (`count`, of type `out_idx`); a (y, idx, count) namedtuple."""
    out_idx = _dtypes.as_dtype(out_idx).base_dtype
    g = get_default_graph()
    with g.name_scope(name or "UniqueWithCounts") as scope:
        x = convert_to_tensor(x, name="x")
        check_dtype_allowed(out_idx, "out_idx", INDEX)
        op = g.create_op("UniqueWithCounts", [x], {"T": x.dtype.base_dtype, "out_idx": out_idx},
                         name=scope)
    return _UniqueWithCountsOutput(*op.outputs)


__all__ += ["bitcast", "unique_with_counts"]
