"""More math and nn ops: expm1, the error functions, trigonometric and hyperbolic functions,
rint, atan2, truncatediv/truncatemod, count_nonzero, norm, top_k, in_top_k, leaky_relu, selu,
softsign, their gradients and the tf.math / tf.dtypes namespaces."""
import numpy as np

from . import case, ints, normal, uniform


def _ph(tf, shape, value):
    return tf.placeholder(tf.as_dtype(value.dtype), shape), value


UNARY = {  # name -> (low, high) of the inputs
    "expm1": (-3.0, 3.0), "erf": (-3.5, 3.5), "erfc": (-3.5, 6.0), "tan": (-1.4, 1.4),
    "asin": (-0.99, 0.99), "acos": (-0.99, 0.99), "atan": (-5.0, 5.0), "sinh": (-3.0, 3.0),
    "cosh": (-3.0, 3.0), "asinh": (-5.0, 5.0), "acosh": (1.01, 5.0), "atanh": (-0.99, 0.99),
    "rint": (-4.0, 4.0),
}

for _op, (_lo, _hi) in UNARY.items():
    for _dt in ("float32", "float64"):
        def _unary_case(tf, rng, op=_op, lo=_lo, hi=_hi, dt=_dt):
            x, v = _ph(tf, [None, 3], uniform(rng, lo, hi, 4, 3, dtype=dt))
            k, kv = _ph(tf, [2, 3, 4], uniform(rng, lo, hi, 2, 3, 4, dtype=dt))
            fn = getattr(tf, op)
            return {"fetch": {"partial": fn(x), "known": fn(k), "named": fn(k, name="f"),
                              "math": getattr(tf.math, op)(k)},
                    "feed": {x: v, k: kv}, "tol": 2e-6}
        case(name=f"unary_{_op}_{_dt}")(_unary_case)


@case
def special_values(tf, rng):
    x = tf.constant([0.0, -0.0, np.inf, -np.inf, np.nan, 2.5, -2.5, 0.5, 1.5, 27.0])
    return {"fetch": {"erf": tf.erf(x), "erfc": tf.erfc(x), "rint": tf.rint(x),
                      "expm1": tf.expm1(x), "atan": tf.atan(x), "tiny": tf.expm1(x * 1e-30)}}


@case(error="not in list of allowed values")
def erf_of_ints(tf, rng):
    tf.erf(tf.constant([1, 2]))


@case
def atan2_broadcast(tf, rng):
    y, yv = _ph(tf, [None, 1, 4], normal(rng, 2, 1, 4))
    x, xv = _ph(tf, [3, 1], normal(rng, 3, 1))
    axes = tf.constant([0.0, 1.0, -1.0, 0.0, -0.0])
    return {"fetch": {"b": tf.atan2(y, x), "axes": tf.atan2(axes, tf.constant([1.0, 0.0, 0.0,
                                                                               -1.0, -1.0])),
                      "m": tf.math.atan2(y, 2.0, name="a2")}, "feed": {y: yv, x: xv}}


@case(error="does not match type float32")
def atan2_mixed_types(tf, rng):
    tf.atan2(tf.zeros([2]), tf.zeros([2], tf.float64))


@case
def truncatediv_truncatemod(tf, rng):
    a = tf.constant([7, -7, 7, -7, 0, 9], tf.int32)
    b = tf.constant([2, 2, -2, -2, 3, 3], tf.int32)
    x, xv = _ph(tf, [None, 4], normal(rng, 3, 4) * 5)
    y, yv = _ph(tf, [4], np.where(rng.rand(4) < 0.5, -1.5, 2.25).astype(np.float32))
    return {"fetch": {"div": tf.truncatediv(a, b), "mod": tf.truncatemod(a, b),
                      "div64": tf.truncatediv(tf.cast(a, tf.int64), tf.cast(b, tf.int64)),
                      "fdiv": tf.truncatediv(x, y), "fmod": tf.truncatemod(x, y),
                      "py": tf.truncatediv(x, 2.0)},
            "feed": {x: xv, y: yv}}


@case(error="not in list of allowed values")
def truncatemod_of_uint8(tf, rng):
    tf.truncatemod(tf.constant([1], tf.uint8), tf.constant([1], tf.uint8))


@case
def count_nonzero_forms(tf, rng):
    v = ints(rng, -1, 2, 3, 4, 5)
    x, _ = _ph(tf, [None, 4, 5], v)
    f, fv = _ph(tf, [3, 4], (ints(rng, -1, 2, 3, 4) * 0.5).astype(np.float32))
    return {"fetch": {"all": tf.count_nonzero(x), "axis": tf.count_nonzero(x, axis=1),
                      "keep": tf.count_nonzero(x, axis=[0, 2], keepdims=True),
                      "dtype": tf.count_nonzero(f, 0, dtype=tf.int32, name="cnz"),
                      "float": tf.math.count_nonzero(f, reduction_indices=-1)},
            "feed": {x: v, f: fv}}


@case
def norm_forms(tf, rng):
    v = normal(rng, 3, 4)
    x, _ = _ph(tf, [3, 4], v)
    p, _ = _ph(tf, [None, 4], v)
    return {"fetch": {"default": tf.norm(x), "axis0": tf.norm(x, axis=0),
                      "l1": tf.norm(x, ord=1, axis=1), "linf": tf.norm(x, ord=np.inf, axis=-1),
                      "p3": tf.norm(x, ord=3, axis=1), "fro": tf.norm(x, "fro", axis=[0, 1]),
                      "m1": tf.norm(x, 1, axis=(0, 1)), "minf": tf.norm(x, np.inf, axis=(0, 1)),
                      "keep": tf.norm(x, axis=1, keepdims=True), "partial": tf.norm(p, axis=1),
                      "named": tf.norm(x, 2, name="n2")},
            "feed": {x: v, p: v}, "tol": 2e-6}


@case(error="'ord' must be a supported vector norm")
def norm_bad_vector_ord(tf, rng):
    tf.norm(tf.zeros([3]), ord="fro")


@case(error="'axis' must be None, an integer, or a tuple of 2 unique integers")
def norm_bad_axis(tf, rng):
    tf.norm(tf.zeros([3, 3]), axis=[1, 1])


# ---- top_k, in_top_k

@case
def top_k_forms(tf, rng):
    v = normal(rng, 2, 3, 6)
    x, _ = _ph(tf, [2, None, 6], v)
    k, _ = _ph(tf, [], np.array(3, np.int32))
    ints_ = tf.constant([[4, 1, 4, 9, 1], [0, 0, 0, 0, 0]], tf.int32)
    top = tf.nn.top_k(x, 2)
    return {"fetch": {"top": top, "values": top.values, "k": tf.nn.top_k(x, k),
                      "ties": tf.math.top_k(ints_, 3, name="t"),
                      "nan": tf.nn.top_k(tf.constant([1.0, np.nan, 3.0, -np.inf]), 2),
                      "k0": tf.nn.top_k(x, 0), "one": tf.nn.top_k([5.0, 7.0])},
            "feed": {x: v, k: np.array(3, np.int32)},
            "facts": {"type": type(top).__name__, "fields": list(top._fields)}}


@case(error="input must have last dimension >= k = 5 but is 3")
def top_k_static_k_too_big(tf, rng):
    tf.nn.top_k(tf.zeros([2, 3]), 5)


@case(error="Shape must be at least rank 1 but is rank 0")
def top_k_scalar_input(tf, rng):
    tf.nn.top_k(tf.constant(1.0), 1)


@case(error="input must have at least k columns. Had 3, needed 5")
def top_k_runtime_k_too_big(tf, rng):
    x, v = _ph(tf, [2, None], normal(rng, 2, 3))
    k = tf.placeholder(tf.int32)
    return {"fetch": tf.nn.top_k(x, k), "feed": {x: v, k: 5}}


@case(error="Need k >= 0, got -1")
def top_k_runtime_negative_k(tf, rng):
    x, v = _ph(tf, [2, 3], normal(rng, 2, 3))
    k = tf.placeholder(tf.int32)
    return {"fetch": tf.nn.top_k(x, k), "feed": {x: v, k: -1}}


@case
def in_top_k_forms(tf, rng):
    v = normal(rng, 5, 4)
    p, _ = _ph(tf, [None, 4], v)
    t, tv = _ph(tf, [5], ints(rng, 0, 4, 5))
    ties = tf.constant([[1.0, 2.0, 2.0], [3.0, 1.0, 1.0], [1.0, np.nan, 0.0],
                        [1.0, 2.0, 3.0]])
    return {"fetch": {"k1": tf.nn.in_top_k(p, t, 1), "k2": tf.nn.in_top_k(p, t, 2),
                      "ties": tf.math.in_top_k(ties, tf.constant([1, 2, 1, 7], tf.int64), 1,
                                               name="it"),
                      "k0": tf.nn.in_top_k(p, t, 0)},
            "feed": {p: v, t: tv}}


@case(error="Dimensions must be equal, but are 2 and 3")
def in_top_k_batch_mismatch(tf, rng):
    tf.nn.in_top_k(tf.zeros([2, 3]), [1, 2, 0], 1)


@case(error="does not match expected type of float32")
def in_top_k_float64(tf, rng):
    tf.nn.in_top_k(tf.zeros([2, 3], tf.float64), [1, 2], 1)


@case(error="First dimension of predictions 3 must match length of targets 2")
def in_top_k_runtime_mismatch(tf, rng):
    p = tf.placeholder(tf.float32)
    return {"fetch": tf.nn.in_top_k(p, [1, 0], 1), "feed": {p: normal(rng, 3, 3)}}


# ---- activations

@case
def activations(tf, rng):
    v = normal(rng, 3, 4) * 3
    x, _ = _ph(tf, [None, 4], v)
    d, dv = _ph(tf, [3, 4], v.astype(np.float64))
    return {"fetch": {"leaky": tf.nn.leaky_relu(x), "leaky_a": tf.nn.leaky_relu(x, alpha=0.01),
                      "leaky_int": tf.nn.leaky_relu(tf.constant([-3, 2])),
                      "leaky_d": tf.nn.leaky_relu(d, 0.3, name="lr"), "selu": tf.nn.selu(x),
                      "selu_d": tf.nn.selu(d), "softsign": tf.nn.softsign(x),
                      "softsign_m": tf.math.softsign(d, name="ss"),
                      "softplus": tf.math.softplus(x)},
            "feed": {x: v, d: dv}}


@case(error="not in list of allowed values")
def selu_of_ints(tf, rng):
    tf.nn.selu(tf.constant([1, 2]))


# ---- gradients (values only: TF 2.x builds gradient graphs differently from 1.15)

GRADS = {  # name -> (builder, low, high)
    "expm1": (lambda tf, x: tf.expm1(x), -2.0, 2.0), "erf": (lambda tf, x: tf.erf(x), -2, 2),
    "erfc": (lambda tf, x: tf.erfc(x), -2, 2), "tan": (lambda tf, x: tf.tan(x), -1.2, 1.2),
    "asin": (lambda tf, x: tf.asin(x), -0.9, 0.9), "acos": (lambda tf, x: tf.acos(x), -0.9, 0.9),
    "atan": (lambda tf, x: tf.atan(x), -3, 3), "sinh": (lambda tf, x: tf.sinh(x), -2, 2),
    "cosh": (lambda tf, x: tf.cosh(x), -2, 2), "asinh": (lambda tf, x: tf.asinh(x), -3, 3),
    "acosh": (lambda tf, x: tf.acosh(x), 1.1, 3), "atanh": (lambda tf, x: tf.atanh(x), -0.9, 0.9),
    "leaky_relu": (lambda tf, x: tf.nn.leaky_relu(x, 0.1), -2, 2),
    "selu": (lambda tf, x: tf.nn.selu(x), -2, 2), "softsign": (lambda tf, x: tf.nn.softsign(x),
                                                              -3, 3),
    "norm": (lambda tf, x: tf.norm(x, axis=1), -2, 2),
    "top_k": (lambda tf, x: tf.nn.top_k(x, 2).values, -2, 2),
}

for _name, (_build, _lo, _hi) in GRADS.items():
    # second derivatives too, except where TF has none (TopKV2's indices, SoftsignGrad) or a
    # wrong one (TF 1.15's SeluGrad gradient)
    def _grad_case(tf, rng, build=_build, lo=_lo, hi=_hi,
                   second=_name not in ("top_k", "softsign", "selu")):
        v = uniform(rng, lo, hi, 3, 4)
        x, _ = _ph(tf, [3, 4], v)
        y = build(tf, x)
        w = tf.constant(normal(rng, *y.shape.as_list()))
        g = tf.gradients(y * w, x)[0]
        fetch = {"g": g}
        if second:
            fetch["gg"] = tf.gradients(tf.reduce_sum(g * g), x)[0]
        return {"fetch": fetch, "feed": {x: v}, "names": False,
                "tol": 1e-5}
    case(name=f"grad_{_name}")(_grad_case)


@case
def grad_atan2(tf, rng):
    yv, xv = normal(rng, 2, 3), normal(rng, 2, 3)
    y, _ = _ph(tf, [2, 3], yv)
    x, _ = _ph(tf, [2, 3], xv)
    return {"fetch": tf.gradients(tf.atan2(y, x) * 2.0, [y, x]), "feed": {y: yv, x: xv},
            "names": False}


# ---- namespaces

@case
def namespaces(tf, rng):
    x = tf.constant([[1.0, 4.0], [9.0, 16.0]])
    return {"fetch": {"sum": tf.math.reduce_sum(x, 1), "mean": tf.math.reduce_mean(x),
                      "argmax": tf.math.argmax(x, 1), "sqrt": tf.math.sqrt(x),
                      "log": tf.math.log(x), "sig": tf.math.sigmoid(x),
                      "eq": tf.math.equal(x, 4.0), "mul": tf.math.multiply(x, 2.0),
                      "cast": tf.dtypes.cast(x, tf.dtypes.int32)},
            "facts": {"dtype": repr(tf.dtypes.as_dtype("float64")),
                      "same": tf.dtypes.float32 == tf.float32,
                      "is_dtype": isinstance(tf.float16, tf.dtypes.DType)}}
