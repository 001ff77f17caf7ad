"""`tf.data` (and `tf.compat.v1.data`): datasets, the file datasets and their iterators,
imported on first use (minitf/ops/dataset_ops.py)."""
from . import experimental  # noqa: F401
from ..ops.dataset_ops import (Dataset, FixedLengthRecordDataset, Iterator,  # noqa: F401
                               TextLineDataset, TFRecordDataset, get_output_classes,
                               get_output_shapes, get_output_types, make_initializable_iterator,
                               make_one_shot_iterator)

__all__ = ["Dataset", "Iterator", "TextLineDataset", "TFRecordDataset", "FixedLengthRecordDataset",
           "make_one_shot_iterator", "make_initializable_iterator", "get_output_types",
           "get_output_shapes", "get_output_classes"]
