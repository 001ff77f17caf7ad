"""`tf.graph_util`: freezing and pruning GraphDefs (mirrors
tensorflow/python/framework/graph_util_impl.py of TF 1.15).

`convert_variables_to_constants` keeps the nodes the outputs need and turns each variable among
them into a Const holding its value in the session, so that one GraphDef file describes the
trained model (`tf.train.write_graph`, then `tf.import_graph_def`). The others work on
GraphDef messages alone.
"""
from __future__ import annotations

import logging
import re
from typing import Any

import numpy as np

from . import dtypes as _dtypes
from .graph_def import _tensor_proto, protos
from .importer import import_graph_def
from .tensor_shape import TensorShape

__all__ = ["convert_variables_to_constants", "extract_sub_graph", "remove_training_nodes",
           "tensor_shape_from_node_def_name", "import_graph_def"]

_VARIABLE_OPS = ("Variable", "VariableV2", "VarHandleOp")


def _node_name(text: str) -> str:
    return text[1:] if text.startswith("^") else text.split(":")[0]


def _colocated(group: bytes) -> str:
    name = group.decode("utf-8")
    return name[5:] if name.startswith("loc:@") else name


def extract_sub_graph(graph_def: Any, dest_nodes: list[str]) -> Any:
    """The nodes of `graph_def` that `dest_nodes` reach through inputs, control inputs and
    colocations, in their order."""
    pb = protos()
    if not isinstance(graph_def, pb.graph_pb2.GraphDef):
        raise TypeError("graph_def must be a graph_pb2.GraphDef proto.")
    if isinstance(dest_nodes, str):
        raise TypeError("dest_nodes must be a list.")
    inputs: dict[str, list[str]] = {}
    nodes: dict[str, Any] = {}
    order: dict[str, int] = {}
    for i, node in enumerate(graph_def.node):
        name = _node_name(node.name)
        nodes[name] = node
        inputs[name] = [_node_name(x) for x in node.input]
        if "_class" in node.attr:
            inputs[name] += [_colocated(g) for g in node.attr["_class"].list.s]
        order[name] = i
    for name in dest_nodes:
        assert name in nodes, f"{name} is not in graph"
    keep: set[str] = set()
    stack = list(dest_nodes)
    while stack:
        name = stack.pop()
        if name not in keep:
            keep.add(name)
            stack += inputs.get(name, ())
    out = pb.graph_pb2.GraphDef()
    for name in sorted(keep, key=lambda n: order[n]):
        out.node.add().CopyFrom(nodes[name])
    out.library.CopyFrom(graph_def.library)
    out.versions.CopyFrom(graph_def.versions)
    return out


def convert_variables_to_constants(sess: Any, input_graph_def: Any, output_node_names: list[str],
                                   variable_names_whitelist: list[str] | None = None,
                                   variable_names_blacklist: list[str] | None = None) -> Any:
    """The part of `input_graph_def` that `output_node_names` need, each variable in it (those
    whitelisted, less those blacklisted) replaced by a Const of the same name holding its value
    in `sess`."""
    pb = protos()
    graph_def = extract_sub_graph(input_graph_def, output_node_names)
    names = []
    for node in graph_def.node:
        if node.op in _VARIABLE_OPS:
            if (variable_names_whitelist is not None and
                    node.name not in variable_names_whitelist) or \
                    (variable_names_blacklist is not None and
                     node.name in variable_names_blacklist):
                continue
            names.append(node.name)
    values = dict(zip(names, sess.run([n + ":0" for n in names]))) if names else {}
    logging.getLogger("tensorflow").info("Froze %d variables.", len(values))
    out = pb.graph_pb2.GraphDef()
    for node in graph_def.node:
        if node.name in values:
            const = out.node.add(name=node.name, op="Const")
            dtype = _dtypes.as_dtype(node.attr["dtype"].type)
            const.attr["dtype"].type = dtype.as_datatype_enum
            value = np.asarray(values[node.name], dtype=_dtypes.np_dtype(dtype))
            const.attr["value"].tensor.CopyFrom(_tensor_proto(pb, value))
        else:
            out.node.add().CopyFrom(node)
    out.library.CopyFrom(graph_def.library)
    logging.getLogger("tensorflow").info("Converted %d variables to const ops.", len(values))
    return out


def remove_training_nodes(input_graph: Any, protected_nodes: list[str] | None = None) -> Any:
    """`input_graph` without CheckNumerics nodes and with Identity nodes spliced out (their
    readers read their input), except protected nodes and Identities that have or are control
    inputs."""
    pb = protos()
    protected = set(protected_nodes or ())
    removed = {n.name for n in input_graph.node if n.op == "CheckNumerics" and
               n.name not in protected}
    kept = []
    for node in input_graph.node:
        if node.name in removed:
            continue
        copy = pb.node_def_pb2.NodeDef()
        copy.CopyFrom(node)
        del copy.input[:]
        copy.input.extend(i for i in node.input if re.sub(r"^\^", "", i) not in removed)
        kept.append(copy)
    control_targets = {i[1:] for n in kept for i in n.input if i.startswith("^")}
    with_controls = {n.name for n in kept if any(i.startswith("^") for i in n.input)}
    spliced = {n.name: n.input[0] for n in kept
               if n.op == "Identity" and n.name not in protected and
               n.name not in with_controls and n.name not in control_targets}
    out = pb.graph_pb2.GraphDef()
    for node in kept:
        if node.name in spliced:
            continue
        copy = out.node.add()
        copy.CopyFrom(node)
        del copy.input[:]
        for text in node.input:
            while re.sub(r"^\^", "", text) in spliced:
                text = spliced[re.sub(r"^\^", "", text)]
            copy.input.append(text)
    return out


def tensor_shape_from_node_def_name(graph: Any, input_name: str) -> TensorShape:
    """The static shape of the tensor a NodeDef input names (`op` meaning `op:0`)."""
    name = input_name if ":" in input_name else input_name + ":0"
    return graph.get_tensor_by_name(name).get_shape()
