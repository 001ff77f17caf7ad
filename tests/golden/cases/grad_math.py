"""Gradients of the math ops (float32, from real TensorFlow), with known and partly unknown
shapes (so that TensorFlow builds BroadcastGradientArgs, DynamicStitch and the *Grad ops),
second-order gradients of the gradient-only ops (TanhGrad, SigmoidGrad, SqrtGrad, RsqrtGrad,
ReciprocalGrad), ties of Max/Min/Maximum/Minimum, Pow at x <= 0, Prod with zeros; and forward
cases of the ops those gradients brought (UnsortedSegmentSum, Cumsum, Cumprod, ListDiff, the
dense conversion of IndexedSlices).

A gradient case differentiates `reduce_sum(y * w)` for fixed random weights `w`, so that every
element of the gradient carries its own number; it records op types, not names (`names=False`):
TF 2.x builds its gradient graphs differently from TF 1.15."""
import numpy as np

from . import case, normal, uniform


def _weighted_grads(tf, rng, y, xs, value_shape=None):
    """The gradients of `sum(y * w)` with respect to `xs`, for random weights `w` shaped like
    `y` (or `value_shape`, when `y`'s static shape is partial)."""
    shape = value_shape or y.shape.as_list()
    w = tf.constant(normal(rng, *shape, dtype=y.dtype.as_numpy_dtype))
    return tf.gradients(tf.reduce_sum(y * w), xs)


def _grad_case(name, shapes, build, values=None, value_shape=None, tol=None):
    """Registers a case: float32 placeholders of `shapes` (None dims allowed), fed `values`
    (arrays, or `fn(rng)` giving them; default standard normal of the static shape),
    `y = build(tf, *xs)`, the weighted gradients with respect to every placeholder fetched."""
    def fn(tf, rng):
        if values is None:
            feeds = [normal(rng, *s) for s in shapes]
        else:
            feeds = [np.asarray(v(rng) if callable(v) else v, np.float32) for v in values]
        xs = [tf.placeholder(tf.float32, s) for s in shapes]
        grads = _weighted_grads(tf, rng, build(tf, *xs), xs, value_shape)
        # IndexedSlices made dense: their row order depends on how the walk aggregated them
        grads = [tf.convert_to_tensor(g) for g in grads]
        spec = {"fetch": {"grads": grads}, "feed": dict(zip(xs, feeds)), "names": False}
        if tol is not None:
            spec["tol"] = tol
        return spec
    case(name=name)(fn)


def _positive(*shape):
    return lambda rng: uniform(rng, 0.5, 2.0, *shape)


def _away_from_zero(*shape):
    return lambda rng: uniform(rng, 0.5, 2.0, *shape) * np.where(rng.rand(*shape) < 0.5, -1, 1)


# ---- unary ops: known shapes, and a partly unknown one

UNARY = {  # name -> (builder, input values)
    "negative": (lambda tf, x: tf.negative(x), None),
    "abs": (lambda tf, x: tf.abs(x), _away_from_zero),
    "square": (lambda tf, x: tf.square(x), None),
    "sqrt": (lambda tf, x: tf.sqrt(x), _positive),
    "rsqrt": (lambda tf, x: tf.rsqrt(x), _positive),
    "exp": (lambda tf, x: tf.exp(x), None),
    "log": (lambda tf, x: tf.log(x), _positive),
    "log1p": (lambda tf, x: tf.log1p(x), _positive),
    "tanh": (lambda tf, x: tf.tanh(x), None),
    "sigmoid": (lambda tf, x: tf.sigmoid(x), None),
    "sign": (lambda tf, x: tf.sign(x), None),
    "reciprocal": (lambda tf, x: tf.reciprocal(x), _away_from_zero),
    "sin": (lambda tf, x: tf.sin(x), None),
    "cos": (lambda tf, x: tf.cos(x), None),
    "floor": (lambda tf, x: tf.floor(x) + x, None),
    "ceil": (lambda tf, x: tf.ceil(x) * x, None),
    "round": (lambda tf, x: tf.round(x) - x, None),
}

for _name, (_build, _values) in UNARY.items():
    _grad_case(f"{_name}", [(2, 3)], _build, None if _values is None else [_values(2, 3)])
    _grad_case(f"{_name}_partial", [(None, 3)], _build,
               [(_values or (lambda *s: lambda rng: normal(rng, *s)))(4, 3)], value_shape=(4, 3))

_grad_case("conj", [(2, 3)],
           lambda tf, x: tf.cast(tf.conj(tf.cast(x, tf.complex64) * (1 + 2j)) * (3 - 1j),
                                 tf.float32))


# ---- second-order gradients: the gradients of TanhGrad, SigmoidGrad, SqrtGrad, ...

def _second_order(name, fn, values=None):
    """d/dx of the gradient of `fn(x) * x`: the incoming gradient of the forward op depends
    on x too, so both inputs of its gradient-only op are differentiated."""
    def build(tf, x):
        return tf.gradients(fn(tf, x) * x, x)[0]
    _grad_case(f"second_order_{name}", [(None, 3)], build,
               values or [lambda rng: normal(rng, 2, 3)], value_shape=(2, 3))


_second_order("tanh", lambda tf, x: tf.tanh(x))
_second_order("sigmoid", lambda tf, x: tf.sigmoid(x))
_second_order("sqrt", lambda tf, x: tf.sqrt(x), [_positive(2, 3)])
_second_order("rsqrt", lambda tf, x: tf.rsqrt(x), [_positive(2, 3)])
_second_order("reciprocal", lambda tf, x: tf.reciprocal(x), [_away_from_zero(2, 3)])


# ---- broadcasting binary ops: known shapes, partly unknown ones

BINARY = {  # name -> (builder, x values, y values)
    "add": (lambda tf, x, y: tf.add(x, y), None, None),
    "subtract": (lambda tf, x, y: x - y, None, None),
    "multiply": (lambda tf, x, y: x * y, None, None),
    "realdiv": (lambda tf, x, y: x / y, None, _away_from_zero),
    "floormod": (lambda tf, x, y: tf.mod(x, y), None, _away_from_zero),
    "floordiv": (lambda tf, x, y: tf.floordiv(x, y) * x + y, None, _away_from_zero),
    "pow": (lambda tf, x, y: tf.pow(x, y), _positive, None),
    "maximum": (lambda tf, x, y: tf.maximum(x, y), None, None),
    "minimum": (lambda tf, x, y: tf.minimum(x, y), None, None),
    "squared_difference": (lambda tf, x, y: tf.squared_difference(x, y), None, None),
}


def _values(maker, *shape):
    return (maker or (lambda *s: lambda rng: normal(rng, *s)))(*shape)


for _name, (_build, _xv, _yv) in BINARY.items():
    _grad_case(f"{_name}_same", [(2, 3), (2, 3)], _build, [_values(_xv, 2, 3),
                                                            _values(_yv, 2, 3)])
    _grad_case(f"{_name}_broadcast", [(2, 3, 4), (3, 1)], _build,
               [_values(_xv, 2, 3, 4), _values(_yv, 3, 1)])
    _grad_case(f"{_name}_partial", [(None, 4), (4,)], _build,
               [_values(_xv, 3, 4), _values(_yv, 4)], value_shape=(3, 4))


_grad_case("pow_nonpositive_base", [(2, 4), (4,)], lambda tf, x, y: tf.pow(x, y),
           [np.array([[0.0, -1.5, 2.0, 0.0], [1.5, -2.0, 0.5, 3.0]]),
            np.array([2.0, 2.0, 3.0, 1.0])])
_grad_case("maximum_minimum_ties", [(2, 3), (3,)],
           lambda tf, x, y: tf.maximum(x, y) * 2.0 + tf.minimum(x, y),
           [np.array([[1.0, 2.0, -1.0], [0.5, 3.0, 4.0]]), np.array([1.0, 3.0, -1.0])])


# ---- AddN, matrix products

_grad_case("add_n", [(2, 3), (2, 3), (2, 3)], lambda tf, x, y, z: tf.add_n([x, y, z]))
_grad_case("add_n_partial", [(None, 3), (2, None)], lambda tf, x, y: tf.add_n([x, y, x]),
           [lambda rng: normal(rng, 2, 3), lambda rng: normal(rng, 2, 3)], value_shape=(2, 3))
for _ta in (False, True):
    for _tb in (False, True):
        _grad_case(f"matmul_{'t' if _ta else 'n'}{'t' if _tb else 'n'}",
                   [(3, 2) if _ta else (2, 3), (4, 3) if _tb else (3, 4)],
                   lambda tf, a, b, ta=_ta, tb=_tb: tf.matmul(a, b, transpose_a=ta,
                                                              transpose_b=tb))
_grad_case("matmul_partial", [(None, 3), (3, None)], lambda tf, a, b: tf.matmul(a, b),
           [lambda rng: normal(rng, 2, 3), lambda rng: normal(rng, 3, 4)], value_shape=(2, 4))
for _ax in (False, True):
    for _ay in (False, True):
        _grad_case(f"batch_matmul_{'a' if _ax else 'n'}{'a' if _ay else 'n'}",
                   [(2, 4, 3) if _ax else (2, 3, 4), (2, 5, 4) if _ay else (2, 4, 5)],
                   lambda tf, x, y, ax=_ax, ay=_ay: tf.matmul(x, y, adjoint_a=ax,
                                                              adjoint_b=ay))
_grad_case("batch_matmul_broadcast", [(2, 1, 3, 4), (3, 4, 5)], lambda tf, x, y: tf.matmul(x, y))
_grad_case("batch_matmul_rank2", [(2, 3, 4), (5, 4)],
           lambda tf, x, y: tf.matmul(x, y, transpose_b=True))
_grad_case("batch_matmul_partial", [(None, 3, 4), (4, 5)], lambda tf, x, y: tf.matmul(x, y),
           [lambda rng: normal(rng, 2, 3, 4), lambda rng: normal(rng, 4, 5)],
           value_shape=(2, 3, 5))


# ---- reductions: several axes, keepdims, partly unknown shapes, ties

REDUCTIONS = {
    "sum": ("reduce_sum", None),
    "mean": ("reduce_mean", None),
    "prod": ("reduce_prod", lambda rng: uniform(rng, 0.8, 1.25, 2, 3, 4)),
    "max": ("reduce_max", lambda rng: rng.permutation(24).reshape(2, 3, 4) / 4.0),
    "min": ("reduce_min", lambda rng: rng.permutation(24).reshape(2, 3, 4) / 4.0),
}
AXES = {"all": (None, False), "axis1": (1, False), "axes02": ([0, 2], False),
        "neg_keep": (-1, True), "all_keep": (None, True), "unordered": ([2, 0], False)}

for _name, (_fn, _v) in REDUCTIONS.items():
    for _label, (_axis, _keep) in AXES.items():
        _grad_case(f"{_name}_{_label}", [(2, 3, 4)],
                   lambda tf, x, fn=_fn, a=_axis, k=_keep: getattr(tf, fn)(x, axis=a, keepdims=k),
                   None if _v is None else [_v])
    _grad_case(f"{_name}_partial", [(None, 3, 4)],
               lambda tf, x, fn=_fn: getattr(tf, fn)(x, axis=[1]),
               [_v or (lambda rng: normal(rng, 2, 3, 4))], value_shape=(2, 4))
    _grad_case(f"{_name}_partial_all", [(None, 3, 4)],
               lambda tf, x, fn=_fn: getattr(tf, fn)(x), [_v or (lambda rng: normal(rng, 2, 3, 4))])
    _grad_case(f"{_name}_unknown_rank", [None],
               lambda tf, x, fn=_fn: getattr(tf, fn)(x, axis=1, keepdims=True),
               [_v or (lambda rng: normal(rng, 2, 3, 4))], value_shape=(2, 1, 4))
    _grad_case(f"{_name}_dynamic_axis", [(2, 3, 4)],
               lambda tf, x, fn=_fn: getattr(tf, fn)(
                   x, axis=tf.placeholder_with_default(tf.constant([0, 2]), [None])),
               None if _v is None else [_v], value_shape=(3,))

_grad_case("max_min_ties", [(2, 4)],
           lambda tf, x: (tf.reduce_max(x, 1, keepdims=True) + tf.reduce_min(x, 0) * 2.0
                          + tf.reduce_max(x)),
           [np.array([[1.0, 3.0, 3.0, -2.0], [3.0, 0.5, -2.0, 3.0]])], value_shape=(2, 4))
_grad_case("prod_with_zeros", [(3, 4)],
           lambda tf, x: tf.concat([tf.reduce_prod(x, 0), tf.reduce_prod(x, 1)], 0),
           [np.array([[0.0, 1.5, 2.0, 0.0], [1.25, -1.0, 0.0, 0.0], [0.5, 2.0, -1.5, 3.0]])])


# ---- scans, segment sums, IndexedSlices made dense

_grad_case("cumsum", [(2, 3, 4)], lambda tf, x: tf.cumsum(x, 1))
_grad_case("cumsum_exclusive_reverse", [(None, 4)],
           lambda tf, x: tf.cumsum(x, -1, exclusive=True, reverse=True),
           [lambda rng: normal(rng, 3, 4)], value_shape=(3, 4))
_grad_case("cumprod", [(3, 4)], lambda tf, x: tf.cumprod(x, 0), [_away_from_zero(3, 4)])
_grad_case("cumprod_exclusive_reverse", [(3, 4)],
           lambda tf, x: tf.cumprod(x, 1, exclusive=True, reverse=True), [_away_from_zero(3, 4)])
_grad_case("unsorted_segment_sum", [(5, 3)],
           lambda tf, x: tf.unsorted_segment_sum(x, [2, 0, -1, 2, 4], 6))
_grad_case("unsorted_segment_sum_partial", [(None, 3, 2)],
           lambda tf, x: tf.unsorted_segment_sum(x, [[0, 1, 1], [3, -1, 0]], 4),
           [lambda rng: normal(rng, 2, 3, 2)], value_shape=(4, 2))
_grad_case("gather_dense_meets_sparse", [(5, 3)],
           lambda tf, x: tf.tanh(x) * 2.0 + tf.square(tf.tanh(x)) + tf.reduce_sum(
               tf.gather(tf.tanh(x), [0, 2, 2]), 0))
_grad_case("gather_then_unary", [(None, 3)],
           lambda tf, x: tf.sigmoid(tf.gather(x, [3, 1, 3])) - tf.gather(-x, [0, 0, 2]),
           [lambda rng: normal(rng, 4, 3)], value_shape=(3, 3))


@case
def unsorted_segment_sum_forward(tf, rng):
    data = tf.placeholder(tf.float32, [5, 3])
    ids = tf.placeholder(tf.int32, [None])
    num = tf.placeholder(tf.int32, [])
    value = normal(rng, 5, 3)
    return {"fetch": {"known": tf.unsorted_segment_sum(data, [2, 0, -1, 2, 4], 6),
                      "partial": tf.unsorted_segment_sum(data, ids, num),
                      "int64": tf.unsorted_segment_sum(data, tf.constant([1, 1, 0, 3, 2], tf.int64),
                                                       tf.constant(4, tf.int64), name="seg"),
                      "ints": tf.unsorted_segment_sum([[1, 2], [3, 4], [5, 6]], [1, 0, 1], 2)},
            "feed": {data: value, ids: np.array([0, 0, 1, -3, 3], np.int32), num: 4}}


@case(error="is out of range [0, 4)")
def unsorted_segment_sum_error_id_out_of_range(tf, rng):
    ids = tf.placeholder(tf.int32, [3])
    return {"fetch": {"s": tf.unsorted_segment_sum(tf.ones([3, 2]), ids, 4)},
            "feed": {ids: np.array([0, -1, 4], np.int32)}}


@case(error="Dimensions must be equal, but are 4 and 3")
def unsorted_segment_sum_error_ids_shape(tf, rng):
    tf.unsorted_segment_sum(tf.ones([4, 2]), [0, 1, 2], 4)


@case
def indexed_slices_to_dense(tf, rng):
    slices = tf.IndexedSlices(tf.constant(normal(rng, 3, 2)), tf.constant([4, 0, 4]),
                              tf.constant([5, 2]))
    dense = tf.convert_to_tensor(slices)
    summed = tf.add_n([slices, tf.ones([5, 2])])
    return {"fetch": {"dense": dense, "named": tf.convert_to_tensor(slices, name="dense"),
                      "add_n": summed}}


@case
def cumsum_cumprod_forward(tf, rng):
    x = tf.placeholder(tf.float32, [None, 4])
    value = normal(rng, 3, 4)
    return {"fetch": {"cumsum": tf.cumsum(x), "cumsum_excl_rev": tf.cumsum(x, 1, True, True),
                      "cumprod": tf.cumprod(x, -1), "cumprod_excl": tf.cumprod(x, exclusive=True),
                      "ints": tf.cumsum([[1, 2, 3], [4, 5, 6]], axis=1, reverse=True,
                                        name="c")},
            "feed": {x: value}}


@case
def setdiff1d_forward(tf, rng):
    out, idx = tf.setdiff1d([5, 1, 3, 5, 2, 7], [7, 2, 9])
    out64, idx64 = tf.setdiff1d(tf.constant([1.5, 2.5, 1.5]), [2.5], index_dtype=tf.int64)
    return {"fetch": {"out": out, "idx": idx, "out64": out64, "idx64": idx64}}
