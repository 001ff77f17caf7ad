"""The main demo: a small TF1 graph built with placeholders, variables and scopes, then run.

    python examples/demo.py

It builds a one-layer model `y = tanh(x @ W + b)` inside a variable scope, shows the names TF1
would give its tensors and variables, and runs it in a Session with a feed.
"""
import numpy as np

import minitf as tf

tf.set_random_seed(42)

x = tf.placeholder(tf.float32, shape=[None, 3], name="x")
with tf.variable_scope("layer"):
    W = tf.get_variable("W", shape=[3, 2])
    b = tf.get_variable("b", shape=[2], initializer=tf.zeros_initializer())
    y = tf.tanh(tf.matmul(x, W) + b)

with tf.name_scope("stats"):
    mean = tf.reduce_mean(y, axis=0, name="mean")

step = tf.Variable(0, name="step")
increment = tf.assign_add(step, 1)

print("placeholder:", x)
print("variables:  ", tf.global_variables())
print("output:     ", y)
print("reduction:  ", mean)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    batch = np.arange(12, dtype=np.float32).reshape(4, 3) / 10
    out, m = sess.run([y, mean], feed_dict={x: batch})
    for _ in range(3):
        sess.run(increment)
    print("y =\n", out)
    print("mean over the batch:", m)
    print("step after three increments:", sess.run(step))
