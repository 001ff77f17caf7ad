"""Clipping (mirrors clip_ops.py of TF 1.15): `clip_by_value` (Minimum then Maximum),
`clip_by_norm`, `global_norm`, `clip_by_global_norm` and `clip_by_average_norm`. The norm
clippers take IndexedSlices (their values are scaled, their indices kept) and None entries."""
from __future__ import annotations

import collections.abc
from typing import Any

from ..framework import dtypes as _dtypes
from ..framework.convert import constant, convert_to_tensor
from ..framework.graph import Tensor, get_default_graph, name_scope
from ..framework.indexed_slices import IndexedSlices
from . import array as array_ops
from . import math as math_ops
from . import nn as nn_ops

__all__ = ["clip_by_value", "clip_by_norm", "global_norm", "clip_by_global_norm",
           "clip_by_average_norm"]


def clip_by_value(t: Any, clip_value_min: Any, clip_value_max: Any,
                  name: str | None = None) -> Tensor:
    """`tf.clip_by_value`: `t` with values below `clip_value_min` raised to it and values above
    `clip_value_max` lowered to it. The bounds broadcast against `t` but may not make the result
    bigger than `t` (ValueError, as TF's shape check)."""
    with name_scope(name, "clip_by_value", [t, clip_value_min, clip_value_max]) as scope:
        values = convert_to_tensor(t, name="t")
        t_min = math_ops.minimum(values, clip_value_max)
        values.shape.merge_with(t_min.shape)
        t_max = math_ops.maximum(t_min, clip_value_min, name=scope)
        values.shape.merge_with(t_max.shape)
        return t_max


def _values(t: Any, name: str) -> Tensor:
    return convert_to_tensor(t.values if isinstance(t, IndexedSlices) else t, name=name)


def clip_by_norm(t: Any, clip_norm: Any, axes: Any = None, name: str | None = None) -> Any:
    """`tf.clip_by_norm`: `t * clip_norm / max(l2norm(t), clip_norm)`, the L2 norm taken over
    `axes` (default all); a zero tensor stays zero. An IndexedSlices keeps its indices."""
    with name_scope(name, "clip_by_norm", [t, clip_norm]) as scope:
        values = _values(t, "t")
        l2sum = math_ops.reduce_sum(values * values, axes, keepdims=True)
        pred = l2sum > 0
        # the second `where` keeps a zero norm from giving NaN gradients
        l2sum_safe = array_ops.where(pred, l2sum, array_ops.ones_like(l2sum))
        l2norm = array_ops.where(pred, math_ops.sqrt(l2sum_safe), l2sum)
        intermediate = values * clip_norm
        values.shape.merge_with(intermediate.shape)
        values_clip = array_ops.identity(intermediate / math_ops.maximum(l2norm, clip_norm),
                                         name=scope)
        if isinstance(t, IndexedSlices):
            return IndexedSlices(values_clip, t.indices, t.dense_shape)
        return values_clip


def _check_sequence(t_list: Any) -> list:
    if not isinstance(t_list, collections.abc.Sequence) or isinstance(t_list, str):
        raise TypeError("t_list should be a sequence")
    return list(t_list)


def global_norm(t_list: Any, name: str | None = None) -> Tensor:
    """`tf.global_norm`: `sqrt(sum of every element squared)` over the tensors (or
    IndexedSlices values) of `t_list`, None entries skipped; the tensor
    `global_norm/global_norm`."""
    t_list = _check_sequence(t_list)
    g = get_default_graph()
    with name_scope(name, "global_norm", t_list):
        values = [_values(t, f"t_{i}") if t is not None else None for i, t in enumerate(t_list)]
        half_squared_norms = []
        for v in values:
            if v is not None:
                with g.colocate_with(v):
                    half_squared_norms.append(nn_ops.l2_loss(v))
        half_squared_norm = math_ops.reduce_sum(array_ops.stack(half_squared_norms))
        return math_ops.sqrt(half_squared_norm * constant(2.0, dtype=half_squared_norm.dtype),
                             name="global_norm")


def clip_by_global_norm(t_list: Any, clip_norm: Any, use_norm: Any = None,
                        name: str | None = None) -> tuple[list, Tensor]:
    """`tf.clip_by_global_norm`: each entry times `clip_norm / max(global_norm, clip_norm)`
    (`clip_by_global_norm/clip_by_global_norm/_0`, ...), and the global norm (or `use_norm`).
    None entries stay None; an infinite or NaN norm makes every output NaN."""
    t_list = _check_sequence(t_list)
    if use_norm is None:
        use_norm = global_norm(t_list, name)
    g = get_default_graph()
    with name_scope(name, "clip_by_global_norm", t_list + [clip_norm]) as scope:
        scale_for_finite = clip_norm * math_ops.minimum(
            1.0 / use_norm, constant(1.0, dtype=use_norm.dtype) / clip_norm)
        scale = array_ops.where(math_ops.is_finite(use_norm), scale_for_finite,
                                constant(float("nan"), dtype=use_norm.dtype))
        values = [_values(t, f"t_{i}") if t is not None else None for i, t in enumerate(t_list)]
        values_clipped = []
        for i, v in enumerate(values):
            if v is None:
                values_clipped.append(None)
                continue
            with g.colocate_with(v):
                values_clipped.append(array_ops.identity(v * scale, name=f"{scope}_{i}"))
        list_clipped = [IndexedSlices(c, t.indices, t.dense_shape)
                        if isinstance(t, IndexedSlices) else c
                        for c, t in zip(values_clipped, t_list)]
    return list_clipped, use_norm


def clip_by_average_norm(t: Any, clip_norm: Any, name: str | None = None) -> Tensor:
    """`tf.clip_by_average_norm` (deprecated in TF 1.15): `t * clip_norm / max(l2norm(t) /
    size(t), clip_norm)`."""
    with name_scope(name, "clip_by_average_norm", [t, clip_norm]) as scope:
        t = convert_to_tensor(t, name="t")
        n_element = array_ops.cast(array_ops.size(t), _dtypes.float32)
        l2norm_inv = math_ops.rsqrt(math_ops.reduce_sum(t * t,
                                                        array_ops.range(array_ops.rank(t))))
        return array_ops.identity(
            t * clip_norm * math_ops.minimum(l2norm_inv * n_element,
                                             constant(1.0) / clip_norm), name=scope)
