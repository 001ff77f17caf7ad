"""`tf.contrib.layers`: `fully_connected`, `conv2d`, `max_pool2d`, `flatten`, `layer_norm`,
`embed_sequence`, the xavier / variance-scaling initializers and the l1 / l2 / sum regularizers
(mirrors tensorflow/contrib/layers/python/layers of TF 1.15: layers.py, encoders.py,
initializers.py, regularizers.py).

`fully_connected` is a `tf.layers.Dense` in a variable scope `fully_connected` (uniquified)
whose custom getter renames `kernel`/`bias` to `weights`/`biases` and makes them model
variables (`GraphKeys.MODEL_VARIABLES`); its ops are `fully_connected/MatMul`,
`fully_connected/BiasAdd`, `fully_connected/Relu`.
"""
from __future__ import annotations

import functools
import math
import numbers
from typing import Any, Callable

from .. import train
from ..framework import dtypes as _dtypes
from ..framework.convert import constant, constant_value, convert_to_tensor
from ..framework.graph import (GraphKeys, Tensor, add_to_collection, add_to_collections,
                               get_collection, get_default_graph, name_scope)
from ..framework.indexed_slices import IndexedSlices
from ..nn import convolutional as conv_layers
from ..nn import layers as core_layers
from ..nn import normalization
from ..ops import array as array_ops
from ..ops import batch_norm as bn_ops
from ..ops import clip as clip_ops
from ..ops import control_flow as control_flow_ops
from ..ops import init as init_ops
from ..ops import math as math_ops
from ..ops import nn as nn_ops
from ..ops import nn_impl
from ..ops import random as random_ops
from ..ops import state as state_ops
from ..ops import variable_scope as vs
from ..ops.state import trainable_variables as train_vars
from .framework.arg_scope import add_arg_scope
from .framework.variables import model_variable

__all__ = ["embedding_lookup_unique", "fully_connected", "xavier_initializer",
           "xavier_initializer_conv2d", "variance_scaling_initializer", "l1_regularizer",
           "l2_regularizer", "l1_l2_regularizer", "sum_regularizer", "apply_regularization"]


# --------------------------------------------------------------------------------------------
# Initializers (initializers.py)

def variance_scaling_initializer(factor: float = 2.0, mode: str = "FAN_IN", uniform: bool = False,
                                 seed: int | None = None,
                                 dtype: Any = _dtypes.float32) -> Callable:
    """An initializer drawing with variance `factor / n`, `n` the fan-in, fan-out or their
    mean (`mode`): uniform on `[-sqrt(3 factor / n), sqrt(3 factor / n)]`, or a truncated
    normal of stddev `sqrt(1.3 factor / n)`. Fans count all dimensions but the last two as
    receptive field (convolutions)."""
    dtype = _dtypes.as_dtype(dtype)
    if not dtype.is_floating:
        raise TypeError("Cannot create initializer for non-floating point type.")
    if mode not in ["FAN_IN", "FAN_OUT", "FAN_AVG"]:
        raise TypeError(f"Unknown mode {mode} [FAN_IN, FAN_OUT, FAN_AVG]")

    def _initializer(shape: Any, dtype: Any = dtype, partition_info: Any = None) -> Any:
        dtype = _dtypes.as_dtype(dtype)
        if not dtype.is_floating:
            raise TypeError("Cannot create initializer for non-floating point type.")
        shape = list(shape)
        if shape:
            fan_in = float(shape[-2]) if len(shape) > 1 else float(shape[-1])
            fan_out = float(shape[-1])
        else:
            fan_in = fan_out = 1.0
        for dim in shape[:-2]:
            fan_in *= float(dim)
            fan_out *= float(dim)
        n = {"FAN_IN": fan_in, "FAN_OUT": fan_out, "FAN_AVG": (fan_in + fan_out) / 2.0}[mode]
        if uniform:
            limit = math.sqrt(3.0 * factor / n)
            return random_ops.random_uniform(shape, -limit, limit, dtype, seed=seed)
        trunc_stddev = math.sqrt(1.3 * factor / n)
        return random_ops.truncated_normal(shape, 0.0, trunc_stddev, dtype, seed=seed)

    return _initializer


def xavier_initializer(uniform: bool = True, seed: int | None = None,
                       dtype: Any = _dtypes.float32) -> Callable:
    """Glorot's initializer: variance scaling with factor 1 over the mean fan."""
    return variance_scaling_initializer(factor=1.0, mode="FAN_AVG", uniform=uniform, seed=seed,
                                        dtype=dtype)


xavier_initializer_conv2d = xavier_initializer


# --------------------------------------------------------------------------------------------
# Regularizers (regularizers.py)

def _check_scale(scale: Any, what: str, suffix: str) -> bool:
    """Whether `scale` disables the regularizer (0); integers and negatives are errors."""
    if isinstance(scale, numbers.Integral):
        raise ValueError(f"{what} cannot be an integer: {scale}")
    if isinstance(scale, numbers.Real):
        if scale < 0.0:
            raise ValueError(f"Setting a scale less than 0 on a regularizer: {scale:g}{suffix}")
        return scale == 0.0
    return False


def _disabled(_: Any) -> None:
    return None


def l1_regularizer(scale: float, scope: str | None = None) -> Callable:
    """A regularizer `scale * sum(|w|)` (ops in scope `l1_regularizer`); scale 0 gives one that
    returns None."""
    if _check_scale(scale, "scale", ""):
        return _disabled

    def l1(weights: Any, name: str | None = None) -> Any:
        with name_scope(scope, "l1_regularizer", [weights]) as name:  # noqa: PLR1704 - as TF
            my_scale = convert_to_tensor(scale, dtype=weights.dtype.base_dtype, name="scale")
            return math_ops.multiply(my_scale, math_ops.reduce_sum(math_ops.abs(weights)),
                                     name=name)
    return l1


def l2_regularizer(scale: float, scope: str | None = None) -> Callable:
    """A regularizer `scale * l2_loss(w)` = `scale * sum(w^2) / 2` (ops in scope
    `l2_regularizer`); scale 0 gives one that returns None."""
    if _check_scale(scale, "scale", "."):
        return _disabled

    def l2(weights: Any) -> Any:
        with name_scope(scope, "l2_regularizer", [weights]) as name:
            my_scale = convert_to_tensor(scale, dtype=weights.dtype.base_dtype, name="scale")
            return math_ops.multiply(my_scale, nn_ops.l2_loss(weights), name=name)
    return l2


def sum_regularizer(regularizer_list: list, scope: str | None = None) -> Callable | None:
    """A regularizer adding the losses of `regularizer_list` (AddN in scope
    `sum_regularizer`); None when the list holds no regularizer."""
    regularizer_list = [reg for reg in regularizer_list if reg is not None]
    if not regularizer_list:
        return None

    def sum_reg(weights: Any) -> Any:
        with name_scope(scope, "sum_regularizer", [weights]) as name:
            regularizer_tensors = [t for t in (reg(weights) for reg in regularizer_list)
                                   if t is not None]
            return math_ops.add_n(regularizer_tensors, name=name) if regularizer_tensors \
                else None
    return sum_reg


def l1_l2_regularizer(scale_l1: float = 1.0, scale_l2: float = 1.0,
                      scope: str | None = None) -> Callable:
    """The sum of an l1 and an l2 regularizer (only one of them when the other scale is 0)."""
    if isinstance(scale_l1, numbers.Integral):
        raise ValueError(f"scale_l1 cannot be an integer: {scale_l1}")
    if isinstance(scale_l2, numbers.Integral):
        raise ValueError(f"scale_l2 cannot be an integer: {scale_l2}")
    scope = scope or "l1_l2_regularizer"
    if scale_l1 == 0.0:
        return l2_regularizer(scale_l2, scope)
    if scale_l2 == 0.0:
        return l1_regularizer(scale_l1, scope)
    return sum_regularizer([l1_regularizer(scale_l1), l2_regularizer(scale_l2)], scope=scope)


def apply_regularization(regularizer: Callable, weights_list: list | None = None) -> Any:
    """The sum of `regularizer` over `weights_list` (default: the WEIGHTS collection), as the
    AddN `get_regularization_penalty`, also added to REGULARIZATION_LOSSES."""
    if not weights_list:
        weights_list = get_collection(GraphKeys.WEIGHTS)
    if not weights_list:
        raise ValueError("No weights to regularize.")
    with name_scope("get_regularization_penalty", values=weights_list) as scope:
        penalties = [regularizer(w) for w in weights_list]
        penalties = [p if p is not None else constant(0.0) for p in penalties]
        for p in penalties:
            if p.shape.ndims != 0:
                raise ValueError(f"regularizer must return a scalar Tensor instead of a Tensor "
                                 f"with rank {p.shape.ndims}.")
        summed_penalty = math_ops.add_n(penalties, name=scope)
        add_to_collection(GraphKeys.REGULARIZATION_LOSSES, summed_penalty)
        return summed_penalty


# --------------------------------------------------------------------------------------------
# fully_connected (layers.py)

def _model_variable_getter(rename: dict) -> Callable:
    """A custom getter that renames the layer's variables (`kernel` -> `weights`) and makes
    them model variables, as contrib's layers do."""
    def getter(getter: Callable, name: str, *args: Any, collections: Any = None,
               **kwargs: Any) -> Any:
        components = name.split("/")
        components[-1] = rename.get(components[-1], components[-1])
        collections = list(collections or [])
        collections += [GraphKeys.GLOBAL_VARIABLES, GraphKeys.MODEL_VARIABLES]
        return getter("/".join(components), *args, collections=list(dict.fromkeys(collections)),
                      **kwargs)
    return getter


def _add_variable_to_collections(variable: Any, collections_set: Any, key: str) -> None:
    collections = collections_set.get(key) if isinstance(collections_set, dict) \
        else collections_set
    for collection in collections or []:
        if variable not in get_collection(collection):
            add_to_collection(collection, variable)


@add_arg_scope
def fully_connected(inputs: Any, num_outputs: int, activation_fn: Callable | None = nn_ops.relu,
                    normalizer_fn: Callable | None = None, normalizer_params: dict | None = None,
                    weights_initializer: Any = xavier_initializer(),
                    weights_regularizer: Callable | None = None,
                    biases_initializer: Any = init_ops.Zeros(),
                    biases_regularizer: Callable | None = None, reuse: Any = None,
                    variables_collections: Any = None, outputs_collections: Any = None,
                    trainable: bool = True, scope: Any = None) -> Any:
    """`tf.contrib.layers.fully_connected`: `activation_fn(normalizer_fn(inputs @ weights +
    biases))` in variable scope `scope` (default `fully_connected`, uniquified). A
    `normalizer_fn` replaces the biases; `biases_initializer=None` drops them."""
    if not isinstance(num_outputs, int) or isinstance(num_outputs, bool):
        raise ValueError(f"num_outputs type should be one of [<class 'int'>], got "
                         f"{type(num_outputs)}.")
    getter = _model_variable_getter({"bias": "biases", "kernel": "weights"})
    with vs.variable_scope(scope, "fully_connected", [inputs], reuse=reuse,
                           custom_getter=getter) as sc:
        inputs = convert_to_tensor(inputs)
        layer = core_layers.Dense(
            units=num_outputs, activation=None,
            use_bias=not normalizer_fn and biases_initializer is not None,
            kernel_initializer=weights_initializer, bias_initializer=biases_initializer,
            kernel_regularizer=weights_regularizer, bias_regularizer=biases_regularizer,
            activity_regularizer=None, trainable=trainable, name=sc.name,
            dtype=inputs.dtype.base_dtype, _scope=sc, _reuse=reuse)
        outputs = layer.apply(inputs)
        _add_variable_to_collections(layer.kernel, variables_collections, "weights")
        if layer.bias is not None:
            _add_variable_to_collections(layer.bias, variables_collections, "biases")
        if normalizer_fn is not None:
            outputs = normalizer_fn(outputs, **(normalizer_params or {}))
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect_named_outputs(outputs_collections, sc.name, outputs)


def _collect_named_outputs(collections: Any, alias: str, outputs: Tensor) -> Tensor:
    """contrib's `collect_named_outputs`: `outputs` tagged with `alias` (the layer's scope) and
    added to `collections`, when there are any."""
    if collections:
        if hasattr(outputs, "aliases"):
            outputs.aliases.append(alias)
        else:
            outputs.aliases = [alias]
        add_to_collections(collections, outputs)
    return outputs


def _variable_collections(variables_collections: Any, name: str) -> Any:
    if isinstance(variables_collections, dict):
        return variables_collections.get(name)
    return variables_collections


# --------------------------------------------------------------------------------------------
# convolution, pooling, flatten (layers.py)

@add_arg_scope
def convolution(inputs: Any, num_outputs: int, kernel_size: Any, stride: Any = 1,
                padding: str = "SAME", data_format: str | None = None, rate: Any = 1,
                activation_fn: Callable | None = nn_ops.relu,
                normalizer_fn: Callable | None = None, normalizer_params: dict | None = None,
                weights_initializer: Any = xavier_initializer(),
                weights_regularizer: Callable | None = None,
                biases_initializer: Any = init_ops.Zeros(),
                biases_regularizer: Callable | None = None, reuse: Any = None,
                variables_collections: Any = None, outputs_collections: Any = None,
                trainable: bool = True, scope: Any = None, conv_dims: int | None = None) -> Any:
    """`tf.contrib.layers.convolution`: a `tf.layers` Conv1D/Conv2D (by the input's rank) in
    variable scope `Conv` with variables `weights`/`biases`, then the normalizer and the
    activation (relu by default). 3-D convolutions are not available in minitf."""
    if data_format not in [None, "NWC", "NCW", "NHWC", "NCHW", "NDHWC", "NCDHW"]:
        raise ValueError(f"Invalid data_format: {data_format!r}")
    getter = _model_variable_getter({"bias": "biases", "kernel": "weights"})
    with vs.variable_scope(scope, "Conv", [inputs], reuse=reuse, custom_getter=getter) as sc:
        inputs = convert_to_tensor(inputs)
        input_rank = inputs.shape.ndims
        if conv_dims is not None and conv_dims + 2 != input_rank:
            raise ValueError(f"Convolution expects input with rank {conv_dims + 2}, got "
                             f"{input_rank}")
        layer_classes = {3: conv_layers.Conv1D, 4: conv_layers.Conv2D}
        if input_rank not in layer_classes:
            raise ValueError("Convolution not supported for input with rank", input_rank)
        df = "channels_first" if data_format and data_format.startswith("NC") \
            else "channels_last"
        layer = layer_classes[input_rank](
            filters=num_outputs, kernel_size=kernel_size, strides=stride, padding=padding,
            data_format=df, dilation_rate=rate, activation=None,
            use_bias=not normalizer_fn and biases_initializer is not None,
            kernel_initializer=weights_initializer, bias_initializer=biases_initializer,
            kernel_regularizer=weights_regularizer, bias_regularizer=biases_regularizer,
            activity_regularizer=None, trainable=trainable, name=sc.name,
            dtype=inputs.dtype.base_dtype, _scope=sc, _reuse=reuse)
        outputs = layer.apply(inputs)
        _add_variable_to_collections(layer.kernel, variables_collections, "weights")
        if layer.use_bias:
            _add_variable_to_collections(layer.bias, variables_collections, "biases")
        if normalizer_fn is not None:
            outputs = normalizer_fn(outputs, **(normalizer_params or {}))
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect_named_outputs(outputs_collections, sc.name, outputs)


@add_arg_scope
def convolution2d(inputs: Any, num_outputs: int, kernel_size: Any, stride: Any = 1,
                  padding: str = "SAME", data_format: str | None = None, rate: Any = 1,
                  activation_fn: Callable | None = nn_ops.relu,
                  normalizer_fn: Callable | None = None, normalizer_params: dict | None = None,
                  weights_initializer: Any = xavier_initializer(),
                  weights_regularizer: Callable | None = None,
                  biases_initializer: Any = init_ops.Zeros(),
                  biases_regularizer: Callable | None = None, reuse: Any = None,
                  variables_collections: Any = None, outputs_collections: Any = None,
                  trainable: bool = True, scope: Any = None) -> Any:
    """`tf.contrib.layers.conv2d`: `convolution` on rank-4 inputs only."""
    return convolution(inputs, num_outputs, kernel_size, stride, padding, data_format, rate,
                       activation_fn, normalizer_fn, normalizer_params, weights_initializer,
                       weights_regularizer, biases_initializer, biases_regularizer, reuse,
                       variables_collections, outputs_collections, trainable, scope,
                       conv_dims=2)


conv2d = convolution2d


@add_arg_scope
def max_pool2d(inputs: Any, kernel_size: Any, stride: Any = 2, padding: str = "VALID",
               data_format: str = "NHWC", outputs_collections: Any = None,
               scope: Any = None) -> Tensor:
    """`tf.contrib.layers.max_pool2d`: a `tf.layers.MaxPooling2D` in name scope `MaxPool2D`
    (op `MaxPool2D/MaxPool`); stride 2 and VALID padding by default."""
    if data_format not in ("NCHW", "NHWC"):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    with name_scope(scope, "MaxPool2D", [inputs]) as sc:
        inputs = convert_to_tensor(inputs)
        df = "channels_first" if data_format.startswith("NC") else "channels_last"
        layer = conv_layers.MaxPooling2D(pool_size=kernel_size, strides=stride,
                                         padding=padding, data_format=df, _scope=sc)
        outputs = layer.apply(inputs)
        return _collect_named_outputs(outputs_collections, sc, outputs)


@add_arg_scope
def dropout(inputs: Any, keep_prob: Any = 0.5, noise_shape: Any = None, is_training: Any = True,
            outputs_collections: Any = None, scope: Any = None,
            seed: int | None = None) -> Tensor:
    """`tf.contrib.layers.dropout`: a `tf.layers.Dropout` of rate `1 - keep_prob` in variable
    scope `scope` (default `Dropout`); `is_training`, a bool or a bool tensor, picks dropout or
    the identity."""
    with vs.variable_scope(scope, "Dropout", [inputs]) as sc:
        inputs = convert_to_tensor(inputs)
        layer = core_layers.Dropout(rate=1 - keep_prob, noise_shape=noise_shape, seed=seed,
                                    name=sc.name, _scope=sc)
        outputs = layer.apply(inputs, training=is_training)
        return _collect_named_outputs(outputs_collections, sc.name, outputs)


@add_arg_scope
def flatten(inputs: Any, outputs_collections: Any = None, scope: Any = None) -> Tensor:
    """`tf.contrib.layers.flatten`: `[batch, ...]` to `[batch, k]`, in name scope `Flatten`."""
    with name_scope(scope, "Flatten", [inputs]) as sc:
        inputs = convert_to_tensor(inputs)
        outputs = core_layers.flatten(inputs)
        return _collect_named_outputs(outputs_collections, sc, outputs)


# --------------------------------------------------------------------------------------------
# layer_norm (layers.py), embed_sequence (encoders.py)

@add_arg_scope
def layer_norm(inputs: Any, center: bool = True, scale: bool = True,
               activation_fn: Callable | None = None, reuse: Any = None,
               variables_collections: Any = None, outputs_collections: Any = None,
               trainable: bool = True, begin_norm_axis: int = 1, begin_params_axis: int = -1,
               scope: Any = None) -> Tensor:
    """`tf.contrib.layers.layer_norm`: normalizes over the axes from `begin_norm_axis` on
    (variance epsilon 1e-12, 1e-3 for float16), then `gamma * x + beta` with model variables
    `LayerNorm/gamma` (ones) and `LayerNorm/beta` (zeros) shaped like the axes from
    `begin_params_axis` on."""
    with vs.variable_scope(scope, "LayerNorm", [inputs], reuse=reuse) as sc:
        inputs = convert_to_tensor(inputs)
        inputs_shape = inputs.shape
        inputs_rank = inputs_shape.ndims
        if inputs_rank is None:
            raise ValueError(f"Inputs {inputs.name} has undefined rank.")
        dtype = inputs.dtype.base_dtype
        if begin_norm_axis < 0:
            begin_norm_axis = inputs_rank + begin_norm_axis
        if begin_params_axis >= inputs_rank or begin_norm_axis >= inputs_rank:
            raise ValueError(f"begin_params_axis ({begin_params_axis}) and begin_norm_axis "
                             f"({begin_norm_axis}) must be < rank(inputs) ({inputs_rank})")
        params_shape = inputs_shape[begin_params_axis:]
        if not params_shape.is_fully_defined():
            raise ValueError(f"Inputs {inputs.name}: shape(inputs)[{begin_params_axis}:] is not "
                             f"fully defined: {inputs_shape}")
        beta = gamma = None
        if center:
            beta = model_variable(
                "beta", shape=params_shape, dtype=dtype, initializer=init_ops.zeros_initializer(),
                collections=_variable_collections(variables_collections, "beta"),
                trainable=trainable)
        if scale:
            gamma = model_variable(
                "gamma", shape=params_shape, dtype=dtype, initializer=init_ops.ones_initializer(),
                collections=_variable_collections(variables_collections, "gamma"),
                trainable=trainable)
        norm_axes = list(range(begin_norm_axis, inputs_rank))
        mean, variance = nn_impl.moments(inputs, norm_axes, keep_dims=True)
        variance_epsilon = 1e-12 if dtype != _dtypes.float16 else 1e-3
        outputs = bn_ops.batch_normalization(inputs, mean, variance, offset=beta, scale=gamma,
                                             variance_epsilon=variance_epsilon)
        outputs.set_shape(inputs_shape)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect_named_outputs(outputs_collections, sc.name, outputs)


def embed_sequence(ids: Any, vocab_size: int | None = None, embed_dim: int | None = None,
                   unique: bool = False, initializer: Any = None,
                   regularizer: Callable | None = None, trainable: bool = True,
                   scope: Any = None, reuse: Any = None) -> Tensor:
    """`tf.contrib.layers.embed_sequence`: `ids` `[batch, time]` looked up in a model variable
    `EmbedSequence/embeddings` `[vocab_size, embed_dim]` (the sizes may be left out only
    when reusing); `unique` looks up each distinct id once."""
    if not (reuse or (vocab_size and embed_dim)):
        raise ValueError(f"Must specify vocab size and embedding dimension when not reusing. "
                         f"Got vocab_size={vocab_size} and embed_dim={embed_dim}")
    with vs.variable_scope(scope, "EmbedSequence", [ids], reuse=reuse):
        shape = [vocab_size, embed_dim]
        if (reuse and vocab_size is None) or embed_dim is None:
            shape = None
        embeddings = model_variable("embeddings", shape=shape, initializer=initializer,
                                     regularizer=regularizer, trainable=trainable)
        if unique:
            return embedding_lookup_unique(embeddings, ids)
        return nn_impl.embedding_lookup(embeddings, ids)


def embedding_lookup_unique(params: Any, ids: Any, partition_strategy: str = "mod",
                            name: str | None = None) -> Tensor:
    """`tf.contrib.layers.embedding_lookup_unique`: `embedding_lookup` of each distinct id once
    (ids of any rank), spread back over `ids`' shape; one gather per id saved on repeats."""
    with name_scope(name, "EmbeddingLookupUnique", [params, ids]):
        ids = convert_to_tensor(ids)
        shape = array_ops.shape(ids)
        ids_flat = array_ops.reshape(ids, math_ops.reduce_prod(shape, keepdims=True))
        unique_ids, idx = array_ops.unique(ids_flat)
        unique_embeddings = nn_impl.embedding_lookup(params, unique_ids, partition_strategy)
        embeds_flat = array_ops.gather(unique_embeddings, idx)
        embed_shape = array_ops.concat([shape, array_ops.shape(unique_embeddings)[1:]], 0)
        embeds = array_ops.reshape(embeds_flat, embed_shape)
        embeds.set_shape(ids.shape.concatenate(unique_embeddings.shape[1:]))
        return embeds


linear = functools.partial(fully_connected, activation_fn=None)
linear.__doc__ = "`tf.contrib.layers.linear`: `fully_connected` without an activation."


# --------------------------------------------------------------------------------------------
# optimize_loss (optimizers.py)

OPTIMIZER_CLS_NAMES = {
    "Adagrad": train.AdagradOptimizer,
    "Adam": train.AdamOptimizer,
    "Momentum": train.MomentumOptimizer,
    "RMSProp": train.RMSPropOptimizer,
    "SGD": train.GradientDescentOptimizer,
}
OPTIMIZER_SUMMARIES = ["learning_rate", "loss", "gradients", "gradient_norm",
                       "global_gradient_norm"]


def _learning_rate(learning_rate: Any) -> Any:
    if learning_rate is None:
        return None
    if isinstance(learning_rate, Tensor) and learning_rate.shape.ndims == 0:
        return learning_rate
    if isinstance(learning_rate, float):
        if learning_rate < 0.0:
            raise ValueError(f"Invalid learning_rate {learning_rate}.")
        return vs.get_variable("learning_rate", [], trainable=False,
                               initializer=init_ops.Constant(learning_rate))
    raise ValueError(f"Learning rate should be 0d Tensor or float. Got {learning_rate} of type "
                     f"{type(learning_rate)}")


def _make_optimizer(optimizer: Any, lr: Any, learning_rate: Any) -> train.Optimizer:
    """The optimizer named by a string, a class, an instance or a factory function."""
    if isinstance(optimizer, str):
        if lr is None:
            raise ValueError(f"Learning rate is None, but should be specified if optimizer is "
                             f"string ({optimizer}).")
        if optimizer not in OPTIMIZER_CLS_NAMES:
            raise ValueError(f"Optimizer name should be one of "
                             f"[{', '.join(OPTIMIZER_CLS_NAMES)}], you provided {optimizer}.")
        return OPTIMIZER_CLS_NAMES[optimizer](learning_rate=lr)
    if isinstance(optimizer, type) and issubclass(optimizer, train.Optimizer):
        if lr is None:
            raise ValueError(f"Learning rate is None, but should be specified if optimizer is "
                             f"class ({optimizer}).")
        return optimizer(learning_rate=lr)
    if isinstance(optimizer, train.Optimizer):
        return optimizer
    if callable(optimizer):
        opt = optimizer(lr) if learning_rate is not None else optimizer()
        if not isinstance(opt, train.Optimizer):
            raise ValueError(f"Unrecognized optimizer: function should return subclass of "
                             f"Optimizer. Got {opt}.")
        return opt
    raise ValueError(f"Unrecognized optimizer: should be string, subclass of Optimizer, "
                     f"instance of subclass of Optimizer or function with one argument. Got "
                     f"{optimizer}.")


def _multiply_gradients(grads_and_vars: list, gradient_multipliers: dict) -> list:
    """Each gradient times its variable's multiplier (keyed by variable or variable name)."""
    out = []
    for grad, var in grads_and_vars:
        if grad is not None and (var in gradient_multipliers or
                                 var.name in gradient_multipliers):
            key = var if var in gradient_multipliers else var.name
            multiplier = gradient_multipliers[key]
            if isinstance(grad, IndexedSlices):
                grad = IndexedSlices(grad.values * multiplier, grad.indices, grad.dense_shape)
            else:
                grad *= array_ops.cast(multiplier, grad.dtype)
        out.append((grad, var))
    return out


def _add_scaled_noise(grads_and_vars: list, gradient_noise_scale: float) -> list:
    """Each gradient plus normal noise of stddev `gradient_noise_scale`."""
    out = []
    for grad, var in grads_and_vars:
        if grad is None:
            out.append((None, var))
            continue
        values = grad.values if isinstance(grad, IndexedSlices) else grad
        noise = random_ops.truncated_normal(array_ops.shape(values)) * gradient_noise_scale
        out.append((grad + noise if not isinstance(grad, IndexedSlices) else
                    IndexedSlices(values + noise, grad.indices, grad.dense_shape), var))
    return out


def _global_norm_of(grads_and_vars: list) -> Tensor:
    return clip_ops.global_norm([g for g, _ in grads_and_vars])


def optimize_loss(loss: Any, global_step: Any, learning_rate: Any, optimizer: Any,
                  gradient_noise_scale: float | None = None,
                  gradient_multipliers: dict | None = None, clip_gradients: Any = None,
                  learning_rate_decay_fn: Callable | None = None, update_ops: Any = None,
                  variables: Any = None, name: str | None = None, summaries: Any = None,
                  colocate_gradients_with_ops: bool = False,
                  increment_global_step: bool = True) -> Tensor:
    """`tf.contrib.layers.optimize_loss`: the loss, run after one optimizer step on it (in
    variable scope `OptimizeLoss`), with optional decay, noise, multipliers and clipping.
    Summaries are written where minitf has `tf.summary`."""
    loss = convert_to_tensor(loss)
    if loss.shape.ndims is not None and loss.shape.ndims != 0:
        raise ValueError(f"Expected scalar shape for {loss.name}, saw shape: {loss.shape}.")
    if global_step is None:
        global_step = train.get_global_step()
    else:
        train.assert_global_step(global_step)
    with vs.variable_scope(name, "OptimizeLoss", [loss, global_step]):
        if update_ops is None:
            update_ops = set(get_collection(GraphKeys.UPDATE_OPS))
        if update_ops:
            loss = control_flow_ops.with_dependencies(list(update_ops), loss)
        lr = _learning_rate(learning_rate)
        if summaries is None:
            summaries = ["loss", "learning_rate", "global_gradient_norm"]
        for summ in summaries:
            if summ not in OPTIMIZER_SUMMARIES:
                raise ValueError(f"Summaries should be one of [{', '.join(OPTIMIZER_SUMMARIES)}]"
                                 f", you provided {summ}.")
        from .. import summary  # noqa: PLC0415 - tf.summary is imported on first use
        if learning_rate is not None and learning_rate_decay_fn is not None:
            if global_step is None:
                raise ValueError("global_step is required for learning_rate_decay_fn.")
            lr = learning_rate_decay_fn(lr, global_step)
            if "learning_rate" in summaries:
                summary.scalar("learning_rate", lr)
        opt = _make_optimizer(optimizer, lr, learning_rate)
        if variables is None:
            variables = train_vars()
        gradients = opt.compute_gradients(
            loss, variables, colocate_gradients_with_ops=colocate_gradients_with_ops)
        if gradient_noise_scale is not None:
            gradients = _add_scaled_noise(gradients, gradient_noise_scale)
        if gradient_multipliers is not None:
            gradients = _multiply_gradients(gradients, gradient_multipliers)
        norm_summaries = "global_gradient_norm" in summaries or "gradient_norm" in summaries
        if norm_summaries:
            summary.scalar("global_norm/gradient_norm", _global_norm_of(gradients))
        if isinstance(clip_gradients, float):
            grads, variables_ = zip(*gradients)
            grads, _ = clip_ops.clip_by_global_norm(list(grads), clip_gradients)
            gradients = list(zip(grads, variables_))
        elif callable(clip_gradients):
            gradients = clip_gradients(gradients)
        elif clip_gradients is not None:
            raise ValueError(f"Unknown type {type(clip_gradients)} for clip_gradients")
        if "loss" in summaries:
            summary.scalar("loss", loss)
        for grad, var in gradients:
            values = grad.values if isinstance(grad, IndexedSlices) else grad
            if values is None:
                continue
            var_name = var.name.replace(":", "_")
            if "gradients" in summaries:
                summary.histogram(f"gradients/{var_name}", values)
            if "gradient_norm" in summaries:
                summary.scalar(f"gradient_norm/{var_name}", clip_ops.global_norm([values]))
        if clip_gradients is not None and norm_summaries:
            summary.scalar("global_norm/clipped_gradient_norm", _global_norm_of(gradients))
        grad_updates = opt.apply_gradients(
            gradients, global_step=global_step if increment_global_step else None, name="train")
        return control_flow_ops.with_dependencies([grad_updates], loss)


__all__ += ["linear", "optimize_loss", "OPTIMIZER_CLS_NAMES", "OPTIMIZER_SUMMARIES",
            "convolution", "convolution2d", "conv2d", "max_pool2d", "dropout", "flatten",
            "layer_norm",
            "embed_sequence"]


# --------------------------------------------------------------------------------------------
# batch_norm (layers.py)

def _assign_moving_average(variable: Any, value: Any, decay: float) -> Tensor:
    """`variable -= (variable - value) * (1 - decay)`, the op `AssignMovingAvg` (no zero
    debiasing)."""
    with name_scope(None, "AssignMovingAvg", [variable, value, decay]) as scope:
        decay_t = convert_to_tensor(1.0 - decay, name="decay")
        if decay_t.dtype != variable.dtype.base_dtype:
            decay_t = array_ops.cast(decay_t, variable.dtype.base_dtype)
        delta = (variable - array_ops.cast(value, variable.dtype.base_dtype)) * decay_t
        return state_ops.assign_sub(variable, delta, name=scope)


def _batch_norm_params(params_shape: Any, dtype: Any, center: bool, scale: bool,
                       param_initializers: dict, param_regularizers: dict,
                       variables_collections: Any, trainable: bool) -> tuple:
    """The model variables (beta, gamma, moving_mean, moving_variance) of the fused and the
    moments paths; beta and gamma are None when not asked for."""
    def make(name: str, default: Any, trainable_: bool, regularizer: Any = None) -> Any:
        return model_variable(name, shape=params_shape, dtype=dtype,
                               initializer=param_initializers.get(name, default),
                               regularizer=regularizer, trainable=trainable_,
                               collections=_variable_collections(variables_collections, name))
    beta = make("beta", init_ops.zeros_initializer(), trainable,
                param_regularizers.get("beta")) if center else None
    gamma = make("gamma", init_ops.ones_initializer(), trainable,
                 param_regularizers.get("gamma")) if scale else None
    moving_mean = make("moving_mean", init_ops.zeros_initializer(), False)
    moving_variance = make("moving_variance", init_ops.ones_initializer(), False)
    return beta, gamma, moving_mean, moving_variance


def _updates(moving_mean: Any, moving_variance: Any, mean: Any,
             variance: Any, decay: float) -> Callable:
    """The branch that assigns the moving averages, returning both assign results."""
    def delay_updates() -> tuple:
        return (_assign_moving_average(moving_mean, mean, decay),
                _assign_moving_average(moving_variance, variance, decay))
    return delay_updates


def _fused_batch_norm(inputs: Tensor, decay: float, center: bool, scale: bool, epsilon: float,
                      activation_fn: Callable | None, param_initializers: dict,
                      param_regularizers: dict, updates_collections: Any, is_training: Any,
                      reuse: Any, variables_collections: Any, outputs_collections: Any,
                      trainable: bool, data_format: str, scope: Any) -> Tensor:
    """FusedBatchNormV3 on rank-4 inputs (rank 2 reshaped to `[-1, 1, 1, C]`), float32
    parameters; updates to `updates_collections`, or forced before an Identity of the output
    when that is None."""
    if data_format not in ("NCHW", "NHWC"):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    with vs.variable_scope(scope, "BatchNorm", [inputs], reuse=reuse) as sc:
        inputs = convert_to_tensor(inputs)
        original_shape = inputs.shape
        original_inputs = inputs
        if original_shape.ndims is None:
            raise ValueError(f"Inputs {inputs.name} has undefined rank")
        if original_shape.ndims not in (2, 4):
            raise ValueError(f"Inputs {inputs.name} has unsupported rank. Expected 2 or 4 but "
                             f"got {original_shape.ndims}")
        if original_shape.ndims == 2:
            channels = original_shape.dims[-1].value
            if channels is None:
                raise ValueError("`C` dimension must be known but is None")
            new_shape = [-1, channels, 1, 1] if data_format == "NCHW" else [-1, 1, 1, channels]
            inputs = array_ops.reshape(inputs, new_shape)
        inputs_shape = inputs.shape
        params_shape = inputs_shape[-1:] if data_format == "NHWC" else inputs_shape[1:2]
        if not params_shape.is_fully_defined():
            raise ValueError(f"Inputs {inputs.name} has undefined `C` dimension "
                             f"{params_shape}.")
        beta, gamma, moving_mean, moving_variance = _batch_norm_params(
            params_shape, _dtypes.float32, center, scale, param_initializers,
            param_regularizers, variables_collections, trainable)
        if beta is None:
            beta = constant(0.0, dtype=_dtypes.float32, shape=params_shape)
        if gamma is None:
            gamma = constant(1.0, dtype=_dtypes.float32, shape=params_shape)

        def train() -> tuple:
            return bn_ops.fused_batch_norm(inputs, gamma, beta, epsilon=epsilon,
                                           data_format=data_format)

        def infer() -> tuple:
            return bn_ops.fused_batch_norm(inputs, gamma, beta, mean=moving_mean,
                                           variance=moving_variance, epsilon=epsilon,
                                           is_training=False, data_format=data_format)
        outputs, mean, variance = core_layers._smart_cond(is_training, train, infer)
        training_value = _constant_bool(is_training)
        if training_value is None or training_value:
            delay_updates = _updates(moving_mean, moving_variance, mean, variance,
                                     decay)
            if updates_collections is None:
                def force_updates() -> Tensor:
                    with get_default_graph().control_dependencies(list(delay_updates())):
                        return array_ops.identity(outputs)
                outputs = core_layers._smart_cond(is_training, force_updates, lambda: outputs)
            else:
                update_mean, update_variance = core_layers._smart_cond(
                    is_training, delay_updates, lambda: (moving_mean, moving_variance))
                add_to_collections(updates_collections, update_mean)
                add_to_collections(updates_collections, update_variance)
        outputs.set_shape(inputs_shape)
        if original_shape.ndims == 2:
            outputs = array_ops.reshape(outputs, array_ops.shape(original_inputs))
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect_named_outputs(outputs_collections, sc.name, outputs)


def _constant_bool(is_training: Any) -> bool | None:
    """The build-time value of `is_training` (None when only a run decides it)."""
    if isinstance(is_training, Tensor):
        value = constant_value(is_training)
        return None if value is None else bool(value)
    if hasattr(is_training, "initial_value"):  # a Variable: decided at run time
        return None
    return bool(is_training)


def _weighted_moments(x: Tensor, axes: list, weights: Tensor, keep_dims: bool) -> tuple:
    """Mean and variance of `x` over `axes` with each element counted `weights` times."""
    with name_scope(None, "weighted_moments", [x, weights]):
        weights = array_ops.cast(weights, x.dtype)
        divisor = math_ops.reduce_sum(weights * array_ops.ones_like(x), axes, keepdims=True)
        mean = math_ops.reduce_sum(weights * x, axes, keepdims=True) / divisor
        variance = math_ops.reduce_sum(weights * math_ops.square(x - mean), axes,
                                       keepdims=True) / divisor
        if not keep_dims:
            mean = array_ops.squeeze(mean, axes)
            variance = array_ops.squeeze(variance, axes)
        return mean, variance


@add_arg_scope
def batch_norm(inputs: Any, decay: float = 0.999, center: bool = True, scale: bool = False,
               epsilon: float = 0.001, activation_fn: Callable | None = None,
               param_initializers: dict | None = None, param_regularizers: dict | None = None,
               updates_collections: Any = GraphKeys.UPDATE_OPS, is_training: Any = True,
               reuse: Any = None, variables_collections: Any = None,
               outputs_collections: Any = None, trainable: bool = True,
               batch_weights: Any = None, fused: bool | None = None, data_format: str = "NHWC",
               zero_debias_moving_mean: bool = False, scope: Any = None, renorm: bool = False,
               renorm_clipping: dict | None = None, renorm_decay: float = 0.99,
               adjustment: Callable | None = None) -> Tensor:
    """`tf.contrib.layers.batch_norm`: normalizes per channel (last axis, or axis 1 for NCHW)
    in variable scope `BatchNorm`. As in TF 1.15 it takes one of three paths: the fused kernel
    for rank 2/4 when `fused` and a rank-2 input or non-default `updates_collections`; the
    `tf.layers.BatchNormalization` layer for the default `updates_collections`; otherwise
    moments (weighted by `batch_weights`). `updates_collections=None` runs the moving-average
    updates with the output. minitf has no batch renormalization, adjustment or zero-debiased
    moving mean: those raise ValueError."""
    if renorm or adjustment is not None:
        raise ValueError("minitf does not implement batch renormalization or `adjustment` "
                         "in batch_norm.")
    if zero_debias_moving_mean:
        raise ValueError("minitf does not implement zero_debias_moving_mean in batch_norm.")
    del renorm_clipping, renorm_decay
    fused = True if fused is None else fused
    param_initializers = param_initializers or {}
    param_regularizers = param_regularizers or {}
    inputs = convert_to_tensor(inputs)
    rank = inputs.shape.ndims
    if fused and batch_weights is None and rank in (2, 4) and (
            rank == 2 or updates_collections is not GraphKeys.UPDATE_OPS):
        return _fused_batch_norm(inputs, decay, center, scale, epsilon, activation_fn,
                                 param_initializers, param_regularizers, updates_collections,
                                 is_training, reuse, variables_collections,
                                 outputs_collections, trainable, data_format, scope)
    if data_format not in ("NCHW", "NHWC"):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    with vs.variable_scope(scope, "BatchNorm", [inputs], reuse=reuse,
                           custom_getter=_model_variable_getter({})) as sc:
        inputs = convert_to_tensor(inputs)
        if batch_weights is None and updates_collections is GraphKeys.UPDATE_OPS:
            layer = normalization.BatchNormalization(
                axis=1 if data_format == "NCHW" else -1, momentum=decay, epsilon=epsilon,
                center=center, scale=scale,
                beta_initializer=param_initializers.get("beta", init_ops.zeros_initializer()),
                gamma_initializer=param_initializers.get("gamma", init_ops.ones_initializer()),
                moving_mean_initializer=param_initializers.get(
                    "moving_mean", init_ops.zeros_initializer()),
                moving_variance_initializer=param_initializers.get(
                    "moving_variance", init_ops.ones_initializer()),
                beta_regularizer=param_regularizers.get("beta"),
                gamma_regularizer=param_regularizers.get("gamma"), trainable=trainable,
                name=sc.name, _scope=sc, _reuse=reuse, fused=fused)
            outputs = layer.apply(inputs, training=is_training)
            for name in ("moving_mean", "moving_variance", "beta", "gamma"):
                variable = getattr(layer, name)
                if variable is not None:
                    _add_variable_to_collections(variable, variables_collections, name)
            if activation_fn is not None:
                outputs = activation_fn(outputs)
            return _collect_named_outputs(outputs_collections, sc.name, outputs)
        return _moments_batch_norm(inputs, decay, center, scale, epsilon, activation_fn,
                                   param_initializers, updates_collections, is_training,
                                   variables_collections, outputs_collections, trainable,
                                   batch_weights, data_format, sc.name)


def _moments_batch_norm(inputs: Tensor, decay: float, center: bool, scale: bool,
                        epsilon: float, activation_fn: Callable | None,
                        param_initializers: dict, updates_collections: Any, is_training: Any,
                        variables_collections: Any, outputs_collections: Any, trainable: bool,
                        batch_weights: Any, data_format: str, scope_name: str) -> Tensor:
    """contrib's own path for `batch_weights` or custom `updates_collections`: (weighted)
    moments and `tf.nn.batch_normalization`, inside the caller's `BatchNorm` scope."""
    inputs_shape = inputs.shape
    inputs_rank = inputs_shape.ndims
    if inputs_rank is None:
        raise ValueError(f"Inputs {inputs.name} has undefined rank.")
    dtype = inputs.dtype.base_dtype
    if batch_weights is not None:
        batch_weights = convert_to_tensor(batch_weights)
        inputs_shape[0:1].assert_is_compatible_with(batch_weights.shape)
        batch_weights = array_ops.reshape(batch_weights, [-1] + [1] * (inputs_rank - 1))
    nchw = data_format == "NCHW"
    if nchw:
        moments_axes = [0] + list(range(2, inputs_rank))
        params_shape = inputs_shape[1:2]
        broadcast_shape = [1, inputs_shape.dims[1].value] + [1] * (inputs_rank - 2)
    else:
        moments_axes = list(range(inputs_rank - 1))
        params_shape = inputs_shape[-1:]
    if not params_shape.is_fully_defined():
        raise ValueError(f"Inputs {inputs.name} has undefined channels dimension "
                         f"{params_shape}.")
    beta, gamma, moving_mean, moving_variance = _batch_norm_params(
        params_shape, dtype, center, scale, param_initializers, {}, variables_collections,
        trainable)
    training_value = _constant_bool(is_training)
    if training_value is None or training_value:
        if batch_weights is None:
            mean, variance = nn_impl.moments(inputs, moments_axes, keep_dims=nchw)
        else:
            mean, variance = _weighted_moments(inputs, moments_axes, batch_weights, nchw)
        if nchw:
            mean = array_ops.reshape(mean, [-1])
            variance = array_ops.reshape(variance, [-1])

        def moving_vars() -> tuple:
            return moving_mean, moving_variance
        delay_updates = _updates(moving_mean, moving_variance, mean, variance,
                                 decay)
        if updates_collections is None:
            def force_updates() -> tuple:
                with get_default_graph().control_dependencies(list(delay_updates())):
                    return array_ops.identity(mean), array_ops.identity(variance)
            mean, variance = core_layers._smart_cond(is_training, force_updates,
                                                     moving_vars)
        else:
            update_mean, update_variance = core_layers._smart_cond(
                is_training, delay_updates, moving_vars)
            add_to_collections(updates_collections, update_mean)
            add_to_collections(updates_collections, update_variance)
            batch = (mean, variance)
            mean, variance = core_layers._smart_cond(is_training, lambda: batch,
                                                     moving_vars)
    else:
        mean, variance = moving_mean, moving_variance
    if nchw:
        mean = array_ops.reshape(mean, broadcast_shape)
        variance = array_ops.reshape(variance, broadcast_shape)
        if beta is not None:
            beta = array_ops.reshape(beta, broadcast_shape)
        if gamma is not None:
            gamma = array_ops.reshape(gamma, broadcast_shape)
    outputs = bn_ops.batch_normalization(inputs, mean, variance, beta, gamma, epsilon)
    outputs.set_shape(inputs_shape)
    if activation_fn is not None:
        outputs = activation_fn(outputs)
    return _collect_named_outputs(outputs_collections, scope_name, outputs)


__all__ += ["batch_norm"]
