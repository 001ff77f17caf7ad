"""tf.gfile on the local file system, with TF's error classes."""
import os

import pytest

import minitf as tf

gfile = tf.gfile


def test_gfile_text_and_bytes(tmp_path):
    path = str(tmp_path / "a.txt")
    with gfile.GFile(path, "w") as f:
        f.write("line one\n")
        f.write(b"line two\n")
    assert gfile.Exists(path) and not gfile.IsDirectory(path)
    with gfile.GFile(path) as f:
        assert f.readline() == "line one\n"
        assert f.tell() == 9
        assert f.read() == "line two\n"
        f.seek(0)
        assert f.readlines() == ["line one\n", "line two\n"]
        f.seek(offset=5)
        assert next(f) == "one\n"
        assert f.size() == 18
    with gfile.Open(path, "ab") as f:
        f.write("three")
        f.flush()
    with gfile.FastGFile(path, "rb") as f:
        assert f.read(4) == b"line"
        assert list(f)[-1] == b"three"


def test_folders(tmp_path):
    base = str(tmp_path / "d")
    gfile.MakeDirs(os.path.join(base, "x", "y"))
    gfile.MakeDirs(os.path.join(base, "x", "y"))
    gfile.MkDir(os.path.join(base, "z"))
    open(os.path.join(base, "f.txt"), "w").close()
    assert sorted(gfile.ListDirectory(base)) == ["f.txt", "x", "z"]
    assert gfile.Glob(os.path.join(base, "*.txt")) == [os.path.join(base, "f.txt")]
    assert [d for d, _, _ in gfile.Walk(base)][0] == base
    stat = gfile.Stat(os.path.join(base, "x"))
    assert stat.is_directory and stat.mtime_nsec > 0
    gfile.Copy(os.path.join(base, "f.txt"), os.path.join(base, "g.txt"))
    gfile.Copy(os.path.join(base, "f.txt"), os.path.join(base, "g.txt"), overwrite=True)
    gfile.Rename(os.path.join(base, "g.txt"), os.path.join(base, "h.txt"))
    gfile.Rename(os.path.join(base, "h.txt"), os.path.join(base, "f.txt"), overwrite=True)
    assert gfile.Stat(os.path.join(base, "f.txt")).length == 0
    gfile.Remove(os.path.join(base, "f.txt"))
    gfile.DeleteRecursively(os.path.join(base, "x"))
    assert sorted(gfile.ListDirectory(base)) == ["z"]
    gfile.DeleteRecursively(base)
    assert not gfile.Exists(base)


def test_errors(tmp_path):
    missing = str(tmp_path / "missing")
    existing = str(tmp_path / "e.txt")
    open(existing, "w").close()
    f = gfile.GFile(missing)
    with pytest.raises(tf.errors.NotFoundError, match=r"missing; No such file or directory"):
        f.read()
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"mode is not 'r' or 'w'"):
        gfile.GFile(existing, "x")
    with pytest.raises(tf.errors.AlreadyExistsError, match=r"file already exists: .*e\.txt"):
        gfile.MkDir(existing)
    with pytest.raises(tf.errors.NotFoundError, match=r"No such file or directory"):
        gfile.MkDir(os.path.join(missing, "sub"))
    with pytest.raises(tf.errors.NotFoundError, match=r"Could not find directory .*missing"):
        gfile.ListDirectory(missing)
    for fn in (gfile.Remove, gfile.DeleteRecursively, gfile.Stat):
        with pytest.raises(tf.errors.NotFoundError, match=r"missing; No such file or directory"):
            fn(missing)
    with pytest.raises(tf.errors.AlreadyExistsError, match=r"file already exists"):
        gfile.Rename(existing, existing)
    with pytest.raises(tf.errors.NotFoundError, match=r"missing; No such file"):
        gfile.Rename(missing, str(tmp_path / "new"))
    with pytest.raises(tf.errors.AlreadyExistsError, match=r"file already exists"):
        gfile.Copy(existing, existing)
    with pytest.raises(tf.errors.NotFoundError, match=r"missing; No such file"):
        gfile.Copy(missing, str(tmp_path / "new"))
