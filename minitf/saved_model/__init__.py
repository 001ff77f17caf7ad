"""`tf.saved_model` (TF 1.15's v1 API): exporting a session's graph and variables for serving
or for later loading, with the `builder`, `loader`, `signature_def_utils`, `utils`, `main_op`,
`tag_constants` and `signature_constants` modules."""
from . import (builder, constants, loader, main_op, signature_constants,  # noqa: F401
               signature_def_utils, tag_constants, utils)
from .builder import SavedModelBuilder as Builder  # noqa: F401
from .builder import simple_save  # noqa: F401
from .constants import *  # noqa: F401,F403
from .loader import load  # noqa: F401
from .loader import maybe_saved_model_directory as contains_saved_model  # noqa: F401
from .main_op import main_op_with_restore  # noqa: F401
from .signature_def_utils import (build_signature_def,  # noqa: F401
                                  classification_signature_def, is_valid_signature,
                                  predict_signature_def, regression_signature_def)
from .utils import build_tensor_info, get_tensor_from_tensor_info  # noqa: F401
