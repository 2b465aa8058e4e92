"""Import and export dialogs, field-laptop packages and the merge screen."""
