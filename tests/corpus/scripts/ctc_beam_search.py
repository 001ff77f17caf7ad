"""A CTC speech-style example (as TF1 CTC tutorials write it): a sparse_placeholder of label
sequences, an LSTM over synthetic frames, ctc_loss, ctc_beam_search_decoder and the label error
rate from edit_distance."""
import os
import time, numpy as np, tensorflow as tf
num_features, num_classes, num_hidden, batch_size = 13, 6, 32, 4
num_epochs = int(os.environ.get("CORPUS_STEPS", 200))
rng = np.random.RandomState(0)
def sparse_tuple_from(sequences, dtype=np.int32):
    indices, values = [], []
    for n, seq in enumerate(sequences):
        indices.extend(zip([n] * len(seq), range(len(seq))))
        values.extend(seq)
    indices = np.asarray(indices, dtype=np.int64)
    values = np.asarray(values, dtype=dtype)
    shape = np.asarray([len(sequences), np.asarray(indices).max(0)[1] + 1], dtype=np.int64)
    return indices, values, shape
# synthetic "audio": each label emits 3 frames of its own feature pattern
patterns = rng.randn(num_classes - 1, num_features).astype('f')
def make_batch():
    labels = [list(rng.randint(0, num_classes - 1, rng.randint(2, 5))) for _ in range(batch_size)]
    feats = [np.concatenate([np.repeat(patterns[l][None], 3, 0) for l in lab]) + 0.1 * rng.randn(3 * len(lab), num_features) for lab in labels]
    T = max(len(f) for f in feats)
    x = np.zeros((batch_size, T, num_features), 'f')
    for i, f in enumerate(feats): x[i, :len(f)] = f
    return x, sparse_tuple_from(labels), np.array([len(f) for f in feats], 'i')
graph = tf.Graph()
with graph.as_default():
    inputs = tf.placeholder(tf.float32, [None, None, num_features])
    targets = tf.sparse_placeholder(tf.int32)
    seq_len = tf.placeholder(tf.int32, [None])
    cell = tf.contrib.rnn.LSTMCell(num_hidden, state_is_tuple=True)
    stack = tf.contrib.rnn.MultiRNNCell([cell], state_is_tuple=True)
    outputs, _ = tf.nn.dynamic_rnn(stack, inputs, seq_len, dtype=tf.float32)
    shape = tf.shape(inputs)
    batch_s, max_timesteps = shape[0], shape[1]
    outputs = tf.reshape(outputs, [-1, num_hidden])
    W = tf.Variable(tf.truncated_normal([num_hidden, num_classes], stddev=0.1))
    b = tf.Variable(tf.constant(0., shape=[num_classes]))
    logits = tf.matmul(outputs, W) + b
    logits = tf.reshape(logits, [batch_s, -1, num_classes])
    logits = tf.transpose(logits, (1, 0, 2))
    loss = tf.nn.ctc_loss(targets, logits, seq_len)
    cost = tf.reduce_mean(loss)
    optimizer = tf.train.MomentumOptimizer(0.01, 0.9).minimize(cost)
    decoded, log_prob = tf.nn.ctc_beam_search_decoder(logits, seq_len, beam_width=10)
    ler = tf.reduce_mean(tf.edit_distance(tf.cast(decoded[0], tf.int32), targets))
with tf.Session(graph=graph) as session:
    tf.global_variables_initializer().run()
    for curr_epoch in range(num_epochs):
        start = time.time()
        x, t, l = make_batch()
        feed = {inputs: x, targets: t, seq_len: l}
        batch_cost, _ = session.run([cost, optimizer], feed)
        train_ler = session.run(ler, feed_dict=feed)
        if curr_epoch % 15 == 0 or curr_epoch == num_epochs - 1:
            print("Epoch {}/{}, loss = {:.3f}, train_ler = {:.3f}, time = {:.3f}".format(curr_epoch + 1, num_epochs, batch_cost, train_ler, time.time() - start))
    d = session.run(decoded[0], feed_dict=feed)
    dense = tf.sparse_tensor_to_dense(tf.SparseTensor(d.indices, d.values, d.dense_shape), default_value=-1).eval(session=session)
    print("decoded", dense[0], "target", t[1][:5])
