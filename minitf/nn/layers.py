"""TF1 layers: `tf.layers.Layer`, `Dense`/`dense`, `Dropout`/`dropout`, `Flatten`/`flatten`
(mirrors tensorflow/python/layers of TF 1.15 and the Keras base layer and core layers under it).

A layer is named once (`name=`, else `dense_1`, `dense_2`, ... per graph) and, at its first
call, opens a variable scope: the one named by `name=`, else one uniquified from the class name
(`dense`, `dense_1`, ...), which also names its ops: variables
`dense/kernel:0`, ops `dense/MatMul`, `dense/BiasAdd`, `dense/Relu`. Later calls reuse the
variables and put their ops in the same name scope (`dense/MatMul_1`). `reuse=True` with a name
shares the variables of an earlier layer of that name.

Weight regularizers and the activity regularizer add their losses to the layer's `losses` and to
`GraphKeys.REGULARIZATION_LOSSES` (`dense/kernel/Regularizer/...`).

`training` of Dropout is resolved as TF's `smart_cond` does: a Python bool or a constant tensor
picks the branch while building; any other tensor (a placeholder) builds a `tf.cond`.
"""
from __future__ import annotations

import re
from typing import Any, Callable

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework import nest
from ..framework.convert import constant_value, convert_to_tensor
from ..framework.graph import (GraphKeys, Tensor, get_collection_ref, get_default_graph,
                               name_scope)
from ..framework.tensor_shape import TensorShape
from ..ops import array as array_ops
from ..ops import control_flow, nn_impl
from ..ops import init as init_ops
from ..ops import math as math_ops
from ..ops import nn as nn_ops
from ..ops import state as state_ops
from ..ops import variable_scope as vs
from ..ops.partitioned_variables import PartitionedVariable

__all__ = ["InputSpec", "Layer", "Dense", "dense", "Dropout", "dropout", "Flatten", "flatten"]


# --------------------------------------------------------------------------------------------
# Identifiers Keras resolves (activation="relu", kernel_initializer="zeros")

_ACTIVATIONS: dict[str, Callable | None] = {
    "linear": None, "relu": nn_ops.relu, "relu6": nn_ops.relu6, "elu": nn_ops.elu,
    "softplus": nn_ops.softplus, "sigmoid": math_ops.sigmoid, "tanh": math_ops.tanh,
    "softmax": nn_ops.softmax,
}

_INITIALIZERS: dict[str, Callable] = {
    "zeros": init_ops.Zeros, "ones": init_ops.Ones, "glorot_uniform": init_ops.GlorotUniform,
    "glorot_normal": init_ops.GlorotNormal, "orthogonal": init_ops.Orthogonal,
    "he_normal": init_ops.he_normal, "he_uniform": init_ops.he_uniform,
    "lecun_normal": init_ops.lecun_normal, "lecun_uniform": init_ops.lecun_uniform,
}


def _get_activation(identifier: Any) -> Callable | None:
    if identifier is None:
        return None
    if isinstance(identifier, str):
        if identifier not in _ACTIVATIONS:
            raise ValueError(f"Unknown activation function:{identifier}")
        return _ACTIVATIONS[identifier]
    if callable(identifier):
        return identifier
    raise TypeError(f"Could not interpret activation function identifier: {identifier!r}")


def _get_initializer(identifier: Any) -> Any:
    if isinstance(identifier, str):
        if identifier not in _INITIALIZERS:
            raise ValueError(f"Unknown initializer: {identifier}")
        return _INITIALIZERS[identifier]()
    return identifier


def _get_callable(identifier: Any, what: str) -> Callable | None:
    """A regularizer or constraint: None or a callable."""
    if identifier is None or callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret {what} identifier: {identifier!r}")


def _to_snake_case(name: str) -> str:
    intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    insecure = re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()
    return insecure if insecure[0] != "_" else "private" + insecure


def _unique_layer_name(base: str) -> str:
    """`base_1`, `base_2`, ... per graph: tf.layers count from 1, so an unnamed layer's name
    (`dense_1`) is not the name of its scope (`dense`)."""
    uids = get_default_graph().state("layer_name_uids", dict)
    uids[base] = uids.get(base, 0) + 1
    return f"{base}_{uids[base]}"


def _add_to_collection_once(elements: list, key: str) -> None:
    collection = get_collection_ref(key)
    present = {id(e) for e in collection}
    for element in elements:
        if id(element) not in present:
            collection.append(element)
            present.add(id(element))


def _smart_cond(pred: Any, true_fn: Callable, false_fn: Callable) -> Any:
    """TF's smart_cond: the branch `pred` picks when its value is known while building, else
    a `tf.cond` on it."""
    if isinstance(pred, (Tensor, state_ops.Variable)):
        value = constant_value(pred) if isinstance(pred, Tensor) else None
        if value is None:
            return control_flow.cond(pred, true_fn=true_fn, false_fn=false_fn)
        return true_fn() if bool(value) else false_fn()
    if isinstance(pred, (bool, np.bool_)) or pred in (0, 1):
        return true_fn() if pred else false_fn()
    raise TypeError(f"`pred` must be a Tensor, or a Python bool, or 1 or 0. Found instead: "
                    f"{type(pred)}")


# --------------------------------------------------------------------------------------------
# InputSpec

class InputSpec:
    """`tf.layers.InputSpec`: the rank, dtype and axis sizes a layer accepts; checked at each
    call (`Input 0 of layer dense is incompatible with the layer: ...`)."""

    def __init__(self, dtype: Any = None, shape: Any = None, ndim: int | None = None,
                 max_ndim: int | None = None, min_ndim: int | None = None,
                 axes: dict | None = None):
        self.dtype = dtype
        self.shape = shape
        self.ndim = len(shape) if shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.axes = axes or {}

    def __repr__(self) -> str:
        spec = [f"dtype={self.dtype}" if self.dtype else "",
                f"shape={self.shape}" if self.shape else "",
                f"ndim={self.ndim}" if self.ndim else "",
                f"max_ndim={self.max_ndim}" if self.max_ndim else "",
                f"min_ndim={self.min_ndim}" if self.min_ndim else "",
                f"axes={self.axes}" if self.axes else ""]
        return f"InputSpec({', '.join(x for x in spec if x)})"

    def check(self, x: Tensor, index: int, layer_name: str) -> None:
        head = f"Input {index} of layer {layer_name} is incompatible with the layer: "
        ndim = x.shape.ndims
        if ndim is None and (self.ndim is not None or self.min_ndim is not None
                             or self.max_ndim is not None):
            raise ValueError(head + "its rank is undefined, but the layer requires a defined "
                                    "rank.")
        if ndim is None:
            return
        full = f"Full shape received: {x.shape.as_list()}"
        if self.ndim is not None and ndim != self.ndim:
            raise ValueError(head + f"expected ndim={self.ndim}, found ndim={ndim}. {full}")
        if self.max_ndim is not None and ndim > self.max_ndim:
            raise ValueError(head + f"expected max_ndim={self.max_ndim}, found ndim={ndim}")
        if self.min_ndim is not None and ndim < self.min_ndim:
            raise ValueError(head + f"expected min_ndim={self.min_ndim}, found ndim={ndim}. "
                             + full)
        if self.dtype is not None and x.dtype.base_dtype.name != _dtypes.as_dtype(
                self.dtype).name:
            raise ValueError(head + f"expected dtype={self.dtype}, found dtype={x.dtype}")
        shape = x.shape.as_list()
        for axis, value in self.axes.items():
            if value is not None and shape[int(axis)] not in (value, None):
                raise ValueError(head + f"expected axis {axis} of input shape to have value "
                                        f"{value} but received input with shape {shape}")


# --------------------------------------------------------------------------------------------
# Layer

class Layer:
    """`tf.layers.Layer`: the base of TF1's layers. Subclasses define `build(input_shape)`
    (creating weights with `add_weight`) and `call(inputs, ...)`; `__call__`/`apply` builds
    on the first call, under the layer's variable scope, and runs `call` in its name scope."""

    def __init__(self, trainable: bool = True, name: str | None = None, dtype: Any = None,
                 **kwargs: Any):
        scope = kwargs.pop("_scope", None)
        self._reuse = kwargs.pop("_reuse", None)
        self._activity_regularizer = _get_callable(kwargs.pop("activity_regularizer", None),
                                                   "regularizer")
        if kwargs:
            raise TypeError(f"Keyword argument not understood: {next(iter(kwargs))}")
        self.trainable = trainable
        self.built = False
        self.input_spec: InputSpec | None = None
        self.supports_masking = False
        self._dtype = None if dtype is None else _dtypes.as_dtype(dtype).base_dtype
        self._trainable_weights: list = []
        self._non_trainable_weights: list = []
        self._losses: list = []
        self._callable_losses: list = []  # weight regularizers, called anew by `losses`
        self._updates: list = []
        if isinstance(name, vs.VariableScope):
            self._name, _ = self._make_unique_name()
            self._base_name = name.name
        elif name:
            self._name = self._base_name = name
        else:
            self._name, self._base_name = self._make_unique_name()
        if scope:
            with vs.variable_scope(scope) as captured_scope:
                self._scope = captured_scope
        else:
            self._scope = None
        self._current_scope: vs.VariableScope | None = None

    def _make_unique_name(self) -> tuple[str, str]:
        base = _to_snake_case(type(self).__name__)
        return _unique_layer_name(base), base

    # ---- properties

    @property
    def name(self) -> str:
        return self._name

    @property
    def dtype(self) -> str | None:
        """The name of the layer's dtype (taken from the first input when not given)."""
        return None if self._dtype is None else self._dtype.name

    @property
    def scope_name(self) -> str:
        if not self._scope:
            raise ValueError(f'No name available for layer scope because the layer '
                             f'"{self._name}" has not been used yet. The scope name  is '
                             f'determined the first time the layer instance is called. You must '
                             f'therefore call the layer before querying `scope_name`.')
        return self._scope.name

    @property
    def trainable_weights(self) -> list:
        return list(self._trainable_weights) if self.trainable else []

    @property
    def non_trainable_weights(self) -> list:
        if self.trainable:
            return list(self._non_trainable_weights)
        return self._trainable_weights + self._non_trainable_weights

    @property
    def weights(self) -> list:
        return self.trainable_weights + self.non_trainable_weights

    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights
    variables = weights

    @property
    def losses(self) -> list:
        """The losses added as tensors (activity regularization), then each weight
        regularizer's loss built anew in the current name scope, as TF 1.15's layers do."""
        fresh = (loss() for loss in self._callable_losses)
        return list(self._losses) + [loss for loss in fresh if loss is not None]

    @property
    def updates(self) -> list:
        """The update ops (moving averages ...) this layer created; each call also adds its
        new ones to `GraphKeys.UPDATE_OPS`."""
        return list(self._updates)

    def add_update(self, updates: Any, inputs: Any = None) -> None:
        """Records update ops (or callables building them, called here); a tensor is recorded
        as its op, as TF does."""
        for update in updates if isinstance(updates, (list, tuple)) else [updates]:
            update = update() if callable(update) else update
            self._updates.append(getattr(update, "op", update))

    # ---- weights and losses

    def add_loss(self, losses: Any, inputs: Any = None) -> None:
        """Adds loss tensors, or callables making them (kept to be called again by `losses`),
        to `losses` and their values now to `GraphKeys.REGULARIZATION_LOSSES`."""
        new = []
        for loss in losses if isinstance(losses, (list, tuple)) else [losses]:
            made = loss() if callable(loss) else loss
            if made is None:
                continue
            made = made if isinstance(made, Tensor) else convert_to_tensor(
                made, dtype=_dtypes.float32)
            (self._callable_losses if callable(loss) else self._losses).append(
                loss if callable(loss) else made)
            new.append(made)
        _add_to_collection_once(new, GraphKeys.REGULARIZATION_LOSSES)

    def add_weight(self, name: str, shape: Any, dtype: Any = None, initializer: Any = None,
                   regularizer: Callable | None = None, trainable: bool | None = None,
                   constraint: Callable | None = None, use_resource: bool | None = None,
                   synchronization: Any = vs.VariableSynchronization.AUTO,
                   aggregation: Any = vs.VariableAggregation.NONE,
                   partitioner: Callable | None = None) -> Any:
        """A variable `<layer scope>/<name>` from `tf.get_variable` (shared when the layer is
        built or reuses); its regularization loss is built once, under
        `<layer name scope>/<name>/Regularizer/`."""
        if synchronization == vs.VariableSynchronization.ON_READ:
            if trainable:
                raise ValueError("Synchronization value can be set to "
                                 "VariableSynchronization.ON_READ only for non-trainable "
                                 "variables. You have specified trainable=True and "
                                 "synchronization=VariableSynchronization.ON_READ.")
            trainable = False
        elif trainable is None:
            trainable = True
        existing = {id(v) for v in state_ops.global_variables()}
        dtype = _dtypes.as_dtype(dtype or self._dtype or _dtypes.float32)
        self._set_scope(None)
        reuse = self.built or self._reuse
        with vs.variable_scope(self._scope, reuse=reuse,
                               auxiliary_name_scope=False) as scope:
            self._current_scope = scope
            with name_scope(self._name_scope()):
                variable = vs.get_variable(
                    name, shape=shape, dtype=dtype, initializer=_get_initializer(initializer),
                    trainable=trainable and self.trainable, constraint=constraint,
                    partitioner=partitioner, use_resource=use_resource,
                    synchronization=synchronization, aggregation=aggregation)
                if regularizer is not None and id(variable) not in existing:
                    def loss_for_variable(v=variable):
                        with name_scope(name + "/Regularizer"):
                            return regularizer(v)
                    self.add_loss(loss_for_variable)
        weights = list(variable) if isinstance(variable, PartitionedVariable) else [variable]
        (self._trainable_weights if trainable else self._non_trainable_weights).extend(weights)
        return variable

    add_variable = add_weight

    # ---- scopes

    def _name_scope(self) -> str:
        return self._current_scope.original_name_scope

    def _set_scope(self, scope: Any = None) -> None:
        """Fixes the layer's variable scope at its first use: `scope`, else a new scope
        uniquified from the layer's base name (its name, or `dense` ...)."""
        if self._scope is not None:
            return
        if self._reuse:
            with vs.variable_scope(scope if scope is not None else self._base_name) as captured:
                self._scope = captured
        else:
            with vs.variable_scope(scope, default_name=self._base_name) as captured:
                self._scope = captured

    # ---- calling

    def build(self, input_shape: Any) -> None:
        self.built = True

    def call(self, inputs: Any, **kwargs: Any) -> Any:
        return inputs

    def apply(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        """The same as calling the layer."""
        return self(inputs, *args, **kwargs)

    def __call__(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        scope = kwargs.pop("scope", None)
        self._set_scope(scope)
        reuse = True if self.built else self._reuse
        with vs.variable_scope(self._scope, reuse=reuse,
                               auxiliary_name_scope=False) as var_scope:
            self._current_scope = var_scope
            inputs = _convert_inputs(inputs)
            self._check_input(inputs)
            with name_scope(self._name_scope()):
                if not self.built:
                    if self._dtype is None:
                        self._dtype = nest.flatten(inputs)[0].dtype.base_dtype
                    self.build(nest.map_structure(lambda x: x.shape, inputs))
                    self.built = True
                outputs = self.call(inputs, *args, **kwargs)
                if self._activity_regularizer is not None:
                    self._add_activity_loss(outputs)
        _add_to_collection_once(self._updates, GraphKeys.UPDATE_OPS)
        return outputs

    def _check_input(self, inputs: Any) -> None:
        if self.input_spec is None:
            return
        flat = nest.flatten(inputs)
        if len(flat) != 1:
            raise ValueError(f"Layer {self._name} expects 1 inputs, but it received "
                             f"{len(flat)} input tensors. Inputs received: {inputs}")
        self.input_spec.check(flat[0], 0, self._name)

    def _add_activity_loss(self, outputs: Tensor) -> None:
        """The activity regularizer's loss of `outputs`, divided by the batch size."""
        with name_scope("ActivityRegularizer"):
            activity_loss = self._activity_regularizer(outputs)
            batch_size = array_ops.cast(array_ops.shape(outputs)[0], activity_loss.dtype)
            self.add_loss(activity_loss / batch_size, inputs=outputs)


def _convert_inputs(inputs: Any) -> Any:
    """A nest holding tensors keeps its structure (an RNN cell may take a tuple of inputs);
    anything else (an array, a list of numbers) becomes one tensor."""
    if isinstance(inputs, Tensor):
        return inputs
    if nest.is_sequence(inputs) and any(isinstance(x, (Tensor, state_ops.Variable))
                                        for x in nest.flatten(inputs)):
        return nest.map_structure(convert_to_tensor, inputs)
    return convert_to_tensor(inputs)


# --------------------------------------------------------------------------------------------
# Dense

def _tensordot_last(a: Tensor, b: Any) -> Tensor:
    """`tf.tensordot(a, b, [[rank(a) - 1], [0]])` for `a` of known rank and a 2-D `b` of known
    shape, built as TF 1.15 builds it (transposes and reshapes to one MatMul, in scope
    `Tensordot`)."""
    with name_scope(None, "Tensordot", [a, b]) as scope:
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, name="b")
        rank = a.shape.ndims
        shape_a = a.shape.as_list()
        free = list(range(rank - 1))
        if a.shape.is_fully_defined():
            free_dims = [shape_a[i] for i in free]
            new_shape = [int(np.prod(free_dims)), shape_a[-1]]
            a_reshape = array_ops.reshape(array_ops.transpose(a, free + [rank - 1]), new_shape)
        else:
            free_dims = None
            axes_t = convert_to_tensor([rank - 1], dtype=_dtypes.int32, name="axes")
            free_t = convert_to_tensor(free, dtype=_dtypes.int32, name="free")
            a_shape = array_ops.shape(a)
            free_dims_t = array_ops.gather(a_shape, free_t)
            axes_dims_t = array_ops.gather(a_shape, axes_t)
            prod_free = math_ops.reduce_prod(free_dims_t)
            prod_axes = math_ops.reduce_prod(axes_dims_t)
            perm = array_ops.concat([free_t, axes_t], 0)
            new_shape_t = array_ops.stack([prod_free, prod_axes])
            a_reshape = array_ops.reshape(array_ops.transpose(a, perm), new_shape_t)
        b_shape = b.shape.as_list()
        b_reshape = array_ops.reshape(array_ops.transpose(b, [0, 1]), b_shape)
        product = math_ops.matmul(a_reshape, b_reshape)
        if free_dims is not None:
            return array_ops.reshape(product, free_dims + b_shape[1:], name=scope)
        b_free = convert_to_tensor(b_shape[1:], dtype=_dtypes.int32)
        result = array_ops.reshape(product, array_ops.concat([free_dims_t, b_free], 0),
                                   name=scope)
        result.set_shape(shape_a[:-1] + b_shape[1:])
        return result


class Dense(Layer):
    """`tf.layers.Dense`: `activation(inputs @ kernel + bias)`. Inputs of rank > 2 contract
    their last axis with the kernel (`tensordot`). The kernel defaults to glorot uniform (the
    variable scope's initializer, if it has one), the bias to zeros."""

    def __init__(self, units: int, activation: Any = None, use_bias: bool = True,
                 kernel_initializer: Any = None, bias_initializer: Any = init_ops.Zeros(),
                 kernel_regularizer: Callable | None = None,
                 bias_regularizer: Callable | None = None,
                 activity_regularizer: Callable | None = None,
                 kernel_constraint: Callable | None = None,
                 bias_constraint: Callable | None = None, trainable: bool = True,
                 name: str | None = None, **kwargs: Any):
        super().__init__(trainable=trainable, name=name,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.units = int(units)
        self.activation = _get_activation(activation)
        self.use_bias = use_bias
        self.kernel_initializer = _get_initializer(kernel_initializer)
        self.bias_initializer = _get_initializer(bias_initializer)
        self.kernel_regularizer = _get_callable(kernel_regularizer, "regularizer")
        self.bias_regularizer = _get_callable(bias_regularizer, "regularizer")
        self.kernel_constraint = _get_callable(kernel_constraint, "constraint")
        self.bias_constraint = _get_callable(bias_constraint, "constraint")
        self.supports_masking = True
        self.input_spec = InputSpec(min_ndim=2)
        self.kernel = None
        self.bias = None

    def build(self, input_shape: Any) -> None:
        dtype = _dtypes.as_dtype(self._dtype or _dtypes.float32)
        if not (dtype.is_floating or dtype.is_complex):
            raise TypeError(f"Unable to build `Dense` layer with non-floating point dtype "
                            f"{dtype!s}")
        input_shape = TensorShape(input_shape)
        last_dim = input_shape[-1].value if input_shape.ndims is not None else None
        if last_dim is None:
            raise ValueError("The last dimension of the inputs to `Dense` should be defined. "
                             "Found `None`.")
        self.input_spec = InputSpec(min_ndim=2, axes={-1: last_dim})
        self.kernel = self.add_weight("kernel", shape=[last_dim, self.units],
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint, dtype=self._dtype,
                                      trainable=True)
        if self.use_bias:
            self.bias = self.add_weight("bias", shape=[self.units],
                                        initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint, dtype=self._dtype,
                                        trainable=True)
        else:
            self.bias = None
        self.built = True

    def call(self, inputs: Tensor) -> Tensor:
        rank = inputs.shape.ndims
        if rank > 2:
            outputs = _tensordot_last(inputs, self.kernel)
        else:
            inputs = array_ops.cast(inputs, self._dtype)
            outputs = math_ops.matmul(inputs, self.kernel)
        if self.use_bias:
            outputs = nn_ops.bias_add(outputs, self.bias)
        if self.activation is not None:
            return self.activation(outputs)
        return outputs

    def compute_output_shape(self, input_shape: Any) -> TensorShape:
        input_shape = TensorShape(input_shape).with_rank_at_least(2)
        if input_shape[-1].value is None:
            raise ValueError(f"The innermost dimension of input_shape must be defined, but saw: "
                             f"{input_shape}")
        return input_shape[:-1].concatenate([self.units])


def dense(inputs: Any, units: int, activation: Any = None, use_bias: bool = True,
          kernel_initializer: Any = None, bias_initializer: Any = init_ops.Zeros(),
          kernel_regularizer: Callable | None = None, bias_regularizer: Callable | None = None,
          activity_regularizer: Callable | None = None,
          kernel_constraint: Callable | None = None, bias_constraint: Callable | None = None,
          trainable: bool = True, name: str | None = None, reuse: Any = None) -> Tensor:
    """`tf.layers.dense`: a Dense layer applied to `inputs`. `name` is also its variable scope
    (so `reuse=True` with the same name shares the kernel and bias)."""
    layer = Dense(units, activation=activation, use_bias=use_bias,
                  kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                  kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                  activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                  bias_constraint=bias_constraint, trainable=trainable, name=name,
                  _scope=name, _reuse=reuse)
    return layer.apply(inputs)


# --------------------------------------------------------------------------------------------
# Dropout

class Dropout(Layer):
    """`tf.layers.Dropout`: `tf.nn.dropout(inputs, rate=rate)` when `training`, else an
    Identity. `noise_shape` entries that are None take the input's size on that axis."""

    def __init__(self, rate: Any = 0.5, noise_shape: Any = None, seed: int | None = None,
                 name: str | None = None, **kwargs: Any):
        super().__init__(name=name, **kwargs)
        self.rate = rate
        self.noise_shape = noise_shape
        self.seed = seed
        self.supports_masking = True

    def _get_noise_shape(self, inputs: Tensor) -> Tensor | None:
        if self.noise_shape is None:
            return None
        concrete_inputs_shape = array_ops.shape(inputs)
        noise_shape = [concrete_inputs_shape[i] if value is None else value
                       for i, value in enumerate(self.noise_shape)]
        return convert_to_tensor(noise_shape)

    def call(self, inputs: Tensor, training: Any = False) -> Tensor:
        def dropped_inputs() -> Tensor:
            return nn_impl.dropout(inputs, noise_shape=self._get_noise_shape(inputs),
                                  seed=self.seed, rate=self.rate)
        # TF reads Keras's learning phase (False unless fed) for training=None
        return _smart_cond(False if training is None else training, dropped_inputs,
                           lambda: array_ops.identity(inputs))


def dropout(inputs: Any, rate: Any = 0.5, noise_shape: Any = None, seed: int | None = None,
            training: Any = False, name: str | None = None) -> Tensor:
    """`tf.layers.dropout`: a Dropout layer applied to `inputs` (identity unless `training`)."""
    layer = Dropout(rate, noise_shape=noise_shape, seed=seed, name=name)
    return layer.apply(inputs, training=training)


# --------------------------------------------------------------------------------------------
# Flatten

def _normalize_data_format(value: Any) -> str:
    data_format = "channels_last" if value is None else value.lower()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError(f'The `data_format` argument must be one of "channels_first", '
                         f'"channels_last". Received: {value}')
    return data_format


class Flatten(Layer):
    """`tf.layers.Flatten`: reshapes `[batch, ...]` to `[batch, -1]` (channels_first inputs
    first move their channel axis last)."""

    def __init__(self, data_format: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.data_format = _normalize_data_format(data_format)
        self.input_spec = InputSpec(min_ndim=2)

    def call(self, inputs: Tensor) -> Tensor:
        ndim = inputs.shape.ndims
        if self.data_format == "channels_first" and ndim is not None and ndim >= 3:
            inputs = array_ops.transpose(inputs, perm=[0] + list(range(2, ndim)) + [1])
        batch = inputs.shape[0].value if ndim is not None else None
        outputs = array_ops.reshape(inputs, (batch or array_ops.shape(inputs)[0], -1))
        outputs.set_shape(self.compute_output_shape(inputs.shape))
        return outputs

    def compute_output_shape(self, input_shape: Any) -> TensorShape:
        dims = TensorShape(input_shape).as_list()
        rest = dims[1:]
        return TensorShape([dims[0], int(np.prod(rest)) if all(rest) else None])


def flatten(inputs: Any, name: str | None = None, data_format: str = "channels_last") -> Tensor:
    """`tf.layers.flatten`: a Flatten layer applied to `inputs`."""
    layer = Flatten(name=name, data_format=data_format)
    return layer.apply(inputs)
