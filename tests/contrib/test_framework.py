"""`tf.contrib.framework`: `arg_scope` defaults (nested, overridden, re-entered, on contrib's
layers), the variable helpers and assignment from values and checkpoints."""
import numpy as np
import pytest

import minitf as tf
from tests.harness import session

fw = tf.contrib.framework


@fw.add_arg_scope
def scoped(a, b=1, c=2):
    return a, b, c


def test_arg_scope_defaults_nest_and_yield_reusable_scopes():
    assert scoped(0) == (0, 1, 2)
    with fw.arg_scope([scoped], b=10) as outer:
        assert scoped(0) == (0, 10, 2)
        assert scoped(0, b=5) == (0, 5, 2)
        with fw.arg_scope([scoped], c=20):
            assert scoped(0) == (0, 10, 20)
        assert scoped(0) == (0, 10, 2)
    assert scoped(0) == (0, 1, 2)
    with fw.arg_scope(outer):
        assert scoped(0) == (0, 10, 2)
        assert fw.current_arg_scope() == outer and fw.current_arg_scope() is not outer
    assert fw.has_arg_scope(scoped) and not fw.has_arg_scope(len)
    assert fw.arg_scoped_arguments(scoped) == ("b", "c")


def test_arg_scope_errors():
    with pytest.raises(TypeError, match="must either be a list/tuple or reused scope"):
        with fw.arg_scope(scoped, b=1):
            pass
    with pytest.raises(ValueError, match=r"'sorted'\) is not decorated with @add_arg_scope"):
        with fw.arg_scope([sorted], b=1):
            pass
    with pytest.raises(ValueError, match="kwargs must be empty"):
        with fw.arg_scope({}, b=1):
            pass


def test_arg_scope_on_contrib_layers():
    layers = tf.contrib.layers
    x = tf.placeholder(tf.float32, [2, 3])
    with fw.arg_scope([layers.fully_connected], activation_fn=None,
                      weights_initializer=tf.ones_initializer()):
        y = layers.fully_connected(x, 4)
        z = layers.fully_connected(x, 4, activation_fn=tf.nn.relu)
    assert y.op.type == "BiasAdd" and z.op.type == "Relu"
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(y, {x: np.ones((2, 3))}), np.full((2, 4), 3.0))


def test_variable_helpers():
    with tf.variable_scope("net"):
        w = fw.model_variable("weights", [2, 3])
        b = fw.variable("biases", [3], initializer=tf.zeros_initializer())
        with tf.variable_scope("head"):
            hw = fw.model_variable("weights", [3, 1])
    local = fw.local_variable(0.0, name="counter")
    other = fw.global_variable(1.0, name="other")
    assert fw.get_model_variables() == [w, hw]
    assert fw.get_variables("net") == [w, b, hw]
    assert fw.get_variables(suffix="biases") == [b]
    assert fw.get_variables_by_suffix("weights", scope="net/head") == [hw]
    assert fw.get_variables_by_name("weights") == [w, hw]
    assert fw.get_local_variables() == [local]
    assert fw.get_trainable_variables() == [w, b, hw]
    assert other in fw.get_variables() and other not in fw.get_trainable_variables()
    assert fw.get_variables_to_restore(include=["net"], exclude=["net/head"]) == [w, b]
    assert fw.get_unique_variable("net/weights") is w
    assert fw.get_variable_full_name(w) == "net/weights"
    assert fw.filter_variables([w, b, hw], include_patterns=["weights"],
                               exclude_patterns=["head"]) == [w]
    assert fw.filter_variables([w, b, hw], include_patterns=["weights"], reg_search=False) == []
    with pytest.raises(ValueError, match="Couldn't find variable nope"):
        fw.get_unique_variable("nope")
    with pytest.raises(ValueError, match="net/wei does not uniquely identify a variable"):
        fw.get_unique_variable("net/wei")
    with pytest.raises(TypeError, match="include is provided but is not a list or a tuple"):
        fw.get_variables_to_restore(include="net")


def test_assign_from_values_and_checkpoints(tmp_path):
    with tf.variable_scope("m"):
        w = fw.model_variable("w", [2, 2])
        b = fw.model_variable("b", [2])
    path = str(tmp_path / "model.ckpt")
    with session() as sess:
        op, feed = fw.assign_from_values({"m/w": np.arange(4.0), "m/b": np.ones(2)})
        assert sorted(p.op.name for p in feed) == ["placeholder/m/b", "placeholder/m/w"]
        sess.run(op, feed)
        np.testing.assert_array_equal(sess.run(w), [[0, 1], [2, 3]])
        tf.train.Saver().save(sess, path)
        sess.run(tf.global_variables_initializer())
        op, feed = fw.assign_from_checkpoint(path, [w])
        sess.run(op, feed)
        np.testing.assert_array_equal(sess.run(w), [[0, 1], [2, 3]])
        sess.run(tf.global_variables_initializer())
        fw.assign_from_checkpoint_fn(path, [w, b])(sess)
        np.testing.assert_array_equal(sess.run(b), [1, 1])
    with pytest.raises(ValueError, match=r"Variable m/nope wasn't found"):
        fw.assign_from_values({"m/nope": np.zeros(1)})
    extra = fw.variable("extra", [1])
    with pytest.raises(ValueError, match=r"Checkpoint is missing variable \[extra\]"):
        fw.assign_from_checkpoint(path, [extra])
    op, feed = fw.assign_from_checkpoint(path, [extra], ignore_missing_vars=True)
    assert feed == {}
    assert fw.assign_from_checkpoint_fn(path, [extra], ignore_missing_vars=True) is None
    with pytest.raises(ValueError, match="var_list cannot be empty"):
        fw.assign_from_checkpoint_fn(path, [])
    with tf.variable_scope("n"):
        wrong = fw.variable("w", [3])
    with pytest.raises(ValueError, match="Total size of new array must be unchanged for m/w"):
        fw.assign_from_checkpoint(path, {"m/w": wrong})
