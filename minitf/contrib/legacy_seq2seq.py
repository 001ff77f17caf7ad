"""`tf.contrib.legacy_seq2seq` (mirrors legacy_seq2seq/python/ops/seq2seq.py of TF 1.15): the
statically unrolled sequence-to-sequence models of TF1's translation and chatbot tutorials.

Every function takes Python lists with one tensor per timestep: `[batch, depth]` floats, or
`[batch]` int32 symbol ids for the `embedding_*` models. Variables keep TF 1.15's scopes and
names (`embedding_attention_seq2seq/embedding_attention_decoder/attention_decoder/AttnW_0`),
so checkpoints and `tf.trainable_variables()` listings line up with TF's.

- Models: `basic_rnn_seq2seq`, `tied_rnn_seq2seq` (encoder and decoder share the cell's
  variables), `embedding_rnn_seq2seq`, `embedding_tied_rnn_seq2seq`,
  `embedding_attention_seq2seq`, `one2many_rnn_seq2seq` (one encoder, a decoder per task).
- Decoders: `rnn_decoder`, `embedding_rnn_decoder`, `attention_decoder` (Bahdanau-style
  attention over `attention_states`, `num_heads` reads per step),
  `embedding_attention_decoder`.
- `feed_previous=True` feeds each step the embedding of the previous output's argmax (greedy
  decoding); a boolean tensor instead builds the decoder twice and picks one with `tf.cond`.
- Losses: `sequence_loss_by_example`, `sequence_loss` (unlike `tf.contrib.seq2seq`'s, they
  guard the division with `+ 1e-12` rather than `div_no_nan`), and `model_with_buckets`,
  which builds one model per (encoder length, decoder length) bucket on shared variables.
"""
from __future__ import annotations

import copy
from typing import Any, Callable, Sequence

from ..framework import dtypes as _dtypes
from ..framework import nest
from ..framework.convert import convert_to_tensor
from ..framework.graph import Tensor, name_scope
from ..nn.rnn import static_rnn
from ..nn.rnn_cell_impl import RNNCell
from ..ops import array as array_ops
from ..ops import control_flow as control_flow_ops
from ..ops import conv as conv_ops
from ..ops import math as math_ops
from ..ops import nn as nn_ops
from ..ops import nn_impl
from ..ops import variable_scope as vs
from .core_rnn_cell import EmbeddingWrapper, OutputProjectionWrapper, _Linear

__all__ = ["sequence_loss_by_example", "sequence_loss", "rnn_decoder", "basic_rnn_seq2seq",
           "tied_rnn_seq2seq", "embedding_rnn_decoder", "embedding_rnn_seq2seq",
           "embedding_tied_rnn_seq2seq", "attention_decoder", "embedding_attention_decoder",
           "embedding_attention_seq2seq", "one2many_rnn_seq2seq", "model_with_buckets"]


def _extract_argmax_and_embed(embedding: Any, output_projection: Any = None,
                              update_embedding: bool = True) -> Callable:
    """The greedy `loop_function` of `feed_previous`: the embedding of the previous output's
    argmax (after `output_projection` (W, B) when given), with the gradient into the embedding
    stopped unless `update_embedding`."""

    def loop_function(prev: Tensor, _: int) -> Tensor:
        if output_projection is not None:
            prev = nn_impl.xw_plus_b(prev, output_projection[0], output_projection[1])
        prev_symbol = math_ops.argmax(prev, 1)
        emb_prev = nn_impl.embedding_lookup(embedding, prev_symbol)
        if not update_embedding:
            emb_prev = array_ops.stop_gradient(emb_prev)
        return emb_prev
    return loop_function


def _decode_on_tensor(feed_previous: Any, decode: Callable, num_outputs: int
                      ) -> tuple[list, list]:
    """`feed_previous` given as a boolean tensor: `decode(True)` and `decode(False)` are both
    built, the first making the variables and the second reusing them, and `tf.cond` picks one.
    Returns the outputs and the flat list of the final state's tensors."""

    def branch(feed: bool) -> list:
        with vs.variable_scope(vs.get_variable_scope(), reuse=None if feed else True):
            outputs, state = decode(feed)
            return list(outputs) + nest.flatten(state)
    both = control_flow_ops.cond(feed_previous, lambda: branch(True), lambda: branch(False))
    return both[:num_outputs], both[num_outputs:]


def _packed_like(structure: Any, state_list: list) -> Any:
    """The cond's flat state back in `structure`'s shape (a tensor, a tuple of them, ...)."""
    if nest.is_sequence(structure):
        return nest.pack_sequence_as(structure=structure, flat_sequence=state_list)
    return state_list[0]


def _check_projection(output_projection: Any, num_symbols: int, dtype: Any,
                      weights: bool = True) -> None:
    """(W, B) must fit `[?, num_symbols]` and `[num_symbols]` (W unchecked unless `weights`)."""
    if weights:
        proj_weights = convert_to_tensor(output_projection[0], dtype=dtype)
        proj_weights.shape.assert_is_compatible_with([None, num_symbols])
    proj_biases = convert_to_tensor(output_projection[1], dtype=dtype)
    proj_biases.shape.assert_is_compatible_with([num_symbols])


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


def tied_rnn_seq2seq(encoder_inputs: Sequence[Any], decoder_inputs: Sequence[Any], cell: Any,
                     loop_function: Callable | None = None, dtype: Any = _dtypes.float32,
                     scope: Any = None) -> tuple[list, Any]:
    """`basic_rnn_seq2seq` with one set of variables: `cell` encodes (static_rnn) and then
    decodes (rnn_decoder), both in variable scope `scope or "tied_rnn_seq2seq"` inside
    `combined_tied_rnn_seq2seq`."""
    with vs.variable_scope("combined_tied_rnn_seq2seq"):
        scope = scope or "tied_rnn_seq2seq"
        _, enc_state = static_rnn(cell, encoder_inputs, dtype=dtype, scope=scope)
        vs.get_variable_scope().reuse_variables()
        return rnn_decoder(decoder_inputs, enc_state, cell, loop_function=loop_function,
                           scope=scope)


def embedding_rnn_decoder(decoder_inputs: Sequence[Any], initial_state: Any, cell: Any,
                          num_symbols: int, embedding_size: int, output_projection: Any = None,
                          feed_previous: bool = False,
                          update_embedding_for_previous: bool = True,
                          scope: Any = None) -> tuple[list, Any]:
    """`rnn_decoder` over the `embedding` `[num_symbols, embedding_size]` of the int ids in
    `decoder_inputs`, in variable scope `embedding_rnn_decoder`; with `feed_previous` every
    step after the first is fed the embedded argmax of the previous output."""
    with vs.variable_scope(scope or "embedding_rnn_decoder") as vscope:
        if output_projection is not None:
            _check_projection(output_projection, num_symbols, vscope.dtype)
        embedding = vs.get_variable("embedding", [num_symbols, embedding_size])
        loop_function = _extract_argmax_and_embed(
            embedding, output_projection,
            update_embedding_for_previous) if feed_previous else None
        # A generator, as TF's: each step's lookup is built inside rnn_decoder, at its step.
        emb_inp = (nn_impl.embedding_lookup(embedding, i) for i in decoder_inputs)
        return rnn_decoder(emb_inp, initial_state, cell, loop_function=loop_function)


def embedding_rnn_seq2seq(encoder_inputs: Sequence[Any], decoder_inputs: Sequence[Any],
                          cell: Any, num_encoder_symbols: int, num_decoder_symbols: int,
                          embedding_size: int, output_projection: Any = None,
                          feed_previous: Any = False, dtype: Any = None,
                          scope: Any = None) -> tuple[list, Any]:
    """Encodes the embedded `encoder_inputs` with a copy of `cell` (EmbeddingWrapper,
    static_rnn) and decodes with `embedding_rnn_decoder` from its final state, in variable
    scope `embedding_rnn_seq2seq`. Without `output_projection` the decoder's outputs are
    projected to `num_decoder_symbols` logits (OutputProjectionWrapper)."""
    with vs.variable_scope(scope or "embedding_rnn_seq2seq") as vscope:
        if dtype is not None:
            vscope.set_dtype(dtype)
        else:
            dtype = vscope.dtype
        encoder_cell = EmbeddingWrapper(copy.deepcopy(cell),
                                        embedding_classes=num_encoder_symbols,
                                        embedding_size=embedding_size)
        _, encoder_state = static_rnn(encoder_cell, encoder_inputs, dtype=dtype)
        if output_projection is None:
            cell = OutputProjectionWrapper(cell, num_decoder_symbols)

        def decode(feed: bool, update_embedding: bool = False) -> tuple[list, Any]:
            return embedding_rnn_decoder(
                decoder_inputs, encoder_state, cell, num_decoder_symbols, embedding_size,
                output_projection=output_projection, feed_previous=feed,
                update_embedding_for_previous=update_embedding)
        if isinstance(feed_previous, bool):
            return decode(feed_previous, update_embedding=True)
        outputs, state_list = _decode_on_tensor(feed_previous, decode, len(decoder_inputs))
        return outputs, _packed_like(encoder_state, state_list)


def embedding_tied_rnn_seq2seq(encoder_inputs: Sequence[Any], decoder_inputs: Sequence[Any],
                               cell: Any, num_symbols: int, embedding_size: int,
                               num_decoder_symbols: int | None = None,
                               output_projection: Any = None, feed_previous: Any = False,
                               dtype: Any = None, scope: Any = None) -> tuple[list, Any]:
    """`tied_rnn_seq2seq` over inputs embedded with one shared `embedding`
    `[num_symbols, embedding_size]`, in variable scope `embedding_tied_rnn_seq2seq`; the
    outputs are `num_decoder_symbols` (else `num_symbols`) logits unless `output_projection`
    is given."""
    with vs.variable_scope(scope or "embedding_tied_rnn_seq2seq", dtype=dtype) as vscope:
        dtype = vscope.dtype
        if output_projection is not None:
            _check_projection(output_projection, num_symbols, dtype)
        embedding = vs.get_variable("embedding", [num_symbols, embedding_size], dtype=dtype)
        emb_encoder_inputs = [nn_impl.embedding_lookup(embedding, x) for x in encoder_inputs]
        emb_decoder_inputs = [nn_impl.embedding_lookup(embedding, x) for x in decoder_inputs]
        output_symbols = num_symbols if num_decoder_symbols is None else num_decoder_symbols
        if output_projection is None:
            cell = OutputProjectionWrapper(cell, output_symbols)

        def decode(feed: bool, update_embedding: bool = False) -> tuple[list, Any]:
            loop_function = _extract_argmax_and_embed(
                embedding, output_projection, update_embedding) if feed else None
            return tied_rnn_seq2seq(emb_encoder_inputs, emb_decoder_inputs, cell,
                                    loop_function=loop_function, dtype=dtype)
        if isinstance(feed_previous, bool):
            return decode(feed_previous, update_embedding=True)
        outputs, state_list = _decode_on_tensor(feed_previous, decode, len(decoder_inputs))
        # TF takes the state's structure from a zero state of the encoder's batch size.
        static_batch_size = encoder_inputs[0].shape[0]
        for inp in encoder_inputs[1:]:
            static_batch_size.merge_with(inp.shape[0])
        batch_size = static_batch_size.value
        if batch_size is None:
            batch_size = array_ops.shape(encoder_inputs[0])[0]
        return outputs, _packed_like(cell.zero_state(batch_size, dtype), state_list)


def attention_decoder(decoder_inputs: Sequence[Any], initial_state: Any,
                      attention_states: Any, cell: Any, output_size: int | None = None,
                      num_heads: int = 1, loop_function: Callable | None = None,
                      dtype: Any = None, scope: Any = None,
                      initial_state_attention: bool = False) -> tuple[list, Any]:
    """An RNN decoder that reads `attention_states` `[batch, length, size]` at every step, in
    variable scope `attention_decoder`.

    Each step runs the cell on `linear([input] + previous reads)`, then each of `num_heads`
    heads reads `Σ_l softmax_l(v·tanh(W·h_l + U·state))·h_l` (`AttnW_a` as a 1x1 convolution,
    `AttnV_a`, and `U` in scope `Attention_a`), and the output is
    `linear([cell output] + reads)` in scope `AttnOutputProjection`. The first reads are zero,
    or with `initial_state_attention` made from `initial_state`. Each linear is a `kernel` and
    `bias` of its scope, shared across steps. As TF 1.15 (written for float16 models), the
    softmax runs in float32 whatever `dtype` is."""
    if not decoder_inputs:
        raise ValueError("Must provide at least 1 input to attention decoder.")
    if num_heads < 1:
        raise ValueError("With less than 1 heads, use a non-attention decoder.")
    if attention_states.shape[2].value is None:
        raise ValueError(f"Shape[2] of attention_states must be known: "
                         f"{attention_states.shape}")
    if output_size is None:
        output_size = cell.output_size

    with vs.variable_scope(scope or "attention_decoder", dtype=dtype) as vscope:
        dtype = vscope.dtype
        batch_size = array_ops.shape(decoder_inputs[0])[0]
        attn_length = attention_states.shape[1].value
        if attn_length is None:
            attn_length = array_ops.shape(attention_states)[1]
        attn_size = attention_states.shape[2].value
        # W·h_l for every l as a 1x1 convolution over [batch, length, 1, size].
        hidden = array_ops.reshape(attention_states, [-1, attn_length, 1, attn_size])
        hidden_features = []
        v = []
        for a in range(num_heads):
            k = vs.get_variable(f"AttnW_{a}", [1, 1, attn_size, attn_size], dtype=dtype)
            hidden_features.append(conv_ops.conv2d(hidden, k, [1, 1, 1, 1], "SAME"))
            v.append(vs.get_variable(f"AttnV_{a}", [attn_size], dtype=dtype))

        def attention(query: Any) -> list:
            """The heads' reads for `query` (a state; a tuple state is concatenated)."""
            if nest.is_sequence(query):
                query_list = nest.flatten(query)
                for q in query_list:
                    if q.shape.ndims and q.shape.ndims != 2:
                        raise AssertionError(f"attention query parts must be 2-D: {q}")
                query = array_ops.concat(query_list, 1)
            ds = []
            for a in range(num_heads):
                with vs.variable_scope(f"Attention_{a}"):
                    y = _Linear(query, attn_size, True)(query)
                    y = array_ops.reshape(y, [-1, 1, 1, attn_size])
                    y = array_ops.cast(y, dtype)
                    s = math_ops.reduce_sum(v[a] * math_ops.tanh(hidden_features[a] + y),
                                            [2, 3])
                    weights = nn_ops.softmax(array_ops.cast(s, _dtypes.float32))
                    weights = array_ops.cast(weights, dtype)
                    d = math_ops.reduce_sum(
                        array_ops.reshape(weights, [-1, attn_length, 1, 1]) * hidden, [1, 2])
                    ds.append(array_ops.reshape(d, [-1, attn_size]))
            return ds

        outputs = []
        prev = None
        batch_attn_size = array_ops.stack([batch_size, attn_size])
        attns = [array_ops.zeros(batch_attn_size, dtype=dtype) for _ in range(num_heads)]
        for a in attns:
            a.set_shape([None, attn_size])
        if initial_state_attention:
            attns = attention(initial_state)
        state = initial_state
        for i, inp in enumerate(decoder_inputs):
            if i > 0:
                vs.get_variable_scope().reuse_variables()
            if loop_function is not None and prev is not None:
                with vs.variable_scope("loop_function", reuse=True):
                    inp = loop_function(prev, i)
            input_size = inp.shape.with_rank(2)[1]
            if input_size.value is None:
                raise ValueError(f"Could not infer input size from input: {inp.name}")
            inputs = [array_ops.cast(e, dtype) for e in [inp] + attns]
            x = _Linear(inputs, input_size.value, True)(inputs)
            cell_output, state = cell(x, state)
            if i == 0 and initial_state_attention:
                with vs.variable_scope(vs.get_variable_scope(), reuse=True):
                    attns = attention(state)
            else:
                attns = attention(state)
            with vs.variable_scope("AttnOutputProjection"):
                inputs = [array_ops.cast(cell_output, dtype)] + attns
                output = _Linear(inputs, output_size, True)(inputs)
            if loop_function is not None:
                prev = output
            outputs.append(output)
    return outputs, state


def embedding_attention_decoder(decoder_inputs: Sequence[Any], initial_state: Any,
                                attention_states: Any, cell: Any, num_symbols: int,
                                embedding_size: int, num_heads: int = 1,
                                output_size: int | None = None, output_projection: Any = None,
                                feed_previous: bool = False,
                                update_embedding_for_previous: bool = True, dtype: Any = None,
                                scope: Any = None, initial_state_attention: bool = False
                                ) -> tuple[list, Any]:
    """`attention_decoder` over the `embedding` `[num_symbols, embedding_size]` of the int
    ids in `decoder_inputs`, in variable scope `embedding_attention_decoder`; `feed_previous`
    as in `embedding_rnn_decoder`."""
    if output_size is None:
        output_size = cell.output_size
    if output_projection is not None:
        _check_projection(output_projection, num_symbols, dtype, weights=False)
    with vs.variable_scope(scope or "embedding_attention_decoder", dtype=dtype):
        embedding = vs.get_variable("embedding", [num_symbols, embedding_size])
        loop_function = _extract_argmax_and_embed(
            embedding, output_projection,
            update_embedding_for_previous) if feed_previous else None
        emb_inp = [nn_impl.embedding_lookup(embedding, i) for i in decoder_inputs]
        return attention_decoder(emb_inp, initial_state, attention_states, cell,
                                 output_size=output_size, num_heads=num_heads,
                                 loop_function=loop_function,
                                 initial_state_attention=initial_state_attention)


def embedding_attention_seq2seq(encoder_inputs: Sequence[Any], decoder_inputs: Sequence[Any],
                                cell: Any, num_encoder_symbols: int, num_decoder_symbols: int,
                                embedding_size: int, num_heads: int = 1,
                                output_projection: Any = None, feed_previous: Any = False,
                                dtype: Any = None, scope: Any = None,
                                initial_state_attention: bool = False) -> tuple[list, Any]:
    """Encodes the embedded `encoder_inputs` with a copy of `cell` and decodes with
    `embedding_attention_decoder` attending to all encoder outputs, in variable scope
    `embedding_attention_seq2seq`. Without `output_projection` the decoder's
    cell outputs, reads and outputs are `num_decoder_symbols` wide."""
    with vs.variable_scope(scope or "embedding_attention_seq2seq", dtype=dtype) as vscope:
        dtype = vscope.dtype
        encoder_cell = EmbeddingWrapper(copy.deepcopy(cell),
                                        embedding_classes=num_encoder_symbols,
                                        embedding_size=embedding_size)
        encoder_outputs, encoder_state = static_rnn(encoder_cell, encoder_inputs, dtype=dtype)
        top_states = [array_ops.reshape(e, [-1, 1, cell.output_size])
                      for e in encoder_outputs]
        attention_states = array_ops.concat(top_states, 1)
        output_size = None
        if output_projection is None:
            cell = OutputProjectionWrapper(cell, num_decoder_symbols)
            output_size = num_decoder_symbols

        def decode(feed: bool, update_embedding: bool = False) -> tuple[list, Any]:
            return embedding_attention_decoder(
                decoder_inputs, encoder_state, attention_states, cell, num_decoder_symbols,
                embedding_size, num_heads=num_heads, output_size=output_size,
                output_projection=output_projection, feed_previous=feed,
                update_embedding_for_previous=update_embedding,
                initial_state_attention=initial_state_attention)
        if isinstance(feed_previous, bool):
            return decode(feed_previous, update_embedding=True)
        outputs, state_list = _decode_on_tensor(feed_previous, decode, len(decoder_inputs))
        return outputs, _packed_like(encoder_state, state_list)


def one2many_rnn_seq2seq(encoder_inputs: Sequence[Any], decoder_inputs_dict: dict,
                         enc_cell: Any, dec_cells_dict: dict, num_encoder_symbols: int,
                         num_decoder_symbols_dict: dict, embedding_size: int,
                         feed_previous: Any = False, dtype: Any = None,
                         scope: Any = None) -> tuple[dict, dict]:
    """One embedded encoder (`enc_cell`, static_rnn) and one `embedding_rnn_decoder` per key
    of `decoder_inputs_dict`, each from the encoder's final state with its own cell, output
    projection and embedding under `one2many_decoder_<key>`, in variable scope
    `one2many_rnn_seq2seq`. Returns ({key: outputs}, {key: final state})."""
    if not isinstance(enc_cell, RNNCell):
        raise TypeError(f"enc_cell is not an RNNCell: {type(enc_cell)}")
    if set(dec_cells_dict) != set(decoder_inputs_dict):
        raise ValueError("keys of dec_cells_dict != keys of decodre_inputs_dict")
    for dec_cell in dec_cells_dict.values():
        if not isinstance(dec_cell, RNNCell):
            raise TypeError(f"dec_cell is not an RNNCell: {type(dec_cell)}")
    outputs_dict = {}
    state_dict = {}
    with vs.variable_scope(scope or "one2many_rnn_seq2seq", dtype=dtype) as vscope:
        dtype = vscope.dtype
        enc_cell = EmbeddingWrapper(enc_cell, embedding_classes=num_encoder_symbols,
                                    embedding_size=embedding_size)
        _, encoder_state = static_rnn(enc_cell, encoder_inputs, dtype=dtype)
        for name, decoder_inputs in decoder_inputs_dict.items():
            num_decoder_symbols = num_decoder_symbols_dict[name]
            with vs.variable_scope(f"one2many_decoder_{name}"):
                dec_cell = OutputProjectionWrapper(dec_cells_dict[name], num_decoder_symbols)

                def decode(feed: bool, decoder_inputs: Any = decoder_inputs,
                           dec_cell: Any = dec_cell,
                           num_decoder_symbols: int = num_decoder_symbols) -> tuple[list, Any]:
                    return embedding_rnn_decoder(decoder_inputs, encoder_state, dec_cell,
                                                 num_decoder_symbols, embedding_size,
                                                 feed_previous=feed)
                if isinstance(feed_previous, bool):
                    outputs, state = decode(feed_previous)
                else:
                    outputs, state_list = _decode_on_tensor(feed_previous, decode,
                                                            len(decoder_inputs))
                    state = _packed_like(encoder_state, state_list)
            outputs_dict[name] = outputs
            state_dict[name] = state
    return outputs_dict, state_dict


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


def model_with_buckets(encoder_inputs: Sequence[Any], decoder_inputs: Sequence[Any],
                       targets: Sequence[Any], weights: Sequence[Any],
                       buckets: Sequence[tuple[int, int]], seq2seq: Callable,
                       softmax_loss_function: Callable | None = None,
                       per_example_loss: bool = False,
                       name: str | None = None) -> tuple[list, list]:
    """One `seq2seq(encoder_inputs[:e], decoder_inputs[:d])` model per bucket (e, d), all on
    the variables the first one makes, and each one's `sequence_loss` (or, with
    `per_example_loss`, `sequence_loss_by_example`) over the first d targets and weights.
    Returns (outputs per bucket, loss per bucket)."""
    if len(encoder_inputs) < buckets[-1][0]:
        raise ValueError(f"Length of encoder_inputs ({len(encoder_inputs)}) must be at least "
                         f"that of last bucket ({buckets[-1][0]}).")
    # TF's messages for targets and weights lack the space before "bucket".
    if len(targets) < buckets[-1][1]:
        raise ValueError(f"Length of targets ({len(targets)}) must be at least that of "
                         f"lastbucket ({buckets[-1][1]}).")
    if len(weights) < buckets[-1][1]:
        raise ValueError(f"Length of weights ({len(weights)}) must be at least that of "
                         f"lastbucket ({buckets[-1][1]}).")
    all_inputs = list(encoder_inputs) + list(decoder_inputs) + list(targets) + list(weights)
    losses = []
    outputs = []
    loss = sequence_loss_by_example if per_example_loss else sequence_loss
    with name_scope(name, "model_with_buckets", all_inputs):
        for j, (enc_len, dec_len) in enumerate(buckets):
            with vs.variable_scope(vs.get_variable_scope(), reuse=True if j > 0 else None):
                bucket_outputs, _ = seq2seq(encoder_inputs[:enc_len], decoder_inputs[:dec_len])
                outputs.append(bucket_outputs)
                losses.append(loss(bucket_outputs, targets[:dec_len], weights[:dec_len],
                                   softmax_loss_function=softmax_loss_function))
    return outputs, losses
