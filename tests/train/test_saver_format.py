"""minitf's checkpoint format under hostile and damaged files: a pickle in the archive, a
wrong index, truncation and flipped bits are DataLossErrors naming the file, never code that
runs or wrong numbers; and the atomic writer leaves no partial file behind."""
import io
import json
import os
import pickle
import zipfile
from pathlib import Path

import numpy as np
import pytest

import minitf as tf
from minitf.framework import errors
from minitf.train import checkpoint_format
from tests.harness import session


@pytest.fixture
def ckpt(tmp_path):
    """A checkpoint with a float matrix `w`, an int scalar `n` and a bool vector `f`."""
    tf.Variable(np.arange(12, dtype=np.float32).reshape(3, 4), name="w")
    tf.Variable(5, name="n")
    tf.Variable([True, False], name="f")
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        return tf.train.Saver().save(sess, str(tmp_path / "model"))


def _index(prefix):
    with open(prefix + ".index") as f:
        return json.load(f)


def _rewrite_member(prefix, member, payload: bytes):
    """Replaces one .npy member of the data archive (and the index's size, so that only the
    member's content is wrong)."""
    path = prefix + checkpoint_format.DATA_SUFFIX
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members[member + ".npy"] = payload
    with zipfile.ZipFile(path, "w") as z:
        for n, data in members.items():
            z.writestr(n, data)
    index = _index(prefix)
    index["data_size"] = os.path.getsize(path)
    with open(prefix + ".index", "w") as f:
        json.dump(index, f)


def test_index_is_json_naming_members_dtypes_shapes_and_checksums(ckpt):
    index = _index(ckpt)
    assert index["format"] == checkpoint_format.FORMAT
    assert index["data_file"] == "model.data-00000-of-00001"
    assert {k: (v["dtype"], v["shape"]) for k, v in index["tensors"].items()} == \
        {"f": ("bool", [2]), "n": ("int32", []), "w": ("float32", [3, 4])}
    with zipfile.ZipFile(ckpt + checkpoint_format.DATA_SUFFIX) as z:
        assert sorted(z.namelist()) == ["t0.npy", "t1.npy", "t2.npy"]


class _Exploit:
    """Unpickling this would create `marker` (a pickle that runs code)."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_pickle_in_the_archive_is_data_loss_and_never_runs(ckpt, tmp_path):
    marker = tmp_path / "pwned"
    hostile = np.array([_Exploit(str(marker))], dtype=object)
    buf = io.BytesIO()
    np.save(buf, hostile, allow_pickle=True)
    member = _index(ckpt)["tensors"]["w"]["member"]
    _rewrite_member(ckpt, member, buf.getvalue())
    with pytest.raises(errors.DataLossError,
                       match=r"model\.data-00000-of-00001: tensor w: the array does not match"):
        tf.train.load_variable(ckpt, "w")
    # With the index's shape matching the array's, its object dtype is still refused.
    index = _index(ckpt)
    index["tensors"]["w"].update(dtype="float32", shape=[1])
    with open(ckpt + ".index", "w") as f:
        json.dump(index, f)
    with pytest.raises(errors.DataLossError, match="does not match the index"):
        tf.train.load_variable(ckpt, "w")
    assert not marker.exists()
    assert pickle.dumps(1)  # pickle itself still works: nothing was monkeypatched


def test_wrong_index_content_is_data_loss_naming_the_index(ckpt):
    path = ckpt + ".index"
    for content in (b"\x80\x04garbage", b"[1, 2]", b'{"format": "other", "tensors": {}}',
                    b"{\"format\": \"" + checkpoint_format.FORMAT.encode() + b"\", \"tens"):
        with open(path, "wb") as f:
            f.write(content)
        with pytest.raises(errors.DataLossError, match=r"model\.index: not a minitf"):
            tf.train.list_variables(ckpt)


def test_malformed_index_entry_is_data_loss_naming_the_tensor(ckpt):
    index = _index(ckpt)
    index["tensors"]["w"]["shape"] = [-1, 4]
    with open(ckpt + ".index", "w") as f:
        json.dump(index, f)
    with pytest.raises(errors.DataLossError, match="malformed entry for tensor w"):
        tf.train.list_variables(ckpt)


def test_truncated_data_file_is_data_loss(ckpt):
    data = ckpt + checkpoint_format.DATA_SUFFIX
    with open(data, "r+b") as f:
        f.truncate(os.path.getsize(data) // 2)
    with pytest.raises(errors.DataLossError,
                       match=r"model\.data-00000-of-00001: .* bytes where the index says"):
        tf.train.load_variable(ckpt, "n")


def test_damaged_archive_of_the_right_size_is_data_loss(ckpt):
    data = ckpt + checkpoint_format.DATA_SUFFIX
    size = os.path.getsize(data)
    with open(data, "r+b") as f:
        f.seek(size - 30)
        f.write(b"\xff" * 30)  # the archive's central directory
    with pytest.raises(errors.DataLossError, match="not a readable .npz archive"):
        tf.train.load_variable(ckpt, "w")


def test_flipped_bit_in_a_tensor_is_data_loss(ckpt):
    data = ckpt + checkpoint_format.DATA_SUFFIX
    raw = bytearray(Path(data).read_bytes())
    at = raw.index(np.float32(11.0).tobytes())
    raw[at] ^= 0x01
    Path(data).write_bytes(bytes(raw))
    with pytest.raises(errors.DataLossError, match="model.data-00000-of-00001: tensor w"):
        tf.train.load_variable(ckpt, "w")


def test_checksum_mismatch_is_data_loss(ckpt):
    index = _index(ckpt)
    index["tensors"]["w"]["crc32"] ^= 1
    with open(ckpt + ".index", "w") as f:
        json.dump(index, f)
    with pytest.raises(errors.DataLossError, match="checksum mismatch for tensor w"):
        tf.train.load_variable(ckpt, "w")


def test_missing_member_and_missing_data_file(ckpt):
    index = _index(ckpt)
    index["tensors"]["w"]["member"] = "t9"
    with open(ckpt + ".index", "w") as f:
        json.dump(index, f)
    with pytest.raises(errors.DataLossError, match="no array for tensor w"):
        tf.train.load_variable(ckpt, "w")
    os.remove(ckpt + checkpoint_format.DATA_SUFFIX)
    with pytest.raises(errors.NotFoundError, match="model.data-00000-of-00001; No such file"):
        tf.train.load_variable(ckpt, "n")


def test_compressed_or_oversized_member_is_refused_before_inflating(ckpt):
    path = ckpt + checkpoint_format.DATA_SUFFIX
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    member = _index(ckpt)["tensors"]["w"]["member"] + ".npy"
    with zipfile.ZipFile(path, "w") as z:
        for n, data in members.items():
            z.writestr(n, data + b"\x00" * (1 << 20) if n == member else data,
                       compress_type=zipfile.ZIP_DEFLATED if n == member else
                       zipfile.ZIP_STORED)
    index = _index(ckpt)
    index["data_size"] = os.path.getsize(path)
    with open(ckpt + ".index", "w") as f:
        json.dump(index, f)
    with pytest.raises(errors.DataLossError, match="tensor w: the archive member is "
                                                   "compressed or larger"):
        tf.train.load_variable(ckpt, "w")
    assert tf.train.load_variable(ckpt, "n") == 5
    _rewrite_member(ckpt, member[:-4], members[member] + b"\x00" * (1 << 17))
    with pytest.raises(errors.DataLossError, match="compressed or larger"):
        tf.train.load_variable(ckpt, "w")


def test_bad_npy_header_is_data_loss(ckpt):
    member = _index(ckpt)["tensors"]["n"]["member"]
    _rewrite_member(ckpt, member, b"\x93NUMPY\x09\x00junk")
    with pytest.raises(errors.DataLossError, match="tensor n: bad .npy header"):
        tf.train.load_variable(ckpt, "n")


def test_restore_of_a_damaged_checkpoint_is_data_loss_in_the_session(ckpt):
    with open(ckpt + ".index", "wb") as f:
        f.write(b"{")
    saver = tf.train.Saver()
    with session() as sess:
        with pytest.raises(errors.DataLossError, match=r"model\.index"):
            saver.restore(sess, ckpt)
        sess.run(tf.global_variables_initializer())  # the session still works


def test_atomic_write_leaves_the_old_file_when_writing_fails(tmp_path):
    path = str(tmp_path / "f")
    checkpoint_format.write_atomically(path, lambda f: f.write(b"old"))

    def fail(f):
        f.write(b"partial")
        raise RuntimeError("disk full")
    with pytest.raises(RuntimeError, match="disk full"):
        checkpoint_format.write_atomically(path, fail)
    assert Path(path).read_bytes() == b"old" and os.listdir(tmp_path) == ["f"]


def test_save_os_errors_become_tf_errors(tmp_path, monkeypatch):
    tf.Variable(1.0, name="v")
    saver = tf.train.Saver()
    (tmp_path / "file").write_text("")
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(ValueError, match="Parent directory of .*file/m doesn't exist"):
            saver.save(sess, str(tmp_path / "file" / "m"))

        def denied(*args, **kwargs):
            raise PermissionError(13, "Permission denied")
        monkeypatch.setattr(checkpoint_format.os, "open", denied)
        with pytest.raises(errors.PermissionDeniedError, match=r"m; Permission denied"):
            saver.save(sess, str(tmp_path / "m"))

        def full(*args, **kwargs):
            raise OSError(28, "No space left on device")
        monkeypatch.setattr(checkpoint_format.os, "open", full)
        with pytest.raises(errors.UnknownError, match=r"m; No space left on device"):
            saver.save(sess, str(tmp_path / "m"))
