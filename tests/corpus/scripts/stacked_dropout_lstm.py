"""Stacked LSTM with dropout: MultiRNNCell of DropoutWrapper(LSTMCell) layers, keep_prob fed
through placeholder_with_default (1.0 at evaluation), predicting each bit of a stream two steps late."""
import os

import numpy as np
import tensorflow as tf

tf.set_random_seed(4)
num_layers, num_units, seq_len, batch_size = 2, 16, 8, 40
steps = int(os.environ.get("CORPUS_STEPS", 400))
rng = np.random.RandomState(2)

x = tf.placeholder(tf.float32, [None, seq_len, 1])
y = tf.placeholder(tf.int64, [None, seq_len])
keep_prob = tf.placeholder_with_default(1.0, shape=())


def make_cell():
    cell = tf.nn.rnn_cell.LSTMCell(num_units)
    return tf.nn.rnn_cell.DropoutWrapper(cell, output_keep_prob=keep_prob)


cell = tf.nn.rnn_cell.MultiRNNCell([make_cell() for _ in range(num_layers)])
outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
logits = tf.layers.dense(outputs, 2, name="logits")
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
tvars = tf.trainable_variables()
grads, _ = tf.clip_by_global_norm(tf.gradients(loss, tvars), 5.0)
train_op = tf.train.AdamOptimizer(0.02).apply_gradients(zip(grads, tvars))
accuracy = tf.reduce_mean(tf.to_float(tf.equal(tf.argmax(logits, 2), y)))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(steps):
        bits = rng.randint(0, 2, (batch_size, seq_len))
        delayed = np.concatenate([np.zeros((batch_size, 2), np.int64), bits[:, :-2]], axis=1)
        feed = {x: bits[..., None], y: delayed}
        train_feed = dict(feed)
        train_feed[keep_prob] = 0.9
        sess.run(train_op, feed_dict=train_feed)
        if step % 20 == 0 or step == steps - 1:
            l, acc = sess.run([loss, accuracy], feed_dict=feed)
            print("step {:4d}  loss {:.4f}  accuracy {:.3f}".format(step, l, acc))
    for i, (c, h) in enumerate(state):
        print("layer", i, "state", c.shape, h.shape)
