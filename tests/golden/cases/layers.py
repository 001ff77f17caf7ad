"""Golden cases: layers."""
