"""Writes docs/api-coverage.md: the tf.* names and op types minitf provides.

    python tools/api_coverage.py > docs/api-coverage.md
"""
import types

import minitf as tf
from minitf.framework import registry


def names(ns) -> list:
    """A namespace's public names: its `__all__` where it has one."""
    listed = getattr(ns, "__all__", None) or dir(ns)
    return sorted(n for n in listed if not n.startswith("_")
                  and not isinstance(getattr(ns, n), types.ModuleType))


def main() -> None:
    print("# API coverage\n")
    print("What `import minitf as tf` provides (regenerate with `python tools/api_coverage.py`).")
    print()
    top = names(tf)
    print(f"## `tf.*` ({len(top)} names)\n")
    print(", ".join(f"`{n}`" for n in top) + "\n")
    for sub in ("nn", "nn.rnn_cell", "nest", "math", "dtypes", "linalg", "image", "random",
                "debugging", "initializers", "train", "losses", "layers", "test", "data",
                "strings", "lookup",
                "graph_util", "saved_model", "io", "python_io", "queue", "data.experimental",
                "errors", "metrics", "summary", "app", "flags", "logging", "gfile", "compat",
                "contrib.rnn", "contrib.layers", "contrib.seq2seq", "contrib.legacy_seq2seq",
                "contrib.framework", "contrib.crf", "contrib.training", "contrib.util",
                "contrib.learn.preprocessing", "contrib.learn.datasets", "contrib.lookup",
                "contrib.tensorboard.plugins.projector",
                "keras.preprocessing.sequence", "keras.preprocessing.text", "keras.utils",
                "keras.backend"):
        ns = tf
        for part in sub.split("."):
            ns = getattr(ns, part)
        sub_names = names(ns)
        print(f"## `tf.{sub}` ({len(sub_names)} names)\n")
        print(", ".join(f"`{n}`" for n in sub_names) + "\n")
    ops = sorted(registry.registered_ops())
    print(f"## Registered op types ({len(ops)})\n")
    print("Each has its static shape rule, kernel and tests, a gradient (checked numerically) or a "
          "non-differentiable declaration, and golden records from real TensorFlow except the "
          "few minitf-only ones listed in tests/golden/test_golden.py.\n")
    print(", ".join(f"`{o}`" for o in ops))


if __name__ == "__main__":
    main()
