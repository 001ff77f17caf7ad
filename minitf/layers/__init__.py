"""`tf.layers`: re-exports minitf/nn/layers.py (core layers) and minitf/nn/convolutional.py
(convolutions and poolings) and minitf/nn/normalization.py (batch normalization)."""
from ..nn.convolutional import *  # noqa: F401,F403
from ..nn.layers import *  # noqa: F401,F403
from ..nn.normalization import *  # noqa: F401,F403
from ..nn import convolutional as _convolutional, layers as _core, normalization as _normalization

__all__ = _core.__all__ + _convolutional.__all__ + _normalization.__all__
