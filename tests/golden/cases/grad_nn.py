"""Golden cases: grad_nn."""
