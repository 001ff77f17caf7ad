"""`tf.keras.preprocessing`: the `sequence` and `text` utilities."""
from . import sequence, text  # noqa: F401

__all__ = ["sequence", "text"]
