"""`tf.app.flags` / `tf.flags`: absl-style command-line flags, as TF1 scripts define them.

`DEFINE_*` register a flag on `FLAGS`; `FLAGS(argv)` parses `--name=value`, `--name value`,
`--name` / `--noname` (booleans) and returns `[argv[0]]` plus the arguments it did not consume.
As in TF 1.x (whose FLAGS wrapper parsed `sys.argv` on first access), reading a flag before
any parse parses `sys.argv`, so module-level `FLAGS.x` works, and the DEFINE functions also
take TF's old keyword names (`flag_name`, `default_value`, `docstring`). Errors are absl's
classes with absl's messages.
"""
from __future__ import annotations

import functools
import logging
import sys
from typing import Any, Callable, Sequence

__all__ = ["Error", "DuplicateFlagError", "IllegalFlagValueError", "UnrecognizedFlagError",
           "UnparsedFlagAccessError", "FlagValues", "FLAGS", "DEFINE_string", "DEFINE_integer",
           "DEFINE_float", "DEFINE_boolean", "DEFINE_bool", "DEFINE_list", "DEFINE_enum"]


class Error(Exception):
    """The base class of flag errors (absl.flags.Error)."""


class DuplicateFlagError(Error):
    """A flag name defined twice."""


class IllegalFlagValueError(Error):
    """A command-line value the flag's parser rejects."""


class UnrecognizedFlagError(Error):
    """A `--name` no flag was defined for (when unknown flags are not tolerated)."""

    def __init__(self, flagname: str, flagvalue: Any = ""):
        self.flagname = flagname
        self.flagvalue = flagvalue
        super().__init__(f"Unknown command line flag '{flagname}'")


class UnparsedFlagAccessError(Error, AttributeError):
    """Reading a flag of a FlagValues that was never parsed (explicit FlagValues only)."""


def _parse_int(text: Any) -> int:
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    if not isinstance(text, str):
        raise TypeError(f"Expect argument to be a string or int, found {type(text)}")
    base = 10
    if len(text) > 2 and text[0] == "0" and text[1] in "ox":
        base = 8 if text[1] == "o" else 16
    return int(text, base)


def _parse_float(text: Any) -> float:
    if isinstance(text, (int, float, str)) and not isinstance(text, bool):
        return float(text)
    raise TypeError(f"Expect argument to be a string, int, or float, found {type(text)}")


def _parse_bool(text: Any) -> bool:
    if isinstance(text, str):
        if text.lower() in ("true", "t", "1"):
            return True
        if text.lower() in ("false", "f", "0"):
            return False
        raise ValueError("Non-boolean argument to boolean flag", text)
    if isinstance(text, int) and text in (0, 1):
        return bool(text)
    raise ValueError("Non-boolean argument to boolean flag", text)


def _parse_list(text: Any) -> list:
    if isinstance(text, str):
        return [item.strip() for item in text.split(",") if item.strip()]
    return list(text)


class _Flag:
    """One defined flag: its parser, default, help and current value."""

    def __init__(self, name: str, default: Any, help: str, parse: Callable, boolean: bool,
                 module: str):
        self.name = name
        self.help = help
        self.boolean = boolean
        self.module = module
        self._parse = parse
        self.default = None if default is None else self.convert(default)
        self.value = self.default
        self.present = 0

    def convert(self, argument: Any) -> Any:
        try:
            return self._parse(argument)
        except (TypeError, ValueError, OverflowError) as e:
            raise IllegalFlagValueError(f"flag --{self.name}={argument}: {e}") from None

    def parse(self, argument: Any) -> None:
        self.value = self.convert(argument)
        self.present += 1


class FlagValues:
    """The registry of defined flags; attribute access reads a flag's value."""

    def __init__(self, parse_on_first_access: bool = False):
        self.__dict__["_flags"] = {}
        # absl keeps its name -> Flag dict as `__flags`, which TF1 scripts read as
        # `FLAGS.__flags` (e.g. to print every flag); the same dict under that name
        self.__dict__["__flags"] = self.__dict__["_flags"]
        self.__dict__["_parsed"] = False
        self.__dict__["_auto_parse"] = parse_on_first_access

    def _define(self, flag: _Flag) -> None:
        if flag.name in self._flags:
            first = self._flags[flag.name]
            raise DuplicateFlagError(
                f"The flag '{flag.name}' is defined twice. First from {first.module}, second "
                f"from {flag.module}. Description from first occurrence: {first.help}")
        self._flags[flag.name] = flag

    def __getattr__(self, name: str) -> Any:
        flag = self._flags.get(name)
        if flag is None:
            raise AttributeError(name)
        if not self._parsed and not flag.present:
            if not self._auto_parse:
                raise UnparsedFlagAccessError(
                    f"Trying to access flag --{name} before flags were parsed.")
            self(sys.argv)
        return flag.value

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in self._flags:
            raise UnrecognizedFlagError(name, value)
        self._flags[name].value = value

    def __contains__(self, name: str) -> bool:
        return name in self._flags

    def __getitem__(self, name: str) -> _Flag:
        return self._flags[name]

    def __dir__(self) -> list:
        return sorted(self._flags)

    def is_parsed(self) -> bool:
        return self._parsed

    def mark_as_parsed(self) -> None:
        self.__dict__["_parsed"] = True

    def flag_values_dict(self) -> dict:
        return {name: flag.value for name, flag in self._flags.items()}

    def __call__(self, argv: Sequence[str], known_only: bool = False) -> list:
        """Parses the flags in `argv[1:]`; returns `argv[0]` and what was not parsed. Unknown
        `--flags` are an UnrecognizedFlagError unless `known_only`; arguments after `--` are
        left alone."""
        if isinstance(argv, str):
            raise TypeError("argv should be a tuple/list of strings, not bytes or string.")
        if not argv:
            raise ValueError("argv cannot be an empty list, and must contain the program name "
                             "as the first element.")
        rest: list = []
        args = iter(argv[1:])
        for arg in args:
            if arg == "--":
                if known_only:
                    rest.append(arg)
                rest.extend(args)
                break
            if not arg.startswith("-") or arg.strip("-") == "":
                rest.append(arg)
                continue
            name, eq, value = arg.lstrip("-").partition("=")
            flag = self._flags.get(name)
            if flag is None and name.startswith("no") and name[2:] in self._flags \
                    and self._flags[name[2:]].boolean:
                if eq:
                    raise ValueError(f"{arg} does not take an argument")
                flag, value, eq = self._flags[name[2:]], "false", "="
            if flag is None:
                if not known_only:
                    raise UnrecognizedFlagError(name, value)
                rest.append(arg)
                continue
            if not eq:
                if flag.boolean:
                    value = "true"
                else:
                    value = next(args, None)
                    if value is None:
                        raise Error(f"Missing value for flag {arg}")
            flag.parse(value)
        self.mark_as_parsed()
        return [argv[0]] + rest


FLAGS = FlagValues(parse_on_first_access=True)


def _calling_module() -> str:
    """The module of the first caller outside this one (the script defining the flag)."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__") == __name__:
        frame = frame.f_back
    return "<unknown>" if frame is None else frame.f_globals.get("__name__", "<unknown>")


def _define(parse: Callable, name: str, default: Any, help: str, flag_values: FlagValues,
            boolean: bool = False) -> None:
    if not isinstance(name, str) or not name or " " in name:
        raise Error(f"Flag name must be a non-empty string without spaces: {name!r}")
    flag_values._define(_Flag(name, default, help, parse, boolean, _calling_module()))


_OLD_NAMES = {"flag_name": "name", "default_value": "default", "docstring": "help"}


def _old_names(define: Callable) -> Callable:
    """Lets `define` take TF's old keyword names too (with TF's deprecation warning)."""
    @functools.wraps(define)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        renamed = {_OLD_NAMES.get(k, k): v for k, v in kwargs.items()}
        if renamed.keys() != kwargs.keys():
            logging.warning("Use of the keyword argument names (flag_name, default_value, "
                            "docstring) is deprecated, please use (name, default, help) "
                            "instead.")
        define(*args, **renamed)
    return wrapper


@_old_names
def DEFINE_string(name: str, default: str | None, help: str,
                  flag_values: FlagValues = FLAGS, **args: Any) -> None:
    """A string flag."""
    _define(str, name, default, help, flag_values)


@_old_names
def DEFINE_integer(name: str, default: int | None, help: str,
                   flag_values: FlagValues = FLAGS, **args: Any) -> None:
    """An integer flag (`0x` / `0o` prefixes accepted, as absl does)."""
    _define(_parse_int, name, default, help, flag_values)


@_old_names
def DEFINE_float(name: str, default: float | None, help: str,
                 flag_values: FlagValues = FLAGS, **args: Any) -> None:
    """A float flag."""
    _define(_parse_float, name, default, help, flag_values)


@_old_names
def DEFINE_boolean(name: str, default: bool | None, help: str,
                   flag_values: FlagValues = FLAGS, **args: Any) -> None:
    """A boolean flag: `--name`, `--noname`, or `--name=true|false|t|f|1|0`."""
    _define(_parse_bool, name, default, help, flag_values, boolean=True)


DEFINE_bool = DEFINE_boolean


def DEFINE_list(name: str, default: Any, help: str,
                flag_values: FlagValues = FLAGS, **args: Any) -> None:
    """A comma-separated list of strings."""
    _define(_parse_list, name, default, help, flag_values)


def DEFINE_enum(name: str, default: str | None, enum_values: Sequence[str], help: str,
                flag_values: FlagValues = FLAGS, **args: Any) -> None:
    """A string flag restricted to `enum_values`."""
    if not enum_values:
        raise ValueError(f'enum_values cannot be empty, found "{enum_values}"')
    if isinstance(enum_values, str):
        raise ValueError(f'enum_values cannot be a str, found "{enum_values}"')
    allowed = list(enum_values)

    def parse(text: Any) -> str:
        if text not in allowed:
            raise ValueError(f"value should be one of <{'|'.join(allowed)}>")
        return text
    _define(parse, name, default, help, flag_values)
