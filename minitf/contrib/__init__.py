"""`tf.contrib`: the contrib modules TF1 tutorials use."""
from . import framework, layers, learn, legacy_seq2seq, lookup, rnn, seq2seq  # noqa: F401
