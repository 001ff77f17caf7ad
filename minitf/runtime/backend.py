"""Array backends: numpy (default) and CuPy. The only module that imports cupy, and lazily.

Chosen per session: `MINITF_BACKEND=cupy`, `ConfigProto(backend="cupy")`, or a graph that places
ops on a GPU (`tf.device('/gpu:0')`) when CuPy finds one.
"""
from __future__ import annotations

import os
from typing import Any

import numpy as np


class Backend:
    """An array module `xp` plus the moves between host and device."""

    name = "numpy"
    xp: Any = np

    def to_device(self, value: Any) -> Any:
        return value

    def to_host(self, value: Any) -> Any:
        return value

    def errstate(self):
        return np.errstate(all="ignore")

    def __repr__(self) -> str:
        return f"<minitf backend {self.name}>"


class CupyBackend(Backend):
    name = "cupy"

    def __init__(self, cupy: Any):
        self.xp = cupy

    def to_device(self, value: Any) -> Any:
        if isinstance(value, np.ndarray) and value.dtype != object:
            return self.xp.asarray(value)
        return value

    def to_host(self, value: Any) -> Any:
        if isinstance(value, self.xp.ndarray):
            out = value.get()
            return out[()] if out.ndim == 0 else out
        return value


NUMPY = Backend()
_cupy_backend: Backend | None = None
_cupy_error: str | None = None


def cupy_backend() -> Backend | None:
    """The CuPy backend if cupy imports and sees a GPU, else None (`cupy_unavailable_reason`)."""
    global _cupy_backend, _cupy_error
    if _cupy_backend is None and _cupy_error is None:
        try:
            import cupy  # noqa: PLC0415 - optional, heavy
            if cupy.cuda.runtime.getDeviceCount() < 1:
                raise RuntimeError("no CUDA device found")
            _cupy_backend = CupyBackend(cupy)
        except Exception as e:  # ImportError, CUDA driver errors
            _cupy_error = f"{type(e).__name__}: {e}"
    return _cupy_backend


def cupy_unavailable_reason() -> str | None:
    cupy_backend()
    return _cupy_error


def select(requested: str | None = None, wants_gpu: bool = False) -> Backend:
    """The backend for a session: an explicit request, else MINITF_BACKEND, else a GPU when the
    graph asks for one and CuPy has one, else numpy."""
    name = (requested or os.environ.get("MINITF_BACKEND") or "").lower()
    if name == "cupy":
        b = cupy_backend()
        if b is None:
            raise RuntimeError(f"MINITF_BACKEND/config asks for cupy, but it is unavailable "
                               f"({_cupy_error}). Install it with `pip install minitf[gpu]` on "
                               f"a machine with an NVIDIA GPU, or use the numpy backend.")
        return b
    if name not in ("", "numpy"):
        raise ValueError(f"Unknown minitf backend {name!r}: expected 'numpy' or 'cupy'")
    if wants_gpu and not name:
        return cupy_backend() or NUMPY
    return NUMPY
