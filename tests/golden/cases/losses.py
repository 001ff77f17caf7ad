"""Golden cases: losses."""
