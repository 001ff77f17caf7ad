"""state ops."""
__all__ = []
