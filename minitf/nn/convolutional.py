"""TF1 convolution and pooling layers: `Conv1D`/`conv1d`, `Conv2D`/`conv2d`,
`MaxPooling1D`/`max_pooling1d`, `MaxPooling2D`/`max_pooling2d`, `AveragePooling1D`/
`average_pooling1d`, `AveragePooling2D`/`average_pooling2d` (mirrors tensorflow/python/layers/
convolutional.py and pooling.py of TF 1.15 and the Keras layers under them).

A convolution layer owns `<scope>/kernel` `[*kernel_size, in_channels, filters]` (glorot
uniform unless the variable scope or `kernel_initializer` says otherwise) and `<scope>/bias`
`[filters]` (zeros); its ops are `conv2d/Conv2D` and `conv2d/BiasAdd` (Conv1D: `tf.nn.conv1d`'s
`conv1d/conv1d/ExpandDims` ... `conv1d/conv1d/Squeeze`). The 1-D poolings pool a 2-D image of
height 1 (ExpandDims, MaxPool/AvgPool, Squeeze), as Keras does; channels_first inputs are moved
to channels_last around the pooling op, as Keras does on a CPU.
"""
from __future__ import annotations

from typing import Any, Callable

from ..framework.graph import Tensor
from ..framework.tensor_shape import TensorShape
from ..ops import array as array_ops
from ..ops import conv as conv_ops
from ..ops import init as init_ops
from ..ops import nn as nn_ops
from .layers import (InputSpec, Layer, _get_activation, _get_callable, _get_initializer,
                     _normalize_data_format)

__all__ = ["Conv1D", "conv1d", "Conv2D", "conv2d", "Conv2DTranspose", "conv2d_transpose",
           "MaxPooling1D", "max_pooling1d",
           "MaxPooling2D", "max_pooling2d", "AveragePooling1D", "average_pooling1d",
           "AveragePooling2D", "average_pooling2d"]


# --------------------------------------------------------------------------------------------
# Argument normalization (Keras's conv_utils)

def _normalize_tuple(value: Any, n: int, name: str) -> tuple[int, ...]:
    """An int repeated `n` times, or a sequence of exactly `n` ints."""
    if isinstance(value, int):
        return (value,) * n
    try:
        value_tuple = tuple(value)
    except TypeError:
        raise ValueError(f"The `{name}` argument must be a tuple of {n} integers. Received: "
                         f"{value}") from None
    if len(value_tuple) != n:
        raise ValueError(f"The `{name}` argument must be a tuple of {n} integers. Received: "
                         f"{value}")
    for single in value_tuple:
        try:
            int(single)
        except (ValueError, TypeError):
            raise ValueError(f"The `{name}` argument must be a tuple of {n} integers. "
                             f"Received: {value} including element {single} of type "
                             f"{type(single)}") from None
    return tuple(int(v) for v in value_tuple)


def _normalize_padding(value: Any) -> str:
    padding = value.lower() if isinstance(value, str) else value
    if padding not in ("valid", "same", "causal"):
        raise ValueError(f'The `padding` argument must be one of "valid", "same" (or "causal", '
                         f'only for `Conv1D). Received: {padding}')
    return padding


def _output_length(length: int | None, filter_size: int, padding: str, stride: int,
                   dilation: int = 1) -> int | None:
    """One spatial size of a convolution's or pooling's output."""
    if length is None:
        return None
    dilated = filter_size + (filter_size - 1) * (dilation - 1)
    out = length if padding in ("same", "causal") else length - dilated + 1
    return (out + stride - 1) // stride


# --------------------------------------------------------------------------------------------
# Convolutions

class _Conv(Layer):
    """The N-D convolution layer both Conv1D and Conv2D are: `activation(conv(inputs, kernel)
    + bias)`."""

    def __init__(self, rank: int, filters: int, kernel_size: Any, strides: Any = 1,
                 padding: str = "valid", data_format: str = "channels_last",
                 dilation_rate: Any = 1, activation: Any = None, use_bias: bool = True,
                 kernel_initializer: Any = None, bias_initializer: Any = init_ops.Zeros(),
                 kernel_regularizer: Callable | None = None,
                 bias_regularizer: Callable | None = None,
                 activity_regularizer: Callable | None = None,
                 kernel_constraint: Callable | None = None,
                 bias_constraint: Callable | None = None, trainable: bool = True,
                 name: str | None = None, **kwargs: Any):
        super().__init__(trainable=trainable, name=name,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.filters = int(filters) if filters is not None else None
        self.kernel_size = _normalize_tuple(kernel_size, rank, "kernel_size")
        self.strides = _normalize_tuple(strides, rank, "strides")
        self.padding = _normalize_padding(padding)
        if self.padding == "causal" and rank != 1:
            raise ValueError("Causal padding is only supported for `Conv1D` and "
                             "``SeparableConv1D`.")
        self.data_format = _normalize_data_format(data_format)
        self.dilation_rate = _normalize_tuple(dilation_rate, rank, "dilation_rate")
        self.activation = _get_activation(activation)
        self.use_bias = use_bias
        self.kernel_initializer = _get_initializer(kernel_initializer)
        self.bias_initializer = _get_initializer(bias_initializer)
        self.kernel_regularizer = _get_callable(kernel_regularizer, "regularizer")
        self.bias_regularizer = _get_callable(bias_regularizer, "regularizer")
        self.kernel_constraint = _get_callable(kernel_constraint, "constraint")
        self.bias_constraint = _get_callable(bias_constraint, "constraint")
        self.input_spec = InputSpec(ndim=rank + 2)
        self.kernel = None
        self.bias = None

    def _channel_axis(self) -> int:
        return 1 if self.data_format == "channels_first" else -1

    def build(self, input_shape: Any) -> None:
        input_shape = TensorShape(input_shape)
        channel_axis = self._channel_axis()
        if input_shape.dims[channel_axis].value is None:
            raise ValueError("The channel dimension of the inputs should be defined. Found "
                             "`None`.")
        input_dim = int(input_shape[channel_axis])
        self.kernel = self.add_weight("kernel", shape=self._kernel_shape(input_dim),
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint, trainable=True,
                                      dtype=self._dtype)
        if self.use_bias:
            self.bias = self.add_weight("bias", shape=(self.filters,),
                                        initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint, trainable=True,
                                        dtype=self._dtype)
        self.input_spec = InputSpec(ndim=self.rank + 2, axes={channel_axis: input_dim})
        self.built = True

    def _kernel_shape(self, input_dim: int) -> tuple[int, ...]:
        return self.kernel_size + (input_dim, self.filters)

    def _convolution(self, inputs: Tensor) -> Tensor:
        padding = "VALID" if self.padding == "causal" else self.padding.upper()
        channels_first = self.data_format == "channels_first"
        if self.rank == 1:
            if self.padding == "causal":
                left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
                inputs = array_ops.pad(inputs, [[0, 0], [0, 0], [left, 0]] if channels_first
                                       else [[0, 0], [left, 0], [0, 0]])
            return conv_ops.conv1d(inputs, self.kernel, self.strides[0], padding,
                                   data_format="NCW" if channels_first else "NWC",
                                   dilations=self.dilation_rate[0])
        data_format = "NCHW" if channels_first else "NHWC"
        if max(self.dilation_rate) == 1:
            return conv_ops.conv2d(inputs, self.kernel, list(self.strides), padding,
                                   data_format=data_format)

        def conv(converted: Tensor, pad: str) -> Tensor:
            return conv_ops.conv2d(converted, self.kernel, list(self.strides), pad,
                                   data_format=data_format)
        # TF 1.15's layers dilate as nn.convolution does: a VALID Conv2D between
        # SpaceToBatchND and BatchToSpaceND
        return conv_ops._with_space_to_batch(inputs, self.kernel.shape,
                                             list(self.dilation_rate), padding, data_format,
                                             conv)

    def call(self, inputs: Tensor) -> Tensor:
        outputs = self._convolution(inputs)
        if self.use_bias:
            if self.data_format == "channels_first" and self.rank == 1:
                # BiasAdd wants a spatial rank of 2 for NCHW; a broadcast add does it here
                outputs += array_ops.reshape(self.bias, (1, self.filters, 1))
            else:
                outputs = nn_ops.bias_add(outputs, self.bias, data_format="NCHW" if
                                          self.data_format == "channels_first" else "NHWC")
        if self.activation is not None:
            return self.activation(outputs)
        return outputs

    def compute_output_shape(self, input_shape: Any) -> TensorShape:
        dims = TensorShape(input_shape).with_rank(self.rank + 2).as_list()
        first = self.data_format == "channels_first"
        space = dims[2:] if first else dims[1:-1]
        new_space = [_output_length(length, self.kernel_size[i], self.padding, self.strides[i],
                                    self.dilation_rate[i]) for i, length in enumerate(space)]
        if first:
            return TensorShape([dims[0], self.filters] + new_space)
        return TensorShape([dims[0]] + new_space + [self.filters])


class Conv1D(_Conv):
    """`tf.layers.Conv1D`: a 1-D convolution layer over `[batch, width, channels]` inputs
    (`padding` also 'causal': left-padded so no output sees a later input)."""

    def __init__(self, filters: int, kernel_size: Any, strides: Any = 1, padding: str = "valid",
                 data_format: str = "channels_last", dilation_rate: Any = 1, **kwargs: Any):
        super().__init__(1, filters, kernel_size, strides=strides, padding=padding,
                         data_format=data_format, dilation_rate=dilation_rate, **kwargs)


class Conv2D(_Conv):
    """`tf.layers.Conv2D`: a 2-D convolution layer over `[batch, height, width, channels]`
    inputs."""

    def __init__(self, filters: int, kernel_size: Any, strides: Any = (1, 1),
                 padding: str = "valid", data_format: str = "channels_last",
                 dilation_rate: Any = (1, 1), **kwargs: Any):
        super().__init__(2, filters, kernel_size, strides=strides, padding=padding,
                         data_format=data_format, dilation_rate=dilation_rate, **kwargs)


def _apply_conv(cls: type, inputs: Any, filters: int, kernel_size: Any, name: str | None,
                reuse: Any, **kwargs: Any) -> Tensor:
    layer = cls(filters=filters, kernel_size=kernel_size, name=name, _scope=name, _reuse=reuse,
                **kwargs)
    return layer.apply(inputs)


def conv1d(inputs: Any, filters: int, kernel_size: Any, strides: Any = 1,
           padding: str = "valid", data_format: str = "channels_last", dilation_rate: Any = 1,
           activation: Any = None, use_bias: bool = True, kernel_initializer: Any = None,
           bias_initializer: Any = init_ops.Zeros(), kernel_regularizer: Callable | None = None,
           bias_regularizer: Callable | None = None,
           activity_regularizer: Callable | None = None,
           kernel_constraint: Callable | None = None, bias_constraint: Callable | None = None,
           trainable: bool = True, name: str | None = None, reuse: Any = None) -> Tensor:
    """`tf.layers.conv1d`: a Conv1D layer applied to `inputs`; `name` is also its variable
    scope (so `reuse=True` with the same name shares the kernel and bias)."""
    return _apply_conv(Conv1D, inputs, filters, kernel_size, name, reuse, strides=strides,
                       padding=padding, data_format=data_format, dilation_rate=dilation_rate,
                       activation=activation, use_bias=use_bias,
                       kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                       kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                       activity_regularizer=activity_regularizer,
                       kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
                       trainable=trainable)


def conv2d(inputs: Any, filters: int, kernel_size: Any, strides: Any = (1, 1),
           padding: str = "valid", data_format: str = "channels_last",
           dilation_rate: Any = (1, 1), activation: Any = None, use_bias: bool = True,
           kernel_initializer: Any = None, bias_initializer: Any = init_ops.Zeros(),
           kernel_regularizer: Callable | None = None, bias_regularizer: Callable | None = None,
           activity_regularizer: Callable | None = None,
           kernel_constraint: Callable | None = None, bias_constraint: Callable | None = None,
           trainable: bool = True, name: str | None = None, reuse: Any = None) -> Tensor:
    """`tf.layers.conv2d`: a Conv2D layer applied to `inputs`; `name` is also its variable
    scope (so `reuse=True` with the same name shares the kernel and bias)."""
    return _apply_conv(Conv2D, inputs, filters, kernel_size, name, reuse, strides=strides,
                       padding=padding, data_format=data_format, dilation_rate=dilation_rate,
                       activation=activation, use_bias=use_bias,
                       kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                       kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                       activity_regularizer=activity_regularizer,
                       kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
                       trainable=trainable)


# --------------------------------------------------------------------------------------------
# Conv2DTranspose

def _deconv_output_length(length: Any, filter_size: int, padding: str, stride: int) -> Any:
    """Keras's deconv_output_length without output padding: an int, None, or (for a length
    read from the input's shape at run time) a tensor built with `*` and `+`."""
    if length is None:
        return None
    if padding == "valid":
        return length * stride + max(filter_size - stride, 0)
    return length * stride


class Conv2DTranspose(Conv2D):
    """`tf.layers.Conv2DTranspose`: the transpose of a Conv2D layer (its gradient with respect
    to the input), upsampling by `strides`; its kernel is `[k_h, k_w, filters, in_channels]`.
    As Keras on a CPU, channels_first inputs are transposed to channels_last around the op."""

    def __init__(self, filters: int, kernel_size: Any, strides: Any = (1, 1),
                 padding: str = "valid", data_format: str = "channels_last", **kwargs: Any):
        super().__init__(filters, kernel_size, strides=strides, padding=padding,
                         data_format=data_format, **kwargs)
        self.input_spec = InputSpec(ndim=4)

    def build(self, input_shape: Any) -> None:
        input_shape = TensorShape(input_shape)
        if input_shape.ndims != 4:
            raise ValueError(f"Inputs should have rank 4. Received input shape: {input_shape}")
        super().build(input_shape)

    def _kernel_shape(self, input_dim: int) -> tuple[int, ...]:
        return self.kernel_size + (self.filters, input_dim)

    def _convolution(self, inputs: Tensor) -> Tensor:
        """Keras 1.15's call and backend.conv2d_transpose: the output shape from the input's
        run-time shape (Shape, strided slices, Mul), stacked; its batch entry read once more,
        as the backend checks it for None; the static shape set from the input's."""
        static_shape = inputs.shape
        inputs_shape = array_ops.shape(inputs)
        first = self.data_format == "channels_first"
        batch_size = inputs_shape[0]
        h_axis, w_axis = (2, 3) if first else (1, 2)
        height, width = inputs_shape[h_axis], inputs_shape[w_axis]
        out_height = _deconv_output_length(height, self.kernel_size[0], self.padding,
                                           self.strides[0])
        out_width = _deconv_output_length(width, self.kernel_size[1], self.padding,
                                          self.strides[1])
        if first:
            output_shape = array_ops.stack((batch_size, self.filters, out_height, out_width))
            inputs = array_ops.transpose(inputs, (0, 2, 3, 1))
            output_shape = (output_shape[0], output_shape[2], output_shape[3], output_shape[1])
        else:
            output_shape = array_ops.stack((batch_size, out_height, out_width, self.filters))
        output_shape[0]  # noqa: B018 - the backend's `output_shape[0] is None` slices it
        if isinstance(output_shape, tuple):
            output_shape = array_ops.stack(list(output_shape))
        outputs = conv_ops.conv2d_transpose(inputs, self.kernel, output_shape,
                                            (1,) + self.strides + (1,),
                                            padding=self.padding.upper(), data_format="NHWC")
        if first:
            outputs = array_ops.transpose(outputs, (0, 3, 1, 2))
        outputs.set_shape(self.compute_output_shape(static_shape))
        return outputs

    def compute_output_shape(self, input_shape: Any) -> TensorShape:
        dims = TensorShape(input_shape).with_rank(4).as_list()
        c_axis, h_axis, w_axis = (1, 2, 3) if self.data_format == "channels_first" else (3, 1, 2)
        dims[c_axis] = self.filters
        dims[h_axis] = _deconv_output_length(dims[h_axis], self.kernel_size[0], self.padding,
                                             self.strides[0])
        dims[w_axis] = _deconv_output_length(dims[w_axis], self.kernel_size[1], self.padding,
                                             self.strides[1])
        return TensorShape(dims)


def conv2d_transpose(inputs: Any, filters: int, kernel_size: Any, strides: Any = (1, 1),
                     padding: str = "valid", data_format: str = "channels_last",
                     activation: Any = None, use_bias: bool = True,
                     kernel_initializer: Any = None, bias_initializer: Any = init_ops.Zeros(),
                     kernel_regularizer: Callable | None = None,
                     bias_regularizer: Callable | None = None,
                     activity_regularizer: Callable | None = None,
                     kernel_constraint: Callable | None = None,
                     bias_constraint: Callable | None = None, trainable: bool = True,
                     name: str | None = None, reuse: Any = None) -> Tensor:
    """`tf.layers.conv2d_transpose`: a Conv2DTranspose layer applied to `inputs`; `name` is
    also its variable scope."""
    return _apply_conv(Conv2DTranspose, inputs, filters, kernel_size, name, reuse,
                       strides=strides, padding=padding, data_format=data_format,
                       activation=activation, use_bias=use_bias,
                       kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                       kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                       activity_regularizer=activity_regularizer,
                       kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
                       trainable=trainable)


# --------------------------------------------------------------------------------------------
# Pooling

class _Pooling(Layer):
    """An N-D pooling layer; subclasses set `rank` (1 or 2) and `_pool` (tf.nn.max_pool or
    avg_pool)."""

    rank: int
    _pool: Callable

    def __init__(self, pool_size: Any, strides: Any, padding: str = "valid",
                 data_format: str = "channels_last", name: str | None = None, **kwargs: Any):
        if strides is None:
            raise ValueError("Argument `strides` must not be None.")
        super().__init__(name=name, **kwargs)
        self.pool_size = _normalize_tuple(pool_size, self.rank, "pool_size")
        self.strides = _normalize_tuple(strides, self.rank, "strides")
        self.padding = _normalize_padding(padding)
        self.data_format = _normalize_data_format(data_format)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def call(self, inputs: Tensor) -> Tensor:
        first = self.data_format == "channels_first"
        if self.rank == 2:
            if first:
                return self._pool(inputs, (1, 1) + self.pool_size, (1, 1) + self.strides,
                                  self.padding.upper(), data_format="NCHW")
            return self._pool(inputs, (1,) + self.pool_size + (1,),
                              (1,) + self.strides + (1,), self.padding.upper())
        pad_axis = 3 if first else 2
        x = array_ops.expand_dims(inputs, pad_axis)
        if first:
            x = array_ops.transpose(x, (0, 2, 3, 1))
        x = self._pool(x, (1,) + self.pool_size + (1, 1), (1,) + self.strides + (1, 1),
                       self.padding.upper())
        if first:
            x = array_ops.transpose(x, (0, 3, 1, 2))
        return array_ops.squeeze(x, pad_axis)

    def compute_output_shape(self, input_shape: Any) -> TensorShape:
        dims = TensorShape(input_shape).with_rank(self.rank + 2).as_list()
        first = self.data_format == "channels_first"
        space = dims[2:] if first else dims[1:-1]
        new_space = [_output_length(length, self.pool_size[i], self.padding, self.strides[i])
                     for i, length in enumerate(space)]
        if first:
            return TensorShape(dims[:2] + new_space)
        return TensorShape([dims[0]] + new_space + [dims[-1]])


class MaxPooling1D(_Pooling):
    """`tf.layers.MaxPooling1D`: the max of each `pool_size` window along the width."""
    rank, _pool = 1, staticmethod(conv_ops.max_pool)


class AveragePooling1D(_Pooling):
    """`tf.layers.AveragePooling1D`: the mean of each window's real (unpadded) entries."""
    rank, _pool = 1, staticmethod(conv_ops.avg_pool)


class MaxPooling2D(_Pooling):
    """`tf.layers.MaxPooling2D`: the max of each `pool_size` window (op MaxPool)."""
    rank, _pool = 2, staticmethod(conv_ops.max_pool)


class AveragePooling2D(_Pooling):
    """`tf.layers.AveragePooling2D`: the mean of each window's real entries (op AvgPool)."""
    rank, _pool = 2, staticmethod(conv_ops.avg_pool)


def max_pooling1d(inputs: Any, pool_size: Any, strides: Any, padding: str = "valid",
                  data_format: str = "channels_last", name: str | None = None) -> Tensor:
    """`tf.layers.max_pooling1d`: a MaxPooling1D layer applied to `inputs`."""
    return MaxPooling1D(pool_size, strides, padding, data_format, name).apply(inputs)


def average_pooling1d(inputs: Any, pool_size: Any, strides: Any, padding: str = "valid",
                      data_format: str = "channels_last", name: str | None = None) -> Tensor:
    """`tf.layers.average_pooling1d`: an AveragePooling1D layer applied to `inputs`."""
    return AveragePooling1D(pool_size, strides, padding, data_format, name).apply(inputs)


def max_pooling2d(inputs: Any, pool_size: Any, strides: Any, padding: str = "valid",
                  data_format: str = "channels_last", name: str | None = None) -> Tensor:
    """`tf.layers.max_pooling2d`: a MaxPooling2D layer applied to `inputs`."""
    return MaxPooling2D(pool_size, strides, padding, data_format, name).apply(inputs)


def average_pooling2d(inputs: Any, pool_size: Any, strides: Any, padding: str = "valid",
                      data_format: str = "channels_last", name: str | None = None) -> Tensor:
    """`tf.layers.average_pooling2d`: an AveragePooling2D layer applied to `inputs`."""
    return AveragePooling2D(pool_size, strides, padding, data_format, name).apply(inputs)


# --------------------------------------------------------------------------------------------
# SeparableConv2D

class SeparableConv2D(Conv2D):
    """`tf.layers.SeparableConv2D`: a depthwise convolution (`depthwise_kernel`
    `[k_h, k_w, in_channels, depth_multiplier]`) followed by a 1x1 pointwise one
    (`pointwise_kernel` `[1, 1, in_channels * depth_multiplier, filters]`), as
    `tf.nn.separable_conv2d` (ops `<scope>/separable_conv2d/depthwise` and
    `<scope>/separable_conv2d`), then `bias` and the activation."""

    def __init__(self, filters: int, kernel_size: Any, strides: Any = (1, 1),
                 padding: str = "valid", data_format: str = "channels_last",
                 dilation_rate: Any = (1, 1), depth_multiplier: int = 1,
                 activation: Any = None, use_bias: bool = True,
                 depthwise_initializer: Any = None, pointwise_initializer: Any = None,
                 bias_initializer: Any = init_ops.Zeros(),
                 depthwise_regularizer: Callable | None = None,
                 pointwise_regularizer: Callable | None = None,
                 bias_regularizer: Callable | None = None,
                 activity_regularizer: Callable | None = None,
                 depthwise_constraint: Callable | None = None,
                 pointwise_constraint: Callable | None = None,
                 bias_constraint: Callable | None = None, trainable: bool = True,
                 name: str | None = None, **kwargs: Any):
        super().__init__(filters, kernel_size, strides=strides, padding=padding,
                         data_format=data_format, dilation_rate=dilation_rate,
                         activation=activation, use_bias=use_bias,
                         bias_initializer=bias_initializer, bias_regularizer=bias_regularizer,
                         activity_regularizer=activity_regularizer,
                         bias_constraint=bias_constraint, trainable=trainable, name=name,
                         **kwargs)
        self.depth_multiplier = int(depth_multiplier)
        self.depthwise_initializer = _get_initializer(depthwise_initializer)
        self.pointwise_initializer = _get_initializer(pointwise_initializer)
        self.depthwise_regularizer = _get_callable(depthwise_regularizer, "regularizer")
        self.pointwise_regularizer = _get_callable(pointwise_regularizer, "regularizer")
        self.depthwise_constraint = _get_callable(depthwise_constraint, "constraint")
        self.pointwise_constraint = _get_callable(pointwise_constraint, "constraint")
        self.depthwise_kernel = None
        self.pointwise_kernel = None

    def build(self, input_shape: Any) -> None:
        input_shape = TensorShape(input_shape)
        channel_axis = self._channel_axis()
        if input_shape.dims[channel_axis].value is None:
            raise ValueError("The channel dimension of the inputs to `SeparableConv2D` should "
                             "be defined. Found `None`.")
        input_dim = int(input_shape[channel_axis])
        self.depthwise_kernel = self.add_weight(
            "depthwise_kernel", shape=self.kernel_size + (input_dim, self.depth_multiplier),
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint, trainable=True, dtype=self._dtype)
        self.pointwise_kernel = self.add_weight(
            "pointwise_kernel", shape=(1, 1, self.depth_multiplier * input_dim, self.filters),
            initializer=self.pointwise_initializer, regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint, trainable=True, dtype=self._dtype)
        if self.use_bias:
            self.bias = self.add_weight("bias", shape=(self.filters,),
                                        initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint, trainable=True,
                                        dtype=self._dtype)
        else:
            self.bias = None
        self.input_spec = InputSpec(ndim=4, axes={channel_axis: input_dim})
        self.built = True

    def _convolution(self, inputs: Tensor) -> Tensor:
        first = self.data_format == "channels_first"
        strides = (1, 1) + self.strides if first else (1,) + self.strides + (1,)
        return conv_ops.separable_conv2d(inputs, self.depthwise_kernel, self.pointwise_kernel,
                                         strides=list(strides), padding=self.padding.upper(),
                                         rate=list(self.dilation_rate),
                                         data_format="NCHW" if first else "NHWC")


def separable_conv2d(inputs: Any, filters: int, kernel_size: Any, strides: Any = (1, 1),
                     padding: str = "valid", data_format: str = "channels_last",
                     dilation_rate: Any = (1, 1), depth_multiplier: int = 1,
                     activation: Any = None, use_bias: bool = True,
                     depthwise_initializer: Any = None, pointwise_initializer: Any = None,
                     bias_initializer: Any = init_ops.Zeros(),
                     depthwise_regularizer: Callable | None = None,
                     pointwise_regularizer: Callable | None = None,
                     bias_regularizer: Callable | None = None,
                     activity_regularizer: Callable | None = None,
                     depthwise_constraint: Callable | None = None,
                     pointwise_constraint: Callable | None = None,
                     bias_constraint: Callable | None = None, trainable: bool = True,
                     name: str | None = None, reuse: Any = None) -> Tensor:
    """`tf.layers.separable_conv2d`: a SeparableConv2D layer applied to `inputs`; `name` is
    also its variable scope (so `reuse=True` with the same name shares its variables)."""
    return _apply_conv(SeparableConv2D, inputs, filters, kernel_size, name, reuse,
                       strides=strides, padding=padding, data_format=data_format,
                       dilation_rate=dilation_rate, depth_multiplier=depth_multiplier,
                       activation=activation, use_bias=use_bias,
                       depthwise_initializer=depthwise_initializer,
                       pointwise_initializer=pointwise_initializer,
                       bias_initializer=bias_initializer,
                       depthwise_regularizer=depthwise_regularizer,
                       pointwise_regularizer=pointwise_regularizer,
                       bias_regularizer=bias_regularizer,
                       activity_regularizer=activity_regularizer,
                       depthwise_constraint=depthwise_constraint,
                       pointwise_constraint=pointwise_constraint,
                       bias_constraint=bias_constraint, trainable=trainable)


__all__ += ["SeparableConv2D", "separable_conv2d"]


# --------------------------------------------------------------------------------------------
# Conv3D

class Conv3D(_Conv):
    """`tf.layers.Conv3D`: a 3-D convolution layer over `[batch, depth, height, width,
    channels]` inputs (op `<scope>/Conv3D`, then `<scope>/BiasAdd`); its kernel is
    `[k_d, k_h, k_w, in_channels, filters]`."""

    def __init__(self, filters: int, kernel_size: Any, strides: Any = (1, 1, 1),
                 padding: str = "valid", data_format: str = "channels_last",
                 dilation_rate: Any = (1, 1, 1), **kwargs: Any):
        super().__init__(3, filters, kernel_size, strides=strides, padding=padding,
                         data_format=data_format, dilation_rate=dilation_rate, **kwargs)

    def _convolution(self, inputs: Tensor) -> Tensor:
        first = self.data_format == "channels_first"
        strides = (1, 1) + self.strides if first else (1,) + self.strides + (1,)
        dilations = (1, 1) + self.dilation_rate if first else (1,) + self.dilation_rate + (1,)
        return conv_ops.conv3d(inputs, self.kernel, list(strides), self.padding.upper(),
                               data_format="NCDHW" if first else "NDHWC",
                               dilations=list(dilations))


def conv3d(inputs: Any, filters: int, kernel_size: Any, strides: Any = (1, 1, 1),
           padding: str = "valid", data_format: str = "channels_last",
           dilation_rate: Any = (1, 1, 1), activation: Any = None, use_bias: bool = True,
           kernel_initializer: Any = None, bias_initializer: Any = init_ops.Zeros(),
           kernel_regularizer: Callable | None = None, bias_regularizer: Callable | None = None,
           activity_regularizer: Callable | None = None,
           kernel_constraint: Callable | None = None, bias_constraint: Callable | None = None,
           trainable: bool = True, name: str | None = None, reuse: Any = None) -> Tensor:
    """`tf.layers.conv3d`: a Conv3D layer applied to `inputs`; `name` is also its variable
    scope (so `reuse=True` with the same name shares the kernel and bias)."""
    return _apply_conv(Conv3D, inputs, filters, kernel_size, name, reuse, strides=strides,
                       padding=padding, data_format=data_format, dilation_rate=dilation_rate,
                       activation=activation, use_bias=use_bias,
                       kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                       kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                       activity_regularizer=activity_regularizer,
                       kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
                       trainable=trainable)


__all__ += ["Conv3D", "conv3d"]
