"""`tf.python_io`: TFRecord files (minitf/framework/tf_record.py), imported on first use."""
from .framework.tf_record import (TFRecordCompressionType, TFRecordOptions,  # noqa: F401
                                  TFRecordWriter, tf_record_iterator)

__all__ = ["TFRecordCompressionType", "TFRecordOptions", "TFRecordWriter", "tf_record_iterator"]
