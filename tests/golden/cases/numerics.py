"""Golden cases: numerics. tf.check_numerics (the CheckNumerics op: its pass-through, its errors
for NaN, Inf and both, its allowed types), tf.verify_tensor_all_finite and
tf.add_check_numerics_ops (one chained check per half/float/double tensor, whose error names the
tensor that holds the NaN or Inf)."""
import numpy as np

from . import case, normal


def _message(op):
    m = op.get_attr("message")
    return m if isinstance(m, str) else m.decode()


def _checked(tf, value, dtype=None):
    x = tf.placeholder(dtype or tf.float32, [None, 3], name="x")
    y = tf.check_numerics(x, "bad x")
    return {"fetch": {"y": y}, "feed": {x: value},
            "facts": {"message": _message(y.op), "name": y.name}}


@case
def check_numerics_passes(tf, rng):
    return _checked(tf, normal(rng, 2, 3))


@case
def check_numerics_float64(tf, rng):
    return _checked(tf, normal(rng, 4, 3, dtype=np.float64), tf.float64)


@case
def check_numerics_float16(tf, rng):
    return _checked(tf, normal(rng, 1, 3, dtype=np.float16), tf.float16)


@case
def check_numerics_empty(tf, rng):
    return _checked(tf, np.zeros((0, 3), np.float32))


@case(error="bad x : Tensor had NaN values")
def check_numerics_nan(tf, rng):
    return _checked(tf, np.array([[np.nan, 1, 2]], np.float32))


@case(error="bad x : Tensor had Inf values")
def check_numerics_inf(tf, rng):
    return _checked(tf, np.array([[1, -np.inf, 2], [0, 1, 2]], np.float32))


@case(error="bad x : Tensor had Inf and NaN values")
def check_numerics_inf_and_nan(tf, rng):
    return _checked(tf, np.array([[np.inf, np.nan, 2]], np.float32))


@case(error="not in list of allowed values: bfloat16, float16, float32, float64")
def check_numerics_int(tf, rng):
    tf.check_numerics(tf.constant([1, 2]), "m")


@case(error="Expected string for argument 'message'")
def check_numerics_message_not_a_string(tf, rng):
    tf.check_numerics(tf.constant([1.0]), 3)


@case
def verify_tensor_all_finite(tf, rng):
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    v = tf.verify_tensor_all_finite(x, "vmsg")
    c = tf.verify_tensor_all_finite([1.0, 2.0], "const", name="c")
    return {"fetch": {"v": v, "c": c}, "feed": {x: normal(rng, 2, 3)},
            "facts": {"control_inputs": [op.name for op in v.op.control_inputs]}}


@case(error="vmsg : Tensor had Inf values")
def verify_tensor_all_finite_inf(tf, rng):
    x = tf.placeholder(tf.float32, [2], name="x")
    return {"fetch": tf.verify_tensor_all_finite(x, "vmsg"),
            "feed": {x: np.array([1, np.inf], np.float32)}}


def _chain(tf):
    a = tf.placeholder(tf.float32, [3], name="a")
    b = tf.placeholder(tf.float64, [3], name="b")
    w = tf.Variable([1.0, 2.0, 3.0], name="w")
    tf.constant([1, 2], name="ints")
    d = tf.div(a, tf.cast(b, tf.float32))
    e = tf.log(d) * w
    with tf.name_scope("outer"):
        chk = tf.add_check_numerics_ops()
    checks = [op for op in tf.get_default_graph().get_operations() if op.type == "CheckNumerics"]
    facts = {"group": chk.name, "group_inputs": [op.name for op in chk.control_inputs],
             "checks": [[op.name, op.inputs[0].name, _message(op),
                         [c.name for c in op.control_inputs]] for op in checks]}
    return a, b, e, chk, facts


@case
def add_check_numerics_ops(tf, rng):
    a, b, e, chk, facts = _chain(tf)
    return {"fetch": {"e": e, "chk": chk}, "init": True, "facts": facts,
            "feed": {a: np.float32([1, 2, 3]), b: np.float64([2, 1, 0.5])}}


@case(error="div:0 : Tensor had NaN values")
def add_check_numerics_ops_nan_in_div(tf, rng):
    a, b, e, chk, _ = _chain(tf)
    return {"fetch": {"e": e, "chk": chk}, "init": True,
            "feed": {a: np.float32([1, 0, 3]), b: np.float64([2, 0, 0.5])}}


@case(error="Log:0 : Tensor had NaN values")
def add_check_numerics_ops_nan_in_log(tf, rng):
    a, b, e, chk, _ = _chain(tf)
    return {"fetch": {"e": e, "chk": chk}, "init": True,
            "feed": {a: np.float32([-1, 2, 3]), b: np.float64([2, 1, 0.5])}}


@case(error="not compatible with TensorFlow control flow operations")
def add_check_numerics_ops_in_a_cond(tf, rng):
    x = tf.constant(1.0)
    tf.cond(x > 0, lambda: x * 2.0, lambda: x)
    tf.add_check_numerics_ops()


@case
def add_check_numerics_ops_empty_graph(tf, rng):
    return {"fetch": {"chk": tf.add_check_numerics_ops()}}
