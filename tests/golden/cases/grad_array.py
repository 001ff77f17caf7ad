"""Gradients of the array ops (float32, from real TensorFlow), with known and partly unknown
shapes, second-order gradients of the gradient-only ops (StridedSliceGrad, MirrorPadGrad);
and forward cases of the ops those gradients brought (unique, shape_n, invert_permutation).

A gradient case differentiates `reduce_sum(y * w)` for fixed random weights `w`, so that every
element of the gradient carries its own number; it records op types, not names (`names=False`):
TF 2.x builds its gradient graphs differently from TF 1.15."""
import numpy as np

from . import case, ints, normal


def _ph(tf, rng, shape, feed_shape=None, dtype=np.float32):
    """A placeholder of static `shape` (None dims allowed) and a value of `feed_shape`."""
    value = normal(rng, *(feed_shape or shape), dtype=dtype)
    return tf.placeholder(tf.as_dtype(dtype), shape), value


def _weighted_grads(tf, rng, y, xs, value_shape=None):
    """The gradients of `sum(y * w)` with respect to `xs`, for random weights `w` shaped like
    `y` (or `value_shape`, when `y`'s static shape is partial)."""
    shape = value_shape or y.shape.as_list()
    w = tf.constant(normal(rng, *shape, dtype=y.dtype.as_numpy_dtype))
    return tf.gradients(tf.reduce_sum(y * w), xs)


def _grad_case(name, shapes, build, feed_shapes=None, value_shape=None):
    """Registers a case: placeholders of `shapes` (fed `feed_shapes`), `y = build(tf, *xs)`,
    the weighted gradients with respect to every placeholder fetched."""
    def fn(tf, rng):
        phs = [_ph(tf, rng, s, f) for s, f in zip(shapes, feed_shapes or [None] * len(shapes))]
        xs = [p for p, _ in phs]
        grads = _weighted_grads(tf, rng, build(tf, *xs), xs, value_shape)
        return {"fetch": {"grads": grads}, "feed": {p: v for p, v in phs}, "names": False}
    case(name=name)(fn)


_grad_case("reshape", [(2, 6)], lambda tf, x: tf.reshape(x, [4, 3]))
_grad_case("reshape_partial", [(None, 6)], lambda tf, x: tf.reshape(x, [-1, 2, 3]),
           [(3, 6)], (3, 2, 3))
_grad_case("expand_dims_squeeze", [(3, 1, 4)],
           lambda tf, x: tf.expand_dims(tf.squeeze(x, axis=[1]), -1))
_grad_case("squeeze_partial", [(None, 1, 4)], lambda tf, x: tf.squeeze(x, [-2]), [(2, 1, 4)],
           (2, 4))
_grad_case("transpose", [(2, 3, 4)], lambda tf, x: tf.transpose(x, [1, 2, 0]))
_grad_case("transpose_partial", [(None, 3)], lambda tf, x: tf.transpose(x), [(5, 3)], (3, 5))
_grad_case("conjugate_transpose", [(2, 3)],
           lambda tf, x: tf.cast(tf.transpose(tf.cast(x, tf.complex64) * (1 + 2j), conjugate=True),
                                 tf.float32))
_grad_case("concat", [(2, 3), (2, 4)], lambda tf, x, y: tf.concat([x, y], 1))
_grad_case("concat_three_negative_axis", [(2, 1, 3), (2, 2, 3), (2, 4, 3)],
           lambda tf, x, y, z: tf.concat([x, y, z], -2))
_grad_case("concat_partial", [(None, 3), (2, 4)], lambda tf, x, y: tf.concat([x, y], 1),
           [(2, 3), None], (2, 7))
_grad_case("concat_seventeen", [(2, 1)] * 17, lambda tf, *xs: tf.concat(list(xs), 1))
_grad_case("split", [(2, 6)], lambda tf, x: tf.split(x, 3, axis=1)[1])
_grad_case("split_v", [(7, 2)], lambda tf, x: tf.split(x, [2, -1, 1], 0)[2] * 3.0)
_grad_case("split_v_partial", [(None, 5)], lambda tf, x: tf.split(x, [2, 3], -1)[0], [(3, 5)],
           (3, 2))
_grad_case("stack", [(2, 3), (2, 3)], lambda tf, x, y: tf.stack([x, y], axis=1))
_grad_case("unstack", [(3, 2, 4)], lambda tf, x: tf.unstack(x, axis=-1)[2])
_grad_case("slice", [(4, 5)], lambda tf, x: tf.slice(x, [1, 2], [2, -1]))
_grad_case("slice_partial", [(None, 5)], lambda tf, x: tf.slice(x, [1, 0], [-1, 3]),
           [(4, 5)], (3, 3))
_grad_case("strided_slice", [(4, 5)], lambda tf, x: x[1:3, ::2])
_grad_case("strided_slice_ellipsis_shrink", [(2, 3, 4)], lambda tf, x: x[..., 1])
_grad_case("strided_slice_new_axis_reversed", [(3, 5)], lambda tf, x: x[:, tf.newaxis, ::-2])
_grad_case("strided_slice_masks", [(3, 4, 5)],
           lambda tf, x: tf.strided_slice(x, [1, 0, 3], [0, 2, 0], [1, 1, -1], begin_mask=2,
                                          end_mask=1))
_grad_case("strided_slice_partial", [(None, 4)], lambda tf, x: x[1:, -1], [(3, 4)], (2,))
_grad_case("gather_axis1", [(3, 4, 2)], lambda tf, x: tf.gather(x, [[2, 0], [2, 2]], axis=1))
_grad_case("gather_negative_axis", [(2, 3)], lambda tf, x: tf.gather(x, [1, 1, 0], axis=-1))
_grad_case("gather_batch_dims", [(3, 4, 2)],
           lambda tf, x: tf.gather(x, [[2, 0], [1, 1], [0, 3]], axis=1, batch_dims=1))
_grad_case("tile", [(2, 3, 1)], lambda tf, x: tf.tile(x, [2, 1, 3]))
_grad_case("tile_partial", [(None, 3)], lambda tf, x: tf.tile(x, [3, 2]), [(2, 3)], (6, 6))
_grad_case("pad", [(3, 4)], lambda tf, x: tf.pad(x, [[1, 2], [0, 1]]))
_grad_case("pad_v2", [(3, 4)], lambda tf, x: tf.pad(x, [[0, 1], [2, 0]], constant_values=2.0))
_grad_case("pad_partial", [(None, 4)], lambda tf, x: tf.pad(x, [[1, 0], [2, 1]]), [(2, 4)],
           (3, 7))
_grad_case("mirror_pad_reflect", [(3, 4)], lambda tf, x: tf.pad(x, [[2, 1], [0, 3]], "REFLECT"))
_grad_case("mirror_pad_symmetric", [(3, 4)],
           lambda tf, x: tf.pad(x, [[3, 1], [2, 4]], "SYMMETRIC"))
_grad_case("mirror_pad_partial", [(None, 4)],
           lambda tf, x: tf.pad(x, [[1, 1], [3, 0]], "REFLECT"), [(3, 4)], (5, 7))
_grad_case("reverse", [(2, 3, 4)], lambda tf, x: tf.reverse(x, [0, -1]))
_grad_case("reverse_sequence", [(3, 4, 2)],
           lambda tf, x: tf.reverse_sequence(x, [2, 0, 4], seq_axis=1, batch_axis=0))
_grad_case("select", [(3, 4), (3, 4)], lambda tf, x, y: tf.where(x > y, x, y))
_grad_case("select_rows", [(3, 2), (3, 2)],
           lambda tf, x, y: tf.where([True, False, True], x, y))
_grad_case("cast", [(2, 3)], lambda tf, x: tf.cast(x, tf.float64) * 2.0)
_grad_case("fill", [()], lambda tf, v: tf.fill([2, 3], v))
_grad_case("identity", [(2, 3)], lambda tf, x: tf.identity(x))


@case
def cast_to_int_has_no_gradient(tf, rng):
    x = tf.placeholder(tf.float32, [3])
    y = tf.cast(tf.cast(x, tf.int32), tf.float32)
    return {"facts": {"grads": [g is None for g in tf.gradients(y, x)]}, "names": False}


@case
def gather_axis0_indexed_slices(tf, rng):
    x, xv = _ph(tf, rng, (5, 3))
    g, = _weighted_grads(tf, rng, tf.gather(x, [3, 0, 3, 1]), x)
    return {"fetch": {"grad": g}, "feed": {x: xv}, "names": False,
            "facts": {"type": type(g).__name__}}


@case
def gather_axis0_int64_indices_2d(tf, rng):
    x, xv = _ph(tf, rng, (4, 2))
    g, = _weighted_grads(tf, rng, tf.gather(x, tf.constant([[3, 0], [3, 3]], tf.int64)), x)
    return {"fetch": {"grad": g}, "feed": {x: xv}, "names": False}


@case
def gather_axis0_partial(tf, rng):
    x, xv = _ph(tf, rng, (None, 3), (6, 3))
    ids = tf.placeholder(tf.int32, [None])
    g, = _weighted_grads(tf, rng, tf.gather(x, ids), x, (2, 3))
    # `values` flattened: its static shape (?, 3) needs a shape refiner that reads partial
    # shapes through StridedSlice and Cast of a Shape, which minitf's does not yet.
    return {"fetch": {"values": tf.reshape(g.values, [-1]), "indices": g.indices,
                      "dense_shape": g.dense_shape},
            "feed": {x: xv, ids: np.array([5, 0], np.int32)}, "names": False}


@case
def gather_through_concat_rows(tf, rng):
    a, av = _ph(tf, rng, (2, 3))
    b, bv = _ph(tf, rng, (3, 3))
    grads = _weighted_grads(tf, rng, tf.gather(tf.concat([a, b], 0), [4, 0, 2, 4]), [a, b])
    return {"fetch": {"grads": grads}, "feed": {a: av, b: bv}, "names": False}


@case
def gather_through_concat_columns(tf, rng):
    a, av = _ph(tf, rng, (4, 1))
    b, bv = _ph(tf, rng, (4, 2))
    grads = _weighted_grads(tf, rng, tf.gather(tf.concat([a, b], -1), [3, 1]), [a, b])
    return {"fetch": {"grads": grads}, "feed": {a: av, b: bv}, "names": False}


@case
def gather_through_tile(tf, rng):
    x, xv = _ph(tf, rng, (3, 2))
    grads = _weighted_grads(tf, rng, tf.gather(tf.tile(x, [2, 2]), [4, 0, 1, 4]), x)
    return {"fetch": {"grads": grads}, "feed": {x: xv}, "names": False}


@case
def strided_slice_grad_second_order(tf, rng):
    x, xv = _ph(tf, rng, (4, 5))
    dy, dyv = _ph(tf, rng, (2, 3))
    g, = tf.gradients(x[1:3, ::2], x, grad_ys=dy)
    gg = _weighted_grads(tf, rng, g, dy)
    return {"fetch": {"grad": g, "grad_grad": gg}, "feed": {x: xv, dy: dyv}, "names": False}


@case
def mirror_pad_grad_second_order(tf, rng):
    x, xv = _ph(tf, rng, (4, 5))
    dy, dyv = _ph(tf, rng, (7, 6))
    g, = tf.gradients(tf.pad(x, [[1, 2], [0, 1]], "SYMMETRIC"), x, grad_ys=dy)
    gg = _weighted_grads(tf, rng, g, dy)
    return {"fetch": {"grad": g, "grad_grad": gg}, "feed": {x: xv, dy: dyv}, "names": False}


# ---- forward cases of the ops the gradients brought

@case
def unique(tf, rng):
    u = tf.unique([3, 1, 3, 2, 1, 7])
    return {"fetch": {"u": u}, "facts": {"repr": repr(u)}}


@case
def unique_float_int64_idx(tf, rng):
    x = tf.placeholder(tf.float32, [None])
    u = tf.unique(x, out_idx=tf.int64, name="dedup")
    value = np.array([0.5, -2.0, 0.5, 0.5, 4.0, -2.0], np.float32)
    return {"fetch": {"u": u}, "feed": {x: value}}


@case
def unique_indices(tf, rng):
    ids = tf.placeholder(tf.int64, [None])
    y, idx = tf.unique(ids)
    return {"fetch": {"y": y, "idx": idx}, "feed": {ids: ints(rng, 0, 5, 12, dtype=np.int64)}}


@case(error="Shape must be rank 1 but is rank 2")
def unique_error_matrix(tf, rng):
    tf.unique([[1, 2], [3, 4]])


@case(error="unique expects a 1D vector.")
def unique_error_fed_matrix(tf, rng):
    x = tf.placeholder(tf.int32)
    return {"fetch": tf.unique(x), "feed": {x: np.ones((2, 2), np.int32)}}


@case
def shape_n(tf, rng):
    a = tf.placeholder(tf.float32, [None, 3])
    b = tf.placeholder(tf.float32)
    c = tf.zeros([4])
    shapes = tf.shape_n([a, b, c])
    shapes64 = tf.shape_n([a], out_type=tf.int64, name="s64")
    return {"fetch": {"shapes": shapes, "shapes64": shapes64},
            "feed": {a: np.zeros((2, 3), np.float32), b: np.zeros((1, 2, 5), np.float32)}}


@case
def invert_permutation(tf, rng):
    p = tf.invert_permutation([2, 4, 0, 3, 1])
    q = tf.invert_permutation(tf.constant([1, 0], tf.int64), name="inv")
    return {"fetch": {"p": p, "q": q}}


@case(error="is duplicated in the input.")
def invert_permutation_error_duplicate(tf, rng):
    x = tf.placeholder(tf.int32, [3])
    return {"fetch": tf.invert_permutation(x), "feed": {x: np.array([2, 2, 1], np.int32)}}
