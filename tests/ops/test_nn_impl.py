"""The composite tf.nn functions of nn_impl.py: the cross-entropy losses, dropout,
embedding_lookup, moments and l2_normalize. Values against numpy, TF1's names, signatures and
errors, stability for logits of 1e4, dropout statistics and seeds, and numeric gradients."""
import numpy as np
import pytest

import minitf as tf
from tests.harness import distinct_shape_input, run, session


def _log_softmax(x, axis=-1):
    s = x - x.max(axis, keepdims=True)
    return s - np.log(np.exp(s).sum(axis, keepdims=True))


def _distribution(*shape, seed=0):
    p = np.random.RandomState(seed).uniform(0.1, 1.0, shape)
    return (p / p.sum(-1, keepdims=True)).astype(np.float32)


def _types():
    return [op.type for op in tf.get_default_graph().get_operations()]


def _gradient_error(build, *values):
    phs = [tf.placeholder(tf.float64, v.shape) for v in values]
    y = build(*phs)
    with tf.Session():
        return tf.test.compute_gradient_error(phs, [v.shape for v in values], y,
                                              y.shape.as_list(), x_init_value=list(values),
                                              delta=1e-6)


# ---- softmax_cross_entropy_with_logits (v1, _v2)

def test_softmax_xent_values_and_names(backend):
    logits = distinct_shape_input(3, 5) * 3
    labels = _distribution(3, 5)
    v1 = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    v2 = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
    named = tf.nn.softmax_cross_entropy_with_logits_v2(labels, logits, name="xent")
    assert v1.name == "softmax_cross_entropy_with_logits_sg/Reshape_2:0"
    assert v2.name == "softmax_cross_entropy_with_logits/Reshape_2:0"
    assert named.name == "xent/Reshape_2:0" and v1.shape.as_list() == [3]
    g = tf.get_default_graph()
    assert g.get_operation_by_name("softmax_cross_entropy_with_logits_sg").type == \
        "SoftmaxCrossEntropyWithLogits"
    assert g.get_operation_by_name(
        "softmax_cross_entropy_with_logits_sg/labels_stop_gradient").type == "StopGradient"
    want = -(labels * _log_softmax(logits.astype(np.float64))).sum(-1)
    for out in run([v1, v2, named], backend=backend):
        np.testing.assert_allclose(out, want, rtol=1e-5)


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_softmax_xent_axis(backend, axis):
    logits = distinct_shape_input(2, 3, 4) * 2
    labels = np.moveaxis(_distribution(*np.moveaxis(logits, axis, -1).shape), -1, axis)
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits, axis=axis)
    want_shape = [d for i, d in enumerate([2, 3, 4]) if i != axis % 3]
    assert loss.shape.as_list() == want_shape
    want = -(labels * _log_softmax(logits.astype(np.float64), axis)).sum(axis)
    np.testing.assert_allclose(run(loss, backend=backend), want, rtol=1e-5)
    dim = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits, dim=axis)
    np.testing.assert_allclose(run(dim, backend=backend), want, rtol=1e-5)


def test_softmax_xent_shapes():
    logits = tf.placeholder(tf.float32, [None, 3, 5])
    labels = tf.placeholder(tf.float32, [None, 3, 5])
    assert tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits).shape \
        .as_list() == [None, 3]
    u = tf.placeholder(tf.float32)
    assert tf.nn.softmax_cross_entropy_with_logits_v2(labels=u, logits=u).shape.ndims is None
    f16 = tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.zeros([2, 3], tf.float16),
                                                     logits=tf.zeros([2, 3], tf.float16))
    assert f16.dtype == tf.float16 and f16.op.type == "Cast"


def test_softmax_xent_is_stable(backend):
    logits = np.array([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4], [1e4, 1e4, 0.0]], np.float32)
    labels = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.5, 0.5, 0.0]], np.float32)
    x = tf.constant(logits)
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=x)
    out, grad = run([loss, tf.gradients(loss, x)[0]], backend=backend)
    assert np.all(np.isfinite(out)) and np.all(np.isfinite(grad))
    np.testing.assert_allclose(out, [1e4, np.log(3), np.log(2)], rtol=1e-6)


def test_softmax_xent_errors():
    x = tf.zeros([2, 3])
    with pytest.raises(ValueError, match=r"^Only call `softmax_cross_entropy_with_logits` with "
                                         r"named arguments \(labels=\.\.\., logits=\.\.\., "
                                         r"\.\.\.\)$"):
        tf.nn.softmax_cross_entropy_with_logits(x, x)
    with pytest.raises(ValueError, match="^Both labels and logits must be provided.$"):
        tf.nn.softmax_cross_entropy_with_logits(logits=x)
    with pytest.raises(ValueError, match="Cannot specify both 'dim' and 'axis'"):
        tf.nn.softmax_cross_entropy_with_logits(labels=x, logits=x, axis=0)
    with pytest.raises(ValueError, match="Cannot specify both 'dim' and 'axis'"):
        tf.nn.softmax_cross_entropy_with_logits_v2(labels=x, logits=x, axis=0, dim=0)
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 4"):
        tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.zeros([2, 4]), logits=x)


def test_softmax_xent_gradients(backend):
    logits = tf.placeholder(tf.float64, [3, 4])
    labels = tf.placeholder(tf.float64, [3, 4])
    v1 = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    v2 = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
    g1 = tf.gradients(v1, [logits, labels])
    assert g1[1] is None  # v1 stops the labels' gradient
    g2 = tf.gradients(v2, [logits, labels])
    lv = distinct_shape_input(3, 4, dtype=np.float64)
    zv = _distribution(3, 4).astype(np.float64)
    got = run([g1[0], g2[0], g2[1]], {logits: lv, labels: zv}, backend=backend)
    sm = np.exp(_log_softmax(lv))
    np.testing.assert_allclose(got[0], sm - zv, rtol=1e-10)
    np.testing.assert_allclose(got[1], got[0], rtol=1e-12)
    np.testing.assert_allclose(got[2], -_log_softmax(lv), rtol=1e-12)
    error = _gradient_error(
        lambda x, z: tf.nn.softmax_cross_entropy_with_logits_v2(labels=z, logits=x, axis=0),
        distinct_shape_input(4, 3, dtype=np.float64), _distribution(3, 4).T.astype(np.float64))
    assert error < 1e-6


# ---- sparse_softmax_cross_entropy_with_logits

def test_sparse_xent_values_and_names(backend):
    logits = distinct_shape_input(4, 3) * 2
    labels = np.array([2, 0, 1, 1], np.int32)
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    assert loss.name == "SparseSoftmaxCrossEntropyWithLogits/" \
                        "SparseSoftmaxCrossEntropyWithLogits:0"
    named = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits,
                                                           name="s")
    assert named.name == "s/s:0"
    want = -_log_softmax(logits.astype(np.float64))[np.arange(4), labels]
    for out in run([loss, named], backend=backend):
        np.testing.assert_allclose(out, want, rtol=1e-5)
    i64 = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels.astype(np.int64),
                                                         logits=logits)
    np.testing.assert_allclose(run(i64, backend=backend), want, rtol=1e-5)


def test_sparse_xent_higher_rank(backend):
    logits = distinct_shape_input(2, 3, 5)
    labels = np.array([[0, 4, 2], [1, 1, 3]], np.int32)
    want = -np.take_along_axis(_log_softmax(logits.astype(np.float64)), labels[..., None],
                               -1)[..., 0]
    known = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    assert known.shape.as_list() == [2, 3] and "Assert" not in _types()
    lp = tf.placeholder(tf.float32, [None, 3, 5])
    ip = tf.placeholder(tf.int32, [None, None])
    partial = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=ip, logits=lp)
    assert partial.shape.as_list() == [None, None] and "Assert" in _types()
    assert partial.name == "SparseSoftmaxCrossEntropyWithLogits_1/Reshape_2:0"
    out = run([known, partial], {lp: logits, ip: labels}, backend=backend)
    for got in out:
        np.testing.assert_allclose(got, want, rtol=1e-5)
    with pytest.raises(tf.errors.InvalidArgumentError, match="assertion failed"):
        run(partial, {lp: logits, ip: labels[:, :2]}, backend=backend)


def test_sparse_xent_is_stable(backend):
    x = tf.constant([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4], [1e4, 1e4, 0.0]])
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1, 0, 2], logits=x)
    out, grad = run([loss, tf.gradients(loss, x)[0]], backend=backend)
    assert np.all(np.isfinite(out)) and np.all(np.isfinite(grad))
    np.testing.assert_allclose(out, [1e4, np.log(3), 1e4 + np.log(2)], rtol=1e-6)


def test_sparse_xent_errors(backend):
    with pytest.raises(ValueError, match=r"^Rank mismatch: Rank of labels \(received 2\) should "
                                         r"equal rank of logits minus 1 \(received 2\)\.$"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.zeros([3, 2], tf.int32),
                                                       logits=tf.zeros([3, 2]))
    with pytest.raises(ValueError, match=r"^Shape mismatch: The shape of labels \(received "
                                         r"\(4,\)\) should equal the shape of logits except for "
                                         r"the last dimension \(received \(3, 2\)\)\.$"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.zeros([4], tf.int32),
                                                       logits=tf.zeros([3, 2]))
    with pytest.raises(ValueError, match=r"Logits cannot be scalars - received shape \(\)\."):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1], logits=1.0)
    with pytest.raises(ValueError, match="Only call `sparse_softmax_cross_entropy_with_logits` "
                                         "with named arguments"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(tf.zeros([2], tf.int32))
    logits = tf.placeholder(tf.float32, [3, 3])
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, 5, 1], logits=logits)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"^Received a label value of 5 which is outside the valid range of "
                             r"\[0, 3\)\.  Label values: 0 5 1\n"):
        run(loss, {logits: np.zeros((3, 3))}, backend=backend)


def test_sparse_xent_gradients(backend):
    logits = tf.placeholder(tf.float64, [None, 4])
    labels = tf.placeholder(tf.int32, [None])
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    g, gl = tf.gradients(loss, [logits, labels])
    assert gl is None
    lv = distinct_shape_input(3, 4, dtype=np.float64)
    got = run(g, {logits: lv, labels: [3, 0, 1]}, backend=backend)
    np.testing.assert_allclose(got, np.exp(_log_softmax(lv)) - np.eye(4)[[3, 0, 1]],
                               rtol=1e-12, atol=1e-15)
    error = _gradient_error(lambda x: tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.constant([[0, 2], [1, 1]]), logits=x), distinct_shape_input(2, 2, 3,
                                                                              dtype=np.float64))
    assert error < 1e-6


# ---- sigmoid_cross_entropy_with_logits, weighted_cross_entropy_with_logits

def _sigmoid_xent(x, z):
    return np.maximum(x, 0) - x * z + np.log1p(np.exp(-np.abs(x)))


def test_sigmoid_xent(backend):
    x = distinct_shape_input(3, 4) * 3
    z = np.random.RandomState(1).uniform(0, 1, (3, 4)).astype(np.float32)
    loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x)
    assert loss.name == "logistic_loss:0" and loss.op.type == "Add"
    named = tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x, name="sig")
    assert named.name == "sig:0"
    for out in run([loss, named], backend=backend):
        np.testing.assert_allclose(out, _sigmoid_xent(x, z), rtol=1e-5, atol=1e-6)
    stable = tf.nn.sigmoid_cross_entropy_with_logits(labels=[1.0, 0.0, 1.0, 0.0],
                                                     logits=[1e4, 1e4, -1e4, -1e4])
    np.testing.assert_allclose(run(stable, backend=backend), [0.0, 1e4, 1e4, 0.0])


def test_sigmoid_xent_errors():
    with pytest.raises(ValueError, match=r"^logits and labels must have the same shape \(\(2, 4\) "
                                         r"vs \(2, 3\)\)$"):
        tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.zeros([2, 3]), logits=tf.zeros([2, 4]))
    with pytest.raises(ValueError, match="Only call `sigmoid_cross_entropy_with_logits` with "
                                         "named arguments"):
        tf.nn.sigmoid_cross_entropy_with_logits(tf.zeros([2]), tf.zeros([2]))
    with pytest.raises(ValueError, match="Both labels and logits must be provided."):
        tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.zeros([2]))


def test_weighted_xent(backend):
    x = distinct_shape_input(3, 4) * 3
    z = np.random.RandomState(2).uniform(0, 1, (3, 4)).astype(np.float32)
    loss = tf.nn.weighted_cross_entropy_with_logits(labels=z, logits=x, pos_weight=2.5)
    old = tf.nn.weighted_cross_entropy_with_logits(targets=z, logits=x, pos_weight=2.5,
                                                   name="w")
    assert loss.name == "logistic_loss:0" and old.name == "w:0" and loss.op.type == "Add"
    q = 2.5
    want = (1 - z) * x + (1 + (q - 1) * z) * (np.log1p(np.exp(-np.abs(x))) + np.maximum(-x, 0))
    for out in run([loss, old], backend=backend):
        np.testing.assert_allclose(out, want, rtol=1e-5, atol=1e-6)
    stable = tf.nn.weighted_cross_entropy_with_logits(labels=[1.0, 0.0], logits=[-1e4, 1e4],
                                                      pos_weight=3.0)
    np.testing.assert_allclose(run(stable, backend=backend), [3e4, 1e4])
    with pytest.raises(ValueError, match="Cannot specify both 'targets' and 'labels'"):
        tf.nn.weighted_cross_entropy_with_logits(labels=z, targets=z, logits=x, pos_weight=1.0)
    with pytest.raises(ValueError, match="logits and labels must have the same shape"):
        tf.nn.weighted_cross_entropy_with_logits(labels=[1.0], logits=[1.0, 2.0], pos_weight=1.0)


def test_sigmoid_and_weighted_gradients():
    x = distinct_shape_input(3, 4, dtype=np.float64) * 3
    z = np.random.RandomState(3).uniform(0, 1, (3, 4))
    assert _gradient_error(lambda a, b: tf.nn.sigmoid_cross_entropy_with_logits(labels=b,
                                                                                logits=a),
                           x, z) < 1e-6
    assert _gradient_error(lambda a, b: tf.nn.weighted_cross_entropy_with_logits(
        labels=b, logits=a, pos_weight=2.0), x, z) < 1e-6


# ---- dropout

def test_dropout_identity_cases():
    x = tf.placeholder(tf.float32, [3, 4])
    assert tf.nn.dropout(x, keep_prob=1.0) is x
    assert tf.nn.dropout(x, rate=0.0) is x
    assert tf.nn.dropout(x, rate=tf.constant(0.0)) is x
    assert tf.nn.dropout(x, 1) is x
    assert [op.name for op in tf.get_default_graph().get_operations()] == ["Placeholder",
                                                                           "Const"]


def test_dropout_graph_names():
    x = tf.placeholder(tf.float32, [None, 4])
    y = tf.nn.dropout(x, keep_prob=0.5, seed=3)
    assert y.name == "dropout/mul_1:0" and y.shape.as_list() == [None, 4]
    assert [(op.name, op.type) for op in tf.get_default_graph().get_operations()][1:] == [
        ("dropout/rate", "Const"), ("dropout/Shape", "Shape"),
        ("dropout/random_uniform/min", "Const"), ("dropout/random_uniform/max", "Const"),
        ("dropout/random_uniform/RandomUniform", "RandomUniform"),
        ("dropout/random_uniform/sub", "Sub"), ("dropout/random_uniform/mul", "Mul"),
        ("dropout/random_uniform", "Add"), ("dropout/sub/x", "Const"), ("dropout/sub", "Sub"),
        ("dropout/truediv/x", "Const"), ("dropout/truediv", "RealDiv"),
        ("dropout/GreaterEqual", "GreaterEqual"), ("dropout/mul", "Mul"),
        ("dropout/Cast", "Cast"), ("dropout/mul_1", "Mul")]
    uniform = tf.get_default_graph().get_operation_by_name("dropout/random_uniform/RandomUniform")
    assert (uniform.get_attr("seed"), uniform.get_attr("seed2")) == (87654321, 3)
    assert tf.nn.dropout(x, rate=0.2, name="drop").name == "drop/mul_1:0"
    k = tf.placeholder(tf.float32, [])
    t = tf.nn.dropout(x, keep_prob=k)
    assert t.name == "dropout_1/mul_1:0"
    assert tf.get_default_graph().get_operation_by_name("sub").type == "Sub"  # 1 - keep_prob


def test_dropout_statistics(backend):
    x = np.ones((200, 250), np.float32)
    for keep in (0.25, 0.8):
        out = run(tf.nn.dropout(x, keep_prob=keep, seed=7), backend=backend)
        kept = out != 0
        assert abs(kept.mean() - keep) < 0.01
        np.testing.assert_allclose(out[kept], 1 / keep, rtol=1e-6)
    k = tf.placeholder(tf.float32, [])
    out = run(tf.nn.dropout(x, keep_prob=k), {k: 0.5}, backend=backend)
    assert abs((out != 0).mean() - 0.5) < 0.01


def test_dropout_noise_shape(backend):
    x = tf.placeholder(tf.float32, [None, 300])
    y = tf.nn.dropout(x, rate=0.5, noise_shape=[40, 1])
    out = run(y, {x: np.ones((40, 300), np.float32)}, backend=backend)
    rows = out[:, 0]
    assert set(np.unique(rows)) <= {0.0, 2.0} and 0 < (rows != 0).sum() < 40
    np.testing.assert_array_equal(out, np.broadcast_to(rows[:, None], (40, 300)))
    # an unknown dimension of noise_shape takes x's size where x knows it
    z = tf.nn.dropout(tf.placeholder(tf.float32, [3, 4]), rate=0.5, noise_shape=[None, 1])
    shape_input = z.op.graph.get_operation_by_name("dropout_1/random_uniform/RandomUniform")
    assert shape_input.outputs[0].shape.as_list() == [3, 1]


def test_dropout_seeds(backend):
    x = np.ones((50, 40), np.float32)
    y = tf.nn.dropout(x, rate=0.5, seed=11)
    with session(backend) as s1:
        first, second = s1.run(y), s1.run(y)
    with session(backend) as s2:
        again = s2.run(y)
    np.testing.assert_array_equal(first, again)  # a seeded op restarts with each session
    assert (first != second).any()  # and draws anew at each run
    g = tf.Graph()
    with g.as_default():
        tf.set_random_seed(5)
        a = tf.nn.dropout(x, rate=0.5)
        b = tf.nn.dropout(x, rate=0.5)
        ua = g.get_operation_by_name("dropout/random_uniform/RandomUniform")
        ub = g.get_operation_by_name("dropout_1/random_uniform/RandomUniform")
        assert ua.get_attr("seed") == ub.get_attr("seed") == 5
        assert ua.get_attr("seed2") != ub.get_attr("seed2")
        with session(backend, g) as s:
            va, vb = s.run([a, b])
        assert (va != vb).any()


def test_dropout_errors():
    x = tf.zeros([2])
    with pytest.raises(ValueError, match="Cannot specify both 'keep_prob' and 'rate'"):
        tf.nn.dropout(x, keep_prob=0.5, rate=0.5)
    with pytest.raises(ValueError, match=r"^rate must be a scalar tensor or a float in the range "
                                         r"\[0, 1\), got 1$"):
        tf.nn.dropout(x, rate=1.0)
    with pytest.raises(ValueError, match=r"got -0.5$"):
        tf.nn.dropout(x, keep_prob=1.5)
    with pytest.raises(ValueError, match="^You must provide a rate to dropout.$"):
        tf.nn.dropout(x)
    with pytest.raises(ValueError, match=r"^keep_prob must be a floating point number or Tensor "
                                         r"\(got 'a'\)$"):
        tf.nn.dropout(x, keep_prob="a")
    with pytest.raises(ValueError, match=r"^x has to be a floating point tensor since it's going "
                                         r"to be scaled\. Got a <dtype: 'int32'> tensor "
                                         r"instead\.$"):
        tf.nn.dropout(tf.zeros([2], tf.int32), rate=0.5)
    with pytest.raises(ValueError, match=r"Shapes \(2,\) and \(\) are incompatible"):
        tf.nn.dropout(x, rate=tf.constant([0.5, 0.5]))


def test_dropout_gradient(backend):
    x = tf.constant(np.ones((100, 100), np.float32))
    y = tf.nn.dropout(x, rate=0.5, seed=1)
    out, g = run([y, tf.gradients(y, x)[0]], backend=backend)
    np.testing.assert_array_equal(g, out)  # the gradient is the same mask and scale


# ---- embedding_lookup

def test_embedding_lookup_single(backend):
    params = distinct_shape_input(5, 3)
    ids = np.array([[0, 4], [2, 2], [1, 3]], np.int32)
    out = tf.nn.embedding_lookup(params, ids)
    assert out.name == "embedding_lookup/Identity:0" and out.shape.as_list() == [3, 2, 3]
    g = tf.get_default_graph()
    assert g.get_operation_by_name("embedding_lookup").type == "GatherV2"
    assert [op.name for op in g.get_operations()] == [
        "embedding_lookup/params_0", "embedding_lookup/ids", "embedding_lookup/axis",
        "embedding_lookup", "embedding_lookup/Identity"]
    np.testing.assert_array_equal(run(out, backend=backend), params[ids])
    assert tf.nn.embedding_lookup([params], [1], name="emb").name == "emb/Identity:0"


def test_embedding_lookup_variable(backend):
    v = tf.Variable(distinct_shape_input(6, 2), name="v")
    out = tf.nn.embedding_lookup(v, [3, 0, 3])
    gather = tf.get_default_graph().get_operation_by_name("embedding_lookup")
    assert gather.inputs[0].name == "v/read:0"
    assert gather.colocation_groups() == [b"loc:@v"]
    grad = tf.gradients(out, v)[0]
    assert isinstance(grad, tf.IndexedSlices)
    with session(backend) as s:
        s.run(tf.global_variables_initializer())
        value, g = s.run([out, grad])
    np.testing.assert_array_equal(value, distinct_shape_input(6, 2)[[3, 0, 3]])
    np.testing.assert_array_equal(g.indices, [3, 0, 3])
    np.testing.assert_array_equal(g.values, np.ones((3, 2)))


@pytest.mark.parametrize("strategy", ["mod", "div"])
def test_embedding_lookup_partitioned(backend, strategy):
    full = distinct_shape_input(7, 3)
    if strategy == "mod":
        parts = [full[i::3] for i in range(3)]
    else:
        parts = [full[0:3], full[3:5], full[5:7]]
    ids = np.array([[0, 6, 3], [5, 1, 3]], np.int32)
    out = tf.nn.embedding_lookup(parts, ids, partition_strategy=strategy)
    assert out.name == "embedding_lookup/Reshape_1:0" and out.shape.as_list() == [2, 3, 3]
    g = tf.get_default_graph()
    assert g.get_operation_by_name("embedding_lookup").type == "ParallelDynamicStitch"
    assert _types().count("DynamicPartition") == 2 and _types().count("GatherV2") == 3
    np.testing.assert_array_equal(run(out, backend=backend), full[ids])


def test_embedding_lookup_partitioned_unknown_sizes(backend):
    full = distinct_shape_input(5, 2)
    a = tf.placeholder(tf.float32, [None, 2])
    b = tf.placeholder(tf.float32, [None, None])
    out = tf.nn.embedding_lookup([a, b], [4, 0, 2], partition_strategy="div")
    assert out.shape.as_list() == [3, 2]
    assert "Pack" in _types() and "Sum" in _types()  # the partition sizes come from the graph
    np.testing.assert_array_equal(run(out, {a: full[:3], b: full[3:]}, backend=backend),
                                  full[[4, 0, 2]])


def test_embedding_lookup_partitioned_gradients(backend):
    parts = [tf.Variable(np.zeros((n, 2), np.float32), name=f"p{i}")
             for i, n in enumerate((3, 2, 2))]
    out = tf.nn.embedding_lookup(parts, tf.constant([0, 6, 3, 5, 1, 3]), partition_strategy="mod")
    up = np.arange(12, dtype=np.float32).reshape(6, 2)
    grads = tf.gradients(out, parts, grad_ys=tf.constant(up))
    assert all(isinstance(g, tf.IndexedSlices) for g in grads)
    dense = [tf.convert_to_tensor(g) for g in grads]
    with session(backend) as s:
        s.run(tf.global_variables_initializer())
        got = s.run(dense)
    full = np.zeros((7, 2), np.float32)
    np.add.at(full, [0, 6, 3, 5, 1, 3], up)
    for i, g in enumerate(got):
        np.testing.assert_array_equal(g, full[i::3])


def test_embedding_lookup_max_norm(backend):
    params = np.array([[3.0, 4.0], [0.3, 0.4], [6.0, 8.0]], np.float32)
    out = tf.nn.embedding_lookup(params, [0, 1, 2], max_norm=1.0)
    np.testing.assert_allclose(run(out, backend=backend),
                               [[0.6, 0.8], [0.3, 0.4], [0.6, 0.8]], rtol=1e-6)
    parts = tf.nn.embedding_lookup([params, params], [[0], [5]], max_norm=2.0)
    np.testing.assert_allclose(run(parts, backend=backend), [[[1.2, 1.6]], [[1.2, 1.6]]],
                               rtol=1e-6)


def test_embedding_lookup_errors():
    with pytest.raises(ValueError, match="^params must be specified$"):
        tf.nn.embedding_lookup(None, [0])
    with pytest.raises(ValueError, match="^Need at least one param$"):
        tf.nn.embedding_lookup([], [0])
    with pytest.raises(ValueError, match="^Unrecognized partition strategy: x$"):
        tf.nn.embedding_lookup([tf.zeros([2, 2]), tf.zeros([2, 2])], [0], partition_strategy="x")


# ---- moments, l2_normalize

def test_moments(backend):
    x = distinct_shape_input(2, 3, 4) * 2 + 1
    mean, var = tf.nn.moments(x, [0, 1])
    assert (mean.name, var.name) == ("moments/Squeeze:0", "moments/Squeeze_1:0")
    g = tf.get_default_graph()
    assert g.get_operation_by_name("moments/mean").type == "Mean"
    assert g.get_operation_by_name("moments/variance").type == "Mean"
    km, kv = tf.nn.moments(x, [2], keep_dims=True)
    assert (km.name, kv.name) == ("moments_1/mean:0", "moments_1/variance:0")
    m2, v2 = tf.nn.moments(x, axes=[1], keepdims=True, name="mom")
    assert m2.shape.as_list() == [2, 1, 4] and m2.name == "mom/mean:0"
    out = run([mean, var, km, kv, m2, v2], backend=backend)
    xd = x.astype(np.float64)
    for got, want in zip(out, [xd.mean((0, 1)), xd.var((0, 1)), xd.mean(2, keepdims=True),
                               xd.var(2, keepdims=True), xd.mean(1, keepdims=True),
                               xd.var(1, keepdims=True)]):
        np.testing.assert_allclose(got, want, rtol=1e-5)
    h_mean, h_var = tf.nn.moments(tf.constant(x.astype(np.float16)), [0])
    assert h_mean.dtype == tf.float16 and h_var.op.type == "Cast"
    with pytest.raises(ValueError, match="Cannot specify both 'keep_dims' and 'keepdims'"):
        tf.nn.moments(x, [0], keep_dims=True, keepdims=True)


def test_moments_gradient():
    assert _gradient_error(lambda t: tf.nn.moments(t, [0])[1],
                           distinct_shape_input(4, 3, dtype=np.float64)) < 1e-6


def test_l2_normalize(backend):
    x = distinct_shape_input(3, 4)
    y = tf.nn.l2_normalize(x, axis=1)
    assert y.name == "l2_normalize:0" and y.op.type == "Mul"
    d = tf.nn.l2_normalize(x, dim=0, name="l2n")
    assert d.name == "l2n:0"
    everything = tf.nn.l2_normalize(x)
    eps = tf.nn.l2_normalize([1e-4, 0.0], 0, epsilon=1e-2)
    out = run([y, d, everything, eps], backend=backend)
    np.testing.assert_allclose(out[0], x / np.linalg.norm(x, axis=1, keepdims=True), rtol=1e-5)
    np.testing.assert_allclose(out[1], x / np.linalg.norm(x, axis=0, keepdims=True), rtol=1e-5)
    np.testing.assert_allclose(out[2], x / np.linalg.norm(x), rtol=1e-5)
    np.testing.assert_allclose(out[3], [1e-3, 0.0], rtol=1e-5)
    with pytest.raises(ValueError, match="Cannot specify both 'dim' and 'axis'"):
        tf.nn.l2_normalize(x, axis=0, dim=0)
    assert _gradient_error(lambda t: tf.nn.l2_normalize(t, 1),
                           distinct_shape_input(3, 4, dtype=np.float64)) < 1e-6


def test_namespace():
    for name in ["softmax_cross_entropy_with_logits", "softmax_cross_entropy_with_logits_v2",
                 "sparse_softmax_cross_entropy_with_logits", "sigmoid_cross_entropy_with_logits",
                 "weighted_cross_entropy_with_logits", "dropout", "embedding_lookup", "moments",
                 "l2_normalize"]:
        assert getattr(tf.nn, name).__name__ == name
        assert not hasattr(tf, name)
    assert tf.dynamic_partition and tf.dynamic_stitch and tf.diag and tf.matrix_band_part
    assert tf.matrix_triangular_solve


def test_log_poisson_loss(backend):
    targets = np.array([0.0, 0.5, 2.0, 3.0], np.float32)
    log_input = np.array([0.1, -0.2, 0.3, 1.0], np.float32)
    partial = tf.nn.log_poisson_loss(targets, log_input)
    full = tf.nn.log_poisson_loss(targets, log_input, compute_full_loss=True)
    want = np.exp(log_input) - log_input * targets
    stirling = targets * np.log(targets) - targets + 0.5 * np.log(2 * np.pi * targets)
    with np.errstate(divide="ignore", invalid="ignore"):
        want_full = want + np.where((targets >= 0) & (targets <= 1), 0, stirling)
    got = run([partial, full], backend=backend)
    np.testing.assert_allclose(got[0], want, rtol=1e-6)
    np.testing.assert_allclose(got[1], want_full, rtol=1e-6)
    with pytest.raises(ValueError, match=r"log_input and targets must have the same shape "
                                         r"\(\(2,\) vs \(3,\)\)"):
        tf.nn.log_poisson_loss(tf.zeros([3]), tf.zeros([2]))


# ---- relu_layer, swish, zero_fraction, sufficient_statistics, normalize_moments,
# weighted_moments

def test_relu_layer():
    x = distinct_shape_input(2, 3)
    w, b = distinct_shape_input(3, 4, seed=1), distinct_shape_input(4, seed=2)
    y = tf.nn.relu_layer(x, w, b)
    assert y.name == "relu_layer:0" and y.op.type == "Relu"
    assert y.op.inputs[0].op.name == "relu_layer/BiasAdd"
    np.testing.assert_allclose(run(y), np.maximum(x @ w + b, 0), rtol=1e-5, atol=1e-6)


def test_swish_graph_values_and_gradient():
    x = tf.placeholder(tf.float32, [2, 3])
    y = tf.nn.swish(x)
    g = tf.get_default_graph()
    assert y.name == "IdentityN:0" and [op.type for op in g.get_operations()] == [
        "Placeholder", "Sigmoid", "Mul", "IdentityN"]
    dx = tf.gradients(tf.reduce_sum(y), x)[0]
    value = distinct_shape_input(2, 3)
    got, got_dx = run([y, dx], {x: value})
    sigmoid = 1 / (1 + np.exp(-value.astype(np.float64)))
    np.testing.assert_allclose(got, value * sigmoid, rtol=1e-6)
    np.testing.assert_allclose(got_dx, sigmoid * (1 + value * (1 - sigmoid)), rtol=1e-5)
    # the gradient recomputes the sigmoid after the incoming gradient
    recomputed = [op for op in g.get_operations() if op.type == "Sigmoid"][1]
    assert recomputed.name.startswith("gradients/") and recomputed.control_inputs


def test_zero_fraction(backend):
    x = tf.placeholder(tf.float32)
    z = tf.nn.zero_fraction(x)
    assert z.name == "zero_fraction/fraction:0" and z.dtype == tf.float32
    assert tf.math.zero_fraction is tf.nn.zero_fraction
    with session(backend) as sess:
        assert sess.run(z, {x: [[0.0, 1.0, 0.0], [2.0, 0.0, 3.0]]}) == pytest.approx(0.5)
        assert np.isnan(sess.run(z, {x: np.zeros((0,))}))


def test_sufficient_statistics_and_normalize_moments():
    x = distinct_shape_input(4, 3)
    counts, m_ss, v_ss, shift = tf.nn.sufficient_statistics(tf.constant(x), [0, 0])
    assert counts.op.type == "Const" and shift is None
    assert (m_ss.name, v_ss.name) == ("sufficient_statistics/mean_ss:0",
                                      "sufficient_statistics/var_ss:0")
    mean, variance = tf.nn.normalize_moments(counts, m_ss, v_ss, None)
    assert (mean.name, variance.name) == ("normalize/mean:0", "normalize/variance:0")
    got = run([counts, mean, variance])
    assert got[0] == 4.0
    np.testing.assert_allclose(got[1], x.mean(0), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got[2], x.var(0), rtol=1e-4, atol=1e-6)
    p = tf.placeholder(tf.float32, [None, 3])
    counts, m_ss, v_ss, shift = tf.nn.sufficient_statistics(p, [0], shift=0.5, keepdims=True)
    assert counts.name == "sufficient_statistics_1/count:0" and m_ss.shape.as_list() == [1, 3]
    mean, variance = tf.nn.normalize_moments(counts, m_ss, v_ss, shift)
    assert mean.op.type in ("Add", "AddV2") and mean.name == "normalize_1/mean:0"
    got = run([mean, variance], {p: x})
    np.testing.assert_allclose(got[0], x.mean(0, keepdims=True), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got[1], x.var(0, keepdims=True), rtol=1e-4, atol=1e-6)


def test_weighted_moments():
    x = distinct_shape_input(2, 3)
    w = np.array([[1.0, 2.0, 0.5], [3.0, 1.0, 1.0]], np.float32)
    mean, var = tf.nn.weighted_moments(tf.constant(x), [1], tf.constant(w))
    assert mean.name == "weighted_moments/Squeeze:0" and var.shape.as_list() == [2]
    g = tf.get_default_graph()
    assert g.get_operation_by_name("weighted_moments/inv_weight_sum").type == "Reciprocal"
    want_mean = (w * x).sum(1) / w.sum(1)
    want_var = (w * (x - want_mean[:, None]) ** 2).sum(1) / w.sum(1)
    got = run([mean, var])
    np.testing.assert_allclose(got[0], want_mean, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got[1], want_var, rtol=1e-5, atol=1e-6)
    kept = tf.nn.weighted_moments(tf.constant(x), [0, 1], 2.0, keep_dims=True)
    assert kept[0].shape.as_list() == [1, 1] and kept[0].op.type == "Mul"
    np.testing.assert_allclose(run(kept[1]), [[x.var()]], rtol=1e-5)
