"""Sequence to sequence: an encoder LSTM reads a digit sequence, a decoder LSTM started from
the encoder's final state emits it reversed (teacher forcing, GO symbol), trained with
contrib.seq2seq.sequence_loss over embedded inputs."""
import os

import numpy as np
import tensorflow as tf

tf.set_random_seed(5)
vocab, go, seq_len, emb, units, batch = 8, 8, 6, 8, 32, 64
steps = int(os.environ.get("CORPUS_STEPS", 500))
rng = np.random.RandomState(3)

enc_in = tf.placeholder(tf.int32, [None, seq_len], name="encoder_inputs")
dec_in = tf.placeholder(tf.int32, [None, seq_len], name="decoder_inputs")
targets = tf.placeholder(tf.int32, [None, seq_len], name="targets")

embedding = tf.get_variable("embedding", [vocab + 1, emb])
with tf.variable_scope("encoder"):
    enc_cell = tf.contrib.rnn.BasicLSTMCell(units)
    _, enc_state = tf.nn.dynamic_rnn(enc_cell, tf.nn.embedding_lookup(embedding, enc_in),
                                     dtype=tf.float32)
with tf.variable_scope("decoder"):
    dec_cell = tf.contrib.rnn.BasicLSTMCell(units)
    dec_out, _ = tf.nn.dynamic_rnn(dec_cell, tf.nn.embedding_lookup(embedding, dec_in),
                                   initial_state=enc_state)
logits = tf.layers.dense(dec_out, vocab)
weights = tf.ones_like(targets, dtype=tf.float32)
loss = tf.contrib.seq2seq.sequence_loss(logits, targets, weights)
global_step = tf.Variable(0, trainable=False, name="global_step")
train_op = tf.train.AdamOptimizer(0.01).minimize(loss, global_step=global_step)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(steps):
        src = rng.randint(0, vocab, (batch, seq_len))
        tgt = src[:, ::-1]
        dec = np.concatenate([np.full((batch, 1), go), tgt[:, :-1]], axis=1)
        _, l, gs = sess.run([train_op, loss, global_step],
                            {enc_in: src, dec_in: dec, targets: tgt})
        if gs % 25 == 1 or gs == steps:
            print("global step %d, loss %.4f" % (gs, l))
