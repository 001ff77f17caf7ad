"""`tf.contrib.rnn.static_state_saving_rnn` (TF 1.15's python/ops/rnn.py, also
`tf.nn.static_state_saving_rnn` there): `static_rnn` whose initial state comes from a state
saver and whose final state is saved back before the last output and the state are read.
"""
from __future__ import annotations

from typing import Any

from ..framework import nest
from ..framework.graph import control_dependencies
from ..nn.rnn import static_rnn
from ..ops import array as array_ops

__all__ = ["static_state_saving_rnn"]


def static_state_saving_rnn(cell: Any, inputs: list, state_saver: Any, state_name: Any,
                            sequence_length: Any = None, scope: Any = None) -> tuple:
    """`state_saver.state(name)` gives the initial state (one name per flattened state part
    when the cell's state is a tuple); the returned last output and state are identities that
    depend on `state_saver.save_state(name, value)` of each final part."""
    state_size = cell.state_size
    state_is_tuple = nest.is_sequence(state_size)
    state_name_tuple = nest.is_sequence(state_name)
    if state_is_tuple != state_name_tuple:
        raise ValueError(f"state_name should be the same type as cell.state_size.  "
                         f"state_name: {state_name}, cell.state_size: {state_size}")
    if state_is_tuple:
        state_name_flat = nest.flatten(state_name)
        state_size_flat = nest.flatten(state_size)
        if len(state_name_flat) != len(state_size_flat):
            raise ValueError(f"#elems(state_name) != #elems(state_size): "
                             f"{len(state_name_flat)} vs. {len(state_size_flat)}")
        initial_state = nest.pack_sequence_as(
            structure=state_size, flat_sequence=[state_saver.state(s) for s in state_name_flat])
    else:
        initial_state = state_saver.state(state_name)
    outputs, state = static_rnn(cell, inputs, initial_state=initial_state,
                                sequence_length=sequence_length, scope=scope)
    if state_is_tuple:
        flat_state = nest.flatten(state)
        save_state = [state_saver.save_state(name, substate)
                      for name, substate in zip(nest.flatten(state_name), flat_state)]
    else:
        save_state = [state_saver.save_state(state_name, state)]
    with control_dependencies(save_state):
        last_output = outputs[-1]
        outputs[-1] = nest.pack_sequence_as(
            structure=last_output,
            flat_sequence=[array_ops.identity(out) for out in nest.flatten(last_output)])
        if state_is_tuple:
            state = nest.pack_sequence_as(
                structure=state, flat_sequence=[array_ops.identity(s) for s in flat_state])
        else:
            state = array_ops.identity(state)
    return outputs, state
