"""`tf.import_graph_def`: the nodes of a GraphDef as ops of the default graph (mirrors
tensorflow/python/framework/importer.py and the graph constructor it calls,
tensorflow/core/graph/graph_constructor.cc).

Each NodeDef becomes an op through the registry (its shape rule runs, as TF's C++ shape
functions do), named `<prefix>/<name>` (`import/` by default; a name already in the graph gets
TF's `_1` suffix). Inputs named in `input_map` read the given tensors instead. Devices are the
nodes' own, under the caller's device scopes; a node colocated with another (`_class`) takes
that node's device. Nodes are created in a topological order in which the members of each while
loop and cond come together, and the control-flow builder (ops/control_flow_import.py) then
turns the loop and cond dataflow ops (Enter, Merge, Switch, NextIteration, Exit, ...) back into
the constructs minitf's plans run. A Merge's back edge from its NextIteration is left to that builder. The import is all
or nothing, as TF's: a failing node leaves the graph as it was.
"""
from __future__ import annotations

import contextlib
import heapq
import socket
from typing import Any, Callable, Iterator

from . import errors, registry
from .convert import convert_to_tensor
from .graph import Graph, Operation, Tensor, get_default_graph
from .graph_def import attr_from_proto, protos, tf_default_attrs
from .tensor_shape import TensorShape

__all__ = ["import_graph_def"]

class ParsedNode:
    """A NodeDef, parsed: data inputs as (node, output index), control inputs as node names."""

    __slots__ = ("index", "name", "op", "inputs", "controls", "device", "proto")

    def __init__(self, index: int, proto: Any):
        self.index = index
        self.proto = proto
        self.name = proto.name
        self.op = proto.op
        self.device = proto.device
        self.inputs: list[tuple[str, int]] = []
        self.controls: list[str] = []
        for text in proto.input:
            if text.startswith("^"):
                self.controls.append(text[1:])
            else:
                self.inputs.append(parse_tensor_name(text))

    def attr_value(self, key: str) -> Any:
        """The Python value of attr `key`, None when absent."""
        return attr_from_proto(self.proto.attr[key]) if key in self.proto.attr else None


def parse_tensor_name(name: str) -> tuple[str, int]:
    """'foo:1' -> ('foo', 1); 'foo' -> ('foo', 0)."""
    parts = name.split(":")
    if len(parts) == 1:
        return name, 0
    if len(parts) == 2:
        try:
            return parts[0], int(parts[1])
        except ValueError:
            pass
    raise ValueError(f"Cannot convert {name!r} to a tensor name.")


def _is_back_edge(node: ParsedNode, src: ParsedNode | None) -> bool:
    """TF's back edge: a NextIteration feeding a Merge (a loop's next value)."""
    return node.op == "Merge" and src is not None and src.op == "NextIteration"


# --------------------------------------------------------------------------------------------
# Arguments

def _graph_def_param(pb: Any, graph_def: Any) -> Any:
    if isinstance(graph_def, pb.graph_pb2.GraphDef):
        return graph_def
    descriptor = getattr(graph_def, "DESCRIPTOR", None)
    if getattr(descriptor, "full_name", None) == "tensorflow.GraphDef":  # another copy's class
        copy = pb.graph_pb2.GraphDef()
        copy.ParseFromString(graph_def.SerializeToString())
        return copy
    raise TypeError("graph_def must be a GraphDef proto.")


def _input_map_param(input_map: Any) -> dict:
    if input_map is None:
        return {}
    if not (isinstance(input_map, dict) and all(isinstance(k, (str, bytes)) for k in input_map)):
        raise TypeError("input_map must be a dictionary mapping strings to Tensor objects.")
    return {k.decode() if isinstance(k, bytes) else k: v for k, v in input_map.items()}


def _return_elements_param(return_elements: Any) -> tuple | None:
    if return_elements is None:
        return None
    if not all(isinstance(x, (str, bytes)) for x in return_elements):
        raise TypeError("return_elements must be a list of strings.")
    return tuple(x.decode() if isinstance(x, bytes) else x for x in return_elements)


def _canonical_map(input_map: dict) -> dict:
    """input_map keyed by `op:index` (or `^op` for a control input)."""
    out = {}
    for key, value in input_map.items():
        if key.startswith("^"):
            out[key] = value
        else:
            src, index = parse_tensor_name(key)
            out[f"{src}:{index}"] = value
    return out


# --------------------------------------------------------------------------------------------
# Order: topological, each loop and cond contiguous, back edges left out

def _sources(node: ParsedNode, nodes: dict) -> Iterator[str]:
    for src, _ in node.inputs:
        if src in nodes and not _is_back_edge(node, nodes[src]):
            yield src
    for src in node.controls:
        if src in nodes:
            yield src


def _order(nodes: dict, paths: dict) -> list[tuple[str, Any]]:
    """Events ("node", node) and ("end", construct key): every node after its inputs, and the
    members of each construct together, followed by its end."""
    events: list[tuple[str, Any]] = []

    def level(members: list[ParsedNode], depth: int) -> None:
        def key(n: ParsedNode) -> tuple:
            path = paths.get(n.name, ())
            return ("unit", path[depth]) if len(path) > depth else ("node", n.name)
        items: dict[tuple, list[ParsedNode]] = {}
        for n in members:
            items.setdefault(key(n), []).append(n)
        inside = {n.name for n in members}
        deps: dict[tuple, set] = {k: set() for k in items}
        users: dict[tuple, list] = {k: [] for k in items}
        for n in members:
            k = key(n)
            for src in _sources(n, nodes):
                if src in inside:
                    ks = key(nodes[src])
                    if ks != k and ks not in deps[k]:
                        deps[k].add(ks)
                        users[ks].append(k)
        first = {k: min(n.index for n in ms) for k, ms in items.items()}
        ready = [(first[k], k) for k, d in deps.items() if not d]
        heapq.heapify(ready)
        waiting = {k: len(d) for k, d in deps.items()}
        done = 0
        while ready:
            _, k = heapq.heappop(ready)
            done += 1
            if k[0] == "node":
                events.append(("node", items[k][0]))
            else:
                level(items[k], depth + 1)
                events.append(("end", k[1]))
            for u in users[k]:
                waiting[u] -= 1
                if not waiting[u]:
                    heapq.heappush(ready, (first[u], u))
        if done < len(items):
            stuck = sum(len(items[k]) for k, w in waiting.items() if w)
            raise ValueError(f"{stuck} nodes in a cycle")
    level(list(nodes.values()), 0)
    return events


# --------------------------------------------------------------------------------------------
# Building

@contextlib.contextmanager
def _bare(g: Graph) -> Iterator[list[Operation]]:
    """Ops created inside get none of the caller's control dependencies, devices, colocations
    or control-flow context (the importer applies TF's rules itself); yields the control ops of
    the caller's `control_dependencies` blocks, which every imported op waits for."""
    saved = (g._control_dependencies_stack, g._device_stack, g._colocation_stack,
             g._colocation_groups_scope, g._control_flow_context)
    blocks: list[Operation] = []
    for frame in g._control_dependencies_stack:
        blocks += [c for c in frame.ops if c not in blocks]
    g._control_dependencies_stack, g._device_stack, g._colocation_stack = [], [], []
    g._colocation_groups_scope, g._control_flow_context = (), None
    try:
        yield blocks
    finally:
        (g._control_dependencies_stack, g._device_stack, g._colocation_stack,
         g._colocation_groups_scope, g._control_flow_context) = saved


def _undo(g: Graph, first: int, names_in_use: dict) -> None:
    """Removes the ops created from position `first` on (a failed import)."""
    dropped = g._ops[first:]
    for op in dropped:
        for t in op._inputs:
            if op in t._consumers:
                t._consumers.remove(op)
        g._nodes_by_name.pop(op._name, None)
    del g._ops[first:]
    g._names_in_use = names_in_use
    for key in ("unfeedable", "unfetchable"):
        kept = g._state.get(key)
        if kept:
            gone = {t for op in dropped for t in op._outputs} if key == "unfeedable" \
                else set(dropped)
            kept -= gone


def _final_names(nodes: dict, prefix: str, g: Graph) -> dict[str, str]:
    """Node name -> its name in the graph: prefixed, and made unique (`name_1`) where the graph
    already has it, as TF's importer uniquifies."""
    wanted = {name: f"{prefix}/{name}" if prefix else name for name in nodes}
    taken = set(wanted.values())
    out = {}
    for name, full in wanted.items():
        if full in g._nodes_by_name:
            k = 1
            while f"{full}_{k}" in g._nodes_by_name or f"{full}_{k}" in taken:
                k += 1
            full = f"{full}_{k}"
            taken.add(full)
        out[name] = full
    return out


def _producer_defaults(producer_op_list: Any) -> dict[str, dict]:
    """Op type -> {attr: default AttrValue} of the producer's OpDefs."""
    if producer_op_list is None:
        return {}
    return {op.name: {a.name: a.default_value for a in op.attr if a.HasField("default_value")}
            for op in producer_op_list.op}


def _node_attrs(node: ParsedNode, defaults: dict, names: dict) -> tuple[dict, tuple]:
    """The attrs of the op of `node` (TF's defaults, then the producer's, filling absent ones)
    and its colocation groups, renamed as the nodes they name were."""
    attrs: dict[str, Any] = {}
    colocation: tuple = ()
    for found in (tf_default_attrs(node.op), defaults.get(node.op, {})):
        for key, value in found.items():
            if key not in node.proto.attr:
                attrs[key] = attr_from_proto(value)
    for key, av in node.proto.attr.items():
        if key == "_output_shapes":
            continue
        if key == "_class":
            groups = []
            for group in av.list.s:
                target = group[5:].decode("utf-8", "replace") if group.startswith(b"loc:@") \
                    else None
                groups.append(f"loc:@{names[target]}".encode() if target in names else group)
            colocation = tuple(groups)
            continue
        value = attr_from_proto(av)
        if value is not None:
            attrs[key] = value
    return attrs, colocation


def _check_nodes(nodes: dict, input_map: dict) -> None:
    """TF's checks before any node is built: registered op types, known inputs."""
    host = socket.gethostname()
    for node in nodes.values():
        if not registry.is_registered(node.op):
            raise errors.NotFoundError(
                None, None, f"Op type not registered '{node.op}' in binary running on {host}. "
                            f"Make sure the Op and Kernel are registered in the binary running "
                            f"in this process. Note that if you are loading a saved graph which "
                            f"used ops from tf.contrib, accessing (e.g.) `tf.contrib.resampler` "
                            f"should be done before importing the graph, as contrib ops are "
                            f"lazily registered when the module is first accessed.")
    for node in nodes.values():
        for src, index in node.inputs:
            if src not in nodes and f"{src}:{index}" not in input_map:
                raise ValueError(f"Node '{node.name}': Unknown input node '{src}'")
        for src in node.controls:
            if src not in nodes and f"^{src}" not in input_map:
                raise ValueError(f"Node '{node.name}': Unknown input node '^{src}'")


def _check_return_names(return_elements: tuple | None, nodes: dict) -> None:
    for name in return_elements or ():
        if ":" in name:
            if parse_tensor_name(name)[0] not in nodes:
                raise ValueError(f"Requested return tensor '{name}' not found in graph def")
        elif name not in nodes:
            raise ValueError(f"Requested return node '{name}' not found in graph def")


class _Builder:
    """Creates the ops of one import, in order, recording what input_map entries it used."""

    def __init__(self, g: Graph, nodes: dict, names: dict, input_map: dict, defaults: dict,
                 blocks: list[Operation]):
        self.g = g
        self.nodes = nodes
        self.names = names
        self.input_map = input_map
        self.defaults = defaults
        self.blocks = blocks
        self.ops: dict[str, Operation] = {}
        self.colocated: dict[Operation, tuple] = {}
        self.used: set[str] = set()

    def _input(self, node: ParsedNode, pos: int, src: str, index: int) -> Tensor | None:
        key = f"{src}:{index}"
        mapped = self.input_map.get(key)
        src_op = self.ops.get(src)
        if mapped is not None:
            self.used.add(key)
            if src_op is not None and index < len(src_op._outputs):
                expected = src_op._outputs[index].dtype.base_dtype
                if mapped.dtype.base_dtype != expected:
                    raise ValueError(f"Input {pos} of node {self.names[node.name]} was passed "
                                     f"{mapped.dtype.base_dtype.tf_name} from {mapped.name} "
                                     f"incompatible with expected {expected.tf_name}.")
            return mapped
        if src_op is None:  # a back edge, set by the control-flow builder
            return None
        if index >= len(src_op._outputs):
            raise ValueError(f"Node '{node.name}': Connecting to invalid output {index} of "
                             f"source node {src} which has {len(src_op._outputs)} outputs.")
        return src_op._outputs[index]

    def create(self, node: ParsedNode) -> None:
        inputs = [self._input(node, pos, src, index)
                  for pos, (src, index) in enumerate(node.inputs)]
        known = next((t for t in inputs if t is not None), None)
        back_edge = known is not None and len([t for t in inputs if t is None]) > 0
        inputs = [known if t is None else t for t in inputs]  # a Merge's back edge, for now
        controls = []
        for src in node.controls:
            mapped = self.input_map.get(f"^{src}")
            if mapped is not None:
                self.used.add(f"^{src}")
                op = mapped.op if isinstance(mapped, Tensor) else mapped
            else:
                op = self.ops[src]
            if op not in controls:
                controls.append(op)
        controls += [c for c in self.blocks if c not in controls]
        attrs, colocation = _node_attrs(node, self.defaults, self.names)
        op = self.g.create_op(node.op, inputs, attrs, name=self.names[node.name] + "/",
                              control_inputs=controls)
        op._colocation = colocation
        op._device = node.device
        if back_edge:  # TF's shape of a loop's Merge, whose next value is not known yet
            op._outputs[0]._shape = TensorShape(None)
        self.ops[node.name] = op
        self.g._names_in_use.setdefault(op._name.lower(), 1)
        others = [g[5:].decode("utf-8", "replace") for g in colocation
                  if g.startswith(b"loc:@") and g[5:].decode("utf-8", "replace") != op._name]
        if others:
            self.colocated[op] = others

    def place(self, g: Graph) -> None:
        """TF's devices: a node's own under the caller's device scopes; a colocated node the
        device of the first op it is colocated with that has one."""
        for op in self.ops.values():
            if op in self.colocated:
                op._device = ""
                continue
            original, op._device = op._device, ""
            with g.device(original) if original else contextlib.nullcontext():
                g._apply_device_functions(op)
        for op, names in self.colocated.items():
            for name in names:
                other = g._nodes_by_name.get(name)
                if other is None:
                    raise ValueError(f"Specified colocation to an op that does not exist "
                                     f"during import: {name} in {op.name}")
                if other._device:
                    op._device = other._device
                    break


def _return_values(return_elements: tuple, builder: _Builder) -> list:
    out: list = []
    for name in return_elements:
        if ":" not in name:
            out.append(builder.ops[name])
            continue
        src, index = parse_tensor_name(name)
        mapped = builder.input_map.get(f"{src}:{index}")
        if mapped is not None:
            out.append(mapped)
            continue
        op = builder.ops[src]
        if index >= len(op._outputs):
            raise ValueError(f"Invalid return output {index} of node '{src}', which has "
                             f"{len(op._outputs)} output(s)")
        out.append(op._outputs[index])
    return out


def import_graph_def(graph_def: Any, input_map: dict | None = None,
                     return_elements: list | None = None, name: str | None = None,
                     op_dict: Any = None, producer_op_list: Any = None) -> list | None:
    """`tf.import_graph_def`: adds the nodes of `graph_def` to the default graph under the name
    scope `name` (default `import`; `''` for none) and returns the ops and tensors named in
    `return_elements`. `input_map` maps tensor names of `graph_def` (`x:0`, `^op` for a
    control input) to tensors that replace them. `op_dict` is ignored, as in TF 1.15.
    `producer_op_list` (a MetaGraphDef's stripped op list) gives the defaults of attrs the
    nodes leave out."""
    pb = protos()
    graph_def = _graph_def_param(pb, graph_def)
    input_map = _input_map_param(input_map)
    return_elements = _return_elements_param(return_elements)
    g = get_default_graph()
    with g.name_scope(name if name is not None else "import") as scope:
        prefix = scope[:-1]
        if not all(isinstance(v, Tensor) for v in input_map.values()):
            if name == "":
                raise ValueError("tf.import_graph_def() requires a non-empty `name` if "
                                 "`input_map` contains non-Tensor values. Try calling "
                                 "tf.convert_to_tensor() on `input_map` values before calling "
                                 "tf.import_graph_def().")
            with g.name_scope("_inputs"):
                input_map = {k: convert_to_tensor(v) for k, v in input_map.items()}
    input_map = _canonical_map(input_map)

    nodes: dict[str, ParsedNode] = {}
    for i, proto in enumerate(graph_def.node):
        if proto.name in nodes:
            raise ValueError(f"Node '{proto.name}' is not unique")
        nodes[proto.name] = ParsedNode(i, proto)
    _check_nodes(nodes, input_map)
    _check_return_names(return_elements, nodes)
    builder = registry.import_structure_builder()
    structure = builder(nodes) if builder is not None else None
    events = _order(nodes, structure.paths if structure is not None else {})

    g._check_not_finalized()
    first, names_in_use = len(g._ops), dict(g._names_in_use)
    names = _final_names(nodes, prefix, g)
    try:
        with _bare(g) as blocks:
            builder = _Builder(g, nodes, names, input_map, _producer_defaults(producer_op_list),
                               blocks)
            unit_ids: dict[Any, float] = {}
            for kind, item in events:
                if kind == "node":
                    builder.create(item)
                else:  # after the nodes so far, taking no number from TF's op counter
                    unit_ids[item] = g._last_id + 0.5
            if structure is not None:
                structure.rebuild(g, builder.ops, unit_ids)
        builder.place(g)
        returned = _return_values(return_elements, builder) if return_elements is not None \
            else None
    except BaseException:
        _undo(g, first, names_in_use)
        raise

    missing = [key for key in input_map if key not in builder.used and
               (key[1:] if key.startswith("^") else parse_tensor_name(key)[0]) not in nodes]
    if missing:
        raise ValueError(f"Attempted to map inputs that were not found in graph_def: "
                         f"[{', '.join(missing)}]")
    return returned
