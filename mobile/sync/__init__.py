"""The sync engine: outbox push, pull, photo upload, over an injected ``httpx.Client``."""
