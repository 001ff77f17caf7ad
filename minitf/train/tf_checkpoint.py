"""A reader of TensorFlow's own V2 checkpoints (`<prefix>.index` + `<prefix>.data-*-of-*`).

The `.index` file is a LevelDB-style table (SSTable) mapping each tensor name to a
`BundleEntryProto` (dtype, shape, shard, offset, size, crc32c); the entry with the empty key is
the `BundleHeaderProto` (number of shards, byte order). Each data shard holds the tensors' raw
bytes. Every table block carries a masked CRC32C of its bytes and every tensor the CRC32C of its
data: both are verified, so a truncated or corrupted checkpoint is a DataLossError naming the
file, never wrong numbers. The protobuf messages are a handful of fields, parsed by hand here
(no protobuf dependency); the CRC32C is minitf/framework/crc32c.py's.
"""
from __future__ import annotations

import os
from typing import Any

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework import errors
from ..framework.crc32c import crc32c, masked_crc32c
from ..framework.crc32c import mask as _mask

__all__ = ["TABLE_MAGIC", "is_tf_checkpoint", "TFCheckpointReader", "crc32c", "masked_crc32c"]

TABLE_MAGIC = 0xdb4775248b80fb57  # the last 8 bytes of every table file (little-endian)
_FOOTER = 48  # two block handles padded to 40 bytes, then the magic
_TRAILER = 5  # after each block: its compression type (1 byte) and masked crc32c (4 bytes)


def _data_loss(path: str, what: str) -> errors.DataLossError:
    return errors.DataLossError(None, None, f"Unable to read checkpoint file {path}: {what}")


def _varint(buf: bytes, pos: int, path: str) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(buf) or shift > 63:
            raise _data_loss(path, "corrupted varint")
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7


def _proto_fields(buf: bytes, path: str) -> dict[int, list]:
    """A protobuf message's fields by number: varints and fixed ints as ints, length-delimited
    fields as bytes (nested messages are parsed by whoever knows their type)."""
    fields: dict[int, list] = {}
    pos = 0
    while pos < len(buf):
        key, pos = _varint(buf, pos, path)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(buf, pos, path)
        elif wire == 1:
            value, pos = int.from_bytes(buf[pos:pos + 8], "little"), pos + 8
        elif wire == 2:
            size, pos = _varint(buf, pos, path)
            value, pos = buf[pos:pos + size], pos + size
        elif wire == 5:
            value, pos = int.from_bytes(buf[pos:pos + 4], "little"), pos + 4
        else:
            raise _data_loss(path, f"bad protobuf wire type {wire}")
        if pos > len(buf):
            raise _data_loss(path, "truncated protobuf message")
        fields.setdefault(number, []).append(value)
    return fields


def _one(fields: dict, number: int, default: object = 0) -> object:
    values = fields.get(number)
    return values[-1] if values else default


class _Entry:
    """One tensor's BundleEntryProto."""

    __slots__ = ("dtype_enum", "shape", "shard", "offset", "size", "crc", "slices")

    def __init__(self, value: bytes, path: str):
        f = _proto_fields(value, path)
        self.dtype_enum = _one(f, 1)
        shape = _proto_fields(_one(f, 2, b""), path)
        if _one(shape, 3):
            raise _data_loss(path, "a tensor of unknown rank")
        self.shape = tuple(_one(_proto_fields(d, path), 1) for d in shape.get(2, ()))
        self.shard = _one(f, 3)
        self.offset = _one(f, 4)
        self.size = _one(f, 5)
        self.crc = _one(f, 6)
        self.slices = [_extents(proto, path) for proto in f.get(7, ())]


def _extents(slice_proto: bytes, path: str) -> list[tuple[int, int]]:
    """A TensorSliceProto's `(start, length)` per dimension; -1 for a whole dimension."""
    extents = []
    for extent in _proto_fields(slice_proto, path).get(1, ()):
        f = _proto_fields(extent, path)
        extents.append((_one(f, 1), _one(f, 2, -1)))
    return extents


# The key of each slice of a partitioned variable: TF's OrderedCode of (0, name, rank, then
# start and length per dimension).

def _ordered_unsigned(value: int) -> bytes:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return bytes([len(raw)]) + raw


def _ordered_signed(value: int) -> bytes:
    """n bytes hold [-2^(7n-1), 2^(7n-1)); their leading n bits say n (inverted if negative)."""
    magnitude = ~value if value < 0 else value
    n = next(k for k in range(1, 11) if magnitude < 1 << (7 * k - 1))
    out = bytearray((value & ((1 << 80) - 1)).to_bytes(10, "big")[-n:])
    header = (1 << 16) - (1 << (16 - n))
    out[0] ^= header >> 8
    if n > 1:
        out[1] ^= header & 0xFF
    return bytes(out)


def _ordered_string(text: bytes) -> bytes:
    escaped = b"".join(b"\x00\xff" if c == 0 else b"\xff\x00" if c == 0xFF else bytes([c])
                       for c in text)
    return escaped + b"\x00\x01"


def _slice_key(name: str, extents: list[tuple[int, int]]) -> bytes:
    return (_ordered_unsigned(0) + _ordered_string(name.encode("utf-8")) +
            _ordered_unsigned(len(extents)) +
            b"".join(_ordered_signed(start) + _ordered_signed(length)
                     for start, length in extents))


def _block(raw: bytes, offset: int, size: int, path: str) -> bytes:
    """The verified contents of the table block at offset/size."""
    end = offset + size + _TRAILER
    if end > len(raw):
        raise _data_loss(path, "truncated table block")
    contents, kind = raw[offset:offset + size], raw[offset + size]
    stored = int.from_bytes(raw[offset + size + 1:end], "little")
    if masked_crc32c(raw[offset:offset + size + 1]) != stored:
        raise _data_loss(path, "table block checksum mismatch")
    if kind != 0:
        raise _data_loss(path, f"compressed table block (type {kind}) is not supported")
    return contents


def _block_entries(block: bytes, path: str) -> list[tuple[bytes, bytes]]:
    """A block's (key, value) pairs; keys share prefixes with the previous key."""
    if len(block) < 4:
        raise _data_loss(path, "table block too short")
    restarts = int.from_bytes(block[-4:], "little")
    end = len(block) - 4 - 4 * restarts
    if end < 0:
        raise _data_loss(path, "bad table block restart count")
    out, key, pos = [], b"", 0
    while pos < end:
        shared, pos = _varint(block, pos, path)
        unshared, pos = _varint(block, pos, path)
        vlen, pos = _varint(block, pos, path)
        if shared > len(key) or pos + unshared + vlen > end:
            raise _data_loss(path, "corrupted table entry")
        key = key[:shared] + block[pos:pos + unshared]
        pos += unshared
        out.append((key, block[pos:pos + vlen]))
        pos += vlen
    return out


def _handle(buf: bytes, pos: int, path: str) -> tuple[int, int, int]:
    offset, pos = _varint(buf, pos, path)
    size, pos = _varint(buf, pos, path)
    return offset, size, pos


def _read_table(path: str) -> dict[bytes, bytes]:
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < _FOOTER or int.from_bytes(raw[-8:], "little") != TABLE_MAGIC:
        raise _data_loss(path, "not an sstable (bad magic number)")
    footer = raw[-_FOOTER:-8]
    _, _, pos = _handle(footer, 0, path)  # the metaindex block, unused by checkpoints
    index_offset, index_size, _ = _handle(footer, pos, path)
    table: dict[bytes, bytes] = {}
    for _, handle in _block_entries(_block(raw, index_offset, index_size, path), path):
        offset, size, _ = _handle(handle, 0, path)
        table.update(_block_entries(_block(raw, offset, size, path), path))
    return table


def is_tf_checkpoint(prefix: str) -> bool:
    """True when `<prefix>.index` ends with the table magic TF's V2 checkpoints carry."""
    try:
        with open(prefix + ".index", "rb") as f:
            f.seek(0, os.SEEK_END)
            if f.tell() < _FOOTER:
                return False
            f.seek(-8, os.SEEK_END)
            return int.from_bytes(f.read(8), "little") == TABLE_MAGIC
    except OSError:
        return False


class TFCheckpointReader:
    """The tensors of one TF V2 checkpoint, read and verified on demand."""

    def __init__(self, prefix: str):
        self._prefix = prefix
        self._index = prefix + ".index"
        table = _read_table(self._index)
        header = _proto_fields(table.pop(b"", b""), self._index)
        self._shards = _one(header, 1, 1)
        if _one(header, 2):
            raise _data_loss(self._index, "big-endian checkpoints are not supported")
        self._table = table  # the slices of partitioned variables by their binary keys
        self._entries = {k.decode("utf-8", "replace"): _Entry(v, self._index)
                         for k, v in table.items() if not k.startswith(b"\x00")}

    def variables(self) -> dict[str, tuple[_dtypes.DType, tuple]]:
        return {name: (self._dtype(name, e), e.shape) for name, e in self._entries.items()}

    def _dtype(self, name: str, entry: _Entry) -> _dtypes.DType:
        try:
            return _dtypes.as_dtype(entry.dtype_enum)
        except (TypeError, KeyError, ValueError):
            raise errors.UnimplementedError(
                None, None, f"Checkpoint tensor {name} has DataType enum {entry.dtype_enum}, "
                            f"which minitf does not support") from None

    def has_tensor(self, name: str) -> bool:
        return name in self._entries

    def tensor(self, name: str) -> np.ndarray:
        entry = self._entries.get(name)
        if entry is None:
            raise errors.NotFoundError(None, None, f"Key {name} not found in checkpoint")
        dtype = self._dtype(name, entry)
        if not entry.slices:
            return self._read(name, entry, dtype)
        # a partitioned variable: its slices, put together
        whole = np.zeros(entry.shape, np.dtype(_dtypes.np_dtype(dtype)))
        covered = np.zeros(entry.shape, bool)
        for extents in entry.slices:
            raw = self._table.get(_slice_key(name, extents))
            if raw is None or len(extents) != len(entry.shape):
                raise _data_loss(self._index, f"slice {extents} of {name} is missing")
            index = tuple(slice(0, dim) if length < 0 else slice(start, start + length)
                          for (start, length), dim in zip(extents, entry.shape))
            piece = self._read(name, _Entry(raw, self._index), dtype)
            if piece.shape != whole[index].shape:
                raise _data_loss(self._index, f"slice {extents} of {name} has shape "
                                              f"{list(piece.shape)}")
            whole[index] = piece
            covered[index] = True
        if not covered.all():
            raise errors.UnimplementedError(
                None, None, f"Checkpoint tensor {name} holds only some slices of the "
                            f"variable, which minitf does not read")
        return whole

    def _read(self, name: str, entry: _Entry, dtype: _dtypes.DType) -> np.ndarray:
        """The tensor (or slice) that `entry` locates in the data shards, verified."""
        path = f"{self._prefix}.data-{entry.shard:05d}-of-{self._shards:05d}"
        try:
            with open(path, "rb") as f:
                f.seek(entry.offset)
                data = f.read(entry.size)
        except FileNotFoundError:
            raise errors.NotFoundError(None, None, f"{path}; No such file or directory") \
                from None
        if len(data) != entry.size:
            raise _data_loss(path, f"truncated: tensor {name} needs bytes {entry.offset} to "
                                   f"{entry.offset + entry.size}")
        if dtype == _dtypes.string:
            return self._strings(name, data, entry, path)
        if masked_crc32c(data) != entry.crc:
            raise _data_loss(path, f"checksum mismatch for tensor {name}")
        np_type = np.dtype(_dtypes.np_dtype(dtype)).newbyteorder("<")
        count = int(np.prod(entry.shape, dtype=np.int64))
        if count * np_type.itemsize != len(data):
            raise _data_loss(path, f"tensor {name} has {len(data)} bytes for shape "
                                   f"{list(entry.shape)}")
        return np.frombuffer(data, np_type).astype(np_type.newbyteorder("=")).reshape(
            entry.shape)

    def _strings(self, name: str, data: bytes, entry: _Entry, path: str) -> np.ndarray:
        """A string tensor: the elements' varint lengths, a masked checksum of the lengths
        (each as a little-endian uint32, uint64 past 4 GiB), then the bytes. The entry's
        checksum covers the lengths so encoded, the length checksum and the bytes."""
        count = int(np.prod(entry.shape, dtype=np.int64))
        lengths, pos, crc = [], 0, 0
        for _ in range(count):
            n, pos = _varint(data, pos, path)
            lengths.append(n)
            crc = crc32c(n.to_bytes(4 if n <= 0xFFFFFFFF else 8, "little"), crc)
        stored = data[pos:pos + 4]
        if pos + 4 + sum(lengths) != len(data) or \
                int.from_bytes(stored, "little") != _mask(crc):
            raise _data_loss(path, f"string tensor {name} does not fit its bytes")
        crc = crc32c(data[pos:], crc)
        if _mask(crc) != entry.crc:
            raise _data_loss(path, f"checksum mismatch for tensor {name}")
        pos += 4
        values = np.empty(count, dtype=object)
        for i, n in enumerate(lengths):
            values[i] = data[pos:pos + n]
            pos += n
        return values.reshape(entry.shape)


# --------------------------------------------------------------------------------------------
# Writing (what TF's BundleWriter and its table builder write, byte for byte)

_RESTART_INTERVAL = 16
_BLOCK_SIZE = 262144  # TF's table::Options default


def _put_varint(value: int) -> bytes:
    out = bytearray()
    while True:
        bits = value & 0x7F
        value >>= 7
        if value:
            out.append(bits | 0x80)
        else:
            out.append(bits)
            return bytes(out)


def _field(number: int, value: Any) -> bytes:
    """One protobuf field: an int as a varint, bytes as a length-delimited field."""
    if isinstance(value, int):
        return _put_varint(number << 3) + _put_varint(value)
    return _put_varint(number << 3 | 2) + _put_varint(len(value)) + value


def _entry_proto(dtype: _dtypes.DType, shape: tuple, offset: int, size: int, crc: int) -> bytes:
    """A BundleEntryProto (shard 0; proto3 leaves zero fields out, the shape message stays)."""
    dims = b"".join(_field(2, _field(1, d) if d else b"") for d in shape)
    out = _field(1, dtype.as_datatype_enum) + _field(2, dims)
    if offset:
        out += _field(4, offset)
    if size:
        out += _field(5, size)
    return out + _put_varint(6 << 3 | 5) + crc.to_bytes(4, "little")


def _tensor_bytes(dtype: _dtypes.DType, value: np.ndarray) -> tuple[bytes, int]:
    """A tensor's data-file bytes and the masked CRC32C its entry records."""
    if dtype == _dtypes.string:
        items = [v if isinstance(v, bytes) else str(v).encode("utf-8")
                 for v in value.reshape(-1).tolist()]
        crc = 0
        for item in items:
            crc = crc32c(len(item).to_bytes(4 if len(item) <= 0xFFFFFFFF else 8, "little"), crc)
        head = b"".join(_put_varint(len(item)) for item in items)
        rest = _mask(crc).to_bytes(4, "little") + b"".join(items)
        return head + rest, _mask(crc32c(rest, crc))
    data = np.ascontiguousarray(value, dtype=np.dtype(_dtypes.np_dtype(dtype)).newbyteorder("<"))
    raw = data.tobytes()
    return raw, masked_crc32c(raw)


def _short_successor(key: bytes) -> bytes:
    """LevelDB's FindShortSuccessor: the first byte below 0xff incremented, the rest cut."""
    for i, b in enumerate(key):
        if b != 0xFF:
            return key[:i] + bytes([b + 1])
    return key


def _short_separator(start: bytes, limit: bytes) -> bytes:
    """LevelDB's FindShortestSeparator: a short key in [start, limit)."""
    n = 0
    while n < min(len(start), len(limit)) and start[n] == limit[n]:
        n += 1
    if n < min(len(start), len(limit)):
        b = start[n]
        if b < 0xFF and b + 1 < limit[n]:
            return start[:n] + bytes([b + 1])
    return start


class _BlockBuilder:
    def __init__(self) -> None:
        self.buf = bytearray()
        self.restarts = [0]
        self.count = 0
        self.last = b""

    def add(self, key: bytes, value: bytes) -> None:
        shared = 0
        if self.count < _RESTART_INTERVAL:
            while shared < min(len(self.last), len(key)) and self.last[shared] == key[shared]:
                shared += 1
        else:
            self.restarts.append(len(self.buf))
            self.count = 0
        self.buf += _put_varint(shared) + _put_varint(len(key) - shared) + \
            _put_varint(len(value)) + key[shared:] + value
        self.last, self.count = key, self.count + 1

    def finish(self) -> bytes:
        return bytes(self.buf) + b"".join(r.to_bytes(4, "little") for r in self.restarts) + \
            len(self.restarts).to_bytes(4, "little")

    def size(self) -> int:
        return len(self.buf) + 4 * len(self.restarts) + 4


def _table(entries: list[tuple[bytes, bytes]]) -> bytes:
    """An uncompressed SSTable of sorted (key, value) entries, as TF's TableBuilder makes it."""
    out = bytearray()
    index = _BlockBuilder()

    def write_block(block: _BlockBuilder) -> tuple[int, int]:
        contents = block.finish() + b"\x00"
        offset = len(out)
        out.extend(contents + masked_crc32c(contents).to_bytes(4, "little"))
        return offset, len(contents) - 1

    data = _BlockBuilder()
    pending: tuple | None = None
    for key, value in entries:
        if pending is not None:
            index.add(_short_separator(pending[0], key), pending[1])
            pending = None
        data.add(key, value)
        if data.size() >= _BLOCK_SIZE:
            offset, size = write_block(data)
            pending, data = (key, _put_varint(offset) + _put_varint(size)), _BlockBuilder()
    if data.count or not entries:
        offset, size = write_block(data)
        pending = (data.last, _put_varint(offset) + _put_varint(size))
    if pending is not None:
        index.add(_short_successor(pending[0]), pending[1])
    meta_offset, meta_size = write_block(_BlockBuilder())
    index_offset, index_size = write_block(index)
    handles = _put_varint(meta_offset) + _put_varint(meta_size) + \
        _put_varint(index_offset) + _put_varint(index_size)
    out.extend(handles + b"\x00" * (_FOOTER - 8 - len(handles)) +
               TABLE_MAGIC.to_bytes(8, "little"))
    return bytes(out)


def tf_checkpoint_files(tensors: dict[str, tuple[_dtypes.DType, np.ndarray]]) -> tuple[bytes, bytes]:
    """The `.data-00000-of-00001` and `.index` bytes of a TF V2 checkpoint of `tensors`
    (name -> (dtype, host array)), as TensorFlow writes them."""
    data = bytearray()
    entries = [(b"", _field(1, 1) + _field(3, _field(1, 1)))]  # 1 shard, little-endian, v1
    for name in sorted(tensors):
        dtype, value = tensors[name]
        dtype = dtype.base_dtype
        value = np.asarray(value)
        raw, crc = _tensor_bytes(dtype, value)
        entries.append((name.encode("utf-8"), _entry_proto(dtype, value.shape, len(data),
                                                           len(raw), crc)))
        data.extend(raw)
    return bytes(data), _table(entries)
