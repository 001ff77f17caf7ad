"""tf.make_template: variables made by the first call and shared by later ones, each call under
a name scope of its own (names as TF 2.21's compat.v1 gives them, which keeps 1.15's code)."""
import numpy as np
import pytest

import minitf as tf


def _scaled(x, scale=1.0):
    w = tf.get_variable("w", [2], initializer=tf.constant_initializer(3.0))
    return x * w * scale


def test_calls_share_the_first_calls_variables():
    t = tf.make_template("tmpl", _scaled, scale=2.0)
    a, b = t(tf.constant([1.0, 2.0])), t(tf.constant([3.0, 4.0]))
    assert (a.name, b.name) == ("tmpl/mul_1:0", "tmpl_1/mul_1:0")
    assert [v.name for v in tf.global_variables()] == ["tmpl/w:0"]
    assert (t.name, t.variable_scope.name, t.variable_scope_name) == ("tmpl", "tmpl", "tmpl/")
    assert [v.name for v in t.trainable_variables] == ["tmpl/w:0"] == \
        [v.name for v in t.variables] and t.non_trainable_variables == []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        values = sess.run([a, b])
    np.testing.assert_allclose(values, [[6.0, 12.0], [18.0, 24.0]])
    again = tf.make_template("tmpl", _scaled)  # a template of the same name: its own scope
    assert again(tf.constant([1.0, 1.0])).name == "tmpl_2/mul_1:0"
    assert again.variable_scope_name == "tmpl_1/"


def test_scope_made_now_names_calls_where_they_are_made():
    t = tf.make_template("now", _scaled, create_scope_now_=True)
    assert t.variable_scope_name == "now/" and tf.global_variables() == []
    with tf.name_scope("outer"):
        first, second = t(tf.constant([1.0, 1.0])), t(tf.constant([1.0, 1.0]))
    assert (first.name, second.name) == ("outer/now/mul_1:0", "outer/now_1/mul_1:0")
    assert [v.name for v in tf.global_variables()] == ["now/w:0"]
    named = tf.make_template("x", _scaled, create_scope_now_=True, unique_name_="given")
    assert named.variable_scope_name == "given/"


def test_errors():
    with pytest.raises(ValueError, match="^name cannot be None.$"):
        tf.make_template(None, _scaled)
    t = tf.make_template("bad", lambda x: x * tf.Variable(1.0))
    t(tf.constant(1.0))
    with pytest.raises(ValueError, match="^Trainable variable created when calling a template "
                                         "after the first time, perhaps you used tf.Variable"):
        t(tf.constant(1.0))
    assert tf.make_template("later", _scaled).variable_scope_name is None
