"""`python -m minitf graph SCRIPT.py -o graph.html`: see minitf/viz/cli.py."""
from __future__ import annotations

import sys

USAGE = "usage: python -m minitf graph SCRIPT.py [-o graph.html] [-- ARGS...]"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "graph":
        from .viz.cli import main as graph_main  # noqa: PLC0415
        return graph_main(argv[1:])
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
