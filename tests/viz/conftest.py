"""A dynamic_rnn graph (the seed's, smaller) for the viz tests."""
import pytest

import minitf as tf


@pytest.fixture
def rnn_graph():
    cell = tf.nn.rnn_cell.BasicLSTMCell(6)
    x = tf.placeholder(tf.float32, [2, 4, 3], name="inputs")
    tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    return tf.get_default_graph()
