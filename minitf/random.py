"""`tf.random`: the same functions as `tf.random_normal` & co. under TF 1.15's short names."""
from .ops.random import (categorical, gamma, get_seed, multinomial, normal, poisson,  # noqa: F401
                         set_random_seed, shuffle, truncated_normal, uniform)
