"""nest: flatten/pack of lists, tuples, namedtuples and mappings (sorted keys), as TF's nest."""
import collections

import pytest

from minitf.framework import nest

P = collections.namedtuple("P", "c h")


def test_flatten():
    assert nest.flatten({"b": 1, "a": [2, 3]}) == [2, 3, 1]
    assert nest.flatten(5) == [5] and nest.flatten("ab") == ["ab"] and nest.flatten(None) == [None]
    assert nest.flatten(P(c=1, h=(2, [3]))) == [1, 2, 3]
    assert nest.flatten([]) == [] and nest.flatten(((), {})) == []


def test_is_sequence():
    assert nest.is_sequence([1]) and nest.is_sequence({}) and nest.is_sequence(P(1, 2))
    assert not nest.is_sequence("a") and not nest.is_sequence(b"a")
    assert not nest.is_sequence({1}) and not nest.is_sequence(3)
    assert nest.is_namedtuple(P(1, 2)) and not nest.is_namedtuple((1, 2))
    assert nest.is_nested is nest.is_sequence


def test_pack_sequence_as_keeps_container_types():
    assert nest.pack_sequence_as({"b": 0, "a": [0, 0]}, [1, 2, 3]) == {"b": 3, "a": [1, 2]}
    packed = nest.pack_sequence_as(P(0, (0, 0)), [1, 2, 3])
    assert type(packed) is P and packed == P(c=1, h=(2, 3))
    ordered = nest.pack_sequence_as(collections.OrderedDict([("b", 0), ("a", 0)]), [1, 2])
    assert type(ordered) is collections.OrderedDict and list(ordered.items()) == [("b", 2), ("a", 1)]
    dd = nest.pack_sequence_as(collections.defaultdict(list, {"x": 0}), [5])
    assert type(dd) is collections.defaultdict and dd["x"] == 5 and dd["missing"] == []
    assert nest.pack_sequence_as(5, [1]) == 1 and nest.pack_sequence_as([], []) == []


def test_pack_sequence_as_errors():
    with pytest.raises(ValueError, match=r"^Structure is a scalar but len\(flat_sequence\) == 2 > 1$"):
        nest.pack_sequence_as(5, [1, 2])
    with pytest.raises(ValueError, match=r"^Could not pack sequence\. Structure had 2 elements, but "
                                         r"flat_sequence had 1 elements\.  Structure: \[0, 0\], "
                                         r"flat_sequence: \[1\]\.$"):
        nest.pack_sequence_as([0, 0], [1])
    with pytest.raises(TypeError, match=r"^nest only supports dicts with sortable keys\.$"):
        nest.flatten({1: 1, "a": 2})


def test_assert_same_structure():
    nest.assert_same_structure([1, (2, 3)], ["a", ("b", "c")])
    nest.assert_same_structure([1, 2], (1, 2), check_types=False)
    with pytest.raises(ValueError, match=r"don't have the same nested structure(.|\n)*Substructure "
                                         r"\"\[2\]\" is a sequence, while substructure \"2\" is not"):
        nest.assert_same_structure([1, 2], [1, [2]])
    with pytest.raises(TypeError) as e:
        nest.assert_same_structure([1, (2, 3)], [1, [2, 3]])
    assert str(e.value) == (
        "The two structures don't have the same nested structure.\n\n"
        "First structure: [1, (2, 3)]\n\nSecond structure: [1, [2, 3]]\n\n"
        "More specifically: The two namedtuples don't have the same sequence type. First "
        "structure (2, 3) has type tuple, while second structure [2, 3] has type list\n"
        "Entire first structure:\n[., (., .)]\nEntire second structure:\n[., [., .]]")
    with pytest.raises(TypeError, match=r"First structure P\(c=1, h=2\) has type P, while "
                                        r"second structure Q\(c=1, h=2\) has type Q"):
        nest.assert_same_structure(P(1, 2), collections.namedtuple("Q", "c h")(1, 2))
    # namedtuples of one name and fields, list subclasses and mappings count as one type
    nest.assert_same_structure(P(1, 2), collections.namedtuple("P", "c h")(3, 4))
    nest.assert_same_structure([1], type("L", (list,), {})([2]))
    nest.assert_same_structure({"a": 1}, collections.OrderedDict(a=2))
    with pytest.raises(ValueError, match=r"don't have the same number of elements"):
        nest.assert_same_structure([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match=r"don't have the same set of keys"):
        nest.assert_same_structure({"a": 1}, {"b": 1})


def test_map_structure():
    assert nest.map_structure(lambda x, y: x + y, [1, (2, 3)], [10, (20, 30)]) == [11, (22, 33)]
    assert nest.map_structure(lambda x: x * 2, P(1, {"k": 2})) == P(2, {"k": 4})
    with pytest.raises(ValueError, match=r"^Must provide at least one structure$"):
        nest.map_structure(lambda x: x)
    with pytest.raises(ValueError, match="same number of elements"):
        nest.map_structure(lambda x, y: x, [1], [1, 2])


def test_tf_nest_namespace_is_framework_nest():
    import minitf as tf
    from minitf.framework import nest as framework_nest
    for name in ("flatten", "pack_sequence_as", "map_structure", "assert_same_structure",
                 "is_nested"):
        assert getattr(tf.nest, name) is getattr(framework_nest, name)
    structure = {"b": (1, [2]), "a": 3}
    assert tf.nest.flatten(structure, expand_composites=False) == [3, 1, 2]
    assert tf.nest.pack_sequence_as(structure, [30, 10, 20]) == {"b": (10, [20]), "a": 30}
    assert tf.nest.map_structure(lambda x, y: x * y, (1, [2]), (3, [4])) == (3, [8])
    assert tf.nest.is_nested([1]) and not tf.nest.is_nested("ab")
