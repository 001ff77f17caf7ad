"""Sampling helpers of `BasicDecoder` (mirrors contrib/seq2seq/python/ops/helper.py of TF 1.15).

A helper decides what the decoder reads at each step: the ground truth (`TrainingHelper`,
teacher forcing), now and then its own sampled prediction instead (scheduled sampling:
`ScheduledEmbeddingTrainingHelper`, `ScheduledOutputTrainingHelper`), the embedding of its own
argmax (`GreedyEmbeddingHelper`) or of a sample (`SampleEmbeddingHelper`), its outputs through
user functions (`InferenceHelper`), or whatever user functions say (`CustomHelper`).
"""
from __future__ import annotations

import abc
from collections.abc import Callable
from typing import Any

from ...framework import dtypes as _dtypes
from ...framework import nest
from ...framework.convert import convert_to_tensor
from ...framework.graph import Tensor, name_scope
from ...framework.tensor_shape import TensorShape
from ...nn.rnn import _transpose_batch_time
from ...ops import array as array_ops
from ...ops import control_flow as control_flow_ops
from ...ops import math as math_ops
from ...ops import nn_impl
from ...ops import random as random_ops
from ...ops.tensor_array import TensorArray

__all__ = [
    "CustomHelper",
    "GreedyEmbeddingHelper",
    "Helper",
    "InferenceHelper",
    "SampleEmbeddingHelper",
    "ScheduledEmbeddingTrainingHelper",
    "ScheduledOutputTrainingHelper",
    "TrainingHelper",
]


def _unstack_ta(inp: Tensor) -> TensorArray:
    """A time-major tensor as a TensorArray of its time steps."""
    return TensorArray(dtype=inp.dtype, size=array_ops.shape(inp)[0],
                       element_shape=inp.shape[1:]).unstack(inp)


def _embedding_fn(embedding: Any) -> Callable:
    """`embedding` itself when callable, else a lookup in it as `params`."""
    if callable(embedding):
        return embedding
    return lambda ids: nn_impl.embedding_lookup(embedding, ids)


class Helper(abc.ABC):
    """What `BasicDecoder` asks at each step: the first inputs, the ids to emit, and the next
    inputs with which entries are finished."""

    @property
    @abc.abstractmethod
    def batch_size(self) -> Any:
        """The batch size of `sample`'s result (a scalar int32 tensor)."""

    @property
    @abc.abstractmethod
    def sample_ids_shape(self) -> TensorShape:
        """The shape of one entry's sample ids (batch axis excluded)."""

    @property
    @abc.abstractmethod
    def sample_ids_dtype(self) -> _dtypes.DType:
        """The dtype of the sample ids."""

    @abc.abstractmethod
    def initialize(self, name: str | None = None) -> tuple:
        """`(initial_finished, initial_inputs)`."""

    @abc.abstractmethod
    def sample(self, time: Tensor, outputs: Any, state: Any, name: str | None = None) -> Any:
        """The `sample_ids` of step `time`."""

    @abc.abstractmethod
    def next_inputs(self, time: Tensor, outputs: Any, state: Any, sample_ids: Any,
                    name: str | None = None) -> tuple:
        """`(finished, next_inputs, next_state)`."""


class CustomHelper(Helper):
    """A helper made of three user functions: `initialize_fn() -> (finished, inputs)`,
    `sample_fn(time, outputs, state) -> ids`, `next_inputs_fn(time, outputs, state,
    sample_ids) -> (finished, next_inputs, next_state)`."""

    def __init__(self, initialize_fn: Callable, sample_fn: Callable, next_inputs_fn: Callable,
                 sample_ids_shape: Any = None, sample_ids_dtype: Any = None):
        self._initialize_fn = initialize_fn
        self._sample_fn = sample_fn
        self._next_inputs_fn = next_inputs_fn
        self._batch_size = None
        self._sample_ids_shape = TensorShape(sample_ids_shape or [])
        self._sample_ids_dtype = _dtypes.as_dtype(sample_ids_dtype or _dtypes.int32)

    @property
    def batch_size(self) -> Any:
        if self._batch_size is None:
            raise ValueError("batch_size accessed before initialize was called")
        return self._batch_size

    @property
    def sample_ids_shape(self) -> TensorShape:
        return self._sample_ids_shape

    @property
    def sample_ids_dtype(self) -> _dtypes.DType:
        return self._sample_ids_dtype

    def initialize(self, name: str | None = None) -> tuple:
        with name_scope(name, f"{type(self).__name__}Initialize"):
            finished, next_inputs = self._initialize_fn()
            if self._batch_size is None:
                self._batch_size = array_ops.size(finished)
        return finished, next_inputs

    def sample(self, time: Tensor, outputs: Any, state: Any, name: str | None = None) -> Any:
        with name_scope(name, f"{type(self).__name__}Sample", (time, outputs, state)):
            return self._sample_fn(time=time, outputs=outputs, state=state)

    def next_inputs(self, time: Tensor, outputs: Any, state: Any, sample_ids: Any,
                    name: str | None = None) -> tuple:
        with name_scope(name, f"{type(self).__name__}NextInputs", (time, outputs, state)):
            return self._next_inputs_fn(time=time, outputs=outputs, state=state,
                                        sample_ids=sample_ids)


class TrainingHelper(Helper):
    """Teacher forcing: step `t` reads `inputs[:, t]`; an entry is finished once `t + 1`
    reaches its `sequence_length`. Sample ids are the argmax of the outputs."""

    def __init__(self, inputs: Any, sequence_length: Any, time_major: bool = False,
                 name: str | None = None):
        with name_scope(name, "TrainingHelper", [inputs, sequence_length]):
            inputs = nest.map_structure(lambda x: convert_to_tensor(x, name="inputs"), inputs)
            self._inputs = inputs
            if not time_major:
                inputs = nest.map_structure(_transpose_batch_time, inputs)
            self._input_tas = nest.map_structure(_unstack_ta, inputs)
            self._sequence_length = convert_to_tensor(sequence_length, name="sequence_length")
            if self._sequence_length.shape.ndims != 1:
                raise ValueError(f"Expected sequence_length to be a vector, but received "
                                 f"shape: {self._sequence_length.shape}")
            self._zero_inputs = nest.map_structure(
                lambda inp: array_ops.zeros_like(inp[0, :]), inputs)
            self._batch_size = array_ops.size(sequence_length)

    @property
    def inputs(self) -> Any:
        return self._inputs

    @property
    def sequence_length(self) -> Tensor:
        return self._sequence_length

    @property
    def batch_size(self) -> Any:
        return self._batch_size

    @property
    def sample_ids_shape(self) -> TensorShape:
        return TensorShape([])

    @property
    def sample_ids_dtype(self) -> _dtypes.DType:
        return _dtypes.int32

    def initialize(self, name: str | None = None) -> tuple:
        with name_scope(name, "TrainingHelperInitialize"):
            finished = math_ops.equal(0, self._sequence_length)
            all_finished = math_ops.reduce_all(finished)
            next_inputs = control_flow_ops.cond(
                all_finished, lambda: self._zero_inputs,
                lambda: nest.map_structure(lambda inp: inp.read(0), self._input_tas))
            return finished, next_inputs

    def sample(self, time: Tensor, outputs: Any, name: str | None = None,
               **unused_kwargs: Any) -> Tensor:
        with name_scope(name, "TrainingHelperSample", [time, outputs]):
            return array_ops.cast(math_ops.argmax(outputs, axis=-1), _dtypes.int32)

    def next_inputs(self, time: Tensor, outputs: Any, state: Any, name: str | None = None,
                    **unused_kwargs: Any) -> tuple:
        with name_scope(name, "TrainingHelperNextInputs", [time, outputs, state]):
            next_time = time + 1
            finished = next_time >= self._sequence_length
            all_finished = math_ops.reduce_all(finished)
            next_inputs = control_flow_ops.cond(
                all_finished, lambda: self._zero_inputs,
                lambda: nest.map_structure(lambda inp: inp.read(next_time), self._input_tas))
            return finished, next_inputs, state


def _sampling_probability(value: Any) -> Tensor:
    probability = convert_to_tensor(value, name="sampling_probability")
    if probability.shape.ndims not in (0, 1):
        raise ValueError(f"sampling_probability must be either a scalar or a vector. saw "
                         f"shape: {probability.shape}")
    return probability


def _merge_rows(picked: Tensor, new_rows: Callable[[Tensor], Tensor], base: Tensor) -> Tensor:
    """`base` with the rows where `picked` holds replaced by `new_rows(their indices)`, built
    with two scatters as TF's scheduled-sampling helpers do."""
    where_sampling = array_ops.cast(array_ops.where(picked), _dtypes.int32)
    where_not = array_ops.cast(array_ops.where(math_ops.logical_not(picked)), _dtypes.int32)
    base_shape = array_ops.shape(base)
    return array_ops.scatter_nd(where_sampling, new_rows(where_sampling), base_shape) + \
        array_ops.scatter_nd(where_not, array_ops.gather_nd(base, where_not), base_shape)


class ScheduledEmbeddingTrainingHelper(TrainingHelper):
    """Teacher forcing, except that with `sampling_probability` an entry reads the embedding
    of an id sampled from its outputs (sample id -1 where it did not sample)."""

    def __init__(self, inputs: Any, sequence_length: Any, embedding: Any,
                 sampling_probability: Any, time_major: bool = False, seed: int | None = None,
                 scheduling_seed: int | None = None, name: str | None = None):
        with name_scope(name, "ScheduledEmbeddingSamplingWrapper",
                        [embedding, sampling_probability]):
            self._embedding_fn = _embedding_fn(embedding)
            self._sampling_probability = _sampling_probability(sampling_probability)
            self._seed = seed
            self._scheduling_seed = scheduling_seed
            super().__init__(inputs, sequence_length, time_major=time_major, name=name)

    def sample(self, time: Tensor, outputs: Any, state: Any, name: str | None = None) -> Tensor:
        with name_scope(name, "ScheduledEmbeddingTrainingHelperSample", [time, outputs, state]):
            noise = random_ops.random_uniform([self.batch_size], seed=self._scheduling_seed)
            draws = random_ops.multinomial(outputs, 1, seed=self._seed)
            sampled = array_ops.cast(array_ops.reshape(draws, [-1]), _dtypes.int32)
            return array_ops.where(self._sampling_probability > noise, sampled,
                                   array_ops.tile([-1], [self.batch_size]))

    def next_inputs(self, time: Tensor, outputs: Any, state: Any, sample_ids: Tensor,
                    name: str | None = None) -> tuple:
        with name_scope(name, "ScheduledEmbeddingTrainingHelperSample",
                        [time, outputs, state, sample_ids]):
            finished, base_next_inputs, state = super().next_inputs(time, outputs, state,
                                                                    name=name)

            def maybe_sample() -> Tensor:
                return _merge_rows(sample_ids > -1, lambda where: self._embedding_fn(
                    array_ops.gather_nd(sample_ids, where)), base_next_inputs)
            next_inputs = control_flow_ops.cond(math_ops.reduce_all(finished),
                                                lambda: base_next_inputs, maybe_sample)
            return finished, next_inputs, state


class ScheduledOutputTrainingHelper(TrainingHelper):
    """Teacher forcing, except that with `sampling_probability` an entry reads its own output
    (through `next_input_layer`, with `auxiliary_inputs` concatenated) instead; the sample ids
    say which entries did."""

    def __init__(self, inputs: Any, sequence_length: Any, sampling_probability: Any,
                 time_major: bool = False, seed: int | None = None,
                 next_input_layer: Any = None, auxiliary_inputs: Any = None,
                 name: str | None = None):
        with name_scope(name, "ScheduledOutputTrainingHelper",
                        [inputs, auxiliary_inputs, sampling_probability]):
            from ...nn.layers import Layer  # noqa: PLC0415 - the layers build on seq2seq's ops
            self._sampling_probability = _sampling_probability(sampling_probability)
            concatenated = inputs
            if auxiliary_inputs is not None:
                inputs = convert_to_tensor(inputs, name="inputs")
                auxiliary_inputs = convert_to_tensor(auxiliary_inputs, name="auxiliary_inputs")
                concatenated = nest.map_structure(lambda x, y: array_ops.concat((x, y), -1),
                                                  inputs, auxiliary_inputs)
                if not time_major:
                    auxiliary_inputs = nest.map_structure(_transpose_batch_time,
                                                          auxiliary_inputs)
            self._auxiliary_input_tas = None if auxiliary_inputs is None else \
                nest.map_structure(_unstack_ta, auxiliary_inputs)
            self._seed = seed
            if next_input_layer is not None and not isinstance(next_input_layer, Layer):
                raise TypeError(f"next_input_layer must be a Layer, received: "
                                f"{type(next_input_layer)}")
            self._next_input_layer = next_input_layer
            super().__init__(concatenated, sequence_length, time_major=time_major, name=name)

    @property
    def sample_ids_dtype(self) -> _dtypes.DType:
        return _dtypes.bool

    def sample(self, time: Tensor, outputs: Any, state: Any, name: str | None = None) -> Tensor:
        with name_scope(name, "ScheduledOutputTrainingHelperSample", [time, outputs, state]):
            probability = self._sampling_probability
            shape = array_ops.concat([[self.batch_size], array_ops.shape(probability)], 0)
            uniform = random_ops.random_uniform(shape, seed=self._seed,
                                                dtype=probability.dtype)
            return math_ops.less(uniform, probability)

    def next_inputs(self, time: Tensor, outputs: Any, state: Any, sample_ids: Tensor,
                    name: str | None = None) -> tuple:
        with name_scope(name, "ScheduledOutputTrainingHelperNextInputs",
                        [time, outputs, state, sample_ids]):
            finished, base_next_inputs, state = super().next_inputs(time, outputs, state,
                                                                    name=name)

            def with_auxiliary(outputs_: Tensor, indices: Tensor | None = None) -> Tensor:
                if self._auxiliary_input_tas is None:
                    return outputs_
                auxiliary = nest.map_structure(lambda ta: ta.read(time + 1),
                                               self._auxiliary_input_tas)
                if indices is not None:
                    auxiliary = array_ops.gather_nd(auxiliary, indices)
                return nest.map_structure(lambda x, y: array_ops.concat((x, y), -1),
                                          outputs_, auxiliary)

            def maybe_sample() -> Tensor:
                if self._next_input_layer is None:
                    return array_ops.where(sample_ids, with_auxiliary(outputs),
                                           base_next_inputs)
                return _merge_rows(sample_ids, lambda where: with_auxiliary(
                    self._next_input_layer(array_ops.gather_nd(outputs, where)), where),
                    base_next_inputs)
            stop = math_ops.logical_or(math_ops.reduce_all(finished),
                                       math_ops.logical_not(math_ops.reduce_any(sample_ids)))
            next_inputs = control_flow_ops.cond(stop, lambda: base_next_inputs, maybe_sample)
            return finished, next_inputs, state


class InferenceHelper(Helper):
    """Inference on continuous outputs: `sample_fn(outputs)` gives the sample ids,
    `next_inputs_fn(sample_ids)` (default: the ids themselves) the next inputs and
    `end_fn(sample_ids)` which entries are finished."""

    def __init__(self, sample_fn: Callable, sample_shape: Any, sample_dtype: Any,
                 start_inputs: Any, end_fn: Callable, next_inputs_fn: Callable | None = None):
        self._sample_fn = sample_fn
        self._end_fn = end_fn
        self._sample_shape = TensorShape(sample_shape)
        self._sample_dtype = sample_dtype
        self._next_inputs_fn = next_inputs_fn
        self._batch_size = array_ops.shape(start_inputs)[0]
        self._start_inputs = convert_to_tensor(start_inputs, name="start_inputs")

    @property
    def batch_size(self) -> Any:
        return self._batch_size

    @property
    def sample_ids_shape(self) -> TensorShape:
        return self._sample_shape

    @property
    def sample_ids_dtype(self) -> _dtypes.DType:
        return self._sample_dtype

    def initialize(self, name: str | None = None) -> tuple:
        return array_ops.tile([False], [self._batch_size]), self._start_inputs

    def sample(self, time: Tensor, outputs: Any, state: Any, name: str | None = None) -> Any:
        return self._sample_fn(outputs)

    def next_inputs(self, time: Tensor, outputs: Any, state: Any, sample_ids: Any,
                    name: str | None = None) -> tuple:
        next_inputs = sample_ids if self._next_inputs_fn is None else \
            self._next_inputs_fn(sample_ids)
        return self._end_fn(sample_ids), next_inputs, state


class GreedyEmbeddingHelper(Helper):
    """Inference: each step reads the embedding of the previous step's argmax, starting from
    `start_tokens`; an entry is finished when it emits `end_token`."""

    def __init__(self, embedding: Any, start_tokens: Any, end_token: Any):
        self._embedding_fn = _embedding_fn(embedding)
        self._start_tokens = convert_to_tensor(start_tokens, dtype=_dtypes.int32,
                                               name="start_tokens")
        self._end_token = convert_to_tensor(end_token, dtype=_dtypes.int32, name="end_token")
        if self._start_tokens.shape.ndims != 1:
            raise ValueError("start_tokens must be a vector")
        self._batch_size = array_ops.size(start_tokens)
        if self._end_token.shape.ndims != 0:
            raise ValueError("end_token must be a scalar")
        self._start_inputs = self._embedding_fn(self._start_tokens)

    @property
    def batch_size(self) -> Any:
        return self._batch_size

    @property
    def sample_ids_shape(self) -> TensorShape:
        return TensorShape([])

    @property
    def sample_ids_dtype(self) -> _dtypes.DType:
        return _dtypes.int32

    def initialize(self, name: str | None = None) -> tuple:
        finished = array_ops.tile([False], [self._batch_size])
        return finished, self._start_inputs

    def sample(self, time: Tensor, outputs: Any, state: Any, name: str | None = None) -> Tensor:
        if not isinstance(outputs, Tensor):
            raise TypeError(f"Expected outputs to be a single Tensor, got: {type(outputs)}")
        return array_ops.cast(math_ops.argmax(outputs, axis=-1), _dtypes.int32)

    def next_inputs(self, time: Tensor, outputs: Any, state: Any, sample_ids: Tensor,
                    name: str | None = None) -> tuple:
        finished = math_ops.equal(sample_ids, self._end_token)
        all_finished = math_ops.reduce_all(finished)
        next_inputs = control_flow_ops.cond(all_finished, lambda: self._start_inputs,
                                            lambda: self._embedding_fn(sample_ids))
        return finished, next_inputs, state


class SampleEmbeddingHelper(GreedyEmbeddingHelper):
    """As `GreedyEmbeddingHelper`, but the next id is drawn from the softmax of the outputs
    divided by `softmax_temperature` (1 when None)."""

    def __init__(self, embedding: Any, start_tokens: Any, end_token: Any,
                 softmax_temperature: Any = None, seed: int | None = None):
        super().__init__(embedding, start_tokens, end_token)
        self._softmax_temperature = softmax_temperature
        self._seed = seed

    def sample(self, time: Tensor, outputs: Any, state: Any, name: str | None = None) -> Tensor:
        if not isinstance(outputs, Tensor):
            raise TypeError(f"Expected outputs to be a single Tensor, got: {type(outputs)}")
        logits = outputs if self._softmax_temperature is None else \
            outputs / self._softmax_temperature
        draws = random_ops.multinomial(logits, 1, seed=self._seed)
        return array_ops.cast(array_ops.reshape(draws, [-1]), _dtypes.int32)
