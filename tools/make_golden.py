"""Records golden values from real TensorFlow for tests/golden/ (the only importer of TensorFlow).

    TF_USE_LEGACY_KERAS=1 /work/tfenv/bin/python tools/make_golden.py [family ...]

Runs every case of tests/golden/cases/ with `tensorflow.compat.v1` in v1 graph mode and writes
tests/golden/<family>.json: one line per case holding its record (ops, fetched tensors' names,
static shapes and dtypes, result values, facts, errors). See tests/golden/README.md.
"""
from __future__ import annotations

import json
import os
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"


def _load_tf():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    warnings.filterwarnings("ignore")
    import tensorflow.compat.v1 as tf
    tf.disable_v2_behavior()
    tf.get_logger().setLevel("ERROR")
    return tf


def _check(c, rec: dict) -> str | None:
    """A case registered with an expected error must raise it, with the fragment in the text;
    any other case must not raise. Returns what is wrong, if anything."""
    err = rec.get("error")
    if c.error is None and err is not None:
        return f"{c.id}: TensorFlow raised {err['type']}: {err['message']}"
    if c.error is not None and (err is None or c.error not in err["message"]):
        return f"{c.id}: expected an error with {c.error!r}, TensorFlow gave {err}"
    return None


def main(families: list[str]) -> None:
    sys.path.insert(0, str(GOLDEN))
    import cases
    tf = _load_tf()
    import numpy as np
    by_family: dict[str, dict] = {f: {} for f in cases.FAMILIES}
    problems: list[str] = []
    for cid, c in cases.all_cases().items():
        if families and c.family not in families:
            continue
        tf.reset_default_graph()
        rec = cases.record(tf, c)
        problem = _check(c, rec)
        if problem:
            problems.append(problem)
            continue
        if c.tf115 is not None:
            c.tf115(rec)
            rec["tf115_patch"] = c.tf115.__name__
        by_family[c.family][c.name] = rec
    for family, recs in by_family.items():
        if families and family not in families:
            continue
        header = {"generator": "tools/make_golden.py", "tensorflow": tf.__version__,
                  "numpy": np.__version__}
        lines = [f"{json.dumps(name)}: {json.dumps(rec, sort_keys=True)}"
                 for name, rec in recs.items()]
        text = ("{\n" + f'"meta": {json.dumps(header)},\n"cases": {{\n' + ",\n".join(lines)
                + "\n}}\n")
        (GOLDEN / f"{family}.json").write_text(text)
        print(f"{family}: {len(recs)} cases")
    if problems:
        raise SystemExit("cases left out:\n" + "\n".join(problems))


if __name__ == "__main__":
    main(sys.argv[1:])
