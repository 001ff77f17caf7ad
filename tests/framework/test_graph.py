"""Graph, Operation and Tensor: TF1 names, scopes, lookups, collections, control dependencies,
devices, finalize, default-graph stacks, and the Tensor/Operation Python protocol."""
import threading

import numpy as np
import pytest

import minitf as tf
from minitf.framework import graph as graph_mod
from minitf.framework import registry
from minitf.framework.graph import canonical_device


def _two_outputs_infer(op):
    x = op.inputs[0]
    return [(x.dtype, x.shape), (tf.int32, tf.TensorShape([]))]


registry.register("TestGraphTwoOutputs", infer=_two_outputs_infer,
                  kernel=lambda ctx: lambda x: (x, ctx.xp.asarray(7, dtype="int32")))


def _needs_rank2(op):
    rank = op.inputs[0].shape.ndims
    if rank != 2:
        raise ValueError(f"Shape must be rank 2 but is rank {rank}")
    return []


registry.register("TestGraphNeedsRank2", infer=_needs_rank2, kernel=lambda ctx: None)


def two_outputs(x, name=None):
    return tf.get_default_graph().create_op("TestGraphTwoOutputs", [x], {"T": x.dtype},
                                            name=name).outputs


# ---- unique names (§1.1)

def test_unique_names_case_insensitive():
    a = tf.placeholder(tf.float32, [None, 3], name="a")
    names = [tf.identity(a, name="myop").op.name for _ in range(2)]
    names += [tf.identity(a, name="myop_1").op.name for _ in range(2)]
    names.append(tf.identity(a, name="MyOp").op.name)
    assert names == ["myop", "myop_1", "myop_1_1", "myop_1_2", "MyOp_2"]


def test_operator_and_builder_names_share_counters():
    a, b = tf.constant(1.0), tf.constant(2.0)
    assert [(a + b).name, (a + b).name, tf.add(a, b).name] == ["add:0", "add_1:0", "Add_2:0"]
    assert (a + b).op.name == "add_3" and (a + b).op.type == "AddV2"
    assert tf.add(a, b).op.type == "Add"


def test_default_names_and_tensor_names():
    assert tf.placeholder(tf.float32).name == "Placeholder:0"
    assert tf.placeholder(tf.float32).name == "Placeholder_1:0"
    c = tf.constant(1.0)
    assert c.name == "Const:0" and c.op.name == "Const" and tf.identity(c).name == "Identity:0"
    x, y = two_outputs(c, name="split")
    assert (x.name, y.name, x.value_index, y.value_index) == ("split:0", "split:1", 0, 1)


def test_counters_are_per_graph():
    tf.constant(1.0)
    with tf.Graph().as_default():
        assert tf.constant(1.0).name == "Const:0"
    assert tf.constant(1.0).name == "Const_1:0"
    tf.reset_default_graph()
    assert tf.constant(1.0).name == "Const:0"


def test_unique_name_without_marking():
    g = tf.get_default_graph()
    assert g.unique_name("foo", mark_as_used=False) == "foo"
    assert g.unique_name("foo") == "foo" and g.unique_name("foo") == "foo_1"
    with g.name_scope("s"):
        assert g.unique_name("foo") == "s/foo"


def test_invalid_node_names():
    with pytest.raises(ValueError, match=r"^'bad name!' is not a valid node name$"):
        tf.constant(1.0, name="bad name!")
    with pytest.raises(ValueError, match=r"^'_x' is not a valid node name$"):
        tf.constant(1.0, name="_x")
    assert tf.constant(1.0, name="a.b-c>d").op.name == "a.b-c>d"


def test_duplicate_verbatim_name():
    tf.constant(1.0, name="c")
    with pytest.raises(ValueError, match=r"^Duplicate node name in graph: 'c'$"):
        tf.constant(1.0, name="c/")


# ---- name scopes (§1.3)

def test_name_scope_nesting_reentry_and_reset():
    a = tf.placeholder(tf.float32, name="a")
    with tf.name_scope("foo") as s:
        assert s == "foo/" and tf.identity(a, name="x").name == "foo/x:0"
        assert tf.get_default_graph().get_name_scope() == "foo"
    with tf.name_scope("foo") as s:
        assert s == "foo_1/"
    with tf.name_scope("foo/") as s:
        assert s == "foo/" and tf.identity(a, name="x").name == "foo/x_1:0"
    with tf.name_scope("foo"):
        with tf.name_scope("bar") as s:
            assert s == "foo_2/bar/"
        with tf.name_scope(None) as s:
            assert s == "" and tf.identity(a).name == "Identity:0"
            assert graph_mod.get_name_scope() == ""
        with tf.name_scope("") as s:
            assert s == ""
        assert graph_mod.get_name_scope() == "foo_2"
    # an opened scope consumes the op name
    assert tf.identity(a, name="foo").name == "foo_3:0"
    assert graph_mod.get_name_scope() == ""


def test_name_scope_restored_after_exception():
    with pytest.raises(RuntimeError):
        with tf.name_scope("boom"):
            raise RuntimeError
    assert graph_mod.get_name_scope() == ""


def test_invalid_scope_names():
    with pytest.raises(ValueError, match=r"^'bad name!' is not a valid scope name$"):
        with tf.name_scope("bad name!"):
            pass
    with pytest.raises(ValueError, match=r"^'_x' is not a valid scope name$"):
        with tf.name_scope("_x"):
            pass
    with pytest.raises(ValueError, match=r"^'_x/' is not a valid scope name$"):
        with tf.name_scope("_x/"):
            pass
    with tf.name_scope("ok"):
        with tf.name_scope("_y") as s:  # nested scopes may start with '_'
            assert s == "ok/_y/"
        with tf.name_scope("_z/") as s:
            assert s == "_z/"
    with pytest.raises(TypeError, match="name for name_scope must be a string"):
        with tf.name_scope(3):
            pass


def test_name_scope_default_name_and_values():
    x = tf.constant(1.0)
    with tf.name_scope(None, "default", [x]) as s:
        assert s == "default/"
    with tf.name_scope(None, "default", [x]) as s:
        assert s == "default_1/"
    with tf.name_scope("given", "default") as s:
        assert s == "given/"
    with tf.name_scope(None, None) as s:
        assert s == ""
    with pytest.raises(ValueError, match=r"^At least one of name \(None\) and default_name "
                                         r"\(None\) must be provided\.$"):
        with tf.name_scope(None, None, [x]):
            pass


def test_name_scope_values_pick_their_graph():
    g = tf.Graph()
    with g.as_default():
        y = tf.constant(2.0)
    with tf.name_scope("mixed", values=[y]) as s:
        assert s == "mixed/" and tf.get_default_graph() is g
        assert tf.constant(1.0).graph is g
    assert tf.get_default_graph() is not g
    x = tf.constant(1.0)
    with pytest.raises(ValueError, match=r"must be from the same graph as"):
        with tf.name_scope("m2", values=[x, y]):
            pass


# ---- lookups (§5.4)

def test_get_operations_and_lookups():
    g = tf.get_default_graph()
    c = tf.constant(1.0, name="c")
    i = tf.identity(c, name="i")
    assert g.get_operations() == [c.op, i.op]
    assert g.get_operation_by_name("i") is i.op and g.get_tensor_by_name("c:0") is c
    assert g.as_graph_element("i") is i.op and g.as_graph_element(c) is c


@pytest.mark.parametrize("call, cls, text", [
    (lambda g: g.get_operation_by_name("nope"), KeyError,
     "\"The name 'nope' refers to an Operation not in the graph.\""),
    (lambda g: g.get_operation_by_name("c:0"), ValueError,
     "Name 'c:0' appears to refer to a Tensor, not a Operation."),
    (lambda g: g.get_tensor_by_name("nope:0"), KeyError,
     "\"The name 'nope:0' refers to a Tensor which does not exist. The operation, 'nope', does "
     "not exist in the graph.\""),
    (lambda g: g.get_tensor_by_name("c"), ValueError,
     "The name 'c' refers to an Operation, not a Tensor. Tensor names must be of the form "
     "\"<op_name>:<output_index>\"."),
    (lambda g: g.get_tensor_by_name("nope"), ValueError,
     "The name 'nope' looks like an (invalid) Operation name, not a Tensor. Tensor names must be "
     "of the form \"<op_name>:<output_index>\"."),
    (lambda g: g.get_tensor_by_name("c:5"), KeyError,
     "\"The name 'c:5' refers to a Tensor which does not exist. The operation, 'c', exists but "
     "only has 1 outputs.\""),
    (lambda g: g.get_tensor_by_name("c:x"), ValueError,
     "The name 'c:x' looks a like a Tensor name, but is not a valid one. Tensor names must be of "
     "the form \"<op_name>:<output_index>\"."),
    (lambda g: g.get_tensor_by_name(5), TypeError, "Tensor names are strings (or similar), not int."),
    (lambda g: g.get_operation_by_name(5), TypeError,
     "Operation names are strings (or similar), not int."),
    (lambda g: g.as_graph_element(1.5), TypeError,
     "Can not convert a float into a Tensor or Operation."),
])
def test_lookup_errors(call, cls, text):
    tf.constant(1.0, name="c")
    with pytest.raises(cls) as info:
        call(tf.get_default_graph())
    assert str(info.value) == text


def test_elements_of_another_graph():
    c = tf.constant(1.0)
    g = tf.Graph()
    with pytest.raises(ValueError, match=r"^Tensor Tensor\(\"Const:0\", shape=\(\), "
                                         r"dtype=float32\) is not an element of this graph\.$"):
        g.as_graph_element(c)
    with pytest.raises(ValueError, match=r"^Operation name: \"Const\"(.|\n)*is not an element"):
        g.as_graph_element(c.op)


# ---- collections

def test_collections():
    g = tf.get_default_graph()
    x = tf.constant(1.0)
    tf.add_to_collection("c", x)
    tf.add_to_collections(["c", "d"], 5)
    tf.add_to_collections("e", 6)
    assert tf.get_collection("c") == [x, 5] and tf.get_collection("d") == [5]
    assert tf.get_collection("e") == [6] and tf.get_collection("nope") == []
    with tf.name_scope("sc"):
        z = tf.constant(1.0, name="z")
    tf.add_to_collection("c", z)
    # the scope filter is a regex matched at the start of `name`; unnamed items are skipped
    assert tf.get_collection("c", scope="sc") == [z]
    assert tf.get_collection("c", scope="Con") == [x]
    assert tf.get_collection("c", scope="s.") == [z]
    ref = tf.get_collection_ref("r")
    ref.append(1)
    assert tf.get_collection("r") == [1] and tf.get_collection_ref("r") is ref
    copy = tf.get_collection("c")
    copy.append(99)
    assert len(tf.get_collection("c")) == 3
    assert sorted(g.get_all_collection_keys()) == ["c", "d", "e", "r"]
    g.clear_collection("c")
    assert tf.get_collection("c") == [] and sorted(g.collections) == ["d", "e", "r"]
    assert tf.GraphKeys.GLOBAL_VARIABLES == "variables"
    assert tf.GraphKeys.TRAINABLE_VARIABLES == "trainable_variables"


# ---- control dependencies

def _names(ops):
    return [op.name for op in ops]


def test_control_dependencies_nesting_and_none():
    a, b, c = (tf.constant(v, name=n) for v, n in ((1.0, "a"), (2.0, "b"), (3.0, "c")))
    with tf.control_dependencies([a]):
        d = tf.identity(b, name="d")
        with tf.control_dependencies([c.op]):
            e = tf.identity(b, name="e")
            with tf.control_dependencies(None):
                f = tf.identity(b, name="f")
        h = tf.identity(a, name="h")  # a data input is not repeated as a control input
    with tf.control_dependencies([a, a]):
        i = tf.identity(b, name="i")
    assert _names(d.op.control_inputs) == ["a"]
    assert _names(e.op.control_inputs) == ["a", "c"]
    assert f.op.control_inputs == [] and h.op.control_inputs == []
    assert _names(i.op.control_inputs) == ["a"]
    assert tf.identity(b).op.control_inputs == []


def test_control_dependencies_domination():
    """An op whose input was created inside the same block already runs after its controls."""
    a, b = tf.constant(1.0, name="a"), tf.constant(2.0, name="b")
    with tf.control_dependencies([a]):
        d = tf.identity(b, name="d")
        e = tf.identity(d, name="e")
        with tf.control_dependencies(None):
            x = tf.identity(b, name="x")
        y = tf.identity(x, name="y")
        z = d + d
    assert _names(d.op.control_inputs) == ["a"]
    assert e.op.control_inputs == [] and z.op.control_inputs == []
    assert _names(y.op.control_inputs) == ["a"]


def test_control_dependencies_errors():
    with pytest.raises(TypeError, match=r"^Can not convert a int into a Tensor or Operation\.$"):
        with tf.control_dependencies([5]):
            pass
    other = tf.Graph()
    with other.as_default():
        t = tf.constant(1.0)
    with pytest.raises(ValueError, match="is not an element of this graph"):
        with tf.control_dependencies([t]):
            pass
    with pytest.raises(ValueError, match="is not an element of this graph"):
        with tf.control_dependencies([t.op]):
            pass


def test_control_dependencies_none_clears_control_flow_context():
    g = tf.get_default_graph()
    g._control_flow_context = "loop"
    with tf.control_dependencies(None):
        assert g._control_flow_context is None
    assert g._control_flow_context == "loop"
    g._control_flow_context = None


def test_control_inputs_shown_in_node_def():
    a, b, c = tf.constant(1.0, name="a"), tf.constant(2.0, name="b"), tf.constant(3.0, name="c")
    with tf.control_dependencies([a, c]):
        e = tf.identity(b, name="e")
    assert str(e.op) == ('name: "e"\nop: "Identity"\ninput: "b"\ninput: "^a"\ninput: "^c"\n'
                         'attr {\n  key: "T"\n  value {\n    type: DT_FLOAT\n  }\n}\n')
    assert repr(e.op) == "<tf.Operation 'e' type=Identity>"


# ---- devices

@pytest.mark.parametrize("spec, canonical", [
    ("/gpu:0", "/device:GPU:0"), ("gpu:0", "/device:GPU:0"), ("/cpu:1", "/device:CPU:1"),
    ("/GPU:*", "/device:GPU:*"), ("/device:GPU:1", "/device:GPU:1"), ("", ""),
    ("/job:ps/task:2/gpu:1", "/job:ps/task:2/device:GPU:1"),
    ("/job:w/replica:0/task:1/device:CPU:0", "/job:w/replica:0/task:1/device:CPU:0"),
])
def test_canonical_device(spec, canonical):
    assert canonical_device(spec) == canonical


def test_device_scopes():
    b = tf.constant(2.0, name="b")
    with tf.device("/gpu:0"):
        j = tf.identity(b, name="j")
        with tf.device("/cpu:1"):
            k = tf.identity(b, name="k")
        with tf.device(None):
            n = tf.identity(b, name="n")
        with tf.device("/job:w"):
            m = tf.identity(b, name="m")
    with tf.device("/job:ps/task:2"):
        with tf.device("/device:GPU:1"):
            p = tf.identity(b, name="p")
    assert [t.device for t in (j, k, n, m, p)] == [
        "/device:GPU:0", "/device:CPU:1", "", "/job:w/device:GPU:0", "/job:ps/task:2/device:GPU:1"]
    assert j.op.device == "/device:GPU:0" and b.device == ""
    assert str(j) == 'Tensor("j:0", shape=(), dtype=float32, device=/device:GPU:0)'
    assert repr(j) == "<tf.Tensor 'j:0' shape=() dtype=float32>"
    assert 'input: "b"\ndevice: "/device:GPU:0"\nattr {' in str(j.op)


def test_device_functions():
    b = tf.constant(2.0, name="b")
    with tf.device(lambda op: "/cpu:0"):
        o = tf.identity(b, name="o")
        with tf.device(None):
            n1 = tf.identity(b, name="n1")
        with tf.device("/gpu:1"):
            n2 = tf.identity(b, name="n2")
    seen = []

    def fn(op):
        seen.append((op.type, len(op.outputs)))
        return op.device + "/task:3" if op.device else "/job:q"
    with tf.device(fn):
        with tf.device("/gpu:1"):
            n3 = tf.identity(b, name="n3")
        n4 = tf.identity(b, name="n4")
    with tf.device("/gpu:1"):
        with tf.device(lambda op: "/cpu:7"):
            n5 = tf.identity(b, name="n5")
    # a function's result is taken verbatim and sees what inner scopes set; an outer string
    # spec only fills fields the inner ones left open
    assert [t.device for t in (o, n1, n2, n3, n4, n5)] == [
        "/cpu:0", "", "/cpu:0", "/device:GPU:1/task:3", "/job:q", "/device:CPU:7"]
    assert seen == [("Identity", 1), ("Identity", 1)]


def test_device_errors():
    with pytest.raises(ValueError, match=r"^Unknown attribute: 'foo' in '/foo:0'$"):
        with tf.device("/foo:0"):
            pass


# ---- finalize, default graph stack, threads

def test_finalize():
    g = tf.get_default_graph()
    tf.constant(1.0)
    g.finalize()
    assert g.finalized
    with pytest.raises(RuntimeError, match=r"^Graph is finalized and cannot be modified\.$"):
        tf.constant(1.0)
    with pytest.raises(RuntimeError, match=r"^Graph is finalized and cannot be modified\.$"):
        g.add_to_collection("x", 1)
    g._unsafe_unfinalize()
    tf.constant(1.0)


def test_reset_default_graph_inside_nested_graph():
    with tf.Graph().as_default():
        with pytest.raises(AssertionError, match=r"^Do not use tf\.reset_default_graph\(\) to "
                                                 r"clear nested graphs\. If you need a cleared "
                                                 r"graph, exit the nesting and create a new "
                                                 r"graph\.$"):
            tf.reset_default_graph()


def test_as_default_stacking():
    outer = tf.get_default_graph()
    g1, g2 = tf.Graph(), tf.Graph()
    with g1.as_default() as entered:
        assert entered is g1 and tf.get_default_graph() is g1
        with g2.as_default():
            assert tf.get_default_graph() is g2
        assert tf.get_default_graph() is g1
    assert tf.get_default_graph() is outer
    with pytest.raises(KeyError):
        with g1.as_default():
            raise KeyError
    assert tf.get_default_graph() is outer


def test_default_graph_is_thread_local():
    outer = tf.get_default_graph()
    g = tf.Graph()
    seen = []
    with g.as_default():
        t = threading.Thread(target=lambda: seen.append(tf.get_default_graph()))
        t.start()
        t.join()
    # another thread does not see this thread's stack, only the global default graph
    assert seen == [outer]


# ---- Tensor protocol (§1.8)

def test_tensor_equality_and_hash():
    c = tf.constant([[1, 2, 3]], name="cc")
    d = tf.identity(c)
    assert (c == c) is True and (c == d) is False and (c != c) is False and (c != d) is True
    assert hash(c) == id(c) and c in [c] and {c: 1}[c] == 1 and d not in {c}


def test_tensor_bool_iter_len():
    c = tf.constant([[1, 2, 3]], name="cc")
    with pytest.raises(TypeError, match=r"^Using a `tf\.Tensor` as a Python `bool` is not allowed\. "
                                        r"Use `if t is not None:` instead of `if t:` to test if a "
                                        r"tensor is defined, and use TensorFlow ops such as tf\.cond "
                                        r"to execute subgraphs conditioned on the value of a "
                                        r"tensor\.$"):
        bool(c)
    with pytest.raises(TypeError, match="Using a `tf.Tensor` as a Python `bool`"):
        if c:
            pass
    for t in (c, tf.constant(1.0), tf.placeholder(tf.float32), tf.placeholder(tf.float32, [None])):
        with pytest.raises(TypeError, match=r"^Tensor objects are only iterable when eager "
                                            r"execution is enabled\. To iterate over this tensor "
                                            r"use tf\.map_fn\.$"):
            iter(t)
    with pytest.raises(TypeError, match=r"^len is not well defined for symbolic Tensors\. "
                                        r"\(cc:0\) Please call `x\.shape` rather than `len\(x\)` "
                                        r"for shape information\.$"):
        len(c)
    with pytest.raises(TypeError, match=r"Cannot convert a symbolic Tensor \(cc:0\) to a numpy"):
        np.asarray(c)


def test_tensor_repr_and_str():
    u = tf.placeholder(tf.float32, name="pu")
    a = tf.placeholder(tf.float32, [None, 3], name="a")
    c = tf.constant([[1, 2, 3]], name="cc")
    assert str(u) == 'Tensor("pu:0", dtype=float32)'
    assert repr(u) == "<tf.Tensor 'pu:0' shape=<unknown> dtype=float32>"
    assert str(a) == 'Tensor("a:0", shape=(?, 3), dtype=float32)'
    assert repr(a) == "<tf.Tensor 'a:0' shape=(?, 3) dtype=float32>"
    assert str(c) == 'Tensor("cc:0", shape=(1, 3), dtype=int32)'
    assert str(tf.constant(1.0)) == 'Tensor("Const:0", shape=(), dtype=float32)'
    assert repr(tf.constant("s")) == "<tf.Tensor 'Const_1:0' shape=() dtype=string>"
    assert str(tf.constant([1.0, 2.0, 3.0])).endswith("shape=(3,), dtype=float32)")


def test_set_shape():
    p = tf.placeholder(tf.float32, name="p")
    p.set_shape([None, 3])
    assert p.shape.as_list() == [None, 3]
    p.set_shape([2, None])
    assert p.get_shape().as_list() == [2, 3] and p.shape is p.get_shape()
    with pytest.raises(ValueError, match=r"^Dimension 1 in both shapes must be equal, but are 3 "
                                         r"and 4\. Shapes are \[2,3\] and \[2,4\]\.$"):
        p.set_shape([2, 4])
    with pytest.raises(ValueError, match=r"^Shapes must be equal rank, but are 2 and 1$"):
        p.set_shape([2])
    q = tf.placeholder(tf.float32, [None, 3])
    with pytest.raises(ValueError, match=r"Shapes are \[\?,3\] and \[2,4\]\.$"):
        q.set_shape([2, 4])
    q.set_shape(None)
    assert q.shape.as_list() == [None, 3]


def test_tensor_properties_and_consumers():
    c = tf.constant([[1, 2, 3]], name="cc")
    u = tf.placeholder(tf.float32, name="u")
    i1, i2 = tf.identity(c), tf.identity(c)
    assert c.consumers() == [i1.op, i2.op] and u.consumers() == []
    assert c.op is c.op and c.graph is tf.get_default_graph() and c.dtype is tf.int32
    assert c.value_index == 0 and c.device == ""


# ---- Operation protocol

def test_operation_inputs_outputs_and_attrs():
    c = tf.constant([[1, 2, 3]], name="cc")
    i = tf.identity(c, name="i")
    x, y = two_outputs(c, name="two")
    op = x.op
    assert op.inputs == (c,) and isinstance(op.inputs, tuple)
    assert op.outputs == [x, y] and isinstance(op.outputs, list) and op.values() == (x, y)
    assert op.control_inputs == [] and op.type == "TestGraphTwoOutputs" and op.name == "two"
    assert op.graph is tf.get_default_graph() and op.device == ""
    assert i.op.get_attr("T") is tf.int32 and c.op.get_attr("dtype") is tf.int32
    with pytest.raises(ValueError, match=r"^Operation 'cc' has no attr named 'nope'\.$"):
        c.op.get_attr("nope")
    assert op.traceback[0][0] == "test_graph.py"
    assert tf.identity(y, name="second").op.node_def.input == ["two:1"]
    assert tf.identity(x).op.node_def.input == ["two"]
    assert hash(op) == hash(op) and {op: 1}[op] == 1


def test_operation_node_def_text():
    p = tf.placeholder(tf.float32, [None, 2], name="bb")
    assert str(p.op) == (
        'name: "bb"\nop: "Placeholder"\nattr {\n  key: "dtype"\n  value {\n    type: DT_FLOAT\n'
        '  }\n}\nattr {\n  key: "shape"\n  value {\n    shape {\n      dim {\n        size: -1\n'
        '      }\n      dim {\n        size: 2\n      }\n    }\n  }\n}\n')
    u = tf.placeholder(tf.int64, name="u")
    assert 'shape {\n      unknown_rank: true\n    }' in str(u.op)
    assert "type: DT_INT64" in str(u.op)
    assert repr(p.op) == "<tf.Operation 'bb' type=Placeholder>"


@pytest.mark.parametrize("value, kwargs, lines", [
    (1.5, {}, ["dtype: DT_FLOAT", "tensor_shape {", "}", "float_val: 1.5"]),
    (1.0, {}, ["float_val: 1"]),
    (0.1, {}, ["float_val: 0.1"]),
    (1e20, {}, ["float_val: 1e+20"]),
    (np.float64(0.1), {}, ["dtype: DT_DOUBLE", "double_val: 0.1"]),
    (-3, {}, ["dtype: DT_INT32", "int_val: -3"]),
    (2 ** 40, {}, ["dtype: DT_INT64", "int64_val: 1099511627776"]),
    (True, {}, ["dtype: DT_BOOL", "bool_val: true"]),
    (1.5, {"dtype": tf.float16}, ["dtype: DT_HALF", "half_val: 15872"]),
    ("a", {}, ["dtype: DT_STRING", 'string_val: "a"']),
    (["a", 'q"'], {}, ['string_val: "a"', 'string_val: "q\\""']),
    ([[1, 2, 3]], {}, ["size: 1", "size: 3",
                       'tensor_content: "\\001\\000\\000\\000\\002\\000\\000\\000\\003\\000\\000\\000"']),
    ([1.5, 2.5], {}, ['tensor_content: "\\000\\000\\300?\\000\\000 @"']),
])
def test_const_node_def_text(value, kwargs, lines):
    text = str(tf.constant(value, name="k", **kwargs).op)
    assert text.startswith('name: "k"\nop: "Const"\nattr {\n  key: "dtype"\n')
    body = [line.strip() for line in text.splitlines()]
    for line in lines:
        assert line in body, (line, text)


def test_eval_and_run_without_default_session():
    c = tf.constant(1.0)
    with pytest.raises(ValueError, match=r"^Cannot evaluate tensor using `eval\(\)`: No default "
                                         r"session is registered\. Use `with "
                                         r"sess\.as_default\(\)` or pass an explicit session to "
                                         r"`eval\(session=sess\)`$"):
        c.eval()
    with pytest.raises(ValueError, match=r"^Cannot execute operation using `run\(\)`: No default "
                                         r"session is registered\. Use `with "
                                         r"sess\.as_default\(\):` or pass an explicit session to "
                                         r"`run\(session=sess\)`$"):
        c.op.run()


def test_eval_and_run_with_sessions():
    p = tf.placeholder(tf.float32, [], name="p")
    c = tf.identity(p)
    with tf.Session() as sess:
        assert c.eval({p: 2.0}) == np.float32(2.0) and c.op.run({p: 1.0}) is None
    other = tf.Session()
    assert c.eval(feed_dict={p: 3.0}, session=other) == 3.0
    c.op.run(feed_dict={p: 3.0}, session=other)
    foreign = tf.Session(graph=tf.Graph())
    with pytest.raises(ValueError, match=r"^Cannot use the given session to evaluate tensor: the "
                                         r"tensor's graph is different from the session's "
                                         r"graph\.$"):
        c.eval(session=foreign)
    with pytest.raises(ValueError, match=r"^Cannot use the given session to execute operation: the "
                                         r"operation's graph is different from the session's "
                                         r"graph\.$"):
        c.op.run(session=foreign)
    with foreign.as_default():
        with pytest.raises(ValueError, match=r"^Cannot use the default session to evaluate "
                                             r"tensor: .* Pass an explicit session to "
                                             r"`eval\(session=sess\)`\.$"):
            c.eval()
        with pytest.raises(ValueError, match=r"^Cannot use the default session to execute "
                                             r"operation: .* Pass an explicit session to "
                                             r"run\(session=sess\)\.$"):
            c.op.run()
    assert sess.graph is tf.get_default_graph()


def test_create_op_checks_inputs():
    g = tf.get_default_graph()
    with pytest.raises(TypeError, match=r"^Input #0 of op 'Identity' must be a Tensor, got 3$"):
        g.create_op("Identity", [3], {})
    other = tf.Graph()
    with other.as_default():
        t = tf.constant(1.0)
    with pytest.raises(ValueError, match="must be from the same graph"):
        g.create_op("Identity", [t], {})
    with pytest.raises(LookupError, match=r"^No op named 'NoSuchOp' is registered in minitf$"):
        g.create_op("NoSuchOp", [], {})


def test_shape_rule_errors_get_tf_suffix():
    x = tf.placeholder(tf.float32, [2, None, 4])
    with pytest.raises(ValueError, match=r"^Shape must be rank 2 but is rank 3 for 'bad' "
                                         r"\(op: 'TestGraphNeedsRank2'\) with input shapes: "
                                         r"\[2,\?,4\], \?\.$"):
        tf.get_default_graph().create_op("TestGraphNeedsRank2", [x, tf.placeholder(tf.float32)],
                                         {}, name="bad")
    assert "bad" not in [op.name for op in tf.get_default_graph().get_operations()]




def test_colocate_with_places_ops_and_sets_class():
    g = tf.get_default_graph()
    a = tf.constant(1.0, name="a")
    with tf.device("/cpu:0"):
        b = tf.constant(2.0, name="b")
    with tf.device("/gpu:0"):
        with g.colocate_with(b):
            c = tf.identity(a, name="c")
            with g.colocate_with(a.op):
                d = tf.identity(a, name="d")
            with g.colocate_with(None, ignore_existing=True):
                e = tf.identity(a, name="e")  # device scopes are set aside inside colocate_with
        f = tf.identity(a, name="f")
    assert (c.device, c.op.get_attr("_class")) == ("/device:CPU:0", [b"loc:@b"])
    assert d.op.colocation_groups() == [b"loc:@a", b"loc:@b"] and d.device == "/device:CPU:0"
    assert (e.device, e.op.colocation_groups()) == ("", [b"loc:@e"])
    assert f.device == "/device:GPU:0" and f.op.colocation_groups() == [b"loc:@f"]
    with pytest.raises(ValueError, match=r"^Operation 'f' has no attr named '_class'\.$"):
        f.op.get_attr("_class")
    assert 'key: "_class"' in str(c.op) and 's: "loc:@b"' in str(c.op)


def test_colocate_with_errors():
    g = tf.get_default_graph()
    with pytest.raises(ValueError, match=r"^Trying to reset colocation \(op is None\) but "
                                         r"ignore_existing is not True$"):
        with g.colocate_with(None):
            pass
    with pytest.raises(TypeError, match=r"^Failed to convert object of type <class 'object'>"):
        with g.colocate_with(object()):
            pass
    v = tf.Variable(1.0, name="v")
    with g.colocate_with(v):
        assert tf.constant(1.0).op.colocation_groups() == [b"loc:@v"]
    with g.colocate_with(3):  # as TF: the value becomes a Const, which the op is placed with
        assert tf.constant(1.0).op.colocation_groups() == [b"loc:@Const_1"]


def test_module_colocate_with_uses_the_default_graph():
    with tf.device("/cpu:0"):
        a = tf.constant(1.0, name="a")
    with graph_mod.colocate_with(a):
        b = tf.identity(a, name="b")
    assert b.device == "/device:CPU:0" and b.op.get_attr("_class") == [b"loc:@a"]
