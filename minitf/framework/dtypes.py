"""TF1's DType objects (mirrors tensorflow/python/framework/dtypes.py).

Each DType is a singleton keyed by TF's DataType enum; `_ref` variants (enum + 100) are what
ref variables report (`float32_ref`). numpy is used only to describe types, never to compute.
"""
from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["DType", "as_dtype", "float16", "half", "float32", "float64", "double", "bfloat16",
           "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "bool",
           "string", "complex64", "complex128", "resource", "variant", "float32_ref", "float64_ref",
           "int32_ref", "int64_ref"]


class DType:
    """A TensorFlow element type; compares equal to anything `as_dtype` maps to it."""

    __slots__ = ("_enum", "_name", "_np", "_tf_name")

    def __init__(self, enum: int, name: str, np_type: Any, tf_name: str):
        self._enum = enum
        self._name = name
        self._np = np_type
        self._tf_name = tf_name

    @property
    def name(self) -> str:
        return self._name

    @property
    def as_datatype_enum(self) -> int:
        return self._enum

    @property
    def _is_ref_dtype(self) -> bool:
        return self._enum > 100

    @property
    def base_dtype(self) -> "DType":
        return _BY_ENUM[self._enum - 100] if self._enum > 100 else self

    @property
    def _as_ref(self) -> "DType":
        return self if self._enum > 100 else _BY_ENUM[self._enum + 100]

    @property
    def real_dtype(self) -> "DType":
        return {complex64: float32, complex128: float64}.get(self.base_dtype, self.base_dtype)

    @property
    def as_numpy_dtype(self) -> Any:
        return self._np

    @property
    def is_floating(self) -> bool:
        return self.base_dtype in (float16, float32, float64, bfloat16)

    @property
    def is_complex(self) -> bool:
        return self.base_dtype in (complex64, complex128)

    @property
    def is_integer(self) -> bool:
        return self.base_dtype in _INTEGERS

    @property
    def is_unsigned(self) -> bool:
        return self.base_dtype in (uint8, uint16, uint32, uint64)

    @property
    def is_bool(self) -> bool:
        return self.base_dtype is bool

    @property
    def is_numpy_compatible(self) -> bool:
        return True

    @property
    def size(self) -> int:
        return 1 if self.base_dtype is string else np.dtype(self._np).itemsize

    @property
    def min(self):
        """The lowest value (a numpy scalar for floats, an int for integers), as TF 1.15."""
        b = self.base_dtype
        if b.is_floating:
            return np.finfo(b._np).min
        if b.is_integer:
            return int(np.iinfo(b._np).min)
        raise TypeError(f"Cannot find minimum value of {self}.")

    @property
    def max(self):
        b = self.base_dtype
        if b.is_floating:
            return np.finfo(b._np).max
        if b.is_integer:
            return int(np.iinfo(b._np).max)
        raise TypeError(f"Cannot find maximum value of {self}.")

    @property
    def tf_name(self) -> str:
        """The name TF's C++ runtime prints (`float`, `double`, `int32`)."""
        return self.base_dtype._tf_name

    def is_compatible_with(self, other: Any) -> bool:
        other = as_dtype(other)
        return self._enum in (other._enum, other.base_dtype._enum)

    def __eq__(self, other: Any) -> bool:
        if other is None:
            return False
        if isinstance(other, DType):
            return self._enum == other._enum
        try:
            return self._enum == as_dtype(other)._enum
        except TypeError:
            return False

    def __ne__(self, other: Any) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return self._enum

    def __reduce__(self):
        return as_dtype, (self._name,)

    def __repr__(self) -> str:
        return "tf." + self._name

    def __str__(self) -> str:
        return f"<dtype: '{self._name}'>"


_SPECS = [
    (1, "float32", np.float32, "float"),
    (2, "float64", np.float64, "double"),
    (3, "int32", np.int32, "int32"),
    (4, "uint8", np.uint8, "uint8"),
    (5, "int16", np.int16, "int16"),
    (6, "int8", np.int8, "int8"),
    (7, "string", object, "string"),
    (8, "complex64", np.complex64, "complex64"),
    (9, "int64", np.int64, "int64"),
    (10, "bool", np.bool_, "bool"),
    (14, "bfloat16", np.float32, "bfloat16"),
    (17, "uint16", np.uint16, "uint16"),
    (18, "complex128", np.complex128, "complex128"),
    (19, "float16", np.float16, "half"),
    (20, "resource", object, "resource"),  # TensorArray handles
    (21, "variant", object, "variant"),  # tf.data datasets
    (22, "uint32", np.uint32, "uint32"),
    (23, "uint64", np.uint64, "uint64"),
]

_BY_ENUM: dict[int, DType] = {}
_BY_NAME: dict[str, DType] = {}
for _enum, _name, _np_type, _tf in _SPECS:
    for _e, _n in ((_enum, _name), (_enum + 100, _name + "_ref")):
        _BY_ENUM[_e] = _BY_NAME[_n] = DType(_e, _n, _np_type, _tf)

float32 = _BY_NAME["float32"]
float64 = _BY_NAME["float64"]
float16 = _BY_NAME["float16"]
bfloat16 = _BY_NAME["bfloat16"]
int8 = _BY_NAME["int8"]
int16 = _BY_NAME["int16"]
int32 = _BY_NAME["int32"]
int64 = _BY_NAME["int64"]
uint8 = _BY_NAME["uint8"]
uint16 = _BY_NAME["uint16"]
uint32 = _BY_NAME["uint32"]
uint64 = _BY_NAME["uint64"]
bool = _BY_NAME["bool"]  # noqa: A001 - TF's own spelling
string = _BY_NAME["string"]
complex64 = _BY_NAME["complex64"]
complex128 = _BY_NAME["complex128"]
resource = _BY_NAME["resource"]
variant = _BY_NAME["variant"]
half = float16
double = float64
float32_ref = _BY_NAME["float32_ref"]
float64_ref = _BY_NAME["float64_ref"]
int32_ref = _BY_NAME["int32_ref"]
int64_ref = _BY_NAME["int64_ref"]

_INTEGERS = (int8, int16, int32, int64, uint8, uint16, uint32, uint64)

_NP_TO_DTYPE = {
    np.dtype(np.float32): float32, np.dtype(np.float64): float64, np.dtype(np.float16): float16,
    np.dtype(np.int8): int8, np.dtype(np.int16): int16, np.dtype(np.int32): int32,
    np.dtype(np.int64): int64, np.dtype(np.uint8): uint8, np.dtype(np.uint16): uint16,
    np.dtype(np.uint32): uint32, np.dtype(np.uint64): uint64, np.dtype(np.bool_): bool,
    np.dtype(np.complex64): complex64, np.dtype(np.complex128): complex128,
    np.dtype(np.object_): string,
}
_ALIASES = {"float": float32, "double": float64, "half": float16}


def as_dtype(type_value: Any) -> DType:
    """Converts a DType, name, enum, numpy dtype or Python type into a `DType`."""
    if isinstance(type_value, DType):
        return type_value
    if isinstance(type_value, str):
        found = _BY_NAME.get(type_value) or _ALIASES.get(type_value)
        if found is not None:
            return found
    elif isinstance(type_value, int) and not isinstance(type_value, type(True)):
        if type_value in _BY_ENUM:
            return _BY_ENUM[type_value]
    elif type_value is float:
        return float32
    elif type_value is type(True):
        return bool
    elif type_value is None or any(type_value is t for t in (int, str, bytes, complex)):
        pass  # TF maps no DType to these (np.dtype(None) would say float64)
    else:
        try:
            npd = np.dtype(type_value)
        except TypeError:
            npd = None
        if npd is not None:
            if npd.kind in "SU":
                return string
            if npd in _NP_TO_DTYPE:
                return _NP_TO_DTYPE[npd]
    raise TypeError(f"Cannot convert value {type_value!r} to a TensorFlow DType.")


def np_dtype(dtype: DType) -> np.dtype:
    """The numpy dtype a value of `dtype` is stored as."""
    return np.dtype(dtype.base_dtype.as_numpy_dtype)

