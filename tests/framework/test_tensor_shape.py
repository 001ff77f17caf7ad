"""TensorShape and Dimension: reprs, partial shapes, merging, compatibility, errors."""
import pickle

import pytest

import minitf as tf
from minitf.framework import tensor_shape
from minitf.framework.tensor_shape import Dimension, TensorShape


def test_str_and_repr():
    s = TensorShape([None, 3])
    assert str(s) == "(?, 3)" and repr(s) == "TensorShape([Dimension(None), Dimension(3)])"
    assert str(TensorShape(None)) == "<unknown>" and repr(TensorShape(None)) == "TensorShape(None)"
    assert str(TensorShape([])) == "()" and repr(TensorShape([])) == "TensorShape([])"
    assert str(TensorShape([3])) == "(3,)"
    assert str(Dimension(5)) == "5" and str(Dimension(None)) == "?"
    assert repr(Dimension(5)) == "Dimension(5)" and repr(Dimension(None)) == "Dimension(None)"
    assert tf.TensorShape is TensorShape and tf.Dimension is Dimension


def test_as_list_ndims_dims():
    s = TensorShape([None, None, 5])
    assert s.as_list() == [None, None, 5] and s.ndims == 3 and s.rank == 3
    assert s[2] == Dimension(5) and str(s[2]) == "5" and s.dims[0].value is None
    assert TensorShape(None).ndims is None and TensorShape(None).dims is None
    assert TensorShape(3).as_list() == [3]
    assert TensorShape(TensorShape([1, 2])).as_list() == [1, 2]
    with pytest.raises(ValueError, match=r"^as_list\(\) is not defined on an unknown TensorShape\.$"):
        TensorShape(None).as_list()


def test_construction_errors():
    with pytest.raises(TypeError, match="A string has ambiguous TensorShape"):
        TensorShape("ab")
    with pytest.raises(ValueError, match=r"^Dimension -1 must be >= 0$"):
        Dimension(-1)
    with pytest.raises(TypeError, match=r"^Dimension value must be integer or None or have an "
                                        r"__index__ method, got value '2\.5' with type "
                                        r"'<class 'float'>'$"):
        Dimension(2.5)


def test_merge_with():
    s = TensorShape([None, 3])
    assert s.merge_with([2, None]).as_list() == [2, 3]
    assert s.merge_with(TensorShape(None)) is s
    assert TensorShape(None).merge_with(s).as_list() == [None, 3]
    with pytest.raises(ValueError, match=r"^Shapes \(\?, 3\) and \(2, 4\) are not compatible$"):
        s.merge_with([2, 4])
    with pytest.raises(ValueError, match=r"^Shapes \(\?, 3\) and \(2, 3, 4\) are not compatible$"):
        s.merge_with([2, 3, 4])


def test_compatibility():
    s = TensorShape([None, 3])
    assert s.is_compatible_with([5, 3]) and not s.is_compatible_with([5, 4])
    assert not s.is_compatible_with([3]) and TensorShape(None).is_compatible_with([1, 2, 3])
    with pytest.raises(ValueError, match=r"^Shapes \(\?, 3\) and \[1, 2\] are incompatible$"):
        s.assert_is_compatible_with([1, 2])
    s.assert_is_compatible_with([7, 3])


def test_most_specific_compatible_shape():
    got = TensorShape([1, 2, 3]).most_specific_compatible_shape([1, 5, 3])
    assert got.as_list() == [1, None, 3]
    assert TensorShape([1, 2]).most_specific_compatible_shape([1, 5, 3]).ndims is None
    assert TensorShape([None, 2]).most_specific_compatible_shape([None, 2]).as_list() == [None, 2]


def test_concatenate_and_add():
    s = TensorShape([None, 3])
    assert s.concatenate([4]).as_list() == [None, 3, 4]
    assert s.concatenate(TensorShape(None)).ndims is None
    assert (TensorShape([1]) + TensorShape([2])).as_list() == [1, 2]
    assert ([0] + TensorShape([2])).as_list() == [0, 2]


def test_slicing():
    s = TensorShape([1, 2, 3, 4])
    assert s[1:3].as_list() == [2, 3] and s[-1] == Dimension(4) and s[2].value == 3
    unknown = TensorShape(None)
    assert unknown[2].value is None
    assert unknown[1:3].as_list() == [None, None]
    assert unknown[1:].ndims is None


def test_rank_checks():
    s = TensorShape([None, 3])
    assert s.with_rank(2).as_list() == [None, 3] and TensorShape(None).with_rank(2).ndims == 2
    with pytest.raises(ValueError, match=r"^Shape \(\?, 3\) must have rank 3$"):
        s.with_rank(3)
    with pytest.raises(ValueError, match=r"^Shape \(\?, 3\) must have rank at least 3$"):
        s.with_rank_at_least(3)
    with pytest.raises(ValueError, match=r"^Shape \(\?, 3\) must have rank at most 1$"):
        s.with_rank_at_most(1)
    with pytest.raises(ValueError, match=r"^Shape \(\?, 3\) must have rank 3$"):
        s.assert_has_rank(3)
    with pytest.raises(ValueError, match=r"^Shapes \(\?, 3\) and \(1,\) must have the same rank$"):
        s.assert_same_rank([1])
    with pytest.raises(ValueError, match=r"^Shape \(\?, 3\) is not fully defined$"):
        s.assert_is_fully_defined()


def test_num_elements_and_fully_defined():
    assert TensorShape([2, 3]).num_elements() == 6 and TensorShape([]).num_elements() == 1
    assert TensorShape([None, 3]).num_elements() is None
    assert TensorShape([2, 3]).is_fully_defined() and not TensorShape(None).is_fully_defined()


def test_equality_len_iter_bool():
    assert TensorShape([1, 2]) == [1, 2] and TensorShape([1, 2]) != [1, 3]
    assert TensorShape([None, 2]) == TensorShape([None, 2])
    assert TensorShape(None) == TensorShape(None) and not (TensorShape(None) == [1])
    assert len(TensorShape([4, 5])) == 2 and list(TensorShape([4]))[0] == 4
    assert bool(TensorShape([])) and not bool(TensorShape(None))
    with pytest.raises(ValueError, match=r"^Cannot take the length of Shape with unknown rank\.$"):
        len(TensorShape(None))
    with pytest.raises(ValueError, match=r"^Cannot iterate over a shape with unknown rank\.$"):
        iter(TensorShape(None))


def test_dimension_arithmetic():
    d3, dn = Dimension(3), Dimension(None)
    assert (d3 + 4).value == 7 and (4 + d3).value == 7 and (d3 + None).value is None
    assert (d3 - 1).value == 2 and (10 - d3).value == 7 and (d3 * dn).value is None
    assert (Dimension(7) // 2).value == 3 and (7 // Dimension(2)).value == 3
    assert (Dimension(7) % 3).value == 1 and (7 % d3).value == 1
    assert (dn * 2).value is None and (2 * d3).value == 6


def test_dimension_comparisons():
    d3, dn = Dimension(3), Dimension(None)
    assert (d3 == 3) is True and (dn == 3) is None and (dn != 3) is None
    assert (d3 < 4) is True and (dn < 4) is None and (d3 >= 3) is True and (d3 > 3) is False
    assert (d3 <= 2) is False
    assert int(d3) == 3 and [0, 1, 2, 3][Dimension(2)] == 2 and Dimension(d3).value == 3
    assert max(d3, 2) == 3


def test_dimension_merge_and_compat():
    assert Dimension(None).merge_with(4).value == 4 and Dimension(4).merge_with(None).value == 4
    assert Dimension(3).is_compatible_with(None) and not Dimension(3).is_compatible_with(4)
    with pytest.raises(ValueError, match=r"^Dimensions 3 and 4 are not compatible$"):
        Dimension(3).merge_with(4)
    with pytest.raises(ValueError, match=r"^Dimensions 3 and 4 are not compatible$"):
        Dimension(3).assert_is_compatible_with(4)


def test_helpers():
    assert tensor_shape.as_dimension(4).value == 4
    assert tensor_shape.dimension_value(Dimension(4)) == 4
    assert tensor_shape.dimension_value(None) is None
    assert tf.dimension_value is tf.compat.dimension_value is tensor_shape.dimension_value
    assert tf.dimension_at_index(TensorShape([None, 3]), 1) == 3
    assert tf.compat.dimension_at_index(TensorShape(None), 5).value is None
    assert tensor_shape.unknown_shape(3).as_list() == [None] * 3
    assert tensor_shape.unknown_shape().ndims is None
    assert tensor_shape.scalar().ndims == 0 and tensor_shape.vector(3).as_list() == [3]
    assert tensor_shape.matrix(2, None).as_list() == [2, None]
    assert tensor_shape.dims_str(TensorShape([None, 3])) == "[?,3]"
    assert tensor_shape.dims_str(TensorShape(None)) == "?"
    assert pickle.loads(pickle.dumps(TensorShape([None, 2]))) == TensorShape([None, 2])
