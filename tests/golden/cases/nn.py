"""`tf.nn` ops: activations, softmax and log_softmax, bias_add, l2_loss."""
import numpy as np

from . import case, ints, normal


def _ph(tf, shape, value):
    return tf.placeholder(tf.as_dtype(value.dtype), shape), value


for _op in ("relu", "relu6", "elu", "softplus", "sigmoid", "tanh"):
    for _dt in (np.float32, np.float64):
        def _activation_case(tf, rng, op=_op, dt=_dt):
            x, xv = _ph(tf, [None, 4], normal(rng, 3, 4, dtype=dt) * 4)
            k, kv = _ph(tf, [2, 3, 5], normal(rng, 2, 3, 5, dtype=dt) * 4)
            fn = getattr(tf.nn, op)
            return {"fetch": {"partial": fn(x), "known": fn(k), "named": fn(k, name="act")},
                    "feed": {x: xv, k: kv}}
        case(name=f"{_op}_{np.dtype(_dt).name}")(_activation_case)


@case
def activations_int_and_python(tf, rng):
    i = tf.constant([[-3, 0, 4, 9]])
    return {"fetch": {"relu": tf.nn.relu(i), "relu6": tf.nn.relu6(i),
                      "relu_list": tf.nn.relu([-1.0, 2.0]),
                      "softplus_big": tf.nn.softplus([-100.0, 0.0, 100.0]),
                      "elu_list": tf.nn.elu([-1.0, 0.0, 1.0])}}


for _op in ("softmax", "log_softmax"):
    def _softmax_case(tf, rng, op=_op):
        x, xv = _ph(tf, [None, 5], normal(rng, 3, 5) * 3)
        k, kv = _ph(tf, [2, 3, 4], normal(rng, 2, 3, 4))
        fn = getattr(tf.nn, op)
        return {"fetch": {"partial": fn(x), "rank3": fn(k), "axis0": fn(k, axis=0),
                          "axis1": fn(k, axis=1), "dim_alias": fn(x, dim=-1), "named": fn(x, name="sm"),
                          "stable": fn(tf.constant([1000.0, 1001.0, -1000.0]))},
                "feed": {x: xv, k: kv}}
    case(name=_op)(_softmax_case)


@case
def softmax_float64_and_unknown_rank(tf, rng):
    d, dv = _ph(tf, [2, 3], normal(rng, 2, 3, dtype=np.float64))
    u, uv = _ph(tf, None, normal(rng, 3, 2))
    return {"fetch": {"f64": tf.nn.softmax(d), "lf64": tf.nn.log_softmax(d),
                      "unknown": tf.nn.softmax(u), "lunknown": tf.nn.log_softmax(u)},
            "feed": {d: dv, u: uv}}


@case
def bias_add_variants(tf, rng):
    x, xv = _ph(tf, [None, 3], normal(rng, 4, 3))
    b, bv = _ph(tf, [3], normal(rng, 3))
    k, kv = _ph(tf, [2, 5, 4, 3], normal(rng, 2, 5, 4, 3))
    d, dv = _ph(tf, [2, 3], normal(rng, 2, 3, dtype=np.float64))
    return {"fetch": {"partial": tf.nn.bias_add(x, b), "rank4": tf.nn.bias_add(k, b),
                      "named": tf.nn.bias_add(x, b, name="ba"),
                      "f64": tf.nn.bias_add(d, tf.constant([1.0, 2.0, 3.0], tf.float64)),
                      "python_bias": tf.nn.bias_add(x, [0.5, -1.0, 2.0])},
            "feed": {x: xv, b: bv, k: kv, d: dv}}


@case
def bias_add_nchw(tf, rng):
    x, xv = _ph(tf, [2, 3, 4, 5], normal(rng, 2, 3, 4, 5))
    return {"fetch": {"nchw": tf.nn.bias_add(x, [1.0, 2.0, 3.0], data_format="NCHW")},
            "feed": {x: xv}}


@case(error="Shape must be rank 1 but is rank 2")
def bias_add_error_bias_rank(tf, rng):
    tf.nn.bias_add(tf.zeros([2, 3]), tf.zeros([1, 3]))


@case(error="Dimensions must be equal, but are 3 and 4")
def bias_add_error_size(tf, rng):
    tf.nn.bias_add(tf.zeros([2, 3]), tf.zeros([4]))


@case(error="Shape must be at least rank 2 but is rank 1")
def bias_add_error_value_rank(tf, rng):
    tf.nn.bias_add(tf.zeros([3]), tf.zeros([3]))


@case
def l2_loss_variants(tf, rng):
    x, xv = _ph(tf, [None, 4], normal(rng, 3, 4))
    d, dv = _ph(tf, [5], normal(rng, 5, dtype=np.float64))
    return {"fetch": {"partial": tf.nn.l2_loss(x), "f64": tf.nn.l2_loss(d),
                      "named": tf.nn.l2_loss(x, name="wd"), "scalar": tf.nn.l2_loss(3.0)},
            "feed": {x: xv, d: dv}}


@case
def nn_chain(tf, rng):
    x, xv = _ph(tf, [None, 3], normal(rng, 4, 3))
    w = tf.constant(normal(rng, 3, 5))
    b = tf.constant(ints(rng, -2, 3, 5).astype(np.float32))
    logits = tf.nn.bias_add(tf.matmul(x, w), b)
    return {"fetch": {"probs": tf.nn.softmax(tf.nn.relu(logits)),
                      "loss": tf.nn.l2_loss(tf.nn.log_softmax(logits))},
            "feed": {x: xv}}
