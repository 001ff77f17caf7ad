"""bench/run_all.py prints its one table (a quick overhead run, minitf alone); timings are
never asserted, only the table's shape and the target checks."""
import importlib.util
import os
import subprocess
import sys

import pytest

BENCH = os.path.join(os.path.dirname(__file__), "..", "..", "bench")
HEAD = ["figure", "minitf", "tf.compat.v1", "torch", "ratio vs TF", "ratio vs torch", "target",
        "met?"]


def _run_all(*flags: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, os.path.join(BENCH, "run_all.py"), *flags],
                          check=False, capture_output=True, text=True, timeout=120)


def test_quick_overhead_table():
    out = _run_all("--quick", "--no-tf", "--no-torch", "--only", "overhead", "--markdown")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("minitf, no peer: medians of 2 interleaved rounds")
    assert lines[1] == "| " + " | ".join(HEAD) + " |"
    rows = [line.strip("| ").split(" | ") for line in lines[3:]]
    assert [r[0] for r in rows] == ["fixed cost per run", "per op, chain of 1000 adds"]
    for row in rows:
        assert row[1].endswith(" µs") and row[2:6] == ["-"] * 4
        assert row[7] in ("yes", "no")


def test_unknown_benchmark_is_refused():
    out = _run_all("--only", "overhead,gpu")
    assert out.returncode == 2
    assert "unknown benchmark(s) gpu" in out.stderr


@pytest.fixture(scope="module")
def timing_module():
    """bench/timing.py, loaded under its own name (bench/ is no package)."""
    spec = importlib.util.spec_from_file_location("bench_timing", os.path.join(BENCH,
                                                                              "timing.py"))
    module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)  # for dataclasses
    spec.loader.exec_module(module)
    return module


def test_bounds_and_met(timing_module):
    t = timing_module
    row = t.Row("f", "ms", {"minitf": 2.0, t.TF: 4.0},
                (t.Bound(0.5, t.TF), t.Bound(1.5, t.TORCH)))
    assert row.target() == "≤ 0.5x TF, ≤ 1.5x torch"
    assert row.met() == "-"  # torch's bound cannot be checked
    row.values[t.TORCH] = 1.0
    assert row.met() == "no"
    row.values[t.TORCH] = 2.0
    assert row.met() == "yes"
    strict = t.Row("import", "s", {"minitf": 0.3}, (t.Bound(0.3, strict=True),))
    assert (strict.target(), strict.met()) == ("< 0.3 s", "no")


def test_notes_and_disagreement(timing_module):
    t = timing_module
    assert t.disagreement({"minitf": 2.3, t.TF: 2.30001}) == ""
    note = t.disagreement({"minitf": 2.3, t.TORCH: 2.4})
    assert note == "first losses differ: minitf 2.300000, torch 2.400000"
    text = t.table([t.Row("a", "x", {"minitf": 1.25}, (t.Bound(1.5),), note)])
    assert text.splitlines()[1].startswith("a [1]")
    assert text.splitlines()[-1] == f"[1] {note}"


def test_profile_lists_kernels_by_op_type():
    out = subprocess.run([sys.executable, os.path.join(BENCH, "kernel_profile.py"), "--sizes", "1",
                          "--what", "inference", "--runs", "1", "--top", "3"],
                         check=False, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert lines[0].startswith("LSTM size 1 (B=1 T=100 I=8 H=16), inference:")
    assert lines[1].split() == ["op", "type", "calls/run", "µs/call", "ms/run"]
    calls = {line.split()[0]: int(line.split()[1]) for line in lines[2:]}
    assert len(calls) == 3 and calls["While"] == 1  # the fused LSTM loop: one call per run
