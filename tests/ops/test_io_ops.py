"""Readers and file ops: op names and shapes, each reader's records and keys, when a file
counts as done (read vs read_up_to), the counters and reset, per-session readers, files that
cannot be read, queues that do not hold file names, and ReadFile/WriteFile/MatchingFiles."""
import gzip
import os

import numpy as np
import pytest

import minitf as tf
from minitf.framework import errors


def _files(tmp_path, **contents):
    paths = {}
    for name, data in contents.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths[name] = str(path)
    return paths


def _queue(names):
    q = tf.FIFOQueue(10, tf.string)
    return q, q.enqueue_many([names]), q.close()


def _base(key):
    return os.path.basename(key.decode())


def _drain(sess, fetch, limit=30):
    out = []
    for _ in range(limit):
        try:
            out.append(sess.run(fetch))
        except errors.OutOfRangeError:
            return out
    raise AssertionError("no OutOfRangeError")


def test_reader_ops_names_and_shapes():
    q = tf.FIFOQueue(2, tf.string)
    reader = tf.TextLineReader(skip_header_lines=2, name="lines")
    key, value = reader.read(q)
    keys, values = reader.read_up_to(q.queue_ref, 3)
    assert reader.reader_ref.op.type == "TextLineReaderV2"
    assert reader.reader_ref.op.get_attr("skip_header_lines") == 2
    assert (reader.reader_ref.name, key.name, value.name) == \
        ("lines:0", "ReaderReadV2:0", "ReaderReadV2:1")
    assert (keys.op.name, keys.op.inputs[2].op.name) == \
        ("ReaderReadUpToV2", "ReaderReadUpToV2/num_records")
    assert keys.shape.as_list() == [None] and key.shape.as_list() == []
    assert reader.num_records_produced().dtype == tf.int64
    assert reader.reset().type == "ReaderResetV2"
    assert not reader.supports_serialize and tf.IdentityReader().supports_serialize
    assert type(reader.read(q)).__name__ == "ReaderReadV2"
    with pytest.raises(ValueError, match="Shape must be rank 0 but is rank 1"):
        reader.read_up_to(q, [1, 2])


def test_text_lines_keys_headers_and_line_ends(tmp_path):
    files = _files(tmp_path, a=b"h\nl1\r\nl2\n\nl4", b=b"only header\n", c=b"")
    q, fill, close = _queue([files["a"], files["b"], files["c"], files["a"]])
    reader = tf.TextLineReader(skip_header_lines=1)
    key, value = reader.read(q)
    with tf.Session() as sess:
        sess.run(fill)
        sess.run(close)
        got = [(_base(k), v) for k, v in _drain(sess, [key, value])]
        assert got == [("a:2", b"l1"), ("a:3", b"l2"), ("a:4", b""), ("a:5", b"l4")] * 2
        assert sess.run([reader.num_records_produced(),
                         reader.num_work_units_completed()]) == [8, 4]


def test_read_up_to_stops_at_the_end_of_a_file(tmp_path):
    files = _files(tmp_path, a=b"1\n2\n3\n4\n5\n", b=b"6\n", c=b"")
    q, fill, close = _queue([files["a"], files["c"], files["b"]])
    reader = tf.TextLineReader()
    keys, values = reader.read_up_to(q, 3)
    done = reader.num_work_units_completed()
    with tf.Session() as sess:
        sess.run(fill)
        sess.run(close)
        assert sess.run(values).tolist() == [b"1", b"2", b"3"]
        assert sess.run(done) == 0
        assert sess.run(values).tolist() == [b"4", b"5"]
        assert sess.run(done) == 1
        assert [_base(k) for k in sess.run(keys)] == ["b:1"]  # the empty file c is skipped
        with pytest.raises(errors.OutOfRangeError, match="is closed and has insufficient"):
            sess.run(values)
        with pytest.raises(errors.InvalidArgumentError,
                           match="num_records must be greater than 0"):
            sess.run(reader.read_up_to(q, 0))


def test_whole_file_and_identity_readers(tmp_path):
    files = _files(tmp_path, w1=b"first", w2=b"")
    q, fill, close = _queue([files["w1"], files["w2"]])
    whole = tf.WholeFileReader()
    key, value = whole.read(q)
    q2, fill2, close2 = _queue(["work-a", "work-b"])
    ident = tf.IdentityReader()
    pairs = ident.read_up_to(q2, 5)
    with tf.Session() as sess:
        sess.run([fill, fill2])
        sess.run([close, close2])
        assert [(_base(k), v) for k, v in _drain(sess, [key, value])] == \
            [("w1", b"first"), ("w2", b"")]
        assert sess.run(whole.num_work_units_completed()) == 2
        assert sess.run(pairs)[0].tolist() == [b"work-a"]  # a work unit is one record
        assert sess.run(pairs).values.tolist() == [b"work-b"]


def test_fixed_length_records_hop_and_compression(tmp_path):
    body = b"HH" + bytes(range(10)) + b"F"
    files = _files(tmp_path, f=body, g=gzip.compress(body))
    q, fill, close = _queue([files["f"], files["g"]])
    plain = tf.FixedLengthRecordReader(3, header_bytes=2, footer_bytes=1, hop_bytes=2)
    key, value = plain.read(q)
    q2, fill2, close2 = _queue([files["g"]])
    zipped = tf.FixedLengthRecordReader(4, header_bytes=2, encoding="GZIP").read(q2)
    assert plain.reader_ref.op.get_attr("hop_bytes") == 2
    with tf.Session() as sess:
        sess.run([fill, fill2])
        sess.run([close])
        got = [(_base(k), v) for k, v in (sess.run([key, value]) for _ in range(4))]
        assert got == [("f:0", bytes([0, 1, 2])), ("f:1", bytes([2, 3, 4])),
                       ("f:2", bytes([4, 5, 6])), ("f:3", bytes([6, 7, 8]))]
        # the gzip file is read as raw bytes by a reader without encoding: no error, records
        assert len(sess.run(value)) == 3
        sess.run(close2)
        assert [v for _, v in _drain(sess, zipped)] == [bytes(range(4)), bytes(range(4, 8))]


def test_tfrecord_reader_keys_are_offsets(tmp_path):
    path = str(tmp_path / "r.gz")
    options = tf.python_io.TFRecordOptions("GZIP")
    with tf.python_io.TFRecordWriter(path, options) as writer:
        for r in (b"abc", b"", b"de"):
            writer.write(r)
    q, fill, close = _queue([path])
    key, value = tf.TFRecordReader(options=options).read(q)
    with tf.Session() as sess:
        sess.run(fill)
        sess.run(close)
        assert [(_base(k), v) for k, v in _drain(sess, [key, value])] == \
            [("r.gz:0", b"abc"), ("r.gz:19", b""), ("r.gz:35", b"de")]


def test_readers_belong_to_their_session_and_reset(tmp_path):
    files = _files(tmp_path, a=b"1\n2\n3\n")
    q = tf.FIFOQueue(10, tf.string, shared_name="names")
    fill = q.enqueue_many([[files["a"]] * 2])
    reader = tf.TextLineReader()
    value = reader.read(q).value
    produced = reader.num_records_produced()
    with tf.Session() as s1, tf.Session() as s2:
        s1.run(fill)
        s2.run(fill)
        assert [s1.run(value), s1.run(value)] == [b"1", b"2"]
        assert s2.run(value) == b"1"
        assert (s1.run(produced), s2.run(produced)) == (2, 1)
        s1.run(reader.reset())
        assert s1.run([produced, reader.num_work_units_completed()]) == [0, 0]
        assert s1.run(value) == b"1"  # the next file name, read from its start


def test_a_file_that_cannot_be_read_fails_once_and_is_skipped(tmp_path):
    files = _files(tmp_path, a=b"x\n")
    q, fill, close = _queue([str(tmp_path / "nope"), str(tmp_path), files["a"]])
    key, value = tf.TextLineReader().read(q)
    with tf.Session() as sess:
        sess.run(fill)
        sess.run(close)
        with pytest.raises(errors.NotFoundError, match="nope; No such file or directory"):
            sess.run(value)
        with pytest.raises(errors.FailedPreconditionError, match="; Is a directory"):
            sess.run(value)
        assert sess.run(value) == b"x"


@pytest.mark.parametrize("dtypes,shapes,element,message", [
    ([tf.string, tf.string], None, ["a", "b"], "Expected single component queue"),
    (tf.int32, None, 3, "Expected queue with single string component"),
    (tf.string, [[2]], [["a", "b"]], "Expected to dequeue a one-element string tensor"),
])
def test_queues_that_hold_no_file_names(dtypes, shapes, element, message):
    q = tf.FIFOQueue(2, dtypes, shapes=shapes)
    fill = q.enqueue(element)
    value = tf.TextLineReader().read(q).value
    with tf.Session() as sess:
        sess.run(fill)
        with pytest.raises(errors.InvalidArgumentError, match=message):
            sess.run(value)


def test_read_write_and_matching_files(tmp_path):
    files = _files(tmp_path, **{"b.txt": b"bee", "a.txt": b"ay", "c.csv": b"sea"})
    written = tf.write_file(str(tmp_path / "sub" / "d.txt"), "dee")
    read = tf.read_file(files["b.txt"])
    one = tf.matching_files(str(tmp_path / "*.txt"))
    many = tf.matching_files([str(tmp_path / "*.csv"), str(tmp_path / "a*")])
    assert (written.name, written.inputs[0].op.name, read.op.name, one.op.type) == \
        ("WriteFile", "WriteFile/filename", "ReadFile", "MatchingFiles")
    assert one.shape.as_list() == [None] and read.shape.as_list() == []
    with tf.Session() as sess:
        sess.run(written)
        assert (tmp_path / "sub" / "d.txt").read_bytes() == b"dee"
        assert sess.run(read) == b"bee"
        assert [_base(m) for m in sess.run(one)] == ["a.txt", "b.txt"]
        assert [_base(m) for m in sess.run(many)] == ["a.txt", "c.csv"]
        (tmp_path / "b.txt").write_bytes(b"changed")
        assert sess.run(read) == b"changed"  # files are read again on every run
        assert sess.run(tf.matching_files(str(tmp_path / "zz*"))).shape == (0,)
        with pytest.raises(errors.NotFoundError, match="No such file or directory"):
            sess.run(tf.read_file(str(tmp_path / "nope")))
    with pytest.raises(ValueError, match="Shape must be at most rank 1 but is rank 2"):
        tf.matching_files(np.array([["a"]]))


def test_match_filenames_once_is_a_local_variable(tmp_path):
    _files(tmp_path, **{"x1.txt": b"", "x2.txt": b""})
    names = tf.train.match_filenames_once(str(tmp_path / "x*.txt"))
    assert names.op.name == "matching_filenames"
    assert names.initial_value.op.name == "matching_filenames/MatchingFiles"
    assert tf.local_variables() == [names] and tf.global_variables() == []
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        (tmp_path / "x3.txt").write_bytes(b"")
        assert [_base(n) for n in sess.run(names)] == ["x1.txt", "x2.txt"]
