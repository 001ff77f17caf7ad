"""`tf.strings`: TF 1.15's v1 `tf.strings.*` names that minitf implements, the very same
functions as their `tf.*` forms where TF has one (`tf.strings.join is tf.string_join`)."""
from .ops.string_ops import as_string, lower, reduce_join, regex_full_match  # noqa: F401
from .ops.string_ops import regex_replace, substr, upper  # noqa: F401
from .ops.string_ops import string_join as join  # noqa: F401
from .ops.string_ops import string_length as length  # noqa: F401
from .ops.string_ops import string_strip as strip  # noqa: F401
from .ops.string_ops import string_to_hash_bucket_fast as to_hash_bucket_fast  # noqa: F401
from .ops.string_ops import string_to_hash_bucket_strong as to_hash_bucket_strong  # noqa: F401
from .ops.string_ops import string_to_number as to_number  # noqa: F401
from .ops.string_ops import strings_split as split  # noqa: F401

__all__ = ["as_string", "join", "length", "lower", "reduce_join", "regex_full_match",
           "regex_replace", "split", "strip", "substr", "to_hash_bucket_fast",
           "to_hash_bucket_strong", "to_number", "upper"]
