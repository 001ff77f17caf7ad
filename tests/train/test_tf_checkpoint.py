"""The TF V2 checkpoint reader on hand-built tables: every malformed structure (varints,
protobuf fields, blocks, restarts, header, entries) is a DataLossError naming the index file,
what minitf does not read (unknown dtypes, a variable saved only in part) is an
UnimplementedError naming the tensor, and partitioned variables' slices are found under TF's
OrderedCode keys."""
import os

import numpy as np
import pytest

import minitf as tf
from minitf.framework import errors
from minitf.train import tf_checkpoint
from minitf.train.tf_checkpoint import masked_crc32c

MAGIC = tf_checkpoint.TABLE_MAGIC.to_bytes(8, "little")


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        out.append((n & 0x7F) | (0x80 if n > 0x7F else 0))
        n >>= 7
        if not n:
            return bytes(out)


def _field(number: int, value) -> bytes:
    if isinstance(value, bytes):
        return _varint(number << 3 | 2) + _varint(len(value)) + value
    return _varint(number << 3) + _varint(value)


def _entry(dtype=1, dims=(), data=b"", offset=0, extra=b"", unknown_rank=False) -> bytes:
    shape = b"".join(_field(2, _field(1, d)) for d in dims)
    if unknown_rank:
        shape += _field(3, 1)
    crc = (6 << 3 | 5).to_bytes(1, "little") + masked_crc32c(data).to_bytes(4, "little")
    return (_field(1, dtype) + _field(2, shape) + _field(4, offset) + _field(5, len(data)) + crc
            + extra)


def _block(entries) -> bytes:
    """A table block without shared key prefixes: one restart point at 0."""
    body = b"".join(_varint(0) + _varint(len(k)) + _varint(len(v)) + k + v for k, v in entries)
    return body + (0).to_bytes(4, "little") + (1).to_bytes(4, "little")


def _with_trailer(block: bytes, kind: int = 0) -> bytes:
    return block + bytes([kind]) + masked_crc32c(block + bytes([kind])).to_bytes(4, "little")


def _write(prefix, entries, data=b"", data_block=None, kind=0, header=None):
    """A one-shard TF checkpoint with `entries` (key -> value) after the header entry."""
    header = _field(1, 1) if header is None else header
    data_block = _block([(b"", header)] + sorted(entries.items())) if data_block is None \
        else data_block
    raw = _with_trailer(data_block, kind)
    index_block = _block([(b"\xff", _varint(0) + _varint(len(data_block)))])
    meta_block = _block([])
    meta_at = len(raw)
    raw += _with_trailer(meta_block)
    index_at = len(raw)
    raw += _with_trailer(index_block)
    footer = _varint(meta_at) + _varint(len(meta_block)) + _varint(index_at) + \
        _varint(len(index_block))
    raw += footer.ljust(40, b"\x00") + MAGIC
    with open(prefix + ".index", "wb") as f:
        f.write(raw)
    with open(prefix + ".data-00000-of-00001", "wb") as f:
        f.write(data)
    return prefix


def test_hand_built_table_reads_back(tmp_path):
    data = np.array([1.5, -2.0], np.float64).tobytes()
    prefix = _write(str(tmp_path / "ok"), {b"v": _entry(2, (2,), data)}, data)
    np.testing.assert_array_equal(tf.train.load_variable(prefix, "v"), [1.5, -2.0])


@pytest.mark.parametrize("entry, message", [
    (_entry(unknown_rank=True), "a tensor of unknown rank"),
    (b"\x0f", "bad protobuf wire type 7"),
    (b"\x08" + b"\xff" * 11, "corrupted varint"),
    (b"\x12\x09ab", "truncated protobuf message"),
], ids=["unknown_rank", "wire_type", "varint", "truncated"])
def test_malformed_entries_are_data_loss(tmp_path, entry, message):
    prefix = _write(str(tmp_path / "bad"), {b"v": entry})
    with pytest.raises(errors.DataLossError, match=rf"bad\.index: {message}"):
        tf.train.list_variables(prefix)


def _extent(start: int, length: int) -> bytes:
    return _field(1, _field(1, start) + _field(2, length))


def test_unsupported_tensors_are_unimplemented(tmp_path):
    prefix = _write(str(tmp_path / "u"), {b"odd": _entry(dtype=99)})
    reader = tf.train.NewCheckpointReader(prefix)
    with pytest.raises(errors.UnimplementedError, match="odd has DataType enum 99"):
        reader.get_variable_to_shape_map() and reader.get_variable_to_dtype_map()


def test_sliced_tensors_are_put_together_from_their_keys(tmp_path):
    # a float32 [4] saved as slices [0, 3) and [3, 4), the second slice's data first
    low, high = np.array([1, 2, 3], np.float32).tobytes(), np.array([4], np.float32).tobytes()
    key = tf_checkpoint._slice_key
    whole = _entry(1, (4,), extra=_field(7, _extent(0, 3)) + _field(7, _extent(3, 1)))
    partial = _entry(1, (4,), extra=_field(7, _extent(0, 3)))
    missing = _entry(1, (4,), extra=_field(7, _extent(1, 3)))
    prefix = _write(str(tmp_path / "s"), {
        b"v": whole, b"part": partial, b"gap": missing,
        key("v", [(0, 3)]): _entry(1, (3,), low, offset=len(high)),
        key("v", [(3, 1)]): _entry(1, (1,), high, offset=0),
        key("part", [(0, 3)]): _entry(1, (3,), low, offset=len(high))}, high + low)
    assert tf.train.list_variables(prefix) == [("gap", [4]), ("part", [4]), ("v", [4])]
    np.testing.assert_array_equal(tf.train.load_variable(prefix, "v"), [1, 2, 3, 4])
    with pytest.raises(errors.UnimplementedError, match="part holds only some slices"):
        tf.train.load_variable(prefix, "part")
    with pytest.raises(errors.DataLossError, match=r"slice \[\(1, 3\)\] of gap is missing"):
        tf.train.load_variable(prefix, "gap")


def test_slice_keys_are_tfs_ordered_code():
    # as TF wrote them (tests/train/data/tf_partitioned), and OrderedCode's own examples
    assert tf_checkpoint._slice_key("F", [(0, 2), (0, 100)]) == \
        b"\x00F\x00\x01\x01\x02\x80\x82\x80\xc0d"
    assert tf_checkpoint._ordered_signed(0x424242) == bytes.fromhex("f0424242")
    assert tf_checkpoint._ordered_signed(-0x800) == bytes.fromhex("3800")
    assert tf_checkpoint._ordered_signed(-1) == b"\x7f"
    assert tf_checkpoint._ordered_string(b"a\x00\xff") == b"a\x00\xff\xff\x00\x00\x01"


def test_big_endian_header_is_data_loss(tmp_path):
    prefix = _write(str(tmp_path / "be"), {}, header=_field(1, 1) + _field(2, 1))
    with pytest.raises(errors.DataLossError, match="big-endian checkpoints"):
        tf.train.list_variables(prefix)


@pytest.mark.parametrize("block, kind, message", [
    (_block([(b"v", _entry())]), 1, r"compressed table block \(type 1\)"),
    (b"\x01", 0, "table block too short"),
    (b"abc" + (99).to_bytes(4, "little"), 0, "bad table block restart count"),
    (b"\x05\x01\x00x" + _block([]), 0, "corrupted table entry"),
], ids=["compressed", "short", "restarts", "shared_prefix"])
def test_malformed_blocks_are_data_loss(tmp_path, block, kind, message):
    prefix = _write(str(tmp_path / "blk"), {}, data_block=block, kind=kind)
    with pytest.raises(errors.DataLossError, match=message):
        tf.train.list_variables(prefix)


def test_wrong_size_for_shape_is_data_loss(tmp_path):
    data = b"\x00" * 12
    prefix = _write(str(tmp_path / "sz"), {b"v": _entry(1, (2,), data)}, data)
    with pytest.raises(errors.DataLossError, match=r"tensor v has 12 bytes for shape \[2\]"):
        tf.train.load_variable(prefix, "v")


# ---- writing

TF_LSTM = os.path.join(os.path.dirname(__file__), "data", "tf_lstm", "model.ckpt-5")


def test_written_files_are_byte_identical_to_tensorflows():
    """Re-writing the tensors of a checkpoint TF 2.21 wrote (floats, an int64 step, a string
    tensor) gives TF's very bytes, data file and index table alike."""
    reader = tf_checkpoint.TFCheckpointReader(TF_LSTM)
    tensors = {n: (d, reader.tensor(n)) for n, (d, _) in reader.variables().items()}
    assert any(d == tf.string for d, _ in tensors.values())
    data, index = tf_checkpoint.tf_checkpoint_files(tensors)
    with open(TF_LSTM + ".data-00000-of-00001", "rb") as f:
        assert data == f.read()
    with open(TF_LSTM + ".index", "rb") as f:
        assert index == f.read()


def test_written_checkpoints_read_back(tmp_path):
    """Many keys (several restart points), shared prefixes, scalars, empty and string tensors,
    every dtype the reader maps."""
    rng = np.random.RandomState(0)
    tensors = {f"layer_{i:02d}/kernel": (tf.float32, rng.randn(3, i % 4).astype(np.float32))
               for i in range(40)}
    tensors.update({"step": (tf.int64, np.int64(7)), "flag": (tf.bool, np.array([True, False])),
                    "half": (tf.float16, np.ones(3, np.float16)),
                    "words": (tf.string, np.array([b"a", b"", "\u00e9".encode()], object)),
                    "empty": (tf.float64, np.zeros((0, 2)))})
    data, index = tf_checkpoint.tf_checkpoint_files(tensors)
    prefix = str(tmp_path / "ckpt")
    with open(prefix + ".data-00000-of-00001", "wb") as f:
        f.write(data)
    with open(prefix + ".index", "wb") as f:
        f.write(index)
    assert tf_checkpoint.is_tf_checkpoint(prefix)
    reader = tf_checkpoint.TFCheckpointReader(prefix)
    assert set(reader.variables()) == set(tensors)
    for name, (dtype, value) in tensors.items():
        got = reader.tensor(name)
        assert reader.variables()[name][0] == dtype
        np.testing.assert_array_equal(got, value)


def test_saver_writes_tensorflow_format_for_saved_models(tmp_path):
    w = tf.Variable(np.arange(6, dtype=np.float32).reshape(2, 3), name="w")
    n = tf.Variable(3, name="n")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save_tf_format(sess, str(tmp_path / "sub" / "variables"))
        assert tf_checkpoint.is_tf_checkpoint(str(tmp_path / "sub" / "variables"))
        sess.run([w.assign(tf.zeros([2, 3])), n.assign(0)])
        saver.restore(sess, str(tmp_path / "sub" / "variables"))
        np.testing.assert_array_equal(sess.run(w), np.arange(6).reshape(2, 3))
        assert sess.run(n) == 3
    with pytest.raises(ValueError, match="cannot write them in TensorFlow's format"):
        tf.train.Saver(saver_def=saver.saver_def).save_tf_format(None, str(tmp_path / "x"))
