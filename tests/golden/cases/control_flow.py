"""Golden cases: tf.while_loop, tf.cond and tf.case (graph structure, names, values, errors)."""
import collections

import numpy as np

from . import case, normal


@case
def counter_loop(tf, rng):
    i = tf.constant(0)
    r = tf.while_loop(lambda i: i < 10, lambda i: i + 1, [i])
    same = tf.while_loop(lambda i: i < 3, lambda i: i + 1, [i], return_same_structure=True)
    return {"fetch": {"r": r, "same": same}}


@case
def matrix_recurrence_with_captured_weights(tf, rng):
    w = tf.constant(normal(rng, 4, 4) * 0.5)
    b = tf.constant(normal(rng, 4))
    x, xv = tf.placeholder(tf.float32, [3, 4], name="x"), normal(rng, 3, 4)
    n, h = tf.while_loop(lambda n, h: n < 5,
                         lambda n, h: (n + 1, tf.tanh(tf.matmul(h, w) + b)), (0, x))
    return {"fetch": {"n": n, "h": h}, "feed": {x: xv}}


@case
def dict_and_namedtuple_loop_vars(tf, rng):
    Pair = collections.namedtuple("Pair", ["a", "b"])
    out = tf.while_loop(lambda i, s: i < 4,
                        lambda i, s: (i + 1, {"p": Pair(s["p"].a * 2.0, s["p"].b + 1)}),
                        (tf.constant(0), {"p": Pair(tf.constant(1.0), tf.constant(0))}))
    return {"fetch": {"out": out}, "facts": {"type": type(out).__name__}}


@case
def nested_loops(tf, rng):
    def body(a, b):
        inner = tf.while_loop(lambda c: c < a + 2, lambda c: c + 1, [0])
        return a + 1, b + inner
    return {"fetch": {"r": tf.while_loop(lambda a, b: a < 3, body, (0, 0))}}


@case
def cond_inside_loop(tf, rng):
    x, xv = tf.placeholder(tf.float32, [], name="x"), np.float32(10.0)

    def body(i, acc):
        acc = tf.cond(tf.equal(i % 2, 0), lambda: acc + tf.cast(i, tf.float32) * x,
                      lambda: acc - 1.0)
        return i + 1, acc
    return {"fetch": {"r": tf.while_loop(lambda i, a: i < 6, body, (0, 0.0))}, "feed": {x: xv}}


@case
def loop_inside_cond(tf, rng):
    x = tf.placeholder(tf.float32, [], name="x")
    r = tf.cond(x > 0, lambda: tf.while_loop(lambda k: k < 3.0 * x, lambda k: k + x, [x]),
                lambda: -x)
    return {"fetch": {"r": r}, "feed": {x: np.float32(2.0)}}


@case
def maximum_iterations(tf, rng):
    r = tf.while_loop(lambda i: i < 10, lambda i: i + 1, [0], maximum_iterations=4)
    a, b = tf.while_loop(lambda a, b: a < 10, lambda a, b: [a + 1, b * 2.0], [0, 1.0],
                         maximum_iterations=tf.constant(3))
    return {"fetch": {"r": r, "a": a, "b": b}}


@case(error="don't have the same")
def maximum_iterations_list_vars_tuple_body(tf, rng):
    tf.while_loop(lambda a, b: a < 10, lambda a, b: (a + 1, b * 2.0), [0, 1.0],
                  maximum_iterations=3)


@case
def zero_iterations(tf, rng):
    x = tf.constant([1.0, 2.0])
    return {"fetch": tf.while_loop(lambda v: tf.reduce_sum(v) > 100.0, lambda v: v * 2.0, [x])}


@case
def shape_invariants(tf, rng):
    def body(i, m):
        return i + 1, tf.concat([m, m], 0)
    i0, m0 = tf.constant(0), tf.ones([1, 2])
    i, m = tf.while_loop(lambda i, m: i < 3, body, [i0, m0],
                         shape_invariants=[i0.get_shape(), tf.TensorShape([None, 2])])
    return {"fetch": {"i": i, "m": m}, "facts": {"shape": str(m.shape)}}


@case(error="enters the loop with shape")
def shape_changes_without_invariant(tf, rng):
    tf.while_loop(lambda i, m: i < 3, lambda i, m: (i + 1, tf.concat([m, m], 0)),
                  [tf.constant(0), tf.ones([1, 2])])


@case(error="provided")
def no_loop_vars(tf, rng):
    tf.while_loop(lambda: True, lambda: 1, [])


@case(error="must be callable")
def cond_not_callable(tf, rng):
    tf.while_loop(3, lambda i: i, [0])


@case(error="must be callable")
def body_not_callable(tf, rng):
    tf.while_loop(lambda i: i < 1, 3, [0])


@case(error="don't have the same nested structure")
def body_structure_differs(tf, rng):
    tf.while_loop(lambda i, j: i < 3, lambda i, j: (i + 1,), [0, 1])


@case(error="must be a scalar")
def maximum_iterations_not_scalar(tf, rng):
    tf.while_loop(lambda i: i < 3, lambda i: i + 1, [0], maximum_iterations=[1, 2])


@case
def cond_basic(tf, rng):
    x = tf.placeholder(tf.float32, [], name="x")
    r = tf.cond(x > 1, lambda: x * x, lambda: 3 * x)
    return {"fetch": {"r": r}, "feed": {x: np.float32(2.0)}}


@case
def cond_false_branch_and_nests(tf, rng):
    x = tf.placeholder(tf.float32, [2], name="x")
    pair = tf.cond(tf.reduce_sum(x) > 100.0, lambda: (x + 1.0, {"k": x * 2.0}),
                   lambda: (x - 1.0, {"k": x * 3.0}))
    single = tf.cond(tf.constant(False), lambda: [tf.constant(1)], lambda: [tf.constant(2)])
    strict = tf.cond(tf.constant(True), lambda: [tf.constant(1)], lambda: [tf.constant(2)],
                     strict=True)
    ident = tf.cond(tf.constant(True), lambda: x, lambda: x * 0.0)
    return {"fetch": {"pair": pair, "single": single, "strict": strict, "ident": ident},
            "feed": {x: np.array([1.0, 2.0], np.float32)}}


@case
def cond_shapes_merge(tf, rng):
    a = tf.placeholder(tf.float32, [2, 3], name="a")
    b = tf.placeholder(tf.float32, [None, 3], name="b")
    p = tf.placeholder(tf.bool, [], name="p")
    r = tf.cond(p, lambda: a, lambda: b)
    return {"fetch": {"r": r}, "facts": {"shape": str(r.shape)},
            "feed": {a: np.ones((2, 3), np.float32), b: np.zeros((4, 3), np.float32),
                     p: False}}


@case
def cond_with_op_result(tf, rng):
    v = tf.Variable(1.0, name="v")
    p = tf.placeholder(tf.bool, [], name="p")
    r = tf.cond(p, lambda: tf.assign_add(v, 5.0).op, lambda: tf.no_op())
    # the variable passes through a RefSwitch (`cond/AssignAdd/Switch`), as in TF 1.15
    return {"run": lambda sess: (sess.run(v.initializer), sess.run(r, {p: True}), sess.run(v),
                                 sess.run(r, {p: False}), sess.run(v))[2:]}


@case(error="must not be a Python bool")
def cond_python_bool(tf, rng):
    tf.cond(True, lambda: 1, lambda: 2)


@case(error="must have the same type")
def cond_dtype_mismatch(tf, rng):
    tf.cond(tf.constant(True), lambda: tf.constant(1.0), lambda: tf.constant(1))


@case(error="don't have the same nested structure")
def cond_structure_mismatch(tf, rng):
    tf.cond(tf.constant(True), lambda: (tf.constant(1), tf.constant(2)),
            lambda: tf.constant(1))


@case
def case_with_default(tf, rng):
    x = tf.placeholder(tf.int32, [], name="x")
    r = tf.case([(x > 5, lambda: tf.constant(5)), (x > 1, lambda: tf.constant(1))],
                default=lambda: tf.constant(-1))
    return {"run": lambda sess: [sess.run(r, {x: v}) for v in (7, 2, 0)]}


def _no_default(tf):
    x = tf.placeholder(tf.int32, [], name="x")
    r = tf.case([(tf.equal(x, 0), lambda: tf.constant(10)),
                 (tf.equal(x, 7), lambda: tf.constant(70))])
    return x, r


@case
def case_without_default(tf, rng):
    x, r = _no_default(tf)
    # the checks: Assert_1 (guarded by a cond AssertGuard), n_true_conds, preds_c_1
    return {"run": lambda sess: [sess.run(r, {x: v}) for v in (7, 0)],
            "fetch": {"r": r}}


@case(error="None of conditions evaluated as True")
def case_without_default_none_true(tf, rng):
    x, r = _no_default(tf)
    return {"run": lambda sess: sess.run(r, {x: 2})}


def _asserts(tf):
    x = tf.placeholder(tf.float32, [2], name="x")
    n = tf.placeholder(tf.int32, [], name="n")
    guarded = tf.Assert(tf.reduce_all(x > 0), [x, "x must be positive"], summarize=2)
    plain = tf.Assert(n < 3, ["n too big:", n], name="plain")  # int32 and strings: no guard
    return x, n, guarded, plain


@case
def assert_guard(tf, rng):
    """tf.Assert puts the Assert in a cond AssertGuard (and returns its Merge) unless every
    datum is int32 or a string."""
    x, n, guarded, plain = _asserts(tf)
    return {"run": lambda sess: sess.run([guarded, plain], {x: [1.0, 2.0], n: 2}),
            "facts": {"guarded": [guarded.name, guarded.type], "plain": [plain.name, plain.type]}}


@case(error="assertion failed: [1 -2] [x must be positive]")
def assert_guard_fails(tf, rng):
    x, n, guarded, plain = _asserts(tf)
    return {"run": lambda sess: sess.run(guarded, {x: [1.0, -2.0]})}


@case(error="assertion failed: [n too big:] [5]")
def assert_plain_fails(tf, rng):
    x, n, guarded, plain = _asserts(tf)
    return {"run": lambda sess: sess.run(plain, {n: 5})}


@case
def case_exclusive(tf, rng):
    x = tf.placeholder(tf.int32, [], name="x")
    r = tf.case([(tf.equal(x, 7), lambda: tf.constant(1)), (x < 0, lambda: tf.constant(2))],
                default=lambda: tf.constant(3), exclusive=True)
    return {"run": lambda sess: [sess.run(r, {x: v}) for v in (7, -1, 0)]}


@case
def loop_ops_not_fetchable(tf, rng):
    r = tf.while_loop(lambda i: i < 3, lambda i: i + 1, [0])
    g = tf.get_default_graph()
    body_add = g.get_operation_by_name("while/add")
    return {"fetch": {"r": r},
            "facts": {"fetchable_add": g.is_fetchable(body_add),
                      "fetchable_exit": g.is_fetchable(r.op),
                      "collection": len(tf.get_collection(tf.GraphKeys.WHILE_CONTEXT))}}


# ---- gradients through loops and conds (TF 2.x builds them differently from 1.15: names off)

@case
def grad_product_loop(tf, rng):
    x = tf.placeholder(tf.float32, [], name="x")
    _, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * x), (0, tf.constant(1.0)))
    _, z = tf.while_loop(lambda i, y: i < 10, lambda i, y: (i + 1, y * x),
                         (0, tf.constant(1.0)), maximum_iterations=4)
    return {"fetch": {"y": y, "dy": tf.gradients(y, x), "z": z, "dz": tf.gradients(z, x)},
            "feed": {x: np.float32(2.0)}, "names": False}


@case
def grad_matrix_recurrence(tf, rng):
    w = tf.placeholder(tf.float32, [4, 4], name="w")
    b = tf.placeholder(tf.float32, [4], name="b")
    x = tf.placeholder(tf.float32, [3, 4], name="x")
    n, h = tf.while_loop(lambda n, h: n < 5,
                         lambda n, h: (n + 1, tf.tanh(tf.matmul(h, w) + b)), (0, x))
    loss = tf.reduce_sum(h * h)
    return {"fetch": {"h": h, "grads": tf.gradients(loss, [w, b, x])},
            "feed": {w: normal(rng, 4, 4) * 0.5, b: normal(rng, 4), x: normal(rng, 3, 4)},
            "names": False}


@case
def grad_dynamic_iterations(tf, rng):
    x = tf.placeholder(tf.float32, [None], name="x")
    steps = tf.placeholder(tf.int32, [], name="steps")
    _, y = tf.while_loop(lambda i, y: i < steps, lambda i, y: (i + 1, tf.sin(y) * x + y),
                         (0, x))
    return {"run": lambda sess: [sess.run([y, tf.gradients(tf.reduce_sum(y), x)[0]],
                                          {x: np.array([0.5, -1.0, 2.0], np.float32),
                                           steps: k}) for k in (0, 1, 4)],
            "names": False}


@case
def grad_nested_loops(tf, rng):
    a = tf.placeholder(tf.float32, [3], name="a")

    def outer(i, h):
        return i + 1, tf.while_loop(lambda j, h2: j < i + 1,
                                    lambda j, h2: (j + 1, h2 * a + 0.1), (0, h))[1]
    _, h = tf.while_loop(lambda i, h: i < 3, outer, (0, tf.ones([3])))
    return {"fetch": {"h": h, "g": tf.gradients(h, a)},
            "feed": {a: np.array([1.0, 0.5, 1.5], np.float32)}, "names": False}


@case
def grad_cond_inside_loop(tf, rng):
    a = tf.placeholder(tf.float32, [3], name="a")
    b = tf.placeholder(tf.float32, [3], name="b")

    def body(i, acc):
        return i + 1, tf.cond(tf.equal(i % 2, 0), lambda: acc * a + b, lambda: acc * b)
    _, acc = tf.while_loop(lambda i, acc: i < 5, body, (0, tf.ones([3])))
    return {"fetch": {"acc": acc, "g": tf.gradients(acc, [a, b])},
            "feed": {a: normal(rng, 3), b: normal(rng, 3)}, "names": False}


@case
def grad_cond(tf, rng):
    x = tf.placeholder(tf.float32, [], name="x")
    r = tf.cond(x > 1, lambda: x * x, lambda: 3 * x)
    g = tf.gradients(r, x)
    return {"run": lambda sess: [sess.run([r, g], {x: v}) for v in (2.0, 0.5)], "names": False}


@case
def loop_reads_variable(tf, rng):
    v = tf.Variable(2.0, name="v")
    _, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * v.read_value()),
                         (0, tf.constant(1.0)))
    return {"fetch": {"y": y}, "init": True}


@case
def grad_tensor_array_recurrence(tf, rng):
    x = tf.placeholder(tf.float32, [5, 3, 4], name="x")
    w = tf.placeholder(tf.float32, [4, 4], name="w")
    inputs = tf.TensorArray(tf.float32, size=5).unstack(x)
    outputs = tf.TensorArray(tf.float32, size=5)

    def body(t, h, out):
        h = tf.tanh(tf.matmul(h, w) + inputs.read(t))
        return t + 1, h, out.write(t, h)
    _, h, out = tf.while_loop(lambda t, h, out: t < 5, body, (0, tf.zeros([3, 4]), outputs))
    ys = tf.reshape(out.stack(), [5, 3, 4])  # 1.15's stack has no static length, 2.x's has
    loss = tf.reduce_sum(ys * ys) + tf.reduce_sum(h)
    return {"fetch": {"ys": ys, "grads": tf.gradients(loss, [x, w])},
            "feed": {x: normal(rng, 5, 3, 4), w: normal(rng, 4, 4) * 0.5}, "names": False}
