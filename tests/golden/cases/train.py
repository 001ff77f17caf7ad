"""Golden cases: train. Optimizers, learning-rate schedules, clipping and scatter updates.

Training parity: for each optimizer (and Momentum's Nesterov, RMSProp's centered and momentum
variants), the loss after each of 10 steps of a two-layer classifier with fixed initial
weights, then every variable and slot; an embedding model per optimizer whose rows come from
IndexedSlices gradients (rows absent from a step, repeated ids); learning rates given as a
tensor and by exponential_decay; clip_by_global_norm in the loop; gradients of composite models.
Graphs holding gradients record op types only (`names=False`, TF 2.x builds gradient graphs
apart from 1.15), with the names that do not depend on them kept as facts (variables and
slots, `global_variables()` order, the train op's name and type). Update graphs built from
given gradients keep their whole op list.
"""
import numpy as np

from . import case, normal, tf_add_is_add

STEPS = 10

OPTIMIZERS = {
    "gradient_descent": lambda tf: tf.train.GradientDescentOptimizer(0.5),
    "momentum": lambda tf: tf.train.MomentumOptimizer(0.1, 0.9),
    "momentum_nesterov": lambda tf: tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True),
    "adam": lambda tf: tf.train.AdamOptimizer(0.05),
    "rmsprop": lambda tf: tf.train.RMSPropOptimizer(0.01),
    "rmsprop_centered": lambda tf: tf.train.RMSPropOptimizer(0.01, centered=True),
    "rmsprop_momentum": lambda tf: tf.train.RMSPropOptimizer(0.01, decay=0.8, momentum=0.5,
                                                             epsilon=1e-6),
    "adagrad": lambda tf: tf.train.AdagradOptimizer(0.3),
    "adadelta": lambda tf: tf.train.AdadeltaOptimizer(1.0),
}


def _names(xs):
    return [x.name for x in xs]


def _classifier(tf, rng):
    """A two-layer classifier on fixed data and weights: (loss, variables)."""
    x = tf.constant(normal(rng, 8, 5), name="x")
    labels = tf.constant(np.eye(3, dtype=np.float32)[rng.randint(0, 3, 8)], name="labels")
    w1 = tf.Variable(tf.constant(normal(rng, 5, 4) * 0.5), name="w1")
    b1 = tf.Variable(tf.constant(normal(rng, 4) * 0.1), name="b1")
    w2 = tf.Variable(tf.constant(normal(rng, 4, 3) * 0.5), name="w2")
    b2 = tf.Variable(tf.constant(np.zeros(3, np.float32)), name="b2")
    hidden = tf.tanh(tf.matmul(x, w1) + b1)
    logits = tf.nn.bias_add(tf.matmul(hidden, w2), b2)
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels,
                                                                      logits=logits))
    return loss, [w1, b1, w2, b2]


def _slots(opt, variables):
    return {v.op.name: {n: opt.get_slot(v, n) for n in opt.get_slot_names()} for v in variables}


def _slot_facts(opt, variables):
    return {v.op.name: {n: opt.get_slot(v, n).name for n in opt.get_slot_names()}
            for v in variables}


def _train(loss, train_op, variables, slots, extra=None):
    """`run`: the loss after each step, then the variables and slots (and `extra` fetches
    after each step)."""
    def run(sess):
        losses, seen = [], []
        for _ in range(STEPS):
            sess.run(train_op)
            losses.append(sess.run(loss))
            if extra is not None:
                seen.append(sess.run(extra))
        out = {"losses": losses, "variables": sess.run({v.op.name: v for v in variables}),
               "slots": sess.run(slots)}
        if extra is not None:
            out["extra"] = seen
        return out
    return run


def _classifier_case(make):
    def fn(tf, rng):
        loss, variables = _classifier(tf, rng)
        global_step = tf.train.get_or_create_global_step()
        opt = make(tf)
        train_op = opt.minimize(loss, global_step=global_step)
        slots = _slots(opt, variables)
        return {"run": _train(loss, train_op, variables, slots, extra=global_step),
                "init": True, "names": False,
                "facts": {"train_op": [train_op.name, train_op.type],
                          "global_variables": _names(tf.global_variables()),
                          "trainable_variables": _names(tf.trainable_variables()),
                          "slot_names": opt.get_slot_names(), "slots": _slot_facts(opt, variables),
                          "optimizer_variables": _names(opt.variables()),
                          "train_ops": _names(tf.get_collection(tf.GraphKeys.TRAIN_OP))}}
    return fn


for _name, _make in OPTIMIZERS.items():
    case(name=f"classifier_{_name}")(_classifier_case(_make))


# ---- sparse gradients: an embedding model, rows absent from some steps, repeated ids

IDS = [[1, 3, 3, 7], [0, 1, 1, 2], [5, 3, 8, 8], [2, 7, 0, 6]]


def _sparse_case(make):
    def fn(tf, rng):
        table = tf.Variable(tf.constant(normal(rng, 10, 4) * 0.5), name="embedding")
        w = tf.Variable(tf.constant(normal(rng, 4, 3) * 0.5), name="w")
        ids = tf.placeholder(tf.int32, [None], name="ids")
        labels = tf.constant(np.eye(3, dtype=np.float32)[[0, 2, 1, 2]], name="labels")
        logits = tf.matmul(tf.nn.embedding_lookup(table, ids), w)
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels,
                                                                          logits=logits))
        opt = make(tf)
        grads_and_vars = opt.compute_gradients(loss)
        train_op = opt.apply_gradients(grads_and_vars)
        variables = [table, w]
        slots = _slots(opt, variables)

        def run(sess):
            losses = []
            for step in range(STEPS):
                feed = {ids: np.array(IDS[step % len(IDS)], np.int32)}
                sess.run(train_op, feed)
                losses.append(sess.run(loss, feed))
            return {"losses": losses, "variables": sess.run({v.op.name: v for v in variables}),
                    "slots": sess.run(slots)}
        return {"run": run, "init": True, "names": False,
                "facts": {"sparse_gradients": [isinstance(g, tf.IndexedSlices)
                                                 for g, _ in grads_and_vars],
                          "train_op": [train_op.name, train_op.type],
                          "global_variables": _names(tf.global_variables())}}
    return fn


for _name, _make in OPTIMIZERS.items():
    case(name=f"sparse_{_name}")(_sparse_case(_make))


# ---- learning rates as tensors and schedules, clipping in the loop

@case
def learning_rate_placeholder(tf, rng):
    loss, variables = _classifier(tf, rng)
    lr = tf.placeholder(tf.float32, [], name="lr")
    opt = tf.train.MomentumOptimizer(lr, tf.constant(0.8))
    train_op = opt.minimize(loss)

    def run(sess):
        losses = []
        for step in range(STEPS):
            sess.run(train_op, {lr: 0.2 / (1 + step)})
            losses.append(sess.run(loss))
        return {"losses": losses, "variables": sess.run({v.op.name: v for v in variables})}
    return {"run": run, "init": True, "names": False}


@case
def learning_rate_callable(tf, rng):
    loss, variables = _classifier(tf, rng)
    opt = tf.train.AdamOptimizer(lambda: 0.02, beta1=lambda: 0.8)
    train_op = opt.minimize(loss)
    return {"run": _train(loss, train_op, variables, _slots(opt, variables)), "init": True,
            "names": False}


@case
def learning_rate_exponential_decay(tf, rng):
    loss, variables = _classifier(tf, rng)
    global_step = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(0.5, global_step, 3, 0.5, staircase=True)
    train_op = tf.train.GradientDescentOptimizer(lr).minimize(loss, global_step=global_step)
    return {"run": _train(loss, train_op, variables, {}, extra=[lr, global_step]),
            "init": True, "names": False, "facts": {"lr": [lr.name, lr.dtype.name]}}


@case
def learning_rate_decay_continuous(tf, rng):
    loss, variables = _classifier(tf, rng)
    global_step = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(0.3, global_step, 4, 0.7)
    opt = tf.train.RMSPropOptimizer(lr, momentum=0.3)
    train_op = opt.minimize(loss, global_step=global_step)
    return {"run": _train(loss, train_op, variables, _slots(opt, variables), extra=lr),
            "init": True, "names": False}


@case
def clip_by_global_norm_in_loop(tf, rng):
    loss, variables = _classifier(tf, rng)
    opt = tf.train.AdamOptimizer(0.1)
    grads, tvars = zip(*opt.compute_gradients(loss))
    clipped, norm = tf.clip_by_global_norm(grads, 0.5)
    train_op = opt.apply_gradients(zip(clipped, tvars), name="train")
    return {"run": _train(loss, train_op, variables, _slots(opt, variables), extra=norm),
            "init": True, "names": False,
            "facts": {"clipped": _names(clipped), "norm": norm.name,
                      "train_op": [train_op.name, train_op.type]}}


@case
def clip_by_norm_per_variable(tf, rng):
    loss, variables = _classifier(tf, rng)
    opt = tf.train.GradientDescentOptimizer(1.0)
    grads_and_vars = [(tf.clip_by_norm(g, 0.05), v) for g, v in opt.compute_gradients(loss)]
    train_op = opt.apply_gradients(grads_and_vars)
    return {"run": _train(loss, train_op, variables, {}), "init": True, "names": False}


@case
def gate_graph_and_var_list(tf, rng):
    loss, variables = _classifier(tf, rng)
    opt = tf.train.MomentumOptimizer(0.1, 0.5)
    train_op = opt.minimize(loss, var_list=variables[2:], gate_gradients=opt.GATE_GRAPH)
    return {"run": _train(loss, train_op, variables, _slots(opt, variables[2:])),
            "init": True, "names": False,
            "facts": {"global_variables": _names(tf.global_variables())}}


@case
def gate_none_float64(tf, rng):
    x = tf.constant(normal(rng, 6, 3, dtype=np.float64))
    w = tf.Variable(tf.constant(normal(rng, 3, 2, dtype=np.float64)), name="w")
    loss = tf.reduce_sum(tf.square(tf.matmul(x, w) - 1.0))
    opt = tf.train.AdamOptimizer(0.1)
    train_op = opt.minimize(loss, gate_gradients=opt.GATE_NONE)
    return {"run": _train(loss, train_op, [w], _slots(opt, [w])), "init": True, "names": False}


# ---- gradients of composite models

@case
def gradients_classifier(tf, rng):
    loss, variables = _classifier(tf, rng)
    return {"fetch": {"grads": tf.gradients(loss, variables)}, "init": True, "names": False}


@case
def gradients_embedding(tf, rng):
    table = tf.Variable(tf.constant(normal(rng, 6, 3)), name="embedding")
    ids = tf.constant([4, 0, 4, 2], name="ids")
    emb = tf.nn.embedding_lookup(table, ids)
    loss = tf.reduce_sum(tf.sigmoid(emb) * tf.constant(normal(rng, 4, 3)))
    opt = tf.train.GradientDescentOptimizer(0.1)
    (grad, _), = opt.compute_gradients(loss)
    return {"fetch": {"grad": grad, "dense": tf.convert_to_tensor(grad)}, "init": True,
            "names": False}


@case
def gradients_shared_weights(tf, rng):
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    w = tf.Variable(tf.constant(normal(rng, 4, 4) * 0.5), name="w")
    h = tf.nn.relu(tf.matmul(x, w))
    y = tf.matmul(h, w, transpose_b=True) + x
    loss = tf.reduce_mean(tf.square(y)) + 0.01 * tf.nn.l2_loss(w)
    return {"fetch": {"grads": tf.gradients(loss, [w, x])}, "feed": {x: normal(rng, 5, 4)},
            "init": True, "names": False}


@case
def gradients_with_grad_loss(tf, rng):
    loss, variables = _classifier(tf, rng)
    opt = tf.train.AdagradOptimizer(0.1)
    grads = opt.compute_gradients(loss * 3.0, var_list=variables[:2],
                                  grad_loss=tf.constant(0.5))
    return {"fetch": {"grads": [g for g, _ in grads]}, "init": True, "names": False}


# ---- update graphs from given gradients (whole op lists kept)

def _given(tf):
    w = tf.Variable([[1.0, -2.0], [0.5, 3.0], [-1.5, 0.25]], name="w")
    b = tf.Variable([0.1, -0.2], name="b")
    gw = tf.constant([[0.3, -0.7], [1.1, 0.2], [-0.4, 0.9]], name="gw")
    gb = tf.constant([0.5, -1.5], name="gb")
    return w, b, gw, gb


def _apply_case(make):
    def fn(tf, rng):
        w, b, gw, gb = _given(tf)
        opt = make(tf)
        train_op = opt.apply_gradients([(gw, w), (gb, b)])
        slots = _slots(opt, [w, b])

        def run(sess):
            for _ in range(3):
                sess.run(train_op)
            return {"w": sess.run(w), "b": sess.run(b), "slots": sess.run(slots)}
        return {"run": run, "init": True,
                "facts": {"slot_names": opt.get_slot_names(), "name": opt.get_name()}}
    return fn


for _name, _make in OPTIMIZERS.items():
    case(name=f"apply_{_name}")(_apply_case(_make))


def _sparse_apply_case(make):
    def fn(tf, rng):
        w, _, _, _ = _given(tf)
        grad = tf.IndexedSlices(tf.constant([[1.0, 2.0], [0.5, -1.0], [-3.0, 0.25]]),
                                tf.constant([2, 0, 2]), tf.constant([3, 2]))
        opt = make(tf)
        train_op = opt.apply_gradients([(grad, w)])
        slots = _slots(opt, [w])

        def run(sess):
            values = []
            for _ in range(3):
                sess.run(train_op)
                values.append(sess.run(w))
            return {"w": values, "slots": sess.run(slots)}
        return {"run": run, "init": True}
    return fn


for _name, _make in OPTIMIZERS.items():
    case(name=f"sparse_apply_{_name}")(_sparse_apply_case(_make))


@case
def apply_global_step_and_name(tf, rng):
    w, b, gw, gb = _given(tf)
    step = tf.Variable(0, name="step", trainable=False)
    opt = tf.train.AdamOptimizer(0.1, name="MyAdam")
    first = opt.apply_gradients([(gw, w), (None, b)], global_step=step, name="train")
    second = opt.apply_gradients([(gb, b)], global_step=step)

    def run(sess):
        return [sess.run(first), sess.run(second), sess.run(second), sess.run([w, b, step])]
    return {"run": run, "init": True,
            "facts": {"ops": [[op.name, op.type] for op in (first, second)],
                      "global_variables": _names(tf.global_variables()),
                      "variables": _names(opt.variables()),
                      "train_ops": _names(tf.get_collection(tf.GraphKeys.TRAIN_OP))}}


@case
def apply_float64_hyper_parameters(tf, rng):
    w = tf.Variable(np.array([1.0, -2.0]), name="w")
    grad = tf.constant(np.array([0.5, 0.25]))
    opts = [tf.train.AdamOptimizer(0.1), tf.train.RMSPropOptimizer(0.1, centered=True),
            tf.train.AdadeltaOptimizer(0.5), tf.train.MomentumOptimizer(0.1, 0.9)]
    train_ops = [opt.apply_gradients([(grad, w)]) for opt in opts]
    return {"run": lambda sess: [sess.run([op, w])[1] for op in train_ops], "init": True}


@case
def apply_learning_rate_tensor(tf, rng):
    w, b, gw, gb = _given(tf)
    lr = tf.Variable(0.5, name="lr", trainable=False)
    opt = tf.train.GradientDescentOptimizer(lr * 0.5)
    train_op = opt.apply_gradients([(gw, w), (gb, b)])
    decay = lr.assign(lr * 0.5)
    return {"run": lambda sess: [sess.run([train_op, decay, w, b])[2:] for _ in range(3)],
            "init": True}


@case
def slots_under_scopes(tf, rng):
    w, b, gw, gb = _given(tf)
    with tf.variable_scope("outer"), tf.name_scope("inner"):
        opt = tf.train.AdamOptimizer()
        opt.apply_gradients([(gw, w), (gb, b)])
    with tf.variable_scope("again"):
        opt.apply_gradients([(gw, w)])
    return {"facts": {"global_variables": _names(tf.global_variables()),
                      "variables": _names(opt.variables())}}


# ---- learning-rate schedules (their TF 1.15 `math_ops.add` is the op type Add)

def _adds_are_add(names):
    def patch(rec):
        tf_add_is_add(rec)
        rec["graph"] = [g.replace("(AddV2)", "(Add)") if g.partition(" (")[0] in names else g
                        for g in rec["graph"]]
        fetch = rec.get("fetch", {}).get("items", {})
        for item in fetch.values():
            if item.get("tensor", "").rpartition(":")[0] in names and item["type"] == "AddV2":
                item["type"] = "Add"
    patch.__name__ = "polynomial_decay_add"
    return patch


@case(tf115=_adds_are_add({"PolynomialDecay", "poly"}))
def learning_rate_schedules(tf, rng):
    step = tf.placeholder(tf.int64, [], name="step")
    schedules = {
        "exponential": tf.train.exponential_decay(0.1, step, 3, 0.5),
        "exponential_staircase": tf.train.exponential_decay(0.1, step, 3, 0.5, staircase=True),
        "inverse_time": tf.train.inverse_time_decay(0.1, step, 3, 0.5),
        "inverse_time_staircase": tf.train.inverse_time_decay(0.1, step, 2, 1.0,
                                                              staircase=True),
        "natural_exp": tf.train.natural_exp_decay(0.1, step, 3, 0.5, staircase=True),
        "polynomial": tf.train.polynomial_decay(0.1, step, 5, 0.01, power=2.0),
        "polynomial_named": tf.train.polynomial_decay(1.0, step, 4, name="poly"),
    }
    return {"fetch": schedules,
            "run": lambda sess: [sess.run(schedules, {step: s}) for s in (0, 1, 3, 5, 7, 12)]}


@case(tf115=_adds_are_add({"InverseTimeDecay"}))
def learning_rate_float64(tf, rng):
    step = tf.Variable(7, name="step", dtype=tf.int32)
    lr = tf.train.exponential_decay(tf.constant(0.5, tf.float64), step, 2.0, 0.9, name="decay")
    inv = tf.train.inverse_time_decay(np.float64(2.0), step, 3, 0.1)
    return {"fetch": {"lr": lr, "inv": inv}, "init": True}


@case
def learning_rate_piecewise_and_cycle(tf, rng):
    step = tf.placeholder(tf.int64, [], name="step")
    schedules = {
        "piecewise": tf.train.piecewise_constant(step, [2, 5], [1.0, 0.5, 0.1]),
        "piecewise_one": tf.train.piecewise_constant(step, [3], [0.4, 0.2]),
        "cycle": tf.train.polynomial_decay(0.1, step, 4, 0.01, cycle=True),
    }
    return {"run": lambda sess: [sess.run(schedules, {step: s}) for s in (0, 2, 3, 5, 6, 9)],
            "names": False}


@case(error="Boundaries (<dtype: 'float32'>) must have the same dtype as x (<dtype: 'int32'>)")
def piecewise_constant_boundary_dtype(tf, rng):
    tf.train.piecewise_constant(tf.constant(3), [1.0, 2.0], [0.1, 0.2, 0.3])


@case(error="Values must have elements all with the same dtype")
def piecewise_constant_value_dtypes(tf, rng):
    tf.train.piecewise_constant(tf.constant(3), [1, 2], [0.1, 2, 0.3])


# ---- clipping

def _ones_like_shape_const(rec):
    """TF 1.15's ones_like names the folded shape `ones_like/Shape` (TF 2.x: a sub-scope)."""
    rec["graph"] = [g.replace("/Shape/shape_as_tensor (", "/Shape (") for g in rec["graph"]]


@case(tf115=_ones_like_shape_const)
def clip_by_norm_values(tf, rng):
    x = tf.placeholder(tf.float32, [3, 4], name="x")
    return {"fetch": {"all": tf.clip_by_norm(x, 1.5),
                      "rows": tf.clip_by_norm(x, 1.0, axes=[1], name="rows"),
                      "cols": tf.clip_by_norm(x, 2.0, axes=0),
                      "zero": tf.clip_by_norm(tf.zeros([2, 3]), 1.0),
                      "loose": tf.clip_by_norm(x, 100.0)},
            "feed": {x: normal(rng, 3, 4)}}


@case(tf115=_ones_like_shape_const)
def clip_by_norm_indexed_slices(tf, rng):
    values = tf.constant(normal(rng, 2, 3) * 4.0)
    slices = tf.IndexedSlices(values, tf.constant([4, 1]), tf.constant([6, 3]))
    clipped = tf.clip_by_norm(slices, 2.0)
    return {"fetch": {"clipped": clipped},
            "facts": {"sparse": isinstance(clipped, tf.IndexedSlices),
                      "indices_kept": clipped.indices is slices.indices}}


@case
def global_norm_values(tf, rng):
    a = tf.constant([3.0, 4.0])
    b = tf.constant([[12.0]])
    s = tf.IndexedSlices(tf.constant([[1.0, 2.0]]), tf.constant([0]), tf.constant([3, 2]))
    return {"fetch": {"norm": tf.global_norm([a, None, b]), "with_slices": tf.global_norm((a, s)),
                      "named": tf.global_norm([b], name="gn")}}


@case
def clip_by_global_norm_values(tf, rng):
    a = tf.constant([3.0, 4.0])
    b = tf.constant([12.0])
    s = tf.IndexedSlices(tf.constant([[6.0, 8.0]]), tf.constant([1]), tf.constant([3, 2]))
    clipped, norm = tf.clip_by_global_norm([a, None, b, s], 6.5)
    loose, _ = tf.clip_by_global_norm((a, b), 100.0, name="loose")
    used, used_norm = tf.clip_by_global_norm([a], 1.0, use_norm=tf.constant(10.0))
    return {"fetch": {"clipped": [a if c is None else c for c in clipped], "norm": norm,
                      "loose": loose, "used": used, "used_norm": used_norm},
            "names": False,
            "facts": {"names": [None if c is None else c.name for c in clipped],
                      "norm": norm.name, "loose": _names(loose), "used": _names(used),
                      "sparse": [isinstance(c, tf.IndexedSlices) for c in clipped]}}


@case
def clip_by_global_norm_not_finite(tf, rng):
    x = tf.placeholder(tf.float32, [2], name="x")
    clipped, norm = tf.clip_by_global_norm([x, tf.constant([1.0, 2.0])], 1.0)
    return {"run": lambda sess: [sess.run([clipped, norm], {x: [np.inf, 1.0]}),
                                 sess.run([clipped, norm], {x: [np.nan, 1.0]})],
            "names": False}


@case(error="should be a sequence")
def clip_by_global_norm_not_a_list(tf, rng):
    tf.clip_by_global_norm(tf.constant([1.0]), 1.0)


@case
def clip_by_average_norm_values(tf, rng):
    x = tf.placeholder(tf.float32, [2, 5], name="x")
    return {"fetch": {"clipped": tf.clip_by_average_norm(x, 0.1),
                      "loose": tf.clip_by_average_norm(x, 10.0, name="loose")},
            "feed": {x: normal(rng, 2, 5)}}


# ---- scatter updates

@case
def scatter_updates(tf, rng):
    v = tf.Variable(np.arange(12, dtype=np.float32).reshape(4, 3), name="v")
    add = tf.scatter_add(v, [1, 1, 3], [[1.0, 1.0, 1.0], [2.0, 2.0, 2.0], [3.0, 3.0, 3.0]])
    sub = v.scatter_sub(tf.IndexedSlices(tf.ones([2, 3]), tf.constant([0, 2])))
    upd = tf.scatter_update(v, tf.constant([[2], [0]], tf.int64),
                            tf.constant([[[9.0, 9.0, 9.0]], [[7.0, 7.0, 7.0]]]), name="set")
    scalar = tf.scatter_add(v, [3], 0.5)
    return {"fetch": {"add": add, "sub": sub, "upd": upd, "scalar": scalar},
            "run": lambda sess: [sess.run(add), sess.run(sub), sess.run(upd), sess.run(scalar),
                                 sess.run(v)],
            "init": True}


@case(error="is not in [0, 4)")
def scatter_index_out_of_range(tf, rng):
    v = tf.Variable(tf.zeros([4, 2]), name="v")
    return {"fetch": tf.scatter_sub(v, [1, 4], tf.ones([2, 2])), "init": True}


@case(error="Shapes must be equal rank, but are 2 and 3")
def scatter_updates_shape(tf, rng):
    v = tf.Variable(tf.zeros([4, 2]), name="v")
    tf.scatter_add(v, [[1, 2]], tf.ones([2, 2]))


# ---- errors

@case(error="No gradients provided for any variable: [\"<tf.Variable 'w:0' shape=(3, 2) "
            "dtype=float32_ref>\"]")
def apply_all_gradients_none(tf, rng):
    w = _given(tf)[0]
    tf.train.GradientDescentOptimizer(0.1).apply_gradients([(None, w)])


@case(error="No variables provided.")
def apply_no_variables(tf, rng):
    tf.train.GradientDescentOptimizer(0.1).apply_gradients([])


@case(error="No gradients provided for any variable, check your graph for ops that do not "
            "support gradients")
def minimize_unconnected(tf, rng):
    _given(tf)
    tf.train.AdamOptimizer().minimize(tf.constant(1.0) * 2.0)


@case(error="No variables to optimize.")
def minimize_without_variables(tf, rng):
    tf.train.MomentumOptimizer(0.1, 0.9).minimize(tf.constant(1.0) * 2.0)


@case(error="Invalid type tf.int32 for Const:0, expected: [tf.float32, tf.float64, tf.float16, "
            "tf.bfloat16].")
def minimize_integer_loss(tf, rng):
    tf.train.GradientDescentOptimizer(0.1).compute_gradients(tf.constant(1))


@case(error="gate_gradients must be one of: Optimizer.GATE_NONE, Optimizer.GATE_OP, "
            "Optimizer.GATE_GRAPH.  Not 5")
def minimize_bad_gate(tf, rng):
    w, _, _, _ = _given(tf)
    tf.train.GradientDescentOptimizer(0.1).minimize(w * 2.0, gate_gradients=5)


@case(error="initial_accumulator_value must be positive: 0.0")
def adagrad_accumulator_not_positive(tf, rng):
    tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.0)


@case(error="Must specify the optimizer name")
def optimizer_without_name(tf, rng):
    tf.train.GradientDescentOptimizer(0.1, name="")


@case(error="Dimension 0 in both shapes must be equal, but are 3 and 2. Shapes are [3,2] and "
            "[2,2].")
def apply_gradient_shape(tf, rng):
    w, _, _, _ = _given(tf)
    tf.train.GradientDescentOptimizer(0.1).apply_gradients([(tf.ones([2, 2]), w)])


@case(error="Input 'grad' of 'ApplyMomentum' Op has type float64 that does not match type "
            "float32 of argument 'var'.")
def apply_gradient_dtype(tf, rng):
    w, _, _, _ = _given(tf)
    tf.train.MomentumOptimizer(0.1, 0.9).apply_gradients([(tf.ones([3, 2], tf.float64), w)])


@case(error="Attempting to use uninitialized value w/Momentum")
def apply_uninitialized_slot(tf, rng):
    w, b, gw, _ = _given(tf)
    train_op = tf.train.MomentumOptimizer(0.1, 0.9).apply_gradients([(gw, w)])
    return {"run": lambda sess: [sess.run([w.initializer, b.initializer]), sess.run(train_op)]}


@case(error="Index 3 at offset 1 in indices is out of range")
def sparse_apply_index_out_of_range(tf, rng):
    w, _, _, _ = _given(tf)
    grad = tf.IndexedSlices(tf.ones([2, 2]), tf.constant([0, 3]), tf.constant([3, 2]))
    return {"fetch": tf.train.AdagradOptimizer(0.1).apply_gradients([(grad, w)]), "init": True}

