"""`tf.contrib.learn.datasets`: `base` (Dataset tuples, CSV loaders) and `mnist` (the
tutorials' MNIST reader)."""
from ....examples.tutorials.mnist import input_data as mnist  # noqa: F401
from . import base  # noqa: F401
from .base import *  # noqa: F401,F403
