"""tf.contrib.legacy_seq2seq.rnn_decoder and basic_rnn_seq2seq: variable scopes and sharing,
the loop function's feedback, and the final state, against stepping the cell by hand."""
import numpy as np

import minitf as tf

seq2seq = tf.contrib.legacy_seq2seq
RNG = np.random.RandomState(7)


def _inputs(n, batch=2, size=3):
    return [tf.constant(RNG.standard_normal((batch, size)).astype(np.float32))
            for _ in range(n)]


def test_rnn_decoder_shares_one_set_of_variables():
    cell = tf.nn.rnn_cell.BasicRNNCell(4)
    inputs = _inputs(3)
    outputs, state = seq2seq.rnn_decoder(inputs, tf.zeros([2, 4]), cell)
    assert len(outputs) == 3 and state is outputs[-1]
    assert [v.name for v in tf.global_variables()] == ["rnn_decoder/basic_rnn_cell/kernel:0",
                                                       "rnn_decoder/basic_rnn_cell/bias:0"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        kernel, bias = sess.run(tf.global_variables())
        xs, got = sess.run([inputs, outputs])
    h = np.zeros((2, 4))
    for x, o in zip(xs, got):
        h = np.tanh(np.concatenate([x, h], 1) @ kernel + bias)
        np.testing.assert_allclose(o, h, rtol=1e-5, atol=1e-6)


def test_loop_function_feeds_back_previous_output():
    cell = tf.nn.rnn_cell.BasicRNNCell(3)
    calls = []

    def loop(prev, i):
        calls.append((prev, i, tf.get_variable_scope().name))
        return prev * 2.0
    inputs = _inputs(3)
    outputs, _ = seq2seq.rnn_decoder(inputs, tf.zeros([2, 3]), cell, loop_function=loop,
                                     scope="dec")
    assert [(p, i) for p, i, _ in calls] == [(outputs[0], 1), (outputs[1], 2)]
    assert calls[0][2] == "dec/loop_function"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        kernel, bias = sess.run(tf.global_variables())
        first, o1, o2 = sess.run([inputs[0], outputs[0], outputs[1]])
    step = lambda x, h: np.tanh(np.concatenate([x, h], 1) @ kernel + bias)  # noqa: E731
    np.testing.assert_allclose(o1, step(first, np.zeros((2, 3))), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(o2, step(o1 * 2.0, o1), rtol=1e-5, atol=1e-6)


def test_basic_rnn_seq2seq_encodes_with_a_copy_of_the_cell():
    cell = tf.nn.rnn_cell.BasicLSTMCell(4)
    enc, dec = _inputs(3), _inputs(2)
    outputs, state = seq2seq.basic_rnn_seq2seq(enc, dec, cell)
    assert [v.name for v in tf.global_variables()] == [
        "basic_rnn_seq2seq/rnn/basic_lstm_cell/kernel:0",
        "basic_rnn_seq2seq/rnn/basic_lstm_cell/bias:0",
        "basic_rnn_seq2seq/rnn_decoder/basic_lstm_cell/kernel:0",
        "basic_rnn_seq2seq/rnn_decoder/basic_lstm_cell/bias:0"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = sess.run(outputs)
        assert len(got) == 2 and got[0].shape == (2, 4)
        assert isinstance(sess.run(state), tf.nn.rnn_cell.LSTMStateTuple)
