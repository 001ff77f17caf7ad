"""The GatherTree op, `tf.contrib.seq2seq.gather_tree` (mirrors contrib/seq2seq's
ops/beam_search_ops.cc and kernels/beam_search_ops.cc of TF 1.15): the beams of a beam search,
read back from each step's chosen ids and the beam each came from.

It lives with contrib, imported on first use as TF loads contrib's op library; TF 1.15 declares
it not differentiable.
"""
from __future__ import annotations

from typing import Any

from ...framework import errors, registry
from ...framework.graph import Tensor, get_default_graph
from ...framework.tensor_shape import TensorShape
from ...ops.array import _dims, _input, _merge, _merge_dim, _with_rank

__all__ = ["gather_tree"]


def _gather_tree_infer(op: Any) -> list:
    step_ids, parent_ids, max_sequence_lengths, end_token = op.inputs
    dims = _with_rank(_dims(step_ids), 3)
    dims = _merge(dims, _with_rank(_dims(parent_ids), 3))
    lengths = _with_rank(_dims(max_sequence_lengths), 1)
    _with_rank(_dims(end_token), 0)
    dims = [dims[0], _merge_dim(dims[1], lengths[0]), dims[2]]
    return [(step_ids.dtype.base_dtype, TensorShape(dims))]


def _invalid(message: str) -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(None, None, message)


def _shape_str(shape: tuple) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


def _gather_tree_kernel(ctx: registry.KernelContext) -> Any:
    """Walks each beam back from its last step (the batch entry's longest length, capped by
    the number of steps) through its parents; positions after the first end token, and
    positions past that length, hold the end token. A parent id out of range is an
    InvalidArgumentError, as on TF's CPU."""
    xp = ctx.xp

    def gather_tree_(step_ids: Any, parent_ids: Any, max_sequence_lengths: Any,
                     end_token: Any) -> Any:
        if step_ids.ndim != 3:
            raise _invalid(f"step_ids must be a 3-tensor, saw shape: "
                           f"{_shape_str(step_ids.shape)}")
        if max_sequence_lengths.ndim != 1:
            raise _invalid(f"max_sequence_lengths must be a vector, saw shape: "
                           f"{_shape_str(max_sequence_lengths.shape)}")
        if end_token.ndim != 0:
            raise _invalid(f"end_token must be a scalar, saw shape: "
                           f"{_shape_str(end_token.shape)}")
        if step_ids.shape != parent_ids.shape:
            raise _invalid(f"step_ids.shape must match parent_ids.shape.  but shapes are: "
                           f"{_shape_str(step_ids.shape)} and {_shape_str(parent_ids.shape)}")
        if step_ids.shape[1] != max_sequence_lengths.shape[0]:
            raise _invalid(f"batch size dimensions step_ids.shape[1] and "
                           f"max_seqeuence_lengths.shape[0] must match.  but shapes are: "
                           f"{_shape_str(step_ids.shape)} and "
                           f"{_shape_str(max_sequence_lengths.shape)}")
        max_time, batch_size, beam_width = step_ids.shape
        steps, parents = step_ids.tolist(), parent_ids.tolist()
        lengths, end = max_sequence_lengths.tolist(), int(end_token)
        beams = [[[end] * beam_width for _ in range(batch_size)] for _ in range(max_time)]
        for batch in range(batch_size):
            length = min(max_time, lengths[batch])
            for beam in range(beam_width):
                if length <= 0:
                    continue
                beams[length - 1][batch][beam] = steps[length - 1][batch][beam]
                parent = parents[length - 1][batch][beam]
                for level in range(length - 2, -1, -1):
                    if parent < 0 or parent >= beam_width:
                        raise _invalid(f"Saw invalid parent id {parent} at (batch, time, beam) "
                                       f"== ({batch}, {level}, {beam})")
                    beams[level][batch][beam] = steps[level][batch][parent]
                    parent = parents[level][batch][parent]
                finished = False
                for time in range(length):
                    if finished:
                        beams[time][batch][beam] = end
                    elif beams[time][batch][beam] == end:
                        finished = True
        return xp.asarray(beams, dtype=step_ids.dtype).reshape(step_ids.shape)
    return gather_tree_


registry.register("GatherTree", infer=_gather_tree_infer, kernel=_gather_tree_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)


def gather_tree(step_ids: Any, parent_ids: Any, max_sequence_lengths: Any, end_token: Any,
                name: str | None = None) -> Tensor:
    """`tf.contrib.seq2seq.gather_tree` (op GatherTree): for ids and parent beams
    `[max_time, batch_size, beam_width]`, each beam's full id sequence, ending in `end_token`
    from its first end token on."""
    g = get_default_graph()
    with g.name_scope(name or "GatherTree") as scope:
        step_ids = _input(step_ids, "step_ids", ("int32",))
        dtype = step_ids.dtype.base_dtype
        parent_ids = _input(parent_ids, "parent_ids", ("int32",), dtype)
        max_sequence_lengths = _input(max_sequence_lengths, "max_sequence_lengths", ("int32",))
        end_token = _input(end_token, "end_token", ("int32",), dtype)
        return g.create_op("GatherTree", [step_ids, parent_ids, max_sequence_lengths, end_token],
                           {"T": dtype}, name=scope).outputs[0]
