"""`tf.layers` beyond dense: conv1d/conv2d (names, default initializers, padding, strides,
reuse, uniquified names), the 1-D and 2-D poolings, `tf.nn.conv1d`, batch normalization
(`tf.layers` and `tf.nn`) in training and inference, with its update ops."""
import numpy as np

from . import case_with, initializer_add, normal



def conv1d_scope(record):
    """TF 1.15's Keras Conv1D calls `nn_ops.Convolution` without a name, so tf.nn.conv1d's
    scope is its default `conv1d` (TF 2.x names it after the class, `Conv1D`)."""
    graph = []
    for entry in record.get("graph", []):
        name, _, rest = entry.partition(" (")
        parts = name.split("/")
        if len(parts) > 1 and parts[1] == "Conv1D" and parts[0].startswith("conv1d"):
            parts[1] = "conv1d"
        graph.append("/".join(parts) + " (" + rest)
    if "graph" in record:
        record["graph"] = graph


case = case_with(initializer_add, conv1d_scope)


def _ph(tf, shape, value):
    return tf.placeholder(tf.as_dtype(value.dtype), shape), value


def _names(xs):
    return [x.name for x in xs]


def _ramp(tf, n, scale=0.05):
    """A constant initializer whose entries are all different (any kernel shape of n entries)."""
    return tf.constant_initializer((np.arange(n) - n / 2) * scale)


# ---- tf.nn.conv1d

@case
def nn_conv1d(tf, rng):
    x, xv = _ph(tf, [2, 7, 3], normal(rng, 2, 7, 3))
    f = tf.constant(normal(rng, 3, 3, 4))
    return {"fetch": {"same": tf.nn.conv1d(x, f, 2, "SAME"),
                      "valid": tf.nn.conv1d(x, f, 1, "VALID", name="c"),
                      "dilated": tf.nn.conv1d(x, f, [1], "VALID", dilations=2)},
            "feed": {x: xv}}


@case
def nn_conv1d_partial_shape(tf, rng):
    x, xv = _ph(tf, [None, None, 3], normal(rng, 2, 6, 3))
    f = tf.constant(normal(rng, 2, 3, 5))
    return {"fetch": {"y": tf.nn.conv1d(value=x, filters=f, stride=1, padding="SAME")},
            "feed": {x: xv}}


@case(error="NCW")
def error_nn_conv1d_format(tf, rng):
    tf.nn.conv1d(tf.zeros([1, 4, 2]), tf.zeros([2, 2, 3]), 1, "SAME", data_format="NHWC2")


# ---- tf.layers.conv2d / Conv2D

@case
def conv2d_names_and_values(tf, rng):
    x, xv = _ph(tf, [None, 6, 5, 3], normal(rng, 2, 6, 5, 3))
    y = tf.layers.conv2d(x, 4, 3, padding="same", activation=tf.nn.relu,
                         kernel_initializer=_ramp(tf, 3 * 3 * 3 * 4),
                         bias_initializer=tf.constant_initializer(0.1))
    z = tf.layers.conv2d(y, 2, (2, 3), strides=(2, 1), padding="VALID",
                         kernel_initializer=_ramp(tf, 2 * 3 * 4 * 2, 0.02))
    w = tf.layers.conv2d(z, 3, 1, use_bias=False, kernel_initializer=tf.ones_initializer(),
                         name="head")
    return {"fetch": {"y": y, "z": z, "w": w}, "feed": {x: xv}, "init": True,
            "facts": {"global": _names(tf.global_variables()),
                      "trainable": _names(tf.trainable_variables()),
                      "shapes": [v.shape.as_list() for v in tf.global_variables()]}}


@case
def conv2d_default_initializers(tf, rng):
    x, xv = _ph(tf, [2, 5, 5, 3], normal(rng, 2, 5, 5, 3))
    y = tf.layers.conv2d(x, 6, [3, 3], strides=2)
    return {"fetch": {"y": y, "vars": tf.global_variables()}, "feed": {x: xv}, "init": True,
            "values": False}


@case
def conv2d_bias_zero_at_init(tf, rng):
    x, xv = _ph(tf, [2, 4, 4, 2], normal(rng, 2, 4, 4, 2))
    y = tf.layers.conv2d(x, 3, 2)
    return {"fetch": {"bias": tf.global_variables()[1], "shape": tf.shape(y)}, "feed": {x: xv},
            "init": True}


@case
def conv2d_reuse_and_layer_object(tf, rng):
    a, av = _ph(tf, [None, 5, 4, 2], normal(rng, 2, 5, 4, 2))
    ya = tf.layers.conv2d(a, 3, 2, name="conv", kernel_initializer=_ramp(tf, 24))
    yb = tf.layers.conv2d(a * 2.0, 3, 2, name="conv", reuse=True)
    layer = tf.layers.Conv2D(2, (1, 2), padding="same", kernel_initializer=_ramp(tf, 4 * 2))
    before = {"built": layer.built, "name": layer.name}
    y1 = layer(ya)
    y2 = layer.apply(yb)
    other = tf.layers.Conv2D(1, 1, kernel_initializer=tf.ones_initializer())
    y3 = other(y1)
    return {"fetch": {"ya": ya, "yb": yb, "y1": y1, "y2": y2, "y3": y3}, "feed": {a: av},
            "init": True,
            "facts": {"before": before, "name": layer.name, "kernel": layer.kernel.name,
                      "variables": _names(layer.variables), "other": other.name,
                      "global": _names(tf.global_variables()),
                      "output_shape": layer.compute_output_shape([2, 4, 3, 3]).as_list()}}


@case
def conv2d_unique_names(tf, rng):
    x, xv = _ph(tf, [1, 4, 4, 1], normal(rng, 1, 4, 4, 1))
    ys = [tf.layers.conv2d(x, 1, 1) for _ in range(3)]
    with tf.variable_scope("block"):
        ys.append(tf.layers.conv2d(x, 1, 1))
    return {"fetch": {"ys": ys}, "feed": {x: xv}, "init": True, "values": False,
            "facts": {"global": _names(tf.global_variables())}}


@case
def conv2d_channels_first_shape(tf, rng):
    x = tf.placeholder(tf.float32, [2, 3, 8, 6])
    y = tf.layers.conv2d(x, 5, 3, strides=2, padding="same", data_format="channels_first")
    return {"facts": {"shape": y.shape.as_list(), "name": y.name,
                      "kernel": tf.global_variables()[0].shape.as_list()}}


@case(error="The channel dimension of the inputs should be defined.")
def error_conv2d_channels_unknown(tf, rng):
    tf.layers.conv2d(tf.placeholder(tf.float32, [None, 4, 4, None]), 2, 3)


@case(error="is incompatible with the layer")
def error_conv2d_rank(tf, rng):
    tf.layers.conv2d(tf.placeholder(tf.float32, [None, 4, 3]), 2, 3)


@case(error="The `kernel_size` argument must be a tuple of 2 integers")
def error_conv2d_kernel_size(tf, rng):
    tf.layers.conv2d(tf.placeholder(tf.float32, [None, 4, 4, 3]), 2, (3, 3, 3))


@case(error="The `padding` argument must be")
def error_conv2d_padding(tf, rng):
    tf.layers.conv2d(tf.placeholder(tf.float32, [None, 4, 4, 3]), 2, 3, padding="full")


@case(error="Negative dimension size")
def error_conv2d_too_small(tf, rng):
    tf.layers.conv2d(tf.placeholder(tf.float32, [None, 2, 2, 3]), 2, 3)


@case(error="already exists, disallowed")
def error_conv2d_same_name(tf, rng):
    x = tf.placeholder(tf.float32, [None, 4, 4, 3])
    tf.layers.conv2d(x, 2, 3, name="c")
    tf.layers.conv2d(x, 2, 3, name="c")


# ---- tf.layers.conv1d / Conv1D

@case
def conv1d_names_and_values(tf, rng):
    x, xv = _ph(tf, [None, 9, 3], normal(rng, 2, 9, 3))
    y = tf.layers.conv1d(x, 4, 3, strides=2, padding="same", activation=tf.tanh,
                         kernel_initializer=_ramp(tf, 3 * 3 * 4),
                         bias_initializer=tf.constant_initializer(-0.2))
    z = tf.layers.conv1d(y, 2, 2, kernel_initializer=_ramp(tf, 2 * 4 * 2, 0.1))
    return {"fetch": {"y": y, "z": z}, "feed": {x: xv}, "init": True,
            "facts": {"global": _names(tf.global_variables()),
                      "shapes": [v.shape.as_list() for v in tf.global_variables()]}}


@case
def conv1d_causal(tf, rng):
    x, xv = _ph(tf, [2, 8, 2], normal(rng, 2, 8, 2))
    y = tf.layers.conv1d(x, 3, 3, padding="causal", kernel_initializer=_ramp(tf, 3 * 2 * 3))
    return {"fetch": {"y": y}, "feed": {x: xv}, "init": True}


@case
def conv1d_causal_dilated(tf, rng):
    # values only: TF dilates a layer's convolution with SpaceToBatchND/BatchToSpaceND around
    # it, minitf with the Conv2D op's own dilations

    x, xv = _ph(tf, [2, 8, 2], normal(rng, 2, 8, 2))
    y = tf.layers.conv1d(x, 3, 3, padding="causal", dilation_rate=2,
                         kernel_initializer=_ramp(tf, 3 * 2 * 3))
    return {"fetch": {"y": y}, "feed": {x: xv}, "init": True, "names": False}


# ---- pooling

@case
def max_pooling2d_values(tf, rng):
    x, xv = _ph(tf, [None, 7, 6, 3], normal(rng, 2, 7, 6, 3))
    return {"fetch": {"valid": tf.layers.max_pooling2d(x, 2, 2),
                      "same": tf.layers.max_pooling2d(x, (3, 2), (2, 3), padding="SAME"),
                      "obj": tf.layers.MaxPooling2D([2, 2], 1, name="pool")(x)},
            "feed": {x: xv}}


@case
def average_pooling2d_values(tf, rng):
    x, xv = _ph(tf, [None, 7, 6, 3], normal(rng, 2, 7, 6, 3))
    return {"fetch": {"valid": tf.layers.average_pooling2d(x, 2, 2),
                      "same": tf.layers.average_pooling2d(x, 3, 2, padding="same"),
                      "obj": tf.layers.AveragePooling2D(2, (1, 2))(x)},
            "feed": {x: xv}}


@case
def pooling1d_values(tf, rng):
    x, xv = _ph(tf, [None, 9, 3], normal(rng, 2, 9, 3))
    return {"fetch": {"max": tf.layers.max_pooling1d(x, 2, 2),
                      "max_same": tf.layers.max_pooling1d(x, 3, 2, padding="same"),
                      "avg": tf.layers.average_pooling1d(x, 3, 1),
                      "avg_same": tf.layers.AveragePooling1D(2, 2, padding="same")(x)},
            "feed": {x: xv}}


@case(error="expected ndim=4, found ndim=3")
def error_max_pooling2d_rank(tf, rng):
    tf.layers.max_pooling2d(tf.placeholder(tf.float32, [None, 4, 3]), 2, 2)


@case(error="The `pool_size` argument must be a tuple of 2 integers")
def error_max_pooling2d_pool_size(tf, rng):
    tf.layers.max_pooling2d(tf.placeholder(tf.float32, [None, 4, 4, 3]), (2, 2, 2), 2)


# ---- a small convnet, trained: gradients through conv, pooling and flatten

@case
def grad_convnet(tf, rng):
    x, xv = _ph(tf, [None, 6, 6, 2], normal(rng, 3, 6, 6, 2))
    labels, lv = _ph(tf, [None], np.array([0, 2, 1], np.int32))
    h = tf.layers.conv2d(x, 3, 3, padding="same", activation=tf.nn.relu,
                         kernel_initializer=_ramp(tf, 3 * 3 * 2 * 3, 0.02))
    h = tf.layers.max_pooling2d(h, 2, 2)
    h = tf.layers.conv1d(tf.reshape(h, [-1, 9, 3]), 2, 2,
                         kernel_initializer=_ramp(tf, 2 * 3 * 2, 0.05))
    h = tf.layers.average_pooling1d(h, 2, 2)
    logits = tf.layers.dense(tf.layers.flatten(h), 3, kernel_initializer=_ramp(tf, 4 * 3, 0.1))
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels,
                                                                         logits=logits))
    grads = tf.gradients(loss, tf.trainable_variables())
    return {"fetch": {"loss": loss, "grads": grads}, "feed": {x: xv, labels: lv},
            "init": True, "names": False, "tol": 1e-4}


# ---- batch normalization

def _fused_115(scope, training):
    """A `tf115` patch: TF 1.15's fused batch norm always makes the momentum Const (TF 2.x only
    when it updates), and in training feeds FusedBatchNormV3 two empty Consts for the mean and
    variance (TF 2.x the moving averages)."""
    def patch(record):
        out = []
        for g in record["graph"]:
            if g == f"{scope}/FusedBatchNormV3 (FusedBatchNormV3)":
                if training:
                    out += [f"{scope}/Const (Const)", f"{scope}/Const_1 (Const)", g]
                else:
                    out += [g, f"{scope}/Const (Const)"]
            elif training and g == f"{scope}/Const (Const)":
                out.append(f"{scope}/Const_2 (Const)")
            else:
                out.append(g)
        record["graph"] = out
    return patch


def _both(*patches):
    def patch(record):
        for p in patches:
            p(record)
    return patch


def _bn_inits(tf, n, shift=0.0):
    return {"beta_initializer": _ramp(tf, n, 0.1), "gamma_initializer": tf.constant_initializer(
        1.0 + np.arange(n) * 0.25), "moving_mean_initializer": tf.constant_initializer(shift),
        "moving_variance_initializer": tf.constant_initializer(1.5)}


def _bn_run(tf, y, feed, extra=()):
    """The output and the moving statistics after one run of the outputs with the updates."""
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    moving = [v for v in tf.global_variables() if "moving" in v.name]

    def run(sess):
        out = sess.run([y] + list(extra) + [updates], feed)
        return {"out": out[:-1], "moving": sess.run(moving)}
    return run


@case(tf115=_fused_115("batch_normalization", True))
def batch_norm_fused_training(tf, rng):
    x, xv = _ph(tf, [None, 4, 3, 2], normal(rng, 5, 4, 3, 2) * 2.0 + 1.0)
    y = tf.layers.batch_normalization(x, training=True, **_bn_inits(tf, 2))
    return {"fetch": {"y": y}, "feed": {x: xv}, "init": True,
            "run": _bn_run(tf, y, {x: xv}),
            "facts": {"global": _names(tf.global_variables()),
                      "trainable": _names(tf.trainable_variables()),
                      "updates": _names(tf.get_collection(tf.GraphKeys.UPDATE_OPS))}}


@case(tf115=_fused_115("batch_normalization", False))
def batch_norm_fused_inference(tf, rng):
    x, xv = _ph(tf, [None, 4, 3, 2], normal(rng, 5, 4, 3, 2))
    y = tf.layers.batch_normalization(x, **_bn_inits(tf, 2, shift=0.3))
    return {"fetch": {"y": y}, "feed": {x: xv}, "init": True,
            "facts": {"updates": _names(tf.get_collection(tf.GraphKeys.UPDATE_OPS))}}


@case
def batch_norm_fused_no_center_scale(tf, rng):
    # values only: TF 1.15 makes the fused layer's unit gamma and zero beta Consts in build,
    # TF 2.x in call
    x, xv = _ph(tf, [None, 4, 3, 2], normal(rng, 5, 4, 3, 2) + 1.0)
    z = tf.layers.batch_normalization(x, center=False, scale=False, epsilon=0.01,
                                      training=False)
    t = tf.layers.batch_normalization(x, center=False, scale=False, training=True)
    return {"fetch": {"z": z, "t": t}, "feed": {x: xv}, "init": True, "names": False,
            "facts": {"global": _names(tf.global_variables()),
                      "updates": _names(tf.get_collection(tf.GraphKeys.UPDATE_OPS))}}


@case
def batch_norm_dense_training(tf, rng):
    x, xv = _ph(tf, [None, 3], normal(rng, 6, 3) * 3.0 - 1.0)
    y = tf.layers.batch_normalization(x, training=True, momentum=0.9, **_bn_inits(tf, 3))
    layer = tf.layers.BatchNormalization(center=False, epsilon=0.1)
    z = layer(x, training=True)
    return {"fetch": {"y": y, "z": z}, "feed": {x: xv}, "init": True,
            "run": _bn_run(tf, y, {x: xv}, [z]),
            "facts": {"global": _names(tf.global_variables()),
                      "updates": _names(tf.get_collection(tf.GraphKeys.UPDATE_OPS)),
                      "layer_updates": _names(layer.updates),
                      "non_trainable": _names(layer.non_trainable_weights)}}


@case
def batch_norm_dense_inference(tf, rng):
    x, xv = _ph(tf, [None, 3], normal(rng, 6, 3))
    y = tf.layers.batch_normalization(x, training=False, **_bn_inits(tf, 3, shift=-0.5))
    return {"fetch": {"y": y}, "feed": {x: xv}, "init": True,
            "facts": {"updates": _names(tf.get_collection(tf.GraphKeys.UPDATE_OPS))}}


@case
def batch_norm_axis1_rank3(tf, rng):
    x, xv = _ph(tf, [None, 3, 4], normal(rng, 2, 3, 4) + 0.5)
    y = tf.layers.batch_normalization(x, axis=1, training=True, **_bn_inits(tf, 3))
    return {"fetch": {"y": y}, "feed": {x: xv}, "init": True,
            "run": _bn_run(tf, y, {x: xv})}


@case
def batch_norm_unfused_rank4(tf, rng):
    x, xv = _ph(tf, [None, 3, 2, 2], normal(rng, 4, 3, 2, 2))
    y = tf.layers.batch_normalization(x, training=True, fused=False, **_bn_inits(tf, 2))
    return {"fetch": {"y": y}, "feed": {x: xv}, "init": True,
            "run": _bn_run(tf, y, {x: xv})}


@case
def batch_norm_training_placeholder(tf, rng):
    # values only: minitf's tf.cond is one functional op, TF's a Switch/Merge graph
    x, xv = _ph(tf, [None, 4, 3, 2], normal(rng, 5, 4, 3, 2) + 0.5)
    d, dv = _ph(tf, [None, 3], normal(rng, 4, 3) - 0.5)
    training = tf.placeholder(tf.bool, [])
    y = tf.layers.batch_normalization(x, training=training, **_bn_inits(tf, 2))
    z = tf.layers.batch_normalization(d, training=training, **_bn_inits(tf, 3))
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    moving = [v for v in tf.global_variables() if "moving" in v.name]

    def run(sess):
        feed = {x: xv, d: dv}
        infer = sess.run([y, z, updates], {**feed, training: False})
        after_infer = sess.run(moving)
        train = sess.run([y, z, updates], {**feed, training: True})
        return {"infer": infer[:2], "after_infer": after_infer, "train": train[:2],
                "after_train": sess.run(moving)}
    return {"fetch": {"y": y, "z": z}, "init": True, "run": run, "names": False,
            "facts": {"updates": len(updates)}}


@case
def batch_norm_train_op(tf, rng):
    x, xv = _ph(tf, [None, 4], normal(rng, 8, 4) * 2.0)
    t, tv = _ph(tf, [None, 1], normal(rng, 8, 1))
    h = tf.layers.batch_normalization(tf.layers.dense(x, 3, kernel_initializer=_ramp(tf, 12)),
                                      training=True)
    out = tf.layers.dense(tf.nn.relu(h), 1, kernel_initializer=_ramp(tf, 3, 0.3))
    loss = tf.reduce_mean(tf.square(out - t))
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    moving = [v for v in tf.global_variables() if "moving" in v.name]

    def run(sess):
        losses = [sess.run([loss, train_op], {x: xv, t: tv})[0] for _ in range(3)]
        return {"losses": losses, "moving": sess.run(moving),
                "vars": sess.run(tf.trainable_variables())}
    return {"fetch": {"loss": loss}, "init": True, "run": run, "names": False, "tol": 1e-4}


@case
def nn_batch_normalization(tf, rng):
    x, xv = _ph(tf, [2, 3, 4], normal(rng, 2, 3, 4))
    mean, var = tf.nn.moments(x, [0, 1])
    return {"fetch": {"full": tf.nn.batch_normalization(x, mean, var, tf.constant(
                          normal(rng, 4)), tf.constant(normal(rng, 4)), 1e-3),
                      "bare": tf.nn.batch_normalization(x, mean, var, None, None, 0.01,
                                                        name="bn")},
            "feed": {x: xv}}


@case
def nn_fused_batch_norm(tf, rng):
    x, xv = _ph(tf, [3, 2, 4, 2], normal(rng, 3, 2, 4, 2) * 1.5)
    scale, offset = tf.constant([0.5, 2.0]), tf.constant([0.1, -0.2])
    y, m, v = tf.nn.fused_batch_norm(x, scale, offset)
    # TF 2.x's graph optimizer folds an inference FusedBatchNormV3 to one output: only y.
    # (epsilon above 1.001e-5: TF 1.15 raises a smaller one to it, TF 2.x no longer)
    yi, _, _ = tf.nn.fused_batch_norm(x, scale, offset, mean=tf.constant([0.2, -0.1]),
                                      variance=tf.constant([1.5, 0.5]), epsilon=1e-4,
                                      is_training=False)
    return {"fetch": {"train": [y, m, v], "infer": yi}, "feed": {x: xv}}


@case
def grad_fused_batch_norm(tf, rng):
    x, xv = _ph(tf, [3, 2, 4, 2], normal(rng, 3, 2, 4, 2))
    w = tf.constant(normal(rng, 3, 2, 4, 2))
    scale, offset = tf.constant([0.5, 2.0]), tf.constant([0.1, -0.2])
    y, _, _ = tf.nn.fused_batch_norm(x, scale, offset)
    yi, _, _ = tf.nn.fused_batch_norm(x, scale, offset, mean=tf.constant([0.2, -0.1]),
                                      variance=tf.constant([1.5, 0.5]), is_training=False)
    g = tf.gradients(tf.reduce_sum(y * w), [x, scale, offset])
    gi = tf.gradients(tf.reduce_sum(yi * w), [x, scale, offset])
    gg = tf.gradients(tf.reduce_sum(tf.square(g[0])), [x, scale])
    return {"fetch": {"g": g, "gi": gi, "gg": gg}, "feed": {x: xv}, "names": False,
            "tol": 1e-4}


@case(error="Input has undefined `axis` dimension")
def error_batch_norm_axis_unknown(tf, rng):
    tf.layers.batch_normalization(tf.placeholder(tf.float32, [None, None]))


@case(error="axis")
def error_batch_norm_axis(tf, rng):
    tf.layers.batch_normalization(tf.placeholder(tf.float32, [None, 3]), axis=5)
