"""`tf.nn.rnn_cell`: re-exports minitf/nn/rnn_cell_impl.py."""
from .rnn_cell_impl import *  # noqa: F401,F403
