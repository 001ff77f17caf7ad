"""`import tensorflow.compat.v1 as tf` with disable_v2_behavior(): a MultiRNNCell with
state_is_tuple=False whose concatenated state is fetched and fed back through a placeholder
across batches of one long sequence, tf.losses.softmax_cross_entropy on one-hot labels."""
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
tf.disable_eager_execution()
tf.set_random_seed(10)

print("TensorFlow", tf.__version__, "eager:", tf.executing_eagerly())
major, minor = [int(v) for v in tf.__version__.split(".")[:2]]
assert major == 1

classes, units, layers, steps_per_batch, batch = 4, 16, 2, 5, 8
steps = int(os.environ.get("CORPUS_STEPS", 300))

inputs = tf.placeholder(tf.int32, [batch, steps_per_batch])
labels = tf.placeholder(tf.int32, [batch, steps_per_batch])
cells = [tf.nn.rnn_cell.BasicLSTMCell(units, state_is_tuple=False) for _ in range(layers)]
cell = tf.nn.rnn_cell.MultiRNNCell(cells, state_is_tuple=False)
state_in = tf.placeholder(tf.float32, [batch, cell.state_size], name="state_in")
outputs, state_out = tf.nn.dynamic_rnn(cell, tf.one_hot(inputs, classes),
                                       initial_state=state_in)
logits = tf.layers.dense(tf.reshape(outputs, [-1, units]), classes)
loss = tf.losses.softmax_cross_entropy(onehot_labels=tf.one_hot(tf.reshape(labels, [-1]),
                                                                classes), logits=logits)
train_op = tf.train.AdamOptimizer(0.02).minimize(loss)

# a periodic stream: the next symbol follows from the current one
stream = np.tile(np.array([0, 1, 2, 3, 2, 1]), 400)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    state = np.zeros((batch, cell.state_size), np.float32)
    offsets = np.arange(batch) * 37
    for step in range(steps):
        pos = offsets + step * steps_per_batch
        x = np.stack([stream[p:p + steps_per_batch] for p in pos])
        y = np.stack([stream[p + 1:p + steps_per_batch + 1] for p in pos])
        l, state, _ = sess.run([loss, state_out, train_op],
                               {inputs: x, labels: y, state_in: state})
        if step % 20 == 0 or step == steps - 1:
            print("step %3d loss %.4f state %s" % (step, l, state.shape))
