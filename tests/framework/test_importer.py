"""tf.import_graph_def: nodes rebuilt through the registry with TF's names, input_map,
return_elements, devices and errors; attr values of every kind read back; while loops and conds
rebuilt as minitf's constructs, from minitf's exports and from GraphDefs real TensorFlow wrote
(tests/golden/tf_meta/, made by tools/make_tf_meta_graphs.py). Names and error texts are also
checked against TensorFlow by the golden family `importer`."""
import json
from pathlib import Path

import numpy as np
import pytest

import minitf as tf

pytest.importorskip("tensorboard", reason="GraphDef import needs the tensorboard extra")
from google.protobuf import text_format  # noqa: E402

TF_META = Path(__file__).resolve().parent.parent / "golden" / "tf_meta"
EXPECTED = json.loads((TF_META / "expected.json").read_text())


def _small():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        w = tf.constant([[1.0], [2.0], [3.0]], name="w")
        tf.identity(tf.matmul(x, w, name="y") + 1.0, name="z")
    return g.as_graph_def()


def _load(name):
    gd = tf.GraphDef()
    gd.ParseFromString((TF_META / name).read_bytes())
    return gd


def _run(fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


X = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]], np.float32)


# ---- names, input_map, return_elements

def test_names_prefix_scope_and_uniquified_bare_names():
    gd = _small()
    z, y, x = tf.import_graph_def(gd, return_elements=["z:0", "y", "x"])
    assert (z.name, y.name, x.name) == ("import/z:0", "import/y", "import/x")
    assert tf.import_graph_def(gd, return_elements=["z:0"])[0].name == "import_1/z:0"
    assert tf.import_graph_def(gd, name="", return_elements=["z:0"])[0].name == "z:0"
    assert tf.import_graph_def(gd, name="", return_elements=["z:0"])[0].name == "z_1:0"
    with tf.name_scope("outer"):
        assert tf.import_graph_def(gd, name="net", return_elements=["y"])[0].name == \
            "outer/net/y"
    assert tf.identity(z, name="z").name == "z_2:0"  # imported names are in use
    assert tf.identity(z, name="import").name == "import_2:0"
    assert np.allclose(_run(z, {x.outputs[0]: X}), X @ [[1.0], [2.0], [3.0]] + 1)
    assert tf.import_graph_def(gd) is None


def test_input_map_tensors_values_and_controls():
    gd = _small()
    value = tf.constant(X, name="value")
    z, x = tf.import_graph_def(gd, input_map={"x:0": value}, return_elements=["z:0", "x:0"])
    assert x is value
    assert z.op.inputs[0].op.inputs[0].op.inputs[0] is value
    assert np.allclose(_run(z), X @ [[1.0], [2.0], [3.0]] + 1)
    z2, = tf.import_graph_def(gd, input_map={"x": [[1.0, 1.0, 1.0]]}, return_elements=["z:0"])
    assert z2.op.inputs[0].op.inputs[0].op.inputs[0].name == "import_1/_inputs/Const:0"
    assert _run(z2).tolist() == [[7.0]]
    with_control = tf.GraphDef()
    with_control.CopyFrom(gd)
    with_control.node[-1].input.append("^w")
    z3, = tf.import_graph_def(with_control, input_map={"^w": value, "x:0": value},
                              return_elements=["z"])
    assert z3.control_inputs == [value.op]


def test_input_map_errors():
    gd = _small()
    with pytest.raises(ValueError, match=r"Attempted to map inputs that were not found in "
                                         r"graph_def: \[nope:0, \^gone\]"):
        tf.import_graph_def(gd, input_map={"nope": tf.constant(1.0), "^gone": tf.constant(1.0),
                                           "x:0": tf.constant(X)})
    with pytest.raises(ValueError, match=r"Input 0 of node import_1/y was passed int32 from "
                                         r"Const_3:0 incompatible with expected float\."):
        tf.import_graph_def(gd, input_map={"x:0": tf.constant([[1, 2, 3]])})
    with pytest.raises(ValueError, match="requires a non-empty `name` if `input_map` contains "
                                         "non-Tensor values"):
        tf.import_graph_def(gd, input_map={"x:0": X}, name="")
    with pytest.raises(TypeError, match="input_map must be a dictionary mapping strings to "
                                        "Tensor objects."):
        tf.import_graph_def(gd, input_map={1: tf.constant(1.0)})
    with pytest.raises(ValueError, match="Cannot convert 'x:a' to a tensor name."):
        tf.import_graph_def(gd, input_map={"x:a": tf.constant(1.0)})


def test_argument_and_return_element_errors():
    gd = _small()
    with pytest.raises(TypeError, match="graph_def must be a GraphDef proto."):
        tf.import_graph_def(3)
    with pytest.raises(TypeError, match="return_elements must be a list of strings."):
        tf.import_graph_def(gd, return_elements=[1])
    with pytest.raises(ValueError, match="Requested return tensor 'nope:0' not found in graph "
                                         "def"):
        tf.import_graph_def(gd, return_elements=["nope:0"])
    with pytest.raises(ValueError, match="Requested return node 'nope' not found in graph def"):
        tf.import_graph_def(gd, return_elements=["nope"])
    with pytest.raises(ValueError, match=r"Invalid return output 3 of node 'y', which has 1 "
                                         r"output\(s\)"):
        tf.import_graph_def(gd, return_elements=["y:3"])


def _broken(edit):
    gd = _small()
    edit(gd)
    return gd


@pytest.mark.parametrize("edit, error, message", [
    (lambda gd: setattr(gd.node[1], "op", "FooBar"), tf.errors.NotFoundError,
     "Op type not registered 'FooBar' in binary running on"),
    (lambda gd: gd.node[2].input.__setitem__(0, "nope"), ValueError,
     "Node 'y': Unknown input node 'nope'"),
    (lambda gd: gd.node[5].input.append("^gone"), ValueError,
     r"Node 'z': Unknown input node '\^gone'"),
    (lambda gd: gd.node[2].input.__setitem__(0, "x:4"), ValueError,
     "Node 'y': Connecting to invalid output 4 of source node x which has 1 outputs."),
    (lambda gd: gd.node.add().CopyFrom(gd.node[0]), ValueError, "Node 'x' is not unique"),
    (lambda gd: gd.node[1].input.append("^z"), ValueError, "4 nodes in a cycle"),
    (lambda gd: gd.node[0].attr["shape"].shape.dim[1].__setattr__("size", 2), ValueError,
     (r"Dimensions must be equal, but are 2 and 3 for 'import/y' \(op: 'MatMul'\) with "
      r"input shapes: \[\?,2\], \[3,1\]\.")),
])
def test_malformed_graph_defs_raise_tf_errors_and_leave_the_graph(edit, error, message):
    g = tf.get_default_graph()
    tf.constant(1.0, name="before")
    with pytest.raises(error, match=message):
        tf.import_graph_def(_broken(edit))
    assert [op.name for op in g.get_operations()] == ["before"]
    assert tf.identity(1.0, name="y").name == "y:0"  # no name of the failed import is taken


def test_nodes_are_built_in_dependency_order_whatever_the_listing():
    gd = _small()
    backwards = tf.GraphDef()
    backwards.node.extend(reversed(gd.node))
    z, = tf.import_graph_def(backwards, name="", return_elements=["z:0"])
    seen = set()
    for op in tf.get_default_graph().get_operations():
        assert all(t.op in seen for t in op.inputs)
        seen.add(op)
    assert _run(z, {"x:0": X}).shape == (2, 1)


def test_control_dependencies_devices_and_colocation():
    g = tf.Graph()
    with g.as_default():
        with tf.device("/cpu:0"):
            tf.Variable(tf.zeros([2]), name="v")
        tf.constant(1.0, name="c")
    gd = g.as_graph_def()
    first = tf.constant(0.0, name="first")
    with tf.control_dependencies([first]), tf.device("/job:w/device:GPU:1"):
        c2, assign, v2 = tf.import_graph_def(gd, return_elements=["c", "v/Assign", "v"])
    assert c2.control_inputs == [first.op]
    assert c2.device == "/job:w/device:GPU:1"
    assert v2.device == "/job:w/device:CPU:0"
    assert assign.device == v2.device  # colocated with v (its `_class`)
    assert assign.colocation_groups() == [b"loc:@import/v"]


def test_attr_values_of_every_kind_round_trip():
    g = tf.Graph()
    values = {"f16": np.array([1.5, -2], np.float16), "f64": np.arange(6.0).reshape(2, 3),
              "c64": np.array([1 + 2j, 3 - 1j], np.complex64), "b": np.array([True, False]),
              "s": np.array([b"a", b"\xffz"], dtype=object), "i64": np.array([2 ** 40], np.int64),
              "u8": np.array([[1, 255]], np.uint8), "one": np.float32(4.0)}
    with g.as_default():
        for name, value in values.items():
            tf.constant(value, name=name)
        tf.constant(7.0, shape=[2, 3], name="filled")
        tf.placeholder(tf.int32, None, name="p")
        tf.strided_slice(tf.constant([1, 2, 3]), [0], [2], name="sl")
    imported = tf.import_graph_def(g.as_graph_def(), name="",
                                   return_elements=[k + ":0" for k in values] + ["filled:0",
                                                                                 "p", "sl"])
    got = _run(imported[:len(values) + 1])
    for (name, value), result in zip(values.items(), got):
        assert np.asarray(value).dtype == result.dtype and np.array_equal(value, result), name
    assert got[-1].tolist() == [[7.0] * 3] * 2
    assert imported[-2].get_attr("shape").ndims is None
    assert imported[-1].get_attr("begin_mask") == 0


def test_stripped_default_attrs_are_filled_in():
    g = tf.Graph()
    with g.as_default():
        tf.matmul(tf.constant([[1.0, 2.0]]), tf.constant([[3.0], [4.0]]), name="mm")
    gd = g.as_graph_def()
    mm = next(n for n in gd.node if n.name == "mm")
    del mm.attr["transpose_a"], mm.attr["transpose_b"]
    out, = tf.import_graph_def(gd, return_elements=["mm:0"])
    assert out.op.get_attr("transpose_a") is False
    assert _run(out).tolist() == [[11.0]]


# ---- while loops and conds

def _loop_and_cond():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    flag = tf.placeholder(tf.bool, [], name="flag")
    _, total = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * 2.0 + tf.reduce_sum(x)),
                             [tf.constant(0), tf.constant(1.0)])
    picked = tf.cond(flag, lambda: x * 3.0, lambda: tf.constant([[7.0, 8.0, 9.0]]))
    return tf.identity(total, name="total"), tf.identity(picked, name="picked")


def test_minitf_loop_and_cond_run_after_import():
    g = tf.Graph()
    with g.as_default():
        _loop_and_cond()
    total, picked, x, flag = tf.import_graph_def(
        g.as_graph_def(), return_elements=["total:0", "picked:0", "x:0", "flag:0"])
    value = X[:1]
    for f, want in ((True, value * 3), (False, [[7.0, 8.0, 9.0]])):
        t, p = _run([total, picked], {x: value, flag: f})
        assert t == 8.0 * 1 + 7 * value.sum() and np.allclose(p, want)
    merge = tf.get_default_graph().get_tensor_by_name("import/while/Merge_1:0")
    assert merge.shape.ndims is None  # TF's shape for a loop's Merge after import
    assert tf.get_default_graph().get_tensor_by_name("import/cond/Merge:0").shape.as_list() == \
        [None, 3]
    with pytest.raises(ValueError, match="has been marked as not fetchable"):
        _run("import/while/Identity_1:0", {x: value})


def test_tf_loop_and_cond_give_tfs_values():
    want = EXPECTED["loop_cond"]
    total, picked, x, flag = tf.import_graph_def(
        _load("loop_cond.pb"), return_elements=["total:0", "picked:0", "x:0", "flag:0"])
    for f in (True, False):
        t, p = _run([total, picked], {x: np.array(want["x"], np.float32), flag: f})
        assert [float(t), p.tolist()] == want["results"][str(f)]


def test_nested_loops_conds_in_loops_and_loops_in_conds():
    g = tf.Graph()
    with g.as_default():
        n = tf.placeholder(tf.int32, [], name="n")

        def outer(i, acc):
            inner = tf.while_loop(lambda j, s: j < i, lambda j, s: (j + 1, s + j), [0, 0])[1]
            odd = tf.cond(tf.equal(i % 2, 1), lambda: inner * 10, lambda: inner)
            return i + 1, acc + odd
        tf.identity(tf.while_loop(lambda i, a: i < n, outer, [0, 0])[1], name="out")
        tf.identity(tf.cond(n > 2, lambda: tf.while_loop(lambda k: k < n, lambda k: k * 2, [1]),
                            lambda: tf.constant(-1)), name="branch_loop")
        with tf.Session() as sess:
            want = [sess.run(["out:0", "branch_loop:0"], {n: v}) for v in (1, 5)]
    out, branch_loop, n = tf.import_graph_def(g.as_graph_def(),
                                              return_elements=["out:0", "branch_loop:0", "n:0"])
    assert [_run([out, branch_loop], {n: v}) for v in (1, 5)] == want
    # TF's op counter (the op seed of unseeded random ops) counts the imported ops only
    default = tf.get_default_graph()
    assert default._last_id == len(default.get_operations())


def test_tf_frozen_lstm_gives_tfs_outputs_and_its_gradients_run():
    out, x = tf.import_graph_def(_load("lstm_frozen.pb"), name="",
                                 return_elements=["outputs:0", "x:0"])
    xs = np.array(EXPECTED["inputs"]["lstm_x"], np.float32)
    assert np.allclose(_run(out, {x: xs}), EXPECTED["lstm"]["outputs"], atol=1e-6)
    grad, = tf.gradients(tf.reduce_sum(out), x)
    eps, probe = 1e-3, np.zeros_like(xs)
    probe[1, 2, 0] = eps
    with tf.Session() as sess:
        g = sess.run(grad, {x: xs})
        numeric = (sess.run(out, {x: xs + probe}).sum() -
                   sess.run(out, {x: xs - probe}).sum()) / (2 * eps)
    assert g[1, 2, 0] == pytest.approx(numeric, rel=1e-2)


def test_tf_frozen_mlp_gives_tfs_outputs():
    logits, pred, x = tf.import_graph_def(_load("mlp_frozen.pb"),
                                          return_elements=["out/logits:0", "pred:0", "x:0"])
    got = _run([logits, pred], {x: np.array(EXPECTED["inputs"]["mlp_x"], np.float32)})
    assert np.allclose(got[0], EXPECTED["mlp"]["logits"], atol=1e-6)
    assert got[1].tolist() == EXPECTED["mlp"]["pred"]


def test_a_loop_whose_exits_were_pruned_still_runs():
    g = tf.Graph()
    with g.as_default():
        _, total = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a + 2.0),
                                 [tf.constant(0), tf.constant(1.0)])
        tf.identity(total, name="total")
    pruned = tf.graph_util.extract_sub_graph(g.as_graph_def(), ["total"])
    assert "while/Exit" not in {n.name for n in pruned.node}
    total, = tf.import_graph_def(pruned, return_elements=["total:0"])
    assert _run(total) == 7.0
    assert tf.get_default_graph().get_operation_by_name("import/while/Exit").type == "Exit"


def test_malformed_control_flow_is_a_value_error():
    gd = text_format.Parse("""
        node { name: "a" op: "Const" attr { key: "dtype" value { type: DT_FLOAT } }
               attr { key: "value" value { tensor { dtype: DT_FLOAT tensor_shape {}
                                                    float_val: 1 } } } }
        node { name: "e" op: "Exit" input: "a" attr { key: "T" value { type: DT_FLOAT } } }
    """, tf.GraphDef())
    with pytest.raises(ValueError, match=r"Node 'e' \(Exit\) is not inside a while loop"):
        tf.import_graph_def(gd)


def test_tf_cond_gradient_is_a_second_cond_that_reads_the_first_ones_values():
    want = EXPECTED["cond_train"]
    x, loss, train, init = tf.import_graph_def(
        _load("cond_train.pb"), name="", return_elements=["x:0", "loss:0", "train", "init"])
    g = tf.get_default_graph()
    forward = g.get_operation_by_name("cond/Merge")._control_flow_context.unit
    backward = g.get_operation_by_name(
        "gradients/cond/Merge_grad/cond_grad")._control_flow_context.unit
    assert forward is not backward
    assert any(t.op.type == "BranchValue" for t in forward._outputs)
    value = np.array(want["x"], np.float32)
    with tf.Session() as sess:
        for flag in (True, False):
            sess.run(init)
            got = []
            for _ in range(3):
                sess.run(train, {x: value, "flag:0": flag})
                got.append(sess.run(loss, {x: value, "flag:0": flag}))
            assert np.allclose(got, want["losses"][str(flag)], rtol=1e-5)
