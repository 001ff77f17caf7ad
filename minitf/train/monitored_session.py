"""Monitored sessions (mirrors training/monitored_session.py of TF 1.15): `Scaffold` (the
init, ready, summary and saver pieces, from the graph's collections or TF's defaults), session
creators, `MonitoredSession` / `SingularMonitoredSession`, which run hooks around every `run`
and start the queue runners, and `MonitoredTrainingSession`, which adds the chief's standard
hooks (step counter, summaries, checkpoints).

One process and one session: TF's recovery from a lost worker (`should_recover`) has nothing
to recover from, so a failed run raises at once.
"""
from __future__ import annotations

import abc
import inspect
import logging
from typing import Any, Callable

from ..framework.errors import OutOfRangeError
from ..framework.graph import GraphKeys, add_to_collection, get_collection, get_default_graph
from ..ops import control_flow as control_flow_ops
from ..ops import state as state_ops
from . import basic_session_run_hooks as hooks_lib
from .coordinator import Coordinator
from .queue_runner import start_queue_runners
from .session_manager import SessionManager
from .session_run_hook import SessionRunArgs, SessionRunContext, SessionRunValues

__all__ = ["Scaffold", "SessionCreator", "ChiefSessionCreator", "WorkerSessionCreator",
           "MonitoredSession", "SingularMonitoredSession", "MonitoredTrainingSession"]

_log = logging.getLogger("tensorflow")
USE_DEFAULT = object()


class Scaffold:
    """The pieces a monitored session needs; those not given come, at `finalize()`, from the
    graph's collections (INIT_OP, READY_OP, ...) or TF's defaults, which `finalize` adds to
    those collections before it finalizes the graph."""

    def __init__(self, init_op: Any = None, init_feed_dict: Any = None,
                 init_fn: Callable | None = None, ready_op: Any = None,
                 ready_for_local_init_op: Any = None, local_init_op: Any = None,
                 summary_op: Any = None, saver: Any = None, copy_from_scaffold: Any = None):
        if copy_from_scaffold is not None:
            if not isinstance(copy_from_scaffold, Scaffold):
                raise TypeError("copy_from_scaffold is not a Scaffold instance.")
            base = copy_from_scaffold
            init_op = init_op or base.init_op
            init_feed_dict = init_feed_dict or base.init_feed_dict
            init_fn = init_fn or base._user_init_fn
            ready_op = ready_op or base.ready_op
            ready_for_local_init_op = ready_for_local_init_op or base.ready_for_local_init_op
            local_init_op = local_init_op or base.local_init_op
            summary_op = summary_op or base.summary_op
            saver = saver or base.saver
        self._user_init_fn = init_fn
        self._init_fn = (lambda sess: init_fn(self, sess)) if init_fn else None
        self._init_op, self._init_feed_dict = init_op, init_feed_dict
        self._ready_op, self._ready_for_local_init_op = ready_op, ready_for_local_init_op
        self._local_init_op, self._summary_op, self._saver = local_init_op, summary_op, saver

    def finalize(self) -> "Scaffold":
        """Fills in the missing pieces and finalizes the default graph."""
        if self._init_op is None:
            self._init_op = Scaffold.get_or_default(
                "init_op", GraphKeys.INIT_OP,
                lambda: control_flow_ops.group(state_ops.global_variables_initializer()))
        if self._ready_op is None:
            self._ready_op = Scaffold.get_or_default(
                "ready_op", GraphKeys.READY_OP, state_ops.report_uninitialized_variables)
        if self._ready_for_local_init_op is None:
            self._ready_for_local_init_op = Scaffold.get_or_default(
                "ready_for_local_init_op", GraphKeys.READY_FOR_LOCAL_INIT_OP,
                lambda: state_ops.report_uninitialized_variables(state_ops.global_variables()))
        if self._local_init_op is None:
            self._local_init_op = Scaffold.get_or_default(
                "local_init_op", GraphKeys.LOCAL_INIT_OP, Scaffold.default_local_init_op)
        if self._summary_op is None:
            from .. import summary  # noqa: PLC0415 - summary builds on this package
            self._summary_op = Scaffold.get_or_default("summary_op", GraphKeys.SUMMARY_OP,
                                                       summary.merge_all)
        if self._saver is None:
            self._saver = _get_saver_or_default()
        get_default_graph().finalize()
        _log.info("Graph was finalized.")
        return self

    @property
    def init_fn(self) -> Any:
        return self._init_fn

    @property
    def init_op(self) -> Any:
        return self._init_op

    @property
    def ready_op(self) -> Any:
        return self._ready_op

    @property
    def ready_for_local_init_op(self) -> Any:
        return self._ready_for_local_init_op

    @property
    def local_init_op(self) -> Any:
        return self._local_init_op

    @property
    def summary_op(self) -> Any:
        return self._summary_op

    @property
    def saver(self) -> Any:
        return self._saver

    @property
    def init_feed_dict(self) -> Any:
        return self._init_feed_dict

    @staticmethod
    def get_or_default(arg_name: str, collection_key: str, default_constructor: Callable) -> Any:
        """The one item of `collection_key`, else `default_constructor()` (added to it)."""
        elements = get_collection(collection_key)
        if elements:
            if len(elements) > 1:
                raise RuntimeError(f"More than one item in the collection \"{collection_key}\". "
                                   f"Please indicate which one to use by passing it to the "
                                   f"tf.Scaffold constructor as:  tf.Scaffold({arg_name}=item "
                                   f"to use)")
            return elements[0]
        op = default_constructor()
        if op is not None:
            add_to_collection(collection_key, op)
        return op

    @staticmethod
    def default_local_init_op() -> Any:
        """Initializes the local variables and the lookup tables."""
        tables = get_collection(GraphKeys.TABLE_INITIALIZERS)
        tables_init = control_flow_ops.group(*tables, name="init_all_tables") if tables else \
            control_flow_ops.no_op(name="init_all_tables")
        return control_flow_ops.group(state_ops.local_variables_initializer(), tables_init)


def _get_saver_or_default() -> Any:
    """The one Saver of the SAVERS collection, else a new sharded one (added to it)."""
    savers = get_collection(GraphKeys.SAVERS)
    if savers:
        if len(savers) > 1:
            raise RuntimeError(f"More than one item in collection {GraphKeys.SAVERS}. Please "
                               f"indicate which one to use by passing it to the constructor.")
        return savers[0]
    from .saver import Saver  # noqa: PLC0415
    saver = Saver(sharded=True, allow_empty=True)
    add_to_collection(GraphKeys.SAVERS, saver)
    return saver


class SessionCreator(abc.ABC):
    """Makes the raw session a monitored session wraps."""

    @abc.abstractmethod
    def create_session(self) -> Any:
        """A new raw session."""


class ChiefSessionCreator(SessionCreator):
    """Restores the model from `checkpoint_dir`'s latest checkpoint (or
    `checkpoint_filename_with_path`), else initializes it with the scaffold's ops."""

    def __init__(self, scaffold: Scaffold | None = None, master: str = "", config: Any = None,
                 checkpoint_dir: str | None = None,
                 checkpoint_filename_with_path: str | None = None):
        self._scaffold = scaffold or Scaffold()
        self._master, self._config = master, config
        self._checkpoint_dir = checkpoint_dir
        self._checkpoint_filename_with_path = checkpoint_filename_with_path

    def _session_manager(self) -> SessionManager:
        return SessionManager(local_init_op=self._scaffold.local_init_op,
                              ready_op=self._scaffold.ready_op,
                              ready_for_local_init_op=self._scaffold.ready_for_local_init_op,
                              graph=get_default_graph())

    def create_session(self) -> Any:
        self._scaffold.finalize()
        return self._session_manager().prepare_session(
            self._master, saver=self._scaffold.saver, checkpoint_dir=self._checkpoint_dir,
            checkpoint_filename_with_path=self._checkpoint_filename_with_path,
            config=self._config, init_op=self._scaffold.init_op,
            init_feed_dict=self._scaffold.init_feed_dict, init_fn=self._scaffold.init_fn)


class WorkerSessionCreator(ChiefSessionCreator):
    """Waits (up to `max_wait_secs`) for a model the chief has initialized."""

    def __init__(self, scaffold: Scaffold | None = None, master: str = "", config: Any = None,
                 max_wait_secs: float = 30 * 60):
        super().__init__(scaffold, master, config)
        self._max_wait_secs = max_wait_secs

    def create_session(self) -> Any:
        self._scaffold.finalize()
        return self._session_manager().wait_for_session(
            self._master, config=self._config, max_wait_secs=self._max_wait_secs)


class _StepContext:
    """What `run_step_fn`'s function gets: the raw session, a run with hooks, and a stop."""

    def __init__(self, session: Any, run_with_hooks_fn: Callable):
        self._session = session
        self._run_with_hooks_fn = run_with_hooks_fn

    @property
    def session(self) -> Any:
        return self._session

    def run_with_hooks(self, *args: Any, **kwargs: Any) -> Any:
        return self._run_with_hooks_fn(*args, **kwargs)

    def request_stop(self) -> None:
        raise StopIteration("step_fn has requested the iterations to stop.")


class _MonitoredSession:
    """A session with hooks and a coordinator: `with` it, `run` until `should_stop()`; leaving
    the block runs the hooks' `end`, stops the queue runners and closes the session, and an
    OutOfRangeError or StopIteration (the input ran out) ends the block quietly."""

    StepContext = _StepContext

    def __init__(self, session_creator: SessionCreator, hooks: Any,
                 stop_grace_period_secs: float = 120):
        self._graph_was_finalized = get_default_graph().finalized
        self._hooks = list(hooks or [])
        for hook in self._hooks:
            hook.begin()
        self._stop_grace_period_secs = stop_grace_period_secs
        self._tf_sess = session_creator.create_session()
        self._coord = Coordinator(clean_stop_exception_types=[])
        if get_collection(GraphKeys.QUEUE_RUNNERS):
            start_queue_runners(sess=self._tf_sess, coord=self._coord)
        for hook in self._hooks:
            hook.after_create_session(self._tf_sess, self._coord)
        self._stop_requested = False

    @property
    def graph(self) -> Any:
        return self._tf_sess.graph

    def _hooked_feeds(self, context: SessionRunContext, feed_dict: Any) -> tuple:
        """The hooks' fetches (one per hook, None where it asked for none) and the feed dict
        with their feeds merged in."""
        fetches, feeds = [], {}
        for hook in self._hooks:
            request = hook.before_run(context)
            fetches.append(None if request is None else request.fetches)
            if request is not None and request.feed_dict:
                if set(feeds) & set(request.feed_dict):
                    raise RuntimeError("Same tensor is fed by two hooks.")
                feeds.update(request.feed_dict)
        if not feeds:
            return fetches, feed_dict
        if feed_dict and set(feeds) & set(feed_dict):
            raise RuntimeError("Same tensor is fed by a SessionRunHook and user.")
        feeds.update(feed_dict or {})
        return fetches, feeds

    def run(self, fetches: Any, feed_dict: Any = None, options: Any = None,
            run_metadata: Any = None) -> Any:
        """Runs `fetches` with every hook's `before_run` additions, then their `after_run`."""
        if self.should_stop():
            raise RuntimeError("Run called even after should_stop requested.")
        context = SessionRunContext(SessionRunArgs(fetches, feed_dict), self._tf_sess)
        hook_fetches, feed_dict = self._hooked_feeds(context, feed_dict)
        wanted = [i for i, f in enumerate(hook_fetches) if f is not None]
        outputs = self._tf_sess.run([fetches, [hook_fetches[i] for i in wanted]],
                                    feed_dict=feed_dict, options=options,
                                    run_metadata=run_metadata)
        results = dict(zip(wanted, outputs[1]))
        for i, hook in enumerate(self._hooks):
            hook.after_run(context, SessionRunValues(results=results.get(i), options=options,
                                                     run_metadata=run_metadata))
        self._stop_requested = self._stop_requested or context.stop_requested
        return outputs[0]

    def run_step_fn(self, step_fn: Callable) -> Any:
        """`step_fn(step_context)`, which may run with or without hooks and stop the loop."""
        args = tuple(inspect.signature(step_fn).parameters)
        if args not in (("step_context",), ("self", "step_context")):
            raise ValueError(f"`step_fn` may either have one `step_context` argument, or `self` "
                             f"and `step_context` arguments if it's an instance method. Got "
                             f"{args} instead.")
        try:
            return step_fn(_StepContext(self._tf_sess, self.run))
        except StopIteration:
            self._stop_requested = True
            return None

    def should_stop(self) -> bool:
        return self._tf_sess is None or self._stop_requested or self._coord.should_stop()

    def close(self) -> None:
        self._close_internal()

    def __enter__(self) -> "_MonitoredSession":
        return self

    def __exit__(self, exception_type: Any, exception_value: Any, traceback: Any) -> bool:
        if exception_type is not None and issubclass(exception_type,
                                                     (OutOfRangeError, StopIteration)):
            exception_type = None
        self._close_internal(exception_type)
        return exception_type is None

    def _close_internal(self, exception_type: Any = None) -> None:
        if self._tf_sess is None:
            return
        try:
            if exception_type is None:
                for hook in self._hooks:
                    hook.end(self._tf_sess)
        finally:
            try:
                self._coord.request_stop()
                self._coord.join(stop_grace_period_secs=self._stop_grace_period_secs,
                                 ignore_live_threads=True)
            finally:
                self._tf_sess.close()
                self._tf_sess = None
                if not self._graph_was_finalized:
                    get_default_graph()._unsafe_unfinalize()


class MonitoredSession(_MonitoredSession):
    """A monitored session made by `session_creator` (default: a ChiefSessionCreator)."""

    def __init__(self, session_creator: SessionCreator | None = None, hooks: Any = None,
                 stop_grace_period_secs: float = 120):
        super().__init__(session_creator or ChiefSessionCreator(), hooks,
                         stop_grace_period_secs=stop_grace_period_secs)


class SingularMonitoredSession(_MonitoredSession):
    """A chief's monitored session whose raw session stays reachable (`raw_session()`)."""

    def __init__(self, hooks: Any = None, scaffold: Scaffold | None = None, master: str = "",
                 config: Any = None, checkpoint_dir: str | None = None,
                 stop_grace_period_secs: float = 120,
                 checkpoint_filename_with_path: str | None = None):
        creator = ChiefSessionCreator(
            scaffold=scaffold, master=master, config=config, checkpoint_dir=checkpoint_dir,
            checkpoint_filename_with_path=checkpoint_filename_with_path)
        super().__init__(creator, hooks, stop_grace_period_secs=stop_grace_period_secs)

    def raw_session(self) -> Any:
        return self._tf_sess


def _default(value: Any, fallback: Any) -> Any:
    return fallback if value is USE_DEFAULT else value


def MonitoredTrainingSession(master: str = "", is_chief: bool = True,  # noqa: N802 - TF's name
                             checkpoint_dir: str | None = None, scaffold: Scaffold | None = None,
                             hooks: Any = None, chief_only_hooks: Any = None,
                             save_checkpoint_secs: Any = USE_DEFAULT,
                             save_summaries_steps: Any = USE_DEFAULT,
                             save_summaries_secs: Any = USE_DEFAULT, config: Any = None,
                             stop_grace_period_secs: float = 120,
                             log_step_count_steps: int = 100, max_wait_secs: float = 7200,
                             save_checkpoint_steps: Any = USE_DEFAULT,
                             summary_dir: str | None = None) -> MonitoredSession:
    """A MonitoredSession for training: the chief restores from or initializes into
    `checkpoint_dir` and gets a StepCounterHook, a SummarySaverHook (every 100 steps by
    default) and a CheckpointSaverHook (every 600 s by default) besides `hooks`."""
    if save_summaries_steps is USE_DEFAULT and save_summaries_secs is USE_DEFAULT:
        save_summaries_steps, save_summaries_secs = 100, None
    save_summaries_steps = _default(save_summaries_steps, None)
    save_summaries_secs = _default(save_summaries_secs, None)
    if save_checkpoint_steps is USE_DEFAULT and save_checkpoint_secs is USE_DEFAULT:
        save_checkpoint_steps, save_checkpoint_secs = None, 600
    save_checkpoint_steps = _default(save_checkpoint_steps, None)
    save_checkpoint_secs = _default(save_checkpoint_secs, None)
    scaffold = scaffold or Scaffold()
    if not is_chief:
        creator = WorkerSessionCreator(scaffold=scaffold, master=master, config=config,
                                       max_wait_secs=max_wait_secs)
        return MonitoredSession(session_creator=creator, hooks=hooks or [],
                                stop_grace_period_secs=stop_grace_period_secs)
    all_hooks = list(chief_only_hooks or [])
    creator = ChiefSessionCreator(scaffold=scaffold, checkpoint_dir=checkpoint_dir,
                                  master=master, config=config)
    summary_dir = summary_dir or checkpoint_dir
    if summary_dir:
        if log_step_count_steps and log_step_count_steps > 0:
            all_hooks.append(hooks_lib.StepCounterHook(output_dir=summary_dir,
                                                       every_n_steps=log_step_count_steps))
        if (save_summaries_steps and save_summaries_steps > 0) or \
                (save_summaries_secs and save_summaries_secs > 0):
            all_hooks.append(hooks_lib.SummarySaverHook(
                scaffold=scaffold, save_steps=save_summaries_steps,
                save_secs=save_summaries_secs, output_dir=summary_dir))
    if checkpoint_dir and ((save_checkpoint_secs and save_checkpoint_secs > 0) or
                           (save_checkpoint_steps and save_checkpoint_steps > 0)):
        all_hooks.append(hooks_lib.CheckpointSaverHook(
            checkpoint_dir, save_steps=save_checkpoint_steps, save_secs=save_checkpoint_secs,
            scaffold=scaffold))
    all_hooks.extend(hooks or [])
    return MonitoredSession(session_creator=creator, hooks=all_hooks,
                            stop_grace_period_secs=stop_grace_period_secs)
