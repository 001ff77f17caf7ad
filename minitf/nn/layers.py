"""TF1 layers (`tf.layers.dense`, `tf.layers.dropout`; mirrors tensorflow/python/layers of TF 1.15)."""
__all__: list = []
