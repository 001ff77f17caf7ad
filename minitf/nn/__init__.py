"""`tf.nn`: re-exports the names each op family lists in its `NN_ALL`."""
from ..ops import array as _array, math as _math, nn as _nn, random as _random

for _mod in (_array, _math, _nn, _random):
    for _name in getattr(_mod, "NN_ALL", ()):
        globals()[_name] = getattr(_mod, _name)
del _mod, _name
