"""Writes minitf/framework/tf_op_defaults.py: TF's default attr values of the op types minitf
registers, from TensorFlow's op registry.

    TF_USE_LEGACY_KERAS=1 /work/tfenv/bin/python tools/make_op_defaults.py

minitf fills the attrs a GraphDef leaves out with these (as TF's importer fills them from its
OpDefs) and drops them when exporting with `strip_default_attrs`. Each value is an AttrValue in
protobuf's one-line text format.
"""
from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "minitf" / "framework" / "tf_op_defaults.py"


def _minitf_ops() -> list[str]:
    """The op types minitf registers, its lazily loaded namespaces included (asked of a plain
    Python, without TensorFlow)."""
    code = "import minitf, minitf.contrib, minitf.data; from minitf.framework import registry; " \
           "print(' '.join(sorted(registry.registered_ops())))"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(["python3", "-c", code], env=env, check=True, capture_output=True,
                          text=True).stdout.split()


def main() -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    warnings.filterwarnings("ignore")
    import tensorflow as tf
    from google.protobuf import text_format
    from tensorflow.python.framework import op_def_registry
    lines = []
    for name in _minitf_ops():
        op_def = op_def_registry.get(name)
        if op_def is None:
            continue
        found = {a.name: text_format.MessageToString(a.default_value, as_one_line=True)
                 for a in op_def.attr if a.HasField("default_value")}
        if found:
            items = [f"{k!r}: {v!r}" for k, v in sorted(found.items())]
            line = f"    {name!r}: {{{', '.join(items)}}},"
            if len(line) > 99:
                line = f"    {name!r}: {{\n" + "".join(f"        {i},\n" for i in items) + "    },"
            lines.append(line)
    text = (f'"""TF\'s default attr values of the op types minitf registers (written by\n'
            f'tools/make_op_defaults.py from TensorFlow {tf.__version__}; do not edit): op type ->\n'
            f'{{attr: AttrValue in protobuf text format}}."""\n\n'
            f"DEFAULTS = {{\n" + "\n".join(lines) + "\n}\n")
    OUT.write_text(text)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(lines)} op types", file=sys.stderr)


if __name__ == "__main__":
    main()
