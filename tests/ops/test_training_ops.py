"""The optimizers' update ops (Apply*, SparseApply*) and the scatter ops: values against numpy
re-implementations, static shape rules, TF's build and run-time errors, and in-place updates
(the stored array is reused; a value fetched earlier never changes)."""
import re

import numpy as np
import pytest

import minitf as tf
from minitf.ops import training_ops
from tests.harness import session

RNG = np.random.RandomState(7)
VAR = RNG.standard_normal((4, 3)).astype(np.float32)
POSITIVE = (RNG.uniform(0.5, 2.0, (4, 3))).astype(np.float32)
SMALL = (RNG.uniform(0.0, 0.3, (4, 3))).astype(np.float32)
GRAD = RNG.standard_normal((4, 3)).astype(np.float32)


# ---- numpy references (float64), one step each: (var, slots, hyper, grad) -> (var, slots)

def _np_gradient_descent(var, slots, h, g):
    return var - h["alpha"] * g, []


def _np_momentum(var, slots, h, g, nesterov=False):
    accum = slots[0] * h["momentum"] + g
    step = h["lr"] * g + h["lr"] * h["momentum"] * accum if nesterov else h["lr"] * accum
    return var - step, [accum]


def _np_adam(var, slots, h, g, nesterov=False):
    m, v = slots
    alpha = h["lr"] * np.sqrt(1 - h["beta2_power"]) / (1 - h["beta1_power"])
    m = m + (g - m) * (1 - h["beta1"])
    v = v + (g * g - v) * (1 - h["beta2"])
    mm = g * (1 - h["beta1"]) + h["beta1"] * m if nesterov else m
    return var - mm * alpha / (np.sqrt(v) + h["epsilon"]), [m, v]


def _np_rms_prop(var, slots, h, g):
    ms, mom = slots
    ms = ms + (g * g - ms) * (1 - h["rho"])
    mom = mom * h["momentum"] + h["lr"] * g / np.sqrt(ms + h["epsilon"])
    return var - mom, [ms, mom]


def _np_centered_rms_prop(var, slots, h, g):
    mg, ms, mom = slots
    ms = ms + (g * g - ms) * (1 - h["rho"])
    mg = mg + (g - mg) * (1 - h["rho"])
    mom = mom * h["momentum"] + h["lr"] * g / np.sqrt(ms - mg * mg + h["epsilon"])
    return var - mom, [mg, ms, mom]


def _np_adagrad(var, slots, h, g, update_slots=True):
    accum = slots[0] + g * g if update_slots else slots[0]
    return var - h["lr"] * g / np.sqrt(accum), [accum]


def _np_adadelta(var, slots, h, g):
    accum, accum_update = slots
    accum = accum * h["rho"] + g * g * (1 - h["rho"])
    update = np.sqrt(accum_update + h["epsilon"]) / np.sqrt(accum + h["epsilon"]) * g
    accum_update = accum_update * h["rho"] + update * update * (1 - h["rho"])
    return var - h["lr"] * update, [accum, accum_update]


def _np_proximal(prox, lr, l1, l2):
    if l1 > 0:
        return np.sign(prox) * np.maximum(np.abs(prox) - lr * l1, 0) / (1 + l2 * lr)
    return prox / (1 + l2 * lr)


def _np_proximal_gradient_descent(var, slots, h, g):
    return _np_proximal(var - h["alpha"] * g, h["alpha"], h["l1"], h["l2"]), []


def _np_proximal_adagrad(var, slots, h, g):
    accum = slots[0] + g * g
    lr = h["lr"] / np.sqrt(accum)
    return _np_proximal(var - lr * g, lr, h["l1"], h["l2"]), [accum]


def _np_ftrl(var, slots, h, g):
    """FTRL-proximal as McMahan et al. write it: the minimizer of the linear term plus the
    L1 and L2 penalties and the proximal term (zero where |linear| <= l1)."""
    accum, linear = slots
    power = -h["lr_power"]
    new_accum = accum + g * g
    shrunk = g + 2 * h.get("l2_shrinkage", 0.0) * var
    linear = linear + shrunk - (new_accum ** power - accum ** power) / h["lr"] * var
    quadratic = new_accum ** power / h["lr"] + 2 * h["l2"]
    var = np.where(np.abs(linear) > h["l1"], (np.sign(linear) * h["l1"] - linear) / quadratic,
                   0.0)
    return var, [new_accum, linear]


def _np_adagrad_da(var, slots, h, g):
    g_acc, gg_acc = slots[0] + g, slots[1] + g * g
    t = h["global_step"]
    shrunk = np.sign(-g_acc) * np.maximum(np.abs(g_acc) - t * h["l1"], 0)
    return h["lr"] * shrunk / (t * h["l2"] * h["lr"] + np.sqrt(gg_acc)), [g_acc, gg_acc]


# op type -> (builder, slot initial values, hyper-parameters, reference, extra attrs)
DENSE = {
    "ApplyGradientDescent": (training_ops.apply_gradient_descent, [], {"alpha": 0.1},
                             _np_gradient_descent, {}),
    "ApplyMomentum": (training_ops.apply_momentum, [SMALL], {"lr": 0.1, "momentum": 0.9},
                      _np_momentum, {}),
    "ApplyAdam": (training_ops.apply_adam, [SMALL, POSITIVE],
                  {"beta1_power": 0.81, "beta2_power": 0.998, "lr": 0.01, "beta1": 0.9,
                   "beta2": 0.999, "epsilon": 1e-8}, _np_adam, {}),
    "ApplyRMSProp": (training_ops.apply_rms_prop, [POSITIVE, SMALL],
                     {"lr": 0.01, "rho": 0.9, "momentum": 0.5, "epsilon": 1e-10},
                     _np_rms_prop, {}),
    "ApplyCenteredRMSProp": (training_ops.apply_centered_rms_prop, [SMALL, POSITIVE, SMALL],
                             {"lr": 0.01, "rho": 0.9, "momentum": 0.5, "epsilon": 1e-6},
                             _np_centered_rms_prop, {}),
    "ApplyAdagrad": (training_ops.apply_adagrad, [POSITIVE], {"lr": 0.1}, _np_adagrad, {}),
    "ApplyAdadelta": (training_ops.apply_adadelta, [SMALL, SMALL],
                      {"lr": 1.0, "rho": 0.95, "epsilon": 1e-6}, _np_adadelta, {}),
    "ApplyProximalGradientDescent": (training_ops.apply_proximal_gradient_descent, [],
                                     {"alpha": 0.1, "l1": 0.05, "l2": 0.2},
                                     _np_proximal_gradient_descent, {}),
    "ApplyProximalAdagrad": (training_ops.apply_proximal_adagrad, [POSITIVE],
                             {"lr": 0.3, "l1": 0.05, "l2": 0.2}, _np_proximal_adagrad, {}),
    "ApplyFtrl": (training_ops.apply_ftrl, [POSITIVE, SMALL],
                  {"lr": 0.3, "l1": 0.05, "l2": 0.2, "lr_power": -0.5}, _np_ftrl, {}),
    "ApplyFtrlV2": (training_ops.apply_ftrl_v2, [POSITIVE, SMALL],
                    {"lr": 0.3, "l1": 0.05, "l2": 0.2, "l2_shrinkage": 0.1, "lr_power": -0.7},
                    _np_ftrl, {}),
    "ApplyAdagradDA": (training_ops.apply_adagrad_da, [SMALL, POSITIVE],
                       {"lr": 0.3, "l1": 0.05, "l2": 0.2, "global_step": 3}, _np_adagrad_da,
                       {}),
}
SPARSE = {
    "SparseApplyMomentum": ("ApplyMomentum", training_ops.sparse_apply_momentum),
    "SparseApplyRMSProp": ("ApplyRMSProp", training_ops.sparse_apply_rms_prop),
    "SparseApplyCenteredRMSProp": ("ApplyCenteredRMSProp",
                                   training_ops.sparse_apply_centered_rms_prop),
    "SparseApplyAdagrad": ("ApplyAdagrad", training_ops.sparse_apply_adagrad),
    "SparseApplyAdadelta": ("ApplyAdadelta", training_ops.sparse_apply_adadelta),
    "SparseApplyProximalGradientDescent": ("ApplyProximalGradientDescent",
                                           training_ops.sparse_apply_proximal_gradient_descent),
    "SparseApplyProximalAdagrad": ("ApplyProximalAdagrad",
                                   training_ops.sparse_apply_proximal_adagrad),
    "SparseApplyFtrl": ("ApplyFtrl", training_ops.sparse_apply_ftrl),
    "SparseApplyFtrlV2": ("ApplyFtrlV2", training_ops.sparse_apply_ftrl_v2),
    "SparseApplyAdagradDA": ("ApplyAdagradDA", training_ops.sparse_apply_adagrad_da),
}


def _variables(slots):
    var = tf.Variable(VAR, name="var")
    return var, [tf.Variable(s, name=f"slot{i}") for i, s in enumerate(slots)]


def _build(builder, var, slot_vars, hyper, grad, indices=None, **attrs):
    """Calls a gen_training_ops builder by TF's input names (`var`, slots, hyper-parameters,
    `grad` or `delta`, `indices`)."""
    spec = training_ops._SPECS[builder.__name__.title().replace("_", "")
                               .replace("RmsProp", "RMSProp").replace("Da", "DA")][0]
    args = dict(zip(spec.inputs, [var, *slot_vars]), **hyper)
    args[spec.inputs[spec.grad]] = grad
    if indices is not None:
        args["indices"] = indices
    return builder(**args, **attrs)


def _run_steps(update, variables, steps, backend, feed=None):
    with session(backend) as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(steps):
            sess.run(update, feed)
        return sess.run(variables)


@pytest.mark.parametrize("op_type", sorted(DENSE))
def test_dense_update_matches_numpy(op_type, backend):
    builder, slots, hyper, reference, attrs = DENSE[op_type]
    var, slot_vars = _variables(slots)
    out = _build(builder, var, slot_vars, hyper, GRAD, **attrs)
    assert out.op.type == op_type and out.dtype == tf.float32_ref
    assert out.shape.as_list() == [4, 3] and out.op.name == op_type
    got = _run_steps(out, [var] + slot_vars, 3, backend)
    want_var, want_slots = VAR.astype(np.float64), [s.astype(np.float64) for s in slots]
    for _ in range(3):
        want_var, want_slots = reference(want_var, want_slots, hyper, GRAD.astype(np.float64))
    for g, w in zip(got, [want_var] + want_slots):
        np.testing.assert_allclose(g, w, rtol=2e-6, atol=1e-6)
        assert g.dtype == np.float32


@pytest.mark.parametrize("builder,reference", [
    (training_ops.apply_momentum, _np_momentum), (training_ops.apply_adam, _np_adam),
    (training_ops.sparse_apply_momentum, _np_momentum)])
def test_nesterov(builder, reference, backend):
    op_type = "ApplyAdam" if builder is training_ops.apply_adam else "ApplyMomentum"
    _, slots, hyper, _, _ = DENSE[op_type]
    var, slot_vars = _variables(slots)
    indices = None if builder is not training_ops.sparse_apply_momentum else [0, 1, 2, 3]
    out = _build(builder, var, slot_vars, hyper, GRAD, indices=indices, use_nesterov=True)
    assert out.op.get_attr("use_nesterov") is True
    got = _run_steps(out, [var] + slot_vars, 2, backend)
    want_var, want_slots = VAR.astype(np.float64), [s.astype(np.float64) for s in slots]
    for _ in range(2):
        want_var, want_slots = reference(want_var, want_slots, hyper, GRAD, nesterov=True)
    for g, w in zip(got, [want_var] + want_slots):
        np.testing.assert_allclose(g, w, rtol=2e-6, atol=1e-6)


def test_adagrad_without_slot_updates(backend):
    var, (accum,) = _variables([POSITIVE])
    out = training_ops.apply_adagrad(var, accum, 0.1, GRAD, update_slots=False)
    got_var, got_accum = _run_steps(out, [var, accum], 2, backend)
    want = VAR - 0.1 * GRAD / np.sqrt(POSITIVE)
    np.testing.assert_allclose(got_var, want - 0.1 * GRAD / np.sqrt(POSITIVE), rtol=1e-6,
                               atol=1e-6)
    np.testing.assert_array_equal(got_accum, POSITIVE)


@pytest.mark.parametrize("op_type", sorted(SPARSE))
def test_sparse_update_moves_only_its_rows(op_type, backend):
    dense_type, builder = SPARSE[op_type]
    _, slots, hyper, reference, _ = DENSE[dense_type]
    var, slot_vars = _variables(slots)
    indices = tf.placeholder(tf.int64, [None], name="indices")
    grad = tf.placeholder(tf.float32, [None, 3], name="grad")
    out = _build(builder, var, slot_vars, hyper, grad, indices=indices)
    assert out.op.type == op_type and out.op.get_attr("Tindices") == tf.int64
    assert out.shape.as_list() == [4, 3]
    rows = np.array([3, 0])
    got = _run_steps(out, [var] + slot_vars, 2, backend, {indices: rows, grad: GRAD[:2]})
    want_var, want_slots = VAR.astype(np.float64), [s.astype(np.float64) for s in slots]
    for _ in range(2):
        new_var, new_slots = reference(want_var[rows], [s[rows] for s in want_slots], hyper,
                                       GRAD[:2].astype(np.float64))
        want_var[rows] = new_var
        for s, n in zip(want_slots, new_slots):
            s[rows] = n
    for g, w in zip(got, [want_var] + want_slots):
        np.testing.assert_allclose(g, w, rtol=2e-6, atol=1e-6)
    np.testing.assert_array_equal(got[0][[1, 2]], VAR[[1, 2]])


def test_sparse_repeated_indices_apply_row_after_row(backend):
    var, (accum,) = _variables([SMALL])
    grad = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]], np.float32)
    repeated = training_ops.sparse_apply_momentum(var, accum, 0.1, grad, [2, 2], 0.9)
    with session(backend) as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(repeated)
        got_var, got_accum = sess.run([var, accum])
    want_var, want_accum = VAR.astype(np.float64), SMALL.astype(np.float64)
    for g in grad:
        row, (acc,) = _np_momentum(want_var[2], [want_accum[2]], {"lr": 0.1, "momentum": 0.9}, g)
        want_var[2], want_accum[2] = row, acc
    np.testing.assert_allclose(got_var, want_var, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(got_accum, want_accum, rtol=1e-6, atol=1e-6)


def test_sparse_update_with_no_rows(backend):
    var, (accum,) = _variables([POSITIVE])
    out = training_ops.sparse_apply_adagrad(var, accum, 0.1, np.zeros((0, 3), np.float32),
                                            np.zeros(0, np.int32))
    got = _run_steps(out, [var, accum], 1, backend)
    np.testing.assert_array_equal(got[0], VAR)
    np.testing.assert_array_equal(got[1], POSITIVE)


# ---- in place

def test_updates_run_in_place_and_fetched_values_stay(backend):
    var, (m, v) = _variables([SMALL, POSITIVE])
    out = training_ops.apply_adam(var, m, v, 0.5, 0.5, 0.1, 0.9, 0.999, 1e-8, GRAD)
    with session(backend) as sess:
        sess.run(tf.global_variables_initializer())
        stored = [sess.resources.variables[k] for k in ("var", "slot0", "slot1")]
        before = sess.run(var)
        returned = sess.run(out)
        after = sess.run(var)
        sess.run(out)
        assert [sess.resources.variables[k] for k in ("var", "slot0", "slot1")] == stored
        assert all(sess.resources.variables[k] is s
                   for k, s in zip(("var", "slot0", "slot1"), stored))
        np.testing.assert_array_equal(before, VAR)
        np.testing.assert_array_equal(returned, after)
        assert not np.array_equal(after, sess.run(var))
        if backend == "numpy":
            assert not any(s.flags.writeable for s in stored)


def test_update_of_a_stored_view_copies_it_once():
    var = tf.Variable(VAR, name="var")
    out = training_ops.apply_gradient_descent(var, 1.0, GRAD)
    with session() as sess:
        sess.run(var.initializer)
        base = np.concatenate([VAR, VAR])
        view = base[:4]
        view.flags.writeable = False
        sess.resources.variables["var"] = view
        sess.run(out)
        owned = sess.resources.variables["var"]
        assert owned is not view and not np.shares_memory(owned, base)
        np.testing.assert_array_equal(base[:4], VAR)
        sess.run(out)
        assert sess.resources.variables["var"] is owned
        np.testing.assert_allclose(sess.run(var), VAR - 2 * GRAD, rtol=1e-6)


# ---- static shape rules and build-time errors

def test_shape_rule_merges_partial_shapes():
    var = tf.Variable(VAR, name="var", validate_shape=False)
    accum = tf.Variable(SMALL, name="accum")
    grad = tf.placeholder(tf.float32, [None, 3])
    out = training_ops.apply_momentum(var, accum, 0.1, grad, 0.9)
    assert out.shape.as_list() == [4, 3]
    sparse = training_ops.sparse_apply_adagrad(var, accum, 0.1, tf.placeholder(tf.float32),
                                               tf.placeholder(tf.int32))
    assert sparse.shape.as_list() == [4, 3]


@pytest.mark.parametrize("build,message", [
    (lambda v, a: training_ops.apply_gradient_descent(v, [0.1], GRAD),
     (r"Shape must be rank 0 but is rank 1 for 'ApplyGradientDescent' \(op: "
      r"'ApplyGradientDescent'\) with input shapes: \[4,3\], \[1\], \[4,3\].")),
    (lambda v, a: training_ops.apply_gradient_descent(v, 0.1, GRAD[:2]),
     (r"Dimension 0 in both shapes must be equal, but are 4 and 2. Shapes are \[4,3\] and "
      r"\[2,3\].")),
    (lambda v, a: training_ops.apply_momentum(v, a, 0.1, GRAD, [0.9]),
     "Shape must be rank 0 but is rank 1"),
    (lambda v, a: training_ops.sparse_apply_adagrad(v, a, 0.1, GRAD[:2], [[0, 1]]),
     "Shape must be rank 1 but is rank 2"),
    (lambda v, a: training_ops.sparse_apply_adagrad(v, a, 0.1, GRAD[:2], [0, 1, 2]),
     "Dimensions must be equal, but are 3 and 2"),
    (lambda v, a: training_ops.sparse_apply_adagrad(v, a, 0.1, GRAD[:2, :2], [0, 1]),
     (r"Dimension 1 in both shapes must be equal, but are 3 and 2. Shapes are \[4,3\] and "
      r"\[\?,2\].")),
    (lambda v, a: training_ops.sparse_apply_adagrad(v, a, 0.1, 1.0, [0]),
     "Argument grad must not be a scalar. Got grad with rank 0"),
])
def test_shape_errors(build, message):
    var, (accum,) = _variables([SMALL])
    with pytest.raises(ValueError, match=message):
        build(var, accum)


def test_slot_shapes_must_merge():
    var = tf.Variable(VAR, name="var")
    accum = tf.Variable(SMALL[:2], name="accum")
    with pytest.raises(ValueError, match="Dimension 0 in both shapes must be equal, but are 4 "
                                         "and 2"):
        training_ops.apply_adagrad(var, accum, 0.1, GRAD)


def test_builder_type_errors():
    var, (accum,) = _variables([SMALL])
    with pytest.raises(TypeError, match="'ApplyGradientDescent' Op requires that input 'var' "
                                        r"be a mutable tensor \(e.g.: a tf.Variable\)"):
        training_ops.apply_gradient_descent(tf.constant(VAR), 0.1, GRAD)
    with pytest.raises(TypeError, match="Input 'grad' of 'ApplyAdagrad' Op has type float64 "
                                        "that does not match type float32 of argument 'var'."):
        training_ops.apply_adagrad(var, accum, 0.1, tf.constant(GRAD, tf.float64))
    with pytest.raises(TypeError, match="Input 'accum' of 'ApplyAdagrad' Op has type float64"):
        training_ops.apply_adagrad(var, tf.Variable(SMALL.astype(np.float64)), 0.1, GRAD)
    with pytest.raises(TypeError, match="'ApplyAdagrad' Op requires that input 'accum' be a "
                                        "mutable tensor"):
        training_ops.apply_adagrad(var, SMALL, 0.1, GRAD)
    with pytest.raises(TypeError, match="Value passed to parameter 'indices' has DataType "
                                        "float32 not in list of allowed values: int32, int64"):
        training_ops.sparse_apply_adagrad(var, accum, 0.1, GRAD[:1], [0.0])
    with pytest.raises(TypeError, match="Value passed to parameter 'var' has DataType bool"):
        training_ops.apply_gradient_descent(tf.Variable([True]), True, [True])


# ---- run-time errors

def test_uninitialized_slot():
    var, (accum,) = _variables([SMALL])
    out = training_ops.apply_adagrad(var, accum, 0.1, GRAD)
    with session() as sess:
        sess.run(var.initializer)
        with pytest.raises(tf.errors.FailedPreconditionError,
                           match="Attempting to use uninitialized value slot0"):
            sess.run(out)
        np.testing.assert_array_equal(sess.run(var), VAR)


@pytest.mark.parametrize("feed,message", [
    ({"grad": GRAD[:2]}, r"var and grad do not have the same shape\[4,3\] \[2,3\]"),
    ({"lr": [0.1, 0.2]}, r"lr is not a scalar: \[2\]"),
])
def test_dense_run_time_errors(feed, message):
    var, (accum,) = _variables([SMALL])
    lr, grad = tf.placeholder(tf.float32), tf.placeholder(tf.float32)
    out = training_ops.apply_adagrad(var, accum, lr, grad)
    values = {"lr": 0.1, "grad": GRAD, **feed}
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(tf.errors.InvalidArgumentError, match=message):
            sess.run(out, {lr: values["lr"], grad: values["grad"]})
        np.testing.assert_array_equal(sess.run(var), VAR)
        assert not sess.resources.variables["var"].flags.writeable


@pytest.mark.parametrize("grad,indices,message", [
    (GRAD[:2], [0, 4], "Index 4 at offset 1 in indices is out of range"),
    (GRAD[:2], [-1, 0], "Index -1 at offset 0 in indices is out of range"),
    (GRAD[:2], [0, 1, 2], "grad must be the same size as indices in the first dimension."),
    (GRAD[:2, :2], [0, 1], "var and grad must match in dimension 1"),
    (GRAD[:2], [[0, 1]], "indices must be one-dimensional"),
])
def test_sparse_run_time_errors(grad, indices, message):
    var, (ms, mom) = _variables([POSITIVE, SMALL])
    g, i = tf.placeholder(tf.float32), tf.placeholder(tf.int32)
    out = training_ops.sparse_apply_rms_prop(var, ms, mom, 0.1, 0.9, 0.0, 1e-10, g, i)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(tf.errors.InvalidArgumentError, match=message):
            sess.run(out, {g: grad, i: indices})


def test_update_ops_are_stateful_and_not_differentiable():
    from minitf.framework import registry
    for op_type in list(DENSE) + list(SPARSE) + ["ScatterAdd", "ScatterSub", "ScatterUpdate"]:
        opdef = registry.lookup(op_type)
        assert opdef.stateful and opdef.grad == registry.NOT_DIFFERENTIABLE
        assert opdef.ref_inputs[0] == 0


# ---- scatter ops

def test_scatter_ops_values(backend):
    v = tf.Variable(np.arange(12, dtype=np.float32).reshape(4, 3), name="v")
    add = tf.scatter_add(v, [1, 1, 3], [[1.0, 1.0, 1.0], [2.0, 2.0, 2.0], [3.0, 3.0, 3.0]])
    sub = tf.scatter_sub(v, tf.constant([[0], [2]], tf.int64), np.ones((2, 1, 3), np.float32))
    upd = tf.scatter_update(v, [3, 0], [[9.0, 9.0, 9.0], [7.0, 7.0, 7.0]])
    scalar = tf.scatter_add(v, [2], 0.5, name="scalar")
    assert [t.op.type for t in (add, sub, upd, scalar)] == ["ScatterAdd", "ScatterSub",
                                                           "ScatterUpdate", "ScatterAdd"]
    assert [t.op.name for t in (add, sub, upd, scalar)] == ["ScatterAdd", "ScatterSub",
                                                           "ScatterUpdate", "scalar"]
    assert add.dtype == tf.float32_ref and add.shape.as_list() == [4, 3]
    assert upd.op.get_attr("use_locking") is True and not add.op.get_attr("use_locking")
    assert sub.op.get_attr("Tindices") == tf.int64
    want = np.arange(12, dtype=np.float32).reshape(4, 3)
    with session(backend) as sess:
        sess.run(v.initializer)
        stored = sess.resources.variables["v"]
        first = sess.run(add)
        want[1] += 3.0
        want[3] += 3.0
        np.testing.assert_array_equal(first, want)
        want[[0, 2]] -= 1.0
        np.testing.assert_array_equal(sess.run(sub), want)
        want[3], want[0] = 9.0, 7.0
        np.testing.assert_array_equal(sess.run(upd), want)
        want[2] += 0.5
        np.testing.assert_array_equal(sess.run(scalar), want)
        assert sess.resources.variables["v"] is stored
        assert first[0, 0] == 0.0


def test_variable_scatter_methods():
    v = tf.Variable(np.zeros((3, 2), np.float32), name="v")
    delta = tf.IndexedSlices(tf.constant([[1.0, 2.0]]), tf.constant([1]))
    ops = [v.scatter_add(delta), v.scatter_sub(delta, name="down"), v.scatter_update(delta)]
    assert [(t.op.type, t.op.name) for t in ops] == [
        ("ScatterAdd", "ScatterAdd"), ("ScatterSub", "down"), ("ScatterUpdate", "ScatterUpdate")]
    assert ops[2].op.get_attr("use_locking") is True
    with session() as sess:
        sess.run(v.initializer)
        assert sess.run(ops[0]).tolist() == [[0, 0], [1, 2], [0, 0]]
        assert sess.run(ops[0]).tolist() == [[0, 0], [2, 4], [0, 0]]
        assert sess.run(ops[1]).tolist() == [[0, 0], [1, 2], [0, 0]]
    with pytest.raises(TypeError, match="sparse_delta is not IndexedSlices: 1.0"):
        v.scatter_sub(1.0)


def test_scatter_errors():
    v = tf.Variable(np.zeros((4, 2), np.float32), name="v")
    with pytest.raises(ValueError, match=r"Shapes must be equal rank, but are 2 and 3 for "
                                         r"'ScatterAdd' \(op: 'ScatterAdd'\)"):
        tf.scatter_add(v, [[1, 2]], tf.ones([2, 2]))
    with pytest.raises(ValueError, match="Shape must be at least rank 1 but is rank 0"):
        tf.scatter_add(tf.Variable(1.0), [0], 1.0)
    with pytest.raises(TypeError, match="Input 'updates' of 'ScatterSub' Op has type float64 "
                                        "that does not match type float32 of argument 'ref'."):
        tf.scatter_sub(v, [0], tf.ones([1, 2], tf.float64))
    with pytest.raises(TypeError, match="Value passed to parameter 'indices' has DataType "
                                        "float32"):
        tf.scatter_update(v, [0.5], tf.ones([1, 2]))
    with pytest.raises(AttributeError, match="'Tensor' object has no attribute '_lazy_read'"):
        tf.scatter_add(tf.constant([1.0]), [0], [1.0])
    indices, updates = tf.placeholder(tf.int32), tf.placeholder(tf.float32)
    out = tf.scatter_add(v, indices, updates)
    with session() as sess:
        sess.run(v.initializer)
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"indices\[1,0\] = 7 is not in \[0, 4\)"):
            sess.run(out, {indices: [[0], [7]], updates: np.ones((2, 1, 2))})
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"Must have updates.shape = indices.shape \+ params.shape\[1:\] "
                                 r"or updates.shape = \[\], got updates.shape \[2,3\], "
                                 r"indices.shape \[2\], params.shape \[4,2\]"):
            sess.run(out, {indices: [0, 1], updates: np.ones((2, 3))})
        assert sess.run(v).tolist() == [[0, 0]] * 4
    with session() as sess, pytest.raises(tf.errors.FailedPreconditionError,
                                          match="Attempting to use uninitialized value v"):
        sess.run(out, {indices: [0], updates: np.ones((1, 2))})


def test_adagrad_da_global_step_is_int64():
    var, (g_acc, gg_acc) = _variables([SMALL, POSITIVE])
    out = training_ops.apply_adagrad_da(var, g_acc, gg_acc, GRAD, 0.1, 0.0, 0.0, 2)
    assert out.op.inputs[7].dtype == tf.int64 and out.op.inputs[7].op.name == \
        "ApplyAdagradDA/global_step"
    with pytest.raises(TypeError, match="Input 'global_step' of 'ApplyAdagradDA' Op has type "
                                        "int32 that does not match expected type of int64"):
        training_ops.apply_adagrad_da(var, g_acc, gg_acc, GRAD, 0.1, 0.0, 0.0,
                                      tf.constant(2))


@pytest.mark.parametrize("builder,args,message", [
    (training_ops.apply_proximal_adagrad, {"lr": -0.1, "l1": 0.0, "l2": 0.0},
     "lr is not a positive scalar: []"),
    (training_ops.apply_proximal_adagrad, {"lr": 0.1, "l1": -1.0, "l2": 0.0},
     "l1 regularization strength is not a non-negative scalar: []"),
    (training_ops.sparse_apply_proximal_adagrad, {"lr": 0.1, "l1": 0.0, "l2": -1.0},
     "l2 regularization strength is not a non-negative scalar: []"),
    (training_ops.sparse_apply_ftrl, {"lr": 0.0, "l1": 0.0, "l2": 0.0, "lr_power": -0.5},
     "lr is not a positive scalar: []"),
    (training_ops.sparse_apply_ftrl, {"lr": 0.1, "l1": 0.0, "l2": 0.0, "lr_power": 0.5},
     "lr_power is not a non-positive scalar: []"),
    (training_ops.sparse_apply_ftrl_v2, {"lr": 0.1, "l1": 0.0, "l2": 0.0, "l2_shrinkage": -1.0,
                                         "lr_power": -0.5},
     "l2 shrinkage regularization strength is not a non-negative scalar: []"),
])
def test_hyper_parameter_checks(builder, args, message):
    """The kernels that check their hyper-parameters (TF's dense Ftrl, proximal gradient
    descent and AdagradDA do not)."""
    slots = [POSITIVE] if "proximal" in builder.__name__ else [POSITIVE, SMALL]
    var, slot_vars = _variables(slots)
    sparse = builder.__name__.startswith("sparse")
    out = _build(builder, var, slot_vars, args, GRAD[:1] if sparse else GRAD,
                 indices=[0] if sparse else None)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape(message)):
            sess.run(out)


def test_dense_ftrl_does_not_check_its_rate():
    var, slot_vars = _variables([POSITIVE, SMALL])
    out = training_ops.apply_ftrl(var, *slot_vars, GRAD, -0.3, 0.0, 0.0, -0.5)
    got = _run_steps(out, [var], 1, "numpy")[0]
    want, _ = _np_ftrl(VAR.astype(np.float64), [POSITIVE, SMALL],
                       {"lr": -0.3, "l1": 0.0, "l2": 0.0, "lr_power": -0.5}, GRAD)
    np.testing.assert_allclose(got, want, rtol=2e-6, atol=1e-6)
