"""Stacked bidirectional RNNs of `tf.contrib.rnn` (mirrors contrib/rnn/python/ops/rnn.py of
TF 1.15): each layer `cell_<i>` runs a forward and a backward RNN over the previous layer's
concatenated outputs; only the final states of each layer come back.
"""
from __future__ import annotations

from typing import Any

from ..nn.rnn import bidirectional_dynamic_rnn, static_bidirectional_rnn
from ..ops import array as array_ops
from ..ops import variable_scope as vs

__all__ = ["stack_bidirectional_dynamic_rnn", "stack_bidirectional_rnn"]


def _check_stack_args(cells_fw: Any, cells_bw: Any, initial_states_fw: Any,
                      initial_states_bw: Any) -> None:
    if not cells_fw:
        raise ValueError("Must specify at least one fw cell for BidirectionalRNN.")
    if not cells_bw:
        raise ValueError("Must specify at least one bw cell for BidirectionalRNN.")
    if not isinstance(cells_fw, list):
        raise ValueError("cells_fw must be a list of RNNCells (one per layer).")
    if not isinstance(cells_bw, list):
        raise ValueError("cells_bw must be a list of RNNCells (one per layer).")
    if len(cells_fw) != len(cells_bw):
        raise ValueError("Forward and Backward cells must have the same depth.")
    for states, direction in ((initial_states_fw, "fw"), (initial_states_bw, "bw")):
        if states is not None and (not isinstance(states, list)
                                   or len(states) != len(cells_fw)):
            raise ValueError(f"initial_states_{direction} must be a list of state tensors "
                             f"(one per layer).")


def _layer_state(states: list | None, i: int) -> Any:
    return states[i] if states else None


def stack_bidirectional_rnn(cells_fw: list, cells_bw: list, inputs: Any,
                            initial_states_fw: list | None = None,
                            initial_states_bw: list | None = None, dtype: Any = None,
                            sequence_length: Any = None, scope: Any = None) -> tuple:
    """Layers of `static_bidirectional_rnn` over a list of steps (variables
    `stack_bidirectional_rnn/cell_0/fw/...`); returns `(outputs, states_fw, states_bw)`."""
    _check_stack_args(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
    states_fw, states_bw = [], []
    prev_layer = inputs
    with vs.variable_scope(scope or "stack_bidirectional_rnn"):
        for i, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw)):
            with vs.variable_scope(f"cell_{i}") as cell_scope:
                prev_layer, state_fw, state_bw = static_bidirectional_rnn(
                    cell_fw, cell_bw, prev_layer,
                    initial_state_fw=_layer_state(initial_states_fw, i),
                    initial_state_bw=_layer_state(initial_states_bw, i),
                    sequence_length=sequence_length, dtype=dtype, scope=cell_scope)
            states_fw.append(state_fw)
            states_bw.append(state_bw)
    return prev_layer, tuple(states_fw), tuple(states_bw)


def stack_bidirectional_dynamic_rnn(cells_fw: list, cells_bw: list, inputs: Any,
                                    initial_states_fw: list | None = None,
                                    initial_states_bw: list | None = None, dtype: Any = None,
                                    sequence_length: Any = None,
                                    parallel_iterations: int | None = None,
                                    time_major: bool = False, scope: Any = None) -> tuple:
    """Layers of `bidirectional_dynamic_rnn` (variables
    `stack_bidirectional_rnn/cell_0/bidirectional_rnn/fw/...`), each layer's two outputs
    concatenated on the depth axis for the next; returns `(outputs, states_fw, states_bw)`."""
    _check_stack_args(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
    states_fw, states_bw = [], []
    prev_layer = inputs
    with vs.variable_scope(scope or "stack_bidirectional_rnn"):
        for i, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw)):
            with vs.variable_scope(f"cell_{i}"):
                outputs, (state_fw, state_bw) = bidirectional_dynamic_rnn(
                    cell_fw, cell_bw, prev_layer,
                    initial_state_fw=_layer_state(initial_states_fw, i),
                    initial_state_bw=_layer_state(initial_states_bw, i),
                    sequence_length=sequence_length,
                    parallel_iterations=parallel_iterations, dtype=dtype,
                    time_major=time_major)
                prev_layer = array_ops.concat(outputs, 2)
            states_fw.append(state_fw)
            states_bw.append(state_bw)
    return prev_layer, tuple(states_fw), tuple(states_bw)
