"""`tf.compat`: `tf.compat.v1` is minitf's own namespace (minitf *is* TF1's API), the str/bytes
helpers, and the eager/v2 switches TF1 scripts call at startup.

minitf only has graphs and sessions, so switching v2 behaviour or eager execution off does
nothing, and switching either on is an error that says so.
"""
from __future__ import annotations

from typing import Any

import minitf as v1  # noqa: F401 - `tf.compat.v1` is the TF1 namespace itself
from minitf.framework.tensor_shape import dimension_at_index, dimension_value  # noqa: F401

__all__ = ["as_bytes", "as_text", "as_str", "as_str_any", "disable_v2_behavior",
           "disable_eager_execution", "executing_eagerly", "enable_eager_execution",
           "enable_v2_behavior", "dimension_value", "dimension_at_index"]


def as_bytes(bytes_or_text: Any, encoding: str = "utf-8") -> bytes:
    """`bytes_or_text` as bytes, text encoded with `encoding`."""
    if isinstance(bytes_or_text, bytearray):
        return bytes(bytes_or_text)
    if isinstance(bytes_or_text, str):
        return bytes_or_text.encode(encoding)
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text
    raise TypeError(f"Expected binary or unicode string, got {bytes_or_text!r}")


def as_text(bytes_or_text: Any, encoding: str = "utf-8") -> str:
    """`bytes_or_text` as str, bytes decoded with `encoding`."""
    if isinstance(bytes_or_text, str):
        return bytes_or_text
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text.decode(encoding)
    raise TypeError(f"Expected binary or unicode string, got {bytes_or_text!r}")


as_str = as_text


def as_str_any(value: Any) -> str:
    """`value` as str: bytes decoded, anything else through `str()`."""
    return as_str(value) if isinstance(value, bytes) else str(value)


def disable_v2_behavior() -> None:
    """Nothing to do: minitf always behaves as TF1."""


def disable_eager_execution() -> None:
    """Nothing to do: minitf never executes eagerly."""


def executing_eagerly() -> bool:
    """Always False: ops build graph nodes that a Session runs."""
    return False


def _no_v2(what: str) -> ValueError:
    return ValueError(f"minitf does not provide {what}: it runs TF1 graphs only. Remove the "
                      f"call and run the graph in a tf.Session.")


def enable_eager_execution(config: Any = None, device_policy: Any = None,
                           execution_mode: Any = None) -> None:
    """Refused: minitf has no eager mode."""
    raise _no_v2("tf.enable_eager_execution (eager execution)")


def enable_v2_behavior() -> None:
    """Refused: minitf has no TF2 behaviour."""
    raise _no_v2("tf.enable_v2_behavior (TF2 behaviour)")
