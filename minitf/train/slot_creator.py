"""Slot variables: an optimizer's per-variable state (mirrors training/slot_creator.py of TF
1.15).

A slot of `w` made by `Adam` is the non-trainable variable `w/Adam` (then `w/Adam_1`, ...):
`get_variable("")` inside a fresh variable scope named after the primary and the optimizer, so
its name ignores name scopes; it is colocated with the primary and built without partitioner.
"""
from __future__ import annotations

from typing import Any

from ..framework.graph import Tensor, get_default_graph
from ..framework.tensor_shape import as_shape
from ..ops import array as array_ops
from ..ops.init import Zeros
from ..ops.state import Variable
from ..ops.variable_scope import get_variable, get_variable_scope, variable_scope

__all__ = ["create_slot", "create_slot_with_initializer", "create_zeros_slot"]


def _create_slot_var(primary: Any, val: Any, scope: str, validate_shape: bool, shape: Any,
                     dtype: Any) -> Variable:
    current_scope = get_variable_scope()
    partitioner = current_scope.partitioner
    current_scope.set_partitioner(None)
    try:
        return get_variable(scope, initializer=val, trainable=False,
                            shape=shape if callable(val) else None, dtype=dtype,
                            validate_shape=validate_shape)
    finally:
        current_scope.set_partitioner(partitioner)


def _prefix(primary: Any) -> str:
    return primary.op.name


def _slot(primary: Any, val: Any, name: str, validate_shape: bool, shape: Any, dtype: Any,
          colocate_with_primary: bool) -> Variable:
    with variable_scope(None, _prefix(primary) + "/" + name):
        if colocate_with_primary:
            with get_default_graph().colocate_with(primary):
                return _create_slot_var(primary, val, "", validate_shape, shape, dtype)
        return _create_slot_var(primary, val, "", validate_shape, shape, dtype)


def create_slot(primary: Any, val: Tensor, name: str,
                colocate_with_primary: bool = True) -> Variable:
    """A slot of `primary` (a Variable or Tensor) initialized to the tensor `val`, whose dtype
    it takes."""
    validate_shape = val.get_shape().is_fully_defined()
    return _slot(primary, val, name, validate_shape, None, None, colocate_with_primary)


def create_slot_with_initializer(primary: Any, initializer: Any, shape: Any, dtype: Any,
                                 name: str, colocate_with_primary: bool = True) -> Variable:
    """A slot of `primary` of `shape` and `dtype`, initialized by `initializer`."""
    shape = as_shape(shape)
    return _slot(primary, initializer, name, shape.is_fully_defined(), shape, dtype,
                 colocate_with_primary)


def create_zeros_slot(primary: Any, name: str, dtype: Any = None,
                      colocate_with_primary: bool = True) -> Variable:
    """A slot of zeros shaped as `primary` (its dtype by default); a primary of partly unknown
    shape takes the shape of its value at initialization."""
    if dtype is None:
        dtype = primary.dtype
    dtype = dtype.base_dtype
    slot_shape = primary.get_shape()
    if slot_shape.is_fully_defined():
        return create_slot_with_initializer(primary, Zeros(), slot_shape, dtype, name,
                                            colocate_with_primary=colocate_with_primary)
    if isinstance(primary, Variable):
        slot_shape = array_ops.shape(primary.initialized_value())
    else:
        slot_shape = array_ops.shape(primary)
    val = array_ops.zeros(slot_shape, dtype=dtype)
    return create_slot(primary, val, name, colocate_with_primary=colocate_with_primary)
