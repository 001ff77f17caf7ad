"""Queue input pipelines (training/input.py): the producers and the batchers, run with their
queue runners under a Coordinator: values, the end of the input (OutOfRangeError, the last
smaller batch), structures, graph names, summaries, threads, keep_input, and the errors."""
import numpy as np
import pytest

import minitf as tf


def _collect(fetch, limit=50, init=True):
    """Runs `fetch` until OutOfRangeError (the queue runners running), returning the values
    and whether it ran out."""
    with tf.Session() as sess:
        if init:
            sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess=sess, coord=coord)
        out, ran_out = [], False
        try:
            for _ in range(limit):
                out.append(sess.run(fetch))
        except tf.errors.OutOfRangeError:
            ran_out = True
        finally:
            coord.request_stop()
            coord.join(threads)
        return out, ran_out


def test_string_input_producer_epochs_and_shuffling():
    names = [f"f{i}" for i in range(6)]
    q = tf.train.string_input_producer(names, num_epochs=2, shuffle=False)
    assert (q.name, tf.local_variables()[0].op.name) == \
        ("input_producer", "input_producer/limit_epochs/epochs")
    out, ran_out = _collect(q.dequeue())
    assert ran_out and out == [n.encode() for n in names] * 2
    with tf.Graph().as_default():
        shuffled = tf.train.string_input_producer(names, num_epochs=2, seed=3).dequeue()
        out, _ = _collect(shuffled)
        assert sorted(out[:6]) == sorted(out[6:]) == [n.encode() for n in names]
        assert out != [n.encode() for n in names] * 2


def test_string_input_producer_needs_names():
    with pytest.raises(ValueError, match="string_input_producer requires a non-null input "
                                         "tensor"):
        tf.train.string_input_producer([])
    tf.train.string_input_producer(tf.constant([], tf.string))
    (runner,) = tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="string_input_producer requires a non-null input tensor"):
            sess.run(runner.enqueue_ops[0])


def test_slice_input_producer_rows_together():
    x = np.arange(8, dtype=np.float32).reshape(4, 2)
    y = np.array([b"a", b"b", b"c", b"d"])
    xs, ys = tf.train.slice_input_producer([x, y], num_epochs=1, seed=1)
    assert xs.shape.as_list() == [2] and ys.shape.as_list() == []
    assert (xs.op.name, ys.op.name) == ("input_producer/GatherV2", "input_producer/GatherV2_1")
    out, ran_out = _collect([xs, ys])
    assert ran_out and len(out) == 4
    for row, label in out:
        assert y[int(row[0]) // 2] == label
    with pytest.raises(ValueError, match="Expected at least one tensor"):
        tf.train.slice_input_producer([])


def test_batch_structure_names_and_summaries():
    x = tf.constant([1.0, 2.0])
    single = tf.train.batch([x], batch_size=3)
    assert isinstance(single, tf.Tensor) and single.shape.as_list() == [3, 2]
    assert single.op.name == "batch" and single.op.type == "QueueDequeueManyV2"
    pair = tf.train.batch([x, tf.constant(1)], 2, num_threads=3, capacity=7, name="pairs")
    assert isinstance(pair, list) and [t.shape.as_list() for t in pair] == [[2, 2], [2]]
    named = tf.train.batch({"b": x, "a": tf.constant("s")}, 2)
    assert sorted(named) == ["a", "b"] and named["a"].dtype == tf.string
    runners = tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)
    assert [r.name for r in runners] == ["batch/fifo_queue", "pairs/fifo_queue",
                                         "batch_1/fifo_queue"]
    assert len(runners[1].enqueue_ops) == 3 and len(set(runners[1].enqueue_ops)) == 1
    assert [s.op.name for s in tf.get_collection(tf.GraphKeys.SUMMARIES)] == \
        ["batch/fraction_of_32_full", "pairs/fraction_of_7_full", "batch_1/fraction_of_32_full"]
    out, _ = _collect(named, limit=2, init=False)
    assert out[0]["a"].tolist() == [b"s", b"s"] and out[1]["b"].shape == (2, 2)


def test_batch_ends_with_a_smaller_batch_or_out_of_range():
    (xs,) = tf.train.slice_input_producer([np.arange(5, dtype=np.int32)], num_epochs=1,
                                          shuffle=False)
    smaller = tf.train.batch([xs], 2, allow_smaller_final_batch=True)
    assert smaller.shape.as_list() == [None] and smaller.op.type == "QueueDequeueUpToV2"
    out, ran_out = _collect(smaller)
    assert ran_out and [v.tolist() for v in out] == [[0, 1], [2, 3], [4]]
    with tf.Graph().as_default():
        (xs,) = tf.train.slice_input_producer([np.arange(5, dtype=np.int32)], num_epochs=1,
                                              shuffle=False)
        out, ran_out = _collect(tf.train.batch([xs], 2))
        assert ran_out and [v.tolist() for v in out] == [[0, 1], [2, 3]]


def test_batch_enqueue_many_dynamic_pad_and_join():
    rows = tf.train.batch([tf.constant(np.arange(6).reshape(3, 2))], 4, enqueue_many=True)
    assert rows.shape.as_list() == [4, 2]
    (n,) = tf.train.slice_input_producer([np.array([2, 0, 3], np.int32)], shuffle=False)
    padded = tf.train.batch([tf.range(n) + 1], 3, dynamic_pad=True)
    assert padded.shape.as_list() == [3, None] and padded.op.inputs[0].op.type == \
        "PaddingFIFOQueueV2"
    joined = tf.train.batch_join([[tf.constant(1)], [tf.constant(2)]], 6)
    out, _ = _collect([rows, padded, joined], limit=20, init=False)
    r, p, _ = out[0]
    assert r.tolist() == [[0, 1], [2, 3], [4, 5], [0, 1]]
    assert p.tolist() == [[1, 2, 0], [0, 0, 0], [1, 2, 3]]
    # two enqueue threads (which one runs when is the scheduler's: no order is asserted)
    assert {v for _, _, j in out for v in j.tolist()} <= {1, 2}
    assert [len(r.enqueue_ops) for r in tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)
            if r.name.startswith("batch_join")] == [2]


def test_maybe_batch_keeps_what_keep_input_says():
    x = tf.constant(np.arange(8, dtype=np.int32))
    even = tf.train.maybe_batch([x], keep_input=tf.equal(x % 2, 0), batch_size=4,
                                enqueue_many=True)
    out, _ = _collect(even, limit=1, init=False)
    assert out[0].tolist() == [0, 2, 4, 6]
    with tf.Graph().as_default():
        keep = tf.placeholder_with_default(False, [])
        never = tf.train.maybe_batch([tf.constant(1)], keep, 1)
        assert never.op.inputs[0].op.type == "FIFOQueueV2"
        with tf.Session() as sess:
            runner = tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)[0]
            sess.run(runner.enqueue_ops[0])  # keep is False: nothing enqueued
            assert sess.run(runner.queue.size()) == 0
            sess.run(runner.enqueue_ops[0], {keep: True})
            assert sess.run(runner.queue.size()) == 1
    with pytest.raises(ValueError, match="`keep_input` cannot be a vector when "
                                         "`enqueue_many=False`."):
        tf.train.maybe_batch([tf.constant(1)], [True], 1)
    with pytest.raises(ValueError, match="`keep_input` must be 0 or 1 dimensions."):
        tf.train.maybe_batch([tf.constant([1])], [[True]], 1, enqueue_many=True)


def test_shuffle_batch_mixes_and_names_its_summary():
    (xs,) = tf.train.slice_input_producer([np.arange(20, dtype=np.int32)], num_epochs=1,
                                          shuffle=False)
    b = tf.train.shuffle_batch([xs], batch_size=5, capacity=12, min_after_dequeue=4, seed=2,
                               num_threads=2)
    queue = b.op.inputs[0].op
    assert (queue.type, queue.name, queue.get_attr("min_after_dequeue")) == \
        ("RandomShuffleQueueV2", "shuffle_batch/random_shuffle_queue", 4)
    assert [s.op.name for s in tf.get_collection(tf.GraphKeys.SUMMARIES)][-1] == \
        "shuffle_batch/fraction_over_4_of_8_full"
    out, ran_out = _collect(b)
    values = [v for batch in out for v in batch.tolist()]
    assert ran_out and sorted(values) == list(range(20)) and values != list(range(20))
    with tf.Graph().as_default():
        joined = tf.train.shuffle_batch_join([[tf.constant(1)], [tf.constant(2)]], 4, 10, 2)
        maybe = tf.train.maybe_shuffle_batch([tf.constant(3)], 2, 10, 2, keep_input=True)
        maybe_join = tf.train.maybe_shuffle_batch_join([[tf.constant(4)]], 2, 10, 2, True)
        maybe_batch_join = tf.train.maybe_batch_join([[tf.constant(5)]], True, 2)
        out, _ = _collect([joined, maybe, maybe_join, maybe_batch_join], limit=20, init=False)
        assert [sorted({x for o in out for x in o[k].tolist()}) for k in range(4)] == \
            [[1, 2], [3], [4], [5]]


def test_batching_errors():
    with pytest.raises(ValueError, match="capacity 3 must be bigger than min_after_dequeue 3."):
        tf.train.shuffle_batch([tf.constant(1)], 2, capacity=3, min_after_dequeue=3)
    with pytest.raises(ValueError, match="Cannot infer Tensor's rank"):
        tf.train.batch([tf.placeholder(tf.float32)], 2)
    with pytest.raises(ValueError, match="All shapes must be fully defined"):
        tf.train.batch([tf.placeholder(tf.float32, [None])], 2)
    with pytest.raises(TypeError, match="Expected types to be consistent: int32 vs. float32."):
        tf.train.batch_join([[tf.constant(1)], [tf.constant(1.0)]], 2)
    with pytest.raises(ValueError, match="All dictionaries in tensors_list must have the same "
                                         "keys"):
        tf.train.batch_join([{"a": tf.constant(1)}, {"b": tf.constant(1)}], 2)
    with pytest.raises(ValueError, match="Expected at least one set of tensors"):
        tf.train.batch_join([], 2)
    with pytest.raises(ValueError, match="Expected at least one tensor in batch()."):
        tf.train.batch([], 2)
