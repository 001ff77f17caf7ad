"""`tf.debugging`: TF 1.15's checks and assertions under their `tf.debugging.*` names, the very
same functions as their `tf.*` forms (`tf.debugging.assert_all_finite is
tf.verify_tensor_all_finite`)."""
from .ops.logging_ops import (  # noqa: F401
                              Assert,
                              assert_equal,
                              assert_greater,
                              assert_greater_equal,
                              assert_integer,
                              assert_less,
                              assert_less_equal,
                              assert_near,
                              assert_negative,
                              assert_non_negative,
                              assert_non_positive,
                              assert_none_equal,
                              assert_positive,
                              assert_proper_iterable,
                              assert_rank,
                              assert_rank_at_least,
                              assert_rank_in,
                              assert_same_float_dtype,
                              assert_scalar,
                              assert_type,
                              check_numerics,
                              is_non_decreasing,
                              is_numeric_tensor,
                              is_strictly_increasing,
)
from .ops.math import is_finite, is_inf, is_nan  # noqa: F401
from .ops.numerics import verify_tensor_all_finite as assert_all_finite  # noqa: F401
