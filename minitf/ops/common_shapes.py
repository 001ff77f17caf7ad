"""Build-time helpers shared by op families: broadcasting, unary shape rules, axes, and TF's
op-definition type lists and checks."""
from __future__ import annotations

from typing import Any

from ..framework import dtypes as _dtypes
from ..framework.tensor_shape import Dimension, TensorShape, unknown_shape


def broadcast_shapes(a: TensorShape, b: TensorShape) -> TensorShape:
    """numpy broadcasting of two static shapes; unknown dims stay unknown where undecidable.
    Incompatible known dims raise TF's 'Dimensions must be equal' ValueError."""
    if a.ndims is None or b.ndims is None:
        return unknown_shape()
    da, db = a.dims, b.dims
    n = max(len(da), len(db))
    da = [Dimension(1)] * (n - len(da)) + da
    db = [Dimension(1)] * (n - len(db)) + db
    out = []
    for x, y in zip(da, db):
        xv, yv = x.value, y.value
        if xv == 1:
            out.append(yv)
        elif yv == 1:
            out.append(xv)
        elif xv is None:
            out.append(yv)
        elif yv is None:
            out.append(xv)
        elif xv == yv:
            out.append(xv)
        else:
            raise ValueError(f"Dimensions must be equal, but are {xv} and {yv}")
    return TensorShape(out)


def same_as_input(op):
    """Rule for unary elementwise ops: one output, like input 0."""
    x = op.inputs[0]
    return [(x.dtype.base_dtype, x.shape)]


def normalize_axis(axis: int, rank: int, what: str = "dimension") -> int:
    if not -rank <= axis < rank:
        raise ValueError(f"Expected {what} in the range [{-rank}, {rank}), but got {axis}")
    return axis % rank


# Type lists of TF's op definitions, in TF's order (they appear in its TypeError messages).
FLOAT_TYPES = ("float16", "bfloat16", "float32", "float64")
REAL_TYPES = ("float32", "float64", "int32", "uint8", "int16", "int8", "int64", "bfloat16",
              "uint16", "float16", "uint32", "uint64")
NUMBER_TYPES = ("float32", "float64", "int32", "uint8", "int16", "int8", "complex64", "int64",
                "qint8", "quint8", "qint32", "bfloat16", "qint16", "quint16", "uint16",
                "complex128", "float16", "uint32", "uint64")


def check_dtype_allowed(dtype: _dtypes.DType, param: str, allowed: tuple[str, ...]) -> None:
    """TF's op-definition type check: a TypeError naming the parameter and the allowed types."""
    name = dtype.base_dtype.name
    if name not in allowed:
        raise TypeError(f"Value passed to parameter '{param}' has DataType {name} not in list of "
                        f"allowed values: {', '.join(allowed)}")


def shape_str(shape: tuple) -> str:
    """A run-time shape as TF's kernels print it: `[2,3]`, `[]`."""
    return "[" + ",".join(str(d) for d in shape) + "]"


def deprecated_argument(new_name: str, new_value: Any, old_name: str, old_value: Any) -> Any:
    """TF's lookup of a renamed argument (`keep_dims` for `keepdims`): one or the other."""
    if old_value is not None:
        if new_value is not None:
            raise ValueError(f"Cannot specify both '{old_name}' and '{new_name}'.")
        return old_value
    return new_value
