"""Gradient checks of the array ops."""
CASES = []
