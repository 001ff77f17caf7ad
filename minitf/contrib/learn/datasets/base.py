"""`tf.contrib.learn.datasets.base` (mirrors contrib/learn/python/learn/datasets/base.py of TF 1.15):
the `Dataset(data, target)` tuple, CSV loaders and MNIST. Nothing is downloaded:
`maybe_download` returns a file already present and otherwise says where to put it.
"""
from __future__ import annotations

import collections
import csv
import os
from typing import Any

import numpy as np

from .... import gfile
from ....examples.tutorials.mnist import input_data as _mnist

__all__ = ["Dataset", "Datasets", "load_csv_with_header", "load_csv_without_header",
           "shrink_csv", "maybe_download", "split_into_train_and_test"]

Dataset = collections.namedtuple("Dataset", ["data", "target"])
Datasets = _mnist.Datasets


def load_csv_with_header(filename: str, target_dtype: Any, features_dtype: Any,
                         target_column: int = -1) -> Dataset:
    """A CSV whose first row holds the sample and feature counts (the rest of it is ignored);
    `target_column` of each row is the target."""
    with gfile.Open(filename) as csv_file:
        rows = csv.reader(csv_file)
        header = next(rows)
        n_samples, n_features = int(header[0]), int(header[1])
        data = np.zeros((n_samples, n_features), dtype=features_dtype)
        target = np.zeros((n_samples,), dtype=target_dtype)
        for i, row in enumerate(rows):
            target[i] = np.asarray(row.pop(target_column), dtype=target_dtype)
            data[i] = np.asarray(row, dtype=features_dtype)
    return Dataset(data=data, target=target)


def load_csv_without_header(filename: str, target_dtype: Any, features_dtype: Any,
                            target_column: int = -1) -> Dataset:
    """A CSV of rows only; `target_column` of each row is the target."""
    data, target = [], []
    with gfile.Open(filename) as csv_file:
        for row in csv.reader(csv_file):
            target.append(row.pop(target_column))
            data.append(np.asarray(row, dtype=features_dtype))
    return Dataset(data=np.array(data), target=np.array(target, dtype=target_dtype))


def shrink_csv(filename: str, ratio: int) -> None:
    """Writes every `ratio`-th row of `filename` to the same name with `_small` before its
    first dot."""
    with gfile.Open(filename.replace(".", "_small.", 1), "w") as small, \
            gfile.Open(filename) as full:
        writer = csv.writer(small)
        for i, row in enumerate(csv.reader(full)):
            if i % ratio == 0:
                writer.writerow(row)


def maybe_download(filename: str, work_directory: str, source_url: str) -> str:
    """The path of `filename` in `work_directory`, which must already hold it."""
    path = os.path.join(work_directory, filename)
    if not gfile.Exists(path):
        raise FileNotFoundError(f"{path} is missing. minitf never downloads: fetch {source_url} "
                                f"and save it there.")
    return path


def split_into_train_and_test(dataset: Dataset, test_ratio: float = 0.3, shuffle: bool = False
                              ) -> tuple[Dataset, Dataset]:
    """The first `1 - test_ratio` of the samples and the rest (after one permutation of
    numpy's global random state when `shuffle`)."""
    if not 0 <= test_ratio <= 1:
        raise ValueError(f"The test_ratio value is out of bounds: {test_ratio}")
    n_train = int(dataset.data.shape[0] * (1. - test_ratio))
    data, target = dataset.data[:], dataset.target[:]
    if shuffle:
        order = np.random.permutation(range(data.shape[0]))
        data, target = data[order], target[order]
    return (Dataset(data=data[:n_train], target=target[:n_train]),
            Dataset(data=data[n_train:], target=target[n_train:]))
