"""A cell called by hand in a Python loop: cell(x_t, state) inside a variable scope that
reuses its variables after the first step (the pre-dynamic_rnn idiom), name scopes in TF's
3-argument form, Adam, and the state fed back across truncated-BPTT windows."""
import os

import numpy as np
import tensorflow as tf

tf.set_random_seed(9)
num_steps, state_size, batch_size = 8, 16, 20
epochs = int(os.environ.get("CORPUS_STEPS", 300))


def gen_data(size, rng):
    """Y[i] is X[i-2], flipped one time in ten."""
    X = rng.choice(2, size=(size,))
    Y = []
    for i in range(size):
        threshold = 0.9 if X[i - 2] == 1 else 0.1
        Y.append(0 if rng.rand() > threshold else 1)
    return X, np.array(Y)


x = tf.placeholder(tf.int32, [batch_size, num_steps], name="input_placeholder")
y = tf.placeholder(tf.int32, [batch_size, num_steps], name="labels_placeholder")
init_state = tf.zeros([batch_size, state_size])

x_one_hot = tf.one_hot(x, 2)
rnn_inputs = tf.unstack(x_one_hot, axis=1)

cell = tf.nn.rnn_cell.GRUCell(state_size)
state = init_state
rnn_outputs = []
with tf.variable_scope("rnn") as scope:
    for i, rnn_input in enumerate(rnn_inputs):
        if i > 0:
            scope.reuse_variables()
        output, state = cell(rnn_input, state)
        rnn_outputs.append(output)
final_state = state

with tf.name_scope(None, "softmax", rnn_outputs):
    W = tf.get_variable("W", [state_size, 2])
    b = tf.get_variable("b", [2], initializer=tf.constant_initializer(0.0))
    logits = [tf.matmul(rnn_output, W) + b for rnn_output in rnn_outputs]

y_as_list = tf.unstack(y, num=num_steps, axis=1)
losses = [tf.nn.sparse_softmax_cross_entropy_with_logits(labels=label, logits=logit)
          for logit, label in zip(logits, y_as_list)]
total_loss = tf.reduce_mean(tf.add_n(losses) / num_steps)
train_step = tf.train.AdamOptimizer(0.01).minimize(total_loss)

rng = np.random.RandomState(9)
raw_x, raw_y = gen_data(batch_size * num_steps * 10, rng)
data_x = raw_x.reshape(batch_size, -1)
data_y = raw_y.reshape(batch_size, -1)
windows = data_x.shape[1] // num_steps

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    training_state = np.zeros((batch_size, state_size))
    average = 0.0
    for step in range(epochs):
        w = step % windows
        if w == 0:
            training_state = np.zeros((batch_size, state_size))
        sl = slice(w * num_steps, (w + 1) * num_steps)
        tr_loss, training_state, _ = sess.run(
            [total_loss, final_state, train_step],
            feed_dict={x: data_x[:, sl], y: data_y[:, sl], init_state: training_state})
        average += tr_loss
        if step % 20 == 19 or step == epochs - 1:
            print("Average loss at step", step, "for last 20 steps:", average / 20)
            average = 0.0
