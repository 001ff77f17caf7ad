"""Checkpoints written by real TensorFlow (tools/make_tf_checkpoint.py, committed under
data/tf_lstm/ and data/tf_partitioned/): the table and data are parsed and their checksums
verified; an LSTM trained in TF restores into the same minitf graph and gives TF's outputs, and
its Adam slots let training continue as TF's did; partitioned variables saved in slices read as
whole tensors and restore into any partitioning; damaged copies are DataLossErrors naming the
file."""
import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

import minitf as tf
from minitf.framework import errors
from minitf.train import tf_checkpoint
from tests.harness import session
from tests.train import lstm_model

DATA = Path(__file__).parent / "data" / "tf_lstm"
PREFIX = str(DATA / "model.ckpt-5")
EXPECTED = json.loads((DATA / "expected.json").read_text())


@pytest.fixture
def copy(tmp_path):
    """A writable copy of the TF checkpoint; returns its prefix."""
    for name in ("model.ckpt-5.index", "model.ckpt-5.data-00000-of-00001"):
        shutil.copy(DATA / name, tmp_path / name)
    return str(tmp_path / "model.ckpt-5")


def test_crc32c_matches_the_standard_check_values():
    assert tf_checkpoint.crc32c(b"123456789") == 0xE3069283
    assert tf_checkpoint.crc32c(b"") == 0
    assert tf_checkpoint.crc32c(b"6789", tf_checkpoint.crc32c(b"12345")) == 0xE3069283
    assert tf_checkpoint.masked_crc32c(b"") == 0xA282EAD8


def test_recognized_by_content():
    assert tf_checkpoint.is_tf_checkpoint(PREFIX)
    assert not tf_checkpoint.is_tf_checkpoint(str(DATA / "absent"))


def test_list_variables_and_load_variable():
    assert tf.train.list_variables(PREFIX) == [(k, v)
                                                for k, v in EXPECTED["variables"].items()]
    kernel = tf.train.load_variable(PREFIX, "rnn/basic_lstm_cell/kernel")
    assert kernel.shape == (9, 16) and kernel.dtype == np.float32
    power = tf.train.load_variable(PREFIX, "beta1_power")
    assert isinstance(power, np.float32) and abs(power - 0.9 ** 6) < 1e-6
    assert list(tf.train.load_variable(PREFIX, "notes")) == [b"minitf", b"", b"\x00bytes\xff"]
    reader = tf.train.NewCheckpointReader(PREFIX)
    assert reader.get_variable_to_dtype_map()["notes"] == tf.string
    with pytest.raises(errors.NotFoundError, match="Key missing not found in checkpoint"):
        reader.get_tensor("missing")


def test_lstm_trained_in_tf_restores_into_the_same_minitf_graph():
    x, y = lstm_model.inputs()
    m = lstm_model.build(tf)
    feed = {m["x"]: x, m["y"]: y}
    with session() as sess:
        tf.train.Saver().restore(sess, PREFIX)
        outputs, state_h, logits, loss = sess.run(
            [m["outputs"], m["state_h"], m["logits"], m["loss"]], feed)
        np.testing.assert_allclose(outputs, EXPECTED["outputs"], rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(state_h, EXPECTED["state_h"], rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(logits, EXPECTED["logits"], rtol=1e-5, atol=1e-5)
        assert abs(loss - EXPECTED["loss"]) < 1e-5
        sess.run(m["train"], feed)  # Adam resumes from TF's slots and powers
        assert abs(sess.run(m["loss"], feed) - EXPECTED["loss_after_one_more_step"]) < 1e-5


PARTITIONED = str(Path(__file__).parent / "data" / "tf_partitioned" / "model.ckpt")


def _tf_partitioned_values():
    """What tools/make_tf_checkpoint.py put in E's 3 row shards and F's 2 column shards."""
    def shard(shape, i):
        return np.arange(np.prod(shape)).reshape(shape) + 100 * i
    e = np.concatenate([shard((3, 3), 0), shard((2, 3), 1), shard((2, 3), 2)])
    f = np.concatenate([shard((2, 3), 0), shard((2, 2), 1)], axis=1)
    return e.astype(np.float32), f


def test_partitioned_variables_saved_by_tf_in_slices():
    e, f = _tf_partitioned_values()
    assert tf.train.list_variables(PARTITIONED) == [("E", [7, 3]), ("F", [2, 5])]
    np.testing.assert_array_equal(tf.train.load_variable(PARTITIONED, "E"), e)
    loaded_f = tf.train.load_variable(PARTITIONED, "F")
    assert loaded_f.dtype == np.float64
    np.testing.assert_array_equal(loaded_f, f)
    # restored into TF's partitioning, another one, and no partitioning at all
    e2 = tf.get_variable("E", [7, 3], partitioner=tf.fixed_size_partitioner(2))
    f3 = tf.get_variable("F", [2, 5], tf.float64,
                         partitioner=tf.fixed_size_partitioner(3, axis=1))
    whole = tf.Variable(tf.zeros([7, 3]), name="whole")
    with session() as sess:
        tf.train.Saver([e2, f3]).restore(sess, PARTITIONED)
        tf.train.Saver({"E": whole}).restore(sess, PARTITIONED)
        got = sess.run([tf.convert_to_tensor(e2), tf.convert_to_tensor(f3), whole])
    for value, want in zip(got, (e, f, e)):
        np.testing.assert_array_equal(value, want)


def test_a_missing_slice_is_data_loss(monkeypatch):
    reader = tf_checkpoint.TFCheckpointReader(PARTITIONED)
    first = next(k for k in reader._table if k.startswith(b"\x00E"))
    del reader._table[first]
    with pytest.raises(errors.DataLossError, match=r"slice \[\(0, 3\), \(0, 3\)\] of E is "
                                                   r"missing"):
        reader.tensor("E")


def test_restored_tf_values_can_be_saved_in_minitf_format(tmp_path):
    lstm_model.build(tf)
    saver = tf.train.Saver()
    with session() as sess:
        saver.restore(sess, PREFIX)
        path = saver.save(sess, str(tmp_path / "again"))
    assert not tf_checkpoint.is_tf_checkpoint(path)
    np.testing.assert_array_equal(tf.train.load_variable(path, "dense/kernel/Adam"),
                                  tf.train.load_variable(PREFIX, "dense/kernel/Adam"))


def test_dtype_mismatch_against_a_tf_checkpoint(tmp_path):
    v = tf.Variable(np.zeros(3), name="dense/bias")  # float64; TF saved float32
    with session() as sess:
        with pytest.raises(errors.InvalidArgumentError,
                           match="expected dtype double does not equal original dtype float"):
            tf.train.Saver([v]).restore(sess, PREFIX)


def _flip(path, offset):
    raw = bytearray(Path(path).read_bytes())
    raw[offset] ^= 0x20
    Path(path).write_bytes(bytes(raw))


def test_corrupted_table_block_is_data_loss(copy):
    _flip(copy + ".index", 20)
    with pytest.raises(errors.DataLossError,
                       match=r"model\.ckpt-5\.index: table block checksum mismatch"):
        tf.train.list_variables(copy)


def test_bad_magic_and_short_index_are_data_loss(copy):
    index = copy + ".index"
    raw = Path(index).read_bytes()
    Path(index).write_bytes(raw[:-1] + b"\x00")
    # No longer recognized as TF's: read as minitf's JSON index, which it is not either.
    with pytest.raises(errors.DataLossError, match=r"model\.ckpt-5\.index: not a minitf"):
        tf.train.list_variables(copy)
    with pytest.raises(errors.DataLossError, match="bad magic number"):
        tf_checkpoint.TFCheckpointReader(copy)
    Path(index).write_bytes(raw[-20:])
    with pytest.raises(errors.DataLossError, match="bad magic number"):
        tf_checkpoint.TFCheckpointReader(copy)


def test_truncated_index_is_data_loss(copy):
    index = copy + ".index"
    raw = Path(index).read_bytes()
    Path(index).write_bytes(raw[:100] + raw[-48:])  # footer kept, blocks cut
    with pytest.raises(errors.DataLossError, match=r"model\.ckpt-5\.index: truncated table"):
        tf.train.list_variables(copy)


def test_corrupted_tensor_data_is_data_loss(copy):
    entry = tf_checkpoint.TFCheckpointReader(copy)._entries["dense/kernel"]
    _flip(copy + ".data-00000-of-00001", entry.offset + 5)
    with pytest.raises(errors.DataLossError,
                       match=r"data-00000-of-00001: checksum mismatch for tensor dense/kernel"):
        tf.train.load_variable(copy, "dense/kernel")
    assert tf.train.load_variable(copy, "dense/bias").shape == (3,)  # others still load


def test_corrupted_string_tensor_is_data_loss(copy):
    entry = tf_checkpoint.TFCheckpointReader(copy)._entries["notes"]
    _flip(copy + ".data-00000-of-00001", entry.offset + entry.size - 1)
    with pytest.raises(errors.DataLossError, match="checksum mismatch for tensor notes"):
        tf.train.load_variable(copy, "notes")
    _flip(copy + ".data-00000-of-00001", entry.offset)  # a length: no longer fits
    with pytest.raises(errors.DataLossError, match="string tensor notes does not fit"):
        tf.train.load_variable(copy, "notes")


def test_truncated_and_missing_data_file(copy):
    data = copy + ".data-00000-of-00001"
    with open(data, "r+b") as f:
        f.truncate(100)
    with pytest.raises(errors.DataLossError, match="truncated: tensor rnn/basic_lstm_cell"):
        tf.train.load_variable(copy, "rnn/basic_lstm_cell/kernel")
    os.remove(data)
    with pytest.raises(errors.NotFoundError, match="data-00000-of-00001; No such file"):
        tf.train.load_variable(copy, "dense/bias")
