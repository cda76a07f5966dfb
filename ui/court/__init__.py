"""The court store in the GUI: the connect dialog and the administrator's users page."""
