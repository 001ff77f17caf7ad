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
_allocator_tuned = False


def keep_freed_memory() -> None:
    """Asks glibc's malloc, once per process, to keep freed memory for reuse instead of handing
    it back to the OS. A training run keeps every step's activations and frees them at its end;
    by default glibc trims or unmaps them, and the next run page-faults them all in again (1500
    faults per run at the small LSTM benchmark, 11000 at the medium one, some 10% of the step
    on this kind of VM). TF and torch keep memory in their own allocators alike. Off with
    `MINITF_KEEP_FREED_MEMORY=0`; nothing happens where there is no glibc."""
    global _allocator_tuned
    if _allocator_tuned:
        return
    _allocator_tuned = True
    if os.environ.get("MINITF_KEEP_FREED_MEMORY", "1") == "0":
        return
    import ctypes  # noqa: PLC0415 - only for the first session
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):  # not glibc (macOS, Windows, musl)
        return
    mallopt(-1, 1 << 30)  # M_TRIM_THRESHOLD: keep up to 1 GiB free at the heap's top
    mallopt(-3, 32 << 20)  # M_MMAP_THRESHOLD: blocks under 32 MiB come from the heap


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
