"""init ops."""
__all__ = []
