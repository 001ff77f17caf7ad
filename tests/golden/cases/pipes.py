"""Golden cases: TF1 file input pipelines. decode_csv (types, defaults, quotes, na_value,
select_cols and its errors), decode_raw, TFRecord files byte for byte (none, GZIP, ZLIB) and
their read errors, the readers over files each case writes into a temporary folder (keys as
file base names), string_input_producer / slice_input_producer with num_epochs feeding
batch, dynamic_pad, allow_smaller_final_batch and shuffle_batch (values sorted: shuffled
orders are the implementation's own), parse_example / parse_single_example (dense, sparse,
sequence features and their errors), parse_single_sequence_example, Example bytes, and the
tf.data file datasets."""
import os
import tempfile

import numpy as np

from . import case, edit_graph


def _folder(files: dict) -> str:
    """A new temporary folder holding `files` (name -> bytes)."""
    folder = tempfile.mkdtemp()
    for name, data in files.items():
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
    return folder


def _base(key) -> str:
    """A reader's key with its folder dropped: `a.csv:2`."""
    return os.path.basename(key.decode() if isinstance(key, bytes) else key)


def _until_out_of_range(tf, sess, step, limit=40):
    """`step()` results until OutOfRangeError (then the string "OutOfRange")."""
    out = []
    try:
        for _ in range(limit):
            out.append(step())
    except tf.errors.OutOfRangeError:
        out.append("OutOfRange")
    return out


def _with_runners(tf, sess, step, limit=40):
    """`_until_out_of_range` with the graph's queue runners running under a coordinator."""
    sess.run(tf.local_variables_initializer())
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    try:
        return _until_out_of_range(tf, sess, step, limit)
    finally:
        coord.request_stop()
        coord.join(threads)


# ---- decode_csv and decode_raw

@case
def csv_types_defaults_quotes(tf, rng):
    records = ['1,2.5,"a,b",7', '3,,"say ""hi""",', ' 4 ,1e3,c,9', '2,-0.5,,1']
    return {"fetch": tf.decode_csv(records, [[0], [1.5], ["dflt"], [tf.constant(-1, tf.int64)]])}


@case
def csv_na_value_select_cols_delim(tf, rng):
    a = tf.decode_csv(["1;NA;x", "NA;5;y"], [[9], [8], ["z"]], field_delim=";", na_value="NA")
    b = tf.decode_csv([["1,2,3,4"], ["5,6,7,8"]], [[0.0], [tf.constant(0.0, tf.float64)]],
                      select_cols=[1, 3])
    c = tf.decode_csv('q"x,2', [["s"], [0]], use_quote_delim=False, name="raw_quotes")
    return {"fetch": {"a": a, "b": b, "c": c}}


def _csv_error(records, defaults, **kwargs):
    def fn(tf, rng):
        return {"fetch": tf.decode_csv(records, defaults, **kwargs)}
    return fn


for _name, _records, _defaults, _kwargs, _fragment in (
        ("csv_missing_required", ["3,,b"], [[0], [], ["x"]], {}, "is required but missing"),
        ("csv_field_count", ["1,2"], [[0], [1.0], ["x"]], {}, "Expect 3 fields but have 2"),
        ("csv_bad_int", ["1.0,2"], [[0], [0.0]], {}, "is not a valid int32: 1.0"),
        ("csv_bad_float", ["1,x"], [[0], [0.0]], {}, "is not a valid float: x"),
        ("csv_bad_int64", ["1e3"], [np.array([0], np.int64)], {}, "is not a valid int64: 1e3"),
        ("csv_quote_inside", ['1,"a"b,c'], [[0], [""], [""]], {},
         "Quote inside a string has to be escaped by another quote"),
        ("csv_unquoted_quote", ['1,a"b'], [[0], [""]], {},
         "Unquoted fields cannot have quotes/CRLFs inside"),
        ("csv_unterminated_quote", ['1,"ab'], [[0], [""]], {},
         "Quoted field has to end with quote followed by delim or end"),
        ("csv_long_delim", ["1,2"], [[0], [0]], {"field_delim": ";;"},
         "field_delim should be only 1 char")):
    case(name=_name, error=_fragment)(_csv_error(_records, _defaults, **_kwargs))


@case(error="select_cols is not strictly increasing.")
def csv_select_cols_order(tf, rng):
    tf.decode_csv(["1,2,3"], [[0], [0]], select_cols=[2, 1])


@case(error="Shape of a default must be a length-0 or length-1 vector, or a scalar.")
def csv_default_shape(tf, rng):
    tf.decode_csv(["1,2"], [[0], [0, 1]])


@case
def raw_bytes_as_numbers(tf, rng):
    f32 = np.arange(6, dtype=np.float32).tobytes()
    return {"fetch": {"f32": tf.decode_raw(f32, tf.float32),
                      "i16_be": tf.decode_raw([b"\x00\x01\xff\xfe", b"\x01\x00\x00\x02"],
                                              tf.int16, little_endian=False),
                      "u8": tf.decode_raw(tf.constant([[b"ab"], [b"cd"]]), tf.uint8)}}


@case(error="that is not a multiple of 4, the size of float")
def raw_length_not_a_multiple(tf, rng):
    return {"fetch": tf.decode_raw(b"abcde", tf.float32)}


@case(error="DecodeRaw requires input strings to all be the same size")
def raw_unequal_lengths(tf, rng):
    return {"fetch": tf.decode_raw([b"abcd", b"ab"], tf.uint8)}


# ---- TFRecord files

_RECORDS = [b"abc", b"", b"x" * 300, bytes(range(256))]


@case
def tfrecord_bytes(tf, rng):
    folder = tempfile.mkdtemp()

    def run(sess):
        out = {}
        for kind in ("", "GZIP", "ZLIB"):
            path = os.path.join(folder, f"r{kind}.tfrecord")
            options = tf.python_io.TFRecordOptions(kind) if kind else None
            with tf.python_io.TFRecordWriter(path, options) as writer:
                for r in _RECORDS:
                    writer.write(r)
            with open(path, "rb") as f:
                out[kind or "NONE"] = f.read()
            out[f"read_{kind or 'NONE'}"] = list(tf.python_io.tf_record_iterator(path, options))
        return out
    return {"run": run}


def _damaged(tf, change):
    """Records written by TF's writer, then damaged by `change(bytes) -> bytes`."""
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "r.tfrecord")

    def run(sess):
        with tf.python_io.TFRecordWriter(path) as writer:
            writer.write(b"abc")
            writer.write(b"defg")
        with open(path, "rb") as f:
            data = f.read()
        with open(path, "wb") as f:
            f.write(change(data))
        return list(tf.python_io.tf_record_iterator(path))
    return {"run": run}


@case(error="corrupted record at 12")
def tfrecord_corrupted_data(tf, rng):
    return _damaged(tf, lambda d: d[:13] + bytes([d[13] ^ 1]) + d[14:])


@case(error="corrupted record at 0")
def tfrecord_corrupted_length(tf, rng):
    return _damaged(tf, lambda d: d[:9] + bytes([d[9] ^ 1]) + d[10:])


@case(error="truncated record at 19")
def tfrecord_truncated(tf, rng):
    return _damaged(tf, lambda d: d[:-2])


@case
def tfrecord_partial_header_ends_the_file(tf, rng):
    return _damaged(tf, lambda d: d[:19 + 5])


# ---- readers

_CSV = b"x,y\n1,2\n3,4\r\n\n5,6"


@case
def text_line_reader_producer(tf, rng):
    folder = _folder({"a.csv": _CSV, "b.csv": b"x,y\n7,8\n"})
    files = [os.path.join(folder, "a.csv"), os.path.join(folder, "b.csv")]
    queue = tf.train.string_input_producer(files, num_epochs=2, shuffle=False)
    key, value = tf.TextLineReader(skip_header_lines=1).read(queue)

    def step(sess):
        k, v = sess.run([key, value])
        return _base(k) + "=" + v.decode()
    return {"fetch": [key, value], "run": lambda sess: _with_runners(tf, sess, lambda: step(sess)),
            "facts": {"queue": queue.name, "runners": [qr.name for qr in
                                                       tf.get_collection("queue_runners")],
                      "local": [v.name for v in tf.local_variables()],
                      "summaries": [s.name for s in tf.get_collection("summaries")]}}


@case
def read_up_to_stops_at_file_ends(tf, rng):
    folder = _folder({"a.txt": b"h1\nl1\r\nl2\n\nl4", "b.txt": b"m1\n", "c.txt": b""})
    files = [os.path.join(folder, n) for n in ("a.txt", "b.txt", "c.txt", "a.txt")]
    queue = tf.FIFOQueue(10, tf.string)
    fill = queue.enqueue_many([files])
    reader = tf.TextLineReader()
    keys, values = reader.read_up_to(queue, 3)
    produced, done = reader.num_records_produced(), reader.num_work_units_completed()

    def step(sess):
        ks, vs = sess.run([keys, values])
        return [_base(k) for k in ks] + [v.decode() for v in vs]

    def run(sess):
        sess.run(fill)
        sess.run(queue.close())
        out = _until_out_of_range(tf, sess, lambda: step(sess))
        return out, sess.run(produced), sess.run(done)
    return {"fetch": [keys, values, produced, done], "run": run}


@case
def whole_file_identity_fixed_length_readers(tf, rng):
    folder = _folder({"w1": b"first file", "w2": b"", "f.bin": b"HH" + bytes(range(10)) + b"F"})
    q1, q2, q3 = (tf.FIFOQueue(5, tf.string) for _ in range(3))
    fills = [q1.enqueue_many([[os.path.join(folder, "w1"), os.path.join(folder, "w2")]]),
             q2.enqueue_many([["work-a", "work-b"]]),
             q3.enqueue_many([[os.path.join(folder, "f.bin")] * 2])]
    whole = tf.WholeFileReader(name="whole").read(q1)
    ident = tf.IdentityReader().read(q2)
    fixed = tf.FixedLengthRecordReader(3, header_bytes=2, footer_bytes=1, hop_bytes=4)
    fixed_read = fixed.read(q3)
    reset = fixed.reset()

    def run(sess):
        sess.run(fills)
        sess.run([q.close() for q in (q1, q2, q3)])
        out = {"whole": [[_base(k), v] for k, v in (sess.run(whole) for _ in range(2))],
               "ident": [sess.run(ident) for _ in range(2)],
               "fixed": [[_base(k), v] for k, v in (sess.run(fixed_read) for _ in range(2))]}
        sess.run(reset)
        out["after_reset"] = [sess.run(fixed.num_records_produced()),
                              [_base(k) for k, _ in (sess.run(fixed_read) for _ in range(2))]]
        return out
    return {"fetch": [whole, ident, fixed_read, reset], "run": run,
            "facts": {"serialize": [tf.WholeFileReader().supports_serialize,
                                    tf.TextLineReader().supports_serialize]}}


@case
def tfrecord_reader_gzip(tf, rng):
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "r.tfrecord.gz")
    options = tf.python_io.TFRecordOptions(tf.python_io.TFRecordCompressionType.GZIP)
    with tf.python_io.TFRecordWriter(path, options) as writer:
        for r in _RECORDS[:3]:
            writer.write(r)
    queue = tf.train.string_input_producer([path], num_epochs=1)
    key, value = tf.TFRecordReader(options=options).read(queue)

    def step(sess):
        k, v = sess.run([key, value])
        return _base(k) + "=" + str(len(v))
    return {"fetch": [key, value],
            "run": lambda sess: _with_runners(tf, sess, lambda: step(sess))}


@case(error="No such file or directory")
def reader_missing_file(tf, rng):
    queue = tf.FIFOQueue(2, tf.string)
    fill = queue.enqueue(os.path.join(tempfile.mkdtemp(), "nope.csv"))
    key, _ = tf.TextLineReader().read(queue)
    return {"run": lambda sess: (sess.run(fill), sess.run(key))}


@case
def read_write_and_match_files(tf, rng):
    folder = _folder({"b.txt": b"bee", "a.txt": b"ay", "c.csv": b"sea"})
    written = tf.write_file(os.path.join(folder, "sub", "d.txt"), "dee")
    read = tf.read_file(os.path.join(folder, "b.txt"))
    matched = tf.matching_files([os.path.join(folder, "*.csv"), os.path.join(folder, "a*")])
    once = tf.train.match_filenames_once(os.path.join(folder, "*.txt"))

    def run(sess):
        sess.run([written, tf.local_variables_initializer()])
        with open(os.path.join(folder, "sub", "d.txt"), "rb") as f:
            d = f.read()
        return {"read": sess.run(read), "written": d,
                "matched": [_base(m) for m in sess.run(matched)],
                "once": [_base(m) for m in sess.run(once)]}
    return {"fetch": [written, read, matched, once], "run": run,
            "facts": {"local": [v.name for v in tf.local_variables()]}}


# ---- batching

@case
def slice_producer_batch_smaller_final(tf, rng):
    x = np.arange(10, dtype=np.float32).reshape(5, 2)
    y = np.arange(5, dtype=np.int64)
    xs, ys = tf.train.slice_input_producer([x, y], num_epochs=1, shuffle=False)
    bx, by = tf.train.batch([xs, ys], batch_size=2, allow_smaller_final_batch=True)
    return {"fetch": [bx, by],
            "run": lambda sess: _with_runners(tf, sess, lambda: sess.run([bx, by])),
            "facts": {"summaries": [s.name for s in tf.get_collection("summaries")],
                      "runners": [qr.name for qr in tf.get_collection("queue_runners")]}}


@case
def batch_without_smaller_final_batch(tf, rng):
    x = np.arange(5, dtype=np.int32)
    (xs,) = tf.train.slice_input_producer([x], num_epochs=1, shuffle=False)
    b = tf.train.batch({"x": xs}, batch_size=2, capacity=8, name="my_batch")
    return {"fetch": b, "run": lambda sess: _with_runners(tf, sess, lambda: sess.run(b))}


@case
def batch_dynamic_pad(tf, rng):
    lengths = np.array([1, 3, 2, 0, 2], dtype=np.int32)
    (n,) = tf.train.slice_input_producer([lengths], num_epochs=1, shuffle=False)
    seq = tf.range(n) + 1
    padded, size = tf.train.batch([seq, n], batch_size=2, dynamic_pad=True,
                                  allow_smaller_final_batch=True)
    return {"fetch": [padded, size],
            "run": lambda sess: _with_runners(tf, sess, lambda: sess.run([padded, size]))}


@case
def batch_enqueue_many_and_join(tf, rng):
    x = np.arange(12, dtype=np.float32).reshape(6, 2)
    many = tf.train.batch([tf.constant(x)], batch_size=4, enqueue_many=True)
    joined = tf.train.batch_join([[tf.constant(1)], [tf.constant(1)]], batch_size=3)
    return {"fetch": [many, joined], "run": lambda sess: _with_runners(
        tf, sess, lambda: [v.tolist() for v in sess.run([many, joined])], limit=2)}


@case
def maybe_batch_keeps_some(tf, rng):
    x = np.arange(8, dtype=np.int32)
    kept = tf.train.maybe_batch([tf.constant(x)], keep_input=tf.constant(x % 2 == 0),
                                batch_size=2, enqueue_many=True)
    return {"fetch": kept,
            "run": lambda sess: _with_runners(tf, sess, lambda: sorted(sess.run(kept).tolist()),
                                              limit=1)}


@case
def shuffle_batch_values_and_summary(tf, rng):
    x = np.arange(12, dtype=np.int32)
    (xs,) = tf.train.slice_input_producer([x], num_epochs=1, shuffle=False)
    b = tf.train.shuffle_batch([xs], batch_size=4, capacity=10, min_after_dequeue=3, seed=5,
                               allow_smaller_final_batch=True)

    def run(sess):
        got = _with_runners(tf, sess, lambda: sess.run(b).tolist())
        return sorted(v for batch in got[:-1] for v in batch), [len(g) for g in got[:-1]], got[-1]
    return {"fetch": b, "run": run,
            "facts": {"summaries": [s.name for s in tf.get_collection("summaries")]}}


@case(error="capacity 3 must be bigger than min_after_dequeue 3.")
def shuffle_batch_capacity(tf, rng):
    tf.train.shuffle_batch([tf.constant(1)], 2, capacity=3, min_after_dequeue=3)


@case(error="must be fully defined")
def batch_unknown_shape_needs_dynamic_pad(tf, rng):
    tf.train.batch([tf.placeholder(tf.float32, [None])], 2)


# ---- Examples

def _example(tf, **features):
    out = {}
    for key, values in features.items():
        if isinstance(values[0], bytes):
            out[key] = tf.train.Feature(bytes_list=tf.train.BytesList(value=values))
        elif isinstance(values[0], float):
            out[key] = tf.train.Feature(float_list=tf.train.FloatList(value=values))
        else:
            out[key] = tf.train.Feature(int64_list=tf.train.Int64List(value=values))
    example = tf.train.Example(features=tf.train.Features(feature=out))
    return example.SerializeToString(deterministic=True)


def _examples(tf):
    return [_example(tf, age=[3], x=[1.5, 2.5], kw=[b"a", b"bc"]),
            _example(tf, age=[-4], x=[0.5, 0.25], kw=[b"q"], seq=[1.0, 2.0, 3.0, 4.0]),
            _example(tf, x=[7.0, 8.0])]


# TF 2.x parses through ParseExampleV2 / ParseSequenceExampleV2 (keys as one vector input);
# TF 1.15 builds ParseExample, ParseSingleExample or ParseSingleSequenceExample, with the same
# outputs.
def _v1_parse(op_type):
    def patch(record):
        record["op_types"] = sorted({
            op_type if t in ("ParseExampleV2", "ParseSequenceExampleV2") else t
            for t in record["op_types"]})
    patch.__name__ = f"v1_{op_type}"
    return patch


@case(tf115=_v1_parse("ParseExample"))
def parse_example_dense_sparse_sequence(tf, rng):
    features = {"age": tf.FixedLenFeature([], tf.int64, default_value=-1),
                "x": tf.FixedLenFeature([2], tf.float32),
                "kw": tf.VarLenFeature(tf.string),
                "seq": tf.FixedLenSequenceFeature([2], tf.float32, allow_missing=True,
                                                  default_value=-1.0),
                "none": tf.VarLenFeature(tf.int64)}
    return {"fetch": tf.parse_example(_examples(tf), features), "names": False}


@case(tf115=_v1_parse("ParseSingleExample"))
def parse_single_example_features(tf, rng):
    features = {"age": tf.FixedLenFeature([1], tf.int64), "kw": tf.VarLenFeature(tf.string),
                "seq": tf.FixedLenSequenceFeature([], tf.float32, allow_missing=True),
                "zz": tf.FixedLenFeature([2], tf.string, default_value=["p", "q"])}
    return {"fetch": tf.parse_single_example(_examples(tf)[1], features), "names": False}


def _parse_error(features, index):
    def fn(tf, rng):
        feats = {k: (tf.FixedLenFeature(*v) if isinstance(v, tuple) else v(tf))
                 for k, v in features.items()}
        return {"fetch": tf.parse_example(_examples(tf)[index:], feats), "names": False}
    return fn


for _name, _features, _index, _fragment in (
        ("parse_missing_required", {"age": ([], "int64")}, 1,
         "Feature: age (data type: int64) is required but could not be found."),
        ("parse_type_mismatch", {"age": ([], "float32")}, 0,
         "Data types don't match. Data type: int64 but expected type: float"),
        ("parse_count_mismatch", {"x": ([3], "float32")}, 0,
         "Number of float values != expected.  Values size: 2 but output shape: [3]")):
    case(name=_name, error=_fragment, tf115=_v1_parse("ParseExample"))(
        _parse_error(_features, _index))


@case(error="Could not parse example input, value: 'abc'", tf115=_v1_parse("ParseExample"))
def parse_garbage(tf, rng):
    return {"fetch": tf.parse_example([b"abc"], {"a": tf.VarLenFeature(tf.int64)}),
            "names": False}


def _sequence_example(tf):
    seq = tf.train.SequenceExample()
    seq.context.feature["length"].int64_list.value.append(3)
    seq.context.feature["name"].bytes_list.value.append(b"s1")
    for t in (4, 5, 6):
        seq.feature_lists.feature_list["tokens"].feature.add().int64_list.value.append(t)
    for v in ((1.0, 2.0), (3.0, 4.0), (5.0, 6.0)):
        seq.feature_lists.feature_list["vec"].feature.add().float_list.value.extend(v)
    rag = seq.feature_lists.feature_list["rag"]
    rag.feature.add().bytes_list.value.extend([b"a", b"b"])
    rag.feature.add()
    rag.feature.add().bytes_list.value.append(b"c")
    return seq.SerializeToString(deterministic=True)


@case(tf115=_v1_parse("ParseSingleSequenceExample"))
def parse_single_sequence_example_features(tf, rng):
    context = {"length": tf.FixedLenFeature([], tf.int64), "name": tf.VarLenFeature(tf.string),
               "missing": tf.FixedLenFeature([2], tf.float32, default_value=[0.5, 1.5])}
    sequence = {"tokens": tf.FixedLenSequenceFeature([], tf.int64),
                "vec": tf.FixedLenSequenceFeature([2], tf.float32),
                "rag": tf.VarLenFeature(tf.string),
                "absent": tf.FixedLenSequenceFeature([3], tf.int64, allow_missing=True),
                "absent_sparse": tf.VarLenFeature(tf.float32)}
    return {"fetch": tf.parse_single_sequence_example(_sequence_example(tf), context, sequence),
            "names": False}


def _sequence_error(sequence_features):
    def fn(tf, rng):
        out = tf.parse_single_sequence_example(_sequence_example(tf),
                                               sequence_features=sequence_features(tf))
        return {"fetch": out, "names": False}
    return fn


for _name, _features, _fragment in (
        ("sequence_missing_feature_list",
         lambda tf: {"nope": tf.FixedLenSequenceFeature([], tf.int64)},
         "Feature list 'nope' is required but could not be found."),
        ("sequence_type_mismatch",
         lambda tf: {"tokens": tf.FixedLenSequenceFeature([], tf.float32)},
         "Feature list: tokens, Index: 0.  Data types don't match. Expected type: float"),
        ("sequence_count_mismatch",
         lambda tf: {"vec": tf.FixedLenSequenceFeature([3], tf.float32)},
         "Key: vec, Index: 0.  Number of values != expected.  values size: 2 but output "
         "shape: [3]")):
    case(name=_name, error=_fragment, tf115=_v1_parse("ParseSingleSequenceExample"))(
        _sequence_error(_features))


@case
def example_bytes(tf, rng):
    seq = tf.train.SequenceExample()
    seq.context.feature["n"].int64_list.value.append(2)
    frames = seq.feature_lists.feature_list["frames"]
    frames.feature.add().float_list.value.extend([0.5, 1.5])
    frames.feature.add().bytes_list.value.append(b"z")
    return {"facts": {"example": _examples(tf)[1].decode("latin-1"),
                      "sequence": seq.SerializeToString(deterministic=True).decode("latin-1"),
                      "names": [type(seq).DESCRIPTOR.full_name,
                                tf.train.Feature.DESCRIPTOR.full_name]}}


# ---- tf.data file datasets

def _drain(tf, sess, element):
    return _until_out_of_range(tf, sess, lambda: sess.run(element))


# TF 2.x reads text and fixed-length files through a flat_map over the file names (as it does
# TFRecord files); TF 1.15 makes one TextLineDataset / FixedLengthRecordDatasetV2 op of them.
_FLAT_MAP = ("Const (Const)", "flat_filenames/shape (Const)", "flat_filenames (Reshape)",
             "TensorSliceDataset (TensorSliceDataset)")


@case(tf115=edit_graph(drop=_FLAT_MAP[1:], retype={
    "Const (Const)": "filenames (Const)",
    "FlatMapDataset (FlatMapDataset)": "TextLineDataset (TextLineDataset)"},
    insert_after={"Const (Const)": ["compression_type (Const)", "buffer_size (Const)"]}))
def text_line_dataset(tf, rng):
    folder = _folder({"a.txt": b"l1\r\nl2\n\nl4", "b.txt": b"m\n"})
    ds = tf.data.TextLineDataset([os.path.join(folder, "a.txt"), os.path.join(folder, "b.txt")])
    element = ds.make_one_shot_iterator().get_next()
    return {"fetch": element, "run": lambda sess: _drain(tf, sess, element),
            "facts": {"types": repr(ds.output_types), "shapes": repr(ds.output_shapes)}}


@case
def tfrecord_dataset(tf, rng):
    folder = tempfile.mkdtemp()
    paths = [os.path.join(folder, f"{i}.tfrecord") for i in range(2)]
    for i, path in enumerate(paths):
        with tf.python_io.TFRecordWriter(path) as writer:
            for r in _RECORDS[i:i + 2]:
                writer.write(r)
    element = tf.data.TFRecordDataset(paths).make_one_shot_iterator().get_next()
    return {"fetch": element, "run": lambda sess: _drain(tf, sess, element)}


@case(tf115=edit_graph(drop=_FLAT_MAP[1:], retype={
    "Const (Const)": "filenames (Const)",
    "FlatMapDataset (FlatMapDataset)": "FixedLengthRecordDatasetV2 (FixedLengthRecordDatasetV2)"},
    insert_after={"Const (Const)": ["header_bytes (Const)", "record_bytes (Const)",
                                        "footer_bytes (Const)", "buffer_size (Const)",
                                        "compression_type (Const)"]}))
def fixed_length_record_dataset(tf, rng):
    folder = _folder({"f.bin": b"HH" + bytes(range(9)) + b"F"})
    ds = tf.data.FixedLengthRecordDataset(os.path.join(folder, "f.bin"), 3, header_bytes=2,
                                          footer_bytes=1)
    element = ds.make_one_shot_iterator().get_next()
    return {"fetch": element, "run": lambda sess: _drain(tf, sess, element)}
