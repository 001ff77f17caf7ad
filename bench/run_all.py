"""Every benchmark here in one run, printed as one table of medians, ratios and issue 8's
targets (issues 3 and 4's for the MLP and the while_loop).

minitf, TensorFlow's `tf.compat.v1` and PyTorch (the two peers when importable, 2 threads
each) run side by side in this process, interleaved A B B A within each benchmark so that the
machine's throttling hits all alike; import time and peak memory are measured in fresh
processes. Only ratios from one run are comparable.

    python bench/run_all.py [--quick] [--repeat N] [--no-tf] [--no-torch] [--markdown]
                            [--only overhead,import,while_loop,mlp,lstm,memory]

`--quick`: 2 rounds, LSTM sizes 1-3 and no memory figure (unless `--only` names it).
"""
from __future__ import annotations

import argparse
import functools
import sys
import time
from importlib import metadata

import import_time
import lstm
import overhead
import timing
import train_step
import while_loop


def benchmarks(quick: bool) -> dict:
    """`{name: measure(repeat=..., with_tf=..., with_torch=...) -> rows}`, in the table's
    order."""
    def memory(repeat: int | None = None, **peers) -> list:
        return lstm.measure_memory(**peers)
    return {"overhead": overhead.measure,
            "import": import_time.measure,
            "while_loop": while_loop.measure,
            "mlp": train_step.measure,
            "lstm": functools.partial(lstm.measure, sizes=["1", "2", "3"] if quick else None),
            "memory": memory}


def _version(*dists: str) -> str | None:
    """The installed version of the first of `dists` found (without importing it)."""
    for dist in dists:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return None


def _args(argv: list | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true",
                    help="2 rounds, LSTM sizes 1-3, no memory figure")
    ap.add_argument("--repeat", type=int, help="interleaved rounds (default: each benchmark's)")
    ap.add_argument("--no-tf", action="store_true", help="skip TensorFlow even if installed")
    ap.add_argument("--no-torch", action="store_true", help="skip PyTorch even if installed")
    ap.add_argument("--markdown", action="store_true", help="print a Markdown table")
    ap.add_argument("--only", type=lambda s: s.split(","),
                    help="comma-separated benchmarks to run: " + ",".join(benchmarks(False)))
    args = ap.parse_args(argv)
    unknown = set(args.only or ()) - set(benchmarks(False))
    if unknown:
        ap.error(f"unknown benchmark(s) {', '.join(sorted(unknown))}; "
                 f"choose from {','.join(benchmarks(False))}")
    if args.quick and args.repeat is None:
        args.repeat = 2
    return args


def main(argv: list | None = None) -> None:
    args = _args(argv)
    found = benchmarks(args.quick)
    names = args.only or [n for n in found if not (args.quick and n == "memory")]
    peers = {"with_tf": not args.no_tf, "with_torch": not args.no_torch}
    repeat = {} if args.repeat is None else {"repeat": args.repeat}
    rows = []
    for name in names:
        t0 = time.perf_counter()
        print(f"running {name} ...", end=" ", file=sys.stderr, flush=True)
        rows += found[name](**repeat, **peers)
        print(f"{time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    versions = {timing.TF: not args.no_tf and _version("tensorflow", "tensorflow-cpu"),
                timing.TORCH: not args.no_torch and _version("torch")}
    peers_text = " and ".join(f"{k} ({v})" for k, v in versions.items() if v)
    print(f"minitf{' vs ' + peers_text if peers_text else ', no peer'}: medians of "
          f"{args.repeat or 'the default number of'} interleaved rounds, 2 threads each")
    print(timing.table(rows, markdown=args.markdown))


if __name__ == "__main__":
    main()
