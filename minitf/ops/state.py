"""Variables: the VariableV2, Assign, AssignAdd, AssignSub and IsVariableInitialized ops, the
`tf.Variable` class (TF1's ref variable) and the collection and initializer functions (mirrors
state_ops.py, variables.py and ref_variable.py of TF 1.15).

A variable's value lives in the running session's `resources.variables`, keyed by the name of
its VariableV2 op, so each session owns its values. Stored arrays are read-only: an assignment
stores a new array, and the optimizers' update ops (ops/training_ops.py) write in place through
a writable view; fetching a variable copies it, so a value fetched earlier never moves.
"""
from __future__ import annotations

import contextlib
import enum
from typing import Any, Callable, Iterator

from ..framework import dtypes as _dtypes
from ..framework import errors, registry
from ..framework.convert import (constant, convert_to_tensor, is_tensor,
                                 register_tensor_conversion_function)
from ..framework.graph import (Graph, GraphKeys, Operation, Tensor, get_default_graph,
                               get_default_session, graph_from_inputs, variable_op)
from ..framework.tensor_shape import TensorShape, as_shape, merge_checked, unknown_shape
from .array import _slice_helper, _strided_slice_indexer, identity
from .control_flow import group, no_op
from .common_shapes import NUMBER_TYPES, check_dtype_allowed, shape_str

__all__ = ["Variable", "VariableSynchronization", "VariableAggregation", "global_variables",
           "all_variables", "trainable_variables", "local_variables", "model_variables",
           "moving_average_variables", "global_variables_initializer", "initialize_all_variables",
           "variables_initializer", "initialize_variables", "local_variables_initializer",
           "initialize_local_variables", "report_uninitialized_variables",
           "is_variable_initialized", "assign", "assign_add", "assign_sub"]


# --------------------------------------------------------------------------------------------
# Shared helpers

def _frozen(value: Any) -> Any:
    """A stored numpy array as a read-only view of its own writable buffer (CuPy arrays have
    no such flag): fetches copy it, and update kernels write through the buffer (`_Writers`)
    without ever making the stored array writable, which a concurrent fetch could catch."""
    flags = getattr(value, "flags", None)
    if flags is not None and getattr(flags, "writeable", False):
        value = value.view()
        value.flags.writeable = False
    return value


def _over_own_buffer(stored: Any) -> bool:
    """Whether `stored` is a `_frozen` view of the whole of a writable array of its own."""
    base = getattr(stored, "base", None)
    return (base is not None and getattr(base, "flags", None) is not None
            and base.flags.writeable and base.flags.owndata and base.shape == stored.shape
            and base.dtype == stored.dtype)


def _uninitialized(name: str) -> errors.FailedPreconditionError:
    return errors.FailedPreconditionError(None, None,
                                          f"Attempting to use uninitialized value {name}")


# --------------------------------------------------------------------------------------------
# VariableV2

def _variable_infer(op: Operation):
    return [(op.get_attr("dtype")._as_ref, op.get_attr("shape"))]


def _variable_kernel(ctx: registry.KernelContext):
    variables = ctx.resources.variables
    name = ctx.op_name

    def variable():
        try:
            return variables[name]
        except KeyError:
            raise _uninitialized(name) from None
    return variable


registry.register("VariableV2", infer=_variable_infer, kernel=_variable_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, stateful=True,
                  read_late=True)


# --------------------------------------------------------------------------------------------
# Assign, AssignAdd, AssignSub

def _assign_infer(op: Operation):
    ref, value = op.inputs
    variable = variable_op(ref)
    if variable.type == "VariableV2":  # the kernel's check before the first assignment
        declared = variable.get_attr("shape")
        if declared.is_fully_defined():
            op._attrs["_ref_shape"] = tuple(declared.as_list())
    shape = value.shape
    if op.get_attr("validate_shape"):
        shape = merge_checked(ref.shape, value.shape)
    return [(ref.dtype._as_ref, shape)]


def _assign_kernel(ctx: registry.KernelContext):
    variables = ctx.resources.variables
    key = ctx.refs[0]
    declared = ctx.attrs.get("_ref_shape")
    validate = ctx.attrs["validate_shape"]

    def assign(value):
        if validate:
            old = variables.get(key)
            lhs = declared if old is None else tuple(old.shape)
            if lhs is not None and lhs != tuple(value.shape):
                raise errors.InvalidArgumentError(
                    None, None, f"Assign requires shapes of both tensors to match. lhs shape= "
                                f"{shape_str(lhs)} rhs shape= {shape_str(value.shape)}")
        stored = variables[key] = _frozen(value.copy())  # the producer may be a caller's array
        return stored
    return assign


def _update_infer(op: Operation):
    ref, value = op.inputs
    return [(ref.dtype._as_ref, merge_checked(ref.shape, value.shape))]


def _update_kernel(combine: Callable):
    def factory(ctx: registry.KernelContext):
        variables = ctx.resources.variables
        key = ctx.refs[0]
        fn = combine(ctx.xp)

        def update(value):
            old = variables.get(key)
            if old is None:
                raise _uninitialized(key)
            if old.shape != value.shape:
                raise errors.InvalidArgumentError(None, None,
                                                  "Parameters and update must be the same size")
            stored = variables[key] = _frozen(fn(old, value))
            return stored
        if not ctx.attrs.get("use_locking"):
            return update
        lock = ctx.resources.lock

        def locked_update(value):  # the read and the store as one step, as TF's locked kernel
            with lock:
                return update(value)
        return locked_update
    return factory


registry.register("Assign", infer=_assign_infer, kernel=_assign_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, stateful=True, ref_inputs=(0,))
registry.register("AssignAdd", infer=_update_infer, kernel=_update_kernel(lambda xp: xp.add),
                  grad=registry.NOT_DIFFERENTIABLE, stateful=True, ref_inputs=(0,))
registry.register("AssignSub", infer=_update_infer,
                  kernel=_update_kernel(lambda xp: xp.subtract),
                  grad=registry.NOT_DIFFERENTIABLE, stateful=True, ref_inputs=(0,))


# --------------------------------------------------------------------------------------------
# IsVariableInitialized

def _is_initialized_infer(op: Operation):
    return [(_dtypes.bool, TensorShape([]))]


def _is_initialized_kernel(ctx: registry.KernelContext):
    variables = ctx.resources.variables
    key = ctx.refs[0]
    answers = {True: _frozen(ctx.xp.asarray(True)), False: _frozen(ctx.xp.asarray(False))}

    def is_variable_initialized():
        return answers[key in variables]
    return is_variable_initialized


registry.register("IsVariableInitialized", infer=_is_initialized_infer,
                  kernel=_is_initialized_kernel, grad=registry.NOT_DIFFERENTIABLE, stateful=True,
                  ref_inputs=(0,))


# --------------------------------------------------------------------------------------------
# Builders of the state ops

# The method TF1's `tf.assign`-style functions call on a `ref` that is not a ref tensor (the
# resource-variable path), whose absence is the error a plain tensor gets.
_NON_REF_METHOD = {"Assign": "assign", "AssignAdd": "assign_add", "AssignSub": "assign_sub",
                   "IsVariableInitialized": "is_initialized"}


def _ref_tensor(ref: Any, op_type: str) -> Tensor:
    """The ref tensor behind `ref` (a Variable or a `*_ref` tensor). TF1 hands anything else to
    its `ref.<method>(...)`, so a value without a dtype or a plain tensor is an AttributeError."""
    if not isinstance(ref, Tensor) and is_tensor(ref):
        ref = convert_to_tensor(ref, as_ref=True)
    if not isinstance(ref, Tensor):
        if not hasattr(ref, "dtype"):
            raise AttributeError(f"'{type(ref).__name__}' object has no attribute 'dtype'")
        raise TypeError(f"'{op_type}' Op requires that input 'ref' be a mutable tensor (e.g.: a "
                        f"tf.Variable)")
    if not ref.dtype._is_ref_dtype:
        raise AttributeError(f"'Tensor' object has no attribute '{_NON_REF_METHOD[op_type]}'")
    return ref


def _value_tensor(value: Any, ref: Tensor, op_type: str) -> Tensor:
    """`value` as a tensor of the variable's dtype, with op_def_library's error texts."""
    dtype = ref.dtype.base_dtype
    if isinstance(value, Tensor) or is_tensor(value):
        value = convert_to_tensor(value)
        if value.dtype.base_dtype != dtype:
            raise TypeError(f"Input 'value' of '{op_type}' Op has type "
                            f"{value.dtype.base_dtype.name} that does not match type "
                            f"{dtype.name} of argument 'ref'.")
        return value
    try:
        return convert_to_tensor(value, dtype=dtype, name="value")
    except TypeError as e:
        raise TypeError(f"Expected {dtype.name} passed to parameter 'value' of op '{op_type}', "
                        f"got {value!r} of type '{type(value).__name__}' instead. Error: {e}") \
            from None


def _state_op(op_type: str, ref: Any, value: Any, attrs: dict, name: str | None) -> Tensor:
    ref = _ref_tensor(ref, op_type)
    if op_type != "Assign":
        check_dtype_allowed(ref.dtype, "ref", NUMBER_TYPES)
    g = ref.graph
    with g.as_default(), g.name_scope(name or op_type) as scope:
        value = _value_tensor(value, ref, op_type)
        attrs = {"T": ref.dtype.base_dtype, **attrs}
        return g.create_op(op_type, [ref, value], attrs, name=scope).outputs[0]


def assign(ref: Any, value: Any, validate_shape: bool | None = None,
           use_locking: bool | None = None, name: str | None = None) -> Tensor:
    """`tf.assign`: stores `value` in the variable and returns the new value (a ref tensor).
    Unset flags take the op's defaults (validate_shape and use_locking True)."""
    attrs = {"use_locking": True if use_locking is None else bool(use_locking),
             "validate_shape": True if validate_shape is None else bool(validate_shape)}
    return _state_op("Assign", ref, value, attrs, name)


def assign_add(ref: Any, value: Any, use_locking: bool | None = None,
               name: str | None = None) -> Tensor:
    """`tf.assign_add`: adds `value` to the variable; returns the new value."""
    return _state_op("AssignAdd", ref, value, {"use_locking": bool(use_locking)}, name)


def assign_sub(ref: Any, value: Any, use_locking: bool | None = None,
               name: str | None = None) -> Tensor:
    """`tf.assign_sub`: subtracts `value` from the variable; returns the new value."""
    return _state_op("AssignSub", ref, value, {"use_locking": bool(use_locking)}, name)


def is_variable_initialized(variable: Any, name: str | None = None) -> Tensor:
    """`tf.is_variable_initialized`: a bool scalar, true once the variable holds a value in the
    session that runs it."""
    ref = _ref_tensor(variable, "IsVariableInitialized")
    g = ref.graph
    return g.create_op("IsVariableInitialized", [ref], {"dtype": ref.dtype.base_dtype},
                       name=name or "IsVariableInitialized").outputs[0]


# --------------------------------------------------------------------------------------------
# tf.Variable

class VariableSynchronization(enum.Enum):
    """When a distributed variable is synchronized (recorded; minitf runs on one device)."""
    AUTO = 0
    NONE = 1
    ON_WRITE = 2
    ON_READ = 3


class VariableAggregation(enum.Enum):
    """How a distributed variable's updates are aggregated (recorded only)."""
    NONE = 0
    SUM = 1
    MEAN = 2
    ONLY_FIRST_REPLICA = 3
    ONLY_FIRST_TOWER = 3


class VariableDef:
    """The names that describe a Variable in a graph (TF's VariableDef protocol buffer)."""
    _FIELDS = ("variable_name", "initial_value_name", "initializer_name", "snapshot_name",
               "trainable", "is_resource")

    def __init__(self, variable_name: str = "", initial_value_name: str = "",
                 initializer_name: str = "", snapshot_name: str = "", trainable: bool = True,
                 is_resource: bool = False):
        self.variable_name, self.initial_value_name = variable_name, initial_value_name
        self.initializer_name, self.snapshot_name = initializer_name, snapshot_name
        self.trainable, self.is_resource = trainable, is_resource

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, VariableDef) and all(
            getattr(self, f) == getattr(other, f) for f in self._FIELDS)

    def __repr__(self) -> str:
        return "VariableDef(" + ", ".join(f"{f}={getattr(self, f)!r}" for f in self._FIELDS) + ")"

    def __str__(self) -> str:
        lines = [f'{field}: "{getattr(self, field)}"' for field in
                 ("variable_name", "initializer_name", "snapshot_name", "initial_value_name")
                 if getattr(self, field)]
        if self.is_resource:
            lines.append("is_resource: true")
        if self.trainable:
            lines.append("trainable: true")
        return "\n".join(lines) + "\n"


@contextlib.contextmanager
def init_scope(graph: Graph) -> Iterator[None]:
    """Where variables are built: `graph` as default, outside control dependencies and outside
    any loop or branch being built (TF's `init_scope`), so that their ops run unconditionally."""
    saved = graph._control_flow_context
    graph._control_flow_context = None
    try:
        with graph.as_default(), graph.control_dependencies(None):
            yield
    finally:
        graph._control_flow_context = saved


def _prefixed(name: str, scope: str | None) -> str:
    return f"{scope}/{name}" if scope and name else name


def _unprefixed(name: str, scope: str | None) -> str:
    if scope and name.startswith(scope + "/"):
        return name[len(scope) + 1:]
    return name


class SaveSliceInfo:
    """Where a shard lies in its partitioned variable (`tf.Variable.SaveSliceInfo`)."""

    def __init__(self, full_name: str | None = None, full_shape: list | None = None,
                 var_offset: list | None = None, var_shape: list | None = None):
        self.full_name, self.full_shape = full_name, full_shape
        self.var_offset, self.var_shape = var_offset, var_shape

    @property
    def spec(self) -> str:
        """The checkpoint's slice spec: `"10 4 0,5:0,4"` (full shape, then offset,length)."""
        full = " ".join(str(d) for d in self.full_shape)
        part = ":".join(f"{o},{s}" for o, s in zip(self.var_offset, self.var_shape))
        return f"{full} {part}"


class Variable:
    """`tf.Variable`: TF1's ref variable. Creates ops `<name>` (VariableV2), `<name>/Assign`
    (the initializer) and `<name>/read` (the value other ops read), named by the name scope.

    Reading it (`v + 1`, `tf.matmul(v, w)`, `convert_to_tensor(v)`) reads `<name>/read:0`;
    fetching it or feeding it uses the ref tensor `<name>:0`.
    """

    __array_priority__ = 100
    SaveSliceInfo = SaveSliceInfo

    def __init__(self, initial_value: Any = None, trainable: bool | None = None,
                 collections: Any = None, validate_shape: bool = True,
                 caching_device: Any = None, name: str | None = None,
                 variable_def: VariableDef | None = None, dtype: Any = None,
                 expected_shape: Any = None, import_scope: str | None = None,
                 constraint: Callable | None = None, use_resource: bool | None = None,
                 synchronization: VariableSynchronization = VariableSynchronization.AUTO,
                 aggregation: VariableAggregation = VariableAggregation.NONE,
                 shape: Any = None):
        """Builds a new variable from `initial_value` (a value, a tensor, or a callable run
        under `<name>/Initializer/`), or wraps the ops `variable_def` names. `expected_shape`
        and `use_resource` are accepted as TF1 does and have no effect (ref variables only)."""
        del expected_shape, use_resource
        if synchronization is None:
            synchronization = VariableSynchronization.AUTO
        if trainable is None:
            trainable = synchronization != VariableSynchronization.ON_READ
        self._synchronization = synchronization
        self._aggregation = aggregation
        self._save_slice_info = None
        if variable_def is not None:
            if initial_value is not None:
                raise ValueError("variable_def and initial_value are mutually exclusive.")
            self._init_from_def(variable_def, import_scope)
        else:
            self._init_from_args(initial_value, trainable, collections, validate_shape,
                                 caching_device, name, dtype, constraint, shape)

    def _init_from_args(self, initial_value, trainable, collections, validate_shape,
                        caching_device, name, dtype, constraint, shape) -> None:
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        from_fn = callable(initial_value)
        if collections is None:
            collections = [GraphKeys.GLOBAL_VARIABLES]
        if not isinstance(collections, (list, tuple, set)):
            raise ValueError(f"collections argument to Variable constructor must be a list, "
                             f"tuple, or set. Got {collections} of type {type(collections)}")
        if constraint is not None and not callable(constraint):
            raise ValueError("The `constraint` argument must be a callable.")
        if trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
            collections = list(collections) + [GraphKeys.TRAINABLE_VARIABLES]
        if dtype is not None:
            dtype = _dtypes.as_dtype(dtype)
        g = get_default_graph() if from_fn else graph_from_inputs([initial_value])
        with init_scope(g), g.name_scope("Variable" if name is None else name) as scope:
            # From a function, the initializer and the variable op carry the variable's own
            # `_class` group (TF colocates them with a variable that does not exist yet).
            groups = [f"loc:@{scope[:-1]}".encode()] if from_fn else []
            if from_fn:
                with g._colocate_with_groups(groups), g.name_scope("Initializer"), \
                        g.device(None):
                    value = convert_to_tensor(initial_value(), name="initial_value", dtype=dtype)
            else:
                value = convert_to_tensor(initial_value, name="initial_value", dtype=dtype)
                context = value.op._control_flow_context
                if context is not None and context.as_tf_sees_it() is not None:
                    raise ValueError(f"Initializer for variable {scope} is from inside a "
                                     f"control-flow construct, such as a loop or conditional. "
                                     f"When creating a variable inside a loop or conditional, "
                                     f"use a lambda as the initializer.")
            if shape is not None:
                var_shape = as_shape(shape)
            else:
                var_shape = value.shape if validate_shape else unknown_shape()
            with g._colocate_with_groups(groups):
                self._variable = g.create_op(
                    "VariableV2", [], {"shape": var_shape, "dtype": value.dtype.base_dtype,
                                       "container": "", "shared_name": ""},
                    name=scope).outputs[0]
            if validate_shape and not value.shape.is_fully_defined():
                raise ValueError(f"initial_value must have a shape specified: {value}")
            self._initial_value = value
            self._initializer_op = assign(self._variable, value,
                                          validate_shape=validate_shape).op
            with g.device(caching_device) if caching_device is not None else \
                    g.colocate_with(self._variable.op):
                self._snapshot = identity(self._variable, name="read")
        g.add_to_collections(collections, self)
        self._trainable = bool(trainable)
        self._constraint = constraint
        self._caching_device = caching_device

    def _init_from_def(self, variable_def: VariableDef, import_scope: str | None) -> None:
        g = get_default_graph()
        self._variable = g.as_graph_element(_prefixed(variable_def.variable_name, import_scope))
        self._initializer_op = g.as_graph_element(
            _prefixed(variable_def.initializer_name, import_scope))
        self._initial_value = (g.as_graph_element(_prefixed(variable_def.initial_value_name,
                                                            import_scope))
                               if variable_def.initial_value_name else None)
        self._snapshot = g.as_graph_element(_prefixed(variable_def.snapshot_name, import_scope))
        self._trainable = variable_def.trainable
        self._constraint = None
        self._caching_device = None

    # ---- what the variable is
    @property
    def name(self) -> str:
        return self._variable.name

    @property
    def op(self) -> Operation:
        return self._variable.op

    @property
    def dtype(self) -> _dtypes.DType:
        return self._variable.dtype

    @property
    def shape(self) -> TensorShape:
        return self._variable.shape

    def get_shape(self) -> TensorShape:
        return self._variable.shape

    def set_shape(self, shape: Any) -> None:
        """Narrows the static shape of the variable's ref and of its `read` snapshot (merged,
        as `Tensor.set_shape`)."""
        self._variable.set_shape(shape)
        self._snapshot.set_shape(shape)

    @property
    def graph(self) -> Graph:
        return self._variable.graph

    @property
    def device(self) -> str:
        return self._variable.device

    @property
    def trainable(self) -> bool:
        return self._trainable

    @property
    def constraint(self) -> Callable | None:
        return self._constraint

    @property
    def synchronization(self) -> VariableSynchronization:
        return self._synchronization

    @property
    def aggregation(self) -> VariableAggregation:
        return self._aggregation

    @property
    def initializer(self) -> Operation:
        return self._initializer_op

    @property
    def initial_value(self) -> Tensor:
        return self._initial_value

    # ---- reading
    def value(self) -> Tensor:
        """The `<name>/read:0` snapshot that ops reading the variable consume."""
        return self._snapshot

    def read_value(self) -> Tensor:
        """A new Identity (`read`, in the current name scope) of the current value."""
        with self.graph.as_default():
            return identity(self._variable, name="read")

    def _ref(self) -> Tensor:
        return self._variable

    def _as_graph_element(self) -> Tensor:
        return self._variable

    def initialized_value(self) -> Tensor:
        """The value if the variable is initialized, else its initial value (a `cond`), so that
        one variable can be initialized from another in any order."""
        from .control_flow import cond  # noqa: PLC0415 - control flow builds on this module
        with init_scope(self.graph):
            return cond(is_variable_initialized(self), self.read_value,
                        lambda: self.initial_value)

    def eval(self, session: Any = None) -> Any:
        """The variable's value in `session` (default: the default session)."""
        return self._variable.eval(session=session)

    # ---- writing
    def assign(self, value: Any, use_locking: bool = False, name: str | None = None,
               read_value: bool = True) -> Tensor | Operation:
        out = assign(self._variable, value, use_locking=use_locking, name=name)
        return out if read_value else out.op

    def assign_add(self, delta: Any, use_locking: bool = False, name: str | None = None,
                   read_value: bool = True) -> Tensor | Operation:
        out = assign_add(self._variable, delta, use_locking=use_locking, name=name)
        return out if read_value else out.op

    def assign_sub(self, delta: Any, use_locking: bool = False, name: str | None = None,
                   read_value: bool = True) -> Tensor | Operation:
        out = assign_sub(self._variable, delta, use_locking=use_locking, name=name)
        return out if read_value else out.op

    def count_up_to(self, limit: int) -> Tensor:
        """Increments this int variable until `limit` (tf.count_up_to)."""
        from .data_flow import count_up_to  # noqa: PLC0415 - data_flow builds on this module
        return count_up_to(self._variable, limit)

    def load(self, value: Any, session: Any = None) -> None:
        """Stores `value` in the variable by running its initializer with the value fed."""
        session = session or get_default_session()
        if session is None:
            raise ValueError("Either session argument should be provided or default session "
                             "should be established")
        session.run(self._initializer_op, {self._initializer_op.inputs[1]: value})

    # ---- serialization
    def to_proto(self, export_scope: str | None = None) -> VariableDef | None:
        """The VariableDef naming this variable's ops (relative to `export_scope`), or None if
        the variable is outside that scope."""
        if export_scope is not None and not self._variable.name.startswith(export_scope + "/"):
            return None
        return VariableDef(
            variable_name=_unprefixed(self._variable.name, export_scope),
            initial_value_name=(_unprefixed(self._initial_value.name, export_scope)
                                if self._initial_value is not None else ""),
            initializer_name=_unprefixed(self._initializer_op.name, export_scope),
            snapshot_name=_unprefixed(self._snapshot.name, export_scope),
            trainable=self._trainable)

    @staticmethod
    def from_proto(variable_def: VariableDef, import_scope: str | None = None) -> "Variable":
        return Variable(variable_def=variable_def, import_scope=import_scope)

    # ---- Python protocol
    def __repr__(self) -> str:
        shape = "<unknown>" if self.shape.ndims is None else str(self.shape)
        return f"<tf.Variable '{self.name}' shape={shape} dtype={self.dtype.name}>"

    __str__ = __repr__

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: Any) -> bool:
        return self is other

    def __ne__(self, other: Any) -> bool:
        return self is not other

    def __iter__(self):
        raise TypeError("'Variable' object is not iterable.")


def _operator(name: str) -> Callable:
    """Variable's `name` operator: the Tensor operator applied to `value()` (looked up at call
    time, since op families install Tensor's operators after this module loads)."""
    def apply(self, *args):
        fn = getattr(Tensor, name, None)
        if fn is None:
            return NotImplemented
        return fn(self.value(), *args)
    apply.__name__ = name
    return apply


for _name in ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__div__",
              "__rdiv__", "__truediv__", "__rtruediv__", "__floordiv__", "__rfloordiv__",
              "__mod__", "__rmod__", "__pow__", "__rpow__", "__matmul__", "__rmatmul__",
              "__lt__", "__le__", "__gt__", "__ge__", "__and__", "__rand__", "__or__", "__ror__",
              "__xor__", "__rxor__", "__neg__", "__abs__", "__invert__"):
    setattr(Variable, _name, _operator(_name))


def _variable_getitem(self: Variable, slice_spec: Any) -> Tensor:
    """`variable[...]`: the slice of `value()`, whose `assign` writes into the variable."""
    return _slice_helper(self.value(), slice_spec, var=self)


def _variable_strided_slice_assign(self: Variable, begin: Tensor, end: Tensor, strides: Tensor,
                                   value: Any, name: str, **masks: int) -> Tensor:
    return strided_slice_assign(self._ref(), begin, end, strides, value, name=name, **masks)


Variable.__getitem__ = _variable_getitem
Variable._strided_slice_assign = _variable_strided_slice_assign


def _variable_to_tensor(v: Variable, dtype: Any = None, name: str | None = None,
                        as_ref: bool = False) -> Tensor:
    if dtype is not None and not _dtypes.as_dtype(dtype).is_compatible_with(v.dtype):
        raise ValueError(f"Incompatible type conversion requested to type '{dtype.name}' for "
                         f"variable of type '{v.dtype.name}'")
    return v._ref() if as_ref else v.value()


register_tensor_conversion_function(Variable, _variable_to_tensor)


# --------------------------------------------------------------------------------------------
# Collections and initializers

def global_variables(scope: str | None = None) -> list:
    """`tf.global_variables`: the GLOBAL_VARIABLES collection (names matching `scope`)."""
    return get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES, scope)


all_variables = global_variables


def trainable_variables(scope: str | None = None) -> list:
    return get_default_graph().get_collection(GraphKeys.TRAINABLE_VARIABLES, scope)


def local_variables(scope: str | None = None) -> list:
    return get_default_graph().get_collection(GraphKeys.LOCAL_VARIABLES, scope)


def model_variables(scope: str | None = None) -> list:
    return get_default_graph().get_collection(GraphKeys.MODEL_VARIABLES, scope)


def moving_average_variables(scope: str | None = None) -> list:
    return get_default_graph().get_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, scope)


def variables_initializer(var_list: Any, name: str = "init") -> Operation:
    """`tf.variables_initializer`: a NoOp `name` whose control inputs are the initializers of
    `var_list` (a plain NoOp when the list is empty)."""
    if var_list:
        return group(*[v.initializer for v in var_list], name=name)
    return no_op(name=name)


initialize_variables = variables_initializer


def global_variables_initializer() -> Operation:
    """`tf.global_variables_initializer`: NoOp `init` running every global initializer."""
    return variables_initializer(global_variables())


initialize_all_variables = global_variables_initializer


def local_variables_initializer() -> Operation:
    return variables_initializer(local_variables())


initialize_local_variables = local_variables_initializer


def report_uninitialized_variables(var_list: Any = None,
                                   name: str = "report_uninitialized_variables") -> Tensor:
    """`tf.report_uninitialized_variables`: a 1-D string tensor of the names of the variables
    (default: global and local) not initialized in the session that runs it."""
    g = get_default_graph()
    if var_list is None:
        var_list = global_variables() + local_variables()
        if not var_list:
            var_list = [op.outputs[0] for op in g.get_operations() if op.type == "VariableV2"]
    with g.name_scope(name):
        flags = [is_variable_initialized(v) for v in var_list]
        with g.device("/cpu:0"):
            if not var_list:
                return constant([], dtype=_dtypes.string)
            from .array import boolean_mask, stack  # noqa: PLC0415 - array ops load later
            from .math import logical_not  # noqa: PLC0415
            mask = logical_not(stack(flags))
            names = constant([v.op.name for v in var_list])
            return boolean_mask(names, mask)


# --------------------------------------------------------------------------------------------
# ScatterAdd, ScatterSub, ScatterUpdate: sparse updates of a variable's rows, in place.
#
# Updates (these and the optimizers' Apply ops) change the stored array in place, as TF's
# kernels change the variable's buffer. The stored array is a read-only view (`_frozen`), so
# that fetches copy it and a value fetched earlier never moves, even while another thread
# updates; a kernel writes through the view's writable base. A stored array that is not such a
# view is copied once into one.

class _Writers:
    """One kernel's writable views of the variables it updates, keyed by variable name and
    remade when the stored array changes (an Assign stores a new one)."""

    def __init__(self, resources: Any):
        self._variables = resources.variables
        self._lock = resources.lock
        self._xp = resources.backend.xp
        self._views: dict[str, tuple] = {}

    def get(self, key: str) -> tuple[Any, Any]:
        """(the stored array, a writable view of it)."""
        try:
            stored = self._variables[key]
        except KeyError:
            raise _uninitialized(key) from None
        seen = self._views.get(key)
        if seen is not None and seen[0] is stored:
            return seen
        if not hasattr(getattr(stored, "flags", None), "writeable"):  # CuPy: no read-only flag
            seen = (stored, stored)
        else:
            if not _over_own_buffer(stored):  # a value stored from elsewhere: copied once
                with self._lock:
                    stored = self._variables[key]
                    if not _over_own_buffer(stored):
                        stored = self._variables[key] = _frozen(self._xp.array(stored))
            seen = (stored, stored.base)
        self._views[key] = seen
        return seen


def _locked(use_locking: bool, resources: Any) -> Any:
    """The session's lock for ops built with `use_locking`, else a context that does
    nothing (TF lets unlocked updates race)."""
    return resources.lock if use_locking else contextlib.nullcontext()


def _scatter_infer(op: Operation):
    ref, indices, updates = op.inputs
    shape = ref.shape
    if shape.ndims is not None and shape.ndims < 1:
        raise ValueError(f"Shape must be at least rank 1 but is rank {shape.ndims}")
    if updates.shape.ndims != 0:
        rows = unknown_shape() if shape.ndims is None else shape[1:]
        merge_checked(updates.shape, indices.shape.concatenate(rows))
    return [(ref.dtype._as_ref, shape)]


def _scatter_kernel(combine: Callable):
    """Kernel factory of a scatter op; `combine(xp, params, indices, updates)` updates the rows
    of `params` in place."""
    def factory(ctx: registry.KernelContext):
        xp = ctx.xp
        writers = _Writers(ctx.resources)
        lock = _locked(ctx.attrs.get("use_locking"), ctx.resources)
        key = ctx.refs[0]

        def scatter(indices, updates):
            with lock:
                stored, params = writers.get(key)
                _check_scatter(params, indices, updates)
                combine(xp, params, indices, updates)
            return stored
        return scatter
    return factory


def _check_scatter(params: Any, indices: Any, updates: Any) -> None:
    """TF's run-time checks of a scatter: params rank, updates shape, indices in range."""
    if params.ndim < 1:
        raise errors.InvalidArgumentError(None, None, f"params must be at least 1-D, got shape "
                                                      f"{shape_str(params.shape)}")
    if updates.ndim and tuple(updates.shape) != tuple(indices.shape) + tuple(params.shape[1:]):
        raise errors.InvalidArgumentError(
            None, None, f"Must have updates.shape = indices.shape + params.shape[1:] or "
                        f"updates.shape = [], got updates.shape {shape_str(updates.shape)}, "
                        f"indices.shape {shape_str(indices.shape)}, params.shape "
                        f"{shape_str(params.shape)}")
    rows = params.shape[0]
    if indices.size and (int(indices.min()) < 0 or int(indices.max()) >= rows):
        flat = indices.reshape(-1)
        bad = int(((flat < 0) | (flat >= rows)).nonzero()[0][0])
        position = ",".join(str(int(i)) for i in _unravel(bad, indices.shape))
        raise errors.InvalidArgumentError(None, None, f"indices[{position}] = {int(flat[bad])} "
                                                      f"is not in [0, {rows})")


def _unravel(flat_index: int, shape: tuple) -> list[int]:
    out = []
    for size in reversed(shape):
        out.append(flat_index % size)
        flat_index //= size
    return out[::-1]


def _scatter_add(xp, params, indices, updates):
    xp.add.at(params, indices, updates)


def _scatter_sub(xp, params, indices, updates):
    xp.subtract.at(params, indices, updates)


def _scatter_update(xp, params, indices, updates):
    params[indices] = updates


for _op_type, _combine in (("ScatterAdd", _scatter_add), ("ScatterSub", _scatter_sub),
                           ("ScatterUpdate", _scatter_update)):
    registry.register(_op_type, infer=_scatter_infer, kernel=_scatter_kernel(_combine),
                      grad=registry.NOT_DIFFERENTIABLE, stateful=True, ref_inputs=(0,))
_NON_REF_METHOD.update(ScatterAdd="_lazy_read", ScatterSub="_lazy_read",
                       ScatterUpdate="_lazy_read")

_INDEX_TYPES = ("int32", "int64")


def _scatter(op_type: str, ref: Any, indices: Any, updates: Any, use_locking: Any,
             name: str | None) -> Tensor:
    ref = _ref_tensor(ref, op_type)
    if op_type != "ScatterUpdate":
        check_dtype_allowed(ref.dtype, "ref", NUMBER_TYPES)
    g = ref.graph
    with g.as_default(), g.name_scope(name or op_type) as scope:
        indices = convert_to_tensor(indices, name="indices")
        check_dtype_allowed(indices.dtype, "indices", _INDEX_TYPES)
        dtype = ref.dtype.base_dtype
        if isinstance(updates, Tensor) or is_tensor(updates):
            updates = convert_to_tensor(updates)
            if updates.dtype.base_dtype != dtype:
                raise TypeError(f"Input 'updates' of '{op_type}' Op has type "
                                f"{updates.dtype.base_dtype.name} that does not match type "
                                f"{dtype.name} of argument 'ref'.")
        else:
            updates = convert_to_tensor(updates, dtype=dtype, name="updates")
        attrs = {"T": dtype, "Tindices": indices.dtype.base_dtype,
                 "use_locking": bool(use_locking)}
        return g.create_op(op_type, [ref, indices, updates], attrs, name=scope).outputs[0]


def scatter_add(ref: Any, indices: Any, updates: Any, use_locking: bool = False,
                name: str | None = None) -> Tensor:
    """`tf.scatter_add`: adds `updates` to the rows `indices` of the variable (repeated indices
    add up); returns the variable's new value."""
    return _scatter("ScatterAdd", ref, indices, updates, use_locking, name)


def scatter_sub(ref: Any, indices: Any, updates: Any, use_locking: bool = False,
                name: str | None = None) -> Tensor:
    """`tf.scatter_sub`: subtracts `updates` from the rows `indices` of the variable."""
    return _scatter("ScatterSub", ref, indices, updates, use_locking, name)


def scatter_update(ref: Any, indices: Any, updates: Any, use_locking: bool = True,
                   name: str | None = None) -> Tensor:
    """`tf.scatter_update`: stores `updates` in the rows `indices` of the variable."""
    return _scatter("ScatterUpdate", ref, indices, updates, use_locking, name)


# ScatterNdUpdate: `updates` stored at the index rows `indices[..., :]` of the variable

def _scatter_nd_update_infer(op: Operation):
    from .array import _dims, check_scatter_nd_shapes  # noqa: PLC0415 - array imports state
    ref, indices, updates = op.inputs
    check_scatter_nd_shapes(indices, updates, _dims(ref), "input")
    return [(ref.dtype._as_ref, ref.shape)]


def _scatter_nd_update_kernel(ctx: registry.KernelContext):
    from .array import _first_bad_row  # noqa: PLC0415 - a private helper
    xp = ctx.xp
    writers = _Writers(ctx.resources)
    lock = _locked(ctx.attrs.get("use_locking"), ctx.resources)
    key = ctx.refs[0]

    def scatter_nd_update_(indices, updates):
        with lock:
            stored, params = writers.get(key)
            depth = indices.shape[-1] if indices.ndim else 0
            if indices.ndim < 1 or depth > params.ndim:
                raise errors.InvalidArgumentError(
                    None, None, f"indices.shape[-1] must be <= params.rank, but saw indices "
                                f"shape: {shape_str(indices.shape)} and params shape: "
                                f"{shape_str(params.shape)}")
            want = tuple(indices.shape[:-1]) + tuple(params.shape[depth:])
            if tuple(updates.shape) != want:
                raise errors.InvalidArgumentError(
                    None, None, f"Must have updates.shape = indices.shape[:batch_dim] + "
                                f"params_shape[slice_dim:], got updates.shape: "
                                f"{shape_str(updates.shape)}, indices.shape: "
                                f"{shape_str(indices.shape)}, params_shape: "
                                f"{shape_str(params.shape)}")
            bad = _first_bad_row(xp, indices, params.shape[:depth])
            if bad is not None:
                raise errors.InvalidArgumentError(
                    None, None, f"{bad} does not index into param shape "
                                f"{shape_str(params.shape)}")
            rows = indices.reshape(-1, depth)
            values = updates.reshape((rows.shape[0],) + tuple(params.shape[depth:]))
            if depth:
                params[tuple(rows[:, k] for k in range(depth))] = values
            elif rows.shape[0]:
                params[...] = values[-1]
        return stored
    return scatter_nd_update_


registry.register("ScatterNdUpdate", infer=_scatter_nd_update_infer,
                  kernel=_scatter_nd_update_kernel, grad=registry.NOT_DIFFERENTIABLE,
                  stateful=True, ref_inputs=(0,))
_NON_REF_METHOD.update(ScatterNdUpdate="_lazy_read")


def scatter_nd_update(ref: Any, indices: Any, updates: Any, use_locking: bool = True,
                      name: str | None = None) -> Tensor:
    """`tf.scatter_nd_update` (op ScatterNdUpdate): stores `updates` at the elements or
    slices of the variable that the rows of `indices`' last axis address; returns the
    variable's new value."""
    ref = _ref_tensor(ref, "ScatterNdUpdate")
    g = ref.graph
    with g.as_default(), g.name_scope(name or "ScatterNdUpdate") as scope:
        indices = convert_to_tensor(indices, name="indices")
        check_dtype_allowed(indices.dtype, "indices", _INDEX_TYPES)
        dtype = ref.dtype.base_dtype
        if isinstance(updates, Tensor) or is_tensor(updates):
            updates = convert_to_tensor(updates)
            if updates.dtype.base_dtype != dtype:
                raise TypeError(f"Input 'updates' of 'ScatterNdUpdate' Op has type "
                                f"{updates.dtype.base_dtype.name} that does not match type "
                                f"{dtype.name} of argument 'ref'.")
        else:
            updates = convert_to_tensor(updates, dtype=dtype, name="updates")
        attrs = {"T": dtype, "Tindices": indices.dtype.base_dtype,
                 "use_locking": bool(use_locking)}
        return g.create_op("ScatterNdUpdate", [ref, indices, updates], attrs,
                           name=scope).outputs[0]


# --------------------------------------------------------------------------------------------
# StridedSliceAssign: `variable[...].assign(value)`, written in place

def _strided_slice_assign_infer(op: Operation):
    ref = op.inputs[0]
    return [(ref.dtype._as_ref, ref.shape)]


def _strided_slice_assign_kernel(ctx: registry.KernelContext):
    writers = _Writers(ctx.resources)
    index_of = _strided_slice_indexer(ctx)
    key = ctx.refs[0]

    def strided_slice_assign_(begin, end, strides, value):
        stored, target = writers.get(key)
        index, final = index_of(tuple(target.shape), begin, end, strides)
        if 0 in final:  # an empty slice: nothing to write, nothing to check
            return stored
        if tuple(value.shape) != final:
            raise errors.UnimplementedError(
                None, None, f"sliced l-value shape {shape_str(final)} does not match r-value "
                            f"shape {shape_str(value.shape)}. Automatic broadcasting not yet "
                            f"implemented.")
        target[index] = value
        return stored
    return strided_slice_assign_


registry.register("StridedSliceAssign", infer=_strided_slice_assign_infer,
                  kernel=_strided_slice_assign_kernel, grad=registry.NOT_DIFFERENTIABLE,
                  stateful=True, ref_inputs=(0,))


def strided_slice_assign(ref: Tensor, begin: Tensor, end: Tensor, strides: Tensor, value: Any,
                         begin_mask: int = 0, end_mask: int = 0, ellipsis_mask: int = 0,
                         new_axis_mask: int = 0, shrink_axis_mask: int = 0,
                         name: str | None = None) -> Tensor:
    """TF's gen_array_ops.strided_slice_assign (op StridedSliceAssign): writes `value` where
    `strided_slice` with the same arguments would read from the variable `ref`; returns the
    variable's new value (a ref tensor)."""
    g = ref.graph
    with g.as_default(), g.name_scope(name or "StridedSliceAssign") as scope:
        value = _value_tensor(value, ref, "StridedSliceAssign")
        attrs = {"T": ref.dtype.base_dtype, "Index": begin.dtype.base_dtype,
                 "begin_mask": begin_mask, "end_mask": end_mask, "ellipsis_mask": ellipsis_mask,
                 "new_axis_mask": new_axis_mask, "shrink_axis_mask": shrink_axis_mask}
        return g.create_op("StridedSliceAssign", [ref, begin, end, strides, value], attrs,
                           name=scope).outputs[0]


def _sparse_delta_method(builder: Callable, default_locking: bool) -> Callable:
    """A Variable method applying an IndexedSlices `sparse_delta` with `builder`."""
    def method(self, sparse_delta: Any, use_locking: bool = default_locking,
               name: str | None = None) -> Tensor:
        from ..framework.indexed_slices import IndexedSlices  # noqa: PLC0415 - section import
        if not isinstance(sparse_delta, IndexedSlices):
            raise TypeError(f"sparse_delta is not IndexedSlices: {sparse_delta}")
        return builder(self._variable, sparse_delta.indices, sparse_delta.values,
                       use_locking=use_locking, name=name)
    method.__name__ = builder.__name__
    method.__doc__ = f"`Variable.{builder.__name__}`: `tf.{builder.__name__}` of an " \
                     f"IndexedSlices' rows."
    return method


Variable.scatter_add = _sparse_delta_method(scatter_add, False)
Variable.scatter_sub = _sparse_delta_method(scatter_sub, False)
Variable.scatter_update = _sparse_delta_method(scatter_update, True)
__all__ += ["scatter_add", "scatter_sub", "scatter_update"]


def _variable_scatter_nd_update(self, indices: Any, updates: Any,
                                name: str | None = None) -> Tensor:
    """`Variable.scatter_nd_update`: `tf.scatter_nd_update` of this variable (locking)."""
    return scatter_nd_update(self._variable, indices, updates, use_locking=True, name=name)


Variable.scatter_nd_update = _variable_scatter_nd_update
__all__ += ["scatter_nd_update"]
