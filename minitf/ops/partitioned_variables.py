"""Partitioned variables (mirrors TF 1.15's partitioned_variables.py and the partitioned half
of its variable store): `get_variable` with a partitioner makes one variable per shard,
`<name>/part_<i>`, each knowing its slice of the whole (`SaveSliceInfo`), and returns a
`PartitionedVariable`, which reads as the concatenation of its shards."""
from __future__ import annotations

import collections.abc as cabc
import math
from typing import Any, Callable

from ..framework import dtypes as _dtypes
from ..framework.convert import convert_to_tensor, register_tensor_conversion_function
from ..framework.graph import Tensor, control_dependencies, name_scope
from ..framework.tensor_shape import TensorShape, dimension_value
from . import array as array_ops
from .state import SaveSliceInfo

__all__ = ["PartitionedVariable", "fixed_size_partitioner", "variable_axis_size_partitioner",
           "min_max_variable_partitioner"]


class _PartitionInfo:
    """What an initializer is told about the shard it initializes (`partition_info`)."""

    def __init__(self, full_shape: list, var_offset: list):
        self.full_shape, self.var_offset = full_shape, var_offset

    def single_offset(self, shape: list) -> int:
        dim = self.single_slice_dim(shape)
        return 0 if dim is None else self.var_offset[dim]

    def single_slice_dim(self, shape: list) -> int | None:
        dims = [i for i, (d, full) in enumerate(zip(shape, self.full_shape)) if d != full]
        if len(dims) > 1:
            raise ValueError(f"Cannot use single_slice_dim() with shape={shape} and "
                             f"self.full_shape={self.full_shape} since slice dim could be either "
                             f"dimension {dims[1]} or {dims[0]}.")
        return dims[0] if dims else None


class PartitionedVariable:
    """The shards of one `get_variable(..., partitioner=...)`: iterable over its variables
    (ordered by offset), read as their concatenation (`<name>/ConcatPartitions/concat`, then
    an Identity named `<name>`), built anew at each read as TF does."""

    def __init__(self, name: str, shape: TensorShape, dtype: _dtypes.DType,
                 variable_list: list, partitions: list):
        if not isinstance(variable_list, (list, tuple)):
            raise TypeError(f"variable_list is not a list or tuple: {variable_list}")
        if not isinstance(partitions, (list, tuple)):
            raise TypeError(f"partitions is not a list or tuple: {partitions}")
        if not all(p >= 1 for p in partitions):
            raise ValueError(f"partition values must be positive: {partitions}")
        if not variable_list:
            raise ValueError("variable_list may not be empty")
        if any(v._save_slice_info is None for v in variable_list):
            raise ValueError(f"All variables must have a save_slice_info available: "
                             f"{[v.name for v in variable_list]}")
        self._variable_list = sorted(variable_list, key=lambda v: v._save_slice_info.var_offset)
        self._name, self._shape, self._dtype = name, TensorShape(shape), dtype
        self._partitions = list(partitions)

    def __iter__(self):
        return iter(self._variable_list)

    def __len__(self) -> int:
        return len(self._variable_list)

    def _partition_axes(self) -> list:
        axes = [i for i, p in enumerate(self._partitions) if p > 1]
        return axes or [0]

    def _concat(self) -> Tensor:
        if len(self._variable_list) == 1:
            with name_scope(None):
                return array_ops.identity(self._variable_list[0], name=self._name)
        with name_scope(self._name + "/ConcatPartitions/"):
            concatenated = array_ops.concat(self._variable_list, self._partition_axes()[0])
        with name_scope(None):
            return array_ops.identity(concatenated, name=self._name)

    def as_tensor(self) -> Tensor:
        with control_dependencies(None):
            return self._concat()

    @property
    def name(self) -> str:
        return self._name

    @property
    def dtype(self) -> _dtypes.DType:
        return self._dtype

    @property
    def shape(self) -> TensorShape:
        return self._shape

    def get_shape(self) -> TensorShape:
        return self._shape

    def _get_variable_list(self) -> list:
        return self._variable_list

    def _get_partitions(self) -> list:
        return self._partitions

    def _apply_assign_fn(self, assign_fn: Callable, value: Any) -> list:
        if isinstance(value, (list, PartitionedVariable)):
            values = list(value)
        else:
            axis = self._partition_axes()[0]
            sizes = [dimension_value(v.shape[axis]) for v in self._variable_list]
            values = array_ops.split(value, sizes, axis=axis)
        return [assign_fn(v, part) for v, part in zip(self._variable_list, values)]

    def assign(self, value: Any, use_locking: bool = False, name: str | None = None,
               read_value: bool = True) -> list:
        """One assign op per shard, each given its slice of `value` (or a list of values)."""
        return self._apply_assign_fn(
            lambda var, part: var.assign(part, use_locking=use_locking, name=name,
                                         read_value=read_value), value)

    def __repr__(self) -> str:
        return (f"<minitf.PartitionedVariable '{self._name}' shape={self._shape} "
                f"dtype={self._dtype.name} partitions={self._partitions}>")


def _to_tensor(v: PartitionedVariable, dtype: Any = None, name: str | None = None,
               as_ref: bool = False) -> Tensor:
    del name
    if dtype is not None and not _dtypes.as_dtype(dtype).is_compatible_with(v.dtype):
        raise ValueError(f"Incompatible type conversion requested to type '{dtype.name}' for "
                         f"variable of type '{v.dtype.name}'")
    if as_ref:
        raise NotImplementedError("PartitionedVariable doesn't support being used as a "
                                  "reference.")
    return v.as_tensor()


register_tensor_conversion_function(PartitionedVariable, _to_tensor)


# ---- partitioners: (shape, dtype) -> the number of shards along each axis

def fixed_size_partitioner(num_shards: int, axis: int = 0) -> Callable:
    """`num_shards` shards along `axis` (fewer when the axis is shorter)."""
    def _partitioner(shape: TensorShape, **unused_args: Any) -> list:
        partitions = [1] * len(shape)
        partitions[axis] = min(num_shards, dimension_value(shape.dims[axis]))
        return partitions
    return _partitioner


def _element_size(dtype: _dtypes.DType, bytes_per_string_element: int) -> int:
    dtype = _dtypes.as_dtype(dtype).base_dtype
    return bytes_per_string_element if dtype == _dtypes.string else dtype.size


def variable_axis_size_partitioner(max_shard_bytes: int, axis: int = 0,
                                   bytes_per_string_element: int = 16,
                                   max_shards: int | None = None) -> Callable:
    """As many shards along `axis` as keep each under `max_shard_bytes` (at least one slice
    of the axis a shard), at most `max_shards`."""
    if max_shard_bytes < 1 or bytes_per_string_element < 1:
        raise ValueError("Both max_shard_bytes and bytes_per_string_element must be positive.")
    if max_shards and max_shards < 1:
        raise ValueError("max_shards must be positive.")

    def _partitioner(shape: Any, dtype: Any) -> list:
        if not isinstance(shape, TensorShape):
            raise ValueError(f"shape is not a TensorShape: {shape}")
        if not shape.is_fully_defined():
            raise ValueError(f"shape is not fully defined: {shape}")
        if not isinstance(dtype, _dtypes.DType):
            raise ValueError(f"dtype is not a DType: {dtype}")
        length = dimension_value(shape.dims[axis])
        slice_bytes = shape.num_elements() / length * _element_size(dtype,
                                                                     bytes_per_string_element)
        per_shard = max(1, math.floor(max_shard_bytes / slice_bytes))
        shards = int(math.ceil(length / per_shard))
        if max_shards:
            shards = min(max_shards, shards)
        partitions = [1] * shape.ndims
        partitions[axis] = shards
        return partitions
    return _partitioner


def min_max_variable_partitioner(max_partitions: int = 1, axis: int = 0,
                                 min_slice_size: int = 256 << 10,
                                 bytes_per_string_element: int = 16) -> Callable:
    """Shards of at least `min_slice_size` bytes along `axis`, at most `max_partitions`."""
    def _partitioner(shape: TensorShape, dtype: Any) -> list:
        if axis >= len(shape):
            raise ValueError(f"Can not partition on axis {axis} for shape {shape}")
        total = shape.num_elements() * _element_size(dtype, bytes_per_string_element)
        partitions = [1] * len(shape)
        partitions[axis] = max(1, min(dimension_value(shape.dims[axis]), max_partitions,
                                      int(math.ceil(total / min_slice_size))))
        return partitions
    return _partitioner


# ---- the variable store's partitioned half

def call_partitioner(partitioner: Callable, shape: TensorShape, dtype: Any) -> list:
    """The partitioner's shards per axis, checked as TF checks them."""
    if not shape.is_fully_defined():
        raise ValueError(f"Shape of a new partitioned variable must be fully defined, but "
                         f"instead was {shape}.")
    if shape.ndims < 1:
        raise ValueError(f"A partitioned Variable must have rank at least 1, shape: {shape}")
    slicing = partitioner(shape=shape, dtype=dtype)
    if not isinstance(slicing, cabc.Sequence):
        raise ValueError(f"Partitioner must return a sequence, but saw: {slicing}")
    if len(slicing) != shape.ndims:
        raise ValueError(f"Partitioner returned a partition list that does not match the "
                         f"Variable's rank: {slicing} vs. {shape}")
    if any(p < 1 for p in slicing):
        raise ValueError(f"Partitioner returned zero partitions for some axes: {slicing}")
    if sum(p > 1 for p in slicing) > 1:
        raise ValueError(f"Can only slice a variable along one dimension: shape: {shape}, "
                         f"partitioning: {slicing}")
    return list(slicing)


def slices(full_shape: list, partitions: list) -> list:
    """(offset, shape) of each shard: the first `length % n` shards one longer."""
    axis = next((i for i, p in enumerate(partitions) if p > 1), 0)
    count = partitions[axis] if partitions else 1
    length = full_shape[axis]
    out, start = [], 0
    for i in range(count):
        shape = list(full_shape)
        shape[axis] = length // count + (i < length % count)
        offset = [0] * len(full_shape)
        offset[axis] = start
        out.append((offset, shape))
        start += shape[axis]
    return out


def make_shards(get_single: Callable, name: str, shape: TensorShape, dtype: Any,
                initializer: Any, partitions: list, default_initializer: Callable) -> list:
    """Each shard `<name>/part_<i>` from `get_single(name, shape, dtype, initializer,
    partition_info)`: a callable initializer is called per shard with its `partition_info`,
    a value (or Tensor) is sliced under `<name>/part_<i>/PartitionedInitializer/`."""
    full = shape.as_list()
    variables = []
    for i, (offset, part_shape) in enumerate(slices(full, partitions)):
        part_name = f"{name}/part_{i}"
        info = _PartitionInfo(full_shape=full, var_offset=offset)
        part_dtype = dtype
        with name_scope(part_name + "/PartitionedInitializer"):
            if initializer is None:
                init, init_shape = default_initializer(), part_shape
            elif callable(initializer):
                init, init_shape = initializer, part_shape
            else:
                value = initializer if isinstance(initializer, Tensor) else \
                    convert_to_tensor(initializer, dtype=dtype)
                init = array_ops.slice(value, offset, part_shape)
                part_dtype, init_shape = init.dtype.base_dtype, None
        with name_scope(None):
            var = get_single(part_name, init_shape, part_dtype, init, info)
        var._save_slice_info = SaveSliceInfo(name, full, offset, part_shape)
        variables.append(var)
    return variables

