"""`python -m minitf run`: argv, __main__, sys.path, exit status, and the command's errors;
the import hook: installed only on request, TF module names, clear errors for missing symbols."""
import os
import subprocess
import sys
import textwrap

import pytest

import minitf as tf
from minitf import runner
from minitf.__main__ import main
from minitf.runner import hook

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def minitf_cli(*args, cwd=ROOT):
    env = dict(os.environ, PYTHONPATH=ROOT)
    return subprocess.run([sys.executable, "-m", "minitf", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def hook_installed():
    runner.install()
    yield
    runner.uninstall()


def test_import_minitf_installs_nothing():
    done = subprocess.run(
        [sys.executable, "-c", "import sys, minitf\n"
         "from minitf.runner import hook\n"
         "print(any(isinstance(f, hook.TFModuleFinder) for f in sys.meta_path),"
         " 'tensorflow' in sys.modules)"],
        cwd=ROOT, env=dict(os.environ, PYTHONPATH=ROOT), capture_output=True, text=True,
        timeout=60)
    assert done.stdout.strip() == "False False", done.stderr


def test_run_script(tmp_path):
    (tmp_path / "helper_mod.py").write_text("VALUE = 41\n")
    script = tmp_path / "prog.py"
    script.write_text(textwrap.dedent("""\
        import sys
        import tensorflow as tf
        import helper_mod
        tf.flags.DEFINE_integer("n", 1, "n")
        FLAGS = tf.flags.FLAGS

        def main(argv):
            print("argv", argv)
            print("n", FLAGS.n, "value", helper_mod.VALUE + 1, "name", __name__)
            print("path0", sys.path[0])
            with tf.Session() as sess:
                print("sum", sess.run(tf.add(tf.constant(2), 3)))
            return 7

        if __name__ == "__main__":
            tf.app.run()
        """))
    done = minitf_cli("run", str(script), "--n=5", "rest", cwd=str(tmp_path))
    assert done.returncode == 7, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"argv [{str(script)!r}, 'rest']"
    assert lines[1] == "n 5 value 42 name __main__"
    assert lines[2] == f"path0 {tmp_path}"
    assert lines[3] == "sum 5"


def test_summaries_under_the_runner(tmp_path):
    """TensorBoard's writer must not take minitf (`tensorflow` under the hook) for TF."""
    pytest.importorskip("tensorboard")
    script = tmp_path / "summ.py"
    script.write_text(textwrap.dedent("""\
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [3])
        tf.summary.scalar("mean", tf.reduce_mean(x))
        tf.summary.histogram("x", x)
        merged = tf.summary.merge_all()
        with tf.Session() as sess:
            writer = tf.summary.FileWriter("logs", sess.graph)
            writer.add_summary(sess.run(merged, {x: [1.0, 2.0, 3.0]}), 1)
            writer.close()
        import sys
        print(sorted(m for m in sys.modules if m.split(".")[0] == "tensorflow"))
        """))
    done = minitf_cli("run", str(script), cwd=str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['tensorflow', 'tensorflow.summary']"
    events = list((tmp_path / "logs").iterdir())
    assert len(events) == 1 and events[0].name.startswith("events.out.tfevents.")
    assert events[0].stat().st_size > 100


def test_uncaught_error_exits_1(tmp_path):
    script = tmp_path / "bad.py"
    script.write_text("import tensorflow as tf\ntf.contrib.rnn.NoSuchCell(3)\n")
    done = minitf_cli("run", str(script))
    assert done.returncode == 1
    assert ("minitf.runner.hook.MissingSymbolError: minitf does not provide "
            "tensorflow.contrib.rnn.NoSuchCell (a TensorFlow symbol)") in done.stderr


def test_command_errors(tmp_path, capsys):
    assert main([]) == 2
    assert "usage: minitf run SCRIPT.py" in capsys.readouterr().err
    assert main(["--help"]) == 0
    assert "usage: minitf run SCRIPT.py" in capsys.readouterr().out
    assert main(["walk"]) == 2
    assert "minitf: unknown command 'walk'" in capsys.readouterr().err
    assert main(["run"]) == 2
    assert "minitf run: the script to run is missing" in capsys.readouterr().err
    assert main(["run", str(tmp_path / "nope.py")]) == 2
    assert "can't open file" in capsys.readouterr().err


def test_graph_dispatch(monkeypatch):
    from minitf.viz import cli
    calls = []
    monkeypatch.setattr(cli, "main", lambda argv: calls.append(argv) or 5)
    assert main(["graph", "a.py", "--x"]) == 5
    assert calls == [["a.py", "--x"]]


def test_tf_module_names(hook_installed):
    import tensorflow
    import tensorflow.compat.v1 as tf1
    from tensorflow.contrib import layers, legacy_seq2seq, rnn, seq2seq
    from tensorflow.examples.tutorials.mnist import input_data
    from tensorflow.python.framework import ops
    from tensorflow.python.ops import rnn as rnn_ops
    from tensorflow.python.ops import rnn_cell_impl
    assert tensorflow.__version__.startswith("1.")
    assert tf1.nn.rnn_cell.BasicLSTMCell is tensorflow.nn.rnn_cell.BasicLSTMCell \
        is rnn.BasicLSTMCell is rnn_cell_impl.BasicLSTMCell is tf.nn.rnn_cell.BasicLSTMCell
    assert tensorflow.python.framework.ops is ops
    assert ops.reset_default_graph is tf.reset_default_graph
    assert rnn_ops.dynamic_rnn is tf.nn.dynamic_rnn
    assert layers.fully_connected is tf.contrib.layers.fully_connected
    assert legacy_seq2seq.sequence_loss is tf.contrib.legacy_seq2seq.sequence_loss
    assert seq2seq.sequence_loss is tf.contrib.seq2seq.sequence_loss
    assert input_data.read_data_sets is tf.examples.tutorials.mnist.input_data.read_data_sets
    assert tensorflow.compat.v1.compat.as_bytes("a") == b"a"
    assert tensorflow.contrib.framework.get_or_create_global_step is \
        tf.train.get_or_create_global_step
    assert {"contrib", "nn", "python", "matmul"} <= set(dir(tensorflow))
    assert {"ops", "dtypes"} <= set(dir(tensorflow.python.framework))
    namespace = {}
    exec("from tensorflow.contrib.rnn import *", namespace)
    assert namespace["BasicLSTMCell"] is tf.nn.rnn_cell.BasicLSTMCell
    from tensorflow.contrib import lookup
    from tensorflow.keras.preprocessing.sequence import pad_sequences
    from tensorflow.keras.preprocessing.text import Tokenizer
    assert lookup.index_table_from_tensor is tf.contrib.lookup.index_table_from_tensor
    assert tensorflow.lookup.StaticHashTable is tf.lookup.StaticHashTable
    assert tensorflow.strings.join is tf.string_join
    assert pad_sequences is tf.keras.preprocessing.sequence.pad_sequences
    assert Tokenizer is tensorflow.keras.preprocessing.text.Tokenizer
    assert tensorflow.keras.utils.to_categorical is tf.keras.utils.to_categorical
    from tensorflow.python.saved_model import tag_constants
    from tensorflow.python.saved_model.simple_save import simple_save
    assert simple_save is tensorflow.saved_model.simple_save
    assert tag_constants.SERVING == "serve"


def test_missing_symbols_and_modules(hook_installed):
    import tensorflow
    with pytest.raises(runner.MissingSymbolError,
                       match=r"^minitf does not provide tensorflow\.contrib\.rnn\.NoCell \(a "
                             r"TensorFlow symbol\); docs/running-tf1-code\.md lists"):
        tensorflow.contrib.rnn.NoCell
    assert not hasattr(tensorflow, "no_such_op")
    with pytest.raises(AttributeError, match=r"has no attribute '__no_dunder__'"):
        tensorflow.__no_dunder__
    with pytest.raises(runner.MissingSymbolError, match=r"tensorflow\.python\.nothing"):
        tensorflow.python.nothing
    with pytest.raises(runner.MissingSymbolError, match=r"tensorflow\.nn\.rnn \("):
        tensorflow.nn.rnn  # TF 0.x's, absent from TF 1.x too
    with pytest.raises(runner.MissingModuleError,
                       match=r"^minitf does not provide tensorflow\.contrib\.tpu "):
        from tensorflow.contrib import tpu  # noqa: F401
    with pytest.raises(runner.MissingModuleError, match=r"tensorflow\.nn\.no_cell"):
        from tensorflow.nn import no_cell  # noqa: F401
    # tf.keras holds only the data utilities: its layers fail naming the symbol
    with pytest.raises(runner.MissingModuleError, match=r"tensorflow\.keras\.layers"):
        import tensorflow.keras.layers  # noqa: F401
    with pytest.raises(runner.MissingSymbolError, match=r"tensorflow\.keras\.Sequential"):
        tensorflow.keras.Sequential


def test_install_is_idempotent_and_uninstall_cleans_up():
    runner.install()
    runner.install()
    assert sum(isinstance(f, hook.TFModuleFinder) for f in sys.meta_path) == 1
    import tensorflow  # noqa: F401
    assert runner.installed() and "tensorflow" in sys.modules
    runner.uninstall()
    assert not runner.installed()
    assert not [n for n in sys.modules if n == "tensorflow" or n.startswith("tensorflow.")]


def test_device_lib_and_tfs_protobuf_modules(hook_installed, tmp_path):
    pytest.importorskip("tensorboard", reason="TF's protobuf modules are TensorBoard's copies")
    from tensorflow.core.framework import summary_pb2, variable_pb2
    from tensorflow.core.protobuf import config_pb2, rewriter_config_pb2, saver_pb2
    from tensorflow.python.client import device_lib
    assert device_lib.list_local_devices()[0].name == "/device:CPU:0"
    assert config_pb2.ConfigProto is tf.ConfigProto
    assert saver_pb2.SaverDef.V2 == tf.train.SaverDef.V2 == 2
    assert variable_pb2.VariableDef().snapshot_name == ""
    assert rewriter_config_pb2.RewriterConfig().optimizers == []
    writer = tf.summary.FileWriter(str(tmp_path))
    writer.add_summary(summary_pb2.Summary(value=[summary_pb2.Summary.Value(
        tag="loss", simple_value=1.5)]), 3)
    writer.close()
    with pytest.raises(runner.MissingModuleError, match=r"tensorflow\.core\.nothing_pb2"):
        import tensorflow.core.nothing_pb2  # noqa: F401


def test_module_paths_of_nmt_style_seq2seq_code(hook_installed):
    """Seq2seq projects import layers, embedding ops and the seq2seq pieces by TF's files."""
    from tensorflow.contrib.seq2seq.python.ops import attention_wrapper, beam_search_decoder
    from tensorflow.contrib.seq2seq.python.ops import helper as helper_py
    from tensorflow.python.layers import base as layers_base
    from tensorflow.python.layers import core as layers_core
    from tensorflow.python.ops.embedding_ops import embedding_lookup
    assert layers_core.Dense is tf.layers.Dense and layers_base.Layer is tf.layers.Layer
    assert embedding_lookup is tf.nn.embedding_lookup
    assert helper_py.TrainingHelper is tf.contrib.seq2seq.TrainingHelper
    assert attention_wrapper.AttentionWrapper is tf.contrib.seq2seq.AttentionWrapper
    assert beam_search_decoder.tile_batch is tf.contrib.seq2seq.tile_batch
