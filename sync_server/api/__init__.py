"""The HTTP edge: one router per resource, all under /v1."""
