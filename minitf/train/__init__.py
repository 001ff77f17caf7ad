"""`tf.train`: training utilities (the global step)."""
from .training_util import *  # noqa: F401,F403
