"""Shape-rule helpers shared by op families: broadcasting, unary, reductions' axes."""
from __future__ import annotations

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
