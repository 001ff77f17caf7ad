"""`minitf.viz.to_dot` and `render`: a graph in Graphviz's DOT language, name scopes as nested
clusters (a while loop's body inside its loop's cluster), chosen scopes collapsed into one node,
and pictures drawn by Graphviz's `dot` program when it is installed."""
from __future__ import annotations

import collections
import os
import shutil
import subprocess
from collections.abc import Iterable
from typing import Any

from ..framework.graph import Graph
from .model import GraphModel, OpInfo, describe, shape_text

INSTALL_GRAPHVIZ = ("Graphviz's `dot` program is not on PATH; install Graphviz to render "
                    "graphs (Debian/Ubuntu: `apt-get install graphviz`, macOS: `brew install "
                    "graphviz`, conda: `conda install graphviz`), or write the DOT text with "
                    "minitf.viz.to_dot and render it elsewhere")

_CONSTRUCT_STYLE = {"while": ('"#fdf1e3"', '"#d9822b"', "while loop"),
                    "cond": ('"#e8f1fb"', '"#4a7fc1"', "cond")}
_OP_FILL = {"Const": '"#eeeeee"', "Placeholder": '"#fff3b0"', "VariableV2": '"#d8f0d0"',
            "Enter": '"#fde2c4"', "Exit": '"#fde2c4"', "Merge": '"#fde2c4"',
            "Switch": '"#fde2c4"', "NextIteration": '"#fde2c4"', "LoopCond": '"#fde2c4"'}


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def collapsed_scopes(model: GraphModel, collapse: Any) -> set[str]:
    """The scopes drawn as one node: those named in `collapse` (a scope name or a list of
    them), or with an int, every scope nested deeper than that many levels."""
    scopes = model.scopes()
    if collapse is None:
        return set()
    if isinstance(collapse, bool) or not isinstance(collapse, (int, str, Iterable)):
        raise TypeError(f"collapse must be a scope name, a list of scope names or a depth (int), "
                        f"got {type(collapse).__name__}")
    if isinstance(collapse, int):
        if collapse < 0:
            raise ValueError(f"collapse depth must be >= 0, got {collapse}")
        return {s for s in scopes if s.count("/") == collapse}
    names = [collapse] if isinstance(collapse, str) else list(collapse)
    unknown = [n for n in names if n.rstrip("/") not in scopes]
    if unknown:
        raise ValueError(f"collapse names scopes that hold no ops: {unknown}")
    return {n.rstrip("/") for n in names}


def representative(name: str, collapsed: set[str]) -> str:
    """The node an op is drawn as: its outermost collapsed scope (`scope/`, which may be the op's
    own name), else itself."""
    parts = name.split("/")
    for i in range(1, len(parts) + 1):
        scope = "/".join(parts[:i])
        if scope in collapsed:
            return scope + "/"
    return name


def _op_node(op: OpInfo) -> str:
    short = op.name.rpartition("/")[2]
    outputs = ", ".join(shape_text(s) for s in op.shapes)
    tooltip = f"{op.name} ({op.type})" + (f" -> {outputs}" if outputs else "")
    fill = _OP_FILL.get(op.type, "white")
    return (f"{_quote(op.name)} [label={_quote(short + chr(10) + op.type)}, "
            f"tooltip={_quote(tooltip)}, fillcolor={fill}];")


def to_dot(graph: Graph, collapse: Any = None) -> str:
    """The DOT text of `graph`: one node per op (its short name and type), name scopes as
    clusters (while loops and conds marked), `collapse` (a scope name, a list of them, or a
    depth) drawn as one node per scope; data edges labelled with their tensor's shape, control
    dependencies dashed, loop back edges (NextIteration -> Merge) dotted."""
    model = describe(graph)
    collapsed = collapsed_scopes(model, collapse)
    members: dict[str, list[str]] = collections.defaultdict(list)  # scope -> lines inside it
    children: dict[str, list[str]] = collections.defaultdict(list)
    counts: collections.Counter = collections.Counter()
    for op in model.ops:
        rep = representative(op.name, collapsed)
        if rep == op.name:
            members[op.group].append(_op_node(op))
        else:
            counts[rep] += 1
    for rep, n in counts.items():
        scope = rep[:-1]
        label = f"{scope.rpartition('/')[2]}\n{n} op{'s' if n != 1 else ''}"
        kind = model.constructs.get(scope)
        if kind is not None:
            label += f"\n({_CONSTRUCT_STYLE[kind][2]})"
        members[scope.rpartition("/")[0]].append(
            f"{_quote(rep)} [label={_quote(label)}, shape=box3d, fillcolor=\"#dddddd\", "
            f"tooltip={_quote(scope)}];")
    shown = [s for s in model.scopes() if representative(s, collapsed) == s]
    for scope in shown:
        children[scope.rpartition("/")[0] if "/" in scope else ""].append(scope)

    lines = ["digraph G {", '  graph [compound=true, fontname="Helvetica", fontsize=11];',
             '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
             '  edge [fontname="Helvetica", fontsize=9, color="#555555"];']

    def emit(scope: str, indent: str) -> None:
        for child in children.get(scope, ()):
            kind = model.constructs.get(child)
            fill, pen, what = _CONSTRUCT_STYLE.get(kind, ('"#f7f7f7"', '"#999999"', ""))
            label = child.rpartition("/")[2] + (f" ({what})" if what else "")
            lines.append(f"{indent}subgraph {_quote('cluster_' + child)} {{")
            lines.append(f"{indent}  label={_quote(label)}; tooltip={_quote(child)}; "
                         f"style=\"rounded,filled\"; fillcolor={fill}; color={pen};")
            emit(child, indent + "  ")
            lines.append(f"{indent}}}")
        lines.extend(indent + line for line in members.get(scope, ()))

    emit("", "  ")
    grouped: dict[tuple, list] = collections.defaultdict(list)
    for e in model.edges:
        src, dst = representative(e.src, collapsed), representative(e.dst, collapsed)
        if src != dst:
            grouped[(src, dst, "back" if e.back else "control" if e.control else "data")].append(e)
    for (src, dst, kind), group in grouped.items():
        if kind == "control":
            style = "style=dashed, arrowhead=odot"
        elif kind == "back":
            style = 'style=dotted, color="#d9822b", constraint=false'
        else:
            text = shape_text(group[0].shape) if len(group) == 1 else f"{len(group)} tensors"
            style = f"label={_quote(text)}"
        lines.append(f"  {_quote(src)} -> {_quote(dst)} [{style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(graph: Graph, path: str, format: str | None = None, collapse: Any = None) -> str:
    """Draws `graph` into `path` with Graphviz's `dot` (the format from `path`'s extension
    unless given: svg, png, pdf ...); returns `path`."""
    fmt = format or os.path.splitext(path)[1].lstrip(".").lower()
    if not fmt:
        raise ValueError(f"cannot tell the picture format from {path!r}: give format= "
                         f"(svg, png, pdf ...)")
    program = shutil.which("dot")
    if program is None:
        raise FileNotFoundError(INSTALL_GRAPHVIZ)
    done = subprocess.run([program, f"-T{fmt}", "-o", path], input=to_dot(graph, collapse),
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"Graphviz's dot failed ({done.returncode}): {done.stderr.strip()}")
    return path
