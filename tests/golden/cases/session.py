"""Session.run: fetch structures and result types, feeds, default sessions, eval/run, and the
errors of bad fetches, bad feeds and closed or empty sessions."""
import collections

import numpy as np

from . import case

Pair = collections.namedtuple("Pair", ["c", "h"])


def _x(tf, shape=(None, 3), name="x"):
    return tf.placeholder(tf.float32, shape, name=name)


# ---- fetch structures and result types

@case
def fetch_structures(tf, rng):
    a = tf.constant([1.0, 2.0], name="a")
    b = tf.constant(3, name="b")
    noop = tf.no_op(name="noop")
    return {"fetch": {"list": [a, b], "tuple": (a, b), "named": Pair(c=a, h=b),
                      "nested": {"x": [a, (b, noop)], "y": Pair(a, [b])},
                      "ordered": collections.OrderedDict([("z", a), ("a", b)]),
                      "by_name": "a:0", "op": noop, "op_by_name": "noop", "single": [a],
                      "empty": [], "empty_nested": {"e": []}}}


@case
def fetch_single_values(tf, rng):
    c = tf.constant(2.0)

    def run(sess):
        return [sess.run(c), sess.run([c]), sess.run((c,)), sess.run({"k": c}),
                sess.run("Const:0"), sess.run(Pair(c, c)), sess.run([])]
    return {"run": run}


@case
def fetch_result_types(tf, rng):
    return {"fetch": {"f32": tf.constant(1.5), "f64": tf.constant(1.5, tf.float64),
                      "i32": tf.constant(3), "i64": tf.constant(3, tf.int64),
                      "bool": tf.constant(True), "string": tf.constant("hi"),
                      "strings": tf.constant(["a", "bc"]), "f16": tf.constant(0.5, tf.float16),
                      "u8": tf.constant(7, tf.uint8), "vector": tf.constant([1.0]),
                      "empty": tf.zeros([0, 2])}}


@case
def fetch_same_tensor_twice_and_variable(tf, rng):
    v = tf.Variable([1.0, 2.0], name="v")
    inc = tf.assign_add(v, [1.0, 1.0])
    return {"fetch": {"a": [inc, inc], "by_var": v}, "init": True}


@case
def fetch_fed_tensor(tf, rng):
    x = _x(tf)
    y = x * 2.0
    z = y + 1.0
    return {"fetch": {"x": x, "y": y, "z": z}, "feed": {x: np.ones((2, 3), np.float32),
                                                       y: np.full((2, 3), 5.0, np.float32)}}


# ---- feeds

@case
def feed_by_name(tf, rng):
    x = _x(tf)
    y = x + 1.0
    return {"run": lambda sess: [sess.run(y, {"x:0": [[1.0, 2.0, 3.0]]}),
                                 sess.run("add:0", feed_dict={x: np.zeros((2, 3))})]}


@case
def feed_python_values_and_conversion(tf, rng):
    f = tf.placeholder(tf.float32, [], name="f")
    i = tf.placeholder(tf.int32, [None], name="i")
    b = tf.placeholder(tf.bool, [2], name="b")
    s = tf.placeholder(tf.string, [], name="s")
    d = tf.placeholder(tf.float64, [2], name="d")
    return {"fetch": {"f": f, "i": i, "b": b, "s": s, "d": d},
            "feed": {f: 3, i: [1.7, -2.9, 3.0], b: [1, 0], s: "text", d: np.array([1, 2], np.int32)}}


@case
def feed_unused_and_with_default(tf, rng):
    x = _x(tf)
    unused = tf.placeholder(tf.int32, [], name="unused")
    d = tf.placeholder_with_default(tf.constant([1.0, 2.0]), [None], name="d")
    y = d * 2.0

    def run(sess):
        return [sess.run(x, {x: np.ones((1, 3)), unused: 5}), sess.run(y), sess.run(y, {d: [3.0]})]
    return {"run": run}


@case
def feed_variable(tf, rng):
    v = tf.Variable([1.0, 2.0], name="v")
    y = v * 10.0
    return {"run": lambda sess: sess.run(y, {v: [3.0, 4.0]})}


# ---- default sessions, eval and run

@case
def eval_and_run_with_default_session(tf, rng):
    v = tf.Variable(1.0, name="v")
    inc = tf.assign_add(v, 2.0).op
    x = _x(tf, [2])
    y = x * 3.0

    def run(sess):
        sess.run(v.initializer)
        inc.run()
        inc.run(session=sess)
        return [v.eval(), y.eval({x: [1.0, 2.0]}), y.eval(feed_dict={x: [0.0, 1.0]}, session=sess)]
    return {"run": run}


@case
def interactive_session(tf, rng):
    c = tf.constant([1.0, 2.0]) * 2.0

    def run(sess):
        inter = tf.InteractiveSession(graph=sess.graph)
        try:
            value = c.eval()
            default = tf.get_default_session() is inter
        finally:
            inter.close()
        return [value, default]
    return {"run": run}


@case
def session_as_default_and_config(tf, rng):
    c = tf.constant(4.0)

    def run(sess):
        other = tf.Session(graph=sess.graph, config=tf.ConfigProto(allow_soft_placement=True))
        with other.as_default():
            value = c.eval()
            default = tf.get_default_session() is other
        after = other.run(c, options=tf.RunOptions(), run_metadata=tf.RunMetadata())
        other.close()
        return [value, default, after, sess.graph is tf.get_default_graph()]
    return {"run": run}


@case
def session_context_manager(tf, rng):
    c = tf.constant(1.0)
    g = tf.get_default_graph()
    with tf.Session(graph=g) as s:
        inside = tf.get_default_session() is s
    return {"facts": {"inside": inside, "outside": tf.get_default_session() is None,
                      "graph": s.graph is g},
            "fetch": {"c": c}}


# ---- errors

@case(error="You must feed a value for placeholder tensor 'x' with dtype float and shape [?,3]")
def error_missing_feed(tf, rng):
    x = _x(tf)
    return {"fetch": {"y": x + 1.0}}


@case(error="You must feed a value for placeholder tensor 'u' with dtype int32")
def error_missing_feed_unknown_rank(tf, rng):
    u = tf.placeholder(tf.int32, name="u")
    return {"fetch": {"y": u * 2}}


@case(error="You must feed a value for placeholder tensor 'b' with dtype bool and shape [2]")
def error_missing_feed_bool(tf, rng):
    b = tf.placeholder(tf.bool, [2], name="b")
    return {"fetch": {"y": tf.logical_not(b)}}


@case(error="Cannot feed value of shape (1, 2) for Tensor")
def error_feed_shape(tf, rng):
    x = _x(tf)
    return {"fetch": {"x": x}, "feed": {x: np.zeros((1, 2), np.float32)}}


# 1.15: "Fetch argument None has invalid type <class 'NoneType'>"; 2.x: "Argument `fetch` = None ..."
@case(error="None has invalid type")
def error_fetch_none(tf, rng):
    tf.constant(1.0)
    return {"run": lambda sess: sess.run(None)}


@case(error="5 has invalid type")
def error_fetch_int(tf, rng):
    tf.constant(1.0)
    return {"run": lambda sess: sess.run([5])}


@case(error="cannot be interpreted as a Tensor")
def error_fetch_unknown_name(tf, rng):
    tf.constant(1.0)
    return {"run": lambda sess: sess.run("nope:0")}


@case(error="is not an element of this graph.")
def error_fetch_other_graph(tf, rng):
    tf.constant(1.0)
    with tf.Graph().as_default():
        other = tf.constant(2.0)
    return {"run": lambda sess: sess.run(other)}


@case(error="Cannot interpret feed_dict key as Tensor: The name 'x' refers to an Operation, "
            "not a Tensor.")
def error_feed_key_operation_name(tf, rng):
    x = _x(tf)
    return {"run": lambda sess: sess.run(x, {"x": np.zeros((1, 3))})}


@case(error="The value of a feed cannot be a tf.Tensor object.")
def error_feed_value_tensor(tf, rng):
    x = _x(tf, [])
    c = tf.constant(1.0)
    return {"run": lambda sess: sess.run(x, {x: c})}


@case(error="is not compatible with Tensor type")
def error_feed_int_overflow(tf, rng):
    i = tf.placeholder(tf.int32, [], name="i")
    return {"run": lambda sess: sess.run(i, {i: 10000000000})}


@case(error="Attempted to use a closed Session.")
def error_closed_session(tf, rng):
    c = tf.constant(1.0)

    def run(sess):
        sess.close()
        return sess.run(c)
    return {"run": run}


@case(error="The Session graph is empty.")
def error_empty_graph(tf, rng):
    return {"run": lambda sess: sess.run([])}


@case(error="Cannot evaluate tensor using `eval()`: No default session is registered.")
def error_eval_without_session(tf, rng):
    tf.constant(1.0).eval()


@case(error="Cannot execute operation using `run()`: No default session is registered.")
def error_run_without_session(tf, rng):
    tf.no_op().run()


@case
def feed_tuple_key(tf, rng):
    """A namedtuple of placeholders as one feed key, fed with a namedtuple (or nested) value."""
    c, h = _x(tf, (None, 2), "c"), _x(tf, (None, 2), "h")
    out = Pair(c * 2.0, h + 1.0)
    value = Pair(rng.rand(1, 2).astype(np.float32), rng.rand(1, 2).astype(np.float32))

    def run(sess):
        first = sess.run(out, {Pair(c, h): value})
        return {"first": first, "again": sess.run([out.c, out.h], {Pair(c, h): first}),
                "nested": sess.run(c, {((c,), h): ((value.c,), value.h)})}
    return {"fetch": {"out": out}, "run": run}


@case(error="Could not flatten dictionary. Key had 2 elements, but value had 1 elements.")
def feed_tuple_key_length_mismatch(tf, rng):
    c, h = _x(tf, (None, 2), "c"), _x(tf, (None, 2), "h")
    with tf.Session() as sess:
        sess.run(c, {Pair(c, h): [np.ones((1, 2))]})
