"""tf.summary.FileWriter: event files read back by TensorBoard's own event reader."""
import glob
import os

import numpy as np
import pytest

import minitf as tf

pytest.importorskip("tensorboard", reason="event files need the tensorboard extra")
from tensorboard.backend.event_processing import event_accumulator, event_file_loader  # noqa: E402
from tensorboard.compat.proto import event_pb2, summary_pb2  # noqa: E402


def _accumulator(logdir):
    acc = event_accumulator.EventAccumulator(str(logdir), size_guidance={"histograms": 0})
    acc.Reload()
    return acc


def _events(logdir):
    path, = glob.glob(os.path.join(str(logdir), "events.out.tfevents.*"))
    return list(event_file_loader.LegacyEventFileLoader(path).Load())


def test_tensorboard_reads_graph_scalars_and_histograms(tmp_path):
    cell = tf.nn.rnn_cell.BasicLSTMCell(5)
    x = tf.placeholder(tf.float32, [2, 3, 4], name="x")
    outputs, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    loss = tf.reduce_mean(tf.square(outputs))
    tf.summary.scalar("loss", loss)
    tf.summary.histogram("outputs", outputs)
    merged = tf.summary.merge_all()
    feed = {x: np.random.RandomState(0).standard_normal((2, 3, 4)).astype(np.float32)}
    with tf.Session() as sess:
        writer = tf.summary.FileWriter(str(tmp_path), sess.graph)
        sess.run(tf.global_variables_initializer())
        losses = []
        for step in range(3):
            summary, value = sess.run([merged, loss], feed)
            writer.add_summary(summary, global_step=step * 10)
            losses.append(value)
        writer.add_summary(summary_pb2.Summary(value=[
            summary_pb2.Summary.Value(tag="accuracy", simple_value=0.75)]), 30)
        writer.close()
    acc = _accumulator(tmp_path)
    names = {n.name for n in acc.Graph().node}
    assert {"rnn/transpose", "rnn/transpose_1", "rnn/while/Merge", "rnn/while/Exit",
            "rnn/while/basic_lstm_cell/MatMul", "loss", "outputs"} <= names
    assert [(e.step, e.value) for e in acc.Scalars("loss")] == \
        [(s, pytest.approx(float(v))) for s, v in zip((0, 10, 20), losses)]
    assert [(e.step, e.value) for e in acc.Scalars("accuracy")] == [(30, 0.75)]
    histo = acc.Histograms("outputs")[-1].histogram_value
    assert histo.num == 2 * 3 * 5
    assert acc.Tags()["meta_graph"] is True


def test_event_stream_add_graph_session_log_and_reopen(tmp_path):
    tf.constant(1.0, name="c")
    with tf.summary.FileWriter(str(tmp_path), filename_suffix=".v1") as writer:
        assert writer.get_logdir() == str(tmp_path)
        writer.add_graph(tf.get_default_graph(), global_step=7)
        writer.add_session_log(event_pb2.SessionLog(status=event_pb2.SessionLog.START), 1)
        writer.flush()
    events = _events(tmp_path)
    assert events[0].file_version == "brain.Event:2"
    assert events[1].step == 7 and events[1].HasField("graph_def")
    assert events[2].session_log.status == event_pb2.SessionLog.START
    with pytest.warns(UserWarning, match="Attempting to use a closed FileWriter"):
        writer.add_summary(summary_pb2.Summary(), 1)
    writer.reopen()
    writer.add_summary(summary_pb2.Summary(), 2)
    writer.close()
    assert len(glob.glob(os.path.join(str(tmp_path), "events.out.tfevents.*.v1"))) == 2


def test_metadata_of_a_repeated_tag_is_written_once(tmp_path):
    writer = tf.summary.FileWriter(str(tmp_path))
    for step in range(2):
        value = summary_pb2.Summary.Value(tag="t", simple_value=step)
        value.metadata.plugin_data.plugin_name = "scalars"
        writer.add_summary(summary_pb2.Summary(value=[value]).SerializeToString(), step)
    writer.close()
    values = [e.summary.value[0] for e in _events(tmp_path)[1:]]
    assert [v.HasField("metadata") for v in values] == [True, False]


def test_run_metadata_events(tmp_path):
    """word2vec_basic's `writer.add_run_metadata(run_metadata, 'step%d' % step)`."""
    x = tf.constant(2.0) * 3.0
    run_metadata = tf.RunMetadata()
    with tf.Session() as sess:
        sess.run(x, run_metadata=run_metadata)
    writer = tf.summary.FileWriter(str(tmp_path))
    writer.add_run_metadata(run_metadata, "step9", global_step=9)
    with pytest.raises(ValueError, match="^The provided tag was already used for this event "
                                         "type$"):
        writer.add_run_metadata(run_metadata, "step9")
    writer.close()
    event = _events(tmp_path)[1]
    assert (event.step, event.tagged_run_metadata.tag) == (9, "step9")
    assert event.tagged_run_metadata.run_metadata == b""  # an untraced run, as TF writes it
    assert _accumulator(tmp_path).Tags()["run_metadata"] == ["step9"]


def test_graph_def_argument_and_errors(tmp_path):
    tf.constant(1.0, name="c")
    graph_def = tf.get_default_graph().as_graph_def()
    writer = tf.summary.FileWriter(str(tmp_path), graph_def=graph_def)
    with pytest.raises(ValueError, match="Please pass only graph, or graph_def"):
        writer.add_graph(tf.get_default_graph(), graph_def=graph_def)
    with pytest.raises(TypeError, match="must be an instance of `Graph` or the deprecated"):
        writer.add_graph("graph")
    with pytest.raises(TypeError, match="meta_graph_def must be type MetaGraphDef"):
        writer.add_meta_graph(graph_def)
    writer.close()
    assert [n.name for n in _accumulator(tmp_path).Graph().node] == ["c"]
    with pytest.raises(ValueError, match="leave session=None"):
        tf.summary.FileWriter(str(tmp_path), session=object())
