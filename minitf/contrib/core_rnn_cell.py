"""The cell wrappers that left core for `tf.contrib.rnn` (mirrors
contrib/rnn/python/ops/core_rnn_cell.py of TF 1.15): `EmbeddingWrapper`,
`InputProjectionWrapper`, `OutputProjectionWrapper`.

Unlike DropoutWrapper and friends these are plain `RNNCell`s: they run under their own variable
scope (`rnn/output_projection_wrapper/`), so the wrapped cell's variables sit inside it
(`rnn/output_projection_wrapper/basic_rnn_cell/kernel`) next to the wrapper's own `kernel`,
`bias` or `embedding`, which `call` gets with `tf.get_variable` at its first step.
"""
from __future__ import annotations

import math
from typing import Any, Callable

from ..framework import dtypes as _dtypes
from ..framework import nest
from ..framework.convert import constant
from ..framework.graph import Tensor
from ..framework.graph import device as _device
from ..logging import warning
from ..nn.rnn_cell_impl import RNNCell, _SizedAsWrappedCell
from ..ops import array as array_ops
from ..ops import init as init_ops
from ..ops import math as math_ops
from ..ops import nn as nn_ops
from ..ops import nn_impl
from ..ops import variable_scope as vs

__all__ = ["EmbeddingWrapper", "InputProjectionWrapper", "OutputProjectionWrapper"]


def _like_rnncell(cell: Any) -> bool:
    return (hasattr(cell, "output_size") and hasattr(cell, "state_size")
            and hasattr(cell, "zero_state") and callable(cell))


class _Linear:
    """`concat(args, 1) @ kernel + bias`, its variables made once, in the scope current when
    the wrapper first runs, and reused by later steps."""

    def __init__(self, args: Any, output_size: int, build_bias: bool):
        if args is None or (nest.is_sequence(args) and not args):
            raise ValueError("`args` must be specified")
        self._is_sequence = nest.is_sequence(args)
        args = list(args) if self._is_sequence else [args]
        shapes = [a.shape for a in args]
        total = 0
        for shape in shapes:
            if shape.ndims != 2:
                raise ValueError(f"linear is expecting 2D arguments: {shapes}")
            if shape.as_list()[1] is None:
                raise ValueError(f"linear expects shape[1] to be provided for shape {shape}, "
                                 f"but saw {shape.dims[1]}")
            total += shape.as_list()[1]
        dtype = args[0].dtype
        self._build_bias = build_bias
        self._weights = vs.get_variable("kernel", [total, output_size], dtype=dtype)
        if build_bias:
            self._biases = vs.get_variable(
                "bias", [output_size], dtype=dtype,
                initializer=init_ops.constant_initializer(0.0, dtype=dtype))

    def __call__(self, args: Any) -> Tensor:
        args = list(args) if self._is_sequence else [args]
        if len(args) == 1:
            res = math_ops.matmul(args[0], self._weights)
        else:
            res = math_ops.matmul(array_ops.concat(args, constant(1, dtype=_dtypes.int32)),
                                  self._weights)
        if self._build_bias:
            res = nn_ops.bias_add(res, self._biases)
        return res


class _CoreWrapper(_SizedAsWrappedCell, RNNCell):
    """A wrapper with its own scope: sizes and zero state are the wrapped cell's."""

    def __init__(self, cell: Any, reuse: Any):
        super().__init__(_reuse=reuse)
        if not _like_rnncell(cell):
            raise TypeError("The parameter cell is not RNNCell.")
        self._cell = cell


class EmbeddingWrapper(_CoreWrapper):
    """Looks integer ids (`[batch, 1]`) up in an `embedding` `[classes, size]` (on the CPU)
    and feeds the vectors to the cell."""

    def __init__(self, cell: Any, embedding_classes: int, embedding_size: int,
                 initializer: Any = None, reuse: Any = None):
        super().__init__(cell, reuse)
        if embedding_classes <= 0 or embedding_size <= 0:
            raise ValueError(f"Both embedding_classes and embedding_size must be > 0: "
                             f"{int(embedding_classes)}, {int(embedding_size)}.")
        self._embedding_classes = embedding_classes
        self._embedding_size = embedding_size
        self._initializer = initializer

    def call(self, inputs: Any, state: Any) -> tuple:
        """The initializer is the given one, else the scope's, else U(-sqrt 3, sqrt 3), whose
        variance is 1; the table's dtype is the state's."""
        with _device("/cpu:0"):
            initializer = self._initializer or vs.get_variable_scope().initializer
            if not initializer:
                sqrt3 = math.sqrt(3)
                initializer = init_ops.random_uniform_initializer(-sqrt3, sqrt3)
            data_type = state[0].dtype if isinstance(state, tuple) else state.dtype
            embedding = vs.get_variable(
                "embedding", [self._embedding_classes, self._embedding_size],
                initializer=initializer, dtype=data_type)
            embedded = nn_impl.embedding_lookup(embedding, array_ops.reshape(inputs, [-1]))
            return self._cell(embedded, state)


class InputProjectionWrapper(_CoreWrapper):
    """Projects the inputs (`kernel`, `bias`, optional activation) to `num_proj` before the
    cell."""

    def __init__(self, cell: Any, num_proj: int, activation: Callable | None = None,
                 input_size: Any = None, reuse: Any = None):
        super().__init__(cell, reuse)
        if input_size is not None:
            warning("%s: The input_size parameter is deprecated.", self)
        self._num_proj = num_proj
        self._activation = activation
        self._linear: _Linear | None = None

    def call(self, inputs: Any, state: Any) -> tuple:
        if self._linear is None:
            self._linear = _Linear(inputs, self._num_proj, True)
        projected = self._linear(inputs)
        if self._activation:
            projected = self._activation(projected)
        return self._cell(projected, state)


class OutputProjectionWrapper(_CoreWrapper):
    """Projects the cell's output (`kernel`, `bias`, optional activation) to `output_size`;
    the state passes through."""

    def __init__(self, cell: Any, output_size: int, activation: Callable | None = None,
                 reuse: Any = None):
        super().__init__(cell, reuse)
        if output_size < 1:
            raise ValueError(f"Parameter output_size must be > 0: {int(output_size)}.")
        self._output_size = output_size
        self._activation = activation
        self._linear: _Linear | None = None

    @property
    def output_size(self) -> int:
        return self._output_size

    def call(self, inputs: Any, state: Any) -> tuple:
        output, res_state = self._cell(inputs, state)
        if self._linear is None:
            self._linear = _Linear(output, self._output_size, True)
        projected = self._linear(output)
        if self._activation:
            projected = self._activation(projected)
        return projected, res_state
