"""`tf.contrib.legacy_seq2seq` (mirrors legacy_seq2seq/python/ops/seq2seq.py of TF 1.15): the
list-of-timesteps losses `sequence_loss_by_example` and `sequence_loss`, and the decoders
`rnn_decoder` and `basic_rnn_seq2seq`.

Unlike `tf.contrib.seq2seq.sequence_loss`, these take Python lists with one `[batch, classes]`
logits tensor, one `[batch]` target and one `[batch]` weight tensor per timestep, and guard the
division with `+ 1e-12` rather than `div_no_nan`.
"""
from __future__ import annotations

import copy
from typing import Any, Callable, Sequence

from ..framework import dtypes as _dtypes
from ..framework.convert import convert_to_tensor
from ..framework.graph import Tensor, name_scope
from ..nn.rnn import static_rnn
from ..ops import array as array_ops
from ..ops import math as math_ops
from ..ops import nn_impl
from ..ops import variable_scope as vs

__all__ = ["sequence_loss_by_example", "sequence_loss", "rnn_decoder", "basic_rnn_seq2seq"]


def rnn_decoder(decoder_inputs: Sequence[Any], initial_state: Any, cell: Any,
                loop_function: Callable | None = None, scope: Any = None
                ) -> tuple[list, Any]:
    """Runs `cell` over `decoder_inputs` (a list of `[batch, input_size]`) from
    `initial_state`, in variable scope `rnn_decoder` with its variables shared across steps;
    with `loop_function(prev_output, i)` every step after the first feeds on the previous
    output instead. Returns (outputs, final state)."""
    with vs.variable_scope(scope or "rnn_decoder"):
        state = initial_state
        outputs = []
        prev = None
        for i, inp in enumerate(decoder_inputs):
            if loop_function is not None and prev is not None:
                with vs.variable_scope("loop_function", reuse=True):
                    inp = loop_function(prev, i)
            if i > 0:
                vs.get_variable_scope().reuse_variables()
            output, state = cell(inp, state)
            outputs.append(output)
            if loop_function is not None:
                prev = output
    return outputs, state


def basic_rnn_seq2seq(encoder_inputs: Sequence[Any], decoder_inputs: Sequence[Any], cell: Any,
                      dtype: Any = _dtypes.float32, scope: Any = None) -> tuple[list, Any]:
    """Encodes `encoder_inputs` with a copy of `cell` (static_rnn) and decodes
    `decoder_inputs` from its final state with `cell` (rnn_decoder), in variable scope
    `basic_rnn_seq2seq`."""
    with vs.variable_scope(scope or "basic_rnn_seq2seq"):
        enc_cell = copy.deepcopy(cell)
        _, enc_state = static_rnn(enc_cell, encoder_inputs, dtype=dtype)
        return rnn_decoder(decoder_inputs, enc_state, cell)


def sequence_loss_by_example(logits: Sequence[Any], targets: Sequence[Any],
                             weights: Sequence[Any], average_across_timesteps: bool = True,
                             softmax_loss_function: Callable | None = None,
                             name: str | None = None) -> Tensor:
    """Per-example `[batch]` log-perplexity: Σ_t ce_t·w_t, divided by Σ_t w_t + 1e-12 when
    `average_across_timesteps`."""
    if len(targets) != len(logits) or len(weights) != len(logits):
        raise ValueError(f"Lengths of logits, weights, and targets must be the same "
                         f"{len(logits)}, {len(weights)}, {len(targets)}.")
    with name_scope(name, "sequence_loss_by_example", list(logits) + list(targets) +
                    list(weights)):
        weights = [convert_to_tensor(w) for w in weights]
        log_perp_list = []
        for logit, target, weight in zip(logits, targets, weights):
            if softmax_loss_function is None:
                # Targets are sometimes given as scalars or [batch, 1]: flatten them.
                target = array_ops.reshape(target, [-1])
                crossent = nn_impl.sparse_softmax_cross_entropy_with_logits(labels=target,
                                                                           logits=logit)
            else:
                crossent = softmax_loss_function(labels=target, logits=logit)
            log_perp_list.append(crossent * weight)
        log_perps = math_ops.add_n(log_perp_list)
        if average_across_timesteps:
            total_size = math_ops.add_n(weights)
            total_size += 1e-12
            log_perps /= total_size
    return log_perps


def sequence_loss(logits: Sequence[Any], targets: Sequence[Any], weights: Sequence[Any],
                  average_across_timesteps: bool = True, average_across_batch: bool = True,
                  softmax_loss_function: Callable | None = None,
                  name: str | None = None) -> Tensor:
    """The scalar sum of `sequence_loss_by_example`, divided by the batch size (the first
    dimension of `targets[0]`) when `average_across_batch`."""
    with name_scope(name, "sequence_loss", list(logits) + list(targets) + list(weights)):
        cost = math_ops.reduce_sum(sequence_loss_by_example(
            logits, targets, weights, average_across_timesteps=average_across_timesteps,
            softmax_loss_function=softmax_loss_function))
        if average_across_batch:
            batch_size = array_ops.shape(targets[0])[0]
            return cost / array_ops.cast(batch_size, cost.dtype)
        return cost
