"""`tf.test`: the numeric gradient checker."""
from .autodiff.checker import compute_gradient, compute_gradient_error  # noqa: F401
