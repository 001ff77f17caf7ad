"""The op registry: one OpDef per TF op type, holding its shape rule, kernel and gradient.

A family module (minitf/ops/*.py) registers each op once, next to its builder. The graph asks
the registry for shape rules while building; the runtime asks it for kernels while compiling a
plan; autodiff asks it for gradients. Nothing here knows any particular op.
"""
from __future__ import annotations

import sys
from typing import Any, Callable

# Sentinel for OpDef.grad: declared to have no gradient (argmax, equal, shape, random ...).
NOT_DIFFERENTIABLE = "not differentiable"


class KernelContext:
    """What a kernel factory may see: the array module, the op's attrs and the session's state.

    `resources` is the running session's store (variables, random generators, ...): kernels of
    stateful ops keep their state there, so that each session owns its own. `refs` names the
    variables behind the op's ref inputs (Assign's `ref`), in input order. `wanted` tells,
    per output, whether the plan uses it (a loop records its history only when asked).
    """
    __slots__ = ("xp", "attrs", "op_name", "op_type", "resources", "compile", "refs", "wanted")

    def __init__(self, xp: Any, attrs: dict, op_name: str, op_type: str, resources: Any = None,
                 compile: Callable | None = None, refs: tuple = (), wanted: tuple = ()):
        self.xp, self.attrs, self.op_name, self.op_type = xp, attrs, op_name, op_type
        self.resources, self.compile, self.refs, self.wanted = resources, compile, refs, wanted


class OpDef:
    """Everything minitf knows about one op type.

    infer(op) -> [(dtype, shape), ...] gives the static outputs; it may raise ValueError with a
    short reason, to which the graph appends TF's " for 'name' (op: 'Type') ..." suffix.
    kernel(ctx) -> fn(*input_values) -> value | tuple of values (one per output).
    grad(op, *output_grads) -> [input_grad or None, ...], or NOT_DIFFERENTIABLE, or None (unset).
    ref_inputs: input positions that name a variable rather than carry a value (Assign's ref);
    the plan passes no value for them and the kernel finds the variables by `ctx.refs`.
    stateful: the op has effects or randomness, so it is never constant-folded.
    extra: optional hooks, each read in one place:
      fold(op) -> tuple of values | None   static values needing no input values (Shape of a
                                            known shape), used by convert.constant_value;
      explain(exc, input_values) -> str    TF's wording of a kernel's numpy error, used by the
                                            plan only when the kernel raised;
      read_late=True                        a variable read, scheduled by the plan just before
                                            its first consumer (TF's reads alias the variable);
      foldable=False                        values no static shape may read (StringSplit's
                                            dense shape stays unknown while building, as TF's).
    """
    __slots__ = ("type", "infer", "kernel", "grad", "stateful", "ref_inputs", "where", "extra")

    def __init__(self, type: str, infer: Callable | None, kernel: Callable | None,  # noqa: A002
                 grad: Any = None, stateful: bool = False, ref_inputs: tuple = (),
                 where: str = "", extra: dict | None = None):
        self.type, self.infer, self.kernel, self.grad = type, infer, kernel, grad
        self.stateful, self.ref_inputs, self.where = stateful, ref_inputs, where
        self.extra = {} if extra is None else extra


_REGISTRY: dict[str, OpDef] = {}


def register(op_type: str, *, infer: Callable, kernel: Callable, grad: Any = None,
             stateful: bool = False, ref_inputs: tuple = (), **extra: Any) -> OpDef:
    """Registers `op_type` once; a second registration names where the first was made."""
    caller = sys._getframe(1)
    where = f"{caller.f_code.co_filename}:{caller.f_lineno}"
    if op_type in _REGISTRY:
        raise KeyError(f"Registering two ops with name '{op_type}': first registered at "
                       f"{_REGISTRY[op_type].where}, again at {where}")
    opdef = OpDef(op_type, infer, kernel, grad, stateful, tuple(ref_inputs), where, extra)
    _REGISTRY[op_type] = opdef
    return opdef


# Modules whose ops register when they are first imported (kept out of `import minitf`);
# a lookup that misses imports them before giving up, so GraphDefs naming their ops still load.
_LAZY_FAMILIES: list[str] = []


def add_lazy_family(module: str) -> None:
    _LAZY_FAMILIES.append(module)


def _load_lazy_families() -> None:
    import importlib  # noqa: PLC0415
    while _LAZY_FAMILIES:
        importlib.import_module(_LAZY_FAMILIES.pop())


def lookup(op_type: str) -> OpDef:
    opdef = _REGISTRY.get(op_type)
    if opdef is None and _LAZY_FAMILIES:
        _load_lazy_families()
        opdef = _REGISTRY.get(op_type)
    if opdef is None:
        raise LookupError(f"No op named '{op_type}' is registered in minitf")
    return opdef


def is_registered(op_type: str) -> bool:
    """Whether `op_type` is an op type, those of lazily loaded families included."""
    try:
        lookup(op_type)
    except LookupError:
        return False
    return True


def set_gradient(op_type: str, grad: Any) -> None:
    """Attaches a gradient (or NOT_DIFFERENTIABLE) to an op registered earlier, for ops whose
    gradient needs builders defined after the op."""
    opdef = lookup(op_type)
    if opdef.grad is not None:
        raise KeyError(f"Gradient for op type '{op_type}' is already set ({opdef.where})")
    opdef.grad = grad


# Gradients registered under a name that is not an op type (`tf.RegisterGradient("MyGrad")`),
# used by ops created under `gradient_override_map({"Op": "MyGrad"})`.
_NAMED_GRADIENTS: dict[str, Any] = {}


def register_gradient(name: str, grad: Any) -> None:
    """`tf.RegisterGradient`/`tf.NotDifferentiable`: a gradient for an op type without one, or
    under a new name; registering a name twice is a KeyError, as in TF."""
    opdef = _REGISTRY.get(name)
    if name in _NAMED_GRADIENTS or (opdef is not None and opdef.grad is not None):
        raise KeyError(f"Registering two gradient with name '{name}'! (Previous registration "
                       f"was in {opdef.where if opdef else 'tf.RegisterGradient'})")
    if opdef is not None:
        opdef.grad = grad
    else:
        _NAMED_GRADIENTS[name] = grad


def gradient_function(op: Any) -> Callable | None:
    """The gradient function of `op` (honouring its `_gradient_op_type` override), None for a
    declared non-differentiable op; LookupError when it has none, as TF1."""
    name = op._attrs.get("_gradient_op_type")
    if name is None:
        grad = op._opdef.grad
    elif name in _NAMED_GRADIENTS:
        grad = _NAMED_GRADIENTS[name]
    elif name in _REGISTRY:
        grad = _REGISTRY[name].grad
    else:
        grad = None
    if grad is None:
        raise LookupError(f"No gradient defined for operation '{op.name}' (op type: "
                          f"{op.type})")
    return None if grad == NOT_DIFFERENTIABLE else grad


# The control-flow analysis of imported GraphDefs, `fn(nodes) -> structure`: `nodes` maps node
# names to the importer's ParsedNodes in GraphDef order; the structure has `paths` (node name ->
# keys of the loops and conds around it, outermost first) and `rebuild(graph, ops, unit_ids)`.
# ops/control_flow.py installs it, so that the importer imports no op family.
_IMPORT_STRUCTURE: list[Callable] = []


def set_import_structure_builder(builder: Callable) -> None:
    _IMPORT_STRUCTURE[:] = [builder]


def import_structure_builder() -> Callable | None:
    return _IMPORT_STRUCTURE[0] if _IMPORT_STRUCTURE else None


def registered_ops() -> dict[str, OpDef]:
    """Every op type, those of lazily loaded families included."""
    _load_lazy_families()
    return dict(_REGISTRY)
