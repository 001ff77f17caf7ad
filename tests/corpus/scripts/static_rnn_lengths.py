"""static_rnn over a list of timesteps with a sequence_length placeholder and an explicit
initial state (outputs past each length are zeros, the state is carried through), and
static_bidirectional_rnn built twice, the second time reusing the first one's variables."""
import os

import numpy as np
import tensorflow as tf

tf.set_random_seed(8)
n_steps, n_input, n_hidden, batch = 6, 3, 12, 24
steps = int(os.environ.get("CORPUS_STEPS", 300))
rng = np.random.RandomState(8)

x = tf.placeholder(tf.float32, [None, n_steps, n_input])
lengths = tf.placeholder(tf.int32, [None])
y = tf.placeholder(tf.float32, [None, 1])
batch_size = tf.placeholder(tf.int32, [])

inputs = tf.unstack(x, n_steps, 1)
cell = tf.contrib.rnn.LSTMCell(n_hidden)
init_state = cell.zero_state(batch_size, tf.float32)
outputs, state = tf.contrib.rnn.static_rnn(cell, inputs, initial_state=init_state,
                                           sequence_length=lengths)

with tf.variable_scope("bidi") as scope:
    fw = tf.contrib.rnn.GRUCell(n_hidden)
    bw = tf.contrib.rnn.GRUCell(n_hidden)
    bi_outputs, _, _ = tf.contrib.rnn.static_bidirectional_rnn(fw, bw, inputs, dtype=tf.float32)
    scope.reuse_variables()
    bi_again, _, _ = tf.contrib.rnn.static_bidirectional_rnn(fw, bw, inputs, dtype=tf.float32)

features = tf.concat([state.h, bi_outputs[-1]], axis=1)
w = tf.get_variable("w", [2 * n_hidden + n_hidden, 1],
                    initializer=tf.random_normal_initializer(stddev=0.1))
b = tf.get_variable("b", [1], initializer=tf.constant_initializer(0.0))
pred = tf.matmul(features, w) + b
loss = tf.reduce_mean(tf.square(pred - y))
train = tf.train.AdamOptimizer(0.01).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(steps):
        data = rng.uniform(-1, 1, (batch, n_steps, n_input)).astype(np.float32)
        n = rng.randint(1, n_steps + 1, batch)
        target = np.array([[data[i, :n[i], 0].sum()] for i in range(batch)], np.float32)
        feed = {x: data, lengths: n, y: target, batch_size: batch}
        l, _ = sess.run([loss, train], feed)
        if step % 20 == 0 or step == steps - 1:
            print("step", step, "loss", l)
    outs, first, again = sess.run([outputs, bi_outputs[0], bi_again[0]], feed)
    assert np.allclose(first, again)
    assert all(np.all(outs[t][n <= t] == 0.0) for t in range(n_steps))
    print("variables:", len(tf.trainable_variables()))
