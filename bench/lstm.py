"""LSTM classifier: inference and a full training step, per `run`.

The model (the same for every engine): a `BasicLSTMCell(H)` run by `tf.nn.dynamic_rnn` over a
batch-major [B, T, I] input, a dense softmax layer on the final `h` (10 classes), sparse softmax
cross-entropy averaged over the batch. Inference fetches the class probabilities; a training step
is `sess.run([train_op, loss], feed)` with `AdamOptimizer(1e-3).minimize(loss)` (PyTorch:
`torch.nn.LSTM` with the same weights, gates reordered, forget bias folded into its bias;
zero_grad, forward, backward, step). All engines start from the same weights, so their first
losses agree (a note under the table says where they do not). At the large size (4) the
"GEMM bound" rows divide minitf's time by that of numpy's own matrix products of the model
(inference: per step [B, I+H] x [I+H, 4H], and the dense head; training: 3 times that), timed
alongside.

Engines run side by side in one process, interleaved A B B A, so that the machine's throttling
hits all alike; compare ratios. TensorFlow's `tf.compat.v1` and PyTorch join when importable.
All use 2 threads.

    python bench/lstm.py [--sizes 1 2] [--repeat 4] [--no-tf] [--no-torch]
    python bench/lstm.py --memory [--sizes 4]

`--memory` runs each engine alone in a fresh process (3 training steps at each size) and reports
its peak resident memory as the OS counts it (Linux's VmHWM, libraries and imports included);
`--sizes` defaults to 4 there.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys

import numpy as np
import timing

SIZES = {  # name: (batch, time, input depth, hidden units)
    "1": (1, 100, 8, 16),
    "2": (32, 28, 28, 128),
    "3": (64, 50, 100, 256),
    "4": (128, 100, 256, 512),
}
CLASSES = 10
GEMM = "GEMM bound"


def _problem(size: str) -> dict:
    batch, steps, depth, units = SIZES[size]
    rng = np.random.RandomState(0)
    limit = np.sqrt(6.0 / (depth + units + 4 * units))
    return {
        "kernel": rng.uniform(-limit, limit, (depth + units, 4 * units)).astype(np.float32),
        "bias": np.zeros(4 * units, np.float32),
        "w": (rng.standard_normal((units, CLASSES)) / np.sqrt(units)).astype(np.float32),
        "b": np.zeros(CLASSES, np.float32),
        "x": rng.standard_normal((batch, steps, depth)).astype(np.float32),
        "y": rng.randint(0, CLASSES, batch).astype(np.int32),
    }


def _graph_runners(tf, size: str, config=None) -> dict:
    """A TF1-API engine's inference and training step (minitf or tf.compat.v1)."""
    p = _problem(size)
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, p["x"].shape, name="x")
        y = tf.placeholder(tf.int32, p["y"].shape, name="y")
        cell = tf.nn.rnn_cell.BasicLSTMCell(p["kernel"].shape[1] // 4)
        _, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
        logits = tf.layers.dense(state.h, CLASSES, kernel_initializer=tf.constant_initializer(
            p["w"]))
        probs = tf.nn.softmax(logits)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y,
                                                                             logits=logits))
        train = tf.train.AdamOptimizer(1e-3).minimize(loss)
        init = tf.global_variables_initializer()
    sess = tf.Session(graph=g, config=config)
    sess.run(init)
    kernel, bias = cell.variables
    kernel.load(p["kernel"], sess)
    bias.load(p["bias"], sess)
    feed = {x: p["x"], y: p["y"]}
    return {"inference": lambda: sess.run(probs, feed),
            "train step": lambda: sess.run([train, loss], feed)[1]}


def _torch_runners(torch, size: str) -> dict:
    p = _problem(size)
    depth, units = p["x"].shape[2], p["bias"].shape[0] // 4
    lstm = torch.nn.LSTM(depth, units, batch_first=True)
    head = torch.nn.Linear(units, CLASSES)
    # TF's columns are gates i, j, f, o; PyTorch's rows are i, f, g(=j), o.
    order = np.concatenate([np.arange(k * units, (k + 1) * units) for k in (0, 2, 1, 3)])
    bias = p["bias"].copy()
    bias[2 * units:3 * units] += 1.0  # BasicLSTMCell's forget_bias
    with torch.no_grad():
        lstm.weight_ih_l0.copy_(torch.from_numpy(p["kernel"][:depth, order].T.copy()))
        lstm.weight_hh_l0.copy_(torch.from_numpy(p["kernel"][depth:, order].T.copy()))
        lstm.bias_ih_l0.copy_(torch.from_numpy(bias[order].copy()))
        lstm.bias_hh_l0.zero_()
        head.weight.copy_(torch.from_numpy(p["w"].T.copy()))
        head.bias.zero_()
    params = list(lstm.parameters()) + list(head.parameters())
    opt = torch.optim.Adam(params, lr=1e-3, eps=1e-8)
    loss_fn = torch.nn.CrossEntropyLoss()
    x, y = torch.from_numpy(p["x"]), torch.from_numpy(p["y"].astype(np.int64))

    def logits():
        _, (h, _) = lstm(x)
        return head(h[0])

    def infer():
        with torch.no_grad():
            return torch.softmax(logits(), 1).numpy()

    def step():
        opt.zero_grad()
        loss = loss_fn(logits(), y)
        loss.backward()
        opt.step()
        return loss.item()
    return {"inference": infer, "train step": step}


def _gemm_bound(size: str):
    """numpy's own matrix products of one inference: per step [B, I+H] x [I+H, 4H], then the
    dense head (a training step adds two backward products of each: 3 times that)."""
    batch, steps, depth, units = SIZES[size]
    rng = np.random.RandomState(0)
    a = rng.standard_normal((batch, depth + units)).astype(np.float32)
    w = rng.standard_normal((depth + units, 4 * units)).astype(np.float32)
    gates = np.empty((batch, 4 * units), np.float32)
    h = rng.standard_normal((batch, units)).astype(np.float32)
    head = rng.standard_normal((units, CLASSES)).astype(np.float32)
    logits = np.empty((batch, CLASSES), np.float32)

    def products():
        for _ in range(steps):
            np.matmul(a, w, out=gates)
        np.matmul(h, head, out=logits)
    return products


def _bounds(size: str) -> tuple:
    if size == "1":
        return (timing.Bound(0.5, timing.TF),)
    return timing.Bound(1.0, timing.TF), timing.Bound(1.5, timing.TORCH)


def measure(repeat: int = 4, with_tf: bool = True, with_torch: bool = True,
            sizes: list | None = None) -> list:
    """ms per inference and per training step of each engine at each size; at the large size
    also minitf's time over the GEMM bound, timed alongside."""
    engines = timing.engines(_graph_runners, _torch_runners, with_tf, with_torch)
    rows = []
    for size in sizes or list(SIZES):
        runners = {name: make(size) for name, make in engines.items()}
        first = {name: float(r["train step"]()) for name, r in runners.items()}
        label = f"LSTM {size} ({','.join(map(str, SIZES[size]))})"
        for what, factor in (("inference", 1), ("train step", 3)):
            fns = {name: r[what] for name, r in runners.items()}
            if size == "4":
                fns[GEMM] = _gemm_bound(size)
            ms = timing.interleaved_ms(fns, repeat)
            gemm = ms.pop(GEMM, None)
            note = timing.disagreement(first) if what == "train step" else ""
            rows.append(timing.Row(f"{label} {what}", "ms", ms, _bounds(size), note))
            if gemm is not None:
                bound = gemm * factor
                rows.append(timing.Row(f"LSTM {size} {what} / GEMM bound {bound:.0f} ms", "x",
                                       {"minitf": ms["minitf"] / bound}, (timing.Bound(1.5),)))
    return rows


def _peak_of(engine: str, sizes: list) -> float:
    """MB of peak resident memory of a fresh process training `engine` at `sizes`."""
    out = subprocess.run([sys.executable, os.path.abspath(__file__), "--peak", engine,
                          "--sizes", *sizes], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def measure_memory(with_tf: bool = True, with_torch: bool = True,
                   sizes: list | None = None) -> list:
    """One row: MB of peak resident memory of each engine training 3 steps at `sizes`, each in
    a fresh process so that the others' imports are not counted."""
    sizes = sizes or ["4"]
    names = timing.engines(_graph_runners, _torch_runners, with_tf, with_torch)
    return [timing.Row(f"peak memory, LSTM {' '.join(sizes)} training", "MB",
                       {name: _peak_of(name, sizes) for name in names},
                       (timing.Bound(1.0, timing.TF),))]


def _peak(engine: str, sizes: list) -> None:
    """The child process of --memory: 3 training steps, then its peak resident MB."""
    make = timing.engines(_graph_runners, _torch_runners, engine == timing.TF,
                          engine == timing.TORCH)[engine]
    for size in sizes:
        step = make(size)["train step"]
        for _ in range(3):
            step()
    print(_peak_mb())


def _peak_mb() -> float:
    """This process's peak resident MB: Linux's VmHWM, since its `ru_maxrss` starts from the
    parent's peak when the child is spawned (the parent here holds every engine)."""
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status
                        if line.startswith("VmHWM:")) / 1024
    except FileNotFoundError:  # no /proc: the OS's own peak (in bytes on macOS)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=4, help="interleaved rounds (A B B A each)")
    ap.add_argument("--no-tf", action="store_true", help="skip TensorFlow even if installed")
    ap.add_argument("--no-torch", action="store_true", help="skip PyTorch even if installed")
    ap.add_argument("--sizes", nargs="*", choices=list(SIZES),
                    help="which of the sizes 1-4 to run (default: all; 4 with --memory)")
    ap.add_argument("--memory", action="store_true", help="peak memory per engine instead")
    ap.add_argument("--peak", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.peak:
        _peak(args.peak, args.sizes)
    elif args.memory:
        print("LSTM classifier, peak resident memory of a process that trains 3 steps")
        print(timing.table(measure_memory(not args.no_tf, not args.no_torch, args.sizes)))
    else:
        print("LSTM classifier (BasicLSTMCell + dynamic_rnn + softmax), median ms per run of "
              f"{args.repeat} interleaved rounds")
        print(timing.table(measure(args.repeat, not args.no_tf, not args.no_torch, args.sizes)))


if __name__ == "__main__":
    main()
