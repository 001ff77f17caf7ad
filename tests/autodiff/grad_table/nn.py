"""Gradient checks of the nn ops."""
CASES = []
