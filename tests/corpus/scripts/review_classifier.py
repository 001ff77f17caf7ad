"""A review-sentiment style classifier in a TF1 training harness: its own tf.Graph, a
ConfigProto session, embedding + LSTM over padded word ids with sequence lengths computed
in the graph (tf.sign), dropout, L2 regularization, compute_gradients/apply_gradients with
clipping under control dependencies, fetches as a dict, the LSTM state fed back with an
LSTMStateTuple as the feed key, and evaluation through Tensor.eval under the default session."""
import os

import numpy as np
import tensorflow as tf

vocab, max_len, emb_dim, units, batch = 30, 12, 16, 24, 32
steps = int(os.environ.get("CORPUS_STEPS", 300))
rng = np.random.RandomState(10)
POSITIVE, NEGATIVE = set(range(2, 8)), set(range(8, 14))


def make_batch(n):
    """Reviews of 4-12 word ids (0 pads); the label says whether positive words outnumber
    negative ones."""
    ids = np.zeros((n, max_len), np.int32)
    labels = np.zeros(n, np.int64)
    for i in range(n):
        length = rng.randint(4, max_len + 1)
        words = rng.randint(1, vocab, length)
        ids[i, :length] = words
        labels[i] = sum(w in POSITIVE for w in words) > sum(w in NEGATIVE for w in words)
    return ids, labels


graph = tf.Graph()
with graph.as_default():
    tf.set_random_seed(1)
    with tf.name_scope("inputs"):
        word_ids = tf.placeholder(tf.int32, [None, max_len], name="word_ids")
        labels = tf.placeholder(tf.int64, [None], name="labels")
        keep_prob = tf.placeholder(tf.float32, name="keep_prob")
    lengths = tf.reduce_sum(tf.sign(word_ids), axis=1)
    check = tf.assert_positive(lengths, message="empty review")
    with tf.device("/cpu:0"):
        embedding = tf.get_variable(
            "embedding", [vocab, emb_dim],
            initializer=tf.random_uniform_initializer(-0.1, 0.1))
        embedded = tf.nn.embedding_lookup(embedding, word_ids)
    cell = tf.nn.rnn_cell.BasicLSTMCell(units)
    batch_size = tf.shape(word_ids)[0]
    initial_state = cell.zero_state(batch_size, tf.float32)
    with tf.control_dependencies([check]):
        embedded = tf.identity(embedded)
    outputs, final_state = tf.nn.dynamic_rnn(cell, embedded, sequence_length=lengths,
                                             initial_state=initial_state)
    features = tf.nn.dropout(final_state.h, keep_prob)
    w = tf.Variable(tf.truncated_normal([units, 2], stddev=0.1), name="w")
    b = tf.Variable(tf.zeros([2]), name="b")
    logits = tf.nn.bias_add(tf.matmul(features, w), b)
    xent = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels,
                                                                         logits=logits))
    loss = xent + 1e-4 * tf.add_n([tf.nn.l2_loss(v) for v in tf.trainable_variables()])
    optimizer = tf.train.AdamOptimizer(0.01)
    grads_and_vars = optimizer.compute_gradients(loss)
    clipped = [(tf.clip_by_norm(g, 5.0), v) for g, v in grads_and_vars]
    train_op = optimizer.apply_gradients(clipped)
    correct = tf.equal(tf.argmax(logits, 1), labels)
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
    init = tf.global_variables_initializer()

config = tf.ConfigProto(allow_soft_placement=True, log_device_placement=False)
config.gpu_options.allow_growth = True
with tf.Session(graph=graph, config=config) as sess:
    sess.run(init)
    for step in range(steps):
        x, y = make_batch(batch)
        fetched = sess.run({"loss": loss, "train": train_op},
                           feed_dict={word_ids: x, labels: y, keep_prob: 0.8})
        if step % 10 == 0 or step == steps - 1:
            print("step %d: loss %.4f" % (step, fetched["loss"]))
    x, y = make_batch(4)
    state = sess.run(final_state, {word_ids: x})
    again = sess.run(final_state, {word_ids: x, initial_state: state})
    print("state fed back:", type(again).__name__, again.c.shape)
    with sess.as_default():
        x, y = make_batch(256)
        print("accuracy %.3f" % accuracy.eval(feed_dict={word_ids: x, labels: y,
                                                        keep_prob: 1.0}))
