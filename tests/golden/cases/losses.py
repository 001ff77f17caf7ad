"""`tf.losses`: every loss, the reductions, weights (and their broadcast checks), the LOSSES and
REGULARIZATION_LOSSES collections, and the gradient of each loss."""
import re

import numpy as np

from . import case, ints, normal, tf_add_is_add, uniform


def safe_mean_sum(rec: dict) -> None:
    """A `tf115` patch: `_safe_mean` sums the already scalar loss before dividing it (`value`).
    TF 1.15 gives a scalar's reduction axes as a Const (`<scope>/Const_k`); TF 2.x builds
    `Rank` and `range` ops."""
    graph = rec["graph"]
    out = []
    i = 0
    while i < len(graph):
        name, _, kind = graph[i].partition(" (")
        scope = name.rpartition("/")[0]
        after = [g.partition(" (") for g in graph[i + 4:i + 6]]
        if (name.endswith("/Rank") and kind == "Const)"
                and graph[i + 1:i + 4] == [f"{scope}/range/start (Const)",
                                           f"{scope}/range/delta (Const)",
                                           f"{scope}/range (Range)"]
                and len(after) == 2 and after[0][2] == "Sum)" and after[1][2] == "DivNoNan)"):
            pattern = re.compile(re.escape(scope) + r"/Const(_\d+)? \(")
            k = sum(1 for g in out if pattern.match(g))
            out.append(f"{scope}/Const{'_' + str(k) if k else ''} (Const)")
            i += 4
            continue
        out.append(graph[i])
        i += 1
    rec["graph"] = out


def sigmoid_xent_add(rec: dict) -> None:
    """A `tf115` patch: TF 1.15's sigmoid_cross_entropy_with_logits ends with `math_ops.add`,
    the op type `Add` (TF 2.x: AddV2)."""
    rec["graph"] = [g.replace("/xentropy (AddV2)", "/xentropy (Add)") for g in rec["graph"]]


def ones_like_shape(rec: dict) -> None:
    """A `tf115` patch: TF 1.15's ones_like names the folded shape `ones_like/Shape`."""
    rec["graph"] = [g.replace("/Shape/shape_as_tensor (", "/Shape (") for g in rec["graph"]]


def tf115(*patches):
    def patch(rec: dict) -> None:
        for p in patches:
            p(rec)
    patch.__name__ = "_".join(p.__name__ for p in patches)
    return patch


LOSS_PATCH = tf115(safe_mean_sum, ones_like_shape)


def _ph(tf, shape, value):
    return tf.placeholder(tf.as_dtype(value.dtype), shape), value


def _names(ts):
    return [t.name for t in ts]


# ---- mean_squared_error and the reductions

@case(tf115=LOSS_PATCH)
def mean_squared_error_default(tf, rng):
    p, pv = _ph(tf, [None, 3], normal(rng, 4, 3))
    y, yv = _ph(tf, [None, 3], normal(rng, 4, 3))
    loss = tf.losses.mean_squared_error(y, p)
    return {"fetch": {"loss": loss}, "feed": {p: pv, y: yv},
            "facts": {"losses": _names(tf.get_collection(tf.GraphKeys.LOSSES)),
                      "get_losses": _names(tf.losses.get_losses())}}


@case(tf115=LOSS_PATCH)
def mean_squared_error_static_weights(tf, rng):
    p = tf.constant(normal(rng, 2, 3))
    y = tf.constant(normal(rng, 2, 3))
    w = tf.constant([[1.0, 0.0, 2.0], [0.5, 0.0, 1.0]])
    wrow = tf.constant([[2.0], [0.0]])
    return {"fetch": {"full": tf.losses.mean_squared_error(y, p, weights=w),
                      "row": tf.losses.mean_squared_error(y, p, weights=wrow),
                      "scalar": tf.losses.mean_squared_error(y, p, weights=3.0),
                      "zero": tf.losses.mean_squared_error(y, p, weights=0.0)}}


for _reduction in ("NONE", "SUM", "MEAN", "SUM_OVER_BATCH_SIZE", "SUM_OVER_NONZERO_WEIGHTS",
                   "SUM_BY_NONZERO_WEIGHTS"):
    def _reduction_case(tf, rng, reduction=_reduction):
        p, pv = _ph(tf, [2, 3], normal(rng, 2, 3))
        y, yv = _ph(tf, [2, 3], normal(rng, 2, 3))
        w = tf.constant([[1.0, 0.0, 2.0], [0.5, 0.0, 1.0]])
        r = getattr(tf.losses.Reduction, reduction)
        return {"fetch": {"weighted": tf.losses.mean_squared_error(y, p, weights=w, reduction=r),
                          "scalar": tf.losses.absolute_difference(y, p, weights=2.0,
                                                                  reduction=r)},
                "feed": {p: pv, y: yv}, "facts": {"key": r}}
    case(name=f"reduction_{_reduction.lower()}", tf115=LOSS_PATCH)(_reduction_case)


@case(tf115=LOSS_PATCH)
def compute_weighted_loss_float64(tf, rng):
    x, xv = _ph(tf, [3, 4], uniform(rng, 0, 2, 3, 4, dtype=np.float64))
    loss = tf.losses.compute_weighted_loss(x, weights=tf.constant([[1.0], [0.0], [2.0]]))
    sob = tf.losses.compute_weighted_loss(x, reduction=tf.losses.Reduction.SUM_OVER_BATCH_SIZE,
                                          scope="sob")
    return {"fetch": {"loss": loss, "sob": sob}, "feed": {x: xv},
            "facts": {"losses": _names(tf.losses.get_losses())}}


@case(tf115=LOSS_PATCH)
def loss_scopes_and_collections(tf, rng):
    p, pv = _ph(tf, [2, 3], normal(rng, 2, 3))
    a = tf.losses.mean_squared_error(p, tf.zeros([2, 3]), scope="mine")
    b = tf.losses.mean_squared_error(p, tf.zeros([2, 3]))
    c = tf.losses.absolute_difference(p, tf.zeros([2, 3]), loss_collection="extra")
    d = tf.losses.absolute_difference(p, tf.zeros([2, 3]), loss_collection=None)
    with tf.name_scope("outer"):
        e = tf.losses.hinge_loss(tf.ones([2, 3]), p)
    tf.losses.add_loss(tf.constant(5.0, name="five"))
    return {"fetch": {"a": a, "b": b, "c": c, "d": d, "e": e,
                      "total": tf.losses.get_total_loss(name="tot")},
            "feed": {p: pv},
            "facts": {"losses": _names(tf.losses.get_losses()),
                      "extra": _names(tf.losses.get_losses(loss_collection="extra")),
                      "scoped": _names(tf.losses.get_losses(scope="mine"))}}


def _eager_regularizers(rec: dict) -> None:
    """A `tf115` patch: TF 1.15's get_variable calls a regularizer once, under
    `<name>/Regularizer/` right after creating the variable; TF 2.x calls it first at the root,
    then lazily on every use."""
    root_calls = {"Square", "Sum", "Const_2", "Abs", "Const_3", "Sum_1", "mul/x", "mul"}

    def extra(g):
        name = g.partition(" (")[0]
        return name in root_calls or re.match(r"[wv]/Regularizer/\w+_\d", name)
    graph = [g for g in rec["graph"] if not extra(g)]
    regs = [g for g in graph if "/Regularizer/" in g]
    out = []
    for g in graph:
        if "/Regularizer/" not in g:
            out.append(g)
        if g.endswith("/read (Identity)"):
            var = g.partition("/read (")[0]
            out.extend(r for r in regs if r.startswith(var + "/Regularizer/"))
    rec["graph"] = out


@case(tf115=tf115(_eager_regularizers, safe_mean_sum, ones_like_shape))
def regularization_and_total_loss(tf, rng):
    w = tf.get_variable("w", initializer=tf.constant([[1.0, -2.0], [3.0, 0.5]]),
                        regularizer=lambda v: tf.reduce_sum(tf.square(v)))
    tf.get_variable("v", initializer=tf.constant([0.5, -1.5]),
                        regularizer=lambda t: 0.5 * tf.reduce_sum(tf.abs(t)))
    with tf.variable_scope("skip"):
        tf.get_variable("u", initializer=tf.constant(2.0), regularizer=lambda t: None)
    data = tf.losses.mean_squared_error(tf.ones([2, 2]), w)
    return {"fetch": {"reg": tf.losses.get_regularization_loss(),
                      "reg_named": tf.losses.get_regularization_loss(name="reg"),
                      "total": tf.losses.get_total_loss(),
                      "no_reg": tf.losses.get_total_loss(add_regularization_losses=False),
                      "data": data},
            "init": True,
            "facts": {"reg_losses": _names(tf.losses.get_regularization_losses()),
                      "collection": _names(tf.get_collection(
                          tf.GraphKeys.REGULARIZATION_LOSSES))}}


@case
def regularization_loss_none(tf, rng):
    return {"fetch": {"zero": tf.losses.get_regularization_loss()}}


# ---- the other losses

@case(tf115=LOSS_PATCH)
def absolute_difference(tf, rng):
    p, pv = _ph(tf, [None, 4], normal(rng, 3, 4))
    y, yv = _ph(tf, [None, 4], normal(rng, 3, 4))
    i = tf.constant([[1, 2], [3, 4]])
    return {"fetch": {"loss": tf.losses.absolute_difference(y, p),
                      "ints": tf.losses.absolute_difference(i, tf.constant([[0.5, 2.0],
                                                                            [1.0, 6.0]]))},
            "feed": {p: pv, y: yv}}


@case(tf115=tf115(safe_mean_sum, ones_like_shape, tf_add_is_add))
def huber_loss(tf, rng):
    p, pv = _ph(tf, [None, 4], normal(rng, 3, 4) * 2)
    y, yv = _ph(tf, [None, 4], normal(rng, 3, 4))
    return {"fetch": {"default": tf.losses.huber_loss(y, p),
                      "delta": tf.losses.huber_loss(y, p, delta=0.5,
                                                    reduction=tf.losses.Reduction.NONE)},
            "feed": {p: pv, y: yv}}


@case(tf115=LOSS_PATCH)
def hinge_loss(tf, rng):
    logits, lv = _ph(tf, [None, 3], normal(rng, 4, 3))
    labels, yv = _ph(tf, [None, 3], ints(rng, 0, 2, 4, 3).astype(np.float32))
    return {"fetch": {"loss": tf.losses.hinge_loss(labels, logits),
                      "none": tf.losses.hinge_loss(labels, logits,
                                                   reduction=tf.losses.Reduction.NONE)},
            "feed": {logits: lv, labels: yv}}


@case(tf115=LOSS_PATCH)
def log_loss(tf, rng):
    p, pv = _ph(tf, [None, 3], uniform(rng, 0.05, 0.95, 4, 3))
    y, yv = _ph(tf, [None, 3], ints(rng, 0, 2, 4, 3).astype(np.float32))
    return {"fetch": {"loss": tf.losses.log_loss(y, p),
                      "eps": tf.losses.log_loss(y, p, epsilon=0.1, weights=2.0)},
            "feed": {p: pv, y: yv}}


@case(tf115=LOSS_PATCH)
def cosine_distance(tf, rng):
    a = normal(rng, 3, 4)
    b = normal(rng, 3, 4)
    a /= np.linalg.norm(a, axis=1, keepdims=True)
    b /= np.linalg.norm(b, axis=1, keepdims=True)
    p, pv = _ph(tf, [None, 4], a)
    y, yv = _ph(tf, [None, 4], b)
    return {"fetch": {"axis1": tf.losses.cosine_distance(y, p, axis=1),
                      "dim": tf.losses.cosine_distance(y, p, dim=1,
                                                       reduction=tf.losses.Reduction.NONE)},
            "feed": {p: pv, y: yv}}


@case(tf115=LOSS_PATCH)
def mean_pairwise_squared_error(tf, rng):
    p, pv = _ph(tf, [3, 4], normal(rng, 3, 4))
    y, yv = _ph(tf, [3, 4], normal(rng, 3, 4))
    return {"fetch": {"loss": tf.losses.mean_pairwise_squared_error(y, p),
                      "weighted": tf.losses.mean_pairwise_squared_error(
                          y, p, weights=tf.constant([[1.0], [0.0], [2.0]]))},
            "feed": {p: pv, y: yv}}


@case(tf115=LOSS_PATCH)
def softmax_cross_entropy(tf, rng):
    logits, lv = _ph(tf, [None, 5], normal(rng, 3, 5) * 2)
    labels, yv = _ph(tf, [None, 5], np.eye(5, dtype=np.float32)[[1, 4, 0]])
    return {"fetch": {"loss": tf.losses.softmax_cross_entropy(labels, logits),
                      "smooth": tf.losses.softmax_cross_entropy(labels, logits,
                                                                label_smoothing=0.2),
                      "weighted": tf.losses.softmax_cross_entropy(labels, logits,
                                                                  weights=2.0)},
            "feed": {logits: lv, labels: yv}}


@case(tf115=LOSS_PATCH)
def softmax_cross_entropy_static(tf, rng):
    logits = tf.constant(normal(rng, 3, 4))
    labels = tf.constant(np.eye(4, dtype=np.int32)[[2, 0, 3]])
    return {"fetch": {"loss": tf.losses.softmax_cross_entropy(labels, logits,
                                                              weights=tf.constant([1.0, 0.0,
                                                                                   3.0])),
                      "stable": tf.losses.softmax_cross_entropy(
                          [[0.0, 1.0]], tf.constant([[1e4, -1e4]]))}}


@case(tf115=LOSS_PATCH)
def sparse_softmax_cross_entropy(tf, rng):
    logits, lv = _ph(tf, [None, 4], normal(rng, 3, 4))
    labels, yv = _ph(tf, [None], ints(rng, 0, 4, 3))
    col, cv = _ph(tf, [None, 1], ints(rng, 0, 4, 3, 1, dtype=np.int64))
    return {"fetch": {"loss": tf.losses.sparse_softmax_cross_entropy(labels, logits),
                      "column": tf.losses.sparse_softmax_cross_entropy(col, logits)},
            "feed": {logits: lv, labels: yv, col: cv}}


@case(tf115=LOSS_PATCH)
def sparse_softmax_cross_entropy_weights(tf, rng):
    logits = tf.constant(normal(rng, 3, 4))
    labels = tf.constant(ints(rng, 0, 4, 3, dtype=np.int64))
    return {"fetch": {"column": tf.losses.sparse_softmax_cross_entropy(
                          labels, logits, weights=tf.constant([[1.0], [0.0], [2.0]])),
                      "row": tf.losses.sparse_softmax_cross_entropy(
                          labels[:, None], logits, weights=tf.constant([0.5, 1.0, 0.0]))}}


@case(tf115=tf115(safe_mean_sum, ones_like_shape, sigmoid_xent_add))
def sigmoid_cross_entropy(tf, rng):
    logits, lv = _ph(tf, [None, 3], normal(rng, 4, 3) * 3)
    labels, yv = _ph(tf, [None, 3], ints(rng, 0, 2, 4, 3).astype(np.float32))
    return {"fetch": {"loss": tf.losses.sigmoid_cross_entropy(labels, logits),
                      "smooth": tf.losses.sigmoid_cross_entropy(labels, logits,
                                                                label_smoothing=0.1),
                      "ints": tf.losses.sigmoid_cross_entropy(
                          tf.constant([[1, 0]]), tf.constant([[1e4, 3.0]]))},
            "feed": {logits: lv, labels: yv}}


# ---- weights known only when run: values only (TF checks them with a tf.cond)

@case
def weights_checked_at_run_time(tf, rng):
    p, pv = _ph(tf, [None, 3], normal(rng, 4, 3))
    y, yv = _ph(tf, [None, 3], normal(rng, 4, 3))
    w, wv = _ph(tf, [None, 1], np.array([[1.0], [0.0], [2.0], [0.5]], np.float32))
    return {"fetch": {"loss": tf.losses.mean_squared_error(y, p, weights=w)},
            "feed": {p: pv, y: yv, w: wv}, "names": False}


@case
def weights_of_unknown_rank(tf, rng):
    p, pv = _ph(tf, [None, 3], normal(rng, 4, 3))
    y, yv = _ph(tf, [None, 3], normal(rng, 4, 3))
    w = tf.placeholder(tf.float32)
    loss = tf.losses.mean_squared_error(y, p, weights=w)
    feed = {p: pv, y: yv}
    return {"fetch": {"loss": loss},
            "run": lambda sess: [sess.run(loss, {**feed, w: wv}) for wv in (
                np.float32(2.0), np.array([[1.0], [0.0], [2.0], [0.5]], np.float32),
                np.array([[0.0, 1.0, 3.0]], np.float32))],
            "names": False}


@case
def sparse_softmax_cross_entropy_unknown_ranks(tf, rng):
    logits, lv = _ph(tf, [None, 4], normal(rng, 3, 4))
    labels = tf.placeholder(tf.int32)
    weights = tf.placeholder(tf.float32)
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits, weights=weights)
    yv = ints(rng, 0, 4, 3)
    wv = np.array([1.0, 0.0, 2.0], np.float32)
    return {"fetch": {"loss": loss},
            "run": lambda sess: [sess.run(loss, {logits: lv, labels: y, weights: w})
                                 for y, w in ((yv, wv), (yv[:, None], wv[:, None]))],
            "names": False}


@case(error="weights can not be broadcast to values.")
def error_weights_at_run_time(tf, rng):
    w = tf.placeholder(tf.float32, [None, None])
    loss = tf.losses.mean_squared_error(tf.zeros([2, 3]), tf.ones([2, 3]), weights=w)
    return {"fetch": {"loss": loss}, "feed": {w: np.ones((2, 2), np.float32)},
            "names": False}


# ---- errors

@case(error="weights can not be broadcast to values.")
def error_weights_rank(tf, rng):
    tf.losses.mean_squared_error(tf.zeros([2, 3]), tf.zeros([2, 3]), weights=tf.ones([3]))


@case(error="Mismatch at dim 1")
def error_weights_dim(tf, rng):
    tf.losses.absolute_difference(tf.zeros([2, 3]), tf.zeros([2, 3]), weights=tf.ones([2, 2]))


@case(error="Invalid Reduction Key")
def error_reduction(tf, rng):
    tf.losses.mean_squared_error(tf.zeros([2]), tf.zeros([2]), reduction="mean")


@case(error="must not be None")
def error_labels_none(tf, rng):
    tf.losses.mean_squared_error(None, tf.zeros([2]))


@case(error="must not be None")
def error_logits_none(tf, rng):
    tf.losses.softmax_cross_entropy(tf.zeros([2, 3]), None)


@case(error="are incompatible")
def error_shapes(tf, rng):
    tf.losses.mean_squared_error(tf.zeros([2, 3]), tf.zeros([2, 4]))


@case(error="You must specify")
def error_cosine_axis(tf, rng):
    tf.losses.cosine_distance(tf.zeros([2, 3]), tf.zeros([2, 3]))


@case(error="at least one Tensor/IndexedSlices")
def error_total_loss_empty(tf, rng):
    tf.losses.get_total_loss()


@case(error="Received a label value of 7", tf115=LOSS_PATCH)
def error_sparse_label_range(tf, rng):
    loss = tf.losses.sparse_softmax_cross_entropy(tf.constant([0, 7]), tf.zeros([2, 3]))
    return {"fetch": {"loss": loss}}


# ---- gradients (op types and values; TF 2.x builds gradient graphs differently)

_GRAD_LOSSES = {
    "mean_squared_error": lambda tf, y, p: tf.losses.mean_squared_error(y, p),
    "absolute_difference": lambda tf, y, p: tf.losses.absolute_difference(y, p),
    "huber_loss": lambda tf, y, p: tf.losses.huber_loss(y, p, delta=0.5),
    "hinge_loss": lambda tf, y, p: tf.losses.hinge_loss(tf.cast(y > 0, tf.float32), p),
    "log_loss": lambda tf, y, p: tf.losses.log_loss(tf.cast(y > 0, tf.float32),
                                                     tf.sigmoid(p)),
    "cosine_distance": lambda tf, y, p: tf.losses.cosine_distance(
        tf.nn.l2_normalize(y, 1), p, axis=1),
    "mean_pairwise_squared_error": lambda tf, y, p: tf.losses.mean_pairwise_squared_error(y, p),
    "softmax_cross_entropy": lambda tf, y, p: tf.losses.softmax_cross_entropy(
        tf.nn.softmax(y), p, label_smoothing=0.1),
    "sparse_softmax_cross_entropy": lambda tf, y, p: tf.losses.sparse_softmax_cross_entropy(
        tf.argmax(y, 1), p),
    "sigmoid_cross_entropy": lambda tf, y, p: tf.losses.sigmoid_cross_entropy(
        tf.cast(y > 0, tf.float32), p, label_smoothing=0.2),
    "compute_weighted_loss": lambda tf, y, p: tf.losses.compute_weighted_loss(
        tf.square(p - y), reduction=tf.losses.Reduction.MEAN),
}

for _name, _fn in _GRAD_LOSSES.items():
    def _grad_case(tf, rng, fn=_fn):
        p, pv = _ph(tf, [None, 4], normal(rng, 3, 4))
        y, yv = _ph(tf, [None, 4], normal(rng, 3, 4))
        w = tf.placeholder(tf.float32, [3, 1])
        loss = fn(tf, y, p) * tf.reduce_sum(w)
        gp, gw = tf.gradients(loss, [p, w])
        return {"fetch": {"loss": loss, "dp": gp, "dw": gw},
                "feed": {p: pv, y: yv, w: np.array([[1.0], [0.5], [2.0]], np.float32)},
                "names": False}
    case(name=f"grad_{_name}")(_grad_case)


@case
def grad_weighted_sparse_zero_weights(tf, rng):
    logits, lv = _ph(tf, [None, 3], normal(rng, 4, 3))
    labels = tf.constant([0, 2, 1, 1])
    w = tf.constant([1.0, 0.0, 2.0, 0.0])
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits, weights=w)
    return {"fetch": {"loss": loss, "d": tf.gradients(loss, logits)[0]},
            "feed": {logits: lv}, "names": False}

