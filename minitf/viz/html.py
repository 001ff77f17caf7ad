"""`minitf.viz.to_html`: one self-contained HTML file that shows a graph (no server, no network:
the viewer's script, its style and the graph itself are inlined in the page)."""
from __future__ import annotations

import html
import json
import os

from ..framework.graph import Graph
from .model import describe, shape_text

_HERE = os.path.dirname(os.path.abspath(__file__))
_EDGE_KIND = {"data": 0, "control": 1, "back": 2}

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
{style}
</style>
</head>
<body>
<header>
<h1>{title}</h1>
<input id="search" type="search" placeholder="Search ops by name (press /)" autocomplete="off">
<button id="fit" type="button">Fit</button>
<button id="expand-all" type="button">Expand all</button>
<button id="collapse-all" type="button">Collapse all</button>
<span class="hint">{summary}</span>
</header>
<svg id="canvas" xmlns="http://www.w3.org/2000/svg">
<defs>
<marker id="arrow-data" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7"
 orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#666"/></marker>
<marker id="arrow-control" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7"
 markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#999"/></marker>
<marker id="arrow-back" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7"
 orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#d9822b"/></marker>
</defs>
</svg>
<aside>
<ul id="errors" hidden></ul>
<div id="details"><p class="hint">Click a scope to expand it, its header to collapse it, an op to
see its type, inputs, outputs, shapes, dtypes and attrs. Scroll to zoom, drag to pan.</p></div>
<h3>Search results</h3>
<p id="count" class="hint"></p>
<ol id="results"></ol>
</aside>
<script type="application/json" id="graph-data">{data}</script>
<script>
{script}
</script>
</body>
</html>
"""


def _asset(name: str) -> str:
    with open(os.path.join(_HERE, name), encoding="utf-8") as f:
        return f.read()


def graph_json(graph: Graph) -> str:
    """The graph as the viewer reads it: ops (name, type, device, drawing group, scope, loop,
    output dtypes and shapes, attrs as text) and edges [src, dst, output, input, kind]."""
    model = describe(graph)
    index = {op.name: i for i, op in enumerate(model.ops)}
    data = {
        "ops": [{"n": op.name, "t": op.type, "d": op.device, "g": op.group, "scope": op.scope,
                 "loop": op.loop, "dt": op.dtypes, "s": [shape_text(s) for s in op.shapes],
                 "a": op.attrs} for op in model.ops],
        "edges": [[index[e.src], index[e.dst], e.output, e.input,
                   _EDGE_KIND["back" if e.back else "control" if e.control else "data"]]
                  for e in model.edges],
        "constructs": model.constructs,
    }
    # "</" would end the script element early
    return json.dumps(data, separators=(",", ":")).replace("</", "<\\/")


def to_html(graph: Graph, path: str, title: str | None = None) -> str:
    """Writes the viewer page of `graph` to `path` (one file, openable offline); returns `path`."""
    n = len(graph.get_operations())
    title = title or "minitf graph"
    page = _PAGE.format(title=html.escape(title), style=_asset("viewer.css"),
                        summary=f"{n} op{'s' if n != 1 else ''}", data=graph_json(graph),
                        script=_asset("viewer.js"))
    with open(path, "w", encoding="utf-8") as f:
        f.write(page)
    return path
