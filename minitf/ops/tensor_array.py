"""`tf.TensorArray` and its ops (mirrors tensor_array_ops.py, the TensorArray*V3 ops of
data_flow_ops and tensor_array_grad.py of TF 1.15).

Run-time model. Each execution of a `TensorArrayV3` op creates a fresh `_Store`: the array's
elements for that run. The op's `handle` output is the store; every other TensorArray op takes
the handle and works on the store in place (TF's arrays are resources the same way). The `flow`
outputs are TF's dummy float32 zeros: they only order the ops (write before read), so gradient
graphs may add, copy and fetch them like any scalar. Once the element shape is fully known
(declared, or fixed by the first write when `infer_shape`), elements live in one preallocated
`[size, *element_shape]` buffer, unwritten ones reading as zeros: `stack()` and `concat()` return
a view of it, `unstack()` and `scatter()` fill it with one assignment. A read marks its index read,
and TF forbids writing an index after it was read, so a view handed out never changes.
Elements of unknown or differing shapes are kept one by one.

Gradient arrays (`TensorArrayGradV3`) are stores made on the forward store, one per gradient
source (`gradients`, `gradients_1`, ...), sized and shaped like it; writes to them add up.
"""
from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator
from typing import Any

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework import errors, registry
from ..framework.convert import constant_value, convert_to_tensor
from ..framework.graph import Tensor, get_default_graph, name_scope
from ..framework.tensor_shape import TensorShape, as_shape, unknown_shape
from . import array as array_ops
from . import math as math_ops

__all__ = ["TensorArray"]

# TF numbers the TensorArrays a process creates (`TensorArray_0`, `TensorArray_1`, ...)
_counter = itertools.count()
_F32 = np.dtype(np.float32)
_I32 = np.dtype(np.int32)
_I64 = np.dtype(np.int64)


def _invalid(message: str) -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(None, None, message)


def _dims(shape: tuple) -> str:
    """A run-time shape as TF's TensorShape::DebugString prints it: `[2,3]`, `[]`."""
    return "[" + ",".join(str(d) for d in shape) + "]"


def _partial(shape: TensorShape) -> str:
    """A partial shape as TF's PartialTensorShape::DebugString prints it: `[?,2]`, `<unknown>`."""
    if shape.ndims is None:
        return "<unknown>"
    return "[" + ",".join("?" if d.value is None else str(d.value) for d in shape.dims) + "]"


def _fits(shape: TensorShape, dims: tuple) -> bool:
    return shape.ndims is None or (shape.ndims == len(dims) and all(
        d.value is None or d.value == n for d, n in zip(shape.dims, dims)))


def _full(shape: TensorShape) -> tuple | None:
    return tuple(shape.as_list()) if shape.is_fully_defined() else None


class _Store:
    """One TensorArray's elements during one run, with TF's per-index states: written, read
    (never written again) and cleared (`clear_after_read`: never read again)."""

    # Session.run fetches a handle as TF1's two-string TensorArray handle (see __getitem__).
    ndim = 0

    def __init__(self, xp: Any, name: str, dtype: _dtypes.DType, size: int, dynamic: bool,
                 clear_after_read: bool, identical: bool, shape: TensorShape,
                 is_grad: bool = False):
        self.xp = xp
        self.name = name
        self.element_dtype = dtype
        self.np_dtype = _dtypes.np_dtype(dtype)
        self.size = size
        self.dynamic = dynamic
        self.clear_after_read = clear_after_read
        self.identical = identical
        self.shape = shape  # what is known of every element's shape
        self.full: tuple | None = None  # the element shape once fully known: buffer mode
        self.buf: Any = None
        self.items: list | None = None  # one value per index while not in buffer mode
        self.shapes: list = [None] * size  # per-index shapes while not in buffer mode
        self.written = bytearray(size)
        self.read = bytearray(size)
        self.cleared = bytearray(size)
        self.is_grad = is_grad  # gradient arrays add up writes and read zeros past the end
        self.marked = -1  # the number of pieces the last split wrote (sizes a gradient concat)
        self.grads: dict | None = None
        self.derived: dict = {}  # values computed from complete() by fused kernels, per run
        full = _full(shape)
        if full is None:
            self.items = [None] * size
        else:
            self._set_full(full, shape)

    def __getitem__(self, key: Any) -> Any:
        """The value Session.run returns for a fetched handle: TF1's handle strings."""
        return np.array([b"_tensor_arrays", self.name.encode()], dtype=object)

    def __repr__(self) -> str:
        return f"<TensorArray {self.name} size={self.size} dtype={self.element_dtype.name}>"

    # ---- layout
    def _set_full(self, full: tuple, shape: TensorShape | None = None) -> None:
        """Switches to one buffer for all elements, moving any written ones into it. The buffer
        starts uninitialised: an element is zero-filled when it is read unwritten. `shape`, when
        given, is the fully defined TensorShape `full` came from, kept as it is."""
        self.full = full
        self.shape = TensorShape(full) if shape is None else shape
        buf = self.xp.empty((self.size,) + full, dtype=self.np_dtype)
        for i, v in enumerate(self.items or ()):
            if v is not None:
                buf[i] = v
        self.buf = buf
        self.items = None

    def _grow(self, size: int) -> None:
        extra = size - self.size
        for flags in (self.written, self.read, self.cleared):
            flags.extend(bytes(extra))
        if self.buf is None:
            self.items.extend([None] * extra)
            self.shapes.extend([None] * extra)
        elif size > self.buf.shape[0]:
            buf = self.xp.empty((max(size, 2 * self.buf.shape[0]),) + self.full,
                                dtype=self.np_dtype)
            buf[:self.size] = self.buf[:self.size]
            self.buf = buf
        self.size = size

    def merge_shape(self, shape: TensorShape) -> None:
        """TF's SetElemShape: a gather's static element shape refines the array's."""
        if shape.ndims is None or self.full is not None:
            return
        if not self.shape.is_compatible_with(shape):
            raise _invalid(f"Incompatible shapes during merge: {_partial(self.shape)} vs. "
                           f"{_partial(shape)}")
        self.shape = self.shape.merge_with(shape)
        full = _full(self.shape)
        if full is not None:
            self._set_full(full)

    def complete(self) -> Any:
        """All elements as one array when every one is written and lives in the buffer; they
        can never change again (a written element is not written twice), so values derived
        from them stay valid for the run. None otherwise."""
        if self.buf is None or self.is_grad or self.written.find(0) >= 0:
            return None
        return self.buf[:self.size]

    # ---- writes
    def write(self, index: int, value: Any) -> None:
        """One element. The common case (in range, fresh, of the buffer's shape) goes first;
        anything else takes TF's checks in TF's order (LockedWriteOrAggregate)."""
        buf = self.buf
        if (buf is not None and 0 <= index < self.size and value.shape == self.full
                and not self.written[index] and not self.read[index]):
            buf[index] = value
            self.written[index] = 1
            return
        if index >= self.size or index < 0:
            if index < 0 or not self.dynamic:
                raise _invalid(f"TensorArray {self.name}: Tried to write to index {index} but "
                               f"array is not resizeable and size is: {self.size}")
            self._grow(index + 1)
        shape = value.shape
        if self.full is None:
            if not _fits(self.shape, shape):
                raise self._incompatible(index, shape)
            if self.identical:
                self._set_full(shape)
        elif shape != self.full:
            raise self._incompatible(index, shape)
        if self.read[index]:
            raise _invalid(f"TensorArray {self.name}: Could not write to TensorArray index "
                           f"{index} because it has already been read.")
        if self.written[index]:
            if not self.is_grad:
                raise _invalid(f"TensorArray {self.name}: Could not write to TensorArray index "
                               f"{index} because it has already been written to.")
            self._aggregate(index, value)
            return
        self.written[index] = 1
        if self.buf is not None:
            self.buf[index] = value
        else:
            self.items[index] = value
            self.shapes[index] = shape

    def _aggregate(self, index: int, value: Any) -> None:
        if self.buf is not None:
            self.buf[index] += value
            return
        old_shape = self.shapes[index]
        if old_shape != value.shape:
            raise _invalid(f"TensorArray {self.name}: Could not aggregate to TensorArray index "
                           f"{index} because the existing shape is {_dims(old_shape)} but the "
                           f"new input shape is {_dims(value.shape)}.")
        self.items[index] = self.items[index] + value

    def _incompatible(self, index: int, shape: tuple) -> errors.InvalidArgumentError:
        return _invalid(f"TensorArray {self.name}: Could not write to TensorArray index {index} "
                        f"because the value shape is {_dims(shape)} which is incompatible with "
                        f"the TensorArray's inferred element shape: {_partial(self.shape)} "
                        f"(consider setting infer_shape=False).")

    def write_rows(self, indices: list, rows: Any) -> None:
        """`rows[k]` to index `indices[k]`: one buffer assignment when the indices are fresh,
        in range and distinct; otherwise element by element, which raises TF's error."""
        n = len(indices)
        lo = indices[0]
        contiguous = indices == list(range(lo, lo + n))
        low, high = (lo, lo + n - 1) if contiguous else (min(indices), max(indices))
        if self.dynamic and high >= self.size and low >= 0:
            self._grow(high + 1)
        if self.full is None and self.identical and _fits(self.shape, rows.shape[1:]):
            self._set_full(rows.shape[1:])
        written, read = self.written, self.read
        fast = self.buf is not None and rows.shape[1:] == self.full and low >= 0 and \
            high < self.size
        if fast and contiguous:
            fast = written.find(1, lo, lo + n) < 0 and read.find(1, lo, lo + n) < 0
        elif fast:
            fast = len(set(indices)) == n and not any(written[i] or read[i] for i in indices)
        if not fast:
            for i, row in zip(indices, rows):
                self.write(i, row)
        elif contiguous:
            self.buf[lo:lo + n] = rows
            written[lo:lo + n] = b"\x01" * n
        else:
            self.buf[self.xp.asarray(indices)] = rows
            for i in indices:
                written[i] = 1

    # ---- reads
    def _check_read(self, index: int) -> None:
        """TF's LockedRead up to handing out the value: range, unwritten elements (zeros once
        their shape is known), cleared elements."""
        if index < 0 or (index >= self.size and not self.is_grad):
            raise _invalid(f"Tried to read from index {index} but array size is: {self.size}")
        if index >= self.size:
            self._grow(index + 1)
        if not self.written[index]:
            if self.buf is not None:
                self.buf[index] = 0
            else:
                shape = self.shapes[index]
                if shape is None:
                    raise _invalid(
                        f"TensorArray {self.name}: Could not read from TensorArray index "
                        f"{index}.  Furthermore, the element shape is not fully defined: "
                        f"{_partial(self.shape)}.  It is possible you are working with a "
                        f"resizeable TensorArray and stop_gradients is not allowing the "
                        f"gradients to be written.  If you set the full element_shape "
                        f"property on the forward TensorArray, the proper all-zeros tensor "
                        f"will be returned instead of incurring this error.")
                self.items[index] = self.xp.zeros(shape, dtype=self.np_dtype)
            self.written[index] = 1
        if self.cleared[index]:
            raise _invalid(f"TensorArray {self.name}: Could not read index {index} twice because "
                           f"it was cleared after a previous read (perhaps try setting "
                           f"clear_after_read = false?).")

    def _take(self, index: int) -> Any:
        self.read[index] = 1
        if self.buf is not None:
            if self.clear_after_read:
                self.cleared[index] = 1
            return self.buf[index]
        value = self.items[index]
        if self.clear_after_read:
            self.cleared[index] = 1
            self.items[index] = None
        return value

    def read_one(self, index: int) -> Any:
        if (self.buf is not None and 0 <= index < self.size and self.written[index]
                and not self.cleared[index]):
            self.read[index] = 1
            if self.clear_after_read:
                self.cleared[index] = 1
            return self.buf[index]
        self._check_read(index)
        return self._take(index)

    def _prefix_fast(self, n: int) -> bool:
        """Indices 0..n-1 can be read from the buffer as one block: each is in range and none
        was cleared; zero-fills the unwritten ones, marks them read (and cleared)."""
        if self.buf is None or n > self.size or self.cleared.find(1, 0, n) >= 0:
            return False
        written = self.written
        i = written.find(0, 0, n)
        while i >= 0:
            self.buf[i] = 0
            i = written.find(0, i + 1, n)
        ones = b"\x01" * n
        written[0:n] = ones
        self.read[0:n] = ones
        if self.clear_after_read:
            self.cleared[0:n] = ones
        return True

    def read_many(self, indices: list) -> list:
        values = []
        for i in indices:
            self._check_read(i)
            values.append(self._take(i))
        return values

    def gather(self, indices: Any, shape: TensorShape) -> Any:
        self.merge_shape(shape)
        idx = indices.tolist()
        n = len(idx)
        if n == 0:
            full = _full(shape)
            if full is None:
                raise errors.UnimplementedError(
                    None, None, f"TensorArray has size zero, but element shape "
                                f"{_partial(shape)} is not fully defined. Currently only "
                                f"static shapes are supported when packing zero-size "
                                f"TensorArrays.")
            return self.xp.zeros((0,) + full, dtype=self.np_dtype)
        if idx == list(range(n)) and self._prefix_fast(n):
            return self.buf[:n]
        values = self.read_many(idx)
        if self.buf is not None:
            return self.buf[indices]
        first = values[0].shape
        for k, v in enumerate(values):
            if v.shape != first:
                raise _invalid(f"TensorArray has inconsistent shapes.  Index 0 has shape: "
                               f"{_dims(first)} but index {k} has shape: {_dims(v.shape)}")
        return self.xp.stack(values)

    def concat(self, except0: TensorShape) -> tuple:
        xp = self.xp
        n = self.marked if self.is_grad and self.marked >= 0 else self.size
        if n == 0:
            full = _full(except0)
            if full is None:
                raise errors.UnimplementedError(
                    None, None, f"TensorArray has size zero, but element_shape_except0 "
                                f"{_partial(except0)} is not fully defined. Currently only "
                                f"static shapes are supported when concatenating zero-size "
                                f"TensorArrays.")
            return xp.zeros((0,) + full, dtype=self.np_dtype), xp.zeros((0,), dtype=_I64)
        if self.full and self._prefix_fast(n):
            d0 = self.full[0]
            return (self.buf[:n].reshape((n * d0,) + self.full[1:]),
                    xp.full((n,), d0, dtype=_I64))
        values = self.read_many(list(range(n)))
        rest = None
        for k, v in enumerate(values):
            if v.ndim == 0:
                raise _invalid(f"Concat saw a scalar shape at index {k} but requires at least "
                               f"vectors.  Did you mean to call pack?")
            if rest is None:
                rest = v.shape[1:]
            elif v.shape[1:] != rest:
                raise _invalid(f"TensorArray has inconsistent shapes.  Index 0 has (excepting "
                               f"dimension 0) shape: {_dims(rest)} but index {k} has "
                               f"(excepting dimension 0) shape: {_dims(v.shape[1:])}")
        return (xp.concatenate(values), xp.asarray([v.shape[0] for v in values], dtype=_I64))

    # ---- gradients
    def grad(self, source: str) -> _Store:
        """The gradient array of this one for `source`, made on first use in a run."""
        if self.grads is None:
            self.grads = {}
        g = self.grads.get(source)
        if g is None:
            self.dynamic = False  # TF: once gradients are taken, writes may not grow it
            g = _Store(self.xp, f"{self.name}@{source}", self.element_dtype, self.size, False,
                       True, self.identical, self.shape, is_grad=True)
            if g.buf is None:
                g.shapes = list(self.shapes)
            g.marked = self.marked
            self.grads[source] = g
        return g


# --------------------------------------------------------------------------------------------
# Kernels

def _check_dtype(store: _Store, dtype: _dtypes.DType) -> None:
    if dtype is not store.element_dtype:
        raise _invalid(f"TensorArray dtype is {store.element_dtype.tf_name} but Op requested "
                       f"dtype {dtype.tf_name}.")


def _check_write_dtype(store: _Store, dtype: _dtypes.DType) -> None:
    if dtype is not store.element_dtype:
        raise _invalid(f"TensorArray dtype is {store.element_dtype.tf_name} but Op is trying to "
                       f"write dtype {dtype.tf_name}.")


def _flow(ctx: registry.KernelContext) -> Any:
    """The flow value every run of a kernel returns: a float32 zero no one writes to."""
    return ctx.xp.zeros((), dtype=_F32)


def _tensor_array_kernel(ctx: registry.KernelContext):
    xp, attrs = ctx.xp, ctx.attrs
    dtype = attrs["dtype"]
    base = attrs["tensor_array_name"] or ctx.op_name
    dynamic, clear = attrs["dynamic_size"], attrs["clear_after_read"]
    identical, shape = attrs["identical_element_shapes"], attrs["element_shape"]
    flow = _flow(ctx)

    def tensor_array(size):
        n = int(size)
        if n < 0:
            raise _invalid("Size should be >= 0.")
        store = _Store(xp, f"{base}_{next(_counter)}", dtype, n, dynamic, clear, identical,
                       shape)
        return store, flow
    return tensor_array


def _write_kernel(ctx: registry.KernelContext):
    dtype, flow = ctx.attrs["T"], _flow(ctx)

    def write(handle, index, value, flow_in):
        _check_write_dtype(handle, dtype)
        handle.write(int(index), value)
        return flow
    return write


def _read_kernel(ctx: registry.KernelContext):
    dtype = ctx.attrs["dtype"]

    def read(handle, index, flow_in):
        _check_dtype(handle, dtype)
        return handle.read_one(int(index))
    return read


def _gather_kernel(ctx: registry.KernelContext):
    dtype, shape = ctx.attrs["dtype"], ctx.attrs["element_shape"]

    def gather(handle, indices, flow_in):
        _check_dtype(handle, dtype)
        if indices.ndim != 1:
            raise _invalid(f"Expected indices to be a vector, but received shape: "
                           f"{_dims(indices.shape)}")
        return handle.gather(indices, shape)
    return gather


def _scatter_kernel(ctx: registry.KernelContext):
    dtype, flow = ctx.attrs["T"], _flow(ctx)

    def scatter(handle, indices, value, flow_in):
        if indices.ndim != 1:
            raise _invalid(f"Expected indices to be a vector, but received shape: "
                           f"{_dims(indices.shape)}")
        _check_write_dtype(handle, dtype)
        if value.ndim < 1:
            raise _invalid(f"Expected value to be at least a vector, but received shape: "
                           f"{_dims(value.shape)}")
        n = indices.shape[0]
        if n != value.shape[0]:
            raise _invalid(f"Expected len(indices) == values.shape[0], but saw: {n} vs. "
                           f"{value.shape[0]}")
        if n:
            idx = indices.tolist()
            top = max(idx)
            if not handle.dynamic and top >= handle.size:
                raise _invalid(f"Max scatter index must be < array size ({top} vs. "
                               f"{handle.size})")
            handle.write_rows(idx, value)
        return flow
    return scatter


def _concat_kernel(ctx: registry.KernelContext):
    dtype, except0 = ctx.attrs["dtype"], ctx.attrs["element_shape_except0"]

    def concat(handle, flow_in):
        _check_dtype(handle, dtype)
        return handle.concat(except0)
    return concat


def _split_kernel(ctx: registry.KernelContext):
    dtype, flow = ctx.attrs["T"], _flow(ctx)

    def split(handle, value, lengths, flow_in):
        if value.ndim < 1:
            raise _invalid(f"Expected value to be at least a vector, but received shape: "
                           f"{_dims(value.shape)}")
        if lengths.ndim != 1:
            raise _invalid(f"Expected lengths to be a vector, received shape: "
                           f"{_dims(lengths.shape)}")
        sizes = [int(n) for n in lengths.tolist()]
        total = sum(sizes)
        if total != value.shape[0]:
            raise _invalid(f"Expected sum of lengths to be equal to values.shape[0], but sum "
                           f"of lengths is {total} and value's shape is: {_dims(value.shape)}")
        if not handle.dynamic and len(sizes) != handle.size:
            raise _invalid(f"TensorArray's size is not equal to the size of lengths "
                           f"({handle.size} vs. {len(sizes)}), and the TensorArray is not "
                           f"marked as dynamically resizeable")
        _check_write_dtype(handle, dtype)
        n = len(sizes)
        handle.marked = n
        if n == 0:
            return flow
        if all(s == sizes[0] for s in sizes):
            handle.write_rows(list(range(n)), value.reshape((n, sizes[0]) + value.shape[1:]))
            return flow
        start = 0
        for i, s in enumerate(sizes):
            handle.write(i, value[start:start + s])
            start += s
        return flow
    return split


def _size_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def size(handle, flow_in):
        return xp.asarray(handle.size, dtype=_I32)
    return size


def _close_kernel(ctx: registry.KernelContext):
    """Closing releases nothing the run still needs: the store dies with the run."""
    def close(handle):
        return None
    return close


def _grad_kernel(ctx: registry.KernelContext):
    source, flow = ctx.attrs["source"], _flow(ctx)

    def tensor_array_grad(handle, flow_in):
        return handle.grad(source), flow
    return tensor_array_grad


# --------------------------------------------------------------------------------------------
# Static rules (TF's C++ shape functions)

_HANDLE = TensorShape([2])
_SCALAR = TensorShape([])


def _rank(t: Tensor, rank: int) -> None:
    n = t.shape.ndims
    if n is not None and n != rank:
        raise ValueError(f"Shape must be rank {rank} but is rank {n}")


def _tensor_array_infer(op):
    _rank(op.inputs[0], 0)
    return [(_dtypes.resource, _HANDLE), (_dtypes.float32, _SCALAR)]


def _write_infer(op):
    handle, index, _, flow = op.inputs
    _rank(handle, 1)
    _rank(index, 0)
    _rank(flow, 0)
    return [(_dtypes.float32, _SCALAR)]


def _handle_shape(handle: Tensor) -> TensorShape | None:
    """The element shape TF's shape functions see through a handle (its "handle data"): the
    creating op's `element_shape` when fully defined or when elements are identical, passed on
    by gradient arrays and by the ops that carry a handle into a loop or branch."""
    op = handle.op
    while op.type in _HANDLE_CARRIERS:
        op = op.inputs[0].op
    if op.type != "TensorArrayV3":
        return None
    shape = op.get_attr("element_shape")
    if shape.is_fully_defined() or op.get_attr("identical_element_shapes"):
        return shape
    return None


_HANDLE_CARRIERS = ("TensorArrayGradV3", "Identity", "Enter", "Switch", "Merge")


def _read_infer(op):
    handle, index, flow = op.inputs
    _rank(handle, 1)
    _rank(index, 0)
    _rank(flow, 0)
    return [(op.get_attr("dtype"), _handle_shape(handle) or unknown_shape())]


def _gather_infer(op):
    handle, indices, flow = op.inputs
    _rank(handle, 1)
    _rank(indices, 1)
    _rank(flow, 0)
    shape = _handle_shape(handle)
    if shape is None:
        return [(op.get_attr("dtype"), unknown_shape())]
    n = indices.shape[0].value if indices.shape.ndims == 1 else None
    return [(op.get_attr("dtype"), TensorShape([n]).concatenate(shape))]


def _scatter_infer(op):
    handle, indices, value, flow = op.inputs
    _rank(handle, 1)
    _rank(indices, 1)
    if value.shape.ndims is not None and value.shape.ndims < 1:
        raise ValueError(f"Shape must be at least rank 1 but is rank {value.shape.ndims}")
    _rank(flow, 0)
    if indices.shape.ndims == 1 and value.shape.ndims is not None:
        a, b = value.shape[0], indices.shape[0]
        if not a.is_compatible_with(b):
            raise ValueError(f"Dimensions must be equal, but are {a} and {b}")
    return [(_dtypes.float32, _SCALAR)]


def _concat_infer(op):
    handle, flow = op.inputs
    _rank(handle, 1)
    _rank(flow, 0)
    value = TensorShape([None]).concatenate(op.get_attr("element_shape_except0"))
    return [(op.get_attr("dtype"), value), (_dtypes.int64, TensorShape([None]))]


def _split_infer(op):
    handle, _, lengths, flow = op.inputs
    _rank(handle, 1)
    _rank(lengths, 1)
    _rank(flow, 0)
    return [(_dtypes.float32, _SCALAR)]


def _size_infer(op):
    handle, flow = op.inputs
    _rank(handle, 1)
    _rank(flow, 0)
    return [(_dtypes.int32, _SCALAR)]


def _close_infer(op):
    _rank(op.inputs[0], 1)
    return []


def _grad_infer(op):
    handle, flow = op.inputs
    _rank(handle, 1)
    _rank(flow, 0)
    return [(_dtypes.resource, _HANDLE), (_dtypes.float32, _SCALAR)]


# --------------------------------------------------------------------------------------------
# Gradients (tensor_array_grad.py)

def _grad_source(t: Any) -> str:
    """Which `tf.gradients` call built `t`: the name up to its last `gradients*` scope, so
    that each call accumulates into gradient arrays of its own."""
    tokens = t.name.split("/")
    positions = [i for i, s in enumerate(tokens) if s.startswith("gradients")]
    if not positions:
        raise ValueError(f"Expected op/tensor name to start with gradients (excluding scope), "
                         f"got: {t.name}. This means that a tf.gradients op with this op in its "
                         f"dependency path has a custom name that does not start with "
                         f"'gradients'. Please make sure all calls to tf.gradients that have "
                         f"non-empty `name` arguments use names that start with 'gradients'.")
    return "/".join(tokens[:positions[-1] + 1])


def _grad_array(op, dtype: _dtypes.DType, flow: Tensor, source: str) -> TensorArray:
    forward = TensorArray(dtype=dtype, handle=op.inputs[0], flow=flow,
                          colocate_with_first_write_call=False)
    return forward.grad(source=source, flow=flow)


def _write_barrier(op, flow: Tensor) -> Tensor:
    """`flow` made to wait for the forward write (TF: the gradient array must not be created
    before the last forward write)."""
    flow_out = array_ops.identity(op.outputs[0], "flow_out")
    with get_default_graph().control_dependencies([flow_out]):
        return array_ops.identity(flow, "write_barrier")


def _read_grad(op, grad):
    _, index, flow = op.inputs
    g = _grad_array(op, op.get_attr("dtype"), flow, _grad_source(grad))
    return [None, None, g.write(index, grad).flow]


def _write_grad(op, flow):
    _, index, _, _ = op.inputs
    source = _grad_source(flow)
    flow = _write_barrier(op, flow)
    g = _grad_array(op, op.get_attr("T"), flow, source)
    return [None, None, g.read(index), flow]


def _gather_grad(op, grad):
    _, indices, flow = op.inputs
    g = _grad_array(op, op.get_attr("dtype"), flow, _grad_source(grad))
    return [None, None, g.scatter(indices, grad).flow]


def _scatter_grad(op, flow):
    _, indices, _, _ = op.inputs
    source = _grad_source(flow)
    flow = _write_barrier(op, flow)
    g = _grad_array(op, op.get_attr("T"), flow, source)
    return [None, None, g.gather(indices), flow]


def _concat_grad(op, grad, unused_lengths_grad):
    _, flow = op.inputs
    g = _grad_array(op, op.get_attr("dtype"), flow, _grad_source(grad))
    return [None, g.split(grad, lengths=op.outputs[1]).flow]


def _split_grad(op, flow):
    source = _grad_source(flow)
    flow = _write_barrier(op, flow)
    g = _grad_array(op, op.get_attr("T"), flow, source)
    return [None, g.concat(), None, flow]


# --------------------------------------------------------------------------------------------
# Registrations

_ND = registry.NOT_DIFFERENTIABLE
for _type, _infer, _kernel, _grad in (
        ("TensorArrayV3", _tensor_array_infer, _tensor_array_kernel, _ND),
        ("TensorArrayWriteV3", _write_infer, _write_kernel, _write_grad),
        ("TensorArrayReadV3", _read_infer, _read_kernel, _read_grad),
        ("TensorArrayGatherV3", _gather_infer, _gather_kernel, _gather_grad),
        ("TensorArrayScatterV3", _scatter_infer, _scatter_kernel, _scatter_grad),
        ("TensorArrayConcatV3", _concat_infer, _concat_kernel, _concat_grad),
        ("TensorArraySplitV3", _split_infer, _split_kernel, _split_grad),
        ("TensorArraySizeV3", _size_infer, _size_kernel, _ND),
        ("TensorArrayCloseV3", _close_infer, _close_kernel, _ND),
        ("TensorArrayGradV3", _grad_infer, _grad_kernel, _ND)):
    registry.register(_type, infer=_infer, kernel=_kernel, grad=_grad, stateful=True)


# --------------------------------------------------------------------------------------------
# Op builders (as TF's generated wrappers build them: inputs converted inside the op's scope)

_INT32 = _dtypes.int32


def _op(op_type: str, name: str | None, inputs: list, attrs: dict) -> Any:
    """`inputs` are (parameter, value, fixed dtype or None) triples."""
    g = get_default_graph()
    with g.name_scope(name or op_type) as scope:
        tensors = [v if dtype is None else math_ops._convert_fixed(op_type, param, v, dtype)
                   for param, v, dtype in inputs]
        return g.create_op(op_type, tensors, attrs, name=scope)


# --------------------------------------------------------------------------------------------
# TensorArray

class TensorArray:
    """`tf.TensorArray`: an array of tensors written once each, read back one by one, stacked
    or concatenated; usable as a `tf.while_loop` variable. Writes return a new TensorArray
    object with the same handle: use `ta = ta.write(i, x)`, never the old object again."""

    def __init__(self, dtype: Any, size: Any = None, dynamic_size: bool | None = None,
                 clear_after_read: bool | None = None, tensor_array_name: str | None = None,
                 handle: Tensor | None = None, flow: Tensor | None = None,
                 infer_shape: bool = True, element_shape: Any = None,
                 colocate_with_first_write_call: bool = True, name: str | None = None):
        if handle is not None and tensor_array_name:
            raise ValueError("Cannot construct with both handle and tensor_array_name")
        if handle is not None and not isinstance(handle, Tensor):
            raise TypeError("Handle must be a Tensor")
        if handle is None and size is None:
            raise ValueError("Size must be provided if handle is not provided")
        if handle is not None and size is not None:
            raise ValueError("Cannot provide both a handle and size at the same time")
        if handle is not None and element_shape is not None:
            raise ValueError("Cannot provide both a handle and element_shape at the same time")
        if handle is not None and dynamic_size is not None:
            raise ValueError("Cannot provide both a handle and dynamic_size at the same time")
        if handle is not None and clear_after_read is not None:
            raise ValueError("Cannot provide both a handle and clear_after_read at the same "
                             "time")
        if clear_after_read is None:
            clear_after_read = True
        self._dynamic_size = dynamic_size or False
        self._dtype = _dtypes.as_dtype(dtype).base_dtype
        self._colocate_with_first_write_call = colocate_with_first_write_call
        # the first written value, shared by all the arrays of one handle
        self._colocate_with: list | None = [] if colocate_with_first_write_call else None
        # the element shape, shared by all the arrays of one handle (and their gradients)
        self._element_shape = [as_shape(element_shape)]
        self._infer_shape = infer_shape
        self._size = size
        g = get_default_graph()
        with name_scope(name, "TensorArray", [handle, size, flow]) as scope:
            if handle is not None:
                if flow is None:
                    raise ValueError("flow must not be None if handle is not None.")
                self._handle, self._flow = handle, flow
                return
            attrs = {"dtype": self._dtype, "element_shape": as_shape(element_shape),
                     "dynamic_size": self._dynamic_size, "clear_after_read": clear_after_read,
                     "identical_element_shapes": infer_shape,
                     "tensor_array_name": tensor_array_name or ""}
            place = contextlib.ExitStack()
            if colocate_with_first_write_call:  # placed by its first write's value
                place.enter_context(g.device(None))
                place.enter_context(g.colocate_with(None, ignore_existing=True))
            with place:
                op = _op("TensorArrayV3", scope, [("size", size, _INT32)], attrs)
            self._handle, self._flow = op.outputs

    def __repr__(self) -> str:
        return f"<tensorflow.python.ops.tensor_array_ops.TensorArray object at {id(self):#x}>"

    @property
    def flow(self) -> Tensor:
        """The float32 scalar that orders the operations on this array."""
        return self._flow

    @property
    def dtype(self) -> _dtypes.DType:
        return self._dtype

    @property
    def handle(self) -> Tensor:
        """The array itself (`TensorArray:0`, a resource)."""
        return self._handle

    @property
    def element_shape(self) -> TensorShape:
        return self._element_shape[0]

    @property
    def dynamic_size(self) -> bool:
        return self._dynamic_size

    def _check_element_shape(self, shape: TensorShape) -> None:
        """A written element's static shape must fit the known one; with `infer_shape` it
        refines it (the first write fixes it)."""
        if not shape.is_compatible_with(self.element_shape):
            raise ValueError(f"Inconsistent shapes: saw {shape} but expected "
                             f"{self.element_shape} ")
        if self._infer_shape:
            self._element_shape[0] = self.element_shape.merge_with(shape)

    @contextlib.contextmanager
    def _maybe_colocate_with(self, value: Tensor) -> Iterator[None]:
        """Writes are placed with the first value ever written to the array."""
        if not self._colocate_with_first_write_call:
            yield
            return
        if not self._colocate_with:
            self._colocate_with.append(value)
        with get_default_graph().colocate_with(self._colocate_with[0]):
            yield

    def identity(self) -> TensorArray:
        """The same array with its flow through an Identity (for control dependencies)."""
        return build_ta_with_new_flow(self, array_ops.identity(self._flow))

    def grad(self, source: str, flow: Tensor | None = None,
             name: str | None = None) -> TensorArray:
        """The gradient array of this one for the `tf.gradients` call named `source`."""
        if flow is None:
            flow = self.flow
        g = get_default_graph()
        with name_scope(name, "TensorArrayGrad", [self._handle]), \
                g.colocate_with(self._handle):
            g_handle, _ = _op("TensorArrayGradV3", name,
                              [("handle", self._handle, None), ("flow_in", flow, None)],
                              {"source": source}).outputs
            with g.control_dependencies([g_handle]):
                flow = array_ops.identity(flow, name="gradient_flow")
            ta = TensorArray(dtype=self._dtype, handle=g_handle, flow=flow,
                             infer_shape=self._infer_shape, colocate_with_first_write_call=False)
            ta._element_shape = self._element_shape
            return ta

    def read(self, index: Any, name: str | None = None) -> Tensor:
        """Element `index` (`TensorArrayReadV3`); with `clear_after_read` it can be read once."""
        value = _op("TensorArrayReadV3", name,
                    [("handle", self._handle, None), ("index", index, _INT32),
                     ("flow_in", self._flow, _dtypes.float32)],
                    {"dtype": self._dtype}).outputs[0]
        value.set_shape(self.element_shape)
        return value

    def write(self, index: Any, value: Any, name: str | None = None) -> TensorArray:
        """Writes `value` at `index` (`TensorArrayWrite/TensorArrayWriteV3`); each index once."""
        with name_scope(name, "TensorArrayWrite", [self._handle, index, value]):
            value = convert_to_tensor(value, preferred_dtype=self._dtype, name="value")
            self._check_element_shape(value.shape)
            with self._maybe_colocate_with(value):
                flow_out = _op("TensorArrayWriteV3", name,
                               [("handle", self._handle, None), ("index", index, _INT32),
                                ("value", value, None), ("flow_in", self._flow, None)],
                               {"T": value.dtype.base_dtype}).outputs[0]
            return build_ta_with_new_flow(self, flow_out)

    def stack(self, name: str | None = None) -> Tensor:
        """All the elements stacked on a new axis 0 (`TensorArrayStack/TensorArrayGatherV3`)."""
        with get_default_graph().colocate_with(self._handle), \
                name_scope(name, "TensorArrayStack", [self._handle]):
            return self.gather(array_ops.range(0, self.size()), name=name)

    def gather(self, indices: Any, name: str | None = None) -> Tensor:
        """The elements at `indices`, stacked (`TensorArrayGatherV3`)."""
        value = _op("TensorArrayGatherV3", name,
                    [("handle", self._handle, None), ("indices", indices, _INT32),
                     ("flow_in", self._flow, _dtypes.float32)],
                    {"dtype": self._dtype, "element_shape": self.element_shape}).outputs[0]
        if self.element_shape:
            value.set_shape([None] + self.element_shape.dims)
        return value

    def concat(self, name: str | None = None) -> Tensor:
        """All the elements concatenated along axis 0 (`TensorArrayConcatV3`)."""
        shape = self.element_shape
        value = _op("TensorArrayConcatV3", name,
                    [("handle", self._handle, None), ("flow_in", self._flow, _dtypes.float32)],
                    {"dtype": self._dtype, "element_shape_except0": shape[1:]}).outputs[0]
        if shape:
            value.set_shape([None] + shape.dims[1:])
        return value

    def unstack(self, value: Any, name: str | None = None) -> TensorArray:
        """`value[i]` written at index i (`TensorArrayUnstack/TensorArrayScatter/...`)."""
        with name_scope(name, "TensorArrayUnstack", [self._handle, value]):
            num_elements = array_ops.shape(value)[0]
            return self.scatter(indices=array_ops.range(0, num_elements), value=value,
                                name=name)

    def scatter(self, indices: Any, value: Any, name: str | None = None) -> TensorArray:
        """`value[k]` written at index `indices[k]` (`TensorArrayScatter/TensorArrayScatterV3`)."""
        with name_scope(name, "TensorArrayScatter", [self._handle, value, indices]):
            value = convert_to_tensor(value, preferred_dtype=self._dtype, name="value")
            self._check_element_shape(value.shape[1:])
            with self._maybe_colocate_with(value):
                flow_out = _op("TensorArrayScatterV3", name,
                               [("handle", self._handle, None), ("indices", indices, _INT32),
                                ("value", value, None), ("flow_in", self._flow, None)],
                               {"T": value.dtype.base_dtype}).outputs[0]
            return build_ta_with_new_flow(self, flow_out)

    def split(self, value: Any, lengths: Any, name: str | None = None) -> TensorArray:
        """Consecutive row blocks of `value`, `lengths[i]` rows each, written at index i
        (`TensorArraySplit/TensorArraySplitV3`)."""
        with name_scope(name, "TensorArraySplit", [self._handle, value, lengths]):
            value = convert_to_tensor(value, dtype=self._dtype, name="value")
            with self._maybe_colocate_with(value):
                lengths_64 = array_ops.cast(lengths, _dtypes.int64)
                known = constant_value(lengths_64)
                if value.shape.dims is not None and known is not None and known.ndim == 1 \
                        and known.size and known.max() == known.min():
                    self._check_element_shape(
                        TensorShape([int(known[0])]).concatenate(value.shape[1:]))
                flow_out = _op("TensorArraySplitV3", name,
                               [("handle", self._handle, None), ("value", value, None),
                                ("lengths", lengths_64, None), ("flow_in", self._flow, None)],
                               {"T": value.dtype.base_dtype}).outputs[0]
            return build_ta_with_new_flow(self, flow_out)

    def size(self, name: str | None = None) -> Tensor:
        """The number of elements (`TensorArraySizeV3`, int32)."""
        return _op("TensorArraySizeV3", name,
                   [("handle", self._handle, None), ("flow_in", self._flow, _dtypes.float32)],
                   {}).outputs[0]

    def close(self, name: str | None = None) -> Any:
        """`TensorArrayCloseV3` (the run's storage goes away with the run anyway)."""
        return _op("TensorArrayCloseV3", name, [("handle", self._handle, None)], {})


def build_ta_with_new_flow(old_ta: TensorArray, flow: Tensor) -> TensorArray:
    """A TensorArray on `old_ta`'s handle whose state is `flow` (a write's result, a loop's
    Exit ...), sharing its element shape and placement."""
    ta = TensorArray(dtype=old_ta._dtype, handle=old_ta._handle, flow=flow,
                     infer_shape=old_ta._infer_shape,
                     colocate_with_first_write_call=old_ta._colocate_with_first_write_call)
    ta._dynamic_size = old_ta._dynamic_size
    ta._size = old_ta._size
    ta._colocate_with = old_ta._colocate_with
    ta._element_shape = old_ta._element_shape
    return ta
