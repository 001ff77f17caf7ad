"""`tf.contrib.util`: TF1's Python-side static value of a tensor, and TensorProtos."""
from ..framework.convert import static_value as constant_value  # noqa: F401
from ..framework.tensor_util import make_ndarray, make_tensor_proto  # noqa: F401
