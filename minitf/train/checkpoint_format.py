"""minitf's checkpoint format, its durable writes, and the reader that also opens TF's own.

A checkpoint `<prefix>` is two files (docs/checkpoints.md):
- `<prefix>.data-00000-of-00001`: a `.npz` archive, one `.npy` member per tensor (`t0`, `t1`
  ...), written by numpy and read with `allow_pickle=False`: it holds numbers only;
- `<prefix>.index`: JSON naming each tensor's member, dtype, shape and CRC32 (zlib) of its
  bytes, plus the data file's size; string tensors live here, base64-encoded.

Every file is written to a temporary file in the same folder, flushed, fsynced and renamed into
place, then the folder is fsynced: a process killed at any moment leaves either the old file or
the new one. The index is renamed last, so a checkpoint exists (`<prefix>.index`) only once
its data is durable. Reading checks every structure and checksum and turns anything unexpected
into a DataLossError naming the file, so a hostile file can fail to load but never runs code.
"""
from __future__ import annotations

import base64
import glob
import io
import json
import os
import zlib
from typing import TYPE_CHECKING, Any, Callable

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework import errors
from . import tf_checkpoint

if TYPE_CHECKING:
    import zipfile

__all__ = ["FORMAT", "INDEX_SUFFIX", "DATA_SUFFIX", "write_checkpoint", "write_atomically",
           "open_checkpoint", "CheckpointFileReader"]

FORMAT = "minitf-checkpoint-v1"
INDEX_SUFFIX = ".index"
DATA_SUFFIX = ".data-00000-of-00001"
STAGED = ".staged-"  # a data file written but not yet under its final name


# --------------------------------------------------------------------------------------------
# Durable writes

def fsync_folder(folder: str) -> None:
    """Makes a rename in `folder` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(path: str, write: Callable[[Any], None]) -> None:
    """Writes `path` through `write(file)` so that it is either the old or the new file after
    any crash: a temporary file in the same folder, flushed, fsynced, renamed, folder fsynced."""
    folder = os.path.dirname(path)
    tmp = f"{path}.tmp{os.getpid()}-{os.urandom(4).hex()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise
    fsync_folder(folder)


# --------------------------------------------------------------------------------------------
# Writing

def write_checkpoint(prefix: str, tensors: dict[str, tuple[_dtypes.DType, np.ndarray]]) -> None:
    """Writes `tensors` (name -> (dtype, host array)) as the checkpoint `prefix`."""
    arrays: dict[str, np.ndarray] = {}
    entries: dict[str, dict] = {}
    for i, (name, (dtype, value)) in enumerate(sorted(tensors.items())):
        value = np.asarray(value)
        entry: dict[str, Any] = {"dtype": dtype.base_dtype.name, "shape": list(value.shape)}
        if dtype.base_dtype == _dtypes.string:
            entry["strings"] = [base64.b64encode(_as_bytes(v)).decode("ascii")
                                for v in value.reshape(-1).tolist()]
        else:
            key = f"t{i}"
            arrays[key] = value = np.require(value, requirements="C")
            entry.update(member=key, crc32=_crc(value))
        entries[name] = entry
    # The data goes under a staged name first and the index names it, so that an older
    # checkpoint of the same prefix stays whole until the new index replaces its own; the data
    # then takes its final name, which the reader also tries when the staged one is gone.
    final = prefix + DATA_SUFFIX
    staged = f"{final}{STAGED}{os.getpid()}-{os.urandom(4).hex()}"
    write_atomically(staged, lambda f: np.savez(f, **arrays))
    size = os.path.getsize(staged)

    def write_index(data_path: str) -> None:
        index = {"format": FORMAT, "data_file": os.path.basename(data_path),
                 "data_size": size, "tensors": entries}
        blob = json.dumps(index, sort_keys=True).encode("utf-8")
        write_atomically(prefix + INDEX_SUFFIX, lambda f: f.write(blob))
    write_index(staged)
    os.replace(staged, final)
    fsync_folder(os.path.dirname(final))
    write_index(final)
    for orphan in glob.glob(glob.escape(final + STAGED) + "*"):  # of saves killed midway
        try:
            os.remove(orphan)
        except OSError:
            pass


def _crc(value: np.ndarray) -> int:
    return zlib.crc32(np.ascontiguousarray(value).reshape(-1).view(np.uint8))


def _as_bytes(v: Any) -> bytes:
    return v.encode("utf-8") if isinstance(v, str) else bytes(v)


# --------------------------------------------------------------------------------------------
# Reading

def _data_loss(path: str, what: str) -> errors.DataLossError:
    return errors.DataLossError(None, None, f"Unable to read checkpoint file {path}: {what}")


_MAX_NPY_HEADER = 1 << 16  # bytes: numpy's own limit on a header it reads by default
# The .npy header readers by format version (numpy writes 1.0, or 2.0 for huge headers).
_NPY_HEADERS = {(1, 0): np.lib.format.read_array_header_1_0,
                (2, 0): np.lib.format.read_array_header_2_0}


class CheckpointFileReader:
    """The tensors of one minitf checkpoint; each read is checked against the index."""

    def __init__(self, prefix: str):
        self._index_path = prefix + INDEX_SUFFIX
        with open(self._index_path, "rb") as f:
            raw = f.read()
        try:
            index = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise _data_loss(self._index_path, "not a minitf checkpoint index (bad JSON; "
                                               "truncated or corrupted?)") from None
        if not isinstance(index, dict) or index.get("format") != FORMAT or \
                not isinstance(index.get("tensors"), dict):
            raise _data_loss(self._index_path, f"not a {FORMAT} index")
        self._entries = {name: self._checked_entry(name, e)
                         for name, e in index["tensors"].items()}
        self._data_size = index.get("data_size")
        self._data_path = self._data_file(prefix, index.get("data_file"))
        self._archive: zipfile.ZipFile | None = None

    def _data_file(self, prefix: str, named: Any) -> str:
        """The data file the index names: the final one, or a staged one of the same prefix
        while a save is between its two index writes (if gone, it was renamed to the final)."""
        final = prefix + DATA_SUFFIX
        if named is None or named == os.path.basename(final):
            return final
        if not (isinstance(named, str) and named.startswith(os.path.basename(final) + STAGED)
                and os.path.basename(named) == named):
            raise _data_loss(self._index_path, f"names a data file {named!r} that is not its own")
        staged = os.path.join(os.path.dirname(final), named)
        return staged if os.path.exists(staged) else final

    def _checked_entry(self, name: str, e: Any) -> tuple[_dtypes.DType, tuple, Any]:
        """(dtype, shape, member name or list of strings) of one well-formed index entry."""
        try:
            dtype = _dtypes.as_dtype(e["dtype"])
            shape = tuple(int(d) for d in e["shape"])
            if any(d < 0 for d in shape):
                raise ValueError(shape)
            if dtype == _dtypes.string:
                strings = [base64.b64decode(s, validate=True) for s in e["strings"]]
                if len(strings) != int(np.prod(shape, dtype=np.int64)):
                    raise ValueError(shape)
                return dtype, shape, strings
            return dtype, shape, (str(e["member"]), int(e["crc32"]))
        except (KeyError, TypeError, ValueError):
            raise _data_loss(self._index_path, f"malformed entry for tensor {name}") from None

    def variables(self) -> dict[str, tuple[_dtypes.DType, tuple]]:
        return {name: (dtype, shape) for name, (dtype, shape, _) in self._entries.items()}

    def has_tensor(self, name: str) -> bool:
        return name in self._entries

    def _zip(self) -> zipfile.ZipFile:
        import zipfile  # noqa: PLC0415 - slow to import, needed only to read a checkpoint
        if self._archive is None:
            path = self._data_path
            try:
                size = os.path.getsize(path)
                if self._data_size is not None and size != self._data_size:
                    raise _data_loss(path, f"{size} bytes where the index says "
                                           f"{self._data_size} (truncated or replaced)")
                self._archive = zipfile.ZipFile(path)
            except FileNotFoundError:
                raise errors.NotFoundError(None, None, f"{path}; No such file or directory") \
                    from None
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as e:
                raise _data_loss(path, f"not a readable .npz archive ({e})") from None
        return self._archive

    def tensor(self, name: str) -> np.ndarray:
        found = self._entries.get(name)
        if found is None:
            raise errors.NotFoundError(None, None, f"Key {name} not found in checkpoint")
        dtype, shape, where = found
        if dtype == _dtypes.string:
            strings = np.empty(len(where), dtype=object)
            strings[:] = where
            return strings.reshape(shape)
        member, crc = where
        path = self._data_path
        np_type = np.dtype(_dtypes.np_dtype(dtype))
        archive = self._zip()
        import zipfile  # noqa: PLC0415
        try:
            info = archive.getinfo(member + ".npy")
        except KeyError:
            raise _data_loss(path, f"no array for tensor {name}") from None
        # numpy stores members uncompressed: a compressed or oversized one (a zip bomb) is
        # refused before anything is inflated.
        if info.compress_type != zipfile.ZIP_STORED or info.file_size > \
                np_type.itemsize * int(np.prod(shape, dtype=np.int64)) + _MAX_NPY_HEADER:
            raise _data_loss(path, f"tensor {name}: the archive member is compressed or larger "
                                   f"than the index's shape allows")
        try:
            raw = archive.read(info)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as e:
            raise _data_loss(path, f"tensor {name}: {e}") from None
        stream = io.BytesIO(raw)
        try:
            read_header = _NPY_HEADERS[np.lib.format.read_magic(stream)]
            header = read_header(stream)
        except (KeyError, ValueError, SyntaxError, EOFError) as e:
            raise _data_loss(path, f"tensor {name}: bad .npy header ({e})") from None
        got_shape, fortran, got_type = header
        if got_type != np_type or tuple(got_shape) != shape or fortran or \
                len(raw) - stream.tell() != np_type.itemsize * int(np.prod(shape, dtype=np.int64)):
            raise _data_loss(path, f"tensor {name}: the array does not match the index "
                                   f"({got_type} {list(got_shape)}, expected {np_type} "
                                   f"{list(shape)})")
        try:
            value = np.load(io.BytesIO(raw), allow_pickle=False)
        except (ValueError, EOFError, OSError) as e:
            raise _data_loss(path, f"tensor {name}: {e}") from None
        if _crc(value) != crc:
            raise _data_loss(path, f"checksum mismatch for tensor {name}")
        return value


def open_checkpoint(prefix: str) -> Any:
    """A reader of the checkpoint `prefix`, minitf's or TensorFlow's V2 (told apart by the
    index's content); NotFoundError as TF's when there is none."""
    if not os.path.isfile(prefix + INDEX_SUFFIX):
        raise errors.NotFoundError(None, None, f"Unsuccessful TensorSliceReader constructor: "
                                               f"Failed to find any matching files for {prefix}")
    if tf_checkpoint.is_tf_checkpoint(prefix):
        return tf_checkpoint.TFCheckpointReader(prefix)
    return CheckpointFileReader(prefix)
