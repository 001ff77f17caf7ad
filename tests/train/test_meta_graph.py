"""MetaGraphDefs: tf.train.export_meta_graph / import_meta_graph and the `.meta` file
Saver.save writes; round trips through minitf, and the MetaGraphs and checkpoints real
TensorFlow wrote (tests/golden/tf_meta/, made by tools/make_tf_meta_graphs.py) imported,
restored and trained on."""
import json
import logging
import os
from pathlib import Path

import numpy as np
import pytest

import minitf as tf

pytest.importorskip("tensorboard", reason="MetaGraphDefs need the tensorboard extra")
from tensorboard.compat.proto import meta_graph_pb2, variable_pb2  # noqa: E402

TF_META = Path(__file__).resolve().parent.parent / "golden" / "tf_meta"
EXPECTED = json.loads((TF_META / "expected.json").read_text())
INPUTS = {k: np.array(v, np.int32 if k == "mlp_y" else np.float32)
          for k, v in EXPECTED["inputs"].items()}


# ---- MetaGraphs and checkpoints real TensorFlow wrote

def test_tf_mlp_meta_graph_restores_runs_and_keeps_training():
    want = EXPECTED["mlp"]
    saver = tf.train.import_meta_graph(str(TF_META / "mlp" / "model-3.meta"))
    g = tf.get_default_graph()
    assert [v.name for v in tf.global_variables()] == want["global_variables"]
    assert [v.name for v in tf.trainable_variables()] == want["trainable_variables"]
    assert sorted(g.get_all_collection_keys()) == sorted(
        k for k in want["collections"] if k != "cond_context")
    assert tf.get_collection("notes") == [b"mlp"] and tf.get_collection("sizes") == [8]
    assert [t.name for t in tf.get_collection("summaries")] == ["loss_1:0"]
    assert tf.get_collection("train_op")[0].name == "train"
    x, y = g.get_tensor_by_name("x:0"), g.get_tensor_by_name("y:0")
    feed = {x: INPUTS["mlp_x"], y: INPUTS["mlp_y"]}
    with tf.Session() as sess:
        saver.restore(sess, str(TF_META / "mlp" / "model-3"))
        logits, pred, loss = sess.run([tf.get_collection("logits")[0],
                                       tf.get_collection("pred")[0], "loss:0"], feed)
        assert np.allclose(logits, want["logits"], atol=1e-5)
        assert pred.tolist() == want["pred"] and loss == pytest.approx(want["loss"], rel=1e-5)
        sess.run(tf.get_collection("train_op")[0], feed)
        assert sess.run("loss:0", feed) == pytest.approx(want["loss_after_one_more_step"],
                                                         rel=1e-5)
        assert sess.run(tf.train.get_global_step()) == 4


def test_tf_lstm_meta_graph_restores_and_trains_through_tfs_gradient_loop():
    want = EXPECTED["lstm"]
    saver = tf.train.import_meta_graph(str(TF_META / "lstm" / "model-2.meta"))
    assert [v.name for v in tf.global_variables()] == want["global_variables"]
    feed = {"x:0": INPUTS["lstm_x"]}
    with tf.Session() as sess:
        saver.restore(sess, str(TF_META / "lstm" / "model-2"))
        outputs, h, loss = sess.run([tf.get_collection("outputs")[0], want["state_h_name"],
                                     "loss:0"], feed)
        assert np.allclose(outputs, want["outputs"], atol=1e-5)
        assert np.allclose(h, want["state_h"], atol=1e-5)
        assert loss == pytest.approx(want["loss"], rel=1e-5)
        sess.run("train", feed)  # StackPushV2 in the forward loop, StackPopV2 in the backward
        assert sess.run("loss:0", feed) == pytest.approx(want["loss_after_one_more_step"],
                                                         rel=1e-4)


# ---- minitf's own MetaGraphs

def _lstm_model():
    tf.set_random_seed(3)
    x = tf.placeholder(tf.float32, [None, 4, 3], name="x")
    outputs, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(5), x, dtype=tf.float32)
    loss = tf.reduce_mean(tf.square(outputs - 0.5), name="loss")
    step = tf.train.get_or_create_global_step()
    train = tf.train.AdamOptimizer(0.05).minimize(loss, global_step=step)
    tf.add_to_collection("pred", outputs)
    return x, loss, train


def test_save_writes_meta_and_an_imported_training_graph_keeps_training(tmp_path):
    x, loss, train = _lstm_model()
    saver = tf.train.Saver()
    feed = {x: INPUTS["lstm_x"]}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train, feed)
        path = saver.save(sess, str(tmp_path / "model"), global_step=1)
        want_pred = sess.run(tf.get_collection("pred")[0], feed)
        sess.run(train, feed)
        want_loss = sess.run(loss, feed)
    assert (tmp_path / "model-1.meta").is_file()
    tf.reset_default_graph()
    saver = tf.train.import_meta_graph(path + ".meta")
    assert tf.get_collection("train_op")[0].name == "Adam"
    with tf.Session() as sess:
        saver.restore(sess, path)
        assert np.allclose(sess.run(tf.get_collection("pred")[0], {"x:0": INPUTS["lstm_x"]}),
                           want_pred, atol=1e-6)
        sess.run(tf.get_collection("train_op")[0], {"x:0": INPUTS["lstm_x"]})
        assert sess.run("loss:0", {"x:0": INPUTS["lstm_x"]}) == pytest.approx(want_loss,
                                                                                rel=1e-5)
        assert sess.run(tf.train.get_global_step()) == 2


def _mlp():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    with tf.device("/cpu:0"):
        w = tf.get_variable("w", initializer=tf.constant([[1.0, -1.0], [0.5, 2.0]]))
    b = tf.Variable([0.25, 0.0], name="b", trainable=False)
    y = tf.nn.relu(tf.matmul(x, w) + b, name="y")
    return x, w, b, y


def test_collections_are_written_in_tfs_kinds():
    y = _mlp()[3]
    tf.add_to_collection("outs", y)
    tf.add_to_collection("outs", y.op)
    tf.add_to_collection("names", "alpha")
    tf.add_to_collection("ints", 4)
    tf.add_to_collection("floats", 0.5)
    saver = tf.train.Saver(max_to_keep=2)
    tf.add_to_collection(tf.GraphKeys.SAVERS, saver)
    meta = tf.train.export_meta_graph(saver_def=saver.saver_def)
    col = meta.collection_def
    assert list(col["outs"].node_list.value) == ["y:0", "y"]
    assert list(col["names"].bytes_list.value) == [b"alpha"]
    assert list(col["ints"].int64_list.value) == [4]
    assert list(col["floats"].float_list.value) == [0.5]
    var = variable_pb2.VariableDef.FromString(col["variables"].bytes_list.value[0])
    assert (var.variable_name, var.initializer_name, var.snapshot_name,
            var.initial_value_name, var.trainable) == ("w:0", "w/Assign", "w/read:0",
                                                       "Const:0", True)
    assert len(col["trainable_variables"].bytes_list.value) == 1
    assert meta.saver_def.restore_op_name == "save/restore_all"
    assert meta.saver_def.max_to_keep == 2
    assert meta.meta_info_def.tensorflow_version == tf.__version__
    shapes = next(n for n in meta.graph_def.node if n.name == "y").attr["_output_shapes"]
    assert [d.size for d in shapes.list.shape[0].dim] == [-1, 2]
    tf.reset_default_graph()
    restored = tf.train.import_meta_graph(meta)
    assert [o.name for o in tf.get_collection("outs")] == ["y:0", "y"]
    assert tf.get_collection("names") == [b"alpha"]
    assert tf.get_collection("ints") == [4] and tf.get_collection("floats") == [0.5]
    assert [v.name for v in tf.trainable_variables()] == ["w:0"]
    assert tf.global_variables()[0] is tf.trainable_variables()[0]  # one Variable per def
    assert tf.get_collection(tf.GraphKeys.SAVERS)[0].saver_def.max_to_keep == 2
    assert restored.saver_def.restore_op_name == "save/restore_all"


def test_import_scope_prefixes_names_and_the_savers_ops(tmp_path):
    x, _, _, y = _mlp()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, str(tmp_path / "m"))
        want = sess.run(y, {x: [[1.0, 1.0]]})
    tf.reset_default_graph()
    tf.constant(0.0, name="other")
    restored = tf.train.import_meta_graph(path + ".meta", import_scope="net",
                                          clear_devices=True)
    g = tf.get_default_graph()
    assert restored.saver_def.restore_op_name == "net/save/restore_all"
    assert [v.name for v in tf.global_variables()] == ["net/w:0", "net/b:0"]
    assert g.get_operation_by_name("net/w").device == ""
    with tf.Session() as sess:
        restored.restore(sess, path)
        assert np.allclose(sess.run("net/y:0", {"net/x:0": [[1.0, 1.0]]}), want)


def test_export_scope_clear_devices_strip_defaults_and_text(tmp_path):
    with tf.variable_scope("tower"):
        w = _mlp()[1]
    outside = tf.constant([[2.0, 2.0]], name="feed")
    tf.matmul(outside, w, name="tower/from_outside")
    path = str(tmp_path / "sub" / "tower.pbtxt")
    meta = tf.train.export_meta_graph(path, export_scope="tower", clear_devices=True,
                                      strip_default_attrs=True, as_text=True)
    names = {n.name for n in meta.graph_def.node}
    assert "x" in names and "feed" not in names and "tower/x" not in names
    mm = next(n for n in meta.graph_def.node if n.name == "from_outside")
    assert list(mm.input) == ["$unbound_inputs_feed", "w/read"]
    assert "transpose_a" not in mm.attr and meta.meta_info_def.stripped_default_attrs
    assert all(n.device == "" for n in meta.graph_def.node)
    assert tf.get_collection("unbound_inputs") == ["$unbound_inputs_feed"]
    assert os.path.isfile(path)
    tf.reset_default_graph()
    with pytest.raises(ValueError, match=r"Graph contains unbound inputs: \$unbound_inputs_feed"
                                         r"\. Must provide these inputs through input_map\."):
        tf.train.import_meta_graph(path)
    tf.reset_default_graph()
    feed = tf.constant([[1.0, 3.0]])
    tf.train.import_meta_graph(path, import_scope="copy",
                               input_map={"$unbound_inputs_feed": feed})
    g = tf.get_default_graph()
    assert g.get_operation_by_name("copy/from_outside").get_attr("transpose_a") is False
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run("copy/from_outside:0").tolist() == [[2.5, 5.0]]


def test_clear_extraneous_savers_and_collection_list():
    _mlp()
    kept = tf.train.Saver(name="kept")
    tf.train.Saver(name="other")
    tf.add_to_collection("ints", 1)
    meta = kept.export_meta_graph(clear_extraneous_savers=True, collection_list=["ints"])
    names = [n.name for n in meta.graph_def.node]
    assert "kept/SaveV2" in names and not any(n.startswith("other/") for n in names)
    assert list(meta.collection_def) == ["ints"]


def test_saver_save_without_meta_and_with_an_empty_saver(tmp_path):
    tf.placeholder(tf.float32, name="x")
    with tf.Session() as sess:
        assert tf.train.Saver(allow_empty=True).save(sess, str(tmp_path / "empty")) is None
        assert os.listdir(tmp_path) == ["empty.meta"]
    tf.Variable(1.0, name="v")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        tf.train.Saver().save(sess, str(tmp_path / "plain"), write_meta_graph=False)
    assert not (tmp_path / "plain.meta").exists() and (tmp_path / "plain.index").exists()


def test_import_without_a_saver_def_builds_a_saver_of_the_variables():
    _mlp()
    meta = tf.train.export_meta_graph()
    assert not meta.HasField("saver_def")
    tf.reset_default_graph()
    saver = tf.train.import_meta_graph(meta)
    assert saver.saver_def.restore_op_name == "save/restore_all"
    tf.reset_default_graph()
    tf.placeholder(tf.float32, name="x")
    meta = tf.train.export_meta_graph()
    tf.reset_default_graph()
    assert tf.train.import_meta_graph(meta) is None


def test_unserializable_collections_are_left_out_with_a_warning(caplog):
    tf.add_to_collection("objects", object())
    tf.add_to_collection("ints", 3)
    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        meta = tf.train.export_meta_graph()
    assert "objects" not in meta.collection_def and "ints" in meta.collection_def
    assert "Issue encountered when serializing objects" in caplog.text


def test_loop_contexts_are_not_written_but_rebuilt():
    x = tf.placeholder(tf.float32, [None, 4, 3], name="x")
    tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), x, dtype=tf.float32)
    assert tf.get_collection(tf.GraphKeys.WHILE_CONTEXT)
    meta = tf.train.export_meta_graph()
    assert tf.GraphKeys.WHILE_CONTEXT not in meta.collection_def
    tf.reset_default_graph()
    tf.train.import_meta_graph(meta)
    assert tf.get_default_graph().get_operation_by_name("rnn/while/Merge") \
        ._control_flow_context.name == "rnn/while/while_context"


def test_read_errors_and_argument_errors(tmp_path):
    with pytest.raises(IOError, match="does not exist"):
        tf.train.import_meta_graph(str(tmp_path / "missing.meta"))
    (tmp_path / "bad.meta").write_bytes(b"\xff\x00 not a proto {")
    with pytest.raises(IOError, match="Cannot parse file"):
        tf.train.import_meta_graph(str(tmp_path / "bad.meta"))
    with pytest.raises(TypeError, match="graph must be of type Graph"):
        tf.train.export_meta_graph(graph=3)
    with pytest.raises(TypeError, match="graph_def must be of type GraphDef"):
        tf.train.export_meta_graph(graph_def=meta_graph_pb2.MetaGraphDef())
    with pytest.raises(TypeError, match="unexpected keyword arguments"):
        tf.train.export_meta_graph(colection_list=[])


def test_save_without_tensorboard_saves_the_checkpoint_and_warns_once(tmp_path, monkeypatch,
                                                                      caplog):
    import sys

    from minitf.train import saver as saver_module
    tf.Variable(1.0, name="v")
    saver = tf.train.Saver()
    monkeypatch.setitem(sys.modules, "tensorboard.compat.proto", None)
    monkeypatch.setattr(saver_module, "_meta_graph_warned", False)
    with tf.Session() as sess, caplog.at_level(logging.WARNING, logger="tensorflow"):
        sess.run(tf.global_variables_initializer())
        saver.save(sess, str(tmp_path / "a"))
        saver.save(sess, str(tmp_path / "b"))
    assert sorted(os.listdir(tmp_path)) == ["a.data-00000-of-00001", "a.index",
                                            "b.data-00000-of-00001", "b.index", "checkpoint"]
    assert caplog.text.count("Saver.save wrote no MetaGraph (.meta) file") == 1


def test_queue_runners_round_trip_as_tfs_queue_runner_defs(tmp_path):
    """The PTB tutorial's pattern: export a graph fed by range_input_producer, import it into
    a new graph, and the queue runner still feeds the queue (TF's QueueRunnerDef bytes)."""
    with tf.name_scope("Train"):
        step = tf.train.range_input_producer(3, shuffle=False).dequeue()
    qr, = tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)
    assert qr.queue_closed_exception_types == (tf.errors.OutOfRangeError,)
    meta = tf.train.export_meta_graph()
    # bytes TF 1.15 writes for this runner (queue name, enqueue, close, cancel, OUT_OF_RANGE)
    assert meta.collection_def["queue_runners"].bytes_list.value[0] == (
        b"\n\x14Train/input_producer\x12/Train/input_producer/input_producer_EnqueueMany"
        b"\x1a)Train/input_producer/input_producer_Close\"+Train/input_producer/"
        b"input_producer_Close_1*\x01\x0b")
    assert qr.to_proto(export_scope="Other") is None
    scoped = qr.to_proto(export_scope="Train")
    assert (scoped.queue_name, scoped.close_op_name) == ("input_producer",
                                                         "input_producer/input_producer_Close")
    with tf.Graph().as_default():
        tf.train.import_meta_graph(meta, import_scope="copy")
        restored, = tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)
        assert restored.name == "copy/Train/input_producer"
        assert [op.name for op in restored.enqueue_ops] == [
            "copy/Train/input_producer/input_producer_EnqueueMany"]
        assert restored.cancel_op.name == "copy/Train/input_producer/input_producer_Close_1"
        assert restored.queue_closed_exception_types == (tf.errors.OutOfRangeError,)
        dequeued = tf.get_default_graph().get_tensor_by_name("copy/" + step.name)
        with tf.Session() as sess:
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess, coord)
            assert [sess.run(dequeued) for _ in range(5)] == [0, 1, 2, 0, 1]
            coord.request_stop()
            coord.join(threads)
    with pytest.raises(ValueError, match="queue_runner_def and queue are mutually exclusive."):
        tf.train.QueueRunner(queue=qr.queue, queue_runner_def=scoped)
