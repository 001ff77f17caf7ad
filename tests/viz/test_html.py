"""minitf.viz.to_html: one self-contained page, checked in headless Chromium (skipped, with the
reason, where no Chromium is installed: `apt-get install chromium`)."""
import concurrent.futures
import re

import pytest

import minitf as tf
from minitf.viz import to_html

from .browser import dump_dom, find_browser

BROWSER = find_browser()


def _page(rnn_graph, tmp_path):
    return tmp_path / to_html(rnn_graph, str(tmp_path / "graph.html"), title="rnn").split("/")[-1]


def test_page_is_self_contained(rnn_graph, tmp_path):
    tf.constant("</script><b>", name="tricky")
    text = _page(rnn_graph, tmp_path).read_text(encoding="utf-8")
    assert text.count("<script") == 2 and "<link" not in text and " src=" not in text
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", text))
    assert urls == {"http://www.w3.org/2000/svg"}  # a namespace name, never fetched
    assert "<\\/script><b>" in text and "</script><b>" not in text
    assert "<title>rnn</title>" in text


def _errors(dom):
    found = re.search(r'<ul id="errors"[^>]*>(.*?)</ul>', dom, re.S)
    assert found is not None, "the page did not render its error list"
    return re.findall(r"<li>(.*?)</li>", found.group(1), re.S)


def _shown_ops(dom):
    return set(re.findall(r'<g class="op[^"]*" data-op="([^"]+)"', dom))


FULL = ("#expand=rnn,rnn/while,rnn/while/basic_lstm_cell"
        "&select=rnn/while/basic_lstm_cell/MatMul&search=sigmoid")
BAD = "#expand=rnn,rnn/while/basic_lstm_cell&select=nope"
FRAGMENTS = ("", BAD, FULL)


@pytest.fixture(scope="module")
def doms(tmp_path_factory):
    """The page of a dynamic_rnn graph after each address's clicks, from Chromium runs made side
    by side (each start of the browser costs seconds)."""
    if BROWSER is None:
        pytest.skip("no Chromium installed (apt-get install chromium)")
    folder = tmp_path_factory.mktemp("viewer")
    with tf.Graph().as_default() as g:
        cell = tf.nn.rnn_cell.BasicLSTMCell(6)
        x = tf.placeholder(tf.float32, [2, 4, 3], name="inputs")
        tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    page = folder / "graph.html"
    to_html(g, str(page))
    with concurrent.futures.ThreadPoolExecutor(len(FRAGMENTS)) as pool:
        runs = {f: pool.submit(dump_dom, BROWSER, page, f, folder / f"profile{i}")
                for i, f in enumerate(FRAGMENTS)}
        return {f: run.result() for f, run in runs.items()}


def test_loads_without_errors_and_shows_top_level(doms):
    dom = doms[""]
    assert _errors(dom) == []
    assert 'data-ready="1"' in dom
    assert _shown_ops(dom) == {"inputs"}
    assert re.search(r'<g class="scope collapsed scope" data-scope="rnn"', dom)


def test_expanding_rnn_shows_the_transposes_around_the_loop(doms):
    dom = doms[BAD]
    shown = _shown_ops(dom)
    assert {"rnn/transpose", "rnn/transpose_1"} <= shown
    assert not any(name.startswith("rnn/while/") for name in shown)
    assert re.search(r'<g class="scope collapsed while" data-scope="rnn/while"', dom)


def test_expanding_the_loop_reveals_the_cell_and_a_click_shows_an_op(doms):
    dom = doms[FULL]
    assert _errors(dom) == []
    shown = _shown_ops(dom)
    assert {"rnn/while/Merge", "rnn/while/NextIteration", "rnn/while/basic_lstm_cell/MatMul",
            "rnn/while/basic_lstm_cell/Sigmoid", "rnn/transpose"} <= shown
    assert 'data-selected="rnn/while/basic_lstm_cell/MatMul"' in dom
    details = re.sub(r"<td[^>]*>", "<td>",
                     re.search(r'<div id="details">(.*?)</div>', dom, re.S).group(1))
    for text in ("<td>MatMul</td>", "rnn/while/basic_lstm_cell/concat:0", "<td>[2,9]</td>",
                 "rnn/while/basic_lstm_cell/MatMul/Enter:0", "<td>[9,24]</td>",
                 "<td>float32</td>", "<td>[2,24]</td>", "rnn/while/basic_lstm_cell/BiasAdd",
                 "<td>transpose_b</td>", "<td>rnn/while</td>"):
        assert text in details, text
    results = re.search(r'<ol id="results">(.*?)</ol>', dom, re.S).group(1)
    assert re.findall(r'data-target="([^"]+)"', results) == [
        "rnn/while/basic_lstm_cell/Sigmoid", "rnn/while/basic_lstm_cell/Sigmoid_1",
        "rnn/while/basic_lstm_cell/Sigmoid_2"]


def test_a_bad_address_is_reported_on_the_page(doms):
    assert _errors(doms[BAD]) == [
        "#expand: scope rnn/while/basic_lstm_cell is not shown collapsed",
        "#select: no op named nope"]
