"""`python -m minitf` / the `minitf` command: `run SCRIPT.py [ARGS...]` runs a TF1 script on
minitf; `graph ...` hands over to the graph viewer's command line (minitf.viz.cli)."""
from __future__ import annotations

import os
import sys
from typing import Sequence

USAGE = """usage: minitf run SCRIPT.py [ARGS...]   run a TF1 script, `import tensorflow` giving minitf
       minitf graph [ARGS...]           the graph viewer (minitf graph --help)
"""


def _graph(argv: Sequence[str]) -> int:
    from .viz.cli import main as graph_main  # noqa: PLC0415 - only this command needs it
    return graph_main(list(argv))


def _run(argv: Sequence[str]) -> int:
    if not argv or argv[0].startswith("-"):
        sys.stderr.write("minitf run: the script to run is missing\n" + USAGE)
        return 2
    script = argv[0]
    if not os.path.isfile(script):
        sys.stderr.write(f"minitf run: can't open file '{script}': "
                         f"[Errno 2] No such file or directory\n")
        return 2
    from .runner import run_script
    run_script(script, argv[1:])
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatches the subcommand; returns the exit status (the script's SystemExit passes)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("-h", "--help", "help"):
        sys.stdout.write(USAGE)
        return 0
    if not argv or argv[0] not in ("run", "graph"):
        sys.stderr.write((f"minitf: unknown command '{argv[0]}'\n" if argv else "") + USAGE)
        return 2
    return _run(argv[1:]) if argv[0] == "run" else _graph(argv[1:])


if __name__ == "__main__":
    sys.exit(main())
