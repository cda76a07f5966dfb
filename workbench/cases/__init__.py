"""Cases: case numbers, parties, procedure and the case timeline."""
