"""tf.contrib.rnn's TimeFreqLSTMCell, GridLSTMCell and BidirectionalGridLSTMCell against numpy
transcriptions of TF 1.15's equations (contrib/rnn/python/ops/rnn_cell.py; TF 2.x has no
contrib), run by `dynamic_rnn` and `static_rnn`.

Expected variables, read off that source: the cells are plain RNNCells (scopes
`time_freq_lstm_cell`, `grid_lstm_cell`, `bidirectional_grid_lstm_cell` with `fwd/`, `bwd/`
inside), whose `call` makes with `get_variable`, per block in order: `_get_concat_variable` of
`W_f_<b>` (shards `W_f_<b>_0`, ...) `[feature_size + 2n, gates·n]`, `B_f_<b>`, unless shared
`W_t_<b>`, `B_t_<b>`, then the peepholes `W_F_diag_freqf_<b>`, `..._freqt_<b>` (no F when the
gates are coupled), `W_I_...`, `W_O_...`, and the `time` ones unless shared. TimeFreq makes
`W_0`, `B`, `W_F_diag`, `W_I_diag`, `W_O_diag`.
"""
import numpy as np
import pytest

import minitf as tf
from tests.contrib.cell_harness import (check_rollout, names_and_shapes, run_with, sigmoid,
                                        step_gradient_error)

rnn = tf.contrib.rnn
B, T, N = 3, 3, 2
RNG = np.random.RandomState(29)


def _seq(depth):
    return RNG.standard_normal((B, T, depth))


def _shards(p, name):
    k, parts = 0, []
    while f"{name}_{k}" in p:
        parts.append(p[f"{name}_{k}"])
        k += 1
    return np.concatenate(parts, 0)


# ---- TimeFreqLSTMCell

def _time_freq_step(p, x, state, feature_size, skip, peep=False, clip=None):
    w, b = _shards(p, "W"), p["B"]
    windows = int((x.shape[1] - feature_size) / skip) + 1
    m_freq = np.zeros((x.shape[0], N))
    states, outs = [], []
    for k in range(windows):
        c_prev = state[:, 2 * k * N:(2 * k + 1) * N]
        m_prev = state[:, (2 * k + 1) * N:(2 * k + 2) * N]
        xk = x[:, k * skip:k * skip + feature_size]
        i, j, f, o = np.split(np.concatenate([xk, m_prev, m_freq], 1) @ w + b, 4, axis=1)
        if peep:
            c = (sigmoid(f + 1.0 + p["W_F_diag"] * c_prev) * c_prev
                 + sigmoid(i + p["W_I_diag"] * c_prev) * np.tanh(j))
        else:
            c = sigmoid(f + 1.0) * c_prev + sigmoid(i) * np.tanh(j)
        if clip is not None:
            c = np.clip(c, -clip, clip)
        m = sigmoid(o + (p["W_O_diag"] * c if peep else 0)) * np.tanh(c)
        m_freq = m
        states += [c, m]
        outs.append(m)
    return np.concatenate(outs, 1), np.concatenate(states, 1)


@pytest.mark.parametrize("kwargs", [{}, {"use_peepholes": True, "cell_clip": 0.3,
                                         "num_unit_shards": 2}])
def test_time_freq_lstm_cell_one_window_in_dynamic_and_static_rnn(kwargs):
    cell = rnn.TimeFreqLSTMCell(N, feature_size=4, **kwargs)
    assert cell.state_size == 2 * N and cell.output_size == N
    got = check_rollout(
        lambda: rnn.TimeFreqLSTMCell(N, feature_size=4, **kwargs),
        lambda p, x, s: _time_freq_step(p, x, s, 4, 1, kwargs.get("use_peepholes", False),
                                        kwargs.get("cell_clip")),
        _seq(4), "time_freq_lstm_cell")
    shards = [("W_0", [4, 4 * N]), ("W_1", [4, 4 * N])] if kwargs else [("W_0", [8, 4 * N])]
    peep = [("W_F_diag", [N]), ("W_I_diag", [N]), ("W_O_diag", [N])] if kwargs else []
    assert names_and_shapes(got) == [(f"dyn/rnn/time_freq_lstm_cell/{n}:0", s)
                                     for n, s in shards + [("B", [4 * N])] + peep]


def test_time_freq_lstm_cell_several_windows():
    # Three windows of 3 features every 2 of 7; as in TF, their state (2n each) and output
    # (n each) exceed the claimed state_size and output_size, so the caller gives the state.
    x = _seq(7)
    state0 = RNG.standard_normal((B, 6 * N))
    steps = [tf.constant(x[:, t]) for t in range(T)]
    with tf.variable_scope("tf", dtype=tf.float64):
        outputs, state = tf.nn.static_rnn(
            rnn.TimeFreqLSTMCell(N, use_peepholes=True, feature_size=3, frequency_skip=2),
            steps, initial_state=tf.constant(state0))
    assert outputs[0].shape.as_list() == [B, 3 * N]
    assert state.shape.as_list() == [B, 6 * N]
    values = {v: RNG.standard_normal(v.shape.as_list()) for v in tf.global_variables()}
    params = {v.name[len("tf/rnn/time_freq_lstm_cell/"):-2]: val for v, val in values.items()}
    got_out, got_state = run_with([outputs, state], values)
    s = state0
    for t in range(T):
        out, s = _time_freq_step(params, x[:, t], s, 3, 2, peep=True)
        np.testing.assert_allclose(got_out[t], out, rtol=1e-10)
    np.testing.assert_allclose(got_state, s, rtol=1e-10)


def test_time_freq_lstm_cell_needs_a_known_input_size():
    with pytest.raises(ValueError, match="Cannot infer input_size from static shape "
                                         "inference."):
        rnn.TimeFreqLSTMCell(N, feature_size=2)(tf.placeholder(tf.float32, [B, None]),
                                                tf.zeros([B, 2 * N]))


# ---- GridLSTMCell, BidirectionalGridLSTMCell

def _grid_block(p, windows, states, block, pre, peep, share, couple, clip):
    """One block of one step: outputs [m_time, m_freq, ...] and states [c_time, m_time, ...]
    of its windows, from the windows' previous (c_time, m_time)."""
    def diag(gate, group, src):
        return p[f"{pre}W_{gate}_diag_{'freq' if share else group}{src}_{block}"]

    def gates(w, b, cell_inputs):
        g = np.split(cell_inputs @ w + b, 3 if couple else 4, axis=1)
        return (g[0], g[1], None, g[2]) if couple else tuple(g)

    def new_cell(i, j, f, group, c_pf, c_pt, c_prev):
        ig = sigmoid(i + (diag("I", group, "f") * c_pf + diag("I", group, "t") * c_pt
                          if peep else 0))
        if couple:
            fg = 1 - ig
        else:
            fg = sigmoid(f + 1.0 + (diag("F", group, "f") * c_pf + diag("F", group, "t") * c_pt
                                    if peep else 0))
        c = fg * c_prev + ig * np.tanh(j)
        return np.clip(c, -clip, clip) if clip is not None else c

    w_f, b_f = _shards(p, f"{pre}W_f_{block}"), p[f"{pre}B_f_{block}"]
    w_t, b_t = (w_f, b_f) if share else (_shards(p, f"{pre}W_t_{block}"),
                                         p[f"{pre}B_t_{block}"])
    m_pf = c_pf = np.zeros((windows[0].shape[0], N))
    outs, new_states = [], []
    for xk, (c_pt, m_pt) in zip(windows, states):
        cell_inputs = np.concatenate([xk, m_pt, m_pf], 1)
        i_f, j_f, f_f, o_f = gates(w_f, b_f, cell_inputs)
        i_t, j_t, f_t, o_t = gates(w_t, b_t, cell_inputs)
        c_f = new_cell(i_f, j_f, f_f, "freq", c_pf, c_pt, c_pf)
        c_t = new_cell(i_t, j_t, f_t, "time", c_pf, c_pt, c_pt)
        m_f = sigmoid(o_f + (diag("O", "freq", "f") * c_f + diag("O", "freq", "t") * c_t
                             if peep else 0)) * np.tanh(c_f)
        m_t = sigmoid(o_t + (diag("O", "time", "f") * c_f + diag("O", "time", "t") * c_t
                             if peep else 0)) * np.tanh(c_t)
        m_pf, c_pf = m_f, c_f
        new_states += [c_t, m_t]
        outs += [m_t, m_f]
    return outs, new_states


def _windows(x, ranges, blocks, feature_size, skip, offset=0):
    if offset > 0:
        x = np.pad(x, [(0, 0), (0, offset)])
    elif offset < 0:
        x = np.pad(x, [(0, 0), (-offset, 0)])
        offset = 0
    return [[x[:, start + offset + k * skip:start + offset + k * skip + feature_size]
             for k in range(n)] for (start, _), n in zip(ranges, blocks)]


def _grid_step(p, x, state, cfg, bidirectional=False):
    blocks, ranges = cfg["blocks"], cfg.get("ranges") or [(0, x.shape[1])]
    flags = [cfg.get(k, False) for k in ("peep", "share", "couple")] + [cfg.get("clip")]
    if not cfg.get("tuple", True):
        state = [state[:, k * N:(k + 1) * N] for k in range(state.shape[1] // N)]
    pairs = [(state[2 * k], state[2 * k + 1]) for k in range(len(state) // 2)]
    directions = [("fwd/", 0), ("bwd/", cfg.get("offset", 0))] if bidirectional else [("", 0)]
    outs, new_states = [], []
    for d, (pre, offset) in enumerate(directions):
        windows = _windows(x, ranges, blocks, cfg["fs"], cfg["skip"], offset)
        used = d * sum(blocks)
        for block, block_windows in enumerate(windows):
            if pre == "bwd/":
                block_windows = block_windows[::-1]
            out, new = _grid_block(p, block_windows, pairs[used:used + len(block_windows)],
                                   block, pre, *flags)
            used += len(block_windows)
            outs += out
            new_states += new
    new_state = tuple(new_states) if cfg.get("tuple", True) else np.concatenate(new_states, 1)
    return np.concatenate(outs, 1), new_state


def _grid_kwargs(cfg):
    kwargs = {"feature_size": cfg["fs"], "frequency_skip": cfg["skip"],
              "num_frequency_blocks": cfg["blocks"], "use_peepholes": cfg.get("peep", False),
              "share_time_frequency_weights": cfg.get("share", False),
              "couple_input_forget_gates": cfg.get("couple", False),
              "cell_clip": cfg.get("clip"), "num_unit_shards": cfg.get("shards", 1)}
    if cfg.get("ranges"):
        kwargs["start_freqindex_list"] = [r[0] for r in cfg["ranges"]]
        kwargs["end_freqindex_list"] = [r[1] for r in cfg["ranges"]]
    return kwargs


def _grid_variables(cfg, pre=""):
    gates = 3 if cfg.get("couple") else 4
    rows = cfg["fs"] + 2 * N
    names = []
    for b in range(len(cfg["blocks"])):
        groups = ["f"] if cfg.get("share") else ["f", "t"]
        weights = []
        for g in groups:
            weights += [(f"W_{g}_{b}_0", [rows, gates * N]), (f"B_{g}_{b}", [gates * N])]
        # the order of TF's source: W_f, B_f, W_t, B_t
        names += weights
        if cfg.get("peep"):
            for group in ["freq"] + ([] if cfg.get("share") else ["time"]):
                for gate in ("F", "I", "O"):
                    if gate == "F" and cfg.get("couple"):
                        continue
                    names += [(f"W_{gate}_diag_{group}{s}_{b}", [N]) for s in "ft"]
    return [(pre + n, s) for n, s in names]


GRID_CASES = {
    "plain": {"fs": 2, "skip": 1, "blocks": [3]},
    "peepholes_clip": {"fs": 2, "skip": 2, "blocks": [2], "peep": True, "clip": 0.2},
    "shared_peepholes": {"fs": 2, "skip": 2, "blocks": [2], "peep": True, "share": True},
    "coupled_peepholes": {"fs": 3, "skip": 1, "blocks": [2], "peep": True, "couple": True},
    "concatenated_state": {"fs": 2, "skip": 1, "blocks": [3], "peep": True, "tuple": False},
    "two_blocks": {"fs": 2, "skip": 1, "blocks": [2, 1], "ranges": [(0, 3), (2, 4)],
                   "peep": True},
}


@pytest.mark.parametrize("key", sorted(GRID_CASES))
def test_grid_lstm_cell_variables_and_steps(key):
    cfg = GRID_CASES[key]
    tuple_state = cfg.get("tuple", True)

    def make():
        return rnn.GridLSTMCell(N, state_is_tuple=tuple_state, **_grid_kwargs(cfg))

    cell = make()
    total = sum(cfg["blocks"])
    assert cell.output_size == 2 * N * total
    if tuple_state:
        assert type(cell.state_size).__name__ == "GridLSTMStateTuple"
        assert cell.state_size == (N,) * 2 * total
        assert cell.state_tuple_type is type(cell.state_size)
        assert cell.state_size._fields[:2] == ("state_f00_b00_c", "state_f00_b00_m")
    else:
        assert cell.state_size == 2 * N * total and cell.state_tuple_type is None
    got = check_rollout(make, lambda p, x, s: _grid_step(p, x, s, cfg), _seq(4),
                        "grid_lstm_cell")
    assert names_and_shapes(got) == [(f"dyn/rnn/grid_lstm_cell/{n}:0", s)
                                     for n, s in _grid_variables(cfg)]


@pytest.mark.parametrize("offset", [0, 1, -1])
def test_bidirectional_grid_lstm_cell_variables_and_steps(offset):
    cfg = {"fs": 2, "skip": 1, "blocks": [3], "peep": True, "offset": offset}

    def make():
        return rnn.BidirectionalGridLSTMCell(N, backward_slice_offset=offset,
                                             **_grid_kwargs(cfg))

    cell = make()
    assert cell.output_size == 4 * N * 3
    assert type(cell.state_size).__name__ == "BidirectionalGridLSTMStateTuple"
    assert cell.state_size._fields[6:8] == ("bwd_state_f00_b00_c", "bwd_state_f00_b00_m")
    got = check_rollout(make, lambda p, x, s: _grid_step(p, x, s, cfg, bidirectional=True),
                        _seq(4), "bidirectional_grid_lstm_cell")
    assert names_and_shapes(got) == [
        (f"dyn/rnn/bidirectional_grid_lstm_cell/{n}:0", s)
        for n, s in _grid_variables(cfg, "fwd/") + _grid_variables(cfg, "bwd/")]


def test_grid_lstm_cell_errors():
    with pytest.raises(ValueError, match="Must specify num_frequency_blocks"):
        rnn.GridLSTMCell(N)
    x = tf.zeros([B, 4])

    def run(**kwargs):
        cell = rnn.GridLSTMCell(N, **kwargs)
        return cell(x, cell.zero_state(B, tf.float32))

    with pytest.raises(ValueError, match="Length of num_frequency_blocks is not 1, but "
                                         "instead is 2"):
        run(feature_size=2, frequency_skip=1, num_frequency_blocks=[1, 2])
    with pytest.raises(ValueError, match=r"Invalid num_frequency_blocks, requires 2 but gets "
                                         r"3, please check the input size and filter config "
                                         r"are correct."):
        run(feature_size=2, frequency_skip=1, num_frequency_blocks=[2])
    # TF passes the numbers as extra arguments of the exception, unformatted.
    with pytest.raises(ValueError) as error:
        run(feature_size=2, frequency_skip=1, num_frequency_blocks=[1],
            start_freqindex_list=[0], end_freqindex_list=[2, 4])
    assert error.value.args == ("Length of start and end freqindex_list does not match %d %d",
                                1, 2)
    with pytest.raises(ValueError) as error:
        run(feature_size=2, frequency_skip=1, num_frequency_blocks=[1, 1],
            start_freqindex_list=[0], end_freqindex_list=[2])
    assert error.value.args == ("Length of num_frequency_blocks is not equal to "
                                "start_freqindex_list %d %d", 2, 1)
    with pytest.raises(ValueError, match="Cannot infer input_size"):
        cell = rnn.GridLSTMCell(N, feature_size=2, frequency_skip=1, num_frequency_blocks=[1])
        cell(tf.placeholder(tf.float32, [B, None]), cell.zero_state(B, tf.float32))


def test_grid_lstm_cell_with_an_unknown_batch():
    cell = rnn.GridLSTMCell(N, feature_size=2, frequency_skip=2, num_frequency_blocks=[2])
    x = tf.placeholder(tf.float64, [None, 4])
    with tf.variable_scope("g", dtype=tf.float64):
        out, _ = tf.nn.dynamic_rnn(cell, tf.expand_dims(x, 1), dtype=tf.float64)
    assert out.shape.as_list() == [None, 1, 4 * N]
    assert run_with(out, {}, {x: np.ones((B, 4))}).shape == (B, 1, 4 * N)


# ---- gradients of one step (float64 central differences)

@pytest.mark.parametrize("make,depth,state_parts", [
    (lambda: rnn.TimeFreqLSTMCell(N, use_peepholes=True, cell_clip=5.0, feature_size=2,
                                  frequency_skip=1), 3, 1),
    (lambda: rnn.GridLSTMCell(N, use_peepholes=True, feature_size=2, frequency_skip=1,
                              num_frequency_blocks=[2]), 3, 4),
    (lambda: rnn.GridLSTMCell(N, use_peepholes=True, share_time_frequency_weights=True,
                              couple_input_forget_gates=True, feature_size=2,
                              frequency_skip=1, num_frequency_blocks=[2]), 3, 4),
    (lambda: rnn.BidirectionalGridLSTMCell(N, use_peepholes=True, feature_size=2,
                                           frequency_skip=1, num_frequency_blocks=[2],
                                           backward_slice_offset=1), 3, 8),
])
def test_grid_cell_step_gradients(make, depth, state_parts):
    x = RNG.standard_normal((2, depth))
    if state_parts == 1:  # TimeFreq: a concatenated state of 2n per window
        state = RNG.standard_normal((2, 2 * N * (depth - 1)))
    else:
        state = make().state_tuple_type(*(RNG.standard_normal((2, N))
                                          for _ in range(state_parts)))
    assert step_gradient_error(make, x, state) < 1e-7
