"""Golden cases: rnn_cell — one step of each `tf.nn.rnn_cell` cell with its weights assigned
explicitly after initialisation (no random stream matters), the variable and zero-state names,
stacking, wrappers, reuse, errors, and gradients of a loss w.r.t. inputs, state and weights
(`names=False`)."""

from . import case_with, initializer_add, normal, tf_add_is_add

case = case_with(initializer_add, tf_add_is_add)


def _reprs(x):
    if isinstance(x, (list, tuple)):
        return [_reprs(v) for v in x]
    return repr(x)


def _flatten(x):
    if isinstance(x, (list, tuple)):
        return [leaf for v in x for leaf in _flatten(v)]
    return [x]


def _pack(structure, flat):
    """`flat`'s items in the nesting of `structure` (tuples and LSTMStateTuples)."""
    it = iter(flat)

    def build(s):
        if isinstance(s, (list, tuple)):
            items = [build(v) for v in s]
            return type(s)(*items) if hasattr(s, "_fields") else type(s)(items)
        return next(it)
    return build(structure)


def _step(tf, rng, cell, batch, depth, flat_state=False, grads=False, extra_facts=None):
    """One step of `cell` on fed inputs and state; the weights get rng values by assignment."""
    x = tf.placeholder(tf.float32, [batch, depth], name="x")
    zero = cell.zero_state(batch, tf.float32)
    flat_zero = _flatten(zero)
    states = [tf.placeholder(tf.float32, z.shape, name=f"s{i}")
              for i, z in enumerate(flat_zero)]
    state = _pack(zero, states)
    out, new_state = cell(x, state)
    weights = tf.global_variables()
    assigns = [tf.assign(w, normal(rng, *w.shape.as_list()) * 0.5) for w in weights]
    feed = {x: normal(rng, batch, depth)}
    for s in states:
        feed[s] = normal(rng, *s.shape.as_list())
    facts = {"out": repr(out), "state": _reprs(new_state), "zero": _reprs(zero),
             "vars": [v.name for v in tf.global_variables()],
             "shapes": [v.shape.as_list() for v in tf.global_variables()],
             "sizes": [repr(cell.state_size), repr(cell.output_size)]}
    facts.update(extra_facts or {})
    fetch = {"out": out, "state": new_state, "zero": zero}
    if grads:
        loss = tf.reduce_sum(out * tf.constant(normal(rng, *out.shape.as_list())))
        for s in _flatten(new_state):
            loss = loss + tf.reduce_sum(tf.square(s))
        fetch = {"loss": loss, "grads": tf.gradients(loss, [x] + states + weights)}

    def run(sess):
        sess.run(tf.global_variables_initializer())
        sess.run(assigns)
        return sess.run(fetch, feed_dict=feed)
    spec = {"fetch": fetch, "run": run, "facts": facts}
    if grads:
        spec.update(names=False, tol=1e-4)
    return spec


_CELLS = {
    "basic_rnn": lambda rc: rc.BasicRNNCell(4),
    "basic_rnn_relu": lambda rc: rc.BasicRNNCell(4, activation=lambda t: t * 0.5 + 0.1),
    "basic_lstm": lambda rc: rc.BasicLSTMCell(5, forget_bias=0.5),
    "basic_lstm_flat": lambda rc: rc.BasicLSTMCell(3, state_is_tuple=False),
    "lstm": lambda rc: rc.LSTMCell(5),
    "lstm_peep_clip_proj": lambda rc: rc.LSTMCell(5, use_peepholes=True, cell_clip=0.8,
                                                  num_proj=3, proj_clip=0.6, forget_bias=0.3),
    "lstm_flat_proj": lambda rc: rc.LSTMCell(4, num_proj=2, state_is_tuple=False),
    "gru": lambda rc: rc.GRUCell(4),
    "multi": lambda rc: rc.MultiRNNCell([rc.LSTMCell(4), rc.GRUCell(3), rc.BasicRNNCell(2)]),
    "multi_flat": lambda rc: rc.MultiRNNCell([rc.GRUCell(4), rc.BasicRNNCell(3)],
                                             state_is_tuple=False),
    "multi_basic_lstm": lambda rc: rc.MultiRNNCell([rc.BasicLSTMCell(3), rc.BasicLSTMCell(2)]),
    "residual_gru": lambda rc: rc.ResidualWrapper(rc.GRUCell(6)),
    "dropout_keep_1": lambda rc: rc.DropoutWrapper(rc.BasicLSTMCell(4)),
    "device_lstm": lambda rc: rc.DeviceWrapper(rc.LSTMCell(3), "/cpu:0"),
}


def _forward(kind):
    def fn(tf, rng):
        return _step(tf, rng, _CELLS[kind](tf.nn.rnn_cell), 3, 6)
    return fn


def _backward(kind):
    def fn(tf, rng):
        return _step(tf, rng, _CELLS[kind](tf.nn.rnn_cell), 3, 6, grads=True)
    return fn


for _kind in _CELLS:
    case(name=f"{_kind}_step")(_forward(_kind))
    case(name=f"{_kind}_grads")(_backward(_kind))


@case
def default_initializers_and_gru_bias(tf, rng):
    x = tf.placeholder(tf.float32, [2, 3])
    cells = [tf.nn.rnn_cell.BasicRNNCell(2), tf.nn.rnn_cell.GRUCell(2),
             tf.nn.rnn_cell.LSTMCell(2, use_peepholes=True, num_proj=1,
                                     initializer=tf.constant_initializer(0.25))]
    for cell in cells:
        cell(x, cell.zero_state(2, tf.float32))
    biases = [v for v in tf.global_variables() if "bias" in v.name]
    lstm = [v for v in tf.global_variables() if v.name.startswith("lstm_cell/")]
    return {"fetch": {"biases": biases, "lstm": lstm}, "init": True,
            "facts": {"vars": [v.name for v in tf.global_variables()]}}


@case
def reuse_and_scopes(tf, rng):
    x = tf.placeholder(tf.float32, [2, 3])
    rc = tf.nn.rnn_cell
    a, b = rc.BasicRNNCell(4), rc.BasicRNNCell(4)
    s = a.zero_state(2, tf.float32)
    o1, _ = a(x, s)
    o2, _ = a(x, s)
    o3, _ = b(x, s)
    with tf.variable_scope("outer"):
        c = rc.GRUCell(4, name="enc")
        o4, _ = c(x, s)
    shared = rc.GRUCell(4, name="enc", reuse=True)
    with tf.variable_scope("outer"):
        o5, _ = shared(x, s)
    o6, _ = rc.LSTMCell(2)(x, rc.LSTMStateTuple(s[:, :2], s[:, 2:]), scope="explicit")
    return {"fetch": {"o": [o1, o2, o3, o4, o5, o6]}, "feed": {x: normal(rng, 2, 3)},
            "values": False, "init": True,
            "facts": {"vars": [v.name for v in tf.global_variables()],
                      "scopes": [a.scope_name, b.scope_name, c.scope_name,
                                 shared.scope_name],
                      "a_vars": [v.name for v in a.variables]}}


@case
def zero_state_tensor_batch(tf, rng):
    n = tf.placeholder(tf.int32, [], name="n")
    rc = tf.nn.rnn_cell
    z1 = rc.BasicLSTMCell(3).zero_state(n, tf.float64)
    z2 = rc.MultiRNNCell([rc.GRUCell(2), rc.LSTMCell(4, num_proj=1)]).zero_state(4, tf.float32)
    z3 = rc.DropoutWrapper(rc.BasicRNNCell(5)).zero_state(2, tf.float32)
    return {"fetch": {"z1": z1, "z2": z2, "z3": z3}, "feed": {n: 2},
            "facts": {"z1": _reprs(z1), "z2": _reprs(z2), "z3": _reprs(z3)}}


@case
def lstm_state_tuple(tf, rng):
    t = tf.nn.rnn_cell.LSTMStateTuple(tf.zeros([2, 3]), tf.ones([2, 3]))
    c, h = t
    return {"fetch": {"t": t}, "facts": {"dtype": repr(t.dtype), "fields": list(t._fields),
                                        "c": repr(c), "h": repr(h), "sizes": repr(
                                            tf.nn.rnn_cell.LSTMStateTuple(4, 5))}}


@case(error="expected ndim=2, found ndim=3")
def error_input_rank(tf, rng):
    cell = tf.nn.rnn_cell.BasicLSTMCell(4)
    cell(tf.placeholder(tf.float32, [2, 3, 4]), cell.zero_state(2, tf.float32))


@case(error="RNN cell only supports floating point inputs")
def error_int_inputs(tf, rng):
    cell = tf.nn.rnn_cell.GRUCell(4)
    cell(tf.placeholder(tf.int32, [2, 3]), cell.zero_state(2, tf.float32))


@case(error="Must specify at least one cell for MultiRNNCell.")
def error_empty_multi(tf, rng):
    tf.nn.rnn_cell.MultiRNNCell([])


@case(error="Some cells return tuples of states, but the flag state_is_tuple is not set.")
def error_multi_flat_tuple_cells(tf, rng):
    tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(4)], state_is_tuple=False)


@case(error="Parameter input_keep_prob must be between 0 and 1")
def error_keep_prob_range(tf, rng):
    tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.GRUCell(2), input_keep_prob=1.5)


@case(error="When variational_recurrent=True, dtype must be provided")
def error_variational_without_dtype(tf, rng):
    tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.GRUCell(2), output_keep_prob=0.5,
                                  variational_recurrent=True)


@case(error="Expected inputs.shape[-1] to be known")
def error_unknown_depth(tf, rng):
    cell = tf.nn.rnn_cell.BasicRNNCell(4)
    cell(tf.placeholder(tf.float32, [2, None]), cell.zero_state(2, tf.float32))


def _scaled_uniform(rec):
    """TF 1.15 always scales random_uniform (`min`, `max`, `sub`, `mul`, Add `random_uniform`);
    TF 2.x skips the scaling for [0, 1)."""
    names = {g.partition(" (")[0] for g in rec.get("graph", [])}
    graph = []
    for g in rec.get("graph", []):
        name = g.partition(" (")[0]
        if name.endswith("/RandomUniform") and name[:-14] + "/sub" not in names:
            scope = name[:-14]
            graph += [f"{scope}/min (Const)", f"{scope}/max (Const)", g, f"{scope}/sub (Sub)",
                      f"{scope}/mul (Mul)", f"{scope} (Add)"]
        else:
            graph.append(g)
    if "graph" in rec:
        rec["graph"] = graph


@case(tf115=_scaled_uniform)
def dropout_wrapper_variational(tf, rng):
    rc = tf.nn.rnn_cell
    x = tf.placeholder(tf.float32, [3, 2], name="x")
    cell = rc.DropoutWrapper(rc.GRUCell(4), input_keep_prob=0.5, output_keep_prob=0.6,
                             state_keep_prob=0.7, variational_recurrent=True, input_size=2,
                             dtype=tf.float32, seed=3)
    out, state = cell(x, cell.zero_state(3, tf.float32))
    return {"fetch": {"out": out, "state": state}, "feed": {x: normal(rng, 3, 2)},
            "init": True, "values": False,
            "facts": {"out": repr(out), "state": _reprs(state)}}


@case(error="are incompatible")
def error_residual_shapes(tf, rng):
    rc = tf.nn.rnn_cell
    cell = rc.ResidualWrapper(rc.BasicRNNCell(4))
    cell(tf.placeholder(tf.float32, [2, 3]), cell.zero_state(2, tf.float32))


@case(error="does not exist")
def error_reuse_missing(tf, rng):
    cell = tf.nn.rnn_cell.BasicLSTMCell(4, name="nothing", reuse=True)
    cell(tf.placeholder(tf.float32, [2, 3]), cell.zero_state(2, tf.float32))


@case
def wrappers_stacked_in_dynamic_rnn(tf, rng):
    rc = tf.nn.rnn_cell
    x = tf.placeholder(tf.float32, [3, 4, 3], name="x")
    shared = rc.BasicRNNCell(3)
    cell = rc.MultiRNNCell([rc.DropoutWrapper(rc.BasicLSTMCell(3)),
                            rc.ResidualWrapper(rc.GRUCell(3)), shared, shared])
    out, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    return {"fetch": {"out": out, "state": state}, "feed": {x: normal(rng, 3, 4, 3)},
            "init": True, "values": False, "names": False,
            "facts": {"vars": [v.name for v in tf.global_variables()],
                      "out": repr(out), "state": _reprs(state)}}
