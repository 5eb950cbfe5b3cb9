"""The pure domain of 双控巡检: rules as functions over immutable pydantic models.

Nothing here does I/O or reads a clock: times and ids are passed in, so the phone and the
server run the very same rules and fold the very same events to the same state.
Only pydantic and the standard library may be imported (``tests/test_architecture.py``).
"""
