"""Golden cases: surface. The TF1 tutorial symbols outside the op families: `tf.multinomial`
(shapes, dtypes and names; its draws are minitf's own), `tf.nn.xw_plus_b`, `tf.metrics.accuracy`
and `tf.metrics.mean` with their local variables, `tf.train.global_step`, and the queues
(`tf.FIFOQueue`, `tf.train.input_producer` with its queue runner)."""

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


@case
def fifo_queue_ops(tf, rng):
    q = tf.FIFOQueue(4, [tf.int32, tf.float32], shapes=[[], [2]])
    enq = q.enqueue([7, [1.0, 2.0]])
    enq_many = q.enqueue_many([[1, 2, 3], normal(rng, 3, 2)], name="many")
    one = q.dequeue()
    two = q.dequeue_many(2)
    size = q.size()
    closed = q.is_closed()
    close = q.close()
    facts = {"one": [repr(t) for t in one], "two": [repr(t) for t in two],
             "size": repr(size), "ops": [enq.name, enq_many.name, close.name, q.name]}

    def run(sess):
        sess.run(enq)
        sess.run(enq_many)
        out = [sess.run(size), sess.run(one), sess.run(two), sess.run(closed)]
        sess.run(close)
        out += [sess.run(closed), sess.run(one), sess.run(size)]
        return out
    return {"run": run, "facts": facts}


@case(error="is closed and has insufficient elements")
def fifo_queue_closed_empty(tf, rng):
    q = tf.FIFOQueue(2, tf.float32, shapes=[[3]])
    close, deq = q.close(), q.dequeue_many(1)
    return {"run": lambda sess: (sess.run(close), sess.run(deq))}


@case(error="require the components to have specified shapes")
def fifo_queue_dequeue_many_needs_shapes(tf, rng):
    q = tf.FIFOQueue(2, tf.float32)
    enq, deq = q.enqueue_many([[1.0, 2.0]]), q.dequeue_many(2)
    return {"run": lambda sess: (sess.run(enq), sess.run(deq))}


# `range_input_producer` also records how full its queue is with tf.summary.scalar: the
# cases build the same pipeline through `input_producer` (no summary), and
# tests/train/test_input.py checks range_input_producer builds it too.

@case(tf115=ones_like_shape)
def input_producer_in_order(tf, rng):
    i = tf.train.input_producer(tf.range(3), [], shuffle=False).dequeue()
    data = tf.reshape(tf.range(24), [2, 12])
    x = tf.strided_slice(data, [0, i * 4], [2, (i + 1) * 4])
    x.set_shape([2, 4])
    facts = {"runners": [len(qr.enqueue_ops) for qr in
                         tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)],
             "i": repr(i)}

    def run(sess):
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        out = [sess.run([i, x]) for _ in range(4)]
        coord.request_stop()
        coord.join(threads)
        return out
    return {"run": run, "facts": facts}


@case
def input_producer_epochs(tf, rng):
    i = tf.train.input_producer(tf.range(4), num_epochs=2, seed=2).dequeue()
    facts = {"local": [v.name for v in tf.local_variables()]}

    def run(sess):
        sess.run(tf.local_variables_initializer())
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        got = [int(sess.run(i)) for _ in range(8)]
        try:
            sess.run(i)
            ended = False
        except tf.errors.OutOfRangeError:
            ended = True
        coord.request_stop()
        coord.join(threads)
        return sorted(got), ended
    return {"run": run, "facts": facts}


@case(error="Reached limit of 1")
def count_up_to_limit(tf, rng):
    v = tf.Variable(0, name="counter")
    c = v.count_up_to(1)
    return {"run": lambda sess: (sess.run(v.initializer), sess.run(c), sess.run(c))}
