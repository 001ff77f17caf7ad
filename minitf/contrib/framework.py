"""`tf.contrib.framework`: the global-step helpers TF1 scripts reach through contrib (the very
same functions as `tf.train`'s)."""
from ..train.training_util import (assert_global_step, create_global_step,  # noqa: F401
                                   get_global_step, get_or_create_global_step)

__all__ = ["assert_global_step", "create_global_step", "get_global_step",
           "get_or_create_global_step"]
