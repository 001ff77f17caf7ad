"""`tf.math`: TF 1.15's `tf.math.*` names that minitf implements, the very same functions as
their `tf.*` and `tf.nn.*` forms (`tf.math.top_k is tf.nn.top_k`)."""
from .ops.array import invert_permutation  # noqa: F401
from .ops.math import (abs, acos, acosh, add, add_n, argmax, argmin, asin, asinh,  # noqa: F401
                       atan, atan2, atanh, ceil, conj, cos, cosh, count_nonzero, cumprod,
                       cumsum, divide, equal, erf, erfc, exp, expm1, floor, floordiv, floormod,
                       greater, greater_equal, is_finite, is_inf, is_nan, less, less_equal, log,
                       log1p, logical_and, logical_not, logical_or, logical_xor, maximum,
                       minimum, mod, multiply, negative, not_equal, pow, reciprocal,
                       reduce_all, reduce_any, reduce_logsumexp, reduce_max, reduce_mean,
                       reduce_min, reduce_prod, reduce_sum, rint, round, rsqrt, scalar_mul,
                       sigmoid, sign, sin, sinh, sqrt, square, squared_difference, subtract, tan,
                       tanh, truediv, unsorted_segment_sum)
from .ops.math import div_no_nan as divide_no_nan  # noqa: F401
from .ops.nn import in_top_k, log_softmax, softmax, softplus, softsign, top_k  # noqa: F401
from .ops.nn_impl import l2_normalize  # noqa: F401
