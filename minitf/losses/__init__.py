"""`tf.losses`: re-exports minitf/ops/losses.py."""
from ..ops.losses import *  # noqa: F401,F403
