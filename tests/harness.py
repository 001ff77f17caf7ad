"""The per-op harness: forward values against a numpy reference, the static shape/dtype rule
against the kernel's real output (with known and with unknown input shapes), on each backend.

    check_op(lambda x, y: tf.add(x, y), [a, b], np.add, backend=backend)
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

import minitf as tf


def session(backend: str = "numpy", graph: Any = None) -> tf.Session:
    return tf.Session(graph=graph, config=tf.ConfigProto(backend=backend))


def _as_list(x: Any) -> list:
    return list(x) if isinstance(x, (list, tuple)) else [x]


def check_op(build: Callable, inputs: Sequence[np.ndarray], reference: Callable | None,
             backend: str = "numpy", rtol: float = 1e-6, atol: float = 1e-6,
             unknown_shapes: bool = True) -> list:
    """Builds `build(*placeholders)` with fully known input shapes, runs it, and checks:
    every output's static shape and dtype match the computed value, and the values match
    `reference(*inputs)` (skipped when None). Then, if `unknown_shapes`, builds it again with
    rank-only placeholders and checks the static shapes are compatible with the values.
    Returns the computed outputs."""
    inputs = [np.asarray(x) for x in inputs]
    results = None
    modes = ["known", "partial"] if unknown_shapes else ["known"]
    for mode in modes:
        g = tf.Graph()
        with g.as_default():
            phs = [tf.placeholder(tf.as_dtype(x.dtype),
                                  x.shape if mode == "known" else [None] * x.ndim)
                   for x in inputs]
            outs = _as_list(build(*phs))
            with session(backend, g) as sess:
                vals = _as_list(sess.run(outs, dict(zip(phs, inputs))))
        for t, v in zip(outs, vals):
            v = np.asarray(v)
            assert t.dtype.as_numpy_dtype == v.dtype.type or (
                t.dtype == tf.string and v.dtype == object), \
                f"{t.name}: static dtype {t.dtype.name} but kernel gave {v.dtype}"
            if mode == "known":
                assert t.shape.is_fully_defined(), f"{t.name}: static shape {t.shape} not fully " \
                                                   f"defined with known input shapes"
                assert tuple(t.shape.as_list()) == v.shape, \
                    f"{t.name}: static shape {t.shape} but kernel gave {v.shape}"
            else:
                assert t.shape.is_compatible_with(v.shape), \
                    f"{t.name}: static shape {t.shape} incompatible with value shape {v.shape}"
        if mode == "known":
            results = vals
    if reference is not None:
        expected = _as_list(reference(*inputs))
        assert len(expected) == len(results)
        for got, want in zip(results, expected):
            want = np.asarray(want)
            assert np.asarray(got).shape == want.shape, f"shape {np.shape(got)} != {want.shape}"
            if want.dtype.kind in "fc":
                np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)
            else:
                np.testing.assert_array_equal(got, want)
    return results


def run(fetches: Any, feed_dict: dict | None = None, backend: str = "numpy") -> Any:
    """Runs `fetches` of the default graph in a fresh session."""
    with session(backend) as sess:
        return sess.run(fetches, feed_dict)


def distinct_shape_input(*shape: int, dtype: Any = np.float32, seed: int = 0) -> np.ndarray:
    """Random input of `shape`; tests use distinct sizes per axis so a swapped axis fails."""
    rng = np.random.RandomState(seed)
    x = rng.standard_normal(shape)
    return x.astype(dtype)
