"""The TF1 API surface public RNN tutorials use (shared/reference/tf1-api-surface.md): every
listed `tf.*` symbol, object method, behaviour, tensor operator and Session feed/fetch
pattern, each exercised the way the tutorials call it (the keyword and positional forms the
survey saw). Import paths and the runner are tested with `python -m minitf run`.

"""
import inspect

import numpy as np
import pytest

import minitf as tf


# The survey's `tf.*` symbols (its first table), in its order.
SYMBOLS = """tf.float32 tf.placeholder tf.Session tf.global_variables_initializer tf.reduce_mean
tf.train.AdamOptimizer tf.argmax tf.contrib.rnn.BasicLSTMCell tf.matmul tf.reshape tf.Variable
tf.int32 tf.nn.dynamic_rnn tf.cast tf.equal tf.nn.softmax_cross_entropy_with_logits tf.ones
tf.random_normal tf.reduce_sum tf.set_random_seed tf.variable_scope
tf.examples.tutorials.mnist.input_data.read_data_sets tf.get_variable tf.name_scope tf.concat
tf.contrib.rnn.MultiRNNCell tf.contrib.rnn.static_rnn tf.nn.embedding_lookup tf.split
tf.summary.FileWriter tf.transpose tf.constant tf.contrib.layers.fully_connected
tf.contrib.rnn.DropoutWrapper tf.get_variable_scope tf.layers.dense tf.one_hot
tf.random_normal_initializer tf.square tf.summary.scalar tf.train.Saver tf.unstack
tf.__version__ tf.add tf.assign tf.contrib.legacy_seq2seq.sequence_loss_by_example
tf.contrib.seq2seq.sequence_loss tf.nn.dropout tf.nn.sparse_softmax_cross_entropy_with_logits
tf.squeeze tf.subtract tf.train.RMSPropOptimizer tf.trainable_variables tf.ConfigProto tf.Graph
tf.add_n tf.clip_by_global_norm tf.constant_initializer tf.contrib.rnn.GRUCell
tf.contrib.rnn.static_bidirectional_rnn tf.convert_to_tensor tf.device tf.gradients tf.identity
tf.multiply tf.nn.l2_loss tf.nn.relu tf.nn.rnn_cell.BasicRNNCell tf.nn.rnn_cell.DropoutWrapper
tf.nn.rnn_cell.LSTMCell tf.nn.rnn_cell.MultiRNNCell tf.nn.softmax tf.shape tf.sign
tf.summary.merge_all tf.train.GradientDescentOptimizer tf.app.run tf.assert_positive
tf.contrib.framework.get_or_create_global_step tf.contrib.layers.linear
tf.contrib.layers.optimize_loss tf.contrib.legacy_seq2seq.rnn_decoder tf.control_dependencies
tf.diag tf.div tf.exp tf.expand_dims tf.flags tf.flags.DEFINE_bool tf.flags.DEFINE_string
tf.flags.FLAGS tf.flags.FLAGS.<flag> tf.gather tf.gfile.GFile tf.global_variables tf.group
tf.int64 tf.less tf.local_variables_initializer tf.logging tf.logical_and
tf.losses.mean_squared_error tf.losses.softmax_cross_entropy tf.metrics.accuracy tf.multinomial
tf.nn.bias_add tf.nn.bidirectional_dynamic_rnn tf.nn.conv2d tf.nn.l2_normalize tf.nn.max_pool
tf.nn.rnn_cell.BasicLSTMCell tf.nn.rnn_cell.GRUCell tf.nn.softmax_cross_entropy_with_logits_v2
tf.nn.xw_plus_b tf.placeholder_with_default tf.python.framework.ops.reset_default_graph
tf.random_uniform_initializer tf.range tf.reduce_max tf.size tf.sqrt tf.stack tf.stop_gradient
tf.strided_slice tf.summary.histogram tf.summary.merge tf.tanh tf.to_float tf.train.Supervisor
tf.train.exponential_decay tf.train.get_checkpoint_state tf.train.global_step
tf.train.range_input_producer tf.truncated_normal tf.uint8""".split()

RNG = np.random.RandomState(0)


def _run(fetches, feed=None, init=True):
    with tf.Session() as sess:
        if init:
            sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        return sess.run(fetches, feed)


def _seq(batch=2, steps=3, size=4):
    return tf.constant(RNG.standard_normal((batch, steps, size)).astype(np.float32))


def _steps(batch=2, steps=3, size=4):
    return tf.unstack(_seq(batch, steps, size), axis=1)


# ---- one check per symbol: it builds what the tutorials build and runs it

def _dtypes():
    assert (tf.float32.name, tf.int32.name, tf.int64.name, tf.uint8.name) == \
        ("float32", "int32", "int64", "uint8")
    assert tf.placeholder(tf.uint8, [2]).dtype == tf.uint8


def _placeholder():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    y = tf.placeholder(tf.int32, shape=[None])
    assert (x.name, x.shape.as_list(), y.shape.as_list()) == ("x:0", [None, 3], [None])
    assert _run(tf.reduce_sum(x), {x: np.ones((2, 3))}) == 6


def _session():
    c = tf.constant(2.0)
    with tf.Session(config=tf.ConfigProto(allow_soft_placement=True,
                                          log_device_placement=False)) as sess:
        assert sess.run(c) == 2.0
    sess = tf.Session()
    assert sess.run(c * 2) == 4.0
    sess.close()


def _reduce():
    x = tf.constant([[1.0, 2.0], [3.0, 6.0]])
    got = _run([tf.reduce_mean(x), tf.reduce_mean(x, 0, name="m"), tf.reduce_sum(x),
                tf.reduce_sum(x, 1, name="s"), tf.reduce_max(x, 1)])
    assert [np.asarray(g).tolist() for g in got] == [3.0, [2.0, 4.0], 12.0, [3.0, 9.0],
                                                     [2.0, 6.0]]


def _optimizers():
    for opt in (tf.train.AdamOptimizer(learning_rate=0.1), tf.train.AdamOptimizer(0.1),
                tf.train.AdamOptimizer(), tf.train.RMSPropOptimizer(0.1, 0.9),
                tf.train.RMSPropOptimizer(learning_rate=0.1, decay=0.9),
                tf.train.GradientDescentOptimizer(0.5),
                tf.train.GradientDescentOptimizer(learning_rate=0.5)):
        w = tf.Variable(3.0)
        loss = tf.square(w)
        train = opt.minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            first = sess.run(loss)
            for _ in range(3):
                sess.run(train)
            assert sess.run(loss) < first


def _argmax():
    x = tf.constant([[1, 5, 2], [7, 0, 3]])
    assert [a.tolist() for a in _run([tf.argmax(x, 1), tf.argmax(x, axis=0, name="am")])] == \
        [[1, 0], [1, 0, 1]]


def _lstm_cells():
    for cell in (tf.contrib.rnn.BasicLSTMCell(4), tf.contrib.rnn.BasicLSTMCell(4, 0.5),
                 tf.contrib.rnn.BasicLSTMCell(num_units=4, forget_bias=1.0,
                                              state_is_tuple=True, activation=tf.tanh,
                                              reuse=None),
                 tf.nn.rnn_cell.BasicLSTMCell(4), tf.nn.rnn_cell.LSTMCell(num_units=4)):
        with tf.variable_scope(None, default_name="cell"):
            out, state = tf.nn.dynamic_rnn(cell, _seq(), dtype=tf.float32)
        assert isinstance(state, tf.nn.rnn_cell.LSTMStateTuple)
        assert _run(out).shape == (2, 3, 4)


def _matmul_reshape():
    a = tf.constant(np.arange(6.0).reshape(2, 3))
    got = _run([tf.matmul(a, tf.transpose(a)), tf.reshape(a, [3, 2], name="r"),
                tf.transpose(a, [1, 0])])
    x = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(got[0], x @ x.T)
    assert got[1].shape == (3, 2) and got[2].shape == (3, 2)


def _variable():
    v = tf.Variable(tf.zeros([2]), dtype=tf.float32, name="v", trainable=False)
    w = tf.Variable([1.0, 2.0])
    assert v.name == "v:0" and v not in tf.trainable_variables()
    assert w in tf.trainable_variables() and w in tf.global_variables()
    assert _run(w + v).tolist() == [1.0, 2.0]


def _dynamic_rnn():
    cell = tf.nn.rnn_cell.GRUCell(3)
    x = _seq()
    out, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    init = cell.zero_state(2, tf.float32)
    out2, _ = tf.nn.dynamic_rnn(cell, tf.transpose(x, [1, 0, 2]), initial_state=init,
                                time_major=True)
    out3, _ = tf.nn.dynamic_rnn(cell, x, tf.constant([3, 1]), init)
    got = _run([out, out2, out3])
    assert got[0].shape == (2, 3, 3) and got[1].shape == (3, 2, 3)
    assert np.all(got[2][1, 1:] == 0)


def _cast_equal():
    got = _run([tf.cast(tf.equal([1, 2], [1, 3]), tf.float32), tf.to_float([1, 2]),
                tf.less(1, 2), tf.logical_and(True, False), tf.sign([-2.0, 3.0], name="s")])
    assert got[0].tolist() == [1.0, 0.0] and got[1].dtype == np.float32
    assert got[2] and not got[3] and got[4].tolist() == [-1.0, 1.0]


def _xent():
    logits = tf.constant([[2.0, 1.0], [0.0, 3.0]])
    labels = tf.constant([[1.0, 0.0], [0.0, 1.0]])
    dense = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    v2 = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
    sparse = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, 1], logits=logits)
    got = _run([dense, v2, sparse])
    np.testing.assert_allclose(got[0], got[1])
    np.testing.assert_allclose(got[0], got[2], rtol=1e-6)


def _fills():
    got = _run([tf.ones([2, 3]), tf.ones(shape=[2], dtype=tf.int32), tf.ones((1,), tf.int64),
                tf.constant(1.0, shape=[2, 2], name="c"), tf.square([3.0]), tf.sqrt(4.0),
                tf.exp(0.0), tf.tanh(0.0), tf.size([[1, 2, 3]]), tf.shape([[1, 2, 3]]),
                tf.range(1, 4), tf.identity(5, name="i")])
    assert got[0].shape == (2, 3) and got[1].dtype == np.int32 and got[2].dtype == np.int64
    assert got[3].tolist() == [[1.0, 1.0], [1.0, 1.0]] and got[4].tolist() == [9.0]
    assert (got[5], got[6], got[7], got[8]) == (2.0, 1.0, 0.0, 3)
    assert got[9].tolist() == [1, 3] and got[10].tolist() == [1, 2, 3] and got[11] == 5


def _random():
    tf.set_random_seed(7)
    got = _run([tf.random_normal([2, 3], stddev=0.1), tf.truncated_normal([500], stddev=0.5)])
    assert got[0].shape == (2, 3) and np.abs(got[1]).max() <= 1.0


def _scopes():
    with tf.variable_scope("outer", initializer=tf.constant_initializer(0.5)):
        a = tf.get_variable("a", [2])
    with tf.variable_scope("outer", reuse=True):
        again = tf.get_variable("a")
    b = tf.get_variable("b", [2], tf.float32, tf.random_normal_initializer(mean=1.0,
                                                                            stddev=0.0))
    c = tf.get_variable(name="c", shape=[1], dtype=tf.float32,
                        initializer=tf.random_uniform_initializer(-1, 1))
    with tf.name_scope("ns"):
        d = tf.constant(1, name="d")
    with tf.name_scope(None, "default", [d]) as scope:
        assert scope == "default/"
    assert again is a and d.name == "ns/d:0" and tf.get_variable_scope().name == ""
    got = _run([a, b, c])
    assert got[0].tolist() == [0.5, 0.5] and got[1].tolist() == [1.0, 1.0]
    assert -1 <= got[2][0] <= 1


def _concat_split():
    a = tf.constant([[1, 2], [3, 4]])
    parts = tf.split(a, 2, 1)
    named = tf.split(value=a, num_or_size_splits=2, axis=0)
    got = _run([tf.concat([a, a], 1), tf.concat(values=[a, a], axis=0), parts, named,
                tf.unstack(a), tf.unstack(a, 2, 1), tf.stack([a, a]), tf.squeeze([[1], [2]]),
                tf.squeeze([[[1], [2]]], axis=[0, 2]), tf.expand_dims([1, 2], 1),
                tf.gather([5, 6, 7], [2, 0])])
    assert got[0].shape == (2, 4) and got[1].shape == (4, 2)
    assert [p.tolist() for p in got[2]] == [[[1], [3]], [[2], [4]]]
    assert got[4][1].tolist() == [3, 4] and got[5][0].tolist() == [1, 3]
    assert got[6].shape == (2, 2, 2) and got[7].tolist() == [1, 2]
    assert got[8].tolist() == [1, 2] and got[9].shape == (2, 1) and got[10].tolist() == [7, 5]


def _static_rnns():
    inputs = _steps()
    cell = tf.contrib.rnn.MultiRNNCell([tf.contrib.rnn.GRUCell(3) for _ in range(2)],
                                       state_is_tuple=True)
    outs, state = tf.contrib.rnn.static_rnn(cell, inputs, dtype=tf.float32)
    with tf.variable_scope("sl"):
        outs2, _ = tf.contrib.rnn.static_rnn(tf.contrib.rnn.GRUCell(num_units=3), inputs,
                                             initial_state=tf.zeros([2, 3]),
                                             sequence_length=tf.constant([3, 1]))
    fw, bw = tf.nn.rnn_cell.BasicRNNCell(3), tf.nn.rnn_cell.BasicRNNCell(3)
    bi, _, _ = tf.contrib.rnn.static_bidirectional_rnn(fw, bw, inputs, dtype=tf.float32)
    (f, b), _ = tf.nn.bidirectional_dynamic_rnn(fw, bw, _seq(), dtype=tf.float32)
    got = _run([outs, outs2, bi, f, b])
    assert len(got[0]) == 3 and got[0][0].shape == (2, 3) and len(state) == 2
    assert np.all(got[1][2][1] == 0) and got[2][0].shape == (2, 6) and got[3].shape == (2, 3, 3)


def _embedding_dense():
    emb = tf.get_variable("emb", [5, 3])
    looked = tf.nn.embedding_lookup(emb, [[0, 4]])
    fc = tf.contrib.layers.fully_connected(looked, 2, activation_fn=None)
    fc2 = tf.contrib.layers.fully_connected(inputs=looked, num_outputs=2)
    lin = tf.contrib.layers.linear(looked, 2)
    dense = tf.layers.dense(looked, 2, tf.nn.relu)
    dense2 = tf.layers.dense(looked, 2, activation=tf.nn.relu)
    got = _run([looked, fc, fc2, lin, dense, dense2])
    assert got[0].shape == (1, 2, 3) and all(g.shape == (1, 2, 2) for g in got[1:])
    assert got[2].min() >= 0


def _dropout_wrappers():
    for wrapped in (tf.contrib.rnn.DropoutWrapper(tf.contrib.rnn.GRUCell(3),
                                                  input_keep_prob=0.9, output_keep_prob=0.5),
                    tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.GRUCell(3),
                                                  output_keep_prob=1.0),
                    tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicRNNCell(3)])):
        with tf.variable_scope(None, default_name="w"):
            out, _ = tf.nn.dynamic_rnn(wrapped, _seq(), dtype=tf.float32)
        assert _run(out).shape == (2, 3, 3)


def _one_hot():
    got = _run([tf.one_hot([0, 2], 3), tf.one_hot([1], 2, 5.0, -1.0)])
    assert got[0].tolist() == [[1, 0, 0], [0, 0, 1]] and got[1].tolist() == [[-1.0, 5.0]]


def _version():
    major, minor = (int(p) for p in tf.__version__.split(".")[:2])
    assert major == 1 and minor >= 0


def _arith_and_assign():
    v = tf.Variable(1.0)
    got = _run([tf.add(1, 2), tf.subtract(5, 3), tf.multiply(2, 3), tf.div(7, 2, name="d"),
                tf.add_n([tf.constant(1), tf.constant(2)]), tf.assign(v, 4.0)])
    assert got == [3, 2, 6, 3, 3, 4.0]


def _seq_losses():
    logits = [tf.constant(RNG.standard_normal((2, 4)).astype(np.float32)) for _ in range(3)]
    targets = [tf.constant([1, 2]) for _ in range(3)]
    weights = [tf.ones([2]) for _ in range(3)]
    calls = []

    def loss_fn(labels, logits):
        calls.append(1)
        return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    by_example = tf.contrib.legacy_seq2seq.sequence_loss_by_example(
        logits, targets, weights, average_across_timesteps=False,
        softmax_loss_function=loss_fn, name="by_example")
    seq = tf.contrib.seq2seq.sequence_loss(logits=tf.stack(logits, 1),
                                           targets=tf.stack(targets, 1),
                                           weights=tf.stack(weights, 1))
    got = _run([by_example, seq])
    assert len(calls) == 3 and got[0].shape == (2,)
    np.testing.assert_allclose(got[0].mean() / 3, got[1], rtol=1e-5)


def _dropout():
    tf.set_random_seed(1)
    got = _run(tf.nn.dropout(tf.ones([1000]), 0.5))
    assert set(np.unique(got)) <= {0.0, 2.0}


def _config_graph():
    config = tf.ConfigProto(allow_soft_placement=True, log_device_placement=False)
    config.gpu_options.allow_growth = True
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(3)
    with tf.Session(graph=g, config=config) as sess:
        assert sess.run(c) == 3 and sess.graph is g


def _clip_and_grads():
    w = tf.Variable([3.0, 4.0])
    grads = tf.gradients(tf.reduce_sum(tf.square(w)), [w])
    clipped, norm = tf.clip_by_global_norm(grads, 5.0)
    got = _run([clipped, norm])
    np.testing.assert_allclose(got[1], 10.0)
    np.testing.assert_allclose(got[0][0], [3.0, 4.0])


def _convert_device():
    with tf.device("/cpu:0"):
        t = tf.convert_to_tensor([1, 2], dtype=tf.int64, name="t")
    assert t.dtype == tf.int64 and t.name == "t:0"
    assert _run(t).tolist() == [1, 2]


def _activations():
    got = _run([tf.nn.relu([-1.0, 2.0], name="r"), tf.nn.softmax([0.0, 0.0], name="s"),
                tf.nn.l2_loss([3.0, 4.0]), tf.nn.bias_add([[1.0, 2.0]], [1.0, 1.0]),
                tf.nn.l2_normalize([3.0, 4.0], 0), tf.stop_gradient(2.0)])
    assert got[0].tolist() == [0.0, 2.0] and got[1].tolist() == [0.5, 0.5] and got[2] == 12.5
    assert got[3].tolist() == [[2.0, 3.0]]
    np.testing.assert_allclose(got[4], [0.6, 0.8])
    assert got[5] == 2.0


def _assert_positive():
    x = tf.placeholder(tf.float32)
    with tf.control_dependencies([tf.assert_positive(x, message="must be positive")]):
        y = tf.identity(x)
    with tf.Session() as sess:
        assert sess.run(y, {x: 2.0}) == 2.0
        with pytest.raises(tf.errors.InvalidArgumentError, match="must be positive"):
            sess.run(y, {x: -1.0})


def _global_step_training():
    step = tf.contrib.framework.get_or_create_global_step()
    w = tf.Variable(2.0)
    loss = tf.square(w)
    train = tf.contrib.layers.optimize_loss(loss, global_step=step, learning_rate=0.1,
                                            optimizer="SGD")
    lr = tf.train.exponential_decay(0.1, step, 10, 0.5, staircase=True)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        assert tf.train.global_step(sess, step) == 1
        assert sess.run(lr) == pytest.approx(0.1)


def _rnn_decoder():
    def loop(prev, i):  # the previous output (3 wide) as the next input (4 wide)
        return tf.concat([prev, prev], 1)[:, :4]
    outs, _ = tf.contrib.legacy_seq2seq.rnn_decoder(_steps(), tf.zeros([2, 3]),
                                                    tf.nn.rnn_cell.BasicRNNCell(3),
                                                    loop_function=loop, scope="dec")
    assert [o.shape for o in _run(outs)] == [(2, 3)] * 3


def _group_and_control():
    v = tf.Variable(0)
    inc = tf.assign_add(v, 1)
    with tf.control_dependencies([inc]):
        read = tf.identity(v)
    g = tf.group(inc, tf.no_op())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(read) == 1
        sess.run(g)
        assert sess.run(v) == 2


def _losses_and_metrics():
    mse = tf.losses.mean_squared_error(labels=[1.0, 2.0], predictions=[1.0, 4.0])
    sce = tf.losses.softmax_cross_entropy(logits=[[0.0, 0.0]], onehot_labels=[[1.0, 0.0]])
    acc, update = tf.metrics.accuracy(labels=[1, 2], predictions=[1, 0])
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        assert sess.run(mse) == 2.0 and sess.run(sce) == pytest.approx(np.log(2))
        assert sess.run(update) == 0.5 and sess.run(acc) == 0.5


def _multinomial_diag():
    got = _run([tf.multinomial([[0.0, -1e9]], 3), tf.diag([1, 2]),
                tf.nn.xw_plus_b([[1.0]], [[2.0]], [3.0], name="xw")])
    assert got[0].tolist() == [[0, 0, 0]] and got[1].tolist() == [[1, 0], [0, 2]]
    assert got[2].tolist() == [[5.0]]


def _conv_pool():
    x = tf.constant(RNG.standard_normal((1, 4, 4, 1)).astype(np.float32))
    conv = tf.nn.conv2d(x, tf.ones([2, 2, 1, 2]), strides=[1, 1, 1, 1], padding="SAME",
                        name="conv")
    pool = tf.nn.max_pool(conv, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME",
                          name="pool")
    assert _run(pool).shape == (1, 2, 2, 2)


def _placeholder_with_default():
    p = tf.placeholder_with_default(tf.constant(3), [])
    with tf.Session() as sess:
        assert sess.run(p) == 3 and sess.run(p, {p: 5}) == 5


def _strided_slice():
    assert _run(tf.strided_slice(tf.range(10), [2], [8], [3])).tolist() == [2, 5]


def _supervisor_and_queues():
    i = tf.train.range_input_producer(3, shuffle=False).dequeue()
    sv = tf.train.Supervisor(logdir=None, saver=None)
    with sv.managed_session() as sess:
        assert [int(sess.run(i)) for _ in range(4)] == [0, 1, 2, 0]


def _mnist_input_data():
    """read_data_sets and its DataSet's attributes and next_batch, on small IDX files."""
    import tempfile

    from minitf.examples.tutorials.mnist import input_data
    from tests.mnist_files import write_mnist
    with tempfile.TemporaryDirectory() as folder:
        write_mnist(folder, 60, 20)
        mnist = input_data.read_data_sets(folder, one_hot=True, validation_size=10)
        assert mnist.train.num_examples == 50 and mnist.test.images.shape == (20, 784)
        assert mnist.train.labels.shape == (50, 10)
        xs, ys = mnist.train.next_batch(8)
        assert xs.shape == (8, 784) and ys.shape == (8, 10) and xs.dtype == np.float32


def _app_flags_logging_gfile():
    """tf.flags definitions parsed by tf.app.run, tf.logging, tf.gfile.GFile (read and write)."""
    import tempfile
    flags = tf.flags.FlagValues()
    tf.flags.DEFINE_string("data_dir", "/tmp/data", "where", flag_values=flags)
    tf.flags.DEFINE_bool("train", True, "train?", flag_values=flags)
    rest = flags(["prog", "--data_dir=/x", "--notrain", "extra"])
    assert (flags.data_dir, flags.train, rest) == ("/x", False, ["prog", "extra"])
    assert isinstance(tf.flags.FLAGS, tf.flags.FlagValues) and tf.app.flags is tf.flags
    seen = []
    with pytest.raises(SystemExit) as done:
        tf.app.run(main=lambda argv: seen.append(argv) or 0, argv=["prog"])
    assert done.value.code == 0 and seen == [["prog"]]
    tf.logging.set_verbosity(tf.logging.INFO)
    tf.logging.info("step %d", 1)
    with tempfile.TemporaryDirectory() as folder:
        path = folder + "/sub/a.txt"
        tf.gfile.MakeDirs(folder + "/sub")
        with tf.gfile.GFile(path, "w") as f:
            f.write("hello")
        with tf.gfile.GFile(path) as f:
            assert f.read() == "hello" and tf.gfile.Exists(path)


def _reset_default_graph_import_path():
    """`from tensorflow.python.framework import ops; ops.reset_default_graph()` (the runner's
    import paths)."""
    from minitf import runner
    was = runner.installed()
    runner.install()
    try:
        from tensorflow.python.framework import ops
        tf.constant(1)
        ops.reset_default_graph()
        assert tf.get_default_graph().get_operations() == []
    finally:
        if not was:
            runner.uninstall()


def _summaries():
    """scalar, histogram, merge, merge_all fetched as one serialized Summary; FileWriter's
    add_summary and add_graph."""
    import tempfile
    pytest.importorskip("tensorboard", reason="tf.summary's FileWriter needs tensorboard")
    loss = tf.constant(0.5)
    s1 = tf.summary.scalar("loss", loss)
    s2 = tf.summary.histogram("w", tf.constant([1.0, 2.0, 3.0]))
    assert tf.summary.merge([s1, s2]).dtype == tf.string
    merged = tf.summary.merge_all()
    with tempfile.TemporaryDirectory() as logdir, tf.Session() as sess:
        writer = tf.summary.FileWriter(logdir, sess.graph)
        writer.add_summary(sess.run(merged), global_step=3)
        writer.add_graph(sess.graph)
        writer.close()
        assert any(name.startswith("events.out.tfevents") for name in tf.gfile.ListDirectory(logdir))
    value = tf.Summary.FromString(_run(merged)).value
    assert [v.tag for v in value] == ["loss", "w"]


def _saver_checkpoints():
    """Saver.save/restore, get_checkpoint_state."""
    import tempfile
    v = tf.Variable(3.0, name="v")
    saver = tf.train.Saver(max_to_keep=2)
    with tempfile.TemporaryDirectory() as folder, tf.Session() as sess:
        sess.run(v.initializer)
        path = saver.save(sess, folder + "/model.ckpt", global_step=7)
        assert path.endswith("model.ckpt-7")
        sess.run(v.assign(1.0))
        state = tf.train.get_checkpoint_state(folder)
        saver.restore(sess, state.model_checkpoint_path)
        assert sess.run(v) == 3.0


CHECKS = {
    "tf.float32": _dtypes, "tf.int32": _dtypes, "tf.int64": _dtypes, "tf.uint8": _dtypes,
    "tf.placeholder": _placeholder, "tf.Session": _session,
    "tf.global_variables_initializer": _variable, "tf.global_variables": _variable,
    "tf.trainable_variables": _variable, "tf.Variable": _variable,
    "tf.reduce_mean": _reduce, "tf.reduce_sum": _reduce, "tf.reduce_max": _reduce,
    "tf.train.AdamOptimizer": _optimizers, "tf.train.RMSPropOptimizer": _optimizers,
    "tf.train.GradientDescentOptimizer": _optimizers, "tf.argmax": _argmax,
    "tf.contrib.rnn.BasicLSTMCell": _lstm_cells, "tf.nn.rnn_cell.BasicLSTMCell": _lstm_cells,
    "tf.nn.rnn_cell.LSTMCell": _lstm_cells, "tf.matmul": _matmul_reshape,
    "tf.reshape": _matmul_reshape, "tf.transpose": _matmul_reshape,
    "tf.nn.dynamic_rnn": _dynamic_rnn, "tf.nn.rnn_cell.GRUCell": _dynamic_rnn,
    "tf.cast": _cast_equal, "tf.equal": _cast_equal, "tf.to_float": _cast_equal,
    "tf.less": _cast_equal, "tf.logical_and": _cast_equal, "tf.sign": _cast_equal,
    "tf.nn.softmax_cross_entropy_with_logits": _xent,
    "tf.nn.softmax_cross_entropy_with_logits_v2": _xent,
    "tf.nn.sparse_softmax_cross_entropy_with_logits": _xent,
    "tf.ones": _fills, "tf.constant": _fills, "tf.square": _fills, "tf.sqrt": _fills,
    "tf.exp": _fills, "tf.tanh": _fills, "tf.size": _fills, "tf.shape": _fills,
    "tf.range": _fills, "tf.identity": _fills,
    "tf.random_normal": _random, "tf.truncated_normal": _random, "tf.set_random_seed": _random,
    "tf.variable_scope": _scopes, "tf.get_variable": _scopes, "tf.name_scope": _scopes,
    "tf.get_variable_scope": _scopes, "tf.constant_initializer": _scopes,
    "tf.random_normal_initializer": _scopes, "tf.random_uniform_initializer": _scopes,
    "tf.concat": _concat_split, "tf.split": _concat_split, "tf.unstack": _concat_split,
    "tf.stack": _concat_split, "tf.squeeze": _concat_split, "tf.expand_dims": _concat_split,
    "tf.gather": _concat_split,
    "tf.contrib.rnn.MultiRNNCell": _static_rnns, "tf.contrib.rnn.static_rnn": _static_rnns,
    "tf.contrib.rnn.GRUCell": _static_rnns,
    "tf.contrib.rnn.static_bidirectional_rnn": _static_rnns,
    "tf.nn.rnn_cell.BasicRNNCell": _static_rnns,
    "tf.nn.bidirectional_dynamic_rnn": _static_rnns,
    "tf.nn.embedding_lookup": _embedding_dense,
    "tf.contrib.layers.fully_connected": _embedding_dense, "tf.layers.dense": _embedding_dense,
    "tf.contrib.layers.linear": _embedding_dense,
    "tf.contrib.rnn.DropoutWrapper": _dropout_wrappers,
    "tf.nn.rnn_cell.DropoutWrapper": _dropout_wrappers,
    "tf.nn.rnn_cell.MultiRNNCell": _dropout_wrappers, "tf.one_hot": _one_hot,
    "tf.__version__": _version, "tf.add": _arith_and_assign, "tf.assign": _arith_and_assign,
    "tf.subtract": _arith_and_assign, "tf.multiply": _arith_and_assign,
    "tf.div": _arith_and_assign, "tf.add_n": _arith_and_assign,
    "tf.contrib.legacy_seq2seq.sequence_loss_by_example": _seq_losses,
    "tf.contrib.seq2seq.sequence_loss": _seq_losses, "tf.nn.dropout": _dropout,
    "tf.ConfigProto": _config_graph, "tf.Graph": _config_graph,
    "tf.clip_by_global_norm": _clip_and_grads, "tf.gradients": _clip_and_grads,
    "tf.convert_to_tensor": _convert_device, "tf.device": _convert_device,
    "tf.nn.relu": _activations, "tf.nn.softmax": _activations, "tf.nn.l2_loss": _activations,
    "tf.nn.bias_add": _activations, "tf.nn.l2_normalize": _activations,
    "tf.stop_gradient": _activations, "tf.assert_positive": _assert_positive,
    "tf.contrib.framework.get_or_create_global_step": _global_step_training,
    "tf.contrib.layers.optimize_loss": _global_step_training,
    "tf.train.exponential_decay": _global_step_training,
    "tf.train.global_step": _global_step_training,
    "tf.contrib.legacy_seq2seq.rnn_decoder": _rnn_decoder,
    "tf.control_dependencies": _group_and_control, "tf.group": _group_and_control,
    "tf.losses.mean_squared_error": _losses_and_metrics,
    "tf.losses.softmax_cross_entropy": _losses_and_metrics,
    "tf.metrics.accuracy": _losses_and_metrics,
    "tf.local_variables_initializer": _losses_and_metrics,
    "tf.multinomial": _multinomial_diag, "tf.diag": _multinomial_diag,
    "tf.nn.xw_plus_b": _multinomial_diag, "tf.nn.conv2d": _conv_pool,
    "tf.nn.max_pool": _conv_pool, "tf.placeholder_with_default": _placeholder_with_default,
    "tf.strided_slice": _strided_slice, "tf.train.Supervisor": _supervisor_and_queues,
    "tf.train.range_input_producer": _supervisor_and_queues,
    "tf.examples.tutorials.mnist.input_data.read_data_sets": _mnist_input_data,
    "tf.app.run": _app_flags_logging_gfile, "tf.flags": _app_flags_logging_gfile,
    "tf.flags.DEFINE_bool": _app_flags_logging_gfile,
    "tf.flags.DEFINE_string": _app_flags_logging_gfile,
    "tf.flags.FLAGS": _app_flags_logging_gfile, "tf.flags.FLAGS.<flag>": _app_flags_logging_gfile,
    "tf.gfile.GFile": _app_flags_logging_gfile, "tf.logging": _app_flags_logging_gfile,
    "tf.python.framework.ops.reset_default_graph": _reset_default_graph_import_path,
    "tf.summary.FileWriter": _summaries, "tf.summary.scalar": _summaries,
    "tf.summary.merge_all": _summaries, "tf.summary.histogram": _summaries,
    "tf.summary.merge": _summaries, "tf.train.Saver": _saver_checkpoints,
    "tf.train.get_checkpoint_state": _saver_checkpoints,
}


def test_every_symbol_is_checked():
    assert len(SYMBOLS) == 135 and len(set(SYMBOLS)) == 135
    unaccounted = [s for s in SYMBOLS if s not in CHECKS]
    assert not unaccounted, unaccounted


@pytest.mark.parametrize("check", sorted({f.__name__: f for f in CHECKS.values()}.values(),
                                         key=lambda f: f.__name__),
                         ids=lambda f: f.__name__.strip("_"))
def test_symbol_checks(check):
    check()


# ---- methods and attributes of TF objects

def test_session_graph_and_as_default_and_eval():
    c = tf.constant([1, 2])
    v = tf.Variable(3)
    sess = tf.Session()
    assert sess.graph is tf.get_default_graph()
    with sess.as_default():
        v.initializer.run()
        assert c.eval().tolist() == [1, 2] and v.eval() == 3
        assert tf.argmax(np.array([1, 9, 3]), 0).eval() == 1  # new op inside the loop
    sess.close()


def test_optimizer_methods():
    step = tf.train.get_or_create_global_step()
    w = tf.Variable(1.0)
    loss = tf.square(w)
    opt = tf.train.GradientDescentOptimizer(0.25)
    grads_and_vars = opt.compute_gradients(loss)
    grads, variables = zip(*grads_and_vars)
    apply = opt.apply_gradients(zip(grads, variables), global_step=step)
    minimize = opt.minimize(loss, global_step=step)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(apply)
        sess.run(minimize)
        assert sess.run(step) == 2 and sess.run(w) == pytest.approx(0.25)


def test_cell_zero_state_and_state_size():
    cell = tf.nn.rnn_cell.BasicLSTMCell(3)
    assert cell.state_size == (3, 3)
    batch = tf.placeholder(tf.int32, [])
    state = cell.zero_state(batch_size=batch, dtype=tf.float32)
    with tf.Session() as sess:
        assert sess.run(state, {batch: 2}).c.shape == (2, 3)


def test_variable_scope_reuse_and_tensor_set_shape():
    with tf.variable_scope("m") as scope:
        a = tf.get_variable("a", [1])
        assert not scope.reuse
        scope.reuse_variables()
        assert scope.reuse and tf.get_variable("a") is a
    p = tf.placeholder(tf.float32)
    p.set_shape([2, None])
    assert p.shape.as_list() == [2, None]


def test_operation_run_config_gpu_options_and_queue_dequeue():
    v = tf.Variable(1)
    config = tf.ConfigProto()
    config.gpu_options.allow_growth = True
    q = tf.FIFOQueue(2, tf.int32, shapes=[[]])
    enq = q.enqueue(4)
    with tf.Session(config=config):
        v.initializer.run()
        enq.run()
        assert q.dequeue().eval() == 4 and v.eval() == 1


def test_supervisor_managed_session_attributes():
    step = tf.train.get_or_create_global_step()
    sv = tf.train.Supervisor(saver=None)
    assert sv.global_step is step and sv.saver is None
    with sv.managed_session() as sess:
        assert not sv.should_stop() and sess.run(step) == 0


# ---- behaviours

def test_version_parses_as_integers():
    assert [int(p) for p in tf.__version__.split(".")][0] == 1


def test_multi_rnn_state_iteration_and_concatenated_state():
    cells = [tf.nn.rnn_cell.BasicLSTMCell(2) for _ in range(2)]
    tuple_cell = tf.nn.rnn_cell.MultiRNNCell(cells)
    for i, (c, h) in enumerate(tuple_cell.zero_state(3, tf.float32)):
        assert c.shape.as_list() == [3, 2] and h.shape.as_list() == [3, 2]
    flat = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(2, state_is_tuple=False)
                                        for _ in range(2)], state_is_tuple=False)
    state_ph = tf.placeholder(tf.float32, [None, flat.state_size])
    out, state = tf.nn.dynamic_rnn(flat, _seq(3, 2, 4), initial_state=state_ph)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(state, {state_ph: np.zeros((3, 8))}).shape == (3, 8)


def test_cell_called_in_a_reusing_loop_and_dropout_around_multi():
    cell = tf.nn.rnn_cell.DropoutWrapper(
        tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.GRUCell(3) for _ in range(2)]),
        output_keep_prob=0.5)
    state = cell.zero_state(2, tf.float32)
    outputs = []
    with tf.variable_scope("RNN"):
        for t, x in enumerate(_steps()):
            if t > 0:
                tf.get_variable_scope().reuse_variables()
            out, state = cell(x, state)
            outputs.append(out)
    assert len(tf.trainable_variables()) == 8  # 2 GRU cells, one set for all steps
    assert len(_run(outputs)) == 3


def test_state_unpacking_chaining_and_placeholder_shapes():
    x = tf.placeholder(tf.float32, [None, None, 4])
    lengths = tf.placeholder(tf.int32, [None])
    with tf.variable_scope("first"):
        outputs, (c, h) = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(3), x, lengths,
                                            dtype=tf.float32)
    with tf.variable_scope("second"):
        out2, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(3), x,
                                    initial_state=tf.nn.rnn_cell.LSTMStateTuple(c, h))
    assert h.shape.as_list() == [None, 3]
    w = tf.get_variable("w", [h.shape[1], 2])  # a Dimension inside a shape list
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = sess.run([out2, tf.matmul(h, w)], {x: np.ones((2, 5, 4)), lengths: [5, 2]})
        assert got[0].shape == (2, 5, 3) and got[1].shape == (2, 2)


def test_static_bidirectional_twice_reuses_variables():
    fw, bw = tf.nn.rnn_cell.BasicRNNCell(3), tf.nn.rnn_cell.BasicRNNCell(3)
    with tf.variable_scope("bi") as scope:
        tf.contrib.rnn.static_bidirectional_rnn(fw, bw, _steps(), dtype=tf.float32)
        scope.reuse_variables()
        tf.contrib.rnn.static_bidirectional_rnn(fw, bw, _steps(), dtype=tf.float32)
    assert len(tf.trainable_variables()) == 4


def test_feed_conversion_add_n_reshape_and_root_scope_reentry():
    i = tf.placeholder(tf.int32, [2])
    n = tf.placeholder(tf.int32, [])
    mean = tf.add_n([tf.constant(2.0), tf.constant(4.0)]) / 2
    r = tf.reshape(tf.range(6), [n, -1])
    with tf.variable_scope(tf.get_variable_scope(), reuse=True) as scope:
        assert scope.name == ""
    one_hot = tf.one_hot(tf.constant([0]), 2, 1.0, 0.0)
    with tf.Session() as sess:
        assert sess.run(i, {i: [1.0, 2.0]}).dtype == np.int32
        assert sess.run(mean) == 3.0 and sess.run(r, {n: 3}).shape == (3, 2)
        assert sess.run(one_hot).tolist() == [[1.0, 0.0]]


def test_placeholder_with_default_tuple_as_multi_state():
    cells = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicRNNCell(2) for _ in range(2)])
    init = tuple(tf.placeholder_with_default(tf.zeros([3, 2]), [None, 2]) for _ in range(2))
    out, state = tf.nn.dynamic_rnn(cells, _seq(3, 2, 4), initial_state=init)
    assert _run(out).shape == (3, 2, 2) and len(state) == 2


def test_static_rnn_zeroes_outputs_past_each_length_with_initial_state():
    cell = tf.nn.rnn_cell.BasicRNNCell(2)
    lengths = tf.placeholder(tf.int32, [None])
    outs, _ = tf.contrib.rnn.static_rnn(cell, _steps(), sequence_length=lengths,
                                        initial_state=cell.zero_state(2, tf.float32))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = sess.run(outs, {lengths: [3, 1]})
    assert np.all(got[1][1] == 0) and np.all(got[2][1] == 0) and np.any(got[2][0] != 0)


# ---- tensor operators and indexing

def test_operators_and_indexing():
    a = tf.constant(np.arange(24.0).reshape(2, 3, 4))
    b = tf.constant(2.0, tf.float64)
    parts = [a, b]
    got = _run([a + b, a / b, a * b, a - b, a // b, a < b, a[1], a[:, 1, :], a[:, 1],
                a[:, :2], a[1:], parts[0][0, 0, 0]])
    x = np.arange(24.0).reshape(2, 3, 4)
    want = [x + 2, x / 2, x * 2, x - 2, x // 2, x < 2, x[1], x[:, 1, :], x[:, 1], x[:, :2],
            x[1:], x[0, 0, 0]]
    for g, w in zip(got, want):
        np.testing.assert_array_equal(g, w)


# ---- Session.run feed/fetch patterns

def test_feed_and_fetch_patterns():
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(2) for _ in range(2)])
    x = tf.placeholder(tf.float32, [3, 2, 4])
    init = cell.zero_state(3, tf.float32)
    out, state = tf.nn.dynamic_rnn(cell, x, initial_state=init)
    acc, update = tf.metrics.accuracy([1, 0], [1, 1])
    train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(out))
    xv = np.ones((3, 2, 4), np.float32)
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        first = sess.run(state, {x: xv})  # nested tuple of LSTMStateTuple
        assert isinstance(first[0], tf.nn.rnn_cell.LSTMStateTuple)
        assert first[0].c.shape == (3, 2) and first[1].h.shape == (3, 2)
        fed_tuple = sess.run(out, feed_dict={x: xv, init: first})  # key: a state tuple
        feed = {x: xv, init[0].c: first[0].c, init[0].h: first[0].h}  # c/h one by one
        feed[init[1]] = first[1]  # key: one LSTMStateTuple
        one_by_one = sess.run(out, feed)
        np.testing.assert_allclose(fed_tuple, one_by_one)
        fetched = sess.run({"out": out, "state": state, "train": train}, {x: xv})
        assert sorted(fetched) == ["out", "state", "train"] and fetched["train"] is None
        assert sess.run(update) == 0.5
        positional = sess.run([out, state[0]], {x: xv})
        assert positional[1].c.shape == (3, 2)


def test_getargspec_of_cells_has_reuse():
    assert "reuse" in inspect.getfullargspec(tf.contrib.rnn.BasicLSTMCell.__init__).args
