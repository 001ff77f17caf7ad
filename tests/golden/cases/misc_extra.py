"""Golden cases: misc_extra. `tf.metrics` beyond accuracy/mean (the four counters, precision,
recall, auc in its curves and summation methods, the regression errors) run over several
updates with their local variables."""
import numpy as np

from . import case, normal, uniform
from .losses import ones_like_shape


def _ph(tf, shape, value):
    return tf.placeholder(tf.as_dtype(value.dtype), shape), value


def _metric_case(tf, pairs, batches):
    """Runs the update ops of `pairs` (name -> (value, update)) once per feed of `batches`,
    then the values; facts: local variables and the tensors' names."""
    facts = {"local": [v.name for v in tf.local_variables()],
             "metric": [v.name for v in tf.get_collection(tf.GraphKeys.METRIC_VARIABLES)],
             "tensors": {k: [v.name, u.name] for k, (v, u) in pairs.items()}}

    def run(sess):
        sess.run(tf.local_variables_initializer())
        before = sess.run({k: v for k, (v, _) in pairs.items()})
        updates = [sess.run({k: u for k, (_, u) in pairs.items()}, feed) for feed in batches]
        return before, updates, sess.run({k: v for k, (v, _) in pairs.items()})
    return {"run": run, "facts": facts}


@case
def metrics_counters(tf, rng):
    labels = tf.placeholder(tf.int64, [None])
    preds = tf.placeholder(tf.bool, [None])
    pairs = {"tp": tf.metrics.true_positives(labels, preds),
             "fp": tf.metrics.false_positives(labels, preds, name="fp"),
             "tn": tf.metrics.true_negatives(labels, preds),
             "fn": tf.metrics.false_negatives(labels, preds)}
    batches = [{labels: [1, 0, 1, 1, 0], preds: [True, True, False, True, False]},
               {labels: [0, 0, 1], preds: [False, True, True]}]
    return _metric_case(tf, pairs, batches)


@case
def metrics_counters_weighted(tf, rng):
    labels = tf.placeholder(tf.float32, [4])
    preds = tf.placeholder(tf.float32, [4, 1])
    pairs = {"tp": tf.metrics.true_positives(labels, preds, weights=[1.0, 2.0, 0.5, 3.0]),
             "fn": tf.metrics.false_negatives(labels, preds, weights=2.0)}
    batches = [{labels: [1, 0, 1, 1], preds: [[1], [1], [0], [2]]},
               {labels: [1, 1, 1, 0], preds: [[0], [1], [1], [0]]}]
    return _metric_case(tf, pairs, batches)


@case
def metrics_precision_recall(tf, rng):
    labels = tf.placeholder(tf.int32, [None])
    scores = tf.placeholder(tf.float32, [None])
    preds = scores > 0.5
    pairs = {"precision": tf.metrics.precision(labels, preds),
             "recall": tf.metrics.recall(labels, preds),
             "w_precision": tf.metrics.precision(labels, preds, weights=tf.ones_like(scores),
                                                 name="wp"),
             "w_recall": tf.metrics.recall(labels, preds, weights=tf.constant(0.5))}
    batches = [{labels: [1, 0, 1, 1], scores: [0.9, 0.7, 0.2, 0.6]},
               {labels: [0, 0], scores: [0.1, 0.3]},
               {labels: [1, 0, 0, 1, 1], scores: [0.8, 0.55, 0.4, 0.1, 0.95]}]
    return _metric_case(tf, pairs, batches)


@case
def metrics_precision_empty(tf, rng):
    labels = tf.constant([0, 0, 0], tf.int64)
    preds = tf.constant([False, False, False])
    pairs = {"precision": tf.metrics.precision(labels, preds, metrics_collections=["m"],
                                               updates_collections=["u"]),
             "recall": tf.metrics.recall(labels, preds)}
    out = _metric_case(tf, pairs, [{}, {}])
    out["facts"]["collections"] = [[t.name for t in tf.get_collection(k)] for k in ("m", "u")]
    return out


@case
def metrics_auc(tf, rng):
    labels = tf.placeholder(tf.int64, [None])
    scores = tf.placeholder(tf.float32, [None])
    weights = tf.placeholder(tf.float32, [None])
    pairs = {"roc": tf.metrics.auc(labels, scores),
             "roc_w": tf.metrics.auc(labels, scores, weights=weights, num_thresholds=50),
             "pr": tf.metrics.auc(labels, scores, curve="PR", num_thresholds=20),
             "pr_careful": tf.metrics.auc(labels, scores, curve="PR",
                                          summation_method="careful_interpolation"),
             "roc_min": tf.metrics.auc(labels, scores, summation_method="minoring",
                                       num_thresholds=30),
             "roc_maj": tf.metrics.auc(labels, scores, summation_method="majoring",
                                       name="maj", num_thresholds=30),
             "given": tf.metrics.auc(labels, scores, thresholds=[0.7, 0.3, 0.5])}
    batches = []
    for n in (8, 5, 11):
        batches.append({labels: rng.randint(0, 2, n).astype(np.int64),
                        scores: uniform(rng, 0, 1, n), weights: uniform(rng, 0, 2, n)})
    return _metric_case(tf, pairs, batches)


@case
def metrics_auc_static_2d(tf, rng):
    labels = tf.constant([[True, False], [False, True], [True, True]])
    scores = tf.constant(uniform(rng, 0, 1, 3, 2))
    pairs = {"roc": tf.metrics.auc(labels, scores, num_thresholds=10),
             "pr": tf.metrics.auc(labels, scores, weights=[[1.0], [2.0], [0.0]],
                                  curve="PR", num_thresholds=10,
                                  summation_method="careful_interpolation")}
    return _metric_case(tf, pairs, [{}, {}])


@case(error="ROC or PR")
def metrics_auc_bad_curve(tf, rng):
    tf.metrics.auc(tf.constant([1, 0]), tf.constant([0.5, 0.2]), curve="XY")


@case(error="Invalid summation_method")
def metrics_auc_bad_summation(tf, rng):
    tf.metrics.auc(tf.constant([1, 0]), tf.constant([0.5, 0.2]), summation_method="simpson")


@case(error="predictions must be in [0, 1]")
def metrics_auc_prediction_out_of_range(tf, rng):
    scores = tf.placeholder(tf.float32, [None])
    _, update = tf.metrics.auc(tf.constant([1, 0]), scores)
    return {"run": lambda sess: (sess.run(tf.local_variables_initializer()),
                                 sess.run(update, {scores: [0.5, 1.5]}))}


@case(error="must have rank in")
def metrics_counter_bad_weights_rank(tf, rng):
    tf.metrics.true_positives(tf.constant([1, 0]), tf.constant([True, False]),
                              weights=tf.ones([2, 1, 3]))


@case(tf115=ones_like_shape)
def metrics_regression(tf, rng):
    labels, lv = _ph(tf, [4, 3], normal(rng, 4, 3))
    preds, pv = _ph(tf, [4, 3], normal(rng, 4, 3))
    weights, wv = _ph(tf, [4, 1], uniform(rng, 0, 1, 4, 1))
    pairs = {"mae": tf.metrics.mean_absolute_error(labels, preds),
             "mse": tf.metrics.mean_squared_error(labels, preds, weights=weights),
             "rmse": tf.metrics.root_mean_squared_error(labels, preds),
             "rmse_w": tf.metrics.root_mean_squared_error(labels, preds, weights, name="r")}
    batches = [{labels: lv, preds: pv, weights: wv},
               {labels: lv * 2, preds: pv[::-1], weights: wv[::-1]}]
    return _metric_case(tf, pairs, batches)


# ---- tf.sort, tf.argsort (TopKV2 over the whole axis)

@case
def sort_axes(tf, rng):
    x, xv = _ph(tf, [3, 4, 5], normal(rng, 3, 4, 5))
    return {"fetch": {"last": tf.sort(x), "first": tf.sort(x, axis=0),
                      "middle_desc": tf.sort(x, axis=1, direction="DESCENDING", name="s"),
                      "neg_axis": tf.sort(x, axis=-2),
                      "arg_last": tf.argsort(x), "arg_first_desc":
                          tf.argsort(x, axis=0, direction="DESCENDING", stable=True)},
            "feed": {x: xv}}


@case
def sort_ties_and_unknown_shape(tf, rng):
    x, xv = _ph(tf, [None, None], np.array([[3, 1, 3, 0], [2, 2, 2, 1]], np.float32))
    return {"fetch": {"arg": tf.argsort(x), "arg_desc": tf.argsort(x, direction="DESCENDING"),
                      "sorted": tf.sort(x, axis=0),
                      "int_desc": tf.sort(tf.constant([5, -2, 7, 0]), direction="DESCENDING")},
            "feed": {x: xv}}


@case
def sort_unknown_rank(tf, rng):
    u = tf.placeholder(tf.float32)
    return {"fetch": {"first": tf.sort(u, axis=0), "arg_desc": tf.argsort(u, axis=-3)},
            "feed": {u: normal(rng, 3, 2, 4)}}


@case(error="should be one of")
def sort_bad_direction(tf, rng):
    tf.sort(tf.constant([1.0, 2.0]), direction="UP")


@case(error="must be a constant scalar")
def sort_tensor_axis(tf, rng):
    tf.sort(tf.constant([1.0, 2.0]), axis=tf.placeholder(tf.int32, []))


# ---- tf.bincount

# TF 2.x builds compat.v1's bincount as DenseBincount in a `bincount` scope; TF 1.15, minitf's
# model, builds Bincount (UnsortedSegmentSum with weights) unscoped: values only, by `run`.

@case
def bincount_forms(tf, rng):
    arr, av = _ph(tf, [None], np.array([1, 1, 4, 0, 2, 1], np.int32))
    w, wv = _ph(tf, [None], uniform(rng, 0, 2, 6))
    outs = {"plain": tf.bincount(arr), "minlength": tf.bincount(arr, minlength=8),
            "maxlength": tf.bincount(arr, maxlength=3, dtype=tf.float64),
            "weighted": tf.bincount(arr, weights=w, minlength=7),
            "matrix": tf.bincount(tf.reshape(arr, [2, 3])),
            "empty": tf.bincount(tf.zeros([0], tf.int32), minlength=2)}
    return {"run": lambda sess: sess.run(outs, {arr: av, w: wv}),
            "facts": {"dtypes": {k: v.dtype.name for k, v in outs.items()}}}


def bincount_v1_graph(record):
    """A `tf115` patch: TF 1.15's math_ops.bincount (no name scope; `reduce_prod(shape(arr)) >
    0` for non-emptiness, the Bincount op with empty weights) in place of 2.x's DenseBincount."""
    record["graph"] = ["Placeholder (Placeholder)", "Shape (Shape)", "Const (Const)",
                       "Prod (Prod)", "Greater/y (Const)", "Greater (Greater)", "Cast (Cast)",
                       "Const_1 (Const)", "Max (Max)", "add/y (Const)", "add (AddV2)",
                       "mul (Mul)", "minlength (Const)", "Maximum (Maximum)",
                       "Const_2 (Const)", "Bincount (Bincount)"]


@case(error="must be non-negative", tf115=bincount_v1_graph)
def bincount_negative(tf, rng):
    arr = tf.placeholder(tf.int32, [None])
    out = tf.bincount(arr, minlength=3)
    return {"run": lambda sess: sess.run(out, {arr: np.array([1, -1], np.int32)})}


# ---- tf.random_crop

@case
def random_crop_shapes(tf, rng):
    x, xv = _ph(tf, [5, 6, 3], normal(rng, 5, 6, 3))
    return {"fetch": {"crop": tf.random_crop(x, [2, 4, 3], seed=3),
                      "named": tf.random_crop(x, [5, 1, 1], name="rc")},
            "feed": {x: xv}, "values": False}


@case
def random_crop_whole(tf, rng):
    x, xv = _ph(tf, [None, 3], normal(rng, 4, 3))
    return {"fetch": {"crop": tf.random_crop(x, [4, 3])}, "feed": {x: xv}}


@case(error="Need value.shape >= size")
def random_crop_too_big(tf, rng):
    x = tf.placeholder(tf.float32, [None, 3])
    return {"fetch": tf.random_crop(x, [4, 3]), "feed": {x: np.zeros((2, 3), np.float32)}}


# ---- tf.nn.log_poisson_loss

@case(tf115=ones_like_shape)
def log_poisson_loss(tf, rng):
    log_input, lv = _ph(tf, [3, 4], normal(rng, 3, 4))
    targets = tf.constant(np.array([[0, 0.5, 1, 2], [3, 0, 7, 1.5], [1, 1, 4, 0.2]], np.float32))
    return {"fetch": {"partial": tf.nn.log_poisson_loss(targets, log_input),
                      "full": tf.nn.log_poisson_loss(targets, log_input, compute_full_loss=True,
                                                     name="lp")},
            "feed": {log_input: lv}}


@case(error="must have the same shape")
def log_poisson_loss_shapes(tf, rng):
    tf.nn.log_poisson_loss(tf.zeros([2, 3]), tf.zeros([3, 2]))
