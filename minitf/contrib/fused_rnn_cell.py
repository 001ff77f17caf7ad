"""Fused RNN cells of `tf.contrib.rnn` (mirrors contrib/rnn/python/ops/fused_rnn_cell.py and
the fused half of lstm_ops.py of TF 1.15): `FusedRNNCell`, `FusedRNNCellAdaptor`,
`TimeReversedFusedRNN`, `LSTMBlockWrapper` and `LSTMBlockFusedCell`.

A fused cell runs a whole time-major sequence `[time, batch, depth]` in one call:
`outputs, (c, h) = cell(inputs, initial_state=None, dtype=None, sequence_length=None)`.
TF's LSTMBlockFusedCell is one BlockLSTM op over time; here it is a `tf.scan` over the time
axis of LSTMBlockCell's step, with the same variables (a layer named `lstm_fused_cell`:
`lstm_fused_cell/kernel` `[in + n, 4n]`, `lstm_fused_cell/bias` `[4n]`, optional
`w_i_diag`, `w_f_diag`, `w_o_diag`) and the same numbers. BlockLSTM stops computing at the
longest sequence and zeroes later steps; the scan computes them, which no result shows (outputs
past each sequence's end are masked to zero and the final state is taken at its end).
"""
from __future__ import annotations

import abc
from typing import Any

from ..framework.convert import convert_to_tensor
from ..framework.graph import Tensor
from ..framework.tensor_shape import dimension_value
from ..nn.layers import InputSpec, Layer
from ..nn.rnn import dynamic_rnn, static_rnn
from ..nn.rnn_cell_impl import LSTMStateTuple
from ..ops import array as array_ops
from ..ops import functional
from .rnn_cell import _add_lstm_block_weights, _lstm_block_step

__all__ = ["FusedRNNCell", "FusedRNNCellAdaptor", "TimeReversedFusedRNN", "LSTMBlockWrapper",
           "LSTMBlockFusedCell"]


class FusedRNNCell(abc.ABC):
    """A whole RNN over time in one call (the loop inside the cell): subclasses define
    `__call__(inputs, initial_state=None, dtype=None, sequence_length=None, scope=None)`,
    `inputs` time-major `[time, batch, depth]` or a list of `[batch, depth]` steps, returning
    `(outputs, final_state)` with outputs of the same kind."""

    @abc.abstractmethod
    def __call__(self, inputs: Any, initial_state: Any = None, dtype: Any = None,
                 sequence_length: Any = None, scope: Any = None) -> tuple:
        """Runs the fused RNN on `inputs`; see the class docstring."""


class FusedRNNCellAdaptor(FusedRNNCell):
    """An RNNCell as a fused cell: `dynamic_rnn(time_major=True)` when `use_dynamic_rnn`, else
    `static_rnn` over the steps (tensors are unstacked and the outputs stacked back)."""

    def __init__(self, cell: Any, use_dynamic_rnn: bool = False):
        self._cell = cell
        self._use_dynamic_rnn = use_dynamic_rnn

    def __call__(self, inputs: Any, initial_state: Any = None, dtype: Any = None,
                 sequence_length: Any = None, scope: Any = None) -> tuple:
        is_list = isinstance(inputs, list)
        if self._use_dynamic_rnn:
            if is_list:
                inputs = array_ops.stack(inputs)
            outputs, state = dynamic_rnn(self._cell, inputs, sequence_length=sequence_length,
                                         initial_state=initial_state, dtype=dtype,
                                         time_major=True, scope=scope)
            if is_list:
                outputs = array_ops.unstack(outputs)
        else:
            if not is_list:
                inputs = array_ops.unstack(inputs)
            outputs, state = static_rnn(self._cell, inputs, initial_state=initial_state,
                                        dtype=dtype, sequence_length=sequence_length,
                                        scope=scope)
            if not is_list:
                outputs = array_ops.stack(outputs)
        return outputs, state


class TimeReversedFusedRNN(FusedRNNCell):
    """Runs a fused cell on the inputs reversed in time (per sequence up to
    `sequence_length` when given) and reverses its outputs back."""

    def __init__(self, cell: Any):
        self._cell = cell

    @staticmethod
    def _reverse(t: Any, lengths: Any) -> Any:
        if isinstance(t, list):
            return list(reversed(t))
        if lengths is None:
            return array_ops.reverse(t, [0])
        return array_ops.reverse_sequence(t, lengths, 0, 1)

    def __call__(self, inputs: Any, initial_state: Any = None, dtype: Any = None,
                 sequence_length: Any = None, scope: Any = None) -> tuple:
        inputs = self._reverse(inputs, sequence_length)
        outputs, state = self._cell(inputs, initial_state=initial_state, dtype=dtype,
                                    sequence_length=sequence_length, scope=scope)
        return self._reverse(outputs, sequence_length), state


class LSTMBlockWrapper(Layer, metaclass=abc.ABCMeta):
    """The housekeeping of a fused LSTM layer: default zero state, masking outputs past
    `sequence_length` and picking each sequence's final `(c, h)`. Subclasses give `num_units`
    and `_call_cell(inputs, initial_cell_state, initial_output, dtype, sequence_length)`
    returning the cell states and outputs of every step."""

    @property
    @abc.abstractmethod
    def num_units(self) -> int:
        """Number of units in this cell (output dimension)."""

    @abc.abstractmethod
    def _call_cell(self, inputs: Tensor, initial_cell_state: Tensor, initial_output: Tensor,
                   dtype: Any, sequence_length: Any) -> tuple:
        """`(cell_states, outputs)`, each `[time, batch, num_units]`."""

    def call(self, inputs: Any, initial_state: Any = None, dtype: Any = None,
             sequence_length: Any = None) -> tuple:
        """`(outputs, LSTMStateTuple(c, h))`: outputs `[time, batch, num_units]` (a list of
        steps for list inputs), zero past each sequence's length."""
        is_list = isinstance(inputs, list)
        if is_list:
            inputs = array_ops.stack(inputs)
        inputs_shape = inputs.get_shape().with_rank(3)
        if not dimension_value(inputs_shape[2]):
            raise ValueError(f"Expecting inputs_shape[2] to be set: {inputs_shape}")
        batch_size = dimension_value(inputs_shape[1])
        if batch_size is None:
            batch_size = array_ops.shape(inputs)[1]
        time_len = dimension_value(inputs_shape[0])
        if time_len is None:
            time_len = array_ops.shape(inputs)[0]
        if initial_state is None:
            if dtype is None:
                raise ValueError("Either initial_state or dtype needs to be specified")
            z = array_ops.zeros(array_ops.stack([batch_size, self.num_units]), dtype=dtype)
            initial_state = z, z
        else:
            if len(initial_state) != 2:
                raise ValueError("Expecting initial_state to be a tuple with length 2 or None")
            if dtype is None:
                dtype = initial_state[0].dtype
        if sequence_length is not None:
            sequence_length = convert_to_tensor(sequence_length)
        initial_cell_state, initial_output = initial_state
        cell_states, outputs = self._call_cell(inputs, initial_cell_state, initial_output,
                                               dtype, sequence_length)
        if sequence_length is not None:
            mask = array_ops.transpose(
                array_ops.sequence_mask(sequence_length, time_len, dtype=dtype), [1, 0])
            mask = array_ops.tile(array_ops.expand_dims(mask, -1), [1, 1, self.num_units])
            outputs *= mask
            # With the initial state in front, index sequence_length is each final state
            # (0, the initial state itself, for an empty sequence).
            mod_cell_states = array_ops.concat(
                [array_ops.expand_dims(initial_cell_state, 0), cell_states], 0)
            mod_outputs = array_ops.concat(
                [array_ops.expand_dims(initial_output, 0), outputs], 0)
            final_cell_state = self._gather_states(mod_cell_states, sequence_length,
                                                   batch_size)
            final_output = self._gather_states(mod_outputs, sequence_length, batch_size)
        else:
            final_cell_state = cell_states[-1]
            final_output = outputs[-1]
        if is_list:
            outputs = array_ops.unstack(outputs)
        return outputs, LSTMStateTuple(final_cell_state, final_output)

    @staticmethod
    def _gather_states(data: Tensor, indices: Tensor, batch_size: Any) -> Tensor:
        """out[i, j] = data[indices[i], i, j]."""
        return array_ops.gather_nd(
            data, array_ops.stack([indices, array_ops.range(batch_size)], axis=1))


class LSTMBlockFusedCell(LSTMBlockWrapper):
    """The LSTM of LSTMBlockCell run over a whole time-major sequence (see the module
    docstring); `cell_clip` clips the cell state, `use_peephole` adds the diagonal
    peepholes."""

    def __init__(self, num_units: int, forget_bias: float = 1.0,
                 cell_clip: float | None = None, use_peephole: bool = False,
                 reuse: Any = None, dtype: Any = None, name: str = "lstm_fused_cell"):
        super().__init__(_reuse=reuse, name=name, dtype=dtype)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._cell_clip = cell_clip if cell_clip is not None else -1
        self._use_peephole = use_peephole
        self.input_spec = InputSpec(ndim=3)

    @property
    def num_units(self) -> int:
        return self._num_units

    def build(self, input_shape: Any) -> None:
        _add_lstm_block_weights(self, dimension_value(input_shape[2]))

    def _call_cell(self, inputs: Tensor, initial_cell_state: Tensor = None,
                   initial_output: Tensor = None, dtype: Any = None,
                   sequence_length: Any = None) -> tuple:
        """`(cs, h)` of every step, `[time, batch, num_units]` each."""
        inputs.get_shape().with_rank(3)

        def step(previous: tuple, x: Tensor) -> tuple:
            return _lstm_block_step(self, x, *previous)

        return functional.scan(step, inputs, initializer=(initial_cell_state, initial_output))

