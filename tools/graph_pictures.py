"""Draws the pictures of docs/inspecting-a-graph.md: the seed's dynamic_rnn with
time_major=False and True, through Graphviz (minitf.viz.render), through the HTML viewer in
headless Chromium (minitf.viz.to_html and a screenshot), and as real TensorBoard shows the event
file of tf.summary.FileWriter (served on 127.0.0.1 for the screenshot, then stopped).

    python tools/graph_pictures.py        # needs Graphviz's dot, Chromium and tensorboard
"""
from __future__ import annotations

import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import minitf as tf  # noqa: E402
from minitf.viz import render, to_html  # noqa: E402
from tests.viz.browser import find_browser, page_url, screenshot  # noqa: E402

IMG = ROOT / "docs" / "img"
BATCH, MAX_TIME, DEPTH, UNITS = 32, 10, 100, 128


def seed_dynamic_rnn(time_major: bool) -> tf.Graph:
    """The seed tutorial's dynamic_rnn block, batch-major or time-major."""
    graph = tf.Graph()
    with graph.as_default():
        cell = tf.nn.rnn_cell.BasicLSTMCell(num_units=UNITS)
        shape = [MAX_TIME, BATCH, DEPTH] if time_major else [BATCH, MAX_TIME, DEPTH]
        inputs = tf.placeholder(tf.float32, shape=shape, name="inputs")
        tf.nn.dynamic_rnn(cell, inputs, dtype=tf.float32, time_major=time_major)
    return graph


def tensorboard_screenshot(browser: str, graph: tf.Graph, tmp: pathlib.Path) -> None:
    """Real TensorBoard's graph dashboard for `graph`'s event file."""
    with tf.summary.FileWriter(str(tmp / "logs"), graph):
        pass
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([shutil.which("tensorboard"), "--logdir", str(tmp / "logs"),
                               "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        screenshot(browser, f"http://127.0.0.1:{port}/#graphs&run=.",
                   IMG / "tensorboard_graph.png", tmp / "profile_tb", size="1100,600",
                   wait_ms=15000)
        print(IMG / "tensorboard_graph.png")
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    IMG.mkdir(parents=True, exist_ok=True)
    graphs = {"batch_major": seed_dynamic_rnn(False), "time_major": seed_dynamic_rnn(True)}
    for name, graph in graphs.items():
        print(render(graph, str(IMG / f"dynamic_rnn_{name}.png"), collapse=1))
    browser = find_browser()
    if browser is None:
        raise SystemExit("no Chromium: apt-get install chromium")
    with tempfile.TemporaryDirectory() as tmp:
        page = pathlib.Path(tmp) / "graph.html"
        to_html(graphs["batch_major"], str(page), title="seed dynamic_rnn (time_major=False)")
        shots = {"viewer_rnn.png": "#expand=rnn",
                 "viewer_rnn_while.png": "#expand=rnn,rnn/while,rnn/while/basic_lstm_cell"
                                         "&select=rnn/while/basic_lstm_cell/MatMul"}
        for i, (out, fragment) in enumerate(shots.items()):
            screenshot(browser, page_url(page, fragment), IMG / out,
                       pathlib.Path(tmp) / f"profile{i}")
            print(IMG / out)
        if shutil.which("tensorboard"):
            tensorboard_screenshot(browser, graphs["batch_major"], pathlib.Path(tmp))


if __name__ == "__main__":
    main()
