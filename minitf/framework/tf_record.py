"""TFRecord files: `tf.python_io.TFRecordWriter`, `tf_record_iterator`, `TFRecordOptions` and
`TFRecordCompressionType` (mirrors lib/io/tf_record.py, record_writer.cc and record_reader.cc
of TF 1.15), byte for byte TF's format.

Each record is its length (uint64, little-endian), the masked CRC-32C of those 8 bytes, the
data, and the masked CRC-32C of the data. A GZIP or ZLIB file is that same stream compressed
as a whole, with TF's zlib settings (default level, 9 as memory level, window bits 15, plus 16
for GZIP's header). A header cut short ends the file; a record cut short or failing its
checksum is a DataLossError naming its offset in the (uncompressed) stream, as in TF.
"""
from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from typing import Any

from . import errors
from .crc32c import masked_crc32c
from .file_io import as_path, open_file

__all__ = ["TFRecordCompressionType", "TFRecordOptions", "TFRecordWriter", "tf_record_iterator"]

_HEADER = 12  # length (8 bytes) and its masked crc (4 bytes)
_FOOTER = 4  # the data's masked crc
_CHUNK = 1 << 20  # bytes read from disk at a time


class TFRecordCompressionType:
    """The compression of a TFRecord file."""
    NONE = 0
    ZLIB = 1
    GZIP = 2


class TFRecordOptions:
    """How a TFRecord file is compressed: `compression_type` ("GZIP", "ZLIB", "" or a
    TFRecordCompressionType) and the zlib settings that override TF's defaults when given."""

    compression_type_map = {
        TFRecordCompressionType.ZLIB: "ZLIB",
        TFRecordCompressionType.GZIP: "GZIP",
        TFRecordCompressionType.NONE: "",
    }

    def __init__(self, compression_type: Any = None, flush_mode: int | None = None,
                 input_buffer_size: int | None = None, output_buffer_size: int | None = None,
                 window_bits: int | None = None, compression_level: int | None = None,
                 compression_method: int | None = None, mem_level: int | None = None,
                 compression_strategy: int | None = None):
        self.get_compression_type_string(compression_type)
        self.compression_type = compression_type
        self.flush_mode = flush_mode
        self.input_buffer_size = input_buffer_size
        self.output_buffer_size = output_buffer_size
        self.window_bits = window_bits
        self.compression_level = compression_level
        self.compression_method = compression_method
        self.mem_level = mem_level
        self.compression_strategy = compression_strategy

    @classmethod
    def get_compression_type_string(cls, options: Any) -> str:
        """`options` (TFRecordOptions, TFRecordCompressionType or string) as "GZIP", "ZLIB"
        or ""."""
        if not options:
            return ""
        if isinstance(options, TFRecordOptions):
            return cls.get_compression_type_string(options.compression_type)
        if options in cls.compression_type_map:
            return cls.compression_type_map[options]
        if options in cls.compression_type_map.values():
            return options
        raise ValueError(f'Not a valid compression_type: "{options}"')


def _window_bits(compression: str) -> int:
    return zlib.MAX_WBITS + (16 if compression == "GZIP" else 0)


def _compressor(options: Any) -> Any:
    """A zlib compressor with TF's settings and the overrides of `options`; None when the
    file is not compressed."""
    compression = TFRecordOptions.get_compression_type_string(options)
    if not compression:
        return None

    def given(name: str, default: int) -> int:
        value = getattr(options, name, None)
        return default if value is None else value
    return zlib.compressobj(given("compression_level", zlib.Z_DEFAULT_COMPRESSION),
                            given("compression_method", zlib.DEFLATED),
                            given("window_bits", _window_bits(compression)),
                            given("mem_level", 9),
                            given("compression_strategy", zlib.Z_DEFAULT_STRATEGY))


def encode_record(data: bytes) -> bytes:
    """One record as it lies in the file."""
    length = struct.pack("<Q", len(data))
    return b"".join((length, struct.pack("<I", masked_crc32c(length)), data,
                     struct.pack("<I", masked_crc32c(data))))


class TFRecordWriter:
    """`tf.python_io.TFRecordWriter`: writes records to the TFRecord file `path` (created or
    truncated now), compressed as `options` says."""

    def __init__(self, path: Any, options: Any = None):
        self._file = open_file(path, "wb")
        self._compressor = _compressor(options)

    def _check_open(self) -> None:
        if self._file is None:
            raise errors.FailedPreconditionError(None, None, "Writer is closed.")

    def _put(self, data: bytes) -> None:
        self._file.write(self._compressor.compress(data) if self._compressor else data)

    def write(self, record: Any) -> None:
        """Appends `record` (bytes; a str is written as UTF-8)."""
        self._check_open()
        self._put(encode_record(record.encode("utf-8") if isinstance(record, str)
                                else bytes(record)))

    def flush(self) -> None:
        """Passes what was written on to the file."""
        self._check_open()
        self._file.flush()

    def close(self) -> None:
        """Finishes the compressed stream, if any, and closes the file."""
        if self._file is not None:
            if self._compressor is not None:
                self._file.write(self._compressor.flush())
            self._file.close()
            self._file = None

    def __enter__(self) -> TFRecordWriter:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class _Stream:
    """The (uncompressed) bytes of a file, read in chunks."""

    def __init__(self, path: str, compression: str):
        self._file = open_file(path)
        self._inflate = zlib.decompressobj(_window_bits(compression)) if compression else None
        self._buffer = b""
        self._pos = 0
        self._read_any = False
        self.offset = 0  # of the next byte read, in the uncompressed stream

    def _fill(self) -> bool:
        while True:
            chunk = self._file.read(_CHUNK)
            if not chunk:
                tail = self._inflate.flush() if self._inflate else b""
                if self._inflate and not self._inflate.eof and self._read_any:
                    raise zlib.error("unexpected end of compressed data")
                self._inflate = None
                if not tail:
                    return False
            else:
                self._read_any = True
                tail = self._inflate.decompress(chunk) if self._inflate else chunk
            if tail:
                self._buffer = self._buffer[self._pos:] + tail
                self._pos = 0
                return True

    def read(self, n: int) -> bytes:
        """Up to `n` bytes (fewer only at the end)."""
        while len(self._buffer) - self._pos < n and self._fill():
            pass
        out = self._buffer[self._pos:self._pos + n]
        self._pos += len(out)
        self.offset += len(out)
        return out

    def close(self) -> None:
        self._file.close()


def _checked(data: bytes, offset: int) -> bytes:
    """`data` without its trailing masked crc, which must match."""
    n = len(data) - 4
    if struct.unpack("<I", data[n:])[0] != masked_crc32c(data[:n]):
        raise errors.DataLossError(None, None, f"corrupted record at {offset}")
    return data[:n]


def read_records(path: Any, compression: str = "") -> Iterator[tuple[int, bytes]]:
    """Each record of the TFRecord file `path` with its offset; `compression` is "", "GZIP"
    or "ZLIB". The file is opened on the first `next`."""
    stream = _Stream(as_path(path), compression)
    try:
        while True:
            offset = stream.offset
            header = stream.read(_HEADER)
            if len(header) < _HEADER:
                return
            length = struct.unpack("<Q", _checked(header, offset))[0]
            body = stream.read(length + _FOOTER)
            if len(body) < length + _FOOTER:
                raise errors.DataLossError(None, None, f"truncated record at {offset}")
            yield offset, _checked(body, offset + _HEADER)
    except zlib.error as e:
        raise errors.DataLossError(None, None, f"{as_path(path)}: {e}") from None
    finally:
        stream.close()


def tf_record_iterator(path: Any, options: Any = None) -> Iterator[bytes]:
    """`tf.python_io.tf_record_iterator`: the records of the TFRecord file `path`, one bytes
    object each, decompressed as `options` says."""
    compression = TFRecordOptions.get_compression_type_string(options)
    for _, record in read_records(path, compression):
        yield record
