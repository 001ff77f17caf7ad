"""Gradient checks of the tensor_array ops."""
CASES = []
