"""`python -m minitf graph SCRIPT.py -o graph.html [-- ARGS...]`: runs a script as `__main__`
(with `sys.argv` = [SCRIPT.py, ARGS...]) and writes the default graph it built: an HTML viewer,
DOT text, a picture drawn by Graphviz, or a GraphDef, chosen by the output's extension."""
from __future__ import annotations

import argparse
import os
import sys
import traceback

_FORMATS = "html/htm (viewer), dot/gv (DOT text), pbtxt/pb (GraphDef), svg/png/pdf (Graphviz)"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m minitf graph",
        description="Run a TF1 script with minitf and write the default graph it built.",
        epilog="Arguments after `--` are passed to the script.")
    p.add_argument("script", help="the Python script to run (as __main__)")
    p.add_argument("-o", "--output", default="graph.html",
                   help=f"file to write; its extension picks the format: {_FORMATS}")
    p.add_argument("--title", default=None, help="the HTML viewer's title (default: the script)")
    p.add_argument("--collapse", default=None,
                   help="for DOT and pictures: a depth, or comma-separated scopes shown as one "
                        "node")
    return p


def _collapse(text: str | None):
    if text is None:
        return None
    return int(text) if text.isdigit() else [s for s in text.split(",") if s]


def _run_script(script: str, args: list[str]) -> int:
    """Runs `script` as __main__ on a fresh default graph, as `minitf run` does (TF1's imports
    resolved to minitf); returns its exit status (0 when it ended normally)."""
    from ..framework.graph import reset_default_graph  # noqa: PLC0415
    from .. import runner  # noqa: PLC0415 - `import tensorflow` resolves to minitf
    reset_default_graph()
    saved_argv, saved_path, hooked = sys.argv, list(sys.path), runner.installed()
    try:
        runner.run_script(script, args)
    except SystemExit as e:
        if e.code not in (None, 0):
            print(f"{script} exited with status {e.code}; no graph written", file=sys.stderr)
            return e.code if isinstance(e.code, int) else 1
    except Exception:  # noqa: BLE001 - the script's own error, shown as Python shows it
        traceback.print_exc()
        print(f"{script} raised an exception; no graph written", file=sys.stderr)
        return 1
    finally:
        sys.argv, sys.path[:] = saved_argv, saved_path
        if not hooked:
            runner.uninstall()
    return 0


def write(graph, output: str, title: str | None = None, collapse=None) -> str:
    """Writes `graph` to `output` in the format its extension names."""
    from . import render, to_dot, to_html  # noqa: PLC0415
    ext = os.path.splitext(output)[1].lower().lstrip(".")
    if ext in ("html", "htm"):
        return to_html(graph, output, title=title)
    if ext in ("dot", "gv"):
        with open(output, "w", encoding="utf-8") as f:
            f.write(to_dot(graph, collapse=collapse))
        return output
    if ext in ("pbtxt", "pb"):
        from ..train.graph_io import write_graph  # noqa: PLC0415
        folder, name = os.path.split(os.path.abspath(output))
        return write_graph(graph, folder, name, as_text=ext == "pbtxt")
    return render(graph, output, collapse=collapse)


def main(argv: list[str] | None = None) -> int:
    """The `graph` subcommand; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    script_args: list[str] = []
    if "--" in argv:
        at = argv.index("--")
        argv, script_args = argv[:at], argv[at + 1:]
    opts = _parser().parse_args(argv)
    if not os.path.isfile(opts.script):
        print(f"python -m minitf graph: no such script: {opts.script}", file=sys.stderr)
        return 2
    status = _run_script(opts.script, script_args)
    if status:
        return status
    from ..framework.graph import get_default_graph  # noqa: PLC0415
    graph = get_default_graph()
    n = len(graph.get_operations())
    if n == 0:
        print(f"{opts.script} built no ops in the default graph (graphs built inside "
              f"`with tf.Graph().as_default():` are not the default one once the block ends); "
              f"no graph written", file=sys.stderr)
        return 1
    try:
        path = write(graph, opts.output, opts.title or os.path.basename(opts.script),
                     _collapse(opts.collapse))
    except (OSError, ValueError, RuntimeError, ImportError) as e:
        print(f"python -m minitf graph: {e}", file=sys.stderr)
        return 1
    print(f"wrote {n} ops to {path}")
    return 0
