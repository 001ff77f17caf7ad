"""Parsing ops: `tf.decode_csv` (DecodeCSV), `tf.decode_raw` (DecodeRaw), `tf.parse_example`
(ParseExample), `tf.parse_single_example` (ParseSingleExample) and the feature specs
`tf.FixedLenFeature`, `tf.VarLenFeature`, `tf.FixedLenSequenceFeature`, and
`tf.parse_single_sequence_example` (ParseSingleSequenceExample) (mirrors
parsing_ops.py, decode_csv_op.cc and example_proto_fast_parsing.cc of TF 1.15).

Serialized `tf.train.Example`s are read from their protobuf wire format here, without the
protobuf package: Example.features (field 1) holds `feature` map entries (key 1, value 2), a
Feature one of bytes_list (1), float_list (2) or int64_list (3), each a repeated field 1,
packed or not. As in TF, the last entry of a key wins and a Feature with no list counts as
missing. A SequenceExample holds a context (field 1, Features) and feature lists (field 2:
`feature_list` map entries of FeatureList, a repeated Feature). Strings are host (numpy object) arrays of bytes; numbers come out on the backend.
"""
from __future__ import annotations

import collections
import re
import struct
from typing import Any

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework import errors, registry
from ..framework.convert import convert_to_tensor
from ..framework.graph import Tensor, get_default_graph, name_scope
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor_shape import TensorShape, as_shape, dims_str, unknown_shape
from . import array as array_ops

__all__ = ["FixedLenFeature", "FixedLenSequenceFeature", "VarLenFeature", "decode_csv",
           "decode_raw", "parse_example", "parse_single_example", "parse_single_sequence_example"]

_SCALAR = TensorShape([])


def _rank_at_most(t: Tensor, rank: int) -> None:
    n = t.shape.ndims
    if n is not None and n > rank:
        raise ValueError(f"Shape must be at most rank {rank} but is rank {n}")


def _rank(t: Tensor, rank: int) -> None:
    n = t.shape.ndims
    if n is not None and n != rank:
        raise ValueError(f"Shape must be rank {rank} but is rank {n}")


def _strings(values: list) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


# --------------------------------------------------------------------------------------------
# DecodeCSV

_QUOTE, _CR, _LF = ord('"'), ord("\r"), ord("\n")
_INT = re.compile(rb"\s*[+-]?[0-9]+\s*\Z")
_FLOAT = re.compile(rb"\s*[+-]?(?:[0-9]+\.?[0-9]*(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?"
                    rb"|inf|infinity|nan)\s*\Z", re.IGNORECASE)
_HEX_FLOAT = re.compile(rb"\s*[+-]?0x(?:[0-9a-f]+\.?[0-9a-f]*|\.[0-9a-f]+)(?:p[+-]?[0-9]+)?\s*\Z",
                        re.IGNORECASE)
_INT_RANGE = {"int32": (-2 ** 31, 2 ** 31 - 1), "int64": (-2 ** 63, 2 ** 63 - 1)}
_TYPE_NAMES = {"int32": "int32", "int64": "int64", "float32": "float", "float64": "double",
               "string": "string"}


def _bad_field(f: int, i: int, what: str, field: bytes) -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(
        None, None, f"Field {f} in record {i} is not a valid {what}: "
                    f"{field.decode('utf-8', 'replace')}")


def _number(field: bytes, dtype: str, f: int, i: int) -> Any:
    """`field` as TF's strict number parsers read it (surrounding white space allowed, hex
    floats, inf and nan; no underscores, no trailing junk)."""
    if dtype in _INT_RANGE:
        low, high = _INT_RANGE[dtype]
        if _INT.match(field) and low <= int(field) <= high:
            return int(field)
        raise _bad_field(f, i, dtype, field)
    if _FLOAT.match(field):
        return float(field)
    if _HEX_FLOAT.match(field):
        return float.fromhex(field.strip().decode())
    raise _bad_field(f, i, _TYPE_NAMES[dtype], field)


def _csv_error(message: str) -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(None, None, message)


def _split_quoted(record: bytes, delim: int, use_quotes: bool) -> list[bytes]:
    """The fields of `record` by RFC 4180 (quoted fields may hold the delimiter and doubled
    quotes), with TF's leniency: line breaks before a field are skipped."""
    fields = []
    n = len(record)
    i = 0
    while i < n:
        if record[i] in (_CR, _LF):
            i += 1
            continue
        if use_quotes and record[i] == _QUOTE:
            i += 1
            field = bytearray()
            while i < n - 1 and not (record[i] == _QUOTE and record[i + 1] == delim):
                if record[i] != _QUOTE:
                    field.append(record[i])
                    i += 1
                elif record[i + 1] == _QUOTE:
                    field.append(_QUOTE)
                    i += 2
                else:
                    raise _csv_error("Quote inside a string has to be escaped by another quote")
            if not (i < n and record[i] == _QUOTE and (i == n - 1 or record[i + 1] == delim)):
                raise _csv_error("Quoted field has to end with quote followed by delim or end")
            fields.append(bytes(field))
            i += 2
        else:
            end = record.find(delim, i)
            end = n if end < 0 else end
            field = record[i:end]
            if (use_quotes and _QUOTE in field) or _CR in field or _LF in field:
                raise _csv_error("Unquoted fields cannot have quotes/CRLFs inside")
            fields.append(field)
            i = end + 1
    if record[-1] == delim:
        fields.append(b"")
    return fields


def _csv_fields(record: bytes, delim: int, use_quotes: bool, select: list | None) -> list:
    if not record:
        return []
    special = (b'"' in record and use_quotes) or b"\r" in record or b"\n" in record
    fields = _split_quoted(record, delim, use_quotes) if special else \
        record.split(bytes([delim]))
    if select:
        fields = [fields[k] for k in select if k < len(fields)]
    return fields


def _decode_csv_infer(op):
    records, *defaults = op.inputs
    for d in defaults:
        _rank_at_most(d, 1)
        if d.shape.ndims == 1 and d.shape[0].value is not None and d.shape[0].value > 1:
            raise ValueError("Shape of a default must be a length-0 or length-1 vector, or a "
                             "scalar.")
    return [(t, records.shape) for t in op.get_attr("OUT_TYPE")]


def _decode_csv_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    types = [t.name for t in ctx.attrs["OUT_TYPE"]]
    delim_attr = ctx.attrs["field_delim"]
    use_quotes = ctx.attrs["use_quote_delim"]
    na_value = ctx.attrs["na_value"].encode("utf-8")
    select = list(ctx.attrs["select_cols"]) or None

    def decode_csv_(records, *defaults):
        if len(delim_attr) != 1:
            raise _csv_error("field_delim should be only 1 char")
        delim = ord(delim_attr)
        for f, d in enumerate(defaults):
            if d.size > 1:
                raise _csv_error(f"There should only be 1 default per field but field {f} has "
                                 f"{d.size}")
        flat = records.reshape(-1)
        columns: list[list] = [[] for _ in types]
        for i, record in enumerate(flat.tolist()):
            fields = _csv_fields(record, delim, use_quotes, select)
            if len(fields) != len(types):
                raise _csv_error(f"Expect {len(types)} fields but have {len(fields)} in record "
                                 f"{i}")
            for f, (field, dtype) in enumerate(zip(fields, types)):
                if not field or field == na_value:
                    if defaults[f].size != 1:
                        raise _csv_error(f"Field {f} is required but missing in record {i}!")
                    columns[f].append(defaults[f].reshape(-1)[0])
                else:
                    columns[f].append(field if dtype == "string" else
                                      _number(field, dtype, f, i))
        out = []
        for column, dtype in zip(columns, types):
            if dtype == "string":
                out.append(_strings(column).reshape(records.shape))
            else:
                with np.errstate(over="ignore"):
                    values = np.asarray(column, dtype=np.float64 if dtype[0] == "f" else
                                        dtype).astype(dtype)
                out.append(xp.asarray(values.reshape(records.shape)))
        return tuple(out) if len(out) > 1 else out[0]
    return decode_csv_


registry.register("DecodeCSV", infer=_decode_csv_infer, kernel=_decode_csv_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)

_CSV_TYPES = (_dtypes.float32, _dtypes.float64, _dtypes.int32, _dtypes.int64, _dtypes.string)


def decode_csv(records: Any, record_defaults: Any, field_delim: str = ",",
               use_quote_delim: bool = True, name: str | None = None, na_value: str = "",
               select_cols: Any = None) -> Any:
    """`tf.decode_csv`: each string of `records` cut into fields, one output per field
    (of `select_cols` when given), typed and defaulted by `record_defaults` (one tensor per
    field: a value, or empty when the field is required); `na_value` counts as missing."""
    if select_cols is not None and any(select_cols[i] >= select_cols[i + 1]
                                       for i in range(len(select_cols) - 1)):
        raise ValueError("select_cols is not strictly increasing.")
    if select_cols is not None and select_cols[0] < 0:
        raise ValueError("select_cols contains negative values.")
    if select_cols is not None and len(select_cols) != len(record_defaults):
        raise ValueError("Length of select_cols and record_defaults do not match.")
    g = get_default_graph()
    with g.name_scope(name or "DecodeCSV") as scope:
        records = convert_to_tensor(records, dtype=_dtypes.string, name="records")
        defaults = []
        for i, d in enumerate(record_defaults):
            d = convert_to_tensor(d, name=f"record_defaults_{i}")
            if d.dtype.base_dtype not in _CSV_TYPES:
                raise TypeError(f"Value passed to parameter 'record_defaults' has DataType "
                                f"{d.dtype.base_dtype.name} not in list of allowed values: "
                                f"float32, float64, int32, int64, string")
            defaults.append(d)
        op = g.create_op("DecodeCSV", [records] + defaults, {
            "OUT_TYPE": [d.dtype.base_dtype for d in defaults], "field_delim": field_delim,
            "use_quote_delim": bool(use_quote_delim), "na_value": na_value,
            "select_cols": list(select_cols or [])}, name=scope)
    return list(op.outputs)


# --------------------------------------------------------------------------------------------
# DecodeRaw

_RAW_TYPES = (_dtypes.float16, _dtypes.float32, _dtypes.float64, _dtypes.int32, _dtypes.uint16,
              _dtypes.uint8, _dtypes.int16, _dtypes.int8, _dtypes.int64, _dtypes.complex64,
              _dtypes.complex128)
_C_NAMES = {"float16": "Eigen::half", "float32": "float", "float64": "double",
            "int32": "int", "uint16": "unsigned short", "uint8": "unsigned char",
            "int16": "short", "int8": "signed char", "int64": "long long",
            "complex64": "std::complex<float>", "complex128": "std::complex<double>"}


def _decode_raw_infer(op):
    return [(op.get_attr("out_type"), op.inputs[0].shape.concatenate(unknown_shape(1)))]


def _decode_raw_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    dtype = ctx.attrs["out_type"]
    order = "<" if ctx.attrs["little_endian"] else ">"
    np_type = np.dtype(_dtypes.np_dtype(dtype)).newbyteorder(order)
    size = np_type.itemsize

    def decode_raw_(data):
        flat = data.reshape(-1).tolist()
        width = len(flat[0]) if flat else 0
        if width % size:
            raise errors.InvalidArgumentError(
                None, None, f"Input to DecodeRaw has length {width} that is not a multiple of "
                            f"{size}, the size of {_C_NAMES[dtype.name]}")
        for i, s in enumerate(flat[1:], 1):
            if len(s) != width:
                raise errors.InvalidArgumentError(
                    None, None, f"DecodeRaw requires input strings to all be the same size, "
                                f"but element {i} has size {width} != {len(s)}")
        values = np.frombuffer(b"".join(flat), np_type).astype(np_type.newbyteorder("="))
        return xp.asarray(values.reshape(data.shape + (width // size,)))
    return decode_raw_


registry.register("DecodeRaw", infer=_decode_raw_infer, kernel=_decode_raw_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)


def decode_raw(input_bytes: Any = None, out_type: Any = None, little_endian: bool = True,
               name: str | None = None, bytes: Any = None) -> Tensor:  # noqa: A002 - TF's name
    """`tf.decode_raw`: the bytes of each string as numbers of `out_type` (a new last
    dimension); all strings must have the same length. `bytes` is the older name of
    `input_bytes`."""
    if input_bytes is None:
        input_bytes = bytes
    out_type = _dtypes.as_dtype(out_type)
    if out_type not in _RAW_TYPES:
        raise TypeError(f"Value passed to parameter 'out_type' has DataType {out_type.name} "
                        f"not in list of allowed values: "
                        f"{', '.join(t.name for t in _RAW_TYPES)}")
    g = get_default_graph()
    with g.name_scope(name or "DecodeRaw") as scope:
        data = convert_to_tensor(input_bytes, dtype=_dtypes.string, name="bytes")
        return g.create_op("DecodeRaw", [data], {"out_type": out_type,
                                                "little_endian": bool(little_endian)},
                           name=scope).outputs[0]


# --------------------------------------------------------------------------------------------
# Serialized Examples

class _ParseError(Exception):
    """The bytes are not a valid protobuf message of the expected kind."""


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(buf) or shift > 63:
            raise _ParseError
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, pos
        shift += 7


def _fields(buf: bytes) -> list[tuple[int, int, Any]]:
    """The (field number, wire type, value) of a message: ints for varints and fixed
    fields, bytes for length-delimited ones."""
    out = []
    pos, n = 0, len(buf)
    while pos < n:
        key, pos = _varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire == 1:
            value, pos = buf[pos:pos + 8], pos + 8
        elif wire == 2:
            length, pos = _varint(buf, pos)
            value, pos = buf[pos:pos + length], pos + length
        elif wire == 5:
            value, pos = buf[pos:pos + 4], pos + 4
        else:
            raise _ParseError
        if pos > n or number == 0:
            raise _ParseError
        out.append((number, wire, value))
    return out


_KINDS = {1: _dtypes.string, 2: _dtypes.float32, 3: _dtypes.int64}


def _list_values(kind: int, payload: bytes) -> list:
    """The values of a BytesList, FloatList or Int64List message."""
    values: list = []
    for number, wire, value in _fields(payload):
        if number != 1:
            continue
        if kind == 1:
            if wire != 2:
                raise _ParseError
            values.append(value)
        elif kind == 2:
            if wire == 2:
                if len(value) % 4:
                    raise _ParseError
                values.extend(struct.unpack(f"<{len(value) // 4}f", value))
            elif wire == 5:
                values.append(struct.unpack("<f", value)[0])
            else:
                raise _ParseError
        elif wire == 2:
            pos = 0
            while pos < len(value):
                v, pos = _varint(value, pos)
                values.append(v - (1 << 64) if v >> 63 else v)
        elif wire == 0:
            values.append(value - (1 << 64) if value >> 63 else value)
        else:
            raise _ParseError
    return values


def _feature(payload: bytes) -> tuple[Any, bytes]:
    """A Feature message's kind (a DType, None when no list is set) and its list's bytes."""
    kind = None
    data = b""
    for number, wire, value in _fields(payload):
        if number in _KINDS and wire == 2:
            kind, data = number, value
    return kind, data


def _map_entries(message: bytes) -> list[tuple[str, bytes]]:
    """The (key, value bytes) entries of a message's map field 1 (Features.feature,
    FeatureLists.feature_list), in order."""
    entries = []
    for number, wire, entry in _fields(message):
        if number != 1 or wire != 2:
            continue
        key, value = b"", b""
        for n, w, v in _fields(entry):
            if n == 1 and w == 2:
                key = v
            elif n == 2 and w == 2:
                value = v
        entries.append((key.decode("utf-8", "replace"), value))
    return entries


def _example_features(serialized: bytes) -> dict[str, tuple[Any, bytes]]:
    """Feature name -> (kind number or None, list bytes) of a serialized Example; a later
    entry of a name replaces an earlier one, as protobuf's map merging does."""
    return {key: _feature(value) for number, wire, features in _fields(serialized)
            if number == 1 and wire == 2 for key, value in _map_entries(features)}


def _sequence_example(serialized: bytes) -> tuple[dict, dict]:
    """The context features and the feature lists (name -> [(kind, list bytes)] per step)
    of a serialized SequenceExample."""
    context: dict = {}
    lists: dict = {}
    for number, wire, value in _fields(serialized):
        if wire != 2 or number not in (1, 2):
            continue
        for key, body in _map_entries(value):
            if number == 1:
                context[key] = _feature(body)
            else:
                lists[key] = [_feature(f) for n, w, f in _fields(body) if n == 1 and w == 2]
    return context, lists


def _type_name(dtype: _dtypes.DType) -> str:
    return _TYPE_NAMES[dtype.name]


class _Spec:
    """One parse config: its sparse keys and types, its dense keys, types and shapes (a
    leading None marks a variable number of strides)."""

    def __init__(self, attrs: dict, sparse_keys: list, dense_keys: list):
        self.sparse = list(zip(sparse_keys, attrs["sparse_types"]))
        self.dense = []
        for key, dtype, shape in zip(dense_keys, attrs["Tdense"], attrs["dense_shapes"]):
            dims = shape.as_list()
            varlen = bool(dims) and dims[0] is None
            stride = int(np.prod(dims[1:] if varlen else dims, dtype=np.int64))
            self.dense.append((key, dtype, dims, varlen, stride))


def _parse_one(serialized: bytes, spec: _Spec, where: Any) -> tuple[list, list]:
    """The sparse value lists and the dense value lists (None: missing) of one Example;
    `where(key)` gives an error's prefix."""
    try:
        features = _example_features(serialized)
    except _ParseError:
        raise errors.InvalidArgumentError(
            None, None, f"Could not parse example input, value: "
                        f"'{serialized.decode('latin-1')}'") from None

    def values_of(key: str, kind: int, data: bytes) -> list:
        try:
            return _list_values(kind, data)
        except _ParseError:
            raise errors.InvalidArgumentError(
                None, None, f"{where(key)}Can't parse serialized Example.") from None

    sparse = []
    for key, dtype in spec.sparse:
        kind, data = features.get(key, (None, b""))
        if kind is not None and _KINDS[kind] != dtype:
            raise errors.InvalidArgumentError(
                None, None, f"{where(key)}Data types don't match. Expected type: "
                            f"{_type_name(dtype)}, Actual type: {_type_name(_KINDS[kind])}")
        sparse.append([] if kind is None else values_of(key, kind, data))
    dense = []
    for key, dtype, _, _, _ in spec.dense:
        kind, data = features.get(key, (None, b""))
        if kind is None:
            dense.append(None)
            continue
        if _KINDS[kind] != dtype:
            raise errors.InvalidArgumentError(
                None, None, f"{where(key)}Data types don't match. Data type: "
                            f"{_type_name(_KINDS[kind])} but expected type: {_type_name(dtype)}")
        dense.append(values_of(key, kind, data))
    return sparse, dense


def _array(xp: Any, values: Any, dtype: _dtypes.DType, shape: tuple) -> Any:
    if dtype is _dtypes.string:
        return _strings(list(values)).reshape(shape)
    return xp.asarray(np.asarray(values, dtype=_dtypes.np_dtype(dtype)).reshape(shape))


def _outputs(values: list) -> Any:
    return tuple(values) if len(values) > 1 else values[0]


def _keys(values: tuple) -> list[str]:
    return [v[()].decode("utf-8") for v in values]


def _parse_example_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    n_sparse, n_dense = ctx.attrs["Nsparse"], ctx.attrs["Ndense"]

    def parse_example_(serialized, names, *rest):
        spec = _Spec(ctx.attrs, _keys(rest[:n_sparse]), _keys(rest[n_sparse:n_sparse + n_dense]))
        defaults = rest[n_sparse + n_dense:]
        examples = serialized.reshape(-1).tolist()
        batch = len(examples)
        names_list = names.reshape(-1).tolist()
        sparse_out: list[list] = [[] for _ in spec.sparse]
        dense_out: list[list] = [[] for _ in spec.dense]
        for i, data in enumerate(examples):
            name = names_list[i].decode("utf-8", "replace") if names_list else "<unknown>"
            sparse, dense = _parse_one(
                data, spec, lambda key, name=name, i=i: f"Name: {name}, Key: {key}, Index: {i}.  ")
            for d, values in enumerate(sparse):
                sparse_out[d].append(values)
            for d, ((key, dtype, dims, varlen, stride), values) in enumerate(zip(spec.dense,
                                                                                 dense)):
                if values is None and not varlen:
                    if defaults[d].size == 0:
                        raise errors.InvalidArgumentError(
                            None, None, f"Name: {name}, Feature: {key} (data type: "
                                        f"{_type_name(dtype)}) is required but could not be "
                                        f"found.")
                    values = defaults[d].reshape(-1).tolist()
                elif values is not None and not varlen and len(values) != stride:
                    raise errors.InvalidArgumentError(
                        None, None, f"Name: {name}, Key: {key}, Index: {i}.  Number of "
                                    f"{_type_name(dtype).replace('string', 'bytes')} values "
                                    f"!= expected.  Values size: {len(values)} but output "
                                    f"shape: {dims_str(TensorShape(dims))}")
                elif values is not None and varlen and len(values) % stride:
                    raise errors.InvalidArgumentError(
                        None, None, f"Name: {name}, Key: {key}, Index: {i}.  Number of "
                                    f"{_type_name(dtype).replace('string', 'bytes')} values is "
                                    f"not a multiple of stride length. Saw {len(values)} values "
                                    f"but output shape is: {dims_str(TensorShape(dims))}")
                dense_out[d].append(values or [])
        indices, values, shapes = [], [], []
        for (_, dtype), lists in zip(spec.sparse, sparse_out):
            indices.append(xp.asarray(np.array([[i, j] for i, v in enumerate(lists)
                                                for j in range(len(v))],
                                               dtype=np.int64).reshape(-1, 2)))
            values.append(_array(xp, [x for v in lists for x in v], dtype, (-1,)))
            shapes.append(xp.asarray(np.array([batch, max(map(len, lists), default=0)],
                                              dtype=np.int64)))
        dense_values = []
        for d, ((_, dtype, dims, varlen, stride), lists) in enumerate(zip(spec.dense,
                                                                          dense_out)):
            if not varlen:
                dense_values.append(_array(xp, [x for v in lists for x in v], dtype,
                                           (batch,) + tuple(dims)))
                continue
            steps = max((len(v) // stride for v in lists), default=0)
            pad = defaults[d].reshape(-1).tolist()[0]
            rows = [v + [pad] * (steps * stride - len(v)) for v in lists]
            dense_values.append(_array(xp, [x for v in rows for x in v], dtype,
                                       (batch, steps) + tuple(dims[1:])))
        return _outputs(indices + values + shapes + dense_values)
    return parse_example_


def _parse_example_infer(op):
    serialized, names = op.inputs[:2]
    _rank(serialized, 1)
    _rank(names, 1)
    batch = serialized.shape.with_rank(1)
    n_sparse = op.get_attr("Nsparse")
    out = [(_dtypes.int64, TensorShape([None, 2]))] * n_sparse
    out += [(t, TensorShape([None])) for t in op.get_attr("sparse_types")]
    out += [(_dtypes.int64, TensorShape([2]))] * n_sparse
    out += [(t, batch.concatenate(s)) for t, s in zip(op.get_attr("Tdense"),
                                                       op.get_attr("dense_shapes"))]
    return out


registry.register("ParseExample", infer=_parse_example_infer, kernel=_parse_example_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, foldable=False)


def _parse_single_example_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    spec = _Spec(ctx.attrs, list(ctx.attrs["sparse_keys"]), list(ctx.attrs["dense_keys"]))

    def parse_single_example_(serialized, *defaults):
        sparse, dense = _parse_one(serialized[()], spec, lambda key: f"Key: {key}.  ")
        indices, values, shapes = [], [], []
        for (_, dtype), lists in zip(spec.sparse, sparse):
            indices.append(xp.asarray(np.arange(len(lists), dtype=np.int64).reshape(-1, 1)))
            values.append(_array(xp, lists, dtype, (-1,)))
            shapes.append(xp.asarray(np.array([len(lists)], dtype=np.int64)))
        dense_values = []
        for d, ((key, dtype, dims, varlen, stride), got) in enumerate(zip(spec.dense, dense)):
            if got is None and not varlen:
                if defaults[d].size == 0:
                    raise errors.InvalidArgumentError(
                        None, None, f"Feature: {key} (data type: {_type_name(dtype)}) is "
                                    f"required but could not be found.")
                got = defaults[d].reshape(-1).tolist()
            got = got or []
            if (varlen and len(got) % stride) or (not varlen and len(got) != stride):
                raise errors.InvalidArgumentError(
                    None, None, f"Key: {key}.  Can't parse serialized Example.")
            shape = ((len(got) // stride,) + tuple(dims[1:])) if varlen else tuple(dims)
            dense_values.append(_array(xp, got, dtype, shape))
        return _outputs(indices + values + shapes + dense_values)
    return parse_single_example_


def _parse_single_example_infer(op):
    _rank(op.inputs[0], 0)
    n_sparse = op.get_attr("num_sparse")
    out = [(_dtypes.int64, TensorShape([None, 1]))] * n_sparse
    out += [(t, TensorShape([None])) for t in op.get_attr("sparse_types")]
    out += [(_dtypes.int64, TensorShape([1]))] * n_sparse
    out += list(zip(op.get_attr("Tdense"), op.get_attr("dense_shapes")))
    return out


registry.register("ParseSingleExample", infer=_parse_single_example_infer,
                  kernel=_parse_single_example_kernel, grad=registry.NOT_DIFFERENTIABLE,
                  foldable=False)


def _parse_sequence_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    attrs = ctx.attrs
    counts = [attrs["Ncontext_sparse"], attrs["Ncontext_dense"], attrs["Nfeature_list_sparse"],
              attrs["Nfeature_list_dense"]]
    context_types = (attrs["context_sparse_types"], attrs["Tcontext_dense"],
                     attrs["context_dense_shapes"])
    list_types = (attrs["feature_list_sparse_types"], attrs["feature_list_dense_types"],
                  attrs["feature_list_dense_shapes"])

    def parse_single_sequence_example(serialized, assumed_empty, *rest):
        keys, pos = [], 0
        for count in counts:
            keys.append(_keys(rest[pos:pos + count]))
            pos += count
        defaults, name = rest[pos:pos + counts[1]], rest[-1][()].decode("utf-8", "replace")
        name = name or "<unknown>"
        empty_ok = {k.decode("utf-8", "replace") for k in assumed_empty.reshape(-1).tolist()}
        try:
            context, lists = _sequence_example(serialized[()])
        except _ParseError:
            raise errors.InvalidArgumentError(
                None, None, f"Invalid protocol message input, example id: {name}") from None

        def values(kind: int, data: bytes, key: str, index: int | None) -> list:
            try:
                return _list_values(kind, data)
            except _ParseError:
                where = "Context feature" if index is None else "Feature list"
                raise errors.InvalidArgumentError(
                    None, None, f"Name: {name}, {where}: {key}.  Can't parse serialized "
                                f"Example.") from None

        def typed(kind: Any, dtype: Any, key: str, index: int | None) -> None:
            if kind is not None and _KINDS[kind] != dtype:
                where = f"Context feature: {key}" if index is None else \
                    f"Feature list: {key}, Index: {index}"
                raise errors.InvalidArgumentError(
                    None, None, f"Name: {name}, {where}.  Data types don't match. Expected "
                                f"type: {_type_name(dtype)}")

        def count_error(key: str, index: int, n: int, dims: list) -> Exception:
            return errors.InvalidArgumentError(
                None, None, f"Name: {name}, Key: {key}, Index: {index}.  Number of values != "
                            f"expected.  values size: {n} but output shape: "
                            f"{dims_str(TensorShape(dims))}")

        out: list = [[], [], []]
        for key, dtype in zip(keys[0], context_types[0]):  # context sparse
            kind, data = context.get(key, (None, b""))
            typed(kind, dtype, key, None)
            got = [] if kind is None else values(kind, data, key, None)
            out[0].append(xp.asarray(np.arange(len(got), dtype=np.int64).reshape(-1, 1)))
            out[1].append(_array(xp, got, dtype, (-1,)))
            out[2].append(xp.asarray(np.array([len(got)], dtype=np.int64)))
        dense = []
        for d, (key, dtype, shape) in enumerate(zip(keys[1], *context_types[1:])):
            dims = shape.as_list()
            kind, data = context.get(key, (None, b""))
            typed(kind, dtype, key, None)
            if kind is None:
                if defaults[d].size == 0:
                    raise errors.InvalidArgumentError(
                        None, None, f"Name: {name}, Feature: {key} (data type: "
                                    f"{_type_name(dtype)}) is required but could not be found.")
                got = defaults[d].reshape(-1).tolist()
            else:
                got = values(kind, data, key, None)
            if len(got) != int(np.prod(dims, dtype=np.int64)):
                raise count_error(key, 0, len(got), dims)
            dense.append(_array(xp, got, dtype, tuple(dims)))
        list_out: list = [[], [], []]
        for key, dtype in zip(keys[2], list_types[0]):  # feature list sparse
            steps = lists.get(key, [])
            rows = []
            for t, (kind, data) in enumerate(steps):
                typed(kind, dtype, key, t)
                rows.append([] if kind is None else values(kind, data, key, t))
            list_out[0].append(xp.asarray(np.array([[t, j] for t, r in enumerate(rows)
                                                    for j in range(len(r))],
                                                   dtype=np.int64).reshape(-1, 2)))
            list_out[1].append(_array(xp, [v for r in rows for v in r], dtype, (-1,)))
            list_out[2].append(xp.asarray(np.array([len(rows), max(map(len, rows), default=0)],
                                                   dtype=np.int64)))
        list_dense = []
        for key, dtype, shape in zip(keys[3], *list_types[1:]):
            dims = shape.as_list()
            if key not in lists and key not in empty_ok:
                raise errors.InvalidArgumentError(
                    None, None, f"Name: {name}, Feature list '{key}' is required but could not "
                                f"be found.  Did you mean to include it in "
                                f"feature_list_dense_missing_assumed_empty or "
                                f"feature_list_dense_defaults?")
            stride = int(np.prod(dims, dtype=np.int64))
            got = []
            for t, (kind, data) in enumerate(lists.get(key, [])):
                typed(kind, dtype, key, t)
                step = [] if kind is None else values(kind, data, key, t)
                if len(step) != stride:
                    raise count_error(key, t, len(step), dims)
                got.extend(step)
            list_dense.append(_array(xp, got, dtype, (len(got) // stride,) + tuple(dims)))
        return _outputs(out[0] + out[1] + out[2] + dense + list_out[0] + list_out[1] +
                        list_out[2] + list_dense)
    return parse_single_sequence_example


def _parse_sequence_infer(op):
    _rank(op.inputs[0], 0)
    _rank(op.inputs[1], 1)
    _rank(op.inputs[-1], 0)
    n_context, n_list = op.get_attr("Ncontext_sparse"), op.get_attr("Nfeature_list_sparse")
    out = [(_dtypes.int64, TensorShape([None, 1]))] * n_context
    out += [(t, TensorShape([None])) for t in op.get_attr("context_sparse_types")]
    out += [(_dtypes.int64, TensorShape([1]))] * n_context
    out += list(zip(op.get_attr("Tcontext_dense"), op.get_attr("context_dense_shapes")))
    out += [(_dtypes.int64, TensorShape([None, 2]))] * n_list
    out += [(t, TensorShape([None])) for t in op.get_attr("feature_list_sparse_types")]
    out += [(_dtypes.int64, TensorShape([2]))] * n_list
    out += [(t, unknown_shape(1).concatenate(s)) for t, s in
            zip(op.get_attr("feature_list_dense_types"), op.get_attr("feature_list_dense_shapes"))]
    return out


registry.register("ParseSingleSequenceExample", infer=_parse_sequence_infer,
                  kernel=_parse_sequence_kernel, grad=registry.NOT_DIFFERENTIABLE,
                  foldable=False)


# --------------------------------------------------------------------------------------------
# Feature specs and the Example builders

class VarLenFeature(collections.namedtuple("VarLenFeature", ["dtype"])):
    """A feature of any number of values, parsed into a SparseTensor."""


class FixedLenFeature(collections.namedtuple("FixedLenFeature",
                                             ["shape", "dtype", "default_value"])):
    """A feature of a fixed `shape`, parsed into a Tensor; without `default_value` every
    example must have it."""

    def __new__(cls, shape: Any, dtype: Any, default_value: Any = None) -> FixedLenFeature:
        return super().__new__(cls, shape, dtype, default_value)


class FixedLenSequenceFeature(collections.namedtuple(
        "FixedLenSequenceFeature", ["shape", "dtype", "allow_missing", "default_value"])):
    """Any number of strides of `shape`, parsed into a Tensor padded (with
    `default_value`) to the longest in the batch; `parse_example` needs `allow_missing`."""

    def __new__(cls, shape: Any, dtype: Any, allow_missing: bool = False,
                default_value: Any = None) -> FixedLenSequenceFeature:
        return super().__new__(cls, shape, dtype, allow_missing, default_value)


_PARSE_TYPES = (_dtypes.float32, _dtypes.int64, _dtypes.string)


def _prepend_none_dimension(features: dict) -> dict:
    out = dict(features)
    for key, feature in features.items():
        if isinstance(feature, FixedLenSequenceFeature):
            if not feature.allow_missing:
                raise ValueError("Unsupported: FixedLenSequenceFeature requires allow_missing to "
                                 "be True.")
            out[key] = FixedLenSequenceFeature([None] + list(feature.shape), feature.dtype,
                                               feature.allow_missing, feature.default_value)
    return out


_EXAMPLE_FEATURES = ("VarLenFeature", "FixedLenFeature", "FixedLenSequenceFeature")


def _raw_params(features: dict | None, kinds: tuple = _EXAMPLE_FEATURES) -> tuple:
    """Sorted sparse keys and types, dense keys, types, defaults (by key) and shapes, of the
    feature spec classes named in `kinds`."""
    sparse_keys, sparse_types, dense_keys, dense_types, dense_shapes = [], [], [], [], []
    dense_defaults: dict = {}
    for key in sorted(features or {}):
        feature = features[key]
        kind = type(feature).__name__
        if kind in ("VarLenFeature", "FixedLenFeature", "FixedLenSequenceFeature") and \
                kind not in kinds:
            raise ValueError(f"Unsupported {kind} {feature}.")
        if isinstance(feature, VarLenFeature):
            if not feature.dtype:
                raise ValueError(f"Missing type for feature {key}.")
            sparse_keys.append(key)
            sparse_types.append(_dtypes.as_dtype(feature.dtype))
        elif isinstance(feature, (FixedLenFeature, FixedLenSequenceFeature)):
            if not feature.dtype:
                raise ValueError(f"Missing type for feature {key}.")
            if feature.shape is None:
                raise ValueError(f"Missing shape for feature {key}.")
            if isinstance(feature, FixedLenFeature):
                shape = as_shape(feature.shape)
                if feature.shape and shape.ndims and shape[0].value is None:
                    raise ValueError(f"First dimension of shape for feature {key} unknown. "
                                     f"Consider using FixedLenSequenceFeature.")
                if not shape.is_fully_defined():
                    raise ValueError(f"All dimensions of shape for feature {key} need to be "
                                     f"known but received {feature.shape}.")
            elif feature.allow_missing:
                dense_defaults[key] = None
            dense_keys.append(key)
            dense_shapes.append(as_shape(feature.shape))
            dense_types.append(_dtypes.as_dtype(feature.dtype))
            if feature.default_value is not None:
                dense_defaults[key] = feature.default_value
        else:
            raise ValueError(f"Invalid feature {key}:{feature}.")
    for dtype in sparse_types + dense_types:
        if dtype not in _PARSE_TYPES:
            what = "sparse_types" if dtype in sparse_types else "dense_defaults"
            raise TypeError(f"Value passed to parameter '{what}' has DataType {dtype.name} not "
                            f"in list of allowed values: float32, int64, string")
    return sparse_keys, sparse_types, dense_keys, dense_types, dense_defaults, dense_shapes


def _example_params(features: dict) -> tuple:
    params = _raw_params(_prepend_none_dimension(features))
    if not params[0] and not params[2]:
        raise ValueError("Must provide at least one sparse key or dense key")
    return params


def _dense_default_tensors(dense_keys: list, dense_types: list, dense_defaults: dict,
                           dense_shapes: list) -> list[Tensor]:
    """The dense defaults as TF's parsing code builds them in the current scope: an empty
    `Const` for a required feature, `key_<name>` reshaped to the feature's shape, or for
    strides of a sequence feature a scalar padding value (`padding_<name>`)."""
    out = []
    for key, dtype, shape in zip(dense_keys, dense_types, dense_shapes):
        default = dense_defaults.get(key)
        safe = re.sub(r"[^A-Za-z0-9_.\-/]", "_", key)
        if shape.ndims and shape[0].value is None:
            if default is None:
                default = convert_to_tensor("" if dtype is _dtypes.string else 0, dtype=dtype)
            else:
                default = array_ops.reshape(convert_to_tensor(default, dtype=dtype,
                                                              name=f"padding_{safe}"), [])
        elif default is None:
            default = convert_to_tensor(np.zeros([0], dtype=_dtypes.np_dtype(dtype)),
                                        dtype=dtype)
        elif not isinstance(default, Tensor):
            default = array_ops.reshape(convert_to_tensor(default, dtype=dtype,
                                                          name=f"key_{safe}"), shape.as_list())
        out.append(default)
    return out


def _parse_attrs(sparse_types: list, dense_types: list, dense_shapes: list) -> dict:
    return {"sparse_types": sparse_types, "Tdense": dense_types, "dense_shapes": dense_shapes}


def _sparse_and_dense(outputs: list, sparse_keys: list, dense_keys: list) -> dict:
    n = len(sparse_keys)
    sparse = [SparseTensor(outputs[i], outputs[n + i], outputs[2 * n + i]) for i in range(n)]
    return dict(zip(sparse_keys + dense_keys, sparse + list(outputs[3 * n:])))


def parse_example(serialized: Any, features: dict, name: str | None = None,
                  example_names: Any = None) -> dict:
    """`tf.parse_example`: a batch (vector) of serialized Examples parsed by `features`
    (key -> FixedLenFeature, VarLenFeature or FixedLenSequenceFeature) into a dict of
    Tensors [batch, ...] and SparseTensors [batch, longest]."""
    if not features:
        raise ValueError(f"Missing: features was {features}.")
    sparse_keys, sparse_types, dense_keys, dense_types, defaults, shapes = \
        _example_params(features)
    g = get_default_graph()
    with name_scope(name, "ParseExample", [serialized, example_names]):
        default_tensors = _dense_default_tensors(dense_keys, dense_types, defaults, shapes)
        with g.name_scope(name or "ParseExample") as scope:
            serialized = convert_to_tensor(serialized, dtype=_dtypes.string, name="serialized")
            names = convert_to_tensor([] if example_names is None else example_names,
                                      dtype=_dtypes.string, name="names")
            keys = [convert_to_tensor(k, dtype=_dtypes.string, name=f"sparse_keys_{i}")
                    for i, k in enumerate(sparse_keys)]
            keys += [convert_to_tensor(k, dtype=_dtypes.string, name=f"dense_keys_{i}")
                     for i, k in enumerate(dense_keys)]
            op = g.create_op("ParseExample", [serialized, names, *keys, *default_tensors], {
                "Nsparse": len(sparse_keys), "Ndense": len(dense_keys),
                **_parse_attrs(sparse_types, dense_types, shapes)}, name=scope)
    return _sparse_and_dense(list(op.outputs), sparse_keys, dense_keys)


def _single_from_batch(serialized: Any, features: dict, name: str | None,
                       example_names: Any) -> dict:
    """parse_single_example with `example_names`: `parse_example` of a batch of one, its
    dense results squeezed and its sparse indices and shapes without the batch entry."""
    with name_scope(name, "ParseSingleExample", [serialized, example_names]):
        serialized = convert_to_tensor(serialized)
        if serialized.shape.ndims is not None and serialized.shape.ndims != 0:
            raise ValueError("Input serialized must be a scalar")
        names = convert_to_tensor(example_names)
        if names.shape.ndims is not None and names.shape.ndims != 0:
            raise ValueError("Input names must be a scalar")
        outputs = parse_example(array_ops.expand_dims(serialized, 0), features, name,
                                array_ops.expand_dims(names, 0))
        dense = sorted(k for k, v in outputs.items() if not isinstance(v, SparseTensor))
        for key in dense:
            safe = re.sub(r"[^A-Za-z0-9_.\-/]", "_", key)
            outputs[key] = array_ops.squeeze(outputs[key], [0], name=f"Squeeze_{safe}")
        for key in sorted(set(outputs) - set(dense)):
            safe = re.sub(r"[^A-Za-z0-9_.\-/]", "_", key)
            value = outputs[key]
            outputs[key] = SparseTensor(
                array_ops.slice(value.indices, [0, 1], [-1, -1], name=f"Slice_Indices_{safe}"),
                value.values,
                array_ops.slice(value.dense_shape, [1], [-1], name=f"Squeeze_Shape_{safe}"))
        return outputs


def parse_single_example(serialized: Any, features: dict, name: str | None = None,
                         example_names: Any = None) -> dict:
    """`tf.parse_single_example`: one serialized Example (a scalar) parsed by `features` into
    a dict of Tensors and SparseTensors without a batch dimension."""
    if not features:
        raise ValueError("Missing features.")
    if example_names is not None:
        return _single_from_batch(serialized, features, name, example_names)
    sparse_keys, sparse_types, dense_keys, dense_types, defaults, shapes = \
        _example_params(features)
    g = get_default_graph()
    with name_scope(name, "ParseSingleExample", [serialized]):
        serialized = convert_to_tensor(serialized, dtype=_dtypes.string, name="serialized")
        default_tensors = _dense_default_tensors(dense_keys, dense_types, defaults, shapes)
        with g.name_scope(name or "ParseSingleExample") as scope:
            op = g.create_op("ParseSingleExample", [serialized, *default_tensors], {
                "num_sparse": len(sparse_keys), "sparse_keys": sparse_keys,
                "dense_keys": dense_keys, **_parse_attrs(sparse_types, dense_types, shapes)},
                name=scope)
    return _sparse_and_dense(list(op.outputs), sparse_keys, dense_keys)


def parse_single_sequence_example(serialized: Any, context_features: dict | None = None,
                                  sequence_features: dict | None = None,
                                  example_name: Any = None, name: str | None = None
                                  ) -> tuple[dict, dict]:
    """`tf.parse_single_sequence_example`: one serialized SequenceExample parsed into its
    context (`context_features`: FixedLenFeature, VarLenFeature) and its feature lists
    (`sequence_features`: FixedLenSequenceFeature, a Tensor [steps, ...]; VarLenFeature, a
    SparseTensor [steps, longest]); a feature list `allow_missing` may be absent (no
    steps)."""
    if not (context_features or sequence_features):
        raise ValueError("Missing features.")
    c_sparse, c_sparse_types, c_dense, c_dense_types, c_defaults, c_shapes = _raw_params(
        context_features, ("VarLenFeature", "FixedLenFeature"))
    f_sparse, f_sparse_types, f_dense, f_dense_types, f_defaults, f_shapes = _raw_params(
        sequence_features, ("VarLenFeature", "FixedLenSequenceFeature"))
    for key, value in f_defaults.items():
        if value is not None:
            raise ValueError(f"Value feature_list_dense_defaults[{key}] must be None")
    g = get_default_graph()
    with name_scope(name, "ParseSingleSequenceExample", [serialized]):
        defaults = _dense_default_tensors(c_dense, c_dense_types, c_defaults, c_shapes)
        with g.name_scope(name or "ParseSingleSequenceExample") as scope:
            serialized = convert_to_tensor(serialized, dtype=_dtypes.string, name="serialized")
            assumed_empty = convert_to_tensor(
                np.array([k.encode() for k in f_defaults], dtype=object).reshape(-1),
                dtype=_dtypes.string, name="feature_list_dense_missing_assumed_empty")
            keys = [convert_to_tensor(k, dtype=_dtypes.string, name=f"{what}_{i}")
                    for what, group in (("context_sparse_keys", c_sparse),
                                        ("context_dense_keys", c_dense),
                                        ("feature_list_sparse_keys", f_sparse),
                                        ("feature_list_dense_keys", f_dense))
                    for i, k in enumerate(group)]
            debug = convert_to_tensor("" if example_name is None else example_name,
                                      dtype=_dtypes.string, name="debug_name")
            op = g.create_op("ParseSingleSequenceExample",
                             [serialized, assumed_empty, *keys, *defaults, debug], {
                                 "Ncontext_sparse": len(c_sparse), "Ncontext_dense": len(c_dense),
                                 "Nfeature_list_sparse": len(f_sparse),
                                 "Nfeature_list_dense": len(f_dense),
                                 "context_sparse_types": c_sparse_types,
                                 "Tcontext_dense": c_dense_types,
                                 "context_dense_shapes": c_shapes,
                                 "feature_list_sparse_types": f_sparse_types,
                                 "feature_list_dense_types": f_dense_types,
                                 "feature_list_dense_shapes": f_shapes}, name=scope)
    outputs = list(op.outputs)
    n_context = 3 * len(c_sparse) + len(c_dense)
    return (_sparse_and_dense(outputs[:n_context], c_sparse, c_dense),
            _sparse_and_dense(outputs[n_context:], f_sparse, f_dense))
