"""Every differentiable op type passes a numeric gradient check; every registered op type is
either in the table (tests/autodiff/grad_table/) or declared non-differentiable."""
import zlib

import numpy as np
import pytest

import minitf as tf
from minitf.framework import registry

from .grad_table import all_cases

CASES = all_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_numeric_gradient(case):
    rng = np.random.RandomState(zlib.crc32(case.id.encode()))
    values = case.values or [rng.standard_normal(s) for s in case.shapes]
    values = [np.asarray(v, np.float64) for v in values]
    phs = [tf.placeholder(tf.float64, v.shape) for v in values]
    y = case.build(*phs)
    types = {op.type for op in tf.get_default_graph().get_operations()}
    assert case.op_type in types, f"the case built no {case.op_type} op (built {sorted(types)})"
    assert y.shape.is_fully_defined(), f"{y} needs a known static shape"
    with tf.Session():
        error = tf.test.compute_gradient_error(phs, [v.shape for v in values], y,
                                               y.shape.as_list(), x_init_value=values,
                                               delta=case.delta)
    assert error < case.tol, f"max |theoretical - numerical| = {error}"


# Op types whose gradient is checked by a test of its own (with variables, which the table's
# placeholder-fed cases cannot build), by the test's name.
CHECKED_ELSEWHERE = {
    "RefEnter": "tests/ops/test_while_cond.py::test_gradient_through_variable_read_in_loop",
    "RefSwitch": "tests/ops/test_while_cond.py::test_gradient_through_variable_read_in_cond",
    "PreventGradient": "tests/ops/test_ctc_ops.py::test_ctc_loss_has_no_second_derivative",
    # a sampler: its gradient is TF's implicit reparameterization, not a difference quotient
    "RandomGamma": "tests/ops/test_random.py::test_gamma_grad_is_the_quantile_derivative",
    # TF registers no gradient: tf.gradients raises LookupError
    "AdjustContrastv2": "tests/ops/test_image_ops.py::test_adjust_contrast_has_no_gradient",
    **dict.fromkeys(("MaxPoolGradWithArgmax", "MaxPoolGradGradWithArgmax"),
                    "tests/ops/test_conv.py::"
                    "test_max_pool_grad_with_argmax_has_no_gradient_but_a_users"),
}


def test_every_op_type_is_checked_or_declared():
    checked = {c.op_type for c in CASES} | set(CHECKED_ELSEWHERE)
    missing = sorted(t for t, opdef in registry.registered_ops().items()
                     if opdef.grad != registry.NOT_DIFFERENTIABLE and t not in checked
                 and not t.startswith("Test"))  # ops registered by tests themselves
    assert not missing, f"op types with neither a gradient check nor a non-differentiable " \
                        f"declaration: {missing}"


def test_declared_op_types_are_not_checked():
    declared = {t for t, opdef in registry.registered_ops().items()
                if opdef.grad == registry.NOT_DIFFERENTIABLE}
    both = sorted(declared & {c.op_type for c in CASES})
    assert not both, f"declared non-differentiable yet in the gradient table: {both}"
