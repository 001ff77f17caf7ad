"""`tf.contrib.framework`: `arg_scope`, the variable helpers, the global-step and checkpoint
functions TF1 scripts reached through contrib (the same as `tf.train`'s) and `nest`."""
from ...framework import nest  # noqa: F401
from ...train.training_util import (assert_global_step, create_global_step,  # noqa: F401
                                    get_global_step, get_or_create_global_step)
from ...train.checkpoint_utils import init_from_checkpoint  # noqa: F401
from ...train.saver import list_variables, load_checkpoint, load_variable  # noqa: F401
from .arg_scope import *  # noqa: F401,F403
from .arg_scope import __all__ as _arg_scope_all
from .variables import *  # noqa: F401,F403
from .variables import __all__ as _variables_all

__all__ = ["nest", "assert_global_step", "create_global_step", "get_global_step",
           "get_or_create_global_step", "init_from_checkpoint", "list_variables", "load_checkpoint", "load_variable",
           *_arg_scope_all, *_variables_all]
