"""`tf.saved_model.signature_def_utils`: SignatureDefs, the named inputs and outputs a
SavedModel offers to servers (predict, classify, regress)."""
from __future__ import annotations

from typing import Any

from ..framework import dtypes as _dtypes
from ..framework.graph import Tensor
from ..framework.graph_def import protos
from . import constants
from .utils import build_tensor_info

__all__ = ["build_signature_def", "predict_signature_def", "classification_signature_def",
           "regression_signature_def", "is_valid_signature"]


def build_signature_def(inputs: dict | None = None, outputs: dict | None = None,
                        method_name: str | None = None) -> Any:
    """A SignatureDef of TensorInfo `inputs` and `outputs` (name -> TensorInfo)."""
    signature = protos().meta_graph_pb2.SignatureDef()
    for key, info in (inputs or {}).items():
        signature.inputs[key].CopyFrom(info)
    for key, info in (outputs or {}).items():
        signature.outputs[key].CopyFrom(info)
    if method_name is not None:
        signature.method_name = method_name
    return signature


def predict_signature_def(inputs: dict, outputs: dict) -> Any:
    """A predict SignatureDef of the tensors `inputs` and `outputs` (name -> Tensor)."""
    if not inputs:
        raise ValueError("Prediction inputs cannot be None or empty.")
    if not outputs:
        raise ValueError("Prediction outputs cannot be None or empty.")
    return build_signature_def({k: build_tensor_info(t) for k, t in inputs.items()},
                               {k: build_tensor_info(t) for k, t in outputs.items()},
                               constants.PREDICT_METHOD_NAME)


def _info(tensor: Any, dtype: Any, message: str) -> Any:
    info = build_tensor_info(tensor)
    if info.dtype != dtype.as_datatype_enum:
        raise ValueError(message)
    return info


def classification_signature_def(examples: Any, classes: Any, scores: Any) -> Any:
    """A classify SignatureDef: serialized tf.Examples in, string classes and/or float scores
    out."""
    if examples is None:
        raise ValueError("Classification examples cannot be None.")
    if not isinstance(examples, Tensor):
        raise ValueError("Classification examples must be a string Tensor.")
    if classes is None and scores is None:
        raise ValueError("Classification classes and scores cannot both be None.")
    inputs = {constants.CLASSIFY_INPUTS: _info(
        examples, _dtypes.string, "Classification examples must be a string Tensor.")}
    outputs = {}
    if classes is not None:
        outputs[constants.CLASSIFY_OUTPUT_CLASSES] = _info(
            classes, _dtypes.string, "Classification classes must be a string Tensor.")
    if scores is not None:
        outputs[constants.CLASSIFY_OUTPUT_SCORES] = _info(
            scores, _dtypes.float32, "Classification scores must be a float Tensor.")
    return build_signature_def(inputs, outputs, constants.CLASSIFY_METHOD_NAME)


def regression_signature_def(examples: Any, predictions: Any) -> Any:
    """A regress SignatureDef: serialized tf.Examples in, float predictions out."""
    if examples is None:
        raise ValueError("Regression examples cannot be None.")
    if not isinstance(examples, Tensor):
        raise ValueError("Regression examples must be a string Tensor.")
    if predictions is None:
        raise ValueError("Regression predictions cannot be None.")
    inputs = {constants.REGRESS_INPUTS: _info(
        examples, _dtypes.string, "Regression examples must be a string Tensor.")}
    outputs = {constants.REGRESS_OUTPUTS: _info(
        predictions, _dtypes.float32, "Regression output must be a float Tensor.")}
    return build_signature_def(inputs, outputs, constants.REGRESS_METHOD_NAME)


def is_valid_signature(signature_def: Any) -> bool:
    """Whether `signature_def` is a well-formed predict, classify or regress signature."""
    if signature_def is None:
        return False
    method = signature_def.method_name
    if method == constants.PREDICT_METHOD_NAME:
        return bool(signature_def.inputs) and bool(signature_def.outputs)
    string, floating = _dtypes.string.as_datatype_enum, _dtypes.float32.as_datatype_enum
    if method == constants.CLASSIFY_METHOD_NAME:
        inputs, outputs = signature_def.inputs, signature_def.outputs
        if set(inputs) != {constants.CLASSIFY_INPUTS} or \
                inputs[constants.CLASSIFY_INPUTS].dtype != string:
            return False
        allowed = {constants.CLASSIFY_OUTPUT_CLASSES: string,
                   constants.CLASSIFY_OUTPUT_SCORES: floating}
        return bool(outputs) and all(k in allowed and v.dtype == allowed[k]
                                     for k, v in outputs.items())
    if method == constants.REGRESS_METHOD_NAME:
        inputs, outputs = signature_def.inputs, signature_def.outputs
        return set(inputs) == {constants.REGRESS_INPUTS} and \
            inputs[constants.REGRESS_INPUTS].dtype == string and \
            set(outputs) == {constants.REGRESS_OUTPUTS} and \
            outputs[constants.REGRESS_OUTPUTS].dtype == floating
    return False
