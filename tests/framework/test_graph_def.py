"""Graph.as_graph_def and tf.train.write_graph: TF1's GraphDef, read back with protobuf's own
text and binary readers (the ones TF1's `text_format.Merge`/`ParseFromString` use)."""
import sys

import numpy as np
import pytest

import minitf as tf

pytest.importorskip("tensorboard", reason="GraphDef export needs the tensorboard extra")
from google.protobuf import text_format  # noqa: E402
from tensorboard.compat.proto import graph_pb2, types_pb2  # noqa: E402


def _nodes(graph_def):
    return {n.name: n for n in graph_def.node}


def _rnn_graph():
    cell = tf.nn.rnn_cell.BasicLSTMCell(6)
    x = tf.placeholder(tf.float32, [2, 4, 3], name="x")
    outputs, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    return outputs


def test_nodes_have_tf_fields_and_attr_kinds():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    w = tf.constant(np.arange(6, dtype=np.float32).reshape(3, 2), name="w")
    with tf.device("/cpu:0"):
        y = tf.matmul(x, w, transpose_b=False)
    with tf.control_dependencies([w.op]):
        z = tf.identity(y, name="z")
    tf.concat([y, y], 1, name="cat")
    nodes = _nodes(tf.get_default_graph().as_graph_def())
    assert list(nodes) == ["x", "w", "MatMul", "z", "cat/axis", "cat"]
    assert nodes["x"].op == "Placeholder"
    assert nodes["x"].attr["dtype"].type == types_pb2.DT_FLOAT
    assert [d.size for d in nodes["x"].attr["shape"].shape.dim] == [-1, 3]
    tensor = nodes["w"].attr["value"].tensor
    assert tensor.dtype == types_pb2.DT_FLOAT
    assert [d.size for d in tensor.tensor_shape.dim] == [3, 2]
    assert np.frombuffer(tensor.tensor_content, np.float32).tolist() == [0, 1, 2, 3, 4, 5]
    assert list(nodes["MatMul"].input) == ["x", "w"]
    assert nodes["MatMul"].device == "/device:CPU:0"
    assert nodes["MatMul"].attr["transpose_b"].b is False
    assert list(nodes["z"].input) == ["MatMul", "^w"]
    assert nodes["cat"].attr["N"].i == 2
    assert list(nodes["cat"].input) == ["MatMul", "MatMul", "cat/axis"]
    assert z.op.name == "z"


def test_output_index_inputs_and_private_attrs():
    v = tf.Variable(tf.zeros([2, 3]), name="v")
    a, b = tf.split(v, [1, 2], axis=1, name="s")
    tf.identity(b, name="second")
    nodes = _nodes(tf.get_default_graph().as_graph_def())
    assert list(nodes["second"].input) == ["s:1"]
    assert list(nodes["v/Assign"].attr["_class"].list.s) == [b"loc:@v"]
    assert "_ref_shape" not in nodes["v/Assign"].attr  # minitf's own
    assert nodes["s"].attr["num_split"].i == 2
    assert a.shape.as_list() == [2, 1]


def test_while_loop_has_tf1_dataflow_structure():
    _rnn_graph()
    nodes = _nodes(tf.get_default_graph().as_graph_def())
    assert list(nodes["rnn/while/Merge"].input) == ["rnn/while/Enter", "rnn/while/NextIteration"]
    assert list(nodes["rnn/while/Merge_3"].input) == ["rnn/while/Enter_3",
                                                      "rnn/while/NextIteration_3"]
    # input-less ops of a loop body wait for the body's pivot, as in TF1's graphs
    assert list(nodes["rnn/while/add/y"].input) == ["^rnn/while/Identity"]
    assert nodes["rnn/while/Enter"].attr["frame_name"].s == b"rnn/while/while_context"
    assert {"rnn/transpose", "rnn/transpose_1", "rnn/while/basic_lstm_cell/MatMul"} <= set(nodes)


def test_cond_branch_constants_wait_for_their_pivot():
    p = tf.placeholder(tf.bool, [], name="p")
    tf.cond(p, lambda: tf.constant(1.0), lambda: tf.constant(2.0))
    nodes = _nodes(tf.get_default_graph().as_graph_def())
    assert list(nodes["cond/Const"].input) == ["^cond/switch_t"]
    assert list(nodes["cond/Const_1"].input) == ["^cond/switch_f"]


def test_add_shapes_from_version_and_versions():
    g = tf.get_default_graph()
    tf.placeholder(tf.float32, [None, 5], name="a")
    version = g.version
    tf.placeholder(tf.int32, None, name="b")
    graph_def = g.as_graph_def(from_version=version, add_shapes=True)
    assert [n.name for n in graph_def.node] == ["b"]
    assert graph_def.node[0].attr["_output_shapes"].list.shape[0].unknown_rank
    assert graph_def.versions.producer == 134
    shapes = g.as_graph_def(add_shapes=True).node[0].attr["_output_shapes"].list.shape
    assert [d.size for d in shapes[0].dim] == [-1, 5]


def test_write_graph_text_and_binary(tmp_path):
    _rnn_graph()
    g = tf.get_default_graph()
    text_path = tf.train.write_graph(g, str(tmp_path / "new"), "g.pbtxt")
    assert text_path == str(tmp_path / "new" / "g.pbtxt")
    parsed = text_format.Parse((tmp_path / "new" / "g.pbtxt").read_text(), graph_pb2.GraphDef())
    assert parsed == g.as_graph_def()
    bin_path = tf.train.write_graph(g.as_graph_def(), str(tmp_path), "g.pb", as_text=False)
    with open(bin_path, "rb") as f:
        assert graph_pb2.GraphDef.FromString(f.read()) == parsed


def test_write_graph_rejects_other_objects(tmp_path):
    with pytest.raises(TypeError, match="write_graph expects a tf.Graph or a GraphDef, got int"):
        tf.train.write_graph(3, str(tmp_path), "g.pbtxt")


def test_missing_tensorboard_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "tensorboard.compat.proto", None)
    with pytest.raises(ImportError, match=r'pip install "minitf\[tensorboard\]"'):
        tf.get_default_graph().as_graph_def()
