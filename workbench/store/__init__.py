"""Persistence: the SQLite database, the content-addressed blob store and the hash-chained log."""
