"""Math ops: elementwise unary and binary ops with broadcasting, operators, reductions, argmax,
comparisons, logical ops, matmul, add_n, clip_by_value."""
import numpy as np

from . import case, ints, normal, uniform


def _ph(tf, shape, value):
    p = tf.placeholder(tf.as_dtype(value.dtype), shape)
    return p, value


# ---- unary ops: every op on a partially known float32 input, and dtype variants

UNARY = {  # name -> (domain, dtypes beyond float32)
    "negative": ("any", ("float64", "int32", "int64")),
    "abs": ("any", ("float64", "int32", "int64")),
    "square": ("any", ("float64", "int32", "int64")),
    "sqrt": ("pos", ("float64",)),
    "rsqrt": ("pos", ("float64",)),
    "exp": ("any", ("float64",)),
    "log": ("pos", ("float64",)),
    "log1p": ("pos", ("float64",)),
    "tanh": ("any", ("float64",)),
    "sigmoid": ("any", ("float64",)),
    "sign": ("any", ("float64", "int32", "int64")),
    "reciprocal": ("pos", ("float64",)),
    "floor": ("any", ("float64",)),
    "ceil": ("any", ("float64",)),
    "round": ("any", ("float64",)),
    "sin": ("any", ("float64",)),
    "cos": ("any", ("float64",)),
    "is_finite": ("any", ("float64",)),
    "is_nan": ("any", ("float64",)),
    "is_inf": ("any", ("float64",)),
    "conj": ("any", ()),
}


def _unary_input(rng, domain, dtype, shape):
    if np.dtype(dtype).kind == "i":
        return ints(rng, -9, 10, *shape, dtype=dtype)
    if domain == "pos":
        return uniform(rng, 0.1, 4.0, *shape, dtype=dtype)
    value = normal(rng, *shape, dtype=dtype) * 2
    value.flat[0] = 0  # sign(0), abs(0)
    return value


for _op, (_domain, _dtypes) in UNARY.items():
    for _dt in ("float32",) + _dtypes:
        def _unary_case(tf, rng, op=_op, domain=_domain, dt=_dt):
            x, v = _ph(tf, [None, 3], _unary_input(rng, domain, dt, (4, 3)))
            k, kv = _ph(tf, [2, 3, 4], _unary_input(rng, domain, dt, (2, 3, 4)))
            fn = getattr(tf, op)
            return {"fetch": {"partial": fn(x), "known": fn(k), "named": fn(k, name="f")},
                    "feed": {x: v, k: kv}}
        case(name=f"unary_{_op}_{_dt}")(_unary_case)


@case
def unary_on_python_values(tf, rng):
    return {"fetch": {"neg": tf.negative(3), "abs": tf.abs([-1.5, 2.0]), "exp": tf.exp(1.0),
                      "square": tf.square([[2, -3]])}}


@case
def unary_special_values(tf, rng):
    x = tf.constant([0.0, -1.0, np.inf, -np.inf, 1e-30])
    return {"fetch": {"log": tf.log(x), "sqrt": tf.sqrt(x), "rsqrt": tf.rsqrt(x),
                      "sigmoid": tf.sigmoid(x * 100.0), "tanh": tf.tanh(x), "exp": tf.exp(x),
                      "log1p": tf.log1p(x)}}


# ---- binary ops with broadcasting

BINARY = ("add", "subtract", "multiply", "divide", "truediv", "floordiv", "mod", "pow",
          "maximum", "minimum", "div", "squared_difference")


def _binary_inputs(rng, op, dtype, x_shape, y_shape):
    if np.dtype(dtype).kind == "i":
        x = ints(rng, -9, 10, *x_shape, dtype=dtype)
        if op == "pow":
            y = ints(rng, 0, 4, *y_shape, dtype=dtype)
        else:
            y = ints(rng, 1, 6, *y_shape, dtype=dtype) * np.where(
                rng.rand(*y_shape) < 0.5, -1, 1).astype(dtype)
        return x, y
    if op == "pow":
        return uniform(rng, 0.5, 2.0, *x_shape, dtype=dtype), normal(rng, *y_shape, dtype=dtype)
    y = normal(rng, *y_shape, dtype=dtype)
    if op in ("divide", "truediv", "floordiv", "mod", "div"):
        y = np.where(np.abs(y) < 0.2, 0.7, y).astype(dtype)
    return normal(rng, *x_shape, dtype=dtype) * 3, y


def _tf_add_ops(rec):
    """TF 1.15's `tf.add` is the generated op `Add`; TF 2.x builds `AddV2`, as `+` does."""
    rec["graph"] = [g.replace("(AddV2)", "(Add)") for g in rec["graph"]]
    for leaf in rec["fetch"]["items"].values():
        leaf["type"] = "Add"


for _op in BINARY:
    for _dt in ("float32", "float64", "int32"):
        def _binary_case(tf, rng, op=_op, dt=_dt):
            xv, yv = _binary_inputs(rng, op, dt, (2, 1, 4), (3, 1))
            x, _ = _ph(tf, [None, 1, 4], xv)
            y, _ = _ph(tf, [3, 1], yv)
            kx, ky = _binary_inputs(rng, op, dt, (3, 4), (4,))
            a, _ = _ph(tf, [3, 4], kx)
            b, _ = _ph(tf, [4], ky)
            fn = getattr(tf, op)
            return {"fetch": {"partial": fn(x, y), "known": fn(a, b), "named": fn(a, b, name="op"),
                              "scalar": fn(a, 2)},
                    "feed": {x: xv, y: yv, a: kx, b: ky}}
        case(name=f"binary_{_op}_{_dt}",
             tf115=_tf_add_ops if _op == "add" else None)(_binary_case)


@case
def binary_int64_and_scalars(tf, rng):
    a = tf.constant([7, -7, 9], tf.int64)
    b = tf.constant([2, 2, -4], tf.int64)
    return {"fetch": {"floordiv": tf.floordiv(a, b), "mod": tf.mod(a, b), "div": tf.div(a, b),
                      "truediv": tf.truediv(a, b), "max": tf.maximum(a, 0),
                      "pow": tf.pow(2.0, 3.0), "sub": tf.subtract(10, 4)}}


@case(error="Incompatible shapes")
def binary_error_runtime_broadcast(tf, rng):
    x, xv = _ph(tf, [None], normal(rng, 2))
    y, yv = _ph(tf, [None], normal(rng, 3))
    return {"fetch": {"s": x + y}, "feed": {x: xv, y: yv}}


@case(error="Dimensions must be equal, but are 3 and 4")
def binary_error_static_broadcast(tf, rng):
    tf.add(tf.zeros([2, 3]), tf.zeros([4]))


@case(error="Input 'y' of 'AddV2' Op has type int32 that does not match type float32")
def binary_error_dtype_operator(tf, rng):
    tf.constant(1.0) + tf.constant(1)


@case(error="Input 'y' of 'Mul' Op has type float64 that does not match type float32")
def binary_error_dtype_multiply(tf, rng):
    tf.multiply(tf.constant([1.0]), tf.constant([2.0], tf.float64))


@case(error="int32")  # 1.15: "Expected int32, got 1.5 ..."; 2.x: "Input 'y' of 'AddV2' ..."
def binary_error_python_float_for_int(tf, rng):
    tf.constant([1, 2]) + 1.5


@case(error="division by zero")
def binary_error_int_division_by_zero(tf, rng):
    x, xv = _ph(tf, [2], np.array([3, 4], np.int32))
    return {"fetch": {"d": tf.floordiv(x, tf.constant([1, 0]))}, "feed": {x: xv}}


# ---- Python operators (TF1's op names: add, sub, mul, truediv, floordiv, mod, pow, ...)

OPERATORS = {
    "add": lambda x, y: x + y, "sub": lambda x, y: x - y, "mul": lambda x, y: x * y,
    "truediv": lambda x, y: x / y, "floordiv": lambda x, y: x // y, "mod": lambda x, y: x % y,
    "pow": lambda x, y: abs(x) ** y, "lt": lambda x, y: x < y, "gt": lambda x, y: x > y,
    "le": lambda x, y: x <= y, "ge": lambda x, y: x >= y,
}

for _name, _fn in OPERATORS.items():
    def _operator_case(tf, rng, fn=_fn):
        x, xv = _ph(tf, [None, 3], normal(rng, 2, 3))
        y, yv = _ph(tf, [3], uniform(rng, 0.5, 2.0, 3))
        return {"fetch": {"tensors": fn(x, y), "right_scalar": fn(x, 2.0),
                          "left_scalar": fn(1.5, y), "left_numpy": fn(np.array([1.0, 2.0, 3.0],
                                                                               np.float32), y)},
                "feed": {x: xv, y: yv}}
    case(name=f"operator_{_name}")(_operator_case)


@case
def operator_unary(tf, rng):
    x, xv = _ph(tf, [None, 3], normal(rng, 2, 3))
    i, iv = _ph(tf, [4], ints(rng, -5, 5, 4))
    return {"fetch": {"neg": -x, "abs": abs(x), "ineg": -i, "iabs": abs(i)},
            "feed": {x: xv, i: iv}}


@case
def operator_int(tf, rng):
    a, av = _ph(tf, [4], np.array([7, -7, 6, 0], np.int32))
    b, bv = _ph(tf, [4], np.array([2, 2, -4, 3], np.int32))
    return {"fetch": {"truediv": a / b, "floordiv": a // b, "mod": a % b, "pow": b ** 2,
                      "rtruediv": 1 / b, "add": a + 1, "mul": 3 * a},
            "feed": {a: av, b: bv}}


@case
def operator_matmul(tf, rng):
    a, av = _ph(tf, [None, 3], normal(rng, 2, 3))
    b, bv = _ph(tf, [3, 4], normal(rng, 3, 4))
    return {"fetch": {"m": a @ b, "m2": a @ b}, "feed": {a: av, b: bv}}


@case
def operator_chain_names(tf, rng):
    x = tf.placeholder(tf.float32, [3], name="x")
    y = (x + 1.0) * (x - 2.0) / (x * x + 1.0)
    return {"fetch": {"y": y}, "feed": {x: np.array([0.5, -1.0, 3.0], np.float32)}}


# ---- add_n

@case
def add_n_variants(tf, rng):
    a, av = _ph(tf, [2, 3], normal(rng, 2, 3))
    b, bv = _ph(tf, [2, 3], normal(rng, 2, 3))
    p, pv = _ph(tf, [None, 3], normal(rng, 2, 3))
    return {"fetch": {"three": tf.add_n([a, b, a]), "partial": tf.add_n([a, p]),
                      "named": tf.add_n([a, b], name="total"), "ints": tf.add_n([[1, 2], [3, 4]])},
            "feed": {a: av, b: bv, p: pv}}


@case
def add_n_single(tf, rng):
    a, av = _ph(tf, [2], normal(rng, 2))
    one = tf.add_n([a])
    return {"fetch": {"one": one}, "feed": {a: av}, "facts": {"same": one is a}}


@case(error="Dimension 1 in both shapes must be equal")
def add_n_error_shapes(tf, rng):
    tf.add_n([tf.zeros([2, 3]), tf.zeros([2, 4])])


# ---- matmul

@case
def matmul_variants(tf, rng):
    a, av = _ph(tf, [2, 3], normal(rng, 2, 3))
    b, bv = _ph(tf, [3, 4], normal(rng, 3, 4))
    at, atv = _ph(tf, [3, 2], normal(rng, 3, 2))
    bt, btv = _ph(tf, [4, 3], normal(rng, 4, 3))
    p, pv = _ph(tf, [None, 3], normal(rng, 5, 3))
    return {"fetch": {"plain": tf.matmul(a, b), "ta": tf.matmul(at, b, transpose_a=True),
                      "tb": tf.matmul(a, bt, transpose_b=True),
                      "both": tf.matmul(at, bt, transpose_a=True, transpose_b=True),
                      "partial": tf.matmul(p, b), "partial_t": tf.matmul(b, p, True, True),
                      "named": tf.matmul(a, b, name="mm")},
            "feed": {a: av, b: bv, at: atv, bt: btv, p: pv}}


@case
def matmul_dtypes(tf, rng):
    a = tf.constant([[1, 2], [3, 4]])
    d = tf.constant(normal(rng, 2, 3, dtype=np.float64))
    return {"fetch": {"int": tf.matmul(a, a), "float64": tf.matmul(d, d, transpose_b=True)}}


@case
def matmul_batched(tf, rng):
    a, av = _ph(tf, [None, 2, 3], normal(rng, 4, 2, 3))
    b, bv = _ph(tf, [4, 3, 5], normal(rng, 4, 3, 5))
    return {"fetch": {"batch": tf.matmul(a, b), "bt": tf.matmul(b, a, True, True)},
            "feed": {a: av, b: bv}}


@case(error="Dimensions must be equal, but are 3 and 2")
def matmul_error_inner(tf, rng):
    tf.matmul(tf.zeros([2, 3]), tf.zeros([2, 3]))


@case(error="Shape must be rank 2 but is rank 1")
def matmul_error_rank(tf, rng):
    tf.matmul(tf.zeros([3]), tf.zeros([3, 2]))


@case(error="Matrix size-incompatible")
def matmul_error_runtime(tf, rng):
    a, av = _ph(tf, [2, None], normal(rng, 2, 3))
    b, bv = _ph(tf, [None, 4], normal(rng, 5, 4))
    return {"fetch": {"m": tf.matmul(a, b)}, "feed": {a: av, b: bv}}


# ---- reductions

REDUCE_ARGS = {
    "all_axes": {},
    "axis0": {"axis": 0},
    "axis1": {"axis": 1},
    "axis_neg": {"axis": -1},
    "axis_list": {"axis": [0, 2]},
    "keepdims": {"axis": 1, "keepdims": True},
    "keepdims_all": {"keepdims": True},
    "keep_dims_alias": {"axis": [1, 2], "keep_dims": True},
    "reduction_indices": {"reduction_indices": [0]},
}

for _op in ("reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod"):
    for _name, _kwargs in REDUCE_ARGS.items():
        def _reduce_case(tf, rng, op=_op, kwargs=_kwargs):
            x, xv = _ph(tf, [2, 3, 4], normal(rng, 2, 3, 4))
            p, pv = _ph(tf, [None, 3, 4], normal(rng, 2, 3, 4))
            fn = getattr(tf, op)
            return {"fetch": {"known": fn(x, **kwargs), "partial": fn(p, **kwargs)},
                    "feed": {x: xv, p: pv}}
        case(name=f"{_op}_{_name}")(_reduce_case)


@case
def reduce_int_and_float64(tf, rng):
    i, iv = _ph(tf, [2, 3], ints(rng, -5, 9, 2, 3))
    d, dv = _ph(tf, [2, 3], normal(rng, 2, 3, dtype=np.float64))
    return {"fetch": {"sum": tf.reduce_sum(i, 1), "mean": tf.reduce_mean(i, 0),
                      "max": tf.reduce_max(i), "prod": tf.reduce_prod(i, -1),
                      "dmean": tf.reduce_mean(d, 1)},
            "feed": {i: iv, d: dv}}


@case
def reduce_any_all(tf, rng):
    b, bv = _ph(tf, [3, 4], rng.rand(3, 4) < 0.4)
    p, pv = _ph(tf, [None, 4], rng.rand(2, 4) < 0.7)
    return {"fetch": {"any": tf.reduce_any(b), "all": tf.reduce_all(b),
                      "any1": tf.reduce_any(b, 1), "all0": tf.reduce_all(b, axis=0),
                      "any_keep": tf.reduce_any(p, 1, keepdims=True),
                      "all_alias": tf.reduce_all(p, reduction_indices=[1], keep_dims=True)},
            "feed": {b: bv, p: pv}}


@case
def reduce_axis_tensor(tf, rng):
    x, xv = _ph(tf, [2, 3, 4], normal(rng, 2, 3, 4))
    axis = tf.placeholder(tf.int32, [])
    return {"fetch": {"sum": tf.reduce_sum(x, axis), "keep": tf.reduce_max(x, axis, keepdims=True)},
            "feed": {x: xv, axis: np.int32(1)}}


@case
def reduce_empty_and_python(tf, rng):
    return {"fetch": {"sum_empty": tf.reduce_sum(tf.zeros([0, 3]), 0),
                      "max_list": tf.reduce_max([[1.0, 5.0], [3.0, 2.0]], 1),
                      "mean_list": tf.reduce_mean([1.0, 2.0, 4.0])}}


@case(error="Invalid reduction dimension 3 for input with 3 dimensions")
def reduce_error_axis(tf, rng):
    tf.reduce_sum(tf.zeros([2, 3, 4]), 3)


# ---- argmax, argmin

@case
def argmax_argmin(tf, rng):
    x, xv = _ph(tf, [3, 4], normal(rng, 3, 4))
    p, pv = _ph(tf, [None, 4], normal(rng, 2, 4))
    t = tf.constant([[1, 3, 3], [2, 2, 0]])
    return {"fetch": {"max0": tf.argmax(x, 0), "max1": tf.argmax(x, 1), "min_neg": tf.argmin(x, -1),
                      "default": tf.argmax(x), "int32": tf.argmax(x, 1, output_type=tf.int32),
                      "dimension": tf.argmin(x, dimension=0), "axis_kw": tf.argmax(x, axis=1),
                      "partial": tf.argmax(p, 1), "ties": tf.argmax(t, 1), "ties_min": tf.argmin(t, 1)},
            "feed": {x: xv, p: pv}}


@case(error="")  # TF 1.15 and 2.x word it differently; both raise ValueError while building
def argmax_error_axis(tf, rng):
    tf.argmax(tf.zeros([2, 3]), 2)


# ---- comparisons and logical ops

for _op in ("equal", "not_equal", "less", "less_equal", "greater", "greater_equal"):
    def _compare_case(tf, rng, op=_op):
        x, xv = _ph(tf, [None, 3], np.round(normal(rng, 4, 3)))
        y, yv = _ph(tf, [3], np.round(normal(rng, 3)))
        i, iv = _ph(tf, [5], ints(rng, 0, 3, 5))
        fn = getattr(tf, op)
        return {"fetch": {"broadcast": fn(x, y), "scalar": fn(i, 1), "named": fn(y, y, name="c")},
                "feed": {x: xv, y: yv, i: iv}}
    case(name=f"compare_{_op}")(_compare_case)


@case
def compare_bool_and_int64(tf, rng):
    a = tf.constant([True, False, True])
    n = tf.constant([1, 5], tf.int64)
    return {"fetch": {"eq": tf.equal(a, [True, True, False]), "ne": tf.not_equal(a, False),
                      "lt": tf.less(n, 3), "ge": tf.greater_equal(n, tf.constant([1, 6], tf.int64))}}


@case
def logical_ops(tf, rng):
    a, av = _ph(tf, [None, 3], rng.rand(2, 3) < 0.5)
    b, bv = _ph(tf, [3], rng.rand(3) < 0.5)
    return {"fetch": {"and": tf.logical_and(a, b), "or": tf.logical_or(a, b),
                      "not": tf.logical_not(a), "and_py": tf.logical_and(b, True),
                      "named": tf.logical_or(b, b, name="either")},
            "feed": {a: av, b: bv}}


@case(error="")  # the text differs between TF versions; both raise TypeError while building
def logical_error_dtype(tf, rng):
    tf.logical_and(tf.constant([1.0]), tf.constant([True]))


# ---- clip_by_value

@case
def clip_by_value_variants(tf, rng):
    x, xv = _ph(tf, [None, 3], normal(rng, 4, 3) * 2)
    lo, lov = _ph(tf, [3], np.array([-1.0, -0.5, 0.0], np.float32))
    i = tf.constant([-5, 0, 5, 10])
    return {"fetch": {"scalars": tf.clip_by_value(x, -1.0, 1.0), "tensor_lo": tf.clip_by_value(x, lo, 1.5),
                      "ints": tf.clip_by_value(i, 0, 6), "named": tf.clip_by_value(x, 0.0, 0.5, name="c")},
            "feed": {x: xv, lo: lov}}


@case
def round_half_to_even_and_special_floats(tf, rng):
    x = tf.constant([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, np.nan, np.inf, -np.inf])
    return {"fetch": {"round": tf.round(x), "finite": tf.is_finite(x), "nan": tf.is_nan(x),
                      "inf": tf.is_inf(x), "floor": tf.floor(x), "ceil": tf.ceil(x)}}


@case
def complex_conj_and_conjugate_transpose(tf, rng):
    z = tf.constant(np.array([[1 + 2j, -3j], [4.0, 5 - 1j]], np.complex64))
    # the records hold no complex numbers: names, op types, shapes and dtypes only
    return {"fetch": {"conj": tf.conj(z), "conj_t": tf.transpose(z, conjugate=True)},
            "values": False}


@case(error="Invalid reduction arguments: Axes contains duplicate dimension: 0")
def reduce_sum_error_duplicate_axes(tf, rng):
    x, xv = _ph(tf, [None, 3], normal(rng, 2, 3))
    return {"fetch": {"s": tf.reduce_sum(x, [0, -2])}, "feed": {x: xv}}


@case(error="Dimension (-5) must be in the range [-4, 4)")
def argmin_error_axis_out_of_range_names_given_axis(tf, rng):
    tf.argmin(tf.zeros([1, 2, 3, 4]), -5)
