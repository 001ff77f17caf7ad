"""Small MNIST-format IDX files for tests: images whose mean brightness band is the label."""
import gzip
import os

import numpy as np

NAMES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
         "t10k-labels-idx1-ubyte")


def _idx(magic: int, array: np.ndarray) -> bytes:
    header = magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in array.shape)
    return header + array.astype(np.uint8).tobytes()


def mnist_arrays(n: int, seed: int, rows: int = 28, cols: int = 28):
    """`n` uint8 images [n, rows, cols] and labels [n]: label k lights up row band k."""
    rng = np.random.RandomState(seed)
    labels = rng.randint(0, 10, n).astype(np.uint8)
    images = rng.randint(0, 40, (n, rows, cols))
    band = rows // 10
    for i, k in enumerate(labels):
        images[i, k * band:(k + 1) * band] += 200
    return images.astype(np.uint8), labels


def write_mnist(folder: str, n_train: int, n_test: int, gz: bool = True, rows: int = 28,
                cols: int = 28) -> None:
    """The four MNIST files in `folder` (gzipped, or plain when not `gz`)."""
    os.makedirs(folder, exist_ok=True)
    train = mnist_arrays(n_train, 0, rows, cols)
    test = mnist_arrays(n_test, 1, rows, cols)
    contents = (_idx(2051, train[0]), _idx(2049, train[1]), _idx(2051, test[0]),
                _idx(2049, test[1]))
    for name, data in zip(NAMES, contents):
        if gz:
            with gzip.open(os.path.join(folder, name + ".gz"), "wb") as f:
                f.write(data)
        else:
            with open(os.path.join(folder, name), "wb") as f:
                f.write(data)
