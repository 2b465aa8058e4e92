"""Report menus, the preview with printing, batches and report settings."""
