"""`tf.contrib.tensorboard.plugins` (ns)."""
from . import projector  # noqa: F401
