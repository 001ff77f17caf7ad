"""The compatibility corpus: TF1 RNN scripts in tests/corpus/scripts/, written in the TF1 idiom
(`import tensorflow as tf`), run unmodified through `python -m minitf run` in a subprocess,
shortened (CORPUS_STEPS or the script's own flag); each one's printed loss must fall.

Every line that mentions a loss contributes the first decimal number after the word; the
last such value must be below 90% of the first.
"""
import os
import re
import subprocess
import sys

import pytest

from tests.mnist_files import write_mnist

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPTS = os.path.join(ROOT, "tests", "corpus", "scripts")
STEPS = 40
LOSS = re.compile(r"loss.*?(\d+\.\d+(?:[eE][-+]?\d+)?)", re.IGNORECASE)


def _args(name, tmp_path):
    """The command-line arguments that shorten a script (and point it at its files)."""
    if name == "mnist_rows_lstm":
        write_mnist(str(tmp_path / "mnist"), n_train=200, n_test=64)
        return [str(tmp_path / "mnist"), "30"]
    if name == "flags_training":
        return [f"--max_steps={STEPS}", f"--log_dir={tmp_path / 'logs'}", "--batch_size", "16"]
    return []


def run_script(name, tmp_path):
    # unbuffered, so that tf.logging's stderr lines and stdout keep their order; one BLAS
    # thread, as the matrices are small and the scripts run side by side
    env = dict(os.environ, PYTHONPATH=ROOT, CORPUS_STEPS=str(STEPS), PYTHONUNBUFFERED="1",
               OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    env.pop("MINITF_BACKEND", None)
    return subprocess.run([sys.executable, "-m", "minitf", "run",
                           os.path.join(SCRIPTS, name + ".py"), *_args(name, tmp_path)],
                          cwd=str(tmp_path), env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=300)


def losses(output):
    return [float(m.group(1)) for m in map(LOSS.search, output.splitlines()) if m]


NAMES = sorted(f[:-3] for f in os.listdir(SCRIPTS) if f.endswith(".py"))


def test_corpus_size():
    assert len(NAMES) >= 12


def test_loss_parsing():
    assert losses("Step 5, Minibatch Loss= 2.1778, Training Accuracy= 0.250\n"
                  "Average loss at step 19 for last 20 steps: 0.66\n"
                  "INFO:tensorflow:step 21: loss = 1.5e-03\nno number here") == \
        [2.1778, 0.66, 0.0015]


@pytest.mark.parametrize("name", NAMES)
def test_script_trains(name, tmp_path):
    done = run_script(name, tmp_path)
    output = done.stdout
    assert done.returncode == 0, output
    found = losses(output)
    assert len(found) >= 2, output
    assert found[-1] < 0.9 * found[0], output
