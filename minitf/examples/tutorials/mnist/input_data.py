"""`tensorflow.examples.tutorials.mnist.input_data`: the MNIST reader of TF1's tutorials.

`read_data_sets(train_dir)` reads the four standard IDX files (gzipped or not) from
`train_dir` and never downloads: when a file is missing the error says which files to put
where. `DataSet.next_batch` shuffles and wraps epochs as TF1's did, on numpy's global random
state (seeded from the graph seed, as TF1 did).
"""
from __future__ import annotations

import collections
import gzip
import os
from typing import Any

import numpy as np

from ....framework import dtypes
from ....ops.random import get_seed

__all__ = ["read_data_sets", "DataSet", "Datasets", "dense_to_one_hot", "extract_images",
           "extract_labels"]

TRAIN_IMAGES = "train-images-idx3-ubyte.gz"
TRAIN_LABELS = "train-labels-idx1-ubyte.gz"
TEST_IMAGES = "t10k-images-idx3-ubyte.gz"
TEST_LABELS = "t10k-labels-idx1-ubyte.gz"
_IMAGE_MAGIC, _LABEL_MAGIC = 2051, 2049

Datasets = collections.namedtuple("Datasets", ["train", "validation", "test"])


def _read_idx(path: str, magic: int, what: str) -> np.ndarray:
    """The array in an IDX file: a big-endian magic number, one uint32 per dimension, then
    the uint8 data."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    found = int.from_bytes(data[:4], "big")
    if found != magic:
        raise ValueError(f"Invalid magic number {found} in MNIST {what} file: {path}")
    ndim = magic - 2048
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def extract_images(path: str) -> np.ndarray:
    """The images of an IDX3 file as uint8 `[index, rows, cols, 1]`."""
    images = _read_idx(path, _IMAGE_MAGIC, "image")
    return images.reshape(images.shape + (1,))


def dense_to_one_hot(labels_dense: np.ndarray, num_classes: int) -> np.ndarray:
    """Class indices `[n]` as one-hot float rows `[n, num_classes]`."""
    one_hot = np.zeros((labels_dense.shape[0], num_classes))
    one_hot[np.arange(labels_dense.shape[0]), labels_dense.ravel()] = 1
    return one_hot


def extract_labels(path: str, one_hot: bool = False, num_classes: int = 10) -> np.ndarray:
    """The labels of an IDX1 file as uint8 `[index]`, or one-hot rows."""
    labels = _read_idx(path, _LABEL_MAGIC, "label")
    return dense_to_one_hot(labels, num_classes) if one_hot else labels


class DataSet:
    """Images and labels with epoch-wise shuffled mini-batches."""

    def __init__(self, images: np.ndarray, labels: np.ndarray, fake_data: bool = False,
                 one_hot: bool = False, dtype: Any = dtypes.float32, reshape: bool = True,
                 seed: int | None = None):
        seed1, seed2 = get_seed(seed)
        np.random.seed(seed1 if seed is None else seed2)
        dtype = dtypes.as_dtype(dtype).base_dtype
        if dtype not in (dtypes.uint8, dtypes.float32):
            raise TypeError(f"Invalid image dtype {dtype!r}, expected uint8 or float32")
        if fake_data:
            self._num_examples = 10000
            self.one_hot = one_hot
        else:
            if images.shape[0] != labels.shape[0]:
                raise ValueError(f"images.shape: {images.shape} labels.shape: {labels.shape}")
            self._num_examples = images.shape[0]
            if reshape:
                if images.shape[3] != 1:
                    raise ValueError(f"images must have one channel, got shape {images.shape}")
                images = images.reshape(images.shape[0], images.shape[1] * images.shape[2])
            if dtype == dtypes.float32:
                images = images.astype(np.float32) * (1.0 / 255.0)
        self._images = images
        self._labels = labels
        self._epochs_completed = 0
        self._index_in_epoch = 0

    @property
    def images(self) -> np.ndarray:
        return self._images

    @property
    def labels(self) -> np.ndarray:
        return self._labels

    @property
    def num_examples(self) -> int:
        return self._num_examples

    @property
    def epochs_completed(self) -> int:
        return self._epochs_completed

    def _shuffle(self) -> None:
        perm = np.arange(self._num_examples)
        np.random.shuffle(perm)
        self._images = self._images[perm]
        self._labels = self._labels[perm]

    def next_batch(self, batch_size: int, fake_data: bool = False,
                   shuffle: bool = True) -> tuple:
        """The next `batch_size` examples; the batch that ends an epoch is completed from
        the next epoch, reshuffled (the first epoch is shuffled too when `shuffle`)."""
        if fake_data:
            image = [1.0] * 784
            label = [1] + [0] * 9 if self.one_hot else 0
            return [image] * batch_size, [label] * batch_size
        start = self._index_in_epoch
        if self._epochs_completed == 0 and start == 0 and shuffle:
            self._shuffle()
        if start + batch_size <= self._num_examples:
            self._index_in_epoch += batch_size
            return self._images[start:self._index_in_epoch], \
                self._labels[start:self._index_in_epoch]
        self._epochs_completed += 1
        images_rest = self._images[start:]
        labels_rest = self._labels[start:]
        if shuffle:
            self._shuffle()
        self._index_in_epoch = batch_size - len(images_rest)
        end = self._index_in_epoch
        return (np.concatenate((images_rest, self._images[:end]), axis=0),
                np.concatenate((labels_rest, self._labels[:end]), axis=0))


def _find(train_dir: str, name: str) -> str | None:
    """The gzipped file, or its uncompressed form."""
    for candidate in (name, name[:-len(".gz")]):
        path = os.path.join(train_dir, candidate)
        if os.path.isfile(path):
            return path
    return None


def read_data_sets(train_dir: str, fake_data: bool = False, one_hot: bool = False,
                   dtype: Any = dtypes.float32, reshape: bool = True, validation_size: int = 5000,
                   seed: int | None = None, source_url: str | None = None) -> Datasets:
    """MNIST from the IDX files in `train_dir`: the training set less its first
    `validation_size` examples, those examples, and the test set. `source_url` is accepted
    for compatibility; nothing is ever downloaded."""
    def make(images: Any, labels: Any) -> DataSet:
        return DataSet(images, labels, fake_data=fake_data, one_hot=one_hot, dtype=dtype,
                       reshape=reshape, seed=seed)

    if fake_data:
        return Datasets(train=make([], []), validation=make([], []), test=make([], []))
    names = (TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)
    paths = [_find(train_dir, name) for name in names]
    missing = [name for name, path in zip(names, paths) if path is None]
    if missing:
        raise FileNotFoundError(
            f"MNIST files missing from {os.path.abspath(train_dir)}: {', '.join(missing)}. "
            f"minitf never downloads: get the four MNIST files ({', '.join(names)}) from "
            f"http://yann.lecun.com/exdb/mnist/ or a mirror and put them, gzipped or not, in "
            f"that folder.")
    train_images = extract_images(paths[0])
    train_labels = extract_labels(paths[1], one_hot=one_hot)
    test_images = extract_images(paths[2])
    test_labels = extract_labels(paths[3], one_hot=one_hot)
    if not 0 <= validation_size <= len(train_images):
        raise ValueError(f"Validation size should be between 0 and {len(train_images)}. "
                         f"Received: {validation_size}.")
    return Datasets(train=make(train_images[validation_size:], train_labels[validation_size:]),
                    validation=make(train_images[:validation_size],
                                    train_labels[:validation_size]),
                    test=make(test_images, test_labels))
