"""tf.train.SessionManager: restore from a checkpoint directory or initialize, local init after
the global variables are ready, readiness checks and TF's RuntimeError texts."""
import numpy as np
import pytest

import minitf as tf


def test_prepare_session_initializes_then_restores(tmp_path):
    v = tf.Variable(1.0, name="v")
    local = tf.get_local_variable("local", [], initializer=tf.constant_initializer(5.0))
    saver = tf.train.Saver([v])
    manager = tf.train.SessionManager(
        local_init_op=tf.local_variables_initializer(),
        ready_op=tf.report_uninitialized_variables(),
        ready_for_local_init_op=tf.report_uninitialized_variables(tf.global_variables()))
    sess = manager.prepare_session("", init_op=tf.global_variables_initializer(), saver=saver,
                                   checkpoint_dir=str(tmp_path))
    assert sess.run([v, local]) == [1.0, 5.0]
    sess.run(v.assign(3.0))
    saver.save(sess, str(tmp_path / "model"), global_step=7)
    restored = manager.prepare_session("", init_op=tf.global_variables_initializer(),
                                       saver=saver, checkpoint_dir=str(tmp_path))
    assert restored.run(v) == 3.0
    again, ready = manager.recover_session("", saver=saver, checkpoint_dir=str(tmp_path))
    assert ready and again.run(v) == 3.0
    fresh, ready = manager.recover_session("", saver=saver,
                                           checkpoint_dir=str(tmp_path / "empty"))
    assert not ready
    with pytest.raises(ValueError, match="Can not provide both checkpoint_dir and "
                                         "checkpoint_filename_with_path"):
        manager.prepare_session("", saver=saver, checkpoint_dir=str(tmp_path),
                                checkpoint_filename_with_path=str(tmp_path / "model-7"))
    by_path = manager.prepare_session("", saver=saver,
                                      checkpoint_filename_with_path=str(tmp_path / "model-7"))
    assert by_path.run(v) == 3.0


def test_init_fn_and_readiness_errors():
    v = tf.Variable(1.0, name="v")
    w = tf.Variable(2.0, name="w")
    manager = tf.train.SessionManager(ready_op=tf.report_uninitialized_variables())
    sess = manager.prepare_session("", init_op=tf.variables_initializer([v]),
                                   init_fn=lambda s: s.run(w.initializer))
    assert sess.run([v, w]) == [1.0, 2.0]
    with pytest.raises(RuntimeError, match=r"^Init operations did not make model ready\.  "
                                           r"Init op: init_1, init fn: None, local_init_op: "
                                           r"None, error: Variables not initialized: w$"):
        manager.prepare_session("", init_op=tf.variables_initializer([v], name="init"))
    with pytest.raises(RuntimeError, match="Model is not initialized and no init_op or init_fn "
                                           "or local_init_op was given"):
        manager.prepare_session("")
    with pytest.raises(ValueError, match="If you pass a ready_for_local_init_op you must also "
                                         "pass a local_init_op"):
        tf.train.SessionManager(ready_for_local_init_op=tf.report_uninitialized_variables())


def test_local_init_waits_for_global_variables():
    v = tf.Variable(1.0, name="v")
    local = tf.get_local_variable("local", [], initializer=tf.constant_initializer(5.0))
    manager = tf.train.SessionManager(
        local_init_op=tf.local_variables_initializer(),
        ready_for_local_init_op=tf.report_uninitialized_variables(tf.global_variables()))
    with pytest.raises(RuntimeError, match=r"did not make model ready for local_init\.  Init op: "
                                           r"None, init fn: .*error: Variables not "
                                           r"initialized: v"):
        manager.prepare_session("", init_fn=lambda s: None)
    sess = manager.prepare_session("", init_op=tf.global_variables_initializer())
    assert sess.run(local) == 5.0


def test_wait_for_session_deadline():
    tf.Variable(1.0, name="v")
    manager = tf.train.SessionManager(ready_op=tf.report_uninitialized_variables(),
                                      recovery_wait_secs=0.01)
    with pytest.raises(tf.errors.DeadlineExceededError,
                       match="Session was not ready after waiting 0.02 secs"):
        manager.wait_for_session("", max_wait_secs=0.02)
    np.testing.assert_equal(tf.train.SessionManager().wait_for_session("").run(
        tf.constant(3)), 3)
