"""TFRecord files: TF's byte format (checked against a record TF 2.21 wrote), the three
compressions and their options, reading files TF wrote (tests/framework/data, made by
tools/make_tf_records.py), and the errors of closed writers, damaged and missing files."""
import json
import os
import zlib

import pytest

import minitf as tf
from minitf.framework import errors
from minitf.framework.tf_record import encode_record, read_records

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
with open(os.path.join(DATA, "expected.json")) as _f:
    EXPECTED = json.load(_f)
RECORDS = [bytes.fromhex(r) for r in EXPECTED["records"]]
KINDS = {"NONE": "", "GZIP": "GZIP", "ZLIB": "ZLIB"}


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def test_record_layout_is_tfs():
    # b"abc" as TF 2.21's TFRecordWriter wrote it: length, masked crc32c, data, masked crc32c
    assert encode_record(b"abc").hex() == "0300000000000000b099490e6162636e57f121"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_reads_the_files_tf_wrote(kind):
    path = os.path.join(DATA, f"{kind.lower()}.tfrecord")
    options = tf.python_io.TFRecordOptions(KINDS[kind])
    assert list(tf.python_io.tf_record_iterator(path, options)) == RECORDS


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_writes_what_tf_wrote(kind, tmp_path):
    path = str(tmp_path / "out.tfrecord")
    with tf.python_io.TFRecordWriter(path, tf.python_io.TFRecordOptions(KINDS[kind])) as writer:
        for r in RECORDS:
            writer.write(r)
    with open(path, "rb") as f, open(os.path.join(DATA, f"{kind.lower()}.tfrecord"), "rb") as g:
        assert f.read() == g.read()


def test_offsets_and_compression_options(tmp_path):
    path = str(tmp_path / "r")
    options = tf.python_io.TFRecordOptions(tf.python_io.TFRecordCompressionType.ZLIB,
                                           compression_level=9)
    with tf.python_io.TFRecordWriter(path, options) as writer:
        writer.write(b"abc")
        writer.write("text")  # str is written as UTF-8
        writer.flush()
    assert zlib.decompress(_read(path))[:8] == b"\x03" + bytes(7)
    assert list(read_records(path, "ZLIB")) == [(0, b"abc"), (19, b"text")]
    for given in (2, "GZIP", tf.python_io.TFRecordCompressionType.GZIP,
                  tf.python_io.TFRecordOptions("GZIP")):
        assert tf.python_io.TFRecordOptions.get_compression_type_string(given) == "GZIP"
    assert tf.python_io.TFRecordOptions.get_compression_type_string(None) == ""
    # a window_bits override replaces TF's default, gzip header included
    raw = str(tmp_path / "raw")
    with tf.python_io.TFRecordWriter(raw, tf.python_io.TFRecordOptions("GZIP",
                                                                       window_bits=15)) as w:
        w.write(b"x")
    assert _read(raw)[:1] == b"\x78"
    assert tf.io.TFRecordWriter is tf.python_io.TFRecordWriter
    assert tf.io.tf_record_iterator is tf.python_io.tf_record_iterator


def test_invalid_compression_type():
    with pytest.raises(ValueError, match='Not a valid compression_type: "BZ2"'):
        tf.python_io.TFRecordOptions("BZ2")


def test_closed_writer(tmp_path):
    writer = tf.python_io.TFRecordWriter(str(tmp_path / "w"))
    writer.close()
    writer.close()
    for call in (lambda: writer.write(b"x"), writer.flush):
        with pytest.raises(errors.FailedPreconditionError, match="Writer is closed."):
            call()


def _damaged(tmp_path, change):
    path = str(tmp_path / "r.tfrecord")
    with tf.python_io.TFRecordWriter(path) as writer:
        writer.write(b"abc")
        writer.write(b"defg")
    data = _read(path)
    with open(path, "wb") as f:
        f.write(change(data))
    return path


@pytest.mark.parametrize("change,message", [
    (lambda d: d[:13] + bytes([d[13] ^ 1]) + d[14:], "corrupted record at 12"),
    (lambda d: d[:9] + bytes([d[9] ^ 1]) + d[10:], "corrupted record at 0"),
    (lambda d: d[:20] + bytes([d[20] ^ 1]) + d[21:], "corrupted record at 19"),
    (lambda d: d[:-2], "truncated record at 19"),
])
def test_damaged_files(tmp_path, change, message):
    path = _damaged(tmp_path, change)
    with pytest.raises(errors.DataLossError, match=message):
        list(tf.python_io.tf_record_iterator(path))


def test_a_partial_header_ends_the_file(tmp_path):
    path = _damaged(tmp_path, lambda d: d[:19 + 5])
    assert list(tf.python_io.tf_record_iterator(path)) == [b"abc"]


@pytest.mark.parametrize("data", [b"not gzip at all", None])
def test_damaged_compressed_stream(tmp_path, data):
    path = str(tmp_path / "g")
    with tf.python_io.TFRecordWriter(path, tf.python_io.TFRecordOptions("GZIP")) as writer:
        writer.write(b"abc" * 100)
    whole = _read(path)
    with open(path, "wb") as f:
        f.write(data or whole[:len(whole) // 2])
    with pytest.raises(errors.DataLossError, match=path):
        list(tf.python_io.tf_record_iterator(path, tf.python_io.TFRecordOptions("GZIP")))


def test_missing_files(tmp_path):
    missing = str(tmp_path / "nope")
    records = tf.python_io.tf_record_iterator(missing)  # opened on the first next, as TF 1.15
    with pytest.raises(errors.NotFoundError, match=f"{missing}; No such file or directory"):
        next(records)
    with pytest.raises(errors.NotFoundError, match="No such file or directory"):
        tf.python_io.TFRecordWriter(str(tmp_path / "no" / "dir" / "x"))
