"""Attention for seq2seq decoders (mirrors contrib/seq2seq/python/ops/attention_wrapper.py of
TF 1.15): the Bahdanau (additive) and Luong (multiplicative) mechanisms and the
`AttentionWrapper` cell that feeds each step's attention back into the next step's input.

The memory is projected once, outside the decoder loop, by `memory_layer` (variables named
where the mechanism is built: `memory_layer/kernel`); the query side is built at the wrapper's
first call, inside its scope (`attention_wrapper/bahdanau_attention/query_layer/kernel`,
`.../attention_v`, `attention_wrapper/attention_layer/kernel`). Scores past an entry's
`memory_sequence_length` are replaced by `-inf` before the softmax.
"""
from __future__ import annotations

import collections
import math
from collections.abc import Callable
from typing import Any

from ...framework import dtypes as _dtypes
from ...framework import nest
from ...framework.convert import convert_to_tensor
from ...framework.graph import Tensor, control_dependencies, name_scope
from ...framework.tensor_shape import TensorShape
from ...nn.layers import Dense, Layer
from ...nn.rnn import _assert_like_rnncell
from ...nn.rnn_cell_impl import RNNCell
from ...ops import array as array_ops
from ...ops import init as init_ops
from ...ops import logging_ops
from ...ops import math as math_ops
from ...ops import nn as nn_ops
from ...ops import variable_scope as vs
from ...ops.tensor_array import TensorArray
from .decoder import _zero_state_tensors

__all__ = ["AttentionMechanism", "AttentionWrapper", "AttentionWrapperState",
           "BahdanauAttention", "LuongAttention", "hardmax"]


def _dim_value(dim: Any) -> int | None:
    return getattr(dim, "value", dim)


class AttentionMechanism:
    """The marker base class `AttentionWrapper` checks its mechanisms against."""


def _prepare_memory(memory: Any, memory_sequence_length: Any,
                    check_inner_dims_defined: bool) -> Any:
    """`memory` as tensors, rows past each entry's length zeroed (after checking that the
    lengths and the memory agree on the batch size)."""
    memory = nest.map_structure(lambda m: convert_to_tensor(m, name="memory"), memory)
    if memory_sequence_length is not None:
        memory_sequence_length = convert_to_tensor(memory_sequence_length,
                                                   name="memory_sequence_length")
    if check_inner_dims_defined:
        for m in nest.flatten(memory):
            if not m.shape[2:].is_fully_defined():
                raise ValueError(f"Expected memory {m.name} to have fully defined inner dims, "
                                 f"but saw shape: {m.shape}")
    if memory_sequence_length is None:
        return memory
    first = nest.flatten(memory)[0]
    seq_len_mask = array_ops.sequence_mask(memory_sequence_length,
                                           maxlen=array_ops.shape(first)[1], dtype=first.dtype)
    seq_len_batch_size = _dim_value(memory_sequence_length.shape[0]) or \
        array_ops.shape(memory_sequence_length)[0]

    def maybe_mask(m: Tensor) -> Tensor:
        rank = m.shape.ndims if m.shape.ndims is not None else array_ops.rank(m)
        extra_ones = array_ops.ones(rank - 2, dtype=_dtypes.int32)
        m_batch_size = _dim_value(m.shape[0]) or array_ops.shape(m)[0]
        message = "memory_sequence_length and memory tensor batch sizes do not match."
        with control_dependencies([logging_ops.assert_equal(seq_len_batch_size, m_batch_size,
                                                            message=message)]):
            mask = array_ops.reshape(
                seq_len_mask, array_ops.concat((array_ops.shape(seq_len_mask), extra_ones), 0))
            return m * mask

    return nest.map_structure(maybe_mask, memory)


def _maybe_mask_score(score: Tensor, memory_sequence_length: Any,
                      score_mask_value: Any) -> Tensor:
    """`score` with the entries past each memory length set to `score_mask_value`."""
    if memory_sequence_length is None:
        return score
    message = "All values in memory_sequence_length must greater than zero."
    with control_dependencies([logging_ops.assert_positive(memory_sequence_length,
                                                           message=message)]):
        score_mask = array_ops.sequence_mask(memory_sequence_length,
                                             maxlen=array_ops.shape(score)[1])
        score_mask_values = score_mask_value * array_ops.ones_like(score)
        return array_ops.where(score_mask, score, score_mask_values)


class _BaseAttentionMechanism(AttentionMechanism):
    """Keeps the (masked) memory as `values` and its projection by `memory_layer` as `keys`;
    `probability_fn(score, state)` sees the masked score."""

    def __init__(self, query_layer: Layer | None, memory: Any, probability_fn: Callable,
                 memory_sequence_length: Any = None, memory_layer: Layer | None = None,
                 check_inner_dims_defined: bool = True, score_mask_value: Any = None,
                 name: str | None = None):
        if query_layer is not None and not isinstance(query_layer, Layer):
            raise TypeError(f"query_layer is not a Layer: {type(query_layer).__name__}")
        if memory_layer is not None and not isinstance(memory_layer, Layer):
            raise TypeError(f"memory_layer is not a Layer: {type(memory_layer).__name__}")
        self._query_layer = query_layer
        self._memory_layer = memory_layer
        self.dtype = memory_layer.dtype
        if not callable(probability_fn):
            raise TypeError(f"probability_fn must be callable, saw type: "
                            f"{type(probability_fn).__name__}")
        if score_mask_value is None:
            score_mask_value = _dtypes.as_dtype(memory_layer.dtype).as_numpy_dtype(float("-inf"))
        self._probability_fn = lambda score, prev: probability_fn(
            _maybe_mask_score(score, memory_sequence_length, score_mask_value), prev)
        with name_scope(name, "BaseAttentionMechanismInit", nest.flatten(memory)):
            self._values = _prepare_memory(memory, memory_sequence_length,
                                           check_inner_dims_defined=check_inner_dims_defined)
            self._keys = self.memory_layer(self._values) if self.memory_layer else self._values
            self._batch_size = _dim_value(self._keys.shape[0]) or \
                array_ops.shape(self._keys)[0]
            self._alignments_size = _dim_value(self._keys.shape[1]) or \
                array_ops.shape(self._keys)[1]

    @property
    def memory_layer(self) -> Layer | None:
        return self._memory_layer

    @property
    def query_layer(self) -> Layer | None:
        return self._query_layer

    @property
    def values(self) -> Tensor:
        return self._values

    @property
    def keys(self) -> Tensor:
        return self._keys

    @property
    def batch_size(self) -> Any:
        return self._batch_size

    @property
    def alignments_size(self) -> Any:
        return self._alignments_size

    @property
    def state_size(self) -> Any:
        return self._alignments_size

    def initial_alignments(self, batch_size: Any, dtype: Any) -> Tensor:
        """Zeros `[batch_size, max_time]`: the alignments before the first step."""
        return _zero_state_tensors(self._alignments_size, batch_size, dtype)

    def initial_state(self, batch_size: Any, dtype: Any) -> Tensor:
        """The mechanism's state before the first step: the initial alignments."""
        return self.initial_alignments(batch_size, dtype)


def _luong_score(query: Tensor, keys: Tensor, scale: bool) -> Tensor:
    """`query . keys[t]` for each memory step `t` (times a learned scalar `attention_g` with
    `scale`)."""
    depth = query.shape[-1]
    key_units = keys.shape[-1]
    depth_value, key_value = _dim_value(depth), _dim_value(key_units)
    if depth_value is not None and key_value is not None and depth_value != key_value:
        raise ValueError(f"Incompatible or unknown inner dimensions between query and keys.  "
                         f"Query ({query}) has units: {depth_value}.  Keys ({keys}) have units: "
                         f"{key_value}.  Perhaps you need to set num_units to the keys' "
                         f"dimension ({key_value})?")
    dtype = query.dtype
    query = array_ops.expand_dims(query, 1)
    score = math_ops.matmul(query, keys, transpose_b=True)
    score = array_ops.squeeze(score, [1])
    if scale:
        g = vs.get_variable("attention_g", dtype=dtype, initializer=init_ops.ones_initializer,
                            shape=())
        score = g * score
    return score


class LuongAttention(_BaseAttentionMechanism):
    """Multiplicative attention: `score_t = query . (W_m memory_t)` (scaled by a learned
    `attention_g` with `scale=True`); the query's depth must equal `num_units`."""

    def __init__(self, num_units: int, memory: Any, memory_sequence_length: Any = None,
                 scale: bool = False, probability_fn: Callable | None = None,
                 score_mask_value: Any = None, dtype: Any = None,
                 name: str = "LuongAttention"):
        if probability_fn is None:
            probability_fn = nn_ops.softmax
        if dtype is None:
            dtype = _dtypes.float32
        super().__init__(
            query_layer=None,
            memory_layer=Dense(num_units, name="memory_layer", use_bias=False, dtype=dtype),
            memory=memory, probability_fn=lambda score, _: probability_fn(score),
            memory_sequence_length=memory_sequence_length, score_mask_value=score_mask_value,
            name=name)
        self._num_units = num_units
        self._scale = scale
        self._name = name

    def __call__(self, query: Tensor, state: Tensor) -> tuple:
        """`(alignments, next_state)` for `query` `[batch, num_units]`."""
        with vs.variable_scope(None, "luong_attention", [query]):
            score = _luong_score(query, self._keys, self._scale)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


def _bahdanau_score(processed_query: Tensor, keys: Tensor, normalize: bool) -> Tensor:
    """`v . tanh(keys_t + W_q query)` for each memory step `t`; with `normalize`, `v` is
    weight-normalised (`g v / |v|`) and a bias is added inside the tanh."""
    dtype = processed_query.dtype
    num_units = _dim_value(keys.shape[2]) or array_ops.shape(keys)[2]
    processed_query = array_ops.expand_dims(processed_query, 1)
    v = vs.get_variable("attention_v", [num_units], dtype=dtype)
    if normalize:
        g = vs.get_variable("attention_g", dtype=dtype,
                            initializer=init_ops.constant_initializer(math.sqrt(1. / num_units)),
                            shape=())
        b = vs.get_variable("attention_b", [num_units], dtype=dtype,
                            initializer=init_ops.zeros_initializer())
        normed_v = g * v * math_ops.rsqrt(math_ops.reduce_sum(math_ops.square(v)))
        return math_ops.reduce_sum(normed_v * math_ops.tanh(keys + processed_query + b), [2])
    return math_ops.reduce_sum(v * math_ops.tanh(keys + processed_query), [2])


class BahdanauAttention(_BaseAttentionMechanism):
    """Additive attention: `score_t = v . tanh(W_m memory_t + W_q query)`, both projections
    `num_units` wide and without bias."""

    def __init__(self, num_units: int, memory: Any, memory_sequence_length: Any = None,
                 normalize: bool = False, probability_fn: Callable | None = None,
                 score_mask_value: Any = None, dtype: Any = None,
                 name: str = "BahdanauAttention"):
        if probability_fn is None:
            probability_fn = nn_ops.softmax
        if dtype is None:
            dtype = _dtypes.float32
        super().__init__(
            query_layer=Dense(num_units, name="query_layer", use_bias=False, dtype=dtype),
            memory_layer=Dense(num_units, name="memory_layer", use_bias=False, dtype=dtype),
            memory=memory, probability_fn=lambda score, _: probability_fn(score),
            memory_sequence_length=memory_sequence_length, score_mask_value=score_mask_value,
            name=name)
        self._num_units = num_units
        self._normalize = normalize
        self._name = name

    def __call__(self, query: Tensor, state: Tensor) -> tuple:
        """`(alignments, next_state)` for `query` `[batch, query_depth]`."""
        with vs.variable_scope(None, "bahdanau_attention", [query]):
            processed_query = self.query_layer(query) if self.query_layer else query
            score = _bahdanau_score(processed_query, self._keys, self._normalize)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


def hardmax(logits: Any, name: str | None = None) -> Tensor:
    """One-hot of the argmax over the last axis: a probability_fn that attends to one step."""
    with name_scope(name, "Hardmax", [logits]):
        logits = convert_to_tensor(logits, name="logits")
        depth = _dim_value(logits.shape[-1]) if logits.shape.ndims is not None else None
        if depth is None:
            depth = array_ops.shape(logits)[-1]
        return array_ops.one_hot(math_ops.argmax(logits, -1), depth, dtype=logits.dtype)


def _assert_shape_like(old: Tensor, new: Tensor) -> Tensor:
    """`new`, statically checked against `old`'s shape; where either is not fully known, an
    Identity that asserts at run time that the shapes agree."""
    expected = old.shape
    actual = new.shape
    if expected.is_fully_defined() and actual.is_fully_defined():
        if not actual.is_compatible_with(expected):
            raise ValueError(f"Invalid shape for tensor {new.name}, expected "
                             f"{expected.as_list()}, got {actual}.")
        return new
    with name_scope(f"{new.op.name}/"):
        expected_shape = expected.as_list() if expected.is_fully_defined() else \
            array_ops.shape(old, name="expected_shape")
        with name_scope("assert_shape") as scope:
            actual_shape = array_ops.shape(new, name="actual")
            check = logging_ops.Assert(
                math_ops.reduce_all(math_ops.equal(actual_shape, expected_shape)),
                [f"Wrong shape for {new.name} [expected] [actual].", expected_shape,
                 actual_shape], name=scope)
        with control_dependencies([check]):
            result = array_ops.identity(new)
        result.set_shape(expected)
        return result


class AttentionWrapperState(collections.namedtuple(
        "AttentionWrapperState", ("cell_state", "attention", "time", "alignments",
                                  "alignment_history", "attention_state"))):
    """The state of an `AttentionWrapper`: the wrapped cell's state, the last attention
    vector, the step count, the last alignments, their history (a TensorArray when
    `alignment_history=True`) and the mechanisms' own state."""
    __slots__ = ()

    def clone(self, **kwargs: Any) -> AttentionWrapperState:
        """A copy with some fields replaced, each new tensor checked to have the shape of the
        one it replaces: `zero_state(...).clone(cell_state=encoder_state)`."""
        def with_same_shape(old: Any, new: Any) -> Any:
            if isinstance(old, Tensor) and isinstance(new, Tensor):
                return _assert_shape_like(old, new)
            return new
        return nest.map_structure(with_same_shape, self, self._replace(**kwargs))


def _compute_attention(attention_mechanism: _BaseAttentionMechanism, cell_output: Tensor,
                       attention_state: Any, attention_layer: Layer | None) -> tuple:
    """The context vector (alignment-weighted sum of the memory), through `attention_layer`
    applied to `[cell_output, context]` when there is one."""
    alignments, next_attention_state = attention_mechanism(cell_output, state=attention_state)
    expanded_alignments = array_ops.expand_dims(alignments, 1)
    context = math_ops.matmul(expanded_alignments, attention_mechanism.values)
    context = array_ops.squeeze(context, [1])
    if attention_layer is not None:
        attention = attention_layer(array_ops.concat([cell_output, context], 1))
    else:
        attention = context
    return attention, alignments, next_attention_state


class AttentionWrapper(RNNCell):
    """Wraps `cell` so that each step reads `[inputs, previous attention]`, attends over the
    memory with the cell's output as the query, and emits the attention vector (or, with
    `output_attention=False`, the cell's output)."""

    def __init__(self, cell: Any, attention_mechanism: Any, attention_layer_size: Any = None,
                 alignment_history: bool = False, cell_input_fn: Callable | None = None,
                 output_attention: bool = True, initial_cell_state: Any = None,
                 name: str | None = None):
        super().__init__(name=name)
        _assert_like_rnncell("cell", cell)
        if isinstance(attention_mechanism, (list, tuple)):
            self._is_multi = True
            attention_mechanisms = tuple(attention_mechanism)
            for mechanism in attention_mechanisms:
                if not isinstance(mechanism, AttentionMechanism):
                    raise TypeError(f"attention_mechanism must contain only instances of "
                                    f"AttentionMechanism, saw type: "
                                    f"{type(mechanism).__name__}")
        else:
            self._is_multi = False
            if not isinstance(attention_mechanism, AttentionMechanism):
                raise TypeError(f"attention_mechanism must be an AttentionMechanism or list of "
                                f"multiple AttentionMechanism instances, saw type: "
                                f"{type(attention_mechanism).__name__}")
            attention_mechanisms = (attention_mechanism,)
        if cell_input_fn is None:
            cell_input_fn = lambda inputs, attention: array_ops.concat(
                [inputs, attention], -1)
        elif not callable(cell_input_fn):
            raise TypeError(f"cell_input_fn must be callable, saw type: "
                            f"{type(cell_input_fn).__name__}")
        if attention_layer_size is not None:
            sizes = tuple(attention_layer_size if isinstance(attention_layer_size, (list, tuple))
                          else (attention_layer_size,))
            if len(sizes) != len(attention_mechanisms):
                raise ValueError(f"If provided, attention_layer_size must contain exactly one "
                                 f"integer per attention_mechanism, saw: {len(sizes)} vs "
                                 f"{len(attention_mechanisms)}")
            self._attention_layers = tuple(
                Dense(size, name="attention_layer", use_bias=False,
                      dtype=attention_mechanisms[i].dtype) for i, size in enumerate(sizes))
            self._attention_layer_size = sum(sizes)
        else:
            self._attention_layers = None
            self._attention_layer_size = sum(_dim_value(m.values.shape[-1])
                                             for m in attention_mechanisms)
        self._cell = cell
        self._attention_mechanisms = attention_mechanisms
        self._cell_input_fn = cell_input_fn
        self._output_attention = output_attention
        self._alignment_history = alignment_history
        with name_scope(name, "AttentionWrapperInit"):
            if initial_cell_state is None:
                self._initial_cell_state = None
            else:
                final = nest.flatten(initial_cell_state)[-1]
                state_batch_size = _dim_value(final.shape[0]) or array_ops.shape(final)[0]
                message = (f"When constructing AttentionWrapper {self._base_name}: "
                           f"Non-matching batch sizes between the memory (encoder output) and "
                           f"initial_cell_state.  Are you using the BeamSearchDecoder?  You may "
                           f"need to tile your initial state via the tf.contrib.seq2seq."
                           f"tile_batch function with argument multiple=beam_width.")
                with control_dependencies(self._batch_size_checks(state_batch_size, message)):
                    self._initial_cell_state = nest.map_structure(
                        lambda s: array_ops.identity(s, name="check_initial_cell_state"),
                        initial_cell_state)

    def _batch_size_checks(self, batch_size: Any, error_message: str) -> list:
        return [logging_ops.assert_equal(batch_size, m.batch_size, message=error_message)
                for m in self._attention_mechanisms]

    def _item_or_tuple(self, seq: Any) -> Any:
        t = tuple(seq)
        return t if self._is_multi else t[0]

    @property
    def output_size(self) -> Any:
        return self._attention_layer_size if self._output_attention else \
            self._cell.output_size

    @property
    def state_size(self) -> AttentionWrapperState:
        return AttentionWrapperState(
            cell_state=self._cell.state_size, time=TensorShape([]),
            attention=self._attention_layer_size,
            alignments=self._item_or_tuple(m.alignments_size
                                           for m in self._attention_mechanisms),
            attention_state=self._item_or_tuple(m.state_size
                                                for m in self._attention_mechanisms),
            alignment_history=self._item_or_tuple(
                m.alignments_size if self._alignment_history else ()
                for m in self._attention_mechanisms))

    def zero_state(self, batch_size: Any, dtype: Any) -> AttentionWrapperState:
        """The initial state: the wrapped cell's zero state (or `initial_cell_state`), zero
        attention and alignments, time 0; checks the batch size against the memory's."""
        with name_scope(type(self).__name__ + "ZeroState", values=[batch_size]):
            if self._initial_cell_state is not None:
                cell_state = self._initial_cell_state
            else:
                cell_state = self._cell.get_initial_state(batch_size=batch_size, dtype=dtype)
            message = (f"When calling zero_state of AttentionWrapper {self._base_name}: "
                       f"Non-matching batch sizes between the memory (encoder output) and the "
                       f"requested batch size.  Are you using the BeamSearchDecoder?  If so, "
                       f"make sure your encoder output has been tiled to beam_width via "
                       f"tf.contrib.seq2seq.tile_batch, and the batch_size= argument passed to "
                       f"zero_state is batch_size * beam_width.")
            with control_dependencies(self._batch_size_checks(batch_size, message)):
                cell_state = nest.map_structure(
                    lambda s: array_ops.identity(s, name="checked_cell_state"), cell_state)
            initial_alignments = [m.initial_alignments(batch_size, dtype)
                                  for m in self._attention_mechanisms]
            return AttentionWrapperState(
                cell_state=cell_state, time=array_ops.zeros([], dtype=_dtypes.int32),
                attention=_zero_state_tensors(self._attention_layer_size, batch_size, dtype),
                alignments=self._item_or_tuple(initial_alignments),
                attention_state=self._item_or_tuple(m.initial_state(batch_size, dtype)
                                                    for m in self._attention_mechanisms),
                alignment_history=self._item_or_tuple(
                    TensorArray(dtype, size=0, dynamic_size=True, element_shape=a.shape)
                    if self._alignment_history else () for a in initial_alignments))

    def call(self, inputs: Tensor, state: AttentionWrapperState) -> tuple:
        """One step: the wrapped cell on `cell_input_fn(inputs, state.attention)`, then
        attention with its output as the query."""
        if not isinstance(state, AttentionWrapperState):
            raise TypeError(f"Expected state to be instance of AttentionWrapperState. "
                            f"Received type {type(state)} instead.")
        cell_inputs = self._cell_input_fn(inputs, state.attention)
        cell_output, next_cell_state = self._cell(cell_inputs, state.cell_state)
        cell_batch_size = _dim_value(cell_output.shape[0]) or array_ops.shape(cell_output)[0]
        message = (f"When applying AttentionWrapper {self.name}: Non-matching batch sizes "
                   f"between the memory (encoder output) and the query (decoder output).  Are "
                   f"you using the BeamSearchDecoder?  You may need to tile your memory input "
                   f"via the tf.contrib.seq2seq.tile_batch function with argument "
                   f"multiple=beam_width.")
        with control_dependencies(self._batch_size_checks(cell_batch_size, message)):
            cell_output = array_ops.identity(cell_output, name="checked_cell_output")
        if self._is_multi:
            previous_states = state.attention_state
            previous_histories = state.alignment_history
        else:
            previous_states = [state.attention_state]
            previous_histories = [state.alignment_history]
        alignments_all, attentions, states, histories = [], [], [], []
        for i, mechanism in enumerate(self._attention_mechanisms):
            attention, alignments, next_attention_state = _compute_attention(
                mechanism, cell_output, previous_states[i],
                self._attention_layers[i] if self._attention_layers else None)
            history = previous_histories[i].write(state.time, alignments) \
                if self._alignment_history else ()
            states.append(next_attention_state)
            alignments_all.append(alignments)
            attentions.append(attention)
            histories.append(history)
        attention = array_ops.concat(attentions, 1)
        next_state = AttentionWrapperState(
            time=state.time + 1, cell_state=next_cell_state, attention=attention,
            attention_state=self._item_or_tuple(states),
            alignments=self._item_or_tuple(alignments_all),
            alignment_history=self._item_or_tuple(histories))
        return (attention if self._output_attention else cell_output), next_state
