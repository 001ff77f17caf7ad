"""DType objects: conversions, ref types, reprs, equality and limits, as TF 1.15."""
import pickle

import numpy as np
import pytest

import minitf as tf
from minitf.framework import dtypes


@pytest.mark.parametrize("value, expected", [
    ("float32", tf.float32), ("float", tf.float32), ("double", tf.float64), ("half", tf.float16),
    ("int64", tf.int64), ("bool", tf.bool), ("string", tf.string), ("uint8", tf.uint8),
    (1, tf.float32), (3, tf.int32), (9, tf.int64), (10, tf.bool), (101, tf.float32_ref),
    (np.float32, tf.float32), (np.float64, tf.float64), (np.int64, tf.int64),
    (np.dtype("int16"), tf.int16), (np.dtype("S5"), tf.string), (np.str_, tf.string),
    (np.object_, tf.string), (np.bool_, tf.bool), (float, tf.float32), (bool, tf.bool),
    (tf.int8, tf.int8),
])
def test_as_dtype(value, expected):
    assert tf.as_dtype(value) is expected


@pytest.mark.parametrize("value", ["floot", 999, None, [1], int, str, bytes, complex, 2.5])
def test_as_dtype_errors(value):
    with pytest.raises(TypeError, match=r"^Cannot convert value .* to a TensorFlow DType\.$"):
        tf.as_dtype(value)


def test_ref_types():
    ref = tf.as_dtype("float32_ref")
    assert ref is tf.float32._as_ref and ref.name == "float32_ref"
    assert ref.base_dtype is tf.float32 and tf.float32.base_dtype is tf.float32
    assert ref._is_ref_dtype and not tf.float32._is_ref_dtype
    assert ref != tf.float32 and ref.is_floating
    assert ref.as_datatype_enum == 101
    assert str(ref) == "<dtype: 'float32_ref'>" and repr(ref) == "tf.float32_ref"
    # a base type accepts its ref, not the other way round
    assert tf.float32.is_compatible_with(ref) and not ref.is_compatible_with(tf.float32)
    assert tf.int32_ref._as_ref is tf.int32_ref


def test_reprs_and_names():
    assert repr(tf.float32) == "tf.float32" and str(tf.float32) == "<dtype: 'float32'>"
    assert tf.float16.name == "float16" and tf.half is tf.float16 and tf.double is tf.float64
    assert [d.tf_name for d in (tf.float32, tf.float64, tf.float16, tf.int32, tf.string)] == \
        ["float", "double", "half", "int32", "string"]
    assert tf.int64.as_datatype_enum == 9


def test_equality_with_numpy_and_strings():
    assert tf.float32 == np.float32 and tf.int64 == np.dtype("int64")
    assert tf.float32 == "float32" and tf.float32 != np.float64
    assert not (tf.float32 == "nope") and not (tf.float32 == None)  # noqa: E711
    assert tf.float32 != 3.5
    assert hash(tf.float32) == hash(tf.as_dtype("float32"))
    assert {tf.float32: 1}[tf.as_dtype(np.float32)] == 1


def test_properties():
    assert tf.float16.is_floating and tf.float64.is_floating and not tf.int32.is_floating
    assert tf.int8.is_integer and tf.uint64.is_integer and not tf.bool.is_integer
    assert not tf.float32.is_integer and tf.uint8.is_unsigned and not tf.int8.is_unsigned
    assert tf.complex64.is_complex and tf.complex64.real_dtype is tf.float32
    assert tf.bool.is_bool and not tf.int32.is_bool
    assert tf.float64.size == 8 and tf.int16.size == 2
    assert tf.float32.as_numpy_dtype is np.float32 and tf.string.as_numpy_dtype is object
    assert dtypes.np_dtype(tf.float32_ref) == np.dtype(np.float32)


def test_min_max():
    assert tf.uint8.max == 255 and tf.uint8.min == 0 and type(tf.int32.min) is int
    assert tf.int64.max == 2 ** 63 - 1 and tf.int8.min == -128
    assert tf.float32.max == np.finfo(np.float32).max and tf.float32.max.dtype == np.float32
    assert tf.float16.min == np.float16(-65504.0)
    assert tf.int32_ref.max == 2 ** 31 - 1


@pytest.mark.parametrize("dtype", [tf.bool, tf.string, tf.complex64])
def test_min_max_errors(dtype):
    with pytest.raises(TypeError, match=f"^Cannot find minimum value of {dtype}\\.$"):
        dtype.min  # noqa: B018
    with pytest.raises(TypeError, match=f"^Cannot find maximum value of {dtype}\\.$"):
        dtype.max  # noqa: B018


def test_pickle_keeps_singletons():
    assert pickle.loads(pickle.dumps(tf.float32_ref)) is tf.float32_ref
