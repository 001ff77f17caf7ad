"""`tf.saved_model.tag_constants`."""
from .constants import EVAL, GPU, SERVING, TPU, TRAINING  # noqa: F401

__all__ = ["SERVING", "TRAINING", "EVAL", "GPU", "TPU"]
