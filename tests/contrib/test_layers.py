"""tf.contrib.layers: fully_connected (variable and op names, model variables, reuse,
normalizers, regularizers, collections), batch_norm (its three paths, updates, errors),
conv2d, max_pool2d, dropout, flatten, layer_norm, embed_sequence, the xavier and variance-scaling initializers, the
l1 / l2 / sum regularizers and apply_regularization, and get_variable(regularizer=)."""
import numpy as np
import pytest

import minitf as tf
from tests.harness import session

RNG = np.random.RandomState(11)
X = RNG.standard_normal((4, 3)).astype(np.float32)
K = (np.arange(6, dtype=np.float32).reshape(3, 2) - 2.5) / 5
layers = tf.contrib.layers


def _ops():
    return [op.name for op in tf.get_default_graph().get_operations()]


def _names(xs):
    return [x.name for x in xs]


def _run(fetches, feed=None):
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed)


# ---- fully_connected

def test_fully_connected_names_values_and_collections():
    x = tf.placeholder(tf.float32, [None, 3])
    y = layers.fully_connected(x, 2, weights_initializer=tf.constant_initializer(K),
                               biases_initializer=tf.constant_initializer(0.5))
    z = layers.fully_connected(y, 4)
    assert (y.name, z.name) == ("fully_connected/Relu:0", "fully_connected_1/Relu:0")
    assert _names(tf.global_variables()) == [
        "fully_connected/weights:0", "fully_connected/biases:0",
        "fully_connected_1/weights:0", "fully_connected_1/biases:0"]
    assert tf.model_variables() == tf.global_variables() == tf.trainable_variables()
    assert {"fully_connected/MatMul", "fully_connected/BiasAdd",
            "fully_connected/weights/Initializer/Const",
            "fully_connected_1/weights/Initializer/random_uniform/RandomUniform"} <= set(_ops())
    np.testing.assert_allclose(_run(y, {x: X}), np.maximum(X @ K + 0.5, 0), rtol=1e-6)
    assert tf.get_collection(tf.GraphKeys.WEIGHTS) == []


def test_fully_connected_options():
    x = tf.constant(X)
    linear = layers.fully_connected(x, 2, activation_fn=None, scope="lin",
                                    weights_initializer=tf.constant_initializer(K))
    assert linear.name == "lin/BiasAdd:0"
    normed = layers.fully_connected(x, 2, normalizer_fn=lambda t, scale: t * scale,
                                    normalizer_params={"scale": 3.0}, activation_fn=tf.tanh,
                                    weights_initializer=tf.constant_initializer(K))
    nobias = layers.fully_connected(x, 2, biases_initializer=None, activation_fn=None)
    assert _names(tf.global_variables()) == [
        "lin/weights:0", "lin/biases:0", "fully_connected/weights:0",
        "fully_connected_1/weights:0"]
    assert normed.name == "fully_connected/Tanh:0"
    lv, nv = _run([linear, normed])
    np.testing.assert_allclose(lv, X @ K, rtol=1e-6)
    np.testing.assert_allclose(nv, np.tanh(3 * (X @ K)), rtol=1e-6)
    assert nobias.op.type == "MatMul"
    frozen = layers.fully_connected(x, 2, trainable=False, scope="frozen")
    assert frozen.shape.as_list() == [4, 2]
    assert not any(v.name.startswith("frozen") for v in tf.trainable_variables())
    with pytest.raises(ValueError, match="num_outputs type should be one of"):
        layers.fully_connected(x, 2.0)


def test_fully_connected_reuse():
    a = tf.placeholder(tf.float32, [None, 3])
    ya = layers.fully_connected(a, 2, scope="fc", weights_initializer=tf.constant_initializer(K))
    yb = layers.fully_connected(a * 2.0, 2, scope="fc", reuse=True)
    assert (ya.name, yb.name) == ("fc/Relu:0", "fc_1/Relu:0")
    assert _names(tf.global_variables()) == ["fc/weights:0", "fc/biases:0"]
    va, vb = _run([ya, yb], {a: X})
    np.testing.assert_allclose(vb, np.maximum(2 * X @ K, 0), rtol=1e-6)
    np.testing.assert_allclose(va, np.maximum(X @ K, 0), rtol=1e-6)
    with tf.variable_scope("outer", reuse=tf.AUTO_REUSE):
        layers.fully_connected(a, 2, scope="shared")
        layers.fully_connected(a, 2, scope="shared")
    assert len(tf.global_variables()) == 4
    with pytest.raises(ValueError, match="Variable fc/weights already exists, disallowed"):
        layers.fully_connected(a, 2, scope="fc")
    with pytest.raises(ValueError, match="Variable missing/weights does not exist"):
        layers.fully_connected(a, 2, scope="missing", reuse=True)


def test_fully_connected_regularizers_and_collections():
    x = tf.constant(X)
    y = layers.fully_connected(x, 2, weights_initializer=tf.constant_initializer(K),
                               weights_regularizer=layers.l2_regularizer(0.1),
                               biases_regularizer=layers.l1_regularizer(0.5),
                               biases_initializer=tf.constant_initializer(-1.0),
                               variables_collections=["mine"], outputs_collections="outs")
    regs = tf.losses.get_regularization_losses()
    assert _names(regs) == ["fully_connected/kernel/Regularizer/l2_regularizer:0",
                            "fully_connected/bias/Regularizer/l1_regularizer:0"]
    assert _names(tf.get_collection("mine")) == ["fully_connected/weights:0",
                                                 "fully_connected/biases:0"]
    assert tf.get_collection("outs") == [y] and y.aliases == ["fully_connected"]
    z = layers.fully_connected(x, 2, variables_collections={"weights": ["w_only"]})
    assert _names(tf.get_collection("w_only")) == ["fully_connected_1/weights:0"]
    l2, l1 = _run(regs)
    assert l2 == pytest.approx(0.1 * (K ** 2).sum() / 2) and l1 == pytest.approx(1.0)
    assert z.shape.as_list() == [4, 2]


# ---- initializers

def test_xavier_initializer():
    assert layers.xavier_initializer_conv2d is layers.xavier_initializer
    w = tf.get_variable("w", [200, 300], initializer=layers.xavier_initializer(seed=1))
    n = tf.get_variable("n", [200, 300], initializer=layers.xavier_initializer(uniform=False))
    d = tf.get_variable("d", [20, 30], dtype=tf.float64,
                        initializer=layers.xavier_initializer(dtype=tf.float64))
    assert "w/Initializer/random_uniform/RandomUniform" in _ops()
    assert "n/Initializer/truncated_normal/TruncatedNormal" in _ops()
    wv, nv, dv = _run([w, n, d])
    limit = np.sqrt(6 / 500)
    assert np.abs(wv).max() <= limit and wv.std() == pytest.approx(limit / np.sqrt(3), rel=0.02)
    assert nv.std() == pytest.approx(np.sqrt(1.3 * 2 / 500) * 0.8796, rel=0.03)
    assert dv.dtype == np.float64
    with pytest.raises(TypeError, match="Cannot create initializer for non-floating point type."):
        layers.xavier_initializer(dtype=tf.int32)


def test_variance_scaling_initializer():
    init = layers.variance_scaling_initializer(factor=2.0, mode="FAN_OUT", uniform=True)
    conv = tf.get_variable("conv", [3, 3, 16, 100], initializer=init)
    fan_in = tf.get_variable("fan_in", [400, 50],
                             initializer=layers.variance_scaling_initializer())
    cv, fv = _run([conv, fan_in])
    assert np.abs(cv).max() <= np.sqrt(3 * 2 / 900) and np.abs(cv).max() > 0.05
    assert fv.std() == pytest.approx(np.sqrt(1.3 * 2 / 400) * 0.8796, rel=0.03)
    with pytest.raises(TypeError, match="Unknown mode FAN_MAX"):
        layers.variance_scaling_initializer(mode="FAN_MAX")


# ---- regularizers

def test_l2_and_l1_regularizers():
    w = tf.constant([[1.0, -2.0], [3.0, 0.5]])
    l2 = layers.l2_regularizer(0.1)(w)
    l1 = layers.l1_regularizer(0.5)(w)
    named = layers.l2_regularizer(0.2, scope="penalty")(w)
    assert (l2.name, l1.name, named.name) == ("l2_regularizer:0", "l1_regularizer:0",
                                              "penalty:0")
    assert {"l2_regularizer/scale", "l2_regularizer/L2Loss", "l1_regularizer/Abs"} <= set(_ops())
    v2, v1, vn = _run([l2, l1, named])
    assert v2 == pytest.approx(0.1 * 14.25 / 2) and v1 == pytest.approx(0.5 * 6.5)
    assert vn == pytest.approx(0.2 * 14.25 / 2)
    assert layers.l2_regularizer(0.0)(w) is None and layers.l1_regularizer(0.0)(w) is None
    assert layers.l2_regularizer(tf.constant(0.1))(w).name == "l2_regularizer_1:0"


def test_regularizer_errors():
    with pytest.raises(ValueError, match="scale cannot be an integer: 1"):
        layers.l2_regularizer(1)
    with pytest.raises(ValueError, match=r"Setting a scale less than 0 on a regularizer: -0.5\."):
        layers.l2_regularizer(-0.5)
    with pytest.raises(ValueError, match="Setting a scale less than 0 on a regularizer: -1$"):
        layers.l1_regularizer(-1.0)
    with pytest.raises(ValueError, match="scale_l1 cannot be an integer: 2"):
        layers.l1_l2_regularizer(2, 0.5)


def test_sum_and_l1_l2_regularizers():
    w = tf.constant([[1.0, -2.0], [3.0, 0.5]])
    assert layers.sum_regularizer([None]) is None
    both = layers.sum_regularizer([layers.l1_regularizer(0.5), None,
                                   layers.l2_regularizer(0.1), lambda t: None])(w)
    l1_l2 = layers.l1_l2_regularizer(0.5, 0.1)(w)
    only_l2 = layers.l1_l2_regularizer(0.0, 0.1)(w)
    assert (both.name, l1_l2.name, only_l2.name) == ("sum_regularizer:0", "l1_l2_regularizer:0",
                                                     "l1_l2_regularizer_1:0")
    assert layers.sum_regularizer([lambda t: None])(w) is None
    vb, vl, vo = _run([both, l1_l2, only_l2])
    assert vb == pytest.approx(3.25 + 0.7125) and vl == pytest.approx(vb)
    assert vo == pytest.approx(0.7125)


def test_apply_regularization():
    with pytest.raises(ValueError, match="No weights to regularize."):
        layers.apply_regularization(layers.l2_regularizer(0.1))
    a = tf.constant([1.0, 2.0])
    b = tf.constant([[3.0]])
    tf.add_to_collection(tf.GraphKeys.WEIGHTS, a)
    penalty = layers.apply_regularization(layers.l2_regularizer(0.1), [a, b])
    default = layers.apply_regularization(layers.l1_regularizer(1.0))
    zero = layers.apply_regularization(lambda t: None, [a])
    assert penalty.name == "get_regularization_penalty:0"
    assert default.name == "get_regularization_penalty_1:0"
    assert tf.losses.get_regularization_losses() == [penalty, default, zero]
    assert _run([penalty, default, zero]) == pytest.approx([0.7, 3.0, 0.0])
    with pytest.raises(ValueError, match="regularizer must return a scalar Tensor instead of a "
                                         "Tensor with rank 1."):
        layers.apply_regularization(lambda t: t, [a])


def test_get_variable_regularizer():
    w = tf.get_variable("w", initializer=tf.constant([[1.0, -2.0], [3.0, 0.5]]),
                        regularizer=layers.l2_regularizer(0.1))
    with tf.variable_scope("s", regularizer=layers.l1_regularizer(1.0)):
        tf.get_variable("v", initializer=tf.constant([2.0, -1.0]))
        tf.get_variable("off", initializer=tf.constant(1.0), regularizer=tf.no_regularizer)
    tf.get_variable("none", initializer=tf.constant(1.0), regularizer=layers.l2_regularizer(0.0))
    regs = tf.losses.get_regularization_losses()
    assert _names(regs) == ["w/Regularizer/l2_regularizer:0", "s/v/Regularizer/l1_regularizer:0"]
    assert w.name == "w:0"
    assert _run(regs) == pytest.approx([0.7125, 3.0])


# --------------------------------------------------------------------------------------------
# conv2d, max_pool2d, flatten, layer_norm, embed_sequence (TF 1.15's layers.py / encoders.py)

def _conv_same(x, w):
    """Stride-1 SAME 2-D convolution (cross-correlation), NHWC."""
    kh, kw = w.shape[:2]
    pad = np.pad(x, ((0, 0), ((kh - 1) // 2, kh // 2), ((kw - 1) // 2, kw // 2), (0, 0)))
    out = np.zeros(x.shape[:3] + (w.shape[3],), np.float64)
    for i in range(kh):
        for j in range(kw):
            out += pad[:, i:i + x.shape[1], j:j + x.shape[2]] @ w[i, j]
    return out


def test_conv2d_names_defaults_and_values():
    x = RNG.standard_normal((2, 5, 6, 3)).astype(np.float32)
    y = layers.conv2d(x, 4, [3, 2])
    y2 = layers.convolution2d(y, 2, 1, activation_fn=None, biases_initializer=None)
    assert layers.conv2d is layers.convolution2d
    assert y.op.name == "Conv/Relu" and y.shape.as_list() == [2, 5, 6, 4]
    assert _names(tf.model_variables()) == ["Conv/weights:0", "Conv/biases:0", "Conv_1/weights:0"]
    assert _names(tf.trainable_variables()) == _names(tf.model_variables())
    assert tf.model_variables()[0].shape.as_list() == [3, 2, 3, 4]
    assert y2.op.name == "Conv_1/Conv2D"
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        w = RNG.standard_normal((3, 2, 3, 4)).astype(np.float32)
        b = RNG.standard_normal(4).astype(np.float32)
        tf.model_variables()[0].load(w, sess)
        tf.model_variables()[1].load(b, sess)
        got, w2 = sess.run([y, tf.model_variables()[2]])
    np.testing.assert_allclose(got, np.maximum(_conv_same(x, w) + b, 0), rtol=1e-4, atol=1e-5)
    # xavier uniform: limit sqrt(6 / (fan_in + fan_out)) = 1 for a 1x1 kernel from 4 to 2
    assert w2.shape == (1, 1, 4, 2) and 0 < np.abs(w2).max() <= 1.0


def test_conv2d_errors():
    with pytest.raises(ValueError, match="Invalid data_format: 'NHCW'"):
        layers.conv2d(tf.zeros([1, 4, 4, 2]), 3, 3, data_format="NHCW")
    with pytest.raises(ValueError, match="Convolution expects input with rank 4, got 3"):
        layers.conv2d(tf.zeros([1, 4, 2]), 3, 3)
    with pytest.raises(ValueError, match="Convolution not supported for input with rank"):
        layers.convolution(tf.zeros([1, 4]), 3, 3)


def test_max_pool2d_and_flatten():
    x = RNG.standard_normal((2, 5, 4, 3)).astype(np.float32)
    pooled = layers.max_pool2d(x, [2, 2])
    flat = layers.flatten(pooled, outputs_collections="outs")
    assert pooled.op.name == "MaxPool2D/MaxPool" and pooled.shape.as_list() == [2, 2, 2, 3]
    assert flat.shape.as_list() == [2, 12] and flat.name.startswith("Flatten/")
    assert tf.get_collection("outs") == [flat] and flat.aliases == ["Flatten/"]
    got_pool, got_flat = _run([pooled, flat])
    want = x[:, :4].reshape(2, 2, 2, 2, 2, 3).max(axis=(2, 4))
    np.testing.assert_allclose(got_pool, want)
    np.testing.assert_allclose(got_flat, want.reshape(2, -1))
    with pytest.raises(ValueError, match="data_format has to be either NCHW or NHWC."):
        layers.max_pool2d(x, 2, data_format="NWC")


def test_dropout_names_modes_and_values():
    x = tf.placeholder(tf.float32, [None, 4])
    training = tf.placeholder(tf.bool, [])
    with tf.contrib.framework.arg_scope([layers.dropout], keep_prob=0.5):
        switched = layers.dropout(x, is_training=training, outputs_collections="outs")
        dropped = layers.dropout(x, seed=3)
        kept = layers.dropout(x, is_training=False, scope="d")
    assert switched.name == "Dropout/cond/Merge:0" and switched.shape.as_list() == [None, 4]
    assert dropped.name.startswith("Dropout_1/dropout/") and kept.name == "d/Identity:0"
    assert tf.get_collection("outs") == [switched] and switched.aliases == ["Dropout"]
    ones = np.ones((50, 4), np.float32)
    on, always, never = _run([switched, dropped, kept], {x: ones, training: True})
    assert set(np.unique(on)) <= {0.0, 2.0} and 0 < on.sum() < 400
    assert set(np.unique(always)) <= {0.0, 2.0}
    np.testing.assert_array_equal(never, ones)
    np.testing.assert_array_equal(_run(switched, {x: ones, training: False}), ones)
    with pytest.raises(ValueError, match="rate must be a scalar tensor or a float in the range "
                                         r"\[0, 1\), got 1"):
        layers.dropout(x, keep_prob=0.0)


def test_layer_norm_names_and_values():
    x = RNG.standard_normal((3, 4, 5)).astype(np.float32)
    y = layers.layer_norm(x, activation_fn=tf.nn.relu)
    y2 = layers.layer_norm(x, begin_norm_axis=-1, begin_params_axis=1, center=False)
    assert _names(tf.model_variables()) == ["LayerNorm/beta:0", "LayerNorm/gamma:0",
                                            "LayerNorm_1/gamma:0"]
    assert [v.shape.as_list() for v in tf.model_variables()] == [[5], [5], [4, 5]]
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        beta, gamma = RNG.standard_normal((2, 5)).astype(np.float32)
        tf.model_variables()[0].load(beta, sess)
        tf.model_variables()[1].load(gamma, sess)
        got, got2 = sess.run([y, y2])
    mean, var = x.mean((1, 2), keepdims=True), x.var((1, 2), keepdims=True)
    np.testing.assert_allclose(got, np.maximum((x - mean) / np.sqrt(var + 1e-12) * gamma + beta,
                                               0), rtol=1e-4, atol=1e-5)
    mean, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
    np.testing.assert_allclose(got2, (x - mean) / np.sqrt(var + 1e-12), rtol=1e-4, atol=1e-5)


def test_layer_norm_errors():
    with pytest.raises(ValueError, match="Inputs Placeholder:0 has undefined rank."):
        layers.layer_norm(tf.placeholder(tf.float32))
    with pytest.raises(ValueError, match=r"begin_params_axis \(-1\) and begin_norm_axis \(2\) "
                                         r"must be < rank\(inputs\) \(2\)"):
        layers.layer_norm(tf.zeros([2, 3]), begin_norm_axis=2)
    with pytest.raises(ValueError, match=r"Inputs Placeholder_1:0: shape\(inputs\)\[-1:\] is "
                                         r"not fully defined: \(2, \?\)"):
        layers.layer_norm(tf.placeholder(tf.float32, [2, None]))


@pytest.mark.parametrize("unique", [False, True])
def test_embed_sequence(unique):
    ids = np.array([[1, 4, 1], [0, 4, 2]], np.int32)
    y = layers.embed_sequence(ids, vocab_size=5, embed_dim=3, unique=unique)
    y2 = layers.embed_sequence(ids, scope="EmbedSequence", reuse=True)
    assert _names(tf.model_variables()) == ["EmbedSequence/embeddings:0"]
    assert y.shape.as_list() == [2, 3, 3]
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        table = RNG.standard_normal((5, 3)).astype(np.float32)
        tf.model_variables()[0].load(table, sess)
        got, got2 = sess.run([y, y2])
    np.testing.assert_allclose(got, table[ids])
    np.testing.assert_allclose(got2, table[ids])
    with pytest.raises(ValueError, match="Must specify vocab size and embedding dimension when "
                                         "not reusing. Got vocab_size=5 and embed_dim=None"):
        layers.embed_sequence(ids, vocab_size=5)


def test_embedding_lookup_unique_time_major_ids():
    """The seq2seq tutorials' lookup of [time, batch] ids (TF's names and static shape)."""
    table = RNG.standard_normal((6, 4)).astype(np.float32)
    ids = tf.placeholder(tf.int32, [None, 3], name="ids")
    y = layers.embedding_lookup_unique(tf.constant(table), ids)
    assert y.name == "EmbeddingLookupUnique/Reshape_1:0"
    assert y.shape.as_list() == [None, 3, 4]
    feed = np.array([[5, 0, 5], [2, 2, 1]], np.int32)
    with session() as sess:
        np.testing.assert_array_equal(sess.run(y, {ids: feed}), table[feed])
    assert layers.embedding_lookup_unique(table, [1], name="emb").name.startswith("emb/")


# ---- batch_norm

X4 = RNG.standard_normal((4, 3, 2, 5)).astype(np.float32)


def _bn_reference(x, axes, eps=1e-3):
    mean, var = x.mean(axes, keepdims=True), x.var(axes, keepdims=True)
    return (x - mean) / np.sqrt(var + eps), mean, var


@pytest.mark.parametrize("kwargs", [
    {}, {"updates_collections": None}, {"fused": False},
    {"fused": False, "updates_collections": None}, {"updates_collections": ["mine"]},
    {"updates_collections": None, "data_format": "NCHW"},
    {"fused": False, "updates_collections": None, "data_format": "NCHW"}])
def test_batch_norm_training_values_and_moving_averages(kwargs):
    nchw = kwargs.get("data_format") == "NCHW"
    axes = (0, 2, 3) if nchw else (0, 1, 2)
    is_training = tf.placeholder_with_default(True, [])
    y = layers.batch_norm(tf.constant(X4), decay=0.9, scale=True, is_training=is_training,
                          **kwargs)
    assert _names(tf.model_variables()) == ["BatchNorm/beta:0", "BatchNorm/gamma:0",
                                            "BatchNorm/moving_mean:0",
                                            "BatchNorm/moving_variance:0"] or \
        sorted(_names(tf.model_variables())) == sorted(["BatchNorm/beta:0", "BatchNorm/gamma:0",
                                                        "BatchNorm/moving_mean:0",
                                                        "BatchNorm/moving_variance:0"])
    assert _names(tf.trainable_variables()) in (["BatchNorm/beta:0", "BatchNorm/gamma:0"],
                                                ["BatchNorm/gamma:0", "BatchNorm/beta:0"])
    collection = kwargs.get("updates_collections", tf.GraphKeys.UPDATE_OPS)
    updates = tf.get_collection(collection[0] if isinstance(collection, list) else collection) \
        if collection is not None else []
    assert len(updates) == (0 if collection is None else 2)
    expected, mean, var = _bn_reference(X4, axes)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        got = sess.run([y] + updates)[0]
        np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)
        moving_mean, moving_var = sess.run(["BatchNorm/moving_mean:0",
                                            "BatchNorm/moving_variance:0"])
        fused = kwargs.get("fused", True) and collection is not tf.GraphKeys.UPDATE_OPS \
            or kwargs == {}
        n = X4.size / X4.shape[1 if nchw else 3]
        batch_var = var.ravel() * (n / (n - 1) if fused else 1.0)
        np.testing.assert_allclose(moving_mean, 0.1 * mean.ravel(), rtol=1e-4, atol=1e-6)
        np.testing.assert_allclose(moving_var, 0.9 + 0.1 * batch_var, rtol=1e-4)
        inferred = sess.run(y, {is_training: False})
        shape = [1, -1, 1, 1] if nchw else [-1]
        np.testing.assert_allclose(
            inferred, (X4 - moving_mean.reshape(shape)) / np.sqrt(moving_var.reshape(shape) + 1e-3),
            rtol=1e-4, atol=1e-4)


def test_batch_norm_rank2_fused_and_python_bool():
    y = layers.batch_norm(tf.constant(X), is_training=False)
    assert y.shape.as_list() == [4, 3]
    assert _names(tf.model_variables()) == ["BatchNorm/beta:0", "BatchNorm/moving_mean:0",
                                            "BatchNorm/moving_variance:0"]
    assert "BatchNorm/FusedBatchNormV3" in _ops()
    assert tf.get_collection(tf.GraphKeys.UPDATE_OPS) == []
    np.testing.assert_allclose(_run(y), X / np.sqrt(1.001), rtol=1e-5)
    tf.reset_default_graph()
    y = layers.batch_norm(tf.constant(X), scope="bn", activation_fn=tf.nn.relu)
    expected, _, _ = _bn_reference(X, (0,))
    np.testing.assert_allclose(_run(y), np.maximum(expected, 0), rtol=1e-4, atol=1e-5)
    assert [v.name for v in tf.get_collection(tf.GraphKeys.UPDATE_OPS)] == [
        "bn/AssignMovingAvg:0", "bn/AssignMovingAvg_1:0"]


def test_batch_norm_batch_weights_and_collections():
    w = np.array([1.0, 2.0, 1.0, 0.5], np.float32)
    y = layers.batch_norm(tf.constant(X), batch_weights=w, variables_collections=["bn_vars"],
                          outputs_collections="outs", updates_collections=None)
    mean = (w[:, None] * X).sum(0) / w.sum()
    var = (w[:, None] * (X - mean) ** 2).sum(0) / w.sum()
    np.testing.assert_allclose(_run(y), (X - mean) / np.sqrt(var + 1e-3), rtol=1e-4, atol=1e-5)
    assert len(tf.get_collection("bn_vars")) == 3
    assert tf.get_collection("outs") == [y]


def test_batch_norm_errors():
    with pytest.raises(ValueError, match="data_format has to be either NCHW or NHWC."):
        layers.batch_norm(tf.constant(X4), data_format="NCWH")
    with pytest.raises(ValueError, match="data_format has to be either NCHW or NHWC."):
        layers.batch_norm(tf.constant(X4), data_format="NCWH", fused=False)
    unknown = tf.placeholder(tf.float32)
    with pytest.raises(ValueError, match="Inputs Placeholder:0 has undefined rank."):
        layers.batch_norm(unknown, updates_collections=None, fused=False)
    with pytest.raises(ValueError, match="has undefined rank"):
        layers.batch_norm(unknown)
    with pytest.raises(ValueError, match="undefined `C` dimension"):
        layers.batch_norm(tf.placeholder(tf.float32, [None, None, None, None]),
                          updates_collections=None)
    with pytest.raises(ValueError, match="renormalization"):
        layers.batch_norm(tf.constant(X4), renorm=True)
    with pytest.raises(ValueError, match="zero_debias"):
        layers.batch_norm(tf.constant(X4), zero_debias_moving_mean=True)
