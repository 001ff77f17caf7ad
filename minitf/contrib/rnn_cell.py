"""The cells only `tf.contrib.rnn` has (mirrors tensorflow/contrib/rnn of TF 1.15):
`LSTMBlockCell` (lstm_ops.py), `GRUBlockCell` / `GRUBlockCellV2` (gru_ops.py),
`LayerNormBasicLSTMCell` and `NASCell` (rnn_cell.py).

TF runs the first two as fused kernels (LSTMBlockCell, GRUBlockCell ops); here they are composed
from public ops with the same equations, variable names, shapes and state structures, so their
numbers and checkpoints agree with TF's while their gradients come from the composite ops.
"""
from __future__ import annotations

from typing import Any, Callable

from ..framework.graph import Tensor, name_scope
from ..framework.tensor_shape import TensorShape, dimension_value
from ..nn.layers import InputSpec
from ..nn.rnn_cell_impl import LayerRNNCell, LSTMStateTuple, RNNCell
from ..ops import array as array_ops
from ..ops import clip as clip_ops
from ..ops import init as init_ops
from ..ops import math as math_ops
from ..ops import nn as nn_ops
from ..ops import nn_impl
from ..ops import variable_scope as vs

__all__ = ["LSTMBlockCell", "GRUBlockCell", "GRUBlockCellV2", "LayerNormBasicLSTMCell"]


class LSTMBlockCell(LayerRNNCell):
    """TF's fused LSTM cell: BasicLSTMCell's kernel layout (gates i, j, f, o) with optional
    peepholes (`w_i_diag`, `w_f_diag`, `w_o_diag`) and an optional clip of the cell state.
    Its default scope is `lstm_cell`, so its `kernel`/`bias` are interchangeable with
    `LSTMCell`'s."""

    def __init__(self, num_units: int, forget_bias: float = 1.0, cell_clip: float | None = None,
                 use_peephole: bool = False, dtype: Any = None, reuse: Any = None,
                 name: str = "lstm_cell"):
        super().__init__(_reuse=reuse, dtype=dtype, name=name)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._use_peephole = use_peephole
        self._cell_clip = cell_clip if cell_clip is not None else -1
        self.input_spec = InputSpec(ndim=2)

    @property
    def state_size(self) -> LSTMStateTuple:
        return LSTMStateTuple(self._num_units, self._num_units)

    @property
    def output_size(self) -> int:
        return self._num_units

    def build(self, inputs_shape: Any) -> None:
        inputs_shape = TensorShape(inputs_shape)
        if not dimension_value(inputs_shape[1]):
            raise ValueError(f"Expecting inputs_shape[1] to be set: {inputs_shape}")
        _add_lstm_block_weights(self, dimension_value(inputs_shape[1]))

    def call(self, inputs: Tensor, state: Any) -> tuple[Tensor, LSTMStateTuple]:
        """i, f, o see the previous cell state through the peepholes (the output gate sees
        the new, clipped one); cs = sigmoid(i)·tanh(j) + sigmoid(f + forget_bias)·cs_prev."""
        if len(state) != 2:
            raise ValueError("Expecting state to be a tuple with length 2.")
        cs, h = _lstm_block_step(self, inputs, *state)
        return h, LSTMStateTuple(cs, h)


def _add_lstm_block_weights(cell: Any, input_size: Any) -> None:
    """`kernel` `[in + n, 4n]`, `bias` `[4n]` (zeros) and, with peepholes, `w_i_diag`,
    `w_f_diag`, `w_o_diag` `[n]`: the weights of TF's LSTM block kernels."""
    units = cell._num_units
    cell._kernel = cell.add_weight("kernel", [input_size + units, 4 * units])
    cell._bias = cell.add_weight("bias", [4 * units],
                                 initializer=init_ops.constant_initializer(0.0))
    if cell._use_peephole:
        cell._w_i_diag = cell.add_weight("w_i_diag", [units])
        cell._w_f_diag = cell.add_weight("w_f_diag", [units])
        cell._w_o_diag = cell.add_weight("w_o_diag", [units])
    cell.built = True


def _lstm_block_step(cell: Any, x: Tensor, cs_prev: Tensor, h_prev: Tensor) -> tuple:
    """One step of TF's LSTMBlockCell/BlockLSTM kernels with `cell`'s weights and options
    (`_kernel`, `_bias`, `_w_*_diag`, `_forget_bias`, `_cell_clip`, `_use_peephole`):
    returns (cs, h)."""
    gates = nn_ops.bias_add(
        math_ops.matmul(array_ops.concat([x, h_prev], 1), cell._kernel), cell._bias)
    i, j, f, o = array_ops.split(gates, num_or_size_splits=4, axis=1)
    f = f + cell._forget_bias
    if cell._use_peephole:
        i = i + cs_prev * cell._w_i_diag
        f = f + cs_prev * cell._w_f_diag
    cs = math_ops.sigmoid(i) * math_ops.tanh(j) + math_ops.sigmoid(f) * cs_prev
    if cell._cell_clip > 0:
        cs = clip_ops.clip_by_value(cs, -cell._cell_clip, cell._cell_clip)
    if cell._use_peephole:
        o = o + cs * cell._w_o_diag
    return cs, math_ops.tanh(cs) * math_ops.sigmoid(o)


class GRUBlockCell(LayerRNNCell):
    """TF's fused GRU cell (deprecated in 1.15 for GRUBlockCellV2), made with `add_variable`
    in the cell's scope: gate kernel `w_ru` `[in+H, 2H]` with bias `b_ru` (ones), candidate
    kernel `w_c` `[in+H, H]` with bias `b_c` (zeros). The state is `h`."""

    def __init__(self, num_units: int | None = None, cell_size: int | None = None,
                 reuse: Any = None, name: str = "gru_cell"):
        super().__init__(_reuse=reuse, name=name)
        if (cell_size is None) == (num_units is None):
            raise ValueError("Exactly one of num_units or cell_size must be provided.")
        self._cell_size = num_units if num_units is not None else cell_size
        self.input_spec = InputSpec(ndim=2)

    @property
    def state_size(self) -> int:
        return self._cell_size

    @property
    def output_size(self) -> int:
        return self._cell_size

    def _input_size(self, input_shape: Any) -> int:
        input_size = dimension_value(TensorShape(input_shape)[1])
        if input_size is None:
            raise ValueError("Expecting input_size to be set.")
        return input_size

    def build(self, input_shape: Any) -> None:
        self._build_weights(input_shape, "w_ru", "b_ru", "w_c", "b_c")

    def _build_weights(self, input_shape: Any, gate_kernel: str, gate_bias: str,
                       candidate_kernel: str, candidate_bias: str) -> None:
        rows = self._input_size(input_shape) + self._cell_size
        self._gate_kernel = self.add_variable(gate_kernel, [rows, 2 * self._cell_size])
        self._gate_bias = self.add_variable(gate_bias, [2 * self._cell_size],
                                            initializer=init_ops.constant_initializer(1.0))
        self._candidate_kernel = self.add_variable(candidate_kernel, [rows, self._cell_size])
        self._candidate_bias = self.add_variable(
            candidate_bias, [self._cell_size], initializer=init_ops.constant_initializer(0.0))
        self.built = True

    def call(self, inputs: Tensor, h_prev: Tensor) -> tuple[Tensor, Tensor]:
        """r, u = sigmoid([x, h]·W_ru + b_ru); c = tanh([x, r·h]·W_c + b_c);
        h' = (1 - u)·c + u·h."""
        cell_size = h_prev.get_shape().with_rank(2)[1]
        if dimension_value(cell_size) is not None and dimension_value(cell_size) != \
                self._cell_size:
            raise ValueError(f"Shape of h_prev[1] incorrect: cell_size {self._cell_size} vs "
                             f"{cell_size}")
        gates = nn_ops.bias_add(math_ops.matmul(array_ops.concat([inputs, h_prev], 1),
                                                self._gate_kernel), self._gate_bias)
        r, u = array_ops.split(math_ops.sigmoid(gates), num_or_size_splits=2, axis=1)
        c = math_ops.tanh(nn_ops.bias_add(
            math_ops.matmul(array_ops.concat([inputs, r * h_prev], 1), self._candidate_kernel),
            self._candidate_bias))
        new_h = (1 - u) * c + u * h_prev
        return new_h, new_h


class GRUBlockCellV2(GRUBlockCell):
    """GRUBlockCell with GRUCell's variable names: `gates/kernel`, `gates/bias`,
    `candidate/kernel`, `candidate/bias`."""

    def build(self, input_shape: Any) -> None:
        self._build_weights(input_shape, "gates/kernel", "gates/bias", "candidate/kernel",
                            "candidate/bias")


class LayerNormBasicLSTMCell(RNNCell):
    """A basic LSTM whose four gate pre-activations and new cell state are each layer-
    normalised (per-gate `gamma`/`beta` in scopes `input`, `transform`, `forget`, `output`,
    `state`; no `bias` then), with recurrent dropout on the candidate (Semeniuta et al.)."""

    def __init__(self, num_units: int, forget_bias: float = 1.0, input_size: Any = None,
                 activation: Callable = math_ops.tanh, layer_norm: bool = True,
                 norm_gain: float = 1.0, norm_shift: float = 0.0,
                 dropout_keep_prob: Any = 1.0, dropout_prob_seed: int | None = None,
                 reuse: Any = None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._activation = activation
        self._forget_bias = forget_bias
        self._keep_prob = dropout_keep_prob
        self._seed = dropout_prob_seed
        self._layer_norm = layer_norm
        self._norm_gain = norm_gain
        self._norm_shift = norm_shift
        self._reuse = reuse

    @property
    def state_size(self) -> LSTMStateTuple:
        return LSTMStateTuple(self._num_units, self._num_units)

    @property
    def output_size(self) -> int:
        return self._num_units

    def _norm(self, inp: Tensor, scope: str) -> Tensor:
        """contrib's layer_norm over the last axis (epsilon 1e-12), its gamma/beta created
        first with the cell's initial gain/shift, then reused as layer_norm does."""
        shape = inp.get_shape()[-1:]
        dtype = inp.dtype.base_dtype
        with vs.variable_scope(scope):
            vs.get_variable("gamma", shape=shape, dtype=dtype,
                            initializer=init_ops.constant_initializer(self._norm_gain))
            vs.get_variable("beta", shape=shape, dtype=dtype,
                            initializer=init_ops.constant_initializer(self._norm_shift))
        with vs.variable_scope(scope, reuse=True):
            beta = vs.get_variable("beta", shape=shape, dtype=dtype)
            gamma = vs.get_variable("gamma", shape=shape, dtype=dtype)
            mean, variance = nn_impl.moments(inp, [1], keep_dims=True)
            with name_scope("batchnorm"):
                inv = math_ops.rsqrt(variance + 1e-12) * gamma
                outputs = inp * inv + (beta - mean * inv)
        outputs.set_shape(inp.get_shape())
        return outputs

    def _linear(self, args: Tensor) -> Tensor:
        out_size = 4 * self._num_units
        weights = vs.get_variable("kernel", [args.get_shape()[-1], out_size], dtype=args.dtype)
        out = math_ops.matmul(args, weights)
        if not self._layer_norm:
            bias = vs.get_variable("bias", [out_size], dtype=args.dtype)
            out = nn_ops.bias_add(out, bias)
        return out

    def call(self, inputs: Tensor, state: Any) -> tuple[Tensor, LSTMStateTuple]:
        """c' = c·sigmoid(LN(f) + forget_bias) + sigmoid(LN(i))·drop(act(LN(j)));
        h' = act(LN(c'))·sigmoid(LN(o)) (LN the identity without layer_norm)."""
        c, h = state
        concat = self._linear(array_ops.concat([inputs, h], 1))
        i, j, f, o = array_ops.split(value=concat, num_or_size_splits=4, axis=1)
        if self._layer_norm:
            i = self._norm(i, "input")
            j = self._norm(j, "transform")
            f = self._norm(f, "forget")
            o = self._norm(o, "output")
        g = self._activation(j)
        if not isinstance(self._keep_prob, float) or self._keep_prob < 1:
            g = nn_impl.dropout(g, self._keep_prob, seed=self._seed)
        new_c = c * math_ops.sigmoid(f + self._forget_bias) + math_ops.sigmoid(i) * g
        if self._layer_norm:
            new_c = self._norm(new_c, "state")
        new_h = self._activation(new_c) * math_ops.sigmoid(o)
        return new_h, LSTMStateTuple(new_c, new_h)


class NASCell(LayerRNNCell):
    """The recurrent cell found by Neural Architecture Search (Zoph & Le, ICLR 2017): eight
    input and eight recurrent projections (`kernel` `[in, 8n]`, `recurrent_kernel`
    `[p, 8n]`, optional `bias` on the recurrent side) combined in a fixed three-layer tree of
    sigmoid/relu/tanh, with an optional output projection (`projection_weights` `[n, p]`).
    State is an LSTMStateTuple (c of n units, h of p)."""

    _NAS_BASE = 8

    def __init__(self, num_units: int, num_proj: int | None = None, use_bias: bool = False,
                 reuse: Any = None, **kwargs: Any):
        super().__init__(_reuse=reuse, **kwargs)
        self._num_units = num_units
        self._num_proj = num_proj
        self._use_bias = use_bias
        self._output_size = num_units if num_proj is None else num_proj
        self._state_size = LSTMStateTuple(num_units, self._output_size)

    @property
    def state_size(self) -> LSTMStateTuple:
        return self._state_size

    @property
    def output_size(self) -> int:
        return self._output_size

    def build(self, inputs_shape: Any) -> None:
        input_size = dimension_value(TensorShape(inputs_shape).with_rank(2)[1])
        if input_size is None:
            raise ValueError("Could not infer input size from inputs.get_shape()[-1]")
        width = self._NAS_BASE * self._num_units
        self.recurrent_kernel = self.add_weight("recurrent_kernel", [self._output_size, width])
        self.kernel = self.add_weight("kernel", [input_size, width])
        if self._use_bias:
            self.bias = self.add_weight("bias", shape=[width],
                                        initializer=init_ops.zeros_initializer)
        if self._num_proj is not None:
            self.projection_weights = self.add_weight("projection_weights",
                                                      [self._num_units, self._num_proj])
        self.built = True

    def call(self, inputs: Tensor, state: Any) -> tuple[Tensor, LSTMStateTuple]:
        sigmoid, tanh, relu = math_ops.sigmoid, math_ops.tanh, nn_ops.relu
        c_prev, m_prev = state
        m_matrix = math_ops.matmul(m_prev, self.recurrent_kernel)
        inputs_matrix = math_ops.matmul(inputs, self.kernel)
        if self._use_bias:
            m_matrix = nn_ops.bias_add(m_matrix, self.bias)
        m = array_ops.split(m_matrix, num_or_size_splits=self._NAS_BASE, axis=1)
        x = array_ops.split(inputs_matrix, num_or_size_splits=self._NAS_BASE, axis=1)
        layer1 = [sigmoid(x[0] + m[0]), relu(x[1] + m[1]), sigmoid(x[2] + m[2]),
                  relu(x[3] * m[3]), tanh(x[4] + m[4]), sigmoid(x[5] + m[5]),
                  tanh(x[6] + m[6]), sigmoid(x[7] + m[7])]
        l2_0 = tanh(layer1[0] * layer1[1])
        l2_1 = tanh(layer1[2] + layer1[3])
        l2_2 = tanh(layer1[4] * layer1[5])
        l2_3 = sigmoid(layer1[6] + layer1[7])
        l2_0 = tanh(l2_0 + c_prev)  # the cell state enters here
        new_c = l2_0 * l2_1
        new_m = tanh(new_c * tanh(l2_2 + l2_3))
        if self._num_proj is not None:
            new_m = math_ops.matmul(new_m, self.projection_weights)
        return new_m, LSTMStateTuple(new_c, new_m)


__all__ += ["NASCell"]
