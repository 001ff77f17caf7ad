"""Readers and file ops: `tf.TextLineReader`, `tf.WholeFileReader`,
`tf.FixedLengthRecordReader`, `tf.TFRecordReader`, `tf.IdentityReader` (ops TextLineReaderV2,
..., ReaderReadV2, ReaderReadUpToV2, ReaderNumRecordsProducedV2,
ReaderNumWorkUnitsCompletedV2, ReaderResetV2), `tf.read_file`, `tf.write_file` and
`tf.matching_files` (mirrors io_ops.py of TF 1.15 and its reader kernels).

A reader turns work units (file names) taken from a string queue into records (key, value):
it lives in the running session's `resources.readers`, keyed by its shared name or op name,
and reads the file of its current work unit until the end, then takes the next one from the
queue (blocking; OutOfRangeError once the queue is closed and empty). `read` marks a file done
on the read after its last record, `read_up_to` stops at the end of a file it read anything
from, as TF's ReaderBase does. Keys are `file:line` (from 1, header lines counted) for text
lines, `file:index` (from 0) for fixed-length records, `file:offset` for TFRecords, and the
work unit itself for whole files and the identity reader. Files are read in Python; values
are host (numpy object) arrays of bytes.
"""
from __future__ import annotations

import collections
import glob
import itertools
import os
import threading
import zlib
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework import errors, registry
from ..framework.convert import convert_to_tensor
from ..framework.file_io import as_path, open_file
from ..framework.file_io import read_file as _read_bytes
from ..framework.graph import Operation, Tensor, get_default_graph
from ..framework.tensor_shape import TensorShape
from ..framework.tf_record import TFRecordOptions, read_records
from .data_flow import resource_kernel

__all__ = ["FixedLengthRecordReader", "IdentityReader", "ReaderBase", "TFRecordReader",
           "TextLineReader", "WholeFileReader", "matching_files", "read_file", "write_file"]

_SCALAR = TensorShape([])

# what TF's generated wrappers return for the read ops
ReaderReadV2 = collections.namedtuple("ReaderReadV2", ["key", "value"])
ReaderReadUpToV2 = collections.namedtuple("ReaderReadUpToV2", ["keys", "values"])


def _gen(op_type: str, inputs: list[tuple[str, Any, Any]], attrs: dict,
         name: str | None) -> Operation:
    """An op as TF's generated wrappers build it: scope `name` (default the op type) holds
    the constants its Python inputs become (`ReadFile/filename`), and the op takes the
    scope's name."""
    g = get_default_graph()
    with g.name_scope(name or op_type) as scope:
        tensors = [convert_to_tensor(value, dtype=dtype, name=arg) for arg, value, dtype in inputs]
        return g.create_op(op_type, tensors, attrs, name=scope)


def _strings(values: list) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _string(value: bytes) -> np.ndarray:
    return np.array(value, dtype=object)


# --------------------------------------------------------------------------------------------
# Readers at run time

class _Reader:
    """One session's reader: the records of its current work unit and its counts.
    `records(work)` yields (key, value, last) per record, `last` marking a record after which
    the work unit is done without another read."""

    def __init__(self, records: Callable[[bytes], Iterator[tuple[bytes, bytes, bool]]]):
        self._records_of = records
        self.lock = threading.Lock()
        self.records: Iterator | None = None
        self.produced = 0
        self.started = 0
        self.finished = 0

    @staticmethod
    def _next_work(queue: Any) -> bytes:
        element = queue.take(1)[0]
        if len(element) != 1:
            raise errors.InvalidArgumentError(None, None, "Expected single component queue")
        work = element[0]
        if getattr(work, "dtype", None) != object:
            raise errors.InvalidArgumentError(None, None,
                                              "Expected queue with single string component")
        if work.size != 1:
            raise errors.InvalidArgumentError(
                None, None, "Expected to dequeue a one-element string tensor")
        return work.reshape(())[()]

    def _next(self, queue: Any) -> tuple[bytes, bytes, bool] | None:
        """The next record of the current work unit (starting one if none is in progress), or
        None at its end."""
        if self.records is None:
            records = self._records_of(self._next_work(queue))
            self.records = records
            self.started += 1
        record = next(self.records, None)
        if record is None or record[2]:
            self.records = None
            self.finished = self.started
        return record

    def read(self, queue: Any) -> tuple[bytes, bytes]:
        with self.lock:
            while True:
                record = self._next(queue)
                if record is not None:
                    self.produced += 1
                    return record[0], record[1]

    def read_up_to(self, queue: Any, n: int) -> tuple[list, list]:
        with self.lock:
            keys: list = []
            values: list = []
            while len(keys) < n:
                record = self._next(queue)
                if record is not None:
                    keys.append(record[0])
                    values.append(record[1])
                    self.produced += 1
                if (record is None or record[2]) and keys:
                    break
            return keys, values

    def reset(self) -> None:
        with self.lock:
            self.records = None
            self.produced = self.started = self.finished = 0


def _decompressed(data: bytes, compression: str, path: Any) -> bytes:
    if not compression:
        return data
    try:
        return zlib.decompress(data, zlib.MAX_WBITS + (16 if compression == "GZIP" else 0))
    except zlib.error as e:
        raise errors.DataLossError(None, None, f"{as_path(path)}: {e}") from None


def file_lines(path: Any, compression: str = "") -> Iterator[bytes]:
    """The lines of a text file, without their line ends (a newline, or a carriage return
    and a newline); a last line without one counts, an empty one after the last line end
    does not."""
    lines = _decompressed(_read_bytes(path), compression, path).split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    for line in lines:
        yield line[:-1] if line.endswith(b"\r") else line


def fixed_length_records(path: Any, header: int, size: int, footer: int, hop: int = 0,
                         compression: str = "") -> Iterator[bytes]:
    """The records of `size` bytes of a file after its `header` bytes and before its
    `footer` bytes, starting every `hop` bytes (0: back to back); a partial last record is
    dropped."""
    data = _decompressed(_read_bytes(path), compression, path)
    limit = len(data) - footer
    for index in itertools.count():
        start = header + index * (hop or size)
        if start + size > limit:
            return
        yield data[start:start + size]


def _key(work: bytes, suffix: Any) -> bytes:
    return work + b":" + str(suffix).encode()


def _opened(records: Callable) -> Callable:
    """`records` with its first step taken at once, so that a file that cannot be opened
    fails when its work unit starts (and the unit is skipped), as TF's readers do."""
    def start(work: bytes) -> Iterator:
        it = records(work)
        first = next(it, None)
        return iter(()) if first is None else itertools.chain((first,), it)
    return start


def _text_lines(skip_header_lines: int) -> Callable:
    def records(work: bytes) -> Iterator:
        for number, line in enumerate(file_lines(work), 1):
            if number > skip_header_lines:
                yield _key(work, number), line, False
    return _opened(records)


def _whole_file(work: bytes) -> Iterator:
    yield work, _read_bytes(work), True


def _identity(work: bytes) -> Iterator:
    yield work, work, True


def _fixed_length(header: int, size: int, footer: int, hop: int, encoding: str) -> Callable:
    def records(work: bytes) -> Iterator:
        for index, record in enumerate(fixed_length_records(work, header, size, footer, hop,
                                                            encoding)):
            yield _key(work, index), record, False
    return _opened(records)


def _tf_records(compression: str) -> Callable:
    def records(work: bytes) -> Iterator:
        for offset, record in read_records(work, compression):
            yield _key(work, offset), record, False
    return _opened(records)


def _resource_infer(op):
    return [(_dtypes.resource, _SCALAR)]


for _type, _records in (
        ("TextLineReaderV2", lambda attrs: _text_lines(attrs["skip_header_lines"])),
        ("WholeFileReaderV2", lambda attrs: _whole_file),
        ("IdentityReaderV2", lambda attrs: _identity),
        ("FixedLengthRecordReaderV2", lambda attrs: _fixed_length(
            attrs["header_bytes"], attrs["record_bytes"], attrs["footer_bytes"],
            attrs["hop_bytes"], attrs["encoding"])),
        ("TFRecordReaderV2", lambda attrs: _tf_records(attrs["compression_type"]))):
    registry.register(
        _type, infer=_resource_infer,
        kernel=resource_kernel("readers", lambda name, attrs, records=_records:
                               _Reader(records(attrs))),
        grad=registry.NOT_DIFFERENTIABLE, stateful=True)


# ---- the reader ops

def _rank(t: Tensor, rank: int) -> None:
    n = t.shape.ndims
    if n is not None and n != rank:
        raise ValueError(f"Shape must be rank {rank} but is rank {n}")


def _read_infer(op):
    _rank(op.inputs[0], 0)
    _rank(op.inputs[1], 0)
    return [(_dtypes.string, _SCALAR)] * 2


def _read_kernel(ctx: registry.KernelContext):
    def reader_read(reader, queue):
        key, value = reader.read(queue)
        return _string(key), _string(value)
    return reader_read


def _read_up_to_infer(op):
    _rank(op.inputs[0], 0)
    _rank(op.inputs[1], 0)
    _rank(op.inputs[2], 0)
    return [(_dtypes.string, TensorShape([None]))] * 2


def _read_up_to_kernel(ctx: registry.KernelContext):
    def reader_read_up_to(reader, queue, num_records):
        n = int(num_records)
        if n <= 0:
            raise errors.InvalidArgumentError(None, None,
                                              "num_records must be greater than 0")
        keys, values = reader.read_up_to(queue, n)
        return _strings(keys), _strings(values)
    return reader_read_up_to


def _count_infer(op):
    _rank(op.inputs[0], 0)
    return [(_dtypes.int64, _SCALAR)]


def _count_kernel(attr: str):
    def factory(ctx: registry.KernelContext):
        asarray = ctx.xp.asarray

        def reader_count(reader):
            return asarray(getattr(reader, attr), dtype="int64")
        return reader_count
    return factory


def _reset_infer(op):
    _rank(op.inputs[0], 0)
    return []


def _reset_kernel(ctx: registry.KernelContext):
    def reader_reset(reader):
        reader.reset()
    return reader_reset


for _type, _infer, _kernel in (
        ("ReaderReadV2", _read_infer, _read_kernel),
        ("ReaderReadUpToV2", _read_up_to_infer, _read_up_to_kernel),
        ("ReaderNumRecordsProducedV2", _count_infer, _count_kernel("produced")),
        ("ReaderNumWorkUnitsCompletedV2", _count_infer, _count_kernel("finished")),
        ("ReaderResetV2", _reset_infer, _reset_kernel)):
    registry.register(_type, infer=_infer, kernel=_kernel, grad=registry.NOT_DIFFERENTIABLE,
                      stateful=True)


# --------------------------------------------------------------------------------------------
# ReadFile, WriteFile, MatchingFiles

def _read_file_infer(op):
    _rank(op.inputs[0], 0)
    return [(_dtypes.string, _SCALAR)]


def _read_file_kernel(ctx: registry.KernelContext):
    def read_file_(filename):
        return _string(_read_bytes(filename[()]))
    return read_file_


def _write_file_infer(op):
    _rank(op.inputs[0], 0)
    _rank(op.inputs[1], 0)
    return []


def _write_file_kernel(ctx: registry.KernelContext):
    def write_file_(filename, contents):
        path = as_path(filename[()])
        folder = os.path.dirname(path)
        if folder:
            os.makedirs(folder, exist_ok=True)
        with open_file(path, "wb") as f:
            f.write(contents[()])
    return write_file_


def _matching_files_infer(op):
    n = op.inputs[0].shape.ndims
    if n is not None and n > 1:
        raise ValueError(f"Shape must be at most rank 1 but is rank {n}")
    return [(_dtypes.string, TensorShape([None]))]


def _matching_files_kernel(ctx: registry.KernelContext):
    def matching_files_(pattern):
        found = sorted({os.fsencode(path) for p in pattern.reshape(-1)
                        for path in glob.glob(as_path(p))})
        return _strings(found)
    return matching_files_


for _type, _infer, _kernel in (
        ("ReadFile", _read_file_infer, _read_file_kernel),
        ("WriteFile", _write_file_infer, _write_file_kernel),
        ("MatchingFiles", _matching_files_infer, _matching_files_kernel)):
    # stateful: files change between runs, so their contents are never constants
    registry.register(_type, infer=_infer, kernel=_kernel, grad=registry.NOT_DIFFERENTIABLE,
                      stateful=True)


def read_file(filename: Any, name: str | None = None) -> Tensor:
    """`tf.read_file`: the contents of the file `filename` (a string scalar)."""
    return _gen("ReadFile", [("filename", filename, _dtypes.string)], {}, name).outputs[0]


def write_file(filename: Any, contents: Any, name: str | None = None) -> Operation:
    """`tf.write_file`: writes `contents` to the file `filename`, creating its folders."""
    return _gen("WriteFile", [("filename", filename, _dtypes.string),
                              ("contents", contents, _dtypes.string)], {}, name)


def matching_files(pattern: Any, name: str | None = None) -> Tensor:
    """`tf.matching_files`: the sorted file names matching the glob `pattern` (or any of a
    vector of them)."""
    return _gen("MatchingFiles", [("pattern", pattern, _dtypes.string)], {}, name).outputs[0]


# --------------------------------------------------------------------------------------------
# The Python reader objects

class ReaderBase:
    """`tf.ReaderBase`: the ops of a reader built by a subclass."""

    def __init__(self, reader_ref: Tensor, supports_serialize: bool = False):
        self._reader_ref = reader_ref
        self._supports_serialize = supports_serialize

    @property
    def reader_ref(self) -> Tensor:
        return self._reader_ref

    @property
    def supports_serialize(self) -> bool:
        return self._supports_serialize

    @staticmethod
    def _queue_ref(queue: Any) -> Tensor:
        return queue if isinstance(queue, Tensor) else queue.queue_ref

    def _op(self, op_type: str, inputs: list, name: str | None) -> Operation:
        return get_default_graph().create_op(op_type, [self._reader_ref] + inputs, {},
                                             name=name or op_type)

    def read(self, queue: Any, name: str | None = None) -> ReaderReadV2:
        """The next record (key, value) of the work units in `queue` (a string queue or its
        handle)."""
        op = self._op("ReaderReadV2", [self._queue_ref(queue)], name)
        return ReaderReadV2(*op.outputs)

    def read_up_to(self, queue: Any, num_records: Any, name: str | None = None
                   ) -> ReaderReadUpToV2:
        """Up to `num_records` records (keys, values), fewer at the end of a file."""
        g = get_default_graph()
        with g.name_scope(name or "ReaderReadUpToV2") as scope:
            n = convert_to_tensor(num_records, dtype=_dtypes.int64, name="num_records")
            op = self._op("ReaderReadUpToV2", [self._queue_ref(queue), n], scope)
        return ReaderReadUpToV2(*op.outputs)

    def num_records_produced(self, name: str | None = None) -> Tensor:
        """How many records this reader has read (int64)."""
        return self._op("ReaderNumRecordsProducedV2", [], name).outputs[0]

    def num_work_units_completed(self, name: str | None = None) -> Tensor:
        """How many work units (files) this reader has finished (int64)."""
        return self._op("ReaderNumWorkUnitsCompletedV2", [], name).outputs[0]

    def reset(self, name: str | None = None) -> Operation:
        """Returns the reader to its initial state (no work unit, counts zero)."""
        return self._op("ReaderResetV2", [], name)


def _reader(op_type: str, attrs: dict, name: str | None) -> Tensor:
    attrs = {**attrs, "container": "", "shared_name": ""}
    return get_default_graph().create_op(op_type, [], attrs, name=name or op_type).outputs[0]


class TextLineReader(ReaderBase):
    """`tf.TextLineReader`: one record per line of each file (without its newline), after
    `skip_header_lines` lines."""

    def __init__(self, skip_header_lines: int | None = None, name: str | None = None):
        super().__init__(_reader("TextLineReaderV2",
                                 {"skip_header_lines": int(skip_header_lines or 0)}, name))


class WholeFileReader(ReaderBase):
    """`tf.WholeFileReader`: one record per file, its whole contents, keyed by its name."""

    def __init__(self, name: str | None = None):
        super().__init__(_reader("WholeFileReaderV2", {}, name), supports_serialize=True)


class IdentityReader(ReaderBase):
    """`tf.IdentityReader`: one record per work unit, the work unit as key and value."""

    def __init__(self, name: str | None = None):
        super().__init__(_reader("IdentityReaderV2", {}, name), supports_serialize=True)


class FixedLengthRecordReader(ReaderBase):
    """`tf.FixedLengthRecordReader`: records of `record_bytes` bytes each, after
    `header_bytes` and before `footer_bytes`, starting every `hop_bytes` (default: back to
    back); `encoding` "GZIP" or "ZLIB" for compressed files."""

    def __init__(self, record_bytes: int, header_bytes: int | None = None,
                 footer_bytes: int | None = None, hop_bytes: int | None = None,
                 name: str | None = None, encoding: str | None = None):
        super().__init__(_reader("FixedLengthRecordReaderV2", {
            "header_bytes": int(header_bytes or 0), "record_bytes": int(record_bytes),
            "footer_bytes": int(footer_bytes or 0), "hop_bytes": int(hop_bytes or 0),
            "encoding": encoding or ""}, name))


class TFRecordReader(ReaderBase):
    """`tf.TFRecordReader`: the records of TFRecord files, compressed as `options`
    (TFRecordOptions or a compression type) says."""

    def __init__(self, name: str | None = None, options: Any = None):
        compression = TFRecordOptions.get_compression_type_string(options)
        super().__init__(_reader("TFRecordReaderV2", {"compression_type": compression}, name))
