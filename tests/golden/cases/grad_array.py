"""Golden cases: grad_array."""
