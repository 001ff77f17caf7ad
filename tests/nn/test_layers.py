"""tf.layers: Dense (names, initializers, reuse, regularizers, rank > 2 inputs, input checks),
the Layer object, Dropout (training as a bool or a constant), Flatten, and TF 1.15's errors."""
import numpy as np
import pytest

import minitf as tf
from tests.harness import session

RNG = np.random.RandomState(3)
X = RNG.standard_normal((4, 3)).astype(np.float32)
K = (np.arange(15, dtype=np.float32).reshape(3, 5) - 7) / 10


def _ops():
    return [op.name for op in tf.get_default_graph().get_operations()]


def _names(xs):
    return [x.name for x in xs]


def _run(fetches, feed=None, init=True):
    with session() as sess:
        if init:
            sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed)


# ---- dense

def test_dense_names_values_and_collections():
    x = tf.placeholder(tf.float32, [None, 3])
    h = tf.layers.dense(x, 5, activation=tf.nn.relu, kernel_initializer=tf.constant_initializer(K),
                        bias_initializer=tf.constant_initializer(0.25))
    y = tf.layers.dense(h, 2)
    assert h.name == "dense/Relu:0" and h.shape.as_list() == [None, 5]
    assert y.name == "dense_1/BiasAdd:0"
    assert _names(tf.global_variables()) == ["dense/kernel:0", "dense/bias:0",
                                             "dense_1/kernel:0", "dense_1/bias:0"]
    assert tf.trainable_variables() == tf.global_variables()
    assert {"dense/MatMul", "dense/BiasAdd", "dense/Relu", "dense_1/MatMul"} <= set(_ops())
    assert "dense/bias/Initializer/zeros" not in _ops()
    assert "dense_1/bias/Initializer/zeros" in _ops()
    hv = _run(h, {x: X})
    np.testing.assert_allclose(hv, np.maximum(X @ K + 0.25, 0), rtol=1e-6)


def test_dense_default_initializer_is_glorot_uniform():
    y = tf.layers.dense(tf.constant(X), 40)
    kernel = tf.global_variables()[0]
    assert "dense/kernel/Initializer/random_uniform/RandomUniform" in _ops()
    k, b = _run([kernel, tf.global_variables()[1]])
    limit = np.sqrt(6 / (3 + 40))
    assert np.abs(k).max() <= limit and np.abs(k).max() > limit / 2
    assert (b == 0).all() and y.shape.as_list() == [4, 40]


def test_dense_activation_strings_and_no_bias():
    x = tf.constant(X)
    y = tf.layers.dense(x, 2, activation="tanh", use_bias=False,
                        kernel_initializer="ones", name="out")
    assert y.name == "out/Tanh:0" and _names(tf.global_variables()) == ["out/kernel:0"]
    np.testing.assert_allclose(_run(y), np.tanh(X @ np.ones((3, 2))), rtol=1e-6)
    assert tf.layers.dense(x, 2, activation="linear").name == "dense/BiasAdd:0"
    with pytest.raises(ValueError, match="Unknown activation function:swish"):
        tf.layers.dense(x, 2, activation="swish")
    with pytest.raises(ValueError, match="Unknown initializer: nope"):
        tf.layers.dense(x, 2, kernel_initializer="nope")


def test_dense_float64_inputs_make_float64_variables():
    y = tf.layers.dense(tf.constant(X.astype(np.float64)), 2)
    assert y.dtype == tf.float64
    assert [v.dtype for v in tf.global_variables()] == [tf.float64_ref, tf.float64_ref]


def test_dense_reuse_by_name_and_auto_reuse():
    a = tf.placeholder(tf.float32, [None, 3])
    ya = tf.layers.dense(a, 5, name="fc", kernel_initializer=tf.constant_initializer(K))
    yb = tf.layers.dense(a * 2.0, 5, name="fc", reuse=True)
    assert ya.name == "fc/BiasAdd:0" and yb.name == "fc_1/BiasAdd:0"
    assert _names(tf.global_variables()) == ["fc/kernel:0", "fc/bias:0"]
    va, vb = _run([ya, yb], {a: X})
    np.testing.assert_allclose(vb, 2 * va, rtol=1e-6)
    with tf.variable_scope("block", reuse=tf.AUTO_REUSE):
        tf.layers.dense(a, 4, name="auto")
        tf.layers.dense(a, 4, name="auto")
    assert _names(tf.global_variables())[2:] == ["block/auto/kernel:0", "block/auto/bias:0"]


def test_dense_scopes():
    a = tf.placeholder(tf.float32, [None, 3])
    with tf.variable_scope("model"):
        y = tf.layers.dense(tf.layers.dense(a, 2), 2)
    with tf.name_scope("ns"):
        z = tf.layers.dense(a, 2, name="named")
    with tf.variable_scope("model", reuse=True):
        w = tf.layers.dense(a, 2, name="dense")
    assert (y.name, z.name, w.name) == ("model/dense_1/BiasAdd:0", "ns/named/BiasAdd:0",
                                        "model_1/dense/BiasAdd:0")
    assert _names(tf.global_variables()) == [
        "model/dense/kernel:0", "model/dense/bias:0", "model/dense_1/kernel:0",
        "model/dense_1/bias:0", "named/kernel:0", "named/bias:0"]


def test_dense_errors():
    with pytest.raises(ValueError, match="The last dimension of the inputs to `Dense` should be "
                                         "defined. Found `None`."):
        tf.layers.dense(tf.placeholder(tf.float32, [None, None]), 3)
    with pytest.raises(TypeError, match="Unable to build `Dense` layer with non-floating point "
                                        "dtype <dtype: 'int32'>"):
        tf.layers.dense(tf.constant([[1, 2]]), 3)
    with pytest.raises(ValueError, match="Variable nope/kernel does not exist, or was not created "
                                         "with tf.get_variable()"):
        tf.layers.dense(tf.zeros([2, 3]), 3, name="nope", reuse=True)
    tf.layers.dense(tf.zeros([2, 3]), 3, name="twice")
    with pytest.raises(ValueError, match="Variable twice/kernel already exists, disallowed"):
        tf.layers.dense(tf.zeros([2, 3]), 3, name="twice")
    with pytest.raises(ValueError, match=r"Trying to share variable twice/kernel, but specified "
                                         r"shape \(4, 3\) and found shape \(3, 3\)."):
        tf.layers.dense(tf.zeros([2, 4]), 3, name="twice", reuse=True)
    with pytest.raises(ValueError, match="Input 0 of layer dense_3 is incompatible with the "
                                         "layer: expected min_ndim=2, found ndim=1. Full shape "
                                         r"received: \[3\]"):
        tf.layers.dense(tf.zeros([3]), 2)
    with pytest.raises(TypeError, match="Keyword argument not understood: bogus"):
        tf.layers.Dense(2, bogus=1)


def test_dense_rank3_static_and_partial_shapes():
    kernel = tf.constant_initializer(K)
    xs = RNG.standard_normal((2, 4, 3)).astype(np.float32)
    static = tf.layers.dense(tf.constant(xs), 5, kernel_initializer=kernel)
    ph = tf.placeholder(tf.float32, [None, 4, 3])
    partial = tf.layers.dense(ph, 5, kernel_initializer=kernel, activation=tf.nn.relu)
    assert static.shape.as_list() == [2, 4, 5] and partial.shape.as_list() == [None, 4, 5]
    assert static.op.inputs[0].name == "dense/Tensordot:0"
    for name in ("dense/Tensordot/transpose", "dense/Tensordot/Reshape",
                 "dense/Tensordot/transpose_1", "dense/Tensordot/Reshape_1",
                 "dense/Tensordot/MatMul", "dense_1/Tensordot/GatherV2",
                 "dense_1/Tensordot/Prod_1", "dense_1/Tensordot/stack",
                 "dense_1/Tensordot/concat_1", "dense_1/Tensordot"):
        assert name in _ops()
    s, p = _run([static, partial], {ph: xs})
    np.testing.assert_allclose(s, xs @ K, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(p, np.maximum(xs @ K, 0), rtol=1e-5, atol=1e-6)


def test_dense_regularizers():
    x = tf.constant(X)
    y = tf.layers.dense(x, 5, kernel_initializer=tf.constant_initializer(K),
                        bias_initializer=tf.constant_initializer(0.5),
                        kernel_regularizer=lambda w: 0.1 * tf.reduce_sum(tf.square(w)),
                        bias_regularizer=lambda b: tf.reduce_sum(tf.abs(b)),
                        activity_regularizer=lambda a: tf.reduce_sum(a * a))
    regs = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    assert _names(regs) == ["dense/kernel/Regularizer/mul:0", "dense/bias/Regularizer/Sum:0",
                            "dense/ActivityRegularizer/truediv:0"]
    tf.layers.dense(x, 5, name="dense", reuse=True, kernel_regularizer=lambda w: w[0, 0])
    assert tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES) == regs
    yv, kr, br, ar = _run([y] + regs)
    assert kr == pytest.approx(0.1 * (K ** 2).sum()) and br == pytest.approx(2.5)
    assert ar == pytest.approx((yv ** 2).sum() / 4, rel=1e-5)


def test_layer_losses_rebuild_weight_regularizers_after_activity_losses():
    layer = tf.layers.Dense(2, kernel_regularizer=lambda w: tf.reduce_sum(w),
                            activity_regularizer=lambda a: tf.reduce_mean(a),
                            kernel_initializer=tf.ones_initializer())
    layer(tf.constant(X))
    regs = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    assert _names(regs) == ["dense/kernel/Regularizer/Sum:0",
                            "dense/ActivityRegularizer/truediv:0"]
    # as in TF 1.15: tensor losses first, then each weight regularizer built anew, in the
    # name scope current when `losses` is read
    assert _names(layer.losses) == ["dense/ActivityRegularizer/truediv:0",
                                    "kernel/Regularizer/Sum:0"]
    assert _names(layer.losses)[1] == "kernel/Regularizer_1/Sum:0"
    np.testing.assert_allclose(_run(layer.losses), _run(regs[::-1]))


def test_dense_trainable_false_and_constraint():
    def clip(w):
        return tf.clip_by_value(w, -0.1, 0.1)
    layer = tf.layers.Dense(2, trainable=False, kernel_constraint=clip)
    layer(tf.constant(X))
    assert tf.trainable_variables() == [] and len(tf.global_variables()) == 2
    assert layer.trainable_weights == [] and layer.non_trainable_weights == layer.weights
    assert layer.kernel.constraint is clip


# ---- the layer object

def test_layer_object():
    a = tf.placeholder(tf.float32, [None, 3])
    layer = tf.layers.Dense(4, activation=tf.nn.sigmoid, name="proj")
    assert (layer.built, layer.name, layer.variables, layer.dtype) == (False, "proj", [], None)
    with pytest.raises(ValueError, match='the layer "proj" has not been used yet'):
        _ = layer.scope_name
    y1 = layer(a)
    y2 = layer.apply(a + 1.0)
    assert (y1.name, y2.name) == ("proj/Sigmoid:0", "proj/Sigmoid_1:0")
    assert layer.built and layer.scope_name == "proj" and layer.dtype == "float32"
    assert (layer.kernel.name, layer.bias.name) == ("proj/kernel:0", "proj/bias:0")
    assert layer.variables == layer.weights == layer.trainable_weights \
        == layer.trainable_variables == [layer.kernel, layer.bias]
    assert layer.non_trainable_weights == [] and layer.losses == []
    assert len(tf.global_variables()) == 2
    other = tf.layers.Dense(2)
    other(y1)
    third = tf.layers.Dense(2)
    assert (other.name, other.scope_name, third.name) == ("dense_1", "dense", "dense_2")
    with pytest.raises(ValueError, match="expected axis -1 of input shape to have value 3 but "
                                         r"received input with shape \[None, 4\]"):
        layer(tf.placeholder(tf.float32, [None, 4]))
    with pytest.raises(ValueError, match="its rank is undefined"):
        layer(tf.placeholder(tf.float32))


def test_custom_layer_subclass_and_scope_argument():
    class Scale(tf.layers.Layer):
        def build(self, input_shape):
            self.scale = self.add_weight("scale", [input_shape[-1].value],
                                         initializer=tf.ones_initializer())
            self.count = self.add_variable("count", [], trainable=False,
                                           initializer=tf.zeros_initializer())
            super().build(input_shape)

        def call(self, inputs):
            return inputs * self.scale

    layer = Scale()
    y = layer(tf.constant(X), scope="my_scale")
    assert layer.name == "scale_1" and layer.scope_name == "my_scale"
    assert _names(layer.weights) == ["my_scale/scale:0", "my_scale/count:0"]
    assert _names(layer.trainable_weights) == ["my_scale/scale:0"]
    assert y.name == "my_scale/mul:0"
    np.testing.assert_allclose(_run(y), X)
    layer.add_loss(tf.constant(2.0))
    assert layer.losses == tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)


# ---- dropout

def test_dropout_not_training_is_identity():
    x = tf.placeholder(tf.float32, [None, 3])
    a = tf.layers.dropout(x, 0.5)
    b = tf.layers.dropout(x, rate=0.9, training=False, name="drop")
    c = tf.layers.dropout(x, training=tf.constant(False))
    layer = tf.layers.Dropout(0.3)
    d = layer(x, training=None)
    assert [t.name for t in (a, b, c, d)] == ["dropout/Identity:0", "drop/Identity:0",
                                              "dropout_1/Identity:0", "dropout_2/Identity:0"]
    assert layer.name == "dropout_3" and layer.variables == [] and layer.rate == 0.3
    for v in _run([a, b, c, d], {x: X}, init=False):
        np.testing.assert_array_equal(v, X)


def test_dropout_training():
    x = tf.ones([60, 50])
    a = tf.layers.dropout(x, 0.5, training=True, seed=3)
    b = tf.layers.dropout(x, 0.25, training=tf.constant(True), noise_shape=[60, 1])
    c = tf.layers.dropout(x, 0.25, training=1, noise_shape=[None, 1])
    av, bv, cv = _run([a, b, c], init=False)
    assert set(np.unique(av)) == {0.0, 2.0} and 0.35 < (av != 0).mean() < 0.65
    for v in (bv, cv):
        assert set(np.unique(v)) <= {0.0, np.float32(4 / 3)}
        assert (v.max(1) == v.min(1)).all()
    assert a.name.startswith("dropout/dropout/") and a.shape.as_list() == [60, 50]


def test_dropout_training_known_when_run_builds_a_cond():
    is_training = tf.placeholder(tf.bool, [])
    x = tf.placeholder(tf.float32, [None, 50])
    y = tf.layers.dropout(x, 0.5, training=is_training)
    assert y.name == "dropout/cond/Merge:0" and y.shape.as_list() == [None, 50]
    assert "dropout/cond/dropout/random_uniform/RandomUniform" in _ops()
    assert "dropout/cond/Identity" in _ops()
    xs = np.ones((40, 50), np.float32)
    with session() as sess:
        on, off = sess.run(y, {x: xs, is_training: True}), sess.run(y, {x: xs, is_training: False})
    assert set(np.unique(on)) == {0.0, 2.0}
    np.testing.assert_array_equal(off, xs)
    with pytest.raises(TypeError, match="`pred` must be a Tensor, or a Python bool, or 1 or 0. "
                                        "Found instead: <class 'str'>"):
        tf.layers.dropout(tf.ones([2, 3]), training="yes")


# ---- flatten

def test_flatten_names_shapes_and_values():
    xs = RNG.standard_normal((2, 3, 4)).astype(np.float32)
    partial = tf.placeholder(tf.float32, [None, 3, 4])
    inner = tf.placeholder(tf.float32, [2, None, 4])
    a = tf.layers.flatten(partial)
    b = tf.layers.flatten(tf.constant(xs), name="flat")
    c = tf.layers.flatten(inner)
    assert (a.name, b.name, c.name) == ("flatten/Reshape:0", "flat/Reshape:0",
                                        "flatten_1/Reshape:0")
    assert [t.shape.as_list() for t in (a, b, c)] == [[None, 12], [2, 12], [2, None]]
    assert {"flatten/Shape", "flatten/strided_slice", "flatten/Reshape/shape",
            "flat/Reshape/shape"} <= set(_ops())
    for v in _run([a, b, c], {partial: xs, inner: xs}, init=False):
        np.testing.assert_array_equal(v, xs.reshape(2, 12))


def test_flatten_channels_first_and_errors():
    xs = RNG.standard_normal((2, 3, 4, 5)).astype(np.float32)
    layer = tf.layers.Flatten(data_format="channels_first")
    y = layer(tf.constant(xs))
    assert layer.name == "flatten_1" and y.shape.as_list() == [2, 60]
    np.testing.assert_array_equal(_run(y, init=False), xs.transpose(0, 2, 3, 1).reshape(2, 60))
    with pytest.raises(ValueError, match='The `data_format` argument must be one of '
                                         '"channels_first", "channels_last". Received: NCHW'):
        tf.layers.Flatten(data_format="NCHW")
    with pytest.raises(ValueError, match="expected min_ndim=2, found ndim=1"):
        tf.layers.flatten(tf.zeros([3]))


# ---- gradients through layers

def test_gradients_through_dense():
    x = tf.constant(X)
    h = tf.layers.dense(x, 5, activation=tf.tanh, kernel_initializer=tf.constant_initializer(K),
                        bias_initializer=tf.constant_initializer(0.1))
    loss = tf.reduce_sum(h * h)
    gk, gb, gx = tf.gradients(loss, tf.trainable_variables() + [x])
    gk, gb, gx = _run([gk, gb, gx])
    t = np.tanh(X @ K + 0.1)
    d = 2 * t * (1 - t ** 2)
    np.testing.assert_allclose(gk, X.T @ d, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(gb, d.sum(0), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(gx, d @ K.T, rtol=1e-4, atol=1e-5)


def test_gradients_through_rank3_dense_numeric():
    x = tf.placeholder(tf.float64, [2, 4, 3])
    y = tf.layers.dense(x, 2, activation=tf.tanh)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        err = tf.test.compute_gradient_error(x, [2, 4, 3], y, [2, 4, 2])
    assert err < 1e-6
