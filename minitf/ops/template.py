"""`tf.make_template`: a function whose variables are made by its first call and shared by every
later one, each call under a name scope of its own (mirrors template.py of TF 1.15)."""
from __future__ import annotations

import functools
from typing import Any, Callable

from ..framework.graph import GraphKeys, get_collection
from .variable_scope import VariableScope, variable_scope

__all__ = ["make_template"]


class Template:
    """What `make_template` returns: call it as the function it wraps."""

    def __init__(self, name: str, func: Callable, create_scope_now: bool = False,
                 unique_name: str | None = None, custom_getter: Callable | None = None):
        if name is None:
            raise ValueError("name cannot be None.")
        self._func = func
        self._name = name
        self._unique_name = unique_name
        self._custom_getter = custom_getter
        self._variable_scope: VariableScope | None = None
        self._variables_created = False
        if create_scope_now:  # the scope now, no name scope until called (a pure scope)
            with variable_scope(unique_name, None if unique_name else name,
                                custom_getter=custom_getter,
                                auxiliary_name_scope=False) as scope:
                self._variable_scope = scope

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._variable_scope is not None:
            with variable_scope(self._variable_scope, reuse=self._variables_created or None):
                return self._call_func(args, kwargs)
        with variable_scope(self._unique_name, self._name,
                            custom_getter=self._custom_getter) as scope:
            self._variable_scope = scope
            return self._call_func(args, kwargs)

    def _call_func(self, args: tuple, kwargs: dict) -> Any:
        trainable_at_start = len(get_collection(GraphKeys.TRAINABLE_VARIABLES))
        result = self._func(*args, **kwargs)
        if self._variables_created:
            trainable = get_collection(GraphKeys.TRAINABLE_VARIABLES)
            if len(trainable) != trainable_at_start:
                raise ValueError(f"Trainable variable created when calling a template after the "
                                 f"first time, perhaps you used tf.Variable when you meant "
                                 f"tf.get_variable: {trainable[trainable_at_start:]}")
        self._variables_created = True
        return result

    @property
    def name(self) -> str:
        return self._name

    @property
    def func(self) -> Callable:
        return self._func

    @property
    def variable_scope(self) -> VariableScope | None:
        return self._variable_scope

    @property
    def variable_scope_name(self) -> str | None:
        """The scope's name with a trailing `/`, the prefix of every variable it holds."""
        if self._variable_scope is None:
            return None
        name = self._variable_scope.name
        return name if not name or name.endswith("/") else name + "/"

    def _variables(self, key: str) -> list:
        return get_collection(key, self.variable_scope_name)

    @property
    def variables(self) -> list:
        return self.global_variables + self.local_variables

    @property
    def global_variables(self) -> list:
        return self._variables(GraphKeys.GLOBAL_VARIABLES)

    @property
    def local_variables(self) -> list:
        return self._variables(GraphKeys.LOCAL_VARIABLES)

    @property
    def trainable_variables(self) -> list:
        return self._variables(GraphKeys.TRAINABLE_VARIABLES)

    @property
    def non_trainable_variables(self) -> list:
        trainable = set(map(id, self.trainable_variables))
        return [v for v in self.global_variables if id(v) not in trainable]


def make_template(name_: str, func_: Callable, create_scope_now_: bool = False,
                  unique_name_: str | None = None, custom_getter_: Callable | None = None,
                  **kwargs: Any) -> Template:
    """`tf.make_template`: `func_` (with `kwargs` bound) as a Template sharing its variables."""
    if kwargs:
        func_ = functools.partial(func_, **kwargs)
    return Template(name_, func_, create_scope_now=create_scope_now_, unique_name=unique_name_,
                    custom_getter=custom_getter_)
