"""`tf.contrib`: the contrib modules TF1 tutorials use."""
from . import layers  # noqa: F401
