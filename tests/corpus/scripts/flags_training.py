"""tf.app.flags driven training: hyperparameters from the command line, tf.app.run(main),
tf.logging progress, a decaying learning rate on the global step, and a summary text file
written with tf.gfile; a GRU learns to echo the input it saw two steps earlier."""
import os

import numpy as np
import tensorflow as tf

flags = tf.app.flags
flags.DEFINE_integer("max_steps", 400, "Number of training steps.")
flags.DEFINE_integer("batch_size", 32, "Batch size.")
flags.DEFINE_float("learning_rate", 0.05, "Initial learning rate.")
flags.DEFINE_boolean("use_gru", True, "GRU cells (else basic RNN cells).")
flags.DEFINE_string("log_dir", "/tmp/echo_logs", "Where the run summary goes.")
FLAGS = flags.FLAGS

SEQ, UNITS = 10, 16


def main(_):
    tf.logging.set_verbosity(tf.logging.INFO)
    tf.set_random_seed(7)
    if tf.gfile.Exists(FLAGS.log_dir):
        tf.gfile.DeleteRecursively(FLAGS.log_dir)
    tf.gfile.MakeDirs(FLAGS.log_dir)

    inputs = tf.placeholder(tf.float32, [None, SEQ, 1])
    labels = tf.placeholder(tf.float32, [None, SEQ, 1])
    if FLAGS.use_gru:
        cell = tf.nn.rnn_cell.GRUCell(UNITS)
    else:
        cell = tf.nn.rnn_cell.BasicRNNCell(UNITS)
    outputs, _ = tf.nn.dynamic_rnn(cell, inputs, dtype=tf.float32)
    predictions = tf.layers.dense(outputs, 1)
    loss = tf.reduce_mean(tf.square(predictions - labels), name="loss")

    global_step = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(FLAGS.learning_rate, global_step, 100, 0.9, staircase=True)
    train_op = tf.train.AdamOptimizer(lr).minimize(loss, global_step=global_step)

    rng = np.random.RandomState(7)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(FLAGS.max_steps):
            x = rng.uniform(-1, 1, (FLAGS.batch_size, SEQ, 1))
            y = np.concatenate([np.zeros((FLAGS.batch_size, 2, 1)), x[:, :-2]], axis=1)
            _, loss_value = sess.run([train_op, loss], feed_dict={inputs: x, labels: y})
            step = tf.train.global_step(sess, global_step)
            if step % 20 == 1 or step == FLAGS.max_steps:
                tf.logging.info("step %d: loss = %.5f", step, loss_value)
        with tf.gfile.GFile(os.path.join(FLAGS.log_dir, "summary.txt"), "w") as f:
            f.write("final loss %.5f after %d steps\n" % (loss_value, step))
    with tf.gfile.GFile(os.path.join(FLAGS.log_dir, "summary.txt")) as f:
        print(f.read().strip())


if __name__ == "__main__":
    tf.app.run()
