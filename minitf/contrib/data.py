"""`tf.contrib.data`: TF 1.15's contrib names of the `tf.data.experimental` transformations."""
from ..data.experimental import *  # noqa: F401,F403
from ..data.experimental import __all__  # noqa: F401
