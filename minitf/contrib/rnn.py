"""`tf.contrib.rnn`: the very same cells as `tf.nn.rnn_cell`, the contrib-only cells and
wrappers, the static RNN functions and the stacked bidirectional ones."""
from ..nn.rnn_cell_impl import *  # noqa: F401,F403
from .rnn_cell import *  # noqa: F401,F403
from .core_rnn_cell import *  # noqa: F401,F403
from .stacked_rnn import *  # noqa: F401,F403
from ..nn.rnn import static_bidirectional_rnn, static_rnn  # noqa: F401
