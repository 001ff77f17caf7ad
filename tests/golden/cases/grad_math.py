"""Golden cases: grad_math."""
