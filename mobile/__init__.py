"""The phone app: Flet views over services, a durable TinyDB store and the sync engine."""
