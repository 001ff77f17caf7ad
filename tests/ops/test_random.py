"""Random ops: TF1 names and attrs, static shapes, distributions, seed rules and determinism."""
import math

import numpy as np
import pytest

import minitf as tf
from minitf.framework import registry
from minitf.ops import random as random_ops
from tests.harness import run, session

M = 2**31 - 1


def _random_op(t):
    """The RandomX op behind a builder's result."""
    op = t.op
    while not op.type.startswith(("Random", "Truncated")):
        op = op.inputs[0].op
    return op


def _seeds(t):
    op = _random_op(t)
    return op.get_attr("seed"), op.get_attr("seed2")


def test_random_normal_graph():
    y = tf.random_normal([2, 3], mean=1.0, stddev=2.0)
    assert y.name == "random_normal:0" and y.shape.as_list() == [2, 3] and y.dtype == tf.float32
    ops = [(op.name, op.type) for op in tf.get_default_graph().get_operations()]
    assert ops == [("random_normal/shape", "Const"), ("random_normal/mean", "Const"),
                   ("random_normal/stddev", "Const"),
                   ("random_normal/RandomStandardNormal", "RandomStandardNormal"),
                   ("random_normal/mul", "Mul"), ("random_normal", "Add")]
    rnd = _random_op(y)
    assert rnd.get_attr("dtype") == tf.float32 and rnd.get_attr("T") == tf.int32
    assert _seeds(y) == (0, 0)
    assert tf.random_normal([2], name="noise").name == "noise:0"


def test_truncated_normal_graph():
    y = tf.truncated_normal([4], dtype=tf.float64)
    assert y.name == "truncated_normal:0" and y.dtype == tf.float64
    assert [op.name for op in tf.get_default_graph().get_operations()] == [
        "truncated_normal/shape", "truncated_normal/mean", "truncated_normal/stddev",
        "truncated_normal/TruncatedNormal", "truncated_normal/mul", "truncated_normal"]


def test_random_uniform_graph():
    y = tf.random_uniform([2, 3], -1.0, 3.0)
    assert y.name == "random_uniform:0" and y.op.type == "Add"
    assert [(op.name, op.type) for op in tf.get_default_graph().get_operations()] == [
        ("random_uniform/shape", "Const"), ("random_uniform/min", "Const"),
        ("random_uniform/max", "Const"), ("random_uniform/RandomUniform", "RandomUniform"),
        ("random_uniform/sub", "Sub"), ("random_uniform/mul", "Mul"), ("random_uniform", "Add")]
    z = tf.random_uniform([5], 0, 10, dtype=tf.int64)
    assert z.name == "random_uniform_1:0" and z.op.type == "RandomUniformInt"
    assert z.dtype == tf.int64 and z.op.get_attr("Tout") == tf.int64
    assert [t.name for t in z.op.inputs] == ["random_uniform_1/shape:0", "random_uniform_1/min:0",
                                             "random_uniform_1/max:0"]


def test_random_shuffle_graph():
    y = tf.random_shuffle([[1, 2], [3, 4], [5, 6]])
    assert y.name == "RandomShuffle:0" and y.shape.as_list() == [3, 2] and y.dtype == tf.int32
    assert y.op.inputs[0].name == "RandomShuffle/value:0"
    assert tf.random_shuffle(tf.placeholder(tf.float32, [None, 4])).shape.as_list() == [None, 4]


def test_static_shapes():
    assert tf.random_normal([]).shape == tf.TensorShape([])
    assert tf.random_normal(tf.TensorShape([2, 3])).shape.as_list() == [2, 3]
    assert tf.random_normal(np.array([2, 3])).shape.as_list() == [2, 3]
    assert tf.random_normal(tf.constant([2, 3], tf.int64)).shape.as_list() == [2, 3]
    assert tf.random_normal([tf.Dimension(4)]).shape.as_list() == [4]
    assert tf.random_normal(tf.placeholder(tf.int32, [3])).shape.as_list() == [None] * 3
    assert tf.random_uniform(tf.placeholder(tf.int32, [None])).shape.ndims is None
    assert tf.random_normal(tf.placeholder(tf.int32)).shape.ndims is None
    assert tf.random_normal([2, -1]).shape.as_list() == [2, None]


def test_build_errors():
    with pytest.raises(ValueError, match=r"^Shape must be rank 1 but is rank 2 for "
                                         r"'random_normal/RandomStandardNormal' \(op: "
                                         r"'RandomStandardNormal'\) with input shapes: \[1,1\]\.$"):
        tf.random_normal([[2]])
    with pytest.raises(TypeError, match="^Value passed to parameter 'shape' has DataType float32 "
                                        "not in list of allowed values: int32, int64$"):
        tf.random_normal([2.5])
    with pytest.raises(ValueError, match="Invalid value in tensor used for shape: -2"):
        tf.truncated_normal([-2])
    with pytest.raises(ValueError, match="Cannot convert a partially known TensorShape"):
        tf.random_normal(tf.TensorShape([2, None]))
    with pytest.raises(ValueError, match="^Must specify maxval for integer dtype tf.int32$"):
        tf.random_uniform([2], dtype=tf.int32)
    with pytest.raises(ValueError, match="^Invalid dtype tf.bool$"):
        tf.random_uniform([2], dtype=tf.bool)
    with pytest.raises(TypeError, match="Expected int32, got 0.0 of type 'float' instead"):
        tf.random_normal([2], dtype=tf.int32)
    with pytest.raises(TypeError, match="^Value passed to parameter 'dtype' has DataType int32 "
                                        "not in list of allowed values: float16, bfloat16, "
                                        "float32, float64$"):
        tf.truncated_normal([2], mean=0, stddev=1, dtype=tf.int32)
    with pytest.raises(ValueError, match=r"Shape must be rank 0 but is rank 1 for "
                                         r"'random_uniform' \(op: 'RandomUniformInt'\)"):
        tf.random_uniform([2], [0, 1], 5, dtype=tf.int32)


def test_run_time_errors(backend):
    p = tf.placeholder(tf.int32)
    lo = tf.placeholder(tf.int32)
    cases = [
        (tf.random_normal(p), {p: [2, -1, 3]}, r"Dimension -1 must be >= 0"),
        (tf.truncated_normal(p), {p: [[1, 2]]}, r"shape must be a vector of \{int32,int64\}, "
                                                r"got shape \[1,2\]"),
        (tf.random_uniform(p), {p: 2}, r"got shape \[\]"),
        (tf.random_uniform([2], 5, 5, dtype=tf.int32), {}, r"Need minval < maxval, got 5 >= 5"),
        (tf.random_uniform([2], lo, 5, dtype=tf.int32), {lo: [1, 2]},
         r"minval must be 0-D, got shape \[2\]"),
    ]
    for t, feed, message in cases:
        with pytest.raises(tf.errors.InvalidArgumentError, match=message):
            run(t, feed, backend=backend)


def test_distributions(backend):
    tf.set_random_seed(3)
    n = (200, 150)
    normal = tf.random_normal(n, mean=2.0, stddev=3.0)
    trunc = tf.truncated_normal(n, mean=-1.0, stddev=0.5)
    uniform = tf.random_uniform(n, -2.0, 6.0, dtype=tf.float64)
    ints = tf.random_uniform(n, -3, 4, dtype=tf.int32)
    std_trunc = tf.truncated_normal(n)
    a, b, c, d, e = run([normal, trunc, uniform, ints, std_trunc], backend=backend)
    assert a.shape == n and a.dtype == np.float32
    assert abs(a.mean() - 2.0) < 0.05 and abs(a.std() - 3.0) < 0.05
    assert b.dtype == np.float32 and b.min() > -2.0 and b.max() < 0.0
    assert abs(b.mean() + 1.0) < 0.01
    assert abs(e.std() - 0.8796) < 0.01 and np.abs(e).max() < 2.0  # std of N(0,1) cut at +-2
    assert c.dtype == np.float64 and c.min() >= -2.0 and c.max() < 6.0
    assert abs(c.mean() - 2.0) < 0.05
    assert d.dtype == np.int32 and set(np.unique(d)) == set(range(-3, 4))


def test_float16_and_unit_uniform(backend):
    h = tf.random_uniform([1000], dtype=tf.float16)
    u = tf.random_uniform([1000])
    hv, uv = run([h, u], backend=backend)
    assert hv.dtype == np.float16 and hv.min() >= 0 and hv.max() < 1
    assert uv.min() >= 0 and uv.max() < 1


def test_shuffle_permutes_rows(backend):
    x = np.arange(40).reshape(20, 2)
    y = tf.random_shuffle(x, seed=1)
    with session(backend) as sess:
        a, b = sess.run(y), sess.run(y)
    for v in (a, b):
        assert sorted(v[:, 0].tolist()) == list(range(0, 40, 2))
        np.testing.assert_array_equal(v[:, 1], v[:, 0] + 1)
    assert not np.array_equal(a, b) and not np.array_equal(a, x)
    assert run(tf.random_shuffle(tf.constant(3.0)), backend=backend) == 3.0
    strings = run(tf.random_shuffle(["a", "b", "c"]), backend=backend)
    assert sorted(strings.tolist()) == [b"a", b"b", b"c"]


def test_get_seed_rules():
    g = tf.get_default_graph()
    assert g.seed is None and tf.get_seed(None) == (None, None)
    assert tf.get_seed(5) == (87654321, 5)
    assert tf.get_seed(2**31 + 3) == (87654321, 4)
    tf.set_random_seed(7)
    assert g.seed == 7
    tf.constant(1.0)
    tf.constant(2.0)
    assert tf.get_seed(None) == (7, g._last_id) == (7, 2)
    assert tf.get_seed(11) == (7, 11)
    tf.set_random_seed(2**31 + 1)
    assert tf.get_seed(M) == (2, 0)
    tf.set_random_seed(0)
    assert tf.get_seed(0) == (0, M) and tf.get_seed(M) == (0, M)
    assert tf.Graph().seed is None


def test_op_seed_after_while_and_cond_counts_ops_only():
    """TF 1.15's op counter counts the graph's ops; a loop or cond adds only its own ops (a
    random op after a dynamic_rnn gets the same seed2, hence the same values, as in TF)."""
    g = tf.get_default_graph()
    tf.set_random_seed(7)
    x = tf.placeholder(tf.float32, [None, 3, 2])
    tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(4), x, dtype=tf.float32)
    tf.cond(x[0, 0, 0] > 0, lambda: x + 1.0, lambda: x - 1.0)
    assert g._last_id == len(g.get_operations())
    tf.random_normal([2])
    normal = g.get_operation_by_name("random_normal/RandomStandardNormal")
    assert normal.get_attr("seed2") == g.get_operations().index(normal)


def test_op_seed_attrs():
    assert _seeds(tf.random_normal([2], seed=5)) == (87654321, 5)
    tf.set_random_seed(7)
    first = tf.random_normal([2])  # 6 ops so far, then shape, mean and stddev: counter 9
    assert _seeds(first) == (7, 9)
    assert _seeds(tf.random_uniform([2])) == (7, 15)
    assert _seeds(tf.random_shuffle([2, 3])) == (7, 19)  # the seed is taken before the value
    assert _seeds(tf.random_uniform([2], maxval=4, dtype=tf.int32)) == (7, 24)


def test_seeded_ops_repeat_per_session_and_advance_per_run(backend):
    tf.set_random_seed(42)
    a = tf.random_normal([5])
    b = tf.random_normal([5])
    with session(backend) as sess:
        a1, b1 = sess.run([a, b])
        a2 = sess.run(a)
    with session(backend) as sess:
        a1_again, a2_again = sess.run(a), sess.run(a)
    np.testing.assert_array_equal(a1, a1_again)
    np.testing.assert_array_equal(a2, a2_again)
    assert not np.array_equal(a1, a2) and not np.array_equal(a1, b1)


def test_same_program_same_values(backend):
    def build():
        g = tf.Graph()
        with g.as_default():
            tf.set_random_seed(1)
            tf.placeholder(tf.float32)
            out = tf.random_uniform([4]) + tf.truncated_normal([4], seed=3)
        with session(backend, g) as sess:
            return sess.run(out)
    np.testing.assert_array_equal(build(), build())


def test_unseeded_ops_differ_between_sessions(backend):
    a = tf.random_normal([8])
    with session(backend) as s1, session(backend) as s2:
        assert not np.array_equal(s1.run(a), s2.run(a))


def test_registry_flags():
    for op_type in ["RandomStandardNormal", "TruncatedNormal", "RandomUniform",
                    "RandomUniformInt", "RandomShuffle"]:
        opdef = registry.lookup(op_type)
        assert opdef.stateful and opdef.grad is registry.NOT_DIFFERENTIABLE


def test_namespaces():
    for name in ["random_normal", "random_uniform", "truncated_normal", "random_shuffle",
                 "set_random_seed", "get_seed"]:
        assert getattr(tf, name) is getattr(random_ops, name)
    assert random_ops.normal is tf.random_normal and random_ops.uniform is tf.random_uniform
    assert random_ops.shuffle is tf.random_shuffle
    assert all(hasattr(random_ops, name) for name in random_ops.RANDOM_ALL)


def test_random_crop_slices_a_window(backend):
    x = tf.constant(np.arange(60).reshape(5, 4, 3))
    crop = tf.random_crop(x, [2, 4, 3], seed=7)
    assert crop.name == "random_crop:0" and crop.shape.as_list() == [2, 4, 3]
    with session(backend) as sess:
        for _ in range(5):
            got = sess.run(crop)
            start = int(got[0, 0, 0]) // 12
            np.testing.assert_array_equal(got, np.arange(60).reshape(5, 4, 3)[start:start + 2])
    u = tf.placeholder(tf.float32, [None, 3])
    too_big = tf.random_crop(u, [4, 3])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Need value.shape >= size, got "):
        run(too_big, {u: np.zeros((3, 3))}, backend=backend)
    run(too_big, {u: np.zeros((4, 3))}, backend=backend)


# ---- categorical, RandomGamma (and RandomGammaGrad), RandomPoissonV2

def test_categorical_is_multinomial():
    logits = tf.constant([[0.1, 1.0, -2.0], [3.0, 0.0, 0.0]])
    c = tf.random.categorical(logits, 50, seed=4)
    m = tf.multinomial(logits, 50, seed=4)
    c32 = tf.random.categorical(logits, 3, dtype=tf.int32, seed=4, name="draw")
    assert (c.name, c.dtype, c.shape.as_list()) == ("categorical/Multinomial:0", tf.int64,
                                                    [2, 50])
    assert c32.name == "draw/Multinomial:0" and c32.dtype == tf.int32
    assert c.op.inputs[1].op.name == "categorical/Multinomial/num_samples"
    got_c, got_m = run([c, m])
    np.testing.assert_array_equal(got_c, got_m)
    assert tf.random.multinomial is tf.multinomial
    with pytest.raises(TypeError, match="Value passed to parameter 'output_dtype' has DataType "
                                        "float32"):
        tf.random.categorical(logits, 2, dtype=tf.float32)


def test_gamma_graph_and_moments(backend):
    alpha = np.array([0.3, 1.0, 2.5, 9.0])
    beta = np.array([[1.0], [2.0]])
    x = tf.random.gamma([4000], alpha, beta=beta, dtype=tf.float64, seed=1)
    assert x.name == "random_gamma/Maximum:0" and x.shape.as_list() == [4000, 2, 4]
    g = tf.get_default_graph()
    assert g.get_operation_by_name("random_gamma/RandomGamma").get_attr("seed2") == 1
    got = run(x, backend=backend)
    assert got.dtype == np.float64 and (got > 0).all()
    mean, var = alpha / beta, alpha / beta ** 2
    np.testing.assert_allclose(got.mean(0), mean, rtol=0.1)
    np.testing.assert_allclose(got.var(0), var, rtol=0.2)
    assert tf.random_gamma is tf.random.gamma


def test_gamma_types_and_repeats():
    x = tf.random_gamma([3], [0.5, 1.0], seed=2)
    h = tf.random_gamma([3], 2.0, dtype=tf.float16, seed=2)
    assert x.dtype == tf.float32 and h.dtype == tf.float16
    with tf.Session() as sess:
        first, second = sess.run(x), sess.run(x)
    assert not np.array_equal(first, second)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(x), first)
    with pytest.raises(TypeError, match="Value passed to parameter 'alpha' has DataType int32"):
        tf.random_gamma([3], 2, dtype=tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Input alpha should have non-zero element count, got: 0"):
        run(tf.random_gamma([2], np.zeros((0,), np.float32)))
    assert run(tf.random_gamma([0], [1.0, 2.0])).shape == (0, 2)


def _simpson(f, width):
    return (f[0] + f[-1] + 4 * f[1:-1:2].sum() + 2 * f[2:-1:2].sum()) * width / (3 * (len(f) - 1))


def _lower_incomplete(a, x, n=20001):
    """P(a, x) by Simpson's rule, independent of the kernel's series and continued fractions:
    of t^(a-1) e^-t over [0, x] for a >= 1, else of x^a / a * exp(-x u^(1/a)) over [0, 1]
    (smooth where the first has its singularity)."""
    if a >= 1:
        t = np.linspace(0.0, x, n)
        integral = _simpson(t ** (a - 1) * np.exp(-t), x)
    else:
        u = np.linspace(0.0, 1.0, n)
        integral = x ** a / a * _simpson(np.exp(-x * u ** (1.0 / a)), 1.0)
    return integral / math.gamma(a)


def test_gamma_grad_is_the_quantile_derivative():
    alpha = np.array([0.4, 1.5, 4.0, 12.0])
    sample = np.array([0.2, 0.9, 5.5, 10.0])
    got = run(random_ops.random_gamma_grad(alpha, sample))
    for a, x, g in zip(alpha, sample, got):
        h = 1e-4 * a
        d_alpha = (_lower_incomplete(a + h, x) - _lower_incomplete(a - h, x)) / (2 * h)
        pdf = math.exp((a - 1) * math.log(x) - x - math.lgamma(a))
        assert g == pytest.approx(-d_alpha / pdf, rel=1e-5)


def test_gamma_gradient_graph():
    alpha = tf.placeholder(tf.float64, [3])
    x = tf.random_gamma([5, 2], alpha, dtype=tf.float64, seed=3)
    sample = tf.get_default_graph().get_operation_by_name("random_gamma/RandomGamma").outputs[0]
    grad = tf.gradients(tf.reduce_sum(sample), alpha)[0]
    assert grad.shape.as_list() == [3]
    types = {op.type for op in tf.get_default_graph().get_operations()}
    assert "RandomGammaGrad" in types
    value = np.array([0.5, 2.0, 6.0])
    with tf.Session() as sess:
        got_sample, got_grad = sess.run([sample, grad], {alpha: value})
        want = sess.run(random_ops.random_gamma_grad(np.broadcast_to(value, (5, 2, 3)),
                                                     got_sample))
    np.testing.assert_allclose(got_grad, want.sum((0, 1)), rtol=1e-12)
    assert x.dtype == tf.float64
    assert registry.lookup("RandomGammaGrad").grad == registry.NOT_DIFFERENTIABLE


def test_poisson(backend):
    lam = np.array([0.5, 4.0, 25.0, 300.0])
    p = tf.random.poisson(lam, [5000], seed=11, dtype=tf.float64)
    assert p.name == "random_poisson/RandomPoissonV2:0" and p.shape.as_list() == [5000, 4]
    op = p.op
    assert op.get_attr("R") == tf.float64 and op.inputs[1].op.name == \
        "random_poisson/RandomPoissonV2/rate"
    got = run(p, backend=backend)
    assert (got == np.round(got)).all() and (got >= 0).all()
    np.testing.assert_allclose(got.mean(0), lam, rtol=0.06)
    np.testing.assert_allclose(got.var(0), lam, rtol=0.15)
    ints = tf.random_poisson([[1.5, 60.0]], [2, 3], dtype=tf.int32, seed=12)
    assert ints.dtype == tf.int32 and ints.shape.as_list() == [2, 3, 1, 2]
    assert run(ints, backend=backend).dtype == np.int32
    assert tf.random.poisson is tf.random_poisson
    with pytest.raises(TypeError, match="Value passed to parameter 'dtype' has DataType bool"):
        tf.random_poisson(1.0, [2], dtype=tf.bool)
    # TF's kernel would loop forever on a NaN rate; minitf gives NaN
    assert np.isnan(run(tf.random_poisson([np.nan], [2]))).all()
