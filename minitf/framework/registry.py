"""The op registry: one OpDef per TF op type, holding its shape rule, kernel and gradient.

A family module (minitf/ops/*.py) registers each op once, next to its builder. The graph asks
the registry for shape rules while building; the runtime asks it for kernels while compiling a
plan; autodiff asks it for gradients. Nothing here knows any particular op.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any, Callable

# Sentinel for OpDef.grad: declared to have no gradient (argmax, equal, shape, random ...).
NOT_DIFFERENTIABLE = "not differentiable"


@dataclass
class KernelContext:
    """What a kernel factory may see: the array module, the op's attrs and the session's state.

    `resources` is the running session's store (variables, random generators, ...): kernels of
    stateful ops keep their state there, so that each session owns its own. `refs` names the
    variables behind the op's ref inputs (Assign's `ref`), in input order.
    """
    xp: Any
    attrs: dict
    op_name: str
    op_type: str
    resources: Any = None
    compile: Callable | None = None
    refs: tuple = ()


@dataclass
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
                                            its first consumer (TF's reads alias the variable).
    """
    type: str
    infer: Callable
    kernel: Callable
    grad: Any = None
    stateful: bool = False
    ref_inputs: tuple = ()
    where: str = ""
    extra: dict = field(default_factory=dict)


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


def lookup(op_type: str) -> OpDef:
    try:
        return _REGISTRY[op_type]
    except KeyError:
        raise LookupError(f"No op named '{op_type}' is registered in minitf") from None


def set_gradient(op_type: str, grad: Callable) -> None:
    """Attaches a gradient to an op registered earlier (for ops whose gradient needs builders
    defined after the op)."""
    opdef = lookup(op_type)
    if opdef.grad is not None:
        raise KeyError(f"Gradient for op type '{op_type}' is already set ({opdef.where})")
    opdef.grad = grad


def registered_ops() -> dict[str, OpDef]:
    return dict(_REGISTRY)
