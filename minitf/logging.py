"""`tf.logging`: TF1's logging functions on Python's `logging`, under the logger "tensorflow".

As in TF 1.x, the logger writes `LEVEL:tensorflow:message` lines to stderr through its own
handler (added once, only when the root logger has none), and its verbosity defaults to the
root logger's (WARN), so `tf.logging.info` prints only after `set_verbosity(tf.logging.INFO)`.
"""
from __future__ import annotations

import logging as _logging
import sys
from typing import Any

__all__ = ["DEBUG", "INFO", "WARN", "ERROR", "FATAL", "get_logger", "set_verbosity",
           "get_verbosity", "debug", "info", "warning", "warn", "error", "fatal", "log",
           "log_every_n", "log_first_n", "log_if", "vlog"]

DEBUG = _logging.DEBUG
INFO = _logging.INFO
WARN = _logging.WARN
ERROR = _logging.ERROR
FATAL = _logging.FATAL

_counts: dict = {}


def get_logger() -> _logging.Logger:
    """The "tensorflow" logger, given a stderr handler on first use."""
    logger = _logging.getLogger("tensorflow")
    if not logger.handlers and not _logging.getLogger().handlers:
        handler = _logging.StreamHandler(sys.stderr)
        handler.setFormatter(_logging.Formatter(_logging.BASIC_FORMAT, None))
        logger.addHandler(handler)
    return logger


def set_verbosity(v: int) -> None:
    """Logs at level `v` and above from now on."""
    get_logger().setLevel(v)


def get_verbosity() -> int:
    """The effective level of the "tensorflow" logger."""
    return get_logger().getEffectiveLevel()


def log(level: int, msg: Any, *args: Any, **kwargs: Any) -> None:
    get_logger().log(level, msg, *args, **kwargs)


def debug(msg: Any, *args: Any, **kwargs: Any) -> None:
    get_logger().debug(msg, *args, **kwargs)


def info(msg: Any, *args: Any, **kwargs: Any) -> None:
    get_logger().info(msg, *args, **kwargs)


def warning(msg: Any, *args: Any, **kwargs: Any) -> None:
    get_logger().warning(msg, *args, **kwargs)


warn = warning


def error(msg: Any, *args: Any, **kwargs: Any) -> None:
    get_logger().error(msg, *args, **kwargs)


def fatal(msg: Any, *args: Any, **kwargs: Any) -> None:
    """Logs at FATAL; like TF1's, it does not end the program."""
    get_logger().critical(msg, *args, **kwargs)


def vlog(level: int, msg: Any, *args: Any, **kwargs: Any) -> None:
    get_logger().log(level, msg, *args, **kwargs)


def log_if(level: int, msg: Any, condition: bool, *args: Any) -> None:
    if condition:
        log(level, msg, *args)


def _count_call() -> int:
    """How many times the caller's caller's line of code called before."""
    frame = sys._getframe(2)
    site = (frame.f_code.co_filename, frame.f_lineno)
    count = _counts.get(site, 0)
    _counts[site] = count + 1
    return count


def log_every_n(level: int, msg: Any, n: int, *args: Any) -> None:
    """Logs on the 1st, (n+1)th, (2n+1)th... call from the same line of code."""
    log_if(level, msg, _count_call() % n == 0, *args)


def log_first_n(level: int, msg: Any, n: int, *args: Any) -> None:
    """Logs on the first `n` calls from the same line of code."""
    log_if(level, msg, _count_call() < n, *args)
