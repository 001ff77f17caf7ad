"""`tf.SparseTensor`: a tensor given by the coordinates and values of its nonzero elements
(mirrors sparse_tensor.py of TF 1.15).

It is three dense tensors travelling together: `indices` (int64 `[N, rank]`), `values` (`[N]`)
and `dense_shape` (int64 `[rank]`). A Session fetches it as a `SparseTensorValue` and feeds it
from one (or from any `(indices, values, dense_shape)` triple), part by part.
"""
from __future__ import annotations

import collections
from typing import Any

from . import dtypes as _dtypes
from .convert import constant_value_as_shape, convert_to_tensor
from .graph import Tensor, get_default_session, name_scope
from .tensor_shape import TensorShape

SparseTensorValue = collections.namedtuple("SparseTensorValue",
                                           ["indices", "values", "dense_shape"])


class SparseTensor:
    """Values `values[i]` at coordinates `indices[i]` of a tensor of shape `dense_shape`."""

    @classmethod
    def from_value(cls, sparse_tensor_value: Any) -> SparseTensor:
        if not is_sparse(sparse_tensor_value):
            raise TypeError(f"Neither a SparseTensor nor SparseTensorValue: "
                            f"{sparse_tensor_value}.")
        return SparseTensor(indices=sparse_tensor_value.indices,
                            values=sparse_tensor_value.values,
                            dense_shape=sparse_tensor_value.dense_shape)

    def __init__(self, indices: Any, values: Any, dense_shape: Any):
        # the scope names the constants a Python triple becomes (SparseTensor/indices, ...)
        with name_scope(None, "SparseTensor", [indices, values, dense_shape]):
            indices = convert_to_tensor(indices, name="indices", dtype=_dtypes.int64)
            values = convert_to_tensor(values, name="values")
            dense_shape = convert_to_tensor(dense_shape, name="dense_shape",
                                            dtype=_dtypes.int64)
        indices_shape = indices.shape.with_rank(2)
        values_shape = values.shape.with_rank(1)
        dense_shape_shape = dense_shape.shape.with_rank(1)
        indices_shape.dims[0].merge_with(values_shape.dims[0])  # one value per coordinate
        indices_shape.dims[1].merge_with(dense_shape_shape.dims[0])  # rank agrees
        self._indices = indices
        self._values = values
        self._dense_shape = dense_shape

    @property
    def indices(self) -> Tensor:
        return self._indices

    @property
    def values(self) -> Tensor:
        return self._values

    @property
    def dense_shape(self) -> Tensor:
        return self._dense_shape

    @property
    def op(self):
        return self._values.op

    @property
    def dtype(self) -> _dtypes.DType:
        return self._values.dtype

    @property
    def graph(self):
        return self._indices.graph

    def get_shape(self) -> TensorShape:
        """The dense shape, as far as `dense_shape` is known while building."""
        return constant_value_as_shape(self._dense_shape)

    @property
    def shape(self) -> TensorShape:
        return self.get_shape()

    def consumers(self) -> list:
        seen = []
        for t in (self._indices, self._values, self._dense_shape):
            seen.extend(op for op in t.consumers() if op not in seen)
        return seen

    def eval(self, feed_dict: Any = None, session: Any = None) -> SparseTensorValue:
        """The value in `session` (else the default session)."""
        session = session or get_default_session()
        if session is None:
            raise ValueError("Cannot evaluate tensor using `eval()`: No default session is "
                             "registered. Use `with sess.as_default()` or pass an explicit "
                             "session to `eval(session=sess)`")
        return session.run(self, feed_dict)

    def _feed_tensors(self) -> tuple[Tensor, Tensor, Tensor]:
        """The tensors a Session feeds from a `(indices, values, dense_shape)` value."""
        return self._indices, self._values, self._dense_shape

    def __str__(self) -> str:
        return (f"SparseTensor(indices={self._indices}, values={self._values}, "
                f"dense_shape={self._dense_shape})")

    __repr__ = __str__


def is_sparse(x: Any) -> bool:
    """A SparseTensor or a SparseTensorValue."""
    return isinstance(x, (SparseTensor, SparseTensorValue))


def convert_to_sparse_tensor(sp_input: Any) -> SparseTensor:
    """`sp_input` as a SparseTensor (a SparseTensorValue becomes constants)."""
    if isinstance(sp_input, SparseTensorValue):
        return SparseTensor.from_value(sp_input)
    if not isinstance(sp_input, SparseTensor):
        raise TypeError("Input must be a SparseTensor.")
    return sp_input
