"""Composite `tf.nn` functions built from other ops (mirrors nn_impl.py and embedding_ops.py of TF 1.15)."""
NN_ALL: list = []
