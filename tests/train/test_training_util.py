"""The global step: tf.train.get_or_create_global_step, get_global_step, create_global_step,
global_step and assert_global_step, as TF 1.15 names, stores and checks it."""
import logging

import numpy as np
import pytest

import minitf as tf
from minitf import train
from tests.harness import session


def test_get_or_create_global_step(backend):
    step = train.get_or_create_global_step()
    assert repr(step) == "<tf.Variable 'global_step:0' shape=() dtype=int64_ref>"
    assert [(op.name, op.type) for op in tf.get_default_graph().get_operations()] == [
        ("global_step/Initializer/zeros", "Const"), ("global_step", "VariableV2"),
        ("global_step/Assign", "Assign"), ("global_step/read", "Identity")]
    assert step.initial_value.name == "global_step/Initializer/zeros:0"
    assert tf.get_collection(tf.GraphKeys.GLOBAL_STEP) == [step]
    assert tf.global_variables() == [step] and tf.trainable_variables() == []
    assert not step.trainable
    assert step.aggregation is tf.VariableAggregation.ONLY_FIRST_REPLICA
    assert train.get_or_create_global_step() is step and train.get_global_step() is step
    with session(backend) as sess:
        sess.run(tf.global_variables_initializer())
        value = train.global_step(sess, step)
        assert value == 0 and type(value) is int
        sess.run(tf.assign_add(step, 1))
        assert train.global_step(sess, "global_step:0") == 1
        assert sess.run(step) == np.int64(1)


def test_create_global_step():
    assert train.get_global_step() is None
    with tf.variable_scope("foo"):
        with tf.name_scope("bar"):
            step = train.create_global_step()
    assert step.name == "foo/global_step:0"
    assert step.initial_value.name == "foo/global_step/Initializer/zeros:0"
    with pytest.raises(ValueError, match='^"global_step" already exists.$'):
        train.create_global_step()


def test_global_step_of_another_graph():
    g = tf.Graph()
    step = train.get_or_create_global_step(graph=g)
    assert step.graph is g and step.name == "global_step:0"
    assert tf.get_default_graph().get_operations() == []
    assert train.get_global_step(g) is step and train.get_global_step() is None


def test_global_step_found_by_name():
    v = tf.Variable(0, name="global_step")
    found = train.get_global_step()
    assert found is v._ref() and str(found) == 'Tensor("global_step:0", shape=(), ' \
                                               'dtype=int32_ref)'


def test_global_step_checks():
    tf.Variable(0.0, name="global_step", collections=["global_step", "variables"])
    with pytest.raises(TypeError, match="""^Existing "global_step" does not have integer type: """
                                        """<dtype: 'float32_ref'>$"""):
        train.get_global_step()
    tf.reset_default_graph()
    tf.Variable([0], name="global_step")
    with pytest.raises(TypeError, match=r'^Existing "global_step" is not scalar: \(1,\)$'):
        train.get_global_step()
    with pytest.raises(TypeError, match='^Existing "global_step" must be a Variable or Tensor: '
                                        '7.$'):
        train.assert_global_step(7)
    train.assert_global_step(tf.placeholder(tf.int64, [None]))  # partially known: accepted


def test_several_global_steps(caplog):
    tf.Variable(0, name="global_step", collections=["global_step", "variables"])
    tf.Variable(0, name="gs2", collections=["global_step", "variables"])
    with caplog.at_level(logging.ERROR, logger="tensorflow"):
        assert train.get_global_step() is None
    assert "Multiple tensors in global_step collection." in caplog.text
