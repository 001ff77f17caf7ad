"""A stacked LSTM character language model that learns a text shipped with minitf
(examples/data/sonnets.txt, six of Shakespeare's sonnets) and then generates text from a
prime, written as TF1 code (`import tensorflow as tf`); run it on minitf with

    python -m minitf run examples/char_lm.py [--steps 1200] [--prime "Shall I"] [--length 300]

The model is the one of the char-rnn tutorials: an embedding, a two-layer `MultiRNNCell` of
`BasicLSTMCell`s run by `tf.nn.dynamic_rnn`, a softmax over the characters, trained on random
windows of the text with `tf.contrib.seq2seq.sequence_loss`, `tf.clip_by_global_norm` and
Adam; training logs step, loss and time per batch as TF1 scripts did. A second copy of the
graph (same variables, `reuse=True`) reads one character at a time: the prime warms its
state up, then each next character is drawn from the softmax (sharpened by `--temperature`)
and fed back together with the LSTM state fetched the step before.

Expected output of the default run: about 3 minutes of CPU time (177 s here; on a busy
machine the wall time is longer). With `tf.set_random_seed(0)` and numpy's seed the losses and
the sample repeat; the time per batch does not. With six sonnets to learn, the model has them
nearly by heart after 1200 steps, so the sample from "Shall I" recites sonnet 18 (fewer
`--steps` or a higher `--temperature` give looser text).

    text: 3686 characters, 52 distinct
    1/1200, train_loss = 3.954, time/batch = 0.622
    100/1200, train_loss = 2.127, time/batch = 0.931
    200/1200, train_loss = 1.662, time/batch = 0.592
    300/1200, train_loss = 1.043, time/batch = 1.221
    ...
    1100/1200, train_loss = 0.185, time/batch = 0.369
    1200/1200, train_loss = 0.193, time/batch = 0.353
    ----- sample -----
    Shall I compare thee to a summer's day?
    Thou art more lovely and more temperate:
    Rough winds do shake the darling buds of May,
    And summer's lease hath all too short a date:
    Sometime too hot the eye of heaven shines,
    And often is his gold complexion dimm'd;
    And every fair from fair sometime declines,
    By cha
"""
import os
import time

import numpy as np
import tensorflow as tf

flags = tf.app.flags
flags.DEFINE_string("data", "data/sonnets.txt", "Training text, relative to this script.")
flags.DEFINE_integer("steps", 1200, "Training steps.")
flags.DEFINE_integer("batch_size", 32, "Windows per step.")
flags.DEFINE_integer("seq_length", 40, "Characters per window.")
flags.DEFINE_integer("rnn_size", 128, "LSTM units per layer.")
flags.DEFINE_integer("num_layers", 2, "Stacked LSTM layers.")
flags.DEFINE_float("learning_rate", 0.005, "Adam's learning rate.")
flags.DEFINE_integer("log_every", 100, "Steps between progress lines.")
flags.DEFINE_string("prime", "Shall I", "Text the generated sample starts from.")
flags.DEFINE_integer("length", 300, "Characters to generate.")
flags.DEFINE_float("temperature", 0.5, "Sampling temperature (lower: more conservative).")
FLAGS = flags.FLAGS


class CharModel(object):
    """The language model on [batch, seq] character ids; `training` adds the loss and the
    training op."""

    def __init__(self, vocab_size, batch_size, seq_length, training):
        cells = [tf.nn.rnn_cell.BasicLSTMCell(FLAGS.rnn_size) for _ in range(FLAGS.num_layers)]
        cell = tf.nn.rnn_cell.MultiRNNCell(cells)
        self.inputs = tf.placeholder(tf.int32, [batch_size, seq_length], name="inputs")
        self.initial_state = cell.zero_state(batch_size, tf.float32)
        embedding = tf.get_variable("embedding", [vocab_size, FLAGS.rnn_size])
        embedded = tf.nn.embedding_lookup(embedding, self.inputs)
        outputs, self.final_state = tf.nn.dynamic_rnn(cell, embedded,
                                                      initial_state=self.initial_state)
        logits = tf.layers.dense(outputs, vocab_size, name="softmax")
        self.temperature = tf.placeholder_with_default(1.0, [], name="temperature")
        self.probs = tf.nn.softmax(logits / self.temperature)
        if not training:
            return
        self.targets = tf.placeholder(tf.int32, [batch_size, seq_length], name="targets")
        self.loss = tf.contrib.seq2seq.sequence_loss(
            logits, self.targets, tf.ones([batch_size, seq_length]))
        tvars = tf.trainable_variables()
        grads, _ = tf.clip_by_global_norm(tf.gradients(self.loss, tvars), 5.0)
        self.global_step = tf.train.get_or_create_global_step()
        optimizer = tf.train.AdamOptimizer(FLAGS.learning_rate)
        self.train_op = optimizer.apply_gradients(zip(grads, tvars),
                                                  global_step=self.global_step)


def weighted_pick(probs, rng):
    """An index drawn with probabilities `probs` (as char-rnn's samplers do)."""
    cumulative = np.cumsum(probs)
    return int(np.searchsorted(cumulative, rng.rand() * cumulative[-1]))


def main(_):
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), FLAGS.data)
    with tf.gfile.GFile(path) as f:
        text = f.read()
    chars = sorted(set(text))
    char_id = {c: i for i, c in enumerate(chars)}
    data = np.array([char_id[c] for c in text], np.int32)
    print("text: %d characters, %d distinct" % (len(data), len(chars)))

    tf.set_random_seed(0)
    rng = np.random.RandomState(0)
    with tf.variable_scope("model"):
        model = CharModel(len(chars), FLAGS.batch_size, FLAGS.seq_length, training=True)
    with tf.variable_scope("model", reuse=True):
        sampler = CharModel(len(chars), 1, 1, training=False)

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        start = time.time()
        for step in range(1, FLAGS.steps + 1):
            offsets = rng.randint(0, len(data) - FLAGS.seq_length - 1, FLAGS.batch_size)
            x = np.stack([data[o:o + FLAGS.seq_length] for o in offsets])
            y = np.stack([data[o + 1:o + FLAGS.seq_length + 1] for o in offsets])
            loss, _ = sess.run([model.loss, model.train_op],
                               {model.inputs: x, model.targets: y})
            if step % FLAGS.log_every == 0 or step == 1:
                per_batch = (time.time() - start) / (FLAGS.log_every if step > 1 else 1)
                print("%d/%d, train_loss = %.3f, time/batch = %.3f"
                      % (step, FLAGS.steps, loss, per_batch))
                start = time.time()

        state = sess.run(sampler.initial_state)
        for c in FLAGS.prime[:-1]:
            state = sess.run(sampler.final_state, {sampler.inputs: [[char_id[c]]],
                                                   sampler.initial_state: state})
        generated = FLAGS.prime
        char = FLAGS.prime[-1]
        for _ in range(FLAGS.length):
            probs, state = sess.run([sampler.probs, sampler.final_state],
                                    {sampler.inputs: [[char_id[char]]],
                                     sampler.initial_state: state,
                                     sampler.temperature: FLAGS.temperature})
            char = chars[weighted_pick(probs[0, 0], rng)]
            generated += char
        print("----- sample -----")
        print(generated)


if __name__ == "__main__":
    tf.app.run()
