"""`tf.train.QueueRunner`, `add_queue_runner` and `start_queue_runners`: threads that run a
queue's enqueue ops until their input runs out or a coordinator stops them (mirrors
training/queue_runner_impl.py of TF 1.15). A QueueRunner goes into a MetaGraphDef as a
QueueRunnerDef (`to_proto`) and comes back from one (`from_proto`), so that an imported graph's
queues still get their threads."""
from __future__ import annotations

import functools
import logging
import threading
from typing import Any

from ..framework import errors
from ..framework.graph import (GraphKeys, add_to_collection, get_default_graph,
                               get_default_session)

__all__ = ["QueueRunner", "add_queue_runner", "start_queue_runners"]

_log = logging.getLogger("tensorflow")


class QueueRunner:
    """Runs each of `enqueue_ops` in its own thread. When they have all failed with one of
    `queue_closed_exception_types` (the input ran out, or the queue was closed) the queue is
    closed (`close_op`), so consumers drain it and then get OutOfRangeError; a coordinator's
    stop cancels the queue (`cancel_op`), releasing enqueues that wait for room."""

    def __init__(self, queue: Any = None, enqueue_ops: Any = None, close_op: Any = None,
                 cancel_op: Any = None, queue_closed_exception_types: Any = None,
                 queue_runner_def: Any = None, import_scope: str | None = None):
        self._lock = threading.Lock()
        self._runs_per_session: dict = {}
        self._exceptions_raised: list = []
        if queue_runner_def is not None:
            if queue or enqueue_ops:
                raise ValueError("queue_runner_def and queue are mutually exclusive.")
            self._init_from_proto(queue_runner_def, import_scope)
            return
        if queue is None or not enqueue_ops:
            raise ValueError("Must provide queue and enqueue_ops.")
        self._queue = queue
        self._enqueue_ops = list(enqueue_ops)
        self._close_op = close_op if close_op is not None else queue.close()
        self._cancel_op = cancel_op if cancel_op is not None else \
            queue.close(cancel_pending_enqueues=True)
        if queue_closed_exception_types is None:
            queue_closed_exception_types = (errors.OutOfRangeError,)
        elif not isinstance(queue_closed_exception_types, tuple) or \
                not queue_closed_exception_types or not all(
                isinstance(t, type) and issubclass(t, errors.OpError)
                for t in queue_closed_exception_types):
            raise TypeError(f"queue_closed_exception_types, when provided, must be a tuple of "
                            f"tf.error types, but saw: {queue_closed_exception_types}")
        self._queue_closed_exception_types = tuple(queue_closed_exception_types)

    def _init_from_proto(self, queue_runner_def: Any, import_scope: str | None) -> None:
        """The ops a QueueRunnerDef names, looked up in the default graph under `import_scope`
        (the queue as its op, as TF's); a def without exception types means OutOfRangeError."""
        from .meta_graph import prepend_scope  # noqa: PLC0415 - meta_graph imports this module
        graph = get_default_graph()

        def element(name: str) -> Any:
            return graph.as_graph_element(prepend_scope(name, import_scope))

        self._queue = element(queue_runner_def.queue_name)
        self._enqueue_ops = [element(name) for name in queue_runner_def.enqueue_op_name]
        self._close_op = element(queue_runner_def.close_op_name)
        self._cancel_op = element(queue_runner_def.cancel_op_name)
        self._queue_closed_exception_types = tuple(
            errors.exception_type_from_error_code(code)
            for code in queue_runner_def.queue_closed_exception_types) or (errors.OutOfRangeError,)

    def to_proto(self, export_scope: str | None = None) -> Any:
        """This runner as a QueueRunnerDef with `export_scope/` taken off its names; None when
        its queue lies outside `export_scope`."""
        from .meta_graph import strip_scope  # noqa: PLC0415 - meta_graph imports this module
        if export_scope is not None and not self.queue.name.startswith(export_scope):
            return None
        proto = queue_runner_def_class()()
        proto.queue_name = strip_scope(self.queue.name, export_scope)
        proto.enqueue_op_name.extend(strip_scope(op.name, export_scope)
                                     for op in self.enqueue_ops)
        proto.close_op_name = strip_scope(self.close_op.name, export_scope)
        proto.cancel_op_name = strip_scope(self.cancel_op.name, export_scope)
        proto.queue_closed_exception_types.extend(
            errors.error_code_from_exception_type(cls)
            for cls in self._queue_closed_exception_types)
        return proto

    @staticmethod
    def from_proto(queue_runner_def: Any, import_scope: str | None = None) -> "QueueRunner":
        """The QueueRunner a QueueRunnerDef describes, over the ops of the default graph."""
        return QueueRunner(queue_runner_def=queue_runner_def, import_scope=import_scope)

    @property
    def queue(self) -> Any:
        return self._queue

    @property
    def enqueue_ops(self) -> list:
        return self._enqueue_ops

    @property
    def close_op(self) -> Any:
        return self._close_op

    @property
    def cancel_op(self) -> Any:
        return self._cancel_op

    @property
    def queue_closed_exception_types(self) -> tuple:
        return self._queue_closed_exception_types

    @property
    def exceptions_raised(self) -> list:
        """Exceptions the threads raised when there was no coordinator to report them to."""
        return self._exceptions_raised

    @property
    def name(self) -> str:
        return self._queue.name

    def _run(self, sess: Any, enqueue_op: Any, coord: Any = None) -> None:
        decremented = False
        try:
            enqueue = sess.make_callable(enqueue_op)
            while True:
                if coord and coord.should_stop():
                    break
                try:
                    enqueue()
                except self._queue_closed_exception_types:
                    with self._lock:
                        self._runs_per_session[sess] -= 1
                        decremented = True
                        if self._runs_per_session[sess] == 0:
                            try:
                                sess.run(self._close_op)
                            except Exception as e:  # noqa: BLE001 - TF only logs this one
                                _log.info("Ignored exception: %s", e)
                        return
        except Exception as e:  # noqa: BLE001 - reported to the coordinator
            if coord:
                coord.request_stop(e)
            else:
                _log.error("Exception in QueueRunner: %s", e)
                with self._lock:
                    self._exceptions_raised.append(e)
                raise
        finally:
            if not decremented:
                with self._lock:
                    self._runs_per_session[sess] -= 1

    def _close_on_stop(self, sess: Any, cancel_op: Any, coord: Any) -> None:
        coord.wait_for_stop()
        try:
            sess.run(cancel_op)
        except Exception as e:  # noqa: BLE001 - the session may be closing
            _log.info("Ignored exception: %s", e)

    def create_threads(self, sess: Any, coord: Any = None, daemon: bool = False,
                       start: bool = False) -> list:
        """The threads running the enqueue ops in `sess` (plus one cancelling the queue on a
        stop, with `coord`); none when they already run in `sess`."""
        with self._lock:
            if self._runs_per_session.get(sess, 0) > 0:
                return []
            self._runs_per_session[sess] = len(self._enqueue_ops)
            self._exceptions_raised = []
        threads = [threading.Thread(target=self._run, args=(sess, op, coord))
                   for op in self._enqueue_ops]
        if coord:
            threads.append(threading.Thread(target=self._close_on_stop,
                                            args=(sess, self._cancel_op, coord)))
        for t in threads:
            if coord:
                coord.register_thread(t)
            if daemon:
                t.daemon = True
            if start:
                t.start()
        return threads


@functools.cache
def queue_runner_def_class() -> type:
    """TF's QueueRunnerDef message (tensorflow/core/protobuf/queue_runner.proto: the queue's
    name, its enqueue, close and cancel ops' names, the closing error codes), built from its
    descriptor in a pool of its own, since TensorBoard's protobuf copies lack it."""
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory  # noqa: PLC0415
    field = descriptor_pb2.FieldDescriptorProto
    file = descriptor_pb2.FileDescriptorProto(name="tensorflow/core/protobuf/queue_runner.proto",
                                              package="tensorflow", syntax="proto3")
    message = file.message_type.add(name="QueueRunnerDef")
    for number, name, label, kind in (
            (1, "queue_name", field.LABEL_OPTIONAL, field.TYPE_STRING),
            (2, "enqueue_op_name", field.LABEL_REPEATED, field.TYPE_STRING),
            (3, "close_op_name", field.LABEL_OPTIONAL, field.TYPE_STRING),
            (4, "cancel_op_name", field.LABEL_OPTIONAL, field.TYPE_STRING),
            (5, "queue_closed_exception_types", field.LABEL_REPEATED, field.TYPE_INT32)):
        message.field.add(name=name, number=number, label=label, type=kind)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("tensorflow.QueueRunnerDef"))


def add_queue_runner(qr: QueueRunner, collection: str = GraphKeys.QUEUE_RUNNERS) -> None:
    """`tf.train.add_queue_runner`: adds `qr` to the graph's `collection`."""
    add_to_collection(collection, qr)


def start_queue_runners(sess: Any = None, coord: Any = None, daemon: bool = True,
                        start: bool = True, collection: str = GraphKeys.QUEUE_RUNNERS) -> list:
    """`tf.train.start_queue_runners`: starts the threads of every queue runner in the
    graph's `collection` for `sess` (default: the default session); returns them."""
    if sess is None:
        sess = get_default_session()
        if not sess:
            raise ValueError("Cannot start queue runners: No default session is registered. "
                             "Use `with sess.as_default()` or pass an explicit session to "
                             "tf.start_queue_runners(sess=sess)")
    if not hasattr(sess, "run") or not hasattr(sess, "graph"):
        raise TypeError(f"sess must be a `tf.Session` object. Given class: {sess.__class__}")
    threads = []
    for qr in sess.graph.get_collection(collection):
        threads.extend(qr.create_threads(sess, coord=coord, daemon=daemon, start=start))
    return threads
