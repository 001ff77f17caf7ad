"""tf.flags / tf.app.flags: definition, parsing forms, absl's errors and messages."""
import sys

import pytest

import minitf as tf
from minitf import flags


def _flag_values():
    fv = flags.FlagValues()
    flags.DEFINE_string("name", "ab", "a string", flag_values=fv)
    flags.DEFINE_integer("steps", 7, "an int", flag_values=fv)
    flags.DEFINE_float("lr", 0.5, "a float", flag_values=fv)
    flags.DEFINE_boolean("train", True, "a bool", flag_values=fv)
    flags.DEFINE_bool("fast", False, "a bool", flag_values=fv)
    flags.DEFINE_list("layers", "8,16", "a list", flag_values=fv)
    flags.DEFINE_enum("cell", "lstm", ["lstm", "gru"], "an enum", flag_values=fv)
    return fv


def test_namespaces():
    assert tf.flags is tf.app.flags is flags
    assert tf.flags.FLAGS is flags.FLAGS


def test_defaults_before_and_after_parse():
    fv = _flag_values()
    with pytest.raises(flags.UnparsedFlagAccessError,
                       match=r"Trying to access flag --steps before flags were parsed\."):
        fv.steps
    assert fv(["prog"]) == ["prog"]
    assert (fv.name, fv.steps, fv.lr, fv.train, fv.fast, fv.layers, fv.cell) == \
        ("ab", 7, 0.5, True, False, ["8", "16"], "lstm")


def test_parse_forms_and_leftovers():
    fv = _flag_values()
    rest = fv(["prog", "--name=xyz", "pos1", "--steps", "0x10", "-lr=2.5", "--notrain",
               "--fast", "--layers=1, 2,3", "--cell", "gru", "--", "--steps=3"])
    assert rest == ["prog", "pos1", "--steps=3"]
    assert (fv.name, fv.steps, fv.lr, fv.train, fv.fast, fv.layers, fv.cell) == \
        ("xyz", 16, 2.5, False, True, ["1", "2", "3"], "gru")
    fv(["prog", "--train=false", "--fast=T"])
    assert (fv.train, fv.fast) == (False, True)


def test_known_only_keeps_unknown_flags():
    fv = _flag_values()
    assert fv(["prog", "--other=1", "--steps=2", "x"], known_only=True) == \
        ["prog", "--other=1", "x"]
    assert fv.steps == 2
    assert fv.is_parsed()
    assert fv.flag_values_dict()["steps"] == 2
    assert "steps" in fv and "other" not in fv and "lr" in dir(fv)


def test_double_underscore_flags_is_absls_name_to_flag_dict():
    """TF1 scripts print every flag with `sorted(FLAGS.__flags.items())` (absl's own dict)."""
    fv = _flag_values()
    fv(["prog", "--steps=7"])
    flags = fv.__flags
    assert set(flags) == set(fv.flag_values_dict()) and flags["steps"].value == 7
    assert [name for name, _ in sorted(flags.items())][:2] == sorted(flags)[:2]
    with pytest.raises(AttributeError, match="_parse_flags"):  # gone since TF 1.5's absl flags
        fv._parse_flags()


def test_assignment():
    fv = _flag_values()
    fv(["prog"])
    fv.steps = 99
    assert fv.steps == 99
    with pytest.raises(flags.UnrecognizedFlagError, match=r"Unknown command line flag 'nope'"):
        fv.nope = 1


def test_global_flags_parse_sys_argv_on_first_access(monkeypatch):
    fv = flags.FlagValues(parse_on_first_access=True)
    flags.DEFINE_integer("batch", 4, "n", flag_values=fv)
    monkeypatch.setattr(sys, "argv", ["prog", "--batch=12", "rest"])
    assert fv.batch == 12


def test_first_access_parse_is_strict_as_tf1(monkeypatch):
    fv = flags.FlagValues(parse_on_first_access=True)
    flags.DEFINE_integer("batch", 4, "n", flag_values=fv)
    monkeypatch.setattr(sys, "argv", ["prog", "--unknown"])
    with pytest.raises(flags.UnrecognizedFlagError, match=r"Unknown command line flag 'unknown'"):
        fv.batch


def test_old_keyword_names(caplog):
    fv = flags.FlagValues()
    flags.DEFINE_string(flag_name="s", default_value="v", docstring="old names", flag_values=fv)
    flags.DEFINE_integer("i", default_value=3, help="mixed", flag_values=fv)
    fv(["prog"])
    assert (fv.s, fv.i, fv["s"].help) == ("v", 3, "old names")
    assert "Use of the keyword argument names (flag_name, default_value, docstring) is " \
           "deprecated" in caplog.text


def test_errors():
    fv = _flag_values()
    with pytest.raises(flags.UnrecognizedFlagError, match=r"^Unknown command line flag 'bogus'$"):
        fv(["prog", "--bogus=1"])
    with pytest.raises(flags.IllegalFlagValueError,
                       match=r"flag --steps=abc: invalid literal for int\(\) with base 10: 'abc'"):
        fv(["prog", "--steps=abc"])
    with pytest.raises(flags.IllegalFlagValueError,
                       match=r"flag --lr=x: could not convert string to float: 'x'"):
        fv(["prog", "--lr", "x"])
    with pytest.raises(flags.IllegalFlagValueError,
                       match=r"flag --train=maybe: \('Non-boolean argument to boolean flag', "
                             r"'maybe'\)"):
        fv(["prog", "--train=maybe"])
    with pytest.raises(flags.IllegalFlagValueError,
                       match=r"flag --cell=rnn: value should be one of <lstm\|gru>"):
        fv(["prog", "--cell=rnn"])
    with pytest.raises(flags.Error, match=r"Missing value for flag --name"):
        fv(["prog", "--name"])
    with pytest.raises(ValueError, match=r"--notrain=1 does not take an argument"):
        fv(["prog", "--notrain=1"])
    with pytest.raises(AttributeError, match=r"^missing$"):
        fv.missing
    with pytest.raises(TypeError, match=r"argv should be a tuple/list of strings"):
        fv("prog --steps=1")
    with pytest.raises(ValueError, match=r"argv cannot be an empty list"):
        fv([])


def test_definition_errors():
    fv = _flag_values()
    with pytest.raises(flags.DuplicateFlagError,
                       match=r"The flag 'steps' is defined twice\. First from \S*test_flags, "
                             r"second from \S*test_flags\. Description from first occurrence: "
                             r"an int"):
        flags.DEFINE_integer("steps", 1, "again", flag_values=fv)
    with pytest.raises(flags.IllegalFlagValueError, match=r"flag --bad=x: invalid literal"):
        flags.DEFINE_integer("bad", "x", "bad default", flag_values=fv)
    with pytest.raises(flags.Error, match=r"Flag name must be a non-empty string"):
        flags.DEFINE_string("a b", "", "spaces", flag_values=fv)
    with pytest.raises(ValueError, match=r'enum_values cannot be empty, found "\[\]"'):
        flags.DEFINE_enum("e", None, [], "h", flag_values=fv)
    with pytest.raises(ValueError, match=r'enum_values cannot be a str, found "ab"'):
        flags.DEFINE_enum("e", None, "ab", "h", flag_values=fv)
