"""Bidirectional LSTM: classify whether a sequence of digits contains more ones in its first
half than in its second, forward and backward LSTMs through bidirectional_dynamic_rnn with
their last outputs concatenated."""
import os

import numpy as np
import tensorflow as tf

tf.set_random_seed(2)

n_steps = 12
n_hidden = 16
n_classes = 2
learning_rate = 0.02
training_iters = int(os.environ.get("CORPUS_STEPS", 300))
batch_size = 48

rng = np.random.RandomState(0)


def make_batch(n):
    bits = rng.randint(0, 2, (n, n_steps))
    labels = (bits[:, :n_steps // 2].sum(1) > bits[:, n_steps // 2:].sum(1)).astype(np.int64)
    return bits[..., None].astype(np.float32), np.eye(n_classes)[labels]


x = tf.placeholder(tf.float32, [None, n_steps, 1])
y = tf.placeholder(tf.float32, [None, n_classes])

weights = tf.Variable(tf.random_normal([2 * n_hidden, n_classes]))
biases = tf.Variable(tf.random_normal([n_classes]))

lstm_fw_cell = tf.contrib.rnn.BasicLSTMCell(n_hidden, forget_bias=1.0)
lstm_bw_cell = tf.contrib.rnn.BasicLSTMCell(n_hidden, forget_bias=1.0)
(output_fw, output_bw), _ = tf.nn.bidirectional_dynamic_rnn(lstm_fw_cell, lstm_bw_cell, x,
                                                            dtype=tf.float32)
last = tf.concat([output_fw[:, -1], output_bw[:, 0]], axis=1)
pred = tf.matmul(last, weights) + biases

cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=pred, labels=y))
optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate).minimize(cost)
correct_pred = tf.equal(tf.argmax(pred, 1), tf.argmax(y, 1))
accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    step = 1
    while step <= training_iters:
        batch_x, batch_y = make_batch(batch_size)
        sess.run(optimizer, feed_dict={x: batch_x, y: batch_y})
        if step % 10 == 0 or step == 1:
            acc, loss = sess.run([accuracy, cost], feed_dict={x: batch_x, y: batch_y})
            print("Iter " + str(step * batch_size) + ", Minibatch Loss= " +
                  "{:.6f}".format(loss) + ", Training Accuracy= " + "{:.5f}".format(acc))
        step += 1
    print("Optimization Finished!")
