"""The `SavedModel` message (tensorflow/core/protobuf/saved_model.proto: a schema version and
MetaGraphDefs), which TensorBoard's protobuf copies lack: declared once in protobuf's default
pool next to TensorBoard's `MetaGraphDef`, so binary and text SavedModels read and write with
protobuf itself."""
from __future__ import annotations

from typing import Any

from ..framework.graph_def import protos

_FULL_NAME = "tensorboard.SavedModel"


def saved_model_class() -> Any:
    """The SavedModel message class (made on first use)."""
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory  # noqa: PLC0415
    meta_graph_pb2 = protos().meta_graph_pb2
    pool = descriptor_pool.Default()
    try:
        descriptor = pool.FindMessageTypeByName(_FULL_NAME)
    except KeyError:
        file_proto = descriptor_pb2.FileDescriptorProto(
            name="minitf/saved_model.proto", package="tensorboard", syntax="proto3",
            dependency=[meta_graph_pb2.DESCRIPTOR.name])
        message = file_proto.message_type.add(name="SavedModel")
        field = descriptor_pb2.FieldDescriptorProto
        message.field.add(name="saved_model_schema_version", number=1,
                          type=field.TYPE_INT64, label=field.LABEL_OPTIONAL)
        message.field.add(name="meta_graphs", number=2, type=field.TYPE_MESSAGE,
                          label=field.LABEL_REPEATED, type_name=".tensorboard.MetaGraphDef")
        pool.Add(file_proto)
        descriptor = pool.FindMessageTypeByName(_FULL_NAME)
    return message_factory.GetMessageClass(descriptor)
