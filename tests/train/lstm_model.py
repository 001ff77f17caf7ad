"""The small LSTM model that tools/make_tf_checkpoint.py trains in real TensorFlow and
tests/train/test_saver_tf.py rebuilds in minitf: one function written against the TF1 API
passed in, so both sides build the same variable names."""
from typing import Any

import numpy as np

BATCH, TIME, FEATURES, UNITS, CLASSES = 2, 3, 5, 4, 3


def inputs() -> tuple[np.ndarray, np.ndarray]:
    """The fixed input sequence and class labels both sides feed."""
    rng = np.random.RandomState(7)
    x = rng.uniform(-1.0, 1.0, (BATCH, TIME, FEATURES)).astype(np.float32)
    y = np.array([0, 2], dtype=np.int32)
    return x, y


def build(tf: Any) -> dict:
    """BasicLSTMCell + dynamic_rnn + dense, trained with Adam on a cross-entropy loss."""
    x = tf.placeholder(tf.float32, [None, TIME, FEATURES], name="x")
    y = tf.placeholder(tf.int32, [None], name="y")
    cell = tf.nn.rnn_cell.BasicLSTMCell(UNITS)
    outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    logits = tf.layers.dense(outputs[:, -1], CLASSES)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y,
                                                                         logits=logits))
    train = tf.train.AdamOptimizer(0.05).minimize(loss)
    return {"x": x, "y": y, "outputs": outputs, "state_h": state.h, "logits": logits,
            "loss": loss, "train": train}
