"""`tf.contrib.util`: TF1's Python-side static value of a tensor."""
from ..framework.convert import static_value as constant_value  # noqa: F401
