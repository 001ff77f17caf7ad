"""Sequence reversal with the TF1 translate tutorial's model, tiny: placeholders per timestep,
legacy_seq2seq.embedding_attention_seq2seq inside model_with_buckets (two buckets sharing
variables), per-bucket clipped Adam updates; then greedy decoding (feed_previous=True) of a
few sequences with the trained variables."""
import os

import numpy as np
import tensorflow as tf

steps = int(os.environ.get("CORPUS_STEPS", 300))
tf.set_random_seed(2)
rng = np.random.RandomState(2)
PAD, GO, EOS = 0, 1, 2
vocab, size, batch = 10, 24, 32
buckets = [(3, 4), (5, 6)]

encoder_inputs = [tf.placeholder(tf.int32, [None], name="encoder%d" % i)
                  for i in range(buckets[-1][0])]
decoder_inputs = [tf.placeholder(tf.int32, [None], name="decoder%d" % i)
                  for i in range(buckets[-1][1] + 1)]
target_weights = [tf.placeholder(tf.float32, [None], name="weight%d" % i)
                  for i in range(buckets[-1][1] + 1)]
targets = [decoder_inputs[i + 1] for i in range(len(decoder_inputs) - 1)]


def seq2seq_f(enc, dec, do_decode):
    cell = tf.contrib.rnn.GRUCell(size)
    return tf.contrib.legacy_seq2seq.embedding_attention_seq2seq(
        enc, dec, cell, num_encoder_symbols=vocab, num_decoder_symbols=vocab,
        embedding_size=size, feed_previous=do_decode)


outputs, losses = tf.contrib.legacy_seq2seq.model_with_buckets(
    encoder_inputs, decoder_inputs, targets, target_weights, buckets,
    lambda x, y: seq2seq_f(x, y, False))
params = tf.trainable_variables()
opt = tf.train.AdamOptimizer(0.01)
updates = []
for b in range(len(buckets)):
    clipped, _ = tf.clip_by_global_norm(tf.gradients(losses[b], params), 5.0)
    updates.append(opt.apply_gradients(zip(clipped, params)))
with tf.variable_scope(tf.get_variable_scope(), reuse=True):
    greedy, _ = seq2seq_f(encoder_inputs[:buckets[0][0]], decoder_inputs[:buckets[0][1]], True)


def get_batch(bucket_id):
    """Random digit sequences; the encoder reads them reversed and padded in front (as the
    tutorial does), the decoder emits GO, the sequence reversed, EOS, padding."""
    enc_size, dec_size = buckets[bucket_id]
    enc = np.full((batch, enc_size), PAD)
    dec = np.full((batch, dec_size + 1), PAD)
    for row in range(batch):
        seq = rng.randint(3, vocab, rng.randint(1, enc_size + 1))
        enc[row, enc_size - len(seq):] = seq
        out = [GO] + list(seq[::-1]) + [EOS]
        dec[row, :len(out)] = out
    weights = (dec[:, 1:] != PAD).astype(np.float32)
    feed = {encoder_inputs[i]: enc[:, i] for i in range(enc_size)}
    feed.update({decoder_inputs[i]: dec[:, i] for i in range(dec_size + 1)})
    feed.update({target_weights[i]: weights[:, i] for i in range(dec_size)})
    return feed


with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    total = 0.0
    for step in range(1, steps + 1):
        bucket_id = step % len(buckets)
        _, loss = sess.run([updates[bucket_id], losses[bucket_id]], get_batch(bucket_id))
        total += loss
        if step % 10 == 0:
            print("step %d average loss %.4f" % (step, total / 10))
            total = 0.0
    feed = get_batch(0)
    predicted = np.stack([o.argmax(1) for o in sess.run(greedy, feed)], 1)
    for row in range(3):
        source = [int(feed[encoder_inputs[i]][row]) for i in range(buckets[0][0])]
        print("source %s -> greedy %s" % (source, predicted[row].tolist()))
