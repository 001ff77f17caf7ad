"""`tf.losses` (mirrors losses_impl.py of TF 1.15)."""
__all__: list = []
