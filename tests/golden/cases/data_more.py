"""Golden cases: more of tf.data — `concatenate`, `shard`, `cache`, `interleave`, `apply`,
`from_generator`, and `tf.data.experimental.group_by_window` / `bucket_by_sequence_length`
(what NMT-style pipelines batch with). Values are every element of one pass (then a second
pass where it matters), read through a one-shot iterator until OutOfRangeError."""
import numpy as np

from . import case


def _drain(tf, dataset, passes=1):
    """A `run` reading every element of `passes` passes (the dataset repeated)."""
    get_next = dataset.repeat(passes).make_one_shot_iterator().get_next()

    def run(sess):
        out = []
        while True:
            try:
                out.append(sess.run(get_next))
            except tf.errors.OutOfRangeError:
                return out
    return run


@case
def concatenate_shard(tf, rng):
    a = tf.data.Dataset.range(10).shard(3, 1)
    b = tf.data.Dataset.from_tensor_slices(np.array([100, 101], np.int64))
    ds = a.concatenate(b)
    return {"run": _drain(tf, ds), "facts": {"types": repr(ds.output_types),
                                             "shapes": repr(ds.output_shapes)}}


@case
def cache_repeat(tf, rng):
    ds = tf.data.Dataset.range(4).map(lambda x: x * 10).cache()
    return {"run": _drain(tf, ds, passes=2)}


@case
def interleave_blocks(tf, rng):
    ds = tf.data.Dataset.range(1, 5).interleave(
        lambda x: tf.data.Dataset.from_tensors(x).repeat(x), cycle_length=2, block_length=2)
    return {"run": _drain(tf, ds), "facts": {"shapes": repr(ds.output_shapes)}}


@case
def group_by_window(tf, rng):
    ds = tf.data.Dataset.range(11).apply(tf.data.experimental.group_by_window(
        lambda x: x % 3, lambda key, window: window.batch(3).map(lambda b: (key, b)),
        window_size=3))
    return {"run": _drain(tf, ds), "names": False,
            "facts": {"types": repr(ds.output_types)}}


@case
def bucket_by_sequence_length(tf, rng):
    lengths = [1, 5, 2, 7, 3, 8, 2, 1, 4, 6]
    rows = np.zeros((len(lengths), 8), np.int32)
    for i, n in enumerate(lengths):
        rows[i, :n] = np.arange(1, n + 1)
    ds = tf.data.Dataset.from_tensor_slices((rows, np.array(lengths, np.int32)))
    ds = ds.map(lambda row, n: row[:n])
    ds = ds.apply(tf.data.experimental.bucket_by_sequence_length(
        lambda x: tf.size(x), [3, 6], [2, 3, 2]))
    return {"run": _drain(tf, ds), "names": False,
            "facts": {"shapes": repr(ds.output_shapes)}}


@case
def bucket_by_sequence_length_to_boundary(tf, rng):
    ds = tf.data.Dataset.from_tensor_slices(np.arange(1, 7, dtype=np.int64)).map(
        lambda n: tf.range(n))
    ds = ds.apply(tf.data.experimental.bucket_by_sequence_length(
        lambda x: tf.size(x), [3, 8], [2, 2, 2],
        pad_to_bucket_boundary=True, padding_values=np.int64(-1)))
    return {"run": _drain(tf, ds), "names": False}


@case
def from_generator(tf, rng):
    def gen():
        for i in range(4):
            yield i, [float(i)] * i
    ds = tf.data.Dataset.from_generator(gen, (tf.int64, tf.float32),
                                        (tf.TensorShape([]), tf.TensorShape([None])))
    return {"run": _drain(tf, ds, passes=2), "names": False,
            "facts": {"types": repr(ds.output_types), "shapes": repr(ds.output_shapes)}}


@case(error="where an element of shape")
def from_generator_wrong_shape(tf, rng):
    ds = tf.data.Dataset.from_generator(lambda: iter([[1, 2], [3]]), tf.float32,
                                        tf.TensorShape([2]))
    return {"run": _drain(tf, ds), "names": False}


@case(error="Index must be between 0 and 1")
def shard_bad_index(tf, rng):
    return {"run": _drain(tf, tf.data.Dataset.range(4).shard(2, 2))}


@case
def unbatch_rebatch(tf, rng):
    ds = tf.data.Dataset.range(5).batch(2).unbatch().batch(3)
    return {"run": _drain(tf, ds), "facts": {"shapes": repr(ds.output_shapes)}}


@case(error="Input element must have the same batch size in each component")
def unbatch_ragged_components(tf, rng):
    ds = tf.data.Dataset.from_tensors((tf.placeholder_with_default(tf.range(2), [None]),
                                       tf.placeholder_with_default(tf.range(3), [None])))
    ds = ds.unbatch()
    return {"run": _drain(tf, ds), "names": False}


@case
def reduce_sum_and_pairs(tf, rng):
    total = tf.data.Dataset.range(5).reduce(np.int64(0), lambda s, x: s + x)
    pairs = tf.data.Dataset.from_tensor_slices((np.arange(4.), np.arange(4))).reduce(
        (np.float64(0.), np.int64(0)), lambda s, e: (s[0] + e[0], s[1] + tf.cast(e[1], tf.int64)))
    return {"fetch": {"total": total, "first": pairs[0], "second": pairs[1]}}


@case
def iterator_from_string_handle(tf, rng):
    handle = tf.placeholder(tf.string, [])
    get_next = tf.data.Iterator.from_string_handle(handle, tf.int64, []).get_next()
    train = tf.data.Dataset.range(3).make_one_shot_iterator()
    valid = tf.data.Dataset.range(10, 12).make_one_shot_iterator()

    def run(sess):
        t, v = sess.run([train.string_handle(), valid.string_handle()])
        return [sess.run(get_next, {handle: h}) for h in (t, v, t, v)]
    return {"run": run}
