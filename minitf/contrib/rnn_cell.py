"""The cells only `tf.contrib.rnn` has (mirrors tensorflow/contrib/rnn of TF 1.15)."""
__all__: list = []
