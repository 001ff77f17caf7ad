"""tf.Session: fetch structures, feeds, TF1's errors (§5.1, §5.2, §5.4), default sessions,
InteractiveSession, make_callable and config."""
import collections
import threading

import numpy as np
import pytest

import minitf as tf
from minitf.framework import registry

P = collections.namedtuple("P", "c h")


def _counter_kernel(ctx):
    store = ctx.resources.variables

    def kernel():
        store["n"] = store.get("n", 0) + 1
        return ctx.xp.asarray(store["n"], dtype="int32")
    return kernel


registry.register("TestSessionCounter", infer=lambda op: [(tf.int32, tf.TensorShape([]))],
                  kernel=_counter_kernel, stateful=True)


@pytest.fixture
def g():
    """a: float32 [?, 3] placeholder, b: constant [[1, 2, 3]], c = a + b, ii: int32 3."""
    graph = tf.get_default_graph()
    graph.a = tf.placeholder(tf.float32, [None, 3], name="a")
    graph.b = tf.constant([[1.0, 2.0, 3.0]], name="b")
    graph.c = graph.a + graph.b
    graph.ii = tf.constant(3, name="ii")
    return graph


def test_single_fetch_and_numpy_types(g):
    with tf.Session() as sess:
        got = sess.run(g.c, {g.a: [[1.0, 1.0, 1.0]]})
        assert type(got) is np.ndarray and got.dtype == np.float32
        np.testing.assert_array_equal(got, [[2.0, 3.0, 4.0]])
        assert type(sess.run(g.ii)) is np.int32 and sess.run(g.ii) == 3
        assert type(sess.run(tf.constant(1.0))) is np.float32
        assert type(sess.run(tf.constant(2.0, tf.float64))) is np.float64
        assert type(sess.run(tf.constant(True))) is np.bool_
        assert sess.run(tf.constant("str")) == b"str" and type(sess.run(tf.constant("s"))) is bytes
        assert sess.run(tf.constant(["a", "bc"])).tolist() == [b"a", b"bc"]
        assert sess.run(tf.constant(2 ** 40)).dtype == np.int64


def test_fetch_structures(g):
    feed = {g.a: [[1.0, 1.0, 1.0]]}
    with tf.Session() as sess:
        lst = sess.run([g.c, g.b], feed)
        assert type(lst) is list and [v.tolist() for v in lst] == [[[2, 3, 4]], [[1, 2, 3]]]
        tup = sess.run((g.c, g.ii), feed)
        assert type(tup) is tuple and tup[1] == 3
        nt = sess.run(P(c=g.b, h=g.ii))
        assert type(nt) is P and nt.h == 3 and nt.c.tolist() == [[1, 2, 3]]
        d = sess.run({"x": g.b, "y": [g.ii, g.b.op]})
        assert type(d) is dict and d["y"] == [3, None] and d["x"].shape == (1, 3)
        od = sess.run(collections.OrderedDict([("z", g.b), ("a", g.ii)]))
        assert type(od) is collections.OrderedDict and list(od) == ["z", "a"] and od["a"] == 3
        nested = sess.run([P(c=(g.ii, [g.ii]), h={"k": g.b.op})])
        assert nested == [P(c=(3, [3]), h={"k": None})]
        assert sess.run(g.b.op) is None
        assert sess.run([]) == [] and sess.run({}) == {} and sess.run(()) == ()


def test_fetch_by_name(g):
    with tf.Session() as sess:
        got = sess.run(["b:0", "b", "ii:0"])
        assert got[0].tolist() == [[1, 2, 3]] and got[1] is None and got[2] == 3


def test_duplicate_fetches_are_computed_once():
    n = tf.get_default_graph().create_op("TestSessionCounter", [], {}).outputs[0]
    with tf.Session() as sess:
        assert sess.run([n, n, n.name, {"again": n}]) == [1, 1, 1, {"again": 1}]
        assert sess.run(n) == 2


@pytest.mark.parametrize("fetch, cls, text", [
    (None, TypeError, "Fetch argument None has invalid type <class 'NoneType'>"),
    ([None], TypeError, "Fetch argument None has invalid type <class 'NoneType'>"),
    (5, TypeError, "Fetch argument 5 has invalid type <class 'int'>, must be a string or Tensor. "
                   "(Can not convert a int into a Tensor or Operation.)"),
    (5.5, TypeError, "Fetch argument 5.5 has invalid type <class 'float'>, must be a string or "
                     "Tensor. (Can not convert a float into a Tensor or Operation.)"),
    ("x:0", ValueError, "Fetch argument 'x:0' cannot be interpreted as a Tensor. (\"The name "
                        "'x:0' refers to a Tensor which does not exist. The operation, 'x', does "
                        "not exist in the graph.\")"),
    ("x", ValueError, "Fetch argument 'x' cannot be interpreted as a Tensor. (\"The name 'x' "
                      "refers to an Operation not in the graph.\")"),
    ("b:1", ValueError, "Fetch argument 'b:1' cannot be interpreted as a Tensor. (\"The name "
                        "'b:1' refers to a Tensor which does not exist. The operation, 'b', "
                        "exists but only has 1 outputs.\")"),
])
def test_fetch_errors(g, fetch, cls, text):
    with tf.Session() as sess:
        with pytest.raises(cls) as info:
            sess.run(fetch)
    assert str(info.value) == text


def test_fetch_of_another_graph(g):
    with tf.Graph().as_default():
        other = tf.constant(1.0)
    with tf.Session() as sess:
        with pytest.raises(ValueError) as info:
            sess.run(other)
    assert str(info.value) == (
        "Fetch argument <tf.Tensor 'Const:0' shape=() dtype=float32> cannot be interpreted as a "
        "Tensor. (Tensor Tensor(\"Const:0\", shape=(), dtype=float32) is not an element of this "
        "graph.)")


def test_session_state_errors(g):
    sess = tf.Session()
    sess.run(g.b)
    sess.close()
    sess.close()
    with pytest.raises(RuntimeError, match=r"^Attempted to use a closed Session\.$"):
        sess.run(g.b)
    with pytest.raises(RuntimeError, match=r"^Attempted to use a closed Session\.$"):
        sess.run([])
    empty = tf.Session(graph=tf.Graph())
    with pytest.raises(RuntimeError, match=r"^The Session graph is empty\.  Add operations to the "
                                           r"graph before calling run\(\)\.$"):
        empty.run([])
    with pytest.raises(TypeError, match=r"^graph must be a tf\.Graph, but got <class 'int'>$"):
        tf.Session(graph=5)
    with pytest.raises(TypeError, match=r"^config must be a tf\.ConfigProto, but got "
                                        r"<class 'dict'>$"):
        tf.Session(config={"allow_soft_placement": True})


# ---- feeds

def test_feeds_by_tensor_and_by_name(g):
    with tf.Session() as sess:
        assert sess.run(g.c, {"a:0": [[1.0, 2.0, 3.0]]}).tolist() == [[2, 4, 6]]
        assert sess.run(g.c, {g.a: np.ones((2, 3))}).tolist() == [[2, 3, 4]] * 2


def test_feed_tuple_keys_are_flattened():
    """A namedtuple (or nested tuple) key is fed leaf by leaf from a value of that structure."""
    state = collections.namedtuple("State", "c h")
    c = tf.placeholder(tf.float32, [None, 2])
    h = tf.placeholder(tf.float32, [None, 2])
    x = tf.placeholder(tf.int32, [])
    with tf.Session() as sess:
        value = state(np.ones((1, 2)), np.zeros((1, 2)))
        got = sess.run(state(c * 2, h + 1), {state(c, h): value})
        assert type(got).__name__ == "State" and got.c.tolist() == [[2, 2]]
        assert sess.run(x, {((c, h), x): ((np.ones((1, 2)), np.ones((1, 2))), 7)}) == 7
        with pytest.raises(ValueError, match=r"^Could not flatten dictionary\. Key had 2 "
                                             r"elements, but value had 1 elements\. Key: "
                                             r"\[<tf\.Tensor 'Placeholder:0'"):
            sess.run(c, {(c, h): [np.ones((1, 2))]})
        with pytest.raises(ValueError, match=r'^Could not flatten dictionary: key '
                                             r'Tensor\("Placeholder:0".* is not unique\.$'):
            sess.run(c, {c: np.ones((1, 2)), (c, h): (np.ones((1, 2)), np.ones((1, 2)))})


def test_feeding_a_computed_tensor_overrides_it(g):
    with tf.Session() as sess:
        got = sess.run(g.c, {g.a: [[0.0, 0.0, 0.0]], g.b: [[5.0, 5.0, 5.0]]})
        assert got.tolist() == [[5, 5, 5]]
        # the fed tensor's producers do not run: no need to feed `a` when `c` itself is fed
        assert sess.run(g.c + 1.0, {g.c: [[1.0, 1.0, 1.0]]}).tolist() == [[2, 2, 2]]


def test_fetching_a_fed_tensor_returns_the_fed_value(g):
    with tf.Session() as sess:
        got = sess.run(g.a, {g.a: np.array([[7, 7, 7]])})
        assert got.dtype == np.float32 and got.tolist() == [[7, 7, 7]]
        assert sess.run([g.a, g.c], {g.a: [[1.0, 1.0, 1.0]]})[0].tolist() == [[1, 1, 1]]
        fed = np.zeros((1, 3), np.float32)
        assert sess.run(g.a, {g.a: fed}) is fed  # TF hands back the converted feed itself
        # ... so a fed scalar stays a 0-d array, unlike a computed one
        zero_d = sess.run(g.ii, {g.ii: 5})
        assert type(zero_d) is np.ndarray and zero_d.shape == () and zero_d.dtype == np.int32
        assert type(sess.run(g.ii + 1, {g.ii: 5})) is np.int32
        both = sess.run({"fed": g.ii, "out": g.ii + 0}, {g.ii: 2})
        assert both["fed"].shape == () and both["out"] == 2


def test_unused_feeds_are_accepted_and_ignored(g):
    with tf.Session() as sess:
        assert sess.run(g.b, {g.a: [[7.0, 7.0, 7.0]]}).tolist() == [[1, 2, 3]]


def test_feed_value_conversions():
    i = tf.placeholder(tf.int32, [], name="i")
    i8 = tf.placeholder(tf.int8, name="i8")
    u = tf.placeholder(tf.float32, name="u")
    s = tf.placeholder(tf.string, name="s")
    with tf.Session() as sess:
        assert sess.run(i + 0, {i: 2.7}) == 2  # numpy truncates, as TF1 does
        assert sess.run(i8 + 0, {i8: [300]}).tolist() == [44]  # only scalars are range-checked
        assert sess.run(u + 0.0, {u: True}) == 1.0
        assert np.isnan(sess.run(u + 0.0, {u: None}))
        assert sess.run(tf.identity(s), {s: "x"}) == b"x"
        assert sess.run(tf.identity(s), {s: ["x", "yz"]}).tolist() == [b"x", b"yz"]
        assert sess.run(tf.identity(s), {"s:0": np.array([["é"]])}).tolist() == [["é".encode()]]
        with pytest.raises(ValueError, match="could not convert string to float"):
            sess.run(u, {u: "abc"})


@pytest.mark.parametrize("dtype, value", [(tf.int32, 10000000000), (tf.int8, 300),
                                          (tf.uint8, -1)])
def test_feed_int_overflow(dtype, value):
    p = tf.placeholder(dtype, name="p")
    with tf.Session() as sess:
        with pytest.raises(TypeError) as info:
            sess.run(p + 0, {p: value})
    assert str(info.value) == (
        f"Type of feed value {value} with type <class 'int'> is not compatible with Tensor type "
        f"<class 'numpy.{dtype.name}'>. Try explicitly setting the type of the feed tensor to a "
        f"larger type (e.g. int64).")


@pytest.mark.parametrize("key, text", [
    ("a", "Cannot interpret feed_dict key as Tensor: The name 'a' refers to an Operation, not a "
          "Tensor. Tensor names must be of the form \"<op_name>:<output_index>\"."),
    ("zz:0", "Cannot interpret feed_dict key as Tensor: The name 'zz:0' refers to a Tensor which "
             "does not exist. The operation, 'zz', does not exist in the graph."),
    (5, "Cannot interpret feed_dict key as Tensor: Can not convert a int into a Tensor."),
])
def test_feed_key_errors(g, key, text):
    with tf.Session() as sess:
        with pytest.raises(TypeError) as info:
            sess.run(g.c, {key: [[1.0, 2.0, 3.0]]})
    assert str(info.value) == text


def test_feed_key_errors_for_ops_and_foreign_tensors(g):
    with tf.Graph().as_default():
        other = tf.constant(1.0)
    with tf.Session() as sess:
        with pytest.raises(TypeError, match=r"^Cannot interpret feed_dict key as Tensor: Can not "
                                            r"convert a Operation into a Tensor\.$"):
            sess.run(g.c, {g.b.op: 1})
        with pytest.raises(TypeError, match=r"^Cannot interpret feed_dict key as Tensor: Tensor "
                                            r"Tensor\(\"Const:0\", shape=\(\), dtype=float32\) is "
                                            r"not an element of this graph\.$"):
            sess.run(g.c, {other: 1.0})


def test_feed_value_errors(g):
    with tf.Session() as sess:
        with pytest.raises(TypeError) as info:
            sess.run(g.c, {g.a: g.b})
        assert str(info.value) == (
            "The value of a feed cannot be a tf.Tensor object. Acceptable feed values include "
            "Python scalars, strings, lists, numpy ndarrays, or TensorHandles. For reference, the "
            "tensor object was Tensor(\"b:0\", shape=(1, 3), dtype=float32) which was passed to "
            "the feed with key Tensor(\"a:0\", shape=(?, 3), dtype=float32).")
        with pytest.raises(ValueError, match=r"^Cannot feed value of shape \(1, 2\) for Tensor "
                                             r"'a:0', which has shape '\(\?, 3\)'$"):
            sess.run(g.c, {g.a: [[1.0, 2.0]]})
        with pytest.raises(ValueError, match=r"^Cannot feed value of shape \(1, 2\) for Tensor "
                                             r"'b:0', which has shape '\(1, 3\)'$"):
            sess.run(g.c, {g.a: [[0.0, 0.0, 0.0]], g.b: [[5.0, 5.0]]})
        with pytest.raises(ValueError, match=r"^Cannot feed value of shape \(1, 2\) for Tensor "
                                             r"'a:0', which has shape '\(\?, 3\)'$"):
            sess.run(g.b, {g.a: [[7.0, 7.0]]})  # checked even when unused
        with pytest.raises(ValueError, match=r"^Cannot feed value of shape \(1,\) for Tensor "
                                             r"'ii:0', which has shape '\(\)'$"):
            sess.run(g.b, {g.ii: [1]})


def test_unfeedable_tensors(g):
    g.prevent_feeding(g.c)
    with tf.Session() as sess:
        with pytest.raises(ValueError, match=r"^Tensor Tensor\(\"add:0\", shape=\(\?, 3\), "
                                             r"dtype=float32\) may not be fed\.$"):
            sess.run(g.c, {g.c: [[1.0, 1.0, 1.0]]})


@pytest.mark.parametrize("shape, text", [
    ([None, 3], "You must feed a value for placeholder tensor 'p' with dtype float and shape "
                "[?,3]"),
    (None, "You must feed a value for placeholder tensor 'p' with dtype float"),
    ([], "You must feed a value for placeholder tensor 'p' with dtype float"),  # dims() > 0 only
])
def test_missing_feed(shape, text):
    p = tf.placeholder(tf.float32, shape, name="p")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(tf.identity(p))
    assert str(info.value).startswith(text + "\n\t [[node p (defined at test_session.py:")
    assert str(info.value).endswith(") ]]")


@pytest.mark.parametrize("dtype, name", [(tf.float64, "double"), (tf.int64, "int64"),
                                         (tf.bool, "bool"), (tf.string, "string"),
                                         (tf.float16, "half")])
def test_missing_feed_names_tf_types(dtype, name):
    p = tf.placeholder(dtype, name="p")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match=f"with dtype {name}\n"):
            sess.run(p)


def test_placeholder_with_default():
    d = tf.placeholder_with_default(tf.constant([1.0, 2.0]), [None])
    with tf.Session() as sess:
        assert sess.run(d).tolist() == [1.0, 2.0]
        assert sess.run(d, {d: [5.0, 6.0, 7.0]}).tolist() == [5.0, 6.0, 7.0]


# ---- default session, InteractiveSession, eval/run (§5.4)

def test_with_session_makes_it_and_its_graph_default():
    outer = tf.get_default_graph()
    g = tf.Graph()
    with g.as_default():
        x = tf.constant(1.0)
    with tf.Session(graph=g) as sess:
        assert tf.get_default_session() is sess and tf.get_default_graph() is g
        assert x.eval() == 1.0 and x.op.run() is None
    assert tf.get_default_session() is None and tf.get_default_graph() is outer
    with pytest.raises(RuntimeError, match="closed Session"):
        sess.run(x)


def test_as_default_does_not_close():
    x = tf.constant(1.0)
    sess = tf.Session()
    with sess.as_default() as entered:
        assert entered is sess and tf.get_default_session() is sess and x.eval() == 1.0
    assert tf.get_default_session() is None and sess.run(x) == 1.0
    with sess.as_default():
        with tf.Session() as inner:
            assert tf.get_default_session() is inner
            with sess.as_default():
                assert tf.get_default_session() is sess
            assert tf.get_default_session() is inner
        assert tf.get_default_session() is sess


def test_default_session_is_thread_local():
    x = tf.constant(1.0)
    seen = []
    with tf.Session():
        t = threading.Thread(target=lambda: seen.append(tf.get_default_session()))
        t.start()
        t.join()
    assert seen == [None] and x.graph is tf.get_default_graph()


def test_interactive_session():
    g = tf.get_default_graph()
    x = tf.constant(1.0)
    sess = tf.InteractiveSession()
    try:
        assert tf.get_default_session() is sess and tf.get_default_graph() is g
        assert x.eval() == 1.0 and x.op.run() is None
        with pytest.raises(AssertionError, match="Do not use tf.reset_default_graph"):
            tf.reset_default_graph()
    finally:
        sess.close()
    assert tf.get_default_session() is None
    sess.close()
    tf.reset_default_graph()


def test_interactive_session_on_another_graph():
    g = tf.Graph()
    with g.as_default():
        y = tf.constant(2.0)
    sess = tf.InteractiveSession(graph=g)
    assert tf.get_default_graph() is g and y.eval() == 2.0
    sess.close()
    assert tf.get_default_graph() is not g


# ---- make_callable, config, misc

def test_make_callable(g):
    with tf.Session() as sess:
        f = sess.make_callable(g.c, [g.a])
        assert f([[1.0, 1.0, 1.0]]).tolist() == [[2, 3, 4]]
        assert f(np.zeros((2, 3), np.float32)).tolist() == [[1, 2, 3]] * 2
        f2 = sess.make_callable([g.c, {"k": g.b}], ["a:0"])
        got = f2([[1.0, 1.0, 1.0]])
        assert got[0].tolist() == [[2, 3, 4]] and got[1]["k"].tolist() == [[1, 2, 3]]
        assert sess.make_callable(g.b.op)() is None
        assert sess.make_callable([])() == []
        assert sess.make_callable(g.ii, feed_list=())() == 3
        with pytest.raises(tf.errors.InvalidArgumentError, match="You must feed a value for "
                                                                 "placeholder tensor 'a'"):
            f()  # the feeds are zipped, as TF1 does: a missing one fails in the run
        with pytest.raises(ValueError, match="Cannot feed value of shape"):
            f([[1.0]])
        with pytest.raises(TypeError, match=r"^`feed_list` must be a list or tuple\.$"):
            sess.make_callable(g.c, g.a)
    with pytest.raises(tf.errors.CancelledError, match=r"^Session has been closed\.$"):
        f([[1.0, 1.0, 1.0]])  # TF's C API answers a callable of a closed session


def test_config_and_options_are_accepted(g):
    config = tf.ConfigProto(allow_soft_placement=True, log_device_placement=False,
                            gpu_options=tf.GPUOptions(allow_growth=True),
                            intra_op_parallelism_threads=2, device_count={"GPU": 0})
    assert config.gpu_options.allow_growth and config.device_count == {"GPU": 0}
    with tf.Session(config=config) as sess:
        got = sess.run(g.b, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE),
                       run_metadata=tf.RunMetadata())
        assert got.tolist() == [[1, 2, 3]]
        assert sess.backend.name == "numpy"
        assert [d.device_type for d in sess.list_devices()] == ["CPU"]
        assert sess.graph is g and sess.sess_str == ""


def test_fetched_values_do_not_alias_constants(g):
    with tf.Session() as sess:
        got = sess.run(g.b)
        got[0, 0] = 100.0
        assert sess.run(g.b).tolist() == [[1, 2, 3]]
        assert sess.run(tf.identity(g.b)).flags.writeable


def test_results_never_alias_a_fed_array():
    x = tf.placeholder(tf.float32, [2, 3])
    y = tf.reshape(x, [6])
    fed = np.ones((2, 3), np.float32)
    with tf.Session() as sess:
        got = sess.run(y, {x: fed})
        fed[:] = 5.0
        assert got.tolist() == [1.0] * 6 and got.flags.writeable
        assert fed.flags.writeable
