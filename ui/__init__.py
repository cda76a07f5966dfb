"""The desktop GUI: windows, dialogs, the task runner and the entry point (imports everything below)."""
