"""Connectionist temporal classification (mirrors ctc_ops.py of TF 1.15, its CTCLoss and
CTCGreedyDecoder and CTCBeamSearchDecoder kernels, util/ctc/ctc_loss_calculator.h and
ctc_beam_search.h): `tf.nn.ctc_loss`, `tf.nn.ctc_greedy_decoder`,
`tf.nn.ctc_beam_search_decoder`.

The loss runs Graves' forward-backward recursion in log space over all batch entries at once:
per time step, one vectorized update of a `[batch, 2 * longest label + 1]` array of states. The
blank is the last class. The op also returns the loss's gradient with respect to the logits
(softmax minus the posterior of each class), which the registered gradient scales.
"""
from __future__ import annotations

import math
from typing import Any

from ..framework import dtypes as _dtypes
from ..framework import errors, registry
from ..framework.convert import convert_to_tensor
from ..framework.graph import get_default_graph
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor_shape import Dimension, TensorShape, dims_str
from . import array as array_ops

NN_ALL = ["ctc_loss", "ctc_greedy_decoder", "ctc_beam_search_decoder"]
__all__: list[str] = []


def _dim(t, i: int) -> Dimension:
    return Dimension(None) if t.shape.ndims is None else t.shape.dims[i]


def _merge_dims(a: Dimension, b: Dimension) -> Dimension:
    """Two sizes that must agree, with the C++ shape functions' wording."""
    if not a.is_compatible_with(b):
        raise ValueError(f"Dimensions must be equal, but are {a} and {b}")
    return a.merge_with(b)


def _with_rank(t, rank: int) -> None:
    if t.shape.ndims is not None and t.shape.ndims != rank:
        raise ValueError(f"Shape must be rank {rank} but is rank {t.shape.ndims}")


def _shape_str(a) -> str:
    return dims_str(TensorShape(list(a.shape)))


def _invalid(message: str) -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(None, None, message)


def _join(values: list) -> str:
    return ",".join(str(v) for v in values)


# ---- CTCLoss

def _ctc_loss_infer(op):
    inputs, labels_indices, labels_values, seq_len = op.inputs
    for t, rank in ((inputs, 3), (labels_indices, 2), (labels_values, 1), (seq_len, 1)):
        _with_rank(t, rank)
    _merge_dims(_dim(labels_indices, 0), _dim(labels_values, 0))
    batch = _merge_dims(_dim(inputs, 1), _dim(seq_len, 0))
    grad_shape = (TensorShape(None) if inputs.shape.ndims is None else
                  TensorShape([_dim(inputs, 0), batch, _dim(inputs, 2)]))
    dtype = inputs.dtype.base_dtype
    return [(dtype, TensorShape([batch])), (dtype, grad_shape)]


def _label_sequences(indices, values, batch: int) -> list[list[int]]:
    """The label sequence of each batch entry (the SparseTensor's rows, in order)."""
    labels: list[list[int]] = [[] for _ in range(batch)]
    for (b, _), v in zip(indices.tolist(), values.tolist()):
        if not 0 <= b < batch:
            raise _invalid(f"labels batch index must be between 0 and {batch - 1} inclusive, "
                           f"got {b}")
        labels[b].append(int(v))
    return labels


def _target(label: list[int], b: int, num_classes: int, collapse: bool) -> list[int]:
    """A label sequence as the calculator reads it: repeats merged if `collapse`, ended by the
    first blank (or larger) label, checked."""
    if not label:
        raise _invalid(f"Labels length is zero in batch {b}")
    out: list[int] = []
    finished = False
    for i, v in enumerate(label):
        if i and collapse and v == label[i - 1]:
            continue
        if v >= num_classes - 1:
            finished = True
        elif finished:
            raise _invalid(f"Saw a non-null label (index >= num_classes - 1) following a null "
                           f"label, batch: {b} num_classes: {num_classes} labels: "
                           f"{_join(label)} labels seen so far: {_join(out)}")
        else:
            out.append(v)
    if any(v < 0 for v in out):
        raise _invalid(f"All labels must be nonnegative integers, batch: {b} labels: "
                       f"{_join(out)}")
    return out


def _ctc_loss_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    collapse = ctx.attrs.get("preprocess_collapse_repeated", False)
    merge = ctx.attrs.get("ctc_merge_repeated", True)
    ignore_longer = ctx.attrs.get("ignore_longer_outputs_than_inputs", False)
    neg_inf = -float("inf")

    def lse(*terms):
        """log(sum(exp(terms))) elementwise, -inf where every term is -inf."""
        m = terms[0]
        for t in terms[1:]:
            m = xp.maximum(m, t)
        safe = xp.where(xp.isfinite(m), m, 0.0)
        total = sum(xp.exp(t - safe) for t in terms)
        with_zero = xp.where(total > 0, total, 1.0)
        return xp.where(total > 0, safe + xp.log(with_zero), neg_inf)

    def ctc_loss(inputs, labels_indices, labels_values, seq_len):
        if inputs.ndim != 3:
            raise _invalid("inputs is not a 3-Tensor")
        if seq_len.ndim != 1:
            raise _invalid("sequence_length is not a vector")
        if labels_indices.ndim != 2:
            raise _invalid("labels_indices is not a matrix")
        if labels_values.ndim != 1:
            raise _invalid("labels_values is not a vector")
        max_time, batch, num_classes = inputs.shape
        if seq_len.shape[0] != batch:
            raise _invalid(f"len(sequence_length) != batch_size.  len(sequence_length):  "
                           f"{seq_len.shape[0]} batch_size: {batch}")
        if labels_indices.shape[0] != labels_values.shape[0]:
            raise _invalid(f"labels_indices and labels_values must contain the same number of "
                           f"rows, but saw shapes: {_shape_str(labels_indices)} vs. "
                           f"{_shape_str(labels_values)}")
        lengths = [int(v) for v in seq_len.tolist()]
        for b, n in enumerate(lengths):
            if n < 0:
                raise _invalid(f"seq_len({b}) < 0")
            if n > max_time:
                raise _invalid(f"sequence_length({b}) <= {max_time}")
        raw = _label_sequences(labels_indices, labels_values, batch)
        targets = []
        for b, label in enumerate(raw):
            target = _target(label, b, num_classes, collapse)
            if not ignore_longer and len(label) > lengths[b]:
                raise _invalid(f"Not enough time for target transition sequence (required: "
                               f"{len(label)}, available: {lengths[b]}){b}You can turn this "
                               f"error into a warning by using the flag "
                               f"ignore_longer_outputs_than_inputs")
            targets.append(target)
        # entries without a loss: empty sequences, and labels longer than inputs if ignored
        skip = [n == 0 or (ignore_longer and len(raw[b]) > n) for b, n in enumerate(lengths)]

        blank = num_classes - 1
        states = 2 * max((len(t) for t in targets), default=0) + 1
        lp = [[blank] * states for _ in range(batch)]  # l': blanks around each label
        for b, target in enumerate(targets):
            lp[b][1:2 * len(target):2] = target
        lp = xp.asarray(lp, dtype="int64")
        used = xp.asarray([[u < 2 * len(t) + 1 for u in range(states)] for t in targets])
        is_blank = lp == blank
        same2 = xp.zeros_like(is_blank)
        same2[:, 2:] = lp[:, 2:] == lp[:, :-2]
        skip2 = ~is_blank & ~(merge & same2)  # u - 2 -> u allowed
        stay = is_blank | merge  # u -> u allowed

        x = inputs.astype("float64")
        shifted = x - x.max(axis=2, keepdims=True)
        log_y = shifted - xp.log(xp.exp(shifted).sum(axis=2, keepdims=True))  # [T, B, C]
        rows = xp.arange(batch)[:, None]
        log_yl = log_y[:, rows, lp]  # [T, B, U]: log y of each state's class

        ninf = xp.full((batch, 1), neg_inf)
        ninf2 = xp.full((batch, 2), neg_inf)
        alpha = xp.full((max_time, batch, states), neg_inf)
        if max_time:
            alpha[0, :, :2] = log_yl[0, :, :2]
            alpha[0] = xp.where(used, alpha[0], neg_inf)
        for t in range(1, max_time):
            a = alpha[t - 1]
            prev1 = xp.concatenate([ninf, a[:, :-1]], axis=1)
            prev2 = xp.where(skip2, xp.concatenate([ninf2, a[:, :-2]], axis=1), neg_inf)
            alpha[t] = log_yl[t] + lse(xp.where(stay, a, neg_inf), prev1, prev2)

        ends = xp.asarray(lengths)[:, None]
        sizes = xp.asarray([2 * len(t) + 1 for t in targets])[:, None]
        u_index = xp.arange(states)[None, :]
        final = xp.where((u_index >= sizes - 2) & (u_index < sizes), 0.0, neg_inf)
        beta = xp.full((max_time, batch, states), neg_inf)
        for t in range(max_time - 1, -1, -1):
            if t + 1 < max_time:
                nb = beta[t + 1] + log_yl[t + 1]
                next1 = xp.concatenate([nb[:, 1:], ninf], axis=1)
                skip_next = xp.concatenate([skip2[:, 2:], xp.zeros((batch, 2), bool)], axis=1)
                next2 = xp.where(skip_next, xp.concatenate([nb[:, 2:], ninf2], axis=1), neg_inf)
                inner = lse(xp.where(stay, nb, neg_inf), next1, next2)
            else:
                inner = xp.full((batch, states), neg_inf)
            beta[t] = xp.where(ends - 1 == t, final, xp.where(ends - 1 > t, inner, neg_inf))
        beta = xp.where(used[None], beta, neg_inf)

        log_ab = alpha + beta  # [T, B, U]
        log_p = lse(*(log_ab[0, :, u] for u in range(states))) if max_time else \
            xp.full(batch, neg_inf)
        valid = xp.asarray([not s for s in skip])
        loss = xp.where(valid, -log_p, 0.0)

        found = xp.isfinite(log_p)
        post = xp.exp(log_ab - xp.where(found, log_p, 0.0)[None, :, None])
        post = xp.where(found[None, :, None], post, 0.0)
        one_hot = (lp[:, :, None] == xp.arange(num_classes)[None, None, :]) & used[:, :, None]
        posterior = xp.einsum("tbu,buc->tbc", post, one_hot.astype("float64"))
        in_time = xp.arange(max_time)[:, None] < ends.reshape(1, batch)  # [T, B]
        keep = (in_time & valid[None, :])[:, :, None]
        grad = xp.where(keep, xp.exp(log_y) - posterior, 0.0)
        dtype = inputs.dtype
        return loss.astype(dtype), grad.astype(dtype)
    return ctc_loss


def _ctc_loss_grad(op, grad_loss, _):
    # the op's own gradient output, scaled per batch entry; it has no gradient of its own
    grad = array_ops.prevent_gradient(
        op.outputs[1], message="Currently there is no way to take the second derivative of "
                               "ctc_loss due to the fused implementation's interaction  with "
                               "tf.gradients()")
    return [array_ops.expand_dims(grad_loss, -1) * grad, None, None, None]


registry.register("CTCLoss", infer=_ctc_loss_infer, kernel=_ctc_loss_kernel, grad=_ctc_loss_grad)


def ctc_loss(labels: SparseTensor, inputs: Any = None, sequence_length: Any = None,
             preprocess_collapse_repeated: bool = False, ctc_merge_repeated: bool = True,
             ignore_longer_outputs_than_inputs: bool = False, time_major: bool = True,
             logits: Any = None):
    """`tf.nn.ctc_loss`: the negative log probability of each batch entry's label sequence
    (an int32 SparseTensor) under per-step class logits `[max_time, batch, classes]` (or
    batch-major unless `time_major`); the last class is the blank."""
    if not isinstance(labels, SparseTensor):
        raise TypeError("Expected labels (first argument) to be a SparseTensor")
    if inputs is not None and logits is not None:
        raise ValueError("Cannot specify both 'logits' and 'inputs'")
    inputs = logits if inputs is None else inputs
    if not time_major:
        inputs = array_ops.transpose(inputs, [1, 0, 2])  # [B, T, C] -> [T, B, C]
    g = get_default_graph()
    with g.name_scope("CTCLoss") as scope:
        inputs = convert_to_tensor(inputs, name="inputs")
        seq_len = convert_to_tensor(sequence_length, dtype=_dtypes.int32, name="sequence_length")
        attrs = {"preprocess_collapse_repeated": bool(preprocess_collapse_repeated),
                 "ctc_merge_repeated": bool(ctc_merge_repeated),
                 "ignore_longer_outputs_than_inputs": bool(ignore_longer_outputs_than_inputs),
                 "T": inputs.dtype.base_dtype}
        op = g.create_op("CTCLoss", [inputs, labels.indices, labels.values, seq_len], attrs,
                         name=scope)
    return op.outputs[0]


# ---- CTCGreedyDecoder

def _greedy_infer(op):
    inputs, seq_len = op.inputs
    _with_rank(inputs, 3)
    _with_rank(seq_len, 1)
    batch = _merge_dims(_dim(inputs, 1), _dim(seq_len, 0))
    return [(_dtypes.int64, TensorShape([None, 2])), (_dtypes.int64, TensorShape([None])),
            (_dtypes.int64, TensorShape([2])),
            (inputs.dtype.base_dtype, TensorShape([batch, 1]))]


def _greedy_kernel(ctx: registry.KernelContext):
    xp, merge = ctx.xp, ctx.attrs.get("merge_repeated", True)

    def ctc_greedy_decoder(inputs, seq_len):
        if inputs.ndim != 3:
            raise _invalid("inputs is not a 3-Tensor")
        max_time, batch, num_classes = inputs.shape
        if max_time == 0:
            raise _invalid("max_time is 0")
        if seq_len.ndim != 1:
            raise _invalid("sequence_length is not a vector")
        if seq_len.shape[0] != batch:
            raise errors.FailedPreconditionError(
                None, None, f"len(sequence_length) != batch_size.  len(sequence_length):  "
                            f"{seq_len.shape[0]} batch_size: {batch}")
        for b, n in enumerate(seq_len.tolist()):
            if not n <= max_time:
                raise errors.FailedPreconditionError(None, None,
                                                     f"sequence_length({b}) <= {max_time}")
        best = inputs.argmax(axis=2).T  # [B, T], the first of equal maxima
        top = inputs.max(axis=2).T
        in_time = xp.arange(max_time)[None, :] < seq_len[:, None]
        log_prob = -xp.where(in_time, top, 0).sum(axis=1, keepdims=True).astype(inputs.dtype)
        keep = in_time & (best != num_classes - 1)
        if merge:
            repeat = xp.zeros_like(keep)
            repeat[:, 1:] = best[:, 1:] == best[:, :-1]
            keep &= ~repeat
        b_idx, t_idx = xp.nonzero(keep)  # batch-major, time-ordered
        position = (xp.cumsum(keep, axis=1) - 1)[b_idx, t_idx]
        indices = xp.stack([b_idx, position], axis=1).astype("int64").reshape(-1, 2)
        values = best[b_idx, t_idx].astype("int64")
        width = int(keep.sum(axis=1).max()) if batch else 0
        shape = xp.asarray([batch, width], dtype="int64")
        return indices, values, shape, log_prob
    return ctc_greedy_decoder


registry.register("CTCGreedyDecoder", infer=_greedy_infer, kernel=_greedy_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, foldable=False)


def ctc_greedy_decoder(inputs: Any, sequence_length: Any, merge_repeated: bool = True):
    """`tf.nn.ctc_greedy_decoder`: the most likely class per step, repeats merged (if
    `merge_repeated`) and blanks dropped, as `([SparseTensor], -sum of the chosen logits)`."""
    g = get_default_graph()
    with g.name_scope("CTCGreedyDecoder") as scope:
        inputs = convert_to_tensor(inputs, name="inputs")
        seq_len = convert_to_tensor(sequence_length, dtype=_dtypes.int32, name="sequence_length")
        op = g.create_op("CTCGreedyDecoder", [inputs, seq_len],
                         {"merge_repeated": bool(merge_repeated), "T": inputs.dtype.base_dtype},
                         name=scope)
    indices, values, shape, log_prob = op.outputs
    return [SparseTensor(indices, values, shape)], log_prob


# ---- CTCBeamSearchDecoder: TF's prefix beam search (util/ctc/ctc_beam_search.h)

_LOG_ZERO = float("-inf")


def _log_sum_exp(a: float, b: float) -> float:
    if a == _LOG_ZERO:
        return b
    if b == _LOG_ZERO:
        return a
    high, low = (a, b) if a > b else (b, a)
    return high + math.log1p(math.exp(low - high))


class _Beam:
    """A prefix in the search tree: its label, parent, children and the log probabilities of
    ending in a blank, in its label, or either (before this step: `old_*`)."""

    __slots__ = ("label", "parent", "children", "blank", "label_p", "total", "old_blank",
                 "old_label", "old_total")

    def __init__(self, parent: Any, label: int):
        self.label, self.parent, self.children = label, parent, {}
        self.blank = self.label_p = self.total = _LOG_ZERO
        self.old_blank = self.old_label = self.old_total = _LOG_ZERO

    def active(self) -> bool:
        return self.total != _LOG_ZERO

    def reset(self) -> None:
        self.blank = self.label_p = self.total = _LOG_ZERO

    def labels(self, merge_repeated: bool) -> list[int]:
        seq, beam = [], self
        while beam.parent is not None:
            if not merge_repeated or not seq or beam.label != seq[-1]:
                seq.append(beam.label)
            beam = beam.parent
        return seq[::-1]


def _beam_search(frames: Any, beam_width: int, blank: int) -> list:
    """The beams left after reading `frames` ([time, classes] logits), best first."""
    root = _Beam(None, -1)
    root.total = root.blank = 0.0
    leaves = [root]
    for frame in frames:
        frame = [float(v) for v in frame]
        top = max(frame)
        top += math.log(sum(math.exp(v - top) for v in frame))  # log-softmax offset
        branches = sorted(leaves, key=lambda e: -e.total)
        for e in branches:
            e.old_blank, e.old_label, e.old_total = e.blank, e.label_p, e.total
        leaves = []
        for e in branches:
            if e.parent is not None:
                if e.parent.active():
                    previous = e.parent.old_blank if e.label == e.parent.label else \
                        e.parent.old_total
                    e.label_p = _log_sum_exp(e.label_p, previous)
                e.label_p += frame[e.label] - top
            e.blank = e.old_total + frame[blank] - top
            e.total = _log_sum_exp(e.blank, e.label_p)
            leaves.append(e)

        def bottom() -> Any:
            return min(leaves, key=lambda e: e.total)

        def candidate(total: float) -> bool:
            return total > _LOG_ZERO and (len(leaves) < beam_width or total > bottom().total)
        for e in branches:
            if not candidate(e.old_total):
                continue
            for label in range(len(frame) - 1):
                child = e.children.get(label)
                if child is None:
                    child = e.children[label] = _Beam(e, label)
                if child.active():
                    continue
                child.blank = _LOG_ZERO
                previous = e.old_blank if label == e.label else e.old_total
                child.label_p = child.total = frame[label] - top + previous
                if candidate(child.total):
                    if len(leaves) == beam_width:
                        worst = bottom()
                        worst.reset()
                        leaves.remove(worst)
                    leaves.append(child)
                else:
                    child.reset()
                    child.old_blank = child.old_label = child.old_total = _LOG_ZERO
    return sorted(leaves, key=lambda e: -e.total)


def _beam_infer(op):
    inputs, seq_len = op.inputs
    _with_rank(inputs, 3)
    _with_rank(seq_len, 1)
    batch = _merge_dims(_dim(inputs, 1), _dim(seq_len, 0))
    paths = op.get_attr("top_paths")
    return [(_dtypes.int64, TensorShape([None, 2]))] * paths + \
        [(_dtypes.int64, TensorShape([None]))] * paths + \
        [(_dtypes.int64, TensorShape([2]))] * paths + \
        [(inputs.dtype.base_dtype, TensorShape([batch, paths]))]


def _beam_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    width, paths = ctx.attrs["beam_width"], ctx.attrs["top_paths"]
    merge = ctx.attrs.get("merge_repeated", True)
    to_host = ctx.resources.backend.to_host

    def ctc_beam_search_decoder(inputs, seq_len):
        logits, lengths = to_host(inputs), to_host(seq_len)
        if logits.ndim != 3:
            raise _invalid("inputs is not a 3-Tensor")
        max_time, batch, num_classes = logits.shape
        if lengths.ndim != 1:
            raise _invalid("sequence_length is not a vector")
        if lengths.shape[0] != batch:
            raise errors.FailedPreconditionError(
                None, None, f"len(sequence_length) != batch_size.  len(sequence_length):  "
                            f"{lengths.shape[0]} batch_size: {batch}")
        decoded: list = [[] for _ in range(paths)]
        log_prob = [[0.0] * paths for _ in range(batch)]
        for b, n in enumerate(lengths.tolist()):
            if not n <= max_time:
                raise errors.FailedPreconditionError(None, None,
                                                     f"sequence_length({b}) <= {max_time}")
            beams = _beam_search(logits[:n, b, :], width, num_classes - 1)
            if paths > width:
                raise _invalid("requested more paths than the beam width.")
            if paths > len(beams):
                raise _invalid("Less leaves in the beam search than requested.")
            for p in range(paths):
                decoded[p].append(beams[p].labels(merge))
                log_prob[b][p] = beams[p].total
        outputs: list = []
        for kind in ("indices", "values", "shape"):
            for seqs in decoded:
                if kind == "indices":
                    outputs.append(xp.asarray([[b, i] for b, seq in enumerate(seqs)
                                               for i in range(len(seq))],
                                              dtype="int64").reshape(-1, 2))
                elif kind == "values":
                    outputs.append(xp.asarray([v for seq in seqs for v in seq], dtype="int64"))
                else:
                    longest = max((len(seq) for seq in seqs), default=0)
                    outputs.append(xp.asarray([batch, longest], dtype="int64"))
        outputs.append(xp.asarray(log_prob, dtype=inputs.dtype))
        return tuple(outputs)
    return ctc_beam_search_decoder


registry.register("CTCBeamSearchDecoder", infer=_beam_infer, kernel=_beam_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, foldable=False)


def ctc_beam_search_decoder(inputs: Any, sequence_length: Any, beam_width: int = 100,
                            top_paths: int = 1, merge_repeated: bool = True):
    """`tf.nn.ctc_beam_search_decoder`: TF's prefix beam search over the logits (blank the last
    class), as `([SparseTensor] one per path, log probabilities [batch, top_paths])`."""
    if beam_width < 1:
        raise ValueError(f"Attr 'beam_width' of 'CTCBeamSearchDecoder' Op passed {beam_width} "
                         f"less than minimum 1.")
    if top_paths < 1:
        raise ValueError(f"Attr 'top_paths' of 'CTCBeamSearchDecoder' Op passed {top_paths} "
                         f"less than minimum 1.")
    g = get_default_graph()
    with g.name_scope("CTCBeamSearchDecoder") as scope:
        inputs = convert_to_tensor(inputs, name="inputs")
        seq_len = convert_to_tensor(sequence_length, dtype=_dtypes.int32, name="sequence_length")
        op = g.create_op("CTCBeamSearchDecoder", [inputs, seq_len],
                         {"beam_width": int(beam_width), "top_paths": int(top_paths),
                          "merge_repeated": bool(merge_repeated),
                          "T": inputs.dtype.base_dtype}, name=scope)
    outs = op.outputs
    return ([SparseTensor(outs[i], outs[top_paths + i], outs[2 * top_paths + i])
             for i in range(top_paths)], outs[-1])
