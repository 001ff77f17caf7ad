"""`tf.data` (and `tf.compat.v1.data`): datasets and their iterators, imported on first use
(minitf/ops/dataset_ops.py)."""
from ..ops.dataset_ops import (Dataset, Iterator, get_output_classes,  # noqa: F401
                               get_output_shapes, get_output_types, make_initializable_iterator,
                               make_one_shot_iterator)

__all__ = ["Dataset", "Iterator", "make_one_shot_iterator", "make_initializable_iterator",
           "get_output_types", "get_output_shapes", "get_output_classes"]
