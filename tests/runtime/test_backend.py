"""Backend selection: numpy by default, CuPy on request (an error naming why when it is
unavailable), unknown names rejected; the `backend` fixture skips CuPy with its reason; the
allocator keeps freed memory so that repeated runs do not page-fault."""
import os
import subprocess
import sys

import numpy as np
import pytest

import minitf as tf
from minitf.runtime import backend as backend_mod
from tests.harness import check_op


@pytest.fixture
def no_cupy(monkeypatch):
    monkeypatch.setattr(backend_mod, "_cupy_backend", None)
    monkeypatch.setattr(backend_mod, "_cupy_error", "ModuleNotFoundError: No module named 'cupy'")


def test_numpy_is_the_default(monkeypatch):
    monkeypatch.delenv("MINITF_BACKEND", raising=False)
    b = backend_mod.select()
    assert b is backend_mod.NUMPY and b.xp is np and b.name == "numpy"
    assert repr(b) == "<minitf backend numpy>"
    assert backend_mod.select("numpy") is b and backend_mod.select("NumPy") is b
    value = np.ones(2)
    assert b.to_device(value) is value and b.to_host(value) is value


def test_gpu_placement_falls_back_to_numpy_without_cupy(no_cupy, monkeypatch):
    monkeypatch.delenv("MINITF_BACKEND", raising=False)
    assert backend_mod.select(wants_gpu=True) is backend_mod.NUMPY
    with tf.device("/gpu:0"):
        x = tf.constant(1.0) + 1.0
    with tf.Session() as sess:
        assert sess.run(x) == 2.0 and sess.backend.name == "numpy"


def test_cupy_requested_without_cupy(no_cupy, monkeypatch):
    with pytest.raises(RuntimeError, match=r"^MINITF_BACKEND/config asks for cupy, but it is "
                                           r"unavailable \(ModuleNotFoundError: No module named "
                                           r"'cupy'\)\."):
        backend_mod.select("cupy")
    monkeypatch.setenv("MINITF_BACKEND", "cupy")
    with pytest.raises(RuntimeError, match="No module named 'cupy'"):
        backend_mod.select()
    x = tf.constant(1.0)
    with tf.Session() as sess:
        with pytest.raises(RuntimeError, match="asks for cupy, but it is unavailable"):
            sess.run(x)
    with tf.Session(config=tf.ConfigProto(backend="numpy")) as sess:
        assert sess.run(x) == 1.0  # a session's config wins over the environment


def test_unknown_backend(monkeypatch):
    with pytest.raises(ValueError, match=r"^Unknown minitf backend 'jax': expected 'numpy' or "
                                         r"'cupy'$"):
        backend_mod.select("jax")
    monkeypatch.setenv("MINITF_BACKEND", "torch")
    with pytest.raises(ValueError, match="Unknown minitf backend 'torch'"):
        backend_mod.select()


def test_unavailable_reason_is_cached(no_cupy):
    assert backend_mod.cupy_backend() is None
    assert backend_mod.cupy_unavailable_reason() == "ModuleNotFoundError: No module named 'cupy'"


def test_backend_fixture_skips_cupy_with_its_reason():
    reason = backend_mod.cupy_unavailable_reason()
    if reason is None:
        pytest.skip("CuPy is available here: the cupy case runs instead of being skipped")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = subprocess.run([sys.executable, "-m", "pytest", "-rs", "-p", "no:cacheprovider",
                          "tests/runtime/test_backend.py::test_backend_fixture"],
                         cwd=root, capture_output=True, text=True, timeout=60).stdout
    assert "1 passed, 1 skipped" in out
    assert f"CuPy backend unavailable: {reason}" in out


def test_backend_fixture(backend):
    """Runs once per backend; on a machine without CuPy the cupy case is skipped, saying why."""
    got = check_op(lambda x: x + x, [np.arange(6, dtype=np.float32).reshape(2, 3)],
                   lambda x: x + x, backend=backend)
    assert got[0].dtype == np.float32
    if backend == "cupy":
        assert backend_mod.cupy_unavailable_reason() is None


class _FakeLibc:
    def __init__(self, calls):
        self.calls = calls

    def mallopt(self, param, value):
        self.calls.append((param, value))
        return 1


@pytest.mark.parametrize("env,want", [(None, [(-1, 1 << 30), (-3, 32 << 20)]), ("0", [])])
def test_keep_freed_memory_once_per_process(monkeypatch, env, want):
    import ctypes
    calls = []
    monkeypatch.setattr(ctypes, "CDLL", lambda name: _FakeLibc(calls))
    monkeypatch.setattr(backend_mod, "_allocator_tuned", False)
    if env is None:
        monkeypatch.delenv("MINITF_KEEP_FREED_MEMORY", raising=False)
    else:
        monkeypatch.setenv("MINITF_KEEP_FREED_MEMORY", env)
    backend_mod.keep_freed_memory()
    backend_mod.keep_freed_memory()
    assert calls == want


def test_keep_freed_memory_without_glibc(monkeypatch):
    import ctypes

    class NoMallopt:
        pass
    monkeypatch.setattr(ctypes, "CDLL", lambda name: NoMallopt())
    monkeypatch.setattr(backend_mod, "_allocator_tuned", False)
    backend_mod.keep_freed_memory()  # nothing to tune, no error


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_repeated_training_runs_do_not_page_fault():
    """A training run frees every step's kept activations at its end; the next run gets the
    same memory back from the process's heap instead of page-faulting fresh pages in."""
    import resource
    x = tf.placeholder(tf.float32, [16, 12, 8])
    cell = tf.nn.rnn_cell.BasicLSTMCell(64)
    _, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    train = tf.train.AdamOptimizer(0.01).minimize(tf.reduce_sum(state.h))
    feed = {x: np.ones((16, 12, 8), np.float32)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train, feed)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        for _ in range(5):
            sess.run(train, feed)
        faults = (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / 5
    assert faults < 50, faults
