"""Array ops: constants, placeholders, shapes, reshaping, joining, slicing, gathering."""
import numpy as np

from . import case, edit_graph, ints, normal, rename_ops


def _ph(tf, rng, shape, feed_shape=None, dtype=np.float32, name=None):
    """A placeholder of static `shape` and a value of `feed_shape` (default `shape`) for it."""
    p = tf.placeholder(tf.as_dtype(dtype), shape, name=name)
    value_shape = feed_shape if feed_shape is not None else shape
    if np.dtype(dtype).kind == "f":
        value = normal(rng, *value_shape, dtype=dtype)
    elif np.dtype(dtype).kind == "b":
        value = rng.randint(0, 2, value_shape).astype(bool)
    else:
        value = ints(rng, -9, 10, *value_shape, dtype=dtype)
    return p, value


# ---- constant

CONSTANTS = {
    "float_scalar": lambda tf: tf.constant(1.5),
    "int_scalar": lambda tf: tf.constant(7),
    "bool_scalar": lambda tf: tf.constant(True),
    "string_scalar": lambda tf: tf.constant("abc"),
    "string_list": lambda tf: tf.constant(["a", "bc"]),
    "big_int": lambda tf: tf.constant(2 ** 40),
    "mixed_list": lambda tf: tf.constant([1, 2.5]),
    "float_matrix": lambda tf: tf.constant([[1.5, 2.0, -3.0], [4.0, 5.0, 6.25]]),
    "numpy_float64": lambda tf: tf.constant(np.arange(6, dtype=np.float64).reshape(2, 3) / 7),
    "numpy_int64": lambda tf: tf.constant(np.array([3, -4], dtype=np.int64)),
    "dtype_float64": lambda tf: tf.constant([1, 2], dtype=tf.float64),
    "dtype_int64": lambda tf: tf.constant([1, 2], dtype=tf.int64),
    "dtype_float16": lambda tf: tf.constant([0.1, 1000.5], dtype=tf.float16),
    "dtype_uint8": lambda tf: tf.constant([0, 255], dtype=tf.uint8),
    "dtype_int8": lambda tf: tf.constant([-128, 127], dtype=tf.int8),
    "dtype_int16": lambda tf: tf.constant([-3, 300], dtype=tf.int16),
    "dtype_bool_list": lambda tf: tf.constant([True, False, True]),
    "shape_broadcast_scalar": lambda tf: tf.constant(2.0, shape=[2, 3]),
    "shape_reshapes_list": lambda tf: tf.constant([1, 2, 3, 4, 5, 6], shape=[2, 3]),
    "named": lambda tf: tf.constant(3.0, name="three"),
    "empty_list": lambda tf: tf.constant([]),
    "nested_empty": lambda tf: tf.constant(np.zeros((2, 0), np.float32)),
}

for _name, _build in CONSTANTS.items():
    def _constant_case(tf, rng, build=_build):
        t = build(tf)
        return {"fetch": {"t": t}, "facts": {"str": str(t), "repr": repr(t)}}
    case(name=f"constant_{_name}")(_constant_case)


@case(error="Expected int32")
def constant_error_float_for_int(tf, rng):
    tf.constant(1.5, dtype=tf.int32)


@case(error="")  # the text comes from numpy and differs between versions
def constant_error_ragged(tf, rng):
    tf.constant([[1, 2], [3]])


@case
def constant_two_default_names(tf, rng):
    a, b, c = tf.constant(1.0), tf.constant(2.0), tf.constant(3.0, name="Const")
    return {"fetch": {"a": a, "b": b, "c": c}}


@case
def convert_to_tensor_variants(tf, rng):
    c = tf.constant([1.0, 2.0])
    ts = {"list": tf.convert_to_tensor([[1, 2], [3, 4]]),
          "numpy": tf.convert_to_tensor(np.ones(3)),
          "dtype": tf.convert_to_tensor([1, 2], dtype=tf.float32),
          "named": tf.convert_to_tensor(5, name="five"),
          "scalar_f64": tf.convert_to_tensor(1.5, dtype=tf.float64),
          "tensor": tf.convert_to_tensor(c),
          "bool": tf.convert_to_tensor([True]), "string": tf.convert_to_tensor(b"raw")}
    return {"fetch": ts, "facts": {"same": ts["tensor"] is c}}


@case(error="Tensor conversion requested dtype int32 for Tensor with dtype float32")
def convert_to_tensor_error_dtype(tf, rng):
    tf.convert_to_tensor(tf.constant(1.0), dtype=tf.int32)


# ---- placeholder

@case
def placeholder_known_shape(tf, rng):
    p, v = _ph(tf, rng, [2, 3])
    return {"fetch": {"p": p}, "feed": {p: v}, "facts": {"str": str(p), "repr": repr(p)}}


@case
def placeholder_partial_shape(tf, rng):
    p, v = _ph(tf, rng, [None, 3], [4, 3], name="x")
    y = p * 2.0
    return {"fetch": {"p": p, "y": y}, "feed": {p: v},
            "facts": {"str": str(p), "repr": repr(p), "shape": p.shape.as_list()}}


@case
def placeholder_unknown_rank(tf, rng):
    p, v = _ph(tf, rng, None, [2, 1, 3])
    return {"fetch": {"p": p, "y": p + 1.0}, "feed": {p: v},
            "facts": {"str": str(p), "repr": repr(p), "ndims": p.shape.ndims}}


for _dt in (np.float64, np.int32, np.int64, np.bool_, np.float16, np.uint8):
    def _placeholder_dtype(tf, rng, dt=_dt):
        p, v = _ph(tf, rng, [3], dtype=dt)
        return {"fetch": {"p": p, "i": tf.identity(p)}, "feed": {p: v},
                "facts": {"dtype": p.dtype.name}}
    case(name=f"placeholder_{np.dtype(_dt).name}")(_placeholder_dtype)


@case
def placeholder_with_default_unfed(tf, rng):
    d = tf.placeholder_with_default(np.arange(6, dtype=np.float32).reshape(2, 3), [None, 3])
    return {"fetch": {"d": d, "y": d * 3.0}, "facts": {"repr": repr(d)}}


@case
def placeholder_with_default_fed(tf, rng):
    d = tf.placeholder_with_default(tf.zeros([2, 3]), [None, 3], name="dflt")
    return {"fetch": {"d": d}, "feed": {d: normal(rng, 4, 3)}}


@case
def placeholder_with_default_scalar(tf, rng):
    d = tf.placeholder_with_default(5, [])
    return {"fetch": {"d": d}}


@case(error="Shapes must be equal rank")
def placeholder_with_default_error_rank(tf, rng):
    tf.placeholder_with_default(tf.zeros([2, 3]), [None])


# ---- zeros, ones, fill, *_like, identity

@case
def zeros_list(tf, rng):
    return {"fetch": {"a": tf.zeros([2, 3]), "b": tf.zeros([2], tf.int32),
                      "c": tf.zeros([], tf.bool), "d": tf.zeros((3, 1), dtype=tf.float64)}}


@case
def ones_list(tf, rng):
    return {"fetch": {"a": tf.ones([2, 3]), "b": tf.ones([4], tf.int64),
                      "c": tf.ones([2, 1], tf.bool), "d": tf.ones([], name="one")}}


@case
def zeros_ones_large(tf, rng):
    return {"fetch": {"z": tf.zeros([40, 30]), "o": tf.ones([1001])}, "values": True}


@case
def zeros_from_shape_tensor(tf, rng):
    s = tf.placeholder(tf.int32, [2])
    z = tf.zeros(s)
    o = tf.ones(s, tf.int32)
    return {"fetch": {"z": z, "o": o}, "feed": {s: np.array([2, 3], np.int32)}}


@case
def zeros_from_partial_shape(tf, rng):
    x, v = _ph(tf, rng, [None, 3], [2, 3])
    z = tf.zeros(tf.shape(x))
    o = tf.ones([tf.shape(x)[0], 4])
    return {"fetch": {"z": z, "o": o}, "feed": {x: v}}


@case
def fill_values(tf, rng):
    return {"fetch": {"f": tf.fill([2, 3], 9), "g": tf.fill([3], 1.5),
                      "h": tf.fill([2, 1], True)}}


@case
def fill_dims_placeholder(tf, rng):
    d = tf.placeholder(tf.int32, [3])
    return {"fetch": {"f": tf.fill(d, 2.5)}, "feed": {d: np.array([1, 2, 4], np.int32)}}


@case(error="must be rank 0")
def fill_error_value_rank(tf, rng):
    tf.fill([2], [1.0, 2.0])


def _ones_like_shape_const(rec):
    """TF 1.15's ones_like names the folded shape `ones_like/Shape` (TF 2.x: a sub-scope)."""
    rec["graph"] = [g.replace("/Shape/shape_as_tensor (", "/Shape (") for g in rec["graph"]]


@case(tf115=_ones_like_shape_const)
def zeros_like_ones_like(tf, rng):
    x, v = _ph(tf, rng, [None, 3], [2, 3])
    i, iv = _ph(tf, rng, [4], dtype=np.int32)
    b = tf.constant([True, False])
    return {"fetch": {"zx": tf.zeros_like(x), "ox": tf.ones_like(x), "zi": tf.zeros_like(i),
                      "oi": tf.ones_like(i), "zb": tf.zeros_like(b), "ob": tf.ones_like(b),
                      "zd": tf.zeros_like(x, dtype=tf.int32), "od": tf.ones_like(i, tf.float32)},
            "feed": {x: v, i: iv}}


@case(tf115=_ones_like_shape_const)
def zeros_like_of_constant(tf, rng):
    return {"fetch": {"z": tf.zeros_like(tf.constant([[1.0, 2.0]])),
                      "o": tf.ones_like([1, 2, 3])}}


@case
def identity_values(tf, rng):
    x, v = _ph(tf, rng, [None, 2], [3, 2])
    return {"fetch": {"a": tf.identity(x), "b": tf.identity(x, name="same"),
                      "c": tf.identity([1, 2])}, "feed": {x: v}}


# ---- reshape, transpose, expand_dims, squeeze

RESHAPES = {
    "flatten": ([2, 3, 4], [2, 3, 4], [6, 4]),
    "minus_one": ([2, 3, 4], [2, 3, 4], [-1, 4]),
    "to_scalar": ([1, 1], [1, 1], []),
    "from_scalar": ([], [], [1, 1]),
    "partial_minus_one": ([None, 3, 4], [5, 3, 4], [-1, 12]),
    "partial_known_out": ([None, 3], [4, 3], [2, 6]),
    "partial_minus_one_first": ([None, 6], [2, 6], [3, -1]),
    "unknown_rank": (None, [2, 6], [-1, 3, 2]),
}

for _name, (_in, _feed, _shape) in RESHAPES.items():
    def _reshape_case(tf, rng, in_shape=_in, feed=_feed, shape=_shape):
        x, v = _ph(tf, rng, in_shape, feed)
        return {"fetch": {"r": tf.reshape(x, shape)}, "feed": {x: v}}
    # TF 2.x converts `[]` first as float32, then retries as int32 (a stray Const); 1.15 once.
    _patch = edit_graph(drop=("Reshape/shape (Const)",),
                        retype={"Reshape/shape_1 (Const)": "Reshape/shape (Const)"})
    case(name=f"reshape_{_name}", tf115=_patch if _shape == [] else None)(_reshape_case)


@case
def reshape_shape_tensor(tf, rng):
    x, v = _ph(tf, rng, [2, 6])
    y, w = _ph(tf, rng, [None, 4], [3, 4])
    s = tf.placeholder(tf.int32, [3])
    return {"fetch": {"a": tf.reshape(x, s), "b": tf.reshape(x, tf.shape(y)),
                      "c": tf.reshape(x, [tf.shape(y)[0], -1], name="rs")},
            "feed": {x: v, y: w, s: np.array([3, 2, 2], np.int32)}}


@case(error="Cannot reshape a tensor with 6 elements to shape [4]")
def reshape_error_size(tf, rng):
    tf.reshape(tf.zeros([2, 3]), [4])


@case(error="may be -1")
def reshape_error_two_unknown(tf, rng):
    return {"fetch": {"r": tf.reshape(tf.zeros([2, 3]), [-1, -1])}}


@case(error="Input to reshape is a tensor with")
def reshape_error_runtime(tf, rng):
    x, v = _ph(tf, rng, [None, 3], [4, 3])
    return {"fetch": {"r": tf.reshape(x, [5, -1])}, "feed": {x: v}}


@case
def transpose_variants(tf, rng):
    x, v = _ph(tf, rng, [2, 3, 4])
    p, pv = _ph(tf, rng, [None, 3], [5, 3])
    return {"fetch": {"default": tf.transpose(x), "perm": tf.transpose(x, [1, 0, 2]),
                      "last": tf.transpose(x, perm=[0, 2, 1], name="t"),
                      "partial": tf.transpose(p), "matrix": tf.transpose([[1, 2, 3]])},
            "feed": {x: v, p: pv}}


@case
def transpose_perm_tensor(tf, rng):
    x, v = _ph(tf, rng, [2, 3, 4])
    perm = tf.placeholder(tf.int32, [3])
    return {"fetch": {"t": tf.transpose(x, perm)}, "feed": {x: v, perm: np.array([2, 0, 1],
                                                                                np.int32)}}


@case(error="Dimension must be 3 but is 2")
def transpose_error_perm_length(tf, rng):
    tf.transpose(tf.zeros([2, 3, 4]), [1, 0])


@case
def expand_dims_variants(tf, rng):
    x, v = _ph(tf, rng, [2, 3])
    p, pv = _ph(tf, rng, [None, 3], [4, 3])
    return {"fetch": {"a0": tf.expand_dims(x, 0), "a1": tf.expand_dims(x, 1),
                      "neg": tf.expand_dims(x, -1), "dim": tf.expand_dims(x, dim=2),
                      "axis": tf.expand_dims(x, axis=-2), "partial": tf.expand_dims(p, 1),
                      "scalar": tf.expand_dims(3.0, 0)},
            "feed": {x: v, p: pv}}


@case
def squeeze_variants(tf, rng):
    x, v = _ph(tf, rng, [1, 3, 1, 2])
    p, pv = _ph(tf, rng, [None, 1, 3], [1, 1, 3])
    return {"fetch": {"all": tf.squeeze(x), "one": tf.squeeze(x, [2]),
                      "neg": tf.squeeze(x, axis=[-2, 0]), "alias": tf.squeeze(x, squeeze_dims=[0]),
                      "partial_axis": tf.squeeze(p, [1]), "partial_all": tf.squeeze(p)},
            "feed": {x: v, p: pv}}


@case(error="Can not squeeze dim[1], expected a dimension of 1, got 3")
def squeeze_error_not_one(tf, rng):
    tf.squeeze(tf.zeros([1, 3]), [1])


@case
def concat_variants(tf, rng):
    a, av = _ph(tf, rng, [2, 3])
    b, bv = _ph(tf, rng, [2, 4])
    c, cv = _ph(tf, rng, [5, 3])
    d, dv = _ph(tf, rng, [None, 3], [1, 3])
    return {"fetch": {"ax1": tf.concat([a, b], 1), "ax0": tf.concat([a, c, a], 0),
                      "neg": tf.concat([a, b], -1), "partial": tf.concat([a, d], 0),
                      "partial_other_axis": tf.concat([d, d], axis=1, name="cc")},
            "feed": {a: av, b: bv, c: cv, d: dv}}


def _concat_single_identity(rec):
    """TF 1.15 names the Identity of a one-element concat after the scope itself: `concat`."""
    rename_ops(rec, {"concat/concat": "concat"})


@case(tf115=_concat_single_identity)
def concat_single_and_int(tf, rng):
    return {"fetch": {"one": tf.concat([tf.constant([[1, 2]])], 0),
                      "ints": tf.concat([[1, 2], [3]], 0)}}


@case
def concat_axis_tensor(tf, rng):
    a, av = _ph(tf, rng, [2, 3])
    axis = tf.placeholder(tf.int32, [])
    return {"fetch": {"c": tf.concat([a, a], axis)}, "feed": {a: av, axis: np.int32(1)}}


@case(error="Shape must be rank 2 but is rank 1")
def concat_error_rank(tf, rng):
    tf.concat([tf.zeros([2, 3]), tf.zeros([3])], 0)


@case(error="in both shapes must be equal, but are 3 and 4")
def concat_error_dims(tf, rng):
    tf.concat([tf.zeros([2, 3]), tf.zeros([2, 4])], 0)


@case
def split_num(tf, rng):
    x, v = _ph(tf, rng, [2, 6])
    parts = tf.split(x, 3, 1)
    first = tf.split(x, 2, axis=0, name="halves")
    return {"fetch": {"parts": parts, "first": first}, "feed": {x: v}}


@case
def split_sizes(tf, rng):
    x, v = _ph(tf, rng, [3, 6])
    return {"fetch": {"sizes": tf.split(x, [1, 2, 3], 1),
                      "minus_one": tf.split(x, [2, -1], axis=-1),
                      "rows": tf.split(x, [1, 2])}, "feed": {x: v}}


@case
def split_partial(tf, rng):
    x, v = _ph(tf, rng, [None, 4], [3, 4])
    return {"fetch": {"cols": tf.split(x, 2, 1), "rows": tf.split(x, [1, 2], 0)},
            "feed": {x: v}}


@case(error="Dimension size must be evenly divisible by 3 but is 4")
def split_error_not_divisible(tf, rng):
    tf.split(tf.zeros([2, 4]), 3, 1)


@case
def stack_unstack(tf, rng):
    a, av = _ph(tf, rng, [2, 3])
    b, bv = _ph(tf, rng, [2, 3])
    p, pv = _ph(tf, rng, [None, 3], [4, 3])
    return {"fetch": {"s0": tf.stack([a, b]), "s1": tf.stack([a, b], axis=1),
                      "sneg": tf.stack([a, b, a], -1), "spartial": tf.stack([p, p], 1),
                      "sints": tf.stack([1, 2, 3]),
                      "u0": tf.unstack(a), "u1": tf.unstack(a, axis=1),
                      "upartial": tf.unstack(p, axis=1), "unum": tf.unstack(p, num=4)},
            "feed": {a: av, b: bv, p: pv}}


@case(error="Shapes must be equal rank")
def stack_error_rank(tf, rng):
    tf.stack([tf.zeros([2, 3]), tf.zeros([3])])


@case(error="Dimension 0 in both shapes must be equal")
def stack_error_dims(tf, rng):
    tf.stack([tf.zeros([2, 3]), tf.zeros([3, 3])])


@case(error="from shape (?, 3)")
def unstack_error_unknown_num(tf, rng):
    tf.unstack(tf.placeholder(tf.float32, [None, 3]))


@case
def slice_variants(tf, rng):
    x, v = _ph(tf, rng, [3, 4, 5])
    p, pv = _ph(tf, rng, [None, 4], [6, 4])
    b = tf.placeholder(tf.int32, [2])
    return {"fetch": {"a": tf.slice(x, [1, 0, 2], [2, 3, 1]), "b": tf.slice(x, [0, 1, 0], [-1, 2, -1]),
                      "partial": tf.slice(p, [1, 1], [2, -1]), "partial_rest": tf.slice(p, [1, 0], [-1, 2]),
                      "dyn": tf.slice(p, b, [2, 2])},
            "feed": {x: v, p: pv, b: np.array([1, 2], np.int32)}}


@case
def strided_slice_explicit(tf, rng):
    x, v = _ph(tf, rng, [4, 5, 6])
    return {"fetch": {
        "plain": tf.strided_slice(x, [0, 1, 2], [3, 4, 6], [1, 2, 3]),
        "masks": tf.strided_slice(x, [1, 0, 0], [0, 3, 0], [1, 1, 1], begin_mask=2, end_mask=5),
        "shrink": tf.strided_slice(x, [1, 0], [2, 5], [1, 1], shrink_axis_mask=1),
        "newaxis": tf.strided_slice(x, [0, 0], [1, 2], [1, 1], new_axis_mask=1),
        "ellipsis": tf.strided_slice(x, [0, 1], [0, 3], [1, 1], ellipsis_mask=1),
        "reverse": tf.strided_slice(x, [-1, 0, 0], [-5, 5, 6], [-1, 1, 2]),
    }, "feed": {x: v}}


SLICES = {
    "int": lambda t: t[1],
    "negative": lambda t: t[-1],
    "range": lambda t: t[1:3],
    "step": lambda t: t[::2],
    "reverse": lambda t: t[::-1],
    "neg_step_range": lambda t: t[3:0:-2],
    "column": lambda t: t[:, 1],
    "ellipsis_last": lambda t: t[..., 1],
    "ellipsis_mid": lambda t: t[1, ..., ::-2],
    "newaxis_front": lambda t: t[None],
    "newaxis_mid": lambda t: t[:, None, 1:],
    "two_ints": lambda t: t[1, -2],
    "mixed": lambda t: t[1:-1, :2, 3],
    "empty": lambda t: t[3:1],
    "beyond_end": lambda t: t[2:10],
    "all": lambda t: t[:],
}

for _name, _sl in SLICES.items():
    def _slice_case(tf, rng, sl=_sl):
        x, v = _ph(tf, rng, [4, 5, 6])
        p, pv = _ph(tf, rng, [None, 5, None], [4, 5, 6])
        return {"fetch": {"known": sl(x), "partial": sl(p)}, "feed": {x: v, p: pv}}
    case(name=f"getitem_{_name}")(_slice_case)


# TF 2.x makes a slice's default step a tensor when a bound is one; 1.15 keeps a Const stride.
@case(tf115=edit_graph(drop=("Const (Const)", "strided_slice_1/stack_2/1 (Const)"),
                       retype={"strided_slice_1/stack_2 (Pack)": "strided_slice_1/stack_2 (Const)"}))
def getitem_tensor_index(tf, rng):
    x, v = _ph(tf, rng, [4, 5])
    i = tf.placeholder(tf.int32, [])
    return {"fetch": {"row": x[i], "span": x[i:i + 2, 1]}, "feed": {x: v, i: np.int32(2)}}


@case
def getitem_unknown_rank(tf, rng):
    x, v = _ph(tf, rng, None, [4, 5])
    return {"fetch": {"a": x[1], "b": x[:, 2:]}, "feed": {x: v}}


@case
def getitem_names(tf, rng):
    x = tf.zeros([3, 4])
    a, b, c = x[0], x[1:], x[..., 0]
    return {"fetch": {"a": a, "b": b, "c": c}}


@case(error="out of bounds")
def getitem_error_out_of_bounds(tf, rng):
    tf.zeros([3])[5]


@case(error="Only integers, slices")
def getitem_error_float(tf, rng):
    tf.zeros([3])[1.5]


@case
def gather_variants(tf, rng):
    x, v = _ph(tf, rng, [5, 3])
    p, pv = _ph(tf, rng, [None, 4], [3, 4])
    i = tf.constant([4, 0, 2])
    return {"fetch": {"rows": tf.gather(x, i), "matrix": tf.gather(x, [[0, 1], [4, 4]]),
                      "axis1": tf.gather(x, [2, 0], axis=1), "scalar": tf.gather(x, 1),
                      "int64": tf.gather(x, tf.constant([1, 3], tf.int64)),
                      "partial": tf.gather(p, [0, 2]), "partial_axis1": tf.gather(p, [3], axis=1),
                      "ints": tf.gather([10, 20, 30], [2, 2, 0])},
            "feed": {x: v, p: pv}}


@case(error="is not in [0, 5)")
def gather_error_out_of_range(tf, rng):
    x, v = _ph(tf, rng, [5, 3])
    return {"fetch": {"g": tf.gather(x, [1, 7])}, "feed": {x: v}}


@case
def tile_variants(tf, rng):
    x, v = _ph(tf, rng, [2, 3])
    p, pv = _ph(tf, rng, [None, 3], [1, 3])
    m = tf.placeholder(tf.int32, [2])
    return {"fetch": {"a": tf.tile(x, [2, 1]), "b": tf.tile(x, [1, 3]), "partial": tf.tile(p, [3, 2]),
                      "dyn": tf.tile(x, m)},
            "feed": {x: v, p: pv, m: np.array([2, 2], np.int32)}}


@case(error="Shape must be rank 1 but is rank 0")
def tile_error_multiples_rank(tf, rng):
    tf.tile(tf.zeros([2, 3]), 2)


@case(error="Shape must be rank 2 but is rank 3")
def tile_error_multiples_length(tf, rng):
    tf.tile(tf.zeros([2, 3]), [1, 2, 3])


@case
def pad_variants(tf, rng):
    x, v = _ph(tf, rng, [3, 4])
    p, pv = _ph(tf, rng, [None, 4], [2, 4])
    pads = [[1, 2], [0, 1]]
    return {"fetch": {"constant": tf.pad(x, pads), "value": tf.pad(x, pads, constant_values=5.0),
                      "reflect": tf.pad(x, pads, "REFLECT"), "symmetric": tf.pad(x, pads, "SYMMETRIC"),
                      "lower": tf.pad(x, [[1, 1], [2, 2]], mode="reflect"), "partial": tf.pad(p, pads),
                      "ints": tf.pad([[1, 2]], [[1, 0], [0, 2]])},
            "feed": {x: v, p: pv}}


@case(error="mode")
def pad_error_mode(tf, rng):
    tf.pad(tf.zeros([2]), [[1, 1]], "WRAP")


@case
def shape_size_rank_static(tf, rng):
    x = tf.zeros([2, 3, 4])
    return {"fetch": {"shape": tf.shape(x), "shape64": tf.shape(x, out_type=tf.int64),
                      "size": tf.size(x), "rank": tf.rank(x), "named": tf.shape(x, name="s")}}


@case
def shape_size_rank_partial(tf, rng):
    x, v = _ph(tf, rng, [None, 3], [5, 3])
    u, uv = _ph(tf, rng, None, [2, 2, 2])
    return {"fetch": {"shape": tf.shape(x), "size": tf.size(x), "rank": tf.rank(x),
                      "ushape": tf.shape(u), "usize": tf.size(u, out_type=tf.int64),
                      "urank": tf.rank(u)},
            "feed": {x: v, u: uv}}


@case
def range_variants(tf, rng):
    n = tf.placeholder(tf.int32, [])
    return {"fetch": {"n": tf.range(5), "start_limit_delta": tf.range(1, 10, 3),
                      "float": tf.range(5.0), "negative": tf.range(10, 1, -3),
                      "dtype": tf.range(3, dtype=tf.float64), "mixed": tf.range(1, 2.5, 0.5),
                      "limit_kw": tf.range(2, limit=6), "dyn": tf.range(n), "empty": tf.range(0)},
            "feed": {n: np.int32(4)}}


@case(error="Requires delta != 0")
def range_error_zero_delta(tf, rng):
    return {"fetch": {"r": tf.range(0, 5, 0)}}


@case
def one_hot_variants(tf, rng):
    i = tf.constant([0, 2, -1, 1])
    p = tf.placeholder(tf.int64, [None])
    m = tf.constant([[0, 1], [2, 0]])
    return {"fetch": {"basic": tf.one_hot(i, 3), "on_off": tf.one_hot(i, 3, on_value=5.0, off_value=-1.0),
                      "axis0": tf.one_hot(i, 3, axis=0), "int": tf.one_hot(i, 4, dtype=tf.int32),
                      "matrix": tf.one_hot(m, 3), "matrix_axis1": tf.one_hot(m, 3, axis=1),
                      "partial": tf.one_hot(p, 2)},
            "feed": {p: np.array([1, 0, 1], np.int64)}}


# TF 2.x converts `[]` first as float32, then retries as int32 (a stray Const); 1.15 once.
@case(tf115=edit_graph(drop=("ReverseV2_2/axis (Const)",),
                       retype={"ReverseV2_2/axis_1 (Const)": "ReverseV2_2/axis (Const)"}))
def reverse_variants(tf, rng):
    x, v = _ph(tf, rng, [2, 3, 4])
    p, pv = _ph(tf, rng, [None, 3], [2, 3])
    return {"fetch": {"a1": tf.reverse(x, [1]), "two": tf.reverse(x, [0, -1]),
                      "none": tf.reverse(x, []), "partial": tf.reverse(p, axis=[0])},
            "feed": {x: v, p: pv}}


@case
def reverse_sequence_variants(tf, rng):
    x, v = _ph(tf, rng, [3, 4, 2])
    lens = tf.constant([1, 4, 2])
    t, tv = _ph(tf, rng, [4, None], [4, 3])
    return {"fetch": {"batch_major": tf.reverse_sequence(x, lens, seq_axis=1, batch_axis=0),
                      "time_major": tf.reverse_sequence(t, tf.constant([2, 0, 4], tf.int64), 0, 1),
                      "alias": tf.reverse_sequence(x, lens, seq_dim=1, batch_dim=0)},
            "feed": {x: v, t: tv}}


@case
def sequence_mask_variants(tf, rng):
    lens = tf.constant([1, 3, 2])
    p = tf.placeholder(tf.int32, [None])
    return {"fetch": {"maxlen": tf.sequence_mask(lens, 4), "auto": tf.sequence_mask(lens),
                      "float": tf.sequence_mask(lens, 3, dtype=tf.float32),
                      "matrix": tf.sequence_mask([[1, 2], [0, 3]], 3),
                      "partial": tf.sequence_mask(p, 5)},
            "feed": {p: np.array([2, 5], np.int32)}}


@case
def where_variants(tf, rng):
    c = tf.constant([[True, False, True], [False, False, True]])
    x, xv = _ph(tf, rng, [2, 3])
    y, yv = _ph(tf, rng, [2, 3])
    rows = tf.constant([True, False])
    pc = tf.placeholder(tf.bool, [None])
    return {"fetch": {"select": tf.where(c, x, y), "rows": tf.where(rows, x, y),
                      "indices": tf.where(c), "indices_1d": tf.where(pc),
                      "ints": tf.where([True, False], [1, 2], [3, 4])},
            "feed": {x: xv, y: yv, pc: np.array([False, True, True])}}


CASTS = {
    "float_to_int": (np.float32, "int32"),
    "float_to_int64": (np.float32, "int64"),
    "float_to_bool": (np.float32, "bool"),
    "float_to_float16": (np.float32, "float16"),
    "float_to_float64": (np.float32, "float64"),
    "int_to_float": (np.int32, "float32"),
    "int64_to_int32": (np.int64, "int32"),
    "bool_to_float": (np.bool_, "float32"),
    "bool_to_int": (np.bool_, "int32"),
    "same_dtype": (np.float32, "float32"),
}

for _name, (_src, _dst) in CASTS.items():
    def _cast_case(tf, rng, src=_src, dst=_dst):
        x, v = _ph(tf, rng, [2, 4], dtype=src)
        if np.dtype(src).kind == "f":
            v = (v * 3).astype(src)
        y = tf.cast(x, getattr(tf, dst))
        return {"fetch": {"y": y}, "feed": {x: v}, "facts": {"same": y is x}}
    case(name=f"cast_{_name}")(_cast_case)


@case
def cast_helpers(tf, rng):
    x, v = _ph(tf, rng, [3], dtype=np.int32)
    f, fv = _ph(tf, rng, [3])
    return {"fetch": {"to_float": tf.to_float(x), "to_int32": tf.to_int32(f * 4.0),
                      "named": tf.cast(x, tf.float64, name="c")},
            "feed": {x: v, f: fv}}


@case
def stop_gradient_and_conjugate_transpose(tf, rng):
    x, v = _ph(tf, rng, [2, 3])
    return {"fetch": {"stop": tf.stop_gradient(x), "named": tf.stop_gradient(x, name="frozen"),
                      "conj_t": tf.transpose(x, conjugate=True)}, "feed": {x: v}}


# ---- edge cases found by differential testing against TF

@case
def reshape_zero_size_with_unknown(tf, rng):
    x = tf.placeholder(tf.float32, None)
    v = np.zeros((2, 0, 3), np.float32)
    return {"fetch": {"zero_kept": tf.reshape(x, [-1, 0, 3]), "zero_gone": tf.reshape(x, [-1, 3])},
            "feed": {x: v}}


@case(error="indices = 7 is not in [0, 5)")
def gather_error_scalar_index_out_of_range(tf, rng):
    x, v = _ph(tf, rng, [5, 3])
    i = tf.placeholder(tf.int32, [])
    return {"fetch": {"g": tf.gather(x, i)}, "feed": {x: v, i: 7}}


@case(error="Expected begin[1] == 0 (got 1) and size[1] == 0 (got 0) when input.dim_size(1) == 0")
def slice_error_begin_in_empty_dim(tf, rng):
    x, v = _ph(tf, rng, [None, None], [2, 0])
    return {"fetch": {"s": tf.slice(x, [0, 1], [1, 0])}, "feed": {x: v}}


@case(error="WhereOp : Unhandled input dimensions: 0")
def where_error_scalar_condition(tf, rng):
    c = tf.placeholder(tf.bool, None)
    return {"fetch": {"w": tf.where(c)}, "feed": {c: True}}


@case
def where_select_empty_list_condition(tf, rng):
    return {"fetch": {"s": tf.where([], [], [])}}


@case(error="Expected bool passed to parameter 'condition' of op 'Select'")
def where_error_int_list_condition(tf, rng):
    tf.where([1, 0], tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0]))


@case
def transpose_unknown_rank_one_perm(tf, rng):
    x = tf.placeholder(tf.float32, None)
    return {"fetch": {"t": tf.transpose(x, [0])}, "feed": {x: np.arange(3, dtype=np.float32)}}


@case(error="2 is out of range [0 .. 2)")
def transpose_error_perm_out_of_range_at_run(tf, rng):
    x, v = _ph(tf, rng, [2, 3])
    p = tf.placeholder(tf.int32, [2])
    return {"fetch": {"t": tf.transpose(x, p)}, "feed": {x: v, p: np.array([0, 2], np.int32)}}


@case(error="'dim' input must be a tensor with a single value")
def expand_dims_error_two_axes(tf, rng):
    tf.expand_dims(tf.zeros([2]), [0, 1])


@case(error="'dim' must be a tensor with a single value")
def expand_dims_error_two_axes_at_run(tf, rng):
    d = tf.placeholder(tf.int32, [None])
    return {"fetch": {"e": tf.expand_dims(tf.zeros([2]), d)}, "feed": {d: np.array([0, 1], np.int32)}}


@case(error="not in list of allowed values: int32, int64")
def shape_error_float_out_type(tf, rng):
    tf.shape(tf.placeholder(tf.float32, [None, 3]), out_type=tf.float32)


@case(error="Dimension 0 in both shapes must be equal, but are 1 and 2. Shapes are [1] and [2].")
def strided_slice_error_begin_end_lengths(tf, rng):
    tf.strided_slice(tf.zeros([3]), [0], [1, 2])


@case
def reverse_scalar_passes_through_at_run(tf, rng):
    x = tf.placeholder(tf.int32, None)
    return {"fetch": {"r": tf.reverse(x, [0])}, "feed": {x: np.int32(7)}}


@case(error="Dimension size, given by scalar input 0 must be in range [-0, 0)")
def split_error_scalar_input(tf, rng):
    tf.split(tf.constant(True), 2)
