"""tf.no_op, tf.group and tf.tuple: TF1 names, control inputs, device grouping, errors."""
import numpy as np
import pytest

import minitf as tf
from minitf.framework import registry
from tests.harness import run, session


def test_no_op():
    op = tf.no_op()
    assert repr(op) == "<tf.Operation 'NoOp' type=NoOp>" and op.outputs == []
    assert tf.no_op(name="nothing").name == "nothing"
    assert run(op) is None
    assert registry.lookup("NoOp").grad is registry.NOT_DIFFERENTIABLE


def test_group_names_and_control_inputs():
    a, b = tf.constant(1), tf.constant(2)
    g1 = tf.group(a, b)
    assert repr(g1) == "<tf.Operation 'group_deps' type=NoOp>"
    assert [op.name for op in g1.control_inputs] == ["Const", "Const_1"]
    assert tf.group().name == "group_deps_1" and tf.group().control_inputs == []
    nested = tf.group([a, [b.op]])
    assert nested.name == "group_deps_3" and nested.control_inputs == [a.op, b.op]
    assert tf.group(a, name="gg").name == "gg"


def test_group_by_device():
    a = tf.constant(1)
    with tf.device("/cpu:0"):
        c = tf.constant(3)
    with tf.device("/gpu:0"):
        d = tf.constant(4)
    g = tf.group(d, a, c)
    assert g.name == "group_deps" and g.device == ""
    per_device = g.control_inputs
    assert [(op.name, op.device, [c.name for c in op.control_inputs]) for op in per_device] == [
        ("group_deps/NoOp", "", ["Const"]),
        ("group_deps/NoOp_1", "/device:CPU:0", ["Const_1"]),
        ("group_deps/NoOp_2", "/device:GPU:0", ["Const_2"])]
    with tf.device("/cpu:0"):
        same = tf.group(c, tf.constant(5))
    assert same.device == "/device:CPU:0" and len(same.control_inputs) == 2


def test_group_runs_its_inputs(capsys):
    x = tf.placeholder(tf.float32, [2])
    g = tf.group(tf.Print(x, [x], "first"), tf.Print(x, [x], "second"))
    with session() as sess:
        assert sess.run(g, {x: [1.0, 2.0]}) is None
    err = capsys.readouterr().err
    assert "first[1 2]" in err and "second[1 2]" in err


def test_group_errors():
    with pytest.raises(ValueError, match="^Unknown keyword arguments: foo$"):
        tf.group(tf.constant(1), foo=1)
    with pytest.raises(TypeError, match=r"^Expected tf.group\(\) expected Tensor arguments not "
                                        r"'3' with type '<class 'int'>'$"):
        tf.group(tf.constant(1), 3)


def test_tuple():
    a, b = tf.constant(1), tf.constant([2.0, 3.0])
    out = tf.tuple([a, b, None])
    assert [t.name for t in out[:2]] == ["tuple/control_dependency:0",
                                         "tuple/control_dependency_1:0"]
    assert out[2] is None
    gate = tf.get_default_graph().get_operation_by_name("tuple/group_deps")
    assert gate.control_inputs == [a.op, b.op]
    for t, src in zip(out[:2], (a, b)):
        assert t.op.type == "Identity" and t.op.inputs == (src,)
        assert t.op.control_inputs == [gate] and t.shape == src.shape and t.dtype == src.dtype
    va, vb = run(out[:2])
    assert va == 1 and np.array_equal(vb, [2.0, 3.0])


def test_tuple_with_operations_and_control_inputs():
    a, b = tf.constant(1), tf.constant(2)
    extra = tf.no_op(name="extra")
    t, op = tf.tuple([a, b.op], name="tp", control_inputs=[extra])
    assert t.name == "tp/control_dependency:0" and op.name == "tp/group_deps_1"
    gate = tf.get_default_graph().get_operation_by_name("tp/group_deps")
    assert gate.control_inputs == [a.op, b.op, extra]
    assert op.control_inputs == [gate, b.op]
    assert tf.tuple([[1.0, 2.0]])[0].op.inputs[0].name == "tuple/Const:0"


def test_tuple_errors():
    with pytest.raises(ValueError, match=r"^Must have at least one Tensor: \[None\]$"):
        tf.tuple([None])
    with pytest.raises(TypeError, match="^Control input must be Operation or Tensor: 3$"):
        tf.tuple([tf.constant(1)], control_inputs=[3])


def test_tuple_keeps_indexed_slices_sparse():
    values = tf.constant([[1.0, 2.0]])
    s = tf.IndexedSlices(values, tf.constant([1]), tf.constant([3, 2]))
    gated, other = tf.tuple([s, tf.constant(1.0)])
    assert isinstance(gated, tf.IndexedSlices)
    assert gated.values.name == "tuple/control_dependency:0" and gated.indices is s.indices
    value = run(gated)
    assert value.values.tolist() == [[1.0, 2.0]] and value.indices.tolist() == [1]
