"""Golden cases: train."""
