"""tf.train.Supervisor: defaults taken from the graph, managed_session initializing variables
and running queue runners, stopping on exit, exceptions re-raised (OutOfRangeError not),
the checkpoint thread, and the errors."""

import numpy as np
import pytest

import minitf as tf



def _model():
    w = tf.Variable(2.0, name="w")
    step = tf.train.get_or_create_global_step()
    counter = tf.get_local_variable("counter", [], tf.int32, tf.zeros_initializer())
    i = tf.train.range_input_producer(4, shuffle=False).dequeue()
    return w, step, counter, i


def test_managed_session_initializes_and_feeds_queues():
    w, step, counter, i = _model()
    inc = tf.assign_add(step, 1)
    sv = tf.train.Supervisor(saver=None)
    assert sv.global_step is step and sv.saver is None and sv.summary_writer is None
    assert tf.get_default_graph().finalized
    assert tf.get_collection(tf.GraphKeys.INIT_OP) == [sv.init_op]
    assert isinstance(sv.coord, tf.train.Coordinator) and sv.is_chief
    with sv.managed_session() as sess:
        got = []
        while not sv.should_stop() and len(got) < 6:
            got.append(sess.run([i, w, inc, counter]))
    assert [int(g[0]) for g in got] == [0, 1, 2, 3, 0, 1]
    assert [int(g[2]) for g in got] == [1, 2, 3, 4, 5, 6] and got[0][1] == 2.0
    assert sv.should_stop()
    with pytest.raises(RuntimeError, match="Attempted to use a closed Session"):
        sess.run(w)


def test_exceptions_in_the_block_are_reraised_but_out_of_range_ends_cleanly():
    w = tf.Variable(1.0)
    sv = tf.train.Supervisor(saver=None, init_op=None, init_fn=lambda s: s.run(w.initializer))
    with pytest.raises(ZeroDivisionError):
        with sv.managed_session() as sess:
            assert sess.run(w) == 1.0
            raise ZeroDivisionError()
    sv2 = tf.train.Supervisor(saver=None, graph=tf.Graph())
    with sv2.managed_session(start_standard_services=False):
        raise tf.errors.OutOfRangeError(None, None, "input ran out")
    assert sv2.should_stop()


def test_not_ready_model_is_an_error():
    tf.Variable(1.0)
    sv = tf.train.Supervisor(saver=None, init_op=None)
    with pytest.raises(RuntimeError, match="Init operations did not make model ready"):
        with sv.managed_session():
            pass


class _RecordingSaver:
    def __init__(self):
        self.saves = []

    def save(self, sess, path, global_step=None):
        self.saves.append((path, tf.train.global_step(sess, global_step)))


def test_checkpoint_thread_saves_at_start(tmp_path, monkeypatch):
    _model()
    saver = _RecordingSaver()
    sv = tf.train.Supervisor(logdir=str(tmp_path), saver=saver, save_model_secs=3600,
                             summary_writer=None)
    assert sv.save_path == str(tmp_path / "model.ckpt")
    with sv.managed_session():
        for _ in range(200):
            if saver.saves:
                break
            sv.coord.wait_for_stop(0.01)
    assert saver.saves == [(str(tmp_path / "model.ckpt"), 0)]


def test_summary_computed_and_loop_errors():
    sv = tf.train.Supervisor(saver=None, graph=tf.Graph(), summary_writer=None)
    with pytest.raises(RuntimeError, match="Writing a summary requires a summary writer"):
        sv.summary_computed(None, b"")
    with pytest.raises(ValueError, match="must be the chief"):
        tf.train.Supervisor(is_chief=False, saver=None)
    with pytest.raises(ValueError, match="session_manager=None"):
        tf.train.Supervisor(session_manager=object(), saver=None)


def test_two_defaults_in_a_collection_are_an_error():
    tf.add_to_collection(tf.GraphKeys.INIT_OP, tf.no_op())
    tf.add_to_collection(tf.GraphKeys.INIT_OP, tf.no_op())
    with pytest.raises(RuntimeError, match="More than one item in the collection 'init_op'"):
        tf.train.Supervisor(saver=None)


def test_default_saver_checkpoints_and_restores(tmp_path):
    w, step, _, _ = _model()
    inc = tf.assign_add(step, 1)
    # no checkpoint thread: its own save at start could land after this one
    sv = tf.train.Supervisor(logdir=str(tmp_path), save_model_secs=0)
    assert isinstance(sv.saver, tf.train.Saver)
    with sv.managed_session() as sess:
        sess.run(inc)
        sv.saver.save(sess, sv.save_path, global_step=sv.global_step)
    sv2 = tf.train.Supervisor(logdir=str(tmp_path), graph=tf.get_default_graph())
    with sv2.managed_session() as sess:
        assert tf.train.global_step(sess, step) >= 1
        np.testing.assert_allclose(sess.run(w), 2.0)


class _FakeWriter:
    def __init__(self, logdir):
        self.logdir, self.summaries, self.closed = logdir, [], False

    def add_summary(self, summary, step=None):
        self.summaries.append((summary, step))

    def close(self):
        self.closed = True


def _fake_summary(monkeypatch, merged, writer_error=None):
    """`tf.summary` with merge_all giving `merged` and a FileWriter recording what it gets
    (or failing as it does without TensorBoard)."""
    def file_writer(logdir):
        if writer_error:
            raise ImportError(writer_error)
        return _FakeWriter(logdir)
    monkeypatch.setattr(tf.summary, "merge_all", lambda: merged)
    monkeypatch.setattr(tf.summary, "FileWriter", file_writer)


def test_summaries_written_with_tf_summary(tmp_path, monkeypatch):
    tf.train.get_or_create_global_step()
    merged = tf.constant(b"summary-bytes")
    _fake_summary(monkeypatch, merged)
    sv = tf.train.Supervisor(logdir=str(tmp_path), saver=None, save_summaries_secs=3600)
    assert sv.summary_op is merged and tf.get_collection(tf.GraphKeys.SUMMARY_OP) == [merged]
    writer = sv.summary_writer
    with sv.managed_session() as sess:
        for _ in range(200):
            if writer.summaries:
                break
            sv.coord.wait_for_stop(0.01)
        sv.summary_computed(sess, b"mine")
    assert writer.summaries == [(b"summary-bytes", 0), (b"mine", 0)] and writer.closed


def test_no_summary_writer_without_tensorboard(tmp_path, monkeypatch):
    _fake_summary(monkeypatch, None, writer_error='pip install "minitf[tensorboard]"')
    sv = tf.train.Supervisor(logdir=str(tmp_path), saver=None)
    assert sv.summary_writer is None and sv.summary_op is None


def test_global_step_found_by_name_when_an_integer():
    step = tf.Variable(0, name="global_step")
    sv = tf.train.Supervisor(saver=None)
    assert sv.global_step.name == step.name == "global_step:0"
    assert tf.get_collection(tf.GraphKeys.GLOBAL_STEP) == [sv.global_step]
    with tf.Graph().as_default():
        tf.Variable(0.0, name="global_step")
        assert tf.train.Supervisor(saver=None).global_step is None
