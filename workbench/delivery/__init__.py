"""The service queue (送达): a task per recipient of each document to serve, its attempts by
method, the proof filed back and the effective date that starts the periods after it (issue 13).

`rules` holds what the law says; `queue` works the tasks through the service's write path;
`announcement` drafts the 公告. Tracking reads the effective dates from the stored tasks
(delivery_tasks.clock_kind / effective_on) and never imports this package.
"""
