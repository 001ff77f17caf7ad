"""File access for the file ops: names as str/bytes/paths, and TF's error classes and texts."""
import os

import pytest

from minitf.framework import errors, file_io


def test_names_and_contents(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"data")
    assert file_io.as_path(os.fsencode(str(path))) == str(path)
    assert file_io.read_file(path) == b"data"
    with file_io.open_file(str(tmp_path / "g"), "wb") as f:
        f.write(b"x")
    assert (tmp_path / "g").read_bytes() == b"x"


def test_errors(tmp_path):
    with pytest.raises(errors.NotFoundError, match=r"nope; No such file or directory"):
        file_io.read_file(tmp_path / "nope")
    with pytest.raises(errors.FailedPreconditionError, match=r"; Is a directory"):
        file_io.read_file(tmp_path)
    locked = tmp_path / "locked"
    locked.write_bytes(b"")
    locked.chmod(0)
    if not os.access(locked, os.R_OK):  # root may read anything
        with pytest.raises(errors.PermissionDeniedError, match="Permission denied"):
            file_io.read_file(locked)
