"""`tf.custom_gradient` in graph mode (mirrors TF 1.15's `_graph_mode_decorator`): the
function's results and inputs pass through one IdentityN whose gradient is overridden by a
gradient registered under a fresh name (`CustomGradient-<uid>`), which calls the user's
`grad_fn` on the results' gradients. No gradient flows through the function's own ops.

TF 1.15 lets such a function use only resource variables, which minitf does not have: a
function that creates variables, or a `grad_fn` that asks for `variables`, gets TF's
TypeError for ref variables."""
from __future__ import annotations

import functools
import inspect
import itertools
from typing import Any, Callable

from ..framework import nest
from ..framework.convert import convert_to_tensor
from ..framework.graph import get_default_graph
from ..ops import array as array_ops
from ..ops import state as state_ops
from .gradients import RegisterGradient

__all__ = ["custom_gradient"]

_uids = itertools.count(1)


def custom_gradient(f: Callable) -> Callable:
    """`@tf.custom_gradient`: `f(*args)` returns `(result, grad_fn)`; the wrapped function
    returns `result`, whose gradient with respect to `args` is `grad_fn(*result_grads)`."""
    @functools.wraps(f)
    def decorated(*args: Any, **kwargs: Any) -> Any:
        return _graph_mode(f, *args, **kwargs)
    return decorated


def _graph_mode(f: Callable, *args: Any, **kwargs: Any) -> Any:
    name = f"CustomGradient-{next(_uids)}"
    args = [convert_to_tensor(x) for x in args]
    before = set(map(id, state_ops.global_variables() + state_ops.local_variables()))
    result, grad_fn = f(*args, **kwargs)
    if any(id(v) not in before
           for v in state_ops.global_variables() + state_ops.local_variables()):
        raise TypeError("All variables used by a function wrapped with @custom_gradient must "
                        "be `ResourceVariable`s. Ensure that no `variable_scope` is created "
                        "with `use_resource=False`.")
    spec = inspect.getfullargspec(grad_fn)
    if "variables" in spec.args or spec.varkw:
        raise TypeError("If using @custom_gradient with a function that uses variables, the "
                        "enclosing variable scope must have use_resource=True.")
    flat_result = nest.flatten(result)
    count = len(flat_result)

    @RegisterGradient(name)
    def _grad(unused_op: Any, *result_grads: Any) -> list:
        input_grads = nest.flatten(grad_fn(*result_grads[:count]))
        return [None] * count + input_grads

    with get_default_graph().gradient_override_map({"IdentityN": name}):
        passed = array_ops.identity_n(flat_result + args)
    return nest.pack_sequence_as(result, passed[:count])
