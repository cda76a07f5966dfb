"""Court-wide: desks that connect to the court store and sync their replicas.

Every statement run on PostgreSQL lives on the store floor, in workbench/store/court/; this
package is the orchestration that needs the case procedure and the service:

replay     which desk entries still apply on top of the server's head (the procedure's rules)
desk       a data directory's connection: settings, the password in the keyring or a 0600 file
sync       connect, checkout, sync: blobs first, then entries pushed, then entries pulled, status
(the replica of a case on the desk is applied by workbench/service/replica.py)
"""
