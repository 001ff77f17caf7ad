"""A shortened run of examples/lstm_classifier.py: the training loss falls."""
import os
import re
import runpy
import sys

EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "lstm_classifier.py")


def test_short_run_loss_falls(capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", [EXAMPLE, "--steps", "40"])
    runpy.run_path(EXAMPLE, run_name="__main__")
    out = capsys.readouterr().out
    losses = [float(v) for v in re.findall(r"^step +\d+ +loss (\S+)$", out, re.MULTILINE)]
    assert len(losses) == 2
    assert losses[1] < losses[0] - 0.1
    assert re.search(r"^held-out accuracy \d\.\d{3} after \d+\.\d s$", out, re.MULTILINE)
