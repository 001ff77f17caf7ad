"""`tf.contrib.crf`: the linear-chain CRF of BiLSTM-CRF taggers (mirrors
tensorflow/contrib/crf/python/ops/crf.py of TF 1.15).

Nothing here is a new op: sequence scores are gathers from the flattened unary and transition
scores, masked with `sequence_mask`; the partition function and Viterbi decoding are
`dynamic_rnn`s over small cells that are plain callables (no layer scope, no variables). Each
function takes TF's single-step shortcut through smart_cond on the static max_seq_len (a
`tf.cond` on the run-time one when unknown), so the graph and its names are TF 1.15's.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework.convert import constant
from ..framework.graph import Tensor
from ..framework.tensor_shape import dimension_value
from ..nn import layers as core_layers
from ..nn.rnn import dynamic_rnn
from ..nn.rnn_cell_impl import RNNCell
from ..ops import array as array_ops
from ..ops import math as math_ops
from ..ops import variable_scope as vs

__all__ = ["CrfDecodeBackwardRnnCell", "CrfDecodeForwardRnnCell", "CrfForwardRnnCell",
           "crf_binary_score", "crf_decode", "crf_log_likelihood", "crf_log_norm",
           "crf_multitag_sequence_score", "crf_sequence_score", "crf_unary_score",
           "viterbi_decode"]


def _single_step_cond(inputs: Tensor, single_seq_fn: Callable, multi_seq_fn: Callable) -> Any:
    """TF's `smart_cond(equal(static or dynamic max_seq_len, 1), ...)`: the branch itself when
    axis 1 of `inputs` is known (a static 0 counts as unknown, as TF's `or` makes it), else a
    `tf.cond` on the run-time length."""
    max_seq_len = dimension_value(inputs.shape[1]) or array_ops.shape(inputs)[1]
    return core_layers._smart_cond(math_ops.equal(max_seq_len, 1), single_seq_fn, multi_seq_fn)


def _zero_where_empty(values: Tensor, sequence_lengths: Tensor) -> Tensor:
    """Rows of length <= 0 score 0, whatever their (padding) inputs hold."""
    return array_ops.where(math_ops.less_equal(sequence_lengths, 0),
                           array_ops.zeros_like(values), values)


def _lengths_less_one(sequence_lengths: Tensor) -> Tensor:
    """The number of transitions per row, never negative (`dynamic_rnn` rejects that)."""
    return math_ops.maximum(constant(0, dtype=sequence_lengths.dtype), sequence_lengths - 1)


def _first_step(inputs: Tensor) -> Tensor:
    """Time step 0 as `[batch, num_tags]`: the initial state of the forward passes."""
    return array_ops.squeeze(array_ops.slice(inputs, [0, 0, 0], [-1, 1, -1]), [1])


def _later_steps(inputs: Tensor) -> Tensor:
    """Time steps 1.. : the inputs of the forward passes."""
    return array_ops.slice(inputs, [0, 1, 0], [-1, -1, -1])


def crf_sequence_score(inputs: Tensor, tag_indices: Tensor, sequence_lengths: Tensor,
                       transition_params: Tensor) -> Tensor:
    """The unnormalized score of each row's tag sequence: its unary scores plus its transition
    scores, `[batch_size]`."""
    def single_seq_fn() -> Tensor:
        batch_size = array_ops.shape(inputs, out_type=tag_indices.dtype)[0]
        example_inds = array_ops.reshape(
            array_ops.range(batch_size, dtype=tag_indices.dtype), [-1, 1])
        scores = array_ops.gather_nd(array_ops.squeeze(inputs, [1]),
                                     array_ops.concat([example_inds, tag_indices], axis=1))
        return _zero_where_empty(scores, sequence_lengths)

    def multi_seq_fn() -> Tensor:
        unary_scores = crf_unary_score(tag_indices, sequence_lengths, inputs)
        binary_scores = crf_binary_score(tag_indices, sequence_lengths, transition_params)
        return unary_scores + binary_scores

    return _single_step_cond(inputs, single_seq_fn, multi_seq_fn)


def crf_multitag_sequence_score(inputs: Tensor, tag_bitmap: Tensor, sequence_lengths: Tensor,
                                transition_params: Tensor) -> Tensor:
    """The log of the summed exp-scores of every tag sequence that `tag_bitmap` (a boolean
    `[batch, max_seq_len, num_tags]`) allows: the CRF's forward pass over inputs set to -inf
    where a tag is not allowed. One-hot bitmaps give `crf_sequence_score`."""
    def filtered() -> Tensor:
        return array_ops.where(tag_bitmap, inputs,
                               array_ops.fill(array_ops.shape(inputs), float("-inf")))

    def single_seq_fn() -> Tensor:
        return math_ops.reduce_logsumexp(filtered(), axis=[1, 2], keepdims=False)

    def multi_seq_fn() -> Tensor:
        return crf_log_norm(inputs=filtered(), sequence_lengths=sequence_lengths,
                            transition_params=transition_params)

    return _single_step_cond(inputs, single_seq_fn, multi_seq_fn)


def crf_log_norm(inputs: Tensor, sequence_lengths: Tensor, transition_params: Tensor) -> Tensor:
    """The log partition function of each row, `[batch_size]`, by the forward algorithm
    (a `dynamic_rnn` of `CrfForwardRnnCell` from time step 0's unary scores)."""
    first_input = _first_step(inputs)

    def single_seq_fn() -> Tensor:
        return _zero_where_empty(math_ops.reduce_logsumexp(first_input, [1]), sequence_lengths)

    def multi_seq_fn() -> Tensor:
        rest_of_input = _later_steps(inputs)
        forward_cell = CrfForwardRnnCell(transition_params)
        _, alphas = dynamic_rnn(cell=forward_cell, inputs=rest_of_input,
                                sequence_length=_lengths_less_one(sequence_lengths),
                                initial_state=first_input, dtype=_dtypes.float32)
        return _zero_where_empty(math_ops.reduce_logsumexp(alphas, [1]), sequence_lengths)

    return _single_step_cond(inputs, single_seq_fn, multi_seq_fn)


def crf_log_likelihood(inputs: Tensor, tag_indices: Tensor, sequence_lengths: Tensor,
                       transition_params: Any = None) -> tuple:
    """`(log_likelihood, transition_params)`: each row's sequence score minus its log norm;
    without `transition_params`, a `[num_tags, num_tags]` variable `transitions` is made in the
    current variable scope."""
    num_tags = dimension_value(inputs.shape[2])
    if transition_params is None:
        transition_params = vs.get_variable("transitions", [num_tags, num_tags])
    sequence_scores = crf_sequence_score(inputs, tag_indices, sequence_lengths,
                                         transition_params)
    log_norm = crf_log_norm(inputs, sequence_lengths, transition_params)
    return sequence_scores - log_norm, transition_params


def crf_unary_score(tag_indices: Tensor, sequence_lengths: Tensor, inputs: Tensor) -> Tensor:
    """The sum over each row's first `sequence_lengths` steps of the input score of its tag,
    `[batch_size]` (one gather from the flattened inputs)."""
    batch_size = array_ops.shape(inputs)[0]
    max_seq_len = array_ops.shape(inputs)[1]
    num_tags = array_ops.shape(inputs)[2]
    flattened_inputs = array_ops.reshape(inputs, [-1])
    offsets = array_ops.expand_dims(array_ops.range(batch_size) * max_seq_len * num_tags, 1)
    offsets += array_ops.expand_dims(array_ops.range(max_seq_len) * num_tags, 0)
    if tag_indices.dtype == _dtypes.int64:
        offsets = array_ops.cast(offsets, _dtypes.int64)
    flattened_tag_indices = array_ops.reshape(offsets + tag_indices, [-1])
    unary_scores = array_ops.reshape(array_ops.gather(flattened_inputs, flattened_tag_indices),
                                     [batch_size, max_seq_len])
    masks = array_ops.sequence_mask(sequence_lengths, maxlen=array_ops.shape(tag_indices)[1],
                                    dtype=_dtypes.float32)
    return math_ops.reduce_sum(unary_scores * masks, 1)


def crf_binary_score(tag_indices: Tensor, sequence_lengths: Tensor,
                     transition_params: Tensor) -> Tensor:
    """The sum of the transition scores between each row's consecutive tags within its
    length, `[batch_size]`."""
    num_tags = transition_params.get_shape()[0]
    num_transitions = array_ops.shape(tag_indices)[1] - 1
    start_tag_indices = array_ops.slice(tag_indices, [0, 0], [-1, num_transitions])
    end_tag_indices = array_ops.slice(tag_indices, [0, 1], [-1, num_transitions])
    flattened_transition_indices = start_tag_indices * num_tags + end_tag_indices
    flattened_transition_params = array_ops.reshape(transition_params, [-1])
    binary_scores = array_ops.gather(flattened_transition_params, flattened_transition_indices)
    masks = array_ops.sequence_mask(sequence_lengths, maxlen=array_ops.shape(tag_indices)[1],
                                    dtype=_dtypes.float32)
    truncated_masks = array_ops.slice(masks, [0, 1], [-1, -1])
    return math_ops.reduce_sum(binary_scores * truncated_masks, 1)


class _TransitionCell(RNNCell):
    """A cell over `[num_tags, num_tags]` transition scores. Like TF's CRF cells it never runs
    the Layer constructor, so it claims no layer name and opens no scope when called."""

    def __init__(self, transition_params: Tensor):
        self._transition_params = array_ops.expand_dims(transition_params, 0)
        self._num_tags = dimension_value(transition_params.shape[0])

    @property
    def state_size(self) -> int | None:
        return self._num_tags

    @property
    def output_size(self) -> int | None:
        return self._num_tags

    def _transition_scores(self, state: Tensor) -> Tensor:
        """`[batch, from_tag, to_tag]`: the previous step's scores plus each transition."""
        return array_ops.expand_dims(state, 2) + self._transition_params


class CrfForwardRnnCell(_TransitionCell):
    """The forward algorithm's step: new alphas = inputs + logsumexp over the previous tag of
    (alphas + transitions); both output and state are the new alphas."""

    def __call__(self, inputs: Tensor, state: Tensor, scope: Any = None) -> tuple:
        transition_scores = self._transition_scores(state)
        new_alphas = inputs + math_ops.reduce_logsumexp(transition_scores, [1])
        return new_alphas, new_alphas


def viterbi_decode(score: np.ndarray, transition_params: np.ndarray) -> tuple:
    """The best tag sequence of one unpadded `[seq_len, num_tags]` score matrix, in numpy:
    `(list of tag indices, its score)`. Ties go to the lowest tag, as `np.argmax` breaks them."""
    trellis = np.zeros_like(score)
    backpointers = np.zeros_like(score, dtype=np.int32)
    trellis[0] = score[0]
    for t in range(1, score.shape[0]):
        v = np.expand_dims(trellis[t - 1], 1) + transition_params
        trellis[t] = score[t] + np.max(v, 0)
        backpointers[t] = np.argmax(v, 0)
    viterbi = [np.argmax(trellis[-1])]
    for bp in reversed(backpointers[1:]):
        viterbi.append(bp[viterbi[-1]])
    viterbi.reverse()
    return viterbi, np.max(trellis[-1])


class CrfDecodeForwardRnnCell(_TransitionCell):
    """Viterbi's forward step: output the best previous tag for each tag (int32 backpointers),
    carry inputs + the max over the previous tag of (scores + transitions)."""

    def __call__(self, inputs: Tensor, state: Tensor, scope: Any = None) -> tuple:
        transition_scores = self._transition_scores(state)
        new_state = inputs + math_ops.reduce_max(transition_scores, [1])
        backpointers = math_ops.argmax(transition_scores, 1)
        return array_ops.cast(backpointers, dtype=_dtypes.int32), new_state


class CrfDecodeBackwardRnnCell(RNNCell):
    """Viterbi's backtrace step over time-reversed backpointers: the state `[batch, 1]` is the
    tag at the following position, the output its predecessor's tag."""

    def __init__(self, num_tags: int):
        self._num_tags = num_tags

    @property
    def state_size(self) -> int:
        return 1

    @property
    def output_size(self) -> int:
        return 1

    def __call__(self, inputs: Tensor, state: Tensor, scope: Any = None) -> tuple:
        state = array_ops.squeeze(state, axis=[1])
        batch_size = array_ops.shape(inputs)[0]
        indices = array_ops.stack([array_ops.range(batch_size), state], axis=1)
        new_tags = array_ops.expand_dims(array_ops.gather_nd(inputs, indices), axis=-1)
        return new_tags, new_tags


def crf_decode(potentials: Tensor, transition_params: Tensor, sequence_length: Tensor) -> tuple:
    """Viterbi in the graph: `(decode_tags, best_score)`, the int32 `[batch, max_seq_len]`
    best tags (padding past each length holds tags of no meaning) and their `[batch]` scores."""
    def single_seq_fn() -> tuple:
        squeezed_potentials = array_ops.squeeze(potentials, [1])
        decode_tags = array_ops.expand_dims(math_ops.argmax(squeezed_potentials, axis=1), 1)
        best_score = math_ops.reduce_max(squeezed_potentials, axis=1)
        return array_ops.cast(decode_tags, dtype=_dtypes.int32), best_score

    def multi_seq_fn() -> tuple:
        num_tags = dimension_value(potentials.shape[2])
        crf_fwd_cell = CrfDecodeForwardRnnCell(transition_params)
        initial_state = _first_step(potentials)
        inputs = _later_steps(potentials)
        sequence_length_less_one = _lengths_less_one(sequence_length)
        backpointers, last_score = dynamic_rnn(
            crf_fwd_cell, inputs=inputs, sequence_length=sequence_length_less_one,
            initial_state=initial_state, time_major=False, dtype=_dtypes.int32)
        backpointers = array_ops.reverse_sequence(backpointers, sequence_length_less_one,
                                                  seq_dim=1)
        crf_bwd_cell = CrfDecodeBackwardRnnCell(num_tags)
        initial_state = array_ops.cast(math_ops.argmax(last_score, axis=1), dtype=_dtypes.int32)
        initial_state = array_ops.expand_dims(initial_state, axis=-1)
        decode_tags, _ = dynamic_rnn(
            crf_bwd_cell, inputs=backpointers, sequence_length=sequence_length_less_one,
            initial_state=initial_state, time_major=False, dtype=_dtypes.int32)
        decode_tags = array_ops.squeeze(decode_tags, axis=[2])
        decode_tags = array_ops.concat([initial_state, decode_tags], axis=1)
        decode_tags = array_ops.reverse_sequence(decode_tags, sequence_length, seq_dim=1)
        return decode_tags, math_ops.reduce_max(last_score, axis=1)

    return _single_step_cond(potentials, single_seq_fn, multi_seq_fn)
