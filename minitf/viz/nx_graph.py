"""`minitf.viz.to_networkx`: a graph as a networkx MultiDiGraph, for analysis in Python."""
from __future__ import annotations

import dataclasses
from typing import Any

from ..framework.graph import Graph
from .model import describe


def to_networkx(graph: Graph) -> Any:
    """A `networkx.MultiDiGraph` with one node per op (attributes `type`, `device`, `scope`,
    `loop`, `dtypes`, `shapes` (one per output; None for an unknown rank), `attrs` as text) and
    one edge per tensor read (`output`, `input`, `dtype`, `shape`), per control dependency
    (`control=True`) and per while loop back edge (`back=True`, NextIteration -> Merge). The
    graph attribute `constructs` maps the scope of each while loop and cond to its kind."""
    import networkx as nx  # noqa: PLC0415 - networkx is loaded only when asked for
    model = describe(graph)
    out = nx.MultiDiGraph(constructs=dict(model.constructs))
    for op in model.ops:
        fields = dataclasses.asdict(op)
        out.add_node(fields.pop("name"), **fields)
    for e in model.edges:
        out.add_edge(e.src, e.dst, output=e.output, input=e.input, dtype=e.dtype, shape=e.shape,
                     control=e.control, back=e.back)
    return out
