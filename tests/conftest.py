"""Shared fixtures: a fresh default graph per test, and the array backends to run on."""
import pytest

import minitf as tf
from minitf.runtime import backend as _backend


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


@pytest.fixture(params=["numpy", "cupy"])
def backend(request):
    """The backend name to run kernels on; cupy is skipped (with the reason) where absent."""
    if request.param == "cupy":
        reason = _backend.cupy_unavailable_reason()
        if reason is not None:
            pytest.skip(f"CuPy backend unavailable: {reason}")
    return request.param
