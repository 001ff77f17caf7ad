"""`tf.gfile`: TF1's file API, on the local file system only (no GCS/HDFS schemes).

Failures raise TF's error classes (`tf.errors.NotFoundError`, `AlreadyExistsError`) rather
than `OSError`, and `GFile` opens its file on first use, as TF1's did.
"""
from __future__ import annotations

import collections
import glob as _glob
import os
import shutil
from typing import Any, Iterator

from .framework import errors

__all__ = ["GFile", "Open", "FastGFile", "Exists", "MakeDirs", "MkDir", "Glob", "ListDirectory",
           "Remove", "DeleteRecursively", "Rename", "Copy", "IsDirectory", "Stat", "Walk"]

FileStatistics = collections.namedtuple("FileStatistics", ["length", "mtime_nsec", "is_directory"])


def _not_found(path: str) -> errors.NotFoundError:
    return errors.NotFoundError(None, None, f"{path}; No such file or directory")


def _already_exists(path: str) -> errors.AlreadyExistsError:
    return errors.AlreadyExistsError(None, None, f"file already exists: {path}")


class GFile:
    """A file: text in mode `r`/`w`/`a`, bytes with `b`; opened lazily."""

    def __init__(self, name: str, mode: str = "r"):
        if mode not in ("r", "w", "a", "rb", "wb", "ab", "r+", "w+", "a+", "r+b", "w+b", "a+b"):
            raise errors.InvalidArgumentError(None, None,
                                              "mode is not 'r' or 'w' or 'a' or 'r+' or 'w+'"
                                              " or 'a+'")
        self.name = os.fspath(name)
        self.mode = mode
        self._f: Any = None

    def _file(self) -> Any:
        if self._f is None:
            try:
                self._f = open(self.name, self.mode)
            except FileNotFoundError:
                raise _not_found(self.name) from None
        return self._f

    def _as_mode(self, content: Any) -> Any:
        """What `write` accepts in this mode (TF1 took either str or bytes)."""
        if "b" in self.mode:
            return content.encode("utf-8") if isinstance(content, str) else content
        return content.decode("utf-8") if isinstance(content, bytes) else content

    def size(self) -> int:
        return Stat(self.name).length

    def read(self, n: int = -1) -> Any:
        return self._file().read(n)

    def readline(self) -> Any:
        return self._file().readline()

    def readlines(self) -> list:
        return self._file().readlines()

    def write(self, file_content: Any) -> None:
        self._file().write(self._as_mode(file_content))

    def seek(self, offset: int | None = None, whence: int = 0,
             position: int | None = None) -> int:
        return self._file().seek(position if offset is None else offset, whence)

    def tell(self) -> int:
        return self._file().tell()

    def flush(self) -> None:
        if self._f is not None:
            self._f.flush()

    def close(self) -> None:
        if self._f is not None:
            self._f.close()
            self._f = None

    def __iter__(self) -> Iterator:
        return iter(self._file())

    def __next__(self) -> Any:
        return next(self._file())

    def __enter__(self) -> "GFile":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


Open = GFile
FastGFile = GFile


def Exists(filename: str) -> bool:
    return os.path.exists(filename)


def IsDirectory(dirname: str) -> bool:
    return os.path.isdir(dirname)


def MakeDirs(dirname: str) -> None:
    """Creates `dirname` and its missing parents; an existing folder is fine."""
    os.makedirs(dirname, exist_ok=True)


def MkDir(dirname: str) -> None:
    """Creates one folder; its parent must exist and it must not."""
    try:
        os.mkdir(dirname)
    except FileExistsError:
        raise _already_exists(dirname) from None
    except FileNotFoundError:
        raise _not_found(dirname) from None


def Glob(filename: str) -> list:
    return _glob.glob(filename)


def ListDirectory(dirname: str) -> list:
    """The names (not paths) in `dirname`."""
    if not os.path.isdir(dirname):
        raise errors.NotFoundError(None, None, f"Could not find directory {dirname}")
    return os.listdir(dirname)


def Remove(filename: str) -> None:
    try:
        os.remove(filename)
    except FileNotFoundError:
        raise _not_found(filename) from None


def DeleteRecursively(dirname: str) -> None:
    """Deletes a folder and everything in it, or a single file."""
    if not os.path.exists(dirname):
        raise _not_found(dirname)
    if os.path.isdir(dirname):
        shutil.rmtree(dirname)
    else:
        os.remove(dirname)


def _transfer(action: Any, source: str, destination: str, overwrite: bool) -> None:
    """`action(source, destination)`, refusing an existing destination unless `overwrite`."""
    if not overwrite and os.path.exists(destination):
        raise _already_exists(destination)
    try:
        action(source, destination)
    except FileNotFoundError:
        raise _not_found(source) from None


def Rename(oldname: str, newname: str, overwrite: bool = False) -> None:
    _transfer(os.replace, oldname, newname, overwrite)


def Copy(oldpath: str, newpath: str, overwrite: bool = False) -> None:
    _transfer(shutil.copyfile, oldpath, newpath, overwrite)


def Stat(filename: str) -> FileStatistics:
    try:
        st = os.stat(filename)
    except FileNotFoundError:
        raise _not_found(filename) from None
    return FileStatistics(st.st_size, st.st_mtime_ns, os.path.isdir(filename))


def Walk(top: str, in_order: bool = True) -> Iterator:
    """`(dirname, subdirs, files)` for `top` and each folder under it; parents first when
    `in_order`."""
    return os.walk(top, topdown=in_order)
