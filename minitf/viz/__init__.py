"""`minitf.viz`: pictures of graphs without TensorBoard: networkx graphs, Graphviz DOT text
and pictures, and a standalone HTML viewer (`python -m minitf graph SCRIPT.py -o graph.html`)."""
from .dot import render, to_dot  # noqa: F401
from .html import to_html  # noqa: F401
from .nx_graph import to_networkx  # noqa: F401

__all__ = ["to_networkx", "to_dot", "render", "to_html"]
