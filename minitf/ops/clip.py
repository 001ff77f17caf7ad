"""Clipping (mirrors clip_ops.py): `clip_by_value` is Minimum then Maximum, as in TF 1.15."""
from __future__ import annotations

from typing import Any

from ..framework.convert import convert_to_tensor
from ..framework.graph import Tensor, name_scope
from .math import maximum, minimum

__all__ = ["clip_by_value"]


def clip_by_value(t: Any, clip_value_min: Any, clip_value_max: Any,
                  name: str | None = None) -> Tensor:
    """`tf.clip_by_value`: `t` with values below `clip_value_min` raised to it and values above
    `clip_value_max` lowered to it. The bounds broadcast against `t` but may not make the result
    bigger than `t` (ValueError, as TF's shape check)."""
    with name_scope(name, "clip_by_value", [t, clip_value_min, clip_value_max]) as scope:
        values = convert_to_tensor(t, name="t")
        t_min = minimum(values, clip_value_max)
        values.shape.merge_with(t_min.shape)
        t_max = maximum(t_min, clip_value_min, name=scope)
        values.shape.merge_with(t_max.shape)
        return t_max
