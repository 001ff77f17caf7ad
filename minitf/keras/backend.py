"""`tf.keras.backend`: `clear_session`, as TF1 graph code uses it."""
from __future__ import annotations

from ..framework.graph import get_default_graph, name_scope, reset_default_graph

__all__ = ["clear_session"]


def clear_session() -> None:
    """A fresh default graph, holding only Keras's `keras_learning_phase` placeholder (False
    unless fed), as TF 1.15's Keras backend leaves it."""
    from ..ops.array import placeholder_with_default  # noqa: PLC0415 - built after reset
    reset_default_graph()
    with get_default_graph().as_default(), name_scope(""):
        placeholder_with_default(False, shape=(), name="keras_learning_phase")
