"""`tf.train.SessionManager`: sessions whose model is restored from the latest checkpoint of a
directory or else initialized, then checked ready (mirrors training/session_manager.py of TF
1.15). The Supervisor and the monitored sessions' creators prepare their sessions here.

minitf runs one process, so a session is never waited for from another worker: `wait_for_session`
checks readiness at `recovery_wait_secs` intervals until `max_wait_secs`.
"""
from __future__ import annotations

import logging
import time
from typing import Any

from ..framework.errors import DeadlineExceededError
from ..framework.graph import get_default_graph
from ..runtime.session import Session

__all__ = ["SessionManager"]

_log = logging.getLogger("tensorflow")


def _op_name(op: Any) -> Any:
    return getattr(op, "name", op)


class SessionManager:
    """Creates sessions for `graph`, restoring or initializing the model, then running
    `local_init_op` once `ready_for_local_init_op` reports nothing uninitialized, and
    checking `ready_op` (ops such as `report_uninitialized_variables()`)."""

    def __init__(self, local_init_op: Any = None, ready_op: Any = None,
                 ready_for_local_init_op: Any = None, graph: Any = None,
                 recovery_wait_secs: float = 30, local_init_run_options: Any = None,
                 local_init_feed_dict: Any = None):
        self._local_init_op = local_init_op
        self._ready_op = ready_op
        self._ready_for_local_init_op = ready_for_local_init_op
        self._graph = graph if graph is not None else get_default_graph()
        self._recovery_wait_secs = recovery_wait_secs
        self._local_init_run_options = local_init_run_options
        self._local_init_feed_dict = local_init_feed_dict
        if ready_for_local_init_op is not None and local_init_op is None:
            raise ValueError("If you pass a ready_for_local_init_op you must also pass a "
                             "local_init_op , ready_for_local_init_op [%s]" %
                             ready_for_local_init_op)

    def _restore_checkpoint(self, master: str, saver: Any, checkpoint_dir: str | None,
                            checkpoint_filename_with_path: str | None, config: Any) -> tuple:
        """A new session and whether a checkpoint was restored into it."""
        sess = Session(master, graph=self._graph, config=config)
        if checkpoint_dir and checkpoint_filename_with_path:
            raise ValueError("Can not provide both checkpoint_dir and "
                             "checkpoint_filename_with_path.")
        if saver is not None and checkpoint_filename_with_path:
            saver.restore(sess, checkpoint_filename_with_path)
            return sess, True
        if saver is None or not checkpoint_dir:
            return sess, False
        from .saver import get_checkpoint_state  # noqa: PLC0415 - saver builds on train
        state = get_checkpoint_state(checkpoint_dir)
        if not state or not state.model_checkpoint_path:
            return sess, False
        saver.restore(sess, state.model_checkpoint_path)
        saver.recover_last_checkpoints(state.all_model_checkpoint_paths)
        return sess, True

    def prepare_session(self, master: str, init_op: Any = None, saver: Any = None,
                        checkpoint_dir: str | None = None, wait_for_checkpoint: bool = False,
                        max_wait_secs: float = 7200, config: Any = None,
                        init_feed_dict: Any = None, init_fn: Any = None,
                        checkpoint_filename_with_path: str | None = None) -> Session:
        """A session with the model restored (from `checkpoint_filename_with_path`, or the
        latest checkpoint in `checkpoint_dir`) or else initialized by `init_op` then
        `init_fn`; its local init run and its readiness checked (RuntimeError if not)."""
        del wait_for_checkpoint, max_wait_secs  # one process: nobody else writes checkpoints
        sess, loaded = self._restore_checkpoint(master, saver, checkpoint_dir,
                                                checkpoint_filename_with_path, config)
        if not loaded:
            if init_op is None and not init_fn and self._local_init_op is None:
                raise RuntimeError("Model is not initialized and no init_op or init_fn or "
                                   "local_init_op was given")
            if init_op is not None:
                sess.run(init_op, feed_dict=init_feed_dict)
            if init_fn:
                init_fn(sess)
        ok, message = self._try_run_local_init_op(sess)
        if not ok:
            raise RuntimeError(f"Init operations did not make model ready for local_init.  "
                               f"Init op: {_op_name(init_op)}, init fn: {init_fn}, "
                               f"error: {message}")
        ready, message = self._model_ready(sess)
        if not ready:
            raise RuntimeError(f"Init operations did not make model ready.  Init op: "
                               f"{_op_name(init_op)}, init fn: {init_fn}, local_init_op: "
                               f"{self._local_init_op}, error: {message}")
        return sess

    def recover_session(self, master: str, saver: Any = None, checkpoint_dir: str | None = None,
                        wait_for_checkpoint: bool = False, max_wait_secs: float = 7200,
                        config: Any = None,
                        checkpoint_filename_with_path: str | None = None) -> tuple:
        """`(session, initialized)`: a session restored from a checkpoint when there is one,
        with its local init run; `initialized` says whether the model is ready."""
        del wait_for_checkpoint, max_wait_secs
        sess, loaded = self._restore_checkpoint(master, saver, checkpoint_dir,
                                                checkpoint_filename_with_path, config)
        ok, _ = self._try_run_local_init_op(sess)
        if not loaded or not ok:
            return sess, False
        return sess, self._model_ready(sess)[0]

    def wait_for_session(self, master: str, config: Any = None,
                         max_wait_secs: float = float("inf")) -> Session:
        """A session once the model is ready (its local init run); DeadlineExceededError after
        `max_wait_secs`."""
        deadline = time.time() + max_wait_secs
        while True:
            sess = Session(master, graph=self._graph, config=config)
            ok, message = self._try_run_local_init_op(sess)
            if ok:
                ready, message = self._model_ready(sess)
                if ready:
                    return sess
            sess.close()
            if time.time() + self._recovery_wait_secs > deadline:
                raise DeadlineExceededError(None, None,
                                            f"Session was not ready after waiting "
                                            f"{max_wait_secs} secs.")
            time.sleep(self._recovery_wait_secs)

    def _model_ready(self, sess: Session) -> tuple:
        return _ready(self._ready_op, sess)

    def _try_run_local_init_op(self, sess: Session) -> tuple:
        if self._local_init_op is None:
            return True, None
        ready, message = _ready(self._ready_for_local_init_op, sess)
        if not ready:
            return False, message
        _log.info("Running local_init_op.")
        sess.run(self._local_init_op, feed_dict=self._local_init_feed_dict,
                 options=self._local_init_run_options)
        _log.info("Done running local_init_op.")
        return True, None


def _ready(op: Any, sess: Session) -> tuple:
    """`(ready, message)`: ready when `op` (a list of uninitialized names) comes back empty."""
    if op is None:
        return True, None
    value = sess.run(op)
    if value is None or getattr(value, "size", 1) == 0:
        return True, None
    names = ", ".join(n.decode("utf-8") if isinstance(n, bytes) else str(n)
                      for n in value.reshape(-1).tolist())
    return False, "Variables not initialized: " + names
