"""Sequence reversal with the NMT tutorial's pieces: tf.data batches, an LSTM encoder,
contrib.seq2seq LuongAttention + AttentionWrapper, TrainingHelper/BasicDecoder/dynamic_decode
for training, sequence_loss, and GreedyEmbeddingHelper for inference."""
import os

import numpy as np
import tensorflow as tf
from tensorflow.contrib import seq2seq

steps = int(os.environ.get("CORPUS_STEPS", 300))
tf.set_random_seed(0)
np.random.seed(0)
V, E, H, B, T = 12, 16, 32, 16, 6
GO, EOS = 1, 2
src = np.random.randint(3, V, size=(256, T)).astype(np.int32)
tgt_in = np.concatenate([np.full((256, 1), GO), src[:, ::-1]], 1).astype(np.int32)
tgt_out = np.concatenate([src[:, ::-1], np.full((256, 1), EOS)], 1).astype(np.int32)

dataset = tf.data.Dataset.from_tensor_slices((src, tgt_in, tgt_out))
dataset = dataset.shuffle(256).repeat().batch(B)
x, y_in, y_out = dataset.make_one_shot_iterator().get_next()

embedding = tf.get_variable("embedding", [V, E])
encoder_cell = tf.nn.rnn_cell.LSTMCell(H)
enc_out, enc_state = tf.nn.dynamic_rnn(encoder_cell, tf.nn.embedding_lookup(embedding, x),
                                       dtype=tf.float32, scope="encoder")
attention = seq2seq.LuongAttention(H, enc_out)
decoder_cell = seq2seq.AttentionWrapper(tf.nn.rnn_cell.LSTMCell(H), attention,
                                        attention_layer_size=H)
initial_state = decoder_cell.zero_state(B, tf.float32).clone(cell_state=enc_state)
projection = tf.layers.Dense(V, use_bias=False)

helper = seq2seq.TrainingHelper(tf.nn.embedding_lookup(embedding, y_in), tf.fill([B], T + 1))
decoder = seq2seq.BasicDecoder(decoder_cell, helper, initial_state, output_layer=projection)
outputs, _, _ = seq2seq.dynamic_decode(decoder)
loss = seq2seq.sequence_loss(outputs.rnn_output, y_out, tf.ones([B, T + 1]))
train_op = tf.train.AdamOptimizer(0.01).minimize(loss)

greedy = seq2seq.GreedyEmbeddingHelper(embedding, tf.fill([B], GO), EOS)
inference = seq2seq.BasicDecoder(decoder_cell, greedy, initial_state, output_layer=projection)
predicted, _, lengths = seq2seq.dynamic_decode(inference, maximum_iterations=T + 2)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(steps):
        l, _ = sess.run([loss, train_op])
        if step % 10 == 0:
            print("step", step, "loss", l)
    ids, source = sess.run([predicted.sample_id, x])
    print("reversed correctly:", np.mean(ids[:, :T] == source[:, ::-1]))
