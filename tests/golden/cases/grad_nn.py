"""Golden cases: grad_nn. The tf.nn gradients (and the gradient-only ops they build: ReluGrad,
BiasAddGrad, ...), the cross-entropy ops and builders, dropout, embedding_lookup, moments,
l2_normalize, and the gradients of the init.py and logging_ops.py ops (DiagPart, Qr, Print,
CheckNumerics) with the linear-algebra ops those build.

Forward cases of the builders keep their names (`softmax_cross_entropy_with_logits_sg/
Reshape_2:0` ...); gradient cases are `"names": False` (TF 2.x builds gradient graphs
differently from TF 1.15, with the same numbers).
"""
import numpy as np

from . import case, fetched_tensors, ints, normal, uniform
from .graph import _assert_equal_scope


def _ph(tf, shape, value):
    return tf.placeholder(tf.as_dtype(value.dtype), shape), value


def _grads(tf, rng, y, xs, dtype=np.float32, shape=None):
    """Gradients of `y` with respect to `xs`, against a random upstream gradient (of `shape`
    where `y`'s static shape is partly unknown)."""
    dy = tf.constant(rng.standard_normal(shape or y.shape.as_list()).astype(dtype))
    return tf.gradients(y, xs, grad_ys=dy)


def _adds_op_types(*types):
    """A `tf115` patch for gradient records: TF 1.15's gradient functions build these op types
    (TF 2.x builds others for the same numbers)."""
    def patch(record):
        record["op_types"] = sorted(set(record["op_types"]) | set(types))
    patch.__name__ = "tf115_builds_" + "_".join(types)
    return patch


def _math_add_is_add(*names):
    """A `tf115` patch: nn_impl's `math_ops.add(..., name=...)` is TF 1.15's generated `Add`
    (TF 2.x builds AddV2) for the ops `names`, in the op list and the fetched tensors."""
    def patch(record):
        record["graph"] = [g.replace("(AddV2)", "(Add)") if g.partition(" (")[0] in names
                           else g for g in record["graph"]]
        for t in fetched_tensors(record):
            if t["tensor"].rpartition(":")[0] in names and t.get("type") == "AddV2":
                t["type"] = "Add"
    patch.__name__ = "tf115_math_add_is_add"
    return patch


def _nested_assert_equal_scope(prefix):
    """A `tf115` patch: graph.py's `_assert_equal_scope` for an assert_equal built in scope
    `prefix`."""
    def patch(record):
        graph = record["graph"]
        inner = [i for i, g in enumerate(graph) if g.startswith(prefix + "assert_equal_1/")]
        sub = {"graph": [graph[i][len(prefix):] for i in inner]}
        _assert_equal_scope(sub)
        record["graph"] = graph[:inner[0]] + [prefix + g for g in sub["graph"]] + \
            graph[inner[-1] + 1:]
    patch.__name__ = "tf115_assert_equal_scope"
    return patch


# --------------------------------------------------------------------------------------------
# Activations: first and second order, dtypes, partly unknown shapes

for _op, _types in (("relu", ()), ("relu6", ()), ("elu", ()), ("softplus", ("SoftplusGrad",))):
    for _dt in (np.float32, np.float64):
        def _activation_grad(tf, rng, op=_op, dt=_dt):
            x, xv = _ph(tf, [None, 4], normal(rng, 3, 4, dtype=dt) * 4)
            dy, dyv = _ph(tf, [None, 4], normal(rng, 3, 4, dtype=dt))
            y = getattr(tf.nn, op)(x)
            g = tf.gradients(y, x, grad_ys=dy)[0]
            ddy, ddyv = _ph(tf, [None, 4], normal(rng, 3, 4, dtype=dt))
            second = tf.gradients(g, [dy, x], grad_ys=ddy)
            return {"fetch": {"grad": g, "second": second},
                    "feed": {x: xv, dy: dyv, ddy: ddyv}, "names": False}
        case(name=f"{_op}_grad_{np.dtype(_dt).name}",
             tf115=_adds_op_types(*_types) if _types else None)(_activation_grad)


@case
def activation_grads_known_shapes(tf, rng):
    x = tf.constant(normal(rng, 2, 3, 5) * 4)
    outs = {op: getattr(tf.nn, op)(x) for op in ("relu", "relu6", "elu", "softplus")}
    return {"fetch": {op: _grads(tf, rng, y, x)[0] for op, y in sorted(outs.items())},
            "names": False}


@case
def relu_grad_at_zero_and_six(tf, rng):
    x = tf.constant([[-1.0, 0.0, 3.0, 6.0, 7.0]])
    return {"fetch": {"relu": tf.gradients(tf.nn.relu(x), x)[0],
                      "relu6": tf.gradients(tf.nn.relu6(x), x)[0],
                      "elu": tf.gradients(tf.nn.elu(x), x)[0]},
            "names": False}


@case
def softplus_grad_extremes(tf, rng):
    x = tf.constant([-1000.0, -30.0, 0.0, 30.0, 1000.0], tf.float64)
    g = tf.gradients(tf.nn.softplus(x), x)[0]
    return {"fetch": {"grad": g, "second": tf.gradients(g, x)[0]}, "names": False}


for _op in ("softmax", "log_softmax"):
    def _softmax_grad(tf, rng, op=_op):
        x, xv = _ph(tf, [None, 5], normal(rng, 3, 5) * 3)
        k, kv = _ph(tf, [2, 3, 4], normal(rng, 2, 3, 4, dtype=np.float64))
        fn = getattr(tf.nn, op)
        return {"fetch": {"last": _grads(tf, rng, fn(x), x, shape=[3, 5])[0],
                          "axis1": _grads(tf, rng, fn(k, axis=1), k, np.float64)[0],
                          "sum": tf.gradients(tf.reduce_sum(fn(x)), x)[0]},
                "feed": {x: xv, k: kv}, "names": False}
    case(name=f"{_op}_grad")(_softmax_grad)


@case
def bias_add_grad_nhwc(tf, rng):
    x, xv = _ph(tf, [None, 3, 4], normal(rng, 2, 3, 4))
    b, bv = _ph(tf, [4], normal(rng, 4))
    gx, gb = _grads(tf, rng, tf.nn.bias_add(x, b), [x, b], shape=[2, 3, 4])
    ggb = tf.constant(normal(rng, 4))
    # The bias gradient's own gradient (BiasAddGrad's, a Tile) with respect to the upstream.
    up, upv = _ph(tf, [None, 3, 4], normal(rng, 2, 3, 4))
    db = tf.gradients(tf.nn.bias_add(x, b), b, grad_ys=up)[0]
    return {"fetch": {"gx": gx, "gb": gb, "second": tf.gradients(db, up, grad_ys=ggb)[0]},
            "feed": {x: xv, b: bv, up: upv}, "names": False}


@case
def bias_add_grad_nchw(tf, rng):
    x, xv = _ph(tf, [None, 3, 4, 5], normal(rng, 2, 3, 4, 5, dtype=np.float64))
    b, bv = _ph(tf, [3], normal(rng, 3, dtype=np.float64))
    up, upv = _ph(tf, [None, 3, 4, 5], normal(rng, 2, 3, 4, 5, dtype=np.float64))
    y = tf.nn.bias_add(x, b, data_format="NCHW")
    gx, gb = tf.gradients(y, [x, b], grad_ys=up)
    second = tf.gradients(gb, up, grad_ys=tf.constant(normal(rng, 3, dtype=np.float64)))[0]
    return {"fetch": {"gx": gx, "gb": gb, "second": second},
            "feed": {x: xv, b: bv, up: upv}, "names": False}


@case
def l2_loss_grad(tf, rng):
    x, xv = _ph(tf, [None, 3], normal(rng, 4, 3))
    d = tf.constant(normal(rng, 2, 5, dtype=np.float64))
    return {"fetch": {"partial": tf.gradients(tf.nn.l2_loss(x) * 3.0, x)[0],
                      "f64": tf.gradients(tf.nn.l2_loss(d), d)[0]},
            "feed": {x: xv}, "names": False}


# --------------------------------------------------------------------------------------------
# Softmax cross entropy

def _xent_inputs(tf, rng, shape, known=True, dtype=np.float32):
    logits, lv = _ph(tf, shape if known else [None] * len(shape),
                     normal(rng, *shape, dtype=dtype) * 2)
    p = uniform(rng, 0.1, 1.0, *shape, dtype=dtype)
    labels, pv = _ph(tf, shape if known else [None] * len(shape), p / p.sum(-1, keepdims=True))
    return logits, labels, {logits: lv, labels: pv}


@case
def softmax_xent_v1(tf, rng):
    logits, labels, feed = _xent_inputs(tf, rng, [3, 4])
    loss = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    named = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits, name="xent")
    return {"fetch": {"loss": loss, "named": named}, "feed": feed,
            "facts": {"name": loss.name, "named": named.name}}


@case
def softmax_xent_v2(tf, rng):
    logits, labels, feed = _xent_inputs(tf, rng, [3, 4])
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
    return {"fetch": {"loss": loss}, "feed": feed, "facts": {"name": loss.name}}


@case
def softmax_xent_rank3_and_axis(tf, rng):
    logits, labels, feed = _xent_inputs(tf, rng, [2, 3, 4])
    return {"fetch": {"last": tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels,
                                                                         logits=logits),
                      "axis1": tf.nn.softmax_cross_entropy_with_logits_v2(
                          labels=tf.nn.softmax(labels, axis=1), logits=logits, axis=1),
                      "dim1": tf.nn.softmax_cross_entropy_with_logits(
                          labels=tf.nn.softmax(labels, axis=1), logits=logits, dim=1)},
            "feed": feed}


@case
def softmax_xent_unknown_shapes(tf, rng):
    logits, labels, feed = _xent_inputs(tf, rng, [3, 5], known=False)
    u, uv = _ph(tf, None, normal(rng, 2, 2, 3))
    return {"fetch": {"partial": tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels,
                                                                            logits=logits),
                      "unknown_rank": tf.nn.softmax_cross_entropy_with_logits_v2(
                          labels=tf.nn.softmax(u), logits=u)},
            "feed": {**feed, u: uv}}


@case
def softmax_xent_stable_1e4(tf, rng):
    logits = tf.constant([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4], [1e4, 1e4, 0.0]])
    labels = tf.constant([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.5, 0.5, 0.0]])
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
    return {"fetch": {"loss": loss, "grad": tf.gradients(loss, logits)[0]}, "names": False}


@case
def softmax_xent_float64_and_python(tf, rng):
    return {"fetch": {"f64": tf.nn.softmax_cross_entropy_with_logits_v2(
                          labels=tf.constant([[0.25, 0.75]], tf.float64),
                          logits=tf.constant([[1.0, -2.0]], tf.float64)),
                      "lists": tf.nn.softmax_cross_entropy_with_logits(
                          labels=[[1.0, 0.0, 0.0]], logits=[[2.0, 1.0, 0.1]])}}


@case(error="must be provided")
def softmax_xent_v1_missing(tf, rng):
    tf.nn.softmax_cross_entropy_with_logits(logits=tf.zeros([2, 3]))


@case(error="Dimensions must be equal, but are 3 and 4")
def softmax_xent_shape_error(tf, rng):
    tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.zeros([2, 4]), logits=tf.zeros([2, 3]))


@case
def softmax_xent_grads(tf, rng):
    logits, labels, feed = _xent_inputs(tf, rng, [3, 4], known=False)
    v1 = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    v2 = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
    g1 = _grads(tf, rng, tf.reshape(v1, [3]), [logits, labels])
    g2 = _grads(tf, rng, tf.reshape(v2, [3]), [logits, labels])
    return {"fetch": {"v1_logits": g1[0], "v2": g2}, "feed": feed,
            "facts": {"v1_labels_grad_is_none": g1[1] is None}, "names": False}


@case
def softmax_xent_second_order(tf, rng):
    logits, labels, feed = _xent_inputs(tf, rng, [3, 4], dtype=np.float64)
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
    g = tf.gradients(loss, logits)[0]
    hv = tf.gradients(g, logits, grad_ys=tf.constant(normal(rng, 3, 4, dtype=np.float64)))[0]
    return {"fetch": {"grad": g, "hessian_vector": hv}, "feed": feed, "names": False}


# --------------------------------------------------------------------------------------------
# Sparse softmax cross entropy

@case
def sparse_xent_rank2(tf, rng):
    logits, lv = _ph(tf, [4, 3], normal(rng, 4, 3) * 2)
    labels, iv = _ph(tf, [4], ints(rng, 0, 3, 4))
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    named = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits,
                                                           name="sxent")
    i64 = tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.constant([2, 0, 1, 1], tf.int64), logits=logits)
    return {"fetch": {"loss": loss, "named": named, "int64": i64},
            "feed": {logits: lv, labels: iv}, "facts": {"name": loss.name}}


@case
def sparse_xent_rank3_known(tf, rng):
    logits, lv = _ph(tf, [2, 3, 5], normal(rng, 2, 3, 5))
    labels, iv = _ph(tf, [2, 3], ints(rng, 0, 5, 2, 3))
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    return {"fetch": {"loss": loss}, "feed": {logits: lv, labels: iv}}


@case(tf115=_nested_assert_equal_scope("SparseSoftmaxCrossEntropyWithLogits/"))
def sparse_xent_rank3_partial(tf, rng):
    logits, lv = _ph(tf, [None, 3, 5], normal(rng, 2, 3, 5))
    labels, iv = _ph(tf, [None, 3], ints(rng, 0, 5, 2, 3))
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    return {"fetch": {"loss": loss}, "feed": {logits: lv, labels: iv}}


@case
def sparse_xent_stable_1e4(tf, rng):
    logits = tf.constant([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4], [1e4, 1e4, 0.0]])
    labels = tf.constant([1, 0, 2])
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    return {"fetch": {"loss": loss, "grad": tf.gradients(loss, logits)[0]}, "names": False}


@case(error="Received a label value of 5 which is outside the valid range of [0, 3).  "
            "Label values: 0 5 1")
def sparse_xent_bad_label(tf, rng):
    logits, lv = _ph(tf, [3, 3], normal(rng, 3, 3))
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, 5, 1], logits=logits)
    return {"fetch": {"loss": loss}, "feed": {logits: lv}}


@case(error="Received a label value of -1 which is outside the valid range of [0, 3)")
def sparse_xent_negative_label(tf, rng):
    logits, lv = _ph(tf, [3, 3], normal(rng, 3, 3))
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, -1, 4], logits=logits)
    return {"fetch": {"loss": loss}, "feed": {logits: lv}}


@case(error="rank")
def sparse_xent_rank_mismatch(tf, rng):
    tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.zeros([3, 2], tf.int32),
                                                   logits=tf.zeros([3, 2]))


@case(error="except for the last dimension")
def sparse_xent_shape_mismatch(tf, rng):
    tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.zeros([4], tf.int32),
                                                   logits=tf.zeros([3, 2]))


@case
def sparse_xent_grads(tf, rng):
    logits, lv = _ph(tf, [None, 4], normal(rng, 3, 4))
    labels, iv = _ph(tf, [None], ints(rng, 0, 4, 3))
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    g = tf.gradients(tf.reduce_sum(loss * tf.constant([1.0, -2.0, 0.5])), logits)[0]
    k, kv = _ph(tf, [2, 3, 4], normal(rng, 2, 3, 4, dtype=np.float64))
    loss3 = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([[0, 1, 3],
                                                                               [2, 2, 0]]),
                                                           logits=k)
    return {"fetch": {"rank2": g, "rank3": _grads(tf, rng, loss3, k, np.float64)[0]},
            "feed": {logits: lv, labels: iv, k: kv}, "names": False}


# --------------------------------------------------------------------------------------------
# Sigmoid and weighted cross entropy

@case(tf115=_math_add_is_add("logistic_loss", "sig", "logistic_loss_1"))
def sigmoid_xent(tf, rng):
    x, xv = _ph(tf, [None, 4], normal(rng, 3, 4) * 3)
    z, zv = _ph(tf, [None, 4], uniform(rng, 0, 1, 3, 4))
    loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x)
    named = tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x, name="sig")
    stable = tf.nn.sigmoid_cross_entropy_with_logits(labels=[1.0, 0.0, 1.0, 0.0],
                                                     logits=[1e4, 1e4, -1e4, -1e4])
    return {"fetch": {"loss": loss, "named": named, "stable": stable},
            "feed": {x: xv, z: zv}, "facts": {"name": loss.name}}


@case(error="must have the same shape")
def sigmoid_xent_shape_error(tf, rng):
    tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.zeros([2, 3]), logits=tf.zeros([2, 4]))


@case(tf115=_math_add_is_add("logistic_loss", "w", "logistic_loss_1"))
def weighted_xent(tf, rng):
    x, xv = _ph(tf, [3, 4], normal(rng, 3, 4) * 3)
    z, zv = _ph(tf, [3, 4], uniform(rng, 0, 1, 3, 4))
    loss = tf.nn.weighted_cross_entropy_with_logits(labels=z, logits=x, pos_weight=2.5)
    old = tf.nn.weighted_cross_entropy_with_logits(targets=z, logits=x, pos_weight=0.5,
                                                   name="w")
    stable = tf.nn.weighted_cross_entropy_with_logits(labels=[1.0, 0.0], logits=[-1e4, 1e4],
                                                      pos_weight=3.0)
    return {"fetch": {"loss": loss, "targets": old, "stable": stable},
            "feed": {x: xv, z: zv}, "facts": {"name": loss.name}}


@case
def sigmoid_and_weighted_grads(tf, rng):
    x, xv = _ph(tf, [None, 4], normal(rng, 3, 4, dtype=np.float64) * 3)
    z, zv = _ph(tf, [None, 4], uniform(rng, 0, 1, 3, 4, dtype=np.float64))
    s = tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x)
    w = tf.nn.weighted_cross_entropy_with_logits(labels=z, logits=x, pos_weight=2.0)
    return {"fetch": {"sigmoid": tf.gradients(tf.reduce_sum(s), [x, z]),
                      "weighted": tf.gradients(tf.reduce_sum(w), [x, z])},
            "feed": {x: xv, z: zv}, "names": False}


# --------------------------------------------------------------------------------------------
# Dropout

@case
def dropout_keep_prob_one(tf, rng):
    x, xv = _ph(tf, [3, 4], normal(rng, 3, 4))
    out = tf.nn.dropout(x, keep_prob=1.0)
    rate0 = tf.nn.dropout(x, rate=0.0)
    return {"fetch": {"keep1": out, "rate0": rate0}, "feed": {x: xv},
            "facts": {"is_x": out is x, "rate0_is_x": rate0 is x}}


@case
def dropout_shapes(tf, rng):
    x, xv = _ph(tf, [None, 4], normal(rng, 3, 4))
    k = tf.placeholder(tf.float32, [])
    outs = {"keep_prob": tf.nn.dropout(x, keep_prob=0.5, seed=1),
            "rate": tf.nn.dropout(x, rate=0.25, seed=2),
            "tensor_keep": tf.nn.dropout(x, keep_prob=k),
            "noise_shape": tf.nn.dropout(x, rate=0.5, noise_shape=[3, 1]),
            "named": tf.nn.dropout(x, 0.5, name="drop")}
    return {"fetch": outs, "feed": {x: xv, k: 0.5}, "values": False, "names": False}


@case
def dropout_grad(tf, rng):
    x = tf.constant(np.ones([2, 3], np.float32))
    g = tf.gradients(tf.nn.dropout(x, keep_prob=1.0) * 2.0, x)[0]
    return {"fetch": {"grad": g}, "names": False}


@case(error="Cannot specify both")
def dropout_both_rates(tf, rng):
    tf.nn.dropout(tf.zeros([2]), keep_prob=0.5, rate=0.5)


@case(error="a float in the range [0, 1)")
def dropout_rate_one(tf, rng):
    tf.nn.dropout(tf.zeros([2]), rate=1.0)


@case(error="floating point tensor")
def dropout_integer_x(tf, rng):
    tf.nn.dropout(tf.zeros([2], tf.int32), rate=0.5)


# --------------------------------------------------------------------------------------------
# embedding_lookup

@case
def embedding_lookup_tensor(tf, rng):
    params = tf.constant(normal(rng, 5, 3))
    ids, iv = _ph(tf, [None], ints(rng, 0, 5, 4))
    out = tf.nn.embedding_lookup(params, ids)
    ids2 = tf.constant([[0, 4], [2, 2], [1, 3]])
    out2 = tf.nn.embedding_lookup(params, ids2, name="emb")
    return {"fetch": {"out": out, "rank2": out2}, "feed": {ids: iv},
            "facts": {"name": out.name, "rank2": out2.name}}


@case
def embedding_lookup_variable(tf, rng):
    v = tf.Variable(normal(rng, 6, 2), name="emb_v")
    ids = tf.constant([3, 0, 3, 5])
    out = tf.nn.embedding_lookup(v, ids)
    return {"fetch": {"out": out}, "init": True, "facts": {"name": out.name}}


@case
def embedding_lookup_variable_grad(tf, rng):
    v = tf.Variable(normal(rng, 6, 2), name="emb_v")
    out = tf.nn.embedding_lookup(v, tf.constant([[3, 0], [3, 5]]))
    g = _grads(tf, rng, out, v)[0]
    return {"fetch": {"grad": g, "dense": tf.convert_to_tensor(g)}, "init": True,
            "facts": {"is_indexed_slices": isinstance(g, tf.IndexedSlices)}, "names": False}


for _strategy in ("mod", "div"):
    def _partitioned(tf, rng, strategy=_strategy):
        parts = [tf.constant(normal(rng, n, 3)) for n in (3, 2, 2)]
        ids, iv = _ph(tf, [2, 3], np.array([[0, 6, 3], [5, 1, 3]], np.int32))
        out = tf.nn.embedding_lookup(parts, ids, partition_strategy=strategy)
        return {"fetch": {"out": out}, "feed": {ids: iv}, "facts": {"name": out.name}}
    case(name=f"embedding_lookup_partitioned_{_strategy}")(_partitioned)

    def _partitioned_grad(tf, rng, strategy=_strategy):
        parts = [tf.Variable(normal(rng, n, 2), name=f"p{i}") for i, n in enumerate((3, 2, 2))]
        out = tf.nn.embedding_lookup(parts, tf.constant([0, 6, 3, 5, 1, 3]),
                                     partition_strategy=strategy)
        grads = _grads(tf, rng, out, parts)
        return {"fetch": {"dense": [tf.convert_to_tensor(g) for g in grads]}, "init": True,
                "names": False}
    case(name=f"embedding_lookup_partitioned_{_strategy}_grad")(_partitioned_grad)


@case
def embedding_lookup_partitioned_unknown_rows(tf, rng):
    a, av = _ph(tf, [None, 2], normal(rng, 3, 2))
    b, bv = _ph(tf, [None, 2], normal(rng, 3, 2))
    out = tf.nn.embedding_lookup([a, b], tf.constant([5, 0, 2, 3]), partition_strategy="div")
    return {"fetch": {"out": out}, "feed": {a: av, b: bv}}


@case
def embedding_lookup_max_norm(tf, rng):
    params = tf.constant(normal(rng, 4, 3) * 3)
    out = tf.nn.embedding_lookup(params, tf.constant([0, 2, 3]), max_norm=1.5)
    parts = tf.nn.embedding_lookup([params, params], tf.constant([1, 6]), max_norm=1.0)
    return {"fetch": {"out": out, "partitioned": parts}, "names": False}


@case(error="Unrecognized partition strategy")
def embedding_lookup_bad_strategy(tf, rng):
    tf.nn.embedding_lookup([tf.zeros([2, 2]), tf.zeros([2, 2])], [0], partition_strategy="x")


# --------------------------------------------------------------------------------------------
# moments, l2_normalize

@case
def moments_variants(tf, rng):
    x, xv = _ph(tf, [None, 3, 4], normal(rng, 2, 3, 4) * 2 + 1)
    mean, var = tf.nn.moments(x, [0, 1])
    km, kv = tf.nn.moments(x, [2], keep_dims=True)
    m2, v2 = tf.nn.moments(x, axes=[1], keepdims=True, name="mom")
    return {"fetch": {"mean": mean, "var": var, "keep_mean": km, "keep_var": kv,
                      "m2": m2, "v2": v2}, "feed": {x: xv},
            "facts": {"names": [mean.name, var.name, km.name]}}


@case
def moments_grad(tf, rng):
    x, xv = _ph(tf, [None, 3], normal(rng, 4, 3, dtype=np.float64))
    mean, var = tf.nn.moments(x, [0])
    return {"fetch": {"mean": _grads(tf, rng, mean, x, np.float64)[0],
                      "var": _grads(tf, rng, var, x, np.float64)[0]},
            "feed": {x: xv}, "names": False}


@case
def l2_normalize_variants(tf, rng):
    x, xv = _ph(tf, [None, 4], normal(rng, 3, 4))
    return {"fetch": {"axis1": tf.nn.l2_normalize(x, axis=1),
                      "dim0": tf.nn.l2_normalize(x, dim=0, name="l2n"),
                      "all": tf.nn.l2_normalize(x),
                      "eps": tf.nn.l2_normalize(tf.constant([1e-4, 0.0]), 0, epsilon=1e-2)},
            "feed": {x: xv}}


@case
def l2_normalize_grad(tf, rng):
    x, xv = _ph(tf, [None, 4], normal(rng, 3, 4, dtype=np.float64))
    return {"fetch": {"grad": _grads(tf, rng, tf.nn.l2_normalize(x, 1), x, np.float64,
                                     [3, 4])[0]},
            "feed": {x: xv}, "names": False}


# --------------------------------------------------------------------------------------------
# The cross-entropy ops' partition/stitch relatives: dynamic_partition, dynamic_stitch

@case
def dynamic_partition_and_stitch(tf, rng):
    data, dv = _ph(tf, [None, 2], normal(rng, 5, 2))
    parts = tf.dynamic_partition(data, tf.constant([1, 0, 2, 1, 0]), 3)
    stitched = tf.dynamic_stitch([tf.constant([1, 4]), tf.constant([0, 3]),
                                  tf.constant([2])], parts)
    gap = tf.dynamic_stitch([[0, 3], [1]], [[1.0, 2.0], [3.0]])
    return {"fetch": {"parts": parts, "stitched": stitched, "gap": gap}, "feed": {data: dv}}


@case
def dynamic_partition_and_stitch_grads(tf, rng):
    data, dv = _ph(tf, [None, 2], normal(rng, 5, 2, dtype=np.float64))
    parts = tf.dynamic_partition(data, tf.constant([1, 0, 2, 1, 0]), 3)
    total = tf.reduce_sum(parts[0] * 2.0) + tf.reduce_sum(parts[1] * parts[1])
    a, av = _ph(tf, [2, 3], normal(rng, 2, 3, dtype=np.float64))
    b, bv = _ph(tf, [1, 3], normal(rng, 1, 3, dtype=np.float64))
    s = tf.dynamic_stitch([tf.constant([2, 0]), tf.constant([0])], [a, b])
    return {"fetch": {"partition": tf.gradients(total, data)[0],
                      "stitch": _grads(tf, rng, s, [a, b], np.float64)},
            "feed": {data: dv, a: av, b: bv}, "names": False}


@case(error="partitions[3] = 5 is not in [0, 2)")
def dynamic_partition_bad_index(tf, rng):
    p, pv = _ph(tf, [None], np.array([0, 1, 0, 5], np.int32))
    return {"fetch": tf.dynamic_partition([1, 2, 3, 4], p, 2), "feed": {p: pv}}


@case(error="Dimensions must be equal, but are 2 and 3")
def dynamic_partition_shape_error(tf, rng):
    tf.dynamic_partition([[1, 2], [3, 4]], [0, 1, 0], 2)


# --------------------------------------------------------------------------------------------
# init.py's DiagPart and Qr, their gradients and the ops they build

@case
def diag_and_diag_part(tf, rng):
    x, xv = _ph(tf, [2, 3], normal(rng, 2, 3))
    d = tf.diag(x)
    return {"fetch": {"diag": d, "part": tf.diag_part(d), "vector": tf.diag([1.0, 2.0])},
            "feed": {x: xv}}


@case
def diag_grads(tf, rng):
    x, xv = _ph(tf, [3], normal(rng, 3, dtype=np.float64))
    m, mv = _ph(tf, [2, 3, 2, 3], normal(rng, 2, 3, 2, 3, dtype=np.float64))
    return {"fetch": {"diag": _grads(tf, rng, tf.diag(x), x, np.float64)[0],
                      "diag_part": _grads(tf, rng, tf.diag_part(m), m, np.float64)[0]},
            "feed": {x: xv, m: mv}, "names": False}


@case
def matrix_band_part_forward(tf, rng):
    x, xv = _ph(tf, [None, 3, 4], normal(rng, 2, 3, 4))
    return {"fetch": {"lower": tf.matrix_band_part(x, -1, 0),
                      "upper": tf.matrix_band_part(x, 0, -1),
                      "band": tf.matrix_band_part(x, 1, 2), "diag": tf.matrix_band_part(x, 0, 0)},
            "feed": {x: xv}}


@case
def matrix_band_part_grad(tf, rng):
    x, xv = _ph(tf, [3, 4], normal(rng, 3, 4, dtype=np.float64))
    return {"fetch": {"grad": _grads(tf, rng, tf.matrix_band_part(x, 1, 0), x, np.float64)[0]},
            "feed": {x: xv}, "names": False}


@case(error="num_lower must be negative or less or equal to number of rows (3) got: 5")
def matrix_band_part_bad_lower(tf, rng):
    x, xv = _ph(tf, [None, 4], normal(rng, 3, 4))
    return {"fetch": tf.matrix_band_part(x, 5, 1), "feed": {x: xv}}


def _triangular(rng, *shape, dtype=np.float64):
    a = rng.standard_normal(shape) * 0.3
    return (a + 2 * np.eye(shape[-1])).astype(dtype)


@case
def matrix_triangular_solve_forward(tf, rng):
    a = tf.constant(_triangular(rng, 2, 3, 3))
    b = tf.constant(normal(rng, 2, 3, 2, dtype=np.float64))
    return {"fetch": {"lower": tf.matrix_triangular_solve(a, b),
                      "upper": tf.matrix_triangular_solve(a, b, lower=False),
                      "adjoint": tf.matrix_triangular_solve(a, b, adjoint=True),
                      "upper_adjoint": tf.matrix_triangular_solve(a, b, lower=False,
                                                                  adjoint=True)},
            "names": False}


@case
def matrix_triangular_solve_grads(tf, rng):
    a, av = _ph(tf, [3, 3], _triangular(rng, 3, 3))
    b, bv = _ph(tf, [3, 2], normal(rng, 3, 2, dtype=np.float64))
    out = {}
    for lower in (True, False):
        for adjoint in (False, True):
            y = tf.matrix_triangular_solve(a, b, lower=lower, adjoint=adjoint)
            out[f"lower{int(lower)}_adjoint{int(adjoint)}"] = _grads(tf, rng, y, [a, b],
                                                                     np.float64)
    return {"fetch": out, "feed": {a: av, b: bv}, "names": False}


@case
def qr_grads(tf, rng):
    sq, sqv = _ph(tf, [3, 3], normal(rng, 3, 3, dtype=np.float64))
    tall, tv = _ph(tf, [4, 3], normal(rng, 4, 3, dtype=np.float64))
    out = {}
    for label, a in (("square", sq), ("tall", tall)):
        q, r = tf.qr(a)
        out[f"{label}_q"] = _grads(tf, rng, q, a, np.float64)[0]
        out[f"{label}_r"] = _grads(tf, rng, r, a, np.float64)[0]
        out[f"{label}_both"] = tf.gradients(tf.reduce_sum(q * 2.0) + tf.reduce_sum(r * r), a)[0]
    full_q, full_r = tf.qr(sq, full_matrices=True)
    out["full_square"] = tf.gradients(tf.reduce_sum(full_q) + tf.reduce_sum(full_r), sq)[0]
    return {"fetch": out, "feed": {sq: sqv, tall: tv}, "names": False}


# --------------------------------------------------------------------------------------------
# logging_ops.py's Print and CheckNumerics

@case
def print_grad(tf, rng):
    x, xv = _ph(tf, [2, 3], normal(rng, 2, 3))
    other = tf.constant([1.0, 2.0])
    p = tf.Print(x, [x, other], message="value: ", first_n=0)
    gx, go = tf.gradients(p * 3.0, [x, other])
    return {"fetch": {"grad": gx}, "feed": {x: xv}, "facts": {"data_grad_is_none": go is None},
            "names": False}


@case
def check_numerics_grad(tf, rng):
    x, xv = _ph(tf, [2, 3], normal(rng, 2, 3))
    y = tf.check_numerics(x, "checked x")
    return {"fetch": {"grad": _grads(tf, rng, y * y, x)[0]}, "feed": {x: xv}, "names": False}


@case(error="values detected in gradient")
def check_numerics_grad_nan(tf, rng):
    x, xv = _ph(tf, [2], np.array([1.0, 0.0], np.float32))
    y = tf.check_numerics(x, "checked x")
    g = tf.gradients(tf.sqrt(y), x)[0]
    return {"fetch": g, "feed": {x: xv}, "names": False}
