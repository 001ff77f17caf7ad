"""`tf.test`: the numeric gradient checker, and TF1's `TestCase` and `main` (minitf/test_case.py,
imported on first use)."""
from __future__ import annotations

from typing import Any

from .autodiff.checker import compute_gradient, compute_gradient_error  # noqa: F401

__all__ = ["compute_gradient", "compute_gradient_error", "TestCase", "get_temp_dir",  # noqa: F822
           "main"]


def __getattr__(name: str) -> Any:
    if name in ("TestCase", "get_temp_dir", "main"):
        from . import test_case  # noqa: PLC0415 - unittest costs import time
        return getattr(test_case, name)
    raise AttributeError(f"module 'minitf.test' has no attribute '{name}'")
