"""`tf.summary`: summary ops and the FileWriter of TensorBoard event files. The protobuf
classes (`Summary`, `Event`, `SessionLog`, ...) are TensorBoard's, loaded on first use."""
from .summary_ops import *  # noqa: F401,F403
from .writer import *  # noqa: F401,F403

_PROTO_CLASSES = {"Summary": "summary_pb2", "SummaryDescription": "summary_pb2",
                  "HistogramProto": "summary_pb2", "Event": "event_pb2",
                  "SessionLog": "event_pb2", "TaggedRunMetadata": "event_pb2"}


def __getattr__(name: str):
    """`tf.summary.Summary` and the other protobuf classes, imported only when asked for."""
    if name in _PROTO_CLASSES:
        from ..framework.graph_def import protos  # noqa: PLC0415
        return getattr(getattr(protos(), _PROTO_CLASSES[name]), name)
    raise AttributeError(f"module 'minitf.summary' has no attribute '{name}'")
