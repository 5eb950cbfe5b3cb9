"""The sync server: FastAPI edge, merge service and storage (SQLite or PostgreSQL)."""
