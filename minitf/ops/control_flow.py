"""Control-flow ops: no_op, group, tuple, with_dependencies (mirrors control_flow_ops.py)."""
from __future__ import annotations

from typing import Any

from ..framework import nest, registry
from ..framework.convert import convert_to_tensor
from ..framework.graph import Operation, Tensor, get_default_graph

__all__ = ["no_op", "group", "tuple"]


# ---- NoOp

def _no_outputs(op):
    return []


def _no_op_fn(*inputs):
    return None


registry.register("NoOp", infer=_no_outputs, kernel=lambda ctx: _no_op_fn,
                  grad=registry.NOT_DIFFERENTIABLE)


def no_op(name: str | None = None) -> Operation:
    """`tf.no_op`: an op that does nothing; useful as a target carrying control inputs."""
    return get_default_graph().create_op("NoOp", [], {}, name=name or "NoOp")


def _group_on_device(device: str, deps: list, name: str | None = None) -> Operation:
    g = get_default_graph()
    with g.control_dependencies(deps), g.device(device):
        return no_op(name=name)


def group(*inputs: Any, **kwargs: Any) -> Operation:
    """`tf.group`: a NoOp (`group_deps`) that runs after all `inputs`. As TF1, inputs are
    grouped by device: one device gives one NoOp, several give a NoOp per device under the
    returned one; no inputs give a plain NoOp."""
    name = kwargs.pop("name", None)
    if kwargs:
        raise ValueError("Unknown keyword arguments: " + ", ".join(kwargs.keys()))
    g = get_default_graph()
    with g.name_scope(name or "group_deps") as scope:
        if not inputs:
            return no_op(name=scope)
        by_device: dict[str, list] = {}
        for inp in nest.flatten(inputs):
            if not hasattr(inp, "device"):
                raise TypeError(f"Expected tf.group() expected Tensor arguments not '{inp}' with "
                                f"type '{type(inp)}'")
            by_device.setdefault(inp.device, []).append(inp)
        if len(by_device) == 1:
            (device, deps), = by_device.items()
            return _group_on_device(device, deps, name=scope)
        per_device = [_group_on_device(device, by_device[device]) for device in sorted(by_device)]
        with g.control_dependencies(per_device):
            return no_op(name=scope)


def with_dependencies(dependencies: list, output_tensor: Any, name: str | None = None) -> Tensor:
    """`output_tensor` through an Identity (`control_dependency`) that runs after
    `dependencies`."""
    g = get_default_graph()
    with g.name_scope(name or "control_dependency") as scope:
        with g.control_dependencies(dependencies):
            t = convert_to_tensor(output_tensor)
            return g.create_op("Identity", [t], {"T": t.dtype.base_dtype}, name=scope).outputs[0]


def tuple(tensors: list, name: str | None = None,  # noqa: A001 - TF1's own name, tf.tuple
          control_inputs: list | None = None) -> list:
    """`tf.tuple`: the same values, each gated to be available only once all are computed
    (identities depending on a `group` of all the inputs' ops)."""
    g = get_default_graph()
    with g.name_scope(name or "tuple"):
        tensors = [t if t is None or isinstance(t, (Operation, Tensor)) else convert_to_tensor(t)
                   for t in tensors]
        gating_ops = [t if isinstance(t, Operation) else t.op for t in tensors if t is not None]
        for c in control_inputs or ():
            if isinstance(c, Tensor):
                c = c.op
            elif not isinstance(c, Operation):
                raise TypeError(f"Control input must be Operation or Tensor: {c}")
            gating_ops.append(c)
        gating_ops = sorted(set(gating_ops), key=lambda op: op._id)
        if not gating_ops:
            raise ValueError(f"Must have at least one Tensor: {tensors}")
        gate = group(*gating_ops)
        result = []
        for t in tensors:
            if isinstance(t, Tensor):
                result.append(with_dependencies([gate], t))
            elif isinstance(t, Operation):
                with g.control_dependencies([gate]):
                    result.append(group(t))
            else:
                result.append(None)
        return result

