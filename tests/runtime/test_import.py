"""`import minitf` stays light: no cupy, networkx, tensorflow, scipy or protobuf at import."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

HEAVY = ("cupy", "networkx", "tensorflow", "scipy", "google.protobuf", "google")


def _python(code: str) -> str:
    env = dict(os.environ, PYTHONPATH=ROOT)
    env.pop("MINITF_BACKEND", None)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_import_pulls_in_nothing_heavy():
    out = _python(
        "import sys\n"
        "import minitf as tf\n"
        f"heavy = {HEAVY!r}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy))\n")
    assert out.strip() == "[]"


def test_running_a_graph_pulls_in_nothing_heavy():
    out = _python(
        "import sys\n"
        "import minitf as tf\n"
        "x = tf.placeholder(tf.float32, [None], name='x')\n"
        "with tf.Session() as sess:\n"
        "    print(sess.run(x + 1.0, {x: [1.0]}).tolist())\n"
        f"heavy = {HEAVY!r}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n")
    assert out.split("\n")[:2] == ["[2.0]", "[]"]


def test_import_without_contrib():
    """The core works whether or not a `contrib` namespace exists."""
    out = _python(
        "import sys\n"
        "sys.modules['minitf.contrib'] = None  # any import of it would fail\n"
        "import minitf as tf\n"
        "print(tf.__version__, tf.Session.__name__, tf.nn.__name__)\n")
    assert out.split() == ["1.15.0", "Session", "minitf.nn"]


def test_lazy_families_load_on_first_use():
    """Names in `minitf._LAZY` import their module when first read; GraphDef-style lookups of
    their op types load them too."""
    out = _python(
        "import sys\n"
        "import minitf as tf\n"
        "from minitf.framework import registry\n"
        "lazy = sorted(set(tf._LAZY.values()))\n"
        "loaded = lambda: [m for m in lazy if 'minitf' + m in sys.modules]\n"
        "print(loaded())\n"
        "print(tf.string_split.__module__, 'map_fn' in dir(tf))\n"
        "print(loaded())\n"
        "print(registry.lookup('PyFunc').type, len(loaded()) == len(lazy))\n")
    lines = out.splitlines()
    assert lines[0] == "[]"
    assert lines[1] == "minitf.ops.string_ops True"
    assert lines[2] == "['.ops.string_ops']"
    assert lines[3] == "PyFunc True"


def test_lazy_names_are_each_family_all():
    import importlib

    import minitf as tf
    by_module = {}
    for name, module in tf._LAZY.items():
        by_module.setdefault(module, set()).add(name)
    for module, names in by_module.items():
        assert set(importlib.import_module(module, "minitf").__all__) == names, module


def test_lazy_modules_stay_unloaded_until_used():
    out = _python(
        "import sys\n"
        "import minitf as tf\n"
        "mods = ['minitf.summary', 'minitf.metrics', 'minitf.train.monitored_session',\n"
        "        'minitf.train.supervisor', 'minitf.contrib']\n"
        "print([m for m in mods if m in sys.modules])\n"
        "tf.train.MonitoredTrainingSession, tf.summary.scalar, tf.metrics.accuracy\n"
        "print([m for m in mods if m in sys.modules])\n"
        "from minitf.framework import registry\n"
        "print(registry.lookup('ScalarSummary').type)\n")
    lines = out.splitlines()
    assert lines[0] == "[]"
    assert lines[1] == "['minitf.summary', 'minitf.metrics', 'minitf.train.monitored_session']"
    assert lines[2] == "ScalarSummary"


def test_train_lazy_names_are_each_module_all():
    import importlib

    import minitf as tf
    for module, names in tf.train._LAZY_MODULES.items():
        mod = importlib.import_module(f"minitf.train.{module}")
        assert list(mod.__all__) == names, module
    assert {"Supervisor", "MonitoredTrainingSession", "AdamOptimizer"} <= set(dir(tf.train))
