"""LSTM classifier: inference and a full training step, per `run`.

The model (the same for every engine): a `BasicLSTMCell(H)` run by `tf.nn.dynamic_rnn` over a
batch-major [B, T, I] input, a dense softmax layer on the final `h` (10 classes), sparse softmax
cross-entropy averaged over the batch. Inference fetches the class probabilities; a training step
is `sess.run([train_op, loss], feed)` with `AdamOptimizer(1e-3).minimize(loss)` (PyTorch:
`torch.nn.LSTM` with the same weights, gates reordered, forget bias folded into its bias;
zero_grad, forward, backward, step). All engines start from the same weights, so their first
losses agree.

Engines run side by side in one process, interleaved A B B A, so that the machine's throttling
hits all alike; compare ratios. TensorFlow's `tf.compat.v1` and PyTorch join when importable.
All use 2 threads.

    python bench/lstm.py [--sizes 1 2] [--repeat 4] [--no-tf] [--no-torch]
    python bench/lstm.py --memory [--sizes 4]

`--memory` runs each engine alone in a fresh process (3 training steps at each size) and reports
its peak resident memory as the OS counts it (`ru_maxrss`, libraries and imports included).
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import timing  # noqa: E402 - bench/ is the script's folder, first on sys.path

SIZES = {  # name: (batch, time, input depth, hidden units)
    "1": (1, 100, 8, 16),
    "2": (32, 28, 28, 128),
    "3": (64, 50, 100, 256),
    "4": (128, 100, 256, 512),
}
CLASSES = 10


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


def _peak_of(engine: str, sizes: list) -> float:
    """MB of peak resident memory of a fresh process training `engine` at `sizes`."""
    out = subprocess.run([sys.executable, os.path.abspath(__file__), "--peak", engine,
                          "--sizes", *sizes], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def _memory(sizes: list, with_tf: bool, with_torch: bool) -> None:
    names = list(timing.engines(_graph_runners, _torch_runners, with_tf, with_torch))
    print(f"LSTM classifier, peak resident memory of a process that trains 3 steps at sizes "
          f"{' '.join(sizes)}")
    peaks = {name: _peak_of(name, sizes) for name in names}
    for name, mb in peaks.items():
        print(f"  {name:14s} {mb:9.1f} MB")
    for name in peaks:
        if name != "minitf":
            print(f"  ratio minitf / {name}: {peaks['minitf'] / peaks[name]:.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=4, help="interleaved rounds (A B B A each)")
    ap.add_argument("--no-tf", action="store_true", help="skip TensorFlow even if installed")
    ap.add_argument("--no-torch", action="store_true", help="skip PyTorch even if installed")
    ap.add_argument("--sizes", nargs="*", default=list(SIZES), choices=list(SIZES),
                    help="which of the sizes 1-4 to run")
    ap.add_argument("--memory", action="store_true", help="peak memory per engine instead")
    ap.add_argument("--peak", help=argparse.SUPPRESS)  # the child process of --memory
    args = ap.parse_args()
    if args.memory:
        _memory(args.sizes, not args.no_tf, not args.no_torch)
        return
    if args.peak:  # this engine's imports only, so that the others' memory is not counted
        engines = timing.engines(_graph_runners, _torch_runners, args.peak == "tf.compat.v1",
                                 args.peak == "torch")
        for size in args.sizes:
            step = engines[args.peak](size)["train step"]
            for _ in range(3):
                step()
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        return
    engines = timing.engines(_graph_runners, _torch_runners, not args.no_tf, not args.no_torch)
    print("LSTM classifier (BasicLSTMCell + dynamic_rnn + softmax), median ms per run of "
          f"{args.repeat} interleaved rounds")
    for size in args.sizes:
        runners = {name: make(size) for name, make in engines.items()}
        first = {name: r["train step"]() for name, r in runners.items()}
        batch, steps, depth, units = SIZES[size]
        print(f"\nsize {size}: B={batch} T={steps} I={depth} H={units}")
        for what in ("inference", "train step"):
            ms = timing.interleaved_ms({name: r[what] for name, r in runners.items()}, args.repeat)
            for name in runners:
                extra = f"   (first loss {first[name]:.6f})" if what == "train step" else ""
                print(f"  {what:10s} {name:14s} {ms[name]:10.3f} ms{extra}")
            for name in runners:
                if name != "minitf":
                    print(f"  {what:10s} ratio minitf / {name}: {ms['minitf'] / ms[name]:.2f}x")


if __name__ == "__main__":
    main()
