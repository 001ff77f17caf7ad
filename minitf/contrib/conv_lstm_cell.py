"""Convolutional LSTMs of contrib's rnn_cell.py (TF 1.15; Shi et al., 2015): `ConvLSTMCell`,
`Conv1DLSTMCell`, `Conv2DLSTMCell`. The gates come from one stride-1 SAME convolution of the
input and the hidden state joined on the channel axis: `kernel`
`kernel_shape + [in_channels + output_channels, 4 * output_channels]` and `biases`
`[4 * output_channels]` (zeros), in the cell's scope (`conv_lstm_cell`, `conv_1d_lstm_cell`,
`conv_2d_lstm_cell`, `conv_3d_lstm_cell`). State sizes are TensorShapes of the spatial dims
plus channels.
"""
from __future__ import annotations

from typing import Any

from ..framework.graph import Tensor
from ..framework.tensor_shape import TensorShape
from ..nn.rnn_cell_impl import LSTMStateTuple, RNNCell
from ..ops import array as array_ops
from ..ops import conv as conv_ops
from ..ops import init as init_ops
from ..ops import math as math_ops
from ..ops import variable_scope as vs
from .rnn_cell_extra import _StoredSizes

__all__ = ["ConvLSTMCell", "Conv1DLSTMCell", "Conv2DLSTMCell", "Conv3DLSTMCell"]


class ConvLSTMCell(_StoredSizes, RNNCell):
    """An LSTM whose matrix products are convolutions; with `skip_connection` the output
    (and, as in TF, the hidden state it returns) is followed by the input's channels."""

    def __init__(self, conv_ndims: int, input_shape: list, output_channels: int,
                 kernel_shape: Any, use_bias: bool = True, skip_connection: bool = False,
                 forget_bias: float = 1.0, initializers: Any = None,
                 name: str = "conv_lstm_cell"):
        super().__init__(name=name)
        if conv_ndims != len(input_shape) - 1:
            raise ValueError(f"Invalid input_shape {input_shape} for conv_ndims={conv_ndims}.")
        self._conv_ndims = conv_ndims
        self._input_shape = input_shape
        self._output_channels = output_channels
        self._kernel_shape = list(kernel_shape)
        self._use_bias = use_bias
        self._forget_bias = forget_bias
        self._skip_connection = skip_connection
        self._total_output_channels = output_channels
        if skip_connection:
            self._total_output_channels += input_shape[-1]
        state_size = TensorShape(self._input_shape[:-1] + [self._output_channels])
        self._state_size = LSTMStateTuple(state_size, state_size)
        self._output_size = TensorShape(self._input_shape[:-1] + [self._total_output_channels])

    def call(self, inputs: Tensor, state: Any, scope: Any = None) -> tuple:
        """[i, j, f, o] = conv([x, h]); c' = sigmoid(f + forget_bias)·c + sigmoid(i)·tanh(j);
        h' = tanh(c')·sigmoid(o)."""
        cell, hidden = state
        new_hidden = _conv([inputs, hidden], self._kernel_shape, 4 * self._output_channels,
                           self._use_bias)
        input_gate, new_input, forget_gate, output_gate = array_ops.split(
            value=new_hidden, num_or_size_splits=4, axis=self._conv_ndims + 1)
        new_cell = math_ops.sigmoid(forget_gate + self._forget_bias) * cell
        new_cell += math_ops.sigmoid(input_gate) * math_ops.tanh(new_input)
        output = math_ops.tanh(new_cell) * math_ops.sigmoid(output_gate)
        if self._skip_connection:
            output = array_ops.concat([output, inputs], axis=-1)
        return output, LSTMStateTuple(new_cell, output)


class Conv1DLSTMCell(ConvLSTMCell):
    """ConvLSTMCell over `[batch, width, channels]`."""

    def __init__(self, name: str = "conv_1d_lstm_cell", **kwargs: Any):
        super().__init__(conv_ndims=1, name=name, **kwargs)


class Conv2DLSTMCell(ConvLSTMCell):
    """ConvLSTMCell over `[batch, height, width, channels]`."""

    def __init__(self, name: str = "conv_2d_lstm_cell", **kwargs: Any):
        super().__init__(conv_ndims=2, name=name, **kwargs)


class Conv3DLSTMCell(ConvLSTMCell):
    """ConvLSTMCell over `[batch, depth, height, width, channels]`."""

    def __init__(self, name: str = "conv_3d_lstm_cell", **kwargs: Any):
        super().__init__(conv_ndims=3, name=name, **kwargs)


def _conv(args: list, filter_size: list, num_features: int, bias: bool,
          bias_start: float = 0.0) -> Tensor:
    """A stride-1 SAME convolution of `args` joined on their channels, plus `biases`."""
    total_arg_size_depth = 0
    shapes = [a.get_shape().as_list() for a in args]
    shape_length = len(shapes[0])
    for shape in shapes:
        if len(shape) not in (3, 4, 5):
            raise ValueError(f"Conv Linear expects 3D, 4D or 5D arguments: {shapes}")
        if len(shape) != len(shapes[0]):
            raise ValueError(f"Conv Linear expects all args to be of same Dimension: {shapes}")
        total_arg_size_depth += shape[-1]
    dtype = args[0].dtype
    kernel = vs.get_variable("kernel", filter_size + [total_arg_size_depth, num_features],
                             dtype=dtype)
    joined = args[0] if len(args) == 1 else array_ops.concat(axis=shape_length - 1,
                                                             values=args)
    if shape_length == 3:
        res = conv_ops.conv1d(joined, kernel, 1, padding="SAME")
    elif shape_length == 4:
        res = conv_ops.conv2d(joined, kernel, [1] * shape_length, padding="SAME")
    else:
        res = conv_ops.conv3d(joined, kernel, [1] * shape_length, padding="SAME")
    if not bias:
        return res
    bias_term = vs.get_variable(
        "biases", [num_features], dtype=dtype,
        initializer=init_ops.constant_initializer(bias_start, dtype=dtype))
    return res + bias_term
