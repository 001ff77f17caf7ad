"""FetchMapper: nests of tensors, ops and names resolved once, rebuilt with numpy values."""
import collections

import numpy as np
import pytest

import minitf as tf
from minitf.runtime import fetches
from minitf.runtime.fetches import FetchMapper

P = collections.namedtuple("P", "c h")


def test_unique_tensors_and_targets():
    a, b = tf.constant(1.0, name="a"), tf.constant(2.0, name="b")
    m = FetchMapper(tf.get_default_graph(), [a, {"x": a, "y": "b:0"}, a.op, "a", P(b, b.op)])
    assert m.tensors == (a, b) and m.targets == (a.op, b.op)
    built = m.build((np.float32(1.0), np.float32(2.0)))
    assert built == [1.0, {"x": 1.0, "y": 2.0}, None, None, P(2.0, None)]
    assert type(built[4]) is P


def test_single_leaf_and_empty():
    a = tf.constant(1.0)
    g = tf.get_default_graph()
    assert FetchMapper(g, a).build((np.array(3.0, np.float32),)) == 3.0
    assert FetchMapper(g, a.op).build(()) is None
    empty = FetchMapper(g, {"k": []})
    assert empty.tensors == () and empty.targets == () and empty.build(()) == {"k": []}


def test_objects_with_graph_elements():
    a = tf.constant(1.0)

    class Wrapper:
        def _as_graph_element(self):
            return a
    m = FetchMapper(tf.get_default_graph(), [Wrapper()])
    assert m.tensors == (a,)


def test_to_host_and_host_values():
    a = tf.constant(1.0)
    m = FetchMapper(tf.get_default_graph(), [a])
    assert m.build((np.float32(1.0),), to_host=lambda v: v + 1) == [2.0]
    zero_d = fetches._host_value(np.array(5, np.int32))
    assert type(zero_d) is np.int32 and zero_d == 5
    assert fetches._host_value(np.array(b"s", dtype=object)) == b"s"
    frozen = np.arange(3)
    frozen.flags.writeable = False
    copy = fetches._host_value(frozen)
    assert copy is not frozen and copy.flags.writeable and copy.tolist() == [0, 1, 2]
    live = np.arange(3)
    assert fetches._host_value(live) is live


def test_resolution_errors():
    g = tf.get_default_graph()
    tf.constant(1.0, name="c")
    with pytest.raises(TypeError, match=r"^Fetch argument None has invalid type"):
        FetchMapper(g, {"k": None})
    with pytest.raises(TypeError, match=r"^Fetch argument \{1\} has invalid type <class 'set'>, "
                                        r"must be a string or Tensor\. \(Can not convert a set "
                                        r"into a Tensor or Operation\.\)$"):
        FetchMapper(g, {1})
    with pytest.raises(ValueError, match=r"^Fetch argument 'c:x' cannot be interpreted as a "
                                         r"Tensor\. \(The name 'c:x' looks a like a Tensor name"):
        FetchMapper(g, "c:x")


def test_mappers_are_reused_for_tensors_and_flat_lists_only():
    a = tf.constant(1.0)
    b = a + 1.0
    with tf.Session() as sess:
        assert sess.run([a, b]) == [1.0, 2.0]
        assert sess.run((a, b)) == (1.0, 2.0)
        assert sess.run(b) == 2.0
        assert len(sess._mappers) == 3
        assert sess.run({"a": a, "b": [b]}) == {"a": 1.0, "b": [2.0]}
        assert len(sess._mappers) == 3
