"""`tf.contrib.rnn`: the very same cells as `tf.nn.rnn_cell`, the contrib-only cells and
wrappers, fused cells, the static RNN functions and the stacked bidirectional ones."""
from ..nn.rnn_cell_impl import *  # noqa: F401,F403
from ..nn.rnn_cell_impl import LayerRNNCell  # noqa: F401
from .rnn_cell import *  # noqa: F401,F403
from .rnn_cell_extra import *  # noqa: F401,F403
from .rnn_cell_wrappers import *  # noqa: F401,F403
from .grid_lstm_cell import *  # noqa: F401,F403
from .conv_lstm_cell import *  # noqa: F401,F403
from .fused_rnn_cell import *  # noqa: F401,F403
from .core_rnn_cell import *  # noqa: F401,F403
from .stacked_rnn import *  # noqa: F401,F403
from .state_saving_rnn import *  # noqa: F401,F403
from ..nn.rnn import static_bidirectional_rnn, static_rnn  # noqa: F401
from ..nn.rnn import _best_effort_input_batch_size as best_effort_input_batch_size  # noqa: F401
from ..nn.rnn import _transpose_batch_time as transpose_batch_time  # noqa: F401
