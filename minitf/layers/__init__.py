"""`tf.layers`: re-exports minitf/nn/layers.py."""
from ..nn.layers import *  # noqa: F401,F403
