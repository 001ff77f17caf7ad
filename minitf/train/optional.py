"""Modules other parts of minitf use only where they are present: `tf.summary` (summaries are
then written) and the checkpoint Saver (`minitf.train.saver`, needed only to save or restore)."""
from __future__ import annotations

import importlib
from types import ModuleType


def summary_module() -> ModuleType | None:
    """`minitf.summary`, or None where this minitf has none."""
    try:
        return importlib.import_module("minitf.summary")
    except ModuleNotFoundError:
        return None


def saver_module() -> ModuleType:
    """`minitf.train.saver` (ModuleNotFoundError where absent)."""
    return importlib.import_module("minitf.train.saver")
