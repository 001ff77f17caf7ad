"""decode_csv, decode_raw, parse_example and parse_single_example beyond the golden cases:
TF's number syntax, quoting corner cases, shapes, Example wire-format variants (unpacked
lists, negative ints, repeated keys, empty features), sequence features, feature-spec
errors and run-time errors. Serialized Examples are built by hand (wire format) or with
tf.train.Example."""
import re
import struct

import numpy as np
import pytest

import minitf as tf
from minitf.framework import errors


def _run(fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


# ---- decode_csv

@pytest.mark.parametrize("text,value", [
    (" 2.5 ", 2.5), (".5", 0.5), ("5.", 5.0), ("+.5e-3", 0.0005), ("0x1p3", 8.0),
    ("0X1A", 26.0), ("INF", np.inf), ("Infinity", np.inf), ("-inf", -np.inf), ("1e50", np.inf),
    ("1e-50", 0.0), ("\t3", 3.0)])
def test_csv_float_syntax(text, value):
    assert _run(tf.decode_csv([text], [[0.0]], use_quote_delim=False))[0][0] == np.float32(value)


@pytest.mark.parametrize("text", ["1e", "--1", "1d", "1_0", "nan(1)", "1,5"])
def test_csv_bad_floats(text):
    out = tf.decode_csv(['"' + text + '"'], [[0.0]])
    with pytest.raises(errors.InvalidArgumentError,
                       match=re.escape(f"is not a valid float: {text}")):
        _run(out)


def test_csv_ints_doubles_and_nan():
    a, b, c = tf.decode_csv(["\t3 ,2147483647,1e50", "-7,-2147483648,nan"],
                            [[0], [np.int64(0)], tf.constant([0], tf.float64)])
    assert (a.dtype, b.dtype, c.dtype) == (tf.int32, tf.int32, tf.float64)
    va, vb, vc = _run([a, b, c])
    assert va.tolist() == [3, -7] and vb.tolist() == [2147483647, -2147483648]
    assert vc[0] == 1e50 and np.isnan(vc[1])
    with pytest.raises(errors.InvalidArgumentError, match="is not a valid int32: 2147483648"):
        _run(tf.decode_csv(["2147483648"], [[0]]))
    assert _run(tf.decode_csv(["9223372036854775807"], [tf.constant([0], tf.int64)]))[0][0] == \
        2 ** 63 - 1


def test_csv_quotes_line_breaks_and_shapes():
    records = [['"a\nb",1'], ['\n"x""y",2']]
    s, n = tf.decode_csv(records, [[""], [0]])
    assert s.shape.as_list() == [2, 1] and n.op.inputs[0].op.name == "DecodeCSV/records"
    vs, vn = _run([s, n])
    assert vs.tolist() == [[b"a\nb"], [b'x"y']] and vn.tolist() == [[1], [2]]
    p = tf.placeholder(tf.string)
    (out,) = tf.decode_csv(p, [[0]])
    assert out.shape.ndims is None
    assert _run(out, {p: "5"}) == 5
    assert _run(tf.decode_csv([","], [[1], ["d"]]))[1].tolist() == [b"d"]


def test_csv_select_cols():
    a, b = tf.decode_csv(["1,x,3,4,5"], [[0], [0]], select_cols=[0, 3])
    assert _run([a, b]) == [[1], [4]]
    with pytest.raises(errors.InvalidArgumentError, match="Expect 2 fields but have 1"):
        _run(tf.decode_csv(["1,2,3"], [[0], [0]], select_cols=[1, 3]))
    with pytest.raises(ValueError, match="select_cols contains negative values."):
        tf.decode_csv(["1"], [[0]], select_cols=[-1])
    with pytest.raises(ValueError, match="Length of select_cols and record_defaults do not"):
        tf.decode_csv(["1,2"], [[0]], select_cols=[0, 1])


def test_csv_defaults_checked_when_running():
    d = tf.placeholder(tf.int32)
    (out,) = tf.decode_csv(["1"], [d])
    with pytest.raises(errors.InvalidArgumentError,
                       match="There should only be 1 default per field but field 0 has 2"):
        _run(out, {d: [1, 2]})
    with pytest.raises(ValueError, match="Shape must be at most rank 1 but is rank 2"):
        tf.decode_csv(["1"], [[[0]]])
    with pytest.raises(TypeError, match="DataType bool not in list of allowed values"):
        tf.decode_csv(["1"], [[True]])


# ---- decode_raw

def test_decode_raw_types_and_shapes():
    values = np.array([[1.5, -2.0], [3.25, 0.0]])
    raw = tf.decode_raw([v.tobytes() for v in values], tf.float64)
    assert raw.shape.as_list() == [2, None] and raw.op.inputs[0].op.name == "DecodeRaw/bytes"
    np.testing.assert_array_equal(_run(raw), values)
    c = np.array([1 + 2j], np.complex64)
    assert _run(tf.decode_raw(bytes=c.tobytes(), out_type=tf.complex64)).tolist() == [1 + 2j]
    be = tf.decode_raw(np.array([1, -2], ">i8").tobytes(), tf.int64, little_endian=False)
    assert _run(be).tolist() == [1, -2]
    assert _run(tf.decode_raw([b"", b""], tf.uint8)).shape == (2, 0)
    with pytest.raises(TypeError, match="DataType string not in list of allowed values"):
        tf.decode_raw(b"ab", tf.string)


# ---- Examples

def _varint(n):
    n &= (1 << 64) - 1
    out = bytearray()
    while True:
        out.append(n & 0x7F | (0x80 if n > 0x7F else 0))
        n >>= 7
        if not n:
            return bytes(out)


def _field(number, payload):
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _example(*entries):
    """A serialized Example from (key, Feature bytes) map entries, in order."""
    features = b"".join(_field(1, _field(1, k.encode()) + _field(2, f)) for k, f in entries)
    return _field(1, features)


def _ints_unpacked(*values):
    return _field(3, b"".join(_varint(1 << 3) + _varint(v) for v in values))


def _floats_unpacked(*values):
    return _field(2, b"".join(_varint(1 << 3 | 5) + struct.pack("<f", v) for v in values))


def test_wire_format_variants():
    serialized = [
        _example(("i", _ints_unpacked(5, -3)), ("f", _floats_unpacked(0.5, 2.0)),
                 ("i", _ints_unpacked(7))),  # the last entry of a key wins
        _example(("i", b""), ("f", _field(2, _field(1, struct.pack("<2f", 1.0, -1.0))))),
    ]
    out = tf.parse_example(serialized, {"i": tf.VarLenFeature(tf.int64),
                                        "f": tf.FixedLenFeature([2], tf.float32)})
    i, f = _run([out["i"], out["f"]])
    assert i.indices.tolist() == [[0, 0]] and i.values.tolist() == [7]
    assert i.dense_shape.tolist() == [2, 1]
    assert f.tolist() == [[0.5, 2.0], [1.0, -1.0]]
    big = _example(("i", _field(3, _field(1, _varint(-(2 ** 63)) + _varint(2 ** 63 - 1)))))
    assert _run(tf.parse_single_example(big, {"i": tf.FixedLenFeature([2], tf.int64)})["i"]) \
        .tolist() == [-(2 ** 63), 2 ** 63 - 1]


def test_built_examples_sequences_and_defaults():
    ex = tf.train.Example()
    ex.features.feature["seq"].float_list.value.extend([1, 2, 3, 4])
    ex.features.feature["s"].bytes_list.value.append(b"hi")
    other = tf.train.Example()
    other.features.feature["seq"].float_list.value.extend([9, 8])
    feats = {"seq": tf.FixedLenSequenceFeature([2], tf.float32, allow_missing=True),
             "s": tf.FixedLenFeature([], tf.string, default_value="none"),
             "n": tf.FixedLenSequenceFeature([], tf.int64, allow_missing=True, default_value=-1)}
    out = tf.parse_example([ex.SerializeToString(), other.SerializeToString()], feats)
    assert out["seq"].shape.as_list() == [2, None, 2] and out["n"].shape.as_list() == [2, None]
    seq, s, n = _run([out["seq"], out["s"], out["n"]])
    assert seq.tolist() == [[[1, 2], [3, 4]], [[9, 8], [0, 0]]]
    assert s.tolist() == [b"hi", b"none"] and n.shape == (2, 0)
    single = tf.parse_single_example(other.SerializeToString(), feats)
    assert single["seq"].shape.as_list() == [None, 2]
    assert _run(single["seq"]).tolist() == [[9, 8]]
    assert _run(single["n"]).shape == (0,)


def test_parse_example_graph():
    out = tf.parse_example(tf.placeholder(tf.string, [None]),
                           {"b": tf.VarLenFeature(tf.int64),
                            "a": tf.FixedLenFeature([2], tf.float32, default_value=[1, 2])})
    op = out["a"].op
    assert (op.type, op.name, op.get_attr("Nsparse"), op.get_attr("Ndense")) == \
        ("ParseExample", "ParseExample/ParseExample", 1, 1)
    assert [t.op.name for t in op.inputs[1:]] == [
        "ParseExample/ParseExample/names", "ParseExample/ParseExample/sparse_keys_0",
        "ParseExample/ParseExample/dense_keys_0", "ParseExample/Reshape"]
    assert out["a"].shape.as_list() == [None, 2]
    assert out["b"].indices.shape.as_list() == [None, 2]
    single = tf.parse_single_example("", {"a": tf.FixedLenFeature([], tf.int64)})["a"]
    assert (single.op.type, single.op.name, single.op.get_attr("dense_keys")) == \
        ("ParseSingleExample", "ParseSingleExample/ParseSingleExample", ["a"])
    assert repr(tf.VarLenFeature(tf.string)) == "VarLenFeature(dtype=tf.string)"


def test_parse_single_example_with_example_names():
    ex = tf.train.Example()
    ex.features.feature["v"].int64_list.value.extend([4, 5])
    out = tf.parse_single_example(ex.SerializeToString(),
                                  {"v": tf.VarLenFeature(tf.int64),
                                   "d": tf.FixedLenFeature([], tf.int64, default_value=0)},
                                  example_names="mine")
    assert out["d"].op.name == "ParseSingleExample/Squeeze_d"
    v, d = _run([out["v"], out["d"]])
    assert v.indices.tolist() == [[0], [1]] and v.dense_shape.tolist() == [2] and d == 0
    bad = tf.parse_single_example(b"", {"d": tf.FixedLenFeature([], tf.int64)},
                                  example_names="mine")
    with pytest.raises(errors.InvalidArgumentError,
                       match="Name: mine, Feature: d \\(data type: int64\\) is required"):
        _run(bad)


@pytest.mark.parametrize("features,error,message", [
    ({}, ValueError, "Missing: features was {}."),
    ({"a": tf.FixedLenFeature([None], tf.float32)}, ValueError,
     "First dimension of shape for feature a unknown. Consider using FixedLenSequenceFeature."),
    ({"a": tf.FixedLenFeature([2, None], tf.float32)}, ValueError,
     "All dimensions of shape for feature a need to be known"),
    ({"a": tf.FixedLenSequenceFeature([], tf.float32)}, ValueError,
     "FixedLenSequenceFeature requires allow_missing to be True."),
    ({"a": 3}, ValueError, "Invalid feature a:3."),
    ({"a": tf.VarLenFeature(None)}, ValueError, "Missing type for feature a."),
    ({"a": tf.FixedLenFeature([], tf.int32)}, TypeError, "DataType int32 not in list"),
])
def test_feature_spec_errors(features, error, message):
    with pytest.raises(error, match=re.escape(message)):
        tf.parse_example(["x"], features)


@pytest.mark.parametrize("example,features,message", [
    (_example(("v", _ints_unpacked(1))), {"v": tf.VarLenFeature(tf.string)},
     "Key: v, Index: 0.  Data types don't match. Expected type: string, Actual type: int64"),
    (_example(("v", _field(2, b"\x0d\x00"))), {"v": tf.VarLenFeature(tf.float32)},
     "Name: <unknown>, Key: v, Index: 0.  Can't parse serialized Example."),
    (_example(("v", _floats_unpacked(1.0))),
     {"v": tf.FixedLenSequenceFeature([2], tf.float32, allow_missing=True)},
     "Number of float values is not a multiple of stride length. Saw 1 values but output "
     "shape is: [?,2]"),
])
def test_parse_example_run_errors(example, features, message):
    out = tf.parse_example([example], features)
    with pytest.raises(errors.InvalidArgumentError) as e:
        _run(out)
    assert message in str(e.value)


def test_parse_single_example_run_errors():
    ex = _example(("v", _floats_unpacked(1.0, 2.0)))
    for features, message in (
            ({"v": tf.FixedLenFeature([3], tf.float32)}, "Key: v.  Can't parse serialized "
                                                         "Example."),
            ({"v": tf.FixedLenFeature([2], tf.int64)},
             "Key: v.  Data types don't match. Data type: float but expected type: int64"),
            ({"w": tf.FixedLenFeature([1], tf.float32)},
             "Feature: w (data type: float) is required but could not be found.")):
        with pytest.raises(errors.InvalidArgumentError) as e:
            _run(tf.parse_single_example(ex, features))
        assert message in str(e.value)
    with pytest.raises(ValueError, match="Shape must be rank 0 but is rank 1"):
        tf.parse_single_example([ex], {"v": tf.VarLenFeature(tf.float32)})
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 0"):
        tf.parse_example(ex, {"v": tf.VarLenFeature(tf.float32)})


# ---- SequenceExamples

def _sequence(tokens, label):
    seq = tf.train.SequenceExample()
    seq.context.feature["label"].int64_list.value.append(label)
    for t in tokens:
        seq.feature_lists.feature_list["tokens"].feature.add().int64_list.value.append(t)
    return seq.SerializeToString()


def test_parse_single_sequence_example_graph_and_values():
    context, lists = tf.parse_single_sequence_example(
        _sequence([3, 1, 4], 1), {"label": tf.FixedLenFeature([], tf.int64)},
        {"tokens": tf.FixedLenSequenceFeature([], tf.int64),
         "gone": tf.FixedLenSequenceFeature([2], tf.float32, allow_missing=True),
         "sparse": tf.VarLenFeature(tf.string)}, example_name="ex")
    op = context["label"].op
    assert (op.type, op.name) == ("ParseSingleSequenceExample",
                                  "ParseSingleSequenceExample/ParseSingleSequenceExample")
    assert [t.op.name.rpartition("/")[2] for t in op.inputs] == [
        "serialized", "feature_list_dense_missing_assumed_empty", "context_dense_keys_0",
        "feature_list_sparse_keys_0", "feature_list_dense_keys_0", "feature_list_dense_keys_1",
        "Const", "debug_name"]
    assert lists["gone"].shape.as_list() == [None, 2] and context["label"].shape.ndims == 0
    label, tokens, gone, sparse = _run([context["label"], lists["tokens"], lists["gone"],
                                        lists["sparse"]])
    assert (label, tokens.tolist(), gone.shape) == (1, [3, 1, 4], (0, 2))
    assert sparse.dense_shape.tolist() == [0, 0]
    missing = tf.parse_single_sequence_example(
        _sequence([1], 0), sequence_features={"nope": tf.VarLenFeature(tf.int64),
                                              "no": tf.FixedLenSequenceFeature([], tf.int64)},
        example_name="mine")[1]
    with pytest.raises(errors.InvalidArgumentError,
                       match="Name: mine, Feature list 'no' is required but could not be found"):
        _run(missing)


def test_parse_single_sequence_example_spec_errors():
    with pytest.raises(ValueError, match="Missing features."):
        tf.parse_single_sequence_example(_sequence([1], 0))
    with pytest.raises(ValueError, match="Unsupported FixedLenSequenceFeature"):
        tf.parse_single_sequence_example(
            "", context_features={"x": tf.FixedLenSequenceFeature([], tf.int64)})
    with pytest.raises(ValueError, match="Unsupported FixedLenFeature"):
        tf.parse_single_sequence_example(
            "", sequence_features={"x": tf.FixedLenFeature([], tf.int64)})
    with pytest.raises(ValueError, match=re.escape("feature_list_dense_defaults[x] must be None")):
        tf.parse_single_sequence_example("", sequence_features={
            "x": tf.FixedLenSequenceFeature([], tf.int64, allow_missing=True, default_value=0)})
    bad = tf.parse_single_sequence_example(b"\x0a\x05abc", {"x": tf.VarLenFeature(tf.int64)})
    with pytest.raises(errors.InvalidArgumentError,
                       match="Invalid protocol message input, example id: <unknown>"):
        _run(bad)


def test_sequence_examples_through_a_padded_batch(tmp_path):
    """TFRecords of SequenceExamples read, parsed and batched with dynamic_pad, as TF1's
    RNN tutorials feed variable-length sequences."""
    path = str(tmp_path / "seqs.tfrecord")
    data = [([5, 6, 7], 0), ([8], 1), ([9, 10], 1)]
    with tf.python_io.TFRecordWriter(path) as writer:
        for tokens, label in data:
            writer.write(_sequence(tokens, label))
    queue = tf.train.string_input_producer([path], num_epochs=1, shuffle=False)
    _, serialized = tf.TFRecordReader().read(queue)
    context, lists = tf.parse_single_sequence_example(
        serialized, {"label": tf.FixedLenFeature([], tf.int64)},
        {"tokens": tf.FixedLenSequenceFeature([], tf.int64)})
    length = tf.shape(lists["tokens"])[0]
    tokens, lengths, labels = tf.train.batch([lists["tokens"], length, context["label"]], 2,
                                             dynamic_pad=True, allow_smaller_final_batch=True)
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        first = sess.run([tokens, lengths, labels])
        second = sess.run([tokens, lengths, labels])
        with pytest.raises(errors.OutOfRangeError):
            sess.run(tokens)
        coord.request_stop()
        coord.join(threads)
    assert [v.tolist() for v in first] == [[[5, 6, 7], [8, 0, 0]], [3, 1], [0, 1]]
    assert [v.tolist() for v in second] == [[[9, 10]], [2], [1]]
