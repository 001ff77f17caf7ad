"""`tf.contrib.lookup` (mirrors tensorflow/contrib/lookup/lookup_ops.py of TF 1.15): the lookup
tables of minitf/ops/lookup_ops.py, plus contrib's `mapping=` forms of the vocabulary-table
builders and its deprecated one-shot helpers."""
from __future__ import annotations

from typing import Any

from ..framework import dtypes as _dtypes
from ..framework.graph import Tensor, name_scope
from ..framework.convert import convert_to_tensor
from ..ops import lookup_ops
from ..ops.lookup_ops import (FastHashSpec, HasherSpec, HashTable,  # noqa: F401
                              IdTableWithHashBuckets, InitializableLookupTableBase,
                              KeyValueTensorInitializer, LookupInterface, MutableHashTable,
                              StrongHashSpec, TableInitializerBase, TextFileIdTableInitializer,
                              TextFileIndex, TextFileInitializer, TextFileStringTableInitializer,
                              index_table_from_file, index_to_string_table_from_file)

__all__ = ["FastHashSpec", "HasherSpec", "HashTable", "IdTableWithHashBuckets",
           "InitializableLookupTableBase", "KeyValueTensorInitializer", "LookupInterface",
           "MutableHashTable", "StrongHashSpec", "TableInitializerBase",
           "TextFileIdTableInitializer", "TextFileIndex", "TextFileInitializer",
           "TextFileStringTableInitializer", "index_table_from_file", "index_table_from_tensor",
           "index_to_string", "index_to_string_table_from_file",
           "index_to_string_table_from_tensor", "string_to_index",
           "string_to_index_table_from_file", "string_to_index_table_from_tensor"]


def index_table_from_tensor(mapping: Any, num_oov_buckets: int = 0, default_value: int = -1,
                            hasher_spec: HasherSpec = FastHashSpec,
                            dtype: Any = _dtypes.string, name: str | None = None) -> Any:
    """A table mapping each element of the vector `mapping` to its index (int64), other keys
    to `default_value` or, with `num_oov_buckets`, to hash buckets after the vocabulary."""
    if mapping is None:
        raise ValueError("mapping must be specified.")
    return lookup_ops.index_table_from_tensor(
        vocabulary_list=mapping, num_oov_buckets=num_oov_buckets, default_value=default_value,
        hasher_spec=hasher_spec, dtype=dtype, name=name)


def index_to_string_table_from_tensor(mapping: Any, default_value: str = "UNK",
                                      name: str | None = None) -> HashTable:
    """A table mapping each index (int64) of the string vector `mapping` to its element, other
    ids to `default_value`."""
    if mapping is None:
        raise ValueError("mapping must be specified.")
    return lookup_ops.index_to_string_table_from_tensor(
        vocabulary_list=mapping, default_value=default_value, name=name)


def string_to_index_table_from_file(vocabulary_file: Any = None, num_oov_buckets: int = 0,
                                    vocab_size: int | None = None, default_value: int = -1,
                                    hasher_spec: HasherSpec = FastHashSpec,
                                    name: str | None = None) -> Any:
    """Deprecated (2017-04-10) name of `index_table_from_file` for string keys."""
    return index_table_from_file(vocabulary_file, num_oov_buckets, vocab_size, default_value,
                                 hasher_spec, key_dtype=_dtypes.string, name=name)


def string_to_index_table_from_tensor(mapping: Any, num_oov_buckets: int = 0,
                                      default_value: int = -1,
                                      hasher_spec: HasherSpec = FastHashSpec,
                                      name: str | None = None) -> Any:
    """Deprecated (2017-04-10) name of `index_table_from_tensor` for a string `mapping`."""
    with name_scope(name, "string_to_index") as scope:
        mapping = convert_to_tensor(mapping)
    if mapping.dtype.base_dtype != _dtypes.string:
        raise ValueError("string_to_index_table_from_tensor requires string.")
    return index_table_from_tensor(mapping, num_oov_buckets, default_value, hasher_spec,
                                   name=scope)


def string_to_index(tensor: Any, mapping: Any, default_value: int = -1,
                    name: str | None = None) -> Tensor:
    """Deprecated (2017-01-07): `tensor`'s strings as their int64 indices in `mapping`."""
    table = index_table_from_tensor(mapping=mapping, default_value=default_value, name=name)
    return table.lookup(tensor)


def index_to_string(tensor: Any, mapping: Any, default_value: str = "UNK",
                    name: str | None = None) -> Tensor:
    """Deprecated (2017-01-07): `tensor`'s int64 indices as their strings in `mapping`."""
    table = index_to_string_table_from_tensor(mapping=mapping, default_value=default_value,
                                              name=name)
    return table.lookup(tensor)
