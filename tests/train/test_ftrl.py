"""FtrlOptimizer: its slots and names, ApplyFtrl versus ApplyFtrlV2, its argument checks (the
numbers are checked step by step in test_optimizers.py and against TF in the golden family
core_extra)."""
import numpy as np
import pytest

import minitf as tf


def _minimize(opt):
    w = tf.Variable(np.ones((2, 3), np.float32), name="w")
    return w, opt.minimize(tf.reduce_sum(w * w))


def test_slots_and_ops():
    opt = tf.train.FtrlOptimizer(0.1)
    w, train_op = _minimize(opt)
    assert train_op.name == "Ftrl" and opt.get_slot_names() == ["accum", "linear"]
    assert opt.get_slot(w, "accum").name == "w/Ftrl:0"
    assert opt.get_slot(w, "linear").name == "w/Ftrl_1:0"
    types = {op.type for op in tf.get_default_graph().get_operations()}
    assert "ApplyFtrl" in types and "ApplyFtrlV2" not in types
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(opt.get_slot(w, "accum")), np.full((2, 3), 0.1))


def test_slot_names_given_and_shrinkage_uses_v2():
    opt = tf.train.FtrlOptimizer(0.1, accum_name="acc", linear_name="lin",
                                 l2_shrinkage_regularization_strength=0.5)
    w, _ = _minimize(opt)
    assert opt.get_slot(w, "accum").name == "w/acc:0"
    assert opt.get_slot(w, "linear").name == "w/lin:0"
    assert tf.get_default_graph().get_operation_by_name("Ftrl/update_w/ApplyFtrlV2").type == \
        "ApplyFtrlV2"


@pytest.mark.parametrize("kwargs,message", [
    ({"initial_accumulator_value": -1.0},
     "initial_accumulator_value -1.000000 needs to be positive or zero"),
    ({"learning_rate_power": 0.5}, "learning_rate_power 0.500000 needs to be negative or zero"),
    ({"l1_regularization_strength": -0.1},
     "l1_regularization_strength -0.100000 needs to be positive or zero"),
    ({"l2_regularization_strength": -0.1},
     "l2_regularization_strength -0.100000 needs to be positive or zero"),
    ({"l2_shrinkage_regularization_strength": -0.1},
     "l2_shrinkage_regularization_strength -0.100000 needs to be positive or zero"),
])
def test_argument_errors(kwargs, message):
    with pytest.raises(ValueError, match=f"^{message}$"):
        tf.train.FtrlOptimizer(0.1, **kwargs)
