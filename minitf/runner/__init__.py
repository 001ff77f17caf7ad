"""Runs unmodified TF1 scripts on minitf: the import hook and `run_script`.

Importing minitf installs nothing; only `install()` (or `python -m minitf run`) makes
`import tensorflow` resolve to minitf, so a real TensorFlow is never shadowed by accident.
"""
from __future__ import annotations

import os
import runpy
import sys
from typing import Sequence

from .hook import (MODULES, MissingModuleError, MissingSymbolError, install,  # noqa: F401
                   installed, uninstall)

__all__ = ["MODULES", "MissingModuleError", "MissingSymbolError", "install", "installed",
           "uninstall", "run_script"]


def run_script(path: str, args: Sequence[str] = ()) -> None:
    """Runs the script at `path` as `__main__` with `sys.argv = [path, *args]`, its folder
    first on `sys.path` (as `python path` would) and the import hook installed. The script's
    SystemExit propagates."""
    install()
    sys.argv = [path, *args]
    script_dir = os.path.dirname(os.path.abspath(path))
    if sys.path and sys.path[0] in ("", os.getcwd()):
        sys.path[0] = script_dir
    else:
        sys.path.insert(0, script_dir)
    runpy.run_path(path, run_name="__main__")
