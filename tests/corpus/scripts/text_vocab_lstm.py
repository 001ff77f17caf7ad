"""A TF1 text classifier fed raw sentences: the vocabulary comes from a Keras Tokenizer, the
graph splits the strings (tf.string_split) and maps words to ids through a
tf.contrib.lookup table with an out-of-vocabulary bucket (initialized by
tf.tables_initializer()), then embedding + dynamic_rnn (LSTM with sequence lengths) + a dense
layer classify the sentence; held-out sentences with unseen words are evaluated at the end."""
import os

import numpy as np
import tensorflow as tf

steps = int(os.environ.get("CORPUS_STEPS", 200))
rng = np.random.RandomState(3)
GOOD = ["great", "lovely", "fine", "superb", "happy"]
BAD = ["awful", "poor", "sad", "broken", "boring"]
FILLER = ["the", "movie", "was", "a", "plot", "and", "actors", "very", "really", "film"]


def sentence(label, unseen=False):
    """4-9 words: fillers plus two or three words of the label's sentiment."""
    words = list(rng.choice(FILLER, rng.randint(2, 7)))
    words += list(rng.choice(GOOD if label else BAD, rng.randint(2, 4)))
    if unseen:
        words.append("unseenword")
    rng.shuffle(words)
    return " ".join(words)


def batch(n, unseen=False):
    labels = rng.randint(0, 2, n)
    return [sentence(y, unseen) for y in labels], labels


train_text, _ = batch(200)
tokenizer = tf.keras.preprocessing.text.Tokenizer()
tokenizer.fit_on_texts(train_text)
vocab = sorted(tokenizer.word_index, key=tokenizer.word_index.get)  # most frequent first
print("vocabulary:", len(vocab), "words; first", vocab[:5])

sentences = tf.placeholder(tf.string, [None], name="sentences")
labels = tf.placeholder(tf.int64, [None], name="labels")
table = tf.contrib.lookup.index_table_from_tensor(
    tf.constant(vocab), num_oov_buckets=1, default_value=-1)
words = tf.string_split(sentences)
ids = table.lookup(words)  # a SparseTensor of word ids
dense_ids = tf.sparse_tensor_to_dense(ids, default_value=0)
dense_words = tf.sparse_tensor_to_dense(words, default_value="")
lengths = tf.reduce_sum(tf.cast(tf.not_equal(dense_words, ""), tf.int32), axis=1)

embedding = tf.get_variable("embedding", [len(vocab) + 1, 16],
                            initializer=tf.random_uniform_initializer(-0.1, 0.1))
inputs = tf.nn.embedding_lookup(embedding, dense_ids)
cell = tf.nn.rnn_cell.BasicLSTMCell(24)
_, state = tf.nn.dynamic_rnn(cell, inputs, sequence_length=lengths, dtype=tf.float32)
logits = tf.layers.dense(state.h, 2)
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels,
                                                                     logits=logits))
train_op = tf.train.AdamOptimizer(0.02).minimize(loss)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), labels), tf.float32))

with tf.Session() as sess:
    sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
    for step in range(steps):
        text, y = batch(32)
        _, value = sess.run([train_op, loss], {sentences: text, labels: y})
        if step % 10 == 0 or step == steps - 1:
            print("step %d, loss %.4f" % (step, value))
    text, y = batch(64, unseen=True)
    oov_ids = sess.run(table.lookup(tf.constant(["unseenword", vocab[0]])))
    print("held-out accuracy %.3f; ids of an unseen word and of %r: %s" % (
        sess.run(accuracy, {sentences: text, labels: y}), vocab[0], oov_ids.tolist()))
