"""`tf.contrib.training.HParams` and `parse_values`: typed overrides from strings, dicts and
JSON, casts that never lose a kind, and TF 1.15's ValueError texts."""
import pytest

import minitf as tf

HParams = tf.contrib.training.HParams


def test_values_attributes_and_reprs():
    h = HParams(learning_rate=0.1, num_units=100, activations=["relu", "tanh"], use_bn=True)
    assert h.learning_rate == 0.1 and h.num_units == 100
    assert h.values() == {"learning_rate": 0.1, "num_units": 100,
                          "activations": ["relu", "tanh"], "use_bn": True}
    assert str(h) == ("[('activations', ['relu', 'tanh']), ('learning_rate', 0.1), "
                      "('num_units', 100), ('use_bn', True)]")
    assert repr(h) == f"HParams({h})"
    assert "num_units" in h and "other" not in h
    assert h.to_json(sort_keys=True) == ('{"activations": ["relu", "tanh"], '
                                         '"learning_rate": 0.1, "num_units": 100, '
                                         '"use_bn": true}')


def test_parse_overrides_scalars_lists_and_bools():
    h = HParams(lr=0.1, n=3, acts=["relu"], flag=True, name_="x", sizes=[1, 2])
    assert h.parse("lr=3,n=5, acts=[a, b],flag=false,name_=y,sizes=[4 5 6]") is h
    assert h.values() == {"lr": 3.0, "n": 5, "acts": ["a", "b"], "flag": False,
                          "name_": "y", "sizes": [4, 5, 6]}
    assert isinstance(h.lr, float)
    h.parse("flag=True")
    assert h.flag is True
    h.parse("flag=0")
    assert h.flag is False


def test_parse_values_index_assignments():
    assert tf.contrib.training.parse_values("x=5,L=[1,2],arr[1]=3,arr[0]=4",
                                            {"x": int, "L": int, "arr": int}) == \
        {"x": 5, "L": [1, 2], "arr": {1: 3, 0: 4}}


@pytest.mark.parametrize("values, message", [
    ("n=1.5", "Could not parse hparam 'n' of type 'int' with value '1.5' in n=1.5"),
    ("n=1,n=2", "Multiple assignments to variable 'n' in n=1,n=2"),
    ("arr[1]=1,arr[1]=2", r"Multiple assignments to variable 'arr\[1\]'"),
    ("arr[0]=[1,2]", r"Assignment of a list to a list index\."),
    ("zzz=1", "Unknown hyperparameter type for zzz"),
    ("n", "Malformed hyperparameter value: n"),
    ("flag=maybe", "Could not parse hparam 'flag' of type 'bool' with value 'maybe'"),
    ("n=[1,2]", "Must not pass a list for single-valued parameter: n"),
    ("arr=3", r"Must pass a list for multi-valued parameter: arr\."),
])
def test_parse_errors(values, message):
    h = HParams(n=1, arr=[1, 2], flag=False)
    with pytest.raises(ValueError, match=message):
        h.parse(values)


def test_set_hparam_casts_only_without_losing_a_kind():
    h = HParams(lr=0.1, n=3, s="a", flag=False, xs=[0.5])
    h.set_hparam("lr", 2)
    assert h.lr == 2.0 and isinstance(h.lr, float)
    h.set_hparam("xs", [1, 2])
    assert h.xs == [1.0, 2.0]
    for name, value in [("n", 2.5), ("s", 3), ("flag", 1), ("n", True), ("lr", "x")]:
        with pytest.raises(ValueError, match=f"Could not cast hparam '{name}'"):
            h.set_hparam(name, value)
    h.override_from_dict({"n": 7})
    h.parse_json('{"s": "b", "lr": 0.5}')
    assert (h.n, h.s, h.lr) == (7, "b", 0.5)


def test_add_get_and_delete():
    h = HParams(n=3, xs=[1])
    h.add_hparam("extra", "v")
    assert h.get("extra") == "v" and h.get("missing", 9) == 9
    assert h.get("n", 5) == 3
    with pytest.raises(ValueError, match="Hparam 'n' of type '<class 'int'>' is incompatible "
                                         "with default=0.5"):
        h.get("n", 0.5)
    with pytest.raises(ValueError, match=r"of type 'list<<class 'int'>>' is incompatible"):
        h.get("xs", 1)
    for name in ("parse", "values"):
        with pytest.raises(ValueError, match=f"Hyperparameter name is reserved: {name}"):
            h.add_hparam(name, 1)
    with pytest.raises(ValueError, match="Multi-valued hyperparameters cannot be empty: e"):
        h.add_hparam("e", [])
    h.del_hparam("extra")
    assert "extra" not in h and not hasattr(h, "extra")
    with pytest.raises(ValueError, match="mutually exclusive"):
        HParams(hparam_def=object(), n=1)
