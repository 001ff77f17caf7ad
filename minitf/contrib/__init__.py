"""`tf.contrib`: the contrib modules TF1 tutorials use."""
from . import layers, rnn, seq2seq  # noqa: F401
