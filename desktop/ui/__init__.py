"""The window: widgets, item models and dialogs. The only package that imports Qt."""
