"""`tf.contrib.layers` (mirrors tensorflow/contrib/layers of TF 1.15)."""
__all__: list = []
