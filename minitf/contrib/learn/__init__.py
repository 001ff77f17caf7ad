"""`tf.contrib.learn`: the parts TF1 text and tabular tutorials still use without Estimators:
`preprocessing` (vocabulary and byte processors) and `datasets` (CSV loaders, MNIST)."""
from . import datasets, preprocessing  # noqa: F401
