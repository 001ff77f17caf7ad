"""The graph core: unique names, name scopes, reprs and strs, dtypes, TensorShape and Dimension,
the Tensor protocol, Graph lookups and collections, control dependencies, devices, and the
graph-level ops (group, no_op, Print, print, check_numerics, assert_equal, assert_rank)."""
import numpy as np

from . import case as _case
from . import raises, tf_add_is_add


def case(fn=None, **kwargs):
    """`case` with the TF 1.15 patch for `tf.add` (op type Add)."""
    return _case(fn, tf115=tf_add_is_add, **kwargs)


def _names(xs):
    return [x.name for x in xs]


# ---- unique names

@case
def names_operators_and_functions(tf, rng):
    a = tf.constant(1.0, name="a")
    b = tf.constant(2.0, name="b")
    ts = [a + b, a * b, a + b, a * b, tf.add(a, b), tf.multiply(a, b), a - b, tf.subtract(a, b),
          a / b, tf.divide(a, b), -a, abs(a), a < b, a >= b, a ** b, a // b, a % b]
    return {"facts": {"names": _names(ts)}}


@case
def names_explicit_repeats(tf, rng):
    ts = [tf.identity(1.0, name=n) for n in ("myop", "myop", "myop_1", "myop_1", "MyOp", "MYOP_1")]
    return {"facts": {"names": _names(ts)}}


@case
def names_case_insensitive(tf, rng):
    x = tf.constant(1.0)
    ts = [tf.add(x, x), x + x, tf.identity(x, name="ADD"), tf.identity(x, name="add_1")]
    return {"facts": {"names": _names(ts)}}


@case
def names_per_graph(tf, rng):
    tf.constant(1.0)
    g2 = tf.Graph()
    with g2.as_default():
        other = tf.constant(1.0)
    mine = tf.constant(1.0)
    return {"facts": {"other": other.name, "mine": mine.name, "graphs": other.graph is g2}}


@case(error="is not a valid node name")
def names_error_invalid(tf, rng):
    tf.constant(1.0, name="bad name!")


@case
def names_valid_characters(tf, rng):
    ts = [tf.constant(1.0, name=n) for n in ("a.b", "x-y", "U_9", "3d", "a>b")]
    return {"facts": {"names": _names(ts)}}


# ---- name scopes

@case
def name_scope_nesting_and_reentry(tf, rng):
    seen = []
    with tf.name_scope("foo") as foo:
        seen.append(foo)
        a = tf.constant(1.0, name="a")
        with tf.name_scope("bar") as bar:
            seen.append(bar)
            b = tf.constant(1.0, name="b")
            seen.append(tf.get_default_graph().get_name_scope())
    with tf.name_scope("foo") as foo1:
        seen.append(foo1)
        c = tf.constant(1.0, name="c")
    with tf.name_scope("foo/") as again:
        seen.append(again)
        d = tf.constant(1.0, name="d")
        with tf.name_scope(None) as root:
            seen.append(root)
            e = tf.constant(1.0, name="e")
        with tf.name_scope("") as empty:
            seen.append(empty)
        with tf.name_scope("foo/bar/") as deep:
            seen.append(deep)
            f = tf.constant(1.0, name="b")
    g = tf.constant(1.0, name="foo")
    return {"facts": {"scopes": seen, "names": _names([a, b, c, d, e, f, g])}}


@case
def name_scope_default_name(tf, rng):
    x = tf.constant(1.0)
    seen = []
    for name in (None, None, "given"):
        with tf.name_scope(name, "dflt", [x]) as s:
            seen.append([s, tf.identity(x).name])
    return {"facts": {"scopes": seen}}


@case
def name_scope_op_names_inside(tf, rng):
    with tf.name_scope("layer"):
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        y = x * 2.0 + 1.0
        z = tf.reduce_sum(y, 1)
        c = tf.concat([x, y], 1)
    with tf.name_scope("layer"):
        w = tf.identity(x)
    return {"facts": {"names": _names([x, y, z, c, w])}}


@case
def name_scope_consumes_name(tf, rng):
    with tf.name_scope("s"):
        pass
    a = tf.constant(1.0, name="s")
    b = tf.identity(a, name="t")
    with tf.name_scope("t"):
        c = tf.constant(1.0, name="x")
    return {"facts": {"names": _names([a, b, c])}}


@case(error="'bad scope!' is not a valid")  # 2.x: "... valid root scope name"
def name_scope_error_invalid(tf, rng):
    with tf.name_scope("bad scope!"):
        pass


# ---- reprs and strs

@case
def repr_tensors(tf, rng):
    k = tf.zeros([32, 128], name="k")
    p = tf.placeholder(tf.float32, [None, 3], name="a")
    u = tf.placeholder(tf.int64, name="u")
    s = tf.constant(1.0)
    v = tf.constant([1, 2, 3])
    b = tf.placeholder(tf.bool, [None, None, 5], name="b")
    ts = [k, p, u, s, v, b, k * 2.0]
    return {"facts": {"str": [str(t) for t in ts], "repr": [repr(t) for t in ts]}}


@case
def repr_operations(tf, rng):
    p = tf.placeholder(tf.float32, name="bb")
    n = tf.no_op(name="nothing")
    return {"facts": {"repr": [repr(p.op), repr(n)], "names": [p.op.name, n.name],
                      "types": [p.op.type, n.type]}}


@case
def repr_tensor_with_device(tf, rng):
    with tf.device("/cpu:0"):
        c = tf.constant(1.0, name="c")
    with tf.device("/device:GPU:1"):
        g = tf.constant(1.0, name="g")
    return {"facts": {"str": [str(c), str(g)], "repr": [repr(c), repr(g)],
                      "device": [c.device, g.device, c.op.device]}}


SHAPES = {
    "known": [2, 3],
    "partial": [None, None, 5],
    "scalar": [],
    "vector": [7],
    "unknown": None,
}


@case
def repr_tensor_shapes(tf, rng):
    facts = {}
    for name, dims in SHAPES.items():
        s = tf.TensorShape(dims)
        facts[name] = {"str": str(s), "repr": repr(s), "ndims": s.ndims,
                       "as_list": s.as_list() if s.ndims is not None else None,
                       "fully_defined": s.is_fully_defined(),
                       "num_elements": s.num_elements()}
    return {"facts": facts}


@case
def repr_dimensions(tf, rng):
    five, unknown = tf.Dimension(5), tf.Dimension(None)
    shape = tf.TensorShape([None, 3])
    return {"facts": {"str": [str(five), str(unknown)], "repr": [repr(five), repr(unknown)],
                      "value": [five.value, unknown.value], "item": repr(shape[1]),
                      "item_str": str(shape[0]), "slice": repr(shape[1:]),
                      "eq": [five == 5, five == tf.Dimension(5), repr(unknown == 5)],
                      "arith": [repr(five + 2), repr(five * unknown), repr(five // 2), repr(unknown + 1)]}}


DTYPES = ("float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool",
          "string")


@case
def repr_dtypes(tf, rng):
    facts = {}
    for name in DTYPES:
        d = getattr(tf, name)
        facts[name] = {"str": str(d), "repr": repr(d), "name": d.name, "floating": d.is_floating,
                       "integer": d.is_integer, "bool": d.is_bool, "numpy": d.as_numpy_dtype.__name__,
                       "base": d.base_dtype.name, "size": d.size if name != "string" else None}
    return {"facts": facts}


@case
def dtype_conversions(tf, rng):
    return {"facts": {
        "from_str": [tf.as_dtype(n).name for n in ("float32", "float64", "int32", "bool", "string")],
        "from_numpy": [tf.as_dtype(t).name for t in (np.float32, np.int64, np.bool_, np.uint8, np.float16)],
        "from_np_dtype": tf.as_dtype(np.dtype("int16")).name,
        "same_object": tf.as_dtype("float32") is tf.float32,
        "eq": [tf.float32 == tf.float32, tf.float32 == tf.float64, tf.float32 == "float32"],
        "limits": [tf.int8.min, tf.int8.max, tf.uint8.min, tf.uint8.max, tf.int32.max],
        "numpy_is_same": tf.float32 is tf.as_dtype(np.float32),
    }}


@case(error="")  # the text differs between versions; both raise TypeError
def dtype_error_unknown(tf, rng):
    tf.as_dtype("no_such_type")


@case(error="None of type")  # 1.15: "... got None of type '_Message' instead."
def constant_none_element_with_dtype(tf, rng):
    tf.constant([None, 2.0], tf.float32)


@case(error="None of type")
def zeros_initializer_partial_shape(tf, rng):
    tf.zeros_initializer()([None, 2])


# ---- TensorShape operations

@case
def tensor_shape_operations(tf, rng):
    a = tf.TensorShape([None, 3])
    b = tf.TensorShape([2, None])
    u = tf.TensorShape(None)
    return {"facts": {
        "merge": str(a.merge_with(b)), "merge_unknown": str(u.merge_with(a)),
        "compatible": [a.is_compatible_with(b), a.is_compatible_with([2, 4]),
                       a.is_compatible_with(u), a.is_compatible_with([1, 2, 3])],
        "concat": str(a.concatenate(b)), "concat_unknown": str(a.concatenate(u)),
        "with_rank": str(u.with_rank(2)), "as_shape": str(tf.TensorShape([tf.Dimension(4), 5])),
        "eq": [a == tf.TensorShape([None, 3]), tf.TensorShape([1, 2]) == [1, 2]],
        "list": a.as_list(), "dims": [repr(d) for d in b.dims], "rank": a.rank,
        "known": [tf.TensorShape([2, 3]).num_elements(), a.num_elements()],
    }}


@case(error="are not compatible")
def tensor_shape_error_merge(tf, rng):
    tf.TensorShape([2, 3]).merge_with(tf.TensorShape([2, 4]))


@case(error="are incompatible")
def tensor_shape_error_assert_compatible(tf, rng):
    tf.TensorShape([2, 3]).assert_is_compatible_with(tf.TensorShape([3]))


@case
def set_shape_refines(tf, rng):
    p = tf.placeholder(tf.float32, [None, 3])
    p.set_shape([2, 3])
    u = tf.placeholder(tf.float32)
    u.set_shape([None, 4])
    y = p + 1.0
    return {"facts": {"p": str(p.shape), "u": str(u.shape), "y": str(y.shape),
                      "get_shape": str(p.get_shape())}}


@case(error="Dimension 1 in both shapes must be equal, but are 3 and 4")
def set_shape_error_incompatible(tf, rng):
    tf.placeholder(tf.float32, [None, 3]).set_shape([2, 4])


# ---- the Tensor protocol

@case
def tensor_protocol(tf, rng):
    t = tf.zeros([2, 3])
    u = tf.zeros([2, 3])
    return {"facts": {"bool": raises(lambda: bool(t)), "len": raises(lambda: len(t)),
                      "iter_scalar": raises(lambda: iter(tf.constant(1.0))),
                      "eq_self": t == t, "eq_other": t == u, "ne_other": t != u,
                      "hash_differs": hash(t) != hash(u), "in_dict": {t: 1}.get(t),
                      "iter": raises(lambda: iter(t)), "iter_unknown": raises(
                          lambda: list(tf.placeholder(tf.float32, [None, 2]))),
                      "value_index": t.value_index, "graph": t.graph is tf.get_default_graph(),
                      "op": t.op.name}}


def _plain_type_error(rec):
    """TF 1.15 raises a plain TypeError here (2.x: its subclass OperatorNotAllowedInGraphError)."""
    rec["error"]["type"] = "TypeError"
    tf_add_is_add(rec)


@_case(error="as a Python `bool`", tf115=_plain_type_error)
def tensor_error_bool(tf, rng):
    if tf.constant(True):
        pass


# ---- Graph lookups, attributes, collections

@case
def graph_lookups(tf, rng):
    g = tf.get_default_graph()
    a = tf.placeholder(tf.float32, [2, 3], name="a")
    m = tf.matmul(a, a, transpose_b=True, name="m")
    s = tf.split(a, 3, 1, name="s")
    return {"facts": {
        "op": g.get_operation_by_name("m").name, "tensor": g.get_tensor_by_name("s:2").name,
        "same": g.get_tensor_by_name("m:0") is m, "ops": _names(g.get_operations()),
        "inputs": _names(m.op.inputs), "outputs": _names(s[0].op.outputs),
        "consumers": _names(a.consumers()), "attr_T": repr(m.op.get_attr("T")),
        "attr_transpose": [m.op.get_attr("transpose_a"), m.op.get_attr("transpose_b")],
        "attr_num": s[0].op.get_attr("num_split"), "type": m.op.type,
        "missing_tensor": raises(lambda: g.get_tensor_by_name("nope:0")),
        "op_as_tensor": raises(lambda: g.get_tensor_by_name("a")),
        "missing_op": raises(lambda: g.get_operation_by_name("nope")),
        "bad_output": raises(lambda: g.get_tensor_by_name("a:1")),
    }}


@case(error="The name 'nope:0' refers to a Tensor which does not exist. The operation, 'nope', "
            "does not exist in the graph.")
def graph_error_missing_tensor(tf, rng):
    tf.get_default_graph().get_tensor_by_name("nope:0")


@case(error="refers to an Operation not in the graph.")
def graph_error_missing_operation(tf, rng):
    tf.get_default_graph().get_operation_by_name("nope")


@case(error="Tensor names must be of the form")
def graph_error_operation_as_tensor(tf, rng):
    tf.constant(1.0, name="a")
    tf.get_default_graph().get_tensor_by_name("a")


@case(error="Graph is finalized and cannot be modified.")
def graph_error_finalized(tf, rng):
    tf.constant(1.0)
    tf.get_default_graph().finalize()
    tf.constant(2.0)


@case
def graph_collections(tf, rng):
    g = tf.get_default_graph()
    with tf.name_scope("a"):
        x = tf.constant(1.0, name="x")
    with tf.name_scope("b"):
        y = tf.constant(2.0, name="y")
    tf.add_to_collection("things", x)
    tf.add_to_collection("things", y)
    tf.add_to_collections(["one", "two"], x)
    ref = tf.get_collection_ref("refs")
    ref.append(y)
    copy = tf.get_collection("things")
    copy.append(x)
    return {"facts": {"things": _names(tf.get_collection("things")),
                      "scoped": _names(tf.get_collection("things", scope="b")),
                      "one_two": [_names(tf.get_collection("one")), _names(g.get_collection("two"))],
                      "refs": _names(tf.get_collection("refs")), "missing": tf.get_collection("none"),
                      "keys": sorted(g.get_all_collection_keys())}}


@case
def graph_reset_default(tf, rng):
    tf.constant(1.0)
    outer = tf.get_default_graph()
    g = tf.Graph()
    with g.as_default():
        inner = tf.get_default_graph() is g
        c = tf.constant(2.0)
    return {"facts": {"inner": inner, "outer_again": tf.get_default_graph() is outer,
                      "c": c.name, "count": len(g.get_operations())}}


# ---- control dependencies, devices

@case
def control_dependencies_names_and_values(tf, rng):
    v = tf.Variable(1.0, name="v")
    a = tf.assign_add(v, 10.0)
    with tf.control_dependencies([a]):
        r = tf.identity(v, name="after")
        with tf.control_dependencies([tf.no_op(name="n")]):
            both = tf.constant(1.0, name="both")
        with tf.control_dependencies(None):
            free = tf.constant(1.0, name="free")
    with tf.control_dependencies([r]):
        t = tf.identity(r, name="t")
    return {"fetch": {"r": r}, "init": True,
            "facts": {"r": _names(r.op.control_inputs), "both": _names(both.op.control_inputs),
                      "free": _names(free.op.control_inputs), "t": _names(t.op.control_inputs)}}


@case
def device_scopes(tf, rng):
    with tf.device("/cpu:0"):
        a = tf.constant(1.0, name="a")
        with tf.device(None):
            b = tf.constant(1.0, name="b")
        with tf.device("/job:worker"):
            c = tf.constant(1.0, name="c")
    with tf.device("/job:ps/task:1"):
        with tf.device("/device:GPU:0"):
            d = tf.constant(1.0, name="d")
    e = tf.constant(1.0, name="e")
    return {"facts": {"devices": [t.device for t in (a, b, c, d, e)]}}


# ---- graph-level ops: group, no_op, Print, print, check_numerics, asserts

@case
def group_and_no_op(tf, rng):
    v = tf.Variable(0.0, name="v")
    a = tf.assign_add(v, 1.0)
    b = tf.assign_add(v, 2.0)
    g = tf.group(a, b)
    h = tf.group(a.op, name="just_a")
    n = tf.no_op()
    n2 = tf.no_op(name="idle")

    def run(sess):
        return [sess.run(g), sess.run(h), sess.run(n), sess.run(n2), sess.run(v)]
    return {"fetch": {"g": g, "h": h, "n": n, "n2": n2}, "init": True, "run": run,
            "facts": {"g": [g.name, g.type, sorted(_names(g.control_inputs))],
                      "h": [h.name, _names(h.control_inputs)], "n": [n.name, n.type], "n2": n2.name}}


@case
def print_ops(tf, rng):
    x = tf.constant([1.0, 2.0], name="x")
    p = tf.Print(x, [x, tf.constant(3)], message="value: ")
    q = tf.Print(x, [x], name="shown", summarize=1)
    op = tf.print(x)
    with tf.control_dependencies([op]):
        y = x * 2.0
    return {"fetch": {"p": p, "q": q, "y": y}, "facts": {"print": [op.name, op.type]}}


@case
def check_numerics_ok(tf, rng):
    x = tf.placeholder(tf.float32, [None])
    c = tf.check_numerics(x, "x is bad")
    return {"fetch": {"c": c}, "feed": {x: np.array([1.0, -2.0], np.float32)}}


@case(error="x is bad")
def check_numerics_error_nan(tf, rng):
    x = tf.placeholder(tf.float32, [None])
    return {"fetch": {"c": tf.check_numerics(x, "x is bad")},
            "feed": {x: np.array([1.0, np.nan], np.float32)}}


def _assert_equal_scope(rec):
    """TF 1.15's assert_equal opens one `assert_equal` scope (TF 2.x nests a second one, so its
    ops land in `assert_equal_1/`)."""
    rec["graph"] = [g.replace("assert_equal_1/", "assert_equal/") for g in rec["graph"]]
    # 1.15 puts `message or ''` first in the data: one more Const; data consts shift by one.
    data = [g for g in rec["graph"] if g.startswith("assert_equal/Assert/Assert/data_")]
    rec["graph"] = [g for g in rec["graph"] if g not in data]
    at = rec["graph"].index("assert_equal/Assert/Const_2 (Const)") + 1
    rec["graph"][at:at] = ["assert_equal/Assert/Const_3 (Const)"] + [
        "assert_equal/Assert/Assert/data_0 (Const)"] + [
        g.replace(f"data_{k}", f"data_{k + 1}") for g in data
        for k in [int(g.split("data_")[1].split(" ")[0])]]


@_case(tf115=_assert_equal_scope)
def assert_equal_runtime_ok(tf, rng):
    x = tf.placeholder(tf.int32, [None])
    check = tf.assert_equal(x, [1, 2])
    with tf.control_dependencies([check]):
        y = tf.identity(x)
    return {"fetch": {"y": y}, "feed": {x: np.array([1, 2], np.int32)}}


@_case(error="assertion failed", tf115=_assert_equal_scope)
def assert_equal_error_runtime(tf, rng):
    x = tf.placeholder(tf.int32, [None])
    with tf.control_dependencies([tf.assert_equal(x, [1, 2])]):
        y = tf.identity(x)
    return {"fetch": {"y": y}, "feed": {x: np.array([1, 3], np.int32)}}


@case(error="Condition x == y did not hold")
def assert_equal_error_static(tf, rng):
    tf.assert_equal(tf.constant([1, 2]), tf.constant([1, 3]))


@case
def assert_rank_ok(tf, rng):
    x = tf.placeholder(tf.float32, [None, 3])
    with tf.control_dependencies([tf.assert_rank(x, 2)]):
        y = tf.identity(x)
    return {"fetch": {"y": y}, "feed": {x: np.ones((1, 3), np.float32)}}


@case(error="must have rank 2")
def assert_rank_error_static(tf, rng):
    tf.assert_rank(tf.placeholder(tf.float32, [3]), 2)


@case(error="assertion failed")
def assert_rank_error_runtime(tf, rng):
    x = tf.placeholder(tf.float32)
    with tf.control_dependencies([tf.assert_rank(x, 2)]):
        y = tf.identity(x)
    return {"fetch": {"y": y}, "feed": {x: np.ones(3, np.float32)}}


@case
def colocate_with_scopes(tf, rng):
    """`colocate_with` gives the op's device and `_class`, sets device scopes aside, nests, and
    `ignore_existing` drops outer colocations."""
    g = tf.get_default_graph()
    a = tf.constant(1.0, name="a")
    with tf.device("/cpu:0"):
        b = tf.constant(2.0, name="b")
    with tf.device("/gpu:0"):
        with g.colocate_with(b):
            c = tf.identity(a, name="c")
            with g.colocate_with(a):
                d = tf.identity(a, name="d")
            with g.colocate_with(a, ignore_existing=True):
                e = tf.identity(a, name="e")
            with g.colocate_with(None, ignore_existing=True):
                f = tf.identity(a, name="f")
        with g.colocate_with(c.op):
            h = tf.identity(a, name="h")
    return {"fetch": {"c": c, "d": d, "e": e, "f": f, "h": h},
            "facts": {t.op.name: [t.op.device, [x.decode() for x in t.op.colocation_groups()]]
                      for t in (a, b, c, d, e, f, h)}}


@case(error="Trying to reset colocation (op is None)")
def colocate_with_none_error(tf, rng):
    with tf.get_default_graph().colocate_with(None):
        pass
