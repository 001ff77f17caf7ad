"""The frequency-sliced LSTMs of contrib's rnn_cell.py (TF 1.15): `TimeFreqLSTMCell`,
`GridLSTMCell` and `BidirectionalGridLSTMCell` (Sainath & Li, 2016; Kalchbrenner et al., 2016).

Each step slices the input features into windows of `feature_size` every `frequency_skip`
(per block of `[start, end)` indices for the grid cells) and runs an LSTM along the windows,
the window's time state coming from the previous step. Weights are TF's sharded `W_0..`-style
variables made with `tf.get_variable` in `call`: `W_0`, `B` (TimeFreq), `W_f_<block>_0`,
`B_f_<block>`, `W_t_<block>_0`, `B_t_<block>` and the `W_*_diag_*` peepholes (grid).

As in TF, TimeFreqLSTMCell claims `state_size` 2·n and `output_size` n whatever the number of
windows, so only one window fits `zero_state`; more need a state of 2·n per window given by the
caller, and give an output of n per window.
"""
from __future__ import annotations

import collections
from typing import Any

from ..framework import dtypes as _dtypes
from ..framework.convert import constant
from ..framework.graph import Tensor
from ..framework.tensor_shape import dimension_value
from ..nn.rnn_cell_impl import RNNCell
from ..ops import array as array_ops
from ..ops import clip as clip_ops
from ..ops import init as init_ops
from ..ops import math as math_ops
from ..ops import nn as nn_ops
from ..ops import variable_scope as vs
from .rnn_cell_extra import _get_concat_variable, _StoredSizes, _warn_concatenated_state

__all__ = ["TimeFreqLSTMCell", "GridLSTMCell", "BidirectionalGridLSTMCell"]


def _batch_size(inputs: Tensor) -> Any:
    return dimension_value(inputs.shape[0]) or array_ops.shape(inputs)[0]


def _static_input_size(inputs: Tensor) -> int:
    input_size = dimension_value(inputs.get_shape().with_rank(2)[-1])
    if input_size is None:
        raise ValueError("Cannot infer input_size from static shape inference.")
    return input_size


def _diag(name: str, units: int, dtype: Any) -> Any:
    return vs.get_variable(name, shape=[units], dtype=dtype)


class _WindowLSTMCell(_StoredSizes, RNNCell):
    """The options TimeFreqLSTMCell and GridLSTMCell share; `initializer` is accepted and
    unused, as in TF."""

    def __init__(self, num_units: int, use_peepholes: bool, cell_clip: float | None,
                 initializer: Any, num_unit_shards: int, forget_bias: float,
                 feature_size: int | None, frequency_skip: int | None, reuse: Any):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_unit_shards = num_unit_shards
        self._forget_bias = forget_bias
        self._feature_size = feature_size
        self._frequency_skip = frequency_skip


class TimeFreqLSTMCell(_WindowLSTMCell):
    """An LSTM run along frequency windows of the input, each window's step seeing the
    window's input, its own previous output (time) and the lower window's new output
    (frequency): `W_0` `[feature_size + 2n, 4n]`, `B` `[4n]`, peepholes `W_F_diag`,
    `W_I_diag`, `W_O_diag`, optional cell clipping."""

    def __init__(self, num_units: int, use_peepholes: bool = False,
                 cell_clip: float | None = None, initializer: Any = None,
                 num_unit_shards: int = 1, forget_bias: float = 1.0,
                 feature_size: int | None = None, frequency_skip: int = 1, reuse: Any = None):
        super().__init__(num_units, use_peepholes, cell_clip, initializer, num_unit_shards,
                         forget_bias, feature_size, frequency_skip, reuse)
        self._state_size = 2 * num_units
        self._output_size = num_units

    def call(self, inputs: Tensor, state: Tensor) -> tuple:
        """Per window: c, m of an LSTM on [x_window, m_time, m_freq]; the state is [c, m] of
        every window, the output every window's m."""
        sigmoid, tanh = math_ops.sigmoid, math_ops.tanh
        units = self._num_units
        freq_inputs = self._make_tf_features(inputs)
        dtype = inputs.dtype
        actual_input_size = freq_inputs[0].get_shape().as_list()[1]
        concat_w = _get_concat_variable("W", [actual_input_size + 2 * units, 4 * units],
                                        dtype, self._num_unit_shards)
        b = vs.get_variable("B", shape=[4 * units], initializer=init_ops.zeros_initializer(),
                            dtype=dtype)
        if self._use_peepholes:
            w_f_diag = _diag("W_F_diag", units, dtype)
            w_i_diag = _diag("W_I_diag", units, dtype)
            w_o_diag = _diag("W_O_diag", units, dtype)
        m_prev_freq = array_ops.zeros([_batch_size(inputs), units], dtype)
        state_parts, m_parts = [], []
        for fq, freq_input in enumerate(freq_inputs):
            c_prev = array_ops.slice(state, [0, 2 * fq * units], [-1, units])
            m_prev = array_ops.slice(state, [0, (2 * fq + 1) * units], [-1, units])
            cell_inputs = array_ops.concat([freq_input, m_prev, m_prev_freq], 1)
            lstm_matrix = nn_ops.bias_add(math_ops.matmul(cell_inputs, concat_w), b)
            i, j, f, o = array_ops.split(value=lstm_matrix, num_or_size_splits=4, axis=1)
            if self._use_peepholes:
                c = (sigmoid(f + self._forget_bias + w_f_diag * c_prev) * c_prev
                     + sigmoid(i + w_i_diag * c_prev) * tanh(j))
            else:
                c = sigmoid(f + self._forget_bias) * c_prev + sigmoid(i) * tanh(j)
            if self._cell_clip is not None:
                c = clip_ops.clip_by_value(c, -self._cell_clip, self._cell_clip)
            if self._use_peepholes:
                m = sigmoid(o + w_o_diag * c) * tanh(c)
            else:
                m = sigmoid(o) * tanh(c)
            m_prev_freq = m
            state_parts += [c, m]
            m_parts.append(m)
        # TF concatenates step by step: [c0, m0], then [that, c1, m1], ...
        state_out = array_ops.concat(state_parts[:2], 1)
        m_out = m_parts[0]
        for k in range(1, len(m_parts)):
            state_out = array_ops.concat([state_out] + state_parts[2 * k:2 * k + 2], 1)
            m_out = array_ops.concat([m_out, m_parts[k]], 1)
        return m_out, state_out

    def _make_tf_features(self, input_feat: Tensor) -> list:
        """The windows `[batch, feature_size]` at 0, skip, 2·skip, ..."""
        input_size = _static_input_size(input_feat)
        num_feats = int((input_size - self._feature_size) / self._frequency_skip) + 1
        return [array_ops.slice(input_feat, [0, f * self._frequency_skip],
                                [-1, self._feature_size]) for f in range(num_feats)]


class GridLSTMCell(_WindowLSTMCell):
    """A grid LSTM along frequency: per window, a frequency LSTM (`W_f_<b>`, `B_f_<b>`)
    and a time LSTM (`W_t_<b>`, `B_t_<b>`, or the frequency one's weights with
    `share_time_frequency_weights`) on [x_window, m_time, m_freq], each with peepholes to both
    cell states (`W_{I,F,O}_diag_{freq,time}{f,t}_<b>`) when asked; gates i, j, f, o, or
    i, j, o with `couple_input_forget_gates` (f = 1 - i). The state holds each window's time
    c, m (a namedtuple `state_fWW_bBB_c`, `..._m` with `state_is_tuple`), the output each
    window's m_time, m_freq."""

    def __init__(self, num_units: int, use_peepholes: bool = False,
                 share_time_frequency_weights: bool = False, cell_clip: float | None = None,
                 initializer: Any = None, num_unit_shards: int = 1, forget_bias: float = 1.0,
                 feature_size: int | None = None, frequency_skip: int | None = None,
                 num_frequency_blocks: list | None = None,
                 start_freqindex_list: list | None = None,
                 end_freqindex_list: list | None = None,
                 couple_input_forget_gates: bool = False, state_is_tuple: bool = True,
                 reuse: Any = None):
        super().__init__(num_units, use_peepholes, cell_clip, initializer, num_unit_shards,
                         forget_bias, feature_size, frequency_skip, reuse)
        if not state_is_tuple:
            _warn_concatenated_state(self)
        self._share_time_frequency_weights = share_time_frequency_weights
        self._couple_input_forget_gates = couple_input_forget_gates
        self._state_is_tuple = state_is_tuple
        self._start_freqindex_list = start_freqindex_list
        self._end_freqindex_list = end_freqindex_list
        self._num_frequency_blocks = num_frequency_blocks
        if num_frequency_blocks is None:
            raise ValueError("Must specify num_frequency_blocks")
        self._total_blocks = sum(int(blocks) for blocks in num_frequency_blocks)
        if state_is_tuple:
            self._state_tuple_type = collections.namedtuple(
                "GridLSTMStateTuple", self._state_names(["state"]))
            self._state_size = self._state_tuple_type(*([num_units] * 2 * self._total_blocks))
        else:
            self._state_tuple_type = None
            self._state_size = num_units * self._total_blocks * 2
        self._output_size = num_units * self._total_blocks * 2

    def _state_names(self, prefixes: list) -> list:
        return [f"{prefix}_f{freq:02d}_b{block:02d}_{part}" for prefix in prefixes
                for block, blocks in enumerate(self._num_frequency_blocks)
                for freq in range(blocks) for part in "cm"]

    @property
    def state_tuple_type(self) -> Any:
        return self._state_tuple_type

    def call(self, inputs: Tensor, state: Any) -> tuple:
        batch_size = _batch_size(inputs)
        freq_inputs = self._make_tf_features(inputs)
        m_out_lst, state_out_lst = [], []
        for block, block_inputs in enumerate(freq_inputs):
            m_out, state_out = self._compute(block_inputs, block, state, batch_size,
                                             state_is_tuple=self._state_is_tuple)
            m_out_lst.extend(m_out)
            state_out_lst.extend(state_out)
        if self._state_is_tuple:
            state_out = self._state_tuple_type(*state_out_lst)
        else:
            state_out = array_ops.concat(state_out_lst, 1)
        return array_ops.concat(m_out_lst, 1), state_out

    def _compute(self, freq_inputs: list, block: int, state: Any, batch_size: Any,
                 state_prefix: str = "state", state_is_tuple: bool = True) -> tuple:
        """One step of block `block` over its windows; returns the outputs
        [m_time, m_freq, ...] and the new states [c_time, m_time, ...]."""
        sigmoid, tanh = math_ops.sigmoid, math_ops.tanh
        units = self._num_units
        couple = self._couple_input_forget_gates
        share = self._share_time_frequency_weights
        num_gates = 3 if couple else 4
        dtype = freq_inputs[0].dtype
        actual_input_size = freq_inputs[0].get_shape().as_list()[1]
        shape = [actual_input_size + 2 * units, num_gates * units]
        concat_w_f = _get_concat_variable(f"W_f_{block}", shape, dtype, self._num_unit_shards)
        b_f = vs.get_variable(f"B_f_{block}", shape=[num_gates * units],
                              initializer=init_ops.zeros_initializer(), dtype=dtype)
        if not share:
            concat_w_t = _get_concat_variable(f"W_t_{block}", shape, dtype,
                                              self._num_unit_shards)
            b_t = vs.get_variable(f"B_t_{block}", shape=[num_gates * units],
                                  initializer=init_ops.zeros_initializer(), dtype=dtype)
        peep: dict = {}
        if self._use_peepholes:
            groups = ["freq"] + ([] if share else ["time"])
            for group in groups:
                for gate in ("F", "I", "O"):
                    if gate == "F" and couple:
                        continue
                    for src in "ft":
                        peep[gate, group, src] = _diag(f"W_{gate}_diag_{group}{src}_{block}",
                                                       units, dtype)
            if share:
                peep.update({(g, "time", s): v for (g, _, s), v in list(peep.items())})

        def gate_in(x: Tensor, gate: str, group: str, c_freq: Tensor, c_time: Tensor) -> Tensor:
            if not self._use_peepholes:
                return x
            return x + peep[gate, group, "f"] * c_freq + peep[gate, group, "t"] * c_time

        def split(matrix: Tensor) -> list:
            parts = array_ops.split(value=matrix, num_or_size_splits=num_gates, axis=1)
            return parts if not couple else [parts[0], parts[1], None, parts[2]]

        def cell_state(i: Tensor, j: Tensor, f: Tensor, group: str, c_prev_freq: Tensor,
                       c_prev_time: Tensor, c_prev: Tensor) -> Tensor:
            i_g = sigmoid(gate_in(i, "I", group, c_prev_freq, c_prev_time))
            if couple:
                f_g = 1.0 - i_g
            else:
                f_g = sigmoid(gate_in(f + self._forget_bias, "F", group, c_prev_freq,
                                      c_prev_time))
            c = f_g * c_prev + i_g * tanh(j)
            if self._cell_clip is not None:
                c = clip_ops.clip_by_value(c, -self._cell_clip, self._cell_clip)
            return c

        m_prev_freq = array_ops.zeros([batch_size, units], dtype)
        c_prev_freq = array_ops.zeros([batch_size, units], dtype)
        m_out_lst, state_out_lst = [], []
        for freq_index, freq_input in enumerate(freq_inputs):
            if state_is_tuple:
                name_prefix = f"{state_prefix}_f{freq_index:02d}_b{block:02d}"
                c_prev_time = getattr(state, name_prefix + "_c")
                m_prev_time = getattr(state, name_prefix + "_m")
            else:
                c_prev_time = array_ops.slice(state, [0, 2 * freq_index * units], [-1, units])
                m_prev_time = array_ops.slice(state, [0, (2 * freq_index + 1) * units],
                                              [-1, units])
            cell_inputs = array_ops.concat([freq_input, m_prev_time, m_prev_freq], 1)
            i_freq, j_freq, f_freq, o_freq = split(
                nn_ops.bias_add(math_ops.matmul(cell_inputs, concat_w_f), b_f))
            if share:
                i_time, j_time, f_time, o_time = i_freq, j_freq, f_freq, o_freq
            else:
                i_time, j_time, f_time, o_time = split(
                    nn_ops.bias_add(math_ops.matmul(cell_inputs, concat_w_t), b_t))
            c_freq = cell_state(i_freq, j_freq, f_freq, "freq", c_prev_freq, c_prev_time,
                                c_prev_freq)
            c_time = cell_state(i_time, j_time, f_time, "time", c_prev_freq, c_prev_time,
                                c_prev_time)
            m_freq = sigmoid(gate_in(o_freq, "O", "freq", c_freq, c_time)) * tanh(c_freq)
            m_time = sigmoid(gate_in(o_time, "O", "time", c_freq, c_time)) * tanh(c_time)
            m_prev_freq, c_prev_freq = m_freq, c_freq
            state_out_lst += [c_time, m_time]
            m_out_lst += [m_time, m_freq]
        return m_out_lst, state_out_lst

    def _make_tf_features(self, input_feat: Tensor, slice_offset: int = 0) -> list:
        """Per block, its windows `[batch, feature_size]`; a `slice_offset` (the backward
        direction of the bidirectional cell) pads the input at the end (> 0) or at the front
        (< 0) and shifts the windows by it."""
        input_size = _static_input_size(input_feat)
        if slice_offset > 0:
            inputs = array_ops.pad(input_feat, constant([0, 0, 0, slice_offset], shape=[2, 2],
                                                        dtype=_dtypes.int32), "CONSTANT")
        elif slice_offset < 0:
            inputs = array_ops.pad(input_feat, constant([0, 0, -slice_offset, 0], shape=[2, 2],
                                                        dtype=_dtypes.int32), "CONSTANT")
            slice_offset = 0
        else:
            inputs = input_feat
        blocks = self._num_frequency_blocks
        if not self._start_freqindex_list:
            if len(blocks) != 1:
                raise ValueError(f"Length of num_frequency_blocks is not 1, but instead is "
                                 f"{len(blocks)}")
            ranges = [(0, input_size)]
        else:
            starts, ends = self._start_freqindex_list, self._end_freqindex_list
            # TF passes the numbers as extra exception arguments, unformatted.
            if len(starts) != len(ends):
                raise ValueError("Length of start and end freqindex_list does not match %d %d",
                                 len(starts), len(ends))
            if len(blocks) != len(starts):
                raise ValueError("Length of num_frequency_blocks is not equal to "
                                 "start_freqindex_list %d %d", len(blocks), len(starts))
            ranges = list(zip(starts, ends))
        freq_inputs = []
        for b, (start_index, end_index) in enumerate(ranges):
            block_feats = int((end_index - start_index - self._feature_size)
                              / self._frequency_skip) + 1
            if block_feats != blocks[b]:
                raise ValueError(f"Invalid num_frequency_blocks, requires {blocks[b]} but gets "
                                 f"{block_feats}, please check the input size and filter "
                                 f"config are correct.")
            freq_inputs.append([
                array_ops.slice(inputs, [0, start_index + slice_offset
                                         + f * self._frequency_skip], [-1, self._feature_size])
                for f in range(block_feats)])
        return freq_inputs


class BidirectionalGridLSTMCell(GridLSTMCell):
    """A grid LSTM run up (`fwd/`) and down (`bwd/`, the windows reversed, optionally shifted
    by `backward_slice_offset`) the frequency axis with separate weights; the state is a
    namedtuple `fwd_state_...`, `bwd_state_...`, the output both directions' outputs."""

    def __init__(self, num_units: int, use_peepholes: bool = False,
                 share_time_frequency_weights: bool = False, cell_clip: float | None = None,
                 initializer: Any = None, num_unit_shards: int = 1, forget_bias: float = 1.0,
                 feature_size: int | None = None, frequency_skip: int | None = None,
                 num_frequency_blocks: list | None = None,
                 start_freqindex_list: list | None = None,
                 end_freqindex_list: list | None = None,
                 couple_input_forget_gates: bool = False, backward_slice_offset: int = 0,
                 reuse: Any = None):
        super().__init__(num_units, use_peepholes, share_time_frequency_weights, cell_clip,
                         initializer, num_unit_shards, forget_bias, feature_size,
                         frequency_skip, num_frequency_blocks, start_freqindex_list,
                         end_freqindex_list, couple_input_forget_gates, True, reuse)
        self._backward_slice_offset = int(backward_slice_offset)
        self._state_tuple_type = collections.namedtuple(
            "BidirectionalGridLSTMStateTuple", self._state_names(["fwd_state", "bwd_state"]))
        self._state_size = self._state_tuple_type(*([num_units] * 4 * self._total_blocks))
        self._output_size = 2 * num_units * self._total_blocks * 2

    def call(self, inputs: Tensor, state: Any) -> tuple:
        batch_size = _batch_size(inputs)
        fwd_inputs = self._make_tf_features(inputs)
        bwd_inputs = (self._make_tf_features(inputs, self._backward_slice_offset)
                      if self._backward_slice_offset else fwd_inputs)
        outputs: dict = {"fwd": ([], []), "bwd": ([], [])}
        for direction, direction_inputs in (("fwd", fwd_inputs), ("bwd", bwd_inputs)):
            m_out_lst, state_out_lst = outputs[direction]
            with vs.variable_scope(direction):
                for block, block_inputs in enumerate(direction_inputs):
                    if direction == "bwd":
                        block_inputs = block_inputs[::-1]
                    m_out, state_out = self._compute(block_inputs, block, state, batch_size,
                                                     state_prefix=f"{direction}_state")
                    m_out_lst.extend(m_out)
                    state_out_lst.extend(state_out)
        state_out = self._state_tuple_type(*(outputs["fwd"][1] + outputs["bwd"][1]))
        return array_ops.concat(outputs["fwd"][0] + outputs["bwd"][0], 1), state_out
