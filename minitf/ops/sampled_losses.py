"""Sampled losses for many classes: `tf.nn.nce_loss` and `tf.nn.sampled_softmax_loss`
(mirrors `_compute_sampled_logits`, `nce_loss` and `sampled_softmax_loss` of TF 1.15's
nn_impl.py, with their graphs and names).

Both score the true classes and `num_sampled` sampled ones (log-uniform by default, or the
caller's `sampled_values`) against the inputs, correct each logit by the log of its expected
count, and take a sigmoid (NCE) or softmax cross entropy over those columns only.
"""
from __future__ import annotations

from typing import Any

from ..framework import dtypes as _dtypes
from ..framework.graph import Tensor, name_scope
from . import array as array_ops
from . import math as math_ops
from . import sparse_ops
from .candidate_sampling_ops import compute_accidental_hits, log_uniform_candidate_sampler
from .nn_impl import (embedding_lookup, sigmoid_cross_entropy_with_logits,
                      softmax_cross_entropy_with_logits_v2)

NN_ALL = ["nce_loss", "sampled_softmax_loss"]


def _sum_rows(x: Tensor) -> Tensor:
    """Each row's sum, as a MatMul by a column of ones (whose gradient is cheaper than a
    reduce_sum's, TF's reason)."""
    cols = array_ops.shape(x)[1]
    ones = array_ops.ones(array_ops.stack([cols, 1]), x.dtype)
    return array_ops.reshape(math_ops.matmul(x, ones), [-1])


def _compute_sampled_logits(weights: Any, biases: Any, labels: Any, inputs: Any,
                            num_sampled: int, num_classes: int, num_true: int = 1,
                            sampled_values: Any = None, subtract_log_q: bool = True,
                            remove_accidental_hits: bool = False,
                            partition_strategy: str = "mod", name: str | None = None,
                            seed: int | None = None) -> tuple[Tensor, Tensor]:
    """The logits `[batch, num_true + num_sampled]` of the true classes then the sampled ones
    (minus log expected counts with `subtract_log_q`; accidental hits pushed to -FLT_MAX when
    removed) and their target distribution (1/num_true on each true class)."""
    if not isinstance(weights, list):
        weights = [weights]
    with name_scope(name, "compute_sampled_logits", weights + [biases, inputs, labels]):
        if _dtypes.as_dtype(labels.dtype) != _dtypes.int64:
            labels = array_ops.cast(labels, _dtypes.int64)
        labels_flat = array_ops.reshape(labels, [-1])
        if sampled_values is None:
            sampled_values = log_uniform_candidate_sampler(
                true_classes=labels, num_true=num_true, num_sampled=num_sampled, unique=True,
                range_max=num_classes, seed=seed)
        sampled, true_expected_count, sampled_expected_count = (
            array_ops.stop_gradient(s) for s in sampled_values)
        sampled = array_ops.cast(sampled, _dtypes.int64)
        all_ids = array_ops.concat([labels_flat, sampled], 0)

        all_w = embedding_lookup(weights, all_ids, partition_strategy=partition_strategy)
        if all_w.dtype != inputs.dtype:
            all_w = array_ops.cast(all_w, inputs.dtype)
        true_w = array_ops.slice(all_w, [0, 0],
                                 array_ops.stack([array_ops.shape(labels_flat)[0], -1]))
        sampled_w = array_ops.slice(all_w, array_ops.stack([array_ops.shape(labels_flat)[0], 0]),
                                    [-1, -1])
        sampled_logits = math_ops.matmul(inputs, sampled_w, transpose_b=True)

        all_b = embedding_lookup(biases, all_ids, partition_strategy=partition_strategy)
        if all_b.dtype != inputs.dtype:
            all_b = array_ops.cast(all_b, inputs.dtype)
        true_b = array_ops.slice(all_b, [0], array_ops.shape(labels_flat))
        sampled_b = array_ops.slice(all_b, array_ops.shape(labels_flat), [-1])

        # true logits: each input row dotted with its num_true true rows of weights
        dim = array_ops.shape(true_w)[1:2]
        new_true_w_shape = array_ops.concat([[-1, num_true], dim], 0)
        row_wise_dots = math_ops.multiply(array_ops.expand_dims(inputs, 1),
                                          array_ops.reshape(true_w, new_true_w_shape))
        dots_as_matrix = array_ops.reshape(row_wise_dots, array_ops.concat([[-1], dim], 0))
        true_logits = array_ops.reshape(_sum_rows(dots_as_matrix), [-1, num_true])
        true_b = array_ops.reshape(true_b, [-1, num_true])
        true_logits += true_b
        sampled_logits += sampled_b

        if remove_accidental_hits:
            acc_indices, acc_ids, acc_weights = compute_accidental_hits(labels, sampled,
                                                                        num_true=num_true)
            acc_indices_2d = array_ops.reshape(acc_indices, [-1, 1])
            acc_ids_2d_int32 = array_ops.reshape(array_ops.cast(acc_ids, _dtypes.int32),
                                                 [-1, 1])
            sparse_indices = array_ops.concat([acc_indices_2d, acc_ids_2d_int32], 1,
                                              "sparse_indices")
            sampled_logits_shape = array_ops.concat(
                [array_ops.shape(labels)[:1], array_ops.expand_dims(num_sampled, 0)], 0)
            if sampled_logits.dtype != acc_weights.dtype:
                acc_weights = array_ops.cast(acc_weights, sampled_logits.dtype)
            sampled_logits += sparse_ops.sparse_to_dense(
                sparse_indices, sampled_logits_shape, acc_weights, default_value=0.0,
                validate_indices=False)

        if subtract_log_q:
            true_logits -= math_ops.log(true_expected_count)
            sampled_logits -= math_ops.log(sampled_expected_count)

        out_logits = array_ops.concat([true_logits, sampled_logits], 1)
        out_labels = array_ops.concat([array_ops.ones_like(true_logits) / num_true,
                                       array_ops.zeros_like(sampled_logits)], 1)
        return out_logits, out_labels


def nce_loss(weights: Any, biases: Any, labels: Any, inputs: Any, num_sampled: int,
             num_classes: int, num_true: int = 1, sampled_values: Any = None,
             remove_accidental_hits: bool = False, partition_strategy: str = "mod",
             name: str = "nce_loss") -> Tensor:
    """`tf.nn.nce_loss`: per example, the noise-contrastive estimation loss, the sigmoid cross
    entropy of the true classes (target 1/num_true) and the sampled ones (target 0). `weights`
    `[num_classes, dim]` (or its shards, split by `partition_strategy`), `biases`
    `[num_classes]`, int64 `labels` `[batch, num_true]`, `inputs` `[batch, dim]`."""
    logits, labels = _compute_sampled_logits(
        weights=weights, biases=biases, labels=labels, inputs=inputs, num_sampled=num_sampled,
        num_classes=num_classes, num_true=num_true, sampled_values=sampled_values,
        subtract_log_q=True, remove_accidental_hits=remove_accidental_hits,
        partition_strategy=partition_strategy, name=name)
    sampled_losses = sigmoid_cross_entropy_with_logits(labels=labels, logits=logits,
                                                       name="sampled_losses")
    return _sum_rows(sampled_losses)


def sampled_softmax_loss(weights: Any, biases: Any, labels: Any, inputs: Any, num_sampled: int,
                         num_classes: int, num_true: int = 1, sampled_values: Any = None,
                         remove_accidental_hits: bool = True, partition_strategy: str = "mod",
                         name: str = "sampled_softmax_loss",
                         seed: int | None = None) -> Tensor:
    """`tf.nn.sampled_softmax_loss`: per example, the softmax cross entropy over the true and
    the sampled classes only (sampled copies of a true class removed by default), a cheap
    stand-in for the full softmax loss while training."""
    logits, labels = _compute_sampled_logits(
        weights=weights, biases=biases, labels=labels, inputs=inputs, num_sampled=num_sampled,
        num_classes=num_classes, num_true=num_true, sampled_values=sampled_values,
        subtract_log_q=True, remove_accidental_hits=remove_accidental_hits,
        partition_strategy=partition_strategy, name=name, seed=seed)
    labels = array_ops.stop_gradient(labels, name="labels_stop_gradient")
    return softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
