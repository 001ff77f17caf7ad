"""What the graph pictures show, read once from a Graph: ops with their type, device, scope,
output dtypes and shapes and attrs as text, the edges between them (data, control and a while
loop's NextIteration -> Merge back edge, as in TF1's dataflow graph) and which name scopes are
while loops or conds. The networkx, DOT and HTML exporters all draw from this."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework.graph import Graph
from ..framework.graph_def import loop_back_edge, node_attrs, node_inputs
from ..framework.tensor_shape import TensorShape, dims_str


@dataclasses.dataclass
class OpInfo:
    name: str
    type: str
    device: str
    scope: str  # the enclosing name scope ('' at the top)
    dtypes: list[str]
    shapes: list[list[int | None] | None]  # None: unknown rank
    attrs: dict[str, str]
    loop: str  # the innermost while loop's scope holding the op ('' outside loops)
    # the scope the op is drawn in: its own name when that also names a scope (TensorBoard
    # keeps `concat_1` with `concat_1/axis`), else its scope
    group: str = ""


@dataclasses.dataclass
class Edge:
    src: str
    dst: str
    output: int  # -1 for a control edge
    input: int  # position among the consumer's data inputs, -1 for a control edge
    dtype: str = ""
    shape: list[int | None] | None = None
    back: bool = False  # a loop's NextIteration -> Merge edge

    @property
    def control(self) -> bool:
        return self.output < 0


@dataclasses.dataclass
class GraphModel:
    ops: list[OpInfo]
    edges: list[Edge]
    constructs: dict[str, str]  # scope name -> "while" or "cond"

    def scopes(self) -> list[str]:
        """Every name scope that holds an op, outermost first."""
        found: set[str] = set()
        for op in self.ops:
            parts = op.name.split("/")[:-1]
            found.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
        return sorted(found, key=lambda s: (s.count("/"), s))


def scope_of(name: str) -> str:
    return name.rpartition("/")[0]


def shape_list(shape: TensorShape) -> list[int | None] | None:
    return None if shape.ndims is None else shape.as_list()


def shape_text(shape: list[int | None] | None) -> str:
    """`[?,3]`, `?` for an unknown rank: TF's own notation."""
    return dims_str(TensorShape(shape))


def attr_text(value: Any) -> str:
    """An attr value as one readable line (dtypes by name, shapes as `[?,3]`, small tensors in
    full, larger ones by dtype and shape)."""
    if isinstance(value, _dtypes.DType):
        return value.name
    if isinstance(value, TensorShape):
        return dims_str(value)
    if isinstance(value, np.ndarray):
        if value.size <= 8:
            items = value.tolist()
            return repr(items.decode("utf-8", "replace") if isinstance(items, bytes) else items)
        return f"{value.dtype.name if value.dtype != object else 'string'} tensor " \
               f"{dims_str(TensorShape(value.shape))}"
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(attr_text(v) for v in value) + "]"
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value)).lower()
    return str(value)


def _constructs(ops: Iterable[Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for op in ops:
        context = op._control_flow_context
        while context is not None:
            unit = context.unit
            found.setdefault(unit.name, "while" if unit.type == "While" else "cond")
            context = unit.outer_context
    return found


def _loop_of(op: Any) -> str:
    context = op._control_flow_context
    while context is not None:
        if context.unit.type == "While":
            return context.unit.name
        context = context.unit.outer_context
    return ""


def describe(graph: Graph) -> GraphModel:
    """The model of `graph` (its ops in creation order)."""
    ops = graph.get_operations()
    infos, edges = [], []
    for op in ops:
        infos.append(OpInfo(
            name=op.name, type=op.type, device=op.device, scope=scope_of(op.name),
            dtypes=[t.dtype.name for t in op.outputs],
            shapes=[shape_list(t.shape) for t in op.outputs],
            attrs={k: attr_text(v) for k, v in sorted(node_attrs(op).items())},
            loop=_loop_of(op)))
        back = loop_back_edge(op)
        position = 0
        for entry in node_inputs(op):
            if entry.startswith("^"):
                edges.append(Edge(entry[1:], op.name, -1, -1))
                continue
            if back is not None and position == 1:
                src = graph.get_operation_by_name(back)
                t = src.outputs[0]
                edges.append(Edge(src.name, op.name, 0, 1, t.dtype.name, shape_list(t.shape),
                                  back=True))
            else:
                t = op.inputs[position]
                edges.append(Edge(t.op.name, op.name, t.value_index, position, t.dtype.name,
                                  shape_list(t.shape)))
            position += 1
    model = GraphModel(infos, edges, _constructs(ops))
    scopes = set(model.scopes())
    for info in infos:
        info.group = info.name if info.name in scopes else info.scope
    return model
