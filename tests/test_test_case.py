"""tf.test.TestCase basics: sessions, evaluate, assertions, temp dir, fresh seeded graph."""
import os
import unittest

import numpy as np
import pytest

import minitf as tf


class _Case(tf.test.TestCase):
    def runTest(self):
        """Only here so that the class can be instantiated outside a loader."""


@pytest.fixture
def case():
    c = _Case()
    c.setUp()
    yield c
    c.tearDown()


def test_setup_gives_a_fresh_seeded_graph(case):
    assert tf.get_default_graph().seed == 87654321
    assert not tf.get_default_graph().get_operations()


def test_sessions(case):
    x = tf.constant([1.0, 2.0])
    with case.cached_session() as s1:
        assert tf.get_default_session() is s1
        with case.cached_session() as s2:
            assert s2 is s1
        with case.test_session() as s3:
            assert s3 is s1
        np.testing.assert_array_equal(x.eval(), [1.0, 2.0])
    with case.session() as s4:
        assert s4 is not s1 and tf.get_default_session() is s4
    g = tf.Graph()
    with case.test_session(graph=g) as s5:
        assert s5.graph is g and tf.get_default_graph() is g
    np.testing.assert_array_equal(case.evaluate(x), [1.0, 2.0])
    with case.session() as s6:
        assert case.evaluate(x * 2.0).tolist() == [2.0, 4.0] and s6 is tf.get_default_session()


def test_assertions(case):
    case.assertAllClose([1.0, 2.0], np.array([1.0, 2.0 + 1e-7]))
    case.assertAllClose({"a": (np.ones(2), [3.0])}, {"a": ([1.0, 1.0], [3.0])})
    case.assertAllEqual([[1, 2]], np.array([[1, 2]]))
    case.assertNear(1.0, 1.05, 0.1)
    with pytest.raises(AssertionError, match=r"Not equal to tolerance"):
        case.assertAllClose([1.0, 2.0], [1.0, 2.1])
    with pytest.raises(AssertionError, match=r"Shape mismatch at top: \(2,\) vs\. \(1, 2\)"):
        case.assertAllClose([1.0, 2.0], [[1.0, 2.0]])
    with pytest.raises(AssertionError, match=r"mismatched keys"):
        case.assertAllClose({"a": 1}, {"b": 1})
    with pytest.raises(AssertionError, match=r"mismatched lengths"):
        case.assertAllClose([np.ones(2), np.ones(3)], [np.ones(2)])
    with pytest.raises(AssertionError, match=r"Arrays are not equal"):
        case.assertAllEqual([1, 2], [1, 3])
    with pytest.raises(AssertionError, match=r"Shape mismatch"):
        case.assertAllEqual([1, 2], [1, 2, 3])
    with pytest.raises(AssertionError, match=r"1\.000000 != 2\.000000 \+/- 0\.500000 \(why\)"):
        case.assertNear(1.0, 2.0, 0.5, msg="why")


def test_temp_dir(case):
    d = case.get_temp_dir()
    assert os.path.isdir(d) and case.get_temp_dir() == d
    assert os.path.dirname(d) == tf.test.get_temp_dir() == tf.test.get_temp_dir()


def test_a_setup_without_super_still_gets_sessions_and_temp_dirs():
    """PTB's reader_test overrides setUp without super(): TF sets its state in __init__."""
    class Reader(tf.test.TestCase):
        def setUp(self):
            self.data = [4, 3, 2]

        def test_session_and_dir(self):
            with self.test_session() as sess:
                self.assertAllEqual(sess.run(tf.constant(self.data)), [4, 3, 2])
            assert os.path.isdir(self.get_temp_dir())
    result = unittest.TextTestRunner(stream=open(os.devnull, "w")).run(
        unittest.TestLoader().loadTestsFromTestCase(Reader))
    assert result.wasSuccessful(), result.errors


def test_loader_and_main(monkeypatch):
    class Sample(tf.test.TestCase):
        def test_one(self):
            self.assertAllEqual(self.evaluate(tf.constant(3)), 3)
    names = unittest.TestLoader().getTestCaseNames(Sample)
    assert names == ["test_one"]
    result = unittest.TextTestRunner(stream=open(os.devnull, "w")).run(
        unittest.TestLoader().loadTestsFromTestCase(Sample))
    assert result.wasSuccessful()
    calls = []
    monkeypatch.setattr(unittest, "main", lambda **kwargs: calls.append(kwargs))
    tf.test.main(argv=["prog", "-v"])
    assert calls == [{"argv": ["prog", "-v"]}]
