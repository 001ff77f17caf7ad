"""`Decoder` and `dynamic_decode` (mirrors contrib/seq2seq/python/ops/decoder.py of TF 1.15).

`dynamic_decode` is one `tf.while_loop` (`decoder/while/...`) over `(time, outputs_ta, state,
inputs, finished, sequence_lengths)` that writes each step's outputs to dynamically sized
TensorArrays, so its gradient is the loop's backward loop like any `dynamic_rnn`.
"""
from __future__ import annotations

import abc
from typing import Any

from ...framework import dtypes as _dtypes
from ...framework import nest
from ...framework.convert import constant, constant_value, convert_to_tensor
from ...framework.graph import Tensor, get_default_graph
from ...framework.tensor_shape import TensorShape
from ...nn.rnn import _concat, _transpose_batch_time
from ...ops import array as array_ops
from ...ops import control_flow as control_flow_ops
from ...ops import math as math_ops
from ...ops import variable_scope as vs
from ...ops.tensor_array import TensorArray

__all__ = ["Decoder", "dynamic_decode"]


class Decoder(abc.ABC):
    """What `dynamic_decode` drives: `initialize()` once, then `step()` until every batch
    entry is finished. Subclasses give the batch size and the structure, sizes and dtypes of
    one step's outputs."""

    @property
    @abc.abstractmethod
    def batch_size(self) -> Any:
        """The batch size (a scalar int32 tensor or an int)."""

    @property
    @abc.abstractmethod
    def output_size(self) -> Any:
        """A (nest of) int or TensorShape: one step's output shape, batch axis excluded."""

    @property
    @abc.abstractmethod
    def output_dtype(self) -> Any:
        """A nest of dtypes shaped like `output_size`."""

    @abc.abstractmethod
    def initialize(self, name: str | None = None) -> tuple:
        """`(finished, first_inputs, initial_state)`."""

    @abc.abstractmethod
    def step(self, time: Tensor, inputs: Any, state: Any, name: str | None = None) -> tuple:
        """`(outputs, next_state, next_inputs, finished)` for step `time`."""

    def finalize(self, outputs: Any, final_state: Any, sequence_lengths: Tensor) -> tuple:
        """A last rewrite of the stacked outputs and the final state; none by default."""
        return outputs, final_state

    @property
    def tracks_own_finished(self) -> bool:
        """True when `step`'s `finished` is already the running one (decoders that reorder
        batch entries); otherwise `dynamic_decode` ORs it with the previous one."""
        return False


def _zero_state_tensors(state_size: Any, batch_size: Any, dtype: Any) -> Any:
    """Zeros `[batch_size] + s` for each size `s` (int, TensorShape or scalar tensor) of a
    nest, with the static shape set, as rnn_cell_impl's helper of the same name."""
    def zeros(s: Any) -> Tensor:
        value = array_ops.zeros(_concat(batch_size, s), dtype=dtype)
        value.set_shape(_concat(batch_size, s, static=True))
        return value
    return nest.map_structure(zeros, state_size)


def _in_while_loop() -> bool:
    """Whether ops built now go into a while loop's body (then the weights are not cached:
    a loop of training steps must read each step's updated values)."""
    context = get_default_graph()._control_flow_context
    while context is not None:
        if isinstance(context, control_flow_ops.WhileContext):
            return True
        context = context.outer_context
    return False


def dynamic_decode(decoder: Decoder, output_time_major: bool = False,
                   impute_finished: bool = False, maximum_iterations: Any = None,
                   parallel_iterations: int = 32, swap_memory: bool = False,
                   scope: Any = None) -> tuple:
    """Runs `decoder` until all entries are finished (or `maximum_iterations` steps); returns
    `(final_outputs, final_state, final_sequence_lengths)`, outputs batch-major unless
    `output_time_major`. With `impute_finished`, finished entries emit zeros and keep their
    state, so neither values nor gradients see steps past an entry's end."""
    if not isinstance(decoder, Decoder):
        raise TypeError(f"Expected decoder to be type Decoder, but saw: {type(decoder)}")
    with vs.variable_scope(scope, "decoder") as varscope:
        if not _in_while_loop() and varscope.caching_device is None:
            varscope.set_caching_device(lambda op: op.device)
        if maximum_iterations is not None:
            maximum_iterations = convert_to_tensor(maximum_iterations, dtype=_dtypes.int32,
                                                   name="maximum_iterations")
            if maximum_iterations.shape.ndims != 0:
                raise ValueError("maximum_iterations must be a scalar")
        initial_finished, initial_inputs, initial_state = decoder.initialize()
        zero_outputs = nest.map_structure(
            lambda s, d: _zero_state_tensors(s, decoder.batch_size, d),
            decoder.output_size, decoder.output_dtype)
        if maximum_iterations is not None:
            initial_finished = math_ops.logical_or(initial_finished, 0 >= maximum_iterations)
        initial_sequence_lengths = array_ops.zeros_like(initial_finished, dtype=_dtypes.int32)
        initial_time = constant(0, dtype=_dtypes.int32)

        def element_shape(s: Any) -> TensorShape:
            if not isinstance(s, TensorShape) or s.ndims == 0:
                return TensorShape(None)
            batch = constant_value(convert_to_tensor(decoder.batch_size, name="batch_size"))
            return TensorShape([None if batch is None else int(batch)]).concatenate(s)

        initial_outputs_ta = nest.map_structure(
            lambda s, d: TensorArray(dtype=d, size=0, dynamic_size=True,
                                     element_shape=element_shape(s)),
            decoder.output_size, decoder.output_dtype)

        def condition(unused_time: Any, unused_outputs_ta: Any, unused_state: Any,
                      unused_inputs: Any, finished: Tensor, unused_lengths: Any) -> Tensor:
            return math_ops.logical_not(math_ops.reduce_all(finished))

        def body(time: Tensor, outputs_ta: Any, state: Any, inputs: Any, finished: Tensor,
                 sequence_lengths: Tensor) -> tuple:
            next_outputs, decoder_state, next_inputs, decoder_finished = \
                decoder.step(time, inputs, state)
            if decoder.tracks_own_finished:
                next_finished = decoder_finished
            else:
                next_finished = math_ops.logical_or(decoder_finished, finished)
            next_sequence_lengths = array_ops.where(
                math_ops.logical_not(finished),
                array_ops.fill(array_ops.shape(sequence_lengths), time + 1),
                sequence_lengths)
            nest.assert_same_structure(state, decoder_state)
            nest.assert_same_structure(outputs_ta, next_outputs)
            nest.assert_same_structure(inputs, next_inputs)
            if impute_finished:
                emit = nest.map_structure(lambda out, zero: array_ops.where(finished, zero, out),
                                          next_outputs, zero_outputs)
            else:
                emit = next_outputs

            def maybe_copy_state(new: Any, cur: Any) -> Any:
                if isinstance(cur, TensorArray):
                    return new
                new.set_shape(cur.shape)
                return new if new.shape.ndims == 0 else array_ops.where(finished, cur, new)

            next_state = nest.map_structure(maybe_copy_state, decoder_state, state) \
                if impute_finished else decoder_state
            outputs_ta = nest.map_structure(lambda ta, out: ta.write(time, out),
                                            outputs_ta, emit)
            return (time + 1, outputs_ta, next_state, next_inputs, next_finished,
                    next_sequence_lengths)

        res = control_flow_ops.while_loop(
            condition, body,
            loop_vars=(initial_time, initial_outputs_ta, initial_state, initial_inputs,
                       initial_finished, initial_sequence_lengths),
            parallel_iterations=parallel_iterations, maximum_iterations=maximum_iterations,
            swap_memory=swap_memory)
        final_state = res[2]
        final_sequence_lengths = res[5]
        final_outputs = nest.map_structure(lambda ta: ta.stack(), res[1])
        try:
            final_outputs, final_state = decoder.finalize(final_outputs, final_state,
                                                          final_sequence_lengths)
        except NotImplementedError:  # a user Decoder written against TF's abstract finalize
            pass
        if not output_time_major:
            final_outputs = nest.map_structure(_transpose_batch_time, final_outputs)
    return final_outputs, final_state, final_sequence_lengths
