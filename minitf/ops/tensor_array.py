"""`tf.TensorArray` and its ops (mirrors tensor_array_ops.py and data_flow_grad/tensor_array_grad.py of TF 1.15)."""
__all__: list = []
