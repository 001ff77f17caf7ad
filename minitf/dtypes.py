"""`tf.dtypes`: the DType class, `as_dtype`, the dtype constants and `cast`, the same objects
as their `tf.*` forms."""
from .framework.dtypes import *  # noqa: F401,F403
from .ops.array import cast  # noqa: F401
from .ops.math import saturate_cast  # noqa: F401
