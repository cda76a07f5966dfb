"""The preservation queue (财产保全): matters from application to release, their rulings, the
measures executed and each measure's term (issue 13). `rules` holds what the law says;
`matters` works the queue through the service's write path and drafts the rulings."""
