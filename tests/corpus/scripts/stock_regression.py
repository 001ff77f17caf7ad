"""Stock-like time series regression: windows of a noisy trending series, an LSTM over each
window and contrib.layers.fully_connected predicting the next value (min-max scaled, as the
stock-prediction tutorials do)."""
import os

import numpy as np
import tensorflow as tf

tf.set_random_seed(777)

seq_length = 7
data_dim = 5
hidden_dim = 10
output_dim = 1
learning_rate = 0.01
iterations = int(os.environ.get("CORPUS_STEPS", 500))


def MinMaxScaler(data):
    numerator = data - np.min(data, 0)
    denominator = np.max(data, 0) - np.min(data, 0)
    return numerator / (denominator + 1e-7)


rng = np.random.RandomState(4)
t = np.arange(300)
close = 100 + 0.2 * t + 5 * np.sin(t / 9.0) + rng.normal(0, 0.5, t.shape)
xy = np.stack([close + rng.normal(0, 1, t.shape), close + 2, close - 2,
               rng.uniform(1e5, 2e5, t.shape), close], axis=1)
xy = MinMaxScaler(xy)
x = xy
y = xy[:, [-1]]

dataX, dataY = [], []
for i in range(0, len(y) - seq_length):
    dataX.append(x[i:i + seq_length])
    dataY.append(y[i + seq_length])

train_size = int(len(dataY) * 0.7)
trainX, testX = np.array(dataX[0:train_size]), np.array(dataX[train_size:len(dataX)])
trainY, testY = np.array(dataY[0:train_size]), np.array(dataY[train_size:len(dataY)])

X = tf.placeholder(tf.float32, [None, seq_length, data_dim])
Y = tf.placeholder(tf.float32, [None, 1])

cell = tf.contrib.rnn.BasicLSTMCell(num_units=hidden_dim, state_is_tuple=True,
                                    activation=tf.tanh)
outputs, _states = tf.nn.dynamic_rnn(cell, X, dtype=tf.float32)
Y_pred = tf.contrib.layers.fully_connected(outputs[:, -1], output_dim, activation_fn=None)

loss = tf.reduce_sum(tf.square(Y_pred - Y))
optimizer = tf.train.AdamOptimizer(learning_rate)
train = optimizer.minimize(loss)

targets = tf.placeholder(tf.float32, [None, 1])
predictions = tf.placeholder(tf.float32, [None, 1])
rmse = tf.sqrt(tf.reduce_mean(tf.square(targets - predictions)))

with tf.Session() as sess:
    init = tf.global_variables_initializer()
    sess.run(init)
    for i in range(iterations):
        _, step_loss = sess.run([train, loss], feed_dict={X: trainX, Y: trainY})
        if i % 10 == 0 or i == iterations - 1:
            print("[step: {}] loss: {}".format(i, step_loss))
    test_predict = sess.run(Y_pred, feed_dict={X: testX})
    rmse_val = sess.run(rmse, feed_dict={targets: testY, predictions: test_predict})
    print("RMSE: {}".format(rmse_val))
