"""`tf.lookup`: TF 1.15's v1 `tf.lookup.*` classes, the very same objects as the
`tf.contrib.lookup` ones (`StaticHashTable` is TF 1.15's v1 class, with `initializer`)."""
from .ops.lookup_ops import (KeyValueTensorInitializer, StaticHashTable,  # noqa: F401
                             StaticVocabularyTable, TextFileIndex, TextFileInitializer)

__all__ = ["KeyValueTensorInitializer", "StaticHashTable", "StaticVocabularyTable",
           "TextFileIndex", "TextFileInitializer"]
