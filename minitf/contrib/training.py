"""`tf.contrib.training`'s hyperparameters (mirrors contrib/training/python/training/hparam.py
of TF 1.15): `HParams`, typed name/value pairs overridden from `"a=1,b=[2,3]"` strings, dicts
or JSON, the way TF1 models take `--hparams` on the command line.

A parameter's type is fixed by its first value: later values are cast to it only where no
information is lost (an int into a float parameter, never a float into an int or anything into
a bool), with TF's ValueError texts.
"""
from __future__ import annotations

import json
import numbers
import re
from typing import Any

__all__ = ["HParams", "parse_values"]

# One clause: `name`, `name[index]`, then `= value` or `= [v1, v2, ...]`, then `,` or the end.
PARAM_RE = re.compile(r"""
  (?P<name>[a-zA-Z][\w]*)
  (\[\s*(?P<index>\d+)\s*\])?
  \s*=\s*
  ((?P<val>[^,\[]*) | \[(?P<vals>[^\]]*)\])
  ($|,\s*)""", re.VERBOSE)


def _parse_fail(name: str, var_type: type, value: Any, values: str) -> None:
    raise ValueError(f"Could not parse hparam '{name}' of type '{var_type.__name__}' with "
                     f"value '{value}' in {values}")


def _reuse_fail(name: str, values: str) -> None:
    raise ValueError(f"Multiple assignments to variable '{name}' in {values}")


def _cast(name: str, param_type: type, value: Any) -> Any:
    """`value` as `param_type`, refusing casts that change its kind."""
    fail = f"Could not cast hparam '{name}' of type '{param_type}' from value {value!r}"
    if issubclass(param_type, type(None)):
        return value
    if issubclass(param_type, (str, bytes)) and not isinstance(value, (str, bytes)):
        raise ValueError(fail)
    if issubclass(param_type, bool) != isinstance(value, bool):
        raise ValueError(fail)
    if issubclass(param_type, numbers.Integral) and not isinstance(value, numbers.Integral):
        raise ValueError(fail)
    if issubclass(param_type, numbers.Number) and not isinstance(value, numbers.Number):
        raise ValueError(fail)
    return param_type(value)


def parse_values(values: str, type_map: dict[str, type]) -> dict[str, Any]:
    """`"x=5,L=[1,2],arr[1]=3"` -> `{'x': 5, 'L': [1, 2], 'arr': {1: 3}}`, each value parsed
    as `type_map[name]` (booleans from true/false/True/False or an int)."""
    results: dict[str, Any] = {}
    pos = 0
    while pos < len(values):
        m = PARAM_RE.match(values, pos)
        if not m:
            raise ValueError(f"Malformed hyperparameter value: {values[pos:]}")
        pos = m.end()
        name, index, val, vals = m.group("name", "index", "val", "vals")
        if name not in type_map:
            raise ValueError(f"Unknown hyperparameter type for {name}")
        type_ = type_map[name]

        def parse(text: str) -> Any:
            if type_ is not bool:
                return type_(text)
            if text in ("true", "True"):
                return True
            if text in ("false", "False"):
                return False
            try:
                return bool(int(text))
            except ValueError:
                _parse_fail(name, type_, text, values)

        if val is not None:
            try:
                parsed = parse(val)
            except ValueError:
                _parse_fail(name, type_, val, values)
            if not index:
                if name in results:
                    _reuse_fail(name, values)
                results[name] = parsed
                continue
            slots = results.setdefault(name, {})
            if not isinstance(slots, dict):
                _reuse_fail(name, values)
            if int(index) in slots:
                _reuse_fail(f"{name}[{int(index)}]", values)
            slots[int(index)] = parsed
        elif vals is not None:
            if index is not None:
                raise ValueError("Assignment of a list to a list index.")
            if name in results:
                _reuse_fail(name, values)
            try:
                results[name] = [parse(e) for e in re.split("[ ,]", vals) if e]
            except ValueError:
                _parse_fail(name, type_, vals, values)
        else:
            _parse_fail(name, type_, "", values)
    return results


class HParams:
    """Hyperparameters as attributes (`hparams.learning_rate`), typed by their first value."""

    _HAS_DYNAMIC_ATTRIBUTES = True

    def __init__(self, hparam_def: Any = None, model_structure: Any = None,
                 **kwargs: Any) -> None:
        self._hparam_types: dict[str, tuple[type, bool]] = {}
        self._model_structure = model_structure
        if hparam_def:
            if kwargs:
                raise ValueError("hparam_def and initialization values are mutually exclusive")
            self._init_from_def(hparam_def)
        for name, value in kwargs.items():
            self.add_hparam(name, value)

    def _init_from_def(self, hparam_def: Any) -> None:
        """From an HParamDef-like message: `hparam` maps names to a oneof of `*_value` or
        `*_list` fields (bytes decoded as UTF-8)."""
        for name, value in hparam_def.hparam.items():
            kind = value.WhichOneof("kind")
            raw = getattr(value, kind)
            items = list(raw.value) if kind.endswith("_list") else [raw]
            if kind.startswith("int64"):
                items = [int(v) for v in items]
            elif kind.startswith("bytes"):
                items = [v.decode("utf-8") if isinstance(v, bytes) else v for v in items]
            self.add_hparam(name, items if kind.endswith("_list") else items[0])

    def add_hparam(self, name: str, value: Any) -> None:
        """A new hyperparameter; names of existing attributes (`parse`, `values` ...) are
        reserved."""
        if getattr(self, name, None) is not None:
            raise ValueError(f"Hyperparameter name is reserved: {name}")
        if isinstance(value, (list, tuple)):
            if not value:
                raise ValueError(f"Multi-valued hyperparameters cannot be empty: {name}")
            self._hparam_types[name] = (type(value[0]), True)
        else:
            self._hparam_types[name] = (type(value), False)
        setattr(self, name, value)

    def set_hparam(self, name: str, value: Any) -> None:
        """Sets an existing hyperparameter, cast to its type."""
        param_type, is_list = self._hparam_types[name]
        if isinstance(value, list):
            if not is_list:
                raise ValueError(f"Must not pass a list for single-valued parameter: {name}")
            setattr(self, name, [_cast(name, param_type, v) for v in value])
        else:
            if is_list:
                raise ValueError(f"Must pass a list for multi-valued parameter: {name}.")
            setattr(self, name, _cast(name, param_type, value))

    def del_hparam(self, name: str) -> None:
        if hasattr(self, name):
            delattr(self, name)
            del self._hparam_types[name]

    def parse(self, values: str) -> "HParams":
        """Overrides values from `"name=value,..."` (see `parse_values`)."""
        type_map = {name: param_type for name, (param_type, _) in self._hparam_types.items()}
        return self.override_from_dict(parse_values(values, type_map))

    def override_from_dict(self, values_dict: dict[str, Any]) -> "HParams":
        for name, value in values_dict.items():
            self.set_hparam(name, value)
        return self

    def set_from_map(self, values_map: dict[str, Any]) -> "HParams":
        """The deprecated name of `override_from_dict`."""
        return self.override_from_dict(values_map)

    def set_model_structure(self, model_structure: Any) -> None:
        self._model_structure = model_structure

    def get_model_structure(self) -> Any:
        return self._model_structure

    def to_json(self, indent: Any = None, separators: Any = None, sort_keys: bool = False) -> str:
        return json.dumps(self.values(), indent=indent, separators=separators,
                          sort_keys=sort_keys)

    def parse_json(self, values_json: str) -> "HParams":
        return self.override_from_dict(json.loads(values_json))

    def values(self) -> dict[str, Any]:
        """The hyperparameters as a dict."""
        return {name: getattr(self, name) for name in self._hparam_types}

    def get(self, key: str, default: Any = None) -> Any:
        """The value of `key`, else `default` (which must fit `key`'s type when it exists)."""
        if key not in self._hparam_types:
            return default
        if default is not None:
            param_type, is_list = self._hparam_types[key]
            type_str = f"list<{param_type}>" if is_list else str(param_type)
            fail = f"Hparam '{key}' of type '{type_str}' is incompatible with default={default}"
            if is_list != isinstance(default, list):
                raise ValueError(fail)
            try:
                for value in (default if is_list else [default]):
                    _cast(key, param_type, value)
            except ValueError as e:
                raise ValueError(f"{fail}. {e}") from None
        return getattr(self, key)

    def __contains__(self, key: str) -> bool:
        return key in self._hparam_types

    def __str__(self) -> str:
        return str(sorted(self.values().items()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self})"
