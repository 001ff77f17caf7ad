"""`tf.IndexedSlices`: a sparse set of rows of a dense tensor, the gradient of a gather (mirrors
indexed_slices.py of TF 1.15).

Gradients of `gather`/`embedding_lookup` stay sparse up to the optimizer, which updates only the
rows named by `indices`. Where a dense tensor is needed, the conversion registered by
ops/math.py sums the rows into place (UnsortedSegmentSum), as TF does.
"""
from __future__ import annotations

import collections
from typing import Any

from . import dtypes as _dtypes
from .convert import constant_value_as_shape
from .graph import Tensor
from .tensor_shape import TensorShape, unknown_shape

IndexedSlicesValue = collections.namedtuple("IndexedSlicesValue",
                                            ["values", "indices", "dense_shape"])


class IndexedSlices:
    """Rows `values[i]` of a dense tensor of shape `dense_shape`, at rows `indices[i]`."""

    def __init__(self, values: Tensor, indices: Tensor, dense_shape: Tensor | None = None):
        self._values = values
        self._indices = indices
        self._dense_shape = dense_shape

    @property
    def values(self) -> Tensor:
        return self._values

    @property
    def indices(self) -> Tensor:
        return self._indices

    @property
    def dense_shape(self) -> Tensor | None:
        return self._dense_shape

    @property
    def name(self) -> str:
        return self._values.name

    @property
    def device(self) -> str:
        return self._values.device

    @property
    def op(self):
        return self._values.op

    @property
    def dtype(self) -> _dtypes.DType:
        return self._values.dtype

    @property
    def graph(self):
        return self._values.graph

    def get_shape(self) -> TensorShape:
        """The dense shape, as far as it is known while building."""
        if self._dense_shape is None:
            return unknown_shape()
        return constant_value_as_shape(self._dense_shape)

    @property
    def shape(self) -> TensorShape:
        return self.get_shape()

    def consumers(self) -> list:
        return self._values.consumers()

    def __repr__(self) -> str:
        shape = "" if self._dense_shape is None else f", dense_shape={self._dense_shape}"
        return f"IndexedSlices(indices={self._indices}, values={self._values}{shape})"

    def __str__(self) -> str:
        return self.__repr__()


def is_indexed_slices(x: Any) -> bool:
    return isinstance(x, IndexedSlices)
