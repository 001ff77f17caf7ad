"""`python -m minitf graph SCRIPT.py -o OUT [-- ARGS]` (minitf/viz/cli.py)."""
import shutil
import subprocess
import sys
import textwrap

import pytest

from minitf.__main__ import main as minitf_main
from minitf.viz.cli import main

SCRIPT = textwrap.dedent("""
    import sys
    import minitf as tf
    units = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    cell = tf.nn.rnn_cell.BasicLSTMCell(units)
    x = tf.placeholder(tf.float32, [2, 3, 5], name="inputs")
    outputs, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    print("argv", sys.argv[1:], "script", __name__, outputs.shape)
""")


@pytest.fixture
def script(tmp_path):
    path = tmp_path / "model.py"
    path.write_text(SCRIPT)
    return str(path)


def test_writes_the_viewer_for_the_scripts_graph(script, tmp_path, capsys):
    out = tmp_path / "graph.html"
    assert main([script, "-o", str(out), "--", "7", "--flag"]) == 0
    printed = capsys.readouterr().out
    assert "argv ['7', '--flag'] script __main__ (2, 3, 7)" in printed
    assert f"wrote 145 ops to {out}" in printed
    text = out.read_text(encoding="utf-8")
    assert '"n":"rnn/transpose_1"' in text and "<title>model.py</title>" in text


def test_formats_follow_the_extension(script, tmp_path):
    assert main([script, "-o", str(tmp_path / "g.dot"), "--collapse", "rnn/while"]) == 0
    assert '"rnn/while/" [label="while' in (tmp_path / "g.dot").read_text()
    assert main([script, "-o", str(tmp_path / "g.pbtxt")]) == 0
    assert 'name: "rnn/transpose"' in (tmp_path / "g.pbtxt").read_text()


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
def test_pictures_through_graphviz(script, tmp_path):
    assert main([script, "-o", str(tmp_path / "g.svg"), "--collapse", "0"]) == 0
    assert "<svg" in (tmp_path / "g.svg").read_text()


def test_failures_write_nothing(tmp_path, capsys):
    assert main([str(tmp_path / "missing.py")]) == 2
    assert "no such script" in capsys.readouterr().err
    cases = {"raise ValueError('boom')\n": (1, "raised an exception"),
             "import sys\nsys.exit(3)\n": (3, "exited with status 3"),
             "import minitf as tf\nwith tf.Graph().as_default():\n    tf.constant(1)\n":
                 (1, "built no ops in the default graph")}
    for i, (body, (status, message)) in enumerate(cases.items()):
        path = tmp_path / f"s{i}.py"
        path.write_text(body)
        assert main([str(path), "-o", str(tmp_path / f"s{i}.html")]) == status
        assert message in capsys.readouterr().err
        assert not (tmp_path / f"s{i}.html").exists()


def test_unwritable_output_is_reported(script, tmp_path, capsys):
    assert main([script, "-o", str(tmp_path / "no" / "such" / "dir.html")]) == 1
    assert "No such file or directory" in capsys.readouterr().err


def test_python_dash_m_minitf(script, tmp_path):
    assert minitf_main(["nope"]) == 2
    done = subprocess.run([sys.executable, "-m", "minitf", "graph", script, "-o",
                           str(tmp_path / "g.html")], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "g.html").exists()


def test_tf1_scripts_import_tensorflow(tmp_path, capsys):
    """As `minitf run` does, `graph` resolves `import tensorflow as tf` to minitf (only while
    the script runs)."""
    from minitf import runner
    path = tmp_path / "tf1.py"
    path.write_text(SCRIPT.replace("import minitf as tf", "import tensorflow as tf"))
    out = tmp_path / "graph.dot"
    assert main([str(path), "-o", str(out)]) == 0
    assert "rnn/transpose_1" in out.read_text(encoding="utf-8")
    assert not runner.installed()
