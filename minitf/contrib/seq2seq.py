"""`tf.contrib.seq2seq` (mirrors tensorflow/contrib/seq2seq of TF 1.15)."""
__all__: list = []
