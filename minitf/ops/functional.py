"""Higher-order functions over the first axis of tensors: `map_fn`, `scan`, `foldl`, `foldr`
(mirrors TF 1.15's functional_ops.py). Each is a `while_loop` over TensorArrays, built with
TF's ops and names (`map/TensorArrayUnstack/...`, `map/while/TensorArrayReadV3`,
`map/TensorArrayStack/TensorArrayGatherV3`), so gradients flow through the loop's and the
TensorArrays' own gradients. They register no op of their own.
"""
from __future__ import annotations

from typing import Any, Callable

from ..framework import nest
from ..framework.convert import convert_to_tensor
from ..framework.graph import name_scope
from ..framework.tensor_shape import Dimension, TensorShape
from . import array as array_ops
from .control_flow import while_loop
from .tensor_array import TensorArray

__all__ = ["map_fn", "scan", "foldl", "foldr"]


def _check_callable(fn: Any) -> None:
    if not callable(fn):
        raise TypeError("fn must be callable.")


def _flat_tensors(elems: Any) -> list:
    return [convert_to_tensor(e, name="elem") for e in nest.flatten(elems)]


def _length(first: Any) -> Any:
    """The number of iterations: the static size of axis 0, else `shape(first)[0]`."""
    return first.shape.dims[0].value or array_ops.shape(first)[0]


def _unstacked(elems_flat: list, n: Any, interleaved: bool = False) -> list:
    """One TensorArray per input holding its slices: all created, then all filled (map_fn,
    scan), or each filled as it is created (`interleaved`: foldl, foldr)."""
    def new(e: Any) -> TensorArray:
        return TensorArray(dtype=e.dtype, size=n, dynamic_size=False, infer_shape=True)
    if interleaved:
        return [new(e).unstack(e) for e in elems_flat]
    arrays = [new(e) for e in elems_flat]
    return [ta.unstack(e) for ta, e in zip(arrays, elems_flat)]


def _set_leading_dim(elems_flat: list, results_flat: list) -> None:
    """Every result's axis 0 gets the static number of elements (merged over the inputs)."""
    n_static = Dimension(elems_flat[0].shape.with_rank_at_least(1).dims[0].value)
    for e in elems_flat[1:]:
        n_static = n_static.merge_with(Dimension(e.shape.with_rank_at_least(1).dims[0].value))
    for r in results_flat:
        r.set_shape(TensorShape([n_static]).concatenate(r.shape[1:]))


def _packers(elems: Any, output: Any) -> tuple:
    """Whether `elems` is a nest, and how to pack flat lists as `elems`, pack them as the
    output (structured as `output`, or as `elems` when it is None) and flatten an output."""
    input_is_sequence = nest.is_sequence(elems)

    def input_pack(x: list) -> Any:
        return nest.pack_sequence_as(elems, x) if input_is_sequence else x[0]

    template, output_is_sequence = (elems, input_is_sequence) if output is None else \
        (output, nest.is_sequence(output))

    def output_pack(x: list) -> Any:
        return nest.pack_sequence_as(template, x) if output_is_sequence else x[0]

    def output_flatten(x: Any) -> list:
        return nest.flatten(x) if output_is_sequence else [x]
    return input_is_sequence, input_pack, output_pack, output_flatten


def map_fn(fn: Callable, elems: Any, dtype: Any = None, parallel_iterations: int | None = None,
           back_prop: bool = True, swap_memory: bool = False, infer_shape: bool = True,
           name: str | None = None) -> Any:
    """`tf.map_fn`: `fn` applied to each slice of `elems` (a tensor or a nest of tensors)
    along axis 0, the results stacked; `dtype` gives the structure and types of `fn`'s output
    when they differ from `elems`'."""
    _check_callable(fn)
    if parallel_iterations is None:
        parallel_iterations = 10
    input_is_sequence, input_pack, output_pack, output_flatten = _packers(elems, dtype)

    elems_flat = nest.flatten(elems) if input_is_sequence else [elems]
    with name_scope(name, "map", elems_flat):
        elems_flat = [convert_to_tensor(e, name="elem") for e in elems_flat]
        dtype = dtype or input_pack([e.dtype for e in elems_flat])
        dtype_flat = output_flatten(dtype)
        static_shape = elems_flat[0].shape
        if static_shape.ndims is not None and static_shape.ndims < 1:
            if len(elems_flat) == 1:
                raise ValueError("elems must be a 1+ dimensional Tensor, not a scalar")
            raise ValueError("elements in elems must be 1+ dimensional Tensors, not scalars")
        n = _length(elems_flat[0])
        elems_ta = _unstacked(elems_flat, n)
        i = convert_to_tensor(0)
        accs_ta = [TensorArray(dtype=dt, size=n, dynamic_size=False, infer_shape=infer_shape)
                   for dt in dtype_flat]

        def compute(i, tas):
            values = fn(input_pack([ta.read(i) for ta in elems_ta]))
            nest.assert_same_structure(dtype, values)
            tas = [ta.write(i, v) for ta, v in zip(tas, output_flatten(values))]
            return (i + 1, tas)

        _, r_a = while_loop(lambda i, _: i < n, compute, (i, accs_ta),
                            parallel_iterations=parallel_iterations, back_prop=back_prop,
                            swap_memory=swap_memory, maximum_iterations=n)
        results_flat = [r.stack() for r in r_a]
        _set_leading_dim(elems_flat, results_flat)
        return output_pack(results_flat)


def scan(fn: Callable, elems: Any, initializer: Any = None, parallel_iterations: int = 10,
         back_prop: bool = True, swap_memory: bool = False, infer_shape: bool = True,
         reverse: bool = False, name: str | None = None) -> Any:
    """`tf.scan`: the running values of `a = fn(a, x)` over the slices `x` of `elems` along
    axis 0 (last to first with `reverse`), stacked; `a` starts at `initializer`, else at the
    first slice (which is then also the first result)."""
    _check_callable(fn)
    input_is_sequence, input_pack, output_pack, output_flatten = _packers(elems,
                                                                          initializer)

    elems_flat = nest.flatten(elems) if input_is_sequence else [elems]
    with name_scope(name, "scan", elems_flat):
        elems_flat = [convert_to_tensor(e, name="elem") for e in elems_flat]
        n = _length(elems_flat[0])
        elems_ta = _unstacked(elems_flat, n)
        if initializer is None:
            a_flat = [ta.read(n - 1 if reverse else 0) for ta in elems_ta]
            start = 1
        else:
            a_flat = [convert_to_tensor(v) for v in output_flatten(initializer)]
            start = 0
        accs_ta = [TensorArray(dtype=a.dtype, size=n, dynamic_size=False,
                               infer_shape=infer_shape) for a in a_flat]
        if initializer is None:
            accs_ta = [ta.write(n - 1 if reverse else 0, a) for ta, a in zip(accs_ta, a_flat)]

        def compute(i, a_flat, tas):
            a_out = fn(output_pack(a_flat), input_pack([ta.read(i) for ta in elems_ta]))
            nest.assert_same_structure(elems if initializer is None else initializer, a_out)
            flat_a_out = output_flatten(a_out)
            tas = [ta.write(i, v) for ta, v in zip(tas, flat_a_out)]
            return (i - 1 if reverse else i + 1, flat_a_out, tas)

        if reverse:
            initial_i = n - 1 - start

            def condition(i, _1, _2):
                return i >= 0
        else:
            initial_i = start

            def condition(i, _1, _2):
                return i < n
        _, _, r_a = while_loop(condition, compute, (initial_i, a_flat, accs_ta),
                               parallel_iterations=parallel_iterations, back_prop=back_prop,
                               swap_memory=swap_memory, maximum_iterations=n)
        results_flat = [r.stack() for r in r_a]
        _set_leading_dim(elems_flat, results_flat)
        return output_pack(results_flat)


def foldl(fn: Callable, elems: Any, initializer: Any = None, parallel_iterations: int = 10,
          back_prop: bool = True, swap_memory: bool = False, name: str | None = None) -> Any:
    """`tf.foldl`: `a = fn(a, x)` over the slices `x` of `elems` along axis 0, first to last;
    the final `a` (starting at `initializer`, else at the first slice)."""
    _check_callable(fn)
    with name_scope(name, "foldl", [elems]):
        elems_flat = _flat_tensors(elems)
        n = _length(elems_flat[0])
        elems_ta = nest.pack_sequence_as(elems, _unstacked(elems_flat, n, interleaved=True))
        if initializer is None:
            a = nest.map_structure(lambda ta: ta.read(0), elems_ta)
            i = convert_to_tensor(1)
        else:
            a = initializer
            i = convert_to_tensor(0)

        def compute(i, a):
            elem_i = nest.map_structure(lambda ta: ta.read(i), elems_ta)
            a = fn(a, elem_i)
            return [i + 1, a]

        _, r_a = while_loop(lambda i, a: i < n, compute, [i, a],
                            parallel_iterations=parallel_iterations, back_prop=back_prop,
                            swap_memory=swap_memory, maximum_iterations=n)
        return r_a


def foldr(fn: Callable, elems: Any, initializer: Any = None, parallel_iterations: int = 10,
          back_prop: bool = True, swap_memory: bool = False, name: str | None = None) -> Any:
    """`tf.foldr`: `a = fn(a, x)` over the slices `x` of `elems` along axis 0, last to first;
    the final `a` (starting at `initializer`, else at the last slice)."""
    _check_callable(fn)
    with name_scope(name, "foldr", [elems]):
        elems_flat = _flat_tensors(elems)
        n = _length(elems_flat[0])
        elems_ta = nest.pack_sequence_as(elems, _unstacked(elems_flat, n, interleaved=True))
        if initializer is None:
            i = n - 1
            a = nest.map_structure(lambda ta: ta.read(i), elems_ta)
        else:
            i = n
            a = initializer

        def compute(i, a):
            i -= 1
            elem = nest.map_structure(lambda ta: ta.read(i), elems_ta)
            return [i, fn(a, elem)]

        _, r_a = while_loop(lambda i, a: i > 0, compute, [i, a],
                            parallel_iterations=parallel_iterations, back_prop=back_prop,
                            swap_memory=swap_memory, maximum_iterations=n)
        return r_a
