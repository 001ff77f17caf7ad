"""tf.graph_util: freezing variables into constants (and the frozen GraphDef imported back, in
minitf and as TensorFlow wrote one), extract_sub_graph, remove_training_nodes and
tensor_shape_from_node_def_name. The golden case importer/freeze_and_import checks a frozen
graph's nodes against TensorFlow's."""
import logging

import numpy as np
import pytest

import minitf as tf

pytest.importorskip("tensorboard", reason="GraphDefs need the tensorboard extra")


def _model():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    w = tf.Variable([[1.0, -1.0], [0.5, 2.0]], name="w")
    b = tf.Variable([0.25, 0.0], name="b")
    steps = tf.Variable(3, name="steps")
    y = tf.nn.relu(tf.matmul(x, w) + b, name="y")
    tf.assign_add(steps, 1, name="count")
    return x, y


def test_convert_variables_to_constants_freezes_what_the_outputs_need(caplog):
    x, y = _model()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(tf.assign(tf.global_variables()[0], [[2.0, 0.0], [0.0, 2.0]]))
        with caplog.at_level(logging.INFO, logger="tensorflow"):
            frozen = tf.graph_util.convert_variables_to_constants(
                sess, tf.get_default_graph().as_graph_def(), ["y"])
        want = sess.run(y, {x: [[1.0, 2.0]]})
    nodes = {n.name: n for n in frozen.node}
    order = [n.name for n in tf.get_default_graph().as_graph_def().node]
    assert [n.name for n in frozen.node] == [
        n for n in order if n in {"x", "w", "w/read", "MatMul", "b", "b/read", "add", "y"}]
    assert nodes["w"].op == "Const" and nodes["w"].attr["dtype"].type == tf.float32.as_datatype_enum
    assert "steps" not in nodes and "count" not in nodes
    assert "Converted 2 variables to const ops." in caplog.text
    tf.reset_default_graph()
    out, = tf.import_graph_def(frozen, name="", return_elements=["y:0"])
    with tf.Session() as sess:
        assert np.array_equal(sess.run(out, {"x:0": [[1.0, 2.0]]}), want)
    assert not tf.global_variables()


def test_whitelist_and_blacklist_keep_variables():
    _model()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        gd = tf.get_default_graph().as_graph_def()
        only_w = tf.graph_util.convert_variables_to_constants(
            sess, gd, ["y"], variable_names_whitelist=["w"])
        not_w = tf.graph_util.convert_variables_to_constants(
            sess, gd, ["y"], variable_names_blacklist=["w"])
    assert {n.name: n.op for n in only_w.node}["b"] == "VariableV2"
    assert {n.name: n.op for n in only_w.node}["w"] == "Const"
    assert {n.name: n.op for n in not_w.node}["w"] == "VariableV2"


def test_scalar_and_string_variables_freeze():
    n = tf.Variable(7, name="n")
    s = tf.Variable([b"a", b"bc"], name="s")
    tf.identity(n, name="n_out")
    tf.identity(s, name="s_out")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        frozen = tf.graph_util.convert_variables_to_constants(
            sess, tf.get_default_graph().as_graph_def(), ["n_out", "s_out"])
    tf.reset_default_graph()
    out = tf.import_graph_def(frozen, return_elements=["n_out:0", "s_out:0"])
    with tf.Session() as sess:
        got = sess.run(out)
    assert got[0] == 7 and got[1].tolist() == [b"a", b"bc"]


def test_extract_sub_graph_keeps_inputs_controls_and_colocations_in_order():
    _model()
    gd = tf.get_default_graph().as_graph_def()
    sub = tf.graph_util.extract_sub_graph(gd, ["count"])
    assert [n.name for n in sub.node] == [n.name for n in gd.node
                                          if n.name in ("steps", "count/value", "count")]
    with tf.colocate_with(tf.global_variables()[0]):
        tf.constant(1.0, name="beside_w")
    sub = tf.graph_util.extract_sub_graph(tf.get_default_graph().as_graph_def(), ["beside_w"])
    assert [n.name for n in sub.node] == ["w", "beside_w"]
    with tf.control_dependencies([tf.get_default_graph().get_operation_by_name("y")]):
        tf.no_op(name="after")
    sub = tf.graph_util.extract_sub_graph(tf.get_default_graph().as_graph_def(), ["after"])
    assert "y" in {n.name for n in sub.node}
    with pytest.raises(AssertionError, match="nope is not in graph"):
        tf.graph_util.extract_sub_graph(gd, ["nope"])
    with pytest.raises(TypeError, match="dest_nodes must be a list."):
        tf.graph_util.extract_sub_graph(gd, "y")
    with pytest.raises(TypeError, match="graph_def must be a graph_pb2.GraphDef proto."):
        tf.graph_util.extract_sub_graph(3, ["y"])


def test_remove_training_nodes_splices_identities_and_drops_checks():
    x = tf.placeholder(tf.float32, [2], name="x")
    a = tf.identity(x, name="a")
    checked = tf.check_numerics(a, "bad", name="check")
    b = tf.identity(checked * 2.0, name="b")
    with tf.control_dependencies([b]):
        tf.identity(x, name="guarded")
    tf.identity(a + 1.0, name="kept")
    out = tf.graph_util.remove_training_nodes(tf.get_default_graph().as_graph_def(),
                                              protected_nodes=["kept"])
    nodes = {n.name: list(n.input) for n in out.node}
    assert "check" not in nodes and "a" not in nodes
    assert nodes["mul"] == ["mul/y"]  # the CheckNumerics input is gone with it
    assert nodes["add"] == ["x", "add/y"]
    assert nodes["b"] == ["mul"] and nodes["guarded"] == ["x", "^b"] and "kept" in nodes


def test_tensor_shape_from_node_def_name_and_aliases():
    _model()
    g = tf.get_default_graph()
    assert tf.graph_util.tensor_shape_from_node_def_name(g, "y").as_list() == [None, 2]
    assert tf.graph_util.tensor_shape_from_node_def_name(g, "x:0").as_list() == [None, 2]
    assert tf.graph_util.import_graph_def is tf.import_graph_def
