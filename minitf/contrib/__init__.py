"""`tf.contrib`: the contrib modules TF1 tutorials use."""
from . import framework, layers, learn, legacy_seq2seq, rnn, seq2seq, training  # noqa: F401
