"""tf.app.run: flags parsed from argv, the rest handed to main, main's result the exit status."""
import sys

import pytest

from minitf import app, flags


@pytest.fixture
def fresh_flags(monkeypatch):
    fv = flags.FlagValues(parse_on_first_access=True)
    flags.DEFINE_integer("epochs", 1, "n", flag_values=fv)
    monkeypatch.setattr(flags, "FLAGS", fv)
    return fv


def test_run_parses_then_calls_main(fresh_flags):
    seen = []
    with pytest.raises(SystemExit) as exit_info:
        app.run(main=lambda argv: seen.append(argv) or 4,
                argv=["prog", "--epochs=3", "--unknown=1", "file"])
    assert exit_info.value.code == 4
    assert seen == [["prog", "--unknown=1", "file"]]
    assert fresh_flags.epochs == 3


def test_run_defaults_to_sys_argv_and_main_of_main_module(fresh_flags, monkeypatch):
    module = type(sys)("fake_main")
    module.main = lambda argv: None
    monkeypatch.setitem(sys.modules, "__main__", module)
    monkeypatch.setattr(sys, "argv", ["prog", "--epochs", "5"])
    with pytest.raises(SystemExit) as exit_info:
        app.run()
    assert exit_info.value.code is None
    assert fresh_flags.epochs == 5


def test_bad_flag_value_exits_1(fresh_flags, capsys):
    with pytest.raises(SystemExit) as exit_info:
        app.run(main=lambda argv: 0, argv=["prog", "--epochs=x"])
    assert exit_info.value.code == 1
    assert "FATAL Flags parsing error: flag --epochs=x: invalid literal" in capsys.readouterr().err
