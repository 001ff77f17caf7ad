"""Durability: saving processes are SIGKILLed at 40 deterministic points (every fsync, rename
and delete of their first saves) and 40 random moments; after every kill the state file parses,
each checkpoint it names restores with the values saved, and a checkpoint overwritten in place
holds one whole step (saver_kill_driver.py)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the driver forks its saving processes")
def test_killed_saves_leave_loadable_checkpoints_and_state(tmp_path):
    out = subprocess.run([sys.executable, "-m", "tests.train.saver_kill_driver", str(tmp_path),
                          "40", "7"], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr[-3000:]
    summary = json.loads(out.stdout.strip().splitlines()[-1])
    assert summary["kills"] == 80
    assert summary["deterministic"] == 40 and summary["random"] == 40
    # Some kills landed inside a file write (temporary files left) and the state file
    # always named restorable checkpoints.
    assert summary["mid_file_write"] > 0
    assert summary["checkpoints_verified"] >= 60
    assert summary["fixed_verified"] >= 40
