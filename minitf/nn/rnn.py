"""`tf.nn.dynamic_rnn` and the other RNN functions (mirrors rnn.py of TF 1.15).

`dynamic_rnn` runs the cell in a `tf.while_loop` over TensorArrays, building the very ops (and
hence names) TF 1.15 builds; `static_rnn` unrolls the cell in Python, one call per time step.
"""
from __future__ import annotations

from typing import Any

from ..framework import dtypes as _dtypes
from ..framework import nest
from ..framework.convert import constant, constant_value, convert_to_tensor
from ..framework.graph import (
    Tensor,
    control_dependencies,
    get_default_graph,
    name_scope,
)
from ..framework.tensor_shape import TensorShape
from ..ops import array as array_ops
from ..ops import control_flow as control_flow_ops
from ..ops import math as math_ops
from ..ops.logging_ops import Assert
from ..ops.tensor_array import TensorArray
from ..ops.variable_scope import variable_scope
from .rnn_cell_impl import assert_like_rnncell as _assert_like_rnncell

NN_ALL = ["dynamic_rnn", "bidirectional_dynamic_rnn", "raw_rnn", "static_rnn",
          "static_bidirectional_rnn"]


def _concat(prefix: Any, suffix: Any, static: bool = False) -> Any:
    """`prefix` and `suffix` (ints, TensorShapes or int Tensors) joined into a shape: a Tensor,
    or with `static` a list with None for unknown dims."""
    def part(x: Any) -> tuple:
        if isinstance(x, Tensor):
            known = constant_value(x)
            if x.shape.ndims == 0:
                dyn = array_ops.expand_dims(x, 0)
                return dyn, None if known is None else [int(known)]
            if x.shape.ndims != 1:
                raise ValueError(f"prefix tensor must be either a scalar or vector, "
                                 f"but saw tensor: {x}")
            return x, None if known is None else [int(v) for v in known]
        shape = TensorShape(x)
        dims = shape.as_list() if shape.ndims is not None else None
        dyn = constant(dims, dtype=_dtypes.int32) if shape.is_fully_defined() else None
        return dyn, dims

    p, p_static = part(prefix)
    s, s_static = part(suffix)
    if static:
        shape = TensorShape(p_static).concatenate(TensorShape(s_static))
        return shape.as_list() if shape.ndims is not None else None
    if p is None or s is None:
        raise ValueError(f"Provided a prefix or suffix of None: {prefix} and {suffix}")
    return array_ops.concat((p, s), 0)


def _transpose_batch_time(x: Tensor) -> Tensor:
    """Swaps axes 0 and 1 (`transpose` with `[1, 0, 2, ...]`), keeping the static shape."""
    shape = x.shape
    if shape.ndims is not None and shape.ndims < 2:
        return x
    rank = array_ops.rank(x)
    x_t = array_ops.transpose(x, array_ops.concat(([1, 0], array_ops.range(2, rank)), axis=0))
    if shape.ndims is not None:
        x_t.set_shape(TensorShape([shape.dims[1], shape.dims[0]]).concatenate(shape[2:]))
    else:
        x_t.set_shape(shape)
    return x_t


def _best_effort_input_batch_size(flat_input: list) -> Any:
    """The static batch dim (axis 1 of time-major inputs) if any input knows it, else the
    first input's dynamic one."""
    for input_ in flat_input:
        shape = input_.shape
        if shape.ndims is None:
            continue
        if shape.ndims < 2:
            raise ValueError(f"Expected input tensor {input_} to have rank at least 2")
        if _dim(shape.dims[1]) is not None:
            return _dim(shape.dims[1])
    return array_ops.shape(flat_input[0])[1]


def _dim(d: Any) -> int | None:
    return d if d is None or isinstance(d, int) else getattr(d, "value", d)


def _infer_state_dtype(explicit_dtype: Any, state: Any) -> Any:
    if explicit_dtype is not None:
        return explicit_dtype
    if nest.is_sequence(state):
        dtypes = [s.dtype for s in nest.flatten(state)]
        if not dtypes:
            raise ValueError("Unable to infer dtype from empty state.")
        if any(d != dtypes[0] for d in dtypes):
            raise ValueError("State has tensors of different inferred_dtypes. Unable to infer a "
                             "single representative dtype.")
        return dtypes[0]
    return state.dtype


def _initial_state(cell: Any, batch_size: Any, dtype: Any) -> Any:
    if not dtype:
        raise ValueError("If there is no initial_state, you must give a dtype.")
    if getattr(cell, "get_initial_state", None) is not None:
        return cell.get_initial_state(inputs=None, batch_size=batch_size, dtype=dtype)
    return cell.zero_state(batch_size, dtype)


def _rnn_step(time: Any, sequence_length: Tensor, min_sequence_length: Tensor,
              max_sequence_length: Tensor, zero_output: Any, state: Any, call_cell: Any,
              skip_conditionals: bool = False) -> tuple:
    """One step honouring `sequence_length`: rows whose length is reached get a zero output and
    keep their state. `dynamic_rnn` selects row-wise only (`skip_conditionals`); `static_rnn`
    also skips the cell when every row is done and the selection when none is."""
    flat_state = nest.flatten(state)
    flat_zero_output = nest.flatten(zero_output)
    copy_cond = time >= sequence_length

    def copy_one_through(old: Any, new: Any) -> Any:
        if isinstance(old, TensorArray) or old.shape.ndims == 0:
            return new
        with get_default_graph().colocate_with(new):
            return array_ops.where(copy_cond, old, new)

    def copy_some_through(flat_new_output: list, flat_new_state: list) -> list:
        outs = [copy_one_through(z, o) for z, o in zip(flat_zero_output, flat_new_output)]
        states = [copy_one_through(s, n) for s, n in zip(flat_state, flat_new_state)]
        return outs + states

    def new_output_and_state() -> tuple:
        new_output, new_state = call_cell()
        nest.assert_same_structure(zero_output, new_output)
        nest.assert_same_structure(state, new_state)
        return nest.flatten(new_output), nest.flatten(new_state)

    def maybe_copy_some_through() -> list:
        flat_new_output, flat_new_state = new_output_and_state()
        return control_flow_ops.cond(
            time < min_sequence_length, lambda: flat_new_output + flat_new_state,
            lambda: copy_some_through(flat_new_output, flat_new_state))

    if skip_conditionals:
        final = copy_some_through(*new_output_and_state())
    else:
        final = control_flow_ops.cond(time >= max_sequence_length,
                                      lambda: flat_zero_output + flat_state,
                                      maybe_copy_some_through)
    final_output = final[:len(flat_zero_output)]
    final_state = final[len(flat_zero_output):]
    for out, zero in zip(final_output, flat_zero_output):
        out.set_shape(zero.shape)
    for sub, old in zip(final_state, flat_state):
        if not isinstance(sub, TensorArray):
            sub.set_shape(old.shape)
    return (nest.pack_sequence_as(zero_output, final_output),
            nest.pack_sequence_as(state, final_state))


def _dynamic_rnn_loop(cell: Any, inputs: Any, initial_state: Any, parallel_iterations: int,
                      swap_memory: bool, sequence_length: Tensor | None = None,
                      dtype: Any = None) -> tuple:
    """The while loop of `dynamic_rnn` over time-major inputs."""
    state = initial_state
    flat_input = nest.flatten(inputs)
    flat_output_size = nest.flatten(cell.output_size)
    time_steps = array_ops.shape(flat_input[0])[0]
    batch_size = _best_effort_input_batch_size(flat_input)
    got_shapes = tuple(x.shape.with_rank_at_least(3) for x in flat_input)
    const_time_steps, const_batch_size = got_shapes[0].as_list()[:2]
    for shape in got_shapes:
        if not shape[2:].is_fully_defined():
            raise ValueError("Input size (depth of inputs) must be accessible via shape "
                             "inference, but saw value None.")
        if const_time_steps != _dim(shape.dims[0]):
            raise ValueError("Time steps is not the same for all the elements in the input "
                             "in a batch.")
        if const_batch_size != _dim(shape.dims[1]):
            raise ValueError("Batch_size is not the same for all the elements in the input.")

    def zero_array(size: Any) -> Tensor:
        return array_ops.zeros(array_ops.stack(_concat(batch_size, size)),
                               _infer_state_dtype(dtype, state))

    flat_zero_output = tuple(zero_array(size) for size in flat_output_size)
    zero_output = nest.pack_sequence_as(cell.output_size, flat_zero_output)
    if sequence_length is not None:
        min_sequence_length = math_ops.reduce_min(sequence_length)
        max_sequence_length = math_ops.reduce_max(sequence_length)
    else:
        max_sequence_length = time_steps
    time = constant(0, dtype=_dtypes.int32, name="time")
    with name_scope("dynamic_rnn") as base_name:
        pass  # only reserves a unique prefix for the arrays' tensor_array_name, as TF does

    def create_ta(name: str, element_shape: Any, ta_dtype: Any) -> TensorArray:
        return TensorArray(dtype=ta_dtype, size=time_steps, element_shape=element_shape,
                           tensor_array_name=base_name + name)

    output_ta = tuple(
        create_ta(f"output_{i}",
                  TensorShape([const_batch_size]).concatenate(_shape_of_size(size)),
                  _infer_state_dtype(dtype, state))
        for i, size in enumerate(flat_output_size))
    input_ta = tuple(create_ta(f"input_{i}", x.shape[1:], x.dtype)
                     for i, x in enumerate(flat_input))
    input_ta = tuple(ta.unstack(x) for ta, x in zip(input_ta, flat_input))

    def time_step(time: Tensor, output_ta_t: tuple, state: Any) -> tuple:
        input_t = tuple(ta.read(time) for ta in input_ta)
        for x, shape in zip(input_t, got_shapes):
            x.set_shape(shape[1:])
        input_t = nest.pack_sequence_as(inputs, input_t)

        def call_cell() -> tuple:
            return cell(input_t, state)

        if sequence_length is not None:
            output, new_state = _rnn_step(time, sequence_length, min_sequence_length,
                                          max_sequence_length, zero_output, state, call_cell,
                                          skip_conditionals=True)
        else:
            output, new_state = call_cell()
        output = nest.flatten(output)
        output_ta_t = tuple(ta.write(time, out) for ta, out in zip(output_ta_t, output))
        return (time + 1, output_ta_t, new_state)

    loop_bound = math_ops.minimum(time_steps, math_ops.maximum(1, max_sequence_length))
    _, output_final_ta, final_state = control_flow_ops.while_loop(
        cond=lambda time, *_: time < loop_bound, body=time_step,
        loop_vars=(time, output_ta, state), parallel_iterations=parallel_iterations,
        maximum_iterations=time_steps, swap_memory=swap_memory)
    final_outputs = tuple(ta.stack() for ta in output_final_ta)
    for output, size in zip(final_outputs, flat_output_size):
        output.set_shape(_concat([const_time_steps, const_batch_size], size, static=True))
    return nest.pack_sequence_as(cell.output_size, final_outputs), final_state


def _shape_of_size(size: Any) -> TensorShape:
    """A cell size (int, TensorShape or constant Tensor) as a TensorShape."""
    if isinstance(size, Tensor):
        known = constant_value(size)
        return TensorShape(None if known is None else [int(v) for v in known.reshape(-1)])
    return TensorShape(size)


def dynamic_rnn(cell: Any, inputs: Any, sequence_length: Any = None, initial_state: Any = None,
                dtype: Any = None, parallel_iterations: int | None = None,
                swap_memory: bool = False, time_major: bool = False,
                scope: Any = None) -> tuple:
    """`tf.nn.dynamic_rnn`: runs `cell` over the time axis of `inputs` in a while loop;
    returns `(outputs, final_state)`."""
    _assert_like_rnncell("cell", cell)
    with variable_scope(scope or "rnn"):
        flat_input = nest.flatten(inputs)
        if not time_major:
            flat_input = [convert_to_tensor(x) for x in flat_input]
            flat_input = tuple(_transpose_batch_time(x) for x in flat_input)
        parallel_iterations = parallel_iterations or 32
        if sequence_length is not None:
            sequence_length = array_ops.cast(sequence_length, _dtypes.int32)
            if sequence_length.shape.ndims not in (None, 1):
                raise ValueError(f"sequence_length must be a vector of length batch_size, "
                                 f"but saw shape: {sequence_length.shape}")
            sequence_length = array_ops.identity(sequence_length, name="sequence_length")
        batch_size = _best_effort_input_batch_size(flat_input)
        state = initial_state if initial_state is not None else \
            _initial_state(cell, batch_size, dtype)
        if sequence_length is not None:
            x_shape = array_ops.shape(sequence_length)
            packed_shape = array_ops.stack([batch_size])
            check = Assert(math_ops.reduce_all(math_ops.equal(x_shape, packed_shape)),
                           [f"Expected shape for Tensor {sequence_length.name} is ",
                            packed_shape, " but saw shape: ", x_shape])
            with control_dependencies([check]):
                sequence_length = array_ops.identity(sequence_length, name="CheckSeqLen")
        inputs = nest.pack_sequence_as(inputs, flat_input)
        outputs, final_state = _dynamic_rnn_loop(
            cell, inputs, state, parallel_iterations=parallel_iterations,
            swap_memory=swap_memory, sequence_length=sequence_length, dtype=dtype)
        if not time_major:
            outputs = nest.map_structure(_transpose_batch_time, outputs)
        return outputs, final_state


def raw_rnn(cell: Any, loop_fn: Any, parallel_iterations: int | None = None,
            swap_memory: bool = False, scope: Any = None) -> tuple:
    """`tf.nn.raw_rnn`: a while loop in which `loop_fn(time, cell_output, cell_state,
    loop_state)` decides each step's input, the state carried on, what is emitted and when each
    batch entry is finished (called first with `cell_output=None` for the initial values).
    Returns `(emit_ta, final_state, final_loop_state)`, the emits as TensorArrays of
    `[batch, ...]` entries; finished entries emit zeros and keep their state."""
    _assert_like_rnncell("cell", cell)
    if not callable(loop_fn):
        raise TypeError("loop_fn must be a callable")
    parallel_iterations = parallel_iterations or 32
    with variable_scope(scope or "rnn"):
        time = constant(0, dtype=_dtypes.int32)
        elements_finished, next_input, initial_state, emit_structure, init_loop_state = \
            loop_fn(time, None, None, None)
        flat_input = nest.flatten(next_input)
        loop_state = init_loop_state if init_loop_state is not None else \
            constant(0, dtype=_dtypes.int32)
        static_batch = flat_input[0].shape[0]
        for input_ in flat_input:
            static_batch = static_batch.merge_with(input_.shape[0])
        const_batch_size = _dim(static_batch)
        batch_size = const_batch_size if const_batch_size is not None else \
            array_ops.shape(flat_input[0])[0]
        nest.assert_same_structure(initial_state, cell.state_size)
        state = nest.pack_sequence_as(initial_state,
                                      [convert_to_tensor(s) for s in nest.flatten(initial_state)])
        flat_state = nest.flatten(state)
        if emit_structure is not None:
            flat_emit = nest.flatten(emit_structure)
            flat_emit_size = [e.shape if e.shape.is_fully_defined() else array_ops.shape(e)
                              for e in flat_emit]
            flat_emit_dtypes = [e.dtype for e in flat_emit]
        else:
            emit_structure = cell.output_size
            flat_emit_size = nest.flatten(emit_structure)
            flat_emit_dtypes = [flat_state[0].dtype] * len(flat_emit_size)
        flat_emit_ta = [
            TensorArray(dtype=dtype_i, size=0, dynamic_size=True, name=f"rnn_output_{i}",
                        element_shape=TensorShape([const_batch_size]).concatenate(
                            _shape_of_size(size_i)))
            for i, (dtype_i, size_i) in enumerate(zip(flat_emit_dtypes, flat_emit_size))]
        emit_ta = nest.pack_sequence_as(emit_structure, flat_emit_ta)
        zero_emit = nest.pack_sequence_as(emit_structure, [
            array_ops.zeros(_concat(batch_size, size_i), dtype_i)
            for size_i, dtype_i in zip(flat_emit_size, flat_emit_dtypes)])

        def condition(unused_time: Tensor, elements_finished: Tensor, *_: Any) -> Tensor:
            return math_ops.logical_not(math_ops.reduce_all(elements_finished))

        def body(time: Tensor, elements_finished: Tensor, current_input: Any, emit_ta: Any,
                 state: Any, loop_state: Any) -> tuple:
            next_output, cell_state = cell(current_input, state)
            nest.assert_same_structure(state, cell_state)
            nest.assert_same_structure(cell.output_size, next_output)
            next_time = time + 1
            next_finished, next_input, next_state, emit_output, next_loop_state = loop_fn(
                next_time, next_output, cell_state, loop_state)
            nest.assert_same_structure(state, next_state)
            nest.assert_same_structure(current_input, next_input)
            nest.assert_same_structure(emit_ta, emit_output)
            loop_state = loop_state if next_loop_state is None else next_loop_state

            def keep_finished(current: Any, candidate: Any) -> Any:
                """Finished entries keep `current`; TensorArrays and scalars pass through."""
                def pick(cur: Any, cand: Any) -> Any:
                    if isinstance(cur, TensorArray) or cur.shape.ndims == 0:
                        return cand
                    return array_ops.where(elements_finished, cur, cand)
                return nest.map_structure(pick, current, candidate)

            emit_output = keep_finished(zero_emit, emit_output)
            next_state = keep_finished(state, next_state)
            emit_ta = nest.map_structure(lambda ta, emit: ta.write(time, emit), emit_ta,
                                         emit_output)
            elements_finished = math_ops.logical_or(elements_finished, next_finished)
            return (next_time, elements_finished, next_input, emit_ta, next_state, loop_state)

        returned = control_flow_ops.while_loop(
            condition, body,
            loop_vars=[time, elements_finished, next_input, emit_ta, state, loop_state],
            parallel_iterations=parallel_iterations, swap_memory=swap_memory)
        emit_ta, final_state, final_loop_state = returned[-3:]
        return emit_ta, final_state, (None if init_loop_state is None else final_loop_state)


def _reverse(x: Any, seq_lengths: Any, seq_axis: int, batch_axis: int) -> Tensor:
    if seq_lengths is not None:
        return array_ops.reverse_sequence(x, seq_lengths, seq_axis=seq_axis,
                                          batch_axis=batch_axis)
    return array_ops.reverse(x, axis=[seq_axis])


def bidirectional_dynamic_rnn(cell_fw: Any, cell_bw: Any, inputs: Any,
                              sequence_length: Any = None, initial_state_fw: Any = None,
                              initial_state_bw: Any = None, dtype: Any = None,
                              parallel_iterations: int | None = None, swap_memory: bool = False,
                              time_major: bool = False, scope: Any = None) -> tuple:
    """`tf.nn.bidirectional_dynamic_rnn`: a forward `dynamic_rnn` and one over the time-reversed
    inputs (reversed per row up to `sequence_length`); returns
    `((output_fw, output_bw), (state_fw, state_bw))` with `output_bw` back in input order."""
    _assert_like_rnncell("cell_fw", cell_fw)
    _assert_like_rnncell("cell_bw", cell_bw)
    time_axis, batch_axis = (0, 1) if time_major else (1, 0)
    with variable_scope(scope or "bidirectional_rnn"):
        with variable_scope("fw") as fw_scope:
            output_fw, state_fw = dynamic_rnn(
                cell_fw, inputs, sequence_length=sequence_length,
                initial_state=initial_state_fw, dtype=dtype,
                parallel_iterations=parallel_iterations, swap_memory=swap_memory,
                time_major=time_major, scope=fw_scope)
        with variable_scope("bw") as bw_scope:
            inputs_reverse = nest.map_structure(
                lambda x: _reverse(x, sequence_length, time_axis, batch_axis), inputs)
            tmp, state_bw = dynamic_rnn(
                cell_bw, inputs_reverse, sequence_length=sequence_length,
                initial_state=initial_state_bw, dtype=dtype,
                parallel_iterations=parallel_iterations, swap_memory=swap_memory,
                time_major=time_major, scope=bw_scope)
    output_bw = _reverse(tmp, sequence_length, time_axis, batch_axis)
    return (output_fw, output_bw), (state_fw, state_bw)


def static_rnn(cell: Any, inputs: Any, initial_state: Any = None, dtype: Any = None,
               sequence_length: Any = None, scope: Any = None) -> tuple:
    """`tf.nn.static_rnn`: the cell unrolled over a Python list of `[batch, depth]` inputs;
    returns `(list_of_outputs, final_state)`."""
    _assert_like_rnncell("cell", cell)
    if not nest.is_sequence(inputs):
        raise TypeError("inputs must be a sequence")
    if not inputs:
        raise ValueError("inputs must not be empty")
    outputs = []
    with variable_scope(scope or "rnn") as varscope:
        first_input = inputs
        while nest.is_sequence(first_input):
            first_input = first_input[0]
        if first_input.shape.ndims != 1:
            fixed_batch_size = _dim(first_input.shape.with_rank_at_least(2).dims[0])
            for x in nest.flatten(inputs):
                shape = x.shape.with_rank_at_least(2)
                batch = _dim(shape.dims[0])
                if fixed_batch_size is not None and batch is not None \
                        and batch != fixed_batch_size:
                    raise ValueError(f"Dimensions {fixed_batch_size} and {batch} are not "
                                     f"compatible")
                for i, size in enumerate(shape.dims[1:]):
                    if _dim(size) is None:
                        raise ValueError(f"Input size (dimension {i} of inputs) must be "
                                         f"accessible via shape inference, but saw value "
                                         f"None.")
        else:
            fixed_batch_size = _dim(first_input.shape.with_rank_at_least(1).dims[0])
        batch_size = fixed_batch_size if fixed_batch_size else \
            array_ops.shape(first_input)[0]
        state = initial_state if initial_state is not None else \
            _initial_state(cell, batch_size, dtype)
        if sequence_length is not None:
            sequence_length = convert_to_tensor(sequence_length, name="sequence_length")
            if sequence_length.shape.ndims not in (None, 1):
                raise ValueError("sequence_length must be a vector of length batch_size")

            def zero_output_for(size: Any) -> Tensor:
                out = array_ops.zeros(array_ops.stack(_concat(batch_size, size)),
                                      _infer_state_dtype(dtype, state))
                out.set_shape(TensorShape(_concat(fixed_batch_size, size, static=True)))
                return out

            flat_zero = tuple(zero_output_for(s) for s in nest.flatten(cell.output_size))
            zero_output = nest.pack_sequence_as(cell.output_size, flat_zero)
            sequence_length = array_ops.cast(sequence_length, _dtypes.int32)
            min_sequence_length = math_ops.reduce_min(sequence_length)
            max_sequence_length = math_ops.reduce_max(sequence_length)
        for time, input_ in enumerate(inputs):
            if time > 0:
                varscope.reuse_variables()

            def call_cell(input_: Any = input_, state: Any = state) -> tuple:
                return cell(input_, state)

            if sequence_length is not None:
                output, state = _rnn_step(time, sequence_length, min_sequence_length,
                                          max_sequence_length, zero_output, state, call_cell)
            else:
                output, state = call_cell()
            outputs.append(output)
        return outputs, state


def _reverse_seq(input_seq: list, lengths: Any) -> list:
    """A list of `[batch, ...]` steps reversed in time, per row up to `lengths` when given
    (stack, `reverse_sequence`, unstack)."""
    if lengths is None:
        return list(reversed(input_seq))
    flat_input_seq = tuple(nest.flatten(x) for x in input_seq)
    flat_results: list = [[] for _ in input_seq]
    for sequence in zip(*flat_input_seq):
        input_shape = TensorShape(None if sequence[0].shape.ndims is None
                                  else [None] * sequence[0].shape.ndims)
        for x in sequence:
            input_shape.assert_is_compatible_with(x.shape)
            x.set_shape(input_shape)
        joined = array_ops.stack(sequence)
        reversed_ = array_ops.reverse_sequence(joined, lengths, 0, 1)
        for r, flat_result in zip(array_ops.unstack(reversed_), flat_results):
            r.set_shape(input_shape)
            flat_result.append(r)
    return [nest.pack_sequence_as(x, flat) for x, flat in zip(input_seq, flat_results)]


def static_bidirectional_rnn(cell_fw: Any, cell_bw: Any, inputs: Any,
                             initial_state_fw: Any = None, initial_state_bw: Any = None,
                             dtype: Any = None, sequence_length: Any = None,
                             scope: Any = None) -> tuple:
    """`tf.nn.static_bidirectional_rnn`: `static_rnn` forward and over the reversed list;
    returns `(outputs, state_fw, state_bw)`, each output the fw and bw outputs concatenated."""
    _assert_like_rnncell("cell_fw", cell_fw)
    _assert_like_rnncell("cell_bw", cell_bw)
    if not nest.is_sequence(inputs):
        raise TypeError("inputs must be a sequence")
    if not inputs:
        raise ValueError("inputs must not be empty")
    with variable_scope(scope or "bidirectional_rnn"):
        with variable_scope("fw") as fw_scope:
            output_fw, state_fw = static_rnn(cell_fw, inputs, initial_state_fw, dtype,
                                             sequence_length, scope=fw_scope)
        with variable_scope("bw") as bw_scope:
            reversed_inputs = _reverse_seq(inputs, sequence_length)
            tmp, state_bw = static_rnn(cell_bw, reversed_inputs, initial_state_bw, dtype,
                                       sequence_length, scope=bw_scope)
    output_bw = _reverse_seq(tmp, sequence_length)
    flat_outputs = tuple(array_ops.concat([fw, bw], 1)
                         for fw, bw in zip(nest.flatten(output_fw), nest.flatten(output_bw)))
    return nest.pack_sequence_as(output_fw, flat_outputs), state_fw, state_bw
