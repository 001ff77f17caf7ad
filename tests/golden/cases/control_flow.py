"""Golden cases: control_flow."""
