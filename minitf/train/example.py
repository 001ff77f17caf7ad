"""`tf.train.Example`, `SequenceExample` and their parts (`Features`, `Feature`, `FeatureList`,
`FeatureLists`, `BytesList`, `FloatList`, `Int64List`): protobuf messages with TF's full names
(`tensorflow.Example`, ...) and field numbers (tensorflow/core/example/feature.proto and
example.proto), so what they serialize is what TF's classes serialize and read.

TensorBoard's protobuf package has no copy of these two files, so their descriptors are built
here, in a pool of their own, when a class is first asked for (`import minitf` stays free of
protobuf). The parsing ops read serialized examples without protobuf (minitf/ops/parsing_ops.py).
"""
from __future__ import annotations

import functools
import types
from typing import Any

from ..framework.graph_def import INSTALL_HINT

__all__ = ["BytesList", "Example", "Feature", "FeatureList", "FeatureLists", "Features",
           "FloatList", "Int64List", "SequenceExample"]

# (message, [(field, number, type, label, message type or None, oneof index or None)]); a
# message type ending in "Entry" is the map entry nested in the message before it.
_FEATURE_PROTO = [
    ("BytesList", [("value", 1, "bytes", "repeated", None, None)]),
    ("FloatList", [("value", 1, "float", "repeated", None, None)]),
    ("Int64List", [("value", 1, "int64", "repeated", None, None)]),
    ("Feature", [("bytes_list", 1, "message", "optional", "BytesList", 0),
                 ("float_list", 2, "message", "optional", "FloatList", 0),
                 ("int64_list", 3, "message", "optional", "Int64List", 0)]),
    ("Features", [("feature", 1, "message", "repeated", "Features.FeatureEntry", None)]),
    ("FeatureList", [("feature", 1, "message", "repeated", "Feature", None)]),
    ("FeatureLists", [("feature_list", 1, "message", "repeated", "FeatureLists.FeatureListEntry",
                       None)]),
]
_MAP_ENTRIES = {"Features": ("FeatureEntry", "Feature"),
                "FeatureLists": ("FeatureListEntry", "FeatureList")}
_EXAMPLE_PROTO = [
    ("Example", [("features", 1, "message", "optional", "Features", None)]),
    ("SequenceExample", [("context", 1, "message", "optional", "Features", None),
                         ("feature_lists", 2, "message", "optional", "FeatureLists", None)]),
]


def _add_field(message: Any, descriptor_pb2: Any, spec: tuple) -> None:
    name, number, kind, label, type_name, oneof = spec
    field = message.field.add(name=name, number=number, json_name=name)
    field.type = getattr(descriptor_pb2.FieldDescriptorProto, f"TYPE_{kind.upper()}")
    field.label = getattr(descriptor_pb2.FieldDescriptorProto, f"LABEL_{label.upper()}")
    if type_name:
        field.type_name = f".tensorflow.{type_name}"
    if oneof is not None:
        field.oneof_index = oneof
    if kind in ("float", "int64") and label == "repeated":
        field.options.packed = True


def _file(descriptor_pb2: Any, name: str, messages: list, dependency: str | None) -> Any:
    proto = descriptor_pb2.FileDescriptorProto(name=name, package="tensorflow", syntax="proto3")
    if dependency:
        proto.dependency.append(dependency)
    for message_name, fields in messages:
        message = proto.message_type.add(name=message_name)
        if message_name == "Feature":
            message.oneof_decl.add(name="kind")
        if message_name in _MAP_ENTRIES:
            entry_name, value_type = _MAP_ENTRIES[message_name]
            entry = message.nested_type.add(name=entry_name)
            entry.options.map_entry = True
            _add_field(entry, descriptor_pb2, ("key", 1, "string", "optional", None, None))
            _add_field(entry, descriptor_pb2, ("value", 2, "message", "optional", value_type,
                                               None))
        for spec in fields:
            _add_field(message, descriptor_pb2, spec)
    options = proto.options
    options.java_package = "org.tensorflow.example"
    options.cc_enable_arenas = True
    return proto


@functools.cache
def example_pb2() -> types.SimpleNamespace:
    """The message classes, by name; an ImportError saying how to install protobuf when it
    is missing."""
    try:
        from google.protobuf import (  # noqa: PLC0415
            descriptor_pb2,
            descriptor_pool,
            message_factory,
        )
    except ImportError as e:
        raise ImportError(f"tf.train.Example and its parts need the `protobuf` package: "
                          f"{INSTALL_HINT}") from e
    pool = descriptor_pool.DescriptorPool()
    feature = "tensorflow/core/example/feature.proto"
    pool.Add(_file(descriptor_pb2, feature, _FEATURE_PROTO, None))
    pool.Add(_file(descriptor_pb2, "tensorflow/core/example/example.proto", _EXAMPLE_PROTO,
                   feature))
    get_class = getattr(message_factory, "GetMessageClass", None) or \
        message_factory.MessageFactory(pool).GetPrototype
    classes = {name: get_class(pool.FindMessageTypeByName(f"tensorflow.{name}"))
               for name in __all__}
    for cls in classes.values():
        cls.__module__ = __name__  # where pickle finds them again
    return types.SimpleNamespace(**classes)


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(example_pb2(), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
