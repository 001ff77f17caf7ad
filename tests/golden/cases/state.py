"""Variables, variable scopes, get_variable and initializers: names, the ops a variable creates,
collections, values in a session, TF1's error texts, and initializer statistics."""
import math

import numpy as np

from . import case as _case
from . import tf_add_is_add


def _tf115(rec):
    """TF 1.15's initializers end random_uniform/normal with `math_ops.add`, the op type `Add`
    (TF 2.x: AddV2), as `tf.add` is."""
    if "graph" in rec:
        rec["graph"] = [g.replace("(AddV2)", "(Add)") if "/Initializer/" in g else g
                        for g in rec["graph"]]
        tf_add_is_add(rec)


def case(fn=None, **kwargs):
    """`case` with the TF 1.15 patch above."""
    return _case(fn, tf115=_tf115, **kwargs)


def _names(xs):
    return [x.name for x in xs]


def _var_facts(v):
    return {"name": v.name, "op": v.op.name, "op_type": v.op.type, "dtype": v.dtype.name,
            "shape": v.shape.as_list() if v.shape.ndims is not None else None,
            "str": str(v), "repr": repr(v), "initializer": v.initializer.name,
            "initial_value": v.initial_value.name, "value": v.value().name}


# ---- tf.Variable

@case
def variable_basic(tf, rng):
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="w")
    return {"fetch": {"v": v, "value": v.value(), "initial": v.initial_value}, "init": True,
            "facts": _var_facts(v)}


@case
def variable_default_names(tf, rng):
    a = tf.Variable(1.0)
    b = tf.Variable(tf.zeros([2]))
    with tf.name_scope("ns"):
        c = tf.Variable(3, name="c")
        d = tf.Variable([4.0])
    e = tf.Variable(5.0, name="Variable")
    return {"fetch": {"a": a, "b": b, "c": c, "d": d, "e": e}, "init": True,
            "facts": {"names": _names([a, b, c, d, e]), "global": _names(tf.global_variables())}}


@case
def variable_dtypes(tf, rng):
    f = tf.Variable([1, 2], dtype=tf.float32, name="f")
    d = tf.Variable(np.array([0.5, 1.5]), name="d")
    i = tf.Variable(3, name="i")
    b = tf.Variable([True, False], name="b")
    h = tf.Variable(tf.constant([1.0], tf.float64), dtype=tf.float64, name="h")
    return {"fetch": {"f": f, "d": d, "i": i, "b": b, "h": h}, "init": True,
            "facts": {"dtypes": [v.dtype.name for v in (f, d, i, b, h)]}}


@case
def variable_collections(tf, rng):
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(2.0, trainable=False, name="b")
    c = tf.Variable(3.0, collections=[tf.GraphKeys.LOCAL_VARIABLES], name="c")
    d = tf.Variable(4.0, collections=["mine", tf.GraphKeys.GLOBAL_VARIABLES], name="d")
    return {"fetch": {"a": a, "b": b}, "init": True,
            "facts": {"global": _names(tf.global_variables()),
                      "trainable": _names(tf.trainable_variables()),
                      "local": _names(tf.local_variables()),
                      "mine": _names(tf.get_collection("mine")),
                      "collection_keys": sorted(tf.get_default_graph().get_all_collection_keys()),
                      "c": c.name, "d": d.name}}


@case
def variable_validate_shape_false(tf, rng):
    v = tf.Variable(tf.zeros([2, 3]), validate_shape=False, name="v")
    w = tf.Variable(tf.ones([2]), name="w")
    return {"fetch": {"v": v, "w": w}, "init": True,
            "facts": {"v_shape": str(v.shape), "w_shape": str(w.shape), "v_repr": repr(v)}}


@case
def variable_callable_initial_value(tf, rng):
    v = tf.Variable(lambda: tf.ones([2, 2]), name="c")
    u = tf.Variable(lambda: 7, name="seven")
    return {"fetch": {"v": v, "u": u}, "init": True,
            "facts": {"initial": v.initial_value.name, "u_initial": u.initial_value.name}}


@case
def variable_operators(tf, rng):
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="m")
    return {"fetch": {"add": v + 1.0, "mul": 2.0 * v, "neg": -v, "slice": v[0],
                      "matmul": tf.matmul(v, v), "sum": tf.reduce_sum(v), "pow": v ** 2},
            "init": True}


@case
def variable_assign_methods(tf, rng):
    v = tf.Variable([1.0, 2.0], name="v")
    a = tf.assign(v, [10.0, 20.0])
    b = v.assign([3.0, 4.0])
    c = tf.assign_add(v, [1.0, 1.0])
    d = v.assign_add([0.5, 0.5])
    e = tf.assign_sub(v, [2.0, 2.0])
    f = v.assign_sub([1.0, 0.0], name="down")

    def run(sess):
        return [sess.run(x) for x in (v, a, b, c, d, e, f, v)]
    return {"fetch": {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f}, "init": True, "run": run}


@case
def variable_read_value_and_eval(tf, rng):
    v = tf.Variable(2.5, name="x")
    r = v.read_value()
    y = v * 2.0

    def run(sess):
        return {"eval": v.eval(session=sess), "read": sess.run(r), "y": y.eval(session=sess)}
    return {"fetch": {"r": r}, "init": True, "run": run, "facts": {"read": r.name}}


@case
def variable_initialized_value(tf, rng):
    v = tf.Variable([1.0, 2.0], name="v")
    w = tf.Variable(v.initialized_value() * 3.0, name="w")
    return {"fetch": {"w": w}, "init": True}


@case
def variable_load(tf, rng):
    v = tf.Variable([0.0, 0.0, 0.0], name="v")

    def run(sess):
        v.load([1.0, 2.0, 3.0], sess)
        first = sess.run(v)
        v.load(np.array([4.0, 5.0, 6.0]), session=sess)
        return [first, sess.run(v)]
    return {"init": True, "run": run}


@case
def variable_state_per_session(tf, rng):
    v = tf.Variable(1.0, name="v")
    inc = tf.assign_add(v, 1.0)
    init = tf.global_variables_initializer()

    def run(sess):
        sess.run(inc)
        sess.run(inc)
        with tf.Session(graph=sess.graph) as other:
            other.run(init)
            other_value = other.run(v)
        return {"mine": sess.run(v), "other": other_value}
    return {"init": True, "run": run}


@case(error="uninitialized value w")
def variable_error_uninitialized(tf, rng):
    w = tf.Variable([1.0], name="w")
    return {"fetch": {"w": w}}


@case(error="")  # TF 1.15 and 2.x word it differently; both raise ValueError while building
def variable_error_shape_mismatch_assign(tf, rng):
    v = tf.Variable([1.0, 2.0])
    tf.assign(v, [1.0, 2.0, 3.0])


# ---- initializer ops, collections of variables, global step

@case
def initializer_ops(tf, rng):
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(2.0, name="b")
    c = tf.Variable(3.0, name="c")
    init = tf.global_variables_initializer()
    some = tf.variables_initializer([a, c], name="some")
    none = tf.variables_initializer([])
    old = tf.initialize_all_variables()
    return {"fetch": {"init": init, "some": some, "none": none, "old": old},
            "facts": {"init": [init.name, init.type, _names(init.control_inputs)],
                      "some": [some.name, _names(some.control_inputs)],
                      "none": [none.name, none.type], "old": [old.name, _names(old.control_inputs)],
                      "b": b.name}}


@case
def report_uninitialized_variables(tf, rng):
    a = tf.Variable(1.0, name="a")
    tf.Variable(2.0, name="b")
    report = tf.report_uninitialized_variables()

    def run(sess):
        before = sess.run(report)
        sess.run(a.initializer)
        middle = sess.run(report)
        sess.run(tf.global_variables_initializer())
        return [before, middle, sess.run(report)]
    return {"fetch": {"report": report}, "run": run}


@case
def global_step(tf, rng):
    step = tf.train.get_or_create_global_step()
    again = tf.train.get_or_create_global_step()
    return {"fetch": {"step": step}, "init": True,
            "facts": {"repr": repr(step), "same": again is step,
                      "trainable": _names(tf.trainable_variables()),
                      "global_step": _names(tf.get_collection(tf.GraphKeys.GLOBAL_STEP)),
                      "found": tf.train.get_global_step() is step}}


# ---- get_variable and variable_scope

@case
def get_variable_default_initializer(tf, rng):
    tf.set_random_seed(1)  # a reproducible record
    w = tf.get_variable("w", [300, 200])
    limit = math.sqrt(6.0 / 500)

    def run(sess):
        x = sess.run(w)
        return np.array([x.mean(), x.std() * math.sqrt(3), x.min(), x.max()]) / limit
    return {"fetch": {"w": w}, "init": True, "run": run, "tol": 0.03, "facts": _var_facts(w)}


@case
def get_variable_constant_initializers(tf, rng):
    z = tf.get_variable("z", [2, 3], initializer=tf.zeros_initializer())
    o = tf.get_variable("o", [3], initializer=tf.ones_initializer(), dtype=tf.float64)
    c = tf.get_variable("c", [2, 2], initializer=tf.constant_initializer(2.5))
    l = tf.get_variable("l", [2, 3], initializer=tf.constant_initializer([1, 2, 3, 4, 5, 6]))
    i = tf.get_variable("i", [4], dtype=tf.int32)
    b = tf.get_variable("b", [2], dtype=tf.bool)
    t = tf.get_variable("t", initializer=tf.constant([1.0, 2.0]))
    n = tf.get_variable("n", initializer=np.array([[1, 2]], np.int64))
    return {"fetch": {"z": z, "o": o, "c": c, "l": l, "i": i, "b": b, "t": t, "n": n},
            "init": True, "facts": {"initial": [v.initial_value.name for v in (z, o, c, l, i, b, t, n)]}}


@case
def get_variable_trainable_and_collections(tf, rng):
    a = tf.get_variable("a", [1])
    b = tf.get_variable("b", [1], trainable=False)
    c = tf.get_variable("c", [1], collections=[tf.GraphKeys.LOCAL_VARIABLES])
    return {"facts": {"global": _names(tf.global_variables()),
                      "trainable": _names(tf.trainable_variables()),
                      "local": _names(tf.local_variables()), "names": _names([a, b, c])}}


@case
def variable_scope_names(tf, rng):
    with tf.variable_scope("foo") as s:
        v = tf.get_variable("v", [1])
        x = tf.constant(1.0, name="x")
        u = tf.Variable(0.0, name="u")
        with tf.variable_scope("bar"):
            w = tf.get_variable("w", [1])
            y = tf.identity(x)
    with tf.variable_scope("foo"):
        z = tf.constant(2.0, name="z")
        k = tf.get_variable("k", [1])
    with tf.variable_scope("foo/"):
        q = tf.constant(3.0, name="q")
    return {"facts": {"scope": [s.name, s.original_name_scope], "v": v.name, "x": x.name, "u": u.name,
                      "w": w.name, "y": y.name, "z": z.name, "k": k.name, "q": q.name,
                      "current": tf.get_variable_scope().name}}


@case
def variable_scope_and_name_scope(tf, rng):
    with tf.name_scope("ns"):
        a = tf.get_variable("a", [1])
        b = tf.Variable(1.0, name="b")
        with tf.variable_scope("vs"):
            c = tf.get_variable("c", [1])
            d = tf.Variable(1.0, name="d")
            e = tf.add(1.0, 2.0)
    return {"facts": {"names": _names([a, b, c, d, e])}}


@case
def variable_scope_object_reentry(tf, rng):
    with tf.variable_scope("outer") as outer:
        pass
    with tf.name_scope("elsewhere"):
        with tf.variable_scope(outer) as again:
            v = tf.get_variable("v", [1])
            t = tf.constant(0.0, name="t")
    with tf.variable_scope(outer, reuse=True):
        same = tf.get_variable("v", [1])
    with tf.variable_scope(tf.get_variable_scope()):
        root = tf.constant(1.0, name="r")
    return {"facts": {"again": [again.name, again.original_name_scope], "v": v.name, "t": t.name,
                      "same": same is v, "root": root.name}}


@case
def variable_scope_default_name(tf, rng):
    names = []
    for name in (None, None, "blk_3", None, None):
        with tf.variable_scope(name, default_name="blk") as s:
            names.append([s.name, tf.constant(0).name])
    with tf.variable_scope("outer"):
        with tf.variable_scope(None, default_name="blk") as s:
            names.append([s.name, tf.get_variable("v", [1]).name])
    return {"facts": {"names": names}}


@case
def variable_scope_reuse_true(tf, rng):
    with tf.variable_scope("s"):
        v = tf.get_variable("v", [2], initializer=tf.ones_initializer())
    with tf.variable_scope("s", reuse=True):
        v2 = tf.get_variable("v", [2])
        v3 = tf.get_variable("v")
        with tf.variable_scope("inner", reuse=False) as inner:
            reuse_inner = inner.reuse
    return {"fetch": {"v2": v2}, "init": True,
            "facts": {"same": v2 is v, "same_no_shape": v3 is v, "inner_reuse": reuse_inner,
                      "global": _names(tf.global_variables())}}


@case
def variable_scope_auto_reuse(tf, rng):
    def layer():
        with tf.variable_scope("layer", reuse=tf.AUTO_REUSE):
            return tf.get_variable("w", [3], initializer=tf.constant_initializer(0.5))
    a, b = layer(), layer()
    return {"fetch": {"a": a}, "init": True,
            "facts": {"same": a is b, "global": _names(tf.global_variables())}}


@case
def variable_scope_reuse_variables(tf, rng):
    with tf.variable_scope("m") as scope:
        a = tf.get_variable("a", [1])
        scope.reuse_variables()
        b = tf.get_variable("a", [1])
        reuse = tf.get_variable_scope().reuse
    with tf.variable_scope("m"):
        after = tf.get_variable_scope().reuse
    return {"facts": {"same": a is b, "reuse": reuse, "after": after}}


@case
def variable_scope_initializer_inherited(tf, rng):
    with tf.variable_scope("s", initializer=tf.constant_initializer(3.0)):
        a = tf.get_variable("a", [2])
        with tf.variable_scope("t"):
            b = tf.get_variable("b", [1])
            c = tf.get_variable("c", [1], initializer=tf.zeros_initializer())
    return {"fetch": {"a": a, "b": b, "c": c}, "init": True}


@case
def variable_scope_dtype(tf, rng):
    with tf.variable_scope("d", dtype=tf.float64):
        a = tf.get_variable("a", [2], initializer=tf.ones_initializer())
    return {"fetch": {"a": a}, "init": True, "facts": {"dtype": a.dtype.name}}


@case(error="Variable s/v already exists, disallowed. Did you mean to set reuse=True or "
            "reuse=tf.AUTO_REUSE in VarScope?")
def get_variable_error_exists(tf, rng):
    with tf.variable_scope("s"):
        tf.get_variable("v", [1])
    with tf.variable_scope("s"):
        tf.get_variable("v", [1])


@case(error="Variable s/w does not exist, or was not created with tf.get_variable(). Did you "
            "mean to set reuse=tf.AUTO_REUSE in VarScope?")
def get_variable_error_missing(tf, rng):
    with tf.variable_scope("s", reuse=True):
        tf.get_variable("w", [1])


@case(error="Trying to share variable s/v, but specified shape (2,) and found shape (1,).")
def get_variable_error_shape(tf, rng):
    with tf.variable_scope("s"):
        tf.get_variable("v", [1])
    with tf.variable_scope("s", reuse=True):
        tf.get_variable("v", [2])


@case(error="Trying to share variable s/v, but specified dtype float64 and found dtype "
            "float32_ref.")
def get_variable_error_dtype(tf, rng):
    with tf.variable_scope("s"):
        tf.get_variable("v", [1])
    with tf.variable_scope("s", reuse=True):
        tf.get_variable("v", [1], dtype=tf.float64)


@case(error="If initializer is a constant, do not specify shape.")
def get_variable_error_constant_with_shape(tf, rng):
    tf.get_variable("v", [2], initializer=tf.constant([1.0, 2.0]))


@case(error="shape")  # 1.15: "The initializer passed is not valid..."; 2.x: "... did not get ..."
def get_variable_error_no_shape(tf, rng):
    tf.get_variable("v")


@case(error="If default_name is None then name_or_scope is required")
def variable_scope_error_no_name(tf, rng):
    with tf.variable_scope(None):
        pass


@case(error="The reuse parameter must be True or False or None.")
def variable_scope_error_reuse_value(tf, rng):
    with tf.variable_scope("s", reuse="yes"):
        pass


@case(error="reuse=True cannot be used without a name_or_scope")
def variable_scope_error_default_name_reuse(tf, rng):
    with tf.variable_scope(None, default_name="d", reuse=True):
        pass


# ---- initializers: the ops they create, and their values or statistics

DETERMINISTIC_INITIALIZERS = {
    "zeros": (lambda tf: tf.zeros_initializer(), [2, 3]),
    "ones": (lambda tf: tf.ones_initializer(), [3]),
    "constant_scalar": (lambda tf: tf.constant_initializer(-1.5), [2, 2]),
    "constant_list": (lambda tf: tf.constant_initializer([1, 2, 3, 4, 5, 6]), [3, 2]),
    "constant_default": (lambda tf: tf.constant_initializer(), [2]),
}

for _name, (_make, _shape) in DETERMINISTIC_INITIALIZERS.items():
    def _initializer_case(tf, rng, make=_make, shape=_shape):
        v = tf.get_variable("v", shape, initializer=make(tf))
        return {"fetch": {"v": v}, "init": True, "facts": {"initial": v.initial_value.name}}
    case(name=f"initializer_{_name}")(_initializer_case)


def _scaled(x, scale, bounded):
    """Statistics of `x` in units of the expected scale, so one tolerance fits all."""
    stats = [x.mean() / scale, x.std() / scale]
    if bounded:
        stats += [x.min() / scale, x.max() / scale]
    return np.array(stats)


FAN = (400, 300)  # shape of the sampled matrix: fan_in 400, fan_out 300

RANDOM_INITIALIZERS = {  # name -> (initializer, expected std, bounded by 2 std or uniform)
    "random_normal": (lambda tf: tf.random_normal_initializer(mean=0.0, stddev=2.0, seed=1), 2.0, False),
    "truncated_normal": (lambda tf: tf.truncated_normal_initializer(stddev=0.5, seed=1),
                         0.5 * 0.8796, True),
    "random_uniform": (lambda tf: tf.random_uniform_initializer(-3.0, 3.0, seed=1),
                       3.0 / math.sqrt(3), True),
    "random_uniform_default": (lambda tf: tf.random_uniform_initializer(seed=1), None, True),
    "glorot_uniform": (lambda tf: tf.glorot_uniform_initializer(seed=1),
                       math.sqrt(6 / 700) / math.sqrt(3), True),
    "glorot_normal": (lambda tf: tf.glorot_normal_initializer(seed=1), math.sqrt(2 / 700), True),
    "variance_scaling": (lambda tf: tf.variance_scaling_initializer(seed=1), math.sqrt(1 / 400), True),
    "variance_scaling_fan_out_uniform": (
        lambda tf: tf.variance_scaling_initializer(2.0, "fan_out", "uniform", seed=1),
        math.sqrt(2 / 300), True),
    "variance_scaling_fan_avg_untruncated": (
        lambda tf: tf.variance_scaling_initializer(1.0, "fan_avg", "untruncated_normal", seed=1),
        math.sqrt(1 / 350), False),
}

for _name, (_make, _std, _bounded) in RANDOM_INITIALIZERS.items():
    def _random_initializer_case(tf, rng, make=_make, std=_std, bounded=_bounded):
        v = tf.get_variable("v", FAN, initializer=make(tf))
        scale = std if std is not None else 1.0
        return {"fetch": {"v": v}, "init": True, "tol": 0.03,
                "run": lambda sess: _scaled(sess.run(v), scale, bounded),
                "facts": {"initial": v.initial_value.name}}
    case(name=f"initializer_{_name}")(_random_initializer_case)


@case
def initializer_orthogonal(tf, rng):
    v = tf.get_variable("v", [6, 4], initializer=tf.orthogonal_initializer(seed=1))
    g = tf.get_variable("g", [3, 5], initializer=tf.orthogonal_initializer(gain=2.0, seed=2))

    def run(sess):
        vv, gv = sess.run([v, g])
        return {"vtv": vv.T @ vv, "ggt": gv @ gv.T}
    return {"fetch": {"v": v, "g": g}, "init": True, "run": run, "tol": 1e-5,
            "facts": {"initial": [v.initial_value.name, g.initial_value.name]}}


@case
def initializer_seeded_reproducible(tf, rng):
    v = tf.get_variable("v", [5], initializer=tf.random_normal_initializer(seed=3))
    init = tf.global_variables_initializer()

    def run(sess):
        first = sess.run(v)
        sess.run(init)
        with tf.Session(graph=sess.graph) as other:
            other.run(init)
            again = other.run(v)
        return {"reinit_same": bool(np.array_equal(first, sess.run(v))),
                "new_session_same": bool(np.array_equal(first, again))}
    return {"init": True, "run": run}


@case
def variable_sliced_assign(tf, rng):
    """`v[...].assign(value)`: StridedSliceAssign `<slice>/_assign` on the variable's ref, sharing
    the slice's begin/end/strides, writing in place and returning the whole new value."""
    v = tf.Variable([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], name="v")
    with tf.variable_scope("scope"):
        w = tf.get_variable("w", [4], initializer=tf.zeros_initializer())
    rows = v[0:1].assign([[9.0, 9.0, 9.0]])
    row = v[1].assign([7.0, 7.0, 7.0])
    column = v[:, 1].assign(tf.constant([0.0, 0.0]))
    with tf.name_scope("ns"):
        corners = v[::1, ::2].assign(rng.standard_normal((2, 2)).astype(np.float32))
    element = w[2].assign(5.0, name="third")
    empty = w[3:3].assign(tf.zeros([0]))

    def run(sess):
        return {"rows": sess.run(rows), "row": sess.run(row), "column": sess.run(column),
                "corners": sess.run(corners), "v": sess.run(v), "element": sess.run(element),
                "empty": sess.run(empty), "w": sess.run(w)}
    return {"init": True, "run": run,
            "fetch": {"rows": rows, "row": row, "column": column, "corners": corners,
                      "element": element, "empty": empty}}


@case(error="object has no attribute 'assign'")  # TF1 calls `ref.assign` on a plain tensor
def assign_to_plain_tensor(tf, rng):
    v = tf.Variable([1.0, 2.0], name="v")
    tf.assign(v.value(), [3.0, 4.0])


@case
def variable_colocation_and_devices(tf, rng):
    """Ops that take a variable's ref, and its `read`, are placed with the variable (its device,
    `_class` = loc:@var) whatever the device scope; initializers from a function too."""
    def place(op):
        return [op.name, op.device, [g.decode() for g in op.colocation_groups()]]
    with tf.device("/cpu:0"):
        v = tf.Variable([1.0, 2.0], name="v")
        tf.get_variable("w", [2], initializer=tf.zeros_initializer())
    u = tf.Variable(3.0, name="u")
    with tf.device("/gpu:0"):
        a = v.assign([3.0, 4.0])
        b = tf.assign_add(u, 1.0)
        c = tf.is_variable_initialized(v)
        d = tf.identity(v, name="d")
    with tf.device(lambda op: "/cpu:0" if op.type == "VariableV2" else ""):
        f = tf.Variable(lambda: tf.ones([2]), name="f")
    return {"facts": {"b": b.op.device, "c": c.op.device,
                      "ops": [place(op) for op in tf.get_default_graph().get_operations()],
                      "class": [x.decode() for x in a.op.get_attr("_class")],
                      "f_read": f.value().device, "d": d.device}}
