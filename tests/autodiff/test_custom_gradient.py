"""tf.custom_gradient in graph mode: names, values and gradients as TF's (checked against TF
2.21's compat.v1), several results, and TF's errors for variables."""
import numpy as np
import pytest

import minitf as tf


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()


def test_log1pexp_gets_its_stable_gradient():
    @tf.custom_gradient
    def log1pexp(x):
        e = tf.exp(x)

        def grad(dy):
            return dy * (1 - 1 / (1 + e))
        return tf.log(1 + e), grad
    x = tf.constant([0.0, 100.0])
    y = log1pexp(x)
    g = tf.gradients(y, x)[0]
    assert (y.name, y.op.type, g.name) == ("IdentityN:0", "IdentityN",
                                           "gradients/IdentityN_grad/mul:0")
    with tf.Session() as sess:
        values, grads = sess.run([y, g])
    np.testing.assert_allclose(values, [np.log(2), np.inf])
    np.testing.assert_allclose(grads, [0.5, 1.0])  # the plain gradient is nan at 100


def test_several_results_and_inputs():
    @tf.custom_gradient
    def two(x, y):
        def grad(dz1, dz2):
            return dz1 * 3.0, dz2 * 5.0
        return (x * y, x + y), grad
    a, b = tf.constant(2.0), tf.constant(4.0)
    z1, z2 = two(a, b)
    assert (z1.name, z2.name) == ("IdentityN:0", "IdentityN:1")
    with tf.Session() as sess:
        assert sess.run(tf.gradients(z1 + 2 * z2, [a, b])) == [3.0, 10.0]


def test_variables_are_refused_as_tf_refuses_ref_variables():
    @tf.custom_gradient
    def makes_a_variable(x):
        w = tf.Variable(2.0, name="w")
        return x * w, lambda dy: dy

    @tf.custom_gradient
    def asks_for_variables(x):
        return x * 2.0, lambda dy, variables=None: (dy, [])
    with pytest.raises(TypeError, match="must be `ResourceVariable`s"):
        makes_a_variable(tf.constant(1.0))
    with pytest.raises(TypeError, match="the enclosing variable scope must have "
                                        "use_resource=True"):
        asks_for_variables(tf.constant(1.0))
