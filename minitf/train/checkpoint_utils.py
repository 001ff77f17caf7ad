"""`tf.train.init_from_checkpoint`: variables that start from a checkpoint's values.

As TF 1.15 does it, nothing is read when it is called: each matched variable's initializer
becomes an `Assign` of a `RestoreV2` named `checkpoint_initializer` (a shard reads its slice of
the saved tensor), so that an initializer op built afterwards (`global_variables_initializer`)
loads the checkpoint. The variable's `initializer` is then that Assign's output tensor and its
`initial_value` the restored tensor, as in TF.
"""
from __future__ import annotations

import collections.abc as cabc
import logging
import os
from typing import Any

from ..framework.graph import get_default_graph
from ..ops import state as state_ops
from ..ops.variable_scope import _variable_store
from .saver import NewCheckpointReader, _checkpoint_prefix, restore_v2

__all__ = ["init_from_checkpoint"]

_log = logging.getLogger("minitf")


def init_from_checkpoint(ckpt_dir_or_file: Any, assignment_map: Any) -> None:
    """Makes the variables `assignment_map` names start from the checkpoint
    `ckpt_dir_or_file` (a prefix, or a folder: its latest checkpoint).

    `assignment_map` (a dict, or a list of pairs, to load one tensor into several variables)
    maps a checkpoint name to what it initializes: `'old/': 'new/'` (every variable under
    `new/` from the same name under `old/`; `'/'` is the checkpoint's root), `'old/v': 'new/w'`,
    `'old/v': variable`, or `'old/v': [shards]` of a partitioned variable. ValueError where a
    name or shape does not match, as in TF."""
    ckpt_file = _checkpoint_prefix(os.fspath(ckpt_dir_or_file))
    saved = NewCheckpointReader(ckpt_file).get_variable_to_shape_map()
    pairs = assignment_map.items() if isinstance(assignment_map, cabc.Mapping) \
        else assignment_map
    store = _variable_store().vars
    for tensor_name, target in sorted(pairs, key=lambda pair: pair[0]):
        if _is_variable(target) or (isinstance(target, list) and
                                    all(_is_variable(v) for v in target)):
            var = target
        else:
            var = store.get(target)
            if var is None:
                var = _shards_of(target, store)
        if var is not None:
            if tensor_name not in saved:
                raise ValueError(f"Tensor {tensor_name} is not found in {ckpt_dir_or_file} "
                                 f"checkpoint {saved}")
            if _is_variable(var) and not var.get_shape().is_compatible_with(saved[tensor_name]):
                raise ValueError(f"Shape of variable {var.name} ({var.get_shape()}) doesn't "
                                 f"match with shape of tensor {tensor_name} "
                                 f"({saved[tensor_name]}) from checkpoint reader.")
            _set_initializers(var, ckpt_file, tensor_name)
            continue
        scope = target[:target.rindex("/")] if "/" in target else ""
        if not tensor_name.endswith("/"):
            raise ValueError(f"Assignment map with scope only name {scope} should map to scope "
                             f"only {tensor_name}. Should be 'scope/': 'other_scope/'.")
        in_scope = {name[:name.index("/part_")] if "/part_" in name else name
                    for name in store if not scope or name.startswith(scope + "/")}
        for name in sorted(in_scope):
            full = name[len(scope):]
            if target != "/":
                full = full[1:]
            if tensor_name != "/":
                full = tensor_name + full
            full = full.removesuffix("/")
            if full not in saved:
                raise ValueError(f"Tensor {full} ({name[len(scope) + 1:]} in {tensor_name}) is "
                                 f"not found in {ckpt_dir_or_file} checkpoint")
            found = store.get(name)
            _set_initializers(found if found is not None else _shards_of(name, store),
                              ckpt_file, full)


def _is_variable(x: Any) -> bool:
    return isinstance(x, state_ops.Variable)


def _shards_of(name: Any, store: dict) -> list | None:
    """The shards `name/part_0`, `name/part_1`, ... of a partitioned variable, or None."""
    shards = []
    while isinstance(name, str) and f"{name}/part_{len(shards)}" in store:
        shards.append(store[f"{name}/part_{len(shards)}"])
    return shards or None


def _set_initializers(var: Any, ckpt_file: str, tensor_name: str) -> None:
    if not isinstance(var, (list, tuple)):
        _set_initializer(var, ckpt_file, tensor_name, "")
        return
    whole = None
    for shard in var:
        info = shard._save_slice_info
        if whole is None:
            whole = info.full_name
        elif whole != info.full_name:
            raise ValueError(f"Slices must all be from the same tensor: {whole} != "
                             f"{info.full_name}")
        _set_initializer(shard, ckpt_file, tensor_name, info.spec)


def _set_initializer(var: state_ops.Variable, ckpt_file: str, tensor_name: str,
                     spec: str) -> None:
    """`var`'s initializer becomes an Assign of the checkpoint's `tensor_name` (its `spec`
    slice), read on the CPU."""
    g = get_default_graph()
    with g.device(var.device), g.device("/cpu:0"):
        restored = restore_v2(ckpt_file, [tensor_name], [spec], [var.dtype.base_dtype],
                              name="checkpoint_initializer")[0]
    init = state_ops.assign(var, restored, validate_shape=var.get_shape().is_fully_defined())
    var._initializer_op = init
    restored.set_shape(var.get_shape())
    var._initial_value = restored
    _log.debug("Initialize variable %s from checkpoint %s with %s", var.name, ckpt_file,
               tensor_name)
