"""More of `tf.contrib.rnn`'s cells (mirrors contrib/rnn/python/ops/rnn_cell.py of TF 1.15):
`CoupledInputForgetGateLSTMCell`, `UGRNNCell`, `IntersectionRNNCell`, `PhasedLSTMCell`,
`GLSTMCell`, `SRUCell`, `IndRNNCell`, `IndyGRUCell`, `IndyLSTMCell`.

The first five are plain `RNNCell`s that make their weights with `tf.get_variable` in `call`,
under the scope the cell opens from its class name (`ugrnn_cell/kernel`,
`glstm_cell/group0/kernel`, `phased_lstm_cell/mask_gates/bias`); the last four are
`LayerRNNCell`s that make them in `build`. Names, shapes, initial values, state structures and
error messages are TF 1.15's, including its quirks (a sharded `W` is named `W_0` even unsharded,
PhasedLSTMCell's gates are float32 whatever the inputs).
"""
from __future__ import annotations

from typing import Any, Callable

from ..framework import dtypes as _dtypes
from ..framework.convert import constant
from ..framework.graph import GraphKeys, Tensor, add_to_collection, get_collection
from ..framework.tensor_shape import TensorShape, dimension_value
from ..logging import warning
from ..nn.layers import InputSpec
from ..nn.rnn_cell_impl import LayerRNNCell, LSTMStateTuple, RNNCell
from ..ops import array as array_ops
from ..ops import clip as clip_ops
from ..ops import init as init_ops
from ..ops import math as math_ops
from ..ops import nn as nn_ops
from ..ops import random as random_ops
from ..ops import variable_scope as vs
from .core_rnn_cell import _Linear

__all__ = ["CoupledInputForgetGateLSTMCell", "UGRNNCell", "IntersectionRNNCell",
           "PhasedLSTMCell", "GLSTMCell", "SRUCell", "IndRNNCell", "IndyGRUCell",
           "IndyLSTMCell"]


def _get_sharded_variable(name: str, shape: list, dtype: Any, num_shards: int) -> list:
    """`name_0`, `name_1`, ...: the rows of `shape` split as evenly as possible, the first
    shards one row larger."""
    if num_shards > shape[0]:
        raise ValueError(f"Too many shards: shape={shape}, num_shards={num_shards}")
    unit_shard_size = shape[0] // num_shards
    remaining_rows = shape[0] - unit_shard_size * num_shards
    return [vs.get_variable(f"{name}_{i}", [unit_shard_size + (i < remaining_rows)] + shape[1:],
                            dtype=dtype)
            for i in range(num_shards)]


def _get_concat_variable(name: str, shape: list, dtype: Any, num_shards: int) -> Any:
    """The shards of a variable joined on axis 0 (`name/concat`), the join made once per scope
    and found again through the `concatenated_variables` collection; one shard is itself."""
    sharded = _get_sharded_variable(name, shape, dtype, num_shards)
    if len(sharded) == 1:
        return sharded[0]
    concat_name = name + "/concat"
    concat_full_name = vs.get_variable_scope().name + "/" + concat_name + ":0"
    for value in get_collection(GraphKeys.CONCATENATED_VARIABLES):
        if value.name == concat_full_name:
            return value
    concat_variable = array_ops.concat(sharded, 0, name=concat_name)
    add_to_collection(GraphKeys.CONCATENATED_VARIABLES, concat_variable)
    return concat_variable


def _norm(gain: float, shift: float, inp: Tensor, scope: str) -> Tensor:
    """contrib's `layer_norm` under `scope`, its `gamma`/`beta` first made with the cell's
    initial gain and shift (in the scope's dtype, as TF's `get_variable` without one)."""
    from .layers import layer_norm  # noqa: PLC0415 - contrib.layers loads only when needed
    shape = inp.get_shape()[-1:]
    with vs.variable_scope(scope):
        vs.get_variable("gamma", shape=shape, initializer=init_ops.constant_initializer(gain))
        vs.get_variable("beta", shape=shape, initializer=init_ops.constant_initializer(shift))
    return layer_norm(inp, reuse=True, scope=scope)


def _known_input_size(inputs: Tensor) -> int:
    input_size = dimension_value(inputs.get_shape().with_rank(2)[1])
    if input_size is None:
        raise ValueError("Could not infer input size from inputs.get_shape()[-1]")
    return input_size


def _warn_concatenated_state(cell: Any) -> None:
    warning("%s: Using a concatenated state is slower and will soon be deprecated.  Use "
            "state_is_tuple=True.", cell)


class _StoredSizes:
    """Sizes the constructor worked out (`_state_size`, `_output_size`)."""

    @property
    def state_size(self) -> Any:
        return self._state_size

    @property
    def output_size(self) -> Any:
        return self._output_size


class _UnitSizes:
    """An output, and a state, of `num_units`."""

    @property
    def state_size(self) -> Any:
        return self._num_units

    @property
    def output_size(self) -> int:
        return self._num_units


class CoupledInputForgetGateLSTMCell(_StoredSizes, RNNCell):
    """An LSTM whose input gate is one minus its forget gate (Greff et al.): three gate
    blocks j, f, o in `W_0..` `[in + p, 3n]` (sharded by `num_unit_shards`) and `B` `[3n]`,
    optional peepholes (`W_F_diag`, `W_O_diag`), layer normalisation (no bias then) and a
    projection `W_P_0..` `[n, p]`."""

    def __init__(self, num_units: int, use_peepholes: bool = False, initializer: Any = None,
                 num_proj: int | None = None, proj_clip: float | None = None,
                 num_unit_shards: int = 1, num_proj_shards: int = 1, forget_bias: float = 1.0,
                 state_is_tuple: bool = True, activation: Callable = math_ops.tanh,
                 reuse: Any = None, layer_norm: bool = False, norm_gain: float = 1.0,
                 norm_shift: float = 0.0):
        super().__init__(_reuse=reuse)
        if not state_is_tuple:
            _warn_concatenated_state(self)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._initializer = initializer  # accepted and unused, as in TF
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._num_unit_shards = num_unit_shards
        self._num_proj_shards = num_proj_shards
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = activation
        self._layer_norm = layer_norm
        self._norm_gain = norm_gain
        self._norm_shift = norm_shift
        out = num_proj or num_units
        self._state_size = (LSTMStateTuple(num_units, out) if state_is_tuple
                            else num_units + out)
        self._output_size = out

    def call(self, inputs: Tensor, state: Any) -> tuple:
        """c = f·c_prev + (1 - f)·act(j) with f = sigmoid(f + forget_bias [+ w_f·c_prev]);
        m = sigmoid(o [+ w_o·c])·act(c), then projected and clipped."""
        sigmoid = math_ops.sigmoid
        units = self._num_units
        num_proj = units if self._num_proj is None else self._num_proj
        if self._state_is_tuple:
            c_prev, m_prev = state
        else:
            c_prev = array_ops.slice(state, [0, 0], [-1, units])
            m_prev = array_ops.slice(state, [0, units], [-1, num_proj])
        dtype = inputs.dtype
        input_size = _known_input_size(inputs)
        concat_w = _get_concat_variable("W", [input_size + num_proj, 3 * units], dtype,
                                        self._num_unit_shards)
        b = vs.get_variable("B", shape=[3 * units], initializer=init_ops.zeros_initializer(),
                            dtype=dtype)
        lstm_matrix = math_ops.matmul(array_ops.concat([inputs, m_prev], 1), concat_w)
        if not self._layer_norm:
            lstm_matrix = nn_ops.bias_add(lstm_matrix, b)
        j, f, o = array_ops.split(value=lstm_matrix, num_or_size_splits=3, axis=1)
        if self._layer_norm:
            j = _norm(self._norm_gain, self._norm_shift, j, "transform")
            f = _norm(self._norm_gain, self._norm_shift, f, "forget")
            o = _norm(self._norm_gain, self._norm_shift, o, "output")
        if self._use_peepholes:
            w_f_diag = vs.get_variable("W_F_diag", shape=[units], dtype=dtype)
            w_o_diag = vs.get_variable("W_O_diag", shape=[units], dtype=dtype)
            f_act = sigmoid(f + self._forget_bias + w_f_diag * c_prev)
        else:
            f_act = sigmoid(f + self._forget_bias)
        c = f_act * c_prev + (1 - f_act) * self._activation(j)
        if self._layer_norm:
            c = _norm(self._norm_gain, self._norm_shift, c, "state")
        if self._use_peepholes:
            m = sigmoid(o + w_o_diag * c) * self._activation(c)
        else:
            m = sigmoid(o) * self._activation(c)
        if self._num_proj is not None:
            concat_w_proj = _get_concat_variable("W_P", [units, self._num_proj], dtype,
                                                 self._num_proj_shards)
            m = math_ops.matmul(m, concat_w_proj)
            if self._proj_clip is not None:
                m = clip_ops.clip_by_value(m, -self._proj_clip, self._proj_clip)
        new_state = (LSTMStateTuple(c, m) if self._state_is_tuple
                     else array_ops.concat([c, m], 1))
        return m, new_state


class _LinearCell(RNNCell):
    """A cell whose `_Linear` maps are made at its first step, in the scope current then."""

    def _linear_of(self, slot: str, args: Any, output_size: int, bias: bool) -> Any:
        linear = getattr(self, slot)
        if linear is None:
            linear = _Linear(args, output_size, bias)
            setattr(self, slot, linear)
        return linear(args)


class UGRNNCell(_UnitSizes, _LinearCell):
    """The update-gate RNN (Collins et al., ICLR 2017): one gate g decides between keeping
    the state and a new candidate; `kernel` `[in + n, 2n]`, `bias` `[2n]` (gate, candidate)."""

    def __init__(self, num_units: int, initializer: Any = None, forget_bias: float = 1.0,
                 activation: Callable = math_ops.tanh, reuse: Any = None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._initializer = initializer
        self._forget_bias = forget_bias
        self._activation = activation
        self._linear = None

    def call(self, inputs: Tensor, state: Tensor) -> tuple:
        """h' = g·h + (1 - g)·act(c), g = sigmoid(g_act + forget_bias); output = h'."""
        _known_input_size(inputs)
        with vs.variable_scope(vs.get_variable_scope(), initializer=self._initializer):
            cell_inputs = array_ops.concat([inputs, state], 1)
            rnn_matrix = self._linear_of("_linear", cell_inputs, 2 * self._num_units, True)
            g_act, c_act = array_ops.split(axis=1, num_or_size_splits=2, value=rnn_matrix)
            c = self._activation(c_act)
            g = math_ops.sigmoid(g_act + self._forget_bias)
            new_state = g * state + (1.0 - g) * c
        return new_state, new_state


class IntersectionRNNCell(_UnitSizes, _LinearCell):
    """The +RNN (Collins et al., ICLR 2017): gated paths through time (the state) and through
    depth (the output, which needs input size = `num_units`; `num_in_proj` adds an input
    projection `in_projection/kernel`, `bias` for the first layer). `kernel` `[2n, 4n]`
    holds the blocks gh, h, gy, y."""

    def __init__(self, num_units: int, num_in_proj: int | None = None, initializer: Any = None,
                 forget_bias: float = 1.0, y_activation: Callable = nn_ops.relu,
                 reuse: Any = None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._initializer = initializer
        self._forget_bias = forget_bias
        self._num_input_proj = num_in_proj
        self._y_activation = y_activation
        self._linear1 = None
        self._linear2 = None

    def call(self, inputs: Tensor, state: Tensor) -> tuple:
        """new_state = gh·h + (1 - gh)·tanh(h_act); new_y = gy·x + (1 - gy)·y_act(y)."""
        sigmoid = math_ops.sigmoid
        input_size = _known_input_size(inputs)
        n = self._num_units
        with vs.variable_scope(vs.get_variable_scope(), initializer=self._initializer):
            if input_size != n:
                if not self._num_input_proj:
                    raise ValueError("Must have input size == output size for Intersection "
                                     "RNN. To fix, num_in_proj should be set to num_units at "
                                     "cell init.")
                with vs.variable_scope("in_projection"):
                    inputs = self._linear_of("_linear1", inputs, n, True)
            cell_inputs = array_ops.concat([inputs, state], 1)
            rnn_matrix = self._linear_of("_linear2", cell_inputs, 4 * n, True)
            gh_act = rnn_matrix[:, :n]
            h_act = rnn_matrix[:, n:2 * n]
            gy_act = rnn_matrix[:, 2 * n:3 * n]
            y_act = rnn_matrix[:, 3 * n:4 * n]
            h = math_ops.tanh(h_act)
            y = self._y_activation(y_act)
            gh = sigmoid(gh_act + self._forget_bias)
            gy = sigmoid(gy_act + self._forget_bias)
            new_state = gh * state + (1.0 - gh) * h
            new_y = gy * inputs + (1.0 - gy) * y
        return new_y, new_state


def _random_exp_initializer(minval: float, maxval: float, seed: int | None = None,
                            dtype: Any = _dtypes.float32) -> Callable:
    """exp(U(log minval, log maxval)): periods spread evenly over orders of magnitude."""
    def initializer(shape: Any, dtype: Any = dtype, partition_info: Any = None) -> Tensor:
        return math_ops.exp(random_ops.random_uniform(
            shape, math_ops.log(minval), math_ops.log(maxval), dtype, seed=seed))
    return initializer


class PhasedLSTMCell(_UnitSizes, _LinearCell):
    """The Phased LSTM (Neil et al., 2016): an LSTM whose updates pass only while a per-unit
    time gate is open. Inputs are `(time [batch, 1], features)`; variables
    `mask_gates/{kernel,bias}`, `new_input/...`, `output_gate/...`, then `period` (exp-uniform in
    [period_init_min, period_init_max]), `phase` (uniform in [0, period]) and `ratio_on`."""

    def __init__(self, num_units: int, use_peepholes: bool = False, leak: float = 0.001,
                 ratio_on: float = 0.1, trainable_ratio_on: bool = True,
                 period_init_min: float = 1.0, period_init_max: float = 1000.0,
                 reuse: Any = None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._leak = leak
        self._ratio_on = ratio_on
        self._trainable_ratio_on = trainable_ratio_on
        self._period_init_min = period_init_min
        self._period_init_max = period_init_max
        self._linear1 = None
        self._linear2 = None
        self._linear3 = None

    @property
    def state_size(self) -> LSTMStateTuple:
        return LSTMStateTuple(self._num_units, self._num_units)

    @staticmethod
    def _mod(x: Tensor, y: Tensor) -> Tensor:
        """mod(x, y) whose gradient with respect to x is that of x."""
        return array_ops.stop_gradient(math_ops.mod(x, y) - x) + x

    def _get_cycle_ratio(self, time: Tensor, phase: Any, period: Any) -> Tensor:
        """((time - phase) mod period) / period in time's dtype, then cast to float32."""
        phase_casted = array_ops.cast(phase, dtype=time.dtype)
        period_casted = array_ops.cast(period, dtype=time.dtype)
        cycle_ratio = self._mod(time - phase_casted, period_casted) / period_casted
        return array_ops.cast(cycle_ratio, dtype=_dtypes.float32)

    def call(self, inputs: tuple, state: Any) -> tuple:
        """An LSTM step, then k·new + (1 - k)·old for c and h, k the openness of the time gate:
        rising to 1 over the first half of `ratio_on`, falling back over the second, `leak`
        times the cycle ratio while closed."""
        c_prev, h_prev = state
        time, x = inputs
        in_mask_gates = [x, h_prev] + ([c_prev] if self._use_peepholes else [])
        with vs.variable_scope("mask_gates"):
            mask_gates = math_ops.sigmoid(
                self._linear_of("_linear1", in_mask_gates, 2 * self._num_units, True))
            input_gate, forget_gate = array_ops.split(axis=1, num_or_size_splits=2,
                                                      value=mask_gates)
        with vs.variable_scope("new_input"):
            new_input = math_ops.tanh(
                self._linear_of("_linear2", [x, h_prev], self._num_units, True))
        new_c = c_prev * forget_gate + input_gate * new_input
        in_out_gate = [x, h_prev] + ([new_c] if self._use_peepholes else [])
        with vs.variable_scope("output_gate"):
            output_gate = math_ops.sigmoid(
                self._linear_of("_linear3", in_out_gate, self._num_units, True))
        new_h = math_ops.tanh(new_c) * output_gate
        period = vs.get_variable(
            "period", [self._num_units],
            initializer=_random_exp_initializer(self._period_init_min, self._period_init_max))
        phase = vs.get_variable(
            "phase", [self._num_units],
            initializer=init_ops.random_uniform_initializer(0., period.initial_value))
        ratio_on = vs.get_variable(
            "ratio_on", [self._num_units],
            initializer=init_ops.constant_initializer(self._ratio_on),
            trainable=self._trainable_ratio_on)
        cycle_ratio = self._get_cycle_ratio(time, phase, period)
        k_up = 2 * cycle_ratio / ratio_on
        k_down = 2 - k_up
        k_closed = self._leak * cycle_ratio
        k = array_ops.where(cycle_ratio < ratio_on, k_down, k_closed)
        k = array_ops.where(cycle_ratio < 0.5 * ratio_on, k_up, k)
        new_c = k * new_c + (1 - k) * c_prev
        new_h = k * new_h + (1 - k) * h_prev
        return new_h, LSTMStateTuple(new_c, new_h)


class GLSTMCell(_StoredSizes, _LinearCell):
    """The group LSTM (Kuchaiev & Ginsburg, 2017): `number_of_groups` LSTM sub-cells, each on
    its slice of the inputs and of the previous output (`group<k>/kernel`, no bias), then one
    bias per gate (`bias_i`, `bias_j`, `bias_f`, `bias_o` `[n]`) and an optional
    `projection/kernel` `[n, num_proj]`."""

    def __init__(self, num_units: int, initializer: Any = None, num_proj: int | None = None,
                 number_of_groups: int = 1, forget_bias: float = 1.0,
                 activation: Callable = math_ops.tanh, reuse: Any = None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._initializer = initializer
        self._num_proj = num_proj
        self._forget_bias = forget_bias
        self._activation = activation
        self._number_of_groups = number_of_groups
        if num_units % number_of_groups != 0:
            raise ValueError("num_units must be divisible by number_of_groups")
        if num_proj:
            if num_proj % number_of_groups != 0:
                raise ValueError("num_proj must be divisible by number_of_groups")
            self._group_shape = [num_proj // number_of_groups, num_units // number_of_groups]
        else:
            self._group_shape = [num_units // number_of_groups] * 2
        out = num_proj or num_units
        self._state_size = LSTMStateTuple(num_units, out)
        self._output_size = out
        self._linear1: list = [None] * number_of_groups
        self._linear2 = None

    def _get_input_for_group(self, inputs: Tensor, group_id: int, group_size: int) -> Tensor:
        return array_ops.slice(inputs, [0, group_id * group_size],
                               [self._batch_size, group_size],
                               name=f"GLSTM_group{group_id}_input_generation")

    def call(self, inputs: Tensor, state: Any) -> tuple:
        """Per group k: [i_k, j_k, f_k, o_k] = [x_k, m_k] @ W_k; the gates joined across
        groups, biased, then c = sigmoid(f + forget_bias)·c + sigmoid(i)·tanh(j),
        m = sigmoid(o)·act(c)."""
        c_prev, m_prev = state
        self._batch_size = (dimension_value(inputs.shape[0])
                            or array_ops.shape(inputs)[0])
        input_size = dimension_value(inputs.shape[1])
        if input_size is None:
            raise ValueError("input size must be statically known")
        if input_size % self._number_of_groups != 0:
            raise ValueError(f"input size ({input_size}) must be divisible by "
                             f"number_of_groups ({self._number_of_groups})")
        input_group_size = input_size // self._number_of_groups
        dtype = inputs.dtype
        gates: list = [[], [], [], []]
        with vs.variable_scope(vs.get_variable_scope(), initializer=self._initializer):
            for group_id in range(self._number_of_groups):
                with vs.variable_scope(f"group{group_id}"):
                    x_g_id = array_ops.concat(
                        [self._get_input_for_group(inputs, group_id, input_group_size),
                         self._get_input_for_group(m_prev, group_id, self._group_shape[0])],
                        axis=1)
                    linear = self._linear1[group_id]
                    if linear is None:
                        linear = _Linear(x_g_id, 4 * self._group_shape[1], False)
                        self._linear1[group_id] = linear
                    for parts, gate in zip(gates, array_ops.split(linear(x_g_id), 4, 1)):
                        parts.append(gate)
            i, j, f, o = (
                nn_ops.bias_add(array_ops.concat(parts, axis=1), vs.get_variable(
                    name=f"bias_{gate}", shape=[self._num_units], dtype=dtype,
                    initializer=init_ops.constant_initializer(0.0, dtype=dtype)))
                for parts, gate in zip(gates, "ijfo"))
        c = (math_ops.sigmoid(f + self._forget_bias) * c_prev
             + math_ops.sigmoid(i) * math_ops.tanh(j))
        m = math_ops.sigmoid(o) * self._activation(c)
        if self._num_proj is not None:
            with vs.variable_scope("projection"):
                m = self._linear_of("_linear2", m, self._num_proj, False)
        return m, LSTMStateTuple(c, m)


class _IndependentCell(_UnitSizes, LayerRNNCell):
    """A LayerRNNCell of `num_units` on 2-D inputs whose input depth must be known."""

    def __init__(self, num_units: int, activation: Callable | None, reuse: Any, name: Any,
                 dtype: Any, **kwargs: Any):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self.input_spec = InputSpec(ndim=2)
        self._num_units = num_units
        self._activation = activation or math_ops.tanh

    def _input_depth(self, inputs_shape: Any) -> int:
        depth = dimension_value(TensorShape(inputs_shape)[1])
        if depth is None:
            raise ValueError(f"Expected inputs.shape[-1] to be known, saw shape: "
                             f"{TensorShape(inputs_shape)}")
        return depth

    def _recurrent_weight(self, name: str, width: int) -> Any:
        """A `[1, width]` row multiplying the state elementwise, U(-1, 1) at first."""
        return self.add_variable(name, shape=[1, width],
                                 initializer=init_ops.random_uniform_initializer(
                                     minval=-1, maxval=1, dtype=self.dtype))


class SRUCell(_IndependentCell):
    """The simple recurrent unit (Lei et al., 2017): the state enters only elementwise;
    `kernel` `[in, 4n]` (x̃, f, r, x-skip blocks), `bias` `[2n]` (f, r; zeros). The input
    size must equal `num_units` for the skip connection."""

    def __init__(self, num_units: int, activation: Callable | None = None, reuse: Any = None,
                 name: str | None = None, **kwargs: Any):
        super().__init__(num_units, activation, reuse, name, kwargs.pop("dtype", None),
                         **kwargs)

    def build(self, inputs_shape: Any) -> None:
        depth = self._input_depth(inputs_shape)
        self._kernel = self.add_variable("kernel", shape=[depth, 4 * self._num_units])
        self._bias = self.add_variable("bias", shape=[2 * self._num_units],
                                       initializer=init_ops.zeros_initializer)
        self.built = True

    def call(self, inputs: Tensor, state: Tensor) -> tuple:
        """c = f·c_prev + (1 - f)·x̃; h = r·act(c) + (1 - r)·x; returns (h, c)."""
        u = math_ops.matmul(inputs, self._kernel)
        x_bar, f_intermediate, r_intermediate, x_tx = array_ops.split(
            value=u, num_or_size_splits=4, axis=1)
        f_r = math_ops.sigmoid(nn_ops.bias_add(
            array_ops.concat([f_intermediate, r_intermediate], 1), self._bias))
        f, r = array_ops.split(value=f_r, num_or_size_splits=2, axis=1)
        c = f * state + (1.0 - f) * x_bar
        h = r * self._activation(c) + (1.0 - r) * x_tx
        return h, c


class IndRNNCell(_IndependentCell):
    """The independently recurrent network (Li et al., 2018): h' = act(x @ `kernel_w` +
    h·`kernel_u` + `bias`), `kernel_u` a `[1, n]` row (U(-1, 1)), `bias` zeros."""

    def __init__(self, num_units: int, activation: Callable | None = None, reuse: Any = None,
                 name: str | None = None, dtype: Any = None):
        super().__init__(num_units, activation, reuse, name, dtype)

    def build(self, inputs_shape: Any) -> None:
        depth = self._input_depth(inputs_shape)
        self._kernel_w = self.add_variable("kernel_w", shape=[depth, self._num_units])
        self._kernel_u = self._recurrent_weight("kernel_u", self._num_units)
        self._bias = self.add_variable("bias", shape=[self._num_units],
                                       initializer=init_ops.zeros_initializer(dtype=self.dtype))
        self.built = True

    def call(self, inputs: Tensor, state: Tensor) -> tuple:
        gate_inputs = math_ops.matmul(inputs, self._kernel_w) + state * self._kernel_u
        output = self._activation(nn_ops.bias_add(gate_inputs, self._bias))
        return output, output


class IndyGRUCell(_IndependentCell):
    """A GRU whose recurrent matrices are diagonal: `gates/kernel_w` `[in, 2n]`,
    `gates/kernel_u` `[1, 2n]`, `gates/bias` (ones), `candidate/kernel` `[in, n]`,
    `candidate/kernel_u` `[1, n]`, `candidate/bias` (zeros)."""

    def __init__(self, num_units: int, activation: Callable | None = None, reuse: Any = None,
                 kernel_initializer: Any = None, bias_initializer: Any = None,
                 name: str | None = None, dtype: Any = None):
        super().__init__(num_units, activation, reuse, name, dtype)
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    def build(self, inputs_shape: Any) -> None:
        depth = self._input_depth(inputs_shape)
        n = self._num_units
        self._gate_kernel_w = self.add_variable("gates/kernel_w", shape=[depth, 2 * n],
                                                initializer=self._kernel_initializer)
        self._gate_kernel_u = self._recurrent_weight("gates/kernel_u", 2 * n)
        self._gate_bias = self.add_variable(
            "gates/bias", shape=[2 * n],
            initializer=(self._bias_initializer if self._bias_initializer is not None
                         else init_ops.constant_initializer(1.0, dtype=self.dtype)))
        self._candidate_kernel_w = self.add_variable("candidate/kernel", shape=[depth, n],
                                                     initializer=self._kernel_initializer)
        self._candidate_kernel_u = self._recurrent_weight("candidate/kernel_u", n)
        self._candidate_bias = self.add_variable(
            "candidate/bias", shape=[n],
            initializer=(self._bias_initializer if self._bias_initializer is not None
                         else init_ops.zeros_initializer(dtype=self.dtype)))
        self.built = True

    def call(self, inputs: Tensor, state: Tensor) -> tuple:
        """r, u = sigmoid(x @ W_g + [h, h]·u_g + b_g); c = act(x @ W_c + (r·h)·u_c + b_c);
        h' = u·h + (1 - u)·c."""
        gate_inputs = (math_ops.matmul(inputs, self._gate_kernel_w)
                       + array_ops.tile(state, [1, 2]) * self._gate_kernel_u)
        value = math_ops.sigmoid(nn_ops.bias_add(gate_inputs, self._gate_bias))
        r, u = array_ops.split(value=value, num_or_size_splits=2, axis=1)
        candidate = (math_ops.matmul(inputs, self._candidate_kernel_w)
                     + (r * state) * self._candidate_kernel_u)
        c = self._activation(nn_ops.bias_add(candidate, self._candidate_bias))
        new_h = u * state + (1 - u) * c
        return new_h, new_h


class IndyLSTMCell(_IndependentCell):
    """A basic LSTM whose recurrent matrices are diagonal: `kernel_w` `[in, 4n]`, `kernel_u`
    `[1, 4n]`, `bias` `[4n]` (zeros); gates i, j, f, o."""

    def __init__(self, num_units: int, forget_bias: float = 1.0,
                 activation: Callable | None = None, reuse: Any = None,
                 kernel_initializer: Any = None, bias_initializer: Any = None,
                 name: str | None = None, dtype: Any = None):
        super().__init__(num_units, activation, reuse, name, dtype)
        self._forget_bias = forget_bias
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    @property
    def state_size(self) -> LSTMStateTuple:
        return LSTMStateTuple(self._num_units, self._num_units)

    def build(self, inputs_shape: Any) -> None:
        depth = self._input_depth(inputs_shape)
        n = self._num_units
        self._kernel_w = self.add_variable("kernel_w", shape=[depth, 4 * n],
                                           initializer=self._kernel_initializer)
        self._kernel_u = self._recurrent_weight("kernel_u", 4 * n)
        self._bias = self.add_variable(
            "bias", shape=[4 * n],
            initializer=(self._bias_initializer if self._bias_initializer is not None
                         else init_ops.zeros_initializer(dtype=self.dtype)))
        self.built = True

    def call(self, inputs: Tensor, state: Any) -> tuple:
        """[i, j, f, o] = x @ W + [h, h, h, h]·u + b; c' = c·sigmoid(f + forget_bias) +
        sigmoid(i)·act(j); h' = act(c')·sigmoid(o) (`tf.add`/`tf.multiply`, as TF)."""
        c, h = state
        gate_inputs = math_ops.matmul(inputs, self._kernel_w)
        gate_inputs += array_ops.tile(h, [1, 4]) * self._kernel_u
        gate_inputs = nn_ops.bias_add(gate_inputs, self._bias)
        one = constant(1, dtype=_dtypes.int32)
        i, j, f, o = array_ops.split(value=gate_inputs, num_or_size_splits=4, axis=one)
        forget_bias = constant(self._forget_bias, dtype=f.dtype)
        add, multiply, sigmoid = math_ops.add, math_ops.multiply, math_ops.sigmoid
        new_c = add(multiply(c, sigmoid(add(f, forget_bias))),
                    multiply(sigmoid(i), self._activation(j)))
        new_h = multiply(self._activation(new_c), sigmoid(o))
        return new_h, LSTMStateTuple(new_c, new_h)

