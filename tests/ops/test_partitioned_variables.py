"""Partitioned variables: get_variable with a partitioner, the three partitioners, reading,
training, reuse rules and errors, and the TF1 users of them (embedding_lookup, LSTMCell's
num_unit_shards, Saver). Names and shard shapes are TF's (checked against TF)."""
import numpy as np
import pytest

import minitf as tf


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()


def _shards(v):
    return [(s.name, s.shape.as_list()) for s in v]


def test_fixed_size_shards_read_as_their_concatenation():
    full = np.arange(40, dtype=np.float32).reshape(10, 4)
    with tf.variable_scope("emb", partitioner=tf.fixed_size_partitioner(3)):
        e = tf.get_variable("E", initializer=tf.constant(full))
    assert _shards(e) == [("emb/E/part_0:0", [4, 4]), ("emb/E/part_1:0", [3, 4]),
                          ("emb/E/part_2:0", [3, 4])]
    assert len(e) == 3 and e.name == "emb/E" and e.get_shape().as_list() == [10, 4]
    assert [s._save_slice_info.spec for s in e] == ["10 4 0,4:0,4", "10 4 4,3:0,4",
                                                   "10 4 7,3:0,4"]
    t = tf.convert_to_tensor(e)
    assert t.name == "emb/E:0" and t.op.type == "Identity"
    assert t.op.inputs[0].name == "emb/E/ConcatPartitions/concat:0"
    assert tf.convert_to_tensor(e).name == "emb/E_1:0"  # a new concatenation per read
    assert e._get_partitions() == [3, 1]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(t), full)
        np.testing.assert_array_equal(sess.run(e._get_variable_list()[1]), full[4:7])


def test_shards_train_and_initialize_per_shard():
    seen = []

    def init(shape, dtype=None, partition_info=None):
        seen.append((list(shape), partition_info.var_offset, partition_info.full_shape))
        return tf.fill(shape, float(partition_info.var_offset[1]))
    with tf.variable_scope("w", partitioner=tf.fixed_size_partitioner(2, axis=1)):
        w = tf.get_variable("W", [3, 5], initializer=init)
    assert seen == [([3, 3], [0, 0], [3, 5]), ([3, 2], [0, 3], [3, 5])]
    assert [s.initializer.inputs[1].op.name for s in w] == ["w/W/part_0/Initializer/Fill",
                                                            "w/W/part_1/Initializer/Fill"]
    loss = tf.reduce_sum(tf.matmul(tf.ones([1, 3]), w) * tf.constant([[1., 2, 3, 4, 5]]))
    step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    assert tf.trainable_variables() == list(w)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(step)
        expected = np.array([[0, 0, 0, 3, 3]] * 3) - 0.5 * np.array([[1, 2, 3, 4, 5]] * 3)
        np.testing.assert_allclose(sess.run(tf.convert_to_tensor(w)), expected)


def test_size_partitioners():
    with tf.variable_scope("p", partitioner=tf.variable_axis_size_partitioner(64)):
        a = tf.get_variable("a", [10, 3])
    with tf.variable_scope("q", partitioner=tf.min_max_variable_partitioner(
            4, min_slice_size=32)):
        b = tf.get_variable("b", [9, 4])
    assert [s[1] for s in _shards(a)] == [[5, 3], [5, 3]]
    assert [s[1] for s in _shards(b)] == [[3, 4], [2, 4], [2, 4], [2, 4]]
    with tf.variable_scope("r", partitioner=tf.variable_axis_size_partitioner(64,
                                                                             max_shards=1)):
        assert len(tf.get_variable("c", [10, 3])) == 1
    with pytest.raises(ValueError, match="Both max_shard_bytes and bytes_per_string_element "
                                         "must be positive."):
        tf.variable_axis_size_partitioner(0)
    with pytest.raises(ValueError, match=r"^Can not partition on axis 2 for shape \(9, 4\)$"):
        tf.min_max_variable_partitioner(2, axis=2)(tf.TensorShape([9, 4]), tf.float32)


def test_reuse_rules_and_errors():
    part = tf.fixed_size_partitioner(2)
    with tf.variable_scope("s", partitioner=part):
        v = tf.get_variable("v", [4, 2])
        scalar = tf.get_variable("scalar", [])  # scalars are never partitioned
    assert isinstance(scalar, tf.Variable) and scalar.name == "s/scalar:0"
    with tf.variable_scope("s", reuse=True):
        assert tf.get_variable("v") is v  # no partitioner needed to reuse
    with tf.variable_scope("s", partitioner=part, reuse=tf.AUTO_REUSE):
        assert tf.get_variable("v", [4, 2]) is v
    with tf.variable_scope("s", partitioner=part):
        with pytest.raises(ValueError, match=r"^Partitioned variable with name s/v already "
                                             r"exists. Did you mean to set reuse=True"):
            tf.get_variable("v", [4, 2])
        with pytest.raises(ValueError, match="Shape of a new partitioned variable must be "
                                             r"fully defined, but instead was \(\?, 2\)."):
            tf.get_variable("u", [None, 2])
        with pytest.raises(ValueError, match="A partitioner was provided, but an "
                                             "unpartitioned version of the variable was found: "
                                             "s/scalar."):
            tf.get_variable("scalar", [3])
    with tf.variable_scope("s", partitioner=part, reuse=True):
        with pytest.raises(ValueError, match="Trying to reuse partitioned variable s/v, but "
                                             r"specified shape \(5, 2\) and found shape"):
            tf.get_variable("v", [5, 2])
        with pytest.raises(ValueError, match="PartitionedVariable s/w does not exist"):
            tf.get_variable("w", [4, 2])
    with tf.variable_scope("s", partitioner=tf.fixed_size_partitioner(3), reuse=True):
        with pytest.raises(ValueError, match=r"specified partitions \[3, 1\] and found "
                                             r"partitions \[2, 1\]"):
            tf.get_variable("v", [4, 2])
    with pytest.raises(ValueError, match="No partitioner was provided, but a partitioned "
                                         "version of the variable was found: s/v/part_0."):
        tf.get_variable("s/v", [4, 2])
    with pytest.raises(ValueError, match="Partitioner must be callable, but received: 3"):
        tf.get_variable("x", [4, 2], partitioner=3)
    with pytest.raises(ValueError, match=r"Can only slice a variable along one dimension: "
                                         r"shape: \(4, 2\), partitioning: \[2, 2\]"):
        tf.get_variable("y", [4, 2], partitioner=lambda shape, dtype: [2, 2])
    with pytest.raises(ValueError, match="A partitioned Variable must have rank at least 1"):
        tf.get_variable("z", tf.TensorShape([]), partitioner=part)


def test_embedding_lookup_over_shards_deals_ids_out_mod():
    full = np.arange(20, dtype=np.float32).reshape(10, 2)
    with tf.variable_scope("emb", partitioner=tf.fixed_size_partitioner(3)):
        e = tf.get_variable("E", initializer=tf.constant(full))
    ids = np.array([0, 3, 4, 9])
    found = tf.nn.embedding_lookup(e, ids)
    shards = np.split(full, [4, 7])
    expected = [shards[i % 3][i // 3] for i in ids]  # 'mod': id i is row i // 3 of shard i % 3
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(found), expected)


def test_lstm_cell_shards_are_the_unsharded_cell():
    rng = np.random.RandomState(0)
    x_value = rng.randn(2, 3, 5).astype(np.float32)

    def run(shards):
        tf.reset_default_graph()
        x = tf.placeholder(tf.float32, [2, 3, 5])
        cell = tf.nn.rnn_cell.LSTMCell(4, num_proj=3, num_unit_shards=shards,
                                       num_proj_shards=shards)
        out, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
        names = [(v.name, v.shape.as_list()) for v in tf.trainable_variables()]
        grads = tf.gradients(tf.reduce_sum(out * out), x)
        values = np.random.RandomState(1)
        full = {"kernel": values.uniform(-.5, .5, (8, 16)), "bias": values.uniform(-.5, .5, 16),
                "projection/kernel": values.uniform(-.5, .5, (4, 3))}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for v in tf.trainable_variables():
                key = v.op.name[len("rnn/lstm_cell/"):].split("/part_")[0]
                info = v._save_slice_info
                value = full[key]
                if info is not None:
                    value = value[tuple(slice(o, o + s)
                                        for o, s in zip(info.var_offset, info.var_shape))]
                v.load(value.astype(np.float32), sess)
            return names, sess.run([out, grads], {x: x_value})
    names, sharded = run(2)
    assert names == [("rnn/lstm_cell/kernel/part_0:0", [4, 16]),
                     ("rnn/lstm_cell/kernel/part_1:0", [4, 16]), ("rnn/lstm_cell/bias:0", [16]),
                     ("rnn/lstm_cell/projection/kernel/part_0:0", [2, 3]),
                     ("rnn/lstm_cell/projection/kernel/part_1:0", [2, 3])]
    _, plain = run(None)
    np.testing.assert_allclose(sharded[0], plain[0], rtol=1e-6)
    np.testing.assert_allclose(sharded[1][0], plain[1][0], rtol=1e-5)


def test_layer_weights_and_saver_take_the_shards(tmp_path):
    layer = tf.layers.Dense(3, kernel_initializer=tf.ones_initializer())
    with tf.variable_scope("net", partitioner=tf.fixed_size_partitioner(2)):
        y = layer(tf.ones([1, 4]))
    assert [v.name for v in layer.trainable_weights] == [
        "net/dense/kernel/part_0:0", "net/dense/kernel/part_1:0", "net/dense/bias/part_0:0",
        "net/dense/bias/part_1:0"]
    with tf.variable_scope("net", reuse=True):
        kernel = tf.get_variable("dense/kernel")
    saver = tf.train.Saver([kernel])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(y), [[4, 4, 4]])
        path = saver.save(sess, str(tmp_path / "model"))
        sess.run([s.assign(tf.zeros_like(s)) for s in kernel])
        saver.restore(sess, path)
        np.testing.assert_array_equal(sess.run(y), [[4, 4, 4]])


def test_saver_keeps_a_partitioned_variable_whole_under_its_own_name(tmp_path):
    # TF's keys: the whole variable's name once per shard, with the shard's slice spec
    e = tf.get_variable("E", [5, 2], partitioner=tf.fixed_size_partitioner(2))
    w = tf.get_variable("w", [2])
    fill = [s.assign(v) for s, v in zip(e, np.split(np.arange(10.0).reshape(5, 2), [3]))]
    saver = tf.train.Saver()
    g = tf.get_default_graph()
    save = g.get_operation_by_name("save/SaveV2")
    assert [op.name for op in g.get_operations() if op.name.startswith("save/Assign")] == \
        ["save/Assign", "save/Assign_1", "save/Assign_2"]
    dict_saver = tf.train.Saver({"emb": e}, name="by_key")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(fill)
        names, specs = sess.run([save.inputs[1], save.inputs[2]])
        assert names.tolist() == [b"E", b"E", b"w"]
        assert specs.tolist() == [b"5 2 0,3:0,2", b"5 2 3,2:0,2", b""]
        path = saver.save(sess, str(tmp_path / "m"))
        assert tf.train.list_variables(path) == [("E", [5, 2]), ("w", [2])]
        np.testing.assert_array_equal(tf.train.load_variable(path, "E"),
                                      np.arange(10).reshape(5, 2))
        sess.run([s.assign(tf.zeros_like(s)) for s in e])
        saver.restore(sess, path)
        np.testing.assert_array_equal(sess.run(tf.convert_to_tensor(e)),
                                      np.arange(10).reshape(5, 2))
        keyed = dict_saver.save(sess, str(tmp_path / "keyed"))
        assert tf.train.list_variables(keyed) == [("emb", [5, 2])]
        tf_format = str(tmp_path / "tf_format")
        saver.save_tf_format(sess, tf_format)
        np.testing.assert_array_equal(tf.train.load_variable(tf_format, "E"),
                                      np.arange(10).reshape(5, 2))
        # a restore into differently partitioned shards reads its own slices of E
    with tf.Graph().as_default():
        e3 = tf.get_variable("E", [5, 2], partitioner=tf.fixed_size_partitioner(3))
        with tf.Session() as sess:
            tf.train.Saver([e3]).restore(sess, path)
            np.testing.assert_array_equal(sess.run(tf.convert_to_tensor(e3)),
                                          np.arange(10).reshape(5, 2))


def test_saver_refuses_mixed_or_repeated_slices():
    e = tf.get_variable("E", [5, 2], partitioner=tf.fixed_size_partitioner(2))
    f = tf.get_variable("F", [4, 2], partitioner=tf.fixed_size_partitioner(2))
    w = tf.get_variable("w", [2])
    with pytest.raises(ValueError, match="The same saveable will be restored with two names: "
                                         "E"):
        tf.train.Saver([list(e)[0], w, list(e)[0]])
    with pytest.raises(ValueError, match="Slices must all be slices: "):
        tf.train.Saver({"x": [list(e)[0], w]})
    with pytest.raises(ValueError, match="Slices must all be from the same tensor: E != F"):
        tf.train.Saver({"x": [list(e)[0], list(f)[1]]})
    with pytest.raises(ValueError, match="The same saveable will be restored with two names: "
                                         "b"):
        tf.train.Saver({"a": w, "b": w})
