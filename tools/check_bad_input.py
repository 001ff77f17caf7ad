"""Runs the bad-input matrix (tests/badinput/cases.py) against real TensorFlow and lists the
cases whose error class differs from the one the matrix expects, and the accepted-value cases
whose results differ from numpy's. Messages are TF 2.x's, which often word things differently
from TF 1.15 (minitf's model), so they are shown, not compared.

    TF_USE_LEGACY_KERAS=1 /path/to/tf/venv/bin/python tools/check_bad_input.py [id fragment ...]
"""
from __future__ import annotations

import os
import re
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import tensorflow.compat.v1 as tf  # noqa: E402

from tests.badinput import cases  # noqa: E402


def main(only: list[str]) -> int:
    tf.disable_v2_behavior()
    differ = 0
    for c in cases.CASES:
        if only and not any(o in c.id for o in only):
            continue
        env = cases.Env(tf)
        try:
            with env.graph.as_default():
                c.fn(tf, env)
            got, message = "no error", ""
        except Exception as e:  # noqa: BLE001 - the class is what is compared
            text = getattr(e, "message", None) or str(e)
            got, message = type(e).__name__, [ln for ln in text.splitlines() if ln.strip()][-2:]
        if re.fullmatch(c.error, got) is None:
            differ += 1
            print(f"{c.id}: expected {c.error}, TensorFlow raised {got}: {message}")
    for c in cases.OK:
        if only and not any(o in c.id for o in only):
            continue
        env = cases.Env(tf)
        with env.graph.as_default(), np.errstate(all="ignore"):
            try:
                got, want = c.fn(tf, env)
                if np.asarray(want).dtype == object:
                    np.testing.assert_array_equal(got, want)
                else:
                    np.testing.assert_allclose(got, want, rtol=1e-6, equal_nan=True)
            except Exception as e:  # noqa: BLE001
                differ += 1
                print(f"{c.id}: {type(e).__name__}: {str(e).strip()[-200:]}")
    print(f"{len(cases.CASES)} error cases, {len(cases.OK)} accepted-value cases, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
