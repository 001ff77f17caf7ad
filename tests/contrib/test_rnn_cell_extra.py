"""tf.contrib.rnn's CoupledInputForgetGateLSTMCell, UGRNNCell, IntersectionRNNCell,
PhasedLSTMCell, GLSTMCell, SRUCell, IndRNNCell, IndyGRUCell and IndyLSTMCell.

TF 2.x (our only TensorFlow oracle) has no tf.contrib, so each cell is checked against a numpy
transcription of TF 1.15's equations (contrib/rnn/python/ops/rnn_cell.py), run by
`dynamic_rnn` and by `static_rnn` over several steps with random variable values. The expected
variable names and shapes are read off that source: plain RNNCells get their scope from the
class name (`_to_snake_case`: `ugrnn_cell`, `glstm_cell`, `coupled_input_forget_gate_lstm_cell`)
and make variables with `get_variable` in `call`, in call order; `_Linear` names its variables
`kernel`/`bias` in the scope current at the cell's first step; `_get_sharded_variable` always
appends `_<shard>` (`W_0` even unsharded); LayerRNNCells make theirs in `build` with
`add_variable` (`kernel_w`, `gates/kernel_u`, ...).
"""
import numpy as np
import pytest

import minitf as tf
from tests.contrib.cell_harness import (check_rollout, layer_norm, names_and_shapes,
                                        random_values, run_with, sigmoid,
                                        step_gradient_error)
from tests.harness import session

rnn = tf.contrib.rnn
B, T = 3, 4
RNG = np.random.RandomState(17)


def _seq(depth, dtype=np.float64):
    return RNG.standard_normal((B, T, depth)).astype(dtype)


def _shards(p, name):
    """The shards `name_0`, `name_1`, ... of a sharded variable joined on axis 0."""
    k = 0
    parts = []
    while f"{name}_{k}" in p:
        parts.append(p[f"{name}_{k}"])
        k += 1
    return np.concatenate(parts, 0)


# ---- CoupledInputForgetGateLSTMCell

def _cifg_step(p, x, state, units, peep=False, proj=None, clip=None, ln=False, tuple_state=True,
               forget_bias=1.0):
    if tuple_state:
        c, m = state
    else:
        c, m = state[:, :units], state[:, units:]
    lstm = np.concatenate([x, m], 1) @ _shards(p, "W")
    if not ln:
        lstm = lstm + p["B"]
    j, f, o = np.split(lstm, 3, axis=1)
    if ln:
        j, f, o = (layer_norm(t, p[f"{s}/gamma"], p[f"{s}/beta"])
                   for t, s in zip((j, f, o), ("transform", "forget", "output")))
    f_act = sigmoid(f + forget_bias + (p["W_F_diag"] * c if peep else 0))
    c = f_act * c + (1 - f_act) * np.tanh(j)
    if ln:
        c = layer_norm(c, p["state/gamma"], p["state/beta"])
    m = sigmoid(o + (p["W_O_diag"] * c if peep else 0)) * np.tanh(c)
    if proj:
        m = m @ _shards(p, "W_P")
        if clip is not None:
            m = np.clip(m, -clip, clip)
    return m, ((c, m) if tuple_state else np.concatenate([c, m], 1))


CIFG_CASES = [
    ({}, [("W_0", [2 + 5, 15]), ("B", [15])]),
    ({"use_peepholes": True, "num_proj": 3, "proj_clip": 0.1, "num_unit_shards": 2,
      "num_proj_shards": 2},
     [("W_0", [3, 15]), ("W_1", [2, 15]), ("B", [15]), ("W_F_diag", [5]), ("W_O_diag", [5]),
      ("W_P_0", [3, 3]), ("W_P_1", [2, 3])]),
    ({"layer_norm": True, "forget_bias": 0.5},
     [("W_0", [7, 15]), ("B", [15])]
     + [(f"{s}/{p}", [5]) for s in ("transform", "forget", "output") for p in ("gamma", "beta")]
     + [("state/gamma", [5]), ("state/beta", [5])]),
    ({"state_is_tuple": False, "use_peepholes": True},
     [("W_0", [7, 15]), ("B", [15]), ("W_F_diag", [5]), ("W_O_diag", [5])]),
]


@pytest.mark.parametrize("kwargs,variables", CIFG_CASES)
def test_cifg_lstm_variables_and_steps(kwargs, variables):
    units, proj = 5, kwargs.get("num_proj")

    def ref(p, x, state):
        return _cifg_step(p, x, state, units, kwargs.get("use_peepholes", False), proj,
                          kwargs.get("proj_clip"), kwargs.get("layer_norm", False),
                          kwargs.get("state_is_tuple", True), kwargs.get("forget_bias", 1.0))

    got = check_rollout(lambda: rnn.CoupledInputForgetGateLSTMCell(units, **kwargs), ref,
                        _seq(2), "coupled_input_forget_gate_lstm_cell")
    prefix = "dyn/rnn/coupled_input_forget_gate_lstm_cell/"
    assert names_and_shapes(got) == [(f"{prefix}{n}:0", s) for n, s in variables]


def test_cifg_lstm_sizes_bias_and_errors():
    cell = rnn.CoupledInputForgetGateLSTMCell(5, num_proj=3)
    assert cell.state_size == rnn.LSTMStateTuple(5, 3) and cell.output_size == 3
    assert rnn.CoupledInputForgetGateLSTMCell(5, state_is_tuple=False).state_size == 10
    assert rnn.CoupledInputForgetGateLSTMCell(5, num_proj=3, state_is_tuple=False)\
        .state_size == 8
    out, state = cell(tf.zeros([B, 2]), cell.zero_state(B, tf.float32))
    assert isinstance(state, rnn.LSTMStateTuple) and state.h is out
    assert out.shape.as_list() == [B, 3] and state.c.shape.as_list() == [B, 5]
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(tf.global_variables()[1]), np.zeros(15))
    with pytest.raises(ValueError, match=r"Could not infer input size from "
                                         r"inputs.get_shape\(\)\[-1\]"):
        rnn.CoupledInputForgetGateLSTMCell(5)(tf.placeholder(tf.float32, [B, None]),
                                              (tf.zeros([B, 5]), tf.zeros([B, 5])))
    with pytest.raises(ValueError, match=r"Too many shards: shape=\[7, 15\], num_shards=8"):
        rnn.CoupledInputForgetGateLSTMCell(5, num_unit_shards=8)(
            tf.zeros([B, 2]), (tf.zeros([B, 5]), tf.zeros([B, 5])))


def test_cifg_lstm_joins_its_shards_once_per_scope():
    # `_get_concat_variable` keeps `W/concat` in the `concatenated_variables` collection and a
    # later step finds it there when the join's op name is `<variable scope>/W/concat`: at top
    # level. Under an RNN the cell's ops sit in `rnn/rnn/...` (TF's doubled name scope of
    # plain RNNCells), so, as in TF, every step joins the shards again.
    cell = rnn.CoupledInputForgetGateLSTMCell(5, num_proj=3, num_unit_shards=2,
                                              num_proj_shards=3)
    state = cell.zero_state(B, tf.float32)
    cell(tf.zeros([B, 2]), state)
    cell(tf.zeros([B, 2]), state)
    joined = tf.get_collection(tf.GraphKeys.CONCATENATED_VARIABLES)
    assert [t.name for t in joined] == [
        "coupled_input_forget_gate_lstm_cell/W/concat:0",
        "coupled_input_forget_gate_lstm_cell/W_P/concat:0"]
    assert [t.shape.as_list() for t in joined] == [[5, 15], [5, 3]]
    tf.reset_default_graph()
    tf.nn.static_rnn(rnn.CoupledInputForgetGateLSTMCell(5, num_unit_shards=2),
                     [tf.zeros([B, 2])] * 3, dtype=tf.float32)
    assert [t.name for t in tf.get_collection(tf.GraphKeys.CONCATENATED_VARIABLES)] == [
        "rnn/rnn/coupled_input_forget_gate_lstm_cell/W/concat:0",
        "rnn/rnn/coupled_input_forget_gate_lstm_cell/W/concat_1:0",
        "rnn/rnn/coupled_input_forget_gate_lstm_cell/W/concat_2:0"]


# ---- UGRNNCell, IntersectionRNNCell

def _ugrnn_step(p, x, h, forget_bias=1.0):
    g_act, c_act = np.split(np.concatenate([x, h], 1) @ p["kernel"] + p["bias"], 2, axis=1)
    g = sigmoid(g_act + forget_bias)
    h = g * h + (1 - g) * np.tanh(c_act)
    return h, h


@pytest.mark.parametrize("forget_bias", [1.0, -0.3])
def test_ugrnn_cell_variables_and_steps(forget_bias):
    got = check_rollout(lambda: rnn.UGRNNCell(5, forget_bias=forget_bias),
                        lambda p, x, h: _ugrnn_step(p, x, h, forget_bias), _seq(2),
                        "ugrnn_cell")
    assert names_and_shapes(got) == [("dyn/rnn/ugrnn_cell/kernel:0", [7, 10]),
                                     ("dyn/rnn/ugrnn_cell/bias:0", [10])]


def test_ugrnn_cell_initializer_sizes_and_error():
    cell = rnn.UGRNNCell(4, initializer=tf.constant_initializer(0.25))
    assert cell.state_size == 4 and cell.output_size == 4
    out, state = cell(tf.zeros([B, 3]), tf.zeros([B, 4]))
    assert out is state
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        kernel, bias = sess.run(tf.global_variables())
    np.testing.assert_array_equal(kernel, np.full((7, 8), 0.25))
    np.testing.assert_array_equal(bias, np.zeros(8))
    with pytest.raises(ValueError, match="Could not infer input size"):
        rnn.UGRNNCell(4)(tf.placeholder(tf.float32, [B, None]), tf.zeros([B, 4]))


def _intersection_step(p, x, h, n, proj):
    if proj:
        x = x @ p["in_projection/kernel"] + p["in_projection/bias"]
    rnn_matrix = np.concatenate([x, h], 1) @ p["kernel"] + p["bias"]
    gh_act, h_act, gy_act, y_act = np.split(rnn_matrix, 4, axis=1)
    gh, gy = sigmoid(gh_act + 1.0), sigmoid(gy_act + 1.0)
    new_h = gh * h + (1 - gh) * np.tanh(h_act)
    return gy * x + (1 - gy) * np.maximum(y_act, 0), new_h


@pytest.mark.parametrize("depth,num_in_proj", [(5, None), (2, 5), (5, 5)])
def test_intersection_rnn_cell_variables_and_steps(depth, num_in_proj):
    projects = depth != 5
    got = check_rollout(lambda: rnn.IntersectionRNNCell(5, num_in_proj=num_in_proj),
                        lambda p, x, h: _intersection_step(p, x, h, 5, projects), _seq(depth),
                        "intersection_rnn_cell")
    prefix = "dyn/rnn/intersection_rnn_cell/"
    want = ([(prefix + "in_projection/kernel:0", [2, 5]), (prefix + "in_projection/bias:0", [5])]
            if projects else [])
    assert names_and_shapes(got) == want + [(prefix + "kernel:0", [10, 20]),
                                            (prefix + "bias:0", [20])]


def test_intersection_rnn_cell_needs_a_projection_for_other_input_sizes():
    with pytest.raises(ValueError, match="Must have input size == output size for "
                                         "Intersection RNN. To fix, num_in_proj should be "
                                         "set to num_units at cell init."):
        rnn.IntersectionRNNCell(5)(tf.zeros([B, 2]), tf.zeros([B, 5]))


# ---- PhasedLSTMCell

def _phased_step(p, inputs, state, peep, leak=0.001):
    time, x = inputs
    c, h = state
    mask_in = np.concatenate([x, h] + ([c] if peep else []), 1)
    i_g, f_g = np.split(sigmoid(mask_in @ p["mask_gates/kernel"] + p["mask_gates/bias"]), 2,
                        axis=1)
    new_input = np.tanh(np.concatenate([x, h], 1) @ p["new_input/kernel"]
                        + p["new_input/bias"])
    new_c = c * f_g + i_g * new_input
    out_in = np.concatenate([x, h] + ([new_c] if peep else []), 1)
    o_g = sigmoid(out_in @ p["output_gate/kernel"] + p["output_gate/bias"])
    new_h = np.tanh(new_c) * o_g
    period, ratio_on = p["period"], p["ratio_on"]
    cycle = np.mod(time - p["phase"], period) / period
    k = np.where(cycle < 0.5 * ratio_on, 2 * cycle / ratio_on,
                 np.where(cycle < ratio_on, 2 - 2 * cycle / ratio_on, leak * cycle))
    new_c = k * new_c + (1 - k) * c
    new_h = k * new_h + (1 - k) * h
    return new_h, (new_c, new_h)


def _phased_inputs():
    time = np.cumsum(RNG.uniform(0.2, 1.5, (B, T, 1)), axis=1).astype(np.float32)
    return time, _seq(2, np.float32)


def _phased_values(variables, seed=3):
    """Random weights, with periods in [1, 4], phases inside them and ratios in [0.2, 0.8],
    so the steps visit the rising, falling and closed parts of the time gate."""
    values = random_values(variables, seed)
    rng = np.random.RandomState(seed)
    for v in variables:
        name = v.name.split("/")[-1][:-2]
        if name == "period":
            values[v] = rng.uniform(1, 4, v.shape.as_list()).astype(np.float32)
            period = values[v]
    for v in variables:
        name = v.name.split("/")[-1][:-2]
        if name == "phase":
            values[v] = (rng.uniform(0, 1, v.shape.as_list()) * period).astype(np.float32)
        if name == "ratio_on":
            values[v] = rng.uniform(0.2, 0.8, v.shape.as_list()).astype(np.float32)
    return values


@pytest.mark.parametrize("peep", [False, True])
def test_phased_lstm_cell_variables_and_steps(peep):
    # The time gate's cycle ratio is cast to float32 in TF 1.15, so the cell's features and
    # weights are float32; time may be float32 or float64. The reference is float64.
    time, x = _phased_inputs()
    cell = rnn.PhasedLSTMCell(5, use_peepholes=peep)
    assert cell.state_size == rnn.LSTMStateTuple(5, 5) and cell.output_size == 5
    outputs, state = tf.nn.dynamic_rnn(cell, (tf.constant(time), tf.constant(x)),
                                       dtype=tf.float32)
    variables = tf.global_variables()
    extra = 5 if peep else 0
    prefix = "rnn/phased_lstm_cell/"
    assert names_and_shapes(variables) == [
        (prefix + "mask_gates/kernel:0", [7 + extra, 10]), (prefix + "mask_gates/bias:0", [10]),
        (prefix + "new_input/kernel:0", [7, 5]), (prefix + "new_input/bias:0", [5]),
        (prefix + "output_gate/kernel:0", [7 + extra, 5]), (prefix + "output_gate/bias:0", [5]),
        (prefix + "period:0", [5]), (prefix + "phase:0", [5]), (prefix + "ratio_on:0", [5])]
    values = _phased_values(variables)
    got_out, got_state = run_with([outputs, state], values)
    params = {v.name[len(prefix):-2]: val.astype(np.float64) for v, val in values.items()}
    c = h = np.zeros((B, 5))
    for t in range(T):
        out, (c, h) = _phased_step(params, (time[:, t], x[:, t]), (c, h), peep)
        np.testing.assert_allclose(got_out[:, t], out, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(got_state.c, c, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(got_state.h, h, rtol=1e-4, atol=1e-5)


def test_phased_lstm_cell_initial_values_and_static_rnn():
    time, x = _phased_inputs()
    cell = rnn.PhasedLSTMCell(6, ratio_on=0.3, trainable_ratio_on=False, period_init_min=2.0,
                              period_init_max=50.0)
    steps = [(tf.constant(time[:, t].astype(np.float64)), tf.constant(x[:, t]))
             for t in range(T)]
    outputs, _ = tf.nn.static_rnn(cell, steps, dtype=tf.float32)
    assert len(outputs) == T and outputs[0].dtype == tf.float32
    assert [v.name for v in tf.trainable_variables()][-2:] == [
        "rnn/phased_lstm_cell/period:0", "rnn/phased_lstm_cell/phase:0"]
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        period, phase, ratio_on = sess.run(tf.global_variables()[-3:])
    assert np.all((period >= 2.0) & (period <= 50.0))
    assert np.all((phase >= 0) & (phase <= period))
    np.testing.assert_allclose(ratio_on, np.full(6, 0.3), rtol=1e-7)


def test_phased_lstm_cell_gradient():
    # The cell runs in float32 only: its symbolic gradient is compared with central
    # differences of the float64 reference step.
    time, x = _phased_inputs()
    t0, x0 = time[:, 1], x[:, 1]
    c0, h0 = (RNG.standard_normal((B, 5)).astype(np.float32) for _ in range(2))
    cell = rnn.PhasedLSTMCell(5, use_peepholes=True)
    x_ph = tf.placeholder(tf.float32, x0.shape)
    out, state = cell((tf.constant(t0), x_ph), (tf.constant(c0), tf.constant(h0)))
    weights = RNG.standard_normal((3, B, 5))
    loss = tf.reduce_sum(out * weights[0] + state.c * weights[1] + state.h * weights[2])
    variables = tf.global_variables()
    grads = tf.gradients(loss, [x_ph] + variables[:6])
    values = _phased_values(variables)
    got = run_with(grads, values, {x_ph: x0})
    params = {v.name[len("phased_lstm_cell/"):-2]: val.astype(np.float64)
              for v, val in values.items()}

    def ref_loss(p, xv):
        out, (c, h) = _phased_step(p, (t0, xv), (c0, h0), True)
        return np.sum(out * weights[0] + c * weights[1] + h * weights[2])

    def numeric(get, put):
        base = get().astype(np.float64)
        grad = np.zeros_like(base)
        for i in np.ndindex(base.shape):
            for sign in (1, -1):
                moved = base.copy()
                moved[i] += sign * 1e-6
                grad[i] += sign * put(moved) / 2e-6
        return grad

    want = [numeric(lambda: x0, lambda v: ref_loss(params, v))]
    for v in variables[:6]:
        key = v.name[len("phased_lstm_cell/"):-2]
        want.append(numeric(lambda k=key: params[k],
                            lambda val, k=key: ref_loss({**params, k: val}, x0)))
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=2e-3, atol=2e-4)


# ---- GLSTMCell

def _glstm_step(p, x, state, groups, proj):
    c, m = state
    xs, ms = np.split(x, groups, axis=1), np.split(m, groups, axis=1)
    parts = [np.split(np.concatenate([xg, mg], 1) @ p[f"group{k}/kernel"], 4, axis=1)
             for k, (xg, mg) in enumerate(zip(xs, ms))]
    i, j, f, o = (np.concatenate([part[g] for part in parts], 1) + p[f"bias_{name}"]
                  for g, name in enumerate("ijfo"))
    c = sigmoid(f + 1.0) * c + sigmoid(i) * np.tanh(j)
    m = sigmoid(o) * np.tanh(c)
    if proj:
        m = m @ p["projection/kernel"]
    return m, (c, m)


@pytest.mark.parametrize("groups,proj", [(1, None), (2, None), (2, 4)])
def test_glstm_cell_variables_and_steps(groups, proj):
    cell = rnn.GLSTMCell(6, num_proj=proj, number_of_groups=groups)
    assert cell.state_size == rnn.LSTMStateTuple(6, proj or 6)
    assert cell.output_size == (proj or 6)
    got = check_rollout(lambda: rnn.GLSTMCell(6, num_proj=proj, number_of_groups=groups),
                        lambda p, x, s: _glstm_step(p, x, s, groups, proj), _seq(4),
                        "glstm_cell")
    prefix = "dyn/rnn/glstm_cell/"
    rows = 4 // groups + (proj or 6) // groups
    want = [(f"{prefix}group{k}/kernel:0", [rows, 4 * 6 // groups]) for k in range(groups)]
    want += [(f"{prefix}bias_{g}:0", [6]) for g in "ijfo"]
    if proj:
        want.append((prefix + "projection/kernel:0", [6, proj]))
    assert names_and_shapes(got) == want


def test_glstm_cell_errors():
    with pytest.raises(ValueError, match="num_units must be divisible by number_of_groups"):
        rnn.GLSTMCell(5, number_of_groups=2)
    with pytest.raises(ValueError, match="num_proj must be divisible by number_of_groups"):
        rnn.GLSTMCell(6, num_proj=3, number_of_groups=2)
    cell = rnn.GLSTMCell(6, number_of_groups=2)
    state = cell.zero_state(B, tf.float32)
    with pytest.raises(ValueError, match="input size must be statically known"):
        cell(tf.placeholder(tf.float32, [B, None]), state)
    with pytest.raises(ValueError, match=r"input size \(3\) must be divisible by "
                                         r"number_of_groups \(2\)"):
        cell(tf.zeros([B, 3]), state)


def test_glstm_cell_slices_groups_of_an_unknown_batch():
    cell = rnn.GLSTMCell(4, number_of_groups=2)
    x = tf.placeholder(tf.float64, [None, 2])
    c = tf.placeholder(tf.float64, [None, 4])
    out, state = cell(x, (c, c))
    # The cell re-enters its own variable scope to set the initializer, which (TF 1.15)
    # opens a name scope of the same name inside the cell's.
    assert "glstm_cell/glstm_cell/group1/GLSTM_group1_input_generation" in [
        op.name for op in tf.get_default_graph().get_operations()]
    values = random_values(tf.global_variables())
    xv, cv = RNG.standard_normal((B, 2)), RNG.standard_normal((B, 4))
    params = {v.name[len("glstm_cell/"):-2]: val for v, val in values.items()}
    want, _ = _glstm_step(params, xv, (cv, cv), 2, None)
    np.testing.assert_allclose(run_with(out, values, {x: xv, c: cv}), want, rtol=1e-10)


# ---- SRUCell, IndRNNCell, IndyGRUCell, IndyLSTMCell

def _sru_step(p, x, c):
    x_bar, f, r, x_tx = np.split(x @ p["kernel"], 4, axis=1)
    f, r = np.split(sigmoid(np.concatenate([f, r], 1) + p["bias"]), 2, axis=1)
    c = f * c + (1 - f) * x_bar
    return r * np.tanh(c) + (1 - r) * x_tx, c


def _ind_rnn_step(p, x, h):
    h = np.tanh(x @ p["kernel_w"] + h * p["kernel_u"] + p["bias"])
    return h, h


def _indy_gru_step(p, x, h):
    gates = sigmoid(x @ p["gates/kernel_w"] + np.tile(h, [1, 2]) * p["gates/kernel_u"]
                    + p["gates/bias"])
    r, u = np.split(gates, 2, axis=1)
    c = np.tanh(x @ p["candidate/kernel"] + r * h * p["candidate/kernel_u"]
                + p["candidate/bias"])
    h = u * h + (1 - u) * c
    return h, h


def _indy_lstm_step(p, x, state, forget_bias=1.0):
    c, h = state
    i, j, f, o = np.split(x @ p["kernel_w"] + np.tile(h, [1, 4]) * p["kernel_u"] + p["bias"],
                          4, axis=1)
    c = c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(j)
    h = np.tanh(c) * sigmoid(o)
    return h, (c, h)


D, H = 3, 5
INDEPENDENT = {
    "sru": (lambda: rnn.SRUCell(D), _sru_step, "sru_cell", D,
            [("kernel", [D, 4 * D]), ("bias", [2 * D])]),
    "ind_rnn": (lambda: rnn.IndRNNCell(H), _ind_rnn_step, "ind_rnn_cell", H,
                [("kernel_w", [D, H]), ("kernel_u", [1, H]), ("bias", [H])]),
    "indy_gru": (lambda: rnn.IndyGRUCell(H), _indy_gru_step, "indy_gru_cell", H,
                 [("gates/kernel_w", [D, 2 * H]), ("gates/kernel_u", [1, 2 * H]),
                  ("gates/bias", [2 * H]), ("candidate/kernel", [D, H]),
                  ("candidate/kernel_u", [1, H]), ("candidate/bias", [H])]),
    "indy_lstm": (lambda: rnn.IndyLSTMCell(H), _indy_lstm_step, "indy_lstm_cell", H,
                  [("kernel_w", [D, 4 * H]), ("kernel_u", [1, 4 * H]), ("bias", [4 * H])]),
}


@pytest.mark.parametrize("key", sorted(INDEPENDENT))
def test_independent_cells_variables_and_steps(key):
    make, ref, scope, units, variables = INDEPENDENT[key]
    cell = make()
    want_state = rnn.LSTMStateTuple(units, units) if key == "indy_lstm" else units
    assert cell.state_size == want_state and cell.output_size == units
    got = check_rollout(make, ref, _seq(D), scope)
    assert names_and_shapes(got) == [(f"dyn/rnn/{scope}/{n}:0", s) for n, s in variables]


def test_independent_cells_initial_values():
    x = tf.zeros([B, D])
    rnn.IndRNNCell(H)(x, tf.zeros([B, H]))
    rnn.IndyGRUCell(H)(x, tf.zeros([B, H]))
    rnn.IndyLSTMCell(H, bias_initializer=tf.constant_initializer(0.5))(
        x, (tf.zeros([B, H]), tf.zeros([B, H])))
    rnn.SRUCell(H, name="sru")(tf.zeros([B, H]), tf.zeros([B, H]))
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        got = {v.name: sess.run(v) for v in tf.global_variables()}
    for name in ("ind_rnn_cell/kernel_u:0", "indy_gru_cell/gates/kernel_u:0",
                 "indy_gru_cell/candidate/kernel_u:0", "indy_lstm_cell/kernel_u:0"):
        assert np.all(np.abs(got[name]) <= 1) and np.std(got[name]) > 0.1
    np.testing.assert_array_equal(got["ind_rnn_cell/bias:0"], np.zeros(H))
    np.testing.assert_array_equal(got["indy_gru_cell/gates/bias:0"], np.ones(2 * H))
    np.testing.assert_array_equal(got["indy_gru_cell/candidate/bias:0"], np.zeros(H))
    np.testing.assert_array_equal(got["indy_lstm_cell/bias:0"], np.full(4 * H, 0.5))
    np.testing.assert_array_equal(got["sru/bias:0"], np.zeros(2 * H))


def test_indy_lstm_cell_forget_bias_and_activation():
    got = check_rollout(lambda: rnn.IndyLSTMCell(H, forget_bias=0.25),
                        lambda p, x, s: _indy_lstm_step(p, x, s, 0.25), _seq(D),
                        "indy_lstm_cell")
    assert len(got) == 3
    cell = rnn.IndRNNCell(H, activation=tf.nn.relu, name="relu_rnn")
    out, _ = cell(tf.constant(RNG.standard_normal((B, D))), tf.zeros([B, H], tf.float64))
    assert np.all(run_with(out, {}) >= 0)


@pytest.mark.parametrize("cls", [rnn.SRUCell, rnn.IndRNNCell, rnn.IndyGRUCell,
                                 rnn.IndyLSTMCell])
def test_independent_cells_errors(cls):
    cell = cls(H)
    state = cell.zero_state(B, tf.float32)
    with pytest.raises(ValueError, match=r"Expected inputs.shape\[-1\] to be known, saw "
                                         r"shape: \(3, \?\)"):
        cell(tf.placeholder(tf.float32, [B, None]), state)
    with pytest.raises(ValueError, match="expected ndim=2, found ndim=3"):
        cls(H)(tf.zeros([B, 2, D]), state)


# ---- gradients of one step (float64 central differences)

GRADIENT_CELLS = {
    "cifg": (lambda: rnn.CoupledInputForgetGateLSTMCell(4, use_peepholes=True, num_proj=3,
                                                        num_unit_shards=2), ((4,), (3,))),
    "cifg_layer_norm": (lambda: rnn.CoupledInputForgetGateLSTMCell(4, layer_norm=True),
                        ((4,), (4,))),
    "ugrnn": (lambda: rnn.UGRNNCell(4), (4,)),
    "intersection": (lambda: rnn.IntersectionRNNCell(4, num_in_proj=4), (4,)),
    "glstm": (lambda: rnn.GLSTMCell(4, num_proj=2, number_of_groups=2), ((4,), (2,))),
    "sru": (lambda: rnn.SRUCell(2), (2,)),
    "ind_rnn": (lambda: rnn.IndRNNCell(4), (4,)),
    "indy_gru": (lambda: rnn.IndyGRUCell(4), (4,)),
    "indy_lstm": (lambda: rnn.IndyLSTMCell(4), ((4,), (4,))),
}


@pytest.mark.parametrize("key", sorted(GRADIENT_CELLS))
def test_cell_step_gradients(key):
    make, state_sizes = GRADIENT_CELLS[key]
    x = RNG.standard_normal((2, 2))
    if isinstance(state_sizes[0], tuple):
        state = tuple(RNG.standard_normal((2,) + s) for s in state_sizes)
    else:
        state = RNG.standard_normal((2,) + state_sizes)
    assert step_gradient_error(make, x, state) < 1e-7
