"""Import time of `minitf` (and of `tensorflow` and `torch` when installed), each in fresh
interpreters.

    python bench/import_time.py [--repeat 7] [--no-tf] [--no-torch]

Reports the median wall time of `python -c "import X"` minus that of `python -c "pass"`, and
a note naming any heavy module `import minitf` pulled in (it must pull in none). Target: under
0.3 s.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import time

import timing

HEAVY = ("cupy", "networkx", "tensorflow", "scipy", "google.protobuf", "torch")
BARE = "(bare python)"


def _env() -> dict:
    return dict(os.environ, PYTHONPATH=timing.ROOT, TF_CPP_MIN_LOG_LEVEL="3")


def _wall(code: str) -> float:
    # Bytecode caching on, as for an installed package (pip compiles .pyc files); the first,
    # unmeasured round writes the caches.
    env = _env()
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ValueError:
        return False


def heavy_imports() -> list:
    """The heavy modules that `import minitf` loads (there should be none)."""
    probe = f"import sys, minitf; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         env=_env(), check=True).stdout.strip()
    return out.split(",") if out else []


def measure(repeat: int = 7, with_tf: bool = True, with_torch: bool = True) -> list:
    """One row: seconds to import minitf, TensorFlow and PyTorch, over bare Python's start."""
    modules = {"minitf": "minitf"}
    if with_tf and _installed("tensorflow"):
        modules[timing.TF] = "tensorflow"
    if with_torch and _installed("torch"):
        modules[timing.TORCH] = "torch"
    codes = {BARE: "pass", **{name: f"import {m}" for name, m in modules.items()}}
    for code in codes.values():
        _wall(code)
    samples = timing.rounds({name: (lambda c=code: _wall(c)) for name, code in codes.items()},
                            repeat)
    bare = statistics.median(samples.pop(BARE))
    heavy = heavy_imports()
    return [timing.Row("import time", "s",
                       {name: statistics.median(v) - bare for name, v in samples.items()},
                       (timing.Bound(0.3, strict=True),),
                       f"import minitf loaded {', '.join(heavy)}" if heavy else "")]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--no-tf", action="store_true", help="skip TensorFlow even if installed")
    ap.add_argument("--no-torch", action="store_true", help="skip PyTorch even if installed")
    args = ap.parse_args()
    rows = measure(args.repeat, not args.no_tf, not args.no_torch)
    print(f"import time, median of {args.repeat} fresh interpreters less bare Python's start")
    print(timing.table(rows))


if __name__ == "__main__":
    main()
