"""`tf.initializers`: TF 1.15's short names for the initializer classes and init ops."""
from .ops.init import (constant, glorot_normal, glorot_uniform, he_normal, he_uniform,  # noqa: F401
                       lecun_normal, lecun_uniform, ones, orthogonal, random_normal,
                       random_uniform, truncated_normal, uniform_unit_scaling,
                       variance_scaling, zeros)
from .ops.state import global_variables_initializer as global_variables  # noqa: F401
from .ops.state import local_variables_initializer as local_variables  # noqa: F401
from .ops.state import variables_initializer as variables  # noqa: F401
