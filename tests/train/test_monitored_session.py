"""Monitored sessions and the standard hooks: Scaffold defaults from collections, hook call
order and merged fetches/feeds, StopAtStepHook, CheckpointSaverHook files and restore,
SummarySaverHook events, LoggingTensorHook lines, NanTensorHook, queue runners, run_step_fn,
OutOfRangeError ending the `with` block, and the errors."""
import glob
import logging
import os

import numpy as np
import pytest

import minitf as tf


def _regression():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    w = tf.get_variable("w", [2, 1], initializer=tf.zeros_initializer())
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y), name="loss")
    step = tf.train.get_or_create_global_step()
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=step)
    data = np.array([[1.0, 0.0], [0.0, 1.0]], np.float32)
    return x, y, w, loss, step, train, {x: data, y: np.array([[1.0], [2.0]], np.float32)}


class Recorder(tf.train.SessionRunHook):
    def __init__(self, fetch=None, feed=None):
        self.calls, self.fetch, self.feed, self.results = [], fetch, feed, []

    def begin(self):
        self.calls.append("begin")

    def after_create_session(self, session, coord):
        self.calls.append("after_create_session")
        assert isinstance(coord, tf.train.Coordinator)

    def before_run(self, run_context):
        self.calls.append("before_run")
        assert run_context.original_args.fetches is not None
        if self.fetch is not None or self.feed is not None:
            return tf.train.SessionRunArgs(self.fetch, feed_dict=self.feed)
        return None

    def after_run(self, run_context, run_values):
        self.calls.append("after_run")
        self.results.append(run_values.results)

    def end(self, session):
        self.calls.append("end")


def test_hooks_see_every_run_and_stop_at_step():
    x, y, w, loss, step, train, feed = _regression()
    rec = Recorder(fetch={"loss": loss})
    with tf.train.MonitoredSession(hooks=[rec, tf.train.StopAtStepHook(num_steps=3)]) as sess:
        assert tf.get_default_graph().finalized
        runs = 0
        while not sess.should_stop():
            assert sess.run(train, feed) is None
            runs += 1
        with pytest.raises(RuntimeError, match="Run called even after should_stop requested"):
            sess.run(train, feed)
    assert runs == 3 and not tf.get_default_graph().finalized
    assert rec.calls == ["begin", "after_create_session"] + ["before_run", "after_run"] * 3 + \
        ["end"]
    assert [round(float(r["loss"]), 4) for r in rec.results] == [2.5, 2.025, 1.6402]
    with pytest.raises(ValueError, match="One of num_steps or last_step must be specified"):
        tf.train.StopAtStepHook()
    with pytest.raises(ValueError, match="Only one of num_steps or last_step can be specified"):
        tf.train.StopAtStepHook(1, 2)


def test_hook_feeds_merge_and_conflicts():
    a = tf.placeholder(tf.float32, [], name="a")
    b = tf.placeholder(tf.float32, [], name="b")
    total = a + b
    with tf.train.MonitoredSession(hooks=[Recorder(feed={a: 2.0})]) as sess:
        assert sess.run(total, {b: 3.0}) == 5.0
        with pytest.raises(RuntimeError, match="Same tensor is fed by a SessionRunHook and "
                                               "user"):
            sess.run(a, {a: 1.0})
    with tf.train.MonitoredSession(hooks=[Recorder(feed={a: 2.0}),
                                          Recorder(feed={a: 1.0})]) as sess:
        with pytest.raises(RuntimeError, match="Same tensor is fed by two hooks"):
            sess.run(a)


def test_checkpoints_summaries_and_restore(tmp_path):
    x, y, w, loss, step, train, feed = _regression()
    tf.summary.scalar("loss", loss)
    ckpt = str(tmp_path / "run")
    hooks = [tf.train.StopAtStepHook(last_step=6)]
    with tf.train.MonitoredTrainingSession(checkpoint_dir=ckpt, hooks=hooks,
                                           save_checkpoint_steps=4, save_summaries_steps=2,
                                           log_step_count_steps=None) as sess:
        while not sess.should_stop():
            sess.run(train, feed)
    names = sorted(os.path.basename(p) for p in glob.glob(os.path.join(ckpt, "model.ckpt-*"
                                                                           ".index")))
    assert names == ["model.ckpt-0.index", "model.ckpt-4.index", "model.ckpt-6.index"]
    assert os.path.exists(os.path.join(ckpt, "graph.pbtxt"))
    assert tf.train.latest_checkpoint(ckpt).endswith("model.ckpt-6")
    events = glob.glob(os.path.join(ckpt, "events.out.tfevents.*"))
    assert len(events) == 1
    tf.summary.FileWriterCache.clear()
    from tensorboard.backend.event_processing.event_file_loader import EventFileLoader
    loaded = list(EventFileLoader(events[0]).Load())
    tagged = [(e.step, v.tag) for e in loaded for v in e.summary.value]
    assert [s for s, tag in tagged if tag == "loss_1"] == [1, 3, 5]  # op "loss" exists
    assert any(e.HasField("graph_def") for e in loaded)
    w_value = tf.train.load_variable(ckpt, "w")
    tf.reset_default_graph()
    x, y, w, loss, step, train, feed = _regression()
    with tf.train.MonitoredTrainingSession(checkpoint_dir=ckpt,
                                           hooks=[tf.train.StopAtStepHook(num_steps=2)],
                                           save_summaries_steps=None,
                                           log_step_count_steps=None) as sess:
        assert sess.run(step) == 6
        np.testing.assert_allclose(sess.run(w), w_value)
        while not sess.should_stop():
            sess.run(train, feed)
    assert tf.train.latest_checkpoint(ckpt).endswith("model.ckpt-8")


def test_logging_tensor_hook_and_nan_hook(caplog):
    x, y, w, loss, step, train, feed = _regression()
    hook = tf.train.LoggingTensorHook({"loss": loss, "step": step}, every_n_iter=2)
    with caplog.at_level(logging.INFO, logger="tensorflow"):
        with tf.train.SingularMonitoredSession(hooks=[hook]) as sess:
            for _ in range(3):
                sess.run(train, feed)
            assert isinstance(sess.raw_session(), tf.Session)
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("loss =")]
    # the step is fetched with the train op, so it shows the incremented value, as in TF
    assert lines[0] == "loss = 2.5, step = 1"
    assert lines[1].startswith("loss = 1.64025, step = 3 (") and lines[1].endswith(" sec)")
    with pytest.raises(ValueError, match="exactly one of every_n_iter and every_n_secs"):
        tf.train.LoggingTensorHook([loss])
    with pytest.raises(ValueError, match=r"invalid every_n_iter=0\."):
        tf.train.LoggingTensorHook([loss], every_n_iter=0)
    tf.reset_default_graph()
    bad = tf.placeholder(tf.float32, [])
    with pytest.raises(tf.train.NanLossDuringTrainingError, match="NaN loss during training"):
        with tf.train.MonitoredSession(hooks=[tf.train.NanTensorHook(bad)]) as sess:
            sess.run(bad, {bad: np.nan})
    with tf.train.MonitoredSession(hooks=[tf.train.NanTensorHook(bad, False)]) as sess:
        sess.run(bad, {bad: np.nan})
        assert sess.should_stop()


def test_queue_runners_out_of_range_and_final_ops():
    i = tf.train.range_input_producer(3, num_epochs=1, shuffle=False).dequeue()
    total = tf.get_local_variable("total", [], tf.int32, tf.zeros_initializer())
    add = tf.assign_add(total, i)
    final = tf.train.FinalOpsHook(total)
    with tf.train.MonitoredSession(hooks=[final]) as sess:
        while not sess.should_stop():
            sess.run(add)
    assert final.final_ops_values == 3


def test_run_step_fn_and_feed_fn_hook():
    a = tf.placeholder(tf.float32, [], name="a")
    doubled = a * 2
    counter = iter(range(10))
    with tf.train.MonitoredSession(hooks=[tf.train.FeedFnHook(
            lambda: {a: float(next(counter))})]) as sess:
        def step_fn(step_context):
            value = step_context.run_with_hooks(doubled)
            if value >= 4:
                step_context.request_stop()
            return value
        got = []
        while not sess.should_stop():
            got.append(sess.run_step_fn(step_fn))
        assert got == [0.0, 2.0, None]
        with pytest.raises(ValueError, match="`step_fn` may either have one `step_context` "
                                             "argument"):
            sess.run_step_fn(lambda ctx: None)


def test_scaffold_defaults_and_errors():
    v = tf.Variable(1.0, name="v")
    set_v = v.assign(4.0)
    scaffold = tf.train.Scaffold(init_fn=lambda scaffold, sess: sess.run(set_v))
    with tf.train.MonitoredSession(tf.train.ChiefSessionCreator(scaffold=scaffold)) as sess:
        assert sess.run(v) == 4.0
    assert tf.get_collection(tf.GraphKeys.INIT_OP) == [scaffold.init_op]
    assert tf.get_collection(tf.GraphKeys.SAVERS) == [scaffold.saver]
    assert tf.get_collection(tf.GraphKeys.READY_OP) == [scaffold.ready_op]
    tf.add_to_collection(tf.GraphKeys.INIT_OP, tf.no_op())
    with pytest.raises(RuntimeError, match='More than one item in the collection "init_op"'):
        tf.train.Scaffold().finalize()
    with pytest.raises(TypeError, match="copy_from_scaffold is not a Scaffold instance"):
        tf.train.Scaffold(copy_from_scaffold=object())
    with pytest.raises(TypeError, match="abstract"):
        tf.train.SessionCreator()
    tf.reset_default_graph()
    tf.Variable(1.0)
    with pytest.raises(RuntimeError, match="Global step should be created to use "
                                           "StopAtStepHook"):
        tf.train.MonitoredSession(hooks=[tf.train.StopAtStepHook(1)])
    with pytest.raises(ValueError, match="Exactly one of scaffold or summary_op must be "
                                         "provided"):
        tf.train.SummarySaverHook(save_steps=1)
    with pytest.raises(ValueError, match="You cannot provide both saver and scaffold"):
        tf.train.CheckpointSaverHook("d", save_steps=1, saver=1, scaffold=1)
    with pytest.raises(ValueError, match="Can not provide both every_secs and every_steps"):
        tf.train.SecondOrStepTimer(every_secs=1, every_steps=1)
