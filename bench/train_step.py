"""Training step: an MLP's forward pass, backward pass and Adam update, per `run`.

The model (the same for every engine): `tf.layers.dense` layers with ReLU, a linear output,
sparse softmax cross-entropy averaged over the batch, `AdamOptimizer(1e-3).minimize(loss)`;
one step = `sess.run([train_op, loss], feed)` on a fixed batch (PyTorch: zero_grad, forward,
backward, step). All engines start from the same weights, so their first losses agree (a note
under the table says where they do not).

Engines run side by side in one process, interleaved A B B A, so that the machine's throttling
hits all alike; compare ratios. TensorFlow's `tf.compat.v1` and PyTorch join when importable.
All use 2 threads.

    python bench/train_step.py [--repeat 4] [--no-tf] [--no-torch] [--sizes small large]
"""
from __future__ import annotations

import argparse
import itertools

import numpy as np
import timing

SIZES = {  # name: (batch, [input, hidden..., classes])
    "small": (64, [784, 128, 10]),
    "large": (256, [784, 1024, 1024, 10]),
}


def _problem(size: str):
    batch, dims = SIZES[size]
    rng = np.random.RandomState(0)
    weights = [(rng.standard_normal((a, b)) * np.sqrt(2.0 / a)).astype(np.float32)
               for a, b in itertools.pairwise(dims)]
    x = rng.standard_normal((batch, dims[0])).astype(np.float32)
    y = rng.randint(0, dims[-1], batch).astype(np.int32)
    return weights, x, y


def _graph_step(tf, size: str, config=None):
    """A TF1-API engine's step (minitf or tf.compat.v1), returning the loss."""
    weights, xv, yv = _problem(size)
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, xv.shape, name="x")
        y = tf.placeholder(tf.int32, yv.shape, name="y")
        h = x
        for i, w in enumerate(weights):
            last = i == len(weights) - 1
            h = tf.layers.dense(h, w.shape[1], activation=None if last else tf.nn.relu,
                                kernel_initializer=tf.constant_initializer(w))
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y,
                                                                             logits=h))
        train = tf.train.AdamOptimizer(1e-3).minimize(loss)
        init = tf.global_variables_initializer()
    sess = tf.Session(graph=g, config=config)
    sess.run(init)
    feed = {x: xv, y: yv}
    return lambda: sess.run([train, loss], feed)[1]


def _torch_step(torch, size: str):
    weights, xv, yv = _problem(size)
    layers = []
    for i, w in enumerate(weights):
        lin = torch.nn.Linear(*w.shape)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(w.T.copy()))
            lin.bias.zero_()
        layers.append(lin)
        if i < len(weights) - 1:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-8)
    loss_fn = torch.nn.CrossEntropyLoss()
    x, y = torch.from_numpy(xv), torch.from_numpy(yv.astype(np.int64))

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()
    return step


def measure(repeat: int = 4, with_tf: bool = True, with_torch: bool = True,
            sizes: list | None = None) -> list:
    """ms per training step of each engine, one row per size."""
    engines = timing.engines(_graph_step, _torch_step, with_tf, with_torch)
    rows = []
    for size in sizes or list(SIZES):
        steps = {name: make(size) for name, make in engines.items()}
        first = {name: float(step()) for name, step in steps.items()}
        batch, dims = SIZES[size]
        rows.append(timing.Row(f"MLP train step {size} ({batch}, {'-'.join(map(str, dims))})",
                               "ms", timing.interleaved_ms(steps, repeat, 0.3),
                               (timing.Bound(1.0, timing.TF),), timing.disagreement(first)))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=4, help="interleaved rounds (A B B A each)")
    ap.add_argument("--no-tf", action="store_true", help="skip TensorFlow even if installed")
    ap.add_argument("--no-torch", action="store_true", help="skip PyTorch even if installed")
    ap.add_argument("--sizes", nargs="*", default=list(SIZES), choices=list(SIZES))
    args = ap.parse_args()
    print("MLP training step (forward + backward + Adam), median ms per step of "
          f"{args.repeat} interleaved rounds")
    print(timing.table(measure(args.repeat, not args.no_tf, not args.no_torch, args.sizes)))


if __name__ == "__main__":
    main()
