"""`tf.contrib.framework`'s variable helpers (mirrors contrib/framework/python/ops/variables.py
of TF 1.15): model and plain variables usable under `arg_scope`, lookups of variables by scope,
name or suffix, the lists fine-tuning scripts give a Saver, and assignment from values or
checkpoints."""
from __future__ import annotations

import re
from typing import Any, Callable

from ... import logging
from ...framework import dtypes as _dtypes
from ...framework.graph import GraphKeys, get_collection, device as _device
from ...ops import array as array_ops
from ...ops import control_flow as control_flow_ops
from ...ops import variable_scope as vs
from ...ops.state import Variable
from ...train.saver import NewCheckpointReader, Saver
from .arg_scope import add_arg_scope

__all__ = ["variable", "model_variable", "local_variable", "global_variable", "get_variables",
           "get_model_variables", "get_local_variables", "get_trainable_variables",
           "get_variables_to_restore", "get_variables_by_suffix", "get_variables_by_name",
           "get_unique_variable", "get_variable_full_name", "filter_variables",
           "assign_from_values", "assign_from_values_fn", "assign_from_checkpoint",
           "assign_from_checkpoint_fn"]


@add_arg_scope
def variable(name: str, shape: Any = None, dtype: Any = None, initializer: Any = None,
             regularizer: Callable | None = None, trainable: bool = True, collections: Any = None,
             caching_device: Any = None, device: Any = None, partitioner: Callable | None = None,
             custom_getter: Callable | None = None, use_resource: bool | None = None) -> Variable:
    """`get_variable` in `collections` (default: the global ones), on `device` if given."""
    collections = list(dict.fromkeys(collections or [GraphKeys.GLOBAL_VARIABLES]))
    getter = vs.get_variable
    if custom_getter is not None:
        def getter(name: str, **kwargs: Any) -> Variable:
            return custom_getter(vs.get_variable, name, **kwargs)
    with _device(device or ""):
        return getter(name, shape=shape, dtype=dtype, initializer=initializer,
                      regularizer=regularizer, trainable=trainable, collections=collections,
                      caching_device=caching_device, partitioner=partitioner,
                      use_resource=use_resource)


@add_arg_scope
def model_variable(name: str, shape: Any = None, dtype: Any = _dtypes.float32,
                   initializer: Any = None, regularizer: Callable | None = None,
                   trainable: bool = True, collections: Any = None, caching_device: Any = None,
                   device: Any = None, partitioner: Callable | None = None,
                   custom_getter: Callable | None = None,
                   use_resource: bool | None = None) -> Variable:
    """A `variable` also in `GraphKeys.MODEL_VARIABLES` (what contrib's layers create)."""
    collections = list(collections or []) + [GraphKeys.GLOBAL_VARIABLES,
                                             GraphKeys.MODEL_VARIABLES]
    return variable(name, shape=shape, dtype=dtype, initializer=initializer,
                    regularizer=regularizer, trainable=trainable, collections=collections,
                    caching_device=caching_device, device=device, partitioner=partitioner,
                    custom_getter=custom_getter, use_resource=use_resource)


def local_variable(initial_value: Any, validate_shape: bool = True, name: str | None = None,
                   use_resource: bool | None = None) -> Variable:
    """A non-trainable `tf.Variable` in `LOCAL_VARIABLES` only."""
    return Variable(initial_value, trainable=False, collections=[GraphKeys.LOCAL_VARIABLES],
                    validate_shape=validate_shape, name=name)


def global_variable(initial_value: Any, validate_shape: bool = True, name: str | None = None,
                    use_resource: bool | None = None) -> Variable:
    """A non-trainable `tf.Variable` in `GLOBAL_VARIABLES` only."""
    return Variable(initial_value, trainable=False, collections=[GraphKeys.GLOBAL_VARIABLES],
                    validate_shape=validate_shape, name=name)


def get_variables(scope: Any = None, suffix: str | None = None,
                  collection: str = GraphKeys.GLOBAL_VARIABLES) -> list:
    """The variables of `collection` whose names match `scope` (a prefix regex or a
    VariableScope) and, with `suffix`, end their op name with it."""
    if isinstance(scope, vs.VariableScope):
        scope = scope.name
    if suffix is not None:
        if ":" not in suffix:
            suffix += ":"
        scope = (scope or "") + ".*" + suffix
    return get_collection(collection, scope)


def get_model_variables(scope: Any = None, suffix: str | None = None) -> list:
    return get_variables(scope, suffix, GraphKeys.MODEL_VARIABLES)


def get_local_variables(scope: Any = None, suffix: str | None = None) -> list:
    return get_variables(scope, suffix, GraphKeys.LOCAL_VARIABLES)


def get_trainable_variables(scope: Any = None, suffix: str | None = None) -> list:
    return get_variables(scope, suffix, GraphKeys.TRAINABLE_VARIABLES)


def get_variables_to_restore(include: list | None = None, exclude: list | None = None) -> list:
    """The global variables under the `include` scopes (all when None), less those under the
    `exclude` scopes."""
    if include is None:
        included = get_variables()
    else:
        if not isinstance(include, (list, tuple)):
            raise TypeError("include is provided but is not a list or a tuple.")
        included = [v for scope in include for v in get_variables(scope)]
    excluded: set = set()
    if exclude is not None:
        if not isinstance(exclude, (list, tuple)):
            raise TypeError("exclude is provided but is not a list or a tuple.")
        for scope in exclude:
            excluded.update(get_variables(scope))
    return [v for v in included if v not in excluded]


def get_variables_by_suffix(suffix: str, scope: Any = None) -> list:
    return get_variables(scope=scope, suffix=suffix)


def get_variables_by_name(given_name: str, scope: Any = None) -> list:
    """The variables whose last name component is `given_name`."""
    return get_variables(scope=scope, suffix=f"/{given_name}:|^{given_name}:")


def get_unique_variable(var_op_name: str) -> Variable:
    """The variable whose op is named exactly `var_op_name`."""
    candidates = get_variables(scope=var_op_name)
    if not candidates:
        raise ValueError(f"Couldn't find variable {var_op_name}")
    for candidate in candidates:
        if candidate.op.name == var_op_name:
            return candidate
    raise ValueError(f"Variable {var_op_name} does not uniquely identify a variable")


def get_variable_full_name(var: Variable) -> str:
    """The name `var` is saved under: its partitioned parent's, else its op's."""
    info = getattr(var, "_save_slice_info", None)
    return info.full_name if info else var.op.name


def filter_variables(var_list: list, include_patterns: list | None = None,
                     exclude_patterns: list | None = None, reg_search: bool = True) -> list:
    """`var_list` kept by name: matching any include pattern (all when None), then not
    matching any exclude pattern (`re.search`, or `re.match` without `reg_search`)."""
    find = re.search if reg_search else re.match
    kept = [v for v in var_list
            if include_patterns is None or any(find(p, v.name) for p in include_patterns)]
    return [v for v in kept
            if exclude_patterns is None or not any(find(p, v.name) for p in exclude_patterns)]


def _placeholder_assign(var: Variable) -> tuple:
    """An assign of `var` from a new placeholder `placeholder/<var op name>`."""
    placeholder = array_ops.placeholder(var.dtype.base_dtype, shape=var.get_shape(),
                                        name="placeholder/" + var.op.name)
    return var.assign(placeholder), placeholder


def assign_from_values(var_names_to_values: dict) -> tuple:
    """`(assign_op, feed_dict)` setting each named global variable to its numpy value."""
    feed_dict, assign_ops = {}, []
    for var_name, value in var_names_to_values.items():
        found = get_collection(GraphKeys.GLOBAL_VARIABLES, var_name)
        if not found:
            raise ValueError(f"Variable {var_name} wasn't found")
        if len(found) > 1:
            exact = [v for v in found if v.op.name == var_name]
            if not exact:
                raise ValueError(f"Variable {var_name} doesn't uniquely identify a variable")
            found = exact
        var = found[0]
        op, placeholder = _placeholder_assign(var)
        assign_ops.append(op)
        feed_dict[placeholder] = value.reshape(var.get_shape().as_list())
    return control_flow_ops.group(*assign_ops), feed_dict


def assign_from_values_fn(var_names_to_values: dict) -> Callable:
    """A `callback(session)` running `assign_from_values`."""
    assign_op, feed_dict = assign_from_values(var_names_to_values)
    return lambda session: session.run(assign_op, feed_dict)


def assign_from_checkpoint(model_path: str, var_list: Any,
                           ignore_missing_vars: bool = False) -> tuple:
    """`(assign_op, feed_dict)` loading `var_list` (variables, or a dict from checkpoint names
    to a variable or a list of them) from the checkpoint at `model_path`."""
    grouped: dict[str, list] = {}
    if isinstance(var_list, (tuple, list)):
        for var in var_list:
            grouped.setdefault(get_variable_full_name(var), []).append(var)
    else:
        for name, value in var_list.items():
            grouped[name] = list(value) if isinstance(value, (tuple, list)) else [value]
    reader = NewCheckpointReader(model_path)
    feed_dict, assign_ops = {}, []
    for name, variables in grouped.items():
        if not reader.has_tensor(name):
            message = f"Checkpoint is missing variable [{name}]"
            if not ignore_missing_vars:
                raise ValueError(message)
            logging.warning(message)
            continue
        value = reader.get_tensor(name)
        for var in variables:
            op, placeholder = _placeholder_assign(var)
            assign_ops.append(op)
            if var.get_shape().as_list() != list(value.shape):
                raise ValueError(f"Total size of new array must be unchanged for {name} "
                                 f"lh_shape: [{value.shape}], rh_shape: [{var.get_shape()}]")
            feed_dict[placeholder] = value
    return control_flow_ops.group(*assign_ops), feed_dict


def assign_from_checkpoint_fn(model_path: str, var_list: Any, ignore_missing_vars: bool = False,
                              reshape_variables: bool = False) -> Callable | None:
    """A `callback(session)` restoring `var_list` from `model_path` with a Saver; with
    `ignore_missing_vars`, variables the checkpoint lacks are left out (None if none is left)."""
    if not var_list:
        raise ValueError("var_list cannot be empty")
    if ignore_missing_vars:
        reader = NewCheckpointReader(model_path)
        named = var_list if isinstance(var_list, dict) else {v.op.name: v for v in var_list}
        var_list = {}
        for name, var in named.items():
            if reader.has_tensor(name):
                var_list[name] = var
            else:
                logging.warning("Variable %s missing in checkpoint %s", name, model_path)
    if not var_list:
        logging.warning("No Variables to restore")
        return None
    saver = Saver(var_list, reshape=reshape_variables)
    return lambda session: saver.restore(session, model_path)
