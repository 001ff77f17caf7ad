"""TF1 batch normalization layer: `BatchNormalization`/`batch_normalization` (mirrors
tensorflow/python/layers/normalization.py of TF 1.15 and the Keras v1 layer under it).

Variables `<scope>/gamma` (ones, absent unless `scale`), `<scope>/beta` (zeros, absent unless
`center`), and the non-trainable `<scope>/moving_mean` (zeros) and `<scope>/moving_variance`
(ones). Rank-4 inputs normalized on axis 1 or 3 use FusedBatchNormV3 (unless `fused=False`);
others `tf.nn.moments` and `tf.nn.batch_normalization`.

`training` is a Python bool or a bool tensor (a tensor of unknown value builds `tf.cond`s).
Training normalizes by the batch statistics and adds two `AssignMovingAvg` updates
(`moving -= (moving - batch) * (1 - momentum)`) to the layer's `updates` and to
`GraphKeys.UPDATE_OPS`; the fused kernel's batch variance is the unbiased one, as in TF. With
training False nothing is added and the moving statistics normalize.
"""
from __future__ import annotations

from typing import Any, Callable

from ..framework import dtypes as _dtypes
from ..framework.convert import constant, constant_value, convert_to_tensor
from ..framework.graph import Tensor, colocate_with, name_scope
from ..framework.tensor_shape import TensorShape
from ..ops import array as array_ops
from ..ops import batch_norm as bn_ops
from ..ops import init as init_ops
from ..ops import nn_impl
from ..ops import state as state_ops
from ..ops import variable_scope as vs
from .layers import InputSpec, Layer, _get_callable, _get_initializer, _smart_cond

__all__ = ["BatchNormalization", "batch_normalization"]


def _training_value(training: Any) -> Any:
    """True, False or None (decided only when run), as TF's `constant_value` reads it."""
    if isinstance(training, Tensor):
        value = constant_value(training)
        return None if value is None else bool(value)
    return bool(training)


class BatchNormalization(Layer):
    """`tf.layers.BatchNormalization`: `gamma * (x - mean) / sqrt(variance + epsilon) + beta`
    per feature of `axis`, by batch statistics when training, else by moving averages."""

    def __init__(self, axis: Any = -1, momentum: float = 0.99, epsilon: float = 1e-3,
                 center: bool = True, scale: bool = True,
                 beta_initializer: Any = init_ops.Zeros(),
                 gamma_initializer: Any = init_ops.Ones(),
                 moving_mean_initializer: Any = init_ops.Zeros(),
                 moving_variance_initializer: Any = init_ops.Ones(),
                 beta_regularizer: Callable | None = None,
                 gamma_regularizer: Callable | None = None,
                 beta_constraint: Callable | None = None,
                 gamma_constraint: Callable | None = None, fused: bool | None = None,
                 trainable: bool = True, name: str | None = None, **kwargs: Any):
        super().__init__(name=name, trainable=trainable, **kwargs)
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else axis
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = _get_initializer(beta_initializer)
        self.gamma_initializer = _get_initializer(gamma_initializer)
        self.moving_mean_initializer = _get_initializer(moving_mean_initializer)
        self.moving_variance_initializer = _get_initializer(moving_variance_initializer)
        self.beta_regularizer = _get_callable(beta_regularizer, "regularizer")
        self.gamma_regularizer = _get_callable(gamma_regularizer, "regularizer")
        self.beta_constraint = _get_callable(beta_constraint, "constraint")
        self.gamma_constraint = _get_callable(gamma_constraint, "constraint")
        self.fused = True if fused is None else fused
        self.supports_masking = True
        self.gamma = self.beta = self.moving_mean = self.moving_variance = None

    def build(self, input_shape: Any) -> None:
        input_shape = TensorShape(input_shape)
        if not input_shape.ndims:
            raise ValueError(f"Input has undefined rank: {input_shape}")
        ndims = input_shape.ndims
        if isinstance(self.axis, int):
            self.axis = [self.axis]
        if not isinstance(self.axis, list):
            raise TypeError(f"axis must be int or list, type given: {type(self.axis)}")
        self.axis = [a + ndims if a < 0 else a for a in self.axis]
        for a in self.axis:
            if a < 0 or a >= ndims:
                raise ValueError(f"Invalid axis: {a}")
        if len(self.axis) != len(set(self.axis)):
            raise ValueError(f"Duplicate axis: {self.axis}")
        if self.fused:
            self.fused = ndims == 4 and self.axis in ([1], [3])
        self._data_format = "NCHW" if self.axis == [1] else "NHWC"
        dtype = _dtypes.as_dtype(self._dtype or _dtypes.float32)
        param_dtype = _dtypes.float32 if dtype in (_dtypes.float16, _dtypes.bfloat16) else dtype
        axis_to_dim = {a: input_shape.dims[a].value for a in self.axis}
        for a, dim in axis_to_dim.items():
            if dim is None:
                raise ValueError(f"Input has undefined `axis` dimension. Input shape: "
                                 f"{input_shape}")
        self.input_spec = InputSpec(ndim=ndims, axes=axis_to_dim)
        if len(axis_to_dim) == 1:
            param_shape = [next(iter(axis_to_dim.values()))]
        else:
            param_shape = [axis_to_dim.get(i, 1) for i in range(ndims)]
        self._param_shape = param_shape
        if self.scale:
            self.gamma = self.add_weight("gamma", shape=param_shape, dtype=param_dtype,
                                         initializer=self.gamma_initializer,
                                         regularizer=self.gamma_regularizer,
                                         constraint=self.gamma_constraint, trainable=True)
        elif self.fused:
            self._gamma_const = constant(1.0, dtype=param_dtype, shape=param_shape)
        if self.center:
            self.beta = self.add_weight("beta", shape=param_shape, dtype=param_dtype,
                                        initializer=self.beta_initializer,
                                        regularizer=self.beta_regularizer,
                                        constraint=self.beta_constraint, trainable=True)
        elif self.fused:
            self._beta_const = constant(0.0, dtype=param_dtype, shape=param_shape)
        self.moving_mean = self.add_weight(
            "moving_mean", shape=param_shape, dtype=param_dtype,
            initializer=self.moving_mean_initializer,
            synchronization=vs.VariableSynchronization.ON_READ, trainable=False,
            aggregation=vs.VariableAggregation.MEAN)
        self.moving_variance = self.add_weight(
            "moving_variance", shape=param_shape, dtype=param_dtype,
            initializer=self.moving_variance_initializer,
            synchronization=vs.VariableSynchronization.ON_READ, trainable=False,
            aggregation=vs.VariableAggregation.MEAN)
        self.built = True

    def _assign_moving_average(self, variable: Any, value: Tensor, momentum: Any) -> Tensor:
        with name_scope(None, "AssignMovingAvg", [variable, value, momentum]) as scope, \
                colocate_with(variable):
            decay = convert_to_tensor(1.0 - momentum, name="decay")
            if decay.dtype != variable.dtype.base_dtype:
                decay = array_ops.cast(decay, variable.dtype.base_dtype)
            update_delta = (variable - array_ops.cast(value, variable.dtype)) * decay
            return state_ops.assign_sub(variable, update_delta, name=scope)

    def _fused_batch_norm(self, inputs: Tensor, training: Any) -> Tensor:
        beta = self.beta if self.center else self._beta_const
        gamma = self.gamma if self.scale else self._gamma_const

        def train() -> tuple:
            return bn_ops.fused_batch_norm(inputs, gamma, beta, epsilon=self.epsilon,
                                           data_format=self._data_format)

        def infer() -> tuple:
            return bn_ops.fused_batch_norm(inputs, gamma, beta, mean=self.moving_mean,
                                           variance=self.moving_variance, epsilon=self.epsilon,
                                           is_training=False, data_format=self._data_format)
        output, mean, variance = _smart_cond(training, train, infer)
        training_value = _training_value(training)
        if training_value is None:
            momentum = _smart_cond(training, lambda: convert_to_tensor(self.momentum),
                                   lambda: convert_to_tensor(1.0))
        else:
            momentum = convert_to_tensor(self.momentum)
        if training_value or training_value is None:
            self.add_update(lambda: self._assign_moving_average(self.moving_mean, mean,
                                                                momentum))
            self.add_update(lambda: self._assign_moving_average(self.moving_variance, variance,
                                                                momentum))
        return output

    def call(self, inputs: Tensor, training: Any = False) -> Tensor:
        training = False if training is None else training
        if self.fused:
            return self._fused_batch_norm(inputs, training)
        input_shape = inputs.shape
        ndims = input_shape.ndims
        reduction_axes = [i for i in range(ndims) if i not in self.axis]
        broadcast_shape = [1] * ndims
        broadcast_shape[self.axis[0]] = input_shape.dims[self.axis[0]].value

        def broadcast(v: Any) -> Any:
            if v is not None and len(v.shape) != ndims and \
                    reduction_axes != list(range(ndims - 1)):
                return array_ops.reshape(v, broadcast_shape)
            return v
        scale, offset = broadcast(self.gamma), broadcast(self.beta)
        if _training_value(training) is False:
            mean, variance = self.moving_mean, self.moving_variance
        else:
            batch_mean, batch_variance = nn_impl.moments(
                array_ops.cast(inputs, self.moving_mean.dtype.base_dtype), reduction_axes,
                keep_dims=len(self.axis) > 1)
            mean = _smart_cond(training, lambda: batch_mean,
                               lambda: convert_to_tensor(self.moving_mean))
            variance = _smart_cond(training, lambda: batch_variance,
                                   lambda: convert_to_tensor(self.moving_variance))

            def update(var: Any, value: Tensor) -> Callable:
                return lambda: _smart_cond(
                    training, lambda: self._assign_moving_average(var, value, self.momentum),
                    lambda: convert_to_tensor(var))
            self.add_update(update(self.moving_mean, mean))
            self.add_update(update(self.moving_variance, variance))
        mean = array_ops.cast(mean, inputs.dtype)
        variance = array_ops.cast(variance, inputs.dtype)
        if offset is not None:
            offset = array_ops.cast(offset, inputs.dtype)
        if scale is not None:
            scale = array_ops.cast(scale, inputs.dtype)
        outputs = bn_ops.batch_normalization(inputs, broadcast(mean), broadcast(variance),
                                             offset, scale, self.epsilon)
        outputs.set_shape(input_shape)
        return outputs

    def compute_output_shape(self, input_shape: Any) -> TensorShape:
        return TensorShape(input_shape)


def batch_normalization(inputs: Any, axis: Any = -1, momentum: float = 0.99,
                        epsilon: float = 1e-3, center: bool = True, scale: bool = True,
                        beta_initializer: Any = init_ops.Zeros(),
                        gamma_initializer: Any = init_ops.Ones(),
                        moving_mean_initializer: Any = init_ops.Zeros(),
                        moving_variance_initializer: Any = init_ops.Ones(),
                        beta_regularizer: Callable | None = None,
                        gamma_regularizer: Callable | None = None,
                        beta_constraint: Callable | None = None,
                        gamma_constraint: Callable | None = None, training: Any = False,
                        trainable: bool = True, name: str | None = None, reuse: Any = None,
                        fused: bool | None = None) -> Tensor:
    """`tf.layers.batch_normalization`: a BatchNormalization layer applied to `inputs`. Its
    moving-average updates go to `GraphKeys.UPDATE_OPS`: run them with the train op
    (`with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS))`)."""
    layer = BatchNormalization(
        axis=axis, momentum=momentum, epsilon=epsilon, center=center, scale=scale,
        beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
        moving_mean_initializer=moving_mean_initializer,
        moving_variance_initializer=moving_variance_initializer,
        beta_regularizer=beta_regularizer, gamma_regularizer=gamma_regularizer,
        beta_constraint=beta_constraint, gamma_constraint=gamma_constraint, fused=fused,
        trainable=trainable, name=name, _reuse=reuse, _scope=name)
    return layer.apply(inputs, training=training)
