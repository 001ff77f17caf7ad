"""The gradient table: one numeric check (float64, central differences, via
`tf.test.compute_gradient_error`) per differentiable op type.

Each family module here (math, array, nn, ...) defines `CASES`, a list of `GradCase`s. A case
names the op type it checks, builds a graph from float64 placeholders of the given shapes, and
the table test compares `tf.gradients` with finite differences. test_gradient_table.py also
fails when a registered op type is neither checked here nor declared non-differentiable.
"""
from __future__ import annotations

import dataclasses
import importlib
from typing import Any, Callable, Sequence

import numpy as np

FAMILIES = ("math", "array", "nn", "misc", "tensor_array", "control_flow", "conv",
            "array_extra", "batch_norm", "sparse", "image")


@dataclasses.dataclass(frozen=True)
class GradCase:
    """`build(*placeholders)` must create an op of type `op_type`; `values` (optional) are the
    points to check at (default: standard normal draws, seeded by the case id); a case checks
    the gradient with respect to every placeholder."""
    op_type: str
    build: Callable[..., Any]
    shapes: Sequence[Sequence[int]]
    values: Sequence[np.ndarray] | None = None
    label: str = ""
    tol: float = 1e-6
    delta: float = 1e-5

    @property
    def id(self) -> str:
        return f"{self.op_type}-{self.label}" if self.label else self.op_type


def all_cases() -> list[GradCase]:
    cases: list[GradCase] = []
    for family in FAMILIES:
        cases.extend(importlib.import_module(f"{__name__}.{family}").CASES)
    return cases
