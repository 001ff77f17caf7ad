"""The op registry: one registration per op type, loud duplicates, lookups and gradients."""
import re

import pytest

import minitf as tf  # noqa: F401 - registers the core ops
from minitf.framework import registry


def _infer(op):
    return []


def test_register_and_lookup():
    opdef = registry.register("TestRegistryOp", infer=_infer, kernel=lambda ctx: None,
                              stateful=True, ref_inputs=[0], fold=None)
    assert registry.lookup("TestRegistryOp") is opdef
    assert opdef.type == "TestRegistryOp" and opdef.stateful and opdef.ref_inputs == (0,)
    assert opdef.extra == {"fold": None} and opdef.grad is None
    assert opdef.where.endswith(f"test_registry.py:{opdef.where.rsplit(':', 1)[1]}")
    assert "TestRegistryOp" in registry.registered_ops()


def test_duplicate_registration_names_the_first():
    first = registry.register("TestRegistryDup", infer=_infer, kernel=lambda ctx: None)
    with pytest.raises(KeyError, match=r"Registering two ops with name 'TestRegistryDup': first "
                                       r"registered at " + re.escape(first.where) + ", again at "
                                       r".*test_registry\.py:\d+"):
        registry.register("TestRegistryDup", infer=_infer, kernel=lambda ctx: None)


def test_lookup_unknown():
    with pytest.raises(LookupError, match=r"^No op named 'NoSuchOp' is registered in minitf$"):
        registry.lookup("NoSuchOp")


def test_set_gradient_once():
    registry.register("TestRegistryGrad", infer=_infer, kernel=lambda ctx: None)

    def grad(op, g):
        return [g]
    registry.set_gradient("TestRegistryGrad", grad)
    assert registry.lookup("TestRegistryGrad").grad is grad
    with pytest.raises(KeyError, match="Gradient for op type 'TestRegistryGrad' is already set"):
        registry.set_gradient("TestRegistryGrad", grad)


def test_core_ops_registered():
    ops = registry.registered_ops()
    for op_type in ("Const", "Placeholder", "PlaceholderWithDefault", "Identity", "Add", "AddV2"):
        assert op_type in ops
    assert ops["Const"].grad is registry.NOT_DIFFERENTIABLE
    assert ops["Placeholder"].stateful


def test_kernel_context_defaults():
    ctx = registry.KernelContext(xp=None, attrs={}, op_name="n", op_type="T")
    assert ctx.resources is None and ctx.compile is None and ctx.refs == ()
