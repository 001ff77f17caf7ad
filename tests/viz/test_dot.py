"""minitf.viz.to_dot and render."""
import pathlib
import re
import shutil

import pytest

import minitf as tf
from minitf.viz import dot as dot_module
from minitf.viz import render, to_dot


def test_scopes_are_nested_clusters_with_the_loop_marked(rnn_graph):
    text = to_dot(rnn_graph)
    assert text.startswith("digraph G {") and text.rstrip().endswith("}")
    rnn = text.index('subgraph "cluster_rnn" {')
    loop = text.index('subgraph "cluster_rnn/while" {')
    cell = text.index('subgraph "cluster_rnn/while/basic_lstm_cell" {')
    assert rnn < loop < cell
    assert 'label="while (while loop)"' in text
    assert '"rnn/transpose" [label="transpose\\nTranspose"' in text
    assert '"inputs" -> "rnn/transpose" [label="[2,4,3]"];' in text
    assert '"rnn/while/NextIteration" -> "rnn/while/Merge" [style=dotted' in text
    assert '"rnn/while/Identity" -> "rnn/while/add/y" [style=dashed' in text


def test_collapse_scopes_and_depth(rnn_graph):
    text = to_dot(rnn_graph, collapse=["rnn/while"])
    assert '"rnn/while/" [label="while\\n65 ops\\n(while loop)", shape=box3d' in text
    assert "cluster_rnn/while" not in text and '"rnn/while/Merge"' not in text
    assert '"rnn/transpose" -> "rnn/while/"' not in text  # the transpose feeds the unstack
    assert re.search(r'"rnn/while/" -> "rnn/TensorArrayStack/TensorArrayGatherV3"', text)
    top = to_dot(rnn_graph, collapse=0)
    assert '"rnn/" [label="rnn\\n' in top and "cluster_" not in top
    assert '"inputs" -> "rnn/" [label="[2,4,3]"];' in top
    assert to_dot(rnn_graph, collapse="rnn/while/") == text


def test_collapse_errors(rnn_graph):
    with pytest.raises(ValueError, match=r"collapse names scopes that hold no ops: \['nope'\]"):
        to_dot(rnn_graph, collapse=["nope"])
    with pytest.raises(ValueError, match="collapse depth must be >= 0, got -1"):
        to_dot(rnn_graph, collapse=-1)
    with pytest.raises(TypeError, match="collapse must be a scope name, a list of scope names "
                                        "or a depth"):
        to_dot(rnn_graph, collapse=1.5)


def test_render_without_graphviz_says_how_to_install(rnn_graph, monkeypatch, tmp_path):
    monkeypatch.setattr(dot_module.shutil, "which", lambda name: None)
    with pytest.raises(FileNotFoundError, match="apt-get install graphviz"):
        render(rnn_graph, str(tmp_path / "g.svg"))


def test_render_needs_a_format(rnn_graph, tmp_path):
    with pytest.raises(ValueError, match="cannot tell the picture format"):
        render(rnn_graph, str(tmp_path / "graph"))


@pytest.mark.skipif(shutil.which("dot") is None,
                    reason="Graphviz's dot is not installed (apt-get install graphviz)")
def test_render_svg_and_png(rnn_graph, tmp_path):
    svg = render(rnn_graph, str(tmp_path / "g.svg"), collapse=1)
    text = pathlib.Path(svg).read_text(encoding="utf-8")
    assert "<svg" in text and "transpose_1" in text
    png = render(rnn_graph, str(tmp_path / "g.out"), format="png", collapse=0)
    assert pathlib.Path(png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(RuntimeError, match="Graphviz's dot failed"):
        render(tf.get_default_graph(), str(tmp_path / "g.nosuchformat"))
