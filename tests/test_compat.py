"""tf.compat: v1 is minitf's own namespace; str/bytes helpers; the eager/v2 switches."""
import pytest

import minitf as tf


def test_v1_is_minitf():
    assert tf.compat.v1 is tf
    assert tf.compat.v1.nn.rnn_cell.BasicLSTMCell is tf.nn.rnn_cell.BasicLSTMCell
    assert tf.compat.v1.disable_v2_behavior is tf.disable_v2_behavior


def test_switches():
    assert tf.disable_v2_behavior() is None
    assert tf.compat.v1.disable_eager_execution() is None
    assert tf.executing_eagerly() is False
    with pytest.raises(ValueError, match=r"minitf does not provide tf\.enable_eager_execution "
                                         r"\(eager execution\): it runs TF1 graphs only"):
        tf.enable_eager_execution()
    with pytest.raises(ValueError, match=r"minitf does not provide tf\.enable_v2_behavior"):
        tf.compat.v1.enable_v2_behavior()


def test_str_bytes():
    assert tf.compat.as_bytes("é") == b"\xc3\xa9"
    assert tf.compat.as_bytes(bytearray(b"ab")) == b"ab"
    assert tf.compat.as_bytes(b"ab") == b"ab"
    assert tf.compat.as_text(b"\xc3\xa9") == "é"
    assert tf.compat.as_str("x") == "x"
    assert tf.compat.as_str_any(b"y") == "y"
    assert tf.compat.as_str_any(3) == "3"
    with pytest.raises(TypeError, match=r"Expected binary or unicode string, got 3"):
        tf.compat.as_bytes(3)
    with pytest.raises(TypeError, match=r"Expected binary or unicode string, got \[1\]"):
        tf.compat.as_text([1])
