"""A tiny skip-gram word2vec in the TF1 tutorial idiom: a synthetic corpus whose sentences each
stay within one topic, skip-gram batches from a sliding window over it (a deque and a global
data index), an embedding_lookup, tf.nn.nce_loss with its default log-uniform sampler over a
frequency-sorted vocabulary, plain gradient descent, and nearest neighbours by cosine
similarity of the normalized embeddings."""
import collections
import math
import os

import numpy as np
import tensorflow as tf

steps = int(os.environ.get("CORPUS_STEPS", 400))
rng = np.random.RandomState(3)
topics, words_per_topic = 5, 8
vocabulary_size = topics * words_per_topic
batch_size, embedding_size, skip_window, num_skips, num_sampled = 64, 16, 2, 4, 8


def make_corpus(n_sentences=600):
    """Sentences of 6-12 words, each drawn from one topic with Zipf-like word frequencies."""
    weights = 1.0 / np.arange(1, words_per_topic + 1)
    words = []
    for _ in range(n_sentences):
        topic = rng.randint(topics)
        length = rng.randint(6, 13)
        picks = rng.choice(words_per_topic, length, p=weights / weights.sum())
        words.extend("t%d_w%d" % (topic, w) for w in picks)
    return words


def build_dataset(words):
    """Word ids by decreasing frequency, as the log-uniform sampler expects."""
    count = collections.Counter(words).most_common()
    dictionary = {word: i for i, (word, _) in enumerate(count)}
    data = [dictionary[word] for word in words]
    return data, dictionary, {i: word for word, i in dictionary.items()}


data, dictionary, reverse_dictionary = build_dataset(make_corpus())
data_index = 0


def generate_batch():
    """`num_skips` (center, context) pairs per center word of a window sliding along the
    corpus."""
    global data_index
    batch = np.ndarray(shape=(batch_size,), dtype=np.int32)
    labels = np.ndarray(shape=(batch_size, 1), dtype=np.int32)
    span = 2 * skip_window + 1
    buffer = collections.deque(maxlen=span)
    if data_index + span > len(data):
        data_index = 0
    buffer.extend(data[data_index:data_index + span])
    data_index += span
    for i in range(batch_size // num_skips):
        context_words = [w for w in range(span) if w != skip_window]
        for j, context_word in enumerate(rng.choice(context_words, num_skips, replace=False)):
            batch[i * num_skips + j] = buffer[skip_window]
            labels[i * num_skips + j, 0] = buffer[context_word]
        if data_index == len(data):
            buffer.extend(data[0:span])
            data_index = span
        else:
            buffer.append(data[data_index])
            data_index += 1
    data_index = (data_index + len(data) - span) % len(data)
    return batch, labels


valid_examples = np.array([0, 1, 2, 3])
graph = tf.Graph()
with graph.as_default():
    tf.set_random_seed(5)
    train_inputs = tf.placeholder(tf.int32, shape=[batch_size])
    train_labels = tf.placeholder(tf.int32, shape=[batch_size, 1])
    valid_dataset = tf.constant(valid_examples, dtype=tf.int32)
    with tf.device("/cpu:0"):
        embeddings = tf.Variable(
            tf.random_uniform([vocabulary_size, embedding_size], -1.0, 1.0))
        embed = tf.nn.embedding_lookup(embeddings, train_inputs)
        nce_weights = tf.Variable(
            tf.truncated_normal([vocabulary_size, embedding_size],
                                stddev=1.0 / math.sqrt(embedding_size)))
        nce_biases = tf.Variable(tf.zeros([vocabulary_size]))
    loss = tf.reduce_mean(
        tf.nn.nce_loss(weights=nce_weights, biases=nce_biases, labels=train_labels,
                       inputs=embed, num_sampled=num_sampled, num_classes=vocabulary_size))
    optimizer = tf.train.GradientDescentOptimizer(1.0).minimize(loss)
    norm = tf.sqrt(tf.reduce_sum(tf.square(embeddings), 1, keep_dims=True))
    normalized_embeddings = embeddings / norm
    valid_embeddings = tf.nn.embedding_lookup(normalized_embeddings, valid_dataset)
    similarity = tf.matmul(valid_embeddings, normalized_embeddings, transpose_b=True)
    init = tf.global_variables_initializer()

with tf.Session(graph=graph) as session:
    init.run()
    average_loss = 0
    for step in range(steps):
        batch_inputs, batch_labels = generate_batch()
        feed_dict = {train_inputs: batch_inputs, train_labels: batch_labels}
        _, loss_val = session.run([optimizer, loss], feed_dict=feed_dict)
        average_loss += loss_val
        if step % 10 == 9:
            print("Average loss at step %d: %.4f" % (step, average_loss / 10))
            average_loss = 0
    sim = similarity.eval()
    for i, word_id in enumerate(valid_examples):
        nearest = (-sim[i, :]).argsort()[1:5]
        print("Nearest to %s: %s" % (reverse_dictionary[word_id],
                                     ", ".join(reverse_dictionary[k] for k in nearest)))
