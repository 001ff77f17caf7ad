"""RNN cells (mirrors rnn_cell_impl.py of TF 1.15; the seed tutorial's TF 1.2-1.4 where it
prints something).

The four weight-holding cells are `LayerRNNCell`s (TF 1.15): their first `cell(x, state)`
fixes a variable scope uniquified from the class name (`basic_lstm_cell`, `basic_lstm_cell_1`),
builds `kernel`/`bias` there and runs `call` in that scope's name scope; later calls reuse both.
A direct `cell.call(x, state)` on an unbuilt cell creates the weights with `tf.get_variable` in
the *current* variable scope instead, as TF 1.2-1.4 did (the seed's top-level `kernel:0`).
LSTMCell and GRUCell use Python `*` and `+` (ops `mul_2`, `add_1`); BasicLSTMCell does so in a
direct `call` (the seed's printout) and uses `tf.add`/`tf.multiply` through `cell(x, state)`
as TF 1.15 does (`basic_lstm_cell/Mul_2`, `Add_1`).
"""
from __future__ import annotations

import collections
from collections.abc import Callable
from typing import Any

from ..framework import dtypes as _dtypes
from ..framework import nest
from ..framework.convert import constant, constant_value, convert_to_tensor, static_value
from ..framework.graph import Tensor, name_scope
from ..framework.graph import device as _device
from ..framework.tensor_shape import TensorShape
from ..logging import WARN, log_first_n
from ..ops import array as array_ops
from ..ops import clip as clip_ops
from ..ops import init as init_ops
from ..ops import math as math_ops
from ..ops import nn as nn_ops
from ..ops import nn_impl
from ..ops import partitioned_variables as partitioned
from ..ops import random as random_ops
from ..ops import state as state_ops
from ..ops import variable_scope as vs
from . import layers as base_layer

__all__ = [
    "BasicLSTMCell",
    "BasicRNNCell",
    "DeviceWrapper",
    "DropoutWrapper",
    "GRUCell",
    "LSTMCell",
    "LSTMStateTuple",
    "MultiRNNCell",
    "RNNCell",
    "ResidualWrapper",
]


class LSTMStateTuple(collections.namedtuple("LSTMStateTuple", ("c", "h"))):
    """`(c, h)`: the cell state and the hidden state/output of an LSTM (sizes or tensors)."""
    __slots__ = ()

    @property
    def dtype(self) -> Any:
        c, h = self
        if c.dtype != h.dtype:
            raise TypeError(f"Inconsistent internal state: {c.dtype} vs {h.dtype}")
        return c.dtype


def _check_rnn_cell_input_dtypes(inputs: Any) -> None:
    """TF 1.15 refuses integer inputs or states before building anything."""
    for t in nest.flatten(inputs):
        dtype = getattr(t, "dtype", None)
        if dtype is None:
            continue
        dtype = _dtypes.as_dtype(dtype)
        if not (dtype.is_floating or dtype.is_complex):
            raise ValueError(f"RNN cell only supports floating point inputs, but saw dtype: "
                             f"{dtype}")


def _shape_parts(batch_size: Any, size: Any) -> tuple[Tensor, Tensor]:
    """`[batch_size]` and the size (an int or a TensorShape) as int32 vectors (TF's `_concat`
    makes them at each pass)."""
    if isinstance(batch_size, Tensor):
        prefix = array_ops.expand_dims(batch_size, 0)
    else:
        prefix = constant([batch_size], dtype=_dtypes.int32)
    return prefix, constant(TensorShape(size).as_list(), dtype=_dtypes.int32)


def _zeros_for(batch_size: Any, size: Any, dtype: Any) -> Tensor:
    """`zeros(concat([batch], [size]))`; the static shape is worked out as TF does, by a second
    pass that builds (unused) constants of its own: `Const_2`, `Const_3`."""
    zeros = array_ops.zeros(array_ops.concat(list(_shape_parts(batch_size, size)), 0),
                            dtype=dtype)
    _shape_parts(batch_size, size)
    static_batch = constant_value(batch_size) if isinstance(batch_size, Tensor) else batch_size
    zeros.set_shape(TensorShape([None if static_batch is None else int(static_batch)])
                    .concatenate(size))
    return zeros


class RNNCell(base_layer.Layer):
    """`tf.nn.rnn_cell.RNNCell`: an RNN step `(output, new_state) = cell(inputs, state)` with
    `state_size`, `output_size` and `zero_state`; subclasses define `call`."""

    def __init__(self, trainable: bool = True, name: str | None = None, dtype: Any = None,
                 **kwargs: Any):
        super().__init__(trainable=trainable, name=name, dtype=dtype, **kwargs)
        self._rnncell_scope: vs.VariableScope | None = None
        self._direct = False
        self._in_call = False

    def __call__(self, inputs: Any, state: Any, scope: Any = None) -> Any:
        """Runs the cell under `scope` or, at the first call, the current variable scope
        (re-entered at later calls), then under the cell's own scope. Input dtypes are left to
        the cells (an EmbeddingWrapper takes integer ids)."""
        if scope is not None:
            with vs.variable_scope(scope, custom_getter=self._rnn_get_variable) as captured:
                return base_layer.Layer.__call__(self, inputs, state, scope=captured)
        if self._rnncell_scope is None:
            self._rnncell_scope = vs.get_variable_scope()
        with vs.variable_scope(self._rnncell_scope, custom_getter=self._rnn_get_variable):
            return base_layer.Layer.__call__(self, inputs, state)

    def _rnn_get_variable(self, getter: Callable, *args: Any, **kwargs: Any) -> Any:
        """Records each variable `call` gets with `tf.get_variable` (its own or a sub-cell's)
        in the cell's weights, trainable or not as the graph's collection says."""
        variable = getter(*args, **kwargs)
        trainable = any(variable is v for v in state_ops.trainable_variables())
        weights = self._trainable_weights if trainable else self._non_trainable_weights
        if all(variable is not v for v in weights):
            weights.append(variable)
        return variable

    def zero_state(self, batch_size: Any, dtype: Any) -> Any:
        """Zeros shaped `[batch_size, s]` for each `s` in `state_size`, named
        `<Class>ZeroState/zeros`, `zeros_1`, ..."""
        with name_scope(type(self).__name__ + "ZeroState"):
            return nest.map_structure(lambda s: _zeros_for(batch_size, s, dtype),
                                      self.state_size)

    def get_initial_state(self, inputs: Any = None, batch_size: Any = None,
                          dtype: Any = None) -> Any:
        """The zero state, its batch size and dtype taken from `inputs` when given."""
        if inputs is not None:
            inputs = convert_to_tensor(inputs, name="inputs")
            static_batch = inputs.shape.as_list()[0] if inputs.shape.ndims else None
            if batch_size is not None:
                given = (constant_value(batch_size) if isinstance(batch_size, Tensor)
                         else batch_size)
                if static_batch != given:
                    raise ValueError(f"batch size from input tensor is different from the "
                                     f"input param. Input tensor batch: {static_batch}, "
                                     f"batch_size: {batch_size}")
            if dtype is not None and inputs.dtype != _dtypes.as_dtype(dtype):
                raise ValueError(f"dtype from input tensor is different from the input param. "
                                 f"Input tensor dtype: {inputs.dtype}, dtype: {dtype}")
            batch_size = static_batch or array_ops.shape(inputs)[0]
            dtype = inputs.dtype
        if batch_size is None or dtype is None:
            raise ValueError(f"batch_size and dtype cannot be None while constructing initial "
                             f"state: batch_size={batch_size}, dtype={dtype}")
        return self.zero_state(batch_size, dtype)


class LayerRNNCell(RNNCell):
    """A cell whose weights are made in `build`; called through the Layer logic directly."""

    def __call__(self, inputs: Any, state: Any, scope: Any = None) -> Any:
        _check_rnn_cell_input_dtypes([inputs, state])
        outer, self._in_call = self._in_call, True
        try:
            return base_layer.Layer.__call__(self, inputs, state, scope=scope)
        finally:
            self._in_call = outer

    def _weight(self, name: str, shape: list, dtype: Any, initializer: Any = None,
                shards: int | None = None) -> Any:
        """A weight of the layer's scope, or (direct `call`, TF 1.2-1.4) of the current one;
        with `shards`, a PartitionedVariable of that many along its first axis."""
        partitioner = None if shards is None else partitioned.fixed_size_partitioner(shards)
        if not self._direct:
            return self.add_variable(name, shape=shape, dtype=dtype, initializer=initializer,
                                     partitioner=partitioner)
        variable = vs.get_variable(name, shape=shape, dtype=dtype, initializer=initializer,
                                   partitioner=partitioner)
        self._trainable_weights.extend(
            variable if isinstance(variable, partitioned.PartitionedVariable) else [variable])
        return variable

    def _build_for(self, inputs: Tensor) -> None:
        """Builds the weights at a direct `call` on an unbuilt cell."""
        if self.built:
            return
        if self._dtype is None:
            self._dtype = inputs.dtype.base_dtype
        self._direct = True
        try:
            self.build(inputs.shape)
        finally:
            self._direct = False
        self.built = True

    def _input_depth(self, inputs_shape: Any) -> int:
        shape = TensorShape(inputs_shape)
        if shape.ndims is None or shape.as_list()[-1] is None:
            raise ValueError(f"Expected inputs.shape[-1] to be known, saw shape: "
                             f"{tuple(shape.as_list()) if shape.ndims is not None else shape}")
        return shape.as_list()[-1]


def _activation(activation: Any) -> Callable:
    """tanh unless given; a name ("relu") is resolved as Keras' `activations.get` does."""
    if not activation:
        return math_ops.tanh
    resolved = base_layer._get_activation(activation)
    return resolved if resolved is not None else _linear_activation


def _linear_activation(x: Any) -> Any:
    """Keras' "linear": the input itself, no op."""
    return x


class _VectorStateCell(LayerRNNCell):
    """A cell whose state and output are one vector of `num_units` (BasicRNNCell, GRUCell)."""

    def _setup(self, num_units: int, activation: Any) -> None:
        self.input_spec = base_layer.InputSpec(ndim=2)
        self._num_units = num_units
        self._activation = _activation(activation)

    @property
    def state_size(self) -> int:
        return self._num_units

    @property
    def output_size(self) -> int:
        return self._num_units


class BasicRNNCell(_VectorStateCell):
    """`output = new_state = act(concat([x, h], 1) @ kernel + bias)`."""

    def __init__(self, num_units: int, activation: Any = None, reuse: Any = None,
                 name: str | None = None, dtype: Any = None, **kwargs: Any):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._setup(num_units, activation)

    def build(self, inputs_shape: Any) -> None:
        depth = self._input_depth(inputs_shape)
        dtype = self._dtype or _dtypes.float32
        self._kernel = self._weight("kernel", [depth + self._num_units, self._num_units], dtype)
        self._bias = self._weight("bias", [self._num_units], dtype, init_ops.zeros_initializer())
        self.built = True

    def call(self, inputs: Any, state: Any) -> tuple:
        inputs = convert_to_tensor(inputs)
        self._build_for(inputs)
        gate_inputs = math_ops.matmul(array_ops.concat([inputs, state], 1), self._kernel)
        output = self._activation(nn_ops.bias_add(gate_inputs, self._bias))
        return output, output


class BasicLSTMCell(LayerRNNCell):
    """The LSTM without peepholes or projection; gates i, j, f, o in the kernel's columns and
    `forget_bias` added in the graph."""

    def __init__(self, num_units: int, forget_bias: float = 1.0, state_is_tuple: bool = True,
                 activation: Any = None, reuse: Any = None, name: str | None = None,
                 dtype: Any = None, **kwargs: Any):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self.input_spec = base_layer.InputSpec(ndim=2)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = _activation(activation)

    @property
    def state_size(self) -> Any:
        if self._state_is_tuple:
            return LSTMStateTuple(self._num_units, self._num_units)
        return 2 * self._num_units

    @property
    def output_size(self) -> int:
        return self._num_units

    def build(self, inputs_shape: Any) -> None:
        depth = self._input_depth(inputs_shape)
        dtype = self._dtype or _dtypes.float32
        self._kernel = self._weight("kernel", [depth + self._num_units, 4 * self._num_units],
                                    dtype)
        self._bias = self._weight("bias", [4 * self._num_units], dtype,
                                  init_ops.zeros_initializer())
        self.built = True

    def call(self, inputs: Any, state: Any) -> tuple:
        """Through `cell(x, state)` the step is TF 1.15's (`tf.add`/`tf.multiply`: ops `Add_1`,
        `Mul_2`); a direct `call` is the seed era's, with `+`/`*` (ops `add_1`, `mul_2`)."""
        inputs = convert_to_tensor(inputs)
        self._build_for(inputs)
        if self._in_call:
            axis = constant(1, dtype=_dtypes.int32)
            add, multiply = math_ops.add, math_ops.multiply
        else:
            axis = 1
            add, multiply = (lambda a, b: a + b), (lambda a, b: a * b)
        if self._state_is_tuple:
            c, h = state
        else:
            c, h = array_ops.split(state, 2, axis=axis)
        gate_inputs = math_ops.matmul(array_ops.concat([inputs, h], 1), self._kernel)
        gate_inputs = nn_ops.bias_add(gate_inputs, self._bias)
        i, j, f, o = array_ops.split(gate_inputs, 4, axis=axis)
        forget_bias = (constant(self._forget_bias, dtype=f.dtype) if self._in_call
                       else self._forget_bias)
        sigmoid = math_ops.sigmoid
        new_c = add(multiply(c, sigmoid(add(f, forget_bias))),
                    multiply(sigmoid(i), self._activation(j)))
        new_h = multiply(self._activation(new_c), sigmoid(o))
        if self._state_is_tuple:
            return new_h, LSTMStateTuple(new_c, new_h)
        return new_h, array_ops.concat([new_c, new_h], 1)


class LSTMCell(LayerRNNCell):
    """The LSTM with optional peepholes, cell clipping and a projection of the output."""

    def __init__(self, num_units: int, use_peepholes: bool = False, cell_clip: Any = None,
                 initializer: Any = None, num_proj: int | None = None, proj_clip: Any = None,
                 num_unit_shards: int | None = None, num_proj_shards: int | None = None,
                 forget_bias: float = 1.0, state_is_tuple: bool = True, activation: Any = None,
                 reuse: Any = None, name: str | None = None, dtype: Any = None,
                 **kwargs: Any):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self.input_spec = base_layer.InputSpec(ndim=2)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._num_unit_shards = num_unit_shards
        self._num_proj_shards = num_proj_shards
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = _activation(activation)

    @property
    def state_size(self) -> Any:
        out = self._num_proj or self._num_units
        if self._state_is_tuple:
            return LSTMStateTuple(self._num_units, out)
        return self._num_units + out

    @property
    def output_size(self) -> int:
        return self._num_proj or self._num_units

    def build(self, inputs_shape: Any) -> None:
        depth = self._input_depth(inputs_shape)
        dtype = self._dtype or _dtypes.float32
        h_depth = self._num_proj or self._num_units
        self._kernel = self._weight("kernel", [depth + h_depth, 4 * self._num_units], dtype,
                                    self._initializer, self._num_unit_shards)
        self._bias = self._weight("bias", [4 * self._num_units], dtype,
                                  init_ops.zeros_initializer())
        if self._use_peepholes:
            self._w_f_diag = self._weight("w_f_diag", [self._num_units], dtype,
                                          self._initializer)
            self._w_i_diag = self._weight("w_i_diag", [self._num_units], dtype,
                                          self._initializer)
            self._w_o_diag = self._weight("w_o_diag", [self._num_units], dtype,
                                          self._initializer)
        if self._num_proj is not None:
            self._proj_kernel = self._weight("projection/kernel",
                                             [self._num_units, self._num_proj], dtype,
                                             self._initializer, self._num_proj_shards)
        self.built = True

    def call(self, inputs: Any, state: Any) -> tuple:
        """The 1.15 step; its input-depth check fires first only on a direct `call` (through
        `cell(x, state)`, `build` has already refused an unknown depth)."""
        inputs = convert_to_tensor(inputs)
        if inputs.shape.with_rank(2).as_list()[1] is None:
            raise ValueError("Could not infer input size from inputs.get_shape()[-1]")
        self._build_for(inputs)
        num_proj = self._num_proj or self._num_units
        if self._state_is_tuple:
            c_prev, m_prev = state
        else:
            c_prev = array_ops.slice(state, [0, 0], [-1, self._num_units])
            m_prev = array_ops.slice(state, [0, self._num_units], [-1, num_proj])
        lstm_matrix = math_ops.matmul(array_ops.concat([inputs, m_prev], 1), self._kernel)
        lstm_matrix = nn_ops.bias_add(lstm_matrix, self._bias)
        i, j, f, o = array_ops.split(lstm_matrix, 4, axis=1)
        sigmoid = math_ops.sigmoid
        if self._use_peepholes:
            c = (sigmoid(f + self._forget_bias + self._w_f_diag * c_prev) * c_prev
                 + sigmoid(i + self._w_i_diag * c_prev) * self._activation(j))
        else:
            c = sigmoid(f + self._forget_bias) * c_prev + sigmoid(i) * self._activation(j)
        if self._cell_clip is not None:
            c = clip_ops.clip_by_value(c, -self._cell_clip, self._cell_clip)
        if self._use_peepholes:
            m = sigmoid(o + self._w_o_diag * c) * self._activation(c)
        else:
            m = sigmoid(o) * self._activation(c)
        if self._num_proj is not None:
            m = math_ops.matmul(m, self._proj_kernel)
            if self._proj_clip is not None:
                m = clip_ops.clip_by_value(m, -self._proj_clip, self._proj_clip)
        if self._state_is_tuple:
            return m, LSTMStateTuple(c, m)
        return m, array_ops.concat([c, m], 1)


class GRUCell(_VectorStateCell):
    """The GRU: reset and update gates (`gates/`, bias 1.0) and a candidate (`candidate/`)."""

    def __init__(self, num_units: int, activation: Any = None, reuse: Any = None,
                 kernel_initializer: Any = None, bias_initializer: Any = None,
                 name: str | None = None, dtype: Any = None, **kwargs: Any):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._setup(num_units, activation)
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    def build(self, inputs_shape: Any) -> None:
        depth = self._input_depth(inputs_shape)
        dtype = self._dtype or _dtypes.float32
        units = self._num_units
        self._gate_kernel = self._weight("gates/kernel", [depth + units, 2 * units], dtype,
                                         self._kernel_initializer)
        self._gate_bias = self._weight(
            "gates/bias", [2 * units], dtype,
            self._bias_initializer or init_ops.constant_initializer(1.0, dtype=dtype))
        self._candidate_kernel = self._weight("candidate/kernel", [depth + units, units], dtype,
                                              self._kernel_initializer)
        self._candidate_bias = self._weight(
            "candidate/bias", [units], dtype,
            self._bias_initializer or init_ops.zeros_initializer(dtype=dtype))
        self.built = True

    def call(self, inputs: Any, state: Any) -> tuple:
        inputs = convert_to_tensor(inputs)
        self._build_for(inputs)
        gate_inputs = math_ops.matmul(array_ops.concat([inputs, state], 1), self._gate_kernel)
        gate_inputs = nn_ops.bias_add(gate_inputs, self._gate_bias)
        r, u = array_ops.split(math_ops.sigmoid(gate_inputs), 2, axis=1)
        candidate = math_ops.matmul(array_ops.concat([inputs, r * state], 1),
                                    self._candidate_kernel)
        c = self._activation(nn_ops.bias_add(candidate, self._candidate_bias))
        new_h = u * state + (1 - u) * c
        return new_h, new_h


class MultiRNNCell(RNNCell):
    """Cells stacked in layers `cell_0`, `cell_1`, ...: each one's output feeds the next."""

    def __init__(self, cells: Any, state_is_tuple: bool = True):
        super().__init__()
        if not cells:
            raise ValueError("Must specify at least one cell for MultiRNNCell.")
        if not nest.is_sequence(cells):
            raise TypeError(f"cells must be a list or tuple, but saw: {cells}.")
        if len({id(cell) for cell in cells}) < len(cells):  # `[cell] * n`, a common slip
            log_first_n(WARN, "At least two cells provided to MultiRNNCell are the same object "
                        "and will share weights.", 1)
        self._cells = cells
        self._state_is_tuple = state_is_tuple
        if not state_is_tuple and any(nest.is_sequence(c.state_size) for c in cells):
            raise ValueError(f"Some cells return tuples of states, but the flag state_is_tuple "
                             f"is not set.  State sizes are: "
                             f"{[c.state_size for c in cells]!s}")

    @property
    def state_size(self) -> Any:
        if self._state_is_tuple:
            return tuple(cell.state_size for cell in self._cells)
        return sum(cell.state_size for cell in self._cells)

    @property
    def output_size(self) -> Any:
        return self._cells[-1].output_size

    def zero_state(self, batch_size: Any, dtype: Any) -> Any:
        with name_scope(type(self).__name__ + "ZeroState"):
            if self._state_is_tuple:
                return tuple(cell.zero_state(batch_size, dtype) for cell in self._cells)
            return super().zero_state(batch_size, dtype)

    @property
    def trainable_weights(self) -> list:
        if not self.trainable:
            return []
        return [w for cell in self._cells for w in cell.trainable_weights]

    @property
    def non_trainable_weights(self) -> list:
        weights = [w for cell in self._cells for w in cell.non_trainable_weights]
        if not self.trainable:
            weights = [w for cell in self._cells for w in cell.trainable_weights] + weights
        return weights

    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights

    @property
    def weights(self) -> list:
        return self.trainable_weights + self.non_trainable_weights

    variables = weights

    def call(self, inputs: Any, state: Any) -> tuple:
        cur_state_pos = 0
        cur_inp = inputs
        new_states = []
        for i, cell in enumerate(self._cells):
            with vs.variable_scope(f"cell_{i}"):
                if self._state_is_tuple:
                    if not nest.is_sequence(state):
                        raise ValueError(f"Expected state to be a tuple of length "
                                         f"{len(self.state_size)}, but received: {state}")
                    cur_state = state[i]
                else:
                    cur_state = array_ops.slice(state, [0, cur_state_pos],
                                                [-1, cell.state_size])
                    cur_state_pos += cell.state_size
                cur_inp, new_state = cell(cur_inp, cur_state)
                new_states.append(new_state)
        if self._state_is_tuple:
            return cur_inp, tuple(new_states)
        return cur_inp, array_ops.concat(new_states, 1)


# --------------------------------------------------------------------------------------------
# Wrappers: no scope of their own; the wrapped cell names the variables.

class _SizedAsWrappedCell:
    """A wrapper's sizes and zero state are those of the cell it wraps (`self._cell`)."""

    @property
    def state_size(self) -> Any:
        return self._cell.state_size

    @property
    def output_size(self) -> Any:
        return self._cell.output_size

    def zero_state(self, batch_size: Any, dtype: Any) -> Any:
        with name_scope(type(self).__name__ + "ZeroState"):
            return self._cell.zero_state(batch_size, dtype)


class _Wrapper(_SizedAsWrappedCell, RNNCell):
    def __init__(self, cell: Any):
        super().__init__()
        self._cell = cell

    @property
    def wrapped_cell(self) -> Any:
        return self._cell

    @property
    def trainable_weights(self) -> list:
        return self._cell.trainable_weights

    @property
    def non_trainable_weights(self) -> list:
        return self._cell.non_trainable_weights

    @property
    def weights(self) -> list:
        return self._cell.weights

    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights
    variables = weights

    def call(self, inputs: Any, state: Any) -> tuple:
        return self(inputs, state)


def _default_dropout_state_filter_visitor(substate: Any) -> Any:
    """Drops out every state but the `c` of an LSTMStateTuple."""
    if isinstance(substate, LSTMStateTuple):
        return LSTMStateTuple(c=False, h=True)
    return True


def _filter_flags(filter_fn: Callable, structure: Any) -> list:
    """One dropout flag per leaf of `structure` (flatten order), as the filter decides."""
    decision = filter_fn(structure)
    if isinstance(decision, bool) and not nest.is_sequence(structure):
        return [decision]
    if isinstance(decision, bool):
        if not decision:
            return [False] * len(nest.flatten(structure))
        return [flag for sub in structure for flag in _filter_flags(filter_fn, sub)]
    flags: list = []
    for sub, sub_decision in zip(structure, decision):
        flags.extend([bool(sub_decision)] * len(nest.flatten(sub)))
    return flags


def _has(obj: Any, attr: str) -> bool:
    try:
        getattr(obj, attr)
    except AttributeError:
        return False
    return True


def assert_like_rnncell(cell_name: str, cell: Any) -> None:
    """TF 1.15 accepts any object with the cell interface, not only RNNCell subclasses."""
    checks = [
        (_has(cell, "output_size"), "'output_size' property is missing"),
        (_has(cell, "state_size"), "'state_size' property is missing"),
        (_has(cell, "get_initial_state") or _has(cell, "zero_state"),
         "either 'zero_state' or 'get_initial_state' method is required"),
        (callable(cell), "is not callable"),
    ]
    missing = [text for ok, text in checks if not ok]
    if missing:
        raise TypeError(f"The argument {cell_name!r} ({cell}) is not an RNNCell: "
                        f"{', '.join(missing)}.")


class _DropoutWrapperBase(_Wrapper):
    """Dropout on a cell's inputs, new state (not an LSTM's `c`) and outputs; with
    `variational_recurrent`, one mask per component and `run`, shared by all time steps."""

    def __init__(self, cell: Any, input_keep_prob: Any = 1.0, output_keep_prob: Any = 1.0,
                 state_keep_prob: Any = 1.0, variational_recurrent: bool = False,
                 input_size: Any = None, dtype: Any = None, seed: int | None = None,
                 dropout_state_filter_visitor: Callable | None = None):
        assert_like_rnncell("cell", cell)
        super().__init__(cell)
        if dropout_state_filter_visitor is not None and not callable(
                dropout_state_filter_visitor):
            raise TypeError(f"dropout_state_filter_visitor must be callable. Received: "
                            f"{dropout_state_filter_visitor}")
        self._dropout_state_filter = (dropout_state_filter_visitor
                                      or _default_dropout_state_filter_visitor)
        with name_scope("DropoutWrapperInit"):
            for prob, attr in [(input_keep_prob, "input_keep_prob"),
                               (state_keep_prob, "state_keep_prob"),
                               (output_keep_prob, "output_keep_prob")]:
                tensor_value = convert_to_tensor(prob)
                const_prob = static_value(tensor_value)  # TF decides on its Python-side value
                if const_prob is not None:
                    if const_prob < 0 or const_prob > 1:
                        raise ValueError(f"Parameter {attr} must be between 0 and 1: "
                                         f"{int(const_prob)}")
                    setattr(self, f"_{attr}", float(const_prob))
                else:
                    setattr(self, f"_{attr}", tensor_value)
        self._seed = seed
        self._variational_recurrent = variational_recurrent
        self._recurrent_input_noise = self._recurrent_state_noise = None
        self._recurrent_output_noise = None
        if variational_recurrent:
            if dtype is None:
                raise ValueError("When variational_recurrent=True, dtype must be provided")

            def batch_noise(size: Any, salt: str, index: int) -> Tensor:
                shape = array_ops.concat(([1], TensorShape(size).as_list()), 0)
                return random_ops.random_uniform(shape, seed=self._gen_seed(salt, index),
                                                 dtype=dtype)

            def noises(sizes: Any, salt: str) -> list:
                return [batch_noise(s, salt, i) for i, s in enumerate(nest.flatten(sizes))]

            if _should_dropout(self._input_keep_prob):
                if input_size is None:
                    raise ValueError("When variational_recurrent=True and input_keep_prob < "
                                     "1.0 or is unknown, input_size must be provided")
                self._recurrent_input_noise = noises(input_size, "input")
            self._recurrent_state_noise = noises(cell.state_size, "state")
            self._recurrent_output_noise = noises(cell.output_size, "output")

    def _gen_seed(self, salt_prefix: str, index: int) -> int | None:
        if self._seed is None:
            return None
        import hashlib  # noqa: PLC0415 - its import is slow, and few graphs need it
        digest = hashlib.md5(f"{self._seed}{salt_prefix}_{index}".encode()).hexdigest()
        return int(digest[:8], 16) & 0x7FFFFFFF

    def _dropout(self, values: Any, salt_prefix: str, noise: list | None, keep_prob: Any,
                 flags: list | None = None) -> Any:
        flat = nest.flatten(values)
        flags = flags or [True] * len(flat)
        out = []
        for i, (value, do_dropout) in enumerate(zip(flat, flags)):
            if not do_dropout:
                out.append(value)
            elif self._variational_recurrent:
                binary = math_ops.floor(keep_prob + noise[i])
                dropped = math_ops.divide(value, keep_prob) * binary
                dropped.set_shape(value.shape)
                out.append(dropped)
            else:
                out.append(nn_impl.dropout(value, keep_prob=keep_prob,
                                           seed=self._gen_seed(salt_prefix, i)))
        return nest.pack_sequence_as(values, out)

    def __call__(self, inputs: Any, state: Any, scope: Any = None) -> tuple:
        if _should_dropout(self._input_keep_prob):
            inputs = self._dropout(inputs, "input", self._recurrent_input_noise,
                                   self._input_keep_prob)
        output, new_state = self._cell(inputs, state, scope=scope)
        if _should_dropout(self._state_keep_prob):
            flags = _filter_flags(self._dropout_state_filter, new_state)
            new_state = self._dropout(new_state, "state", self._recurrent_state_noise,
                                      self._state_keep_prob, flags)
        if _should_dropout(self._output_keep_prob):
            output = self._dropout(output, "output", self._recurrent_output_noise,
                                   self._output_keep_prob)
        return output, new_state


class DropoutWrapper(_DropoutWrapperBase):
    """Dropout on a cell's inputs, new state and outputs (see _DropoutWrapperBase). Its
    `__init__` takes `*args, **kwargs`, as TF 1.15's does."""

    def __init__(self, *args: Any, **kwargs: Any):  # noqa: D107 - TF's signature
        super().__init__(*args, **kwargs)


def _should_dropout(p: Any) -> bool:
    return not isinstance(p, float) or p < 1


class _ResidualWrapperBase(_Wrapper):
    """Adds the cell's inputs to its outputs (or combines them with `residual_fn`)."""

    def __init__(self, cell: Any, residual_fn: Callable | None = None):
        super().__init__(cell)
        self._residual_fn = residual_fn

    def __call__(self, inputs: Any, state: Any, scope: Any = None) -> tuple:
        outputs, new_state = self._cell(inputs, state, scope=scope)

        def default_residual_fn(inputs: Any, outputs: Any) -> Any:
            nest.assert_same_structure(inputs, outputs)
            for inp, out in zip(nest.flatten(inputs), nest.flatten(outputs)):
                inp.shape.assert_is_compatible_with(out.shape)
            return nest.map_structure(lambda inp, out: inp + out, inputs, outputs)

        return (self._residual_fn or default_residual_fn)(inputs, outputs), new_state


class ResidualWrapper(_ResidualWrapperBase):
    """Adds the cell's inputs to its outputs (see _ResidualWrapperBase). Its `__init__` takes
    `*args, **kwargs`, as TF 1.15's does."""

    def __init__(self, *args: Any, **kwargs: Any):  # noqa: D107 - TF's signature
        super().__init__(*args, **kwargs)


class _DeviceWrapperBase(_Wrapper):
    """Builds the cell's step and zero state on `device`."""

    def __init__(self, cell: Any, device: str):
        super().__init__(cell)
        self._device = device

    def zero_state(self, batch_size: Any, dtype: Any) -> Any:
        with name_scope(type(self).__name__ + "ZeroState"):
            with _device(self._device):
                return self._cell.zero_state(batch_size, dtype)

    def __call__(self, inputs: Any, state: Any, scope: Any = None) -> tuple:
        with _device(self._device):
            return self._cell(inputs, state, scope=scope)


class DeviceWrapper(_DeviceWrapperBase):
    """Builds the cell's step and zero state on a device (see _DeviceWrapperBase). Its
    `__init__` takes `*args, **kwargs`, as TF 1.15's does."""

    def __init__(self, *args: Any, **kwargs: Any):  # noqa: D107 - TF's signature
        super().__init__(*args, **kwargs)
