"""dynamic_rnn with variable-length sequences: a GRU reads padded sequences of different
lengths (sequence_length masks the padding) and regresses their sum from the final state."""
import os

import numpy as np
import tensorflow as tf

tf.set_random_seed(3)
max_len, batch, units = 10, 64, 12
steps = int(os.environ.get("CORPUS_STEPS", 400))
rng = np.random.RandomState(1)


def batch_data():
    lengths = rng.randint(3, max_len + 1, batch)
    values = rng.uniform(-1, 1, (batch, max_len, 1)).astype(np.float32)
    mask = np.arange(max_len)[None, :] < lengths[:, None]
    values[~mask] = 0.0
    targets = values[..., 0].sum(1)
    return values, lengths, targets[:, None].astype(np.float32)


inputs = tf.placeholder(tf.float32, shape=[None, None, 1], name="inputs")
seq_len = tf.placeholder(tf.int32, shape=[None], name="seq_len")
target = tf.placeholder(tf.float32, shape=[None, 1], name="target")

cell = tf.nn.rnn_cell.GRUCell(num_units=units)
outputs, final_state = tf.nn.dynamic_rnn(cell, inputs, sequence_length=seq_len,
                                         dtype=tf.float32)
prediction = tf.layers.dense(final_state, 1)
loss = tf.losses.mean_squared_error(labels=target, predictions=prediction)
train_op = tf.train.RMSPropOptimizer(learning_rate=0.03, decay=0.9).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(steps):
        x, n, t = batch_data()
        _, l = sess.run([train_op, loss], {inputs: x, seq_len: n, target: t})
        if step % 10 == 0 or step == steps - 1:
            print("step %d loss %.5f" % (step, l))
    x, n, t = batch_data()
    out = sess.run(outputs, {inputs: x, seq_len: n})
    assert np.all(out[np.arange(max_len)[None, :] >= n[:, None]] == 0.0)
    print("outputs past each length are zero")
