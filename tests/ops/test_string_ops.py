"""tf.string_split: tokens as a SparseTensor of bytes, delimiters, empty tokens, errors."""
import numpy as np
import pytest

import minitf as tf
from minitf.framework import errors
from tests.harness import run


def test_string_split_default_and_names():
    st = tf.string_split(["a bc", "", " d  e "])
    assert [op.name for op in tf.get_default_graph().get_operations()] == [
        "StringSplit/Const", "StringSplit/Const_1", "StringSplit/StringSplit"]
    assert st.shape.as_list() == [None, None]
    value = run(st)
    assert value.indices.tolist() == [[0, 0], [0, 1], [2, 0], [2, 1]]
    assert value.values.tolist() == [b"a", b"bc", b"d", b"e"]
    assert value.dense_shape.tolist() == [3, 2]


def test_string_split_delimiters():
    assert run(tf.string_split(["a,;b"], ",;", skip_empty=False)).values.tolist() == [
        b"a", b"", b"b"]
    assert run(tf.string_split(["ab"], delimiter="")).values.tolist() == [b"a", b"b"]
    empty = run(tf.string_split(["", ""]))
    assert empty.indices.shape == (0, 2) and empty.dense_shape.tolist() == [2, 0]


def test_string_split_errors():
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
        tf.string_split([["a"]])
    source = tf.placeholder(tf.string)
    st = tf.string_split(source)
    with pytest.raises(errors.InvalidArgumentError, match=r"input must be a vector, got shape: "
                                                          r"\[1,1\]"):
        run(st, {source: np.array([[b"a"]], dtype=object)})
