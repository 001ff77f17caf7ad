"""Concurrent Session.run on one session (issue 9, item 4): the plan cache, the variable store,
loops and TensorArrays, random ops, and Hogwild training, from 8 threads x 200 runs."""
import sys
import threading

import numpy as np
import pytest

import minitf as tf
from minitf.runtime import session as session_mod

THREADS = 8
RUNS = 200


def _in_threads(work, n=THREADS):
    """Runs work(i) in n threads started together; re-raises the first failure."""
    barrier = threading.Barrier(n)
    errors = []

    def target(i):
        try:
            barrier.wait()
            work(i)
        except BaseException as e:  # noqa: BLE001 - reported in the main thread
            errors.append(e)
    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often, so races show
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    if errors:
        raise errors[0]


@pytest.fixture
def plan_count(monkeypatch):
    """The plans the session compiles (a loop's or a cond's sub-plans included)."""
    made = []

    class CountingPlan(session_mod.Plan):
        def __init__(self, *args, **kwargs):
            made.append(args[:3])
            super().__init__(*args, **kwargs)
    monkeypatch.setattr(session_mod, "Plan", CountingPlan)
    return made


def test_two_threads_missing_together_compile_once(plan_count):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    y = tf.reduce_sum(tf.tanh(x) * 2.0, axis=1)
    with tf.Session() as sess:
        def work(i):
            for _ in range(20):
                got = sess.run(y, {x: np.full((2, 3), i, np.float32)})
                np.testing.assert_allclose(got, np.full(2, 6 * np.tanh(i)), rtol=1e-6)
        _in_threads(work)
    assert len(plan_count) == 1


def test_forward_fetches_with_distinct_feeds_are_exact(plan_count):
    x = tf.placeholder(tf.float64, [None, 4], name="x")
    k = tf.placeholder(tf.int32, [], name="k")
    w = tf.constant(np.arange(20.0).reshape(4, 5))
    mm = tf.matmul(x, w)
    total = tf.reduce_sum(mm)
    scaled = mm * tf.cast(k, tf.float64)
    signatures = [mm, [mm, total], {"s": scaled, "t": total}, (total,)]
    wv = np.arange(20.0).reshape(4, 5)
    with tf.Session() as sess:
        def work(i):
            for r in range(RUNS):
                xv = np.full((i + 1, 4), float(r + i))
                want = xv @ wv
                kind = (r + i) % 4
                if kind == 0:
                    np.testing.assert_array_equal(sess.run(mm, {x: xv}), want)
                elif kind == 1:
                    a, b = sess.run(signatures[1], {x: xv})
                    np.testing.assert_array_equal(a, want)
                    assert b == want.sum()
                elif kind == 2:
                    out = sess.run(signatures[2], {x: xv, k: i})
                    np.testing.assert_array_equal(out["s"], want * i)
                    assert out["t"] == want.sum()
                else:
                    assert sess.run(signatures[3], {x: xv}) == (want.sum(),)
        _in_threads(work)
    assert len(plan_count) == 4  # one per (fetches, feeds) signature


def test_while_loop_and_tensor_array_state_is_per_run():
    n = tf.placeholder(tf.int32, [], name="n")
    start = tf.placeholder(tf.float32, [], name="start")
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)

    def body(i, acc, ta):
        acc = acc * 2.0 + 1.0
        return i + 1, acc, ta.write(i, acc)
    _, final, ta = tf.while_loop(lambda i, acc, ta: i < n, body, [0, start, ta])
    stacked = ta.stack()
    with tf.Session() as sess:
        def work(t):
            for r in range(RUNS):
                steps = 1 + (r + t) % 7
                got_final, got_stack = sess.run([final, stacked], {n: steps, start: float(t)})
                want = [float(t)]
                for _ in range(steps):
                    want.append(want[-1] * 2.0 + 1.0)
                assert got_final == np.float32(want[-1])
                np.testing.assert_array_equal(got_stack, np.float32(want[1:]))
        _in_threads(work)


def test_seeded_random_draws_are_the_serial_sequence_shared_out():
    r = tf.random_uniform([3], seed=7, name="r")
    with tf.Session() as serial:
        want = np.concatenate([serial.run(r) for _ in range(THREADS * RUNS)])
    with tf.Session() as sess:
        got = [[] for _ in range(THREADS)]
        _in_threads(lambda i: got[i].extend(sess.run(r) for _ in range(RUNS)))
    drawn = np.concatenate([v for per in got for v in per])
    # every run drew its own three values: the same multiset as one thread's 1600 runs
    np.testing.assert_array_equal(np.sort(drawn), np.sort(want))


def test_locked_assign_add_loses_no_update():
    v = tf.Variable(np.zeros((2, 3)), name="v")
    inc = tf.assign_add(v, tf.ones((2, 3), tf.float64), use_locking=True)
    with tf.Session() as sess:
        sess.run(v.initializer)
        _in_threads(lambda i: [sess.run(inc.op) for _ in range(RUNS)])
        np.testing.assert_array_equal(sess.run(v), np.full((2, 3), THREADS * RUNS))


def test_locked_scatter_add_and_apply_lose_no_update():
    v = tf.Variable(np.zeros((4, 3)), name="v")
    s = tf.scatter_add(v, [1, 3], tf.ones((2, 3), tf.float64), use_locking=True)
    w = tf.Variable(np.zeros(5), name="w")
    sgd = tf.train.GradientDescentOptimizer(1.0, use_locking=True)
    step = sgd.apply_gradients([(tf.constant(-np.ones(5)), w)])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        _in_threads(lambda i: [sess.run([s.op, step]) for _ in range(RUNS)])
        want = np.zeros((4, 3))
        want[[1, 3]] = THREADS * RUNS
        np.testing.assert_array_equal(sess.run(v), want)
        np.testing.assert_array_equal(sess.run(w), np.full(5, THREADS * RUNS))


def _regression():
    rng = np.random.RandomState(0)
    xs = rng.randn(64, 5)
    true_w = np.arange(1.0, 6.0).reshape(5, 1)
    ys = xs @ true_w
    x = tf.placeholder(tf.float64, [None, 5], name="x")
    y = tf.placeholder(tf.float64, [None, 1], name="y")
    w = tf.get_variable("w", [5, 1], tf.float64, tf.zeros_initializer())
    b = tf.get_variable("b", [1], tf.float64, tf.zeros_initializer())
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
    return xs, ys, x, y, w, loss


@pytest.mark.parametrize("make_opt", [lambda: tf.train.GradientDescentOptimizer(0.05),
                                      lambda: tf.train.AdamOptimizer(0.05),
                                      lambda: tf.train.MomentumOptimizer(0.01, 0.5)],
                         ids=["sgd", "adam", "momentum"])
def test_hogwild_training_converges_and_keeps_the_store_whole(make_opt):
    xs, ys, x, y, w, loss = _regression()
    train = make_opt().minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        names = sorted(sess.resources.variables)

        def work(i):
            batch = slice(8 * i, 8 * i + 8)
            for _ in range(RUNS):
                _, lv = sess.run([train, loss], {x: xs[batch], y: ys[batch]})
                assert np.isfinite(lv)
        _in_threads(work)
        store = sess.resources.variables
        assert sorted(store) == names  # no variable lost or added
        for v in tf.global_variables():
            arr = store[v.op.name]
            assert arr.shape == tuple(v.shape.as_list()) and arr.dtype == v.dtype.as_numpy_dtype
            assert np.isfinite(arr).all()
        assert sess.run(loss, {x: xs, y: ys}) < 1e-3
        np.testing.assert_allclose(sess.run(w), np.arange(1.0, 6.0).reshape(5, 1), atol=0.05)


def test_one_thread_trains_while_another_evaluates():
    xs, ys, x, y, w, loss = _regression()
    train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
    pred = tf.matmul(x, w)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = sess.run(loss, {x: xs, y: ys})
        done = threading.Event()
        seen = []

        def work(i):
            if i == 0:
                for _ in range(4 * RUNS):
                    sess.run(train, {x: xs, y: ys})
                done.set()
                return
            while not done.is_set() or len(seen) < RUNS:
                wv, pv, lv = sess.run([w, pred, loss], {x: xs[:3], y: ys[:3]})
                assert wv.shape == (5, 1) and pv.shape == (3, 1) and np.isfinite(lv)
                seen.append(lv)
        _in_threads(work, 2)
        assert len(seen) >= RUNS
        assert sess.run(loss, {x: xs, y: ys}) < first * 1e-3


def test_fetched_values_never_change_under_the_caller():
    v = tf.Variable(np.zeros(4), name="v")
    step = tf.train.GradientDescentOptimizer(1.0).apply_gradients([(tf.constant(-np.ones(4)), v)])
    with tf.Session() as sess:
        sess.run(v.initializer)

        def work(i):
            if i % 2:
                for _ in range(RUNS):
                    sess.run(step)
                return
            for _ in range(RUNS):
                got = sess.run(v)
                assert got.flags.writeable and got.flags.owndata  # a copy of its own
                snapshot = got.copy()
                sess.run(step)
                np.testing.assert_array_equal(got, snapshot)
        _in_threads(work)


def test_shared_callable_and_cond_give_each_thread_its_own_result(plan_count):
    x = tf.placeholder(tf.float32, [None], name="x")
    flag = tf.placeholder(tf.bool, [], name="flag")
    out = tf.cond(flag, lambda: tf.reduce_sum(x * 3.0), lambda: tf.reduce_max(x) - 1.0)
    with tf.Session() as sess:
        call = sess.make_callable(out, [x, flag])

        def work(i):
            for r in range(RUNS):
                xv = np.arange(i + 1, dtype=np.float32) + r
                take = (r + i) % 2 == 0
                want = xv.sum() * 3 if take else xv.max() - 1
                assert call(xv, take) == np.float32(want)
        _in_threads(work)
    assert len(plan_count) == 3  # compiled once: the plan and its two branches
