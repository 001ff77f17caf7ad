"""`tf.app`: `run` parses the flags then calls the script's `main`, as TF1's did (through absl)."""
from __future__ import annotations

import sys
from typing import Callable, Sequence

from . import flags

__all__ = ["run", "flags"]


def run(main: Callable | None = None, argv: Sequence[str] | None = None) -> None:
    """Parses `argv` (default `sys.argv`) into `tf.flags.FLAGS`, unknown flags tolerated, then
    exits with `main(remaining_argv)`'s result; `main` defaults to `__main__.main`. A flag
    value its parser rejects ends the program with status 1 and the reason on stderr."""
    main = main or sys.modules["__main__"].main
    try:
        remaining = flags.FLAGS(sys.argv if argv is None else argv, known_only=True)
    except flags.Error as e:
        sys.stderr.write(f"FATAL Flags parsing error: {e}\n")
        sys.exit(1)
    sys.exit(main(remaining))
