"""tf.train.init_from_checkpoint: every assignment-map form (scope to scope, the root, name to
name, to a variable object, to a partitioned variable by name or by its shards, one tensor into
several variables), TF1's graph (checkpoint_initializer RestoreV2 + Assign, the initializer
becoming the Assign's tensor) and TF1's errors."""
import numpy as np
import pytest

import minitf as tf
from minitf.framework import errors
from tests.harness import session

A = np.arange(12, dtype=np.float32).reshape(4, 3)
B = np.array([5.0, -6.0], np.float32)


@pytest.fixture
def ckpt(tmp_path):
    """A checkpoint of `old/a` (4x3) and `old/b` (2) and `top` (the root), in a new graph."""
    with tf.Graph().as_default():
        with tf.variable_scope("old"):
            tf.get_variable("a", initializer=A)
            tf.get_variable("b", initializer=B)
        tf.get_variable("top", initializer=np.float32(3.5))
        with session() as sess:
            sess.run(tf.global_variables_initializer())
            return tf.train.Saver().save(sess, str(tmp_path / "model.ckpt"))


def _new_vars():
    with tf.variable_scope("new"):
        a = tf.get_variable("a", [4, 3])
        b = tf.get_variable("b", [2])
        p = tf.get_variable("p", [4, 3], partitioner=tf.fixed_size_partitioner(2))
    return a, b, p


def _values(*fetches):
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(list(fetches))


def test_scope_to_scope_loads_matching_names_at_initialization(ckpt, tmp_path):
    a, b, _ = _new_vars()
    tf.train.init_from_checkpoint(str(tmp_path), {"old/a": "new/a", "old/b": "new/b"})
    got_a, got_b = _values(a, b)
    np.testing.assert_array_equal(got_a, A)
    np.testing.assert_array_equal(got_b, B)


def test_the_graph_and_the_new_initializer_are_tf1s(ckpt):
    a, _, _ = _new_vars()
    before = tf.global_variables_initializer()  # built first: keeps the old initializers
    tf.train.init_from_checkpoint(ckpt, {"old/a": a})
    g = tf.get_default_graph()
    names = [op.name for op in g.get_operations()][-5:]
    assert names == ["checkpoint_initializer/prefix", "checkpoint_initializer/tensor_names",
                     "checkpoint_initializer/shape_and_slices", "checkpoint_initializer",
                     "Assign"]
    assert g.get_operation_by_name("checkpoint_initializer").device == "/device:CPU:0"
    assert isinstance(a.initializer, tf.Tensor) and a.initializer.name == "Assign:0"
    assert a.initial_value.name == "checkpoint_initializer:0"
    assert a.initial_value.shape.as_list() == [4, 3]
    with session() as sess:
        sess.run(before)
        assert not np.array_equal(sess.run(a), A)
        np.testing.assert_array_equal(sess.run(a.initializer), A)


def test_whole_scopes_and_the_root(ckpt):
    with tf.variable_scope("new"):
        a = tf.get_variable("a", [4, 3])
        b = tf.get_variable("b", [2])
    with tf.variable_scope("other"):
        top = tf.get_variable("top", [])
    tf.train.init_from_checkpoint(ckpt, {"old/": "new/", "/": "other/"})
    got_a, got_b, got_top = _values(a, b, top)
    np.testing.assert_array_equal(got_a, A)
    np.testing.assert_array_equal(got_b, B)
    assert got_top == np.float32(3.5)


def test_partitioned_variables_read_their_slices(ckpt):
    _, _, p = _new_vars()
    with tf.variable_scope("new2"):
        q = tf.get_variable("q", [4, 3], partitioner=tf.fixed_size_partitioner(2, axis=1))
    tf.train.init_from_checkpoint(ckpt, {"old/a": "new/p"})
    tf.train.init_from_checkpoint(ckpt, {"old/a": list(q)})
    assert [v.initial_value.shape.as_list() for v in q] == [[4, 2], [4, 1]]
    p0, p1, q0, q1 = _values(*p, *q)
    np.testing.assert_array_equal(np.concatenate([p0, p1]), A)
    np.testing.assert_array_equal(np.concatenate([q0, q1], axis=1), A)


def test_a_list_of_pairs_loads_one_tensor_into_several_variables(ckpt):
    a, _, _ = _new_vars()
    c = tf.get_variable("c", [4, 3])
    tf.train.init_from_checkpoint(ckpt, [("old/a", a), ("old/a", "c")])
    for got in _values(a, c):
        np.testing.assert_array_equal(got, A)


@pytest.mark.parametrize("mapping, message", [
    ({"old/x": "new/a"}, r"Tensor old/x is not found in .* checkpoint \{"),
    ({"old/a": "new/b"}, r"Shape of variable new/b:0 \(\(2,\)\) doesn't match with shape of "
                         r"tensor old/a \(\[4, 3\]\) from checkpoint reader."),
    ({"old/a": "new/"}, r"Assignment map with scope only name new should map to scope only "
                        r"old/a. Should be 'scope/': 'other_scope/'."),
    ({"old/": "new/"}, r"Tensor old/p \(p in old/\) is not found in .* checkpoint"),
    ({"/": "new/"}, r"Tensor a \(a in /\) is not found in .* checkpoint"),
])
def test_names_that_do_not_match_raise_tf1s_value_errors(ckpt, mapping, message):
    _new_vars()
    with pytest.raises(ValueError, match=message):
        tf.train.init_from_checkpoint(ckpt, mapping)


def test_shards_of_different_variables_and_missing_checkpoints(ckpt, tmp_path):
    _, _, p = _new_vars()
    with tf.variable_scope("new2"):
        q = tf.get_variable("q", [4, 3], partitioner=tf.fixed_size_partitioner(2))
    with pytest.raises(ValueError, match="Slices must all be from the same tensor: new/p != "
                                         "new2/q"):
        tf.train.init_from_checkpoint(ckpt, {"old/a": [list(p)[0], list(q)[1]]})
    with pytest.raises(errors.NotFoundError, match="Failed to find any matching files"):
        tf.train.init_from_checkpoint(str(tmp_path / "missing"), {"old/a": "new/a"})


def test_contrib_framework_has_it_too():
    assert tf.contrib.framework.init_from_checkpoint is tf.train.init_from_checkpoint
