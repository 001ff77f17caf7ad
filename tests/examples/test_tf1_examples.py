"""Shortened runs of the TF1-style examples through `python -m minitf run`: training shows
steps and a falling loss, and the final output has the documented form."""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run_example(name, *args):
    env = dict(os.environ, PYTHONPATH=ROOT, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    env.pop("MINITF_BACKEND", None)
    done = subprocess.run([sys.executable, "-m", "minitf", "run",
                           os.path.join("examples", name), *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_bilstm_tagger():
    out = run_example("bilstm_tagger.py", "--steps=50", "--batch_size=16")
    found = re.findall(r"^step (\d+): loss = (\d+\.\d+) \((\d+\.\d) sentences/sec\)$", out,
                       re.MULTILINE)
    assert [int(s) for s, _, _ in found] == [0, 25, 50]
    assert float(found[-1][1]) < 0.5 * float(found[0][1])
    assert re.search(r"^held-out tag accuracy \d\.\d{3} on \d+ words, ambiguous words "
                     r"\d\.\d{3}$", out, re.MULTILINE)
    assert re.search(r"^the/DET light/\w+ birds/\w+ light/\w+ a/\w+ light/\w+ \./\w+$", out,
                     re.MULTILINE)


def test_char_lm():
    out = run_example("char_lm.py", "--steps=30", "--log_every=15", "--rnn_size=32",
                      "--seq_length=16", "--length=40", "--prime=Love")
    assert out.startswith("text: 3686 characters, 52 distinct\n")
    found = re.findall(r"^(\d+)/30, train_loss = (\d+\.\d+), time/batch = \d+\.\d{3}$", out,
                       re.MULTILINE)
    assert [int(s) for s, _ in found] == [1, 15, 30]
    assert float(found[-1][1]) < float(found[0][1]) - 0.3
    sample = out.split("----- sample -----\n")[1][:-1]  # less print's newline
    assert sample.startswith("Love") and len(sample) == 44


def test_minitf_examples_run_through_the_runner_too():
    out = run_example("seed_tutorial.py")
    assert re.search(r"^MultiRNNCell: \{'outputs': \(32, 10, 256\)", out, re.MULTILINE)
