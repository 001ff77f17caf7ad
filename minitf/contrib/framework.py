"""`tf.contrib.framework`: the global-step helpers TF1 scripts reached through contrib (the same
functions as `tf.train`'s) and `nest`."""
from ..framework import nest  # noqa: F401
from ..train.training_util import (assert_global_step, create_global_step,  # noqa: F401
                                   get_global_step, get_or_create_global_step)

__all__ = ["nest", "assert_global_step", "create_global_step", "get_global_step",
           "get_or_create_global_step"]
