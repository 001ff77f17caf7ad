"""`tf.train.SessionRunHook` and the values passed around a monitored `run` (mirrors
training/session_run_hook.py of TF 1.15): a hook adds fetches and feeds to every run, sees
their results, and may ask the session to stop."""
from __future__ import annotations

import collections
from typing import Any

__all__ = ["SessionRunHook", "SessionRunArgs", "SessionRunContext", "SessionRunValues"]


class SessionRunHook:
    """Callbacks around a monitored session's life: `begin` (the graph may still change),
    `after_create_session`, `before_run`/`after_run` around every run, `end`."""

    def begin(self) -> None:
        pass

    def after_create_session(self, session: Any, coord: Any) -> None:
        pass

    def before_run(self, run_context: "SessionRunContext") -> "SessionRunArgs | None":
        return None

    def after_run(self, run_context: "SessionRunContext",
                  run_values: "SessionRunValues") -> None:
        pass

    def end(self, session: Any) -> None:
        pass


class SessionRunArgs(collections.namedtuple("SessionRunArgs",
                                            ["fetches", "feed_dict", "options"])):
    """What a hook adds to a run: fetches (any nest), a feed dict and RunOptions."""

    def __new__(cls, fetches: Any, feed_dict: Any = None, options: Any = None):
        return super().__new__(cls, fetches, feed_dict, options)


class SessionRunContext:
    """The run in progress: the caller's arguments, the raw session, and a stop request."""

    def __init__(self, original_args: SessionRunArgs, session: Any):
        self._original_args = original_args
        self._session = session
        self._stop_requested = False

    @property
    def original_args(self) -> SessionRunArgs:
        return self._original_args

    @property
    def session(self) -> Any:
        return self._session

    @property
    def stop_requested(self) -> bool:
        return self._stop_requested

    def request_stop(self) -> None:
        """Ends the monitored session's loop once this run is over."""
        self._stop_requested = True


SessionRunValues = collections.namedtuple("SessionRunValues",
                                          ["results", "options", "run_metadata"])
