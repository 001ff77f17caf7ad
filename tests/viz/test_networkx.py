"""minitf.viz.to_networkx and the model all pictures draw from."""
import pytest

import minitf as tf
from minitf.viz import to_networkx
from minitf.viz.model import attr_text, describe

nx = pytest.importorskip("networkx")


def test_nodes_carry_type_shapes_dtypes_device_scope(rnn_graph):
    g = to_networkx(rnn_graph)
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_nodes() == len(rnn_graph.get_operations())
    node = g.nodes["rnn/transpose"]
    assert (node["type"], node["scope"], node["device"], node["loop"]) == \
        ("Transpose", "rnn", "", "")
    assert node["dtypes"] == ["float32"] and node["shapes"] == [[4, 2, 3]]
    cell = g.nodes["rnn/while/basic_lstm_cell/MatMul"]
    assert cell["loop"] == "rnn/while" and cell["attrs"]["transpose_a"] == "false"
    assert g.graph["constructs"] == {"rnn/while": "while"}


def test_edges_data_control_and_loop_back_edges(rnn_graph):
    g = to_networkx(rnn_graph)
    data = g.get_edge_data("inputs", "rnn/transpose")[0]
    assert (data["output"], data["input"], data["shape"], data["control"]) == \
        (0, 0, [2, 4, 3], False)
    back = [d for d in g.get_edge_data("rnn/while/NextIteration", "rnn/while/Merge").values()]
    assert back == [{"output": 0, "input": 1, "dtype": "int32", "shape": [], "control": False,
                     "back": True}]
    control = g.get_edge_data("rnn/while/Identity", "rnn/while/add/y")[0]
    assert control["control"] and control["output"] == -1


def test_same_tensor_read_twice_gives_two_edges():
    x = tf.placeholder(tf.float32, [3], name="x")
    with tf.device("/cpu:0"):
        tf.multiply(x, x, name="sq")
    g = to_networkx(tf.get_default_graph())
    assert sorted(d["input"] for d in g.get_edge_data("x", "sq").values()) == [0, 1]
    assert g.nodes["sq"]["device"] == "/device:CPU:0"


def test_groups_and_attr_text():
    tf.concat([tf.zeros([2]), tf.ones([2])], 0, name="cat")
    model = describe(tf.get_default_graph())
    groups = {op.name: op.group for op in model.ops}
    assert groups["cat"] == "cat" and groups["cat/axis"] == "cat"  # kept with its own scope
    assert groups["zeros"] == ""
    assert attr_text(tf.float32) == "float32"
    assert attr_text(tf.TensorShape([None, 3])) == "[?,3]"
    assert attr_text([b"loc:@v", True]) == "[loc:@v, true]"
    import numpy as np
    assert attr_text(np.arange(3)) == "[0, 1, 2]"
    assert attr_text(np.zeros((4, 5), np.float32)) == "float32 tensor [4,5]"
    assert attr_text(np.array(b"hi", dtype=object)) == "'hi'"
