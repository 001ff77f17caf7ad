"""`tf.layers`: dense (names, initializers, reuse, regularizers, rank-3 inputs), the layer
objects, dropout and flatten; gradients through dense."""
import numpy as np

from . import case_with, edit_graph, initializer_add, normal

case = case_with(initializer_add)


def _ph(tf, shape, value):
    return tf.placeholder(tf.as_dtype(value.dtype), shape), value


def _names(xs):
    return [x.name for x in xs]


def _kernel(tf, rows, cols, scale=0.1):
    return tf.constant_initializer((np.arange(rows * cols) - rows * cols / 2) * scale)


@case
def dense_names_and_values(tf, rng):
    x, xv = _ph(tf, [None, 3], normal(rng, 4, 3))
    h = tf.layers.dense(x, 5, activation=tf.nn.relu, kernel_initializer=_kernel(tf, 3, 5),
                        bias_initializer=tf.constant_initializer(0.25))
    y = tf.layers.dense(h, 2, kernel_initializer=_kernel(tf, 5, 2, 0.2))
    z = tf.layers.dense(y, 2, activation=tf.tanh, use_bias=False,
                        kernel_initializer=tf.ones_initializer(), name="out")
    return {"fetch": {"h": h, "y": y, "z": z}, "feed": {x: xv}, "init": True,
            "facts": {"global": _names(tf.global_variables()),
                      "trainable": _names(tf.trainable_variables()),
                      "shapes": [v.shape.as_list() for v in tf.global_variables()]}}


@case
def dense_default_initializers(tf, rng):
    x, xv = _ph(tf, [None, 6], normal(rng, 2, 6))
    y = tf.layers.dense(x, 3)
    k = tf.layers.dense(tf.constant(normal(rng, 2, 4, dtype=np.float64)), 7)
    return {"fetch": {"y": y, "k": k, "vars": tf.global_variables()}, "feed": {x: xv},
            "init": True, "values": False,
            "facts": {"dtypes": [v.dtype.name for v in tf.global_variables()]}}


@case
def dense_reuse_by_name(tf, rng):
    a, av = _ph(tf, [None, 3], normal(rng, 2, 3))
    b, bv = _ph(tf, [None, 3], normal(rng, 4, 3))
    ya = tf.layers.dense(a, 2, name="fc", kernel_initializer=_kernel(tf, 3, 2))
    yb = tf.layers.dense(b, 2, name="fc", reuse=True)
    with tf.variable_scope("block", reuse=tf.AUTO_REUSE):
        c1 = tf.layers.dense(a, 4, name="auto")
        c2 = tf.layers.dense(b, 4, name="auto")
    return {"fetch": {"ya": ya, "yb": yb, "c1": c1, "c2": c2}, "feed": {a: av, b: bv},
            "init": True, "values": False,
            "facts": {"global": _names(tf.global_variables())}}


@case
def dense_reuse_values(tf, rng):
    a, av = _ph(tf, [None, 3], normal(rng, 2, 3))
    ya = tf.layers.dense(a, 2, name="fc", kernel_initializer=_kernel(tf, 3, 2),
                         bias_initializer=tf.constant_initializer(1.0))
    yb = tf.layers.dense(a * 2.0, 2, name="fc", reuse=True)
    return {"fetch": {"ya": ya, "yb": yb}, "feed": {a: av}, "init": True}


@case
def dense_layer_object(tf, rng):
    a, av = _ph(tf, [None, 3], normal(rng, 2, 3))
    layer = tf.layers.Dense(4, activation=tf.nn.sigmoid, kernel_initializer=_kernel(tf, 3, 4),
                            name="proj")
    before = {"built": layer.built, "name": layer.name, "vars": len(layer.variables)}
    y1 = layer(a)
    y2 = layer.apply(a + 1.0)
    other = tf.layers.Dense(2)
    y3 = other(y1)
    frozen = tf.layers.Dense(2, trainable=False)
    y4 = frozen(y1)
    return {"fetch": {"y1": y1, "y2": y2, "y3": y3, "y4": y4}, "feed": {a: av}, "init": True,
            "values": False,
            "facts": {"before": before, "built": layer.built, "name": layer.name,
                      "kernel": layer.kernel.name, "bias": layer.bias.name,
                      "variables": _names(layer.variables), "weights": _names(layer.weights),
                      "trainable_weights": _names(layer.trainable_weights),
                      "trainable_variables": _names(layer.trainable_variables),
                      "other": [other.name, _names(other.variables)],
                      "frozen": [frozen.name, _names(frozen.trainable_weights),
                                 _names(frozen.non_trainable_weights), _names(frozen.weights)],
                      "trainable": _names(tf.trainable_variables())}}


@case
def dense_in_scopes(tf, rng):
    a, av = _ph(tf, [None, 3], normal(rng, 2, 3))
    with tf.variable_scope("model"):
        y = tf.layers.dense(a, 2)
        y = tf.layers.dense(y, 2)
    with tf.name_scope("ns"):
        z = tf.layers.dense(a, 2, name="named")
    with tf.variable_scope("model", reuse=True):
        w = tf.layers.dense(a, 2, name="dense")
    return {"fetch": {"y": y, "z": z, "w": w}, "feed": {a: av}, "init": True, "values": False,
            "facts": {"global": _names(tf.global_variables())}}


def _tensordot_115(scope, partial):
    """A `tf115` patch: TF 1.15's tensordot always transposes and reshapes both operands
    (TF 2.x skips an identity transpose and a reshape to the same shape)."""
    b_ops = [f"{scope}/Tensordot/transpose_1/perm (Const)",
             f"{scope}/Tensordot/transpose_1 (Transpose)",
             f"{scope}/Tensordot/Reshape_1/shape (Const)",
             f"{scope}/Tensordot/Reshape_1 (Reshape)"]
    if partial:
        return edit_graph(insert_after={f"{scope}/Tensordot/Reshape (Reshape)": b_ops})
    a_ops = [f"{scope}/Tensordot/transpose/perm (Const)",
             f"{scope}/Tensordot/transpose (Transpose)",
             f"{scope}/Tensordot/Reshape/shape (Const)", f"{scope}/Tensordot/Reshape (Reshape)"]

    def patch(rec):
        graph = [g for g in rec["graph"] if g not in a_ops]
        at = graph.index(f"{scope}/Tensordot/MatMul (MatMul)")
        rec["graph"] = graph[:at] + a_ops + b_ops + graph[at:]
    return patch


@case(tf115=_tensordot_115("dense", partial=False))
def dense_rank3_static(tf, rng):
    x, xv = _ph(tf, [2, 5, 3], normal(rng, 2, 5, 3))
    y = tf.layers.dense(x, 4, kernel_initializer=_kernel(tf, 3, 4))
    return {"fetch": {"y": y}, "feed": {x: xv}, "init": True}


@case(tf115=_tensordot_115("dense", partial=True))
def dense_rank3_partial(tf, rng):
    x, xv = _ph(tf, [None, 5, 3], normal(rng, 2, 5, 3))
    y = tf.layers.dense(x, 4, activation=tf.nn.relu, kernel_initializer=_kernel(tf, 3, 4),
                        bias_initializer=tf.constant_initializer(0.1))
    return {"fetch": {"y": y}, "feed": {x: xv}, "init": True}


@case
def dense_regularizers(tf, rng):
    x, xv = _ph(tf, [None, 3], normal(rng, 4, 3))
    y = tf.layers.dense(x, 2, kernel_initializer=_kernel(tf, 3, 2),
                        bias_initializer=tf.constant_initializer(0.5),
                        kernel_regularizer=lambda w: 0.1 * tf.reduce_sum(tf.square(w)),
                        bias_regularizer=lambda b: tf.reduce_sum(tf.abs(b)),
                        activity_regularizer=lambda a: tf.reduce_sum(a * a))
    reused = tf.layers.dense(x, 2, name="dense", reuse=True,
                             kernel_regularizer=lambda w: tf.reduce_sum(w))
    regs = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    return {"fetch": {"y": y, "reused": reused, "regs": regs,
                      "total": tf.losses.get_regularization_loss()},
            "feed": {x: xv}, "init": True,
            "facts": {"regs": _names(regs)}}


@case
def dropout_not_training(tf, rng):
    x, xv = _ph(tf, [None, 4], normal(rng, 3, 4))
    a = tf.layers.dropout(x, 0.5)
    b = tf.layers.dropout(x, rate=0.9, training=False, name="drop")
    c = tf.layers.dropout(x, training=tf.constant(False))
    layer = tf.layers.Dropout(0.3)
    d = layer(x)
    return {"fetch": {"a": a, "b": b, "c": c, "d": d}, "feed": {x: xv},
            "facts": {"vars": len(layer.variables)}}


@case
def dropout_training(tf, rng):
    x = tf.ones([50, 40])
    a = tf.layers.dropout(x, 0.5, training=True, seed=3)
    b = tf.layers.dropout(x, 0.25, training=tf.constant(True), noise_shape=[50, 1])
    kept = tf.reduce_mean(tf.cast(tf.not_equal(a, 0.0), tf.float32))
    return {"fetch": {"max_a": tf.reduce_max(a), "min_a": tf.reduce_min(a),
                      "max_b": tf.reduce_max(b),
                      "rows_b": tf.reduce_max(b, 1) - tf.reduce_min(b, 1),
                      "kept_about_half": tf.logical_and(kept > 0.35, kept < 0.65),
                      "rate_0": tf.layers.dropout(x[:2, :3], 0.0, training=True),
                      "shape": tf.shape(a)},
            "names": False}


@case
def dropout_training_placeholder(tf, rng):
    training = tf.placeholder(tf.bool, [])
    x = tf.ones([40, 30])
    y = tf.layers.dropout(x, 0.5, training=training)
    stats = [tf.reduce_max(y), tf.reduce_min(y), tf.shape(y)]
    return {"fetch": {"y": y},
            "run": lambda sess: [sess.run(stats, {training: True}),
                                 sess.run(stats, {training: False})],
            "names": False}


def _flatten_115(scope, dims):
    """A `tf115` patch: TF 1.15's Flatten reshapes to `(batch or shape(x)[0], -1)` (TF 2.x folds
    a known inner size into one Const `<scope>/Const`)."""
    if dims is not None:
        replace = [f"{scope}/Reshape/shape (Const)"]
    else:
        replace = [f"{scope}/Shape (Shape)", f"{scope}/strided_slice/stack (Const)",
                   f"{scope}/strided_slice/stack_1 (Const)",
                   f"{scope}/strided_slice/stack_2 (Const)",
                   f"{scope}/strided_slice (StridedSlice)", f"{scope}/Reshape/shape/1 (Const)",
                   f"{scope}/Reshape/shape (Pack)"]

    def patch(rec):
        out = []
        for g in rec["graph"]:
            if g == f"{scope}/Const (Const)":
                out.extend(replace)
            else:
                out.append(g)
        rec["graph"] = out
    return patch


@case(tf115=_flatten_115("flatten", None))
def flatten_partial(tf, rng):
    x, xv = _ph(tf, [None, 3, 4], normal(rng, 2, 3, 4))
    return {"fetch": {"y": tf.layers.flatten(x)}, "feed": {x: xv}}


@case(tf115=_flatten_115("flatten", [2, 3, 4]))
def flatten_static(tf, rng):
    x, xv = _ph(tf, [2, 3, 4], normal(rng, 2, 3, 4))
    return {"fetch": {"y": tf.layers.flatten(x)}, "feed": {x: xv}}


@case
def flatten_channels_first(tf, rng):
    x, xv = _ph(tf, [2, 3, 4, 5], normal(rng, 2, 3, 4, 5))
    layer = tf.layers.Flatten(data_format="channels_first")
    return {"fetch": {"y": layer(x)}, "feed": {x: xv}, "names": False,
            "facts": {"name": layer.name}}


@case(tf115=_flatten_115("flatten", [2, None, 4]))
def flatten_unknown_inner(tf, rng):
    x, xv = _ph(tf, [2, None, 4], normal(rng, 2, 3, 4))
    return {"fetch": {"y": tf.layers.flatten(x)}, "feed": {x: xv}}


# ---- errors

@case(error="should be defined")
def error_dense_last_dim(tf, rng):
    tf.layers.dense(tf.placeholder(tf.float32, [None, None]), 3)


@case(error="<dtype: 'int32'>")
def error_dense_int(tf, rng):
    tf.layers.dense(tf.constant([[1, 2]]), 3)


@case(error="does not exist, or was not created with tf.get_variable()")
def error_dense_reuse_missing(tf, rng):
    tf.layers.dense(tf.zeros([2, 3]), 3, name="nope", reuse=True)


@case(error="already exists, disallowed")
def error_dense_same_name(tf, rng):
    tf.layers.dense(tf.zeros([2, 3]), 3, name="twice")
    tf.layers.dense(tf.zeros([2, 3]), 3, name="twice")


@case(error="expected axis -1 of input shape to have value 3")
def error_dense_input_spec(tf, rng):
    layer = tf.layers.Dense(2)
    layer(tf.zeros([2, 3]))
    layer(tf.zeros([2, 4]))


@case(error="Trying to share variable fc/kernel, but specified shape (4, 2) and found shape "
            "(3, 2).")
def error_dense_reuse_shape(tf, rng):
    tf.layers.dense(tf.zeros([2, 3]), 2, name="fc")
    tf.layers.dense(tf.zeros([2, 4]), 2, name="fc", reuse=True)


# ---- gradients through dense layers

@case
def grad_dense_mlp(tf, rng):
    x, xv = _ph(tf, [None, 3], normal(rng, 4, 3))
    h = tf.layers.dense(x, 5, activation=tf.nn.relu, kernel_initializer=_kernel(tf, 3, 5),
                        bias_initializer=tf.constant_initializer(0.1))
    y = tf.layers.dense(h, 2, kernel_initializer=_kernel(tf, 5, 2, 0.3))
    loss = tf.reduce_sum(y * y)
    grads = tf.gradients(loss, tf.trainable_variables() + [x])
    return {"fetch": {"loss": loss, "grads": grads}, "feed": {x: xv}, "init": True,
            "names": False}


@case
def grad_dense_rank3(tf, rng):
    x, xv = _ph(tf, [None, 5, 3], normal(rng, 2, 5, 3))
    y = tf.layers.dense(x, 4, activation=tf.tanh, kernel_initializer=_kernel(tf, 3, 4))
    loss = tf.reduce_sum(y)
    grads = tf.gradients(loss, tf.trainable_variables() + [x])
    return {"fetch": {"loss": loss, "grads": grads}, "feed": {x: xv}, "init": True,
            "names": False}
