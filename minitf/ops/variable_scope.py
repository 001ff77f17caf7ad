"""`tf.variable_scope` and `tf.get_variable`: variables named and shared by variable scope, apart
from name scopes (mirrors variable_scope.py of TF 1.15).

Each graph keeps two stores (`Graph.state`): the variable store (full name -> Variable, for
`get_variable`) and the scope store (the current VariableScope and how many times each scope
name was opened, for `default_name` uniquification).
"""
from __future__ import annotations

import contextlib
import enum
import functools
import inspect
import os
import sys
import traceback
from typing import Any, Callable

from ..framework import dtypes as _dtypes
from ..framework.convert import convert_to_tensor
from ..framework.graph import (GraphKeys, Tensor, get_collection, get_default_graph,
                               graph_from_inputs, name_scope)
from ..framework.tensor_shape import as_shape
from . import init as _init
from . import partitioned_variables as partitioned
from .state import Variable, VariableAggregation, VariableSynchronization, init_scope

__all__ = ["AUTO_REUSE", "VariableScope", "variable_scope", "get_variable_scope",
           "get_variable", "get_local_variable", "no_regularizer"]

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class _ReuseMode(enum.Enum):
    """`reuse=tf.AUTO_REUSE`: get_variable creates a variable if missing, else returns it."""
    AUTO_REUSE = 1


AUTO_REUSE = _ReuseMode.AUTO_REUSE


def no_regularizer(_: Any) -> None:
    """A regularizer that adds no loss (turns a scope's regularizer off for one variable)."""
    return None


def _user_frames(limit: int = 5) -> list[traceback.FrameSummary]:
    """The innermost `limit` frames of the caller's stack outside minitf (newest first), whose
    source lines are read only if an error message needs them."""
    frames = []
    f = sys._getframe(1)
    while f is not None and len(frames) < limit:
        code = f.f_code
        if not code.co_filename.startswith(_PACKAGE_DIR):
            frames.append(traceback.FrameSummary(code.co_filename, f.f_lineno, code.co_name,
                                                 lookup_line=False))
        f = f.f_back
    return frames


def _accepts(fn: Callable, arg: str) -> bool:
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == arg or p.kind is p.VAR_KEYWORD for p in params)


def _needs_no_arguments(fn: Callable) -> bool:
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
               for p in params)


# --------------------------------------------------------------------------------------------
# The variable store

class _VariableStore:
    """The variables `get_variable` created in one graph, by full name."""

    def __init__(self):
        self.vars: dict[str, Variable] = {}
        self.partitioned: dict[str, partitioned.PartitionedVariable] = {}
        self._origins: dict[str, list] = {}

    def get_variable(self, name: str, shape: Any = None, dtype: Any = _dtypes.float32,
                     initializer: Any = None, regularizer: Callable | None = None,
                     reuse: Any = None, trainable: bool | None = None, collections: Any = None,
                     caching_device: Any = None, partitioner: Callable | None = None,
                     validate_shape: bool = True, use_resource: bool | None = None,
                     custom_getter: Callable | None = None, constraint: Callable | None = None,
                     synchronization: VariableSynchronization = VariableSynchronization.AUTO,
                     aggregation: VariableAggregation = VariableAggregation.NONE) -> Variable:
        """The existing variable `name` or a new one, by the reuse rules; a custom getter, if
        any, is called instead and given the real getter as `getter`."""
        if custom_getter is not None and not callable(custom_getter):
            raise ValueError(f"Passed a custom_getter which is not callable: {custom_getter}")
        dtype = getattr(dtype, "base_dtype", dtype)
        if synchronization is None:
            synchronization = VariableSynchronization.AUTO
        if trainable is None:
            trainable = synchronization != VariableSynchronization.ON_READ

        def true_getter(name, shape=None, dtype=_dtypes.float32, initializer=None,
                        regularizer=None, reuse=None, trainable=None, collections=None,
                        caching_device=None, partitioner=None, validate_shape=True,
                        use_resource=None, constraint=None,
                        synchronization=VariableSynchronization.AUTO,
                        aggregation=VariableAggregation.NONE):
            single = functools.partial(
                self._get_single_variable, regularizer=regularizer, reuse=reuse,
                trainable=trainable, collections=collections, caching_device=caching_device,
                validate_shape=validate_shape, constraint=constraint,
                synchronization=synchronization, aggregation=aggregation)
            scalar = isinstance(shape, (list, tuple)) and not shape
            if partitioner is not None and not scalar:
                if not callable(partitioner):
                    raise ValueError(f"Partitioner must be callable, but received: "
                                     f"{partitioner}")
                with name_scope(None):
                    return self._get_partitioned_variable(name, partitioner, shape, dtype,
                                                          initializer, reuse, single)
            if reuse is True and partitioner is None and name in self.partitioned:
                return self._get_partitioned_variable(name, None, shape, dtype, initializer,
                                                      reuse, single)
            if f"{name}/part_0" in self.vars:
                raise ValueError(f"No partitioner was provided, but a partitioned version of "
                                 f"the variable was found: {name}/part_0. Perhaps a variable "
                                 f"of the same name was already created with partitioning?")
            return single(name, shape, dtype, initializer)

        kwargs = dict(name=name, shape=shape, dtype=dtype, initializer=initializer,
                      regularizer=regularizer, reuse=reuse, trainable=trainable,
                      collections=collections, caching_device=caching_device,
                      partitioner=partitioner, validate_shape=validate_shape,
                      use_resource=use_resource, synchronization=synchronization,
                      aggregation=aggregation)
        if custom_getter is None:
            return true_getter(constraint=constraint, **kwargs)
        if _accepts(custom_getter, "constraint"):
            kwargs["constraint"] = constraint
        return custom_getter(getter=true_getter, **kwargs)

    def _get_partitioned_variable(self, name: str, partitioner: Callable | None, shape: Any,
                                  dtype: Any, initializer: Any, reuse: Any,
                                  single: Callable) -> partitioned.PartitionedVariable:
        """The partitioned variable `name`, by TF's reuse rules; its shards come from
        `single(name, shape, dtype, initializer, partition_info)`."""
        if name in self.vars:
            raise ValueError(f"A partitioner was provided, but an unpartitioned version of the "
                             f"variable was found: {name}.  Perhaps a variable of the same name "
                             f"was already created without partitioning?")
        dtype = _dtypes.as_dtype(dtype)
        shape = as_shape(shape)
        if isinstance(initializer, Tensor):
            shape = shape.merge_with(initializer.shape)
        partitions = None
        if not reuse or partitioner:
            partitions = partitioned.call_partitioner(partitioner, shape, dtype)
        if name in self.partitioned:
            if reuse is False:
                raise ValueError(f"Partitioned variable with name {name} already exists. Did "
                                 f"you mean to set reuse=True or reuse=tf.AUTO_REUSE in "
                                 f"VarScope?")
            found = self.partitioned[name]
            if not shape.is_compatible_with(found.get_shape()):
                raise ValueError(f"Trying to reuse partitioned variable {name}, but specified "
                                 f"shape {shape} and found shape {found.get_shape()}.")
            if not dtype.is_compatible_with(found.dtype):
                raise ValueError(f"Trying to reuse partitioned variable {name}, but specified "
                                 f"dtype {dtype.name} and found dtype {found.dtype.name}.")
            if partitions is not None and found._get_partitions() != partitions:
                raise ValueError(f"Trying to reuse partitioned variable {name}, but specified "
                                 f"partitions {partitions} and found partitions "
                                 f"{found._get_partitions()}.")
            return found
        if reuse is True:
            raise ValueError(f"PartitionedVariable {name} does not exist, or was not created "
                             f"with tf.get_variable(). Did you mean to set reuse=False or "
                             f"reuse=tf.AUTO_REUSE in VarScope?")
        count = max(partitions)
        if f"{name}/part_0" in self.vars:
            if f"{name}/part_{count - 1}" not in self.vars:
                raise ValueError(f"Partitioner returned a different partitioning than what was "
                                 f"already found.  Partitioner returned {count} shards, and "
                                 f"shard {name}/part_0 was found, but {name}/part_{count - 1} "
                                 f"was not.")
            if f"{name}/part_{count}" in self.vars:
                raise ValueError(f"Partitioner returned a different partitioning than what was "
                                 f"already found.  Partitioner returned {count} shards, and "
                                 f"shard {name}/part_0 was found, but so was the extra shard "
                                 f"{name}/part_{count}.")
        shards = partitioned.make_shards(
            single, name, shape, dtype, initializer, partitions,
            lambda: self._default_initializer(name, dtype))
        found = self.partitioned[name] = partitioned.PartitionedVariable(
            name=name, shape=shape, dtype=dtype, variable_list=shards, partitions=partitions)
        return found

    def _get_single_variable(self, name, shape, dtype, initializer, partition_info=None, *,
                             regularizer, reuse, trainable, collections, caching_device,
                             validate_shape, constraint, synchronization,
                             aggregation) -> Variable:
        from_value = initializer is not None and not callable(initializer)
        if shape is not None and from_value:
            raise ValueError("If initializer is a constant, do not specify shape.")
        dtype = _dtypes.as_dtype(dtype)
        shape = as_shape(shape)
        if name in self.vars:
            found = self.vars[name]
            if reuse is False:
                tb = "".join(traceback.format_list(self._origins.get(name, [])))
                raise ValueError(f"Variable {name} already exists, disallowed. Did you mean to "
                                 f"set reuse=True or reuse=tf.AUTO_REUSE in VarScope? Originally "
                                 f"defined at:\n\n{tb}")
            if not shape.is_compatible_with(found.get_shape()):
                raise ValueError(f"Trying to share variable {name}, but specified shape {shape} "
                                 f"and found shape {found.get_shape()}.")
            if not dtype.is_compatible_with(found.dtype):
                raise ValueError(f"Trying to share variable {name}, but specified dtype "
                                 f"{dtype.name} and found dtype {found.dtype.name}.")
            return found
        if reuse is True:
            raise ValueError(f"Variable {name} does not exist, or was not created with "
                             f"tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in "
                             f"VarScope?")
        if initializer is None:
            initializer = self._default_initializer(name, dtype)
        g = get_default_graph()
        with init_scope(g):
            if from_value:
                init_val, var_dtype = initializer, None
            else:
                if inspect.isclass(initializer):
                    initializer = initializer()
                if shape.is_fully_defined():
                    call_kwargs = {"dtype": dtype}
                    if _accepts(initializer, "partition_info"):
                        call_kwargs["partition_info"] = partition_info
                    init_val = functools.partial(initializer, shape.as_list(), **call_kwargs)
                    var_dtype = dtype.base_dtype
                elif _needs_no_arguments(initializer):
                    init_val, var_dtype = initializer, None
                else:
                    raise ValueError("The initializer passed is not valid. It should be a "
                                     "callable with no arguments and the shape should not be "
                                     "provided or an instance of `tf.keras.initializers.*' and "
                                     "`shape` should be fully defined.")
        v = Variable(initial_value=init_val, name=name, trainable=trainable,
                     collections=collections, caching_device=caching_device, dtype=var_dtype,
                     validate_shape=validate_shape, constraint=constraint,
                     synchronization=synchronization, aggregation=aggregation)
        self.vars[name] = v
        self._origins[name] = _user_frames()
        if regularizer:
            with g.name_scope(name + "/Regularizer/"), init_scope(g):
                loss = regularizer(v)
            if loss is not None:
                g.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)
        return v

    @staticmethod
    def _default_initializer(name: str, dtype: _dtypes.DType) -> Any:
        """Glorot uniform for floats, zeros for integers, bools and strings."""
        if dtype.is_floating:
            return _init.GlorotUniform()
        if dtype.is_integer or dtype.is_bool or dtype == _dtypes.string:
            return _init.Zeros()
        raise ValueError(f"An initializer for variable {name} of {dtype.base_dtype} is required")


def _variable_store() -> _VariableStore:
    return get_default_graph().state("variable_store", _VariableStore)


# --------------------------------------------------------------------------------------------
# VariableScope

class VariableScope:
    """A variable scope: its name (the prefix of `get_variable` names), the name scope it first
    opened, its reuse mode and the defaults it gives `get_variable` (initializer, dtype, ...)."""

    def __init__(self, reuse: Any, name: str = "", initializer: Any = None,
                 regularizer: Callable | None = None, caching_device: Any = None,
                 partitioner: Callable | None = None, custom_getter: Callable | None = None,
                 name_scope: str = "", dtype: Any = _dtypes.float32,
                 use_resource: bool | None = None, constraint: Callable | None = None):
        self._name = name
        self._reuse = reuse
        self._initializer = initializer
        self._regularizer = regularizer
        self._caching_device = caching_device
        self._partitioner = partitioner
        self._custom_getter = custom_getter
        self._name_scope = name_scope
        self._dtype = _dtypes.as_dtype(dtype)
        self._use_resource = use_resource
        self._constraint = constraint

    @property
    def name(self) -> str:
        return self._name

    @property
    def original_name_scope(self) -> str:
        return self._name_scope

    @property
    def reuse(self) -> Any:
        return self._reuse

    @property
    def initializer(self) -> Any:
        return self._initializer

    @property
    def dtype(self) -> _dtypes.DType:
        return self._dtype

    @property
    def use_resource(self) -> bool | None:
        return self._use_resource

    @property
    def regularizer(self) -> Callable | None:
        return self._regularizer

    @property
    def caching_device(self) -> Any:
        return self._caching_device

    @property
    def partitioner(self) -> Callable | None:
        return self._partitioner

    @property
    def custom_getter(self) -> Callable | None:
        return self._custom_getter

    @property
    def constraint(self) -> Callable | None:
        return self._constraint

    def reuse_variables(self) -> None:
        """Reuse variables in this scope from now on (until the `with` block ends)."""
        self._reuse = True

    def set_initializer(self, initializer: Any) -> None:
        self._initializer = initializer

    def set_dtype(self, dtype: Any) -> None:
        self._dtype = _dtypes.as_dtype(dtype)

    def set_use_resource(self, use_resource: bool | None) -> None:
        self._use_resource = use_resource

    def set_regularizer(self, regularizer: Callable | None) -> None:
        self._regularizer = regularizer

    def set_caching_device(self, caching_device: Any) -> None:
        self._caching_device = caching_device

    def set_partitioner(self, partitioner: Callable | None) -> None:
        self._partitioner = partitioner

    def set_custom_getter(self, custom_getter: Callable | None) -> None:
        self._custom_getter = custom_getter

    def get_collection(self, name: str) -> list:
        """The items of collection `name` whose names start with this scope's name."""
        return get_collection(name, self._name + "/" if self._name else "")

    def trainable_variables(self) -> list:
        return self.get_collection(GraphKeys.TRAINABLE_VARIABLES)

    def global_variables(self) -> list:
        return self.get_collection(GraphKeys.GLOBAL_VARIABLES)

    def local_variables(self) -> list:
        return self.get_collection(GraphKeys.LOCAL_VARIABLES)

    def get_variable(self, var_store: _VariableStore, name: str, shape: Any = None,
                     dtype: Any = None, initializer: Any = None,
                     regularizer: Callable | None = None, reuse: Any = None,
                     trainable: bool | None = None, collections: Any = None,
                     caching_device: Any = None, partitioner: Callable | None = None,
                     validate_shape: bool = True, use_resource: bool | None = None,
                     custom_getter: Callable | None = None, constraint: Callable | None = None,
                     synchronization: VariableSynchronization = VariableSynchronization.AUTO,
                     aggregation: VariableAggregation = VariableAggregation.NONE) -> Variable:
        """`name` under this scope from `var_store`, with this scope's defaults for what the
        call leaves unset. Variables are named from the root name scope."""
        if regularizer is None:
            regularizer = self._regularizer
        if caching_device is None:
            caching_device = self._caching_device
        if partitioner is None:
            partitioner = self._partitioner
        if custom_getter is None:
            custom_getter = self._custom_getter
        if reuse is None:
            reuse = self._reuse
        if use_resource is None:
            use_resource = self._use_resource
        full_name = f"{self._name}/{name}" if self._name else name
        g = get_default_graph()
        with g.name_scope(None):
            if dtype is not None and initializer is not None and not callable(initializer):
                init_dtype = convert_to_tensor(initializer).dtype.base_dtype
                if init_dtype != dtype:
                    raise ValueError(f"Initializer type '{init_dtype}' and explicit dtype "
                                     f"'{_dtypes.as_dtype(dtype)}' don't match.")
            if initializer is None:
                initializer = self._initializer
            if constraint is None:
                constraint = self._constraint
            if dtype is None:
                dtype = self._dtype
            return var_store.get_variable(
                full_name, shape=shape, dtype=dtype, initializer=initializer,
                regularizer=regularizer, reuse=reuse, trainable=trainable,
                collections=collections, caching_device=caching_device,
                partitioner=partitioner, validate_shape=validate_shape,
                use_resource=use_resource, custom_getter=custom_getter, constraint=constraint,
                synchronization=synchronization, aggregation=aggregation)


class _ScopeStore:
    """A graph's current VariableScope and the number of times each scope name was opened."""

    def __init__(self):
        self.current = VariableScope(False)
        self.counts: dict[str, int] = {}

    def open(self, name: str) -> None:
        self.counts[name] = self.counts.get(name, 0) + 1

    def close_subscopes(self, name: str) -> None:
        """Forgets the sub-scopes of `name`: re-entering it numbers them afresh."""
        prefix = name + "/"
        for key in self.counts:
            if key.startswith(prefix):
                self.counts[key] = 0


def _scope_store(graph: Any) -> _ScopeStore:
    return graph.state("variable_scope_store", _ScopeStore)


def get_variable_scope() -> VariableScope:
    """`tf.get_variable_scope`: the current variable scope of the default graph."""
    return _scope_store(get_default_graph()).current


def get_variable(name: str, shape: Any = None, dtype: Any = None, initializer: Any = None,
                 regularizer: Callable | None = None, trainable: bool | None = None,
                 collections: Any = None, caching_device: Any = None,
                 partitioner: Callable | None = None, validate_shape: bool = True,
                 use_resource: bool | None = None, custom_getter: Callable | None = None,
                 constraint: Callable | None = None,
                 synchronization: VariableSynchronization = VariableSynchronization.AUTO,
                 aggregation: VariableAggregation = VariableAggregation.NONE) -> Variable:
    """`tf.get_variable`: the variable `<scope>/<name>`, created or reused by the current
    variable scope's reuse mode. Floats default to a glorot uniform initializer, integers,
    bools and strings to zeros; an initializer that is a value (or tensor) gives the shape."""
    return get_variable_scope().get_variable(
        _variable_store(), name, shape=shape, dtype=dtype, initializer=initializer,
        regularizer=regularizer, trainable=trainable, collections=collections,
        caching_device=caching_device, partitioner=partitioner, validate_shape=validate_shape,
        use_resource=use_resource, custom_getter=custom_getter, constraint=constraint,
        synchronization=synchronization, aggregation=aggregation)


def get_local_variable(name: str, shape: Any = None, dtype: Any = None, initializer: Any = None,
                       regularizer: Callable | None = None, trainable: bool = False,
                       collections: Any = None, caching_device: Any = None,
                       partitioner: Callable | None = None, validate_shape: bool = True,
                       use_resource: bool | None = None, custom_getter: Callable | None = None,
                       constraint: Callable | None = None,
                       synchronization: VariableSynchronization = VariableSynchronization.AUTO,
                       aggregation: VariableAggregation = VariableAggregation.NONE) -> Variable:
    """`tf.get_local_variable`: as get_variable, but non-trainable and in LOCAL_VARIABLES."""
    collections = list(collections or []) + [GraphKeys.LOCAL_VARIABLES]
    return get_variable(name, shape=shape, dtype=dtype, initializer=initializer,
                        regularizer=regularizer, trainable=False, collections=collections,
                        caching_device=caching_device, partitioner=partitioner,
                        validate_shape=validate_shape, use_resource=use_resource,
                        custom_getter=custom_getter, constraint=constraint,
                        synchronization=synchronization, aggregation=aggregation)


def _wrap_custom_getter(custom_getter: Callable, old_getter: Callable | None) -> Callable:
    """A scope's custom getter nested in its parent's: the new one calls the old one, which
    calls the real getter."""
    if old_getter is None:
        return custom_getter

    def wrapped(getter, *args, **kwargs):
        return custom_getter(functools.partial(old_getter, getter), *args, **kwargs)
    return wrapped


# --------------------------------------------------------------------------------------------
# variable_scope

class variable_scope:  # noqa: N801 - TF's name
    """`tf.variable_scope`: opens a variable scope (naming `get_variable`s) and a name scope
    (naming ops).

    By name: the variable scope is `<current>/<name>` and the name scope `<name>` uniquified
    (`foo`, then `foo_1`). By VariableScope object: that scope again, under a new name scope
    named after its last component. With `name_or_scope=None`, `default_name` is uniquified
    among variable scopes (`blk`, `blk_1`, ...). reuse=None/False inherit the parent's mode;
    True and AUTO_REUSE apply to the scope and its sub-scopes.
    """

    def __init__(self, name_or_scope: Any, default_name: str | None = None, values: Any = None,
                 initializer: Any = None, regularizer: Callable | None = None,
                 caching_device: Any = None, partitioner: Callable | None = None,
                 custom_getter: Callable | None = None, reuse: Any = None, dtype: Any = None,
                 use_resource: bool | None = None, constraint: Callable | None = None,
                 auxiliary_name_scope: bool = True):
        if default_name is None and name_or_scope is None:
            raise TypeError("If default_name is None then name_or_scope is required")
        if reuse is False:
            reuse = None  # False means "inherit", as None does
        if not (reuse is True or reuse is None or reuse is AUTO_REUSE):
            raise ValueError("The reuse parameter must be True or False or None.")
        if not isinstance(auxiliary_name_scope, bool):
            raise TypeError(f"The auxiliary_name_scope must be `True` or `False`, while get "
                            f"{auxiliary_name_scope}")
        self._name_or_scope = name_or_scope
        self._default_name = default_name
        self._reuse = reuse
        self._defaults = {"initializer": initializer, "regularizer": regularizer,
                          "caching_device": caching_device, "partitioner": partitioner,
                          "dtype": dtype, "use_resource": use_resource,
                          "constraint": constraint}
        self._custom_getter = custom_getter
        self._auxiliary_name_scope = auxiliary_name_scope
        self._graph = graph_from_inputs(values) if values else get_default_graph()
        self._exits: list[contextlib.ExitStack] = []

    def __enter__(self) -> VariableScope:
        stack = contextlib.ExitStack()
        try:
            stack.enter_context(self._graph.as_default())
            scope = self._enter(stack)
        except BaseException:
            stack.close()
            raise
        self._exits.append(stack)
        return scope

    def __exit__(self, *exc_info: Any) -> None:
        self._exits.pop().close()

    def _enter(self, stack: contextlib.ExitStack) -> VariableScope:
        g = self._graph
        if self._auxiliary_name_scope:
            reenter = None
        else:
            current = g.get_name_scope()
            reenter = current + "/" if current else ""
        target = self._name_or_scope
        if target is not None:
            if not isinstance(target, (VariableScope, str)):
                raise TypeError("VariableScope: name_or_scope must be a string or "
                                "VariableScope.")
            is_scope = isinstance(target, VariableScope)
            base = target.name.split("/")[-1] if is_scope else target
            if base or reenter is not None:
                opened = stack.enter_context(g.name_scope(base if reenter is None else reenter))
                old_name_scope = target.original_name_scope if is_scope else opened
            else:  # the root scope object: no name scope of its own
                old_name_scope = None
            return self._open(stack, target, old_name_scope)
        if self._reuse:
            raise ValueError("reuse=True cannot be used without a name_or_scope")
        opened = stack.enter_context(
            g.name_scope(self._default_name if reenter is None else reenter))
        return self._open(stack, self._unique_name(self._default_name), opened)

    def _unique_name(self, prefix: str) -> str:
        """`prefix` if no variable scope of that full name was opened yet, else the first
        `prefix_<k>` never opened."""
        store = _scope_store(self._graph)
        current = store.current.name
        full = f"{current}/{prefix}" if current else prefix
        if not store.counts.get(full):
            return prefix
        k = 1
        while store.counts.get(f"{full}_{k}"):
            k += 1
        return f"{prefix}_{k}"

    def _open(self, stack: contextlib.ExitStack, target: Any,
              old_name_scope: str | None) -> VariableScope:
        """Makes the new VariableScope current until exit (TF's _pure_variable_scope)."""
        store = _scope_store(self._graph)
        old = store.current
        d = self._defaults
        if isinstance(target, VariableScope):
            name = target.name
            store.open(name)
            saved_counts = dict(store.counts)
            scope = VariableScope(
                self._reuse if self._reuse else target.reuse, name=name,
                initializer=target.initializer, regularizer=target.regularizer,
                caching_device=target.caching_device, partitioner=target.partitioner,
                custom_getter=target.custom_getter, name_scope=target.original_name_scope,
                dtype=target.dtype, use_resource=target.use_resource,
                constraint=target.constraint)
            getter_base = target.custom_getter

            def restore() -> None:
                store.counts = saved_counts
        else:
            name = f"{old.name}/{target}" if old.name else target
            scope = VariableScope(
                self._reuse or old.reuse, name=name, initializer=old.initializer,
                regularizer=old.regularizer, caching_device=old.caching_device,
                partitioner=old.partitioner, custom_getter=old.custom_getter,
                name_scope=target if old_name_scope is None else old_name_scope,
                dtype=old.dtype, use_resource=old.use_resource, constraint=old.constraint)
            getter_base = old.custom_getter
            store.open(name)

            def restore() -> None:
                store.close_subscopes(name)
        for key in ("initializer", "regularizer", "caching_device", "partitioner", "dtype",
                    "use_resource"):
            if d[key] is not None:
                getattr(scope, "set_" + key)(d[key])
        if d["constraint"] is not None:
            scope._constraint = d["constraint"]
        if self._custom_getter is not None:
            scope.set_custom_getter(_wrap_custom_getter(self._custom_getter, getter_base))
        store.current = scope

        def leave() -> None:
            restore()
            store.current = old
        stack.callback(leave)
        return scope
