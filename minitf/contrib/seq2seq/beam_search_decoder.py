"""Beam search for `dynamic_decode` (mirrors contrib/seq2seq/python/ops/beam_search_decoder.py
of TF 1.15): `tile_batch`, `BeamSearchDecoder` and its state and output tuples.

Each step runs the cell on all `batch_size * beam_width` hypotheses at once, adds the step's
log-softmax to each beam's running log probability, and keeps the `beam_width` best of the
`beam_width * vocab_size` continuations per batch entry (scores divided by the length penalty
`((5 + length) / 6) ** weight`). Finished beams can only continue with `end_token`, at no cost
and without growing. The cell states follow their chosen parent beams; `finalize` reads the
beams back through the parent ids with the GatherTree op.
"""
from __future__ import annotations

import collections
from typing import Any

import numpy as np

from ... import logging
from ...framework import dtypes as _dtypes
from ...framework import nest
from ...framework.convert import constant_value, convert_to_tensor
from ...framework.graph import Tensor, control_dependencies, name_scope
from ...framework.tensor_shape import TensorShape
from ...nn.layers import Layer
from ...nn.rnn import _assert_like_rnncell
from ...ops import array as array_ops
from ...ops import control_flow as control_flow_ops
from ...ops import logging_ops, nn_impl
from ...ops import math as math_ops
from ...ops import nn as nn_ops
from ...ops.tensor_array import TensorArray
from . import decoder
from .attention_wrapper import AttentionWrapperState
from .basic_decoder import rnn_output_size
from .beam_search_ops import gather_tree

__all__ = ["BeamSearchDecoder", "BeamSearchDecoderOutput", "BeamSearchDecoderState",
           "FinalBeamSearchDecoderOutput", "gather_tree_from_array", "tile_batch"]


class BeamSearchDecoderState(collections.namedtuple(
        "BeamSearchDecoderState",
        ("cell_state", "log_probs", "finished", "lengths", "accumulated_attention_probs"))):
    """The loop state: cell states `[batch, beam, ...]`, each beam's log probability, whether
    it ended, its length (int64), and the attention summed over steps (coverage penalty)."""
    __slots__ = ()


class BeamSearchDecoderOutput(collections.namedtuple(
        "BeamSearchDecoderOutput", ("scores", "predicted_ids", "parent_ids"))):
    """One step's scores, chosen ids and the beams they continue, each `[batch, beam]`."""
    __slots__ = ()


class FinalBeamSearchDecoderOutput(collections.namedtuple(
        "FinalBeamDecoderOutput", ["predicted_ids", "beam_search_decoder_output"])):
    """What `dynamic_decode` returns for a beam search: the full beams (best first) and the raw
    per-step `BeamSearchDecoderOutput`."""
    __slots__ = ()


def _dim_value(dim: Any) -> int | None:
    return getattr(dim, "value", dim)


def _tile_batch(t: Any, multiplier: int) -> Tensor:
    t = convert_to_tensor(t, name="t")
    shape_t = array_ops.shape(t)
    if t.shape.ndims is None or t.shape.ndims < 1:
        raise ValueError("t must have statically known rank")
    tiling = [1] * (t.shape.ndims + 1)
    tiling[1] = multiplier
    batch = _dim_value(t.shape[0])
    tiled = array_ops.tile(array_ops.expand_dims(t, 1), tiling)
    tiled = array_ops.reshape(
        tiled, array_ops.concat(([shape_t[0] * multiplier], shape_t[1:]), 0))
    tiled.set_shape(TensorShape([None if batch is None else batch * multiplier])
                    .concatenate(t.shape[1:]))
    return tiled


def tile_batch(t: Any, multiplier: int, name: str | None = None) -> Any:
    """Each batch entry of each tensor in the nest `t` repeated `multiplier` times in a row
    (`[a, a, b, b]`, not `tf.tile`'s `[a, b, a, b]`): how encoder outputs and states are laid
    out for a beam search over `batch * multiplier` hypotheses."""
    flat_t = nest.flatten(t)
    with name_scope(name, "tile_batch", flat_t + [multiplier]):
        return nest.map_structure(lambda t_: _tile_batch(t_, multiplier), t)


def gather_tree_from_array(t: Tensor, parent_ids: Tensor, sequence_length: Tensor) -> Tensor:
    """`t` `[max_time, batch * beam, ...]` (stacked from a TensorArray of the cell state)
    reordered so that each beam reads its own history, following `parent_ids`; steps past a
    beam's length keep their place."""
    max_time = _dim_value(parent_ids.shape[0]) or array_ops.shape(parent_ids)[0]
    batch_size = _dim_value(parent_ids.shape[1]) or array_ops.shape(parent_ids)[1]
    beam_width = _dim_value(parent_ids.shape[2]) or array_ops.shape(parent_ids)[2]
    beam_ids = array_ops.expand_dims(array_ops.expand_dims(array_ops.range(beam_width), 0), 0)
    beam_ids = array_ops.tile(beam_ids, [max_time, batch_size, 1])
    max_sequence_lengths = array_ops.cast(math_ops.reduce_max(sequence_length, axis=1),
                                          _dtypes.int32)
    sorted_beam_ids = gather_tree(step_ids=beam_ids, parent_ids=parent_ids,
                                  max_sequence_lengths=max_sequence_lengths,
                                  end_token=beam_width + 1)
    in_bound_steps = array_ops.transpose(
        array_ops.sequence_mask(sequence_length, maxlen=max_time), perm=[2, 0, 1])
    sorted_beam_ids = array_ops.where(in_bound_steps, x=sorted_beam_ids, y=beam_ids)
    time_ind = array_ops.tile(array_ops.reshape(array_ops.range(max_time), [-1, 1, 1]),
                              [1, batch_size, beam_width])
    batch_ind = array_ops.tile(array_ops.reshape(array_ops.range(batch_size), [-1, 1, 1]),
                               [1, max_time, beam_width])
    batch_ind = array_ops.transpose(batch_ind, perm=[1, 0, 2])
    indices = array_ops.stack([time_ind, batch_ind, sorted_beam_ids], -1)
    final_shape = array_ops.shape(t)
    gather_from = array_ops.reshape(t, [max_time, batch_size, beam_width, -1])
    ordered = array_ops.gather_nd(gather_from, indices)
    return array_ops.reshape(ordered, final_shape)


def _check_ndims(t: Tensor) -> None:
    if t.shape.ndims is None:
        raise ValueError(f"Expected tensor ({t}) to have known rank, but ndims == None.")


def _check_static_batch_beam_maybe(shape: TensorShape, batch_size: Any,
                                   beam_width: int) -> bool:
    """False (with TF 1.15's warning) when a TensorArray's static element shape shows it
    cannot be read as `[batch, beam, ...]`. As in 1.15, an element `[batch * beam, d]` with
    `beam > 1` fails the check too, so such arrays are left unsorted."""
    reshaped_shape = TensorShape([batch_size, beam_width, None])
    dims = [_dim_value(d) for d in shape.dims]
    if batch_size is not None and dims[0] is not None and (
            dims[0] != batch_size * beam_width or
            (len(dims) >= 2 and dims[1] is not None and
             (dims[0] != batch_size or dims[1] != beam_width))):
        logging.warn(f"TensorArray reordering expects elements to be reshapable to "
                     f"{reshaped_shape} which is incompatible with the current shape {shape}. "
                     f"Consider setting reorder_tensor_arrays to False to disable TensorArray "
                     f"reordering during the beam search.")
        return False
    return True


def _check_batch_beam(t: Tensor, batch_size: Any, beam_width: int) -> Any:
    """An Assert that the stacked array's elements can be read as `[batch, beam, ...]`."""
    message = (f"TensorArray reordering expects elements to be reshapable to [batch_size, "
               f"beam_size, -1] which is incompatible with the dynamic shape of {t.name} "
               f"elements. Consider setting reorder_tensor_arrays to False to disable "
               f"TensorArray reordering during the beam search.")
    shape = array_ops.shape(t)
    if t.shape.ndims == 2:
        condition = math_ops.equal(shape[1], batch_size * beam_width)
    else:
        condition = math_ops.logical_or(
            math_ops.equal(shape[1], batch_size * beam_width),
            math_ops.logical_and(math_ops.equal(shape[1], batch_size),
                                 math_ops.equal(shape[2], beam_width)))
    return logging_ops.Assert(condition, [message])


def _attention_probs_from_attn_state(attention_state: AttentionWrapperState) -> Tensor:
    probs = attention_state.alignments
    if isinstance(probs, tuple):
        probs = array_ops.concat([array_ops.expand_dims(p, -1) for p in probs], -1)
        probs = math_ops.reduce_mean(probs, -1)
    return probs


def get_attention_probs(next_cell_state: Any, coverage_penalty_weight: Any) -> Tensor | None:
    """The alignments `[batch, beam, memory_time]` of the attention wrappers in the cell state
    (averaged over several), for the coverage penalty; None when that penalty is off."""
    if coverage_penalty_weight == 0.0:
        return None
    probs_per_layer = []
    if isinstance(next_cell_state, AttentionWrapperState):
        probs_per_layer = [_attention_probs_from_attn_state(next_cell_state)]
    elif isinstance(next_cell_state, tuple):
        probs_per_layer = [_attention_probs_from_attn_state(s) for s in next_cell_state
                           if isinstance(s, AttentionWrapperState)]
    if not probs_per_layer:
        raise ValueError("coverage_penalty_weight must be 0.0 if no cell is attentional.")
    if len(probs_per_layer) == 1:
        return probs_per_layer[0]
    probs = array_ops.concat([array_ops.expand_dims(p, -1) for p in probs_per_layer], -1)
    return math_ops.reduce_mean(probs, -1)


def _length_penalty(sequence_lengths: Tensor, penalty_factor: Any) -> Any:
    """`((5 + length) / 6) ** penalty_factor` (Wu et al. 2016), or 1.0 when the factor is 0."""
    penalty_factor = convert_to_tensor(penalty_factor, name="penalty_factor")
    penalty_factor.set_shape(())
    static_penalty = constant_value(penalty_factor)
    if static_penalty is not None and static_penalty == 0:
        return 1.0
    return math_ops.div(
        (5. + array_ops.cast(sequence_lengths, _dtypes.float32)) ** penalty_factor,
        (5. + 1.) ** penalty_factor)


def _get_scores(log_probs: Tensor, sequence_lengths: Tensor, length_penalty_weight: Any,
                coverage_penalty_weight: Any, finished: Tensor,
                accumulated_attention_probs: Tensor | None) -> Tensor:
    """Log probabilities over the length penalty, plus, for finished beams, the weighted
    coverage penalty `sum(log(min(attention summed over steps, 1)))`."""
    length_penalty = _length_penalty(sequence_lengths, length_penalty_weight)
    scores = log_probs / array_ops.cast(length_penalty, log_probs.dtype)
    coverage_penalty_weight = convert_to_tensor(coverage_penalty_weight,
                                                name="coverage_penalty_weight")
    if coverage_penalty_weight.shape.ndims != 0:
        raise ValueError(f"coverage_penalty_weight should be a scalar, but saw shape: "
                         f"{coverage_penalty_weight.shape}")
    if constant_value(coverage_penalty_weight) == 0.0:
        return scores
    if accumulated_attention_probs is None:
        raise ValueError("accumulated_attention_probs can be None only if coverage penalty is "
                         "disabled.")
    accumulated_attention_probs = array_ops.where(
        math_ops.equal(accumulated_attention_probs, 0.0),
        array_ops.ones_like(accumulated_attention_probs), accumulated_attention_probs)
    coverage_penalty = math_ops.reduce_sum(
        math_ops.log(math_ops.minimum(accumulated_attention_probs, 1.0)), 2)
    coverage_penalty *= array_ops.cast(finished, _dtypes.float32)
    weighted = array_ops.expand_dims(coverage_penalty * coverage_penalty_weight, 2)
    return scores + weighted


def _mask_probs(probs: Tensor, eos_token: Tensor, finished: Tensor) -> Tensor:
    """`probs` `[batch, beam, vocab]` with each finished beam's row replaced by one that puts
    all probability on `eos_token` (0 there, the dtype's minimum elsewhere)."""
    vocab_size = array_ops.shape(probs)[2]
    finished_row = array_ops.one_hot(
        eos_token, vocab_size, dtype=probs.dtype,
        on_value=convert_to_tensor(0., dtype=probs.dtype), off_value=probs.dtype.min)
    finished_probs = array_ops.tile(
        array_ops.reshape(finished_row, [1, 1, -1]),
        array_ops.concat([array_ops.shape(finished)[:2], [1]], 0))
    finished_mask = array_ops.tile(array_ops.expand_dims(finished, 2), [1, 1, vocab_size])
    return array_ops.where(finished_mask, finished_probs, probs)


def _tensor_gather_helper(gather_indices: Tensor, gather_from: Tensor, batch_size: Any,
                          range_size: Any, gather_shape: list, name: str | None = None) -> Tensor:
    """`gather_from[b, gather_indices[b, k]]` for each batch entry `b`: the flat index space of
    one entry is `range_size` wide once `gather_from` is reshaped to `gather_shape`."""
    with name_scope(name, "tensor_gather_helper"):
        range_ = array_ops.expand_dims(array_ops.range(batch_size) * range_size, 1)
        gather_indices = array_ops.reshape(gather_indices + range_, [-1])
        output = array_ops.gather(array_ops.reshape(gather_from, gather_shape), gather_indices)
        final_shape = array_ops.shape(gather_from)[:1 + len(gather_shape)]
        static_batch_size = constant_value(convert_to_tensor(batch_size))
        final_static_shape = TensorShape(
            [None if static_batch_size is None else int(static_batch_size)]).concatenate(
                gather_from.shape[1:1 + len(gather_shape)])
        output = array_ops.reshape(output, final_shape, name="output")
        output.set_shape(final_static_shape)
        return output


def _maybe_tensor_gather_helper(gather_indices: Tensor, gather_from: Any, batch_size: Any,
                                range_size: Any, gather_shape: list) -> Any:
    """`_tensor_gather_helper` for tensors of rank `len(gather_shape)` or more; TensorArrays
    and lower-rank tensors pass through."""
    if isinstance(gather_from, TensorArray):
        return gather_from
    _check_ndims(gather_from)
    if gather_from.shape.ndims >= len(gather_shape):
        return _tensor_gather_helper(gather_indices=gather_indices, gather_from=gather_from,
                                     batch_size=batch_size, range_size=range_size,
                                     gather_shape=gather_shape)
    return gather_from


def _beam_search_step(time: Any, logits: Tensor, next_cell_state: Any,
                      beam_state: BeamSearchDecoderState, batch_size: Tensor, beam_width: int,
                      end_token: Tensor, length_penalty_weight: Any,
                      coverage_penalty_weight: Any) -> tuple:
    """One step of the search over `logits` `[batch, beam, vocab]`: the new beams' scores,
    ids and parents, and the state gathered along the chosen parents."""
    static_batch_size = constant_value(batch_size)
    static_batch_size = None if static_batch_size is None else int(static_batch_size)
    prediction_lengths = beam_state.lengths
    previously_finished = beam_state.finished
    not_finished = math_ops.logical_not(previously_finished)

    step_log_probs = nn_ops.log_softmax(logits)
    step_log_probs = _mask_probs(step_log_probs, end_token, previously_finished)
    total_probs = array_ops.expand_dims(beam_state.log_probs, 2) + step_log_probs

    vocab_size = _dim_value(logits.shape[-1]) or array_ops.shape(logits)[-1]
    lengths_to_add = array_ops.one_hot(
        indices=array_ops.fill([batch_size, beam_width], end_token), depth=vocab_size,
        on_value=np.int64(0), off_value=np.int64(1), dtype=_dtypes.int64)
    add_mask = array_ops.cast(not_finished, _dtypes.int64)
    lengths_to_add *= array_ops.expand_dims(add_mask, 2)
    new_prediction_lengths = lengths_to_add + array_ops.expand_dims(prediction_lengths, 2)

    accumulated_attention_probs = None
    attention_probs = get_attention_probs(next_cell_state, coverage_penalty_weight)
    if attention_probs is not None:
        attention_probs *= array_ops.expand_dims(
            array_ops.cast(not_finished, attention_probs.dtype), 2)
        accumulated_attention_probs = beam_state.accumulated_attention_probs + attention_probs

    scores = _get_scores(log_probs=total_probs, sequence_lengths=new_prediction_lengths,
                         length_penalty_weight=length_penalty_weight,
                         coverage_penalty_weight=coverage_penalty_weight,
                         finished=previously_finished,
                         accumulated_attention_probs=accumulated_attention_probs)

    time = convert_to_tensor(time, name="time")
    scores_flat = array_ops.reshape(scores, [batch_size, -1])
    next_beam_size = convert_to_tensor(beam_width, dtype=_dtypes.int32, name="beam_width")
    next_beam_scores, word_indices = nn_ops.top_k(scores_flat, k=next_beam_size)
    next_beam_scores.set_shape([static_batch_size, beam_width])
    word_indices.set_shape([static_batch_size, beam_width])

    next_beam_probs = _tensor_gather_helper(
        gather_indices=word_indices, gather_from=total_probs, batch_size=batch_size,
        range_size=beam_width * vocab_size, gather_shape=[-1], name="next_beam_probs")
    raw_next_word_ids = math_ops.mod(word_indices, vocab_size, name="next_beam_word_ids")
    next_word_ids = array_ops.cast(raw_next_word_ids, _dtypes.int32)
    next_beam_ids = array_ops.cast(word_indices / vocab_size, _dtypes.int32,
                                   name="next_beam_parent_ids")

    previously_finished = _tensor_gather_helper(
        gather_indices=next_beam_ids, gather_from=previously_finished, batch_size=batch_size,
        range_size=beam_width, gather_shape=[-1])
    next_finished = math_ops.logical_or(previously_finished,
                                        math_ops.equal(next_word_ids, end_token),
                                        name="next_beam_finished")

    lengths_to_add = array_ops.cast(math_ops.logical_not(previously_finished), _dtypes.int64)
    next_prediction_len = _tensor_gather_helper(
        gather_indices=next_beam_ids, gather_from=beam_state.lengths, batch_size=batch_size,
        range_size=beam_width, gather_shape=[-1])
    next_prediction_len += lengths_to_add
    next_accumulated_attention_probs: Any = ()
    if accumulated_attention_probs is not None:
        next_accumulated_attention_probs = _tensor_gather_helper(
            gather_indices=next_beam_ids, gather_from=accumulated_attention_probs,
            batch_size=batch_size, range_size=beam_width,
            gather_shape=[batch_size * beam_width, -1],
            name="next_accumulated_attention_probs")

    next_cell_state = nest.map_structure(
        lambda gather_from: _maybe_tensor_gather_helper(
            gather_indices=next_beam_ids, gather_from=gather_from, batch_size=batch_size,
            range_size=beam_width, gather_shape=[batch_size * beam_width, -1]),
        next_cell_state)

    next_state = BeamSearchDecoderState(
        cell_state=next_cell_state, log_probs=next_beam_probs, lengths=next_prediction_len,
        finished=next_finished, accumulated_attention_probs=next_accumulated_attention_probs)
    output = BeamSearchDecoderOutput(scores=next_beam_scores, predicted_ids=next_word_ids,
                                     parent_ids=next_beam_ids)
    return output, next_state


class BeamSearchDecoder(decoder.Decoder):
    """Beam search over `cell` from `initial_state` (laid out `[batch * beam_width, ...]`, e.g.
    by `tile_batch`), feeding back `embedding` of the chosen ids. With an `AttentionWrapper`,
    its memory must be tiled with `tile_batch` and its zero state built for
    `batch * beam_width`."""

    def __init__(self, cell: Any, embedding: Any, start_tokens: Any, end_token: Any,
                 initial_state: Any, beam_width: int, output_layer: Layer | None = None,
                 length_penalty_weight: float = 0.0, coverage_penalty_weight: float = 0.0,
                 reorder_tensor_arrays: bool = True):
        _assert_like_rnncell("cell", cell)
        if output_layer is not None and not isinstance(output_layer, Layer):
            raise TypeError(f"output_layer must be a Layer, received: {type(output_layer)}")
        self._cell = cell
        self._output_layer = output_layer
        self._reorder_tensor_arrays = reorder_tensor_arrays
        self._beam_width = beam_width
        self._length_penalty_weight = length_penalty_weight
        self._coverage_penalty_weight = coverage_penalty_weight
        if callable(embedding):
            self._embedding_fn = embedding
        else:
            self._embedding_fn = lambda ids: nn_impl.embedding_lookup(embedding, ids)
        self._start_tokens = convert_to_tensor(start_tokens, dtype=_dtypes.int32,
                                               name="start_tokens")
        if self._start_tokens.shape.ndims != 1:
            raise ValueError("start_tokens must be a vector")
        self._end_token = convert_to_tensor(end_token, dtype=_dtypes.int32, name="end_token")
        if self._end_token.shape.ndims != 0:
            raise ValueError("end_token must be a scalar")
        self._batch_size = array_ops.size(start_tokens)
        self._initial_cell_state = nest.map_structure(
            self._maybe_split_batch_beams, initial_state, self._cell.state_size)
        self._start_tokens = array_ops.tile(array_ops.expand_dims(self._start_tokens, 1),
                                            [1, self._beam_width])
        self._start_inputs = self._embedding_fn(self._start_tokens)
        self._finished = array_ops.one_hot(
            array_ops.zeros([self._batch_size], dtype=_dtypes.int32), depth=self._beam_width,
            on_value=False, off_value=True, dtype=_dtypes.bool)

    @property
    def batch_size(self) -> Tensor:
        return self._batch_size

    @property
    def tracks_own_finished(self) -> bool:
        """True: beams are reordered each step, so only the decoder knows which ended."""
        return True

    def _rnn_output_size(self) -> Any:
        return rnn_output_size(self._cell, self._output_layer)

    @property
    def output_size(self) -> BeamSearchDecoderOutput:
        return BeamSearchDecoderOutput(scores=TensorShape([self._beam_width]),
                                       predicted_ids=TensorShape([self._beam_width]),
                                       parent_ids=TensorShape([self._beam_width]))

    @property
    def output_dtype(self) -> BeamSearchDecoderOutput:
        dtype = nest.flatten(self._initial_cell_state)[0].dtype
        return BeamSearchDecoderOutput(
            scores=nest.map_structure(lambda _: dtype, self._rnn_output_size()),
            predicted_ids=_dtypes.int32, parent_ids=_dtypes.int32)

    def initialize(self, name: str | None = None) -> tuple:
        """`(finished, start_inputs, initial_state)`: only beam 0 of each entry is live at
        first (the others start at log probability -inf and finished)."""
        finished, start_inputs = self._finished, self._start_inputs
        dtype = nest.flatten(self._initial_cell_state)[0].dtype
        log_probs = array_ops.one_hot(
            array_ops.zeros([self._batch_size], dtype=_dtypes.int32), depth=self._beam_width,
            on_value=convert_to_tensor(0.0, dtype=dtype),
            off_value=convert_to_tensor(-np.inf, dtype=dtype), dtype=dtype)
        init_attention_probs = get_attention_probs(self._initial_cell_state,
                                                   self._coverage_penalty_weight)
        if init_attention_probs is None:
            init_attention_probs = ()
        initial_state = BeamSearchDecoderState(
            cell_state=self._initial_cell_state, log_probs=log_probs, finished=finished,
            lengths=array_ops.zeros([self._batch_size, self._beam_width], dtype=_dtypes.int64),
            accumulated_attention_probs=init_attention_probs)
        return finished, start_inputs, initial_state

    def finalize(self, outputs: BeamSearchDecoderOutput, final_state: BeamSearchDecoderState,
                 sequence_lengths: Tensor) -> tuple:
        """The full beams by GatherTree up to each entry's longest beam (`final_state.lengths`;
        `sequence_lengths` is ignored), and, with `reorder_tensor_arrays`, the cell state's
        TensorArrays reordered along the beams."""
        del sequence_lengths
        max_sequence_lengths = array_ops.cast(math_ops.reduce_max(final_state.lengths, axis=1),
                                              _dtypes.int32)
        predicted_ids = gather_tree(outputs.predicted_ids, outputs.parent_ids,
                                    max_sequence_lengths=max_sequence_lengths,
                                    end_token=self._end_token)
        if self._reorder_tensor_arrays:
            final_state = final_state._replace(cell_state=nest.map_structure(
                lambda t: self._maybe_sort_array_beams(t, outputs.parent_ids,
                                                       final_state.lengths),
                final_state.cell_state))
        outputs = FinalBeamSearchDecoderOutput(beam_search_decoder_output=outputs,
                                               predicted_ids=predicted_ids)
        return outputs, final_state

    def _static_batch_size(self) -> int | None:
        value = constant_value(self._batch_size)
        return None if value is None else int(value)

    def _merge_batch_beams(self, t: Tensor, s: Any = None) -> Tensor:
        """`[batch, beam, s...]` -> `[batch * beam, s...]`."""
        s = TensorShape(constant_value(s)) if isinstance(s, Tensor) else TensorShape(s)
        t_shape = array_ops.shape(t)
        static_batch_size = self._static_batch_size()
        batch_beam = None if static_batch_size is None else static_batch_size * self._beam_width
        reshaped_t = array_ops.reshape(
            t, array_ops.concat(([self._batch_size * self._beam_width], t_shape[2:]), 0))
        reshaped_t.set_shape(TensorShape([batch_beam]).concatenate(s))
        return reshaped_t

    def _split_batch_beams(self, t: Tensor, s: Any = None) -> Tensor:
        """`[batch * beam, s...]` -> `[batch, beam, s...]`; a ValueError when the static shapes
        show that `t` was not built for `batch * beam_width` (an untiled state)."""
        s = TensorShape(constant_value(s)) if isinstance(s, Tensor) else TensorShape(s)
        t_shape = array_ops.shape(t)
        reshaped_t = array_ops.reshape(
            t, array_ops.concat(([self._batch_size, self._beam_width], t_shape[1:]), 0))
        expected = TensorShape([self._static_batch_size(), self._beam_width]).concatenate(s)
        if not reshaped_t.shape.is_compatible_with(expected):
            raise ValueError(f"Unexpected behavior when reshaping between beam width and batch "
                             f"size.  The reshaped tensor has shape: {reshaped_t.shape}.  We "
                             f"expected it to have shape (batch_size, beam_width, depth) == "
                             f"{expected}.  Perhaps you forgot to create a zero_state with "
                             f"batch_size=encoder_batch_size * beam_width?")
        reshaped_t.set_shape(expected)
        return reshaped_t

    def _maybe_split_batch_beams(self, t: Any, s: Any) -> Any:
        if isinstance(t, TensorArray):
            return t
        _check_ndims(t)
        return self._split_batch_beams(t, s) if t.shape.ndims >= 1 else t

    def _maybe_merge_batch_beams(self, t: Any, s: Any) -> Any:
        if isinstance(t, TensorArray):
            return t
        _check_ndims(t)
        return self._merge_batch_beams(t, s) if t.shape.ndims >= 2 else t

    def _maybe_sort_array_beams(self, t: Any, parent_ids: Tensor,
                                sequence_length: Tensor) -> Any:
        """A TensorArray of the cell state, stacked and reordered along the beams when its
        elements can be read as `[batch, beam, ...]`; anything else unchanged."""
        if not isinstance(t, TensorArray):
            return t
        element_shape = t._element_shape[0]
        if not t._infer_shape or element_shape.ndims is None or element_shape.ndims < 1:
            shape = element_shape if t._infer_shape else TensorShape(None)
            logging.warn(f"The TensorArray {t.handle.name} in the cell state is not amenable to "
                         f"sorting based on the beam search result. For a TensorArray to be "
                         f"sorted, its elements shape must be defined and have at least a rank "
                         f"of 1, but saw shape: {shape}")
            return t
        if not _check_static_batch_beam_maybe(element_shape, self._static_batch_size(),
                                              self._beam_width):
            return t
        t = t.stack()
        with control_dependencies([_check_batch_beam(t, self._batch_size, self._beam_width)]):
            return gather_tree_from_array(t, parent_ids, sequence_length)

    def step(self, time: Tensor, inputs: Any, state: BeamSearchDecoderState,
             name: str | None = None) -> tuple:
        """`(BeamSearchDecoderOutput, next state, next inputs, finished)`: the cell on all
        hypotheses, then one search step; the next inputs are the chosen ids' embeddings (the
        start inputs once every beam has ended)."""
        batch_size, beam_width = self._batch_size, self._beam_width
        with name_scope(name, "BeamSearchDecoderStep", (time, inputs, state)):
            cell_state = state.cell_state
            inputs = nest.map_structure(
                lambda inp: self._merge_batch_beams(inp, s=inp.shape[2:]), inputs)
            cell_state = nest.map_structure(self._maybe_merge_batch_beams, cell_state,
                                            self._cell.state_size)
            cell_outputs, next_cell_state = self._cell(inputs, cell_state)
            cell_outputs = nest.map_structure(
                lambda out: self._split_batch_beams(out, out.shape[1:]), cell_outputs)
            next_cell_state = nest.pack_sequence_as(cell_state, nest.flatten(next_cell_state))
            next_cell_state = nest.map_structure(self._maybe_split_batch_beams, next_cell_state,
                                                 self._cell.state_size)
            if self._output_layer is not None:
                cell_outputs = self._output_layer(cell_outputs)
            beam_search_output, beam_search_state = _beam_search_step(
                time=time, logits=cell_outputs, next_cell_state=next_cell_state,
                beam_state=state, batch_size=batch_size, beam_width=beam_width,
                end_token=self._end_token, length_penalty_weight=self._length_penalty_weight,
                coverage_penalty_weight=self._coverage_penalty_weight)
            finished = beam_search_state.finished
            sample_ids = beam_search_output.predicted_ids
            next_inputs = control_flow_ops.cond(
                math_ops.reduce_all(finished), lambda: self._start_inputs,
                lambda: self._embedding_fn(sample_ids))
        return beam_search_output, beam_search_state, next_inputs, finished
