"""Math ops: elementwise arithmetic, comparisons and logic, reductions, argmax, add_n, matmul
(mirrors math_ops.py and the generated gen_math_ops.py of TF 1.15).

Also installs Tensor's Python operators, named as TF1 names them (`add`, `sub`, `mul`,
`truediv`, `floordiv`, `mod`, `pow`, `matmul`, `Neg`, `Abs`, `Less`, `and` ...).

Builders of TF's generated ops convert their inputs as TF's op-definition library does: the
first input of a shared type `T` fixes it, later ones must have that type (a Python value is
converted to it), and `T` must be in the op's list of allowed types; the errors are TF's.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework import errors, registry
from ..framework.convert import constant, constant_value, convert_to_tensor
from ..framework.graph import Tensor, get_default_graph, name_scope, override_operator
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
    "add_n", "matmul",
    "reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_any",
    "reduce_all", "reduce_logsumexp", "argmax", "argmin",
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
    """Integer division and modulo fail on a zero divisor, as TF's kernels do."""
    def kernel(x, y):
        if not xp.all(y):
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
    return _sum_to(multiply(grad, y), rx, sx), _sum_to(multiply(x, grad), ry, sy)


def _register_binary(op_type: str, kernel: Callable, infer: Callable = _binary_infer,
                     grad: Any = None) -> None:
    registry.register(op_type, infer=infer, kernel=kernel, grad=grad, explain=_explain_binary)


_register_binary("AddV2", _ufunc("add"), grad=_add_grad)
_register_binary("Add", _ufunc("add"), grad=_add_grad)
_register_binary("Sub", _ufunc("subtract"), grad=_sub_grad)
_register_binary("Mul", _ufunc("multiply"), grad=_mul_grad)
_register_binary("RealDiv", _real_div_kernel)
_register_binary("FloorDiv", _floor_div_kernel)
_register_binary("FloorMod", _floor_mod_kernel)
_register_binary("Pow", _ufunc("power"))
_register_binary("Maximum", _ufunc("maximum"))
_register_binary("Minimum", _ufunc("minimum"))
_register_binary("SquaredDifference", _squared_difference_kernel)
for _op_type, _fn in (("Equal", "equal"), ("NotEqual", "not_equal"), ("Less", "less"),
                      ("LessEqual", "less_equal"), ("Greater", "greater"),
                      ("GreaterEqual", "greater_equal"), ("LogicalAnd", "logical_and"),
                      ("LogicalOr", "logical_or")):
    _register_binary(_op_type, _ufunc(_fn), _compare_infer, registry.NOT_DIFFERENTIABLE)


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
            return xp.reciprocal(t, out=t)
        return 1 / (1 + xp.exp(t))
    return sigmoid


def _reciprocal_kernel(ctx: registry.KernelContext):
    dtype = ctx.attrs["T"]
    if not (dtype.is_floating or dtype.is_complex):
        return _no_kernel(ctx.op_type, dtype)
    return ctx.xp.reciprocal


def _bool_infer(op):
    return [(_dtypes.bool, op.inputs[0].shape)]


registry.register("Neg", infer=same_as_input, kernel=_ufunc("negative"))
registry.register("Abs", infer=same_as_input, kernel=_ufunc("abs"))
registry.register("Square", infer=same_as_input, kernel=_ufunc("square"))
registry.register("Sqrt", infer=same_as_input, kernel=_ufunc("sqrt"))
registry.register("Rsqrt", infer=same_as_input, kernel=_rsqrt_kernel)
registry.register("Exp", infer=same_as_input, kernel=_ufunc("exp"))
registry.register("Log", infer=same_as_input, kernel=_ufunc("log"))
registry.register("Log1p", infer=same_as_input, kernel=_ufunc("log1p"))
registry.register("Tanh", infer=same_as_input, kernel=_ufunc("tanh"))
registry.register("Sigmoid", infer=same_as_input, kernel=_sigmoid_kernel)
registry.register("Sign", infer=same_as_input, kernel=_ufunc("sign"))
registry.register("Reciprocal", infer=same_as_input, kernel=_reciprocal_kernel)
registry.register("Floor", infer=same_as_input, kernel=_ufunc("floor"))
registry.register("Ceil", infer=same_as_input, kernel=_ufunc("ceil"))
registry.register("Round", infer=same_as_input, kernel=_ufunc("round"))  # half to even
registry.register("Sin", infer=same_as_input, kernel=_ufunc("sin"))
registry.register("Cos", infer=same_as_input, kernel=_ufunc("cos"))
registry.register("Conj", infer=same_as_input, kernel=_ufunc("conj"))
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


registry.register("AddN", infer=_add_n_infer, kernel=_add_n_kernel)


def add_n(inputs: Sequence[Any], name: str | None = None) -> Tensor:
    """`tf.add_n`: op AddN summing tensors of one shape and dtype; a single input is returned
    as it is (through an Identity when `name` is given)."""
    message = "inputs must be a list of at least one Tensor/IndexedSlices with the same dtype " \
              "and shape"
    if not isinstance(inputs, (list, tuple)) or not inputs:
        raise ValueError(message)
    inputs = [convert_to_tensor(v) for v in inputs]
    if len(inputs) == 1:
        if name:
            from .array import identity  # noqa: PLC0415 - array ops build on this module
            return identity(inputs[0], name=name)
        return inputs[0]
    types = [t.dtype.base_dtype for t in inputs]
    if any(t != types[0] for t in types):
        raise TypeError(f"Tensors in list passed to 'inputs' of 'AddN' Op have types "
                        f"[{', '.join(t.name for t in types)}] that don't all match.")
    check_dtype_allowed(types[0], "inputs", ADD_N)
    g = get_default_graph()
    return g.create_op("AddN", inputs, {"N": len(inputs), "T": types[0]},
                       name=name or "AddN").outputs[0]


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
    ta, tb = op.get_attr("transpose_a"), op.get_attr("transpose_b")
    da = a.shape.dims if a.shape.ndims is not None else [Dimension(None)] * 2
    db = b.shape.dims if b.shape.ndims is not None else [Dimension(None)] * 2
    rows, inner_a = (da[1], da[0]) if ta else (da[0], da[1])
    inner_b, cols = (db[1], db[0]) if tb else (db[0], db[1])
    _merge_dims(inner_a, inner_b)
    return [(a.dtype.base_dtype, TensorShape([rows, cols]))]


def _matmul_kernel(ctx: registry.KernelContext):
    ta, tb = ctx.attrs["transpose_a"], ctx.attrs["transpose_b"]
    matmul_ = ctx.xp.matmul
    if not (ta or tb):
        return matmul_

    def matmul_transposed(a, b):
        return matmul_(a.T if ta else a, b.T if tb else b)
    return matmul_transposed


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
    if not (adj_x or adj_y):
        return xp.matmul

    def adjoint(t):
        t = xp.swapaxes(t, -1, -2)
        return xp.conj(t) if complex_ else t

    def batch_matmul(x, y):
        return xp.matmul(adjoint(x) if adj_x else x, adjoint(y) if adj_y else y)
    return batch_matmul


registry.register("MatMul", infer=_matmul_infer, kernel=_matmul_kernel, explain=_explain_matmul)
registry.register("BatchMatMulV2", infer=_batch_matmul_infer, kernel=_batch_matmul_kernel,
                  explain=_explain_matmul)


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
        fn = getattr(ctx.xp, method)
        keep = ctx.attrs["keep_dims"]

        if typed:
            def reduce(x, axes):
                return fn(x, axis=_axes(axes, x.ndim), keepdims=keep, dtype=x.dtype)
        else:
            def reduce(x, axes):
                return fn(x, axis=_axes(axes, x.ndim), keepdims=keep)
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
            if x.size == 0:  # 0 / 0: NaN, without numpy's empty-slice warning
                return xp.sum(x, axis=axes, keepdims=keep) / 0
            return xp.mean(x, axis=axes, keepdims=keep)
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


registry.register("Sum", infer=_reduction_infer, kernel=_reduce_kernel("sum", True))
registry.register("Prod", infer=_reduction_infer, kernel=_reduce_kernel("prod", True))
registry.register("Mean", infer=_reduction_infer, kernel=_mean_kernel)
registry.register("Max", infer=_reduction_infer, kernel=_extremum_kernel("max", -1))
registry.register("Min", infer=_reduction_infer, kernel=_extremum_kernel("min", 1))
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
