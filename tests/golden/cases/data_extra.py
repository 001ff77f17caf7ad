"""tf.data in graph mode and tf.py_func: datasets read through one-shot, initializable and
structure-built iterators (values, static shapes, op names, the OutOfRangeError at the end),
and Python functions as ops (values, result checks, Python exceptions)."""
import numpy as np

from . import case, edit_graph, ints, normal

# TF 2.x's get_seed picks seed2 in the graph (a SelectV2 avoiding the pair (0, 0)); TF 1.15's
# shuffle gets both seeds as Python ints, two Consts.
_SEED2 = edit_graph(
    drop=tuple(f"seed2/{n}" for n in ("Const (Const)", "Equal/y (Const)", "Equal (Equal)",
                                      "Equal_1/y (Const)", "Equal_1 (Equal)",
                                      "LogicalAnd (LogicalAnd)", "Const_1 (Const)")),
    retype={"seed2 (SelectV2)": "seed2 (Const)"})


def _drain(sess, element, n):
    """`n` elements, fetched one by one."""
    return [sess.run(element) for _ in range(n)]


def _one_shot(ds):
    return ds.make_one_shot_iterator().get_next()


@case
def slices_tuple_batch(tf, rng):
    x, y = ints(rng, 0, 9, 5, 2), normal(rng, 5)
    nxt = _one_shot(tf.data.Dataset.from_tensor_slices((x, y)).batch(2))
    return {"fetch": nxt, "run": lambda sess: _drain(sess, nxt, 3)}


@case(error="End of sequence")
def slices_end_of_sequence(tf, rng):
    nxt = _one_shot(tf.data.Dataset.from_tensor_slices(normal(rng, 3, 2)))
    return {"fetch": nxt, "run": lambda sess: _drain(sess, nxt, 4)}


@case
def slices_dict_drop_remainder(tf, rng):
    ds = tf.data.Dataset.from_tensor_slices({"a": normal(rng, 5, 3), "b": ints(rng, 0, 4, 5)})
    nxt = _one_shot(ds.batch(2, drop_remainder=True))
    return {"fetch": nxt, "run": lambda sess: _drain(sess, nxt, 2),
            "facts": {"types": repr(ds.output_types), "shapes": repr(ds.output_shapes)}}


@case
def from_tensors_tensor(tf, rng):
    t = tf.constant(normal(rng, 2, 3))
    nxt = _one_shot(tf.data.Dataset.from_tensors((t, 4)).repeat(2))
    return {"fetch": nxt, "run": lambda sess: _drain(sess, nxt, 2)}


@case
def range_map_filter_take_skip(tf, rng):
    ds = tf.data.Dataset.range(2, 20, 3).map(lambda v: v * 2).filter(lambda v: v > 5)
    nxt = _one_shot(ds.skip(1).take(3).prefetch(2))
    return {"fetch": nxt, "run": lambda sess: _drain(sess, nxt, 3)}


@case
def map_tuple_captured(tf, rng):
    w = tf.constant(normal(rng, 3, 2))
    ds = tf.data.Dataset.from_tensor_slices((normal(rng, 4, 3), ints(rng, 0, 5, 4)))
    ds = ds.map(lambda a, b: {"y": tf.matmul(a[None], w)[0], "b": tf.cast(b, tf.float32)},
                num_parallel_calls=2)
    nxt = _one_shot(ds.batch(3))
    return {"fetch": nxt, "run": lambda sess: _drain(sess, nxt, 2)}


@case
def zip_padded_batch(tf, rng):
    lengths = tf.data.Dataset.range(1, 5)
    rows = lengths.map(lambda n: tf.fill(tf.reshape(n, [1]), tf.cast(n, tf.float32)))
    ds = tf.data.Dataset.zip((rows, lengths)).padded_batch(3, padded_shapes=([None], []))
    nxt = _one_shot(ds)
    return {"fetch": nxt, "run": lambda sess: _drain(sess, nxt, 2)}


@case(tf115=_SEED2)
def shuffle_is_permutation(tf, rng):
    nxt = _one_shot(tf.data.Dataset.range(10).shuffle(4, seed=3).batch(10))
    return {"fetch": nxt, "run": lambda sess: np.sort(sess.run(nxt))}


@case
def initializable_placeholder(tf, rng):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    it = tf.data.Dataset.from_tensor_slices(x).map(lambda r: r + 1.0).make_initializable_iterator()
    nxt = it.get_next()
    a, b = normal(rng, 3, 2), normal(rng, 1, 2)

    def run(sess):
        sess.run(it.initializer, {x: a})
        first = _drain(sess, nxt, 3)
        sess.run(it.initializer, {x: b})
        return first + _drain(sess, nxt, 1)
    return {"fetch": nxt, "run": run, "facts": {"init": it.initializer.name}}


@case(error="End of sequence")
def initializable_end_after_reinit(tf, rng):
    it = tf.data.Dataset.range(2).make_initializable_iterator()
    nxt = it.get_next()

    def run(sess):
        sess.run(it.initializer)
        _drain(sess, nxt, 2)
        sess.run(it.initializer)
        return _drain(sess, nxt, 3)
    return {"fetch": nxt, "run": run}


@case(error="GetNext() failed because the iterator has not been initialized")
def initializable_not_initialized(tf, rng):
    nxt = tf.data.Dataset.range(2).make_initializable_iterator().get_next()
    return {"fetch": nxt}


@case
def from_structure_two_datasets(tf, rng):
    train = tf.data.Dataset.from_tensor_slices(normal(rng, 4, 3)).batch(2)
    test = tf.data.Dataset.from_tensor_slices(normal(rng, 3, 3)).batch(3)
    it = tf.data.Iterator.from_structure(train.output_types, train.output_shapes)
    nxt = it.get_next()
    to_train, to_test = it.make_initializer(train), it.make_initializer(test)

    def run(sess):
        sess.run(to_train)
        out = _drain(sess, nxt, 2)
        sess.run(to_test)
        return out + _drain(sess, nxt, 1)
    return {"fetch": nxt, "run": run, "facts": {"init": to_test.name}}


@case
def compat_make_one_shot_iterator(tf, rng):
    ds = tf.data.Dataset.from_tensor_slices(ints(rng, 0, 9, 3)).repeat()
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    return {"fetch": nxt, "run": lambda sess: _drain(sess, nxt, 5)}


@case(error="Cannot capture a placeholder")
def one_shot_placeholder(tf, rng):
    x = tf.placeholder(tf.float32, [3])
    tf.data.Dataset.from_tensors(x).make_one_shot_iterator()


# ---- py_func

@case
def py_func_single(tf, rng):
    x = tf.constant(normal(rng, 2, 3))
    y = tf.py_func(lambda a: (a * 2).astype(np.float32), [x], tf.float32)
    return {"fetch": y, "facts": {"shape": repr(y.shape)}}


@case
def py_func_list_stateless(tf, rng):
    x, n = tf.constant(normal(rng, 3)), tf.constant(4)
    ys = tf.py_func(lambda a, k: (a.sum(), np.int64(k) + 1), [x, n], [tf.float32, tf.int64],
                    stateful=False, name="pair")
    return {"fetch": ys}


@case
def py_func_scalar_and_string(tf, rng):
    y = tf.py_func(lambda a, s: s + b"!" if np.isscalar(a) else b"?",
                   [tf.constant(1.5), tf.constant("hi")], tf.string)
    return {"fetch": y}


@case(error="is double, but expects float")
def py_func_wrong_dtype(tf, rng):
    return {"fetch": tf.py_func(lambda a: a.astype(np.float64), [tf.constant([1.0])], tf.float32)}


@case(error="returns 2 values, but expects to see 1 values.")
def py_func_wrong_count(tf, rng):
    return {"fetch": tf.py_func(lambda a: (a, a), [tf.constant([1.0])], tf.float32)}


@case(error="ZeroDivisionError: division by zero")
def py_func_raises_unknown(tf, rng):
    return {"fetch": tf.py_func(lambda a: 1 / 0, [tf.constant([1.0])], tf.float32)}


@case(error="ValueError: bad value")
def py_func_raises_value_error(tf, rng):
    def f(a):
        raise ValueError("bad value")
    return {"fetch": tf.py_func(f, [tf.constant([1.0])], tf.float32)}


@case
def py_func_in_dataset_map(tf, rng):
    ds = tf.data.Dataset.range(3).map(
        lambda v: tf.py_func(lambda a: np.float32(a) / 2, [v], tf.float32))
    nxt = _one_shot(ds)
    return {"fetch": nxt, "run": lambda sess: _drain(sess, nxt, 3)}
