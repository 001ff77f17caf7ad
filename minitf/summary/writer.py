"""`tf.summary.FileWriter`: TensorBoard event files (mirrors
tensorflow/python/summary/writer/writer.py). Events are TensorBoard's protobuf messages, written
by TensorBoard's own asynchronous event file writer (TFRecord framing with CRCs)."""
from __future__ import annotations

import logging
import time
import warnings
from typing import Any

from ..framework.graph import Graph, get_default_graph
from ..framework.graph_def import protos

__all__ = ["FileWriter", "FileWriterCache"]


class FileWriter:
    """Writes `Summary` protos, session logs and the graph to an event file in `logdir`, which
    TensorBoard reads. `graph` (the 2nd positional argument) is written at once."""

    def __init__(self, logdir: str, graph: Any = None, max_queue: int = 10,
                 flush_secs: float = 120, graph_def: Any = None,
                 filename_suffix: str | None = None, session: Any = None):
        if session is not None:
            raise ValueError("FileWriter(session=...) writes through TF 2's summary writer "
                             "resources, which minitf does not have; leave session=None")
        self._pb = protos()
        self._logdir = str(logdir)
        self._options = (max_queue, flush_secs, filename_suffix or "")
        self.event_writer = self._open()
        self._closed = False
        self._seen_summary_tags: set = set()
        if graph_def is not None:
            logging.getLogger("tensorflow").warning(
                "Passing a `GraphDef` to the SummaryWriter is deprecated. Pass a `Graph` "
                "object instead, such as `sess.graph`.")
            if graph is None:
                graph, graph_def = graph_def, None
        if graph is not None:
            self.add_graph(graph=graph, graph_def=graph_def)
            true_graph_def = graph.as_graph_def(add_shapes=True) if isinstance(graph, Graph) \
                else graph
            self.add_meta_graph(self._pb.meta_graph_pb2.MetaGraphDef(graph_def=true_graph_def))

    def _open(self) -> Any:
        max_queue, flush_secs, suffix = self._options
        from tensorboard.summary.writer.event_file_writer import EventFileWriter  # noqa: PLC0415
        return EventFileWriter(self._logdir, max_queue, flush_secs, suffix)

    def __enter__(self) -> "FileWriter":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def get_logdir(self) -> str:
        return self._logdir

    def _is_closed(self) -> bool:
        if self._closed:
            warnings.warn("Attempting to use a closed FileWriter. The operation will be a noop "
                          "unless the FileWriter is explicitly reopened.")
        return self._closed

    def add_event(self, event: Any) -> None:
        if not self._is_closed():
            self.event_writer.add_event(event)

    def _add_event(self, event: Any, step: Any) -> None:
        event.wall_time = time.time()
        if step is not None:
            event.step = int(step)
        self.add_event(event)

    def add_summary(self, summary: Any, global_step: Any = None) -> None:
        """Adds a Summary (a proto, or its serialized bytes as a summary op returns them) at
        `global_step`; metadata of a tag seen before is dropped, as TF does to save space."""
        if isinstance(summary, bytes):
            summary = self._pb.summary_pb2.Summary.FromString(summary)
        for value in summary.value:
            if not value.HasField("metadata"):
                continue
            if value.tag in self._seen_summary_tags:
                value.ClearField("metadata")
                continue
            self._seen_summary_tags.add(value.tag)
        self._add_event(self._pb.event_pb2.Event(summary=summary), global_step)

    def add_session_log(self, session_log: Any, global_step: Any = None) -> None:
        self._add_event(self._pb.event_pb2.Event(session_log=session_log), global_step)

    def add_graph(self, graph: Any, global_step: Any = None, graph_def: Any = None) -> None:
        """Adds a Graph (exported with its output shapes) or a GraphDef (deprecated)."""
        if graph is not None and graph_def is not None:
            raise ValueError("Please pass only graph, or graph_def (deprecated), but not both.")
        given = graph if graph is not None else graph_def
        if isinstance(given, Graph):
            true_graph_def = given.as_graph_def(add_shapes=True)
        elif isinstance(given, self._pb.graph_pb2.GraphDef):
            logging.getLogger("tensorflow").warning(
                "Passing a `GraphDef` to the SummaryWriter is deprecated. Pass a `Graph` "
                "object instead, such as `sess.graph`.")
            true_graph_def = given
        else:
            raise TypeError("The passed graph must be an instance of `Graph` or the deprecated "
                            "`GraphDef`")
        event = self._pb.event_pb2.Event(graph_def=true_graph_def.SerializeToString())
        self._add_event(event, global_step)

    def add_run_metadata(self, run_metadata: Any, tag: str, global_step: Any = None) -> None:
        """Adds a `session.run`'s RunMetadata under `tag` (TensorBoard's per-step graph view);
        a tag used before (by a summary or run metadata) is TF's ValueError."""
        if tag in self._seen_summary_tags:
            raise ValueError("The provided tag was already used for this event type")
        self._seen_summary_tags.add(tag)
        # minitf's RunMetadata holds no step stats: the message TF writes for an untraced run
        serialize = getattr(run_metadata, "SerializeToString", lambda: b"")
        tagged = self._pb.event_pb2.TaggedRunMetadata(tag=tag, run_metadata=serialize())
        self._add_event(self._pb.event_pb2.Event(tagged_run_metadata=tagged), global_step)

    def add_meta_graph(self, meta_graph_def: Any, global_step: Any = None) -> None:
        if not isinstance(meta_graph_def, self._pb.meta_graph_pb2.MetaGraphDef):
            raise TypeError(f"meta_graph_def must be type MetaGraphDef, saw type: "
                            f"{type(meta_graph_def)}")
        event = self._pb.event_pb2.Event(meta_graph_def=meta_graph_def.SerializeToString())
        self._add_event(event, global_step)

    def flush(self) -> None:
        if not self._is_closed():
            self.event_writer.flush()

    def close(self) -> None:
        """Flushes and closes the event file; later calls warn and do nothing until `reopen`."""
        if not self._closed:
            self.event_writer.close()
        self._closed = True

    def reopen(self) -> None:
        """After `close`, starts a new event file in the same directory."""
        if self._closed:
            self.event_writer = self._open()
            self._closed = False


class FileWriterCache:
    """One FileWriter per log directory, shared by everyone writing there (the monitored
    sessions' hooks); created with the default graph."""

    _cache: dict[str, FileWriter] = {}

    @staticmethod
    def get(logdir: str) -> FileWriter:
        logdir = str(logdir)
        if logdir not in FileWriterCache._cache:
            FileWriterCache._cache[logdir] = FileWriter(logdir, graph=get_default_graph())
        return FileWriterCache._cache[logdir]

    @staticmethod
    def clear() -> None:
        """Closes and forgets every cached writer."""
        for writer in FileWriterCache._cache.values():
            writer.close()
        FileWriterCache._cache.clear()
