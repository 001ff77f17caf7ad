"""ProximalGradientDescentOptimizer: no slots, its op names, and the uncast hyper-parameters
of TF 1.15 (the numbers are checked in test_optimizers.py and the golden family core_extra)."""
import numpy as np
import pytest

import minitf as tf


def test_ops_and_names():
    w = tf.Variable(np.ones(3, np.float32), name="w")
    opt = tf.train.ProximalGradientDescentOptimizer(0.1, l1_regularization_strength=0.01)
    train_op = opt.minimize(tf.reduce_sum(w * w))
    assert train_op.name == "ProximalGradientDescent" and opt.get_slot_names() == []
    g = tf.get_default_graph()
    assert g.get_operation_by_name(
        "ProximalGradientDescent/update_w/ApplyProximalGradientDescent").inputs[2].op.name == \
        "ProximalGradientDescent/l1_regularization_strength"


def test_hyper_parameters_are_not_cast():
    w = tf.Variable(np.ones(3, np.float64), name="w")
    with pytest.raises(TypeError, match="Input 'alpha' of 'ApplyProximalGradientDescent' Op "
                                        "has type float32 that does not match type float64"):
        tf.train.ProximalGradientDescentOptimizer(0.1).minimize(tf.reduce_sum(w * w))
