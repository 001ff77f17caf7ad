"""Graph, Operation and Tensor with TF1's names, scopes, collections, control dependencies and
devices (mirrors tensorflow/python/framework/ops.py).

Creation order is a topological order: an op's inputs always exist before it. Shape rules come
from the registry; Tensor operators are installed later by the op families (`override_operator`).
"""
from __future__ import annotations

import contextlib
import numbers
import os
import re
import sys
import threading
from typing import Any, Callable, Iterator

import numpy as np

from . import dtypes as _dtypes
from . import registry
from .tensor_shape import TensorShape, as_shape, dims_str, merge_checked

_VALID_NAME = re.compile(r"^[A-Za-z0-9.][A-Za-z0-9_.\-/>]*$")
_VALID_SCOPE = re.compile(r"^[A-Za-z0-9_.\-/>]*$")
_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


class GraphKeys:
    """Standard collection names."""
    GLOBAL_VARIABLES = "variables"
    VARIABLES = GLOBAL_VARIABLES
    LOCAL_VARIABLES = "local_variables"
    METRIC_VARIABLES = "metric_variables"
    MODEL_VARIABLES = "model_variables"
    TRAINABLE_VARIABLES = "trainable_variables"
    SUMMARIES = "summaries"
    QUEUE_RUNNERS = "queue_runners"
    TABLE_INITIALIZERS = "table_initializer"
    ASSET_FILEPATHS = "asset_filepaths"
    MOVING_AVERAGE_VARIABLES = "moving_average_variables"
    REGULARIZATION_LOSSES = "regularization_losses"
    CONCATENATED_VARIABLES = "concatenated_variables"
    SAVERS = "savers"
    WEIGHTS = "weights"
    BIASES = "biases"
    ACTIVATIONS = "activations"
    UPDATE_OPS = "update_ops"
    LOSSES = "losses"
    SAVEABLE_OBJECTS = "saveable_objects"
    RESOURCES = "resources"
    LOCAL_RESOURCES = "local_resources"
    TRAINABLE_RESOURCE_VARIABLES = "trainable_resource_variables"
    INIT_OP = "init_op"
    LOCAL_INIT_OP = "local_init_op"
    READY_OP = "ready_op"
    READY_FOR_LOCAL_INIT_OP = "ready_for_local_init_op"
    SUMMARY_OP = "summary_op"
    GLOBAL_STEP = "global_step"
    EVAL_STEP = "eval_step"
    TRAIN_OP = "train_op"
    COND_CONTEXT = "cond_context"
    WHILE_CONTEXT = "while_context"


def _user_frame() -> tuple[str, int]:
    """File and line of the first caller outside minitf ("defined at" in error messages)."""
    f = sys._getframe(2)
    while f is not None and f.f_code.co_filename.startswith(_PACKAGE_DIR):
        f = f.f_back
    if f is None:
        return ("<unknown>", 0)
    return (os.path.basename(f.f_code.co_filename), f.f_lineno)


def variable_op(ref: "Tensor") -> "Operation":
    """The variable a ref input names (Assign's `ref`), through the RefSwitch and RefEnter ops
    of the conds and loops it was passed into."""
    op = ref.op
    while op._type in ("RefSwitch", "RefEnter"):
        op = op._inputs[0].op
    return op


def control_flow_unit(op: "Operation", level: Any = None) -> Any:
    """The control-flow construct (a while loop or a cond) that stands for `op` among the nodes
    at `level` (None: the graph's top; else the loop or branch context whose body is being
    compiled or differentiated), or None when `op` is a plain op of that level.

    Plans run, and gradients differentiate, a construct as one node. A construct quacks like an
    Operation: `_inputs` (the outside values it reads), `_outputs`, `_control_inputs`,
    `_opdef` (whose kernel compiles its bodies through the compile callback, and whose gradient
    builds its backward construct). Each context has `unit` (its construct) and
    `outer_context`; ops/control_flow.py defines them.
    """
    ctx = op._control_flow_context
    while ctx is not None:
        unit = ctx.unit
        if unit.outer_context is level:
            return unit
        ctx = unit.outer_context
    return None


# --------------------------------------------------------------------------------------------
# Devices

_DEVICE_FIELD = re.compile(r"/?(job|replica|task|device|cpu|gpu|CPU|GPU):?([^/]*)")


def canonical_device(spec: str | None) -> str:
    """'/gpu:0' -> '/device:GPU:0'; '' stays ''. Unknown fields are kept verbatim."""
    if not spec:
        return ""
    fields: dict[str, str] = {}
    for part in spec.strip("/").split("/"):
        if not part:
            continue
        key, _, val = part.partition(":")
        low = key.lower()
        if low in ("cpu", "gpu"):
            fields["device"] = f"{low.upper()}:{val or '*'}"
        elif low == "device":
            dtype_, _, idx = val.partition(":")
            fields["device"] = f"{dtype_.upper()}:{idx or '*'}" if idx else dtype_.upper()
        elif low in ("job", "replica", "task"):
            fields[low] = val
        else:
            raise ValueError(f"Unknown attribute: '{key}' in '{spec}'")
    out = "".join(f"/{k}:{fields[k]}" for k in ("job", "replica", "task") if k in fields)
    if "device" in fields:
        out += "/device:" + fields["device"]
    return out


def _merge_device(outer: str, inner: str) -> str:
    if not outer:
        return inner
    if not inner:
        return outer
    fields = {}
    for spec in (outer, inner):
        for part in re.findall(r"/(job|replica|task|device):([^/]*(?::[^/]*)?)", spec):
            fields[part[0]] = part[1]
    return "".join(f"/{k}:{fields[k]}" for k in ("job", "replica", "task", "device") if k in fields)


def _device_string(spec: Any) -> str:
    """A device given as a string, a DeviceSpec-like object (`to_string()`) or None."""
    if spec is None:
        return ""
    to_string = getattr(spec, "to_string", None)
    return to_string() if to_string is not None else str(spec)


class _ControlFrame:
    """One `control_dependencies` block: its control ops and the ops created inside it."""

    __slots__ = ("ops", "seen")

    def __init__(self, ops: list):
        self.ops = ops
        self.seen: set = set()


# --------------------------------------------------------------------------------------------
# Tensor


class Tensor:
    """A symbolic output of an Operation: `op:index` with a static dtype and shape."""

    __array_priority__ = 100

    def __init__(self, op: "Operation", value_index: int, dtype: _dtypes.DType, shape: TensorShape):
        self._op = op
        self._value_index = value_index
        self._dtype = dtype
        self._shape = shape
        self._consumers: list[Operation] = []

    @property
    def op(self) -> "Operation":
        return self._op

    @property
    def value_index(self) -> int:
        return self._value_index

    @property
    def dtype(self) -> _dtypes.DType:
        return self._dtype

    @property
    def graph(self) -> "Graph":
        return self._op._graph

    @property
    def name(self) -> str:
        return f"{self._op._name}:{self._value_index}"

    @property
    def device(self) -> str:
        return self._op.device

    @property
    def shape(self) -> TensorShape:
        return self._shape

    def get_shape(self) -> TensorShape:
        return self._shape

    def set_shape(self, shape: Any) -> None:
        """Refines the static shape; an incompatible shape raises ValueError worded as TF's C++
        shape merge words it."""
        self._shape = merge_checked(self._shape, as_shape(shape))

    def consumers(self) -> list["Operation"]:
        return list(self._consumers)

    def eval(self, feed_dict: dict | None = None, session: Any = None) -> Any:
        if session is None:
            session = get_default_session()
            if session is None:
                raise ValueError("Cannot evaluate tensor using `eval()`: No default session is "
                                 "registered. Use `with sess.as_default()` or pass an explicit "
                                 "session to `eval(session=sess)`")
            if session.graph is not self.graph:
                raise ValueError("Cannot use the default session to evaluate tensor: the "
                                 "tensor's graph is different from the session's graph. Pass an "
                                 "explicit session to `eval(session=sess)`.")
        if session.graph is not self.graph:
            raise ValueError("Cannot use the given session to evaluate tensor: the tensor's graph "
                             "is different from the session's graph.")
        return session.run(self, feed_dict)

    def _as_node_def_input(self) -> str:
        return self._op._name if self._value_index == 0 else self.name

    # Python protocol, as TF1 graph mode: identity equality, no truth value, no iteration.
    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: Any) -> bool:
        return self is other

    def __ne__(self, other: Any) -> bool:
        return self is not other

    def __bool__(self) -> bool:
        raise TypeError("Using a `tf.Tensor` as a Python `bool` is not allowed. Use `if t is not "
                        "None:` instead of `if t:` to test if a tensor is defined, and use "
                        "TensorFlow ops such as tf.cond to execute subgraphs conditioned on the "
                        "value of a tensor.")

    __nonzero__ = __bool__

    def __iter__(self):
        raise TypeError("Tensor objects are only iterable when eager execution is enabled. "
                        "To iterate over this tensor use tf.map_fn.")

    def __len__(self) -> int:
        raise TypeError(f"len is not well defined for symbolic Tensors. ({self.name}) Please call "
                        f"`x.shape` rather than `len(x)` for shape information.")

    def __repr__(self) -> str:
        shape = "<unknown>" if self._shape.ndims is None else str(self._shape)
        return f"<tf.Tensor '{self.name}' shape={shape} dtype={self._dtype.name}>"

    def __str__(self) -> str:
        shape = "" if self._shape.ndims is None else f", shape={self._shape}"
        dev = f", device={self.device}" if self.device else ""
        return f'Tensor("{self.name}"{shape}, dtype={self._dtype.name}{dev})'

    def __array__(self, dtype=None, copy=None):
        raise TypeError(f"Cannot convert a symbolic Tensor ({self.name}) to a numpy array.")

    @classmethod
    def _override_operator(cls, name: str, fn: Callable) -> None:
        setattr(cls, name, fn)


def override_operator(name: str, fn: Callable) -> None:
    """Installs an operator overload (`__add__`, `__getitem__` ...) on Tensor; op families call
    this so that the graph core never imports them."""
    Tensor._override_operator(name, fn)


# --------------------------------------------------------------------------------------------
# Operation


class Operation:
    """A node: op type, inputs, control inputs, attrs, device, and its output tensors."""

    def __init__(self, graph: "Graph", name: str, op_type: str, inputs: list[Tensor],
                 attrs: dict, opdef: registry.OpDef, control_inputs: list["Operation"],
                 device: str):
        self._graph = graph
        self._name = name
        self._type = op_type
        self._inputs = list(inputs)
        self._attrs = attrs
        self._opdef = opdef
        self._control_inputs = list(control_inputs)
        self._device = device
        # TF's `_class` attr: the colocation groups (`loc:@<op>`) this op was placed with.
        self._colocation: tuple[bytes, ...] = ()
        self._outputs: list[Tensor] = []
        self._id = graph._next_id()
        self._control_flow_context = graph._control_flow_context
        self._defined_at = _user_frame()

    @property
    def name(self) -> str:
        return self._name

    @property
    def type(self) -> str:
        return self._type

    @property
    def graph(self) -> "Graph":
        return self._graph

    @property
    def inputs(self) -> tuple:
        return tuple(self._inputs)

    @property
    def outputs(self) -> list[Tensor]:
        return list(self._outputs)

    def values(self) -> tuple:
        return tuple(self._outputs)

    @property
    def control_inputs(self) -> list["Operation"]:
        return list(self._control_inputs)

    @property
    def device(self) -> str:
        return self._device

    def _set_device(self, device: str) -> None:
        self._device = canonical_device(device)

    @property
    def node_def(self) -> "NodeDefView":
        return NodeDefView(self)

    @property
    def op_def(self) -> registry.OpDef:
        return self._opdef

    @property
    def traceback(self) -> list:
        return [self._defined_at]

    def colocation_groups(self) -> list[bytes]:
        """The groups this op is placed with: those it was colocated with, else its own."""
        return list(self._colocation) or [f"loc:@{self._name}".encode()]

    def get_attr(self, name: str) -> Any:
        if name == "_class" and self._colocation:
            return list(self._colocation)
        if name not in self._attrs:
            raise ValueError(f"Operation '{self._name}' has no attr named '{name}'.")
        return self._attrs[name]

    @property
    def attrs(self) -> dict:
        """Public attrs (those not starting with '_'), for exports."""
        return {k: v for k, v in self._attrs.items() if not k.startswith("_")}

    def _add_control_input(self, op: "Operation") -> None:
        if op not in self._control_inputs:
            self._control_inputs.append(op)
            self._graph._rewires += 1  # plans compiled before this are stale

    def _add_control_inputs(self, ops: list["Operation"]) -> None:
        for op in ops:
            self._add_control_input(op)

    def run(self, feed_dict: dict | None = None, session: Any = None) -> None:
        if session is None:
            session = get_default_session()
            if session is None:
                raise ValueError("Cannot execute operation using `run()`: No default session is "
                                 "registered. Use `with sess.as_default():` or pass an explicit "
                                 "session to `run(session=sess)`")
            if session.graph is not self._graph:
                raise ValueError("Cannot use the default session to execute operation: the "
                                 "operation's graph is different from the session's graph. Pass "
                                 "an explicit session to run(session=sess).")
        if session.graph is not self._graph:
            raise ValueError("Cannot use the given session to execute operation: the operation's "
                             "graph is different from the session's graph.")
        session.run(self, feed_dict)

    def __repr__(self) -> str:
        return f"<tf.Operation '{self._name}' type={self._type}>"

    def __str__(self) -> str:
        return str(self.node_def)

    __hash__ = object.__hash__


class NodeDefView:
    """The NodeDef text TF prints for `str(op)`; exports read its fields too."""

    def __init__(self, op: Operation):
        self.name = op.name
        self.op = op.type
        self.input = [t._as_node_def_input() for t in op._inputs] + [
            "^" + c.name for c in op._control_inputs]
        self.device = op.device
        self.attr = op.attrs
        if op._colocation:
            self.attr["_class"] = list(op._colocation)

    def __str__(self) -> str:
        lines = [f'name: "{self.name}"', f'op: "{self.op}"']
        lines += [f'input: "{i}"' for i in self.input]
        if self.device:
            lines.append(f'device: "{self.device}"')
        for key in sorted(self.attr):
            lines += ["attr {", f'  key: "{key}"', "  value {"]
            lines += ["    " + line for line in _attr_lines(self.attr[key])]
            lines += ["  }", "}"]
        return "\n".join(lines) + "\n"


# Protobuf text format of attr values, as TF prints NodeDefs.

def _block(head: str, body: list[str]) -> list[str]:
    return [head + " {"] + ["  " + line for line in body] + ["}"]


def _c_escape(data: bytes) -> str:
    out = []
    for c in data:
        ch = chr(c)
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif 0x20 <= c < 0x7F:
            out.append(ch)
        else:
            out.append(f"\\{c:03o}")
    return "".join(out)


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "'": "\\'", "\\": "\\\\"}


def _float_text(value: Any, double: bool = False) -> str:
    text = repr(float(value)) if double else str(np.float32(value))
    return text[:-2] if text.endswith(".0") else text


def _dtype_enum_name(dtype: _dtypes.DType) -> str:
    name = dtype.base_dtype.name
    return "DT_" + _ENUM_NAMES.get(name, name.upper())


_ENUM_NAMES = {"float32": "FLOAT", "float64": "DOUBLE", "float16": "HALF"}


def _shape_lines(shape: TensorShape, head: str = "shape") -> list[str]:
    if shape.ndims is None:
        return _block(head, ["unknown_rank: true"])
    dims = []
    for d in shape.dims:
        size = -1 if d.value is None else d.value
        dims += _block("dim", [f"size: {size}"] if size else [])
    return _block(head, dims)


def _tensor_lines(arr: np.ndarray) -> list[str]:
    dtype = _dtypes.as_dtype(arr.dtype)
    body = [f"dtype: {_dtype_enum_name(dtype)}"] + _shape_lines(TensorShape(arr.shape),
                                                                "tensor_shape")
    if dtype is _dtypes.string:
        body += [f'string_val: "{_c_escape(_as_bytes(v))}"' for v in arr.reshape(-1)]
    elif arr.ndim == 0:
        v = arr[()]
        if dtype is _dtypes.bool:
            body.append(f"bool_val: {str(bool(v)).lower()}")
        elif dtype is _dtypes.float32:
            body.append(f"float_val: {_float_text(v)}")
        elif dtype is _dtypes.float64:
            body.append(f"double_val: {_float_text(v, double=True)}")
        elif dtype is _dtypes.float16:
            body.append(f"half_val: {int(np.asarray(v).view(np.uint16))}")
        elif dtype.is_complex:
            field = "scomplex_val" if dtype is _dtypes.complex64 else "dcomplex_val"
            body += [f"{field}: {_float_text(v.real)}", f"{field}: {_float_text(v.imag)}"]
        else:
            field = {_dtypes.int64: "int64_val", _dtypes.uint32: "uint32_val",
                     _dtypes.uint64: "uint64_val"}.get(dtype, "int_val")
            body.append(f"{field}: {int(v)}")
    elif arr.size:
        body.append(f'tensor_content: "{_c_escape(np.ascontiguousarray(arr).tobytes())}"')
    return _block("tensor", body)


def _as_bytes(value: Any) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def _scalar_attr_text(value: Any) -> str:
    if isinstance(value, _dtypes.DType):
        return "type: " + _dtype_enum_name(value)
    if isinstance(value, (bool, np.bool_)):
        return f"b: {str(bool(value)).lower()}"
    if isinstance(value, numbers.Integral):
        return f"i: {int(value)}"
    if isinstance(value, numbers.Real):
        return f"f: {_float_text(value)}"
    if isinstance(value, (str, bytes)):
        return f's: "{_c_escape(_as_bytes(value))}"'
    return ""


def _attr_lines(value: Any) -> list[str]:
    if isinstance(value, TensorShape):
        return _shape_lines(value)
    if isinstance(value, np.ndarray):
        return _tensor_lines(value)
    if isinstance(value, (list, tuple)):
        body: list[str] = []
        for v in value:
            body += _shape_lines(v) if isinstance(v, TensorShape) else [_scalar_attr_text(v)]
        return _block("list", body)
    text = _scalar_attr_text(value)
    return [text] if text else _block("func", [f'name: "{type(value).__name__}"'])


# --------------------------------------------------------------------------------------------
# Graph


class Graph:
    """A TF1 graph: ops in creation order, unique names, scopes, collections and options."""

    def __init__(self):
        self._lock = threading.RLock()
        self._ops: list[Operation] = []
        self._nodes_by_name: dict[str, Operation] = {}
        self._names_in_use: dict[str, int] = {}
        self._name_stack = ""
        self._collections: dict[str, list] = {}
        self._control_dependencies_stack: list[_ControlFrame] = []
        self._device_stack: list[Any] = []
        self._colocation_stack: list[Operation] = []
        self._colocation_groups_scope: tuple[bytes, ...] = ()
        self._finalized = False
        self._last_id = 0
        self._control_flow_context = None
        self._version = 0
        self._rewires = 0  # edits to existing ops (control inputs added later)
        self.seed: int | None = None
        self._state: dict[str, Any] = {}  # per-graph state owned by higher layers (var stores)

    # ---- identity / building
    @property
    def version(self) -> int:
        return self._version

    @property
    def finalized(self) -> bool:
        return self._finalized

    def finalize(self) -> None:
        self._finalized = True

    def _unsafe_unfinalize(self) -> None:
        self._finalized = False

    def _check_not_finalized(self) -> None:
        if self._finalized:
            raise RuntimeError("Graph is finalized and cannot be modified.")

    def _next_id(self) -> int:
        self._last_id += 1
        return self._last_id

    @contextlib.contextmanager
    def as_default(self) -> Iterator["Graph"]:
        stack = _default_graph_stack()
        stack.append(self)
        try:
            yield self
        finally:
            stack.remove(self) if stack[-1] is not self else stack.pop()

    def state(self, key: str, factory: Callable[[], Any]) -> Any:
        """Per-graph state of a higher layer (e.g. the variable store), created on first use."""
        if key not in self._state:
            self._state[key] = factory()
        return self._state[key]

    # ---- names
    def get_name_scope(self) -> str:
        return self._name_stack

    def unique_name(self, name: str, mark_as_used: bool = True) -> str:
        """TF1's unique naming (case-insensitive since 1.9): `add`, `add_1`, ..."""
        if self._name_stack:
            name = self._name_stack + "/" + name
        key = name.lower()
        i = self._names_in_use.get(key, 0)
        if mark_as_used:
            self._names_in_use[key] = i + 1
        if i > 0:
            base_key = key
            while key in self._names_in_use:
                key = f"{base_key}_{i}"
                i += 1
            if mark_as_used:
                self._names_in_use[key] = 1
            name = f"{name}_{i - 1}"
        return name

    @contextlib.contextmanager
    def name_scope(self, name: str | None) -> Iterator[str]:
        """Opens a name scope; yields its full name with a trailing '/' ('' at the root)."""
        old = self._name_stack
        if not name:
            new = ""
        else:
            # at the root a scope name must also be a valid op name (no leading '_')
            if not (_VALID_SCOPE if old else _VALID_NAME).match(name):
                raise ValueError(f"'{name}' is not a valid scope name")
            new = name[:-1] if name.endswith("/") else self.unique_name(name)
        self._name_stack = new
        try:
            yield (new + "/") if new else ""
        finally:
            self._name_stack = old

    # ---- ops
    def create_op(self, op_type: str, inputs: list[Tensor] = (), attrs: dict | None = None,
                  name: str | None = None, control_inputs: list[Operation] = ()) -> Operation:
        """Adds an op; `name` ending in '/' is taken verbatim, otherwise uniquified in scope."""
        self._check_not_finalized()
        opdef = registry.lookup(op_type)
        inputs = list(inputs)
        for i, t in enumerate(inputs):
            if not isinstance(t, Tensor):
                raise TypeError(f"Input #{i} of op '{op_type}' must be a Tensor, got {t!r}")
            if t.graph is not self:
                raise ValueError(f"Tensor {t} must be from the same graph as the op being built "
                                 f"(op type {op_type}).")
        with self._lock:
            if name and name.endswith("/"):
                name = name[:-1]
            else:
                name = self.unique_name(name or op_type)
            if not _VALID_NAME.match(name):
                raise ValueError(f"'{name}' is not a valid node name")
            if name in self._nodes_by_name:
                raise ValueError(f"Duplicate node name in graph: '{name}'")
            deps = self._current_control_dependencies(inputs)
            for c in control_inputs:
                if c is not None and c not in deps:
                    deps.append(c)
            context = self._control_flow_context
            captured_from = len(self._ops)
            if context is not None:
                # Inside a loop body or branch, outside values come in through the context
                # (an Enter or a Switch named after this op), as TF1's AddValue.
                inputs, deps = context._capture(name, inputs, deps, opdef.ref_inputs)
            attrs = dict(attrs or {})
            overrides = self._state.get("gradient_override_map")
            if overrides and op_type in overrides:
                attrs["_gradient_op_type"] = overrides[op_type]
            op = Operation(self, name, op_type, inputs, attrs, opdef, deps, "")
            try:
                specs = opdef.infer(op)
            except ValueError as e:
                shapes = ", ".join(dims_str(t.shape) for t in inputs)
                raise ValueError(f"{e} for '{name}' (op: '{op_type}') with input shapes: "
                                 f"{shapes}.") from None
            op._outputs = [Tensor(op, i, _dtypes.as_dtype(dt), as_shape(sh))
                           for i, (dt, sh) in enumerate(specs)]
            # An op taking a ref input is placed with the ref's op (TF's op_def_library), which,
            # like `colocate_with`, sets aside the device scopes.
            ref_ops = [inputs[i].op for i in opdef.ref_inputs if i < len(inputs)] \
                if opdef.ref_inputs else ()
            if self._device_stack and not ref_ops:
                self._apply_device_functions(op)
            if ref_ops or self._colocation_stack or self._colocation_groups_scope:
                self._apply_colocation(op, [*self._colocation_stack, *ref_ops])
            for frame in self._control_dependencies_stack:
                frame.seen.add(op)
            for t in inputs:
                t._consumers.append(op)
            if len(self._ops) > captured_from:  # listed after their consumer, as TF1 does
                self._ops[captured_from:] = [op, *self._ops[captured_from:]]
            else:
                self._ops.append(op)
            self._nodes_by_name[name] = op
            self._version += 1
            return op

    def _captures_from(self, other: "Graph") -> bool:
        """Whether ops of this graph may read tensors of `other` (a function graph reading its
        outer graph's); plain graphs never do."""
        return False

    def get_operations(self) -> list[Operation]:
        return list(self._ops)

    def as_graph_def(self, from_version: int | None = None, add_shapes: bool = False) -> Any:
        """This graph as TF1's GraphDef protobuf (needs the `tensorboard` package)."""
        from .graph_def import as_graph_def  # noqa: PLC0415 - protobuf is loaded on first use
        return as_graph_def(self, from_version, add_shapes)

    def get_operation_by_name(self, name: str) -> Operation:
        if not isinstance(name, str):
            raise TypeError(f"Operation names are strings (or similar), not {type(name).__name__}.")
        return self.as_graph_element(name, allow_tensor=False, allow_operation=True)

    def get_tensor_by_name(self, name: str) -> Tensor:
        if not isinstance(name, str):
            raise TypeError(f"Tensor names are strings (or similar), not {type(name).__name__}.")
        return self.as_graph_element(name, allow_tensor=True, allow_operation=False)

    def as_graph_element(self, obj: Any, allow_tensor: bool = True,
                         allow_operation: bool = True) -> Tensor | Operation:
        """Resolves a Tensor, Operation or name to an element of this graph, TF1's errors."""
        if allow_tensor and allow_operation:
            types_str = "Tensor or Operation"
        elif allow_tensor:
            types_str = "Tensor"
        else:
            types_str = "Operation"
        conv = getattr(obj, "_as_graph_element", None)
        if conv is not None and not isinstance(obj, (Tensor, Operation)):
            obj = conv()
        if isinstance(obj, str):
            name = obj
            if ":" in name and allow_tensor:
                op_name, _, idx = name.partition(":")
                try:
                    out_n = int(idx)
                except ValueError:
                    raise ValueError(f"The name {name!r} looks a like a Tensor name, but is not a "
                                     f"valid one. Tensor names must be of the form "
                                     f"\"<op_name>:<output_index>\".") from None
                if op_name not in self._nodes_by_name:
                    raise KeyError(f"The name {name!r} refers to a Tensor which does not exist. "
                                   f"The operation, {op_name!r}, does not exist in the graph.")
                op = self._nodes_by_name[op_name]
                if out_n >= len(op._outputs):
                    raise KeyError(f"The name {name!r} refers to a Tensor which does not exist. "
                                   f"The operation, {op_name!r}, exists but only has "
                                   f"{len(op._outputs)} outputs.")
                return op._outputs[out_n]
            if ":" in name and not allow_tensor:
                raise ValueError(f"Name {name!r} appears to refer to a Tensor, not a {types_str}.")
            if name not in self._nodes_by_name:
                if not allow_operation:
                    raise ValueError(f"The name {name!r} looks like an (invalid) Operation name, "
                                     f"not a {types_str}. Tensor names must be of the form "
                                     f"\"<op_name>:<output_index>\".")
                raise KeyError(f"The name {name!r} refers to an Operation not in the graph.")
            if not allow_operation:
                raise ValueError(f"The name {name!r} refers to an Operation, not a {types_str}. "
                                 f"Tensor names must be of the form \"<op_name>:<output_index>\".")
            return self._nodes_by_name[name]
        if isinstance(obj, Tensor) and allow_tensor:
            if obj.graph is not self:
                raise ValueError(f"Tensor {obj} is not an element of this graph.")
            return obj
        if isinstance(obj, Operation) and allow_operation:
            if obj.graph is not self:
                raise ValueError(f"Operation {obj} is not an element of this graph.")
            return obj
        raise TypeError(f"Can not convert a {type(obj).__name__} into a {types_str}.")

    # ---- collections
    def add_to_collection(self, name: str, value: Any) -> None:
        self._check_not_finalized()
        self._collections.setdefault(name, []).append(value)

    def add_to_collections(self, names: Any, value: Any) -> None:
        names = (names,) if isinstance(names, str) else set(names)
        for n in names:
            self.add_to_collection(n, value)

    def get_collection_ref(self, name: str) -> list:
        return self._collections.setdefault(name, [])

    def get_collection(self, name: str, scope: str | None = None) -> list:
        items = self._collections.get(name, [])
        if scope is None:
            return list(items)
        pattern = re.compile(scope)
        return [x for x in items if getattr(x, "name", None) is not None and pattern.match(x.name)]

    def get_all_collection_keys(self) -> list[str]:
        return [k for k, v in self._collections.items() if isinstance(v, list)]

    def clear_collection(self, name: str) -> None:
        self._check_not_finalized()
        self._collections.pop(name, None)

    # ---- control dependencies
    @contextlib.contextmanager
    def control_dependencies(self, control_inputs: Any) -> Iterator[None]:
        """Ops created inside get control inputs on `control_inputs` (ops, or tensors' ops),
        except those already reached through a data input created inside the same block (TF's
        domination rule). `None` clears the outer blocks and the control-flow context."""
        if control_inputs is None:
            old_stack, old_context = self._control_dependencies_stack, self._control_flow_context
            self._control_dependencies_stack = [_ControlFrame([])]
            self._control_flow_context = None
            try:
                yield
            finally:
                self._control_dependencies_stack = old_stack
                self._control_flow_context = old_context
            return
        current = {op for frame in self._control_dependencies_stack for op in frame.ops}
        ops: list[Operation] = []
        for c in control_inputs:
            if not isinstance(c, Operation):
                c = self.as_graph_element(c)
                if isinstance(c, Tensor):
                    c = c.op
                elif not isinstance(c, Operation):
                    raise TypeError(f"Control input must be Operation or Tensor: {c}")
            elif c.graph is not self:
                raise ValueError(f"Operation {c} is not an element of this graph.")
            if c not in current:
                ops.append(c)
                current.add(c)
        self._control_dependencies_stack.append(_ControlFrame(ops))
        try:
            yield
        finally:
            self._control_dependencies_stack.pop()

    def _current_control_dependencies(self, inputs: list[Tensor]) -> list[Operation]:
        deps: list[Operation] = []
        if not self._control_dependencies_stack:
            return deps
        input_ops = [t.op for t in inputs]
        for frame in self._control_dependencies_stack:
            if any(op in frame.seen for op in input_ops):
                continue  # dominated: an input already runs after this block's control inputs
            for c in frame.ops:
                if c not in input_ops and c not in deps:
                    deps.append(c)
        return deps

    # ---- devices
    @contextlib.contextmanager
    def device(self, device_name_or_function: Any) -> Iterator[None]:
        """A device string is merged into what inner scopes set; a function's result is taken
        verbatim; `None` ignores the outer scopes."""
        spec = device_name_or_function
        if spec is not None and not callable(spec):
            spec = canonical_device(_device_string(spec))
        self._device_stack.append(spec)
        try:
            yield
        finally:
            self._device_stack.pop()

    def _apply_device_functions(self, op: Operation) -> None:
        """TF's order: innermost scope first, each outer one seeing the device set so far."""
        for spec in reversed(self._device_stack):
            if spec is None:
                break
            if isinstance(spec, str):
                op._device = _merge_device(spec, canonical_device(op._device))
            else:
                op._device = _device_string(spec(op))

    # ---- misc TF1 API
    @contextlib.contextmanager
    def gradient_override_map(self, op_type_map: dict) -> Iterator[None]:
        old = self._state.get("gradient_override_map", {})
        self._state["gradient_override_map"] = {**old, **op_type_map}
        try:
            yield
        finally:
            self._state["gradient_override_map"] = old

    def _apply_colocation(self, op: Operation, coloc: list[Operation]) -> None:
        """Sets `_class` to the union of the colocation ops' groups (or the pending groups of
        `_colocate_with_groups`); the outermost colocation op with a device gives its device."""
        if not coloc:
            op._colocation = self._colocation_groups_scope
            return
        op._colocation = tuple(sorted({g for o in coloc for g in o.colocation_groups()}))
        for o in reversed(coloc):
            if o.device:
                op._device = o.device

    @contextlib.contextmanager
    def colocate_with(self, op: Any, ignore_existing: bool = False) -> Iterator[None]:
        """Places the ops built inside with `op` (its device and `_class` groups). As in TF,
        device scopes are set aside inside; `ignore_existing` drops outer colocations, and
        `None` with it resets them."""
        if op is None and not ignore_existing:
            raise ValueError("Trying to reset colocation (op is None) but ignore_existing is "
                             "not True")
        op = _op_to_colocate_with(op)
        saved_devices, self._device_stack = self._device_stack, []
        saved_coloc = self._colocation_stack
        if ignore_existing:
            self._colocation_stack = []
        if op is not None:
            self._colocation_stack = self._colocation_stack + [op]
        try:
            yield
        finally:
            self._device_stack = saved_devices
            self._colocation_stack = saved_coloc

    @contextlib.contextmanager
    def _colocate_with_groups(self, groups: list[bytes]) -> Iterator[None]:
        """Gives ops built inside (and not otherwise colocated) the `_class` `groups`: TF's way of
        colocating a variable's initializer with a variable that does not exist yet."""
        saved, self._colocation_groups_scope = self._colocation_groups_scope, tuple(groups)
        try:
            yield
        finally:
            self._colocation_groups_scope = saved

    def is_feedable(self, tensor: Tensor) -> bool:
        return tensor not in self._state.get("unfeedable", ())

    def prevent_feeding(self, tensor: Tensor) -> None:
        self._state.setdefault("unfeedable", set()).add(tensor)

    def is_fetchable(self, tensor_or_op: Any) -> bool:
        op = tensor_or_op.op if isinstance(tensor_or_op, Tensor) else tensor_or_op
        return op not in self._state.get("unfetchable", ())

    def prevent_fetching(self, op: Operation) -> None:
        self._state.setdefault("unfetchable", set()).add(op)

    @property
    def building_function(self) -> bool:
        return False

    @property
    def collections(self) -> list[str]:
        return list(self._collections)


def _op_to_colocate_with(v: Any) -> Operation | None:
    """The op behind what `colocate_with` accepts: an op, or the op of `v` converted as a ref
    (a variable's own op; TF converts any other value too, making a Const)."""
    if v is None or isinstance(v, Operation):
        return v
    if isinstance(v, Tensor):
        return v.op
    from .convert import convert_to_tensor  # noqa: PLC0415 - convert builds on this module
    return convert_to_tensor(v, as_ref=True).op


# --------------------------------------------------------------------------------------------
# Default graph and default session stacks (thread-local, as TF1)

class _Defaults(threading.local):
    def __init__(self):
        self.graphs: list[Graph] = []
        self.sessions: list[Any] = []


_defaults = _Defaults()
_global_default_graph: Graph | None = None


def _default_graph_stack() -> list[Graph]:
    return _defaults.graphs


def get_default_graph() -> Graph:
    global _global_default_graph
    if _defaults.graphs:
        return _defaults.graphs[-1]
    if _global_default_graph is None:
        _global_default_graph = Graph()
    return _global_default_graph


def reset_default_graph() -> None:
    global _global_default_graph
    if _defaults.graphs:
        raise AssertionError("Do not use tf.reset_default_graph() to clear nested graphs. If you "
                             "need a cleared graph, exit the nesting and create a new graph.")
    _global_default_graph = Graph()


def get_default_session() -> Any:
    return _defaults.sessions[-1] if _defaults.sessions else None


@contextlib.contextmanager
def default_session(session: Any) -> Iterator[Any]:
    _defaults.sessions.append(session)
    try:
        yield session
    finally:
        pop_default_session(session)


def push_default_session(session: Any) -> None:
    _defaults.sessions.append(session)


def pop_default_session(session: Any) -> None:
    """Removes the innermost entry of `session` (a session may be made default twice)."""
    stack = _defaults.sessions
    for i in range(len(stack) - 1, -1, -1):
        if stack[i] is session:
            del stack[i]
            return


def get_name_scope() -> str:
    return get_default_graph().get_name_scope()


def graph_from_inputs(values: Any) -> Graph:
    """The graph shared by the tensor-likes among `values`, else the default graph. Tensors of
    a graph that the default graph captures from (a function's outer graph) count as the
    default graph's."""
    graph, first = None, None
    default = get_default_graph()
    for v in values or ():
        g = getattr(v, "graph", None)
        if not isinstance(g, Graph):
            continue
        if g is not default and default._captures_from(g):
            g = default
        if graph is None:
            graph, first = g, v
        elif g is not graph:
            raise ValueError(f"{v} must be from the same graph as {first}.")
    return graph if graph is not None else get_default_graph()


@contextlib.contextmanager
def name_scope(name: str | None, default_name: str | None = None,
               values: Any = None) -> Iterator[str]:
    """`tf.name_scope(name, default_name=None, values=None)`: in the graph of `values`."""
    if name is None:
        if default_name is None and values is not None:
            raise ValueError(f"At least one of name ({name}) and default_name ({default_name}) "
                             f"must be provided.")
        name = default_name
    if name is not None and not isinstance(name, str):
        raise TypeError(f"name for name_scope must be a string, got {name!r}")
    g = graph_from_inputs(values) if values is not None else get_default_graph()
    with g.as_default(), g.name_scope(name) as scope:
        yield scope


def control_dependencies(control_inputs: Any):
    return get_default_graph().control_dependencies(control_inputs)


def device(device_name_or_function: Any):
    return get_default_graph().device(device_name_or_function)


def colocate_with(op: Any, ignore_existing: bool = False):
    """`tf.colocate_with`: `Graph.colocate_with` on the default graph."""
    return get_default_graph().colocate_with(op, ignore_existing)


def add_to_collection(name: str, value: Any) -> None:
    get_default_graph().add_to_collection(name, value)


def add_to_collections(names: Any, value: Any) -> None:
    get_default_graph().add_to_collections(names, value)


def get_collection(key: str, scope: str | None = None) -> list:
    return get_default_graph().get_collection(key, scope)


def get_collection_ref(key: str) -> list:
    return get_default_graph().get_collection_ref(key)

