"""The optimizers' update ops: ApplyGradientDescent, ApplyMomentum, ApplyAdam, ApplyRMSProp,
ApplyCenteredRMSProp, ApplyAdagrad, ApplyAdadelta, ApplyProximalGradientDescent,
ApplyProximalAdagrad, ApplyFtrl(V2), ApplyAdagradDA and the SparseApply* ops the TF1
optimizers use for IndexedSlices gradients (mirrors training_ops.cc and gen_training_ops.py of TF 1.15).

Each op takes the variable and its slots as ref inputs (`ctx.refs`), the hyper-parameters as
scalars and the gradient, and updates the stored arrays in place, in the order of operations of
TF's CPU kernels. The stored arrays stay read-only and are written through views (see
`state._Writers`), so a value fetched earlier never changes. Temporaries live in a small pool
per kernel, so a step allocates no full-size array once the pool is warm. Ops built with
`use_locking` take the session's lock; others may race, as TF lets them.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from ..framework import errors, registry
from ..framework.dtypes import int64 as _int64
from ..framework.convert import convert_to_tensor
from ..framework.graph import Operation, Tensor, get_default_graph, name_scope
from ..framework.tensor_shape import Dimension, TensorShape, merge_checked
from .common_shapes import NUMBER_TYPES, check_dtype_allowed, shape_str
from .math import _convert_to_type
from .state import _locked, _Writers

_INDEX_TYPES = ("int32", "int64")


class _OpSpec:
    """One update op: its input names (refs first), scalar inputs, the gradient's position,
    whether it is sparse (an `indices` input follows the gradient), its bool attrs and the
    checks its kernel makes of hyper-parameter values."""

    def __init__(self, inputs: Sequence[str], refs: int, scalars: Sequence[str],
                 sparse: bool = False, attrs: Sequence[str] = (),
                 checks: Sequence[tuple[str, Callable, str]] = ()):
        self.inputs = tuple(inputs)
        self.refs = refs
        self.scalars = tuple(scalars)
        self.grad = self.inputs.index("grad" if "grad" in self.inputs else "delta")
        self.sparse = sparse
        self.attrs = tuple(attrs)
        # (scalar, test of its value, message): TF's run-time checks of hyper-parameters
        self.checks = tuple(checks)


# --------------------------------------------------------------------------------------------
# Shape rule (TF's Apply*ShapeFn): var and slots merge, scalars have rank 0, a dense gradient
# merges with the variable; a sparse one has a vector of indices as long as its first
# dimension and the variable's shape past the first dimension.

def _rank0(t: Tensor) -> None:
    if t.shape.ndims is not None and t.shape.ndims != 0:
        raise ValueError(f"Shape must be rank 0 but is rank {t.shape.ndims}")


def _infer(spec: _OpSpec) -> Callable:
    def infer(op: Operation):
        inputs = dict(zip(spec.inputs, op.inputs))
        shape = op.inputs[0].shape
        for t in op.inputs[1:spec.refs]:
            shape = merge_checked(shape, t.shape)
        for name in spec.inputs[spec.refs:]:
            t = inputs[name]
            if name in spec.scalars:
                _rank0(t)
            elif name in ("grad", "delta"):
                shape = _merge_grad(shape, t, inputs.get("indices"), spec.sparse)
        return [(op.inputs[0].dtype._as_ref, shape)]
    return infer


def _merge_grad(shape: TensorShape, grad: Tensor, indices: Tensor | None,
                sparse: bool) -> TensorShape:
    if not sparse:
        return merge_checked(shape, grad.shape)
    if indices.shape.ndims is not None and indices.shape.ndims != 1:
        raise ValueError(f"Shape must be rank 1 but is rank {indices.shape.ndims}")
    if grad.shape.ndims is None:
        return shape
    if grad.shape.ndims == 0:
        raise ValueError("Argument grad must not be a scalar. Got grad with rank 0")
    rows = indices.shape[0] if indices.shape.ndims == 1 else Dimension(None)
    first = grad.shape[0]
    if not rows.is_compatible_with(first):
        raise ValueError(f"Dimensions must be equal, but are {rows} and {first}")
    return merge_checked(shape, TensorShape([None]).concatenate(grad.shape[1:]))


# --------------------------------------------------------------------------------------------
# Kernels

class _Pool:
    """Scratch arrays of one kernel, reused from step to step (taken and given back, so that
    two threads running the same plan never share one)."""

    def __init__(self, xp: Any):
        self._xp = xp
        self._free: list = []

    def take(self, like: Any) -> Any:
        try:
            buf = self._free.pop()
        except IndexError:
            return self._xp.empty_like(like)
        if buf.shape != like.shape or buf.dtype != like.dtype:
            return self._xp.empty_like(like)
        return buf

    def give(self, *bufs: Any) -> None:
        self._free.extend(bufs)


def _invalid(message: str) -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(None, None, message)


def _check_refs(names: Sequence[str], arrays: Sequence[Any]) -> None:
    var = arrays[0]
    for name, a in zip(names[1:], arrays[1:]):
        if a.shape != var.shape:
            raise _invalid(f"var and {name} do not have the same shape"
                           f"{shape_str(var.shape)} {shape_str(a.shape)}")


def _check_scalars(names: Sequence[str], scalars: Sequence[Any]) -> None:
    for name, s in zip(names, scalars):
        if getattr(s, "ndim", 0) != 0:
            raise _invalid(f"{name} is not a scalar: {shape_str(s.shape)}")


def _check_sparse(var: Any, grad: Any, indices: Any) -> None:
    """TF's run-time checks of a SparseApply op's variable, gradient and indices."""
    if var.ndim < 1:
        raise _invalid("var must be at least 1 dimensional")
    if indices.ndim != 1:
        raise _invalid("indices must be one-dimensional")
    for d in range(1, var.ndim):
        if grad.ndim <= d or grad.shape[d] != var.shape[d]:
            raise _invalid(f"var and grad must match in dimension {d}")
    if grad.shape[0] != indices.shape[0]:
        raise _invalid("grad must be the same size as indices in the first dimension.")
    rows = var.shape[0]
    if indices.size and (int(indices.min()) < 0 or int(indices.max()) >= rows):
        bad = int(((indices < 0) | (indices >= rows)).nonzero()[0][0])
        raise _invalid(f"Index {int(indices[bad])} at offset {bad} in indices is out of range")


def _kernel(spec: _OpSpec, update: Callable) -> Callable:
    """The kernel factory of an update op: finds the variable and slot arrays, checks them
    as TF does, and calls `update(xp, pool, attrs, arrays, scalars, grad)` on writable views
    of them (rows of them for a sparse op). Scalars arrive as numpy scalars (0-d arrays on
    CuPy), in the order of `spec.scalars`."""
    ref_names = spec.inputs[:spec.refs]
    value_names = spec.inputs[spec.refs:]
    scalar_pos = tuple(value_names.index(n) for n in spec.scalars)
    grad_pos = value_names.index(spec.inputs[spec.grad])
    grad_name = spec.inputs[spec.grad]
    indices_pos = value_names.index("indices") if spec.sparse else None

    def factory(ctx: registry.KernelContext):
        xp = ctx.xp
        writers = _Writers(ctx.resources)
        lock = _locked(ctx.attrs.get("use_locking"), ctx.resources)
        keys = ctx.refs
        attrs = {k: ctx.attrs.get(k) for k in spec.attrs}
        pool = _Pool(xp)
        parallel = getattr(xp, "__name__", "") == "numpy" and _WORKERS > 1

        def apply(*values):
            scalars = tuple(values[i][()] for i in scalar_pos)
            grad = values[grad_pos]
            with lock:
                pairs = [writers.get(key) for key in keys]
                arrays = [view for _, view in pairs]
                _check_refs(ref_names, arrays)
                if len(scalars) and any(getattr(x, "ndim", 0) for x in scalars):
                    _check_scalars(spec.scalars, scalars)
                for name, test, message in spec.checks:
                    if not test(scalars[spec.scalars.index(name)]):
                        raise _invalid(f"{message}: []")
                if indices_pos is None:
                    if grad.shape != arrays[0].shape:
                        raise _invalid(f"var and {grad_name} do not have the same shape"
                                       f"{shape_str(arrays[0].shape)} {shape_str(grad.shape)}")
                    if parallel and arrays[0].size >= _SPLIT_MIN and all(
                            a.flags.c_contiguous for a in arrays):
                        _split(update, xp, pool, attrs, arrays, scalars, grad)
                    else:
                        update(xp, pool, attrs, arrays, scalars, grad)
                else:
                    indices = values[indices_pos]
                    _check_sparse(arrays[0], grad, indices)
                    _sparse_rows(xp, update, pool, attrs, arrays, scalars, grad, indices)
            return pairs[0][0]
        return apply
    return factory


# A large dense update runs in cache-sized chunks, spread over the CPU cores: each chunk goes
# through all of the rule's passes while it is in cache (numpy releases the GIL in ufuncs).
_CHUNK = 1 << 18
_SPLIT_MIN = 1 << 17
_WORKERS = min(os.cpu_count() or 1, 8)
_executor: Any = None  # a concurrent.futures.ThreadPoolExecutor, made on first use


def _split(update: Callable, xp: Any, pool: _Pool, attrs: dict, arrays: list, scalars: tuple,
           grad: Any) -> None:
    global _executor
    flat = [a.reshape(-1) for a in arrays]
    g = grad.reshape(-1)
    n = flat[0].size
    per = -(-n // _WORKERS)

    def work(lo: int, hi: int) -> None:
        for start in range(lo, hi, _CHUNK):
            end = min(start + _CHUNK, hi)
            update(xp, pool, attrs, [f[start:end] for f in flat], scalars, g[start:end])
    if _executor is None:
        import concurrent.futures  # noqa: PLC0415 - only when a large update comes
        _executor = concurrent.futures.ThreadPoolExecutor(_WORKERS - 1,
                                                          thread_name_prefix="minitf-update")
    others = [_executor.submit(work, lo, min(lo + per, n)) for lo in range(per, n, per)]
    work(0, min(per, n))
    for f in others:
        f.result()


def _sparse_rows(xp: Any, update: Callable, pool: _Pool, attrs: dict, arrays: list,
                 scalars: tuple, grad: Any, indices: Any) -> None:
    """Runs a row update on the rows `indices`: all at once for distinct indices, one row
    after the other (as TF's CPU kernels) when some repeat."""
    if indices.size == 0:
        return
    if xp.unique(indices).size == indices.size:
        groups = [(indices, grad)]
    else:
        groups = [(indices[i:i + 1], grad[i:i + 1]) for i in range(indices.shape[0])]
    for idx, g in groups:
        rows = [a[idx] for a in arrays]
        update(xp, pool, attrs, rows, scalars, g)
        for a, r in zip(arrays, rows):
            a[idx] = r


# ---- the update rules (`arrays` = var and slots, updated in place; `s` = the scalars)

def _gradient_descent(xp, pool, attrs, arrays, s, grad):
    (var,), (alpha,) = arrays, s
    t = pool.take(var)
    xp.multiply(grad, alpha, out=t)
    var -= t
    pool.give(t)


def _momentum(xp, pool, attrs, arrays, s, grad):
    (var, accum), (lr, momentum) = arrays, s
    accum *= momentum
    accum += grad
    t = pool.take(var)
    if attrs["use_nesterov"]:
        u = pool.take(var)
        xp.multiply(grad, lr, out=t)
        xp.multiply(accum, momentum, out=u)
        u *= lr
        t += u
        pool.give(u)
    else:
        xp.multiply(accum, lr, out=t)
    var -= t
    pool.give(t)


def _adam(xp, pool, attrs, arrays, s, grad):
    (var, m, v), (beta1_power, beta2_power, lr, beta1, beta2, epsilon) = arrays, s
    alpha = lr * xp.sqrt(1 - beta2_power) / (1 - beta1_power)
    t, u = pool.take(var), pool.take(var)
    xp.subtract(grad, m, out=t)
    t *= 1 - beta1
    m += t
    xp.multiply(grad, grad, out=t)
    t -= v
    t *= 1 - beta2
    v += t
    if attrs["use_nesterov"]:
        xp.multiply(grad, 1 - beta1, out=u)
        xp.multiply(m, beta1, out=t)
        u += t
        u *= alpha
    else:
        xp.multiply(m, alpha, out=u)
    xp.sqrt(v, out=t)
    t += epsilon
    u /= t
    var -= u
    pool.give(t, u)


def _rms_prop(xp, pool, attrs, arrays, s, grad):
    (var, ms, mom), (lr, rho, momentum, epsilon) = arrays, s
    t, u = pool.take(var), pool.take(var)
    xp.multiply(grad, grad, out=t)
    t -= ms
    t *= 1 - rho
    ms += t
    xp.add(ms, epsilon, out=t)
    xp.sqrt(t, out=t)
    xp.multiply(grad, lr, out=u)
    u /= t
    mom *= momentum
    mom += u
    var -= mom
    pool.give(t, u)


def _centered_rms_prop(xp, pool, attrs, arrays, s, grad):
    (var, mg, ms, mom), (lr, rho, momentum, epsilon) = arrays, s
    one_minus_rho = 1 - rho
    t, u = pool.take(var), pool.take(var)
    xp.multiply(grad, grad, out=t)
    t -= ms
    t *= one_minus_rho
    ms += t
    xp.subtract(grad, mg, out=t)
    t *= one_minus_rho
    mg += t
    xp.multiply(mg, mg, out=t)
    xp.subtract(ms, t, out=t)
    t += epsilon
    xp.sqrt(t, out=t)
    xp.multiply(grad, lr, out=u)
    u /= t
    mom *= momentum
    mom += u
    var -= mom
    pool.give(t, u)


def _adagrad(xp, pool, attrs, arrays, s, grad):
    (var, accum), (lr,) = arrays, s
    t, u = pool.take(var), pool.take(var)
    if attrs["update_slots"]:
        xp.multiply(grad, grad, out=t)
        accum += t
    xp.sqrt(accum, out=t)
    xp.multiply(grad, lr, out=u)
    u /= t
    var -= u
    pool.give(t, u)


def _adadelta(xp, pool, attrs, arrays, s, grad):
    (var, accum, accum_update), (lr, rho, epsilon) = arrays, s
    t, u = pool.take(var), pool.take(var)
    xp.multiply(grad, grad, out=t)
    t *= 1 - rho
    accum *= rho
    accum += t
    xp.add(accum_update, epsilon, out=t)
    xp.sqrt(t, out=t)
    xp.add(accum, epsilon, out=u)
    xp.sqrt(u, out=u)
    t /= u
    t *= grad  # t is the update
    xp.multiply(t, lr, out=u)
    var -= u
    xp.multiply(t, t, out=u)
    u *= 1 - rho
    accum_update *= rho
    accum_update += u
    pool.give(t, u)


# ---- the row rules of the SparseApply ops, as TF's CPU kernels write them

def _sparse_momentum(xp, pool, attrs, rows, s, grad):
    (var, accum), (lr, momentum) = rows, s
    accum *= momentum
    accum += grad
    if attrs["use_nesterov"]:
        var -= lr * grad + lr * momentum * accum
    else:
        var -= lr * accum


def _sparse_rms_prop(xp, pool, attrs, rows, s, grad):
    (var, ms, mom), (lr, rho, momentum, epsilon) = rows, s
    ms *= rho
    ms += grad * grad * (1 - rho)
    mom *= momentum
    mom += lr / xp.sqrt(ms + epsilon) * grad
    var -= mom


def _sparse_centered_rms_prop(xp, pool, attrs, rows, s, grad):
    (var, mg, ms, mom), (lr, rho, momentum, epsilon) = rows, s
    ms *= rho
    ms += grad * grad * (1 - rho)
    mg *= rho
    mg += grad * (1 - rho)
    denom = ms + epsilon - mg * mg
    mom *= momentum
    mom += lr / xp.sqrt(denom) * grad
    var -= mom


def _sparse_adagrad(xp, pool, attrs, rows, s, grad):
    (var, accum), (lr,) = rows, s
    if attrs["update_slots"]:
        accum += grad * grad
    var -= lr * grad / xp.sqrt(accum)


def _sparse_adadelta(xp, pool, attrs, rows, s, grad):
    (var, accum, accum_update), (lr, rho, epsilon) = rows, s
    accum *= rho
    accum += grad * grad * (1 - rho)
    update = xp.sqrt(accum_update + epsilon) / xp.sqrt(accum + epsilon) * grad
    var -= update * lr
    accum_update *= rho
    accum_update += update * update * (1 - rho)


# ---- the proximal, FTRL and AdagradDA rules (TF's CPU functors; sparse ops use them per row,
# except SparseApplyAdagradDA, whose kernel writes the update in another, equal, form)

def _proximal_step(xp, var, prox, lr, l1, l2):
    """Fobos: var = sign(prox) * max(|prox| - lr * l1, 0) / (1 + l2 * lr) (without the max
    when l1 is 0), lr a scalar or an array."""
    if l1 > 0:
        var[...] = xp.sign(prox) * xp.maximum(xp.abs(prox) - lr * l1, 0) / (1 + l2 * lr)
    else:
        var[...] = prox / (1 + l2 * lr)


def _proximal_gradient_descent(xp, pool, attrs, arrays, s, grad):
    (var,), (lr, l1, l2) = arrays, s
    _proximal_step(xp, var, var - grad * lr, lr, l1, l2)


def _proximal_adagrad(xp, pool, attrs, arrays, s, grad):
    (var, accum), (lr, l1, l2) = arrays, s
    accum += grad * grad
    learning_rate = lr / xp.sqrt(accum)
    _proximal_step(xp, var, var - grad * learning_rate, learning_rate, l1, l2)


def _ftrl_rule(xp, var, accum, linear, grad, grad_shrunk, lr, l1, l2, lr_power):
    """The FTRL-proximal step: linear gathers the gradient less the change of the
    per-coordinate rate times var, var is the closed-form minimizer (0 where |linear| <= l1);
    lr_power -0.5 uses square roots."""
    new_accum = accum + grad * grad
    if lr_power == -0.5:
        linear += grad_shrunk - (xp.sqrt(new_accum) - xp.sqrt(accum)) / lr * var
        y = xp.sqrt(new_accum) / lr + 2 * l2
    else:
        linear += grad_shrunk - (new_accum ** -lr_power - accum ** -lr_power) / lr * var
        y = new_accum ** -lr_power / lr + 2 * l2
    x = l1 * xp.sign(linear) - linear
    var[...] = xp.where(xp.abs(linear) > l1, x / y, 0)
    accum += grad * grad


def _ftrl(xp, pool, attrs, arrays, s, grad):
    (var, accum, linear), (lr, l1, l2, lr_power) = arrays, s
    _ftrl_rule(xp, var, accum, linear, grad, grad, lr, l1, l2, lr_power)


def _ftrl_v2(xp, pool, attrs, arrays, s, grad):
    """FTRL with an L2 shrinkage of var added to the gradient of the linear term."""
    (var, accum, linear), (lr, l1, l2, l2_shrinkage, lr_power) = arrays, s
    _ftrl_rule(xp, var, accum, linear, grad, grad + 2 * l2_shrinkage * var, lr, l1, l2,
               lr_power)


def _adagrad_da(xp, pool, attrs, arrays, s, grad):
    """Dual averaging: var = -lr * shrink(g_acc, t * l1) / (t * l2 * lr + sqrt(gg_acc))."""
    (var, g_acc, gg_acc), (lr, l1, l2, step) = arrays, s
    g_acc += grad
    gg_acc += grad * grad
    step = var.dtype.type(step)
    denominator = step * l2 * lr + xp.sqrt(gg_acc)
    if l1 > 0:
        var[...] = lr * xp.sign(-g_acc) * xp.maximum(xp.abs(g_acc) - step * l1, 0) / denominator
    else:
        var[...] = lr * g_acc * -1 / denominator


def _sparse_adagrad_da(xp, pool, attrs, rows, s, grad):
    """SparseApplyAdagradDA's own form: -sign(g_acc) * max(|g_acc| / t - l1, 0) /
    (l2 + sqrt(gg_acc) / (t * lr))."""
    (var, g_acc, gg_acc), (lr, l1, l2, step) = rows, s
    g_acc += grad
    gg_acc += grad * grad
    step = var.dtype.type(step)
    denominator = l2 + xp.sqrt(gg_acc) / (step * lr)
    if l1 > 0:
        var[...] = -1 * xp.sign(g_acc) * xp.maximum(xp.abs(g_acc) / step - l1, 0) / denominator
    else:
        var[...] = -1 * (g_acc / step) / denominator


def _positive(v) -> bool:
    return v > 0


def _non_negative(v) -> bool:
    return v >= 0


def _non_positive(v) -> bool:
    return v <= 0


_LR_CHECK = ("lr", _positive, "lr is not a positive scalar")
_L1_CHECK = ("l1", _non_negative, "l1 regularization strength is not a non-negative scalar")
_L2_CHECK = ("l2", _non_negative, "l2 regularization strength is not a non-negative scalar")
_FTRL_CHECKS = (_LR_CHECK, _L1_CHECK, _L2_CHECK,
                ("lr_power", _non_positive, "lr_power is not a non-positive scalar"))
_FTRL_V2_CHECKS = _FTRL_CHECKS + (
    ("l2_shrinkage", _non_negative,
     "l2 shrinkage regularization strength is not a non-negative scalar"),)


# --------------------------------------------------------------------------------------------
# Registrations

_SPECS: dict[str, tuple[_OpSpec, Callable]] = {
    "ApplyGradientDescent": (_OpSpec(["var", "alpha", "delta"], 1, ["alpha"]),
                             _gradient_descent),
    "ApplyMomentum": (_OpSpec(["var", "accum", "lr", "grad", "momentum"], 2,
                              ["lr", "momentum"], attrs=["use_nesterov"]), _momentum),
    "SparseApplyMomentum": (_OpSpec(["var", "accum", "lr", "grad", "indices", "momentum"], 2,
                                    ["lr", "momentum"], sparse=True, attrs=["use_nesterov"]),
                            _sparse_momentum),
    "ApplyAdam": (_OpSpec(["var", "m", "v", "beta1_power", "beta2_power", "lr", "beta1",
                           "beta2", "epsilon", "grad"], 3,
                          ["beta1_power", "beta2_power", "lr", "beta1", "beta2", "epsilon"],
                          attrs=["use_nesterov"]), _adam),
    "ApplyRMSProp": (_OpSpec(["var", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad"],
                             3, ["lr", "rho", "momentum", "epsilon"]), _rms_prop),
    "SparseApplyRMSProp": (_OpSpec(["var", "ms", "mom", "lr", "rho", "momentum", "epsilon",
                                    "grad", "indices"], 3,
                                   ["lr", "rho", "momentum", "epsilon"], sparse=True),
                           _sparse_rms_prop),
    "ApplyCenteredRMSProp": (_OpSpec(["var", "mg", "ms", "mom", "lr", "rho", "momentum",
                                      "epsilon", "grad"], 4,
                                     ["lr", "rho", "momentum", "epsilon"]),
                             _centered_rms_prop),
    "SparseApplyCenteredRMSProp": (_OpSpec(["var", "mg", "ms", "mom", "lr", "rho", "momentum",
                                            "epsilon", "grad", "indices"], 4,
                                           ["lr", "rho", "momentum", "epsilon"], sparse=True),
                                   _sparse_centered_rms_prop),
    "ApplyAdagrad": (_OpSpec(["var", "accum", "lr", "grad"], 2, ["lr"],
                             attrs=["update_slots"]), _adagrad),
    "SparseApplyAdagrad": (_OpSpec(["var", "accum", "lr", "grad", "indices"], 2, ["lr"],
                                   sparse=True, attrs=["update_slots"]), _sparse_adagrad),
    "ApplyAdadelta": (_OpSpec(["var", "accum", "accum_update", "lr", "rho", "epsilon", "grad"],
                              3, ["lr", "rho", "epsilon"]), _adadelta),
    "SparseApplyAdadelta": (_OpSpec(["var", "accum", "accum_update", "lr", "rho", "epsilon",
                                     "grad", "indices"], 3, ["lr", "rho", "epsilon"],
                                    sparse=True), _sparse_adadelta),
    "ApplyProximalGradientDescent": (_OpSpec(["var", "alpha", "l1", "l2", "delta"], 1,
                                             ["alpha", "l1", "l2"]),
                                     _proximal_gradient_descent),
    "SparseApplyProximalGradientDescent": (_OpSpec(["var", "alpha", "l1", "l2", "grad",
                                                    "indices"], 1, ["alpha", "l1", "l2"],
                                                   sparse=True), _proximal_gradient_descent),
    "ApplyProximalAdagrad": (_OpSpec(["var", "accum", "lr", "l1", "l2", "grad"], 2,
                                     ["lr", "l1", "l2"], checks=(_LR_CHECK, _L1_CHECK,
                                                                 _L2_CHECK)),
                             _proximal_adagrad),
    "SparseApplyProximalAdagrad": (_OpSpec(["var", "accum", "lr", "l1", "l2", "grad",
                                            "indices"], 2, ["lr", "l1", "l2"], sparse=True,
                                           checks=(_LR_CHECK, _L1_CHECK, _L2_CHECK)),
                                   _proximal_adagrad),
    "ApplyFtrl": (_OpSpec(["var", "accum", "linear", "grad", "lr", "l1", "l2", "lr_power"], 3,
                          ["lr", "l1", "l2", "lr_power"]), _ftrl),
    "SparseApplyFtrl": (_OpSpec(["var", "accum", "linear", "grad", "indices", "lr", "l1", "l2",
                                 "lr_power"], 3, ["lr", "l1", "l2", "lr_power"], sparse=True,
                                checks=_FTRL_CHECKS), _ftrl),
    "ApplyFtrlV2": (_OpSpec(["var", "accum", "linear", "grad", "lr", "l1", "l2",
                             "l2_shrinkage", "lr_power"], 3,
                            ["lr", "l1", "l2", "l2_shrinkage", "lr_power"]), _ftrl_v2),
    "SparseApplyFtrlV2": (_OpSpec(["var", "accum", "linear", "grad", "indices", "lr", "l1",
                                   "l2", "l2_shrinkage", "lr_power"], 3,
                                  ["lr", "l1", "l2", "l2_shrinkage", "lr_power"], sparse=True,
                                  checks=_FTRL_V2_CHECKS), _ftrl_v2),
    "ApplyAdagradDA": (_OpSpec(["var", "gradient_accumulator", "gradient_squared_accumulator",
                                "grad", "lr", "l1", "l2", "global_step"], 3,
                               ["lr", "l1", "l2", "global_step"]), _adagrad_da),
    "SparseApplyAdagradDA": (_OpSpec(["var", "gradient_accumulator",
                                      "gradient_squared_accumulator", "grad", "indices", "lr",
                                      "l1", "l2", "global_step"], 3,
                                     ["lr", "l1", "l2", "global_step"], sparse=True),
                             _sparse_adagrad_da),
}

for _op_type, (_spec, _update) in _SPECS.items():
    registry.register(_op_type, infer=_infer(_spec), kernel=_kernel(_spec, _update),
                      grad=registry.NOT_DIFFERENTIABLE, stateful=True,
                      ref_inputs=tuple(range(_spec.refs)))


# --------------------------------------------------------------------------------------------
# Builders (gen_training_ops): inputs converted as TF's op-definition library does

def _ref_input(value: Any, op_type: str, param: str) -> Tensor:
    """The ref tensor behind a variable (or a `*_ref` tensor)."""
    if not isinstance(value, Tensor) and hasattr(value, "_ref"):
        value = value._ref()
    if not isinstance(value, Tensor) or not value.dtype._is_ref_dtype:
        raise TypeError(f"'{op_type}' Op requires that input '{param}' be a mutable tensor "
                        f"(e.g.: a tf.Variable)")
    return value


def _build(op_type: str, args: dict, attrs: dict, name: str | None) -> Tensor:
    spec = _SPECS[op_type][0]
    var = _ref_input(args["var"], op_type, "var")
    dtype = var.dtype.base_dtype
    check_dtype_allowed(dtype, "var", NUMBER_TYPES)
    mismatch = f"type {dtype.name} of argument 'var'"
    g = var.graph
    with g.as_default(), name_scope(name or op_type) as scope:
        inputs = [var]
        for param in spec.inputs[1:]:
            value = args[param]
            if param == "indices":
                t = convert_to_tensor(value, name="indices")
                check_dtype_allowed(t.dtype, "indices", _INDEX_TYPES)
                attrs = {**attrs, "Tindices": t.dtype.base_dtype}
            elif param == "global_step":
                t = _convert_to_type(op_type, param, value, _int64, "expected type of int64")
            elif spec.inputs.index(param) < spec.refs:
                t = _ref_input(value, op_type, param)
                if t.dtype.base_dtype != dtype:
                    raise TypeError(f"Input '{param}' of '{op_type}' Op has type "
                                    f"{t.dtype.base_dtype.name} that does not match {mismatch}.")
            else:
                t = _convert_to_type(op_type, param, value, dtype, mismatch)
            inputs.append(t)
        return get_default_graph().create_op(op_type, inputs, {"T": dtype, **attrs},
                                             name=scope).outputs[0]


def apply_gradient_descent(var: Any, alpha: Any, delta: Any, use_locking: bool = False,
                           name: str | None = None) -> Tensor:
    """`var -= alpha * delta`."""
    return _build("ApplyGradientDescent", {"var": var, "alpha": alpha, "delta": delta},
                  {"use_locking": bool(use_locking)}, name)


def apply_momentum(var: Any, accum: Any, lr: Any, grad: Any, momentum: Any,
                   use_locking: bool = False, use_nesterov: bool = False,
                   name: str | None = None) -> Tensor:
    """`accum = accum * momentum + grad; var -= lr * accum` (Nesterov: `var -= lr * grad +
    lr * momentum * accum`)."""
    return _build("ApplyMomentum", {"var": var, "accum": accum, "lr": lr, "grad": grad,
                                    "momentum": momentum},
                  {"use_locking": bool(use_locking), "use_nesterov": bool(use_nesterov)}, name)


def sparse_apply_momentum(var: Any, accum: Any, lr: Any, grad: Any, indices: Any,
                          momentum: Any, use_locking: bool = False, use_nesterov: bool = False,
                          name: str | None = None) -> Tensor:
    """ApplyMomentum on the rows `indices` only."""
    return _build("SparseApplyMomentum", {"var": var, "accum": accum, "lr": lr, "grad": grad,
                                          "indices": indices, "momentum": momentum},
                  {"use_locking": bool(use_locking), "use_nesterov": bool(use_nesterov)}, name)


def apply_adam(var: Any, m: Any, v: Any, beta1_power: Any, beta2_power: Any, lr: Any,
               beta1: Any, beta2: Any, epsilon: Any, grad: Any, use_locking: bool = False,
               use_nesterov: bool = False, name: str | None = None) -> Tensor:
    """Adam's step with bias-corrected rate `lr * sqrt(1 - beta2_power) / (1 - beta1_power)`
    and `epsilon` added to the uncorrected `sqrt(v)`."""
    return _build("ApplyAdam", {"var": var, "m": m, "v": v, "beta1_power": beta1_power,
                                "beta2_power": beta2_power, "lr": lr, "beta1": beta1,
                                "beta2": beta2, "epsilon": epsilon, "grad": grad},
                  {"use_locking": bool(use_locking), "use_nesterov": bool(use_nesterov)}, name)


def apply_rms_prop(var: Any, ms: Any, mom: Any, lr: Any, rho: Any, momentum: Any,
                   epsilon: Any, grad: Any, use_locking: bool = False,
                   name: str | None = None) -> Tensor:
    """`ms += (grad² - ms)(1 - rho); mom = mom * momentum + lr * grad / sqrt(ms + epsilon);
    var -= mom`."""
    return _build("ApplyRMSProp", {"var": var, "ms": ms, "mom": mom, "lr": lr, "rho": rho,
                                   "momentum": momentum, "epsilon": epsilon, "grad": grad},
                  {"use_locking": bool(use_locking)}, name)


def sparse_apply_rms_prop(var: Any, ms: Any, mom: Any, lr: Any, rho: Any, momentum: Any,
                          epsilon: Any, grad: Any, indices: Any, use_locking: bool = False,
                          name: str | None = None) -> Tensor:
    """ApplyRMSProp on the rows `indices` only."""
    return _build("SparseApplyRMSProp", {"var": var, "ms": ms, "mom": mom, "lr": lr,
                                         "rho": rho, "momentum": momentum, "epsilon": epsilon,
                                         "grad": grad, "indices": indices},
                  {"use_locking": bool(use_locking)}, name)


def apply_centered_rms_prop(var: Any, mg: Any, ms: Any, mom: Any, lr: Any, rho: Any,
                            momentum: Any, epsilon: Any, grad: Any, use_locking: bool = False,
                            name: str | None = None) -> Tensor:
    """RMSProp normalised by the centred second moment `ms - mg²`."""
    return _build("ApplyCenteredRMSProp", {"var": var, "mg": mg, "ms": ms, "mom": mom,
                                           "lr": lr, "rho": rho, "momentum": momentum,
                                           "epsilon": epsilon, "grad": grad},
                  {"use_locking": bool(use_locking)}, name)


def sparse_apply_centered_rms_prop(var: Any, mg: Any, ms: Any, mom: Any, lr: Any, rho: Any,
                                   momentum: Any, epsilon: Any, grad: Any, indices: Any,
                                   use_locking: bool = False,
                                   name: str | None = None) -> Tensor:
    """ApplyCenteredRMSProp on the rows `indices` only."""
    return _build("SparseApplyCenteredRMSProp",
                  {"var": var, "mg": mg, "ms": ms, "mom": mom, "lr": lr, "rho": rho,
                   "momentum": momentum, "epsilon": epsilon, "grad": grad, "indices": indices},
                  {"use_locking": bool(use_locking)}, name)


def apply_adagrad(var: Any, accum: Any, lr: Any, grad: Any, use_locking: bool = False,
                  update_slots: bool = True, name: str | None = None) -> Tensor:
    """`accum += grad²; var -= lr * grad / sqrt(accum)`."""
    return _build("ApplyAdagrad", {"var": var, "accum": accum, "lr": lr, "grad": grad},
                  {"use_locking": bool(use_locking), "update_slots": bool(update_slots)}, name)


def sparse_apply_adagrad(var: Any, accum: Any, lr: Any, grad: Any, indices: Any,
                         use_locking: bool = False, update_slots: bool = True,
                         name: str | None = None) -> Tensor:
    """ApplyAdagrad on the rows `indices` only."""
    return _build("SparseApplyAdagrad", {"var": var, "accum": accum, "lr": lr, "grad": grad,
                                         "indices": indices},
                  {"use_locking": bool(use_locking), "update_slots": bool(update_slots)}, name)


def apply_adadelta(var: Any, accum: Any, accum_update: Any, lr: Any, rho: Any, epsilon: Any,
                   grad: Any, use_locking: bool = False, name: str | None = None) -> Tensor:
    """Adadelta: the step is `sqrt(accum_update + eps) / sqrt(accum + eps) * grad`, scaled by
    `lr`; both accumulators decay with `rho`."""
    return _build("ApplyAdadelta", {"var": var, "accum": accum, "accum_update": accum_update,
                                    "lr": lr, "rho": rho, "epsilon": epsilon, "grad": grad},
                  {"use_locking": bool(use_locking)}, name)


def sparse_apply_adadelta(var: Any, accum: Any, accum_update: Any, lr: Any, rho: Any,
                          epsilon: Any, grad: Any, indices: Any, use_locking: bool = False,
                          name: str | None = None) -> Tensor:
    """ApplyAdadelta on the rows `indices` only."""
    return _build("SparseApplyAdadelta", {"var": var, "accum": accum,
                                          "accum_update": accum_update, "lr": lr, "rho": rho,
                                          "epsilon": epsilon, "grad": grad, "indices": indices},
                  {"use_locking": bool(use_locking)}, name)


def _locking(op_type: str, args: dict, use_locking: bool, name: str | None) -> Tensor:
    return _build(op_type, args, {"use_locking": bool(use_locking)}, name)


def apply_proximal_gradient_descent(var: Any, alpha: Any, l1: Any, l2: Any, delta: Any,
                                    use_locking: bool = False,
                                    name: str | None = None) -> Tensor:
    """FOBOS with a fixed rate: `prox = var - alpha * delta`, then soft-thresholded by
    `alpha * l1` and shrunk by `1 + alpha * l2`."""
    return _locking("ApplyProximalGradientDescent",
                    {"var": var, "alpha": alpha, "l1": l1, "l2": l2, "delta": delta},
                    use_locking, name)


def sparse_apply_proximal_gradient_descent(var: Any, alpha: Any, l1: Any, l2: Any, grad: Any,
                                           indices: Any, use_locking: bool = False,
                                           name: str | None = None) -> Tensor:
    """ApplyProximalGradientDescent on the rows `indices` only."""
    return _locking("SparseApplyProximalGradientDescent",
                    {"var": var, "alpha": alpha, "l1": l1, "l2": l2, "grad": grad,
                     "indices": indices}, use_locking, name)


def apply_proximal_adagrad(var: Any, accum: Any, lr: Any, l1: Any, l2: Any, grad: Any,
                           use_locking: bool = False, name: str | None = None) -> Tensor:
    """FOBOS with Adagrad's rate `lr / sqrt(accum)` (`accum += grad²` first)."""
    return _locking("ApplyProximalAdagrad",
                    {"var": var, "accum": accum, "lr": lr, "l1": l1, "l2": l2, "grad": grad},
                    use_locking, name)


def sparse_apply_proximal_adagrad(var: Any, accum: Any, lr: Any, l1: Any, l2: Any, grad: Any,
                                  indices: Any, use_locking: bool = False,
                                  name: str | None = None) -> Tensor:
    """ApplyProximalAdagrad on the rows `indices` only."""
    return _locking("SparseApplyProximalAdagrad",
                    {"var": var, "accum": accum, "lr": lr, "l1": l1, "l2": l2, "grad": grad,
                     "indices": indices}, use_locking, name)


def apply_ftrl(var: Any, accum: Any, linear: Any, grad: Any, lr: Any, l1: Any, l2: Any,
               lr_power: Any, use_locking: bool = False, name: str | None = None) -> Tensor:
    """FTRL-proximal (McMahan et al.), per coordinate."""
    return _locking("ApplyFtrl", {"var": var, "accum": accum, "linear": linear, "grad": grad,
                                  "lr": lr, "l1": l1, "l2": l2, "lr_power": lr_power},
                    use_locking, name)


def sparse_apply_ftrl(var: Any, accum: Any, linear: Any, grad: Any, indices: Any, lr: Any,
                      l1: Any, l2: Any, lr_power: Any, use_locking: bool = False,
                      name: str | None = None) -> Tensor:
    """ApplyFtrl on the rows `indices` only (the hyper-parameters checked when run)."""
    return _locking("SparseApplyFtrl",
                    {"var": var, "accum": accum, "linear": linear, "grad": grad,
                     "indices": indices, "lr": lr, "l1": l1, "l2": l2, "lr_power": lr_power},
                    use_locking, name)


def apply_ftrl_v2(var: Any, accum: Any, linear: Any, grad: Any, lr: Any, l1: Any, l2: Any,
                  l2_shrinkage: Any, lr_power: Any, use_locking: bool = False,
                  name: str | None = None) -> Tensor:
    """ApplyFtrl with `2 * l2_shrinkage * var` added to the gradient of the linear term."""
    return _locking("ApplyFtrlV2",
                    {"var": var, "accum": accum, "linear": linear, "grad": grad, "lr": lr,
                     "l1": l1, "l2": l2, "l2_shrinkage": l2_shrinkage, "lr_power": lr_power},
                    use_locking, name)


def sparse_apply_ftrl_v2(var: Any, accum: Any, linear: Any, grad: Any, indices: Any, lr: Any,
                         l1: Any, l2: Any, l2_shrinkage: Any, lr_power: Any,
                         use_locking: bool = False, name: str | None = None) -> Tensor:
    """ApplyFtrlV2 on the rows `indices` only."""
    return _locking("SparseApplyFtrlV2",
                    {"var": var, "accum": accum, "linear": linear, "grad": grad,
                     "indices": indices, "lr": lr, "l1": l1, "l2": l2,
                     "l2_shrinkage": l2_shrinkage, "lr_power": lr_power}, use_locking, name)


def apply_adagrad_da(var: Any, gradient_accumulator: Any, gradient_squared_accumulator: Any,
                     grad: Any, lr: Any, l1: Any, l2: Any, global_step: Any,
                     use_locking: bool = False, name: str | None = None) -> Tensor:
    """Adagrad dual averaging at int64 step `global_step`: both accumulators grow, then var
    is set from them in closed form."""
    return _locking("ApplyAdagradDA",
                    {"var": var, "gradient_accumulator": gradient_accumulator,
                     "gradient_squared_accumulator": gradient_squared_accumulator,
                     "grad": grad, "lr": lr, "l1": l1, "l2": l2, "global_step": global_step},
                    use_locking, name)


def sparse_apply_adagrad_da(var: Any, gradient_accumulator: Any,
                            gradient_squared_accumulator: Any, grad: Any, indices: Any,
                            lr: Any, l1: Any, l2: Any, global_step: Any,
                            use_locking: bool = False, name: str | None = None) -> Tensor:
    """ApplyAdagradDA on the rows `indices` only."""
    return _locking("SparseApplyAdagradDA",
                    {"var": var, "gradient_accumulator": gradient_accumulator,
                     "gradient_squared_accumulator": gradient_squared_accumulator,
                     "grad": grad, "indices": indices, "lr": lr, "l1": l1, "l2": l2,
                     "global_step": global_step}, use_locking, name)
