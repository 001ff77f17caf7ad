"""`tf.train.Supervisor`: a session that initializes (or restores) the model, runs the graph's
queue runners and, with a `logdir`, saves checkpoints and summaries in background threads,
all stopped through one Coordinator (mirrors training/supervisor.py and the chief's path of
session_manager.py of TF 1.15).

Checkpoints use `minitf.train.saver` (Saver, latest_checkpoint) and summaries `minitf.summary`
(merge_all, FileWriter), both imported when first needed: a Supervisor with `saver=None` needs
neither, and one without `tf.summary` writes no summaries.
"""
from __future__ import annotations

import contextlib
import logging
import os
from typing import Any, Iterator

from ..framework import dtypes as _dtypes
from ..framework.graph import GraphKeys, get_default_graph
from ..ops import control_flow as control_flow_ops
from ..ops import state as state_ops
from ..runtime.session import Session
from . import training_util
from .coordinator import Coordinator, LooperThread
from .queue_runner import start_queue_runners
from .session_manager import SessionManager

__all__ = ["Supervisor"]

_log = logging.getLogger("tensorflow")


class Supervisor:
    """TF1's training supervisor for one (chief) worker.

    `init_op`, `local_init_op`, `ready_op`, `summary_op`, `saver` and `global_step` default
    (`Supervisor.USE_DEFAULT`) to the graph's collections, else to TF's defaults: the global
    and local variables initializers, `report_uninitialized_variables()`, `merge_all()`, a new
    Saver when the graph has variables, and the `global_step` tensor; None disables one. The
    graph is finalized at the end of the constructor, as in TF.
    """

    USE_DEFAULT = 0

    def __init__(self, graph: Any = None, ready_op: Any = USE_DEFAULT,
                 ready_for_local_init_op: Any = USE_DEFAULT, is_chief: bool = True,
                 init_op: Any = USE_DEFAULT, init_feed_dict: Any = None,
                 local_init_op: Any = USE_DEFAULT, logdir: str | None = None,
                 summary_op: Any = USE_DEFAULT, saver: Any = USE_DEFAULT,
                 global_step: Any = USE_DEFAULT, save_summaries_secs: float = 120,
                 save_model_secs: float = 600, recovery_wait_secs: float = 30,
                 stop_grace_secs: float = 120, checkpoint_basename: str = "model.ckpt",
                 session_manager: Any = None, summary_writer: Any = USE_DEFAULT,
                 init_fn: Any = None, local_init_run_options: Any = None):
        if not is_chief:
            raise ValueError("minitf runs one process: a Supervisor must be the chief "
                             "(is_chief=True)")
        if session_manager is not None:
            raise ValueError("minitf's Supervisor prepares its own sessions: pass "
                             "session_manager=None")
        self._graph = graph if graph is not None else get_default_graph()
        del ready_for_local_init_op, recovery_wait_secs, local_init_run_options
        with self._graph.as_default():
            self._ready_op = self._default(ready_op, GraphKeys.READY_OP,
                                           state_ops.report_uninitialized_variables)
            self._init_op = self._default(init_op, GraphKeys.INIT_OP,
                                          state_ops.global_variables_initializer)
            self._init_feed_dict = init_feed_dict
            self._local_init_op = self._default(
                local_init_op, GraphKeys.LOCAL_INIT_OP,
                lambda: control_flow_ops.group(state_ops.local_variables_initializer()))
            self._saver = self._default(saver, GraphKeys.SAVERS, self._default_saver)
            self._summary_op = self._default(summary_op, GraphKeys.SUMMARY_OP,
                                             self._default_summary_op)
            self._global_step = self._default(global_step, GraphKeys.GLOBAL_STEP,
                                              self._default_global_step)
        self._is_chief = is_chief
        self._coord = Coordinator()
        self._started_threads: list = []
        self._logdir = logdir
        self._save_summaries_secs = save_summaries_secs
        self._save_model_secs = save_model_secs
        self._stop_grace_secs = stop_grace_secs
        self._init_fn = init_fn
        self._save_path = os.path.join(logdir, checkpoint_basename) if logdir else None
        self._summary_writer = self._make_summary_writer(summary_writer)
        self._graph.finalize()

    # ---- defaults, as TF's _init_* helpers choose them (collections first)

    def _first(self, key: str) -> Any:
        found = self._graph.get_collection(key)
        if len(found) > 1:
            raise RuntimeError(f"More than one item in the collection '{key}'. Please indicate "
                               f"which one to use by passing it to the constructor.")
        return found[0] if found else None

    def _default(self, value: Any, key: str, make: Any) -> Any:
        """`value`, or for USE_DEFAULT the one item of collection `key`, else `make()`
        (then added to the collection; None when there is nothing to make)."""
        if value is not Supervisor.USE_DEFAULT:
            return value
        value = self._first(key)
        if value is None:
            value = make()
            if value is not None:
                self._graph.add_to_collection(key, value)
        return value

    def _default_saver(self) -> Any:
        from .saver import Saver  # noqa: PLC0415 - saver builds on this package
        return Saver() if state_ops.global_variables() else None

    def _default_summary_op(self) -> Any:
        from .. import summary  # noqa: PLC0415 - summary builds on this package
        return summary.merge_all()

    def _default_global_step(self) -> Any:
        """The graph's `global_step:0` tensor when it is an integer one."""
        try:
            found = self._graph.get_tensor_by_name("global_step:0")
        except KeyError:
            return None
        return found if found.dtype.base_dtype in (_dtypes.int32, _dtypes.int64) else None

    def _make_summary_writer(self, summary_writer: Any) -> Any:
        if summary_writer is not Supervisor.USE_DEFAULT:
            return summary_writer
        from .. import summary  # noqa: PLC0415
        if not self._logdir:
            return None
        try:
            return summary.FileWriter(self._logdir)
        except ImportError as e:  # event files need the optional TensorBoard package
            _log.warning("The Supervisor writes no summaries: %s", e)
            return None

    # ---- properties

    @property
    def graph(self) -> Any:
        return self._graph

    @property
    def coord(self) -> Coordinator:
        return self._coord

    @property
    def is_chief(self) -> bool:
        return self._is_chief

    @property
    def init_op(self) -> Any:
        return self._init_op

    @property
    def init_feed_dict(self) -> Any:
        return self._init_feed_dict

    @property
    def ready_op(self) -> Any:
        return self._ready_op

    @property
    def summary_op(self) -> Any:
        return self._summary_op

    @property
    def summary_writer(self) -> Any:
        return self._summary_writer

    @property
    def saver(self) -> Any:
        return self._saver

    @property
    def global_step(self) -> Any:
        return self._global_step

    @property
    def save_path(self) -> str | None:
        return self._save_path

    @property
    def save_model_secs(self) -> float:
        return self._save_model_secs

    @property
    def save_summaries_secs(self) -> float:
        return self._save_summaries_secs

    # ---- sessions

    def prepare_or_wait_for_session(self, master: str = "", config: Any = None,
                                    wait_for_checkpoint: bool = False, max_wait_secs: float = 7200,
                                    start_standard_services: bool = True) -> Session:
        """A new session whose model is restored from `logdir` or initialized (`init_op`,
        then `init_fn`), local variables initialized and readiness checked; with
        `start_standard_services`, the checkpoint and summary threads and the queue runners
        are started."""
        manager = SessionManager(local_init_op=self._local_init_op, ready_op=self._ready_op,
                                 graph=self._graph)
        sess = manager.prepare_session(
            master, init_op=self._init_op, saver=self._saver, checkpoint_dir=self._logdir,
            wait_for_checkpoint=wait_for_checkpoint, max_wait_secs=max_wait_secs, config=config,
            init_feed_dict=self._init_feed_dict, init_fn=self._init_fn)
        if start_standard_services:
            self.start_standard_services(sess)
            self.start_queue_runners(sess)
        return sess

    def start_standard_services(self, sess: Session) -> list:
        """With a `logdir`: threads saving checkpoints every `save_model_secs` (the first one
        at once) and summaries every `save_summaries_secs`."""
        if not self._logdir:
            _log.warning("Standard services need a 'logdir' passed to the SessionManager")
            return []
        threads = []
        if self._save_summaries_secs and self._summary_writer is not None and \
                self._summary_op is not None:
            threads.append(self.loop(self._save_summaries_secs, self._write_summary, (sess,)))
        if self._saver is not None and self._save_model_secs:
            threads.append(self.loop(self._save_model_secs, self._checkpoint, (sess,)))
        return threads

    def _checkpoint(self, sess: Session) -> None:
        self._saver.save(sess, self._save_path, global_step=self._global_step)

    def _write_summary(self, sess: Session) -> None:
        if self._global_step is not None:
            summary, step = sess.run([self._summary_op, self._global_step])
        else:
            summary, step = sess.run(self._summary_op), None
        self._summary_writer.add_summary(summary, step)

    def start_queue_runners(self, sess: Session, queue_runners: Any = None) -> list:
        """Starts the graph's queue runners (or `queue_runners`) under the coordinator."""
        if queue_runners is None:
            threads = start_queue_runners(sess, coord=self._coord)
        else:
            threads = []
            for qr in queue_runners:
                threads.extend(qr.create_threads(sess, coord=self._coord, daemon=True,
                                                 start=True))
        self._started_threads.extend(threads)
        return threads

    def loop(self, timer_interval_secs: float, target: Any, args: Any = None,
             kwargs: Any = None) -> LooperThread:
        """A thread calling `target(*args, **kwargs)` every `timer_interval_secs`."""
        looper = LooperThread(self._coord, timer_interval_secs, target=target, args=args,
                              kwargs=kwargs)
        looper.start()
        self._started_threads.append(looper)
        return looper

    def request_stop(self, ex: Any = None) -> None:
        self._coord.request_stop(ex=ex)

    def should_stop(self) -> bool:
        return self._coord.should_stop()

    def wait_for_stop(self) -> None:
        self._coord.wait_for_stop()

    def stop_on_exception(self) -> Any:
        return self._coord.stop_on_exception()

    def stop(self, threads: Any = None, close_summary_writer: bool = True,
             ignore_live_threads: bool = False) -> None:
        """Stops the services and queue runners and waits for their threads (re-raising an
        exception one of them, or the training loop, reported)."""
        self._coord.request_stop()
        try:
            self._coord.join(self._started_threads + list(threads or []),
                             stop_grace_period_secs=self._stop_grace_secs,
                             ignore_live_threads=ignore_live_threads)
        finally:
            self._started_threads = []
            if close_summary_writer and self._summary_writer is not None:
                self._summary_writer.close()

    def summary_computed(self, sess: Session, summary: Any, global_step: Any = None) -> None:
        """Writes a summary the caller computed, at `global_step` (default: the current
        global step)."""
        if self._summary_writer is None:
            raise RuntimeError("Writing a summary requires a summary writer.")
        if global_step is None and self._global_step is not None:
            global_step = training_util.global_step(sess, self._global_step)
        self._summary_writer.add_summary(summary, global_step)

    @contextlib.contextmanager
    def managed_session(self, master: str = "", config: Any = None,
                        start_standard_services: bool = True,
                        close_summary_writer: bool = True) -> Iterator[Session]:
        """`with sv.managed_session() as sess:` a prepared session; on exit the services and
        queue runners are stopped and joined and the session is closed. An exception in the
        block is re-raised after the stop, except OutOfRangeError (the input ran out)."""
        sess = None
        try:
            sess = self.prepare_or_wait_for_session(
                master=master, config=config, start_standard_services=start_standard_services)
            yield sess
        except Exception as e:  # noqa: BLE001 - handed to the coordinator, raised by stop()
            self.request_stop(e)
        finally:
            try:
                self.stop(close_summary_writer=close_summary_writer, ignore_live_threads=True)
            finally:
                if sess is not None:
                    sess.close()
