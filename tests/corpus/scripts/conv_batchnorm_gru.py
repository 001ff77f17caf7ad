"""A sequence classifier of the kind TF1 text tutorials build: an initializable tf.data
iterator over fed arrays, embeddings, tf.layers conv1d + batch_normalization (UPDATE_OPS) +
max_pooling1d, a GRU, tf.metrics.accuracy, and a Saver checkpoint."""
import os

import numpy as np
import tensorflow as tf

epochs = max(2, int(os.environ.get("CORPUS_STEPS", 80)) // 8)
tf.set_random_seed(1)
np.random.seed(1)
N, T, V, C = 512, 20, 30, 2
X = np.random.randint(1, V, size=(N, T)).astype(np.int32)
Y = (X[:, :5].sum(1) > X[:, 5:10].sum(1)).astype(np.int64)

xs = tf.placeholder(tf.int32, [None, T])
ys = tf.placeholder(tf.int64, [None])
training = tf.placeholder_with_default(False, [], name="training")
iterator = tf.data.Dataset.from_tensor_slices((xs, ys)).shuffle(512).batch(64) \
    .make_initializable_iterator()
bx, by = iterator.get_next()

emb = tf.nn.embedding_lookup(tf.get_variable("emb", [V, 16]), bx)
h = tf.layers.conv1d(emb, 32, 3, padding="same", activation=tf.nn.relu)
h = tf.layers.batch_normalization(h, training=training)
h = tf.layers.max_pooling1d(h, 2, 2)
_, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(32), h, dtype=tf.float32)
logits = tf.layers.dense(state, C)
loss = tf.losses.sparse_softmax_cross_entropy(by, logits)
accuracy, accuracy_update = tf.metrics.accuracy(by, tf.argmax(logits, 1))
with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
    train_op = tf.train.AdamOptimizer(0.01).minimize(loss)
saver = tf.train.Saver()

with tf.Session() as sess:
    sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
    for epoch in range(epochs):
        sess.run(iterator.initializer, {xs: X, ys: Y})
        epoch_losses = []
        while True:
            try:
                l, _ = sess.run([loss, train_op], {training: True})
                epoch_losses.append(l)
            except tf.errors.OutOfRangeError:
                break
        print("epoch", epoch, "loss", np.mean(epoch_losses))
    sess.run(iterator.initializer, {xs: X, ys: Y})
    try:
        while True:
            sess.run(accuracy_update)
    except tf.errors.OutOfRangeError:
        pass
    print("accuracy", sess.run(accuracy))
    print("saved to", saver.save(sess, "model/classifier.ckpt"))
