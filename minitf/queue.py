"""`tf.queue`: the queue classes (minitf/ops/data_flow.py) under their TF 1.15 namespace."""
from .ops.data_flow import (FIFOQueue, PaddingFIFOQueue, QueueBase,  # noqa: F401
                            RandomShuffleQueue)

__all__ = ["FIFOQueue", "PaddingFIFOQueue", "QueueBase", "RandomShuffleQueue"]
