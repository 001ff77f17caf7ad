"""`tf.train.Coordinator`: one stop flag shared by a set of threads, and the first exception
any of them reported (mirrors training/coordinator.py of TF 1.15)."""
from __future__ import annotations

import contextlib
import sys
import threading
import time
from typing import Any, Iterator

from ..framework import errors

__all__ = ["Coordinator", "LooperThread"]


class Coordinator:
    """Threads poll `should_stop()`; any of them calls `request_stop(ex)` to stop them all;
    `join()` waits for the registered (or given) threads and re-raises the first exception
    reported, unless it is one of `clean_stop_exception_types` (OutOfRangeError: the input
    ran out, a normal end)."""

    def __init__(self, clean_stop_exception_types: Any = None):
        if clean_stop_exception_types is None:
            clean_stop_exception_types = (errors.OutOfRangeError,)
        self._clean_stop_exception_types = tuple(clean_stop_exception_types)
        self._lock = threading.Lock()
        self._stop_event = threading.Event()
        self._exc_info_to_raise: Any = None
        self._joined = False
        self._registered_threads: set = set()

    def _filter_exception(self, ex: Any) -> Any:
        """The exc_info of `ex` unless it is a clean stop (then None)."""
        instance = ex[1] if isinstance(ex, tuple) else ex
        if instance is not None and isinstance(instance, self._clean_stop_exception_types):
            return None
        return ex

    def request_stop(self, ex: Any = None) -> None:
        """Sets the stop flag; the first non-clean exception (or exc_info tuple) given is kept
        for `join()` to raise."""
        with self._lock:
            ex = self._filter_exception(ex)
            if self._joined:  # nobody would raise it any more: raise it here
                instance = ex[1] if isinstance(ex, tuple) else ex
                if instance is not None:
                    raise instance
            if not self._stop_event.is_set():
                if ex and self._exc_info_to_raise is None:
                    self._exc_info_to_raise = ex if isinstance(ex, tuple) else \
                        (type(ex), ex, ex.__traceback__)
                self._stop_event.set()

    def clear_stop(self) -> None:
        """Clears the stop flag and the kept exception, so the coordinator can be reused."""
        with self._lock:
            self._joined = False
            self._exc_info_to_raise = None
            if self._stop_event.is_set():
                self._stop_event.clear()

    def should_stop(self) -> bool:
        return self._stop_event.is_set()

    @contextlib.contextmanager
    def stop_on_exception(self) -> Iterator[None]:
        """A context in which an exception requests a stop instead of propagating."""
        try:
            yield
        except:  # noqa: E722 - TF reports every exception, SystemExit included
            self.request_stop(ex=sys.exc_info())

    def wait_for_stop(self, timeout: float | None = None) -> bool:
        """Waits up to `timeout` seconds (forever: None) for a stop; True if stopping."""
        return self._stop_event.wait(timeout)

    def register_thread(self, thread: threading.Thread) -> None:
        with self._lock:
            self._registered_threads.add(thread)

    def join(self, threads: Any = None, stop_grace_period_secs: float = 120,
             ignore_live_threads: bool = False) -> None:
        """Waits for a stop request, then for the threads (registered and `threads`) to end,
        at most `stop_grace_period_secs` after the stop; re-raises the kept exception.
        Threads still alive then are a RuntimeError unless `ignore_live_threads`."""
        if threads is None:
            threads = self._registered_threads
        else:
            threads = self._registered_threads.union(set(threads))
        threads = list(threads)
        while any(t.is_alive() for t in threads) and not self.wait_for_stop(1.0):
            pass
        stop_wait_secs = 0.001
        deadline = time.time() + stop_grace_period_secs
        while any(t.is_alive() for t in threads) and time.time() < deadline:
            time.sleep(stop_wait_secs)
            stop_wait_secs = min(1.0, 2 * stop_wait_secs)
        stragglers = [t.name for t in threads if t.is_alive()]
        with self._lock:
            self._joined = True
            self._registered_threads = set()
            if self._exc_info_to_raise:
                raise self._exc_info_to_raise[1].with_traceback(self._exc_info_to_raise[2])
            if stragglers and not ignore_live_threads:
                raise RuntimeError(f"Coordinator stopped with threads still running: "
                                   f"{' '.join(stragglers)}")

    @property
    def joined(self) -> bool:
        return self._joined

    def raise_requested_exception(self) -> None:
        """Raises the kept exception, if any."""
        with self._lock:
            if self._exc_info_to_raise:
                raise self._exc_info_to_raise[1].with_traceback(self._exc_info_to_raise[2])


class LooperThread(threading.Thread):
    """A daemon thread calling `target(*args)` every `timer_interval_secs` (or in a tight
    loop when None) until the coordinator stops; exceptions request the stop."""

    def __init__(self, coord: Coordinator, timer_interval_secs: float | None,
                 target: Any = None, args: Any = None, kwargs: Any = None):
        if not isinstance(coord, Coordinator):
            raise ValueError(f"'coord' argument must be a Coordinator: {coord}")
        super().__init__()
        self.daemon = True
        self._coord = coord
        self._timer_interval_secs = timer_interval_secs
        self._target = target
        self._args = args or ()
        self._kwargs = kwargs or {}
        coord.register_thread(self)

    @staticmethod
    def loop(coord: Coordinator, timer_interval_secs: float | None, target: Any,
             args: Any = None, kwargs: Any = None) -> "LooperThread":
        looper = LooperThread(coord, timer_interval_secs, target=target, args=args,
                              kwargs=kwargs)
        looper.start()
        return looper

    def run(self) -> None:
        with self._coord.stop_on_exception():
            if self._timer_interval_secs is None:
                while not self._coord.should_stop():
                    self._target(*self._args, **self._kwargs)
            else:
                next_timer_time = time.time()
                while not self._coord.wait_for_stop(next_timer_time - time.time()):
                    next_timer_time += self._timer_interval_secs
                    self._target(*self._args, **self._kwargs)
