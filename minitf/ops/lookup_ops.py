"""Lookup tables (mirrors lookup_ops.py of TF 1.15 and tensorflow/contrib/lookup): the table
ops HashTableV2, MutableHashTableV2, MutableHashTableOfTensorsV2, LookupTableFindV2,
LookupTableSizeV2, LookupTableImportV2, InitializeTableFromTextFileV2, LookupTableInsertV2,
LookupTableRemoveV2 and LookupTableExportV2; the table classes behind `tf.lookup` and
`tf.contrib.lookup`; and `tf.tables_initializer`.

Run-time model. A table is per-session state, like a variable: it lives in the running
session's `resources.tables`, keyed by the op's `shared_name` (or by the op's name when TF
would give the op a private resource), so every session has its own. The table-creating
kernel returns the table object as the resource handle and the other ops act on it. An
initializable table (HashTableV2) answers lookups only once an initializer op has run;
initializing it again with the same entries is allowed, as in TF.
"""
from __future__ import annotations

import abc
import collections
import os
import re
import uuid
from typing import Any

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework import errors, registry
from ..framework.convert import constant_value, convert_to_tensor
from ..framework.graph import (GraphKeys, Operation, Tensor, add_to_collection, get_collection,
                               get_default_graph, name_scope)
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor_shape import TensorShape, unknown_shape
from . import array as array_ops
from . import math as math_ops
from . import string_ops
from .common_shapes import shape_str
from .control_flow import group, no_op
from .data_flow import _rank
from .state import init_scope

__all__ = ["tables_initializer", "initialize_all_tables"]


class _Table:
    """One session's table: a dict from keys (bytes or ints) to values (Python scalars, or
    arrays of `value_shape` for a table of tensors)."""

    def __init__(self, initializable: bool, key_dtype: _dtypes.DType, value_dtype: _dtypes.DType,
                 value_shape: tuple = ()):
        self.entries: dict = {}
        self.initializable = initializable
        self.initialized = not initializable
        self.key_dtype = key_dtype
        self.value_dtype = value_dtype
        self.value_shape = value_shape


def _show(value: Any) -> str:
    """A key or value as TF's messages print it (strings raw)."""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _host(value: Any) -> np.ndarray:
    return string_ops._host(value)


def _rows(values: np.ndarray, count: int, value_shape: tuple) -> list:
    """The values to store for `count` keys: Python scalars, or one array per key."""
    if values.shape != (count,) + value_shape:
        raise errors.InvalidArgumentError(
            None, None, f"Expected shape {shape_str((count,) + value_shape)} for value, got "
                        f"{shape_str(values.shape)}")
    return [v.copy() for v in values] if value_shape else values.tolist()


def _same(a: Any, b: Any) -> bool:
    return bool(np.array_equal(a, b)) if isinstance(a, np.ndarray) else a == b


def _fill(table: _Table, keys: list, values: list) -> None:
    """An initializable table's entries: a key given twice must keep its value."""
    if table.initialized:
        if len(keys) != len(table.entries) or any(
                k not in table.entries or not _same(table.entries[k], v)
                for k, v in zip(keys, values)):
            raise errors.FailedPreconditionError(
                None, None, "Table was already initialized with different data.")
        return
    entries: dict = {}
    for k, v in zip(keys, values):
        if k in entries and not _same(entries[k], v):
            raise errors.FailedPreconditionError(
                None, None, f"HashTable has different value for same key. Key {_show(k)} has "
                            f"{_show(entries[k])} and trying to add value {_show(v)}")
        entries[k] = v
    table.entries = entries
    table.initialized = True


# --------------------------------------------------------------------------------------------
# Shape rules

_SCALAR = TensorShape([])


def _table_infer(op):
    return [(_dtypes.resource, _SCALAR)]


def _value_shape(handle: Tensor) -> TensorShape | None:
    """The value shape of the table behind `handle`, when its creating op is in sight."""
    op = handle.op
    if op.type == "MutableHashTableOfTensorsV2":
        return op.get_attr("value_shape")
    if op.type in ("HashTableV2", "MutableHashTableV2"):
        return _SCALAR
    return None


def _find_infer(op):
    handle, keys, _ = op.inputs
    _rank(handle, 0)
    value_shape = _value_shape(handle)
    shape = unknown_shape() if value_shape is None else keys.shape.concatenate(value_shape)
    return [(op.get_attr("Tout"), shape)]


def _size_infer(op):
    _rank(op.inputs[0], 0)
    return [(_dtypes.int64, _SCALAR)]


def _import_infer(op):
    handle, keys, values = op.inputs
    _rank(handle, 0)
    k, v = keys.shape, values.shape
    if k.ndims and v.ndims:
        a, b = k.as_list()[0], v.as_list()[0]
        if a is not None and b is not None and a != b:
            raise ValueError(f"Dimensions must be equal, but are {a} and {b}")
    return []


def _handle_only(op):
    for t in op.inputs[:1]:
        _rank(t, 0)
    return []


def _text_file_infer(op):
    handle, filename = op.inputs
    _rank(handle, 0)
    _rank(filename, 0)
    return []


def _export_infer(op):
    _rank(op.inputs[0], 0)
    return [(op.get_attr("Tkeys"), unknown_shape()), (op.get_attr("Tvalues"), unknown_shape())]


# --------------------------------------------------------------------------------------------
# Kernels

def _table_kernel(initializable: bool):
    def factory(ctx: registry.KernelContext):
        tables, lock = ctx.resources.tables, ctx.resources.lock
        attrs = ctx.attrs
        shared = attrs.get("shared_name", "")
        key = ctx.op_name if attrs.get("use_node_name_sharing") or not shared else shared
        value_shape = tuple(attrs["value_shape"].as_list()) if "value_shape" in attrs else ()

        def table():
            with lock:
                found = tables.get(key)
                if found is None:
                    found = tables[key] = _Table(initializable, attrs["key_dtype"],
                                                 attrs["value_dtype"], value_shape)
            return found
        return table
    return factory


def _np_out(values: list, dtype: _dtypes.DType, shape: tuple, xp: Any) -> Any:
    """Looked-up values as the op's output: a host object array for strings, else on `xp`."""
    if dtype == _dtypes.string:
        return string_ops._strings(values, shape)
    return xp.asarray(np.array(values, dtype=_dtypes.np_dtype(dtype)).reshape(shape))


def _find_kernel(ctx: registry.KernelContext):
    xp, dtype = ctx.xp, ctx.attrs["Tout"]

    def lookup_table_find(table, keys, default):
        if not table.initialized:
            raise errors.FailedPreconditionError(None, None, "Table not initialized.")
        keys, default = _host(keys), _host(default)
        fallback = default if table.value_shape else default.tolist()
        entries = table.entries
        found = [entries.get(k, fallback) for k in keys.ravel().tolist()]
        return _np_out(found, dtype, keys.shape + table.value_shape, xp)
    return lookup_table_find


def _size_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    return lambda table: xp.asarray(len(table.entries), dtype="int64")


def _import_kernel(ctx: registry.KernelContext):
    def lookup_table_import(table, keys, values):
        keys = _host(keys).ravel().tolist()
        rows = _rows(_host(values), len(keys), table.value_shape)
        if table.initializable:
            _fill(table, keys, rows)
        else:
            table.entries = dict(zip(keys, rows))
    return lookup_table_import


def _insert_kernel(ctx: registry.KernelContext):
    def lookup_table_insert(table, keys, values):
        keys = _host(keys)
        values = _host(values)
        expected = keys.shape + table.value_shape
        if values.shape != expected:
            raise errors.InvalidArgumentError(
                None, None, f"Expected shape {shape_str(expected)} for value, got "
                            f"{shape_str(values.shape)}")
        flat = keys.ravel().tolist()
        table.entries.update(zip(flat, _rows(values.reshape((len(flat),) + table.value_shape),
                                             len(flat), table.value_shape)))
    return lookup_table_insert


def _remove_kernel(ctx: registry.KernelContext):
    def lookup_table_remove(table, keys):
        for k in _host(keys).ravel().tolist():
            table.entries.pop(k, None)
    return lookup_table_remove


def _export_kernel(ctx: registry.KernelContext):
    xp, key_type, value_type = ctx.xp, ctx.attrs["Tkeys"], ctx.attrs["Tvalues"]

    def lookup_table_export(table):
        keys = list(table.entries)
        values = list(table.entries.values())
        return (_np_out(keys, key_type, (len(keys),), xp),
                _np_out(values, value_type, (len(keys),) + table.value_shape, xp))
    return lookup_table_export


_NUMBER_NAMES = {_dtypes.int32: "int32", _dtypes.int64: "int64", _dtypes.float32: "float",
                 _dtypes.float64: "double"}


def _field(token: bytes, dtype: _dtypes.DType, line_number: int) -> Any:
    """A field of a vocabulary file line as a key or value of `dtype`, as TF reads it."""
    if dtype == _dtypes.string:
        return token
    info = np.iinfo(_dtypes.np_dtype(dtype)) if dtype.is_integer else None
    value = string_ops._parse_number(token, info is None, int(info.min) if info else 0,
                                     int(info.max) if info else 0)
    if value is None:
        raise errors.InvalidArgumentError(
            None, None, f"Field {_show(token)} in line {line_number} is not a valid "
                        f"{_NUMBER_NAMES[dtype]}.")
    return value


def _text_file_kernel(ctx: registry.KernelContext):
    attrs = ctx.attrs
    key_index, value_index = attrs["key_index"], attrs["value_index"]
    vocab_size, delimiter = attrs["vocab_size"], attrs["delimiter"]
    split = re.compile(b"[" + re.escape(delimiter.encode()) + b"]") if delimiter else None
    whole = max(key_index, value_index) < 0

    def column(line: bytes, tokens: list, index: int, dtype: Any, number: int) -> Any:
        if index == TextFileIndex.LINE_NUMBER:
            return number
        return _field(line if index == TextFileIndex.WHOLE_LINE else tokens[index], dtype,
                      number)

    def initialize_table_from_text_file(table, filename):
        path = _show(_host(filename)[()])
        try:
            with open(path, "rb") as f:
                lines = f.read().split(b"\n")
        except FileNotFoundError:
            raise errors.NotFoundError(None, None, f"{path}; No such file or directory") \
                from None
        if lines and lines[-1] == b"":
            lines.pop()
        if vocab_size != -1:
            lines = lines[:vocab_size]
        key_type, value_type = table.key_dtype, table.value_dtype
        keys, values = [], []
        for number, line in enumerate(lines):
            line = line[:-1] if line.endswith(b"\r") else line
            tokens = [] if whole else split.split(line) if split else [line]
            if not whole and max(key_index, value_index) >= len(tokens):
                raise errors.InvalidArgumentError(
                    None, None, f"Invalid number of columns in {path} line {number} "
                                f"({_show(line)}) : expected {max(key_index, value_index)} "
                                f"got {len(tokens)}")
            keys.append(column(line, tokens, key_index, key_type, number))
            values.append(column(line, tokens, value_index, value_type, number))
        if vocab_size != -1 and len(lines) != vocab_size:
            raise errors.InvalidArgumentError(
                None, None, f"Invalid vocab_size in {path}: expected {vocab_size} but got "
                            f"{len(lines)}")
        _fill(table, keys, values)
    return initialize_table_from_text_file


for _type, _infer, _kernel in (
        ("HashTableV2", _table_infer, _table_kernel(True)),
        ("MutableHashTableV2", _table_infer, _table_kernel(False)),
        ("MutableHashTableOfTensorsV2", _table_infer, _table_kernel(False)),
        ("LookupTableFindV2", _find_infer, _find_kernel),
        ("LookupTableSizeV2", _size_infer, _size_kernel),
        ("LookupTableImportV2", _import_infer, _import_kernel),
        ("LookupTableInsertV2", _handle_only, _insert_kernel),
        ("LookupTableRemoveV2", _handle_only, _remove_kernel),
        ("LookupTableExportV2", _export_infer, _export_kernel),
        ("InitializeTableFromTextFileV2", _text_file_infer, _text_file_kernel)):
    registry.register(_type, infer=_infer, kernel=_kernel, grad=registry.NOT_DIFFERENTIABLE,
                      stateful=True)


# --------------------------------------------------------------------------------------------
# tables_initializer

def tables_initializer(name: str = "init_all_tables") -> Operation:
    """`tf.tables_initializer`: one op running every initializer of the graph's
    TABLE_INITIALIZERS collection (a plain NoOp when there is none)."""
    initializers = get_collection(GraphKeys.TABLE_INITIALIZERS)
    if initializers:
        return group(*initializers, name=name)
    return no_op(name=name)


def initialize_all_tables(name: str = "init_all_tables") -> Operation:
    """`tf.initialize_all_tables`: the deprecated name of `tf.tables_initializer`."""
    return tables_initializer(name)


# --------------------------------------------------------------------------------------------
# The table classes

def _check_table_dtypes(table: "LookupInterface", key_dtype: Any, value_dtype: Any) -> None:
    if key_dtype.base_dtype != table.key_dtype:
        raise TypeError(f"Invalid key dtype, expected {table.key_dtype} but got {key_dtype}.")
    if value_dtype.base_dtype != table.value_dtype:
        raise TypeError(f"Invalid value dtype, expected {table.value_dtype} but got "
                        f"{value_dtype}.")


def _keys_mismatch(expected: _dtypes.DType, got: _dtypes.DType) -> TypeError:
    return TypeError(f"Signature mismatch. Keys must be dtype {expected}, got {got}.")


def _in_control_flow() -> bool:
    return get_default_graph()._control_flow_context is not None


class _Typed(abc.ABC):
    """A table's or initializer's key and value dtypes."""

    def __init__(self, key_dtype: Any, value_dtype: Any):
        self._key_dtype = _dtypes.as_dtype(key_dtype)
        self._value_dtype = _dtypes.as_dtype(value_dtype)

    @property
    def key_dtype(self) -> _dtypes.DType:
        return self._key_dtype

    @property
    def value_dtype(self) -> _dtypes.DType:
        return self._value_dtype


class LookupInterface(_Typed):
    """A lookup table that persists across steps (per session): its key and value dtypes,
    its `name`, `size()` and `lookup(keys)`."""

    _table_name: str | None = None

    @property
    def name(self) -> str | None:
        """The table's name: its creating op's last name component."""
        return self._table_name

    def _named_by(self, handle: Tensor) -> Tensor:
        self._table_name = handle.op.name.split("/")[-1]
        return handle

    @abc.abstractmethod
    def size(self, name: str | None = None) -> Tensor:
        """The number of entries (int64 scalar)."""

    @abc.abstractmethod
    def lookup(self, keys: Any, name: str | None = None) -> Any:
        """The values of `keys` (a Tensor, or a SparseTensor whose values are looked up)."""


class InitializableLookupTableBase(LookupInterface):
    """A table filled once by its initializer's op (run by `tf.tables_initializer()`); keys it
    lacks give `default_value`."""

    def __init__(self, default_value: Any, initializer: "TableInitializerBase"):
        super().__init__(initializer.key_dtype, initializer.value_dtype)
        self._initializer = initializer
        self._default_value = convert_to_tensor(default_value, dtype=self._value_dtype)
        self._default_value.shape.merge_with(_SCALAR)
        g = get_default_graph()
        with init_scope(g):
            self._resource_handle = self._create_resource()
        if _in_control_flow():
            with init_scope(g):
                self._init_op = self._initialize()
        else:
            self._init_op = self._initialize()

    @abc.abstractmethod
    def _create_resource(self) -> Tensor:
        """The op creating the table; returns its handle."""

    def _initialize(self) -> Operation:
        return self._initializer.initialize(self)

    @property
    def resource_handle(self) -> Tensor:
        return self._resource_handle

    @property
    def default_value(self) -> Tensor:
        return self._default_value

    def size(self, name: str | None = None) -> Tensor:
        with name_scope(name, f"{self.name}_Size", [self.resource_handle]):
            return get_default_graph().create_op(
                "LookupTableSizeV2", [self.resource_handle], {}).outputs[0]

    def lookup(self, keys: Any, name: str | None = None) -> Any:
        key_tensor = keys.values if isinstance(keys, SparseTensor) else keys
        if keys.dtype.base_dtype != self._key_dtype:
            raise _keys_mismatch(self._key_dtype, keys.dtype)
        with name_scope(name, f"{self.name}_Lookup",
                        (self.resource_handle, key_tensor, self._default_value)):
            values = get_default_graph().create_op(
                "LookupTableFindV2", [self.resource_handle, key_tensor, self._default_value],
                {"Tin": self._key_dtype, "Tout": self._value_dtype}).outputs[0]
        values.set_shape(key_tensor.shape)
        if isinstance(keys, SparseTensor):
            return SparseTensor(keys.indices, values, keys.dense_shape)
        return values


class StaticHashTable(InitializableLookupTableBase):
    """`tf.lookup.StaticHashTable`: a hash table filled once by `initializer` (op HashTableV2
    named `name`, default `hash_table`) and immutable afterwards; `initializer` is its
    initializer op."""

    def __init__(self, initializer: "TableInitializerBase", default_value: Any,
                 name: str | None = None):
        self._shared_name = self._table_shared_name(initializer)
        self._name = name or "hash_table"
        super().__init__(default_value, initializer)
        self._value_shape = self._default_value.shape

    def _table_shared_name(self, initializer: "TableInitializerBase") -> str:
        """The initializer's (a file's tables are shared), else a unique one, as TF 1.15."""
        return initializer._shared_name or f"hash_table_{uuid.uuid4()}"

    def _create_resource(self) -> Tensor:
        handle = get_default_graph().create_op(
            "HashTableV2", [], {"container": "", "shared_name": self._shared_name,
                                "use_node_name_sharing": False,
                                "key_dtype": self._initializer.key_dtype,
                                "value_dtype": self._initializer.value_dtype},
            name=self._name).outputs[0]
        return self._named_by(handle)

    @property
    def initializer(self) -> Operation:
        return self._init_op

    def export(self, name: str | None = None) -> tuple[Tensor, Tensor]:
        """All keys and values (in minitf: in insertion order; TF's order is its hash map's)."""
        with name_scope(name, f"{self.name}_Export", [self.resource_handle]):
            keys, values = get_default_graph().create_op(
                "LookupTableExportV2", [self.resource_handle],
                {"Tkeys": self._key_dtype, "Tvalues": self._value_dtype}).outputs
        values.set_shape(keys.shape.concatenate(self._value_shape))
        return keys, values


class HashTable(StaticHashTable):
    """`tf.contrib.lookup.HashTable`: a StaticHashTable shared across sessions under
    `shared_name` when one is given; `init` is its initializer op."""

    def __init__(self, initializer: "TableInitializerBase", default_value: Any,
                 shared_name: str | None = None, name: str | None = None):
        self._given_shared_name = shared_name or ""
        super().__init__(initializer, default_value, name)

    def _table_shared_name(self, initializer: "TableInitializerBase") -> str:
        return self._given_shared_name

    @property
    def init(self) -> Operation:
        return self.initializer


class TableInitializerBase(_Typed):
    """What fills an initializable table: its key and value dtypes and `initialize(table)`,
    which builds the initializing op and adds it to TABLE_INITIALIZERS."""

    @abc.abstractmethod
    def initialize(self, table: InitializableLookupTableBase) -> Operation:
        """The op filling `table`."""

    @property
    def _shared_name(self) -> str:
        return ""


class KeyValueTensorInitializer(TableInitializerBase):
    """`tf.lookup.KeyValueTensorInitializer`: fills a table from a vector of keys and one of
    values (op LookupTableImportV2 in scope `name`, default `key_value_init`); a key given
    twice with different values fails the initializer (FailedPreconditionError)."""

    def __init__(self, keys: Any, values: Any, key_dtype: Any = None, value_dtype: Any = None,
                 name: str | None = None):
        if _in_control_flow():
            with init_scope(get_default_graph()):
                self._keys, self._values = self._convert(keys, values, key_dtype, value_dtype)
        else:
            self._keys, self._values = self._convert(keys, values, key_dtype, value_dtype)
        self._name = name if name is not None else "key_value_init"
        super().__init__(self._keys.dtype, self._values.dtype)

    @staticmethod
    def _convert(keys: Any, values: Any, key_dtype: Any, value_dtype: Any) -> tuple:
        return (convert_to_tensor(keys, dtype=key_dtype, name="keys"),
                convert_to_tensor(values, dtype=value_dtype, name="values"))

    def initialize(self, table: InitializableLookupTableBase) -> Operation:
        _check_table_dtypes(table, self._keys.dtype, self._values.dtype)
        with name_scope(self._name, values=(table.resource_handle, self._keys, self._values)):
            op = get_default_graph().create_op(
                "LookupTableImportV2", [table.resource_handle, self._keys, self._values],
                {"Tin": self._keys.dtype.base_dtype, "Tout": self._values.dtype.base_dtype})
        add_to_collection(GraphKeys.TABLE_INITIALIZERS, op)
        return op


class TextFileIndex:
    """Which part of a vocabulary file line makes a key or value: a column number (split at
    the delimiter), the whole line, or the line number."""
    WHOLE_LINE = -2
    LINE_NUMBER = -1


class TextFileInitializer(TableInitializerBase):
    """`tf.lookup.TextFileInitializer`: fills a table with one entry per line of `filename`
    (op InitializeTableFromTextFileV2 in scope `name`, default `text_file_init`); keys and
    values are columns (split at any character of `delimiter`), the whole line
    (`TextFileIndex.WHOLE_LINE`) or the line number (`TextFileIndex.LINE_NUMBER`)."""

    def __init__(self, filename: Any, key_dtype: Any, key_index: int, value_dtype: Any,
                 value_index: int, vocab_size: int | None = None, delimiter: str = "\t",
                 name: str | None = None):
        if not isinstance(filename, Tensor) and not filename:
            raise ValueError(f"Filename required for {name}.")
        self._filename_arg = filename
        key_dtype = _dtypes.as_dtype(key_dtype)
        value_dtype = _dtypes.as_dtype(value_dtype)
        if key_index < -2:
            raise ValueError(f"Invalid key index {key_index}.")
        if key_index == TextFileIndex.LINE_NUMBER and key_dtype != _dtypes.int64:
            raise ValueError(f"Signature mismatch. Keys must be dtype {_dtypes.int64}, got "
                             f"{key_dtype}.")
        if key_index == TextFileIndex.WHOLE_LINE and not key_dtype.is_integer and \
                key_dtype != _dtypes.string:
            raise ValueError(f"Signature mismatch. Keys must be integer or string, got "
                             f"{key_dtype}.")
        if value_index < -2:
            raise ValueError(f"Invalid value index {value_index}.")
        if value_index == TextFileIndex.LINE_NUMBER and value_dtype != _dtypes.int64:
            raise ValueError(f"Signature mismatch. Values must be dtype {_dtypes.int64}, got "
                             f"{value_dtype}.")
        if value_index == TextFileIndex.WHOLE_LINE and value_dtype != _dtypes.string:
            raise ValueError(f"Signature mismatch. Values must be dtype {_dtypes.string}, got "
                             f"{value_dtype}.")
        if vocab_size is not None and vocab_size <= 0:
            raise ValueError(f"Invalid vocab_size {vocab_size}.")
        self._key_index = key_index
        self._value_index = value_index
        self._vocab_size = vocab_size
        self._delimiter = delimiter
        self._name = name
        # TF tracks the file as an Asset, whose path tensor is made here
        with init_scope(get_default_graph()):
            self._filename = convert_to_tensor(filename, dtype=_dtypes.string,
                                               name="asset_path")
        super().__init__(key_dtype, value_dtype)

    def initialize(self, table: InitializableLookupTableBase) -> Operation:
        _check_table_dtypes(table, self.key_dtype, self.value_dtype)
        with name_scope(self._name, "text_file_init", (table.resource_handle,)):
            op = get_default_graph().create_op(
                "InitializeTableFromTextFileV2", [table.resource_handle, self._filename],
                {"key_index": int(self._key_index), "value_index": int(self._value_index),
                 "vocab_size": -1 if self._vocab_size is None else int(self._vocab_size),
                 "delimiter": self._delimiter})
        add_to_collection(GraphKeys.TABLE_INITIALIZERS, op)
        if constant_value(self._filename) is not None and self._filename.op.type == "Const":
            add_to_collection(GraphKeys.ASSET_FILEPATHS, self._filename)
        return op

    @property
    def _shared_name(self) -> str:
        if self._vocab_size:
            return (f"hash_table_{self._filename_arg}_{self._vocab_size}_{self._key_index}_"
                    f"{self._value_index}")
        return f"hash_table_{self._filename_arg}_{self._key_index}_{self._value_index}"


class TextFileStringTableInitializer(TextFileInitializer):
    """Fills an int64-to-string table from a text file: by default, line number to line."""

    def __init__(self, filename: Any, key_column_index: int = TextFileIndex.LINE_NUMBER,
                 value_column_index: int = TextFileIndex.WHOLE_LINE,
                 vocab_size: int | None = None, delimiter: str = "\t",
                 name: str = "text_file_string_table_init"):
        super().__init__(filename, _dtypes.int64, key_column_index, _dtypes.string,
                         value_column_index, vocab_size=vocab_size, delimiter=delimiter,
                         name=name)


class TextFileIdTableInitializer(TextFileInitializer):
    """Fills a string-to-int64 table from a text file: by default, line to line number."""

    def __init__(self, filename: Any, key_column_index: int = TextFileIndex.WHOLE_LINE,
                 value_column_index: int = TextFileIndex.LINE_NUMBER,
                 vocab_size: int | None = None, delimiter: str = "\t",
                 name: str = "text_file_id_table_init", key_dtype: Any = _dtypes.string):
        super().__init__(filename, key_dtype, key_column_index, _dtypes.int64,
                         value_column_index, vocab_size=vocab_size, delimiter=delimiter,
                         name=name)


class HasherSpec(collections.namedtuple("HasherSpec", ["hasher", "key"])):
    """Which hash assigns out-of-vocabulary buckets: `fasthash` (FarmHash Fingerprint64) or
    `stronghash` (keyed SipHash-2-4)."""
    __slots__ = ()


FastHashSpec = HasherSpec("fasthash", None)


class StrongHashSpec(HasherSpec):
    """The keyed strong hash; `key` is two unsigned integers."""
    __slots__ = ()

    def __new__(cls, key: Any):
        if len(key) != 2:
            raise ValueError(f"key must have size 2, got {len(key)}.")
        if not isinstance(key[0], int) or not isinstance(key[1], int):
            raise TypeError(f"Invalid key {key}. Must be unsigned integer values.")
        return super().__new__(cls, "stronghash", key)


def _as_string(tensor: Tensor) -> Tensor:
    if tensor.dtype.base_dtype == _dtypes.string:
        return tensor
    return string_ops.as_string(tensor)


class _BucketedTable(LookupInterface):
    """Ids from a string-to-id table (none: only buckets), and for keys it lacks one of
    `num_oov_buckets` hash buckets numbered after the vocabulary."""

    _table: InitializableLookupTableBase | None
    _num_oov_buckets: int

    def _bucket(self, values: Tensor) -> Tensor:
        """The bucket of each key (op `hash_bucket`)."""
        return string_ops.string_to_hash_bucket_fast(
            _as_string(values), num_buckets=self._num_oov_buckets, name="hash_bucket")

    @property
    def resource_handle(self) -> Tensor | None:
        return self._table.resource_handle if self._table is not None else None

    @property
    def initializer(self) -> Operation:
        if self._table is not None:
            return self._table._init_op
        with name_scope(None, "init"):
            return no_op()

    def size(self, name: str | None = None) -> Tensor:
        with name_scope(name, f"{self.name}_Size"):
            if self._table:
                size = self._table.size()
            else:
                size = convert_to_tensor(0, dtype=_dtypes.int64)
            return size + self._num_oov_buckets

    def lookup(self, keys: Any, name: str | None = None) -> Any:
        if keys.dtype.base_dtype != self._key_dtype:
            raise _keys_mismatch(self._key_dtype, keys.dtype)
        values = keys.values if isinstance(keys, SparseTensor) else keys
        if self._table and self._table.key_dtype.base_dtype == _dtypes.int64:
            values = array_ops.cast(values, _dtypes.int64)
        if self._num_oov_buckets == 0:
            ids = self._table.lookup(values, name=name)
        else:
            with name_scope(name, f"{self.name}_Lookup"):
                buckets = self._bucket(values)
                if self._table:
                    ids = self._table.lookup(values)
                    buckets = math_ops.add(buckets, self._table.size())
                    ids = array_ops.where_v2(
                        math_ops.not_equal(ids, self._table.default_value), ids, buckets)
                else:
                    ids = buckets
        if isinstance(keys, SparseTensor):
            return SparseTensor(keys.indices, ids, keys.dense_shape)
        return ids

    def _finish(self, key_dtype: _dtypes.DType, name: str | None) -> None:
        if not key_dtype.is_integer and key_dtype != _dtypes.string:
            raise TypeError(f"Invalid key_dtype, expected integer or string, got {key_dtype}.")
        self._table_name = name.split("/")[-1] if name else None
        LookupInterface.__init__(self, key_dtype, _dtypes.int64)


def _check_table_keys(table_key_dtype: _dtypes.DType, key_dtype: _dtypes.DType,
                      value_dtype: _dtypes.DType) -> None:
    supported = (_dtypes.int64, _dtypes.string)
    if table_key_dtype not in supported:
        raise TypeError(f"Invalid key dtype, expected one of {supported}, but got "
                        f"{table_key_dtype}.")
    if table_key_dtype.is_integer != key_dtype.is_integer:
        raise TypeError(f"Invalid key dtype, expected "
                        f"{'integer' if key_dtype.is_integer else 'non-integer'} but got "
                        f"{table_key_dtype}.")
    if value_dtype != _dtypes.int64:
        raise TypeError(f"Invalid value dtype, expected {_dtypes.int64} but got "
                        f"{value_dtype}.")


class IdTableWithHashBuckets(_BucketedTable):
    """`tf.contrib.lookup.IdTableWithHashBuckets`: ids from a string-to-id `table`, and for
    keys it lacks, `num_oov_buckets` hash buckets after the vocabulary (FarmHash Fingerprint64
    by default, so the ids equal TF's); with no `table`, only the buckets."""

    def __init__(self, table: InitializableLookupTableBase | None, num_oov_buckets: int,
                 hasher_spec: HasherSpec = FastHashSpec, name: str | None = None,
                 key_dtype: Any = None):
        if name:
            name = name.rstrip("/")
        if table:
            key_dtype = table.key_dtype if key_dtype is None else _dtypes.as_dtype(key_dtype)
            _check_table_keys(table.key_dtype, key_dtype, table.value_dtype)
            self._table = table
            name = name or table.name
        else:
            if num_oov_buckets <= 0:
                raise ValueError("oov_buckets must be > 0 if no table is supplied.")
            key_dtype = _dtypes.string if key_dtype is None else _dtypes.as_dtype(key_dtype)
            self._table = None
            name = name or "hash_bucket"
        self._num_oov_buckets = num_oov_buckets
        if not isinstance(hasher_spec, HasherSpec):
            raise TypeError(f"hasher_spec must be of type HasherSpec, got {hasher_spec}")
        self._hasher_spec = hasher_spec
        self._finish(key_dtype, name)

    def _bucket(self, values: Tensor) -> Tensor:
        spec = self._hasher_spec
        if spec.hasher == "fasthash":
            return super()._bucket(values)
        if spec.hasher == "stronghash":
            return string_ops.string_to_hash_bucket_strong(
                _as_string(values), num_buckets=self._num_oov_buckets, key=spec.key,
                name="hash_bucket")
        raise ValueError(f"Unknown hasher {spec.hasher}")

    @property
    def init(self) -> Operation:
        return self.initializer


class StaticVocabularyTable(_BucketedTable):
    """`tf.lookup.StaticVocabularyTable` (TF 1.15's v1 class): ids from `initializer`'s
    string-to-id entries, and `num_oov_buckets` Fingerprint64 buckets after them for other
    keys; `initializer` is the table's initializer op."""

    def __init__(self, initializer: TableInitializerBase | None, num_oov_buckets: int,
                 lookup_key_dtype: Any = None, name: str | None = None):
        if num_oov_buckets <= 0:
            raise ValueError("oov_buckets must be > 0.")
        if name:
            name = name.rstrip("/")
        if initializer:
            lookup_key_dtype = initializer.key_dtype if lookup_key_dtype is None else \
                _dtypes.as_dtype(lookup_key_dtype)
            _check_table_keys(initializer.key_dtype, lookup_key_dtype, initializer.value_dtype)
            self._table = HashTable(initializer, default_value=-1)
            name = name or self._table.name
        else:
            lookup_key_dtype = _dtypes.string
            self._table = None
            name = name or "hash_bucket"
        self._num_oov_buckets = num_oov_buckets
        self._finish(lookup_key_dtype, name)


class MutableHashTable(LookupInterface):
    """`tf.contrib.lookup.MutableHashTable`: an empty table filled by `insert` (op
    MutableHashTableV2, or MutableHashTableOfTensorsV2 when `default_value` is not a scalar);
    missing keys give `default_value`. minitf's Saver does not checkpoint its contents."""

    def __init__(self, key_dtype: Any, value_dtype: Any, default_value: Any,
                 name: str = "MutableHashTable", checkpoint: bool = True):
        self._default_value = convert_to_tensor(default_value, dtype=value_dtype)
        self._value_shape = self._default_value.shape
        self._checkpoint = checkpoint
        self._name = name
        super().__init__(key_dtype, value_dtype)
        self._resource_handle = self._create_resource()
        if checkpoint:  # TF builds the export its checkpoint saves from, here
            self.export()

    def _create_resource(self) -> Tensor:
        attrs = {"container": "", "shared_name": "",
                 "use_node_name_sharing": bool(self._checkpoint),
                 "key_dtype": self._key_dtype, "value_dtype": self._value_dtype}
        op_type = "MutableHashTableV2"
        if self._value_shape.ndims != 0:
            op_type = "MutableHashTableOfTensorsV2"
            attrs["value_shape"] = self._value_shape
        return self._named_by(
            get_default_graph().create_op(op_type, [], attrs, name=self._name).outputs[0])

    @property
    def resource_handle(self) -> Tensor:
        return self._resource_handle

    def _op(self, op_type: str, inputs: list, attrs: dict) -> Operation:
        g = get_default_graph()
        with g.colocate_with(self._resource_handle.op):
            return g.create_op(op_type, [self._resource_handle] + inputs, attrs)

    def size(self, name: str | None = None) -> Tensor:
        with name_scope(name, f"{self.name}_Size", [self.resource_handle]):
            return self._op("LookupTableSizeV2", [], {}).outputs[0]

    def remove(self, keys: Any, name: str | None = None) -> Operation:
        """Removes `keys` (absent ones are ignored)."""
        if keys.dtype != self._key_dtype:
            raise _keys_mismatch(self._key_dtype, keys.dtype)
        with name_scope(name, f"{self.name}_lookup_table_remove",
                        (self.resource_handle, keys, self._default_value)):
            return get_default_graph().create_op(
                "LookupTableRemoveV2", [self.resource_handle, keys], {"Tin": self._key_dtype})

    def lookup(self, keys: Any, name: str | None = None) -> Tensor:
        with name_scope(name, f"{self.name}_lookup_table_find",
                        (self.resource_handle, keys, self._default_value)):
            keys = convert_to_tensor(keys, dtype=self._key_dtype, name="keys")
            return self._op("LookupTableFindV2", [keys, self._default_value],
                            {"Tin": self._key_dtype, "Tout": self._value_dtype}).outputs[0]

    def insert(self, keys: Any, values: Any, name: str | None = None) -> Operation:
        """Sets the values of `keys` (an op)."""
        with name_scope(name, f"{self.name}_lookup_table_insert",
                        [self.resource_handle, keys, values]):
            keys = convert_to_tensor(keys, self._key_dtype, name="keys")
            values = convert_to_tensor(values, self._value_dtype, name="values")
            return self._op("LookupTableInsertV2", [keys, values],
                            {"Tin": self._key_dtype, "Tout": self._value_dtype})

    def export(self, name: str | None = None) -> tuple[Tensor, Tensor]:
        """All keys and values (in minitf: in insertion order; TF's order is its hash map's)."""
        with name_scope(name, f"{self.name}_lookup_table_export_values",
                        [self.resource_handle]):
            keys, values = self._op("LookupTableExportV2", [],
                                    {"Tkeys": self._key_dtype,
                                     "Tvalues": self._value_dtype}).outputs
        return keys, values


# --------------------------------------------------------------------------------------------
# Vocabulary tables

def _check_buckets(num_oov_buckets: int) -> None:
    if num_oov_buckets < 0:
        raise ValueError(f"num_oov_buckets must be greater or equal than 0, got "
                         f"{num_oov_buckets}.")


def _check_key_dtype(dtype: _dtypes.DType) -> None:
    if not dtype.is_integer and dtype.base_dtype != _dtypes.string:
        raise TypeError("Only integer and string keys are supported.")


def _with_buckets(table: InitializableLookupTableBase, num_oov_buckets: int,
                  hasher_spec: HasherSpec, key_dtype: _dtypes.DType) -> Any:
    if num_oov_buckets:
        return IdTableWithHashBuckets(table, num_oov_buckets=num_oov_buckets,
                                      hasher_spec=hasher_spec, key_dtype=key_dtype)
    return table


def _missing_file(vocabulary_file: Any) -> bool:
    return vocabulary_file is None or (isinstance(vocabulary_file, (str, bytes, os.PathLike))
                                       and not vocabulary_file)


def index_table_from_file(vocabulary_file: Any = None, num_oov_buckets: int = 0,
                          vocab_size: int | None = None, default_value: int = -1,
                          hasher_spec: HasherSpec = FastHashSpec,
                          key_dtype: Any = _dtypes.string, name: str | None = None,
                          key_column_index: int = TextFileIndex.WHOLE_LINE,
                          value_column_index: int = TextFileIndex.LINE_NUMBER,
                          delimiter: str = "\t") -> Any:
    """`tf.contrib.lookup.index_table_from_file`: a table mapping each line of
    `vocabulary_file` to its line number (int64), other keys to `default_value` or, with
    `num_oov_buckets`, to hash buckets after the vocabulary."""
    key_dtype = _dtypes.as_dtype(key_dtype)
    if _missing_file(vocabulary_file):
        raise ValueError("vocabulary_file must be specified and must not be empty.")
    _check_buckets(num_oov_buckets)
    if vocab_size is not None and vocab_size < 1:
        shown = vocabulary_file
        if isinstance(vocabulary_file, Tensor):
            value = constant_value(vocabulary_file)
            shown = "?" if value is None else value
        raise ValueError(f"vocab_size must be greater than 0, got {vocab_size}. "
                         f"vocabulary_file: {shown}")
    _check_key_dtype(key_dtype)
    with name_scope(name, "string_to_index"):
        with name_scope(None, "hash_table"):
            init = TextFileIdTableInitializer(
                vocabulary_file, vocab_size=vocab_size,
                key_dtype=_dtypes.int64 if key_dtype.is_integer else key_dtype,
                name="table_init", key_column_index=key_column_index,
                value_column_index=value_column_index, delimiter=delimiter)
            table = StaticHashTable(init, default_value)
        return _with_buckets(table, num_oov_buckets, hasher_spec, key_dtype)


def index_table_from_tensor(vocabulary_list: Any, num_oov_buckets: int = 0,
                            default_value: int = -1, hasher_spec: HasherSpec = FastHashSpec,
                            dtype: Any = _dtypes.string, name: str | None = None) -> Any:
    """A table mapping each element of the vector `vocabulary_list` to its index (int64),
    other keys to `default_value` or, with `num_oov_buckets`, to hash buckets after the
    vocabulary (TF 1.15's lookup_ops.index_table_from_tensor)."""
    dtype = _dtypes.as_dtype(dtype)
    if vocabulary_list is None:
        raise ValueError("vocabulary_list must be specified.")
    _check_buckets(num_oov_buckets)
    _check_key_dtype(dtype)
    with name_scope(name, "string_to_index"):
        keys = convert_to_tensor(vocabulary_list)
        if keys.dtype.is_integer != dtype.is_integer:
            raise ValueError(f"Expected {'integer' if dtype.is_integer else 'non-integer'}, got "
                             f"{keys.dtype}.")
        if not dtype.is_integer and keys.dtype.base_dtype != dtype:
            raise ValueError(f"Expected {dtype}, got {keys.dtype}.")
        values = array_ops.cast(array_ops.range(array_ops.size(keys)), _dtypes.int64)
        with name_scope(None, "hash_table"):
            table_keys = array_ops.cast(keys, _dtypes.int64) if keys.dtype.is_integer else keys
            init = KeyValueTensorInitializer(table_keys, values, table_keys.dtype.base_dtype,
                                             _dtypes.int64, name="table_init")
            table = StaticHashTable(init, default_value)
        return _with_buckets(table, num_oov_buckets, hasher_spec, dtype)


def index_to_string_table_from_file(vocabulary_file: Any, vocab_size: int | None = None,
                                    default_value: str = "UNK", name: str | None = None,
                                    key_column_index: int = TextFileIndex.LINE_NUMBER,
                                    value_column_index: int = TextFileIndex.WHOLE_LINE,
                                    delimiter: str = "\t") -> StaticHashTable:
    """`tf.contrib.lookup.index_to_string_table_from_file`: a table mapping each line number
    (int64) of `vocabulary_file` to the line, other ids to `default_value`."""
    if _missing_file(vocabulary_file):
        raise ValueError("vocabulary_file must be specified and must not be empty.")
    if vocab_size is not None and vocab_size < 1:
        raise ValueError(f"vocab_size must be greater than 0, got {vocab_size}.")
    with name_scope(name, "index_to_string"):
        init = TextFileStringTableInitializer(
            vocabulary_file, vocab_size=vocab_size, name="table_init",
            key_column_index=key_column_index, value_column_index=value_column_index,
            delimiter=delimiter)
        return StaticHashTable(init, default_value)


def index_to_string_table_from_tensor(vocabulary_list: Any, default_value: str = "UNK",
                                      name: str | None = None) -> StaticHashTable:
    """A table mapping each index (int64) of the string vector `vocabulary_list` to its
    element, other ids to `default_value` (TF 1.15's
    lookup_ops.index_to_string_table_from_tensor)."""
    if vocabulary_list is None:
        raise ValueError("vocabulary_list must be specified.")
    with name_scope(name, "index_to_string"):
        vocabulary_list = convert_to_tensor(vocabulary_list, _dtypes.string)
        keys = array_ops.cast(array_ops.range(array_ops.size(vocabulary_list)), _dtypes.int64)
        init = KeyValueTensorInitializer(keys, vocabulary_list, _dtypes.int64, _dtypes.string,
                                         name="table_init")
        return StaticHashTable(init, default_value)
