"""The bad-input matrix (issue 9, item 5): each case in cases.py raises TF1's error class with a
message naming what was wrong, and afterwards the graph still builds and the same session still
runs correct fetches; values that are not errors (NaN, Inf, empty tensors, convertible feeds)
give numpy's results. Hypothesis drives random op chains against numpy and random feeds against
the shape rules."""
import builtins

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import minitf as tf
from tests.badinput import cases


def _classes(names: str) -> tuple:
    return tuple(getattr(tf.errors, n, None) or getattr(builtins, n) for n in names.split("|"))


def _still_works(e: cases.Env) -> None:
    """The graph still builds and the same session still runs correct fetches."""
    with e.graph.as_default():
        fresh = tf.reduce_sum(e.y) + e.c[0]
    ones = np.ones((2, 3), np.float32)
    assert e.sess.run(fresh, {e.x: ones}) == 13.0
    got_y, got_v = e.sess.run([e.y, e.v], {e.x: ones})
    np.testing.assert_array_equal(got_y, 2 * ones)
    np.testing.assert_array_equal(got_v, ones)


@pytest.fixture
def env():
    e = cases.Env(tf)
    yield e
    e.sess.close()


def test_the_matrix_is_large_and_its_ids_unique():
    ids = [c.id for c in cases.CASES] + [c.id for c in cases.OK]
    assert len(ids) == len(set(ids)) and len(ids) >= 200


@pytest.mark.parametrize("case", cases.CASES, ids=lambda c: c.id)
def test_bad_input_raises_tf_error_and_leaves_session_working(case, env):
    with env.graph.as_default(), pytest.raises(_classes(case.error), match="(?s)" + case.match):
        case.fn(tf, env)
    _still_works(env)


@pytest.mark.parametrize("case", cases.OK, ids=lambda c: c.id)
def test_accepted_values_give_numpys_results(case, env):
    with env.graph.as_default(), np.errstate(all="ignore"):
        got, want = case.fn(tf, env)
    assert getattr(got, "dtype", None) == getattr(want, "dtype", None)
    if want.dtype == object:
        np.testing.assert_array_equal(got, want)
    else:
        np.testing.assert_allclose(got, want, rtol=1e-6, equal_nan=True)
    _still_works(env)


# ---- property tests

_UNARY = [(tf.tanh, np.tanh), (tf.abs, np.abs), (tf.negative, np.negative),
          (tf.sin, np.sin), (tf.square, np.square), (tf.sigmoid, lambda a: 1 / (1 + np.exp(-a)))]


@st.composite
def _chains(draw):
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=3)))
    value = draw(hnp.arrays(np.float64, shape, elements=st.floats(-3, 3)))
    steps = draw(st.lists(st.tuples(st.sampled_from(
        ["unary", "add", "mul", "reduce_sum", "reduce_mean", "reduce_max", "reshape",
         "transpose", "expand_dims"]), st.integers(0, 99), st.booleans()), max_size=8))
    return value, steps


def _apply(step, t, a):
    """One op of a chain on a tensor `t` and on numpy's array `a` alike."""
    kind, k, flag = step
    if kind == "unary":
        f_tf, f_np = _UNARY[k % len(_UNARY)]
        return f_tf(t), f_np(a)
    if kind in ("add", "mul"):
        other = np.linspace(-1, 1, a.shape[-1]) if a.ndim else np.float64(0.5)
        return (t + other, a + other) if kind == "add" else (t * other, a * other)
    if kind.startswith("reduce"):
        if a.ndim == 0:
            return t, a
        axis = k % a.ndim
        f_np = {"reduce_sum": np.sum, "reduce_mean": np.mean, "reduce_max": np.max}[kind]
        return getattr(tf, kind)(t, axis=axis, keepdims=flag), f_np(a, axis=axis, keepdims=flag)
    if kind == "reshape":
        shape = [-1] if flag or a.ndim == 0 or a.size == 0 else [a.size // a.shape[0], a.shape[0]]
        return tf.reshape(t, shape), a.reshape(shape)
    if kind == "transpose":
        return tf.transpose(t), a.T
    axis = k % (a.ndim + 1)
    return tf.expand_dims(t, axis), np.expand_dims(a, axis)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_chains())
def test_random_op_chains_match_numpy(chain):
    value, steps = chain
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float64, value.shape)
        t, a = x, value
        for step in steps:
            t, a = _apply(step, t, a)
        assert t.shape.as_list() == list(np.shape(a))  # static shapes are numpy's
        with tf.Session() as sess:
            np.testing.assert_allclose(sess.run(t, {x: value}), a, rtol=1e-12, atol=1e-12)


_dims = st.lists(st.integers(0, 4), min_size=0, max_size=3)


@pytest.fixture(scope="module")
def feed_graph():
    """Placeholders of unknown, partial and full shapes, and ops whose shape rules only run
    when fed; one session for all examples, as a user's would be."""
    g = tf.Graph()
    with g.as_default():
        p = {"full": tf.placeholder(tf.float32, [2, 3]),
             "rows": tf.placeholder(tf.float32, [None, 3]),
             "any": tf.placeholder(tf.float32, None), "other": tf.placeholder(tf.float32, None)}
        ops = {"double": {k: v * 2.0 for k, v in p.items()},
               "add": p["any"] + p["other"],
               "reshape": tf.reshape(p["any"], [3, -1]),
               "matmul": tf.matmul(tf.reshape(p["any"], [-1, 3]), p["rows"], transpose_b=True)}
    sess = tf.Session(graph=g)
    yield p, ops, sess
    sess.close()


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(which=st.sampled_from(["full", "rows", "any"]), dims=_dims, other=_dims)
def test_random_feeds_follow_the_shape_rules(feed_graph, which, dims, other):
    p, ops, sess = feed_graph
    value = np.arange(np.prod(dims, dtype=int), dtype=np.float32).reshape(dims)
    static = {"full": (2, 3), "rows": (None, 3), "any": None}[which]
    fits = static is None or (len(static) == len(dims) and all(
        s is None or s == d for s, d in zip(static, dims)))
    if not fits:
        with pytest.raises(ValueError, match=r"^Cannot feed value of shape"):
            sess.run(ops["double"][which], {p[which]: value})
    else:
        np.testing.assert_array_equal(sess.run(ops["double"][which], {p[which]: value}), value * 2)

    second = np.ones(other, np.float32)
    try:
        want = value + second
    except ValueError:
        with pytest.raises(tf.errors.InvalidArgumentError, match="Incompatible shapes"):
            sess.run(ops["add"], {p["any"]: value, p["other"]: second})
    else:
        np.testing.assert_array_equal(sess.run(ops["add"], {p["any"]: value,
                                                            p["other"]: second}), want)

    if value.size % 3:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=f"Input to reshape is a tensor with {value.size} values"):
            sess.run(ops["reshape"], {p["any"]: value})
    else:
        np.testing.assert_array_equal(sess.run(ops["reshape"], {p["any"]: value}),
                                      value.reshape(3, -1))

    rows = np.ones((len(dims), 3), np.float32)
    if value.size % 3:
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(ops["matmul"], {p["any"]: value, p["rows"]: rows})
    else:
        np.testing.assert_array_equal(
            sess.run(ops["matmul"], {p["any"]: value, p["rows"]: rows}),
            value.reshape(-1, 3) @ rows.T)
