"""The unit tree and code tables pages."""
