"""`tf.io`: TF 1.15's second home of the file, record, parsing and queue names (the very same
objects as `tf.read_file`, `tf.python_io.TFRecordWriter`, `tf.train.match_filenames_once`,
...), imported on first use."""
from .framework.tf_record import (TFRecordCompressionType, TFRecordOptions,  # noqa: F401
                                  TFRecordWriter, tf_record_iterator)
from .ops.data_flow import PaddingFIFOQueue, QueueBase, RandomShuffleQueue  # noqa: F401
from .ops.io_ops import matching_files, read_file, write_file  # noqa: F401
from .ops.parsing_ops import (FixedLenFeature, FixedLenSequenceFeature,  # noqa: F401
                              VarLenFeature, decode_csv, decode_raw, parse_example,
                              parse_single_example, parse_single_sequence_example)
from .train.input import match_filenames_once  # noqa: F401

__all__ = ["FixedLenFeature", "FixedLenSequenceFeature", "PaddingFIFOQueue", "QueueBase",
           "RandomShuffleQueue", "TFRecordCompressionType", "TFRecordOptions", "TFRecordWriter",
           "VarLenFeature", "decode_csv", "decode_raw", "match_filenames_once",
           "matching_files", "parse_example", "parse_single_example",
           "parse_single_sequence_example", "read_file",
           "tf_record_iterator", "write_file"]
