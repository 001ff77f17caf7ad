"""Char-level language model with sampling: embedding, a 2-layer LSTM unrolled by static_rnn,
legacy_seq2seq.sequence_loss_by_example, clipped gradients; then the trained model samples
text one character at a time, its LSTMStateTuple states fetched and fed back."""
import os

import numpy as np
import tensorflow as tf
from tensorflow.contrib import legacy_seq2seq, rnn

tf.set_random_seed(6)

text = ("the quick brown fox jumps over the lazy dog. " * 6 +
        "a lazy dog sleeps while the quick fox runs. " * 6)
chars = sorted(set(text))
vocab_size = len(chars)
char_to_ix = {c: i for i, c in enumerate(chars)}
data = np.array([char_to_ix[c] for c in text], dtype=np.int32)

batch_size, seq_length, rnn_size, num_layers = 16, 12, 32, 2
num_steps = int(os.environ.get("CORPUS_STEPS", 300))
grad_clip = 5.0


class Model(object):
    def __init__(self, training=True):
        bs, sl = (batch_size, seq_length) if training else (1, 1)
        cells = [rnn.BasicLSTMCell(rnn_size) for _ in range(num_layers)]
        self.cell = cell = rnn.MultiRNNCell(cells, state_is_tuple=True)
        self.input_data = tf.placeholder(tf.int32, [bs, sl])
        self.targets = tf.placeholder(tf.int32, [bs, sl])
        self.initial_state = cell.zero_state(bs, tf.float32)
        with tf.variable_scope('rnnlm'):
            softmax_w = tf.get_variable("softmax_w", [rnn_size, vocab_size])
            softmax_b = tf.get_variable("softmax_b", [vocab_size])
            embedding = tf.get_variable("embedding", [vocab_size, rnn_size])
            inputs = tf.nn.embedding_lookup(embedding, self.input_data)
            inputs = tf.split(inputs, sl, 1)
            inputs = [tf.squeeze(input_, [1]) for input_ in inputs]
        outputs, last_state = rnn.static_rnn(cell, inputs, self.initial_state, scope='rnnlm')
        output = tf.reshape(tf.concat(outputs, 1), [-1, rnn_size])
        self.logits = tf.matmul(output, softmax_w) + softmax_b
        self.probs = tf.nn.softmax(self.logits)
        self.final_state = last_state
        if not training:
            return
        loss = legacy_seq2seq.sequence_loss_by_example(
            [self.logits], [tf.reshape(self.targets, [-1])],
            [tf.ones([bs * sl])])
        self.cost = tf.reduce_sum(loss) / bs / sl
        self.lr = tf.Variable(0.0, trainable=False)
        tvars = tf.trainable_variables()
        grads, _ = tf.clip_by_global_norm(tf.gradients(self.cost, tvars), grad_clip)
        optimizer = tf.train.AdamOptimizer(self.lr)
        self.train_op = optimizer.apply_gradients(zip(grads, tvars))


with tf.variable_scope("model"):
    model = Model()
with tf.variable_scope("model", reuse=True):
    sampler = Model(training=False)


def batches():
    n = len(data) - seq_length - 1
    starts = np.random.RandomState(5).randint(0, n, (num_steps, batch_size))
    for row in starts:
        x = np.stack([data[s:s + seq_length] for s in row])
        y = np.stack([data[s + 1:s + seq_length + 1] for s in row])
        yield x, y


with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(tf.assign(model.lr, 0.01))
    for step, (x, y) in enumerate(batches()):
        state = sess.run(model.initial_state)
        feed = {model.input_data: x, model.targets: y}
        for i, (c, h) in enumerate(model.initial_state):
            feed[c] = state[i].c
            feed[h] = state[i].h
        train_loss, state, _ = sess.run([model.cost, model.final_state, model.train_op], feed)
        if step % 20 == 0 or step == num_steps - 1:
            print("{}/{}, train_loss = {:.3f}".format(step, num_steps, train_loss))

    state = sess.run(sampler.cell.zero_state(1, tf.float32))
    prime, ret = "the ", "the "
    for char in prime[:-1]:
        state = sess.run(sampler.final_state, {sampler.input_data: [[char_to_ix[char]]],
                                               sampler.initial_state: state})
    char = prime[-1]
    rng = np.random.RandomState(6)
    for n in range(40):
        feed = {sampler.input_data: [[char_to_ix[char]]], sampler.initial_state: state}
        probs, state = sess.run([sampler.probs, sampler.final_state], feed)
        p = probs[0].astype(np.float64)
        char = chars[rng.choice(len(p), p=p / p.sum())]
        ret += char
    print("sample:", ret)
