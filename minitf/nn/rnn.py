"""`tf.nn.dynamic_rnn` and the other RNN functions (mirrors rnn.py of TF 1.15)."""
NN_ALL: list = []
