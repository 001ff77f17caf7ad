"""`tf.contrib.framework.arg_scope` (mirrors contrib/framework/python/ops/arg_scope.py of TF
1.15): default keyword arguments for functions decorated with `add_arg_scope`, set for a
`with` block and nested scopes; explicit arguments always win."""
from __future__ import annotations

import contextlib
import functools
from typing import Any, Callable, Iterator

__all__ = ["arg_scope", "add_arg_scope", "current_arg_scope", "has_arg_scope",
           "arg_scoped_arguments"]

_ARGSTACK: list[dict] = [{}]
_DECORATED_OPS: dict[str, tuple] = {}


def current_arg_scope() -> dict:
    """The innermost scope: `{function key: {argument: value}}`."""
    return _ARGSTACK[-1]


def _key_op(op: Any) -> str:
    return getattr(op, "_key_op", str(op))


def _kwarg_names(func: Callable) -> tuple:
    """The names of `func`'s arguments that have defaults."""
    n_defaults = len(func.__defaults__) if func.__defaults__ else 0
    return func.__code__.co_varnames[func.__code__.co_argcount - n_defaults:
                                     func.__code__.co_argcount]


@contextlib.contextmanager
def arg_scope(list_ops_or_scope: Any, **kwargs: Any) -> Iterator[dict]:
    """Within the block, the decorated functions in `list_ops_or_scope` default `kwargs`
    (merged over enclosing scopes); a dict (a scope yielded earlier) is re-entered as is."""
    if isinstance(list_ops_or_scope, dict):
        if kwargs:
            raise ValueError("When attempting to re-use a scope by suppling a dictionary, "
                             "kwargs must be empty.")
        scope = list_ops_or_scope.copy()
    else:
        if not isinstance(list_ops_or_scope, (list, tuple)):
            raise TypeError("list_ops_or_scope must either be a list/tuple or reused scope "
                            "(i.e. dict)")
        scope = current_arg_scope().copy()
        for op in list_ops_or_scope:
            if not has_arg_scope(op):
                raise ValueError(f"{(op.__module__, op.__name__)} is not decorated with "
                                 f"@add_arg_scope")
            key = _key_op(op)
            scope[key] = {**scope.get(key, {}), **kwargs}
    _ARGSTACK.append(scope)
    try:
        yield scope
    finally:
        _ARGSTACK.pop()


def add_arg_scope(func: Callable) -> Callable:
    """`func`, taking its keyword defaults from the current `arg_scope`."""
    key = _key_op(func)

    @functools.wraps(func)
    def func_with_args(*args: Any, **kwargs: Any) -> Any:
        scoped = current_arg_scope().get(key)
        if scoped is not None:
            kwargs = {**scoped, **kwargs}
        return func(*args, **kwargs)
    _DECORATED_OPS.setdefault(key, _kwarg_names(func))
    func_with_args._key_op = key
    return func_with_args


def has_arg_scope(func: Callable) -> bool:
    return _key_op(func) in _DECORATED_OPS


def arg_scoped_arguments(func: Callable) -> tuple:
    """The keyword arguments an `arg_scope` can set for `func`."""
    assert has_arg_scope(func)
    return _DECORATED_OPS[_key_op(func)]
