"""Attention over LSTM outputs in an InteractiveSession: the model attends to the time step
holding a marker and reports the value stored there. Hand-written softmax (reduce_max,
stop_gradient, exp, div), masks from tf.range/tf.less/tf.logical_and, tf.gather and
tf.strided_slice, a non-trainable step counter advanced with tf.assign and Operation.run(),
Variable.eval(), and feeds that TF converts (floats fed to an int32 placeholder)."""
import os

import numpy as np
import tensorflow as tf

T, H, B = 9, 16, 64
steps = int(os.environ.get("CORPUS_STEPS", 300))
rng = np.random.RandomState(11)


def make_batch(n):
    values = rng.uniform(-1, 1, (n, T)).astype(np.float32)
    where = rng.randint(0, T, n)
    marker = np.zeros((n, T), np.float32)
    marker[np.arange(n), where] = 1.0
    lengths = np.full(n, float(T))  # floats: TF converts them to the placeholder's int32
    return np.stack([values, marker], axis=2), values[np.arange(n), where][:, None], lengths


tf.set_random_seed(3)
sess = tf.InteractiveSession()
x = tf.placeholder(tf.float32, [None, T, 2], name="x")
y = tf.placeholder(tf.float32, [None, 1], name="y")
lengths = tf.placeholder(tf.int32, [None], name="lengths")
n = tf.placeholder(tf.int32, [], name="n")
counter = tf.Variable(0, trainable=False, name="counter", dtype=tf.int64)
bump = tf.assign(counter, counter + 1)

cell = tf.contrib.rnn.LSTMCell(H)
outputs, state = tf.nn.dynamic_rnn(cell, x, sequence_length=lengths, dtype=tf.float32)
outputs.set_shape([None, T, H])
w = tf.get_variable("w_att", [state.h.shape[1], 1],
                    initializer=tf.random_normal_initializer(mean=0.0, stddev=0.1))
scores = tf.squeeze(tf.reshape(tf.matmul(tf.reshape(outputs, [-1, H]), w), [n, T, 1]), axis=2)
positions = tf.expand_dims(tf.range(T), 0)
valid = tf.logical_and(tf.less(positions, tf.expand_dims(lengths, 1)),
                       tf.less(positions, tf.constant(T, name="T", shape=[])))
scores = tf.where(valid, scores, tf.fill(tf.stack([n, T]), -1e9))
shifted = scores - tf.stop_gradient(tf.reduce_max(scores, axis=1, keep_dims=True))
alpha = tf.div(tf.exp(shifted), tf.reduce_sum(tf.exp(shifted), axis=1, keep_dims=True))
context = tf.reduce_sum(tf.expand_dims(alpha, 2) * outputs, axis=1)
hidden = tf.nn.relu(tf.layers.dense(context, H))
pred = tf.layers.dense(tf.concat([hidden, tf.nn.l2_normalize(state.h, 1)], 1), 1)
loss = tf.add_n([tf.reduce_mean(tf.square(pred - y)),
                 tf.reduce_mean(tf.square(tf.gather(tf.transpose(pred), 0) -
                                          tf.strided_slice(tf.transpose(y), [0], [1])))]) / 2
train_op = tf.train.AdamOptimizer(0.02).minimize(loss)

tf.global_variables_initializer().run()
tf.local_variables_initializer().run()
print("variables:", len(tf.global_variables()), "weights in w_att:", tf.size(w).eval())
for i in range(steps):
    bx, by, bl = make_batch(B)
    l, _ = sess.run([loss, train_op], feed_dict={x: bx, y: by, lengths: bl, n: B})
    bump.op.run()
    if i % 20 == 0 or i == steps - 1:
        print("step %d loss %.5f" % (counter.eval(), l))
bx, by, bl = make_batch(4)
attention = sess.run(alpha, {x: bx, lengths: bl, n: 4})
print("attended positions:", tf.argmax(attention, 1).eval(), "markers at:",
      tf.argmax(bx[:, :, 1], 1).eval())
sess.close()
