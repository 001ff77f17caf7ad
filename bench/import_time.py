"""Import time of `minitf` (and of `tensorflow` when installed), each in fresh interpreters.

    python bench/import_time.py [--repeat 7]

Reports the median wall time of `python -c "import X"` minus that of `python -c "pass"`, and
which heavy modules `import minitf` pulled in (it must pull in none). Target: under 0.3 s.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
HEAVY = ("cupy", "networkx", "tensorflow", "scipy", "google.protobuf", "torch")


def _wall(code: str) -> float:
    # Bytecode caching on, as for an installed package (pip compiles .pyc files); the first,
    # unmeasured round writes the caches.
    env = dict(os.environ, PYTHONPATH=ROOT, TF_CPP_MIN_LOG_LEVEL="3")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    targets = {"minitf": "import minitf"}
    try:
        import importlib.util
        if importlib.util.find_spec("tensorflow") is not None:
            targets["tensorflow"] = "import tensorflow"
    except ValueError:
        pass
    times: dict[str, list] = {k: [] for k in ["(bare python)", *targets]}
    for code in targets.values():
        _wall(code)
    for r in range(args.repeat):
        names = list(times) if r % 2 == 0 else list(times)[::-1]
        for name in names:
            times[name].append(_wall(targets.get(name, "pass")))
    bare = statistics.median(times.pop("(bare python)"))
    for name, ts in times.items():
        print(f"import {name:12s} {statistics.median(ts) - bare:7.3f} s  (median of {args.repeat})")
    probe = ("import sys, minitf; print(','.join(m for m in %r if m in sys.modules))" % (HEAVY,))
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=ROOT), check=True).stdout.strip()
    print(f"heavy modules imported by minitf: {out or 'none'}")
    print("target: import minitf under 0.3 s")


if __name__ == "__main__":
    main()
