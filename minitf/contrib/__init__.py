"""`tf.contrib`: the contrib modules TF1 tutorials use."""
from . import crf, framework, layers, legacy_seq2seq, rnn, seq2seq  # noqa: F401
