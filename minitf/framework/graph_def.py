"""`Graph.as_graph_def`: a graph as TF1's GraphDef protobuf (mirrors Graph._as_graph_def in
tensorflow/python/framework/ops.py and the attr kinds of
tensorflow/core/framework/attr_value.proto).

The protobuf messages are TensorBoard's copies of TF's (`tensorboard.compat.proto`), so no
TensorFlow is needed; they are imported on first use, since `import minitf` stays light.
Each node carries TF's fields: name, op, inputs as `op`, `op:index` and `^control`, device and
attrs of TF's kinds (type, shape, tensor, i, f, b, s and lists of them). minitf's internal attrs
(those starting with `_`, other than TF's own `_class` and `_gradient_op_type`) are left out.
A while loop's Merge reads its NextIteration as its second input, as in TF1's graphs (minitf's
plans run loops as one construct and never need that back edge). `attr_from_proto` reads the
attr kinds back (framework/importer.py builds ops from them); `tf_default_attrs` gives TF's
defaults of an op type's attrs (tf_op_defaults.py), which imports fill in and
`strip_default_attrs` drops.
"""
from __future__ import annotations

import functools
import numbers
from typing import Any

import numpy as np

from . import dtypes as _dtypes
from .tensor_shape import TensorShape

# TF 1.15's TF_GRAPH_DEF_VERSION (tensorflow/core/public/version.h), which its GraphDefs carry.
GRAPH_DEF_VERSION = 134
GRAPH_DEF_VERSION_MIN_CONSUMER = 0

INSTALL_HINT = 'pip install "minitf[tensorboard]"'
_TF_PRIVATE_ATTRS = ("_class", "_gradient_op_type")


def _pin_tensorboard_stub() -> None:
    """TensorBoard's record writer reaches files through `tensorboard.compat.tf`, which imports
    `tensorflow` when it can: under `minitf run` that name is minitf itself (which has no
    `tf.io.gfile`), and elsewhere a real TensorFlow would take seconds to load. Resolve it,
    once, with `tensorflow` unimportable, so TensorBoard settles on its own stub."""
    import sys  # noqa: PLC0415

    from tensorboard import compat  # noqa: PLC0415
    saved = sys.modules.get("tensorflow")
    sys.modules["tensorflow"] = None  # type: ignore[assignment]
    try:
        dir(compat.tf)  # a LazyModule: loads here, then keeps what it loaded
    finally:
        if saved is None:
            del sys.modules["tensorflow"]
        else:
            sys.modules["tensorflow"] = saved


def protos() -> Any:
    """TensorBoard's protobuf modules (graph_pb2, attr_value_pb2, ...), as one namespace; an
    ImportError that says how to install them when TensorBoard is missing."""
    try:
        from tensorboard.compat.proto import (  # noqa: PLC0415
            attr_value_pb2,
            event_pb2,
            graph_pb2,
            meta_graph_pb2,
            node_def_pb2,
            saver_pb2,
            summary_pb2,
            tensor_pb2,
            tensor_shape_pb2,
            variable_pb2,
        )
    except ImportError as e:
        raise ImportError(f"GraphDefs, summaries and event files need the `tensorboard` package "
                          f"(its protobuf messages and record writer): {INSTALL_HINT}") from e
    _pin_tensorboard_stub()
    import types  # noqa: PLC0415
    return types.SimpleNamespace(attr_value_pb2=attr_value_pb2, event_pb2=event_pb2,
                                 graph_pb2=graph_pb2, meta_graph_pb2=meta_graph_pb2,
                                 node_def_pb2=node_def_pb2, saver_pb2=saver_pb2, summary_pb2=summary_pb2,
                                 tensor_pb2=tensor_pb2, tensor_shape_pb2=tensor_shape_pb2,
                                 variable_pb2=variable_pb2)


def node_inputs(op: Any) -> list[str]:
    """The NodeDef inputs of `op`: data inputs (`name` for output 0, else `name:k`), then
    `^name` per control input; a while loop's Merge gets its NextIteration back edge."""
    inputs = [t._as_node_def_input() for t in op._inputs]
    back = loop_back_edge(op)
    if back is not None:
        inputs[1] = back
    controls = [c.name for c in op._control_inputs]
    pivot = control_pivot(op)
    if pivot is not None:
        controls.append(pivot)
    return inputs + ["^" + c for c in controls]


def control_pivot(op: Any) -> str | None:
    """The op that an input-less op in a loop or branch waits for in TF1's graphs (its frame's
    pivot: a branch's `switch_t`/`switch_f`, a loop body's first Identity, a loop condition's
    first Merge), so that TF's executor places it in that frame."""
    context = op._control_flow_context
    if context is None or op._inputs or op._control_inputs:
        return None
    pivot = getattr(context, "pivot", None)
    if pivot is None:
        identities, merges = getattr(context, "identities", None), getattr(context, "merges", None)
        if identities and op._id > identities[0].op._id:
            pivot = identities[0]
        elif merges:
            pivot = merges[0]
    return None if pivot is None or pivot.op is op else pivot.op.name


def loop_back_edge(op: Any) -> str | None:
    """The NextIteration op that feeds a while loop's Merge `op` in TF1's dataflow graph."""
    if op._type != "Merge":
        return None
    context = op._control_flow_context
    merges = getattr(context, "merges", None)
    if not merges or op._outputs[0] not in merges:
        return None
    names = context.next_names
    i = merges.index(op._outputs[0])
    return names[i] if i < len(names) else None


def _shape_proto(pb: Any, shape: TensorShape) -> Any:
    proto = pb.tensor_shape_pb2.TensorShapeProto()
    if shape.ndims is None:
        proto.unknown_rank = True
    else:
        for d in shape.dims:
            proto.dim.add(size=-1 if d.value is None else d.value)
    return proto


# TensorProto fields of single values (TF's make_tensor_proto); multi-element arrays of the
# types in _CONTENT_TYPES go to `tensor_content` as raw bytes instead.
_VALUE_FIELDS = {"float32": "float_val", "float64": "double_val", "int32": "int_val",
                 "int16": "int_val", "int8": "int_val", "uint8": "int_val", "uint16": "int_val",
                 "int64": "int64_val", "uint32": "uint32_val", "uint64": "uint64_val",
                 "bool": "bool_val", "string": "string_val", "complex64": "scomplex_val",
                 "complex128": "dcomplex_val", "float16": "half_val"}
_CONTENT_TYPES = {"float16", "float32", "float64", "int32", "uint8", "int16", "int8", "int64",
                  "uint16", "uint32", "uint64"}


def _tensor_proto(pb: Any, arr: np.ndarray, shape: Any = None) -> Any:
    """`arr` as a TensorProto; with a `shape` that `arr` does not fill, its values in the
    typed field, which a reader repeats (the last one) up to the shape's size."""
    dtype = _dtypes.as_dtype(arr.dtype)
    proto = pb.tensor_pb2.TensorProto(dtype=dtype.as_datatype_enum)
    proto.tensor_shape.CopyFrom(_shape_proto(pb, TensorShape(arr.shape if shape is None
                                                            else shape)))
    name = dtype.name
    if name in _CONTENT_TYPES and arr.size > 1 and shape is None:
        proto.tensor_content = np.ascontiguousarray(arr).tobytes()
        return proto
    values = arr.reshape(-1)
    field = getattr(proto, _VALUE_FIELDS[name])
    if name == "string":
        field.extend(v.encode("utf-8") if isinstance(v, str) else bytes(v) for v in values)
    elif name == "float16":
        field.extend(values.view(np.uint16).tolist())
    elif dtype.is_complex:
        field.extend(x for v in values.tolist() for x in (v.real, v.imag))
    else:
        field.extend(values.tolist())
    return proto


def _is_scalar_kind(value: Any) -> bool:
    return isinstance(value, (_dtypes.DType, bool, np.bool_, numbers.Real, str, bytes))


def attr_value(pb: Any, value: Any) -> Any | None:
    """`value` as an AttrValue of TF's kind, or None when it has no such kind."""
    av = pb.attr_value_pb2.AttrValue()
    if isinstance(value, _dtypes.DType):
        av.type = value.as_datatype_enum
    elif isinstance(value, (bool, np.bool_)):
        av.b = bool(value)
    elif isinstance(value, numbers.Integral):
        av.i = int(value)
    elif isinstance(value, numbers.Real):
        av.f = float(value)
    elif isinstance(value, (str, bytes)):
        av.s = value.encode("utf-8") if isinstance(value, str) else bytes(value)
    elif isinstance(value, TensorShape):
        av.shape.CopyFrom(_shape_proto(pb, value))
    elif isinstance(value, np.ndarray):
        av.tensor.CopyFrom(_tensor_proto(pb, value))
    elif isinstance(value, (list, tuple)):
        if not all(isinstance(v, TensorShape) or _is_scalar_kind(v) for v in value):
            return None
        av.list.SetInParent()  # an empty list is still a list
        for v in value:
            item = attr_value(pb, v)
            field = item.WhichOneof("value")
            if field == "shape":
                av.list.shape.add().CopyFrom(item.shape)
            else:
                getattr(av.list, field).append(getattr(item, field))
    else:
        return None
    return av


def node_attrs(op: Any) -> dict:
    """The attrs a NodeDef of `op` carries: public ones, TF's own private ones (`_class`)."""
    attrs = op.attrs
    for key in _TF_PRIVATE_ATTRS:
        try:
            attrs[key] = op.get_attr(key)
        except ValueError:
            continue
    return attrs


def as_graph_def(graph: Any, from_version: int | None = None, add_shapes: bool = False) -> Any:
    """The GraphDef of `graph`'s ops (those added after version `from_version` when given); with
    `add_shapes`, each node's `_output_shapes` lists its outputs' static shapes."""
    pb = protos()
    graph_def = pb.graph_pb2.GraphDef()
    graph_def.versions.producer = GRAPH_DEF_VERSION
    graph_def.versions.min_consumer = GRAPH_DEF_VERSION_MIN_CONSUMER
    # ops created after version v sit at positions >= v (a captured Enter is listed before
    # its consumer, but never before ops that existed when that consumer was built)
    for op in graph.get_operations()[from_version or 0:]:
        node = graph_def.node.add(name=op.name, op=op.type, device=op.device)
        node.input.extend(node_inputs(op))
        for key, value in node_attrs(op).items():
            av = attr_value(pb, value)
            if av is not None:
                node.attr[key].CopyFrom(av)
        if add_shapes:
            node.attr["_output_shapes"].CopyFrom(
                attr_value(pb, [t.shape for t in op._outputs]))
    return graph_def


# ---- the other way: AttrValues and TensorProtos as the Python values minitf's ops hold

def shape_from_proto(proto: Any) -> TensorShape:
    if proto.unknown_rank:
        return TensorShape(None)
    return TensorShape([None if d.size < 0 else d.size for d in proto.dim])


def _text_or_bytes(value: bytes) -> str | bytes:
    """An `s` attr as minitf's builders hold it: text, unless it is not UTF-8."""
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value


def tensor_from_proto(proto: Any) -> np.ndarray:
    """The numpy array a TensorProto holds: raw `tensor_content`, or the typed values, the last
    one repeated up to the shape's size (TF's compact form of a constant fill)."""
    dtype = _dtypes.as_dtype(proto.dtype)
    shape = shape_from_proto(proto.tensor_shape).as_list()
    size = int(np.prod(shape, dtype=np.int64))
    name = dtype.name
    np_type = _dtypes.np_dtype(dtype)
    if proto.tensor_content:
        return np.frombuffer(proto.tensor_content, dtype=np_type).reshape(shape).copy()
    if name == "string":
        values = list(proto.string_val)
        out = np.empty(len(values), dtype=object)
        out[:] = values
    elif name == "float16":
        out = np.array(list(proto.half_val), dtype=np.uint16).view(np.float16)
    elif dtype.is_complex:
        parts = np.array(list(getattr(proto, _VALUE_FIELDS[name])), dtype=np.float64)
        out = (parts[0::2] + 1j * parts[1::2]).astype(np_type)
    elif name == "bool":
        out = np.array(list(proto.bool_val), dtype=np.bool_)
    else:
        out = np.array(list(getattr(proto, _VALUE_FIELDS[name])), dtype=np_type)
    if out.size == size:
        return out.reshape(shape)
    filled = np.full(size, out[-1] if out.size else np.zeros((), np_type), dtype=out.dtype)
    filled[:out.size] = out[:size]
    return filled.reshape(shape)


# AttrValue field -> the Python value of one element
_FROM_FIELD = {"s": _text_or_bytes, "i": int, "f": float, "b": bool, "type": _dtypes.as_dtype,
               "shape": shape_from_proto, "tensor": tensor_from_proto}


def attr_from_proto(av: Any) -> Any:
    """An AttrValue as the Python value minitf's ops hold: DType, TensorShape, numpy array,
    bool, int, float, text (bytes when not UTF-8) or a list of them; a function's name for
    `func`. None for an empty AttrValue."""
    kind = av.WhichOneof("value")
    if kind is None:
        return None
    if kind == "list":
        for field, convert in _FROM_FIELD.items():
            values = getattr(av.list, field)
            if values:
                return [convert(v) for v in values]
        return []
    if kind == "func":
        return av.func.name
    return _FROM_FIELD[kind](getattr(av, kind))


@functools.lru_cache(maxsize=None)
def tf_default_attrs(op_type: str) -> dict:
    """TF's default AttrValues of `op_type`'s attrs (none for op types TF lacks)."""
    from google.protobuf import text_format  # noqa: PLC0415 - protobuf loads on first use
    from .tf_op_defaults import DEFAULTS  # noqa: PLC0415
    pb = protos()
    return {key: text_format.Parse(text, pb.attr_value_pb2.AttrValue())
            for key, text in DEFAULTS.get(op_type, {}).items()}


def strip_default_attrs(graph_def: Any) -> None:
    """Drops from each node the attrs that hold TF's default value (TF's
    strip_default_attrs, which TF's importer undoes)."""
    for node in graph_def.node:
        for key, default in tf_default_attrs(node.op).items():
            if key in node.attr and node.attr[key] == default:
                del node.attr[key]
