"""`tf.contrib.tensorboard` (ns): the embedding projector's plugin."""
from . import plugins  # noqa: F401
