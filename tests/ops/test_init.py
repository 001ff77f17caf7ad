"""Initializers: the ops each builds (as TF 1.15 names them), their values and distributions,
seeds, configs and errors; the Qr and DiagPart ops the orthogonal initializer uses."""
import math

import numpy as np
import pytest

import minitf as tf
from minitf.framework import errors
from minitf.ops import init
from tests.harness import check_op, distinct_shape_input, session

FAN = (400, 300)  # fan_in 400, fan_out 300


def _initializer_ops(name):
    """(name, type) of the ops under `<name>/Initializer/`, in creation order."""
    prefix = name + "/Initializer/"
    return [(op.name[len(prefix):], op.type) for op in tf.get_default_graph().get_operations()
            if op.name.startswith(prefix)]


def _values(*variables):
    with session() as sess:
        sess.run(tf.variables_initializer(list(variables)))
        return sess.run(list(variables))


RANDOM_UNIFORM_OPS = [("random_uniform/shape", "Const"), ("random_uniform/min", "Const"),
                      ("random_uniform/max", "Const"), ("random_uniform/RandomUniform",
                                                        "RandomUniform"),
                      ("random_uniform/sub", "Sub"), ("random_uniform/mul", "Mul"),
                      ("random_uniform", "Add")]


def _scaled_ops(scope, op_type):
    return [(f"{scope}/shape", "Const"), (f"{scope}/mean", "Const"),
            (f"{scope}/stddev", "Const"), (f"{scope}/{op_type}", op_type),
            (f"{scope}/mul", "Mul"), (scope, "Add")]


@pytest.mark.parametrize("make,expected", [
    (tf.zeros_initializer, [("zeros", "Const")]),
    (tf.ones_initializer, [("ones", "Const")]),
    (lambda: tf.constant_initializer(2.0), [("Const", "Const")]),
    (tf.random_uniform_initializer, RANDOM_UNIFORM_OPS),
    (tf.glorot_uniform_initializer, RANDOM_UNIFORM_OPS),
    (tf.uniform_unit_scaling_initializer, RANDOM_UNIFORM_OPS),
    (lambda: tf.variance_scaling_initializer(distribution="uniform"), RANDOM_UNIFORM_OPS),
    (tf.random_normal_initializer, _scaled_ops("random_normal", "RandomStandardNormal")),
    (lambda: tf.variance_scaling_initializer(distribution="untruncated_normal"),
     _scaled_ops("random_normal", "RandomStandardNormal")),
    (tf.truncated_normal_initializer, _scaled_ops("truncated_normal", "TruncatedNormal")),
    (tf.glorot_normal_initializer, _scaled_ops("truncated_normal", "TruncatedNormal")),
    (tf.variance_scaling_initializer, _scaled_ops("truncated_normal", "TruncatedNormal")),
])
def test_initializer_ops(make, expected):
    v = tf.get_variable("v", [2, 3], initializer=make())
    got = _initializer_ops("v")
    assert [name for name, _ in got] == [name for name, _ in expected]
    assert [t for _, t in got][:-1] == [t for _, t in expected][:-1]
    assert got[-1][1] in ("Add", "AddV2", "Const")
    assert v.initial_value.name == f"v/Initializer/{expected[-1][0]}:0"
    assert v.shape.as_list() == [2, 3]


def test_get_variable_default_initializer_ops():
    w = tf.get_variable("w", [3, 4])
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert names == ["w/Initializer/random_uniform/shape", "w/Initializer/random_uniform/min",
                     "w/Initializer/random_uniform/max",
                     "w/Initializer/random_uniform/RandomUniform",
                     "w/Initializer/random_uniform/sub", "w/Initializer/random_uniform/mul",
                     "w/Initializer/random_uniform", "w", "w/Assign", "w/read"]
    assert w.initial_value.name == "w/Initializer/random_uniform:0"
    limit = math.sqrt(6 / 7)
    consts = {op.name: op.get_attr("value") for op in tf.get_default_graph().get_operations()
              if op.type == "Const"}
    assert consts["w/Initializer/random_uniform/shape"].tolist() == [3, 4]
    np.testing.assert_allclose(consts["w/Initializer/random_uniform/max"], limit, rtol=1e-6)
    np.testing.assert_allclose(consts["w/Initializer/random_uniform/min"], -limit, rtol=1e-6)


def test_default_initializers_by_dtype():
    i = tf.get_variable("i", [4], dtype=tf.int32)
    b = tf.get_variable("b", [2], dtype=tf.bool)
    s = tf.get_variable("s", [2], dtype=tf.string)
    d = tf.get_variable("d", [50, 40], dtype=tf.float64)
    assert [v.initial_value.name for v in (i, b, s)] == [
        "i/Initializer/zeros:0", "b/Initializer/zeros:0", "s/Initializer/zeros:0"]
    iv, bv, sv, dv = _values(i, b, s, d)
    assert iv.tolist() == [0, 0, 0, 0] and bv.tolist() == [False, False]
    assert sv.tolist() == [b"", b""]
    assert dv.dtype == np.float64 and np.abs(dv).max() <= math.sqrt(6 / 90)


def test_one_dimensional_default_initializer_limit():
    v = tf.get_variable("peephole", [300])
    (x,) = _values(v)
    limit = math.sqrt(3 / 300)
    assert np.abs(x).max() <= limit and np.abs(x).max() > 0.9 * limit


def test_constant_initializer_values():
    a = tf.get_variable("a", [2, 2], initializer=tf.constant_initializer(2.5))
    b = tf.get_variable("b", [3, 2], initializer=tf.constant_initializer([1, 2, 3, 4, 5, 6]))
    c = tf.get_variable("c", [4], initializer=tf.constant_initializer([1.0, 2.0]))
    d = tf.get_variable("d", [2], initializer=tf.constant_initializer())
    e = tf.get_variable("e", [2], initializer=tf.constant_initializer(np.array([3, 4]),
                                                                      dtype=tf.int64))
    f = tf.get_variable("f", [3], initializer=tf.ones_initializer(), dtype=tf.float64)
    av, bv, cv, dv, ev, fv = _values(a, b, c, d, e, f)
    assert av.tolist() == [[2.5, 2.5], [2.5, 2.5]] and av.dtype == np.float32
    assert bv.tolist() == [[1, 2], [3, 4], [5, 6]]
    assert cv.tolist() == [1.0, 2.0, 2.0, 2.0]
    assert dv.tolist() == [0.0, 0.0]
    assert e.dtype.name == "float32_ref" and ev.tolist() == [3.0, 4.0]
    assert fv.dtype == np.float64 and fv.tolist() == [1.0, 1.0, 1.0]


def test_constant_initializer_errors():
    with pytest.raises(ValueError, match="^Too many elements provided. Needed at most 2, but "
                                         "received 3$"):
        tf.constant_initializer([1, 2, 3])([2])
    with pytest.raises(TypeError, match=r"^Expected Tensor's shape: \(4,\), got \(3,\)\.$"):
        tf.constant_initializer([1, 2, 3], verify_shape=True)([4])
    with pytest.raises(TypeError, match=r"^Invalid type for initial value: <class 'dict'> "
                                        r"\(expected Python scalar, list or tuple of values, or "
                                        r"numpy\.ndarray\)\.$"):
        tf.constant_initializer({1: 2})


def test_direct_calls_build_ops_in_the_current_scope():
    z = tf.zeros_initializer()([2, 3])
    assert z.name == "zeros:0" and z.dtype == tf.float32
    assert tf.ones_initializer(dtype=tf.int32)([2]).dtype == tf.int32
    assert tf.zeros_initializer()([2], dtype=tf.int64).dtype == tf.int64
    assert tf.constant_initializer([1, 2])([2]).name == "Const:0"
    with tf.name_scope("s"):
        g = tf.glorot_uniform_initializer()(tf.TensorShape([2, 3]))
    assert g.name == "s/random_uniform:0" and g.shape.as_list() == [2, 3]


@pytest.mark.parametrize("make", [tf.random_normal_initializer, tf.truncated_normal_initializer,
                                  tf.glorot_uniform_initializer, tf.glorot_normal_initializer,
                                  tf.orthogonal_initializer, tf.variance_scaling_initializer,
                                  tf.uniform_unit_scaling_initializer])
def test_float_only_initializers(make):
    with pytest.raises(ValueError, match="^Expected floating point type, got <dtype: 'int32'>.$"):
        make(dtype=tf.int32)
    assert make(dtype=tf.float64).dtype == tf.float64


def test_integer_capable_initializers():
    assert tf.random_uniform_initializer(dtype=tf.int32).dtype == tf.int32
    assert tf.zeros_initializer(dtype=tf.int32).dtype == tf.int32
    v = tf.get_variable("v", [100], dtype=tf.int32,
                        initializer=tf.random_uniform_initializer(0, 10, seed=1))
    (x,) = _values(v)
    assert x.dtype == np.int32 and x.min() >= 0 and x.max() < 10


def test_variance_scaling_errors():
    with pytest.raises(ValueError, match="^`scale` must be positive float.$"):
        tf.variance_scaling_initializer(scale=-1.0)
    with pytest.raises(ValueError) as info:
        tf.variance_scaling_initializer(mode="x")
    assert str(info.value) == "('Invalid `mode` argument:', 'x')"
    with pytest.raises(ValueError) as info:
        tf.variance_scaling_initializer(distribution="Poisson")
    assert str(info.value) == "('Invalid `distribution` argument:', 'poisson')"
    assert tf.variance_scaling_initializer(distribution="UNIFORM").distribution == "uniform"


def test_orthogonal_errors():
    with pytest.raises(ValueError, match="^The tensor to initialize must be at least "
                                         "two-dimensional$"):
        tf.orthogonal_initializer()([2])


def test_compute_fans():
    assert init._compute_fans([]) == (1, 1)
    assert init._compute_fans([7]) == (7, 7)
    assert init._compute_fans([3, 5]) == (3, 5)
    assert init._compute_fans(tf.TensorShape([2, 3, 4, 5])) == (24, 30)


# ---- distributions

def _stats(x, scale):
    return np.array([x.mean() / scale, x.std() / scale])


STD_CASES = {  # name -> (initializer, expected std, bound in units of std or None)
    "random_normal": (lambda: tf.random_normal_initializer(mean=0.0, stddev=2.0, seed=1), 2.0,
                      None),
    "truncated_normal": (lambda: tf.truncated_normal_initializer(stddev=0.5, seed=1),
                         0.5 * 0.8796, 2 / 0.8796),
    "random_uniform": (lambda: tf.random_uniform_initializer(-3.0, 3.0, seed=1),
                       3.0 / math.sqrt(3), math.sqrt(3)),
    "glorot_uniform": (lambda: tf.glorot_uniform_initializer(seed=1),
                       math.sqrt(6 / 700) / math.sqrt(3), math.sqrt(3)),
    "glorot_normal": (lambda: tf.glorot_normal_initializer(seed=1), math.sqrt(2 / 700),
                      2 / 0.8796),
    "variance_scaling": (lambda: tf.variance_scaling_initializer(seed=1), math.sqrt(1 / 400),
                         2 / 0.8796),
    "fan_out_uniform": (lambda: tf.variance_scaling_initializer(2.0, "fan_out", "uniform",
                                                                seed=1),
                        math.sqrt(2 / 300), math.sqrt(3)),
    "fan_avg_untruncated": (lambda: tf.variance_scaling_initializer(
        1.0, "fan_avg", "untruncated_normal", seed=1), math.sqrt(1 / 350), None),
    "old_normal_spelling": (lambda: tf.variance_scaling_initializer(distribution="normal",
                                                                    seed=1),
                            math.sqrt(1 / 400), 2 / 0.8796),
    "uniform_unit_scaling": (lambda: tf.uniform_unit_scaling_initializer(factor=1.5, seed=1),
                             1.5 * math.sqrt(3 / 400) / math.sqrt(3), math.sqrt(3)),
    "he_normal": (lambda: init.he_normal(seed=1), math.sqrt(2 / 400), 2 / 0.8796),
    "lecun_uniform": (lambda: init.lecun_uniform(seed=1), math.sqrt(1 / 400), math.sqrt(3)),
}


@pytest.mark.parametrize("name", sorted(STD_CASES))
def test_initializer_distributions(name):
    make, std, bound = STD_CASES[name]
    v = tf.get_variable("v", FAN, initializer=make())
    (x,) = _values(v)
    np.testing.assert_allclose(_stats(x, std), [0.0, 1.0], atol=0.03)
    if bound is not None:
        assert np.abs(x).max() <= bound * std * (1 + 1e-6)
        assert np.abs(x).max() > 0.95 * bound * std


def test_random_normal_mean():
    v = tf.get_variable("v", FAN, initializer=tf.random_normal_initializer(mean=3.0, seed=2))
    (x,) = _values(v)
    np.testing.assert_allclose([x.mean(), x.std()], [3.0, 1.0], atol=0.02)


def test_random_uniform_default_range():
    v = tf.get_variable("v", FAN, initializer=tf.random_uniform_initializer(seed=1))
    (x,) = _values(v)
    assert x.min() >= 0.0 and x.max() < 1.0 and abs(x.mean() - 0.5) < 0.01


@pytest.mark.parametrize("shape,gain", [((6, 4), 1.0), ((3, 5), 2.0), ((2, 3, 4), 1.0)])
def test_orthogonal(shape, gain):
    v = tf.get_variable("v", shape, initializer=tf.orthogonal_initializer(gain=gain, seed=1))
    (x,) = _values(v)
    flat = x.reshape(-1, shape[-1])
    small = flat.T @ flat if flat.shape[0] >= flat.shape[1] else flat @ flat.T
    np.testing.assert_allclose(small, gain ** 2 * np.eye(small.shape[0]), atol=1e-5)


def test_orthogonal_ops():
    tf.get_variable("v", [6, 4], initializer=tf.orthogonal_initializer(seed=1))
    tf.get_variable("g", [3, 5], initializer=tf.orthogonal_initializer(gain=2.0, seed=2))
    rnd = [name for name, _ in _scaled_ops("random_normal", "RandomStandardNormal")]
    tail = ["Qr", "DiagPart", "Sign", "mul"]
    end = ["Reshape/shape", "Reshape", "mul_1/x", "mul_1"]
    assert [n for n, _ in _initializer_ops("v")] == rnd + tail + end
    assert [n for n, _ in _initializer_ops("g")] == rnd + tail + [
        "matrix_transpose/transpose/perm", "matrix_transpose/transpose"] + end
    consts = {op.name: op.get_attr("value") for op in tf.get_default_graph().get_operations()
              if op.type == "Const"}
    assert consts["g/Initializer/random_normal/shape"].tolist() == [5, 3]
    assert consts["g/Initializer/mul_1/x"] == np.float32(2.0)


def test_orthogonal_is_uniformly_distributed():
    """Sign correction: the first column of Q is uniform on the sphere, so its entries have
    mean 0 over many draws (without it, Q[0, 0] would be mostly negative)."""
    v = tf.get_variable("v", [3, 3], initializer=tf.orthogonal_initializer(seed=4))
    firsts = []
    with session() as sess:
        for _ in range(200):
            sess.run(v.initializer)
            firsts.append(sess.run(v)[0, 0])
    assert abs(np.mean(firsts)) < 0.12


# ---- seeds

def test_seeded_initializers_reproduce_across_sessions(backend):
    v = tf.get_variable("v", [5], initializer=tf.random_normal_initializer(seed=3))
    w = tf.get_variable("w", [5], initializer=tf.random_normal_initializer(seed=4))
    u = tf.get_variable("u", [5], initializer=tf.glorot_uniform_initializer())
    z = tf.get_variable("z", [5], initializer=tf.glorot_uniform_initializer())
    init_op = tf.global_variables_initializer()
    with session(backend) as sess:
        sess.run(init_op)
        first = sess.run([v, w, u, z])
        sess.run(init_op)
        reinit = sess.run(v)
    with session(backend) as other:
        other.run(init_op)
        again = other.run([v, w, u])
    assert np.array_equal(first[0], again[0]) and np.array_equal(first[1], again[1])
    assert not np.array_equal(first[0], reinit)  # the generator advanced
    assert not np.array_equal(first[0], first[1])
    assert not np.array_equal(first[2], first[3])


def test_seed_attributes():
    tf.get_variable("s", [2, 3], initializer=tf.glorot_uniform_initializer(seed=3))
    tf.set_random_seed(5)
    tf.get_variable("t", [2, 3])
    seeds = [(op.name, op.get_attr("seed"), op.get_attr("seed2"))
             for op in tf.get_default_graph().get_operations() if op.type == "RandomUniform"]
    assert seeds[0] == ("s/Initializer/random_uniform/RandomUniform", 87654321, 3)
    assert seeds[1][:2] == ("t/Initializer/random_uniform/RandomUniform", 5)


# ---- configs and namespaces

def test_configs_round_trip():
    cases = [
        (tf.zeros_initializer(), {"dtype": "float32"}),
        (tf.ones_initializer(dtype=tf.int32), {"dtype": "int32"}),
        (tf.constant_initializer(3), {"value": 3, "dtype": "float32"}),
        (tf.random_uniform_initializer(), {"minval": 0, "maxval": None, "seed": None,
                                           "dtype": "float32"}),
        (tf.random_normal_initializer(), {"mean": 0.0, "stddev": 1.0, "seed": None,
                                          "dtype": "float32"}),
        (tf.truncated_normal_initializer(seed=2), {"mean": 0.0, "stddev": 1.0, "seed": 2,
                                                   "dtype": "float32"}),
        (tf.uniform_unit_scaling_initializer(), {"factor": 1.0, "seed": None,
                                                 "dtype": "float32"}),
        (tf.variance_scaling_initializer(), {"scale": 1.0, "mode": "fan_in",
                                             "distribution": "truncated_normal", "seed": None,
                                             "dtype": "float32"}),
        (tf.glorot_uniform_initializer(), {"seed": None, "dtype": "float32"}),
        (tf.glorot_normal_initializer(seed=1), {"seed": 1, "dtype": "float32"}),
        (tf.orthogonal_initializer(), {"gain": 1.0, "seed": None, "dtype": "float32"}),
        (init.he_normal(), {"scale": 2.0, "mode": "fan_in", "distribution": "truncated_normal",
                            "seed": None, "dtype": "float32"}),
        (init.lecun_uniform(), {"scale": 1.0, "mode": "fan_in", "distribution": "uniform",
                                "seed": None, "dtype": "float32"}),
    ]
    for initializer, config in cases:
        assert initializer.get_config() == config
        again = type(initializer).from_config(initializer.get_config())
        assert type(again) is type(initializer) and again.get_config() == config
    assert isinstance(tf.glorot_uniform_initializer(), init.VarianceScaling)
    assert isinstance(tf.zeros_initializer(), init.Initializer)


def test_tf1_spellings_are_the_classes():
    assert tf.zeros_initializer is init.Zeros
    assert tf.glorot_uniform_initializer is init.GlorotUniform
    assert tf.orthogonal_initializer is init.Orthogonal
    for name in init.INITIALIZERS_ALL:
        assert callable(getattr(init, name)), name
    assert init.constant is init.Constant and init.glorot_uniform is init.GlorotUniform


# ---- Qr and DiagPart

def test_qr_op(backend):
    a = distinct_shape_input(5, 3)
    q, r = check_op(lambda x: list(tf.qr(x)), [a], None, backend=backend)
    np.testing.assert_allclose(q @ r, a, atol=1e-5)
    np.testing.assert_allclose(q.T @ q, np.eye(3), atol=1e-5)
    assert np.allclose(np.tril(r, -1), 0)
    qf, rf = check_op(lambda x: list(tf.qr(x, full_matrices=True)), [a], None, backend=backend)
    assert qf.shape == (5, 5) and rf.shape == (5, 3)
    q_t, r_t = tf.qr(tf.placeholder(tf.float32, [None, 4]))
    assert q_t.shape.as_list() == [None, None] and r_t.shape.as_list() == [None, 4]
    assert q_t.name == "Qr:0" and r_t.name == "Qr:1"
    with pytest.raises(ValueError, match="Shape must be at least rank 2 but is rank 1"):
        tf.qr(tf.constant([1.0, 2.0]))


def test_diag_part_op(backend):
    a = distinct_shape_input(4, 4)
    check_op(tf.diag_part, [a], np.diag, backend=backend)
    b = distinct_shape_input(2, 3, 2, 3)
    check_op(tf.diag_part, [b], lambda x: np.diagonal(x.reshape(6, 6)).reshape(2, 3),
             backend=backend)
    with pytest.raises(ValueError, match=r"^Input must have even and non-zero rank, input rank "
                                         r"is 3 for 'DiagPart' \(op: 'DiagPart'\)"):
        tf.diag_part(tf.constant(np.zeros((2, 2, 2), np.float32)))
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3"):
        tf.diag_part(tf.constant(np.zeros((2, 3), np.float32)))
    p = tf.placeholder(tf.float32, [None, None])
    d = tf.diag_part(p)
    with session(backend) as sess:
        with pytest.raises(errors.InvalidArgumentError,
                           match=r"^Invalid shape \[2,3\]: dimensions 0 and 1 do not match\."):
            sess.run(d, {p: np.zeros((2, 3))})
