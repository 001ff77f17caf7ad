"""The cell wrappers of contrib's rnn_cell.py (TF 1.15): `AttentionCellWrapper`,
`HighwayWrapper` and `CompiledWrapper`.

AttentionCellWrapper is a cell of its own scope (`attention_cell_wrapper/kernel`, the wrapped
cell's variables under it, `attention/attn_w` ...). HighwayWrapper and CompiledWrapper, as in TF,
open no scope: the wrapped cell names its variables and the highway's `carry_w`/`carry_b` sit in
the scope current at the call (`rnn/carry_w` under `dynamic_rnn`).
"""
from __future__ import annotations

from typing import Any

from ..framework import nest
from ..framework.graph import Tensor
from ..framework.tensor_shape import dimension_value
from ..nn.rnn import _assert_like_rnncell
from ..nn.rnn_cell_impl import RNNCell, _SizedAsWrappedCell
from ..ops import array as array_ops
from ..ops import conv as conv_ops
from ..ops import init as init_ops
from ..ops import math as math_ops
from ..ops import nn as nn_ops
from ..ops import nn_impl
from ..ops import variable_scope as vs
from .core_rnn_cell import _Linear
from .rnn_cell_extra import _warn_concatenated_state

__all__ = ["AttentionCellWrapper", "HighwayWrapper", "CompiledWrapper"]


class AttentionCellWrapper(RNNCell):
    """Attention over the cell's last `attn_length` outputs (Cheng et al., 2016). The state
    is `(cell state, attention [attn_size], window [attn_size * attn_length])`, or their
    concatenation without `state_is_tuple`; the output is a projection of the cell's output
    and the new attention to `attn_size`, which also enters the window."""

    def __init__(self, cell: Any, attn_length: int, attn_size: int | None = None,
                 attn_vec_size: int | None = None, input_size: int | None = None,
                 state_is_tuple: bool = True, reuse: Any = None):
        super().__init__(_reuse=reuse)
        _assert_like_rnncell("cell", cell)
        if nest.is_sequence(cell.state_size) and not state_is_tuple:
            raise ValueError(f"Cell returns tuple of states, but the flag state_is_tuple is not "
                             f"set. State size is: {cell.state_size}")
        if attn_length <= 0:
            raise ValueError(f"attn_length should be greater than zero, got {attn_length}")
        if not state_is_tuple:
            _warn_concatenated_state(self)
        if attn_size is None:
            attn_size = cell.output_size
        if attn_vec_size is None:
            attn_vec_size = attn_size
        self._state_is_tuple = state_is_tuple
        self._cell = cell
        self._attn_vec_size = attn_vec_size
        self._input_size = input_size
        self._attn_size = attn_size
        self._attn_length = attn_length
        self._linear1: _Linear | None = None
        self._linear2: _Linear | None = None
        self._linear3: _Linear | None = None

    @property
    def state_size(self) -> Any:
        size = (self._cell.state_size, self._attn_size, self._attn_size * self._attn_length)
        return size if self._state_is_tuple else sum(size)

    @property
    def output_size(self) -> int:
        return self._attn_size

    def call(self, inputs: Tensor, state: Any) -> tuple:
        """x' = [x, attention] @ kernel + bias into the cell; attention over the window
        queried by the cell's new state; output = [cell output, new attention] projected."""
        if self._state_is_tuple:
            state, attns, attn_states = state
        else:
            states = state
            cell_size = self._cell.state_size
            state = array_ops.slice(states, [0, 0], [-1, cell_size])
            attns = array_ops.slice(states, [0, cell_size], [-1, self._attn_size])
            attn_states = array_ops.slice(states, [0, cell_size + self._attn_size],
                                          [-1, self._attn_size * self._attn_length])
        attn_states = array_ops.reshape(attn_states, [-1, self._attn_length, self._attn_size])
        input_size = self._input_size
        if input_size is None:
            input_size = inputs.get_shape().as_list()[1]
        if self._linear1 is None:
            self._linear1 = _Linear([inputs, attns], input_size, True)
        inputs = self._linear1([inputs, attns])
        cell_output, new_state = self._cell(inputs, state)
        new_state_cat = (array_ops.concat(nest.flatten(new_state), 1) if self._state_is_tuple
                         else new_state)
        new_attns, new_attn_states = self._attention(new_state_cat, attn_states)
        with vs.variable_scope("attn_output_projection"):
            if self._linear2 is None:
                self._linear2 = _Linear([cell_output, new_attns], self._attn_size, True)
            output = self._linear2([cell_output, new_attns])
        new_attn_states = array_ops.concat(
            [new_attn_states, array_ops.expand_dims(output, 1)], 1)
        new_attn_states = array_ops.reshape(new_attn_states,
                                            [-1, self._attn_length * self._attn_size])
        new_state = (new_state, new_attns, new_attn_states)
        if not self._state_is_tuple:
            new_state = array_ops.concat(list(new_state), 1)
        return output, new_state

    def _attention(self, query: Tensor, attn_states: Tensor) -> tuple:
        """Scores v·tanh(W_h h_t + W_q q) over the window (W_h a 1x1 `attn_w` convolution),
        their softmax-weighted sum, and the window without its oldest entry."""
        with vs.variable_scope("attention"):
            k = vs.get_variable("attn_w", [1, 1, self._attn_size, self._attn_vec_size])
            v = vs.get_variable("attn_v", [self._attn_vec_size])
            hidden = array_ops.reshape(attn_states,
                                       [-1, self._attn_length, 1, self._attn_size])
            hidden_features = conv_ops.conv2d(hidden, k, [1, 1, 1, 1], "SAME")
            if self._linear3 is None:
                self._linear3 = _Linear(query, self._attn_vec_size, True)
            y = array_ops.reshape(self._linear3(query), [-1, 1, 1, self._attn_vec_size])
            s = math_ops.reduce_sum(v * math_ops.tanh(hidden_features + y), [2, 3])
            a = nn_ops.softmax(s)
            d = math_ops.reduce_sum(
                array_ops.reshape(a, [-1, self._attn_length, 1, 1]) * hidden, [1, 2])
            new_attns = array_ops.reshape(d, [-1, self._attn_size])
            new_attn_states = array_ops.slice(attn_states, [0, 1, 0], [-1, -1, -1])
            return new_attns, new_attn_states


class HighwayWrapper(_SizedAsWrappedCell, RNNCell):
    """Mixes each cell input x with the cell's output y (Srivastava et al., 2015):
    x·carry + y·transform, carry = sigmoid(x @ `carry_w` + `carry_b`) and transform =
    1 - carry or, uncoupled, its own sigmoid(x @ `transform_w` + `transform_b`)."""

    def __init__(self, cell: Any, couple_carry_transform_gates: bool = True,
                 carry_bias_init: float = 1.0):
        super().__init__()
        self._cell = cell
        self._couple_carry_transform_gates = couple_carry_transform_gates
        self._carry_bias_init = carry_bias_init

    def _highway(self, inp: Tensor, out: Tensor) -> Tensor:
        input_size = dimension_value(inp.get_shape().with_rank(2)[1])
        carry_weight = vs.get_variable("carry_w", [input_size, input_size])
        carry_bias = vs.get_variable(
            "carry_b", [input_size],
            initializer=init_ops.constant_initializer(self._carry_bias_init))
        carry = math_ops.sigmoid(nn_impl.xw_plus_b(inp, carry_weight, carry_bias))
        if self._couple_carry_transform_gates:
            transform = 1 - carry
        else:
            transform_weight = vs.get_variable("transform_w", [input_size, input_size])
            transform_bias = vs.get_variable(
                "transform_b", [input_size],
                initializer=init_ops.constant_initializer(-self._carry_bias_init))
            transform = math_ops.sigmoid(
                nn_impl.xw_plus_b(inp, transform_weight, transform_bias))
        return inp * carry + out * transform

    def __call__(self, inputs: Any, state: Any, scope: Any = None) -> tuple:
        """The cell's step, then the highway on each (input, output) pair, which must have the
        same structure and compatible shapes."""
        outputs, new_state = self._cell(inputs, state, scope=scope)
        nest.assert_same_structure(inputs, outputs)
        for inp, out in zip(nest.flatten(inputs), nest.flatten(outputs)):
            inp.get_shape().assert_is_compatible_with(out.get_shape())
        return nest.map_structure(self._highway, inputs, outputs), new_state


class CompiledWrapper(_SizedAsWrappedCell, RNNCell):
    """TF runs the wrapped cell's step inside an XLA JIT scope; minitf has no XLA, so the
    step is the cell's own, with the same variables and numbers."""

    def __init__(self, cell: Any, compile_stateful: bool = False):
        super().__init__()
        self._cell = cell
        self._compile_stateful = compile_stateful

    def __call__(self, inputs: Any, state: Any, scope: Any = None) -> tuple:
        return self._cell(inputs, state, scope=scope)
