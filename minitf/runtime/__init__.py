"""Sessions, compiled plans and array backends."""
