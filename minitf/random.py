"""`tf.random`: the same functions as `tf.random_normal` & co. under TF 1.15's short names."""
from .ops.random import get_seed, normal, set_random_seed, shuffle, truncated_normal, uniform  # noqa: F401
