"""Checks shared by the tests of tf.contrib.rnn's extra cells: a cell run by `dynamic_rnn` and by
`static_rnn` against a numpy rollout of TF 1.15's equations, and the numeric gradient check of
one step.

A reference step is `ref_step(params, x, state) -> (output, new_state)` on numpy values, where
`params` maps each variable's name inside the cell's run scope (`kernel`, `attention/attn_v`)
to its value and `state` has the structure of the cell's state (tuples, namedtuples, arrays).
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

import minitf as tf
from minitf.framework import nest
from tests.harness import session


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def layer_norm(x: np.ndarray, gamma: Any = 1.0, beta: Any = 0.0) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-12) * gamma + beta


def random_values(variables: list, seed: int = 3, scale: float = 0.5) -> dict:
    rng = np.random.RandomState(seed)
    return {v: (rng.standard_normal(v.shape.as_list()) * scale).astype(
        v.dtype.base_dtype.as_numpy_dtype) for v in variables}


def run_with(fetches: Any, values: dict, feed: dict | None = None) -> Any:
    """Runs `fetches` after setting each variable of `values` to its numpy value."""
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run([tf.assign(v, val) for v, val in values.items()])
        return sess.run(fetches, feed)


def names_and_shapes(variables: list) -> list:
    return [(v.name, v.shape.as_list()) for v in variables]


def short_name(variable: Any, prefix: str) -> str:
    assert variable.name.startswith(prefix), (variable.name, prefix)
    return variable.name[len(prefix):-2]


def _steps(inputs: Any, t: int) -> Any:
    return nest.map_structure(lambda x: x[:, t], inputs)


def rollout(ref_step: Callable, params: dict, inputs: Any, state: Any) -> tuple:
    """The reference run over axis 1 of the batch-major numpy `inputs`."""
    steps = nest.flatten(inputs)[0].shape[1]
    outputs = []
    for t in range(steps):
        out, state = ref_step(params, _steps(inputs, t), state)
        outputs.append(out)
    return np.stack(outputs, 1), state


def check_rollout(make_cell: Callable, ref_step: Callable, inputs: Any, scope_name: str,
                  initial_state: Any = None, dtype: Any = tf.float64, rtol: float = 1e-9,
                  atol: float = 1e-12, seed: int = 3) -> list:
    """Builds the cell in `dynamic_rnn` (scope `dyn`) and in `static_rnn` (scope `sta`), gives
    both the same random variable values, and checks their outputs and final states against
    the numpy rollout from `initial_state` (zeros of the cell's state when None). The scope
    `<dyn|sta>/rnn/<scope_name>/` holds the variables (`<dyn|sta>/rnn/` for an empty
    `scope_name`); returns the dynamic run's variables."""
    tensors = nest.map_structure(tf.constant, inputs)
    batch, steps = nest.flatten(inputs)[0].shape[:2]
    start = initial_state if initial_state is not None else nest.map_structure(
        lambda s: np.zeros([batch] + tf.TensorShape(s).as_list()), make_cell().state_size)
    init = None if initial_state is None else nest.map_structure(tf.constant, initial_state)
    built = {}
    for mode in ("dyn", "sta"):
        cell = make_cell()
        with tf.variable_scope(mode, dtype=dtype):
            if mode == "dyn":
                outputs, state = tf.nn.dynamic_rnn(cell, tensors, initial_state=init,
                                                   dtype=dtype)
            else:
                step_inputs = [nest.map_structure(lambda x, t=t: x[:, t], tensors)
                               for t in range(steps)]
                outputs, state = tf.nn.static_rnn(cell, step_inputs, initial_state=init,
                                                  dtype=dtype)
                outputs = tf.stack(outputs, 1)
        prefix = f"{mode}/rnn/" + (f"{scope_name}/" if scope_name else "")
        variables = [v for v in tf.global_variables() if v.name.startswith(f"{mode}/")]
        built[mode] = (outputs, state, {short_name(v, prefix): v for v in variables})
    values = random_values(list(built["dyn"][2].values()), seed)
    params = {name: values[v] for name, v in built["dyn"][2].items()}
    assert set(built["sta"][2]) == set(params)
    values.update({v: params[name] for name, v in built["sta"][2].items()})
    got = run_with([(built[m][0], built[m][1]) for m in ("dyn", "sta")], values)
    want_out, want_state = rollout(ref_step, params, inputs, start)
    for out, state in got:
        np.testing.assert_allclose(out, want_out, rtol=rtol, atol=atol)
        nest.assert_same_structure(state, want_state, check_types=False)
        for g, w in zip(nest.flatten(state), nest.flatten(want_state)):
            np.testing.assert_allclose(g, w, rtol=rtol, atol=atol)
    return list(built["dyn"][2].values())


def step_gradient_error(make_cell: Callable, x_value: Any, state_value: Any, seed: int = 5,
                        delta: float = 1e-5) -> float:
    """The largest difference between the symbolic and numeric (central differences, float64)
    Jacobians of a random weighting of one step's output and new state, with respect to the
    input, every state part and every variable."""
    rng = np.random.RandomState(seed)
    x = nest.map_structure(lambda v: tf.placeholder(tf.float64, v.shape), x_value)
    state = nest.map_structure(lambda v: tf.placeholder(tf.float64, v.shape), state_value)
    with tf.variable_scope("g", dtype=tf.float64):
        outputs = make_cell()(x, state)
    flat = nest.flatten(outputs)
    loss = tf.add_n([tf.reduce_sum(o * rng.standard_normal(o.shape.as_list())) for o in flat])
    variables = tf.global_variables()
    values = random_values(variables, seed)
    xs = nest.flatten(x) + nest.flatten(state) + variables
    inits = nest.flatten(x_value) + nest.flatten(state_value) + list(values.values())
    with session():
        return tf.test.compute_gradient_error(
            xs, [t.shape.as_list() for t in xs], loss, [], x_init_value=inits, delta=delta,
            init_targets=tf.global_variables_initializer())
