"""`tf.train.write_graph` (mirrors tensorflow/python/framework/graph_io.py)."""
from __future__ import annotations

import os
from typing import Any

from ..framework.graph import Graph
from ..framework.graph_def import protos

__all__ = ["write_graph"]


def write_graph(graph_or_graph_def: Any, logdir: str, name: str, as_text: bool = True) -> str:
    """Writes a graph's GraphDef to `logdir/name` (creating `logdir`): protobuf text (pbtxt),
    which TF's text-format reader parses, or the binary message when `as_text` is False.
    Returns the path written."""
    pb = protos()
    graph_def = graph_or_graph_def.as_graph_def() if isinstance(graph_or_graph_def, Graph) \
        else graph_or_graph_def
    if not isinstance(graph_def, pb.graph_pb2.GraphDef):
        raise TypeError(f"write_graph expects a tf.Graph or a GraphDef, got "
                        f"{type(graph_or_graph_def).__name__}")
    os.makedirs(logdir, exist_ok=True)
    path = os.path.join(logdir, name)
    if as_text:
        from google.protobuf import text_format  # noqa: PLC0415 - protobuf loads on first use
        with open(path, "w", encoding="utf-8") as f:
            f.write(text_format.MessageToString(graph_def))
    else:
        with open(path, "wb") as f:
            f.write(graph_def.SerializeToString(deterministic=True))
    return path
