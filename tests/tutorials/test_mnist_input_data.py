"""tensorflow.examples.tutorials.mnist.input_data on small IDX files written here."""
import gzip
import os

import numpy as np
import pytest

import minitf as tf
from minitf.examples.tutorials.mnist import input_data
from tests.mnist_files import mnist_arrays, write_mnist


@pytest.mark.parametrize("gz", [True, False])
def test_read_data_sets(tmp_path, gz):
    write_mnist(str(tmp_path), n_train=30, n_test=12, gz=gz, rows=10, cols=7)
    data = input_data.read_data_sets(str(tmp_path), one_hot=True, validation_size=8)
    images, labels = mnist_arrays(30, 0, 10, 7)
    assert (data.train.num_examples, data.validation.num_examples, data.test.num_examples) \
        == (22, 8, 12)
    assert data.train.images.shape == (22, 70) and data.train.images.dtype == np.float32
    np.testing.assert_allclose(data.validation.images, images[:8].reshape(8, 70) / 255.0,
                               rtol=1e-6)
    assert data.train.labels.shape == (22, 10)
    np.testing.assert_array_equal(data.train.labels.argmax(1), labels[8:])


def test_dense_labels_uint8_unreshaped(tmp_path):
    write_mnist(str(tmp_path), n_train=6, n_test=4, rows=10, cols=7)
    data = input_data.read_data_sets(str(tmp_path), dtype=tf.uint8, reshape=False,
                                     validation_size=0)
    assert data.train.images.shape == (6, 10, 7, 1) and data.train.images.dtype == np.uint8
    np.testing.assert_array_equal(data.test.labels, mnist_arrays(4, 1, 10, 7)[1])
    assert data.validation.num_examples == 0


def test_next_batch_wraps_epochs(tmp_path):
    write_mnist(str(tmp_path), n_train=10, n_test=2, rows=10, cols=7)
    data = input_data.read_data_sets(str(tmp_path), validation_size=0, seed=3)
    train = data.train
    x, y = train.next_batch(4, shuffle=False)
    np.testing.assert_array_equal(y, mnist_arrays(10, 0, 10, 7)[1][:4])
    train.next_batch(4, shuffle=False)
    x, y = train.next_batch(4, shuffle=False)
    assert x.shape == (4, 70) and train.epochs_completed == 1
    np.testing.assert_array_equal(y, mnist_arrays(10, 0, 10, 7)[1][[8, 9, 0, 1]])
    shuffled = input_data.read_data_sets(str(tmp_path), validation_size=0).train
    seen = np.concatenate([shuffled.next_batch(5)[1] for _ in range(2)])
    assert sorted(seen) == sorted(mnist_arrays(10, 0, 10, 7)[1])
    assert shuffled.epochs_completed == 0


def test_fake_data():
    data = input_data.read_data_sets("unused", fake_data=True, one_hot=True)
    images, labels = data.train.next_batch(3, fake_data=True)
    assert len(images) == 3 and len(images[0]) == 784 and labels[0] == [1] + [0] * 9


def test_errors(tmp_path):
    with pytest.raises(FileNotFoundError,
                       match=r"MNIST files missing from .*: train-images-idx3-ubyte\.gz, "
                             r"train-labels-idx1-ubyte\.gz, t10k-images-idx3-ubyte\.gz, "
                             r"t10k-labels-idx1-ubyte\.gz\. minitf never downloads"):
        input_data.read_data_sets(str(tmp_path / "none"), one_hot=True)
    write_mnist(str(tmp_path), n_train=6, n_test=4, rows=10, cols=7)
    with pytest.raises(ValueError, match=r"Validation size should be between 0 and 6\. "
                                         r"Received: 7\."):
        input_data.read_data_sets(str(tmp_path), validation_size=7)
    with pytest.raises(TypeError, match=r"Invalid image dtype tf\.int32, expected uint8 or "
                                        r"float32"):
        input_data.read_data_sets(str(tmp_path), dtype=tf.int32, validation_size=0)
    with gzip.open(os.path.join(tmp_path, "t10k-labels-idx1-ubyte.gz"), "wb") as f:
        f.write((2051).to_bytes(4, "big") + (0).to_bytes(4, "big"))
    with pytest.raises(ValueError, match=r"Invalid magic number 2051 in MNIST label file"):
        input_data.read_data_sets(str(tmp_path), validation_size=0)
    with pytest.raises(ValueError, match=r"images\.shape: \(2, 3, 3, 1\) labels\.shape: \(3,\)"):
        input_data.DataSet(np.zeros((2, 3, 3, 1)), np.zeros(3))
    with pytest.raises(ValueError, match=r"images must have one channel, got shape "
                                         r"\(2, 3, 3, 2\)"):
        input_data.DataSet(np.zeros((2, 3, 3, 2)), np.zeros(2))
