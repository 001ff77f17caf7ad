"""Golden cases: core_extra. The TF 1.15 core symbols TF1 scripts still reach: segment
reductions, arg_max/arg_min, reduce_euclidean_norm, cross, histogram_fixed_width, where_v2,
ensure_shape, identity_n, broadcast shapes, roll, searchsorted, unravel_index, meshgrid; the
check_ops asserts and tf.debugging; swish, crelu, relu_layer, LRN, the moments helpers,
zero_fraction, the 1-D pools, conv2d_transpose and its layer; categorical, gamma and poisson
samples (TF's Philox values); the FTRL, proximal and AdagradDA optimizers over 3 steps (dense
and sparse gradients); ExponentialMovingAverage.

Gradient graphs record op types only (`names=False`: TF 2.x builds them apart from 1.15), as
do graphs TF 2.x builds otherwise than 1.15 where 1.15's source is known: swish (2.x adds a
`beta`), weighted_moments (2.x divides with DivNoNan, 1.15 multiplies by a Reciprocal), the
binary asserts (2.x's `_binary_assert` drops the empty message and checks known values while
building), the Conv2DTranspose layer (2.x reads the static input shape) and the moving
averages (TF's variable-initializer rewriting); the names that matter there are facts.
"""
import numpy as np

from . import case, edit_graph, fetched_tensors, normal, uniform


def _ph(tf, shape, value):
    return tf.placeholder(tf.as_dtype(value.dtype), shape), value


def _names(xs):
    return [x.name for x in xs]


# ---- segment reductions

@case
def segments_sorted(tf, rng):
    data, dv = _ph(tf, [None, 3], normal(rng, 6, 3))
    ids = tf.constant([0, 0, 1, 3, 3, 3])
    ints_ = tf.constant([[1, -4], [3, 4], [7, 2]])
    return {"fetch": {"sum": tf.segment_sum(data, ids), "mean": tf.segment_mean(data, ids),
                      "max": tf.segment_max(data, ids), "min": tf.segment_min(data, ids),
                      "prod": tf.segment_prod(data, ids, name="p"),
                      "math": tf.math.segment_mean(data, ids),
                      "int_mean": tf.segment_mean(ints_, [0, 0, 1]),
                      "int_max": tf.segment_max(ints_, [1, 1, 1])},
            "feed": {data: dv}}


@case
def segments_unsorted(tf, rng):
    """Negative ids are dropped; empty segments hold the type's lowest or highest value or 1."""
    data, dv = _ph(tf, [2, 3, 2], normal(rng, 2, 3, 2))
    ids = tf.constant([[1, -1, 3], [1, 0, 3]])
    n = tf.placeholder(tf.int32, [])
    return {"fetch": {"max": tf.unsorted_segment_max(data, ids, 5),
                      "min": tf.unsorted_segment_min(data, ids, n),
                      "prod": tf.unsorted_segment_prod(data, ids, 5),
                      "int": tf.unsorted_segment_max(tf.constant([4, 9, 2]), [2, 2, 0], 4),
                      "math": tf.math.unsorted_segment_prod(data, ids, 5)},
            "feed": {data: dv, n: 5}}


@case
def segments_unsorted_mean_sqrt_n(tf, rng):
    """TF 2.x counts the rows per segment with more ops than 1.15's `_unsorted_segment_N`."""
    data, dv = _ph(tf, [2, 3, 2], normal(rng, 2, 3, 2))
    ids = tf.constant([[1, -1, 3], [1, 0, 3]])
    mean = tf.unsorted_segment_mean(data, ids, 5)
    sqrt_n = tf.math.unsorted_segment_sqrt_n(data, ids, 5)
    return {"fetch": {"mean": mean, "sqrt_n": sqrt_n}, "feed": {data: dv}, "names": False,
            "facts": {"names": _names([mean, sqrt_n])}}


@case
def segments_gradients(tf, rng):
    x = tf.constant(np.random.RandomState(3).permutation(24).reshape(6, 4).astype(np.float32))
    z = tf.constant(np.array([[0.0, 1.5], [0.7, 0.0], [1.2, -0.8], [-0.9, 0.0], [1.1, 0.0]],
                             np.float32))
    ys = {"mean": tf.segment_mean(x, [0, 0, 1, 1, 1, 4]),
          "max": tf.segment_max(x, [0, 0, 2, 2, 3, 3]),
          "min": tf.segment_min(x, [0, 1, 1, 1, 2, 2]),
          "umax": tf.unsorted_segment_max(x, [2, -1, 0, 2, 0, 1], 3),
          "umin": tf.unsorted_segment_min(x, [2, -1, 0, 2, 0, 1], 4),
          "uprod": tf.unsorted_segment_prod(z, [2, 1, 0, 2, 2], 3),
          "usqrt": tf.unsorted_segment_sqrt_n(x, [1, 1, -1, 0, 0, 0], 3)}
    fetch = {k: tf.gradients(tf.reduce_sum(y * y), z if k == "uprod" else x)[0]
             for k, y in ys.items()}
    return {"fetch": fetch, "names": False}


@case(error="segment ids are not increasing")
def segments_unsorted_ids_error(tf, rng):
    ids = tf.placeholder(tf.int32, [None])
    return {"fetch": tf.segment_max(tf.ones([3, 2]), ids), "feed": {ids: [0, 2, 1]}}


@case(error="is out of range [0, 3)")
def unsorted_segment_id_out_of_range(tf, rng):
    ids = tf.placeholder(tf.int32, [None])
    return {"fetch": tf.unsorted_segment_prod(tf.ones([2]), ids, 3), "feed": {ids: [0, 5]}}


@case
def arg_max_arg_min(tf, rng):
    x, v = _ph(tf, [None, 4], normal(rng, 3, 4))
    return {"fetch": {"max": tf.arg_max(x, 1), "min": tf.arg_min(x, 0, output_type=tf.int32),
                      "named": tf.arg_max(x, 0, name="am")}, "feed": {x: v}}


@case
def euclidean_norm(tf, rng):
    x, v = _ph(tf, [2, 3, 4], normal(rng, 2, 3, 4))
    return {"fetch": {"axes": tf.math.reduce_euclidean_norm(x, [0, 2]),
                      "all": tf.math.reduce_euclidean_norm(x),
                      "keep": tf.math.reduce_euclidean_norm(x, 1, keepdims=True),
                      "ints": tf.math.reduce_euclidean_norm(tf.constant([[3, 4], [2, 3]]), 1),
                      "named": tf.math.reduce_euclidean_norm(x, -1, name="en")},
            "feed": {x: v}}


@case
def euclidean_norm_and_cross_gradients(tf, rng):
    x = tf.constant(normal(rng, 2, 3, 4))
    a, b = tf.constant(normal(rng, 4, 3)), tf.constant(normal(rng, 4, 3))
    w = tf.constant(normal(rng, 4, 3))
    return {"fetch": {"norm": tf.gradients(tf.math.reduce_euclidean_norm(x, [0, 2]) * [1.0, 2.0,
                                                                                      3.0], x),
                      "cross": tf.gradients(tf.reduce_sum(tf.cross(a, b) * w), [a, b])},
            "names": False}


@case
def cross_products(tf, rng):
    a, av = _ph(tf, [None, 3], normal(rng, 4, 3))
    b, bv = _ph(tf, [4, 3], normal(rng, 4, 3))
    return {"fetch": {"c": tf.cross(a, b), "lin": tf.linalg.cross(b, a),
                      "int": tf.cross([1, 2, 3], [3, 4, 5])}, "feed": {a: av, b: bv}}


@case(error="Dimension must be 3 but is 2")
def cross_wrong_size(tf, rng):
    tf.cross(tf.ones([1, 2]), tf.ones([1, 2]))


@case
def histogram_fixed_width(tf, rng):
    values = tf.constant(np.concatenate([uniform(rng, -2, 7, 40), [0.0, 5.0, 2.5]]).astype(
        np.float32))
    vr = tf.placeholder(tf.float32, [2])
    return {"fetch": {"h": tf.histogram_fixed_width(values, [0.0, 5.0], nbins=5),
                      "dyn": tf.histogram_fixed_width(values, vr, nbins=7, dtype=tf.int64),
                      "int": tf.histogram_fixed_width(tf.constant([-1, 0, 1, 2, 5, 15]), [0, 5],
                                                      nbins=3)},
            "feed": {vr: np.array([-1.0, 3.0], np.float32)}}


@case(error="Requires nbins > 0")
def histogram_no_bins(tf, rng):
    tf.histogram_fixed_width(tf.constant([1.0]), [0.0, 5.0], nbins=0)


@case(error="value_range[0] < value_range[1]")
def histogram_bad_range(tf, rng):
    vr = tf.placeholder(tf.float32, [2])
    return {"fetch": tf.histogram_fixed_width(tf.constant([1.0]), vr),
            "feed": {vr: np.array([5.0, 0.0], np.float32)}}


# ---- array ops

@case
def where_v2_broadcasting(tf, rng):
    x, xv = _ph(tf, [None, 2], normal(rng, 3, 2))
    c = tf.placeholder(tf.bool, [2])
    return {"fetch": {"rows": tf.where_v2(c, x, 0.0), "cols": tf.where_v2([[True], [False],
                                                                          [True]], x, -x),
                      "coords": tf.where_v2(x > 0), "named": tf.where_v2(c, 1.0, 2.0, name="w")},
            "feed": {x: xv, c: np.array([True, False])}}


@case
def where_v2_gradient(tf, rng):
    x, y = tf.constant(normal(rng, 2, 3, 4)), tf.constant(normal(rng, 4))
    c = tf.constant(np.array([[[True], [False], [True]]]))
    out = tf.where_v2(c, x, y) * tf.constant(normal(rng, 2, 3, 4))
    return {"fetch": tf.gradients(tf.reduce_sum(out), [x, y]), "names": False}


@case(error="Dimensions must be equal, but are 2 and 3")
def where_v2_incompatible(tf, rng):
    tf.where_v2(tf.constant([True, False]), tf.ones([3]), 0.0)


@case
def ensure_shape_and_identity_n(tf, rng):
    x, v = _ph(tf, [None, 3], normal(rng, 2, 3))
    y = tf.ensure_shape(x, [2, 3])
    return {"fetch": {"e": y, "n": tf.identity_n([x, tf.constant(4), y])}, "feed": {x: v}}


@case
def ensure_shape_and_identity_n_gradients(tf, rng):
    x = tf.constant(normal(rng, 2, 3))
    outs = tf.identity_n([x, tf.constant(4), tf.ensure_shape(x * x, [2, 3])])
    return {"fetch": tf.gradients(tf.reduce_sum(outs[2] * outs[0]), x), "names": False}


@case(error="is not compatible with expected shape")
def ensure_shape_run_error(tf, rng):
    x = tf.placeholder(tf.float32, [None, 3])
    return {"fetch": tf.ensure_shape(x, [2, 3]), "feed": {x: np.ones((3, 3), np.float32)}}


@case
def broadcast_shapes(tf, rng):
    s0, s1 = tf.placeholder(tf.int32, [None]), tf.placeholder(tf.int32, [None])
    static = tf.broadcast_static_shape(tf.TensorShape([2, 1, None]), tf.TensorShape([4, 1]))
    return {"fetch": {"d": tf.broadcast_dynamic_shape(s0, s1),
                      "c": tf.broadcast_dynamic_shape(tf.constant([2, 3]), tf.constant([1]))},
            "feed": {s0: [2, 1, 3], s1: [5, 1]}, "facts": {"static": static.as_list()}}


@case(error="Incompatible shapes: [2,3] vs. [4]")
def broadcast_dynamic_incompatible(tf, rng):
    return {"fetch": tf.broadcast_dynamic_shape(tf.constant([2, 3]), tf.constant([4]))}


@case
def roll_forms(tf, rng):
    x, v = _ph(tf, [None, 4, 5], normal(rng, 3, 4, 5))
    shift = tf.placeholder(tf.int32, [None])
    return {"fetch": {"one": tf.roll(x, 2, 1), "many": tf.roll(x, [1, -2, 7], [0, 2, 2]),
                      "dyn": tf.roll(x, shift, [0, 1])},
            "feed": {x: v, shift: [-1, 3]}}


@case
def roll_gradient(tf, rng):
    x = tf.constant(normal(rng, 3, 4, 5))
    weights = tf.constant(np.arange(60.0).reshape(3, 4, 5).astype(np.float32))
    return {"fetch": tf.gradients(tf.reduce_sum(tf.roll(x, [1, -1], [0, 2]) * weights), x),
            "names": False}


@case(error="is out of range")
def roll_axis_out_of_range(tf, rng):
    return {"fetch": tf.roll(tf.constant([1, 2, 3]), 1, tf.constant(2))}


def _shape_as_constant(rec):
    """TF 1.15's `shape()` of a fully known shape is a Const named `Shape` (TF 2.x:
    `Shape/shape_as_tensor`)."""
    def const_name(entry):
        name = entry.partition(" (")[0]
        if name.endswith("/shape_as_tensor") and name.split("/")[-2].startswith("Shape"):
            return entry.replace("/shape_as_tensor (", " (")
        return entry
    rec["graph"] = [const_name(g) for g in rec["graph"]]


@case(tf115=_shape_as_constant)
def searchsorted_sides(tf, rng):
    seq = np.sort(normal(rng, 2, 6), axis=1)
    vals = normal(rng, 2, 4)
    vals[0, :2] = seq[0, 2:4]
    s, sv = _ph(tf, [2, 6], seq)
    v, vv = _ph(tf, [2, None], vals)
    return {"fetch": {"left": tf.searchsorted(s, v), "right": tf.searchsorted(s, v,
                                                                              side="right"),
                      "vector": tf.searchsorted([1.0, 3.0, 5.0], [0.0, 3.0, 9.0],
                                                out_type=tf.int64)},
            "feed": {s: sv, v: vv}}


@case
def unravel_index_and_meshgrid(tf, rng):
    return {"fetch": {"u": tf.unravel_index([1, 5, 7], [2, 4]), "s": tf.unravel_index(5, [2, 4]),
                      "u64": tf.unravel_index(tf.constant([0, 23], tf.int64), [2, 3, 4]),
                      "xy": tf.meshgrid([1, 2, 3], [4, 5]),
                      "ij": tf.meshgrid([1.0, 2.0], [3.0, 4.0, 5.0], [6.0], indexing="ij")}}


@case(error="index is out of bound as with dims")
def unravel_index_out_of_bound(tf, rng):
    return {"fetch": tf.unravel_index([9], [2, 4])}


# ---- check_ops and tf.debugging

@case
def asserts_that_hold(tf, rng):
    x = tf.placeholder(tf.float32, [None])
    checks = [tf.assert_non_negative(x), tf.assert_non_positive(-x), tf.assert_negative(x - 9.0),
              tf.assert_greater(x + 1.0, x), tf.assert_none_equal(x, x + 1.0),
              tf.assert_near(x, x + 1e-7), tf.assert_rank_at_least(x, 1),
              tf.debugging.assert_positive(x + 1.0)]
    with tf.control_dependencies(checks):
        y = tf.identity(x)
    return {"fetch": y, "feed": {x: np.array([0.0, 2.0], np.float32)}, "names": False}


for _name, _value in (("assert_non_negative", [-1.0, 2.0]), ("assert_negative", [-1.0, 0.0]),
                      ("assert_non_positive", [1.0])):
    def _failing(tf, rng, fn=_name, value=_value):
        x = tf.placeholder(tf.float32, [None])
        with tf.control_dependencies([getattr(tf, fn)(x)]):
            y = tf.identity(x)
        return {"fetch": y, "feed": {x: np.array(value, np.float32)}, "names": False}
    case(name=f"{_name}_fails", error="did not hold")(_failing)


@case(error="did not hold")
def assert_greater_fails(tf, rng):
    x = tf.placeholder(tf.int32, [None])
    with tf.control_dependencies([tf.debugging.assert_greater(x, 2)]):
        y = tf.identity(x)
    return {"fetch": y, "feed": {x: np.array([3, 1], np.int32)}, "names": False}


@case(error="assertion failed")
def assert_near_fails(tf, rng):
    x = tf.placeholder(tf.float32, [None])
    with tf.control_dependencies([tf.assert_near(x, [1.0, 2.0], rtol=0.01, atol=0.0)]):
        y = tf.identity(x)
    return {"fetch": y, "feed": {x: np.array([1.0, 2.5], np.float32)}, "names": False}


@case(error="to be integer type")
def assert_integer_of_floats(tf, rng):
    tf.assert_integer(tf.constant([1.0]))


@case(error="Expected scalar shape for Const:0, saw shape: (2,)")
def assert_scalar_of_vector(tf, rng):
    tf.assert_scalar(tf.constant([1, 2]))


@case(error="must have rank at least 3")
def assert_rank_at_least_static(tf, rng):
    tf.assert_rank_at_least(tf.placeholder(tf.float32, [2, 3]), 3)


@case(error="must be of the same type")
def assert_same_float_dtype_mismatch(tf, rng):
    tf.assert_same_float_dtype([tf.constant(1.0), tf.constant(1.0, tf.float64)])


@case(error="Expected argument \"values\" to be a \"proper\" iterable.")
def assert_proper_iterable_of_tensor(tf, rng):
    tf.assert_proper_iterable(tf.constant([1, 2]))


@case
def checks_that_compute(tf, rng):
    """TF 2.x builds is_non_decreasing/is_strictly_increasing with other ops."""
    x = tf.placeholder(tf.float32)
    s = tf.assert_scalar(tf.constant(3.0))
    facts = {"integer": tf.assert_integer(tf.constant([1, 2])).name, "scalar": s.name,
             "rank": tf.assert_rank_at_least(tf.ones([2, 3]), 2).name,
             "float": tf.assert_same_float_dtype([tf.constant(1.0), None]).name,
             "numeric": [tf.is_numeric_tensor(t) for t in (x, tf.constant(True), tf.constant(1))],
             "debugging": sorted(n for n in (
                 "Assert", "assert_all_finite", "assert_equal", "assert_greater",
                 "assert_greater_equal", "assert_integer", "assert_less", "assert_less_equal",
                 "assert_near", "assert_negative", "assert_non_negative", "assert_non_positive",
                 "assert_none_equal", "assert_positive", "assert_proper_iterable", "assert_rank",
                 "assert_rank_at_least", "assert_rank_in", "assert_same_float_dtype",
                 "assert_scalar", "assert_type", "check_numerics", "is_finite", "is_inf",
                 "is_nan", "is_non_decreasing", "is_numeric_tensor", "is_strictly_increasing")
                 if hasattr(tf.debugging, n))}
    return {"fetch": {"inc": tf.is_strictly_increasing(x), "nondec": tf.is_non_decreasing(x),
                      "math": tf.math.is_non_decreasing([[1, 2], [2, 5]]), "s": s},
            "feed": {x: np.array([1.0, 2.0, 2.0], np.float32)}, "facts": facts,
            "names": False}


# ---- nn

@case
def swish_values_and_gradient(tf, rng):
    x, v = _ph(tf, [2, 5], uniform(rng, -4, 4, 2, 5))
    y = tf.nn.swish(x)
    return {"fetch": {"y": y, "g": tf.gradients(tf.reduce_sum(y * y), x)}, "feed": {x: v},
            "names": False, "facts": {"name": y.name}}


@case
def crelu_and_relu_layer(tf, rng):
    x, v = _ph(tf, [None, 3], normal(rng, 4, 3))
    w, b = tf.constant(normal(rng, 3, 2)), tf.constant(normal(rng, 2))
    return {"fetch": {"c": tf.nn.crelu(x), "c0": tf.nn.crelu(x, axis=0, name="cc"),
                      "r": tf.nn.relu_layer(x, w, b), "rn": tf.nn.relu_layer(x, w, b, name="rl")},
            "feed": {x: v}}


@case
def lrn_values(tf, rng):
    x, v = _ph(tf, [2, 3, 4, 7], normal(rng, 2, 3, 4, 7))
    return {"fetch": {"default": tf.nn.lrn(x), "args": tf.nn.lrn(x, 2, 1.5, 0.3, 0.6),
                      "long": tf.nn.local_response_normalization(x, depth_radius=1, bias=2.0,
                                                                 alpha=0.5, beta=0.75, name="n")},
            "feed": {x: v}}


@case
def lrn_gradient(tf, rng):
    x = tf.constant(normal(rng, 1, 2, 3, 6))
    y = tf.nn.lrn(x, 2, 1.5, 0.3, 0.6)
    return {"fetch": tf.gradients(tf.reduce_sum(y * tf.constant(normal(rng, 1, 2, 3, 6))), x),
            "names": False, "tol": 1e-4}


@case(error="Shape must be rank 4 but is rank 2")
def lrn_rank(tf, rng):
    tf.nn.lrn(tf.ones([2, 3]))


def _moments_tf115(rec):
    """TF 1.15's sufficient_statistics gathers the axes as given (TF 2.x first makes them
    positive with a Rank); its normalize_moments adds the shift with `tf.add`, op Add."""
    edit_graph(drop=("sufficient_statistics_1/Rank (Const)",),
               retype={"normalize_1/mean (AddV2)": "normalize_1/mean (Add)"})(rec)
    for t in fetched_tensors(rec):
        if t.get("tensor") == "normalize_1/mean:0":
            t["type"] = "Add"


@case(tf115=_moments_tf115)
def moments_helpers(tf, rng):
    x, v = _ph(tf, [None, 3], normal(rng, 5, 3))
    k = tf.constant(normal(rng, 4, 3))
    counts, m_ss, v_ss, shift = tf.nn.sufficient_statistics(k, [0, 1])
    d_counts, d_m, d_v, d_shift = tf.nn.sufficient_statistics(x, [0], shift=0.5, keep_dims=True)
    return {"fetch": {"static": [counts, m_ss, v_ss], "dynamic": [d_counts, d_m, d_v, d_shift],
                      "normal": tf.nn.normalize_moments(counts, m_ss, v_ss, None),
                      "shifted": tf.nn.normalize_moments(d_counts, d_m, d_v, d_shift)},
            "feed": {x: v}}


@case
def weighted_moments_values(tf, rng):
    x, v = _ph(tf, [None, 3], normal(rng, 4, 3))
    w = tf.constant(uniform(rng, 0.5, 2.0, 4, 1))
    return {"fetch": {"rows": tf.nn.weighted_moments(x, [0], w),
                      "all": tf.nn.weighted_moments(x, [0, 1], 2.0, keep_dims=True)},
            "feed": {x: v}, "names": False}


@case
def zero_fraction_values(tf, rng):
    x, v = _ph(tf, [None, 4], np.maximum(normal(rng, 3, 4), 0))
    return {"fetch": {"z": tf.nn.zero_fraction(x), "m": tf.math.zero_fraction([0, 1, 0])},
            "feed": {x: v}}


@case
def pool1d(tf, rng):
    x, v = _ph(tf, [2, 7, 3], normal(rng, 2, 7, 3))
    return {"fetch": {"max": tf.nn.max_pool1d(x, 3, 2, "VALID"),
                      "avg": tf.nn.avg_pool1d(x, [2], [1], "SAME")},
            "feed": {x: v}}


@case
def conv2d_transpose_forms(tf, rng):
    v, vv = _ph(tf, [2, 3, 3, 4], normal(rng, 2, 3, 3, 4))
    f = tf.constant(normal(rng, 3, 3, 5, 4))
    n = tf.shape(v)[0]
    return {"fetch": {"same": tf.nn.conv2d_transpose(v, f, [2, 6, 6, 5], [1, 2, 2, 1]),
                      "valid": tf.nn.conv2d_transpose(v, f, [2, 7, 7, 5], 2, padding="VALID"),
                      "dyn": tf.nn.conv2d_transpose(v, f, tf.stack([n, 5, 5, 5]), [1, 2, 2, 1],
                                                    name="up"),
                      "kw": tf.nn.conv2d_transpose(input=v, filters=f, output_shape=[2, 3, 3, 5],
                                                   strides=[1, 1, 1, 1])},
            "feed": {v: vv}}


@case
def conv2d_transpose_gradients(tf, rng):
    v, f = tf.constant(normal(rng, 1, 3, 4, 2)), tf.constant(normal(rng, 3, 2, 3, 2))
    y = tf.nn.conv2d_transpose(v, f, [1, 5, 8, 3], [1, 2, 2, 1])
    return {"fetch": tf.gradients(tf.reduce_sum(y * tf.constant(normal(rng, 1, 5, 8, 3))),
                                  [v, f]), "names": False}


@case
def conv2d_transpose_layer(tf, rng):
    x, xv = _ph(tf, [2, 4, 5, 3], normal(rng, 2, 4, 5, 3))
    y = tf.layers.conv2d_transpose(x, 4, 3, strides=2, padding="same",
                                   kernel_initializer=tf.constant_initializer(
                                       normal(rng, 3, 3, 4, 3)),
                                   bias_initializer=tf.constant_initializer(0.1))
    layer = tf.layers.Conv2DTranspose(2, (2, 3), strides=(1, 2), activation=tf.nn.relu,
                                      kernel_initializer=tf.constant_initializer(
                                          normal(rng, 2, 3, 2, 4)), name="up")
    z = layer.apply(y)
    cf = tf.layers.conv2d_transpose(tf.transpose(x, [0, 3, 1, 2]), 2, 2, strides=2,
                                    data_format="channels_first", use_bias=False,
                                    kernel_initializer=tf.constant_initializer(
                                        normal(rng, 2, 2, 2, 3)))
    return {"fetch": {"y": y, "z": z, "cf": cf}, "feed": {x: xv}, "init": True, "names": False,
            "facts": {"variables": [(v.name, v.shape.as_list()) for v in tf.global_variables()],
                      "outputs": _names([y, z, cf])}}


# ---- random: TF's Philox values

@case
def categorical_values(tf, rng):
    logits = tf.constant(normal(rng, 3, 5))
    tf.set_random_seed(5)
    return {"fetch": {"c": tf.random.categorical(logits, 20, seed=1),
                      "c32": tf.random.categorical(logits, 4, dtype=tf.int32, seed=9),
                      "m": tf.random.multinomial(logits, 6, seed=9)}}


def _alpha_plus_zeros_like_beta(rec):
    """TF 1.15's random_gamma broadcasts alpha as `alpha + zeros_like(beta)` (TF 2.x:
    BroadcastArgs of the two shapes and BroadcastTo)."""
    out = []
    for entry in rec["graph"]:
        name, _, kind = entry.partition(" (")
        scope, _, base = name.rpartition("/")
        if base in ("Shape_1", "Shape_2", "BroadcastArgs") and scope.startswith("random_gamma"):
            continue
        if base == "BroadcastTo" and scope.startswith("random_gamma"):
            out += [f"{scope}/zeros_like (Const)", f"{scope}/add (AddV2)"]
            continue
        out.append(entry)
    rec["graph"] = out


@case(tf115=_alpha_plus_zeros_like_beta)
def gamma_values(tf, rng):
    tf.set_random_seed(7)
    return {"fetch": {"d": tf.random.gamma([3, 2], [0.5, 2.5, 7.0], dtype=tf.float64, seed=3),
                      "beta": tf.random_gamma([4], [[0.3], [12.0]], beta=[1.0, 2.0],
                                              dtype=tf.float64, seed=5),
                      "f": tf.random.gamma([5], [1.0, 0.2, 40.0], seed=6)}}


@case
def gamma_gradient(tf, rng):
    alpha = tf.constant([0.5, 2.0, 6.0], tf.float64)
    tf.set_random_seed(3)
    x = tf.random_gamma([5, 2], alpha, beta=[[1.0], [2.0], [0.5]], dtype=tf.float64, seed=4)
    return {"fetch": {"x": x, "g": tf.gradients(tf.reduce_sum(x), alpha)}, "names": False}


@case
def poisson_values(tf, rng):
    tf.set_random_seed(11)
    return {"fetch": {"f": tf.random.poisson([0.5, 4.0, 25.0, 300.0], [3], dtype=tf.float64,
                                             seed=2),
                      "i": tf.random_poisson([[1.5, 60.0]], [2, 2], dtype=tf.int32, seed=12),
                      "h": tf.random_poisson(tf.constant([9.5, 10.0]), [4], seed=1)}}


# ---- optimizers: 3 steps of a dense layer and an embedding table (sparse gradients)

OPTIMIZERS = {
    "ftrl": lambda tf, step: tf.train.FtrlOptimizer(0.3, l1_regularization_strength=0.01,
                                                    l2_regularization_strength=0.02),
    "ftrl_power": lambda tf, step: tf.train.FtrlOptimizer(0.3, learning_rate_power=-0.7,
                                                          initial_accumulator_value=0.5),
    "ftrl_shrinkage": lambda tf, step: tf.train.FtrlOptimizer(
        0.3, l1_regularization_strength=0.01, l2_shrinkage_regularization_strength=0.05,
        accum_name="acc", linear_name="lin"),
    "proximal_gradient_descent": lambda tf, step: tf.train.ProximalGradientDescentOptimizer(
        0.1, l1_regularization_strength=0.01, l2_regularization_strength=0.1),
    "proximal_adagrad": lambda tf, step: tf.train.ProximalAdagradOptimizer(
        0.2, l1_regularization_strength=0.01, l2_regularization_strength=0.1),
    "adagrad_da": lambda tf, step: tf.train.AdagradDAOptimizer(
        0.2, step, l1_regularization_strength=0.01, l2_regularization_strength=0.1),
}


def _optimizer_case(make):
    def fn(tf, rng):
        x = tf.constant(normal(rng, 4, 3))
        w = tf.Variable(normal(rng, 3, 2), name="w")
        table = tf.Variable(normal(rng, 5, 2), name="emb")
        ids = tf.placeholder(tf.int32, [None])
        step = tf.train.get_or_create_global_step()
        loss = tf.reduce_sum(tf.square(tf.matmul(x, w) - 0.5)) + tf.reduce_sum(
            tf.square(tf.gather(table, ids)))
        opt = make(tf, step)
        train_op = opt.minimize(loss, global_step=step)
        feeds = [[1, 3, 3], [0, 1], [4, 3]]

        def run(sess):
            out = []
            for feed in feeds:
                sess.run(train_op, {ids: feed})
                out.append(sess.run({"loss": loss, "w": w, "emb": table}, {ids: feed}))
            slots = {v.op.name: {n: sess.run(opt.get_slot(v, n)) for n in opt.get_slot_names()}
                     for v in (w, table)}
            return {"steps": out, "slots": slots}
        return {"run": run, "init": True, "names": False,
                "facts": {"train_op": [train_op.name, train_op.type],
                          "globals": _names(tf.global_variables()),
                          "slots": opt.get_slot_names()}}
    return fn


for _name, _make in OPTIMIZERS.items():
    case(name=f"optimizer_{_name}")(_optimizer_case(_make))


@case(error="needs to be positive or zero")
def ftrl_negative_l1(tf, rng):
    tf.train.FtrlOptimizer(0.1, l1_regularization_strength=-1.0)


@case(error="initial_accumulator_value must be positive")
def proximal_adagrad_zero_accumulator(tf, rng):
    tf.train.ProximalAdagradOptimizer(0.1, initial_accumulator_value=0.0)


@case(error="lr is not a positive scalar")
def proximal_adagrad_negative_rate(tf, rng):
    w = tf.Variable([1.0, 2.0], name="w")
    return {"fetch": tf.train.ProximalAdagradOptimizer(-0.1).minimize(tf.reduce_sum(w * w)),
            "init": True, "names": False}


# ---- ExponentialMovingAverage

@case
def moving_average_after_train_op(tf, rng):
    w = tf.Variable(normal(rng, 2, 3), name="w")
    with tf.variable_scope("s"):
        b = tf.get_variable("b", initializer=np.zeros(3, np.float32))
    x = tf.constant(normal(rng, 4, 2))
    step = tf.train.get_or_create_global_step()
    loss = tf.reduce_sum(tf.square(tf.matmul(x, w) + b - 1.0))
    train_op = tf.train.GradientDescentOptimizer(0.05).minimize(loss, global_step=step)
    ema = tf.train.ExponentialMovingAverage(0.9, num_updates=step)
    with tf.control_dependencies([train_op]):
        train = ema.apply([w, b])
    t = tf.placeholder(tf.float32, [2])
    debiased = tf.train.ExponentialMovingAverage(0.5, zero_debias=True, name="avg")
    track = debiased.apply([t])

    def run(sess):
        out = []
        for i in range(3):
            sess.run([train, track], {t: np.array([i + 1.0, 2.0 * i], np.float32)})
            out.append(sess.run({"w": ema.average(w), "b": ema.average(b),
                                 "t": debiased.average(t), "step": step}))
        return out
    restore = ema.variables_to_restore()
    return {"run": run, "init": True, "names": False,
            "facts": {"apply": [train.name, train.type], "track": track.name,
                      "averages": _names([ema.average(w), ema.average(b), debiased.average(t)]),
                      "average_names": [ema.average_name(w), ema.average_name(step),
                                        debiased.average_name(t)],
                      "restore": sorted((k, v.name) for k, v in restore.items()),
                      "globals": _names(tf.global_variables()),
                      "moving": _names(tf.get_collection(tf.GraphKeys.MOVING_AVERAGE_VARIABLES))}}


@case(error="The variables must be half, float, or double")
def moving_average_of_ints(tf, rng):
    tf.train.ExponentialMovingAverage(0.5).apply([tf.Variable([1, 2])])
