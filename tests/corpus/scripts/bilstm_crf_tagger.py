"""BiLSTM-CRF sequence tagger (the NER tutorials' model): word embeddings, a bidirectional
LSTM over padded sentences of different lengths, a projection to tag scores and a linear-chain
CRF trained with tf.contrib.crf.crf_log_likelihood; decoded with crf_decode in the graph and
with viterbi_decode in numpy.

Synthetic BIO data: words 1-4 open an entity (B), words 5-8 continue one (I), word 9 is I
inside an entity and O outside it, every other word is O.
"""
import os

import numpy as np
import tensorflow as tf

tf.set_random_seed(4)
vocab_size, embedding_dim, hidden_dim = 16, 12, 16
tags = ["O", "B", "I"]
max_len, batch_size = 12, 32
learning_rate = 0.02
steps = int(os.environ.get("CORPUS_STEPS", 200))
rng = np.random.RandomState(5)


def make_sentence():
    length = rng.randint(3, max_len + 1)
    words, labels = [], []
    while len(words) < length:
        if rng.rand() < 0.35:
            span = rng.randint(1, 4)
            words += [rng.randint(1, 5)] + [rng.choice([5, 6, 7, 8, 9]) for _ in range(span - 1)]
            labels += [1] + [2] * (span - 1)
        else:
            words.append(rng.choice([9, 10, 11, 12, 13, 14, 15]))
            labels.append(0)
    return words[:length], labels[:length]


def make_batch(n):
    sentences = [make_sentence() for _ in range(n)]
    lengths = np.array([len(w) for w, _ in sentences], np.int32)
    word_batch = np.zeros((n, lengths.max()), np.int32)
    label_batch = np.zeros((n, lengths.max()), np.int32)
    for i, (w, l) in enumerate(sentences):
        word_batch[i, :len(w)] = w
        label_batch[i, :len(l)] = l
    return word_batch, label_batch, lengths


word_ids = tf.placeholder(tf.int32, shape=[None, None], name="word_ids")
sequence_lengths = tf.placeholder(tf.int32, shape=[None], name="sequence_lengths")
labels = tf.placeholder(tf.int32, shape=[None, None], name="labels")

with tf.variable_scope("words"):
    _word_embeddings = tf.get_variable("_word_embeddings", [vocab_size, embedding_dim],
                                       dtype=tf.float32)
    word_embeddings = tf.nn.embedding_lookup(_word_embeddings, word_ids)

with tf.variable_scope("bi-lstm"):
    cell_fw = tf.contrib.rnn.LSTMCell(hidden_dim)
    cell_bw = tf.contrib.rnn.LSTMCell(hidden_dim)
    (output_fw, output_bw), _ = tf.nn.bidirectional_dynamic_rnn(
        cell_fw, cell_bw, word_embeddings, sequence_length=sequence_lengths, dtype=tf.float32)
    output = tf.concat([output_fw, output_bw], axis=-1)

with tf.variable_scope("proj"):
    W = tf.get_variable("W", shape=[2 * hidden_dim, len(tags)], dtype=tf.float32)
    b = tf.get_variable("b", shape=[len(tags)], dtype=tf.float32,
                        initializer=tf.zeros_initializer())
    nsteps = tf.shape(output)[1]
    output = tf.reshape(output, [-1, 2 * hidden_dim])
    pred = tf.matmul(output, W) + b
    logits = tf.reshape(pred, [-1, nsteps, len(tags)])

log_likelihood, transition_params = tf.contrib.crf.crf_log_likelihood(
    logits, labels, sequence_lengths)
loss = tf.reduce_mean(-log_likelihood)
train_op = tf.train.AdamOptimizer(learning_rate).minimize(loss)
viterbi_sequence, viterbi_score = tf.contrib.crf.crf_decode(logits, transition_params,
                                                            sequence_lengths)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(steps):
        words, gold, lengths = make_batch(batch_size)
        feed = {word_ids: words, labels: gold, sequence_lengths: lengths}
        _, train_loss = sess.run([train_op, loss], feed_dict=feed)
        if step % 10 == 0 or step == steps - 1:
            print("step %d, train loss %.4f" % (step, train_loss))

    words, gold, lengths = make_batch(64)
    feed = {word_ids: words, sequence_lengths: lengths}
    decoded, scores, trans = sess.run([viterbi_sequence, logits, transition_params], feed)
    correct = total = 0
    for tag_scores, tag_ids, gold_ids, length in zip(scores, decoded, gold, lengths):
        viterbi, _ = tf.contrib.crf.viterbi_decode(tag_scores[:length], trans)
        assert list(viterbi) == list(tag_ids[:length])
        correct += np.sum(np.equal(viterbi, gold_ids[:length]))
        total += length
    print("tag accuracy %.3f (crf_decode and viterbi_decode agree)" % (correct / total))
