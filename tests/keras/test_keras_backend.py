"""`tf.keras.backend.clear_session` and the rest of `tf.keras`: a fresh default graph holding
Keras's learning-phase placeholder (as TF 1.15 and TF 2.21's tf_keras in graph mode leave it);
names minitf lacks fail clearly."""
import pytest

import minitf as tf


def test_clear_session_resets_the_default_graph():
    old = tf.get_default_graph()
    tf.constant(1.0, name="a")
    tf.keras.backend.clear_session()
    graph = tf.get_default_graph()
    assert graph is not old
    assert [(op.name, op.type) for op in graph.get_operations()] == [
        ("keras_learning_phase/input", "Const"),
        ("keras_learning_phase", "PlaceholderWithDefault")]
    assert tf.constant(1.0, name="a").name == "a:0"
    with tf.Graph().as_default(), pytest.raises(AssertionError, match="nested graphs"):
        tf.keras.backend.clear_session()


def test_other_keras_names_are_missing():
    with pytest.raises(AttributeError, match="'layers'"):
        tf.keras.layers  # noqa: B018
    assert sorted(tf.keras.__all__) == ["backend", "preprocessing", "utils"]
