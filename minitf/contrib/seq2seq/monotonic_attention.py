"""Monotonic attention (mirrors the monotonic part of contrib/seq2seq/python/ops/
attention_wrapper.py of TF 1.15; Raffel et al., "Online and Linear-Time Attention by Enforcing
Monotonic Alignments", ICML 2017): the sigmoid of each score is the probability of stopping at
that memory step, read left to right from where the previous step's attention was, so the
attention never moves back. The mechanisms start from a one-hot on the first memory step.
"""
from __future__ import annotations

import functools
from typing import Any

import numpy as np

from ...framework import dtypes as _dtypes
from ...framework.convert import convert_to_tensor
from ...framework.graph import Tensor, name_scope
from ...nn.layers import Dense
from ...ops import array as array_ops
from ...ops import clip as clip_ops
from ...ops import math as math_ops
from ...ops import random as random_ops
from ...ops import variable_scope as vs
from .attention_wrapper import _BaseAttentionMechanism, _bahdanau_score, _luong_score

__all__ = ["BahdanauMonotonicAttention", "LuongMonotonicAttention", "monotonic_attention",
           "safe_cumprod"]


def safe_cumprod(x: Any, *args: Any, **kwargs: Any) -> Tensor:
    """`cumprod` as `exp(cumsum(log(x)))` with `x` clipped to [tiny, 1], stable for tiny
    factors; takes `cumprod`'s arguments."""
    with name_scope(None, "SafeCumprod", [x]):
        x = convert_to_tensor(x, name="x")
        tiny = np.finfo(x.dtype.as_numpy_dtype).tiny
        return math_ops.exp(math_ops.cumsum(
            math_ops.log(clip_ops.clip_by_value(x, tiny, 1)), *args, **kwargs))


def monotonic_attention(p_choose_i: Any, previous_attention: Any, mode: str) -> Tensor:
    """The attention distribution `[batch, memory]` from the stopping probabilities and the
    previous step's attention: `recursive` (a scan, exact), `parallel` (cumulative sums and
    products) or `hard` (0/1 probabilities)."""
    p_choose_i = convert_to_tensor(p_choose_i, name="p_choose_i")
    previous_attention = convert_to_tensor(previous_attention, name="previous_attention")
    if mode == "recursive":
        from ...ops.functional import scan  # noqa: PLC0415 - a lazily loaded family
        batch_size = p_choose_i.shape[0].value or array_ops.shape(p_choose_i)[0]
        shifted = array_ops.concat([array_ops.ones((batch_size, 1)), 1 - p_choose_i[:, :-1]], 1)
        # q[i] = (1 - p[i - 1]) q[i - 1] + previous[i]; attention[i] = p[i] q[i]
        return p_choose_i * array_ops.transpose(scan(
            lambda x, yz: array_ops.reshape(yz[0] * x + yz[1], (batch_size,)),
            [array_ops.transpose(shifted), array_ops.transpose(previous_attention)],
            array_ops.zeros((batch_size,))))
    if mode == "parallel":
        cumprod_1mp = safe_cumprod(1 - p_choose_i, axis=1, exclusive=True)
        return p_choose_i * cumprod_1mp * math_ops.cumsum(
            previous_attention / clip_ops.clip_by_value(cumprod_1mp, 1e-10, 1.), axis=1)
    if mode == "hard":
        p_choose_i *= math_ops.cumsum(previous_attention, axis=1)
        return p_choose_i * math_ops.cumprod(1 - p_choose_i, axis=1, exclusive=True)
    raise ValueError("mode must be 'recursive', 'parallel', or 'hard'.")


def _monotonic_probability_fn(score: Tensor, previous_alignments: Tensor, sigmoid_noise: float,
                              mode: str, seed: int | None = None) -> Tensor:
    if sigmoid_noise > 0:
        score += sigmoid_noise * random_ops.random_normal(array_ops.shape(score),
                                                          dtype=score.dtype, seed=seed)
    return monotonic_attention(math_ops.sigmoid(score), previous_alignments, mode)


class _BaseMonotonicAttentionMechanism(_BaseAttentionMechanism):
    def initial_alignments(self, batch_size: Any, dtype: Any) -> Tensor:
        """One-hot on the first memory step for every entry."""
        return array_ops.one_hot(array_ops.zeros((batch_size,), dtype=_dtypes.int32),
                                 self._alignments_size, dtype=dtype)


def _monotonic_init(self: Any, query_layer: Any, num_units: int, memory: Any,
                    memory_sequence_length: Any, score_mask_value: Any, sigmoid_noise: float,
                    sigmoid_noise_seed: int | None, score_bias_init: float, mode: str,
                    dtype: Any, name: str) -> None:
    dtype = dtype or _dtypes.float32
    probability_fn = functools.partial(_monotonic_probability_fn, sigmoid_noise=sigmoid_noise,
                                       mode=mode, seed=sigmoid_noise_seed)
    _BaseAttentionMechanism.__init__(
        self, query_layer=query_layer,
        memory_layer=Dense(num_units, name="memory_layer", use_bias=False, dtype=dtype),
        memory=memory, probability_fn=probability_fn,
        memory_sequence_length=memory_sequence_length, score_mask_value=score_mask_value,
        name=name)
    self._num_units = num_units
    self._score_bias_init = score_bias_init
    self._name = name


def _score_bias(score: Tensor, init: float) -> Tensor:
    return score + vs.get_variable("attention_score_bias", dtype=score.dtype, initializer=init)


class BahdanauMonotonicAttention(_BaseMonotonicAttentionMechanism):
    """Bahdanau's score plus a learned scalar bias, made monotonic."""

    def __init__(self, num_units: int, memory: Any, memory_sequence_length: Any = None,
                 normalize: bool = False, score_mask_value: Any = None,
                 sigmoid_noise: float = 0., sigmoid_noise_seed: int | None = None,
                 score_bias_init: float = 0., mode: str = "parallel", dtype: Any = None,
                 name: str = "BahdanauMonotonicAttention"):
        query_layer = Dense(num_units, name="query_layer", use_bias=False,
                            dtype=dtype or _dtypes.float32)
        _monotonic_init(self, query_layer, num_units, memory, memory_sequence_length,
                        score_mask_value, sigmoid_noise, sigmoid_noise_seed, score_bias_init,
                        mode, dtype, name)
        self._normalize = normalize

    def __call__(self, query: Tensor, state: Tensor) -> tuple:
        with vs.variable_scope(None, "bahdanau_monotonic_attention", [query]):
            processed_query = self.query_layer(query) if self.query_layer else query
            score = _score_bias(_bahdanau_score(processed_query, self._keys, self._normalize),
                                self._score_bias_init)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


class LuongMonotonicAttention(_BaseMonotonicAttentionMechanism):
    """Luong's score plus a learned scalar bias, made monotonic."""

    def __init__(self, num_units: int, memory: Any, memory_sequence_length: Any = None,
                 scale: bool = False, score_mask_value: Any = None, sigmoid_noise: float = 0.,
                 sigmoid_noise_seed: int | None = None, score_bias_init: float = 0.,
                 mode: str = "parallel", dtype: Any = None,
                 name: str = "LuongMonotonicAttention"):
        _monotonic_init(self, None, num_units, memory, memory_sequence_length,
                        score_mask_value, sigmoid_noise, sigmoid_noise_seed, score_bias_init,
                        mode, dtype, name)
        self._scale = scale

    def __call__(self, query: Tensor, state: Tensor) -> tuple:
        with vs.variable_scope(None, "luong_monotonic_attention", [query]):
            score = _score_bias(_luong_score(query, self._keys, self._scale),
                                self._score_bias_init)
        alignments = self._probability_fn(score, state)
        return alignments, alignments
