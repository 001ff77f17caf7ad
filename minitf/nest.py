"""`tf.nest` (TF 1.15): the nested-structure utilities, re-exported from framework.nest."""
from .framework.nest import (
    assert_same_structure,
    flatten,
    is_nested,
    map_structure,
    pack_sequence_as,
)

__all__ = ["assert_same_structure", "flatten", "is_nested", "map_structure", "pack_sequence_as"]
