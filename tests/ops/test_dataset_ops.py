"""tf.data: element values and static structure of each transformation, iterators per
session, and the error paths (build time and run time)."""
import numpy as np
import pytest

import minitf as tf


def _all(element, init=None, feed=None, sess=None):
    """Every element until OutOfRangeError."""
    own = sess is None
    sess = sess or tf.Session()
    if init is not None:
        sess.run(init, feed)
    out = []
    try:
        while True:
            out.append(sess.run(element))
    except tf.errors.OutOfRangeError as e:
        assert "End of sequence" in e.message
    if own:
        sess.close()
    return out


def test_structure_and_static_shapes():
    ds = tf.data.Dataset.from_tensor_slices({"a": np.zeros((4, 3), np.float32),
                                             "b": (np.arange(4), np.ones(4, np.bool_))})
    assert ds.output_types == {"a": tf.float32, "b": (tf.int64, tf.bool)}
    assert ds.output_shapes["a"].as_list() == [3]
    assert ds.output_classes["b"][1] is tf.Tensor
    assert tf.data.get_output_types(ds) == ds.output_types
    nxt = ds.batch(3).make_one_shot_iterator().get_next()
    assert nxt["a"].shape.as_list() == [None, 3]
    assert ds.batch(3, drop_remainder=True).output_shapes["a"].as_list() == [3, 3]
    values = _all(nxt)
    assert [v["a"].shape for v in values] == [(3, 3), (1, 3)]


def test_repeat_take_skip_range_and_empty_repeat():
    nxt = tf.data.Dataset.range(3).repeat(2).skip(1).take(4).make_one_shot_iterator().get_next()
    assert _all(nxt) == [1, 2, 0, 1]
    empty = tf.data.Dataset.range(0).repeat().make_one_shot_iterator().get_next()
    assert _all(empty) == []
    assert _all(tf.data.Dataset.range(5, 0, -2).make_one_shot_iterator().get_next()) == [5, 3, 1]


def test_shuffle_permutes_and_reshuffles():
    nxt = tf.data.Dataset.range(20).shuffle(5, seed=1).repeat(2).batch(20) \
        .make_one_shot_iterator().get_next()
    first, second = _all(nxt)
    assert sorted(first) == sorted(second) == list(range(20))
    assert list(first) != list(second)
    fixed = tf.data.Dataset.range(20).shuffle(5, seed=1, reshuffle_each_iteration=False) \
        .repeat(2).batch(20).make_one_shot_iterator().get_next()
    a, b = _all(fixed)
    np.testing.assert_array_equal(a, b)


def test_seeded_shuffle_order_is_tfs():
    # orders observed in TensorFlow: Philox draws, a fixed order from the seeds themselves,
    # each reshuffled pass from seeds drawn by a generator of the dataset's own
    once = tf.data.Dataset.range(10).shuffle(4, seed=7).make_one_shot_iterator().get_next()
    assert _all(once) == [0, 4, 2, 3, 5, 6, 1, 8, 7, 9]
    fixed = tf.data.Dataset.range(10).shuffle(10, seed=3, reshuffle_each_iteration=False) \
        .repeat(2).make_one_shot_iterator().get_next()
    assert _all(fixed) == [7, 2, 6, 8, 9, 1, 5, 3, 4, 0] * 2
    passes = tf.data.Dataset.range(6).shuffle(6, seed=2).repeat(3) \
        .make_one_shot_iterator().get_next()
    assert _all(passes) == [2, 3, 4, 5, 0, 1, 3, 4, 0, 5, 2, 1, 5, 3, 1, 0, 4, 2]


def test_one_shot_iterator_per_session():
    nxt = tf.data.Dataset.range(2).make_one_shot_iterator().get_next()
    assert _all(nxt) == [0, 1]
    assert _all(nxt) == [0, 1]  # a new session starts it again


def test_map_captures_variables_and_nested_fn_graph():
    w = tf.Variable(2.0)
    ds = tf.data.Dataset.from_tensor_slices(np.arange(3, dtype=np.float32))
    it = ds.map(lambda v: v * w).map(lambda v: (v, v + 1)).make_initializable_iterator()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out = _all(it.get_next(), it.initializer, sess=sess)
    assert out == [(0.0, 1.0), (2.0, 3.0), (4.0, 5.0)]


def test_padded_batch_and_zip():
    rows = tf.data.Dataset.range(1, 4).map(lambda n: tf.fill(tf.reshape(n, [1]), n))
    ds = tf.data.Dataset.zip({"r": rows, "n": tf.data.Dataset.range(10)})
    nxt = ds.padded_batch(2, padded_shapes={"r": [4], "n": []}, padding_values={"r": np.int64(-1),
                                                                                  "n": np.int64(0)})
    first, second = _all(nxt.make_one_shot_iterator().get_next())
    np.testing.assert_array_equal(first["r"], [[1, -1, -1, -1], [2, 2, -1, -1]])
    np.testing.assert_array_equal(second["n"], [2])


def test_padded_batch_errors():
    ds = tf.data.Dataset.range(1, 4).map(lambda n: tf.fill(tf.reshape(n, [1]), n))
    with pytest.raises(ValueError, match="is not compatible"):
        ds.padded_batch(2, padded_shapes=[])
    small = ds.padded_batch(2, padded_shapes=[1]).make_one_shot_iterator().get_next()
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError,
                                             match="pad to a smaller size"):
        sess.run(small)


def test_from_structure_type_and_shape_checks():
    it = tf.data.Iterator.from_structure(tf.float32, [None, 2])
    assert it.get_next().shape.as_list() == [None, 2]
    with pytest.raises(TypeError, match="Expected output types"):
        it.make_initializer(tf.data.Dataset.range(3))
    with pytest.raises(TypeError, match="Expected output shapes compatible"):
        it.make_initializer(tf.data.Dataset.from_tensors(np.zeros((2, 3), np.float32)))
    with pytest.raises(ValueError, match="does not have an initializer"):
        _ = it.initializer


def test_run_time_errors():
    with tf.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError, match="not been initialized"):
            sess.run(tf.data.Dataset.range(2).make_initializable_iterator().get_next())
        with pytest.raises(tf.errors.InvalidArgumentError, match="step must be a non-zero"):
            sess.run(tf.data.Dataset.range(0, 3, 0).make_one_shot_iterator().get_next())
        with pytest.raises(tf.errors.InvalidArgumentError, match="Batch size must be greater"):
            sess.run(tf.data.Dataset.range(3).batch(0).make_one_shot_iterator().get_next())
        x = tf.placeholder(tf.float32, [None])
        y = tf.placeholder(tf.float32, [None])
        it = tf.data.Dataset.from_tensor_slices((x, y)).make_initializable_iterator()
        with pytest.raises(tf.errors.InvalidArgumentError, match="same size in the 0th"):
            sess.run(it.initializer, {x: [1, 2], y: [1]})
        ragged = tf.data.Dataset.range(1, 3).map(lambda n: tf.fill(tf.reshape(n, [1]), n))
        with pytest.raises(tf.errors.InvalidArgumentError, match="Cannot batch tensors"):
            sess.run(ragged.batch(2).make_one_shot_iterator().get_next())


def test_build_time_errors():
    with pytest.raises(ValueError):
        tf.data.Dataset.from_tensor_slices(3.0)
    with pytest.raises(ValueError):
        tf.data.Dataset.from_tensor_slices((np.zeros(3), np.zeros(4)))
    with pytest.raises(ValueError, match="Invalid arguments to RangeDataset"):
        tf.data.Dataset.range()
    with pytest.raises(TypeError, match="must be a \\(nested\\) structure"):
        tf.data.Dataset.zip((tf.data.Dataset.range(2), 3))
    with pytest.raises(TypeError, match="must be callable"):
        tf.data.Dataset.range(2).map(3)
    with pytest.raises(ValueError, match="scalar boolean"):
        tf.data.Dataset.range(2).filter(lambda v: v)
    with pytest.raises(ValueError, match="Cannot capture a placeholder"):
        tf.data.Dataset.from_tensors(tf.placeholder(tf.float32)).make_one_shot_iterator()
    with pytest.raises(ValueError, match="same sequence length"):
        tf.data.Iterator.from_structure((tf.float32, tf.int32), ([2],))


def test_string_handle_and_lazy_import():
    it = tf.data.Dataset.range(1).make_one_shot_iterator()
    with tf.Session() as sess:
        assert sess.run(it.string_handle()) == b"OneShotIterator"
    assert tf.compat.v1.data.make_one_shot_iterator is tf.data.make_one_shot_iterator


# ---- file datasets and flat_map

def _next(dataset):
    return dataset.make_one_shot_iterator().get_next()


def test_text_line_dataset_files_and_compression(tmp_path):
    import gzip
    import zlib
    (tmp_path / "a.txt").write_bytes(b"l1\r\nl2\n\nl4")
    (tmp_path / "b.gz").write_bytes(gzip.compress(b"x\ny\n"))
    (tmp_path / "c.z").write_bytes(zlib.compress(b"z\n"))
    ds = tf.data.TextLineDataset([str(tmp_path / "a.txt")] * 2)
    assert (ds.output_types, ds.output_shapes.as_list()) == (tf.string, [])
    assert [op.name for op in tf.get_default_graph().get_operations()] == \
        ["filenames", "compression_type", "buffer_size", "TextLineDataset"]
    assert _all(_next(ds)) == [b"l1", b"l2", b"", b"l4"] * 2
    assert _all(_next(tf.data.TextLineDataset(str(tmp_path / "b.gz"), "GZIP"))) == \
        [b"x", b"y"]
    assert _all(_next(tf.data.TextLineDataset(str(tmp_path / "c.z"),
                                                    compression_type="ZLIB"))) == [b"z"]
    with tf.Session() as sess:
        with pytest.raises(tf.errors.NotFoundError, match="nope; No such file or directory"):
            sess.run(_next(tf.data.TextLineDataset(str(tmp_path / "nope"))))


def test_tfrecord_dataset_from_names_or_a_dataset(tmp_path):
    paths = [str(tmp_path / f"{i}.tfrecord") for i in range(2)]
    for i, path in enumerate(paths):
        with tf.python_io.TFRecordWriter(path, tf.python_io.TFRecordOptions("ZLIB")) as w:
            w.write(b"r%d" % i)
            w.write(b"")
    ds = tf.data.TFRecordDataset(paths, compression_type="ZLIB")
    assert isinstance(ds, tf.data.Dataset) and ds.output_types == tf.string
    assert _all(_next(ds)) == [b"r0", b"", b"r1", b""]
    names = tf.data.Dataset.from_tensor_slices(tf.constant(paths[::-1]))
    assert [v.tolist() for v in _all(_next(tf.data.TFRecordDataset(names, "ZLIB").map(
        lambda r: tf.stack([r, "!"]))))] == [[b"r1", b"!"], [b"", b"!"], [b"r0", b"!"],
                                              [b"", b"!"]]
    with pytest.raises(TypeError, match="`filenames` must be a `tf.data.Dataset` of "
                                        "`tf.string` elements."):
        tf.data.TFRecordDataset(tf.data.Dataset.range(2))
    with pytest.raises(ValueError, match="of scalar `tf.string` elements."):
        tf.data.TFRecordDataset(tf.data.Dataset.from_tensors(tf.constant([paths[0]])))


def test_fixed_length_record_dataset(tmp_path):
    (tmp_path / "f.bin").write_bytes(b"HH" + bytes(range(9)) + b"F")
    (tmp_path / "bad.bin").write_bytes(b"HH" + bytes(range(10)) + b"F")
    ds = tf.data.FixedLengthRecordDataset(str(tmp_path / "f.bin"), 3, header_bytes=2,
                                          footer_bytes=1)
    assert ds._variant_tensor.op.type == "FixedLengthRecordDatasetV2"
    assert _all(_next(ds)) == [bytes([0, 1, 2]), bytes([3, 4, 5]), bytes([6, 7, 8])]
    bad = _next(tf.data.FixedLengthRecordDataset(str(tmp_path / "bad.bin"), 3, 2, 1))
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="has body length 10 bytes, which is not an exact multiple "
                                 "of the record length \\(3 bytes\\)."):
            sess.run(bad)


def test_flat_map():
    ds = tf.data.Dataset.range(1, 4).flat_map(
        lambda n: tf.data.Dataset.from_tensor_slices(tf.fill([n], n)))
    assert ds._variant_tensor.op.type == "FlatMapDataset"
    assert _all(_next(ds)) == [1, 2, 2, 3, 3, 3]
    with pytest.raises(TypeError, match="`map_func` must return a `Dataset` object."):
        tf.data.Dataset.range(2).flat_map(lambda n: n)


def test_more_transformations_errors():
    with pytest.raises(TypeError, match="Two datasets to concatenate have different types"):
        tf.data.Dataset.range(3).concatenate(tf.data.Dataset.from_tensors(1.0))
    with pytest.raises(ValueError, match="Either the `window_size` argument or the "
                                         "`window_size_func` argument must be specified"):
        tf.data.experimental.group_by_window(lambda x: x, lambda k, w: w)
    with pytest.raises(ValueError, match="Either the `window_size` argument"):
        tf.data.experimental.group_by_window(lambda x: x, lambda k, w: w, 2, lambda k: k)
    with pytest.raises(ValueError, match="`key_func` must return a single tf.int64 tensor"):
        tf.data.Dataset.range(3).apply(tf.contrib.data.group_by_window(
            lambda x: tf.cast(x, tf.int32), lambda k, w: w, window_size=2))
    with pytest.raises(TypeError, match="`reduce_func` must return a `Dataset` object"):
        tf.data.Dataset.range(3).apply(tf.data.experimental.group_by_window(
            lambda x: x, lambda k, w: k, window_size=2))
    with pytest.raises(TypeError, match="`transformation_func` must return a Dataset"):
        tf.data.Dataset.range(3).apply(lambda d: 3)
    with pytest.raises(ValueError, match=r"len\(bucket_batch_sizes\) must equal "
                                         r"len\(bucket_boundaries\) \+ 1"):
        tf.data.experimental.bucket_by_sequence_length(lambda x: x, [3], [1])
    with pytest.raises(TypeError, match="`generator` must be callable"):
        tf.data.Dataset.from_generator(3, tf.int32)
    get_next = tf.data.Dataset.range(3).apply(tf.data.experimental.group_by_window(
        lambda x: x, lambda k, w: w, window_size_func=lambda k: k - 5)) \
        .make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="Window size must be greater than zero, but got -5"):
            sess.run(get_next)


def test_shuffle_and_repeat_and_map_and_batch():
    ds = tf.data.Dataset.range(6).apply(tf.contrib.data.shuffle_and_repeat(6, 2, seed=1))
    ds = ds.apply(tf.data.experimental.map_and_batch(lambda x: x * 2, 4))
    get_next = ds.make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        batches = [sess.run(get_next) for _ in range(3)]
    assert sorted(np.concatenate(batches).tolist()) == sorted(list(range(0, 12, 2)) * 2)
    with pytest.raises(ValueError, match="mutually exclusive"):
        tf.data.experimental.map_and_batch(lambda x: x, 2, num_parallel_batches=1,
                                           num_parallel_calls=1)


def test_unbatch_splits_elements_and_checks_batch_sizes():
    ds = tf.data.Dataset.from_tensor_slices((np.arange(12).reshape(3, 2, 2),
                                             np.arange(6.).reshape(3, 2))).unbatch()
    assert [s.as_list() for s in ds.output_shapes] == [[2], []]
    assert [op.type for op in tf.get_default_graph().get_operations()][-2:] == [
        "MapDataset", "UnbatchDataset"]
    rows = _all(ds.make_one_shot_iterator().get_next())
    assert [(list(a), b) for a, b in rows] == [([2 * i, 2 * i + 1], float(i)) for i in range(6)]
    rebatched = tf.data.Dataset.range(5).batch(2).apply(tf.data.experimental.unbatch()).batch(3)
    assert [list(b) for b in _all(rebatched.make_one_shot_iterator().get_next())] == [
        [0, 1, 2], [3, 4]]
    with pytest.raises(ValueError, match="Cannot unbatch an input with scalar components."):
        tf.data.Dataset.range(3).unbatch()
    with pytest.raises(ValueError, match="Cannot unbatch an input whose components have "
                                         "different batch sizes."):
        tf.data.Dataset.from_tensors((np.zeros([2]), np.zeros([3]))).unbatch()
    p, q = tf.placeholder(tf.int64, [None]), tf.placeholder(tf.int64, [None])
    it = tf.data.Dataset.from_tensors((p, q)).unbatch().make_initializable_iterator()
    with tf.Session() as sess:
        sess.run(it.initializer, {p: [1, 2], q: [1, 2, 3]})
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="Input element must have the same batch size in each "
                                 "component. Component 0 had size 2 but component 1 had "
                                 "size, 3."):
            sess.run(it.get_next())


def test_iterator_from_string_handle_switches_datasets():
    handle = tf.placeholder(tf.string, [])
    it = tf.data.Iterator.from_string_handle(handle, (tf.int64, tf.float32),
                                             (tf.TensorShape([]), tf.TensorShape([2])))
    nxt = it.get_next()
    assert [op.type for op in tf.get_default_graph().get_operations()] == [
        "Placeholder", "IteratorFromStringHandleV2", "IteratorToStringHandle", "IteratorGetNext"]
    assert [t.shape.as_list() for t in nxt] == [[], [2]]
    train = tf.data.Dataset.from_tensor_slices((np.arange(3), np.zeros((3, 2), np.float32)))
    valid = tf.data.Dataset.from_tensor_slices((np.arange(10, 12), np.ones((2, 2), np.float32)))
    train_it, valid_it = train.make_one_shot_iterator(), valid.make_initializable_iterator()
    scalars = tf.data.Dataset.range(3).make_one_shot_iterator()
    floats = tf.data.Dataset.from_tensors((np.zeros([], np.float32), np.zeros(2, np.float32))) \
        .make_one_shot_iterator()
    with tf.Session() as sess:
        t, v, bad, wrong = sess.run([train_it.string_handle(), valid_it.string_handle(),
                                     scalars.string_handle(), floats.string_handle()])
        sess.run(valid_it.initializer)
        assert [sess.run(nxt[0], {handle: h}) for h in (t, v, t, v)] == [0, 10, 1, 11]
        with pytest.raises(tf.errors.OutOfRangeError):
            sess.run(nxt, {handle: v})
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="Number of components does not match: expected 2 types but "
                                 "got 1."):
            sess.run(nxt, {handle: bad})
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="Data type mismatch at component 0: expected int64 but got "
                                 "float."):
            sess.run(nxt, {handle: wrong})
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="Could not parse string_handle as a valid ResourceHandle"):
            sess.run(nxt, {handle: b"nope"})
    with pytest.raises(ValueError, match="Iterator does not have an initializer."):
        it.initializer  # noqa: B018 - the property raises


def test_reduce_folds_elements_into_a_state():
    total = tf.data.Dataset.range(5).reduce(np.int64(0), lambda s, x: s + x)
    assert (total.name, total.shape.as_list()) == ("ReduceDataset:0", [])
    assert [op.name for op in tf.get_default_graph().get_operations()][-2:] == [
        "initial_state/normalize_element/component_0", "ReduceDataset"]
    pairs = tf.data.Dataset.from_tensor_slices((np.arange(4.), np.arange(4))).reduce(
        (np.float64(0.), np.int64(0)), lambda s, e: (s[0] + e[0], s[1] + tf.cast(e[1], tf.int64)))
    # a state whose shape changes is relaxed until the trace keeps it
    grown = tf.data.Dataset.range(4).reduce(tf.zeros([0], tf.int64),
                                            lambda s, x: tf.concat([s, [x]], 0))
    assert grown.shape.as_list() == [None]
    with tf.Session() as sess:
        got = sess.run([total, pairs, grown])
    assert got[0] == 10 and got[1] == (6.0, 6)
    np.testing.assert_array_equal(got[2], [0, 1, 2, 3])
    with pytest.raises(TypeError, match="The element types for the new state must match the "
                                        "initial state. Expected <dtype: 'float32'>; got "
                                        "<dtype: 'int64'>."):
        tf.data.Dataset.range(3).reduce(0., lambda s, x: x)
