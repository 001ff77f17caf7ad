"""Gradient checks of the control_flow ops."""
CASES = []
