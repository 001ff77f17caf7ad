"""Golden cases: tensor_array."""
