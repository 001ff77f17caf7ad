"""Training under tf.train.MonitoredTrainingSession: a global step, StopAtStepHook,
LoggingTensorHook and NanTensorHook, checkpoints and summaries into a directory, then a second
session that restores the last checkpoint and trains on."""
import os
import tempfile

import numpy as np
import tensorflow as tf

tf.logging.set_verbosity(tf.logging.INFO)
steps = int(os.environ.get("CORPUS_STEPS", 200))
rng = np.random.RandomState(0)
X = rng.randn(256, 8, 3).astype(np.float32)
Y = X.sum(axis=(1, 2))[:, None].astype(np.float32) * 0.1

x = tf.placeholder(tf.float32, [None, 8, 3], name="x")
y = tf.placeholder(tf.float32, [None, 1], name="y")
cell = tf.nn.rnn_cell.GRUCell(16)
_, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
pred = tf.layers.dense(state, 1)
loss = tf.reduce_mean(tf.square(pred - y), name="mse")
tf.summary.scalar("mse", loss)
global_step = tf.train.get_or_create_global_step()
train_op = tf.train.AdamOptimizer(0.01).minimize(loss, global_step=global_step)

logdir = tempfile.mkdtemp()
hooks = [tf.train.StopAtStepHook(last_step=steps // 2), tf.train.NanTensorHook(loss),
         tf.train.LoggingTensorHook({"loss": loss, "step": global_step},
                                    every_n_iter=max(1, steps // 8))]
with tf.train.MonitoredTrainingSession(checkpoint_dir=logdir, hooks=hooks,
                                       save_checkpoint_steps=max(1, steps // 4),
                                       save_summaries_steps=10) as sess:
    while not sess.should_stop():
        i = rng.randint(0, 256 - 32)
        sess.run(train_op, {x: X[i:i + 32], y: Y[i:i + 32]})

with tf.train.MonitoredTrainingSession(
        checkpoint_dir=logdir, hooks=[tf.train.StopAtStepHook(num_steps=steps - steps // 2)],
        save_summaries_steps=None) as sess:
    print("restored at step", sess.run(global_step, {x: X[:1], y: Y[:1]}))
    while not sess.should_stop():
        i = rng.randint(0, 256 - 32)
        _, l, s = sess.run([train_op, loss, global_step], {x: X[i:i + 32], y: Y[i:i + 32]})
print("step %d, last batch loss = %.4f" % (s, l))
print("checkpoints:", sorted(f for f in os.listdir(logdir) if f.endswith(".index")))
