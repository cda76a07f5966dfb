"""The court store: one PostgreSQL database for the whole court, and every statement run on it.

pg          connections, their failures said plainly, the `Connection` the floors above hold
schema      the tables, the chain guard, roles and row-level security (named migrations)
admin       init, users, assignments; a user's login role and who a connection is
chain       the authoritative chain: reading it (logged), appending on its head, the access log
holdings    what a desk reads to decide what to sync, and the hold on a checked-out case
blobs       the content-addressed blob store interface and its PostgreSQL implementation
figures     court-wide figures per judge
localcluster  a private PostgreSQL cluster in a directory (tests, benchmarks, a trial)

It sits on the store floor: it imports nothing above `law`. What needs the case procedure or the
service (the replay rules, sync driving a Workbench, the desk's settings) is workbench/court/.
"""
