"""Golden cases: surface. The TF1 tutorial symbols outside the op families: `tf.multinomial`
(shapes, dtypes and names; its draws are minitf's own), `tf.nn.xw_plus_b`, `tf.metrics.accuracy`
and `tf.metrics.mean` with their local variables, `tf.train.global_step`, and the queues
(`tf.FIFOQueue`, `tf.train.range_input_producer` with its queue runner)."""
import numpy as np

from . import case, normal
from .losses import ones_like_shape


def _ph(tf, shape, value):
    return tf.placeholder(tf.as_dtype(value.dtype), shape), value


@case
def multinomial_shapes(tf, rng):
    logits, lv = _ph(tf, [None, 4], normal(rng, 3, 4))
    tf.set_random_seed(5)
    return {"fetch": {"default": tf.multinomial(logits, 6),
                      "int32": tf.multinomial(logits, 2, seed=3, output_dtype=tf.int32,
                                              name="draw"),
                      "const": tf.multinomial(tf.constant(normal(rng, 2, 3)), 1)},
            "feed": {logits: lv}, "values": False}


@case
def multinomial_certain(tf, rng):
    logits = tf.constant([[0.0, -1e9, -1e9], [-1e9, -1e9, 0.0]])
    return {"fetch": {"picked": tf.multinomial(logits, 5)}}


@case(error="Shape must be rank 2 but is rank 1")
def multinomial_rank(tf, rng):
    tf.multinomial(tf.zeros([3]), 2)


@case
def xw_plus_b(tf, rng):
    x, xv = _ph(tf, [None, 3], normal(rng, 2, 3))
    w, b = tf.constant(normal(rng, 3, 4)), tf.constant(normal(rng, 4))
    return {"fetch": {"default": tf.nn.xw_plus_b(x, w, b),
                      "named": tf.nn.xw_plus_b(x, w, b, name="logits")},
            "feed": {x: xv}}


@case
def metrics_accuracy(tf, rng):
    labels = tf.placeholder(tf.int64, [None])
    preds = tf.placeholder(tf.int64, [None, 1])
    acc, update = tf.metrics.accuracy(labels=labels, predictions=preds)
    w_acc, w_update = tf.metrics.accuracy(labels, tf.placeholder_with_default(
        tf.constant([1, 0, 3], tf.int32), [3]), weights=[1.0, 2.0, 0.5], name="weighted")
    facts = {"local": [v.name for v in tf.local_variables()],
             "metric": [v.name for v in tf.get_collection(tf.GraphKeys.METRIC_VARIABLES)],
             "global": [v.name for v in tf.global_variables()],
             "tensors": [acc.name, update.name, w_acc.name, w_update.name]}

    def run(sess):
        sess.run(tf.local_variables_initializer())
        first = sess.run([update, w_update], {labels: [1, 2, 3], preds: [[1], [2], [0]]})
        second = sess.run(update, {labels: [4, 4], preds: [[4], [0]]})
        return first, second, sess.run([acc, w_acc], {labels: [1, 2, 3]})
    return {"run": run, "facts": facts}


@case(tf115=ones_like_shape)
def metrics_mean_collections(tf, rng):
    values, vv = _ph(tf, [2, 3], normal(rng, 2, 3))
    m, update = tf.metrics.mean(values, metrics_collections=["m"], updates_collections=["u"])
    wm, w_update = tf.metrics.mean(values, weights=tf.constant([[1.0], [0.0]]))
    facts = {"m": [t.name for t in tf.get_collection("m")],
             "u": [t.name for t in tf.get_collection("u")]}

    def run(sess):
        sess.run(tf.local_variables_initializer())
        before = sess.run([m, wm])
        sess.run([update, w_update], {values: vv})
        return before, sess.run([update, w_update], {values: vv * 2}), sess.run([m, wm])
    return {"run": run, "facts": facts}


@case
def train_global_step(tf, rng):
    step = tf.train.get_or_create_global_step()
    inc = tf.assign_add(step, 3)

    def run(sess):
        sess.run(tf.global_variables_initializer())
        sess.run(inc)
        value = tf.train.global_step(sess, step)
        return value, type(value).__name__
    return {"run": run}
