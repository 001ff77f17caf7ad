"""Gradient checks of the misc ops."""
CASES = []
