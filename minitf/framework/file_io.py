"""Local files for the ops and formats that read and write them (ReadFile, the readers,
TFRecord files), failing with TF's error classes and texts rather than `OSError` (mirrors
the statuses of TF 1.15's posix file system)."""
from __future__ import annotations

import os
from typing import IO, Any

from . import errors

__all__ = ["as_path", "open_file", "read_file"]


def as_path(name: Any) -> str:
    """A file name given as str, bytes or path-like, as str."""
    name = os.fspath(name)
    return name.decode("utf-8") if isinstance(name, bytes) else name


def _error(path: str, e: OSError) -> errors.OpError:
    if isinstance(e, FileNotFoundError):
        return errors.NotFoundError(None, None, f"{path}; No such file or directory")
    if isinstance(e, IsADirectoryError):
        return errors.FailedPreconditionError(None, None, f"{path}; Is a directory")
    if isinstance(e, PermissionError):
        return errors.PermissionDeniedError(None, None, f"{path}; Permission denied")
    return errors.UnknownError(None, None, f"{path}; {e.strerror or e}")


def open_file(name: Any, mode: str = "rb") -> IO[bytes]:
    """`name` opened in binary `mode`."""
    path = as_path(name)
    try:
        if "r" in mode and os.path.isdir(path):
            raise IsADirectoryError(path)
        return open(path, mode)
    except OSError as e:
        raise _error(path, e) from None


def read_file(name: Any) -> bytes:
    """The whole contents of file `name`."""
    with open_file(name) as f:
        return f.read()
