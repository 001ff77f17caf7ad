"""MetaGraphDefs: `tf.train.export_meta_graph` and `tf.train.import_meta_graph` (mirrors
tensorflow/python/framework/meta_graph.py and the meta-graph half of training/saver.py of
TF 1.15).

A MetaGraphDef is the GraphDef (with each node's `_output_shapes`), the SaverDef naming a
Saver's ops, and the graph's collections: variable collections as VariableDef messages (the
names of a variable's ops), savers as SaverDefs, collections of tensors and ops as their names
(`node_list`), and collections of strings, ints and floats as such. `Saver.save` writes one
next to each checkpoint (`<prefix>.meta`). Importing it builds the graph again
(framework/importer.py), binds tf.Variables to the imported ops, refills the collections and
returns a Saver over the imported save and restore ops.

Queue runners go in as QueueRunnerDefs. Collections whose items have no such form (Python
objects) are left out with a warning, as TF leaves out what it cannot serialize. The
`while_context`/`cond_context` collections (TF's WhileContextDef/CondContextDef messages) are
neither written nor read: the importer rebuilds the contexts of loops and conds from the graph
itself.
"""
from __future__ import annotations

import os
import re
from typing import Any, Callable

from ..framework.graph import Graph, GraphKeys, Operation, Tensor, get_default_graph
from ..framework.graph_def import protos
from ..framework.graph_def import strip_default_attrs as _strip_defaults
from ..framework.importer import import_graph_def
from ..logging import warning
from ..ops import state as state_ops
from .queue_runner import QueueRunner, queue_runner_def_class

__all__ = ["export_meta_graph", "import_meta_graph"]

UNBOUND_INPUTS = "unbound_inputs"
_UNBOUND_PREFIX = "$unbound_inputs_"

# Collections of tf.Variables, serialized as VariableDefs (TF's registered proto functions).
_VARIABLE_COLLECTIONS = (GraphKeys.GLOBAL_VARIABLES, GraphKeys.TRAINABLE_VARIABLES,
                         GraphKeys.LOCAL_VARIABLES, GraphKeys.MODEL_VARIABLES,
                         GraphKeys.MOVING_AVERAGE_VARIABLES, GraphKeys.METRIC_VARIABLES,
                         GraphKeys.GLOBAL_STEP, GraphKeys.CONCATENATED_VARIABLES,
                         GraphKeys.TRAINABLE_RESOURCE_VARIABLES)
# Collections TF serializes with messages minitf has no form for.
_UNSERIALIZED = (GraphKeys.COND_CONTEXT, GraphKeys.WHILE_CONTEXT)


def strip_scope(name: str, scope: str | None) -> str:
    """`name` without the leading `scope/` (also after `^` or `loc:@`)."""
    if not scope:
        return name
    scope = scope.rstrip("/")
    return re.sub(rf"^(\^|loc:@)?{re.escape(scope)}/+", lambda m: m.group(1) or "", name,
                  count=1)


def prepend_scope(name: str, scope: str | None) -> str:
    """`name` under `scope/` (after a leading `^` or `loc:@`)."""
    if not scope:
        return name
    scope = scope.rstrip("/")
    found = re.match(r"^(\^|loc:@)?(.*)$", name, flags=re.S)
    return f"{found.group(1) or ''}{scope}/{found.group(2)}"


# --------------------------------------------------------------------------------------------
# Messages of minitf's objects

def _variable_def_proto(pb: Any, variable: Any, export_scope: str | None) -> Any | None:
    found = variable.to_proto(export_scope)
    if found is None:
        return None
    return pb.variable_pb2.VariableDef(
        variable_name=found.variable_name, initial_value_name=found.initial_value_name,
        initializer_name=found.initializer_name, snapshot_name=found.snapshot_name,
        trainable=found.trainable, is_resource=found.is_resource)


def saver_def_proto(saver_def: Any, export_scope: str | None = None) -> Any:
    """TF's SaverDef message of minitf's SaverDef (or of a SaverDef message), its names
    relative to `export_scope`; None when they are outside it."""
    pb = protos()
    names = (saver_def.filename_tensor_name, saver_def.save_tensor_name,
             saver_def.restore_op_name)
    if export_scope and not all(n.startswith(export_scope) for n in names):
        return None
    proto = pb.saver_pb2.SaverDef(
        filename_tensor_name=strip_scope(saver_def.filename_tensor_name, export_scope),
        save_tensor_name=strip_scope(saver_def.save_tensor_name, export_scope),
        restore_op_name=strip_scope(saver_def.restore_op_name, export_scope),
        max_to_keep=saver_def.max_to_keep, sharded=saver_def.sharded,
        keep_checkpoint_every_n_hours=saver_def.keep_checkpoint_every_n_hours)
    proto.version = saver_def.version
    return proto


def saver_def_from_proto(proto: Any, import_scope: str | None = None) -> Any:
    """minitf's SaverDef of a SaverDef message (or of another SaverDef), its names under
    `import_scope`."""
    from .saver import SaverDef  # noqa: PLC0415 - saver writes meta graphs through this module
    return SaverDef(prepend_scope(proto.filename_tensor_name, import_scope),
                    prepend_scope(proto.save_tensor_name, import_scope),
                    prepend_scope(proto.restore_op_name, import_scope),
                    proto.max_to_keep, proto.sharded, proto.keep_checkpoint_every_n_hours,
                    proto.version)


# --------------------------------------------------------------------------------------------
# Export

def _kind(item: Any) -> str:
    if isinstance(item, (str, bytes)):
        return "bytes_list"
    if isinstance(item, int):
        return "int64_list"
    if isinstance(item, float):
        return "float_list"
    return "node_list"


def _in_scope(item: Any, scope: str | None, exclude: set) -> bool:
    name = item if isinstance(item, str) else getattr(item, "name", None)
    if name is None:
        return True
    if name in exclude:
        return False
    return name.startswith(_UNBOUND_PREFIX) or not scope or name.startswith(scope)


def _add_collection(pb: Any, meta: Any, key: Any, graph: Graph, scope: str | None,
                    exclude: set) -> None:
    """The collection `key` as a CollectionDef of TF's kind for its items; one that has none
    is left out with TF's warning."""
    if not isinstance(key, (str, bytes)):
        warning("Only collections with string type keys will be serialized. This key has %s",
                type(key))
        return
    if key in (GraphKeys.COND_CONTEXT, GraphKeys.WHILE_CONTEXT):  # rebuilt from the graph
        return
    items = [x for x in graph.get_collection(key) if _in_scope(x, scope, exclude)]
    if not items:
        return
    col = meta.collection_def[key]
    try:
        if key in _VARIABLE_COLLECTIONS:
            for x in items:
                proto = _variable_def_proto(pb, x, scope)
                if proto is not None:
                    col.bytes_list.value.append(proto.SerializeToString())
        elif key == GraphKeys.SAVERS:
            for x in items:
                proto = saver_def_proto(x.saver_def, scope)
                if proto is not None:
                    col.bytes_list.value.append(proto.SerializeToString())
        elif key == GraphKeys.QUEUE_RUNNERS:
            for x in items:
                proto = x.to_proto(scope)
                if proto is not None:
                    col.bytes_list.value.append(proto.SerializeToString())
        else:
            kind = _kind(items[0])
            if kind == "node_list":
                for x in items:
                    if not isinstance(x, (Tensor, Operation, state_ops.Variable)):
                        raise TypeError(f"{x!r} is no tensor, op or variable")
                    if not scope or x.name.startswith(scope):
                        col.node_list.value.append(strip_scope(x.name, scope))
            elif kind == "bytes_list":
                col.bytes_list.value.extend(x.encode() if isinstance(x, str) else x
                                            for x in items)
            else:
                getattr(col, kind).value.extend(items)
    except (TypeError, ValueError, AttributeError) as e:
        warning("Issue encountered when serializing %s.\nType is unsupported, or the types of "
                "the items don't match field type in CollectionDef. Note this is a warning and "
                "probably safe to ignore.\n%s", key, e)
        del meta.collection_def[key]


def _scoped_node(pb: Any, node: Any, scope: str | None, unbound: list,
                 clear_devices: bool) -> Any:
    """A copy of `node` with `scope/` taken off its names; inputs from outside the scope become
    `$unbound_inputs_<name>`."""
    out = pb.node_def_pb2.NodeDef()
    out.CopyFrom(node)
    for i, text in enumerate(node.input):
        if scope and not text.lstrip("^").startswith(scope):
            caret = "^" if text.startswith("^") else ""
            out.input[i] = caret + _UNBOUND_PREFIX + text[len(caret):]
            unbound.append(out.input[i])
        else:
            out.input[i] = strip_scope(text, scope)
    out.name = strip_scope(node.name, scope)
    if "_class" in node.attr:
        groups = [g for g in node.attr["_class"].list.s
                  if not scope or g.decode().split("@")[1].startswith(scope)]
        del out.attr["_class"].list.s[:]
        out.attr["_class"].list.s.extend(strip_scope(g.decode(), scope).encode()
                                         for g in groups)
    if node.op in ("Enter", "RefEnter") and scope:
        frame = node.attr["frame_name"].s.decode()
        if frame.startswith(scope):
            out.attr["frame_name"].s = strip_scope(frame, scope).encode()
    if clear_devices:
        out.device = ""
    return out


def _extraneous_saver_nodes(graph_def: Any, saver_def: Any) -> set[str]:
    """Nodes of Savers other than the one `saver_def` names (each Saver has its own scope)."""
    def scope_of(name: str) -> str:
        name = name.lstrip("^").split(":")[0]
        return name.rsplit("/", 1)[0] if "/" in name else ""
    keep = set()
    if saver_def is not None:
        keep = {scope_of(saver_def.save_tensor_name) + "/",
                scope_of(saver_def.restore_op_name) + "/"}
    saver_nodes = {n.name for n in graph_def.node if n.op in ("SaveV2", "RestoreV2", "Save",
                                                                "Restore", "RestoreSlice",
                                                                "SaveSlices")}
    scopes = {scope_of(n) + "/" for n in saver_nodes} - keep
    return {n.name for n in graph_def.node if any(n.name.startswith(s) for s in scopes)}


def export_meta_graph(filename: str | None = None, meta_info_def: Any = None,
                      graph_def: Any = None, saver_def: Any = None,
                      collection_list: list | None = None, as_text: bool = False,
                      graph: Graph | None = None, export_scope: str | None = None,
                      clear_devices: bool = False, clear_extraneous_savers: bool = False,
                      strip_default_attrs: bool = False, save_debug_info: bool = False,
                      **kwargs: Any) -> Any:
    """`tf.train.export_meta_graph`: the MetaGraphDef of `graph` (the default graph), written
    to `filename` when given (text with `as_text`). `export_scope` keeps the nodes under that
    scope, without it in their names; `clear_devices` drops devices;
    `clear_extraneous_savers` drops the nodes and SaverDefs of other Savers than `saver_def`;
    `strip_default_attrs` drops attrs that hold TF's defaults. `save_debug_info` (TF's
    GraphDebugInfo file) writes nothing: minitf records no stack traces."""
    pb = protos()
    if graph is not None and not isinstance(graph, Graph):
        raise TypeError(f"graph must be of type Graph, not {type(graph)}")
    if meta_info_def is not None and \
            not isinstance(meta_info_def, pb.meta_graph_pb2.MetaGraphDef.MetaInfoDef):
        raise TypeError(f"meta_info_def must be of type MetaInfoDef, not "
                        f"{type(meta_info_def)}")
    if graph_def is not None and not isinstance(graph_def, pb.graph_pb2.GraphDef):
        raise TypeError(f"graph_def must be of type GraphDef, not {type(graph_def)}")
    if kwargs:
        raise TypeError(f"export_meta_graph() got unexpected keyword arguments: "
                        f"{sorted(kwargs)}")
    graph = graph or get_default_graph()
    if saver_def is not None and not isinstance(saver_def, pb.saver_pb2.SaverDef):
        saver_def = saver_def_proto(saver_def)
    source = graph_def if graph_def is not None else graph.as_graph_def(add_shapes=True)
    exclude = _extraneous_saver_nodes(source, saver_def) if clear_extraneous_savers else set()
    unbound: list[str] = []
    if export_scope or clear_devices or exclude:
        scoped = pb.graph_pb2.GraphDef()
        scoped.versions.CopyFrom(source.versions)
        for node in source.node:
            if _in_scope(node.name, export_scope, exclude):
                scoped.node.append(_scoped_node(pb, node, export_scope, unbound, clear_devices))
        source = scoped
        if export_scope:
            graph.clear_collection(UNBOUND_INPUTS)
            for name in unbound:
                graph.add_to_collection(UNBOUND_INPUTS, name)

    meta = pb.meta_graph_pb2.MetaGraphDef()
    if meta_info_def is not None:
        meta.meta_info_def.MergeFrom(meta_info_def)
    from .. import __git_version__, __version__  # noqa: PLC0415 - the package's own version
    meta.meta_info_def.tensorflow_version = __version__
    meta.meta_info_def.tensorflow_git_version = __git_version__
    meta.graph_def.MergeFrom(source)
    if strip_default_attrs:
        _strip_defaults(meta.graph_def)
        meta.meta_info_def.stripped_default_attrs = True
    if saver_def is not None:
        meta.saver_def.MergeFrom(saver_def)
    keys = collection_list if collection_list is not None else graph.get_all_collection_keys()
    for key in keys:
        if clear_extraneous_savers and key == GraphKeys.SAVERS:
            if saver_def is not None:
                meta.collection_def[key].bytes_list.value.append(saver_def.SerializeToString())
            continue
        _add_collection(pb, meta, key, graph, export_scope, exclude)
    if filename:
        write_meta_graph_file(meta, filename, as_text)
    return meta


def write_meta_graph_file(meta: Any, filename: str, as_text: bool = False) -> None:
    """Writes `meta` to `filename` (creating its folder) as one atomic, durable write."""
    from .checkpoint_format import write_atomically  # noqa: PLC0415 - loaded on first use
    folder = os.path.dirname(filename)
    if folder:
        os.makedirs(folder, exist_ok=True)
    if as_text:
        from google.protobuf import text_format  # noqa: PLC0415
        data = text_format.MessageToString(meta).encode("utf-8")
    else:
        data = meta.SerializeToString(deterministic=True)
    write_atomically(filename, lambda f: f.write(data))


# --------------------------------------------------------------------------------------------
# Import

def read_meta_graph_file(filename: str) -> Any:
    """The MetaGraphDef in `filename`, binary or text; IOError when missing or unreadable."""
    pb = protos()
    meta = pb.meta_graph_pb2.MetaGraphDef()
    if not os.path.exists(filename):
        raise IOError(f"File {filename} does not exist.")
    with open(filename, "rb") as f:
        data = f.read()
    try:
        meta.ParseFromString(data)
        return meta
    except Exception:  # noqa: BLE001 - protobuf's DecodeError; then try the text format
        pass
    from google.protobuf import text_format  # noqa: PLC0415
    try:
        text_format.Merge(data.decode("utf-8"), meta)
    except Exception as e:  # noqa: BLE001 - text_format.ParseError or a decode error
        raise IOError(f"Cannot parse file {filename}: {e}.") from None
    return meta


def _restore_collections(pb: Any, meta: Any, graph: Graph, scope: str | None,
                         keep: Callable[[str], bool]) -> None:
    """The collections of `meta`, trainable variables first: variables as tf.Variables bound
    to the imported ops (one object per VariableDef), savers as Savers, names as the imported
    tensors and ops."""
    keys = sorted(meta.collection_def)
    if GraphKeys.TRAINABLE_VARIABLES in keys:
        keys.remove(GraphKeys.TRAINABLE_VARIABLES)
        keys.insert(0, GraphKeys.TRAINABLE_VARIABLES)
    variables: dict[bytes, Any] = {}
    for key in keys:
        if key == UNBOUND_INPUTS or not keep(key):
            continue
        col = meta.collection_def[key]
        kind = col.WhichOneof("kind")
        if kind is None:
            warning("Cannot identify data type for collection %s. Skipping.", key)
            continue
        if key in _VARIABLE_COLLECTIONS and kind == "bytes_list":
            for value in col.bytes_list.value:
                variable = variables.get(value)
                if variable is None:
                    proto = pb.variable_pb2.VariableDef()
                    proto.ParseFromString(value)
                    variable = variables[value] = state_ops.Variable(
                        variable_def=state_ops.VariableDef(
                            proto.variable_name, proto.initial_value_name,
                            proto.initializer_name, proto.snapshot_name, proto.trainable,
                            proto.is_resource), import_scope=scope)
                graph.add_to_collection(key, variable)
        elif key == GraphKeys.SAVERS and kind == "bytes_list":
            from .saver import Saver  # noqa: PLC0415
            for value in col.bytes_list.value:
                proto = pb.saver_pb2.SaverDef()
                proto.ParseFromString(value)
                graph.add_to_collection(key, Saver(saver_def=proto, name=scope))
        elif key == GraphKeys.QUEUE_RUNNERS and kind == "bytes_list":
            for value in col.bytes_list.value:
                graph.add_to_collection(key, QueueRunner.from_proto(
                    queue_runner_def_class().FromString(value), import_scope=scope))
        elif key in _UNSERIALIZED:  # the imported loops and conds have their contexts
            continue
        elif kind == "node_list":
            for value in col.node_list.value:
                graph.add_to_collection(key, graph.as_graph_element(prepend_scope(value,
                                                                                   scope)))
        elif kind == "bytes_list":
            for value in col.bytes_list.value:
                graph.add_to_collection(key, prepend_scope(value.decode("utf-8", "replace"),
                                                            scope) if scope else value)
        else:
            for value in getattr(col, kind).value:
                graph.add_to_collection(key, int(value) if kind == "int64_list" else value)


def import_scoped_meta_graph(meta_graph_or_file: Any, clear_devices: bool = False,
                             graph: Graph | None = None, import_scope: str | None = None,
                             input_map: dict | None = None,
                             unbound_inputs_col_name: str | None = UNBOUND_INPUTS,
                             restore_collections_predicate: Callable[[str], bool] =
                             lambda key: True, return_elements: list | None = None) \
        -> tuple[dict, list | None]:
    """The graph and collections of a MetaGraphDef, imported into `graph` (the default graph)
    under `import_scope`; returns ({name without the scope: variable}, the return elements)."""
    pb = protos()
    meta = meta_graph_or_file if isinstance(meta_graph_or_file, pb.meta_graph_pb2.MetaGraphDef) \
        else read_meta_graph_file(meta_graph_or_file)
    if unbound_inputs_col_name and unbound_inputs_col_name in meta.collection_def:
        col = meta.collection_def[unbound_inputs_col_name]
        field = getattr(col, col.WhichOneof("kind") or "bytes_list")
        values = [v.decode() if isinstance(v, bytes) else v for v in field.value]
        if values and (not input_map or sorted(values) != sorted(input_map)):
            missing = ",".join(v for v in values if not input_map or v not in input_map)
            raise ValueError(f"Graph contains unbound inputs: {missing}. Must provide these "
                             f"inputs through input_map.")
    graph = graph or get_default_graph()
    with graph.as_default():
        graph_def = meta.graph_def
        if clear_devices:
            graph_def = pb.graph_pb2.GraphDef()
            graph_def.CopyFrom(meta.graph_def)
            for node in graph_def.node:
                node.device = ""
        scope = graph.unique_name(import_scope or "", mark_as_used=False)
        producer = meta.meta_info_def.stripped_op_list \
            if meta.meta_info_def.HasField("stripped_op_list") else None
        returned = import_graph_def(graph_def, input_map=input_map,
                                    return_elements=return_elements,
                                    name=import_scope or scope, producer_op_list=producer)
        _restore_collections(pb, meta, graph, scope or None, restore_collections_predicate)
        variables = {}
        for v in graph.get_collection(GraphKeys.GLOBAL_VARIABLES, scope=scope or None):
            variables[strip_scope(v.name, scope)] = v
    return variables, returned


def import_meta_graph(meta_graph_or_file: Any, clear_devices: bool = False,
                      import_scope: str | None = None, **kwargs: Any) -> Any:
    """`tf.train.import_meta_graph`: imports a MetaGraphDef (or the file holding one) into the
    default graph, restores its collections and returns a Saver over its SaverDef (a new Saver
    of its variables when it has none; None when there are none either)."""
    return _import_meta_graph_with_return_elements(meta_graph_or_file, clear_devices,
                                                   import_scope, **kwargs)[0]


def _import_meta_graph_with_return_elements(meta_graph_or_file: Any, clear_devices: bool = False,
                                            import_scope: str | None = None,
                                            return_elements: list | None = None,
                                            **kwargs: Any) -> tuple[Any, list | None]:
    from .saver import Saver  # noqa: PLC0415
    pb = protos()
    meta = meta_graph_or_file if isinstance(meta_graph_or_file, pb.meta_graph_pb2.MetaGraphDef) \
        else read_meta_graph_file(meta_graph_or_file)
    variables, returned = import_scoped_meta_graph(meta, clear_devices=clear_devices,
                                                   import_scope=import_scope,
                                                   return_elements=return_elements, **kwargs)
    if meta.HasField("saver_def"):
        scope = import_scope
        if variables:
            key, var = next(iter(variables.items()))
            scope = var.name[:-len(key)]
        return Saver(saver_def=meta.saver_def, name=scope), returned
    graph = get_default_graph()
    saveables = graph.get_collection(GraphKeys.GLOBAL_VARIABLES, scope=import_scope) + \
        graph.get_collection(GraphKeys.SAVEABLE_OBJECTS, scope=import_scope)
    return (Saver() if saveables else None), returned
