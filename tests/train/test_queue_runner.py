"""tf.train.Coordinator, QueueRunner, start_queue_runners and the input producers:
stopping, joining, exceptions reported across threads, epochs running out, the PTB
`range_input_producer(...).dequeue()` + `strided_slice` pattern, and the error paths."""
import threading
import time

import numpy as np
import pytest

import minitf as tf


# ---- Coordinator

def test_coordinator_stops_and_joins_threads():
    coord = tf.train.Coordinator()
    ticks = []

    def worker():
        while not coord.should_stop():
            ticks.append(1)
            time.sleep(0.001)
    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    time.sleep(0.02)
    coord.request_stop()
    coord.join(threads)
    assert coord.should_stop() and coord.joined and ticks
    assert not any(t.is_alive() for t in threads)
    coord.clear_stop()
    assert not coord.should_stop() and not coord.joined


def test_coordinator_reraises_the_first_exception_but_not_out_of_range():
    coord = tf.train.Coordinator()
    with coord.stop_on_exception():
        raise KeyError("first")
    coord.request_stop(ValueError("second"))
    with pytest.raises(KeyError, match="first"):
        coord.raise_requested_exception()
    with pytest.raises(KeyError, match="first"):
        coord.join([])
    with pytest.raises(RuntimeError, match="late"):
        coord.request_stop(RuntimeError("late"))  # after join: raised at once

    clean = tf.train.Coordinator()
    clean.request_stop(tf.errors.OutOfRangeError(None, None, "done"))
    clean.join([])
    assert clean.should_stop()


def test_coordinator_reports_stragglers():
    coord = tf.train.Coordinator()
    release = threading.Event()
    t = threading.Thread(target=release.wait)
    t.start()
    coord.register_thread(t)
    coord.request_stop()
    with pytest.raises(RuntimeError, match="Coordinator stopped with threads still running"):
        coord.join(stop_grace_period_secs=0.01)
    release.set()
    t.join()
    coord.clear_stop()
    other = threading.Thread(target=release.wait)
    other.start()
    coord.request_stop()
    coord.join([other], stop_grace_period_secs=0.01, ignore_live_threads=True)


def test_looper_thread_calls_its_target_until_stopped():
    coord = tf.train.Coordinator()
    calls = []
    looper = tf.train.LooperThread.loop(coord, 0.001, calls.append, args=(1,))
    tight = tf.train.LooperThread.loop(coord, None, lambda: time.sleep(0.001))
    time.sleep(0.02)
    coord.request_stop()
    coord.join([looper, tight])
    assert len(calls) > 1
    with pytest.raises(ValueError, match="'coord' argument must be a Coordinator"):
        tf.train.LooperThread(object(), 1.0)


# ---- QueueRunner and start_queue_runners

def test_range_input_producer_ptb_pattern():
    epoch_size, num_steps = 3, 2
    data = tf.reshape(tf.range(24), [2, 12])
    i = tf.train.range_input_producer(epoch_size, shuffle=False).dequeue()
    x = tf.strided_slice(data, [0, i * num_steps], [2, (i + 1) * num_steps])
    assert i.op.name == "input_producer_Dequeue" and i.dtype == tf.int32
    ops = [op.name for op in tf.get_default_graph().get_operations()]
    assert "input_producer" in ops and "input_producer/input_producer_EnqueueMany" in ops
    runners = tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)
    assert len(runners) == 1 and runners[0].name == "input_producer"
    with tf.Session() as sess:
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess=sess, coord=coord)
        got = [sess.run([i, x]) for _ in range(4)]
        coord.request_stop()
        coord.join(threads)
    assert [int(k) for k, _ in got] == [0, 1, 2, 0]
    np.testing.assert_array_equal(got[1][1], [[2, 3], [14, 15]])


def test_epochs_run_out_and_shuffle_permutes_each_epoch():
    i = tf.train.range_input_producer(5, num_epochs=2, seed=3).dequeue()
    assert [v.name for v in tf.local_variables()] == ["input_producer/limit_epochs/epochs:0"]
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        with sess.as_default():
            threads = tf.train.start_queue_runners()
        got = [int(sess.run(i)) for _ in range(10)]
        with pytest.raises(tf.errors.OutOfRangeError, match="is closed and has insufficient"):
            sess.run(i)
        for t in threads:
            t.join(5)
    assert sorted(got[:5]) == sorted(got[5:]) == list(range(5))


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_runner_without_coordinator_keeps_exceptions():
    v = tf.Variable(1.0)
    q = tf.FIFOQueue(10, tf.float32, shapes=[[]])
    qr = tf.train.QueueRunner(q, [q.enqueue(v)])  # v is uninitialized: the enqueue fails
    with tf.Session() as sess:
        threads = qr.create_threads(sess, daemon=True)
        assert qr.create_threads(sess) == []  # already set to run in this session
        for t in threads:
            t.start()
            t.join(5)
    assert len(qr.exceptions_raised) == 1
    assert isinstance(qr.exceptions_raised[0], tf.errors.FailedPreconditionError)


def test_runner_reports_to_the_coordinator():
    v = tf.Variable(1.0)
    q = tf.FIFOQueue(10, tf.float32, shapes=[[]])
    tf.train.add_queue_runner(tf.train.QueueRunner(q, [q.enqueue(v)]))
    with tf.Session() as sess:
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        with pytest.raises(tf.errors.FailedPreconditionError, match="uninitialized"):
            coord.join(threads)


def test_input_producer_and_errors():
    q = tf.train.input_producer(tf.constant([[1, 2], [3, 4]]), shuffle=False, capacity=4)
    assert q.shapes == [tf.TensorShape([2])]
    with pytest.raises(ValueError, match="must have a fully defined shape"):
        tf.train.input_producer(tf.placeholder(tf.int32, [None, None]))
    with pytest.raises(ValueError, match="num_epochs must be > 0 not 0"):
        tf.train.limit_epochs(tf.constant(1), 0)
    assert tf.train.limit_epochs(q.queue_ref) is q.queue_ref
    with pytest.raises(ValueError, match="Must provide queue and enqueue_ops"):
        tf.train.QueueRunner(q, [])
    with pytest.raises(TypeError, match="queue_closed_exception_types, when provided"):
        tf.train.QueueRunner(q, [q.enqueue([[1, 2]])], queue_closed_exception_types=(KeyError,))
    with pytest.raises(ValueError, match="Cannot start queue runners: No default session"):
        tf.train.start_queue_runners()
    with pytest.raises(TypeError, match="sess must be a `tf.Session` object"):
        tf.train.start_queue_runners(sess=object())
