"""String ops (mirrors string_ops.py of TF 1.15): `tf.string_split`.

Strings are host values (numpy object arrays of bytes) whatever the backend, as CuPy has no
string arrays; integer outputs live on the backend.
"""
from __future__ import annotations

import re
from typing import Any

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework import errors, registry
from ..framework.convert import convert_to_tensor
from ..framework.graph import get_default_graph
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor_shape import TensorShape, dims_str

__all__ = ["string_split"]


def _string_split_infer(op):
    source, delimiter = op.inputs
    if source.shape.ndims is not None and source.shape.ndims != 1:
        raise ValueError(f"Shape must be rank 1 but is rank {source.shape.ndims}")
    if delimiter.shape.ndims is not None and delimiter.shape.ndims != 0:
        raise ValueError(f"Shape must be rank 0 but is rank {delimiter.shape.ndims}")
    return [(_dtypes.int64, TensorShape([None, 2])), (_dtypes.string, TensorShape([None])),
            (_dtypes.int64, TensorShape([2]))]


def _tokens(text: bytes, delimiter: bytes, skip_empty: bool) -> list:
    """`text` split at every byte of `delimiter` (an empty delimiter: into single bytes)."""
    if not delimiter:
        parts = [text[i:i + 1] for i in range(len(text))]
    else:
        parts = re.split(b"[" + re.escape(delimiter) + b"]", text)
    return [p for p in parts if p] if skip_empty else parts


def _string_split_kernel(ctx: registry.KernelContext):
    xp, skip_empty = ctx.xp, ctx.attrs.get("skip_empty", True)

    def string_split(source, delimiter):
        if source.ndim != 1:
            raise errors.InvalidArgumentError(
                None, None, f"input must be a vector, got shape: "
                            f"{dims_str(TensorShape(list(source.shape)))}")
        if delimiter.ndim != 0:
            raise errors.InvalidArgumentError(
                None, None, f"delimiter must be a scalar, got shape: "
                            f"{dims_str(TensorShape(list(delimiter.shape)))}")
        sep = delimiter[()]
        rows = [_tokens(text, sep, skip_empty) for text in source.tolist()]
        indices = [[b, i] for b, row in enumerate(rows) for i in range(len(row))]
        values = np.empty(len(indices), dtype=object)
        values[:] = [tok for row in rows for tok in row]
        width = max((len(row) for row in rows), default=0)
        return (xp.asarray(indices, dtype="int64").reshape(-1, 2), values,
                xp.asarray([len(rows), width], dtype="int64"))
    return string_split


registry.register("StringSplit", infer=_string_split_infer, kernel=_string_split_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, foldable=False)


def string_split(source: Any, sep: Any = None, skip_empty: bool = True, delimiter: Any = None,
                 name: str | None = None) -> SparseTensor:
    """`tf.string_split`: each string of the vector `source` cut at every character of `sep`
    (or its older name `delimiter`; a space by default), as a SparseTensor
    `[len(source), most tokens]` of bytes; `skip_empty` drops empty tokens."""
    if sep is None:
        sep = " " if delimiter is None else delimiter
    g = get_default_graph()
    with g.name_scope(name or "StringSplit"):
        sep = convert_to_tensor(sep, dtype=_dtypes.string)
        source = convert_to_tensor(source, dtype=_dtypes.string)
        indices, values, shape = g.create_op("StringSplit", [source, sep],
                                             {"skip_empty": bool(skip_empty)},
                                             name="StringSplit").outputs
        return SparseTensor(indices, values, shape)
