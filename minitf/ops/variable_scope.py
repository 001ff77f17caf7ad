"""variable_scope ops."""
__all__ = []
