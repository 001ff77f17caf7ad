"""Math ops: elementwise arithmetic, comparisons, reductions, matmul (mirrors math_ops.py).

Also installs Tensor's Python operators, named as TF1 names them (`add`, `mul`, `truediv`).
"""
from __future__ import annotations

from typing import Any

from ..framework import registry
from ..framework.convert import convert_binary_inputs
from ..framework.graph import Tensor, get_default_graph, override_operator
from .common_shapes import broadcast_shapes

__all__ = ["add"]


def _binary_infer(op):
    x, y = op.inputs
    return [(x.dtype.base_dtype, broadcast_shapes(x.shape, y.shape))]


def _binary(op_type: str, x: Any, y: Any, name: str | None) -> Tensor:
    g = get_default_graph()
    with g.name_scope(name or op_type) as scope:
        x, y = convert_binary_inputs(op_type, x, y)
        return g.create_op(op_type, [x, y], {"T": x.dtype.base_dtype}, name=scope).outputs[0]


registry.register("AddV2", infer=_binary_infer, kernel=lambda ctx: ctx.xp.add)
registry.register("Add", infer=_binary_infer, kernel=lambda ctx: ctx.xp.add)


def add(x: Any, y: Any, name: str | None = None) -> Tensor:
    """`tf.add` (op type Add, default name `Add`)."""
    return _binary("Add", x, y, name)


override_operator("__add__", lambda x, y: _binary("AddV2", x, y, "add"))
override_operator("__radd__", lambda y, x: _binary("AddV2", x, y, "add"))
