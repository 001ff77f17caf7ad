"""tf.FIFOQueue and CountUpTo: blocking, closing, cancelling, per-session queues, names and
shapes, and the error paths."""
import threading
import time

import numpy as np
import pytest

import minitf as tf


def test_fifo_order_shapes_and_names():
    q = tf.FIFOQueue(5, [tf.int32, tf.float32], shapes=[[], [2]])
    enq = q.enqueue_many([[1, 2, 3], np.arange(6.0).reshape(3, 2)])
    one = q.dequeue()
    many = q.dequeue_many(2)
    assert [t.shape.as_list() for t in one] == [[], [2]]
    assert [t.shape.as_list() for t in many] == [[2], [2, 2]]
    assert (q.name, enq.name, one[0].op.name, many[0].op.name, q.size().op.name) == \
        ("fifo_queue", "fifo_queue_EnqueueMany", "fifo_queue_Dequeue",
         "fifo_queue_DequeueMany", "fifo_queue_Size")
    assert q.dtypes == [tf.int32, tf.float32] and q.queue_ref.dtype == tf.resource
    with tf.Session() as sess:
        sess.run(enq)
        assert sess.run(q.size()) == 3
        first = sess.run(one)
        assert first[0] == 1 and list(first[1]) == [0.0, 1.0]
        ints, rows = sess.run(many)
        np.testing.assert_array_equal(ints, [2, 3])
        np.testing.assert_array_equal(rows, [[2, 3], [4, 5]])


def test_queues_are_per_session_and_shared_by_name():
    q = tf.FIFOQueue(3, tf.int32)
    same = tf.FIFOQueue(3, tf.int32, shared_name="shared", name="a")
    also = tf.FIFOQueue(3, tf.int32, shared_name="shared", name="b")
    ops = [q.enqueue(1), same.enqueue(2)]
    with tf.Session() as s1, tf.Session() as s2:
        s1.run(ops)
        assert s1.run([q.size(), also.size()]) == [1, 1]
        assert s2.run(q.size()) == 0


def test_named_components_and_single_dequeue_value():
    q = tf.FIFOQueue(2, [tf.int32, tf.float32], names=["i", "x"])
    enq = q.enqueue({"i": 3, "x": 0.5})
    out = q.dequeue()
    assert sorted(out) == ["i", "x"]
    with tf.Session() as sess:
        sess.run(enq)
        assert sess.run(out) == {"i": 3, "x": 0.5}
    with pytest.raises(ValueError, match="You must enqueue a dictionary"):
        q.enqueue([1, 2.0])
    with pytest.raises(ValueError, match="Keys in dictionary to enqueue do not match"):
        q.enqueue({"i": 1})
    with pytest.raises(ValueError, match="Queue must have names to enqueue a dictionary"):
        tf.FIFOQueue(2, tf.int32).enqueue({"i": 1})


def test_dequeue_waits_for_an_enqueue_and_enqueue_waits_for_room():
    q = tf.FIFOQueue(1, tf.float32, shapes=[[]])
    enq, deq = q.enqueue(tf.placeholder_with_default(1.5, [])), q.dequeue()
    with tf.Session() as sess:
        got = []
        reader = threading.Thread(target=lambda: got.append(sess.run(deq)))
        reader.start()
        time.sleep(0.05)
        assert got == []
        sess.run(enq)
        reader.join(5)
        assert got == [1.5]
        sess.run(enq)
        writer = threading.Thread(target=sess.run, args=(enq,))
        writer.start()
        time.sleep(0.05)
        assert writer.is_alive()
        assert sess.run(deq) == 1.5
        writer.join(5)
        assert not writer.is_alive() and sess.run(q.size()) == 1


def test_close_drains_then_fails_and_cancel_releases_enqueues():
    q = tf.FIFOQueue(1, tf.int32, shapes=[[]])
    enq, deq = q.enqueue(4), q.dequeue()
    with tf.Session() as sess:
        sess.run(enq)
        errors = []

        def blocked():
            try:
                sess.run(enq)
            except tf.errors.CancelledError as e:
                errors.append(str(e))
        writer = threading.Thread(target=blocked)
        writer.start()
        time.sleep(0.05)
        sess.run(q.close(cancel_pending_enqueues=True))
        writer.join(5)
        assert errors and "Enqueue operation was cancelled" in errors[0]
        assert sess.run(q.is_closed())
        assert sess.run(deq) == 4
        with pytest.raises(tf.errors.OutOfRangeError,
                           match=r"is closed and has insufficient elements \(requested 1, "
                                 r"current size 0\)"):
            sess.run(deq)
        with pytest.raises(tf.errors.CancelledError, match="FIFOQueue 'fifo_queue' is closed"):
            sess.run(enq)


def test_run_errors():
    q = tf.FIFOQueue(4, [tf.int32, tf.int32], shapes=[[], []])
    p = tf.placeholder(tf.int32)
    ragged = q.enqueue_many([p, [1, 2]])
    n = tf.placeholder(tf.int32)
    unshaped = tf.FIFOQueue(4, tf.int32)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="0th dimension of all"):
            sess.run(ragged, {p: [1, 2, 3]})
        with pytest.raises(tf.errors.InvalidArgumentError, match="at least one dimension"):
            sess.run(ragged, {p: 1})
        with pytest.raises(tf.errors.InvalidArgumentError, match="Shape mismatch in tuple "
                                                                 "component 0"):
            sess.run(q.enqueue([p, 1]), {p: [1, 2]})
        with pytest.raises(tf.errors.InvalidArgumentError, match="requested -1 < 0"):
            sess.run(q.dequeue_many(n), {n: -1})
        with pytest.raises(tf.errors.InvalidArgumentError, match="require the components to "
                                                                 "have specified shapes"):
            sess.run(unshaped.dequeue_many(1))
        assert [a.shape for a in sess.run(q.dequeue_many(n), {n: 0})] == [(0,), (0,)]


def test_build_errors():
    with pytest.raises(ValueError, match="All shapes must be fully defined"):
        tf.FIFOQueue(2, tf.int32, shapes=[[None]])
    with pytest.raises(ValueError, match="Queue shapes must have the same length as dtypes"):
        tf.FIFOQueue(2, [tf.int32, tf.int32], shapes=[[2]])
    with pytest.raises(ValueError, match="Queue names must have the same length as dtypes"):
        tf.FIFOQueue(2, tf.int32, names=["a", "b"])
    with pytest.raises(TypeError, match="shapes must be a TensorShape or a list"):
        tf.FIFOQueue(2, tf.int32, shapes=3)
    q = tf.FIFOQueue(2, [tf.int32, tf.int32], shapes=[[2], [2]])
    with pytest.raises(ValueError, match="Expected 2 components, got 1"):
        q.enqueue([[1, 2]])
    with pytest.raises(ValueError, match="are incompatible"):
        q.enqueue([[1, 2, 3], [1, 2]])
    with pytest.raises(ValueError, match="Dimensions 1 and 2 are not compatible"):
        q.enqueue_many([[[1, 2]], [[1, 2], [3, 4]]])
    with pytest.raises(ValueError, match="Shape must be rank 0 but is rank 1"):
        q.dequeue_many([1, 2])


def test_count_up_to():
    v = tf.Variable(0, name="counter")
    c = v.count_up_to(2)
    assert c.op.type == "CountUpTo" and c.dtype == tf.int32
    with tf.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError, match="uninitialized value "
                                                                    "counter"):
            sess.run(c)
        sess.run(v.initializer)
        assert [sess.run(c), sess.run(c)] == [0, 1]
        with pytest.raises(tf.errors.OutOfRangeError, match="Reached limit of 2"):
            sess.run(c)
    with pytest.raises(TypeError, match="has DataType float32 not in list of allowed"):
        tf.count_up_to(tf.Variable(0.0), 1)
    with pytest.raises(TypeError, match="requires that input 'ref' be a mutable tensor"):
        tf.count_up_to(tf.constant(0), 1)


# ---- stacks (TF's loop gradients; no Python builder, so built with create_op)

def _stack_ops(max_size=-1, elem=tf.float32, push=1.5, name=""):
    g = tf.get_default_graph()
    size = tf.constant(max_size)
    stack = g.create_op("StackV2", [size], {"elem_type": elem, "stack_name": name}).outputs[0]
    value = tf.constant(push)
    first = g.create_op("StackPushV2", [stack, value], {"T": value.dtype, "swap_memory": False})
    second = g.create_op("StackPushV2", [stack, value * 2], {"T": value.dtype,
                                                            "swap_memory": False},
                         control_inputs=[first])
    pop = g.create_op("StackPopV2", [stack], {"elem_type": elem}, control_inputs=[second])
    again = g.create_op("StackPopV2", [stack], {"elem_type": elem}, control_inputs=[pop])
    return stack, first, pop, again


def test_stack_push_pop_last_in_first_out_and_shapes():
    stack, first, pop, again = _stack_ops()
    assert stack.dtype == tf.resource and stack.shape.as_list() == []
    assert first.outputs[0].shape.as_list() == [] and pop.outputs[0].shape.ndims is None
    trigger = tf.get_default_graph().create_op("ControlTrigger", [], {},
                                               control_inputs=[again])
    with tf.Session() as sess:
        assert sess.run([pop.outputs[0], again.outputs[0], trigger]) == [3.0, 1.5, None]
        assert sess.run(again.outputs[0]) == 1.5  # a new stack per run


def test_stack_errors():
    stack, first, pop, again = _stack_ops(max_size=1, name="acc")
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError,
                                             match=r"Stack\[acc_0\] overflowed its max_size"
                                                   r" \(1\)"):
        sess.run(pop.outputs[0])
    tf.reset_default_graph()
    stack, first, pop, again = _stack_ops()
    g = tf.get_default_graph()
    extra = g.create_op("StackPopV2", [stack], {"elem_type": tf.float32},
                        control_inputs=[again])
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError,
                                             match=r"Stack\[StackV2_0\] is empty when calling "
                                                   r"Pop\(\)\."):
        sess.run(extra.outputs[0])
    close = g.create_op("StackCloseV2", [stack], {}, control_inputs=[first])
    late = g.create_op("StackPopV2", [stack], {"elem_type": tf.float32}, control_inputs=[close])
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError,
                                             match=r"has already been closed\."):
        sess.run(late.outputs[0])
    wrong = g.create_op("StackPushV2", [stack, tf.constant(1)], {"T": tf.int32,
                                                                 "swap_memory": False})
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError,
                                             match="Must have type float but got int32"):
        sess.run(wrong.outputs[0])
    with pytest.raises(ValueError, match="Shape must be rank 0 but is rank 1"):
        g.create_op("StackV2", [tf.constant([1])], {"elem_type": tf.float32, "stack_name": ""})


# ---- RandomShuffleQueue, PaddingFIFOQueue, dequeue_up_to

def test_dequeue_up_to_gives_the_rest_once_closed():
    q = tf.FIFOQueue(10, tf.int32, shapes=[[]])
    fill = q.enqueue_many([[1, 2, 3]])
    up_to = q.dequeue_up_to(2)
    assert (up_to.op.type, up_to.op.name, up_to.shape.as_list()) == \
        ("QueueDequeueUpToV2", "fifo_queue_DequeueUpTo", [None])
    with tf.Session() as sess:
        sess.run(fill)
        assert sess.run(up_to).tolist() == [1, 2]  # open: waits for the full 2
        sess.run(q.close())
        assert sess.run(up_to).tolist() == [3]
        with pytest.raises(tf.errors.OutOfRangeError,
                           match="is closed and has insufficient elements \\(requested 2, "
                                 "current size 0\\)"):
            sess.run(up_to)
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="DequeueUpTo requested -1 < 0 elements"):
            sess.run(q.dequeue_up_to(-1))
    with pytest.raises(ValueError, match="Input 'n' must be >= 0, but is -1"):
        q.dequeue_many(-1)


def test_random_shuffle_queue_keeps_min_after_dequeue_until_closed():
    q = tf.RandomShuffleQueue(10, 3, tf.int32, shapes=[[]], seed=7)
    assert (q.name, q.queue_ref.op.type, q.queue_ref.op.get_attr("min_after_dequeue")) == \
        ("random_shuffle_queue", "RandomShuffleQueueV2", 3)
    fill = q.enqueue_many([np.arange(5, dtype=np.int32)])
    two = q.dequeue_many(2)
    with tf.Session() as sess:
        sess.run(fill)
        assert len(sess.run(two)) == 2  # 5 - 2 >= 3
        waiting = threading.Thread(target=lambda: sess.run(two))
        waiting.start()
        time.sleep(0.2)
        assert waiting.is_alive() and sess.run(q.size()) == 3  # 3 - 2 < 3: waits
        sess.run(q.close())  # min_after_dequeue no longer holds
        waiting.join(5)
        assert not waiting.is_alive() and sess.run(q.size()) == 1
        with pytest.raises(tf.errors.OutOfRangeError,
                           match="RandomShuffleQueue 'random_shuffle_queue' is closed and has "
                                 "insufficient elements \\(requested 2, current size 1\\)"):
            sess.run(two)
        assert sess.run(q.dequeue_up_to(2)).shape == (1,)


def test_random_shuffle_queue_order_follows_its_seeds():
    def order(seed, graph_seed=None):
        with tf.Graph().as_default():
            if graph_seed is not None:
                tf.set_random_seed(graph_seed)
            q = tf.RandomShuffleQueue(20, 0, tf.int32, shapes=[[]], seed=seed)
            fill = q.enqueue_many([np.arange(20, dtype=np.int32)])
            out = q.dequeue_many(20)
            with tf.Session() as sess:
                sess.run(fill)
                return sess.run(out).tolist()
    first = order(3)
    assert sorted(first) == list(range(20)) and first != list(range(20))
    assert order(3) == first and order(4) != first
    assert order(None, 5) == order(None, 5)
    with tf.Graph().as_default():
        attrs = lambda q: (q.queue_ref.op.get_attr("seed"), q.queue_ref.op.get_attr("seed2"))
        assert attrs(tf.RandomShuffleQueue(2, 0, tf.int32)) == (0, 0)
        tf.set_random_seed(1)
        # a graph seed without an op seed: seed2 from the shared name (TF's md5 of both)
        assert attrs(tf.RandomShuffleQueue(2, 0, tf.int32, shared_name="s")) == \
            (1, 217587600)


def test_padding_fifo_queue_pads_each_batch():
    q = tf.PaddingFIFOQueue(5, [tf.int32, tf.string], shapes=[[None, 2], [None]])
    fills = [q.enqueue([[[1, 2]], ["a"]]), q.enqueue([[[3, 4], [5, 6], [7, 8]], ["b", "c"]])]
    many = q.dequeue_many(2)
    one = q.dequeue()
    assert [t.shape.as_list() for t in many] == [[2, None, 2], [2, None]]
    assert [t.shape.as_list() for t in one] == [[None, 2], [None]]
    bad = q.enqueue([tf.placeholder_with_default(np.zeros((1, 3), np.int32), [None, None]),
                     ["a"]])
    with tf.Session() as sess:
        sess.run(fills)
        ints, strings = sess.run(many)
        assert ints.tolist() == [[[1, 2], [0, 0], [0, 0]], [[3, 4], [5, 6], [7, 8]]]
        assert strings.tolist() == [[b"a", b""], [b"b", b"c"]]
        sess.run(fills[1])
        assert sess.run(one)[1].tolist() == [b"b", b"c"]
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="Shape mismatch in tuple component 0. Expected \\[\\?,2\\], "
                                 "got \\[1,3\\]"):
            sess.run(bad)
        sess.run(q.close())
        with pytest.raises(tf.errors.OutOfRangeError, match="PaddingFIFOQueue 'padding_fifo_queue'"):
            sess.run(many)


def test_new_queue_build_errors():
    with pytest.raises(ValueError, match="When providing partial shapes, a list of shapes must"):
        tf.PaddingFIFOQueue(5, tf.int32, shapes=[None, 2])
    with pytest.raises(ValueError, match="Shapes must be provided for all components, but "
                                         "received 2 dtypes and 1 shapes."):
        tf.PaddingFIFOQueue(5, [tf.int32, tf.int32], shapes=[[None]])
    with pytest.raises(ValueError, match="All shapes must be fully defined"):
        tf.RandomShuffleQueue(5, 1, tf.int32, shapes=[[None]])
    q = tf.RandomShuffleQueue(5, 0, tf.int32)
    with tf.Session() as sess:
        sess.run(q.enqueue(1))
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="RandomShuffleQueue's DequeueMany and DequeueUpTo require the "
                                 "components to have specified shapes."):
            sess.run(q.dequeue_many(1))
    assert tf.queue.RandomShuffleQueue is tf.RandomShuffleQueue
    assert tf.queue.PaddingFIFOQueue is tf.io.PaddingFIFOQueue
