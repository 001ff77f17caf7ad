"""TF1's `tf.test.TestCase` basics and `tf.test.main`, imported on first use (unittest is slow
to import): each test starts on a fresh default graph with TF's default graph seed, and gets
sessions on it (`session`, `cached_session`, `test_session`), `evaluate`, a per-test temporary
folder, and the array assertions TF tests use.
"""
from __future__ import annotations

import atexit
import contextlib
import functools
import math
import os
import random
import shutil
import sys
import tempfile
import unittest
from typing import Any, Iterator

import numpy as np

from .framework.graph import Graph, get_default_graph, get_default_session, reset_default_graph
from .ops.random import DEFAULT_GRAPH_SEED, set_random_seed
from .runtime.session import Session

__all__ = ["TestCase", "get_temp_dir", "main"]


class TestCase(unittest.TestCase):
    """A unittest.TestCase with TF1's graph-test helpers."""

    def __init__(self, methodName: str = "runTest") -> None:
        # here, not in setUp, as TF's: tests often override setUp without calling super()
        super().__init__(methodName)
        self._cached_session: Session | None = None
        self._temp_dir: str | None = None

    def setUp(self) -> None:
        self._clear_cached_session()
        random.seed(DEFAULT_GRAPH_SEED)
        np.random.seed(DEFAULT_GRAPH_SEED)
        reset_default_graph()
        set_random_seed(DEFAULT_GRAPH_SEED)

    def tearDown(self) -> None:
        self._clear_cached_session()

    def _clear_cached_session(self) -> None:
        if self._cached_session is not None:
            self._cached_session.close()
            self._cached_session = None

    def get_temp_dir(self) -> str:
        """A temporary folder for this test (the same one on every call), inside the
        process's `tf.test.get_temp_dir()`."""
        if self._temp_dir is None:
            self._temp_dir = tempfile.mkdtemp(dir=get_temp_dir())
        return self._temp_dir

    @contextlib.contextmanager
    def session(self, graph: Graph | None = None, config: Any = None, use_gpu: bool = False,
                force_gpu: bool = False) -> Iterator[Session]:
        """A new Session on `graph` (default: the default graph), the default session inside
        the block."""
        graph = get_default_graph() if graph is None else graph
        sess = Session(graph=graph, config=config)
        with graph.as_default(), sess.as_default():
            yield sess
        sess.close()

    @contextlib.contextmanager
    def cached_session(self, graph: Graph | None = None, config: Any = None,
                       use_gpu: bool = False, force_gpu: bool = False) -> Iterator[Session]:
        """The same Session for every call within one test, closed by tearDown."""
        if self._cached_session is None:
            graph = get_default_graph() if graph is None else graph
            self._cached_session = Session(graph=graph, config=config)
        sess = self._cached_session
        with sess.graph.as_default(), sess.as_default():
            yield sess

    def _test_session(self, graph: Graph | None = None, config: Any = None,
                      use_gpu: bool = False, force_gpu: bool = False) -> Any:
        """TF1's older name: the cached session, or a new one when `graph` is given."""
        if graph is None:
            return self.cached_session(config=config)
        return self.session(graph=graph, config=config)

    # a property, so that test loaders do not take `test_session` for a test
    test_session = property(lambda self: self._test_session)

    def evaluate(self, tensors: Any) -> Any:
        """`tensors` run in the default session (or the cached one)."""
        sess = get_default_session()
        if sess is not None:
            return sess.run(tensors)
        with self.cached_session() as sess:
            return sess.run(tensors)

    def _assert_structure(self, a: Any, b: Any, check: Any, path: str) -> None:
        if isinstance(a, dict) or isinstance(b, dict):
            self.assertEqual(sorted(a), sorted(b), f"mismatched keys at {path or 'top'}")
            for key in a:
                self._assert_structure(a[key], b[key], check, f"{path}[{key!r}]")
        elif (isinstance(a, (list, tuple)) and isinstance(b, (list, tuple))
              and any(isinstance(x, (list, tuple, dict, np.ndarray)) for x in (*a, *b))
              and not _is_numeric_nest(a)):
            self.assertEqual(len(a), len(b), f"mismatched lengths at {path or 'top'}")
            for i, (x, y) in enumerate(zip(a, b)):
                self._assert_structure(x, y, check, f"{path}[{i}]")
        else:
            check(np.asarray(a), np.asarray(b), path)

    def assertAllClose(self, a: Any, b: Any, rtol: float = 1e-6, atol: float = 1e-6,
                       msg: str | None = None) -> None:
        """`|a - b| <= atol + rtol * |b|` elementwise, through dicts, lists and tuples."""
        def check(x: np.ndarray, y: np.ndarray, path: str) -> None:
            self.assertEqual(x.shape, y.shape, f"Shape mismatch at {path or 'top'}: "
                             f"{x.shape} vs. {y.shape}. {msg or ''}")
            np.testing.assert_allclose(x, y, rtol=rtol, atol=atol, equal_nan=True,
                                       err_msg=f"{path} {msg or ''}".strip())
        self._assert_structure(a, b, check, "")

    def assertAllEqual(self, a: Any, b: Any, msg: str | None = None) -> None:
        """Same shape and equal elements."""
        def check(x: np.ndarray, y: np.ndarray, path: str) -> None:
            self.assertEqual(x.shape, y.shape, f"Shape mismatch at {path or 'top'}: "
                             f"{x.shape} vs. {y.shape}. {msg or ''}")
            np.testing.assert_array_equal(x, y, err_msg=f"{path} {msg or ''}".strip())
        self._assert_structure(a, b, check, "")

    def assertNear(self, f1: float, f2: float, err: float, msg: str | None = None) -> None:
        """`|f1 - f2| <= err`."""
        self.assertTrue(f1 == f2 or math.fabs(f1 - f2) <= err,
                        f"{f1:f} != {f2:f} +/- {err:f}" + (f" ({msg})" if msg is not None else ""))


def _is_numeric_nest(x: Any) -> bool:
    """Whether a list/tuple is an array literal (np.asarray gives a numeric array)."""
    try:
        return np.asarray(x).dtype != object
    except ValueError:
        return False


@functools.cache
def get_temp_dir() -> str:
    """`tf.test.get_temp_dir()`: one temporary folder per process (named after the script,
    under $TEST_TMPDIR when set, as TF's googletest), deleted at exit."""
    if os.environ.get("TEST_TMPDIR"):
        temp_dir = tempfile.mkdtemp(prefix=os.environ["TEST_TMPDIR"])
    else:
        script = os.path.join(tempfile.gettempdir(), os.path.basename(sys.argv[0] or "python"))
        temp_dir = tempfile.mkdtemp(prefix=script.rstrip(".py"))
    atexit.register(shutil.rmtree, temp_dir, ignore_errors=True)
    return temp_dir


def main(argv: Any = None) -> None:
    """Runs the tests of `__main__` and exits, as `tf.test.main()`."""
    unittest.main(argv=argv)
