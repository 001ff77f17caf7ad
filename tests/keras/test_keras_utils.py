"""`tf.keras.utils.to_categorical` gives Keras's one-hot arrays (values made with TF 2.21's
tf_keras, whose code is Keras 2.x's)."""
import numpy as np

import minitf as tf


def test_to_categorical():
    to_categorical = tf.keras.utils.to_categorical
    out = to_categorical([0, 2, 1])
    assert (out.tolist(), out.dtype) == ([[1, 0, 0], [0, 0, 1], [0, 1, 0]], np.float32)
    assert to_categorical([[1], [2]], 4).tolist() == [[0, 1, 0, 0], [0, 0, 1, 0]]
    assert to_categorical([1, 2], dtype="int32").dtype == np.int32
    assert to_categorical(np.array([[0, 1], [2, 0]])).shape == (2, 2, 3)
