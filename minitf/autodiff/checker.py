"""`tf.test.compute_gradient` and `compute_gradient_error`: the Jacobian that `tf.gradients`
builds against central differences (mirrors gradient_checker.py of TF 1.15).

Both Jacobians are laid out as TF1 lays them out: rows index the elements of `x`, columns the
elements of `y`. The symbolic one is built with one `tf.gradients` call whose `grad_ys` is fed a
one-hot vector per column, so the graph grows by one gradient subgraph per `x`, not per element.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from ..framework.convert import constant
from ..framework.graph import Tensor, get_default_session
from ..framework.indexed_slices import IndexedSlicesValue
from .gradients import gradients

__all__ = ["compute_gradient", "compute_gradient_error"]


def _size(shape: Sequence[int]) -> int:
    return int(np.prod(shape, dtype=np.int64))


def _dense(value: Any, shape: Sequence[int]) -> np.ndarray:
    """A fetched gradient as a dense array (IndexedSlices rows summed into place)."""
    if isinstance(value, IndexedSlicesValue):
        out = np.zeros(shape, value.values.dtype)
        np.add.at(out, value.indices, value.values)
        return out
    return np.asarray(value)


def _jacobians(session: Any, x: Tensor, x_shape: Sequence[int], x_value: np.ndarray,
               y: Tensor, y_shape: Sequence[int], delta: float,
               feeds: dict) -> tuple[np.ndarray, np.ndarray]:
    x_size, y_size = _size(x_shape), _size(y_shape)
    dtype = x_value.dtype
    # Ones, as TF's checker: always fed, but a constant zero would read as "no gradient". It
    # lives in the scope of the gradient ops, as TensorArray gradients require.
    with y.graph.name_scope("gradients") as scope:
        dy = constant(np.ones(y_shape, y.dtype.as_numpy_dtype), name="dy")
    grad = gradients(y, x, grad_ys=dy, name=scope)[0]
    theoretical = np.zeros((x_size, y_size), dtype)
    if grad is not None:
        one_hot = np.zeros(y_size, y.dtype.as_numpy_dtype)
        for col in range(y_size):
            one_hot[:] = 0
            one_hot[col] = 1
            value = session.run(grad, {**feeds, x: x_value, dy: one_hot.reshape(y_shape)})
            theoretical[:, col] = _dense(value, x_shape).ravel()
    numerical = np.zeros((x_size, y_size), dtype)
    flat = x_value.copy().ravel()
    for row in range(x_size):
        keep = flat[row]
        flat[row] = keep + delta
        # Copies: a result may be a view of the fed array (a Reshape of it), which changes.
        y_plus = np.array(session.run(y, {**feeds, x: flat.reshape(x_shape)}), np.float64)
        flat[row] = keep - delta
        y_minus = np.array(session.run(y, {**feeds, x: flat.reshape(x_shape)}), np.float64)
        flat[row] = keep
        numerical[row, :] = ((y_plus - y_minus) / (2 * delta)).ravel()
    return theoretical, numerical


def compute_gradient(x: Any, x_shape: Any, y: Tensor, y_shape: Sequence[int],
                     x_init_value: Any = None, delta: float = 1e-3, init_targets: Any = None,
                     extra_feed_dict: dict | None = None) -> Any:
    """(theoretical, numerical) Jacobians of `y` with respect to `x`, or a list of such pairs
    when `x` is a list; runs in the default session, or a new one on `y`'s graph."""
    many = isinstance(x, (list, tuple))
    xs = list(x) if many else [x]
    shapes = list(x_shape) if many else [x_shape]
    inits = list(x_init_value) if many and x_init_value is not None else \
        [x_init_value] * len(xs) if not many else [None] * len(xs)
    if len(shapes) != len(xs) or len(inits) != len(xs):
        raise ValueError("x, x_shape and x_init_value must have the same length")
    session = get_default_session()
    owned = None
    if session is None or session.graph is not y.graph:
        from ..runtime.session import Session  # the checker drives a session as a user would
        session = owned = Session(graph=y.graph)
    try:
        with y.graph.as_default():
            if init_targets is not None:
                session.run(init_targets)
            values = []
            for t, shape, init in zip(xs, shapes, inits):
                dtype = t.dtype.base_dtype.as_numpy_dtype
                if init is None:
                    init = np.random.random_sample(tuple(shape))
                values.append(np.asarray(init, dtype=dtype).reshape(tuple(shape)))
            feeds = dict(extra_feed_dict or {})
            pairs = []
            for i, (t, shape, value) in enumerate(zip(xs, shapes, values)):
                others = {o: v for j, (o, v) in enumerate(zip(xs, values)) if j != i}
                pairs.append(_jacobians(session, t, shape, value, y, y_shape, delta,
                                        {**feeds, **others}))
    finally:
        if owned is not None:
            owned.close()
    return pairs if many else pairs[0]


def compute_gradient_error(x: Any, x_shape: Any, y: Tensor, y_shape: Sequence[int],
                           x_init_value: Any = None, delta: float = 1e-3,
                           init_targets: Any = None, extra_feed_dict: dict | None = None) -> float:
    """The largest absolute difference between the theoretical and numerical Jacobians."""
    result = compute_gradient(x, x_shape, y, y_shape, x_init_value, delta, init_targets,
                              extra_feed_dict)
    pairs = result if isinstance(result, list) else [result]
    error = 0.0
    for theoretical, numerical in pairs:
        if theoretical.size:
            error = max(error, float(np.max(np.abs(theoretical - numerical))))
    return error
