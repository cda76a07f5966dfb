"""Court-wide: one court store on PostgreSQL, desks that connect to it and sync their replicas.

schema     the court store's tables, chain guard, roles and row-level security (migrations)
admin      init, users, assignments
pg         connections and their failures
chain      the authoritative chain: reading it, appending on its head, replaying desk entries
replay     which desk entries still apply on top of the server's head (pure rules)
blobs      the content-addressed blob store interface and its PostgreSQL implementation
desk       a data directory's connection: settings, the password in the keyring or a 0600 file
replica    the seam to the local store: applying court entries to the local SQLite tables
sync       checkout and sync: blobs first, then entries pushed, then entries pulled
localcluster  a private PostgreSQL cluster in a directory (tests, benchmarks, a trial)
figures    court-wide figures per judge (the CLI is workbench/cli/court.py)
"""
