"""Reading training data the TF 1.0-1.4 way: CSV files of sine-wave windows are written to a
temporary folder, then read by a string_input_producer + TextLineReader + decode_csv pipeline
and mixed by shuffle_batch, whose queue runners a Coordinator starts and stops; an LSTM learns
to predict the next value of each window."""
import os
import tempfile

import numpy as np
import tensorflow as tf

tf.set_random_seed(42)

SEQ_LEN = 8
BATCH_SIZE = 32
HIDDEN = 16
STEPS = int(os.environ.get("CORPUS_STEPS", 300))

# ---- the data: two CSV files with a header line, one window per row, the next value last
data_dir = tempfile.mkdtemp()
rng = np.random.RandomState(0)
filenames = []
for part in range(2):
    path = os.path.join(data_dir, "part-%d.csv" % part)
    with open(path, "w") as f:
        f.write(",".join(["x%d" % i for i in range(SEQ_LEN)] + ["target"]) + "\n")
        for _ in range(400):
            phase, freq = rng.uniform(0, 2 * np.pi), rng.uniform(0.3, 0.8)
            wave = np.sin(phase + freq * np.arange(SEQ_LEN + 1))
            wave += rng.normal(0, 0.05, SEQ_LEN + 1)
            f.write(",".join("%.5f" % v for v in wave) + "\n")
    filenames.append(path)

# ---- the input pipeline
filename_queue = tf.train.string_input_producer(filenames, shuffle=True)
reader = tf.TextLineReader(skip_header_lines=1)
key, value = reader.read(filename_queue)
record_defaults = [[0.0]] * (SEQ_LEN + 1)
columns = tf.decode_csv(value, record_defaults=record_defaults)
features = tf.stack(columns[:SEQ_LEN])
target = tf.stack(columns[SEQ_LEN:])

min_after_dequeue = 200
capacity = min_after_dequeue + 3 * BATCH_SIZE
x_batch, y_batch = tf.train.shuffle_batch(
    [features, target], batch_size=BATCH_SIZE, capacity=capacity,
    min_after_dequeue=min_after_dequeue, num_threads=2)

# ---- the model
inputs = tf.expand_dims(x_batch, -1)  # [batch, time, 1]
cell = tf.nn.rnn_cell.BasicLSTMCell(HIDDEN)
outputs, state = tf.nn.dynamic_rnn(cell, inputs, dtype=tf.float32)
weights = tf.Variable(tf.truncated_normal([HIDDEN, 1], stddev=0.1), name="weights")
bias = tf.Variable(tf.zeros([1]), name="bias")
prediction = tf.matmul(state.h, weights) + bias
loss = tf.reduce_mean(tf.square(prediction - y_batch))
train_op = tf.train.AdamOptimizer(0.02).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    try:
        for step in range(STEPS):
            if coord.should_stop():
                break
            _, loss_value = sess.run([train_op, loss])
            if step % 10 == 0 or step == STEPS - 1:
                print("step %d, loss %.4f" % (step, loss_value))
    except tf.errors.OutOfRangeError:
        print("Done training -- epoch limit reached")
    finally:
        coord.request_stop()
    coord.join(threads)
